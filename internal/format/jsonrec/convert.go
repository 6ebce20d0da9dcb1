package jsonrec

import (
	"math"
	"net/netip"
	"strconv"

	"trawl/internal/types"
)

// valKind classifies a raw JSON value by its first byte.
type valKind uint8

const (
	vkNull valKind = iota
	vkString
	vkNumber
	vkTrue
	vkFalse
	vkObject
	vkArray
)

func kindOf(c byte) valKind {
	switch c {
	case '"':
		return vkString
	case '{':
		return vkObject
	case '[':
		return vkArray
	case 't':
		return vkTrue
	case 'f':
		return vkFalse
	case 'n':
		return vkNull
	}
	return vkNumber
}

// num is a decimal number split into its significant digits and a power
// of ten: value = (-1 if neg) × digits × 10^exp.
type num struct {
	neg  bool
	digs []byte // no leading zeros; may be empty for zero
	exp  int
}

// parseNum reads [+-]digits[.digits][(e|E)[+-]digits]; at least one
// mantissa digit is required. JSON numbers are a subset.
func parseNum(s []byte) (num, bool) {
	var n num
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		n.neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intp := s[start:i]
	var frac []byte
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		frac = s[fs:i]
	}
	if len(intp) == 0 && len(frac) == 0 {
		return n, false
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			eneg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp < 1e6 {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == es {
			return n, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return n, false
	}
	// Strip leading zeros of the integer part; with a fraction the digits
	// must be joined, which only happens off the fast path.
	for len(intp) > 0 && intp[0] == '0' {
		intp = intp[1:]
	}
	if len(frac) == 0 {
		n.digs = intp
	} else {
		d := make([]byte, 0, len(intp)+len(frac))
		d = append(d, intp...)
		d = append(d, frac...)
		for len(d) > 0 && d[0] == '0' {
			d = d[1:]
		}
		n.digs = d
		exp -= len(frac)
	}
	// Strip trailing zeros into the exponent.
	for len(n.digs) > 0 && n.digs[len(n.digs)-1] == '0' {
		n.digs = n.digs[:len(n.digs)-1]
		exp++
	}
	if len(n.digs) == 0 {
		exp = 0
	}
	n.exp = exp
	return n, true
}

// int64Of returns the number as an int64 when it is integral and fits.
func (n num) int64Of() (int64, bool) {
	if len(n.digs) == 0 {
		return 0, true
	}
	if n.exp < 0 || len(n.digs)+n.exp > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range n.digs {
		u = u*10 + uint64(c-'0')
	}
	for k := 0; k < n.exp; k++ {
		u *= 10
	}
	// 19 digits fit in a uint64 without wrapping.
	if n.neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

var pow10 = func() (t [19]int64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return
}()

// decimalOf returns the number's unscaled value at scale s, rounded half
// up (away from zero), when it fits precision p (p <= 18).
func (n num) decimalOf(p, s int) (int64, bool) {
	if p > 18 || p < 1 {
		return 0, false
	}
	d := n.digs
	e := n.exp + s
	if len(d) == 0 {
		return 0, true
	}
	var u int64
	if e >= 0 {
		if len(d)+e > p {
			return 0, false
		}
		for _, c := range d {
			u = u*10 + int64(c-'0')
		}
		u *= pow10[e]
	} else {
		keep := len(d) + e // digits before the decimal point of the scaled value
		round := false
		if keep < 0 {
			keep = 0
		} else {
			round = d[keep] >= '5'
		}
		if keep > p {
			return 0, false
		}
		for _, c := range d[:keep] {
			u = u*10 + int64(c-'0')
		}
		if round {
			u++
		}
		if u >= pow10[p] && p < 19 {
			return 0, false
		}
	}
	if u >= pow10[p] {
		return 0, false
	}
	if n.neg {
		u = -u
	}
	return u, true
}

// convInt converts a value to an int64-represented type.
func convInt(k valKind, text []byte, tp *tplan) (int64, bool) {
	switch tp.kind {
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		if k != vkNumber && k != vkString {
			return 0, false
		}
		n, ok := parseNum(text)
		if !ok {
			return 0, false
		}
		x, ok := n.int64Of()
		if !ok {
			return 0, false
		}
		switch tp.kind {
		case types.TinyInt:
			ok = x >= math.MinInt8 && x <= math.MaxInt8
		case types.SmallInt:
			ok = x >= math.MinInt16 && x <= math.MaxInt16
		case types.Integer:
			ok = x >= math.MinInt32 && x <= math.MaxInt32
		}
		return x, ok
	case types.Decimal:
		if k != vkNumber && k != vkString {
			return 0, false
		}
		n, ok := parseNum(text)
		if !ok {
			return 0, false
		}
		return n.decimalOf(tp.t.Precision, tp.t.Scale)
	case types.Date:
		if k != vkString {
			return 0, false
		}
		d, i, ok := parseDate(text)
		if !ok || i != len(text) {
			return 0, false
		}
		return d, true
	case types.Timestamp, types.TimestampTZ:
		var us int64
		zone := 0
		switch k {
		case vkString:
			var off int
			var hasZone, ok bool
			us, off, hasZone, ok = parseTimestamp(text, tp.t.Precision)
			if !ok {
				return 0, false
			}
			if hasZone {
				zone = offsetZoneKey(off)
			}
		case vkNumber:
			n, ok := parseNum(text)
			if !ok {
				return 0, false
			}
			if ms, ok := n.int64Of(); ok && ms > math.MinInt64/1000 && ms < math.MaxInt64/1000 {
				us = ms * 1000
			} else {
				f, err := strconv.ParseFloat(string(text), 64)
				if err != nil || math.Abs(f) > 9e15 {
					return 0, false
				}
				us = int64(math.Round(f * 1000))
			}
			us = roundMicros(us, tp.t.Precision)
		default:
			return 0, false
		}
		if tp.kind == types.TimestampTZ {
			return floorDiv(us, 1000)<<12 | int64(zone), true
		}
		return us, true
	case types.Time:
		if k != vkString {
			return 0, false
		}
		us, i, ok := parseClock(text, 0, tp.t.Precision)
		if !ok || i != len(text) {
			return 0, false
		}
		return us, true
	}
	return 0, false
}

// offsetZoneKey is the Trino zone key of a fixed offset in minutes (0 is UTC).
func offsetZoneKey(minutes int) int {
	if minutes == 0 {
		return 0
	}
	return 1 + minutes + 14*60
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// roundMicros rounds microseconds to p fractional digits, half up.
func roundMicros(us int64, p int) int64 {
	if p >= 6 || p < 0 {
		return us
	}
	unit := pow10[6-p]
	return floorDiv(us+unit/2, unit) * unit
}

func convFloat(k valKind, text []byte, tp *tplan) (float64, bool) {
	if k != vkNumber && k != vkString {
		return 0, false
	}
	if k == vkString && !numericString(text) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	if tp.kind == types.Real {
		f = float64(float32(f))
	}
	return f, true
}

// numericString accepts what Java's Double.parseDouble accepts in
// practice: decimal numbers, NaN and Infinity (no hex or underscores).
func numericString(s []byte) bool {
	if _, ok := parseNum(s); ok {
		return true
	}
	t := s
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	return string(t) == "NaN" || string(t) == "Infinity"
}

func convBool(k valKind, text []byte) (bool, bool) {
	switch k {
	case vkTrue:
		return true, true
	case vkFalse:
		return false, true
	case vkString:
		if len(text) == 4 && equalFold(text, "true") {
			return true, true
		}
		if len(text) == 5 && equalFold(text, "false") {
			return false, true
		}
	}
	return false, false
}

func convIP(k valKind, text []byte) (string, bool) {
	if k != vkString {
		return "", false
	}
	a, err := netip.ParseAddr(string(text))
	if err != nil || a.Zone() != "" {
		return "", false
	}
	b := a.As16()
	return string(b[:]), true
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits reads between min and max decimal digits at s[i:].
func digits(s []byte, i, min, max int) (int64, int, bool) {
	var v int64
	j := i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		v = v*10 + int64(s[j]-'0')
		j++
	}
	return v, j, j-i >= min
}

// parseDate reads yyyy-M[M]-d[d] at the start of s and returns the day
// number and the index after it.
func parseDate(s []byte) (int64, int, bool) {
	y, i, ok := digits(s, 0, 4, 4)
	if !ok || i >= len(s) || s[i] != '-' {
		return 0, 0, false
	}
	m, i, ok := digits(s, i+1, 1, 2)
	if !ok || i >= len(s) || s[i] != '-' || m < 1 || m > 12 {
		return 0, 0, false
	}
	d, i, ok := digits(s, i+1, 1, 2)
	if !ok || d < 1 || d > daysIn(y, m) {
		return 0, 0, false
	}
	return daysFromCivil(y, m, d), i, true
}

// parseClock reads HH:mm[:ss[.fffffffff]] at s[i:] and returns microseconds
// since midnight rounded to p fractional digits, and the index after it.
func parseClock(s []byte, i, p int) (int64, int, bool) {
	h, i, ok := digits(s, i, 1, 2)
	if !ok || h > 23 || i >= len(s) || s[i] != ':' {
		return 0, 0, false
	}
	m, i, ok := digits(s, i+1, 2, 2)
	if !ok || m > 59 {
		return 0, 0, false
	}
	var sec, nanos int64
	if i < len(s) && s[i] == ':' {
		sec, i, ok = digits(s, i+1, 2, 2)
		if !ok || sec > 59 {
			return 0, 0, false
		}
		if i < len(s) && s[i] == '.' {
			j := i + 1
			var nd int
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if nd < 9 {
					nanos = nanos*10 + int64(s[j]-'0')
					nd++
				}
				j++
			}
			if j == i+1 {
				return 0, 0, false
			}
			for ; nd < 9; nd++ {
				nanos *= 10
			}
			i = j
		}
	}
	if p > 6 || p < 0 {
		p = 6
	}
	unit := pow10[9-p]
	nanos = (nanos + unit/2) / unit * unit
	return ((h*60+m)*60+sec)*1_000_000 + nanos/1000, i, true
}

// parseTimestamp reads "yyyy-MM-dd[( |T)HH:mm[:ss[.f...]]][ ][Z|UTC|±HH[:][MM]]"
// and returns microseconds since the epoch in UTC (wall time when there is
// no zone), the zone offset in minutes and whether a zone was given.
func parseTimestamp(s []byte, p int) (us int64, off int, hasZone bool, ok bool) {
	days, i, ok := parseDate(s)
	if !ok {
		return 0, 0, false, false
	}
	us = days * 86_400_000_000
	if i == len(s) {
		return us, 0, false, true
	}
	if s[i] != ' ' && s[i] != 'T' {
		return 0, 0, false, false
	}
	clock, i, ok := parseClock(s, i+1, p)
	if !ok {
		return 0, 0, false, false
	}
	us += clock
	if i < len(s) && s[i] == ' ' {
		i++
	}
	if i == len(s) {
		return us, 0, false, i > 0 && s[i-1] != ' '
	}
	switch rest := s[i:]; {
	case string(rest) == "Z" || string(rest) == "UTC":
		return us, 0, true, true
	case rest[0] == '+' || rest[0] == '-':
		h, j, ok := digits(rest, 1, 2, 2)
		if !ok || h > 18 {
			return 0, 0, false, false
		}
		var m int64
		if j < len(rest) && rest[j] == ':' {
			j++
		}
		if j < len(rest) {
			m, j, ok = digits(rest, j, 2, 2)
			if !ok || m > 59 {
				return 0, 0, false, false
			}
		}
		if j != len(rest) {
			return 0, 0, false, false
		}
		off = int(h*60 + m)
		if rest[0] == '-' {
			off = -off
		}
		return us - int64(off)*60_000_000, off, true, true
	}
	return 0, 0, false, false
}
