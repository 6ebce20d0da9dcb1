package exec

import (
	"context"

	"trawl/internal/plan"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// setOpOp runs a plan.SetOp. Rows are identified by value.AppendKey over
// all columns, so NULLs are equal (not distinct) as set operations
// require. The output keeps Left's order, then Right's (UNION).
//
//   - UNION ALL streams Left then Right.
//   - UNION streams both, dropping rows already seen.
//   - INTERSECT/EXCEPT [ALL] first count Right's rows, then stream Left:
//     INTERSECT keeps a row while Right still has copies of it (consuming
//     one per row with ALL, all at once without), EXCEPT ALL drops a row
//     while Right still has copies, EXCEPT keeps the first copy of rows
//     Right lacks.
type setOpOp struct {
	node        *plan.SetOp
	left, right Operator
	types       []*types.Type
	mem         *memReservation

	phase  int // 0: Right is being read (INTERSECT/EXCEPT); 1: Left; 2: Right (UNION); 3: done
	seen   map[string]struct{}
	counts map[string]*int64 // copies of each Right row not yet consumed
	keyBuf []byte
}

func newSetOpOp(ctx context.Context, env *Env, x *plan.SetOp) (*setOpOp, error) {
	left, err := Build(ctx, env, x.Left)
	if err != nil {
		return nil, err
	}
	right, err := Build(ctx, env, x.Right)
	if err != nil {
		left.Close()
		return nil, err
	}
	s := &setOpOp{node: x, left: left, right: right, types: columnTypes(x.Left.Columns()), mem: env.reserve("HashAggregationOperator")}
	if x.Kind == plan.Union {
		s.phase = 1
		if !x.All {
			s.seen = map[string]struct{}{}
		}
	} else {
		s.counts = map[string]*int64{}
		if x.Kind == plan.Except && !x.All {
			s.seen = map[string]struct{}{}
		}
	}
	return s, nil
}

func (s *setOpOp) key(b *vector.Batch, i int) []byte {
	s.keyBuf = s.keyBuf[:0]
	for c, t := range s.types {
		s.keyBuf = value.AppendKey(s.keyBuf, t, b.Cols[c].Value(i))
	}
	return s.keyBuf
}

func (s *setOpOp) readRight(ctx context.Context) error {
	for {
		b, err := s.right.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		var size int64
		for i := 0; i < b.N; i++ {
			k := s.key(b, i)
			c, ok := s.counts[string(k)]
			if !ok {
				c = new(int64)
				s.counts[string(k)] = c
				size += int64(len(k)) + 56
			}
			*c++
		}
		if err := s.mem.grow(size); err != nil {
			return err
		}
	}
	s.right.Close()
	return nil
}

func (s *setOpOp) Next(ctx context.Context) (*vector.Batch, error) {
	for {
		switch s.phase {
		case 0:
			if err := s.readRight(ctx); err != nil {
				return nil, err
			}
			s.phase = 1
			if len(s.counts) == 0 && s.node.Kind == plan.Intersect {
				s.phase = 3
				s.left.Close()
			}
			continue
		case 1, 2:
			in := s.left
			if s.phase == 2 {
				in = s.right
			}
			b, err := in.Next(ctx)
			if err != nil {
				return nil, err
			}
			if b == nil {
				if s.phase == 1 && s.node.Kind == plan.Union {
					s.phase = 2
				} else {
					s.phase = 3
				}
				continue
			}
			if b.N == 0 {
				continue
			}
			if s.node.Kind == plan.Union && s.node.All {
				return b, nil
			}
			sel, err := s.filter(b)
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
		default:
			s.release()
			return nil, nil
		}
	}
}

// filter selects the rows of b that the operation keeps.
func (s *setOpOp) filter(b *vector.Batch) ([]int, error) {
	var sel []int
	var size int64
	for i := 0; i < b.N; i++ {
		k := s.key(b, i)
		switch {
		case s.node.Kind == plan.Union: // distinct
			if _, ok := s.seen[string(k)]; !ok {
				s.seen[string(k)] = struct{}{}
				size += int64(len(k)) + 48
				sel = append(sel, i)
			}
		case s.node.Kind == plan.Intersect:
			c := s.counts[string(k)]
			if c == nil || *c <= 0 {
				continue
			}
			if s.node.All {
				*c--
			} else {
				*c = 0
			}
			sel = append(sel, i)
		case s.node.All: // EXCEPT ALL
			if c := s.counts[string(k)]; c != nil && *c > 0 {
				*c--
				continue
			}
			sel = append(sel, i)
		default: // EXCEPT
			if c := s.counts[string(k)]; c != nil && *c > 0 {
				continue
			}
			if _, ok := s.seen[string(k)]; !ok {
				s.seen[string(k)] = struct{}{}
				size += int64(len(k)) + 48
				sel = append(sel, i)
			}
		}
	}
	return sel, s.mem.grow(size)
}

func (s *setOpOp) release() {
	s.seen, s.counts = nil, nil
	s.mem.release()
}

func (s *setOpOp) Close() {
	s.left.Close()
	s.right.Close()
	s.release()
}
