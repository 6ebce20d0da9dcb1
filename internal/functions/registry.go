// Package functions holds trawl's scalar and aggregate functions with
// Trino's names, argument types, NULL behaviour and error messages, and
// the registry the analyzer resolves calls against.
//
// A scalar function is resolved from its name and argument types to a
// Bound: the parameter types the analyzer coerces the arguments to, the
// return type, and a vectorised implementation that fills an output vector
// from argument vectors. Most functions return NULL when any argument is
// NULL; the registry handles that unless the function asks for NULLs.
package functions

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"trawl/internal/types"
	"trawl/internal/vector"
)

// Context is what a function may need beyond its arguments. One Context
// belongs to one goroutine.
type Context struct {
	// Zone is the session time zone key (see package value).
	Zone int
	// Start is the query's start time (now(), current_timestamp).
	Start   time.Time
	regexps map[string]*regexp.Regexp
}

// NewContext returns a context for a query started at start in zone.
func NewContext(zone int, start time.Time) *Context {
	return &Context{Zone: zone, Start: start}
}

// Regexp compiles a Trino (Java) regular expression, caching it.
func (c *Context) Regexp(pattern string) (*regexp.Regexp, error) {
	if re, ok := c.regexps[pattern]; ok {
		return re, nil
	}
	re, err := compileJavaRegexp(pattern)
	if err != nil {
		return nil, err
	}
	if c.regexps == nil {
		c.regexps = map[string]*regexp.Regexp{}
	}
	c.regexps[pattern] = re
	return re, nil
}

// Impl computes a function over n rows: args are the argument vectors
// (already coerced to Bound.Params), out is an empty vector of the return
// type to append n values to.
type Impl func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error

// Bound is a function resolved for particular argument types.
type Bound struct {
	Name   string
	Params []*types.Type
	Ret    *types.Type
	Impl   Impl
	// NullCall is set when Impl handles NULL arguments itself; otherwise a
	// row with any NULL argument yields NULL without calling Impl for it.
	NullCall bool
	// Nondeterministic functions (random, now is fine) are not folded.
	Nondeterministic bool
}

// Resolver picks an implementation for argument types, returning nil when
// the types don't fit.
type Resolver func(args []*types.Type) *Bound

type entry struct {
	resolvers  []Resolver
	signatures []string // for error messages, e.g. "lower(varchar(x))"
}

var scalars = map[string]*entry{}

// register adds a resolver for name with the signature shown in errors.
func register(name, signature string, r Resolver) {
	e := scalars[name]
	if e == nil {
		e = &entry{}
		scalars[name] = e
	}
	e.resolvers = append(e.resolvers, r)
	if signature != "" {
		e.signatures = append(e.signatures, signature)
	}
}

// registerFirst adds a resolver for name ahead of those already
// registered, for overloads that must win over coercing ones registered
// earlier (decimal forms before the double forms that accept decimals by
// coercion), whatever the order the package's init functions run in.
func registerFirst(name, signature string, r Resolver) {
	e := scalars[name]
	if e == nil {
		e = &entry{}
		scalars[name] = e
	}
	e.resolvers = append([]Resolver{r}, e.resolvers...)
	if signature != "" {
		e.signatures = append([]string{signature}, e.signatures...)
	}
}

// NotFoundError is a call that matches no function; Unknown tells whether
// the name itself is unknown (FUNCTION_NOT_FOUND) or only the arguments
// are wrong.
type NotFoundError struct {
	Msg     string
	Unknown bool
}

func (e *NotFoundError) Error() string { return e.Msg }

// Lookup resolves a scalar function call.
func Lookup(name string, args []*types.Type) (*Bound, error) {
	name = strings.ToLower(name)
	e := scalars[name]
	if e == nil {
		return nil, &NotFoundError{Msg: fmt.Sprintf("Function '%s' not registered", name), Unknown: true}
	}
	for _, r := range e.resolvers {
		if b := r(args); b != nil {
			if b.Name == "" {
				b.Name = name
			}
			return b, nil
		}
	}
	ts := make([]string, len(args))
	for i, a := range args {
		ts[i] = a.String()
	}
	return nil, &NotFoundError{Msg: fmt.Sprintf("Unexpected parameters (%s) for function %s. Expected: %s",
		strings.Join(ts, ", "), name, strings.Join(e.signatures, ", "))}
}

// IsScalar reports whether name is a registered scalar function.
func IsScalar(name string) bool { return scalars[strings.ToLower(name)] != nil }

// ScalarNames lists the registered scalar functions, sorted.
func ScalarNames() []string {
	out := make([]string, 0, len(scalars))
	for n := range scalars {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// fixed returns a resolver for one fixed signature: each argument must
// coerce implicitly to its parameter type.
func fixed(ret *types.Type, impl Impl, params ...*types.Type) Resolver {
	return func(args []*types.Type) *Bound {
		if len(args) != len(params) {
			return nil
		}
		for i, a := range args {
			if !types.CanCoerce(a, params[i]) {
				return nil
			}
		}
		return &Bound{Params: params, Ret: ret, Impl: impl}
	}
}

// sameKinds reports whether args match the kinds given (string accepts
// varchar and char).
func argsAre(args []*types.Type, check ...func(*types.Type) bool) bool {
	if len(args) != len(check) {
		return false
	}
	for i, a := range args {
		if a.Kind != types.Unknown && !check[i](a) {
			return false
		}
	}
	return true
}

func isString(t *types.Type) bool  { return t.IsString() }
func isInteger(t *types.Type) bool { return t.IsInteger() }
func isNumber(t *types.Type) bool  { return t.IsNumeric() }

// rowWise adapts a per-row function over generic values; it is the slow
// path for functions that are not on a query's hot path.
func rowWise(fn func(c *Context, args []any) (any, error)) Impl {
	return func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
		vals := make([]any, len(args))
		for i := 0; i < n; i++ {
			for j, a := range args {
				vals[j] = a.Value(i)
			}
			v, err := fn(c, vals)
			if err != nil {
				return err
			}
			out.Append(v)
		}
		return nil
	}
}

// strToStr adapts func(string) string.
func strToStr(fn func(string) string) Impl {
	return func(c *Context, args []*vector.Vector, n int, out *vector.Vector) error {
		a := args[0]
		for i := 0; i < n; i++ {
			if a.IsNull(i) {
				out.AppendNull()
				continue
			}
			out.AppendString(fn(a.Str[i]))
		}
		return nil
	}
}
