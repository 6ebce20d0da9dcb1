package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// winInput: (id, p, x); partition a by id: x = 1, 2, 2, NULL, 5.
func winInput() *plan.Values {
	return values([]*types.Type{strT, strT, intT},
		[]any{"r1", "a", int64(1)},
		[]any{"r2", "a", int64(2)},
		[]any{"r3", "a", int64(2)},
		[]any{"r4", "a", nil},
		[]any{"r5", "a", int64(5)},
		[]any{"r6", "b", int64(3)},
		[]any{"r7", "b", nil},
		[]any{"r8", "b", int64(3)})
}

var (
	colID = cref(0, strT)
	colP  = cref(1, strT)
	colX  = cref(2, intT)
)

func byID() []plan.SortKey { return []plan.SortKey{{Expr: colID}} }
func byX(desc, nullsFirst bool) []plan.SortKey {
	return []plan.SortKey{{Expr: colX, Desc: desc, NullsFirst: nullsFirst}}
}

func defaultFrame(order []plan.SortKey) plan.Frame {
	f := plan.Frame{Unit: plan.Range, Start: plan.FrameBound{Kind: plan.UnboundedPreceding}, End: plan.FrameBound{Kind: plan.CurrentRow}}
	if len(order) == 0 {
		f.End.Kind = plan.UnboundedFollowing
	}
	return f
}

func bound(kind plan.BoundKind, off int64) plan.FrameBound {
	b := plan.FrameBound{Kind: kind}
	if kind == plan.Preceding || kind == plan.Following {
		b.Offset = lit(off, bigT)
	}
	return b
}

func frame(unit plan.FrameUnit, s, e plan.FrameBound) plan.Frame {
	return plan.Frame{Unit: unit, Start: s, End: e}
}

// fn is a ranking/value window function partitioned by p.
func fn(name string, T *types.Type, order []plan.SortKey, args ...plan.Expr) plan.WindowFunc {
	return plan.WindowFunc{Name: name, Args: args, PartitionBy: []plan.Expr{colP}, OrderBy: order, Frame: defaultFrame(order), T: T}
}

func aggFn(t *testing.T, name string, order []plan.SortKey, fr plan.Frame, args ...plan.Expr) plan.WindowFunc {
	var ts []*types.Type
	for _, a := range args {
		ts = append(ts, a.Type())
	}
	a := agg(t, name, ts...)
	return plan.WindowFunc{Name: name, Agg: a, Args: args, PartitionBy: []plan.Expr{colP}, OrderBy: order, Frame: fr, T: a.Ret}
}

// winResults runs a Window over winInput and maps each id to its
// function columns ("v1,v2").
func winResults(t *testing.T, funcs ...plan.WindowFunc) map[string]string {
	t.Helper()
	in := winInput()
	out := map[string]string{}
	for _, r := range drain(t, &plan.Window{Input: in, Funcs: funcs}) {
		parts := strings.Split(r, ",")
		out[parts[0]] = strings.Join(parts[3:], ",")
	}
	if len(out) != len(in.Rows) {
		t.Fatalf("%d rows, want %d", len(out), len(in.Rows))
	}
	return out
}

// expect checks "r1=v r2=v ..." against the results.
func expect(t *testing.T, what string, got map[string]string, want string) {
	t.Helper()
	for _, kv := range strings.Fields(want) {
		k, v, _ := strings.Cut(kv, "=")
		if got[k] != v {
			t.Errorf("%s: %s = %s, want %s", what, k, got[k], v)
		}
	}
}

