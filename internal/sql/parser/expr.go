package parser

import (
	"errors"
	"strconv"
	"strings"

	"trawl/internal/sql/ast"
	"trawl/internal/sql/token"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func span(from, to int) ast.Span { return ast.Span{From: from, To: to} }

// parseExpr parses an expression (Trino's booleanExpression).
func (p *parser) parseExpr() ast.Expr {
	p.enter()
	e := p.parseOrFrom(p.parseNot())
	p.leave()
	return e
}

func (p *parser) parseOrFrom(l ast.Expr) ast.Expr {
	l = p.parseAndFrom(l)
	for p.isKw("OR") {
		op := p.next()
		r := p.parseAndFrom(p.parseNot())
		l = &ast.BinaryExpr{Span: span(l.Pos(), r.End()), Op: "OR", Left: l, Right: r, OpPos: op.Pos}
	}
	return l
}

func (p *parser) parseAndFrom(l ast.Expr) ast.Expr {
	for p.isKw("AND") {
		op := p.next()
		r := p.parseNot()
		l = &ast.BinaryExpr{Span: span(l.Pos(), r.End()), Op: "AND", Left: l, Right: r, OpPos: op.Pos}
	}
	return l
}

// parseNot parses NOT* predicated.
func (p *parser) parseNot() ast.Expr {
	old := p.special("<expression>")
	var e ast.Expr
	if p.isKw("NOT") {
		t := p.next()
		p.enter()
		x := p.parseNot()
		p.leave()
		e = &ast.UnaryExpr{Span: span(t.Pos, x.End()), Op: "NOT", X: x}
	} else {
		e = p.parsePredicate(p.parseValue())
	}
	p.suppress = old
	return e
}

func comparisonOp(k token.Kind) string {
	switch k {
	case token.Eq:
		return "="
	case token.Neq:
		return "<>"
	case token.Lt:
		return "<"
	case token.Lte:
		return "<="
	case token.Gt:
		return ">"
	case token.Gte:
		return ">="
	}
	return ""
}

// parsePredicate parses the optional predicate after a value expression.
func (p *parser) parsePredicate(v ast.Expr) ast.Expr {
	p.record("<predicate>")
	t := p.cur()
	if op := comparisonOp(t.Kind); op != "" {
		p.next()
		if q := p.cur(); (q.Is("ALL") || q.Is("ANY") || q.Is("SOME")) && p.peek(1).Kind == token.LParen {
			p.next()
			p.next()
			sub := p.parseQuery()
			p.expectOp(token.RParen)
			return &ast.QuantifiedComparison{Span: span(v.Pos(), p.prevEnd()), Op: op, Quantifier: q.Value, Left: v, Subquery: sub}
		}
		p.isKw("ALL")
		p.isKw("ANY")
		p.isKw("SOME")
		r := p.parseValue()
		return &ast.BinaryExpr{Span: span(v.Pos(), r.End()), Op: op, Left: v, Right: r, OpPos: t.Pos}
	}
	if t.Is("IS") {
		p.next()
		not := p.acceptKw("NOT")
		if p.acceptKw("NULL") {
			return &ast.IsNull{Span: span(v.Pos(), p.prevEnd()), Not: not, X: v}
		}
		p.expectKw("DISTINCT")
		p.expectKw("FROM")
		r := p.parseValue()
		return &ast.IsDistinctFrom{Span: span(v.Pos(), r.End()), Not: not, Left: v, Right: r}
	}
	not := false
	if t.Is("NOT") {
		not = true
		p.next()
	} else if !t.Is("BETWEEN") && !t.Is("IN") && !t.Is("LIKE") {
		return v
	}
	switch {
	case p.acceptKw("BETWEEN"):
		lo := p.parseValue()
		p.expectKw("AND")
		hi := p.parseValue()
		return &ast.Between{Span: span(v.Pos(), hi.End()), Not: not, X: v, Lo: lo, Hi: hi}
	case p.acceptKw("IN"):
		p.expectOp(token.LParen)
		if p.parenStartsQuery(p.pos - 1) {
			sub := p.parseQuery()
			p.expectOp(token.RParen)
			return &ast.InSubquery{Span: span(v.Pos(), p.prevEnd()), Not: not, X: v, Subquery: sub}
		}
		list := p.parseExprList()
		p.expectOp(token.RParen)
		return &ast.InList{Span: span(v.Pos(), p.prevEnd()), Not: not, X: v, List: list}
	case p.acceptKw("LIKE"):
		pat := p.parseValue()
		l := &ast.Like{Not: not, X: v, Pattern: pat}
		if p.acceptKw("ESCAPE") {
			l.Escape = p.parseValue()
		}
		l.Span = span(v.Pos(), p.prevEnd())
		return l
	}
	p.fail()
	return nil
}

// parseExprList parses expression (',' expression)*.
func (p *parser) parseExprList() []ast.Expr {
	var list []ast.Expr
	for {
		list = append(list, p.parseExpr())
		if !p.acceptOp(token.Comma) {
			return list
		}
	}
}

// isQueryStart reports whether t starts a query body.
func isQueryStart(t token.Token) bool {
	return t.Is("SELECT") || t.Is("WITH") || t.Is("VALUES") || t.Is("TABLE")
}

// parseValue parses a value expression (no predicates).
func (p *parser) parseValue() ast.Expr {
	l := p.parseAdditive()
	for p.isOp(token.Concat) {
		op := p.next()
		r := p.parseAdditive()
		l = &ast.BinaryExpr{Span: span(l.Pos(), r.End()), Op: "||", Left: l, Right: r, OpPos: op.Pos}
	}
	return l
}

func (p *parser) parseAdditive() ast.Expr {
	l := p.parseMultiplicative()
	for {
		plus, minus := p.isOp(token.Plus), p.isOp(token.Minus)
		if !plus && !minus {
			return l
		}
		op := p.next()
		r := p.parseMultiplicative()
		l = &ast.BinaryExpr{Span: span(l.Pos(), r.End()), Op: op.Text, Left: l, Right: r, OpPos: op.Pos}
	}
}

func (p *parser) parseMultiplicative() ast.Expr {
	l := p.parseUnary()
	for {
		a, b, c := p.isOp(token.Star), p.isOp(token.Slash), p.isOp(token.Percent)
		if !a && !b && !c {
			return l
		}
		op := p.next()
		r := p.parseUnary()
		l = &ast.BinaryExpr{Span: span(l.Pos(), r.End()), Op: op.Text, Left: l, Right: r, OpPos: op.Pos}
	}
}

func isNumberTok(t token.Token) bool {
	return t.Kind == token.Integer || t.Kind == token.Decimal || t.Kind == token.Double
}

func numberKind(k token.Kind) string {
	switch k {
	case token.Decimal:
		return "decimal"
	case token.Double:
		return "double"
	}
	return "integer"
}

// parseUnary parses [+|-] value, AT TIME ZONE and the primary below.
func (p *parser) parseUnary() ast.Expr {
	old := p.special("<expression>")
	var e ast.Expr
	plus, minus := p.isOp(token.Plus), p.isOp(token.Minus)
	switch {
	case minus && isNumberTok(p.peek(1)):
		// Trino's number rule: MINUS? INTEGER_VALUE is one literal, so
		// -9223372036854775808 is a bigint.
		m := p.next()
		n := p.next()
		lit := &ast.NumberLit{Span: span(m.Pos, n.End), Text: "-" + n.Text, Kind: numberKind(n.Kind)}
		e = p.parseAtTimeZone(p.parsePostfix(lit))
	case plus || minus:
		op := p.next()
		p.enter()
		x := p.parseUnary()
		p.leave()
		e = &ast.UnaryExpr{Span: span(op.Pos, x.End()), Op: op.Text, X: x}
	default:
		e = p.parseAtTimeZone(p.parsePostfix(p.parsePrimary()))
	}
	p.suppress = old
	return e
}

func (p *parser) parseAtTimeZone(x ast.Expr) ast.Expr {
	for p.isKw("AT") && p.peek(1).Is("TIME") {
		p.next()
		p.next()
		p.expectKw("ZONE")
		var zone ast.Expr
		if p.isKw("INTERVAL") {
			zone = p.parseInterval()
		} else {
			zone = p.parseStringLit()
		}
		x = &ast.AtTimeZone{Span: span(x.Pos(), zone.End()), X: x, Zone: zone}
	}
	return x
}

// parsePostfix parses .field and [index] after a primary.
func (p *parser) parsePostfix(x ast.Expr) ast.Expr {
	for {
		switch {
		case p.isOp(token.LBracket):
			p.next()
			idx := p.parseValue()
			p.expectOp(token.RBracket)
			x = &ast.Subscript{Span: span(x.Pos(), p.prevEnd()), Base: x, Index: idx}
		case p.isOp(token.Dot):
			if p.peek(1).Kind == token.Star && p.depth == p.itemDepth+1 {
				// name.* in a select item: left to parseSelectItem.
				return x
			}
			p.next()
			if p.depth == p.itemDepth+1 {
				p.isOp(token.Star)
			}
			f := p.parseIdent()
			x = &ast.Dereference{Span: span(x.Pos(), f.End()), Base: x, Field: f}
		default:
			return x
		}
	}
}

// parsePrimary parses a primary expression.
func (p *parser) parsePrimary() ast.Expr {
	old := p.special("<expression>")
	e := p.primary()
	p.suppress = old
	return e
}

func (p *parser) primary() ast.Expr {
	t := p.cur()
	switch t.Kind {
	case token.String:
		p.next()
		return &ast.StringLit{Span: span(t.Pos, t.End), Value: t.Value}
	case token.UnicodeString:
		return p.parseUnicodeString()
	case token.Binary:
		p.next()
		return p.binaryLiteral(t)
	case token.Integer, token.Decimal, token.Double:
		p.next()
		return &ast.NumberLit{Span: span(t.Pos, t.End), Text: t.Text, Kind: numberKind(t.Kind)}
	case token.Question:
		p.next()
		e := &ast.Parameter{Span: span(t.Pos, t.End), Index: p.params}
		p.params++
		return e
	case token.LParen:
		return p.parseParenExpr()
	case token.Ident:
		if e := p.keywordPrimary(t); e != nil {
			return e
		}
	}
	if !identLike(t) {
		p.fail()
	}
	return p.parseNamePrimary()
}

// binaryLiteral checks X'..' and returns it as a varbinary literal whose
// value is the upper-case hex digits.
func (p *parser) binaryLiteral(t token.Token) ast.Expr {
	hex := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			return -1
		}
		return r
	}, t.Value)
	hex = strings.ToUpper(hex)
	for i := 0; i < len(hex); i++ {
		if !isHexDigit(hex[i]) {
			p.errorAt(sqlerr.SyntaxError, t.Pos, "Binary literal can only contain hexadecimal digits")
			break
		}
	}
	if len(hex)%2 != 0 {
		p.errorAt(sqlerr.SyntaxError, t.Pos, "Binary literal must contain an even number of digits")
	}
	return &ast.TypedLit{Span: span(t.Pos, t.End), Type: "varbinary", Value: hex}
}

