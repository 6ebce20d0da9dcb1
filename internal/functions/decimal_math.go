package functions

import (
	"fmt"
	"math/big"
	"strconv"

	"trawl/internal/types"
	"trawl/internal/value"
)

// Decimal overloads of abs, sign, ceil/ceiling, floor, round and truncate
// with Trino's result types (MathFunctions.Abs, Ceiling, Floor, Round,
// RoundN, Truncate, TruncateN, Sign). They are registered ahead of the
// double forms, which would otherwise take decimals by coercion.

var bigTen = big.NewInt(10)

// pow10Big returns 10^n as a new big.Int.
func pow10Big(n int) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

// decimalUnary returns a resolver for name(decimal(p,s)) returning
// ret(t), computing fn over the unscaled value.
func decimalUnary(ret func(t *types.Type) *types.Type, fn func(t *types.Type, u *big.Int) *big.Int) Resolver {
	return func(args []*types.Type) *Bound {
		if len(args) != 1 || args[0].Kind != types.Decimal {
			return nil
		}
		t := args[0]
		rt := ret(t)
		return &Bound{Params: args, Ret: rt, Impl: rowWise(func(c *Context, a []any) (any, error) {
			r := fn(t, value.DecimalBig(a[0]))
			v, ok := value.DecimalValue(r, rt)
			if !ok {
				return nil, &OverflowError{Msg: fmt.Sprintf("decimal overflow: %s", value.FormatDecimalBig(value.DecimalBig(a[0]), t.Scale))}
			}
			return v, nil
		})}
	}
}

// decimalWithDigits returns a resolver for name(decimal(p,s), integer)
// returning ret(t).
func decimalWithDigits(ret func(t *types.Type) *types.Type, fn func(t *types.Type, u *big.Int, d int64) *big.Int) Resolver {
	return func(args []*types.Type) *Bound {
		if len(args) != 2 || args[0].Kind != types.Decimal || !types.CanCoerce(args[1], types.IntegerType) {
			return nil
		}
		t := args[0]
		rt := ret(t)
		return &Bound{Params: []*types.Type{t, types.IntegerType}, Ret: rt, Impl: rowWise(func(c *Context, a []any) (any, error) {
			r := fn(t, value.DecimalBig(a[0]), a[1].(int64))
			v, ok := value.DecimalValue(r, rt)
			if !ok {
				return nil, &OverflowError{Msg: fmt.Sprintf("decimal overflow: %s", value.FormatDecimalBig(value.DecimalBig(a[0]), t.Scale))}
			}
			return v, nil
		})}
	}
}

