package types

import (
	"math/big"
	"testing"
)

func TestParseAndString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"decimal(10,2)", "decimal(10,2)"},
		{"DECIMAL(10, 2)", "decimal(10,2)"},
		{"numeric(5)", "decimal(5,0)"},
		{"decimal", "decimal(38,0)"},
		{"binary", "varbinary"},
		{"varbinary", "varbinary"},
		{"interval day to second", "interval day to second"},
		{"INTERVAL YEAR TO MONTH", "interval year to month"},
		{"interval_day_time", "interval day to second"},
		{"interval_year_month", "interval year to month"},
		{"time", "time(3)"},
		{"time(0)", "time(0)"},
		{"time(6)", "time(6)"},
		{"timestamp", "timestamp(3)"},
		{"timestamp(0)", "timestamp(0)"},
		{"timestamp(9)", "timestamp(9)"},
		{"timestamp(12)", "timestamp(12)"},
		{"timestamp with time zone", "timestamp(3) with time zone"},
		{"timestamp(6) with time zone", "timestamp(6) with time zone"},
		{"timestamp(6) without time zone", "timestamp(6)"},
		{"ipaddress", "ipaddress"},
		{"IPPREFIX", "ipprefix"},
		{"json", "json"},
		{"array<decimal(38,10)>", "array(decimal(38,10))"},
		{"map(varchar, interval day to second)", "map(varchar, interval day to second)"},
		{"struct<ip:ipaddress,amount:decimal(12,2)>", "row(ip ipaddress, amount decimal(12,2))"},
	}
	for _, tc := range cases {
		typ, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := typ.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		// What String prints parses back to the same type.
		back, err := Parse(typ.String())
		if err != nil || !back.Equal(typ) {
			t.Errorf("Parse(%q) does not round-trip: %v %v", typ.String(), back, err)
		}
	}
	for _, bad := range []string{"decimal(39,0)", "decimal(5,6)", "decimal(0)", "timestamp(13)", "time(13)", "interval day to month", "interval month to day"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func TestPhysical(t *testing.T) {
	cases := []struct {
		t    *Type
		want Physical
	}{
		{NewDecimal(18, 2), PhysInt},
		{NewDecimal(1, 0), PhysInt},
		{NewDecimal(19, 0), PhysAny},
		{NewDecimal(38, 10), PhysAny},
		{IntervalDayType, PhysInt},
		{IntervalMonthType, PhysInt},
		{NewTime(6), PhysInt},
		{NewTimestamp(9, false), PhysInt},
		{NewTimestamp(6, true), PhysInt},
		{VarbinaryType, PhysString},
		{IPAddressType, PhysString},
		{IPPrefixType, PhysString},
		{JSONType, PhysString},
	}
	for _, tc := range cases {
		if got := tc.t.Physical(); got != tc.want {
			t.Errorf("%s.Physical() = %d, want %d", tc.t, got, tc.want)
		}
	}
	if !NewDecimal(18, 0).IsShortDecimal() || NewDecimal(19, 0).IsShortDecimal() || BigIntType.IsShortDecimal() {
		t.Error("IsShortDecimal boundary wrong")
	}
}

func TestOrderableComparable(t *testing.T) {
	if JSONType.IsOrderable() || !JSONType.IsComparable() {
		t.Error("json must be comparable but not orderable")
	}
	for _, typ := range []*Type{NewDecimal(38, 2), IntervalDayType, IntervalMonthType, NewTime(3), IPAddressType, IPPrefixType, VarbinaryType} {
		if !typ.IsOrderable() || !typ.IsComparable() {
			t.Errorf("%s must be orderable and comparable", typ)
		}
	}
}

func TestDecimalResultTypes(t *testing.T) {
	d := NewDecimal
	cases := []struct {
		name string
		got  *Type
		want string
	}{
		// Trino: p = min(38, 1 + max(s1,s2) + max(p1-s1, p2-s2)), s = max(s1,s2)
		{"add 137.7 + 17.1", DecimalAddType(d(4, 1), d(3, 1)), "decimal(5,1)"},
		{"add mixed scale", DecimalAddType(d(10, 2), d(5, 4)), "decimal(13,4)"},
		{"add capped", DecimalAddType(d(38, 0), d(38, 0)), "decimal(38,0)"},
		{"add short to long", DecimalAddType(d(18, 0), d(18, 18)), "decimal(37,18)"},
		// p = min(38, p1+p2), s = s1+s2
		{"mul", DecimalMulType2(d(2, 0), d(1, 0)), "decimal(3,0)"},
		{"mul scales", DecimalMulType2(d(17, 17), d(18, 18)), "decimal(35,35)"},
		{"mul capped", DecimalMulType2(d(38, 0), d(5, 2)), "decimal(38,2)"},
		// p = min(38, p1 + s2 + max(0, s2-s1)), s = max(s1,s2)
		{"div 1.0 / 3", DecimalDivType(d(2, 1), d(1, 0)), "decimal(2,1)"},
		{"div 500.00 / 0.1", DecimalDivType(d(5, 2), d(1, 1)), "decimal(6,2)"},
		{"div 10 / .000000001", DecimalDivType(d(2, 0), d(9, 9)), "decimal(20,9)"},
		{"div 1.0 / 0.30", DecimalDivType(d(2, 1), d(2, 2)), "decimal(5,2)"},
		// p = min(p2-s2, p1-s1) + max(s1,s2), s = max(s1,s2)
		{"mod 10.0 % 3.000", DecimalModType(d(3, 1), d(4, 3)), "decimal(4,3)"},
		{"mod 7 % decimal(38,0)", DecimalModType(d(1, 0), d(38, 0)), "decimal(1,0)"},
		{"mod long long", DecimalModType(d(34, 0), d(38, 0)), "decimal(34,0)"},
	}
	for _, tc := range cases {
		if tc.got.String() != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, tc.got, tc.want)
		}
	}
	if _, err := DecimalMulType(d(19, 19), d(20, 20)); err == nil || err.Error() != "DECIMAL scale must be in range [0, precision (38)]: 39" {
		t.Errorf("mul scale 39: %v", err)
	}
}

