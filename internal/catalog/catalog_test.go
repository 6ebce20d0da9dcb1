package catalog

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var ctx = context.Background()

func openTemp(t testing.TB) (*Catalog, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "catalog.db")
	c, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { c.Close() })
	return c, path
}

func mustErr(t *testing.T, err, kind error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", msg)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error %q does not wrap %v", err, kind)
	}
	if msg != "" && err.Error() != msg {
		t.Fatalf("error message\n got %q\nwant %q", err.Error(), msg)
	}
}

func TestOpenCreatesFileWithSettings(t *testing.T) {
	c, path := openTemp(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("catalog file mode %v, want 0600", st.Mode().Perm())
	}
	if c.Path() != path {
		t.Errorf("Path() = %q, want %q", c.Path(), path)
	}
	var mode string
	if err := c.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var busy, fk int
	if err := c.DB().QueryRow(`PRAGMA busy_timeout`).Scan(&busy); err != nil || busy != 10000 {
		t.Errorf("busy_timeout = %d, %v; want 10000", busy, err)
	}
	if err := c.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	dbs, err := c.Databases(ctx)
	if err != nil || len(dbs) != 1 || dbs[0].Name != "default" {
		t.Fatalf("Databases() = %+v, %v; want only default", dbs, err)
	}
	if dbs[0].Properties == nil || dbs[0].Created.IsZero() {
		t.Errorf("default database %+v: want non-nil properties and a creation time", dbs[0])
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestOpenOddPaths(t *testing.T) {
	if _, err := Open(""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
	dir := filepath.Join(t.TempDir(), "a dir?x=1#frag%20")
	path := filepath.Join(dir, "my cat?.db")
	c, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	defer c.Close()
	if err := c.CreateDatabase(ctx, Database{Name: "x"}, false); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e.Name() == "my cat?.db" {
			found = true
		}
	}
	if !found {
		t.Fatalf("catalog not created under its exact name; directory holds %v", entries)
	}
	// A file in the way of the directory is an error naming the path.
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	_, err = Open(filepath.Join(blocker, "sub", "c.db"))
	if err == nil || !strings.Contains(err.Error(), blocker) {
		t.Fatalf("Open under a file: err %v, want one naming %s", err, blocker)
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 300)), 0o600)
	c, err := Open(path)
	if err == nil {
		c.Close()
		t.Fatal("Open of a non-database file succeeded")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
}

func TestDatabases(t *testing.T) {
	c, _ := openTemp(t)
	created := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	d := Database{Name: "CloudTrail_Logs", Comment: "trails", Location: "s3://b/p/",
		Properties: map[string]string{"owner": "sec", "a&b": "<x>"}, Created: created}
	if err := c.CreateDatabase(ctx, d, false); err != nil {
		t.Fatal(err)
	}
	mustErr(t, c.CreateDatabase(ctx, Database{Name: "cloudtrail_LOGS"}, false), ErrExists,
		`database "cloudtrail_logs" already exists`)
	if err := c.CreateDatabase(ctx, Database{Name: "cloudtrail_logs", Comment: "other"}, true); err != nil {
		t.Fatalf("IF NOT EXISTS: %v", err)
	}
	got, err := c.Database(ctx, "CLOUDTRAIL_logs")
	if err != nil {
		t.Fatal(err)
	}
	want := d
	want.Name = "cloudtrail_logs"
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("Database() = %+v\nwant %+v", *got, want)
	}
	if err := c.CreateDatabase(ctx, Database{Name: "aaa"}, false); err != nil {
		t.Fatal(err)
	}
	dbs, err := c.Databases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range dbs {
		names = append(names, d.Name)
	}
	if strings.Join(names, ",") != "aaa,cloudtrail_logs,default" {
		t.Fatalf("Databases() names = %v", names)
	}
	if dbs[0].Properties == nil || len(dbs[0].Properties) != 0 {
		t.Errorf("empty properties = %#v, want empty non-nil map", dbs[0].Properties)
	}
	_, err = c.Database(ctx, "nope")
	mustErr(t, err, ErrNotFound, `database "nope" not found`)

	// invalid names
	mustErr(t, c.CreateDatabase(ctx, Database{Name: ""}, false), ErrInvalid, "database name is empty")
	mustErr(t, c.CreateDatabase(ctx, Database{Name: strings.Repeat("x", 256)}, false), ErrInvalid, "")
	mustErr(t, c.CreateDatabase(ctx, Database{Name: "a\xffb"}, false), ErrInvalid, "")
	if err := c.CreateDatabase(ctx, Database{Name: strings.Repeat("x", 255)}, false); err != nil {
		t.Fatalf("255-byte name: %v", err)
	}
	// names needing quoting in messages
	if err := c.CreateDatabase(ctx, Database{Name: `we"ird`}, false); err != nil {
		t.Fatal(err)
	}
	mustErr(t, c.CreateDatabase(ctx, Database{Name: `we"ird`}, false), ErrExists, `database "we""ird" already exists`)
}

