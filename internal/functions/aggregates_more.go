package functions

import (
	"math"
	"math/big"
	"sort"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// More aggregates: statistics, maps, percentiles, bitwise and the n-value
// forms of min_by/max_by.

func init() {
	numeric := func(t *types.Type) bool { return t.IsNumeric() || t.Kind == types.Unknown }
	stat := func(name string, kind int) {
		registerAgg(name, name+"(double)", func(args []*types.Type) *AggBound {
			if len(args) != 1 || !numeric(args[0]) {
				return nil
			}
			return &AggBound{Params: []*types.Type{double}, Ret: double, New: func() AggState { return &varianceState{kind: kind} }}
		})
	}
	stat("stddev", stddevSamp)
	stat("stddev_samp", stddevSamp)
	stat("stddev_pop", stddevPop)
	stat("variance", varSamp)
	stat("var_samp", varSamp)
	stat("var_pop", varPop)
	registerAgg("geometric_mean", "geometric_mean(double)", func(args []*types.Type) *AggBound {
		if len(args) != 1 || !numeric(args[0]) {
			return nil
		}
		return &AggBound{Params: []*types.Type{double}, Ret: double, New: func() AggState { return &geoMean{} }}
	})
	for _, f := range []struct {
		name string
		kind int
	}{{"corr", corr}, {"covar_samp", covarSamp}, {"covar_pop", covarPop}, {"regr_slope", regrSlope}, {"regr_intercept", regrIntercept}} {
		f := f
		registerAgg(f.name, f.name+"(double, double)", func(args []*types.Type) *AggBound {
			if len(args) != 2 || !numeric(args[0]) || !numeric(args[1]) {
				return nil
			}
			return &AggBound{Params: []*types.Type{double, double}, Ret: double, New: func() AggState { return &covState{kind: f.kind} }}
		})
	}
	for _, f := range []struct {
		name string
		op   func(x, y int64) int64
	}{
		{"bitwise_and_agg", func(x, y int64) int64 { return x & y }},
		{"bitwise_or_agg", func(x, y int64) int64 { return x | y }},
		{"bitwise_xor_agg", func(x, y int64) int64 { return x ^ y }},
	} {
		f := f
		registerAgg(f.name, f.name+"(bigint)", func(args []*types.Type) *AggBound {
			if len(args) != 1 || !types.CanCoerce(args[0], bigint) {
				return nil
			}
			return &AggBound{Params: []*types.Type{bigint}, Ret: bigint, New: func() AggState { return &bitAgg{op: f.op} }}
		})
	}

	registerAgg("map_agg", "map_agg(K, V)", func(args []*types.Type) *AggBound {
		if len(args) != 2 || !args[0].IsComparable() {
			return nil
		}
		kt := args[0]
		return &AggBound{Params: args, Ret: types.NewMap(args[0], args[1]), New: func() AggState { return &mapAgg{kt: kt, idx: map[string]int{}} }}
	})
	registerAgg("multimap_agg", "multimap_agg(K, V)", func(args []*types.Type) *AggBound {
		if len(args) != 2 || !args[0].IsComparable() {
			return nil
		}
		kt := args[0]
		return &AggBound{Params: args, Ret: types.NewMap(args[0], types.NewArray(args[1])), New: func() AggState {
			return &mapAgg{kt: kt, idx: map[string]int{}, multi: true}
		}}
	})
	registerAgg("histogram", "histogram(T)", func(args []*types.Type) *AggBound {
		if len(args) != 1 || !args[0].IsComparable() {
			return nil
		}
		t := args[0]
		return &AggBound{Params: args, Ret: types.NewMap(t, bigint), New: func() AggState { return &histogramState{t: t, idx: map[string]int{}} }}
	})

	// approx_percentile: computed exactly (the value at rank floor(p*n)
	// of the sorted values), which is within any error bound Trino's
	// sketches allow.
	pct := func(args []*types.Type, weighted bool) *AggBound {
		n := 2
		if weighted {
			n = 3
		}
		if len(args) != n {
			return nil
		}
		x, p := args[0], args[n-1]
		var vt *types.Type
		switch {
		case x.IsInteger():
			vt = bigint
		case x.Kind == types.Real:
			vt = types.RealType
		case x.Kind == types.Double || x.Kind == types.Decimal || x.Kind == types.Unknown:
			vt = double
		default:
			return nil
		}
		if weighted && !types.CanCoerce(args[1], bigint) && !types.CanCoerce(args[1], double) {
			return nil
		}
		isArray := p.Kind == types.Array
		switch {
		case isArray && types.CanCoerce(p.Elem, double):
			p = types.NewArray(double)
		case !isArray && types.CanCoerce(p, double):
			p = double
		default:
			return nil
		}
		params := []*types.Type{vt, p}
		if weighted {
			params = []*types.Type{vt, double, p}
		}
		ret := vt
		if isArray {
			ret = types.NewArray(vt)
		}
		return &AggBound{Params: params, Ret: ret, New: func() AggState {
			return &percentileState{t: vt, weighted: weighted, array: isArray}
		}}
	}
	registerAgg("approx_percentile", "approx_percentile(T, double)", func(args []*types.Type) *AggBound { return pct(args, false) })
	registerAgg("approx_percentile", "approx_percentile(T, bigint, double)", func(args []*types.Type) *AggBound { return pct(args, true) })

	for _, name := range []string{"min_by", "max_by"} {
		isMax := name == "max_by"
		registerAgg(name, name+"(V, K, bigint)", func(args []*types.Type) *AggBound {
			if len(args) != 3 || !args[1].IsOrderable() || !types.CanCoerce(args[2], bigint) {
				return nil
			}
			vt, kt := args[0], args[1]
			return &AggBound{Params: []*types.Type{vt, kt, bigint}, Ret: types.NewArray(vt), New: func() AggState {
				return &minMaxByN{kt: kt, max: isMax}
			}}
		})
	}
	registerAgg("avg", "avg(decimal(p,s))", func(args []*types.Type) *AggBound {
		if len(args) != 1 || args[0].Kind != types.Decimal {
			return nil
		}
		t := args[0]
		return &AggBound{Params: args, Ret: t, New: func() AggState { return &decimalAvg{t: t, sum: new(big.Int)} }}
	})
}

const (
	stddevSamp = iota
	stddevPop
	varSamp
	varPop
)

// varianceState keeps count, mean and the sum of squared deviations
// (Welford), merged with Chan's formula.
type varianceState struct {
	kind     int
	n        int64
	mean, m2 float64
}

func (s *varianceState) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	x := args[0].Float[i]
	s.n++
	d := x - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (x - s.mean)
	return nil
}

