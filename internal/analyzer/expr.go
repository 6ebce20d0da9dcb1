package analyzer

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
)

// coerce wraps e in a cast to t when needed.
func coerce(e plan.Expr, t *types.Type) plan.Expr {
	if e.Type().Equal(t) {
		return e
	}
	if l, ok := e.(*plan.Literal); ok {
		if l.Value == nil {
			return &plan.Literal{T: t}
		}
		if v, err := value.Cast(l.Value, l.T, t, 0); err == nil && l.T.Kind != types.Date && l.T.Kind != types.Timestamp {
			return &plan.Literal{Value: v, T: t}
		}
	}
	return &plan.Cast{X: e, T: t}
}

func (a *analyzer) expr(ctx *selectCtx, e ast.Expr) plan.Expr {
	switch x := e.(type) {
	case *ast.StringLit:
		return &plan.Literal{Value: x.Value, T: types.NewVarchar(len([]rune(x.Value)))}
	case *ast.NumberLit:
		return a.number(x)
	case *ast.BoolLit:
		return &plan.Literal{Value: x.Value, T: types.BooleanType}
	case *ast.NullLit:
		return &plan.Literal{T: types.UnknownType}
	case *ast.TypedLit:
		return a.typedLiteral(x)
	case *ast.IntervalLit:
		return a.interval(x)
	case *ast.Identifier, *ast.Dereference:
		return a.reference(ctx, e)
	case *ast.UnaryExpr:
		v := a.expr(ctx, x.X)
		switch x.Op {
		case "NOT":
			return &plan.Not{X: a.boolean(x.X, v, "NOT")}
		case "-":
			return a.negate(x, v)
		}
		return v
	case *ast.BinaryExpr:
		return a.binary(ctx, x)
	case *ast.IsNull:
		return &plan.IsNull{X: a.expr(ctx, x.X), Negate: x.Not}
	case *ast.IsDistinctFrom:
		l, r := a.comparable(x, a.expr(ctx, x.Left), a.expr(ctx, x.Right), "IS DISTINCT FROM")
		op := "DISTINCT"
		if x.Not {
			op = "NOT DISTINCT"
		}
		return &plan.Compare{Op: op, L: l, R: r}
	case *ast.Between:
		v := a.expr(ctx, x.X)
		lo := a.expr(ctx, x.Lo)
		hi := a.expr(ctx, x.Hi)
		t := types.CommonSuperType(v.Type(), lo.Type())
		if t != nil {
			t = types.CommonSuperType(t, hi.Type())
		}
		if t == nil || !t.IsOrderable() {
			a.fail(x, sqlerr.TypeMismatch, "Cannot check if %s is BETWEEN %s and %s", v.Type(), lo.Type(), hi.Type())
		}
		v, lo, hi = coerce(v, t), coerce(lo, t), coerce(hi, t)
		var res plan.Expr = &plan.Logical{Op: "AND", Args: []plan.Expr{
			&plan.Compare{Op: ">=", L: v, R: lo}, &plan.Compare{Op: "<=", L: v, R: hi}}}
		if x.Not {
			res = &plan.Not{X: res}
		}
		return res
	case *ast.InList:
		v := a.expr(ctx, x.X)
		list := make([]plan.Expr, len(x.List))
		for i, it := range x.List {
			list[i] = a.expr(ctx, it)
		}
		t := a.unify(list, x.List, v.Type(), "IN value and list items must be the same type: %s")
		var res plan.Expr = &plan.In{X: coerce(v, t), List: list}
		if x.Not {
			res = &plan.Not{X: res}
		}
		return res
	case *ast.Like:
		v := a.expr(ctx, x.X)
		p := a.expr(ctx, x.Pattern)
		if !isStringish(v.Type()) || !isStringish(p.Type()) {
			a.fail(x, sqlerr.TypeMismatch, "Left side of LIKE expression must evaluate to a varchar (actual: %s)", v.Type())
		}
		l := &plan.Like{X: coerce(v, types.VarcharType), Pattern: coerce(p, types.VarcharType)}
		if x.Escape != nil {
			l.Escape = coerce(a.expr(ctx, x.Escape), types.VarcharType)
		}
		if x.Not {
			return &plan.Not{X: l}
		}
		return l
	case *ast.Case:
		return a.caseExpr(ctx, x)
	case *ast.Cast:
		v := a.expr(ctx, x.X)
		t := x.Type.Type
		if !value.CanCast(v.Type(), t) {
			a.fail(x, sqlerr.TypeMismatch, "Cannot cast %s to %s", v.Type(), t)
		}
		if v.Type().Equal(t) {
			return v
		}
		return &plan.Cast{X: v, T: t, Try: x.Try}
	case *ast.FuncCall:
		return a.call(ctx, x)
	case *ast.Subscript:
		base := a.expr(ctx, x.Base)
		idx := a.expr(ctx, x.Index)
		switch base.Type().Kind {
		case types.Array:
			if !types.CanCoerce(idx.Type(), types.BigIntType) {
				a.fail(x.Index, sqlerr.TypeMismatch, "Array subscript must be an integer: %s", idx.Type())
			}
			return &plan.Subscript{X: base, Index: coerce(idx, types.BigIntType), T: base.Type().Elem}
		case types.Map:
			if !types.CanCoerce(idx.Type(), base.Type().Key) {
				a.fail(x.Index, sqlerr.TypeMismatch, "Map key must be %s: %s", base.Type().Key, idx.Type())
			}
			return &plan.Subscript{X: base, Index: coerce(idx, base.Type().Key), T: base.Type().Value}
		case types.Row:
			l, ok := idx.(*plan.Literal)
			if !ok || !l.T.IsInteger() {
				a.fail(x.Index, sqlerr.InvalidFunctionArgument, "Subscript expression on ROW requires a constant index")
			}
			k := int(l.Value.(int64))
			if k < 1 || k > len(base.Type().Fields) {
				a.fail(x.Index, sqlerr.InvalidFunctionArgument, "Invalid subscript index: %d. ROW indices start at 1 and must be less than or equal to the number of fields", k)
			}
			return &plan.Field{X: base, Index: k - 1, T: base.Type().Fields[k-1].Type}
		}
		a.fail(x, sqlerr.TypeMismatch, "Cannot use %s for subscript", base.Type())
	case *ast.ArrayExpr:
		elems := make([]plan.Expr, len(x.Elems))
		for i, el := range x.Elems {
			elems[i] = a.expr(ctx, el)
		}
		t := a.unify(elems, x.Elems, types.UnknownType, "All ARRAY elements must be the same type: %s")
		return &plan.ArrayCtor{Elems: elems, T: types.NewArray(t)}
	case *ast.RowExpr:
		fs := make([]plan.Expr, len(x.Fields))
		tf := make([]types.Field, len(x.Fields))
		for i, f := range x.Fields {
			fs[i] = a.expr(ctx, f)
			tf[i] = types.Field{Type: fs[i].Type()}
		}
		return &plan.RowCtor{Fields: fs, T: types.NewRow(tf...)}
	case *ast.CurrentTime:
		switch x.Name {
		case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP":
			return a.call(ctx, &ast.FuncCall{Span: x.Span, Name: &ast.QualifiedName{Span: x.Span, Parts: []*ast.Ident{{Span: x.Span, Name: "now"}}}})
		case "CURRENT_DATE":
			now := a.call(ctx, &ast.FuncCall{Span: x.Span, Name: &ast.QualifiedName{Span: x.Span, Parts: []*ast.Ident{{Span: x.Span, Name: "now"}}}})
			return &plan.Cast{X: now, T: types.DateType}
		}
		a.fail(x, sqlerr.NotSupported, "%s is not supported yet", x.Name)
	case *ast.Extract:
		name := strings.ToLower(x.Field)
		switch name {
		case "day_of_month":
			name = "day"
		}
		return a.callNamed(ctx, x, name, []plan.Expr{a.expr(ctx, x.X)}, []ast.Node{x.X})
	case *ast.AtTimeZone:
		return a.atTimeZone(ctx, x)
	case *ast.Parameter:
		a.fail(x, sqlerr.InvalidParameterUsage, "Incorrect number of parameters: expected at least %d but found 0", x.Index+1)
	case *ast.SubqueryExpr, *ast.InSubquery, *ast.Exists, *ast.QuantifiedComparison:
		return a.subqueryExpr(ctx, e)
	case *ast.Lambda:
		a.fail(x, sqlerr.SyntaxError, "Lambda expressions are only allowed as arguments of functions that take them (filter, transform, reduce, ...)")
	}
	a.fail(e, sqlerr.NotSupported, "unsupported expression")
	return nil
}

