package jsonrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trawl/internal/format"
	"trawl/internal/sqlerr"
)

// readCase reads input with one varchar column "a" and returns the values,
// the error and the stats.
func readCase(t *testing.T, lines bool, input string, ignore bool, bufSize int) ([]any, error, format.Stats) {
	t.Helper()
	cols := []format.Column{col(t, "string", "a")}
	opts := format.Options{Columns: cols, IgnoreMalformed: ignore, Name: "s3://b/k"}
	if bufSize == 0 {
		bufSize = defaultBufSize
	}
	r := newReader(strings.NewReader(input), opts, lines, bufSize)
	rows, err := readAll(r, cols, 2)
	var vals []any
	for _, row := range rows {
		vals = append(vals, row[0])
	}
	return vals, err, r.Stats()
}

type errCase struct {
	name    string
	input   string
	err     string // the whole expected message; "" for none
	rows    []any  // without IgnoreMalformed (rows before the error)
	ignRows []any  // with IgnoreMalformed
	ignBad  int64  // Stats.Malformed with IgnoreMalformed
}

func runErrCases(t *testing.T, lines bool, cases []errCase) {
	for _, c := range cases {
		for _, size := range []int{0, 16} {
			vals, err, _ := readCase(t, lines, c.input, false, size)
			if c.err == "" {
				if err != nil {
					t.Errorf("%s (buffer %d): unexpected error %v", c.name, size, err)
				}
			} else if err == nil || err.Error() != c.err {
				t.Errorf("%s (buffer %d): error %v, want %q", c.name, size, err, c.err)
			} else if !errors.Is(err, sqlerr.BadData) {
				t.Errorf("%s: error %v is not HIVE_BAD_DATA", c.name, err)
			}
			if fmt.Sprint(vals) != fmt.Sprint(c.rows) {
				t.Errorf("%s (buffer %d): rows %v, want %v", c.name, size, vals, c.rows)
			}
			vals, err, st := readCase(t, lines, c.input, true, size)
			if err != nil {
				t.Errorf("%s (buffer %d, ignore malformed): unexpected error %v", c.name, size, err)
			}
			if fmt.Sprint(vals) != fmt.Sprint(c.ignRows) || st.Malformed != c.ignBad {
				t.Errorf("%s (buffer %d, ignore malformed): rows %v malformed %d, want %v and %d", c.name, size, vals, st.Malformed, c.ignRows, c.ignBad)
			}
		}
	}
}

