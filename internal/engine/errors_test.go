package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trawl/internal/catalog"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
	"trawl/internal/value"
)

// smallEngine returns an engine over a temp dir whose bucket "b" holds a
// few CloudTrail records under logs/dt=.../ (Hive-style partition folders),
// and the bucket's root directory.
func smallEngine(t *testing.T) (*Engine, string) {
	t.Helper()
	dir := t.TempDir()
	buckets := filepath.Join(dir, "buckets")
	write := func(rel, data string) {
		p := filepath.Join(buckets, "b", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("logs/dt=2024-01-01/a.json", `{"Records":[
		{"eventName":"GetObject","eventSource":"s3.amazonaws.com","userIdentity":{"type":"Root","userName":"alice"},"n":1},
		{"eventName":"PutObject","eventSource":"s3.amazonaws.com","userIdentity":{"type":"IAMUser","userName":"bob"},"n":2}]}`)
	write("logs/dt=2024-01-02/b.json", `{"Records":[
		{"eventName":"GetObject","eventSource":"s3.amazonaws.com","userIdentity":{"type":"IAMUser"},"n":3}]}`)
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	e := &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(buckets), File: file.New("/")}}
	query(t, e, `CREATE EXTERNAL TABLE ct (
		eventname string, eventsource string,
		useridentity struct<type:string, username:string>, n int)
	PARTITIONED BY (dt string)
	ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
	STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
	OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
	LOCATION 's3://b/logs/'`)
	query(t, e, `MSCK REPAIR TABLE ct`)
	return e, filepath.Join(buckets, "b")
}

// runErr runs sql and returns its error as a *sqlerr.Error.
func runErr(t *testing.T, e *Engine, sql string) *sqlerr.Error {
	t.Helper()
	err := e.Run(context.Background(), sql, &Session{Database: "default"}, func(r *Result) error {
		for {
			b, err := r.Next(context.Background())
			if err != nil || b == nil {
				return err
			}
		}
	})
	if err == nil {
		t.Fatalf("%s: no error", sql)
	}
	var se *sqlerr.Error
	if !errors.As(err, &se) {
		t.Fatalf("%s: error %v (%T) is not a *sqlerr.Error", sql, err, err)
	}
	return se
}

