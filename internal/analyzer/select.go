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

// aggPlaceholder stands for aggregate call i until the aggregation is
// planned.
type aggPlaceholder struct {
	index int
	t     *types.Type
	text  string
}

func (p *aggPlaceholder) Type() *types.Type { return p.t }
func (p *aggPlaceholder) String() string    { return p.text }

type selectCtx struct {
	scope     *scope
	aggs      []plan.AggCall
	aggKeys   []string // the bound form of each agg call, to share duplicates
	aggTexts  []string // the source text of each agg call
	aggName   string   // the aggregate being bound, while inAgg
	inAgg     bool
	allowAggs bool
	// clause and clauseNode name the clause being bound when aggregates
	// are not allowed (WHERE, GROUP BY), for Trino's error.
	clause     string
	clauseNode ast.Node
	// aliases maps the output names of select items to their expressions
	// while ORDER BY is bound: Trino resolves names there against the
	// output columns first, then the FROM clause. A nil entry marks an
	// ambiguous name.
	aliases map[string]plan.Expr
	// lambdas are the parameters of the enclosing lambdas, innermost last.
	lambdas []map[string]*plan.LambdaParam
	// Window functions: allowed in select items and ORDER BY only.
	allowWindows bool
	windows      []plan.WindowFunc
	namedWindows []*ast.NamedWindow
}

func qualified(q *ast.QualifiedName) string {
	parts := make([]string, len(q.Parts))
	for i, p := range q.Parts {
		parts[i] = p.Name
	}
	return strings.Join(parts, ".")
}

