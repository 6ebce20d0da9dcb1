package value

import (
	"errors"
	"math"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestParseInterval(t *testing.T) {
	cases := []struct {
		s, from, to string
		typ         *types.Type
		want        int64
		text        string
	}{
		{"7", "DAY", "", types.IntervalDayType, 7 * msPerDay, "7 00:00:00.000"},
		{"2", "hour", "", types.IntervalDayType, 2 * msPerHour, "0 02:00:00.000"},
		{"90", "MINUTE", "", types.IntervalDayType, 90 * msPerMinute, "0 01:30:00.000"},
		{"32", "SECOND", "", types.IntervalDayType, 32000, "0 00:00:32.000"},
		{"1.5", "SECOND", "", types.IntervalDayType, 1500, "0 00:00:01.500"},
		{"0.123456", "SECOND", "", types.IntervalDayType, 123, "0 00:00:00.123"},
		{"3 04:05:06.789", "DAY", "SECOND", types.IntervalDayType, 3*msPerDay + 4*msPerHour + 5*msPerMinute + 6789, "3 04:05:06.789"},
		{"12 10:45:32.123", "DAY", "SECOND", types.IntervalDayType, 12*msPerDay + 10*msPerHour + 45*msPerMinute + 32123, "12 10:45:32.123"},
		{"-12 10:45:32.123", "DAY", "SECOND", types.IntervalDayType, -(12*msPerDay + 10*msPerHour + 45*msPerMinute + 32123), "-12 10:45:32.123"},
		{"3", "DAY", "SECOND", types.IntervalDayType, 3 * msPerDay, "3 00:00:00.000"},
		{"3 04", "DAY", "SECOND", types.IntervalDayType, 3*msPerDay + 4*msPerHour, "3 04:00:00.000"},
		{"1 2", "DAY", "HOUR", types.IntervalDayType, msPerDay + 2*msPerHour, "1 02:00:00.000"},
		{"1 2:3", "DAY", "MINUTE", types.IntervalDayType, msPerDay + 2*msPerHour + 3*msPerMinute, "1 02:03:00.000"},
		{"25:00", "HOUR", "MINUTE", types.IntervalDayType, 25 * msPerHour, "1 01:00:00.000"},
		{"10:30.5", "MINUTE", "SECOND", types.IntervalDayType, 10*msPerMinute + 30500, "0 00:10:30.500"},
		{"-2", "DAY", "", types.IntervalDayType, -2 * msPerDay, "-2 00:00:00.000"},
		{"1-2", "YEAR", "MONTH", types.IntervalMonthType, 14, "1-2"},
		{"-1-2", "YEAR", "MONTH", types.IntervalMonthType, -14, "-1-2"},
		{"3", "YEAR", "MONTH", types.IntervalMonthType, 36, "3-0"},
		{"3", "YEAR", "", types.IntervalMonthType, 36, "3-0"},
		{"14", "MONTH", "", types.IntervalMonthType, 14, "1-2"},
		{"-3", "MONTH", "", types.IntervalMonthType, -3, "-0-3"},
		{"0", "MONTH", "", types.IntervalMonthType, 0, "0-0"},
	}
	for _, tc := range cases {
		typ, v, err := ParseInterval(tc.s, tc.from, tc.to)
		if err != nil {
			t.Errorf("INTERVAL '%s' %s TO %s: %v", tc.s, tc.from, tc.to, err)
			continue
		}
		if !typ.Equal(tc.typ) || v != tc.want {
			t.Errorf("INTERVAL '%s' %s TO %s = %s %d, want %s %d", tc.s, tc.from, tc.to, typ, v, tc.typ, tc.want)
		}
		if got := Format(typ, v); got != tc.text {
			t.Errorf("Format(INTERVAL '%s' %s TO %s) = %q, want %q", tc.s, tc.from, tc.to, got, tc.text)
		}
	}
	bad := []struct{ s, from, to, msg string }{
		{"x", "DAY", "", "Invalid INTERVAL DAY value: x"},
		{"", "DAY", "", "Invalid INTERVAL DAY value: "},
		{"1 -2", "DAY", "HOUR", "Invalid INTERVAL DAY TO HOUR value: 1 -2"},
		{"1-2", "YEAR", "", "Invalid INTERVAL YEAR value: 1-2"},
		{"1:2", "DAY", "SECOND", "Invalid INTERVAL DAY TO SECOND value: 1:2"},
		{"1 2:3:4:5", "DAY", "SECOND", "Invalid INTERVAL DAY TO SECOND value: 1 2:3:4:5"},
		{"178956971", "YEAR", "", "Invalid INTERVAL YEAR value: 178956971"},
		{"1", "MONTH", "DAY", "Invalid interval qualifier: MONTH to DAY"},
		{"1", "DAY", "MONTH", "Invalid interval qualifier: DAY to MONTH"},
		{"1", "SECOND", "MINUTE", "Invalid interval qualifier: SECOND to MINUTE"},
	}
	for _, tc := range bad {
		_, _, err := ParseInterval(tc.s, tc.from, tc.to)
		if !errors.Is(err, sqlerr.InvalidLiteral) || err.(*sqlerr.Error).Msg != tc.msg {
			t.Errorf("INTERVAL '%s' %s TO %s: error %v, want %q", tc.s, tc.from, tc.to, err, tc.msg)
		}
	}
}

func TestFormatIntervalExtremes(t *testing.T) {
	if got := FormatIntervalDay(math.MinInt64); got != "-106751991167 07:12:55.808" {
		t.Errorf("min interval day = %q", got)
	}
	if got := FormatIntervalDay(math.MaxInt64); got != "106751991167 07:12:55.807" {
		t.Errorf("max interval day = %q", got)
	}
	if got := FormatIntervalDay(-1); got != "-0 00:00:00.001" {
		t.Errorf("-1ms = %q", got)
	}
	if got := FormatIntervalYearMonth(math.MinInt32); got != "-178956970-8" {
		t.Errorf("min interval year = %q", got)
	}
}

func ts(t *testing.T, s string) int64 {
	t.Helper()
	us, _, _, err := ParseTimestamp(s)
	if err != nil {
		t.Fatal(err)
	}
	return us
}

func TestTimestampIntervalArithmetic(t *testing.T) {
	cases := []struct {
		name string
		got  func() (int64, error)
		want string
	}{
		{"ts + 1 day", func() (int64, error) { return TimestampAddDayTime(ts(t, "2025-01-07 11:00:00"), msPerDay) }, "2025-01-08 11:00:00.000"},
		{"ts - 90 min", func() (int64, error) { return TimestampAddDayTime(ts(t, "2025-01-01 00:30:00"), -90*msPerMinute) }, "2024-12-31 23:00:00.000"},
		{"ts keeps micros", func() (int64, error) { return TimestampAddDayTime(ts(t, "2025-01-01 00:00:00.123456"), 1) }, "2025-01-01 00:00:00.124"},
		{"month end clamp", func() (int64, error) { return TimestampAddMonths(ts(t, "2024-01-31 10:20:30.456"), 1) }, "2024-02-29 10:20:30.456"},
		{"month end non-leap", func() (int64, error) { return TimestampAddMonths(ts(t, "2023-01-31 00:00:00"), 1) }, "2023-02-28 00:00:00.000"},
		{"leap day + 1 year", func() (int64, error) { return TimestampAddMonths(ts(t, "2024-02-29 00:00:00"), 12) }, "2025-02-28 00:00:00.000"},
		{"minus months across year", func() (int64, error) { return TimestampAddMonths(ts(t, "2025-03-31 12:00:00"), -13) }, "2024-02-29 12:00:00.000"},
		{"before epoch", func() (int64, error) { return TimestampAddMonths(ts(t, "1969-12-31 23:59:59.999"), 2) }, "1970-02-28 23:59:59.999"},
	}
	for _, tc := range cases {
		v, err := tc.got()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := FormatTimestamp(v, 3); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, got, tc.want)
		}
	}
	if _, err := TimestampAddDayTime(math.MaxInt64-10, 1); !errors.Is(err, sqlerr.NumericValueOutOfRange) {
		t.Errorf("overflow: %v", err)
	}
	if _, err := TimestampAddDayTime(0, math.MaxInt64/10); !errors.Is(err, sqlerr.NumericValueOutOfRange) {
		t.Errorf("interval scale overflow: %v", err)
	}
	// timestamp - timestamp, rounded half up to milliseconds.
	for _, tc := range []struct {
		a, b string
		want string
	}{
		{"2025-01-08 12:30:00", "2025-01-07 11:00:00", "1 01:30:00.000"},
		{"2025-01-07 11:00:00", "2025-01-08 12:30:00", "-1 01:30:00.000"},
		{"2025-01-01 00:00:00.0015", "2025-01-01 00:00:00", "0 00:00:00.002"},
		{"2025-01-01 00:00:00", "2025-01-01 00:00:00.0015", "-0 00:00:00.001"},
		{"2024-03-01 00:00:00", "2024-02-28 00:00:00", "2 00:00:00.000"},
	} {
		if got := FormatIntervalDay(TimestampDiff(ts(t, tc.a), ts(t, tc.b))); got != tc.want {
			t.Errorf("%s - %s = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDateIntervalArithmetic(t *testing.T) {
	d := func(s string) int64 {
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v, err := DateAddDayTime(d("2024-02-28"), 2*msPerDay); err != nil || FormatDate(v) != "2024-03-01" {
		t.Errorf("date + 2 days = %s, %v", FormatDate(v), err)
	}
	if v, err := DateSubDayTime(d("2024-03-01"), msPerDay); err != nil || FormatDate(v) != "2024-02-29" {
		t.Errorf("date - 1 day = %s, %v", FormatDate(v), err)
	}
	if v, err := DateAddDayTime(d("2024-03-01"), -msPerDay); err != nil || FormatDate(v) != "2024-02-29" {
		t.Errorf("date + -1 day = %s, %v", FormatDate(v), err)
	}
	if _, err := DateAddDayTime(d("2024-03-01"), msPerHour); !errors.Is(err, sqlerr.InvalidFunctionArgument) || err.(*sqlerr.Error).Msg != "Cannot add hour, minutes or seconds to a date" {
		t.Errorf("date + 1 hour: %v", err)
	}
	if _, err := DateSubDayTime(d("2024-03-01"), -msPerDay-1); err == nil || err.(*sqlerr.Error).Msg != "Cannot subtract hour, minutes or seconds from a date" {
		t.Errorf("date - odd interval: %v", err)
	}
	for _, tc := range []struct {
		from   string
		months int64
		want   string
	}{
		{"2024-01-31", 1, "2024-02-29"}, {"2024-03-31", 1, "2024-04-30"}, {"2024-12-15", 1, "2025-01-15"},
		{"2025-01-31", -2, "2024-11-30"}, {"2000-02-29", 1200, "2100-02-28"}, {"1969-01-31", 13, "1970-02-28"},
	} {
		if v, err := DateAddMonths(d(tc.from), tc.months); err != nil || FormatDate(v) != tc.want {
			t.Errorf("%s + %d months = %s, %v; want %s", tc.from, tc.months, FormatDate(v), err, tc.want)
		}
	}
}

func TestTimestampTZIntervalArithmetic(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tz := func(s string) int64 {
		t.Helper()
		us, z, has, err := ParseTimestamp(s)
		if err != nil || !has {
			t.Fatalf("ParseTimestamp(%q): %v %v", s, has, err)
		}
		return PackTZ(floorDiv(us, 1000), z)
	}
	// Day-second intervals move the instant: across the spring-forward
	// change 1 day is 23 wall-clock hours.
	v := TimestampTZAddDayTime(tz("2025-03-08 12:00:00 America/New_York"), msPerDay)
	if got := FormatTimestampTZ(v, 3); got != "2025-03-09 13:00:00.000 America/New_York" {
		t.Errorf("tz + 1 day across DST = %s", got)
	}
	if UnpackZone(v) != ny {
		t.Error("zone not kept")
	}
	cases := []struct {
		from   string
		months int64
		want   string
	}{
		// Year-month intervals work on the zone's wall clock.
		{"2025-02-09 12:00:00 America/New_York", 1, "2025-03-09 12:00:00.000 America/New_York"},
		{"2024-01-31 10:00:00 America/New_York", 1, "2024-02-29 10:00:00.000 America/New_York"},
		{"2025-10-31 23:30:00 +05:30", 1, "2025-11-30 23:30:00.000 +05:30"},
		{"2025-01-31 00:30:00 Europe/Paris", 1, "2025-02-28 00:30:00.000 Europe/Paris"},
		// 02:30 does not exist on 2025-03-09 in New York: it moves forward.
		{"2025-02-09 02:30:00 America/New_York", 1, "2025-03-09 03:30:00.000 America/New_York"},
		// 01:30 happens twice on 2025-11-02: the original offset (EDT) is kept.
		{"2025-10-02 01:30:00 America/New_York", 1, "2025-11-02 01:30:00.000 America/New_York"},
	}
	for _, tc := range cases {
		r, err := TimestampTZAddMonths(tz(tc.from), tc.months)
		if err != nil {
			t.Errorf("%s + %d months: %v", tc.from, tc.months, err)
			continue
		}
		if got := FormatTimestampTZ(r, 3); got != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
	r, _ := TimestampTZAddMonths(tz("2025-10-02 01:30:00 America/New_York"), 1)
	if off := TZToTime(r).Format("-07:00"); off != "-04:00" {
		t.Errorf("overlap kept offset %s, want -04:00", off)
	}
	if d := TimestampTZDiff(tz("2025-01-01 00:00:00 +01:00"), tz("2025-01-01 00:00:00 UTC")); d != -msPerHour {
		t.Errorf("tz diff = %d", d)
	}
}

func TestIntervalScalarArithmetic(t *testing.T) {
	if v, err := IntervalMulBigint(3*msPerDay, 2); err != nil || v != 6*msPerDay {
		t.Errorf("interval * 2 = %d, %v", v, err)
	}
	if _, err := IntervalMulBigint(math.MaxInt64/2, 3); !errors.Is(err, sqlerr.NumericValueOutOfRange) {
		t.Errorf("overflow: %v", err)
	}
	if v, err := IntervalMulDouble(msPerDay, 1.5); err != nil || v != 36*msPerHour {
		t.Errorf("1 day * 1.5 = %d, %v", v, err)
	}
	if v, err := IntervalMulDouble(10, -0.25); err != nil || v != -2 {
		t.Errorf("10ms * -0.25 = %d (want truncation toward zero), %v", v, err)
	}
	if v, _ := IntervalMulDouble(1, math.Inf(1)); v != math.MaxInt64 {
		t.Errorf("* Infinity saturates: %d", v)
	}
	if _, err := IntervalMulDouble(1, math.NaN()); err == nil || err.(*sqlerr.Error).Msg != "Cannot multiply by double NaN" {
		t.Errorf("* NaN: %v", err)
	}
	if v, err := IntervalDivDouble(14, 4); err != nil || v != 3 {
		t.Errorf("14 months / 4 = %d, %v", v, err)
	}
	if _, err := IntervalDivDouble(1, 0); err == nil || err.(*sqlerr.Error).Msg != "Cannot divide by double 0.0" {
		t.Errorf("/ 0: %v", err)
	}
	if _, err := IntervalDivDouble(1, math.NaN()); err == nil || err.(*sqlerr.Error).Msg != "Cannot divide by double NaN" {
		t.Errorf("/ NaN: %v", err)
	}
	if v, err := IntervalAdd(msPerDay, -msPerHour); err != nil || FormatIntervalDay(v) != "0 23:00:00.000" {
		t.Errorf("1 day - 1 hour = %s", FormatIntervalDay(v))
	}
	if v, err := IntervalSub(14, 15); err != nil || FormatIntervalYearMonth(v) != "-0-1" {
		t.Errorf("14 - 15 months = %s", FormatIntervalYearMonth(v))
	}
	if _, err := IntervalAdd(math.MaxInt64, 1); err == nil {
		t.Error("interval add overflow not reported")
	}
	if _, err := IntervalSub(0, math.MinInt64); err == nil {
		t.Error("interval sub overflow not reported")
	}
	// time + interval wraps at midnight.
	if got := FormatTime(TimeAddDayTime(23*3600*1e6, 2*msPerHour), 3); got != "01:00:00.000" {
		t.Errorf("23:00 + 2h = %s", got)
	}
	if got := FormatTime(TimeAddDayTime(3600*1e6, -2*msPerHour-3*msPerDay), 3); got != "23:00:00.000" {
		t.Errorf("01:00 - 3d2h = %s", got)
	}
}

func TestIntervalCompareCast(t *testing.T) {
	if Compare(types.IntervalDayType, int64(-1), int64(0)) != -1 || Compare(types.IntervalMonthType, int64(13), int64(12)) != 1 {
		t.Error("interval order")
	}
	if s, err := Cast(int64(7*msPerDay), types.IntervalDayType, tV, 0); err != nil || s != "7 00:00:00.000" {
		t.Errorf("CAST(interval AS varchar) = %v, %v", s, err)
	}
	if s, err := Cast(int64(14), types.IntervalMonthType, tV, 0); err != nil || s != "1-2" {
		t.Errorf("CAST(interval AS varchar) = %v, %v", s, err)
	}
	if CanCast(tV, types.IntervalDayType) || CanCast(tB, types.IntervalMonthType) || CanCast(types.IntervalDayType, types.IntervalMonthType) {
		t.Error("casts to intervals are not Trino's")
	}
	if !CanCast(types.IntervalDayType, tV) || !CanCast(types.IntervalMonthType, tV) {
		t.Error("interval to varchar must be castable")
	}
}
