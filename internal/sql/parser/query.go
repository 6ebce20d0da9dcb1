package parser

import (
	"trawl/internal/sql/ast"
	"trawl/internal/sql/token"
)

// parseQuery parses [WITH ...] queryNoWith.
func (p *parser) parseQuery() *ast.Query {
	old := p.special("<query>")
	p.enter()
	q := &ast.Query{}
	start := p.cur().Pos
	if p.acceptKw("WITH") {
		// WITH RECURSIVE is accepted; the syntax tree has no flag for it,
		// so a self-reference fails later as an unknown table.
		p.acceptKw("RECURSIVE")
		for {
			q.With = append(q.With, p.parseCTE())
			if !p.acceptOp(token.Comma) {
				break
			}
		}
	}
	p.parseQueryNoWith(q)
	q.Span = span(start, p.prevEnd())
	p.leave()
	p.suppress = old
	return q
}

func (p *parser) parseCTE() *ast.CTE {
	name := p.parseIdent()
	c := &ast.CTE{Name: name}
	if p.isOp(token.LParen) {
		c.Columns = p.parseIdentList()
	}
	p.expectKw("AS")
	p.expectOp(token.LParen)
	c.Query = p.parseQuery()
	p.expectOp(token.RParen)
	c.Span = span(name.Pos(), p.prevEnd())
	return c
}

// parseQueryNoWith parses a query body with ORDER BY, OFFSET, LIMIT and
// FETCH into q.
func (p *parser) parseQueryNoWith(q *ast.Query) {
	q.Body = p.parseSetOp()
	if p.acceptKw("ORDER") {
		p.expectKw("BY")
		q.OrderBy = p.parseSortItems()
	}
	if p.isKw("OFFSET") {
		p.next()
		q.Offset = p.parseRowCount()
		if !p.acceptKw("ROW") {
			p.acceptKw("ROWS")
		}
	}
	if p.isKw("LIMIT") {
		p.next()
		if !p.acceptKw("ALL") {
			q.Limit = p.parseRowCount()
		}
	} else if p.isKw("FETCH") {
		t := p.next()
		if !p.acceptKw("FIRST") {
			p.expectKw("NEXT")
		}
		var count ast.Expr
		if c := p.cur(); c.Kind == token.Integer || c.Kind == token.Question {
			count = p.parseRowCount()
		} else {
			p.record("<integer>")
			p.isOp(token.Question)
		}
		if !p.acceptKw("ROW") {
			p.expectKw("ROWS")
		}
		if p.isKw("WITH") {
			p.notSupported(p.cur().Pos, "FETCH FIRST ... WITH TIES is not supported")
		}
		p.expectKw("ONLY")
		if count == nil {
			// FETCH FIRST ROW ONLY is LIMIT 1.
			count = &ast.NumberLit{Span: span(t.Pos, p.prevEnd()), Text: "1", Kind: "integer"}
		}
		q.Limit = count
	}
}

// parseRowCount parses an integer literal or a parameter.
func (p *parser) parseRowCount() ast.Expr {
	p.record("<integer>")
	t := p.cur()
	switch {
	case t.Kind == token.Integer:
		p.next()
		return &ast.NumberLit{Span: span(t.Pos, t.End), Text: t.Text, Kind: "integer"}
	case p.isOp(token.Question):
		p.next()
		e := &ast.Parameter{Span: span(t.Pos, t.End), Index: p.params}
		p.params++
		return e
	}
	p.fail()
	return nil
}

// parseSetOp parses UNION and EXCEPT over INTERSECT terms (INTERSECT binds
// tighter), all left-associative.
func (p *parser) parseSetOp() ast.QueryBody {
	l := p.parseIntersect()
	for {
		union, except := p.isKw("UNION"), p.isKw("EXCEPT")
		if !union && !except {
			return l
		}
		op := p.next().Value
		all := p.setQuantifier()
		r := p.parseIntersect()
		l = &ast.SetOp{Span: span(l.Pos(), r.End()), Op: op, All: all, Left: l, Right: r}
	}
}

