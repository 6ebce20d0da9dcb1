package functions

import (
	"testing"

	"trawl/internal/types"
)

func TestMoreStringFunctions(t *testing.T) {
	V, B, Bin := tV, tB, types.VarbinaryType
	V1 := types.NewVarchar(1)
	AV := types.NewArray(tV)
	runScalarCases(t, []scalarCase{
		// concat_ws: docs and TestStringFunctions.testConcatWs
		{fn: "concat_ws", types: ts(V, V, V), args: []any{",", "def", "pqr"}, want: "def,pqr"},
		{name: "concat_ws one value", fn: "concat_ws", types: ts(V, V), args: []any{",", "def"}, want: "def"},
		{name: "concat_ws skips null", fn: "concat_ws", types: ts(V, V, V, V), args: []any{",", "def", nil, "mno"}, want: "def,mno"},
		{name: "concat_ws null separator", fn: "concat_ws", types: ts(V, V, V), args: []any{nil, "def", "pqr"}, want: nil},
		{name: "concat_ws empty separator", fn: "concat_ws", types: ts(V, V, V), args: []any{"", "def", "pqr"}, want: "defpqr"},
		{name: "concat_ws all null", fn: "concat_ws", types: ts(V, V, V), args: []any{",", nil, nil}, want: ""},
		{name: "concat_ws unicode", fn: "concat_ws", types: ts(V, V, V), args: []any{"☃", "a", "ö"}, want: "a☃ö"},
		{name: "concat_ws array", fn: "concat_ws", types: ts(V, AV), args: []any{",", []any{"abc", nil, "", "xyz"}}, want: "abc,,xyz"},
		{name: "concat_ws empty array", fn: "concat_ws", types: ts(V, AV), args: []any{",", []any{}}, want: ""},
		{name: "concat_ws array null separator", fn: "concat_ws", types: ts(V, AV), args: []any{nil, []any{"a"}}, want: nil},

		// lpad/rpad: TestStringFunctions.testLeftPad/testRightPad
		{fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(5), "x"}, want: "xtext"},
		{name: "lpad truncates", fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(4), "x"}, want: "text"},
		{name: "lpad repeat", fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(6), "xy"}, want: "xytext"},
		{name: "lpad partial", fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(7), "xy"}, want: "xyxtext"},
		{name: "lpad shorter", fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(3), "xy"}, want: "tex"},
		{name: "lpad zero", fn: "lpad", types: ts(V, B, V), args: []any{"text", int64(0), "xy"}, want: ""},
		{name: "lpad unicode", fn: "lpad", types: ts(V, B, V), args: []any{"\u4FE1\u5FF5 \u7231", int64(10), "\u5E0C\u671B  "}, want: "\u5E0C\u671B  \u5E0C\u671B\u4FE1\u5FF5 \u7231"},
		{name: "lpad negative", fn: "lpad", types: ts(V, B, V), args: []any{"abc", int64(-1), "x"}, err: "Target length must be in the range [0..2147483647]"},
		{name: "lpad empty pad", fn: "lpad", types: ts(V, B, V), args: []any{"abc", int64(5), ""}, err: "Padding string must not be empty"},
		{name: "lpad null", fn: "lpad", types: ts(V, B, V), args: []any{nil, int64(5), "x"}, want: nil},
		{fn: "rpad", types: ts(V, B, V), args: []any{"text", int64(5), "x"}, want: "textx"},
		{name: "rpad partial", fn: "rpad", types: ts(V, B, V), args: []any{"text", int64(7), "xy"}, want: "textxyx"},
		{name: "rpad truncates", fn: "rpad", types: ts(V, B, V), args: []any{"text", int64(3), "xy"}, want: "tex"},
		{name: "rpad empty pad", fn: "rpad", types: ts(V, B, V), args: []any{"abc", int64(5), ""}, err: "Padding string must not be empty"},
		{name: "lpad varbinary", fn: "lpad", types: ts(Bin, B, Bin), args: []any{"ab", int64(5), "xy"}, want: "xyxab"},
		{name: "rpad varbinary", fn: "rpad", types: ts(Bin, B, Bin), args: []any{"ab", int64(1), "xy"}, want: "a"},

		// chr / codepoint
		{fn: "chr", types: ts(B), args: []any{int64(65)}, want: "A"},
		{name: "chr unicode", fn: "chr", types: ts(B), args: []any{int64(9731)}, want: "☃"},
		{name: "chr supplementary", fn: "chr", types: ts(B), args: []any{int64(0x1F600)}, want: "😀"},
		{name: "chr zero", fn: "chr", types: ts(B), args: []any{int64(0)}, want: "\x00"},
		{name: "chr negative", fn: "chr", types: ts(B), args: []any{int64(-1)}, err: "Not a valid Unicode code point: -1"},
		{name: "chr too big", fn: "chr", types: ts(B), args: []any{int64(1114112)}, err: "Not a valid Unicode code point: 1114112"},
		{name: "chr surrogate", fn: "chr", types: ts(B), args: []any{int64(0xD800)}, err: "Not a valid Unicode code point: 55296"},
		{fn: "codepoint", types: ts(V1), args: []any{"x"}, want: int64(120)},
		{name: "codepoint unicode", fn: "codepoint", types: ts(V1), args: []any{"\u840C"}, want: int64(0x840C)},
		{name: "codepoint empty", fn: "codepoint", types: ts(V1), args: []any{""}, err: "Input string must be a single character string"},

		// levenshtein_distance / hamming_distance (TestStringFunctions)
		{fn: "levenshtein_distance", types: ts(V, V), args: []any{"kitten", "sitting"}, want: int64(3)},
		{name: "levenshtein empty", fn: "levenshtein_distance", types: ts(V, V), args: []any{"", ""}, want: int64(0)},
		{name: "levenshtein one empty", fn: "levenshtein_distance", types: ts(V, V), args: []any{"hello", ""}, want: int64(5)},
		{name: "levenshtein swap", fn: "levenshtein_distance", types: ts(V, V), args: []any{"hello world", "hello"}, want: int64(6)},
		{name: "levenshtein unicode", fn: "levenshtein_distance", types: ts(V, V), args: []any{"\u4FE1\u5FF5 \u7231", "\u4FE1\u5FF5\u5E0C\u671B"}, want: int64(2)},
		{name: "levenshtein null", fn: "levenshtein_distance", types: ts(V, V), args: []any{nil, "x"}, want: nil},
		{fn: "hamming_distance", types: ts(V, V), args: []any{"abcde", "abcde"}, want: int64(0)},
		{name: "hamming differs", fn: "hamming_distance", types: ts(V, V), args: []any{"abcde", "edcba"}, want: int64(4)},
		{name: "hamming unicode", fn: "hamming_distance", types: ts(V, V), args: []any{"\u4FE1\u5FF5 \u7231", "\u4FE1\u5FF5 \u5E0C"}, want: int64(1)},
		{name: "hamming empty", fn: "hamming_distance", types: ts(V, V), args: []any{"", ""}, want: int64(0)},
		{name: "hamming length", fn: "hamming_distance", types: ts(V, V), args: []any{"abc", "ab"}, err: "The input strings to hamming_distance function must have the same length"},

		// translate (docs)
		{fn: "translate", types: ts(V, V, V), args: []any{"abcd", "", ""}, want: "abcd"},
		{name: "translate map", fn: "translate", types: ts(V, V, V), args: []any{"abcd", "a", "z"}, want: "zbcd"},
		{name: "translate drop", fn: "translate", types: ts(V, V, V), args: []any{"abcda", "a", ""}, want: "bcd"},
		{name: "translate first mapping wins", fn: "translate", types: ts(V, V, V), args: []any{"abcd", "aa", "xy"}, want: "xbcd"},
		{name: "translate unicode", fn: "translate", types: ts(V, V, V), args: []any{"Palhoça", "ç", "c"}, want: "Palhoca"},
		{name: "translate emoji", fn: "translate", types: ts(V, V, V), args: []any{"😀x", "😀", "a"}, want: "ax"},

		// strpos with instance (docs: strpos(string, substring, instance))
		{name: "strpos instance 2", fn: "strpos", types: ts(V, V, B), args: []any{"abcabc", "bc", int64(2)}, want: int64(5)},
		{name: "strpos instance missing", fn: "strpos", types: ts(V, V, B), args: []any{"abcabc", "bc", int64(3)}, want: int64(0)},
		{name: "strpos negative", fn: "strpos", types: ts(V, V, B), args: []any{"abcabc", "bc", int64(-1)}, want: int64(5)},
		{name: "strpos negative 2", fn: "strpos", types: ts(V, V, B), args: []any{"abcabc", "bc", int64(-2)}, want: int64(2)},
		{name: "strpos overlapping", fn: "strpos", types: ts(V, V, B), args: []any{"aaa", "aa", int64(2)}, want: int64(2)},
		{name: "strpos unicode", fn: "strpos", types: ts(V, V, B), args: []any{"\u4FE1\u5FF5,\u7231,\u5E0C\u671B", "\u7231", int64(1)}, want: int64(4)},
		{name: "strpos empty substring", fn: "strpos", types: ts(V, V, B), args: []any{"abc", "", int64(-3)}, want: int64(1)},
		{name: "strpos zero instance", fn: "strpos", types: ts(V, V, B), args: []any{"abc", "b", int64(0)}, err: "'instance' must be a positive or negative number."},

		// split with limit (TestStringFunctions.testSplit)
		{name: "split limit", fn: "split", types: ts(V, V, B), args: []any{"a.b.c", ".", int64(2)}, want: []any{"a", "b.c"}},
		{name: "split limit 1", fn: "split", types: ts(V, V, B), args: []any{"a.b.c", ".", int64(1)}, want: []any{"a.b.c"}},
		{name: "split limit large", fn: "split", types: ts(V, V, B), args: []any{"a..b", ".", int64(10)}, want: []any{"a", "", "b"}},
		{name: "split limit zero", fn: "split", types: ts(V, V, B), args: []any{"a.b", ".", int64(0)}, err: "Limit must be positive"},

		{fn: "soundex", types: ts(V), args: []any{"jim"}, want: "J500"},
		{name: "soundex tymczak", fn: "soundex", types: ts(V), args: []any{"Tymczak"}, want: "T522"},
		{name: "soundex empty", fn: "soundex", types: ts(V), args: []any{""}, want: ""},
		{fn: "luhn_check", types: ts(V), args: []any{"4242424242424242"}, want: true},
		{name: "luhn_check bad", fn: "luhn_check", types: ts(V), args: []any{"1234567891234567"}, want: false},
		{name: "luhn_check empty", fn: "luhn_check", types: ts(V), args: []any{""}, want: false},
		{name: "luhn_check non-digit", fn: "luhn_check", types: ts(V), args: []any{"abc"}, err: "Input contains non-digit character"},

		// varbinary
		{fn: "to_utf8", types: ts(V), args: []any{"ä"}, want: "\xc3\xa4"},
		{fn: "from_utf8", types: ts(Bin), args: []any{"\xc3\xa4"}, want: "ä"},
		{name: "from_utf8 invalid", fn: "from_utf8", types: ts(Bin), args: []any{"a\xffb"}, want: "a\uFFFDb"},
		{name: "from_utf8 replacement", fn: "from_utf8", types: ts(Bin, V), args: []any{"a\xffb", "?"}, want: "a?b"},
		{name: "from_utf8 empty replacement", fn: "from_utf8", types: ts(Bin, V), args: []any{"a\xffb", ""}, want: "ab"},
		{name: "from_utf8 code point", fn: "from_utf8", types: ts(Bin, B), args: []any{"a\xffb", int64('#')}, want: "a#b"},
		{name: "from_utf8 long replacement", fn: "from_utf8", types: ts(Bin, V), args: []any{"a", "ab"}, err: "Replacement character string must empty or a single character"},
		{name: "from_utf8 bad code point", fn: "from_utf8", types: ts(Bin, B), args: []any{"a", int64(0x110000)}, err: "Invalid replacement character"},
		{name: "length varbinary", fn: "length", types: ts(Bin), args: []any{"\xc3\xa4"}, want: int64(2)},
		{name: "reverse varbinary", fn: "reverse", types: ts(Bin), args: []any{"ab\x00"}, want: "\x00ba"},
		{name: "concat varbinary", fn: "concat", types: ts(Bin, Bin), args: []any{"a", "\xff"}, want: "a\xff"},
		{name: "substr varbinary", fn: "substr", types: ts(Bin, B, B), args: []any{"abcdef", int64(-3), int64(2)}, want: "de"},
	})
}