func (s *varianceState) Merge(o AggState) {
	x := o.(*varianceState)
	if x.n == 0 {
		return
	}
	if s.n == 0 {
		s.n, s.mean, s.m2 = x.n, x.mean, x.m2
		return
	}
	n := s.n + x.n
	d := x.mean - s.mean
	s.m2 += x.m2 + d*d*float64(s.n)*float64(x.n)/float64(n)
	s.mean += d * float64(x.n) / float64(n)
	s.n = n
}

func (s *varianceState) Result() any {
	switch s.kind {
	case stddevSamp, varSamp:
		if s.n < 2 {
			return nil
		}
		v := s.m2 / float64(s.n-1)
		if s.kind == stddevSamp {
			return math.Sqrt(v)
		}
		return v
	}
	if s.n == 0 {
		return nil
	}
	v := s.m2 / float64(s.n)
	if s.kind == stddevPop {
		return math.Sqrt(v)
	}
	return v
}

type geoMean struct {
	n      int64
	sumLog float64
}

func (s *geoMean) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.n++
		s.sumLog += math.Log(args[0].Float[i])
	}
	return nil
}
func (s *geoMean) Merge(o AggState) { x := o.(*geoMean); s.n += x.n; s.sumLog += x.sumLog }
func (s *geoMean) Result() any {
	if s.n == 0 {
		return nil
	}
	return math.Exp(s.sumLog / float64(s.n))
}

