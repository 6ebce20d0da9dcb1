package functions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

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
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		g := int64(0)
		if len(a) > 2 {
			g = a[2].(int64)
		}
		if g < 0 || g > int64(re.NumSubexp()) {
			return nil, invalidArg("Pattern has %d groups. Cannot access group %d", re.NumSubexp(), g)
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
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		g := int64(0)
		if len(a) > 2 {
			g = a[2].(int64)
		}
		if g < 0 || g > int64(re.NumSubexp()) {
			return nil, invalidArg("Pattern has %d groups. Cannot access group %d", re.NumSubexp(), g)
		}
		out := []any{}
		for _, m := range re.FindAllStringSubmatchIndex(a[0].(string), -1) {
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
			repl = javaReplacement(a[2].(string))
		}
		return re.ReplaceAllString(a[0].(string), repl), nil
	}
	register("regexp_replace", "regexp_replace(varchar(x), JoniRegExp)", fixed(varchar, rowWise(replace), varchar, varchar))
	register("regexp_replace", "regexp_replace(varchar(x), JoniRegExp, varchar(y))", fixed(varchar, rowWise(replace), varchar, varchar, varchar))
	register("regexp_count", "regexp_count(varchar(x), JoniRegExp)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		re, err := c.Regexp(a[1].(string))
		if err != nil {
			return nil, err
		}
		return int64(len(re.FindAllStringIndex(a[0].(string), -1))), nil
	}), varchar, varchar))

	// --- JSON
	jsonScalar := func(c *Context, a []any) (any, error) {
		path, err := parseJSONPath(a[1].(string))
		if err != nil {
			return nil, err
		}
		v, ok := evalJSONPath(a[0].(string), path)
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
		v, ok := evalJSONPath(a[0].(string), path)
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
				return tm.Format("2006-01-02T15:04:05.000"), nil
			}
			tm := value.TZToTime(a[0].(int64))
			s := tm.Format("2006-01-02T15:04:05.000")
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

// javaReplacement turns Java's $1 / ${name} replacement syntax into Go's.
func javaReplacement(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '\\' && i+1 < len(r):
			i++
			if r[i] == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(r[i])
			}
		case c == '$' && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9':
			j := i + 1
			for j < len(r) && r[j] >= '0' && r[j] <= '9' {
				j++
			}
			b.WriteString("${" + r[i+1:j] + "}")
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// --- JSON path (Trino's JsonPath subset: $, .key, ["key"], [n], .*)

type jsonPathStep struct {
	key   string
	index int
	isIdx bool
}

func parseJSONPath(p string) ([]jsonPathStep, error) {
	bad := func() error { return invalidArg("Invalid JSON path: '%s'", p) }
	s := strings.TrimSpace(p)
	if !strings.HasPrefix(s, "$") {
		return nil, bad()
	}
	s = s[1:]
	var steps []jsonPathStep
	for len(s) > 0 {
		switch s[0] {
		case '.':
			s = s[1:]
			j := 0
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if j == 0 {
				return nil, bad()
			}
			steps = append(steps, jsonPathStep{key: s[:j]})
			s = s[j:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, bad()
			}
			inner := strings.TrimSpace(s[1:end])
			s = s[end+1:]
			if len(inner) >= 2 && (inner[0] == '"' && inner[len(inner)-1] == '"' || inner[0] == '\'' && inner[len(inner)-1] == '\'') {
				steps = append(steps, jsonPathStep{key: inner[1 : len(inner)-1]})
				continue
			}
			n, err := strconv.Atoi(inner)
			if err != nil {
				return nil, bad()
			}
			steps = append(steps, jsonPathStep{index: n, isIdx: true})
		default:
			return nil, bad()
		}
	}
	return steps, nil
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
	return v, nil
}

func evalJSONPath(doc string, path []jsonPathStep) (any, bool) {
	v, err := decodeJSON(doc)
	if err != nil {
		return nil, false
	}
	for _, st := range path {
		switch x := v.(type) {
		case map[string]any:
			if st.isIdx {
				return nil, false
			}
			nv, ok := x[st.key]
			if !ok {
				return nil, false
			}
			v = nv
		case []any:
			if !st.isIdx || st.index < 0 || st.index >= len(x) {
				return nil, false
			}
			v = x[st.index]
		default:
			return nil, false
		}
	}
	if v == nil {
		return nil, false
	}
	return v, true
}

func marshalJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
