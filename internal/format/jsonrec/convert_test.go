package jsonrec

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"trawl/internal/format"
	"trawl/internal/types"
)

func ts(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMicro()
}

func days(s string) int64 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Unix() / 86400
}

// TestConversions reads {"v": <json>} into a column of each type, as a
// top-level column, as a nested leaf ({"o":{"V":...}}), and as an element
// of array(T) and a field of row(v T), which take the composite path.
func TestConversions(t *testing.T) {
	cases := []struct {
		typ  string
		json string
		want any
	}{
		{"string", `"abc"`, "abc"},
		{"string", `"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"`, "a\"b\\c/d\b\f\n\r\té😀"},
		{"string", `"\ud800x\udc00"`, "\uFFFDx\uFFFD"},
		{"string", "\"\xff\xfe ok\"", "\xff\xfe ok"},
		{"string", `12.50`, "12.50"},
		{"string", `-1e3`, "-1e3"},
		{"string", `true`, "true"},
		{"string", `false`, "false"},
		{"string", `null`, nil},
		{"string", `{"b": [1, 2 ], "c":"x y",  "d" :{}}`, `{"b":[1,2],"c":"x y","d":{}}`},
		{"string", `[ ]`, `[]`},
		{"string", `""`, ""},
		{"varchar(3)", `"abcdef"`, "abc"},
		{"varchar(3)", `"é日本語"`, "é日本"},
		{"char(2)", `"xyz"`, "xy"},
		{"boolean", `true`, true},
		{"boolean", `false`, false},
		{"boolean", `"TRUE"`, true},
		{"boolean", `"False"`, false},
		{"boolean", `"yes"`, nil},
		{"boolean", `1`, nil},
		{"boolean", `{}`, nil},
		{"tinyint", `127`, int64(127)},
		{"tinyint", `128`, nil},
		{"tinyint", `-128`, int64(-128)},
		{"tinyint", `"12"`, int64(12)},
		{"tinyint", `"+12"`, int64(12)},
		{"tinyint", `1.0`, int64(1)},
		{"tinyint", `1.5`, nil},
		{"tinyint", `1e2`, int64(100)},
		{"tinyint", `"abc"`, nil},
		{"tinyint", `true`, nil},
		{"smallint", `32767`, int64(32767)},
		{"smallint", `32768`, nil},
		{"int", `-2147483648`, int64(-2147483648)},
		{"int", `2147483648`, nil},
		{"bigint", `9223372036854775807`, int64(math.MaxInt64)},
		{"bigint", `9223372036854775808`, nil},
		{"bigint", `-9223372036854775808`, int64(math.MinInt64)},
		{"bigint", `"123456789012"`, int64(123456789012)},
		{"bigint", `12345678901234567890123`, nil},
		{"bigint", `[1]`, nil},
		{"double", `3.25`, 3.25},
		{"double", `"2.5"`, 2.5},
		{"double", `-1e-3`, -0.001},
		{"double", `"Infinity"`, math.Inf(1)},
		{"double", `1e400`, math.Inf(1)},
		{"double", `"0x1p3"`, nil},
		{"double", `"abc"`, nil},
		{"double", `false`, nil},
		{"real", `3.14159265358979`, float64(float32(3.14159265358979))},
		{"decimal(5,2)", `123.456`, int64(12346)},
		{"decimal(5,2)", `123.454`, int64(12345)},
		{"decimal(5,2)", `-1.005`, int64(-101)},
		{"decimal(5,2)", `"999.995"`, nil},
		{"decimal(5,2)", `999.994`, int64(99999)},
		{"decimal(5,2)", `1e2`, int64(10000)},
		{"decimal(5,2)", `0.001`, int64(0)},
		{"decimal(5,2)", `0.005`, int64(1)},
		{"decimal(5,2)", `1000`, nil},
		{"decimal(5,2)", `"abc"`, nil},
		{"decimal(18,0)", `999999999999999999`, int64(999999999999999999)},
		{"date", `"2024-02-29"`, days("2024-02-29")},
		{"date", `"1969-12-31"`, int64(-1)},
		{"date", `"2023-02-29"`, nil},
		{"date", `"2024-1-5"`, days("2024-01-05")},
		{"date", `"2024-01-05T00:00:00Z"`, nil},
		{"date", `20240105`, nil},
		{"timestamp", `"2024-01-02 03:04:05"`, ts("2024-01-02T03:04:05Z")},
		{"timestamp", `"2024-01-02 03:04:05.123456789"`, ts("2024-01-02T03:04:05.123Z")},
		{"timestamp", `"2024-01-02 03:04:05.9996"`, ts("2024-01-02T03:04:06Z")},
		{"timestamp", `"2024-01-02T03:04:05Z"`, ts("2024-01-02T03:04:05Z")},
		{"timestamp", `"2024-01-02T03:04:05.5+02:00"`, ts("2024-01-02T01:04:05.5Z")},
		{"timestamp", `"2024-01-02T03:04:05-0130"`, ts("2024-01-02T04:34:05Z")},
		{"timestamp", `"2024-01-02"`, ts("2024-01-02T00:00:00Z")},
		{"timestamp", `"1969-12-31 23:59:59.999"`, int64(-1000)},
		{"timestamp", `1704164645123`, ts("2024-01-02T03:04:05.123Z")},
		{"timestamp", `"garbage"`, nil},
		{"timestamp", `"2024-01-02 25:00:00"`, nil},
		{"timestamp(6)", `"2024-01-02 03:04:05.1234567"`, ts("2024-01-02T03:04:05.123457Z")},
		{"timestamp(3) with time zone", `"2024-01-02T03:04:05+02:00"`, (ts("2024-01-02T01:04:05Z")/1000)<<12 | int64(1+120+840)},
		{"timestamp(3) with time zone", `"2024-01-02T03:04:05Z"`, (ts("2024-01-02T03:04:05Z") / 1000) << 12},
		{"time(3)", `"03:04:05.5"`, int64((3*3600+4*60+5)*1e6 + 5e5)},
		{"ipaddress", `"10.0.0.1"`, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x0a\x00\x00\x01"},
		{"ipaddress", `"::1"`, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"},
		{"ipaddress", `"nope"`, nil},
		{"json", `{"a": 1}`, `{"a":1}`},
		{"json", `"s"`, `"s"`},
		{"json", `12`, `12`},
		{"array<int>", `[1,"2",null,"x", 3 ]`, []any{int64(1), int64(2), nil, nil, int64(3)}},
		{"array<int>", `[]`, []any{}},
		{"array<int>", `"notarray"`, nil},
		{"array<array<string>>", `[["a"],[],null,[1,{"b":2}]]`, []any{[]any{"a"}, []any{}, nil, []any{"1", `{"b":2}`}}},
		{"map<string,int>", `{"a":1,"b":2,"a":3}`, &types.MapValue{Keys: []any{"a", "b"}, Values: []any{int64(3), int64(2)}}},
		{"map<string,string>", `{"k\u0041":{"x": 1},"n":null}`, &types.MapValue{Keys: []any{"kA", "n"}, Values: []any{`{"x":1}`, nil}}},
		{"map<int,string>", `{"1":"x","y":"z","2":"w"}`, &types.MapValue{Keys: []any{int64(1), int64(2)}, Values: []any{"x", "w"}}},
		{"map<string,int>", `[1]`, nil},
		{"struct<a:int,b:string>", `{"A":1,"b":"x","a":2,"c":[1]}`, []any{int64(2), "x"}},
		{"struct<a:int,b:string>", `{}`, []any{nil, nil}},
		{"struct<a:int,b:string>", `"x"`, nil},
		{"struct<a:struct<b:array<string>>>", `{"a":{"B":["x",null]}}`, []any{[]any{[]any{"x", nil}}}},
	}
	for _, c := range cases {
		typ, err := types.Parse(c.typ)
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		input := `{"x":1,"v":` + c.json + `,"o":{"V":` + c.json + `},"arr":[` + c.json + `],"row":{"v":` + c.json + "}}\n"
		cols := []format.Column{
			{Path: []string{"v"}, Type: typ},
			{Path: []string{"o", "v"}, Type: typ},
			{Path: []string{"arr"}, Type: types.NewArray(typ)},
			{Path: []string{"row"}, Type: types.NewRow(types.Field{Name: "v", Type: typ})},
		}
		r := NewJSONLines(strings.NewReader(input), format.Options{Columns: cols, Name: "conv"})
		rows, err := readAll(r, cols, 10)
		if err != nil || len(rows) != 1 {
			t.Errorf("%s %s: %d rows, %v", c.typ, c.json, len(rows), err)
			continue
		}
		got := rows[0]
		for i, g := range []any{got[0], got[1], got[2].([]any)[0], got[3].([]any)[0]} {
			if !sameValue(g, c.want) {
				t.Errorf("%s %s (column %d): got %s, want %s", c.typ, c.json, i, describe(g), describe(c.want))
			}
		}
	}
}

func sameValue(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok && math.IsNaN(fa) && math.IsNaN(fb) {
			return true
		}
	}
	return reflect.DeepEqual(a, b)
}

// TestKeys checks key matching: case, duplicates, escapes, non-ASCII keys,
// paths through non-objects, and shared prefixes.
func TestKeys(t *testing.T) {
	input := `{"eventName":"a","EVENTNAME":"b","u":{"X":1,"y":{"z":"deep"}},"U":{"x":2},"ev\u0065ntSource":"s3","CAFÉ":"crème","s":"str","n":{"m":null}}` + "\n" +
		`{"u":{"x":3,"y":{"z":"first"},"y":"notobject"},"s":{"t":"obj"}}` + "\n"
	cols := []format.Column{
		col(t, "string", "eventname"),
		col(t, "int", "u", "x"),
		col(t, "string", "u", "y", "z"),
		col(t, "struct<x:int,y:struct<z:string>>", "u"),
		col(t, "string", "u"),
		col(t, "string", "eventsource"),
		col(t, "string", "café"),
		col(t, "string", "s", "t"),
		col(t, "string", "n", "m"),
		col(t, "string", "n", "m", "deeper"),
		col(t, "string", "missing"),
	}
	r := NewJSONLines(strings.NewReader(input), format.Options{Columns: cols, Name: "keys"})
	rows, err := readAll(r, cols, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"b", int64(2), nil, []any{int64(2), nil}, `{"x":2}`, "s3", "crème", nil, nil, nil, nil},
		{nil, int64(3), nil, []any{int64(3), nil}, `{"x":3,"y":{"z":"first"},"y":"notobject"}`, nil, nil, "obj", nil, nil, nil},
	}
	if !reflect.DeepEqual(rows, want) {
		for i := range want {
			for j := range want[i] {
				if i < len(rows) && !reflect.DeepEqual(rows[i][j], want[i][j]) {
					t.Errorf("row %d column %v: got %s, want %s", i, cols[j].Path, describe(rows[i][j]), describe(want[i][j]))
				}
			}
		}
		if len(rows) != len(want) {
			t.Errorf("%d rows", len(rows))
		}
	}
}

func TestParseNum(t *testing.T) {
	for _, c := range []struct {
		in   string
		ok   bool
		digs string
		exp  int
	}{
		{"0", true, "", 0},
		{"-0.000", true, "", 0},
		{"120", true, "12", 1},
		{"1.250", true, "125", -2},
		{"007", true, "7", 0},
		{".5", true, "5", -1},
		{"5.", true, "5", 0},
		{"1e-3", true, "1", -3},
		{"", false, "", 0},
		{"-", false, "", 0},
		{"1e", false, "", 0},
		{"1x", false, "", 0},
		{"e5", false, "", 0},
	} {
		n, ok := parseNum([]byte(c.in))
		if ok != c.ok || ok && (string(n.digs) != c.digs || n.exp != c.exp) {
			t.Errorf("parseNum(%q) = %q e%d %v", c.in, n.digs, n.exp, ok)
		}
	}
}
