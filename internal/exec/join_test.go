package exec

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
	"trawl/internal/types"
)

// sorted drains a plan and returns its rows sorted, joined by " | ".
func sorted(t *testing.T, n plan.Node) string {
	t.Helper()
	rows := drain(t, n)
	sort.Strings(rows)
	return strings.Join(rows, " | ")
}

// runErr runs a plan to the end and returns its error.
func runErr(env *Env, n plan.Node) error {
	ctx := context.Background()
	op, err := Build(ctx, env, n)
	if err != nil {
		return err
	}
	defer op.Close()
	for {
		b, err := op.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
	}
}

func joinInputs() (*plan.Values, *plan.Values) {
	l := values([]*types.Type{intT, strT},
		[]any{int64(1), "a"}, []any{int64(2), "b"}, []any{int64(2), "b2"}, []any{nil, "n"}, []any{int64(4), "d"})
	r := values([]*types.Type{intT, strT},
		[]any{int64(2), "x"}, []any{int64(2), "y"}, []any{int64(3), "z"}, []any{nil, "rn"}, []any{int64(1), "w"})
	return l, r
}

func eqJoin(kind plan.JoinKind, l, r plan.Node, filter plan.Expr) *plan.Join {
	return &plan.Join{Kind: kind, Left: l, Right: r,
		LeftKeys: []plan.Expr{cref(0, intT)}, RightKeys: []plan.Expr{cref(0, intT)}, Filter: filter}
}

func TestHashJoinKinds(t *testing.T) {
	l, r := joinInputs()
	inner := "1,a,1,w | 2,b,2,x | 2,b,2,y | 2,b2,2,x | 2,b2,2,y"
	cases := []struct {
		kind plan.JoinKind
		want string
	}{
		// NULL keys never match; duplicates on both sides multiply.
		{plan.InnerJoin, inner},
		{plan.LeftJoin, inner + " | 4,d,NULL,NULL | NULL,n,NULL,NULL"},
		{plan.RightJoin, inner + " | NULL,NULL,3,z | NULL,NULL,NULL,rn"},
		{plan.FullJoin, inner + " | 4,d,NULL,NULL | NULL,NULL,3,z | NULL,NULL,NULL,rn | NULL,n,NULL,NULL"},
	}
	for _, c := range cases {
		if got := sorted(t, eqJoin(c.kind, l, r, nil)); got != c.want {
			t.Errorf("%s JOIN:\n got %s\nwant %s", c.kind, got, c.want)
		}
	}
}

