package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"trawl/internal/demo"
	"trawl/internal/testutil/s3server"
)

// useS3 starts a real S3 server (versitygw) and gives this process, and
// the servers it starts, the server's root credentials through the
// standard AWS environment. It returns the flags that point trawl at it.
func useS3(t *testing.T, dir string) (*s3server.Server, []string) {
	t.Helper()
	srv := s3server.Start(t)
	isolateAWS(t, dir)
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	return srv, []string{"--s3-endpoint", srv.Endpoint, "--s3-path-style"}
}

var scannedRE = regexp.MustCompile(`(?m)^(\d+) rows in \d+\.\d{3}s; scanned (.*) in (\d+) files, (\d+) partitions$`)

// TestS3SameAnswers runs the seed DDL and queries over the same generated
// trail in the local folder and in a bucket on a real S3 server: same
// answers, same files, partitions and bytes scanned.
func TestS3SameAnswers(t *testing.T) {
	local := generated(t)
	s3dir := t.TempDir()
	srv, flags := useS3(t, s3dir)
	srv.CreateBucket(t, demo.Bucket)
	files, _ := srv.Upload(t, filepath.Join(local, "buckets", demo.Bucket), demo.Bucket)
	if files < 50 {
		t.Fatalf("only %d files generated", files)
	}
	inLocal := func(sql string) result {
		return trawl(t, "", "query", "--data-dir", local, "--format", "csv", sql)
	}
	inS3 := func(sql string) result {
		return trawl(t, "", append(append([]string{"query", "--data-dir", s3dir, "--format", "csv"}, flags...), sql)...)
	}
	// The 004-style CloudTrail SerDe table over the whole account, with no
	// partitions: one listing of a large prefix.
	setup := append(demoSetup(), ctDDL("ct_all", "s3://"+demo.Bucket+"/AWSLogs/"), ctDDL("gone", "s3://no-such-bucket/AWSLogs/"))
	for i, ddl := range setup {
		l, s := inLocal(ddl), inS3(ddl)
		if l.code != 0 || s.code != 0 {
			t.Fatalf("%s\nlocal: %s\ns3: %s", ddl, l.stderr, s.stderr)
		}
		if i == 0 {
			if want := "S3-compatible endpoint " + srv.Endpoint + " (path-style, region us-east-1)"; s.store != want {
				t.Errorf("object store line %q, want %q", s.store, want)
			}
		}
	}
	queries := append(demo.Queries(),
		"SELECT eventsource, eventname, count(*) AS n, count(DISTINCT useridentity.arn) AS who FROM ct_all GROUP BY 1, 2",
		"SELECT count(*), min(eventtime), max(eventtime), sum(length(requestparameters)) FROM ct_all WHERE errorcode IS NOT NULL")
	for _, q := range queries {
		l, s := inLocal(q), inS3(q)
		if l.code != 0 || s.code != 0 {
			t.Fatalf("%s\nlocal: exit %d %s\ns3: exit %d %s", q, l.code, l.stderr, s.code, s.stderr)
		}
		lr, sr := csvRows(t, l.stdout), csvRows(t, s.stdout)
		if len(lr) != len(sr) {
			t.Fatalf("%s: %d rows locally, %d from S3", q, len(lr), len(sr))
		}
		if limitRE.MatchString(q) {
			// Which rows a LIMIT keeps depends on the order of the scan;
			// the whole answers must be the same.
			q = limitRE.ReplaceAllString(q, "")
			l, s = inLocal(q), inS3(q)
			lr, sr = csvRows(t, l.stdout), csvRows(t, s.stdout)
		}
		sortRows(lr[1:])
		sortRows(sr[1:])
		if strings.Join(flatten(lr), "\x00") != strings.Join(flatten(sr), "\x00") {
			t.Fatalf("%s: answers differ\nlocal: %v\ns3:    %v", q, lr, sr)
		}
		lm, sm := scannedRE.FindStringSubmatch(l.stderr), scannedRE.FindStringSubmatch(s.stderr)
		if lm == nil || sm == nil || lm[2] != sm[2] || lm[3] != sm[3] || lm[4] != sm[4] {
			t.Errorf("%s: local %q, S3 %q: want the same bytes, files and partitions scanned", q, l.stderr, s.stderr)
		}
		if lm != nil && lm[3] == "0" && len(lr) > 1 {
			t.Errorf("%s: rows from no files", q)
		}
	}

	// A table in a bucket that does not exist is an error, in both.
	const gone = "SELECT count(*) FROM gone"
	l, s := inLocal(gone), inS3(gone)
	if l.code == 0 || !strings.Contains(l.stderr, `bucket "no-such-bucket" does not exist`) || !strings.Contains(l.stderr, "s3://no-such-bucket/AWSLogs/") {
		t.Errorf("missing bucket, local: exit %d %s", l.code, l.stderr)
	}
	if s.code == 0 || !strings.Contains(s.stderr, `bucket "no-such-bucket" does not exist`) || !strings.Contains(s.stderr, "s3://no-such-bucket/AWSLogs/") || strings.Count(s.stderr, "s3://no-such-bucket/") != 1 {
		t.Errorf("missing bucket, S3: exit %d %s", s.code, s.stderr)
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "\x01"))
	}
	return out
}

