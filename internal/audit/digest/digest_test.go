package digest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

const (
	acct   = "123456789012"
	region = "us-east-1"
	trail  = "audit"
	bkt    = "trail-bucket"
	prefix = "trawl"
)

var (
	t0       = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	testKey  = sync.OnceValues(GenerateKey)
	otherKey = sync.OnceValues(GenerateKey)
)

func key(t *testing.T, f func() (*KeyPair, error)) *KeyPair {
	t.Helper()
	k, err := f()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sha(s []byte) string {
	sum := sha256.Sum256(s)
	return hex.EncodeToString(sum[:])
}

// fixture is a trail of three hourly digests (10:00-13:00 on 2026-03-01)
// over 4, 3 and 3 real gzipped log files in a file store.
type fixture struct {
	st      *file.Store
	root    string
	k       *KeyPair
	inputs  []Input
	digests []string   // keys, oldest first
	logs    [][]string // log keys per digest
	links   []Link
}

func logKey(region string, delivered time.Time, n int) string {
	return fmt.Sprintf("%s/AWSLogs/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%016d.json.gz", prefix, acct, region,
		delivered.Format("2006/01/02"), acct, region, delivered.Format("20060102T1504Z"), n)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{st: file.New(root), root: root, k: key(t, testKey)}
	f.chain(t, region, []int{4, 3, 3}, nil)
	return f
}

// chain writes len(counts) digests for a region; restart[i] makes digest i
// a starting digest.
func (f *fixture) chain(t *testing.T, region string, counts []int, restart map[int]bool) {
	t.Helper()
	ctx := context.Background()
	var prev Link
	for i, n := range counts {
		start := t0.Add(time.Duration(i) * time.Hour)
		var lfs []LogFile
		var keys []string
		for j := 0; j < n; j++ {
			delivered := start.Add(time.Duration(5+10*j) * time.Minute)
			k := logKey(region, delivered, i*10+j)
			content := fmt.Sprintf(`{"Records":[{"eventVersion":"1.08","eventTime":"%s","eventName":"Event%d%d","awsRegion":"%s"}]}`,
				delivered.Add(-time.Minute).Format(timeFormat), i, j, region)
			if err := f.st.Put(ctx, bkt, k, bytes.NewReader(gz(t, content))); err != nil {
				t.Fatal(err)
			}
			lfs = append(lfs, LogFile{Key: k, SHA256Hex: sha([]byte(content)),
				OldestEventTime: delivered.Add(-time.Minute), NewestEventTime: delivered.Add(-time.Minute)})
			keys = append(keys, k)
		}
		if restart[i] {
			prev = Link{}
		}
		in := Input{AccountID: acct, Region: region, TrailName: trail, TrailHomeRegion: "us-east-1",
			Bucket: bkt, Prefix: prefix, Start: start, End: start.Add(time.Hour), LogFiles: lfs, Previous: prev}
		link, err := Write(ctx, f.st, f.k, in)
		if err != nil {
			t.Fatal(err)
		}
		if link.Key != Key(in) || link.Bucket != bkt {
			t.Fatalf("link %+v, key %s", link, Key(in))
		}
		prev = link
		f.inputs = append(f.inputs, in)
		f.digests = append(f.digests, link.Key)
		f.logs = append(f.logs, keys)
		f.links = append(f.links, link)
	}
}

func (f *fixture) options() Options {
	return Options{Bucket: bkt, Prefix: prefix, AccountID: acct, TrailName: trail, TrailHomeRegion: "us-east-1",
		Start: t0, End: t0.Add(3 * time.Hour), Keys: []PublicKey{f.k.Public()}}
}

func (f *fixture) validate(t *testing.T, o Options) (*Report, string) {
	t.Helper()
	r, err := Validate(context.Background(), f.st, o)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	return r, b.String()
}

func url(key string) string { return "s3://" + bkt + "/" + key }

func (f *fixture) read(t *testing.T, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.root, bkt, filepath.FromSlash(key)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fixture) meta(t *testing.T, key string) map[string]string {
	t.Helper()
	_, m, err := f.st.Head(context.Background(), bkt, key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// only returns the one result for key, failing when there is not exactly one.
func only(t *testing.T, r *Report, key string) FileResult {
	t.Helper()
	var out []FileResult
	for _, fr := range r.Files {
		if fr.Key == key {
			out = append(out, fr)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d results for %s, want 1: %+v", len(out), key, r.Files)
	}
	return out[0]
}

// expectOnly checks that the files in bad have the given outcome and every
// other result is valid.
func expectOnly(t *testing.T, r *Report, bad map[string]FileResult) {
	t.Helper()
	if r.OK() {
		t.Error("OK() = true")
	}
	for _, fr := range r.Files {
		want, ok := bad[fr.Key]
		if !ok {
			if fr.Status != Valid {
				t.Errorf("%s: %s (%s), want valid", fr.URL(), fr.Status, fr.Reason)
			}
			continue
		}
		if fr.Status != want.Status || fr.Reason != want.Reason || fr.Ref != want.Ref || fr.Kind != want.Kind {
			t.Errorf("%s: got %v %s %q ref %q, want %v %s %q ref %q", fr.URL(), fr.Kind, fr.Status, fr.Reason, fr.Ref,
				want.Kind, want.Status, want.Reason, want.Ref)
		}
		delete(bad, fr.Key)
	}
	for k := range bad {
		t.Errorf("no result for %s", k)
	}
}

func summary(out string) string {
	return out[strings.Index(out, "Results requested"):]
}

func TestValidateChain(t *testing.T) {
	f := newFixture(t)
	r, out := f.validate(t, f.options())
	if !r.OK() || r.ValidDigests != 3 || r.ValidLogFiles != 10 || r.InvalidDigests+r.InvalidLogFiles != 0 {
		t.Fatalf("report not OK:\n%s", out)
	}
	var want strings.Builder
	want.WriteString("Validating log files for trail arn:aws:cloudtrail:us-east-1:123456789012:trail/audit between 2026-03-01T10:00:00Z and 2026-03-01T13:00:00Z\n\n")
	for i := 2; i >= 0; i-- {
		fmt.Fprintf(&want, "Digest file\t%s\tvalid\n", url(f.digests[i]))
		for _, l := range f.logs[i] {
			fmt.Fprintf(&want, "Log file\t%s\tvalid\n", url(l))
		}
	}
	want.WriteString("\nResults requested for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z\n" +
		"Results found for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z:\n\n" +
		"3/3 digest files valid\n10/10 log files valid\n")
	if out != want.String() {
		t.Errorf("report:\n%s\nwant:\n%s", out, want.String())
	}
	if d := r.Digests(); len(d) != 3 || d[0].Ref != "" || d[1].Ref != url(f.digests[2]) || d[2].Ref != url(f.digests[1]) {
		t.Errorf("digest refs: %+v", d)
	}
	if l := r.LogFiles(); len(l) != 10 || l[0].Ref != url(f.digests[2]) {
		t.Errorf("log results: %+v", l)
	}
	if len(r.ChainBreaks()) != 0 || len(r.Gaps) != 0 || len(r.Unreferenced) != 0 {
		t.Errorf("breaks %v, gaps %v, unreferenced %v", r.ChainBreaks(), r.Gaps, r.Unreferenced)
	}
	wantKey := "trawl/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/03/01/" +
		"123456789012_CloudTrail-Digest_us-east-1_audit_us-east-1_20260301T110000Z.json.gz"
	if f.digests[0] != wantKey {
		t.Errorf("digest key %s, want %s", f.digests[0], wantKey)
	}
}

func TestLogFileModified(t *testing.T) {
	f := newFixture(t)
	victim := f.logs[1][0]
	// Another well-formed log file under the same key.
	forged := `{"Records":[{"eventVersion":"1.08","eventTime":"2026-03-01T11:04:00Z","eventName":"Innocent"}]}`
	if err := f.st.Put(context.Background(), bkt, victim, bytes.NewReader(gz(t, forged))); err != nil {
		t.Fatal(err)
	}
	r, out := f.validate(t, f.options())
	expectOnly(t, r, map[string]FileResult{victim: {Kind: KindLog, Status: Modified, Reason: "hash value doesn't match", Ref: url(f.digests[1])}})
	if !strings.Contains(out, "Log file\t"+url(victim)+"\tINVALID: hash value doesn't match\n") {
		t.Errorf("report lacks the invalid line:\n%s", out)
	}
	if got, want := summary(out), "Results requested for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z\n"+
		"Results found for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z:\n\n"+
		"3/3 digest files valid\n9/10 log files valid, 1/10 log files INVALID\n"; got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

func TestLogFileCorrupted(t *testing.T) {
	f := newFixture(t)
	victim := f.logs[0][2]
	b := f.read(t, victim)
	b[len(b)/2] ^= 0xff
	if err := f.st.Put(context.Background(), bkt, victim, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	r, _ := f.validate(t, f.options())
	expectOnly(t, r, map[string]FileResult{victim: {Kind: KindLog, Status: Modified, Reason: "invalid format", Ref: url(f.digests[0])}})
}

func TestLogFileDeleted(t *testing.T) {
	f := newFixture(t)
	victim := f.logs[2][1]
	if err := f.st.Delete(context.Background(), bkt, victim); err != nil {
		t.Fatal(err)
	}
	r, out := f.validate(t, f.options())
	expectOnly(t, r, map[string]FileResult{victim: {Kind: KindLog, Status: Deleted, Reason: "not found", Ref: url(f.digests[2])}})
	if !strings.Contains(out, "Log file\t"+url(victim)+"\tINVALID: not found\n") {
		t.Errorf("report lacks the invalid line:\n%s", out)
	}
}

func TestDigestDeleted(t *testing.T) {
	f := newFixture(t)
	victim := f.digests[1]
	if err := f.st.Delete(context.Background(), bkt, victim); err != nil {
		t.Fatal(err)
	}
	r, out := f.validate(t, f.options())
	want := FileResult{Kind: KindDigest, Status: Deleted, Ref: url(f.digests[2]),
		Reason: "not found (the previous digest named by " + url(f.digests[2]) + ")"}
	expectOnly(t, r, map[string]FileResult{victim: want})
	if b := r.ChainBreaks(); len(b) != 1 || b[0].Key != victim || b[0].Ref != url(f.digests[2]) {
		t.Errorf("chain breaks %+v", b)
	}
	// The walk resumes at the oldest digest; the deleted digest's log
	// files cannot be checked.
	if r.ValidDigests != 2 || r.ValidLogFiles != 7 {
		t.Errorf("valid digests %d, log files %d:\n%s", r.ValidDigests, r.ValidLogFiles, out)
	}
	var lines strings.Builder
	lines.WriteString("Validating log files for trail arn:aws:cloudtrail:us-east-1:123456789012:trail/audit between 2026-03-01T10:00:00Z and 2026-03-01T13:00:00Z\n\n")
	fmt.Fprintf(&lines, "Digest file\t%s\tvalid\n", url(f.digests[2]))
	for _, l := range f.logs[2] {
		fmt.Fprintf(&lines, "Log file\t%s\tvalid\n", url(l))
	}
	fmt.Fprintf(&lines, "Digest file\t%s\tINVALID: not found (the previous digest named by %s)\n", url(victim), url(f.digests[2]))
	fmt.Fprintf(&lines, "Digest file\t%s\tvalid\n", url(f.digests[0]))
	for _, l := range f.logs[0] {
		fmt.Fprintf(&lines, "Log file\t%s\tvalid\n", url(l))
	}
	lines.WriteString("\nResults requested for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z\n" +
		"Results found for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z:\n\n" +
		"2/3 digest files valid, 1/3 digest files INVALID\n7/7 log files valid\n")
	if out != lines.String() {
		t.Errorf("report:\n%s\nwant:\n%s", out, lines.String())
	}
}

// rewrite replaces a digest's JSON (keeping its metadata, as someone with
// write access to the bucket can).
func (f *fixture) rewrite(t *testing.T, key string, edit func(map[string]any)) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(gunzip(t, f.read(t, key)), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutWithMetadata(context.Background(), bkt, key, bytes.NewReader(gz(t, string(raw))), f.meta(t, key)); err != nil {
		t.Fatal(err)
	}
}

// hideLog drops a digest's first log file from its list.
func hideLog(m map[string]any) { m["logFiles"] = m["logFiles"].([]any)[1:] }

func TestDigestContentModified(t *testing.T) {
	t.Run("middle", func(t *testing.T) {
		f := newFixture(t)
		f.rewrite(t, f.digests[1], hideLog)
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[1]: {Kind: KindDigest, Status: Modified, Ref: url(f.digests[2]),
			Reason: "hash value doesn't match the previousDigestHashValue of " + url(f.digests[2])}})
		if r.ValidDigests != 2 || r.ValidLogFiles != 7 {
			t.Errorf("valid digests %d, log files %d", r.ValidDigests, r.ValidLogFiles)
		}
	})
	t.Run("newest", func(t *testing.T) {
		f := newFixture(t)
		f.rewrite(t, f.digests[2], func(m map[string]any) {
			m["logFiles"].([]any)[0].(map[string]any)["hashValue"] = strings.Repeat("0", 64)
		})
		r, out := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[2]: {Kind: KindDigest, Status: Modified, Reason: "signature verification failed"}})
		if !strings.Contains(out, "Digest file\t"+url(f.digests[2])+"\tINVALID: signature verification failed\n") {
			t.Errorf("report:\n%s", out)
		}
	})
	t.Run("not gzip", func(t *testing.T) {
		f := newFixture(t)
		if err := f.st.PutWithMetadata(context.Background(), bkt, f.digests[2], strings.NewReader("{}"), f.meta(t, f.digests[2])); err != nil {
			t.Fatal(err)
		}
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[2]: {Kind: KindDigest, Status: Modified, Reason: "invalid format"}})
	})
	t.Run("moved", func(t *testing.T) {
		// The older digest copied over the newer one's key, signature and all.
		f := newFixture(t)
		if err := f.st.PutWithMetadata(context.Background(), bkt, f.digests[2], bytes.NewReader(f.read(t, f.digests[1])), f.meta(t, f.digests[1])); err != nil {
			t.Fatal(err)
		}
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[2]: {Kind: KindDigest, Status: Modified, Reason: "has been moved from its original location"}})
	})
}

