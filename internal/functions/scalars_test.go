package functions

import (
	"errors"
	"math"
	"testing"

	"trawl/internal/types"
)

func TestStringFunctions(t *testing.T) {
	V, B := tV, tB
	runScalarCases(t, []scalarCase{
		{fn: "lower", types: ts(V), args: []any{"HeLLo ÄÖ"}, want: "hello äö"},
		{fn: "upper", types: ts(V), args: []any{"HeLLo äö"}, want: "HELLO ÄÖ"},
		{name: "lower null", fn: "lower", types: ts(V), args: []any{nil}, want: nil},

		{fn: "trim", types: ts(V), args: []any{"  a b  "}, want: "a b"},
		{name: "trim java whitespace", fn: "trim", types: ts(V), args: []any{"\t\n a \r\f\v"}, want: "a"},
		{name: "trim keeps nbsp", fn: "trim", types: ts(V), args: []any{"\u00a0a\u00a0"}, want: "\u00a0a\u00a0"},
		{name: "trim unicode space", fn: "trim", types: ts(V), args: []any{"\u2003a\u3000"}, want: "a"},
		{fn: "ltrim", types: ts(V), args: []any{"  a  "}, want: "a  "},
		{fn: "rtrim", types: ts(V), args: []any{"  a  "}, want: "  a"},
		{name: "ltrim tab", fn: "ltrim", types: ts(V), args: []any{"\ta"}, want: "a"},
		{name: "trim chars", fn: "trim", types: ts(V, V), args: []any{"xyaxbyx", "xy"}, want: "axb"},
		{name: "ltrim chars", fn: "ltrim", types: ts(V, V), args: []any{"xyaxbyx", "xy"}, want: "axbyx"},
		{name: "rtrim chars", fn: "rtrim", types: ts(V, V), args: []any{"xyaxbyx", "xy"}, want: "xyaxb"},

		{fn: "reverse", types: ts(V), args: []any{"abc"}, want: "cba"},
		{name: "reverse code points", fn: "reverse", types: ts(V), args: []any{"aé😀"}, want: "😀éa"},
		{name: "reverse empty", fn: "reverse", types: ts(V), args: []any{""}, want: ""},

		{fn: "length", types: ts(V), args: []any{"abc"}, want: int64(3)},
		{name: "length code points", fn: "length", types: ts(V), args: []any{"aé😀"}, want: int64(3)},
		{name: "length empty", fn: "length", types: ts(V), args: []any{""}, want: int64(0)},

		// substr is 1-based over code points; negative starts count from the end.
		{name: "substr from 2", fn: "substr", types: ts(V, B), args: []any{"abcdef", int64(2)}, want: "bcdef"},
		{name: "substr len", fn: "substr", types: ts(V, B, B), args: []any{"abcdef", int64(2), int64(3)}, want: "bcd"},
		{name: "substr start 0", fn: "substr", types: ts(V, B), args: []any{"abc", int64(0)}, want: ""},
		{name: "substr start 0 len", fn: "substr", types: ts(V, B, B), args: []any{"abc", int64(0), int64(2)}, want: ""},
		{name: "substr negative", fn: "substr", types: ts(V, B), args: []any{"abcdef", int64(-2)}, want: "ef"},
		{name: "substr negative len", fn: "substr", types: ts(V, B, B), args: []any{"abcdef", int64(-3), int64(2)}, want: "de"},
		{name: "substr negative whole", fn: "substr", types: ts(V, B), args: []any{"abc", int64(-3)}, want: "abc"},
		{name: "substr negative before start", fn: "substr", types: ts(V, B), args: []any{"abc", int64(-4)}, want: ""},
		{name: "substr past end", fn: "substr", types: ts(V, B), args: []any{"abc", int64(4)}, want: ""},
		{name: "substr length past end", fn: "substr", types: ts(V, B, B), args: []any{"abc", int64(2), int64(100)}, want: "bc"},
		{name: "substr zero length", fn: "substr", types: ts(V, B, B), args: []any{"abc", int64(1), int64(0)}, want: ""},
		{name: "substr negative length", fn: "substr", types: ts(V, B, B), args: []any{"abc", int64(1), int64(-1)}, want: ""},
		{name: "substr unicode", fn: "substr", types: ts(V, B, B), args: []any{"héllo", int64(2), int64(2)}, want: "él"},
		{name: "substring alias", fn: "substring", types: ts(V, B, B), args: []any{"abcdef", int64(3), int64(2)}, want: "cd"},

		{fn: "strpos", types: ts(V, V), args: []any{"high", "ig"}, want: int64(2)},
		{name: "strpos missing", fn: "strpos", types: ts(V, V), args: []any{"high", "x"}, want: int64(0)},
		{name: "strpos empty", fn: "strpos", types: ts(V, V), args: []any{"high", ""}, want: int64(1)},
		{name: "strpos code points", fn: "strpos", types: ts(V, V), args: []any{"äbc", "c"}, want: int64(3)},

		{fn: "replace", types: ts(V, V, V), args: []any{"abcabc", "b", "X"}, want: "aXcaXc"},
		{name: "replace remove", fn: "replace", types: ts(V, V), args: []any{"abcabc", "b"}, want: "acac"},
		{name: "replace empty search", fn: "replace", types: ts(V, V, V), args: []any{"abc", "", "-"}, want: "-a-b-c-"},

		{fn: "starts_with", types: ts(V, V), args: []any{"abc", "ab"}, want: true},
		{name: "starts_with no", fn: "starts_with", types: ts(V, V), args: []any{"abc", "bc"}, want: false},
		{name: "starts_with empty", fn: "starts_with", types: ts(V, V), args: []any{"abc", ""}, want: true},

		{fn: "split", types: ts(V, V), args: []any{"a,b,,c", ","}, want: []any{"a", "b", "", "c"}},
		{name: "split trailing", fn: "split", types: ts(V, V), args: []any{"a,b,", ","}, want: []any{"a", "b", ""}},
		{name: "split empty string", fn: "split", types: ts(V, V), args: []any{"", ","}, want: []any{""}},
		{name: "split multi-char", fn: "split", types: ts(V, V), args: []any{"a::b", "::"}, want: []any{"a", "b"}},
		{name: "split empty delimiter", fn: "split", types: ts(V, V), args: []any{"abc", ""}, err: "The delimiter may not be the empty string"},

		{fn: "split_part", types: ts(V, V, B), args: []any{"a,b,c", ",", int64(2)}, want: "b"},
		{name: "split_part last", fn: "split_part", types: ts(V, V, B), args: []any{"a,b,c", ",", int64(3)}, want: "c"},
		{name: "split_part out of range", fn: "split_part", types: ts(V, V, B), args: []any{"a,b,c", ",", int64(4)}, want: nil},
		{name: "split_part trailing empty", fn: "split_part", types: ts(V, V, B), args: []any{"a,b,", ",", int64(3)}, want: ""},
		{name: "split_part zero", fn: "split_part", types: ts(V, V, B), args: []any{"a,b", ",", int64(0)}, err: "Index must be greater than zero"},
		{name: "split_part empty delimiter", fn: "split_part", types: ts(V, V, B), args: []any{"abc", "", int64(2)}, want: "b"},
		{name: "split_part empty delimiter past end", fn: "split_part", types: ts(V, V, B), args: []any{"abc", "", int64(4)}, want: nil},

		{fn: "concat", types: ts(V, V, V), args: []any{"a", "b", "c"}, want: "abc"},
		{name: "concat null", fn: "concat", types: ts(V, V), args: []any{"a", nil}, want: nil},
	})
}

