package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trawl/internal/sql/ast"
	"trawl/internal/sql/token"
	"trawl/internal/sqlerr"
)

func TestParseStatementsOffsets(t *testing.T) {
	src := "-- script\nSELECT 1;\n\n  SELECT a\n  FROM t ;;\nSHOW TABLES"
	stmts, err := ParseStatements(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SELECT 1", "SELECT a\n  FROM t", "SHOW TABLES"}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(stmts), len(want))
	}
	for i, s := range stmts {
		if s.SQL != want[i] {
			t.Errorf("statement %d: SQL %q, want %q", i, s.SQL, want[i])
		}
		if src[s.Offset:s.Offset+len(s.SQL)] != s.SQL {
			t.Errorf("statement %d: offset %d does not locate %q", i, s.Offset, s.SQL)
		}
	}
	sel := stmts[1].Node.(*ast.QueryStmt).Query.Body.(*ast.Select)
	tbl := sel.From.(*ast.Table)
	if got := src[tbl.Pos():tbl.End()]; got != "t" {
		t.Errorf("table span covers %q, want %q", got, "t")
	}
}

func TestErrorPositionInLaterStatement(t *testing.T) {
	src := "SELECT 1;\nSELECT a,\n  b FROM WHERE"
	_, err := ParseStatements(src)
	var e *sqlerr.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want *sqlerr.Error", err, err)
	}
	if !errors.Is(err, sqlerr.SyntaxError) {
		t.Errorf("errors.Is(err, SyntaxError) is false for %v", err)
	}
	if e.Line != 3 || e.Column != 10 || e.Offset != strings.Index(src, "WHERE") {
		t.Errorf("error at %d:%d offset %d, want 3:10 offset %d", e.Line, e.Column, e.Offset, strings.Index(src, "WHERE"))
	}
	if !strings.HasPrefix(e.Msg, "mismatched input 'WHERE'. Expecting: ") {
		t.Errorf("message %q", e.Msg)
	}
	if caret := e.Caret(); caret != "  b FROM WHERE\n         ^" {
		t.Errorf("caret:\n%s", caret)
	}
}

func TestErrorListSortedAndCapped(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 15; i++ {
		b.WriteString("SELECT FROM;\n")
	}
	_, err := ParseStatements(b.String())
	var list sqlerr.List
	if !errors.As(err, &list) {
		t.Fatalf("got %T, want sqlerr.List", err)
	}
	if len(list) != maxErrors {
		t.Fatalf("got %d errors, want %d", len(list), maxErrors)
	}
	for i, e := range list {
		if e.Line != i+1 {
			t.Errorf("error %d on line %d, want %d", i, e.Line, i+1)
		}
	}
	if !errors.Is(err, sqlerr.SyntaxError) {
		t.Error("errors.Is(list, SyntaxError) is false")
	}
}

func TestParseStatement(t *testing.T) {
	s, err := ParseStatement("SELECT 1 ; ")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*ast.QueryStmt); !ok {
		t.Fatalf("got %T", s)
	}
	_, err = ParseStatement("SELECT 1; SELECT 2")
	if err == nil || !strings.Contains(err.Error(), "line 1:9: mismatched input ';'") {
		t.Errorf("two statements: got %v", err)
	}
	_, err = ParseStatement("")
	if err == nil || !strings.Contains(err.Error(), "mismatched input '<EOF>'") {
		t.Errorf("empty statement: got %v", err)
	}
}

func TestParseExpression(t *testing.T) {
	e, err := ParseExpression("a + 1")
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := e.(*ast.BinaryExpr); !ok || b.Op != "+" || b.OpPos != 2 {
		t.Errorf("got %s", dump(e))
	}
	if _, err := ParseExpression("a +"); err == nil {
		t.Error("a + parsed")
	}
}

func TestNotSupportedCode(t *testing.T) {
	_, err := ParseStatement("SELECT * FROM a NATURAL JOIN b")
	if !errors.Is(err, sqlerr.NotSupported) {
		t.Errorf("got %v, want NOT_SUPPORTED", err)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		"SELECT " + strings.Repeat("(", 3000) + "1" + strings.Repeat(")", 3000),
		"SELECT " + strings.Repeat("NOT ", 3000) + "x",
		"SELECT " + strings.Repeat("- ", 3000) + "x",
		strings.Repeat("SELECT * FROM (", 3000) + "SELECT 1" + strings.Repeat(")", 3000),
	} {
		_, err := ParseStatement(src)
		if err == nil || !strings.Contains(err.Error(), "statement is too large") {
			t.Errorf("%.30s...: got %v", src, err)
		}
	}
	// Moderate nesting is fine.
	if _, err := ParseStatement("SELECT " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200)); err != nil {
		t.Error(err)
	}
}

