package gen

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	logRE     = regexp.MustCompile(`^AWSLogs/([0-9]{12})/CloudTrail/([a-z0-9-]+)/([0-9]{4})/([0-9]{2})/([0-9]{2})/([0-9]{12})_CloudTrail_([a-z0-9-]+)_([0-9]{8})T([0-9]{4})Z_([A-Za-z0-9]{16})\.json\.gz$`)
	digestRE  = regexp.MustCompile(`^AWSLogs/([0-9]{12})/CloudTrail-Digest/([a-z0-9-]+)/([0-9]{4})/([0-9]{2})/([0-9]{2})/([0-9]{12})_CloudTrail-Digest_([a-z0-9-]+)_([A-Za-z0-9-]+)_([a-z0-9-]+)_([0-9]{8}T[0-9]{6})Z\.json\.gz$`)
	configRE  = regexp.MustCompile(`^AWSLogs/([0-9]{12})/Config/ConfigWritabilityCheckFile$`)
	uuidRE    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	versionRE = regexp.MustCompile(`^1\.(08|09|10)$`)
)

// The shared fixture: two accounts, two regions, two days (a Sunday and a
// Monday), generated once.
var (
	fixtureOnce  sync.Once
	fixtureDir   string
	fixtureStats Stats
	fixtureErr   error
	fixtureOpts  Options
)

