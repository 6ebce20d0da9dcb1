package functions

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// compileJavaRegexp compiles a pattern written for Trino (Joni/Java
// syntax) with Go's RE2 engine, which shares the common syntax; features
// RE2 lacks (backreferences, lookaround) are reported as invalid.
func compileJavaRegexp(p string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, invalidArg("invalid regular expression %q: %v", p, err)
	}
	return re, nil
}

// IsLiteralRegexp reports whether a pattern matches exactly its own text
// as a substring (no metacharacters), so a scan may search for it.
func IsLiteralRegexp(p string) bool {
	return p != "" && regexp.QuoteMeta(p) == p
}

func init() {
	register("regexp_like", "regexp_like(varchar(x), JoniRegExp)", fixed(boolean, func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
		for i := 0; i < n; i++ {
			re, err := c.Regexp(args[1].Str[i])
			if err != nil {
				return err
			}
			out.AppendBool(re.MatchString(args[0].Str[i]))
		}
		return nil
	}, varchar, varchar))
	extract := func(c *Context, a []any) (any, error) {
		re, g, err := regexpGroup(c, a)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatchIndex(a[0].(string))
		if m == nil || m[2*g] < 0 {
			return nil, nil
		}
		return a[0].(string)[m[2*g]:m[2*g+1]], nil
	}
	register("regexp_extract", "regexp_extract(varchar(x), JoniRegExp)", fixed(varchar, rowWise(extract), varchar, varchar))
	register("regexp_extract", "regexp_extract(varchar(x), JoniRegExp, bigint)", fixed(varchar, rowWise(extract), varchar, varchar, bigint))
	extractAll := func(c *Context, a []any) (any, error) {
		re, g, err := regexpGroup(c, a)
		if err != nil {
			return nil, err
		}
		out := []any{}
		for _, m := range allMatches(re, a[0].(string)) {
			if m[2*g] < 0 {
				out = append(out, nil)
				continue
			}
			out = append(out, a[0].(string)[m[2*g]:m[2*g+1]])
		}
		return out, nil
	}
	register("regexp_extract_all", "regexp_extract_all(varchar(x), JoniRegExp)", fixed(types.NewArray(varchar), rowWise(extractAll), varchar, varchar))
	register("regexp_extract_all", "regexp_extract_all(varchar(x), JoniRegExp, bigint)", fixed(types.NewArray(varchar), rowWise(extractAll), varchar, varchar, bigint))
	replace := func(c *Context, a []any) (any, error) {
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		repl := ""
		if len(a) > 2 {
			repl = a[2].(string)
		}
		return regexpReplace(re, a[0].(string), repl)
	}
	register("regexp_replace", "regexp_replace(varchar(x), JoniRegExp)", fixed(varchar, rowWise(replace), varchar, varchar))
	register("regexp_replace", "regexp_replace(varchar(x), JoniRegExp, varchar(y))", fixed(varchar, rowWise(replace), varchar, varchar, varchar))
	register("regexp_count", "regexp_count(varchar(x), JoniRegExp)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		return int64(len(allMatches(re, a[0].(string)))), nil
	}), varchar, varchar))

	// --- JSON
	jsonScalar := func(c *Context, a []any) (any, error) {
		path, err := parseJSONPath(a[1].(string))
		if err != nil {
			return nil, err
		}
		v, ok := extractJSON(a[0].(string), path, false)
		if !ok {
			return nil, nil
		}
		switch x := v.(type) {
		case string:
			return x, nil
		case json.Number:
			return string(x), nil
		case bool:
			if x {
				return "true", nil
			}
			return "false", nil
		}
		return nil, nil
	}
	register("json_extract_scalar", "json_extract_scalar(varchar(x), JsonPath)", fixed(varchar, rowWise(jsonScalar), varchar, varchar))
	register("json_extract_scalar", "json_extract_scalar(json, JsonPath)", fixed(varchar, rowWise(jsonScalar), types.JSONType, varchar))
	jsonExtract := func(c *Context, a []any) (any, error) {
		path, err := parseJSONPath(a[1].(string))
		if err != nil {
			return nil, err
		}
		v, ok := extractJSON(a[0].(string), path, true)
		if !ok {
			return nil, nil
		}
		return marshalJSON(v), nil
	}
	register("json_extract", "json_extract(varchar(x), JsonPath)", fixed(types.JSONType, rowWise(jsonExtract), varchar, varchar))
	register("json_extract", "json_extract(json, JsonPath)", fixed(types.JSONType, rowWise(jsonExtract), types.JSONType, varchar))
	register("json_parse", "json_parse(varchar(x))", fixed(types.JSONType, rowWise(func(c *Context, a []any) (any, error) {
		v, err := decodeJSON(a[0].(string))
		if err != nil {
			return nil, invalidArg("Cannot convert value to JSON: '%s'", a[0].(string))
		}
		return marshalJSON(v), nil
	}), varchar))
	register("json_format", "json_format(json)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) { return a[0], nil }), types.JSONType))
	arrayLen := func(c *Context, a []any) (any, error) {
		v, err := decodeJSON(a[0].(string))
		if err != nil {
			return nil, nil
		}
		if arr, ok := v.([]any); ok {
			return int64(len(arr)), nil
		}
		return nil, nil
	}
	register("json_array_length", "json_array_length(json)", fixed(bigint, rowWise(arrayLen), types.JSONType))
	register("json_array_length", "json_array_length(varchar(x))", fixed(bigint, rowWise(arrayLen), varchar))

	// --- date and time
	fromISO := func(c *Context, a []any) (any, error) {
		v, err := value.ParseISO8601(a[0].(string), c.Zone)
		if err != nil {
			return nil, invalidArg("%s", err.Error())
		}
		return v, nil
	}
	register("from_iso8601_timestamp", "from_iso8601_timestamp(varchar(x))", fixed(types.TimestampTZType, rowWise(fromISO), varchar))
	register("from_iso8601_date", "from_iso8601_date(varchar(x))", fixed(types.DateType, rowWise(func(c *Context, a []any) (any, error) {
		d, err := value.ParseDate(a[0].(string))
		if err != nil {
			return nil, invalidArg("Invalid format: \"%s\"", a[0].(string))
		}
		return d, nil
	}), varchar))
	register("to_iso8601", "to_iso8601(timestamp(p) with time zone)", func(args []*types.Type) *Bound {
		if len(args) != 1 {
			return nil
		}
		t := args[0]
		switch t.Kind {
		case types.TimestampTZ, types.Timestamp, types.Date:
		default:
			return nil
		}
		return &Bound{Params: args, Ret: varchar, Impl: rowWise(func(c *Context, a []any) (any, error) {
			switch t.Kind {
			case types.Date:
				return value.FormatDate(a[0].(int64)), nil
			case types.Timestamp:
				tm := value.MicrosToTime(a[0].(int64))
				return isoLocal(tm, t.Precision), nil
			}
			tm := value.TZToTime(a[0].(int64))
			s := isoLocal(tm, t.Precision)
			_, off := tm.Zone()
			if off == 0 {
				return s + "Z", nil
			}
			return s + tm.Format("-07:00"), nil
		})}
	})
	register("from_unixtime", "from_unixtime(double)", fixed(types.TimestampTZType, rowWise(func(c *Context, a []any) (any, error) {
		return value.PackTZ(int64(math.Floor(a[0].(float64)*1000+0.5)), c.Zone), nil
	}), double))
	register("to_unixtime", "to_unixtime(timestamp(p) with time zone)", fixed(double, rowWise(func(c *Context, a []any) (any, error) {
		return float64(value.UnpackMillis(a[0].(int64))) / 1000, nil
	}), types.TimestampTZType))
	register("date_trunc", "date_trunc(varchar(x), T)", func(args []*types.Type) *Bound {
		if len(args) != 2 || !types.CanCoerce(args[0], varchar) {
			return nil
		}
		t := args[1]
		switch t.Kind {
		case types.Date, types.Timestamp, types.TimestampTZ:
		default:
			return nil
		}
		return &Bound{Params: []*types.Type{varchar, t}, Ret: t, Impl: rowWise(func(c *Context, a []any) (any, error) {
			unit := strings.ToLower(a[0].(string))
			if t.Kind == types.Date {
				switch unit {
				case "day", "week", "month", "quarter", "year":
				default:
					return nil, invalidArg("'%s' is not a valid DATE field", unit)
				}
			}
			var tm time.Time
			switch t.Kind {
			case types.Date:
				tm = value.DaysToTime(a[1].(int64))
			case types.Timestamp:
				tm = value.MicrosToTime(a[1].(int64))
			default:
				tm = value.TZToTime(a[1].(int64))
			}
			r, err := truncTime(tm, unit)
			if err != nil {
				return nil, err
			}
			switch t.Kind {
			case types.Date:
				return value.TimeToDays(r), nil
			case types.Timestamp:
				return value.TimeToMicros(r), nil
			}
			return value.TimeToTZ(r, value.UnpackZone(a[1].(int64))), nil
		})}
	})
	for _, f := range []struct {
		name string
		fn   func(time.Time) int64
	}{
		{"year", func(t time.Time) int64 { return int64(t.Year()) }},
		{"month", func(t time.Time) int64 { return int64(t.Month()) }},
		{"day", func(t time.Time) int64 { return int64(t.Day()) }},
		{"day_of_month", func(t time.Time) int64 { return int64(t.Day()) }},
		{"hour", func(t time.Time) int64 { return int64(t.Hour()) }},
		{"minute", func(t time.Time) int64 { return int64(t.Minute()) }},
		{"second", func(t time.Time) int64 { return int64(t.Second()) }},
		{"day_of_week", func(t time.Time) int64 { return int64((int(t.Weekday())+6)%7 + 1) }},
		{"dow", func(t time.Time) int64 { return int64((int(t.Weekday())+6)%7 + 1) }},
		{"day_of_year", func(t time.Time) int64 { return int64(t.YearDay()) }},
		{"doy", func(t time.Time) int64 { return int64(t.YearDay()) }},
		{"quarter", func(t time.Time) int64 { return int64((t.Month()-1)/3 + 1) }},
		{"week", func(t time.Time) int64 { _, w := t.ISOWeek(); return int64(w) }},
	} {
		f := f
		register(f.name, f.name+"(timestamp(p))", func(args []*types.Type) *Bound {
			if len(args) != 1 {
				return nil
			}
			t := args[0]
			switch t.Kind {
			case types.Date, types.Timestamp, types.TimestampTZ:
			default:
				return nil
			}
			return &Bound{Params: args, Ret: bigint, Impl: rowWise(func(c *Context, a []any) (any, error) {
				return f.fn(toTime(t, a[0].(int64))), nil
			})}
		})
	}
}

