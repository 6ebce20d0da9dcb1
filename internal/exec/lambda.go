package exec

import (
	"fmt"
	"sort"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Higher-order functions evaluate their lambda over every element of
// every row of a batch at once: the elements are flattened into one
// synthetic batch whose columns are the outer row's columns, gathered once
// per element (for captured columns), while the lambda's parameters are
// vectors on the evaluator's frame stack (LambdaParam reads them).

func (ev *Evaluator) pushFrame(params []*vector.Vector) { ev.frames = append(ev.frames, params) }
func (ev *Evaluator) popFrame()                         { ev.frames = ev.frames[:len(ev.frames)-1] }

func (ev *Evaluator) lambdaParam(x *plan.LambdaParam) (*vector.Vector, error) {
	if x.Depth >= len(ev.frames) {
		return nil, fmt.Errorf("lambda parameter %s evaluated outside its lambda", x.Name)
	}
	return ev.frames[x.Depth][x.Index], nil
}

// applyLambda evaluates l over the elements: rows[k] is the outer row of
// element k, params[p][k] the value of parameter p.
func (ev *Evaluator) applyLambda(l *plan.Lambda, b *vector.Batch, rows []int, params [][]any) (*vector.Vector, error) {
	synth := GatherBatch(b, rows)
	pv := make([]*vector.Vector, len(params))
	for p, vals := range params {
		v := vector.New(l.Params[p], len(vals))
		for _, x := range vals {
			v.Append(x)
		}
		pv[p] = v
	}
	// Frames below this lambda's depth stay; a nested lambda sees its
	// enclosing parameters gathered along with the row.
	saved := ev.frames
	ev.frames = append([][]*vector.Vector{}, ev.frames[:l.Depth]...)
	for d := range ev.frames {
		gathered := make([]*vector.Vector, len(ev.frames[d]))
		for i, v := range ev.frames[d] {
			gathered[i] = Gather(v, rows)
		}
		ev.frames[d] = gathered
	}
	ev.pushFrame(pv)
	out, err := ev.Eval(l.Body, synth)
	ev.frames = saved
	return out, err
}

func (ev *Evaluator) evalHigherOrder(x *plan.HigherOrder, b *vector.Batch) (*vector.Vector, error) {
	n := b.N
	vals := make([]*vector.Vector, len(x.Args))
	for i, a := range x.Args {
		if _, ok := a.(*plan.Lambda); ok {
			continue
		}
		v, err := ev.Eval(a, b)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	out := vector.New(x.T, n)
	switch x.Name {
	case "filter", "transform", "any_match", "all_match", "none_match":
		l := x.Args[1].(*plan.Lambda)
		var rows []int
		var elems []any
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) {
				continue
			}
			for _, e := range vals[0].Value(i).([]any) {
				rows = append(rows, i)
				elems = append(elems, e)
			}
		}
		res, err := ev.applyLambda(l, b, rows, [][]any{elems})
		if err != nil {
			return nil, err
		}
		k := 0
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) {
				out.AppendNull()
				continue
			}
			m := len(vals[0].Value(i).([]any))
			switch x.Name {
			case "filter":
				kept := []any{}
				for j := 0; j < m; j++ {
					if !res.IsNull(k+j) && res.Bool[k+j] {
						kept = append(kept, elems[k+j])
					}
				}
				out.Append(kept)
			case "transform":
				mapped := make([]any, m)
				for j := 0; j < m; j++ {
					mapped[j] = res.Value(k + j)
				}
				out.Append(mapped)
			default:
				anyTrue, anyFalse, anyNull := false, false, false
				for j := 0; j < m; j++ {
					switch {
					case res.IsNull(k + j):
						anyNull = true
					case res.Bool[k+j]:
						anyTrue = true
					default:
						anyFalse = true
					}
				}
				switch x.Name {
				case "any_match":
					appendTri(out, anyTrue, !anyTrue && anyNull)
				case "all_match":
					appendTri(out, !anyFalse && !anyNull, !anyFalse && anyNull)
				case "none_match":
					appendTri(out, !anyTrue && !anyNull, !anyTrue && anyNull)
				}
			}
			k += m
		}
		return out, nil
	case "map_filter", "transform_keys", "transform_values":
		l := x.Args[1].(*plan.Lambda)
		var rows []int
		var keys, vs []any
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) {
				continue
			}
			m := vals[0].Value(i).(*types.MapValue)
			for j := range m.Keys {
				rows = append(rows, i)
				keys = append(keys, m.Keys[j])
				vs = append(vs, m.Values[j])
			}
		}
		res, err := ev.applyLambda(l, b, rows, [][]any{keys, vs})
		if err != nil {
			return nil, err
		}
		k := 0
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) {
				out.AppendNull()
				continue
			}
			m := vals[0].Value(i).(*types.MapValue)
			r := &types.MapValue{}
			seen := map[string]bool{}
			for j := range m.Keys {
				switch x.Name {
				case "map_filter":
					if !res.IsNull(k+j) && res.Bool[k+j] {
						r.Keys, r.Values = append(r.Keys, m.Keys[j]), append(r.Values, m.Values[j])
					}
				case "transform_values":
					r.Keys, r.Values = append(r.Keys, m.Keys[j]), append(r.Values, res.Value(k+j))
				case "transform_keys":
					nk := res.Value(k + j)
					if nk == nil {
						return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "map key cannot be null")
					}
					key := string(value.AppendKey(nil, x.T.Key, nk))
					if seen[key] {
						return nil, sqlerr.New(sqlerr.InvalidFunctionArgument, "Duplicate map keys (%s) are not allowed", value.Format(x.T.Key, nk))
					}
					seen[key] = true
					r.Keys, r.Values = append(r.Keys, nk), append(r.Values, m.Values[j])
				}
			}
			out.Append(r)
			k += len(m.Keys)
		}
		return out, nil
	case "zip_with":
		l := x.Args[2].(*plan.Lambda)
		var rows []int
		var as, bs []any
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) || vals[1].IsNull(i) {
				continue
			}
			a, c := vals[0].Value(i).([]any), vals[1].Value(i).([]any)
			for j := 0; j < max(len(a), len(c)); j++ {
				rows = append(rows, i)
				as, bs = append(as, at(a, j)), append(bs, at(c, j))
			}
		}
		res, err := ev.applyLambda(l, b, rows, [][]any{as, bs})
		if err != nil {
			return nil, err
		}
		k := 0
		for i := 0; i < n; i++ {
			if vals[0].IsNull(i) || vals[1].IsNull(i) {
				out.AppendNull()
				continue
			}
			m := max(len(vals[0].Value(i).([]any)), len(vals[1].Value(i).([]any)))
			r := make([]any, m)
			for j := range r {
				r[j] = res.Value(k + j)
			}
			out.Append(r)
			k += m
		}
		return out, nil
	case "reduce":
		return ev.reduce(x, b, vals, out)
	case "array_sort":
		return ev.arraySortLambda(x, b, vals, out)
	}
	return nil, fmt.Errorf("unknown higher-order function %s", x.Name)
}

