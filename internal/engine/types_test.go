package engine

// End-to-end checks of Trino's literal typing, operators, AT TIME ZONE and
// casts for decimal, interval, time, timestamp(p), varbinary and ipaddress.
// Expected values follow the Trino documentation and Trino's own tests
// (TestDateTimeOperators, TestDecimalOperators, TestIntervalDayTime,
// TestIpAddressOperators).

import (
	"context"
	"errors"
	"strings"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/value"
)

// typedRun runs sql in session zone zone and returns each column's type
// and the first row's values as Trino prints them.
func typedRun(e *Engine, sql string, zone int) (typs []string, row []string, err error) {
	ctx := context.Background()
	err = e.Run(ctx, sql, &Session{Database: "default", Zone: zone}, func(r *Result) error {
		typs = typs[:0]
		for _, t := range r.Types {
			typs = append(typs, t.String())
		}
		for {
			b, err := r.Next(ctx)
			if err != nil || b == nil {
				return err
			}
			for i := 0; i < b.N && row == nil; i++ {
				row = make([]string, len(b.Cols))
				for j, c := range b.Cols {
					if c.IsNull(i) {
						row[j] = "NULL"
					} else {
						row[j] = value.Format(c.Type, c.Value(i))
					}
				}
			}
		}
	})
	return typs, row, err
}

type typedCase struct {
	sql  string // one expression, selected
	typ  string
	want string
}

func runTyped(t *testing.T, e *Engine, zone int, cases []typedCase) {
	t.Helper()
	for _, c := range cases {
		sql := "SELECT " + c.sql
		typs, row, err := typedRun(e, sql, zone)
		if err != nil {
			t.Errorf("%s: %v", sql, err)
			continue
		}
		if len(typs) != 1 || len(row) != 1 {
			t.Errorf("%s: types %v row %v", sql, typs, row)
			continue
		}
		if typs[0] != c.typ || row[0] != c.want {
			t.Errorf("%s = %s (%s), want %s (%s)", sql, row[0], typs[0], c.want, c.typ)
		}
	}
}

func TestTypedLiterals(t *testing.T) {
	e, _ := smallEngine(t)
	runTyped(t, e, 0, []typedCase{
		{"1.50", "decimal(3,2)", "1.50"},
		{"0.5", "decimal(1,1)", "0.5"},
		{"-1.5", "decimal(2,1)", "-1.5"},
		{"- 1.5", "decimal(2,1)", "-1.5"},
		{"007.10", "decimal(3,2)", "7.10"},
		{"1e3", "double", "1000.0"},
		{"12345678901234567890.123", "decimal(23,3)", "12345678901234567890.123"},
		{"DECIMAL '1.2'", "decimal(2,1)", "1.2"},
		{"DECIMAL '-0.05'", "decimal(2,2)", "-0.05"},
		{"TIME '01:02:03.456'", "time(3)", "01:02:03.456"},
		{"TIME '01:02:03'", "time(0)", "01:02:03"},
		{"TIMESTAMP '2025-01-07 11:00:00.123456'", "timestamp(6)", "2025-01-07 11:00:00.123456"},
		{"TIMESTAMP '2025-01-07 11:00:00'", "timestamp(0)", "2025-01-07 11:00:00"},
		{"TIMESTAMP '2025-01-07 11:00:00 UTC'", "timestamp(0) with time zone", "2025-01-07 11:00:00 UTC"},
		{"TIMESTAMP '2025-01-07 11:00:00.000 +05:30'", "timestamp(3) with time zone", "2025-01-07 11:00:00.000 +05:30"},
		{"X'00ff'", "varbinary", "00 ff"},
		{"X''", "varbinary", ""},
		{"IPADDRESS '10.0.0.1'", "ipaddress", "10.0.0.1"},
		{"IPADDRESS '2001:db8::1'", "ipaddress", "2001:db8::1"},
		{"INTERVAL '7' DAY", "interval day to second", "7 00:00:00.000"},
		{"INTERVAL '1-2' YEAR TO MONTH", "interval year to month", "1-2"},
		{"INTERVAL '2 03:04:05.678' DAY TO SECOND", "interval day to second", "2 03:04:05.678"},
		{"INTERVAL -'3' HOUR", "interval day to second", "-0 03:00:00.000"},
		{"INTERVAL '-2' MONTH", "interval year to month", "-0-2"},
		{"- INTERVAL '2' DAY", "interval day to second", "-2 00:00:00.000"},
	})
}

