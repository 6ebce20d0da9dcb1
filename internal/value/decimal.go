package value

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// Decimal values: a decimal(p,s) with p <= 18 is an int64 unscaled value, a
// longer one a types.Int128. The functions here accept either form for any
// decimal type (an int64 in a long decimal column is read as its value) and
// produce the canonical form for the result type.

// bigPow10[i] is 10^i.
var bigPow10 = func() (p [77]*big.Int) {
	p[0] = big.NewInt(1)
	for i := 1; i < len(p); i++ {
		p[i] = new(big.Int).Mul(p[i-1], big.NewInt(10))
	}
	return p
}()

// maxUnscaled is 10^38 - 1, the largest unscaled decimal.
var maxUnscaled = new(big.Int).Sub(bigPow10[38], big.NewInt(1))

// DecimalBig returns the unscaled value of a decimal value (int64 or
// types.Int128) as a new big.Int.
func DecimalBig(v any) *big.Int {
	switch x := v.(type) {
	case int64:
		return big.NewInt(x)
	case types.Int128:
		return x.Big()
	case *big.Int:
		return new(big.Int).Set(x)
	}
	panic(fmt.Sprintf("value: %T is not a decimal value", v))
}

// decimal128 returns the unscaled value as an Int128.
func decimal128(v any) types.Int128 {
	switch x := v.(type) {
	case int64:
		return types.Int128From(x)
	case types.Int128:
		return x
	}
	r, _ := types.Int128FromBig(DecimalBig(v))
	return r
}

// DecimalValue packs an unscaled value for decimal type t: an int64 for a
// short decimal, a types.Int128 for a long one. ok is false when u has
// more digits than t's precision.
func DecimalValue(u *big.Int, t *types.Type) (v any, ok bool) {
	if new(big.Int).Abs(u).Cmp(bigPow10[t.Precision]) >= 0 {
		return nil, false
	}
	return packDecimal(u, t), true
}

// packDecimal packs u (known to fit 38 digits) in t's representation.
func packDecimal(u *big.Int, t *types.Type) any {
	if t.IsShortDecimal() && u.IsInt64() {
		return u.Int64()
	}
	r, _ := types.Int128FromBig(u)
	if t.IsShortDecimal() {
		return r.Int64()
	}
	return r
}