func TestNullif(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "equal", fn: "nullif", types: ts(tB, tB), args: []any{int64(1), int64(1)}, want: nil},
		{name: "different", fn: "nullif", types: ts(tB, tB), args: []any{int64(1), int64(2)}, want: int64(1)},
		{name: "first null", fn: "nullif", types: ts(tB, tB), args: []any{nil, int64(2)}, want: nil},
		{name: "second null", fn: "nullif", types: ts(tB, tB), args: []any{int64(1), nil}, want: int64(1)},
		{name: "strings", fn: "nullif", types: ts(tV, tV), args: []any{"a", "a"}, want: nil},
	})
	b, err := Lookup("nullif", ts(tI, tB))
	if err != nil {
		t.Fatal(err)
	}
	if b.Ret.Kind != types.BigInt {
		t.Errorf("nullif(integer, bigint) returns %s, want bigint", b.Ret)
	}
}

func TestMathFunctions(t *testing.T) {
	D, B := tD, tB
	nan, inf := math.NaN(), math.Inf(1)
	runScalarCases(t, []scalarCase{
		{name: "abs bigint", fn: "abs", types: ts(B), args: []any{int64(-5)}, want: int64(5)},
		{name: "abs integer", fn: "abs", types: ts(tI), args: []any{int64(-7)}, want: int64(7)},
		{name: "abs double", fn: "abs", types: ts(D), args: []any{-1.5}, want: 1.5},
		{name: "abs -0", fn: "abs", types: ts(D), args: []any{math.Copysign(0, -1)}, want: 0.0},

		{name: "round half up", fn: "round", types: ts(D), args: []any{2.5}, want: 3.0},
		{name: "round half away negative", fn: "round", types: ts(D), args: []any{-2.5}, want: -3.0},
		{name: "round down", fn: "round", types: ts(D), args: []any{2.4}, want: 2.0},
		{name: "round digits", fn: "round", types: ts(D, tI), args: []any{3.14159, int64(2)}, want: 3.14},
		{name: "round digits half", fn: "round", types: ts(D, tI), args: []any{1.25, int64(1)}, want: 1.3},
		{name: "round negative digits", fn: "round", types: ts(D, tI), args: []any{1234.5, int64(-2)}, want: 1200.0},
		{name: "round NaN", fn: "round", types: ts(D), args: []any{nan}, want: nan},
		{name: "round Infinity", fn: "round", types: ts(D), args: []any{inf}, want: inf},
		{name: "round bigint", fn: "round", types: ts(B), args: []any{int64(7)}, want: int64(7)},

		{name: "ceil", fn: "ceil", types: ts(D), args: []any{1.2}, want: 2.0},
		{name: "ceil negative", fn: "ceil", types: ts(D), args: []any{-1.2}, want: -1.0},
		{name: "ceiling", fn: "ceiling", types: ts(D), args: []any{1.0}, want: 1.0},
		{name: "floor", fn: "floor", types: ts(D), args: []any{1.8}, want: 1.0},
		{name: "floor negative", fn: "floor", types: ts(D), args: []any{-1.2}, want: -2.0},

		{name: "sqrt", fn: "sqrt", types: ts(D), args: []any{16.0}, want: 4.0},
		{name: "sqrt negative", fn: "sqrt", types: ts(D), args: []any{-1.0}, want: nan},
		{name: "ln e", fn: "ln", types: ts(D), args: []any{math.E}, want: 1.0},
		{name: "ln 0", fn: "ln", types: ts(D), args: []any{0.0}, want: math.Inf(-1)},
		{name: "ln negative", fn: "ln", types: ts(D), args: []any{-1.0}, want: nan},
		{name: "log10", fn: "log10", types: ts(D), args: []any{1000.0}, want: 3.0},
		{name: "power", fn: "power", types: ts(D, D), args: []any{2.0, 10.0}, want: 1024.0},
		{name: "pow alias", fn: "pow", types: ts(D, D), args: []any{4.0, 0.5}, want: 2.0},
		{name: "power zero exponent", fn: "power", types: ts(D, D), args: []any{0.0, 0.0}, want: 1.0},

		{name: "mod", fn: "mod", types: ts(B, B), args: []any{int64(7), int64(3)}, want: int64(1)},
		{name: "mod negative dividend", fn: "mod", types: ts(B, B), args: []any{int64(-7), int64(3)}, want: int64(-1)},
		{name: "mod negative divisor", fn: "mod", types: ts(B, B), args: []any{int64(7), int64(-3)}, want: int64(1)},
		{name: "mod double", fn: "mod", types: ts(D, D), args: []any{5.5, 2.0}, want: 1.5},
		{name: "mod double by zero", fn: "mod", types: ts(D, D), args: []any{5.5, 0.0}, want: nan},
	})

	// Integer coercion: abs(integer) keeps its type.
	if b, err := Lookup("abs", ts(tI)); err != nil || b.Ret.Kind != types.Integer {
		t.Errorf("abs(integer) = %v, %v; want integer", b, err)
	}

	for _, tc := range []struct {
		t   *types.Type
		min int64
		msg string
	}{
		{tB, math.MinInt64, "Value -9223372036854775808 is out of range for abs(bigint)"},
		{tI, math.MinInt32, "Value -2147483648 is out of range for abs(integer)"},
		{types.SmallIntType, math.MinInt16, "Value -32768 is out of range for abs(smallint)"},
		{types.TinyIntType, math.MinInt8, "Value -128 is out of range for abs(tinyint)"},
	} {
		_, err := callScalar(t, testContext(), "abs", ts(tc.t), tc.min)
		var of *OverflowError
		if !errors.As(err, &of) || of.Msg != tc.msg {
			t.Errorf("abs(%s %d): error %v, want NUMERIC_VALUE_OUT_OF_RANGE %q", tc.t, tc.min, err, tc.msg)
		}
	}

	_, err := callScalar(t, testContext(), "mod", ts(B, B), int64(1), int64(0))
	var dz *DivisionByZeroError
	if !errors.As(err, &dz) || err.Error() != "Division by zero" {
		t.Errorf("mod(1, 0): error %v, want DIVISION_BY_ZERO", err)
	}
}

