package functions

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"trawl/internal/types"
	"trawl/internal/value"
)

// format(format, args...) is Trino's FormatFunction: Java's
// String.format in the English locale over the arguments converted to
// Java objects (integers as Long, real as Float, double as Double,
// decimal as BigDecimal, date as LocalDate, timestamp as LocalDateTime,
// timestamp with time zone as ZonedDateTime, varchar as String, other
// types cast to varchar). A NULL argument formats as "null".

// javaArg is an argument as the Java formatter sees it.
type javaArg struct {
	class string // Java class name for error messages
	v     any    // bool, int64, float64 (Double/Float), *big.Rat with scale, string, time.Time
	scale int    // BigDecimal scale
	kind  types.Kind
	prec  int // fractional precision of timestamps
}

func init() {
	register("format", "format(varchar(x), T...)", func(args []*types.Type) *Bound {
		if len(args) < 2 || !types.CanCoerce(args[0], varchar) {
			return nil
		}
		ps := append([]*types.Type{varchar}, args[1:]...)
		ts := args[1:]
		return &Bound{Params: ps, Ret: varchar, NullCall: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			jargs := make([]*javaArg, len(ts))
			for i, t := range ts {
				jargs[i] = toJavaArg(t, a[i+1])
			}
			return javaFormat(a[0].(string), jargs)
		})}
	})
}

func toJavaArg(t *types.Type, v any) *javaArg {
	if v == nil || t.Kind == types.Unknown {
		return nil
	}
	switch t.Kind {
	case types.Boolean:
		return &javaArg{class: "java.lang.Boolean", v: v, kind: t.Kind}
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		return &javaArg{class: "java.lang.Long", v: v, kind: t.Kind}
	case types.Real:
		return &javaArg{class: "java.lang.Float", v: v, kind: t.Kind}
	case types.Double:
		return &javaArg{class: "java.lang.Double", v: v, kind: t.Kind}
	case types.Decimal:
		return &javaArg{class: "java.math.BigDecimal", v: v, scale: t.Scale, kind: t.Kind}
	case types.Varchar, types.Char:
		return &javaArg{class: "java.lang.String", v: v, kind: t.Kind}
	case types.Date:
		return &javaArg{class: "java.time.LocalDate", v: value.DaysToTime(v.(int64)), kind: t.Kind}
	case types.Timestamp:
		return &javaArg{class: "java.time.LocalDateTime", v: value.MicrosToTime(v.(int64)), kind: t.Kind, prec: t.Precision}
	case types.TimestampTZ:
		return &javaArg{class: "java.time.ZonedDateTime", v: value.TZToTime(v.(int64)), kind: t.Kind, prec: t.Precision}
	case types.JSON:
		return &javaArg{class: "java.lang.String", v: v, kind: types.Varchar}
	}
	if s, err := value.Cast(v, t, types.VarcharType, 0); err == nil {
		return &javaArg{class: "java.lang.String", v: s, kind: types.Varchar}
	}
	return &javaArg{class: "java.lang.String", v: value.Format(t, v), kind: types.Varchar}
}

// javaString is String.valueOf(arg).
func (a *javaArg) javaString() string {
	if a == nil {
		return "null"
	}
	switch x := a.v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case int64:
		if a.kind == types.Decimal {
			return value.FormatDecimal(x, a.scale)
		}
		return strconv.FormatInt(x, 10)
	case float64:
		if a.kind == types.Real {
			return value.FormatReal(x)
		}
		return value.FormatDouble(x)
	case string:
		return x
	case time.Time:
		return javaTimeString(a, x)
	}
	return fmt.Sprint(a.v)
}

