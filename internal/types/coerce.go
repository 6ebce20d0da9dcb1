package types

// intRank orders the integer types by width.
func intRank(k Kind) int {
	switch k {
	case TinyInt:
		return 1
	case SmallInt:
		return 2
	case Integer:
		return 3
	case BigInt:
		return 4
	}
	return 0
}

// CanCoerce reports whether a value of type from may be used where type to
// is expected without an explicit CAST, following Trino's implicit
// coercions (TypeCoercion.canCoerce): unknown to anything, narrower integers
// to wider ones and to real, double and decimal (tinyint as decimal(3,0),
// smallint decimal(5,0), integer decimal(10,0), bigint decimal(19,0)),
// decimal to a decimal that is their common super type, to real and to
// double, real to double, varchar(n) to a wider varchar, char to varchar
// (a trawl extension kept for compatibility), date to timestamp(p) and
// timestamp(p) with time zone (p >= 3), timestamp(p) to timestamp(q) and to
// timestamp(q) with time zone for q >= p, time(p) to time(q) for q >= p, and
// element-wise for array, map and row.
func CanCoerce(from, to *Type) bool {
	if from.Kind == Unknown || from.Equal(to) {
		return true
	}
	switch from.Kind {
	case TinyInt, SmallInt, Integer, BigInt:
		switch to.Kind {
		case TinyInt, SmallInt, Integer, BigInt:
			return intRank(from.Kind) <= intRank(to.Kind)
		case Real, Double:
			return true
		case Decimal:
			return commonDecimal(decimalOf(from), to).Equal(to)
		}
	case Decimal:
		switch to.Kind {
		case Real, Double:
			return true
		case Decimal:
			return commonDecimal(from, to).Equal(to)
		}
	case Real:
		return to.Kind == Double
	case Varchar:
		return to.Kind == Varchar && (to.Precision < 0 || from.Precision >= 0 && from.Precision <= to.Precision)
	case Char:
		return to.Kind == Varchar || to.Kind == Char && to.Precision >= from.Precision
	case Date:
		// date coerces to timestamp(0) and to timestamp(3) with time zone.
		return to.Kind == Timestamp || to.Kind == TimestampTZ && to.Precision >= 3
	case Time:
		return to.Kind == Time && to.Precision >= from.Precision
	case Timestamp:
		return (to.Kind == TimestampTZ || to.Kind == Timestamp) && to.Precision >= from.Precision
	case TimestampTZ:
		return to.Kind == TimestampTZ && to.Precision >= from.Precision
	case Array:
		return to.Kind == Array && CanCoerce(from.Elem, to.Elem)
	case Map:
		return to.Kind == Map && CanCoerce(from.Key, to.Key) && CanCoerce(from.Value, to.Value)
	case Row:
		if to.Kind != Row || len(from.Fields) != len(to.Fields) {
			return false
		}
		for i := range from.Fields {
			if !CanCoerce(from.Fields[i].Type, to.Fields[i].Type) {
				return false
			}
		}
		return true
	}
	return false
}

// commonDecimal is Trino's common super type of two decimals:
// decimal(min(38, max(p1-s1, p2-s2) + max(s1,s2)), max(s1,s2)). The
// integral digits may be cut at 38 (Trino checks overflow at run time).
func commonDecimal(a, b *Type) *Type {
	s := max(a.Scale, b.Scale)
	return NewDecimal(min(MaxDecimalPrecision, max(a.Precision-a.Scale, b.Precision-b.Scale)+s), s)
}

// CommonSuperType returns the narrowest type both a and b coerce to, or
// nil when there is none (Trino then reports a type mismatch).
func CommonSuperType(a, b *Type) *Type {
	switch {
	case CanCoerce(a, b):
		return b
	case CanCoerce(b, a):
		return a
	}
	// Numbers that don't coerce directly.
	if a.IsNumeric() && b.IsNumeric() {
		if a.Kind == Double || b.Kind == Double || a.Kind == Real || b.Kind == Real {
			return DoubleType
		}
		da, db := decimalOf(a), decimalOf(b)
		if da != nil && db != nil {
			return commonDecimal(da, db)
		}
	}
	if a.Kind == Varchar && b.Kind == Varchar {
		return VarcharType
	}
	if a.IsString() && b.IsString() {
		return VarcharType
	}
	if a.Kind == Time && b.Kind == Time {
		return NewTime(max(a.Precision, b.Precision))
	}
	if (a.Kind == Timestamp || a.Kind == TimestampTZ || a.Kind == Date) && (b.Kind == Timestamp || b.Kind == TimestampTZ || b.Kind == Date) {
		// date joins as timestamp(0), or as timestamp(3) with time zone;
		// timestamp(p) and timestamp(q) with time zone give
		// timestamp(max(p,q)) with time zone.
		tz := a.Kind == TimestampTZ || b.Kind == TimestampTZ
		datePrec := 0
		if tz {
			datePrec = 3
		}
		pa, pb := a.Precision, b.Precision
		if a.Kind == Date {
			pa = datePrec
		}
		if b.Kind == Date {
			pb = datePrec
		}
		return NewTimestamp(max(pa, pb), tz)
	}
	if a.Kind == Array && b.Kind == Array {
		if e := CommonSuperType(a.Elem, b.Elem); e != nil {
			return NewArray(e)
		}
	}
	if a.Kind == Map && b.Kind == Map {
		k, v := CommonSuperType(a.Key, b.Key), CommonSuperType(a.Value, b.Value)
		if k != nil && v != nil {
			return NewMap(k, v)
		}
	}
	if a.Kind == Row && b.Kind == Row && len(a.Fields) == len(b.Fields) {
		fs := make([]Field, len(a.Fields))
		for i := range a.Fields {
			t := CommonSuperType(a.Fields[i].Type, b.Fields[i].Type)
			if t == nil {
				return nil
			}
			fs[i] = Field{Name: a.Fields[i].Name, Type: t}
		}
		return NewRow(fs...)
	}
	return nil
}

func decimalOf(t *Type) *Type {
	switch t.Kind {
	case Decimal:
		return t
	case TinyInt:
		return NewDecimal(3, 0)
	case SmallInt:
		return NewDecimal(5, 0)
	case Integer:
		return NewDecimal(10, 0)
	case BigInt:
		return NewDecimal(19, 0)
	}
	return nil
}
