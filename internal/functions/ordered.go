package functions

import (
	"sort"
	"strings"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// SortSpec is one ORDER BY key of an ordered aggregate call.
type SortSpec struct {
	Type       *types.Type
	Desc       bool
	NullsFirst bool
}

// Ordered wraps an aggregate so that it sees its rows in the order of
// keys: Add receives the aggregate's arguments followed by one vector per
// key; the rows are kept and fed to the inner aggregate, sorted, when the
// result is asked for (array_agg(x ORDER BY y), listagg ... WITHIN GROUP).
func Ordered(b *AggBound, keys []SortSpec) *AggBound {
	inner := b.New
	params := b.Params
	return &AggBound{Name: b.Name, Params: b.Params, Ret: b.Ret, New: func() AggState {
		return &orderedAgg{new: inner, params: params, keys: keys}
	}}
}

type orderedAgg struct {
	new    func() AggState
	params []*types.Type
	keys   []SortSpec
	rows   [][]any // arguments then keys
}

func (s *orderedAgg) Add(args []*vector.Vector, i int) error {
	row := make([]any, len(args))
	for j, a := range args {
		row[j] = value.Clone(a.Value(i))
	}
	s.rows = append(s.rows, row)
	return nil
}

func (s *orderedAgg) Merge(o AggState) { s.rows = append(s.rows, o.(*orderedAgg).rows...) }

func (s *orderedAgg) Result() any {
	v, _ := s.ResultErr()
	return v
}

// ResultErr sorts the kept rows and feeds them to the inner aggregate,
// reporting its errors (an overflowing sum, say).
func (s *orderedAgg) ResultErr() (any, error) {
	n := len(s.params)
	sort.SliceStable(s.rows, func(a, b int) bool {
		for k, spec := range s.keys {
			x, y := s.rows[a][n+k], s.rows[b][n+k]
			switch {
			case x == nil && y == nil:
				continue
			case x == nil:
				return spec.NullsFirst
			case y == nil:
				return !spec.NullsFirst
			}
			c := value.Compare(spec.Type, x, y)
			if c == 0 {
				continue
			}
			if spec.Desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	vecs := make([]*vector.Vector, n)
	for j := range vecs {
		vecs[j] = vector.New(s.params[j], len(s.rows))
		for _, r := range s.rows {
			vecs[j].Append(r[j])
		}
	}
	st := s.new()
	for k := range s.rows {
		if err := st.Add(vecs, k); err != nil {
			return nil, err
		}
	}
	return Final(st)
}

// listagg(x[, separator]) WITHIN GROUP (ORDER BY ...): the non-NULL
// values joined by the separator (by default none); NULL when there are none.
type listagg struct {
	sep  string
	vals []string
}

func (s *listagg) Add(args []*vector.Vector, i int) error {
	if len(args) > 1 && len(s.vals) == 0 && !args[1].IsNull(i) {
		s.sep = strings.Clone(args[1].Value(i).(string))
	}
	if !args[0].IsNull(i) {
		s.vals = append(s.vals, strings.Clone(args[0].Value(i).(string)))
	}
	return nil
}
func (s *listagg) Merge(o AggState) {
	x := o.(*listagg)
	if len(s.vals) == 0 {
		s.sep = x.sep
	}
	s.vals = append(s.vals, x.vals...)
}
func (s *listagg) Result() any {
	if len(s.vals) == 0 {
		return nil
	}
	return strings.Join(s.vals, s.sep)
}

func init() {
	registerAgg("listagg", "listagg(varchar, varchar)", func(args []*types.Type) *AggBound {
		if len(args) < 1 || len(args) > 2 {
			return nil
		}
		for _, a := range args {
			if !a.IsString() && a.Kind != types.Unknown {
				return nil
			}
		}
		params := []*types.Type{types.VarcharType, types.VarcharType}[:len(args)]
		return &AggBound{Params: params, Ret: types.VarcharType, New: func() AggState { return &listagg{} }}
	})
}
