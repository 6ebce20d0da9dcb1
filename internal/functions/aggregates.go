package functions

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// AggState accumulates one group's aggregate.
type AggState interface {
	// Add folds row i of the argument vectors in. NULL handling is the
	// state's own (most aggregates skip rows whose argument is NULL).
	Add(args []*vector.Vector, i int) error
	// Merge folds another state of the same aggregate in (partial
	// aggregation).
	Merge(other AggState)
	// Result is the final value in physical form (nil for NULL).
	Result() any
}

// Final returns a state's result, or the error that producing it raised:
// states that defer work to the end (ordered aggregates feed their sorted
// rows to the inner aggregate only then) implement ResultErr.
func Final(st AggState) (any, error) {
	if e, ok := st.(interface{ ResultErr() (any, error) }); ok {
		return e.ResultErr()
	}
	return st.Result(), nil
}

// AggBound is an aggregate resolved for argument types.
type AggBound struct {
	Name   string
	Params []*types.Type
	Ret    *types.Type
	New    func() AggState
}

type aggResolver func(args []*types.Type) *AggBound

var aggregates = map[string][]aggResolver{}
var aggSignatures = map[string][]string{}

func registerAgg(name, sig string, r aggResolver) {
	aggregates[name] = append(aggregates[name], r)
	aggSignatures[name] = append(aggSignatures[name], sig)
}

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool { _, ok := aggregates[strings.ToLower(name)]; return ok }

// LookupAggregate resolves an aggregate call.
func LookupAggregate(name string, args []*types.Type) (*AggBound, error) {
	name = strings.ToLower(name)
	for _, r := range aggregates[name] {
		if b := r(args); b != nil {
			b.Name = name
			return b, nil
		}
	}
	ts := make([]string, len(args))
	for i, a := range args {
		ts[i] = a.String()
	}
	return nil, &NotFoundError{Msg: fmt.Sprintf("Unexpected parameters (%s) for function %s. Expected: %s",
		strings.Join(ts, ", "), name, strings.Join(aggSignatures[name], ", "))}
}

