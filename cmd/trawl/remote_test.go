package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"trawl/internal/demo"
)

// isolateAWS hides the machine's own AWS configuration from in-process
// SDK clients.
func isolateAWS(t *testing.T, dir string) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ATHENA"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-credentials"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "no-config"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// TestQueryEndpoint runs the CLI through the API (`trawl query
// --endpoint`) and checks that it prints what the in-process CLI prints.
func TestQueryEndpoint(t *testing.T) {
	dir := generated(t)
	s := startServe(t, dir)
	isolateAWS(t, dir)
	const out = "s3://results-bucket/cli/"
	remote := func(args ...string) result {
		// No credentials in the environment: the data dir's file is found.
		return trawl(t, "", append([]string{"query", "--data-dir", dir, "--endpoint", s.endpoint, "--output-location", out}, args...)...)
	}
	setup := strings.Join(demoSetup(), ";\n")
	if r := remote("--format", "csv", setup); r.code != 0 {
		t.Fatalf("DDL through the API: %s", r.stderr)
	}
	for _, q := range demo.Queries() {
		r := remote("--format", "csv", q)
		if r.code != 0 {
			t.Fatalf("%s: %s", q, r.stderr)
		}
		if !regexpMatch(`^\d+ rows in \d+\.\d{3}s; scanned \d+(\.\d\d [KMG])? ?B; query [0-9a-f-]{36}\n$`, r.stderr) {
			t.Fatalf("summary line %q", r.stderr)
		}
		local := ok(t, "", "query", "--data-dir", dir, "--format", "csv", q)
		got, want := csvRows(t, r.stdout), csvRows(t, local.stdout)
		if len(got) != len(want) || strings.Join(got[0], ",") != strings.Join(want[0], ",") {
			t.Fatalf("%s: %d rows %v through the API, %d rows %v in-process", q, len(got), got[0], len(want), want[0])
		}
		if limitRE.MatchString(q) {
			continue // ties at the limit may be cut differently; TestServeAthenaAPI checks membership
		}
		sortRows(got[1:])
		sortRows(want[1:])
		for i := range got {
			if strings.Join(got[i], "\x00") != strings.Join(want[i], "\x00") {
				t.Fatalf("%s row %d: %q through the API, %q in-process", q, i, got[i], want[i])
			}
		}
	}

	// Scalars in every format print exactly as in-process; a script runs
	// statement by statement.
	const scalars = "SELECT 1 AS a, true AS b, 'x\"y' AS c, CAST(NULL AS varchar) AS d, 2.5e0 AS e, DECIMAL '1.10' AS f, DATE '2025-01-02' AS g; SELECT 'second' AS s"
	for _, f := range []string{"csv", "json", "table"} {
		r := remote("--format", f, scalars)
		local := ok(t, "", "query", "--data-dir", dir, "--format", f, scalars)
		if r.code != 0 || r.stdout != local.stdout {
			t.Fatalf("--format %s: exit %d %s\nthrough the API:\n%s\nin-process:\n%s", f, r.code, r.stderr, r.stdout, local.stdout)
		}
	}

	// A bad query fails as in-process: Trino's error with its position, a caret under it.
	bad := "SELECT nosuch\nFROM cloudtrail_logs_pp"
	r := remote(bad)
	local := trawl(t, "", "query", "--data-dir", dir, bad)
	if r.code != 1 || !strings.Contains(r.stderr, "error: COLUMN_NOT_FOUND: line 1:8: Column 'nosuch' cannot be resolved\nSELECT nosuch\n       ^") || r.stderr != local.stderr {
		t.Fatalf("bad query: exit %d\n%s\nin-process:\n%s", r.code, r.stderr, local.stderr)
	}
	// An error while the result is written is the query's, not the store's.
	r = remote("SELECT sequence(1, 20000)")
	local = trawl(t, "", "query", "--data-dir", dir, "SELECT sequence(1, 20000)")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "error: INVALID_FUNCTION_ARGUMENT: ") || r.stderr != local.stderr {
		t.Fatalf("runtime error: exit %d %q, in-process %q", r.code, r.stderr, local.stderr)
	}
	// No output location anywhere: the API's refusal is the error.
	r = trawl(t, "", "query", "--data-dir", dir, "--endpoint", s.endpoint, "SELECT 1")
	if r.code != 1 || !strings.Contains(r.stderr, "Invalid result configuration") {
		t.Fatalf("no output location: exit %d %s", r.code, r.stderr)
	}
	// Wrong credentials are refused by the server, not ignored.
	t.Setenv("AWS_ACCESS_KEY_ID", s.ak)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong"+s.sk)
	r = remote("SELECT 1")
	if r.code != 1 || !strings.Contains(r.stderr, "InvalidSignatureException") {
		t.Fatalf("wrong secret: exit %d %s", r.code, r.stderr)
	}
}

// TestQueryEndpointInterrupt checks that giving up on a remote query
// (Ctrl-C) stops it on the server.
func TestQueryEndpointInterrupt(t *testing.T) {
	dir := generated(t)
	s := startServe(t, dir)
	isolateAWS(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(700*time.Millisecond, cancel)
	const slow = "SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 100)) c(z) WHERE x * y + z % 7 = 3"
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"query", "--data-dir", dir, "--endpoint", s.endpoint, "--output-location", "s3://results-bucket/cli/", slow}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "stopped: context canceled") {
		t.Fatalf("interrupted: exit %d %s", code, stderr.String())
	}
	c := s.client(s.ak, s.sk)
	list, err := c.ListQueryExecutions(context.Background(), &athena.ListQueryExecutionsInput{})
	if err != nil || len(list.QueryExecutionIds) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	qe := waitQuery(t, c, list.QueryExecutionIds[0])
	if qe.Status.State != athenatypes.QueryExecutionStateCancelled {
		t.Fatalf("the interrupted query is %s (%s), want CANCELLED", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }
