package exec

import (
	"context"

	"trawl/internal/plan"
	"trawl/internal/types"
	"trawl/internal/vector"
)

// unnestOp runs a plan.Unnest: each input row repeated once per element
// of the longest of its arrays/maps, next to the elements (zipped, padded
// with NULLs).
type unnestOp struct {
	in    Operator
	node  *plan.Unnest
	ev    *Evaluator
	types []*types.Type // output column types

	b    *vector.Batch
	vals []*vector.Vector // the unnested expressions over b
	row  int              // next input row
	elem int              // next element of row
}

func newUnnestOp(ctx context.Context, env *Env, x *plan.Unnest) (*unnestOp, error) {
	in, err := Build(ctx, env, x.Input)
	if err != nil {
		return nil, err
	}
	return &unnestOp{in: in, node: x, ev: newEvaluator(ctx, env), types: columnTypes(x.Columns())}, nil
}

// unnestLen is the number of elements of an array or map value (NULL: 0).
func unnestLen(v any) int {
	switch x := v.(type) {
	case []any:
		return len(x)
	case *types.MapValue:
		return len(x.Keys)
	}
	return 0
}

func (u *unnestOp) Next(ctx context.Context) (*vector.Batch, error) {
	nIn := len(u.node.Input.Columns())
	for {
		if u.b == nil {
			b, err := u.in.Next(ctx)
			if err != nil || b == nil {
				return nil, err
			}
			if b.N == 0 {
				continue
			}
			if u.vals, err = u.ev.evalAll(u.node.Exprs, b); err != nil {
				return nil, err
			}
			u.b, u.row, u.elem = b, 0, 0
		}
		out := vector.NewBatch(u.types, vector.BatchSize)
		var sel []int // input row of each output row
		for u.row < u.b.N && len(sel) < vector.BatchSize {
			longest := 0
			for _, v := range u.vals {
				longest = max(longest, unnestLen(v.Value(u.row)))
			}
			if longest == 0 {
				if u.node.Outer {
					sel = append(sel, u.row)
					for c := nIn; c < len(u.types); c++ {
						out.Cols[c].AppendNull()
					}
				}
				u.row++
				continue
			}
			for ; u.elem < longest && len(sel) < vector.BatchSize; u.elem++ {
				sel = append(sel, u.row)
				c := nIn
				for e, v := range u.vals {
					c = appendElement(out.Cols, c, u.node.Exprs[e].Type(), v.Value(u.row), u.elem)
				}
				if u.node.WithOrdinality {
					out.Cols[c].AppendInt(int64(u.elem + 1))
				}
			}
			if u.elem >= longest {
				u.row++
				u.elem = 0
			}
		}
		for c := 0; c < nIn; c++ {
			out.Cols[c] = Gather(u.b.Cols[c], sel)
		}
		out.N = len(sel)
		if u.row >= u.b.N {
			u.b, u.vals = nil, nil
		}
		if out.N > 0 {
			return out, nil
		}
	}
}

// appendElement appends element k of an array or map value (NULLs past
// its end) to the columns from c on and returns the next column.
func appendElement(cols []*vector.Vector, c int, t *types.Type, v any, k int) int {
	switch t.Kind {
	case types.Array:
		arr, _ := v.([]any)
		var e any
		if k < len(arr) {
			e = arr[k]
		}
		if t.Elem.Kind == types.Row {
			row, _ := e.([]any)
			for f := range t.Elem.Fields {
				if row == nil {
					cols[c+f].AppendNull()
				} else {
					cols[c+f].Append(row[f])
				}
			}
			return c + len(t.Elem.Fields)
		}
		cols[c].Append(e)
		return c + 1
	case types.Map:
		m, _ := v.(*types.MapValue)
		if m != nil && k < len(m.Keys) {
			cols[c].Append(m.Keys[k])
			cols[c+1].Append(m.Values[k])
		} else {
			cols[c].AppendNull()
			cols[c+1].AppendNull()
		}
		return c + 2
	}
	return c
}

func (u *unnestOp) Close() { u.in.Close() }
