package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// batch builds a batch from rows of generic values (nil is NULL).
func batch(ts []*types.Type, rows ...[]any) *vector.Batch {
	b := vector.NewBatch(ts, len(rows))
	for _, r := range rows {
		for i, v := range r {
			b.Cols[i].Append(v)
		}
	}
	b.N = len(rows)
	return b
}

// render runs a writer over one header and the given batches.
func render(t *testing.T, w Writer, names []string, ts []*types.Type, bs ...*vector.Batch) {
	t.Helper()
	if err := w.Header(names, ts); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if err := w.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCSVQuoting(t *testing.T) {
	ts := []*types.Type{types.VarcharType, types.VarcharType}
	var out bytes.Buffer
	render(t, NewCSV(&out), []string{"a", `we"ird,name`}, ts, batch(ts,
		[]any{nil, ""},                // NULL vs empty string
		[]any{`say "hi"`, `""`},       // embedded quotes
		[]any{"a,b", "line1\nline2"},  // comma, newline
		[]any{"日本語 ✓ é", "tab\there"}, // unicode, tab
		[]any{"", nil},
	))
	want := `"a","we""ird,name"` + "\n" +
		`,""` + "\n" +
		`"say ""hi""",""""""` + "\n" +
		`"a,b","line1` + "\n" + `line2"` + "\n" +
		`"日本語 ✓ é","tab	here"` + "\n" +
		`"",` + "\n"
	if got := out.String(); got != want {
		t.Fatalf("csv:\n got %q\nwant %q", got, want)
	}
	// A standard CSV reader gets the values back; only the quoting tells
	// NULL from '' (both read as ""), which the raw text above checks.
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || recs[2][0] != `say "hi"` || recs[2][1] != `""` || recs[3][1] != "line1\nline2" || recs[4][0] != "日本語 ✓ é" {
		t.Fatalf("csv round trip: %q", recs)
	}
}

func TestCSVTrinoText(t *testing.T) {
	ts := []*types.Type{
		types.BigIntType, types.DoubleType, types.BooleanType, types.TimestampTZType,
		types.NewArray(types.VarcharType), types.NewMap(types.VarcharType, types.BigIntType),
		types.NewRow(types.Field{Name: "x", Type: types.IntegerType}, types.Field{Name: "y", Type: types.VarcharType}),
		types.DateType,
	}
	ts0 := value.PackTZ(1736247600000, 0) // 2025-01-07 11:00 UTC in milliseconds
	var out bytes.Buffer
	render(t, NewCSV(&out), []string{"n", "d", "b", "ts", "arr", "m", "r", "day"}, ts, batch(ts, []any{
		int64(-42), 1.5e10, true, ts0,
		[]any{"a", nil, `q"`}, &types.MapValue{Keys: []any{"k"}, Values: []any{int64(1)}},
		[]any{int64(1), "a"}, int64(20095), // days since the epoch
	}))
	lines := strings.Split(out.String(), "\n")
	want := `"-42","1.5E10","true","2025-01-07 11:00:00.000 UTC","[a, null, q""]","{k=1}","{x=1, y=a}","2025-01-07"`
	if lines[1] != want {
		t.Fatalf("row:\n got %s\nwant %s", lines[1], want)
	}
}

func TestCSVEmptyResultHeaderOnly(t *testing.T) {
	ts := []*types.Type{types.BigIntType, types.VarcharType}
	var out bytes.Buffer
	render(t, NewCSV(&out), []string{"_col0", "name"}, ts) // no batches
	if got := out.String(); got != "\"_col0\",\"name\"\n" {
		t.Fatalf("got %q", got)
	}
	out.Reset()
	render(t, NewCSV(&out), []string{"x"}, ts[:1], batch(ts[:1])) // an empty batch
	if got := out.String(); got != "\"x\"\n" {
		t.Fatalf("got %q", got)
	}
}

func TestCSVSingleNullColumn(t *testing.T) {
	ts := []*types.Type{types.VarcharType}
	var out bytes.Buffer
	render(t, NewCSV(&out), []string{"x"}, ts, batch(ts, []any{nil}, []any{""}))
	if got := out.String(); got != "\"x\"\n\n\"\"\n" {
		t.Fatalf("got %q", got)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWritersReportWriteErrors(t *testing.T) {
	ts := []*types.Type{types.VarcharType}
	big := strings.Repeat("x", 100<<10) // more than the buffer, so Batch writes through
	for name, w := range map[string]Writer{"csv": NewCSV(failWriter{}), "json": NewJSON(failWriter{})} {
		if err := w.Header([]string{"x"}, ts); err != nil {
			t.Fatalf("%s header: %v", name, err)
		}
		if err := w.Batch(batch(ts, []any{big})); err == nil {
			t.Errorf("%s: Batch on a failing writer returned no error", name)
		}
		if err := w.Close(); err == nil {
			t.Errorf("%s: Close on a failing writer returned no error", name)
		}
	}
	tw := NewTable(failWriter{})
	render := func() error {
		tw.Header([]string{"x"}, ts)
		tw.Batch(batch(ts, []any{"a"}))
		return tw.Close()
	}
	if render() == nil {
		t.Error("table: Close on a failing writer returned no error")
	}
}

func TestJSONLines(t *testing.T) {
	rowT := types.NewRow(types.Field{Name: "name", Type: types.VarcharType}, types.Field{Name: "n", Type: types.BigIntType})
	anonT := types.NewRow(types.Field{Type: types.IntegerType}, types.Field{Type: types.IntegerType})
	ts := []*types.Type{
		types.VarcharType, types.BigIntType, types.IntegerType, types.DoubleType, types.RealType,
		types.BooleanType, types.NewDecimal(5, 2), types.TimestampTZType, types.NewArray(types.DoubleType),
		types.NewMap(types.VarcharType, types.VarcharType), rowT, anonT, types.JSONType, types.VarbinaryType,
		types.DateType, types.UnknownType,
	}
	names := []string{"s", "big", "i", "d", "r", "b", "dec", "ts", "arr", "m", "row", "anon", "j", "bin", "day", "nul"}
	var out bytes.Buffer
	render(t, NewJSON(&out), names, ts, batch(ts,
		[]any{
			"he said \"hi\"\n\t<&> 日本", int64(9007199254740993), int64(-7), 0.5, 1.25,
			true, int64(1250), value.PackTZ(1736247600000, 0), []any{1e-5, nil, math.NaN()},
			&types.MapValue{Keys: []any{"b", "a"}, Values: []any{"1", nil}}, []any{"x", int64(2)}, []any{int64(1), int64(2)},
			`{"a":1}`, "hi", int64(0), nil,
		},
		[]any{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		[]any{"", int64(0), int64(0), math.Inf(1), math.Inf(-1), false, int64(-5), int64(0), []any{}, &types.MapValue{}, []any{nil, nil}, []any{nil, int64(3)}, "null", "", int64(-1), nil},
	))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %d: %q", len(lines), out.String())
	}
	want := []string{
		`{"s":"he said \"hi\"\n\t<&> 日本","big":9007199254740993,"i":-7,"d":0.5,"r":1.25,"b":true,"dec":"12.50",` +
			`"ts":"2025-01-07 11:00:00.000 UTC","arr":[1.0E-5,null,"NaN"],"m":{"b":"1","a":null},"row":{"name":"x","n":2},` +
			`"anon":{"field0":1,"field1":2},"j":"{\"a\":1}","bin":"68 69","day":"1970-01-01","nul":null}`,
		`{"s":null,"big":null,"i":null,"d":null,"r":null,"b":null,"dec":null,"ts":null,"arr":null,"m":null,"row":null,` +
			`"anon":null,"j":null,"bin":null,"day":null,"nul":null}`,
		`{"s":"","big":0,"i":0,"d":"Infinity","r":"-Infinity","b":false,"dec":"-0.05","ts":"1970-01-01 00:00:00.000 UTC",` +
			`"arr":[],"m":{},"row":{"name":null,"n":null},"anon":{"field0":null,"field1":3},"j":"null","bin":"","day":"1969-12-31","nul":null}`,
	}
	for i, l := range lines {
		if l != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, l, want[i])
		}
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(l))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Errorf("line %d is not valid JSON: %v", i, err)
			continue
		}
		if len(m) != len(names) {
			t.Errorf("line %d has %d keys, want %d", i, len(m), len(names))
		}
	}
	// Typed values decode to the JSON types a client expects.
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(lines[0]))
	d.UseNumber()
	d.Decode(&m)
	if n, ok := m["big"].(json.Number); !ok || n.String() != "9007199254740993" {
		t.Errorf("bigint: %#v", m["big"])
	}
	if b, ok := m["b"].(bool); !ok || !b {
		t.Errorf("boolean: %#v", m["b"])
	}
	if _, ok := m["d"].(json.Number); !ok {
		t.Errorf("double: %#v", m["d"])
	}
	if s, ok := m["dec"].(string); !ok || s != "12.50" {
		t.Errorf("decimal: %#v", m["dec"])
	}
	if _, ok := m["arr"].([]any); !ok {
		t.Errorf("array: %#v", m["arr"])
	}
}