func TestHashJoinResidualFilter(t *testing.T) {
	l, r := joinInputs()
	notY := cmp("<>", cref(3, strT), lit("y", strT))
	notB := cmp("<>", cref(1, strT), lit("b", strT))
	cases := []struct {
		name   string
		kind   plan.JoinKind
		filter plan.Expr
		want   string
	}{
		{"inner val<>y", plan.InnerJoin, notY, "1,a,1,w | 2,b,2,x | 2,b2,2,x"},
		// A left row whose candidates all fail the filter is unmatched.
		{"left name<>b", plan.LeftJoin, notB, "1,a,1,w | 2,b,NULL,NULL | 2,b2,2,x | 2,b2,2,y | 4,d,NULL,NULL | NULL,n,NULL,NULL"},
		// A right row that only fails the filter is unmatched.
		{"right val<>y", plan.RightJoin, notY, "1,a,1,w | 2,b,2,x | 2,b2,2,x | NULL,NULL,2,y | NULL,NULL,3,z | NULL,NULL,NULL,rn"},
		{"full name<>b", plan.FullJoin, notB, "1,a,1,w | 2,b,NULL,NULL | 2,b2,2,x | 2,b2,2,y | 4,d,NULL,NULL | NULL,NULL,3,z | NULL,NULL,NULL,rn | NULL,n,NULL,NULL"},
		// A NULL filter is not TRUE: nothing matches.
		{"left filter NULL", plan.LeftJoin, cmp("=", cref(3, strT), null(strT)), "1,a,NULL,NULL | 2,b,NULL,NULL | 2,b2,NULL,NULL | 4,d,NULL,NULL | NULL,n,NULL,NULL"},
	}
	for _, c := range cases {
		if got := sorted(t, eqJoin(c.kind, l, r, c.filter)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestJoinMultipleKeys(t *testing.T) {
	l := values([]*types.Type{intT, strT}, []any{int64(1), "a"}, []any{int64(1), nil}, []any{int64(2), "b"})
	r := values([]*types.Type{intT, strT}, []any{int64(1), "a"}, []any{int64(1), nil}, []any{int64(2), "c"})
	j := &plan.Join{Kind: plan.FullJoin, Left: l, Right: r,
		LeftKeys:  []plan.Expr{cref(0, intT), cref(1, strT)},
		RightKeys: []plan.Expr{cref(0, intT), cref(1, strT)}}
	// (1, NULL) matches nothing, not even (1, NULL).
	want := "1,NULL,NULL,NULL | 1,a,1,a | 2,b,NULL,NULL | NULL,NULL,1,NULL | NULL,NULL,2,c"
	if got := sorted(t, j); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestJoinFloatKeysUseSQLEquality(t *testing.T) {
	dbl := types.DoubleType
	nan := func() float64 { z := 0.0; return z / z }()
	l := values([]*types.Type{dbl}, []any{nan}, []any{0.0}, []any{1.5})
	r := values([]*types.Type{dbl}, []any{nan}, []any{-0.0 * 1}, []any{1.5})
	j := &plan.Join{Kind: plan.InnerJoin, Left: l, Right: r, LeftKeys: []plan.Expr{cref(0, dbl)}, RightKeys: []plan.Expr{cref(0, dbl)}}
	// NaN = NaN is false; 0 = -0 is true.
	if got := sorted(t, j); got != "0,0 | 1.5,1.5" {
		t.Errorf("got %s", got)
	}
}

func TestNestedLoopJoins(t *testing.T) {
	l := values([]*types.Type{intT}, []any{int64(1)}, []any{int64(2)}, []any{nil})
	r := values([]*types.Type{intT}, []any{int64(2)}, []any{int64(3)})
	if got := sorted(t, &plan.Join{Kind: plan.CrossJoin, Left: l, Right: r}); got != "1,2 | 1,3 | 2,2 | 2,3 | NULL,2 | NULL,3" {
		t.Errorf("cross = %s", got)
	}
	lt := cmp("<", cref(0, intT), cref(1, intT))
	cases := []struct {
		kind plan.JoinKind
		want string
	}{
		{plan.InnerJoin, "1,2 | 1,3 | 2,3"},
		{plan.LeftJoin, "1,2 | 1,3 | 2,3 | NULL,NULL"},
		{plan.RightJoin, "1,2 | 1,3 | 2,3"},
		{plan.FullJoin, "1,2 | 1,3 | 2,3 | NULL,NULL"},
	}
	for _, c := range cases {
		if got := sorted(t, &plan.Join{Kind: c.kind, Left: l, Right: r, Filter: lt}); got != c.want {
			t.Errorf("%s ON a < b = %s, want %s", c.kind, got, c.want)
		}
	}
	// A right row no left row reaches.
	gt := cmp(">", cref(0, intT), cref(1, intT))
	if got := sorted(t, &plan.Join{Kind: plan.RightJoin, Left: l, Right: r, Filter: gt}); got != "NULL,2 | NULL,3" {
		t.Errorf("RIGHT JOIN ON a > b = %s", got)
	}
	if got := sorted(t, &plan.Join{Kind: plan.FullJoin, Left: l, Right: r, Filter: gt}); got != "1,NULL | 2,NULL | NULL,2 | NULL,3 | NULL,NULL" {
		t.Errorf("FULL JOIN ON a > b = %s", got)
	}
}

func TestJoinEmptySides(t *testing.T) {
	l, r := joinInputs()
	empty := values([]*types.Type{intT, strT})
	for _, hashed := range []bool{true, false} {
		mk := func(kind plan.JoinKind, a, b plan.Node) *plan.Join {
			if hashed {
				return eqJoin(kind, a, b, nil)
			}
			return &plan.Join{Kind: kind, Left: a, Right: b, Filter: cmp("=", cref(0, intT), cref(2, intT))}
		}
		if got := sorted(t, mk(plan.InnerJoin, l, empty)); got != "" {
			t.Errorf("hashed=%v inner with empty right = %s", hashed, got)
		}
		if got := sorted(t, mk(plan.InnerJoin, empty, r)); got != "" {
			t.Errorf("hashed=%v inner with empty left = %s", hashed, got)
		}
		if got := sorted(t, mk(plan.LeftJoin, l, empty)); got != "1,a,NULL,NULL | 2,b,NULL,NULL | 2,b2,NULL,NULL | 4,d,NULL,NULL | NULL,n,NULL,NULL" {
			t.Errorf("hashed=%v left with empty right = %s", hashed, got)
		}
		if got := sorted(t, mk(plan.RightJoin, empty, r)); got != "NULL,NULL,1,w | NULL,NULL,2,x | NULL,NULL,2,y | NULL,NULL,3,z | NULL,NULL,NULL,rn" {
			t.Errorf("hashed=%v right with empty left = %s", hashed, got)
		}
		if got := sorted(t, mk(plan.FullJoin, empty, empty)); got != "" {
			t.Errorf("hashed=%v full of empties = %s", hashed, got)
		}
	}
	if got := sorted(t, &plan.Join{Kind: plan.CrossJoin, Left: l, Right: empty}); got != "" {
		t.Errorf("cross with empty = %s", got)
	}
}

// TestJoinHashMatchesNestedLoop compares the hash join with a nested loop
// whose filter is the key equality, over inputs larger than a batch (so
// candidate chunks split probe rows).
func TestJoinHashMatchesNestedLoop(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	mk := func(n, keys int) *plan.Values {
		var rows [][]any
		for i := 0; i < n; i++ {
			var k any = int64(rnd.Intn(keys))
			if rnd.Intn(8) == 0 {
				k = nil
			}
			rows = append(rows, []any{k, int64(i)})
		}
		return values([]*types.Type{intT, bigT}, rows...)
	}
	l, r := mk(1500, 40), mk(300, 60)
	odd := cmp("=", &plan.Arith{Op: "%", L: &plan.Arith{Op: "+", L: cref(1, bigT), R: cref(3, bigT), T: bigT}, R: lit(int64(2), bigT), T: bigT}, lit(int64(1), bigT))
	for _, kind := range []plan.JoinKind{plan.InnerJoin, plan.LeftJoin, plan.RightJoin, plan.FullJoin} {
		for _, extra := range []plan.Expr{nil, odd} {
			hash := &plan.Join{Kind: kind, Left: l, Right: r, LeftKeys: []plan.Expr{cref(0, intT)}, RightKeys: []plan.Expr{cref(0, intT)}, Filter: extra}
			eq := cmp("=", cref(0, intT), cref(2, intT))
			if extra != nil {
				eq = and(eq, extra)
			}
			loop := &plan.Join{Kind: kind, Left: l, Right: r, Filter: eq}
			h, n := drain(t, hash), drain(t, loop)
			sort.Strings(h)
			sort.Strings(n)
			if len(h) == 0 || strings.Join(h, "\n") != strings.Join(n, "\n") {
				t.Errorf("%s (filter %v): hash join %d rows, nested loop %d rows, or they differ", kind, extra != nil, len(h), len(n))
			}
		}
	}
}

func TestJoinBatchesLargeFanout(t *testing.T) {
	var lrows, rrows [][]any
	for i := 0; i < 3000; i++ {
		lrows = append(lrows, []any{int64(1)})
	}
	for i := 0; i < 3; i++ {
		rrows = append(rrows, []any{int64(1)})
	}
	j := eqJoin(plan.InnerJoin, values([]*types.Type{intT}, lrows...), values([]*types.Type{intT}, rrows...), nil)
	op, err := Build(context.Background(), &Env{Stats: &Stats{}}, j)
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	total, batches := 0, 0
	for {
		b, err := op.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			break
		}
		if b.N > 1024 {
			t.Errorf("batch of %d rows", b.N)
		}
		total += b.N
		batches++
	}
	if total != 9000 || batches < 9 {
		t.Errorf("%d rows in %d batches, want 9000 in at least 9", total, batches)
	}
}

func TestJoinMemoryLimit(t *testing.T) {
	var rows [][]any
	for i := 0; i < 200; i++ {
		rows = append(rows, []any{int64(i), strings.Repeat("x", 100)})
	}
	big := values([]*types.Type{intT, strT}, rows...)
	small := values([]*types.Type{intT, strT}, []any{int64(1), "a"})
	for _, j := range []*plan.Join{eqJoin(plan.InnerJoin, small, big, nil), {Kind: plan.CrossJoin, Left: small, Right: big}} {
		err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 10000}, j)
		if !errors.Is(err, sqlerr.ExceededMemoryLimit) {
			t.Fatalf("error = %v, want EXCEEDED_LOCAL_MEMORY_LIMIT", err)
		}
		if !strings.HasPrefix(err.Error(), "EXCEEDED_LOCAL_MEMORY_LIMIT: Query exceeded per-node memory limit of 9.77kB [Allocated: ") {
			t.Errorf("message = %q", err.Error())
		}
	}
	// The same join fits in the default limit, and building on the small
	// side fits in the small limit.
	if got := len(drain(t, eqJoin(plan.InnerJoin, small, big, nil))); got != 1 {
		t.Errorf("join rows = %d", got)
	}
	if err := runErr(&Env{Stats: &Stats{}, MemoryLimit: 10000}, eqJoin(plan.InnerJoin, big, small, nil)); err != nil {
		t.Errorf("small build side: %v", err)
	}
}

func TestFormatDataSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0B", 10: "10B", 1024: "1kB", 1536: "1.50kB", 1 << 30: "1GB", 7 << 20: "7MB", 10000: "9.77kB"} {
		if got := formatDataSize(n); got != want {
			t.Errorf("formatDataSize(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestLimitOverJoinStopsScans checks that closing a LIMIT over a join of
// two scans stops every scan worker.
func TestLimitOverJoinStopsScans(t *testing.T) {
	dir := t.TempDir()
	for f := 0; f < 4; f++ {
		var b strings.Builder
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&b, "{\"k\": %d, \"s\": \"row%d\"}\n", i%10, i)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part%d.json", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scan := func() *plan.Scan {
		return &plan.Scan{
			Table: &plan.Table{Database: "d", Name: "t", Location: "file://" + dir + "/", Format: "jsonlines",
				DataColumns: []plan.Column{{Name: "k", Type: bigT}, {Name: "s", Type: strT}}},
			Cols:  []plan.ScanColumn{{Name: "k", Type: bigT, Path: []string{"k"}}, {Name: "s", Type: strT, Path: []string{"s"}}},
			Limit: -1,
		}
	}
	before := runtime.NumGoroutine()
	env := &Env{Store: &storage.Router{File: file.New("/")}, Stats: &Stats{}, Workers: 4}
	j := &plan.Join{Kind: plan.InnerJoin, Left: scan(), Right: scan(),
		LeftKeys: []plan.Expr{cref(0, bigT)}, RightKeys: []plan.Expr{cref(0, bigT)}}
	ctx := context.Background()
	op, err := Build(ctx, env, &plan.Limit{Input: j, N: 5})
	if err != nil {
		t.Fatal(err)
	}
	rows := drainOp(t, op)
	op.Close()
	if len(rows) != 5 {
		t.Errorf("%d rows, want 5", len(rows))
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before", n, before)
	}
	// Closing before reading anything stops the scans too.
	op, err = Build(ctx, env, j)
	if err != nil {
		t.Fatal(err)
	}
	op.Close()
	deadline = time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after an early Close, %d before", n, before)
	}
}
