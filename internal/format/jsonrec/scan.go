package jsonrec

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// scanStatus is the outcome of a scan.
type scanStatus uint8

const (
	scanOK   scanStatus = iota
	scanMore            // the data ended before the value did
	scanErr             // the value is not valid JSON; see scanner.errMsg
)

// String flags reported by scanString.
const (
	strEsc = 1 << iota // the string holds backslash escapes
)

// maxDepth bounds the nesting of objects and arrays.
const maxDepth = 10000

// member is one top-level member of a record: the key's bytes without the
// quotes and the value's span, as indexes into the scanned buffer.
type member struct {
	keyS, keyE int32
	valS, valE int32
	flags      uint8 // the key's string flags
	valFlags   uint8 // the value's string flags, when it is a string
}

// scanner validates JSON values and notes the top-level members of objects.
type scanner struct {
	members []member
	stack   []byte
	// ws is set when the value holds whitespace outside strings, so
	// sub-slices of it are not necessarily compact JSON.
	ws     bool
	errMsg string
	errPos int
}

func (s *scanner) fail(i int, format string, args ...any) (int, scanStatus) {
	s.errMsg = fmt.Sprintf(format, args...)
	s.errPos = i
	return i, scanErr
}

// quoteChar renders a byte for an error message as encoding/json does.
func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("0x%02x", c)
	}
	return "'" + string(rune(c)) + "'"
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// value scans the JSON value starting at b[i] (no leading whitespace) and
// returns the index just after it. When the value is an object its
// members are recorded in s.members. The caller must treat scanMore as
// "retry with more data" (or as the end of the value's bytes).
func (s *scanner) value(b []byte, i int) (int, scanStatus) {
	n := len(b)
	ms := s.members[:0]
	s.ws = false
	stk := s.stack[:0]
	var (
		keyS, keyE, valS int
		keyFlags         uint8
		valFl            uint8
		fl               uint8
		st               scanStatus
		c                byte
	)

value:
	if i >= n {
		s.stack, s.members = stk, ms
		return i, scanMore
	}
	c = b[i]
	switch c {
	case '"':
		// Inlined fast path: the closing quote among the next 8 bytes.
		if n-i > 8 {
			x := binary.LittleEndian.Uint64(b[i+1:])
			q := x ^ (lsb * '"')
			e := x ^ (lsb * '\\')
			t := (((q - lsb) &^ q) | ((e - lsb) &^ e) | ((x - lsb*0x20) &^ x)) & msb
			z := uint(bits.TrailingZeros64(t))
			if byte(q>>(z&56)) == 0 {
				i, valFl = i+int(z>>3)+2, 0
				goto after
			}
		}
		i, valFl, st = s.str(b, i+1)
		if st != scanOK {
			s.stack, s.members = stk, ms
			return i, st
		}
		goto after
	case '{':
		if len(stk) >= maxDepth {
			s.stack, s.members = stk, ms
			return s.fail(i, "nesting deeper than %d levels", maxDepth)
		}
		stk = append(stk, '{')
		i++
		if i < n && isSpace(b[i]) {
			i = s.space(b, i)
		}
		if i >= n {
			s.stack, s.members = stk, ms
			return i, scanMore
		}
		if b[i] == '}' {
			i++
			stk = stk[:len(stk)-1]
			goto after
		}
		goto key
	case '[':
		if len(stk) >= maxDepth {
			s.stack, s.members = stk, ms
			return s.fail(i, "nesting deeper than %d levels", maxDepth)
		}
		stk = append(stk, '[')
		i++
		if i < n && isSpace(b[i]) {
			i = s.space(b, i)
		}
		if i >= n {
			s.stack, s.members = stk, ms
			return i, scanMore
		}
		if b[i] == ']' {
			i++
			stk = stk[:len(stk)-1]
			goto after
		}
		goto value
	case 't':
		i, st = s.literal(b, i, "true")
	case 'f':
		i, st = s.literal(b, i, "false")
	case 'n':
		i, st = s.literal(b, i, "null")
	default:
		if c == '-' || c >= '0' && c <= '9' {
			i, st = s.number(b, i)
		} else {
			s.stack, s.members = stk, ms
			return s.fail(i, "invalid character %s looking for beginning of value", quoteChar(c))
		}
	}
	if st != scanOK {
		s.stack, s.members = stk, ms
		return i, st
	}

after:
	switch len(stk) {
	case 0:
		s.stack, s.members = stk, ms
		return i, scanOK
	case 1:
		if stk[0] == '{' {
			ms = append(ms, member{keyS: int32(keyS), keyE: int32(keyE), valS: int32(valS), valE: int32(i), flags: keyFlags, valFlags: valFl})
		}
	}
	if i < n && isSpace(b[i]) {
		i = s.space(b, i)
	}
	if i >= n {
		s.stack, s.members = stk, ms
		return i, scanMore
	}
	c = b[i]
	if c == ',' {
		i++
		if i < n && isSpace(b[i]) {
			i = s.space(b, i)
		}
		if i >= n {
			s.stack, s.members = stk, ms
			return i, scanMore
		}
		if stk[len(stk)-1] == '{' {
			goto key
		}
		goto value
	}
	if stk[len(stk)-1] == '{' {
		if c == '}' {
			i++
			stk = stk[:len(stk)-1]
			goto after
		}
		s.stack, s.members = stk, ms
		return s.fail(i, "invalid character %s after object key:value pair", quoteChar(c))
	}
	if c == ']' {
		i++
		stk = stk[:len(stk)-1]
		goto after
	}
	s.stack, s.members = stk, ms
	return s.fail(i, "invalid character %s after array element", quoteChar(c))

key:
	// b[i] is the first byte after '{' or ',' and whitespace; i < n.
	if b[i] != '"' {
		s.stack, s.members = stk, ms
		return s.fail(i, "invalid character %s looking for beginning of object key string", quoteChar(b[i]))
	}
	{
		ks := i + 1
		fast := false
		if n-ks >= 8 {
			x := binary.LittleEndian.Uint64(b[ks:])
			q := x ^ (lsb * '"')
			e := x ^ (lsb * '\\')
			t := (((q - lsb) &^ q) | ((e - lsb) &^ e) | ((x - lsb*0x20) &^ x)) & msb
			z := uint(bits.TrailingZeros64(t))
			if byte(q>>(z&56)) == 0 {
				i, fl, fast = ks+int(z>>3)+1, 0, true
			}
		}
		if !fast {
			i, fl, st = s.str(b, ks)
			if st != scanOK {
				s.stack, s.members = stk, ms
				return i, st
			}
		}
		if len(stk) == 1 {
			keyS, keyE, keyFlags = ks, i-1, fl
		}
	}
	if i < n && isSpace(b[i]) {
		i = s.space(b, i)
	}
	if i >= n {
		s.stack, s.members = stk, ms
		return i, scanMore
	}
	if b[i] != ':' {
		s.stack, s.members = stk, ms
		return s.fail(i, "invalid character %s after object key", quoteChar(b[i]))
	}
	i++
	if i < n && isSpace(b[i]) {
		i = s.space(b, i)
	}
	if len(stk) == 1 {
		valS = i
	}
	goto value
}

