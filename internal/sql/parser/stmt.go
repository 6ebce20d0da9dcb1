package parser

import (
	"strings"

	"trawl/internal/sql/ast"
	"trawl/internal/sql/token"
)

// parseStatement parses one statement followed by the end of input.
func (p *parser) parseStatement() ast.Statement {
	s := p.statement()
	p.expectEOF()
	return s
}

// unsupportedStatements are statements of Trino or Athena that trawl
// recognises but does not run.
var unsupportedStatements = map[string]bool{
	"INSERT": true, "DELETE": true, "UPDATE": true, "MERGE": true, "PREPARE": true, "EXECUTE": true,
	"DEALLOCATE": true, "CALL": true, "GRANT": true, "REVOKE": true, "DENY": true, "SET": true,
	"RESET": true, "START": true, "COMMIT": true, "ROLLBACK": true, "UNLOAD": true, "VACUUM": true,
	"OPTIMIZE": true, "ANALYZE": true, "COMMENT": true, "REFRESH": true, "TRUNCATE": true, "LOAD": true,
}

func (p *parser) statement() ast.Statement {
	t := p.cur()
	switch {
	case p.isKw("ALTER"):
		return p.parseAlter()
	case p.isKw("CREATE"):
		return p.parseCreate()
	case p.isKw("DESC"), p.isKw("DESCRIBE"):
		return p.parseDescribe()
	case p.isKw("DROP"):
		return p.parseDrop()
	case p.isKw("EXPLAIN"):
		return p.parseExplain()
	case p.isKw("MSCK"):
		p.next()
		p.expectKw("REPAIR")
		p.expectKw("TABLE")
		name := p.parseQualifiedName()
		return &ast.MsckRepair{Span: span(t.Pos, name.End()), Name: name}
	case p.isKw("SHOW"):
		return p.parseShow()
	case p.isKw("USE"):
		p.next()
		name := p.parseIdent()
		qn := &ast.QualifiedName{Parts: []*ast.Ident{name}}
		if p.acceptOp(token.Dot) {
			qn.Parts = append(qn.Parts, p.parseIdent())
		}
		qn.Span = span(name.Pos(), p.prevEnd())
		return &ast.Use{Span: span(t.Pos, p.prevEnd()), Name: qn}
	case isQueryStart(t) || t.Kind == token.LParen:
		q := p.parseQuery()
		return &ast.QueryStmt{Span: q.Span, Query: q}
	case t.Kind == token.Ident && unsupportedStatements[t.Value]:
		p.notSupported(t.Pos, "%s statements are not supported", t.Value)
	}
	p.record("<query>")
	p.fail()
	return nil
}

func (p *parser) parseExplain() ast.Statement {
	t := p.next()
	e := &ast.Explain{}
	if p.acceptKw("ANALYZE") {
		e.Analyze = true
		p.acceptKw("VERBOSE")
	}
	if p.isOp(token.LParen) && (p.peek(1).Is("TYPE") || p.peek(1).Is("FORMAT")) {
		p.next()
		for {
			switch {
			case p.acceptKw("TYPE"):
				e.Type = p.oneOf("LOGICAL", "DISTRIBUTED", "VALIDATE", "IO")
			case p.acceptKw("FORMAT"):
				e.Format = p.oneOf("TEXT", "GRAPHVIZ", "JSON")
			default:
				p.fail()
			}
			if !p.acceptOp(token.Comma) {
				break
			}
		}
		p.expectOp(token.RParen)
	}
	e.Stmt = p.statement()
	e.Span = span(t.Pos, p.prevEnd())
	return e
}

// oneOf accepts one of the keywords and returns it.
func (p *parser) oneOf(kws ...string) string {
	for _, kw := range kws {
		if p.acceptKw(kw) {
			return kw
		}
	}
	p.fail()
	return ""
}

func (p *parser) parseIfExists() bool {
	if p.isKw("IF") && p.peek(1).Is("EXISTS") {
		p.next()
		p.next()
		return true
	}
	return false
}

