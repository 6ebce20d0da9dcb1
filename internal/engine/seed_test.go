package engine

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"trawl/internal/catalog"
	"trawl/internal/demo"
	"trawl/internal/exec"
	"trawl/internal/gen"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

// genRecord is one record of a generated trail as the brute force sees it:
// decoded by encoding/json, with the partition day taken from its key.
type genRecord struct {
	day string // yyyy/MM/dd from the object key
	m   map[string]any
}

// genTrail writes the seed test's trail: two accounts, two regions, so
// the table's LOCATION must select one of four.
func genTrail(t *testing.T) (*Engine, []genRecord) {
	return generatedTrail(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 10, 24, 7, 5000)
}

// generatedTrail writes a trail with gen (accounts demo.Account and
// 210987654321, regions demo.Region and eu-west-1) into bucket
// trail-bucket, creates the seed tables over demo.Account/demo.Region, and
// returns the engine and the records under the table's location, read
// independently of the engine's reader (encoding/json, numbers kept as
// their text), with the partition day taken from each object key.
func generatedTrail(t *testing.T, start time.Time, days int, sizeMB float64, seed int64, minRecords int) (*Engine, []genRecord) {
	t.Helper()
	dir := t.TempDir()
	bucket := filepath.Join(dir, "buckets", "trail-bucket")
	_, err := gen.Generate(context.Background(), gen.Options{Out: bucket,
		Accounts: []string{demo.Account, "210987654321"}, Regions: []string{demo.Region, "eu-west-1"},
		Start: start, Days: days, SizeMB: sizeMB, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(bucket, "AWSLogs", demo.Account, "CloudTrail", demo.Region)
	var recs []genRecord
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json.gz") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) != 4 {
			t.Fatalf("unexpected key %s", rel)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err != nil || st.Size() == 0 {
			return err // real trails carry empty objects too
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(zr)
		dec.UseNumber() // json_extract_scalar returns a number's own text
		var doc struct{ Records []map[string]any }
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, m := range doc.Records {
			recs = append(recs, genRecord{day: strings.Join(parts[:3], "/"), m: m})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < minRecords {
		t.Fatalf("only %d records generated", len(recs))
	}
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	e := &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(filepath.Join(dir, "buckets")), File: file.New("/")}}
	for _, ddl := range demo.Setup("trail-bucket", demo.Account, demo.Region) {
		query(t, e, ddl)
	}
	return e, recs
}

// field returns a record's value at a key path (keys matched
// case-insensitively, as the SerDes do) rendered as the engine renders a
// STRING column, or "NULL".
func field(m map[string]any, path ...string) string {
	s, ok := str(m, path...)
	if !ok {
		return "NULL"
	}
	return s
}

// queryRun runs one statement and returns its column names, rows and
// warnings.
func queryRun(t *testing.T, e *Engine, sql string) (names []string, rows [][]string, warnings []string) {
	t.Helper()
	err := e.Run(context.Background(), sql, &Session{Database: "default"}, func(r *Result) error {
		warnings = r.Warnings
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	names, rows = query(t, e, sql)
	return names, rows, warnings
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a count: %q", s)
	}
	return n
}

// TestSeedQueriesOnGeneratedTrail runs every CREATE EXTERNAL TABLE and
// every query of the seed documents verbatim (bucket, account and region
// substituted) over a `trawl gen` trail and checks each answer against a
// brute-force computation over the same files.
func TestSeedQueriesOnGeneratedTrail(t *testing.T) {
	e, recs := genTrail(t)
	inRange := func(r genRecord) bool { return r.day <= "2025/01/07" && r.day > "2025/01/01" }
	support := func(r genRecord) bool { return inRange(r) && field(r.m, "sourceIPAddress") == "support.amazonaws.com" }
	supportRole := regexp.MustCompile(`AWSServiceRoleForSupport`)
	roleMatch := func(r genRecord) bool {
		return inRange(r) && supportRole.MatchString(field(r.m, "userIdentity", "arn")) && field(r.m, "userIdentity", "arn") != "NULL"
	}
	byEventID := map[string]genRecord{}
	nSupport := 0
	for _, r := range recs {
		byEventID[field(r.m, "eventID")] = r
		if support(r) {
			nSupport++
		}
	}
	if nSupport < 20 {
		t.Fatalf("the generated trail has only %d support calls in range", nSupport)
	}
	q := demo.SeedQueries

	t.Run("count", func(t *testing.T) {
		_, rows, _ := queryRun(t, e, q[0])
		if len(rows) != 1 || atoi(t, rows[0][0]) != nSupport {
			t.Fatalf("got %v, want %d", rows, nSupport)
		}
	})

	t.Run("select star limit", func(t *testing.T) {
		names, rows, _ := queryRun(t, e, q[1])
		if len(rows) != min(10, nSupport) {
			t.Fatalf("%d rows, want %d", len(rows), min(10, nSupport))
		}
		col := map[string]int{}
		for i, n := range names {
			col[n] = i
		}
		for _, want := range []string{"eventversion", "useridentity", "requestparameters", "resources", "tlsdetails", "timestamp"} {
			if _, ok := col[want]; !ok {
				t.Fatalf("column %s missing from %v", want, names)
			}
		}
		seen := map[string]bool{}
		for _, row := range rows {
			id := row[col["eventid"]]
			r, ok := byEventID[id]
			if !ok || !support(r) || seen[id] {
				t.Fatalf("row with eventid %s is not a distinct matching record", id)
			}
			seen[id] = true
			if row[col["timestamp"]] != r.day {
				t.Errorf("%s: timestamp %s, want %s", id, row[col["timestamp"]], r.day)
			}
			for _, c := range []struct {
				col  string
				path []string
			}{{"eventtime", []string{"eventTime"}}, {"eventname", []string{"eventName"}}, {"useragent", []string{"userAgent"}},
				{"errorcode", []string{"errorCode"}}, {"readonly", []string{"readOnly"}}, {"recipientaccountid", []string{"recipientAccountId"}}} {
				if got, want := row[col[c.col]], field(r.m, c.path...); got != want {
					t.Errorf("%s: %s = %q, want %q", id, c.col, got, want)
				}
			}
			// An object read into a STRING column arrives as its JSON text.
			for _, c := range []struct{ col, key string }{{"requestparameters", "requestParameters"}, {"responseelements", "responseElements"}} {
				got, want := row[col[c.col]], field(r.m, c.key)
				if (got == "NULL") != (want == "NULL") {
					t.Errorf("%s: %s = %q, want %q", id, c.col, got, want)
					continue
				}
				if got != "NULL" {
					var g, w any
					if err := json.Unmarshal([]byte(got), &g); err != nil {
						t.Errorf("%s: %s is not JSON: %q", id, c.col, got)
					}
					json.Unmarshal([]byte(want), &w)
					if !reflect.DeepEqual(g, w) {
						t.Errorf("%s: %s = %s, want %s", id, c.col, got, want)
					}
				}
			}
			if want := "{type=AssumedRole, principalid=" + field(r.m, "userIdentity", "principalId"); !strings.HasPrefix(row[col["useridentity"]], want) {
				t.Errorf("%s: useridentity = %s, want prefix %s", id, row[col["useridentity"]], want)
			}
		}
	})

	t.Run("group by issuer and source", func(t *testing.T) {
		want := map[string]int{}
		for _, r := range recs {
			if support(r) {
				want[field(r.m, "userIdentity", "sessionContext", "sessionIssuer", "userName")+"|"+field(r.m, "eventSource")]++
			}
		}
		names, rows, _ := queryRun(t, e, q[2])
		if !reflect.DeepEqual(names, []string{"username", "eventsource", "number_of_event"}) {
			t.Errorf("names %v", names)
		}
		got := map[string]int{}
		prev := int(^uint(0) >> 1)
		for _, row := range rows {
			n := atoi(t, row[2])
			if n > prev {
				t.Errorf("not ordered by number_of_event desc: %v", rows)
			}
			prev = n
			got[row[0]+"|"+row[1]] = n
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v\nwant %v", got, want)
		}
		for k := range want {
			if !strings.HasPrefix(k, "AWSServiceRoleForSupport|") {
				t.Errorf("support call by %s: the generator should use the support service role", k)
			}
		}
	})

	for i, c := range []struct{ query, path string }{{q[3], "arn"}, {q[4], "principalId"}} {
		t.Run("regexp_like limit "+strconv.Itoa(i), func(t *testing.T) {
			valid := map[string]bool{}
			n := 0
			for _, r := range recs {
				if roleMatch(r) {
					valid[field(r.m, "userIdentity", c.path)] = true
					n++
				}
			}
			_, rows, _ := queryRun(t, e, c.query)
			if len(rows) != min(10, n) {
				t.Fatalf("%d rows, want %d", len(rows), min(10, n))
			}
			for _, row := range rows {
				if !valid[row[0]] {
					t.Errorf("%q is not the %s of a matching record", row[0], c.path)
				}
			}
		})
	}

	t.Run("blog root activity", func(t *testing.T) {
		// 'timestamp' >= '2021-...' compares two string constants: always
		// true, so every day of the trail counts; trawl warns about it.
		type key struct{ user, event, invokedBy string }
		want := map[key]int{}
		for _, r := range recs {
			if field(r.m, "userIdentity", "type") == "Root" {
				want[key{field(r.m, "userIdentity", "userName"), field(r.m, "eventName"), field(r.m, "userIdentity", "invokedBy")}]++
			}
		}
		if len(want) == 0 {
			t.Fatal("the generated trail has no Root activity")
		}
		// The query groups by username but does not select it: rows are
		// (count, eventname, invokedby), one per (username, eventname, invokedby).
		var wantRows []string
		for k, n := range want {
			wantRows = append(wantRows, strconv.Itoa(n)+"|"+k.event+"|"+k.invokedBy)
		}
		names, rows, warnings := queryRun(t, e, demo.BlogQueries[0])
		if !reflect.DeepEqual(names, []string{"totalevents", "eventname", "invokedby"}) {
			t.Errorf("names %v", names)
		}
		var gotRows []string
		prev := int(^uint(0) >> 1)
		for _, row := range rows {
			n := atoi(t, row[0])
			if n > prev {
				t.Errorf("not ordered by TotalEvents desc")
			}
			prev = n
			gotRows = append(gotRows, strings.Join(row, "|"))
		}
		sort.Strings(wantRows)
		sort.Strings(gotRows)
		if !reflect.DeepEqual(gotRows, wantRows) {
			t.Fatalf("got %v\nwant %v", gotRows, wantRows)
		}
		if len(warnings) == 0 || !strings.Contains(warnings[0], `"timestamp"`) {
			t.Errorf("no constant-comparison warning pointing at \"timestamp\": %v", warnings)
		}
	})

	t.Run("blog top errors", func(t *testing.T) {
		want := map[string]int{}
		for _, r := range recs {
			if field(r.m, "errorCode") != "NULL" {
				want[field(r.m, "eventName")+"|"+field(r.m, "errorCode")+"|"+field(r.m, "errorMessage")]++
			}
		}
		var counts []int
		for _, n := range want {
			counts = append(counts, n)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(counts)))
		if len(counts) < 10 {
			t.Fatalf("only %d error groups", len(counts))
		}
		_, rows, _ := queryRun(t, e, demo.BlogQueries[1])
		if len(rows) != 10 {
			t.Fatalf("%d rows, want 10", len(rows))
		}
		for i, row := range rows {
			n := atoi(t, row[0])
			if n != counts[i] {
				t.Errorf("row %d count %d, want %d (ties may reorder groups, never counts)", i, n, counts[i])
			}
			if got := want[row[1]+"|"+row[2]+"|"+row[3]]; got != n {
				t.Errorf("group %v has %d records, query says %d", row[1:], got, n)
			}
		}
	})

	t.Run("blog DDL verbatim", func(t *testing.T) {
		// The post's own CREATE (CloudTrailSerde, camel-case names) in a
		// database of its own answers its second query as the article's
		// table does.
		query(t, e, "CREATE DATABASE blog")
		query(t, e, "USE blog; "+demo.Statements(demo.CreateTableBlog, "trail-bucket", demo.Account, demo.Region))
		_, want := query(t, e, demo.BlogQueries[1])
		_, got := query(t, e, "USE blog; "+demo.BlogQueries[1])
		if len(got) != 10 {
			t.Fatalf("%d rows", len(got))
		}
		for i := range got {
			if got[i][0] != want[i][0] {
				t.Errorf("row %d: %v, want count %s", i, got[i], want[i][0])
			}
		}
	})
}

// TestProjectionWalksFolders queries the seed's projected table with no
// predicate on timestamp: its range '2020/01/01,NOW' projects thousands
// of days, of which the bucket holds ten (and one more, years earlier).
// The scan must find them by walking folders, not by listing every day,
// and read every record.
func TestProjectionWalksFolders(t *testing.T) {
	e, recs := genTrail(t)
	// One more day, in another year and month: an existing folder the
	// walk must find next to the generated ones.
	src, _ := filepath.Glob(filepath.Join(e.Store.S3.(*file.Store).Root, "trail-bucket", "AWSLogs", demo.Account, "CloudTrail", demo.Region, "2025", "01", "03", "*.json.gz"))
	data, err := os.ReadFile(src[0])
	if err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(e.Store.S3.(*file.Store).Root, "trail-bucket", "AWSLogs", demo.Account, "CloudTrail", demo.Region, "2021", "07", "04", "extra.json.gz")
	os.MkdirAll(filepath.Dir(extra), 0o755)
	if err := os.WriteFile(extra, data, 0o644); err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{"2021/07/04": true}
	for _, r := range recs {
		days[r.day] = true
	}
	var stats *exec.Stats
	var rows [][]string
	err = e.Run(context.Background(), "SELECT count(*), count(DISTINCT timestamp), min(timestamp) FROM cloudtrail_logs_pp", &Session{Database: "default"}, func(r *Result) error {
		stats = r.Stats
		var err error
		rows, err = r.Strings(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, extraRows := query(t, e, "SELECT count(*) FROM cloudtrail_logs_pp WHERE timestamp = '2021/07/04'")
	want := len(recs) + atoi(t, extraRows[0][0])
	if len(rows) != 1 || atoi(t, rows[0][0]) != want || atoi(t, rows[0][1]) != len(days) || rows[0][2] != "2021/07/04" {
		t.Fatalf("got %v, want %d records over %d days from 2021/07/04", rows, want, len(days))
	}
	if p := stats.Partitions.Load(); p < 2000 {
		t.Fatalf("only %d candidate partitions: the test needs a wide projection", p)
	}
	// Listed: the existing days; walked: the root, 2 years, 2 months.
	if l, f := stats.PartitionsListed.Load(), stats.FoldersListed.Load(); l != int64(len(days)) || f > 6 {
		t.Errorf("%d partitions listed and %d folders walked for %d existing days", l, f, len(days))
	}
}
