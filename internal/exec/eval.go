package exec

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Evaluator computes bound expressions over batches. One Evaluator belongs
// to one goroutine.
type Evaluator struct {
	FC    *functions.Context
	likes map[string]*regexp.Regexp
	// env and ctx run subqueries (nil env: subqueries cannot be evaluated).
	env *Env
	ctx context.Context
	// frames hold the parameters of the lambdas being evaluated.
	frames [][]*vector.Vector
}

// NewEvaluator returns an evaluator using the function context fc.
func NewEvaluator(fc *functions.Context) *Evaluator {
	return &Evaluator{FC: fc, likes: map[string]*regexp.Regexp{}}
}

// Gather returns a new vector with the rows of v listed in sel.
func Gather(v *vector.Vector, sel []int) *vector.Vector {
	out := vector.New(v.Type, len(sel))
	switch v.Type.Physical() {
	case types.PhysBool:
		for _, i := range sel {
			out.Bool = append(out.Bool, v.Bool[i])
		}
	case types.PhysInt:
		for _, i := range sel {
			out.Int = append(out.Int, v.Int[i])
		}
	case types.PhysFloat:
		for _, i := range sel {
			out.Float = append(out.Float, v.Float[i])
		}
	case types.PhysString:
		for _, i := range sel {
			out.Str = append(out.Str, v.Str[i])
		}
	default:
		for _, i := range sel {
			out.Any = append(out.Any, v.Any[i])
		}
	}
	if v.Null != nil {
		out.Null = make([]bool, 0, len(sel))
		for _, i := range sel {
			out.Null = append(out.Null, v.IsNull(i))
		}
	}
	out.SetLen(len(sel))
	return out
}

// GatherBatch returns a batch of the selected rows.
func GatherBatch(b *vector.Batch, sel []int) *vector.Batch {
	out := &vector.Batch{Cols: make([]*vector.Vector, len(b.Cols)), N: len(sel)}
	for i, c := range b.Cols {
		out.Cols[i] = Gather(c, sel)
	}
	return out
}

// scatter writes the values of part (one per entry of sel) into a vector
// of n rows that is NULL elsewhere.
func scatter(t *types.Type, part *vector.Vector, sel []int, n int) *vector.Vector {
	out := vector.New(t, n)
	j := 0
	for i := 0; i < n; i++ {
		if j < len(sel) && sel[j] == i {
			out.AppendFrom(part, j)
			j++
		} else {
			out.AppendNull()
		}
	}
	return out
}

// constVector repeats a value n times.
func constVector(t *types.Type, v any, n int) *vector.Vector {
	out := vector.New(t, n)
	if v == nil {
		for i := 0; i < n; i++ {
			out.AppendNull()
		}
		return out
	}
	switch t.Physical() {
	case types.PhysBool:
		x := v.(bool)
		for i := 0; i < n; i++ {
			out.Bool = append(out.Bool, x)
		}
	case types.PhysInt:
		x := v.(int64)
		for i := 0; i < n; i++ {
			out.Int = append(out.Int, x)
		}
	case types.PhysFloat:
		x := v.(float64)
		for i := 0; i < n; i++ {
			out.Float = append(out.Float, x)
		}
	case types.PhysString:
		x := v.(string)
		for i := 0; i < n; i++ {
			out.Str = append(out.Str, x)
		}
	default:
		for i := 0; i < n; i++ {
			out.Any = append(out.Any, v)
		}
	}
	out.SetLen(n)
	return out
}