func TestUserErrors(t *testing.T) {
	e, _ := smallEngine(t)
	cases := []struct {
		name      string
		sql       string
		code      sqlerr.Code
		line, col int
		msg       []string // substrings of the message
		caret     string   // the caret line, when checked
	}{
		{"misspelt keyword", "SELEC 1", sqlerr.SyntaxError, 1, 1,
			[]string{"mismatched input 'SELEC'. Expecting: ", "<query>"}, "^"},
		{"missing operand", "SELECT * FROM ct\nWHERE n = ", sqlerr.SyntaxError, 2, 11,
			[]string{"mismatched input '<EOF>'. Expecting: ", "<expression>"}, "          ^"},
		{"stray token", "SELECT eventname FROM ct ORDER BY 1 ORDER BY 1", sqlerr.SyntaxError, 1, 37,
			[]string{"mismatched input 'ORDER'. Expecting: "}, ""},
		{"unknown table", "SELECT * FROM cts", sqlerr.TableNotFound, 1, 15,
			[]string{"Table 'awsdatacatalog.default.cts' does not exist", "did you mean 'ct'?"}, "              ^"},
		{"unknown qualified table", "SELECT * FROM awsdatacatalog.default.c", sqlerr.TableNotFound, 1, 15,
			[]string{"Table 'awsdatacatalog.default.c' does not exist", "'ct'"}, ""},
		{"unknown schema", "SELECT * FROM nodb.ct", sqlerr.SchemaNotFound, 1, 15,
			[]string{"Schema 'nodb' does not exist"}, ""},
		{"unknown column", "SELECT eventnam\nFROM ct", sqlerr.ColumnNotFound, 1, 8,
			[]string{"Column 'eventnam' cannot be resolved", "did you mean 'eventname'?"}, "       ^"},
		{"unknown column in WHERE", "SELECT count(*)\nFROM ct\nWHERE  eventsorce = 'x'", sqlerr.ColumnNotFound, 3, 8,
			[]string{"Column 'eventsorce' cannot be resolved", "'eventsource'"}, "       ^"},
		{"unknown struct field", "SELECT useridentity.usernam FROM ct", sqlerr.ColumnNotFound, 1, 8,
			[]string{"Column 'useridentity.usernam' cannot be resolved", "did you mean 'username'?"}, ""},
		{"unknown function", "SELECT lenght(eventname) FROM ct", sqlerr.FunctionNotFound, 1, 8,
			[]string{"Function 'lenght' not registered", "did you mean 'length'"}, ""},
		{"wrong argument types", "SELECT length(n) FROM ct", sqlerr.FunctionNotFound, 1, 8,
			[]string{"Unexpected parameters (integer) for function length. Expected: length(varchar(x))"}, ""},
		{"comparison type mismatch", "SELECT 1 FROM ct WHERE n = 'a'", sqlerr.TypeMismatch, 1, 26,
			[]string{"Cannot apply operator: integer = varchar(1)"}, ""},
		{"aggregate in WHERE", "SELECT 1 FROM ct WHERE n > 0 AND count(*) > 1", sqlerr.Code("EXPRESSION_NOT_SCALAR"), 1, 30,
			[]string{"WHERE clause cannot contain aggregations, window functions or grouping operations: [count(*)]"}, ""},
		{"aggregate in GROUP BY", "SELECT 1 FROM ct GROUP BY max(n)", sqlerr.Code("EXPRESSION_NOT_SCALAR"), 1, 27,
			[]string{"GROUP BY clause cannot contain aggregations, window functions or grouping operations: [max(n)]"}, ""},
		{"GROUP BY ordinal of an aggregate", "SELECT count(*) FROM ct GROUP BY 1", sqlerr.Code("EXPRESSION_NOT_SCALAR"), 1, 8,
			[]string{"GROUP BY clause cannot contain aggregations"}, ""},
		{"nested aggregate", "SELECT max(count(*)) FROM ct", sqlerr.NestedAggregation, 1, 12,
			[]string{"Cannot nest aggregations inside aggregation 'max': [count(*)]"}, ""},
		{"GROUP BY ordinal out of range", "SELECT n FROM ct GROUP BY 2", sqlerr.InvalidColumnReference, 1, 27,
			[]string{"GROUP BY position 2 is not in select list"}, ""},
		{"ORDER BY ordinal out of range", "SELECT n FROM ct ORDER BY 0", sqlerr.InvalidColumnReference, 1, 27,
			[]string{"ORDER BY position 0 is not in select list"}, ""},
		{"not grouped", "SELECT eventname, n FROM ct GROUP BY eventname", sqlerr.ExpressionNotAggregate, 1, 19,
			[]string{"'n' must be an aggregate expression or appear in GROUP BY clause"}, ""},
		{"GROUP BY an output alias (Trino binds GROUP BY to the FROM clause)", "SELECT eventname AS e FROM ct GROUP BY e", sqlerr.ColumnNotFound, 1, 40,
			[]string{"Column 'e' cannot be resolved"}, ""},
		{"ambiguous ORDER BY name", "SELECT eventname AS x, eventsource AS x FROM ct ORDER BY x", sqlerr.AmbiguousName, 1, 58,
			[]string{"'x' in ORDER BY is ambiguous"}, ""},
		{"non-boolean WHERE", "SELECT 1 FROM ct WHERE n", sqlerr.TypeMismatch, 1, 24,
			[]string{"WHERE clause must evaluate to a boolean: actual type integer"}, ""},
		{"drop missing table", "DROP TABLE nope", sqlerr.TableNotFound, 1, 12,
			[]string{"Table 'awsdatacatalog.default.nope' does not exist"}, ""},
		{"use missing schema", "USE nodb", sqlerr.SchemaNotFound, 1, 1,
			[]string{"Schema 'nodb' does not exist"}, ""},
		{"second statement", "SELECT 1;\nSELECT nope FROM ct", sqlerr.ColumnNotFound, 2, 8,
			[]string{"Column 'nope' cannot be resolved"}, "       ^"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			se := runErr(t, e, c.sql)
			if se.Code != c.code || se.Line != c.line || se.Column != c.col {
				t.Errorf("%q: got %s at %d:%d (%v), want %s at %d:%d", c.sql, se.Code, se.Line, se.Column, se, c.code, c.line, c.col)
			}
			for _, m := range c.msg {
				if !strings.Contains(se.Msg, m) {
					t.Errorf("%q: message %q lacks %q", c.sql, se.Msg, m)
				}
			}
			full := se.Error()
			if want := string(c.code) + ": line "; !strings.HasPrefix(full, want) {
				t.Errorf("%q: Error() = %q, want prefix %q", c.sql, full, want)
			}
			if c.caret != "" {
				lines := strings.Split(se.Caret(), "\n")
				if len(lines) != 2 || lines[1] != c.caret {
					t.Errorf("%q: caret\n%s\nwant caret line %q", c.sql, se.Caret(), c.caret)
				}
			}
		})
	}
}

