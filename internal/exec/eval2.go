package exec

import (
	"regexp"
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// evalCase evaluates each arm only on the rows no earlier arm took.
func (ev *Evaluator) evalCase(x *plan.Case, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	results := make([]any, n)
	open := make([]int, n)
	for i := range open {
		open[i] = i
	}
	for _, w := range x.Whens {
		if len(open) == 0 {
			break
		}
		c, err := ev.EvalOn(w.Cond, b, open)
		if err != nil {
			return nil, err
		}
		var hit, rest []int
		for j, i := range open {
			if !c.IsNull(j) && c.Bool[j] {
				hit = append(hit, i)
			} else {
				rest = append(rest, i)
			}
		}
		if len(hit) > 0 {
			r, err := ev.EvalOn(w.Result, b, hit)
			if err != nil {
				return nil, err
			}
			for j, i := range hit {
				results[i] = r.Value(j)
			}
		}
		open = rest
	}
	if x.Else != nil && len(open) > 0 {
		r, err := ev.EvalOn(x.Else, b, open)
		if err != nil {
			return nil, err
		}
		for j, i := range open {
			results[i] = r.Value(j)
		}
	}
	out := vector.New(x.T, n)
	for _, v := range results {
		out.Append(v)
	}
	return out, nil
}

func (ev *Evaluator) evalCoalesce(x *plan.Coalesce, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	results := make([]any, n)
	open := make([]int, n)
	for i := range open {
		open[i] = i
	}
	for _, a := range x.Args {
		if len(open) == 0 {
			break
		}
		v, err := ev.EvalOn(a, b, open)
		if err != nil {
			return nil, err
		}
		var rest []int
		for j, i := range open {
			if v.IsNull(j) {
				rest = append(rest, i)
			} else {
				results[i] = v.Value(j)
			}
		}
		open = rest
	}
	out := vector.New(x.T, n)
	for _, v := range results {
		out.Append(v)
	}
	return out, nil
}

func (ev *Evaluator) evalIn(x *plan.In, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	v, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	t := x.X.Type()
	out := vector.New(types.BooleanType, n)
	// Fast path: all constants, hashed.
	allConst := true
	for _, e := range x.List {
		if _, ok := e.(*plan.Literal); !ok {
			allConst = false
			break
		}
	}
	if allConst && t.Kind != types.Double && t.Kind != types.Real && t.Physical() != types.PhysAny && t.Kind != types.TimestampTZ {
		set := map[string]struct{}{}
		hasNull := false
		for _, e := range x.List {
			l := e.(*plan.Literal)
			if l.Value == nil {
				hasNull = true
				continue
			}
			set[string(value.AppendKey(nil, t, l.Value))] = struct{}{}
		}
		var key []byte
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out.AppendNull()
				continue
			}
			key = value.AppendKey(key[:0], t, v.Value(i))
			if _, ok := set[string(key)]; ok {
				out.AppendBool(true)
			} else if hasNull {
				out.AppendNull()
			} else {
				out.AppendBool(false)
			}
		}
		return out, nil
	}
	items, err := ev.evalAll(x.List, b)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		if v.IsNull(i) {
			out.AppendNull()
			continue
		}
		found, sawNull := false, false
		for _, it := range items {
			if it.IsNull(i) {
				sawNull = true
				continue
			}
			eq, known := value.Equal(t, v.Value(i), it.Value(i))
			if !known {
				sawNull = true
			} else if eq {
				found = true
				break
			}
		}
		switch {
		case found:
			out.AppendBool(true)
		case sawNull:
			out.AppendNull()
		default:
			out.AppendBool(false)
		}
	}
	return out, nil
}

// LikeRegexp translates a SQL LIKE pattern to an anchored regular
// expression.
func LikeRegexp(pattern string, escape rune, hasEscape bool) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case hasEscape && r == escape:
			if i+1 >= len(rs) {
				return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Escape character must be followed by '%%', '_' or the escape character itself")
			}
			i++
			if rs[i] != '%' && rs[i] != '_' && rs[i] != escape {
				return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Escape character must be followed by '%%', '_' or the escape character itself")
			}
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case r == '%':
			b.WriteString(`.*`)
		case r == '_':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`\z`)
	return regexp.Compile(b.String())
}

func (ev *Evaluator) likeRegexp(pattern, escape string, hasEscape bool) (*regexp.Regexp, error) {
	key := pattern + "\x00" + escape
	if re, ok := ev.likes[key]; ok {
		return re, nil
	}
	var esc rune
	if hasEscape {
		rs := []rune(escape)
		if len(rs) != 1 {
			return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Escape string must be a single character")
		}
		esc = rs[0]
	}
	re, err := LikeRegexp(pattern, esc, hasEscape)
	if err != nil {
		return nil, err
	}
	ev.likes[key] = re
	return re, nil
}

