package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestMain lets the test binary play trawl itself: with TRAWL_TEST_MAIN
// set it runs main(), so TestBinary can check the real process's exit
// status without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("TRAWL_TEST_MAIN") == "1" {
		os.Args = append([]string{"trawl"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
	store          string // the "object store: ..." line, taken out of stderr
}

// trawl runs one command line in-process with stdin as standard input.
func trawl(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	r := result{code: code, stdout: out.String()}
	r.stderr, r.store = cutStoreLine(errb.String())
	return r
}

// cutStoreLine takes the start-up line naming the object store out of a
// command's stderr.
func cutStoreLine(stderr string) (rest, store string) {
	if strings.HasPrefix(stderr, "object store: ") {
		line, rest, _ := strings.Cut(stderr, "\n")
		return rest, strings.TrimPrefix(line, "object store: ")
	}
	return stderr, ""
}

// ok runs a command line that must succeed.
func ok(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	r := trawl(t, stdin, args...)
	if r.code != 0 {
		t.Fatalf("trawl %q: exit %d\nstderr: %s", args, r.code, r.stderr)
	}
	return r
}

var summaryRE = regexp.MustCompile(`^(\d+) rows in \d+\.\d{3}s; scanned (\d+ B|\d+\.\d\d [KMG]B) in (\d+) files, (\d+) partitions$`)

// summaries parses the stderr summary lines: rows, files, partitions.
func summaries(t *testing.T, stderr string) [][3]int {
	t.Helper()
	var out [][3]int
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if strings.HasPrefix(l, "warning:") {
			continue
		}
		m := summaryRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("stderr line %q is not a summary line (stderr: %q)", l, stderr)
		}
		rows, _ := strconv.Atoi(m[1])
		files, _ := strconv.Atoi(m[3])
		parts, _ := strconv.Atoi(m[4])
		out = append(out, [3]int{rows, files, parts})
	}
	return out
}

const literalQuery = `SELECT 1 AS n, 'a "q", b' AS s, CAST(NULL AS varchar) AS nul, '' AS empty, ARRAY['x', 'y'] AS arr, ` +
	`TIMESTAMP '2025-01-07 11:00:00.000 UTC' AS ts, true AS b, 2.5e0 AS d, CAST(ROW(1, 'z') AS ROW(i integer, v varchar)) AS r`