// FormatDecimalBig renders an unscaled value with its scale as Trino
// does: "-0.05", "12.50", "3".
func FormatDecimalBig(u *big.Int, scale int) string {
	s := u.String()
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// formatDecimalValue renders a decimal value (either form).
func formatDecimalValue(v any, scale int) string {
	if x, ok := v.(int64); ok {
		return FormatDecimal(x, scale)
	}
	return FormatDecimalBig(DecimalBig(v), scale)
}

var decimalLiteralRe = regexp.MustCompile(`^([+-]?)(\d(?:_?\d)*)?(?:\.(\d(?:_?\d)*)?)?$`)

// ParseDecimalLiteral types and reads an exact numeric literal as Trino
// does (Decimals.parse): "1.50" is decimal(3,2) 150, "0.5" decimal(1,1),
// "007" decimal(1,0); leading zeros of the integral part do not count
// towards the precision, trailing zeros of the fraction do; underscores
// between digits are allowed. More than 38 digits is
// NUMERIC_VALUE_OUT_OF_RANGE "Value exceeds maximum precision".
func ParseDecimalLiteral(s string) (*types.Type, any, error) {
	m := decimalLiteralRe.FindStringSubmatch(s)
	if m == nil || m[2] == "" && m[3] == "" {
		return nil, nil, sqlerr.New(sqlerr.InvalidLiteral, "Invalid DECIMAL value '%s'", s)
	}
	intPart := strings.TrimLeft(strings.ReplaceAll(m[2], "_", ""), "0")
	frac := strings.ReplaceAll(m[3], "_", "")
	scale := len(frac)
	prec := max(len(intPart)+scale, 1)
	if prec > types.MaxDecimalPrecision {
		return nil, nil, sqlerr.New(sqlerr.NumericValueOutOfRange, "Value exceeds maximum precision")
	}
	u, _ := new(big.Int).SetString("0"+intPart+frac, 10)
	if m[1] == "-" {
		u.Neg(u)
	}
	t := types.NewDecimal(prec, scale)
	return t, packDecimal(u, t), nil
}

// decimalTypeName is Trino's spelling of a decimal type in cast messages:
// "DECIMAL(10, 2)".
func decimalTypeName(t *types.Type) string {
	return fmt.Sprintf("DECIMAL(%d, %d)", t.Precision, t.Scale)
}

// rescaleHalfUp returns u * 10^(to-from), rounding half away from zero
// when digits are dropped.
func rescaleHalfUp(u *big.Int, from, to int) *big.Int {
	if to >= from {
		return new(big.Int).Mul(u, bigPow10[to-from])
	}
	return divHalfUp(u, bigPow10[from-to])
}

// divHalfUp divides rounding half away from zero (Java's HALF_UP).
func divHalfUp(n, d *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.CmpAbs(d) >= 0 {
		if (n.Sign() < 0) != (d.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func decimalOverflow() error {
	return sqlerr.New(sqlerr.NumericValueOutOfRange, "Decimal overflow")
}

func divisionByZero() error {
	return sqlerr.New(sqlerr.DivisionByZero, "Division by zero")
}

// finishArith checks a result against 38 digits, as Trino's
// throwIfOverflows does, and packs it for rt.
func finishArith(u *big.Int, rt *types.Type) (any, error) {
	if u.CmpAbs(maxUnscaled) > 0 {
		return nil, decimalOverflow()
	}
	if rt.IsShortDecimal() && !u.IsInt64() {
		return nil, decimalOverflow()
	}
	return packDecimal(u, rt), nil
}

// DecimalAdd returns a + b for decimal operands of types at and bt; the
// result has type types.DecimalAddType(at, bt). A result beyond 38 digits
// is NUMERIC_VALUE_OUT_OF_RANGE "Decimal overflow".
func DecimalAdd(at *types.Type, a any, bt *types.Type, b any) (any, error) {
	rt := types.DecimalAddType(at, bt)
	if x, ok := a.(int64); ok && rt.IsShortDecimal() {
		if y, ok := b.(int64); ok {
			// Both rescaled operands and the sum fit in 18 digits.
			return x*pow10(rt.Scale-at.Scale) + y*pow10(rt.Scale-bt.Scale), nil
		}
	}
	x := rescaleHalfUp(DecimalBig(a), at.Scale, rt.Scale)
	y := rescaleHalfUp(DecimalBig(b), bt.Scale, rt.Scale)
	// Trino rescales in 128 bits: an operand that no longer fits 127 bits
	// overflows even when the sum would fit 38 digits.
	if x.BitLen() > 127 || y.BitLen() > 127 {
		return nil, decimalOverflow()
	}
	return finishArith(x.Add(x, y), rt)
}

// DecimalSub returns a - b; the result has type types.DecimalAddType(at, bt).
func DecimalSub(at *types.Type, a any, bt *types.Type, b any) (any, error) {
	return DecimalAdd(at, a, bt, DecimalNegate(bt, b))
}

// DecimalMul returns a * b; the result has type types.DecimalMulType(at, bt).
func DecimalMul(at *types.Type, a any, bt *types.Type, b any) (any, error) {
	rt, err := types.DecimalMulType(at, bt)
	if err != nil {
		return nil, err
	}
	if x, ok := a.(int64); ok && rt.IsShortDecimal() {
		if y, ok := b.(int64); ok {
			return x * y, nil
		}
	}
	u := new(big.Int).Mul(DecimalBig(a), DecimalBig(b))
	return finishArith(u, rt)
}

// DecimalDiv returns a / b rounded half away from zero at the result scale;
// the result has type types.DecimalDivType(at, bt). A zero divisor is
// DIVISION_BY_ZERO "Division by zero".
func DecimalDiv(at *types.Type, a any, bt *types.Type, b any) (any, error) {
	rt := types.DecimalDivType(at, bt)
	d := DecimalBig(b)
	if d.Sign() == 0 {
		return nil, divisionByZero()
	}
	n := new(big.Int).Mul(DecimalBig(a), bigPow10[rt.Scale-at.Scale+bt.Scale])
	return finishArith(divHalfUp(n, d), rt)
}

// DecimalMod returns a % b (the sign follows a); the result has type
// types.DecimalModType(at, bt). A zero divisor is "Division by zero".
func DecimalMod(at *types.Type, a any, bt *types.Type, b any) (any, error) {
	rt := types.DecimalModType(at, bt)
	d := rescaleHalfUp(DecimalBig(b), bt.Scale, rt.Scale)
	if d.Sign() == 0 {
		return nil, divisionByZero()
	}
	n := rescaleHalfUp(DecimalBig(a), at.Scale, rt.Scale)
	return finishArith(new(big.Int).Rem(n, d), rt)
}

// DecimalNegate returns -v; the type is unchanged.
func DecimalNegate(t *types.Type, v any) any {
	if x, ok := v.(int64); ok && t.IsShortDecimal() {
		return -x
	}
	return packDecimal(new(big.Int).Neg(DecimalBig(v)), t)
}

// compareDecimal orders two values of one decimal type.
func compareDecimal(a, b any) int {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			return cmpInt(x, y)
		}
	}
	return decimal128(a).Cmp(decimal128(b))
}

// appendDecimalKey encodes a decimal independently of its scale and
// representation: the unscaled value with trailing zeros of the fraction
// stripped, then the remaining scale, so 1.50 (decimal(3,2)) and 1.5
// (decimal(2,1)) group together.
func appendDecimalKey(buf []byte, t *types.Type, v any) []byte {
	scale := t.Scale
	if x, ok := v.(int64); ok {
		for scale > 0 && x%10 == 0 {
			x /= 10
			scale--
		}
		if x == 0 {
			scale = 0
		}
		v = x
	} else {
		u := DecimalBig(v)
		ten, m := big.NewInt(10), new(big.Int)
		for scale > 0 {
			q, r := new(big.Int).QuoRem(u, ten, m)
			if r.Sign() != 0 {
				break
			}
			u = q
			scale--
		}
		if u.Sign() == 0 {
			scale = 0
		}
		v = packDecimal(u, types.NewDecimal(38, 0))
	}
	r := decimal128(v)
	buf = append(buf, byte(scale))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(r.Hi))
	return binary.LittleEndian.AppendUint64(buf, r.Lo)
}

// decimalToFloat converts as Trino's DECIMAL to DOUBLE/REAL casts do.
func decimalToFloat(v any, scale int, real bool) float64 {
	if x, ok := v.(int64); ok && scale <= 18 {
		if real {
			return float64(float32(x) / float32(pow10(scale)))
		}
		return float64(x) / float64(pow10(scale))
	}
	u := DecimalBig(v)
	if real {
		if scale <= 10 && u.CmpAbs(big.NewInt(1<<22-1)) <= 0 {
			return float64(float32(u.Int64()) / float32(pow10(scale)))
		}
		f, _ := strconv.ParseFloat(FormatDecimalBig(u, scale), 32)
		return f
	}
	if scale <= 22 && u.CmpAbs(big.NewInt(1<<52-1)) <= 0 {
		return float64(u.Int64()) / math.Pow10(scale)
	}
	f, _ := strconv.ParseFloat(FormatDecimalBig(u, scale), 64)
	return f
}

var javaBigDecimalRe = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// parseBigDecimal reads s as Java's new BigDecimal(s) and rounds it half
// up to scale; ok is false when s is not a number.
func parseBigDecimal(s string, scale int) (*big.Int, bool) {
	if !javaBigDecimalRe.MatchString(s) {
		return nil, false
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return nil, false
		}
		mant, exp = s[:i], e
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimLeft(mant, "+-")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		digits = "0"
	}
	u, _ := new(big.Int).SetString(digits, 10)
	if neg {
		u.Neg(u)
	}
	// value = u * 10^(exp - len(frac))
	from := len(frac) - exp
	if from < 0 {
		if scale-from > 2000 {
			return nil, false
		}
		u.Mul(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-from)), nil))
		from = 0
	}
	if scale >= from {
		return u.Mul(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale-from)), nil)), true
	}
	return divHalfUp(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(from-scale)), nil)), true
}

