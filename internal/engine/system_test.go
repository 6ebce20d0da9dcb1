package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"trawl/internal/catalog"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// fakeExec is one row of the fake system table "executions".
type fakeExec struct {
	id, query, state string
	scanned          int64
	submitted        time.Time
	params           []string // NULL when nil
}

// fakeSystem is a system table over a fixed list of rows that records what
// each scan asked for and how many batches it emitted.
type fakeSystem struct {
	rows  []fakeExec
	batch int // rows per batch (default 2)

	mu      sync.Mutex
	scans   int
	last    SystemScan
	emitted int
	stopErr error // the error emit returned, if any
}

var fakeColumns = []SystemColumn{
	{Name: "query_execution_id", Type: types.VarcharType, Comment: "the id"},
	{Name: "query", Type: types.VarcharType},
	{Name: "state", Type: types.VarcharType},
	{Name: "data_scanned_in_bytes", Type: types.BigIntType},
	{Name: "submission_date_time", Type: types.TimestampTZType},
	{Name: "params", Type: types.NewArray(types.VarcharType)},
}

func (f *fakeSystem) Columns() []SystemColumn { return fakeColumns }

func (f *fakeSystem) Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error {
	f.mu.Lock()
	f.scans++
	f.last = req
	f.emitted = 0
	f.stopErr = nil
	f.mu.Unlock()
	ts := make([]*types.Type, len(fakeColumns))
	for i, c := range fakeColumns {
		ts[i] = c.Type
	}
	per := f.batch
	if per == 0 {
		per = 2
	}
	var b *vector.Batch
	flush := func() error {
		if b == nil {
			return nil
		}
		err := emit(b)
		b = nil
		f.mu.Lock()
		f.emitted++
		f.stopErr = err
		f.mu.Unlock()
		return err
	}
	for _, r := range f.rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		if b == nil {
			b = vector.NewBatch(ts, per)
		}
		b.Cols[0].AppendString(r.id)
		b.Cols[1].AppendString(r.query)
		b.Cols[2].AppendString(r.state)
		b.Cols[3].AppendInt(r.scanned)
		b.Cols[4].AppendInt(value.PackTZ(r.submitted.UnixMilli(), 0))
		if r.params == nil {
			b.Cols[5].AppendNull()
		} else {
			ps := make([]any, len(r.params))
			for i, p := range r.params {
				ps[i] = p
			}
			b.Cols[5].AppendAny(ps)
		}
		b.N++
		if b.N == per {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func (f *fakeSystem) lastScan() (SystemScan, int, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last, f.scans, f.emitted, f.stopErr
}

var fakeT0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

func fakeRows() []fakeExec {
	return []fakeExec{
		{"q-1", "SELECT 1", "SUCCEEDED", 0, fakeT0, nil},
		{"q-2", "SELECT count(*) FROM cloudtrail_logs", "SUCCEEDED", 4096, fakeT0.Add(time.Minute), []string{"a"}},
		{"q-3", "SELECT nope", "FAILED", 0, fakeT0.Add(2 * time.Minute), nil},
		{"q-4", "SELECT eventname FROM cloudtrail_logs", "SUCCEEDED", 1000, fakeT0.Add(3 * time.Minute), []string{"x", "y"}},
		{"q-5", "SELECT sleep", "RUNNING", 0, fakeT0.Add(4 * time.Minute), nil},
	}
}

// systemEngine returns an engine whose "system" schema holds the fake
// table "executions", and a CloudTrail table "trail" recording the
// StartQueryExecution calls of q-1..q-4 (q-5 was started by no call in
// the trail; one call, zzz, has no execution).
func systemEngine(t *testing.T) (*Engine, *fakeSystem) {
	t.Helper()
	dir := t.TempDir()
	buckets := filepath.Join(dir, "buckets")
	day := filepath.Join(buckets, "b", "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2025", "03", "03")
	if err := os.MkdirAll(day, 0o755); err != nil {
		t.Fatal(err)
	}
	event := func(eventTime, name, arn, qid string) string {
		resp := "null"
		if qid != "" {
			resp = fmt.Sprintf(`{"queryExecutionId":%q}`, qid)
		}
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":%q,"eventSource":"athena.amazonaws.com","eventName":%q,
			"userIdentity":{"type":"IAMUser","arn":%q},"requestParameters":{"queryString":"***OMITTED***"},"responseElements":%s}`,
			eventTime, name, arn, resp)
	}
	records := []string{
		event("2025-03-03T10:00:00Z", "StartQueryExecution", "arn:aws:iam::111122223333:user/alice", "q-1"),
		event("2025-03-03T10:01:00Z", "StartQueryExecution", "arn:aws:iam::111122223333:user/bob", "q-2"),
		event("2025-03-03T10:01:30Z", "GetQueryExecution", "arn:aws:iam::111122223333:user/bob", ""),
		event("2025-03-03T10:02:00Z", "StartQueryExecution", "arn:aws:iam::111122223333:user/alice", "q-3"),
		event("2025-03-03T10:03:00Z", "StartQueryExecution", "arn:aws:iam::111122223333:user/carol", "q-4"),
		event("2025-03-03T10:05:00Z", "StartQueryExecution", "arn:aws:iam::111122223333:user/carol", "zzz"),
	}
	data := `{"Records":[` + strings.Join(records, ",\n") + `]}`
	if err := os.WriteFile(filepath.Join(day, "trail.json"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	fake := &fakeSystem{rows: fakeRows()}
	e := &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(buckets), File: file.New("/")},
		System: map[string]SystemTable{"executions": fake}}
	query(t, e, `CREATE EXTERNAL TABLE trail (
		eventversion string, eventtime string, eventsource string, eventname string,
		useridentity struct<type:string, arn:string>,
		requestparameters string, responseelements string)
	ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
	STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
	OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
	LOCATION 's3://b/AWSLogs/111122223333/CloudTrail/'`)
	return e, fake
}

// rowsOf joins each row's columns with |.
func rowsOf(rows [][]string) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

func TestSystemTableQueries(t *testing.T) {
	e, _ := systemEngine(t)
	cases := []struct {
		name string
		sql  string
		want []string
	}{
		{"join with CloudTrail (the motivating query)",
			`SELECT t.eventtime, t.useridentity.arn, q.query, q.state
			 FROM trail t
			 JOIN system.executions q
			   ON q.query_execution_id = json_extract_scalar(t.responseelements, '$.queryExecutionId')
			 WHERE t.eventname = 'StartQueryExecution'
			 ORDER BY t.eventtime`,
			[]string{
				"2025-03-03T10:00:00Z|arn:aws:iam::111122223333:user/alice|SELECT 1|SUCCEEDED",
				"2025-03-03T10:01:00Z|arn:aws:iam::111122223333:user/bob|SELECT count(*) FROM cloudtrail_logs|SUCCEEDED",
				"2025-03-03T10:02:00Z|arn:aws:iam::111122223333:user/alice|SELECT nope|FAILED",
				"2025-03-03T10:03:00Z|arn:aws:iam::111122223333:user/carol|SELECT eventname FROM cloudtrail_logs|SUCCEEDED",
			}},
		{"all rows, all columns",
			`SELECT * FROM system.executions ORDER BY query_execution_id`,
			[]string{
				"q-1|SELECT 1|SUCCEEDED|0|2025-03-03 10:00:00.000 UTC|NULL",
				"q-2|SELECT count(*) FROM cloudtrail_logs|SUCCEEDED|4096|2025-03-03 10:01:00.000 UTC|[a]",
				"q-3|SELECT nope|FAILED|0|2025-03-03 10:02:00.000 UTC|NULL",
				"q-4|SELECT eventname FROM cloudtrail_logs|SUCCEEDED|1000|2025-03-03 10:03:00.000 UTC|[x, y]",
				"q-5|SELECT sleep|RUNNING|0|2025-03-03 10:04:00.000 UTC|NULL",
			}},
		{"WHERE on a varchar and a bigint",
			`SELECT query_execution_id FROM system.executions WHERE state = 'SUCCEEDED' AND data_scanned_in_bytes > 0 ORDER BY 1`,
			[]string{"q-2", "q-4"}},
		{"WHERE with OR and LIKE",
			`SELECT query_execution_id FROM awsdatacatalog.system.executions WHERE query LIKE '%cloudtrail%' OR state = 'FAILED' ORDER BY 1`,
			[]string{"q-2", "q-3", "q-4"}},
		{"time range against a TIMESTAMP literal",
			`SELECT query_execution_id FROM system.executions
			 WHERE submission_date_time >= TIMESTAMP '2025-03-03 10:01:00' AND submission_date_time < TIMESTAMP '2025-03-03 10:03:00' ORDER BY 1`,
			[]string{"q-2", "q-3"}},
		{"time compared with a CloudTrail event time",
			`SELECT q.query_execution_id, date_diff('second', from_iso8601_timestamp(t.eventtime), q.submission_date_time)
			 FROM trail t JOIN system.executions q
			   ON q.submission_date_time BETWEEN from_iso8601_timestamp(t.eventtime) AND from_iso8601_timestamp(t.eventtime) + INTERVAL '30' SECOND
			 WHERE t.eventname = 'StartQueryExecution' ORDER BY 1`,
			[]string{"q-1|0", "q-2|0", "q-3|0", "q-4|0"}},
		{"GROUP BY and aggregates",
			`SELECT state, count(*), sum(data_scanned_in_bytes), max(submission_date_time) FROM system.executions GROUP BY state ORDER BY state`,
			[]string{"FAILED|1|0|2025-03-03 10:02:00.000 UTC", "RUNNING|1|0|2025-03-03 10:04:00.000 UTC", "SUCCEEDED|3|5096|2025-03-03 10:03:00.000 UTC"}},
		{"subquery in FROM and scalar subquery",
			`SELECT n, (SELECT max(data_scanned_in_bytes) FROM system.executions) FROM (SELECT count(*) AS n FROM system.executions WHERE state <> 'RUNNING')`,
			[]string{"4|4096"}},
		{"IN subquery over the system table",
			`SELECT eventtime FROM trail WHERE json_extract_scalar(responseelements, '$.queryExecutionId') IN (SELECT query_execution_id FROM system.executions WHERE state = 'FAILED')`,
			[]string{"2025-03-03T10:02:00Z"}},
		{"CTE and LEFT JOIN keep calls without an execution",
			`WITH calls AS (SELECT eventtime, json_extract_scalar(responseelements, '$.queryExecutionId') AS qid FROM trail WHERE eventname = 'StartQueryExecution')
			 SELECT c.qid, q.state FROM calls c LEFT JOIN system.executions q ON q.query_execution_id = c.qid ORDER BY c.eventtime`,
			[]string{"q-1|SUCCEEDED", "q-2|SUCCEEDED", "q-3|FAILED", "q-4|SUCCEEDED", "zzz|NULL"}},
		{"executions no CloudTrail call started (NOT EXISTS)",
			`SELECT query_execution_id FROM system.executions q WHERE NOT EXISTS (SELECT 1 FROM trail t WHERE json_extract_scalar(t.responseelements, '$.queryExecutionId') = q.query_execution_id)`,
			[]string{"q-5"}},
		{"UNNEST of an array column",
			`SELECT query_execution_id, p FROM system.executions CROSS JOIN UNNEST(params) AS u(p) ORDER BY 1, 2`,
			[]string{"q-2|a", "q-4|x", "q-4|y"}},
		{"window function",
			`SELECT query_execution_id, row_number() OVER (PARTITION BY state ORDER BY submission_date_time DESC) FROM system.executions WHERE state = 'SUCCEEDED' ORDER BY 1`,
			[]string{"q-1|3", "q-2|2", "q-4|1"}},
		{"LIMIT",
			`SELECT query_execution_id FROM system.executions LIMIT 3`,
			[]string{"q-1", "q-2", "q-3"}},
		{"self join",
			`SELECT a.query_execution_id, b.query_execution_id FROM system.executions a JOIN system.executions b ON a.data_scanned_in_bytes = b.data_scanned_in_bytes AND a.query_execution_id < b.query_execution_id WHERE a.state = 'SUCCEEDED' ORDER BY 1, 2`,
			[]string{"q-1|q-3", "q-1|q-5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rows := query(t, e, c.sql)
			wantRows(t, c.sql, rowsOf(rows), c.want...)
			if len(rows) == 0 {
				t.Errorf("%s: no rows", c.sql)
			}
		})
	}
}

func TestSystemTableViewAndUse(t *testing.T) {
	e, _ := systemEngine(t)
	// A view in a user database over a system table.
	query(t, e, `CREATE VIEW failed_queries AS SELECT query_execution_id AS id, query FROM system.executions WHERE state = 'FAILED'`)
	_, rows := query(t, e, `SELECT id, query FROM failed_queries`)
	wantRows(t, "view", rowsOf(rows), "q-3|SELECT nope")

	// USE system makes its tables the unqualified ones.
	sess := &Session{Database: "default"}
	var got [][]string
	err := e.Run(t.Context(), "USE system; SELECT count(*) FROM executions", sess, func(r *Result) error {
		var err error
		got, err = r.Strings(t.Context())
		return err
	})
	if err != nil || sess.Database != SystemSchema {
		t.Fatalf("USE system: %v, session database %q", err, sess.Database)
	}
	wantRows(t, "count after USE", rowsOf(got), "5")
}

func TestSystemTableMetadata(t *testing.T) {
	e, _ := systemEngine(t)
	names, rows := query(t, e, "DESCRIBE system.executions")
	wantRows(t, "DESCRIBE names", names, "col_name", "data_type", "comment")
	wantRows(t, "DESCRIBE", rowsOf(rows),
		"query_execution_id|varchar|the id", "query|varchar|", "state|varchar|", "data_scanned_in_bytes|bigint|",
		"submission_date_time|timestamp(3) with time zone|", "params|array(varchar)|")
	_, rows = query(t, e, "SHOW COLUMNS FROM system.executions")
	wantRows(t, "SHOW COLUMNS", col(rows, 0), "query_execution_id", "query", "state", "data_scanned_in_bytes", "submission_date_time", "params")
	_, rows = query(t, e, "SHOW TABLES IN system")
	wantRows(t, "SHOW TABLES IN system", col(rows, 0), "executions")
	_, rows = query(t, e, "SHOW TABLES IN system LIKE 'exec*'")
	wantRows(t, "SHOW TABLES LIKE", col(rows, 0), "executions")
	_, rows = query(t, e, "SHOW TABLES IN system LIKE 'nothing'")
	if len(rows) != 0 {
		t.Errorf("SHOW TABLES LIKE 'nothing' = %v", rows)
	}
	_, rows = query(t, e, "SHOW TABLES")
	wantRows(t, "SHOW TABLES in default", col(rows, 0), "trail")
	_, rows = query(t, e, "SHOW DATABASES")
	wantRows(t, "SHOW DATABASES", col(rows, 0), "default", "system")
	_, rows = query(t, e, "SHOW TBLPROPERTIES system.executions")
	if len(rows) != 0 {
		t.Errorf("SHOW TBLPROPERTIES = %v", rows)
	}
	_, rows = query(t, e, "EXPLAIN SELECT query FROM system.executions WHERE query_execution_id = 'q-2' AND submission_date_time > TIMESTAMP '2025-03-03 10:00:00'")
	plan := rows[0][0]
	for _, want := range []string{"Scan[system.executions]", "System table: rows computed when the query runs", "Hints passed to the system table: query_execution_id = 'q-2' AND submission_date_time > 2025-03-03 10:00:00.000 UTC"} {
		if !strings.Contains(plan, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "Location") || strings.Contains(plan, "must contain") {
		t.Errorf("EXPLAIN of a system scan shows storage details:\n%s", plan)
	}
}

func TestSystemTableErrors(t *testing.T) {
	e, _ := systemEngine(t)
	cases := []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT * FROM system.nope", sqlerr.TableNotFound, "Table 'awsdatacatalog.system.nope' does not exist"},
		{"SELECT * FROM system.executionz", sqlerr.TableNotFound, "did you mean 'executions'?"},
		{"SELECT * FROM awsdatacatalog.system.nope", sqlerr.TableNotFound, "Table 'awsdatacatalog.system.nope' does not exist"},
		{"DESCRIBE system.nope", sqlerr.TableNotFound, "Table 'awsdatacatalog.system.nope' does not exist"},
		{"SHOW COLUMNS FROM system.nope", sqlerr.TableNotFound, "Table 'awsdatacatalog.system.nope' does not exist"},
		{"SELECT nope FROM system.executions", sqlerr.ColumnNotFound, "Column 'nope' cannot be resolved"},
		{"SELECT \"$path\" FROM system.executions", sqlerr.ColumnNotFound, "Column '$path' cannot be resolved"},
		{"CREATE DATABASE system", sqlerr.SchemaAlreadyExists, "Schema 'system' already exists"},
		{"DROP DATABASE system", sqlerr.NotSupported, "Cannot drop schema 'system'"},
		{"DROP SCHEMA IF EXISTS system CASCADE", sqlerr.NotSupported, "read-only"},
		{"CREATE EXTERNAL TABLE system.t (a string) LOCATION 's3://b/x/'", sqlerr.NotSupported, "Cannot create table 'awsdatacatalog.system.t'"},
		{"DROP TABLE system.executions", sqlerr.NotSupported, "Cannot drop table 'awsdatacatalog.system.executions'"},
		{"DROP TABLE IF EXISTS awsdatacatalog.system.executions", sqlerr.NotSupported, "read-only"},
		{"CREATE VIEW system.v AS SELECT 1 AS x", sqlerr.NotSupported, "Cannot create view 'awsdatacatalog.system.v'"},
		{"DROP VIEW system.executions", sqlerr.NotSupported, "Cannot drop view"},
		{"ALTER TABLE system.executions SET TBLPROPERTIES ('a'='b')", sqlerr.NotSupported, "Cannot alter table 'awsdatacatalog.system.executions'"},
		{"ALTER TABLE system.executions ADD PARTITION (dt='x')", sqlerr.NotSupported, "Cannot alter table"},
		{"MSCK REPAIR TABLE system.executions", sqlerr.NotSupported, "Cannot repair table"},
		{"SHOW CREATE TABLE system.executions", sqlerr.NotSupported, "is a system table"},
		{"SHOW PARTITIONS system.executions", sqlerr.NotSupported, "not partitioned"},
		{"USE system; CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/x/'", sqlerr.NotSupported, "Cannot create table 'awsdatacatalog.system.t'"},
	}
	for _, c := range cases {
		se := runErr(t, e, c.sql)
		if se.Code != c.code || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%s: got %s %q, want %s containing %q", c.sql, se.Code, se.Msg, c.code, c.msg)
		}
	}
	// trawl refuses INSERT anywhere.
	if se := runErr(t, e, "INSERT INTO system.executions VALUES ('x')"); se.Code != sqlerr.NotSupported {
		t.Errorf("INSERT: %v", se)
	}
	// CREATE DATABASE IF NOT EXISTS system is a no-op, not an error.
	query(t, e, "CREATE DATABASE IF NOT EXISTS system")
	if _, err := e.Catalog.Database(t.Context(), "system"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("CREATE DATABASE IF NOT EXISTS system created a catalog database: %v", err)
	}
	// The table is still there after all of that.
	_, rows := query(t, e, "SELECT count(*) FROM system.executions")
	wantRows(t, "count", rowsOf(rows), "5")
}

// A catalog database named "system" (made before trawl had system
// tables, or through the catalog directly) is hidden, with a warning.
func TestSystemSchemaShadowsCatalogDatabase(t *testing.T) {
	e, _ := systemEngine(t)
	if err := e.Catalog.CreateDatabase(t.Context(), catalog.Database{Name: "system"}, false); err != nil {
		t.Fatal(err)
	}
	if err := e.Catalog.CreateTable(t.Context(), catalog.Table{Database: "system", Name: "executions", Kind: catalog.ExternalTable,
		Location: "s3://b/elsewhere/", Columns: []catalog.Column{{Name: "other", Type: "string"}}}, false); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	var rows [][]string
	err := e.Run(t.Context(), "SELECT count(*) FROM system.executions", &Session{Database: "default"}, func(r *Result) error {
		warnings = r.Warnings
		var err error
		rows, err = r.Strings(t.Context())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, "count over the system table", rowsOf(rows), "5")
	if len(warnings) != 1 || !strings.Contains(warnings[0], "database named 'system'") {
		t.Errorf("warnings = %q, want one about the hidden database", warnings)
	}
	_, rows = query(t, e, "SHOW DATABASES")
	wantRows(t, "SHOW DATABASES lists system once", col(rows, 0), "default", "system")
	_, rows = query(t, e, "DESCRIBE system.executions")
	if rows[0][0] != "query_execution_id" {
		t.Errorf("DESCRIBE shows the catalog table: %v", rows)
	}
	// Without system tables the engine has no system schema, and the
	// catalog database is an ordinary one.
	plain := &Engine{Catalog: e.Catalog, Store: e.Store}
	_, rows = query(t, plain, "SELECT count(*) FROM system.executions")
	wantRows(t, "catalog table without system tables", rowsOf(rows), "0")
}

// The scan passes the filter's simple conjuncts as hints and the columns
// it reads, applies the whole filter itself, and stops the source once a
// LIMIT is reached.
func TestSystemTablePushdown(t *testing.T) {
	e, fake := systemEngine(t)
	_, rows := query(t, e, `SELECT query FROM system.executions
		WHERE query_execution_id IN ('q-2', 'q-3', 'q-9') AND state = 'SUCCEEDED'
		AND submission_date_time >= TIMESTAMP '2025-03-03 10:00:30' AND data_scanned_in_bytes < 5000 AND length(query) > 3`)
	wantRows(t, "filtered", rowsOf(rows), "SELECT count(*) FROM cloudtrail_logs")
	req, _, _, _ := fake.lastScan()
	if len(req.Hints) != len(fakeColumns) || len(req.Needed) != len(fakeColumns) {
		t.Fatalf("request sizes: %+v", req)
	}
	if h := req.Hints[0]; h == nil || fmt.Sprint(h.In) != "[q-2 q-3 q-9]" {
		t.Errorf("id hint = %+v", h)
	}
	if h := req.Hints[1]; h != nil {
		t.Errorf("query hint = %+v, want none (length(query) is not a simple comparison)", h)
	}
	if h := req.Hints[2]; h == nil || fmt.Sprint(h.In) != "[SUCCEEDED]" {
		t.Errorf("state hint = %+v", h)
	}
	if h := req.Hints[3]; h == nil || h.Hi != int64(5000) || h.HiInclusive || h.Lo != nil {
		t.Errorf("bytes hint = %+v", h)
	}
	lo := value.PackTZ(fakeT0.Add(30*time.Second).UnixMilli(), 0)
	if h := req.Hints[4]; h == nil || h.Lo != lo || !h.LoInclusive || h.Hi != nil {
		t.Errorf("time hint = %+v, want Lo %d inclusive", h, lo)
	}
	wantNeeded := []bool{true, true, true, true, true, false}
	if fmt.Sprint(req.Needed) != fmt.Sprint(wantNeeded) {
		t.Errorf("needed = %v, want %v", req.Needed, wantNeeded)
	}
	// Hints merge: two ranges on one column keep the tighter bounds; an
	// OR gives no hint.
	query(t, e, `SELECT 1 FROM system.executions WHERE data_scanned_in_bytes > 10 AND data_scanned_in_bytes >= 100 AND data_scanned_in_bytes <= 3000 AND (state = 'A' OR state = 'B')`)
	req, _, _, _ = fake.lastScan()
	if h := req.Hints[3]; h == nil || h.Lo != int64(100) || !h.LoInclusive || h.Hi != int64(3000) || !h.HiInclusive {
		t.Errorf("merged bytes hint = %+v", h)
	}
	if req.Hints[2] != nil {
		t.Errorf("OR gave a hint: %+v", req.Hints[2])
	}
	// A hint the source may ignore: the fake ignores all, and the answer
	// is still filtered.
	_, rows = query(t, e, `SELECT count(*) FROM system.executions WHERE query_execution_id = 'q-4'`)
	wantRows(t, "count of one id", rowsOf(rows), "1")

	// LIMIT stops the source: 5 rows in batches of 1, LIMIT 2 → the
	// source sees emit fail after at most 2 batches (+1 in flight).
	fake.batch = 1
	_, rows = query(t, e, `SELECT query_execution_id FROM system.executions LIMIT 2`)
	wantRows(t, "LIMIT 2", rowsOf(rows), "q-1", "q-2")
	_, scans, emitted, stopErr := fake.lastScan()
	if emitted > 3 || stopErr == nil {
		t.Errorf("after LIMIT 2 the source emitted %d batches (last error %v); want it stopped", emitted, stopErr)
	}
	// Each query scans the table afresh (no caching across queries).
	fake.rows = append(fake.rows, fakeExec{"q-6", "SELECT 6", "QUEUED", 0, fakeT0.Add(time.Hour), nil})
	_, rows = query(t, e, `SELECT count(*) FROM system.executions`)
	wantRows(t, "count after a new row", rowsOf(rows), "6")
	if _, n, _, _ := fake.lastScan(); n != scans+1 {
		t.Errorf("scans = %d, want %d", n, scans+1)
	}
}

// errSystem fails its scan after one batch.
type errSystem struct{ fakeSystem }

func (f *errSystem) Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error {
	b := vector.NewBatch([]*types.Type{types.VarcharType}, 1)
	b.Cols[0].AppendString("x")
	b.N = 1
	// One column: the wrong width for fakeColumns.
	if err := emit(b); err != nil {
		return err
	}
	return errors.New("unreachable")
}

// mistypedSystem produces a bigint vector for a varchar column.
type mistypedSystem struct{ fakeSystem }

func (f *mistypedSystem) Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error {
	ts := make([]*types.Type, len(fakeColumns))
	for i, c := range fakeColumns {
		ts[i] = c.Type
	}
	ts[0] = types.BigIntType
	b := vector.NewBatch(ts, 1)
	b.Cols[0].AppendInt(1)
	b.Cols[1].AppendString("q")
	b.Cols[2].AppendString("RUNNING")
	b.Cols[3].AppendInt(1)
	b.Cols[4].AppendInt(0)
	b.Cols[5].AppendNull()
	b.N = 1
	return emit(b)
}

// blockingSystem emits batches until its context is done.
type blockingSystem struct {
	fakeSystem
	stopped chan error
}

func (f *blockingSystem) Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error {
	ts := make([]*types.Type, len(fakeColumns))
	for i, c := range fakeColumns {
		ts[i] = c.Type
	}
	for {
		b := vector.NewBatch(ts, 1)
		b.Cols[0].AppendString("x")
		b.Cols[1].AppendString("q")
		b.Cols[2].AppendString("RUNNING")
		b.Cols[3].AppendInt(1)
		b.Cols[4].AppendInt(0)
		b.Cols[5].AppendNull()
		b.N = 1
		if err := emit(b); err != nil {
			f.stopped <- err
			return err
		}
	}
}

func TestSystemTableFailuresAndCancellation(t *testing.T) {
	e, _ := systemEngine(t)
	e.System["broken"] = &errSystem{}
	se := runErr(t, e, "SELECT * FROM system.broken")
	if se.Code != sqlerr.GenericInternalError || !strings.Contains(se.Msg, "produced 1 columns, not 6") {
		t.Errorf("wrong-width batch: %v", se)
	}

	e.System["mistyped"] = &mistypedSystem{}
	se = runErr(t, e, "SELECT query FROM system.mistyped")
	if se.Code != sqlerr.GenericInternalError || !strings.Contains(se.Msg, "bad vector for column query_execution_id") {
		t.Errorf("mistyped batch: %v", se)
	}

	// A source that never ends stops when the query's context is cancelled.
	bl := &blockingSystem{stopped: make(chan error, 1)}
	e.System["endless"] = bl
	ctx, cancel := context.WithCancel(t.Context())
	err := e.Run(ctx, "SELECT count(*) FROM system.endless", &Session{Database: "default"}, func(r *Result) error {
		go func() {
			time.Sleep(50 * time.Millisecond)
			cancel()
		}()
		_, err := r.Strings(ctx)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled query: %v", err)
	}
	select {
	case err := <-bl.stopped:
		if err == nil {
			t.Error("source stopped without an error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the source kept running after the query was cancelled")
	}
}

// rowSystem has a row-typed column, whose fields are read from the whole
// value (system tables have no record paths to decode).
type rowSystem struct{}

var rowType = types.NewRow(types.Field{Name: "arn", Type: types.VarcharType}, types.Field{Name: "n", Type: types.BigIntType})

func (rowSystem) Columns() []SystemColumn {
	return []SystemColumn{{Name: "id", Type: types.BigIntType}, {Name: "who", Type: rowType}}
}

func (rowSystem) Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error {
	b := vector.NewBatch([]*types.Type{types.BigIntType, rowType}, 3)
	for i, arn := range []string{"arn:a", "arn:b", ""} {
		b.Cols[0].AppendInt(int64(i + 1))
		if arn == "" {
			b.Cols[1].AppendNull()
		} else {
			b.Cols[1].AppendAny([]any{arn, int64(10 * (i + 1))})
		}
		b.N++
	}
	return emit(b)
}

func TestSystemTableRowColumn(t *testing.T) {
	e, _ := systemEngine(t)
	e.System["principals"] = rowSystem{}
	_, rows := query(t, e, `SELECT p.id, p.who.arn, who.n + 1 FROM system.principals p WHERE p.who.n >= 20 OR p.who IS NULL ORDER BY 1`)
	wantRows(t, "row fields", rowsOf(rows), "2|arn:b|21", "3|NULL|NULL")
	_, rows = query(t, e, `SELECT who FROM system.principals WHERE id = 1`)
	wantRows(t, "whole row", rowsOf(rows), "{arn=arn:a, n=10}")
}
