package plan

import (
	"strings"

	"trawl/internal/types"
)

// Lambda is a lambda argument of a higher-order function: (x, y) -> body.
// The body refers to its parameters with LambdaParam and may use columns
// of the row the function is evaluated on (captures).
type Lambda struct {
	Params []*types.Type
	Names  []string
	Depth  int // nesting level: 0 for a lambda not inside another
	Body   Expr
}

// LambdaParam is parameter Index of the enclosing lambda at nesting Depth.
type LambdaParam struct {
	Depth, Index int
	T            *types.Type
	Name         string
}

// HigherOrder calls a function that takes lambdas (filter, transform,
// reduce, any_match, all_match, none_match, map_filter, transform_keys,
// transform_values, zip_with, array_sort with a comparator). Args are in
// call order, the lambdas among them as *Lambda.
type HigherOrder struct {
	Name string
	Args []Expr
	T    *types.Type
}

func (e *Lambda) Type() *types.Type      { return e.Body.Type() }
func (e *LambdaParam) Type() *types.Type { return e.T }
func (e *HigherOrder) Type() *types.Type { return e.T }
func (e *Lambda) String() string {
	return "(" + strings.Join(e.Names, ", ") + ") -> " + e.Body.String()
}
func (e *LambdaParam) String() string { return e.Name }
func (e *HigherOrder) String() string { return e.Name + "(" + joinExprs(e.Args) + ")" }