func cloudTrailTable(db, name string) Table {
	return Table{
		Database: db, Name: name, Kind: ExternalTable,
		Columns: []Column{
			{Name: "eventVersion", Type: "string"},
			{Name: "userIdentity", Type: "struct<type:string,principalid:string,arn:string>", Comment: "who"},
			{Name: "eventTime", Type: "string"},
			{Name: "resources", Type: "array<struct<arn:string,accountid:string,type:string>>"},
		},
		PartitionKeys: []Column{
			{Name: "account", Type: "string"}, {Name: "region", Type: "string"},
			{Name: "year", Type: "string"}, {Name: "month", Type: "string"}, {Name: "day", Type: "string"},
		},
		Comment:         "CloudTrail table for s3://b",
		SerDe:           "org.apache.hive.hcatalog.data.JsonSerDe",
		SerDeProperties: map[string]string{"ignore.malformed.json": "true"},
		InputFormat:     "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
		OutputFormat:    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
		Location:        "s3://b/AWSLogs/",
		Properties:      map[string]string{"classification": "cloudtrail"},
		CreateSQL:       "CREATE EXTERNAL TABLE " + name + " (...)",
	}
}

func view(db, name, sql string) Table {
	return Table{Database: db, Name: name, Kind: VirtualView, ViewSQL: sql,
		ViewColumns: []Column{{Name: "EventName", Type: "varchar"}, {Name: "n", Type: "bigint"}}}
}