func TestJSONEmptyResultAndStrings(t *testing.T) {
	ts := []*types.Type{types.VarcharType}
	var out bytes.Buffer
	render(t, NewJSON(&out), []string{"x"}, ts)
	if out.Len() != 0 {
		t.Fatalf("empty result wrote %q", out.String())
	}
	render(t, NewJSON(&out), []string{`k"\`}, ts, batch(ts, []any{"\x00\x1f\x7f\u2028/\xff"}))
	want := `{"k\"\\":"\u0000\u001f` + "\x7f\u2028/\ufffd" + `"}` + "\n"
	if out.String() != want {
		t.Fatalf("got %q want %q", out.String(), want)
	}
	var m map[string]string
	if err := json.Unmarshal(out.Bytes(), &m); err != nil || m[`k"\`] != "\x00\x1f\x7f\u2028/\ufffd" {
		t.Fatalf("round trip: %v %q", err, m)
	}
}

func TestTableAlignment(t *testing.T) {
	ts := []*types.Type{types.VarcharType, types.BigIntType, types.VarcharType}
	var out bytes.Buffer
	render(t, NewTable(&out), []string{"name", "n", "note"}, ts, batch(ts,
		[]any{"日本語", int64(5), "x"},
		[]any{"a", int64(12345), nil},
		[]any{"e\u0301", nil, "🙂!"},
	))
	want := "" +
		"  name  |   n   | note \n" +
		"--------+-------+------\n" +
		" 日本語 |     5 | x    \n" +
		" a      | 12345 | NULL \n" +
		" e\u0301      |  NULL | 🙂!  \n"
	if out.String() != want {
		t.Fatalf("table:\n%s\nwant:\n%s", out.String(), want)
	}
	// Every line is equally wide in terminal cells.
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if w := Width(l); w != 23 {
			t.Errorf("line %q is %d cells wide, want 23", l, w)
		}
	}
}