func TestArrayMapFunctions(t *testing.T) {
	arrB := types.NewArray(tB)
	arrV := types.NewArray(tV)
	mVB := types.NewMap(tV, tB)
	m := &types.MapValue{Keys: []any{"a", "b"}, Values: []any{int64(1), nil}}
	runScalarCases(t, []scalarCase{
		{name: "cardinality array", fn: "cardinality", types: ts(arrB), args: []any{[]any{int64(1), nil, int64(3)}}, want: int64(3)},
		{name: "cardinality empty", fn: "cardinality", types: ts(arrB), args: []any{[]any{}}, want: int64(0)},
		{name: "cardinality map", fn: "cardinality", types: ts(mVB), args: []any{m}, want: int64(2)},

		{name: "contains yes", fn: "contains", types: ts(arrB, tB), args: []any{[]any{int64(1), int64(2)}, int64(2)}, want: true},
		{name: "contains no", fn: "contains", types: ts(arrB, tB), args: []any{[]any{int64(1), int64(2)}, int64(3)}, want: false},
		{name: "contains null element found", fn: "contains", types: ts(arrB, tB), args: []any{[]any{int64(1), nil}, int64(1)}, want: true},
		{name: "contains null element not found", fn: "contains", types: ts(arrB, tB), args: []any{[]any{int64(1), nil}, int64(2)}, want: nil},
		{name: "contains strings", fn: "contains", types: ts(arrV, tV), args: []any{[]any{"x", "y"}, "y"}, want: true},
		{name: "contains null search", fn: "contains", types: ts(arrB, tB), args: []any{[]any{int64(1)}, nil}, want: nil},

		{name: "element_at first", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(1)}, want: "a"},
		{name: "element_at last", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(3)}, want: "c"},
		{name: "element_at negative", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(-1)}, want: "c"},
		{name: "element_at negative first", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(-3)}, want: "a"},
		{name: "element_at past end", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(4)}, want: nil},
		{name: "element_at before start", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", "b", "c"}, int64(-4)}, want: nil},
		{name: "element_at null element", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a", nil}, int64(2)}, want: nil},
		{name: "element_at zero", fn: "element_at", types: ts(arrV, tB), args: []any{[]any{"a"}, int64(0)}, err: "SQL array indices start at 1"},
		{name: "element_at map", fn: "element_at", types: ts(mVB, tV), args: []any{m, "a"}, want: int64(1)},
		{name: "element_at map missing", fn: "element_at", types: ts(mVB, tV), args: []any{m, "z"}, want: nil},
		{name: "element_at map null value", fn: "element_at", types: ts(mVB, tV), args: []any{m, "b"}, want: nil},
	})
	b, err := Lookup("element_at", ts(arrV, tI))
	if err != nil || b.Ret.Kind != types.Varchar {
		t.Errorf("element_at(array(varchar), integer) = %v, %v; want varchar result", b, err)
	}
}