// castToDecimal converts a non-NULL value of type from to decimal type to.
func castToDecimal(v any, from, to *types.Type) (any, error) {
	fits := func(u *big.Int) bool { return u.CmpAbs(bigPow10[to.Precision]) < 0 }
	switch {
	case from.Kind == types.Boolean:
		if v.(bool) {
			return packDecimal(bigPow10[to.Scale], to), nil
		}
		return packDecimal(new(big.Int), to), nil
	case from.IsInteger():
		u := new(big.Int).Mul(big.NewInt(v.(int64)), bigPow10[to.Scale])
		if !fits(u) {
			return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s '%d' to %s", strings.ToUpper(from.String()), v.(int64), decimalTypeName(to))}
		}
		return packDecimal(u, to), nil
	case from.Kind == types.Double || from.Kind == types.Real:
		f := v.(float64)
		name, text := "DOUBLE", FormatDouble(f)
		if from.Kind == types.Real {
			name, text = "REAL", FormatReal(f)
		}
		bad := &CastError{Msg: fmt.Sprintf("Cannot cast %s '%s' to %s", name, text, decimalTypeName(to))}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, bad
		}
		u, ok := parseBigDecimal(text, to.Scale)
		if !ok || !fits(u) {
			return nil, bad
		}
		return packDecimal(u, to), nil
	case from.Kind == types.Decimal:
		u := rescaleHalfUp(DecimalBig(v), from.Scale, to.Scale)
		if !fits(u) {
			return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s '%s' to %s", decimalTypeName(from), formatDecimalValue(v, from.Scale), decimalTypeName(to))}
		}
		return packDecimal(u, to), nil
	case from.IsString():
		s := v.(string)
		u, ok := parseBigDecimal(s, to.Scale)
		if !ok {
			return nil, &CastError{Msg: fmt.Sprintf("Cannot cast VARCHAR '%s' to %s. Value is not a number.", s, decimalTypeName(to))}
		}
		if !fits(u) {
			return nil, &CastError{Msg: fmt.Sprintf("Cannot cast VARCHAR '%s' to %s. Value too large.", s, decimalTypeName(to))}
		}
		return packDecimal(u, to), nil
	}
	return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s to %s", from, to)}
}

