package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"trawl/internal/demo"
)

func (s *served) cloudtrail(ak, sk, region string) *cloudtrail.Client {
	return cloudtrail.New(cloudtrail.Options{
		Region:           region,
		BaseEndpoint:     aws.String(s.endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(ak, sk, ""),
		RetryMaxAttempts: 1,
	})
}

func (s *served) athenaIn(ak, sk, region string) *athena.Client {
	return athena.New(athena.Options{
		Region:           region,
		BaseEndpoint:     aws.String(s.endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(ak, sk, ""),
		RetryMaxAttempts: 1,
	})
}

// seedEvents reads the three CloudTrail records of seed 004 (successful
// and failed StartQueryExecution, CreateNamedQuery).
func seedEvents(t *testing.T) []map[string]any {
	t.Helper()
	paths, _ := filepath.Glob("../../../shared/seeds/004_*.txt")
	if len(paths) == 0 {
		t.Fatal("seed 004 not found under ../shared/seeds")
	}
	b, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, m := range regexp.MustCompile(`(?m)^\{ "eventVersion".*\}`).FindAllString(string(b), -1) {
		var ev map[string]any
		if err := json.Unmarshal([]byte(m), &ev); err != nil {
			t.Fatalf("seed event: %v\n%s", err, m)
		}
		out = append(out, ev)
	}
	if len(out) != 3 {
		t.Fatalf("seed 004 has %d events, want 3", len(out))
	}
	return out
}

// sameShape checks that every member of the seed's record is in ours with
// a value of the same JSON kind, recursively; it returns the paths that
// differ.
func sameShape(seed, ours any, path string) []string {
	switch s := seed.(type) {
	case map[string]any:
		o, ok := ours.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an object", path, ours)}
		}
		var bad []string
		for k, v := range s {
			ov, ok := o[k]
			if !ok {
				bad = append(bad, path+"."+k+": missing")
				continue
			}
			bad = append(bad, sameShape(v, ov, path+"."+k)...)
		}
		return bad
	case nil:
		if ours != nil {
			return []string{fmt.Sprintf("%s: %v, want null", path, ours)}
		}
	default:
		if fmt.Sprintf("%T", seed) != fmt.Sprintf("%T", ours) {
			return []string{fmt.Sprintf("%s: %T, want %T", path, ours, seed)}
		}
	}
	return nil
}

func lookup(t *testing.T, c *cloudtrail.Client, key cttypes.LookupAttributeKey, value string) []map[string]any {
	t.Helper()
	in := &cloudtrail.LookupEventsInput{}
	if key != "" {
		in.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}
	}
	var out []map[string]any
	p := cloudtrail.NewLookupEventsPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("LookupEvents %s=%s: %v", key, value, err)
		}
		for _, e := range page.Events {
			var rec map[string]any
			if err := json.Unmarshal([]byte(aws.ToString(e.CloudTrailEvent)), &rec); err != nil {
				t.Fatal(err)
			}
			if rec["eventID"] != aws.ToString(e.EventId) || rec["eventName"] != aws.ToString(e.EventName) || e.EventTime == nil {
				t.Fatalf("LookupEvents summary %+v does not match its record %v", e, rec)
			}
			out = append(out, rec)
		}
	}
	return out
}

func str(m map[string]any, path string) string {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

// readTrail returns every record delivered under a bucket's folder.
func readTrail(t *testing.T, bucketDir string) []map[string]any {
	t.Helper()
	var out []map[string]any
	filepath.Walk(bucketDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".json.gz") || !strings.Contains(p, string(filepath.Separator)+"CloudTrail"+string(filepath.Separator)) {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		b, _ := io.ReadAll(zr)
		var doc struct{ Records []map[string]any }
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, doc.Records...)
		return nil
	})
	return out
}

