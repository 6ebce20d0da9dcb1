package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// Interval values: interval day to second is an int64 of milliseconds,
// interval year to month an int64 of months (Trino keeps months in an
// int, so literals beyond the int range are rejected).

const (
	msPerSecond = 1000
	msPerMinute = 60 * msPerSecond
	msPerHour   = 60 * msPerMinute
	msPerDay    = 24 * msPerHour
)

var intervalFieldRank = map[string]int{"YEAR": 0, "MONTH": 1, "DAY": 2, "HOUR": 3, "MINUTE": 4, "SECOND": 5}

// ParseInterval reads the string of an interval literal, INTERVAL 'value'
// from [TO to], as Trino does: from and to are field names (YEAR, MONTH,
// DAY, HOUR, MINUTE, SECOND, any case; to may be ""). The value may start
// with '-'; for a range it is written "D H:M:S.fff" (day to second) or
// "Y-M" (year to month) and may stop after any leading part ("3" in DAY TO
// SECOND is 3 days). The result type is interval day to second (value in
// milliseconds) or interval year to month (value in months). Errors are
// INVALID_LITERAL "Invalid INTERVAL DAY TO SECOND value: x" and "Invalid
// interval qualifier: MONTH to DAY".
func ParseInterval(s, from, to string) (*types.Type, int64, error) {
	f, t := strings.ToUpper(from), strings.ToUpper(to)
	if t == "" {
		t = f
	}
	rf, ok1 := intervalFieldRank[f]
	rt, ok2 := intervalFieldRank[t]
	if !ok1 || !ok2 || rt < rf || rf <= 1 && rt > 1 {
		return nil, 0, sqlerr.New(sqlerr.InvalidLiteral, "Invalid interval qualifier: %s to %s", f, t)
	}
	bad := func() error {
		if f == t {
			return sqlerr.New(sqlerr.InvalidLiteral, "Invalid INTERVAL %s value: %s", f, s)
		}
		return sqlerr.New(sqlerr.InvalidLiteral, "Invalid INTERVAL %s TO %s value: %s", f, t, s)
	}
	body, neg := s, false
	if strings.HasPrefix(body, "-") {
		body, neg = body[1:], true
	}
	if rf <= 1 {
		months, ok := parseYearMonth(body, rf, rt)
		if !ok {
			return nil, 0, bad()
		}
		if neg {
			months = -months
		}
		return types.IntervalMonthType, months, nil
	}
	ms, ok := parseDaySecond(body, rf, rt)
	if !ok {
		return nil, 0, bad()
	}
	if neg {
		ms = -ms
	}
	return types.IntervalDayType, ms, nil
}

// field reads an unsigned decimal integer at s[i:] that fits an int32, as
// Joda's period fields do.
func field(s string, i int) (v int64, j int, ok bool) {
	j = i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i || j-i > 10 {
		return 0, i, false
	}
	v, err := strconv.ParseInt(s[i:j], 10, 64)
	if err != nil || v > math.MaxInt32 {
		return 0, i, false
	}
	return v, j, true
}

func parseYearMonth(s string, rf, rt int) (int64, bool) {
	a, i, ok := field(s, 0)
	if !ok {
		return 0, false
	}
	var months int64
	switch {
	case rf == 1: // MONTH
		months = a
	case i == len(s): // YEAR, or YEAR TO MONTH given years only
		months = a * 12
	case rt == 1 && s[i] == '-':
		b, j, ok := field(s, i+1)
		if !ok || j != len(s) {
			return 0, false
		}
		months = a*12 + b
	default:
		return 0, false
	}
	if i != len(s) && rf == 1 || months > math.MaxInt32 {
		return 0, false
	}
	return months, true
}

func parseDaySecond(s string, rf, rt int) (int64, bool) {
	units := []int64{0, 0, msPerDay, msPerHour, msPerMinute, msPerSecond}
	seps := []byte{0, 0, 0, ' ', ':', ':'}
	var total int64
	i := 0
	for r := rf; r <= rt; r++ {
		if r > rf {
			if i == len(s) {
				break // a leading part is enough
			}
			if s[i] != seps[r] {
				return 0, false
			}
			i++
		}
		v, j, ok := field(s, i)
		if !ok {
			return 0, false
		}
		i = j
		total += v * units[r]
		if r == 5 && i < len(s) && s[i] == '.' {
			k := i + 1
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if k == i+1 || k-i-1 > 9 {
				return 0, false
			}
			frac := (s[i+1:k] + "000")[:3]
			ms, _ := strconv.ParseInt(frac, 10, 64)
			total += ms
			i = k
		}
	}
	return total, i == len(s)
}