const (
	corr = iota
	covarSamp
	covarPop
	regrSlope
	regrIntercept
)

// covState keeps the co-moments of (y, x) pairs, merged pairwise.
type covState struct {
	kind         int
	n            int64
	meanX, meanY float64
	c2, m2X, m2Y float64
}

func (s *covState) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) || args[1].IsNull(i) {
		return nil
	}
	y, x := args[0].Float[i], args[1].Float[i]
	s.n++
	n := float64(s.n)
	dx := x - s.meanX
	s.meanX += dx / n
	dy := y - s.meanY
	s.meanY += dy / n
	s.c2 += dx * (y - s.meanY)
	s.m2X += dx * (x - s.meanX)
	s.m2Y += dy * (y - s.meanY)
	return nil
}

func (s *covState) Merge(o AggState) {
	x := o.(*covState)
	if x.n == 0 {
		return
	}
	if s.n == 0 {
		k := s.kind
		*s = *x
		s.kind = k
		return
	}
	// Trino's AggregationUtils.mergeCorrelationState and
	// updateCovarianceState, in their order of operations.
	nab := float64(s.n * x.n)
	na, nb := float64(s.n), float64(x.n)
	n := na + nb
	s.m2X += x.m2X + nab*math.Pow(s.meanX-x.meanX, 2)/n
	s.m2Y += x.m2Y + nab*math.Pow(s.meanY-x.meanY, 2)/n
	dx, dy := x.meanX-s.meanX, x.meanY-s.meanY
	s.c2 += x.c2 + dx*dy*na*nb/n
	s.meanX += dx * nb / n
	s.meanY += dy * nb / n
	s.n += x.n
}

func (s *covState) Result() any {
	finite := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	switch s.kind {
	case covarSamp:
		if s.n <= 1 {
			return nil
		}
		return s.c2 / float64(s.n-1)
	case covarPop:
		if s.n == 0 {
			return nil
		}
		return s.c2 / float64(s.n)
	case corr:
		if s.n == 0 {
			return nil
		}
		// Trino's AggregationUtils.getCorrelation divides by each
		// standard deviation in turn (not by the root of the product).
		return finite(s.c2 / math.Sqrt(s.m2X) / math.Sqrt(s.m2Y))
	case regrSlope:
		if s.n == 0 {
			return nil
		}
		return finite(s.c2 / s.m2X)
	case regrIntercept:
		if s.n == 0 {
			return nil
		}
		slope := s.c2 / s.m2X
		return finite(s.meanY - slope*s.meanX)
	}
	return nil
}

type bitAgg struct {
	op  func(x, y int64) int64
	v   int64
	any bool
}

func (s *bitAgg) fold(x int64) {
	if !s.any {
		s.v, s.any = x, true
		return
	}
	s.v = s.op(s.v, x)
}
func (s *bitAgg) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.fold(args[0].Int[i])
	}
	return nil
}
func (s *bitAgg) Merge(o AggState) {
	if x := o.(*bitAgg); x.any {
		s.fold(x.v)
	}
}
func (s *bitAgg) Result() any {
	if !s.any {
		return nil
	}
	return s.v
}

// mapAgg is map_agg (the first value of a key wins) and multimap_agg.
type mapAgg struct {
	kt    *types.Type
	multi bool
	idx   map[string]int
	keys  []any
	vals  []any
}

