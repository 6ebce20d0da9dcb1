package exec

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestUnnestArrays(t *testing.T) {
	arrT := types.NewArray(intT)
	src := values([]*types.Type{strT, arrT},
		[]any{"a", []any{int64(1), int64(2)}},
		[]any{"e", []any{}},
		[]any{"n", nil},
		[]any{"x", []any{nil, int64(3)}})
	u := &plan.Unnest{Input: src, Exprs: []plan.Expr{cref(1, arrT)}, Names: []string{"v"}}
	// Empty and NULL arrays yield no rows; NULL elements are kept.
	if got := strings.Join(drain(t, u), " | "); got != "a,[1 2],1 | a,[1 2],2 | x,[<nil> 3],NULL | x,[<nil> 3],3" {
		t.Errorf("unnest = %s", got)
	}
	u = &plan.Unnest{Input: src, Exprs: []plan.Expr{cref(1, arrT)}, WithOrdinality: true, Outer: true, Names: []string{"v", "o"}}
	// LEFT JOIN UNNEST ... ON true: one NULL row (and NULL ordinality) for empty/NULL.
	want := "a,[1 2],1,1 | a,[1 2],2,2 | e,[],NULL,NULL | n,NULL,NULL,NULL | x,[<nil> 3],NULL,1 | x,[<nil> 3],3,2"
	if got := strings.Join(drain(t, u), " | "); got != want {
		t.Errorf("outer unnest with ordinality = %s\nwant %s", got, want)
	}
}

func TestUnnestZipRowsAndMaps(t *testing.T) {
	rowT := types.NewRow(types.Field{Name: "x", Type: intT}, types.Field{Name: "y", Type: strT})
	arrRowT := types.NewArray(rowT)
	arrStrT := types.NewArray(strT)
	mapT := types.NewMap(strT, intT)
	m := &types.MapValue{Keys: []any{"k1", "k2", "k3"}, Values: []any{int64(10), nil, int64(30)}}
	src := values([]*types.Type{arrRowT, arrStrT, mapT},
		[]any{[]any{[]any{int64(1), "p"}, nil}, []any{"s"}, m})
	u := &plan.Unnest{Input: src, Exprs: []plan.Expr{cref(0, arrRowT), cref(1, arrStrT), cref(2, mapT)},
		Names: []string{"x", "y", "s", "k", "v", "o"}, WithOrdinality: true}
	cols := u.Columns()
	if len(cols) != 3+6 || !cols[3].Type.Equal(intT) || !cols[4].Type.Equal(strT) || !cols[8].Type.Equal(bigT) {
		t.Fatalf("columns = %v", cols)
	}
	rows := drain(t, u)
	var tails []string
	for _, r := range rows {
		parts := strings.Split(r, ",")
		tails = append(tails, strings.Join(parts[len(parts)-6:], ","))
	}
	// Zipped to the longest (the map, 3 entries); shorter padded with
	// NULLs; a NULL row element gives NULL fields.
	want := "1,p,s,k1,10,1 | NULL,NULL,NULL,k2,NULL,2 | NULL,NULL,NULL,k3,30,3"
	if got := strings.Join(tails, " | "); got != want {
		t.Errorf("zip = %s\nwant %s", got, want)
	}
}

func TestUnnestLargeExpansionIsBatched(t *testing.T) {
	arrT := types.NewArray(bigT)
	var elems []any
	for i := 0; i < 2500; i++ {
		elems = append(elems, int64(i))
	}
	src := values([]*types.Type{arrT}, []any{elems}, []any{[]any{int64(7)}})
	u := &plan.Unnest{Input: src, Exprs: []plan.Expr{cref(0, arrT)}, WithOrdinality: true, Names: []string{"v", "o"}}
	op, err := Build(context.Background(), &Env{Stats: &Stats{}}, u)
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	total, last := 0, ""
	for {
		b, err := op.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			break
		}
		if b.N > 1024 {
			t.Errorf("batch of %d", b.N)
		}
		for i := 0; i < b.N; i++ {
			if b.Cols[2].Int[i] != b.Cols[1].Int[i]+1 && b.Cols[1].Int[i] != 7 {
				t.Fatalf("ordinality %d for element %d", b.Cols[2].Int[i], b.Cols[1].Int[i])
			}
		}
		total += b.N
		last = show(b.Cols[1])
	}
	if total != 2501 || !strings.HasSuffix(last, "7") {
		t.Errorf("%d rows, last batch %q", total, last)
	}
}

