package functions

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"trawl/internal/types"
	"trawl/internal/value"
)

// CastFromJSON casts JSON text to an array, map or row type (or, for
// their elements, any type), as Trino's JSON cast operators do: JSON null
// is SQL NULL; arrays cast element-wise; objects to maps key by key, and
// to rows by field name (case-insensitively), JSON arrays to rows by
// position; numbers, strings and booleans to scalars where they convert.
func CastFromJSON(text string, to *types.Type, zone int) (any, error) {
	v, err := decodeJSON(text)
	if err != nil {
		return nil, &value.CastError{Msg: "Cannot cast to " + to.String() + ". Invalid JSON: " + text}
	}
	return castDecodedJSON(v, to, zone)
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

func castDecodedJSON(v any, to *types.Type, zone int) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, &value.CastError{Msg: "Cannot cast to " + to.String() + ". Expected a json " + expectedKind(to) + ", but got " + jsonKind(v) + ": " + marshalJSON(v)}
	}
	switch to.Kind {
	case types.JSON:
		return marshalJSON(v), nil
	case types.Array:
		arr, ok := v.([]any)
		if !ok {
			return bad()
		}
		out := make([]any, len(arr))
		for i, e := range arr {
			x, err := castDecodedJSON(e, to.Elem, zone)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case types.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := &types.MapValue{}
		for _, k := range keys {
			kv, err := castDecodedJSON(k, to.Key, zone)
			if err != nil {
				return nil, err
			}
			vv, err := castDecodedJSON(obj[k], to.Value, zone)
			if err != nil {
				return nil, err
			}
			m.Keys, m.Values = append(m.Keys, kv), append(m.Values, vv)
		}
		return m, nil
	case types.Row:
		out := make([]any, len(to.Fields))
		switch x := v.(type) {
		case []any:
			if len(x) != len(to.Fields) {
				return nil, &value.CastError{Msg: "Cannot cast to " + to.String() + ". Expected a json array with " + strconv.Itoa(len(to.Fields)) + " elements, but got " + marshalJSON(v)}
			}
			for i, f := range to.Fields {
				e, err := castDecodedJSON(x[i], f.Type, zone)
				if err != nil {
					return nil, err
				}
				out[i] = e
			}
		case map[string]any:
			for i, f := range to.Fields {
				for k, e := range x {
					if strings.EqualFold(k, f.Name) {
						c, err := castDecodedJSON(e, f.Type, zone)
						if err != nil {
							return nil, err
						}
						out[i] = c
					}
				}
			}
		default:
			return bad()
		}
		return out, nil
	}
	// Scalars: through their text, as Trino's JSON-to-scalar casts parse it.
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = jsonNumber(string(x))
		if to.IsInteger() && strings.ContainsAny(string(x), ".eE") {
			f, _ := strconv.ParseFloat(string(x), 64)
			return value.Cast(f, types.DoubleType, to, zone)
		}
	case bool:
		if to.IsNumeric() {
			if x {
				s = "1"
			} else {
				s = "0"
			}
		} else {
			s = strconv.FormatBool(x)
		}
	default:
		return bad()
	}
	return value.Cast(s, types.VarcharType, to, zone)
}

func expectedKind(t *types.Type) string {
	switch t.Kind {
	case types.Array:
		return "array"
	case types.Map:
		return "object"
	case types.Row:
		return "array or object"
	}
	return "value"
}

// CastToJSON renders a value of type t as JSON text, as Trino's casts to
// JSON do (maps become objects, rows with named fields objects and
// anonymous ones arrays, NULLs null).
func CastToJSON(v any, t *types.Type) string {
	var b strings.Builder
	writeTypedJSON(&b, v, t)
	return b.String()
}

func writeTypedJSON(b *strings.Builder, v any, t *types.Type) {
	if v == nil {
		b.WriteString("null")
		return
	}
	switch t.Kind {
	case types.JSON:
		b.WriteString(v.(string))
	case types.Array:
		b.WriteByte('[')
		for i, e := range v.([]any) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeTypedJSON(b, e, t.Elem)
		}
		b.WriteByte(']')
	case types.Map:
		m := v.(*types.MapValue)
		idx := make([]int, len(m.Keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(x, y int) bool {
			return value.Format(t.Key, m.Keys[idx[x]]) < value.Format(t.Key, m.Keys[idx[y]])
		})
		b.WriteByte('{')
		for n, i := range idx {
			if n > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, value.Format(t.Key, m.Keys[i]))
			b.WriteByte(':')
			writeTypedJSON(b, m.Values[i], t.Value)
		}
		b.WriteByte('}')
	case types.Row:
		// Named fields make an object (Trino's docs), anonymous ones an array.
		named := true
		for _, f := range t.Fields {
			named = named && f.Name != ""
		}
		open, close := byte('['), byte(']')
		if named {
			open, close = '{', '}'
		}
		b.WriteByte(open)
		for i, e := range v.([]any) {
			if i > 0 {
				b.WriteByte(',')
			}
			if named {
				writeJSONString(b, t.Fields[i].Name)
				b.WriteByte(':')
			}
			writeTypedJSON(b, e, t.Fields[i].Type)
		}
		b.WriteByte(close)
	case types.Boolean:
		b.WriteString(strconv.FormatBool(v.(bool)))
	case types.Varchar, types.Char:
		writeJSONString(b, v.(string))
	default:
		if t.IsNumeric() {
			b.WriteString(value.Format(t, v))
		} else {
			writeJSONString(b, value.Format(t, v))
		}
	}
}
