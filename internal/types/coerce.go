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
// coercions: unknown to anything, narrower integers to wider ones and to
// decimal, real and double, decimal to real and double, real to double,
// varchar(n) to a wider varchar, char to varchar, date to timestamp,
// timestamp to timestamp with time zone, and element-wise for array, map
// and row.
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
			digits := map[Kind]int{TinyInt: 3, SmallInt: 5, Integer: 10, BigInt: 19}[from.Kind]
			return to.Precision-to.Scale >= digits
		}
	case Decimal:
		switch to.Kind {
		case Real, Double:
			return true
		case Decimal:
			return to.Scale >= from.Scale && to.Precision-to.Scale >= from.Precision-from.Scale
		}
	case Real:
		return to.Kind == Double
	case Varchar:
		return to.Kind == Varchar && (to.Precision < 0 || from.Precision >= 0 && from.Precision <= to.Precision)
	case Char:
		return to.Kind == Varchar || to.Kind == Char && to.Precision >= from.Precision
	case Date:
		return to.Kind == Timestamp || to.Kind == TimestampTZ
	case Timestamp:
		return to.Kind == TimestampTZ || to.Kind == Timestamp && to.Precision >= from.Precision
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
			s := max(da.Scale, db.Scale)
			ip := max(da.Precision-da.Scale, db.Precision-db.Scale)
			if ip+s > 38 {
				return DoubleType
			}
			return NewDecimal(ip+s, s)
		}
	}
	if a.Kind == Varchar && b.Kind == Varchar {
		return VarcharType
	}
	if a.IsString() && b.IsString() {
		return VarcharType
	}
	if a.Kind == Timestamp && b.Kind == Timestamp {
		return NewTimestamp(max(a.Precision, b.Precision), false)
	}
	if (a.Kind == Timestamp || a.Kind == TimestampTZ || a.Kind == Date) && (b.Kind == Timestamp || b.Kind == TimestampTZ || b.Kind == Date) {
		tz := a.Kind == TimestampTZ || b.Kind == TimestampTZ
		return NewTimestamp(max(a.Precision, b.Precision, 3), tz)
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