// space skips whitespace from b[i], noting that the value is not compact.
func (s *scanner) space(b []byte, i int) int {
	s.ws = true
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func (s *scanner) literal(b []byte, i int, lit string) (int, scanStatus) {
	for k := 1; k < len(lit); k++ {
		if i+k >= len(b) {
			return i + k, scanMore
		}
		if b[i+k] != lit[k] {
			return s.fail(i+k, "invalid character %s in literal %s (expecting %s)", quoteChar(b[i+k]), lit, quoteChar(lit[k]))
		}
	}
	return i + len(lit), scanOK
}

// number scans a JSON number starting at b[i] ('-' or a digit).
func (s *scanner) number(b []byte, i int) (int, scanStatus) {
	n := len(b)
	if b[i] == '-' {
		i++
		if i >= n {
			return i, scanMore
		}
		if b[i] < '0' || b[i] > '9' {
			return s.fail(i, "invalid character %s in numeric literal", quoteChar(b[i]))
		}
	}
	if b[i] == '0' {
		i++
	} else {
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i >= n {
		return i, scanMore
	}
	if b[i] == '.' {
		i++
		if i >= n {
			return i, scanMore
		}
		if b[i] < '0' || b[i] > '9' {
			return s.fail(i, "invalid character %s after decimal point in numeric literal", quoteChar(b[i]))
		}
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i >= n {
			return i, scanMore
		}
	}
	if b[i] == 'e' || b[i] == 'E' {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= n {
			return i, scanMore
		}
		if b[i] < '0' || b[i] > '9' {
			return s.fail(i, "invalid character %s in exponent of numeric literal", quoteChar(b[i]))
		}
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i >= n {
			return i, scanMore
		}
	}
	return i, scanOK
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// str scans a string body starting at b[i] (just after the opening
// quote), validating escapes and rejecting raw control characters. It
// returns the index just after the closing quote and the string's flags.
func (s *scanner) str(b []byte, i int) (int, uint8, scanStatus) {
	n := len(b)
	var fl uint8
	for {
		// Eight bytes at a time: stop at '"', '\\' or a control character.
		for i+8 <= n {
			x := binary.LittleEndian.Uint64(b[i:])
			q := x ^ (lsb * '"')
			e := x ^ (lsb * '\\')
			t := ((q - lsb) &^ q) | ((e - lsb) &^ e) | ((x - lsb*0x20) &^ x)
			t &= msb
			if t != 0 {
				i += bits.TrailingZeros64(t) >> 3
				goto special
			}
			i += 8
		}
		for i < n {
			c := b[i]
			if c == '"' || c == '\\' || c < 0x20 {
				goto special
			}
			i++
		}
		return i, fl, scanMore
	special:
		switch c := b[i]; {
		case c == '"':
			return i + 1, fl, scanOK
		case c == '\\':
			fl |= strEsc
			if i+1 >= n {
				return i + 1, fl, scanMore
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= n {
						return i + k, fl, scanMore
					}
					if !isHex(b[i+k]) {
						return s.failStr(i+k, "invalid character %s in \\u hexadecimal character escape", quoteChar(b[i+k]))
					}
				}
				i += 6
			default:
				return s.failStr(i+1, "invalid character %s in string escape code", quoteChar(b[i+1]))
			}
		default:
			return s.failStr(i, "invalid character %s in string literal", quoteChar(c))
		}
	}
}

func (s *scanner) failStr(i int, format string, args ...any) (int, uint8, scanStatus) {
	j, st := s.fail(i, format, args...)
	return j, 0, st
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// skipString returns the index after the closing quote of the (validated)
// string body starting at b[i], or len(b) when there is none.
func skipString(b []byte, i int) int {
	e, _ := strEnd(b, i)
	return min(e+1, len(b))
}

// skipValue returns the index just after the (validated) JSON value that
// starts at b[i], skipping leading whitespace. It never reads outside b.
func skipValue(b []byte, i int) int {
	n := len(b)
	for i < n && isSpace(b[i]) {
		i++
	}
	if i >= n {
		return n
	}
	switch b[i] {
	case '"':
		return skipString(b, i+1)
	case '{', '[':
		depth := 0
		for i < n {
			switch b[i] {
			case '"':
				i = skipString(b, i+1)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return n
	}
	// A literal or a number: up to the next delimiter.
	for i < n {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return n
}

// laxEnd finds the end of the object or array starting at b[i] by bracket
// depth alone (strings skipped), to resynchronise after a malformed record.
// ok is false when the data ends first.
func laxEnd(b []byte, i int) (int, bool) {
	n := len(b)
	depth := 0
	for i < n {
		switch b[i] {
		case '"':
			i++
			for i < n && b[i] != '"' {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			if i >= n {
				return n, false
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
		i++
	}
	return n, false
}