// keywordPrimary parses the primaries introduced by a keyword, or returns
// nil when t is to be read as an identifier.
func (p *parser) keywordPrimary(t token.Token) ast.Expr {
	next := p.peek(1)
	switch t.Value {
	case "NULL":
		p.next()
		return &ast.NullLit{Span: span(t.Pos, t.End)}
	case "TRUE", "FALSE":
		p.next()
		return &ast.BoolLit{Span: span(t.Pos, t.End), Value: t.Value == "TRUE"}
	case "CASE":
		return p.parseCase()
	case "CAST":
		return p.parseCast(false)
	case "TRY_CAST":
		if next.Kind == token.LParen {
			return p.parseCast(true)
		}
	case "EXISTS":
		p.next()
		p.expectOp(token.LParen)
		q := p.parseQuery()
		p.expectOp(token.RParen)
		return &ast.Exists{Span: span(t.Pos, p.prevEnd()), Subquery: q}
	case "ARRAY":
		if next.Kind == token.LBracket {
			p.next()
			p.next()
			a := &ast.ArrayExpr{}
			if !p.acceptOp(token.RBracket) {
				a.Elems = p.parseExprList()
				p.expectOp(token.RBracket)
			}
			a.Span = span(t.Pos, p.prevEnd())
			return a
		}
	case "ROW":
		if next.Kind == token.LParen {
			p.next()
			p.next()
			fields := p.parseExprList()
			p.expectOp(token.RParen)
			return &ast.RowExpr{Span: span(t.Pos, p.prevEnd()), Fields: fields}
		}
	case "INTERVAL":
		if isStringTok(next) || (next.Kind == token.Plus || next.Kind == token.Minus) && isStringTok(p.peek(2)) {
			return p.parseInterval()
		}
	case "DOUBLE":
		if next.Is("PRECISION") && isStringTok(p.peek(2)) {
			p.next()
			p.next()
			s := p.parseStringLit()
			return &ast.TypedLit{Span: span(t.Pos, s.End()), Type: "double", Value: s.Value}
		}
	case "POSITION":
		if next.Kind == token.LParen {
			return p.parsePosition()
		}
	case "SUBSTRING":
		if next.Kind == token.LParen {
			return p.parseSubstring()
		}
	case "TRIM":
		return p.parseTrim()
	case "EXTRACT":
		return p.parseExtract()
	case "NORMALIZE":
		return p.parseNormalize()
	case "GROUPING":
		return p.parseGrouping()
	case "LISTAGG":
		return p.parseListagg()
	case "CURRENT_DATE":
		p.next()
		return &ast.CurrentTime{Span: span(t.Pos, t.End), Name: t.Value, Precision: -1}
	case "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP":
		p.next()
		ct := &ast.CurrentTime{Name: t.Value, Precision: -1}
		if p.acceptOp(token.LParen) {
			ct.Precision = p.parseSmallInt()
			p.expectOp(token.RParen)
		}
		ct.Span = span(t.Pos, p.prevEnd())
		return ct
	case "CURRENT_USER", "CURRENT_CATALOG", "CURRENT_SCHEMA", "CURRENT_PATH":
		p.next()
		return &ast.Identifier{Span: span(t.Pos, t.End), Ident: &ast.Ident{Span: span(t.Pos, t.End), Name: strings.ToLower(t.Value)}}
	case "JSON_EXISTS", "JSON_VALUE", "JSON_QUERY", "JSON_OBJECT", "JSON_ARRAY":
		if next.Kind == token.LParen {
			p.notSupported(t.Pos, "%s is not supported", t.Value)
		}
	}
	return nil
}

