package functions

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"trawl/internal/types"
	"trawl/internal/value"
)

// Math functions beyond the basic ones in scalars.go (Trino's
// MathFunctions, BitwiseFunctions, Greatest and Least).

func dbl1(fn func(float64) float64) Impl {
	return rowWise(func(c *Context, a []any) (any, error) { return fn(a[0].(float64)), nil })
}

func constant(v any) Impl {
	return rowWise(func(c *Context, a []any) (any, error) { return v, nil })
}

func init() {
	for _, name := range []string{"greatest", "least"} {
		isMin := name == "least"
		register(name, name+"(E...)", func(args []*types.Type) *Bound {
			if len(args) < 1 {
				return nil
			}
			t := args[0]
			for _, a := range args[1:] {
				if t = types.CommonSuperType(t, a); t == nil {
					return nil
				}
			}
			if !t.IsOrderable() {
				return nil
			}
			ps := make([]*types.Type, len(args))
			for i := range ps {
				ps[i] = t
			}
			return &Bound{Params: ps, Ret: t, Impl: rowWise(func(c *Context, a []any) (any, error) {
				return greatestLeast(t, a, isMin), nil
			})}
		})
	}

	for _, name := range []string{"random", "rand"} {
		register(name, name+"()", func(args []*types.Type) *Bound {
			if len(args) != 0 {
				return nil
			}
			return &Bound{Ret: double, Nondeterministic: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
				return rand.Float64(), nil
			})}
		})
		register(name, name+"(T)", func(args []*types.Type) *Bound {
			if len(args) != 1 || !args[0].IsInteger() && args[0].Kind != types.Unknown {
				return nil
			}
			t := args[0]
			if t.Kind == types.Unknown {
				t = bigint
			}
			return &Bound{Params: []*types.Type{t}, Ret: t, Nondeterministic: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
				n := a[0].(int64)
				if n <= 0 {
					return nil, invalidArg("bound must be positive")
				}
				return rand.Int64N(n), nil
			})}
		})
		register(name, name+"(T, T)", func(args []*types.Type) *Bound {
			if len(args) != 2 {
				return nil
			}
			t := types.CommonSuperType(args[0], args[1])
			if t == nil || !t.IsInteger() && t.Kind != types.Unknown {
				return nil
			}
			if t.Kind == types.Unknown {
				t = bigint
			}
			return &Bound{Params: []*types.Type{t, t}, Ret: t, Nondeterministic: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
				lo, hi := a[0].(int64), a[1].(int64)
				if lo >= hi {
					return nil, invalidArg("start value must be less than stop value")
				}
				return lo + int64(rand.Uint64N(uint64(hi-lo))), nil
			})}
		})
	}

	register("sign", "sign(T)", func(args []*types.Type) *Bound {
		if len(args) != 1 {
			return nil
		}
		t := args[0]
		switch {
		case t.IsInteger():
			return &Bound{Params: args, Ret: t, Impl: rowWise(func(c *Context, a []any) (any, error) {
				x := a[0].(int64)
				switch {
				case x > 0:
					return int64(1), nil
				case x < 0:
					return int64(-1), nil
				}
				return int64(0), nil
			})}
		case t.Kind == types.Double || t.Kind == types.Real || t.Kind == types.Unknown:
			rt := double
			if t.Kind == types.Real {
				rt = t
			}
			return &Bound{Params: []*types.Type{rt}, Ret: rt, Impl: dbl1(func(x float64) float64 {
				switch {
				case math.IsNaN(x):
					return x
				case x > 0:
					return 1
				case x < 0:
					return -1
				}
				return 0
			})}
		}
		return nil
	})
	register("truncate", "truncate(double)", fixed(double, dbl1(math.Trunc), double))
	register("truncate", "truncate(double, integer)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return truncateDouble(a[0].(float64), a[1].(int64)), nil
	}), double, integer))

	for _, f := range []struct {
		name string
		fn   func(float64) float64
	}{
		{"cbrt", math.Cbrt}, {"exp", math.Exp}, {"log2", math.Log2},
		{"sin", math.Sin}, {"cos", math.Cos}, {"tan", math.Tan},
		{"asin", math.Asin}, {"acos", math.Acos}, {"atan", math.Atan},
		{"sinh", math.Sinh}, {"cosh", math.Cosh}, {"tanh", math.Tanh},
		{"degrees", func(x float64) float64 { return x * (180 / math.Pi) }},
		{"radians", func(x float64) float64 { return x / 180 * math.Pi }},
	} {
		register(f.name, f.name+"(double)", fixed(double, dbl1(f.fn), double))
	}
	register("atan2", "atan2(double, double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return math.Atan2(a[0].(float64), a[1].(float64)), nil
	}), double, double))
	register("log", "log(double, double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return math.Log(a[1].(float64)) / math.Log(a[0].(float64)), nil
	}), double, double))
	register("pi", "pi()", fixed(double, constant(math.Pi)))
	register("e", "e()", fixed(double, constant(math.E)))
	register("infinity", "infinity()", fixed(double, constant(math.Inf(1))))
	register("nan", "nan()", fixed(double, constant(math.NaN())))
	register("is_nan", "is_nan(double)", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) { return math.IsNaN(a[0].(float64)), nil }), double))
	register("is_finite", "is_finite(double)", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
		x := a[0].(float64)
		return !math.IsNaN(x) && !math.IsInf(x, 0), nil
	}), double))
	register("is_infinite", "is_infinite(double)", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) { return math.IsInf(a[0].(float64), 0), nil }), double))

	register("width_bucket", "width_bucket(double, double, double, bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return widthBucket(a[0].(float64), a[1].(float64), a[2].(float64), a[3].(int64))
	}), double, double, double, bigint))
	register("width_bucket", "width_bucket(double, array(double))", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return widthBucketBins(a[0].(float64), a[1].([]any))
	}), double, types.NewArray(double)))

	for _, op := range []struct {
		name string
		fn   func(x, y int64) int64
	}{
		{"bitwise_and", func(x, y int64) int64 { return x & y }},
		{"bitwise_or", func(x, y int64) int64 { return x | y }},
		{"bitwise_xor", func(x, y int64) int64 { return x ^ y }},
	} {
		op := op
		register(op.name, op.name+"(bigint, bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
			return op.fn(a[0].(int64), a[1].(int64)), nil
		}), bigint, bigint))
	}
	register("bitwise_not", "bitwise_not(bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) { return ^a[0].(int64), nil }), bigint))
	register("bit_count", "bit_count(bigint, bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		x, bits := a[0].(int64), a[1].(int64)
		if bits < 2 || bits > 64 {
			return nil, invalidArg("Bits specified in bit_count must be between 2 and 64, got %d", bits)
		}
		lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
		if bits == 64 {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		if x < lo || x > hi {
			return nil, invalidArg("Number must be representable with the bits specified. %d can not be represented with %d bits", x, bits)
		}
		n := int64(0)
		for u := uint64(x) & (uint64(math.MaxUint64) >> (64 - bits)); u != 0; u &= u - 1 {
			n++
		}
		return n, nil
	}), bigint, bigint))

	register("from_base", "from_base(varchar(x), bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		s, radix := a[0].(string), a[1].(int64)
		if radix < 2 || radix > 36 {
			return nil, invalidArg("Radix must be between 2 and 36")
		}
		// Java's Long.parseLong: an optional sign, then digits.
		if strings.HasPrefix(s, "+") && len(s) > 1 && s[1] != '-' && s[1] != '+' {
			s = s[1:]
		}
		v, err := strconv.ParseInt(s, int(radix), 64)
		if err != nil || s == "" || strings.HasPrefix(s, "+") {
			return nil, invalidArg("Not a valid base-%d number: %s", radix, a[0].(string))
		}
		return v, nil
	}), varchar, bigint))
	register("to_base", "to_base(bigint, bigint)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		radix := a[1].(int64)
		if radix < 2 || radix > 36 {
			return nil, invalidArg("Radix must be between 2 and 36")
		}
		return strconv.FormatInt(a[0].(int64), int(radix)), nil
	}), bigint, bigint))

	// if(condition, true_value[, false_value]) as a plain function; the
	// analyzer rewrites if() to CASE before functions are looked up, so
	// this is only reached by callers that bypass it. Both branches are
	// evaluated.
	register("if", "if(boolean, T[, T])", func(args []*types.Type) *Bound {
		if len(args) < 2 || len(args) > 3 || !types.CanCoerce(args[0], boolean) {
			return nil
		}
		t := args[1]
		if len(args) == 3 {
			if t = types.CommonSuperType(t, args[2]); t == nil {
				return nil
			}
		}
		ps := []*types.Type{boolean, t}
		if len(args) == 3 {
			ps = append(ps, t)
		}
		return &Bound{Params: ps, Ret: t, NullCall: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if b, ok := a[0].(bool); ok && b {
				return a[1], nil
			}
			if len(a) == 3 {
				return a[2], nil
			}
			return nil, nil
		})}
	})
}