// javaTimeString renders java.time values' toString.
func javaTimeString(a *javaArg, t time.Time) string {
	if a.kind == types.Date {
		return t.Format("2006-01-02")
	}
	s := t.Format("2006-01-02T15:04")
	if t.Second() != 0 || t.Nanosecond() != 0 {
		s += t.Format(":05")
		if ns := t.Nanosecond(); ns != 0 {
			switch {
			case ns%1e6 == 0:
				s += fmt.Sprintf(".%03d", ns/1e6)
			case ns%1e3 == 0:
				s += fmt.Sprintf(".%06d", ns/1e3)
			default:
				s += fmt.Sprintf(".%09d", ns)
			}
		}
	}
	if a.kind == types.TimestampTZ {
		_, off := t.Zone()
		name := t.Location().String()
		if off == 0 {
			s += "Z"
		} else {
			s += t.Format("-07:00")
		}
		if name != "UTC" || off == 0 {
			s += "[" + name + "]"
		}
		if strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") {
			s = strings.TrimSuffix(s, "["+name+"]")
		}
	}
	return s
}

func formatErr(format, msg string) error {
	return invalidArg("Invalid format string: %s (%s)", format, msg)
}

// javaFormat implements java.util.Formatter for the conversions SQL
// values can reach: s S b B h H d o x X e E f g G c % n and the date/time
// conversions t/T.
func javaFormat(format string, args []*javaArg) (any, error) {
	var out strings.Builder
	ordinary := 0 // next ordinary index
	last := -1
	i := 0
	for i < len(format) {
		c := format[i]
		if c != '%' {
			out.WriteByte(c)
			i++
			continue
		}
		start := i
		i++
		// %[argument_index$][flags][width][.precision]conversion
		j := i
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		argIndex := 0 // 0: ordinary; -1: relative '<'
		if j < len(format) && format[j] == '$' && j > i {
			n, _ := strconv.Atoi(format[i:j])
			argIndex = n
			i = j + 1
		}
		flags := ""
		for i < len(format) && strings.IndexByte("-#+ 0,(<", format[i]) >= 0 {
			if format[i] == '<' {
				argIndex = -1
			} else {
				if strings.IndexByte(flags, format[i]) >= 0 {
					return nil, formatErr(format, fmt.Sprintf("DuplicateFormatFlags: Flags = '%c'", format[i]))
				}
				flags += string(format[i])
			}
			i++
		}
		width := -1
		j = i
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		if j > i {
			width, _ = strconv.Atoi(format[i:j])
			i = j
		}
		precision := -1
		if i < len(format) && format[i] == '.' {
			j = i + 1
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			if j == i+1 {
				return nil, formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = '%s'", "."))
			}
			precision, _ = strconv.Atoi(format[i+1 : j])
			i = j
		}
		if i >= len(format) {
			return nil, formatErr(format, "UnknownFormatConversion: Conversion = '%'")
		}
		conv := format[i]
		i++
		timeConv := byte(0)
		if conv == 't' || conv == 'T' {
			if i >= len(format) {
				return nil, formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = '%c'", conv))
			}
			timeConv = format[i]
			i++
		}
		spec := format[start:i]
		switch conv {
		case '%':
			if precision >= 0 {
				return nil, formatErr(format, fmt.Sprintf("IllegalFormatPrecision: %d", precision))
			}
			out.WriteString(justify("%", flags, width))
			continue
		case 'n':
			out.WriteByte('\n')
			continue
		}
		if strings.IndexByte("sSbBhHdoxXeEfgGcCtT", conv) < 0 {
			return nil, formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = '%c'", conv))
		}
		if (strings.Contains(flags, "-") || strings.Contains(flags, "0")) && width < 0 {
			return nil, formatErr(format, "MissingFormatWidth: "+spec)
		}
		var arg *javaArg
		switch {
		case argIndex == -1:
			if last < 0 {
				return nil, formatErr(format, "MissingFormatArgument: Format specifier '"+spec+"'")
			}
			arg = args[last]
		case argIndex > 0:
			if argIndex > len(args) {
				return nil, formatErr(format, "MissingFormatArgument: Format specifier '"+spec+"'")
			}
			last = argIndex - 1
			arg = args[last]
		default:
			if ordinary >= len(args) {
				return nil, formatErr(format, "MissingFormatArgument: Format specifier '"+spec+"'")
			}
			last = ordinary
			arg = args[ordinary]
			ordinary++
		}
		s, err := formatOne(format, conv, timeConv, flags, precision, arg)
		if err != nil {
			return nil, err
		}
		if conv >= 'A' && conv <= 'Z' {
			s = strings.ToUpper(s)
		}
		if strings.Contains(flags, "0") && strings.IndexByte("doxXeEfgG", conv) >= 0 && arg != nil {
			s = zeroPad(s, width)
		}
		out.WriteString(justify(s, flags, width))
	}
	return out.String(), nil
}

