// Package value holds the operations on single values in their physical
// form (see package types): ordering and equality, hashing keys for
// grouping, rendering as Trino renders values, and the time zone and
// timestamp helpers the rest of the engine shares.
package value

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"

	"trawl/internal/types"
)

// Compare orders two non-NULL values of type t: -1, 0 or 1. NaN sorts
// above every other double, as in Trino. NULL elements inside arrays and
// rows sort last.
func Compare(t *types.Type, a, b any) int {
	switch t.Kind {
	case types.Boolean:
		x, y := a.(bool), b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case types.TimestampTZ:
		return cmpInt(UnpackMillis(a.(int64)), UnpackMillis(b.(int64)))
	case types.Decimal:
		return compareDecimal(a, b)
	case types.Real, types.Double:
		return CompareFloat(a.(float64), b.(float64))
	case types.Array:
		x, y := a.([]any), b.([]any)
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := compareNullable(t.Elem, x[i], y[i]); c != 0 {
				return c
			}
		}
		return cmpInt(int64(len(x)), int64(len(y)))
	case types.Row:
		x, y := a.([]any), b.([]any)
		for i, f := range t.Fields {
			if c := compareNullable(f.Type, x[i], y[i]); c != 0 {
				return c
			}
		}
		return 0
	case types.Map:
		// Maps are not orderable; give a stable answer for internal use.
		return strings.Compare(string(AppendKey(nil, t, a)), string(AppendKey(nil, t, b)))
	}
	switch t.Physical() {
	case types.PhysInt:
		return cmpInt(a.(int64), b.(int64))
	case types.PhysString:
		return strings.Compare(a.(string), b.(string))
	}
	return 0
}

func compareNullable(t *types.Type, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return Compare(t, a, b)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CompareFloat orders doubles with NaN above everything and -0 == 0.
func CompareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Equal reports SQL equality of two non-NULL values. The second result is
// false when the answer is NULL (a NULL element inside an array or row
// makes equality indeterminate unless another element differs).
func Equal(t *types.Type, a, b any) (eq bool, known bool) {
	switch t.Kind {
	case types.Array:
		x, y := a.([]any), b.([]any)
		if len(x) != len(y) {
			return false, true
		}
		known = true
		for i := range x {
			if x[i] == nil || y[i] == nil {
				known = false
				continue
			}
			e, k := Equal(t.Elem, x[i], y[i])
			if k && !e {
				return false, true
			}
			if !k {
				known = false
			}
		}
		return known, known
	case types.Row:
		x, y := a.([]any), b.([]any)
		known = true
		for i, f := range t.Fields {
			if x[i] == nil || y[i] == nil {
				known = false
				continue
			}
			e, k := Equal(f.Type, x[i], y[i])
			if k && !e {
				return false, true
			}
			if !k {
				known = false
			}
		}
		return known, known
	case types.Map:
		x, y := a.(*types.MapValue), b.(*types.MapValue)
		if len(x.Keys) != len(y.Keys) {
			return false, true
		}
		known = true
		for i, k := range x.Keys {
			j := -1
			for jj, k2 := range y.Keys {
				if e, _ := Equal(t.Key, k, k2); e {
					j = jj
					break
				}
			}
			if j < 0 {
				return false, true
			}
			if x.Values[i] == nil || y.Values[j] == nil {
				known = false
				continue
			}
			if e, k := Equal(t.Value, x.Values[i], y.Values[j]); k && !e {
				return false, true
			} else if !k {
				known = false
			}
		}
		return known, known
	case types.Real, types.Double:
		x, y := a.(float64), b.(float64)
		return x == y, true
	}
	return Compare(t, a, b) == 0, true
}

// AppendKey appends a byte encoding of v (which may be nil) such that two
// values of type t encode equally exactly when they are "not distinct"
// (the grouping and DISTINCT notion of sameness).
func AppendKey(buf []byte, t *types.Type, v any) []byte {
	if v == nil {
		return append(buf, 0)
	}
	buf = append(buf, 1)
	switch t.Kind {
	case types.TimestampTZ:
		return binary.LittleEndian.AppendUint64(buf, uint64(UnpackMillis(v.(int64))))
	case types.Decimal:
		return appendDecimalKey(buf, t, v)
	case types.Real, types.Double:
		f := v.(float64)
		if f == 0 {
			f = 0 // fold -0
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
	case types.Array:
		x := v.([]any)
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		for _, e := range x {
			buf = AppendKey(buf, t.Elem, e)
		}
		return buf
	case types.Row:
		x := v.([]any)
		for i, f := range t.Fields {
			buf = AppendKey(buf, f.Type, x[i])
		}
		return buf
	case types.Map:
		m := v.(*types.MapValue)
		// Order-independent: encode entries sorted by their key encoding.
		entries := make([][]byte, len(m.Keys))
		for i := range m.Keys {
			e := AppendKey(nil, t.Key, m.Keys[i])
			entries[i] = AppendKey(e, t.Value, m.Values[i])
		}
		sortBytes(entries)
		buf = binary.AppendUvarint(buf, uint64(len(entries)))
		for _, e := range entries {
			buf = binary.AppendUvarint(buf, uint64(len(e)))
			buf = append(buf, e...)
		}
		return buf
	}
	switch t.Physical() {
	case types.PhysBool:
		if v.(bool) {
			return append(buf, 1)
		}
		return append(buf, 0)
	case types.PhysInt:
		return binary.LittleEndian.AppendUint64(buf, uint64(v.(int64)))
	case types.PhysString:
		s := v.(string)
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		return append(buf, s...)
	}
	return buf
}

func sortBytes(s [][]byte) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && bytes.Compare(s[j-1], s[j]) > 0; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// Clone returns a copy of v that shares no memory with it. Strings handed
// out by the readers point into their decode buffers, so anything that
// keeps a value beyond the batch it came in (group keys, aggregate states,
// sort buffers) keeps a clone; otherwise one retained string would pin a
// whole buffer.
func Clone(v any) any {
	switch x := v.(type) {
	case string:
		return strings.Clone(x)
	case []byte:
		return bytes.Clone(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Clone(e)
		}
		return out
	case *types.MapValue:
		m := &types.MapValue{Keys: make([]any, len(x.Keys)), Values: make([]any, len(x.Values))}
		for i := range x.Keys {
			m.Keys[i] = Clone(x.Keys[i])
		}
		for i := range x.Values {
			m.Values[i] = Clone(x.Values[i])
		}
		return m
	}
	return v
}
