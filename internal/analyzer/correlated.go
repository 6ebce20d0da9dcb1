package analyzer

import (
	"strconv"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/vector"
)

// Correlated subqueries are decorrelated into joins. The subquery's WHERE
// conjuncts that refer to the enclosing row are taken out of it; equalities
// inner = outer become join keys, the others (i.eventtime < o.eventtime)
// residual conjuncts evaluated over the joined row.
//
//   - A scalar subquery of one aggregate (max(eventtime), count(*)) whose
//     correlation is only key equalities is grouped by the keys and LEFT
//     JOINed (count-like aggregates of no rows give 0, as in Trino); one of
//     a plain column keeps any value and the row count per key, and a
//     count above 1 where the value is used is Trino's "Scalar sub-query
//     has returned multiple rows".
//   - With residual conjuncts, or outer columns in its select list, a
//     scalar subquery is a group join: each enclosing row once, with the
//     subquery's aggregates over the rows that match it (keys and
//     residual), its value computed from them and outer columns.
//   - EXISTS / NOT EXISTS is a LEFT JOIN to the distinct keys; with
//     residual conjuncts, a mark join yields each outer row once with
//     whether a row matched.
//   - x IN (subquery) joins twice: once on the keys and x = the value
//     (a match makes it TRUE), once to the per-key row counts, which tell
//     FALSE (no rows, or no NULLs) from NULL (x NULL, or a NULL value);
//     with residual conjuncts one group join computes those counts.
//
// The enclosing FROM tree gets the join as one more leaf, so the value is
// an ordinary column of the row. Correlation in a subquery's GROUP BY or
// HAVING, and correlated subqueries with ORDER BY or LIMIT, report
// NOT_SUPPORTED (Trino decorrelates few of those either).

// corrMode is how a correlated subquery is used.
type corrMode int

const (
	corrScalar   corrMode = iota
	corrExists            // keys, TRUE
	corrInMatch           // keys and the subquery's value, TRUE
	corrInCounts          // keys, count(*), count(value)
)

// correlation is the state shared between the enclosing query and the
// correlated subquery being planned.
type correlation struct {
	outer     *scope
	mode      corrMode
	inner     []plan.Expr // inner key expressions (over the subquery's FROM)
	outerKeys []plan.Expr // the outer expressions they equal
	node      ast.Node
	countLike bool // scalar: the aggregate counts (its empty value is 0)
	// checkSingle: a scalar subquery of one column, not an aggregate; its
	// plan ends with the row count, which must be at most 1.
	checkSingle bool
	used        bool // the subquery referred to the outer scope
	// EXISTS only: correlated conjuncts that are not key equalities, and
	// the subquery's columns they use (output after the keys).
	residual     []plan.Expr
	residualRefs []*colRef
	// grouped: a scalar or IN subquery planned as a group join, because
	// of residual conjuncts or outer references in its select list. Its
	// aggregates over the matching subquery rows (arguments over the
	// joined row: outer columns and the subquery's, which it outputs after
	// the keys as residualRefs) and, for an aggregate subquery, its value
	// over them (aggPlaceholders) and outer columns.
	grouped   bool
	groupAggs []groupAgg
	value     plan.Expr
	valueNode ast.Node // the select item of value
	own       map[*relation]bool
	seen      map[[2]int]bool
}

// groupAgg is an aggregate of a group join.
type groupAgg struct {
	call plan.AggCall
	// inMatch: the aggregate counts rows where x = its argument, the
	// subquery's value (x IN (subquery)); the comparison is built in the
	// join.
	inMatch bool
}

// useInner makes the subquery's columns that e uses output columns
// (residualRefs), so that e can be evaluated over the joined row.
func (c *correlation) useInner(e plan.Expr) {
	plan.Walk(e, func(x plan.Expr) {
		if cr, ok := x.(*colRef); ok && c.own[cr.rel] && !c.seen[[2]int{cr.rel.id, cr.idx}] {
			c.seen[[2]int{cr.rel.id, cr.idx}] = true
			c.residualRefs = append(c.residualRefs, cr)
		}
	})
}

