package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// bigTrail writes n uncompressed CloudTrail files of about mb MB each
// under the bucket's AWSLogs prefix, and returns the bytes written.
func bigTrail(t *testing.T, bucketDir string, n int, mb int) int64 {
	t.Helper()
	var total int64
	for f := 0; f < n; f++ {
		var recs []map[string]any
		size := 0
		for i := 0; size < mb<<20; i++ {
			r := record(fmt.Sprintf("Event%d", i%37), "s3.amazonaws.com", fmt.Sprintf("user%d", i%101), "")
			r["eventID"] = fmt.Sprintf("evt-%d-%d", f, i)
			recs = append(recs, r)
			size += 900
		}
		path := filepath.Join(bucketDir, "AWSLogs", "111122223333", "CloudTrail", "eu-west-1", "2025", "01", "07", fmt.Sprintf("f%d.json", f))
		writeTrailFile(t, path, false, recs...)
		total += fileSize(t, path)
	}
	return total
}

// TestServeWorkGroupLimits covers the workgroup's bytes-scanned cutoff,
// DeleteWorkGroup and the per-query timeout.
func TestServeWorkGroupLimits(t *testing.T) {
	dir := t.TempDir()
	size := bigTrail(t, filepath.Join(dir, "buckets", "big-bucket"), 4, 4)
	if size < 11<<20 {
		t.Fatalf("the test trail is %d bytes; the cutoff test needs more than 10 MB", size)
	}
	s := startServe(t, dir)
	c := s.client(s.ak, s.sk)
	ctx := context.Background()
	const out = "s3://results-bucket/limits/"
	if _, qe := runQuery(t, c, ctDDL("big", "s3://big-bucket/AWSLogs/"), out); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("DDL: %s", aws.ToString(qe.Status.StateChangeReason))
	}
	const scan = "SELECT eventname, count(*) FROM big GROUP BY 1"
	_, qe := runQuery(t, c, scan, out)
	if qe.Status.State != athenatypes.QueryExecutionStateSucceeded || aws.ToInt64(qe.Statistics.DataScannedInBytes) != size {
		t.Fatalf("uncapped scan: %s, scanned %d of %d bytes", qe.Status.State, aws.ToInt64(qe.Statistics.DataScannedInBytes), size)
	}

	// The service model's minimum cutoff is enforced.
	_, err := c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String("tiny"),
		Configuration: &athenatypes.WorkGroupConfiguration{BytesScannedCutoffPerQuery: aws.Int64(1000)}})
	if code := apiErrorCode(err); code != "InvalidRequestException" || !strings.Contains(err.Error(), "greater than or equal to 10000000") {
		t.Fatalf("cutoff below the minimum: %v", err)
	}
	_, err = c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String("capped"),
		Configuration: &athenatypes.WorkGroupConfiguration{BytesScannedCutoffPerQuery: aws.Int64(10485760),
			ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)}}})
	if err != nil {
		t.Fatal(err)
	}
	inCapped := func(sql string) *athenatypes.QueryExecution {
		res, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql), WorkGroup: aws.String("capped"),
			QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String("default")}})
		if err != nil {
			t.Fatal(err)
		}
		return waitQuery(t, c, aws.ToString(res.QueryExecutionId))
	}
	qe = inCapped(scan)
	reason := aws.ToString(qe.Status.StateChangeReason)
	if qe.Status.State != athenatypes.QueryExecutionStateCancelled || !strings.Contains(reason, "Bytes scanned limit was exceeded (limit: 10485760 bytes") {
		t.Fatalf("capped scan: %s %q", qe.Status.State, reason)
	}
	if _, err := c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId}); apiErrorCode(err) != "InvalidRequestException" {
		t.Fatalf("results of a cut-off query: %v", err)
	}
	// A query under the limit runs in the same workgroup.
	small := inCapped("SELECT 42")
	if small.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("small query in the capped workgroup: %s %s", small.Status.State, aws.ToString(small.Status.StateChangeReason))
	}

	// DeleteWorkGroup: primary stays, a workgroup with history needs
	// RecursiveDeleteOption, which takes its history with it.
	if _, err := c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("primary")}); apiErrorCode(err) != "InvalidRequestException" {
		t.Fatalf("delete primary: %v", err)
	}
	if _, err := c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("capped")}); apiErrorCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "WorkGroup capped is not empty") {
		t.Fatalf("delete a workgroup with history: %v", err)
	}
	if _, err := c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("capped"), RecursiveDeleteOption: aws.Bool(true)}); err != nil {
		t.Fatalf("recursive delete: %v", err)
	}
	if _, err := c.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("capped")}); apiErrorCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "WorkGroup capped is not found.") {
		t.Fatalf("get a deleted workgroup: %v", err)
	}
	if _, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: small.QueryExecutionId}); apiErrorCode(err) != "InvalidRequestException" {
		t.Fatalf("a deleted workgroup's query is still known: %v", err)
	}
	if _, err := c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String("empty")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("empty")}); err != nil {
		t.Fatalf("delete an empty workgroup: %v", err)
	}
	list, err := c.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
	if err != nil || len(list.WorkGroups) != 1 || aws.ToString(list.WorkGroups[0].Name) != "primary" {
		t.Fatalf("workgroups after the deletes: %+v %v", list, err)
	}
	if _, err := c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String("empty")}); apiErrorCode(err) != "InvalidRequestException" {
		t.Fatalf("delete twice: %v", err)
	}
}

