package functions

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// InvalidArgumentError is Trino's INVALID_FUNCTION_ARGUMENT.
type InvalidArgumentError struct{ Msg string }

func (e *InvalidArgumentError) Error() string { return e.Msg }

func invalidArg(format string, args ...any) error {
	return &InvalidArgumentError{Msg: fmt.Sprintf(format, args...)}
}

var (
	varchar = types.VarcharType
	bigint  = types.BigIntType
	double  = types.DoubleType
	boolean = types.BooleanType
)

func init() {
	// --- strings
	register("lower", "lower(varchar(x))", fixed(varchar, strToStr(strings.ToLower), varchar))
	register("upper", "upper(varchar(x))", fixed(varchar, strToStr(strings.ToUpper), varchar))
	// Trino trims what Java's Character.isWhitespace calls whitespace.
	register("trim", "trim(varchar(x))", fixed(varchar, strToStr(func(s string) string { return strings.TrimFunc(s, javaIsWhitespace) }), varchar))
	register("ltrim", "ltrim(varchar(x))", fixed(varchar, strToStr(func(s string) string { return strings.TrimLeftFunc(s, javaIsWhitespace) }), varchar))
	register("rtrim", "rtrim(varchar(x))", fixed(varchar, strToStr(func(s string) string { return strings.TrimRightFunc(s, javaIsWhitespace) }), varchar))
	register("trim", "trim(varchar(x), varchar(y))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.Trim(a[0].(string), a[1].(string)), nil
	}), varchar, varchar))
	register("ltrim", "ltrim(varchar(x), varchar(y))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.TrimLeft(a[0].(string), a[1].(string)), nil
	}), varchar, varchar))
	register("rtrim", "rtrim(varchar(x), varchar(y))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.TrimRight(a[0].(string), a[1].(string)), nil
	}), varchar, varchar))
	register("reverse", "reverse(varchar(x))", fixed(varchar, strToStr(func(s string) string {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r)
	}), varchar))
	register("length", "length(varchar(x))", fixed(bigint, func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
		for i := 0; i < n; i++ {
			out.AppendInt(int64(utf8.RuneCountInString(args[0].Str[i])))
		}
		return nil
	}, varchar))
	substr := rowWise(func(c *Context, a []any) (any, error) {
		s := a[0].(string)
		start := a[1].(int64)
		length := int64(math.MaxInt64)
		if len(a) > 2 {
			length = a[2].(int64)
		}
		return substring(s, start, length), nil
	})
	for _, name := range []string{"substr", "substring"} {
		register(name, name+"(varchar(x), bigint)", fixed(varchar, substr, varchar, bigint))
		register(name, name+"(varchar(x), bigint, bigint)", fixed(varchar, substr, varchar, bigint, bigint))
	}
	register("strpos", "strpos(varchar(x), varchar(y))", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		i := strings.Index(a[0].(string), a[1].(string))
		if i < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(a[0].(string)[:i]) + 1), nil
	}), varchar, varchar))
	register("replace", "replace(varchar(x), varchar(y))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.ReplaceAll(a[0].(string), a[1].(string), ""), nil
	}), varchar, varchar))
	register("replace", "replace(varchar(x), varchar(y), varchar(z))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.ReplaceAll(a[0].(string), a[1].(string), a[2].(string)), nil
	}), varchar, varchar, varchar))
	register("starts_with", "starts_with(varchar(x), varchar(y))", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
		return strings.HasPrefix(a[0].(string), a[1].(string)), nil
	}), varchar, varchar))
	register("split", "split(varchar(x), varchar(y))", fixed(types.NewArray(varchar), rowWise(func(c *Context, a []any) (any, error) {
		if a[1].(string) == "" {
			return nil, invalidArg("The delimiter may not be the empty string")
		}
		parts := strings.Split(a[0].(string), a[1].(string))
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	}), varchar, varchar))
	register("split_part", "split_part(varchar(x), varchar(y), bigint)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		idx := a[2].(int64)
		if idx <= 0 {
			return nil, invalidArg("Index must be greater than zero")
		}
		if a[1].(string) == "" {
			// An empty delimiter splits between every character.
			r := []rune(a[0].(string))
			if idx > int64(len(r)) {
				return nil, nil
			}
			return string(r[idx-1]), nil
		}
		parts := strings.Split(a[0].(string), a[1].(string))
		if idx > int64(len(parts)) {
			return nil, nil
		}
		return parts[idx-1], nil
	}), varchar, varchar, bigint))
	register("concat", "concat(varchar(x)...)", func(args []*types.Type) *Bound {
		if len(args) < 1 {
			return nil
		}
		for _, a := range args {
			if !types.CanCoerce(a, varchar) {
				return nil
			}
		}
		ps := make([]*types.Type, len(args))
		for i := range ps {
			ps[i] = varchar
		}
		return &Bound{Params: ps, Ret: varchar, Impl: func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
			if len(args) < 2 {
				return invalidArg("There must be two or more concatenation arguments")
			}
			var b strings.Builder
			for i := 0; i < n; i++ {
				b.Reset()
				for _, a := range args {
					b.WriteString(a.Str[i])
				}
				out.AppendString(b.String())
			}
			return nil
		}}
	})

	// --- conditional helpers that are plain functions
	register("nullif", "nullif(T, T)", func(args []*types.Type) *Bound {
		if len(args) != 2 {
			return nil
		}
		t := types.CommonSuperType(args[0], args[1])
		if t == nil {
			return nil
		}
		return &Bound{Params: []*types.Type{t, t}, Ret: t, NullCall: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if a[0] == nil || a[1] == nil {
				return a[0], nil
			}
			if eq, known := value.Equal(t, a[0], a[1]); eq && known {
				return nil, nil
			}
			return a[0], nil
		})}
	})

	// --- math
	for _, k := range []*types.Type{types.TinyIntType, types.SmallIntType, types.IntegerType, bigint} {
		t := k
		register("abs", "abs(T)", fixed(t, rowWise(func(c *Context, a []any) (any, error) {
			x := a[0].(int64)
			if x < 0 {
				lo, _ := value.IntRange(t)
				if x == lo {
					return nil, &OverflowError{Msg: fmt.Sprintf("Value %d is out of range for abs(%s)", x, t)}
				}
				x = -x
			}
			return x, nil
		}), t))
	}
	// round, ceil and floor of an integer type are the identity, typed as
	// the argument (registered before the double forms, which would
	// otherwise take integers by coercion).
	for _, name := range []string{"round", "ceil", "ceiling", "floor"} {
		register(name, name+"(T)", func(args []*types.Type) *Bound {
			if len(args) != 1 || !args[0].IsInteger() {
				return nil
			}
			return &Bound{Params: args, Ret: args[0], Impl: rowWise(func(c *Context, a []any) (any, error) { return a[0], nil })}
		})
	}
	register("abs", "abs(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Abs(a[0].(float64)), nil }), double))
	register("round", "round(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return roundHalfUp(a[0].(float64), 0), nil }), double))
	register("round", "round(double, integer)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return roundHalfUp(a[0].(float64), a[1].(int64)), nil
	}), double, types.IntegerType))
	for _, name := range []string{"ceil", "ceiling"} {
		register(name, name+"(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Ceil(a[0].(float64)), nil }), double))
	}
	register("floor", "floor(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Floor(a[0].(float64)), nil }), double))
	register("sqrt", "sqrt(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Sqrt(a[0].(float64)), nil }), double))
	register("ln", "ln(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Log(a[0].(float64)), nil }), double))
	register("log10", "log10(double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) { return math.Log10(a[0].(float64)), nil }), double))
	for _, name := range []string{"power", "pow"} {
		register(name, name+"(double, double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
			return math.Pow(a[0].(float64), a[1].(float64)), nil
		}), double, double))
	}
	register("mod", "mod(bigint, bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		if a[1].(int64) == 0 {
			return nil, &DivisionByZeroError{}
		}
		return a[0].(int64) % a[1].(int64), nil
	}), bigint, bigint))
	register("mod", "mod(double, double)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return math.Mod(a[0].(float64), a[1].(float64)), nil
	}), double, double))

	// --- arrays (the few issue-level ones)
	register("cardinality", "cardinality(array(E))", func(args []*types.Type) *Bound {
		if len(args) != 1 || (args[0].Kind != types.Array && args[0].Kind != types.Map) {
			return nil
		}
		return &Bound{Params: args, Ret: bigint, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if m, ok := a[0].(*types.MapValue); ok {
				return int64(len(m.Keys)), nil
			}
			return int64(len(a[0].([]any))), nil
		})}
	})
	register("contains", "contains(array(T), T)", func(args []*types.Type) *Bound {
		if len(args) != 2 || args[0].Kind != types.Array {
			return nil
		}
		et := types.CommonSuperType(args[0].Elem, args[1])
		if et == nil {
			return nil
		}
		return &Bound{Params: []*types.Type{types.NewArray(et), et}, Ret: boolean, Impl: rowWise(func(c *Context, a []any) (any, error) {
			sawNull := false
			for _, e := range a[0].([]any) {
				if e == nil {
					sawNull = true
					continue
				}
				if eq, _ := value.Equal(et, e, a[1]); eq {
					return true, nil
				}
			}
			if sawNull {
				return nil, nil
			}
			return false, nil
		})}
	})
	register("element_at", "element_at(array(E), bigint)", func(args []*types.Type) *Bound {
		if len(args) != 2 {
			return nil
		}
		switch args[0].Kind {
		case types.Array:
			if !types.CanCoerce(args[1], bigint) {
				return nil
			}
			return &Bound{Params: []*types.Type{args[0], bigint}, Ret: args[0].Elem, Impl: rowWise(func(c *Context, a []any) (any, error) {
				arr, i := a[0].([]any), a[1].(int64)
				switch {
				case i == 0:
					return nil, invalidArg("SQL array indices start at 1")
				case i > 0 && i <= int64(len(arr)):
					return arr[i-1], nil
				case i < 0 && -i <= int64(len(arr)):
					return arr[int64(len(arr))+i], nil
				}
				return nil, nil
			})}
		case types.Map:
			if !types.CanCoerce(args[1], args[0].Key) {
				return nil
			}
			mt := args[0]
			return &Bound{Params: []*types.Type{mt, mt.Key}, Ret: mt.Value, Impl: rowWise(func(c *Context, a []any) (any, error) {
				m := a[0].(*types.MapValue)
				for i, k := range m.Keys {
					if eq, _ := value.Equal(mt.Key, k, a[1]); eq {
						return m.Values[i], nil
					}
				}
				return nil, nil
			})}
		}
		return nil
	})
}