// zeroPad pads a number with zeros after its sign or radix prefix.
func zeroPad(s string, width int) string {
	n := len(s)
	if width <= n {
		return s
	}
	prefix := 0
	for prefix < len(s) && strings.IndexByte("-+ (", s[prefix]) >= 0 {
		prefix++
	}
	if strings.HasPrefix(s[prefix:], "0x") || strings.HasPrefix(s[prefix:], "0X") {
		prefix += 2
	}
	return s[:prefix] + strings.Repeat("0", width-n) + s[prefix:]
}

func justify(s, flags string, width int) string {
	n := len([]rune(s))
	if width <= n {
		return s
	}
	pad := strings.Repeat(" ", width-n)
	if strings.Contains(flags, "-") {
		return s + pad
	}
	return pad + s
}

func mismatch(format string, conv byte, a *javaArg) error {
	return formatErr(format, fmt.Sprintf("IllegalFormatConversion: %c != %s", conv, a.class))
}

func formatOne(format string, conv, timeConv byte, flags string, precision int, a *javaArg) (string, error) {
	lower := conv | 0x20
	switch lower {
	case 's':
		s := a.javaString()
		if precision >= 0 && precision < len([]rune(s)) {
			s = string([]rune(s)[:precision])
		}
		return s, nil
	case 'b':
		s := "true"
		if a == nil {
			s = "false"
		} else if b, ok := a.v.(bool); ok {
			s = strconv.FormatBool(b)
		}
		if precision >= 0 && precision < len(s) {
			s = s[:precision]
		}
		return s, nil
	case 'h':
		if a == nil {
			return "null", nil
		}
		return "", formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = '%c'", conv))
	case 'c':
		if a == nil {
			return "null", nil
		}
		return "", mismatch(format, conv, a)
	case 'd', 'o', 'x':
		if precision >= 0 {
			return "", formatErr(format, fmt.Sprintf("IllegalFormatPrecision: %d", precision))
		}
		if a == nil {
			return "null", nil
		}
		x, ok := a.v.(int64)
		if !ok || a.kind == types.Decimal {
			return "", mismatch(format, conv, a)
		}
		return formatInteger(lower, x, flags), nil
	case 'e', 'f', 'g':
		if a == nil {
			return "null", nil
		}
		var r *big.Rat
		var special string
		switch x := a.v.(type) {
		case float64:
			switch {
			case math.IsNaN(x):
				special = "NaN"
			case math.IsInf(x, 1):
				special = "Infinity"
				if strings.Contains(flags, "+") {
					special = "+Infinity"
				}
			case math.IsInf(x, -1):
				special = "-Infinity"
				if strings.Contains(flags, "(") {
					special = "(Infinity)"
				}
			default:
				// Java formats the shortest decimal that reads back as the value.
				s := value.FormatDouble(x)
				if a.kind == types.Real {
					s = value.FormatReal(x)
				}
				r, _ = new(big.Rat).SetString(strings.Replace(s, "E", "e", 1))
			}
		case int64:
			if a.kind != types.Decimal {
				return "", mismatch(format, conv, a)
			}
			r = new(big.Rat).SetFrac(big.NewInt(x), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(a.scale)), nil))
		default:
			return "", mismatch(format, conv, a)
		}
		if special != "" {
			return special, nil
		}
		if precision < 0 {
			precision = 6
		}
		return formatDecimal(lower, r, precision, flags), nil
	case 't':
		if a == nil {
			return "null", nil
		}
		tm, ok := a.v.(time.Time)
		if !ok {
			return "", mismatch(format, conv, a)
		}
		return formatTime(format, timeConv, tm, a)
	}
	return "", formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = '%c'", conv))
}