// FormatIntervalYearMonth renders an interval year to month as Trino
// does: "1-2", "-0-3".
func FormatIntervalYearMonth(months int64) string {
	sign := ""
	if months < 0 {
		sign = "-"
		months = -months
	}
	return sign + strconv.FormatInt(months/12, 10) + "-" + strconv.FormatInt(months%12, 10)
}

func timestampOutOfRange() error {
	return sqlerr.New(sqlerr.NumericValueOutOfRange, "Timestamp out of range")
}

// TimestampAddDayTime returns timestamp(p) us (microseconds) plus an
// interval day to second of ms milliseconds; the result type is
// timestamp(max(3, p)). Overflow is "Timestamp out of range".
func TimestampAddDayTime(us, ms int64) (int64, error) {
	d, ok := mulExact(ms, 1000)
	if !ok {
		return 0, timestampOutOfRange()
	}
	r, ok := addExact(us, d)
	if !ok {
		return 0, timestampOutOfRange()
	}
	return r, nil
}

// TimestampAddMonths returns timestamp us plus months, as Joda's
// monthOfYear().add does: the day of month is clamped to the end of the
// target month (2024-01-31 + 1 month = 2024-02-29); the time of day is
// kept. The type is unchanged.
func TimestampAddMonths(us, months int64) (int64, error) {
	days := floorDiv(us, 86400*1e6)
	rem := us - days*86400*1e6
	nd, err := addMonthsToDays(days, months)
	if err != nil {
		return 0, err
	}
	r, ok := mulExact(nd, 86400*1e6)
	if !ok {
		return 0, timestampOutOfRange()
	}
	return r + rem, nil
}