func at(a []any, j int) any {
	if j < len(a) {
		return a[j]
	}
	return nil
}

// appendTri appends TRUE, NULL or FALSE.
func appendTri(out *vector.Vector, isTrue, isNull bool) {
	switch {
	case isTrue:
		out.AppendBool(true)
	case isNull:
		out.AppendNull()
	default:
		out.AppendBool(false)
	}
}

// reduce folds each row's array step by step; step k runs the lambda once
// over every row that still has a k-th element.
func (ev *Evaluator) reduce(x *plan.HigherOrder, b *vector.Batch, vals []*vector.Vector, out *vector.Vector) (*vector.Vector, error) {
	n := b.N
	step, final := x.Args[2].(*plan.Lambda), x.Args[3].(*plan.Lambda)
	state := make([]any, n)
	arrays := make([][]any, n)
	longest := 0
	for i := 0; i < n; i++ {
		state[i] = vals[1].Value(i)
		if !vals[0].IsNull(i) {
			arrays[i] = vals[0].Value(i).([]any)
			longest = max(longest, len(arrays[i]))
		}
	}
	for k := 0; k < longest; k++ {
		var rows []int
		var ss, es []any
		for i := 0; i < n; i++ {
			if k < len(arrays[i]) {
				rows = append(rows, i)
				ss, es = append(ss, state[i]), append(es, arrays[i][k])
			}
		}
		res, err := ev.applyLambda(step, b, rows, [][]any{ss, es})
		if err != nil {
			return nil, err
		}
		for j, i := range rows {
			state[i] = value.Clone(res.Value(j))
		}
	}
	var rows []int
	var ss []any
	for i := 0; i < n; i++ {
		if !vals[0].IsNull(i) {
			rows = append(rows, i)
			ss = append(ss, state[i])
		}
	}
	res, err := ev.applyLambda(final, b, rows, [][]any{ss})
	if err != nil {
		return nil, err
	}
	j := 0
	for i := 0; i < n; i++ {
		if vals[0].IsNull(i) {
			out.AppendNull()
			continue
		}
		out.Append(res.Value(j))
		j++
	}
	return out, nil
}

// arraySortLambda sorts each row's array with a comparator lambda that
// returns a negative number, zero or a positive number.
func (ev *Evaluator) arraySortLambda(x *plan.HigherOrder, b *vector.Batch, vals []*vector.Vector, out *vector.Vector) (*vector.Vector, error) {
	l := x.Args[1].(*plan.Lambda)
	for i := 0; i < b.N; i++ {
		if vals[0].IsNull(i) {
			out.AppendNull()
			continue
		}
		arr := append([]any{}, vals[0].Value(i).([]any)...)
		var cmpErr error
		sort.SliceStable(arr, func(p, q int) bool {
			if cmpErr != nil {
				return false
			}
			res, err := ev.applyLambda(l, b, []int{i}, [][]any{{arr[p]}, {arr[q]}})
			if err != nil {
				cmpErr = err
				return false
			}
			if res.IsNull(0) {
				cmpErr = sqlerr.New(sqlerr.InvalidFunctionArgument, "Lambda comparator must return either -1, 0, or 1")
				return false
			}
			return res.Int[0] < 0
		})
		if cmpErr != nil {
			return nil, cmpErr
		}
		out.Append(arr)
	}
	return out, nil
}