func TestLookupErrors(t *testing.T) {
	_, err := Lookup("no_such_function", ts(tB))
	var nf *NotFoundError
	if !errors.As(err, &nf) || !nf.Unknown || nf.Msg != "Function 'no_such_function' not registered" {
		t.Errorf("unknown function: %v", err)
	}
	_, err = Lookup("LOWER", ts(tB))
	if !errors.As(err, &nf) || nf.Unknown {
		t.Fatalf("lower(bigint): %v, want a parameter mismatch", err)
	}
	want := "Unexpected parameters (bigint) for function lower. Expected: lower(varchar(x))"
	if nf.Msg != want {
		t.Errorf("lower(bigint): %q, want %q", nf.Msg, want)
	}
	if _, err := Lookup("Upper", ts(tV)); err != nil {
		t.Errorf("names are case-insensitive: %v", err)
	}
	if !IsScalar("regexp_like") || IsScalar("sum") || !IsAggregate("SUM") || IsAggregate("lower") {
		t.Error("IsScalar/IsAggregate disagree with the registry")
	}
	names := ScalarNames()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("ScalarNames not sorted: %q before %q", names[i-1], names[i])
		}
	}
}

// TestVectorised checks the functions that fill vectors directly over
// several rows, including rows the executor passes on.
func TestVectorised(t *testing.T) {
	c := testContext()
	b, err := Lookup("length", ts(tV))
	if err != nil {
		t.Fatal(err)
	}
	in := newVec(tV, "a", "", "äbc")
	out := newVec(b.Ret)
	if err := b.Impl(c, []*vectorT{in}, 3, out); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int64{1, 0, 3} {
		if out.Int[i] != want {
			t.Errorf("length row %d = %d, want %d", i, out.Int[i], want)
		}
	}
	b, _ = Lookup("concat", ts(tV, tV))
	out = newVec(b.Ret)
	if err := b.Impl(c, []*vectorT{newVec(tV, "a", "b"), newVec(tV, "1", "2")}, 2, out); err != nil {
		t.Fatal(err)
	}
	if out.Str[0] != "a1" || out.Str[1] != "b2" {
		t.Errorf("concat rows = %q", out.Str)
	}
	b, _ = Lookup("regexp_like", ts(tV, tV))
	out = newVec(b.Ret)
	if err := b.Impl(c, []*vectorT{newVec(tV, "abc", "xyz"), newVec(tV, "b", "b")}, 2, out); err != nil {
		t.Fatal(err)
	}
	if !out.Bool[0] || out.Bool[1] {
		t.Errorf("regexp_like rows = %v", out.Bool)
	}
}