// TestServeCloudTrail checks trawl's own trail end to end: events shaped
// as in seed 004, event history, delivery to a bucket that the seed DDL
// queries, StopLogging, and refused calls.
func TestServeCloudTrail(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--trail-delivery-interval", "300ms")
	ctx := context.Background()
	const acct = "123456789012"
	ct := s.cloudtrail(s.ak, s.sk, "us-east-1")
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("trawl-audit"), S3BucketName: aws.String("audit-bucket"),
		IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("trawl-audit"), S3BucketName: aws.String("audit-bucket")}); apiErrorCode(err) != "TrailAlreadyExistsException" {
		t.Fatalf("duplicate trail: %v", err)
	}
	if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("trawl-audit")}); err != nil {
		t.Fatal(err)
	}
	st, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("trawl-audit")})
	if err != nil || !aws.ToBool(st.IsLogging) || st.StartLoggingTime == nil {
		t.Fatalf("status after StartLogging: %+v %v", st, err)
	}

	// An IAM user, johndoe, as in the seed.
	ok(t, "", "iam", "create-user", "johndoe", "--data-dir", dir)
	keyOut := ok(t, "", "iam", "create-access-key", "johndoe", "--data-dir", dir)
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey string }
	}
	json.Unmarshal([]byte(keyOut.stdout), &key)
	policy := filepath.Join(dir, "p.json")
	os.WriteFile(policy, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["athena:*"],"Resource":"*"}]}`), 0o600)
	ok(t, "", "iam", "put-user-policy", "johndoe", policy, "--data-dir", dir)
	ak, sk := key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey

	east := s.athenaIn(ak, sk, "us-east-1")
	const query = "SELECT 'top secret query' AS x"
	started, err := east.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(query),
		ClientRequestToken:  aws.String("16bc6e70-f972-4260-b18a-db1b623cb35c"),
		ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://results-bucket/test/")}})
	if err != nil {
		t.Fatal(err)
	}
	okRequestID, _ := awsmiddleware.GetRequestIDMetadata(started.ResultMetadata)
	_, err = east.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(query)})
	if apiErrorCode(err) != "InvalidRequestException" {
		t.Fatalf("no output location: %v", err)
	}
	west := s.athenaIn(ak, sk, "us-west-2")
	named, err := west.CreateNamedQuery(ctx, &athena.CreateNamedQueryInput{Name: aws.String("johndoetest"), Database: aws.String("default"), QueryString: aws.String(query)})
	if err != nil {
		t.Fatal(err)
	}
	// A refused call: a wrong secret.
	if _, err := s.athenaIn(ak, "wrong"+sk, "us-east-1").ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); apiErrorCode(err) != "InvalidSignatureException" {
		t.Fatalf("wrong secret: %v", err)
	}

	// Event history finds them, shaped as seed 004's records.
	seed := seedEvents(t)
	sqe := lookup(t, ct, cttypes.LookupAttributeKeyEventName, "StartQueryExecution")
	cnq := lookup(t, ct, cttypes.LookupAttributeKeyEventName, "CreateNamedQuery")
	if len(sqe) != 2 || len(cnq) != 1 {
		t.Fatalf("LookupEvents found %d StartQueryExecution and %d CreateNamedQuery events", len(sqe), len(cnq))
	}
	good, bad := sqe[1], sqe[0] // newest first
	if str(good, "errorCode") != "" {
		good, bad = bad, good
	}
	for i, pair := range [][2]map[string]any{{seed[0], good}, {seed[1], bad}, {seed[2], cnq[0]}} {
		if diffs := sameShape(pair[0], pair[1], "event"); len(diffs) > 0 {
			t.Errorf("event %d differs from seed 004's shape: %v\nours: %v", i, diffs, pair[1])
		}
		ours := pair[1]
		for _, k := range []string{"eventSource", "eventName", "eventType", "userIdentity.type", "requestParameters.queryString", "errorCode", "errorMessage"} {
			if str(ours, k) != str(pair[0], k) {
				t.Errorf("event %d %s = %q, seed has %q", i, k, str(ours, k), str(pair[0], k))
			}
		}
		if str(ours, "userIdentity.arn") != "arn:aws:iam::"+acct+":user/johndoe" || str(ours, "userIdentity.userName") != "johndoe" ||
			str(ours, "userIdentity.accessKeyId") != ak || str(ours, "userIdentity.accountId") != acct || str(ours, "recipientAccountId") != acct ||
			str(ours, "sourceIPAddress") != "127.0.0.1" || !strings.Contains(str(ours, "userAgent"), "aws-sdk-go-v2") ||
			str(ours, "eventVersion") != "1.11" || ours["managementEvent"] != true || str(ours, "eventCategory") != "Management" {
			t.Errorf("event %d values: %v", i, ours)
		}
	}
	if str(good, "awsRegion") != "us-east-1" || str(cnq[0], "awsRegion") != "us-west-2" {
		t.Errorf("regions %s %s", str(good, "awsRegion"), str(cnq[0], "awsRegion"))
	}
	if str(good, "requestParameters.clientRequestToken") != "16bc6e70-f972-4260-b18a-db1b623cb35c" ||
		str(good, "requestParameters.resultConfiguration.outputLocation") != "s3://results-bucket/test/" ||
		str(good, "responseElements.queryExecutionId") != aws.ToString(started.QueryExecutionId) || str(good, "requestID") != okRequestID {
		t.Errorf("successful StartQueryExecution event: %v", good)
	}
	if bad["responseElements"] != nil || str(bad, "errorMessage") != "Invalid result configuration. Should specify either output location or result configuration" {
		t.Errorf("failed StartQueryExecution event: %v", bad)
	}
	if str(cnq[0], "responseElements.namedQueryId") != aws.ToString(named.NamedQueryId) || str(cnq[0], "requestParameters.name") != "johndoetest" {
		t.Errorf("CreateNamedQuery event: %v", cnq[0])
	}
	// GetQueryExecution with the event's queryExecutionId gives the text.
	qe, err := east.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(str(good, "responseElements.queryExecutionId"))})
	if err != nil || aws.ToString(qe.QueryExecution.Query) != query {
		t.Fatalf("GetQueryExecution of the event's ID: %v %v", qe, err)
	}
	// The refused call is recorded with the key it presented.
	refused := lookup(t, ct, cttypes.LookupAttributeKeyEventName, "ListWorkGroups")
	if len(refused) != 1 || str(refused[0], "errorCode") != "InvalidSignatureException" || str(refused[0], "userIdentity.type") != "Unknown" ||
		str(refused[0], "userIdentity.accessKeyId") != ak {
		t.Fatalf("refused call events: %v", refused)
	}
	byUser := lookup(t, ct, cttypes.LookupAttributeKeyUsername, "johndoe")
	if len(byUser) < 4 {
		t.Fatalf("Username=johndoe: %d events", len(byUser))
	}
	all := lookup(t, ct, "", "")
	for _, e := range all {
		b, _ := json.Marshal(e)
		if strings.Contains(string(b), sk) || strings.Contains(string(b), s.sk) || strings.Contains(string(b), "top secret query") {
			t.Fatalf("an event holds a secret or the omitted query text: %s", b)
		}
	}
	if _, err := ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(51)}); apiErrorCode(err) != "InvalidMaxResultsException" {
		t.Fatalf("MaxResults 51: %v", err)
	}

	// Delivery: the trail's files appear under the seed's layout.
	bucketDir := filepath.Join(dir, "buckets", "audit-bucket")
	deadline := time.Now().Add(20 * time.Second)
	for {
		recs := readTrail(t, bucketDir)
		found := 0
		for _, r := range recs {
			if str(r, "requestID") == okRequestID {
				found++
			}
		}
		if found == 1 {
			break
		}
		if found > 1 || time.Now().After(deadline) {
			t.Fatalf("the successful StartQueryExecution is in the delivered trail %d times", found)
		}
		time.Sleep(100 * time.Millisecond)
	}
	today := time.Now().UTC().Format("2006/01/02")
	matches, _ := filepath.Glob(filepath.Join(bucketDir, "AWSLogs", acct, "CloudTrail", "us-east-1", today, acct+"_CloudTrail_us-east-1_*.json.gz"))
	if len(matches) == 0 {
		t.Fatalf("no log file under AWSLogs/%s/CloudTrail/us-east-1/%s", acct, today)
	}

	// The seed's DDL, verbatim but for bucket, account and region, queries
	// the delivered trail through the API.
	c := s.client(s.ak, s.sk)
	ddl := demo.Statements(demo.CreateTablePP, "audit-bucket", acct, "us-east-1")
	if _, qe := runQuery(t, c, ddl, "s3://results-bucket/q/"); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("seed DDL: %s", aws.ToString(qe.Status.StateChangeReason))
	}
	id, qe2 := runQuery(t, c, `SELECT useridentity.username, eventname, errorcode, json_extract_scalar(responseelements, '$.queryExecutionId') AS qid
