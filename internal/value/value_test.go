package value

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"trawl/internal/types"
)

var (
	tB  = types.BigIntType
	tI  = types.IntegerType
	tD  = types.DoubleType
	tR  = types.RealType
	tV  = types.VarcharType
	tBo = types.BooleanType
	tDt = types.DateType
	tTS = types.TimestampType
	tTZ = types.TimestampTZType
)

func mustZone(t *testing.T, name string) int {
	t.Helper()
	k, err := ZoneKey(name)
	if err != nil {
		t.Fatalf("ZoneKey(%q): %v", name, err)
	}
	return k
}

func TestCompare(t *testing.T) {
	nan := math.NaN()
	arr := types.NewArray(tB)
	row := types.NewRow(types.Field{Name: "a", Type: tB}, types.Field{Name: "b", Type: tV})
	cases := []struct {
		name string
		t    *types.Type
		a, b any
		want int
	}{
		{"int less", tB, int64(1), int64(2), -1},
		{"int equal", tB, int64(2), int64(2), 0},
		{"int greater", tB, int64(-1), int64(-2), 1},
		{"bool false < true", tBo, false, true, -1},
		{"bool equal", tBo, true, true, 0},
		{"string bytewise", tV, "B", "a", -1},
		{"string prefix", tV, "ab", "abc", -1},
		{"double", tD, 1.5, 2.5, -1},
		{"NaN above all", tD, nan, math.Inf(1), 1},
		{"NaN equal NaN", tD, nan, nan, 0},
		{"below NaN", tD, 1.0, nan, -1},
		{"-0 equals 0", tD, math.Copysign(0, -1), 0.0, 0},
		{"date", tDt, int64(-1), int64(0), -1},
		{"timestamp tz ignores zone", tTZ, PackTZ(1000, mustZone(t, "+05:00")), PackTZ(1000, 0), 0},
		{"timestamp tz by instant", tTZ, PackTZ(999, OffsetZoneKey(-600)), PackTZ(1000, OffsetZoneKey(600)), -1},
		{"array lexicographic", arr, []any{int64(1), int64(3)}, []any{int64(2)}, -1},
		{"array prefix shorter first", arr, []any{int64(1)}, []any{int64(1), int64(0)}, -1},
		{"array null element last", arr, []any{nil}, []any{int64(5)}, 1},
		{"array equal", arr, []any{int64(1), nil}, []any{int64(1), nil}, 0},
		{"row field order", row, []any{int64(1), "z"}, []any{int64(1), "zz"}, -1},
		{"row first field decides", row, []any{int64(2), "a"}, []any{int64(1), "z"}, 1},
	}
	for _, tc := range cases {
		if got := Compare(tc.t, tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Compare(%v, %v) = %d, want %d", tc.name, tc.a, tc.b, got, tc.want)
		}
		if got := Compare(tc.t, tc.b, tc.a); got != -tc.want {
			t.Errorf("%s: Compare reversed = %d, want %d", tc.name, got, -tc.want)
		}
	}
}

