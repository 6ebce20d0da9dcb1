package partition

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestEscapePathName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"us-east-1", "us-east-1"},
		{"2025/01/07", "2025%2F01%2F07"},
		{"a=b", "a%3Db"},
		{"10:30", "10%3A30"},
		{`"#%'*?\`, "%22%23%25%27%2A%3F%5C"},
		{"{[]}^", "%7B%5B%5D}%5E"},
		{"tab\there\n", "tab%09here%0A"},
		{"\x7f", "%7F"},
		{"héllo wörld <|>", "héllo wörld <|>"},
		{"", DefaultPartitionName},
	}
	for _, tc := range tests {
		if got := EscapePathName(tc.in); got != tc.want {
			t.Errorf("EscapePathName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.in != "" {
			if back := UnescapePathName(tc.want); back != tc.in {
				t.Errorf("UnescapePathName(%q) = %q, want %q", tc.want, back, tc.in)
			}
		}
	}
}

func TestUnescapePathName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"%41%42", "AB"},
		{"100%", "100%"},
		{"%4", "%4"},
		{"%zz%2", "%zz%2"},
		{"%2f", "/"},
		{"%C3%A9", "\u00c3\u00a9"}, // Hive decodes each %XX as one character
		{"a%3Db%3D", "a=b="},
	}
	for _, tc := range tests {
		if got := UnescapePathName(tc.in); got != tc.want {
			t.Errorf("UnescapePathName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHivePathRoundTrip(t *testing.T) {
	cols := []Column{{"account", varchar}, {"Region", varchar}, {"dt", varchar}}
	tests := [][]string{
		{"123456789012", "us-east-1", "2025/01/07"},
		{"a=b", "c:d%e", "f'g\"h"},
		{"caf\u00e9 bar", "#1", "x?y*z"},
		{"with/slash", "{brace}", "[bracket]^"},
	}
	for _, vals := range tests {
		path := HivePath(cols, vals)
		if strings.Count(path, "/") != 2 || strings.Count(path, "=") != 3 {
			t.Errorf("HivePath(%q) = %q: separators not escaped", vals, path)
		}
		if !strings.HasPrefix(path, "account=") || !strings.Contains(path, "/region=") {
			t.Errorf("HivePath(%q) = %q: names not lower case", vals, path)
		}
		back, ok := ParseHivePath(cols, path)
		if !ok || !reflect.DeepEqual(back, vals) {
			t.Errorf("ParseHivePath(%q) = %q, %v; want %q", path, back, ok, vals)
		}
		back, ok = ParseHivePath(cols, "/"+path+"/")
		if !ok || !reflect.DeepEqual(back, vals) {
			t.Errorf("ParseHivePath with slashes (%q) = %q, %v", path, back, ok)
		}
	}
	if got := HivePath(cols[:1], []string{""}); got != "account=__HIVE_DEFAULT_PARTITION__" {
		t.Errorf("empty value path = %q", got)
	}
	if got := HivePath(cols[:2], []string{"1", "2"}); got != "account=1/region=2" {
		t.Errorf("HivePath = %q", got)
	}
}

func TestParseHivePath(t *testing.T) {
	cols := []Column{{"year", types.IntegerType}, {"month", varchar}}
	tests := []struct {
		rel  string
		want []string
		ok   bool
	}{
		{"year=2020/month=01", []string{"2020", "01"}, true},
		{"YEAR=2020/Month=01/", []string{"2020", "01"}, true},
		{"year=2020//month=a=b", []string{"2020", "a=b"}, true},
		{"year=/month=x", []string{"", "x"}, true},
		{"year=2020", nil, false},
		{"year=2020/month=01/day=02", nil, false},
		{"month=01/year=2020", nil, false},
		{"year=2020/01", nil, false},
		{"", nil, false},
		{"y%65ar=2020/month=%30%31", []string{"2020", "01"}, true},
	}
	for _, tc := range tests {
		got, ok := ParseHivePath(cols, tc.rel)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseHivePath(%q) = %q, %v; want %q, %v", tc.rel, got, ok, tc.want, tc.ok)
		}
	}
}

func TestTypedValue(t *testing.T) {
	day := func(y, m, d int) int64 { return ms(y, m, d, 0, 0, 0, 0) / msPerDay }
	tests := []struct {
		typ  *types.Type
		in   string
		want any
	}{
		{types.BooleanType, "TRUE", true},
		{types.BooleanType, "false", false},
		{types.TinyIntType, "-128", int64(-128)},
		{types.SmallIntType, "+300", int64(300)},
		{types.IntegerType, "0042", int64(42)},
		{types.BigIntType, "-9223372036854775808", int64(math.MinInt64)},
		{types.DoubleType, "1.5", 1.5},
		{types.DoubleType, " 2e3 ", 2000.0},
		{types.DoubleType, "3d", 3.0},
		{types.DoubleType, "-Infinity", math.Inf(-1)},
		{types.RealType, "0.1f", float64(float32(0.1))},
		{types.NewDecimal(5, 2), "1.5", int64(150)},
		{types.NewDecimal(5, 2), "-001.50", int64(-150)},
		{types.NewDecimal(5, 2), "1e2", int64(10000)},
		{types.NewDecimal(5, 2), "12BD", int64(1200)},
		{types.NewDecimal(5, 2), ".5", int64(50)},
		{types.NewDecimal(10, 0), "1.000", int64(1)},
		{varchar, "any thing/at=all", "any thing/at=all"},
		{types.NewVarchar(3), "h\u00e9h", "h\u00e9h"},
		{&types.Type{Kind: types.Char, Precision: 3}, "ab  ", "ab"},
		{types.VarbinaryType, "raw", "raw"},
		{types.DateType, "2020-01-05", day(2020, 1, 5)},
		{types.DateType, "2020-1-5", day(2020, 1, 5)},
		{types.DateType, "1969-12-31", int64(-1)},
		{types.TimestampType, "2020-01-02", ms(2020, 1, 2, 0, 0, 0, 0) * 1000},
		{types.TimestampType, "2020-01-02 03:04", ms(2020, 1, 2, 3, 4, 0, 0) * 1000},
		{types.TimestampType, "2020-1-2 3:4:5.123456789", ms(2020, 1, 2, 3, 4, 5, 123) * 1000},
		{types.NewTimestamp(6, false), "2020-01-02 03:04:05.123456789", ms(2020, 1, 2, 3, 4, 5, 123)*1000 + 456},
		{types.BigIntType, DefaultPartitionName, nil},
		{varchar, `\N`, nil},
	}
	for _, tc := range tests {
		got, err := TypedValue(Column{"c", tc.typ}, tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("TypedValue(%s, %q) = %#v, %v; want %#v", tc.typ, tc.in, got, err, tc.want)
		}
	}
}

func TestTypedValueErrors(t *testing.T) {
	tests := []struct {
		typ     *types.Type
		in      string
		wantErr string
	}{
		{types.BooleanType, "yes", `invalid partition value "yes" for boolean partition key: col`},
		{types.TinyIntType, "128", `invalid partition value "128" for tinyint partition key: col`},
		{types.IntegerType, "1.0", "integer partition key: col"},
		{types.IntegerType, "", "integer partition key: col"},
		{types.BigIntType, " 1", "bigint partition key: col"},
		{types.DoubleType, "inf", "double partition key: col"},
		{types.DoubleType, "0x1p3", "double partition key: col"},
		{types.NewDecimal(5, 2), "1.555", "rounding necessary"},
		{types.NewDecimal(5, 2), "12345", "decimal(5,2) partition key: col"},
		{types.NewDecimal(5, 2), "1.2.3", "decimal(5,2) partition key: col"},
		{types.NewVarchar(2), "abc", "longer than 2 characters"},
		{&types.Type{Kind: types.Char, Precision: 1}, "ab", "longer than 1 characters"},
		{types.DateType, "2020-02-30", "day 30 is out of range"},
		{types.DateType, "2020/02/03", "date partition key: col"},
		{types.DateType, "123456789-02-03", "year 123456789 is out of range"},
		{types.DateType, "2020-02-03 00:00", "date partition key: col"},
		{types.TimestampType, "2020-02-03 24:00", "time of day is out of range"},
		{types.TimestampType, "2020-02-03T01:00", "partition key: col"},
	}
	for _, tc := range tests {
		_, err := TypedValue(Column{"col", tc.typ}, tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("TypedValue(%s, %q): err = %v, want %q", tc.typ, tc.in, err, tc.wantErr)
			continue
		}
		if !errors.Is(err, sqlerr.InvalidPartitionValue) {
			t.Errorf("TypedValue(%s, %q): code %s", tc.typ, tc.in, sqlerr.CodeOf(err))
		}
	}
	_, err := TypedValue(Column{"tags", types.NewArray(varchar)}, "x")
	if !errors.Is(err, sqlerr.NotSupported) || !strings.Contains(err.Error(), "tags") {
		t.Errorf("array partition key: %v", err)
	}
}
