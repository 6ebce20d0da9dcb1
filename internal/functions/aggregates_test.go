package functions

import (
	"errors"
	"math"
	"testing"

	"trawl/internal/types"
	"trawl/internal/vector"
)

// feed adds rows (each a tuple of argument values in the bound parameter
// types) to st.
func feed(t *testing.T, b *AggBound, st AggState, rows [][]any) {
	t.Helper()
	vs := make([]*vector.Vector, len(b.Params))
	for j, p := range b.Params {
		vs[j] = vector.New(p, len(rows))
		for _, r := range rows {
			vs[j].Append(r[j])
		}
	}
	for i := range rows {
		if err := st.Add(vs, i); err != nil {
			t.Fatalf("%s Add row %d: %v", b.Name, i, err)
		}
	}
}

// aggregate evaluates name over rows in one state, and again split into
// two partial states merged together (and into an empty state), checking
// that all agree.
func aggregate(t *testing.T, name string, distinct bool, argTypes []*types.Type, rows [][]any) any {
	t.Helper()
	b, err := LookupAggregate(name, argTypes)
	if err != nil {
		t.Fatalf("LookupAggregate(%s, %v): %v", name, argTypes, err)
	}
	if distinct {
		b = Distinct(b)
	}
	whole := b.New()
	feed(t, b, whole, rows)
	want := whole.Result()

	for split := 0; split <= len(rows); split++ {
		left, right := b.New(), b.New()
		feed(t, b, left, rows[:split])
		feed(t, b, right, rows[split:])
		left.Merge(right)
		if got := left.Result(); !sameAgg(got, want) {
			t.Errorf("%s split at %d: merged %#v, single state %#v", name, split, got, want)
		}
		empty := b.New()
		empty.Merge(left)
		if got := empty.Result(); !sameAgg(got, want) {
			t.Errorf("%s split at %d: merged into empty %#v, want %#v", name, split, got, want)
		}
	}
	return want
}