func TestTables(t *testing.T) {
	c, _ := openTemp(t)
	tb := cloudTrailTable("Default", "CloudTrail_Logs")
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
	got, err := c.Table(ctx, "DEFAULT", "cloudtrail_LOGS")
	if err != nil {
		t.Fatal(err)
	}
	if got.Database != "default" || got.Name != "cloudtrail_logs" {
		t.Fatalf("names not lower-cased: %q.%q", got.Database, got.Name)
	}
	if got.Columns[1].Name != "useridentity" || got.Columns[1].Type != "struct<type:string,principalid:string,arn:string>" || got.Columns[1].Comment != "who" {
		t.Fatalf("column 2 = %+v", got.Columns[1])
	}
	if time.Since(got.Created) > time.Minute || got.Created.Location() != time.UTC {
		t.Fatalf("Created = %v, want about now in UTC", got.Created)
	}
	// Everything else round-trips.
	want := tb
	want.Database, want.Name, want.Created = "default", "cloudtrail_logs", got.Created
	want.Columns = append([]Column(nil), tb.Columns...)
	for i := range want.Columns {
		want.Columns[i].Name = strings.ToLower(want.Columns[i].Name)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("Table() =\n%+v\nwant\n%+v", *got, want)
	}

	mustErr(t, c.CreateTable(ctx, cloudTrailTable("default", "CLOUDTRAIL_logs"), false), ErrExists,
		`table "default"."cloudtrail_logs" already exists`)
	other := cloudTrailTable("default", "cloudtrail_logs")
	other.Comment = "changed"
	if err := c.CreateTable(ctx, other, true); err != nil {
		t.Fatalf("IF NOT EXISTS: %v", err)
	}
	if got, _ := c.Table(ctx, "default", "cloudtrail_logs"); got.Comment != tb.Comment {
		t.Fatalf("CREATE IF NOT EXISTS overwrote the table: comment %q", got.Comment)
	}
	mustErr(t, c.CreateTable(ctx, cloudTrailTable("nodb", "t"), false), ErrNotFound, `database "nodb" not found`)
	mustErr(t, c.CreateTable(ctx, cloudTrailTable("nodb", "t"), true), ErrNotFound, `database "nodb" not found`)

	// views
	v := view("default", "Top_Events", "SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY 1")
	if err := c.CreateTable(ctx, v, false); err != nil {
		t.Fatal(err)
	}
	mustErr(t, c.CreateTable(ctx, v, false), ErrExists, `view "default"."top_events" already exists`)
	gv, err := c.Table(ctx, "default", "top_events")
	if err != nil {
		t.Fatal(err)
	}
	if !gv.IsView() || gv.ViewSQL != v.ViewSQL || len(gv.ViewColumns) != 2 || gv.ViewColumns[0] != (Column{Name: "eventname", Type: "varchar"}) {
		t.Fatalf("view = %+v", gv)
	}
	if gv.Columns != nil || gv.PartitionKeys != nil || gv.Properties == nil || gv.SerDeProperties == nil {
		t.Fatalf("view empty fields: columns %#v keys %#v props %#v serde %#v", gv.Columns, gv.PartitionKeys, gv.Properties, gv.SerDeProperties)
	}

	// invalid definitions
	bad := cloudTrailTable("default", "bad")
	bad.Kind = "TABLE"
	mustErr(t, c.CreateTable(ctx, bad, false), ErrInvalid, "")
	bad = view("default", "bad", "")
	mustErr(t, c.CreateTable(ctx, bad, false), ErrInvalid, `view "default"."bad" has no query text`)
	bad = cloudTrailTable("default", "bad")
	bad.PartitionKeys = append(bad.PartitionKeys, Column{Name: "EventTime", Type: "string"})
	mustErr(t, c.CreateTable(ctx, bad, false), ErrInvalid, `column "eventtime" is declared more than once in table "default"."bad"`)
	bad = cloudTrailTable("default", "bad")
	bad.Columns[0].Name = ""
	mustErr(t, c.CreateTable(ctx, bad, false), ErrInvalid, `column 1 of table "default"."bad": column name is empty`)
	bad = cloudTrailTable("default", "")
	mustErr(t, c.CreateTable(ctx, bad, false), ErrInvalid, "table name is empty")
	if _, err := c.Table(ctx, "default", "bad"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("invalid table was stored: %v", err)
	}

	// listing
	if err := c.CreateTable(ctx, cloudTrailTable("default", "a_first"), false); err != nil {
		t.Fatal(err)
	}
	list, err := c.Tables(ctx, "DEFAULT")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range list {
		names = append(names, x.Name+":"+x.Kind)
	}
	if strings.Join(names, ",") != "a_first:EXTERNAL_TABLE,cloudtrail_logs:EXTERNAL_TABLE,top_events:VIRTUAL_VIEW" {
		t.Fatalf("Tables() = %v", names)
	}
	if len(list[1].Columns) != 4 || list[1].Properties["classification"] != "cloudtrail" {
		t.Fatalf("Tables() did not return full definitions: %+v", list[1])
	}
	if err := c.CreateDatabase(ctx, Database{Name: "empty"}, false); err != nil {
		t.Fatal(err)
	}
	if list, err := c.Tables(ctx, "empty"); err != nil || len(list) != 0 {
		t.Fatalf("Tables(empty) = %v, %v", list, err)
	}
	_, err = c.Tables(ctx, "nodb")
	mustErr(t, err, ErrNotFound, `database "nodb" not found`)
	_, err = c.Table(ctx, "default", "nope")
	mustErr(t, err, ErrNotFound, `table "default"."nope" not found`)
	_, err = c.Table(ctx, "nodb", "nope")
	mustErr(t, err, ErrNotFound, `database "nodb" not found`)

	// drop
	mustErr(t, c.DropTable(ctx, "default", "nope", false), ErrNotFound, `table "default"."nope" not found`)
	mustErr(t, c.DropTable(ctx, "nodb", "nope", false), ErrNotFound, `database "nodb" not found`)
	if err := c.DropTable(ctx, "default", "nope", true); err != nil {
		t.Fatalf("DROP IF EXISTS: %v", err)
	}
	if err := c.DropTable(ctx, "default", "TOP_EVENTS", false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Table(ctx, "default", "top_events"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("dropped view still there: %v", err)
	}
}

func TestDropTableDropsPartitions(t *testing.T) {
	c, _ := openTemp(t)
	tb := cloudTrailTable("default", "ct")
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
	if n, err := c.AddPartitions(ctx, "default", "ct", []Partition{
		{Values: []string{"1", "us-east-1", "2024", "01", "01"}},
		{Values: []string{"1", "us-east-1", "2024", "01", "02"}},
	}, false); err != nil || n != 2 {
		t.Fatalf("AddPartitions = %d, %v", n, err)
	}
	if err := c.DropTable(ctx, "default", "ct", false); err != nil {
		t.Fatal(err)
	}
	var left int
	c.DB().QueryRow(`SELECT count(*) FROM partitions`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d partitions left after DropTable", left)
	}
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
	if ps, err := c.Partitions(ctx, "default", "ct"); err != nil || len(ps) != 0 {
		t.Fatalf("re-created table has partitions %v, %v", ps, err)
	}
}

func TestDropDatabase(t *testing.T) {
	c, path := openTemp(t)
	mustErr(t, c.DropDatabase(ctx, "nope", false, false), ErrNotFound, `database "nope" not found`)
	if err := c.DropDatabase(ctx, "nope", true, false); err != nil {
		t.Fatalf("IF EXISTS: %v", err)
	}
	if err := c.CreateDatabase(ctx, Database{Name: "logs"}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(ctx, cloudTrailTable("logs", "ct"), false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(ctx, view("logs", "v", "SELECT 1"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPartitions(ctx, "logs", "ct", []Partition{{Values: []string{"1", "r", "2024", "01", "01"}}}, false); err != nil {
		t.Fatal(err)
	}
	mustErr(t, c.DropDatabase(ctx, "LOGS", false, false), ErrNotEmpty, `database "logs" is not empty`)
	mustErr(t, c.DropDatabase(ctx, "LOGS", true, false), ErrNotEmpty, `database "logs" is not empty`)
	if _, err := c.Table(ctx, "logs", "ct"); err != nil {
		t.Fatalf("failed drop removed a table: %v", err)
	}
	if err := c.DropDatabase(ctx, "logs", false, true); err != nil {
		t.Fatalf("CASCADE: %v", err)
	}
	if _, err := c.Database(ctx, "logs"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("dropped database still there: %v", err)
	}
	var tables, parts int
	c.DB().QueryRow(`SELECT count(*) FROM tables`).Scan(&tables)
	c.DB().QueryRow(`SELECT count(*) FROM partitions`).Scan(&parts)
	if tables != 0 || parts != 0 {
		t.Fatalf("CASCADE left %d tables and %d partitions", tables, parts)
	}
	// A database of the same name starts empty.
	if err := c.CreateDatabase(ctx, Database{Name: "logs"}, false); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.Tables(ctx, "logs"); len(list) != 0 {
		t.Fatalf("re-created database has tables %v", list)
	}

	// default: only when empty, even with CASCADE.
	if err := c.CreateTable(ctx, view("default", "v", "SELECT 1"), false); err != nil {
		t.Fatal(err)
	}
	err := c.DropDatabase(ctx, "default", false, true)
	mustErr(t, err, ErrNotEmpty, "")
	if !strings.HasPrefix(err.Error(), `database "default" is not empty`) {
		t.Fatalf("message %q", err)
	}
	if err := c.DropTable(ctx, "default", "v", false); err != nil {
		t.Fatal(err)
	}
	if err := c.DropDatabase(ctx, "default", false, false); err != nil {
		t.Fatalf("dropping the empty default database: %v", err)
	}
	c.Close()
	c2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.Database(ctx, "default"); err != nil {
		t.Fatalf("Open did not re-create default: %v", err)
	}
}

func TestReplaceTable(t *testing.T) {
	c, _ := openTemp(t)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	v := view("default", "v", "SELECT 1 AS n")
	v.Created = old
	// creates when missing
	if err := c.ReplaceTable(ctx, v); err != nil {
		t.Fatal(err)
	}
	v2 := view("default", "V", "SELECT 2 AS n")
	if err := c.ReplaceTable(ctx, v2); err != nil {
		t.Fatal(err)
	}
	got, err := c.Table(ctx, "default", "v")
	if err != nil {
		t.Fatal(err)
	}
	if got.ViewSQL != "SELECT 2 AS n" || !got.Created.Equal(old) {
		t.Fatalf("replaced view: sql %q created %v; want new sql and creation time %v", got.ViewSQL, got.Created, old)
	}
	mustErr(t, c.ReplaceTable(ctx, view("nodb", "v", "SELECT 1")), ErrNotFound, `database "nodb" not found`)
	mustErr(t, c.ReplaceTable(ctx, view("default", "v", "")), ErrInvalid, "")

	// partitions survive a properties change, not a partition key change
	tb := cloudTrailTable("default", "ct")
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPartitions(ctx, "default", "ct", []Partition{{Values: []string{"1", "r", "2024", "01", "01"}}}, false); err != nil {
		t.Fatal(err)
	}
	tb.Properties = map[string]string{"classification": "cloudtrail", "projection.enabled": "false"}
	if err := c.ReplaceTable(ctx, tb); err != nil {
		t.Fatal(err)
	}
	got, _ = c.Table(ctx, "default", "ct")
	if got.Properties["projection.enabled"] != "false" {
		t.Fatalf("properties not replaced: %v", got.Properties)
	}
	if ps, _ := c.Partitions(ctx, "default", "ct"); len(ps) != 1 {
		t.Fatalf("partitions after properties change: %v", ps)
	}
	tb.PartitionKeys = tb.PartitionKeys[:3]
	if err := c.ReplaceTable(ctx, tb); err != nil {
		t.Fatal(err)
	}
	if ps, _ := c.Partitions(ctx, "default", "ct"); len(ps) != 0 {
		t.Fatalf("partitions kept after partition keys changed: %v", ps)
	}
}

func TestUpdateTable(t *testing.T) {
	c, _ := openTemp(t)
	if err := c.CreateTable(ctx, cloudTrailTable("default", "ct"), false); err != nil {
		t.Fatal(err)
	}
	err := c.UpdateTable(ctx, "default", "CT", func(tb *Table) error {
		tb.Properties["has_encrypted_data"] = "false"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.Table(ctx, "default", "ct")
	if got.Properties["has_encrypted_data"] != "false" || got.Properties["classification"] != "cloudtrail" {
		t.Fatalf("properties = %v", got.Properties)
	}
	boom := errors.New("boom")
	if err := c.UpdateTable(ctx, "default", "ct", func(tb *Table) error { tb.Comment = "x"; return boom }); err != boom {
		t.Fatalf("fn error = %v, want boom", err)
	}
	if got, _ := c.Table(ctx, "default", "ct"); got.Comment == "x" {
		t.Fatal("failed update was stored")
	}
	mustErr(t, c.UpdateTable(ctx, "default", "ct", func(tb *Table) error { tb.Name = "other"; return nil }), ErrInvalid, "")
	mustErr(t, c.UpdateTable(ctx, "default", "nope", func(*Table) error { return nil }), ErrNotFound, `table "default"."nope" not found`)
}

func TestPersistence(t *testing.T) {
	c, path := openTemp(t)
	if err := c.CreateDatabase(ctx, Database{Name: "logs", Properties: map[string]string{"k": "v"}}, false); err != nil {
		t.Fatal(err)
	}
	tb := cloudTrailTable("logs", "ct")
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(ctx, view("logs", "v", "SELECT 1"), false); err != nil {
		t.Fatal(err)
	}
	parts := []Partition{
		{Values: []string{"111", "eu-west-1", "2024", "02", "29"}, Location: "s3://b/AWSLogs/111/CloudTrail/eu-west-1/2024/02/29/"},
		{Values: []string{"111", "eu-west-1", "2024", "03", "01"}, Location: "s3://b/AWSLogs/111/CloudTrail/eu-west-1/2024/03/01/"},
	}
	if _, err := c.AddPartitions(ctx, "logs", "ct", parts, false); err != nil {
		t.Fatal(err)
	}
	before, _ := c.Table(ctx, "logs", "ct")
	beforeParts, _ := c.Partitions(ctx, "logs", "ct")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	d, err := c2.Database(ctx, "logs")
	if err != nil || d.Properties["k"] != "v" {
		t.Fatalf("database after reopen: %+v, %v", d, err)
	}
	after, err := c2.Table(ctx, "logs", "ct")
	if err != nil || !reflect.DeepEqual(before, after) {
		t.Fatalf("table after reopen:\n%+v\nwant\n%+v (%v)", after, before, err)
	}
	afterParts, err := c2.Partitions(ctx, "logs", "ct")
	if err != nil || !reflect.DeepEqual(beforeParts, afterParts) || len(afterParts) != 2 {
		t.Fatalf("partitions after reopen: %+v, %v", afterParts, err)
	}
	if list, _ := c2.Tables(ctx, "logs"); len(list) != 2 {
		t.Fatalf("tables after reopen: %d", len(list))
	}
}