// parseSmallInt parses an integer literal that must fit an int.
func (p *parser) parseSmallInt() int {
	p.record("<integer>")
	t := p.cur()
	if t.Kind != token.Integer {
		p.fail()
	}
	p.next()
	n, err := strconv.Atoi(strings.ReplaceAll(t.Text, "_", ""))
	if err != nil {
		p.failAt(sqlerr.SyntaxError, t.Pos, "Invalid numeric literal: %s", t.Text)
	}
	return n
}

// parseNamePrimary parses what starts with an identifier: a lambda x -> e,
// a typed literal such as DATE '2020-01-01', a function call, or a column
// reference with dereferences.
func (p *parser) parseNamePrimary() ast.Expr {
	t := p.cur()
	next := p.peek(1)
	if next.Kind == token.Arrow {
		id := p.identFrom(p.next())
		p.next()
		body := p.parseExpr()
		return &ast.Lambda{Span: span(t.Pos, body.End()), Params: []*ast.Ident{id}, Body: body}
	}
	if isStringTok(next) {
		id := p.identFrom(p.next())
		s := p.parseStringLit()
		name := id.Name
		if id.Quoted {
			name = strings.ToLower(name)
		}
		return &ast.TypedLit{Span: span(t.Pos, s.End()), Type: name, Value: s.Value}
	}
	parts := []*ast.Ident{p.identFrom(p.next())}
	for p.cur().Kind == token.Dot && identLike(p.peek(1)) {
		p.next()
		parts = append(parts, p.identFrom(p.next()))
	}
	if p.cur().Kind == token.LParen {
		name := &ast.QualifiedName{Span: span(t.Pos, p.prevEnd()), Parts: parts}
		return p.parseCall(name)
	}
	var e ast.Expr = &ast.Identifier{Span: parts[0].Span, Ident: parts[0]}
	for _, f := range parts[1:] {
		e = &ast.Dereference{Span: span(t.Pos, f.End()), Base: e, Field: f}
	}
	return e
}

