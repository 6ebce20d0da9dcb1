// Package vector holds column vectors and batches: the unit of data that
// flows between trawl's operators. A Vector stores one column of up to a
// batch's worth of values in the Go slice that matches its type's physical
// representation (see package types); NULLs are flagged in Null.
//
// Ownership: a batch handed from one operator to the next belongs to the
// receiver until it calls the producer again; producers may reuse the
// vectors of a batch on their next call, so a consumer that keeps values
// must copy them (Vector.Value copies scalars; strings are immutable).
package vector

import (
	"trawl/internal/types"
)

// BatchSize is the number of rows operators aim to put in one batch.
const BatchSize = 1024

// Vector is one column of values.
type Vector struct {
	Type *types.Type
	// Null flags NULL rows; nil means no row is NULL.
	Null []bool
	// Exactly one of the following is used, chosen by Type.Physical().
	Bool  []bool
	Int   []int64
	Float []float64
	Str   []string
	Any   []any
	n     int
}

// New returns an empty vector of type t with room for capacity rows.
func New(t *types.Type, capacity int) *Vector {
	v := &Vector{Type: t}
	v.Reset(capacity)
	return v
}

// Len is the number of rows.
func (v *Vector) Len() int { return v.n }

// Reset empties the vector, keeping its storage, and makes room for capacity rows.
func (v *Vector) Reset(capacity int) {
	v.n = 0
	v.Null = v.Null[:0]
	switch v.Type.Physical() {
	case types.PhysBool:
		v.Bool = grow(v.Bool[:0], capacity)
	case types.PhysInt:
		v.Int = grow(v.Int[:0], capacity)
	case types.PhysFloat:
		v.Float = grow(v.Float[:0], capacity)
	case types.PhysString:
		v.Str = grow(v.Str[:0], capacity)
	default:
		v.Any = grow(v.Any[:0], capacity)
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s
}

// SetLen sets the row count to n after the caller filled the data slice
// directly (v.Int = v.Int[:n] and so on); the null flags are extended with
// false.
func (v *Vector) SetLen(n int) {
	v.n = n
	if v.Null != nil && len(v.Null) < n {
		for len(v.Null) < n {
			v.Null = append(v.Null, false)
		}
	}
}

// IsNull reports whether row i is NULL.
func (v *Vector) IsNull(i int) bool { return v.Null != nil && len(v.Null) > i && v.Null[i] }

// HasNulls reports whether any row may be NULL.
func (v *Vector) HasNulls() bool {
	for _, b := range v.Null {
		if b {
			return true
		}
	}
	return false
}

func (v *Vector) markNull(isNull bool) {
	if isNull {
		if len(v.Null) < v.n {
			v.Null = grow(v.Null, v.n+1)
			for len(v.Null) < v.n {
				v.Null = append(v.Null, false)
			}
		}
		v.Null = append(v.Null, true)
	} else if v.Null != nil && len(v.Null) == v.n {
		v.Null = append(v.Null, false)
	}
	v.n++
}

// AppendNull appends a NULL.
func (v *Vector) AppendNull() {
	switch v.Type.Physical() {
	case types.PhysBool:
		v.Bool = append(v.Bool, false)
	case types.PhysInt:
		v.Int = append(v.Int, 0)
	case types.PhysFloat:
		v.Float = append(v.Float, 0)
	case types.PhysString:
		v.Str = append(v.Str, "")
	default:
		v.Any = append(v.Any, nil)
	}
	v.markNull(true)
}

// AppendBool appends a non-NULL boolean.
func (v *Vector) AppendBool(b bool) { v.Bool = append(v.Bool, b); v.markNull(false) }

// AppendInt appends a non-NULL integer-represented value.
func (v *Vector) AppendInt(x int64) { v.Int = append(v.Int, x); v.markNull(false) }

// AppendFloat appends a non-NULL floating-point value.
func (v *Vector) AppendFloat(x float64) { v.Float = append(v.Float, x); v.markNull(false) }

// AppendString appends a non-NULL string-represented value.
func (v *Vector) AppendString(s string) { v.Str = append(v.Str, s); v.markNull(false) }

// AppendAny appends a composite value (nil appends NULL).
func (v *Vector) AppendAny(x any) {
	v.Any = append(v.Any, x)
	v.markNull(x == nil)
}

// Append appends a value in its generic form (see Value); nil is NULL.
func (v *Vector) Append(x any) {
	if x == nil {
		v.AppendNull()
		return
	}
	switch v.Type.Physical() {
	case types.PhysBool:
		v.AppendBool(x.(bool))
	case types.PhysInt:
		v.AppendInt(x.(int64))
	case types.PhysFloat:
		v.AppendFloat(x.(float64))
	case types.PhysString:
		v.AppendString(x.(string))
	default:
		v.AppendAny(x)
	}
}

// Value returns row i in generic form: nil for NULL, else bool, int64,
// float64, string, []any or *types.MapValue as the physical type says.
func (v *Vector) Value(i int) any {
	if v.IsNull(i) {
		return nil
	}
	switch v.Type.Physical() {
	case types.PhysBool:
		return v.Bool[i]
	case types.PhysInt:
		return v.Int[i]
	case types.PhysFloat:
		return v.Float[i]
	case types.PhysString:
		return v.Str[i]
	default:
		return v.Any[i]
	}
}

// AppendFrom appends row i of src, which must have the same physical type.
func (v *Vector) AppendFrom(src *Vector, i int) {
	if src.IsNull(i) {
		v.AppendNull()
		return
	}
	switch v.Type.Physical() {
	case types.PhysBool:
		v.AppendBool(src.Bool[i])
	case types.PhysInt:
		v.AppendInt(src.Int[i])
	case types.PhysFloat:
		v.AppendFloat(src.Float[i])
	case types.PhysString:
		v.AppendString(src.Str[i])
	default:
		v.AppendAny(src.Any[i])
	}
}

// Batch is a set of equally long columns.
type Batch struct {
	Cols []*Vector
	N    int
}

// NewBatch returns a batch with one empty vector per type.
func NewBatch(ts []*types.Type, capacity int) *Batch {
	b := &Batch{Cols: make([]*Vector, len(ts))}
	for i, t := range ts {
		b.Cols[i] = New(t, capacity)
	}
	return b
}

// Reset empties every column.
func (b *Batch) Reset(capacity int) {
	for _, c := range b.Cols {
		c.Reset(capacity)
	}
	b.N = 0
}
