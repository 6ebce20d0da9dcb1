package exec

import (
	"fmt"
	"math"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// arithFn computes one row of a binary operator on non-NULL operands in
// their physical form.
type arithFn func(a, b any) (any, error)

// arithOp picks the implementation of l op r for the operand types the
// analyzer settled on (see analyzer/operators.go) and result type t.
func arithOp(op string, lt, rt, t *types.Type) (arithFn, error) {
	isIv := func(t *types.Type) bool {
		return t.Kind == types.IntervalDayTime || t.Kind == types.IntervalYearMonth
	}
	switch {
	case t.Kind == types.Decimal:
		var f func(*types.Type, any, *types.Type, any) (any, error)
		switch op {
		case "+":
			f = value.DecimalAdd
		case "-":
			f = value.DecimalSub
		case "*":
			f = value.DecimalMul
		case "/":
			f = value.DecimalDiv
		case "%":
			f = value.DecimalMod
		}
		if f != nil && lt.Kind == types.Decimal && rt.Kind == types.Decimal {
			return func(a, b any) (any, error) { return f(lt, a, rt, b) }, nil
		}
	case isIv(lt) && isIv(rt):
		switch op {
		case "+":
			return func(a, b any) (any, error) { return value.IntervalAdd(a.(int64), b.(int64)) }, nil
		case "-":
			return func(a, b any) (any, error) { return value.IntervalSub(a.(int64), b.(int64)) }, nil
		}
	case isIv(lt) && rt.Kind == types.BigInt && op == "*":
		return func(a, b any) (any, error) { return value.IntervalMulBigint(a.(int64), b.(int64)) }, nil
	case lt.Kind == types.BigInt && isIv(rt) && op == "*":
		return func(a, b any) (any, error) { return value.IntervalMulBigint(b.(int64), a.(int64)) }, nil
	case isIv(lt) && rt.Kind == types.Double && op == "*":
		return func(a, b any) (any, error) { return value.IntervalMulDouble(a.(int64), b.(float64)) }, nil
	case lt.Kind == types.Double && isIv(rt) && op == "*":
		return func(a, b any) (any, error) { return value.IntervalMulDouble(b.(int64), a.(float64)) }, nil
	case isIv(lt) && rt.Kind == types.Double && op == "/":
		return func(a, b any) (any, error) { return value.IntervalDivDouble(a.(int64), b.(float64)) }, nil
	case t.Kind == types.IntervalDayTime && lt.Equal(rt) && op == "-":
		// timestamp - timestamp, timestamp with time zone - timestamp with
		// time zone, time - time.
		switch lt.Kind {
		case types.Timestamp, types.Time:
			return func(a, b any) (any, error) { return value.TimestampDiff(a.(int64), b.(int64)), nil }, nil
		case types.TimestampTZ:
			return func(a, b any) (any, error) { return value.TimestampTZDiff(a.(int64), b.(int64)), nil }, nil
		}
	case isIv(rt) && (op == "+" || op == "-"):
		if f := datetimeInterval(op, lt, rt); f != nil {
			return func(a, b any) (any, error) { return f(a.(int64), b.(int64)) }, nil
		}
	case isIv(lt) && op == "+":
		if f := datetimeInterval(op, rt, lt); f != nil {
			return func(a, b any) (any, error) { return f(b.(int64), a.(int64)) }, nil
		}
	}
	return nil, fmt.Errorf("unsupported arithmetic %s %s %s", lt, op, rt)
}

// datetimeInterval returns d op iv for a date, time, timestamp or
// timestamp with time zone d and an interval iv (op + or -).
func datetimeInterval(op string, dt, it *types.Type) func(d, iv int64) (int64, error) {
	sub := op == "-"
	neg := func(iv int64) (int64, error) {
		if !sub {
			return iv, nil
		}
		if iv == math.MinInt64 {
			return 0, sqlerr.New(sqlerr.NumericValueOutOfRange, "Interval overflow")
		}
		return -iv, nil
	}
	if it.Kind == types.IntervalDayTime {
		switch dt.Kind {
		case types.Date:
			if sub {
				return value.DateSubDayTime
			}
			return value.DateAddDayTime
		case types.Time:
			return func(d, iv int64) (int64, error) {
				if sub {
					iv = -(iv % 86400000)
				}
				return value.TimeAddDayTime(d, iv), nil
			}
		case types.Timestamp:
			return func(d, iv int64) (int64, error) {
				iv, err := neg(iv)
				if err != nil {
					return 0, err
				}
				return value.TimestampAddDayTime(d, iv)
			}
		case types.TimestampTZ:
			return func(d, iv int64) (int64, error) {
				iv, err := neg(iv)
				if err != nil {
					return 0, err
				}
				return value.TimestampTZAddDayTime(d, iv), nil
			}
		}
		return nil
	}
	var add func(d, months int64) (int64, error)
	switch dt.Kind {
	case types.Date:
		add = value.DateAddMonths
	case types.Timestamp:
		add = value.TimestampAddMonths
	case types.TimestampTZ:
		add = value.TimestampTZAddMonths
	default:
		return nil
	}
	return func(d, iv int64) (int64, error) {
		iv, err := neg(iv)
		if err != nil {
			return 0, err
		}
		return add(d, iv)
	}
}

func (ev *Evaluator) evalArith(x *plan.Arith, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	l, err := ev.Eval(x.L, b)
	if err != nil {
		return nil, err
	}
	r, err := ev.Eval(x.R, b)
	if err != nil {
		return nil, err
	}
	out := vector.New(x.T, n)
	lt, rt := x.L.Type(), x.R.Type()
	switch {
	case x.T.Physical() == types.PhysFloat && lt.Physical() == types.PhysFloat && rt.Physical() == types.PhysFloat:
		for i := 0; i < n; i++ {
			if l.IsNull(i) || r.IsNull(i) {
				out.AppendNull()
				continue
			}
			out.AppendFloat(floatArith(x.Op, l.Float[i], r.Float[i], x.T.Kind == types.Real))
		}
		return out, nil
	case x.T.IsInteger() && lt.IsInteger() && rt.IsInteger():
		for i := 0; i < n; i++ {
			if l.IsNull(i) || r.IsNull(i) {
				out.AppendNull()
				continue
			}
			res, err := intArith(x.Op, l.Int[i], r.Int[i], x.T)
			if err != nil {
				return nil, err
			}
			out.AppendInt(res)
		}
		return out, nil
	}
	f, err := arithOp(x.Op, lt, rt, x.T)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.AppendNull()
			continue
		}
		res, err := f(l.Value(i), r.Value(i))
		if err != nil {
			return nil, err
		}
		out.Append(res)
	}
	return out, nil
}