func simpleName(t token.Token, name string) *ast.QualifiedName {
	return &ast.QualifiedName{Span: span(t.Pos, t.End), Parts: []*ast.Ident{{Span: span(t.Pos, t.End), Name: name}}}
}

// parseCall parses a function call after its name; the current token is '('.
func (p *parser) parseCall(name *ast.QualifiedName) ast.Expr {
	p.next()
	return p.finishCall(name, nil)
}

// finishCall parses the arguments of a call after its '('. A non-nil first
// is the first argument, already parsed.
func (p *parser) finishCall(name *ast.QualifiedName, first ast.Expr) ast.Expr {
	fc := &ast.FuncCall{Name: name}
	switch {
	case first != nil:
		fc.Args = []ast.Expr{first}
		for p.acceptOp(token.Comma) {
			fc.Args = append(fc.Args, p.parseExpr())
		}
		p.parseCallOrderBy(fc)
	case p.acceptOp(token.RParen):
	case p.acceptOp(token.Star):
		fc.Star = true
		p.expectOp(token.RParen)
	default:
		quantified := false
		if p.acceptKw("DISTINCT") {
			fc.Distinct, quantified = true, true
		} else if p.acceptQuantifierAll() {
			quantified = true
		}
		if quantified || !p.isKw("ORDER") {
			fc.Args = p.parseExprList()
		}
		p.parseCallOrderBy(fc)
	}
	p.parseCallSuffix(fc)
	fc.Span = span(name.Pos(), p.prevEnd())
	return fc
}

// parseCallOrderBy parses [ORDER BY ...] ')' at the end of the arguments.
func (p *parser) parseCallOrderBy(fc *ast.FuncCall) {
	if p.acceptKw("ORDER") {
		p.expectKw("BY")
		fc.OrderBy = p.parseSortItems()
	}
	p.expectOp(token.RParen)
}

// plainCallAhead reports whether the arguments after '(' start in a way
// only an ordinary call allows: ), *, DISTINCT, ALL or ORDER.
func (p *parser) plainCallAhead() bool {
	c := p.cur()
	return c.Kind == token.RParen || c.Kind == token.Star || c.Is("DISTINCT") || c.Is("ORDER") ||
		c.Is("ALL") && startsExpr(p.peek(1))
}

// firstArgFrom finishes the first argument of a call from its leading
// value expression.
func (p *parser) firstArgFrom(v ast.Expr) ast.Expr {
	return p.parseOrFrom(p.parsePredicate(v))
}