func (p *parser) parseIntersect() ast.QueryBody {
	l := p.parseQueryPrimary()
	for p.isKw("INTERSECT") {
		p.next()
		all := p.setQuantifier()
		r := p.parseQueryPrimary()
		l = &ast.SetOp{Span: span(l.Pos(), r.End()), Op: "INTERSECT", All: all, Left: l, Right: r}
	}
	return l
}

// setQuantifier parses [DISTINCT | ALL] and reports ALL.
func (p *parser) setQuantifier() bool {
	if p.acceptKw("DISTINCT") {
		return false
	}
	return p.acceptKw("ALL")
}

func (p *parser) parseQueryPrimary() ast.QueryBody {
	t := p.cur()
	switch {
	case p.isKw("SELECT"):
		return p.parseSelect()
	case p.isKw("TABLE"):
		p.next()
		name := p.parseQualifiedName()
		return &ast.TableBody{Span: span(t.Pos, name.End()), Name: name}
	case p.isKw("VALUES"):
		p.next()
		rows := p.parseExprList()
		return &ast.Values{Span: span(t.Pos, p.prevEnd()), Rows: rows}
	case p.isOp(token.LParen):
		p.next()
		p.enter()
		q := &ast.Query{}
		start := p.cur().Pos
		p.parseQueryNoWith(q)
		q.Span = span(start, p.prevEnd())
		p.leave()
		p.expectOp(token.RParen)
		return &ast.ParenQuery{Span: span(t.Pos, p.prevEnd()), Query: q}
	}
	p.fail()
	return nil
}

func (p *parser) parseSelect() *ast.Select {
	t := p.next()
	s := &ast.Select{}
	if p.acceptKw("DISTINCT") {
		s.Distinct = true
	} else {
		p.acceptQuantifierAll()
	}
	for {
		s.Items = append(s.Items, p.parseSelectItem())
		if !p.acceptOp(token.Comma) {
			break
		}
	}
	if p.acceptKw("FROM") {
		s.From = p.parseRelation()
		for p.isOp(token.Comma) {
			p.next()
			r := p.parseRelation()
			s.From = &ast.Join{Span: span(s.From.Pos(), r.End()), Kind: "IMPLICIT", Left: s.From, Right: r}
		}
	}
	if p.acceptKw("WHERE") {
		s.Where = p.parseExpr()
	}
	if p.isKw("GROUP") {
		s.GroupBy = p.parseGroupBy()
	}
	if p.acceptKw("HAVING") {
		s.Having = p.parseExpr()
	}
	if p.isKw("WINDOW") {
		p.next()
		for {
			name := p.parseIdent()
			p.expectKw("AS")
			spec := p.parseWindowSpec()
			s.Windows = append(s.Windows, &ast.NamedWindow{Span: span(name.Pos(), spec.End()), Name: name, Spec: spec})
			if !p.acceptOp(token.Comma) {
				break
			}
		}
	}
	s.Span = span(t.Pos, p.prevEnd())
	return s
}

func (p *parser) parseSelectItem() ast.SelectItem {
	t := p.cur()
	if p.acceptOp(token.Star) {
		return &ast.SelectStar{Span: span(t.Pos, t.End)}
	}
	if qn := p.qualifiedStar(); qn != nil {
		return &ast.SelectStar{Span: span(t.Pos, p.prevEnd()), Qualifier: qn}
	}
	saved := p.itemDepth
	p.itemDepth = p.depth
	e := p.parseExpr()
	p.itemDepth = saved
	if p.cur().Kind == token.Dot && p.peek(1).Kind == token.Star {
		p.notSupported(e.Pos(), "all-fields reference .* is only supported on a table name")
	}
	item := &ast.SelectExpr{Expr: e}
	if p.acceptKw("AS") {
		item.Alias = p.parseIdent()
	} else if p.aliasAhead() {
		item.Alias = p.parseIdent()
	}
	item.Span = span(e.Pos(), p.prevEnd())
	return item
}

