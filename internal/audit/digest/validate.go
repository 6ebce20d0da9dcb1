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
	"sort"
	"strings"
	"time"

	"trawl/internal/storage"
)

// Options says which trail's files to validate, as validate-logs' flags.
type Options struct {
	Bucket, Prefix                        string // where the trail delivers (prefix may be "")
	AccountID, TrailName, TrailHomeRegion string
	Regions                               []string // source regions; nil = every region with digests
	// Start and End bound the digests' delivery times; a zero End is now.
	// Digests ending from Start to an hour after End are read, as the AWS
	// CLI reads them, and the walk stops at the first valid digest that
	// starts before Start.
	Start, End time.Time
	// Keys are the public keys to verify with, as ListPublicKeys returns
	// them for the period; a digest is verified with the key its
	// digestPublicKeyFingerprint names.
	Keys []PublicKey
}

// Kind tells digest files from log files in a Report.
type Kind int

const (
	KindDigest Kind = iota
	KindLog
)

func (k Kind) String() string {
	if k == KindDigest {
		return "Digest file"
	}
	return "Log file"
}

// Status is the outcome for one file.
type Status int

const (
	Valid Status = iota
	// Modified: the bytes (or, for a digest, its signature metadata or
	// location) are not what was signed or hashed.
	Modified
	// Deleted: a digest names the file but it is missing.
	Deleted
	// Unverified: the digest cannot be checked (no public key has its
	// fingerprint, or an unknown algorithm).
	Unverified
)

func (s Status) String() string {
	switch s {
	case Valid:
		return "valid"
	case Modified:
		return "modified"
	case Deleted:
		return "deleted"
	}
	return "unverified"
}

// FileResult is the outcome for one digest or log file.
type FileResult struct {
	Kind        Kind
	Region      string
	Bucket, Key string
	Status      Status
	// Reason says why the file is not valid, in validate-logs' words
	// ("hash value doesn't match", "not found", "signature verification
	// failed", ...).
	Reason string
	// Ref is, for a log file, the s3:// URL of the digest that lists it;
	// for a digest reached through a later digest's previousDigestS3Object,
	// that later digest's URL ("" when the digest was found by listing:
	// the newest one, or the one the walk resumed at after a break).
	Ref string
}

// URL returns the file's s3:// URL.
func (f FileResult) URL() string { return "s3://" + f.Bucket + "/" + f.Key }

// Gap is a break in a region's chain that is no tampering: a starting
// digest (no previous digest; logging or validation was off) with an
// older digest before it.
type Gap struct {
	Region   string
	From, To time.Time // the older digest's end, the starting digest's start
}

// Report is the outcome of Validate.
type Report struct {
	Trail                string    // the trail's ARN
	Start, End           time.Time // requested
	FoundStart, FoundEnd time.Time // covered by valid digests (zero when none)
	Files                []FileResult
	Gaps                 []Gap
	// Unreferenced lists log files (s3:// URLs) in the trail's log folders
	// whose names date them within the period of one of a region's valid
	// digests but that no digest read lists. CloudTrail's validator does
	// not look for these; here they are informational and do not count
	// against OK: other trails may deliver to the same folders, and a file
	// delivered at a digest's boundary may be listed by a digest outside
	// the range.
	Unreferenced []string

	ValidDigests, InvalidDigests, ValidLogFiles, InvalidLogFiles int

	order []entry // Files and Gaps in the order found
}

type entry struct {
	gap bool
	i   int
}

// OK reports whether at least one digest was validated and no digest or
// log file failed. A report without digests is not OK: a deleted chain
// looks the same.
func (r *Report) OK() bool {
	return r.ValidDigests > 0 && r.InvalidDigests == 0 && r.InvalidLogFiles == 0
}

// Digests returns the digest results, newest first within each region.
func (r *Report) Digests() []FileResult { return r.filter(KindDigest) }

// LogFiles returns the log file results.
func (r *Report) LogFiles() []FileResult { return r.filter(KindLog) }

// ChainBreaks returns the digests that did not validate, each with the
// reason and (Ref) the later digest that named it: where and why a
// region's chain broke.
func (r *Report) ChainBreaks() []FileResult {
	var out []FileResult
	for _, f := range r.Files {
		if f.Kind == KindDigest && f.Status != Valid {
			out = append(out, f)
		}
	}
	return out
}