// parseCallSuffix parses [FILTER (WHERE ...)] [IGNORE|RESPECT NULLS] [OVER ...].
func (p *parser) parseCallSuffix(fc *ast.FuncCall) {
	if p.isKw("FILTER") && p.peek(1).Kind == token.LParen {
		p.next()
		p.next()
		p.expectKw("WHERE")
		fc.Filter = p.parseExpr()
		p.expectOp(token.RParen)
	}
	nullTreatment := false
	if (p.isKw("IGNORE") || p.isKw("RESPECT")) && p.peek(1).Is("NULLS") {
		fc.IgnoreNulls = p.next().Is("IGNORE")
		p.next()
		nullTreatment = true
	}
	if p.isKw("OVER") {
		n := p.peek(1)
		if nullTreatment || n.Kind == token.LParen || identLike(n) && !p.clauseAt(p.pos+1) {
			p.next()
			fc.Over = p.parseOver()
		}
	} else if nullTreatment {
		p.fail()
	}
}

// parseOver parses the window after OVER: a name or (specification).
func (p *parser) parseOver() *ast.WindowSpec {
	if !p.isOp(token.LParen) {
		id := p.parseIdent()
		return &ast.WindowSpec{Span: id.Span, Ref: id}
	}
	return p.parseWindowSpec()
}

// parseWindowSpec parses '(' [name] [PARTITION BY ...] [ORDER BY ...] [frame] ')'.
func (p *parser) parseWindowSpec() *ast.WindowSpec {
	open := p.expectOp(token.LParen)
	ws := &ast.WindowSpec{}
	if t := p.cur(); p.isIdent() && !(t.Is("PARTITION") && p.peek(1).Is("BY")) &&
		!((t.Is("ROWS") || t.Is("RANGE") || t.Is("GROUPS")) && p.peek(1).Kind != token.RParen) {
		ws.Ref = p.parseIdent()
	}
	if p.isKw("PARTITION") {
		p.next()
		p.expectKw("BY")
		ws.PartitionBy = p.parseExprList()
	}
	if p.acceptKw("ORDER") {
		p.expectKw("BY")
		ws.OrderBy = p.parseSortItems()
	}
	if p.isKw("ROWS") || p.isKw("RANGE") || p.isKw("GROUPS") {
		ws.Frame = p.parseFrame()
	}
	p.expectOp(token.RParen)
	ws.Span = span(open.Pos, p.prevEnd())
	return ws
}

func (p *parser) parseFrame() *ast.WindowFrame {
	unit := p.next()
	f := &ast.WindowFrame{Unit: unit.Value}
	if p.acceptKw("BETWEEN") {
		f.Start = p.parseFrameBound()
		p.expectKw("AND")
		f.End = p.parseFrameBound()
	} else {
		f.Start = p.parseFrameBound()
	}
	f.Span = span(unit.Pos, p.prevEnd())
	return f
}

func (p *parser) parseFrameBound() *ast.FrameBound {
	start := p.cur().Pos
	b := &ast.FrameBound{}
	switch {
	case p.acceptKw("UNBOUNDED"):
		if p.acceptKw("PRECEDING") {
			b.Kind = "UNBOUNDED PRECEDING"
		} else {
			p.expectKw("FOLLOWING")
			b.Kind = "UNBOUNDED FOLLOWING"
		}
	case p.isKw("CURRENT") && p.peek(1).Is("ROW"):
		p.next()
		p.next()
		b.Kind = "CURRENT ROW"
	default:
		b.Offset = p.parseExpr()
		if p.acceptKw("PRECEDING") {
			b.Kind = "PRECEDING"
		} else {
			p.expectKw("FOLLOWING")
			b.Kind = "FOLLOWING"
		}
	}
	b.Span = span(start, p.prevEnd())
	return b
}

// parseSortItems parses sortItem (',' sortItem)*.
func (p *parser) parseSortItems() []*ast.SortItem {
	var items []*ast.SortItem
	for {
		e := p.parseExpr()
		si := &ast.SortItem{Expr: e}
		if !p.acceptKw("ASC") && p.acceptKw("DESC") {
			si.Desc = true
		}
		if p.acceptKw("NULLS") {
			first := p.acceptKw("FIRST")
			if !first {
				p.expectKw("LAST")
			}
			si.NullsFirst = &first
		}
		si.Span = span(e.Pos(), p.prevEnd())
		items = append(items, si)
		if !p.acceptOp(token.Comma) {
			return items
		}
	}
}