func TestCloudTrailErrors(t *testing.T) {
	const pre = "cannot read s3://b/k: "
	r1 := `{"a":"1"}`
	cases := []errCase{
		{name: "empty", input: "", rows: nil},
		{name: "byte order mark", input: "\xef\xbb\xbf" + `{"Records":[{"a":"1"}]}`, rows: []any{"1"}, ignRows: []any{"1"}},
		{name: "only a byte order mark", input: "\xef\xbb\xbf"},
		{name: "whitespace", input: " \n\t\r\n "},
		{name: "no records", input: `{"Records":[]}`},
		{name: "null records", input: `{"Records":null}`},
		{name: "not a log file", input: `{"awsAccountId":"1","logFiles":[{"s3Object":"x"}]}`},
		{name: "two objects", input: `{"Records":[` + r1 + `]} {"Records":[{"a":"2"}]}`, rows: []any{"1", "2"}, ignRows: []any{"1", "2"}},
		{name: "other keys", input: `{"x":{"Records":[1]},"Records":[` + r1 + `],"y":[true,null]}`, rows: []any{"1"}, ignRows: []any{"1"}},
		{
			name: "truncated", input: `{"Records":[` + r1 + `,{"a":"2`,
			err: pre + "unexpected end of data at offset 29", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "truncated between records", input: `{"Records":[` + r1 + `,`,
			err: pre + "unexpected end of data at offset 22", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "truncated after records", input: `{"Records":[` + r1 + `]`,
			err: pre + "unexpected end of data at offset 22", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "garbage", input: "\x00\x01garbage",
			err: pre + "invalid character 0x00 looking for beginning of object at offset 0", ignBad: 1,
		},
		{
			name: "top-level array", input: `[` + r1 + `]`,
			err: pre + "invalid character '[' looking for beginning of object at offset 0", ignBad: 1,
		},
		{
			name: "records not an array", input: `{"Records":{"a":"1"}}`,
			err: pre + "invalid character '{' looking for beginning of Records array at offset 11", ignBad: 1,
		},
		{
			name: "record not an object", input: `{"Records":[1,` + r1 + `]}`,
			err: pre + "invalid character '1' looking for beginning of record object at offset 12", ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "bad value resyncs", input: `{"Records":[` + r1 + `,{"a":x},{"a":"3"}]}`,
			err: pre + "invalid character 'x' looking for beginning of value at offset 27", rows: []any{"1"}, ignRows: []any{"1", "3"}, ignBad: 1,
		},
		{
			name: "bad escape", input: `{"Records":[{"a":"\q"},{"a":"3"}]}`,
			err: pre + "invalid character 'q' in string escape code at offset 19", ignRows: []any{"3"}, ignBad: 1,
		},
		{
			name: "bad unicode escape", input: `{"Records":[{"a":"\u12G4"},{"a":"3"}]}`,
			err: pre + "invalid character 'G' in \\u hexadecimal character escape at offset 22", ignRows: []any{"3"}, ignBad: 1,
		},
		{
			name: "control character", input: "{\"Records\":[{\"a\":\"x\ty\"},{\"a\":\"3\"}]}",
			err: pre + "invalid character 0x09 in string literal at offset 19", ignRows: []any{"3"}, ignBad: 1,
		},
		{
			name: "missing comma", input: `{"Records":[{"a":"1" "b":2}]}`,
			err: pre + "invalid character '\"' after object key:value pair at offset 21", ignBad: 1,
		},
		{
			name: "bad literal", input: `{"Records":[{"a":"1","b":tru}]}`,
			err: pre + "invalid character '}' in literal true (expecting 'e') at offset 28", ignBad: 1,
		},
		{
			name: "leading zero", input: `{"Records":[{"b":01}]}`,
			err: pre + "invalid character '1' after object key:value pair at offset 18", ignBad: 1,
		},
		{
			name: "mismatched bracket", input: `{"Records":[{"b":[1}]}]}`,
			err: pre + "invalid character '}' after array element at offset 19", ignBad: 1,
		},
		{
			name: "garbage between records", input: `{"Records":[` + r1 + ` x ` + r1 + `]}`,
			err: pre + "invalid character 'x' after array element at offset 22", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "garbage after object", input: `{"Records":[` + r1 + `]} junk`,
			err: pre + "invalid character 'j' looking for beginning of object at offset 24", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
	}
	runErrCases(t, false, cases)
}

func TestJSONLinesErrors(t *testing.T) {
	const pre = "cannot read s3://b/k: "
	cases := []errCase{
		{name: "empty", input: ""},
		{name: "blank lines", input: "\n\n  \r\n\t\n"},
		{name: "byte order mark", input: "\xef\xbb\xbf{\"a\":\"1\"}\n", rows: []any{"1"}, ignRows: []any{"1"}},
		{name: "lines", input: "{\"a\":\"1\"}\n\n  {\"a\":\"2\"}  \r\n{\"a\":\"3\"}", rows: []any{"1", "2", "3"}, ignRows: []any{"1", "2", "3"}},
		{
			name: "truncated line", input: "{\"a\":\"1\"}\n{\"a\":\n{\"a\":\"3\"}\n",
			err: pre + "unexpected end of line at offset 15", rows: []any{"1"}, ignRows: []any{"1", "3"}, ignBad: 1,
		},
		{
			name: "truncated data", input: "{\"a\":\"1\"}\n{\"a\":\"",
			err: pre + "unexpected end of data at offset 16", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "garbage line", input: "hello\n{\"a\":\"2\"}\n",
			err: pre + "invalid character 'h' looking for beginning of object at offset 0", ignRows: []any{"2"}, ignBad: 1,
		},
		{
			name: "array line", input: "{\"a\":\"1\"}\n[1,2]\n",
			err: pre + "invalid character '[' looking for beginning of object at offset 10", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "trailing garbage", input: "{\"a\":\"1\"} x\n{\"a\":\"2\"}",
			err: pre + "invalid character 'x' after top-level value at offset 10", ignRows: []any{"2"}, ignBad: 1,
		},
		{
			name: "two objects on a line", input: "{\"a\":\"1\"}{\"a\":\"2\"}\n",
			err: pre + "invalid character '{' after top-level value at offset 9", ignBad: 1,
		},
		{
			name: "bad escape", input: "{\"a\":\"1\"}\n{\"a\":\"\\x\"}\n",
			err: pre + "invalid character 'x' in string escape code at offset 17", rows: []any{"1"}, ignRows: []any{"1"}, ignBad: 1,
		},
		{
			name: "garbage bytes", input: "\xff\xfe\x00\n",
			err: pre + "invalid character 0xff looking for beginning of object at offset 0", ignBad: 1,
		},
	}
	runErrCases(t, true, cases)
}

// TestTooLarge checks the record size cap with a small cap, for both
// layouts, with and without IgnoreMalformed.
func TestTooLarge(t *testing.T) {
	big := `{"a":"` + strings.Repeat("x", 300<<10) + `"}`
	cols := []format.Column{col(t, "string", "a")}
	read := func(lines, ignore bool, input string) ([][]any, error, format.Stats) {
		r := newReader(strings.NewReader(input), format.Options{Columns: cols, IgnoreMalformed: ignore, Name: "big"}, lines, 64<<10)
		r.in.maxRec = 256 << 10
		rows, err := readAll(r, cols, 10)
		return rows, err, r.Stats()
	}
	// A record that fits after growing the window.
	fits := `{"a":"` + strings.Repeat("y", 200<<10) + `"}`
	rows, err, _ := read(true, false, "{\"a\":\"1\"}\n"+fits+"\n")
	if err != nil || len(rows) != 2 || rows[1][0] != strings.Repeat("y", 200<<10) {
		t.Fatalf("200 KiB record: %d rows, %v", len(rows), err)
	}

	input := "{\"a\":\"1\"}\n" + big + "\n{\"a\":\"3\"}\n"
	rows, err, _ = read(true, false, input)
	if err == nil || err.Error() != "cannot read big: record larger than 262144 bytes at offset 10" || len(rows) != 1 {
		t.Errorf("lines: %d rows, error %v", len(rows), err)
	}
	rows, err, st := read(true, true, input)
	if err != nil || len(rows) != 2 || rows[1][0] != "3" || st.Malformed != 1 {
		t.Errorf("lines, ignore malformed: rows %v, error %v, stats %+v", rows, err, st)
	}
	ct := `{"Records":[{"a":"1"},` + big + `,{"a":"3"}]}`
	rows, err, _ = read(false, false, ct)
	if err == nil || err.Error() != "cannot read big: record larger than 262144 bytes at offset 22" || len(rows) != 1 {
		t.Errorf("cloudtrail: %d rows, error %v", len(rows), err)
	}
	rows, err, st = read(false, true, ct)
	if err != nil || len(rows) != 1 || st.Malformed != 1 {
		t.Errorf("cloudtrail, ignore malformed: rows %v, error %v, stats %+v", rows, err, st)
	}
}

// repeatReader streams a record of n bytes without holding it.
type repeatReader struct {
	head, tail string
	n          int64 // filler bytes left
	stage      int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	switch r.stage {
	case 0:
		n := copy(p, r.head)
		r.head = r.head[n:]
		if r.head == "" {
			r.stage++
		}
		return n, nil
	case 1:
		n := int64(len(p))
		if n > r.n {
			n = r.n
		}
		for i := range p[:n] {
			p[i] = 'z'
		}
		r.n -= n
		if r.n == 0 {
			r.stage++
		}
		return int(n), nil
	case 2:
		n := copy(p, r.tail)
		r.tail = r.tail[n:]
		if r.tail == "" {
			r.stage++
		}
		return n, nil
	}
	return 0, io.EOF
}

// TestHugeRecord streams a record over the real 64 MiB cap.
func TestHugeRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 65 MiB")
	}
	cols := []format.Column{col(t, "string", "a")}
	src := &repeatReader{head: `{"Records":[{"a":"1"},{"a":"`, n: 65 << 20, tail: `"}]}`}
	r := NewCloudTrail(src, format.Options{Columns: cols, Name: "s3://b/huge.json"})
	rows, err := readAll(r, cols, 10)
	if err == nil || err.Error() != "cannot read s3://b/huge.json: record larger than 64 MiB at offset 22" || len(rows) != 1 {
		t.Errorf("%d rows, error %v", len(rows), err)
	}
}

