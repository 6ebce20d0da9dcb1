package jsonrec

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"trawl/internal/format"
)

// realColumns is the CloudTrail schema plus typed and nested paths.
func realColumns(t testing.TB) []format.Column {
	cols := cloudTrailColumns(t)
	return append(cols,
		col(t, "string", "useridentity", "sessioncontext", "sessionissuer", "username"),
		col(t, "string", "useridentity", "arn"),
		col(t, "string", "useridentity", "type"),
		col(t, "string", "useridentity", "sessioncontext"),
		col(t, "timestamp", "useridentity", "sessioncontext", "attributes", "creationdate"),
		col(t, "boolean", "useridentity", "sessioncontext", "attributes", "mfaauthenticated"),
		col(t, "map<string,string>", "useridentity"),
		col(t, "boolean", "readonly"),
		col(t, "string", "managementevent"),
		col(t, "boolean", "managementevent"),
		col(t, "timestamp", "eventtime"),
		col(t, "date", "eventtime"),
		col(t, "bigint", "additionaleventdata", "bytestransferredin"),
		col(t, "int", "additionaleventdata", "bytestransferredout"),
		col(t, "double", "additionaleventdata", "bytestransferredin"),
		col(t, "map<string,string>", "additionaleventdata"),
		col(t, "map<string,string>", "requestparameters"),
		col(t, "string", "requestparameters", "instanceid"),
		col(t, "string", "requestparameters", "bucketname"),
		col(t, "array<string>", "p_any_aws_arns"),
		col(t, "array<string>", "resources"),
		col(t, "double", "eventversion"),
		col(t, "bigint", "recipientaccountid"),
		col(t, "smallint", "recipientaccountid"),
		col(t, "string", "responseelements", "credentials", "expiration"),
		col(t, "string", "eventTime"), // upper-case path elements are lower-cased
		col(t, "string"),              // the whole record as JSON text
	)
}

// compareRows checks rows against the reference decode of recs.
func compareRows(t *testing.T, what string, rows [][]any, recs []json.RawMessage, cols []format.Column) {
	t.Helper()
	if len(rows) != len(recs) {
		t.Fatalf("%s: %d rows, want %d", what, len(rows), len(recs))
	}
	bad := 0
	for i, rec := range recs {
		want := refRow(rec, cols)
		for j := range cols {
			if !reflect.DeepEqual(rows[i][j], want[j]) {
				t.Errorf("%s: record %d column %v (%s): got %s, want %s", what, i, cols[j].Path, cols[j].Type, describe(rows[i][j]), describe(want[j]))
				if bad++; bad > 10 {
					t.FailNow()
				}
			}
		}
	}
}

func jsonLinesFiles(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(realdataDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no JSON lines files in %s (%v)", realdataDir, err)
	}
	return files
}

func splitLines(data []byte) []json.RawMessage {
	var recs []json.RawMessage
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			recs = append(recs, json.RawMessage(l))
		}
	}
	return recs
}

func TestRealJSONLines(t *testing.T) {
	cols := realColumns(t)
	var all []byte
	var allRecs []json.RawMessage
	for _, f := range jsonLinesFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs := splitLines(data)
		all = append(all, data...)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			all = append(all, '\n')
		}
		allRecs = append(allRecs, recs...)
		r := NewJSONLines(bytes.NewReader(data), format.Options{Columns: cols, Name: filepath.Base(f)})
		rows, err := readAll(r, cols, 100)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		compareRows(t, filepath.Base(f), rows, recs, cols)
		st := r.Stats()
		if st.Records != int64(len(recs)) || st.BytesRead != int64(len(data)) || st.Malformed != 0 {
			t.Errorf("%s: stats %+v, want %d records of %d bytes", f, st, len(recs), len(data))
		}
	}
	if len(allRecs) != 867 {
		t.Errorf("%d JSON lines records, want 867", len(allRecs))
	}
	// All files in one stream through a small window (records straddle
	// refills, the window grows for the largest records), CRLF line ends.
	crlf := bytes.ReplaceAll(all, []byte("\n"), []byte("\r\n"))
	for _, size := range []int{512, 4096, 1 << 16} {
		r := newReader(bytes.NewReader(crlf), format.Options{Columns: cols, Name: "all"}, true, size)
		rows, err := readAll(r, cols, 333)
		if err != nil {
			t.Fatal(err)
		}
		compareRows(t, "all", rows, allRecs, cols)
	}
}

// cloudTrailFiles returns the invictus-ir delivery's files.
func cloudTrailFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(realdataDir, "invictus-ir_aws_dataset", "CloudTrail", "*.json"))
	if err != nil || len(files) != 55 {
		t.Fatalf("want 55 CloudTrail files in %s, found %d (%v)", realdataDir, len(files), err)
	}
	sort.Strings(files)
	return files
}

func ctRecords(t testing.TB, data []byte) []json.RawMessage {
	var f struct{ Records []json.RawMessage }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f.Records
}