func TestWindowRanking(t *testing.T) {
	dbl := types.DoubleType
	o := byX(false, false) // Trino's default: ASC NULLS LAST
	got := winResults(t,
		fn("row_number", bigT, o), fn("rank", bigT, o), fn("dense_rank", bigT, o),
		fn("percent_rank", dbl, o), fn("cume_dist", dbl, o),
		fn("ntile", bigT, o, lit(int64(2), bigT)), fn("ntile", bigT, o, lit(int64(5), bigT)))
	// a: r1(1) r2(2) r3(2) r5(5) r4(NULL); b: r6(3) r8(3) r7(NULL).
	expect(t, "ranking", got, "r1=1,1,1,0,0.2,1,1 r2=2,2,2,0.25,0.6,1,2 r3=3,2,2,0.25,0.6,1,3 r5=4,4,3,0.75,0.8,2,4 r4=5,5,4,1,1,2,5 "+
		"r6=1,1,1,0,0.6666666666666666,1,1 r8=2,1,1,0,0.6666666666666666,1,2 r7=3,3,2,1,1,2,3")

	o = byX(true, true) // DESC NULLS FIRST
	got = winResults(t, fn("row_number", bigT, o), fn("rank", bigT, o))
	expect(t, "desc nulls first", got, "r4=1,1 r5=2,2 r2=3,3 r3=4,3 r1=5,5 r7=1,1 r6=2,2 r8=3,2")

	// Without ORDER BY every row is a peer.
	got = winResults(t, fn("rank", bigT, nil), fn("dense_rank", bigT, nil), fn("cume_dist", dbl, nil), fn("percent_rank", dbl, nil))
	expect(t, "no order", got, "r1=1,1,1,0 r4=1,1,1,0 r7=1,1,1,0")

	// ntile's NULL and invalid bucket counts.
	got = winResults(t, fn("ntile", bigT, o, null(bigT)))
	expect(t, "ntile(NULL)", got, "r1=NULL r6=NULL")
	err := runErr(&Env{Stats: &Stats{}}, &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{fn("ntile", bigT, o, lit(int64(0), bigT))}})
	if !errors.Is(err, sqlerr.InvalidFunctionArgument) || !strings.Contains(err.Error(), "Buckets must be greater than 0") {
		t.Errorf("ntile(0): %v", err)
	}
}

func TestNtileBuckets(t *testing.T) {
	// 10 rows in 4 buckets: 3, 3, 2, 2 (Trino's distribution).
	var got []string
	for r := int64(0); r < 10; r++ {
		got = append(got, fmt.Sprint(ntileBucket(10, 4, r)+1))
	}
	if s := strings.Join(got, ""); s != "1112223344" {
		t.Errorf("ntile(4) over 10 = %s", s)
	}
}

func TestWindowLagLead(t *testing.T) {
	o := byID()
	x := colX
	got := winResults(t,
		fn("lag", intT, o, x),
		fn("lead", intT, o, x),
		fn("lag", intT, o, x, lit(int64(2), bigT), lit(int64(-1), intT)),
		fn("lead", intT, o, x, lit(int64(0), bigT)),
		fn("lag", intT, o, x, null(bigT)))
	// a by id: 1, 2, 2, NULL, 5; b: 3, NULL, 3.
	expect(t, "lag/lead", got, "r1=NULL,2,-1,1,NULL r2=1,2,-1,2,NULL r3=2,NULL,1,2,NULL r4=2,5,2,NULL,NULL r5=NULL,NULL,2,5,NULL "+
		"r6=NULL,NULL,-1,3,NULL r7=3,3,-1,NULL,NULL r8=NULL,NULL,3,3,NULL")

	ign := func(f plan.WindowFunc) plan.WindowFunc { f.IgnoreNulls = true; return f }
	got = winResults(t,
		ign(fn("lag", intT, o, x)),
		ign(fn("lead", intT, o, x)),
		ign(fn("lead", intT, o, x, lit(int64(2), bigT))),
		ign(fn("lag", intT, o, x, lit(int64(0), bigT))),
		ign(fn("lead", intT, o, x, lit(int64(3), bigT), lit(int64(9), intT))))
	expect(t, "ignore nulls", got, "r1=NULL,2,2,1,5 r2=1,2,5,2,9 r3=2,5,NULL,2,9 r4=2,5,NULL,NULL,9 r5=2,NULL,NULL,5,9 r7=3,3,NULL,NULL,9 r8=3,NULL,NULL,3,9")

	err := runErr(&Env{Stats: &Stats{}}, &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{fn("lag", intT, o, x, lit(int64(-1), bigT))}})
	if !errors.Is(err, sqlerr.InvalidFunctionArgument) || !strings.Contains(err.Error(), "Offset must be at least 0") {
		t.Errorf("lag offset -1: %v", err)
	}
}