func TestQueryFormats(t *testing.T) {
	dd := t.TempDir()
	r := ok(t, "", "--data-dir", dd, "query", "--format", "csv", literalQuery)
	wantCSV := `"n","s","nul","empty","arr","ts","b","d","r"` + "\n" +
		`"1","a ""q"", b",,"","[x, y]","2025-01-07 11:00:00.000 UTC","true","2.5","{i=1, v=z}"` + "\n"
	if r.stdout != wantCSV {
		t.Errorf("csv:\n got %q\nwant %q", r.stdout, wantCSV)
	}
	if s := summaries(t, r.stderr); len(s) != 1 || s[0] != [3]int{1, 0, 0} {
		t.Errorf("summary %v (stderr %q)", s, r.stderr)
	}

	// Without --format, output that is not a terminal gets CSV.
	if r := ok(t, "", "--data-dir", dd, "query", literalQuery); r.stdout != wantCSV {
		t.Errorf("default format:\n got %q\nwant %q", r.stdout, wantCSV)
	}

	r = ok(t, "", "--data-dir", dd, "query", "--format", "json", literalQuery)
	wantJSON := `{"n":1,"s":"a \"q\", b","nul":null,"empty":"","arr":["x","y"],"ts":"2025-01-07 11:00:00.000 UTC",` +
		`"b":true,"d":2.5,"r":{"i":1,"v":"z"}}` + "\n"
	if r.stdout != wantJSON {
		t.Errorf("json:\n got %s\nwant %s", r.stdout, wantJSON)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil || m["nul"] != nil || m["n"] != 1.0 {
		t.Errorf("json does not decode as expected: %v %v", err, m)
	}

	r = ok(t, "", "--data-dir", dd, "query", "--format", "table", "SELECT '日本' AS name, 42 AS n, 'a\u200b' AS x, NULL AS y")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{
		" name | n  | x |  y   ",
		"------+----+---+------",
		" 日本 | 42 | a\u200b | NULL ",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", r.stdout, strings.Join(want, "\n"))
	}

	// An empty result is the header alone, in every format.
	for format, want := range map[string]string{
		"csv":   "\"x\"\n",
		"json":  "",
		"table": " x \n---\n",
	} {
		r := ok(t, "", "--data-dir", dd, "query", "--format", format, "SELECT 1 AS x WHERE false")
		if r.stdout != want {
			t.Errorf("%s empty result: got %q want %q", format, r.stdout, want)
		}
		if s := summaries(t, r.stderr); len(s) != 1 || s[0][0] != 0 {
			t.Errorf("%s empty result summary %v", format, s)
		}
	}

	// An unknown format fails before anything runs.
	r = trawl(t, "", "--data-dir", dd, "query", "--format", "xml", "CREATE DATABASE should_not_exist")
	if r.code == 0 || !strings.Contains(r.stderr, `unknown --format "xml"`) {
		t.Errorf("--format xml: exit %d, stderr %q", r.code, r.stderr)
	}
	r = ok(t, "", "--data-dir", dd, "query", "SHOW DATABASES")
	if strings.Contains(r.stdout, "should_not_exist") {
		t.Errorf("a statement ran despite the bad --format: %q", r.stdout)
	}
}

func TestQuerySources(t *testing.T) {
	dd := t.TempDir()
	const sql = "SELECT 'from' AS src; SELECT 2 AS two"
	want := "\"src\"\n\"from\"\n\"two\"\n\"2\"\n"
	file := filepath.Join(t.TempDir(), "q.sql")
	if err := os.WriteFile(file, []byte("-- two statements\n"+sql+";\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]result{
		"argument": ok(t, "SELECT 'stdin ignored'", "--data-dir", dd, "query", sql),
		"file":     ok(t, "SELECT 'stdin ignored'", "--data-dir", dd, "query", "-f", file),
		"stdin":    ok(t, sql, "--data-dir", dd, "query"),
		"stdin -":  ok(t, sql, "--data-dir", dd, "query", "--file", "-"),
	} {
		if r.stdout != want {
			t.Errorf("%s: stdout %q want %q", name, r.stdout, want)
		}
		if s := summaries(t, r.stderr); len(s) != 2 || s[0][0] != 1 || s[1][0] != 1 {
			t.Errorf("%s: want two summary lines of one row, got %v", name, s)
		}
	}

	for name, c := range map[string]struct {
		stdin string
		args  []string
		err   string
	}{
		"both":         {"", []string{"query", "-f", file, "SELECT 1"}, "not both"},
		"missing file": {"", []string{"query", "-f", filepath.Join(t.TempDir(), "nope.sql")}, "no such file"},
		"empty stdin":  {"", []string{"query"}, "no SQL statement"},
		"comment only": {"-- nothing\n", []string{"query"}, "no SQL statement"},
		"two args":     {"", []string{"query", "SELECT 1", "SELECT 2"}, "accepts at most 1 arg"},
	} {
		r := trawl(t, c.stdin, append([]string{"--data-dir", dd}, c.args...)...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, "error: ") || !strings.Contains(r.stderr, c.err) || r.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want a failure mentioning %q", name, r.code, r.stdout, r.stderr, c.err)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	dd := t.TempDir()
	r := trawl(t, "", "--data-dir", dd, "query", "SELEC 1")
	if r.code == 0 || r.stdout != "" {
		t.Fatalf("syntax error: exit %d stdout %q", r.code, r.stdout)
	}
	want := "error: SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'."
	if !strings.HasPrefix(r.stderr, want) || !strings.HasSuffix(r.stderr, "SELEC 1\n^\n") {
		t.Errorf("syntax error stderr %q, want it to start with %q and end with a caret", r.stderr, want)
	}

	r = trawl(t, "", "--data-dir", dd, "query", "SELECT * FROM nope")
	want = "error: TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.nope' does not exist\nSELECT * FROM nope\n              ^\n"
	if r.code == 0 || r.stderr != want || r.stdout != "" {
		t.Errorf("unknown table: exit %d stdout %q stderr %q, want stderr %q", r.code, r.stdout, r.stderr, want)
	}

	// Statements before the failing one run and print; the ones after do not.
	r = trawl(t, "", "--data-dir", dd, "query", "SELECT 1 AS a; SELECT * FROM nope; SELECT 3 AS c")
	if r.code == 0 || r.stdout != "\"a\"\n\"1\"\n" || !strings.Contains(r.stderr, "TABLE_NOT_FOUND") {
		t.Errorf("failure midway: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, " rows in "); n != 1 {
		t.Errorf("want one summary line before the error, got %d: %q", n, r.stderr)
	}

	r = trawl(t, "", "--data-dir", dd, "query", "--bogus", "SELECT 1")
	if r.code == 0 || !strings.Contains(r.stderr, "unknown flag: --bogus") {
		t.Errorf("unknown flag: exit %d stderr %q", r.code, r.stderr)
	}
}

// TestBinary runs the real process (the test binary playing trawl) to
// check exit statuses and streams end to end.
func TestBinary(t *testing.T) {
	dd := t.TempDir()
	runBin := func(stdin string, args ...string) (int, string, string) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "TRAWL_TEST_MAIN=1", "TRAWL_DATA_DIR="+dd)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}
	code, out, errs := runBin("SELECT 40 + 2 AS answer", "query", "--format", "json")
	errs, store := cutStoreLine(errs)
	if code != 0 || out != "{\"answer\":42}\n" || !summaryRE.MatchString(strings.TrimSpace(errs)) {
		t.Errorf("success: exit %d stdout %q stderr %q", code, out, errs)
	}
	if want := "local folder " + filepath.Join(dd, "buckets"); store != want {
		t.Errorf("object store line %q, want %q", store, want)
	}
	if _, err := os.Stat(filepath.Join(dd, "catalog.db")); err != nil {
		t.Errorf("TRAWL_DATA_DIR not used: %v", err)
	}
	code, out, errs = runBin("", "query", "SELECT * FROM missing_table")
	if code != 1 || out != "" || !strings.Contains(errs, "error: TABLE_NOT_FOUND") {
		t.Errorf("failure: exit %d stdout %q stderr %q", code, out, errs)
	}
}

func TestDataDirAndDatabase(t *testing.T) {
	env := t.TempDir()
	t.Setenv("TRAWL_DATA_DIR", env)
	ok(t, "", "query", "CREATE DATABASE audit")
	if _, err := os.Stat(filepath.Join(env, "catalog.db")); err != nil {
		t.Fatalf("TRAWL_DATA_DIR: no catalog in %s: %v", env, err)
	}
	if _, err := os.Stat(filepath.Join(env, "buckets")); err != nil {
		t.Fatalf("TRAWL_DATA_DIR: no buckets folder: %v", err)
	}
	if r := ok(t, "", "query", "SHOW DATABASES"); !strings.Contains(r.stdout, `"audit"`) {
		t.Errorf("the env data dir does not keep the catalog: %q", r.stdout)
	}
	// --data-dir wins over the environment.
	flag := t.TempDir()
	if r := ok(t, "", "--data-dir", flag, "query", "SHOW DATABASES"); strings.Contains(r.stdout, "audit") {
		t.Errorf("--data-dir did not override TRAWL_DATA_DIR: %q", r.stdout)
	}
	// Without either, the data dir is ./trawl-data.
	t.Setenv("TRAWL_DATA_DIR", "")
	cwd := t.TempDir()
	t.Chdir(cwd)
	ok(t, "", "query", "SELECT 1")
	if _, err := os.Stat(filepath.Join(cwd, "trawl-data", "catalog.db")); err != nil {
		t.Errorf("default data dir: %v", err)
	}
	t.Setenv("TRAWL_DATA_DIR", env)

	// s3:// locations resolve to <data-dir>/buckets/<bucket>/<key>.
	logs := filepath.Join(env, "buckets", "my-bucket", "AWSLogs", "111122223333", "CloudTrail", "eu-west-1", "2025", "01", "07")
	writeTrailFile(t, filepath.Join(logs, "a.json"), false, record("AssumeRole", "sts.amazonaws.com", "alice", ""))
	writeTrailFile(t, filepath.Join(logs, "b.json.gz"), true, record("GetObject", "s3.amazonaws.com", "bob", ""))
	ok(t, "", "query", "--database", "AUDIT", ctDDL("trail", "s3://my-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/"))

	r := ok(t, "", "query", "--database", "audit", "SELECT eventname FROM trail ORDER BY eventname")
	if r.stdout != "\"eventname\"\n\"AssumeRole\"\n\"GetObject\"\n" {
		t.Errorf("--database audit: %q", r.stdout)
	}
	if s := summaries(t, r.stderr); len(s) != 1 || s[0][0] != 2 || s[0][1] != 2 {
		t.Errorf("summary: %v", s)
	}
	// The table lives in audit only.
	r = trawl(t, "", "query", "SELECT count(*) FROM trail")
	if r.code == 0 || !strings.Contains(r.stderr, "Table 'awsdatacatalog.default.trail' does not exist") {
		t.Errorf("default database sees audit's table: exit %d stderr %q", r.code, r.stderr)
	}
	if r := ok(t, "", "query", `SELECT count(*) AS n FROM audit.trail`); r.stdout != "\"n\"\n\"2\"\n" {
		t.Errorf("qualified name: %q", r.stdout)
	}
	r = trawl(t, "", "query", "--database", "nodb", "SELECT count(*) FROM trail")
	if r.code == 0 || !strings.Contains(r.stderr, "SCHEMA_NOT_FOUND") {
		t.Errorf("unknown --database: exit %d stderr %q", r.code, r.stderr)
	}
	// USE inside a script switches the database for the statements after it.
	if r := ok(t, "", "query", "USE audit; SELECT count(*) AS n FROM trail"); r.stdout != "\"n\"\n\"2\"\n" {
		t.Errorf("USE: %q", r.stdout)
	}
}

// record returns one CloudTrail event as a JSON object.
func record(eventName, source, user, errorCode string) map[string]any {
	r := map[string]any{
		"eventVersion": "1.08",
		"userIdentity": map[string]any{
			"type": "IAMUser", "principalId": "AIDA" + strings.ToUpper(user), "arn": "arn:aws:iam::111122223333:user/" + user,
			"accountId": "111122223333", "userName": user,
		},
		"eventTime":          "2025-01-07T11:00:00Z",
		"eventSource":        source,
		"eventName":          eventName,
		"awsRegion":          "eu-west-1",
		"sourceIPAddress":    "203.0.113.7",
		"userAgent":          "aws-cli/2.15.0",
		"requestParameters":  map[string]any{"roleArn": "arn:aws:iam::111122223333:role/r", "note": `he said "hi", twice`},
		"responseElements":   nil,
		"requestID":          "req-" + user,
		"eventID":            "evt-" + eventName + "-" + user,
		"readOnly":           true,
		"eventType":          "AwsApiCall",
		"recipientAccountId": "111122223333",
		"eventCategory":      "Management",
		"resources":          []any{map[string]any{"ARN": "arn:aws:s3:::b-" + user, "accountId": "111122223333", "type": "AWS::S3::Bucket"}},
	}
	if errorCode != "" {
		r["errorCode"] = errorCode
		r["errorMessage"] = "denied: " + user
	}
	return r
}

// writeTrailFile writes a CloudTrail log file ({"Records":[...]}),
// gzipped when gz is set.
func writeTrailFile(t *testing.T, path string, gz bool, recs ...map[string]any) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"Records": recs})
	if err != nil {
		t.Fatal(err)
	}
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		b = buf.Bytes()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ctDDL is a CloudTrailSerde table over location.
func ctDDL(name, location string) string {
	return `CREATE EXTERNAL TABLE ` + name + ` (
  eventversion STRING,
  useridentity STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>,
  eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING,
  useragent STRING, errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING,
  requestid STRING, eventid STRING, readonly STRING,
  resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>,
  eventtype STRING, recipientaccountid STRING, eventcategory STRING)
ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '` + location + `'`
}