// refersOutside reports whether an expression refers to relations outside
// sc (the enclosing query's) and whether it refers to sc's own.
func refersOutside(e plan.Expr, sc *scope) (outside, inside bool) {
	own := map[*relation]bool{}
	for _, r := range sc.rels {
		own[r] = true
	}
	for r := range refsOf(e) {
		if own[r] {
			inside = true
		} else {
			outside = true
		}
	}
	return
}

// splitCorrelated takes the correlation equalities out of a subquery's
// WHERE clause, returning what is left.
func (a *analyzer) splitCorrelated(sc *scope, where plan.Expr, node ast.Node) plan.Expr {
	c := sc.corr
	var rest []plan.Expr
	for _, conj := range conjuncts(where) {
		out, _ := refersOutside(conj, sc)
		if !out {
			rest = append(rest, conj)
			continue
		}
		cmp, ok := conj.(*plan.Compare)
		if ok && cmp.Op == "=" {
			lo, li := refersOutside(cmp.L, sc)
			ro, ri := refersOutside(cmp.R, sc)
			switch {
			case li && !lo && ro && !ri:
				c.inner, c.outerKeys = append(c.inner, cmp.L), append(c.outerKeys, cmp.R)
				continue
			case ri && !ro && lo && !li:
				c.inner, c.outerKeys = append(c.inner, cmp.R), append(c.outerKeys, cmp.L)
				continue
			}
		}
		c.residual = append(c.residual, conj)
	}
	// The inner columns the residual conjuncts use become output columns.
	for _, conj := range c.residual {
		c.useInner(conj)
	}
	switch len(rest) {
	case 0:
		return nil
	case 1:
		return rest[0]
	}
	return &plan.Logical{Op: "AND", Args: rest}
}

// checkNoOuter refuses outer references outside the subquery's WHERE.
func (a *analyzer) checkNoOuter(sc *scope, e plan.Expr, node ast.Node) {
	if e == nil || sc.corr == nil {
		return
	}
	if out, _ := refersOutside(e, sc); out {
		a.fail(node, sqlerr.NotSupported, "Correlated subqueries may refer to the outer query only in equalities of their WHERE clause")
	}
}

var countLike = map[string]bool{"count": true, "count_if": true, "approx_distinct": true}

// correlatedSubquery plans a subquery that refers to the enclosing scope
// and joins it into that scope's FROM tree; it returns the subquery's
// value (scalar) or whether a row matched (EXISTS), or nil when the
// subquery turned out not to be correlated (then node is its plain plan).
func (a *analyzer) correlatedSubquery(ctx *selectCtx, q *ast.Query, mode corrMode, node ast.Node) (plan.Expr, plan.Node) {
	c, r, p := a.joinCorrelated(ctx, q, mode, nil, node)
	if r == nil {
		return nil, p
	}
	if c.value != nil {
		return a.groupValue(c.value, r, c.own, c.valueNode), nil
	}
	if r.cols[0].Name == "$mark" {
		return &colRef{rel: r, idx: 0, t: types.BooleanType, name: "$mark"}, nil
	}
	if r.checkSingle {
		n := len(r.cols)
		v := &colRef{rel: r, idx: n - 2, t: r.cols[n-2].Type, name: r.cols[n-2].Name}
		count := &colRef{rel: r, idx: n - 1, t: r.cols[n-1].Type, name: r.cols[n-1].Name}
		tooMany := &plan.Call{Fn: &functions.Bound{Name: "$subquery_single_row", Ret: v.t, NullCall: true,
			Impl: func(*functions.Context, []*vector.Vector, int, *vector.Vector) error {
				return sqlerr.New(sqlerr.SubqueryMultipleRows, "Scalar sub-query has returned multiple rows")
			}}}
		return &plan.Case{T: v.t, Whens: []plan.When{{Cond: &plan.Compare{Op: ">", L: count, R: &plan.Literal{Value: int64(1), T: types.BigIntType}}, Result: tooMany}}, Else: v}, nil
	}
	last := len(r.cols) - 1
	v := &colRef{rel: r, idx: last, t: r.cols[last].Type, name: r.cols[last].Name}
	if mode == corrExists {
		return &plan.IsNull{X: v, Negate: true}, nil
	}
	if r.countLike {
		zero := coerce(&plan.Literal{Value: int64(0), T: types.BigIntType}, v.t)
		return &plan.Coalesce{Args: []plan.Expr{v, zero}, T: v.t}, nil
	}
	return v, nil
}

