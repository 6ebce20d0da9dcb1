package types

import (
	"fmt"
	"strings"
)

// Kind is the family a type belongs to.
type Kind uint8

// The kinds of Trino type trawl knows.
const (
	Unknown Kind = iota // the type of a bare NULL literal
	Boolean
	TinyInt
	SmallInt
	Integer
	BigInt
	Real
	Double
	Decimal
	Varchar
	Char
	Varbinary
	JSON
	Date
	Time
	Timestamp
	TimestampTZ
	IntervalDayTime
	IntervalYearMonth
	IPAddress
	IPPrefix
	Array
	Map
	Row
)

// Type describes one Trino type. Types are immutable once built; compare
// them with Equal, not ==.
type Type struct {
	Kind Kind
	// Precision is the decimal precision, the fractional-second precision of
	// time and timestamp types, or the length of varchar(n)/char(n)
	// (-1 for an unbounded varchar).
	Precision int
	// Scale is the decimal scale.
	Scale int
	// Elem is the element type of an array.
	Elem *Type
	// Key and Value are the key and value types of a map.
	Key, Value *Type
	// Fields are the fields of a row, in order.
	Fields []Field
}

// Field is one named (or anonymous, Name == "") field of a row type.
type Field struct {
	Name string
	Type *Type
}

// The scalar types without parameters, shared.
var (
	UnknownType       = &Type{Kind: Unknown}
	BooleanType       = &Type{Kind: Boolean}
	TinyIntType       = &Type{Kind: TinyInt}
	SmallIntType      = &Type{Kind: SmallInt}
	IntegerType       = &Type{Kind: Integer}
	BigIntType        = &Type{Kind: BigInt}
	RealType          = &Type{Kind: Real}
	DoubleType        = &Type{Kind: Double}
	VarcharType       = &Type{Kind: Varchar, Precision: -1}
	VarbinaryType     = &Type{Kind: Varbinary}
	JSONType          = &Type{Kind: JSON}
	DateType          = &Type{Kind: Date}
	TimestampType     = &Type{Kind: Timestamp, Precision: 3}
	TimestampTZType   = &Type{Kind: TimestampTZ, Precision: 3}
	TimeType          = &Type{Kind: Time, Precision: 3}
	IntervalDayType   = &Type{Kind: IntervalDayTime}
	IntervalMonthType = &Type{Kind: IntervalYearMonth}
	IPAddressType     = &Type{Kind: IPAddress}
	IPPrefixType      = &Type{Kind: IPPrefix}
)

// NewArray returns array(elem).
func NewArray(elem *Type) *Type { return &Type{Kind: Array, Elem: elem} }

// NewMap returns map(key, value).
func NewMap(key, value *Type) *Type { return &Type{Kind: Map, Key: key, Value: value} }

// NewRow returns row(fields...).
func NewRow(fields ...Field) *Type { return &Type{Kind: Row, Fields: fields} }

// NewDecimal returns decimal(p, s).
func NewDecimal(p, s int) *Type { return &Type{Kind: Decimal, Precision: p, Scale: s} }

// NewVarchar returns varchar(n); n < 0 means unbounded.
func NewVarchar(n int) *Type {
	if n < 0 {
		return VarcharType
	}
	return &Type{Kind: Varchar, Precision: n}
}

// NewTime returns time(p).
func NewTime(p int) *Type { return &Type{Kind: Time, Precision: p} }

// NewTimestamp returns timestamp(p), with time zone when tz is set.
func NewTimestamp(p int, tz bool) *Type {
	if tz {
		return &Type{Kind: TimestampTZ, Precision: p}
	}
	return &Type{Kind: Timestamp, Precision: p}
}

// Physical is the Go representation of a type's values in vectors.
type Physical uint8

// Physical representations.
const (
	PhysBool Physical = iota
	PhysInt
	PhysFloat
	PhysString
	PhysAny
)

// Physical reports how values of t are stored.
func (t *Type) Physical() Physical {
	switch t.Kind {
	case Boolean:
		return PhysBool
	case TinyInt, SmallInt, Integer, BigInt, Date, Time, Timestamp, TimestampTZ,
		IntervalDayTime, IntervalYearMonth:
		return PhysInt
	case Decimal:
		if t.Precision <= MaxShortDecimalPrecision {
			return PhysInt
		}
		return PhysAny
	case Real, Double:
		return PhysFloat
	case Varchar, Char, Varbinary, JSON, IPAddress, IPPrefix:
		return PhysString
	case Unknown:
		return PhysBool
	default:
		return PhysAny
	}
}

// IsNumeric reports whether t is an exact or approximate number type.
func (t *Type) IsNumeric() bool {
	switch t.Kind {
	case TinyInt, SmallInt, Integer, BigInt, Real, Double, Decimal:
		return true
	}
	return false
}

// IsInteger reports whether t is tinyint, smallint, integer or bigint.
func (t *Type) IsInteger() bool {
	switch t.Kind {
	case TinyInt, SmallInt, Integer, BigInt:
		return true
	}
	return false
}

// IsString reports whether t is varchar or char.
func (t *Type) IsString() bool { return t.Kind == Varchar || t.Kind == Char }