func TestDigestSignatureModified(t *testing.T) {
	flip := func(s string) string {
		b := []byte(s)
		if b[10] == '0' {
			b[10] = '1'
		} else {
			b[10] = '0'
		}
		return string(b)
	}
	setSig := func(t *testing.T, f *fixture, key string, meta map[string]string) {
		t.Helper()
		if err := f.st.PutWithMetadata(context.Background(), bkt, key, bytes.NewReader(f.read(t, key)), meta); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("middle", func(t *testing.T) {
		f := newFixture(t)
		m := f.meta(t, f.digests[1])
		m[MetaSignature] = flip(m[MetaSignature])
		setSig(t, f, f.digests[1], m)
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[1]: {Kind: KindDigest, Status: Modified, Ref: url(f.digests[2]),
			Reason: "signature doesn't match the previousDigestSignature of " + url(f.digests[2])}})
	})
	t.Run("newest", func(t *testing.T) {
		f := newFixture(t)
		m := f.meta(t, f.digests[2])
		m[MetaSignature] = flip(m[MetaSignature])
		setSig(t, f, f.digests[2], m)
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[2]: {Kind: KindDigest, Status: Modified, Reason: "signature verification failed"}})
	})
	t.Run("removed", func(t *testing.T) {
		f := newFixture(t)
		setSig(t, f, f.digests[2], nil)
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{f.digests[2]: {Kind: KindDigest, Status: Modified,
			Reason: "signature verification failed (no signature metadata)"}})
	})
}