func (a *analyzer) selectQuery(q *ast.Query, sel *ast.Select) (plan.Node, []string) {
	corr := a.corr
	a.corr = nil // only this SELECT is the correlated subquery's body
	sc := a.from(sel.From, a.outer)
	sc.corr = corr
	if corr != nil {
		corr.own = map[*relation]bool{}
		for _, r := range sc.rels {
			corr.own[r] = true
		}
	}
	ctx := &selectCtx{scope: sc, namedWindows: sel.Windows}

	// WHERE (no aggregates allowed).
	var where plan.Expr
	if sel.Where != nil {
		ctx.clause, ctx.clauseNode = "WHERE clause", sel.Where
		where = a.expr(ctx, sel.Where)
		if where.Type().Kind != types.Boolean && where.Type().Kind != types.Unknown {
			a.fail(sel.Where, sqlerr.TypeMismatch, "WHERE clause must evaluate to a boolean: actual type %s", where.Type())
		}
		if corr != nil && corr.used {
			where = a.splitCorrelated(sc, where, sel.Where)
		}
	}

	// Select items.
	type item struct {
		expr plan.Expr
		name string
		node ast.Node
	}
	var items []item
	ctx.allowAggs = true
	ctx.allowWindows = true
	for _, it := range sel.Items {
		switch x := it.(type) {
		case *ast.SelectStar:
			if sc.noFrom {
				a.fail(x, sqlerr.SyntaxError, "SELECT * not allowed in queries without FROM clause")
			}
			rels := sc.rels
			if x.Qualifier != nil {
				parts := append(x.Qualifier.Parts, &ast.Ident{Name: "*"})
				rels = nil
				for _, r := range sc.rels {
					if qualifies(r, parts) == len(x.Qualifier.Parts) {
						rels = append(rels, r)
					}
				}
				if len(rels) == 0 {
					a.fail(x, sqlerr.TableNotFound, "Table '%s' not found", qualified(x.Qualifier))
				}
			}
			for _, r := range rels {
				for _, name := range r.columnNames() {
					e := a.relColumn(r, []*ast.Ident{{Name: name}}, x)
					items = append(items, item{expr: e, name: name, node: x})
				}
			}
		case *ast.SelectExpr:
			e := a.expr(ctx, x.Expr)
			name := ""
			if x.Alias != nil {
				name = x.Alias.Name
			} else {
				name = implicitName(x.Expr)
			}
			items = append(items, item{expr: e, name: name, node: x})
		}
	}
	// Name unnamed columns _colN as Trino does.
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.name
		if names[i] == "" {
			names[i] = "_col" + strconv.Itoa(i)
		}
	}

	// GROUP BY.
	var groupExprs []plan.Expr
	ctx.allowAggs = false
	ctx.allowWindows = false
	// Grouping sets: each GROUP BY element contributes a list of sets of
	// key indexes; the query's sets are their cross product. Plain
	// expressions are one set of one key.
	var groupSets [][]int
	multiSets := false
	if sel.GroupBy != nil {
		groupKey := func(e ast.Expr) int {
			var b plan.Expr
			if n, ok := e.(*ast.NumberLit); ok && n.Kind == "integer" {
				ord, _ := strconv.Atoi(n.Text)
				if ord < 1 || ord > len(items) {
					a.fail(n, sqlerr.InvalidColumnReference, "GROUP BY position %d is not in select list", ord)
				}
				if containsAgg(items[ord-1].expr) {
					node := items[ord-1].node
					if se, ok := node.(*ast.SelectExpr); ok {
						node = se.Expr
					}
					a.fail(node, expressionNotScalar, "GROUP BY clause cannot contain aggregations, window functions or grouping operations: [%s]", firstAggText(items[ord-1].expr))
				}
				b = items[ord-1].expr
			} else {
				ctx.clause, ctx.clauseNode = "GROUP BY clause", e
				b = a.expr(ctx, e)
			}
			for i, k := range groupExprs {
				if sameExpr(k, b) {
					return i
				}
			}
			groupExprs = append(groupExprs, b)
			return len(groupExprs) - 1
		}
		groupSets = [][]int{{}}
		cross := func(options [][]int) {
			var out [][]int
			for _, s := range groupSets {
				for _, o := range options {
					out = append(out, append(append([]int{}, s...), o...))
				}
			}
			groupSets = out
		}
		for _, ge := range sel.GroupBy.Elements {
			switch g := ge.(type) {
			case *ast.GroupExpr:
				cross([][]int{{groupKey(g.Expr)}})
			case *ast.GroupingSets:
				multiSets = true
				var opts [][]int
				for _, set := range g.Sets {
					o := []int{}
					for _, e := range set {
						o = append(o, groupKey(e))
					}
					opts = append(opts, o)
				}
				cross(opts)
			case *ast.Rollup:
				multiSets = true
				var keys []int
				for _, e := range g.Exprs {
					keys = append(keys, groupKey(e))
				}
				var opts [][]int
				for n := len(keys); n >= 0; n-- {
					opts = append(opts, append([]int{}, keys[:n]...))
				}
				cross(opts)
			case *ast.Cube:
				multiSets = true
				var keys []int
				for _, e := range g.Exprs {
					keys = append(keys, groupKey(e))
				}
				var opts [][]int
				for mask := (1 << len(keys)) - 1; mask >= 0; mask-- {
					o := []int{}
					for i, k := range keys {
						if mask&(1<<i) != 0 {
							o = append(o, k)
						}
					}
					opts = append(opts, o)
				}
				cross(opts)
			}
		}
		if sel.GroupBy.Distinct {
			seen := map[string]bool{}
			var out [][]int
			for _, set := range groupSets {
				m := map[int]bool{}
				for _, k := range set {
					m[k] = true
				}
				key := ""
				for i := range groupExprs {
					if m[i] {
						key += strconv.Itoa(i) + ","
					}
				}
				if !seen[key] {
					seen[key] = true
					out = append(out, set)
				}
			}
			groupSets = out
		}
	}
	// HAVING.
	ctx.allowAggs = true
	var having plan.Expr
	if sel.Having != nil {
		having = a.expr(ctx, sel.Having)
		if having.Type().Kind != types.Boolean {
			a.fail(sel.Having, sqlerr.TypeMismatch, "HAVING clause must evaluate to a boolean: actual type %s", having.Type())
		}
	}
	// A correlated subquery's body: group by (or keep the distinct) inner
	// keys, output first.
	distinct := sel.Distinct
	if corr != nil && corr.used {
		for _, it := range items {
			// Outer columns in the select list: a group join evaluates
			// the value over the joined row (EXISTS ignores its list).
			if out, _ := refersOutside(it.expr, sc); out && corr.mode != corrExists {
				corr.grouped = true
			}
		}
		for _, g := range ctx.aggs {
			for _, e := range append(append([]plan.Expr{g.Filter}, g.Args...), sortExprsOf(g.OrderBy)...) {
				if out, _ := refersOutside(e, sc); out && corr.mode != corrExists {
					corr.grouped = true
				}
			}
		}
		for _, g := range groupExprs {
			a.checkNoOuter(sc, g, sel.GroupBy)
		}
		a.checkNoOuter(sc, having, sel.Having)
		if len(q.OrderBy) > 0 || q.Limit != nil || q.Offset != nil {
			a.fail(corr.node, sqlerr.NotSupported, "Correlated subqueries with ORDER BY, LIMIT or OFFSET are not supported")
		}
		exprs := make([]plan.Expr, len(items))
		for i, it := range items {
			exprs[i] = it.expr
		}
		if corr.mode == corrScalar && len(items) == 1 {
			if p, ok := items[0].expr.(*aggPlaceholder); ok {
				corr.countLike = countLike[ctx.aggs[p.index].Fn.Name]
			}
		}
		isAggNow := sel.GroupBy != nil || len(ctx.aggs) > 0 || having != nil
		gb, outExprs, outNames, dist := a.decorrelateItems(ctx, sel, isAggNow, exprs, names)
		if gb != nil {
			groupExprs = gb
		}
		items = items[:0]
		for _, e := range outExprs {
			items = append(items, item{expr: e, node: corr.node})
		}
		names = outNames
		distinct = distinct || dist
	}
	// ORDER BY: ordinals, output aliases, or expressions.
	type sortSpec struct {
		expr       plan.Expr
		itemIndex  int // >= 0 when it refers to a select item
		desc       bool
		nullsFirst bool
	}
	var sorts []sortSpec
	for _, si := range q.OrderBy {
		sp := sortSpec{itemIndex: -1, desc: si.Desc}
		sp.nullsFirst = false
		if si.NullsFirst != nil {
			sp.nullsFirst = *si.NullsFirst
		}
		switch x := si.Expr.(type) {
		case *ast.NumberLit:
			if x.Kind == "integer" {
				ord, _ := strconv.Atoi(x.Text)
				if ord < 1 || ord > len(items) {
					a.fail(x, sqlerr.InvalidColumnReference, "ORDER BY position %d is not in select list", ord)
				}
				sp.itemIndex = ord - 1
			}
		case *ast.Identifier:
			matches := -1
			for i, n := range names {
				if strings.EqualFold(n, x.Ident.Name) && (sel.Items[min(i, len(sel.Items)-1)] != nil) {
					if _, isAlias := sel.Items[min(i, len(sel.Items)-1)].(*ast.SelectExpr); isAlias || true {
						if matches >= 0 && !sameExpr(items[matches].expr, items[i].expr) {
							a.fail(x, sqlerr.AmbiguousName, "'%s' in ORDER BY is ambiguous", x.Ident.Name)
						}
						if matches < 0 {
							matches = i
						}
					}
				}
			}
			sp.itemIndex = matches
		}
		if sp.itemIndex < 0 {
			ctx.aliases = map[string]plan.Expr{}
			for i, n := range names {
				k := strings.ToLower(n)
				if prev, seen := ctx.aliases[k]; seen && (prev == nil || !sameExpr(prev, items[i].expr)) {
					ctx.aliases[k] = nil
				} else if !seen {
					ctx.aliases[k] = items[i].expr
				}
			}
			ctx.allowWindows = true
			sp.expr = a.expr(ctx, si.Expr)
			ctx.allowWindows = false
			ctx.aliases = nil
		}
		sorts = append(sorts, sp)
	}

	// Every expression is bound: the FROM leaves have their final columns.
	// Lay the FROM row out and resolve column placeholders.
	layout(sc.rels)
	for i := range items {
		items[i].expr = resolve(items[i].expr, 0)
	}
	for i := range groupExprs {
		groupExprs[i] = resolve(groupExprs[i], 0)
	}
	having = resolve(having, 0)
	for i := range sorts {
		sorts[i].expr = resolve(sorts[i].expr, 0)
	}
	for i := range ctx.aggs {
		for j := range ctx.aggs[i].Args {
			ctx.aggs[i].Args[j] = resolve(ctx.aggs[i].Args[j], 0)
		}
		ctx.aggs[i].Filter = resolve(ctx.aggs[i].Filter, 0)
		for j := range ctx.aggs[i].OrderBy {
			ctx.aggs[i].OrderBy[j].Expr = resolve(ctx.aggs[i].OrderBy[j].Expr, 0)
		}
	}
	for i := range ctx.windows {
		w := &ctx.windows[i]
		for j := range w.Args {
			w.Args[j] = resolve(w.Args[j], 0)
		}
		for j := range w.PartitionBy {
			w.PartitionBy[j] = resolve(w.PartitionBy[j], 0)
		}
		for j := range w.OrderBy {
			w.OrderBy[j].Expr = resolve(w.OrderBy[j].Expr, 0)
		}
	}

	// Plan: FROM (+ pushed filters) → filter → [aggregate] → project →
	// [distinct] → [sort] → [limit].
	var rest []plan.Expr
	if where != nil {
		if containsAgg(where) {
			a.fail(sel.Where, sqlerr.ExpressionNotAggregate, "WHERE clause cannot contain aggregations or window functions")
		}
		for _, c := range conjuncts(where) {
			refs := refsOf(c)
			if len(refs) == 1 {
				var r *relation
				for x := range refs {
					r = x
				}
				if r.scan != nil && !r.nullable {
					a.pushFilter(r, resolve(c, r.offset))
					continue
				}
			}
			if len(refs) > 1 {
				if j := joinOf(sc.tree, refs); j != nil {
					j.extra = append(j.extra, c)
					continue
				}
			}
			rest = append(rest, resolve(c, 0))
		}
	}
	var node plan.Node
	if sc.noFrom {
		node = &plan.Values{Cols: nil, Rows: [][]plan.Expr{{}}}
	} else {
		node = a.buildFrom(sc.tree)
	}
	if len(rest) == 1 {
		node = &plan.Filter{Input: node, Pred: rest[0]}
	} else if len(rest) > 1 {
		node = &plan.Filter{Input: node, Pred: &plan.Logical{Op: "AND", Args: rest}}
	}

	isAgg := sel.GroupBy != nil || len(ctx.aggs) > 0 || having != nil || len(groupExprs) > 0
	finalExprs := make([]plan.Expr, len(items))
	for i, it := range items {
		finalExprs[i] = it.expr
	}
	sortExprs := make([]plan.Expr, len(sorts))
	for i, s := range sorts {
		sortExprs[i] = s.expr
	}
	if isAgg {
		keyNames := make([]string, len(groupExprs))
		for i := range groupExprs {
			keyNames[i] = "_key" + strconv.Itoa(i)
		}
		aggNames := make([]string, len(ctx.aggs))
		for i := range ctx.aggs {
			aggNames[i] = "_agg" + strconv.Itoa(i)
		}
		agg := &plan.Aggregate{Input: node, Keys: groupExprs, Aggs: ctx.aggs, Names: append(keyNames, aggNames...)}
		a.groupingSets = nil
		if multiSets {
			agg.Sets = groupSets
			a.groupingSets, a.groupIDColumn = groupSets, len(groupExprs)+len(ctx.aggs)
		}
		node = agg
		for i := range finalExprs {
			finalExprs[i] = a.postAgg(items[i].node, finalExprs[i], groupExprs)
		}
		if having != nil {
			node = &plan.Filter{Input: node, Pred: a.postAgg(sel.Having, having, groupExprs)}
		}
		for i := range sortExprs {
			if sortExprs[i] != nil {
				sortExprs[i] = a.postAgg(q.OrderBy[i].Expr, sortExprs[i], groupExprs)
			}
		}
	}

	// Window functions, over the (aggregated) rows.
	if len(ctx.windows) > 0 {
		width := len(node.Columns())
		funcs := make([]plan.WindowFunc, len(ctx.windows))
		for i, w := range ctx.windows {
			post := func(e plan.Expr) plan.Expr {
				if isAgg {
					return a.postAgg(sel, e, groupExprs)
				}
				return e
			}
			for j := range w.Args {
				w.Args[j] = post(w.Args[j])
			}
			for j := range w.PartitionBy {
				w.PartitionBy[j] = post(w.PartitionBy[j])
			}
			for j := range w.OrderBy {
				w.OrderBy[j].Expr = post(w.OrderBy[j].Expr)
			}
			funcs[i] = w
		}
		node = &plan.Window{Input: node, Funcs: funcs}
		for i := range finalExprs {
			finalExprs[i] = replaceWindows(finalExprs[i], width)
		}
		for i := range sortExprs {
			sortExprs[i] = replaceWindows(sortExprs[i], width)
		}
	}

	// Project the select items plus any extra sort keys.
	projExprs := append([]plan.Expr{}, finalExprs...)
	projNames := append([]string{}, names...)
	var keys []plan.SortKey
	for i, s := range sorts {
		var ref plan.Expr
		if s.itemIndex >= 0 {
			ref = &plan.ColumnRef{Index: s.itemIndex, T: finalExprs[s.itemIndex].Type(), Name: names[s.itemIndex]}
		} else {
			e := sortExprs[i]
			found := -1
			for j, pe := range projExprs {
				if sameExpr(pe, e) {
					found = j
					break
				}
			}
			if found < 0 {
				if distinct {
					a.fail(q.OrderBy[i].Expr, sqlerr.ExpressionNotAggregate, "For SELECT DISTINCT, ORDER BY expressions must appear in select list")
				}
				projExprs = append(projExprs, e)
				projNames = append(projNames, "_sort"+strconv.Itoa(i))
				found = len(projExprs) - 1
			}
			ref = &plan.ColumnRef{Index: found, T: e.Type()}
		}
		if !ref.Type().IsOrderable() {
			a.fail(q.OrderBy[i].Expr, sqlerr.TypeMismatch, "Type %s is not orderable, and therefore cannot be used in ORDER BY", ref.Type())
		}
		keys = append(keys, plan.SortKey{Expr: ref, Desc: s.desc, NullsFirst: s.nullsFirst})
	}
	node = &plan.Project{Input: node, Exprs: projExprs, Names: projNames}
	if distinct {
		refs := make([]plan.Expr, len(projExprs))
		for i, e := range projExprs {
			refs[i] = &plan.ColumnRef{Index: i, T: e.Type(), Name: projNames[i]}
		}
		node = &plan.Aggregate{Input: node, Keys: refs, Names: projNames}
	}

	node, limit, offset := a.sortLimit(q, node, keys)
	if limit >= 0 {
		// With nothing between scan and limit but per-row work, the scan
		// itself may stop early.
		if r := sc.single(); r != nil && !isAgg && !distinct && len(ctx.windows) == 0 && len(keys) == 0 && len(rest) == 0 && limit >= 0 {
			r.scan.Limit = limit + offset
		}
	}
	if len(projExprs) > len(finalExprs) {
		refs := make([]plan.Expr, len(finalExprs))
		for i, e := range finalExprs {
			refs[i] = &plan.ColumnRef{Index: i, T: e.Type(), Name: names[i]}
		}
		node = &plan.Project{Input: node, Exprs: refs, Names: names}
	}
	return node, names
}