func TestEqual(t *testing.T) {
	nan := math.NaN()
	arr := types.NewArray(tB)
	row := types.NewRow(types.Field{Name: "a", Type: tB}, types.Field{Name: "b", Type: tB})
	mt := types.NewMap(tV, tB)
	m := func(kv ...any) *types.MapValue {
		mv := &types.MapValue{}
		for i := 0; i < len(kv); i += 2 {
			mv.Keys = append(mv.Keys, kv[i])
			mv.Values = append(mv.Values, kv[i+1])
		}
		return mv
	}
	cases := []struct {
		name      string
		t         *types.Type
		a, b      any
		eq, known bool
	}{
		{"ints", tB, int64(1), int64(1), true, true},
		{"ints differ", tB, int64(1), int64(2), false, true},
		{"strings", tV, "a", "a", true, true},
		{"NaN not equal to itself", tD, nan, nan, false, true},
		{"-0 = 0", tD, math.Copysign(0, -1), 0.0, true, true},
		{"tz same instant different zones", tTZ, PackTZ(5000, mustZone(t, "Asia/Tokyo")), PackTZ(5000, 0), true, true},
		{"arrays", arr, []any{int64(1), int64(2)}, []any{int64(1), int64(2)}, true, true},
		{"arrays lengths", arr, []any{int64(1)}, []any{int64(1), int64(2)}, false, true},
		{"array null indeterminate", arr, []any{int64(1), nil}, []any{int64(1), int64(2)}, false, false},
		{"array null but other differs", arr, []any{nil, int64(1)}, []any{int64(2), int64(2)}, false, true},
		{"rows", row, []any{int64(1), int64(2)}, []any{int64(1), int64(2)}, true, true},
		{"row null indeterminate", row, []any{nil, int64(2)}, []any{int64(1), int64(2)}, false, false},
		{"row null but other differs", row, []any{nil, int64(2)}, []any{int64(1), int64(3)}, false, true},
		{"maps any order", mt, m("a", int64(1), "b", int64(2)), m("b", int64(2), "a", int64(1)), true, true},
		{"maps differ in value", mt, m("a", int64(1)), m("a", int64(2)), false, true},
		{"maps differ in key", mt, m("a", int64(1)), m("b", int64(1)), false, true},
		{"maps null value", mt, m("a", nil), m("a", int64(1)), false, false},
	}
	for _, tc := range cases {
		eq, known := Equal(tc.t, tc.a, tc.b)
		if eq != tc.eq || known != tc.known {
			t.Errorf("%s: Equal = (%v, %v), want (%v, %v)", tc.name, eq, known, tc.eq, tc.known)
		}
	}
}

func TestAppendKey(t *testing.T) {
	mt := types.NewMap(tV, tB)
	arr := types.NewArray(tV)
	same := []struct {
		name string
		t    *types.Type
		a, b any
	}{
		{"NaN groups with NaN", tD, math.NaN(), math.Float64frombits(0x7ff8000000000001)},
		{"-0 groups with 0", tD, math.Copysign(0, -1), 0.0},
		{"nulls", tB, nil, nil},
		{"tz by instant", tTZ, PackTZ(7, 0), PackTZ(7, mustZone(t, "Europe/Paris"))},
		{"map order", mt, &types.MapValue{Keys: []any{"a", "b"}, Values: []any{int64(1), int64(2)}}, &types.MapValue{Keys: []any{"b", "a"}, Values: []any{int64(2), int64(1)}}},
	}
	for _, tc := range same {
		if string(AppendKey(nil, tc.t, tc.a)) != string(AppendKey(nil, tc.t, tc.b)) {
			t.Errorf("%s: keys differ", tc.name)
		}
	}
	differ := []struct {
		name string
		t    *types.Type
		a, b any
	}{
		{"null vs zero", tB, nil, int64(0)},
		{"ints", tB, int64(1), int64(2)},
		{"string boundaries", arr, []any{"ab", "c"}, []any{"a", "bc"}},
		{"null element vs empty string", arr, []any{nil}, []any{""}},
		{"bools", tBo, true, false},
	}
	for _, tc := range differ {
		if string(AppendKey(nil, tc.t, tc.a)) == string(AppendKey(nil, tc.t, tc.b)) {
			t.Errorf("%s: keys equal", tc.name)
		}
	}
}

