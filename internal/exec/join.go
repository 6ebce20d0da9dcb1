package exec

import (
	"context"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// joinOp runs a plan.Join. It reads Right completely first (the build
// side, kept in memory within the query's limit), then streams Left (the
// probe side): with keys it looks each probe row up in a hash table of the
// build rows, without keys it pairs it with every build row. Candidate
// pairs are checked with the residual filter in chunks of about a batch.
// RIGHT and FULL joins remember which build rows matched and emit the
// others, NULL-extended, once Left is exhausted. MARK and GROUP joins emit
// each probe row once its candidates are all paired, with whether one
// matched or with the aggregates over the matches (states kept only for
// the probe rows of the current batch).
type joinOp struct {
	env   *Env
	node  *plan.Join
	ev    *Evaluator
	left  Operator
	right Operator

	leftTypes, rightTypes []*types.Type
	keyTypes              []*types.Type
	checkEqual            bool // keys need value.Equal after a hash hit

	built     bool
	build     *rowStore
	buildKeys *rowStore        // key values of the build rows, when checkEqual
	table     map[string]int32 // key -> index in buckets
	buckets   [][]int32        // build rows per distinct key, in input order
	matched   []bool           // build rows that matched (RIGHT/FULL)
	mem       *memReservation

	// probe state
	lb       *vector.Batch
	lkeys    []*vector.Vector
	lrow     int                    // current probe row
	lcand    int                    // candidates of lrow already paired
	cands    []int32                // candidates of lrow (hash join)
	candsOK  bool                   // cands computed for lrow
	lmatched []bool                 // probe rows of lb that matched
	lstates  [][]functions.AggState // GroupJoin: per probe row of lb, made on first match
	leftDone bool

	tail   int // next build row to consider for the unmatched tail
	done   bool
	keyBuf []byte
}

func newJoinOp(ctx context.Context, env *Env, x *plan.Join) (*joinOp, error) {
	left, err := Build(ctx, env, x.Left)
	if err != nil {
		return nil, err
	}
	right, err := Build(ctx, env, x.Right)
	if err != nil {
		left.Close()
		return nil, err
	}
	j := &joinOp{
		env: env, node: x, ev: newEvaluator(ctx, env), left: left, right: right,
		leftTypes:  columnTypes(x.Left.Columns()),
		rightTypes: columnTypes(x.Right.Columns()),
	}
	name := "HashBuilderOperator"
	if len(x.LeftKeys) == 0 {
		name = "NestedLoopBuildOperator"
	}
	j.mem = env.reserve(name)
	for _, k := range x.LeftKeys {
		j.keyTypes = append(j.keyTypes, k.Type())
		if needsEqualCheck(k.Type()) {
			j.checkEqual = true
		}
	}
	return j, nil
}

func (j *joinOp) hashed() bool { return len(j.node.LeftKeys) > 0 }

func (j *joinOp) preservesLeft() bool {
	switch j.node.Kind {
	case plan.LeftJoin, plan.FullJoin, plan.MarkJoin, plan.GroupJoin:
		return true
	}
	return false
}

func (j *joinOp) preservesRight() bool {
	return j.node.Kind == plan.RightJoin || j.node.Kind == plan.FullJoin
}

// appendKey encodes the key of row i; false when a key is NULL (such rows
// never match).
func (j *joinOp) appendKey(buf []byte, keys []*vector.Vector, i int) ([]byte, bool) {
	for k, kv := range keys {
		if kv.IsNull(i) {
			return buf, false
		}
		buf = value.AppendKey(buf, j.keyTypes[k], kv.Value(i))
	}
	return buf, true
}

func (j *joinOp) buildSide(ctx context.Context) error {
	j.built = true
	j.build = newRowStore(j.rightTypes)
	if j.hashed() {
		j.table = map[string]int32{}
		if j.checkEqual {
			j.buildKeys = newRowStore(j.keyTypes)
		}
	}
	for {
		b, err := j.right.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		if b.N == 0 {
			continue
		}
		var keys []*vector.Vector
		if j.hashed() {
			if keys, err = j.ev.evalAll(j.node.RightKeys, b); err != nil {
				return err
			}
		}
		var size int64
		for i := 0; i < b.N; i++ {
			row := int32(j.build.n)
			size += j.build.appendRow(b.Cols, i) + 1
			if !j.hashed() {
				continue
			}
			if j.buildKeys != nil {
				size += j.buildKeys.appendRow(keys, i)
			}
			var ok bool
			j.keyBuf, ok = j.appendKey(j.keyBuf[:0], keys, i)
			if !ok {
				continue
			}
			bi, seen := j.table[string(j.keyBuf)]
			if !seen {
				bi = int32(len(j.buckets))
				j.table[string(j.keyBuf)] = bi
				j.buckets = append(j.buckets, nil)
				size += int64(len(j.keyBuf)) + 88
			}
			j.buckets[bi] = append(j.buckets[bi], row)
			size += 4
		}
		if err := j.mem.grow(size); err != nil {
			return err
		}
	}
	j.right.Close() // stop its scan workers now
	if j.preservesRight() {
		j.matched = make([]bool, j.build.n)
	}
	return nil
}

func (j *joinOp) Next(ctx context.Context) (*vector.Batch, error) {
	if j.done {
		return nil, nil
	}
	if !j.built {
		if err := j.buildSide(ctx); err != nil {
			return nil, err
		}
		if j.build.n == 0 && !j.preservesLeft() {
			// Nothing can match and no probe row is kept.
			j.leftDone = true
			j.left.Close()
		}
	}
	for !j.leftDone {
		if j.lb == nil {
			b, err := j.left.Next(ctx)
			if err != nil {
				return nil, err
			}
			if b == nil {
				j.leftDone = true
				break
			}
			if b.N == 0 {
				continue
			}
			j.lb, j.lrow, j.lcand, j.candsOK = b, 0, 0, false
			j.lmatched = make([]bool, b.N)
			if j.node.Kind == plan.GroupJoin {
				j.lstates = make([][]functions.AggState, b.N)
			}
			j.lkeys = nil
			if j.hashed() {
				if j.lkeys, err = j.ev.evalAll(j.node.LeftKeys, b); err != nil {
					return nil, err
				}
			}
		}
		out, err := j.probeChunk()
		if err != nil {
			return nil, err
		}
		if j.lrow >= j.lb.N {
			j.lb, j.lkeys = nil, nil
		}
		if out != nil && out.N > 0 {
			return out, nil
		}
	}
	if j.preservesRight() {
		if out := j.unmatchedBuild(); out != nil {
			return out, nil
		}
	}
	j.done = true
	j.release()
	return nil, nil
}

// candidates lists the build rows that can pair with probe row i (hash
// join); a nested loop pairs with every build row.
func (j *joinOp) candidates(i int) []int32 {
	var ok bool
	j.keyBuf, ok = j.appendKey(j.keyBuf[:0], j.lkeys, i)
	if !ok {
		return nil
	}
	bi, ok := j.table[string(j.keyBuf)]
	if !ok {
		return nil
	}
	rows := j.buckets[bi]
	if !j.checkEqual {
		return rows
	}
	var out []int32
	for _, r := range rows {
		if j.keysEqual(i, int(r)) {
			out = append(out, r)
		}
	}
	return out
}

func (j *joinOp) keysEqual(probe, build int) bool {
	for k, t := range j.keyTypes {
		eq, known := value.Equal(t, j.lkeys[k].Value(probe), j.buildKeys.cols[k].Value(build))
		if !eq || !known {
			return false
		}
	}
	return true
}

// probeChunk pairs probe rows from lrow on with their candidates, up to
// about a batch of pairs, applies the filter and adds the NULL-extended
// probe rows that turned out unmatched.
func (j *joinOp) probeChunk() (*vector.Batch, error) {
	var li, ri []int
	var finished []int // probe rows whose candidates are all paired
	for j.lrow < j.lb.N && len(li) < vector.BatchSize {
		n := j.build.n
		if j.hashed() {
			if !j.candsOK {
				j.cands, j.candsOK = j.candidates(j.lrow), true
			}
			n = len(j.cands)
		}
		take := min(n-j.lcand, vector.BatchSize-len(li))
		for k := 0; k < take; k++ {
			li = append(li, j.lrow)
			if j.hashed() {
				ri = append(ri, int(j.cands[j.lcand+k]))
			} else {
				ri = append(ri, j.lcand+k)
			}
		}
		j.lcand += take
		if j.lcand >= n {
			finished = append(finished, j.lrow)
			j.lrow++
			j.lcand, j.candsOK, j.cands = 0, false, nil
		}
	}
	var cand *vector.Batch // the joined pairs li, ri, when assembled
	if j.node.Filter != nil && len(li) > 0 {
		cand = j.assemble(li, ri)
		sel, err := j.ev.EvalFilter(j.node.Filter, cand)
		if err != nil {
			return nil, err
		}
		if len(sel) < len(li) {
			for k, s := range sel {
				li[k], ri[k] = li[s], ri[s]
			}
			li, ri = li[:len(sel)], ri[:len(sel)]
			cand = nil
		}
	}
	for k := range li {
		j.lmatched[li[k]] = true
		if j.matched != nil {
			j.matched[ri[k]] = true
		}
	}
	if j.node.Kind == plan.GroupJoin {
		return j.groupChunk(li, ri, cand, finished)
	}
	if j.node.Kind == plan.MarkJoin {
		// Each finished probe row once, with whether anything matched.
		if len(finished) == 0 {
			return nil, nil
		}
		out := &vector.Batch{N: len(finished)}
		for c := range j.leftTypes {
			out.Cols = append(out.Cols, Gather(j.lb.Cols[c], finished))
		}
		mark := vector.New(types.BooleanType, len(finished))
		for _, r := range finished {
			mark.AppendBool(j.lmatched[r])
		}
		out.Cols = append(out.Cols, mark)
		return out, nil
	}
	if j.preservesLeft() {
		for _, r := range finished {
			if !j.lmatched[r] {
				li = append(li, r)
				ri = append(ri, -1)
			}
		}
	}
	if len(li) == 0 {
		return nil, nil
	}
	return j.assemble(li, ri), nil
}

// groupChunk folds the matched pairs li, ri (assembled as cand, or nil)
// into their probe rows' aggregate states and emits the finished probe
// rows with their aggregates.
func (j *joinOp) groupChunk(li, ri []int, cand *vector.Batch, finished []int) (*vector.Batch, error) {
	aggs := j.node.Aggs
	if len(li) > 0 {
		if cand == nil {
			cand = j.assemble(li, ri)
		}
		args, filters, err := aggInputs(j.ev, aggs, cand)
		if err != nil {
			return nil, err
		}
		for k, l := range li {
			if j.lstates[l] == nil {
				j.lstates[l] = newAggStates(aggs)
			}
			if err := addRow(j.lstates[l], args, filters, k); err != nil {
				return nil, err
			}
		}
	}
	if len(finished) == 0 {
		return nil, nil
	}
	out := &vector.Batch{N: len(finished)}
	for c := range j.leftTypes {
		out.Cols = append(out.Cols, Gather(j.lb.Cols[c], finished))
	}
	var empty []functions.AggState // the states of a row nothing matched
	for a, g := range aggs {
		col := vector.New(g.Fn.Ret, len(finished))
		for _, r := range finished {
			st := j.lstates[r]
			if st == nil {
				if empty == nil {
					empty = newAggStates(aggs)
				}
				st = empty
			}
			v, err := functions.Final(st[a])
			if err != nil {
				return nil, functionError(err)
			}
			col.Append(v)
		}
		out.Cols = append(out.Cols, col)
	}
	for _, r := range finished {
		j.lstates[r] = nil
	}
	return out, nil
}

// assemble builds joined rows: probe rows li (negative: NULLs) next to
// build rows ri (negative: NULLs).
func (j *joinOp) assemble(li, ri []int) *vector.Batch {
	out := &vector.Batch{Cols: make([]*vector.Vector, 0, len(j.leftTypes)+len(j.rightTypes)), N: len(li)}
	for c, t := range j.leftTypes {
		if j.lb == nil {
			out.Cols = append(out.Cols, nullVector(t, len(li)))
		} else {
			out.Cols = append(out.Cols, gatherOrNull(j.lb.Cols[c], li))
		}
	}
	for c := range j.rightTypes {
		out.Cols = append(out.Cols, gatherOrNull(j.build.cols[c], ri))
	}
	return out
}

// unmatchedBuild emits the next batch of build rows no probe row matched,
// with NULLs for Left's columns.
func (j *joinOp) unmatchedBuild() *vector.Batch {
	var ri []int
	for j.tail < j.build.n && len(ri) < vector.BatchSize {
		if !j.matched[j.tail] {
			ri = append(ri, j.tail)
		}
		j.tail++
	}
	if len(ri) == 0 {
		return nil
	}
	li := make([]int, len(ri))
	for k := range li {
		li[k] = -1
	}
	j.lb = nil
	return j.assemble(li, ri)
}

func (j *joinOp) release() {
	j.build, j.buildKeys, j.table, j.buckets, j.matched = nil, nil, nil, nil, nil
	j.mem.release()
}

func (j *joinOp) Close() {
	j.left.Close()
	j.right.Close()
	j.release()
}