func (p *parser) parseIfNotExists() bool {
	if p.isKw("IF") && p.peek(1).Is("NOT") {
		p.next()
		p.next()
		p.expectKw("EXISTS")
		return true
	}
	return false
}

// ------------------------------------------------------------------ CREATE

func (p *parser) parseCreate() ast.Statement {
	t := p.next()
	switch {
	case p.isKw("DATABASE"), p.isKw("SCHEMA"):
		p.next()
		return p.parseCreateDatabase(t)
	case p.acceptKw("EXTERNAL"):
		p.expectKw("TABLE")
		return p.parseCreateTable(t, true)
	case p.acceptKw("TABLE"):
		return p.parseCreateTable(t, false)
	case p.acceptKw("OR"):
		p.expectKw("REPLACE")
		p.expectKw("VIEW")
		return p.parseCreateView(t, true)
	case p.acceptKw("VIEW"):
		return p.parseCreateView(t, false)
	}
	p.fail()
	return nil
}

func (p *parser) parseCreateDatabase(t token.Token) ast.Statement {
	c := &ast.CreateDatabase{IfNotExists: p.parseIfNotExists()}
	c.Name = p.parseIdent()
	var seenComment, seenLocation, seenProps bool
	for {
		switch {
		case !seenComment && p.acceptKw("COMMENT"):
			c.Comment, seenComment = p.parseDDLString(), true
		case !seenLocation && p.acceptKw("LOCATION"):
			c.Location, seenLocation = p.parseDDLString(), true
		case !seenProps && p.acceptKw("WITH"):
			p.expectKw("DBPROPERTIES")
			c.Properties, seenProps = p.parseProperties(), true
		default:
			c.Span = span(t.Pos, p.prevEnd())
			return c
		}
	}
}

func (p *parser) parseCreateView(t token.Token, orReplace bool) ast.Statement {
	v := &ast.CreateView{OrReplace: orReplace}
	v.Name = p.parseQualifiedName()
	if p.acceptKw("COMMENT") {
		p.parseString()
	}
	if p.acceptKw("SECURITY") {
		p.oneOf("DEFINER", "INVOKER")
	}
	p.expectKw("AS")
	v.Query = p.parseQuery()
	v.SQL = p.src[v.Query.Pos():v.Query.End()]
	v.Span = span(t.Pos, p.prevEnd())
	return v
}

func (p *parser) parseCreateTable(t token.Token, external bool) ast.Statement {
	c := &ast.CreateTable{External: external, IfNotExists: p.parseIfNotExists()}
	c.Name = p.parseQualifiedName()
	if p.isKw("AS") || p.isKw("WITH") {
		p.notSupported(p.cur().Pos, "CREATE TABLE AS is not supported")
	}
	p.expectOp(token.LParen)
	c.Columns = p.parseColumnDefs()
	p.expectOp(token.RParen)
	seen := map[string]bool{}
	clause := func(kw string) bool {
		if seen[kw] || !p.isKw(kw) {
			return false
		}
		seen[kw] = true
		p.next()
		return true
	}
	for {
		switch {
		case clause("COMMENT"):
			c.Comment = p.parseDDLString()
		case clause("PARTITIONED"):
			p.expectKw("BY")
			p.expectOp(token.LParen)
			c.PartitionedBy = p.parseColumnDefs()
			p.expectOp(token.RParen)
		case clause("CLUSTERED"):
			// Bucketing only affects how data was written; parsed and ignored.
			p.expectKw("BY")
			p.parseIdentList()
			if p.acceptKw("SORTED") {
				p.expectKw("BY")
				p.expectOp(token.LParen)
				for {
					p.parseIdent()
					if !p.acceptKw("ASC") {
						p.acceptKw("DESC")
					}
					if !p.acceptOp(token.Comma) {
						break
					}
				}
				p.expectOp(token.RParen)
			}
			p.expectKw("INTO")
			p.parseRowCount()
			p.expectKw("BUCKETS")
		case clause("ROW"):
			p.expectKw("FORMAT")
			if p.acceptKw("SERDE") {
				c.SerDe = p.parseDDLString()
				if p.acceptKw("WITH") {
					p.expectKw("SERDEPROPERTIES")
					c.SerDeProperties = p.parseProperties()
				}
			} else {
				p.expectKw("DELIMITED")
				c.RowFormatDelimited = p.parseDelimited()
			}
		case clause("STORED"):
			p.expectKw("AS")
			if p.acceptKw("INPUTFORMAT") {
				c.InputFormat = p.parseDDLString()
				p.expectKw("OUTPUTFORMAT")
				c.OutputFormat = p.parseDDLString()
			} else {
				c.StoredAs = strings.ToUpper(p.parseIdent().Name)
			}
		case clause("LOCATION"):
			c.Location = p.parseDDLString()
		case clause("TBLPROPERTIES"):
			c.TblProperties = p.parseProperties()
		default:
			c.Span = span(t.Pos, p.prevEnd())
			return c
		}
	}
}

