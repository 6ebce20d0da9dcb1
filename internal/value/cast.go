package value

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"trawl/internal/types"
)

// CastError is a value that cannot be converted; its message is Trino's.
type CastError struct {
	Msg string
	// OutOfRange marks a value too large for the target type
	// (NUMERIC_VALUE_OUT_OF_RANGE in Trino, not INVALID_CAST_ARGUMENT).
	OutOfRange bool
}

func (e *CastError) Error() string { return e.Msg }

func castErr(v any, from, to *types.Type) error {
	return &CastError{Msg: fmt.Sprintf("Cannot cast %s '%s' to %s", from, Format(from, v), strings.ToUpper(to.String()))}
}

// CanCast reports whether CAST(from AS to) is allowed at all.
func CanCast(from, to *types.Type) bool {
	if from.Kind == types.Unknown || from.Equal(to) {
		return true
	}
	f, t := from.Kind, to.Kind
	if f == types.Varbinary && to.IsString() {
		return false // Trino has no such cast; from_utf8 decodes bytes
	}
	if to.IsString() || t == types.JSON {
		return f != types.Map || t == types.JSON
	}
	switch t {
	case types.Array:
		return f == types.Array && CanCast(from.Elem, to.Elem) || from.IsString() || f == types.JSON
	case types.Map:
		return f == types.Map && CanCast(from.Key, to.Key) && CanCast(from.Value, to.Value) || f == types.JSON
	case types.Row:
		if f == types.JSON {
			return true
		}
		if f != types.Row || len(from.Fields) != len(to.Fields) {
			return false
		}
		for i := range from.Fields {
			if !CanCast(from.Fields[i].Type, to.Fields[i].Type) {
				return false
			}
		}
		return true
	}
	if from.IsString() || f == types.JSON {
		return t != types.IntervalDayTime && t != types.IntervalYearMonth && (t != types.Time || f != types.JSON) &&
			(t != types.IPAddress && t != types.IPPrefix && t != types.Varbinary || f != types.JSON)
	}
	switch {
	case from.IsNumeric() || f == types.Boolean:
		return to.IsNumeric() || t == types.Boolean
	case f == types.Date:
		return t == types.Timestamp || t == types.TimestampTZ
	case f == types.Timestamp || f == types.TimestampTZ:
		return t == types.Date || t == types.Timestamp || t == types.TimestampTZ || t == types.Time
	case f == types.Time:
		return t == types.Time
	case f == types.IPAddress:
		return t == types.IPPrefix || t == types.Varbinary
	case f == types.IPPrefix:
		return t == types.IPAddress
	case f == types.Varbinary:
		return t == types.IPAddress
	}
	return false
}