func TestSetOperations(t *testing.T) {
	l := values([]*types.Type{intT, strT},
		[]any{int64(1), "a"}, []any{int64(1), "a"}, []any{int64(1), "a"}, []any{nil, "n"}, []any{nil, "n"}, []any{int64(2), nil}, []any{int64(3), "c"})
	r := values([]*types.Type{intT, strT},
		[]any{int64(1), "a"}, []any{nil, "n"}, []any{int64(2), nil}, []any{int64(2), nil}, []any{int64(4), "d"})
	cases := []struct {
		kind plan.SetOpKind
		all  bool
		want string
	}{
		{plan.Union, true, "1,a 1,a 1,a NULL,n NULL,n 2,NULL 3,c 1,a NULL,n 2,NULL 2,NULL 4,d"},
		// NULLs compare equal for distinctness; order is Left's, then Right's.
		{plan.Union, false, "1,a NULL,n 2,NULL 3,c 4,d"},
		{plan.Intersect, false, "1,a NULL,n 2,NULL"},
		// min(m, n) copies.
		{plan.Intersect, true, "1,a NULL,n 2,NULL"},
		{plan.Except, false, "3,c"},
		// max(m - n, 0) copies.
		{plan.Except, true, "1,a 1,a NULL,n 3,c"},
	}
	for _, c := range cases {
		s := &plan.SetOp{Kind: c.kind, All: c.all, Left: l, Right: r, Names: []string{"x", "y"}}
		if got := strings.Join(drain(t, s), " "); got != c.want {
			t.Errorf("%s ALL=%v = %s, want %s", c.kind, c.all, got, c.want)
		}
	}
	// INTERSECT ALL where Right has more copies than Left.
	s := &plan.SetOp{Kind: plan.Intersect, All: true, Left: r, Right: l, Names: []string{"x", "y"}}
	if got := strings.Join(drain(t, s), " "); got != "1,a NULL,n 2,NULL" {
		t.Errorf("INTERSECT ALL reversed = %s", got)
	}
	s = &plan.SetOp{Kind: plan.Except, All: true, Left: r, Right: l, Names: []string{"x", "y"}}
	if got := strings.Join(drain(t, s), " "); got != "2,NULL 4,d" {
		t.Errorf("EXCEPT ALL reversed = %s", got)
	}
	empty := values([]*types.Type{intT, strT})
	for _, k := range []plan.SetOpKind{plan.Intersect, plan.Except, plan.Union} {
		s := &plan.SetOp{Kind: k, Left: l, Right: empty, Names: []string{"x", "y"}}
		got := strings.Join(drain(t, s), " ")
		want := "1,a NULL,n 2,NULL 3,c"
		if k == plan.Intersect {
			want = ""
		}
		if got != want {
			t.Errorf("%s with an empty right = %q, want %q", k, got, want)
		}
	}
	// Output names are the node's.
	if cols := (&plan.SetOp{Kind: plan.Union, Left: l, Right: r, Names: []string{"x", "y"}}).Columns(); cols[1].Name != "y" {
		t.Errorf("columns = %v", cols)
	}
}

func TestSetOpMemoryLimit(t *testing.T) {
	var rows [][]any
	for i := 0; i < 500; i++ {
		rows = append(rows, []any{int64(i), strings.Repeat("y", 50)})
	}
	big := values([]*types.Type{intT, strT}, rows...)
	s := &plan.SetOp{Kind: plan.Union, Left: big, Right: big, Names: []string{"a", "b"}}
	if err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 5000}, s); !errors.Is(err, sqlerr.ExceededMemoryLimit) {
		t.Errorf("UNION over the limit: %v", err)
	}
	s.All = true // UNION ALL streams and keeps nothing
	if err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 5000}, s); err != nil {
		t.Errorf("UNION ALL: %v", err)
	}
}

// subEval evaluates expressions with an environment that can run subqueries.
func subEval(t *testing.T, env *Env, e plan.Expr, n int) (string, error) {
	t.Helper()
	ev := newEvaluator(context.Background(), env)
	b := mkBatch([]*types.Type{intT}, make([]any, n))
	v, err := ev.Eval(e, b)
	if err != nil {
		return "", err
	}
	return show(v), nil
}

func TestScalarSubquery(t *testing.T) {
	env := &Env{Stats: &Stats{}}
	one := &plan.ScalarSubquery{Plan: values([]*types.Type{strT}, []any{"v"}), T: strT}
	if got, err := subEval(t, env, one, 3); err != nil || got != "v v v" {
		t.Errorf("one row = %q, %v", got, err)
	}
	none := &plan.ScalarSubquery{Plan: values([]*types.Type{strT}), T: strT}
	if got, err := subEval(t, env, none, 2); err != nil || got != "NULL NULL" {
		t.Errorf("no row = %q, %v", got, err)
	}
	many := &plan.ScalarSubquery{Plan: values([]*types.Type{strT}, []any{"a"}, []any{"b"}), T: strT}
	_, err := subEval(t, env, many, 1)
	if !errors.Is(err, sqlerr.SubqueryMultipleRows) || !strings.Contains(err.Error(), "Scalar sub-query has returned multiple rows") {
		t.Errorf("two rows: %v", err)
	}
	// An error that is not about the data comes back the same every time.
	if _, err2 := subEval(t, env, many, 1); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("second evaluation: %v", err2)
	}
	// Without an environment, subqueries cannot run.
	if _, err := newEv().Eval(one, mkBatch([]*types.Type{intT}, []any{nil})); err == nil {
		t.Errorf("evaluated a subquery without an environment")
	}
	// The plan runs once per query: changing the plan after the first
	// evaluation does not change the result, but a new query sees it.
	ref := values([]*types.Type{intT}, []any{int64(1)})
	sq := &plan.ScalarSubquery{Plan: ref, T: intT}
	if got, _ := subEval(t, env, sq, 1); got != "1" {
		t.Fatalf("first = %s", got)
	}
	ref.Rows[0][0] = lit(int64(2), intT)
	if got, _ := subEval(t, env, sq, 1); got != "1" {
		t.Errorf("subquery ran again: %s", got)
	}
	if got, _ := subEval(t, &Env{Stats: &Stats{}}, sq, 1); got != "2" {
		t.Errorf("a new query must run it again: %s", got)
	}
}