func TestTruncatedGzip(t *testing.T) {
	data, err := os.ReadFile(cloudTrailFiles(t)[3])
	if err != nil {
		t.Fatal(err)
	}
	recs := ctRecords(t, data)
	gz := gzipBytes(t, data)
	cols := []format.Column{col(t, "string", "eventid")}
	for _, cut := range []int{len(gz) / 2, len(gz) - 4} {
		for _, ignore := range []bool{false, true} {
			zr, err := Decompress(bytes.NewReader(gz[:cut]), "s3://b/t.json.gz")
			if err != nil {
				t.Fatal(err)
			}
			r := NewCloudTrail(zr, format.Options{Columns: cols, Name: "s3://b/t.json.gz", IgnoreMalformed: ignore})
			rows, err := readAll(r, cols, 1)
			if err == nil || !strings.HasPrefix(err.Error(), "cannot read s3://b/t.json.gz: unexpected end of data at offset ") {
				t.Fatalf("cut %d: error %v", cut, err)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) || !errors.Is(err, sqlerr.BadData) {
				t.Errorf("cut %d: error %v does not wrap io.ErrUnexpectedEOF", cut, err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Offset <= 0 || e.Offset > int64(len(data)) {
				t.Errorf("cut %d: offset %+v", cut, e)
			}
			if len(rows) == 0 || len(rows) > len(recs) {
				t.Errorf("cut %d: %d rows before the error", cut, len(rows))
			}
			for i, row := range rows {
				if want := refRow(recs[i], cols)[0]; row[0] != want {
					t.Errorf("cut %d: row %d = %v, want %v", cut, i, row[0], want)
				}
			}
		}
	}
	// Not gzip after all: a corrupt header.
	if _, err := Decompress(bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}), "s3://b/x.gz"); err == nil || !strings.Contains(err.Error(), "s3://b/x.gz") {
		t.Errorf("corrupt gzip header: %v", err)
	}
}

