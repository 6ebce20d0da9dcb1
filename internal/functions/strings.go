package functions

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"trawl/internal/types"
	"trawl/internal/vector"
)

// String functions beyond the basic ones in scalars.go, after Trino's
// StringFunctions, ConcatWsFunction and FormatFunction.

var (
	varbinary = types.VarbinaryType
	integer   = types.IntegerType
)

func init() {
	// concat_ws(separator, string...): NULL separator gives NULL, NULL
	// values are skipped. Trino requires at least one value argument.
	register("concat_ws", "concat_ws(varchar, varchar...)", func(args []*types.Type) *Bound {
		if len(args) < 2 {
			return nil
		}
		for _, a := range args {
			if !types.CanCoerce(a, varchar) {
				return nil
			}
		}
		if len(args) > 255 {
			return nil
		}
		ps := make([]*types.Type, len(args))
		for i := range ps {
			ps[i] = varchar
		}
		return &Bound{Params: ps, Ret: varchar, NullCall: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return concatWs(a[0].(string), a[1:]), nil
		})}
	})
	register("concat_ws", "concat_ws(varchar, array(varchar))", func(args []*types.Type) *Bound {
		if len(args) != 2 || !types.CanCoerce(args[0], varchar) || args[1].Kind != types.Array || !types.CanCoerce(args[1].Elem, varchar) {
			return nil
		}
		return &Bound{Params: []*types.Type{varchar, types.NewArray(varchar)}, Ret: varchar, Impl: rowWise(func(c *Context, a []any) (any, error) {
			return concatWs(a[0].(string), a[1].([]any)), nil
		})}
	})

	pad := func(left bool) Impl {
		return rowWise(func(c *Context, a []any) (any, error) {
			return padString(a[0].(string), a[1].(int64), a[2].(string), left)
		})
	}
	register("lpad", "lpad(varchar(x), bigint, varchar(y))", fixed(varchar, pad(true), varchar, bigint, varchar))
	register("rpad", "rpad(varchar(x), bigint, varchar(y))", fixed(varchar, pad(false), varchar, bigint, varchar))
	binPad := func(left bool) Impl {
		return rowWise(func(c *Context, a []any) (any, error) {
			return padBinary(a[0].(string), a[1].(int64), a[2].(string), left)
		})
	}
	register("lpad", "lpad(varbinary, bigint, varbinary)", fixed(varbinary, binPad(true), varbinary, bigint, varbinary))
	register("rpad", "rpad(varbinary, bigint, varbinary)", fixed(varbinary, binPad(false), varbinary, bigint, varbinary))

	register("chr", "chr(bigint)", fixed(types.NewVarchar(1), rowWise(func(c *Context, a []any) (any, error) {
		cp := a[0].(int64)
		if cp < 0 || cp > unicode.MaxRune || cp >= 0xd800 && cp <= 0xdfff {
			return nil, invalidArg("Not a valid Unicode code point: %d", cp)
		}
		return string(rune(cp)), nil
	}), bigint))
	register("codepoint", "codepoint(varchar(1))", fixed(integer, rowWise(func(c *Context, a []any) (any, error) {
		s := a[0].(string)
		if utf8.RuneCountInString(s) != 1 {
			return nil, invalidArg("Input string must be a single character string")
		}
		r, _ := utf8.DecodeRuneInString(s)
		return int64(r), nil
	}), types.NewVarchar(1)))

	register("levenshtein_distance", "levenshtein_distance(varchar(x), varchar(y))", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return levenshtein([]rune(a[0].(string)), []rune(a[1].(string)))
	}), varchar, varchar))
	register("hamming_distance", "hamming_distance(varchar(x), varchar(y))", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		x, y := []rune(a[0].(string)), []rune(a[1].(string))
		if len(x) != len(y) {
			return nil, invalidArg("The input strings to hamming_distance function must have the same length")
		}
		d := int64(0)
		for i := range x {
			if x[i] != y[i] {
				d++
			}
		}
		return d, nil
	}), varchar, varchar))
	register("translate", "translate(varchar(x), varchar(y), varchar(z))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		from, to := []rune(a[1].(string)), []rune(a[2].(string))
		m := map[rune]rune{}
		for i, r := range from {
			if _, ok := m[r]; ok {
				continue
			}
			if i < len(to) {
				m[r] = to[i]
			} else {
				m[r] = -1
			}
		}
		var b strings.Builder
		for _, r := range a[0].(string) {
			if t, ok := m[r]; ok {
				if t < 0 {
					continue
				}
				r = t
			}
			b.WriteRune(r)
		}
		return b.String(), nil
	}), varchar, varchar, varchar))

	register("strpos", "strpos(varchar(x), varchar(y), bigint)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return strposInstance(a[0].(string), a[1].(string), a[2].(int64))
	}), varchar, varchar, bigint))
	register("split", "split(varchar(x), varchar(y), bigint)", fixed(types.NewArray(varchar), rowWise(func(c *Context, a []any) (any, error) {
		s, d, limit := a[0].(string), a[1].(string), a[2].(int64)
		switch {
		case limit <= 0:
			return nil, invalidArg("Limit must be positive")
		case limit > 2147483647:
			return nil, invalidArg("Limit is too large")
		case d == "":
			return nil, invalidArg("The delimiter may not be the empty string")
		}
		parts := strings.SplitN(s, d, int(limit))
		// Trino stops splitting at the end of the string: a trailing
		// delimiter leaves an empty last part either way.
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	}), varchar, varchar, bigint))

	register("soundex", "soundex(varchar)", fixed(types.NewVarchar(4), rowWise(func(c *Context, a []any) (any, error) {
		return soundex(a[0].(string))
	}), varchar))
	register("luhn_check", "luhn_check(varchar)", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
		return luhnCheck(a[0].(string))
	}), varchar))

	// --- varbinary <-> varchar
	register("to_utf8", "to_utf8(varchar(x))", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) { return a[0], nil }), varchar))
	register("from_utf8", "from_utf8(varbinary)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return fixUTF8(a[0].(string), "\uFFFD"), nil
	}), varbinary))
	register("from_utf8", "from_utf8(varbinary, varchar(x))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		r := a[1].(string)
		if utf8.RuneCountInString(r) > 1 {
			return nil, invalidArg("Replacement character string must empty or a single character")
		}
		if r != "" && !utf8.ValidString(r) {
			return nil, invalidArg("Invalid replacement character")
		}
		return fixUTF8(a[0].(string), r), nil
	}), varbinary, varchar))
	register("from_utf8", "from_utf8(varbinary, bigint)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		cp := a[1].(int64)
		if cp > unicode.MaxRune || cp >= 0xd800 && cp <= 0xdfff || cp < 0 {
			return nil, invalidArg("Invalid replacement character")
		}
		return fixUTF8(a[0].(string), string(rune(cp))), nil
	}), varbinary, bigint))
	register("length", "length(varbinary)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return int64(len(a[0].(string))), nil
	}), varbinary))
	register("reverse", "reverse(varbinary)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
		b := []byte(a[0].(string))
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return string(b), nil
	}), varbinary))
	register("concat", "concat(varbinary...)", func(args []*types.Type) *Bound {
		if len(args) < 1 {
			return nil
		}
		sawBinary := false
		for _, a := range args {
			switch a.Kind {
			case types.Varbinary:
				sawBinary = true
			case types.Unknown:
			default:
				return nil
			}
		}
		if !sawBinary {
			return nil
		}
		ps := make([]*types.Type, len(args))
		for i := range ps {
			ps[i] = varbinary
		}
		return &Bound{Params: ps, Ret: varbinary, Impl: func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
			var b strings.Builder
			for i := 0; i < n; i++ {
				b.Reset()
				for _, a := range args {
					b.WriteString(a.Str[i])
				}
				out.AppendString(b.String())
			}
			return nil
		}}
	})
	binSubstr := rowWise(func(c *Context, a []any) (any, error) {
		length := int64(1<<62 - 1)
		if len(a) > 2 {
			length = a[2].(int64)
		}
		return binarySubstring(a[0].(string), a[1].(int64), length), nil
	})
	for _, name := range []string{"substr", "substring"} {
		register(name, name+"(varbinary, bigint)", fixed(varbinary, binSubstr, varbinary, bigint))
		register(name, name+"(varbinary, bigint, bigint)", fixed(varbinary, binSubstr, varbinary, bigint, bigint))
	}
}

