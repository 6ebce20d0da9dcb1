// Package exec runs plans: pull-based operators over column batches, with
// a parallel table scan underneath. Operators: filter, project, aggregate
// (with grouping sets), sort and top-N, limit, values, hash and
// nested-loop joins (join.go), UNNEST (unnest.go), set operations
// (setop.go) and window functions (window.go); subquery expressions run
// once per query (subquery.go). Joins, windows, set operations and IN
// sets draw on one per-query memory pool (memory.go) and fail with
// EXCEEDED_LOCAL_MEMORY_LIMIT instead of growing without bound. A scan of
// a system table (system.go) takes its batches from the table's Go code,
// with the filter's simple conjuncts passed along as hints.
//
// The table scan (scan.go) prunes partitions before touching storage,
// then lists each surviving partition's prefix, eight at a time; with many
// candidates (a projection over years) it first walks the store's folders
// from their common prefix and keeps only those that exist (partwalk.go).
// Objects are read by one worker per core, or more for a remote store
// (S3), where each read waits on the network.
//
// Contract: Next returns the next batch, or (nil, nil) at the end of the
// stream. A returned batch belongs to the caller until its next call to
// Next. Close releases resources and stops background work; it is safe to
// call more than once and after the end of the stream.
package exec

import (
	"container/heap"
	"context"
	"fmt"
	"sort"
	"time"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Operator is one running plan node.
type Operator interface {
	Next(ctx context.Context) (*vector.Batch, error)
	Close()
}

var (
	_ Operator = (*scanOp)(nil)
	_ Operator = (*filterOp)(nil)
	_ Operator = (*projectOp)(nil)
	_ Operator = (*aggregateOp)(nil)
	_ Operator = (*sortOp)(nil)
	_ Operator = (*limitOp)(nil)
	_ Operator = (*valuesOp)(nil)
	_ Operator = (*joinOp)(nil)
	_ Operator = (*unnestOp)(nil)
	_ Operator = (*setOpOp)(nil)
	_ Operator = (*windowOp)(nil)
)

func newFunctionContext(env *Env) *functions.Context {
	now := env.Now
	if now.IsZero() {
		now = time.Now()
	}
	return functions.NewContext(env.Zone, now)
}

// Build turns a plan into running operators. Every operator checks for
// cancellation before each batch, so a stopped query ends promptly even
// when no scan is running (joins, windows and aggregates over VALUES or
// UNNEST).
func Build(ctx context.Context, env *Env, n plan.Node) (Operator, error) {
	op, err := build(ctx, env, n)
	if err != nil {
		return nil, err
	}
	if _, ok := op.(*scanOp); ok {
		return op, nil // the scan watches ctx itself
	}
	return &cancellable{op}, nil
}

// cancellable stops an operator's stream once its context is done.
type cancellable struct{ Operator }

func (c *cancellable) Next(ctx context.Context) (*vector.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.Operator.Next(ctx)
}

func build(ctx context.Context, env *Env, n plan.Node) (Operator, error) {
	switch x := n.(type) {
	case *plan.Scan:
		return newScanOp(ctx, env, x), nil
	case *plan.Filter:
		in, err := Build(ctx, env, x.Input)
		if err != nil {
			return nil, err
		}
		return &filterOp{in: in, pred: x.Pred, ev: newEvaluator(ctx, env)}, nil
	case *plan.Project:
		in, err := Build(ctx, env, x.Input)
		if err != nil {
			return nil, err
		}
		return &projectOp{in: in, exprs: x.Exprs, ev: newEvaluator(ctx, env)}, nil
	case *plan.Aggregate:
		in, err := Build(ctx, env, x.Input)
		if err != nil {
			return nil, err
		}
		return &aggregateOp{in: in, node: x, ev: newEvaluator(ctx, env), groups: map[string]int{}}, nil
	case *plan.Sort:
		in, err := Build(ctx, env, x.Input)
		if err != nil {
			return nil, err
		}
		return &sortOp{in: in, node: x, ev: newEvaluator(ctx, env)}, nil
	case *plan.Limit:
		in, err := Build(ctx, env, x.Input)
		if err != nil {
			return nil, err
		}
		return &limitOp{in: in, n: x.N, offset: x.Offset}, nil
	case *plan.Values:
		return &valuesOp{node: x, ev: newEvaluator(ctx, env)}, nil
	case *plan.Join:
		return newJoinOp(ctx, env, x)
	case *plan.Unnest:
		return newUnnestOp(ctx, env, x)
	case *plan.SetOp:
		return newSetOpOp(ctx, env, x)
	case *plan.Window:
		return newWindowOp(ctx, env, x)
	}
	return nil, fmt.Errorf("cannot run plan node %T", n)
}

// ---------------------------------------------------------------- filter

type filterOp struct {
	in   Operator
	pred plan.Expr
	ev   *Evaluator
}

func (f *filterOp) Next(ctx context.Context) (*vector.Batch, error) {
	for {
		b, err := f.in.Next(ctx)
		if b == nil || err != nil {
			return nil, err
		}
		sel, err := f.ev.EvalFilter(f.pred, b)
		if err != nil {
			return nil, err
		}
		if len(sel) == 0 {
			continue
		}
		if len(sel) == b.N {
			return b, nil
		}
		return GatherBatch(b, sel), nil
	}
}

func (f *filterOp) Close() { f.in.Close() }

// ---------------------------------------------------------------- project

type projectOp struct {
	in    Operator
	exprs []plan.Expr
	ev    *Evaluator
}

func (p *projectOp) Next(ctx context.Context) (*vector.Batch, error) {
	b, err := p.in.Next(ctx)
	if b == nil || err != nil {
		return nil, err
	}
	out := &vector.Batch{Cols: make([]*vector.Vector, len(p.exprs)), N: b.N}
	for i, e := range p.exprs {
		v, err := p.ev.Eval(e, b)
		if err != nil {
			return nil, err
		}
		out.Cols[i] = v
	}
	return out, nil
}

func (p *projectOp) Close() { p.in.Close() }

// ---------------------------------------------------------------- values

type valuesOp struct {
	node *plan.Values
	ev   *Evaluator
	done bool
}

func (v *valuesOp) Next(ctx context.Context) (*vector.Batch, error) {
	if v.done {
		return nil, nil
	}
	v.done = true
	ts := make([]*types.Type, len(v.node.Cols))
	for i, c := range v.node.Cols {
		ts[i] = c.Type
	}
	out := vector.NewBatch(ts, len(v.node.Rows))
	one := &vector.Batch{N: 1}
	for _, row := range v.node.Rows {
		for i, e := range row {
			r, err := v.ev.Eval(e, one)
			if err != nil {
				return nil, err
			}
			out.Cols[i].AppendFrom(r, 0)
		}
	}
	out.N = len(v.node.Rows)
	return out, nil
}

func (v *valuesOp) Close() {}

// ---------------------------------------------------------------- limit

type limitOp struct {
	in        Operator
	n, offset int64
	seen      int64
	closed    bool
}

func (l *limitOp) Next(ctx context.Context) (*vector.Batch, error) {
	for {
		if l.n >= 0 && l.seen >= l.offset+l.n {
			if !l.closed {
				l.closed = true
				l.in.Close() // stop the scan early
			}
			return nil, nil
		}
		b, err := l.in.Next(ctx)
		if b == nil || err != nil {
			return nil, err
		}
		start, end := int64(0), int64(b.N)
		if l.seen < l.offset {
			start = min(l.offset-l.seen, int64(b.N))
		}
		if l.n >= 0 {
			end = min(end, l.offset+l.n-l.seen)
		}
		l.seen += int64(b.N)
		if start >= end {
			continue
		}
		if start == 0 && end == int64(b.N) {
			return b, nil
		}
		sel := make([]int, 0, end-start)
		for i := start; i < end; i++ {
			sel = append(sel, int(i))
		}
		return GatherBatch(b, sel), nil
	}
}

func (l *limitOp) Close() { l.in.Close() }

// ---------------------------------------------------------------- aggregate

type aggregateOp struct {
	in     Operator
	node   *plan.Aggregate
	ev     *Evaluator
	groups map[string]int
	keys   [][]any
	setOf  []int // each group's grouping set
	states [][]functions.AggState
	done   bool
}

func (a *aggregateOp) groupSeen(set int) bool {
	for _, s := range a.setOf {
		if s == set {
			return true
		}
	}
	return false
}

func (a *aggregateOp) newStates() []functions.AggState { return newAggStates(a.node.Aggs) }

// newAggStates makes empty states for aggregate calls, wrapped for
// DISTINCT and ORDER BY.
func newAggStates(aggs []plan.AggCall) []functions.AggState {
	st := make([]functions.AggState, len(aggs))
	for i, g := range aggs {
		b := g.Fn
		if g.Distinct {
			b = functions.Distinct(b)
		}
		if len(g.OrderBy) > 0 {
			keys := make([]functions.SortSpec, len(g.OrderBy))
			for k, o := range g.OrderBy {
				keys[k] = functions.SortSpec{Type: o.Expr.Type(), Desc: o.Desc, NullsFirst: o.NullsFirst}
			}
			b = functions.Ordered(b, keys)
		}
		st[i] = b.New()
	}
	return st
}

// aggInputs evaluates the aggregate calls' arguments (then their ORDER BY
// keys) and FILTER conditions over a batch.
func aggInputs(ev *Evaluator, aggs []plan.AggCall, b *vector.Batch) (args [][]*vector.Vector, filters []*vector.Vector, err error) {
	args = make([][]*vector.Vector, len(aggs))
	filters = make([]*vector.Vector, len(aggs))
	for i, g := range aggs {
		args[i] = make([]*vector.Vector, len(g.Args), len(g.Args)+len(g.OrderBy))
		for j, e := range g.Args {
			if args[i][j], err = ev.Eval(e, b); err != nil {
				return nil, nil, err
			}
		}
		for _, o := range g.OrderBy {
			v, err := ev.Eval(o.Expr, b)
			if err != nil {
				return nil, nil, err
			}
			args[i] = append(args[i], v)
		}
		if g.Filter != nil {
			if filters[i], err = ev.Eval(g.Filter, b); err != nil {
				return nil, nil, err
			}
		}
	}
	return args, filters, nil
}

// addRow folds row r into the states, skipping aggregates whose FILTER
// is not TRUE there.
func addRow(states []functions.AggState, args [][]*vector.Vector, filters []*vector.Vector, r int) error {
	for i, st := range states {
		if f := filters[i]; f != nil && (f.IsNull(r) || !f.Bool[r]) {
			continue
		}
		if err := st.Add(args[i], r); err != nil {
			return functionError(err)
		}
	}
	return nil
}

func (a *aggregateOp) consume(ctx context.Context) error {
	keyTypes := make([]*types.Type, len(a.node.Keys))
	for i, k := range a.node.Keys {
		keyTypes[i] = k.Type()
	}
	var keyBuf []byte
	sets := a.node.Sets
	if sets == nil {
		all := make([]int, len(a.node.Keys))
		for i := range all {
			all[i] = i
		}
		sets = [][]int{all}
	}
	for {
		b, err := a.in.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		keyVecs := make([]*vector.Vector, len(a.node.Keys))
		for i, k := range a.node.Keys {
			if keyVecs[i], err = a.ev.Eval(k, b); err != nil {
				return err
			}
		}
		argVecs, filters, err := aggInputs(a.ev, a.node.Aggs, b)
		if err != nil {
			return err
		}
		for r := 0; r < b.N; r++ {
			for si, set := range sets {
				keyBuf = keyBuf[:0]
				if a.node.Sets != nil {
					keyBuf = append(keyBuf, byte(si), byte(si>>8))
				}
				for _, i := range set {
					keyBuf = value.AppendKey(keyBuf, keyTypes[i], keyVecs[i].Value(r))
				}
				gi, ok := a.groups[string(keyBuf)]
				if !ok {
					gi = len(a.keys)
					a.groups[string(keyBuf)] = gi
					kvals := make([]any, len(keyVecs))
					for _, i := range set {
						kvals[i] = value.Clone(keyVecs[i].Value(r)) // outlives the batch
					}
					a.keys = append(a.keys, kvals)
					a.setOf = append(a.setOf, si)
					a.states = append(a.states, a.newStates())
				}
				if err := addRow(a.states[gi], argVecs, filters, r); err != nil {
					return err
				}
			}
		}
	}
	// An empty grouping set yields its row even over no input.
	for si, set := range a.node.Sets {
		if len(set) == 0 && !a.groupSeen(si) {
			a.keys = append(a.keys, make([]any, len(a.node.Keys)))
			a.setOf = append(a.setOf, si)
			a.states = append(a.states, a.newStates())
		}
	}
	// A global aggregate over no rows still yields one row.
	if len(a.node.Keys) == 0 && len(a.keys) == 0 {
		a.keys = append(a.keys, nil)
		a.states = append(a.states, a.newStates())
	}
	return nil
}

func (a *aggregateOp) Next(ctx context.Context) (*vector.Batch, error) {
	if a.done {
		return nil, nil
	}
	a.done = true
	if err := a.consume(ctx); err != nil {
		return nil, err
	}
	cols := a.node.Columns()
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	out := vector.NewBatch(ts, len(a.keys))
	nk := len(a.node.Keys)
	for g := range a.keys {
		for i := 0; i < nk; i++ {
			out.Cols[i].Append(a.keys[g][i])
		}
		for i, st := range a.states[g] {
			v, err := functions.Final(st)
			if err != nil {
				return nil, functionError(err)
			}
			out.Cols[nk+i].Append(v)
		}
		if a.node.Sets != nil {
			out.Cols[len(out.Cols)-1].Append(int64(a.setOf[g]))
		}
	}
	out.N = len(a.keys)
	a.keys, a.states, a.groups = nil, nil, nil
	return out, nil
}

func (a *aggregateOp) Close() { a.in.Close() }

// ---------------------------------------------------------------- sort

type sortOp struct {
	in   Operator
	node *plan.Sort
	ev   *Evaluator
	rows []sortRow
	done bool
	keyT []*types.Type
}

type sortRow struct {
	keys []any
	vals []any
}

// clone copies the row's values out of the reader's buffers.
func (r *sortRow) clone() *sortRow {
	for i, v := range r.keys {
		r.keys[i] = value.Clone(v)
	}
	for i, v := range r.vals {
		r.vals[i] = value.Clone(v)
	}
	return r
}

func (s *sortOp) less(a, b *sortRow) bool {
	for i, k := range s.node.Keys {
		x, y := a.keys[i], b.keys[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			return k.NullsFirst
		case y == nil:
			return !k.NullsFirst
		}
		c := value.Compare(s.keyT[i], x, y)
		if c == 0 {
			continue
		}
		if k.Desc {
			return c > 0
		}
		return c < 0
	}
	return false
}

// rowHeap keeps the top-N rows with the worst one on top.
type rowHeap struct {
	s    *sortOp
	rows []*sortRow
}

func (h *rowHeap) Len() int           { return len(h.rows) }
func (h *rowHeap) Less(i, j int) bool { return h.s.less(h.rows[j], h.rows[i]) }
func (h *rowHeap) Swap(i, j int)      { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *rowHeap) Push(x any)         { h.rows = append(h.rows, x.(*sortRow)) }
func (h *rowHeap) Pop() any {
	r := h.rows[len(h.rows)-1]
	h.rows = h.rows[:len(h.rows)-1]
	return r
}

func (s *sortOp) Next(ctx context.Context) (*vector.Batch, error) {
	if s.done {
		return nil, nil
	}
	s.done = true
	s.keyT = make([]*types.Type, len(s.node.Keys))
	for i, k := range s.node.Keys {
		s.keyT[i] = k.Expr.Type()
	}
	cols := s.node.Columns()
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	h := &rowHeap{s: s}
	var all []*sortRow
	seq := 0
	for {
		b, err := s.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		keyVecs := make([]*vector.Vector, len(s.node.Keys))
		for i, k := range s.node.Keys {
			if keyVecs[i], err = s.ev.Eval(k.Expr, b); err != nil {
				return nil, err
			}
		}
		for r := 0; r < b.N; r++ {
			row := &sortRow{keys: make([]any, len(keyVecs)), vals: make([]any, len(b.Cols))}
			for i, kv := range keyVecs {
				row.keys[i] = kv.Value(r)
			}
			for i, c := range b.Cols {
				row.vals[i] = c.Value(r)
			}
			seq++
			// Kept rows outlive their batch, so they keep clones.
			if s.node.Limit >= 0 {
				if int64(h.Len()) < s.node.Limit {
					heap.Push(h, row.clone())
				} else if h.Len() > 0 && s.less(row, h.rows[0]) {
					h.rows[0] = row.clone()
					heap.Fix(h, 0)
				}
			} else {
				all = append(all, row.clone())
			}
		}
	}
	if s.node.Limit >= 0 {
		all = h.rows
	}
	sort.SliceStable(all, func(i, j int) bool { return s.less(all[i], all[j]) })
	out := vector.NewBatch(ts, len(all))
	for _, r := range all {
		for i, v := range r.vals {
			out.Cols[i].Append(v)
		}
	}
	out.N = len(all)
	return out, nil
}

func (s *sortOp) Close() { s.in.Close() }