func init() {
	registerAgg("count", "count()", func(args []*types.Type) *AggBound {
		if len(args) != 0 {
			return nil
		}
		return &AggBound{Ret: bigint, New: func() AggState { return &countStar{} }}
	})
	registerAgg("count", "count(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 {
			return nil
		}
		return &AggBound{Params: args, Ret: bigint, New: func() AggState { return &countState{} }}
	})
	registerAgg("count_if", "count_if(boolean)", func(args []*types.Type) *AggBound {
		if len(args) != 1 || !types.CanCoerce(args[0], boolean) {
			return nil
		}
		return &AggBound{Params: []*types.Type{boolean}, Ret: bigint, New: func() AggState { return &countIf{} }}
	})
	registerAgg("sum", "sum(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 {
			return nil
		}
		switch {
		case args[0].IsInteger():
			return &AggBound{Params: []*types.Type{bigint}, Ret: bigint, New: func() AggState { return &sumInt{} }}
		case args[0].Kind == types.Double || args[0].Kind == types.Real || args[0].Kind == types.Unknown:
			return &AggBound{Params: []*types.Type{double}, Ret: double, New: func() AggState { return &sumFloat{} }}
		case args[0].Kind == types.Decimal:
			t := types.NewDecimal(38, args[0].Scale)
			return &AggBound{Params: args, Ret: t, New: func() AggState { return &decimalSum{t: t, sum: new(big.Int)} }}
		case args[0].Kind == types.IntervalDayTime || args[0].Kind == types.IntervalYearMonth:
			// Trino's IntervalDayToSecondSumAggregation and
			// IntervalYearToMonthSumAggregation: a bigint sum of the
			// milliseconds or months, typed as the interval.
			return &AggBound{Params: args, Ret: args[0], New: func() AggState { return &sumInt{} }}
		}
		return nil
	})
	registerAgg("avg", "avg(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 {
			return nil
		}
		switch {
		case args[0].IsInteger(), args[0].Kind == types.Double, args[0].Kind == types.Unknown:
			return &AggBound{Params: []*types.Type{double}, Ret: double, New: func() AggState { return &avgState{} }}
		case args[0].Kind == types.Real:
			return &AggBound{Params: []*types.Type{double}, Ret: types.RealType, New: func() AggState { return &avgState{real: true} }}
		case args[0].Kind == types.IntervalDayTime || args[0].Kind == types.IntervalYearMonth:
			return &AggBound{Params: args, Ret: args[0], New: func() AggState { return &intervalAvg{} }}
		}
		return nil
	})
	for _, name := range []string{"min", "max"} {
		isMax := name == "max"
		registerAgg(name, name+"(T)", func(args []*types.Type) *AggBound {
			if len(args) != 1 || !args[0].IsOrderable() {
				return nil
			}
			t := args[0]
			return &AggBound{Params: args, Ret: t, New: func() AggState { return &minMax{t: t, max: isMax} }}
		})
	}
	for _, name := range []string{"arbitrary", "any_value"} {
		registerAgg(name, name+"(T)", func(args []*types.Type) *AggBound {
			if len(args) != 1 {
				return nil
			}
			return &AggBound{Params: args, Ret: args[0], New: func() AggState { return &arbitrary{} }}
		})
	}
	for _, name := range []string{"bool_and", "every", "bool_or"} {
		isAnd := name != "bool_or"
		registerAgg(name, name+"(boolean)", func(args []*types.Type) *AggBound {
			if len(args) != 1 || !types.CanCoerce(args[0], boolean) {
				return nil
			}
			return &AggBound{Params: []*types.Type{boolean}, Ret: boolean, New: func() AggState { return &boolAgg{and: isAnd} }}
		})
	}
	for _, name := range []string{"min_by", "max_by"} {
		isMax := name == "max_by"
		registerAgg(name, name+"(V, K)", func(args []*types.Type) *AggBound {
			if len(args) != 2 || !args[1].IsOrderable() {
				return nil
			}
			vt, kt := args[0], args[1]
			return &AggBound{Params: args, Ret: vt, New: func() AggState { return &minMaxBy{kt: kt, max: isMax} }}
		})
	}
	registerAgg("array_agg", "array_agg(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 {
			return nil
		}
		return &AggBound{Params: args, Ret: types.NewArray(args[0]), New: func() AggState { return &arrayAgg{} }}
	})
	registerAgg("approx_distinct", "approx_distinct(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 {
			return nil
		}
		t := args[0]
		return &AggBound{Params: args, Ret: bigint, New: func() AggState { return &distinctCount{t: t, seen: map[string]struct{}{}} }}
	})
}

type countStar struct{ n int64 }

func (s *countStar) Add(args []*vector.Vector, i int) error { s.n++; return nil }
func (s *countStar) Merge(o AggState)                       { s.n += o.(*countStar).n }
func (s *countStar) Result() any                            { return s.n }

type countState struct{ n int64 }

func (s *countState) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.n++
	}
	return nil
}
func (s *countState) Merge(o AggState) { s.n += o.(*countState).n }
func (s *countState) Result() any      { return s.n }

type countIf struct{ n int64 }

func (s *countIf) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) && args[0].Bool[i] {
		s.n++
	}
	return nil
}
func (s *countIf) Merge(o AggState) { s.n += o.(*countIf).n }
func (s *countIf) Result() any      { return s.n }

// decimalSum sums decimals of any precision (short ones are int64, long
// ones types.Int128) exactly; the result is decimal(38, s).
type decimalSum struct {
	t   *types.Type
	sum *big.Int
	any bool
	tmp big.Int
}

func (s *decimalSum) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	s.sum.Add(s.sum, value.DecimalBig(args[0].Value(i)))
	s.any = true
	if _, ok := value.DecimalValue(s.sum, s.t); !ok {
		return &OverflowError{Msg: "Decimal overflow"}
	}
	return nil
}
func (s *decimalSum) Merge(o AggState) {
	x := o.(*decimalSum)
	if x.any {
		s.sum.Add(s.sum, x.sum)
		s.any = true
	}
}
func (s *decimalSum) Result() any {
	if !s.any {
		return nil
	}
	v, ok := value.DecimalValue(s.sum, s.t)
	if !ok {
		return nil // overflow across partial states; Add reports it for single streams
	}
	return v
}