func TestLongChainsAreIterative(t *testing.T) {
	src := "SELECT " + strings.Repeat("x = y OR ", 20000) + "true"
	if _, err := ParseStatement(src); err != nil {
		t.Fatal(err)
	}
	src = "SELECT 1" + strings.Repeat(" UNION ALL SELECT 1", 5000)
	if _, err := ParseStatement(src); err != nil {
		t.Fatal(err)
	}
}

// TestNoExponentialParsing parses inputs that a backtracking parser would
// take exponential time on.
func TestNoExponentialParsing(t *testing.T) {
	e, f, r := "1", "x", "t"
	for k := 0; k < 200; k++ {
		e = "((SELECT " + e + ") + 1)"
		f = "position(" + f + ", 1)"
		r = "((SELECT * FROM " + r + ") x CROSS JOIN y)"
	}
	for _, src := range []string{"SELECT " + e, "SELECT " + f, "SELECT * FROM " + r} {
		if _, err := ParseStatement(src); err != nil {
			t.Errorf("%.40s...: %v", src, err)
		}
	}
}

// TestKeywordsAsIdentifiers checks Trino's rule: every non-reserved keyword
// works as a column, alias and table name; every reserved one fails.
func TestKeywordsAsIdentifiers(t *testing.T) {
	for _, kw := range token.NonReservedWords() {
		w := strings.ToLower(kw)
		for _, src := range []string{
			"SELECT " + w + " FROM t",
			"SELECT x " + w + " FROM t",
			"SELECT x AS " + w + " FROM t",
			"SELECT * FROM " + w,
			"SELECT * FROM t " + w,
			"SELECT " + w + "." + w + " FROM t WHERE " + w + " = 1",
		} {
			if _, err := ParseStatement(src); err != nil {
				t.Errorf("%s: %v", src, err)
			}
		}
	}
	for _, kw := range token.ReservedWords() {
		w := strings.ToLower(kw)
		for _, src := range []string{
			"SELECT x AS " + w + " FROM t",
			"SELECT * FROM " + w,
		} {
			if _, err := ParseStatement(src); err == nil {
				t.Errorf("%s parsed", src)
			}
		}
		// Quoted, a reserved word is an ordinary name.
		if _, err := ParseStatement(`SELECT "` + w + `" FROM "` + w + `"`); err != nil {
			t.Errorf("quoted %s: %v", w, err)
		}
	}
}

func TestIdentifierFolding(t *testing.T) {
	e, err := ParseExpression(`EventName = "EventName"`)
	if err != nil {
		t.Fatal(err)
	}
	b := e.(*ast.BinaryExpr)
	l, r := b.Left.(*ast.Identifier).Ident, b.Right.(*ast.Identifier).Ident
	if l.Name != "eventname" || l.Quoted || r.Name != "EventName" || !r.Quoted {
		t.Errorf("got %+v and %+v", l, r)
	}
}

func TestCreateViewSQL(t *testing.T) {
	src := "CREATE VIEW v AS  SELECT a\n FROM t  "
	s, err := ParseStatement(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.(*ast.CreateView).SQL; got != "SELECT a\n FROM t" {
		t.Errorf("view SQL %q", got)
	}
}

func TestHiveUnescape(t *testing.T) {
	for in, want := range map[string]string{
		`a`:        "a",
		`\t`:       "\t",
		`\001`:     "\x01",
		`\\`:       `\`,
		`\u00e9x`:  "éx",
		`\%\_`:     `\%\_`,
		`\q`:       "q",
		`end\`:     `end\`,
		`\0`:       "\x00",
		`\n\r\Z\b`: "\n\r\x1a\b",
	} {
		if got := hiveUnescape(in); got != want {
			t.Errorf("hiveUnescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeUnicode(t *testing.T) {
	for _, c := range []struct{ in, want, msg string }{
		{`abc`, "abc", ""},
		{`\0041\+00004A`, "AJ", ""},
		{`\\x`, `\x`, ""},
		{`\00`, "", "Incomplete escape sequence: \\00"},
		{`\D800`, "", "Invalid escaped character: \\D800"},
	} {
		got, _, msg := decodeUnicode(c.in, '\\')
		if got != c.want || msg != c.msg {
			t.Errorf("decodeUnicode(%q) = %q, %q; want %q, %q", c.in, got, msg, c.want, c.msg)
		}
	}
}

// TestSeedsVerbatim checks that every statement of testdata/seeds.txtar is
// still a verbatim excerpt of the seed documents it was taken from.
func TestSeedsVerbatim(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no seed documents in %s", dir)
	}
	var docs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	data, err := os.ReadFile(filepath.Join("testdata", "seeds.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range parseArchive(string(data)).files {
		if !strings.HasSuffix(f.name, ".sql") {
			continue
		}
		n++
		sql := strings.TrimSuffix(f.data, "\n")
		found := false
		for _, d := range docs {
			if strings.Contains(d, sql) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s is not verbatim in any seed document", f.name)
		}
	}
	if n < 10 {
		t.Errorf("only %d seed statements", n)
	}
}