// parseDelimited parses the options of ROW FORMAT DELIMITED.
func (p *parser) parseDelimited() []*ast.Property {
	var props []*ast.Property
	add := func(start int, key string) {
		props = append(props, &ast.Property{Key: key, Value: p.parseDDLString()})
		props[len(props)-1].Span = span(start, p.prevEnd())
	}
	for {
		t := p.cur()
		switch {
		case p.acceptKw("FIELDS"):
			p.expectKw("TERMINATED")
			p.expectKw("BY")
			add(t.Pos, "FIELDS TERMINATED BY")
			if e := p.cur(); p.acceptKw("ESCAPED") {
				p.expectKw("BY")
				add(e.Pos, "ESCAPED BY")
			}
		case p.acceptKw("COLLECTION"):
			p.expectKw("ITEMS")
			p.expectKw("TERMINATED")
			p.expectKw("BY")
			add(t.Pos, "COLLECTION ITEMS TERMINATED BY")
		case p.acceptKw("MAP"):
			p.expectKw("KEYS")
			p.expectKw("TERMINATED")
			p.expectKw("BY")
			add(t.Pos, "MAP KEYS TERMINATED BY")
		case p.acceptKw("LINES"):
			p.expectKw("TERMINATED")
			p.expectKw("BY")
			add(t.Pos, "LINES TERMINATED BY")
		case p.acceptKw("NULL"):
			p.expectKw("DEFINED")
			p.expectKw("AS")
			add(t.Pos, "NULL DEFINED AS")
		default:
			return props
		}
	}
}

// parseColumnDefs parses name type [COMMENT 'c'] (',' ...)*.
func (p *parser) parseColumnDefs() []*ast.ColumnDef {
	var cols []*ast.ColumnDef
	for {
		name := p.parseIdent()
		col := &ast.ColumnDef{Name: name, Type: p.parseType(true)}
		if p.acceptKw("COMMENT") {
			col.Comment = p.parseDDLString()
		}
		col.Span = span(name.Pos(), p.prevEnd())
		cols = append(cols, col)
		if !p.acceptOp(token.Comma) {
			return cols
		}
	}
}

// parseDDLString parses a string of Hive DDL: '...' or "..." (Hive reads
// double-quoted text as a string), with Hive's backslash escapes resolved
// ('\t' is a tab, '\001' is U+0001), or a U&'...' string.
func (p *parser) parseDDLString() string {
	switch t := p.cur(); t.Kind {
	case token.QuotedIdent, token.String:
		p.next()
		return hiveUnescape(t.Value)
	}
	return p.parseString()
}

