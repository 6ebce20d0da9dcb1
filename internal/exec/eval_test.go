package exec

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/vector"
)

func newEv() *Evaluator { return NewEvaluator(functions.NewContext(0, time.Unix(0, 0))) }

// mkBatch builds a batch from columns of generic values (nil is NULL).
func mkBatch(ts []*types.Type, cols ...[]any) *vector.Batch {
	b := vector.NewBatch(ts, len(cols[0]))
	for i, c := range cols {
		for _, v := range c {
			b.Cols[i].Append(v)
		}
	}
	b.N = len(cols[0])
	return b
}

func cref(i int, t *types.Type) *plan.ColumnRef {
	return &plan.ColumnRef{Index: i, T: t, Name: fmt.Sprintf("c%d", i)}
}
func lit(v any, t *types.Type) *plan.Literal  { return &plan.Literal{Value: v, T: t} }
func null(t *types.Type) *plan.Literal        { return &plan.Literal{T: t} }
func and(es ...plan.Expr) plan.Expr           { return &plan.Logical{Op: "AND", Args: es} }
func or(es ...plan.Expr) plan.Expr            { return &plan.Logical{Op: "OR", Args: es} }
func cmp(op string, l, r plan.Expr) plan.Expr { return &plan.Compare{Op: op, L: l, R: r} }