// TestServeQueryTimeout checks --query-timeout: a query running longer
// fails with Athena's timeout error type, and the next query runs.
func TestServeQueryTimeout(t *testing.T) {
	s := startServe(t, t.TempDir(), "--query-timeout", "400ms", "--max-concurrent-queries", "1")
	c := s.client(s.ak, s.sk)
	const slow = "SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 100)) c(z) WHERE x * y + z % 7 = 3"
	start := time.Now()
	_, qe := runQuery(t, c, slow, "s3://results-bucket/t/")
	if qe.Status.State != athenatypes.QueryExecutionStateFailed || !strings.Contains(aws.ToString(qe.Status.StateChangeReason), "Query timeout") ||
		qe.Status.AthenaError == nil || aws.ToInt32(qe.Status.AthenaError.ErrorCategory) != 1 || aws.ToInt32(qe.Status.AthenaError.ErrorType) != 206 {
		t.Fatalf("timed-out query: %s %q %+v", qe.Status.State, aws.ToString(qe.Status.StateChangeReason), qe.Status.AthenaError)
	}
	if el := time.Since(start); el > 15*time.Second {
		t.Fatalf("the timed-out query ended only after %s", el)
	}
	if _, qe := runQuery(t, c, "SELECT 1", "s3://results-bucket/t/"); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("query after a timeout: %s", qe.Status.State)
	}
}

// TestServeSignatureChecks sends hand-signed requests: one signed 20
// minutes ago is refused as expired, and a captured request that changes
// something, sent a second time, is refused as a replay. Identical
// read-only calls in one second (a polling script) are both served.
func TestServeSignatureChecks(t *testing.T) {
	s := startServe(t, t.TempDir())
	var body []byte
	send := func(req *http.Request) (int, string) {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	signed := func(op string, at time.Time) *http.Request {
		req, err := http.NewRequest(http.MethodPost, s.endpoint+"/", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AmazonAthena."+op)
		sum := sha256.Sum256(body)
		err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: s.ak, SecretAccessKey: s.sk}, req, hex.EncodeToString(sum[:]), "athena", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	again := func(req *http.Request) *http.Request {
		r := req.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(body))
		return r
	}
	body = []byte(`{}`)
	if code, msg := send(signed("ListWorkGroups", time.Now().Add(-20*time.Minute))); code != 400 || !strings.Contains(msg, "InvalidSignatureException") || !strings.Contains(msg, "Signature expired") {
		t.Fatalf("old signature: %d %s", code, msg)
	}
	read := signed("ListWorkGroups", time.Now())
	readAgain := again(read)
	for _, r := range []*http.Request{read, readAgain} {
		if code, msg := send(r); code != 200 || !strings.Contains(msg, "primary") {
			t.Fatalf("identical read-only requests: %d %s", code, msg)
		}
	}
	body = []byte(`{"Name":"wg1"}`)
	req := signed("CreateWorkGroup", time.Now())
	replay := again(req)
	if code, msg := send(req); code != 200 {
		t.Fatalf("fresh request: %d %s", code, msg)
	}
	if code, msg := send(replay); code != 400 || !strings.Contains(msg, "InvalidSignatureException") || !strings.Contains(msg, "already been used") {
		t.Fatalf("replayed request: %d %s", code, msg)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