// TestNextContract checks batch sizes, b.N and the end of the stream.
func TestNextContract(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "small.json"))
	if err != nil {
		t.Fatal(err)
	}
	cols := []format.Column{col(t, "string", "eventname")}
	r := NewCloudTrail(bytes.NewReader(data), format.Options{Columns: cols, Name: "small"})
	rows, err := readAll(r, cols, 1)
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	b := newBatch(cols)
	for i := 0; i < 2; i++ {
		if n, err := r.Next(b, 10); n != 0 || err != io.EOF {
			t.Errorf("after the end: %d, %v", n, err)
		}
	}
	// Next appends: two calls without a reset accumulate rows.
	r = NewCloudTrail(bytes.NewReader(data), format.Options{Columns: cols, Name: "small"})
	b = newBatch(cols)
	n1, _ := r.Next(b, 2)
	n2, _ := r.Next(b, 2)
	if n1 != 2 || n2 != 1 || b.N != 3 || b.Cols[0].Len() != 3 || b.Cols[0].Value(2) != "ConsoleLogin" {
		t.Errorf("appending: %d, %d, N=%d", n1, n2, b.N)
	}
	if n, err := r.Next(b, 0); n != 0 || err != nil {
		t.Errorf("max 0: %d, %v", n, err)
	}
	if st := r.Stats(); st.Records != 3 || st.BytesRead != int64(len(data)) {
		t.Errorf("stats %+v", st)
	}
}

// TestBoundedMemory reads a long stream and checks the window never
// exceeds its normal size when records are small.
func TestBoundedMemory(t *testing.T) {
	one := synthCloudTrail(2000, 7)
	var parts []io.Reader
	for i := 0; i < 5; i++ {
		parts = append(parts, bytes.NewReader(one))
	}
	cols := []format.Column{col(t, "string", "eventname")}
	r := NewCloudTrail(io.MultiReader(parts...), format.Options{Columns: cols, Name: "long"}).(*reader)
	b := newBatch(cols)
	rows, maxCap := 0, 0
	for {
		b.Reset(1024)
		n, err := r.Next(b, 1024)
		rows += n
		maxCap = max(maxCap, cap(r.in.buf))
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if rows != 10000 || maxCap > defaultBufSize || maxCap < minBufSize {
		t.Errorf("%d rows, window up to %d bytes", rows, maxCap)
	}
	if st := r.Stats(); st.BytesRead != int64(5*len(one)) {
		t.Errorf("BytesRead %d, want %d", st.BytesRead, 5*len(one))
	}
}