func TestFormat(t *testing.T) {
	V, B, D, Bo := tV, tB, tD, tBo
	runScalarCases(t, []scalarCase{
		// Trino docs (functions/conversion.html#format)
		{fn: "format", types: ts(V, D), args: []any{"%s%%", 123.0}, want: "123.0%"},
		{name: "format bigint percent", fn: "format", types: ts(V, B), args: []any{"%s%%", int64(123)}, want: "123%"},
		{name: "format pi", fn: "format", types: ts(V, D), args: []any{"%.5f", 3.141592653589793}, want: "3.14159"},
		{name: "format zero pad", fn: "format", types: ts(V, B), args: []any{"%03d", int64(8)}, want: "008"},
		{name: "format grouping", fn: "format", types: ts(V, D), args: []any{"%,.2f", 1234567.89}, want: "1,234,567.89"},
		{name: "format left", fn: "format", types: ts(V, V), args: []any{"%-7s,", "hello"}, want: "hello  ,"},
		{name: "format indexed", fn: "format", types: ts(V, V, V), args: []any{"%1$s %1$s %2$s", "hello", "world"}, want: "hello hello world"},
		{name: "format date fields", fn: "format", types: ts(V, types.DateType), args: []any{"%1$tA, %1$tB %1$te, %1$tY", date("2006-07-04")}, want: "Tuesday, July 4, 2006"},
		{name: "format date", fn: "format", types: ts(V, types.DateType), args: []any{"%s", date("2006-07-04")}, want: "2006-07-04"},
		{name: "format timestamp", fn: "format", types: ts(V, types.TimestampType), args: []any{"%s", tsMicros("2020-01-02 03:04:00.000")}, want: "2020-01-02T03:04"},
		{name: "format timestamp seconds", fn: "format", types: ts(V, types.TimestampType), args: []any{"%s", tsMicros("2020-01-02 03:04:05.120")}, want: "2020-01-02T03:04:05.120"},
		{name: "format width", fn: "format", types: ts(V, V), args: []any{"[%5s]", "ab"}, want: "[   ab]"},
		{name: "format hex", fn: "format", types: ts(V, B), args: []any{"%x", int64(255)}, want: "ff"},
		{name: "format hex upper negative", fn: "format", types: ts(V, B), args: []any{"%X", int64(-1)}, want: "FFFFFFFFFFFFFFFF"},
		{name: "format grouped int", fn: "format", types: ts(V, B), args: []any{"%,d", int64(-1234567)}, want: "-1,234,567"},
		{name: "format plus", fn: "format", types: ts(V, B), args: []any{"%+d", int64(5)}, want: "+5"},
		{name: "format half up", fn: "format", types: ts(V, D), args: []any{"%.2f", 0.125}, want: "0.13"},
		{name: "format default precision", fn: "format", types: ts(V, D), args: []any{"%f", 1.5}, want: "1.500000"},
		{name: "format scientific", fn: "format", types: ts(V, D), args: []any{"%e", 12345.678}, want: "1.234568e+04"},
		{name: "format boolean", fn: "format", types: ts(V, Bo), args: []any{"%b %s", true}, err: "MissingFormatArgument: Format specifier '%s'"},
		{name: "format boolean s", fn: "format", types: ts(V, Bo), args: []any{"%s", false}, want: "false"},
		{name: "format null arg", fn: "format", types: ts(V, V), args: []any{"%s", nil}, want: "null"},
		{name: "format null format", fn: "format", types: ts(V, V), args: []any{nil, "x"}, want: nil},
		{name: "format unicode", fn: "format", types: ts(V, V), args: []any{"%3s|", "ä"}, want: "  ä|"},
		{name: "format precision truncates", fn: "format", types: ts(V, V), args: []any{"%.2s", "hello"}, want: "he"},
		{name: "format newline", fn: "format", types: ts(V, B), args: []any{"%d%n", int64(1)}, want: "1\n"},
		{name: "format d of string", fn: "format", types: ts(V, V), args: []any{"%d", "x"}, err: "Invalid format string: %d (IllegalFormatConversion: d != java.lang.String)"},
		{name: "format f of bigint", fn: "format", types: ts(V, B), args: []any{"%.2f", int64(1)}, err: "(IllegalFormatConversion: f != java.lang.Long)"},
		{name: "format missing arg", fn: "format", types: ts(V, B), args: []any{"%s %s", int64(1)}, err: "Invalid format string: %s %s (MissingFormatArgument: Format specifier '%s')"},
		{name: "format unknown conversion", fn: "format", types: ts(V, B), args: []any{"%q", int64(1)}, err: "(UnknownFormatConversion: Conversion = 'q')"},
		{name: "format trailing percent", fn: "format", types: ts(V, B), args: []any{"%", int64(1)}, err: "(UnknownFormatConversion: Conversion = '%')"},
	})
}

func TestFormatNeedsTwoArguments(t *testing.T) {
	if _, err := Lookup("format", ts(tV)); err == nil {
		t.Fatal("format with only a format string resolved; Trino requires an argument")
	}
	if _, err := Lookup("concat_ws", ts(tV)); err == nil {
		t.Fatal("concat_ws with only a separator resolved")
	}
}
