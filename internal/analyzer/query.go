package analyzer

import (
	"strconv"
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// cteFrame is one WITH clause: its CTEs visible so far.
type cteFrame struct {
	ctes []*ast.CTE
	// active marks CTEs being expanded, so a reference to itself (WITH
	// RECURSIVE, not supported) resolves to a table instead of looping.
	active map[*ast.CTE]bool
}

func (a *analyzer) lookupCTE(name string) *ast.CTE {
	for i := len(a.ctes) - 1; i >= 0; i-- {
		f := a.ctes[i]
		for j := len(f.ctes) - 1; j >= 0; j-- {
			c := f.ctes[j]
			if strings.EqualFold(c.Name.Name, name) && !f.active[c] {
				return c
			}
		}
	}
	return nil
}

func (a *analyzer) cteNames() []string {
	var out []string
	for _, f := range a.ctes {
		for _, c := range f.ctes {
			out = append(out, c.Name.Name)
		}
	}
	return out
}

// cteQuery plans a CTE reference. Each reference is planned anew (CTEs
// are inlined, as Trino does by default), seeing the CTEs defined before
// it.
func (a *analyzer) cteQuery(c *ast.CTE) (plan.Node, []string) {
	var frame *cteFrame
	saved := a.ctes
	for i, f := range a.ctes {
		for j, x := range f.ctes {
			if x == c {
				frame = &cteFrame{ctes: f.ctes[:j], active: map[*ast.CTE]bool{}}
				a.ctes = append(append([]*cteFrame{}, a.ctes[:i]...), frame)
			}
		}
	}
	defer func() { a.ctes = saved }()
	savedOuter := a.outer
	a.outer = nil
	defer func() { a.outer = savedOuter }()
	node, names := a.query(c.Query)
	if len(c.Columns) > 0 {
		cols := node.Columns()
		if len(c.Columns) != len(cols) {
			a.fail(c, sqlerr.MismatchedColumnAliases, "WITH column alias list has %d entries but WITH query(%s) has %d columns", len(c.Columns), c.Name.Name, len(cols))
		}
		names = make([]string, len(c.Columns))
		for i, id := range c.Columns {
			names[i] = id.Name
		}
	}
	return node, names
}

// subquery plans a nested query whose enclosing scope is outer.
func (a *analyzer) subquery(q *ast.Query, outer *scope) (plan.Node, []string) {
	saved := a.outer
	a.outer = outer
	defer func() { a.outer = saved }()
	return a.query(q)
}

// query binds a whole query: WITH, a body (SELECT, set operation, VALUES,
// TABLE, parenthesised query), then ORDER BY / OFFSET / LIMIT.
func (a *analyzer) query(q *ast.Query) (plan.Node, []string) {
	if len(q.With) > 0 {
		seen := map[string]bool{}
		for _, c := range q.With {
			k := strings.ToLower(c.Name.Name)
			if seen[k] {
				a.fail(c, sqlerr.DuplicateColumnName, "WITH query name '%s' specified more than once", c.Name.Name)
			}
			seen[k] = true
		}
		a.ctes = append(a.ctes, &cteFrame{ctes: q.With, active: map[*ast.CTE]bool{}})
		defer func() { a.ctes = a.ctes[:len(a.ctes)-1] }()
	}
	if sel, ok := q.Body.(*ast.Select); ok {
		return a.selectQuery(q, sel)
	}
	node, names := a.body(q.Body)
	if len(q.OrderBy) == 0 && q.Limit == nil && q.Offset == nil {
		return node, names
	}
	return a.orderLimit(q, node, names)
}

// body plans a query body other than a plain SELECT with its clauses.
func (a *analyzer) body(b ast.QueryBody) (plan.Node, []string) {
	switch x := b.(type) {
	case *ast.Select:
		return a.selectQuery(&ast.Query{Body: x}, x)
	case *ast.ParenQuery:
		return a.query(x.Query)
	case *ast.TableBody:
		t := &ast.Table{Span: x.Span, Name: x.Name}
		sel := &ast.Select{Span: x.Span, Items: []ast.SelectItem{&ast.SelectStar{Span: x.Span}}, From: t}
		return a.selectQuery(&ast.Query{Body: sel}, sel)
	case *ast.Values:
		return a.values(x)
	case *ast.SetOp:
		return a.setOp(x)
	}
	a.fail(b, sqlerr.NotSupported, "this query form is not supported yet")
	return nil, nil
}

// values plans VALUES rows: each column typed with the rows' common
// super type.
func (a *analyzer) values(x *ast.Values) (plan.Node, []string) {
	ctx := &selectCtx{scope: &scope{noFrom: true, outer: a.outer}, clause: "VALUES", clauseNode: x}
	var rows [][]plan.Expr
	var nodes [][]ast.Node
	for _, r := range x.Rows {
		var row []plan.Expr
		var rn []ast.Node
		if re, ok := r.(*ast.RowExpr); ok {
			for _, f := range re.Fields {
				row = append(row, a.expr(ctx, f))
				rn = append(rn, f)
			}
		} else {
			row = append(row, a.expr(ctx, r))
			rn = append(rn, r)
		}
		if len(rows) > 0 && len(row) != len(rows[0]) {
			a.fail(r, sqlerr.TypeMismatch, "Values rows have mismatched sizes: %d vs %d", len(rows[0]), len(row))
		}
		rows = append(rows, row)
		nodes = append(nodes, rn)
	}
	n := len(rows[0])
	cols := make([]plan.Column, n)
	names := make([]string, n)
	for j := 0; j < n; j++ {
		t := rows[0][j].Type()
		for i := 1; i < len(rows); i++ {
			st := types.CommonSuperType(t, rows[i][j].Type())
			if st == nil {
				a.fail(nodes[i][j], sqlerr.TypeMismatch, "Values rows have mismatched types: %s vs %s", t, rows[i][j].Type())
			}
			t = st
		}
		if t.Kind == types.Unknown {
			t = types.UnknownType
		}
		for i := range rows {
			rows[i][j] = coerce(rows[i][j], t)
		}
		names[j] = "_col" + strconv.Itoa(j)
		cols[j] = plan.Column{Name: names[j], Type: t}
	}
	return &plan.Values{Cols: cols, Rows: rows}, names
}

// setOp plans UNION / INTERSECT / EXCEPT: both sides cast to the common
// column types; names come from the left side.
func (a *analyzer) setOp(x *ast.SetOp) (plan.Node, []string) {
	l, names := a.body(x.Left)
	r, _ := a.body(x.Right)
	lc, rc := l.Columns(), r.Columns()
	if len(lc) != len(rc) {
		a.fail(x, sqlerr.TypeMismatch, "%s query has different number of fields: %d, %d", x.Op, len(lc), len(rc))
	}
	ts := make([]*types.Type, len(lc))
	castL, castR := false, false
	for i := range lc {
		t := types.CommonSuperType(lc[i].Type, rc[i].Type)
		if t == nil {
			a.fail(x, sqlerr.TypeMismatch, "column %d in %s query has incompatible types: %s, %s", i+1, x.Op, lc[i].Type, rc[i].Type)
		}
		if x.Op != "UNION" && !t.IsComparable() {
			a.fail(x, sqlerr.TypeMismatch, "Type %s is not comparable and therefore cannot be used in %s", t, x.Op)
		}
		ts[i] = t
		castL = castL || !lc[i].Type.Equal(t)
		castR = castR || !rc[i].Type.Equal(t)
	}
	if castL {
		l = castTo(l, ts)
	}
	if castR {
		r = castTo(r, ts)
	}
	return &plan.SetOp{Kind: plan.SetOpKind(x.Op), All: x.All, Left: l, Right: r, Names: names}, names
}

// castTo projects n's columns cast to ts.
func castTo(n plan.Node, ts []*types.Type) plan.Node {
	cols := n.Columns()
	p := &plan.Project{Input: n}
	for i, c := range cols {
		p.Exprs = append(p.Exprs, coerce(&plan.ColumnRef{Index: i, T: c.Type, Name: c.Name}, ts[i]))
		p.Names = append(p.Names, c.Name)
	}
	return p
}

// orderLimit applies ORDER BY / OFFSET / LIMIT to a planned body: sort
// keys name output columns (by name or ordinal) or are expressions over
// them.
func (a *analyzer) orderLimit(q *ast.Query, node plan.Node, names []string) (plan.Node, []string) {
	r := &relation{id: -1, node: node}
	for i, c := range node.Columns() {
		r.cols = append(r.cols, plan.Column{Name: strings.ToLower(names[i]), Type: c.Type})
	}
	sc := &scope{rels: []*relation{r}, tree: &fromTree{leaf: r}, outer: a.outer}
	ctx := &selectCtx{scope: sc, clause: "ORDER BY clause"}
	var keys []plan.SortKey
	for _, si := range q.OrderBy {
		var e plan.Expr
		if n, ok := si.Expr.(*ast.NumberLit); ok && n.Kind == "integer" {
			ord, _ := strconv.Atoi(n.Text)
			if ord < 1 || ord > len(r.cols) {
				a.fail(n, sqlerr.InvalidColumnReference, "ORDER BY position %d is not in select list", ord)
			}
			e = &plan.ColumnRef{Index: ord - 1, T: r.cols[ord-1].Type, Name: names[ord-1]}
		} else {
			e = resolve(a.expr(ctx, si.Expr), 0)
		}
		if containsAgg(e) {
			a.fail(si.Expr, sqlerr.ExpressionNotAggregate, "ORDER BY clause cannot contain aggregations here")
		}
		if !e.Type().IsOrderable() {
			a.fail(si.Expr, sqlerr.TypeMismatch, "Type %s is not orderable, and therefore cannot be used in ORDER BY", e.Type())
		}
		nf := false
		if si.NullsFirst != nil {
			nf = *si.NullsFirst
		}
		keys = append(keys, plan.SortKey{Expr: e, Desc: si.Desc, NullsFirst: nf})
	}
	node, _, _ = a.sortLimit(q, node, keys)
	return node, names
}

// sortLimit adds the query's ORDER BY (as a top-N when there is a LIMIT),
// OFFSET and LIMIT above node, returning the limit (-1: none) and offset.
func (a *analyzer) sortLimit(q *ast.Query, node plan.Node, keys []plan.SortKey) (plan.Node, int64, int64) {
	limit, offset := int64(-1), int64(0)
	if q.Limit != nil {
		limit = a.constInt(q.Limit, "LIMIT")
	}
	if q.Offset != nil {
		offset = a.constInt(q.Offset, "OFFSET")
	}
	if len(keys) > 0 {
		top := int64(-1)
		if limit >= 0 {
			top = limit + offset
		}
		node = &plan.Sort{Input: node, Keys: keys, Limit: top}
	}
	if limit >= 0 || offset > 0 {
		node = &plan.Limit{Input: node, N: limit, Offset: offset}
	}
	return node, limit, offset
}

// hasSubquery reports whether e holds a subquery expression.
func hasSubquery(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) {
		switch x.(type) {
		case *plan.ScalarSubquery, *plan.InSubquery, *plan.Exists:
			found = true
		}
	})
	return found
}

