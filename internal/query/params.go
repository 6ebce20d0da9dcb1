package query

import (
	"fmt"
	"strings"
)

// Substitute replaces the statement's ? placeholders, in order, with the
// execution parameters (SQL literal text such as 'ConsoleLogin' or 42), as
// Athena does for StartQueryExecution's ExecutionParameters. Question
// marks inside string literals, quoted identifiers and comments are left
// alone. The counts must match.
func Substitute(src string, params []string) (string, error) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(src) {
				if src[j] == c {
					if j+1 < len(src) && src[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(src))
			b.WriteString(src[i:end])
			i = end - 1
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			b.WriteString(src[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			end := len(src)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(src[i:end])
			i = end - 1
		case c == '?':
			if n < len(params) {
				b.WriteString(params[n])
			}
			n++
		default:
			b.WriteByte(c)
		}
	}
	if n != len(params) {
		return "", fmt.Errorf("%w: the query has %d parameter placeholders (?) but %d ExecutionParameters were given", ErrInvalid, n, len(params))
	}
	return b.String(), nil
}