// isoLocal renders the wall time of tm as "2006-01-02T15:04:05" with
// precision fractional digits.
func isoLocal(tm time.Time, precision int) string {
	layout := "2006-01-02T15:04:05"
	if precision > 0 {
		layout += "." + strings.Repeat("0", min(precision, 9))
	}
	return tm.Format(layout)
}

// toTime converts a date, timestamp or timestamp with time zone to a
// time.Time in the value's own zone.
func toTime(t *types.Type, v int64) time.Time {
	switch t.Kind {
	case types.Date:
		return value.DaysToTime(v)
	case types.Timestamp:
		return value.MicrosToTime(v)
	}
	return value.TZToTime(v)
}

func truncTime(t time.Time, unit string) (time.Time, error) {
	loc := t.Location()
	switch unit {
	case "millisecond":
		return t.Truncate(time.Millisecond), nil
	case "second":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), nil
	case "minute":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc), nil
	case "hour":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc), nil
	case "day":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), nil
	case "week":
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		wd := (int(d.Weekday()) + 6) % 7
		return d.AddDate(0, 0, -wd), nil
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc), nil
	case "quarter":
		m := (t.Month()-1)/3*3 + 1
		return time.Date(t.Year(), m, 1, 0, 0, 0, 0, loc), nil
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, loc), nil
	}
	return t, invalidArg("'%s' is not a valid Timestamp field", unit)
}

