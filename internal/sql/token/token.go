package token

import "strconv"

// Kind is the lexical class of a token.
type Kind uint8

// Token kinds. Operators are named after their spelling.
const (
	EOF             Kind = iota // end of input; Text is empty
	Illegal                     // a character Trino's lexer does not recognise
	Ident                       // unquoted identifier or keyword; Value is upper-cased
	QuotedIdent                 // "name"; Value has "" resolved
	BackquotedIdent             // `name`; Value has `` resolved
	DigitIdent                  // 1abc: an identifier starting with a digit (an error in Trino)
	String                      // 'text'; Value has '' resolved
	UnicodeString               // U&'text'; Value has '' resolved, \ escapes not yet
	Binary                      // X'hex'; Value is the text between the quotes
	Integer                     // 123, 1_000, 0x1F, 0o17, 0b101
	Decimal                     // 1.5, 1., .5
	Double                      // 1e3, 1.5E-2
	Eq                          // =
	Neq                         // <> or !=
	Lt                          // <
	Lte                         // <=
	Gt                          // >
	Gte                         // >=
	Plus                        // +
	Minus                       // -
	Star                        // *
	Slash                       // /
	Percent                     // %
	Concat                      // ||
	Arrow                       // ->
	FatArrow                    // =>
	Dot                         // .
	Comma                       // ,
	LParen                      // (
	RParen                      // )
	LBracket                    // [
	RBracket                    // ]
	Question                    // ?
	Semicolon                   // ;
	Colon                       // :
)

var kindNames = [...]string{
	EOF:             "EOF",
	Illegal:         "Illegal",
	Ident:           "Ident",
	QuotedIdent:     "QuotedIdent",
	BackquotedIdent: "BackquotedIdent",
	DigitIdent:      "DigitIdent",
	String:          "String",
	UnicodeString:   "UnicodeString",
	Binary:          "Binary",
	Integer:         "Integer",
	Decimal:         "Decimal",
	Double:          "Double",
	Eq:              "=",
	Neq:             "<>",
	Lt:              "<",
	Lte:             "<=",
	Gt:              ">",
	Gte:             ">=",
	Plus:            "+",
	Minus:           "-",
	Star:            "*",
	Slash:           "/",
	Percent:         "%",
	Concat:          "||",
	Arrow:           "->",
	FatArrow:        "=>",
	Dot:             ".",
	Comma:           ",",
	LParen:          "(",
	RParen:          ")",
	LBracket:        "[",
	RBracket:        "]",
	Question:        "?",
	Semicolon:       ";",
	Colon:           ":",
}

// String returns the kind's name, or the operator's spelling.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// IsOperator reports whether k is punctuation or an operator.
func (k Kind) IsOperator() bool { return k >= Eq }

// Token is one lexical token of the source text.
type Token struct {
	Kind Kind
	Pos  int    // byte offset of the first byte
	End  int    // byte offset one past the last byte
	Text string // the source text, src[Pos:End]; "" for EOF
	// Value is the token's meaning: the upper-cased word for Ident and
	// DigitIdent, the unescaped name for quoted identifiers, the unescaped
	// text for strings, the hex digits of a binary literal; Text otherwise.
	Value string
}

// Is reports whether t is the unquoted word kw (kw in upper case).
func (t Token) Is(kw string) bool { return t.Kind == Ident && t.Value == kw }

// Display is the token as Trino's error messages quote it: its source text,
// or <EOF>.
func (t Token) Display() string {
	if t.Kind == EOF {
		return "<EOF>"
	}
	return t.Text
}
