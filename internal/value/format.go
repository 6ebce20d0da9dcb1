package value

import (
	"encoding/hex"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"trawl/internal/types"
)

// Format renders a non-NULL value as Trino prints it (the text Athena puts
// in result files): timestamps "2025-01-07 11:00:00.000 UTC", doubles as
// Java prints them ("1.0E10", "0.5"), arrays "[a, b]", maps "{k=v}", rows
// "{name=value}".
func Format(t *types.Type, v any) string {
	var b strings.Builder
	writeValue(&b, t, v)
	return b.String()
}

func writeValue(b *strings.Builder, t *types.Type, v any) {
	if v == nil {
		b.WriteString("null")
		return
	}
	switch t.Kind {
	case types.Boolean:
		if v.(bool) {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		b.WriteString(strconv.FormatInt(v.(int64), 10))
	case types.Double:
		b.WriteString(FormatDouble(v.(float64)))
	case types.Real:
		b.WriteString(FormatReal(v.(float64)))
	case types.Decimal:
		b.WriteString(formatDecimalValue(v, t.Scale))
	case types.Varchar, types.Char, types.JSON:
		b.WriteString(v.(string))
	case types.Varbinary:
		s := v.(string)
		for i := 0; i < len(s); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(hex.EncodeToString([]byte{s[i]}))
		}
	case types.Date:
		b.WriteString(FormatDate(v.(int64)))
	case types.Time:
		b.WriteString(FormatTime(v.(int64), t.Precision))
	case types.Timestamp:
		b.WriteString(FormatTimestamp(v.(int64), t.Precision))
	case types.TimestampTZ:
		b.WriteString(FormatTimestampTZ(v.(int64), t.Precision))
	case types.IntervalDayTime:
		b.WriteString(FormatIntervalDay(v.(int64)))
	case types.IntervalYearMonth:
		b.WriteString(FormatIntervalYearMonth(v.(int64)))
	case types.IPAddress:
		b.WriteString(FormatIP(v.(string)))
	case types.IPPrefix:
		s := v.(string)
		b.WriteString(FormatIP(s[:16]) + "/" + strconv.Itoa(int(s[16])))
	case types.Array:
		b.WriteByte('[')
		for i, e := range v.([]any) {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, t.Elem, e)
		}
		b.WriteByte(']')
	case types.Map:
		m := v.(*types.MapValue)
		b.WriteByte('{')
		for i := range m.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, t.Key, m.Keys[i])
			b.WriteByte('=')
			writeValue(b, t.Value, m.Values[i])
		}
		b.WriteByte('}')
	case types.Row:
		b.WriteByte('{')
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			name := f.Name
			if name == "" {
				name = "field" + strconv.Itoa(i)
			}
			b.WriteString(name)
			b.WriteByte('=')
			writeValue(b, f.Type, v.([]any)[i])
		}
		b.WriteByte('}')
	default:
		b.WriteString("?")
	}
}

// FormatDouble renders a double as Java's Double.toString does, which is
// how Trino prints doubles.
func FormatDouble(f float64) string { return javaFloat(f, 64) }

// FormatReal renders a real as Java's Float.toString does.
func FormatReal(f float64) string { return javaFloat(f, 32) }

func javaFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, bits) // e.g. 1.5E+10, 1E-05
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		// When one digit is enough, Java prints the two-digit decimal
		// closest to the value (4.9E-324, not 5.0E-324, for the smallest
		// subnormal); for normal numbers that is d.0.
		s = strconv.FormatFloat(f, 'E', 1, bits)
		mant, exp, _ = strings.Cut(s, "E")
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// FormatDecimal renders an unscaled decimal with its scale: "12.50".
func FormatDecimal(unscaled int64, scale int) string {
	neg := unscaled < 0
	u := uint64(unscaled)
	if neg {
		u = uint64(-unscaled)
	}
	s := strconv.FormatUint(u, 10)
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FormatIntervalDay renders an interval day to second in milliseconds:
// "7 00:00:00.000".
func FormatIntervalDay(ms int64) string {
	sign := ""
	u := uint64(ms)
	if ms < 0 {
		sign = "-"
		u = uint64(-ms) // the magnitude of math.MinInt64 too
	}
	days := u / 86400000
	u %= 86400000
	h := int64(u / 3600000)
	u %= 3600000
	m := int64(u / 60000)
	u %= 60000
	s := int64(u / 1000)
	u %= 1000
	return sign + strconv.FormatUint(days, 10) + " " + pad2(h) + ":" + pad2(m) + ":" + pad2(s) + "." + pad3(int64(u))
}

func pad2(x int64) string {
	if x < 10 {
		return "0" + strconv.FormatInt(x, 10)
	}
	return strconv.FormatInt(x, 10)
}

func pad3(x int64) string {
	s := strconv.FormatInt(x, 10)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// FormatIP renders a 16-byte address: IPv4-mapped addresses as dotted quads.
func FormatIP(s string) string {
	if len(s) != 16 {
		return ""
	}
	var a [16]byte
	copy(a[:], s)
	addr := netip.AddrFrom16(a)
	if addr.Is4In6() {
		return addr.Unmap().String()
	}
	return addr.String()
}