// TestS3StoreChoice checks the order the object store is chosen in and
// the errors of a bad choice.
func TestS3StoreChoice(t *testing.T) {
	dir := t.TempDir()
	srv, flags := useS3(t, dir)
	// TRAWL_S3_ENDPOINT is the flag's default.
	t.Setenv("TRAWL_S3_ENDPOINT", srv.Endpoint)
	t.Setenv("TRAWL_S3_PATH_STYLE", "true")
	r := ok(t, "", "query", "--data-dir", dir, "SELECT 1")
	if !strings.HasPrefix(r.store, "S3-compatible endpoint "+srv.Endpoint+" (path-style") {
		t.Errorf("TRAWL_S3_ENDPOINT: store %q", r.store)
	}
	// An endpoint wins over --s3 aws.
	r = ok(t, "", append([]string{"query", "--data-dir", dir, "--s3", "aws", "SELECT 1"}, flags...)...)
	if !strings.HasPrefix(r.store, "S3-compatible endpoint ") {
		t.Errorf("--s3-endpoint with --s3 aws: store %q", r.store)
	}
	t.Setenv("TRAWL_S3_ENDPOINT", "")
	// --s3 aws: the standard configuration, here AWS_ENDPOINT_URL_S3.
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.Endpoint)
	t.Setenv("AWS_REGION", "us-east-1")
	r = ok(t, "", "query", "--data-dir", dir, "--s3", "aws", "SELECT 1")
	if r.store != "AWS S3 configuration, endpoint "+srv.Endpoint+" (region us-east-1)" {
		t.Errorf("--s3 aws: store %q", r.store)
	}
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	if r := trawl(t, "", "query", "--data-dir", dir, "--s3", "aws", "SELECT 1"); r.code == 0 || !strings.Contains(r.stderr, "no AWS region is configured") {
		t.Errorf("--s3 aws without a region: exit %d %s", r.code, r.stderr)
	}
	// Neither: the embedded folder.
	r = ok(t, "", "query", "--data-dir", dir, "SELECT 1")
	if r.store != "local folder "+filepath.Join(dir, "buckets") {
		t.Errorf("default: store %q", r.store)
	}
	for _, bad := range [][]string{{"--s3", "gcs"}, {"--s3-endpoint", "localhost:9000"}} {
		if r := trawl(t, "", append([]string{"query", "--data-dir", dir, "SELECT 1"}, bad...)...); r.code == 0 || !strings.Contains(r.stderr, "invalid "+bad[0]) {
			t.Errorf("%v: exit %d %s", bad, r.code, r.stderr)
		}
	}
	// No credentials anywhere: refused at start, saying how to give them.
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if r := trawl(t, "", append([]string{"query", "--data-dir", dir, "SELECT 1"}, flags...)...); r.code == 0 || !strings.Contains(r.stderr, "no credentials for the object store") {
		t.Errorf("no credentials: exit %d %s", r.code, r.stderr)
	}
}

