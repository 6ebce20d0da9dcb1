package types

import "fmt"

// Decimal precision limits, as Trino has them.
const (
	MaxDecimalPrecision      = 38
	MaxShortDecimalPrecision = 18
)

// IsShortDecimal reports whether t is a decimal whose values are int64
// unscaled numbers (precision <= 18); longer decimals use Int128.
func (t *Type) IsShortDecimal() bool {
	return t.Kind == Decimal && t.Precision <= MaxShortDecimalPrecision
}

// DecimalTypeError is a decimal result type that Trino cannot build (a
// product whose scale exceeds 38).
type DecimalTypeError struct{ Msg string }

func (e *DecimalTypeError) Error() string { return e.Msg }

// DecimalAddType is the type of a + b and a - b for decimal(p1,s1) and
// decimal(p2,s2): decimal(min(38, 1 + max(s1,s2) + max(p1-s1, p2-s2)),
// max(s1,s2)).
func DecimalAddType(a, b *Type) *Type {
	s := max(a.Scale, b.Scale)
	p := min(MaxDecimalPrecision, 1+s+max(a.Precision-a.Scale, b.Precision-b.Scale))
	return NewDecimal(p, s)
}

// DecimalMulType is the type of a * b: decimal(min(38, p1+p2), s1+s2). It
// fails when s1+s2 exceeds 38.
func DecimalMulType(a, b *Type) (*Type, error) {
	s := a.Scale + b.Scale
	p := min(MaxDecimalPrecision, a.Precision+b.Precision)
	if s > p {
		return nil, &DecimalTypeError{Msg: fmt.Sprintf("DECIMAL scale must be in range [0, precision (%d)]: %d", p, s)}
	}
	return NewDecimal(p, s), nil
}

// DecimalDivType is the type of a / b:
// decimal(min(38, p1 + s2 + max(0, s2-s1)), max(s1,s2)).
func DecimalDivType(a, b *Type) *Type {
	return NewDecimal(min(MaxDecimalPrecision, a.Precision+b.Scale+max(0, b.Scale-a.Scale)), max(a.Scale, b.Scale))
}

// DecimalModType is the type of a % b:
// decimal(min(p2-s2, p1-s1) + max(s1,s2), max(s1,s2)).
func DecimalModType(a, b *Type) *Type {
	s := max(a.Scale, b.Scale)
	return NewDecimal(min(b.Precision-b.Scale, a.Precision-a.Scale)+s, s)
}

// DecimalOf returns the decimal type an exact number type converts to
// implicitly: tinyint decimal(3,0), smallint decimal(5,0), integer
// decimal(10,0), bigint decimal(19,0), a decimal itself; nil otherwise.
func DecimalOf(t *Type) *Type { return decimalOf(t) }