// addMonthsToDays adds months to a date in days since the epoch,
// clamping the day of month.
func addMonthsToDays(days, months int64) (int64, error) {
	if months > math.MaxInt32*12 || months < -math.MaxInt32*12 {
		return 0, timestampOutOfRange()
	}
	t := DaysToTime(days)
	y, m, d := t.Date()
	total := int64(y)*12 + int64(m-1) + months
	ny, nm := floorDiv(total, 12), total-floorDiv(total, 12)*12+1
	if ny > 292277026596 || ny < -292277022657 {
		return 0, timestampOutOfRange()
	}
	last := daysIn(int(ny), time.Month(nm))
	if d > last {
		d = last
	}
	return TimeToDays(time.Date(int(ny), time.Month(nm), d, 0, 0, 0, 0, time.UTC)), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateAddDayTime returns date days plus an interval day to second; the
// interval must be whole days, else INVALID_FUNCTION_ARGUMENT "Cannot add
// hour, minutes or seconds to a date".
func DateAddDayTime(days, ms int64) (int64, error) {
	if ms-floorDiv(ms, msPerDay)*msPerDay != 0 {
		return 0, sqlerr.New(sqlerr.InvalidFunctionArgument, "Cannot add hour, minutes or seconds to a date")
	}
	return days + ms/msPerDay, nil
}

// DateSubDayTime returns date days minus an interval day to second
// ("Cannot subtract hour, minutes or seconds from a date").
func DateSubDayTime(days, ms int64) (int64, error) {
	if ms-floorDiv(ms, msPerDay)*msPerDay != 0 {
		return 0, sqlerr.New(sqlerr.InvalidFunctionArgument, "Cannot subtract hour, minutes or seconds from a date")
	}
	return days - ms/msPerDay, nil
}

// DateAddMonths returns date days plus months, clamping the day of month.
func DateAddMonths(days, months int64) (int64, error) { return addMonthsToDays(days, months) }

// TimestampTZAddDayTime returns a packed timestamp with time zone plus an
// interval day to second: the instant moves by ms, the zone is kept
// (across a DST change the wall clock moves by a different amount). The
// result type is timestamp(max(3, p)) with time zone.
func TimestampTZAddDayTime(packed, ms int64) int64 {
	return PackTZ(UnpackMillis(packed)+ms, UnpackZone(packed))
}

// TimestampTZAddMonths returns a packed timestamp with time zone plus
// months, computed on the wall clock of the value's zone (as Trino's zone
// chronology does): 2024-01-31 10:00 America/New_York + 1 month is
// 2024-02-29 10:00 America/New_York. A wall time that falls in a DST gap
// moves forward by the gap.
func TimestampTZAddMonths(packed, months int64) (int64, error) {
	zone := UnpackZone(packed)
	t := TZToTime(packed)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	nw, err := TimestampAddMonths(TimeToMicros(wall), months)
	if err != nil {
		return 0, err
	}
	_, off := t.Zone()
	local := wallToInstant(MicrosToTime(nw), ZoneLocation(zone), off, true)
	return PackTZ(local.UnixMilli(), zone), nil
}

// TimestampDiff returns timestamp a - timestamp b (microseconds) as an
// interval day to second in milliseconds, rounded half up as Trino does.
func TimestampDiff(a, b int64) int64 {
	return floorDiv(a-b+500, 1000)
}

// TimestampTZDiff returns the interval day to second between the instants
// of two packed timestamps with time zone.
func TimestampTZDiff(a, b int64) int64 { return UnpackMillis(a) - UnpackMillis(b) }

// TimeAddDayTime returns time us (microseconds of the day) plus an interval
// day to second, wrapping around midnight; the type is unchanged.
func TimeAddDayTime(us, ms int64) int64 {
	const day = 86400 * 1e6
	r := (us + (ms%msPerDay)*1000) % day
	if r < 0 {
		r += day
	}
	return r
}

// IntervalMulBigint returns interval v * n (either interval type; Trino
// does not check overflow, trawl reports it as NUMERIC_VALUE_OUT_OF_RANGE).
func IntervalMulBigint(v, n int64) (int64, error) {
	r, ok := mulExact(v, n)
	if !ok {
		return 0, sqlerr.New(sqlerr.NumericValueOutOfRange, "Interval overflow")
	}
	return r, nil
}

// IntervalMulDouble returns interval v * f truncated toward zero;
// multiplying by NaN is INVALID_FUNCTION_ARGUMENT "Cannot multiply by
// double NaN".
func IntervalMulDouble(v int64, f float64) (int64, error) {
	if math.IsNaN(f) {
		return 0, sqlerr.New(sqlerr.InvalidFunctionArgument, "Cannot multiply by double NaN")
	}
	return javaD2L(float64(v) * f), nil
}

// IntervalDivDouble returns interval v / f truncated toward zero; dividing
// by 0 or NaN is INVALID_FUNCTION_ARGUMENT "Cannot divide by double 0.0".
func IntervalDivDouble(v int64, f float64) (int64, error) {
	if math.IsNaN(f) || f == 0 {
		return 0, sqlerr.New(sqlerr.InvalidFunctionArgument, "Cannot divide by double %s", FormatDouble(f))
	}
	return javaD2L(float64(v) / f), nil
}

// IntervalAdd returns a + b for two intervals of the same type.
func IntervalAdd(a, b int64) (int64, error) {
	r, ok := addExact(a, b)
	if !ok {
		return 0, sqlerr.New(sqlerr.NumericValueOutOfRange, "Interval overflow")
	}
	return r, nil
}

// IntervalSub returns a - b for two intervals of the same type.
func IntervalSub(a, b int64) (int64, error) {
	if b == math.MinInt64 {
		return 0, sqlerr.New(sqlerr.NumericValueOutOfRange, "Interval overflow")
	}
	return IntervalAdd(a, -b)
}

// javaD2L converts as Java's (long) cast: NaN is 0, out-of-range values
// saturate.
func javaD2L(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

func addExact(a, b int64) (int64, bool) {
	r := a + b
	if (b > 0 && r < a) || (b < 0 && r > a) {
		return 0, false
	}
	return r, true
}

func mulExact(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return r, true
}