// parseParenExpr parses what starts with '(': a lambda (x, y) -> e, a
// scalar subquery, a row constructor (a, b) or a parenthesised expression.
func (p *parser) parseParenExpr() ast.Expr {
	open := p.cur()
	if params, ok := p.lambdaParams(); ok {
		p.next() // ->
		body := p.parseExpr()
		return &ast.Lambda{Span: span(open.Pos, body.End()), Params: params, Body: body}
	}
	if p.parenStartsQuery(p.pos) {
		p.next()
		q := p.parseQuery()
		p.expectOp(token.RParen)
		return &ast.SubqueryExpr{Span: span(open.Pos, p.prevEnd()), Query: q}
	}
	p.next()
	e := p.parseExpr()
	if p.isOp(token.Comma) {
		fields := []ast.Expr{e}
		for p.acceptOp(token.Comma) {
			fields = append(fields, p.parseExpr())
		}
		p.expectOp(token.RParen)
		return &ast.RowExpr{Span: span(open.Pos, p.prevEnd()), Fields: fields}
	}
	p.expectOp(token.RParen)
	return e
}

// parenStartsQuery reports whether the '(' at token i opens a query rather
// than an expression or a relation: it is followed by a query keyword, or by
// further parentheses whose closing ')' is followed by ')' or by what can
// only continue a query (UNION, ORDER BY, LIMIT, ...). The answer for every
// '(' on the way is remembered, so deep nesting costs linear time.
func (p *parser) parenStartsQuery(i int) bool {
	if p.queryParen == nil {
		p.queryParen = make(map[int]bool)
	}
	if v, ok := p.queryParen[i]; ok {
		return v
	}
	var chain []int
	result := false
	for {
		if v, ok := p.queryParen[i]; ok {
			result = v
			break
		}
		chain = append(chain, i)
		n := p.tokAt(i + 1)
		if isQueryStart(n) {
			result = true
			break
		}
		if n.Kind != token.LParen {
			break
		}
		if j := p.matchParen(i + 1); j >= 0 {
			if after := p.tokAt(j + 1); after.Kind != token.RParen && !continuesQuery(after) {
				break
			}
		}
		i++
	}
	for _, k := range chain {
		p.queryParen[k] = result
	}
	return result
}

// continuesQuery reports whether t can follow a parenthesised query body
// but not a parenthesised expression or relation.
func continuesQuery(t token.Token) bool {
	if t.Kind != token.Ident {
		return false
	}
	switch t.Value {
	case "UNION", "INTERSECT", "EXCEPT", "ORDER", "LIMIT", "OFFSET", "FETCH":
		return true
	}
	return false
}

// matchParen returns the index of the ')' that closes the '(' at token i,
// or -1 when it is not closed.
func (p *parser) matchParen(i int) int {
	if p.match == nil {
		p.match = make([]int, len(p.toks))
		var stack []int
		for k, t := range p.toks {
			p.match[k] = -1
			switch t.Kind {
			case token.LParen:
				stack = append(stack, k)
			case token.RParen:
				if n := len(stack); n > 0 {
					p.match[stack[n-1]] = k
					stack = stack[:n-1]
				}
			}
		}
	}
	if i < 0 || i >= len(p.match) {
		return -1
	}
	return p.match[i]
}

// lambdaParams recognises "(a, b) ->" or "() ->" at the current '(' and
// consumes the parameter list, leaving the arrow.
func (p *parser) lambdaParams() ([]*ast.Ident, bool) {
	i := p.pos + 1
	var toks []token.Token
	if p.tokAt(i).Kind != token.RParen {
		for {
			t := p.tokAt(i)
			if !identLike(t) {
				return nil, false
			}
			toks = append(toks, t)
			i++
			if p.tokAt(i).Kind == token.Comma {
				i++
				continue
			}
			break
		}
		if p.tokAt(i).Kind != token.RParen {
			return nil, false
		}
	}
	if p.tokAt(i+1).Kind != token.Arrow {
		return nil, false
	}
	params := make([]*ast.Ident, len(toks))
	for j, t := range toks {
		params[j] = p.identFrom(t)
	}
	p.pos = i + 1
	return params, true
}

func (p *parser) parseCase() ast.Expr {
	t := p.next()
	c := &ast.Case{}
	if !p.isKw("WHEN") {
		c.Operand = p.parseExpr()
	}
	for {
		w := p.expectKw("WHEN")
		cond := p.parseExpr()
		p.expectKw("THEN")
		res := p.parseExpr()
		c.Whens = append(c.Whens, &ast.When{Span: span(w.Pos, res.End()), Cond: cond, Result: res})
		if !p.isKw("WHEN") {
			break
		}
	}
	if p.acceptKw("ELSE") {
		c.Else = p.parseExpr()
	}
	p.expectKw("END")
	c.Span = span(t.Pos, p.prevEnd())
	return c
}

func (p *parser) parseCast(try bool) ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	x := p.parseExpr()
	p.expectKw("AS")
	typ := p.parseType(false)
	p.expectOp(token.RParen)
	return &ast.Cast{Span: span(t.Pos, p.prevEnd()), X: x, Type: typ, Try: try}
}