func formatInteger(conv byte, x int64, flags string) string {
	var digits string
	neg := false
	switch conv {
	case 'd':
		neg = x < 0
		u := uint64(x)
		if neg {
			u = uint64(-x)
		}
		digits = strconv.FormatUint(u, 10)
		if strings.Contains(flags, ",") {
			digits = groupThousands(digits)
		}
	case 'o':
		digits = strconv.FormatUint(uint64(x), 8)
		if strings.Contains(flags, "#") {
			digits = "0" + digits
		}
	case 'x':
		digits = strconv.FormatUint(uint64(x), 16)
		if strings.Contains(flags, "#") {
			digits = "0x" + digits
		}
	}
	return signed(digits, neg, flags)
}

func signed(digits string, neg bool, flags string) string {
	switch {
	case neg && strings.Contains(flags, "("):
		return "(" + digits + ")"
	case neg:
		return "-" + digits
	case strings.Contains(flags, "+"):
		return "+" + digits
	case strings.Contains(flags, " "):
		return " " + digits
	}
	return digits
}

func groupThousands(d string) string {
	intPart, frac := d, ""
	if k := strings.IndexByte(d, '.'); k >= 0 {
		intPart, frac = d[:k], d[k:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// formatDecimal renders r with Java's %e, %f or %g rules, rounding half
// up.
func formatDecimal(conv byte, r *big.Rat, precision int, flags string) string {
	neg := r.Sign() < 0
	abs := new(big.Rat).Abs(r)
	var digits string
	switch conv {
	case 'f':
		digits = ratFixed(abs, precision)
		if strings.Contains(flags, ",") {
			digits = groupThousands(digits)
		}
	case 'e':
		digits = ratSci(abs, precision)
	case 'g':
		if precision == 0 {
			precision = 1
		}
		// Java: scientific unless 10^-4 <= rounded value < 10^precision.
		rounded, _ := new(big.Rat).SetString(ratSci(abs, precision-1))
		lo := big.NewRat(1, 10000)
		hi := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(precision)), nil))
		if abs.Sign() != 0 && (rounded.Cmp(lo) < 0 || rounded.Cmp(hi) >= 0) {
			digits = ratSci(abs, precision-1)
		} else {
			// digits after the point: precision - (exponent + 1)
			e := 0
			if rounded.Sign() != 0 {
				f, _ := rounded.Float64()
				e = int(math.Floor(math.Log10(f)))
			}
			digits = ratFixed(abs, max(precision-e-1, 0))
			if strings.Contains(flags, ",") {
				digits = groupThousands(digits)
			}
		}
	}
	return signed(digits, neg, flags)
}

// ratFixed renders a non-negative r with prec fractional digits, half up.
func ratFixed(r *big.Rat, prec int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil)
	n := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	n.Add(n, big.NewRat(1, 2))
	q := new(big.Int).Quo(n.Num(), n.Denom())
	s := q.String()
	if prec == 0 {
		return s
	}
	if len(s) <= prec {
		s = strings.Repeat("0", prec-len(s)+1) + s
	}
	return s[:len(s)-prec] + "." + s[len(s)-prec:]
}