// likeMatcher returns a fast matcher for patterns of the forms 'abc',
// 'abc%', '%abc', '%abc%' (no escape, no '_').
func likeMatcher(p string) func(string) bool {
	if strings.ContainsAny(p, "_") {
		return nil
	}
	inner := strings.Trim(p, "%")
	if strings.Contains(inner, "%") {
		return nil
	}
	pre, suf := strings.HasPrefix(p, "%"), strings.HasSuffix(p, "%")
	switch {
	case p == "%" || p == "%%":
		return func(string) bool { return true }
	case pre && suf:
		return func(s string) bool { return strings.Contains(s, inner) }
	case pre:
		return func(s string) bool { return strings.HasSuffix(s, inner) }
	case suf:
		return func(s string) bool { return strings.HasPrefix(s, inner) }
	}
	return func(s string) bool { return s == inner }
}

func (ev *Evaluator) evalLike(x *plan.Like, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	v, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	out := vector.New(types.BooleanType, n)
	if lit, ok := x.Pattern.(*plan.Literal); ok && x.Escape == nil {
		if lit.Value == nil {
			for i := 0; i < n; i++ {
				out.AppendNull()
			}
			return out, nil
		}
		m := likeMatcher(lit.Value.(string))
		if m == nil {
			re, err := ev.likeRegexp(lit.Value.(string), "", false)
			if err != nil {
				return nil, err
			}
			m = re.MatchString
		}
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out.AppendNull()
			} else {
				out.AppendBool(m(v.Str[i]))
			}
		}
		return out, nil
	}
	p, err := ev.Eval(x.Pattern, b)
	if err != nil {
		return nil, err
	}
	var e *vector.Vector
	if x.Escape != nil {
		if e, err = ev.Eval(x.Escape, b); err != nil {
			return nil, err
		}
	}
	for i := 0; i < n; i++ {
		if v.IsNull(i) || p.IsNull(i) || e != nil && e.IsNull(i) {
			out.AppendNull()
			continue
		}
		esc := ""
		if e != nil {
			esc = e.Str[i]
		}
		re, err := ev.likeRegexp(p.Str[i], esc, e != nil)
		if err != nil {
			return nil, err
		}
		out.AppendBool(re.MatchString(v.Str[i]))
	}
	return out, nil
}

func (ev *Evaluator) evalSubscript(x *plan.Subscript, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	base, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	idx, err := ev.Eval(x.Index, b)
	if err != nil {
		return nil, err
	}
	bt := x.X.Type()
	out := vector.New(x.T, n)
	for i := 0; i < n; i++ {
		if base.IsNull(i) || idx.IsNull(i) {
			out.AppendNull()
			continue
		}
		switch bt.Kind {
		case types.Array:
			arr := base.Any[i].([]any)
			k := idx.Int[i]
			if k < 1 || k > int64(len(arr)) {
				if k == 0 {
					return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "SQL array indices start at 1")
				}
				if k < 0 {
					return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Array subscript is negative: %d", k)
				}
				return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Array subscript must be less than or equal to array length: %d > %d", k, len(arr))
			}
			out.Append(arr[k-1])
		case types.Map:
			m := base.Any[i].(*types.MapValue)
			key := idx.Value(i)
			found := false
			for j, mk := range m.Keys {
				if eq, _ := value.Equal(bt.Key, mk, key); eq {
					out.Append(m.Values[j])
					found = true
					break
				}
			}
			if !found {
				return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Key not present in map: %s", value.Format(bt.Key, key))
			}
		case types.Row:
			k := idx.Int[i]
			out.Append(base.Any[i].([]any)[k-1])
		}
	}
	return out, nil
}

// evalTry evaluates X row by row when the batch fails, so one bad row
// becomes NULL without hiding the others.
func (ev *Evaluator) evalTry(x *plan.Try, b *vector.Batch) (*vector.Vector, error) {
	v, err := ev.Eval(x.X, b)
	if err == nil {
		return v, nil
	}
	if !isUserError(err) {
		return nil, err
	}
	n := b.N
	out := vector.New(x.Type(), n)
	for i := 0; i < n; i++ {
		r, err := ev.EvalOn(x.X, b, []int{i})
		if err != nil {
			if !isUserError(err) {
				return nil, err
			}
			out.AppendNull()
			continue
		}
		out.AppendFrom(r, 0)
	}
	return out, nil
}

func isUserError(err error) bool {
	switch sqlerr.CodeOf(err) {
	case sqlerr.InvalidFunctionArgument, sqlerr.InvalidCastArgument, sqlerr.DivisionByZero, sqlerr.NumericValueOutOfRange:
		return true
	}
	return false
}

// EvalFilter returns the rows of b where pred is true.
func (ev *Evaluator) EvalFilter(pred plan.Expr, b *vector.Batch) ([]int, error) {
	v, err := ev.Eval(pred, b)
	if err != nil {
		return nil, err
	}
	sel := make([]int, 0, b.N)
	for i := 0; i < b.N; i++ {
		if !v.IsNull(i) && v.Bool[i] {
			sel = append(sel, i)
		}
	}
	return sel, nil
}