// correlatedIn plans x IN (correlated subquery); nil when the subquery is
// not correlated (then node is its plain plan).
func (a *analyzer) correlatedIn(ctx *selectCtx, x plan.Expr, q *ast.Query, node ast.Node) (plan.Expr, plan.Node) {
	c, match, p := a.joinCorrelated(ctx, q, corrInMatch, x, node)
	if match == nil {
		return nil, p
	}
	// matched: some row had x = value; empty: there were no rows; n, nn:
	// the rows and non-NULL values.
	var matched, empty, n, nn plan.Expr
	zero := &plan.Literal{Value: int64(0), T: types.BigIntType}
	if len(c.groupAggs) > 0 {
		// A group join: count_if(x = value), count(*), count(value).
		matched = &plan.Compare{Op: ">", L: match.ref(0), R: zero}
		n, nn = match.ref(1), match.ref(2)
		empty = &plan.Compare{Op: "=", L: n, R: zero}
	} else {
		_, counts, _ := a.joinCorrelated(ctx, q, corrInCounts, nil, node)
		nc := len(counts.cols)
		matched = &plan.IsNull{X: match.ref(len(match.cols) - 1), Negate: true}
		n, nn = counts.ref(nc-2), counts.ref(nc-1)
		empty = &plan.IsNull{X: n}
	}
	lit := func(b any) plan.Expr { return &plan.Literal{Value: b, T: types.BooleanType} }
	return &plan.Case{T: types.BooleanType, Whens: []plan.When{
		{Cond: matched, Result: lit(true)},
		{Cond: empty, Result: lit(false)},
		{Cond: &plan.Logical{Op: "OR", Args: []plan.Expr{&plan.IsNull{X: x}, &plan.Compare{Op: "<", L: nn, R: n}}}, Result: lit(nil)},
	}, Else: lit(false)}, nil
}

// joinCorrelated plans a subquery in the given mode; when it refers to
// the enclosing row, it LEFT JOINs the decorrelated plan (keys first) into
// the enclosing FROM tree and returns its leaf, else the plain plan.
func (a *analyzer) joinCorrelated(ctx *selectCtx, q *ast.Query, mode corrMode, x plan.Expr, node ast.Node) (*correlation, *relation, plan.Node) {
	outer := ctx.scope
	c := &correlation{outer: outer, mode: mode, node: node, seen: map[[2]int]bool{}}
	saved, savedOuter := a.corr, a.outer
	a.corr, a.outer = c, outer
	p, _ := a.query(q)
	a.corr, a.outer = saved, savedOuter
	if !c.used {
		return c, nil, p
	}
	if outer.noFrom || outer.tree == nil {
		a.fail(node, sqlerr.NotSupported, "Correlated subqueries need a FROM clause in the enclosing query")
	}
	if mode == corrExists && len(c.residual) > 0 {
		return c, a.markJoin(outer, c, p, node), nil
	}
	if c.grouped {
		return c, a.groupJoin(outer, c, p, x, node), nil
	}
	if len(c.inner) == 0 {
		a.fail(node, sqlerr.NotSupported, "Correlated subqueries are supported when the subquery's WHERE ties it to the outer query by equalities (inner = outer) only")
	}
	outerKeys := c.outerKeys
	if mode == corrInMatch {
		outerKeys = append(append([]plan.Expr{}, outerKeys...), x)
	}
	cols := p.Columns()
	r := a.newRelation(nil)
	r.alias = "$corr" + strconv.Itoa(r.id)
	r.node = p
	r.nullable = true
	r.countLike = c.countLike
	r.checkSingle = c.checkSingle
	for i, col := range cols {
		r.cols = append(r.cols, plan.Column{Name: "$c" + strconv.Itoa(i), Type: col.Type})
	}
	var on []plan.Expr
	for i, ok := range outerKeys {
		kr := &colRef{rel: r, idx: i, t: cols[i].Type, name: r.cols[i].Name}
		l, rr := a.comparable(node, ok, kr, "=")
		on = append(on, &plan.Compare{Op: "=", L: l, R: rr})
	}
	var cond plan.Expr = on[0]
	if len(on) > 1 {
		cond = &plan.Logical{Op: "AND", Args: on}
	}
	outer.rels = append(outer.rels, r)
	outer.tree = &fromTree{kind: plan.LeftJoin, left: outer.tree, right: &fromTree{leaf: r}, on: cond}
	return c, r, nil
}

