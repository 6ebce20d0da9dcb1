package audit

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"trawl/internal/audit/digest"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

func openJournal(t *testing.T) *Journal {
	t.Helper()
	j, err := OpenJournal(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

func event(i int, at time.Time, name, user, region string) *Event {
	ev := &Event{
		EventVersion: EventVersion,
		UserIdentity: UserIdentity{Type: "IAMUser", PrincipalID: "AIDAEXAMPLE", ARN: "arn:aws:iam::123456789012:user/" + user,
			AccountID: "123456789012", AccessKeyID: "AKIA" + strings.ToUpper(user), UserName: user},
		EventTime: at, EventSource: "athena.amazonaws.com", EventName: name, AWSRegion: region,
		SourceIPAddress: "127.0.0.1", UserAgent: "test", RequestParameters: json.RawMessage(`{"n":` + fmt.Sprint(i) + `}`),
		ResponseElements: json.RawMessage("null"), RequestID: fmt.Sprintf("req-%d", i), EventID: fmt.Sprintf("evt-%04d", i),
		ReadOnly: strings.HasPrefix(name, "Get"), EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: "123456789012", EventCategory: "Management",
	}
	if name == "AssumeRole" {
		ev.Resources = []Resource{{ARN: "arn:aws:iam::123456789012:role/r", AccountID: "123456789012", Type: "AWS::IAM::Role"}}
	}
	return ev
}

func TestEventJSONShape(t *testing.T) {
	ev := event(1, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), "StartQueryExecution", "johndoe", "us-east-1")
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	order := []string{`"eventVersion":"1.11"`, `"userIdentity":{"type":"IAMUser"`, `"eventTime":"2026-11-21T10:00:00Z"`, `"eventSource"`, `"eventName"`,
		`"awsRegion"`, `"sourceIPAddress"`, `"userAgent"`, `"requestParameters"`, `"responseElements":null`, `"requestID"`, `"eventID"`,
		`"readOnly":false`, `"eventType":"AwsApiCall"`, `"managementEvent":true`, `"recipientAccountId"`, `"eventCategory":"Management"`}
	at := 0
	for _, o := range order {
		i := strings.Index(s[at:], o)
		if i < 0 {
			t.Fatalf("%s missing or out of order in %s", o, s)
		}
		at += i
	}
	if strings.Contains(s, "errorCode") || strings.Contains(s, "tlsDetails") || strings.Contains(s, "resources") {
		t.Fatalf("empty optional members written: %s", s)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil || back["eventTime"] != "2026-11-21T10:00:00Z" {
		t.Fatalf("round trip: %v %v", back, err)
	}
}

func TestLowerCamel(t *testing.T) {
	got, err := LowerCamel([]byte(`{"QueryString":"SELECT secret","ResultConfiguration":{"OutputLocation":"s3://b/"},"ExecutionParameters":["a"],"ClientRequestToken":"t"}`), "QueryString")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(got, &m)
	if m["queryString"] != "***OMITTED***" || m["resultConfiguration"].(map[string]any)["outputLocation"] != "s3://b/" || m["clientRequestToken"] != "t" || strings.Contains(string(got), "secret") {
		t.Fatalf("LowerCamel: %s", got)
	}
	for _, empty := range []string{"", "{}", "  "} {
		if got, err := LowerCamel([]byte(empty)); err != nil || string(got) != "null" {
			t.Fatalf("LowerCamel(%q) = %s %v", empty, got, err)
		}
	}
}

func TestJournalConcurrentAppendAndLookup(t *testing.T) {
	j := openJournal(t)
	ctx := context.Background()
	base := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	names := []string{"StartQueryExecution", "GetQueryExecution", "AssumeRole"}
	var wg sync.WaitGroup
	for c := 0; c < 10; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 12; i++ {
				n := c*12 + i
				if err := j.Append(ctx, event(n, base.Add(time.Duration(n)*time.Second), names[n%3], fmt.Sprintf("user%d", n%4), "us-east-1")); err != nil {
					t.Error(err)
				}
			}
		}(c)
	}
	wg.Wait()
	now := time.Now()
	// Paging through everything: newest first, every event once.
	seen := map[string]bool{}
	var prev time.Time
	token := ""
	pages := 0
	for {
		res, next, err := j.Lookup(ctx, LookupInput{MaxResults: 50, NextToken: token}, now)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range res {
			if seen[r.EventID] {
				t.Fatalf("event %s twice", r.EventID)
			}
			seen[r.EventID] = true
			if !prev.IsZero() && r.EventTime.After(prev) {
				t.Fatalf("not newest first: %s after %s", r.EventTime, prev)
			}
			prev = r.EventTime
			var rec map[string]any
			if err := json.Unmarshal([]byte(r.Record), &rec); err != nil || rec["eventID"] != r.EventID {
				t.Fatalf("record of %s: %s", r.EventID, r.Record)
			}
		}
		if next == "" {
			break
		}
		token = next
	}
	if len(seen) != 120 || pages != 3 {
		t.Fatalf("%d events in %d pages, want 120 in 3", len(seen), pages)
	}
	// Each attribute filters.
	count := func(in LookupInput) int {
		in.MaxResults = 50
		n := 0
		for {
			res, next, err := j.Lookup(ctx, in, now)
			if err != nil {
				t.Fatal(err)
			}
			n += len(res)
			if next == "" {
				return n
			}
			in.NextToken = next
		}
	}
	for _, tc := range []struct {
		key, value string
		want       int
	}{
		{"EventName", "AssumeRole", 40}, {"Username", "user1", 30}, {"ReadOnly", "true", 40}, {"ReadOnly", "false", 80},
		{"EventId", "evt-0007", 1}, {"AccessKeyId", "AKIAUSER2", 30}, {"EventSource", "athena.amazonaws.com", 120},
		{"ResourceType", "AWS::IAM::Role", 40}, {"ResourceName", "arn:aws:iam::123456789012:role/r", 40}, {"EventName", "Nope", 0},
	} {
		if got := count(LookupInput{AttributeKey: tc.key, AttributeValue: tc.value}); got != tc.want {
			t.Errorf("%s=%s: %d events, want %d", tc.key, tc.value, got, tc.want)
		}
	}
	// Time range: the first 10 seconds.
	if got := count(LookupInput{Start: base, End: base.Add(9 * time.Second)}); got != 10 {
		t.Errorf("time range: %d events, want 10", got)
	}
	// A token is tied to its filter.
	_, next, _ := j.Lookup(ctx, LookupInput{MaxResults: 1}, now)
	if _, _, err := j.Lookup(ctx, LookupInput{MaxResults: 1, NextToken: next, AttributeKey: "EventName", AttributeValue: "AssumeRole"}, now); !errors.Is(err, ErrBadToken) {
		t.Errorf("token reused with another filter: %v", err)
	}
	if _, _, err := j.Lookup(ctx, LookupInput{NextToken: "!!"}, now); !errors.Is(err, ErrBadToken) {
		t.Errorf("garbage token: %v", err)
	}
}

