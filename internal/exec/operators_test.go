package exec

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/types"
	"trawl/internal/vector"
)

// batchesOp hands out fixed batches.
type batchesOp struct {
	bs     []*vector.Batch
	closed bool
}

func (o *batchesOp) Next(context.Context) (*vector.Batch, error) {
	if len(o.bs) == 0 {
		return nil, nil
	}
	b := o.bs[0]
	o.bs = o.bs[1:]
	return b, nil
}
func (o *batchesOp) Close() { o.closed = true }

// values is a Values node of one column per type, rows of generic values.
func values(ts []*types.Type, rows ...[]any) *plan.Values {
	v := &plan.Values{}
	for i, t := range ts {
		v.Cols = append(v.Cols, plan.Column{Name: fmt.Sprintf("c%d", i), Type: t})
	}
	for _, r := range rows {
		var es []plan.Expr
		for i, x := range r {
			es = append(es, &plan.Literal{Value: x, T: ts[i]})
		}
		v.Rows = append(v.Rows, es)
	}
	return v
}

// drain runs a plan and renders its rows as "a,b".
func drain(t *testing.T, n plan.Node) []string {
	t.Helper()
	op, err := Build(context.Background(), &Env{Stats: &Stats{}}, n)
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	return drainOp(t, op)
}

func drainOp(t *testing.T, op Operator) []string {
	t.Helper()
	var out []string
	for {
		b, err := op.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			return out
		}
		for i := 0; i < b.N; i++ {
			var parts []string
			for _, c := range b.Cols {
				if x := c.Value(i); x == nil {
					parts = append(parts, "NULL")
				} else {
					parts = append(parts, fmt.Sprint(x))
				}
			}
			out = append(out, strings.Join(parts, ","))
		}
	}
}

func TestSortNulls(t *testing.T) {
	src := values([]*types.Type{intT, strT},
		[]any{int64(2), "b"}, []any{nil, "n1"}, []any{int64(1), "a"}, []any{int64(3), "c"}, []any{nil, "n2"}, []any{int64(2), "b2"})
	key := func(desc bool, nullsFirst bool) plan.SortKey {
		return plan.SortKey{Expr: cref(0, intT), Desc: desc, NullsFirst: nullsFirst}
	}
	cases := []struct {
		k    plan.SortKey
		want string
	}{
		// Trino: NULLS LAST by default for ASC and DESC; ties keep input order.
		{key(false, false), "1,a 2,b 2,b2 3,c NULL,n1 NULL,n2"},
		{key(true, false), "3,c 2,b 2,b2 1,a NULL,n1 NULL,n2"},
		{key(false, true), "NULL,n1 NULL,n2 1,a 2,b 2,b2 3,c"},
		{key(true, true), "NULL,n1 NULL,n2 3,c 2,b 2,b2 1,a"},
	}
	for _, c := range cases {
		got := strings.Join(drain(t, &plan.Sort{Input: src, Keys: []plan.SortKey{c.k}, Limit: -1}), " ")
		if got != c.want {
			t.Errorf("desc=%v nullsFirst=%v: %s, want %s", c.k.Desc, c.k.NullsFirst, got, c.want)
		}
	}
	// Two keys: the second breaks ties of the first.
	got := strings.Join(drain(t, &plan.Sort{Input: src, Limit: -1, Keys: []plan.SortKey{key(false, false), {Expr: cref(1, strT), Desc: true}}}), " ")
	if want := "1,a 2,b2 2,b 3,c NULL,n2 NULL,n1"; got != want {
		t.Errorf("two keys: %s, want %s", got, want)
	}
}

func TestTopNMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var rows [][]any
	for i := 0; i < 500; i++ {
		var k any = int64(r.Intn(50))
		if r.Intn(10) == 0 {
			k = nil
		}
		rows = append(rows, []any{k, int64(i)})
	}
	src := values([]*types.Type{intT, intT}, rows...)
	for _, desc := range []bool{false, true} {
		for _, nf := range []bool{false, true} {
			keys := []plan.SortKey{{Expr: cref(0, intT), Desc: desc, NullsFirst: nf}, {Expr: cref(1, intT)}}
			full := drain(t, &plan.Sort{Input: src, Keys: keys, Limit: -1})
			for _, n := range []int64{0, 1, 7, 499, 500, 600} {
				top := drain(t, &plan.Sort{Input: src, Keys: keys, Limit: n})
				want := full[:min(int(n), len(full))]
				if strings.Join(top, " ") != strings.Join(want, " ") {
					t.Errorf("desc=%v nf=%v top %d differs from the full sort's prefix", desc, nf, n)
				}
			}
		}
	}
}

