package analyzer

import (
	"errors"
	"strings"
	"testing"

	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// TestOperatorTyping checks the result types Trino's operator signatures
// give (DecimalOperators, TimestampOperators, DateTimeOperators,
// IntervalDayTimeOperators, TimeOperators).
func TestOperatorTyping(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{"1.50", "decimal(3,2)"},
		{"DECIMAL '007.10'", "decimal(3,2)"},
		{"12345678901234567890.5", "decimal(21,1)"},
		{"1e3", "double"},
		{"1.5 + 2.25", "decimal(4,2)"},
		{"1.5 - n", "decimal(12,1)"},
		{"n * 1.5", "decimal(12,1)"},
		{"b * 1.5", "decimal(21,1)"},
		{"1.5 / 2", "decimal(2,1)"},
		{"n / 2.0", "decimal(12,1)"},
		{"n % 2.5", "decimal(2,1)"},
		{"2.5 % n", "decimal(2,1)"},
		{"1.5 + d", "double"},
		{"CAST(1 AS real) * 1.5", "real"},
		{"n / 2", "integer"},
		{"n + b", "bigint"},
		{"-1.5", "decimal(2,1)"},
		{"-(n * 1.5)", "decimal(12,1)"},
		{"TIME '01:02:03.456'", "time(3)"},
		{"TIMESTAMP '2025-01-07 11:00:00.123456'", "timestamp(6)"},
		{"TIMESTAMP '2025-01-07 11:00:00.123456789'", "timestamp(9)"},
		{"TIMESTAMP '2025-01-07 11:00:00 UTC'", "timestamp(0) with time zone"},
		{"TIMESTAMP '2025-01-07 11:00:00.5 +05:30'", "timestamp(1) with time zone"},
		{"X'00ff'", "varbinary"},
		{"IPADDRESS '10.0.0.1'", "ipaddress"},
		{"INTERVAL '1-2' YEAR TO MONTH", "interval year to month"},
		{"INTERVAL '7' DAY", "interval day to second"},
		{"TIMESTAMP '2025-01-07 11:00:00' + INTERVAL '1' DAY", "timestamp(3)"},
		{"TIMESTAMP '2025-01-07 11:00:00.123456' - INTERVAL '1' DAY", "timestamp(6)"},
		{"TIMESTAMP '2025-01-07 11:00:00' + INTERVAL '1' MONTH", "timestamp(0)"},
		{"INTERVAL '1' MONTH + TIMESTAMP '2025-01-07 11:00:00 UTC'", "timestamp(0) with time zone"},
		{"DATE '2025-01-07' + INTERVAL '1' DAY", "date"},
		{"TIME '01:00' + INTERVAL '1' HOUR", "time(3)"},
		{"TIMESTAMP '2025-01-07 11:00:00' - TIMESTAMP '2025-01-06 11:00:00.5'", "interval day to second"},
		{"DATE '2025-01-07' - DATE '2025-01-06'", "interval day to second"},
		{"TIME '02:00' - TIME '01:00'", "interval day to second"},
		{"INTERVAL '1' DAY * n", "interval day to second"},
		{"1.5 * INTERVAL '1' MONTH", "interval year to month"},
		{"INTERVAL '1' DAY / 2", "interval day to second"},
		{"- INTERVAL '1' DAY", "interval day to second"},
		{"TIMESTAMP '2025-01-07 11:00:00' AT TIME ZONE 'UTC'", "timestamp(0) with time zone"},
		{"TIMESTAMP '2025-01-07 11:00:00.123 UTC' AT TIME ZONE INTERVAL '2' HOUR", "timestamp(3) with time zone"},
	} {
		r, err := analyzeErr("SELECT " + c.expr + " FROM ct")
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got := r.Types[0].String(); got != c.want {
			t.Errorf("%s: type %s, want %s", c.expr, got, c.want)
		}
	}
}