// unify types exprs with their common super type, starting from start,
// and coerces them to it; msg (with the type so far) names the construct
// when one does not fit, at its node.
func (a *analyzer) unify(exprs []plan.Expr, nodes []ast.Expr, start *types.Type, msg string) *types.Type {
	t := start
	for i, e := range exprs {
		nt := types.CommonSuperType(t, e.Type())
		if nt == nil {
			a.fail(nodes[i], sqlerr.TypeMismatch, msg, t)
		}
		t = nt
	}
	for i := range exprs {
		exprs[i] = coerce(exprs[i], t)
	}
	return t
}

func isStringish(t *types.Type) bool { return t.IsString() || t.Kind == types.Unknown }

func (a *analyzer) number(x *ast.NumberLit) plan.Expr {
	switch x.Kind {
	case "integer":
		v, err := strconv.ParseInt(x.Text, 10, 64)
		if err != nil {
			a.fail(x, sqlerr.NumericValueOutOfRange, "Invalid numeric literal: %s", x.Text)
		}
		if v >= math.MinInt32 && v <= math.MaxInt32 {
			return &plan.Literal{Value: v, T: types.IntegerType}
		}
		return &plan.Literal{Value: v, T: types.BigIntType}
	case "decimal":
		// Trino's DECIMAL literal rule: 1.50 is decimal(3,2).
		return a.decimalLiteral(x, x.Text, false)
	}
	f, err := strconv.ParseFloat(x.Text, 64)
	if err != nil {
		a.fail(x, sqlerr.InvalidLiteral, "Invalid numeric literal: %s", x.Text)
	}
	return &plan.Literal{Value: f, T: types.DoubleType}
}