// decorrelate reshapes a correlated subquery's SELECT: it groups an
// aggregate by the inner keys (scalar) or keeps the distinct keys
// (EXISTS), and puts the keys first in the output.
func (a *analyzer) decorrelateItems(ctx *selectCtx, sel *ast.Select, isAgg bool, items []plan.Expr, names []string) (groupBy []plan.Expr, outItems []plan.Expr, outNames []string, distinct bool) {
	c := ctx.scope.corr
	if c.mode != corrExists && (len(c.residual) > 0 || c.grouped) {
		c.grouped = true
		outItems, outNames = a.groupJoinItems(ctx, sel, isAgg, items)
		return nil, outItems, outNames, false
	}
	keys := c.inner
	keyNames := make([]string, len(keys))
	for i := range keys {
		keyNames[i] = "$k" + strconv.Itoa(i)
	}
	found := &plan.Literal{Value: true, T: types.BooleanType}
	switch c.mode {
	case corrExists:
		out := append([]plan.Expr{}, keys...)
		for i, r := range c.residualRefs {
			out = append(out, r)
			keyNames = append(keyNames, "$r"+strconv.Itoa(i))
		}
		return nil, append(out, found), append(keyNames, "$found"), true
	case corrInMatch, corrInCounts:
		if len(items) != 1 || isAgg {
			a.fail(c.node, sqlerr.NotSupported, "Correlated IN subqueries are supported when they select one column without aggregation")
		}
		if c.mode == corrInMatch {
			return nil, append(append([]plan.Expr{}, keys...), items[0], found), append(keyNames, "$v", "$found"), true
		}
		count := func(args ...plan.Expr) plan.Expr {
			b := a.internalAgg(c.node, "count", args...)
			ctx.aggs = append(ctx.aggs, plan.AggCall{Fn: b, Args: args})
			ctx.aggKeys = append(ctx.aggKeys, "$corr count "+strconv.Itoa(len(ctx.aggs)))
			ctx.aggTexts = append(ctx.aggTexts, "count")
			return &aggPlaceholder{index: len(ctx.aggs) - 1, t: b.Ret, text: "count"}
		}
		return keys, append(append([]plan.Expr{}, keys...), count(), count(items[0])), append(keyNames, "$n", "$nn"), false
	}
	if len(items) != 1 {
		a.fail(c.node, sqlerr.NotSupported, "Multiple columns returned by subquery are not yet supported. Found %d", len(items))
	}
	if !isAgg {
		// One value per outer row at most: the value (any of them) and the
		// row count, which must not exceed 1 where the value is used.
		agg := func(name string, args ...plan.Expr) plan.Expr {
			b := a.internalAgg(c.node, name, args...)
			ctx.aggs = append(ctx.aggs, plan.AggCall{Fn: b, Args: args})
			ctx.aggKeys = append(ctx.aggKeys, "$corr "+name+" "+strconv.Itoa(len(ctx.aggs)))
			ctx.aggTexts = append(ctx.aggTexts, name)
			return &aggPlaceholder{index: len(ctx.aggs) - 1, t: b.Ret, text: name}
		}
		c.checkSingle = true
		return keys, append(append([]plan.Expr{}, keys...), agg("arbitrary", items[0]), agg("count")), append(keyNames, names[0], "$n"), false
	}
	if sel.GroupBy != nil || sel.Having != nil {
		a.fail(c.node, sqlerr.NotSupported, "Correlated scalar subqueries with GROUP BY or HAVING are not supported")
	}
	if _, ok := items[0].(*aggPlaceholder); !ok {
		a.fail(c.node, sqlerr.NotSupported, "Correlated scalar subqueries are supported when they select one aggregate or one column")
	}
	return keys, append(append([]plan.Expr{}, keys...), items[0]), append(keyNames, names[0]), false
}

