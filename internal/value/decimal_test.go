package value

import (
	"errors"
	"math"
	"strings"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// dec parses a decimal literal as Trino types it, for tests.
func dec(t *testing.T, s string) (*types.Type, any) {
	t.Helper()
	typ, v, err := ParseDecimalLiteral(s)
	if err != nil {
		t.Fatalf("ParseDecimalLiteral(%q): %v", s, err)
	}
	return typ, v
}

func TestParseDecimalLiteral(t *testing.T) {
	cases := []struct{ in, typ, text string }{
		{"1.50", "decimal(3,2)", "1.50"},
		{"0.5", "decimal(1,1)", "0.5"},
		{".5", "decimal(1,1)", "0.5"},
		{"1.", "decimal(1,0)", "1"},
		{"0", "decimal(1,0)", "0"},
		{"007", "decimal(1,0)", "7"},
		{"-0.05", "decimal(2,2)", "-0.05"},
		{"+12.340", "decimal(5,3)", "12.340"},
		{"1_000.5", "decimal(5,1)", "1000.5"},
		{"0000012345.1234500000", "decimal(15,10)", "12345.1234500000"},
		{"999999999999999999", "decimal(18,0)", "999999999999999999"},
		{"1234567890123456789", "decimal(19,0)", "1234567890123456789"},
		{"-99999999999999999999999999999999999999", "decimal(38,0)", "-99999999999999999999999999999999999999"},
		{".12345678901234567890123456789012345678", "decimal(38,38)", "0.12345678901234567890123456789012345678"},
	}
	for _, tc := range cases {
		typ, v, err := ParseDecimalLiteral(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if typ.String() != tc.typ || Format(typ, v) != tc.text {
			t.Errorf("%q: %s %s, want %s %s", tc.in, typ, Format(typ, v), tc.typ, tc.text)
		}
		_, isInt := v.(int64)
		if isInt != typ.IsShortDecimal() {
			t.Errorf("%q: representation %T for %s", tc.in, v, typ)
		}
	}
	for _, bad := range []string{"", ".", "-", "1e5", "1.2.3", "abc", " 1", "1__0", "_1"} {
		if _, _, err := ParseDecimalLiteral(bad); !errors.Is(err, sqlerr.InvalidLiteral) {
			t.Errorf("%q: error %v, want INVALID_LITERAL", bad, err)
		}
	}
	_, _, err := ParseDecimalLiteral("123456789012345678901234567890123456789")
	if !errors.Is(err, sqlerr.NumericValueOutOfRange) || !strings.Contains(err.Error(), "Value exceeds maximum precision") {
		t.Errorf("39 digits: %v", err)
	}
}

type decCase struct {
	a, b string
	want string // result text, or an error code name
	typ  string // result type, when not an error
}

func runDecimalOp(t *testing.T, name string, op func(*types.Type, any, *types.Type, any) (any, error), typeOf func(a, b *types.Type) *types.Type, cases []decCase) {
	t.Helper()
	for _, tc := range cases {
		at, a := dec(t, tc.a)
		bt, b := dec(t, tc.b)
		got, err := op(at, a, bt, b)
		if strings.ToUpper(tc.want) == tc.want && strings.Contains(tc.want, "_") {
			if err == nil || !errors.Is(err, sqlerr.Code(tc.want)) {
				t.Errorf("%s %s %s: got %v, %v; want %s", tc.a, name, tc.b, got, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s %s: %v", tc.a, name, tc.b, err)
			continue
		}
		rt := typeOf(at, bt)
		if rt.String() != tc.typ {
			t.Errorf("%s %s %s: type %s, want %s", tc.a, name, tc.b, rt, tc.typ)
		}
		if s := Format(rt, got); s != tc.want {
			t.Errorf("%s %s %s = %s, want %s", tc.a, name, tc.b, s, tc.want)
		}
		if _, isInt := got.(int64); isInt != rt.IsShortDecimal() {
			t.Errorf("%s %s %s: representation %T for %s", tc.a, name, tc.b, got, rt)
		}
	}
}

func mulType(a, b *types.Type) *types.Type {
	r, _ := types.DecimalMulType(a, b)
	return r
}

// Cases from Trino's TestDecimalOperators.
func TestDecimalAddSub(t *testing.T) {
	runDecimalOp(t, "+", DecimalAdd, types.DecimalAddType, []decCase{
		{"137.7", "17.1", "154.8", "decimal(5,1)"},
		{"-1", "-2", "-3", "decimal(2,0)"},
		{".1234567890123456", ".1234567890123456", "0.2469135780246912", "decimal(17,16)"},
		{"123456789012345678", "123456789012345678", "246913578024691356", "decimal(19,0)"},
		{"12345678901234567890123456789012345678", "12345678901234567890123456789012345678", "24691357802469135780246913578024691356", "decimal(38,0)"},
		{"-99999999999999999999999999999999999999", "99999999999999999999999999999999999999", "0", "decimal(38,0)"},
		{"12345678901234567890", "-12345678901234567891", "-1", "decimal(21,0)"},
		{"999999999999999999", "999999999999999999", "1999999999999999998", "decimal(19,0)"},
		{"999999999999999999", ".999999999999999999", "999999999999999999.999999999999999999", "decimal(37,18)"},
		{"123456789012345678901234567890", ".12345678", "123456789012345678901234567890.12345678", "decimal(38,8)"},
		{"17014000000000000000000000000000000000", "-7014000000000000000000000000000000000.1", "9999999999999999999999999999999999999.9", "decimal(38,1)"},
		{"99999999999999999999999999999999999999", "1", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{".1", "99999999999999999999999999999999999999", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{"-99999999999999999999999999999999999999", "-99999999999999999999999999999999999999", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{"17015000000000000000000000000000000000", "-7015000000000000000000000000000000000.1", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
	})
	runDecimalOp(t, "-", DecimalSub, types.DecimalAddType, []decCase{
		{"107.7", "17.1", "90.6", "decimal(5,1)"},
		{"1", "2", "-1", "decimal(2,0)"},
		{"-.1234567890123456", "-.1234567890123456", "0.0000000000000000", "decimal(17,16)"},
		{"999999999999999999", ".999999999999999999", "999999999999999998.000000000000000001", "decimal(37,18)"},
		{".000000000000000000000000000001", "87654321", "-87654320.999999999999999999999999999999", "decimal(38,30)"},
		{"-99999999999999999999999999999999999999", "1", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
	})
}

func TestDecimalMulDivMod(t *testing.T) {
	runDecimalOp(t, "*", DecimalMul, mulType, []decCase{
		{"12", "3", "36", "decimal(3,0)"},
		{"12", "-3", "-36", "decimal(3,0)"},
		{".1234567890123456", ".3", "0.03703703670370368", "decimal(17,17)"},
		{"12345678901234567", "123456789012345670", "1524157875323883455265967556774890", "decimal(35,0)"},
		{"-12345678901234567", "123456789012345670", "-1524157875323883455265967556774890", "decimal(35,0)"},
		{"12345678901234567890123456789012345678", "3", "37037036703703703670370370367037037034", "decimal(38,0)"},
		{".1234567890123456789", ".1234567890123456789", "0.01524157875323883675019051998750190521", "decimal(38,38)"},
		{"12345678901234567890123456789012345678", "9", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{".12345678901234567890123456789012345678", "-9", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
	})
	runDecimalOp(t, "/", DecimalDiv, types.DecimalDivType, []decCase{
		{"1", "3", "0", "decimal(1,0)"},
		{"1.0", "3", "0.3", "decimal(2,1)"},
		{"1.0", "0.1", "10.0", "decimal(3,1)"},
		{"100.00", "0.3", "333.33", "decimal(6,2)"},
		{"100.00", "-0.30", "-333.33", "decimal(7,2)"},
		{"200.00", "0.3", "666.67", "decimal(6,2)"},
		{"200.00000", "-0.3", "-666.66667", "decimal(9,5)"},
		{"9", "5", "2", "decimal(1,0)"},
		{"7", "5", "1", "decimal(1,0)"},
		{"-9", "5", "-2", "decimal(1,0)"},
		{"-7", "-5", "1", "decimal(1,0)"},
		{"10", ".000000001", "10000000000.000000000", "decimal(20,9)"},
		{"200000000000000000000000000000000000", "0.30", "666666666666666666666666666666666666.67", "decimal(38,2)"},
		{"-.20000000000000000000000000000000000000", "0.30", "-0.66666666666666666666666666666666666667", "decimal(38,38)"},
		{"500000000000000000000000000000000075", "50", "10000000000000000000000000000000002", "decimal(36,0)"},
		{"-500000000000000000000000000000000070", "50", "-10000000000000000000000000000000001", "decimal(36,0)"},
		{"99999999999999999999999999999999999999", "11111111111111111111111111111111111111", "9", "decimal(38,0)"},
		{"9999999999999999999999.9", "1111111111111111111111.100", "9.000", "decimal(28,3)"},
		{"12345678901234567890123456789012345678", ".1", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{"1", ".12345678901234567890123456789012345678", "NUMERIC_VALUE_OUT_OF_RANGE", ""},
		{"1", "0", "DIVISION_BY_ZERO", ""},
		{"1", "0.0000000000000000000000000000000000000", "DIVISION_BY_ZERO", ""},
	})
	runDecimalOp(t, "%", DecimalMod, types.DecimalModType, []decCase{
		{"1", "3", "1", "decimal(1,0)"},
		{"10", "3", "1", "decimal(1,0)"},
		{"10.0", "3.000", "1.000", "decimal(4,3)"},
		{".1", ".03", "0.01", "decimal(2,2)"},
		{".0001", ".03", "0.0001", "decimal(4,4)"},
		{"-10", "3", "-1", "decimal(1,0)"},
		{"10", "-3", "1", "decimal(1,0)"},
		{"-10", "-3", "-1", "decimal(1,0)"},
		{"7", "3.0000000000000000000000000000000000000", "1.0000000000000000000000000000000000000", "decimal(38,37)"},
		{"99999999999999999999999999999999999997", "3", "1", "decimal(1,0)"},
		{"-7.000000000000000000000000000000000000", "3", "-1.000000000000000000000000000000000000", "decimal(37,36)"},
		{"1", "0", "DIVISION_BY_ZERO", ""},
	})
}

func TestDecimalNegateCompareKey(t *testing.T) {
	for _, s := range []string{"1", "-1", "123456.00000010", "0", "12345678901234567890123456789012345678", "-123456789012345678.90123456789012345678"} {
		typ, v := dec(t, s)
		n := DecimalNegate(typ, v)
		want := "-" + strings.TrimPrefix(Format(typ, v), "-")
		if strings.HasPrefix(s, "-") {
			want = strings.TrimPrefix(Format(typ, v), "-")
		}
		if s == "0" {
			want = "0"
		}
		if got := Format(typ, n); got != want {
			t.Errorf("-(%s) = %s, want %s", s, got, want)
		}
	}
	long := types.NewDecimal(38, 2)
	short := types.NewDecimal(10, 2)
	big1, _ := castToDecimal(int64(5), types.BigIntType, long)
	cmp := []struct {
		t    *types.Type
		a, b any
		want int
	}{
		{short, int64(150), int64(151), -1},
		{short, int64(-1), int64(0), -1},
		{long, big1, int64(500), 0}, // an int64 in a long column reads as its value
		{long, types.Int128From(-1), types.Int128From(1), -1},
		{long, types.Int128{Hi: 1}, types.Int128From(math.MaxInt64), 1},
	}
	for _, tc := range cmp {
		if got := Compare(tc.t, tc.a, tc.b); got != tc.want {
			t.Errorf("Compare(%s, %v, %v) = %d, want %d", tc.t, tc.a, tc.b, got, tc.want)
		}
		if eq, _ := Equal(tc.t, tc.a, tc.b); eq != (tc.want == 0) {
			t.Errorf("Equal(%s, %v, %v) = %v", tc.t, tc.a, tc.b, eq)
		}
	}
	// Keys ignore scale and representation: 37 = 37.0 = 0037.000... as in
	// Trino's testEqual; -0.000 = 0.
	same := [][2]string{{"37", "37.0"}, {"37", "00000000037.0000000000000000000000"}, {"-0.000", "0000.00000"}, {"1.50", "1.5"}, {"12345678901234567890", "12345678901234567890.00"}}
	for _, p := range same {
		at, a := dec(t, p[0])
		bt, b := dec(t, p[1])
		if string(AppendKey(nil, at, a)) != string(AppendKey(nil, bt, b)) {
			t.Errorf("keys of %s and %s differ", p[0], p[1])
		}
	}
	differ := [][2]string{{"37", "38"}, {"37", "3.7"}, {"-37.000", "37.000"}, {"0.1", "0.01"}, {"12345678901234567890", "12345678901234567891"}}
	for _, p := range differ {
		at, a := dec(t, p[0])
		bt, b := dec(t, p[1])
		if string(AppendKey(nil, at, a)) == string(AppendKey(nil, bt, b)) {
			t.Errorf("keys of %s and %s are equal", p[0], p[1])
		}
	}
	if string(AppendKey(nil, long, int64(500))) != string(AppendKey(nil, long, big1)) {
		t.Error("int64 and Int128 forms of one long decimal key differently")
	}
}

func TestDecimalCasts(t *testing.T) {
	d := types.NewDecimal
	cases := []struct {
		name     string
		v        any
		from, to *types.Type
		want     string // Format of the result in type to
		err      string // exact error message, when the cast fails
	}{
		{"bigint to decimal", int64(12), tB, d(4, 2), "12.00", ""},
		{"bigint overflow", int64(100), tB, d(4, 2), "", "Cannot cast BIGINT '100' to DECIMAL(4, 2)"},
		{"integer overflow", int64(-100), tI, d(3, 1), "", "Cannot cast INTEGER '-100' to DECIMAL(3, 1)"},
		{"bigint to long decimal", int64(math.MaxInt64), tB, d(38, 10), "9223372036854775807.0000000000", ""},
		{"boolean to decimal", true, tBo, d(20, 5), "1.00000", ""},
		{"double half up", 1.005e0, tD, d(5, 2), "1.01", ""}, // Double.toString gives 1.005
		{"double negative half up", -2.5, tD, d(2, 0), "-3", ""},
		{"double exponent", 1e10, tD, d(12, 1), "10000000000.0", ""},
		{"double overflow", 1e10, tD, d(10, 1), "", "Cannot cast DOUBLE '1.0E10' to DECIMAL(10, 1)"},
		{"double NaN", math.NaN(), tD, d(10, 1), "", "Cannot cast DOUBLE 'NaN' to DECIMAL(10, 1)"},
		{"real", float64(float32(0.1)), tR, d(10, 9), "0.100000000", ""}, // Float.toString is 0.1
		{"decimal rescale down", int64(12345), d(5, 2), d(4, 1), "123.5", ""},
		{"decimal rescale negative", int64(-12345), d(5, 2), d(4, 1), "-123.5", ""},
		{"decimal rescale up", int64(12345), d(5, 2), d(20, 10), "123.4500000000", ""},
		{"decimal overflow", int64(12345), d(5, 2), d(3, 1), "", "Cannot cast DECIMAL(5, 2) '123.45' to DECIMAL(3, 1)"},
		{"long to short", types.Int128From(123), d(20, 2), d(3, 2), "1.23", ""},
		{"decimal to bigint rounds", int64(-250), d(3, 2), tB, "-3", ""},
		{"decimal to integer rounds", int64(249), d(3, 2), tI, "2", ""},
		{"decimal to tinyint overflow", int64(1275), d(4, 1), types.TinyIntType, "", "Cannot cast '128' to TINYINT"},
		{"long decimal to integer overflow", types.Int128From(300000000000), d(20, 2), tI, "", "Cannot cast '3000000000.00' to INTEGER"},
		{"decimal to double", int64(150), d(3, 2), tD, "1.5", ""},
		{"long decimal to double", mustDec(t, "12345678901234567890.5", d(21, 1)), d(21, 1), tD, "1.2345678901234567E19", ""},
		{"decimal to real", int64(1), d(2, 1), tR, "0.1", ""},
		{"decimal to boolean", int64(0), d(2, 1), tBo, "false", ""},
		{"decimal to varchar", int64(-5), d(3, 2), tV, "-0.05", ""},
		{"varchar to decimal", "1.505", tV, d(4, 2), "1.51", ""},
		{"varchar exponent", "1e2", tV, d(5, 2), "100.00", ""},
		{"varchar leading dot", "-.5", tV, d(2, 1), "-0.5", ""},
		{"varchar too large", "1000", tV, d(4, 2), "", "Cannot cast VARCHAR '1000' to DECIMAL(4, 2). Value too large."},
		{"varchar not a number", "abc", tV, d(4, 2), "", "Cannot cast VARCHAR 'abc' to DECIMAL(4, 2). Value is not a number."},
		{"varchar long", "12345678901234567890.123", tV, d(38, 2), "12345678901234567890.12", ""},
	}
	for _, tc := range cases {
		got, err := Cast(tc.v, tc.from, tc.to, 0)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: got %v, %v; want error %q", tc.name, got, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s := Format(tc.to, got); s != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, s, tc.want)
		}
		if tc.to.Kind == types.Decimal {
			if _, isInt := got.(int64); isInt != tc.to.IsShortDecimal() {
				t.Errorf("%s: representation %T for %s", tc.name, got, tc.to)
			}
		}
	}
}

func mustDec(t *testing.T, s string, typ *types.Type) any {
	t.Helper()
	v, err := Cast(s, tV, typ, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecimalFromString(t *testing.T) {
	v, err := DecimalFromString("-12345678901234567890.125", types.NewDecimal(30, 2))
	if err != nil || Format(types.NewDecimal(30, 2), v) != "-12345678901234567890.13" {
		t.Errorf("DecimalFromString = %v, %v", v, err)
	}
	if _, ok := v.(types.Int128); !ok {
		t.Errorf("long decimal representation %T", v)
	}
	if _, err := DecimalFromString(" 1", types.NewDecimal(3, 0)); err == nil {
		t.Error("spaces are not a number for BigDecimal")
	}
}