func (a *analyzer) typedLiteral(x *ast.TypedLit) plan.Expr {
	switch x.Type {
	case "date":
		d, err := value.ParseDate(x.Value)
		if err != nil {
			a.fail(x, sqlerr.InvalidLiteral, "'%s' is not a valid DATE literal", x.Value)
		}
		return &plan.Literal{Value: d, T: types.DateType}
	case "timestamp":
		us, zone, hasZone, err := value.ParseTimestamp(x.Value)
		if err != nil {
			a.fail(x, sqlerr.InvalidLiteral, "'%s' is not a valid TIMESTAMP literal", x.Value)
		}
		p := min(fractionDigits(x.Value), 12)
		if hasZone {
			return &plan.Literal{Value: value.PackTZ(floorDiv(us, 1000), zone), T: types.NewTimestamp(p, true)}
		}
		return &plan.Literal{Value: us, T: types.NewTimestamp(p, false)}
	case "varbinary":
		if a.isHexLiteral(x) {
			return a.binaryLiteral(x)
		}
	case "decimal":
		return a.decimalLiteral(x, x.Value, true)
	case "time":
		return a.timeLiteral(x)
	case "json":
		// A JSON literal is json_parse of its text (canonical form).
		return a.callNamed(nil, x, "json_parse", []plan.Expr{&plan.Literal{Value: x.Value, T: types.VarcharType}}, []ast.Node{x})
	}
	t, err := types.Parse(x.Type)
	if err != nil {
		a.fail(x, sqlerr.TypeMismatch, "Unknown type: %s", x.Type)
	}
	v, err := value.Cast(x.Value, types.VarcharType, t, a.sess.Zone)
	if err != nil {
		a.fail(x, sqlerr.InvalidLiteral, "'%s' is not a valid %s literal", x.Value, strings.ToUpper(x.Type))
	}
	return &plan.Literal{Value: v, T: t}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// fractionDigits is the precision a timestamp literal implies (at least 0,
// Trino infers it from the digits written).
func fractionDigits(s string) int {
	i := strings.LastIndexByte(s, '.')
	if i < 0 || !strings.Contains(s, ":") {
		return 0
	}
	n := 0
	for j := i + 1; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		n++
	}
	return n
}

func (a *analyzer) boolean(node ast.Node, e plan.Expr, op string) plan.Expr {
	if e.Type().Kind == types.Unknown {
		return coerce(e, types.BooleanType)
	}
	if e.Type().Kind != types.Boolean {
		a.fail(node, sqlerr.TypeMismatch, "%s must evaluate to a boolean (actual: %s)", op, e.Type())
	}
	return e
}