// OverflowError is Trino's NUMERIC_VALUE_OUT_OF_RANGE.
type OverflowError struct{ Msg string }

func (e *OverflowError) Error() string { return e.Msg }

// DivisionByZeroError is Trino's DIVISION_BY_ZERO.
type DivisionByZeroError struct{}

func (e *DivisionByZeroError) Error() string { return "Division by zero" }

func roundHalfUp(x float64, d int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(d))
	v := x * p
	if math.IsInf(v, 0) {
		return x
	}
	return math.Round(v) / p
}

// substring implements Trino's substr with 1-based start (negative counts
// from the end) over code points.
func substring(s string, start, length int64) string {
	if start == 0 || length <= 0 {
		return ""
	}
	r := []rune(s)
	n := int64(len(r))
	if start < 0 {
		start = n + start + 1
		if start < 1 {
			return ""
		}
	}
	if start > n {
		return ""
	}
	end := n
	if length < n-start+1 {
		end = start - 1 + length
	}
	return string(r[start-1 : end])
}

// javaIsWhitespace is Java's Character.isWhitespace: Unicode space
// separators other than the no-break ones, and the ASCII controls \t \n
// \v \f \r and \x1c-\x1f.
func javaIsWhitespace(r rune) bool {
	switch {
	case r == ' ' || r >= '\t' && r <= '\r' || r >= 0x1c && r <= 0x1f:
		return true
	case r == 0xa0 || r == 0x2007 || r == 0x202f:
		return false
	}
	return unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp)
}

// TimeNow returns the query start as a timestamp with time zone.
func TimeNow(c *Context) int64 { return value.PackTZ(c.Start.UnixMilli(), c.Zone) }