func TestFormatDouble(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1, "1.0"},
		{-1.5, "-1.5"},
		{0.1, "0.1"},
		{0.001, "0.001"},
		{0.0001, "1.0E-4"},
		{1234567, "1234567.0"},
		{9999999, "9999999.0"},
		{1e7, "1.0E7"},
		{1e10, "1.0E10"},
		{1.5e10, "1.5E10"},
		{-2.5e-5, "-2.5E-5"},
		{123456789.123, "1.23456789123E8"},
		{1e21, "1.0E21"},
		{1.7976931348623157e308, "1.7976931348623157E308"},
		{4.9e-324, "4.9E-324"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{0.30000000000000004, "0.30000000000000004"},
	}
	for _, tc := range cases {
		if got := FormatDouble(tc.f); got != tc.want {
			t.Errorf("FormatDouble(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
	reals := []struct {
		f    float64
		want string
	}{
		{float64(float32(0.1)), "0.1"},
		{float64(float32(1e10)), "1.0E10"},
		{float64(float32(3.4028235e38)), "3.4028235E38"},
		{1, "1.0"},
	}
	for _, tc := range reals {
		if got := FormatReal(tc.f); got != tc.want {
			t.Errorf("FormatReal(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	utc := 0
	paris := mustZone(t, "Europe/Paris")
	plus530 := mustZone(t, "+05:30")
	ms := time.Date(2025, 1, 7, 11, 0, 0, 0, time.UTC).UnixMilli()
	row := types.NewRow(types.Field{Name: "f", Type: tB}, types.Field{Name: "g", Type: tV})
	cases := []struct {
		name string
		t    *types.Type
		v    any
		want string
	}{
		{"true", tBo, true, "true"},
		{"false", tBo, false, "false"},
		{"bigint", tB, int64(-42), "-42"},
		{"integer", tI, int64(7), "7"},
		{"double", tD, 1e10, "1.0E10"},
		{"double small", tD, 0.5, "0.5"},
		{"real", tR, float64(float32(2.5)), "2.5"},
		{"decimal", types.NewDecimal(5, 2), int64(1250), "12.50"},
		{"decimal small", types.NewDecimal(5, 3), int64(-5), "-0.005"},
		{"decimal scale 0", types.NewDecimal(5, 0), int64(12), "12"},
		{"varchar", tV, "héllo", "héllo"},
		{"json", types.JSONType, `{"a":1}`, `{"a":1}`},
		{"varbinary", types.VarbinaryType, "ab\x00", "61 62 00"},
		{"date", tDt, int64(20095), "2025-01-07"},
		{"date before epoch", tDt, int64(-1), "1969-12-31"},
		{"timestamp", tTS, ms * 1000, "2025-01-07 11:00:00.000"},
		{"timestamp(0)", types.NewTimestamp(0, false), ms*1000 + 999999, "2025-01-07 11:00:00"},
		{"timestamp(6)", types.NewTimestamp(6, false), ms*1000 + 123456, "2025-01-07 11:00:00.123456"},
		{"timestamp before epoch", tTS, int64(-1000), "1969-12-31 23:59:59.999"},
		{"timestamp tz utc", tTZ, PackTZ(ms, utc), "2025-01-07 11:00:00.000 UTC"},
		{"timestamp tz named", tTZ, PackTZ(ms, paris), "2025-01-07 12:00:00.000 Europe/Paris"},
		{"timestamp tz offset", tTZ, PackTZ(ms, plus530), "2025-01-07 16:30:00.000 +05:30"},
		{"time", &types.Type{Kind: types.Time, Precision: 3}, int64((13*3600+5*60+9)*1e6 + 120000), "13:05:09.120"},
		{"interval day", types.IntervalDayType, int64(7*86400000 + 3723004), "7 01:02:03.004"},
		{"interval day negative", types.IntervalDayType, int64(-1500), "-0 00:00:01.500"},
		{"interval year", types.IntervalMonthType, int64(14), "1-2"},
		{"interval year negative", types.IntervalMonthType, int64(-3), "-0-3"},
		{"ipv4", types.IPAddressType, ip16(t, "10.0.0.1"), "10.0.0.1"},
		{"ipv6", types.IPAddressType, ip16(t, "2001:db8::1"), "2001:db8::1"},
		{"array", types.NewArray(tV), []any{"a", "b"}, "[a, b]"},
		{"array null", types.NewArray(tB), []any{int64(1), nil}, "[1, null]"},
		{"array empty", types.NewArray(tB), []any{}, "[]"},
		{"array of double", types.NewArray(tD), []any{1.0, 1e10}, "[1.0, 1.0E10]"},
		{"map", types.NewMap(tV, tB), &types.MapValue{Keys: []any{"k", "j"}, Values: []any{int64(1), nil}}, "{k=1, j=null}"},
		{"row", row, []any{int64(1), "x"}, "{f=1, g=x}"},
		{"nested", types.NewArray(row), []any{[]any{int64(1), nil}}, "[{f=1, g=null}]"},
	}
	for _, tc := range cases {
		if got := Format(tc.t, tc.v); got != tc.want {
			t.Errorf("%s: Format = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func ip16(t *testing.T, s string) string {
	t.Helper()
	v, err := Cast(s, tV, types.IPAddressType, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v.(string)
}

func TestCast(t *testing.T) {
	ms := time.Date(2025, 1, 7, 11, 0, 0, 0, time.UTC).UnixMilli()
	ny := mustZone(t, "America/New_York")
	cases := []struct {
		name     string
		v        any
		from, to *types.Type
		zone     int
		want     any
	}{
		{"bigint to varchar", int64(-5), tB, tV, 0, "-5"},
		{"double to varchar", 1e10, tD, tV, 0, "1.0E10"},
		{"double to varchar fraction", 0.1, tD, tV, 0, "0.1"},
		{"real to varchar", float64(float32(0.1)), tR, tV, 0, "0.1"},
		{"bool to varchar", true, tBo, tV, 0, "true"},
		{"date to varchar", int64(20095), tDt, tV, 0, "2025-01-07"},
		{"timestamp to varchar", ms * 1000, tTS, tV, 0, "2025-01-07 11:00:00.000"},
		{"tz to varchar", PackTZ(ms, 0), tTZ, tV, 0, "2025-01-07 11:00:00.000 UTC"},
		{"array to varchar", []any{int64(1)}, types.NewArray(tB), tV, 0, "[1]"},
		{"varchar to bounded varchar truncates", "abcdef", tV, types.NewVarchar(3), 0, "abc"},

		{"varchar to bigint", "123", tV, tB, 0, int64(123)},
		{"varchar to bigint plus", "+7", tV, tB, 0, int64(7)},
		{"varchar to bigint negative", "-9223372036854775808", tV, tB, 0, int64(math.MinInt64)},
		{"varchar to double", "1.5", tV, tD, 0, 1.5},
		{"varchar to double exponent", "1e3", tV, tD, 0, 1000.0},
		{"varchar to double NaN", "NaN", tV, tD, 0, math.NaN()},
		{"varchar to double Infinity", "-Infinity", tV, tD, 0, math.Inf(-1)},
		{"varchar to double suffix", "2.5d", tV, tD, 0, 2.5},
		{"varchar to double spaces", " 2.5 ", tV, tD, 0, 2.5},
		{"varchar to real", "0.1", tV, tR, 0, float64(float32(0.1))},
		{"varchar to boolean", "true", tV, tBo, 0, true},
		{"varchar to boolean upper", "FALSE", tV, tBo, 0, false},
		{"varchar to boolean t", "t", tV, tBo, 0, true},
		{"varchar to boolean 0", "0", tV, tBo, 0, false},
		{"varchar to decimal", "12.345", tV, types.NewDecimal(10, 2), 0, int64(1235)},
		{"varchar to decimal negative", "-12.345", tV, types.NewDecimal(10, 2), 0, int64(-1235)},
		{"varchar to date", "2025-01-07", tV, tDt, 0, int64(20095)},
		{"varchar to date single digits", "2025-1-7", tV, tDt, 0, int64(20095)},
		{"varchar to timestamp", "2025-01-07 11:00:00", tV, tTS, 0, ms * 1000},
		{"varchar to timestamp date only", "2025-01-07", tV, tTS, 0, (ms - 11*3600000) * 1000},
		{"varchar to timestamp fraction", "2025-01-07 11:00:00.123", tV, tTS, 0, (ms + 123) * 1000},
		{"varchar to tz with zone", "2025-01-07 06:00:00 America/New_York", tV, tTZ, 0, PackTZ(ms, ny)},
		{"varchar to tz without zone uses session", "2025-01-07 06:00:00", tV, tTZ, ny, PackTZ(ms, ny)},

		{"integer widen", int64(5), tI, tB, 0, int64(5)},
		{"bigint to double", int64(3), tB, tD, 0, 3.0},
		{"double to bigint rounds half up", 2.5, tD, tB, 0, int64(3)},
		{"double to bigint rounds half away", -2.5, tD, tB, 0, int64(-3)},
		{"double to integer", 1.4, tD, tI, 0, int64(1)},
		{"double to boolean", 0.0, tD, tBo, 0, false},
		{"bool to integer", true, tBo, tI, 0, int64(1)},
		{"bigint to boolean", int64(-3), tB, tBo, 0, true},
		{"decimal to bigint rounds", int64(250), types.NewDecimal(5, 2), tB, 0, int64(3)},
		{"decimal to bigint negative", int64(-250), types.NewDecimal(5, 2), tB, 0, int64(-3)},
		{"decimal to double", int64(1250), types.NewDecimal(5, 2), tD, 0, 12.5},
		{"decimal rescale", int64(1255), types.NewDecimal(5, 2), types.NewDecimal(5, 1), 0, int64(126)},
		{"double to decimal", 1.005, tD, types.NewDecimal(10, 1), 0, int64(10)},

		{"date to timestamp", int64(20095), tDt, tTS, 0, (ms - 11*3600000) * 1000},
		{"date to tz in session zone", int64(20095), tDt, tTZ, ny, PackTZ(ms-11*3600000+5*3600000, ny)},
		{"timestamp to date", ms * 1000, tTS, tDt, 0, int64(20095)},
		{"timestamp before epoch to date", int64(-1), tTS, tDt, 0, int64(-1)},
		{"timestamp to tz", ms * 1000, tTS, tTZ, ny, PackTZ(ms+5*3600000, ny)},
		{"tz to timestamp keeps wall time", PackTZ(ms, ny), tTZ, tTS, 0, (ms - 5*3600000) * 1000},
		{"tz to date uses zone", PackTZ(ms-8*3600000, ny), tTZ, tDt, 0, int64(20094)},
		{"timestamp(6) to timestamp(3) rounds", ms*1000 + 1500, types.NewTimestamp(6, false), tTS, 0, ms*1000 + 2000},

		{"array elements", []any{"1", nil, "3"}, types.NewArray(tV), types.NewArray(tB), 0, []any{int64(1), nil, int64(3)}},
		{"row fields", []any{int64(1), "2"}, types.NewRow(types.Field{Type: tB}, types.Field{Type: tV}), types.NewRow(types.Field{Type: tD}, types.Field{Type: tB}), 0, []any{1.0, int64(2)}},
	}
	for _, tc := range cases {
		got, err := Cast(tc.v, tc.from, tc.to, tc.zone)
		if err != nil {
			t.Errorf("%s: Cast(%v) error %v", tc.name, tc.v, err)
			continue
		}
		if !sameValue(got, tc.want) {
			t.Errorf("%s: Cast(%v) = %#v, want %#v", tc.name, tc.v, got, tc.want)
		}
	}
}

func sameValue(a, b any) bool {
	fa, ok1 := a.(float64)
	fb, ok2 := b.(float64)
	if ok1 && ok2 && math.IsNaN(fa) && math.IsNaN(fb) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestCastErrors(t *testing.T) {
	cases := []struct {
		name     string
		v        any
		from, to *types.Type
		msg      string // the whole message when set
	}{
		{"varchar to bigint", "abc", tV, tB, "Cannot cast 'abc' to BIGINT"},
		{"varchar to bigint overflow", "9223372036854775808", tV, tB, "Cannot cast '9223372036854775808' to BIGINT"},
		{"varchar to bigint fraction", "1.5", tV, tB, "Cannot cast '1.5' to BIGINT"},
		{"varchar to integer range", "3000000000", tV, tI, ""},
		{"varchar to double", "abc", tV, tD, "Cannot cast 'abc' to DOUBLE"},
		{"varchar to double hex", "0x10", tV, tD, ""},
		{"varchar to double lowercase nan", "nan", tV, tD, "Cannot cast 'nan' to DOUBLE"},
		{"varchar to double inf", "inf", tV, tD, "Cannot cast 'inf' to DOUBLE"},
		{"varchar to double underscore", "1_000", tV, tD, ""},
		{"varchar to boolean", "yes", tV, tBo, "Cannot cast 'yes' to BOOLEAN"},
		{"varchar to date", "2025-13-01", tV, tDt, "Value cannot be cast to date: 2025-13-01"},
		{"varchar to timestamp", "not a time", tV, tTS, "Value cannot be cast to timestamp: not a time"},
		{"varchar to timestamp with zone", "2025-01-07 11:00:00 UTC", tV, tTS, "Value cannot be cast to timestamp: 2025-01-07 11:00:00 UTC"},
		{"varchar to decimal too big", "12345", tV, types.NewDecimal(4, 0), ""},
		{"bigint to integer overflow", int64(3000000000), tB, tI, "Out of range for integer: 3000000000"},
		{"integer to tinyint overflow", int64(200), tI, types.TinyIntType, "Out of range for tinyint: 200"},
		{"double NaN to bigint", math.NaN(), tD, tB, ""},
		{"double Infinity to integer", math.Inf(1), tD, tI, ""},
		{"double too big", 1e30, tD, tB, ""},
		{"decimal overflow", int64(99999), types.NewDecimal(5, 0), types.NewDecimal(4, 0), ""},
		{"bigint to bounded varchar", int64(12345), tB, types.NewVarchar(3), ""},
	}
	for _, tc := range cases {
		got, err := Cast(tc.v, tc.from, tc.to, 0)
		var ce *CastError
		if !errors.As(err, &ce) {
			t.Errorf("%s: Cast(%v) = %#v, %v; want a CastError", tc.name, tc.v, got, err)
			continue
		}
		if tc.msg != "" && ce.Msg != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.name, ce.Msg, tc.msg)
		}
	}
}

func TestCanCast(t *testing.T) {
	yes := [][2]*types.Type{
		{tV, tB}, {tB, tV}, {tD, tB}, {tBo, tI}, {tDt, tTS}, {tTZ, tDt}, {types.UnknownType, types.NewMap(tV, tB)},
		{types.NewArray(tV), types.NewArray(tB)}, {types.JSONType, types.NewArray(tB)}, {types.NewMap(tV, tB), types.JSONType},
	}
	no := [][2]*types.Type{
		{tDt, tB}, {tB, tDt}, {types.NewMap(tV, tB), tV}, {types.NewArray(tB), tB},
		{types.NewRow(types.Field{Type: tB}), types.NewRow(types.Field{Type: tB}, types.Field{Type: tB})},
	}
	for _, p := range yes {
		if !CanCast(p[0], p[1]) {
			t.Errorf("CanCast(%s, %s) = false", p[0], p[1])
		}
	}
	for _, p := range no {
		if CanCast(p[0], p[1]) {
			t.Errorf("CanCast(%s, %s) = true", p[0], p[1])
		}
	}
}

func TestZones(t *testing.T) {
	for _, tc := range []struct {
		in   string
		name string
	}{
		{"UTC", "UTC"}, {"utc", "UTC"}, {"Z", "UTC"}, {"+00:00", "UTC"},
		{"+09:00", "+09:00"}, {"-05:30", "-05:30"}, {"+0900", "+09:00"}, {"-3", "-03:00"},
		{"+14:00", "+14:00"}, {"-14:00", "-14:00"},
		{"America/New_York", "America/New_York"}, {"europe/paris", "Europe/Paris"},
	} {
		k, err := ZoneKey(tc.in)
		if err != nil {
			t.Errorf("ZoneKey(%q): %v", tc.in, err)
			continue
		}
		if got := ZoneName(k); got != tc.name {
			t.Errorf("ZoneName(ZoneKey(%q)) = %q, want %q", tc.in, got, tc.name)
		}
	}
	for _, bad := range []string{"Mars/Olympus", "+15:00", "+09:60", "+123", ""} {
		if _, err := ZoneKey(bad); err == nil || !strings.Contains(err.Error(), "time zone not supported") {
			t.Errorf("ZoneKey(%q) error = %v, want time zone not supported", bad, err)
		}
	}
	if _, off := time.Date(2025, 1, 7, 0, 0, 0, 0, ZoneLocation(mustZone(t, "-05:30"))).Zone(); off != -(5*3600 + 1800) {
		t.Errorf("offset zone location is %d seconds", off)
	}
	ny := ZoneLocation(mustZone(t, "America/New_York"))
	if _, off := time.Date(2025, 7, 1, 0, 0, 0, 0, ny).Zone(); off != -4*3600 {
		t.Errorf("New York summer offset %d, want -4h (zone rules not loaded?)", off)
	}

	for _, ms := range []int64{0, 1, -1, 1736247600123, -86400001} {
		for _, z := range []int{0, OffsetZoneKey(-840), OffsetZoneKey(840), mustZone(t, "Etc/UTC")} {
			p := PackTZ(ms, z)
			if UnpackMillis(p) != ms || UnpackZone(p) != z {
				t.Errorf("PackTZ(%d, %d) unpacks to (%d, %d)", ms, z, UnpackMillis(p), UnpackZone(p))
			}
		}
	}
}

func TestTimeConversions(t *testing.T) {
	for _, us := range []int64{0, 1, -1, 1736247600123456, -1500000} {
		if got := TimeToMicros(MicrosToTime(us)); got != us {
			t.Errorf("TimeToMicros(MicrosToTime(%d)) = %d", us, got)
		}
	}
	if got := MicrosToTime(-1); !got.Equal(time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC)) {
		t.Errorf("MicrosToTime(-1) = %v", got)
	}
	if got := DaysToTime(-1); !got.Equal(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DaysToTime(-1) = %v", got)
	}
	tokyo := ZoneLocation(mustZone(t, "Asia/Tokyo"))
	if got := TimeToDays(time.Date(2025, 1, 7, 1, 0, 0, 0, tokyo)); got != 20095 {
		t.Errorf("TimeToDays uses the local calendar date: got %d, want 20095", got)
	}
	p := PackTZ(-1, 0)
	if got := TZToTime(p); got.UnixMilli() != -1 {
		t.Errorf("TZToTime(-1ms) = %v", got)
	}
	d, err := ParseDate("2024-02-29")
	if err != nil || FormatDate(d) != "2024-02-29" {
		t.Errorf("ParseDate leap day: %d, %v", d, err)
	}
	for _, bad := range []string{"2023-02-29", "2025-01", "20250107", "2025-01-07x"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	base := time.Date(2025, 1, 7, 11, 30, 15, 0, time.UTC)
	cases := []struct {
		in      string
		us      int64
		hasZone bool
		zone    string
	}{
		{"2025-01-07 11:30:15", TimeToMicros(base), false, ""},
		{"2025-01-07 11:30", TimeToMicros(base.Add(-15 * time.Second)), false, ""},
		{"2025-01-07", TimeToMicros(time.Date(2025, 1, 7, 0, 0, 0, 0, time.UTC)), false, ""},
		{"2025-01-07 11:30:15.5", TimeToMicros(base) + 500000, false, ""},
		{"2025-01-07 11:30:15.123456", TimeToMicros(base) + 123456, false, ""},
		{"2025-01-07 11:30:15.1234567", TimeToMicros(base) + 123456, false, ""},
		{"2025-1-7 1:02:03", TimeToMicros(time.Date(2025, 1, 7, 1, 2, 3, 0, time.UTC)), false, ""},
		{"  2025-01-07 11:30:15  ", TimeToMicros(base), false, ""},
		{"2025-01-07 11:30:15 UTC", TimeToMicros(base), true, "UTC"},
		{"2025-01-07 11:30:15 +01:00", TimeToMicros(base.Add(-time.Hour)), true, "+01:00"},
		{"2025-01-07 11:30:15+01:00", TimeToMicros(base.Add(-time.Hour)), true, "+01:00"},
		{"2025-01-07 06:30:15 America/New_York", TimeToMicros(base), true, "America/New_York"},
	}
	for _, tc := range cases {
		us, zone, hasZone, err := ParseTimestamp(tc.in)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", tc.in, err)
			continue
		}
		if us != tc.us || hasZone != tc.hasZone || (tc.hasZone && ZoneName(zone) != tc.zone) {
			t.Errorf("ParseTimestamp(%q) = (%d, %s, %v), want (%d, %s, %v)", tc.in, us, ZoneName(zone), hasZone, tc.us, tc.zone, tc.hasZone)
		}
	}
	for _, bad := range []string{"", "2025-01-07 25:00:00", "2025-01-07 11:60", "2025-01-07 11", "2025-13-07", "2025-01-07 11:30:15 Mars/Base", "yesterday"} {
		if _, _, _, err := ParseTimestamp(bad); err == nil {
			t.Errorf("ParseTimestamp(%q) succeeded", bad)
		}
	}
}

func TestParseISO8601(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	plus2 := mustZone(t, "+02:00")
	inst := time.Date(2025, 1, 7, 11, 0, 0, 0, time.UTC).UnixMilli()
	cases := []struct {
		in      string
		session int
		want    int64
	}{
		{"2025-01-07T11:00:00Z", ny, PackTZ(inst, 0)},
		{"2025-01-07T11:00:00.250Z", 0, PackTZ(inst+250, 0)},
		{"2025-01-07T13:00:00+02:00", 0, PackTZ(inst, plus2)},
		{"2025-01-07T06:00:00-05:00", 0, PackTZ(inst, OffsetZoneKey(-300))},
		{"2025-01-07T11:00:00", 0, PackTZ(inst, 0)},
		{"2025-01-07T06:00", ny, PackTZ(inst, ny)},
		{"2025-01-07T11", 0, PackTZ(inst, 0)},
		{"2025-01-07", ny, PackTZ(inst-6*3600000, ny)},
		{"2025-01", 0, PackTZ(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 0)},
		{"2025", 0, PackTZ(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 0)},
	}
	for _, tc := range cases {
		got, err := ParseISO8601(tc.in, tc.session)
		if err != nil {
			t.Errorf("ParseISO8601(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseISO8601(%q) = %s, want %s", tc.in, FormatTimestampTZ(got, 3), FormatTimestampTZ(tc.want, 3))
		}
	}
	for _, bad := range []string{"", "2025-01-07 11:00:00", "2025-13-07T00:00:00Z", "2025-01-07T11:00:00+25:00", "garbage"} {
		_, err := ParseISO8601(bad, 0)
		if err == nil || !strings.HasPrefix(err.Error(), "Invalid format: ") {
			t.Errorf("ParseISO8601(%q) error = %v, want Invalid format", bad, err)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in    string
		scale int
		want  int64
	}{
		{"1.25", 1, 13}, {"-1.25", 1, -13}, {"1.24", 1, 12}, {"10", 2, 1000}, {" 0.5 ", 0, 1}, {"1e2", 0, 100},
	} {
		got, ok := ParseDecimal(tc.in, tc.scale)
		if !ok || got != tc.want {
			t.Errorf("ParseDecimal(%q, %d) = %d, %v; want %d", tc.in, tc.scale, got, ok, tc.want)
		}
	}
	if _, ok := ParseDecimal("abc", 0); ok {
		t.Error("ParseDecimal(abc) succeeded")
	}
	if _, ok := ParseDecimal("1e30", 0); ok {
		t.Error("ParseDecimal(1e30) fits in int64?")
	}
}

func TestIntRange(t *testing.T) {
	for _, tc := range []struct {
		t      *types.Type
		lo, hi int64
	}{
		{types.TinyIntType, -128, 127}, {types.SmallIntType, -32768, 32767},
		{tI, math.MinInt32, math.MaxInt32}, {tB, math.MinInt64, math.MaxInt64},
	} {
		lo, hi := IntRange(tc.t)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("IntRange(%s) = %d..%d", tc.t, lo, hi)
		}
	}
}