// DecimalMulType2 is DecimalMulType for cases known to be valid.
func DecimalMulType2(a, b *Type) *Type {
	r, err := DecimalMulType(a, b)
	if err != nil {
		panic(err)
	}
	return r
}

func TestCanCoerce(t *testing.T) {
	d := NewDecimal
	yes := [][2]*Type{
		{TinyIntType, d(3, 0)}, {SmallIntType, d(5, 0)}, {IntegerType, d(10, 0)}, {BigIntType, d(19, 0)},
		{IntegerType, d(12, 2)}, {BigIntType, d(38, 19)},
		{IntegerType, d(38, 30)}, // Trino caps the common type at 38 digits
		{d(5, 2), d(6, 3)}, {d(5, 2), d(38, 2)}, {d(10, 2), DoubleType}, {d(10, 2), RealType},
		{d(38, 0), DoubleType}, {IntegerType, RealType}, {RealType, DoubleType},
		{DateType, NewTimestamp(0, false)}, {DateType, TimestampType}, {DateType, TimestampTZType},
		{NewTimestamp(3, false), NewTimestamp(6, false)}, {NewTimestamp(3, false), NewTimestamp(3, true)},
		{NewTimestamp(3, false), NewTimestamp(6, true)}, {NewTime(0), NewTime(3)},
		{NewTimestamp(3, true), NewTimestamp(9, true)},
		{UnknownType, d(10, 2)}, {UnknownType, IntervalDayType},
		{NewArray(IntegerType), NewArray(d(10, 0))},
	}
	no := [][2]*Type{
		{IntegerType, d(9, 0)}, {IntegerType, d(11, 2)}, {BigIntType, d(18, 0)}, {TinyIntType, d(2, 0)},
		{d(5, 2), d(5, 1)}, {d(5, 2), d(4, 2)}, {d(6, 3), d(5, 2)}, {d(10, 2), BigIntType},
		{DoubleType, d(38, 2)}, {RealType, d(10, 2)},
		{DateType, NewTimestamp(0, true)}, {NewTimestamp(6, false), NewTimestamp(3, false)},
		{NewTimestamp(6, false), NewTimestamp(3, true)}, {NewTime(6), NewTime(3)},
		{NewTimestamp(3, true), NewTimestamp(3, false)}, {IntervalDayType, IntervalMonthType},
		{VarbinaryType, VarcharType}, {VarcharType, VarbinaryType}, {VarcharType, IPAddressType},
		{IPAddressType, IPPrefixType}, {JSONType, VarcharType}, {VarcharType, JSONType},
	}
	for _, p := range yes {
		if !CanCoerce(p[0], p[1]) {
			t.Errorf("CanCoerce(%s, %s) = false, want true", p[0], p[1])
		}
	}
	for _, p := range no {
		if CanCoerce(p[0], p[1]) {
			t.Errorf("CanCoerce(%s, %s) = true, want false", p[0], p[1])
		}
	}
}