func (a *analyzer) constInt(e ast.Expr, clause string) int64 {
	n, ok := e.(*ast.NumberLit)
	if !ok || n.Kind != "integer" {
		a.fail(e, sqlerr.SyntaxError, "%s must be a non-negative integer", clause)
	}
	v, err := strconv.ParseInt(n.Text, 10, 64)
	if err != nil || v < 0 {
		a.fail(e, sqlerr.SyntaxError, "%s must be a non-negative integer", clause)
	}
	return v
}

// implicitName is the output name Trino gives an unaliased select item:
// the column or field name for references, none otherwise.
func implicitName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Identifier:
		return x.Ident.Name
	case *ast.Dereference:
		return x.Field.Name
	}
	return ""
}

// expressionNotScalar is Trino's error for aggregates where only scalar
// expressions may appear (WHERE, GROUP BY).
const expressionNotScalar sqlerr.Code = "EXPRESSION_NOT_SCALAR"

// firstAggText is the source text of the first aggregate call in e.
func firstAggText(e plan.Expr) string {
	text := ""
	plan.Walk(e, func(x plan.Expr) {
		if p, ok := x.(*aggPlaceholder); ok && text == "" {
			text = p.text
		}
	})
	return text
}

func containsAgg(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) {
		if _, ok := x.(*aggPlaceholder); ok {
			found = true
		}
	})
	return found
}