// intervalAvg is Trino's IntervalDayToSecondAverageAggregation and
// IntervalYearToMonthAverageAggregation: the values are summed as a
// double and the mean rounded with Java's Math.round (half up).
type intervalAvg struct {
	n   int64
	sum float64
}

func (s *intervalAvg) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.n++
		s.sum += float64(args[0].Int[i])
	}
	return nil
}
func (s *intervalAvg) Merge(o AggState) { x := o.(*intervalAvg); s.n += x.n; s.sum += x.sum }
func (s *intervalAvg) Result() any {
	if s.n == 0 {
		return nil
	}
	return javaRound(s.sum / float64(s.n))
}

// javaRound is Java's Math.round(double): the closest long, ties rounding
// towards positive infinity; NaN is 0 and out-of-range values saturate.
func javaRound(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= math.MinInt64:
		return math.MinInt64
	}
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	return int64(f)
}

type sumInt struct {
	sum int64
	any bool
}

func (s *sumInt) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	x := args[0].Int[i]
	r := s.sum + x
	if (x > 0 && r < s.sum) || (x < 0 && r > s.sum) {
		return &OverflowError{Msg: "bigint addition overflow: " + fmt.Sprint(s.sum) + " + " + fmt.Sprint(x)}
	}
	s.sum, s.any = r, true
	return nil
}
func (s *sumInt) Merge(o AggState) {
	x := o.(*sumInt)
	if x.any {
		s.sum += x.sum
		s.any = true
	}
}
func (s *sumInt) Result() any {
	if !s.any {
		return nil
	}
	return s.sum
}

type sumFloat struct {
	sum float64
	any bool
}

func (s *sumFloat) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.sum += args[0].Float[i]
		s.any = true
	}
	return nil
}
func (s *sumFloat) Merge(o AggState) {
	x := o.(*sumFloat)
	if x.any {
		s.sum += x.sum
		s.any = true
	}
}
func (s *sumFloat) Result() any {
	if !s.any {
		return nil
	}
	return s.sum
}

type avgState struct {
	sum  float64
	n    int64
	real bool // result is a real: round to single precision
}

func (s *avgState) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.sum += args[0].Float[i]
		s.n++
	}
	return nil
}
func (s *avgState) Merge(o AggState) { x := o.(*avgState); s.sum += x.sum; s.n += x.n }
func (s *avgState) Result() any {
	if s.n == 0 {
		return nil
	}
	if s.real {
		return float64(float32(s.sum / float64(s.n)))
	}
	return s.sum / float64(s.n)
}

type minMax struct {
	t   *types.Type
	max bool
	v   any
}

func (s *minMax) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	s.offer(args[0].Value(i))
	return nil
}

func (s *minMax) offer(v any) {
	if s.t.Kind == types.Double || s.t.Kind == types.Real {
		// Trino's min/max ignore NaN unless every value is NaN.
		f := v.(float64)
		if s.v != nil && math.IsNaN(f) {
			return
		}
		if s.v != nil && math.IsNaN(s.v.(float64)) {
			s.v = v
			return
		}
	}
	if s.v == nil {
		s.v = value.Clone(v)
		return
	}
	c := value.Compare(s.t, v, s.v)
	if s.max && c > 0 || !s.max && c < 0 {
		s.v = value.Clone(v)
	}
}
func (s *minMax) Merge(o AggState) {
	if x := o.(*minMax); x.v != nil {
		s.offer(x.v)
	}
}
func (s *minMax) Result() any { return s.v }

type arbitrary struct{ v any }

func (s *arbitrary) Add(args []*vector.Vector, i int) error {
	if s.v == nil && !args[0].IsNull(i) {
		s.v = value.Clone(args[0].Value(i))
	}
	return nil
}
func (s *arbitrary) Merge(o AggState) {
	if s.v == nil {
		s.v = o.(*arbitrary).v
	}
}
func (s *arbitrary) Result() any { return s.v }

type boolAgg struct {
	and      bool
	v, valid bool
}

