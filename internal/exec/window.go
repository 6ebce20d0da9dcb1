package exec

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// windowOp runs a plan.Window: it materialises its input (within the
// query's memory limit), then for each distinct (PARTITION BY, ORDER BY)
// specification sorts row positions by partition and order keys and
// computes that specification's functions partition by partition. The
// output is the input rows, in the order of the last specification, with
// one column per function appended.
type windowOp struct {
	env  *Env
	node *plan.Window
	ev   *Evaluator
	in   Operator
	mem  *memReservation

	computed bool
	all      *vector.Batch // input rows, then function results
	order    []int
	pos      int
}

func newWindowOp(ctx context.Context, env *Env, x *plan.Window) (*windowOp, error) {
	in, err := Build(ctx, env, x.Input)
	if err != nil {
		return nil, err
	}
	return &windowOp{env: env, node: x, ev: newEvaluator(ctx, env), in: in, mem: env.reserve("WindowOperator")}, nil
}

func (w *windowOp) Next(ctx context.Context) (*vector.Batch, error) {
	if !w.computed {
		w.computed = true
		if err := w.compute(ctx); err != nil {
			return nil, err
		}
	}
	if w.all == nil || w.pos >= len(w.order) {
		w.release()
		return nil, nil
	}
	end := min(w.pos+vector.BatchSize, len(w.order))
	out := GatherBatch(w.all, w.order[w.pos:end])
	w.pos = end
	return out, nil
}

func (w *windowOp) release() {
	w.all, w.order = nil, nil
	w.mem.release()
}

func (w *windowOp) Close() {
	w.in.Close()
	w.release()
}

// winSpec is the functions sharing one PARTITION BY / ORDER BY.
type winSpec struct {
	partition []plan.Expr
	order     []plan.SortKey
	funcs     []int
}

func exprKey(e plan.Expr) string {
	if c, ok := e.(*plan.ColumnRef); ok {
		return fmt.Sprintf("c%d", c.Index)
	}
	return fmt.Sprintf("%p", e)
}

func specKey(f *plan.WindowFunc) string {
	var b strings.Builder
	for _, e := range f.PartitionBy {
		b.WriteString(exprKey(e) + ",")
	}
	b.WriteString("|")
	for _, k := range f.OrderBy {
		fmt.Fprintf(&b, "%s:%v:%v,", exprKey(k.Expr), k.Desc, k.NullsFirst)
	}
	return b.String()
}

func (w *windowOp) compute(ctx context.Context) error {
	inTypes := columnTypes(w.node.Input.Columns())
	store := newRowStore(inTypes)
	for {
		b, err := w.in.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		var size int64
		for i := 0; i < b.N; i++ {
			size += store.appendRow(b.Cols, i) + 8
		}
		if err := w.mem.grow(size); err != nil {
			return err
		}
	}
	w.in.Close()
	in := store.batch()
	n := in.N

	var specs []*winSpec
	byKey := map[string]*winSpec{}
	for i := range w.node.Funcs {
		f := &w.node.Funcs[i]
		k := specKey(f)
		s := byKey[k]
		if s == nil {
			s = &winSpec{partition: f.PartitionBy, order: f.OrderBy}
			byKey[k] = s
			specs = append(specs, s)
		}
		s.funcs = append(s.funcs, i)
	}

	results := make([][]any, len(w.node.Funcs))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for _, s := range specs {
		perm, err := w.computeSpec(in, s, results)
		if err != nil {
			return err
		}
		order = perm
	}
	all := &vector.Batch{Cols: append([]*vector.Vector{}, in.Cols...), N: n}
	for i, f := range w.node.Funcs {
		v := vector.New(f.T, n)
		for _, x := range results[i] {
			v.Append(x)
		}
		all.Cols = append(all.Cols, v)
	}
	w.all, w.order = all, order
	return nil
}

// sortKeyCompare compares rows a and b of v for sorting: NULLs as the key
// says, values ascending or descending.
func sortKeyCompare(k plan.SortKey, v *vector.Vector, a, b int) int {
	an, bn := v.IsNull(a), v.IsNull(b)
	switch {
	case an && bn:
		return 0
	case an:
		if k.NullsFirst {
			return -1
		}
		return 1
	case bn:
		if k.NullsFirst {
			return 1
		}
		return -1
	}
	c := compareRows(v, a, b)
	if k.Desc {
		return -c
	}
	return c
}