func validateGroup(re *regexp.Regexp, g int64) error {
	if g < 0 {
		return invalidArg("Group cannot be negative")
	}
	if g > int64(re.NumSubexp()) {
		return invalidArg("Pattern has %d groups. Cannot access group %d", re.NumSubexp(), g)
	}
	return nil
}

// allMatches returns the submatch indexes of the successive matches of re
// in s as Trino (Joni) finds them: after a non-empty match ending at e, an
// empty match at e counts too (Go's FindAll drops it); after an empty
// match the search resumes one character later.
// regexpGroup compiles the pattern a[1] and checks the optional group
// a[2] (default 0) against it: the common start of regexp_extract and
// regexp_extract_all.
func regexpGroup(c *Context, a []any) (*regexp.Regexp, int64, error) {
	re, err := c.Regexp(a[1].(string))
	if err != nil {
		return nil, 0, err
	}
	g := int64(0)
	if len(a) > 2 {
		g = a[2].(int64)
	}
	return re, g, validateGroup(re, g)
}

func allMatches(re *regexp.Regexp, s string) [][]int {
	goMatches := re.FindAllStringSubmatchIndex(s, -1)
	if len(goMatches) == 0 || !matchesEmpty(re) || needsLeftContext(re) {
		return goMatches
	}
	var out [][]int
	for i, m := range goMatches {
		out = append(out, m)
		if m[1] == m[0] {
			continue
		}
		// Would the search resuming at m[1] find an empty match there?
		// Go skipped it; Joni reports it. A match of the next Go
		// result at the same position is non-empty, so no empty one.
		if i+1 < len(goMatches) && goMatches[i+1][0] == m[1] {
			continue
		}
		e := re.FindStringSubmatchIndex(s[m[1]:])
		if e != nil && e[0] == 0 && e[1] == 0 {
			for k := range e {
				if e[k] >= 0 {
					e[k] += m[1]
				}
			}
			out = append(out, e)
		}
	}
	return out
}

