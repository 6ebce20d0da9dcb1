package functions

import (
	"testing"

	"trawl/internal/types"
	"trawl/internal/value"
)

func TestRegexpFunctions(t *testing.T) {
	V, B := tV, tB
	runScalarCases(t, []scalarCase{
		{fn: "regexp_like", types: ts(V, V), args: []any{"1a 2b 14m", `\d+b`}, want: true},
		{name: "regexp_like partial", fn: "regexp_like", types: ts(V, V), args: []any{"abc", "b"}, want: true},
		{name: "regexp_like anchored", fn: "regexp_like", types: ts(V, V), args: []any{"abc", "^b"}, want: false},
		{name: "regexp_like invalid", fn: "regexp_like", types: ts(V, V), args: []any{"abc", "("}, err: "("},

		{fn: "regexp_extract", types: ts(V, V), args: []any{"1a 2b 14m", `\d+`}, want: "1"},
		{name: "regexp_extract group", fn: "regexp_extract", types: ts(V, V, B), args: []any{"1a 2b 14m", `(\d+)([a-z]+)`, int64(2)}, want: "a"},
		{name: "regexp_extract group 0", fn: "regexp_extract", types: ts(V, V, B), args: []any{"1a 2b", `(\d+)([a-z]+)`, int64(0)}, want: "1a"},
		{name: "regexp_extract no match", fn: "regexp_extract", types: ts(V, V), args: []any{"abc", `\d+`}, want: nil},
		{name: "regexp_extract group did not participate", fn: "regexp_extract", types: ts(V, V, B), args: []any{"b", `(a)?b`, int64(1)}, want: nil},
		{name: "regexp_extract group too big", fn: "regexp_extract", types: ts(V, V, B), args: []any{"abc", `(a)`, int64(2)}, err: "Pattern has 1 groups. Cannot access group 2"},
		{name: "regexp_extract negative group", fn: "regexp_extract", types: ts(V, V, B), args: []any{"abc", `(a)`, int64(-1)}, err: "Group cannot be negative"},

		{fn: "regexp_extract_all", types: ts(V, V), args: []any{"1a 2b 14m", `\d+`}, want: []any{"1", "2", "14"}},
		{name: "regexp_extract_all group", fn: "regexp_extract_all", types: ts(V, V, B), args: []any{"1a 2b 14m", `(\d+)([a-z]+)`, int64(2)}, want: []any{"a", "b", "m"}},
		{name: "regexp_extract_all none", fn: "regexp_extract_all", types: ts(V, V), args: []any{"abc", `\d`}, want: []any{}},
		{name: "regexp_extract_all unmatched group is null", fn: "regexp_extract_all", types: ts(V, V, B), args: []any{"ab b", `(a)?b`, int64(1)}, want: []any{"a", nil}},
		// Joni reports the empty match right after a non-empty one.
		{name: "regexp_extract_all empty matches", fn: "regexp_extract_all", types: ts(V, V), args: []any{"a1b", `\d*`}, want: []any{"", "1", "", ""}},
		{name: "regexp_extract_all group too big", fn: "regexp_extract_all", types: ts(V, V, B), args: []any{"abc", `a`, int64(1)}, err: "Pattern has 0 groups. Cannot access group 1"},

		{fn: "regexp_replace", types: ts(V, V), args: []any{"1a 2b 14m", `\d+[ab] `}, want: "14m"},
		{name: "regexp_replace with", fn: "regexp_replace", types: ts(V, V, V), args: []any{"1a 2b 14m", `(\d+)([ab]) `, "3c$2 "}, want: "3ca 3cb 14m"},
		{name: "regexp_replace swap", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc-def", `(\w+)-(\w+)`, "$2-$1"}, want: "def-abc"},
		{name: "regexp_replace named", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `(?P<x>b)`, "[${x}]"}, want: "a[b]c"},
		{name: "regexp_replace escaped dollar", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, `\$`}, want: "a$c"},
		{name: "regexp_replace escaped backslash", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, `\\`}, want: `a\c`},
		// $12 with one group is group 1 followed by "2".
		{name: "regexp_replace adaptive group number", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `(b)`, "$12"}, want: "ab2c"},
		{name: "regexp_replace group 0", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, "<$0>"}, want: "a<b>c"},
		{name: "regexp_replace unknown group", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, "$1"}, err: "Illegal replacement sequence: unknown group 1"},
		{name: "regexp_replace unknown named group", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, "${q}"}, err: "Illegal replacement sequence: unknown group { q }"},
		{name: "regexp_replace trailing dollar", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `b`, "x$"}, err: "Illegal replacement sequence: x$"},
		{name: "regexp_replace no match", fn: "regexp_replace", types: ts(V, V, V), args: []any{"abc", `x`, "$0"}, want: "abc"},
		{name: "regexp_replace empty pattern", fn: "regexp_replace", types: ts(V, V, V), args: []any{"ab", ``, "-"}, want: "-a-b-"},
		{name: "regexp_replace empty after match", fn: "regexp_replace", types: ts(V, V, V), args: []any{"a1b", `\d*`, "X"}, want: "XaXXbX"},

		{fn: "regexp_count", types: ts(V, V), args: []any{"1a 2b 14m", `\s*[a-z]+\s*`}, want: int64(3)},
		{name: "regexp_count none", fn: "regexp_count", types: ts(V, V), args: []any{"abc", `\d`}, want: int64(0)},
		{name: "regexp_count empty matches", fn: "regexp_count", types: ts(V, V), args: []any{"a1b", `\d*`}, want: int64(4)},
		{name: "regexp_count anchored", fn: "regexp_count", types: ts(V, V), args: []any{"aaa", `^a`}, want: int64(1)},
	})
	if !IsLiteralRegexp("AssumeRole") || IsLiteralRegexp("a.b") || IsLiteralRegexp("") {
		t.Error("IsLiteralRegexp misclassifies patterns")
	}
}

