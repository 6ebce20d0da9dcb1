package digest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"trawl/internal/storage"
)

// The names CloudTrail uses.
const (
	SignatureAlgorithm = "SHA256withRSA" // digestSignatureAlgorithm, x-amz-meta-signature-algorithm
	HashAlgorithm      = "SHA-256"       // hashAlgorithm, previousDigestHashAlgorithm
	// MetaSignature and MetaSignatureAlgorithm are the digest object's
	// user metadata (x-amz-meta-signature, x-amz-meta-signature-algorithm).
	MetaSignature          = "signature"
	MetaSignatureAlgorithm = "signature-algorithm"
)

const (
	timeFormat    = "2006-01-02T15:04:05Z" // times inside a digest
	keyTimeFormat = "20060102T150405Z"     // the end time in a digest's name
)

// LogFile is one delivered log file a digest lists.
type LogFile struct {
	Bucket string // "" = the digest's bucket
	Key    string
	// SHA256Hex is the hex SHA-256 of the log file's uncompressed content
	// (not of the stored gzip bytes); HashLogFile computes it from the
	// stored object.
	SHA256Hex                        string
	OldestEventTime, NewestEventTime time.Time
}

// Link identifies a written digest, for the next digest's previous*
// fields; the zero Link means there is no previous digest (a starting
// digest: delivery started, or restarted after a break).
type Link struct {
	Bucket, Key  string
	HashHex      string // SHA-256 of the digest's uncompressed JSON
	SignatureHex string
}

// Input is what one digest covers.
type Input struct {
	AccountID, Region, TrailName, TrailHomeRegion string
	Bucket, Prefix                                string // where the trail delivers (prefix may be "")
	Start, End                                    time.Time
	LogFiles                                      []LogFile
	Previous                                      Link
}

// file is a digest's JSON, the fields in CloudTrail's order.
type digestFile struct {
	AWSAccountID                string    `json:"awsAccountId"`
	DigestStartTime             string    `json:"digestStartTime"`
	DigestEndTime               string    `json:"digestEndTime"`
	DigestS3Bucket              string    `json:"digestS3Bucket"`
	DigestS3Object              string    `json:"digestS3Object"`
	DigestPublicKeyFingerprint  string    `json:"digestPublicKeyFingerprint"`
	DigestSignatureAlgorithm    string    `json:"digestSignatureAlgorithm"`
	NewestEventTime             *string   `json:"newestEventTime"`
	OldestEventTime             *string   `json:"oldestEventTime"`
	PreviousDigestS3Bucket      *string   `json:"previousDigestS3Bucket"`
	PreviousDigestS3Object      *string   `json:"previousDigestS3Object"`
	PreviousDigestHashValue     *string   `json:"previousDigestHashValue"`
	PreviousDigestHashAlgorithm *string   `json:"previousDigestHashAlgorithm"`
	PreviousDigestSignature     *string   `json:"previousDigestSignature"`
	LogFiles                    []logFile `json:"logFiles"`
}

type logFile struct {
	S3Bucket        string  `json:"s3Bucket"`
	S3Object        string  `json:"s3Object"`
	HashValue       string  `json:"hashValue"`
	HashAlgorithm   string  `json:"hashAlgorithm"`
	NewestEventTime *string `json:"newestEventTime"`
	OldestEventTime *string `json:"oldestEventTime"`
}

// requiredFields must be present (previousDigestSignature possibly null)
// for a digest to be validated, as the AWS CLI requires.
var requiredFields = []string{"digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object",
	"previousDigestSignature", "digestEndTime", "digestStartTime"}

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(timeFormat)
	return &s
}

func optString(s string) *string { return &s }

// base is "[prefix/]AWSLogs/<account>/".
func base(prefix, account string) string {
	p := "AWSLogs/" + account + "/"
	if prefix = strings.TrimSuffix(prefix, "/"); prefix != "" {
		p = prefix + "/" + p
	}
	return p
}

// Key returns the digest object's key:
// [prefix/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
// <account>_CloudTrail-Digest_<region>_<trail>_<home-region>_<YYYYMMDDTHHmmssZ>.json.gz
// for the digest's end time (UTC).
func Key(in Input) string {
	end := in.End.UTC()
	return fmt.Sprintf("%sCloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_%s_%s_%s.json.gz",
		base(in.Prefix, in.AccountID), in.Region, end.Format("2006/01/02"),
		in.AccountID, in.Region, in.TrailName, in.TrailHomeRegion, end.Format(keyTimeFormat))
}

// signingString is CloudTrail's data signing string.
func signingString(endTime, bucket, key, hashHex, previousSignature string) string {
	return endTime + "\n" + bucket + "/" + key + "\n" + hashHex + "\n" + previousSignature
}