// compareRows orders two non-NULL rows of v.
func compareRows(v *vector.Vector, a, b int) int {
	t := v.Type
	switch {
	case t.Physical() == types.PhysInt && t.Kind != types.TimestampTZ:
		x, y := v.Int[a], v.Int[b]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case t.Physical() == types.PhysFloat:
		return value.CompareFloat(v.Float[a], v.Float[b])
	case t.Physical() == types.PhysString && (t.Kind == types.Varchar || t.Kind == types.Varbinary):
		return strings.Compare(v.Str[a], v.Str[b])
	}
	return value.Compare(t, v.Value(a), v.Value(b))
}

// winPartition describes one partition of a sorted specification;
// positions index perm.
type winPartition struct {
	ps, pe     int
	perm       []int
	peerStart  []int // by position: first position of its peer group
	peerEnd    []int // by position: one past its peer group
	group      []int // by position: peer group number within the partition
	groupStart []int // by group number: first position; then pe
}

func (w *windowOp) computeSpec(in *vector.Batch, s *winSpec, results [][]any) ([]int, error) {
	n := in.N
	partVecs, err := w.ev.evalAll(s.partition, in)
	if err != nil {
		return nil, err
	}
	orderVecs := make([]*vector.Vector, len(s.order))
	for i, k := range s.order {
		if orderVecs[i], err = w.ev.Eval(k.Expr, in); err != nil {
			return nil, err
		}
	}
	// Partition numbers, in order of first appearance.
	pid := make([]int32, n)
	if len(partVecs) > 0 {
		ids := map[string]int32{}
		var buf []byte
		for i := 0; i < n; i++ {
			buf = buf[:0]
			for k, v := range partVecs {
				buf = value.AppendKey(buf, s.partition[k].Type(), v.Value(i))
			}
			id, ok := ids[string(buf)]
			if !ok {
				id = int32(len(ids))
				ids[string(buf)] = id
			}
			pid[i] = id
		}
	}
	cmpOrder := func(a, b int) int {
		for k, key := range s.order {
			if c := sortKeyCompare(key, orderVecs[k], a, b); c != 0 {
				return c
			}
		}
		return 0
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(i, j int) bool {
		a, b := perm[i], perm[j]
		if pid[a] != pid[b] {
			return pid[a] < pid[b]
		}
		return cmpOrder(a, b) < 0
	})

	// Evaluate every function's arguments and frame offsets once.
	args := make([][]*vector.Vector, len(w.node.Funcs))
	startOff := make([]*vector.Vector, len(w.node.Funcs))
	endOff := make([]*vector.Vector, len(w.node.Funcs))
	for _, fi := range s.funcs {
		f := &w.node.Funcs[fi]
		if args[fi], err = w.ev.evalAll(f.Args, in); err != nil {
			return nil, err
		}
		if f.Frame.Start.Offset != nil {
			if startOff[fi], err = w.ev.Eval(f.Frame.Start.Offset, in); err != nil {
				return nil, err
			}
		}
		if f.Frame.End.Offset != nil {
			if endOff[fi], err = w.ev.Eval(f.Frame.End.Offset, in); err != nil {
				return nil, err
			}
		}
		results[fi] = make([]any, n)
	}

	peerStart := make([]int, n)
	peerEnd := make([]int, n)
	group := make([]int, n)
	for ps := 0; ps < n; {
		pe := ps + 1
		for pe < n && pid[perm[pe]] == pid[perm[ps]] {
			pe++
		}
		p := &winPartition{ps: ps, pe: pe, perm: perm, peerStart: peerStart, peerEnd: peerEnd, group: group}
		g := 0
		for gs := ps; gs < pe; {
			ge := gs + 1
			for ge < pe && cmpOrder(perm[gs], perm[ge]) == 0 {
				ge++
			}
			for q := gs; q < ge; q++ {
				peerStart[q], peerEnd[q], group[q] = gs, ge, g
			}
			p.groupStart = append(p.groupStart, gs)
			g++
			gs = ge
		}
		p.groupStart = append(p.groupStart, pe)
		for _, fi := range s.funcs {
			f := &w.node.Funcs[fi]
			fr := &framer{f: f, p: p, startOff: startOff[fi], endOff: endOff[fi]}
			if f.Frame.Unit == plan.Range && len(f.OrderBy) > 0 {
				fr.key = orderVecs[0]
				fr.keySort = f.OrderBy[0]
			}
			if err := computeFunc(f, p, fr, args[fi], results[fi]); err != nil {
				return nil, err
			}
		}
		ps = pe
	}
	return perm, nil
}