func concatWs(sep string, vals []any) string {
	var b strings.Builder
	first := true
	for _, v := range vals {
		if v == nil {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		b.WriteString(v.(string))
		first = false
	}
	return b.String()
}

// padString is Trino's lpad/rpad: the result has exactly size code
// points, truncating text (from the right) when it is longer.
func padString(text string, size int64, padding string, left bool) (any, error) {
	if size < 0 || size > 2147483647 {
		return nil, invalidArg("Target length must be in the range [0..2147483647]")
	}
	if padding == "" {
		return nil, invalidArg("Padding string must not be empty")
	}
	r := []rune(text)
	n := int(size)
	if len(r) >= n {
		return string(r[:n]), nil
	}
	pr := []rune(padding)
	fill := make([]rune, n-len(r))
	for i := range fill {
		fill[i] = pr[i%len(pr)]
	}
	if left {
		return string(fill) + text, nil
	}
	return text + string(fill), nil
}

func padBinary(text string, size int64, padding string, left bool) (any, error) {
	if size < 0 || size > 2147483647 {
		return nil, invalidArg("Target length must be in the range [0..2147483647]")
	}
	if padding == "" {
		return nil, invalidArg("Padding bytes must not be empty")
	}
	n := int(size)
	if len(text) >= n {
		return text[:n], nil
	}
	fill := make([]byte, n-len(text))
	for i := range fill {
		fill[i] = padding[i%len(padding)]
	}
	if left {
		return string(fill) + text, nil
	}
	return text + string(fill), nil
}

func levenshtein(l, r []rune) (any, error) {
	if len(l) < len(r) {
		l, r = r, l
	}
	if len(r) == 0 {
		return int64(len(l)), nil
	}
	if int64(len(l))*int64(len(r)-1) > 1_000_000 {
		return nil, invalidArg("The combined inputs for Levenshtein distance are too large")
	}
	prev := make([]int, len(r)+1)
	cur := make([]int, len(r)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(l); i++ {
		cur[0] = i
		for j := 1; j <= len(r); j++ {
			cost := 1
			if l[i-1] == r[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return int64(prev[len(r)]), nil
}

func strposInstance(s, sub string, instance int64) (any, error) {
	if instance == 0 {
		return nil, invalidArg("'instance' must be a positive or negative number.")
	}
	if sub == "" {
		return int64(1), nil
	}
	if instance > 0 {
		idx := -1
		for found := int64(0); found < instance; found++ {
			i := strings.Index(s[idx+1:], sub)
			if i < 0 {
				return int64(0), nil
			}
			idx += 1 + i
		}
		return int64(utf8.RuneCountInString(s[:idx]) + 1), nil
	}
	idx := len(s)
	for found := int64(0); found < -instance; found++ {
		// Java's lastIndexOf(sub, idx-1): a match starting at or before idx-1.
		end := min(idx-1+len(sub), len(s))
		if end < 0 {
			return int64(0), nil
		}
		i := strings.LastIndex(s[:end], sub)
		if i < 0 {
			return int64(0), nil
		}
		idx = i
	}
	return int64(utf8.RuneCountInString(s[:idx]) + 1), nil
}

// fixUTF8 replaces each invalid byte with repl (empty drops it).
func fixUTF8(s, repl string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w <= 1 {
			b.WriteString(repl)
			i++
			continue
		}
		b.WriteString(s[i : i+w])
		i += w
	}
	return b.String()
}

func binarySubstring(s string, start, length int64) string {
	n := int64(len(s))
	if start == 0 || length <= 0 || n == 0 {
		return ""
	}
	if start > 0 {
		if start > n {
			return ""
		}
		end := n
		if length < n-start+1 {
			end = start - 1 + length
		}
		return s[start-1 : end]
	}
	start += n
	if start < 0 {
		return ""
	}
	end := n
	if start+length < n {
		end = start + length
	}
	return s[start:end]
}

// soundex is Apache commons-codec's US English Soundex, as Trino uses it.
func soundex(s string) (any, error) {
	const mapping = "01230120022455012623010202"
	var letters []byte
	for _, r := range s {
		if r > unicode.MaxASCII {
			if unicode.IsLetter(r) {
				return nil, invalidArg("The character is not mapped: %c (index=%d)", unicode.ToUpper(r), int(unicode.ToUpper(r))-'A')
			}
			continue
		}
		c := byte(r)
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c >= 'A' && c <= 'Z' {
			letters = append(letters, c)
		}
	}
	if len(letters) == 0 {
		return "", nil
	}
	out := []byte{letters[0], '0', '0', '0'}
	last := mapping[letters[0]-'A']
	n := 1
	for i := 1; i < len(letters) && n < 4; i++ {
		c := letters[i]
		code := mapping[c-'A']
		if code != '0' {
			if code != last {
				out[n] = code
				n++
			}
			last = code
		} else if c != 'H' && c != 'W' {
			last = code
		}
	}
	return string(out), nil
}

func luhnCheck(s string) (any, error) {
	if s == "" {
		return false, nil
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, invalidArg("Input contains non-digit character")
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0, nil
}