// comparable coerces both sides of a comparison to their common type or
// fails with Trino's message.
func (a *analyzer) comparable(node ast.Node, l, r plan.Expr, op string) (plan.Expr, plan.Expr) {
	t := types.CommonSuperType(l.Type(), r.Type())
	if t == nil || !t.IsComparable() {
		off := node.Pos()
		if b, ok := node.(*ast.BinaryExpr); ok && b.OpPos > 0 {
			off = b.OpPos
		}
		panic(panicErr{sqlerr.At(sqlerr.TypeMismatch, a.src, off, "Cannot apply operator: %s %s %s", l.Type(), op, r.Type())})
	}
	return coerce(l, t), coerce(r, t)
}

func (a *analyzer) binary(ctx *selectCtx, x *ast.BinaryExpr) plan.Expr {
	switch x.Op {
	case "AND", "OR":
		l := a.boolean(x.Left, a.expr(ctx, x.Left), x.Op)
		r := a.boolean(x.Right, a.expr(ctx, x.Right), x.Op)
		var args []plan.Expr
		for _, s := range []plan.Expr{l, r} {
			if lg, ok := s.(*plan.Logical); ok && lg.Op == x.Op {
				args = append(args, lg.Args...)
			} else {
				args = append(args, s)
			}
		}
		return &plan.Logical{Op: x.Op, Args: args}
	case "=", "<>", "<", "<=", ">", ">=":
		l, r := a.expr(ctx, x.Left), a.expr(ctx, x.Right)
		ll, lok := l.(*plan.Literal)
		rl, rok := r.(*plan.Literal)
		if lok && rok && ll.T.IsString() && rl.T.IsString() && ll.Value != nil && rl.Value != nil {
			res := false
			c := strings.Compare(ll.Value.(string), rl.Value.(string))
			switch x.Op {
			case "=":
				res = c == 0
			case "<>":
				res = c != 0
			case "<":
				res = c < 0
			case "<=":
				res = c <= 0
			case ">":
				res = c > 0
			case ">=":
				res = c >= 0
			}
			line, col := sqlerr.LineCol(a.src, x.Pos())
			a.warnings = append(a.warnings, "line "+strconv.Itoa(line)+":"+strconv.Itoa(col)+": the comparison "+
				a.src[x.Pos():x.End()]+" compares two constant strings and is always "+strconv.FormatBool(res)+
				"; single quotes make a string literal, double quotes name a column (did you mean \""+ll.Value.(string)+"\"?)")
		}
		if (l.Type().Kind == types.Row || r.Type().Kind == types.Row || l.Type().Kind == types.Map) && x.Op != "=" && x.Op != "<>" && !l.Type().IsOrderable() {
			a.opFail(x, sqlerr.TypeMismatch, "Cannot apply operator: %s %s %s", l.Type(), x.Op, r.Type())
		}
		l, r = a.comparable(x, l, r, x.Op)
		if x.Op != "=" && x.Op != "<>" && !l.Type().IsOrderable() {
			a.opFail(x, sqlerr.TypeMismatch, "Cannot apply operator: %s %s %s", l.Type(), x.Op, r.Type())
		}
		return &plan.Compare{Op: x.Op, L: l, R: r}
	case "||":
		l, r := a.expr(ctx, x.Left), a.expr(ctx, x.Right)
		return a.callNamed(ctx, x, "concat", []plan.Expr{l, r}, []ast.Node{x.Left, x.Right})
	case "+", "-", "*", "/", "%":
		l, r := a.expr(ctx, x.Left), a.expr(ctx, x.Right)
		return a.arith(x, x.Op, l, r)
	}
	a.fail(x, sqlerr.NotSupported, "operator %s is not supported", x.Op)
	return nil
}