func TestOperatorCoercions(t *testing.T) {
	// An integer meets a decimal as decimal(10,0); the literal is folded.
	r := analyze(t, "SELECT n * 1.5, 2 * 1.5 FROM ct")
	p := r.Root.(*plan.Project)
	if s := p.Exprs[0].String(); s != "(CAST(n AS decimal(10,0)) * 1.5)" {
		t.Errorf("n * 1.5 = %s", s)
	}
	a := p.Exprs[1].(*plan.Arith)
	if l, ok := a.L.(*plan.Literal); !ok || !l.T.Equal(types.NewDecimal(10, 0)) {
		t.Errorf("2 * 1.5: left %s (%s)", a.L, a.L.Type())
	}
	// interval * integer takes a bigint, interval / number a double.
	r = analyze(t, "SELECT INTERVAL '1' DAY * n, INTERVAL '1' DAY / n FROM ct")
	p = r.Root.(*plan.Project)
	if a := p.Exprs[0].(*plan.Arith); a.R.Type().Kind != types.BigInt {
		t.Errorf("interval * n: %s", a)
	}
	if a := p.Exprs[1].(*plan.Arith); a.R.Type().Kind != types.Double {
		t.Errorf("interval / n: %s", a)
	}
	// Decimals of different scales compare at their common type.
	r = analyze(t, "SELECT 1.5 = 1.50")
	c := r.Root.(*plan.Project).Exprs[0].(*plan.Compare)
	if !c.L.Type().Equal(types.NewDecimal(3, 2)) || !c.R.Type().Equal(types.NewDecimal(3, 2)) {
		t.Errorf("1.5 = 1.50 compares %s and %s", c.L.Type(), c.R.Type())
	}
	// X'..' holds the bytes, VARBINARY '..' the string's.
	r = analyze(t, "SELECT X'00fF', VARBINARY 'ab'")
	p = r.Root.(*plan.Project)
	if v := p.Exprs[0].(*plan.Literal).Value; v != "\x00\xff" {
		t.Errorf("X'00fF' = %q", v)
	}
	if v := p.Exprs[1].(*plan.Literal).Value; v != "ab" {
		t.Errorf("VARBINARY 'ab' = %q", v)
	}
	// AT TIME ZONE on a timestamp casts to timestamp with time zone first
	// (the session zone applies at run time).
	r = analyze(t, "SELECT TIMESTAMP '2025-01-07 11:00:00' AT TIME ZONE 'America/New_York'")
	call := r.Root.(*plan.Project).Exprs[0].(*plan.Call)
	if _, ok := call.Args[0].(*plan.Cast); !ok || call.Fn.Name != "at_timezone" {
		t.Errorf("AT TIME ZONE plan: %s", call)
	}
}

func TestOperatorErrors(t *testing.T) {
	for _, c := range []struct {
		sql       string
		code      sqlerr.Code
		line, col int
		msg       string
	}{
		{"SELECT eventname + 1 FROM ct", sqlerr.TypeMismatch, 1, 18, "Cannot apply operator: varchar + integer"},
		{"SELECT 1 FROM ct WHERE n = 'a'", sqlerr.TypeMismatch, 1, 26, "Cannot apply operator: integer = varchar(1)"},
		{"SELECT INTERVAL '1' DAY + INTERVAL '1' MONTH", sqlerr.TypeMismatch, 1, 25, "Cannot apply operator: interval day to second + interval year to month"},
		{"SELECT n - INTERVAL '1' DAY FROM ct", sqlerr.TypeMismatch, 1, 10, "Cannot apply operator: integer - interval day to second"},
		{"SELECT DATE '2025-01-01' * 2", sqlerr.TypeMismatch, 1, 26, "Cannot apply operator: date * integer"},
		{"SELECT INTERVAL '1' DAY - TIMESTAMP '2025-01-01 00:00:00'", sqlerr.TypeMismatch, 1, 25, "Cannot apply operator: interval day to second - timestamp(0)"},
		{"SELECT TIME '01:00' = TIMESTAMP '2025-01-01 00:00:00'", sqlerr.TypeMismatch, 1, 21, "Cannot apply operator: time(0) = timestamp(0)"},
		{"SELECT -eventname FROM ct", sqlerr.TypeMismatch, 1, 8, "Cannot negate varchar"},
		{"SELECT DECIMAL '1.2.3'", sqlerr.InvalidLiteral, 1, 8, "'1.2.3' is not a valid DECIMAL literal"},
		{"SELECT 123456789012345678901234567890123456789.5", sqlerr.NumericValueOutOfRange, 1, 8, "Value exceeds maximum precision"},
		{"SELECT TIME 'x'", sqlerr.InvalidLiteral, 1, 8, "'x' is not a valid TIME literal"},
		{"SELECT INTERVAL '1-x' YEAR TO MONTH", sqlerr.InvalidLiteral, 1, 8, "Invalid INTERVAL YEAR TO MONTH value: 1-x"},
		{"SELECT DECIMAL '0.00000000000000000001' * DECIMAL '0.0000000000000000001'", sqlerr.InvalidFunctionArgument, 1, 41, "DECIMAL scale must be in range"},
		{"SELECT DATE '2025-01-01' AT TIME ZONE 'UTC'", sqlerr.TypeMismatch, 1, 8, "Type of value must be a time or timestamp with or without time zone (actual date)"},
		{"SELECT TIMESTAMP '2025-01-01 00:00:00' AT TIME ZONE 'Nowhere/Land'", sqlerr.NotSupported, 0, 0, "Time zone not supported: Nowhere/Land"},
	} {
		_, err := analyzeErr(c.sql)
		var se *sqlerr.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: %v (want %s)", c.sql, err, c.code)
			continue
		}
		if se.Code != c.code || se.Line != c.line || se.Column != c.col || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%s: %v, want %s: line %d:%d: %s", c.sql, err, c.code, c.line, c.col, c.msg)
		}
	}
}
