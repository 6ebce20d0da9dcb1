package functions

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
)

// Date and time functions beyond those in regexp_json_time.go, after
// Trino's DateTimeFunctions (Joda-Time fields and formatters).

const msPerDay = 86400000

func init() {
	isTemporal := func(t *types.Type) bool {
		switch t.Kind {
		case types.Date, types.Timestamp, types.TimestampTZ:
			return true
		}
		return false
	}
	// tsParam maps a date argument to the timestamp it coerces to.
	tsParam := func(t *types.Type) *types.Type {
		if t.Kind == types.Date || t.Kind == types.Unknown {
			return types.NewTimestamp(0, false)
		}
		return t
	}

	register("date_format", "date_format(timestamp(p), varchar(x))", func(args []*types.Type) *Bound {
		if len(args) != 2 || !isTemporal(args[0]) && args[0].Kind != types.Unknown || !types.CanCoerce(args[1], varchar) {
			return nil
		}
		t := tsParam(args[0])
		return &Bound{Params: []*types.Type{t, varchar}, Ret: varchar, Impl: rowWise(func(c *Context, a []any) (any, error) {
			f, err := mysqlFormatter(a[1].(string))
			if err != nil {
				return nil, err
			}
			return f.print(jodaTime(t, a[0].(int64))), nil
		})}
	})
	register("date_parse", "date_parse(varchar(x), varchar(y))", fixed(types.TimestampType, rowWise(func(c *Context, a []any) (any, error) {
		f, err := mysqlFormatter(a[1].(string))
		if err != nil {
			return nil, err
		}
		tm, err := f.parse(a[0].(string), time.UTC, false)
		if err != nil {
			return nil, err
		}
		return value.TimeToMicros(tm), nil
	}), varchar, varchar))
	register("format_datetime", "format_datetime(timestamp(p), varchar(x))", func(args []*types.Type) *Bound {
		if len(args) != 2 || !isTemporal(args[0]) && args[0].Kind != types.Unknown || !types.CanCoerce(args[1], varchar) {
			return nil
		}
		t := tsParam(args[0])
		return &Bound{Params: []*types.Type{t, varchar}, Ret: varchar, Impl: rowWise(func(c *Context, a []any) (any, error) {
			f, err := jodaFormatter(a[1].(string), c.Start.Year())
			if err != nil {
				return nil, err
			}
			return f.print(jodaTime(t, a[0].(int64))), nil
		})}
	})
	register("parse_datetime", "parse_datetime(varchar(x), varchar(y))", fixed(types.TimestampTZType, rowWise(func(c *Context, a []any) (any, error) {
		f, err := jodaFormatter(a[1].(string), c.Start.Year())
		if err != nil {
			return nil, err
		}
		tm, err := f.parse(a[0].(string), value.ZoneLocation(c.Zone), true)
		if err != nil {
			return nil, err
		}
		zone := c.Zone
		if f.zoneParsed != nil {
			zone = *f.zoneParsed
		}
		return value.TimeToTZ(tm, zone), nil
	}), varchar, varchar))

	register("date_add", "date_add(varchar(x), bigint, T)", func(args []*types.Type) *Bound {
		if len(args) != 3 || !types.CanCoerce(args[0], varchar) || !types.CanCoerce(args[1], bigint) || !isTemporal(args[2]) {
			return nil
		}
		t := args[2]
		return &Bound{Params: []*types.Type{varchar, bigint, t}, Ret: t, Impl: rowWise(func(c *Context, a []any) (any, error) {
			unit := strings.ToLower(a[0].(string))
			n := a[1].(int64)
			if n != int64(int32(n)) {
				return nil, &OverflowError{Msg: "integer overflow"}
			}
			if t.Kind == types.Date && !isDateUnit(unit) {
				return nil, invalidArg("'%s' is not a valid DATE field", unit)
			}
			if !isTimestampUnit(unit) {
				return nil, invalidArg("'%s' is not a valid Timestamp field", unit)
			}
			tm := toTime(t, a[2].(int64))
			r := addUnit(tm, unit, n)
			switch t.Kind {
			case types.Date:
				return value.TimeToDays(r), nil
			case types.Timestamp:
				return value.TimeToMicros(r), nil
			}
			return value.TimeToTZ(r, value.UnpackZone(a[2].(int64))), nil
		})}
	})
	register("date_diff", "date_diff(varchar(x), T, T)", func(args []*types.Type) *Bound {
		if len(args) != 3 || !types.CanCoerce(args[0], varchar) {
			return nil
		}
		t := types.CommonSuperType(args[1], args[2])
		if t == nil || !isTemporal(t) {
			return nil
		}
		return &Bound{Params: []*types.Type{varchar, t, t}, Ret: bigint, Impl: rowWise(func(c *Context, a []any) (any, error) {
			unit := strings.ToLower(a[0].(string))
			if t.Kind == types.Date && !isDateUnit(unit) {
				return nil, invalidArg("'%s' is not a valid DATE field", unit)
			}
			if !isTimestampUnit(unit) {
				return nil, invalidArg("'%s' is not a valid Timestamp field", unit)
			}
			x, y := a[1].(int64), a[2].(int64)
			var loc *time.Location
			switch t.Kind {
			case types.Date:
				x, y = x*msPerDay, y*msPerDay
				loc = time.UTC
			case types.Timestamp:
				x, y = floorDiv(x, 1000), floorDiv(y, 1000)
				loc = time.UTC
			default:
				loc = value.ZoneLocation(value.UnpackZone(x))
				x, y = value.UnpackMillis(x), value.UnpackMillis(y)
			}
			return jodaDiff(unit, y, x, loc), nil
		})}
	})

	register("at_timezone", "at_timezone(timestamp(p) with time zone, varchar(x))", func(args []*types.Type) *Bound {
		if len(args) != 2 || !types.CanCoerce(args[1], varchar) || !(args[0].Kind == types.TimestampTZ || args[0].Kind == types.Timestamp || args[0].Kind == types.Date) {
			return nil
		}
		t := args[0]
		if t.Kind != types.TimestampTZ {
			t = types.NewTimestamp(max(t.Precision, 0), true)
			if args[0].Kind == types.Date {
				t = types.NewTimestamp(0, true)
			}
		}
		return &Bound{Params: []*types.Type{t, varchar}, Ret: t, Impl: rowWise(func(c *Context, a []any) (any, error) {
			z, err := zoneArg(a[1].(string))
			if err != nil {
				return nil, err
			}
			return value.PackTZ(value.UnpackMillis(a[0].(int64)), z), nil
		})}
	})
	register("with_timezone", "with_timezone(timestamp(p), varchar(x))", func(args []*types.Type) *Bound {
		if len(args) != 2 || !types.CanCoerce(args[1], varchar) || !(args[0].Kind == types.Timestamp || args[0].Kind == types.Date) {
			return nil
		}
		t := tsParam(args[0])
		return &Bound{Params: []*types.Type{t, varchar}, Ret: types.NewTimestamp(t.Precision, true), Impl: rowWise(func(c *Context, a []any) (any, error) {
			z, err := zoneArg(a[1].(string))
			if err != nil {
				return nil, err
			}
			tm := value.MicrosToTime(a[0].(int64))
			loc := value.ZoneLocation(z)
			local := time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), loc)
			return value.TimeToTZ(local, z), nil
		})}
	})

	register("from_unixtime", "from_unixtime(double, varchar(x))", fixed(types.TimestampTZType, rowWise(func(c *Context, a []any) (any, error) {
		z, err := zoneArg(a[1].(string))
		if err != nil {
			return nil, err
		}
		return value.PackTZ(int64(math.Floor(a[0].(float64)*1000+0.5)), z), nil
	}), double, varchar))
	register("from_unixtime", "from_unixtime(double, bigint, bigint)", fixed(types.TimestampTZType, rowWise(func(c *Context, a []any) (any, error) {
		off := a[1].(int64)*60 + a[2].(int64)
		if off < -14*60 || off > 14*60 {
			return nil, invalidArg("Invalid offset minutes %d", off)
		}
		return value.PackTZ(int64(math.Floor(a[0].(float64)*1000+0.5)), value.OffsetZoneKey(int(off))), nil
	}), double, bigint, bigint))

	extract := func(name string, kinds []types.Kind, fn func(t *types.Type, v int64) int64) {
		register(name, name+"(T)", func(args []*types.Type) *Bound {
			if len(args) != 1 {
				return nil
			}
			for _, k := range kinds {
				if args[0].Kind == k {
					t := args[0]
					return &Bound{Params: args, Ret: bigint, Impl: rowWise(func(c *Context, a []any) (any, error) {
						return fn(t, a[0].(int64)), nil
					})}
				}
			}
			return nil
		})
	}
	dateKinds := []types.Kind{types.Date, types.Timestamp, types.TimestampTZ}
	isoYear := func(t *types.Type, v int64) int64 { y, _ := toTime(t, v).ISOWeek(); return int64(y) }
	extract("year_of_week", dateKinds, isoYear)
	extract("yow", dateKinds, isoYear)
	extract("week_of_year", dateKinds, func(t *types.Type, v int64) int64 { _, w := toTime(t, v).ISOWeek(); return int64(w) })
	extract("millisecond", []types.Kind{types.Timestamp, types.TimestampTZ, types.Time}, func(t *types.Type, v int64) int64 {
		switch t.Kind {
		case types.TimestampTZ:
			return int64(toTime(t, v).Nanosecond() / 1e6)
		}
		return floorMod(v, 1e6) / 1000
	})
	extract("millisecond", []types.Kind{types.IntervalDayTime}, func(t *types.Type, v int64) int64 { return v % 1000 })
	extract("timezone_hour", []types.Kind{types.TimestampTZ}, func(t *types.Type, v int64) int64 {
		_, off := toTime(t, v).Zone()
		return int64(off / 60 / 60)
	})
	extract("timezone_minute", []types.Kind{types.TimestampTZ}, func(t *types.Type, v int64) int64 {
		_, off := toTime(t, v).Zone()
		return int64(off / 60 % 60)
	})
	register("last_day_of_month", "last_day_of_month(T)", func(args []*types.Type) *Bound {
		if len(args) != 1 || !isTemporal(args[0]) {
			return nil
		}
		t := args[0]
		return &Bound{Params: args, Ret: types.DateType, Impl: rowWise(func(c *Context, a []any) (any, error) {
			tm := toTime(t, a[0].(int64))
			last := time.Date(tm.Year(), tm.Month()+1, 0, 0, 0, 0, 0, time.UTC)
			return value.TimeToDays(last), nil
		})}
	})
}