// floatArith is Java's double (or float) arithmetic: division by zero
// gives an infinity or NaN, % is fmod.
func floatArith(op string, a, c float64, real bool) float64 {
	var res float64
	switch op {
	case "+":
		res = a + c
	case "-":
		res = a - c
	case "*":
		res = a * c
	case "/":
		res = a / c
	case "%":
		res = math.Mod(a, c)
	}
	if real {
		res = float64(float32(res))
	}
	return res
}

// evalNegate is unary minus on numbers and intervals.
func (ev *Evaluator) evalNegate(x *plan.Negate, b *vector.Batch) (*vector.Vector, error) {
	v, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	n := b.N
	t := x.Type()
	out := vector.New(t, n)
	for i := 0; i < n; i++ {
		if v.IsNull(i) {
			out.AppendNull()
			continue
		}
		switch {
		case t.Kind == types.Decimal:
			out.Append(value.DecimalNegate(t, v.Value(i)))
		case t.Physical() == types.PhysFloat:
			out.AppendFloat(-v.Float[i])
		case t.Kind == types.IntervalDayTime || t.Kind == types.IntervalYearMonth:
			if v.Int[i] == math.MinInt64 {
				return nil, sqlerr.New(sqlerr.NumericValueOutOfRange, "Interval overflow")
			}
			out.AppendInt(-v.Int[i])
		case t.Physical() == types.PhysInt:
			lo, _ := value.IntRange(t)
			if v.Int[i] == lo {
				return nil, sqlerr.New(sqlerr.NumericValueOutOfRange, "Value %d is out of range for %s negation", v.Int[i], t)
			}
			out.AppendInt(-v.Int[i])
		default:
			return nil, fmt.Errorf("cannot negate %s", t)
		}
	}
	return out, nil
}

// timeArith returns tv op iv for a date, timestamp or timestamp with time
// zone tv of type tt and an interval iv of type it (op + or -).
func timeArith(op string, tt *types.Type, tv int64, it *types.Type, iv int64) (int64, error) {
	f := datetimeInterval(op, tt, it)
	if f == nil {
		return 0, fmt.Errorf("unsupported time arithmetic %s %s %s", tt, op, it)
	}
	return f(tv, iv)
}
