package functions

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

var (
	tV  = types.VarcharType
	tB  = types.BigIntType
	tI  = types.IntegerType
	tD  = types.DoubleType
	tBo = types.BooleanType
	tJ  = types.JSONType
)

func ts(ts ...*types.Type) []*types.Type { return ts }

// callScalar resolves name for argTypes and evaluates it on one row the way
// the executor does: arguments are in the physical form of the bound
// parameter types, and a NULL argument yields NULL unless the function
// handles NULLs itself.
func callScalar(t *testing.T, c *Context, name string, argTypes []*types.Type, args ...any) (any, error) {
	t.Helper()
	b, err := Lookup(name, argTypes)
	if err != nil {
		t.Fatalf("Lookup(%s, %v): %v", name, argTypes, err)
	}
	if !b.NullCall {
		for _, a := range args {
			if a == nil {
				return nil, nil
			}
		}
	}
	vs := make([]*vector.Vector, len(args))
	for i, a := range args {
		vs[i] = vector.New(b.Params[i], 1)
		vs[i].Append(a)
	}
	out := vector.New(b.Ret, 1)
	if err := b.Impl(c, vs, 1, out); err != nil {
		return nil, err
	}
	if out.Len() != 1 {
		t.Fatalf("%s appended %d values, want 1", name, out.Len())
	}
	return out.Value(0), nil
}

func testContext() *Context {
	return NewContext(0, time.Date(2025, 1, 7, 11, 0, 0, 0, time.UTC))
}

type scalarCase struct {
	name  string
	fn    string
	types []*types.Type
	args  []any
	want  any
	err   string // wanted INVALID_FUNCTION_ARGUMENT message, "" for success
}

func sameValue(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok {
			if math.IsNaN(fa) || math.IsNaN(fb) {
				return math.IsNaN(fa) && math.IsNaN(fb)
			}
			return fa == fb && math.Signbit(fa) == math.Signbit(fb)
		}
	}
	return reflect.DeepEqual(a, b)
}

func runScalarCases(t *testing.T, cases []scalarCase) {
	t.Helper()
	for _, tc := range cases {
		name := tc.name
		if name == "" {
			name = tc.fn
		}
		t.Run(name, func(t *testing.T) {
			got, err := callScalar(t, testContext(), tc.fn, tc.types, tc.args...)
			if tc.err != "" {
				var ia *InvalidArgumentError
				if !errors.As(err, &ia) {
					t.Fatalf("%s%v: got (%#v, %v), want INVALID_FUNCTION_ARGUMENT %q", tc.fn, tc.args, got, err, tc.err)
				}
				if !strings.Contains(ia.Msg, tc.err) {
					t.Fatalf("%s%v: error %q, want it to contain %q", tc.fn, tc.args, ia.Msg, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s%v: unexpected error %v", tc.fn, tc.args, err)
			}
			if !sameValue(got, tc.want) {
				t.Fatalf("%s%v = %#v, want %#v", tc.fn, tc.args, got, tc.want)
			}
		})
	}
}

// tsMicros is a timestamp(3) literal as microseconds.
func tsMicros(s string) int64 {
	us, _, _, err := value.ParseTimestamp(s)
	if err != nil {
		panic(err)
	}
	return us
}

// tsTZ is a timestamp with time zone literal ("2025-01-07 11:00:00 UTC").
func tsTZ(s string) int64 {
	v, err := value.Cast(s, types.VarcharType, types.TimestampTZType, 0)
	if err != nil {
		panic(err)
	}
	return v.(int64)
}

func date(s string) int64 {
	d, err := value.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type vectorT = vector.Vector

func newVec(t *types.Type, vals ...any) *vector.Vector {
	v := vector.New(t, len(vals))
	for _, x := range vals {
		v.Append(x)
	}
	return v
}
