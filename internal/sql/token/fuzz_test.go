package token

import "testing"

// FuzzLex checks that tokens are in order, do not overlap, carry their
// source text, and end with EOF at the end of the input.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"", "SELECT 'a''b' FROM \"t\"", "1e3x .5 0x1F", "/* x", "U&'\\0041'", "X'AB'", "`a``b`", "--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		toks := Lex(src)
		prev := 0
		for i, tok := range toks {
			if tok.Pos < prev || tok.End < tok.Pos || tok.End > len(src) {
				t.Fatalf("token %d (%v) at %d-%d after %d", i, tok.Kind, tok.Pos, tok.End, prev)
			}
			if tok.Text != src[tok.Pos:tok.End] {
				t.Fatalf("token %d text %q is not the source %q", i, tok.Text, src[tok.Pos:tok.End])
			}
			if tok.Kind == EOF {
				if i != len(toks)-1 || tok.Pos != len(src) {
					t.Fatalf("EOF at token %d offset %d", i, tok.Pos)
				}
			} else if tok.End == tok.Pos {
				t.Fatalf("empty token %d (%v)", i, tok.Kind)
			}
			prev = tok.End
		}
	})
}
