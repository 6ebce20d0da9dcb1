package parser

import (
	"fmt"
	"sort"
	"strings"

	"trawl/internal/sql/ast"
	"trawl/internal/sql/token"
	"trawl/internal/sqlerr"
)

// maxErrors is how many errors one call reports at most.
const maxErrors = 10

// maxDepth bounds the nesting of expressions, queries and relations, so a
// pathological statement yields an error instead of exhausting the stack.
const maxDepth = 1000

// Stmt is one statement of a script.
type Stmt struct {
	Node   ast.Statement
	SQL    string // this statement's text, without the terminating ';'
	Offset int    // byte offset of SQL in the script
}

// ParseStatements splits src on top-level semicolons and parses each
// statement. Empty statements are ignored. Node offsets are offsets in src.
// On error it returns a *sqlerr.Error, or a sqlerr.List when several
// statements fail (at most 10 errors, sorted by position).
func ParseStatements(src string) ([]Stmt, error) {
	toks := token.Lex(src)
	var out []Stmt
	var errs sqlerr.List
	start := 0
	for i := range toks {
		t := toks[i]
		if t.Kind != token.Semicolon && t.Kind != token.EOF {
			continue
		}
		if i > start {
			seg := toks[start : i+1]
			seg[len(seg)-1] = token.Token{Kind: token.EOF, Pos: t.Pos, End: t.Pos}
			p := newParser(src, seg)
			node, perrs := p.run(func() ast.Node { return p.parseStatement() })
			if len(perrs) > 0 {
				errs = append(errs, perrs...)
			} else {
				from, to := seg[0].Pos, seg[len(seg)-2].End
				out = append(out, Stmt{Node: node.(ast.Statement), SQL: src[from:to], Offset: from})
			}
		}
		start = i + 1
	}
	if len(errs) > 0 {
		return nil, finish(errs)
	}
	return out, nil
}

// Split cuts src into its statements at top-level semicolons without
// parsing them (strings, quoted identifiers and comments are respected);
// empty statements are dropped. It is for clients that hand each
// statement to a server, which reports the statement's own errors.
func Split(src string) []Stmt {
	toks := token.Lex(src)
	var out []Stmt
	start := 0
	for i, t := range toks {
		if t.Kind != token.Semicolon && t.Kind != token.EOF {
			continue
		}
		if i > start {
			from, to := toks[start].Pos, toks[i-1].End
			out = append(out, Stmt{SQL: src[from:to], Offset: from})
		}
		start = i + 1
	}
	return out
}

// ParseStatement parses exactly one statement; a trailing ';' is allowed.
func ParseStatement(src string) (ast.Statement, error) {
	toks := token.Lex(src)
	if n := len(toks); n >= 2 && toks[n-2].Kind == token.Semicolon {
		semi := toks[n-2]
		toks = toks[:n-1]
		toks[n-2] = token.Token{Kind: token.EOF, Pos: semi.Pos, End: semi.Pos}
	}
	p := newParser(src, toks)
	node, errs := p.run(func() ast.Node { return p.parseStatement() })
	if len(errs) > 0 {
		return nil, finish(errs)
	}
	return node.(ast.Statement), nil
}

// ParseExpression parses one scalar expression.
func ParseExpression(src string) (ast.Expr, error) {
	p := newParser(src, token.Lex(src))
	node, errs := p.run(func() ast.Node {
		e := p.parseExpr()
		p.expectEOF()
		return e
	})
	if len(errs) > 0 {
		return nil, finish(errs)
	}
	return node.(ast.Expr), nil
}

func finish(errs sqlerr.List) error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Offset < errs[j].Offset })
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs
}

// bailout is the panic value that abandons the current statement.
type bailout struct{}

type expectation struct {
	label string
	quote bool // a literal token: shown as 'LABEL'
}

type parser struct {
	src    string
	toks   []token.Token // the statement's tokens; the last one is EOF
	pos    int
	params int // next parameter index
	depth  int

	// Expected alternatives at the furthest token reached, as Trino's
	// ErrorHandler reports them. A rule with a special name (<expression>,
	// <query>, ...) records that name once and suppresses the tokens it
	// would try at the same position.
	expPos   int
	expected []expectation
	suppress int

	// itemDepth is the expression depth of the select item being parsed,
	// where name.* is possible; -1 outside select items.
	itemDepth int

	match      []int        // matching ')' of each '(' (built on demand)
	queryParen map[int]bool // parenStartsQuery answers by token index

	errs  sqlerr.List   // errors that do not stop parsing
	fatal *sqlerr.Error // the error that stopped parsing, when not a syntax error
}

func newParser(src string, toks []token.Token) *parser {
	return &parser{src: src, toks: toks, expPos: -1, suppress: -1, itemDepth: -1}
}

// run calls f, turning a bailout into the statement's errors.
func (p *parser) run(f func() ast.Node) (node ast.Node, errs sqlerr.List) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			node = nil
			errs = append(p.errs, p.stopError())
		}
	}()
	node = f()
	return node, p.errs
}