// hiveUnescape resolves the escapes Hive's unescapeSQLString knows:
// \uXXXX, octal \[01][0-7][0-7], \0 \b \n \r \t \Z \' \" \\, and keeps
// \% and \_ as written; any other \c is c.
func hiveUnescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if s[i+1] == 'u' && i+5 < len(s) && allHex(s[i+2:i+6]) {
			var r rune
			for _, d := range []byte(s[i+2 : i+6]) {
				r = r*16 + rune(hexVal(d))
			}
			b.WriteRune(r)
			i += 5
			continue
		}
		if i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '1' && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b.WriteByte((s[i+1]-'0')*64 + (s[i+2]-'0')*8 + (s[i+3] - '0'))
			i += 3
			continue
		}
		i++
		switch n := s[i]; n {
		case '0':
			b.WriteByte(0)
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'Z':
			b.WriteByte(0x1A)
		case '%', '_':
			b.WriteByte('\\')
			b.WriteByte(n)
		default:
			b.WriteByte(n)
		}
	}
	return b.String()
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// parseProperties parses '(' 'key' = 'value' (',' ...)* ')'.
func (p *parser) parseProperties() []*ast.Property {
	p.expectOp(token.LParen)
	var props []*ast.Property
	for {
		start := p.cur().Pos
		key := p.parseDDLString()
		p.expectOp(token.Eq)
		val := p.parseDDLString()
		props = append(props, &ast.Property{Span: span(start, p.prevEnd()), Key: key, Value: val})
		if !p.acceptOp(token.Comma) {
			break
		}
	}
	p.expectOp(token.RParen)
	return props
}

// -------------------------------------------------------------------- DROP

func (p *parser) parseDrop() ast.Statement {
	t := p.next()
	switch {
	case p.isKw("DATABASE"), p.isKw("SCHEMA"):
		p.next()
		d := &ast.DropDatabase{IfExists: p.parseIfExists()}
		d.Name = p.parseIdent()
		if p.acceptKw("CASCADE") {
			d.Cascade = true
		} else {
			p.acceptKw("RESTRICT")
		}
		d.Span = span(t.Pos, p.prevEnd())
		return d
	case p.acceptKw("TABLE"):
		d := &ast.DropTable{IfExists: p.parseIfExists()}
		d.Name = p.parseQualifiedName()
		d.Span = span(t.Pos, p.prevEnd())
		return d
	case p.acceptKw("VIEW"):
		d := &ast.DropView{IfExists: p.parseIfExists()}
		d.Name = p.parseQualifiedName()
		d.Span = span(t.Pos, p.prevEnd())
		return d
	}
	p.fail()
	return nil
}

// ------------------------------------------------------------------- ALTER

func (p *parser) parseAlter() ast.Statement {
	t := p.next()
	p.expectKw("TABLE")
	name := p.parseQualifiedName()
	switch {
	case p.acceptKw("ADD"):
		a := &ast.AlterTablePartitions{Name: name, Add: true, IfExists: p.parseIfNotExists()}
		for {
			a.Partitions = append(a.Partitions, p.parsePartitionSpec(true))
			p.acceptOp(token.Comma)
			if !p.isKw("PARTITION") {
				break
			}
		}
		a.Span = span(t.Pos, p.prevEnd())
		return a
	case p.acceptKw("DROP"):
		a := &ast.AlterTablePartitions{Name: name, IfExists: p.parseIfExists()}
		for {
			a.Partitions = append(a.Partitions, p.parsePartitionSpec(false))
			if !p.acceptOp(token.Comma) {
				break
			}
		}
		a.Span = span(t.Pos, p.prevEnd())
		return a
	case p.acceptKw("SET"):
		p.expectKw("TBLPROPERTIES")
		props := p.parseProperties()
		return &ast.AlterTableSetProperties{Span: span(t.Pos, p.prevEnd()), Name: name, Properties: props}
	}
	p.fail()
	return nil
}

// parsePartitionSpec parses PARTITION (k = v, ...) [LOCATION 'l'].
func (p *parser) parsePartitionSpec(withLocation bool) *ast.PartitionSpec {
	t := p.expectKw("PARTITION")
	p.expectOp(token.LParen)
	ps := &ast.PartitionSpec{}
	for {
		ps.Keys = append(ps.Keys, p.parseIdent())
		p.expectOp(token.Eq)
		ps.Values = append(ps.Values, p.parseValue())
		if !p.acceptOp(token.Comma) {
			break
		}
	}
	p.expectOp(token.RParen)
	if withLocation && p.acceptKw("LOCATION") {
		ps.Location = p.parseDDLString()
	}
	ps.Span = span(t.Pos, p.prevEnd())
	return ps
}