// residualInput makes the subquery plan p the right side of a mark or
// group join: its relation (keys first, then the columns the residual
// conjuncts use) and the join condition, the key equalities and the
// residual conjuncts rewritten over its columns.
func (a *analyzer) residualInput(c *correlation, p plan.Node, node ast.Node) (*relation, plan.Expr, func(plan.Expr) plan.Expr) {
	cols := p.Columns()
	inner := a.newRelation(nil)
	inner.alias = "$sub" + strconv.Itoa(inner.id)
	inner.node = p
	for i, col := range cols {
		inner.cols = append(inner.cols, plan.Column{Name: "$c" + strconv.Itoa(i), Type: col.Type})
	}
	var on []plan.Expr
	for i, ok := range c.outerKeys {
		l, r := a.comparable(node, ok, inner.ref(i), "=")
		on = append(on, &plan.Compare{Op: "=", L: l, R: r})
	}
	// Inner column references in the residual conjuncts point at the
	// subquery's output columns.
	pos := map[[2]int]int{}
	for i, r := range c.residualRefs {
		pos[[2]int{r.rel.id, r.idx}] = len(c.inner) + i
	}
	var rewrite func(e plan.Expr) plan.Expr
	rewrite = func(e plan.Expr) plan.Expr {
		if cr, ok := e.(*colRef); ok {
			if i, ok := pos[[2]int{cr.rel.id, cr.idx}]; ok {
				return inner.ref(i)
			}
			return cr
		}
		return rebuild(e, rewrite)
	}
	for _, r := range c.residual {
		on = append(on, rewrite(r))
	}
	if len(on) == 1 {
		return inner, on[0], rewrite
	}
	return inner, &plan.Logical{Op: "AND", Args: on}, rewrite
}

// markJoin plans a correlated EXISTS whose correlation is not only key
// equalities: a mark join of the enclosing FROM tree with the subquery.
// It returns the relation of the mark column, whose first column is TRUE
// when some subquery row matched.
func (a *analyzer) markJoin(outer *scope, c *correlation, p plan.Node, node ast.Node) *relation {
	inner, cond, _ := a.residualInput(c, p, node)
	mark := a.newRelation(nil)
	mark.alias = "$mark" + strconv.Itoa(mark.id)
	mark.nullable = true
	mark.cols = []plan.Column{{Name: "$mark", Type: types.BooleanType}}
	outer.rels = append(outer.rels, mark)
	outer.tree = &fromTree{kind: plan.MarkJoin, left: outer.tree, right: &fromTree{leaf: inner}, on: cond, mark: mark}
	return mark
}

// groupJoinItems reshapes the SELECT of a correlated scalar or IN
// subquery planned as a group join: it outputs the keys and the columns
// that the residual conjuncts and the aggregates the join computes per
// enclosing row use — the subquery's own aggregates (scalar), any value
// and the row count (scalar of one column, checked for more than one
// row), or the counts x IN needs.
func (a *analyzer) groupJoinItems(ctx *selectCtx, sel *ast.Select, isAgg bool, items []plan.Expr) ([]plan.Expr, []string) {
	c := ctx.scope.corr
	if len(items) != 1 {
		a.fail(c.node, sqlerr.NotSupported, "Multiple columns returned by subquery are not yet supported. Found %d", len(items))
	}
	agg := func(name string, args ...plan.Expr) groupAgg {
		return groupAgg{call: plan.AggCall{Fn: a.internalAgg(c.node, name, args...), Args: args}}
	}
	v := items[0]
	switch {
	case c.mode != corrScalar:
		if isAgg {
			a.fail(c.node, sqlerr.NotSupported, "Correlated IN subqueries are supported when they select one column without aggregation")
		}
		match := agg("count_if", &plan.Literal{Value: true, T: types.BooleanType})
		match.call.Args, match.inMatch = []plan.Expr{v}, true
		c.groupAggs = []groupAgg{match, agg("count"), agg("count", v)}
	case !isAgg:
		c.checkSingle = true
		c.groupAggs = []groupAgg{agg("arbitrary", v), agg("count")}
	default:
		if sel.GroupBy != nil || sel.Having != nil {
			a.fail(c.node, sqlerr.NotSupported, "Correlated scalar subqueries with GROUP BY or HAVING are not supported")
		}
		for _, g := range ctx.aggs {
			c.groupAggs = append(c.groupAggs, groupAgg{call: g})
		}
		c.value, c.valueNode = v, sel.Items[0]
		// The aggregates run in the join: the subquery itself is not
		// aggregated.
		ctx.aggs, ctx.aggKeys, ctx.aggTexts = nil, nil, nil
	}
	for _, g := range c.groupAggs {
		for _, e := range g.call.Args {
			c.useInner(e)
		}
		c.useInner(g.call.Filter)
		for _, o := range g.call.OrderBy {
			c.useInner(o.Expr)
		}
	}
	var out []plan.Expr
	var names []string
	for _, k := range c.inner {
		out = append(out, k)
	}
	for _, r := range c.residualRefs {
		out = append(out, r)
	}
	for i := range out {
		names = append(names, "$c"+strconv.Itoa(i))
	}
	return out, names
}