// show renders a vector as "v1 v2 NULL ...".
func show(v *vector.Vector) string {
	parts := make([]string, v.Len())
	for i := range parts {
		if x := v.Value(i); x == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(parts, " ")
}

func evalShow(t *testing.T, e plan.Expr, b *vector.Batch) string {
	t.Helper()
	v, err := newEv().Eval(e, b)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	if v.Len() != b.N {
		t.Fatalf("%s: %d rows, want %d", e, v.Len(), b.N)
	}
	return show(v)
}

var (
	boolT = types.BooleanType
	intT  = types.IntegerType
	bigT  = types.BigIntType
	strT  = types.VarcharType
)

func TestThreeValuedLogic(t *testing.T) {
	// All nine combinations of a, b in {true, false, NULL}.
	var as, bs []any
	for _, a := range []any{true, false, nil} {
		for _, b := range []any{true, false, nil} {
			as, bs = append(as, a), append(bs, b)
		}
	}
	b := mkBatch([]*types.Type{boolT, boolT}, as, bs)
	a0, a1 := cref(0, boolT), cref(1, boolT)
	if got, want := evalShow(t, and(a0, a1), b), "true false NULL false false false NULL false NULL"; got != want {
		t.Errorf("AND = %s, want %s", got, want)
	}
	if got, want := evalShow(t, or(a0, a1), b), "true true true true false NULL true NULL NULL"; got != want {
		t.Errorf("OR = %s, want %s", got, want)
	}
	if got, want := evalShow(t, &plan.Not{X: a0}, b), "false false false true true true NULL NULL NULL"; got != want {
		t.Errorf("NOT = %s, want %s", got, want)
	}
	// Three-way AND: FALSE anywhere wins over NULL.
	if got, want := evalShow(t, and(a1, lit(true, boolT), a0), b), "true false NULL false false false NULL false NULL"; got != want {
		t.Errorf("AND3 = %s, want %s", got, want)
	}
	if got, want := evalShow(t, &plan.IsNull{X: and(a0, a1)}, b), "false false true false false false true false true"; got != want {
		t.Errorf("IS NULL = %s, want %s", got, want)
	}
}

func TestShortCircuit(t *testing.T) {
	b := mkBatch([]*types.Type{intT}, []any{int64(0), int64(5), nil, int64(20)})
	n := cref(0, intT)
	div := &plan.Arith{Op: "/", L: lit(int64(10), intT), R: n, T: intT}
	// 10 / n alone fails on the zero row.
	if _, err := newEv().Eval(div, b); !errors.Is(err, sqlerr.DivisionByZero) {
		t.Fatalf("10 / 0: %v", err)
	}
	// n <> 0 AND 10 / n > 1: the division is not evaluated where n = 0.
	e := and(cmp("<>", n, lit(int64(0), intT)), cmp(">", div, lit(int64(1), intT)))
	if got, want := evalShow(t, e, b), "false true NULL false"; got != want {
		t.Errorf("guarded AND = %s, want %s", got, want)
	}
	e = or(cmp("=", n, lit(int64(0), intT)), cmp(">", div, lit(int64(1), intT)))
	if got, want := evalShow(t, e, b), "true true NULL false"; got != want {
		t.Errorf("guarded OR = %s, want %s", got, want)
	}
	// CASE evaluates each result only for the rows that reach it.
	c := &plan.Case{T: intT, Whens: []plan.When{{Cond: cmp("=", n, lit(int64(0), intT)), Result: lit(int64(-1), intT)}}, Else: div}
	if got, want := evalShow(t, c, b), "-1 2 NULL 0"; got != want {
		t.Errorf("CASE = %s, want %s", got, want)
	}
	// A NULL condition is not true: falls through to later arms / ELSE.
	c = &plan.Case{T: intT, Whens: []plan.When{
		{Cond: cmp(">", n, lit(int64(1), intT)), Result: lit(int64(1), intT)},
		{Cond: &plan.IsNull{X: n}, Result: lit(int64(2), intT)},
	}}
	if got, want := evalShow(t, c, b), "NULL 1 2 1"; got != want {
		t.Errorf("CASE without ELSE = %s, want %s", got, want)
	}
	// COALESCE stops at the first non-NULL argument.
	co := &plan.Coalesce{T: intT, Args: []plan.Expr{n, div}}
	if got, want := evalShow(t, co, mkBatch([]*types.Type{intT}, []any{int64(0), nil})), "0 NULL"; got != want {
		// row 2: 10 / NULL is NULL
		t.Errorf("COALESCE = %s, want %s", got, want)
	}
}

func TestInWithNulls(t *testing.T) {
	b := mkBatch([]*types.Type{intT, intT}, []any{int64(1), int64(2), nil}, []any{int64(1), int64(1), int64(1)})
	x := cref(0, intT)
	cases := []struct {
		list []plan.Expr
		want string
	}{
		{[]plan.Expr{lit(int64(1), intT), null(intT)}, "true NULL NULL"},
		{[]plan.Expr{lit(int64(1), intT), lit(int64(3), intT)}, "true false NULL"},
		{[]plan.Expr{null(intT)}, "NULL NULL NULL"},
		// Non-constant lists take the general path; same rules.
		{[]plan.Expr{cref(1, intT), null(intT)}, "true NULL NULL"},
		{[]plan.Expr{cref(1, intT), lit(int64(2), intT)}, "true true NULL"},
	}
	for _, c := range cases {
		in := &plan.In{X: x, List: c.list}
		if got := evalShow(t, in, b); got != c.want {
			t.Errorf("%s = %s, want %s", in, got, c.want)
		}
		// NOT IN: NULL stays NULL.
		if got := evalShow(t, &plan.Not{X: in}, b); got != negate(c.want) {
			t.Errorf("NOT %s = %s", in, got)
		}
	}
	// Strings too.
	sb := mkBatch([]*types.Type{strT}, []any{"a", "b"})
	if got := evalShow(t, &plan.In{X: cref(0, strT), List: []plan.Expr{lit("a", strT), null(strT)}}, sb); got != "true NULL" {
		t.Errorf("varchar IN = %s", got)
	}
}

func negate(s string) string {
	f := strings.Fields(s)
	for i, x := range f {
		switch x {
		case "true":
			f[i] = "false"
		case "false":
			f[i] = "true"
		}
	}
	return strings.Join(f, " ")
}

func TestLike(t *testing.T) {
	vals := []any{"abc", "abbc", "ac", "a%c", "a_c", "", "x\ny", "aéc", nil}
	b := mkBatch([]*types.Type{strT}, vals)
	cases := []struct {
		pattern, escape string
		want            string
	}{
		{"a_c", "", "true false false true true false false true NULL"},
		{"a%c", "", "true true true true true false false true NULL"},
		{"%", "", "true true true true true true true true NULL"},
		{"", "", "false false false false false true false false NULL"},
		{"abc", "", "true false false false false false false false NULL"},
		{"%b%", "", "true true false false false false false false NULL"},
		{"x%y", "", "false false false false false false true false NULL"},
		{"a!%c", "!", "false false false true false false false false NULL"},
		{"a!_c", "!", "false false false false true false false false NULL"},
		{"a\\_%", "\\", "false false false false true false false false NULL"},
		{"a%!%%", "!", "false false false true false false false false NULL"},
		{"[ab]%", "", "false false false false false false false false NULL"}, // no character classes
	}
	for _, c := range cases {
		l := &plan.Like{X: cref(0, strT), Pattern: lit(c.pattern, strT)}
		if c.escape != "" {
			l.Escape = lit(c.escape, strT)
		}
		if got := evalShow(t, l, b); got != c.want {
			t.Errorf("LIKE %q ESCAPE %q = %s, want %s", c.pattern, c.escape, got, c.want)
		}
	}
	// NULL pattern or escape: NULL.
	if got := evalShow(t, &plan.Like{X: cref(0, strT), Pattern: null(strT)}, mkBatch([]*types.Type{strT}, []any{"a"})); got != "NULL" {
		t.Errorf("LIKE NULL = %s", got)
	}
	if got := evalShow(t, &plan.Like{X: cref(0, strT), Pattern: lit("a", strT), Escape: null(strT)}, mkBatch([]*types.Type{strT}, []any{"a"})); got != "NULL" {
		t.Errorf("ESCAPE NULL = %s", got)
	}
	// Bad escapes are errors, as in Trino.
	for _, c := range []struct{ p, e string }{{"a!b", "!"}, {"a!", "!"}, {"a", "!!"}} {
		_, err := newEv().Eval(&plan.Like{X: cref(0, strT), Pattern: lit(c.p, strT), Escape: lit(c.e, strT)}, mkBatch([]*types.Type{strT}, []any{"a"}))
		if !errors.Is(err, sqlerr.InvalidFunctionArgument) {
			t.Errorf("LIKE %q ESCAPE %q: %v", c.p, c.e, err)
		}
	}
}

func TestBetweenAndDistinct(t *testing.T) {
	b := mkBatch([]*types.Type{intT, intT}, []any{int64(5), int64(0), nil, int64(5), nil}, []any{int64(7), int64(7), int64(7), nil, nil})
	x, hi := cref(0, intT), cref(1, intT)
	// x BETWEEN 1 AND hi, as the analyzer plans it.
	between := and(cmp(">=", x, lit(int64(1), intT)), cmp("<=", x, hi))
	if got, want := evalShow(t, between, b), "true false NULL NULL NULL"; got != want {
		t.Errorf("BETWEEN = %s, want %s", got, want)
	}
	if got, want := evalShow(t, &plan.Not{X: between}, b), "false true NULL NULL NULL"; got != want {
		t.Errorf("NOT BETWEEN = %s, want %s", got, want)
	}
	if got, want := evalShow(t, cmp("DISTINCT", x, hi), b), "true true true true false"; got != want {
		t.Errorf("IS DISTINCT FROM = %s, want %s", got, want)
	}
	if got, want := evalShow(t, cmp("NOT DISTINCT", x, hi), b), "false false false false true"; got != want {
		t.Errorf("IS NOT DISTINCT FROM = %s, want %s", got, want)
	}
	same := mkBatch([]*types.Type{intT, intT}, []any{int64(7)}, []any{int64(7)})
	if got := evalShow(t, cmp("DISTINCT", x, hi), same); got != "false" {
		t.Errorf("7 IS DISTINCT FROM 7 = %s", got)
	}
	// Plain comparisons with NULL are NULL, in the constant fast path too.
	if got, want := evalShow(t, cmp("=", x, lit(int64(5), intT)), b), "true false NULL true NULL"; got != want {
		t.Errorf("x = 5: %s, want %s", got, want)
	}
	if got, want := evalShow(t, cmp("<>", x, null(intT)), b), "NULL NULL NULL NULL NULL"; got != want {
		t.Errorf("x <> NULL: %s, want %s", got, want)
	}
	sb := mkBatch([]*types.Type{strT}, []any{"b", "a", nil})
	if got, want := evalShow(t, cmp(">=", cref(0, strT), lit("b", strT)), sb), "true false NULL"; got != want {
		t.Errorf("varchar >= 'b': %s, want %s", got, want)
	}
}

func TestIntegerOverflow(t *testing.T) {
	cases := []struct {
		op   string
		a, b int64
		t    *types.Type
		want string // result, or the error message
	}{
		{"+", math.MaxInt32, 1, intT, "integer addition overflow: 2147483647 + 1"},
		{"-", math.MinInt32, 1, intT, "integer subtraction overflow: -2147483648 - 1"},
		{"*", 65536, 65536, intT, "integer multiplication overflow: 65536 * 65536"},
		{"+", math.MaxInt32, 1, bigT, "2147483648"},
		{"+", math.MaxInt64, 1, bigT, "bigint addition overflow: 9223372036854775807 + 1"},
		{"*", math.MinInt64, -1, bigT, "bigint multiplication overflow: -9223372036854775808 * -1"},
		{"/", math.MinInt64, -1, bigT, "bigint division overflow: -9223372036854775808 / -1"},
		{"/", -7, 2, intT, "-3"}, // truncates toward zero
		{"%", -7, 2, intT, "-1"}, // sign of the dividend
		{"%", math.MinInt64, -1, bigT, "0"},
		{"/", 1, 0, intT, "Division by zero"},
		{"%", 1, 0, intT, "Division by zero"},
	}
	for _, c := range cases {
		b := mkBatch([]*types.Type{c.t, c.t}, []any{c.a}, []any{c.b})
		v, err := newEv().Eval(&plan.Arith{Op: c.op, L: cref(0, c.t), R: cref(1, c.t), T: c.t}, b)
		got := ""
		if err != nil {
			got = err.(*sqlerr.Error).Msg
			if code := sqlerr.CodeOf(err); code != sqlerr.NumericValueOutOfRange && code != sqlerr.DivisionByZero {
				t.Errorf("%d %s %d: code %s", c.a, c.op, c.b, code)
			}
		} else {
			got = show(v)
		}
		if got != c.want {
			t.Errorf("%s %d %s %d = %q, want %q", c.t, c.a, c.op, c.b, got, c.want)
		}
	}
	// Negating the minimum value overflows.
	_, err := newEv().Eval(&plan.Negate{X: cref(0, intT)}, mkBatch([]*types.Type{intT}, []any{int64(math.MinInt32)}))
	if !errors.Is(err, sqlerr.NumericValueOutOfRange) {
		t.Errorf("-(-2147483648): %v", err)
	}
	// Doubles don't overflow into errors.
	d := types.DoubleType
	b := mkBatch([]*types.Type{d, d}, []any{1.0}, []any{0.0})
	if got := evalShow(t, &plan.Arith{Op: "/", L: cref(0, d), R: cref(1, d), T: d}, b); got != "+Inf" {
		t.Errorf("1.0 / 0.0 = %s", got)
	}
	// TRY turns the overflow into NULL, for that row only.
	b = mkBatch([]*types.Type{intT}, []any{int64(1), int64(math.MaxInt32), nil})
	e := &plan.Try{X: &plan.Arith{Op: "+", L: cref(0, intT), R: lit(int64(1), intT), T: intT}}
	if got := evalShow(t, e, b); got != "2 NULL NULL" {
		t.Errorf("try(x + 1) = %s", got)
	}
}

func TestEvalFilterDropsNull(t *testing.T) {
	b := mkBatch([]*types.Type{boolT}, []any{true, nil, false, true})
	sel, err := newEv().EvalFilter(cref(0, boolT), b)
	if err != nil || fmt.Sprint(sel) != "[0 3]" {
		t.Errorf("EvalFilter = %v, %v", sel, err)
	}
}