func matchesEmpty(re *regexp.Regexp) bool { return re.MatchString("") }

// needsLeftContext reports whether a pattern has assertions that look at
// the text before the match position (^, \A, \b, \B), where matching a
// suffix of the input would give a different answer.
func needsLeftContext(re *regexp.Regexp) bool {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return true
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		switch r.Op {
		case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return true
		}
		for _, sub := range r.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(t)
}

// regexpReplace is Trino's regexp_replace: in the replacement, $g is group
// g (taking as many digits as name an existing group), ${name} a named
// group, and a backslash escapes the next character.
func regexpReplace(re *regexp.Regexp, s, repl string) (any, error) {
	groups := re.NumSubexp() + 1
	var b strings.Builder
	last := 0
	for _, m := range allMatches(re, s) {
		b.WriteString(s[last:m[0]])
		last = m[1]
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			switch c {
			case '$':
				i++
				if i == len(repl) {
					return nil, invalidArg("Illegal replacement sequence: %s", repl)
				}
				var g int
				if repl[i] == '{' {
					end := strings.IndexByte(repl[i:], '}')
					name := repl[i+1:]
					if end >= 0 {
						name = repl[i+1 : i+end]
						i += end
					} else {
						i = len(repl)
					}
					g = re.SubexpIndex(name)
					if g < 0 {
						return nil, invalidArg("Illegal replacement sequence: unknown group { %s }", name)
					}
				} else {
					g = int(repl[i]) - '0'
					if g < 0 || g > 9 {
						return nil, invalidArg("Illegal replacement sequence: %s", repl)
					}
					if g >= groups {
						return nil, invalidArg("Illegal replacement sequence: unknown group %d", g)
					}
					for i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9' {
						ng := g*10 + int(repl[i+1]-'0')
						if ng >= groups {
							break
						}
						g = ng
						i++
					}
				}
				if m[2*g] >= 0 {
					b.WriteString(s[m[2*g]:m[2*g+1]])
				}
			case '\\':
				i++
				if i == len(repl) {
					return nil, invalidArg("Illegal replacement sequence: %s", repl)
				}
				b.WriteByte(repl[i])
			default:
				b.WriteByte(c)
			}
		}
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// --- JSON path (Trino's JsonPathTokenizer: $, .name, [name], ["quoted"])

