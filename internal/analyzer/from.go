package analyzer

import (
	"strconv"
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sql/parser"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// How the FROM clause is bound.
//
// A FROM clause is a tree of relations (tables, subqueries, CTE
// references, VALUES, UNNEST) joined together. Its row is the
// concatenation of its leaves' columns, left to right: joins output the
// left columns then the right ones, and UNNEST appends its columns to
// those of everything on its left. Table leaves create their scan columns
// on demand (a struct field used by the query becomes a deeper record
// path), so a leaf's width is known only once every expression of the
// SELECT is bound. Expressions are therefore bound to colRef placeholders
// (leaf, column) and resolved to column indexes (plan.ColumnRef) when the
// plan is built, against the layout of the subtree they are evaluated on.

// relation is one leaf of a FROM tree.
type relation struct {
	id    int
	alias string // the name it is referred to by, lower-case ("" none)
	db    string // base tables: the database, lower-case
	// Base tables.
	table *plan.Table
	scan  *plan.Scan
	// Everything else: fixed columns, and the plan producing them (nil for
	// UNNEST, whose node is built from its FROM tree).
	cols []plan.Column
	node plan.Node
	// nullable: on the null-supplying side of an outer join, so WHERE
	// conjuncts over it cannot move below the join.
	nullable bool
	offset   int // first column in the FROM row, set by layout
	// countLike: a decorrelated scalar subquery whose count of no rows is 0.
	countLike bool
	// checkSingle: a decorrelated scalar subquery of one column whose last
	// column counts its rows per key (more than one is an error).
	checkSingle bool
}

// ref refers to the relation's column i.
func (r *relation) ref(i int) *colRef {
	return &colRef{rel: r, idx: i, t: r.cols[i].Type, name: r.cols[i].Name}
}

func (r *relation) width() int {
	if r.scan != nil {
		return len(r.scan.Cols)
	}
	return len(r.cols)
}

// scanColumn returns the scan column index for a data path, partition key
// or hidden column, adding it when new.
func (r *relation) scanColumn(c plan.ScanColumn) int {
	for i, e := range r.scan.Cols {
		if e.Kind != c.Kind || e.Partition != c.Partition || len(e.Path) != len(c.Path) {
			continue
		}
		same := true
		for j := range e.Path {
			if e.Path[j] != c.Path[j] {
				same = false
				break
			}
		}
		if same {
			return i
		}
	}
	r.scan.Cols = append(r.scan.Cols, c)
	return len(r.scan.Cols) - 1
}

// columnNames lists the names a relation's columns go by.
func (r *relation) columnNames() []string {
	var out []string
	if r.table != nil {
		for _, c := range r.table.DataColumns {
			out = append(out, c.Name)
		}
		for _, c := range r.table.PartitionKeys {
			out = append(out, c.Name)
		}
		return out
	}
	for _, c := range r.cols {
		out = append(out, c.Name)
	}
	return out
}

func (r *relation) hasColumn(name string) bool {
	if r.table != nil && r.table.System == nil {
		if _, ok := hiddenColumns[strings.ToLower(name)]; ok {
			return true
		}
	}
	for _, c := range r.columnNames() {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// colRef is a bound column of a FROM leaf, until the layout is known.
type colRef struct {
	rel  *relation
	idx  int
	t    *types.Type
	name string
}

func (c *colRef) Type() *types.Type { return c.t }
func (c *colRef) String() string {
	if c.rel.alias != "" {
		return c.rel.alias + "." + c.name
	}
	return c.name
}

// fromTree is the bound FROM clause.
type fromTree struct {
	leaf *relation // leaves (tables, subqueries, UNNEST)
	// Joins.
	kind        plan.JoinKind
	left, right *fromTree
	on          plan.Expr // ON condition (placeholder form), nil for CROSS
	// UNNEST: leaf is its relation, input (may be nil) what it applies to.
	input        *fromTree
	unnestExprs  []plan.Expr
	ordinality   bool
	outer        bool
	unnestLeaves int
	// where conjuncts moved into this inner join's condition.
	extra []plan.Expr
	// mark is the relation of a mark join's output column, or of a group
	// join's aggregates (the right side's columns are not part of the row).
	mark *relation
	aggs []plan.AggCall // group join: the aggregates, over the joined row
}

// leaves lists the tree's relations left to right.
func (t *fromTree) leaves() []*relation {
	if t == nil {
		return nil
	}
	if t.left != nil {
		if t.mark != nil {
			return append(t.left.leaves(), t.mark)
		}
		return append(t.left.leaves(), t.right.leaves()...)
	}
	if t.unnestExprs != nil {
		return append(t.input.leaves(), t.leaf)
	}
	return []*relation{t.leaf}
}

// scope is what names in a SELECT can refer to: the FROM leaves, and the
// enclosing query's scope for correlated references (not supported yet).
type scope struct {
	rels   []*relation
	tree   *fromTree
	noFrom bool
	outer  *scope
	// corr is set when this SELECT is the body of a correlated subquery.
	corr *correlation
}

// single returns the only relation when the FROM clause is one base table.
func (s *scope) single() *relation {
	if len(s.rels) == 1 && s.rels[0].scan != nil && s.tree.leaf == s.rels[0] && s.tree.unnestExprs == nil {
		return s.rels[0]
	}
	return nil
}

func (s *scope) columnNames() []string {
	var out []string
	for _, r := range s.rels {
		out = append(out, r.columnNames()...)
	}
	return out
}

// from binds a FROM clause.
func (a *analyzer) from(rel ast.Relation, outer *scope) *scope {
	sc := &scope{outer: outer}
	if rel == nil {
		sc.noFrom = true
		return sc
	}
	sc.tree = a.relation(sc, rel)
	sc.rels = sc.tree.leaves()
	return sc
}

func (a *analyzer) newRelation(sc *scope) *relation {
	a.relSeq++
	return &relation{id: a.relSeq}
}

// relation binds one FROM item. Names in later items (UNNEST arguments)
// see the leaves bound so far.
func (a *analyzer) relation(sc *scope, rel ast.Relation) *fromTree {
	switch x := rel.(type) {
	case *ast.Table:
		r := a.tableRelation(x)
		sc.rels = append(sc.rels, r)
		return &fromTree{leaf: r}
	case *ast.SubqueryRelation:
		node, names := a.subquery(x.Query, sc.outer)
		r := a.fixedRelation(x, node, names, x.Alias, x.Columns)
		sc.rels = append(sc.rels, r)
		return &fromTree{leaf: r}
	case *ast.Lateral:
		a.fail(x, sqlerr.NotSupported, "LATERAL is not supported yet")
	case *ast.Unnest:
		return a.unnest(sc, x, nil, false)
	case *ast.Join:
		left := a.relation(sc, x.Left)
		kind := joinKind(x.Kind)
		if u, ok := x.Right.(*ast.Unnest); ok {
			// UNNEST on the right is lateral: it sees the left side.
			switch {
			case kind == plan.CrossJoin || kind == plan.InnerJoin && isTrue(x.On):
				return a.unnest(sc, u, left, false)
			case kind == plan.LeftJoin && isTrue(x.On):
				return a.unnest(sc, u, left, true)
			}
			a.fail(x, sqlerr.NotSupported, "UNNEST can only be joined with CROSS JOIN, or LEFT JOIN ... ON true")
		}
		right := a.relation(sc, x.Right)
		t := &fromTree{kind: kind, left: left, right: right}
		switch kind {
		case plan.LeftJoin:
			markNullable(right)
		case plan.RightJoin:
			markNullable(left)
		case plan.FullJoin:
			markNullable(left)
			markNullable(right)
		}
		jsc := &scope{rels: append(left.leaves(), right.leaves()...), outer: sc.outer}
		jsc.tree = t
		if x.On != nil {
			ctx := &selectCtx{scope: jsc, clause: "JOIN clause", clauseNode: x.On}
			on := a.expr(ctx, x.On)
			if k := on.Type().Kind; k != types.Boolean && k != types.Unknown {
				a.fail(x.On, sqlerr.TypeMismatch, "JOIN ON clause must evaluate to a boolean: actual type %s", on.Type())
			}
			t.on = on
		}
		for _, u := range x.Using {
			l := a.usingColumn(u, left)
			r := a.usingColumn(u, right)
			lt, rt := a.comparable(u, l, r, "=")
			eq := &plan.Compare{Op: "=", L: lt, R: rt}
			if t.on == nil {
				t.on = eq
			} else {
				t.on = &plan.Logical{Op: "AND", Args: []plan.Expr{t.on, eq}}
			}
		}
		if kind != plan.CrossJoin && kind != plan.InnerJoin && t.on == nil {
			a.fail(x, sqlerr.SyntaxError, "%s JOIN requires an ON or USING clause", kind)
		}
		return t
	}
	a.fail(rel, sqlerr.NotSupported, "unsupported relation")
	return nil
}

func isTrue(e ast.Expr) bool {
	b, ok := e.(*ast.BoolLit)
	return ok && b.Value
}

func joinKind(s string) plan.JoinKind {
	switch s {
	case "LEFT":
		return plan.LeftJoin
	case "RIGHT":
		return plan.RightJoin
	case "FULL":
		return plan.FullJoin
	case "CROSS", "IMPLICIT":
		return plan.CrossJoin
	}
	return plan.InnerJoin
}

func markNullable(t *fromTree) {
	for _, r := range t.leaves() {
		r.nullable = true
	}
}

func (a *analyzer) usingColumn(id *ast.Ident, t *fromTree) plan.Expr {
	var found *relation
	for _, r := range t.leaves() {
		if r.hasColumn(id.Name) {
			if found != nil {
				a.fail(id, sqlerr.AmbiguousName, "Column '%s' is ambiguous", id.Name)
			}
			found = r
		}
	}
	if found == nil {
		a.fail(id, sqlerr.ColumnNotFound, "Column '%s' is missing from one side of the join", id.Name)
	}
	return a.relColumn(found, []*ast.Ident{id}, id)
}

// tableRelation resolves a table name: a CTE in scope, else a catalog
// table.
func (a *analyzer) tableRelation(t *ast.Table) *relation {
	parts := t.Name.Parts
	if len(parts) == 1 {
		if cte := a.lookupCTE(parts[0].Name); cte != nil {
			node, names := a.cteQuery(cte)
			return a.fixedRelation(t, node, names, aliasOr(t.Alias, parts[0]), t.Columns)
		}
	}
	db, name := "", ""
	switch len(parts) {
	case 1:
		name = parts[0].Name
	case 2:
		db, name = parts[0].Name, parts[1].Name
	case 3:
		if !strings.EqualFold(parts[0].Name, "awsdatacatalog") {
			a.fail(t.Name, sqlerr.NotFound, "Catalog '%s' does not exist", parts[0].Name)
		}
		db, name = parts[1].Name, parts[2].Name
	default:
		a.fail(t.Name, sqlerr.SyntaxError, "Too many dots in table name: %s", qualified(t.Name))
	}
	tbl, err := a.tables.ResolveTable(db, name)
	if err != nil {
		if se, ok := err.(*sqlerr.Error); ok && se.Line == 0 {
			d := db
			if d == "" {
				d = a.sess.Database
			}
			msg := se.Msg
			if se.Code == sqlerr.TableNotFound {
				msg += suggest(name, append(a.cteNames(), a.tables.TableNames(d)...))
			}
			a.fail(t.Name, se.Code, "%s", msg)
		}
		panic(panicErr{err})
	}
	if tbl.ViewSQL != "" {
		node, names := a.view(t, tbl)
		return a.fixedRelation(t, node, names, aliasOr(t.Alias, parts[len(parts)-1]), t.Columns)
	}
	if len(t.Columns) > 0 {
		a.fail(t, sqlerr.NotSupported, "column aliases on tables are not supported yet")
	}
	r := a.newRelation(nil)
	r.alias = strings.ToLower(name)
	if t.Alias != nil {
		r.alias = strings.ToLower(t.Alias.Name)
	}
	r.db = strings.ToLower(tbl.Database)
	r.table = tbl
	r.scan = &plan.Scan{Table: tbl, Limit: -1}
	a.scans = append(a.scans, r.scan)
	return r
}

func aliasOr(alias, name *ast.Ident) *ast.Ident {
	if alias != nil {
		return alias
	}
	return name
}

// fixedRelation makes a leaf of a planned subquery, renaming its columns
// when an alias list is given.
func (a *analyzer) fixedRelation(node ast.Node, p plan.Node, names []string, alias *ast.Ident, columns []*ast.Ident) *relation {
	r := a.newRelation(nil)
	if alias != nil {
		r.alias = strings.ToLower(alias.Name)
	}
	cols := p.Columns()
	if len(columns) > 0 {
		if len(columns) != len(cols) {
			a.fail(node, sqlerr.MismatchedColumnAliases, "Column alias list has %d entries but '%s' has %d columns available", len(columns), r.alias, len(cols))
		}
		names = make([]string, len(columns))
		for i, c := range columns {
			names[i] = c.Name
		}
	}
	r.cols = make([]plan.Column, len(cols))
	for i, c := range cols {
		r.cols[i] = plan.Column{Name: strings.ToLower(names[i]), Type: c.Type}
	}
	r.node = p
	return r
}

// unnest binds UNNEST(exprs) [WITH ORDINALITY] [AS t(cols)], applied to
// the rows of input (nil: a single empty row).
func (a *analyzer) unnest(sc *scope, x *ast.Unnest, input *fromTree, outer bool) *fromTree {
	usc := &scope{rels: input.leaves(), outer: sc.outer}
	usc.tree = input
	ctx := &selectCtx{scope: usc, clause: "UNNEST", clauseNode: x}
	var exprs []plan.Expr
	var colTypes []*types.Type
	for _, e := range x.Exprs {
		b := a.expr(ctx, e)
		ts := plan.UnnestTypes(b.Type())
		if ts == nil {
			a.fail(e, sqlerr.TypeMismatch, "Cannot unnest type: %s", b.Type())
		}
		exprs = append(exprs, b)
		colTypes = append(colTypes, ts...)
	}
	var names []string
	for _, e := range exprs {
		t := e.Type()
		if t.Kind == types.Array && t.Elem.Kind == types.Row {
			for i, f := range t.Elem.Fields {
				n := f.Name
				if n == "" {
					n = "_col" + strconv.Itoa(len(names)+i)
				}
				names = append(names, n)
			}
			continue
		}
		for range plan.UnnestTypes(t) {
			names = append(names, "_col"+strconv.Itoa(len(names)))
		}
	}
	if x.WithOrdinality {
		colTypes = append(colTypes, types.BigIntType)
		names = append(names, "ordinality")
	}
	if len(x.Columns) > 0 {
		if len(x.Columns) != len(colTypes) {
			a.fail(x, sqlerr.MismatchedColumnAliases, "Column alias list has %d entries but '%s' has %d columns available", len(x.Columns), aliasName(x.Alias), len(colTypes))
		}
		for i, c := range x.Columns {
			names[i] = c.Name
		}
	}
	r := a.newRelation(nil)
	if x.Alias != nil {
		r.alias = strings.ToLower(x.Alias.Name)
	}
	for i, t := range colTypes {
		r.cols = append(r.cols, plan.Column{Name: strings.ToLower(names[i]), Type: t})
	}
	if outer {
		r.nullable = true
	}
	sc.rels = append(sc.rels, r)
	return &fromTree{leaf: r, input: input, unnestExprs: exprs, ordinality: x.WithOrdinality, outer: outer}
}

func aliasName(id *ast.Ident) string {
	if id == nil {
		return "unnest"
	}
	return id.Name
}

// relColumn binds a column of a relation given as name parts (column then
// struct fields).
func (a *analyzer) relColumn(r *relation, parts []*ast.Ident, node ast.Node) plan.Expr {
	first := parts[0]
	name := strings.ToLower(first.Name)
	var ref plan.Expr
	if r.table != nil {
		if h, ok := hiddenColumns[name]; ok && r.table.System == nil {
			idx := r.scanColumn(plan.ScanColumn{Name: name, Type: h.t, Kind: h.kind})
			ref = &colRef{rel: r, idx: idx, t: h.t, name: name}
		}
		for i, c := range r.table.PartitionKeys {
			if ref == nil && strings.EqualFold(c.Name, name) {
				idx := r.scanColumn(plan.ScanColumn{Name: c.Name, Type: c.Type, Kind: plan.PartitionColumn, Partition: i})
				ref = &colRef{rel: r, idx: idx, t: c.Type, name: c.Name}
			}
		}
		if ref == nil {
			for _, c := range r.table.DataColumns {
				if !strings.EqualFold(c.Name, name) {
					continue
				}
				// Follow struct fields into the record path (system
				// tables produce whole columns: fields are read from them).
				path := []string{c.Name}
				t := c.Type
				display := c.Name
				rest := parts[1:]
				for len(rest) > 0 && t.Kind == types.Row && r.table.System == nil {
					fi := t.FieldIndex(rest[0].Name)
					if fi < 0 {
						a.fail(node, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", display+"."+rest[0].Name, suggest(rest[0].Name, fieldNames(t)))
					}
					path = append(path, t.Fields[fi].Name)
					display += "." + t.Fields[fi].Name
					t = t.Fields[fi].Type
					rest = rest[1:]
				}
				idx := r.scanColumn(plan.ScanColumn{Name: display, Type: t, Kind: plan.DataColumn, Path: path})
				ref = &colRef{rel: r, idx: idx, t: t, name: display}
				for _, f := range rest {
					ref = a.field(f, ref)
				}
				return ref
			}
		}
	} else {
		for i, c := range r.cols {
			if strings.EqualFold(c.Name, name) {
				ref = &colRef{rel: r, idx: i, t: c.Type, name: c.Name}
				break
			}
		}
	}
	if ref == nil {
		a.fail(first, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", first.Name, suggest(first.Name, r.columnNames()))
	}
	for _, f := range parts[1:] {
		ref = a.field(f, ref)
	}
	return ref
}

// layout sets each leaf's offset in the FROM row.
func layout(rels []*relation) {
	off := 0
	for _, r := range rels {
		r.offset = off
		off += r.width()
	}
}

// resolve rewrites colRef placeholders to column indexes in a row whose
// first column is that of the leaf at offset base.
func resolve(e plan.Expr, base int) plan.Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(*colRef); ok {
		return &plan.ColumnRef{Index: c.rel.offset - base + c.idx, T: c.t, Name: c.name}
	}
	if g, ok := e.(*groupingPlaceholder); ok {
		out := &groupingPlaceholder{node: g.node, text: g.text}
		for _, arg := range g.args {
			out.args = append(out.args, resolve(arg, base))
		}
		return out
	}
	return rebuild(e, func(x plan.Expr) plan.Expr { return resolve(x, base) })
}

// refsOf lists the relations an expression refers to.
func refsOf(e plan.Expr) map[*relation]bool {
	out := map[*relation]bool{}
	plan.Walk(e, func(x plan.Expr) {
		if c, ok := x.(*colRef); ok {
			out[c.rel] = true
		}
	})
	return out
}

// build turns the bound FROM tree into plan nodes (after layout).
func (a *analyzer) buildFrom(t *fromTree) plan.Node {
	switch {
	case t.left != nil:
		l, r := a.buildFrom(t.left), a.buildFrom(t.right)
		j := &plan.Join{Kind: t.kind, Left: l, Right: r}
		lbase := t.left.leaves()[0].offset
		if t.mark != nil {
			// The right side's columns follow the left ones in the joined
			// row the condition sees, though the join outputs only the mark.
			t.right.leaf.offset = t.mark.offset
		}
		rbase := t.right.leaves()[0].offset
		leftSet := map[*relation]bool{}
		for _, x := range t.left.leaves() {
			leftSet[x] = true
		}
		var conds []plan.Expr
		if t.on != nil {
			conds = conjuncts(t.on)
		}
		conds = append(conds, t.extra...)
		var rest []plan.Expr
		for _, c := range conds {
			if cmp, ok := c.(*plan.Compare); ok && cmp.Op == "=" {
				lr, rr := refsOf(cmp.L), refsOf(cmp.R)
				side := func(m map[*relation]bool) int { // 1 left, 2 right, 0 mixed/none
					s := 0
					for x := range m {
						v := 2
						if leftSet[x] {
							v = 1
						}
						if s != 0 && s != v {
							return 0
						}
						s = v
					}
					return s
				}
				ls, rs := side(lr), side(rr)
				if ls == 1 && rs == 2 {
					j.LeftKeys = append(j.LeftKeys, resolve(cmp.L, lbase))
					j.RightKeys = append(j.RightKeys, resolve(cmp.R, rbase))
					continue
				}
				if ls == 2 && rs == 1 {
					j.LeftKeys = append(j.LeftKeys, resolve(cmp.R, lbase))
					j.RightKeys = append(j.RightKeys, resolve(cmp.L, rbase))
					continue
				}
			}
			rest = append(rest, resolve(c, lbase))
		}
		if len(rest) == 1 {
			j.Filter = rest[0]
		} else if len(rest) > 1 {
			j.Filter = &plan.Logical{Op: "AND", Args: rest}
		}
		for _, g := range t.aggs {
			g.Args = append([]plan.Expr{}, g.Args...)
			for i := range g.Args {
				g.Args[i] = resolve(g.Args[i], lbase)
			}
			g.Filter = resolve(g.Filter, lbase)
			g.OrderBy = append([]plan.SortKey{}, g.OrderBy...)
			for i := range g.OrderBy {
				g.OrderBy[i].Expr = resolve(g.OrderBy[i].Expr, lbase)
			}
			j.Aggs = append(j.Aggs, g)
			j.AggNames = append(j.AggNames, t.mark.cols[len(j.AggNames)].Name)
		}
		if j.Kind == plan.CrossJoin && (j.Filter != nil || len(j.LeftKeys) > 0) {
			j.Kind = plan.InnerJoin
		}
		return j
	case t.unnestExprs != nil:
		var in plan.Node
		base := 0
		if t.input != nil {
			in = a.buildFrom(t.input)
			base = t.input.leaves()[0].offset
		} else {
			in = &plan.Values{Rows: [][]plan.Expr{{}}}
		}
		exprs := make([]plan.Expr, len(t.unnestExprs))
		for i, e := range t.unnestExprs {
			exprs[i] = resolve(e, base)
		}
		names := make([]string, len(t.leaf.cols))
		for i, c := range t.leaf.cols {
			names[i] = c.Name
		}
		return &plan.Unnest{Input: in, Exprs: exprs, WithOrdinality: t.ordinality, Outer: t.outer, Names: names}
	case t.leaf.scan != nil:
		return t.leaf.scan
	}
	return t.leaf.node
}

// joinOf returns the innermost join whose subtree holds every relation in
// refs, provided the path to it crosses no outer join's null-supplying
// side (so a WHERE conjunct can become part of its condition).
func joinOf(t *fromTree, refs map[*relation]bool) *fromTree {
	if t == nil || t.left == nil || t.kind != plan.InnerJoin && t.kind != plan.CrossJoin {
		return nil
	}
	in := func(sub *fromTree) bool {
		set := map[*relation]bool{}
		for _, r := range sub.leaves() {
			set[r] = true
		}
		for r := range refs {
			if !set[r] {
				return false
			}
		}
		return true
	}
	if in(t.left) {
		if j := joinOf(t.left, refs); j != nil {
			return j
		}
		return nil
	}
	if in(t.right) {
		if j := joinOf(t.right, refs); j != nil {
			return j
		}
		return nil
	}
	return t
}

// view inlines a view's query, analyzed in the view's database; names in
// it do not see the referencing query's CTEs.
func (a *analyzer) view(t *ast.Table, tbl *plan.Table) (plan.Node, []string) {
	key := tbl.Database + "." + tbl.Name
	for _, v := range a.views {
		if v == key {
			a.fail(t, sqlerr.InvalidViewDefinition, "View '%s' is recursive", key)
		}
	}
	stmts, err := parser.ParseStatements(tbl.ViewSQL)
	if err != nil || len(stmts) != 1 {
		a.fail(t, sqlerr.InvalidViewDefinition, "View 'awsdatacatalog.%s' is stale or in invalid state: %v", key, err)
	}
	q, ok := stmts[0].Node.(*ast.QueryStmt)
	if !ok {
		a.fail(t, sqlerr.InvalidViewDefinition, "View 'awsdatacatalog.%s' is stale or in invalid state", key)
	}
	saved := *a
	a.src, a.sess.Database, a.ctes, a.outer = tbl.ViewSQL, tbl.Database, nil, nil
	a.views = append(a.views, key)
	defer func() {
		a.src, a.sess, a.ctes, a.outer, a.views = saved.src, saved.sess, saved.ctes, saved.outer, saved.views
	}()
	return a.query(q.Query)
}