// sameAgg compares results; array_agg's order depends on the split, so
// arrays compare as multisets.
func sameAgg(a, b any) bool {
	x, ok1 := a.([]any)
	y, ok2 := b.([]any)
	if !ok1 || !ok2 {
		return sameValue(a, b)
	}
	if len(x) != len(y) {
		return false
	}
	used := make([]bool, len(y))
outer:
	for _, e := range x {
		for j, f := range y {
			if !used[j] && sameValue(e, f) {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

func col(vals ...any) [][]any {
	rows := make([][]any, len(vals))
	for i, v := range vals {
		rows[i] = []any{v}
	}
	return rows
}

func TestAggregates(t *testing.T) {
	B, D, V, Bo := tB, tD, tV, tBo
	nan := math.NaN()
	cases := []struct {
		name     string
		fn       string
		distinct bool
		types    []*types.Type
		rows     [][]any
		want     any
	}{
		{name: "count star", fn: "count", types: ts(), rows: [][]any{{}, {}, {}}, want: int64(3)},
		{name: "count star empty", fn: "count", types: ts(), rows: nil, want: int64(0)},
		{name: "count skips nulls", fn: "count", types: ts(B), rows: col(int64(1), nil, int64(3)), want: int64(2)},
		{name: "count empty", fn: "count", types: ts(B), rows: nil, want: int64(0)},
		{name: "count all null", fn: "count", types: ts(V), rows: col(nil, nil), want: int64(0)},
		{name: "count distinct", fn: "count", distinct: true, types: ts(B), rows: col(int64(1), int64(1), nil, int64(2), int64(2)), want: int64(2)},

		{name: "count_if", fn: "count_if", types: ts(Bo), rows: col(true, false, nil, true), want: int64(2)},
		{name: "count_if empty", fn: "count_if", types: ts(Bo), rows: nil, want: int64(0)},

		{name: "sum bigint", fn: "sum", types: ts(B), rows: col(int64(1), nil, int64(2)), want: int64(3)},
		{name: "sum empty is null", fn: "sum", types: ts(B), rows: nil, want: nil},
		{name: "sum all null is null", fn: "sum", types: ts(B), rows: col(nil, nil), want: nil},
		{name: "sum double", fn: "sum", types: ts(D), rows: col(1.5, nil, 2.25), want: 3.75},
		{name: "sum double empty", fn: "sum", types: ts(D), rows: nil, want: nil},
		{name: "sum distinct", fn: "sum", distinct: true, types: ts(B), rows: col(int64(5), int64(5), int64(1)), want: int64(6)},
		{name: "sum decimal", fn: "sum", types: ts(types.NewDecimal(10, 2)), rows: col(int64(150), int64(275)), want: types.Int128{Lo: 425}}, // decimal(38,2) is a long decimal

		{name: "avg", fn: "avg", types: ts(B), rows: col(1.0, 2.0, nil, 4.0), want: 7.0 / 3},
		{name: "avg empty", fn: "avg", types: ts(D), rows: nil, want: nil},
		{name: "avg distinct", fn: "avg", distinct: true, types: ts(D), rows: col(1.0, 1.0, 4.0), want: 2.5},

		{name: "min", fn: "min", types: ts(B), rows: col(int64(3), nil, int64(-1), int64(2)), want: int64(-1)},
		{name: "max", fn: "max", types: ts(B), rows: col(int64(3), nil, int64(-1), int64(2)), want: int64(3)},
		{name: "min empty", fn: "min", types: ts(B), rows: nil, want: nil},
		{name: "max all null", fn: "max", types: ts(B), rows: col(nil, nil), want: nil},
		{name: "max varchar", fn: "max", types: ts(V), rows: col("apple", "pear", "banana"), want: "pear"},
		{name: "min varchar", fn: "min", types: ts(V), rows: col("apple", "pear", "Zebra"), want: "Zebra"},
		{name: "max ignores NaN", fn: "max", types: ts(D), rows: col(1.0, nan, 3.0), want: 3.0},
		{name: "min ignores NaN", fn: "min", types: ts(D), rows: col(nan, 2.0, 1.0), want: 1.0},
		{name: "max all NaN", fn: "max", types: ts(D), rows: col(nan, nan), want: nan},
		{name: "max timestamp", fn: "max", types: ts(types.TimestampType), rows: col(int64(5), int64(9), int64(-2)), want: int64(9)},
		{name: "max array", fn: "max", types: ts(types.NewArray(B)), rows: col([]any{int64(1), int64(2)}, []any{int64(1), int64(3)}, []any{int64(1)}), want: []any{int64(1), int64(3)}},

		{name: "arbitrary skips null", fn: "arbitrary", types: ts(V), rows: col(nil, "x", nil), want: "x"},
		{name: "arbitrary empty", fn: "arbitrary", types: ts(V), rows: nil, want: nil},
		{name: "any_value", fn: "any_value", types: ts(B), rows: col(nil, int64(4)), want: int64(4)},

		{name: "bool_and", fn: "bool_and", types: ts(Bo), rows: col(true, nil, true), want: true},
		{name: "bool_and false", fn: "bool_and", types: ts(Bo), rows: col(true, false, nil), want: false},
		{name: "bool_and empty", fn: "bool_and", types: ts(Bo), rows: nil, want: nil},
		{name: "every", fn: "every", types: ts(Bo), rows: col(true, false), want: false},
		{name: "bool_or", fn: "bool_or", types: ts(Bo), rows: col(false, nil, true), want: true},
		{name: "bool_or false", fn: "bool_or", types: ts(Bo), rows: col(false, nil), want: false},
		{name: "bool_or all null", fn: "bool_or", types: ts(Bo), rows: col(nil, nil), want: nil},

		{name: "min_by", fn: "min_by", types: ts(V, B), rows: [][]any{{"a", int64(3)}, {"b", int64(1)}, {"c", int64(2)}}, want: "b"},
		{name: "max_by", fn: "max_by", types: ts(V, B), rows: [][]any{{"a", int64(3)}, {"b", int64(1)}, {"c", int64(2)}}, want: "a"},
		{name: "max_by skips null key", fn: "max_by", types: ts(V, B), rows: [][]any{{"a", int64(3)}, {"b", nil}}, want: "a"},
		{name: "max_by null value", fn: "max_by", types: ts(V, B), rows: [][]any{{nil, int64(3)}, {"b", int64(1)}}, want: nil},
		{name: "min_by empty", fn: "min_by", types: ts(V, B), rows: nil, want: nil},
		{name: "max_by varchar key", fn: "max_by", types: ts(B, V), rows: [][]any{{int64(1), "x"}, {int64(2), "z"}, {int64(3), "y"}}, want: int64(2)},

		{name: "array_agg keeps nulls", fn: "array_agg", types: ts(B), rows: col(int64(1), nil, int64(2)), want: []any{int64(1), nil, int64(2)}},
		{name: "array_agg empty is null", fn: "array_agg", types: ts(B), rows: nil, want: nil},
		{name: "array_agg distinct", fn: "array_agg", distinct: true, types: ts(V), rows: col("a", "b", "a"), want: []any{"a", "b"}},

		{name: "approx_distinct", fn: "approx_distinct", types: ts(V), rows: col("a", "b", "a", nil, "c"), want: int64(3)},
		{name: "approx_distinct empty", fn: "approx_distinct", types: ts(V), rows: nil, want: int64(0)},
		{name: "approx_distinct folds -0", fn: "approx_distinct", types: ts(D), rows: col(0.0, math.Copysign(0, -1)), want: int64(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := aggregate(t, tc.fn, tc.distinct, tc.types, tc.rows)
			if !sameAgg(got, tc.want) {
				t.Fatalf("%s = %#v, want %#v", tc.fn, got, tc.want)
			}
		})
	}
}

func TestArrayAggOrder(t *testing.T) {
	b, err := LookupAggregate("array_agg", ts(tV))
	if err != nil {
		t.Fatal(err)
	}
	st := b.New()
	feed(t, b, st, col("c", "a", "b"))
	got := st.Result().([]any)
	if len(got) != 3 || got[0] != "c" || got[1] != "a" || got[2] != "b" {
		t.Errorf("array_agg = %v, want input order [c a b]", got)
	}
}

func TestAggregateTypes(t *testing.T) {
	for _, tc := range []struct {
		fn   string
		arg  *types.Type
		want string
	}{
		{"count", tV, "bigint"},
		{"count_if", tBo, "bigint"},
		{"sum", tI, "bigint"},
		{"sum", tD, "double"},
		{"sum", types.NewDecimal(10, 2), "decimal(38,2)"},
		{"avg", tI, "double"},
		{"avg", types.RealType, "real"},
		{"min", tV, "varchar"},
		{"max_by", tV, "varchar"},
		{"array_agg", tB, "array(bigint)"},
		{"approx_distinct", tV, "bigint"},
	} {
		args := ts(tc.arg)
		if tc.fn == "max_by" {
			args = ts(tc.arg, tB)
		}
		b, err := LookupAggregate(tc.fn, args)
		if err != nil {
			t.Errorf("%s(%s): %v", tc.fn, tc.arg, err)
			continue
		}
		if b.Ret.String() != tc.want {
			t.Errorf("%s(%s) returns %s, want %s", tc.fn, tc.arg, b.Ret, tc.want)
		}
	}
	if _, err := LookupAggregate("sum", ts(tV)); err == nil {
		t.Error("sum(varchar) resolved")
	} else if want := "Unexpected parameters (varchar) for function sum. Expected: sum(T)"; err.Error() != want {
		t.Errorf("sum(varchar): %q, want %q", err, want)
	}
	if _, err := LookupAggregate("max", ts(types.NewMap(tV, tB))); err == nil {
		t.Error("max(map) resolved; maps are not orderable")
	}
}

func TestAvgReal(t *testing.T) {
	got := aggregate(t, "avg", false, ts(types.RealType), col(0.1, 0.2))
	want := float64(float32((0.1 + 0.2) / 2))
	if got != want {
		t.Errorf("avg(real) = %v, want single-precision %v", got, want)
	}
}

func TestSumOverflow(t *testing.T) {
	b, _ := LookupAggregate("sum", ts(tB))
	st := b.New()
	vs := []*vector.Vector{newVec(tB, int64(math.MaxInt64), int64(1))}
	if err := st.Add(vs, 0); err != nil {
		t.Fatal(err)
	}
	err := st.Add(vs, 1)
	var of *OverflowError
	if !errors.As(err, &of) || of.Msg != "bigint addition overflow: 9223372036854775807 + 1" {
		t.Errorf("sum overflow: %v", err)
	}
}