// TestSuggestionsOnlyWhenClose: a name far from every candidate gets no
// suggestion rather than a misleading one.
func TestSuggestionsOnlyWhenClose(t *testing.T) {
	e, _ := smallEngine(t)
	se := runErr(t, e, "SELECT zzzzzzzz FROM ct")
	if strings.Contains(se.Msg, "did you mean") {
		t.Errorf("unexpected suggestion: %s", se.Msg)
	}
	se = runErr(t, e, "SELECT * FROM qqqqqqqq")
	if strings.Contains(se.Msg, "did you mean") {
		t.Errorf("unexpected suggestion: %s", se.Msg)
	}
}

func TestConstantComparisonWarning(t *testing.T) {
	e, _ := smallEngine(t)
	src := "select count(*)\nfrom ct\nwhere\n  'timestamp' >= '2021-01-01T00:00:00Z'"
	var warnings []string
	var count string
	err := e.Run(context.Background(), src, &Session{Database: "default"}, func(r *Result) error {
		warnings = r.Warnings
		b, err := r.Next(context.Background())
		if err != nil {
			return err
		}
		count = value.Format(b.Cols[0].Type, b.Cols[0].Value(0))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The comparison of two strings is always true here: every row counts.
	if count != "3" {
		t.Errorf("count = %s, want 3", count)
	}
	if len(warnings) != 1 {
		t.Fatalf("warnings = %q, want one", warnings)
	}
	w := warnings[0]
	for _, want := range []string{"line 4:3:", "'timestamp' >= '2021-01-01T00:00:00Z'", "always true", `"timestamp"`} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	// Comparing a column with a string is no warning.
	err = e.Run(context.Background(), `SELECT count(*) FROM ct WHERE "dt" >= '2021-01-01'`, &Session{Database: "default"}, func(r *Result) error {
		warnings = r.Warnings
		return nil
	})
	if err != nil || len(warnings) != 0 {
		t.Errorf("column comparison: err %v, warnings %q", err, warnings)
	}
	// An always-false constant comparison says so.
	err = e.Run(context.Background(), `SELECT count(*) FROM ct WHERE 'a' = 'b'`, &Session{Database: "default"}, func(r *Result) error {
		warnings = r.Warnings
		return nil
	})
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "always false") || !strings.Contains(warnings[0], "line 1:31:") {
		t.Errorf("'a' = 'b': err %v, warnings %q", err, warnings)
	}
}

func TestRuntimeErrors(t *testing.T) {
	e, _ := smallEngine(t)
	cases := []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT 2147483647 + n FROM ct", sqlerr.NumericValueOutOfRange, "integer addition overflow: 2147483647 + "},
		{"SELECT n / 0 FROM ct", sqlerr.DivisionByZero, "Division by zero"},
		{"SELECT CAST(eventname AS integer) FROM ct", sqlerr.InvalidCastArgument, ""},
	}
	for _, c := range cases {
		err := e.Run(context.Background(), c.sql, &Session{Database: "default"}, func(r *Result) error {
			for {
				b, err := r.Next(context.Background())
				if err != nil || b == nil {
					return err
				}
			}
		})
		if !errors.Is(err, c.code) {
			t.Errorf("%s: err %v, want %s", c.sql, err, c.code)
			continue
		}
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err %v lacks %q", c.sql, err, c.msg)
		}
	}
	// TRY turns them into NULL.
	_, rows := query(t, e, "SELECT try(n / 0), try_cast(eventname AS integer) FROM ct")
	for _, r := range rows {
		if r[0] != "NULL" || r[1] != "NULL" {
			t.Errorf("try row = %v", r)
		}
	}
}