// greatestLeast picks the largest (smallest) of non-NULL values; NaN
// loses to any number, as in Trino.
func greatestLeast(t *types.Type, vals []any, isMin bool) any {
	var best any
	for _, v := range vals {
		if best == nil {
			best = v
			continue
		}
		if f, ok := v.(float64); ok && math.IsNaN(f) {
			continue
		}
		if f, ok := best.(float64); ok && math.IsNaN(f) {
			best = v
			continue
		}
		c := value.Compare(t, v, best)
		if isMin && c < 0 || !isMin && c > 0 {
			best = v
		}
	}
	return best
}

// truncateDouble is Trino's truncate(double, integer): the decimal
// rendering of x cut (towards zero) to d places.
func truncateDouble(x float64, d int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if d == 0 {
		return math.Trunc(x)
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	mant, expS, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expS)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	// value = 0.digits * 10^(exp+1)
	point := exp + 1
	keep := point + int(d)
	if keep <= 0 {
		if neg {
			return math.Copysign(0, -1)
		}
		return 0
	}
	if keep < len(digits) {
		digits = digits[:keep] + strings.Repeat("0", len(digits)-keep)
	}
	r, _ := strconv.ParseFloat("0."+digits+"e"+strconv.Itoa(point), 64)
	if neg {
		r = -r
	}
	return r
}