func TestDecimalArithmetic(t *testing.T) {
	e, _ := smallEngine(t)
	runTyped(t, e, 0, []typedCase{
		{"1.50 + 2.5", "decimal(4,2)", "4.00"},
		{"2.5 - 1.50", "decimal(4,2)", "1.00"},
		{"1.5 * 2", "decimal(12,1)", "3.0"},
		{"1.5 * 1.5", "decimal(4,2)", "2.25"},
		{"10.0 / 3", "decimal(3,1)", "3.3"},
		{"2.0 / 3", "decimal(2,1)", "0.7"},
		{"-2.0 / 3", "decimal(2,1)", "-0.7"},
		{"5.5 % 2", "decimal(2,1)", "1.5"},
		{"-5.5 % 2", "decimal(2,1)", "-1.5"},
		{"DECIMAL '0.1' + DECIMAL '0.2' = DECIMAL '0.3'", "boolean", "true"},
		{"0.1e0 + 0.2e0 = 0.3e0", "boolean", "false"},
		{"1.5 + 1e0", "double", "2.5"},
		{"1.5 = 1.50", "boolean", "true"},
		{"1.5 < 1.51", "boolean", "true"},
		{"1.5 = 1.5e0", "boolean", "true"},
		{"2 > 1.99", "boolean", "true"},
		{"1.5 IN (1.50, 2)", "boolean", "true"},
		{"12345678901234567890.5 + 1", "decimal(22,1)", "12345678901234567891.5"},
		{"DECIMAL '12345678901234567890' * DECIMAL '10'", "decimal(22,0)", "123456789012345678900"},
		{"-(DECIMAL '12345678901234567890123' + 0)", "decimal(24,0)", "-12345678901234567890123"},
		{"DECIMAL '12345678901234567890123' > DECIMAL '12345678901234567890122.9'", "boolean", "true"},
		{"7 / 2", "integer", "3"},
		{"-7 / 2", "integer", "-3"},
		{"-7 % 3", "integer", "-1"},
		{"CAST(7 AS tinyint) / CAST(2 AS tinyint)", "tinyint", "3"},
		{"7e0 / 2", "double", "3.5"},
		{"CAST(1.5 AS real) + 1", "real", "2.5"},
		{"CAST(1.5 AS real) + 1.5", "real", "3.0"},
	})
	for _, c := range []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT DECIMAL '99999999999999999999999999999999999999' + 1", sqlerr.NumericValueOutOfRange, "Decimal overflow"},
		{"SELECT 1.0 / 0", sqlerr.DivisionByZero, "Division by zero"},
		{"SELECT 1.0 % 0", sqlerr.DivisionByZero, "Division by zero"},
		{"SELECT 1 / 0", sqlerr.DivisionByZero, "Division by zero"},
	} {
		err := runErr(t, e, c.sql)
		if err.Code != c.code || !strings.Contains(err.Msg, c.msg) {
			t.Errorf("%s: %v, want %s %s", c.sql, err, c.code, c.msg)
		}
	}
}