// Cast converts a non-NULL value between types as CAST does. sessionZone
// is the zone key used when a zone must be assumed.
func Cast(v any, from, to *types.Type, sessionZone int) (any, error) {
	if from.Equal(to) {
		return v, nil
	}
	switch to.Kind {
	case types.Varchar, types.Char:
		var s string
		if from.Kind == types.Varchar || from.Kind == types.Char || from.Kind == types.JSON {
			s = v.(string)
		} else if from.Kind == types.Double || from.Kind == types.Real {
			f := v.(float64)
			if from.Kind == types.Real {
				s = FormatReal(f)
			} else {
				s = FormatDouble(f)
			}
		} else {
			s = Format(from, v)
		}
		if to.Kind == types.Varchar && to.Precision >= 0 && runeLen(s) > to.Precision {
			if from.IsString() {
				return truncateRunes(s, to.Precision), nil
			}
			return nil, &CastError{Msg: fmt.Sprintf("Value %s cannot be represented as %s", s, to)}
		}
		return s, nil
	}
	if from.IsString() {
		return castFromString(v.(string), from, to, sessionZone)
	}
	switch {
	case from.Kind == types.Boolean:
		b := v.(bool)
		var i int64
		if b {
			i = 1
		}
		switch {
		case to.IsInteger():
			return i, nil
		case to.Kind == types.Double || to.Kind == types.Real:
			return float64(i), nil
		case to.Kind == types.Decimal:
			return castToDecimal(b, from, to)
		}
	case from.IsInteger():
		i := v.(int64)
		switch {
		case to.IsInteger():
			return checkIntRange(i, to, v, from)
		case to.Kind == types.Double:
			return float64(i), nil
		case to.Kind == types.Real:
			return float64(float32(i)), nil
		case to.Kind == types.Boolean:
			return i != 0, nil
		case to.Kind == types.Decimal:
			return castToDecimal(v, from, to)
		}
	case from.Kind == types.Double || from.Kind == types.Real:
		f := v.(float64)
		switch {
		case to.IsInteger():
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s '%s' to %s", from, Format(from, v), strings.ToUpper(to.String()))}
			}
			r := math.Round(f) // half away from zero, as Trino
			if r > math.MaxInt64 || r < math.MinInt64 {
				return nil, &CastError{Msg: fmt.Sprintf("Out of range for %s: %s", to, Format(from, v)), OutOfRange: true}
			}
			return checkIntRange(int64(r), to, v, from)
		case to.Kind == types.Double:
			return f, nil
		case to.Kind == types.Real:
			return float64(float32(f)), nil
		case to.Kind == types.Boolean:
			return f != 0, nil
		case to.Kind == types.Decimal:
			return castToDecimal(v, from, to)
		}
	case from.Kind == types.Decimal:
		return castFromDecimal(v, from, to)
	case from.Kind == types.Date:
		d := v.(int64)
		switch to.Kind {
		case types.Timestamp:
			return d * 86400 * 1e6, nil
		case types.TimestampTZ:
			t := DaysToTime(d)
			loc := ZoneLocation(sessionZone)
			lt := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
			return TimeToTZ(lt, sessionZone), nil
		}
	case from.Kind == types.Timestamp:
		us := v.(int64)
		switch to.Kind {
		case types.Date:
			return floorDiv(us, 86400*1e6), nil
		case types.Timestamp:
			return roundMicros(us, to.Precision), nil
		case types.TimestampTZ:
			return TimestampToTZ(roundMicros(us, min(to.Precision, 3)), sessionZone), nil
		case types.Time:
			return RoundTime(us-floorDiv(us, 86400*1e6)*86400*1e6, to.Precision), nil
		}
	case from.Kind == types.TimestampTZ:
		p := v.(int64)
		t := TZToTime(p)
		switch to.Kind {
		case types.Date:
			return TimeToDays(t), nil
		case types.Timestamp:
			wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
			return TimeToMicros(wall), nil
		case types.TimestampTZ:
			return roundTZ(p, to.Precision), nil
		case types.Time:
			w := TZToTimestamp(p)
			return RoundTime(w-floorDiv(w, 86400*1e6)*86400*1e6, to.Precision), nil
		}
	case from.Kind == types.Array && to.Kind == types.Array:
		in := v.([]any)
		out := make([]any, len(in))
		for i, e := range in {
			if e == nil {
				continue
			}
			c, err := Cast(e, from.Elem, to.Elem, sessionZone)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case from.Kind == types.Row && to.Kind == types.Row:
		in := v.([]any)
		out := make([]any, len(in))
		for i, e := range in {
			if e == nil {
				continue
			}
			c, err := Cast(e, from.Fields[i].Type, to.Fields[i].Type, sessionZone)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case from.Kind == types.Map && to.Kind == types.Map:
		in := v.(*types.MapValue)
		out := &types.MapValue{Keys: make([]any, len(in.Keys)), Values: make([]any, len(in.Values))}
		for i := range in.Keys {
			k, err := Cast(in.Keys[i], from.Key, to.Key, sessionZone)
			if err != nil {
				return nil, err
			}
			out.Keys[i] = k
			if in.Values[i] != nil {
				c, err := Cast(in.Values[i], from.Value, to.Value, sessionZone)
				if err != nil {
					return nil, err
				}
				out.Values[i] = c
			}
		}
		return out, nil
	case from.Kind == types.IPAddress && to.Kind == types.IPPrefix:
		return IPAddressToPrefix(v.(string)), nil
	case from.Kind == types.IPAddress && to.Kind == types.Varbinary:
		return v.(string), nil
	case from.Kind == types.IPPrefix && to.Kind == types.IPAddress:
		return IPPrefixAddress(v.(string)), nil
	case from.Kind == types.Varbinary && to.Kind == types.IPAddress:
		return IPAddressFromBinary(v.(string))
	case from.Kind == types.Time && to.Kind == types.Time:
		return RoundTime(v.(int64), to.Precision), nil
	}
	return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s to %s", from, to)}
}

// roundTZ rounds a packed timestamp with time zone to precision p (only
// p < 3 changes anything: values hold milliseconds).
func roundTZ(p int64, precision int) int64 {
	if precision >= 3 {
		return p
	}
	unit := pow10(3 - precision)
	return PackTZ(floorDiv(UnpackMillis(p)+unit/2, unit)*unit, UnpackZone(p))
}

func runeLen(s string) int { return len([]rune(s)) }

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func roundMicros(us int64, p int) int64 {
	if p >= 6 {
		return us
	}
	unit := pow10(6 - p)
	return floorDiv(us+unit/2, unit) * unit
}

func pow10(n int) int64 {
	r := int64(1)
	for i := 0; i < n; i++ {
		r *= 10
	}
	return r
}

// IntRange returns the bounds of an integer type.
func IntRange(t *types.Type) (int64, int64) {
	switch t.Kind {
	case types.TinyInt:
		return math.MinInt8, math.MaxInt8
	case types.SmallInt:
		return math.MinInt16, math.MaxInt16
	case types.Integer:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func checkIntRange(i int64, to *types.Type, v any, from *types.Type) (any, error) {
	lo, hi := IntRange(to)
	if i < lo || i > hi {
		return nil, &CastError{Msg: fmt.Sprintf("Out of range for %s: %s", to, Format(from, v)), OutOfRange: true}
	}
	return i, nil
}

// ParseDecimal reads a decimal literal into an unscaled value at scale.
func ParseDecimal(s string, scale int) (int64, bool) {
	s = strings.TrimSpace(s)
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	// round half away from zero
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

func castFromString(s string, from, to *types.Type, sessionZone int) (any, error) {
	bad := func() error {
		return &CastError{Msg: fmt.Sprintf("Cannot cast '%s' to %s", s, strings.ToUpper(to.String()))}
	}
	t := strings.TrimSpace(s)
	switch {
	case to.IsInteger():
		i, err := strconv.ParseInt(strings.TrimPrefix(t, "+"), 10, 64)
		if err != nil {
			return nil, bad()
		}
		lo, hi := IntRange(to)
		if i < lo || i > hi {
			return nil, bad()
		}
		return i, nil
	case to.Kind == types.Double || to.Kind == types.Real:
		// Java's Double.parseDouble: NaN and Infinity are case-sensitive,
		// and a trailing type suffix (d, f) is allowed.
		switch t {
		case "NaN", "+NaN", "-NaN":
			return math.NaN(), nil
		case "Infinity", "+Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		}
		num := t
		if n := len(num); n > 1 && strings.ContainsRune("dDfF", rune(num[n-1])) {
			num = num[:n-1]
		}
		low := strings.ToLower(num)
		if strings.Contains(low, "inf") || strings.Contains(low, "nan") || strings.Contains(low, "0x") || strings.Contains(low, "_") {
			return nil, bad()
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return nil, bad()
		}
		if to.Kind == types.Real {
			f = float64(float32(f))
		}
		return f, nil
	case to.Kind == types.Decimal:
		return castToDecimal(s, from, to)
	case to.Kind == types.Boolean:
		switch strings.ToLower(t) {
		case "true", "t", "1":
			return true, nil
		case "false", "f", "0":
			return false, nil
		}
		return nil, bad()
	case to.Kind == types.Date:
		d, err := ParseDate(t)
		if err != nil {
			return nil, &CastError{Msg: fmt.Sprintf("Value cannot be cast to date: %s", s)}
		}
		return d, nil
	case to.Kind == types.Timestamp:
		us, _, hasZone, err := ParseTimestamp(t)
		if err != nil || hasZone {
			return nil, &CastError{Msg: fmt.Sprintf("Value cannot be cast to timestamp: %s", s)}
		}
		return roundMicros(us, to.Precision), nil
	case to.Kind == types.TimestampTZ:
		us, zone, hasZone, err := ParseTimestamp(t)
		if err != nil {
			return nil, &CastError{Msg: fmt.Sprintf("Value cannot be cast to timestamp with time zone: %s", s)}
		}
		us = roundMicros(us, min(to.Precision, 3))
		if !hasZone {
			return TimestampToTZ(us, sessionZone), nil
		}
		return PackTZ(floorDiv(us, 1000), zone), nil
	case to.Kind == types.Varbinary:
		return s, nil
	case to.Kind == types.IPAddress:
		return ParseIPAddress(t)
	case to.Kind == types.IPPrefix:
		return ParseIPPrefix(t)
	case to.Kind == types.Time:
		us, _, err := ParseTime(t)
		if err != nil {
			return nil, &CastError{Msg: fmt.Sprintf("Value cannot be cast to time: %s", s)}
		}
		return RoundTime(us, to.Precision), nil
	}
	return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s to %s", from, to)}
}