// delivered reads every log file of a bucket: key → records.
func delivered(t *testing.T, st storage.Store, bucket string) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	err := st.List(context.Background(), bucket, "", func(o storage.Object) error {
		if !strings.Contains(o.Key, "/CloudTrail/") {
			return nil
		}
		rc, err := st.Open(context.Background(), bucket, o.Key)
		if err != nil {
			return err
		}
		defer rc.Close()
		zr, err := gzip.NewReader(rc)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Key, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			return err
		}
		var f struct{ Records []map[string]any }
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("%s: %w", o.Key, err)
		}
		out[o.Key] = f.Records
		return nil
	})
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		t.Fatal(err)
	}
	return out
}

func TestDeliveryExactlyOnce(t *testing.T) {
	dir := t.TempDir()
	j, err := OpenJournal(filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	st := file.New(filepath.Join(dir, "buckets"))
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 23, 58, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if err := j.CreateTrail(ctx, &Trail{Name: "t1", Bucket: "trail-bucket", Prefix: "pre/", HomeRegion: "us-east-1", Created: now}); err != nil {
		t.Fatal(err)
	}
	if err := j.CreateTrail(ctx, &Trail{Name: "t1", Bucket: "x", HomeRegion: "us-east-1"}); !errors.Is(err, ErrTrailExists) {
		t.Fatalf("duplicate trail: %v", err)
	}
	// Before logging starts: not delivered.
	j.Append(ctx, event(0, now.Add(-time.Minute), "GetWorkGroup", "a", "us-east-1"))
	if err := j.StartLogging(ctx, "t1", now); err != nil {
		t.Fatal(err)
	}
	// Events across midnight and in another region (not a multi-region trail).
	for i := 1; i <= 6; i++ {
		j.Append(ctx, event(i, now.Add(time.Duration(i)*time.Minute), "StartQueryExecution", "a", "us-east-1"))
	}
	j.Append(ctx, event(7, now.Add(time.Minute), "StartQueryExecution", "a", "eu-west-1"))

	crash := errors.New("killed")
	d := &Deliverer{J: j, Store: st, AccountID: "123456789012", Now: clock, afterPut: func() error { return crash }}
	if err := d.DeliverAll(ctx, false); !errors.Is(err, crash) {
		t.Fatalf("interrupted pass: %v", err)
	}
	first := delivered(t, st, "trail-bucket")
	if len(first) != 2 {
		t.Fatalf("interrupted pass stored %d files, want 2 (one per day)", len(first))
	}
	// More events arrive before the restart; the redone batch keeps its
	// range and names, the new events go to a later batch.
	j.Append(ctx, event(8, now.Add(10*time.Minute), "StartQueryExecution", "a", "us-east-1"))
	j.Close()
	j, err = OpenJournal(filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	now = now.Add(20 * time.Minute)
	d = &Deliverer{J: j, Store: st, AccountID: "123456789012", Now: clock}
	if err := d.DeliverAll(ctx, false); err != nil {
		t.Fatal(err)
	}
	files := delivered(t, st, "trail-bucket")
	ids := map[string]int{}
	for key, recs := range files {
		if !strings.HasPrefix(key, "pre/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/2") || !strings.HasSuffix(key, ".json.gz") {
			t.Errorf("log file key %s", key)
		}
		name := key[strings.LastIndex(key, "/")+1:]
		if len(name) != len("123456789012_CloudTrail_us-east-1_20261121T2358Z_0123456789abcdef.json.gz") {
			t.Errorf("log file name %s", name)
		}
		for _, r := range recs {
			ids[r["eventID"].(string)]++
			day := strings.ReplaceAll(r["eventTime"].(string)[:10], "-", "/")
			if !strings.Contains(key, "/"+day+"/") {
				t.Errorf("event of %s in %s", day, key)
			}
		}
	}
	for i := 1; i <= 8; i++ {
		want := 1
		if i == 7 {
			want = 0 // another region
		}
		if got := ids[fmt.Sprintf("evt-%04d", i)]; got != want {
			t.Errorf("event %d delivered %d times, want %d", i, got, want)
		}
	}
	if ids["evt-0000"] != 0 {
		t.Error("an event from before StartLogging was delivered")
	}
	for k := range first {
		if _, ok := files[k]; !ok {
			t.Errorf("the redone batch renamed %s", k)
		}
	}
	tr, _ := j.Trail(ctx, "t1")
	if tr.DeliveryTime.IsZero() || tr.DeliveryError != "" {
		t.Errorf("trail status after delivery: %+v", tr)
	}
	// Stopped: later events are not delivered; the stop call's own is.
	if err := j.StopLogging(ctx, "t1", now); err != nil {
		t.Fatal(err)
	}
	j.Append(ctx, event(9, now, "StopLogging", "a", "us-east-1"))
	j.Append(ctx, event(10, now.Add(time.Second), "GetWorkGroup", "a", "us-east-1"))
	if err := d.Flush(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	ids = map[string]int{}
	for _, recs := range delivered(t, st, "trail-bucket") {
		for _, r := range recs {
			ids[r["eventID"].(string)]++
		}
	}
	if ids["evt-0009"] != 1 || ids["evt-0010"] != 0 {
		t.Errorf("after StopLogging: stop event %d times, later event %d times", ids["evt-0009"], ids["evt-0010"])
	}
}

func TestTrailNames(t *testing.T) {
	for name, ok := range map[string]bool{"my-trail": true, "ab": false, "a..b": false, "-ab": false, "abc_": false, "Trail.2026_x": true, strings.Repeat("a", 129): false} {
		if ValidTrailName(name) != ok {
			t.Errorf("ValidTrailName(%q) = %v", name, !ok)
		}
	}
}

// TestHourlyDigests delivers over three hours of a fake clock: one digest
// per hour, chained, that digest.Validate accepts; a changed log file is
// then reported.
func TestHourlyDigests(t *testing.T) {
	dir := t.TempDir()
	j := openJournal(t)
	st := file.New(filepath.Join(dir, "buckets"))
	keys, err := digest.LoadOrCreateKey(filepath.Join(dir, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	j.CreateTrail(ctx, &Trail{Name: "hourly", Bucket: "b", HomeRegion: "us-east-1", LogFileValidation: true, Created: now})
	j.StartLogging(ctx, "hourly", now)
	d := &Deliverer{J: j, Store: st, AccountID: "123456789012", Now: clock, Digests: &Digests{J: j, Store: st, Keys: keys, AccountID: "123456789012"}}
	n := 0
	for step := 0; step < 12; step++ { // every 20 minutes for 4 hours
		now = now.Add(20 * time.Minute)
		n++
		if err := j.Append(ctx, event(n, now.Add(-time.Minute), "StartQueryExecution", "a", "us-east-1")); err != nil {
			t.Fatal(err)
		}
		if err := d.DeliverAll(ctx, false); err != nil {
			t.Fatal(err)
		}
	}
	var digests []string
	st.List(ctx, "b", "AWSLogs/123456789012/CloudTrail-Digest/", func(o storage.Object) error { digests = append(digests, o.Key); return nil })
	if len(digests) != 3 && len(digests) != 4 {
		t.Fatalf("%d digests over 4 hours: %v", len(digests), digests)
	}
	rep, err := digest.Validate(ctx, st, digest.Options{Bucket: "b", AccountID: "123456789012", TrailName: "hourly", TrailHomeRegion: "us-east-1",
		End: now, Keys: []digest.PublicKey{keys.Public()}})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	if !rep.OK() || rep.ValidDigests != len(digests) || rep.ValidLogFiles == 0 {
		t.Fatalf("validation of hourly digests:\n%s", out.String())
	}
}

// flakyStore fails its first puts, as a bucket that is briefly
// unreachable.
type flakyStore struct {
	storage.Store
	mu       sync.Mutex
	failures int
}

func (f *flakyStore) Put(ctx context.Context, bucket, key string, r io.Reader) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failures > 0 {
		f.failures--
		return errors.New("connection refused")
	}
	return f.Store.Put(ctx, bucket, key, r)
}

// TestDeliveryRetries keeps delivering until the store takes the files;
// the failure shows in the trail's status meanwhile.
func TestDeliveryRetries(t *testing.T) {
	dir := t.TempDir()
	j := openJournal(t)
	ctx := context.Background()
	now := time.Now().UTC()
	j.CreateTrail(ctx, &Trail{Name: "retry", Bucket: "b", HomeRegion: "us-east-1", Created: now})
	j.StartLogging(ctx, "retry", now.Add(-time.Minute))
	j.Append(ctx, event(1, now, "StartQueryExecution", "a", "us-east-1"))
	st := &flakyStore{Store: file.New(filepath.Join(dir, "buckets")), failures: 3}
	var logged []string
	var mu sync.Mutex
	d := &Deliverer{J: j, Store: st, AccountID: "123456789012", Interval: time.Hour, RetryDelay: 5 * time.Millisecond,
		Logf: func(f string, a ...any) { mu.Lock(); logged = append(logged, fmt.Sprintf(f, a...)); mu.Unlock() }}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go d.Run(runCtx)
	// Wait for the pass that succeeds to be recorded (the file is stored
	// just before).
	deadline := time.Now().Add(10 * time.Second)
	for {
		tr, err := j.Trail(ctx, "retry")
		if err != nil {
			t.Fatal(err)
		}
		if !tr.DeliveryTime.IsZero() && tr.DeliveryError == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered after retries: %+v", tr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if files := delivered(t, st, "b"); len(files) != 1 {
		t.Fatalf("%d files delivered, want 1", len(files))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logged) < 3 || !strings.Contains(logged[0], "connection refused") {
		t.Fatalf("retries logged: %q", logged)
	}
}