func TestFileLocationTable(t *testing.T) {
	dd := t.TempDir()
	logs := filepath.Join(t.TempDir(), "trail")
	writeTrailFile(t, filepath.Join(logs, "2025", "01", "07", "one.json"), false,
		record("AssumeRole", "sts.amazonaws.com", "alice", ""),
		record("GetObject", "s3.amazonaws.com", "bob", "AccessDenied"))
	writeTrailFile(t, filepath.Join(logs, "2025", "01", "07", "two.json.gz"), true,
		record("AssumeRole", "sts.amazonaws.com", "carol", ""))
	writeTrailFile(t, filepath.Join(logs, "2025", "01", "08", "three.json"), false,
		record("ListBuckets", "s3.amazonaws.com", "日本太郎", ""),
		record("AssumeRole", "sts.amazonaws.com", "alice", "ThrottlingException"))

	r := ok(t, "", "--data-dir", dd, "query", ctDDL("ct", "file://"+logs+"/"))
	if s := summaries(t, r.stderr); len(s) != 1 || s[0][0] != 0 {
		t.Errorf("DDL summary %v", s)
	}

	r = ok(t, "", "--data-dir", dd, "query",
		"SELECT eventname, count(*) AS n, count(errorcode) AS errors FROM ct GROUP BY eventname ORDER BY n DESC, eventname")
	want := "\"eventname\",\"n\",\"errors\"\n\"AssumeRole\",\"3\",\"1\"\n\"GetObject\",\"1\",\"1\"\n\"ListBuckets\",\"1\",\"0\"\n"
	if r.stdout != want {
		t.Errorf("group by:\n got %q\nwant %q", r.stdout, want)
	}
	s := summaries(t, r.stderr)
	if len(s) != 1 || s[0][0] != 3 || s[0][1] != 3 {
		t.Errorf("summary %v: want 3 rows from 3 files", s)
	}
	if !strings.Contains(r.stderr, "scanned ") || strings.Contains(r.stderr, "scanned 0 B") {
		t.Errorf("no bytes scanned reported: %q", r.stderr)
	}

	// CSV keeps NULL (absent errorCode) apart from values, quotes inner quotes, and
	// renders structs and arrays as Trino does.
	r = ok(t, "", "--data-dir", dd, "query", "--format", "csv",
		"SELECT useridentity.username AS u, errorcode, useridentity, resources, requestparameters FROM ct WHERE eventname = 'GetObject' OR useridentity.username = 'carol' ORDER BY u")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, r.stdout)
	}
	if len(recs) != 3 || recs[1][0] != "bob" || recs[1][1] != "AccessDenied" || recs[2][0] != "carol" {
		t.Fatalf("csv rows: %q", recs)
	}
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[2], `"carol",,"{type=IAMUser, principalid=AIDACAROL, arn=arn:aws:iam::111122223333:user/carol, accountid=111122223333, username=carol}",`+
		`"[{arn=arn:aws:s3:::b-carol, accountid=111122223333, type=AWS::S3::Bucket}]",`) {
		t.Errorf("csv row for carol: %s", lines[2])
	}
	var params map[string]string
	if err := json.Unmarshal([]byte(recs[2][4]), &params); err != nil || params["note"] != `he said "hi", twice` {
		t.Errorf("requestparameters round trip: %v %q", err, recs[2][4])
	}

	// JSON: structs as objects, arrays as arrays, NULL as null.
	r = ok(t, "", "--data-dir", dd, "query", "--format", "json",
		"SELECT eventname, useridentity, errorcode, resources FROM ct WHERE useridentity.username = '日本太郎'")
	var row struct {
		EventName    string
		UserIdentity map[string]any
		ErrorCode    *string
		Resources    []map[string]any
	}
	if err := json.Unmarshal([]byte(r.stdout), &row); err != nil {
		t.Fatalf("json %q: %v", r.stdout, err)
	}
	if row.EventName != "ListBuckets" || row.UserIdentity["username"] != "日本太郎" || row.ErrorCode != nil ||
		len(row.Resources) != 1 || row.Resources[0]["type"] != "AWS::S3::Bucket" {
		t.Errorf("json row %+v from %s", row, r.stdout)
	}
	if !strings.Contains(r.stdout, `"errorcode":null`) {
		t.Errorf("NULL not written as null: %s", r.stdout)
	}

	// Table output aligns the wide user name.
	r = ok(t, "", "--data-dir", dd, "query", "--format", "table",
		"SELECT useridentity.username AS who, eventname FROM ct WHERE eventname = 'ListBuckets' OR useridentity.username = 'bob' ORDER BY eventname")
	want = "" +
		"   who    |  eventname  \n" +
		"----------+-------------\n" +
		" bob      | GetObject   \n" +
		" 日本太郎 | ListBuckets \n"
	if r.stdout != want {
		t.Errorf("table:\n%s\nwant:\n%s", r.stdout, want)
	}
}