// framer computes a function's frame at each position of a partition.
type framer struct {
	f                *plan.WindowFunc
	p                *winPartition
	startOff, endOff *vector.Vector
	key              *vector.Vector // RANGE: the single ORDER BY key
	keySort          plan.SortKey
}

var errFrameOffset = sqlerr.New(sqlerr.InvalidWindowFrame, "Window frame offset value must not be negative or null")

// rowOffset reads a ROWS/GROUPS offset at row r.
func rowOffset(v *vector.Vector, r int) (int64, error) {
	if v == nil || v.IsNull(r) {
		return 0, errFrameOffset
	}
	var x int64
	switch v.Type.Physical() {
	case types.PhysInt:
		x = v.Int[r]
	case types.PhysFloat:
		x = int64(v.Float[r])
	default:
		return 0, errFrameOffset
	}
	if x < 0 {
		return 0, errFrameOffset
	}
	return x, nil
}

// frame returns the frame [fs, fe] (positions) at position q; empty when
// fs > fe.
func (fr *framer) frame(q int) (int, int, error) {
	p := fr.p
	fs, fe := p.ps, p.pe-1
	fm := fr.f.Frame
	r := p.perm[q]
	switch fm.Unit {
	case plan.Rows:
		// rowBound is the position of a ROWS bound at q, clamped to just
		// outside the partition; def is kept for the unbounded ends.
		rowBound := func(b plan.FrameBound, off *vector.Vector, def int) (int, error) {
			switch b.Kind {
			case plan.Preceding, plan.Following:
				n, err := rowOffset(off, r)
				if err != nil {
					return 0, err
				}
				if b.Kind == plan.Preceding {
					if n > int64(q-p.ps) {
						return p.ps - 1, nil
					}
					return q - int(n), nil
				}
				if n > int64(p.pe-1-q) {
					return p.pe, nil
				}
				return q + int(n), nil
			case plan.CurrentRow:
				return q, nil
			case plan.UnboundedFollowing:
				return p.pe, nil
			case plan.UnboundedPreceding:
				return p.ps - 1, nil
			}
			return def, nil
		}
		var err error
		if fm.Start.Kind != plan.UnboundedPreceding {
			if fs, err = rowBound(fm.Start, fr.startOff, fs); err != nil {
				return 0, 0, err
			}
		}
		if fm.End.Kind != plan.UnboundedFollowing {
			if fe, err = rowBound(fm.End, fr.endOff, fe); err != nil {
				return 0, 0, err
			}
		}
	case plan.Groups:
		g := p.group[q]
		ng := len(p.groupStart) - 1
		groupAt := func(off int64, preceding bool) int { // may be out of [0, ng)
			if preceding {
				if off > int64(g) {
					return -1
				}
				return g - int(off)
			}
			if off >= int64(ng-g) {
				return ng
			}
			return g + int(off)
		}
		switch fm.Start.Kind {
		case plan.Preceding, plan.Following:
			off, err := rowOffset(fr.startOff, r)
			if err != nil {
				return 0, 0, err
			}
			switch s := groupAt(off, fm.Start.Kind == plan.Preceding); {
			case s < 0:
				fs = p.ps
			case s >= ng:
				fs = p.pe
			default:
				fs = p.groupStart[s]
			}
		case plan.CurrentRow:
			fs = p.peerStart[q]
		case plan.UnboundedFollowing:
			fs = p.pe
		}
		switch fm.End.Kind {
		case plan.Preceding, plan.Following:
			off, err := rowOffset(fr.endOff, r)
			if err != nil {
				return 0, 0, err
			}
			switch e := groupAt(off, fm.End.Kind == plan.Preceding); {
			case e < 0:
				fe = p.ps - 1
			case e >= ng:
				fe = p.pe - 1
			default:
				fe = p.groupStart[e+1] - 1
			}
		case plan.CurrentRow:
			fe = p.peerEnd[q] - 1
		case plan.UnboundedPreceding:
			fe = p.ps - 1
		}
	default: // RANGE
		var err error
		if fs, fe, err = fr.rangeFrame(q); err != nil {
			return 0, 0, err
		}
	}
	return max(fs, p.ps), min(fe, p.pe-1), nil
}