func (in *Input) check() error {
	for _, f := range []struct{ name, v string }{{"account", in.AccountID}, {"region", in.Region},
		{"trail home region", in.TrailHomeRegion}} {
		if f.v == "" || strings.ContainsAny(f.v, "/_") {
			return fmt.Errorf("invalid digest %s %q", f.name, f.v)
		}
	}
	if in.TrailName == "" || strings.Contains(in.TrailName, "/") {
		return fmt.Errorf("invalid digest trail name %q", in.TrailName)
	}
	if in.Bucket == "" {
		return errors.New("digest without a bucket")
	}
	if in.Start.IsZero() || !in.End.After(in.Start) {
		return fmt.Errorf("invalid digest period %s to %s", in.Start.UTC().Format(timeFormat), in.End.UTC().Format(timeFormat))
	}
	p := in.Previous
	if p != (Link{}) && (p.Bucket == "" || p.Key == "" || p.HashHex == "" || p.SignatureHex == "") {
		return fmt.Errorf("incomplete previous digest link %+v", p)
	}
	for _, lf := range in.LogFiles {
		if lf.Key == "" || len(lf.SHA256Hex) != 2*sha256.Size {
			return fmt.Errorf("invalid log file %q in digest: need a key and a hex SHA-256", lf.Key)
		}
	}
	return nil
}

// render returns the digest's key and uncompressed JSON.
func render(k *KeyPair, in Input) (string, []byte, error) {
	key := Key(in)
	f := digestFile{
		AWSAccountID:               in.AccountID,
		DigestStartTime:            in.Start.UTC().Format(timeFormat),
		DigestEndTime:              in.End.UTC().Format(timeFormat),
		DigestS3Bucket:             in.Bucket,
		DigestS3Object:             key,
		DigestPublicKeyFingerprint: k.Fingerprint(),
		DigestSignatureAlgorithm:   SignatureAlgorithm,
		LogFiles:                   make([]logFile, 0, len(in.LogFiles)),
	}
	var oldest, newest time.Time
	for _, lf := range in.LogFiles {
		b := lf.Bucket
		if b == "" {
			b = in.Bucket
		}
		f.LogFiles = append(f.LogFiles, logFile{S3Bucket: b, S3Object: lf.Key, HashValue: strings.ToLower(lf.SHA256Hex),
			HashAlgorithm: HashAlgorithm, NewestEventTime: optTime(lf.NewestEventTime), OldestEventTime: optTime(lf.OldestEventTime)})
		if !lf.OldestEventTime.IsZero() && (oldest.IsZero() || lf.OldestEventTime.Before(oldest)) {
			oldest = lf.OldestEventTime
		}
		if lf.NewestEventTime.After(newest) {
			newest = lf.NewestEventTime
		}
	}
	f.NewestEventTime, f.OldestEventTime = optTime(newest), optTime(oldest)
	if p := in.Previous; p != (Link{}) {
		f.PreviousDigestS3Bucket = optString(p.Bucket)
		f.PreviousDigestS3Object = optString(p.Key)
		f.PreviousDigestHashValue = optString(p.HashHex)
		f.PreviousDigestHashAlgorithm = optString(HashAlgorithm)
		f.PreviousDigestSignature = optString(p.SignatureHex)
	}
	raw, err := json.Marshal(f)
	return key, raw, err
}

// Write stores the digest in as gzipped JSON at Key(in) in in.Bucket, with
// its signature in the object's metadata ("signature",
// "signature-algorithm"), and returns its link for the next digest.
func Write(ctx context.Context, st storage.MetadataStore, k *KeyPair, in Input) (Link, error) {
	if err := in.check(); err != nil {
		return Link{}, err
	}
	key, raw, err := render(k, in)
	if err != nil {
		return Link{}, err
	}
	sum := sha256.Sum256(raw)
	hashHex := hex.EncodeToString(sum[:])
	prev := "null" // a starting digest, as CloudTrail's Java implementation writes it
	if in.Previous != (Link{}) {
		prev = in.Previous.SignatureHex
	}
	sig, err := k.sign(signingString(in.End.UTC().Format(timeFormat), in.Bucket, key, hashHex, prev))
	if err != nil {
		return Link{}, fmt.Errorf("cannot sign digest s3://%s/%s: %w", in.Bucket, key, err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return Link{}, err
	}
	sigHex := hex.EncodeToString(sig)
	meta := map[string]string{MetaSignature: sigHex, MetaSignatureAlgorithm: SignatureAlgorithm}
	if err := st.PutWithMetadata(ctx, in.Bucket, key, &gz, meta); err != nil {
		return Link{}, fmt.Errorf("cannot write digest: %w", err)
	}
	return Link{Bucket: in.Bucket, Key: key, HashHex: hashHex, SignatureHex: sigHex}, nil
}

// HashLogFile returns the hex SHA-256 of a gzipped log file's uncompressed
// content, the hash a digest records for it.
func HashLogFile(r io.Reader) (string, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, zr); err != nil {
		return "", err
	}
	if err := zr.Close(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// errFormat marks a digest that cannot be read as one.
var errFormat = errors.New("invalid format")