func TestWindowValueFunctions(t *testing.T) {
	o := byID()
	x := colX
	ign := func(f plan.WindowFunc) plan.WindowFunc { f.IgnoreNulls = true; return f }
	withFrame := func(f plan.WindowFunc, fr plan.Frame) plan.WindowFunc { f.Frame = fr; return f }
	following := frame(plan.Rows, bound(plan.Following, 1), bound(plan.UnboundedFollowing, 0))
	got := winResults(t,
		fn("first_value", intT, o, x),
		fn("last_value", intT, o, x),
		ign(fn("last_value", intT, o, x)),
		fn("nth_value", intT, o, x, lit(int64(2), bigT)),
		fn("nth_value", intT, o, x, lit(int64(4), bigT)),
		ign(fn("nth_value", intT, o, x, lit(int64(4), bigT))),
		withFrame(fn("first_value", intT, o, x), following),
		ign(withFrame(fn("first_value", intT, o, x), following)),
		withFrame(fn("last_value", intT, nil, x), defaultFrame(nil)))
	// a by id: 1, 2, 2, NULL, 5.
	expect(t, "values", got,
		"r1=1,1,1,NULL,NULL,NULL,2,2,5 r2=1,2,2,2,NULL,NULL,2,2,5 r3=1,2,2,2,NULL,NULL,NULL,5,5 r4=1,NULL,2,2,NULL,NULL,5,5,5 r5=1,5,5,2,NULL,5,NULL,NULL,5")
	// Partition b by id: 3, NULL, 3; whole-partition last_value is the last
	// in input order among peers (all rows are peers without ORDER BY).
	expect(t, "values b", got, "r6=3,3,3,NULL,NULL,NULL,NULL,3,3 r7=3,NULL,3,NULL,NULL,NULL,3,3,3")

	err := runErr(&Env{Stats: &Stats{}}, &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{fn("nth_value", intT, o, x, lit(int64(0), bigT))}})
	if !errors.Is(err, sqlerr.InvalidFunctionArgument) || !strings.Contains(err.Error(), "Offset must be at least 1") {
		t.Errorf("nth_value(x, 0): %v", err)
	}
}

func TestWindowAggregateRowsFrames(t *testing.T) {
	o := byID()
	x := colX
	rows := func(s, e plan.FrameBound) plan.Frame { return frame(plan.Rows, s, e) }
	got := winResults(t,
		aggFn(t, "sum", o, rows(bound(plan.Preceding, 1), bound(plan.Following, 1)), x),
		aggFn(t, "sum", o, rows(bound(plan.UnboundedPreceding, 0), bound(plan.CurrentRow, 0)), x),
		aggFn(t, "sum", o, rows(bound(plan.Preceding, 2), bound(plan.Preceding, 1)), x),
		aggFn(t, "sum", o, rows(bound(plan.CurrentRow, 0), bound(plan.UnboundedFollowing, 0)), x),
		aggFn(t, "count", o, rows(bound(plan.Following, 1), bound(plan.Following, 3))),
		aggFn(t, "count", o, rows(bound(plan.UnboundedPreceding, 0), bound(plan.Preceding, 3))),
		aggFn(t, "sum", nil, defaultFrame(nil), x))
	// a by id: 1, 2, 2, NULL, 5 — empty frames give count 0 and sum NULL.
	expect(t, "rows frames a", got, "r1=3,1,NULL,10,3,0,10 r2=5,3,1,9,3,0,10 r3=4,5,3,7,2,0,10 r4=7,5,4,5,1,1,10 r5=5,10,2,5,0,2,10")
	// b by id: 3, NULL, 3.
	expect(t, "rows frames b", got, "r6=3,3,NULL,6,2,0,6 r7=6,3,3,3,1,0,6 r8=3,6,3,3,0,0,6")
}