func (fr *framer) rangeFrame(q int) (int, int, error) {
	p := fr.p
	fm := fr.f.Frame
	fs, fe := p.ps, p.pe-1
	offsets := fm.Start.Kind == plan.Preceding || fm.Start.Kind == plan.Following ||
		fm.End.Kind == plan.Preceding || fm.End.Kind == plan.Following
	r := p.perm[q]
	if !offsets || fr.key == nil || fr.key.IsNull(r) {
		// Peer-group bounds; for a NULL key "x PRECEDING/FOLLOWING" act
		// like CURRENT ROW, as the standard says.
		if fm.Start.Kind != plan.UnboundedPreceding {
			fs = p.peerStart[q]
		}
		if fm.End.Kind != plan.UnboundedFollowing {
			fe = p.peerEnd[q] - 1
		}
		if fm.Start.Kind == plan.UnboundedFollowing {
			fs = p.pe
		}
		if fm.End.Kind == plan.UnboundedPreceding {
			fe = p.ps - 1
		}
		if fr.key == nil && offsets && p.pe > p.ps {
			return 0, 0, sqlerr.New(sqlerr.InvalidWindowFrame, "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY")
		}
		return fs, fe, nil
	}
	// The non-NULL keys occupy [nns, nne): NULLs sort to one end.
	nns, nne := p.ps, p.pe
	if fr.keySort.NullsFirst {
		nns = sort.Search(p.pe-p.ps, func(i int) bool { return !fr.key.IsNull(p.perm[p.ps+i]) }) + p.ps
	} else {
		nne = sort.Search(p.pe-p.ps, func(i int) bool { return fr.key.IsNull(p.perm[p.ps+i]) }) + p.ps
	}
	desc := fr.keySort.Desc
	cur := fr.key.Value(r)
	// before reports whether the key at position i sorts before value b.
	cmpAt := func(i int, b any) int {
		c := value.Compare(fr.key.Type, fr.key.Value(p.perm[i]), b)
		if desc {
			return -c
		}
		return c
	}
	bound := func(b plan.FrameBound, off *vector.Vector) (any, error) {
		if off == nil || off.IsNull(r) {
			return nil, errFrameOffset
		}
		o := off.Value(r)
		if isNegative(off.Type, o) {
			return nil, errFrameOffset
		}
		add := (b.Kind == plan.Following) != desc
		return rangeAdd(fr.key.Type, cur, off.Type, o, add)
	}
	switch fm.Start.Kind {
	case plan.CurrentRow:
		fs = p.peerStart[q]
	case plan.Preceding, plan.Following:
		b, err := bound(fm.Start, fr.startOff)
		if err != nil {
			return 0, 0, err
		}
		// First non-NULL position not before b.
		fs = nns + sort.Search(nne-nns, func(i int) bool { return cmpAt(nns+i, b) >= 0 })
	case plan.UnboundedFollowing:
		fs = p.pe
	}
	switch fm.End.Kind {
	case plan.CurrentRow:
		fe = p.peerEnd[q] - 1
	case plan.Preceding, plan.Following:
		b, err := bound(fm.End, fr.endOff)
		if err != nil {
			return 0, 0, err
		}
		// Last non-NULL position not after b.
		fe = nns + sort.Search(nne-nns, func(i int) bool { return cmpAt(nns+i, b) > 0 }) - 1
	case plan.UnboundedPreceding:
		fe = p.ps - 1
	}
	return fs, fe, nil
}

func isNegative(t *types.Type, v any) bool {
	switch x := v.(type) {
	case int64:
		return x < 0
	case float64:
		return x < 0 || math.IsNaN(x)
	}
	return false
}

