package partition

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// DefaultPartitionName is the path value Hive writes for a NULL or empty
// partition value; TypedValue reads it back as NULL.
const DefaultPartitionName = "__HIVE_DEFAULT_PARTITION__"

// needsEscape is Hive's FileUtils.escapePathName character set.
var needsEscape [128]bool

func init() {
	for c := 0; c < ' '; c++ {
		needsEscape[c] = true
	}
	for _, c := range "\"#%'*/:=?\\\x7f{[]^" {
		needsEscape[c] = true
	}
}

// EscapePathName escapes a partition column name or value as Hive's
// FileUtils.escapePathName does: ASCII control characters and
// " # % ' * / : = ? \ DEL { [ ] ^ become %XX (upper-case hex); other bytes,
// including non-ASCII UTF-8, are kept. The empty string becomes
// DefaultPartitionName.
func EscapePathName(s string) string {
	if s == "" {
		return DefaultPartitionName
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 128 && needsEscape[c] {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// UnescapePathName reverses EscapePathName as Hive's
// FileUtils.unescapePathName does: each %XX with two hex digits becomes the
// character U+00XX; anything else is kept.
func UnescapePathName(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteRune(rune(v))
				i += 2
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// HivePath returns "k1=v1/k2=v2" for values (one per column), escaping
// names and values as Hive does (EscapePathName); column names are written
// in lower case and empty values as DefaultPartitionName.
func HivePath(cols []Column, values []string) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(EscapePathName(strings.ToLower(c.Name)))
		b.WriteByte('=')
		v := ""
		if i < len(values) {
			v = values[i]
		}
		b.WriteString(EscapePathName(v))
	}
	return b.String()
}

// ParseHivePath reads the k=v segments of a relative path (as found by MSCK
// REPAIR TABLE under the table location) in column order; ok=false when the
// path doesn't match the columns (a segment count other than one per column,
// a segment without '=', or a name other than the column's, compared
// case-insensitively). Names and values are unescaped; leading, trailing and
// doubled slashes are ignored.
func ParseHivePath(cols []Column, rel string) (values []string, ok bool) {
	var segs []string
	for _, s := range strings.Split(rel, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) != len(cols) || len(cols) == 0 {
		return nil, false
	}
	values = make([]string, len(cols))
	for i, s := range segs {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return nil, false
		}
		if !strings.EqualFold(UnescapePathName(s[:eq]), cols[i].Name) {
			return nil, false
		}
		values[i] = UnescapePathName(s[eq+1:])
	}
	return values, true
}

func invalidValue(c Column, s string, detail string) error {
	if detail != "" {
		detail = ": " + detail
	}
	return sqlerr.New(sqlerr.InvalidPartitionValue, "invalid partition value %q for %s partition key: %s%s", s, c.Type, c.Name, detail)
}

var (
	javaFloatRe = regexp.MustCompile(`^[+-]?(NaN|Infinity|(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)[fFdD]?)$`)
	decimalRe   = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$`)
	hiveDateRe  = regexp.MustCompile(`^([0-9]{4,9})-([0-9]{1,2})-([0-9]{1,2})$`)
	hiveTsRe    = regexp.MustCompile(`^([0-9]{4,9})-([0-9]{1,2})-([0-9]{1,2})(?: ([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]{1,9}))?)?)?$`)
)

// TypedValue converts a partition value string of column c to the column's
// physical value (see package types), following Trino's Hive connector:
// DefaultPartitionName (and \N) are NULL (nil); integers in decimal with an
// optional sign; booleans true/false in any case; dates yyyy-M-d;
// timestamps yyyy-M-d[ H:m[:s[.fraction]]]; varchar(n) and char(n) values
// no longer than n. A value that does not convert is a
// HIVE_INVALID_PARTITION_VALUE error naming the column.
func TypedValue(c Column, s string) (any, error) {
	if s == DefaultPartitionName || s == `\N` {
		return nil, nil
	}
	t := c.Type
	switch t.Kind {
	case types.Boolean:
		switch {
		case strings.EqualFold(s, "true"):
			return true, nil
		case strings.EqualFold(s, "false"):
			return false, nil
		}
		return nil, invalidValue(c, s, "")
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		bits := map[types.Kind]int{types.TinyInt: 8, types.SmallInt: 16, types.Integer: 32, types.BigInt: 64}[t.Kind]
		v, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return nil, invalidValue(c, s, "")
		}
		return v, nil
	case types.Real, types.Double:
		v := strings.TrimSpace(s) // Java's parseFloat trims white space
		if !javaFloatRe.MatchString(v) {
			return nil, invalidValue(c, s, "")
		}
		v = strings.TrimRight(v, "fFdD")
		v = strings.Replace(v, "Infinity", "Inf", 1)
		bits := 64
		if t.Kind == types.Real {
			bits = 32
		}
		f, err := strconv.ParseFloat(v, bits)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return nil, invalidValue(c, s, "")
		}
		return f, nil
	case types.Decimal:
		return decimalValue(c, s)
	case types.Varchar:
		if t.Precision >= 0 && utf8.RuneCountInString(s) > t.Precision {
			return nil, invalidValue(c, s, fmt.Sprintf("longer than %d characters", t.Precision))
		}
		return s, nil
	case types.Char:
		v := strings.TrimRight(s, " ")
		if utf8.RuneCountInString(v) > t.Precision {
			return nil, invalidValue(c, s, fmt.Sprintf("longer than %d characters", t.Precision))
		}
		return v, nil
	case types.Varbinary:
		return s, nil
	case types.Date:
		m := hiveDateRe.FindStringSubmatch(s)
		if m == nil {
			return nil, invalidValue(c, s, "")
		}
		ms, err := civil(m[1:4], nil, c, s)
		if err != nil {
			return nil, err
		}
		return floorDiv(ms, msPerDay), nil
	case types.Timestamp:
		m := hiveTsRe.FindStringSubmatch(s)
		if m == nil {
			return nil, invalidValue(c, s, "")
		}
		us, err := civilMicros(m[1:], c, s)
		if err != nil {
			return nil, err
		}
		if p := t.Precision; p >= 0 && p < 6 {
			unit := int64(pow10(6 - p))
			us = floorDiv(us, unit) * unit
		}
		return us, nil
	}
	return nil, sqlerr.New(sqlerr.NotSupported, "unsupported type %s for partition key: %s", t, c.Name)
}

// civil validates year, month, day (and optionally hour, minute, second)
// and returns milliseconds since the epoch.
func civil(ymd []string, hms []int, c Column, s string) (int64, error) {
	y, _ := strconv.Atoi(ymd[0])
	mo, _ := strconv.Atoi(ymd[1])
	d, _ := strconv.Atoi(ymd[2])
	if y > maxYear {
		return 0, invalidValue(c, s, fmt.Sprintf("year %d is out of range", y))
	}
	if mo < 1 || mo > 12 {
		return 0, invalidValue(c, s, fmt.Sprintf("month %d is out of range", mo))
	}
	if d < 1 || d > daysIn(y, mo) {
		return 0, invalidValue(c, s, fmt.Sprintf("day %d is out of range", d))
	}
	var h, mi, se int
	if hms != nil {
		h, mi, se = hms[0], hms[1], hms[2]
		if h > 23 || mi > 59 || se > 59 {
			return 0, invalidValue(c, s, "time of day is out of range")
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC).UnixMilli(), nil
}

func civilMicros(m []string, c Column, s string) (int64, error) {
	var hms [3]int
	for i := 0; i < 3; i++ {
		if m[3+i] != "" {
			hms[i], _ = strconv.Atoi(m[3+i])
		}
	}
	ms, err := civil(m[:3], hms[:], c, s)
	if err != nil {
		return 0, err
	}
	us := ms * 1000
	if f := m[6]; f != "" {
		f = (f + "000000")[:6] // microseconds; finer digits are dropped
		frac, _ := strconv.ParseInt(f, 10, 64)
		us += frac
	}
	return us, nil
}

// decimalValue reads a decimal partition value as Java's BigDecimal does
// (an optional "BD" suffix is dropped) and rescales it to the column's scale
// without rounding; it returns the unscaled int64.
func decimalValue(c Column, s string) (any, error) {
	t := c.Type
	if t.Precision > 18 {
		return nil, sqlerr.New(sqlerr.NotSupported, "unsupported type %s for partition key: %s (precision above 18)", t, c.Name)
	}
	v := strings.TrimSuffix(s, "BD")
	m := decimalRe.FindStringSubmatch(v)
	if m == nil || m[2] == "" && m[3] == "" {
		return nil, invalidValue(c, s, "")
	}
	digits := m[2] + m[3]
	scale := int64(len(m[3]))
	if m[4] != "" {
		e, err := strconv.ParseInt(m[4], 10, 32)
		if err != nil {
			return nil, invalidValue(c, s, "")
		}
		scale -= e
	}
	u, _ := new(big.Int).SetString(digits, 10)
	if m[1] == "-" {
		u.Neg(u)
	}
	target := int64(t.Scale)
	switch {
	case scale < target:
		if target-scale > 40 {
			return nil, invalidValue(c, s, "")
		}
		u.Mul(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(target-scale), nil))
	case scale > target:
		if scale-target > 1000 {
			return nil, invalidValue(c, s, "rounding necessary")
		}
		q, r := new(big.Int).QuoRem(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(scale-target), nil), new(big.Int))
		if r.Sign() != 0 {
			return nil, invalidValue(c, s, "rounding necessary")
		}
		u = q
	}
	if len(new(big.Int).Abs(u).String()) > t.Precision || !u.IsInt64() {
		return nil, invalidValue(c, s, "")
	}
	x := u.Int64()
	if x == math.MinInt64 {
		return nil, invalidValue(c, s, "")
	}
	return x, nil
}