func TestWindowAggregateRangeFrames(t *testing.T) {
	x := colX
	asc := byX(false, false)
	rng := func(s, e plan.FrameBound) plan.Frame { return frame(plan.Range, s, e) }
	got := winResults(t,
		aggFn(t, "sum", asc, defaultFrame(asc), x),
		aggFn(t, "sum", asc, rng(bound(plan.Preceding, 1), bound(plan.Following, 1)), x),
		aggFn(t, "count", asc, rng(bound(plan.Preceding, 1), bound(plan.Following, 1))),
		aggFn(t, "sum", asc, rng(bound(plan.CurrentRow, 0), bound(plan.Following, 2)), x),
		// Trino: a frame starting past the last value reaches the trailing NULLs.
		aggFn(t, "count", asc, rng(bound(plan.Following, 1), bound(plan.UnboundedFollowing, 0))),
		aggFn(t, "sum", asc, rng(bound(plan.Following, 1), bound(plan.UnboundedFollowing, 0)), x))
	// a by x: r1(1) r2(2) r3(2) r5(5) r4(NULL): a NULL key's frame is its peers.
	expect(t, "range asc", got, "r1=1,5,3,5,4,9 r2=5,5,3,4,2,5 r3=5,5,3,4,2,5 r5=10,5,1,5,1,NULL r4=10,NULL,1,NULL,1,NULL")
	// b by x: r6(3) r8(3) r7(NULL).
	expect(t, "range asc b", got, "r6=6,6,2,6,1,NULL r8=6,6,2,6,1,NULL r7=6,NULL,1,NULL,1,NULL")

	desc := byX(true, false)
	got = winResults(t, aggFn(t, "sum", desc, rng(bound(plan.Preceding, 1), bound(plan.CurrentRow, 0)), x))
	// a by x desc: r5(5) r2(2) r3(2) r1(1) r4(NULL); preceding means larger.
	expect(t, "range desc", got, "r5=5 r2=4 r3=4 r1=5 r4=NULL")

	nf := byX(false, true)
	got = winResults(t,
		aggFn(t, "count", nf, rng(bound(plan.UnboundedPreceding, 0), bound(plan.Preceding, 1))),
		aggFn(t, "sum", nf, rng(bound(plan.UnboundedPreceding, 0), bound(plan.Preceding, 1)), x))
	// a by x nulls first: r4(NULL) r1(1) r2(2) r3(2) r5(5): an end before the
	// first value keeps the leading NULLs.
	expect(t, "range nulls first", got, "r4=1,NULL r1=1,NULL r2=2,1 r3=2,1 r5=4,5")

	// A NULL offset is an error.
	bad := aggFn(t, "count", asc, rng(plan.FrameBound{Kind: plan.Preceding, Offset: null(bigT)}, bound(plan.CurrentRow, 0)))
	err := runErr(&Env{Stats: &Stats{}}, &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{bad}})
	if !errors.Is(err, sqlerr.InvalidWindowFrame) || !strings.Contains(err.Error(), "Window frame offset value must not be negative or null") {
		t.Errorf("NULL offset: %v", err)
	}
	bad = aggFn(t, "count", byID(), frame(plan.Rows, bound(plan.Preceding, -1), bound(plan.CurrentRow, 0)))
	err = runErr(&Env{Stats: &Stats{}}, &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{bad}})
	if !errors.Is(err, sqlerr.InvalidWindowFrame) {
		t.Errorf("negative ROWS offset: %v", err)
	}
}

func TestWindowRangeOverDatesAndDoubles(t *testing.T) {
	day := int64(86400000)
	src := values([]*types.Type{strT, types.DateType, types.DoubleType},
		[]any{"d1", int64(100), 1.0}, []any{"d2", int64(101), 1.5}, []any{"d3", int64(103), 3.0}, []any{"d4", int64(104), 4.25})
	dk := []plan.SortKey{{Expr: cref(1, types.DateType)}}
	fk := []plan.SortKey{{Expr: cref(2, types.DoubleType)}}
	cnt := agg(t, "count")
	win := &plan.Window{Input: src, Funcs: []plan.WindowFunc{
		{Name: "count", Agg: cnt, OrderBy: dk, T: bigT, Frame: frame(plan.Range,
			plan.FrameBound{Kind: plan.Preceding, Offset: lit(2*day, types.IntervalDayType)}, bound(plan.CurrentRow, 0))},
		{Name: "count", Agg: cnt, OrderBy: fk, T: bigT, Frame: frame(plan.Range,
			plan.FrameBound{Kind: plan.Preceding, Offset: lit(0.5, types.DoubleType)}, plan.FrameBound{Kind: plan.Following, Offset: lit(1.25, types.DoubleType)})},
	}}
	got := map[string]string{}
	for _, r := range drain(t, win) {
		p := strings.Split(r, ",")
		got[p[0]] = strings.Join(p[3:], ",")
	}
	// Dates within 2 days before; doubles within [x-0.5, x+1.25].
	expect(t, "dates/doubles", got, "d1=1,2 d2=2,2 d3=2,2 d4=2,1")
}

func TestWindowAggregateGroupsFrames(t *testing.T) {
	x := colX
	asc := byX(false, false)
	grp := func(s, e plan.FrameBound) plan.Frame { return frame(plan.Groups, s, e) }
	got := winResults(t,
		aggFn(t, "count", asc, grp(bound(plan.Preceding, 1), bound(plan.CurrentRow, 0))),
		aggFn(t, "sum", asc, grp(bound(plan.Preceding, 1), bound(plan.CurrentRow, 0)), x),
		aggFn(t, "count", asc, grp(bound(plan.Following, 1), bound(plan.Following, 2))),
		aggFn(t, "sum", asc, grp(bound(plan.Following, 1), bound(plan.Following, 2)), x),
		aggFn(t, "count", asc, grp(bound(plan.CurrentRow, 0), bound(plan.CurrentRow, 0))))
	// a groups by x: {r1} {r2 r3} {r5} {r4 NULL}.
	expect(t, "groups", got, "r1=1,1,3,9,1 r2=3,5,2,5,2 r3=3,5,2,5,2 r5=3,9,1,NULL,1 r4=2,5,0,NULL,1")
}

