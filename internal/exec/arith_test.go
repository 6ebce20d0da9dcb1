package exec

import (
	"math"
	"strings"
	"testing"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// formatted renders a vector as Trino prints its values, NULL as "NULL".
func formatted(v *vector.Vector) string {
	parts := make([]string, v.Len())
	for i := range parts {
		if v.IsNull(i) {
			parts[i] = "NULL"
		} else {
			parts[i] = value.Format(v.Type, v.Value(i))
		}
	}
	return strings.Join(parts, " | ")
}

func arith(op string, l, r plan.Expr, t *types.Type) *plan.Arith {
	return &plan.Arith{Op: op, L: l, R: r, T: t}
}

func evalFormatted(t *testing.T, e plan.Expr, b *vector.Batch) string {
	t.Helper()
	v, err := newEv().Eval(e, b)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return formatted(v)
}

func decLit(t *testing.T, s string) *plan.Literal {
	t.Helper()
	typ, v, err := value.ParseDecimalLiteral(s)
	if err != nil {
		t.Fatal(err)
	}
	return lit(v, typ)
}

func TestDecimalArith(t *testing.T) {
	d52 := types.NewDecimal(5, 2)
	d30 := types.NewDecimal(30, 1) // long: values are types.Int128
	b := mkBatch([]*types.Type{d52, d30},
		[]any{int64(150), int64(-125), nil},
		[]any{types.Int128From(123456789), types.Int128From(-5), types.Int128From(1)})
	c0, c1 := cref(0, d52), cref(1, d30)
	for _, c := range []struct {
		e    plan.Expr
		want string
	}{
		{arith("+", c0, c1, types.DecimalAddType(d52, d30)), "12345680.40 | -1.75 | NULL"},
		{arith("-", c0, c1, types.DecimalAddType(d52, d30)), "-12345677.40 | -0.75 | NULL"},
		{arith("/", c0, decLit(t, "0.3"), types.DecimalDivType(d52, types.NewDecimal(1, 1))), "5.00 | -4.17 | NULL"},
		{arith("%", c0, decLit(t, "0.4"), types.DecimalModType(d52, types.NewDecimal(1, 1))), "0.30 | -0.05 | NULL"},
		{&plan.Negate{X: c0}, "-1.50 | 1.25 | NULL"},
		{&plan.Negate{X: c1}, "-12345678.9 | 0.5 | -0.1"},
		{cmp(">", c1, lit(types.Int128From(0), d30)), "true false true"},
	} {
		var got string
		if _, ok := c.e.(*plan.Compare); ok {
			got = evalShow(t, c.e, b)
		} else {
			got = evalFormatted(t, c.e, b)
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", c.e, got, c.want)
		}
	}
	mt, err := types.DecimalMulType(d52, d30)
	if err != nil {
		t.Fatal(err)
	}
	if got := evalFormatted(t, arith("*", c0, c1, mt), b); got != "18518518.350 | 0.625 | NULL" {
		t.Errorf("decimal product %s", got)
	}
	// Overflow and division by zero are Trino's errors.
	d38 := types.NewDecimal(38, 0)
	big, _, _ := value.ParseDecimalLiteral("99999999999999999999999999999999999999")
	_, max38, _ := value.ParseDecimalLiteral("99999999999999999999999999999999999999")
	_, err = newEv().Eval(arith("+", lit(max38, big), lit(int64(1), types.NewDecimal(1, 0)), d38), mkBatch([]*types.Type{types.BigIntType}, []any{int64(0)}))
	if sqlerr.CodeOf(err) != sqlerr.NumericValueOutOfRange {
		t.Errorf("decimal overflow: %v", err)
	}
	_, err = newEv().Eval(arith("/", c0, lit(int64(0), types.NewDecimal(1, 0)), types.DecimalDivType(d52, types.NewDecimal(1, 0))), b)
	if sqlerr.CodeOf(err) != sqlerr.DivisionByZero {
		t.Errorf("decimal division by zero: %v", err)
	}
}

func TestIntervalArith(t *testing.T) {
	ids, iym := types.IntervalDayType, types.IntervalMonthType
	b := mkBatch([]*types.Type{ids, iym}, []any{int64(90000), nil}, []any{int64(14), int64(-3)})
	c0, c1 := cref(0, ids), cref(1, iym)
	for _, c := range []struct {
		e    plan.Expr
		want string
	}{
		{arith("+", c0, lit(int64(1000), ids), ids), "0 00:01:31.000 | NULL"},
		{arith("-", c1, lit(int64(12), iym), iym), "0-2 | -1-3"},
		{arith("*", c0, lit(int64(3), types.BigIntType), ids), "0 00:04:30.000 | NULL"},
		{arith("*", lit(int64(2), types.BigIntType), c1, iym), "2-4 | -0-6"},
		{arith("*", c0, lit(0.5, types.DoubleType), ids), "0 00:00:45.000 | NULL"},
		{arith("*", lit(1.5, types.DoubleType), c1, iym), "1-9 | -0-4"},
		{arith("/", c0, lit(4.0, types.DoubleType), ids), "0 00:00:22.500 | NULL"},
		{arith("/", c1, lit(2.0, types.DoubleType), iym), "0-7 | -0-1"},
		{&plan.Negate{X: c0}, "-0 00:01:30.000 | NULL"},
		{&plan.Negate{X: c1}, "-1-2 | 0-3"},
	} {
		if got := evalFormatted(t, c.e, b); got != c.want {
			t.Errorf("%s = %s, want %s", c.e, got, c.want)
		}
	}
	one := mkBatch([]*types.Type{ids}, []any{int64(1000)})
	for _, c := range []struct {
		e    plan.Expr
		code sqlerr.Code
		msg  string
	}{
		{arith("*", cref(0, ids), lit(math.NaN(), types.DoubleType), ids), sqlerr.InvalidFunctionArgument, "Cannot multiply by double NaN"},
		{arith("/", cref(0, ids), lit(0.0, types.DoubleType), ids), sqlerr.InvalidFunctionArgument, "Cannot divide by double 0.0"},
		{arith("+", cref(0, ids), lit(int64(math.MaxInt64), ids), ids), sqlerr.NumericValueOutOfRange, "overflow"},
		{&plan.Negate{X: lit(int64(math.MinInt64), ids)}, sqlerr.NumericValueOutOfRange, "overflow"},
	} {
		_, err := newEv().Eval(c.e, one)
		if sqlerr.CodeOf(err) != c.code || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v, want %s %s", c.e, err, c.code, c.msg)
		}
	}
}