// roundUnscaled rounds u to a multiple of 10^k, half away from zero, and
// returns the quotient (u / 10^k rounded).
func roundUnscaled(u *big.Int, k int) *big.Int {
	if k <= 0 {
		return new(big.Int).Mul(u, pow10Big(-k))
	}
	d := pow10Big(k)
	q, r := new(big.Int).QuoRem(u, d, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(d) >= 0 {
		q.Add(q, big.NewInt(int64(u.Sign())))
	}
	return q
}

func init() {
	registerFirst("abs", "abs(decimal(p,s))", decimalUnary(
		func(t *types.Type) *types.Type { return t },
		func(t *types.Type, u *big.Int) *big.Int { return u.Abs(u) }))

	registerFirst("sign", "sign(decimal(p,s))", decimalUnary(
		func(t *types.Type) *types.Type { return types.NewDecimal(1, 0) },
		func(t *types.Type, u *big.Int) *big.Int { return big.NewInt(int64(u.Sign())) }))

	// ceiling, floor and round(x) drop the fraction: decimal(p-s+min(s,1), 0).
	intPart := func(t *types.Type) *types.Type {
		return types.NewDecimal(min(38, t.Precision-t.Scale+min(t.Scale, 1)), 0)
	}
	for _, name := range []string{"ceil", "ceiling"} {
		registerFirst(name, name+"(decimal(p,s))", decimalUnary(intPart, func(t *types.Type, u *big.Int) *big.Int {
			q, r := new(big.Int).QuoRem(u, pow10Big(t.Scale), new(big.Int))
			if r.Sign() > 0 {
				q.Add(q, big.NewInt(1))
			}
			return q
		}))
	}
	registerFirst("floor", "floor(decimal(p,s))", decimalUnary(intPart, func(t *types.Type, u *big.Int) *big.Int {
		q, r := new(big.Int).QuoRem(u, pow10Big(t.Scale), new(big.Int))
		if r.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		}
		return q
	}))
	registerFirst("round", "round(decimal(p,s))", decimalUnary(intPart, func(t *types.Type, u *big.Int) *big.Int {
		return roundUnscaled(u, t.Scale)
	}))

	// round(x, d) keeps the scale and adds a digit for the carry:
	// decimal(min(38, p+1), s).
	registerFirst("round", "round(decimal(p,s), integer)", decimalWithDigits(
		func(t *types.Type) *types.Type { return types.NewDecimal(min(38, t.Precision+1), t.Scale) },
		func(t *types.Type, u *big.Int, d int64) *big.Int {
			s := int64(t.Scale)
			if d >= s {
				return u
			}
			// Trino's short-decimal form answers 0 once every integral
			// digit is rounded away (round(DECIMAL '1234', -7) is 0).
			if int64(t.Precision)-s+d <= 0 && t.IsShortDecimal() || s-d > 40 {
				return new(big.Int)
			}
			k := int(s - d)
			q := roundUnscaled(u, k)
			return q.Mul(q, pow10Big(k))
		}))

	// truncate(x) drops the fraction: decimal(max(1, p-s), 0).
	registerFirst("truncate", "truncate(decimal(p,s))", decimalUnary(
		func(t *types.Type) *types.Type { return types.NewDecimal(max(1, t.Precision-t.Scale), 0) },
		func(t *types.Type, u *big.Int) *big.Int { return u.Quo(u, pow10Big(t.Scale)) }))
	// truncate(x, d) keeps the type.
	registerFirst("truncate", "truncate(decimal(p,s), integer)", decimalWithDigits(
		func(t *types.Type) *types.Type { return t },
		func(t *types.Type, u *big.Int, d int64) *big.Int {
			s := int64(t.Scale)
			if int64(t.Precision)-s+d <= 0 {
				return new(big.Int)
			}
			if d >= s {
				return u
			}
			r := new(big.Int).Rem(u, pow10Big(int(s-d)))
			return u.Sub(u, r)
		}))
}

// round(x, d) over the integer types keeps x's type (Trino's
// MathFunctions.roundLong and friends): d >= 0 leaves x as it is; d < 0
// rounds half away from zero to a multiple of 10^-d.
func init() {
	for _, t := range []*types.Type{types.TinyIntType, types.SmallIntType, types.IntegerType, types.BigIntType} {
		t := t
		registerFirst("round", "round("+t.String()+", integer)", func(args []*types.Type) *Bound {
			if len(args) != 2 || !args[0].Equal(t) || !args[1].IsInteger() {
				return nil
			}
			return fixed(t, rowWise(func(c *Context, a []any) (any, error) {
				x, d := a[0].(int64), a[1].(int64)
				if d >= 0 || x == 0 {
					return x, nil
				}
				if d < -18 {
					return int64(0), nil
				}
				p := int64(1)
				for i := int64(0); i < -d; i++ {
					p *= 10
				}
				q, r := x/p, x%p
				if r < 0 {
					r = -r
				}
				if 2*r >= p {
					if x < 0 {
						q--
					} else {
						q++
					}
				}
				v := new(big.Int).Mul(big.NewInt(q), big.NewInt(p))
				lo, hi := value.IntRange(t)
				if !v.IsInt64() || v.Int64() < lo || v.Int64() > hi {
					return nil, &OverflowError{Msg: "Numeric overflow: round(" + strconv.FormatInt(x, 10) + ", " + strconv.FormatInt(d, 10) + ")"}
				}
				return v.Int64(), nil
			}), t, types.IntegerType)(args)
		})
	}
}