// ratSci renders a non-negative r as d.ddde+XX with prec digits.
func ratSci(r *big.Rat, prec int) string {
	if r.Sign() == 0 {
		m := "0"
		if prec > 0 {
			m += "." + strings.Repeat("0", prec)
		}
		return m + "e+00"
	}
	f, _ := r.Float64()
	e := int(math.Floor(math.Log10(f)))
	for {
		p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil))
		m := new(big.Rat).Set(r)
		if e >= 0 {
			m.Quo(m, p)
		} else {
			m.Mul(m, p)
		}
		if m.Cmp(big.NewRat(1, 1)) < 0 {
			e--
			continue
		}
		if m.Cmp(big.NewRat(10, 1)) >= 0 {
			e++
			continue
		}
		s := ratFixed(m, prec)
		if strings.HasPrefix(s, "10") {
			e++
			continue
		}
		sign := "+"
		if e < 0 {
			sign = "-"
		}
		return fmt.Sprintf("%se%s%02d", s, sign, abs(e))
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// formatTime implements the %t conversions that apply to the java.time
// value an argument becomes.
func formatTime(format string, c byte, t time.Time, a *javaArg) (string, error) {
	hasTime := a.kind != types.Date
	hasZone := a.kind == types.TimestampTZ
	unsupported := func() (string, error) {
		// Java throws UnsupportedTemporalTypeException, which Trino
		// does not turn into INVALID_FUNCTION_ARGUMENT.
		return "", fmt.Errorf("Unsupported field for %s in format %q", a.class, format)
	}
	switch c {
	case 'Y':
		return fmt.Sprintf("%04d", t.Year()), nil
	case 'y':
		return fmt.Sprintf("%02d", t.Year()%100), nil
	case 'C':
		return fmt.Sprintf("%02d", t.Year()/100), nil
	case 'm':
		return fmt.Sprintf("%02d", int(t.Month())), nil
	case 'd':
		return fmt.Sprintf("%02d", t.Day()), nil
	case 'e':
		return strconv.Itoa(t.Day()), nil
	case 'B':
		return t.Month().String(), nil
	case 'b', 'h':
		return t.Month().String()[:3], nil
	case 'A':
		return t.Weekday().String(), nil
	case 'a':
		return t.Weekday().String()[:3], nil
	case 'j':
		return fmt.Sprintf("%03d", t.YearDay()), nil
	case 'D':
		return t.Format("01/02/06"), nil
	case 'F':
		return t.Format("2006-01-02"), nil
	}
	if !hasTime {
		return unsupported()
	}
	switch c {
	case 'H':
		return fmt.Sprintf("%02d", t.Hour()), nil
	case 'k':
		return strconv.Itoa(t.Hour()), nil
	case 'I':
		return fmt.Sprintf("%02d", (t.Hour()+11)%12+1), nil
	case 'l':
		return strconv.Itoa((t.Hour()+11)%12 + 1), nil
	case 'M':
		return fmt.Sprintf("%02d", t.Minute()), nil
	case 'S':
		return fmt.Sprintf("%02d", t.Second()), nil
	case 'L':
		return fmt.Sprintf("%03d", t.Nanosecond()/1e6), nil
	case 'N':
		return fmt.Sprintf("%09d", t.Nanosecond()), nil
	case 'p':
		if t.Hour() < 12 {
			return "am", nil
		}
		return "pm", nil
	case 'R':
		return t.Format("15:04"), nil
	case 'T':
		return t.Format("15:04:05"), nil
	case 'r':
		return t.Format("03:04:05 PM"), nil
	}
	if !hasZone {
		return unsupported()
	}
	switch c {
	case 'z':
		return t.Format("-0700"), nil
	case 'Z':
		return t.Format("MST"), nil
	case 's':
		return strconv.FormatInt(t.Unix(), 10), nil
	case 'Q':
		return strconv.FormatInt(t.UnixMilli(), 10), nil
	case 'c':
		return t.Format("Mon Jan 02 15:04:05 MST 2006"), nil
	}
	return "", formatErr(format, fmt.Sprintf("UnknownFormatConversion: Conversion = 't%c'", c))
}