func (s *mapAgg) put(k, v any) {
	key := elemKey(s.kt, k)
	j, ok := s.idx[key]
	switch {
	case !ok && s.multi:
		s.idx[key] = len(s.keys)
		s.keys = append(s.keys, k)
		s.vals = append(s.vals, []any{v})
	case !ok:
		s.idx[key] = len(s.keys)
		s.keys = append(s.keys, k)
		s.vals = append(s.vals, v)
	case s.multi:
		s.vals[j] = append(s.vals[j].([]any), v)
	}
}

func (s *mapAgg) Add(args []*vector.Vector, i int) error {
	if args[0].IsNull(i) {
		return nil
	}
	s.put(value.Clone(args[0].Value(i)), value.Clone(args[1].Value(i)))
	return nil
}

func (s *mapAgg) Merge(o AggState) {
	x := o.(*mapAgg)
	for i, k := range x.keys {
		if s.multi {
			for _, v := range x.vals[i].([]any) {
				s.put(k, v)
			}
			continue
		}
		s.put(k, x.vals[i])
	}
}

func (s *mapAgg) Result() any {
	if len(s.keys) == 0 {
		return nil
	}
	vals := s.vals
	if s.multi {
		vals = make([]any, len(s.vals))
		for i, v := range s.vals {
			vals[i] = append([]any{}, v.([]any)...)
		}
	}
	return &types.MapValue{Keys: append([]any{}, s.keys...), Values: append([]any{}, vals...)}
}

type histogramState struct {
	t      *types.Type
	idx    map[string]int
	keys   []any
	counts []int64
}

func (s *histogramState) add(k any, n int64) {
	key := elemKey(s.t, k)
	if j, ok := s.idx[key]; ok {
		s.counts[j] += n
		return
	}
	s.idx[key] = len(s.keys)
	s.keys = append(s.keys, k)
	s.counts = append(s.counts, n)
}

func (s *histogramState) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.add(value.Clone(args[0].Value(i)), 1)
	}
	return nil
}

func (s *histogramState) Merge(o AggState) {
	x := o.(*histogramState)
	for i, k := range x.keys {
		s.add(k, x.counts[i])
	}
}

func (s *histogramState) Result() any {
	if len(s.keys) == 0 {
		return nil
	}
	vals := make([]any, len(s.counts))
	for i, c := range s.counts {
		vals[i] = c
	}
	return &types.MapValue{Keys: append([]any{}, s.keys...), Values: vals}
}

type weightedValue struct {
	v any
	w float64
}

type percentileState struct {
	t        *types.Type
	weighted bool
	array    bool
	vals     []weightedValue
	pct      any // the percentile argument of the first row
	err      error
}

func checkPercentile(p float64) error {
	if !(p >= 0 && p <= 1) {
		return invalidArg("Percentile must be between 0 and 1")
	}
	return nil
}

func (s *percentileState) Add(args []*vector.Vector, i int) error {
	pv := args[len(args)-1]
	if s.pct == nil && !pv.IsNull(i) {
		p := value.Clone(pv.Value(i))
		if s.array {
			for _, e := range p.([]any) {
				if e == nil {
					return invalidArg("percentile cannot be null")
				}
				if err := checkPercentile(e.(float64)); err != nil {
					return err
				}
			}
		} else if err := checkPercentile(p.(float64)); err != nil {
			return err
		}
		s.pct = p
	}
	if args[0].IsNull(i) {
		return nil
	}
	w := 1.0
	if s.weighted {
		if args[1].IsNull(i) {
			return nil
		}
		w = args[1].Float[i]
		if w <= 0 {
			return invalidArg("weight must be > 0, was %s", value.FormatDouble(w))
		}
	}
	s.vals = append(s.vals, weightedValue{args[0].Value(i), w})
	return nil
}

func (s *percentileState) Merge(o AggState) {
	x := o.(*percentileState)
	if s.pct == nil {
		s.pct = x.pct
	}
	s.vals = append(s.vals, x.vals...)
}