func fixture(t *testing.T) (string, Stats, Options) {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "trawl-gen-test-")
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureDir = dir
		fixtureOpts = Options{
			Out:      dir,
			Accounts: []string{"111122223333", "444455556666"},
			Regions:  []string{"us-east-1", "eu-west-1"},
			Start:    time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC),
			Days:     2,
			SizeMB:   8,
			Seed:     42,
			Workers:  2,
		}
		fixtureStats, fixtureErr = Generate(context.Background(), fixtureOpts)
	})
	if fixtureErr != nil {
		t.Fatalf("generate: %v", fixtureErr)
	}
	return fixtureDir, fixtureStats, fixtureOpts
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// listFiles returns every file under dir as slash-separated keys.
func listFiles(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gunzipFile(t *testing.T, p string) []byte {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return b
}

type record struct {
	EventVersion string `json:"eventVersion"`
	UserIdentity struct {
		Type           string `json:"type"`
		Arn            string `json:"arn"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext *struct {
			SessionIssuer struct {
				Type     string `json:"type"`
				UserName string `json:"userName"`
				Arn      string `json:"arn"`
			} `json:"sessionIssuer"`
			Attributes struct {
				CreationDate     string `json:"creationDate"`
				MFAAuthenticated string `json:"mfaAuthenticated"`
			} `json:"attributes"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime           string          `json:"eventTime"`
	EventSource         string          `json:"eventSource"`
	EventName           string          `json:"eventName"`
	AwsRegion           string          `json:"awsRegion"`
	SourceIPAddress     string          `json:"sourceIPAddress"`
	UserAgent           string          `json:"userAgent"`
	ErrorCode           *string         `json:"errorCode"`
	ErrorMessage        *string         `json:"errorMessage"`
	RequestParameters   json.RawMessage `json:"requestParameters"`
	ResponseElements    json.RawMessage `json:"responseElements"`
	AdditionalEventData json.RawMessage `json:"additionalEventData"`
	EventID             string          `json:"eventID"`
	ReadOnly            *bool           `json:"readOnly"`
	Resources           []struct {
		AccountID *string `json:"accountId"`
		Type      string  `json:"type"`
		ARN       string  `json:"ARN"`
	} `json:"resources"`
	EventType          string `json:"eventType"`
	ManagementEvent    *bool  `json:"managementEvent"`
	RecipientAccountID string `json:"recipientAccountId"`
	EventCategory      string `json:"eventCategory"`
	TLSDetails         *struct {
		TLSVersion               string `json:"tlsVersion"`
		CipherSuite              string `json:"cipherSuite"`
		ClientProvidedHostHeader string `json:"clientProvidedHostHeader"`
	} `json:"tlsDetails"`
}

type logFile struct {
	key, acct, region string
	day               time.Time
	stamp             time.Time
	raw               []byte
	records           []record
}

var (
	logsOnce sync.Once
	logs     []logFile
	logsErr  string
)

// readLogs parses every log file of the fixture once.
func readLogs(t *testing.T) []logFile {
	t.Helper()
	dir, _, opts := fixture(t)
	logsOnce.Do(func() {
		empty, _ := EmptyObjectKey(opts)
		for key, size := range listFiles(t, dir) {
			m := logRE.FindStringSubmatch(key)
			if m == nil || key == empty {
				continue
			}
			if size == 0 {
				logsErr = "unexpected zero-byte log file " + key
				return
			}
			raw := gunzipFile(t, filepath.Join(dir, key))
			var doc struct {
				Records []record `json:"Records"`
			}
			if !json.Valid(raw) || !utf8.Valid(raw) {
				logsErr = key + ": not valid UTF-8 JSON"
				return
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				logsErr = key + ": " + err.Error()
				return
			}
			day, _ := time.Parse("2006/01/02", m[3]+"/"+m[4]+"/"+m[5])
			stamp, _ := time.Parse("20060102T1504", m[8]+"T"+m[9])
			logs = append(logs, logFile{key: key, acct: m[1], region: m[2], day: day, stamp: stamp, raw: raw, records: doc.Records})
			if m[1] != m[6] || m[2] != m[7] {
				logsErr = key + ": account or region in the name differs from the folder"
				return
			}
		}
	})
	if logsErr != "" {
		t.Fatal(logsErr)
	}
	return logs
}

func TestLayout(t *testing.T) {
	dir, st, opts := fixture(t)
	files := listFiles(t, dir)
	empty, err := EmptyObjectKey(opts)
	if err != nil {
		t.Fatal(err)
	}
	var nLog, nDigest, nConfig int
	for key, size := range files {
		switch {
		case key == empty:
			if size != 0 {
				t.Errorf("%s: want zero bytes, got %d", key, size)
			}
		case logRE.MatchString(key):
			nLog++
			m := logRE.FindStringSubmatch(key)
			if m[8] != m[3]+m[4]+m[5] {
				t.Errorf("%s: stamp date differs from the day folder", key)
			}
		case digestRE.MatchString(key):
			nDigest++
		case configRE.MatchString(key):
			nConfig++
			if size != 0 {
				t.Errorf("%s: want zero bytes, got %d", key, size)
			}
		default:
			t.Errorf("unexpected object %s", key)
		}
	}
	if _, ok := files[empty]; !ok {
		t.Errorf("zero-byte object %s missing", empty)
	}
	if !logRE.MatchString(empty) {
		t.Errorf("zero-byte object %s is not named like a log file", empty)
	}
	if nLog != st.Files || nDigest != st.DigestFiles || nConfig+1 != st.OddFiles {
		t.Errorf("stats %+v, found %d logs, %d digests, %d config files", st, nLog, nDigest, nConfig)
	}
	if nConfig != len(opts.Accounts) {
		t.Errorf("want one ConfigWritabilityCheckFile per account, got %d", nConfig)
	}
	// 2 accounts x 2 regions x 2 days x 24 hourly digests.
	if nDigest != 2*2*2*24 {
		t.Errorf("want %d digests, got %d", 2*2*2*24, nDigest)
	}
	// Every account/region/day has log files.
	seen := map[string]bool{}
	for key := range files {
		if m := logRE.FindStringSubmatch(key); m != nil && key != empty {
			seen[m[1]+"/"+m[2]+"/"+m[5]] = true
		}
	}
	if len(seen) != 8 {
		t.Errorf("want log files in 8 account/region/day folders, got %d: %v", len(seen), seen)
	}
}

func TestRecords(t *testing.T) {
	_, st, opts := fixture(t)
	files := readLogs(t)
	ids := map[string]bool{}
	var records, raw int64
	var inversions, pairs int
	for _, f := range files {
		records += int64(len(f.records))
		raw += int64(len(f.raw))
		if !bytes.HasPrefix(f.raw, []byte(`{"Records":[{`)) || !bytes.HasSuffix(f.raw, []byte("}]}")) || bytes.IndexByte(f.raw, '\n') >= 0 {
			t.Errorf("%s: not compact {\"Records\":[...]}", f.key)
		}
		if len(f.raw) < 20_000 || len(f.raw) > 2_000_000 {
			t.Errorf("%s: %d bytes, want 20 KB to 2 MB", f.key, len(f.raw))
		}
		var prev time.Time
		for i, r := range f.records {
			where := f.key + " record " + strconv.Itoa(i)
			if !versionRE.MatchString(r.EventVersion) {
				t.Fatalf("%s: eventVersion %q", where, r.EventVersion)
			}
			if r.UserIdentity.Type == "" {
				t.Fatalf("%s: no userIdentity.type", where)
			}
			et, err := time.Parse(time.RFC3339, r.EventTime)
			if err != nil {
				t.Fatalf("%s: eventTime %q: %v", where, r.EventTime, err)
			}
			if et.Before(f.day) || !et.Before(f.day.AddDate(0, 0, 1)) {
				t.Fatalf("%s: eventTime %s outside the day folder %s", where, r.EventTime, f.day.Format("2006/01/02"))
			}
			if d := f.stamp.Sub(et); d > 16*time.Minute || d < -5*time.Minute {
				t.Fatalf("%s: eventTime %s too far from the file stamp %s", where, r.EventTime, f.stamp)
			}
			if i > 0 {
				pairs++
				if et.Before(prev) {
					inversions++
				}
			}
			prev = et
			if !strings.HasSuffix(r.EventSource, ".amazonaws.com") || r.EventName == "" {
				t.Fatalf("%s: eventSource %q eventName %q", where, r.EventSource, r.EventName)
			}
			if r.AwsRegion != f.region || r.RecipientAccountID != f.acct {
				t.Fatalf("%s: awsRegion %q recipientAccountId %q in folder %s/%s", where, r.AwsRegion, r.RecipientAccountID, f.acct, f.region)
			}
			if !uuidRE.MatchString(r.EventID) || ids[r.EventID] {
				t.Fatalf("%s: eventID %q invalid or repeated", where, r.EventID)
			}
			ids[r.EventID] = true
			if r.ReadOnly == nil || r.ManagementEvent == nil || r.SourceIPAddress == "" || r.UserAgent == "" {
				t.Fatalf("%s: missing readOnly, managementEvent, sourceIPAddress or userAgent", where)
			}
			if (r.EventCategory == "Data") != !*r.ManagementEvent || (r.EventCategory != "Data" && r.EventCategory != "Management") {
				t.Fatalf("%s: eventCategory %q with managementEvent %v", where, r.EventCategory, *r.ManagementEvent)
			}
			switch r.EventType {
			case "AwsApiCall", "AwsServiceEvent", "AwsConsoleSignIn":
			default:
				t.Fatalf("%s: eventType %q", where, r.EventType)
			}
			if len(r.RequestParameters) == 0 || len(r.ResponseElements) == 0 {
				t.Fatalf("%s: requestParameters and responseElements must be present", where)
			}
			for _, res := range r.Resources {
				if res.Type == "" || !strings.HasPrefix(res.ARN, "arn:aws:") {
					t.Fatalf("%s: bad resource %+v", where, res)
				}
			}
			if c := r.UserIdentity.SessionContext; c != nil && c.Attributes.CreationDate != "" {
				cd, err := time.Parse(time.RFC3339, c.Attributes.CreationDate)
				if err != nil || cd.After(et) {
					t.Fatalf("%s: session creationDate %q after eventTime %s", where, c.Attributes.CreationDate, r.EventTime)
				}
			}
			if r.TLSDetails != nil && r.TLSDetails.ClientProvidedHostHeader == "" {
				t.Fatalf("%s: empty clientProvidedHostHeader", where)
			}
		}
	}
	if records != st.Records || raw != st.UncompressedBytes || len(files) != st.Files {
		t.Errorf("stats %+v, counted %d files, %d records, %d bytes", st, len(files), records, raw)
	}
	want := opts.SizeMB * 1e6
	if float64(raw) < 0.9*want || float64(raw) > 1.1*want {
		t.Errorf("uncompressed volume %d, want %v +-10%%", raw, want)
	}
	if st.CompressedBytes <= 0 || st.CompressedBytes*3 > st.UncompressedBytes {
		t.Errorf("compressed %d of %d bytes: expected at least 3x", st.CompressedBytes, st.UncompressedBytes)
	}
	if frac := float64(inversions) / float64(pairs); inversions == 0 || frac > 0.2 {
		t.Errorf("records should be roughly but not strictly in time order: %d of %d pairs inverted", inversions, pairs)
	}
}

func TestMix(t *testing.T) {
	files := readLogs(t)
	types := map[string]int{}
	var n, errs, data, ro int
	sources, names := map[string]bool{}, map[string]bool{}
	supportSources := map[string]int{}
	var support, logins, athena int
	escapes, nonASCII, quotes := false, false, false
	for _, f := range files {
		if bytes.Contains(f.raw, []byte(`\u`)) {
			escapes = true
		}
		if bytes.Contains(f.raw, []byte(`\"`)) {
			quotes = true
		}
		for _, c := range f.raw {
			if c >= 0x80 {
				nonASCII = true
				break
			}
		}
		for _, r := range f.records {
			n++
			types[r.UserIdentity.Type]++
			sources[r.EventSource] = true
			names[r.EventSource+" "+r.EventName] = true
			if r.ErrorCode != nil || r.ErrorMessage != nil {
				errs++
			}
			if r.EventCategory == "Data" {
				data++
			}
			if *r.ReadOnly {
				ro++
			}
			if f.region != "us-east-1" && (r.EventSource == "iam.amazonaws.com" || r.EventSource == "signin.amazonaws.com") {
				t.Errorf("%s: global service event %s outside us-east-1", f.key, r.EventName)
			}
			if r.SourceIPAddress == "support.amazonaws.com" {
				support++
				supportSources[r.EventSource]++
				ui := r.UserIdentity
				if ui.Type != "AssumedRole" || ui.SessionContext == nil || ui.SessionContext.SessionIssuer.UserName != "AWSServiceRoleForSupport" ||
					!strings.HasPrefix(ui.Arn, "arn:aws:sts::"+f.acct+":assumed-role/AWSServiceRoleForSupport/SupportSession-") ||
					ui.SessionContext.SessionIssuer.Arn != "arn:aws:iam::"+f.acct+":role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport" ||
					r.UserAgent != "support.amazonaws.com" || !*r.ReadOnly {
					t.Fatalf("%s: malformed AWS Support record %+v", f.key, r)
				}
			}
			switch r.EventName {
			case "ConsoleLogin":
				logins++
				var aed map[string]string
				var resp map[string]string
				if err := json.Unmarshal(r.AdditionalEventData, &aed); err != nil || aed["LoginTo"] == "" || aed["MobileVersion"] != "No" || (aed["MFAUsed"] != "Yes" && aed["MFAUsed"] != "No") {
					t.Errorf("%s: ConsoleLogin additionalEventData %s", f.key, r.AdditionalEventData)
				}
				if err := json.Unmarshal(r.ResponseElements, &resp); err != nil || (resp["ConsoleLogin"] != "Success" && resp["ConsoleLogin"] != "Failure") {
					t.Errorf("%s: ConsoleLogin responseElements %s", f.key, r.ResponseElements)
				}
				if r.EventType != "AwsConsoleSignIn" {
					t.Errorf("%s: ConsoleLogin eventType %s", f.key, r.EventType)
				}
			case "StartQueryExecution":
				athena++
				var req map[string]any
				if err := json.Unmarshal(r.RequestParameters, &req); err != nil || req["queryString"] != "***OMITTED***" {
					t.Errorf("%s: StartQueryExecution requestParameters %s", f.key, r.RequestParameters)
				}
				if r.ErrorCode == nil {
					var resp map[string]string
					if err := json.Unmarshal(r.ResponseElements, &resp); err != nil || !uuidRE.MatchString(resp["queryExecutionId"]) {
						t.Errorf("%s: StartQueryExecution responseElements %s", f.key, r.ResponseElements)
					}
				}
			}
		}
	}
	pct := func(x int) float64 { return 100 * float64(x) / float64(n) }
	check := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.2f%%, want %v..%v%%", what, got, lo, hi)
		}
	}
	check("AssumedRole", pct(types["AssumedRole"]), 45, 65)
	check("IAMUser", pct(types["IAMUser"]), 18, 32)
	check("AWSService", pct(types["AWSService"]), 7, 17)
	check("Root", pct(types["Root"]), 0.1, 2.5)
	for _, ty := range []string{"FederatedUser", "AWSAccount", "IdentityCenterUser", "Unknown"} {
		if types[ty] == 0 {
			t.Errorf("no %s records", ty)
		}
	}
	check("errors", pct(errs), 3, 8)
	check("data events", pct(data), 3, 25)
	check("read-only", pct(ro), 80, 98)
	check("AWS Support", pct(support), 0.4, 2)
	if len(supportSources) < 5 {
		t.Errorf("AWS Support calls span %d event sources, want at least 5: %v", len(supportSources), supportSources)
	}
	if len(sources) < 35 || len(names) < 200 {
		t.Errorf("%d event sources and %d event names, want at least 35 and 200", len(sources), len(names))
	}
	if logins == 0 || athena == 0 {
		t.Errorf("%d ConsoleLogin and %d StartQueryExecution records, want some", logins, athena)
	}
	if !escapes || !nonASCII || !quotes {
		t.Errorf("want \\u escapes (%v), non-ASCII text (%v) and escaped quotes (%v) somewhere", escapes, nonASCII, quotes)
	}
}