// parseType reads a type by its extent, balanced over () and <>, up to a
// ',' or ')' at depth zero (and COMMENT in DDL), and resolves it with
// types.Parse, which reads both Trino and Hive spellings.
func (p *parser) parseType(ddl bool) *ast.TypeName {
	p.record("<type>")
	start := p.pos
	depth := 0
loop:
	for {
		t := p.cur()
		switch t.Kind {
		case token.EOF, token.Semicolon:
			break loop
		case token.LParen, token.Lt:
			depth++
		case token.RParen, token.Gt:
			if depth == 0 {
				break loop
			}
			depth--
		case token.Comma:
			if depth == 0 {
				break loop
			}
		case token.Ident:
			if ddl && depth == 0 && t.Is("COMMENT") && p.pos > start {
				break loop
			}
		}
		p.next()
	}
	if p.pos == start {
		p.fail()
	}
	from, to := p.toks[start].Pos, p.prevEnd()
	text := p.src[from:to]
	tn := &ast.TypeName{Span: span(from, to), Text: text}
	typ, err := types.Parse(text)
	if err != nil {
		var pe *types.ParseError
		switch {
		case errors.As(err, &pe) && strings.HasPrefix(pe.Msg, "unknown type"):
			p.errorAt(sqlerr.SyntaxError, from+pe.Offset, "Unknown type: %s", text)
		case pe != nil:
			p.errorAt(sqlerr.SyntaxError, from+pe.Offset, "invalid type %s: %s", text, pe.Msg)
		default:
			p.errorAt(sqlerr.SyntaxError, from, "invalid type %s: %v", text, err)
		}
	}
	tn.Type = typ
	return tn
}

// parseInterval parses INTERVAL [+|-] 'value' field [TO field].
func (p *parser) parseInterval() *ast.IntervalLit {
	t := p.expectKw("INTERVAL")
	iv := &ast.IntervalLit{}
	if p.acceptOp(token.Minus) {
		iv.Negative = true
	} else {
		p.acceptOp(token.Plus)
	}
	iv.Value = p.parseString()
	iv.From = p.parseIntervalField()
	if p.acceptKw("TO") {
		iv.To = p.parseIntervalField()
	}
	iv.Span = span(t.Pos, p.prevEnd())
	return iv
}

var intervalFields = []string{"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}

func (p *parser) parseIntervalField() string {
	for _, f := range intervalFields {
		if p.acceptKw(f) {
			return f
		}
	}
	p.fail()
	return ""
}

// parsePosition parses position(a IN b) as strpos(b, a), or an ordinary
// call of position.
func (p *parser) parsePosition() ast.Expr {
	t := p.next()
	p.next()
	name := simpleName(t, "position")
	if p.plainCallAhead() {
		return p.finishCall(name, nil)
	}
	needle := p.parseValue()
	if !p.acceptKw("IN") {
		return p.finishCall(name, p.firstArgFrom(needle))
	}
	hay := p.parseValue()
	p.expectOp(token.RParen)
	return &ast.FuncCall{Span: span(t.Pos, p.prevEnd()), Name: simpleName(t, "strpos"), Args: []ast.Expr{hay, needle}}
}

// parseSubstring parses substring(s FROM a [FOR b]) as substring(s, a[, b]),
// or an ordinary call of substring.
func (p *parser) parseSubstring() ast.Expr {
	t := p.next()
	p.next()
	name := simpleName(t, "substring")
	if p.plainCallAhead() {
		return p.finishCall(name, nil)
	}
	str := p.parseValue()
	if !p.acceptKw("FROM") {
		return p.finishCall(name, p.firstArgFrom(str))
	}
	args := []ast.Expr{str, p.parseValue()}
	if p.acceptKw("FOR") {
		args = append(args, p.parseValue())
	}
	p.expectOp(token.RParen)
	return &ast.FuncCall{Span: span(t.Pos, p.prevEnd()), Name: name, Args: args}
}

// parseTrim parses TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) and
// TRIM(s, chars) as trim, ltrim or rtrim (s[, chars]).
func (p *parser) parseTrim() ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	fn := "trim"
	specified := false
	if c := p.cur(); (c.Is("BOTH") || c.Is("LEADING") || c.Is("TRAILING")) &&
		p.peek(1).Kind != token.RParen && p.peek(1).Kind != token.Comma {
		switch c.Value {
		case "LEADING":
			fn = "ltrim"
		case "TRAILING":
			fn = "rtrim"
		}
		p.next()
		specified = true
	} else {
		p.isKw("BOTH")
		p.isKw("LEADING")
		p.isKw("TRAILING")
	}
	var src, chars ast.Expr
	if specified && p.acceptKw("FROM") {
		src = p.parseValue()
	} else {
		v := p.parseValue()
		switch {
		case p.acceptKw("FROM"):
			chars, src = v, p.parseValue()
		case !specified && p.acceptOp(token.Comma):
			src, chars = v, p.parseValue()
		default:
			if specified {
				p.expectKw("FROM")
			}
			src = v
		}
	}
	p.expectOp(token.RParen)
	args := []ast.Expr{src}
	if chars != nil {
		args = append(args, chars)
	}
	return &ast.FuncCall{Span: span(t.Pos, p.prevEnd()), Name: simpleName(t, fn), Args: args}
}