// qualifiedStar parses name(.name)*.* when it is next.
func (p *parser) qualifiedStar() *ast.QualifiedName {
	i := p.pos
	for identLike(p.tokAt(i)) && p.tokAt(i+1).Kind == token.Dot {
		if p.tokAt(i+2).Kind == token.Star {
			qn := &ast.QualifiedName{}
			for p.pos < i+1 {
				qn.Parts = append(qn.Parts, p.identFrom(p.next()))
				p.next() // '.'
			}
			p.next() // '*'
			qn.Span = span(qn.Parts[0].Pos(), qn.Parts[len(qn.Parts)-1].End())
			if p.isKw("AS") && p.peek(1).Kind == token.LParen {
				p.notSupported(p.cur().Pos, "column aliases for %s.* are not supported", qn.Parts[len(qn.Parts)-1].Name)
			}
			return qn
		}
		i += 2
	}
	return nil
}

// clauseAt reports whether the token at i is a non-reserved keyword that
// starts a clause there (LIMIT 10, OFFSET 5, FETCH FIRST, WINDOW w AS,
// TABLESAMPLE BERNOULLI) rather than an alias.
func (p *parser) clauseAt(i int) bool {
	t, n := p.tokAt(i), p.tokAt(i+1)
	if t.Kind != token.Ident {
		return false
	}
	switch t.Value {
	case "LIMIT":
		return n.Kind == token.Integer || n.Kind == token.Question || n.Is("ALL")
	case "OFFSET":
		return n.Kind == token.Integer || n.Kind == token.Question
	case "FETCH":
		return n.Is("FIRST") || n.Is("NEXT")
	case "WINDOW":
		return identLike(n) && p.tokAt(i+2).Is("AS")
	case "TABLESAMPLE":
		return n.Is("BERNOULLI") || n.Is("SYSTEM")
	}
	return false
}

// acceptQuantifierAll accepts the set quantifier ALL unless the word is a
// column named all (ALL is not reserved): SELECT all FROM t.
func (p *parser) acceptQuantifierAll() bool {
	if p.isKw("ALL") && startsExpr(p.peek(1)) && !p.clauseAt(p.pos+1) {
		p.next()
		return true
	}
	return false
}

// exprStarters are the reserved words that can start an expression.
var exprStarters = map[string]bool{
	"NOT": true, "CASE": true, "CAST": true, "EXISTS": true, "NULL": true, "TRUE": true, "FALSE": true,
	"CURRENT_DATE": true, "CURRENT_TIME": true, "CURRENT_TIMESTAMP": true, "CURRENT_USER": true,
	"CURRENT_CATALOG": true, "CURRENT_SCHEMA": true, "CURRENT_PATH": true, "LOCALTIME": true,
	"LOCALTIMESTAMP": true, "EXTRACT": true, "TRIM": true, "NORMALIZE": true, "GROUPING": true,
	"LISTAGG": true, "JSON_EXISTS": true, "JSON_VALUE": true, "JSON_QUERY": true, "JSON_OBJECT": true,
	"JSON_ARRAY": true,
}

// startsExpr reports whether t can begin an expression (or a select-item *).
func startsExpr(t token.Token) bool {
	switch t.Kind {
	case token.Ident:
		return !token.IsReserved(t.Value) || exprStarters[t.Value]
	case token.QuotedIdent, token.BackquotedIdent, token.DigitIdent, token.String, token.UnicodeString,
		token.Binary, token.Integer, token.Decimal, token.Double, token.Plus, token.Minus, token.Star,
		token.LParen, token.Question:
		return true
	}
	return false
}

// aliasAhead reports whether an alias without AS follows, recording
// <identifier> as expected.
func (p *parser) aliasAhead() bool {
	return p.isIdent() && !p.clauseAt(p.pos)
}

// ---------------------------------------------------------------- relations