// -------------------------------------------------------- SHOW and DESCRIBE

func (p *parser) parseShow() ast.Statement {
	t := p.next()
	s := &ast.Show{}
	switch {
	case p.isKw("DATABASES"), p.isKw("SCHEMAS"):
		p.next()
		s.Kind = "DATABASES"
		if p.acceptKw("FROM") || p.acceptKw("IN") {
			id := p.parseIdent()
			s.Target = &ast.QualifiedName{Span: id.Span, Parts: []*ast.Ident{id}}
		}
		p.parseShowLike(s, false)
	case p.acceptKw("TABLES"):
		s.Kind = "TABLES"
		if p.acceptKw("IN") || p.acceptKw("FROM") {
			s.Target = p.parseQualifiedName()
		}
		p.parseShowLike(s, true)
	case p.acceptKw("VIEWS"):
		s.Kind = "VIEWS"
		if p.acceptKw("IN") || p.acceptKw("FROM") {
			s.Target = p.parseQualifiedName()
		}
		p.parseShowLike(s, false)
	case p.acceptKw("COLUMNS"):
		s.Kind = "COLUMNS"
		if !p.acceptKw("IN") {
			p.expectKw("FROM")
		}
		s.Target = p.parseQualifiedName()
		if p.acceptKw("IN") || p.acceptKw("FROM") {
			// SHOW COLUMNS IN table IN database.
			db := p.parseIdent()
			s.Target.Parts = append([]*ast.Ident{db}, s.Target.Parts...)
			s.Target.Span.To = db.End()
		}
	case p.acceptKw("PARTITIONS"):
		s.Kind = "PARTITIONS"
		s.Target = p.parseQualifiedName()
	case p.acceptKw("CREATE"):
		if p.acceptKw("TABLE") {
			s.Kind = "CREATE TABLE"
		} else {
			p.expectKw("VIEW")
			s.Kind = "CREATE VIEW"
		}
		s.Target = p.parseQualifiedName()
	case p.acceptKw("TBLPROPERTIES"):
		s.Kind = "TBLPROPERTIES"
		s.Target = p.parseQualifiedName()
		if p.isOp(token.LParen) {
			p.notSupported(p.cur().Pos, "SHOW TBLPROPERTIES for one property is not supported")
		}
	case p.acceptKw("FUNCTIONS"):
		s.Kind = "FUNCTIONS"
		p.parseShowLike(s, false)
	default:
		p.fail()
	}
	s.Span = span(t.Pos, p.prevEnd())
	return s
}

// parseShowLike parses [LIKE 'pattern' [ESCAPE 'e']] and, where Hive allows
// it, a bare 'pattern' (a regular expression with * and |); both set Like
// and HasLike (an empty pattern is still a filter: it matches nothing).
func (p *parser) parseShowLike(s *ast.Show, bare bool) {
	if p.acceptKw("LIKE") {
		s.Like, s.HasLike = p.parseString(), true
		if p.acceptKw("ESCAPE") {
			e := p.cur()
			p.parseString()
			p.notSupported(e.Pos, "LIKE ... ESCAPE is not supported in SHOW")
		}
		return
	}
	if bare {
		p.record("<string>")
		if isStringTok(p.cur()) {
			s.Like, s.HasLike = p.parseString(), true
		}
	}
}

func (p *parser) parseDescribe() ast.Statement {
	t := p.next()
	d := &ast.Describe{}
	if c := p.cur(); (c.Is("FORMATTED") || c.Is("EXTENDED")) && identLike(p.peek(1)) {
		p.next()
		d.Formatted = c.Is("FORMATTED")
	} else {
		p.isKw("EXTENDED")
		p.isKw("FORMATTED")
	}
	d.Name = p.parseQualifiedName()
	d.Span = span(t.Pos, p.prevEnd())
	return d
}