// castFromDecimal converts a decimal value to a number or boolean type.
func castFromDecimal(v any, from, to *types.Type) (any, error) {
	switch {
	case to.Kind == types.Boolean:
		return DecimalBig(v).Sign() != 0, nil
	case to.Kind == types.Double:
		return decimalToFloat(v, from.Scale, false), nil
	case to.Kind == types.Real:
		return decimalToFloat(v, from.Scale, true), nil
	case to.Kind == types.Decimal:
		return castToDecimal(v, from, to)
	case to.IsInteger():
		r := rescaleHalfUp(DecimalBig(v), from.Scale, 0)
		lo, hi := IntRange(to)
		if !r.IsInt64() || r.Int64() < lo || r.Int64() > hi {
			shown := r.String()
			if !from.IsShortDecimal() {
				shown = formatDecimalValue(v, from.Scale)
			}
			return nil, &CastError{Msg: fmt.Sprintf("Cannot cast '%s' to %s", shown, strings.ToUpper(to.String()))}
		}
		return r.Int64(), nil
	}
	return nil, &CastError{Msg: fmt.Sprintf("Cannot cast %s to %s", from, to)}
}

// DecimalFromString reads s (Java BigDecimal syntax: optional sign,
// digits with an optional point, optional exponent; no spaces) as a value
// of decimal type t, rounding half up to t's scale, as CAST(varchar AS
// decimal(p,s)) does. Readers can use it for long decimals.
func DecimalFromString(s string, t *types.Type) (any, error) {
	return castToDecimal(s, types.VarcharType, t)
}