func TestWrongKey(t *testing.T) {
	t.Run("unknown fingerprint", func(t *testing.T) {
		f := newFixture(t)
		o := f.options()
		o.Keys = []PublicKey{key(t, otherKey).Public()}
		r, out := f.validate(t, o)
		reason := "public key not found in region us-east-1 for fingerprint " + f.k.Fingerprint()
		want := map[string]FileResult{}
		for _, d := range f.digests {
			want[d] = FileResult{Kind: KindDigest, Status: Unverified, Reason: reason}
		}
		expectOnly(t, r, want)
		if got, want := summary(out), "Results requested for 2026-03-01T10:00:00Z to 2026-03-01T13:00:00Z\n"+
			"No valid digests found in range\n\n0/3 digest files valid, 3/3 digest files INVALID\n"; got != want {
			t.Errorf("summary:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("signed by another key", func(t *testing.T) {
		// A digest re-signed with another key that claims the trail's
		// key's fingerprint.
		f := newFixture(t)
		other := key(t, otherKey)
		in := f.inputs[2]
		k, raw, err := render(other, in)
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.Replace(raw, []byte(other.Fingerprint()), []byte(f.k.Fingerprint()), 1)
		sig, err := other.sign(signingString(in.End.Format(timeFormat), bkt, k, sha(raw), in.Previous.SignatureHex))
		if err != nil {
			t.Fatal(err)
		}
		meta := map[string]string{MetaSignature: hex.EncodeToString(sig), MetaSignatureAlgorithm: SignatureAlgorithm}
		if err := f.st.PutWithMetadata(context.Background(), bkt, k, bytes.NewReader(gz(t, string(raw))), meta); err != nil {
			t.Fatal(err)
		}
		r, _ := f.validate(t, f.options())
		expectOnly(t, r, map[string]FileResult{k: {Kind: KindDigest, Status: Modified, Reason: "signature verification failed"}})
	})
}

// The digest is CloudTrail's: its fields are the documented ones, and its
// signature verifies with plain crypto/rsa over the data signing string of
// "Custom implementations of CloudTrail log file integrity validation":
// digestEndTime \n bucket/key \n hex(sha256(uncompressed digest)) \n
// previous signature ("null" for a starting digest).
func TestSignatureIsCloudTrails(t *testing.T) {
	f := newFixture(t)
	pub, err := x509.ParsePKCS1PublicKey(f.k.PublicKeyDER())
	if err != nil {
		t.Fatalf("public key is not PKCS #1 DER: %v", err)
	}
	for i, key := range f.digests {
		raw := gunzip(t, f.read(t, key))
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		var names []string
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		want := []string{"awsAccountId", "digestEndTime", "digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object",
			"digestSignatureAlgorithm", "digestStartTime", "logFiles", "newestEventTime", "oldestEventTime",
			"previousDigestHashAlgorithm", "previousDigestHashValue", "previousDigestS3Bucket", "previousDigestS3Object",
			"previousDigestSignature"}
		if !reflect.DeepEqual(names, want) {
			t.Fatalf("fields %v, want %v", names, want)
		}
		lf := m["logFiles"].([]any)[0].(map[string]any)
		var lnames []string
		for n := range lf {
			lnames = append(lnames, n)
		}
		sort.Strings(lnames)
		if want := []string{"hashAlgorithm", "hashValue", "newestEventTime", "oldestEventTime", "s3Bucket", "s3Object"}; !reflect.DeepEqual(lnames, want) {
			t.Fatalf("log file fields %v, want %v", lnames, want)
		}
		// A log file's hash is of its uncompressed content.
		if got, want := lf["hashValue"], sha(gunzip(t, f.read(t, f.logs[i][0]))); got != want || lf["hashAlgorithm"] != "SHA-256" {
			t.Errorf("log hash %v (%v), want %s (SHA-256)", got, lf["hashAlgorithm"], want)
		}
		if m["digestS3Bucket"] != bkt || m["digestS3Object"] != key || m["awsAccountId"] != acct ||
			m["digestSignatureAlgorithm"] != "SHA256withRSA" || m["digestPublicKeyFingerprint"] != f.k.Fingerprint() ||
			m["digestEndTime"] != t0.Add(time.Duration(i+1)*time.Hour).Format("2006-01-02T15:04:05Z") {
			t.Errorf("digest %d fields: %v", i, m)
		}
		prev := "null"
		if i == 0 {
			for _, n := range []string{"previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue",
				"previousDigestHashAlgorithm", "previousDigestSignature"} {
				if m[n] != nil {
					t.Errorf("starting digest has %s = %v, want null", n, m[n])
				}
			}
		} else {
			prev = m["previousDigestSignature"].(string)
			if prev != f.meta(t, f.digests[i-1])["signature"] || m["previousDigestS3Object"] != f.digests[i-1] ||
				m["previousDigestHashValue"] != sha(gunzip(t, f.read(t, f.digests[i-1]))) || m["previousDigestHashAlgorithm"] != "SHA-256" {
				t.Errorf("digest %d does not chain to its predecessor: %v", i, m)
			}
		}
		meta := f.meta(t, key)
		if meta["signature-algorithm"] != "SHA256withRSA" {
			t.Errorf("signature-algorithm = %q", meta["signature-algorithm"])
		}
		sig, err := hex.DecodeString(meta["signature"])
		if err != nil {
			t.Fatal(err)
		}
		s := m["digestEndTime"].(string) + "\n" + m["digestS3Bucket"].(string) + "/" + m["digestS3Object"].(string) + "\n" +
			sha(raw) + "\n" + prev
		sum := sha256.Sum256([]byte(s))
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
			t.Errorf("digest %d: signature does not verify over the documented signing string: %v", i, err)
		}
	}
}

// The fingerprint is the MD5 of the PKCS #1 DER, as the public key and
// fingerprint AWS publishes in its list-public-keys example show.
func TestFingerprintOfAWSExample(t *testing.T) {
	der, err := base64.StdEncoding.DecodeString("MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x509.ParsePKCS1PublicKey(der); err != nil {
		t.Fatalf("AWS's example is not PKCS #1: %v", err)
	}
	if got := Fingerprint(der); got != "7f3f401420072e50a65a141430817ab3" {
		t.Errorf("Fingerprint = %s, want AWS's 7f3f401420072e50a65a141430817ab3", got)
	}
	k := key(t, testKey)
	if k.Fingerprint() != Fingerprint(k.PublicKeyDER()) || k.Public().Fingerprint != k.Fingerprint() ||
		!bytes.Equal(k.Public().DER, k.PublicKeyDER()) {
		t.Error("key pair fingerprint is not that of its DER")
	}
}

func TestKey(t *testing.T) {
	in := Input{AccountID: "111122223333", Region: "us-east-2", TrailName: "your-trail-name", TrailHomeRegion: "us-east-1",
		End: time.Date(2015, 8, 17, 15, 1, 31, 0, time.UTC)}
	want := "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-1_20150817T150131Z.json.gz"
	if got := Key(in); got != want {
		t.Errorf("Key = %s\nwant  %s", got, want)
	}
	in.Prefix = "p/q/"
	if got := Key(in); got != "p/q/"+want {
		t.Errorf("Key with prefix = %s", got)
	}
	in.End = time.Date(2015, 8, 17, 17, 1, 31, 0, time.FixedZone("", 2*3600))
	if got := Key(in); got != "p/q/"+want {
		t.Errorf("Key with a non-UTC end = %s", got)
	}
}

func TestWriteRejects(t *testing.T) {
	st := file.New(t.TempDir())
	k := key(t, testKey)
	good := Input{AccountID: acct, Region: region, TrailName: trail, TrailHomeRegion: region, Bucket: bkt, Start: t0, End: t0.Add(time.Hour)}
	if _, err := Write(context.Background(), st, k, good); err != nil {
		t.Fatalf("empty digest: %v", err)
	}
	for name, edit := range map[string]func(*Input){
		"no bucket":       func(in *Input) { in.Bucket = "" },
		"region with _":   func(in *Input) { in.Region = "us_east" },
		"end before":      func(in *Input) { in.End = in.Start },
		"partial link":    func(in *Input) { in.Previous = Link{Key: "k"} },
		"log without sha": func(in *Input) { in.LogFiles = []LogFile{{Key: "k"}} },
	} {
		in := good
		edit(&in)
		if _, err := Write(context.Background(), st, k, in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// An empty digest has null event times and an empty list.
	var m map[string]any
	b, _ := os.ReadFile(filepath.Join(st.Root, bkt, filepath.FromSlash(Key(good))))
	if err := json.Unmarshal(gunzip(t, b), &m); err != nil {
		t.Fatal(err)
	}
	if m["newestEventTime"] != nil || m["oldestEventTime"] != nil || len(m["logFiles"].([]any)) != 0 {
		t.Errorf("empty digest: %v", m)
	}
}

func TestGapAndRange(t *testing.T) {
	root := t.TempDir()
	f := &fixture{st: file.New(root), root: root, k: key(t, testKey)}
	f.chain(t, region, []int{1, 1, 1}, map[int]bool{1: true}) // the second digest starts a new chain
	r, out := f.validate(t, f.options())
	if !r.OK() || r.ValidDigests != 3 {
		t.Fatalf("not OK:\n%s", out)
	}
	if len(r.Gaps) != 1 || !r.Gaps[0].From.Equal(t0.Add(time.Hour)) || !r.Gaps[0].To.Equal(t0.Add(time.Hour)) {
		t.Errorf("gaps %+v", r.Gaps)
	}
	if !strings.Contains(out, "Digest file\t"+url(f.digests[1])+"\tvalid\nLog file\t"+url(f.logs[1][0])+"\tvalid\n"+
		"No log files were delivered by CloudTrail between 2026-03-01T11:00:00Z and 2026-03-01T11:00:00Z\n"+
		"Digest file\t"+url(f.digests[0])+"\tvalid\n") {
		t.Errorf("report:\n%s", out)
	}

	// From 11:30 on: the newest digest and the one covering 11:30; the walk
	// stops there.
	o := f.options()
	o.Start = t0.Add(90 * time.Minute)
	r, out = f.validate(t, o)
	if !r.OK() || r.ValidDigests != 2 || r.Digests()[1].Key != f.digests[1] {
		t.Errorf("from 11:30:\n%s", out)
	}
	if !strings.Contains(out, "Results found for 2026-03-01T11:30:00Z to 2026-03-01T13:00:00Z:") {
		t.Errorf("found range:\n%s", out)
	}
	// Nothing in range.
	o.Start, o.End = t0.Add(-48*time.Hour), t0.Add(-47*time.Hour)
	r, out = f.validate(t, o)
	if r.OK() || len(r.Files) != 0 || !strings.HasSuffix(out, "No digests found\n") {
		t.Errorf("empty range: OK %v\n%s", r.OK(), out)
	}
}

func TestUnreferenced(t *testing.T) {
	f := newFixture(t)
	extra := logKey(region, t0.Add(75*time.Minute), 99)
	if err := f.st.Put(context.Background(), bkt, extra, bytes.NewReader(gz(t, `{"Records":[]}`))); err != nil {
		t.Fatal(err)
	}
	r, out := f.validate(t, f.options())
	if !r.OK() {
		t.Errorf("an unlisted log file makes the report fail:\n%s", out)
	}
	if !reflect.DeepEqual(r.Unreferenced, []string{url(extra)}) {
		t.Errorf("Unreferenced = %v", r.Unreferenced)
	}
	if !strings.Contains(out, "Log file\t"+url(extra)+"\tnot listed in any digest (not validated)\n") {
		t.Errorf("report:\n%s", out)
	}
}

func TestRegions(t *testing.T) {
	f := newFixture(t)
	n := len(f.digests)
	f.chain(t, "eu-west-1", []int{2, 2}, nil)
	eu := f.digests[n:]
	r, out := f.validate(t, f.options())
	if !r.OK() || r.ValidDigests != 5 || r.ValidLogFiles != 14 {
		t.Errorf("all regions:\n%s", out)
	}
	// Regions in name order, each newest first.
	if d := r.Digests(); d[0].Key != eu[1] || d[0].Region != "eu-west-1" || d[2].Key != f.digests[2] || d[2].Region != region {
		t.Errorf("order: %+v", d)
	}
	o := f.options()
	o.Regions = []string{"eu-west-1"}
	r, out = f.validate(t, o)
	if !r.OK() || r.ValidDigests != 2 || r.ValidLogFiles != 4 {
		t.Errorf("eu-west-1 only:\n%s", out)
	}
	// Deleting the older eu-west-1 digest breaks only that region's chain.
	if err := f.st.Delete(context.Background(), bkt, eu[0]); err != nil {
		t.Fatal(err)
	}
	r, _ = f.validate(t, f.options())
	if b := r.ChainBreaks(); len(b) != 1 || b[0].Key != eu[0] || b[0].Status != Deleted || b[0].Region != "eu-west-1" {
		t.Errorf("breaks: %+v", b)
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "digest.pem")
	var wg sync.WaitGroup
	keys := make([]*KeyPair, 4)
	errs := make([]error, 4)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], errs[i] = LoadOrCreateKey(path)
		}()
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if keys[i].Fingerprint() != keys[0].Fingerprint() {
			t.Errorf("racing creators got different keys")
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".trawl-key-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	again, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != keys[0].Fingerprint() || !again.Public().ValidFrom.Equal(info.ModTime().UTC()) {
		t.Errorf("reload: %s from %v", again.Fingerprint(), again.Public().ValidFrom)
	}
	if pub, err := x509.ParsePKCS1PublicKey(again.PublicKeyDER()); err != nil || pub.N.BitLen() != 2048 {
		t.Errorf("public key: %v", err)
	}

	// A PKCS #8 key file is accepted; a short key and garbage are not.
	dir := t.TempDir()
	p8, err := x509.MarshalPKCS8PrivateKey(again.priv)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "p8.pem"), "PRIVATE KEY", p8)
	if k, err := LoadOrCreateKey(filepath.Join(dir, "p8.pem")); err != nil || k.Fingerprint() != again.Fingerprint() {
		t.Errorf("PKCS #8: %v", err)
	}
	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "short.pem"), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(short))
	if _, err := LoadOrCreateKey(filepath.Join(dir, "short.pem")); err == nil {
		t.Error("1024-bit key accepted")
	}
	os.WriteFile(filepath.Join(dir, "junk.pem"), []byte("junk"), 0o600)
	if _, err := LoadOrCreateKey(filepath.Join(dir, "junk.pem")); err == nil {
		t.Error("junk accepted")
	}
}