func widthBucket(x, b1, b2 float64, n int64) (any, error) {
	switch {
	case n <= 0:
		return nil, invalidArg("bucketCount must be greater than 0")
	case math.IsNaN(x):
		return nil, invalidArg("operand must not be NaN")
	case math.IsNaN(b1) || math.IsInf(b1, 0):
		return nil, invalidArg("first bound must be finite")
	case math.IsNaN(b2) || math.IsInf(b2, 0):
		return nil, invalidArg("second bound must be finite")
	case b1 == b2:
		return nil, invalidArg("bounds cannot equal each other")
	}
	lo, hi := math.Min(b1, b2), math.Max(b1, b2)
	var r int64
	switch {
	case x < lo:
		r = 0
	case x >= hi:
		if n == math.MaxInt64 {
			return nil, &OverflowError{Msg: "Bucket for value " + value.FormatDouble(x) + " is out of range"}
		}
		r = n + 1
	default:
		r = int64(float64(n)*(x-lo)/(hi-lo) + 1)
	}
	if b1 > b2 {
		r = n - r + 1
	}
	return r, nil
}

func widthBucketBins(x float64, bins []any) (any, error) {
	if len(bins) == 0 {
		return nil, invalidArg("Bins cannot be an empty array")
	}
	if math.IsNaN(x) {
		return nil, invalidArg("Operand cannot be NaN")
	}
	get := func(i int) float64 {
		if bins[i] == nil {
			return math.NaN()
		}
		return bins[i].(float64)
	}
	lo, hi := 0, len(bins)
	for lo < hi {
		if get(lo) > get(hi-1) {
			return nil, invalidArg("Bin values are not sorted in ascending order")
		}
		mid := (lo + hi) / 2
		b := get(mid)
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, invalidArg("Bin value must be finite, got %s", value.FormatDouble(b))
		}
		if x < b {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return int64(lo), nil
}