func TestJSONFunctions(t *testing.T) {
	V, J := tV, tJ
	doc := `{"store":{"book":[{"author":"Nigel Rees","price":8.95,"contributors":[["Adam","Levine"],["Bob","Strong"]]},{"isbn":"0-553","last_owner":null,"price":12}],"bicycle":{"color":"red","price":19.95}},"a.b":1,"0":"zero"}`
	runScalarCases(t, []scalarCase{
		{name: "scalar nested", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.book[0].author"}, want: "Nigel Rees"},
		{name: "scalar number keeps text", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.bicycle.price"}, want: "19.95"},
		{name: "scalar missing", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.book[0].isbn"}, want: nil},
		{name: "scalar json null", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.book[1].last_owner"}, want: nil},
		{name: "scalar of object is null", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.bicycle"}, want: nil},
		{name: "scalar of array is null", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.book"}, want: nil},
		{name: "scalar nested arrays", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, "$.store.book[0].contributors[0][1]"}, want: "Levine"},
		{name: "scalar brackets", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, `$["store"]["book"][0]["author"]`}, want: "Nigel Rees"},
		{name: "scalar quoted dotted key", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, `$["a.b"]`}, want: "1"},
		{name: "scalar index on object is a key", fn: "json_extract_scalar", types: ts(V, V), args: []any{doc, `$[0]`}, want: "zero"},
		{name: "scalar dot index on array", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":[10,20]}`, "$.a.1"}, want: "20"},
		{name: "scalar index out of range", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":[10,20]}`, "$.a[2]"}, want: nil},
		{name: "scalar boolean", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":true}`, "$.a"}, want: "true"},
		{name: "scalar root", fn: "json_extract_scalar", types: ts(V, V), args: []any{`"x"`, "$"}, want: "x"},
		{name: "scalar escaped string", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":"x\"y\u00e9"}`, "$.a"}, want: `x"yé`},
		{name: "scalar first duplicate wins", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":1,"a":2}`, "$.a"}, want: "1"},
		{name: "scalar invalid json", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":`, "$.a"}, want: nil},
		{name: "scalar through scalar", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{"a":1}`, "$.a.b"}, want: nil},
		{name: "scalar on json type", fn: "json_extract_scalar", types: ts(J, V), args: []any{`{"a":"b"}`, "$.a"}, want: "b"},
		{name: "path without $", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{}`, "a"}, err: "Invalid JSON path: 'a'"},
		{name: "path single quotes", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{}`, "$['a']"}, err: "Invalid JSON path: '$['a']'"},
		{name: "path empty segment", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{}`, "$.a..b"}, err: "Invalid JSON path"},
		{name: "path unclosed bracket", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{}`, "$[0"}, err: "Invalid JSON path"},
		{name: "path empty", fn: "json_extract_scalar", types: ts(V, V), args: []any{`{}`, ""}, err: "Invalid JSON path: ''"},

		{name: "extract object keeps order", fn: "json_extract", types: ts(V, V), args: []any{`{"x":{"b":1,"a":[true,null,"s"]}}`, "$.x"}, want: `{"b":1,"a":[true,null,"s"]}`},
		{name: "extract string is quoted", fn: "json_extract", types: ts(V, V), args: []any{doc, "$.store.book[0].author"}, want: `"Nigel Rees"`},
		{name: "extract array", fn: "json_extract", types: ts(V, V), args: []any{doc, "$.store.book[0].contributors[0]"}, want: `["Adam","Levine"]`},
		{name: "extract json null", fn: "json_extract", types: ts(V, V), args: []any{doc, "$.store.book[1].last_owner"}, want: "null"},
		{name: "extract missing", fn: "json_extract", types: ts(V, V), args: []any{doc, "$.nope"}, want: nil},
		{name: "extract compacts whitespace", fn: "json_extract", types: ts(V, V), args: []any{`{ "a" : [ 1 , 2 ] }`, "$"}, want: `{"a":[1,2]}`},
		{name: "extract double as java prints", fn: "json_extract", types: ts(V, V), args: []any{`{"a":1.50,"b":1e2,"c":-0.0001}`, "$"}, want: `{"a":1.5,"b":100.0,"c":-1.0E-4}`},
		{name: "extract escapes", fn: "json_extract", types: ts(V, V), args: []any{`["a\"b\\c\n\u0001/<>"]`, "$[0]"}, want: `"a\"b\\c\n\u0001/<>"`},
		{name: "extract from json type", fn: "json_extract", types: ts(J, V), args: []any{`{"a":{"b":2}}`, "$.a"}, want: `{"b":2}`},

		{name: "json_parse", fn: "json_parse", types: ts(V), args: []any{`{"b": [1, 2.0], "a": "x"}`}, want: `{"a":"x","b":[1,2.0]}`},
		{name: "json_parse scalar", fn: "json_parse", types: ts(V), args: []any{`123`}, want: `123`},
		{name: "json_parse invalid", fn: "json_parse", types: ts(V), args: []any{`{"a":`}, err: `Cannot convert value to JSON: '{"a":'`},
		{name: "json_parse trailing", fn: "json_parse", types: ts(V), args: []any{`[1] x`}, err: "Cannot convert value to JSON"},
		{name: "json_format", fn: "json_format", types: ts(J), args: []any{`{"a":1}`}, want: `{"a":1}`},

		{name: "array length", fn: "json_array_length", types: ts(V), args: []any{`[1, [2, 3], {"a": 4}]`}, want: int64(3)},
		{name: "array length empty", fn: "json_array_length", types: ts(V), args: []any{`[]`}, want: int64(0)},
		{name: "array length object", fn: "json_array_length", types: ts(V), args: []any{`{"a":1}`}, want: nil},
		{name: "array length invalid", fn: "json_array_length", types: ts(V), args: []any{`[1,`}, want: nil},
		{name: "array length json", fn: "json_array_length", types: ts(J), args: []any{`[1,2]`}, want: int64(2)},
	})
}

func TestDateTimeFunctions(t *testing.T) {
	V, D := tV, tD
	TS, TZ, DT := types.TimestampType, types.TimestampTZType, types.DateType
	plus1, _ := value.ZoneKey("+01:00")
	ny, _ := value.ZoneKey("America/New_York")
	runScalarCases(t, []scalarCase{
		{name: "from_iso8601 Z", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"2025-01-07T11:00:00Z"}, want: tsTZ("2025-01-07 11:00:00 UTC")},
		{name: "from_iso8601 fraction", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"2025-01-07T11:00:00.123Z"}, want: tsTZ("2025-01-07 11:00:00.123 UTC")},
		{name: "from_iso8601 offset keeps zone", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"2025-01-07T12:00:00+01:00"}, want: value.PackTZ(1736247600000, plus1)},
		{name: "from_iso8601 no zone is session zone", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"2025-01-07T11:00"}, want: tsTZ("2025-01-07 11:00:00 UTC")},
		{name: "from_iso8601 date only", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"2025-01-07"}, want: tsTZ("2025-01-07 00:00:00 UTC")},
		{name: "from_iso8601 invalid", fn: "from_iso8601_timestamp", types: ts(V), args: []any{"yesterday"}, err: `Invalid format: "yesterday"`},
		{name: "from_iso8601_date", fn: "from_iso8601_date", types: ts(V), args: []any{"2025-01-07"}, want: date("2025-01-07")},
		{name: "from_iso8601_date invalid", fn: "from_iso8601_date", types: ts(V), args: []any{"2025-13-07"}, err: `Invalid format: "2025-13-07"`},

		{name: "to_iso8601 utc", fn: "to_iso8601", types: ts(TZ), args: []any{tsTZ("2025-01-07 11:00:00.5 UTC")}, want: "2025-01-07T11:00:00.500Z"},
		{name: "to_iso8601 offset", fn: "to_iso8601", types: ts(TZ), args: []any{value.PackTZ(1736247600000, plus1)}, want: "2025-01-07T12:00:00.000+01:00"},
		{name: "to_iso8601 named zone", fn: "to_iso8601", types: ts(TZ), args: []any{value.PackTZ(1736247600000, ny)}, want: "2025-01-07T06:00:00.000-05:00"},
		{name: "to_iso8601 timestamp", fn: "to_iso8601", types: ts(TS), args: []any{tsMicros("2025-01-07 11:00:00.25")}, want: "2025-01-07T11:00:00.250"},
		{name: "to_iso8601 timestamp(6)", fn: "to_iso8601", types: ts(types.NewTimestamp(6, false)), args: []any{tsMicros("2025-01-07 11:00:00.123456")}, want: "2025-01-07T11:00:00.123456"},
		{name: "to_iso8601 timestamp(0)", fn: "to_iso8601", types: ts(types.NewTimestamp(0, false)), args: []any{tsMicros("2025-01-07 11:00:00")}, want: "2025-01-07T11:00:00"},
		{name: "to_iso8601 date", fn: "to_iso8601", types: ts(DT), args: []any{date("2025-01-07")}, want: "2025-01-07"},

		{name: "from_unixtime", fn: "from_unixtime", types: ts(D), args: []any{1736247600.0}, want: tsTZ("2025-01-07 11:00:00 UTC")},
		{name: "from_unixtime fraction", fn: "from_unixtime", types: ts(D), args: []any{1.5}, want: tsTZ("1970-01-01 00:00:01.500 UTC")},
		{name: "from_unixtime negative", fn: "from_unixtime", types: ts(D), args: []any{-1.0}, want: tsTZ("1969-12-31 23:59:59 UTC")},
		{name: "to_unixtime", fn: "to_unixtime", types: ts(TZ), args: []any{tsTZ("2025-01-07 11:00:00.250 UTC")}, want: 1736247600.25},
		{name: "to_unixtime zone independent", fn: "to_unixtime", types: ts(TZ), args: []any{value.PackTZ(1736247600000, ny)}, want: 1736247600.0},

		{name: "date_trunc hour", fn: "date_trunc", types: ts(V, TS), args: []any{"hour", tsMicros("2025-01-07 11:42:13.5")}, want: tsMicros("2025-01-07 11:00:00")},
		{name: "date_trunc minute", fn: "date_trunc", types: ts(V, TS), args: []any{"minute", tsMicros("2025-01-07 11:42:13.5")}, want: tsMicros("2025-01-07 11:42:00")},
		{name: "date_trunc second", fn: "date_trunc", types: ts(V, TS), args: []any{"second", tsMicros("2025-01-07 11:42:13.5")}, want: tsMicros("2025-01-07 11:42:13")},
		{name: "date_trunc day", fn: "date_trunc", types: ts(V, TS), args: []any{"DAY", tsMicros("2025-01-07 11:42:13")}, want: tsMicros("2025-01-07 00:00:00")},
		{name: "date_trunc week is monday", fn: "date_trunc", types: ts(V, TS), args: []any{"week", tsMicros("2025-01-12 11:42:13")}, want: tsMicros("2025-01-06 00:00:00")},
		{name: "date_trunc month", fn: "date_trunc", types: ts(V, TS), args: []any{"month", tsMicros("2025-01-07 11:42:13")}, want: tsMicros("2025-01-01 00:00:00")},
		{name: "date_trunc quarter", fn: "date_trunc", types: ts(V, TS), args: []any{"quarter", tsMicros("2025-05-07 11:42:13")}, want: tsMicros("2025-04-01 00:00:00")},
		{name: "date_trunc year", fn: "date_trunc", types: ts(V, TS), args: []any{"year", tsMicros("2025-05-07 11:42:13")}, want: tsMicros("2025-01-01 00:00:00")},
		{name: "date_trunc before epoch", fn: "date_trunc", types: ts(V, TS), args: []any{"hour", tsMicros("1969-12-31 23:30:00")}, want: tsMicros("1969-12-31 23:00:00")},
		{name: "date_trunc bad unit", fn: "date_trunc", types: ts(V, TS), args: []any{"fortnight", tsMicros("2025-01-07 11:00:00")}, err: "'fortnight' is not a valid Timestamp field"},
		{name: "date_trunc date month", fn: "date_trunc", types: ts(V, DT), args: []any{"month", date("2025-01-07")}, want: date("2025-01-01")},
		{name: "date_trunc date hour", fn: "date_trunc", types: ts(V, DT), args: []any{"hour", date("2025-01-07")}, err: "'hour' is not a valid DATE field"},
		{name: "date_trunc tz in its zone", fn: "date_trunc", types: ts(V, TZ), args: []any{"day", value.PackTZ(1736218800000, ny)}, want: value.PackTZ(1736139600000, ny)},

		{name: "year", fn: "year", types: ts(TS), args: []any{tsMicros("2025-01-07 11:42:13")}, want: int64(2025)},
		{name: "month", fn: "month", types: ts(TS), args: []any{tsMicros("2025-03-07 11:42:13")}, want: int64(3)},
		{name: "day", fn: "day", types: ts(TS), args: []any{tsMicros("2025-03-07 11:42:13")}, want: int64(7)},
		{name: "day_of_month", fn: "day_of_month", types: ts(DT), args: []any{date("2025-03-31")}, want: int64(31)},
		{name: "hour", fn: "hour", types: ts(TS), args: []any{tsMicros("2025-03-07 11:42:13")}, want: int64(11)},
		{name: "minute", fn: "minute", types: ts(TS), args: []any{tsMicros("2025-03-07 11:42:13")}, want: int64(42)},
		{name: "second", fn: "second", types: ts(TS), args: []any{tsMicros("2025-03-07 11:42:13.9")}, want: int64(13)},
		{name: "hour tz uses zone", fn: "hour", types: ts(TZ), args: []any{value.PackTZ(1736247600000, ny)}, want: int64(6)},
		{name: "day_of_week monday", fn: "day_of_week", types: ts(DT), args: []any{date("2025-01-06")}, want: int64(1)},
		{name: "day_of_week sunday", fn: "day_of_week", types: ts(DT), args: []any{date("2025-01-12")}, want: int64(7)},
		{name: "dow", fn: "dow", types: ts(TS), args: []any{tsMicros("2025-01-11 00:00:00")}, want: int64(6)},
		{name: "day_of_year", fn: "day_of_year", types: ts(DT), args: []any{date("2024-12-31")}, want: int64(366)},
		{name: "doy", fn: "doy", types: ts(DT), args: []any{date("2025-02-01")}, want: int64(32)},
		{name: "quarter", fn: "quarter", types: ts(DT), args: []any{date("2025-10-01")}, want: int64(4)},
		{name: "week iso", fn: "week", types: ts(DT), args: []any{date("2021-01-01")}, want: int64(53)},
		{name: "year before epoch", fn: "year", types: ts(TS), args: []any{tsMicros("1969-12-31 23:59:59")}, want: int64(1969)},
	})
	if b, err := Lookup("date_trunc", ts(tV, types.TimestampTZType)); err != nil || b.Ret.Kind != types.TimestampTZ {
		t.Errorf("date_trunc(varchar, timestamp with time zone) = %v, %v", b, err)
	}
	if _, err := Lookup("year", ts(tV)); err == nil {
		t.Error("year(varchar) resolved")
	}
	c := testContext()
	if got, want := TimeNow(c), tsTZ("2025-01-07 11:00:00 UTC"); got != want {
		t.Errorf("TimeNow = %d, want %d", got, want)
	}
}
