package analyzer

import (
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// windowPlaceholder stands for window function i until the Window node
// is planned (its column follows the node's input columns).
type windowPlaceholder struct {
	index int
	t     *types.Type
	text  string
}

func (p *windowPlaceholder) Type() *types.Type { return p.t }
func (p *windowPlaceholder) String() string    { return p.text }

// rankingFunctions are Trino's ranking and value window functions.
var rankingFunctions = map[string]bool{
	"row_number": true, "rank": true, "dense_rank": true, "percent_rank": true, "cume_dist": true,
	"ntile": true, "lag": true, "lead": true, "first_value": true, "last_value": true, "nth_value": true,
}

// window binds a window function call (f(...) OVER (...)).
func (a *analyzer) window(ctx *selectCtx, x *ast.FuncCall, name string) plan.Expr {
	text := a.src[x.Pos():x.End()]
	if !ctx.allowWindows {
		node := ctx.clauseNode
		if node == nil {
			node = x
		}
		clause := ctx.clause
		if clause == "" {
			clause = "This clause"
		}
		a.opFail(node, expressionNotScalar, "%s cannot contain aggregations, window functions or grouping operations: [%s]", clause, text)
	}
	if ctx.inAgg {
		a.fail(x, sqlerr.NestedAggregation, "Cannot nest window functions or row pattern measures inside aggregation '%s': [%s]", ctx.aggName, text)
	}
	spec := a.windowSpec(ctx, x.Over)
	wf := plan.WindowFunc{Name: name, IgnoreNulls: x.IgnoreNulls}
	saved := ctx.allowWindows
	ctx.allowWindows = false
	defer func() { ctx.allowWindows = saved }()
	var args []plan.Expr
	for _, arg := range x.Args {
		args = append(args, a.expr(ctx, arg))
	}
	if x.Distinct {
		a.fail(x, sqlerr.NotSupported, "DISTINCT in window function parameters not yet supported: %s", text)
	}
	if x.Filter != nil {
		a.fail(x.Filter, sqlerr.NotSupported, "FILTER is not yet supported for window functions")
	}
	wrongArgs := func() {
		ts := make([]string, len(args))
		for i, e := range args {
			ts[i] = e.Type().String()
		}
		a.fail(x, sqlerr.FunctionNotFound, "Unexpected parameters (%s) for function %s", strings.Join(ts, ", "), name)
	}
	bigintArg := func(i int) {
		if !args[i].Type().IsInteger() && args[i].Type().Kind != types.Unknown {
			wrongArgs()
		}
		args[i] = coerce(args[i], types.BigIntType)
	}
	switch {
	case rankingFunctions[name]:
		switch name {
		case "row_number", "rank", "dense_rank":
			if len(args) != 0 {
				wrongArgs()
			}
			wf.T = types.BigIntType
		case "percent_rank", "cume_dist":
			if len(args) != 0 {
				wrongArgs()
			}
			wf.T = types.DoubleType
		case "ntile":
			if len(args) != 1 {
				wrongArgs()
			}
			bigintArg(0)
			wf.T = types.BigIntType
		case "lag", "lead":
			if len(args) < 1 || len(args) > 3 {
				wrongArgs()
			}
			wf.T = args[0].Type()
			if len(args) >= 2 {
				bigintArg(1)
			}
			if len(args) == 3 {
				t := types.CommonSuperType(args[0].Type(), args[2].Type())
				if t == nil {
					wrongArgs()
				}
				wf.T = t
				args[0], args[2] = coerce(args[0], t), coerce(args[2], t)
			}
		case "first_value", "last_value":
			if len(args) != 1 {
				wrongArgs()
			}
			wf.T = args[0].Type()
		case "nth_value":
			if len(args) != 2 {
				wrongArgs()
			}
			bigintArg(1)
			wf.T = args[0].Type()
		}
	case functions.IsAggregate(name):
		if x.IgnoreNulls {
			a.fail(x, sqlerr.NotSupported, "IGNORE NULLS is not supported for aggregate window functions")
		}
		ts := make([]*types.Type, len(args))
		for i, e := range args {
			ts[i] = e.Type()
		}
		if x.Star {
			ts, args = nil, nil
		}
		b, err := functions.LookupAggregate(name, ts)
		if err != nil {
			a.fail(x, sqlerr.FunctionNotFound, "%s", err.Error())
		}
		for i := range args {
			if i < len(b.Params) {
				args[i] = coerce(args[i], b.Params[i])
			}
		}
		wf.Agg = b
		wf.T = b.Ret
	default:
		a.fail(x, sqlerr.FunctionNotFound, "Not a window function: %s", name)
	}
	wf.Args = args
	wf.PartitionBy = spec.PartitionBy
	wf.OrderBy = spec.OrderBy
	wf.Frame = spec.Frame
	ctx.windows = append(ctx.windows, wf)
	return &windowPlaceholder{index: len(ctx.windows) - 1, t: wf.T, text: text}
}

// windowSpec binds an OVER clause, following a reference to a named
// window of the SELECT's WINDOW clause.
func (a *analyzer) windowSpec(ctx *selectCtx, s *ast.WindowSpec) plan.WindowFunc {
	var out plan.WindowFunc
	partition, order, frame := s.PartitionBy, s.OrderBy, s.Frame
	if s.Ref != nil {
		var named *ast.WindowSpec
		for _, w := range ctx.namedWindows {
			if strings.EqualFold(w.Name.Name, s.Ref.Name) {
				named = w.Spec
			}
		}
		if named == nil {
			a.fail(s.Ref, sqlerr.InvalidWindowReference, "Cannot resolve WINDOW name %s", s.Ref.Name)
		}
		if len(partition) == 0 {
			partition = named.PartitionBy
		}
		if len(order) == 0 {
			order = named.OrderBy
		}
		if frame == nil {
			frame = named.Frame
		}
	}
	saved := ctx.allowWindows
	ctx.allowWindows = false
	defer func() { ctx.allowWindows = saved }()
	for _, p := range partition {
		out.PartitionBy = append(out.PartitionBy, a.expr(ctx, p))
	}
	for _, o := range order {
		e := a.expr(ctx, o.Expr)
		if !e.Type().IsOrderable() {
			a.fail(o.Expr, sqlerr.TypeMismatch, "Type %s is not orderable, and therefore cannot be used in window function ORDER BY", e.Type())
		}
		nf := false
		if o.NullsFirst != nil {
			nf = *o.NullsFirst
		}
		out.OrderBy = append(out.OrderBy, plan.SortKey{Expr: e, Desc: o.Desc, NullsFirst: nf})
	}
	if frame == nil {
		out.Frame = plan.Frame{Unit: plan.Range, Start: plan.FrameBound{Kind: plan.UnboundedPreceding}, End: plan.FrameBound{Kind: plan.CurrentRow}}
		if len(out.OrderBy) == 0 {
			out.Frame.End = plan.FrameBound{Kind: plan.UnboundedFollowing}
		}
		return out
	}
	out.Frame.Unit = plan.FrameUnit(frame.Unit)
	bound := func(b *ast.FrameBound) plan.FrameBound {
		fb := plan.FrameBound{}
		switch b.Kind {
		case "UNBOUNDED PRECEDING":
			fb.Kind = plan.UnboundedPreceding
		case "PRECEDING":
			fb.Kind = plan.Preceding
		case "CURRENT ROW":
			fb.Kind = plan.CurrentRow
		case "FOLLOWING":
			fb.Kind = plan.Following
		case "UNBOUNDED FOLLOWING":
			fb.Kind = plan.UnboundedFollowing
		}
		if b.Offset != nil {
			octx := &selectCtx{scope: &scope{noFrom: true}, clause: "Window frame offset", clauseNode: b.Offset}
			off := a.expr(octx, b.Offset)
			lit, ok := off.(*plan.Literal)
			if !ok {
				a.fail(b.Offset, sqlerr.NotSupported, "Window frame offset must be a constant")
			}
			if out.Frame.Unit != plan.Range && !off.Type().IsInteger() {
				a.fail(b.Offset, sqlerr.TypeMismatch, "Window frame %s offset must be an exact numeric type with scale 0 (actual %s)", frame.Unit, off.Type())
			}
			if n, ok := lit.Value.(int64); ok && n < 0 {
				a.fail(b.Offset, sqlerr.InvalidWindowFrame, "Window frame offset value must not be negative or null")
			}
			fb.Offset = off
		}
		return fb
	}
	out.Frame.Start = bound(frame.Start)
	out.Frame.End = plan.FrameBound{Kind: plan.CurrentRow}
	if frame.End != nil {
		out.Frame.End = bound(frame.End)
	}
	if out.Frame.Start.Kind == plan.UnboundedFollowing {
		a.fail(frame.Start, sqlerr.InvalidWindowFrame, "Window frame start cannot be UNBOUNDED FOLLOWING")
	}
	if out.Frame.End.Kind == plan.UnboundedPreceding {
		a.fail(frame.End, sqlerr.InvalidWindowFrame, "Window frame end cannot be UNBOUNDED PRECEDING")
	}
	if out.Frame.Unit == plan.Range && (out.Frame.Start.Offset != nil || out.Frame.End.Offset != nil) && len(out.OrderBy) != 1 {
		a.fail(frame.Start, sqlerr.InvalidWindowFrame, "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: %d)", len(out.OrderBy))
	}
	return out
}

// replaceWindows turns window placeholders into references to the
// Window node's output columns, which follow its width input columns.
func replaceWindows(e plan.Expr, width int) plan.Expr {
	if e == nil {
		return nil
	}
	if w, ok := e.(*windowPlaceholder); ok {
		return &plan.ColumnRef{Index: width + w.index, T: w.t, Name: w.text}
	}
	return rebuild(e, func(x plan.Expr) plan.Expr { return replaceWindows(x, width) })
}

// groupingPlaceholder is grouping(a, b, ...) until the aggregation is
// planned: a bigint whose bit i (counting from the right, for the last
// argument) is 1 when that argument is not in the row's grouping set.
type groupingPlaceholder struct {
	args []plan.Expr
	node ast.Node
	text string
}

func (p *groupingPlaceholder) Type() *types.Type { return types.BigIntType }
func (p *groupingPlaceholder) String() string    { return p.text }

// groupingCall binds grouping(...).
func (a *analyzer) groupingCall(ctx *selectCtx, x *ast.FuncCall) plan.Expr {
	text := a.src[x.Pos():x.End()]
	if !ctx.allowAggs {
		node := ctx.clauseNode
		if node == nil {
			node = x
		}
		a.opFail(node, expressionNotScalar, "%s cannot contain aggregations, window functions or grouping operations: [%s]", ctx.clause, text)
	}
	if len(x.Args) == 0 || len(x.Args) > 62 {
		a.fail(x, sqlerr.FunctionNotFound, "GROUPING() takes between 1 and 62 arguments")
	}
	p := &groupingPlaceholder{node: x, text: text}
	for _, arg := range x.Args {
		p.args = append(p.args, a.expr(ctx, arg))
	}
	return p
}

// groupingValue computes grouping(...) over the aggregate's output: a
// constant 0 without grouping sets, else a CASE over its "$groupid".
func (a *analyzer) groupingValue(p *groupingPlaceholder, keys []plan.Expr) plan.Expr {
	idx := make([]int, len(p.args))
	for j, arg := range p.args {
		idx[j] = -1
		for k, key := range keys {
			if sameExpr(arg, key) {
				idx[j] = k
			}
		}
		if idx[j] < 0 {
			a.fail(p.node, sqlerr.InvalidArguments, "The arguments to GROUPING() must be expressions referenced by the GROUP BY at the associated query level")
		}
	}
	if a.groupingSets == nil {
		return &plan.Literal{Value: int64(0), T: types.BigIntType}
	}
	c := &plan.Case{T: types.BigIntType}
	gid := &plan.ColumnRef{Index: a.groupIDColumn, T: types.BigIntType, Name: "$groupid"}
	for si, set := range a.groupingSets {
		in := map[int]bool{}
		for _, k := range set {
			in[k] = true
		}
		var mask int64
		for j, k := range idx {
			if !in[k] {
				mask |= 1 << (len(idx) - 1 - j)
			}
		}
		c.Whens = append(c.Whens, plan.When{
			Cond:   &plan.Compare{Op: "=", L: gid, R: &plan.Literal{Value: int64(si), T: types.BigIntType}},
			Result: &plan.Literal{Value: mask, T: types.BigIntType},
		})
	}
	return c
}
