package token

import (
	"strings"
	"unicode/utf8"
)

// Lexer reads tokens from SQL text one at a time. Whitespace and comments
// (-- to end of line, /* ... */) are skipped.
type Lexer struct {
	src string
	pos int
}

// NewLexer returns a lexer over src.
func NewLexer(src string) *Lexer { return &Lexer{src: src} }

// Lex returns all tokens of src, ending with an EOF token at len(src).
func Lex(src string) []Token {
	l := NewLexer(src)
	toks := make([]Token, 0, len(src)/4+1)
	for {
		t := l.Next()
		toks = append(toks, t)
		if t.Kind == EOF {
			return toks
		}
	}
}

// Next returns the next token; at the end of the text it returns EOF
// tokens forever.
func (l *Lexer) Next() Token {
	l.skipSpace()
	src := l.src
	start := l.pos
	if start >= len(src) {
		return Token{Kind: EOF, Pos: len(src), End: len(src)}
	}
	c := src[start]
	switch {
	case isLetter(c) || c == '_':
		// X'..' and U&'..' win over the identifier X / U (longest match).
		if (c == 'x' || c == 'X') && start+1 < len(src) && src[start+1] == '\'' {
			if end := strings.IndexByte(src[start+2:], '\''); end >= 0 {
				l.pos = start + 2 + end + 1
				return l.tok(Binary, start, src[start+2:start+2+end])
			}
		}
		if (c == 'u' || c == 'U') && start+2 < len(src) && src[start+1] == '&' && src[start+2] == '\'' {
			if val, end, ok := quoted(src, start+2, '\''); ok {
				l.pos = end
				return l.tok(UnicodeString, start, val)
			}
		}
		i := start + 1
		for i < len(src) && (isLetter(src[i]) || isDigit(src[i]) || src[i] == '_') {
			i++
		}
		l.pos = i
		return l.tok(Ident, start, upper(src[start:i]))
	case isDigit(c) || c == '.' && start+1 < len(src) && isDigit(src[start+1]):
		return l.number()
	case c == '\'':
		if val, end, ok := quoted(src, start, '\''); ok {
			l.pos = end
			return l.tok(String, start, val)
		}
	case c == '"':
		if val, end, ok := quoted(src, start, '"'); ok {
			l.pos = end
			return l.tok(QuotedIdent, start, val)
		}
	case c == '`':
		if val, end, ok := quoted(src, start, '`'); ok {
			l.pos = end
			return l.tok(BackquotedIdent, start, val)
		}
	}
	if k, n := operator(src[start:]); n > 0 {
		l.pos = start + n
		return l.tok(k, start, src[start:l.pos])
	}
	// Anything else, including an unterminated quote, is one illegal
	// character; lexing goes on after it.
	_, n := utf8.DecodeRuneInString(src[start:])
	l.pos = start + n
	return l.tok(Illegal, start, src[start:l.pos])
}

func (l *Lexer) tok(k Kind, start int, value string) Token {
	return Token{Kind: k, Pos: start, End: l.pos, Text: l.src[start:l.pos], Value: value}
}

func (l *Lexer) skipSpace() {
	src := l.src
	for l.pos < len(src) {
		switch c := src[l.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case c == '-' && l.pos+1 < len(src) && src[l.pos+1] == '-':
			nl := strings.IndexByte(src[l.pos:], '\n')
			if nl < 0 {
				l.pos = len(src)
			} else {
				l.pos += nl + 1
			}
		case c == '/' && l.pos+1 < len(src) && src[l.pos+1] == '*':
			end := strings.Index(src[l.pos+2:], "*/")
			if end < 0 {
				return // unterminated: lexes as '/' then '*', as in Trino
			}
			l.pos += 2 + end + 2
		default:
			return
		}
	}
}

// quoted reads a token delimited by q starting at src[start] == q, where a
// doubled q stands for one q. It returns the unescaped body and the offset
// after the closing quote.
func quoted(src string, start int, q byte) (string, int, bool) {
	i := start + 1
	var b *strings.Builder
	from := i
	for i < len(src) {
		if src[i] != q {
			i++
			continue
		}
		if i+1 < len(src) && src[i+1] == q {
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(src[from : i+1])
			i += 2
			from = i
			continue
		}
		if b == nil {
			return src[start+1 : i], i + 1, true
		}
		b.WriteString(src[from:i])
		return b.String(), i + 1, true
	}
	return "", 0, false
}