func (s *percentileState) Result() any {
	if len(s.vals) == 0 || s.pct == nil {
		return nil
	}
	vals := append([]weightedValue{}, s.vals...)
	sort.SliceStable(vals, func(i, j int) bool { return value.Compare(s.t, vals[i].v, vals[j].v) < 0 })
	total := 0.0
	for _, v := range vals {
		total += v.w
	}
	at := func(p float64) any {
		// The first value whose cumulative weight exceeds p * total.
		target := p * total
		cum := 0.0
		for _, v := range vals {
			cum += v.w
			if cum > target {
				return v.v
			}
		}
		return vals[len(vals)-1].v
	}
	if !s.array {
		return at(s.pct.(float64))
	}
	ps := s.pct.([]any)
	out := make([]any, len(ps))
	for i, p := range ps {
		out[i] = at(p.(float64))
	}
	return out
}

// minMaxByN keeps the n values with the largest (smallest) keys.
type minMaxByN struct {
	kt   *types.Type
	max  bool
	n    int64
	keys []any
	vals []any
}

const maxByNLimit = 10000

func (s *minMaxByN) offer(k, v any) {
	s.keys = append(s.keys, k)
	s.vals = append(s.vals, v)
	if int64(len(s.keys)) > s.n {
		// drop the worst
		worst := 0
		for i := 1; i < len(s.keys); i++ {
			c := value.Compare(s.kt, s.keys[i], s.keys[worst])
			if s.max && c < 0 || !s.max && c > 0 {
				worst = i
			}
		}
		s.keys = append(s.keys[:worst], s.keys[worst+1:]...)
		s.vals = append(s.vals[:worst], s.vals[worst+1:]...)
	}
}

func (s *minMaxByN) Add(args []*vector.Vector, i int) error {
	if args[2].IsNull(i) {
		return nil
	}
	n := args[2].Int[i]
	if n <= 0 {
		return invalidArg("third argument of max_by/min_by must be a positive integer")
	}
	if n > maxByNLimit {
		return invalidArg("third argument of max_by/min_by must be less than or equal to %d", maxByNLimit)
	}
	s.n = n
	if args[1].IsNull(i) {
		return nil
	}
	s.offer(value.Clone(args[1].Value(i)), value.Clone(args[0].Value(i)))
	return nil
}

func (s *minMaxByN) Merge(o AggState) {
	x := o.(*minMaxByN)
	if s.n == 0 {
		s.n = x.n
	}
	for i := range x.keys {
		s.offer(x.keys[i], x.vals[i])
	}
}

func (s *minMaxByN) Result() any {
	if len(s.keys) == 0 {
		return nil
	}
	idx := make([]int, len(s.keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		c := value.Compare(s.kt, s.keys[idx[a]], s.keys[idx[b]])
		if s.max {
			return c > 0
		}
		return c < 0
	})
	out := make([]any, len(idx))
	for i, j := range idx {
		out[i] = s.vals[j]
	}
	return out
}

// decimalAvg averages unscaled decimals, rounding half up at the scale.
type decimalAvg struct {
	t   *types.Type // the argument's type, also the result's
	sum *big.Int
	n   int64
}

func (s *decimalAvg) Add(args []*vector.Vector, i int) error {
	if !args[0].IsNull(i) {
		s.sum.Add(s.sum, value.DecimalBig(args[0].Value(i)))
		s.n++
	}
	return nil
}
func (s *decimalAvg) Merge(o AggState) {
	x := o.(*decimalAvg)
	s.sum.Add(s.sum, x.sum)
	s.n += x.n
}
func (s *decimalAvg) Result() any {
	if s.n == 0 {
		return nil
	}
	n := big.NewInt(s.n)
	q, r := new(big.Int).QuoRem(s.sum, n, new(big.Int))
	r2 := new(big.Int).Abs(r)
	r2.Mul(r2, big.NewInt(2))
	if r2.Cmp(n) >= 0 {
		if s.sum.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	v, _ := value.DecimalValue(q, s.t) // an average fits its argument's type
	return v
}