func (a *analyzer) caseExpr(ctx *selectCtx, x *ast.Case) plan.Expr {
	var operand plan.Expr
	if x.Operand != nil {
		operand = a.expr(ctx, x.Operand)
	}
	c := &plan.Case{}
	var results []plan.Expr
	var t *types.Type = types.UnknownType
	for _, w := range x.Whens {
		var cond plan.Expr
		if operand != nil {
			v := a.expr(ctx, w.Cond)
			l, r := a.comparable(w, operand, v, "=")
			cond = &plan.Compare{Op: "=", L: l, R: r}
		} else {
			cond = a.boolean(w.Cond, a.expr(ctx, w.Cond), "WHEN clause")
		}
		res := a.expr(ctx, w.Result)
		nt := types.CommonSuperType(t, res.Type())
		if nt == nil {
			a.fail(w.Result, sqlerr.TypeMismatch, "All CASE results must be the same type or coercible to a common type. Cannot find common type between %s and %s, all types (without duplicates): [%s, %s]", t, res.Type(), t, res.Type())
		}
		t = nt
		c.Whens = append(c.Whens, plan.When{Cond: cond})
		results = append(results, res)
	}
	var els plan.Expr
	if x.Else != nil {
		els = a.expr(ctx, x.Else)
		nt := types.CommonSuperType(t, els.Type())
		if nt == nil {
			a.fail(x.Else, sqlerr.TypeMismatch, "All CASE results must be the same type or coercible to a common type. Cannot find common type between %s and %s, all types (without duplicates): [%s, %s]", t, els.Type(), t, els.Type())
		}
		t = nt
	}
	for i := range c.Whens {
		c.Whens[i].Result = coerce(results[i], t)
	}
	if els != nil {
		c.Else = coerce(els, t)
	}
	c.T = t
	return c
}

func (a *analyzer) call(ctx *selectCtx, x *ast.FuncCall) plan.Expr {
	name := strings.ToLower(x.Name.Parts[len(x.Name.Parts)-1].Name)
	if x.Over != nil {
		return a.window(ctx, x, name)
	}
	if hasLambda(x) {
		return a.higherOrder(ctx, x, name)
	}
	if name == "grouping" {
		return a.groupingCall(ctx, x)
	}
	if functions.IsAggregate(name) {
		return a.aggregate(ctx, x, name)
	}
	if x.Distinct || x.Filter != nil || len(x.OrderBy) > 0 {
		a.fail(x, sqlerr.FunctionNotFound, "%s is not an aggregate function", name)
	}
	switch name {
	case "coalesce":
		if len(x.Args) < 1 {
			a.fail(x, sqlerr.FunctionNotFound, "coalesce requires at least one argument")
		}
		args := make([]plan.Expr, len(x.Args))
		for i, arg := range x.Args {
			args[i] = a.expr(ctx, arg)
		}
		t := a.unify(args, x.Args, types.UnknownType, "All COALESCE operands must be the same type: %s")
		return &plan.Coalesce{Args: args, T: t}
	case "if":
		if len(x.Args) < 2 || len(x.Args) > 3 {
			a.fail(x, sqlerr.FunctionNotFound, "Unexpected parameters for function if")
		}
		w := &ast.When{Span: x.Span, Cond: x.Args[0], Result: x.Args[1]}
		c := &ast.Case{Span: x.Span, Whens: []*ast.When{w}}
		if len(x.Args) == 3 {
			c.Else = x.Args[2]
		}
		return a.caseExpr(ctx, c)
	case "nullif":
		// NULLIF(a, b) has a's type; a and b compare in their common type.
		if len(x.Args) != 2 {
			a.fail(x, sqlerr.FunctionNotFound, "Unexpected parameters for function nullif")
		}
		l, r := a.expr(ctx, x.Args[0]), a.expr(ctx, x.Args[1])
		cl, cr := a.comparable(x, l, r, "=")
		return &plan.Case{Whens: []plan.When{{Cond: &plan.Compare{Op: "=", L: cl, R: cr}, Result: &plan.Literal{Value: nil, T: l.Type()}}}, Else: l, T: l.Type()}
	case "typeof":
		if len(x.Args) != 1 {
			a.fail(x, sqlerr.FunctionNotFound, "Unexpected parameters for function typeof")
		}
		return &plan.Literal{Value: a.expr(ctx, x.Args[0]).Type().String(), T: types.VarcharType}
	case "try":
		if len(x.Args) != 1 {
			a.fail(x, sqlerr.FunctionNotFound, "try takes one argument")
		}
		return &plan.Try{X: a.expr(ctx, x.Args[0])}
	case "now", "current_timestamp":
		return &plan.Call{Fn: nowFn, Args: nil}
	}
	args := make([]plan.Expr, len(x.Args))
	nodes := make([]ast.Node, len(x.Args))
	for i, arg := range x.Args {
		args[i] = a.expr(ctx, arg)
		nodes[i] = arg
	}
	return a.callNamed(ctx, x, name, args, nodes)
}

