package exec

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// subqueryResult is the cached outcome of one uncorrelated subquery: its
// plan runs once per query, whichever evaluator (operator or scan worker)
// needs it first.
type subqueryResult struct {
	mu   sync.Mutex
	done bool
	err  error

	scalar  any                 // ScalarSubquery
	exists  bool                // Exists
	set     map[string]struct{} // InSubquery: keys of the non-NULL values
	hasNull bool                // InSubquery: a NULL row was seen
	empty   bool                // InSubquery: no rows
}

// subquery returns e's cached result, running its plan with fill on first
// use.
func (ev *Evaluator) subquery(e plan.Expr, fill func(r *subqueryResult) error) (*subqueryResult, error) {
	if ev.env == nil {
		return nil, fmt.Errorf("cannot evaluate %s without an execution environment", e)
	}
	st := ev.env.state()
	st.subMu.Lock()
	r := st.subqueries[e]
	if r == nil {
		r = &subqueryResult{}
		st.subqueries[e] = r
	}
	st.subMu.Unlock()

	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.done {
		err := fill(r)
		if err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			return nil, err // not cached: another caller may still succeed
		}
		r.done, r.err = true, err
	}
	return r, r.err
}

func (ev *Evaluator) context() context.Context {
	if ev.ctx == nil {
		return context.Background()
	}
	return ev.ctx
}

// runSubquery builds p and hands each batch to fn until fn says stop.
func (ev *Evaluator) runSubquery(p plan.Node, fn func(b *vector.Batch) (stop bool, err error)) error {
	ctx := ev.context()
	op, err := Build(ctx, ev.env, p)
	if err != nil {
		return err
	}
	defer op.Close()
	for {
		b, err := op.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		if b.N == 0 {
			continue
		}
		stop, err := fn(b)
		if err != nil || stop {
			return err
		}
	}
}

func (ev *Evaluator) scalarSubquery(x *plan.ScalarSubquery) (any, error) {
	r, err := ev.subquery(x, func(r *subqueryResult) error {
		rows := 0
		return ev.runSubquery(x.Plan, func(b *vector.Batch) (bool, error) {
			rows += b.N
			if rows > 1 {
				return true, sqlerr.New(sqlerr.SubqueryMultipleRows, "Scalar sub-query has returned multiple rows")
			}
			r.scalar = value.Clone(b.Cols[0].Value(0))
			return false, nil
		})
	})
	if err != nil {
		return nil, err
	}
	return r.scalar, nil
}

func (ev *Evaluator) exists(x *plan.Exists) (bool, error) {
	r, err := ev.subquery(x, func(r *subqueryResult) error {
		return ev.runSubquery(x.Plan, func(b *vector.Batch) (bool, error) {
			r.exists = true
			return true, nil // one row is enough: stop (and close) the plan
		})
	})
	if err != nil {
		return false, err
	}
	return r.exists, nil
}

func (ev *Evaluator) evalInSubquery(x *plan.InSubquery, b *vector.Batch) (*vector.Vector, error) {
	xt := x.X.Type()
	r, err := ev.subquery(x, func(r *subqueryResult) error {
		r.set, r.empty = map[string]struct{}{}, true
		cols := x.Plan.Columns()
		if len(cols) != 1 {
			return fmt.Errorf("IN subquery has %d columns", len(cols))
		}
		ct := cols[0].Type
		mem := ev.env.reserve("SetBuilderOperator")
		var key []byte
		return ev.runSubquery(x.Plan, func(b *vector.Batch) (bool, error) {
			r.empty = false
			var size int64
			c := b.Cols[0]
			for i := 0; i < b.N; i++ {
				v := c.Value(i)
				if v == nil {
					r.hasNull = true
					continue
				}
				if !ct.Equal(xt) {
					cv, err := value.Cast(v, ct, xt, ev.FC.Zone)
					if err != nil {
						return true, functionError(err)
					}
					v = cv
				}
				key = value.AppendKey(key[:0], xt, v)
				if _, ok := r.set[string(key)]; !ok {
					r.set[string(key)] = struct{}{}
					size += int64(len(key)) + 48
				}
			}
			return false, mem.grow(size)
		})
	})
	if err != nil {
		return nil, err
	}
	xv, err := ev.Eval(x.X, b)
	if err != nil {
		return nil, err
	}
	// Floating-point and composite values need SQL equality, not the
	// grouping identity the keys encode (NaN, NULL elements).
	exact := !needsEqualCheck(xt)
	out := vector.New(types.BooleanType, b.N)
	var key []byte
	for i := 0; i < b.N; i++ {
		if r.empty {
			out.AppendBool(false)
			continue
		}
		if xv.IsNull(i) {
			out.AppendNull()
			continue
		}
		v := xv.Value(i)
		key = value.AppendKey(key[:0], xt, v)
		_, found := r.set[string(key)]
		if found && !exact {
			eq, known := value.Equal(xt, v, v)
			if !known {
				out.AppendNull()
				continue
			}
			found = eq
		}
		switch {
		case found:
			out.AppendBool(true)
		case r.hasNull:
			out.AppendNull()
		default:
			out.AppendBool(false)
		}
	}
	return out, nil
}

// needsEqualCheck reports whether keys of type t can encode equally while
// SQL equality says false or NULL (NaN, composites with NULL elements).
func needsEqualCheck(t *types.Type) bool {
	switch t.Kind {
	case types.Real, types.Double, types.Array, types.Row, types.Map:
		return true
	}
	return false
}
