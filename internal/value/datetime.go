package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"trawl/internal/sqlerr"
)

// Time values are int64 microseconds since midnight, 0 <= v < 86400e6,
// for every precision; fractions finer than a microsecond are rounded
// away (time(7..12) print zeros past the sixth digit).

const microsPerDay = 86400 * 1e6

// FormatTime renders a time(p) value as Trino does: "11:00:00" for p=0,
// "11:00:00.000" for p=3, "11:00:00.000000" for p=6.
func FormatTime(us int64, precision int) string {
	t := MicrosToTime(us)
	return string(appendFraction(t.AppendFormat(nil, "15:04:05"), t.Nanosecond(), precision))
}

// RoundTime rounds a time to precision p (half up) and wraps at midnight,
// as CAST(time(q) AS time(p)) does.
func RoundTime(us int64, p int) int64 {
	r := roundMicros(us, p) % microsPerDay
	if r < 0 {
		r += microsPerDay
	}
	return r
}

// RoundTimestamp rounds a timestamp (microseconds) to precision p, half
// up, as CAST(timestamp(q) AS timestamp(p)) does.
func RoundTimestamp(us int64, p int) int64 { return roundMicros(us, p) }

// ParseTime reads a time as Trino's TIME literal and CAST(varchar AS time)
// accept it: "H:M", "H:M:S" or "H:M:S.fraction" (1 to 12 fraction digits),
// hours 0-23, minutes and seconds 0-59. It returns the time in
// microseconds (rounded half up when the fraction is finer) and the
// precision the literal has (its number of fraction digits).
func ParseTime(s string) (us int64, precision int, err error) {
	bad := fmt.Errorf("invalid time %q", s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, bad
	}
	num := func(p string, hi int) (int64, bool) {
		if len(p) < 1 || len(p) > 2 {
			return 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v > hi || p[0] == '+' || p[0] == '-' {
			return 0, false
		}
		return int64(v), true
	}
	h, ok1 := num(parts[0], 23)
	m, ok2 := num(parts[1], 59)
	if !ok1 || !ok2 {
		return 0, 0, bad
	}
	var sec, frac int64
	if len(parts) == 3 {
		sp, fp, hasFrac := strings.Cut(parts[2], ".")
		var ok bool
		if sec, ok = num(sp, 59); !ok {
			return 0, 0, bad
		}
		if hasFrac {
			if len(fp) == 0 || len(fp) > 12 || strings.Trim(fp, "0123456789") != "" {
				return 0, 0, bad
			}
			precision = len(fp)
			f12, _ := strconv.ParseInt((fp + "000000000000")[:12], 10, 64) // picoseconds
			frac = (f12 + 500000) / 1000000
		}
	}
	us = ((h*60+m)*60+sec)*1e6 + frac
	return us % microsPerDay, precision, nil
}

// FractionDigits returns the number of digits after the decimal point in
// the time part of a time or timestamp literal ("2020-01-01 00:00:00.120"
// has 3): the precision Trino gives the literal. A zone suffix is ignored.
func FractionDigits(s string) int {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return 0
	}
	j := strings.IndexByte(s[i:], '.')
	if j < 0 {
		return 0
	}
	n := 0
	for k := i + j + 1; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
		n++
	}
	return n
}

// AtTimeZone implements timestamp with time zone AT TIME ZONE zone (and
// at_timezone): the same instant, shown in zone, which is an IANA name
// ("America/New_York"), "UTC", or an offset ("+05:30"). An unknown zone is
// INVALID_FUNCTION_ARGUMENT "Time zone not supported: X".
func AtTimeZone(packed int64, zone string) (int64, error) {
	k, err := ZoneKey(zone)
	if err != nil {
		return 0, sqlerr.New(sqlerr.InvalidFunctionArgument, "Time zone not supported: %s", zone)
	}
	return PackTZ(UnpackMillis(packed), k), nil
}

// TimestampAtTimeZone implements timestamp AT TIME ZONE zone for a
// timestamp without zone: the wall time is read in the session zone (as
// the implicit cast to timestamp with time zone does) and the instant is
// shown in zone.
func TimestampAtTimeZone(us int64, sessionZone int, zone string) (int64, error) {
	return AtTimeZone(TimestampToTZ(us, sessionZone), zone)
}

// TimestampToTZ interprets a timestamp's wall time in zone, as
// CAST(timestamp AS timestamp with time zone) does with the session zone.
// A wall time in a DST gap moves forward by the gap.
func TimestampToTZ(us int64, zone int) int64 {
	lt := wallToInstant(MicrosToTime(us), ZoneLocation(zone), 0, false)
	return PackTZ(floorDiv(TimeToMicros(lt), 1000), zone)
}

// wallToInstant reads the wall clock of w (a UTC time standing for a local
// date and time) in loc, as Joda's lenient local-to-UTC conversion does: in
// an overlap the preferred offset wins when given (else the earlier
// instant); a wall time in a gap moves forward by the gap (02:30 on a
// spring-forward night in New York is 03:30 EDT).
func wallToInstant(w time.Time, loc *time.Location, preferOffset int, prefer bool) time.Time {
	sameWall := func(c time.Time) bool {
		return c.Year() == w.Year() && c.Month() == w.Month() && c.Day() == w.Day() &&
			c.Hour() == w.Hour() && c.Minute() == w.Minute() && c.Second() == w.Second()
	}
	at := func(off int) time.Time { return w.Add(-time.Duration(off) * time.Second).In(loc) }
	if prefer {
		if c := at(preferOffset); sameWall(c) {
			return c
		}
	}
	// Offsets in effect a day either side cover any single transition.
	_, before := w.Add(-24 * time.Hour).In(loc).Zone()
	_, after := w.Add(24 * time.Hour).In(loc).Zone()
	if c := at(before); sameWall(c) {
		if c2 := at(after); sameWall(c2) && c2.Before(c) {
			return c2
		}
		return c
	}
	if c := at(after); sameWall(c) {
		return c
	}
	return at(before) // in a gap: forward by the gap
}

// TZToTimestamp returns the wall time of a timestamp with time zone in its
// own zone, as CAST(timestamp with time zone AS timestamp) does.
func TZToTimestamp(packed int64) int64 {
	t := TZToTime(packed)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return TimeToMicros(wall)
}
