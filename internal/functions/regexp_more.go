package functions

import (
	"unicode/utf8"

	"trawl/internal/types"
)

// regexp_split and regexp_position, as Trino's JoniRegexpFunctions.

func init() {
	register("regexp_split", "regexp_split(varchar(x), JoniRegExp)", fixed(types.NewArray(varchar), rowWise(func(c *Context, a []any) (any, error) {
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		s := a[0].(string)
		out := []any{}
		last := 0
		for _, m := range allMatches(re, s) {
			out = append(out, s[last:m[0]])
			last = m[1]
		}
		return append(out, s[last:]), nil // trailing empty strings are kept
	}), varchar, varchar))
	position := func(c *Context, a []any) (any, error) {
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		s := a[0].(string)
		start, occurrence := int64(1), int64(1)
		if len(a) > 2 {
			start = a[2].(int64)
			if start < 1 {
				return nil, invalidArg("start must be a positive integer")
			}
		}
		if len(a) > 3 {
			occurrence = a[3].(int64)
			if occurrence < 1 {
				return nil, invalidArg("occurrence must be a positive integer")
			}
		}
		// start counts characters; find its byte offset.
		off, n := 0, int64(1)
		for off < len(s) && n < start {
			_, size := utf8.DecodeRuneInString(s[off:])
			off += size
			n++
		}
		if n < start {
			return int64(-1), nil
		}
		for _, m := range allMatches(re, s[off:]) {
			occurrence--
			if occurrence == 0 {
				return int64(utf8.RuneCountInString(s[:off+m[0]]) + 1), nil
			}
		}
		return int64(-1), nil
	}
	register("regexp_position", "regexp_position(varchar(x), JoniRegExp)", fixed(integer, rowWise(position), varchar, varchar))
	register("regexp_position", "regexp_position(varchar(x), JoniRegExp, bigint)", fixed(integer, rowWise(position), varchar, varchar, bigint))
	register("regexp_position", "regexp_position(varchar(x), JoniRegExp, bigint, bigint)", fixed(integer, rowWise(position), varchar, varchar, bigint, bigint))
}