// parseRelation parses a relation with its joins, left-associative.
func (p *parser) parseRelation() ast.Relation {
	left := p.parseSampledRelation()
	for {
		kind := ""
		switch {
		case p.isKw("CROSS"):
			p.next()
			p.expectKw("JOIN")
			right := p.parseSampledRelation()
			left = &ast.Join{Span: span(left.Pos(), right.End()), Kind: "CROSS", Left: left, Right: right}
			continue
		case p.isKw("NATURAL"):
			p.notSupported(p.cur().Pos, "Natural join not supported")
		case p.acceptKw("INNER"):
			kind = "INNER"
		case p.isKw("LEFT"), p.isKw("RIGHT"), p.isKw("FULL"):
			kind = p.next().Value
			p.acceptKw("OUTER")
		case p.isKw("JOIN"):
			kind = "INNER"
		default:
			return left
		}
		p.expectKw("JOIN")
		right := p.parseSampledRelation()
		j := &ast.Join{Kind: kind, Left: left, Right: right}
		if p.acceptKw("ON") {
			j.On = p.parseExpr()
		} else {
			p.expectKw("USING")
			j.Using = p.parseIdentList()
		}
		j.Span = span(left.Pos(), p.prevEnd())
		left = j
	}
}

func (p *parser) parseSampledRelation() ast.Relation {
	r := p.parseAliasedRelation()
	if p.isKw("TABLESAMPLE") && p.clauseAt(p.pos) {
		p.notSupported(p.cur().Pos, "TABLESAMPLE is not supported")
	}
	return r
}

func (p *parser) parseAliasedRelation() ast.Relation {
	r := p.parseRelationPrimary()
	var alias *ast.Ident
	if p.acceptKw("AS") {
		alias = p.parseIdent()
	} else if p.aliasAhead() {
		alias = p.parseIdent()
	} else {
		return r
	}
	var cols []*ast.Ident
	if p.isOp(token.LParen) {
		cols = p.parseIdentList()
	}
	end := p.prevEnd()
	switch n := r.(type) {
	case *ast.Table:
		if n.Alias == nil {
			n.Alias, n.Columns, n.Span.To = alias, cols, end
			return n
		}
	case *ast.SubqueryRelation:
		if n.Alias == nil {
			n.Alias, n.Columns, n.Span.To = alias, cols, end
			return n
		}
	case *ast.Unnest:
		if n.Alias == nil {
			n.Alias, n.Columns, n.Span.To = alias, cols, end
			return n
		}
	case *ast.Lateral:
		if n.Alias == nil {
			n.Alias, n.Columns, n.Span.To = alias, cols, end
			return n
		}
	}
	p.notSupported(alias.Pos(), "an alias for a parenthesized join is not supported")
	return nil
}

func (p *parser) parseRelationPrimary() ast.Relation {
	p.enter()
	defer p.leave()
	t := p.cur()
	switch {
	case p.isOp(token.LParen):
		if p.parenStartsQuery(p.pos) {
			p.next()
			q := p.parseQuery()
			p.expectOp(token.RParen)
			return &ast.SubqueryRelation{Span: span(t.Pos, p.prevEnd()), Query: q}
		}
		p.next()
		p.record("<query>")
		r := p.parseRelation()
		p.expectOp(token.RParen)
		return r
	case p.isKw("UNNEST"):
		p.next()
		p.expectOp(token.LParen)
		u := &ast.Unnest{Exprs: p.parseExprList()}
		p.expectOp(token.RParen)
		if p.isKw("WITH") && p.peek(1).Is("ORDINALITY") {
			p.next()
			p.next()
			u.WithOrdinality = true
		}
		u.Span = span(t.Pos, p.prevEnd())
		return u
	case p.isKw("LATERAL") && p.peek(1).Kind == token.LParen:
		p.next()
		p.next()
		q := p.parseQuery()
		p.expectOp(token.RParen)
		return &ast.Lateral{Span: span(t.Pos, p.prevEnd()), Query: q}
	}
	name := p.parseQualifiedName()
	if p.cur().Is("FOR") && (p.peek(1).Is("TIMESTAMP") || p.peek(1).Is("VERSION")) {
		p.notSupported(p.cur().Pos, "FOR %s AS OF is not supported", p.peek(1).Value)
	}
	return &ast.Table{Span: name.Span, Name: name}
}

// ----------------------------------------------------------------- GROUP BY

