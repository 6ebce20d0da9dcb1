package exec

import (
	"context"
	"errors"
	"io"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"trawl/internal/format"
	"trawl/internal/format/jsonrec"
	"trawl/internal/partition"
	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Stats are a query's scan counters, updated concurrently.
type Stats struct {
	BytesScanned     atomic.Int64 // compressed bytes read from the store
	BytesDecoded     atomic.Int64 // decompressed bytes read by the decoders
	Files            atomic.Int64
	Partitions       atomic.Int64
	Records          atomic.Int64
	MalformedRecords atomic.Int64
	RowsProduced     atomic.Int64
	PartitionsPruned atomic.Int64
	PartitionsListed atomic.Int64
	FoldersListed    atomic.Int64 // folder listings to find which of many candidate partitions exist
	ObjectsSkipped   atomic.Int64
}

// Env is what operators need from the world outside the plan.
type Env struct {
	Store   *storage.Router
	Stats   *Stats
	Now     time.Time
	Zone    int
	Workers int // scan parallelism; 0 = GOMAXPROCS
	// MemoryLimit bounds the bytes the query's operators retain (join
	// build sides, window inputs, set-operation and IN-subquery sets);
	// 0 = DefaultMemoryLimit. Exceeding it fails the query with
	// EXCEEDED_LOCAL_MEMORY_LIMIT.
	MemoryLimit int64

	shared *queryState // created on first use; see state
}

type split struct {
	loc      storage.Location
	obj      storage.Object
	partVals []any // typed partition values
}

// scanOp runs a plan.Scan with parallel workers and hands out the
// filtered batches.
type scanOp struct {
	env     *Env
	scan    *plan.Scan
	out     chan *vector.Batch
	errc    chan error
	cancel  context.CancelFunc
	done    chan struct{}
	err     error
	once    sync.Once
	emitted atomic.Int64
}

func newScanOp(ctx context.Context, env *Env, s *plan.Scan) *scanOp {
	ctx, cancel := context.WithCancel(ctx)
	op := &scanOp{env: env, scan: s, out: make(chan *vector.Batch, 8), errc: make(chan error, 1), cancel: cancel, done: make(chan struct{})}
	go op.run(ctx)
	return op
}

func (op *scanOp) fail(err error) {
	select {
	case op.errc <- err:
	default:
	}
	op.cancel()
}

// Partition is a surviving partition: its typed values and location.
type Partition struct {
	Values   []string
	Typed    []any
	Location string
}

// PrunePartitions returns the partitions of a scan that satisfy its
// partition filter, without listing storage.
func PrunePartitions(env *Env, s *plan.Scan) ([]Partition, error) {
	t := s.Table
	if len(t.PartitionKeys) == 0 {
		return []Partition{{Location: t.Location}}, nil
	}
	cols := make([]partition.Column, len(t.PartitionKeys))
	for i, k := range t.PartitionKeys {
		cols[i] = partition.Column{Name: k.Name, Type: k.Type}
	}
	var candidates []Partition
	proj, err := partition.Parse(t.Properties, cols, t.Location, env.Now)
	if err != nil {
		return nil, sqlerr.New(sqlerr.PartitionProjectionError, "table %s.%s: %v", t.Database, t.Name, err)
	}
	if proj != nil {
		// Narrow each key with hints from simple predicates, then take the
		// cross product.
		perKey := make([][]string, len(cols))
		total := 1
		for i := range cols {
			h := hintFor(s.PartitionFilter, i, cols[i].Type)
			vals, err := proj.Values(i, h)
			if err != nil {
				return nil, sqlerr.New(sqlerr.PartitionProjectionError, "table %s.%s: %v", t.Database, t.Name, err)
			}
			// Evaluate single-key conjuncts now to keep the product small.
			vals, err = filterKeyValues(env, s.PartitionFilter, i, cols, vals, proj.Typed)
			if err != nil {
				return nil, err
			}
			perKey[i] = vals
			total *= len(vals)
			if total > 10_000_000 {
				return nil, sqlerr.New(sqlerr.PartitionProjectionError, "table %s.%s: the query would read more than 10000000 projected partitions; add predicates on the partition columns", t.Database, t.Name)
			}
		}
		idx := make([]int, len(cols))
		if total > 0 {
			for {
				vals := make([]string, len(cols))
				typed := make([]any, len(cols))
				for i, j := range idx {
					vals[i] = perKey[i][j]
					typed[i], _ = proj.Typed(i, vals[i])
				}
				candidates = append(candidates, Partition{Values: vals, Typed: typed, Location: proj.Location(vals)})
				k := len(idx) - 1
				for k >= 0 {
					idx[k]++
					if idx[k] < len(perKey[k]) {
						break
					}
					idx[k] = 0
					k--
				}
				if k < 0 {
					break
				}
			}
		}
	} else {
		for _, p := range t.Partitions {
			typed := make([]any, len(cols))
			for i := range cols {
				v, err := partition.TypedValue(cols[i], p.Values[i])
				if err == nil {
					typed[i] = v
				}
			}
			candidates = append(candidates, Partition{Values: p.Values, Typed: typed, Location: p.Location})
		}
	}
	if len(s.PartitionFilter) == 0 || len(candidates) == 0 {
		return candidates, nil
	}
	// Exact evaluation of the whole partition filter.
	colTypes := make([]*types.Type, len(cols))
	for i, c := range cols {
		colTypes[i] = c.Type
	}
	ev := newEvaluator(context.Background(), env)
	var out []Partition
	for start := 0; start < len(candidates); start += vector.BatchSize {
		end := min(start+vector.BatchSize, len(candidates))
		b := vector.NewBatch(colTypes, end-start)
		for _, c := range candidates[start:end] {
			for i, v := range c.Typed {
				b.Cols[i].Append(v)
			}
		}
		b.N = end - start
		sel, err := selectRows(ev, s.PartitionFilter, b)
		if err != nil {
			return nil, err
		}
		for _, i := range sel {
			out = append(out, candidates[start+i])
		}
	}
	env.Stats.PartitionsPruned.Add(int64(len(candidates) - len(out)))
	return out, nil
}

// selectRows returns the rows of b for which every conjunct is true,
// evaluating each conjunct only on the rows the earlier ones kept.
func selectRows(ev *Evaluator, conjuncts []plan.Expr, b *vector.Batch) ([]int, error) {
	sel := allRows(b.N)
	for _, f := range conjuncts {
		if len(sel) == 0 {
			break
		}
		keep, err := ev.EvalFilter(f, GatherBatch(b, sel))
		if err != nil {
			return nil, err
		}
		next := make([]int, len(keep))
		for j, k := range keep {
			next[j] = sel[k]
		}
		sel = next
	}
	return sel, nil
}

func allRows(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// filterKeyValues evaluates the conjuncts that mention only key i on its
// candidate values.
func filterKeyValues(env *Env, filters []plan.Expr, i int, cols []partition.Column, vals []string, typed func(int, string) (any, error)) ([]string, error) {
	var mine []plan.Expr
	for _, f := range filters {
		only := true
		any := false
		plan.Walk(f, func(e plan.Expr) {
			if c, ok := e.(*plan.ColumnRef); ok {
				if c.Index == i {
					any = true
				} else {
					only = false
				}
			}
		})
		if only && any {
			mine = append(mine, f)
		}
	}
	if len(mine) == 0 {
		return vals, nil
	}
	colTypes := make([]*types.Type, len(cols))
	for j, c := range cols {
		colTypes[j] = c.Type
	}
	ev := newEvaluator(context.Background(), env)
	var out []string
	for start := 0; start < len(vals); start += vector.BatchSize {
		end := min(start+vector.BatchSize, len(vals))
		b := vector.NewBatch(colTypes, end-start)
		for _, s := range vals[start:end] {
			for j := range cols {
				if j == i {
					v, err := typed(i, s)
					if err != nil {
						b.Cols[j].AppendNull()
					} else {
						b.Cols[j].Append(v)
					}
				} else {
					b.Cols[j].AppendNull()
				}
			}
		}
		b.N = end - start
		sel, err := selectRows(ev, mine, b)
		if err != nil {
			return nil, err
		}
		for _, j := range sel {
			out = append(out, vals[start+j])
		}
	}
	return out, nil
}

// hintFor derives a safe narrowing hint for key i from conjuncts of the
// forms key op literal, literal op key, key IN (literals), key BETWEEN.
func hintFor(filters []plan.Expr, i int, t *types.Type) partition.Hint {
	var h partition.Hint
	for _, f := range filters {
		switch x := f.(type) {
		case *plan.Compare:
			c, cok := x.L.(*plan.ColumnRef)
			l, lok := x.R.(*plan.Literal)
			op := x.Op
			if !cok || !lok {
				c, cok = x.R.(*plan.ColumnRef)
				l, lok = x.L.(*plan.Literal)
				op = flipOp(op)
			}
			if !cok || !lok || c.Index != i || l.Value == nil || !l.T.Equal(t) {
				continue
			}
			switch op {
			case "=":
				h.In = []any{l.Value}
			case "<", "<=":
				if h.Hi == nil || value.Compare(t, l.Value, h.Hi) < 0 {
					h.Hi, h.HiInclusive = l.Value, op == "<="
				}
			case ">", ">=":
				if h.Lo == nil || value.Compare(t, l.Value, h.Lo) > 0 {
					h.Lo, h.LoInclusive = l.Value, op == ">="
				}
			}
		case *plan.In:
			c, ok := x.X.(*plan.ColumnRef)
			if !ok || c.Index != i {
				continue
			}
			var vals []any
			okAll := true
			for _, e := range x.List {
				l, ok := e.(*plan.Literal)
				if !ok || l.Value == nil || !l.T.Equal(t) {
					okAll = false
					break
				}
				vals = append(vals, l.Value)
			}
			if okAll {
				h.In = vals
			}
		}
	}
	return h
}

func flipOp(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

// isLogObject reports whether a listed object should be read as table
// data: CloudTrail digests, AWS Config's writability check file, folder
// markers, empty objects and Hive's hidden files are skipped.
func isLogObject(key string, size int64) bool {
	if size == 0 || strings.HasSuffix(key, "/") {
		return false
	}
	if strings.Contains(key, "CloudTrail-Digest/") || strings.Contains(key, "/CloudTrail-Insight/") {
		return false
	}
	base := path.Base(key)
	if base == "ConfigWritabilityCheckFile" || strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") {
		return false
	}
	if strings.HasSuffix(base, "_$folder$") {
		return false
	}
	return true
}

func (op *scanOp) run(ctx context.Context) {
	defer close(op.done)
	defer close(op.out)
	if op.scan.Table.System != nil {
		op.runSystem(ctx)
		return
	}
	env := op.env
	parts, err := PrunePartitions(env, op.scan)
	if err != nil {
		op.fail(err)
		return
	}
	env.Stats.Partitions.Add(int64(len(parts)))
	splits := make(chan split, 64)
	var listErr error
	go func() {
		defer close(splits)
		existing, err := op.existingPartitions(ctx, parts)
		if err != nil {
			listErr = err
			return
		}
		listErr = op.list(ctx, existing, splits)
	}()
	workers := env.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		// Reads from a remote store wait on the network: keep more of
		// them in flight than there are cores (each worker holds one
		// object open and one batch).
		if loc, err := storage.ParseLocation(op.scan.Table.Location); err == nil && env.Store.Remote(loc) {
			workers = max(workers*4, remoteScanWorkers)
		}
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := newEvaluator(ctx, env)
			for sp := range splits {
				if ctx.Err() != nil {
					continue
				}
				if err := op.readSplit(ctx, ev, sp); err != nil {
					if !errors.Is(err, context.Canceled) || ctx.Err() == nil {
						op.fail(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if listErr != nil && !errors.Is(listErr, context.Canceled) {
		op.fail(listErr)
	}
}

// list lists every surviving partition's prefix, a few at a time.
func (op *scanOp) list(ctx context.Context, parts []Partition, splits chan<- split) error {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	for _, p := range parts {
		loc, err := storage.ParseLocation(p.Location)
		if err != nil {
			return err
		}
		typed := p.Typed
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			op.env.Stats.PartitionsListed.Add(1)
			err := op.env.Store.List(ctx, loc, loc.DirPrefix(), func(o storage.Object) error {
				if !isLogObject(o.Key, o.Size) {
					op.env.Stats.ObjectsSkipped.Add(1)
					return nil
				}
				select {
				case splits <- split{loc: loc.Child(o.Key), obj: o, partVals: typed}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = storage.Describe("cannot list", loc, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// remoteScanWorkers is the least number of objects a scan of a remote
// store reads at once.
const remoteScanWorkers = 16

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (op *scanOp) readSplit(ctx context.Context, ev *Evaluator, sp split) error {
	env := op.env
	s := op.scan
	rc, err := env.Store.Open(ctx, sp.loc)
	if err != nil {
		return sqlerr.New(sqlerr.CannotOpenSplit, "%v", storage.Describe("cannot open", sp.loc, err))
	}
	defer rc.Close()
	env.Stats.Files.Add(1)
	name := sp.loc.String()
	dr, err := jsonrec.Decompress(countingReader{rc, &env.Stats.BytesScanned}, name)
	if err != nil {
		return sqlerr.New(sqlerr.BadData, "%v", err)
	}
	defer dr.Close()
	opts := format.Options{Columns: s.FormatColumns(), MustContain: s.MustContain, IgnoreMalformed: s.Table.IgnoreMalformed, Name: name}
	var rd format.Reader
	if s.Table.Format == "cloudtrail" {
		rd = jsonrec.NewCloudTrail(dr, opts)
	} else {
		rd = jsonrec.NewJSONLines(dr, opts)
	}
	dataTypes := make([]*types.Type, len(opts.Columns))
	for i, c := range opts.Columns {
		dataTypes[i] = c.Type
	}
	defer func() {
		st := rd.Stats()
		env.Stats.BytesDecoded.Add(st.BytesRead)
		env.Stats.Records.Add(st.Records)
		env.Stats.MalformedRecords.Add(st.Malformed)
	}()
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		db := vector.NewBatch(dataTypes, vector.BatchSize)
		n, err := rd.Next(db, vector.BatchSize)
		if n > 0 {
			b := op.assemble(db, n, sp)
			if s.Filter != nil {
				sel, ferr := ev.EvalFilter(s.Filter, b)
				if ferr != nil {
					return ferr
				}
				if len(sel) < b.N {
					b = GatherBatch(b, sel)
				}
			}
			if b.N > 0 {
				if s.Limit >= 0 {
					if op.emitted.Add(int64(b.N)) >= s.Limit+int64(b.N) {
						op.cancel()
						return nil
					}
				}
				select {
				case op.out <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return sqlerr.New(sqlerr.BadData, "%v", err)
		}
	}
}

// assemble builds the scan's output batch from decoded data columns plus
// partition and hidden columns.
func (op *scanOp) assemble(db *vector.Batch, n int, sp split) *vector.Batch {
	s := op.scan
	b := &vector.Batch{Cols: make([]*vector.Vector, len(s.Cols)), N: n}
	d := 0
	for i, c := range s.Cols {
		switch c.Kind {
		case plan.DataColumn:
			b.Cols[i] = db.Cols[d]
			d++
		case plan.PartitionColumn:
			b.Cols[i] = constVector(c.Type, sp.partVals[c.Partition], n)
		case plan.PathColumn:
			b.Cols[i] = constVector(c.Type, sp.loc.String(), n)
		case plan.FileSizeColumn:
			b.Cols[i] = constVector(c.Type, sp.obj.Size, n)
		case plan.FileModifiedColumn:
			b.Cols[i] = constVector(c.Type, value.PackTZ(sp.obj.ModTime.UnixMilli(), 0), n)
		}
	}
	return b
}

func (op *scanOp) Next(ctx context.Context) (*vector.Batch, error) {
	select {
	case b, ok := <-op.out:
		if ok {
			return b, nil
		}
	case <-ctx.Done():
		op.Close()
		return nil, ctx.Err()
	}
	select {
	case err := <-op.errc:
		return nil, err
	default:
	}
	return nil, nil
}

func (op *scanOp) Close() {
	op.once.Do(func() {
		op.cancel()
		for range op.out {
		}
		<-op.done
	})
}