// Eval computes e for every row of b.
func (ev *Evaluator) Eval(e plan.Expr, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	switch x := e.(type) {
	case *plan.ColumnRef:
		return b.Cols[x.Index], nil
	case *plan.LambdaParam:
		return ev.lambdaParam(x)
	case *plan.HigherOrder:
		return ev.evalHigherOrder(x, b)
	case *plan.Literal:
		return constVector(x.T, x.Value, n), nil
	case *plan.Compare:
		return ev.evalCompare(x, b)
	case *plan.Logical:
		return ev.evalLogical(x, b)
	case *plan.Not:
		v, err := ev.Eval(x.X, b)
		if err != nil {
			return nil, err
		}
		out := vector.New(types.BooleanType, n)
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out.AppendNull()
			} else {
				out.AppendBool(!v.Bool[i])
			}
		}
		return out, nil
	case *plan.IsNull:
		v, err := ev.Eval(x.X, b)
		if err != nil {
			return nil, err
		}
		out := vector.New(types.BooleanType, n)
		for i := 0; i < n; i++ {
			out.AppendBool(v.IsNull(i) != x.Negate)
		}
		return out, nil
	case *plan.Call:
		return ev.evalCall(x, b)
	case *plan.Cast:
		return ev.evalCast(x, b)
	case *plan.Arith:
		return ev.evalArith(x, b)
	case *plan.Negate:
		return ev.evalNegate(x, b)
	case *plan.Case:
		return ev.evalCase(x, b)
	case *plan.Coalesce:
		return ev.evalCoalesce(x, b)
	case *plan.In:
		return ev.evalIn(x, b)
	case *plan.Like:
		return ev.evalLike(x, b)
	case *plan.Field:
		v, err := ev.Eval(x.X, b)
		if err != nil {
			return nil, err
		}
		out := vector.New(x.T, n)
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out.AppendNull()
				continue
			}
			out.Append(v.Any[i].([]any)[x.Index])
		}
		return out, nil
	case *plan.Subscript:
		return ev.evalSubscript(x, b)
	case *plan.Try:
		return ev.evalTry(x, b)
	case *plan.ArrayCtor:
		vs, err := ev.evalAll(x.Elems, b)
		if err != nil {
			return nil, err
		}
		out := vector.New(x.T, n)
		for i := 0; i < n; i++ {
			arr := make([]any, len(vs))
			for j, v := range vs {
				arr[j] = v.Value(i)
			}
			out.AppendAny(arr)
		}
		return out, nil
	case *plan.ScalarSubquery:
		v, err := ev.scalarSubquery(x)
		if err != nil {
			return nil, err
		}
		return constVector(x.T, v, n), nil
	case *plan.InSubquery:
		return ev.evalInSubquery(x, b)
	case *plan.Exists:
		ok, err := ev.exists(x)
		if err != nil {
			return nil, err
		}
		return constVector(types.BooleanType, ok, n), nil
	case *plan.RowCtor:
		vs, err := ev.evalAll(x.Fields, b)
		if err != nil {
			return nil, err
		}
		out := vector.New(x.T, n)
		for i := 0; i < n; i++ {
			row := make([]any, len(vs))
			for j, v := range vs {
				row[j] = v.Value(i)
			}
			out.AppendAny(row)
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot evaluate %T", e)
}

