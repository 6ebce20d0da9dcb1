package token

import (
	"fmt"
	"strings"
	"testing"
)

// show renders tokens as Kind:Text[=Value] for comparison.
func show(toks []Token) string {
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		s := t.Kind.String() + ":" + t.Text
		if t.Value != t.Text {
			s += "=" + t.Value
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestLex(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "EOF:"},
		{"keywords fold to upper value", "select From", "Ident:select=SELECT Ident:From=FROM EOF:"},
		{"identifiers", "_a1 b_2", "Ident:_a1=_A1 Ident:b_2=B_2 EOF:"},
		{"quoted identifier", `"Event""Name"`, `QuotedIdent:"Event""Name"=Event"Name EOF:`},
		{"empty quoted identifier", `""`, `QuotedIdent:""= EOF:`},
		{"backquoted identifier", "`time``stamp`", "BackquotedIdent:`time``stamp`=time`stamp EOF:"},
		{"string with quote", "'it''s'", "String:'it''s'=it's EOF:"},
		{"string keeps backslash", `'a\n'`, `String:'a\n'=a\n EOF:`},
		{"empty string", "''", "String:''= EOF:"},
		{"unicode string", "U&'a''\\0041'", "UnicodeString:U&'a''\\0041'=a'\\0041 EOF:"},
		{"lower u unicode", "u&'x'", "UnicodeString:u&'x'=x EOF:"},
		{"binary", "X'0A ff'", "Binary:X'0A ff'=0A ff EOF:"},
		{"x identifier", "x 'a'", "Ident:x=X String:'a'=a EOF:"},
		{"unterminated string", "'abc", "Illegal:' Ident:abc=ABC EOF:"},
		{"unterminated quoted ident", `"abc`, `Illegal:" Ident:abc=ABC EOF:`},
		{"unterminated binary", "X'ab", "Ident:X Illegal:' Ident:ab=AB EOF:"},
		{"integers", "0 123 1_000 0x1F 0X_ff 0o17 0b101", "Integer:0 Integer:123 Integer:1_000 Integer:0x1F Integer:0X_ff Integer:0o17 Integer:0b101 EOF:"},
		{"decimals", "1.5 .5 1.", "Decimal:1.5 Decimal:.5 Decimal:1. EOF:"},
		{"doubles", "1e3 1.5E-2 .5e+1 1.e2", "Double:1e3 Double:1.5E-2 Double:.5e+1 Double:1.e2 EOF:"},
		{"digit identifier", "1x 1e3x 12_ab", "DigitIdent:1x=1X DigitIdent:1e3x=1E3X DigitIdent:12_ab=12_AB EOF:"},
		{"number then dot name", "1.5.x", "Decimal:1.5 .:. Ident:x=X EOF:"},
		{"trailing underscore", "1_", "DigitIdent:1_ EOF:"},
		{"operators", "= <> != < <= > >= + - * / % || -> => . , ( ) [ ] ? ; :",
			"=:= <>:<> <>:!= <:< <=:<= >:> >=:>= +:+ -:- *:* /:/ %:% ||:|| ->:-> =>:=> .:. ,:, (:( ):) [:[ ]:] ?:? ;:; ::: EOF:"},
		{"no shift token", "a<b<c>>", "Ident:a=A <:< Ident:b=B <:< Ident:c=C >:> >:> EOF:"},
		{"empty struct", "struct<>", "Ident:struct=STRUCT <>:<> EOF:"},
		{"line comment", "a -- c\nb", "Ident:a=A Ident:b=B EOF:"},
		{"comment at end", "a --", "Ident:a=A EOF:"},
		{"block comment", "a/* x\n*/b", "Ident:a=A Ident:b=B EOF:"},
		{"unterminated block comment", "a /* b", "Ident:a=A /:/ *:* Ident:b=B EOF:"},
		{"minus minus is a comment", "1--2", "Integer:1 EOF:"},
		{"illegal characters", "@ ! | é", "Illegal:@ Illegal:! Illegal:| Illegal:é EOF:"},
		{"non ascii letter is illegal", "aé", "Ident:a=A Illegal:é EOF:"},
		{"struct field colon", "type:STRING", "Ident:type=TYPE ::: Ident:STRING EOF:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(Lex(tc.src)); got != tc.want {
				t.Errorf("Lex(%q)\ngot  %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

func TestOffsets(t *testing.T) {
	src := "SELECT  \"a\"\n, 'x' -- c\n/* d */ 1.5"
	for _, tok := range Lex(src) {
		if tok.Pos < 0 || tok.End > len(src) || tok.Pos > tok.End {
			t.Fatalf("token %v has bad offsets", tok)
		}
		if tok.Text != src[tok.Pos:tok.End] {
			t.Errorf("token %v: text %q is not src[%d:%d] = %q", tok.Kind, tok.Text, tok.Pos, tok.End, src[tok.Pos:tok.End])
		}
	}
	toks := Lex(src)
	if last := toks[len(toks)-1]; last.Kind != EOF || last.Pos != len(src) {
		t.Errorf("EOF at %d, want %d", last.Pos, len(src))
	}
	if toks[1].Pos != 8 || toks[3].Pos != 14 || toks[4].Pos != 31 {
		t.Errorf("offsets %d %d %d, want 8 14 31", toks[1].Pos, toks[3].Pos, toks[4].Pos)
	}
}

func TestNextAfterEOF(t *testing.T) {
	l := NewLexer("a")
	l.Next()
	for i := 0; i < 3; i++ {
		if tok := l.Next(); tok.Kind != EOF {
			t.Fatalf("call %d after the end: %v", i, tok.Kind)
		}
	}
}

func TestKeywordClasses(t *testing.T) {
	for _, w := range []string{"SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "AND", "OR", "NOT", "TABLE", "UNNEST", "TRIM", "CURRENT_USER"} {
		if !IsReserved(w) || !IsKeyword(w) {
			t.Errorf("%s should be a reserved keyword", w)
		}
	}
	for _, w := range []string{"DATE", "TIMESTAMP", "YEAR", "DAY", "TYPE", "COMMENT", "FORMAT", "POSITION", "FILTER", "DATA", "TABLES", "SCHEMAS", "COLUMNS", "STATS", "ROLE", "USER", "ZONE", "FIRST", "LAST", "RANGE", "ROWS", "ROW", "PARTITION", "PARTITIONS", "TIME", "LIMIT", "ALL"} {
		if IsReserved(w) || !IsKeyword(w) {
			t.Errorf("%s should be a non-reserved keyword", w)
		}
	}
	for _, w := range []string{"LOCATION", "REGION", "VIEWS", "EXTERNAL", "TBLPROPERTIES", "RESOURCES"} {
		if IsKeyword(w) {
			t.Errorf("%s should not be a keyword", w)
		}
	}
	if n := len(ReservedWords()); n != 82 {
		t.Errorf("%d reserved words, want 82", n)
	}
}

func TestKindString(t *testing.T) {
	if Neq.String() != "<>" || Ident.String() != "Ident" || Kind(200).String() != "Kind(200)" {
		t.Error(Neq.String(), Ident.String(), Kind(200).String())
	}
}

func BenchmarkLex(b *testing.B) {
	src := strings.Repeat("SELECT useridentity.arn, count(*) AS n FROM \"default\".cloudtrail_logs WHERE eventtime >= '2024-01-01' AND x IN (1, 2.5, 1e3) -- c\n", 50)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if toks := Lex(src); len(toks) < 100 {
			b.Fatal(fmt.Sprint(len(toks)))
		}
	}
}