func TestDatetimeIntervalArithmetic(t *testing.T) {
	e, _ := smallEngine(t)
	runTyped(t, e, 0, []typedCase{
		{"TIMESTAMP '2001-01-22 03:04:05.321' + INTERVAL '3' HOUR", "timestamp(3)", "2001-01-22 06:04:05.321"},
		{"INTERVAL '3' HOUR + TIMESTAMP '2001-01-22 03:04:05.321'", "timestamp(3)", "2001-01-22 06:04:05.321"},
		{"TIMESTAMP '2001-01-22 03:04:05' + INTERVAL '3' DAY", "timestamp(3)", "2001-01-25 03:04:05.000"},
		{"TIMESTAMP '2001-01-22 03:04:05.123456' + INTERVAL '1' SECOND", "timestamp(6)", "2001-01-22 03:04:06.123456"},
		{"TIMESTAMP '2001-01-22 03:04:05' + INTERVAL '3' MONTH", "timestamp(0)", "2001-04-22 03:04:05"},
		{"TIMESTAMP '2001-01-22 03:04:05.321' - INTERVAL '3' MONTH", "timestamp(3)", "2000-10-22 03:04:05.321"},
		{"TIMESTAMP '2001-01-22 03:04:05.321' - INTERVAL '3' DAY", "timestamp(3)", "2001-01-19 03:04:05.321"},
		{"TIMESTAMP '2001-01-22 03:04:05.321 +05:09' + INTERVAL '3' HOUR", "timestamp(3) with time zone", "2001-01-22 06:04:05.321 +05:09"},
		{"TIMESTAMP '2001-01-22 03:04:05.321 +05:09' - INTERVAL '3' MONTH", "timestamp(3) with time zone", "2000-10-22 03:04:05.321 +05:09"},
		{"INTERVAL '3' YEAR + TIMESTAMP '2001-01-22 03:04:05.321 +05:09'", "timestamp(3) with time zone", "2004-01-22 03:04:05.321 +05:09"},
		{"DATE '2001-01-22' + INTERVAL '3' DAY", "date", "2001-01-25"},
		{"INTERVAL '3' DAY + DATE '2001-01-22'", "date", "2001-01-25"},
		{"DATE '2001-01-22' + INTERVAL '3' MONTH", "date", "2001-04-22"},
		{"INTERVAL '3' YEAR + DATE '2001-01-22'", "date", "2004-01-22"},
		{"DATE '2001-01-22' - INTERVAL '3' DAY", "date", "2001-01-19"},
		{"DATE '2024-01-31' + INTERVAL '1' MONTH", "date", "2024-02-29"},
		{"TIME '23:30:00' + INTERVAL '1' HOUR", "time(3)", "00:30:00.000"},
		{"TIME '01:00:00.000' - INTERVAL '2' HOUR", "time(3)", "23:00:00.000"},
		{"TIMESTAMP '2020-03-01 00:00:00' - TIMESTAMP '2020-02-28 12:00:00'", "interval day to second", "1 12:00:00.000"},
		{"TIMESTAMP '2020-01-01 00:00:00 UTC' - TIMESTAMP '2020-01-01 05:30:00 +05:30'", "interval day to second", "0 00:00:00.000"},
		{"TIME '12:00:00' - TIME '11:00:00.5'", "interval day to second", "0 00:59:59.500"},
		// date - date resolves, through date's coercion to timestamp(0), to
		// timestamp(p) - timestamp(p) (TypeCoercion.coerceTypeBase).
		{"DATE '2020-01-03' - DATE '2020-01-01'", "interval day to second", "2 00:00:00.000"},
		{"INTERVAL '1' DAY + INTERVAL '2' HOUR", "interval day to second", "1 02:00:00.000"},
		{"INTERVAL '1' HOUR - INTERVAL '1' SECOND", "interval day to second", "0 00:59:59.000"},
		{"INTERVAL '1' YEAR + INTERVAL '3-4' YEAR TO MONTH", "interval year to month", "4-4"},
		{"INTERVAL '1' SECOND * 2", "interval day to second", "0 00:00:02.000"},
		{"2 * INTERVAL '1' SECOND", "interval day to second", "0 00:00:02.000"},
		{"INTERVAL '1' SECOND * 0.001", "interval day to second", "0 00:00:00.001"},
		{"0.001 * INTERVAL '1' SECOND", "interval day to second", "0 00:00:00.001"},
		{"INTERVAL '15' SECOND / 1.5", "interval day to second", "0 00:00:10.000"},
		{"INTERVAL '3' DAY / 2", "interval day to second", "1 12:00:00.000"},
		{"INTERVAL '3' MONTH * 2", "interval year to month", "0-6"},
		{"INTERVAL '3' MONTH / 2", "interval year to month", "0-1"},
		{"INTERVAL '1' DAY > INTERVAL '23' HOUR", "boolean", "true"},
		{"INTERVAL '1' YEAR = INTERVAL '12' MONTH", "boolean", "true"},
		{"TIME '01:00:00' < TIME '01:00:00.5'", "boolean", "true"},
		{"TIMESTAMP '2020-01-01 00:00:00.5' > TIMESTAMP '2020-01-01 00:00:00'", "boolean", "true"},
		{"DATE '2013-10-27' = TIMESTAMP '2013-10-27 00:00:00'", "boolean", "true"},
		{"IPADDRESS '10.0.0.1' < IPADDRESS '10.0.0.2'", "boolean", "true"},
		{"IPADDRESS '10.0.0.1' = IPADDRESS '::ffff:10.0.0.1'", "boolean", "true"},
		{"IPADDRESS '10.0.0.1' IN (IPADDRESS '10.0.0.2', IPADDRESS '::ffff:a00:1')", "boolean", "true"},
	})
	for _, c := range []struct {
		sql       string
		code      sqlerr.Code
		line, col int
		msg       string
	}{
		{"SELECT DATE '2001-01-22' + INTERVAL '3' HOUR", sqlerr.InvalidFunctionArgument, 0, 0, "Cannot add hour, minutes or seconds to a date"},
		{"SELECT DATE '2001-01-22' - INTERVAL '3' HOUR", sqlerr.InvalidFunctionArgument, 0, 0, "Cannot subtract hour, minutes or seconds from a date"},
		{"SELECT INTERVAL '1' DAY + INTERVAL '1' MONTH", sqlerr.TypeMismatch, 1, 25, "Cannot apply operator: interval day to second + interval year to month"},
		{"SELECT 'a' + 1", sqlerr.TypeMismatch, 1, 12, "Cannot apply operator: varchar(1) + integer"},
		{"SELECT 'a' = DATE '2024-03-01'", sqlerr.TypeMismatch, 1, 12, "Cannot apply operator: varchar(1) = date"},
		{"SELECT TIME '01:00:00' + INTERVAL '1' MONTH", sqlerr.TypeMismatch, 1, 24, "Cannot apply operator: time(0) + interval year to month"},
		{"SELECT INTERVAL '1' DAY % 2", sqlerr.TypeMismatch, 1, 25, "Cannot apply operator: interval day to second % integer"},
		{"SELECT 2 - INTERVAL '1' DAY", sqlerr.TypeMismatch, 1, 10, "Cannot apply operator: integer - interval day to second"},
		{"SELECT IPADDRESS '10.0.0.1' = '10.0.0.1'", sqlerr.TypeMismatch, 1, 29, "Cannot apply operator: ipaddress = varchar(8)"},
		{"SELECT INTERVAL '1' SECOND * nan()", sqlerr.InvalidFunctionArgument, 0, 0, "Cannot multiply by double NaN"},
		{"SELECT INTERVAL '1' SECOND / 0", sqlerr.InvalidFunctionArgument, 0, 0, "Cannot divide by double 0.0"},
		{"SELECT DECIMAL 'x'", sqlerr.InvalidLiteral, 1, 8, "'x' is not a valid DECIMAL literal"},
		{"SELECT TIME '25:00'", sqlerr.InvalidLiteral, 1, 8, "'25:00' is not a valid TIME literal"},
		{"SELECT INTERVAL 'x' DAY", sqlerr.InvalidLiteral, 1, 8, "Invalid INTERVAL DAY value: x"},
	} {
		err := runErr(t, e, c.sql)
		if err.Code != c.code || err.Line != c.line || err.Column != c.col || !strings.Contains(err.Msg, c.msg) {
			t.Errorf("%s: %v, want %s: line %d:%d: %s", c.sql, err, c.code, c.line, c.col, c.msg)
		}
	}
}