// rangeAdd computes key ± offset for RANGE frames, saturating on overflow.
func rangeAdd(kt *types.Type, k any, ot *types.Type, o any, add bool) (any, error) {
	op := "-"
	if add {
		op = "+"
	}
	switch {
	case ot.Kind == types.IntervalDayTime || ot.Kind == types.IntervalYearMonth:
		if kt.Kind != types.Date && kt.Kind != types.Timestamp && kt.Kind != types.TimestampTZ {
			break
		}
		return timeArith(op, kt, k.(int64), ot, o.(int64))
	case kt.Physical() == types.PhysFloat:
		f, err := value.Cast(o, ot, types.DoubleType, 0)
		if err != nil {
			return nil, functionError(err)
		}
		if add {
			return k.(float64) + f.(float64), nil
		}
		return k.(float64) - f.(float64), nil
	case kt.Physical() == types.PhysInt && (kt.IsInteger() || kt.Kind == types.Decimal):
		var d int64
		if kt.IsInteger() && ot.IsInteger() {
			d = o.(int64)
		} else {
			c, err := value.Cast(o, ot, kt, 0)
			if err != nil {
				// An offset beyond the key's range reaches past every key.
				d = math.MaxInt64
			} else {
				d = c.(int64)
			}
		}
		x := k.(int64)
		if add {
			if x > 0 && d > math.MaxInt64-x {
				return int64(math.MaxInt64), nil
			}
			return x + d, nil
		}
		if x < 0 && -d < math.MinInt64-x {
			return int64(math.MinInt64), nil
		}
		return x - d, nil
	}
	return nil, sqlerr.New(sqlerr.NotSupported, "RANGE frame offsets are not supported for %s ORDER BY keys with %s offsets", kt, ot)
}

// computeFunc fills res (indexed by input row) for one partition.
func computeFunc(f *plan.WindowFunc, p *winPartition, fr *framer, args []*vector.Vector, res []any) error {
	n := p.pe - p.ps
	if f.Agg != nil {
		return computeAggregate(f.Agg, p, fr, args, res)
	}
	switch f.Name {
	case "row_number":
		for q := p.ps; q < p.pe; q++ {
			res[p.perm[q]] = int64(q - p.ps + 1)
		}
	case "rank":
		for q := p.ps; q < p.pe; q++ {
			res[p.perm[q]] = int64(p.peerStart[q] - p.ps + 1)
		}
	case "dense_rank":
		for q := p.ps; q < p.pe; q++ {
			res[p.perm[q]] = int64(p.group[q] + 1)
		}
	case "percent_rank":
		for q := p.ps; q < p.pe; q++ {
			if n == 1 {
				res[p.perm[q]] = 0.0
			} else {
				res[p.perm[q]] = float64(p.peerStart[q]-p.ps) / float64(n-1)
			}
		}
	case "cume_dist":
		for q := p.ps; q < p.pe; q++ {
			res[p.perm[q]] = float64(p.peerEnd[q]-p.ps) / float64(n)
		}
	case "ntile":
		for q := p.ps; q < p.pe; q++ {
			r := p.perm[q]
			if args[0].IsNull(r) {
				continue
			}
			buckets := args[0].Int[r]
			if buckets <= 0 {
				return sqlerr.New(sqlerr.InvalidFunctionArgument, "Buckets must be greater than 0")
			}
			res[r] = ntileBucket(int64(n), buckets, int64(q-p.ps)) + 1
		}
	case "lag", "lead":
		return computeLagLead(f, p, args, res)
	case "first_value", "last_value", "nth_value":
		return computeFrameValue(f, p, fr, args, res)
	default:
		return fmt.Errorf("unknown window function %s", f.Name)
	}
	return nil
}

func ntileBucket(rows, buckets, row int64) int64 {
	if rows < buckets {
		return row
	}
	perBucket, rem := rows/buckets, rows%buckets
	// The first rem buckets have one row more.
	if row < (perBucket+1)*rem {
		return row / (perBucket + 1)
	}
	return (row - rem) / perBucket
}

// nonNullIndex lets IGNORE NULLS skip runs of NULLs in one jump.
type nonNullIndex struct {
	ps   int
	next []int // by position - ps: first non-NULL position at or after it (pe if none)
	prev []int // by position - ps: last non-NULL position at or before it (ps-1 if none)
}

func newNonNullIndex(p *winPartition, x *vector.Vector) *nonNullIndex {
	n := p.pe - p.ps
	ix := &nonNullIndex{ps: p.ps, next: make([]int, n+1), prev: make([]int, n)}
	ix.next[n] = p.pe
	for i := n - 1; i >= 0; i-- {
		if x.IsNull(p.perm[p.ps+i]) {
			ix.next[i] = ix.next[i+1]
		} else {
			ix.next[i] = p.ps + i
		}
	}
	last := p.ps - 1
	for i := 0; i < n; i++ {
		if !x.IsNull(p.perm[p.ps+i]) {
			last = p.ps + i
		}
		ix.prev[i] = last
	}
	return ix
}

// nextAt is the first non-NULL position at or after q (pe if none).
func (ix *nonNullIndex) nextAt(q int) int { return ix.next[q-ix.ps] }

