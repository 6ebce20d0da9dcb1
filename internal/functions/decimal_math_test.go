package functions

import (
	"errors"
	"math"
	"testing"

	"trawl/internal/types"
	"trawl/internal/value"
)

// decArg reads a decimal literal as Trino types it.
func decArg(t *testing.T, s string) (*types.Type, any) {
	t.Helper()
	typ, v, err := value.ParseDecimalLiteral(s)
	if err != nil {
		t.Fatalf("ParseDecimalLiteral(%q): %v", s, err)
	}
	return typ, v
}

// TestDecimalMath checks the decimal overloads against TestMathFunctions:
// result type and value (printed at the result scale).
func TestDecimalMath(t *testing.T) {
	cases := []struct {
		fn       string
		arg      string
		digits   any // nil for the one-argument form
		wantType string
		want     string
	}{
		{"abs", "-123.45", nil, "decimal(5,2)", "123.45"},
		{"abs", "-12345678901234560.78", nil, "decimal(19,2)", "12345678901234560.78"},
		{"abs", "0", nil, "decimal(1,0)", "0"},
		{"ceiling", "123.01", nil, "decimal(4,0)", "124"},
		{"ceil", "-123.99", nil, "decimal(4,0)", "-123"},
		{"ceiling", "999.9", nil, "decimal(4,0)", "1000"},
		{"ceiling", "123", nil, "decimal(3,0)", "123"},
		{"ceiling", "123456789012345678.01", nil, "decimal(19,0)", "123456789012345679"},
		{"ceiling", "-1234567890123456.78", nil, "decimal(17,0)", "-1234567890123456"},
		{"floor", "-0.01", nil, "decimal(1,0)", "-1"}, // DECIMAL '-0.01' is decimal(2,2)
		{"floor", "123.99", nil, "decimal(4,0)", "123"},
		{"floor", "-999999999999999999.9", nil, "decimal(19,0)", "-1000000000000000000"},
		{"round", "3.49", nil, "decimal(2,0)", "3"},
		{"round", "-3.50", nil, "decimal(2,0)", "-4"},
		{"round", "0.1", nil, "decimal(1,0)", "0"},
		{"round", "-9999999999999999999999.99", nil, "decimal(23,0)", "-10000000000000000000000"},
		{"round", "3.449", int64(1), "decimal(5,3)", "3.400"},
		{"round", "-3.450", int64(1), "decimal(5,3)", "-3.500"},
		{"round", "9.99", int64(1), "decimal(4,2)", "10.00"},
		{"round", "1254.5678", int64(-2), "decimal(9,4)", "1300.0000"},
		{"round", "1234", int64(-7), "decimal(5,0)", "0"},
		{"round", "99", int64(-1), "decimal(3,0)", "100"},
		{"round", "1234.5678", int64(7), "decimal(9,4)", "1234.5678"},
		{"round", "-1329123201320739513", int64(-3), "decimal(20,0)", "-1329123201320740000"},
		{"round", "123456789012345678.99", int64(-30), "decimal(21,2)", "0.00"},
		{"round", "9999999999999999.99", int64(-1), "decimal(19,2)", "10000000000000000.00"},
		{"truncate", "-1234.56", nil, "decimal(4,0)", "-1234"},
		{"truncate", "1.99999999999999999999999999", nil, "decimal(1,0)", "1"},
		{"truncate", "-1234567890123456789012.999", nil, "decimal(22,0)", "-1234567890123456789012"},
		{"truncate", "-1239.99", int64(1), "decimal(6,2)", "-1239.90"},
		{"truncate", "1239.999", int64(-2), "decimal(7,3)", "1200.000"},
		{"truncate", "1234.56", int64(-4), "decimal(6,2)", "0.00"},
		{"truncate", "123456789012345678901.23", int64(-21), "decimal(23,2)", "0.00"},
		{"truncate", "-123456789012345678999.99", int64(-1), "decimal(23,2)", "-123456789012345678990.00"},
		{"sign", "-0.5", nil, "decimal(1,0)", "-1"},
		{"sign", "0.00", nil, "decimal(1,0)", "0"},
		{"sign", "12345678901234567890.5", nil, "decimal(1,0)", "1"},
		{"sign", "-12345678901234567890.5", nil, "decimal(1,0)", "-1"},
	}
	for _, tc := range cases {
		typ, v := decArg(t, tc.arg)
		argTypes, args := ts(typ), []any{v}
		if tc.digits != nil {
			argTypes, args = ts(typ, tI), []any{v, tc.digits}
		}
		b, err := Lookup(tc.fn, argTypes)
		if err != nil {
			t.Fatalf("Lookup(%s, %v): %v", tc.fn, argTypes, err)
		}
		if b.Ret.String() != tc.wantType {
			t.Errorf("%s(%s, %v) returns %s, want %s", tc.fn, tc.arg, tc.digits, b.Ret, tc.wantType)
			continue
		}
		got, err := callScalar(t, testContext(), tc.fn, argTypes, args...)
		if err != nil {
			t.Errorf("%s(%s, %v): %v", tc.fn, tc.arg, tc.digits, err)
			continue
		}
		// The value must be in the canonical form of the result type.
		if _, short := got.(int64); short != b.Ret.IsShortDecimal() {
			t.Errorf("%s(%s, %v) = %T, not the physical form of %s", tc.fn, tc.arg, tc.digits, got, b.Ret)
		}
		if s := value.FormatDecimalBig(value.DecimalBig(got), b.Ret.Scale); s != tc.want {
			t.Errorf("%s(%s, %v) = %s, want %s", tc.fn, tc.arg, tc.digits, s, tc.want)
		}
	}
}