FROM "default"."cloudtrail_logs_pp" WHERE timestamp = '`+today+`' AND eventsource = 'athena.amazonaws.com' AND eventname = 'StartQueryExecution'`, "s3://results-bucket/q/")
	if qe2.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("query over the trail: %s", aws.ToString(qe2.Status.StateChangeReason))
	}
	rows, _ := allResults(t, c, id, 100)
	got := []string{}
	for _, r := range rows[1:] {
		got = append(got, strings.Join(r, "|"))
	}
	sort.Strings(got)
	want := []string{"johndoe|StartQueryExecution|InvalidRequestException|NULL", "johndoe|StartQueryExecution|NULL|" + aws.ToString(started.QueryExecutionId)}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the trail's StartQueryExecution calls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The gap the seed mentions, closed in SQL: the trail's query IDs
	// joined to the query text.
	id, qe3 := runQuery(t, c, `SELECT t.useridentity.username, q.query, q.state, q.principal
FROM "default"."cloudtrail_logs_pp" t
JOIN system.query_executions q ON q.query_execution_id = json_extract_scalar(t.responseelements, '$.queryExecutionId')
WHERE t.timestamp = '`+today+`' AND t.eventname = 'StartQueryExecution'`, "s3://results-bucket/q/")
	if qe3.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("join with system.query_executions: %s", aws.ToString(qe3.Status.StateChangeReason))
	}
	rows, _ = allResults(t, c, id, 100)
	if len(rows) != 2 || strings.Join(rows[1], "|") != "johndoe|"+query+"|SUCCEEDED|arn:aws:iam::"+acct+":user/johndoe" {
		t.Fatalf("join with system.query_executions: %v", rows)
	}

	// StopLogging delivers what is pending, its own event included.
	stop, err := ct.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("trawl-audit")})
	if err != nil {
		t.Fatal(err)
	}
	stopID, _ := awsmiddleware.GetRequestIDMetadata(stop.ResultMetadata)
	deadline = time.Now().Add(20 * time.Second)
	for {
		n := 0
		for _, r := range readTrail(t, bucketDir) {
			if str(r, "requestID") == stopID {
				n++
			}
		}
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the StopLogging event was delivered %d times", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	st, err = ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("trawl-audit")})
	if err != nil || aws.ToBool(st.IsLogging) || st.LatestDeliveryTime == nil || st.StopLoggingTime == nil {
		t.Fatalf("status after StopLogging: %+v %v", st, err)
	}
	// No event is delivered twice.
	seen := map[string]int{}
	for _, r := range readTrail(t, bucketDir) {
		seen[str(r, "eventID")]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("event %s delivered %d times", id, n)
		}
	}
	if _, err := ct.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String("trawl-audit")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("trawl-audit")}); apiErrorCode(err) != "TrailNotFoundException" {
		t.Fatalf("status of a deleted trail: %v", err)
	}
}

// TestServeTrailCrash kills the server between its responses and the
// trail's delivery: after a restart every acknowledged call is delivered,
// exactly once.
func TestServeTrailCrash(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--trail-delivery-interval", "1h")
	ctx := context.Background()
	ct := s.cloudtrail(s.ak, s.sk, "us-east-1")
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("crash-trail"), S3BucketName: aws.String("crash-bucket")}); err != nil {
		t.Fatal(err)
	}
	var acked []string
	start, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("crash-trail")})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := awsmiddleware.GetRequestIDMetadata(start.ResultMetadata)
	acked = append(acked, id)
	c := s.client(s.ak, s.sk)
	for i := 0; i < 30; i++ {
		out, err := c.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		acked = append(acked, id)
	}
	bucketDir := filepath.Join(dir, "buckets", "crash-bucket")
	if n := len(readTrail(t, bucketDir)); n != 0 {
		t.Fatalf("%d events delivered before the interval", n)
	}
	s.cmd.Process.Kill()
	<-s.done

	s2 := startServe(t, dir, "--trail-delivery-interval", "1h")
	deadline := time.Now().Add(20 * time.Second)
	for {
		count := map[string]int{}
		for _, r := range readTrail(t, bucketDir) {
			count[str(r, "requestID")]++
		}
		missing := 0
		for _, id := range acked {
			if count[id] > 1 {
				t.Fatalf("call %s delivered %d times", id, count[id])
			}
			if count[id] == 0 {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d acknowledged calls not delivered after the restart", missing, len(acked))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A clean stop delivers the calls made since, still once each.
	out, err := s2.client(s2.ak, s2.sk).ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	last, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	s2.stop(t)
	count := map[string]int{}
	for _, r := range readTrail(t, bucketDir) {
		count[str(r, "eventID")]++
		if str(r, "requestID") == last {
			count["last"]++
		}
	}
	if count["last"] != 1 {
		t.Fatalf("the call before a clean stop was delivered %d times", count["last"])
	}
	for id, n := range count {
		if n != 1 {
			t.Fatalf("event %s delivered %d times", id, n)
		}
	}
}

// copyTree copies a data dir, so each tamper case starts from the same
// delivered trail.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime()) // as cp -a: object metadata is tied to the object's time
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTrailValidate delivers a trail with log file validation (two
// logging periods, so two chained digests per region), validates it with
// `trawl trail validate`, and checks that each kind of tampering is
// reported.
func TestTrailValidate(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--trail-delivery-interval", "200ms")
	ctx := context.Background()
	ct := s.cloudtrail(s.ak, s.sk, "us-east-1")
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("signed"), S3BucketName: aws.String("signed-bucket"),
		S3KeyPrefix: aws.String("audit"), EnableLogFileValidation: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	digestDir := filepath.Join(dir, "buckets", "signed-bucket", "audit", "AWSLogs", "123456789012", "CloudTrail-Digest", "us-east-1")
	countDigests := func() []string {
		var out []string
		filepath.Walk(digestDir, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				out = append(out, p)
			}
			return nil
		})
		sort.Strings(out)
		return out
	}
	c := s.client(s.ak, s.sk)
	for period := 1; period <= 2; period++ {
		if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("signed")}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			if _, err := c.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(400 * time.Millisecond) // a delivery in the period
		if _, err := ct.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("signed")}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for len(countDigests()) < period {
			if time.Now().After(deadline) {
				st, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("signed")})
				t.Fatalf("period %d: %d digest files; trail status %+v %v", period, len(countDigests()), st, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(1100 * time.Millisecond) // digests are named to the second
	}
	keys, err := ct.ListPublicKeys(ctx, &cloudtrail.ListPublicKeysInput{})
	if err != nil || len(keys.PublicKeyList) != 1 || len(keys.PublicKeyList[0].Value) < 200 || len(aws.ToString(keys.PublicKeyList[0].Fingerprint)) != 32 {
		t.Fatalf("ListPublicKeys: %+v %v", keys, err)
	}
	s.stop(t)
	digests := countDigests()
	if len(digests) != 2 {
		t.Fatalf("%d digest files, want 2: %v", len(digests), digests)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "buckets", "signed-bucket", "audit", "AWSLogs", "123456789012", "CloudTrail", "us-east-1", "*", "*", "*", "*.json.gz"))
	if len(logs) < 2 {
		t.Fatalf("%d log files", len(logs))
	}

	validate := func(d string) result {
		return trawl(t, "", "trail", "validate", "--data-dir", d, "--trail", "signed")
	}
	if r := validate(dir); r.code != 0 || !strings.Contains(r.stdout, "2/2 digest files valid") || !strings.Contains(r.stdout, fmt.Sprintf("%d/%d log files valid", len(logs), len(logs))) {
		t.Fatalf("untouched trail: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return r }
	for _, tc := range []struct {
		name   string
		tamper func(d string)
		want   string // a line of the report
	}{
		{"log file altered", func(d string) {
			p := filepath.Join(d, rel(logs[0]))
			f, _ := os.Open(p)
			zr, _ := gzip.NewReader(f)
			b, _ := io.ReadAll(zr)
			f.Close()
			// Every record has its region (not every file a ListWorkGroups:
			// the first delivery may hold StartLogging alone).
			if !bytes.Contains(b, []byte(`"awsRegion":"us-east-1"`)) {
				t.Fatalf("log file without a region: %s", b)
			}
			b = bytes.Replace(b, []byte(`"awsRegion":"us-east-1"`), []byte(`"awsRegion":"us-east-2"`), 1)
			out, _ := os.Create(p)
			zw := gzip.NewWriter(out)
			zw.Write(b)
			zw.Close()
			out.Close()
		}, strings.TrimPrefix(rel(logs[0]), "buckets/") + "\tINVALID"},
		{"log file deleted", func(d string) { os.Remove(filepath.Join(d, rel(logs[len(logs)-1]))) }, strings.TrimPrefix(rel(logs[len(logs)-1]), "buckets/") + "\tINVALID"},
		{"digest deleted", func(d string) { os.Remove(filepath.Join(d, rel(digests[0]))) }, strings.TrimPrefix(rel(digests[0]), "buckets/") + "\tINVALID"},
		{"digest altered", func(d string) {
			p := filepath.Join(d, rel(digests[1]))
			f, _ := os.Open(p)
			zr, _ := gzip.NewReader(f)
			b, _ := io.ReadAll(zr)
			f.Close()
			b = []byte(strings.Replace(string(b), `"awsAccountId":"123456789012"`, `"awsAccountId":"123456789013"`, 1))
			out, _ := os.Create(p)
			zw := gzip.NewWriter(out)
			zw.Write(b)
			zw.Close()
			out.Close()
		}, strings.TrimPrefix(rel(digests[1]), "buckets/") + "\tINVALID"},
	} {
		d := filepath.Join(t.TempDir(), "data")
		copyTree(t, dir, d)
		tc.tamper(d)
		r := validate(d)
		if r.code != 1 || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%s: exit %d, want 1 and a line with %q\n%s%s", tc.name, r.code, tc.want, r.stdout, r.stderr)
		}
	}
}

// TestServeTLSDetails serves HTTPS with a self-signed certificate: the
// calls' events carry tlsDetails.
func TestServeTLSDetails(t *testing.T) {
	dir := t.TempDir()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
	s := startServe(t, dir, "--tls-cert", certPath, "--tls-key", keyPath)
	if !strings.HasPrefix(s.endpoint, "https://") {
		t.Fatalf("endpoint %s", s.endpoint)
	}
	pool := x509.NewCertPool()
	pool.AddCert(must(x509.ParseCertificate(der)))
	httpClient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	ct := cloudtrail.New(cloudtrail.Options{Region: "eu-west-1", BaseEndpoint: aws.String(s.endpoint), HTTPClient: httpClient,
		Credentials: credentials.NewStaticCredentialsProvider(s.ak, s.sk, ""), RetryMaxAttempts: 1})
	if _, err := ct.DescribeTrails(context.Background(), &cloudtrail.DescribeTrailsInput{}); err != nil {
		t.Fatal(err)
	}
	evs := lookup(t, ct, cttypes.LookupAttributeKeyEventName, "DescribeTrails")
	if len(evs) != 1 {
		t.Fatalf("%d DescribeTrails events", len(evs))
	}
	host := strings.TrimPrefix(s.endpoint, "https://")
	if str(evs[0], "tlsDetails.tlsVersion") != "TLSv1.3" || str(evs[0], "tlsDetails.cipherSuite") == "" ||
		str(evs[0], "tlsDetails.clientProvidedHostHeader") != host || str(evs[0], "awsRegion") != "eu-west-1" {
		t.Fatalf("tlsDetails: %v", evs[0])
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