func TestAtTimeZone(t *testing.T) {
	e, _ := smallEngine(t)
	runTyped(t, e, 0, []typedCase{
		{"TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE 'Asia/Tokyo'", "timestamp(3) with time zone", "2024-03-01 17:15:30.000 Asia/Tokyo"},
		{"TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE '-05:00'", "timestamp(3) with time zone", "2024-03-01 03:15:30.000 -05:00"},
		{"TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE INTERVAL '5' HOUR", "timestamp(3) with time zone", "2024-03-01 13:15:30.000 +05:00"},
		{"TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE INTERVAL -'01:30' HOUR TO MINUTE", "timestamp(3) with time zone", "2024-03-01 06:45:30.000 -01:30"},
		// A timestamp is first read in the session zone (UTC here).
		{"TIMESTAMP '2024-03-01 08:15:30' AT TIME ZONE 'America/New_York'", "timestamp(0) with time zone", "2024-03-01 03:15:30 America/New_York"},
		{"(TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE 'Asia/Tokyo') = TIMESTAMP '2024-03-01 08:15:30.000 UTC'", "boolean", "true"},
		{"CAST(NULL AS timestamp) AT TIME ZONE 'UTC'", "timestamp(3) with time zone", "NULL"},
	})
	tokyo, err := value.ZoneKey("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	runTyped(t, e, tokyo, []typedCase{
		{"TIMESTAMP '2024-03-01 08:15:30' AT TIME ZONE 'America/New_York'", "timestamp(0) with time zone", "2024-02-29 18:15:30 America/New_York"},
		{"TIMESTAMP '2024-03-01 08:15:30.000 UTC' AT TIME ZONE 'America/New_York'", "timestamp(3) with time zone", "2024-03-01 03:15:30.000 America/New_York"},
	})
	for _, c := range []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT DATE '2024-01-01' AT TIME ZONE 'UTC'", sqlerr.TypeMismatch, "Type of value must be a time or timestamp with or without time zone (actual date)"},
		{"SELECT TIMESTAMP '2024-01-01 00:00:00 UTC' AT TIME ZONE 'Mars/Olympus'", sqlerr.NotSupported, "Time zone not supported: Mars/Olympus"},
	} {
		err := runErr(t, e, c.sql)
		if err.Code != c.code || !strings.Contains(err.Msg, c.msg) {
			t.Errorf("%s: %v, want %s %s", c.sql, err, c.code, c.msg)
		}
	}
}