func TestWindowRunningArrayAggIsNotAliased(t *testing.T) {
	o := byID()
	got := winResults(t, aggFn(t, "array_agg", o, frame(plan.Rows, bound(plan.UnboundedPreceding, 0), bound(plan.CurrentRow, 0)), colX))
	for id, want := range map[string]string{"r1": "[1]", "r3": "[1 2 2]", "r5": "[1 2 2 <nil> 5]", "r6": "[3]", "r8": "[3 <nil> 3]"} {
		if got[id] != want {
			t.Errorf("array_agg at %s = %s, want %s", id, got[id], want)
		}
	}
}

func TestWindowSeveralSpecifications(t *testing.T) {
	// Functions with different windows; the output follows the last one.
	w := &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{
		fn("row_number", bigT, byID()),
		{Name: "row_number", OrderBy: byX(true, false), Frame: defaultFrame(byX(true, false)), T: bigT}, // no partition
	}}
	rows := drain(t, w)
	if len(rows) != 8 || !strings.HasPrefix(rows[0], "r5,") || !strings.HasPrefix(rows[7], "r7,") && !strings.HasPrefix(rows[7], "r4,") {
		t.Errorf("order = %v", rows)
	}
	got := map[string]string{}
	for _, r := range rows {
		p := strings.Split(r, ",")
		got[p[0]] = strings.Join(p[3:], ",")
	}
	// Global x desc nulls last: r5(5) r6 r8(3) r2 r3(2) r1(1) r4 r7(NULL).
	expect(t, "two specs", got, "r5=5,1 r6=1,2 r8=3,3 r2=2,4 r3=3,5 r1=1,6 r4=4,7 r7=2,8")
}

func TestWindowLargePartitionIsLinear(t *testing.T) {
	const n = 40000
	var rows [][]any
	for i := 0; i < n; i++ {
		rows = append(rows, []any{int64(i)})
	}
	src := values([]*types.Type{bigT}, rows...)
	o := []plan.SortKey{{Expr: cref(0, bigT)}}
	sum := agg(t, "sum", bigT)
	w := &plan.Window{Input: src, Funcs: []plan.WindowFunc{
		{Name: "sum", Agg: sum, Args: []plan.Expr{cref(0, bigT)}, OrderBy: o, Frame: defaultFrame(o), T: bigT},
		{Name: "sum", Agg: sum, Args: []plan.Expr{cref(0, bigT)}, Frame: defaultFrame(nil), T: bigT},
	}}
	start := time.Now()
	out := drain(t, w)
	if len(out) != n || out[n-1] != fmt.Sprintf("%d,%d,%d", n-1, n*(n-1)/2, n*(n-1)/2) || out[1] != fmt.Sprintf("1,1,%d", n*(n-1)/2) {
		t.Errorf("rows %d, first %q, last %q", len(out), out[1], out[n-1])
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestWindowMemoryLimit(t *testing.T) {
	w := &plan.Window{Input: winInput(), Funcs: []plan.WindowFunc{fn("row_number", bigT, byID())}}
	err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 100}, w)
	if !errors.Is(err, sqlerr.ExceededMemoryLimit) || !strings.Contains(err.Error(), "Query exceeded per-node memory limit of 100B") || !strings.Contains(err.Error(), "WindowOperator=") {
		t.Errorf("err = %v", err)
	}
	if err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 100000}, w); err != nil {
		t.Errorf("within the limit: %v", err)
	}
}

func TestWindowEmptyInputAndClose(t *testing.T) {
	in := &batchesOp{}
	op := &windowOp{node: &plan.Window{Input: values([]*types.Type{intT}), Funcs: []plan.WindowFunc{{Name: "row_number", T: bigT, Frame: defaultFrame(nil)}}},
		in: in, ev: newEv(), mem: (&Env{}).reserve("WindowOperator")}
	b, err := op.Next(context.Background())
	if b != nil || err != nil {
		t.Errorf("empty input: %v, %v", b, err)
	}
	op.Close()
	if !in.closed {
		t.Errorf("input not closed")
	}
}