// TestKeyOrder checks that top-level keys come in the order real CloudTrail
// uses, learnt from the real delivery in shared/realdata.
func TestKeyOrder(t *testing.T) {
	realDir := filepath.Join("..", "..", "..", "shared", "realdata", "invictus-ir_aws_dataset", "CloudTrail")
	paths, _ := filepath.Glob(filepath.Join(realDir, "*.json"))
	if len(paths) == 0 {
		t.Skip("real CloudTrail samples not available at " + realDir)
	}
	// before[a][b]: a was seen before b in a real record.
	before := map[string]map[string]bool{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, r := range doc.Records {
			keys := topKeys(t, r)
			for i := range keys {
				for j := i + 1; j < len(keys); j++ {
					if before[keys[i]] == nil {
						before[keys[i]] = map[string]bool{}
					}
					before[keys[i]][keys[j]] = true
				}
			}
		}
	}
	checked := 0
	for _, f := range readLogs(t)[:10] {
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(f.raw, &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Records {
			keys := topKeys(t, r)
			for i := range keys {
				for j := i + 1; j < len(keys); j++ {
					if before[keys[j]][keys[i]] && !before[keys[i]][keys[j]] {
						t.Fatalf("%s: key %s comes before %s, real records have the opposite order", f.key, keys[i], keys[j])
					}
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

func topKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestDigests(t *testing.T) {
	dir, _, _ := fixture(t)
	files := listFiles(t, dir)
	type digest struct {
		AwsAccountID                string  `json:"awsAccountId"`
		DigestStartTime             string  `json:"digestStartTime"`
		DigestEndTime               string  `json:"digestEndTime"`
		DigestS3Bucket              string  `json:"digestS3Bucket"`
		DigestS3Object              string  `json:"digestS3Object"`
		NewestEventTime             *string `json:"newestEventTime"`
		OldestEventTime             *string `json:"oldestEventTime"`
		PreviousDigestS3Object      *string `json:"previousDigestS3Object"`
		PreviousDigestHashValue     *string `json:"previousDigestHashValue"`
		PreviousDigestHashAlgorithm *string `json:"previousDigestHashAlgorithm"`
		LogFiles                    []struct {
			S3Bucket        string `json:"s3Bucket"`
			S3Object        string `json:"s3Object"`
			HashValue       string `json:"hashValue"`
			HashAlgorithm   string `json:"hashAlgorithm"`
			NewestEventTime string `json:"newestEventTime"`
			OldestEventTime string `json:"oldestEventTime"`
		} `json:"logFiles"`
	}
	logHash := map[string]string{}
	for _, f := range readLogs(t) {
		h := sha256.Sum256(f.raw)
		logHash[f.key] = hex.EncodeToString(h[:])
	}
	byStream := map[string][]string{}
	for key := range files {
		if m := digestRE.FindStringSubmatch(key); m != nil {
			byStream[m[1]+"/"+m[2]] = append(byStream[m[1]+"/"+m[2]], key)
		}
	}
	covered := map[string]int{}
	for stream, keys := range byStream {
		slices.Sort(keys)
		var prevKey string
		var prevHash [32]byte
		for i, key := range keys {
			raw := gunzipFile(t, filepath.Join(dir, key))
			var d digest
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			m := digestRE.FindStringSubmatch(key)
			end, _ := time.Parse("20060102T150405", m[10])
			if d.DigestS3Object != key || d.AwsAccountID != m[1] || d.DigestEndTime != end.Format(time.RFC3339) || d.DigestS3Bucket == "" {
				t.Fatalf("%s: header %+v", key, d)
			}
			start, _ := time.Parse(time.RFC3339, d.DigestStartTime)
			if end.Sub(start) != time.Hour {
				t.Errorf("%s: digest covers %v, want one hour", key, end.Sub(start))
			}
			if i == 0 {
				if d.PreviousDigestS3Object != nil || d.PreviousDigestHashValue != nil {
					t.Errorf("%s: the first digest of %s must have null previous fields", key, stream)
				}
			} else if d.PreviousDigestS3Object == nil || *d.PreviousDigestS3Object != prevKey ||
				d.PreviousDigestHashValue == nil || *d.PreviousDigestHashValue != hex.EncodeToString(prevHash[:]) ||
				d.PreviousDigestHashAlgorithm == nil || *d.PreviousDigestHashAlgorithm != "SHA-256" {
				t.Errorf("%s: broken chain to %s", key, prevKey)
			}
			if (len(d.LogFiles) == 0) != (d.NewestEventTime == nil) {
				t.Errorf("%s: newestEventTime must be null exactly when there are no log files", key)
			}
			for _, lf := range d.LogFiles {
				want, ok := logHash[lf.S3Object]
				if !ok {
					t.Fatalf("%s: lists missing log file %s", key, lf.S3Object)
				}
				if lf.HashValue != want || lf.HashAlgorithm != "SHA-256" || lf.S3Bucket != d.DigestS3Bucket {
					t.Errorf("%s: wrong entry for %s", key, lf.S3Object)
				}
				if lf.OldestEventTime > lf.NewestEventTime || lf.NewestEventTime > *d.NewestEventTime || lf.OldestEventTime < *d.OldestEventTime {
					t.Errorf("%s: inconsistent event times for %s", key, lf.S3Object)
				}
				covered[lf.S3Object]++
			}
			prevKey, prevHash = key, sha256.Sum256(raw)
		}
	}
	for key, n := range covered {
		if n != 1 {
			t.Errorf("%s listed in %d digests", key, n)
		}
	}
	if len(covered) < len(logHash)*9/10 {
		t.Errorf("only %d of %d log files are covered by digests", len(covered), len(logHash))
	}
}

func TestDeterminism(t *testing.T) {
	base := Options{
		Accounts: []string{"210987654321"},
		Regions:  []string{"us-east-1", "ap-northeast-1"},
		Start:    time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC),
		Days:     2,
		SizeMB:   2,
		Seed:     7,
	}
	run := func(workers int, seed int64) map[string][]byte {
		o := base
		o.Out = t.TempDir()
		o.Workers = workers
		o.Seed = seed
		if _, err := Generate(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for key := range listFiles(t, o.Out) {
			b, err := os.ReadFile(filepath.Join(o.Out, key))
			if err != nil {
				t.Fatal(err)
			}
			out[key] = b
		}
		return out
	}
	a, b := run(1, 7), run(4, 7)
	if len(a) != len(b) || len(a) < 50 {
		t.Fatalf("%d files with 1 worker, %d with 4", len(a), len(b))
	}
	for key, x := range a {
		if y, ok := b[key]; !ok || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between 1 and 4 workers", key)
		}
	}
	c := run(3, 8)
	same := 0
	for key := range c {
		if _, ok := a[key]; ok && strings.HasSuffix(key, ".json.gz") && len(c[key]) > 0 {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d log file names shared between seeds 7 and 8", same)
	}
}

func TestNow(t *testing.T) {
	now := time.Date(2025, 3, 10, 13, 37, 0, 0, time.UTC)
	o := Options{Out: t.TempDir(), Days: 2, SizeMB: 1.5, Seed: 3, Now: now}
	st, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	var latest time.Time
	for key, size := range listFiles(t, o.Out) {
		m := logRE.FindStringSubmatch(key)
		if m == nil || size == 0 {
			continue
		}
		if m[3]+m[4]+m[5] < "20250309" {
			t.Errorf("%s: before the derived start day 2025-03-09", key)
		}
		stamp, _ := time.Parse("20060102T1504", m[8]+"T"+m[9])
		if stamp.After(now) {
			t.Errorf("%s: stamp after Now", key)
		}
		raw := gunzipFile(t, filepath.Join(o.Out, key))
		var doc struct{ Records []record }
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Records {
			et, _ := time.Parse(time.RFC3339, r.EventTime)
			if et.After(now) {
				t.Fatalf("%s: eventTime %s after Now", key, r.EventTime)
			}
			if et.After(latest) {
				latest = et
			}
		}
	}
	if st.Files == 0 || now.Sub(latest) > time.Hour {
		t.Errorf("%d files, latest event %s: want files up to about Now", st.Files, latest)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{}, "no output folder"},
		{Options{Out: t.TempDir(), Accounts: []string{"12345"}}, `invalid account id "12345"`},
		{Options{Out: t.TempDir(), Regions: []string{"Mars"}}, `invalid region "Mars"`},
		{Options{Out: t.TempDir(), Days: -1}, "invalid number of days -1"},
		{Options{Out: t.TempDir(), SizeMB: -3}, "invalid size"},
	} {
		_, err := Generate(context.Background(), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got error %v, want %q", tc.o, err, tc.want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, Options{Out: t.TempDir(), SizeMB: 50})
	if err == nil {
		t.Fatal("want an error from a cancelled context")
	}
}

func TestDefaults(t *testing.T) {
	o, err := normalize(Options{Out: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Accounts) != 1 || o.Accounts[0] != "123456789012" || len(o.Regions) != 1 || o.Regions[0] != "us-east-1" ||
		o.Days != 1 || o.SizeMB != 10 || o.Workers < 1 || !o.Start.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("defaults: %+v", o)
	}
	o, _ = normalize(Options{Out: "x", Start: time.Date(2024, 5, 6, 17, 3, 0, 0, time.FixedZone("x", 3600*5))})
	if !o.Start.Equal(time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start not truncated to the UTC day: %v", o.Start)
	}
}