// IsOrderable reports whether values of t can be compared with < and >.
func (t *Type) IsOrderable() bool {
	switch t.Kind {
	case Map, JSON, Unknown:
		return t.Kind == Unknown
	case Array:
		return t.Elem.IsOrderable()
	case Row:
		for _, f := range t.Fields {
			if !f.Type.IsOrderable() {
				return false
			}
		}
	}
	return true
}

// IsComparable reports whether values of t can be compared with = and <>.
func (t *Type) IsComparable() bool {
	switch t.Kind {
	case Array:
		return t.Elem.IsComparable()
	case Map:
		return t.Value.IsComparable()
	case Row:
		for _, f := range t.Fields {
			if !f.Type.IsComparable() {
				return false
			}
		}
	}
	return true
}

// Equal reports whether a and b are the same type.
func (t *Type) Equal(o *Type) bool {
	if t == o {
		return true
	}
	if t == nil || o == nil || t.Kind != o.Kind {
		return false
	}
	switch t.Kind {
	case Decimal:
		return t.Precision == o.Precision && t.Scale == o.Scale
	case Varchar, Char, Time, Timestamp, TimestampTZ:
		return t.Precision == o.Precision
	case Array:
		return t.Elem.Equal(o.Elem)
	case Map:
		return t.Key.Equal(o.Key) && t.Value.Equal(o.Value)
	case Row:
		if len(t.Fields) != len(o.Fields) {
			return false
		}
		for i := range t.Fields {
			if t.Fields[i].Name != o.Fields[i].Name || !t.Fields[i].Type.Equal(o.Fields[i].Type) {
				return false
			}
		}
	}
	return true
}

// FieldIndex returns the index of the row field named name (matched
// case-insensitively, as Trino does for row field references), or -1.
func (t *Type) FieldIndex(name string) int {
	for i, f := range t.Fields {
		if strings.EqualFold(f.Name, name) {
			return i
		}
	}
	return -1
}

// String renders the type as Trino prints it, e.g. "row(arn varchar, type varchar)".
func (t *Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	switch t.Kind {
	case Unknown:
		b.WriteString("unknown")
	case Boolean:
		b.WriteString("boolean")
	case TinyInt:
		b.WriteString("tinyint")
	case SmallInt:
		b.WriteString("smallint")
	case Integer:
		b.WriteString("integer")
	case BigInt:
		b.WriteString("bigint")
	case Real:
		b.WriteString("real")
	case Double:
		b.WriteString("double")
	case Decimal:
		fmt.Fprintf(b, "decimal(%d,%d)", t.Precision, t.Scale)
	case Varchar:
		if t.Precision < 0 {
			b.WriteString("varchar")
		} else {
			fmt.Fprintf(b, "varchar(%d)", t.Precision)
		}
	case Char:
		fmt.Fprintf(b, "char(%d)", t.Precision)
	case Varbinary:
		b.WriteString("varbinary")
	case JSON:
		b.WriteString("json")
	case Date:
		b.WriteString("date")
	case Time:
		fmt.Fprintf(b, "time(%d)", t.Precision)
	case Timestamp:
		fmt.Fprintf(b, "timestamp(%d)", t.Precision)
	case TimestampTZ:
		fmt.Fprintf(b, "timestamp(%d) with time zone", t.Precision)
	case IntervalDayTime:
		b.WriteString("interval day to second")
	case IntervalYearMonth:
		b.WriteString("interval year to month")
	case IPAddress:
		b.WriteString("ipaddress")
	case IPPrefix:
		b.WriteString("ipprefix")
	case Array:
		b.WriteString("array(")
		t.Elem.write(b)
		b.WriteByte(')')
	case Map:
		b.WriteString("map(")
		t.Key.write(b)
		b.WriteString(", ")
		t.Value.write(b)
		b.WriteByte(')')
	case Row:
		b.WriteString("row(")
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			if f.Name != "" {
				b.WriteString(quoteFieldName(f.Name))
				b.WriteByte(' ')
			}
			f.Type.write(b)
		}
		b.WriteByte(')')
	default:
		fmt.Fprintf(b, "kind(%d)", t.Kind)
	}
}

func quoteFieldName(n string) string {
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
	}
	return n
}

// HiveString renders the type in Hive DDL syntax, e.g. "struct<arn:string>",
// as SHOW CREATE TABLE and DESCRIBE print it.
func (t *Type) HiveString() string {
	switch t.Kind {
	case Varchar:
		if t.Precision < 0 {
			return "string"
		}
		return fmt.Sprintf("varchar(%d)", t.Precision)
	case Integer:
		return "int"
	case Real:
		return "float"
	case Varbinary:
		return "binary"
	case Timestamp:
		return "timestamp"
	case Array:
		return "array<" + t.Elem.HiveString() + ">"
	case Map:
		return "map<" + t.Key.HiveString() + "," + t.Value.HiveString() + ">"
	case Row:
		var b strings.Builder
		b.WriteString("struct<")
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Name)
			b.WriteByte(':')
			b.WriteString(f.Type.HiveString())
		}
		b.WriteByte('>')
		return b.String()
	}
	return t.String()
}

// MapValue is the value of a map: parallel key and value slices in insertion
// order, keys distinct.
type MapValue struct {
	Keys   []any
	Values []any
}
