package engine

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"trawl/internal/catalog"
	"trawl/internal/demo"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

// realDelivery copies the invictus-ir CloudTrail delivery (55 real log
// files) gzipped into a bucket in the S3 layout, and returns the engine.
func realDelivery(t *testing.T) (*Engine, []map[string]any) {
	t.Helper()
	src := filepath.Join("..", "..", "..", "shared", "realdata", "invictus-ir_aws_dataset", "CloudTrail")
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("real data not found in %s", src)
	}
	dir := t.TempDir()
	day := filepath.Join(dir, "buckets", "rb", "AWSLogs", "218007301253", "CloudTrail", "us-east-1", "2023", "07", "10")
	if err := os.MkdirAll(day, 0o755); err != nil {
		t.Fatal(err)
	}
	var records []map[string]any
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Records []map[string]any }
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		records = append(records, doc.Records...)
		out, err := os.Create(filepath.Join(day, filepath.Base(f)+".gz"))
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(out)
		zw.Write(data)
		zw.Close()
		out.Close()
	}
	// Odd objects real trails carry: must be skipped.
	os.WriteFile(filepath.Join(day, "empty.json.gz"), nil, 0o644)
	dig := filepath.Join(dir, "buckets", "rb", "AWSLogs", "218007301253", "CloudTrail-Digest", "us-east-1", "2023", "07", "10")
	os.MkdirAll(dig, 0o755)
	os.WriteFile(filepath.Join(dig, "d.json.gz"), []byte("not a log"), 0o644)
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	return &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(filepath.Join(dir, "buckets")), File: file.New("/")}}, records
}

func query(t *testing.T, e *Engine, sql string) ([]string, [][]string) {
	t.Helper()
	var names []string
	var rows [][]string
	err := e.Run(context.Background(), sql, &Session{Database: "default"}, func(r *Result) error {
		names = r.Names
		var err error
		rows, err = r.Strings(context.Background())
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return names, rows
}

func str(m map[string]any, path ...string) (string, bool) {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		found := false
		for k, v := range mm {
			if strings.EqualFold(k, p) {
				cur, found = v, true
			}
		}
		if !found || cur == nil {
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	b, _ := json.Marshal(cur)
	return string(b), true
}

func TestSeedQueriesOnRealDelivery(t *testing.T) {
	e, records := realDelivery(t)
	ddl := demo.Statements(demo.CreateTablePP, "rb", "218007301253", "us-east-1")
	query(t, e, ddl)

	// count(*) over a day range, checked against a brute-force count.
	_, rows := query(t, e, `SELECT COUNT(*) FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2023/07/11' AND timestamp > '2023/07/09'`)
	if len(rows) != 1 || rows[0][0] != itoa(len(records)) {
		t.Fatalf("count = %v, want %d", rows, len(records))
	}
	// Grouped count by eventsource and a nested field, checked against a brute force.
	want := map[string]int{}
	for _, r := range records {
		u, ok := str(r, "userIdentity", "type")
		if !ok {
			u = "NULL"
		}
		es, _ := str(r, "eventSource")
		want[u+"|"+es]++
	}
	_, rows = query(t, e, `SELECT useridentity.type, eventsource, COUNT(*) AS n FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/10' GROUP BY 1, 2 ORDER BY n DESC, 1, 2`)
	got := map[string]int{}
	for _, r := range rows {
		n := 0
		for _, c := range r[2] {
			n = n*10 + int(c-'0')
		}
		got[r[0]+"|"+r[1]] = n
	}
	if len(got) != len(want) {
		t.Fatalf("groups: got %d, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("group %s: got %d, want %d", k, got[k], v)
		}
	}
	// A selective filter (exercises the literal prefilter) against brute force.
	cnt := 0
	for _, r := range records {
		if n, _ := str(r, "eventName"); n == "GetCallerIdentity" {
			cnt++
		}
	}
	_, rows = query(t, e, `SELECT count(*) FROM cloudtrail_logs_pp WHERE timestamp > '2023/07/01' AND eventname = 'GetCallerIdentity'`)
	if rows[0][0] != itoa(cnt) {
		t.Errorf("GetCallerIdentity count = %s, want %d", rows[0][0], cnt)
	}
	// Partition pruning: a day with no data reads no files.
	_, rows = query(t, e, `SELECT count(*) FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/11'`)
	if rows[0][0] != "0" {
		t.Errorf("empty day count = %s", rows[0][0])
	}
	// LIMIT and SELECT *.
	names, rows := query(t, e, `SELECT * FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/10' LIMIT 10`)
	if len(rows) != 10 || names[len(names)-1] != "timestamp" {
		t.Errorf("select * limit 10: %d rows, names %v", len(rows), names)
	}
	// Distinct event names sorted.
	set := map[string]bool{}
	for _, r := range records {
		n, _ := str(r, "eventName")
		set[n] = true
	}
	var names2 []string
	for n := range set {
		names2 = append(names2, n)
	}
	sort.Strings(names2)
	_, rows = query(t, e, `SELECT DISTINCT eventname FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/10' ORDER BY eventname`)
	if len(rows) != len(names2) {
		t.Fatalf("distinct: %d rows, want %d", len(rows), len(names2))
	}
	for i := range rows {
		if rows[i][0] != names2[i] {
			t.Fatalf("distinct row %d = %s, want %s", i, rows[i][0], names2[i])
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