func TestDatetimeArith(t *testing.T) {
	ts3 := types.NewTimestamp(3, false)
	tz3 := types.NewTimestamp(3, true)
	tsOf := func(s string) int64 {
		us, _, _, err := value.ParseTimestamp(s)
		if err != nil {
			t.Fatal(err)
		}
		return us
	}
	dateOf := func(s string) int64 {
		d, err := value.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ny, err := value.ZoneKey("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// 2024-03-09 12:00 EST, the day before the spring-forward change.
	nyNoon := value.PackTZ(tsOf("2024-03-09 17:00:00")/1000, ny)
	b := mkBatch([]*types.Type{ts3, types.DateType, tz3, types.NewTime(3)},
		[]any{tsOf("2024-01-31 10:00:00.250"), nil},
		[]any{dateOf("2024-01-31"), dateOf("2023-03-31")},
		[]any{nyNoon, nil},
		[]any{int64(23 * 3600 * 1e6), int64(0)})
	day := lit(int64(86400000), types.IntervalDayType)
	month := lit(int64(1), types.IntervalMonthType)
	for _, c := range []struct {
		e    plan.Expr
		want string
	}{
		{arith("+", cref(0, ts3), month, ts3), "2024-02-29 10:00:00.250 | NULL"},
		{arith("-", cref(0, ts3), day, ts3), "2024-01-30 10:00:00.250 | NULL"},
		{arith("+", month, cref(1, types.DateType), types.DateType), "2024-02-29 | 2023-04-30"},
		{arith("-", cref(1, types.DateType), day, types.DateType), "2024-01-30 | 2023-03-30"},
		// A day is 24 hours of the instant, across the DST change; a month
		// keeps the wall clock.
		{arith("+", cref(2, tz3), day, tz3), "2024-03-10 13:00:00.000 America/New_York | NULL"},
		{arith("+", cref(2, tz3), month, tz3), "2024-04-09 12:00:00.000 America/New_York | NULL"},
		{arith("+", cref(3, types.NewTime(3)), lit(int64(2*3600000), types.IntervalDayType), types.NewTime(3)), "01:00:00.000 | 02:00:00.000"},
		{arith("-", cref(3, types.NewTime(3)), lit(int64(3600000), types.IntervalDayType), types.NewTime(3)), "22:00:00.000 | 23:00:00.000"},
		{arith("-", cref(0, ts3), lit(tsOf("2024-01-30 09:00:00"), ts3), types.IntervalDayType), "1 01:00:00.250 | NULL"},
		{arith("-", cref(2, tz3), lit(value.PackTZ(tsOf("2024-03-09 16:00:00")/1000, 0), tz3), types.IntervalDayType), "0 01:00:00.000 | NULL"},
	} {
		if got := evalFormatted(t, c.e, b); got != c.want {
			t.Errorf("%s = %s, want %s", c.e, got, c.want)
		}
	}
	_, err = newEv().Eval(arith("+", cref(1, types.DateType), lit(int64(3600000), types.IntervalDayType), types.DateType), b)
	if sqlerr.CodeOf(err) != sqlerr.InvalidFunctionArgument || !strings.Contains(err.Error(), "Cannot add hour, minutes or seconds to a date") {
		t.Errorf("date + hours: %v", err)
	}
	// timeArith (RANGE frames) shares the implementation.
	r, err := timeArith("-", types.DateType, dateOf("2024-03-31"), types.IntervalMonthType, 1)
	if err != nil || value.FormatDate(r) != "2024-02-29" {
		t.Errorf("timeArith date - month = %v %v", r, err)
	}
}