func (ev *Evaluator) evalAll(es []plan.Expr, b *vector.Batch) ([]*vector.Vector, error) {
	out := make([]*vector.Vector, len(es))
	for i, e := range es {
		v, err := ev.Eval(e, b)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// EvalOn computes e only for the rows in sel, returning a vector of
// len(sel) rows.
func (ev *Evaluator) EvalOn(e plan.Expr, b *vector.Batch, sel []int) (*vector.Vector, error) {
	if len(sel) == b.N {
		return ev.Eval(e, b)
	}
	if len(ev.frames) > 0 {
		// Inside a lambda: its parameters are rows of b too.
		saved := ev.frames
		ev.frames = make([][]*vector.Vector, len(saved))
		for d, f := range saved {
			ev.frames[d] = make([]*vector.Vector, len(f))
			for i, v := range f {
				ev.frames[d][i] = Gather(v, sel)
			}
		}
		defer func() { ev.frames = saved }()
	}
	return ev.Eval(e, GatherBatch(b, sel))
}

func (ev *Evaluator) evalCompare(x *plan.Compare, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	l, err := ev.Eval(x.L, b)
	if err != nil {
		return nil, err
	}
	out := vector.New(types.BooleanType, n)
	t := x.L.Type()
	// Fast path: a column compared with a constant.
	if lit, ok := x.R.(*plan.Literal); ok && lit.Value != nil && x.Op != "DISTINCT" && x.Op != "NOT DISTINCT" {
		switch t.Physical() {
		case types.PhysString:
			if t.Kind == types.Varchar || t.Kind == types.Varbinary {
				s := lit.Value.(string)
				for i := 0; i < n; i++ {
					if l.IsNull(i) {
						out.AppendNull()
						continue
					}
					out.AppendBool(cmpResult(x.Op, strings.Compare(l.Str[i], s)))
				}
				return out, nil
			}
		case types.PhysInt:
			if t.Kind != types.TimestampTZ {
				c := lit.Value.(int64)
				for i := 0; i < n; i++ {
					if l.IsNull(i) {
						out.AppendNull()
						continue
					}
					v := l.Int[i]
					r := 0
					if v < c {
						r = -1
					} else if v > c {
						r = 1
					}
					out.AppendBool(cmpResult(x.Op, r))
				}
				return out, nil
			}
		}
	}
	r, err := ev.Eval(x.R, b)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		ln, rn := l.IsNull(i), r.IsNull(i)
		switch x.Op {
		case "DISTINCT", "NOT DISTINCT":
			var distinct bool
			switch {
			case ln && rn:
				distinct = false
			case ln || rn:
				distinct = true
			default:
				eq, known := value.Equal(t, l.Value(i), r.Value(i))
				distinct = !(eq && known)
				if !known {
					distinct = value.Compare(t, l.Value(i), r.Value(i)) != 0
				}
			}
			out.AppendBool(distinct == (x.Op == "DISTINCT"))
			continue
		}
		if ln || rn {
			out.AppendNull()
			continue
		}
		if x.Op == "=" || x.Op == "<>" {
			eq, known := value.Equal(t, l.Value(i), r.Value(i))
			if !known {
				out.AppendNull()
				continue
			}
			out.AppendBool(eq == (x.Op == "="))
			continue
		}
		out.AppendBool(cmpResult(x.Op, value.Compare(t, l.Value(i), r.Value(i))))
	}
	return out, nil
}

func cmpResult(op string, c int) bool {
	switch op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}

// evalLogical evaluates AND/OR left to right, evaluating later arguments
// only on rows whose outcome is still open (so a cheap test guards an
// expensive or failing one, as users expect).
func (ev *Evaluator) evalLogical(x *plan.Logical, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	isAnd := x.Op == "AND"
	// state per row: 0 = still open/true-so-far (AND) or false-so-far (OR), 1 = decided, 2 = NULL seen
	decided := make([]bool, n)
	sawNull := make([]bool, n)
	open := make([]int, 0, n)
	for i := 0; i < n; i++ {
		open = append(open, i)
	}
	for _, a := range x.Args {
		if len(open) == 0 {
			break
		}
		v, err := ev.EvalOn(a, b, open)
		if err != nil {
			return nil, err
		}
		next := open[:0:0]
		for j, i := range open {
			switch {
			case v.IsNull(j):
				sawNull[i] = true
				next = append(next, i)
			case v.Bool[j] != isAnd: // false for AND, true for OR
				decided[i] = true
			default:
				next = append(next, i)
			}
		}
		open = next
	}
	out := vector.New(types.BooleanType, n)
	for i := 0; i < n; i++ {
		switch {
		case decided[i]:
			out.AppendBool(!isAnd)
		case sawNull[i]:
			out.AppendNull()
		default:
			out.AppendBool(isAnd)
		}
	}
	return out, nil
}

func (ev *Evaluator) evalCall(x *plan.Call, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	args, err := ev.evalAll(x.Args, b)
	if err != nil {
		return nil, err
	}
	out := vector.New(x.Fn.Ret, n)
	if !x.Fn.NullCall {
		// Rows with a NULL argument yield NULL without calling the function.
		var sel []int
		anyNull := false
		for _, a := range args {
			if a.HasNulls() {
				anyNull = true
				break
			}
		}
		if anyNull {
			sel = make([]int, 0, n)
		row:
			for i := 0; i < n; i++ {
				for _, a := range args {
					if a.IsNull(i) {
						continue row
					}
				}
				sel = append(sel, i)
			}
			sub := make([]*vector.Vector, len(args))
			for j, a := range args {
				sub[j] = Gather(a, sel)
			}
			part := vector.New(x.Fn.Ret, len(sel))
			if err := ev.callImpl(x.Fn, sub, len(sel), part); err != nil {
				return nil, err
			}
			return scatter(x.Fn.Ret, part, sel, n), nil
		}
	}
	if err := ev.callImpl(x.Fn, args, n, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (ev *Evaluator) callImpl(fn *functions.Bound, args []*vector.Vector, n int, out *vector.Vector) error {
	if n == 0 {
		return nil
	}
	if err := fn.Impl(ev.FC, args, n, out); err != nil {
		return functionError(err)
	}
	return nil
}

// functionError gives a function's failure its Trino error name.
func functionError(err error) error {
	var ia *functions.InvalidArgumentError
	var of *functions.OverflowError
	var dz *functions.DivisionByZeroError
	var ce *value.CastError
	var se *sqlerr.Error
	switch {
	case errors.As(err, &se):
		return err
	case errors.As(err, &ia):
		return sqlerr.New(sqlerr.InvalidFunctionArgument, "%s", ia.Msg)
	case errors.As(err, &of):
		return sqlerr.New(sqlerr.NumericValueOutOfRange, "%s", of.Msg)
	case errors.As(err, &dz):
		return sqlerr.New(sqlerr.DivisionByZero, "Division by zero")
	case errors.As(err, &ce):
		if ce.OutOfRange {
			return sqlerr.New(sqlerr.NumericValueOutOfRange, "%s", ce.Msg)
		}
		return sqlerr.New(sqlerr.InvalidCastArgument, "%s", ce.Msg)
	}
	return err
}

func (ev *Evaluator) evalCast(x *plan.Cast, b *vector.Batch) (*vector.Vector, error) {
	v, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	from := x.X.Type()
	if from.Equal(x.T) {
		return v, nil
	}
	n := b.N
	out := vector.New(x.T, n)
	// Fast paths for the common widenings.
	if from.IsInteger() && x.T.IsInteger() && from.Kind <= x.T.Kind {
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out.AppendNull()
			} else {
				out.AppendInt(v.Int[i])
			}
		}
		return out, nil
	}
	if from.Kind == types.Unknown {
		for i := 0; i < n; i++ {
			out.AppendNull()
		}
		return out, nil
	}
	for i := 0; i < n; i++ {
		if v.IsNull(i) {
			out.AppendNull()
			continue
		}
		var c any
		var err error
		switch {
		case from.Kind == types.JSON && (x.T.Kind == types.Array || x.T.Kind == types.Map || x.T.Kind == types.Row):
			c, err = functions.CastFromJSON(v.Value(i).(string), x.T, ev.FC.Zone)
		case x.T.Kind == types.JSON && (from.Kind == types.Array || from.Kind == types.Map || from.Kind == types.Row):
			c = functions.CastToJSON(v.Value(i), from)
		default:
			c, err = value.Cast(v.Value(i), from, x.T, ev.FC.Zone)
		}
		if err != nil {
			if x.Try {
				out.AppendNull()
				continue
			}
			return nil, functionError(err)
		}
		out.Append(c)
	}
	return out, nil
}

func intArith(op string, a, c int64, t *types.Type) (int64, error) {
	var res int64
	overflow := false
	switch op {
	case "+":
		res = a + c
		overflow = (c > 0 && res < a) || (c < 0 && res > a)
	case "-":
		res = a - c
		overflow = (c < 0 && res < a) || (c > 0 && res > a)
	case "*":
		if a != 0 && c != 0 {
			res = a * c
			overflow = res/c != a || (a == -1 && c == math.MinInt64) || (c == -1 && a == math.MinInt64)
		}
	case "/":
		if c == 0 {
			return 0, sqlerr.New(sqlerr.DivisionByZero, "Division by zero")
		}
		if a == math.MinInt64 && c == -1 {
			overflow = true
		} else {
			res = a / c
		}
	case "%":
		if c == 0 {
			return 0, sqlerr.New(sqlerr.DivisionByZero, "Division by zero")
		}
		if c != -1 {
			res = a % c
		}
	}
	lo, hi := value.IntRange(t)
	if overflow || res < lo || res > hi {
		return 0, sqlerr.New(sqlerr.NumericValueOutOfRange, "%s %s overflow: %d %s %d", t, opName(op), a, op, c)
	}
	return res, nil
}

func opName(op string) string {
	switch op {
	case "+":
		return "addition"
	case "-":
		return "subtraction"
	case "*":
		return "multiplication"
	case "/":
		return "division"
	}
	return "modulus"
}