func gzipBytes(t testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRealCloudTrail(t *testing.T) {
	cols := realColumns(t)
	dir := filepath.Join(t.TempDir(), "AWSLogs", "218007301253", "CloudTrail", "us-east-1", "2023", "07", "10")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var allRecs []json.RawMessage
	var multi []byte // every file gzipped, concatenated: a multistream gzip
	total := 0
	for _, f := range cloudTrailFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs := ctRecords(t, data)
		total += len(recs)
		allRecs = append(allRecs, recs...)
		name := filepath.Base(f)

		r := NewCloudTrail(bytes.NewReader(data), format.Options{Columns: cols, Name: name})
		rows, err := readAll(r, cols, 1024)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compareRows(t, name, rows, recs, cols)
		if st := r.Stats(); st.Records != int64(len(recs)) || st.BytesRead != int64(len(data)) {
			t.Errorf("%s: stats %+v, want %d records, %d bytes", name, st, len(recs), len(data))
		}

		gz := gzipBytes(t, data)
		multi = append(multi, gz...)
		path := filepath.Join(dir, strings.TrimSuffix(name, ".json")+".json.gz")
		if err := os.WriteFile(path, gz, 0o644); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := Decompress(fh, "s3://bucket/"+name+".gz")
		if err != nil {
			t.Fatal(err)
		}
		r = NewCloudTrail(zr, format.Options{Columns: cols, Name: "s3://bucket/" + name + ".gz"})
		rows, err = readAll(r, cols, 7)
		zr.Close()
		fh.Close()
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		compareRows(t, name+".gz", rows, recs, cols)
	}
	if total != 2900 {
		t.Errorf("%d CloudTrail records, want 2900", total)
	}

	// One multistream gzip of all files: several top-level objects in a row.
	zr, err := Decompress(bytes.NewReader(multi), "multi")
	if err != nil {
		t.Fatal(err)
	}
	r := newReader(zr, format.Options{Columns: cols, Name: "multi"}, false, 8192)
	rows, err := readAll(r, cols, 1000)
	if err != nil {
		t.Fatal(err)
	}
	compareRows(t, "multi", rows, allRecs, cols)
}

// TestRealCloudTrailIndented reads pretty-printed files: whitespace
// everywhere, so JSON text values must be compacted.
func TestRealCloudTrailIndented(t *testing.T) {
	cols := realColumns(t)
	for _, f := range cloudTrailFiles(t)[:8] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, data, " ", "\t "); err != nil {
			t.Fatal(err)
		}
		recs := ctRecords(t, ind.Bytes())
		r := newReader(bytes.NewReader(ind.Bytes()), format.Options{Columns: cols, Name: f}, false, 1024)
		rows, err := readAll(r, cols, 50)
		if err != nil {
			t.Fatal(err)
		}
		compareRows(t, filepath.Base(f)+" indented", rows, recs, cols)
	}
}

// TestRealMustContain checks record filtering against a reference filter.
func TestRealMustContain(t *testing.T) {
	cols := []format.Column{col(t, "string", "eventname"), col(t, "string", "eventsource")}
	var data []byte
	for _, f := range jsonLinesFiles(t) {
		d, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d...)
	}
	recs := splitLines(data)
	must := [][][]byte{
		{[]byte("AssumeRole"), []byte("ConsoleLogin")},
		{[]byte("sts.amazonaws.com"), []byte("signin.amazonaws.com")},
	}
	var want []json.RawMessage
	for _, rec := range recs {
		if (bytes.Contains(rec, must[0][0]) || bytes.Contains(rec, must[0][1])) &&
			(bytes.Contains(rec, must[1][0]) || bytes.Contains(rec, must[1][1])) {
			want = append(want, rec)
		}
	}
	if len(want) < 10 || len(want) == len(recs) {
		t.Fatalf("filter keeps %d of %d records: not a useful test", len(want), len(recs))
	}
	r := NewJSONLines(bytes.NewReader(data), format.Options{Columns: cols, MustContain: must, Name: "all"})
	rows, err := readAll(r, cols, 64)
	if err != nil {
		t.Fatal(err)
	}
	compareRows(t, "filtered", rows, want, cols)
	if st := r.Stats(); st.Records != int64(len(recs)) {
		t.Errorf("Records = %d, want %d (filtered records count)", st.Records, len(recs))
	}
	// No columns (count(*)): rows are still counted.
	r = NewJSONLines(bytes.NewReader(data), format.Options{MustContain: must, Name: "all"})
	rows, err = readAll(r, nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Errorf("count(*) rows = %d, want %d", len(rows), len(want))
	}
}

func zstdBytes(t testing.TB, data []byte) []byte {
	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(data, nil)
}

func TestDecompressFormats(t *testing.T) {
	data, err := os.ReadFile(cloudTrailFiles(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	recs := ctRecords(t, data)
	cols := []format.Column{col(t, "string", "eventid"), col(t, "string", "useridentity", "arn")}
	for name, enc := range map[string][]byte{
		"plain": data,
		"gzip":  gzipBytes(t, data),
		"zstd":  zstdBytes(t, data),
	} {
		zr, err := Decompress(bytes.NewReader(enc), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := NewCloudTrail(zr, format.Options{Columns: cols, Name: name})
		rows, err := readAll(r, cols, 1024)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compareRows(t, name, rows, recs, cols)
		if err := zr.Close(); err != nil {
			t.Errorf("%s: close: %v", name, err)
		}
	}
	// bzip2: a small file compressed with the bzip2 tool.
	plain, err := os.ReadFile(filepath.Join("testdata", "small.json"))
	if err != nil {
		t.Fatal(err)
	}
	bz, err := os.ReadFile(filepath.Join("testdata", "small.json.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := Decompress(bytes.NewReader(bz), "small.json.bz2")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, plain) {
		t.Errorf("bzip2: read %d bytes (%v), want %d", len(got), err, len(plain))
	}
	// Empty and tiny streams are plain.
	for _, s := range []string{"", "{", "BZ"} {
		zr, err := Decompress(strings.NewReader(s), "tiny")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(zr)
		if string(got) != s {
			t.Errorf("Decompress(%q) read %q", s, got)
		}
	}
}
