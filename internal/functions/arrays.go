package functions

import (
	"sort"
	"strings"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
)

// Array and map functions that take no lambdas (Trino's Array*Function,
// Map*Function, SequenceFunction, RepeatFunction).

const maxSequence = 10000

// elemKey is a hash key for an element, NULL included.
func elemKey(t *types.Type, v any) string {
	if v == nil {
		return "\x00null"
	}
	return "\x01" + string(value.AppendKey(nil, t, v))
}

func arrayArgs(args []*types.Type, n int) bool {
	if len(args) != n {
		return false
	}
	for _, a := range args {
		if a.Kind != types.Array && a.Kind != types.Unknown {
			return false
		}
	}
	return true
}

// elemOf is the element type of an array argument type (unknown for a
// NULL literal).
func elemOf(t *types.Type) *types.Type {
	if t.Kind == types.Array {
		return t.Elem
	}
	return types.UnknownType
}

// twoArrays resolves f(array(E), array(E)) over the common element type.
func twoArrays(args []*types.Type) *types.Type {
	if !arrayArgs(args, 2) {
		return nil
	}
	return types.CommonSuperType(elemOf(args[0]), elemOf(args[1]))
}

func distinctValues(t *types.Type, vals []any) []any {
	seen := map[string]bool{}
	out := []any{}
	for _, v := range vals {
		k := elemKey(t, v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

func init() {
	join := func(t *types.Type) Impl {
		return rowWise(func(c *Context, a []any) (any, error) {
			var b strings.Builder
			first := true
			for _, e := range a[0].([]any) {
				var s string
				if e == nil {
					if len(a) < 3 {
						continue
					}
					s = a[2].(string)
				} else {
					v, err := value.Cast(e, t, varchar, c.Zone)
					if err != nil {
						return nil, err
					}
					s = v.(string)
				}
				if !first {
					b.WriteString(a[1].(string))
				}
				b.WriteString(s)
				first = false
			}
			return b.String(), nil
		})
	}
	register("array_join", "array_join(array(T), varchar)", func(args []*types.Type) *Bound {
		if len(args) != 2 || args[0].Kind != types.Array || !types.CanCoerce(args[1], varchar) || !value.CanCast(args[0].Elem, varchar) {
			return nil
		}
		return &Bound{Params: []*types.Type{args[0], varchar}, Ret: varchar, Impl: join(args[0].Elem)}
	})
	register("array_join", "array_join(array(T), varchar, varchar)", func(args []*types.Type) *Bound {
		if len(args) != 3 || args[0].Kind != types.Array || !types.CanCoerce(args[1], varchar) || !types.CanCoerce(args[2], varchar) || !value.CanCast(args[0].Elem, varchar) {
			return nil
		}
		return &Bound{Params: []*types.Type{args[0], varchar, varchar}, Ret: varchar, Impl: join(args[0].Elem)}
	})

	oneArray := func(name, sig string, check func(e *types.Type) bool, ret func(t *types.Type) *types.Type, fn func(e *types.Type, arr []any) (any, error)) {
		register(name, sig, func(args []*types.Type) *Bound {
			if len(args) != 1 || args[0].Kind != types.Array || check != nil && !check(args[0].Elem) {
				return nil
			}
			t := args[0]
			return &Bound{Params: args, Ret: ret(t), Impl: rowWise(func(c *Context, a []any) (any, error) {
				return fn(t.Elem, a[0].([]any))
			})}
		})
	}
	same := func(t *types.Type) *types.Type { return t }
	elem := func(t *types.Type) *types.Type { return t.Elem }
	comparable := func(e *types.Type) bool { return e.IsComparable() }
	orderable := func(e *types.Type) bool { return e.IsOrderable() }
	oneArray("array_distinct", "array_distinct(array(E))", comparable, same, func(e *types.Type, arr []any) (any, error) {
		return distinctValues(e, arr), nil
	})
	oneArray("array_sort", "array_sort(array(E))", orderable, same, func(e *types.Type, arr []any) (any, error) {
		out := append([]any{}, arr...)
		sort.SliceStable(out, func(i, j int) bool {
			switch {
			case out[i] == nil:
				return false
			case out[j] == nil:
				return true
			}
			return value.Compare(e, out[i], out[j]) < 0
		})
		return out, nil
	})
	for _, name := range []string{"array_max", "array_min"} {
		isMax := name == "array_max"
		oneArray(name, name+"(array(E))", orderable, elem, func(e *types.Type, arr []any) (any, error) {
			var best any
			for _, v := range arr {
				if v == nil {
					return nil, nil
				}
				if best == nil {
					best = v
					continue
				}
				c := value.Compare(e, v, best)
				if isMax && c > 0 || !isMax && c < 0 {
					best = v
				}
			}
			return best, nil
		})
	}
	register("reverse", "reverse(array(E))", func(args []*types.Type) *Bound {
		if len(args) != 1 || args[0].Kind != types.Array {
			return nil
		}
		return &Bound{Params: args, Ret: args[0], Impl: rowWise(func(c *Context, a []any) (any, error) {
			arr := a[0].([]any)
			out := make([]any, len(arr))
			for i, v := range arr {
				out[len(arr)-1-i] = v
			}
			return out, nil
		})}
	})
	register("flatten", "flatten(array(array(T)))", func(args []*types.Type) *Bound {
		if len(args) != 1 || args[0].Kind != types.Array || args[0].Elem.Kind != types.Array {
			return nil
		}
		return &Bound{Params: args, Ret: args[0].Elem, Impl: rowWise(func(c *Context, a []any) (any, error) {
			out := []any{}
			for _, inner := range a[0].([]any) {
				if inner != nil {
					out = append(out, inner.([]any)...)
				}
			}
			return out, nil
		})}
	})

	register("array_position", "array_position(array(T), T)", func(args []*types.Type) *Bound {
		if len(args) != 2 || args[0].Kind != types.Array {
			return nil
		}
		e := types.CommonSuperType(args[0].Elem, args[1])
		if e == nil || !e.IsComparable() {
			return nil
		}
		return &Bound{Params: []*types.Type{types.NewArray(e), e}, Ret: bigint, Impl: rowWise(func(c *Context, a []any) (any, error) {
			for i, v := range a[0].([]any) {
				if v == nil {
					continue
				}
				if eq, known := value.Equal(e, v, a[1]); eq && known {
					return int64(i + 1), nil
				}
			}
			return int64(0), nil
		})}
	})
	register("array_remove", "array_remove(array(E), E)", func(args []*types.Type) *Bound {
		if len(args) != 2 || args[0].Kind != types.Array {
			return nil
		}
		e := types.CommonSuperType(args[0].Elem, args[1])
		if e == nil || !e.IsComparable() {
			return nil
		}
		return &Bound{Params: []*types.Type{types.NewArray(e), e}, Ret: types.NewArray(e), Impl: rowWise(func(c *Context, a []any) (any, error) {
			out := []any{}
			for _, v := range a[0].([]any) {
				if v == nil {
					return nil, sqlerr.New(sqlerr.NotSupported, "array_remove does not support arrays with elements that are null or contain null")
				}
				eq, known := value.Equal(e, v, a[1])
				if !known {
					return nil, sqlerr.New(sqlerr.NotSupported, "array_remove does not support arrays with elements that are null or contain null")
				}
				if !eq {
					out = append(out, v)
				}
			}
			return out, nil
		})}
	})

	setOp := func(name string, fn func(e *types.Type, x, y []any) any) {
		register(name, name+"(array(E), array(E))", func(args []*types.Type) *Bound {
			e := twoArrays(args)
			if e == nil || !e.IsComparable() {
				return nil
			}
			at := types.NewArray(e)
			return &Bound{Params: []*types.Type{at, at}, Ret: at, Impl: rowWise(func(c *Context, a []any) (any, error) {
				return fn(e, a[0].([]any), a[1].([]any)), nil
			})}
		})
	}
	setOp("array_union", func(e *types.Type, x, y []any) any {
		return distinctValues(e, append(append([]any{}, x...), y...))
	})
	setOp("array_intersect", func(e *types.Type, x, y []any) any {
		in := map[string]bool{}
		for _, v := range y {
			in[elemKey(e, v)] = true
		}
		out := []any{}
		seen := map[string]bool{}
		for _, v := range x {
			k := elemKey(e, v)
			if in[k] && !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
		return out
	})
	setOp("array_except", func(e *types.Type, x, y []any) any {
		seen := map[string]bool{}
		for _, v := range y {
			seen[elemKey(e, v)] = true
		}
		out := []any{}
		for _, v := range x {
			k := elemKey(e, v)
			if !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
		return out
	})
	register("arrays_overlap", "arrays_overlap(array(E), array(E))", func(args []*types.Type) *Bound {
		e := twoArrays(args)
		if e == nil || !e.IsComparable() {
			return nil
		}
		at := types.NewArray(e)
		return &Bound{Params: []*types.Type{at, at}, Ret: boolean, Impl: rowWise(func(c *Context, a []any) (any, error) {
			x, y := a[0].([]any), a[1].([]any)
			if len(x) == 0 || len(y) == 0 {
				return false, nil
			}
			sawNull := false
			in := map[string]bool{}
			for _, v := range y {
				if v == nil {
					sawNull = true
					continue
				}
				in[elemKey(e, v)] = true
			}
			for _, v := range x {
				if v == nil {
					sawNull = true
					continue
				}
				if in[elemKey(e, v)] {
					return true, nil
				}
			}
			if sawNull {
				return nil, nil
			}
			return false, nil
		})}
	})

	register("slice", "slice(array(E), bigint, bigint)", func(args []*types.Type) *Bound {
		if len(args) != 3 || args[0].Kind != types.Array || !types.CanCoerce(args[1], bigint) || !types.CanCoerce(args[2], bigint) {
			return nil
		}
		return &Bound{Params: []*types.Type{args[0], bigint, bigint}, Ret: args[0], Impl: rowWise(func(c *Context, a []any) (any, error) {
			arr, from, length := a[0].([]any), a[1].(int64), a[2].(int64)
			if length < 0 {
				return nil, invalidArg("length must be greater than or equal to 0")
			}
			if from == 0 {
				return nil, invalidArg("SQL array indices start at 1")
			}
			n := int64(len(arr))
			start := from - 1
			if from < 0 {
				start = n + from
			}
			if start < 0 || start >= n || length == 0 {
				return []any{}, nil
			}
			end := min(start+length, n)
			return append([]any{}, arr[start:end]...), nil
		})}
	})

	register("repeat", "repeat(T, bigint)", func(args []*types.Type) *Bound {
		if len(args) != 2 || !types.CanCoerce(args[1], bigint) {
			return nil
		}
		t := args[0]
		return &Bound{Params: []*types.Type{t, bigint}, Ret: types.NewArray(t), NullCall: true, Impl: rowWise(func(c *Context, a []any) (any, error) {
			if a[1] == nil {
				return nil, nil
			}
			n := a[1].(int64)
			if n < 0 {
				return nil, invalidArg("count argument of repeat function must be greater than or equal to 0")
			}
			if n > maxSequence {
				return nil, invalidArg("count argument of repeat function must be less than or equal to 10000")
			}
			out := make([]any, n)
			for i := range out {
				out[i] = a[0]
			}
			return out, nil
		})}
	})

	register("sequence", "sequence(bigint, bigint)", fixed(types.NewArray(bigint), rowWise(func(c *Context, a []any) (any, error) {
		x, y := a[0].(int64), a[1].(int64)
		step := int64(1)
		if y < x {
			step = -1
		}
		return intSequence(x, y, step)
	}), bigint, bigint))
	register("sequence", "sequence(bigint, bigint, bigint)", fixed(types.NewArray(bigint), rowWise(func(c *Context, a []any) (any, error) {
		return intSequence(a[0].(int64), a[1].(int64), a[2].(int64))
	}), bigint, bigint, bigint))
	register("sequence", "sequence(date, date)", fixed(types.NewArray(types.DateType), rowWise(func(c *Context, a []any) (any, error) {
		x, y := a[0].(int64), a[1].(int64)
		step := int64(1)
		if y < x {
			step = -1
		}
		return intSequence(x, y, step)
	}), types.DateType, types.DateType))
	register("sequence", "sequence(date, date, interval day to second)", fixed(types.NewArray(types.DateType), rowWise(func(c *Context, a []any) (any, error) {
		step := a[2].(int64)
		if step%msPerDay != 0 {
			return nil, invalidArg("sequence step must be a day interval if start and end values are dates")
		}
		return intSequence(a[0].(int64), a[1].(int64), step/msPerDay)
	}), types.DateType, types.DateType, types.IntervalDayType))
	register("sequence", "sequence(date, date, interval year to month)", fixed(types.NewArray(types.DateType), rowWise(func(c *Context, a []any) (any, error) {
		return monthSequence(types.DateType, a[0].(int64), a[1].(int64), a[2].(int64))
	}), types.DateType, types.DateType, types.IntervalMonthType))
	register("sequence", "sequence(timestamp(p), timestamp(p), interval day to second)", func(args []*types.Type) *Bound {
		if len(args) != 3 || args[2].Kind != types.IntervalDayTime {
			return nil
		}
		t := types.CommonSuperType(args[0], args[1])
		if t == nil || t.Kind != types.Timestamp {
			return nil
		}
		return &Bound{Params: []*types.Type{t, t, types.IntervalDayType}, Ret: types.NewArray(t), Impl: rowWise(func(c *Context, a []any) (any, error) {
			return intSequence(a[0].(int64), a[1].(int64), a[2].(int64)*1000)
		})}
	})
	register("sequence", "sequence(timestamp(p), timestamp(p), interval year to month)", func(args []*types.Type) *Bound {
		if len(args) != 3 || args[2].Kind != types.IntervalYearMonth {
			return nil
		}
		t := types.CommonSuperType(args[0], args[1])
		if t == nil || t.Kind != types.Timestamp {
			return nil
		}
		return &Bound{Params: []*types.Type{t, t, types.IntervalMonthType}, Ret: types.NewArray(t), Impl: rowWise(func(c *Context, a []any) (any, error) {
			return monthSequence(t, a[0].(int64), a[1].(int64), a[2].(int64))
		})}
	})

	register("concat", "concat(array(E)...)", func(args []*types.Type) *Bound {
		if len(args) < 1 {
			return nil
		}
		var e *types.Type = types.UnknownType
		arrays := 0
		for _, a := range args {
			switch a.Kind {
			case types.Array:
				arrays++
				if e = types.CommonSuperType(e, a.Elem); e == nil {
					return nil
				}
			case types.Unknown:
			default:
				if len(args) != 2 {
					return nil
				}
			}
		}
		if arrays == 0 {
			return nil
		}
		isArray := make([]bool, len(args))
		for i, a := range args {
			isArray[i] = a.Kind == types.Array || arrays == len(args) || a.Kind == types.Unknown && arrays == 1 && len(args) > 2
			if !isArray[i] {
				// concat(element, array) or concat(array, element)
				if e = types.CommonSuperType(e, a); e == nil {
					return nil
				}
			}
		}
		at := types.NewArray(e)
		ps := make([]*types.Type, len(args))
		for i := range args {
			if isArray[i] {
				ps[i] = at
			} else {
				ps[i] = e
			}
		}
		return &Bound{Params: ps, Ret: at, Impl: rowWise(func(c *Context, a []any) (any, error) {
			out := []any{}
			for i, v := range a {
				if isArray[i] {
					out = append(out, v.([]any)...)
				} else {
					out = append(out, v)
				}
			}
			return out, nil
		})}
	})
	register("zip", "zip(array(T1), array(T2)...)", func(args []*types.Type) *Bound {
		if len(args) < 2 || len(args) > 5 {
			return nil
		}
		fs := make([]types.Field, len(args))
		for i, a := range args {
			if a.Kind != types.Array {
				return nil
			}
			fs[i] = types.Field{Type: a.Elem}
		}
		return &Bound{Params: args, Ret: types.NewArray(types.NewRow(fs...)), Impl: rowWise(func(c *Context, a []any) (any, error) {
			n := 0
			for _, v := range a {
				n = max(n, len(v.([]any)))
			}
			out := make([]any, n)
			for i := range out {
				row := make([]any, len(a))
				for j, v := range a {
					if arr := v.([]any); i < len(arr) {
						row[j] = arr[i]
					}
				}
				out[i] = row
			}
			return out, nil
		})}
	})

	// --- maps
	oneMap := func(name string, ret func(m *types.Type) *types.Type, fn func(m *types.MapValue) any) {
		register(name, name+"(map(K,V))", func(args []*types.Type) *Bound {
			if len(args) != 1 || args[0].Kind != types.Map {
				return nil
			}
			return &Bound{Params: args, Ret: ret(args[0]), Impl: rowWise(func(c *Context, a []any) (any, error) {
				return fn(a[0].(*types.MapValue)), nil
			})}
		})
	}
	oneMap("map_keys", func(m *types.Type) *types.Type { return types.NewArray(m.Key) }, func(m *types.MapValue) any {
		return append([]any{}, m.Keys...)
	})
	oneMap("map_values", func(m *types.Type) *types.Type { return types.NewArray(m.Value) }, func(m *types.MapValue) any {
		return append([]any{}, m.Values...)
	})
	oneMap("map_entries", func(m *types.Type) *types.Type {
		return types.NewArray(types.NewRow(types.Field{Type: m.Key}, types.Field{Type: m.Value}))
	}, func(m *types.MapValue) any {
		out := make([]any, len(m.Keys))
		for i := range m.Keys {
			out[i] = []any{m.Keys[i], m.Values[i]}
		}
		return out
	})
	register("map", "map()", func(args []*types.Type) *Bound {
		if len(args) != 0 {
			return nil
		}
		return &Bound{Ret: types.NewMap(types.UnknownType, types.UnknownType), Impl: rowWise(func(c *Context, a []any) (any, error) {
			return &types.MapValue{Keys: []any{}, Values: []any{}}, nil
		})}
	})
	register("map", "map(array(K), array(V))", func(args []*types.Type) *Bound {
		if !arrayArgs(args, 2) || args[0].Kind != types.Array || args[1].Kind != types.Array || !args[0].Elem.IsComparable() {
			return nil
		}
		kt, vt := args[0].Elem, args[1].Elem
		return &Bound{Params: args, Ret: types.NewMap(kt, vt), Impl: rowWise(func(c *Context, a []any) (any, error) {
			ks, vs := a[0].([]any), a[1].([]any)
			if len(ks) != len(vs) {
				return nil, invalidArg("Key and value arrays must be the same length")
			}
			return buildMap(kt, ks, vs)
		})}
	})
	register("map_from_entries", "map_from_entries(array(row(K,V)))", func(args []*types.Type) *Bound {
		if len(args) != 1 || args[0].Kind != types.Array || args[0].Elem.Kind != types.Row || len(args[0].Elem.Fields) != 2 {
			return nil
		}
		kt, vt := args[0].Elem.Fields[0].Type, args[0].Elem.Fields[1].Type
		return &Bound{Params: args, Ret: types.NewMap(kt, vt), Impl: rowWise(func(c *Context, a []any) (any, error) {
			entries := a[0].([]any)
			ks, vs := make([]any, len(entries)), make([]any, len(entries))
			for i, e := range entries {
				if e == nil {
					return nil, invalidArg("map entry cannot be null")
				}
				r := e.([]any)
				ks[i], vs[i] = r[0], r[1]
			}
			return buildMap(kt, ks, vs)
		})}
	})
	register("map_concat", "map_concat(map(K,V)...)", func(args []*types.Type) *Bound {
		if len(args) < 1 {
			return nil
		}
		var mt *types.Type
		for _, a := range args {
			if a.Kind != types.Map && a.Kind != types.Unknown {
				return nil
			}
			if mt == nil {
				mt = a
			} else if mt = types.CommonSuperType(mt, a); mt == nil {
				return nil
			}
		}
		if mt.Kind != types.Map {
			return nil
		}
		ps := make([]*types.Type, len(args))
		for i := range ps {
			ps[i] = mt
		}
		return &Bound{Params: ps, Ret: mt, Impl: rowWise(func(c *Context, a []any) (any, error) {
			out := &types.MapValue{Keys: []any{}, Values: []any{}}
			idx := map[string]int{}
			for _, v := range a {
				m := v.(*types.MapValue)
				for i, k := range m.Keys {
					key := elemKey(mt.Key, k)
					if j, ok := idx[key]; ok {
						out.Values[j] = m.Values[i]
						continue
					}
					idx[key] = len(out.Keys)
					out.Keys = append(out.Keys, k)
					out.Values = append(out.Values, m.Values[i])
				}
			}
			return out, nil
		})}
	})
}

func buildMap(kt *types.Type, ks, vs []any) (any, error) {
	seen := map[string]bool{}
	for _, k := range ks {
		if k == nil {
			return nil, invalidArg("map key cannot be null")
		}
		key := elemKey(kt, k)
		if seen[key] {
			return nil, invalidArg("Duplicate map keys (%s) are not allowed", value.Format(kt, k))
		}
		seen[key] = true
	}
	return &types.MapValue{Keys: append([]any{}, ks...), Values: append([]any{}, vs...)}, nil
}

func intSequence(start, stop, step int64) (any, error) {
	if step == 0 {
		return nil, invalidArg("step must not be zero")
	}
	if step > 0 && stop < start || step < 0 && stop > start {
		return nil, invalidArg("sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start")
	}
	n := (stop-start)/step + 1
	if n > maxSequence {
		return nil, invalidArg("result of sequence function must not have more than 10000 entries")
	}
	out := make([]any, n)
	for i := range out {
		out[i] = start + int64(i)*step
	}
	return out, nil
}

func monthSequence(t *types.Type, start, stop, months int64) (any, error) {
	if months == 0 {
		return nil, invalidArg("step must not be zero")
	}
	if months > 0 && stop < start || months < 0 && stop > start {
		return nil, invalidArg("sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start")
	}
	st := toTime(t, start)
	out := []any{}
	for i := int64(0); ; i++ {
		v := addMonths(st, i*months)
		var x int64
		if t.Kind == types.Date {
			x = value.TimeToDays(v)
		} else {
			x = value.TimeToMicros(v)
		}
		if months > 0 && x > stop || months < 0 && x < stop {
			break
		}
		if len(out) >= maxSequence {
			return nil, invalidArg("result of sequence function must not have more than 10000 entries")
		}
		out = append(out, x)
	}
	return out, nil
}