func zoneArg(name string) (int, error) {
	z, err := value.ZoneKey(name)
	if err != nil {
		return 0, sqlerr.New(sqlerr.NotSupported, "Time zone not supported: %s", name)
	}
	return z, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func isDateUnit(u string) bool {
	switch u {
	case "day", "week", "month", "quarter", "year":
		return true
	}
	return false
}

func isTimestampUnit(u string) bool {
	switch u {
	case "millisecond", "second", "minute", "hour":
		return true
	}
	return isDateUnit(u)
}

// addUnit is Joda's field add: time units add elapsed time, days and
// weeks move the local date, months and years keep the day of month
// where it exists and otherwise take the month's last day.
func addUnit(t time.Time, unit string, n int64) time.Time {
	switch unit {
	case "millisecond":
		return t.Add(time.Duration(n) * time.Millisecond)
	case "second":
		return t.Add(time.Duration(n) * time.Second)
	case "minute":
		return t.Add(time.Duration(n) * time.Minute)
	case "hour":
		return t.Add(time.Duration(n) * time.Hour)
	case "day":
		return t.AddDate(0, 0, int(n))
	case "week":
		return t.AddDate(0, 0, int(n)*7)
	case "month":
		return addMonths(t, n)
	case "quarter":
		return addMonths(t, n*3)
	case "year":
		return addMonths(t, n*12)
	}
	return t
}

func addMonths(t time.Time, n int64) time.Time {
	y, m, d := t.Date()
	total := int64(y)*12 + int64(m-1) + n
	ny, nm := int(floorDiv(total, 12)), time.Month(floorMod(total, 12)+1)
	if dim := daysIn(ny, nm); d > dim {
		d = dim
	}
	return time.Date(ny, nm, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// jodaDiff is Joda's getDifferenceAsLong(minuend, subtrahend) for unit in
// the chronology of loc: elapsed time for units up to an hour, local
// wall-clock time for days and longer.
func jodaDiff(unit string, minuend, subtrahend int64, loc *time.Location) int64 {
	switch unit {
	case "millisecond":
		return minuend - subtrahend
	case "second":
		return (minuend - subtrahend) / 1000
	case "minute":
		return (minuend - subtrahend) / 60000
	case "hour":
		return (minuend - subtrahend) / 3600000
	}
	local := func(ms int64) int64 {
		_, off := time.UnixMilli(ms).In(loc).Zone()
		return ms + int64(off)*1000
	}
	// Joda adds the subtrahend's offset to both for time fields and each
	// instant's own offset for date fields.
	m, s := local(minuend), local(subtrahend)
	switch unit {
	case "day":
		return (m - s) / msPerDay
	case "week":
		return (m - s) / (7 * msPerDay)
	case "month":
		return jodaMonthDiff(m, s)
	case "quarter":
		return jodaMonthDiff(m, s) / 3
	case "year":
		return jodaYearDiff(m, s)
	}
	return 0
}

func utcMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func monthStart(t time.Time) int64 {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
}

func jodaMonthDiff(minuend, subtrahend int64) int64 {
	if minuend < subtrahend {
		return -jodaMonthDiff(subtrahend, minuend)
	}
	mt, st := utcMillis(minuend), utcMillis(subtrahend)
	diff := int64(mt.Year()-st.Year())*12 + int64(mt.Month()) - int64(st.Month())
	if mt.Day() == daysIn(mt.Year(), mt.Month()) && st.Day() > mt.Day() {
		st = time.Date(st.Year(), st.Month(), mt.Day(), st.Hour(), st.Minute(), st.Second(), st.Nanosecond(), time.UTC)
		subtrahend = st.UnixMilli()
	}
	if minuend-monthStart(mt) < subtrahend-monthStart(st) {
		diff--
	}
	return diff
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func jodaYearDiff(minuend, subtrahend int64) int64 {
	if minuend < subtrahend {
		return -jodaYearDiff(subtrahend, minuend)
	}
	mt, st := utcMillis(minuend), utcMillis(subtrahend)
	yearStart := func(t time.Time) int64 { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() }
	mRem, sRem := minuend-yearStart(mt), subtrahend-yearStart(st)
	const feb29 = (31 + 28) * msPerDay
	if sRem >= feb29 && isLeap(st.Year()) {
		if !isLeap(mt.Year()) {
			sRem -= msPerDay
		}
	} else if mRem >= feb29 && isLeap(mt.Year()) {
		if !isLeap(st.Year()) {
			mRem -= msPerDay
		}
	}
	diff := int64(mt.Year() - st.Year())
	if mRem < sRem {
		diff--
	}
	return diff
}

// jodaTime converts a timestamp argument to the time Joda formats: the
// UTC wall time of a timestamp (in milliseconds), or the instant in its
// own zone.
func jodaTime(t *types.Type, v int64) time.Time {
	switch t.Kind {
	case types.Timestamp:
		return time.UnixMilli(floorDiv(v, 1000)).UTC()
	case types.Date:
		return value.DaysToTime(v)
	}
	return value.TZToTime(v)
}

// --- Joda-style formatters

type dtKind int

const (
	fLiteral dtKind = iota
	fYear
	fYearOfEra
	fTwoDigitYear
	fWeekyear
	fTwoDigitWeekyear
	fCentury
	fEra
	fMonth
	fMonthShort
	fMonthText
	fDayOfMonth
	fDayOfYear
	fDayOfWeek
	fDayOfWeekShort
	fDayOfWeekText
	fWeekOfWeekyear
	fHalfday
	fHourOfDay
	fClockhourOfHalfday
	fHourOfHalfday
	fClockhourOfDay
	fMinute
	fSecond
	fFraction
	fZoneOffset
	fZoneOffsetColon
	fZoneID
	fZoneShort
	fZoneLong
)

type dtField struct {
	kind        dtKind
	min, max    int // digits printed at least / parsed at most
	lit         string
	pivot       int
	lenient     bool
	signed      bool
	unsupported string // set: formatting or parsing fails with this
}

type dtFormatter struct {
	fields     []dtField
	zoneParsed *int
}

func (f *dtFormatter) add(d dtField) { f.fields = append(f.fields, d) }

var (
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

// mysqlFormatter builds the formatter for a MySQL date_format string.
func mysqlFormatter(format string) (*dtFormatter, error) {
	f := &dtFormatter{}
	escaped := false
	for _, ch := range format {
		if !escaped {
			if ch == '%' {
				escaped = true
			} else {
				f.add(dtField{kind: fLiteral, lit: string(ch)})
			}
			continue
		}
		escaped = false
		num := func(k dtKind, min, max int) { f.add(dtField{kind: k, min: min, max: max}) }
		lit := func(s string) { f.add(dtField{kind: fLiteral, lit: s}) }
		switch ch {
		case 'a':
			num(fDayOfWeekShort, 0, 0)
		case 'b':
			num(fMonthShort, 0, 0)
		case 'c':
			num(fMonth, 1, 2)
		case 'd':
			num(fDayOfMonth, 2, 2)
		case 'e':
			num(fDayOfMonth, 1, 2)
		case 'f':
			num(fFraction, 6, 9)
		case 'H':
			num(fHourOfDay, 2, 2)
		case 'h', 'I':
			num(fClockhourOfHalfday, 2, 2)
		case 'i':
			num(fMinute, 2, 2)
		case 'j':
			num(fDayOfYear, 3, 3)
		case 'k':
			num(fHourOfDay, 1, 2)
		case 'l':
			num(fClockhourOfHalfday, 1, 2)
		case 'M':
			num(fMonthText, 0, 0)
		case 'm':
			num(fMonth, 2, 2)
		case 'p':
			num(fHalfday, 0, 0)
		case 'r':
			num(fClockhourOfHalfday, 2, 2)
			lit(":")
			num(fMinute, 2, 2)
			lit(":")
			num(fSecond, 2, 2)
			lit(" ")
			num(fHalfday, 0, 0)
		case 'S', 's':
			num(fSecond, 2, 2)
		case 'T':
			num(fHourOfDay, 2, 2)
			lit(":")
			num(fMinute, 2, 2)
			lit(":")
			num(fSecond, 2, 2)
		case 'v':
			num(fWeekOfWeekyear, 2, 2)
		case 'x':
			f.add(dtField{kind: fWeekyear, min: 4, max: 4, signed: true})
		case 'W':
			num(fDayOfWeekText, 0, 0)
		case 'Y':
			f.add(dtField{kind: fYear, min: 4, max: 4, signed: true})
		case 'y':
			f.add(dtField{kind: fTwoDigitYear, pivot: 2020})
		case 'w', 'U', 'u', 'V', 'X', 'D':
			return nil, invalidArg("%%%c not supported in date format string", ch)
		default:
			lit(string(ch))
		}
	}
	return f, nil
}

func isJodaNumeric(c byte, n int) bool {
	switch c {
	case 'c', 'C', 'x', 'y', 'Y', 'd', 'h', 'H', 'm', 's', 'S', 'e', 'D', 'F', 'w', 'W', 'k', 'K':
		return true
	case 'M':
		return n <= 2
	}
	return false
}

// jodaFormatter builds the formatter for a Joda-Time pattern
// (DateTimeFormat.forPattern). year is the current year, from which
// two-digit years pivot.
func jodaFormatter(pattern string, year int) (*dtFormatter, error) {
	type token struct {
		c   byte
		n   int
		lit string
	}
	var toks []token
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(pattern) && pattern[j] == c {
				j++
			}
			toks = append(toks, token{c: c, n: j - i})
			i = j
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for j < len(pattern) {
				if pattern[j] == '\'' {
					if j+1 < len(pattern) && pattern[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(pattern[j])
				j++
			}
			if j == i+1 && j < len(pattern) {
				// '' is a quote character
				b.WriteByte('\'')
			}
			toks = append(toks, token{lit: b.String()})
			i = j + 1
		default:
			j := i
			for j < len(pattern) && pattern[j] != '\'' && !(pattern[j] >= 'a' && pattern[j] <= 'z' || pattern[j] >= 'A' && pattern[j] <= 'Z') {
				j++
			}
			toks = append(toks, token{lit: pattern[i:j]})
			i = j
		}
	}
	f := &dtFormatter{}
	for i, t := range toks {
		if t.c == 0 {
			f.add(dtField{kind: fLiteral, lit: t.lit})
			continue
		}
		nextNumeric := i+1 < len(toks) && toks[i+1].c != 0 && isJodaNumeric(toks[i+1].c, toks[i+1].n)
		n := t.n
		switch t.c {
		case 'x', 'y', 'Y':
			if n == 2 {
				k := fTwoDigitYear
				if t.c == 'x' {
					k = fTwoDigitWeekyear
				}
				f.add(dtField{kind: k, pivot: year - 30, lenient: !nextNumeric})
				continue
			}
			maxDigits := 9
			if nextNumeric {
				maxDigits = n
			}
			k := map[byte]dtKind{'x': fWeekyear, 'y': fYear, 'Y': fYearOfEra}[t.c]
			f.add(dtField{kind: k, min: n, max: maxDigits, signed: t.c != 'Y'})
		case 'G':
			f.add(dtField{kind: fEra})
		case 'C':
			f.add(dtField{kind: fCentury, min: n, max: max(n, 7)})
		case 'M':
			switch {
			case n >= 4:
				f.add(dtField{kind: fMonthText})
			case n == 3:
				f.add(dtField{kind: fMonthShort})
			default:
				f.add(dtField{kind: fMonth, min: n, max: 2})
			}
		case 'd':
			f.add(dtField{kind: fDayOfMonth, min: n, max: 2})
		case 'a':
			f.add(dtField{kind: fHalfday})
		case 'h':
			f.add(dtField{kind: fClockhourOfHalfday, min: n, max: 2})
		case 'H':
			f.add(dtField{kind: fHourOfDay, min: n, max: 2})
		case 'k':
			f.add(dtField{kind: fClockhourOfDay, min: n, max: 2})
		case 'K':
			f.add(dtField{kind: fHourOfHalfday, min: n, max: 2})
		case 'm':
			f.add(dtField{kind: fMinute, min: n, max: 2})
		case 's':
			f.add(dtField{kind: fSecond, min: n, max: 2})
		case 'S':
			f.add(dtField{kind: fFraction, min: n, max: n})
		case 'e':
			f.add(dtField{kind: fDayOfWeek, min: n, max: 1})
		case 'E':
			if n >= 4 {
				f.add(dtField{kind: fDayOfWeekText})
			} else {
				f.add(dtField{kind: fDayOfWeekShort})
			}
		case 'D':
			f.add(dtField{kind: fDayOfYear, min: n, max: 3})
		case 'w':
			f.add(dtField{kind: fWeekOfWeekyear, min: n, max: 2})
		case 'z':
			if n >= 4 {
				f.add(dtField{kind: fZoneLong, unsupported: "Parsing of time zone names is not supported"})
			} else {
				f.add(dtField{kind: fZoneShort, unsupported: "Parsing of time zone names is not supported"})
			}
		case 'Z':
			switch n {
			case 1:
				f.add(dtField{kind: fZoneOffset})
			case 2:
				f.add(dtField{kind: fZoneOffsetColon})
			default:
				f.add(dtField{kind: fZoneID})
			}
		default:
			return nil, invalidArg("Illegal pattern component: %s", strings.Repeat(string(t.c), n))
		}
	}
	return f, nil
}

func padNum(v int64, min int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if len(s) < min {
		s = strings.Repeat("0", min-len(s)) + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

func (f *dtFormatter) print(t time.Time) string {
	var b strings.Builder
	for _, d := range f.fields {
		switch d.kind {
		case fLiteral:
			b.WriteString(d.lit)
		case fYear:
			b.WriteString(padNum(int64(t.Year()), d.min))
		case fYearOfEra:
			y := t.Year()
			if y <= 0 {
				y = 1 - y
			}
			b.WriteString(padNum(int64(y), d.min))
		case fTwoDigitYear:
			b.WriteString(padNum(floorMod(int64(t.Year()), 100), 2))
		case fWeekyear:
			y, _ := t.ISOWeek()
			b.WriteString(padNum(int64(y), d.min))
		case fTwoDigitWeekyear:
			y, _ := t.ISOWeek()
			b.WriteString(padNum(floorMod(int64(y), 100), 2))
		case fCentury:
			y := t.Year()
			if y <= 0 {
				y = 1 - y
			}
			b.WriteString(padNum(int64(y/100), d.min))
		case fEra:
			if t.Year() <= 0 {
				b.WriteString("BC")
			} else {
				b.WriteString("AD")
			}
		case fMonth:
			b.WriteString(padNum(int64(t.Month()), d.min))
		case fMonthShort:
			b.WriteString(monthNames[t.Month()-1][:3])
		case fMonthText:
			b.WriteString(monthNames[t.Month()-1])
		case fDayOfMonth:
			b.WriteString(padNum(int64(t.Day()), d.min))
		case fDayOfYear:
			b.WriteString(padNum(int64(t.YearDay()), d.min))
		case fDayOfWeek:
			b.WriteString(padNum(int64((int(t.Weekday())+6)%7+1), d.min))
		case fDayOfWeekShort:
			b.WriteString(weekdayNames[(int(t.Weekday())+6)%7][:3])
		case fDayOfWeekText:
			b.WriteString(weekdayNames[(int(t.Weekday())+6)%7])
		case fWeekOfWeekyear:
			_, w := t.ISOWeek()
			b.WriteString(padNum(int64(w), d.min))
		case fHalfday:
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case fHourOfDay:
			b.WriteString(padNum(int64(t.Hour()), d.min))
		case fClockhourOfHalfday:
			b.WriteString(padNum(int64((t.Hour()+11)%12+1), d.min))
		case fHourOfHalfday:
			b.WriteString(padNum(int64(t.Hour()%12), d.min))
		case fClockhourOfDay:
			h := t.Hour()
			if h == 0 {
				h = 24
			}
			b.WriteString(padNum(int64(h), d.min))
		case fMinute:
			b.WriteString(padNum(int64(t.Minute()), d.min))
		case fSecond:
			b.WriteString(padNum(int64(t.Second()), d.min))
		case fFraction:
			// Joda keeps milliseconds: print max digits, drop trailing
			// zeros down to min.
			ms := t.Nanosecond() / 1e6
			s := fmt.Sprintf("%03d", ms)
			if d.max > 3 {
				s += strings.Repeat("0", d.max-3)
			} else {
				s = s[:d.max]
			}
			for len(s) > d.min && s[len(s)-1] == '0' {
				s = s[:len(s)-1]
			}
			b.WriteString(s)
		case fZoneOffset, fZoneOffsetColon:
			_, off := t.Zone()
			sign := '+'
			if off < 0 {
				sign, off = '-', -off
			}
			if d.kind == fZoneOffset {
				fmt.Fprintf(&b, "%c%02d%02d", sign, off/3600, off/60%60)
			} else {
				fmt.Fprintf(&b, "%c%02d:%02d", sign, off/3600, off/60%60)
			}
		case fZoneID, fZoneLong:
			b.WriteString(t.Location().String())
		case fZoneShort:
			name, _ := t.Zone()
			b.WriteString(name)
		}
	}
	return b.String()
}

// jodaParseError renders Joda's FormatUtils.createErrorMessage.
func jodaParseError(text string, pos int) error {
	sample := text
	if len(text) > pos+32+3 {
		sample = text[:pos+32] + "..."
	}
	switch {
	case pos <= 0:
		return invalidArg("Invalid format: \"%s\"", sample)
	case pos >= len(text):
		return invalidArg("Invalid format: \"%s\" is too short", sample)
	}
	return invalidArg("Invalid format: \"%s\" is malformed at \"%s\"", sample, sample[pos:])
}

// parseNumber reads up to max digits (at least one), with a sign when
// signed.
func parseNumber(s string, pos, maxDigits int, signed bool) (int, int, bool) {
	limit := min(maxDigits, len(s)-pos)
	neg := false
	i := pos
	if signed && i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
		limit = min(limit+1, len(s)-pos)
	}
	start := i
	for i < pos+limit && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return 0, pos, false
	}
	v, err := strconv.Atoi(s[start:i])
	if err != nil {
		return 0, pos, false
	}
	if neg {
		v = -v
	}
	return v, i, true
}

// parseText matches the longest of names or their 3-letter forms, in
// their own, lower or upper case.
func parseText(s string, pos int, names []string) (int, int, bool) {
	best, bestLen := -1, 0
	for i, n := range names {
		for _, cand := range []string{n, n[:min(3, len(n))]} {
			for _, c := range []string{cand, strings.ToLower(cand), strings.ToUpper(cand)} {
				if strings.HasPrefix(s[pos:], c) && len(c) > bestLen {
					best, bestLen = i, len(c)
				}
			}
		}
	}
	if best < 0 {
		return 0, pos, false
	}
	return best, pos + bestLen, true
}

// parse reads s with the formatter into a time in loc (the default zone);
// with offsets set, a parsed offset or zone id is recorded in
// f.zoneParsed.
func (f *dtFormatter) parse(s string, loc *time.Location, offsets bool) (time.Time, error) {
	f.zoneParsed = nil
	vals := map[dtKind]int{}
	save := func(k dtKind, v int) { vals[k] = v }
	offset, haveOffset := 0, false
	var zoneLoc *time.Location
	pos := 0
	for _, d := range f.fields {
		if d.unsupported != "" {
			return time.Time{}, invalidArg("%s", d.unsupported)
		}
		var ok bool
		var v int
		switch d.kind {
		case fLiteral:
			if len(s)-pos >= len(d.lit) && strings.EqualFold(s[pos:pos+len(d.lit)], d.lit) {
				pos += len(d.lit)
				continue
			}
			return time.Time{}, jodaParseError(s, pos)
		case fMonthShort, fMonthText:
			v, pos, ok = parseText(s, pos, monthNames)
			v++
			d.kind = fMonth
		case fDayOfWeekShort, fDayOfWeekText:
			v, pos, ok = parseText(s, pos, weekdayNames)
			v++
			d.kind = fDayOfWeek
		case fHalfday:
			v, pos, ok = parseText(s, pos, []string{"AM", "PM"})
		case fEra:
			v, pos, ok = parseText(s, pos, []string{"BC", "AD"})
		case fTwoDigitYear, fTwoDigitWeekyear:
			v, pos, ok = parseTwoDigitYear(s, pos, d)
			if d.kind == fTwoDigitYear {
				d.kind = fYear
			} else {
				d.kind = fWeekyear
			}
		case fFraction:
			start := pos
			v, pos, ok = parseNumber(s, pos, d.max, false)
			if ok {
				// scale to milliseconds
				digits := pos - start
				ms := float64(v) / math.Pow10(digits) * 1000
				v = int(ms)
			}
		case fZoneOffset, fZoneOffsetColon:
			offset, pos, ok = parseOffset(s, pos)
			haveOffset = ok
			if ok {
				continue
			}
		case fZoneID:
			for e := len(s); e > pos; e-- {
				if z, err := value.ZoneKey(s[pos:e]); err == nil && strings.TrimSpace(s[pos:e]) == s[pos:e] {
					zk := z
					f.zoneParsed = &zk
					zoneLoc = value.ZoneLocation(z)
					pos, ok = e, true
					break
				}
			}
			if ok {
				continue
			}
		default:
			v, pos, ok = parseNumber(s, pos, d.max, d.signed)
		}
		if !ok {
			return time.Time{}, jodaParseError(s, pos)
		}
		save(d.kind, v)
	}
	if pos < len(s) {
		return time.Time{}, jodaParseError(s, pos)
	}
	// Compute the instant: fields set from the largest on 1970-01-01.
	fail := func(field string, v, lo, hi int) error {
		return invalidArg("Cannot parse \"%s\": Value %d for %s must be in the range [%d,%d]", s, v, field, lo, hi)
	}
	_, hasYear := vals[fYear]
	_, hasYoE := vals[fYearOfEra]
	_, hasWY := vals[fWeekyear]
	_, hasCentury := vals[fCentury]
	year, month, day := 1970, 1, 1
	if !hasYear && !hasYoE && !hasWY && !hasCentury {
		for _, k := range []dtKind{fMonth, fDayOfMonth, fDayOfYear, fDayOfWeek, fWeekOfWeekyear} {
			if _, ok := vals[k]; ok {
				year = 2000
				break
			}
		}
	}
	if v, ok := vals[fCentury]; ok {
		year = v*100 + year%100
	}
	if v, ok := vals[fYear]; ok {
		year = v
	}
	if v, ok := vals[fYearOfEra]; ok {
		year = v
		if e, ok := vals[fEra]; ok && e == 0 {
			year = 1 - v
		}
	}
	date := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	if v, ok := vals[fWeekyear]; ok {
		// Keep week of year and day of week, move to the week-year.
		_, w := date.ISOWeek()
		date = isoWeekDate(v, w, (int(date.Weekday())+6)%7+1)
	}
	if v, ok := vals[fMonth]; ok {
		if v < 1 || v > 12 {
			return time.Time{}, fail("monthOfYear", v, 1, 12)
		}
		month = v
		day = min(date.Day(), daysIn(date.Year(), time.Month(v)))
		date = time.Date(date.Year(), time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	if v, ok := vals[fWeekOfWeekyear]; ok {
		wy, _ := date.ISOWeek()
		maxW := 52
		if _, w := time.Date(wy, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek(); w == 53 {
			maxW = 53
		}
		if v < 1 || v > maxW {
			return time.Time{}, fail("weekOfWeekyear", v, 1, maxW)
		}
		date = isoWeekDate(wy, v, (int(date.Weekday())+6)%7+1)
	}
	if v, ok := vals[fDayOfYear]; ok {
		n := 365
		if isLeap(date.Year()) {
			n = 366
		}
		if v < 1 || v > n {
			return time.Time{}, fail("dayOfYear", v, 1, n)
		}
		date = time.Date(date.Year(), 1, v, 0, 0, 0, 0, time.UTC)
	}
	if v, ok := vals[fDayOfMonth]; ok {
		n := daysIn(date.Year(), date.Month())
		if v < 1 || v > n {
			return time.Time{}, fail("dayOfMonth", v, 1, n)
		}
		date = time.Date(date.Year(), date.Month(), v, 0, 0, 0, 0, time.UTC)
	}
	if v, ok := vals[fDayOfWeek]; ok {
		if v < 1 || v > 7 {
			return time.Time{}, fail("dayOfWeek", v, 1, 7)
		}
		cur := (int(date.Weekday())+6)%7 + 1
		date = date.AddDate(0, 0, v-cur)
	}
	hour := 0
	if v, ok := vals[fHalfday]; ok {
		hour = 12 * v
	}
	check := func(k dtKind, name string, lo, hi int) (int, bool, error) {
		v, ok := vals[k]
		if ok && (v < lo || v > hi) {
			return 0, false, fail(name, v, lo, hi)
		}
		return v, ok, nil
	}
	if v, ok, err := check(fClockhourOfHalfday, "clockhourOfHalfday", 1, 12); err != nil {
		return time.Time{}, err
	} else if ok {
		hour = hour/12*12 + v%12
	}
	if v, ok, err := check(fHourOfHalfday, "hourOfHalfday", 0, 11); err != nil {
		return time.Time{}, err
	} else if ok {
		hour = hour/12*12 + v
	}
	if v, ok, err := check(fClockhourOfDay, "clockhourOfDay", 1, 24); err != nil {
		return time.Time{}, err
	} else if ok {
		hour = v % 24
	}
	if v, ok, err := check(fHourOfDay, "hourOfDay", 0, 23); err != nil {
		return time.Time{}, err
	} else if ok {
		hour = v
	}
	minute, _, err := check(fMinute, "minuteOfHour", 0, 59)
	if err != nil {
		return time.Time{}, err
	}
	second, _, err := check(fSecond, "secondOfMinute", 0, 59)
	if err != nil {
		return time.Time{}, err
	}
	ms := vals[fFraction]
	switch {
	case haveOffset && offsets:
		z := value.OffsetZoneKey(offset)
		f.zoneParsed = &z
		l := time.FixedZone("", offset*60)
		return time.Date(date.Year(), date.Month(), date.Day(), hour, minute, second, ms*1e6, l), nil
	case haveOffset:
		l := time.FixedZone("", offset*60)
		return time.Date(date.Year(), date.Month(), date.Day(), hour, minute, second, ms*1e6, l).UTC(), nil
	case zoneLoc != nil:
		loc = zoneLoc
	}
	return time.Date(date.Year(), date.Month(), date.Day(), hour, minute, second, ms*1e6, loc), nil
}

func isoWeekDate(year, week, dow int) time.Time {
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, (week-1)*7+dow-1)
}

// parseTwoDigitYear is Joda's TwoDigitYear parser.
func parseTwoDigitYear(s string, pos int, d dtField) (int, int, bool) {
	if d.lenient {
		i := pos
		sign := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			sign = true
			i++
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, pos, false
		}
		if sign || j-i != 2 {
			v, err := strconv.Atoi(s[pos:j])
			if err != nil {
				v, err = strconv.Atoi(s[pos+1 : j])
				if err != nil {
					return 0, pos, false
				}
			}
			return v, j, true
		}
	}
	if len(s)-pos < 2 || s[pos] < '0' || s[pos] > '9' || s[pos+1] < '0' || s[pos+1] > '9' {
		return 0, pos, false
	}
	yy := int(s[pos]-'0')*10 + int(s[pos+1]-'0')
	low := d.pivot - 50
	var t int
	if low >= 0 {
		t = low % 100
	} else {
		t = 99 + (low+1)%100
	}
	add := 0
	if yy < t {
		add = 100
	}
	return yy + low + add - t, pos + 2, true
}

// parseOffset reads "Z", "+HH", "+HHmm" or "+HH:mm" as minutes east.
func parseOffset(s string, pos int) (int, int, bool) {
	if pos < len(s) && (s[pos] == 'Z' || s[pos] == 'z') {
		return 0, pos + 1, true
	}
	if pos >= len(s) || s[pos] != '+' && s[pos] != '-' {
		return 0, pos, false
	}
	sign := 1
	if s[pos] == '-' {
		sign = -1
	}
	i := pos + 1
	if i+2 > len(s) {
		return 0, pos, false
	}
	h, err := strconv.Atoi(s[i : i+2])
	if err != nil || h > 23 {
		return 0, pos, false
	}
	i += 2
	m := 0
	if i < len(s) && s[i] == ':' {
		i++
	}
	if i+2 <= len(s) {
		if v, err := strconv.Atoi(s[i : i+2]); err == nil && v < 60 {
			m = v
			i += 2
		} else if s[i-1] == ':' {
			return 0, pos, false
		}
	} else if s[i-1] == ':' {
		return 0, pos, false
	}
	return sign * (h*60 + m), i, true
}