// number lexes the longest of Trino's INTEGER_VALUE, DECIMAL_VALUE,
// DOUBLE_VALUE and DIGIT_IDENTIFIER at the current position; on a tie the
// earlier rule wins, as in ANTLR.
func (l *Lexer) number() Token {
	src, start := l.src, l.pos
	best, kind := 0, Integer
	try := func(n int, k Kind) {
		if n > best {
			best, kind = n, k
		}
	}
	try(integerLen(src, start), Integer)
	try(decimalLen(src, start), Decimal)
	try(doubleLen(src, start), Double)
	try(digitIdentLen(src, start), DigitIdent)
	l.pos = start + best
	if kind == DigitIdent {
		return l.tok(kind, start, upper(src[start:l.pos]))
	}
	return l.tok(kind, start, src[start:l.pos])
}

// decIntLen matches DIGIT ('_'? DIGIT)*.
func decIntLen(s string, i int) int {
	if i >= len(s) || !isDigit(s[i]) {
		return 0
	}
	j := i + 1
	for j < len(s) {
		if isDigit(s[j]) {
			j++
		} else if s[j] == '_' && j+1 < len(s) && isDigit(s[j+1]) {
			j += 2
		} else {
			break
		}
	}
	return j - i
}

func integerLen(s string, i int) int {
	n := decIntLen(s, i)
	if i+2 < len(s) && s[i] == '0' {
		var ok func(byte) bool
		switch s[i+1] {
		case 'x', 'X':
			ok = isHex
		case 'o', 'O':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b', 'B':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		}
		if ok != nil {
			j := i + 2
			for j < len(s) {
				if ok(s[j]) {
					j++
				} else if s[j] == '_' && j+1 < len(s) && ok(s[j+1]) {
					j += 2
				} else {
					break
				}
			}
			if j > i+2 && j-i > n {
				n = j - i
			}
		}
	}
	return n
}

// decimalLen matches DECIMAL_INTEGER '.' DECIMAL_INTEGER? | '.' DECIMAL_INTEGER.
func decimalLen(s string, i int) int {
	n := decIntLen(s, i)
	j := i + n
	if j >= len(s) || s[j] != '.' {
		return 0
	}
	m := decIntLen(s, j+1)
	if n == 0 && m == 0 {
		return 0
	}
	return n + 1 + m
}

// doubleLen matches DIGIT+ ('.' DIGIT*)? EXPONENT | '.' DIGIT+ EXPONENT.
func doubleLen(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	intDigits := j - i
	if j < len(s) && s[j] == '.' {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if intDigits == 0 && k == j+1 {
			return 0
		}
		j = k
	} else if intDigits == 0 {
		return 0
	}
	if j >= len(s) || s[j] != 'e' && s[j] != 'E' {
		return 0
	}
	j++
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	k := j
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	if k == j {
		return 0
	}
	return k - i
}

// digitIdentLen matches DIGIT (LETTER | DIGIT | '_')+.
func digitIdentLen(s string, i int) int {
	if i >= len(s) || !isDigit(s[i]) {
		return 0
	}
	j := i + 1
	for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == '_') {
		j++
	}
	if j-i < 2 {
		return 0
	}
	return j - i
}

func operator(s string) (Kind, int) {
	two := ""
	if len(s) >= 2 {
		two = s[:2]
	}
	switch two {
	case "<>", "!=":
		return Neq, 2
	case "<=":
		return Lte, 2
	case ">=":
		return Gte, 2
	case "||":
		return Concat, 2
	case "->":
		return Arrow, 2
	case "=>":
		return FatArrow, 2
	}
	switch s[0] {
	case '=':
		return Eq, 1
	case '<':
		return Lt, 1
	case '>':
		return Gt, 1
	case '+':
		return Plus, 1
	case '-':
		return Minus, 1
	case '*':
		return Star, 1
	case '/':
		return Slash, 1
	case '%':
		return Percent, 1
	case '.':
		return Dot, 1
	case ',':
		return Comma, 1
	case '(':
		return LParen, 1
	case ')':
		return RParen, 1
	case '[':
		return LBracket, 1
	case ']':
		return RBracket, 1
	case '?':
		return Question, 1
	case ';':
		return Semicolon, 1
	case ':':
		return Colon, 1
	}
	return Illegal, 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// upper upper-cases an ASCII word without allocating when it already is.
func upper(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
