package query

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"trawl/internal/catalog"
	"trawl/internal/engine"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

// testClock hands out times 1.5 ms and a few ns apart, so that
// submission, start and completion differ and fall inside milliseconds.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(1500*time.Microsecond + 7)
	return c.t
}

// openEngine opens an engine with system.query_executions over a catalog
// in dir, whose bucket "b" holds a small CloudTrail delivery.
func openTestEngine(t *testing.T, dir string) *engine.Engine {
	t.Helper()
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	buckets := filepath.Join(dir, "buckets")
	return &engine.Engine{Catalog: cat, Store: &storage.Router{S3: file.New(buckets), File: file.New("/")},
		System: SystemTables(cat.DB())}
}

func writeTrail(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "buckets", "b", "logs", "trail.json")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	data := `{"Records":[{"eventName":"GetObject","eventTime":"2025-01-01T00:00:00Z"},{"eventName":"PutObject","eventTime":"2025-01-01T00:00:01Z"}]}`
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "buckets", "results"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// sqlRows runs one query on e and returns its rows as Trino prints them.
func sqlRows(t *testing.T, e *engine.Engine, sql string) [][]string {
	t.Helper()
	var rows [][]string
	err := e.Run(t.Context(), sql, &engine.Session{Database: "default"}, func(r *engine.Result) error {
		var err error
		rows, err = r.Strings(t.Context())
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return rows
}

func waitDone(t *testing.T, s *Service, id string) *Execution {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		e, err := s.Get(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if e.State.Done() {
			return e
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("execution %s did not finish", id)
	return nil
}

// tsString prints an instant as a timestamp(3) with time zone in UTC.
func tsString(t time.Time) string {
	return time.UnixMilli(t.UnixMilli()).UTC().Format("2006-01-02 15:04:05.000") + " UTC"
}

func TestSystemQueryExecutions(t *testing.T) {
	dir := t.TempDir()
	writeTrail(t, dir)
	eng := openTestEngine(t, dir)
	clock := &testClock{t: time.Date(2025, 6, 1, 12, 0, 0, 400_000, time.UTC)}
	svc, err := Open(t.Context(), Config{Engine: eng, DB: eng.Catalog.DB(), MaxConcurrent: 1, Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()

	const alice = "arn:aws:iam::123456789012:user/alice"
	const out = "s3://results/athena/"
	start := func(q string, params ...string) string {
		t.Helper()
		id, err := svc.Start(t.Context(), StartRequest{Query: q, Params: params, OutputLocation: out, Principal: alice})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	// Run one at a time so that each has its own times.
	idDDL := start(`CREATE EXTERNAL TABLE trail (eventname string, eventtime string)
		ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
		STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
		OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
		LOCATION 's3://b/logs/'`)
	ddl := waitDone(t, svc, idDDL)
	idSel := start("SELECT eventname, count(*) FROM trail WHERE eventname <> ? GROUP BY 1", "'x'")
	sel := waitDone(t, svc, idSel)
	idBad := start("SELECT nosuchcolumn FROM trail")
	bad := waitDone(t, svc, idBad)
	if ddl.State != Succeeded || sel.State != Succeeded || bad.State != Failed {
		t.Fatalf("states: %s %s %s (%s %s)", ddl.State, sel.State, bad.State, ddl.StateReason, sel.StateReason)
	}
	if sel.ScannedBytes <= 0 {
		t.Fatalf("the SELECT scanned %d bytes", sel.ScannedBytes)
	}

	rows := sqlRows(t, eng, `SELECT query_execution_id, query, statement_type, workgroup, catalog, database,
		execution_parameters, state, state_change_reason, error_category, error_type, error_message,
		submission_date_time, completion_date_time, data_scanned_in_bytes, engine_execution_time_in_millis,
		query_queue_time_in_millis, query_planning_time_in_millis, total_execution_time_in_millis, output_location, principal
		FROM system.query_executions ORDER BY submission_date_time`)
	row := func(e *Execution, params, reason, cat, typ, msg string, ext string) []string {
		return []string{e.ID, e.Query, e.StatementType, "primary", "AwsDataCatalog", "default",
			params, string(e.State), reason, cat, typ, msg,
			tsString(e.Submitted), tsString(e.Completed), strconv.FormatInt(e.ScannedBytes, 10), strconv.FormatInt(e.EngineMillis, 10),
			strconv.FormatInt(e.QueueMillis(), 10), strconv.FormatInt(e.PlanningMilli, 10), strconv.FormatInt(e.TotalMillis(), 10),
			out + e.ID + ext, alice}
	}
	want := [][]string{
		row(ddl, "NULL", "NULL", "NULL", "NULL", "NULL", ".txt"),
		row(sel, "['x']", "NULL", "NULL", "NULL", "NULL", ".csv"),
		row(bad, "NULL", bad.StateReason, "2", "1000", bad.ErrorMessage, ".csv"),
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i := range want {
		if fmt.Sprint(rows[i]) != fmt.Sprint(want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
		}
	}
	// Values that the comparison above takes from the service: checked
	// against what they must be.
	if ddl.StatementType != "DDL" || sel.StatementType != "DML" || !strings.HasPrefix(bad.StateReason, "COLUMN_NOT_FOUND") {
		t.Errorf("types %s %s, reason %q", ddl.StatementType, sel.StatementType, bad.StateReason)
	}
	if sel.TotalMillis() <= 0 || !sel.Completed.After(sel.Submitted) {
		t.Errorf("times: submitted %v completed %v", sel.Submitted, sel.Completed)
	}

	// Filters on the id and on time ranges (hints passed to SQLite), at
	// millisecond boundaries: the column is the submission time truncated
	// to milliseconds.
	one := sqlRows(t, eng, fmt.Sprintf(`SELECT state, data_scanned_in_bytes FROM system.query_executions WHERE query_execution_id = '%s'`, idSel))
	if fmt.Sprint(one) != fmt.Sprint([][]string{{"SUCCEEDED", strconv.FormatInt(sel.ScannedBytes, 10)}}) {
		t.Errorf("by id: %v", one)
	}
	subSel := strings.TrimSuffix(tsString(sel.Submitted), " UTC")
	for _, c := range []struct {
		where string
		want  string
	}{
		{fmt.Sprintf("submission_date_time >= TIMESTAMP '%s'", subSel), idSel + "," + idBad},
		{fmt.Sprintf("submission_date_time > TIMESTAMP '%s'", subSel), idBad},
		{fmt.Sprintf("submission_date_time <= TIMESTAMP '%s'", subSel), idDDL + "," + idSel},
		{fmt.Sprintf("submission_date_time < TIMESTAMP '%s'", subSel), idDDL},
		{fmt.Sprintf("submission_date_time = TIMESTAMP '%s'", subSel), idSel},
		{fmt.Sprintf("submission_date_time BETWEEN TIMESTAMP '%s' AND TIMESTAMP '%s' AND query_execution_id IN ('%s', '%s')", subSel, subSel, idSel, idBad), idSel},
		{"state IN ('FAILED', 'CANCELLED')", idBad},
		{"workgroup = 'nope'", ""},
		{"completion_date_time IS NOT NULL AND principal LIKE '%alice'", idDDL + "," + idSel + "," + idBad},
	} {
		got := sqlRows(t, eng, "SELECT query_execution_id FROM system.query_executions WHERE "+c.where+" ORDER BY submission_date_time")
		var ids []string
		for _, r := range got {
			ids = append(ids, r[0])
		}
		if strings.Join(ids, ",") != c.want {
			t.Errorf("WHERE %s: %v, want %s", c.where, ids, c.want)
		}
	}

	// A query through the service sees itself RUNNING.
	idSelf := start("SELECT state FROM system.query_executions WHERE query LIKE '%see myself%'")
	self := waitDone(t, svc, idSelf)
	if self.State != Succeeded || self.ResultRows != 1 {
		t.Errorf("self query: %s %q rows %d", self.State, self.StateReason, self.ResultRows)
	}
	data, err := os.ReadFile(filepath.Join(dir, "buckets", "results", "athena", idSelf+".csv"))
	if err != nil || string(data) != "\"state\"\n\"RUNNING\"\n" {
		t.Errorf("self query result %q %v", data, err)
	}

	// Another process on the same data dir (another catalog connection
	// pool) sees the history, including executions recorded after it
	// opened.
	other := openTestEngine(t, dir)
	count := func(e *engine.Engine) string {
		return sqlRows(t, e, "SELECT count(*) FROM system.query_executions")[0][0]
	}
	if got := count(other); got != "4" {
		t.Errorf("other process count = %s, want 4", got)
	}
	waitDone(t, svc, start("SELECT 1"))
	if got := count(other); got != "5" {
		t.Errorf("other process count after one more = %s, want 5", got)
	}

	// Joined with the CloudTrail-style table, grouped, and in a subquery.
	got := sqlRows(t, eng, `SELECT q.state, count(*) FROM system.query_executions q
		WHERE q.query_execution_id IN (SELECT query_execution_id FROM system.query_executions WHERE statement_type = 'DML')
		GROUP BY q.state ORDER BY 1`)
	if fmt.Sprint(got) != "[[FAILED 1] [SUCCEEDED 3]]" {
		t.Errorf("grouped: %v", got)
	}
}

func TestSystemQueryExecutionsCancelled(t *testing.T) {
	dir := t.TempDir()
	eng := openTestEngine(t, dir)
	// A Service whose workers never run anything: Close right away, so
	// started executions stay QUEUED, then stop one.
	svc, err := Open(context.Background(), Config{Engine: eng, DB: eng.Catalog.DB(), MaxConcurrent: 1})
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	id, err := svc.Start(t.Context(), StartRequest{Query: "SELECT 1", OutputLocation: "s3://results/x"})
	if err != nil {
		t.Fatal(err)
	}
	rows := sqlRows(t, eng, "SELECT state, statement_type, completion_date_time, error_category, principal, output_location FROM system.query_executions")
	if want := fmt.Sprint([][]string{{"QUEUED", "NULL", "NULL", "NULL", "NULL", "s3://results/x/" + id + ".csv"}}); fmt.Sprint(rows) != want {
		t.Errorf("queued: %v, want %v", rows, want)
	}
	if err := svc.Stop(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	rows = sqlRows(t, eng, "SELECT state, state_change_reason, completion_date_time IS NOT NULL FROM system.query_executions")
	if want := fmt.Sprint([][]string{{"CANCELLED", "Query was cancelled by user", "true"}}); fmt.Sprint(rows) != want {
		t.Errorf("cancelled: %v, want %v", rows, want)
	}
}