func TestTableMultilineAndControl(t *testing.T) {
	ts := []*types.Type{types.VarcharType, types.VarcharType}
	var out bytes.Buffer
	render(t, NewTable(&out), []string{"a", "b"}, ts, batch(ts,
		[]any{"one\ntwo\r\nthree", "t\tab\x1b[31m"},
	))
	want := "" +
		"   a   |     b     \n" +
		"-------+-----------\n" +
		" one  +| t ab\ufffd[31m \n" +
		" two  +|           \n" +
		" three |           \n"
	if out.String() != want {
		t.Fatalf("table:\n%q\nwant:\n%q", out.String(), want)
	}
}

func TestTableEmptyAndMaxRows(t *testing.T) {
	ts := []*types.Type{types.VarcharType, types.DoubleType}
	var out bytes.Buffer
	render(t, NewTable(&out), []string{"eventname", "x"}, ts)
	if want := " eventname | x \n-----------+---\n"; out.String() != want {
		t.Fatalf("empty table %q want %q", out.String(), want)
	}
	out.Reset()
	tw := NewTable(&out)
	tw.MaxRows = 2
	render(t, tw, []string{"eventname", "x"}, ts, batch(ts, []any{"a", 1.0}, []any{"b", 2.0}), batch(ts, []any{"c", 3.0}))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 5 || lines[4] != "... 1 more rows (use --format csv for all)" || !strings.HasPrefix(lines[3], " b ") {
		t.Fatalf("max rows: %q", lines)
	}
}

func TestWidth(t *testing.T) {
	for s, w := range map[string]int{
		"":         0,
		"abc":      3,
		"日本":       4,
		"ｶ":        1, // halfwidth katakana
		"Ａ":        2, // fullwidth latin
		"한국":       4,
		"e\u0301":  1,
		"🙂":        2,
		"👍🏽":       4,
		"a\u200bb": 2,
		"ä":        1,
	} {
		if got := Width(s); got != w {
			t.Errorf("Width(%q) = %d, want %d", s, got, w)
		}
	}
}

func TestTextRows(t *testing.T) {
	s := func(v string) *string { return &v }
	names := []string{"n", "b", "s", "d", "x"}
	ts := []*types.Type{types.BigIntType, types.BooleanType, types.VarcharType, types.NewDecimal(3, 2), nil}
	rows := [][]*string{{s("1"), s("true"), s(`a"b`), s("1.10"), s("[1, 2]")}, {nil, nil, nil, s("NaN"), nil}}
	render := func(w TextWriter) string {
		var buf bytes.Buffer
		switch w := w.(type) {
		case *CSV:
			w.w.Reset(&buf)
		case *JSON:
			w.w.Reset(&buf)
		case *Table:
			w.w = &buf
		}
		if err := w.Header(names, ts); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Row(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if got, want := render(NewCSV(nil)), "\"n\",\"b\",\"s\",\"d\",\"x\"\n\"1\",\"true\",\"a\"\"b\",\"1.10\",\"[1, 2]\"\n,,,\"NaN\",\n"; got != want {
		t.Errorf("CSV:\n%s\nwant\n%s", got, want)
	}
	if got, want := render(NewJSON(nil)), `{"n":1,"b":true,"s":"a\"b","d":"1.10","x":"[1, 2]"}`+"\n"+`{"n":null,"b":null,"s":null,"d":"NaN","x":null}`+"\n"; got != want {
		t.Errorf("JSON:\n%s\nwant\n%s", got, want)
	}
	if got := render(NewTable(nil)); !strings.Contains(got, "NULL") || !strings.Contains(got, `a"b`) {
		t.Errorf("table:\n%s", got)
	}
}