// groupJoin plans a correlated scalar or IN subquery as a group join of
// the enclosing FROM tree with the subquery: it computes c.groupAggs over
// the subquery rows matching each enclosing row, and returns the relation
// of the aggregates' columns.
func (a *analyzer) groupJoin(outer *scope, c *correlation, p plan.Node, x plan.Expr, node ast.Node) *relation {
	inner, cond, rewrite := a.residualInput(c, p, node)
	var aggs []plan.AggCall
	for _, g := range c.groupAggs {
		call := g.call
		call.Args = nil
		for _, e := range g.call.Args {
			call.Args = append(call.Args, rewrite(e))
		}
		if g.inMatch {
			l, r := a.comparable(node, x, call.Args[0], "=")
			call.Args = []plan.Expr{&plan.Compare{Op: "=", L: l, R: r}}
		}
		if call.Filter != nil {
			call.Filter = rewrite(call.Filter)
		}
		call.OrderBy = nil
		for _, o := range g.call.OrderBy {
			o.Expr = rewrite(o.Expr)
			call.OrderBy = append(call.OrderBy, o)
		}
		aggs = append(aggs, call)
	}
	group := a.newRelation(nil)
	group.alias = "$group" + strconv.Itoa(group.id)
	group.nullable = true
	group.checkSingle = c.checkSingle
	for i, g := range aggs {
		group.cols = append(group.cols, plan.Column{Name: "$g" + strconv.Itoa(i), Type: g.Fn.Ret})
	}
	outer.rels = append(outer.rels, group)
	outer.tree = &fromTree{kind: plan.GroupJoin, left: outer.tree, right: &fromTree{leaf: inner}, on: cond, mark: group, aggs: aggs}
	return group
}

// groupValue rewrites a correlated scalar subquery's value over its
// aggregates into an expression over the group join's columns; a column
// of the subquery outside an aggregate is an error, as in any aggregate
// query without GROUP BY.
func (a *analyzer) groupValue(e plan.Expr, group *relation, own map[*relation]bool, node ast.Node) plan.Expr {
	switch x := e.(type) {
	case *aggPlaceholder:
		return group.ref(x.index)
	case *colRef:
		if own[x.rel] {
			a.fail(node, sqlerr.ExpressionNotAggregate, "'%s' must be an aggregate expression or appear in GROUP BY clause", x.name)
		}
		return x
	}
	return rebuild(e, func(x plan.Expr) plan.Expr { return a.groupValue(x, group, own, node) })
}

// internalAgg looks up an aggregate the planner adds itself.
func (a *analyzer) internalAgg(node ast.Node, name string, args ...plan.Expr) *functions.AggBound {
	ts := make([]*types.Type, len(args))
	for i, e := range args {
		ts[i] = e.Type()
	}
	b, err := functions.LookupAggregate(name, ts)
	if err != nil {
		a.fail(node, sqlerr.GenericInternalError, "%v", err)
	}
	return b
}