func TestCommonSuperType(t *testing.T) {
	d := NewDecimal
	cases := []struct {
		a, b *Type
		want string
	}{
		{d(5, 2), d(6, 3), "decimal(6,3)"},
		{d(5, 2), d(5, 1), "decimal(6,2)"},
		{d(38, 0), d(38, 10), "decimal(38,10)"}, // capped, not double
		{IntegerType, d(5, 2), "decimal(12,2)"},
		{BigIntType, d(3, 3), "decimal(22,3)"},
		{TinyIntType, d(1, 1), "decimal(4,1)"},
		{d(10, 2), DoubleType, "double"},
		{d(10, 2), RealType, "real"},
		{BigIntType, RealType, "real"},
		{IntervalDayType, IntervalDayType, "interval day to second"},
		{DateType, NewTimestamp(6, false), "timestamp(6)"},
		{DateType, NewTimestamp(0, true), "timestamp(3) with time zone"},
		{NewTimestamp(6, false), NewTimestamp(3, true), "timestamp(6) with time zone"},
		{NewTimestamp(0, false), NewTimestamp(9, false), "timestamp(9)"},
		{NewTime(6), NewTime(0), "time(6)"},
		{UnknownType, d(3, 1), "decimal(3,1)"},
		{NewArray(d(5, 2)), NewArray(d(5, 1)), "array(decimal(6,2))"},
	}
	for _, tc := range cases {
		for _, pair := range [][2]*Type{{tc.a, tc.b}, {tc.b, tc.a}} {
			got := CommonSuperType(pair[0], pair[1])
			if got == nil || got.String() != tc.want {
				t.Errorf("CommonSuperType(%s, %s) = %v, want %s", pair[0], pair[1], got, tc.want)
			}
		}
	}
	for _, p := range [][2]*Type{{IntervalDayType, IntervalMonthType}, {IPAddressType, VarcharType}, {VarbinaryType, VarcharType}, {NewTime(3), TimestampType}} {
		if got := CommonSuperType(p[0], p[1]); got != nil {
			t.Errorf("CommonSuperType(%s, %s) = %s, want none", p[0], p[1], got)
		}
	}
}

func TestInt128(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
		"-9223372036854775809", "18446744073709551616", "99999999999999999999999999999999999999",
		"-99999999999999999999999999999999999999", "170141183460469231731687303715884105727", "-170141183460469231731687303715884105728"} {
		b, _ := new(big.Int).SetString(s, 10)
		v, ok := Int128FromBig(b)
		if !ok {
			t.Errorf("Int128FromBig(%s) failed", s)
			continue
		}
		if v.String() != s {
			t.Errorf("Int128 round trip %s -> %s", s, v.String())
		}
		if v.IsInt64() != b.IsInt64() {
			t.Errorf("IsInt64(%s) = %v", s, v.IsInt64())
		}
		if b.IsInt64() && v != Int128From(b.Int64()) {
			t.Errorf("Int128From(%s) = %v, want %v", s, Int128From(b.Int64()), v)
		}
		if v.Sign() != b.Sign() {
			t.Errorf("Sign(%s) = %d", s, v.Sign())
		}
	}
	for _, s := range []string{"170141183460469231731687303715884105728", "-170141183460469231731687303715884105729"} {
		b, _ := new(big.Int).SetString(s, 10)
		if _, ok := Int128FromBig(b); ok {
			t.Errorf("Int128FromBig(%s) should overflow", s)
		}
	}
	ordered := []Int128{{Hi: -1 << 63}, {Hi: -1, Lo: 0}, Int128From(-1 << 63), Int128From(-1), Int128From(0), Int128From(1), {Hi: 0, Lo: 1 << 63}, {Hi: 1, Lo: 0}}
	for i := 0; i+1 < len(ordered); i++ {
		if ordered[i].Cmp(ordered[i+1]) != -1 || ordered[i+1].Cmp(ordered[i]) != 1 || ordered[i].Cmp(ordered[i]) != 0 {
			t.Errorf("Cmp order broken at %d: %v %v", i, ordered[i], ordered[i+1])
		}
	}
}
