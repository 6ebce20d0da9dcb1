package jsonrec

import (
	"bytes"
	"unicode/utf8"
)

// appendUnescaped appends the text of a JSON string body (the bytes between
// the quotes) to dst, resolving escapes. \u escapes combine surrogate pairs;
// a lone surrogate becomes U+FFFD. Other bytes, including invalid UTF-8,
// are copied unchanged.
func appendUnescaped(dst, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if len(s) < 2 {
			return append(dst, s...)
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			dst = append(dst, c)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				dst = append(dst, s[:2]...)
				s = s[2:]
				continue
			}
			s = s[6:]
			if r >= 0xD800 && r < 0xDC00 {
				// A high surrogate: combine with a following low one.
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					if r2, ok := hex4(s[2:]); ok && r2 >= 0xDC00 && r2 < 0xE000 {
						dst = utf8.AppendRune(dst, (r-0xD800)<<10+(r2-0xDC00)+0x10000)
						s = s[6:]
						continue
					}
				}
				r = utf8.RuneError
			} else if r >= 0xDC00 && r < 0xE000 {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			dst = append(dst, s[:2]...)
		}
		s = s[2:]
	}
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// appendCompact appends the JSON text s without whitespace outside strings.
func appendCompact(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := skipString(s, i+1)
			dst = append(dst, s[i:j]...)
			i = j
		case isSpace(c):
			i++
		default:
			// Copy a run of structural characters, numbers and literals.
			j := i + 1
			for j < len(s) && s[j] != '"' && !isSpace(s[j]) {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
		}
	}
	return dst
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s []byte, n int) []byte {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRune(s[i:])
		i += size
	}
	return s[:i]
}