func TestDecimalMathOverflowAndNull(t *testing.T) {
	typ, v := decArg(t, "9999999999999999999999999999999999999.9")
	for _, d := range []int64{0, -1} {
		_, err := callScalar(t, testContext(), "round", ts(typ, tI), v, d)
		var oe *OverflowError
		if !errors.As(err, &oe) {
			t.Fatalf("round(%s, %d): error %v, want NUMERIC_VALUE_OUT_OF_RANGE", typ, d, err)
		}
	}
	if got, err := callScalar(t, testContext(), "round", ts(typ, tI), v, int64(1)); err != nil || value.FormatDecimalBig(value.DecimalBig(got), 1) != "9999999999999999999999999999999999999.9" {
		t.Fatalf("round(x, 1) = %v, %v", got, err)
	}
	if got, _ := callScalar(t, testContext(), "floor", ts(types.NewDecimal(25, 5)), nil); got != nil {
		t.Fatalf("floor(NULL) = %#v", got)
	}
	// The double forms still take doubles and integers keep their type.
	if b, _ := Lookup("round", ts(tD)); !b.Ret.Equal(tD) {
		t.Fatalf("round(double) returns %s", b.Ret)
	}
	if b, _ := Lookup("ceil", ts(tI)); !b.Ret.Equal(tI) {
		t.Fatalf("ceil(integer) returns %s", b.Ret)
	}
	if b, _ := Lookup("truncate", ts(tD, tI)); !b.Ret.Equal(tD) {
		t.Fatalf("truncate(double, integer) returns %s", b.Ret)
	}
}

func TestIntervalSumAvg(t *testing.T) {
	day, month := types.IntervalDayType, types.IntervalMonthType
	for _, it := range []*types.Type{day, month} {
		for _, fn := range []string{"sum", "avg"} {
			b, err := LookupAggregate(fn, ts(it))
			if err != nil {
				t.Fatalf("%s(%s): %v", fn, it, err)
			}
			if !b.Ret.Equal(it) {
				t.Fatalf("%s(%s) returns %s", fn, it, b.Ret)
			}
		}
	}
	cases := []struct {
		fn   string
		typ  *types.Type
		rows [][]any
		want any
	}{
		{"sum", day, col(int64(86400000), nil, int64(7200000)), int64(93600000)},
		{"sum", month, col(int64(12), int64(2)), int64(14)},
		{"sum", month, nil, nil},
		{"sum", day, col(nil, nil), nil},
		{"avg", day, col(int64(86400000), nil, int64(7200000)), int64(46800000)},
		{"avg", day, col(int64(1), int64(2)), int64(2)},      // Math.round(1.5)
		{"avg", month, col(int64(-1), int64(-2)), int64(-1)}, // Math.round(-1.5)
		{"avg", month, col(int64(-1), int64(-3)), int64(-2)},
		{"avg", month, nil, nil},
	}
	for _, tc := range cases {
		if got := aggregate(t, tc.fn, false, ts(tc.typ), tc.rows); !sameValue(got, tc.want) {
			t.Errorf("%s(%s) over %v = %#v, want %#v", tc.fn, tc.typ, tc.rows, got, tc.want)
		}
	}
	b, _ := LookupAggregate("sum", ts(day))
	s := b.New()
	if err := s.Add([]*vectorT{newVec(day, int64(math.MaxInt64))}, 0); err != nil {
		t.Fatal(err)
	}
	var oe *OverflowError
	if err := s.Add([]*vectorT{newVec(day, int64(1))}, 0); !errors.As(err, &oe) {
		t.Fatalf("sum(interval) overflow: %v, want NUMERIC_VALUE_OUT_OF_RANGE", err)
	}
}

func TestJavaRound(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want int64
	}{{1.5, 2}, {-1.5, -1}, {-1.6, -2}, {2.4999, 2}, {-0.5, 0}, {0.49999999999999994, 0}, {math.NaN(), 0}, {1e300, math.MaxInt64}, {-1e300, math.MinInt64}} {
		if got := javaRound(c.x); got != c.want {
			t.Errorf("javaRound(%v) = %d, want %d", c.x, got, c.want)
		}
	}
}

// corr divides by each standard deviation in turn, as Trino does: over
// x = 1, 2, 3 and y = 1, 1, 2 (corr sqrt(3)/2) that gives
// 0.8660254037844386, where 1/sqrt(2*0.6666666666666667) would give
// 0.8660254037844385. One state, no merging (a merge reorders the
// floating-point operations, in Trino as well).
func TestCorrMatchesTrinoFormula(t *testing.T) {
	b, err := LookupAggregate("corr", ts(tD, tD))
	if err != nil {
		t.Fatal(err)
	}
	s := b.New()
	for _, r := range [][]float64{{1, 1}, {1, 2}, {2, 3}} { // (y, x)
		if err := s.Add([]*vectorT{newVec(tD, r[0]), newVec(tD, r[1])}, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Result(); !sameValue(got, 0.8660254037844386) {
		t.Fatalf("corr = %#v, want 0.8660254037844386", got)
	}
}
