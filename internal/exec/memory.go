package exec

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// DefaultMemoryLimit bounds what one query's operators retain (join build
// sides, window partitions, set-operation and IN-subquery sets) when
// Env.MemoryLimit is 0.
const DefaultMemoryLimit int64 = 1 << 30

// queryState is what the operators of one query share: the memory pool
// and the results of uncorrelated subqueries.
type queryState struct {
	mem *memPool

	subMu      sync.Mutex
	subqueries map[plan.Expr]*subqueryResult
}

var envStateMu sync.Mutex

// state returns the query's shared state, creating it on first use.
func (env *Env) state() *queryState {
	envStateMu.Lock()
	defer envStateMu.Unlock()
	if env.shared == nil {
		limit := env.MemoryLimit
		if limit <= 0 {
			limit = DefaultMemoryLimit
		}
		env.shared = &queryState{
			mem:        &memPool{limit: limit, byOp: map[string]int64{}},
			subqueries: map[plan.Expr]*subqueryResult{},
		}
	}
	return env.shared
}

// newEvaluator returns an evaluator that can run subqueries with env.
func newEvaluator(ctx context.Context, env *Env) *Evaluator {
	ev := NewEvaluator(newFunctionContext(env))
	ev.env, ev.ctx = env, ctx
	return ev
}

// memPool accounts the approximate bytes a query's operators retain.
type memPool struct {
	mu    sync.Mutex
	limit int64
	used  int64
	byOp  map[string]int64
}

// memReservation is one operator's share of the pool.
type memReservation struct {
	pool  *memPool
	name  string // Trino's operator name, for the error's top consumers
	bytes int64
}

func (env *Env) reserve(name string) *memReservation {
	return &memReservation{pool: env.state().mem, name: name}
}

// grow adds n bytes, failing as Trino does when the query's limit would
// be exceeded.
func (r *memReservation) grow(n int64) error {
	if n <= 0 {
		return nil
	}
	p := r.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.used+n > p.limit {
		return sqlerr.New(sqlerr.ExceededMemoryLimit, "Query exceeded per-node memory limit of %s [Allocated: %s, Delta: %s, Top Consumers: {%s}]",
			formatDataSize(p.limit), formatDataSize(p.used), formatDataSize(n), p.topConsumers(r.name, n))
	}
	p.used += n
	p.byOp[r.name] += n
	r.bytes += n
	return nil
}

func (p *memPool) topConsumers(name string, delta int64) string {
	type c struct {
		name  string
		bytes int64
	}
	var cs []c
	for k, v := range p.byOp {
		if k == name {
			v += delta
		}
		if v > 0 {
			cs = append(cs, c{k, v})
		}
	}
	if _, ok := p.byOp[name]; !ok {
		cs = append(cs, c{name, delta})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].bytes != cs[j].bytes {
			return cs[i].bytes > cs[j].bytes
		}
		return cs[i].name < cs[j].name
	})
	if len(cs) > 3 {
		cs = cs[:3]
	}
	parts := make([]string, len(cs))
	for i, x := range cs {
		parts[i] = x.name + "=" + formatDataSize(x.bytes)
	}
	return strings.Join(parts, ", ")
}

// release gives everything back; safe to call more than once.
func (r *memReservation) release() {
	if r == nil || r.bytes == 0 {
		return
	}
	p := r.pool
	p.mu.Lock()
	p.used -= r.bytes
	p.byOp[r.name] -= r.bytes
	if p.byOp[r.name] <= 0 {
		delete(p.byOp, r.name)
	}
	p.mu.Unlock()
	r.bytes = 0
}

// formatDataSize renders bytes as airlift's DataSize.succinct() does:
// the largest unit not above the value, "1GB" or "6.76GB".
func formatDataSize(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB", "PB"}
	v := float64(n)
	u := 0
	for u < len(units)-1 && v >= 1024 {
		v /= 1024
		u++
	}
	if v == math.Floor(v) {
		return fmt.Sprintf("%d%s", int64(v), units[u])
	}
	return fmt.Sprintf("%.2f%s", v, units[u])
}

// valueSize estimates the bytes one value occupies.
func valueSize(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 8
	case string:
		return 16 + int64(len(x))
	case []byte:
		return 24 + int64(len(x))
	case []any:
		n := int64(24)
		for _, e := range x {
			n += 16 + valueSize(e)
		}
		return n
	case *types.MapValue:
		n := int64(56)
		for _, e := range x.Keys {
			n += 16 + valueSize(e)
		}
		for _, e := range x.Values {
			n += 16 + valueSize(e)
		}
		return n
	}
	return 8
}

// rowStore keeps rows beyond their batches: one growing vector per
// column, holding clones of the values.
type rowStore struct {
	types []*types.Type
	cols  []*vector.Vector
	n     int
}

func newRowStore(ts []*types.Type) *rowStore {
	s := &rowStore{types: ts, cols: make([]*vector.Vector, len(ts))}
	for i, t := range ts {
		s.cols[i] = vector.New(t, 0)
	}
	return s
}

// appendRow copies row i of cols in and returns its approximate size.
func (s *rowStore) appendRow(cols []*vector.Vector, i int) int64 {
	size := int64(len(cols)) // null flags
	for c, src := range cols {
		dst := s.cols[c]
		if src.IsNull(i) {
			dst.AppendNull()
			size += 8
			continue
		}
		switch dst.Type.Physical() {
		case types.PhysBool:
			dst.AppendBool(src.Bool[i])
			size += 1
		case types.PhysInt:
			dst.AppendInt(src.Int[i])
			size += 8
		case types.PhysFloat:
			dst.AppendFloat(src.Float[i])
			size += 8
		case types.PhysString:
			dst.AppendString(strings.Clone(src.Str[i]))
			size += 16 + int64(len(src.Str[i]))
		default:
			v := value.Clone(src.Any[i])
			dst.AppendAny(v)
			size += 16 + valueSize(v)
		}
	}
	s.n++
	return size
}

// batch views the whole store as one batch.
func (s *rowStore) batch() *vector.Batch {
	return &vector.Batch{Cols: s.cols, N: s.n}
}

// gatherOrNull is Gather where a negative index yields NULL.
func gatherOrNull(v *vector.Vector, sel []int) *vector.Vector {
	out := vector.New(v.Type, len(sel))
	for _, i := range sel {
		if i < 0 {
			out.AppendNull()
		} else {
			out.AppendFrom(v, i)
		}
	}
	return out
}

// nullVector is n NULLs of type t.
func nullVector(t *types.Type, n int) *vector.Vector { return constVector(t, nil, n) }

func columnTypes(cols []plan.Column) []*types.Type {
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	return ts
}