func (p *parser) parseGroupBy() *ast.GroupBy {
	t := p.next()
	p.expectKw("BY")
	g := &ast.GroupBy{}
	if p.acceptKw("DISTINCT") {
		g.Distinct = true
	} else {
		p.acceptQuantifierAll()
	}
	for {
		g.Elements = append(g.Elements, p.parseGroupingElement()...)
		if !p.acceptOp(token.Comma) {
			break
		}
	}
	g.Span = span(t.Pos, p.prevEnd())
	return g
}

func (p *parser) parseGroupingElement() []ast.GroupingElement {
	t := p.cur()
	switch {
	case p.isKw("ROLLUP"), p.isKw("CUBE"):
		kw := p.next()
		p.expectOp(token.LParen)
		var exprs []ast.Expr
		if !p.acceptOp(token.RParen) {
			for {
				set, setPos := p.parseGroupingSet()
				if len(set) != 1 {
					p.notSupported(setPos, "composite grouping sets inside %s are not supported", kw.Value)
				}
				exprs = append(exprs, set[0])
				if !p.acceptOp(token.Comma) {
					break
				}
			}
			p.expectOp(token.RParen)
		}
		if kw.Value == "ROLLUP" {
			return []ast.GroupingElement{&ast.Rollup{Span: span(t.Pos, p.prevEnd()), Exprs: exprs}}
		}
		return []ast.GroupingElement{&ast.Cube{Span: span(t.Pos, p.prevEnd()), Exprs: exprs}}
	case p.isKw("GROUPING") && p.peek(1).Is("SETS"):
		p.next()
		p.next()
		p.expectOp(token.LParen)
		gs := &ast.GroupingSets{}
		for {
			set, _ := p.parseGroupingSet()
			gs.Sets = append(gs.Sets, set)
			if !p.acceptOp(token.Comma) {
				break
			}
		}
		p.expectOp(token.RParen)
		gs.Span = span(t.Pos, p.prevEnd())
		return []ast.GroupingElement{gs}
	case p.isOp(token.LParen) && p.parenIsGroupingSet():
		set, _ := p.parseGroupingSet()
		if len(set) == 0 {
			// GROUP BY () is the grand total: one empty grouping set.
			return []ast.GroupingElement{&ast.GroupingSets{Span: span(t.Pos, p.prevEnd()), Sets: [][]ast.Expr{{}}}}
		}
		// GROUP BY (a, b) groups by a and b.
		out := make([]ast.GroupingElement, len(set))
		for i, e := range set {
			out[i] = &ast.GroupExpr{Span: span(e.Pos(), e.End()), Expr: e}
		}
		return out
	}
	e := p.parseExpr()
	return []ast.GroupingElement{&ast.GroupExpr{Span: span(e.Pos(), e.End()), Expr: e}}
}

// parseGroupingSet parses '(' [expr, ...] ')' when the parenthesis is a
// set, or a single expression; it returns the set and its offset.
func (p *parser) parseGroupingSet() ([]ast.Expr, int) {
	start := p.cur().Pos
	if p.isOp(token.LParen) && p.parenIsGroupingSet() {
		p.next()
		var set []ast.Expr
		if !p.acceptOp(token.RParen) {
			set = p.parseExprList()
			p.expectOp(token.RParen)
		}
		return set, start
	}
	return []ast.Expr{p.parseExpr()}, start
}

// parenIsGroupingSet reports whether the '(' at the current position
// closes a grouping set rather than opening a parenthesised expression
// that goes on after its ')'.
func (p *parser) parenIsGroupingSet() bool {
	j := p.matchParen(p.pos)
	return j >= 0 && !continuesExpr(p.tokAt(j+1))
}

// continuesExpr reports whether t can continue an expression after ')'.
func continuesExpr(t token.Token) bool {
	switch t.Kind {
	case token.Eq, token.Neq, token.Lt, token.Lte, token.Gt, token.Gte, token.Plus, token.Minus,
		token.Star, token.Slash, token.Percent, token.Concat, token.Dot, token.LBracket:
		return true
	case token.Ident:
		switch t.Value {
		case "AND", "OR", "IS", "NOT", "BETWEEN", "IN", "LIKE", "AT":
			return true
		}
	}
	return false
}
