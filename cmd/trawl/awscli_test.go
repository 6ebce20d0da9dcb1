package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// awsCLI finds a working AWS CLI, installing Debian's awscli when none
// runs.
func awsCLI(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("aws"); err == nil {
		if exec.Command(p, "--version").Run() == nil {
			return p
		}
	}
	cmd := exec.Command("sh", "-c", "apt-get install -y -qq awscli >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq awscli >/dev/null 2>&1)")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cannot install awscli (apt-get): %v\n%s", err, out)
	}
	for _, p := range []string{"/usr/bin/aws", "aws"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "--version").Run() == nil {
			return path
		}
	}
	t.Fatal("awscli installed but `aws --version` fails")
	return ""
}

// awsEnv is the environment for the AWS CLI: this process's without its
// AWS_ settings, the given credentials file and no config file or pager.
func awsEnv(dir, credentials string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env, "AWS_SHARED_CREDENTIALS_FILE="+credentials, "AWS_CONFIG_FILE="+filepath.Join(dir, "no-config"), "AWS_PAGER=")
}

// TestServeAWSCLI drives start → poll → results with the real AWS CLI.
func TestServeAWSCLI(t *testing.T) {
	aws := awsCLI(t)
	dir := generated(t)
	s := startServe(t, dir)
	env := awsEnv(dir, filepath.Join(dir, "credentials"))
	cli := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.Command(aws, append([]string{"athena", "--endpoint-url", s.endpoint, "--region", "us-east-1", "--output", "json"}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		var m map[string]any
		if len(strings.TrimSpace(string(out))) > 0 {
			if err := json.Unmarshal(out, &m); err != nil {
				t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		return m
	}
	start := func(sql string) string {
		m := cli("start-query-execution", "--query-string", sql, "--query-execution-context", "Database=default",
			"--result-configuration", "OutputLocation=s3://results-bucket/athena/")
		return m["QueryExecutionId"].(string)
	}
	wait := func(id string) map[string]any {
		deadline := time.Now().Add(2 * time.Minute)
		for {
			qe := cli("get-query-execution", "--query-execution-id", id)["QueryExecution"].(map[string]any)
			state := qe["Status"].(map[string]any)["State"].(string)
			if state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED" {
				return qe
			}
			if time.Now().After(deadline) {
				t.Fatalf("query %s still %s", id, state)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, ddl := range demoSetup() {
		if qe := wait(start(ddl)); qe["Status"].(map[string]any)["State"] != "SUCCEEDED" {
			t.Fatalf("DDL: %v", qe["Status"])
		}
	}
	sql := "SELECT eventname, count(*) AS n FROM cloudtrail_logs_pp GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5"
	id := start(sql)
	qe := wait(id)
	if qe["Status"].(map[string]any)["State"] != "SUCCEEDED" || qe["Query"] != sql {
		t.Fatalf("query: %v", qe)
	}
	res := cli("get-query-results", "--query-execution-id", id)
	rows := res["ResultSet"].(map[string]any)["Rows"].([]any)
	want := csvRows(t, trawl(t, "", "query", "--data-dir", dir, "--format", "csv", sql).stdout)
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		data := r.(map[string]any)["Data"].([]any)
		for j, d := range data {
			if got := d.(map[string]any)["VarCharValue"]; got != want[i][j] {
				t.Fatalf("row %d col %d: %v, want %s", i, j, got, want[i][j])
			}
		}
	}
	cols := res["ResultSet"].(map[string]any)["ResultSetMetadata"].(map[string]any)["ColumnInfo"].([]any)
	if cols[1].(map[string]any)["Type"] != "bigint" || cols[0].(map[string]any)["Type"] != "varchar" {
		t.Fatalf("column info: %v", cols)
	}
	// A call the service refuses comes back as the CLI's error.
	cmd := exec.Command(aws, "athena", "--endpoint-url", s.endpoint, "--region", "us-east-1", "start-query-execution", "--query-string", "SELECT 1")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "An error occurred (InvalidRequestException) when calling the StartQueryExecution operation: Invalid result configuration. Should specify either output location or result configuration") {
		t.Fatalf("no output location: %v\n%s", err, out)
	}
}

// TestCloudTrailAWSCLI drives trawl's event history and trails with the
// real AWS CLI.
func TestCloudTrailAWSCLI(t *testing.T) {
	aws := awsCLI(t)
	dir := t.TempDir()
	s := startServe(t, dir)
	env := awsEnv(dir, filepath.Join(dir, "credentials"))
	cli := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.Command(aws, append([]string{"--endpoint-url", s.endpoint, "--region", "us-east-1", "--output", "json"}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		var m map[string]any
		if len(strings.TrimSpace(string(out))) > 0 {
			if err := json.Unmarshal(out, &m); err != nil {
				t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		return m
	}
	created := cli("cloudtrail", "create-trail", "--name", "cli-trail", "--s3-bucket-name", "cli-bucket")
	if created["TrailARN"] != "arn:aws:cloudtrail:us-east-1:123456789012:trail/cli-trail" {
		t.Fatalf("create-trail: %v", created)
	}
	cli("athena", "list-work-groups")
	cli("athena", "list-work-groups")
	res := cli("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListWorkGroups")
	events := res["Events"].([]any)
	if len(events) != 2 {
		t.Fatalf("lookup-events found %d ListWorkGroups events: %v", len(events), res)
	}
	for _, e := range events {
		ev := e.(map[string]any)
		var rec map[string]any
		if err := json.Unmarshal([]byte(ev["CloudTrailEvent"].(string)), &rec); err != nil {
			t.Fatal(err)
		}
		ui := rec["userIdentity"].(map[string]any)
		if ev["Username"] != "root" || ui["type"] != "Root" || rec["eventSource"] != "athena.amazonaws.com" || rec["readOnly"] != true ||
			!strings.HasPrefix(rec["userAgent"].(string), "aws-cli/") || ev["EventId"] != rec["eventID"] {
			t.Fatalf("lookup-events result: %v\nrecord: %v", ev, rec)
		}
	}
	trails := cli("cloudtrail", "describe-trails")["trailList"].([]any)
	if len(trails) != 1 || trails[0].(map[string]any)["S3BucketName"] != "cli-bucket" {
		t.Fatalf("describe-trails: %v", trails)
	}
	// The CLI's own CloudTrail calls are events too.
	if got := cli("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventSource,AttributeValue=cloudtrail.amazonaws.com")["Events"].([]any); len(got) < 2 {
		t.Fatalf("CloudTrail's own calls: %d events", len(got))
	}
}