// parseJSONPath splits a path into its tokens. A token names an object
// field, or (when it parses as an integer) an array element.
func parseJSONPath(p string) ([]string, error) {
	bad := func() error { return invalidArg("Invalid JSON path: '%s'", p) }
	if p == "" || p[0] != '$' {
		return nil, bad()
	}
	r := []rune(p[1:])
	var toks []string
	isSub := func(c rune) bool { return c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) }
	i := 0
	for i < len(r) {
		switch r[i] {
		case '.':
			i++
			j := i
			for j < len(r) && (r[j] == ':' || isSub(r[j])) {
				j++
			}
			if j == i {
				return nil, bad()
			}
			toks = append(toks, string(r[i:j]))
			i = j
		case '[':
			i++
			if i < len(r) && r[i] == '"' {
				i++
				var b strings.Builder
				closed := false
				for i < len(r) {
					c := r[i]
					if c == '\\' {
						if i+1 >= len(r) || r[i+1] != '"' && r[i+1] != '\\' {
							return nil, bad()
						}
						b.WriteRune(r[i+1])
						i += 2
						continue
					}
					if c == '"' {
						closed = true
						i++
						break
					}
					b.WriteRune(c)
					i++
				}
				if !closed {
					return nil, bad()
				}
				toks = append(toks, b.String())
			} else {
				j := i
				for j < len(r) && isSub(r[j]) {
					j++
				}
				if j == i {
					return nil, bad()
				}
				toks = append(toks, string(r[i:j]))
				i = j
			}
			if i >= len(r) || r[i] != ']' {
				return nil, bad()
			}
			i++
		default:
			return nil, bad()
		}
	}
	return toks, nil
}

// jsonObject is a decoded JSON object that keeps its members' order.
type jsonObject struct {
	keys []string
	vals []any
}

// extractJSON walks doc along path as Trino does, streaming: the first
// member with a matching name wins, an array step takes the element whose
// index the token spells, and anything else (a scalar in the way, a
// missing member, malformed JSON before the value) yields no value. With
// whole set, the value found is decoded whole (objects as *jsonObject);
// otherwise only a scalar is returned. A JSON null yields no value for a
// scalar and the JSON null for a whole value.
func extractJSON(doc string, path []string, whole bool) (any, bool) {
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	t, err := d.Token()
	if err != nil {
		return nil, false
	}
	for _, step := range path {
		delim, ok := t.(json.Delim)
		if !ok {
			return nil, false
		}
		switch delim {
		case '{':
			found := false
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, false
				}
				if k.(string) == step {
					found = true
					break
				}
				if err := skipJSON(d); err != nil {
					return nil, false
				}
			}
			if !found {
				return nil, false
			}
		case '[':
			idx, err := strconv.ParseInt(step, 10, 32)
			if err != nil {
				idx = -1
			}
			found := false
			for i := int64(0); d.More(); i++ {
				if i == idx {
					found = true
					break
				}
				if err := skipJSON(d); err != nil {
					return nil, false
				}
			}
			if !found {
				return nil, false
			}
		default:
			return nil, false
		}
		if t, err = d.Token(); err != nil {
			return nil, false
		}
	}
	if !whole {
		if _, ok := t.(json.Delim); ok || t == nil {
			return nil, false
		}
		return t, true
	}
	v, err := decodeFrom(d, t)
	if err != nil {
		return nil, false
	}
	return v, true
}

// skipJSON reads past one value.
func skipJSON(d *json.Decoder) error {
	t, err := d.Token()
	if err != nil {
		return err
	}
	_, err = decodeFrom(d, t)
	return err
}

// decodeFrom decodes the value that starts with token t.
func decodeFrom(d *json.Decoder, t json.Token) (any, error) {
	delim, ok := t.(json.Delim)
	if !ok {
		return t, nil
	}
	switch delim {
	case '{':
		o := &jsonObject{}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			vt, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeFrom(d, vt)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k.(string))
			o.vals = append(o.vals, v)
		}
		_, err := d.Token() // '}'
		return o, err
	case '[':
		arr := []any{}
		for d.More() {
			vt, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeFrom(d, vt)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := d.Token() // ']'
		return arr, err
	}
	return nil, fmt.Errorf("unexpected %v", delim)
}

func decodeJSON(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data")
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data")
	}
	return v, nil
}

// marshalJSON renders a decoded value as Trino (Jackson) writes JSON:
// compact, members in order (a Go map's sorted, as Trino's json_parse
// sorts them), floating-point numbers as Java doubles print.
func marshalJSON(v any) string {
	var b strings.Builder
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case json.Number:
		b.WriteString(jsonNumber(string(x)))
	case string:
		writeJSONString(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case *jsonObject:
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, x.vals[i])
		}
		b.WriteByte('}')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, x[k])
		}
		b.WriteByte('}')
	}
}

// jsonNumber renders a JSON number as Jackson re-emits it: integers keep
// their digits, anything with a fraction or exponent becomes a double.
func jsonNumber(n string) string {
	if !strings.ContainsAny(n, ".eE") {
		return n
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return n
	}
	return value.FormatDouble(f)
}

func writeJSONString(b *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}