func TestInSubqueryAndExists(t *testing.T) {
	env := &Env{Stats: &Stats{}}
	x := mkBatch([]*types.Type{intT}, []any{int64(1), int64(2), nil})
	in := func(rows ...[]any) plan.Expr {
		return &plan.InSubquery{X: cref(0, intT), Plan: values([]*types.Type{intT}, rows...)}
	}
	cases := []struct {
		e    plan.Expr
		want string
	}{
		{in([]any{int64(1)}, []any{int64(3)}), "true false NULL"},
		// A NULL in the subquery makes a miss NULL.
		{in([]any{int64(1)}, []any{nil}), "true NULL NULL"},
		// An empty subquery: FALSE, even for a NULL X.
		{in(), "false false false"},
		{in([]any{nil}), "NULL NULL NULL"},
	}
	for _, c := range cases {
		v, err := newEvaluator(context.Background(), env).Eval(c.e, x)
		if err != nil {
			t.Fatal(err)
		}
		if got := show(v); got != c.want {
			t.Errorf("%s over %v = %s, want %s", c.e, c.e.(*plan.InSubquery).Plan.(*plan.Values).Rows, got, c.want)
		}
	}
	// NOT IN through a filter: only rows where the IN is FALSE survive.
	src := values([]*types.Type{intT}, []any{int64(1)}, []any{int64(2)}, []any{nil})
	f := &plan.Filter{Input: src, Pred: &plan.Not{X: in([]any{int64(1)})}}
	if got := strings.Join(drain(t, f), " "); got != "2" {
		t.Errorf("NOT IN = %s", got)
	}
	// A subquery's column of another type is cast to X's.
	bigIn := &plan.InSubquery{X: cref(0, intT), Plan: values([]*types.Type{types.DoubleType}, []any{2.0})}
	if got, err := subEval(t, env, bigIn, 0); err != nil || got != "" {
		t.Errorf("empty batch = %q, %v", got, err)
	}
	v, err := newEvaluator(context.Background(), env).Eval(bigIn, x)
	if err != nil || show(v) != "false true NULL" {
		t.Errorf("IN double subquery = %v, %v", v, err)
	}

	ex := &plan.Exists{Plan: values([]*types.Type{intT}, []any{nil})}
	if got, err := subEval(t, env, ex, 2); err != nil || got != "true true" {
		t.Errorf("EXISTS over a NULL row = %q, %v", got, err)
	}
	ex = &plan.Exists{Plan: &plan.Filter{Input: src, Pred: lit(false, boolT)}}
	if got, err := subEval(t, env, ex, 1); err != nil || got != "false" {
		t.Errorf("EXISTS over nothing = %q, %v", got, err)
	}
	// In an operator: WHERE x = (SELECT max(...)).
	mx := &plan.ScalarSubquery{Plan: &plan.Aggregate{Input: src, Aggs: []plan.AggCall{{Fn: agg(t, "max", intT), Args: []plan.Expr{cref(0, intT)}}}, Names: []string{"m"}}, T: intT}
	if got := strings.Join(drain(t, &plan.Filter{Input: src, Pred: cmp("=", cref(0, intT), mx)}), " "); got != "2" {
		t.Errorf("x = (SELECT max(x)) = %s", got)
	}
}

func TestInSubqueryMemoryLimit(t *testing.T) {
	var rows [][]any
	for i := 0; i < 1000; i++ {
		rows = append(rows, []any{int64(i)})
	}
	in := &plan.InSubquery{X: cref(0, intT), Plan: values([]*types.Type{intT}, rows...)}
	_, err := subEval(t, &Env{Stats: &Stats{}, MemoryLimit: 4096}, in, 1)
	if !errors.Is(err, sqlerr.ExceededMemoryLimit) || !strings.Contains(err.Error(), "SetBuilderOperator=") {
		t.Errorf("err = %v", err)
	}
}

// TestSubqueryConcurrentEvaluators checks the cache under concurrent
// evaluators (run with -race).
func TestSubqueryConcurrentEvaluators(t *testing.T) {
	env := &Env{Stats: &Stats{}, Now: time.Unix(0, 0)}
	sq := &plan.ScalarSubquery{Plan: values([]*types.Type{intT}, []any{int64(5)}), T: intT}
	done := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			ev := newEvaluator(context.Background(), env)
			v, err := ev.Eval(sq, mkBatch([]*types.Type{intT}, []any{nil}))
			if err != nil {
				done <- err.Error()
				return
			}
			done <- show(v)
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != "5" {
			t.Errorf("got %s", got)
		}
	}
}
