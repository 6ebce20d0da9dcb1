package exec

import (
	"context"
	"errors"
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// errScanLimit tells a system table's Scan that the scan has all the rows
// it wants.
var errScanLimit = errors.New("scan limit reached")

// systemColumns maps each scan column to the system table's column index.
func systemColumns(s *plan.Scan) ([]int, error) {
	idx := make([]int, len(s.Cols))
	for i, c := range s.Cols {
		idx[i] = -1
		if c.Kind == plan.DataColumn && len(c.Path) == 1 {
			for k, tc := range s.Table.DataColumns {
				if strings.EqualFold(tc.Name, c.Path[0]) {
					idx[i] = k
					break
				}
			}
		}
		if idx[i] < 0 {
			return nil, sqlerr.New(sqlerr.GenericInternalError, "system table %s.%s has no column %s", s.Table.Database, s.Table.Name, c.Name)
		}
	}
	return idx, nil
}

// SystemRequest is what a scan of a system table asks of it: the columns
// it reads and the hints its filter implies (zone is the session zone,
// which casts of literals depend on).
func SystemRequest(s *plan.Scan, zone int) (plan.SystemScan, error) {
	idx, err := systemColumns(s)
	if err != nil {
		return plan.SystemScan{}, err
	}
	n := len(s.Table.DataColumns)
	req := plan.SystemScan{Needed: make([]bool, n), Hints: make([]*plan.ColumnHint, n)}
	for _, k := range idx {
		req.Needed[k] = true
	}
	if s.Filter == nil {
		return req, nil
	}
	conj := splitAnd(s.Filter)
	for i, k := range idx {
		t := s.Table.DataColumns[k].Type
		if h := columnHint(conj, i, t, zone); h != nil {
			req.Hints[k] = mergeHints(t, req.Hints[k], h)
		}
	}
	return req, nil
}

func splitAnd(e plan.Expr) []plan.Expr {
	if l, ok := e.(*plan.Logical); ok && l.Op == "AND" {
		var out []plan.Expr
		for _, a := range l.Args {
			out = append(out, splitAnd(a)...)
		}
		return out
	}
	return []plan.Expr{e}
}

// hintLiteral returns a literal's value when it may stand for a value of
// column type t: the same type, or both varchar (of any length), or a
// literal cast to t (TIMESTAMP '...' compared with a timestamp with time
// zone column).
func hintLiteral(e plan.Expr, t *types.Type, zone int) (any, bool) {
	if c, ok := e.(*plan.Cast); ok && !c.Try && c.T.Equal(t) {
		l, ok := c.X.(*plan.Literal)
		if !ok || l.Value == nil {
			return nil, false
		}
		v, err := value.Cast(l.Value, l.T, c.T, zone)
		if err != nil || v == nil {
			return nil, false
		}
		return v, true
	}
	l, ok := e.(*plan.Literal)
	if !ok || l.Value == nil {
		return nil, false
	}
	if l.T.Equal(t) || l.T.Kind == types.Varchar && t.Kind == types.Varchar {
		return l.Value, true
	}
	return nil, false
}

// columnHint derives the constraint on scan column i from conjuncts of the
// forms col op literal, literal op col and col IN (literals).
func columnHint(conj []plan.Expr, i int, t *types.Type, zone int) *plan.ColumnHint {
	var h *plan.ColumnHint
	isCol := func(e plan.Expr) bool {
		c, ok := e.(*plan.ColumnRef)
		return ok && c.Index == i
	}
	for _, f := range conj {
		next := &plan.ColumnHint{}
		switch x := f.(type) {
		case *plan.Compare:
			op := x.Op
			var v any
			var ok bool
			switch {
			case isCol(x.L):
				v, ok = hintLiteral(x.R, t, zone)
			case isCol(x.R):
				v, ok = hintLiteral(x.L, t, zone)
				op = flipOp(op)
			}
			if !ok {
				continue
			}
			switch op {
			case "=":
				next.In = []any{v}
			case "<", "<=":
				next.Hi, next.HiInclusive = v, op == "<="
			case ">", ">=":
				next.Lo, next.LoInclusive = v, op == ">="
			default:
				continue
			}
		case *plan.In:
			if !isCol(x.X) {
				continue
			}
			vals := make([]any, 0, len(x.List))
			for _, e := range x.List {
				v, ok := hintLiteral(e, t, zone)
				if !ok {
					vals = nil
					break
				}
				vals = append(vals, v)
			}
			if vals == nil {
				continue
			}
			next.In = vals
		default:
			continue
		}
		h = mergeHints(t, h, next)
	}
	return h
}

// mergeHints returns the conjunction of two hints.
func mergeHints(t *types.Type, a, b *plan.ColumnHint) *plan.ColumnHint {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := *a
	if b.In != nil {
		if out.In == nil {
			out.In = b.In
		} else {
			keep := []any{}
			for _, v := range out.In {
				for _, w := range b.In {
					if value.Compare(t, v, w) == 0 {
						keep = append(keep, v)
						break
					}
				}
			}
			out.In = keep
		}
	}
	if b.Lo != nil {
		if out.Lo == nil {
			out.Lo, out.LoInclusive = b.Lo, b.LoInclusive
		} else if c := value.Compare(t, b.Lo, out.Lo); c > 0 || c == 0 && !b.LoInclusive {
			out.Lo, out.LoInclusive = b.Lo, b.LoInclusive
		}
	}
	if b.Hi != nil {
		if out.Hi == nil {
			out.Hi, out.HiInclusive = b.Hi, b.HiInclusive
		} else if c := value.Compare(t, b.Hi, out.Hi); c < 0 || c == 0 && !b.HiInclusive {
			out.Hi, out.HiInclusive = b.Hi, b.HiInclusive
		}
	}
	return &out
}

// runSystem runs a scan of a system table: the table's Scan produces
// batches of all its columns; the scan picks its own columns, applies its
// filter and limit, and hands the batches on.
func (op *scanOp) runSystem(ctx context.Context) {
	s := op.scan
	env := op.env
	idx, err := systemColumns(s)
	if err != nil {
		op.fail(err)
		return
	}
	req, err := SystemRequest(s, env.Zone)
	if err != nil {
		op.fail(err)
		return
	}
	width := len(s.Table.DataColumns)
	ev := newEvaluator(ctx, env)
	emit := func(in *vector.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in == nil || in.N == 0 {
			return nil
		}
		if len(in.Cols) != width {
			return sqlerr.New(sqlerr.GenericInternalError, "system table %s.%s produced %d columns, not %d", s.Table.Database, s.Table.Name, len(in.Cols), width)
		}
		for k, v := range in.Cols {
			if v == nil || v.Type == nil || v.Type.Physical() != s.Table.DataColumns[k].Type.Physical() {
				return sqlerr.New(sqlerr.GenericInternalError, "system table %s.%s produced a bad vector for column %s", s.Table.Database, s.Table.Name, s.Table.DataColumns[k].Name)
			}
		}
		env.Stats.Records.Add(int64(in.N))
		b := &vector.Batch{Cols: make([]*vector.Vector, len(s.Cols)), N: in.N}
		for i, k := range idx {
			b.Cols[i] = in.Cols[k]
		}
		if s.Filter != nil {
			sel, err := ev.EvalFilter(s.Filter, b)
			if err != nil {
				return err
			}
			if len(sel) < b.N {
				b = GatherBatch(b, sel)
			}
		}
		if b.N == 0 {
			return nil
		}
		last := false
		if s.Limit >= 0 {
			total := op.emitted.Add(int64(b.N))
			if total-int64(b.N) >= s.Limit {
				return errScanLimit
			}
			last = total >= s.Limit
		}
		select {
		case op.out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		if last {
			return errScanLimit
		}
		return nil
	}
	err = s.Table.System.Scan(ctx, req, emit)
	switch {
	case err == nil, errors.Is(err, errScanLimit):
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// Closed, or the query was cancelled: not the table's failure.
	default:
		op.fail(err)
	}
}