// subqueryExpr binds a scalar subquery, IN (subquery) or EXISTS.
func (a *analyzer) subqueryExpr(ctx *selectCtx, e ast.Expr) plan.Expr {
	switch x := e.(type) {
	case *ast.SubqueryExpr:
		v, node := a.correlatedSubquery(ctx, x.Query, corrScalar, x)
		if v != nil {
			return v
		}
		cols := node.Columns()
		if len(cols) != 1 {
			a.fail(x, sqlerr.NotSupported, "Multiple columns returned by subquery are not yet supported. Found %d", len(cols))
		}
		return &plan.ScalarSubquery{Plan: node, T: cols[0].Type}
	case *ast.Exists:
		v, node := a.correlatedSubquery(ctx, x.Subquery, corrExists, x)
		if v != nil {
			return v
		}
		return &plan.Exists{Plan: node}
	case *ast.InSubquery:
		v := a.expr(ctx, x.X)
		corr, node := a.correlatedIn(ctx, v, x.Subquery, x)
		if corr != nil {
			if x.Not {
				return &plan.Not{X: corr}
			}
			return corr
		}
		cols := node.Columns()
		if len(cols) != 1 {
			a.fail(x.Subquery, sqlerr.NotSupported, "Multiple columns returned by subquery are not yet supported. Found %d", len(cols))
		}
		t := types.CommonSuperType(v.Type(), cols[0].Type)
		if t == nil || !t.IsComparable() {
			a.fail(x, sqlerr.TypeMismatch, "Value expression and result of subquery must be of the same type: %s vs %s", v.Type(), cols[0].Type)
		}
		if !cols[0].Type.Equal(t) {
			node = castTo(node, []*types.Type{t})
		}
		var in plan.Expr = &plan.InSubquery{X: coerce(v, t), Plan: node}
		if x.Not {
			in = &plan.Not{X: in}
		}
		return in
	}
	if x, ok := e.(*ast.QuantifiedComparison); ok {
		return a.quantified(ctx, x)
	}
	a.fail(e, sqlerr.NotSupported, "unsupported subquery expression")
	return nil
}

