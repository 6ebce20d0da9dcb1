package functions

import (
	"errors"
	"math"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestMoreArrayMapFunctions(t *testing.T) {
	V, B, D := tV, tB, tD
	AB, AV, AD := types.NewArray(B), types.NewArray(V), types.NewArray(D)
	AAB := types.NewArray(AB)
	MVB := types.NewMap(V, B)
	RVB := types.NewRow(types.Field{Type: V}, types.Field{Type: B})
	m := func(kv ...any) *types.MapValue {
		mv := &types.MapValue{Keys: []any{}, Values: []any{}}
		for i := 0; i < len(kv); i += 2 {
			mv.Keys = append(mv.Keys, kv[i])
			mv.Values = append(mv.Values, kv[i+1])
		}
		return mv
	}
	runScalarCases(t, []scalarCase{
		{fn: "array_join", types: ts(AB, V), args: []any{[]any{int64(1), nil, int64(3)}, ","}, want: "1,3"},
		{name: "array_join replacement", fn: "array_join", types: ts(AV, V, V), args: []any{[]any{"a", nil, "c"}, ", ", "N"}, want: "a, N, c"},
		{name: "array_join double", fn: "array_join", types: ts(AD, V), args: []any{[]any{1.5, 2.0}, "|"}, want: "1.5|2.0"},
		{name: "array_join empty", fn: "array_join", types: ts(AV, V), args: []any{[]any{}, ","}, want: ""},
		{name: "array_join unicode", fn: "array_join", types: ts(AV, V), args: []any{[]any{"ä", "☃"}, "·"}, want: "ä·☃"},

		{fn: "array_distinct", types: ts(AB), args: []any{[]any{int64(1), int64(2), int64(1), nil, nil}}, want: []any{int64(1), int64(2), nil}},
		{name: "array_distinct empty", fn: "array_distinct", types: ts(AV), args: []any{[]any{}}, want: []any{}},
		{fn: "array_sort", types: ts(AB), args: []any{[]any{int64(3), nil, int64(1), int64(2)}}, want: []any{int64(1), int64(2), int64(3), nil}},
		{name: "array_sort strings", fn: "array_sort", types: ts(AV), args: []any{[]any{"b", "ä", "a"}}, want: []any{"a", "b", "ä"}},
		{fn: "array_position", types: ts(AB, B), args: []any{[]any{int64(10), nil, int64(20)}, int64(20)}, want: int64(3)},
		{name: "array_position missing", fn: "array_position", types: ts(AB, B), args: []any{[]any{int64(10)}, int64(20)}, want: int64(0)},
		{name: "array_position null", fn: "array_position", types: ts(AB, B), args: []any{[]any{nil}, nil}, want: nil},
		{fn: "array_remove", types: ts(AB, B), args: []any{[]any{int64(1), int64(2), int64(1)}, int64(1)}, want: []any{int64(2)}},
		{fn: "array_max", types: ts(AB), args: []any{[]any{int64(1), int64(3), int64(2)}}, want: int64(3)},
		{name: "array_max null element", fn: "array_max", types: ts(AB), args: []any{[]any{int64(1), nil}}, want: nil},
		{name: "array_max empty", fn: "array_max", types: ts(AB), args: []any{[]any{}}, want: nil},
		{fn: "array_min", types: ts(AV), args: []any{[]any{"b", "a"}}, want: "a"},
		{fn: "array_union", types: ts(AB, AB), args: []any{[]any{int64(1), int64(2), int64(1)}, []any{int64(3), int64(2)}}, want: []any{int64(1), int64(2), int64(3)}},
		{fn: "array_intersect", types: ts(AB, AB), args: []any{[]any{int64(1), int64(2), int64(2), int64(3)}, []any{int64(3), int64(2)}}, want: []any{int64(2), int64(3)}},
		{name: "array_intersect null", fn: "array_intersect", types: ts(AB, AB), args: []any{[]any{nil, int64(1)}, []any{nil}}, want: []any{nil}},
		{fn: "array_except", types: ts(AB, AB), args: []any{[]any{int64(1), int64(2), int64(1), int64(3)}, []any{int64(3)}}, want: []any{int64(1), int64(2)}},
		{fn: "arrays_overlap", types: ts(AB, AB), args: []any{[]any{int64(1), int64(2)}, []any{int64(2), int64(5)}}, want: true},
		{name: "arrays_overlap no", fn: "arrays_overlap", types: ts(AB, AB), args: []any{[]any{int64(1)}, []any{int64(2)}}, want: false},
		{name: "arrays_overlap null", fn: "arrays_overlap", types: ts(AB, AB), args: []any{[]any{int64(1), nil}, []any{int64(2)}}, want: nil},
		{name: "arrays_overlap empty", fn: "arrays_overlap", types: ts(AB, AB), args: []any{[]any{}, []any{nil}}, want: false},
		{fn: "slice", types: ts(AB, B, B), args: []any{[]any{int64(1), int64(2), int64(3), int64(4)}, int64(2), int64(2)}, want: []any{int64(2), int64(3)}},
		{name: "slice negative", fn: "slice", types: ts(AB, B, B), args: []any{[]any{int64(1), int64(2), int64(3), int64(4)}, int64(-2), int64(5)}, want: []any{int64(3), int64(4)}},
		{name: "slice past end", fn: "slice", types: ts(AB, B, B), args: []any{[]any{int64(1)}, int64(5), int64(1)}, want: []any{}},
		{name: "slice zero", fn: "slice", types: ts(AB, B, B), args: []any{[]any{int64(1)}, int64(0), int64(1)}, err: "SQL array indices start at 1"},
		{name: "slice negative length", fn: "slice", types: ts(AB, B, B), args: []any{[]any{int64(1)}, int64(1), int64(-1)}, err: "length must be greater than or equal to 0"},
		{fn: "flatten", types: ts(AAB), args: []any{[]any{[]any{int64(1)}, nil, []any{int64(2), nil}}}, want: []any{int64(1), int64(2), nil}},
		{fn: "reverse", types: ts(AB), args: []any{[]any{int64(1), nil, int64(3)}}, want: []any{int64(3), nil, int64(1)}},
		{fn: "sequence", types: ts(B, B), args: []any{int64(1), int64(5)}, want: []any{int64(1), int64(2), int64(3), int64(4), int64(5)}},
		{name: "sequence down", fn: "sequence", types: ts(B, B), args: []any{int64(-1), int64(-3)}, want: []any{int64(-1), int64(-2), int64(-3)}},
		{name: "sequence step", fn: "sequence", types: ts(B, B, B), args: []any{int64(-4), int64(4), int64(3)}, want: []any{int64(-4), int64(-1), int64(2)}},
		{name: "sequence zero step", fn: "sequence", types: ts(B, B, B), args: []any{int64(1), int64(4), int64(0)}, err: "step must not be zero"},
		{name: "sequence wrong direction", fn: "sequence", types: ts(B, B, B), args: []any{int64(1), int64(4), int64(-1)}, err: "sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start"},
		{name: "sequence too long", fn: "sequence", types: ts(B, B), args: []any{int64(1), int64(10001)}, err: "result of sequence function must not have more than 10000 entries"},
		{name: "sequence dates", fn: "sequence", types: ts(types.DateType, types.DateType), args: []any{date("2020-02-28"), date("2020-03-01")}, want: []any{date("2020-02-28"), date("2020-02-29"), date("2020-03-01")}},
		{name: "sequence dates by month", fn: "sequence", types: ts(types.DateType, types.DateType, types.IntervalMonthType), args: []any{date("2020-01-31"), date("2020-04-30"), int64(1)}, want: []any{date("2020-01-31"), date("2020-02-29"), date("2020-03-31"), date("2020-04-30")}},
		{name: "sequence dates by 2 days", fn: "sequence", types: ts(types.DateType, types.DateType, types.IntervalDayType), args: []any{date("2020-01-01"), date("2020-01-04"), int64(2 * msPerDay)}, want: []any{date("2020-01-01"), date("2020-01-03")}},
		{name: "sequence dates by hours", fn: "sequence", types: ts(types.DateType, types.DateType, types.IntervalDayType), args: []any{date("2020-01-01"), date("2020-01-04"), int64(3600000)}, err: "sequence step must be a day interval if start and end values are dates"},
		{fn: "repeat", types: ts(V, B), args: []any{"a", int64(3)}, want: []any{"a", "a", "a"}},
		{name: "repeat null element", fn: "repeat", types: ts(V, B), args: []any{nil, int64(2)}, want: []any{nil, nil}},
		{name: "repeat zero", fn: "repeat", types: ts(V, B), args: []any{"a", int64(0)}, want: []any{}},
		{name: "repeat negative", fn: "repeat", types: ts(V, B), args: []any{"a", int64(-1)}, err: "count argument of repeat function must be greater than or equal to 0"},
		{name: "repeat too many", fn: "repeat", types: ts(V, B), args: []any{"a", int64(10001)}, err: "count argument of repeat function must be less than or equal to 10000"},
		{name: "concat arrays", fn: "concat", types: ts(AB, AB, AB), args: []any{[]any{int64(1)}, []any{}, []any{int64(2), nil}}, want: []any{int64(1), int64(2), nil}},
		{name: "concat element array", fn: "concat", types: ts(B, AB), args: []any{int64(0), []any{int64(1)}}, want: []any{int64(0), int64(1)}},
		{name: "concat array element", fn: "concat", types: ts(AB, B), args: []any{[]any{int64(1)}, int64(2)}, want: []any{int64(1), int64(2)}},
		{name: "concat null array", fn: "concat", types: ts(AB, AB), args: []any{[]any{int64(1)}, nil}, want: nil},
		{fn: "zip", types: ts(AB, AV), args: []any{[]any{int64(1), int64(2)}, []any{"a"}}, want: []any{[]any{int64(1), "a"}, []any{int64(2), nil}}},

		{fn: "map_keys", types: ts(MVB), args: []any{m("a", int64(1), "b", int64(2))}, want: []any{"a", "b"}},
		{fn: "map_values", types: ts(MVB), args: []any{m("a", int64(1), "b", nil)}, want: []any{int64(1), nil}},
		{fn: "map_entries", types: ts(MVB), args: []any{m("a", int64(1))}, want: []any{[]any{"a", int64(1)}}},
		{name: "map_keys empty", fn: "map_keys", types: ts(MVB), args: []any{m()}, want: []any{}},
		{fn: "map", types: ts(AV, AB), args: []any{[]any{"a", "b"}, []any{int64(1), nil}}, want: m("a", int64(1), "b", nil)},
		{name: "map empty", fn: "map", types: ts(), args: nil, want: m()},
		{name: "map lengths", fn: "map", types: ts(AV, AB), args: []any{[]any{"a"}, []any{}}, err: "Key and value arrays must be the same length"},
		{name: "map null key", fn: "map", types: ts(AV, AB), args: []any{[]any{nil}, []any{int64(1)}}, err: "map key cannot be null"},
		{name: "map duplicate", fn: "map", types: ts(AV, AB), args: []any{[]any{"a", "a"}, []any{int64(1), int64(2)}}, err: "Duplicate map keys (a) are not allowed"},
		{fn: "map_from_entries", types: ts(types.NewArray(RVB)), args: []any{[]any{[]any{"x", int64(1)}, []any{"y", nil}}}, want: m("x", int64(1), "y", nil)},
		{name: "map_from_entries null entry", fn: "map_from_entries", types: ts(types.NewArray(RVB)), args: []any{[]any{nil}}, err: "map entry cannot be null"},
		{name: "map_from_entries duplicate", fn: "map_from_entries", types: ts(types.NewArray(RVB)), args: []any{[]any{[]any{"x", int64(1)}, []any{"x", int64(2)}}}, err: "Duplicate map keys (x) are not allowed"},
		{fn: "map_concat", types: ts(MVB, MVB), args: []any{m("a", int64(1), "b", int64(2)), m("b", int64(3), "c", int64(4))}, want: m("a", int64(1), "b", int64(3), "c", int64(4))},
		{name: "element_at map", fn: "element_at", types: ts(MVB, V), args: []any{m("a", int64(1)), "a"}, want: int64(1)},
		{name: "cardinality map", fn: "cardinality", types: ts(MVB), args: []any{m("a", int64(1), "b", int64(2))}, want: int64(2)},
	})
	_, err := callScalar(t, testContext(), "array_remove", ts(AB, B), []any{int64(1), nil}, int64(1))
	if !errors.Is(err, sqlerr.NotSupported) {
		t.Fatalf("array_remove with NULL element: %v, want NOT_SUPPORTED", err)
	}
	if _, err := Lookup("array_sort", ts(types.NewArray(types.NewMap(V, B)))); err == nil {
		t.Fatal("array_sort resolved for a non-orderable element type")
	}
}

// near compares floating-point aggregate results with a tolerance.
func near(a, b any) bool {
	x, ok1 := a.(float64)
	y, ok2 := b.(float64)
	if !ok1 || !ok2 {
		return sameValue(a, b)
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
}

func TestMoreAggregates(t *testing.T) {
	B, D, V := tB, tD, tV
	m := func(kv ...any) *types.MapValue {
		mv := &types.MapValue{Keys: []any{}, Values: []any{}}
		for i := 0; i < len(kv); i += 2 {
			mv.Keys = append(mv.Keys, kv[i])
			mv.Values = append(mv.Values, kv[i+1])
		}
		return mv
	}
	rows2 := func(vals ...any) [][]any {
		var out [][]any
		for i := 0; i < len(vals); i += 2 {
			out = append(out, []any{vals[i], vals[i+1]})
		}
		return out
	}
	cases := []struct {
		name  string
		fn    string
		types []*types.Type
		rows  [][]any
		want  any
	}{
		{"stddev", "stddev", ts(D), col(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0), math.Sqrt(32.0 / 7)},
		{"stddev_pop", "stddev_pop", ts(D), col(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0), 2.0},
		{"stddev_samp one row", "stddev_samp", ts(D), col(1.0), nil},
		{"var_pop one row", "var_pop", ts(D), col(3.0), 0.0},
		{"variance", "variance", ts(B), col(1.0, nil, 2.0, 3.0, 4.0), 5.0 / 3},
		{"var_samp empty", "var_samp", ts(D), nil, nil},
		{"var_pop", "var_pop", ts(D), col(1.0, 2.0, 3.0, 4.0), 1.25},
		{"geometric_mean", "geometric_mean", ts(D), col(1.0, 2.0, 4.0, nil), 2.0},
		{"corr", "corr", ts(D, D), rows2(1.0, 2.0, 2.0, 4.0, 3.0, 6.0, nil, 1.0), 1.0},
		{"corr constant is null", "corr", ts(D, D), rows2(1.0, 2.0, 2.0, 2.0), nil},
		{"covar_samp", "covar_samp", ts(D, D), rows2(1.0, 1.0, 2.0, 2.0, 3.0, 3.0), 1.0},
		{"covar_pop", "covar_pop", ts(D, D), rows2(1.0, 1.0, 2.0, 2.0, 3.0, 3.0), 2.0 / 3},
		{"covar_samp one row", "covar_samp", ts(D, D), rows2(1.0, 1.0), nil},
		{"regr_slope", "regr_slope", ts(D, D), rows2(3.0, 1.0, 5.0, 2.0, 7.0, 3.0), 2.0},
		{"regr_intercept", "regr_intercept", ts(D, D), rows2(3.0, 1.0, 5.0, 2.0, 7.0, 3.0), 1.0},
		{"bitwise_and_agg", "bitwise_and_agg", ts(B), col(int64(7), nil, int64(13)), int64(5)},
		{"bitwise_or_agg", "bitwise_or_agg", ts(B), col(int64(1), int64(4)), int64(5)},
		{"bitwise_or_agg empty", "bitwise_or_agg", ts(B), nil, nil},
		{"map_agg", "map_agg", ts(V, B), rows2("a", int64(1), nil, int64(9), "b", nil), m("a", int64(1), "b", nil)},
		{"map_agg empty", "map_agg", ts(V, B), nil, nil},
		{"histogram", "histogram", ts(V), col("a", "b", "a", nil), m("a", int64(2), "b", int64(1))},
		{"approx_percentile median", "approx_percentile", ts(B, D), rows2(int64(1), 0.5, int64(2), 0.5, int64(3), 0.5, nil, 0.5), int64(2)},
		{"approx_percentile max", "approx_percentile", ts(D, D), rows2(1.0, 1.0, 3.0, 1.0, 2.0, 1.0), 3.0},
		{"approx_percentile min", "approx_percentile", ts(D, D), rows2(1.0, 0.0, 3.0, 0.0), 1.0},
		{"approx_percentile array", "approx_percentile", ts(B, types.NewArray(D)), rows2(int64(10), []any{0.0, 0.5, 1.0}, int64(20), []any{0.0, 0.5, 1.0}, int64(30), []any{0.0, 0.5, 1.0}), []any{int64(10), int64(20), int64(30)}},
		{"approx_percentile empty", "approx_percentile", ts(B, D), nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := LookupAggregate(tc.fn, tc.types)
			if err != nil {
				t.Fatal(err)
			}
			for split := 0; split <= len(tc.rows); split++ {
				left, right := b.New(), b.New()
				feed(t, b, left, tc.rows[:split])
				feed(t, b, right, tc.rows[split:])
				left.Merge(right)
				if got := left.Result(); !near(got, tc.want) {
					t.Fatalf("%s split %d = %#v, want %#v", tc.fn, split, got, tc.want)
				}
			}
		})
	}
}

func TestMoreAggregateTypesAndErrors(t *testing.T) {
	B, D, V := tB, tD, tV
	if b, _ := LookupAggregate("approx_percentile", ts(B, D)); !b.Ret.Equal(B) {
		t.Fatalf("approx_percentile(bigint, double) returns %s", b.Ret)
	}
	if b, _ := LookupAggregate("approx_percentile", ts(D, types.NewArray(D))); !b.Ret.Equal(types.NewArray(D)) {
		t.Fatalf("approx_percentile(double, array) returns %s", b.Ret)
	}
	if b, _ := LookupAggregate("max_by", ts(V, B, B)); !b.Ret.Equal(types.NewArray(V)) {
		t.Fatalf("max_by(v, k, n) returns %s", b.Ret)
	}
	dec := types.NewDecimal(10, 2)
	if b, _ := LookupAggregate("avg", ts(dec)); !b.Ret.Equal(dec) {
		t.Fatalf("avg(decimal) returns %s", b.Ret)
	}
	// max_by/min_by with n.
	got := aggregate(t, "max_by", false, ts(V, B, B), [][]any{{"a", int64(1), int64(2)}, {"b", int64(3), int64(2)}, {"c", int64(2), int64(2)}, {"d", nil, int64(2)}})
	if !sameValue(got, []any{"b", "c"}) {
		t.Fatalf("max_by(v, k, 2) = %#v", got)
	}
	got = aggregate(t, "min_by", false, ts(V, B, B), [][]any{{"a", int64(1), int64(5)}, {"b", int64(3), int64(5)}})
	if !sameValue(got, []any{"a", "b"}) {
		t.Fatalf("min_by(v, k, 5) = %#v", got)
	}
	// avg(decimal) rounds half up at the scale: (1.00 + 2.01) / 2 = 1.505 -> 1.51
	if got := aggregate(t, "avg", false, ts(dec), col(int64(100), int64(201))); got != int64(151) {
		t.Fatalf("avg(decimal) = %#v, want 151 (1.51)", got)
	}
	if got := aggregate(t, "avg", false, ts(dec), col(int64(-100), int64(-201))); got != int64(-151) {
		t.Fatalf("avg(decimal) negative = %#v, want -151", got)
	}
	errCases := []struct {
		fn   string
		ts   []*types.Type
		row  []any
		want string
	}{
		{"max_by", ts(V, B, B), []any{"a", int64(1), int64(0)}, "third argument of max_by/min_by must be a positive integer"},
		{"min_by", ts(V, B, B), []any{"a", int64(1), int64(10001)}, "third argument of max_by/min_by must be less than or equal to 10000"},
		{"approx_percentile", ts(D, D), []any{1.0, 1.5}, "Percentile must be between 0 and 1"},
		{"approx_percentile", ts(D, types.NewArray(D)), []any{1.0, []any{0.5, -0.1}}, "Percentile must be between 0 and 1"},
	}
	for _, tc := range errCases {
		b, err := LookupAggregate(tc.fn, tc.ts)
		if err != nil {
			t.Fatal(err)
		}
		st := b.New()
		vs := make([]*vectorT, len(tc.row))
		for i, v := range tc.row {
			vs[i] = newVec(b.Params[i], v)
		}
		err = st.Add(vs, 0)
		var ia *InvalidArgumentError
		if !errors.As(err, &ia) || ia.Msg != tc.want {
			t.Fatalf("%s%v: %v, want %q", tc.fn, tc.row, err, tc.want)
		}
	}
}