func TestListPublicKeys(t *testing.T) {
	now := t0.Add(100 * time.Hour)
	old := PublicKey{Fingerprint: "old", ValidFrom: t0, ValidTo: t0.Add(24 * time.Hour)}
	cur := PublicKey{Fingerprint: "cur", ValidFrom: t0.Add(24 * time.Hour)}
	names := func(ks []PublicKey) (out []string) {
		for _, k := range ks {
			out = append(out, k.Fingerprint)
		}
		return out
	}
	all := []PublicKey{old, cur}
	for _, c := range []struct {
		start, end time.Time
		want       []string
	}{
		{time.Time{}, time.Time{}, []string{"cur"}},
		{t0, t0.Add(time.Hour), []string{"old"}},
		{t0, time.Time{}, []string{"old", "cur"}},
		{t0.Add(-48 * time.Hour), t0.Add(-time.Hour), nil},
	} {
		if got := names(ListPublicKeys(all, c.start, c.end, now)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ListPublicKeys(%v, %v) = %v, want %v", c.start, c.end, got, c.want)
		}
	}
}

func TestHashLogFile(t *testing.T) {
	content := `{"Records":[]}`
	h, err := HashLogFile(bytes.NewReader(gz(t, content)))
	if err != nil || h != sha([]byte(content)) {
		t.Errorf("HashLogFile = %s, %v", h, err)
	}
	if _, err := HashLogFile(strings.NewReader(content)); err == nil {
		t.Error("plain text hashed as a log file")
	}
}

func TestValidateOptions(t *testing.T) {
	f := newFixture(t)
	o := f.options()
	o.Keys = nil
	if _, err := Validate(context.Background(), f.st, o); err == nil {
		t.Error("no keys accepted")
	}
	o = f.options()
	o.Start, o.End = o.End, o.Start
	if _, err := Validate(context.Background(), f.st, o); err == nil {
		t.Error("start after end accepted")
	}
	o = f.options()
	o.Bucket = "missing-bucket"
	if _, err := Validate(context.Background(), f.st, o); err == nil {
		t.Error("missing bucket accepted")
	}
	var _ storage.MetadataStore = f.st
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
