package functions

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"trawl/internal/types"
)

// JSON functions beyond json_extract and friends (Trino's JsonFunctions).

func init() {
	for _, jt := range []*types.Type{types.JSONType, varchar} {
		sig := jt.String()
		if jt.Kind == types.Varchar {
			sig = "varchar(x)"
		}
		register("json_size", "json_size("+sig+", JsonPath)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
			path, err := parseJSONPath(a[1].(string))
			if err != nil {
				return nil, err
			}
			v, ok := extractJSON(a[0].(string), path, true)
			if !ok {
				return nil, nil
			}
			switch x := v.(type) {
			case []any:
				return int64(len(x)), nil
			case *jsonObject:
				return int64(len(x.keys)), nil
			}
			return int64(0), nil
		}), jt, varchar))
		register("is_json_scalar", "is_json_scalar("+sig+")", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
			bad := invalidArg("Invalid JSON value: %s", truncateForError(a[0].(string)))
			d := json.NewDecoder(strings.NewReader(a[0].(string)))
			t, err := d.Token()
			if err != nil {
				return nil, bad
			}
			if _, ok := t.(json.Delim); ok {
				return false, nil
			}
			if _, err := d.Token(); err != io.EOF {
				return nil, bad
			}
			return true, nil
		}), jt))
		register("json_array_get", "json_array_get("+sig+", bigint)", fixed(types.JSONType, rowWise(func(c *Context, a []any) (any, error) {
			v, err := decodeJSONOrdered(a[0].(string))
			if err != nil {
				return nil, nil
			}
			arr, ok := v.([]any)
			if !ok {
				return nil, nil
			}
			i := a[1].(int64)
			if i < 0 {
				i += int64(len(arr))
			}
			if i < 0 || i >= int64(len(arr)) {
				return nil, nil
			}
			return marshalJSON(arr[i]), nil
		}), jt, bigint))
		for _, vt := range []*types.Type{boolean, bigint, double, varchar} {
			vt := vt
			register("json_array_contains", "json_array_contains("+sig+", "+vt.String()+")", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
				v, err := decodeJSONOrdered(a[0].(string))
				if err != nil {
					return nil, nil
				}
				arr, ok := v.([]any)
				if !ok {
					return nil, nil
				}
				for _, e := range arr {
					if jsonElementEquals(vt, e, a[1]) {
						return true, nil
					}
				}
				return false, nil
			}), jt, vt))
		}
	}
}

// decodeJSONOrdered decodes one JSON document keeping objects' member
// order (*jsonObject).
func decodeJSONOrdered(s string) (any, error) {
	if _, err := decodeJSON(s); err != nil {
		return nil, err
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	return decodeFrom(d, t)
}

func jsonElementEquals(t *types.Type, e, v any) bool {
	switch t.Kind {
	case types.Boolean:
		b, ok := e.(bool)
		return ok && b == v.(bool)
	case types.BigInt:
		n, ok := e.(json.Number)
		if !ok || strings.ContainsAny(string(n), ".eE") {
			return false
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		return err == nil && i == v.(int64)
	case types.Double:
		n, ok := e.(json.Number)
		if !ok {
			return false
		}
		f, err := strconv.ParseFloat(string(n), 64)
		return err == nil && f == v.(float64)
	case types.Varchar:
		s, ok := e.(string)
		return ok && s == v.(string)
	}
	return false
}

// truncateForError shortens long values in messages as Trino's
// JsonUtil.truncateIfNecessaryForErrorMessage does.
func truncateForError(s string) string {
	const maxLen = 10000
	if len(s) <= maxLen {
		return s
	}
	return s[:maxLen] + "...(truncated)"
}
