package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trawl/internal/catalog"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

// badBucket builds a bucket holding good log files next to the objects
// real trails carry (digests, ConfigWritabilityCheckFile, an empty object)
// and, when bad is set, one malformed log file.
func badBucket(t *testing.T, bad map[string][]byte) *Engine {
	t.Helper()
	dir := t.TempDir()
	day := filepath.Join(dir, "buckets", "b", "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2025", "01", "01")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(day, 0o755))
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	must(os.WriteFile(filepath.Join(day, "good1.json.gz"), gz(`{"Records":[{"eventName":"A","sourceIPAddress":"1.1.1.1"},{"eventName":"B"}]}`), 0o644))
	must(os.WriteFile(filepath.Join(day, "good2.json"), []byte(`{"Records":[{"eventName":"C"}]}`), 0o644))
	must(os.WriteFile(filepath.Join(day, "empty.json.gz"), nil, 0o644))
	must(os.WriteFile(filepath.Join(day, ".hidden.json"), []byte("garbage"), 0o644))
	cfg := filepath.Join(dir, "buckets", "b", "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "ConfigWritabilityCheckFile")
	must(os.WriteFile(cfg, []byte("check"), 0o644))
	dig := filepath.Join(dir, "buckets", "b", "AWSLogs", "111122223333", "CloudTrail-Digest", "us-east-1", "2025", "01", "01")
	must(os.MkdirAll(dig, 0o755))
	must(os.WriteFile(filepath.Join(dig, "111122223333_CloudTrail-Digest_us-east-1_x.json.gz"), gz(`{"digestStartTime":"x"}`), 0o644))
	for name, data := range bad {
		must(os.WriteFile(filepath.Join(day, name), data, 0o644))
	}
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	must(err)
	t.Cleanup(func() { cat.Close() })
	return &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(filepath.Join(dir, "buckets")), File: file.New("/")}}
}

const badInputDDL = `CREATE EXTERNAL TABLE t (eventname STRING, sourceipaddress STRING)
ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
%s
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://b/AWSLogs/111122223333/CloudTrail/'`

func drain(e *Engine, sql string) error {
	return e.Run(context.Background(), sql, &Session{Database: "default"}, func(r *Result) error {
		for {
			b, err := r.Next(context.Background())
			if err != nil || b == nil {
				return err
			}
		}
	})
}

// TestOddObjectsAreSkipped: digests, ConfigWritabilityCheckFile, empty and
// hidden objects are not log files; everything else is read.
func TestOddObjectsAreSkipped(t *testing.T) {
	e := badBucket(t, nil)
	query(t, e, strings.Replace(badInputDDL, "%s", "", 1))
	_, rows := query(t, e, `SELECT eventname FROM t ORDER BY 1`)
	if got := strings.Join(flat(rows), ","); got != "A,B,C" {
		t.Fatalf("rows %s, want A,B,C", got)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestMalformedFileNamesObjectAndOffset: a malformed log file fails the
// query with an error naming the object and the byte offset; with
// 'ignore.malformed.json'='true' bad records are skipped and counted.
func TestMalformedFileNamesObjectAndOffset(t *testing.T) {
	badJSON := []byte(`{"Records":[{"eventName":"D"},{"eventName":"E",,}]}`)
	truncated := func() []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(bytes.Repeat([]byte(`{"Records":[{"eventName":"F"}]}`), 100))
		w.Close()
		return b.Bytes()[:b.Len()/2]
	}()
	cases := []struct {
		name, file string
		data       []byte
		want       []string
	}{
		{"bad json", "bad.json", badJSON, []string{"s3://b/AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/01/bad.json", "offset 47"}},
		{"truncated gzip", "cut.json.gz", truncated, []string{"s3://b/AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/01/cut.json.gz"}},
		{"bad gzip header", "hdr.json.gz", []byte("\x1f\x8b\x09junkjunkjunk"), []string{"hdr.json.gz"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := badBucket(t, map[string][]byte{c.file: c.data})
			query(t, e, strings.Replace(badInputDDL, "%s", "", 1))
			err := drain(e, `SELECT count(*) FROM t`)
			if err == nil {
				t.Fatal("a malformed file must fail the query")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
	t.Run("ignore.malformed.json", func(t *testing.T) {
		e := badBucket(t, map[string][]byte{"bad.json": badJSON})
		query(t, e, strings.Replace(badInputDDL, "%s", "WITH SERDEPROPERTIES ('ignore.malformed.json'='true')", 1))
		var malformed int64
		var names []string
		err := e.Run(context.Background(), `SELECT eventname FROM t ORDER BY 1`, &Session{Database: "default"}, func(r *Result) error {
			for {
				b, err := r.Next(context.Background())
				if err != nil {
					return err
				}
				if b == nil {
					break
				}
				for i := 0; i < b.N; i++ {
					names = append(names, b.Cols[0].Value(i).(string))
				}
			}
			malformed = r.Stats.MalformedRecords.Load()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(names, ","); got != "A,B,C,D" {
			t.Errorf("rows %s, want A,B,C,D (the bad record skipped)", got)
		}
		if malformed != 1 {
			t.Errorf("malformed records counted: %d, want 1", malformed)
		}
	})
}