func sameExpr(a, b plan.Expr) bool { return a.String() == b.String() && a.Type().Equal(b.Type()) }

// postAgg rewrites an expression bound over the scan into one over the
// aggregate's output: group keys become key columns, aggregate
// placeholders aggregate columns; any other column reference is an error.
func (a *analyzer) postAgg(node ast.Node, e plan.Expr, keys []plan.Expr) plan.Expr {
	for i, k := range keys {
		if sameExpr(e, k) {
			return &plan.ColumnRef{Index: i, T: k.Type(), Name: k.String()}
		}
	}
	switch x := e.(type) {
	case *aggPlaceholder:
		return &plan.ColumnRef{Index: len(keys) + x.index, T: x.t, Name: x.text}
	case *groupingPlaceholder:
		return a.groupingValue(x, keys)
	case *plan.ColumnRef:
		a.fail(node, sqlerr.ExpressionNotAggregate, "'%s' must be an aggregate expression or appear in GROUP BY clause", x.Name)
	case *plan.Literal:
		return x
	}
	return rebuild(e, func(c plan.Expr) plan.Expr { return a.postAgg(node, c, keys) })
}

// rebuild copies e with its children replaced by f(child).
func rebuild(e plan.Expr, f func(plan.Expr) plan.Expr) plan.Expr {
	mapAll := func(es []plan.Expr) []plan.Expr {
		out := make([]plan.Expr, len(es))
		for i, c := range es {
			out[i] = f(c)
		}
		return out
	}
	switch x := e.(type) {
	case *plan.Call:
		return &plan.Call{Fn: x.Fn, Args: mapAll(x.Args)}
	case *plan.Cast:
		return &plan.Cast{X: f(x.X), T: x.T, Try: x.Try}
	case *plan.Logical:
		return &plan.Logical{Op: x.Op, Args: mapAll(x.Args)}
	case *plan.Not:
		return &plan.Not{X: f(x.X)}
	case *plan.Negate:
		return &plan.Negate{X: f(x.X)}
	case *plan.IsNull:
		return &plan.IsNull{X: f(x.X), Negate: x.Negate}
	case *plan.Compare:
		return &plan.Compare{Op: x.Op, L: f(x.L), R: f(x.R)}
	case *plan.Arith:
		return &plan.Arith{Op: x.Op, L: f(x.L), R: f(x.R), T: x.T}
	case *plan.Case:
		c := &plan.Case{T: x.T}
		for _, w := range x.Whens {
			c.Whens = append(c.Whens, plan.When{Cond: f(w.Cond), Result: f(w.Result)})
		}
		if x.Else != nil {
			c.Else = f(x.Else)
		}
		return c
	case *plan.Coalesce:
		return &plan.Coalesce{Args: mapAll(x.Args), T: x.T}
	case *plan.In:
		return &plan.In{X: f(x.X), List: mapAll(x.List)}
	case *plan.Like:
		l := &plan.Like{X: f(x.X), Pattern: f(x.Pattern)}
		if x.Escape != nil {
			l.Escape = f(x.Escape)
		}
		return l
	case *plan.Field:
		return &plan.Field{X: f(x.X), Index: x.Index, T: x.T}
	case *plan.Subscript:
		return &plan.Subscript{X: f(x.X), Index: f(x.Index), T: x.T}
	case *plan.Try:
		return &plan.Try{X: f(x.X)}
	case *plan.InSubquery:
		return &plan.InSubquery{X: f(x.X), Plan: x.Plan}
	case *plan.HigherOrder:
		return &plan.HigherOrder{Name: x.Name, Args: mapAll(x.Args), T: x.T}
	case *plan.Lambda:
		return &plan.Lambda{Params: x.Params, Names: x.Names, Depth: x.Depth, Body: f(x.Body)}
	case *plan.ArrayCtor:
		return &plan.ArrayCtor{Elems: mapAll(x.Elems), T: x.T}
	case *plan.RowCtor:
		return &plan.RowCtor{Fields: mapAll(x.Fields), T: x.T}
	}
	return e
}