func (a *analyzer) callNamed(ctx *selectCtx, node ast.Node, name string, args []plan.Expr, nodes []ast.Node) plan.Expr {
	ts := make([]*types.Type, len(args))
	for i, e := range args {
		ts[i] = e.Type()
	}
	b, err := functions.Lookup(name, ts)
	if err != nil {
		var nf *functions.NotFoundError
		if errors.As(err, &nf) && nf.Unknown {
			a.fail(node, sqlerr.FunctionNotFound, "%s%s", nf.Msg, suggest(name, functions.ScalarNames()))
		}
		a.fail(node, sqlerr.FunctionNotFound, "%s", err.Error())
	}
	for i := range args {
		args[i] = coerce(args[i], b.Params[i])
	}
	return &plan.Call{Fn: b, Args: args}
}

func (a *analyzer) aggregate(ctx *selectCtx, x *ast.FuncCall, name string) plan.Expr {
	if ctx.inAgg {
		a.fail(x, sqlerr.NestedAggregation, "Cannot nest aggregations inside aggregation '%s': [%s]", ctx.aggName, a.src[x.Pos():x.End()])
	}
	if !ctx.allowAggs {
		node := ctx.clauseNode
		if node == nil {
			node = x
		}
		a.opFail(node, expressionNotScalar, "%s cannot contain aggregations, window functions or grouping operations: [%s]", ctx.clause, a.src[x.Pos():x.End()])
	}
	ctx.inAgg, ctx.aggName = true, name
	defer func() { ctx.inAgg = false }()
	var args []plan.Expr
	if !x.Star {
		for _, arg := range x.Args {
			args = append(args, a.expr(ctx, arg))
		}
	}
	ts := make([]*types.Type, len(args))
	for i, e := range args {
		ts[i] = e.Type()
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
	call := plan.AggCall{Fn: b, Args: args, Distinct: x.Distinct}
	if x.Filter != nil {
		ctx.allowAggs = false
		call.Filter = a.boolean(x.Filter, a.expr(ctx, x.Filter), "FILTER")
		ctx.allowAggs = true
	}
	for _, o := range x.OrderBy {
		e := a.expr(ctx, o.Expr)
		if !e.Type().IsOrderable() {
			a.fail(o.Expr, sqlerr.TypeMismatch, "Type %s is not orderable, and therefore cannot be used in ORDER BY", e.Type())
		}
		nf := false
		if o.NullsFirst != nil {
			nf = *o.NullsFirst
		}
		call.OrderBy = append(call.OrderBy, plan.SortKey{Expr: e, Desc: o.Desc, NullsFirst: nf})
	}
	if name == "listagg" && len(call.Args) == 2 {
		if _, ok := call.Args[1].(*plan.Literal); !ok {
			a.fail(x.Args[1], sqlerr.TypeMismatch, "Separator must be a constant")
		}
	}
	// Calls are shared when they are the same bound call (not the same
	// text: count_if(x = 'A') and count_if(x = 'a') differ, COUNT(*) and
	// count(*) do not).
	var kb strings.Builder
	kb.WriteString(b.Name)
	if call.Distinct {
		kb.WriteString(" DISTINCT")
	}
	kb.WriteByte('(')
	for i, e := range args {
		if i > 0 {
			kb.WriteString(", ")
		}
		kb.WriteString(e.String() + "::" + e.Type().String())
	}
	kb.WriteByte(')')
	if call.Filter != nil {
		kb.WriteString(" FILTER " + call.Filter.String())
	}
	for _, o := range call.OrderBy {
		kb.WriteString(" ORDER " + o.Expr.String())
		if o.Desc {
			kb.WriteString(" DESC")
		}
		if o.NullsFirst {
			kb.WriteString(" NULLS FIRST")
		}
	}
	key := kb.String()
	for i, k := range ctx.aggKeys {
		if k == key {
			return &aggPlaceholder{index: i, t: b.Ret, text: ctx.aggTexts[i]}
		}
	}
	text := a.src[x.Pos():x.End()]
	ctx.aggs = append(ctx.aggs, call)
	ctx.aggKeys = append(ctx.aggKeys, key)
	ctx.aggTexts = append(ctx.aggTexts, text)
	return &aggPlaceholder{index: len(ctx.aggs) - 1, t: b.Ret, text: text}
}

var nowFn = &functions.Bound{Name: "now", Ret: types.TimestampTZType, NullCall: true,
	Impl: func(c *functions.Context, args []*vectorVector, n int, out *vectorVector) error {
		v := functions.TimeNow(c)
		for i := 0; i < n; i++ {
			out.AppendInt(v)
		}
		return nil
	}}