// logBytes sums the sizes of the objects under dir a scan reads (what
// the scan's isLogObject keeps).
func logBytes(t *testing.T, dirs ...string) int64 {
	var n int64
	for _, d := range dirs {
		filepath.Walk(d, func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || info.Size() == 0 {
				return nil
			}
			b := info.Name()
			if strings.HasPrefix(b, "_") || strings.HasPrefix(b, ".") || b == "ConfigWritabilityCheckFile" {
				return nil
			}
			n += info.Size()
			return nil
		})
	}
	return n
}

// TestServeS3 runs `trawl serve` on a real S3 server: tables scanned from
// a bucket, results written to one (multipart when large), and trawl's
// own trail delivered to one with signed digests that validate.
func TestServeS3(t *testing.T) {
	local := generated(t)
	dir := t.TempDir()
	srv, flags := useS3(t, dir)
	for _, b := range []string{demo.Bucket, "results-bucket", "audit-bucket"} {
		srv.CreateBucket(t, b)
	}
	srv.Upload(t, filepath.Join(local, "buckets", demo.Bucket), demo.Bucket)
	s := startServe(t, dir, append(flags, "--trail-delivery-interval", "300ms")...)
	ctx := context.Background()
	ct := s.cloudtrail(s.ak, s.sk, "us-east-1")
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("audit"), S3BucketName: aws.String("audit-bucket"),
		EnableLogFileValidation: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("audit")}); err != nil {
		t.Fatal(err)
	}
	c := s.client(s.ak, s.sk)
	const out = "s3://results-bucket/athena/"
	for _, ddl := range demoSetup() {
		if _, qe := runQuery(t, c, ddl, out); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
			t.Fatalf("%s: %s", ddl, aws.ToString(qe.Status.StateChangeReason))
		}
	}
	// The seed's count over 2025/01/02 and /03 (the data has 01 to 03).
	q := demo.SeedQueries[2]
	id, qe := runQuery(t, c, q, out)
	if qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("%s: %s", q, aws.ToString(qe.Status.StateChangeReason))
	}
	days := filepath.Join(local, "buckets", demo.Bucket, "AWSLogs", demo.Account, "CloudTrail", demo.Region, "2025", "01")
	if got, want := aws.ToInt64(qe.Statistics.DataScannedInBytes), logBytes(t, filepath.Join(days, "02"), filepath.Join(days, "03")); got != want {
		t.Errorf("DataScannedInBytes %d, want %d: the compressed bytes of the two days' objects", got, want)
	}
	if aws.ToString(qe.ResultConfiguration.OutputLocation) != out+id+".csv" {
		t.Errorf("output location %s", aws.ToString(qe.ResultConfiguration.OutputLocation))
	}
	for _, key := range []string{"athena/" + id + ".csv", "athena/" + id + ".csv.metadata"} {
		if _, err := srv.Client().HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String("results-bucket"), Key: aws.String(key)}); err != nil {
			t.Errorf("result object %s: %v", key, err)
		}
	}
	got, _ := allResults(t, c, id, 5)
	ok(t, "", "query", "--data-dir", local, strings.Join(demoSetup(), ";\n"))
	want := csvRows(t, ok(t, "", "query", "--data-dir", local, "--format", "csv", q).stdout)
	sortRows(got[1:])
	sortRows(want[1:])
	if strings.Join(flatten(got), "\x00") != strings.Join(flatten(want), "\x00") {
		t.Errorf("results from the bucket %v, local answer %v", got, want)
	}

	// A 20 MB result: a multipart upload, read back whole from the bucket.
	big := "SELECT a, b, rpad('x', 90, 'y') AS pad FROM UNNEST(sequence(1, 1000)) AS t1(a) CROSS JOIN UNNEST(sequence(1, 200)) AS t2(b)"
	id, qe = runQuery(t, c, big, out)
	if qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("big result: %s", aws.ToString(qe.Status.StateChangeReason))
	}
	obj, err := srv.Client().GetObject(ctx, &awss3.GetObjectInput{Bucket: aws.String("results-bucket"), Key: aws.String("athena/" + id + ".csv")})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(obj.Body)
	obj.Body.Close()
	if err != nil || len(body) < 20_000_000 || bytes.Count(body, []byte("\n")) != 200001 || !strings.Contains(aws.ToString(obj.ETag), "-") {
		t.Errorf("big result object: %d bytes, %d lines, ETag %s (want a multipart ETag), %v", len(body), bytes.Count(body, []byte("\n")), aws.ToString(obj.ETag), err)
	}
	page, err := c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(3)})
	if err != nil || len(page.ResultSet.Rows) != 3 || aws.ToString(page.ResultSet.Rows[1].Data[0].VarCharValue) == "" {
		t.Errorf("first page of the big result: %v %v", page, err)
	}

	// The trail, delivered to the bucket with a signed digest.
	if _, err := ct.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("audit")}); err != nil {
		t.Fatal(err)
	}
	digestPrefix := "AWSLogs/" + demo.Account + "/CloudTrail-Digest/"
	deadline := time.Now().Add(20 * time.Second)
	var digests []string
	for len(digests) == 0 {
		l, err := srv.Client().ListObjectsV2(ctx, &awss3.ListObjectsV2Input{Bucket: aws.String("audit-bucket"), Prefix: aws.String(digestPrefix)})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range l.Contents {
			digests = append(digests, aws.ToString(o.Key))
		}
		if time.Now().After(deadline) {
			t.Fatal("no digest delivered to the bucket")
		}
		time.Sleep(50 * time.Millisecond)
	}
	h, err := srv.Client().HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String("audit-bucket"), Key: aws.String(digests[0])})
	if err != nil || len(h.Metadata["signature"]) < 64 || h.Metadata["signature-algorithm"] != "SHA256withRSA" {
		t.Errorf("digest %s metadata %v %v", digests[0], h.Metadata, err)
	}
	s.stop(t)
	if r := trawl(t, "", append([]string{"trail", "validate", "--data-dir", dir, "--trail", "audit"}, flags...)...); r.code != 0 || !strings.Contains(r.stdout, "1/1 digest files valid") {
		t.Errorf("trail validate on S3: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The delivered trail answers the seed DDL, over the bucket.
	ddl := strings.Replace(demo.Setup("audit-bucket", demo.Account, demo.Region)[0], "cloudtrail_logs_pp", "audit_pp", 1)
	ok(t, "", append(append([]string{"query", "--data-dir", dir}, flags...), ddl)...)
	r := ok(t, "", append(append([]string{"query", "--data-dir", dir, "--format", "csv"}, flags...),
		"SELECT count(*) FROM audit_pp WHERE timestamp >= date_format(current_date - interval '1' day, '%Y/%m/%d') AND eventname = 'StartQueryExecution' AND eventsource = 'athena.amazonaws.com'")...)
	if rows := csvRows(t, r.stdout); len(rows) != 2 || rows[1][0] != "4" {
		t.Errorf("StartQueryExecution events in the delivered trail: %v (want 4: two DDL, two queries)", rows)
	}
}

// readChars returns the bytes process pid has read so far (rchar in
// /proc/PID/io): a versitygw serving objects reads their files.
func readChars(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "rchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	t.Fatalf("no rchar in /proc/%d/io", pid)
	return 0
}

// stopMidScan waits until the server has read `after` more bytes than at
// the call, then kills it (SIGKILL) while the scan is in full flight.
func stopMidScan(t *testing.T, srv *s3server.Server, after int64, running func() bool) {
	t.Helper()
	pid := srv.PID()
	base := readChars(t, pid)
	deadline := time.Now().Add(60 * time.Second)
	for readChars(t, pid)-base < after {
		if !running() {
			t.Fatal("the query finished before the server was stopped; the test needs more data")
		}
		if time.Now().After(deadline) {
			t.Fatal("the server read nothing")
		}
		time.Sleep(2 * time.Millisecond)
	}
	srv.Stop()
}

// TestS3ScanFault stops the S3 server in the middle of a scan. Restarted
// a second later, the query completes with the same answer as from the
// local folder; left down, the query fails with an error naming the
// object store, and nothing of its result is published.
func TestS3ScanFault(t *testing.T) {
	local := t.TempDir()
	ok(t, "", "gen", "--data-dir", local, "--size-mb", "60", "--days", "2", "--start", "2025-01-01")
	ok(t, "", "query", "--data-dir", local, strings.Join(demoSetup(), ";\n"))
	dir := t.TempDir()
	srv, flags := useS3(t, dir)
	srv.CreateBucket(t, demo.Bucket)
	srv.CreateBucket(t, "results-bucket")
	_, total := srv.Upload(t, filepath.Join(local, "buckets", demo.Bucket), demo.Bucket)
	ok(t, "", append(append([]string{"query", "--data-dir", dir}, flags...), strings.Join(demoSetup(), ";\n"))...)
	const q = "SELECT eventsource, eventname, count(*) AS n, count(DISTINCT sourceipaddress) AS ips FROM cloudtrail_logs_pp WHERE timestamp >= '2025/01/01' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
	want := ok(t, "", "query", "--data-dir", local, "--format", "csv", q).stdout

	// Stopped and restarted: the retries ride it out.
	done := make(chan result, 1)
	go func() {
		done <- trawl(t, "", append(append([]string{"query", "--data-dir", dir, "--format", "csv"}, flags...), q)...)
	}()
	var finished result
	var isDone bool
	running := func() bool {
		if isDone {
			return false
		}
		select {
		case finished = <-done:
			isDone = true
			return false
		default:
			return true
		}
	}
	stopMidScan(t, srv, total/4, running)
	time.Sleep(time.Second)
	srv.Restart(t)
	if !isDone {
		finished = <-done
	}
	if finished.code != 0 || finished.stdout != want {
		t.Fatalf("query across a restart of the S3 server: exit %d\nstderr: %s\ngot:\n%.500s\nwant:\n%.500s", finished.code, finished.stderr, finished.stdout, want)
	}

	// Left down, through the API: FAILED, the reason names the store's
	// failure, and no result object or results.
	t.Setenv("AWS_MAX_ATTEMPTS", "2")
	s := startServe(t, dir, flags...)
	c := s.client(s.ak, s.sk)
	ctx := context.Background()
	start, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(q),
		ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://results-bucket/fault/")}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(start.QueryExecutionId)
	stopMidScan(t, srv, total/4, func() bool {
		g, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		return err == nil && (g.QueryExecution.Status.State == athenatypes.QueryExecutionStateRunning || g.QueryExecution.Status.State == athenatypes.QueryExecutionStateQueued)
	})
	qe := waitQuery(t, c, id)
	reason := aws.ToString(qe.Status.StateChangeReason)
	if qe.Status.State != athenatypes.QueryExecutionStateFailed || !strings.Contains(reason, "s3://example-bucket/AWSLogs/") ||
		!regexp.MustCompile(`connection refused|connection reset|broke`).MatchString(reason) {
		t.Fatalf("query with the S3 server down: %s %q", qe.Status.State, reason)
	}
	t.Logf("with the S3 server down: %s", reason)
	if _, err := c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)}); apiErrorCode(err) != "InvalidRequestException" {
		t.Errorf("GetQueryResults of the failed query: %v", err)
	}
	srv.Restart(t)
	if _, err := srv.Client().HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String("results-bucket"), Key: aws.String("fault/" + id + ".csv")}); err == nil {
		t.Errorf("a failed query published its result object")
	}
}