// pushFilter splits the WHERE clause: conjuncts over partition keys only
// prune partitions; the rest filter records in the scan workers, and
// literals they imply become the scan's MustContain groups.
func (a *analyzer) pushFilter(sc *relation, where plan.Expr) {
	var rest []plan.Expr
	for _, c := range conjuncts(where) {
		onlyPart, anyCol := true, false
		plan.Walk(c, func(e plan.Expr) {
			if r, ok := e.(*plan.ColumnRef); ok {
				anyCol = true
				if sc.scan.Cols[r.Index].Kind != plan.PartitionColumn {
					onlyPart = false
				}
			}
		})
		if onlyPart && anyCol && len(sc.table.PartitionKeys) > 0 && !hasSubquery(c) {
			// Re-bind to partition key positions.
			sc.scan.PartitionFilter = append(sc.scan.PartitionFilter, rebindPartition(sc, c))
			continue
		}
		rest = append(rest, c)
	}
	if len(rest) == 0 {
		return
	}
	for _, c := range rest {
		if sc.table.System != nil {
			break // no records to search for literals
		}
		if g := mustContain(sc, c); g != nil {
			sc.scan.MustContain = append(sc.scan.MustContain, g)
		}
	}
	if sc.scan.Filter != nil {
		rest = append(conjuncts(sc.scan.Filter), rest...)
	}
	if len(rest) == 1 {
		sc.scan.Filter = rest[0]
	} else {
		sc.scan.Filter = &plan.Logical{Op: "AND", Args: rest}
	}
}