func TestLimitOffset(t *testing.T) {
	mk := func() *batchesOp {
		var bs []*vector.Batch
		for s := 0; s < 30; s += 10 {
			var vs []any
			for i := s; i < s+10; i++ {
				vs = append(vs, int64(i))
			}
			bs = append(bs, mkBatch([]*types.Type{intT}, vs))
		}
		return &batchesOp{bs: bs}
	}
	cases := []struct {
		n, off int64
		want   string
	}{
		{5, 0, "0 1 2 3 4"},
		{5, 8, "8 9 10 11 12"},
		{3, 20, "20 21 22"},
		{-1, 27, "27 28 29"},
		{0, 0, ""},
		{10, 40, ""},
		{2, 9, "9 10"},
	}
	for _, c := range cases {
		in := mk()
		op := &limitOp{in: in, n: c.n, offset: c.off}
		if got := strings.Join(drainOp(t, op), " "); got != c.want {
			t.Errorf("LIMIT %d OFFSET %d = %q, want %q", c.n, c.off, got, c.want)
		}
		if c.n >= 0 && c.n+c.off < 30 && !in.closed {
			t.Errorf("LIMIT %d OFFSET %d: input not closed early", c.n, c.off)
		}
	}
}

func agg(t *testing.T, name string, args ...*types.Type) *functions.AggBound {
	t.Helper()
	b, err := functions.LookupAggregate(name, args)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAggregateEmptyInput(t *testing.T) {
	empty := values([]*types.Type{intT, strT})
	aggs := []plan.AggCall{
		{Fn: agg(t, "count")},
		{Fn: agg(t, "sum", intT), Args: []plan.Expr{cref(0, intT)}},
		{Fn: agg(t, "max", strT), Args: []plan.Expr{cref(1, strT)}},
		{Fn: agg(t, "count", intT), Args: []plan.Expr{cref(0, intT)}, Distinct: true},
	}
	names := []string{"a", "b", "c", "d"}
	// A global aggregate over no rows is one row.
	got := drain(t, &plan.Aggregate{Input: empty, Aggs: aggs, Names: names})
	if strings.Join(got, " ") != "0,NULL,NULL,0" {
		t.Errorf("global aggregate over nothing = %q", got)
	}
	// Grouped, it is no rows.
	got = drain(t, &plan.Aggregate{Input: empty, Keys: []plan.Expr{cref(1, strT)}, Aggs: aggs, Names: append([]string{"k"}, names...)})
	if len(got) != 0 {
		t.Errorf("grouped aggregate over nothing = %q", got)
	}
	// A filter that removes every row feeds an empty input too.
	src := values([]*types.Type{intT, strT}, []any{int64(1), "a"})
	filtered := &plan.Filter{Input: src, Pred: lit(false, boolT)}
	got = drain(t, &plan.Aggregate{Input: filtered, Aggs: aggs[:1], Names: names[:1]})
	if strings.Join(got, " ") != "0" {
		t.Errorf("count(*) over a filtered-out input = %q", got)
	}
}

func TestAggregateGroupsAndDistinct(t *testing.T) {
	src := values([]*types.Type{strT, intT},
		[]any{"a", int64(1)}, []any{nil, int64(2)}, []any{"b", int64(3)}, []any{"a", nil}, []any{nil, int64(2)}, []any{"a", int64(1)})
	aggs := []plan.AggCall{
		{Fn: agg(t, "count")},
		{Fn: agg(t, "count", intT), Args: []plan.Expr{cref(1, intT)}},
		{Fn: agg(t, "sum", intT), Args: []plan.Expr{cref(1, intT)}, Distinct: true},
		{Fn: agg(t, "count"), Filter: cmp(">", cref(1, intT), lit(int64(1), intT))},
	}
	got := drain(t, &plan.Aggregate{Input: src, Keys: []plan.Expr{cref(0, strT)}, Aggs: aggs, Names: []string{"k", "n", "nx", "sd", "nf"}})
	sort.Strings(got)
	// NULL keys form one group; count(x) skips NULLs; DISTINCT and FILTER apply per group.
	want := []string{"NULL,2,2,2,2", "a,3,2,1,0", "b,1,1,3,1"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("groups = %q, want %q", got, want)
	}
	// SELECT DISTINCT: an aggregate with keys only.
	got = drain(t, &plan.Aggregate{Input: src, Keys: []plan.Expr{cref(0, strT), cref(1, intT)}, Names: []string{"k", "v"}})
	sort.Strings(got)
	want = []string{"NULL,2", "a,1", "a,NULL", "b,3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("distinct = %q, want %q", got, want)
	}
}

func TestProjectFilterValues(t *testing.T) {
	src := values([]*types.Type{intT}, []any{int64(1)}, []any{nil}, []any{int64(3)})
	f := &plan.Filter{Input: src, Pred: cmp(">", cref(0, intT), lit(int64(1), intT))}
	p := &plan.Project{Input: f, Exprs: []plan.Expr{&plan.Arith{Op: "*", L: cref(0, intT), R: lit(int64(2), intT), T: intT}}, Names: []string{"x"}}
	if got := strings.Join(drain(t, p), " "); got != "6" {
		t.Errorf("project(filter) = %q", got)
	}
	// SELECT without FROM: one row of no columns, projected.
	one := &plan.Values{Rows: [][]plan.Expr{{}}}
	p = &plan.Project{Input: one, Exprs: []plan.Expr{lit(int64(7), intT), null(strT)}, Names: []string{"a", "b"}}
	if got := strings.Join(drain(t, p), " "); got != "7,NULL" {
		t.Errorf("values projection = %q", got)
	}
}
