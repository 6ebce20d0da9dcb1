package resultfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"trawl/internal/output"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

const bucket = "results"

func sp(s string) *string { return &s }

func newStore(t testing.TB) *file.Store { return file.New(t.TempDir()) }

// noSeekStore hides the file store's Seek, so Page takes the
// read-and-discard path a remote store would.
type noSeekStore struct{ storage.Store }

func (s noSeekStore) Open(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	rc, err := s.Store.Open(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{rc, rc}, nil
}

func encode(t testing.TB, f Format, cols []Column, rows [][]*string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.Rows(); got != int64(len(rows)) {
		t.Fatalf("Rows() = %d, want %d", got, len(rows))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func put(t testing.TB, st storage.Store, key string, b []byte) {
	t.Helper()
	if err := st.Put(context.Background(), bucket, key, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}

// readAll pages through a whole result, returning the rows and the size
// of each page.
func readAll(t testing.TB, st storage.Store, key string, f Format, max int) ([][]*string, []int) {
	t.Helper()
	var all [][]*string
	var sizes []int
	tok := ""
	for {
		rows, next, err := Page(context.Background(), st, bucket, key, f, tok, max)
		if err != nil {
			t.Fatalf("page %d: %v", len(sizes)+1, err)
		}
		all = append(all, rows...)
		sizes = append(sizes, len(rows))
		if next == "" {
			return all, sizes
		}
		if len(sizes) > 1e6 {
			t.Fatal("paging does not end")
		}
		tok = next
	}
}

func show(row []*string) string {
	parts := make([]string, len(row))
	for i, v := range row {
		if v == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = strconv.Quote(*v)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func sameRows(t *testing.T, got, want [][]*string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if g, w := show(got[i]), show(want[i]); g != w {
			t.Fatalf("row %d = %s, want %s", i, g, w)
		}
	}
}

func TestCSVBytes(t *testing.T) {
	cols := []Column{{"id", "bigint"}, {`say "hi"`, "varchar"}, {"n", "varchar"}}
	got := encode(t, CSV, cols, [][]*string{
		{sp("1"), sp(`a"b`), nil},
		{sp("2"), sp(""), sp("x,y\nz")},
		{nil, nil, nil},
	})
	want := "\"id\",\"say \"\"hi\"\"\",\"n\"\n" +
		"\"1\",\"a\"\"b\",\n" +
		"\"2\",\"\",\"x,y\nz\"\n" +
		",,\n"
	if string(got) != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestTXTBytes(t *testing.T) {
	got := encode(t, TXT, []Column{{"a", "varchar"}, {"b", "varchar"}}, [][]*string{
		{sp("x"), sp("y z")},
		{nil, sp("")},
		{sp(`"q",`), nil},
	})
	want := "x\ty z\n\t\n\"q\",\t\n"
	if string(got) != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// A DDL statement's result may have no columns and no rows.
	if got := encode(t, TXT, nil, nil); len(got) != 0 {
		t.Fatalf("empty TXT result = %q", got)
	}
}

// The header agrees with internal/output's CSV writer, which renders the
// same format for the command line.
func TestHeaderMatchesOutputCSV(t *testing.T) {
	names := []string{"a", `q"uo"te`, "", "com,ma", "new\nline", "日本"}
	var ours, theirs bytes.Buffer
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n, Type: "varchar"}
	}
	w, err := NewWriter(&ours, CSV, cols)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	o := output.NewCSV(&theirs)
	if err := o.Header(names, nil); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if ours.String() != theirs.String() {
		t.Fatalf("header %q, internal/output writes %q", ours.String(), theirs.String())
	}
}

var tricky = []*string{
	nil, sp(""), sp("plain"), sp(`a"b`), sp(`"`), sp(`""`), sp(`"quoted"`),
	sp("a,b"), sp(","), sp("line1\nline2"), sp("\n"), sp("\n\n\""), sp("cr\r\nlf"),
	sp("trailing\r"), sp("tab\there"), sp("\t"), sp("日本語 ✓ 🎉 é"), sp(" spaced "),
	sp("NULL"), sp("\x00bin\xff"),
}

func TestCSVRoundTrip(t *testing.T) {
	st := newStore(t)
	cols := []Column{{"v", "varchar"}, {"w", "varchar"}, {"x", "varchar"}}
	var rows [][]*string
	for i, v := range tricky {
		rows = append(rows, []*string{v, tricky[(i+1)%len(tricky)], tricky[(i+7)%len(tricky)]})
	}
	rows = append(rows, []*string{nil, nil, nil}, []*string{sp(""), sp(""), sp("")})
	put(t, st, "q/1.csv", encode(t, CSV, cols, rows))
	for _, s := range []storage.Store{st, noSeekStore{st}} {
		for _, max := range []int{1, 2, 3, 1000} {
			got, _ := readAll(t, s, "q/1.csv", CSV, max)
			want := append([][]*string{{sp("v"), sp("w"), sp("x")}}, rows...)
			sameRows(t, got, want)
		}
	}
}

func TestTXTRoundTrip(t *testing.T) {
	st := newStore(t)
	cols := []Column{{"col_name", "varchar"}, {"data_type", "varchar"}, {"comment", "varchar"}}
	rows := [][]*string{
		{sp("id"), sp("bigint"), sp("")},
		{sp("name"), sp("varchar"), sp(`the "name", 日本語`)},
		{sp(""), sp(""), sp("")},
		{sp("# Partition Information"), nil, nil},
	}
	put(t, st, "q/ddl.txt", encode(t, TXT, cols, rows))
	got, sizes := readAll(t, st, "q/ddl.txt", TXT, 1000)
	want := [][]*string{
		{sp("id"), sp("bigint"), sp("")},
		{sp("name"), sp("varchar"), sp(`the "name", 日本語`)},
		{sp(""), sp(""), sp("")},
		{sp("# Partition Information"), sp(""), sp("")}, // TXT has no NULL
	}
	sameRows(t, got, want)
	if len(sizes) != 1 {
		t.Fatalf("pages %v", sizes)
	}

	// Values are written verbatim: EXPLAIN's multi-line plan reads back
	// one row per line, a tab splits a field.
	put(t, st, "q/explain.txt", encode(t, TXT, []Column{{"Query Plan", "varchar"}}, [][]*string{{sp("Output\n  Scan\tt\n")}}))
	got, _ = readAll(t, st, "q/explain.txt", TXT, 1)
	sameRows(t, got, [][]*string{{sp("Output")}, {sp("  Scan"), sp("t")}, {sp("")}})

	// An empty result (CREATE TABLE) is one empty page.
	put(t, st, "q/empty.txt", encode(t, TXT, nil, nil))
	rows, next, err := Page(context.Background(), st, bucket, "q/empty.txt", TXT, "", 1000)
	if err != nil || len(rows) != 0 || next != "" {
		t.Fatalf("empty TXT: %v %q %v", rows, next, err)
	}
}

// Records longer than the read buffer, in both formats.
func TestLongRecords(t *testing.T) {
	st := newStore(t)
	long := strings.Repeat("ab\"c,\n", 50_000) // 300 KB, a quote and a newline every 6 bytes
	rows := [][]*string{{sp("1"), sp(long)}, {sp("2"), nil}, {sp(long), sp(long)}}
	put(t, st, "l.csv", encode(t, CSV, []Column{{"a", "varchar"}, {"b", "varchar"}}, rows))
	got, sizes := readAll(t, noSeekStore{st}, "l.csv", CSV, 2)
	sameRows(t, got, append([][]*string{{sp("a"), sp("b")}}, rows...))
	if len(sizes) != 2 {
		t.Fatalf("pages %v", sizes)
	}
	line := strings.Repeat("x\"y,", 40_000)
	put(t, st, "l.txt", encode(t, TXT, []Column{{"a", "varchar"}, {"b", "varchar"}}, [][]*string{{sp(line), sp("z")}, {sp("w"), sp(line)}}))
	got, _ = readAll(t, st, "l.txt", TXT, 1)
	sameRows(t, got, [][]*string{{sp(line), sp("z")}, {sp("w"), sp(line)}})
}

func numbered(n, ncols int) [][]*string {
	rows := make([][]*string, n)
	for i := range rows {
		r := make([]*string, ncols)
		for j := range r {
			switch {
			case j == 0:
				r[j] = sp(strconv.Itoa(i))
			case (i+j)%11 == 0:
				r[j] = nil
			case (i+j)%13 == 0:
				r[j] = sp("")
			case (i+j)%17 == 0:
				r[j] = sp(fmt.Sprintf("multi\nline \"%d\",\r\nend", i))
			default:
				r[j] = sp(fmt.Sprintf("v%d-%d ü", i, j))
			}
		}
		rows[i] = r
	}
	return rows
}

func TestCSVPaging(t *testing.T) {
	st := newStore(t)
	cols := []Column{{"n", "bigint"}, {"a", "varchar"}, {"b", "varchar"}}
	rows := numbered(2500, 3)
	put(t, st, "out/abc.csv", encode(t, CSV, cols, rows))
	want := append([][]*string{{sp("n"), sp("a"), sp("b")}}, rows...)
	for _, s := range []storage.Store{st, noSeekStore{st}} {
		got, sizes := readAll(t, s, "out/abc.csv", CSV, 1000)
		if fmt.Sprint(sizes) != "[1000 1000 501]" {
			t.Fatalf("page sizes %v, want [1000 1000 501]", sizes)
		}
		sameRows(t, got, want)
		if *got[0][0] != "n" || *got[1][0] != "0" || *got[2500][0] != "2499" {
			t.Fatal("header or order wrong")
		}
	}
	for _, max := range []int{1, 7, 333, 999} {
		got, sizes := readAll(t, st, "out/abc.csv", CSV, max)
		sameRows(t, got, want)
		if n := (2501 + max - 1) / max; len(sizes) != n {
			t.Fatalf("max %d: %d pages, want %d", max, len(sizes), n)
		}
	}
}

// A result filling its last page exactly ends with no token, not with a
// token for an empty page.
func TestExactPages(t *testing.T) {
	st := newStore(t)
	put(t, st, "x.csv", encode(t, CSV, []Column{{"n", "bigint"}}, numbered(1999, 1)))
	_, sizes := readAll(t, st, "x.csv", CSV, 1000)
	if fmt.Sprint(sizes) != "[1000 1000]" {
		t.Fatalf("page sizes %v", sizes)
	}
	put(t, st, "h.csv", encode(t, CSV, []Column{{"n", "bigint"}}, nil))
	got, sizes := readAll(t, st, "h.csv", CSV, 1)
	if fmt.Sprint(sizes) != "[1]" || *got[0][0] != "n" {
		t.Fatalf("header-only result: pages %v", sizes)
	}
}

func TestTXTPaging(t *testing.T) {
	st := newStore(t)
	var rows [][]*string
	for i := range 2500 {
		rows = append(rows, []*string{sp("p=" + strconv.Itoa(i)), sp("x")})
	}
	put(t, st, "out/ddl.txt", encode(t, TXT, []Column{{"partition", "varchar"}, {"x", "varchar"}}, rows))
	for _, s := range []storage.Store{st, noSeekStore{st}} {
		got, sizes := readAll(t, s, "out/ddl.txt", TXT, 1000)
		if fmt.Sprint(sizes) != "[1000 1000 500]" {
			t.Fatalf("page sizes %v", sizes)
		}
		sameRows(t, got, rows)
	}
}

func TestBadTokens(t *testing.T) {
	st := newStore(t)
	b := encode(t, CSV, []Column{{"n", "bigint"}}, numbered(50, 1))
	put(t, st, "a.csv", b)
	put(t, st, "b.csv", b)
	ctx := context.Background()
	_, tok, err := Page(ctx, st, bucket, "a.csv", CSV, "", 10)
	if err != nil || tok == "" {
		t.Fatal(tok, err)
	}
	if strings.Trim(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		t.Fatalf("token %q is not URL-safe", tok)
	}
	// The token works for its own object...
	rows, _, err := Page(ctx, st, bucket, "a.csv", CSV, tok, 10)
	if err != nil || *rows[0][0] != "9" {
		t.Fatalf("own token: %v", err)
	}
	flip := []byte(tok)
	flip[len(flip)/2] ^= 1
	if flip[len(flip)/2] == '-' || flip[len(flip)/2] == '_' {
		flip[len(flip)/2] = 'A'
	}
	other, _ := storage.ParseLocation("s3://other/a.csv")
	cases := []struct {
		name, bucket, key string
		f                 Format
		tok               string
	}{
		{"other key", bucket, "b.csv", CSV, tok},
		{"other bucket", other.Bucket, "a.csv", CSV, tok},
		{"other format", bucket, "a.csv", TXT, tok},
		{"garbled", bucket, "a.csv", CSV, string(flip)},
		{"truncated", bucket, "a.csv", CSV, tok[:len(tok)-2]},
		{"extended", bucket, "a.csv", CSV, tok + "AA"},
		{"not base64", bucket, "a.csv", CSV, "!!!!"},
		{"padded", bucket, "a.csv", CSV, tok + "="},
		{"short", bucket, "a.csv", CSV, "AAAA"},
		{"long", bucket, "a.csv", CSV, strings.Repeat("A", 4000)},
	}
	for _, c := range cases {
		_, _, err := Page(ctx, st, c.bucket, c.key, c.f, c.tok, 10)
		if !errors.Is(err, ErrBadToken) {
			t.Errorf("%s: err = %v, want ErrBadToken", c.name, err)
		}
	}
}

func TestMaxRange(t *testing.T) {
	st := newStore(t)
	put(t, st, "a.csv", encode(t, CSV, []Column{{"n", "bigint"}}, numbered(5, 1)))
	for _, max := range []int{0, -1, 1001, 1 << 30} {
		if _, _, err := Page(context.Background(), st, bucket, "a.csv", CSV, "", max); err == nil || !strings.Contains(err.Error(), "1 to 1000") {
			t.Errorf("max %d: err = %v", max, err)
		}
	}
	if _, _, err := Page(context.Background(), st, bucket, "a.csv", Format(0), "", 10); err == nil {
		t.Error("format 0 accepted")
	}
}

func TestCorrupt(t *testing.T) {
	cases := []struct {
		name, data string
		f          Format
		offset     int // the byte offset the error must name
		more       string
	}{
		{"empty csv", "", CSV, 0, "empty"},
		{"no line end", "\"a\"\n\"1\"\n\"2\"", CSV, 8, "no line end"},
		{"cut in quotes", "\"a\"\n\"1\"\n\"2", CSV, 8, "not closed"},
		{"open quote", "\"a\",\"b\"\n\"1\",\"x\ny", CSV, 8, "not closed"},
		{"after quote", "\"a\",\"b\"\n\"1\"x,\"2\"\n", CSV, 11, "after a quoted field"},
		{"bare quote", "\"a\"\n\"1\"\nab\"c\"\n", CSV, 10, "quote inside"},
		{"field count", "\"a\",\"b\"\n\"1\",\"2\"\n\"3\"\n", CSV, 16, "1 fields, but the header has 2"},
		{"txt no line end", "a\tb\nc", TXT, 4, "no line end"},
	}
	for _, c := range cases {
		st := newStore(t)
		put(t, st, "r/q.x", []byte(c.data))
		_, _, err := Page(context.Background(), st, bucket, "r/q.x", c.f, "", 1000)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", c.name, err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "s3://results/r/q.x") || !strings.Contains(msg, fmt.Sprintf("byte offset %d:", c.offset)) || !strings.Contains(msg, c.more) {
			t.Errorf("%s: message %q lacks the key, byte offset %d or %q", c.name, msg, c.offset, c.more)
		}
	}
}

// A truncated file fails on the page that reaches the damage, and the
// pages before it still read.
func TestTruncatedLater(t *testing.T) {
	st := newStore(t)
	b := encode(t, CSV, []Column{{"n", "bigint"}, {"s", "varchar"}}, numbered(2500, 2))
	put(t, st, "t.csv", b)
	ctx := context.Background()
	_, tok, err := Page(ctx, st, bucket, "t.csv", CSV, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	_, tok2, err := Page(ctx, st, bucket, "t.csv", CSV, tok, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// Cut in the middle of the last page.
	put(t, st, "t.csv", b[:len(b)-len(b)/10-3])
	if _, _, err := Page(ctx, st, bucket, "t.csv", CSV, tok, 1000); err != nil {
		t.Fatalf("page 2 before the damage: %v", err)
	}
	if _, _, err := Page(ctx, st, bucket, "t.csv", CSV, tok2, 1000); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "t.csv") {
		t.Fatalf("page 3: err = %v, want ErrCorrupt", err)
	}
	// Cut before page 3 starts: the token points past the end.
	put(t, st, "t.csv", b[:100])
	for _, s := range []storage.Store{st, noSeekStore{st}} {
		if _, _, err := Page(ctx, s, bucket, "t.csv", CSV, tok2, 1000); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "ends before this page") {
			t.Fatalf("token past the end: err = %v", err)
		}
	}
}

func TestMissingObject(t *testing.T) {
	st := newStore(t)
	put(t, st, "x", nil)
	if _, _, err := Page(context.Background(), st, bucket, "nope.csv", CSV, "", 10); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestCanceled(t *testing.T) {
	st := newStore(t)
	put(t, st, "a.csv", encode(t, CSV, []Column{{"n", "bigint"}}, numbered(5, 1)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Page(ctx, st, bucket, "a.csv", CSV, "", 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestWriterErrors(t *testing.T) {
	var buf bytes.Buffer
	if _, err := NewWriter(&buf, CSV, nil); err == nil {
		t.Error("CSV without columns accepted")
	}
	if _, err := NewWriter(&buf, Format(7), []Column{{"a", "varchar"}}); err == nil {
		t.Error("unknown format accepted")
	}
	w, err := NewWriter(&buf, CSV, []Column{{"a", "varchar"}, {"b", "varchar"}})
	if err != nil {
		t.Fatal(err)
	}
	err = w.WriteRow([]*string{sp("x")})
	if err == nil || !strings.Contains(err.Error(), "1 values") || !strings.Contains(err.Error(), "2 columns") {
		t.Errorf("short row: %v", err)
	}
	if err := w.WriteRow([]*string{sp("x"), nil, nil}); err == nil || !strings.Contains(err.Error(), "3 values") {
		t.Errorf("long row: %v", err)
	}
	if w.Rows() != 0 {
		t.Errorf("Rows() = %d after rejected rows", w.Rows())
	}
	w.Close()
	if err := w.WriteRow([]*string{nil, nil}); err == nil {
		t.Error("WriteRow after Close accepted")
	}

	// A failing destination surfaces by the row that overflows the buffer.
	fw, err := NewWriter(failWriter{}, CSV, []Column{{"a", "varchar"}})
	if err != nil {
		t.Fatal(err)
	}
	big := sp(strings.Repeat("x", 100<<10))
	if err := fw.WriteRow([]*string{big}); err == nil {
		t.Error("write error not reported")
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("pipe closed") }

func TestMetadata(t *testing.T) {
	cols := []Column{{"id", "bigint"}, {"tags", "array(varchar)"}, {"at", "timestamp(3)"}, {`we"ird`, "varchar"}}
	b := MetadataJSON(cols, 2500, CSV)
	want := `{"columns":[{"name":"id","type":"bigint"},{"name":"tags","type":"array(varchar)"},{"name":"at","type":"timestamp(3)"},{"name":"we\"ird","type":"varchar"}],"rows":2500,"format":"csv"}`
	if string(b) != want {
		t.Fatalf("got %s", b)
	}
	gc, rows, f, err := ParseMetadata(b)
	if err != nil || rows != 2500 || f != CSV || fmt.Sprint(gc) != fmt.Sprint(cols) {
		t.Fatalf("ParseMetadata: %v %d %v %v", gc, rows, f, err)
	}
	gc, rows, f, err = ParseMetadata(MetadataJSON(nil, 0, TXT))
	if err != nil || len(gc) != 0 || rows != 0 || f != TXT {
		t.Fatalf("ParseMetadata(empty txt): %v %d %v %v", gc, rows, f, err)
	}
	if _, _, _, err := ParseMetadata([]byte(`{"columns":[],"rows":1,"format":"csv","later":true}`)); err != nil {
		t.Errorf("unknown field refused: %v", err)
	}
	for _, bad := range []string{
		``, `[]`, `{`, `{"rows":1,"format":"csv"}`, `{"columns":[],"format":"csv"}`,
		`{"columns":[],"rows":1}`, `{"columns":[],"rows":-1,"format":"csv"}`,
		`{"columns":[],"rows":1,"format":"parquet"}`, `{"columns":[],"rows":1,"format":"csv"} {}`,
		`{"columns":[],"rows":1.5,"format":"csv"}`,
	} {
		if _, _, _, err := ParseMetadata([]byte(bad)); err == nil {
			t.Errorf("ParseMetadata(%s) accepted", bad)
		}
	}
	if CSV.Ext() != ".csv" || TXT.Ext() != ".txt" || TXT.String() != "txt" {
		t.Error("Format names")
	}
}

func BenchmarkWrite(b *testing.B) {
	cols := []Column{{"n", "bigint"}, {"a", "varchar"}, {"b", "varchar"}, {"c", "varchar"}}
	rows := numbered(100_000, 4)
	size := len(encode(b, CSV, cols, rows))
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		w, _ := NewWriter(io.Discard, CSV, cols)
		for _, r := range rows {
			if err := w.WriteRow(r); err != nil {
				b.Fatal(err)
			}
		}
		w.Close()
	}
}

func BenchmarkPage(b *testing.B) {
	cols := []Column{{"n", "bigint"}, {"a", "varchar"}, {"b", "varchar"}, {"c", "varchar"}}
	data := encode(b, CSV, cols, numbered(100_000, 4))
	for _, bc := range []struct {
		name string
		st   func(storage.Store) storage.Store
	}{
		{"seek", func(s storage.Store) storage.Store { return s }},
		{"discard", func(s storage.Store) storage.Store { return noSeekStore{s} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := bc.st(newStore(b))
			put(b, st, "bench.csv", data)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				n, tok := 0, ""
				for {
					rows, next, err := Page(ctx, st, bucket, "bench.csv", CSV, tok, 1000)
					if err != nil {
						b.Fatal(err)
					}
					n += len(rows)
					if tok = next; tok == "" {
						break
					}
				}
				if n != 100_001 {
					b.Fatalf("%d rows", n)
				}
			}
		})
	}
}
