package engine

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trawl/internal/sqlerr"
)

// col returns column i of rows.
func col(rows [][]string, i int) []string {
	out := make([]string, len(rows))
	for j, r := range rows {
		out[j] = r[i]
	}
	return out
}

func wantRows(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func TestDatabases(t *testing.T) {
	e, _ := smallEngine(t)
	query(t, e, "CREATE DATABASE trails")
	query(t, e, "CREATE SCHEMA IF NOT EXISTS trails")
	query(t, e, "CREATE SCHEMA `Audit_2024` COMMENT 'audit logs' LOCATION 's3://b/audit/' WITH DBPROPERTIES ('owner'='sec')")
	query(t, e, "CREATE DATABASE analytics")
	_, rows := query(t, e, "SHOW DATABASES")
	wantRows(t, "SHOW DATABASES", col(rows, 0), "analytics", "audit_2024", "default", "trails")
	names, rows := query(t, e, "SHOW SCHEMAS LIKE 'a*'")
	if names[0] != "database_name" {
		t.Errorf("column = %q", names)
	}
	wantRows(t, "LIKE 'a*'", col(rows, 0), "analytics", "audit_2024")
	// Athena's documented example: .* is a wildcard too.
	_, rows = query(t, e, "SHOW DATABASES LIKE '.*s'")
	wantRows(t, "LIKE '.*s'", col(rows, 0), "analytics", "trails")
	_, rows = query(t, e, "SHOW DATABASES LIKE 'DEFAULT|tr*'")
	wantRows(t, "LIKE 'DEFAULT|tr*'", col(rows, 0), "default", "trails")
	_, rows = query(t, e, "SHOW DATABASES LIKE 'nothing'")
	wantRows(t, "LIKE 'nothing'", col(rows, 0))

	se := runErr(t, e, "CREATE DATABASE trails")
	if se.Code != sqlerr.SchemaAlreadyExists || se.Msg != "Schema 'trails' already exists" || se.Column != 17 {
		t.Errorf("create twice: %v", se)
	}
	se = runErr(t, e, "DROP DATABASE nope")
	if se.Code != sqlerr.SchemaNotFound || se.Msg != "Schema 'nope' does not exist" {
		t.Errorf("drop missing: %v", se)
	}
	query(t, e, "DROP SCHEMA IF EXISTS nope")

	// A non-empty database is dropped only with CASCADE.
	query(t, e, "CREATE EXTERNAL TABLE trails.t (a string) LOCATION 's3://b/x/'")
	se = runErr(t, e, "DROP DATABASE trails")
	if se.Code != sqlerr.SchemaNotEmpty || !strings.Contains(se.Msg, "Cannot drop non-empty schema 'trails'") || !strings.Contains(se.Msg, "CASCADE") {
		t.Errorf("drop non-empty: %v", se)
	}
	query(t, e, "DROP DATABASE trails CASCADE")
	query(t, e, "DROP SCHEMA audit_2024 RESTRICT")
	_, rows = query(t, e, "SHOW SCHEMAS")
	wantRows(t, "after drops", col(rows, 0), "analytics", "default")
	se = runErr(t, e, "SELECT * FROM trails.t")
	if se.Code != sqlerr.SchemaNotFound {
		t.Errorf("query dropped database: %v", se)
	}
	// USE switches the session database for unqualified names.
	sess := &Session{Database: "default"}
	if err := e.Run(t.Context(), "USE analytics", sess, func(*Result) error { return nil }); err != nil || sess.Database != "analytics" {
		t.Errorf("USE: %v, database %q", err, sess.Database)
	}
}

func TestShowTablesPatterns(t *testing.T) {
	e, _ := smallEngine(t)
	se := runErr(t, e, "CREATE EXTERNAL TABLE sampledb.t (a string) LOCATION 's3://b/x/'")
	if se.Code != sqlerr.SchemaNotFound {
		t.Fatalf("table in a missing database: %v", se)
	}
	query(t, e, "CREATE DATABASE sampledb")
	for _, n := range []string{"alb_logs", "cloudfront_logs", "elb_logs", "flights_2016", "flights_parquet", "view_2016_flights_dfw"} {
		query(t, e, "CREATE EXTERNAL TABLE IF NOT EXISTS `sampledb`.`"+n+"` (a string) LOCATION 's3://b/x/'")
	}
	names, rows := query(t, e, "SHOW TABLES IN sampledb")
	if names[0] != "tab_name" {
		t.Errorf("column = %q", names)
	}
	wantRows(t, "all", col(rows, 0), "alb_logs", "cloudfront_logs", "elb_logs", "flights_2016", "flights_parquet", "view_2016_flights_dfw")
	// Athena's documented examples.
	_, rows = query(t, e, "SHOW TABLES IN sampledb '*flights*'")
	wantRows(t, "'*flights*'", col(rows, 0), "flights_2016", "flights_parquet", "view_2016_flights_dfw")
	_, rows = query(t, e, "SHOW TABLES IN sampledb '*logs'")
	wantRows(t, "'*logs'", col(rows, 0), "alb_logs", "cloudfront_logs", "elb_logs")
	_, rows = query(t, e, "SHOW TABLES IN sampledb 'alb*|elb*'")
	wantRows(t, "'alb*|elb*'", col(rows, 0), "alb_logs", "elb_logs")
	_, rows = query(t, e, "SHOW TABLES IN sampledb '.*_2016'")
	wantRows(t, "'.*_2016'", col(rows, 0), "flights_2016")
	_, rows = query(t, e, "SHOW TABLES FROM sampledb LIKE 'FLIGHTS*'")
	wantRows(t, "LIKE 'FLIGHTS*'", col(rows, 0), "flights_2016", "flights_parquet")
	// A pattern is a whole-name match, not a substring search.
	_, rows = query(t, e, "SHOW TABLES IN sampledb 'logs'")
	wantRows(t, "'logs'", col(rows, 0))
	// Without IN: the session database.
	_, rows = query(t, e, "SHOW TABLES 'c*'")
	wantRows(t, "default 'c*'", col(rows, 0), "ct")
	_, rows = query(t, e, "SHOW TABLES 'x*'")
	wantRows(t, "default 'x*'", col(rows, 0))
	se = runErr(t, e, "SHOW TABLES IN nodb")
	if se.Code != sqlerr.SchemaNotFound || se.Msg != "Schema 'nodb' does not exist" {
		t.Errorf("SHOW TABLES IN nodb: %v", se)
	}
}

func TestCreateTableNestedTypes(t *testing.T) {
	e, bucket := smallEngine(t)
	os.MkdirAll(filepath.Join(bucket, "nested"), 0o755)
	os.WriteFile(filepath.Join(bucket, "nested", "r.json"), []byte(
		`{"Id":"a","Tags":["x","y"],"M":{"k":[{"x":1,"y":"one"},{"x":2,"y":"two"}]},"S":{"Lvl":{"Deep":"d1"}}}`+"\n"+
			`{"Id":"b","Tags":[],"M":{},"S":null}`+"\n"), 0o644)
	query(t, e, "CREATE EXTERNAL TABLE IF NOT EXISTS `Nested_T` (\n"+
		"  `Id` string COMMENT 'the id',\n"+
		"  tags array<string>,\n"+
		"  m map<string,array<struct<x:int,y:string>>>,\n"+
		"  s struct<lvl:struct<deep:string>>)\n"+
		"COMMENT 'nested test'\n"+
		"ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"+
		"LOCATION 's3://b/nested/'")
	// IF NOT EXISTS on an existing table is a no-op; without it, an error.
	query(t, e, "CREATE EXTERNAL TABLE IF NOT EXISTS nested_t (x int) LOCATION 's3://b/nested/'")
	se := runErr(t, e, "CREATE EXTERNAL TABLE nested_t (x int) LOCATION 's3://b/nested/'")
	if se.Code != sqlerr.TableAlreadyExists || se.Msg != "Table 'awsdatacatalog.default.nested_t' already exists" {
		t.Errorf("duplicate table: %v", se)
	}
	se = runErr(t, e, "CREATE EXTERNAL TABLE dup (a string, A int) LOCATION 's3://b/x/'")
	if se.Code != sqlerr.DuplicateColumnName || se.Column != 38 {
		t.Errorf("duplicate column: %v (%d:%d)", se, se.Line, se.Column)
	}
	_, rows := query(t, e, "DESCRIBE nested_t")
	want := [][]string{
		{"id", "string", "the id"},
		{"tags", "array<string>", ""},
		{"m", "map<string,array<struct<x:int,y:string>>>", ""},
		{"s", "struct<lvl:struct<deep:string>>", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("DESCRIBE = %q, want %q", rows, want)
	}
	_, rows = query(t, e, "SELECT id, cardinality(tags), try(m['k'][2].y), s.lvl.deep FROM nested_t ORDER BY id")
	want = [][]string{{"a", "2", "two", "d1"}}
	if len(rows) != 2 || !reflect.DeepEqual(rows[:1], want) || rows[1][0] != "b" || rows[1][1] != "0" || rows[1][3] != "NULL" {
		t.Errorf("nested select = %q", rows)
	}
	query(t, e, "DROP TABLE nested_t")
	se = runErr(t, e, "SELECT * FROM nested_t")
	if se.Code != sqlerr.TableNotFound {
		t.Errorf("after DROP TABLE: %v", se)
	}
	query(t, e, "DROP TABLE IF EXISTS nested_t")
}

// TestShowCreateTableRoundTrip: the printed DDL re-creates the same table.
func TestShowCreateTableRoundTrip(t *testing.T) {
	e, _ := smallEngine(t)
	query(t, e, `CREATE EXTERNAL TABLE rt (
		a string COMMENT 'it''s a',
		b array<struct<x:bigint,y:map<string,double>>>,
		c struct<p:boolean,q:timestamp>)
	COMMENT 'tbl ''c'''
	PARTITIONED BY (region string COMMENT 'aws region', day string)
	ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
	WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
	STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
	OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
	LOCATION 's3://b/logs/'
	TBLPROPERTIES ('classification'='cloudtrail', 'note'='a\\b')`)
	show := func() string {
		_, rows := query(t, e, "SHOW CREATE TABLE rt")
		return strings.Join(col(rows, 0), "\n")
	}
	ddl := show()
	for _, want := range []string{
		"CREATE EXTERNAL TABLE `default`.`rt`(",
		"  `a` string COMMENT 'it''s a',",
		"  `b` array<struct<x:bigint,y:map<string,double>>> COMMENT 'from deserializer',",
		"COMMENT 'tbl ''c'''",
		"PARTITIONED BY ( \n  `region` string COMMENT 'aws region', \n  `day` string)",
		"ROW FORMAT SERDE \n  'org.apache.hive.hcatalog.data.JsonSerDe' \nWITH SERDEPROPERTIES ( \n  'ignore.malformed.json'='true') ",
		"LOCATION\n  's3://b/logs/'",
		"  'note'='a\\\\b'",
	} {
		if !strings.Contains(ddl, want) {
			t.Errorf("SHOW CREATE TABLE lacks %q:\n%s", want, ddl)
		}
	}
	_, desc := query(t, e, "DESCRIBE rt")
	_, props := query(t, e, "SHOW TBLPROPERTIES rt")
	query(t, e, "DROP TABLE rt")
	query(t, e, ddl)
	if again := show(); again != ddl {
		t.Errorf("round trip changed the DDL:\n%s\nthen\n%s", ddl, again)
	}
	if _, d := query(t, e, "DESCRIBE rt"); !reflect.DeepEqual(d, desc) {
		t.Errorf("round trip changed DESCRIBE:\n%q\nthen\n%q", desc, d)
	}
	if _, p := query(t, e, "SHOW TBLPROPERTIES rt"); !reflect.DeepEqual(p, props) {
		t.Errorf("round trip changed TBLPROPERTIES:\n%q\nthen\n%q", props, p)
	}
	wantRows(t, "TBLPROPERTIES keys", col(props, 0), "classification", "note")
	wantRows(t, "TBLPROPERTIES values", col(props, 1), "cloudtrail", `a\b`)
	// DESCRIBE of a partitioned table: columns, partition keys, then
	// Hive's partition section.
	wantRows(t, "DESCRIBE names", col(desc, 0), "a", "b", "c", "region", "day", "", "# Partition Information", "# col_name", "", "region", "day")
	if desc[0][2] != "it's a" || desc[3][2] != "aws region" {
		t.Errorf("DESCRIBE comments: %q", desc)
	}
}

func TestPartitionsDDL(t *testing.T) {
	e, bucket := smallEngine(t)
	names, rows := query(t, e, "SHOW PARTITIONS ct")
	if names[0] != "partition" {
		t.Errorf("column = %q", names)
	}
	wantRows(t, "after MSCK", col(rows, 0), "dt=2024-01-01", "dt=2024-01-02")
	_, rows = query(t, e, "SELECT dt, count(*) FROM ct GROUP BY dt ORDER BY dt")
	if !reflect.DeepEqual(rows, [][]string{{"2024-01-01", "2"}, {"2024-01-02", "1"}}) {
		t.Errorf("per partition = %q", rows)
	}

	// A partition outside the Hive layout, with LOCATION.
	os.MkdirAll(filepath.Join(bucket, "other", "place"), 0o755)
	os.WriteFile(filepath.Join(bucket, "other", "place", "c.json"), []byte(`{"Records":[{"eventName":"X"},{"eventName":"Y"}]}`), 0o644)
	query(t, e, "ALTER TABLE ct ADD PARTITION (dt='2024-02-01') LOCATION 's3://b/other/place/'")
	se := runErr(t, e, "ALTER TABLE ct ADD PARTITION (dt='2024-02-01')")
	if se.Code != sqlerr.AlreadyExists || !strings.Contains(se.Msg, "dt='2024-02-01'") {
		t.Errorf("add twice: %v", se)
	}
	query(t, e, "ALTER TABLE ct ADD IF NOT EXISTS PARTITION (dt='2024-02-01') PARTITION (dt='2024-02-02')")
	_, rows = query(t, e, "SHOW PARTITIONS ct")
	wantRows(t, "after ADD", col(rows, 0), "dt=2024-01-01", "dt=2024-01-02", "dt=2024-02-01", "dt=2024-02-02")
	_, rows = query(t, e, "SELECT eventname FROM ct WHERE dt = '2024-02-01' ORDER BY 1")
	wantRows(t, "partition at LOCATION", col(rows, 0), "X", "Y")
	_, rows = query(t, e, "SELECT count(*) FROM ct WHERE dt = '2024-02-02'")
	wantRows(t, "empty partition", col(rows, 0), "0")

	query(t, e, "ALTER TABLE ct DROP PARTITION (dt='2024-02-01'), PARTITION (dt='2024-02-02')")
	se = runErr(t, e, "ALTER TABLE ct DROP PARTITION (dt='2024-02-01')")
	if se.Code != sqlerr.NotFound || !strings.Contains(se.Msg, "dt='2024-02-01'") {
		t.Errorf("drop missing partition: %v", se)
	}
	query(t, e, "ALTER TABLE ct DROP IF EXISTS PARTITION (dt='2024-02-01')")
	_, rows = query(t, e, "SELECT count(*) FROM ct")
	wantRows(t, "after DROP PARTITION", col(rows, 0), "3")
	se = runErr(t, e, "ALTER TABLE ct ADD PARTITION (day='x')")
	if se.Code != sqlerr.InvalidPartitionValue {
		t.Errorf("wrong partition key: %v", se)
	}
	se = runErr(t, e, "ALTER TABLE nope ADD PARTITION (dt='x')")
	if se.Code != sqlerr.TableNotFound {
		t.Errorf("partition of a missing table: %v", se)
	}

	// MSCK REPAIR TABLE adds only the new key=value folders.
	os.MkdirAll(filepath.Join(bucket, "logs", "dt=2024-03-01"), 0o755)
	os.WriteFile(filepath.Join(bucket, "logs", "dt=2024-03-01", "d.json"), []byte(`{"Records":[{"eventName":"Z"}]}`), 0o644)
	os.MkdirAll(filepath.Join(bucket, "logs", "notapartition"), 0o755)
	os.WriteFile(filepath.Join(bucket, "logs", "notapartition", "e.json"), []byte(`{"Records":[{"eventName":"W"}]}`), 0o644)
	_, rows = query(t, e, "MSCK REPAIR TABLE ct")
	wantRows(t, "MSCK output", col(rows, 0), "Repair: Added partition to metastore ct:dt=2024-03-01")
	_, rows = query(t, e, "MSCK REPAIR TABLE ct")
	wantRows(t, "MSCK again", col(rows, 0))
	_, rows = query(t, e, "SHOW PARTITIONS ct")
	wantRows(t, "after MSCK", col(rows, 0), "dt=2024-01-01", "dt=2024-01-02", "dt=2024-03-01")
	_, rows = query(t, e, "SELECT count(*) FROM ct")
	wantRows(t, "count after MSCK", col(rows, 0), "4")

	// Not partitioned.
	query(t, e, "CREATE EXTERNAL TABLE flat (a string) LOCATION 's3://b/x/'")
	se = runErr(t, e, "SHOW PARTITIONS flat")
	if se.Code != sqlerr.NotSupported || !strings.Contains(se.Msg, "not partitioned") {
		t.Errorf("SHOW PARTITIONS flat: %v", se)
	}
}

func TestCreateTableRejects(t *testing.T) {
	e, _ := smallEngine(t)
	for _, c := range []struct {
		sql  string
		code sqlerr.Code
	}{
		{"CREATE EXTERNAL TABLE x (a string)", sqlerr.InvalidTableProperty},
		{"CREATE EXTERNAL TABLE x (a string) ROW FORMAT SERDE 'com.example.NoSuchSerDe' LOCATION 's3://b/x/'", sqlerr.NotSupported},
		{"CREATE EXTERNAL TABLE x (a string) STORED AS PARQUET LOCATION 's3://b/x/'", sqlerr.NotSupported},
		{"CREATE EXTERNAL TABLE x (a string) PARTITIONED BY (a string) LOCATION 's3://b/x/'", sqlerr.DuplicateColumnName},
		{"CREATE EXTERNAL TABLE x (a strin) LOCATION 's3://b/x/'", sqlerr.SyntaxError},
	} {
		err := e.Run(t.Context(), c.sql, &Session{Database: "default"}, func(*Result) error { return nil })
		if !errors.Is(err, c.code) {
			t.Errorf("%s: %v, want %s", c.sql, err, c.code)
		}
	}
	_, rows := query(t, e, "SHOW TABLES")
	wantRows(t, "tables after rejected DDL", col(rows, 0), "ct")
}