func TestCastsNewTypes(t *testing.T) {
	e, _ := smallEngine(t)
	runTyped(t, e, 0, []typedCase{
		{"CAST(1.5 AS varchar)", "varchar", "1.5"},
		{"CAST('1.25' AS decimal(3,1))", "decimal(3,1)", "1.3"},
		{"CAST('-1.25' AS decimal(3,1))", "decimal(3,1)", "-1.3"},
		{"CAST(1.25 AS decimal(2,1))", "decimal(2,1)", "1.3"},
		{"CAST(12345678901234567890.5 AS decimal(38,2))", "decimal(38,2)", "12345678901234567890.50"},
		{"CAST(DECIMAL '12345678901234567890123' AS double)", "double", "1.2345678901234568E22"},
		{"CAST(DECIMAL '12345678901234567890123' AS varchar)", "varchar", "12345678901234567890123"},
		{"CAST(2.5 AS integer)", "integer", "3"},
		{"CAST(1e0 / 3 AS decimal(5,4))", "decimal(5,4)", "0.3333"},
		{"CAST(7 AS decimal(20,2))", "decimal(20,2)", "7.00"},
		{"CAST('10.0.0.1' AS ipaddress)", "ipaddress", "10.0.0.1"},
		{"CAST(IPADDRESS '10.0.0.1' AS ipprefix)", "ipprefix", "10.0.0.1/32"},
		{"CAST('10.0.0.0/8' AS ipprefix)", "ipprefix", "10.0.0.0/8"},
		{"CAST(X'0a000001' AS ipaddress)", "ipaddress", "10.0.0.1"},
		{"CAST(IPADDRESS '10.0.0.1' AS varchar)", "varchar", "10.0.0.1"},
		{"CAST(INTERVAL '1' DAY AS varchar)", "varchar", "1 00:00:00.000"},
		{"CAST(TIMESTAMP '2025-01-07 11:00:00.123456' AS timestamp(3))", "timestamp(3)", "2025-01-07 11:00:00.123"},
		{"CAST(TIMESTAMP '2025-01-07 11:00:00.5' AS timestamp(0))", "timestamp(0)", "2025-01-07 11:00:01"},
		{"CAST(TIME '01:02:03.456' AS time(0))", "time(0)", "01:02:03"},
		{"CAST('01:02:03.456789' AS time(6))", "time(6)", "01:02:03.456789"},
		{"TRY_CAST('x' AS ipaddress)", "ipaddress", "NULL"},
		{"TRY_CAST('1.5x' AS decimal(3,1))", "decimal(3,1)", "NULL"},
	})
	for _, c := range []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT CAST('x' AS ipaddress)", sqlerr.InvalidCastArgument, "Cannot cast value to IPADDRESS: x"},
		{"SELECT CAST(123.45 AS decimal(3,1))", sqlerr.InvalidCastArgument, "Cannot cast DECIMAL(5, 2) '123.45' to DECIMAL(3, 1)"},
	} {
		err := runErr(t, e, c.sql)
		if err.Code != c.code || !strings.Contains(err.Msg, c.msg) {
			t.Errorf("%s: %v, want %s %s", c.sql, err, c.code, c.msg)
		}
	}
	// A decimal column compared with a literal of another scale.
	typs, row, err := typedRun(e, "SELECT count(*) FROM (VALUES 1.5, 2.25, 3) AS t(x) WHERE x > 1.5", 0)
	if err != nil || len(row) != 1 || row[0] != "2" {
		t.Errorf("decimal filter: %v %v %v", typs, row, err)
	}
	var se *sqlerr.Error
	if _, _, err := typedRun(e, "SELECT X'0a' + 1", 0); !errors.As(err, &se) || se.Code != sqlerr.TypeMismatch {
		t.Errorf("varbinary + integer: %v", err)
	}
}