// prevAt is the last non-NULL position at or before q (ps-1 if none).
func (ix *nonNullIndex) prevAt(q int) int {
	if q < ix.ps {
		return q
	}
	return ix.prev[q-ix.ps]
}

func computeLagLead(f *plan.WindowFunc, p *winPartition, args []*vector.Vector, res []any) error {
	x := args[0]
	lead := f.Name == "lead"
	var ix *nonNullIndex
	if f.IgnoreNulls {
		ix = newNonNullIndex(p, x)
	}
	for q := p.ps; q < p.pe; q++ {
		r := p.perm[q]
		off := int64(1)
		if len(args) > 1 {
			if args[1].IsNull(r) {
				continue
			}
			off = args[1].Int[r]
			if off < 0 {
				return sqlerr.New(sqlerr.InvalidFunctionArgument, "Offset must be at least 0")
			}
		}
		target := -1 // position
		switch {
		case f.IgnoreNulls && off > 0:
			// Count non-NULL values away from the current row.
			t := q
			for count := int64(0); count < off; count++ {
				if lead {
					t = ix.nextAt(t + 1)
				} else {
					t = ix.prevAt(t - 1)
				}
				if t < p.ps || t >= p.pe {
					break
				}
			}
			if t >= p.ps && t < p.pe {
				target = t
			}
		case off <= int64(p.pe-p.ps):
			t := q - int(off)
			if lead {
				t = q + int(off)
			}
			if t >= p.ps && t < p.pe {
				target = t
			}
		}
		switch {
		case target >= 0:
			res[r] = x.Value(p.perm[target])
		case len(args) > 2:
			res[r] = args[2].Value(r)
		}
	}
	return nil
}

func computeFrameValue(f *plan.WindowFunc, p *winPartition, fr *framer, args []*vector.Vector, res []any) error {
	x := args[0]
	var ix *nonNullIndex
	if f.IgnoreNulls {
		ix = newNonNullIndex(p, x)
	}
	for q := p.ps; q < p.pe; q++ {
		r := p.perm[q]
		fs, fe, err := fr.frame(q)
		if err != nil {
			return err
		}
		if fs > fe {
			continue
		}
		target := -1
		switch f.Name {
		case "first_value":
			target = fs
			if ix != nil {
				target = ix.nextAt(fs)
			}
		case "last_value":
			target = fe
			if ix != nil {
				target = ix.prevAt(fe)
			}
		case "nth_value":
			if args[1].IsNull(r) {
				continue
			}
			nth := args[1].Int[r]
			if nth < 1 {
				return sqlerr.New(sqlerr.InvalidFunctionArgument, "Offset must be at least 1")
			}
			if ix != nil {
				t := ix.nextAt(fs)
				for count := int64(1); count < nth && t <= fe; count++ {
					t = ix.nextAt(t + 1)
				}
				target = t
			} else if nth-1 <= int64(fe-fs) {
				target = fs + int(nth-1)
			}
		}
		if target >= fs && target <= fe {
			res[r] = x.Value(p.perm[target])
		}
	}
	return nil
}

// computeAggregate evaluates an aggregate over each row's frame. A frame
// that starts where the previous one did and ends at or after it extends
// the running state (so the default frames are linear); any other frame
// is aggregated afresh.
func computeAggregate(agg *functions.AggBound, p *winPartition, fr *framer, args []*vector.Vector, res []any) error {
	var st functions.AggState
	curS, curE := -1, -1
	var last, empty any
	emptyDone := false
	for q := p.ps; q < p.pe; q++ {
		fs, fe, err := fr.frame(q)
		if err != nil {
			return err
		}
		r := p.perm[q]
		if fs > fe {
			if !emptyDone {
				empty, emptyDone = agg.New().Result(), true
			}
			res[r] = empty
			continue
		}
		switch {
		case st != nil && fs == curS && fe == curE:
		case st != nil && fs == curS && fe > curE:
			for t := curE + 1; t <= fe; t++ {
				if err := st.Add(args, p.perm[t]); err != nil {
					return functionError(err)
				}
			}
			curE = fe
			last = value.Clone(st.Result())
		default:
			st = agg.New()
			for t := fs; t <= fe; t++ {
				if err := st.Add(args, p.perm[t]); err != nil {
					return functionError(err)
				}
			}
			curS, curE = fs, fe
			last = value.Clone(st.Result())
		}
		res[r] = last
	}
	return nil
}