func TestPartitionedFileTable(t *testing.T) {
	dd := t.TempDir()
	root := t.TempDir()
	for _, day := range []string{"2025/01/07", "2025/01/08"} {
		writeTrailFile(t, filepath.Join(root, filepath.FromSlash(day), "log.json"), false,
			record("AssumeRole", "sts.amazonaws.com", "u"+strings.ReplaceAll(day, "/", ""), ""))
	}
	ddl := strings.Replace(ctDDL("ct_part", "file://"+root+"/"), "ROW FORMAT", "PARTITIONED BY (day string) ROW FORMAT", 1)
	ok(t, "", "--data-dir", dd, "query", ddl+";\n"+
		"ALTER TABLE ct_part ADD PARTITION (day='2025/01/07') LOCATION 'file://"+root+"/2025/01/07/' "+
		"PARTITION (day='2025/01/08') LOCATION 'file://"+root+"/2025/01/08/'")
	r := ok(t, "", "--data-dir", dd, "query", "SELECT day, useridentity.username AS u FROM ct_part WHERE day = '2025/01/08'; SELECT count(*) AS n FROM ct_part")
	if r.stdout != "\"day\",\"u\"\n\"2025/01/08\",\"u20250108\"\n\"n\"\n\"2\"\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	s := summaries(t, r.stderr)
	if len(s) != 2 || s[0] != [3]int{1, 1, 1} || s[1] != [3]int{1, 2, 2} {
		t.Errorf("summaries %v: want 1 row/1 file/1 partition, then 1 row/2 files/2 partitions", s)
	}
}