func (r *Report) filter(k Kind) []FileResult {
	var out []FileResult
	for _, f := range r.Files {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

func (r *Report) add(f FileResult) {
	r.order = append(r.order, entry{i: len(r.Files)})
	r.Files = append(r.Files, f)
	valid := f.Status == Valid
	switch {
	case f.Kind == KindDigest && valid:
		r.ValidDigests++
	case f.Kind == KindDigest:
		r.InvalidDigests++
	case valid:
		r.ValidLogFiles++
	default:
		r.InvalidLogFiles++
	}
}

func (r *Report) addGap(g Gap) {
	r.order = append(r.order, entry{gap: true, i: len(r.Gaps)})
	r.Gaps = append(r.Gaps, g)
}

// displayTime formats times as validate-logs prints them.
func displayTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// Write prints the report as validate-logs does with --verbose: a line per
// file ("Digest file\ts3://b/k\tvalid", "Log file\ts3://b/k\tINVALID:
// hash value doesn't match"), then the summary.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Validating log files for trail %s between %s and %s\n\n", r.Trail, displayTime(r.Start), displayTime(r.End))
	for _, e := range r.order {
		if e.gap {
			g := r.Gaps[e.i]
			fmt.Fprintf(&b, "No log files were delivered by CloudTrail between %s and %s\n", displayTime(g.From), displayTime(g.To))
			continue
		}
		f := r.Files[e.i]
		if f.Status == Valid {
			fmt.Fprintf(&b, "%s\t%s\tvalid\n", f.Kind, f.URL())
		} else {
			fmt.Fprintf(&b, "%s\t%s\tINVALID: %s\n", f.Kind, f.URL(), f.Reason)
		}
	}
	for _, u := range r.Unreferenced {
		fmt.Fprintf(&b, "Log file\t%s\tnot listed in any digest (not validated)\n", u)
	}
	if len(r.order) > 0 || len(r.Unreferenced) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Results requested for %s to %s\n", displayTime(r.Start), displayTime(r.End))
	if r.ValidDigests == 0 && r.InvalidDigests == 0 {
		b.WriteString("No digests found\n")
	} else {
		if r.FoundEnd.IsZero() {
			b.WriteString("No valid digests found in range\n")
		} else {
			fmt.Fprintf(&b, "Results found for %s to %s:\n", displayTime(r.FoundStart), displayTime(r.FoundEnd))
		}
		ratio(&b, r.ValidDigests, r.InvalidDigests, "digest")
		ratio(&b, r.ValidLogFiles, r.InvalidLogFiles, "log")
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ratio(b *strings.Builder, valid, invalid int, name string) {
	total := valid + invalid
	if total == 0 {
		return
	}
	fmt.Fprintf(b, "\n%d/%d %s files valid", valid, total, name)
	if invalid > 0 {
		fmt.Fprintf(b, ", %d/%d %s files INVALID", invalid, total, name)
	}
}

// maxDigestSize bounds a digest's uncompressed size.
const maxDigestSize = 256 << 20

// listed is a digest key found by listing, with the end time its name
// carries.
type listed struct {
	key string
	end time.Time
}

// later is a valid digest whose previous* fields name the next one.
type later struct {
	url string
	f   *digestFile
}

type validator struct {
	st         storage.MetadataStore
	o          Options
	start, end time.Time
	keys       map[string]PublicKey
	rep        *Report
	referenced map[string]bool           // bucket/key of log files digests list
	spans      map[string][][2]time.Time // per region, the periods of valid digests
}

// Validate validates the trail's digest files and the log files they list
// (see the package comment). Missing, altered and unverifiable files are
// reported in the Report; the error is for bad options and for storage
// failures other than a missing object.
func Validate(ctx context.Context, st storage.MetadataStore, o Options) (*Report, error) {
	if o.Bucket == "" || o.AccountID == "" || o.TrailName == "" || o.TrailHomeRegion == "" {
		return nil, errors.New("validation needs the trail's bucket, account, name and home region")
	}
	start, end := o.Start.UTC(), o.End.UTC()
	if o.End.IsZero() {
		end = time.Now().UTC()
	}
	if start.After(end) {
		return nil, errors.New("invalid time range specified: start time must occur before end time")
	}
	v := &validator{st: st, o: o, start: start, end: end, keys: map[string]PublicKey{},
		referenced: map[string]bool{}, spans: map[string][][2]time.Time{},
		rep: &Report{Start: start, End: end,
			Trail: fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", o.TrailHomeRegion, o.AccountID, o.TrailName)}}
	for _, k := range o.Keys {
		if k.Fingerprint == "" {
			k.Fingerprint = Fingerprint(k.DER)
		}
		v.keys[k.Fingerprint] = k
	}
	if len(v.keys) == 0 {
		return nil, fmt.Errorf("no public keys found between %s and %s", displayTime(start), displayTime(end))
	}
	var byRegion map[string][]listed
	regions := o.Regions
	if regions == nil {
		var err error
		if byRegion, err = v.list(ctx, o.Bucket, ""); err != nil {
			return nil, err
		}
		for r := range byRegion {
			regions = append(regions, r)
		}
		sort.Strings(regions)
	}
	for _, r := range regions {
		l, ok := byRegion[r]
		if !ok {
			m, err := v.list(ctx, o.Bucket, r)
			if err != nil {
				return nil, err
			}
			l = m[r]
		}
		if err := v.region(ctx, r, l); err != nil {
			return nil, err
		}
		if err := v.unreferenced(ctx, r); err != nil {
			return nil, err
		}
	}
	return v.rep, nil
}

// digestName is the start of a region's digest names for the trail.
func (v *validator) digestName(region string) string {
	return fmt.Sprintf("%s_CloudTrail-Digest_%s_%s_%s_", v.o.AccountID, region, v.o.TrailName, v.o.TrailHomeRegion)
}

// keyTime returns the end time a digest's name carries.
func keyTime(key string) (time.Time, bool) {
	if !strings.HasSuffix(key, ".json.gz") || len(key) < 24 {
		return time.Time{}, false
	}
	t, err := time.Parse(keyTimeFormat, key[len(key)-24:len(key)-8])
	return t, err == nil
}

// list returns the trail's digest keys in the bucket whose end times are
// from Start to an hour after End, per region, oldest first.
func (v *validator) list(ctx context.Context, bucket, region string) (map[string][]listed, error) {
	root := base(v.o.Prefix, v.o.AccountID) + "CloudTrail-Digest/"
	prefix := root
	if region != "" {
		prefix += region + "/"
	}
	lo, hi := v.start.Truncate(time.Second), v.end.Add(time.Hour)
	out := map[string][]listed{}
	err := v.st.List(ctx, bucket, prefix, func(obj storage.Object) error {
		parts := strings.Split(obj.Key[len(root):], "/") // region/YYYY/MM/DD/name
		if len(parts) != 5 || !strings.HasPrefix(parts[4], v.digestName(parts[0])) {
			return nil
		}
		t, ok := keyTime(parts[4])
		if !ok || len(parts[4]) != len(v.digestName(parts[0]))+24 || t.Before(lo) || t.After(hi) {
			return nil
		}
		out[parts[0]] = append(out[parts[0]], listed{key: obj.Key, end: t})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot list the digests in s3://%s/%s: %w", bucket, prefix, err)
	}
	for _, l := range out {
		sort.SliceStable(l, func(i, j int) bool { return l[i].end.Before(l[j].end) })
	}
	return out, nil
}

// region walks one region's digests from the newest listed one back
// along the previousDigest links, resuming at the next older listed
// digest where the chain breaks.
func (v *validator) region(ctx context.Context, region string, l []listed) error {
	if len(l) == 0 {
		return nil
	}
	bucket := v.o.Bucket
	lists := map[string][]listed{bucket: l}
	visited := map[string]bool{}
	// next returns the newest listed digest ending before t not yet visited.
	next := func(bucket string, t time.Time) (string, time.Time, error) {
		l, ok := lists[bucket]
		if !ok {
			m, err := v.list(ctx, bucket, region)
			if err != nil {
				return "", time.Time{}, err
			}
			l = m[region]
			lists[bucket] = l
		}
		for i := len(l) - 1; i >= 0; i-- {
			if l[i].end.Before(t) && !visited[bucket+"/"+l[i].key] {
				return l[i].key, l[i].end, nil
			}
		}
		return "", time.Time{}, nil
	}
	key, lastStart := l[len(l)-1].key, l[len(l)-1].end
	var prev *later
	for key != "" && !v.start.After(lastStart) {
		visited[bucket+"/"+key] = true
		f, res, err := v.digest(ctx, region, bucket, key, prev)
		if err != nil {
			return err
		}
		v.rep.add(res)
		t, ok := keyTime(key)
		if !ok {
			t = lastStart.Add(time.Second)
		}
		if res.Status != Valid {
			prev = nil
			if key, _, err = next(bucket, t); err != nil {
				return err
			}
			continue
		}
		fs, _ := time.Parse(timeFormat, f.DigestStartTime)
		fe, _ := time.Parse(timeFormat, f.DigestEndTime)
		v.covered(region, fs, fe)
		if err := v.logs(ctx, region, res.URL(), f); err != nil {
			return err
		}
		lastStart = fs
		if f.PreviousDigestS3Bucket == nil || f.PreviousDigestS3Object == nil {
			prev = nil
			var end time.Time
			if key, end, err = next(bucket, t); err != nil {
				return err
			}
			if key != "" {
				v.rep.addGap(Gap{Region: region, From: end, To: lastStart})
			}
			continue
		}
		prev = &later{url: res.URL(), f: f}
		bucket, key = *f.PreviousDigestS3Bucket, *f.PreviousDigestS3Object
		if visited[bucket+"/"+key] {
			v.rep.add(FileResult{Kind: KindDigest, Region: region, Bucket: bucket, Key: key, Status: Modified, Ref: prev.url,
				Reason: "the previous digest link of " + prev.url + " loops back"})
			return nil
		}
	}
	return nil
}

// covered records a valid digest's period in the report.
func (v *validator) covered(region string, start, end time.Time) {
	r := v.rep
	if r.FoundEnd.IsZero() || start.Before(r.FoundStart) {
		r.FoundStart = start
	}
	if end.After(r.FoundEnd) {
		r.FoundEnd = end
	}
	if r.FoundStart.Before(v.start) {
		r.FoundStart = v.start
	}
	if r.FoundEnd.After(v.end) {
		r.FoundEnd = v.end
	}
	v.spans[region] = append(v.spans[region], [2]time.Time{start, end})
}

// digest reads and checks one digest; prev is the valid later digest
// that names it, if any.
func (v *validator) digest(ctx context.Context, region, bucket, key string, prev *later) (*digestFile, FileResult, error) {
	res := FileResult{Kind: KindDigest, Region: region, Bucket: bucket, Key: key}
	if prev != nil {
		res.Ref = prev.url
	}
	fail := func(s Status, reason string) (*digestFile, FileResult, error) {
		res.Status, res.Reason = s, reason
		return nil, res, nil
	}
	_, meta, err := v.st.Head(ctx, bucket, key)
	var raw []byte
	if err == nil {
		raw, err = readDigest(ctx, v.st, bucket, key)
	}
	if errors.Is(err, storage.ErrNotFound) {
		if prev != nil {
			return fail(Deleted, "not found (the previous digest named by "+prev.url+")")
		}
		return fail(Deleted, "not found")
	}
	if errors.Is(err, errFormat) {
		return fail(Modified, "invalid format")
	}
	if err != nil {
		return nil, res, err
	}
	var fields map[string]json.RawMessage
	var f digestFile
	if json.Unmarshal(raw, &fields) != nil || json.Unmarshal(raw, &f) != nil {
		return fail(Modified, "invalid format")
	}
	for _, name := range requiredFields {
		if _, ok := fields[name]; !ok {
			return fail(Modified, "invalid format")
		}
	}
	if _, err := time.Parse(timeFormat, f.DigestStartTime); err != nil {
		return fail(Modified, "invalid format")
	}
	if _, err := time.Parse(timeFormat, f.DigestEndTime); err != nil {
		return fail(Modified, "invalid format")
	}
	if f.DigestS3Bucket != bucket || f.DigestS3Object != key {
		return fail(Modified, "has been moved from its original location")
	}
	pk, ok := v.keys[f.DigestPublicKeyFingerprint]
	if !ok {
		return fail(Unverified, fmt.Sprintf("public key not found in region %s for fingerprint %s", v.o.TrailHomeRegion, f.DigestPublicKeyFingerprint))
	}
	sum := sha256.Sum256(raw)
	hashHex := hex.EncodeToString(sum[:])
	sigHex, hasSig := meta[MetaSignature]
	if prev != nil {
		if p := prev.f.PreviousDigestHashValue; p == nil || !strings.EqualFold(*p, hashHex) {
			return fail(Modified, "hash value doesn't match the previousDigestHashValue of "+prev.url)
		}
		if p := prev.f.PreviousDigestSignature; p == nil || !strings.EqualFold(*p, sigHex) {
			return fail(Modified, "signature doesn't match the previousDigestSignature of "+prev.url)
		}
	}
	algo, hasAlgo := meta[MetaSignatureAlgorithm]
	if !hasSig || !hasAlgo {
		return fail(Modified, "signature verification failed (no signature metadata)")
	}
	if f.DigestSignatureAlgorithm != SignatureAlgorithm {
		algo = f.DigestSignatureAlgorithm
	}
	if algo != SignatureAlgorithm {
		return fail(Unverified, fmt.Sprintf("unsupported signature algorithm %q", algo))
	}
	sig, err := hex.DecodeString(sigHex)
	prevSig := "null"
	if f.PreviousDigestSignature != nil {
		prevSig = *f.PreviousDigestSignature
	}
	if err != nil || verify(pk.DER, signingString(f.DigestEndTime, f.DigestS3Bucket, f.DigestS3Object, hashHex, prevSig), sig) != nil {
		return fail(Modified, "signature verification failed")
	}
	res.Status = Valid
	return &f, res, nil
}

// readDigest returns a digest's uncompressed bytes; errFormat when it is
// not gzip.
func readDigest(ctx context.Context, st storage.Store, bucket, key string) ([]byte, error) {
	rc, err := st.Open(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	gz, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("cannot read digest s3://%s/%s: %w", bucket, key, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, errFormat
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxDigestSize+1))
	if err != nil || len(raw) > maxDigestSize {
		return nil, errFormat
	}
	return raw, nil
}

// logs checks the log files a valid digest lists.
func (v *validator) logs(ctx context.Context, region, digestURL string, f *digestFile) error {
	for _, lf := range f.LogFiles {
		res := FileResult{Kind: KindLog, Region: region, Bucket: lf.S3Bucket, Key: lf.S3Object, Ref: digestURL}
		v.referenced[lf.S3Bucket+"/"+lf.S3Object] = true
		rc, err := v.st.Open(ctx, lf.S3Bucket, lf.S3Object)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			res.Status, res.Reason = Deleted, "not found"
		case err != nil:
			return err
		case lf.HashAlgorithm != HashAlgorithm:
			rc.Close()
			res.Status, res.Reason = Unverified, fmt.Sprintf("unsupported hash algorithm %q", lf.HashAlgorithm)
		default:
			h, err := HashLogFile(rc)
			rc.Close()
			switch {
			case err != nil:
				res.Status, res.Reason = Modified, "invalid format"
			case !strings.EqualFold(h, lf.HashValue):
				res.Status, res.Reason = Modified, "hash value doesn't match"
			}
		}
		v.rep.add(res)
	}
	return nil
}

// unreferenced lists the region's log files dated within the period of
// one of its valid digests that no digest lists (informational).
func (v *validator) unreferenced(ctx context.Context, region string) error {
	spans := v.spans[region]
	if len(spans) == 0 {
		return nil
	}
	lo, hi := spans[0][0], spans[0][1]
	for _, s := range spans {
		lo, hi = minTime(lo, s[0]), maxTime(hi, s[1])
	}
	inSpan := func(t time.Time) bool {
		for _, s := range spans {
			if !t.Before(s[0].Truncate(time.Minute)) && t.Before(s[1]) {
				return true
			}
		}
		return false
	}
	root := base(v.o.Prefix, v.o.AccountID) + "CloudTrail/" + region + "/"
	name := v.o.AccountID + "_CloudTrail_" + region + "_"
	// Log files sit in the folder of their events' day, which can be a day
	// before their delivery.
	for day := lo.AddDate(0, 0, -1).Truncate(24 * time.Hour); !day.After(hi); day = day.AddDate(0, 0, 1) {
		err := v.st.List(ctx, v.o.Bucket, root+day.Format("2006/01/02/"), func(obj storage.Object) error {
			base := obj.Key[strings.LastIndexByte(obj.Key, '/')+1:]
			if !strings.HasPrefix(base, name) || !strings.HasSuffix(base, ".json.gz") || len(base) < len(name)+14 {
				return nil
			}
			t, err := time.Parse("20060102T1504Z", base[len(name):len(name)+14])
			if err != nil || !inSpan(t) || v.referenced[v.o.Bucket+"/"+obj.Key] {
				return nil
			}
			v.rep.Unreferenced = append(v.rep.Unreferenced, "s3://"+v.o.Bucket+"/"+obj.Key)
			return nil
		})
		if err != nil {
			return fmt.Errorf("cannot list the log files in s3://%s/%s: %w", v.o.Bucket, root, err)
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