func rebindPartition(sc *relation, e plan.Expr) plan.Expr {
	if r, ok := e.(*plan.ColumnRef); ok {
		col := sc.scan.Cols[r.Index]
		return &plan.ColumnRef{Index: col.Partition, T: r.T, Name: r.Name}
	}
	return rebuild(e, func(c plan.Expr) plan.Expr { return rebindPartition(sc, c) })
}

func conjuncts(e plan.Expr) []plan.Expr {
	if l, ok := e.(*plan.Logical); ok && l.Op == "AND" {
		var out []plan.Expr
		for _, a := range l.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []plan.Expr{e}
}

// safeLiteral reports whether s can only appear verbatim in a record's raw
// JSON when a decoded string equals or contains it: no characters a JSON
// writer may escape other than through \u (which is added as an
// alternative by the caller).
func safeLiteral(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '/' {
			return false
		}
	}
	return true
}

// mustContain derives a literal group from one conjunct over a string
// data column: col = 'lit', col LIKE '%lit%', regexp_like(col, 'lit'),
// col IN ('a', 'b').
func mustContain(sc *relation, c plan.Expr) [][]byte {
	isDataString := func(e plan.Expr) bool {
		r, ok := e.(*plan.ColumnRef)
		return ok && sc.scan.Cols[r.Index].Kind == plan.DataColumn && r.T.Kind == types.Varchar
	}
	lit := func(e plan.Expr) (string, bool) {
		l, ok := e.(*plan.Literal)
		if !ok || l.Value == nil {
			return "", false
		}
		s, ok := l.Value.(string)
		return s, ok
	}
	var lits []string
	switch x := c.(type) {
	case *plan.Compare:
		if x.Op != "=" {
			return nil
		}
		if isDataString(x.L) {
			if s, ok := lit(x.R); ok {
				lits = []string{s}
			}
		} else if isDataString(x.R) {
			if s, ok := lit(x.L); ok {
				lits = []string{s}
			}
		}
	case *plan.Like:
		if x.Escape == nil && isDataString(x.X) {
			if p, ok := lit(x.Pattern); ok {
				best := ""
				for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '%' || r == '_' }) {
					if len(part) > len(best) {
						best = part
					}
				}
				if best != "" {
					lits = []string{best}
				}
			}
		}
	case *plan.Call:
		if x.Fn.Name == "regexp_like" && len(x.Args) == 2 && isDataString(x.Args[0]) {
			if p, ok := lit(x.Args[1]); ok && functions.IsLiteralRegexp(p) {
				lits = []string{p}
			}
		}
	case *plan.In:
		if isDataString(x.X) {
			for _, e := range x.List {
				s, ok := lit(e)
				if !ok {
					return nil
				}
				lits = append(lits, s)
			}
		}
	}
	if len(lits) == 0 {
		return nil
	}
	var group [][]byte
	for _, s := range lits {
		if !safeLiteral(s) {
			return nil
		}
		group = append(group, []byte(s))
	}
	return append(group, []byte(`\u`))
}

// sortExprsOf lists the expressions of sort keys.
func sortExprsOf(keys []plan.SortKey) []plan.Expr {
	out := make([]plan.Expr, len(keys))
	for i, k := range keys {
		out[i] = k.Expr
	}
	return out
}