// keyRE is the S3 key layout of CloudTrail log files.
var keyRE = regexp.MustCompile(`^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$`)

// tree hashes every file under dir by its slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGen(t *testing.T) {
	dd := t.TempDir()
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	args := func(out string, seed string) []string {
		return []string{"--data-dir", dd, "gen", "--out", out, "--accounts", "111122223333,444455556666", "--regions", "eu-west-1,us-east-2",
			"--start", "2025-03-30", "--days", "3", "--size-mb", "0.3", "--seed", seed}
	}
	r := ok(t, "", args(a, "7")...)
	m := regexp.MustCompile(`^wrote (\d+) log files \((\d+) records, .* of JSON, .* gzipped\), (\d+) digest files, (\d+) other objects in \d+\.\ds\n$`).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("gen stderr %q", r.stderr)
	}
	ta := tree(t, a)
	emptyHash := hex.EncodeToString(func() []byte { h := sha256.Sum256(nil); return h[:] }())
	logFiles, digests, others, records := 0, 0, 0, 0
	days := map[string]bool{}
	for k, h := range ta {
		switch {
		case strings.Contains(k, "/CloudTrail-Digest/"):
			digests++
			continue
		case !strings.Contains(k, "/CloudTrail/") || h == emptyHash: // the writability check files, the zero-byte object
			others++
			continue
		}
		logFiles++
		km := keyRE.FindStringSubmatch(k)
		if km == nil {
			t.Errorf("log file key %q does not follow the CloudTrail layout", k)
			continue
		}
		if km[1] != km[6] || km[2] != km[7] || km[3]+km[4]+km[5] != km[8] {
			t.Errorf("key %q: folder and file name disagree", k)
		}
		if km[1] != "111122223333" && km[1] != "444455556666" || km[2] != "eu-west-1" && km[2] != "us-east-2" {
			t.Errorf("key %q: unexpected account or region", k)
		}
		days[km[3]+"-"+km[4]+"-"+km[5]] = true
	}
	if fmt.Sprint(logFiles, digests, others) != m[1]+" "+m[3]+" "+m[4] || logFiles == 0 {
		t.Errorf("found %d log files, %d digests, %d others; stderr says %s, %s, %s", logFiles, digests, others, m[1], m[3], m[4])
	}
	if len(days) != 3 || !days["2025-03-30"] || !days["2025-04-01"] {
		t.Errorf("days %v: want 2025-03-30 to 2025-04-01", days)
	}

	// Same seed: byte-identical; another seed: different.
	ok(t, "", args(b, "7")...)
	if tb := tree(t, b); !equalTrees(ta, tb) {
		t.Errorf("same --seed gave different trees (%d vs %d files)", len(ta), len(tb))
	}
	ok(t, "", args(c, "8")...)
	if equalTrees(ta, tree(t, c)) {
		t.Error("another --seed gave an identical tree")
	}

	// The trail is queryable, and holds the records gen reported.
	records, _ = strconv.Atoi(m[2])
	r = ok(t, "", "--data-dir", dd, "query", ctDDL("gen_ct", "file://"+a+"/AWSLogs/")+"; SELECT count(*) AS n, count(DISTINCT recipientaccountid) AS accounts FROM gen_ct")
	if r.stdout != fmt.Sprintf("\"n\",\"accounts\"\n\"%d\",\"2\"\n", records) {
		t.Errorf("query over generated trail: %q, gen said %d records", r.stdout, records)
	}

	// Without --out, gen writes into the data dir's example bucket.
	r = ok(t, "", "--data-dir", dd, "gen", "--days", "1", "--size-mb", "0.05")
	if _, err := os.Stat(filepath.Join(dd, "buckets", "example-bucket", "AWSLogs", "123456789012", "CloudTrail", "us-east-1", "2025", "01", "01")); err != nil {
		t.Errorf("default --out: %v", err)
	}

	r = trawl(t, "", "--data-dir", dd, "gen", "--out", t.TempDir(), "--start", "2025/01/01")
	if r.code == 0 || !strings.Contains(r.stderr, "invalid --start") {
		t.Errorf("bad --start: exit %d stderr %q", r.code, r.stderr)
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func TestDemo(t *testing.T) {
	dd := t.TempDir()
	r := ok(t, "", "--data-dir", dd, "demo", "--size-mb", "3")
	if !strings.Contains(r.stderr, "generating a 14-day trail") {
		t.Errorf("demo on an empty data dir did not generate: %q", r.stderr)
	}
	if !strings.Contains(r.stdout, `SELECT COUNT(*) FROM "default"."cloudtrail_logs_pp"`) || !strings.Contains(r.stdout, "number_of_event") {
		t.Errorf("demo stdout lacks the seed queries: %.500s", r.stdout)
	}
	// The first seed query counts AWS Support calls: a positive number.
	m := regexp.MustCompile(`(?m)^ *_col0 *\n-+\n *(\d+) *$`).FindStringSubmatch(r.stdout)
	if m == nil || m[1] == "0" {
		t.Errorf("seed query 1 result not found or zero: %.800s", r.stdout)
	}
	// A second run reuses the trail and the tables, and counts the same.
	// (Other answers may list tied or unordered rows in another order.)
	r2 := ok(t, "", "--data-dir", dd, "demo", "--size-mb", "3")
	if strings.Contains(r2.stderr, "generating") {
		t.Errorf("second demo run regenerated: %q", r2.stderr)
	}
	if m2 := regexp.MustCompile(`(?m)^ *_col0 *\n-+\n *(\d+) *$`).FindStringSubmatch(r2.stdout); m == nil || m2 == nil || m2[1] != m[1] {
		t.Errorf("second demo run counts differently: %v vs %v", m, m2)
	}
	if strings.Count(r2.stdout, "\n\nSELECT") != strings.Count(r.stdout, "\n\nSELECT") {
		t.Error("second demo run answered a different number of queries")
	}
}
