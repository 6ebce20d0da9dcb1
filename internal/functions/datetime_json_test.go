package functions

import (
	"testing"

	"trawl/internal/types"
	"trawl/internal/value"
)

func TestMoreDateTimeFunctions(t *testing.T) {
	V, B, D := tV, tB, tD
	TS, TZ, DT := types.TimestampType, types.TimestampTZType, types.DateType
	ny, _ := value.ZoneKey("America/New_York")
	plus5 := value.OffsetZoneKey(5*60 + 30)
	runScalarCases(t, []scalarCase{
		// date_format: Trino docs and TestDateTimeFunctions.testDateFormat
		{fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05.321"), "%a %b %c %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %v %W %Y %y %%"},
			want: "Tue Jan 1 09 9 321000 13 01 01 04 009 13 1 January 01 PM 01:04:05 PM 05 05 13:04:05 02 Tuesday 2001 01 %"},
		{name: "date_format docs", fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2022-10-20 05:10:00"), "%m-%d-%Y %H"}, want: "10-20-2022 05"},
		{name: "date_format literal", fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05.321"), "%Q %"}, want: "Q "},
		{name: "date_format tz", fn: "date_format", types: ts(TZ, V), args: []any{value.PackTZ(0, ny), "%Y-%m-%d %H:%i"}, want: "1969-12-31 19:00"},
		{name: "date_format date", fn: "date_format", types: ts(DT, V), args: []any{date("2020-02-29") * 86400e6, "%Y-%m-%d %H"}, want: "2020-02-29 00"},
		{name: "date_format unicode literal", fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05"), "年%Y"}, want: "年2001"},
		{name: "date_format %D", fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05"), "%D"}, err: "%D not supported in date format string"},
		{name: "date_format %U", fn: "date_format", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05"), "%U"}, err: "%U not supported in date format string"},

		// date_parse: docs and TestDateTimeFunctions.testDateParse
		{fn: "date_parse", types: ts(V, V), args: []any{"2022/10/20/05", "%Y/%m/%d/%H"}, want: tsMicros("2022-10-20 05:00:00")},
		{name: "date_parse full", fn: "date_parse", types: ts(V, V), args: []any{"2013-05-17 12:35:10", "%Y-%m-%d %H:%i:%s"}, want: tsMicros("2013-05-17 12:35:10")},
		{name: "date_parse fraction", fn: "date_parse", types: ts(V, V), args: []any{"2013-05-17 00:35:10.456", "%Y-%m-%d %H:%i:%s.%f"}, want: tsMicros("2013-05-17 00:35:10.456")},
		{name: "date_parse 12h", fn: "date_parse", types: ts(V, V), args: []any{"2013-05-17 12:35:10 PM", "%Y-%m-%d %h:%i:%s %p"}, want: tsMicros("2013-05-17 12:35:10")},
		{name: "date_parse 12h am", fn: "date_parse", types: ts(V, V), args: []any{"2013-05-17 12:35:10 AM", "%Y-%m-%d %h:%i:%s %p"}, want: tsMicros("2013-05-17 00:35:10")},
		{name: "date_parse month name", fn: "date_parse", types: ts(V, V), args: []any{"17 May 2013", "%e %M %Y"}, want: tsMicros("2013-05-17 00:00:00")},
		{name: "date_parse short names", fn: "date_parse", types: ts(V, V), args: []any{"Fri 17 may 13", "%a %d %b %y"}, want: tsMicros("2013-05-17 00:00:00")},
		{name: "date_parse two-digit 70", fn: "date_parse", types: ts(V, V), args: []any{"70", "%y"}, want: tsMicros("1970-01-01 00:00:00")},
		{name: "date_parse two-digit 69", fn: "date_parse", types: ts(V, V), args: []any{"69", "%y"}, want: tsMicros("2069-01-01 00:00:00")},
		{name: "date_parse no year", fn: "date_parse", types: ts(V, V), args: []any{"05-17", "%m-%d"}, want: tsMicros("2000-05-17 00:00:00")},
		{name: "date_parse time only", fn: "date_parse", types: ts(V, V), args: []any{"10:20", "%H:%i"}, want: tsMicros("1970-01-01 10:20:00")},
		{name: "date_parse day of year", fn: "date_parse", types: ts(V, V), args: []any{"2013 060", "%Y %j"}, want: tsMicros("2013-03-01 00:00:00")},
		{name: "date_parse too short", fn: "date_parse", types: ts(V, V), args: []any{"2013-05", "%Y-%m-%d"}, err: `Invalid format: "2013-05" is too short`},
		{name: "date_parse malformed", fn: "date_parse", types: ts(V, V), args: []any{"2013-05-17x", "%Y-%m-%d"}, err: `Invalid format: "2013-05-17x" is malformed at "x"`},
		{name: "date_parse malformed start", fn: "date_parse", types: ts(V, V), args: []any{"x2013", "%Y"}, err: `Invalid format: "x2013"`},
		{name: "date_parse bad day", fn: "date_parse", types: ts(V, V), args: []any{"2013-02-30", "%Y-%m-%d"}, err: `Cannot parse "2013-02-30": Value 30 for dayOfMonth must be in the range [1,28]`},
		{name: "date_parse bad month", fn: "date_parse", types: ts(V, V), args: []any{"2013-13-01", "%Y-%m-%d"}, err: `Cannot parse "2013-13-01": Value 13 for monthOfYear must be in the range [1,12]`},
		{name: "date_parse unsupported", fn: "date_parse", types: ts(V, V), args: []any{"1", "%w"}, err: "%w not supported in date format string"},

		// format_datetime / parse_datetime (Joda patterns)
		{fn: "format_datetime", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05.321"), "yyyy-MM-dd'T'HH:mm:ss.SSS"}, want: "2001-01-09T13:04:05.321"},
		{name: "format_datetime text", fn: "format_datetime", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05.321"), "EEE, EEEE d MMM MMMM yy h a"}, want: "Tue, Tuesday 9 Jan January 01 1 PM"},
		{name: "format_datetime quote", fn: "format_datetime", types: ts(TS, V), args: []any{tsMicros("2001-01-09 13:04:05"), "'o''clock' HH''"}, want: "o'clock 13'"},
		{name: "format_datetime offset", fn: "format_datetime", types: ts(TZ, V), args: []any{value.PackTZ(0, plus5), "HH:mm Z ZZ ZZZ"}, want: "05:30 +0530 +05:30 +05:30"},
		{name: "format_datetime utc offset", fn: "format_datetime", types: ts(TZ, V), args: []any{value.PackTZ(0, 0), "Z ZZZ"}, want: "+0000 UTC"},
		{name: "format_datetime named zone", fn: "format_datetime", types: ts(TZ, V), args: []any{value.PackTZ(0, ny), "yyyy-MM-dd HH:mm z ZZZ"}, want: "1969-12-31 19:00 EST America/New_York"},
		{name: "format_datetime week fields", fn: "format_datetime", types: ts(TS, V), args: []any{tsMicros("2021-01-01 00:00:00"), "xxxx-'W'ww-e D"}, want: "2020-W53-5 1"},
		{name: "format_datetime illegal", fn: "format_datetime", types: ts(TS, V), args: []any{tsMicros("2021-01-01 00:00:00"), "yyyy qq"}, err: "Illegal pattern component: qq"},
		{fn: "parse_datetime", types: ts(V, V), args: []any{"2020-05-01 12:34:56", "yyyy-MM-dd HH:mm:ss"}, want: value.PackTZ(1588336496000, 0)},
		{name: "parse_datetime offset", fn: "parse_datetime", types: ts(V, V), args: []any{"2020-05-01T12:34:56.789+05:30", "yyyy-MM-dd'T'HH:mm:ss.SSSZZ"}, want: value.PackTZ(1588336496789-(5*60+30)*60000, plus5)},
		{name: "parse_datetime Z", fn: "parse_datetime", types: ts(V, V), args: []any{"2020-05-01T12:34:56Z", "yyyy-MM-dd'T'HH:mm:ssZ"}, want: value.PackTZ(1588336496000, 0)},
		{name: "parse_datetime zone id", fn: "parse_datetime", types: ts(V, V), args: []any{"2020-01-01 00:00 America/New_York", "yyyy-MM-dd HH:mm ZZZ"}, want: value.PackTZ(1577854800000, ny)},
		{name: "parse_datetime text", fn: "parse_datetime", types: ts(V, V), args: []any{"Wed, 1 Jan 2020", "EEE, d MMM yyyy"}, want: value.PackTZ(1577836800000, 0)},
		{name: "parse_datetime bad", fn: "parse_datetime", types: ts(V, V), args: []any{"2020-xx", "yyyy-MM"}, err: `Invalid format: "2020-xx" is malformed at "xx"`},

		// date_add / date_diff (docs and TestDateTimeFunctions)
		{fn: "date_add", types: ts(V, B, TS), args: []any{"second", int64(86), tsMicros("2020-03-01 00:00:00")}, want: tsMicros("2020-03-01 00:01:26")},
		{name: "date_add hour", fn: "date_add", types: ts(V, B, TS), args: []any{"hour", int64(9), tsMicros("2020-03-01 00:00:00")}, want: tsMicros("2020-03-01 09:00:00")},
		{name: "date_add day negative", fn: "date_add", types: ts(V, B, TS), args: []any{"day", int64(-1), tsMicros("2020-03-01 00:00:00")}, want: tsMicros("2020-02-29 00:00:00")},
		{name: "date_add month clamps", fn: "date_add", types: ts(V, B, DT), args: []any{"month", int64(1), date("2001-01-31")}, want: date("2001-02-28")},
		{name: "date_add quarter", fn: "date_add", types: ts(V, B, DT), args: []any{"quarter", int64(1), date("2001-11-30")}, want: date("2002-02-28")},
		{name: "date_add year leap", fn: "date_add", types: ts(V, B, DT), args: []any{"year", int64(1), date("2020-02-29")}, want: date("2021-02-28")},
		{name: "date_add week", fn: "date_add", types: ts(V, B, DT), args: []any{"WEEK", int64(2), date("2020-02-20")}, want: date("2020-03-05")},
		{name: "date_add millis keeps micros", fn: "date_add", types: ts(V, B, types.NewTimestamp(6, false)), args: []any{"millisecond", int64(1), int64(1000001)}, want: int64(1001001)},
		{name: "date_add tz day across dst", fn: "date_add", types: ts(V, B, TZ), args: []any{"day", int64(1), value.PackTZ(1583643600000, ny)}, want: value.PackTZ(1583643600000+23*3600000, ny)},
		{name: "date_add tz hour across dst", fn: "date_add", types: ts(V, B, TZ), args: []any{"hour", int64(24), value.PackTZ(1583643600000, ny)}, want: value.PackTZ(1583643600000+24*3600000, ny)},
		{name: "date_add bad date unit", fn: "date_add", types: ts(V, B, DT), args: []any{"hour", int64(1), date("2020-01-01")}, err: "'hour' is not a valid DATE field"},
		{name: "date_add bad unit", fn: "date_add", types: ts(V, B, TS), args: []any{"Decade", int64(1), tsMicros("2020-01-01 00:00:00")}, err: "'decade' is not a valid Timestamp field"},
		{name: "date_add null", fn: "date_add", types: ts(V, B, TS), args: []any{"day", nil, tsMicros("2020-01-01 00:00:00")}, want: nil},
		{fn: "date_diff", types: ts(V, TS, TS), args: []any{"second", tsMicros("2020-03-01 00:00:00"), tsMicros("2020-03-02 00:00:00")}, want: int64(86400)},
		{name: "date_diff hour", fn: "date_diff", types: ts(V, TS, TS), args: []any{"hour", tsMicros("2020-03-01 00:00:00"), tsMicros("2020-03-02 00:00:00")}, want: int64(24)},
		{name: "date_diff day dates", fn: "date_diff", types: ts(V, DT, DT), args: []any{"day", date("2020-03-01"), date("2020-03-02")}, want: int64(1)},
		{name: "date_diff negative truncates", fn: "date_diff", types: ts(V, TS, TS), args: []any{"day", tsMicros("2020-03-02 12:00:00"), tsMicros("2020-03-01 00:00:00")}, want: int64(-1)},
		{name: "date_diff month end", fn: "date_diff", types: ts(V, DT, DT), args: []any{"month", date("2020-01-31"), date("2020-02-29")}, want: int64(1)},
		{name: "date_diff month partial", fn: "date_diff", types: ts(V, DT, DT), args: []any{"month", date("2020-01-15"), date("2020-02-14")}, want: int64(0)},
		{name: "date_diff month negative", fn: "date_diff", types: ts(V, DT, DT), args: []any{"month", date("2020-02-29"), date("2020-01-31")}, want: int64(-1)},
		{name: "date_diff quarter", fn: "date_diff", types: ts(V, DT, DT), args: []any{"quarter", date("2020-01-01"), date("2020-12-31")}, want: int64(3)},
		{name: "date_diff year", fn: "date_diff", types: ts(V, DT, DT), args: []any{"year", date("2020-02-29"), date("2021-02-28")}, want: int64(1)},
		{name: "date_diff year short", fn: "date_diff", types: ts(V, DT, DT), args: []any{"year", date("2020-03-01"), date("2021-02-28")}, want: int64(0)},
		{name: "date_diff week", fn: "date_diff", types: ts(V, DT, DT), args: []any{"week", date("2020-01-01"), date("2020-01-15")}, want: int64(2)},
		{name: "date_diff tz day across dst", fn: "date_diff", types: ts(V, TZ, TZ), args: []any{"day", value.PackTZ(1583643600000, ny), value.PackTZ(1583643600000+23*3600000, ny)}, want: int64(1)},
		{name: "date_diff bad unit", fn: "date_diff", types: ts(V, DT, DT), args: []any{"second", date("2020-01-01"), date("2020-01-02")}, err: "'second' is not a valid DATE field"},

		{fn: "at_timezone", types: ts(TZ, V), args: []any{value.PackTZ(1000, 0), "America/New_York"}, want: value.PackTZ(1000, ny)},
		{name: "at_timezone offset", fn: "at_timezone", types: ts(TZ, V), args: []any{value.PackTZ(1000, 0), "+05:30"}, want: value.PackTZ(1000, plus5)},
		{fn: "with_timezone", types: ts(TS, V), args: []any{tsMicros("2020-01-01 00:00:00"), "America/New_York"}, want: value.PackTZ(1577854800000, ny)},
		{name: "from_unixtime zone", fn: "from_unixtime", types: ts(D, V), args: []any{1.5, "America/New_York"}, want: value.PackTZ(1500, ny)},
		{name: "from_unixtime offset", fn: "from_unixtime", types: ts(D, B, B), args: []any{0.0, int64(5), int64(30)}, want: value.PackTZ(0, plus5)},
		{name: "from_unixtime bad offset", fn: "from_unixtime", types: ts(D, B, B), args: []any{0.0, int64(15), int64(0)}, err: "Invalid offset minutes 900"},

		{fn: "year_of_week", types: ts(DT), args: []any{date("2021-01-01")}, want: int64(2020)},
		{fn: "yow", types: ts(TS), args: []any{tsMicros("2019-12-30 00:00:00")}, want: int64(2020)},
		{fn: "week_of_year", types: ts(DT), args: []any{date("2021-01-01")}, want: int64(53)},
		{fn: "week", types: ts(DT), args: []any{date("2020-01-06")}, want: int64(2)},
		{fn: "quarter", types: ts(DT), args: []any{date("2020-08-06")}, want: int64(3)},
		{fn: "day_of_year", types: ts(DT), args: []any{date("2020-12-31")}, want: int64(366)},
		{fn: "millisecond", types: ts(TS), args: []any{tsMicros("2020-01-01 00:00:01.234")}, want: int64(234)},
		{name: "millisecond before epoch", fn: "millisecond", types: ts(TS), args: []any{tsMicros("1969-12-31 23:59:59.250")}, want: int64(250)},
		{name: "millisecond tz", fn: "millisecond", types: ts(TZ), args: []any{value.PackTZ(1234, ny)}, want: int64(234)},
		{fn: "timezone_hour", types: ts(TZ), args: []any{value.PackTZ(0, ny)}, want: int64(-5)},
		{name: "timezone_hour dst", fn: "timezone_hour", types: ts(TZ), args: []any{value.PackTZ(1593561600000, ny)}, want: int64(-4)},
		{fn: "timezone_minute", types: ts(TZ), args: []any{value.PackTZ(0, plus5)}, want: int64(30)},
		{name: "timezone_minute negative", fn: "timezone_minute", types: ts(TZ), args: []any{value.PackTZ(0, value.OffsetZoneKey(-(3*60 + 30)))}, want: int64(-30)},
		{fn: "last_day_of_month", types: ts(DT), args: []any{date("2020-02-10")}, want: date("2020-02-29")},
		{name: "last_day_of_month timestamp", fn: "last_day_of_month", types: ts(TS), args: []any{tsMicros("2021-12-31 23:59:59")}, want: date("2021-12-31")},
	})
}

func TestMoreJSONFunctions(t *testing.T) {
	V, B, D, J := tV, tB, tD, tJ
	runScalarCases(t, []scalarCase{
		// docs (functions/json.html)
		{fn: "json_size", types: ts(V, V), args: []any{`{"x": {"a": 1, "b": 2}}`, "$.x"}, want: int64(2)},
		{name: "json_size array", fn: "json_size", types: ts(J, V), args: []any{`{"x": [1, 2, 3]}`, "$.x"}, want: int64(3)},
		{name: "json_size scalar", fn: "json_size", types: ts(V, V), args: []any{`{"x": {"a": 1, "b": 2}}`, "$.x.a"}, want: int64(0)},
		{name: "json_size missing", fn: "json_size", types: ts(V, V), args: []any{`{"x": 1}`, "$.y"}, want: nil},
		{name: "json_size bad path", fn: "json_size", types: ts(V, V), args: []any{`{"x": 1}`, "x"}, err: "Invalid JSON path: 'x'"},
		{fn: "is_json_scalar", types: ts(V), args: []any{"1"}, want: true},
		{name: "is_json_scalar array", fn: "is_json_scalar", types: ts(V), args: []any{"[1, 2, 3]"}, want: false},
		{name: "is_json_scalar string", fn: "is_json_scalar", types: ts(J), args: []any{`"☃"`}, want: true},
		{name: "is_json_scalar invalid", fn: "is_json_scalar", types: ts(V), args: []any{"1 2"}, err: "Invalid JSON value: 1 2"},
		{name: "is_json_scalar empty", fn: "is_json_scalar", types: ts(V), args: []any{""}, err: "Invalid JSON value: "},
		{fn: "json_array_contains", types: ts(V, B), args: []any{"[1, 2, 3]", int64(2)}, want: true},
		{name: "json_array_contains missing", fn: "json_array_contains", types: ts(V, B), args: []any{"[1, 2, 3]", int64(4)}, want: false},
		{name: "json_array_contains float vs bigint", fn: "json_array_contains", types: ts(V, B), args: []any{"[1.0]", int64(1)}, want: false},
		{name: "json_array_contains double", fn: "json_array_contains", types: ts(J, D), args: []any{"[1, 2.5]", 2.5}, want: true},
		{name: "json_array_contains string", fn: "json_array_contains", types: ts(V, V), args: []any{`["a", "ä"]`, "ä"}, want: true},
		{name: "json_array_contains bool", fn: "json_array_contains", types: ts(V, tBo), args: []any{`[true]`, false}, want: false},
		{name: "json_array_contains nested ignored", fn: "json_array_contains", types: ts(V, B), args: []any{"[[1]]", int64(1)}, want: false},
		{name: "json_array_contains not array", fn: "json_array_contains", types: ts(V, B), args: []any{`{"a": 1}`, int64(1)}, want: nil},
		{name: "json_array_contains invalid", fn: "json_array_contains", types: ts(V, B), args: []any{`[1,`, int64(1)}, want: nil},
		{name: "json_array_contains empty", fn: "json_array_contains", types: ts(V, B), args: []any{`[]`, int64(1)}, want: false},
		{fn: "json_array_get", types: ts(V, B), args: []any{`["a", [3, 9], "c"]`, int64(0)}, want: `"a"`},
		{name: "json_array_get nested", fn: "json_array_get", types: ts(J, B), args: []any{`["a", [3, 9], "c"]`, int64(1)}, want: `[3,9]`},
		{name: "json_array_get negative", fn: "json_array_get", types: ts(V, B), args: []any{`["c", [3, 9], "a"]`, int64(-1)}, want: `"a"`},
		{name: "json_array_get out of range", fn: "json_array_get", types: ts(V, B), args: []any{`["a"]`, int64(10)}, want: nil},
		{name: "json_array_get too negative", fn: "json_array_get", types: ts(V, B), args: []any{`["a"]`, int64(-10)}, want: nil},
		{name: "json_array_get object", fn: "json_array_get", types: ts(V, B), args: []any{`[{"b": 1, "a": 2}]`, int64(0)}, want: `{"b":1,"a":2}`},
		{name: "json_array_get not array", fn: "json_array_get", types: ts(V, B), args: []any{`{"a": 1}`, int64(0)}, want: nil},
	})
}