// stopError is the error that stopped parsing.
func (p *parser) stopError() *sqlerr.Error {
	if p.fatal != nil {
		return p.fatal
	}
	i := p.pos
	if p.expPos >= i && p.expPos < len(p.toks) {
		i = p.expPos
	}
	tok := p.toks[i]
	msg := fmt.Sprintf("mismatched input '%s'", tok.Display())
	if i == p.expPos && len(p.expected) > 0 {
		seen := make(map[string]bool, len(p.expected))
		labels := make([]string, 0, len(p.expected))
		for _, e := range p.expected {
			l := e.label
			if e.quote {
				l = "'" + l + "'"
			}
			if !seen[l] {
				seen[l] = true
				labels = append(labels, l)
			}
		}
		sort.Strings(labels)
		msg += ". Expecting: " + strings.Join(labels, ", ")
	}
	return sqlerr.At(sqlerr.SyntaxError, p.src, tok.Pos, "%s", msg)
}

// ------------------------------------------------------------ token access

func (p *parser) cur() token.Token { return p.toks[p.pos] }

// peek returns the token n places ahead (the EOF token past the end).
func (p *parser) peek(n int) token.Token {
	if i := p.pos + n; i < len(p.toks) {
		return p.toks[i]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) tokAt(i int) token.Token {
	if i < len(p.toks) {
		return p.toks[i]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token.Token {
	t := p.toks[p.pos]
	if t.Kind != token.EOF {
		p.pos++
	}
	return t
}

// prevEnd is the end offset of the last consumed token.
func (p *parser) prevEnd() int {
	if p.pos == 0 {
		return p.toks[0].Pos
	}
	return p.toks[p.pos-1].End
}

// ---------------------------------------------------------- expectations

func (p *parser) recordExp(e expectation) {
	if p.pos < p.expPos || p.pos == p.suppress {
		return
	}
	if p.pos > p.expPos {
		p.expPos = p.pos
		p.expected = p.expected[:0]
	}
	p.expected = append(p.expected, e)
}

// record notes a rule name (such as "<identifier>") tried here.
func (p *parser) record(label string) { p.recordExp(expectation{label: label}) }

// special enters a rule Trino reports by name: it records the name and
// suppresses the tokens tried at the same position. The caller restores
// p.suppress to the returned value when the rule is done.
func (p *parser) special(label string) int {
	old := p.suppress
	p.record(label)
	p.suppress = p.pos
	return old
}

// isKw reports whether the current token is the unquoted keyword kw,
// recording it as expected.
func (p *parser) isKw(kw string) bool {
	p.recordExp(expectation{label: kw, quote: true})
	return p.toks[p.pos].Is(kw)
}

func (p *parser) acceptKw(kw string) bool {
	if p.isKw(kw) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expectKw(kw string) token.Token {
	if !p.isKw(kw) {
		p.fail()
	}
	return p.next()
}

// opLabels are the operators' spellings by kind.
var opLabels = func() (l [token.Colon + 1]string) {
	for k := token.Eq; k <= token.Colon; k++ {
		l[k] = k.String()
	}
	return l
}()

// isOp reports whether the current token is of kind k, recording it.
func (p *parser) isOp(k token.Kind) bool {
	p.recordExp(expectation{label: opLabels[k], quote: true})
	return p.toks[p.pos].Kind == k
}

func (p *parser) acceptOp(k token.Kind) bool {
	if p.isOp(k) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expectOp(k token.Kind) token.Token {
	if !p.isOp(k) {
		p.fail()
	}
	return p.next()
}

func (p *parser) expectEOF() {
	p.record("<EOF>")
	if p.cur().Kind != token.EOF {
		p.fail()
	}
}

// ------------------------------------------------------------------ errors

// fail abandons the statement with a syntax error at the furthest token.
func (p *parser) fail() {
	panic(bailout{})
}

// failAt abandons the statement with the given error.
func (p *parser) failAt(code sqlerr.Code, off int, format string, args ...any) {
	p.fatal = sqlerr.At(code, p.src, off, format, args...)
	panic(bailout{})
}

// errorAt records an error and goes on parsing.
func (p *parser) errorAt(code sqlerr.Code, off int, format string, args ...any) {
	p.errs = append(p.errs, sqlerr.At(code, p.src, off, format, args...))
}

func (p *parser) notSupported(off int, format string, args ...any) {
	p.failAt(sqlerr.NotSupported, off, format, args...)
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failAt(sqlerr.SyntaxError, p.toks[0].Pos, "statement is too large (stack overflow while parsing)")
	}
}

func (p *parser) leave() { p.depth-- }

// ------------------------------------------------------------- identifiers

// identLike reports whether t can be used as an identifier.
func identLike(t token.Token) bool {
	switch t.Kind {
	case token.Ident:
		return !token.IsReserved(t.Value)
	case token.QuotedIdent, token.BackquotedIdent, token.DigitIdent:
		return true
	}
	return false
}

// isIdent reports whether the current token is an identifier, recording
// <identifier> as expected.
func (p *parser) isIdent() bool {
	p.record("<identifier>")
	return identLike(p.cur())
}

func (p *parser) parseIdent() *ast.Ident {
	if !p.isIdent() {
		p.fail()
	}
	return p.identFrom(p.next())
}

// identFrom builds an identifier from an identifier-like token.
func (p *parser) identFrom(t token.Token) *ast.Ident {
	id := &ast.Ident{Span: ast.Span{From: t.Pos, To: t.End}}
	switch t.Kind {
	case token.QuotedIdent, token.BackquotedIdent:
		id.Name, id.Quoted = t.Value, true
		if t.Value == "" {
			p.errorAt(sqlerr.SyntaxError, t.Pos, "Zero-length delimited identifier not allowed")
		}
	case token.DigitIdent:
		id.Name = strings.ToLower(t.Text)
		p.errorAt(sqlerr.SyntaxError, t.Pos, "identifiers must not start with a digit; surround the identifier with double quotes")
	default:
		id.Name = strings.ToLower(t.Text)
	}
	return id
}

func (p *parser) parseQualifiedName() *ast.QualifiedName {
	first := p.parseIdent()
	qn := &ast.QualifiedName{Parts: []*ast.Ident{first}}
	for p.acceptOp(token.Dot) {
		qn.Parts = append(qn.Parts, p.parseIdent())
	}
	qn.Span = ast.Span{From: first.From, To: p.prevEnd()}
	return qn
}

// parseIdentList parses '(' identifier (',' identifier)* ')'.
func (p *parser) parseIdentList() []*ast.Ident {
	p.expectOp(token.LParen)
	var ids []*ast.Ident
	for {
		ids = append(ids, p.parseIdent())
		if !p.acceptOp(token.Comma) {
			break
		}
	}
	p.expectOp(token.RParen)
	return ids
}

// ------------------------------------------------------------------ strings

// parseString parses a string literal ('...' or U&'...') and returns its
// value.
func (p *parser) parseString() string {
	p.record("<string>")
	t := p.cur()
	switch t.Kind {
	case token.String:
		p.next()
		return t.Value
	case token.UnicodeString:
		return p.parseUnicodeString().Value
	}
	p.fail()
	return ""
}

func isStringTok(t token.Token) bool {
	return t.Kind == token.String || t.Kind == token.UnicodeString
}

// parseStringLit parses a string literal as an expression.
func (p *parser) parseStringLit() *ast.StringLit {
	p.record("<string>")
	t := p.cur()
	switch t.Kind {
	case token.String:
		p.next()
		return &ast.StringLit{Span: ast.Span{From: t.Pos, To: t.End}, Value: t.Value}
	case token.UnicodeString:
		return p.parseUnicodeString()
	}
	p.fail()
	return nil
}

// parseUnicodeString parses U&'...' [UESCAPE 'c'] and resolves its escapes.
func (p *parser) parseUnicodeString() *ast.StringLit {
	t := p.next()
	esc := byte('\\')
	if p.acceptKw("UESCAPE") {
		et := p.cur()
		if et.Kind != token.String {
			p.record("<string>")
			p.fail()
		}
		p.next()
		if len(et.Value) != 1 || isHexDigit(et.Value[0]) || strings.ContainsRune("+\"' \t\r\n", rune(et.Value[0])) {
			p.failAt(sqlerr.SyntaxError, et.Pos, "Invalid Unicode escape character: %s", et.Value)
		}
		esc = et.Value[0]
	}
	val, off, msg := decodeUnicode(t.Value, esc)
	if msg != "" {
		// t.Value may differ from the source by collapsed quotes; point at
		// the literal when the offset cannot be mapped exactly.
		pos := t.Pos + 3 + off
		if strings.Contains(t.Text[3:], "''") {
			pos = t.Pos
		}
		p.errorAt(sqlerr.SyntaxError, pos, "%s", msg)
	}
	return &ast.StringLit{Span: ast.Span{From: t.Pos, To: p.prevEnd()}, Value: val}
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// decodeUnicode resolves the escapes of the body of a U&'...' literal: esc esc is esc,
// esc XXXX and esc + XXXXXX are code points.
func decodeUnicode(s string, esc byte) (string, int, string) {
	if strings.IndexByte(s, esc) < 0 {
		return s, 0, ""
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != esc {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(s) && s[i+1] == esc {
			b.WriteByte(esc)
			i++
			continue
		}
		n, j := 4, i+1
		if j < len(s) && s[j] == '+' {
			n, j = 6, j+1
		}
		if j+n > len(s) {
			return "", i, fmt.Sprintf("Incomplete escape sequence: %s", s[i:])
		}
		var cp rune
		for k := j; k < j+n; k++ {
			d := s[k]
			if !isHexDigit(d) {
				return "", i, fmt.Sprintf("Invalid hexadecimal digit: %c", d)
			}
			cp = cp*16 + rune(hexVal(d))
		}
		if cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF {
			return "", i, fmt.Sprintf("Invalid escaped character: %s", s[i:j+n])
		}
		b.WriteRune(cp)
		i = j + n - 1
	}
	return b.String(), 0, ""
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}