var extractFields = map[string]bool{
	"YEAR": true, "QUARTER": true, "MONTH": true, "WEEK": true, "DAY": true, "DAY_OF_MONTH": true,
	"DAY_OF_WEEK": true, "DOW": true, "DAY_OF_YEAR": true, "DOY": true, "YEAR_OF_WEEK": true,
	"YOW": true, "HOUR": true, "MINUTE": true, "SECOND": true, "TIMEZONE_HOUR": true, "TIMEZONE_MINUTE": true,
}

func (p *parser) parseExtract() ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	f := p.parseIdent()
	field := strings.ToUpper(f.Name)
	if !extractFields[field] {
		p.errorAt(sqlerr.SyntaxError, f.Pos(), "Invalid EXTRACT field: %s", f.Name)
	}
	p.expectKw("FROM")
	x := p.parseValue()
	p.expectOp(token.RParen)
	return &ast.Extract{Span: span(t.Pos, p.prevEnd()), Field: field, X: x}
}

// parseNormalize parses NORMALIZE(s [, NFC|NFD|NFKC|NFKD]) as
// normalize(s, 'form').
func (p *parser) parseNormalize() ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	s := p.parseValue()
	form := &ast.StringLit{Value: "NFC"}
	if p.acceptOp(token.Comma) {
		ft := p.cur()
		ok := false
		for _, f := range []string{"NFD", "NFC", "NFKD", "NFKC"} {
			if p.isKw(f) {
				ok = true
			}
		}
		if !ok {
			p.fail()
		}
		p.next()
		form = &ast.StringLit{Span: span(ft.Pos, ft.End), Value: ft.Value}
	}
	p.expectOp(token.RParen)
	if form.To == 0 {
		form.Span = span(p.prevEnd(), p.prevEnd())
	}
	return &ast.FuncCall{Span: span(t.Pos, p.prevEnd()), Name: simpleName(t, "normalize"), Args: []ast.Expr{s, form}}
}

// parseGrouping parses GROUPING(name, ...) as a call of grouping.
func (p *parser) parseGrouping() ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	fc := &ast.FuncCall{Name: simpleName(t, "grouping")}
	if !p.acceptOp(token.RParen) {
		for {
			qn := p.parseQualifiedName()
			var e ast.Expr = &ast.Identifier{Span: qn.Parts[0].Span, Ident: qn.Parts[0]}
			for _, f := range qn.Parts[1:] {
				e = &ast.Dereference{Span: span(qn.Pos(), f.End()), Base: e, Field: f}
			}
			fc.Args = append(fc.Args, e)
			if !p.acceptOp(token.Comma) {
				break
			}
		}
		p.expectOp(token.RParen)
	}
	fc.Span = span(t.Pos, p.prevEnd())
	return fc
}

// parseListagg parses LISTAGG([DISTINCT|ALL] x [, 'sep'] [ON OVERFLOW ERROR])
// WITHIN GROUP (ORDER BY ...) [FILTER (WHERE ...)] as listagg(x[, 'sep'])
// with the order in OrderBy.
func (p *parser) parseListagg() ast.Expr {
	t := p.next()
	p.expectOp(token.LParen)
	fc := &ast.FuncCall{Name: simpleName(t, "listagg")}
	if p.acceptKw("DISTINCT") {
		fc.Distinct = true
	} else {
		p.acceptKw("ALL")
	}
	fc.Args = []ast.Expr{p.parseExpr()}
	if p.acceptOp(token.Comma) {
		fc.Args = append(fc.Args, p.parseStringLit())
	}
	if p.acceptKw("ON") {
		p.expectKw("OVERFLOW")
		if !p.acceptKw("ERROR") {
			tt := p.expectKw("TRUNCATE")
			p.notSupported(tt.Pos, "LISTAGG ON OVERFLOW TRUNCATE is not supported")
		}
	}
	p.expectOp(token.RParen)
	p.expectKw("WITHIN")
	p.expectKw("GROUP")
	p.expectOp(token.LParen)
	p.expectKw("ORDER")
	p.expectKw("BY")
	fc.OrderBy = p.parseSortItems()
	p.expectOp(token.RParen)
	if p.isKw("FILTER") && p.peek(1).Kind == token.LParen {
		p.next()
		p.next()
		p.expectKw("WHERE")
		fc.Filter = p.parseExpr()
		p.expectOp(token.RParen)
	}
	fc.Span = span(t.Pos, p.prevEnd())
	return fc
}