// quantified binds x op ANY|SOME|ALL (subquery), uncorrelated. = ANY is
// IN and <> ALL is NOT IN; the others compare x with the subquery's min
// and max, which one scalar subquery computes with the row counts that
// decide between FALSE and NULL:
//
//	ALL: no rows → TRUE; x NULL → NULL; x fails against the bound → FALSE;
//	     some row NULL → NULL; else TRUE.
//	ANY: no rows → FALSE; x NULL → NULL; x passes against the bound → TRUE;
//	     some row NULL → NULL; else FALSE.
func (a *analyzer) quantified(ctx *selectCtx, x *ast.QuantifiedComparison) plan.Expr {
	all := x.Quantifier == "ALL"
	if x.Op == "=" && !all || x.Op == "<>" && all {
		in := a.subqueryExpr(ctx, &ast.InSubquery{Span: x.Span, X: x.Left, Subquery: x.Subquery})
		if x.Op == "<>" {
			return &plan.Not{X: in}
		}
		return in
	}
	v := a.expr(ctx, x.Left)
	node, _ := a.subquery(x.Subquery, ctx.scope)
	cols := node.Columns()
	if len(cols) != 1 {
		a.fail(x.Subquery, sqlerr.NotSupported, "Multiple columns returned by subquery are not yet supported. Found %d", len(cols))
	}
	t := types.CommonSuperType(v.Type(), cols[0].Type)
	if t == nil || !t.IsOrderable() && x.Op != "=" && x.Op != "<>" {
		a.fail(x, sqlerr.TypeMismatch, "Cannot apply operator: %s %s %s", v.Type(), x.Op, cols[0].Type)
	}
	if !cols[0].Type.Equal(t) {
		node = castTo(node, []*types.Type{t})
	}
	v = coerce(v, t)
	col := &plan.ColumnRef{Index: 0, T: t, Name: cols[0].Name}
	lookup := func(name string, args ...plan.Expr) plan.AggCall {
		ts := make([]*types.Type, len(args))
		for i, e := range args {
			ts[i] = e.Type()
		}
		b, err := functions.LookupAggregate(name, ts)
		if err != nil {
			a.fail(x, sqlerr.TypeMismatch, "%s", err.Error())
		}
		return plan.AggCall{Fn: b, Args: args}
	}
	agg := &plan.Aggregate{Input: node, Aggs: []plan.AggCall{lookup("min", col), lookup("max", col), lookup("count"), lookup("count", col)},
		Names: []string{"lo", "hi", "n", "nn"}}
	rowT := types.NewRow(types.Field{Name: "lo", Type: t}, types.Field{Name: "hi", Type: t},
		types.Field{Name: "n", Type: types.BigIntType}, types.Field{Name: "nn", Type: types.BigIntType})
	var fields []plan.Expr
	for i, f := range rowT.Fields {
		fields = append(fields, &plan.ColumnRef{Index: i, T: f.Type, Name: f.Name})
	}
	proj := &plan.Project{Input: agg, Exprs: []plan.Expr{&plan.RowCtor{Fields: fields, T: rowT}}, Names: []string{"bounds"}}
	sub := &plan.ScalarSubquery{Plan: proj, T: rowT}
	field := func(i int) plan.Expr { return &plan.Field{X: sub, Index: i, T: rowT.Fields[i].Type} }
	lo, hi, n, nn := field(0), field(1), field(2), field(3)
	cmp := func(op string, b plan.Expr) plan.Expr { return &plan.Compare{Op: op, L: v, R: b} }
	// pass: x op every value (ALL) or x op some value (ANY), given the bounds.
	var pass plan.Expr
	switch {
	case x.Op == "=": // = ALL
		pass = &plan.Logical{Op: "AND", Args: []plan.Expr{cmp("=", lo), cmp("=", hi)}}
	case x.Op == "<>": // <> ANY
		pass = &plan.Logical{Op: "OR", Args: []plan.Expr{cmp("<>", lo), cmp("<>", hi)}}
	case all == (x.Op == ">" || x.Op == ">="):
		pass = cmp(x.Op, hi) // x > ALL: above the max; x < ANY: below the max
	default:
		pass = cmp(x.Op, lo)
	}
	lit := func(b bool) plan.Expr { return &plan.Literal{Value: b, T: types.BooleanType} }
	null := &plan.Literal{Value: nil, T: types.BooleanType}
	zero := &plan.Literal{Value: int64(0), T: types.BigIntType}
	c := &plan.Case{T: types.BooleanType}
	c.Whens = append(c.Whens, plan.When{Cond: &plan.Compare{Op: "=", L: n, R: zero}, Result: lit(all)})
	c.Whens = append(c.Whens, plan.When{Cond: &plan.IsNull{X: v}, Result: null})
	if all {
		c.Whens = append(c.Whens, plan.When{Cond: &plan.Not{X: pass}, Result: lit(false)})
	} else {
		c.Whens = append(c.Whens, plan.When{Cond: pass, Result: lit(true)})
	}
	c.Whens = append(c.Whens, plan.When{Cond: &plan.Compare{Op: "<", L: nn, R: n}, Result: null})
	c.Else = lit(all)
	return c
}