func (s *boolAgg) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	s.fold(args[0].Bool[i])
	return nil
}
func (s *boolAgg) fold(b bool) {
	if !s.valid {
		s.v, s.valid = b, true
		return
	}
	if s.and {
		s.v = s.v && b
	} else {
		s.v = s.v || b
	}
}
func (s *boolAgg) Merge(o AggState) {
	if x := o.(*boolAgg); x.valid {
		s.fold(x.v)
	}
}
func (s *boolAgg) Result() any {
	if !s.valid {
		return nil
	}
	return s.v
}

type minMaxBy struct {
	kt   *types.Type
	max  bool
	k, v any
	set  bool
}

func (s *minMaxBy) Add(args []*vector.Vector, i int) error {
	if args[1].IsNull(i) {
		return nil
	}
	s.offer(args[1].Value(i), args[0].Value(i))
	return nil
}
func (s *minMaxBy) offer(k, v any) {
	if !s.set {
		s.k, s.v, s.set = value.Clone(k), value.Clone(v), true
		return
	}
	c := value.Compare(s.kt, k, s.k)
	if s.max && c > 0 || !s.max && c < 0 {
		s.k, s.v = value.Clone(k), value.Clone(v)
	}
}
func (s *minMaxBy) Merge(o AggState) {
	if x := o.(*minMaxBy); x.set {
		s.offer(x.k, x.v)
	}
}
func (s *minMaxBy) Result() any { return s.v }

type arrayAgg struct {
	vals []any
	any  bool
}

func (s *arrayAgg) Add(args []*vector.Vector, i int) error {
	s.vals = append(s.vals, value.Clone(args[0].Value(i)))
	s.any = true
	return nil
}
func (s *arrayAgg) Merge(o AggState) {
	x := o.(*arrayAgg)
	if x.any {
		s.vals = append(s.vals, x.vals...)
		s.any = true
	}
}
func (s *arrayAgg) Result() any {
	if !s.any {
		return nil
	}
	return s.vals
}

type distinctCount struct {
	t    *types.Type
	seen map[string]struct{}
}

func (s *distinctCount) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	s.seen[string(value.AppendKey(nil, s.t, args[0].Value(i)))] = struct{}{}
	return nil
}
func (s *distinctCount) Merge(o AggState) {
	for k := range o.(*distinctCount).seen {
		s.seen[k] = struct{}{}
	}
}
func (s *distinctCount) Result() any { return int64(len(s.seen)) }

// Distinct wraps an aggregate so that each distinct argument tuple is
// folded in once: count(DISTINCT x), sum(DISTINCT x).
func Distinct(b *AggBound) *AggBound {
	inner := b.New
	params := b.Params
	return &AggBound{Name: b.Name, Params: b.Params, Ret: b.Ret, New: func() AggState {
		return &distinctAgg{inner: inner(), params: params, seen: map[string]struct{}{}}
	}}
}

type distinctAgg struct {
	inner  AggState
	params []*types.Type
	seen   map[string]struct{}
	// rows kept for merging: the keys' first occurrences.
	kept [][]any
}

func (s *distinctAgg) Add(args []*vector.Vector, i int) error {
	var key []byte
	for j, a := range args {
		key = value.AppendKey(key, s.params[j], a.Value(i))
	}
	if _, ok := s.seen[string(key)]; ok {
		return nil
	}
	s.seen[string(key)] = struct{}{}
	row := make([]any, len(args))
	for j, a := range args {
		row[j] = value.Clone(a.Value(i))
	}
	s.kept = append(s.kept, row)
	return s.inner.Add(args, i)
}

func (s *distinctAgg) Merge(o AggState) {
	x := o.(*distinctAgg)
	for _, row := range x.kept {
		var key []byte
		for j, v := range row {
			key = value.AppendKey(key, s.params[j], v)
		}
		if _, ok := s.seen[string(key)]; ok {
			continue
		}
		s.seen[string(key)] = struct{}{}
		s.kept = append(s.kept, row)
		vs := make([]*vector.Vector, len(row))
		for j, v := range row {
			vs[j] = vector.New(s.params[j], 1)
			vs[j].Append(v)
		}
		_ = s.inner.Add(vs, 0)
	}
}

func (s *distinctAgg) Result() any { return s.inner.Result() }
