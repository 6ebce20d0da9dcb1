package analyzer

import (
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// higherOrderFunctions are Trino's functions that take lambdas.
var higherOrderFunctions = map[string]bool{
	"filter": true, "transform": true, "reduce": true, "any_match": true, "all_match": true, "none_match": true,
	"map_filter": true, "transform_keys": true, "transform_values": true, "zip_with": true, "array_sort": true,
}

// hasLambda reports whether a call passes a lambda.
func hasLambda(x *ast.FuncCall) bool {
	for _, a := range x.Args {
		if _, ok := a.(*ast.Lambda); ok {
			return true
		}
	}
	return false
}

// lambdaParam resolves a name to a parameter of an enclosing lambda.
func (ctx *selectCtx) lambdaParam(name string) *plan.LambdaParam {
	for i := len(ctx.lambdas) - 1; i >= 0; i-- {
		if p, ok := ctx.lambdas[i][strings.ToLower(name)]; ok {
			return p
		}
	}
	return nil
}

// lambda binds a lambda whose parameters have the given types.
func (a *analyzer) lambda(ctx *selectCtx, x ast.Expr, params []*types.Type) *plan.Lambda {
	l, ok := x.(*ast.Lambda)
	if !ok {
		a.fail(x, sqlerr.TypeMismatch, "Expected a lambda expression")
	}
	if len(l.Params) != len(params) {
		a.fail(l, sqlerr.TypeMismatch, "Expected a lambda that takes %d argument(s) but got %d", len(params), len(l.Params))
	}
	depth := len(ctx.lambdas)
	scope := map[string]*plan.LambdaParam{}
	out := &plan.Lambda{Params: params, Depth: depth}
	for i, p := range l.Params {
		scope[strings.ToLower(p.Name)] = &plan.LambdaParam{Depth: depth, Index: i, T: params[i], Name: p.Name}
		out.Names = append(out.Names, p.Name)
	}
	ctx.lambdas = append(ctx.lambdas, scope)
	defer func() { ctx.lambdas = ctx.lambdas[:len(ctx.lambdas)-1] }()
	out.Body = a.expr(ctx, l.Body)
	return out
}

// higherOrder binds filter, transform, reduce and the other functions
// that take lambdas, typing each lambda from the other arguments.
func (a *analyzer) higherOrder(ctx *selectCtx, x *ast.FuncCall, name string) plan.Expr {
	if !higherOrderFunctions[name] {
		a.fail(x, sqlerr.FunctionNotFound, "Function '%s' does not take lambda arguments", name)
	}
	args := make([]plan.Expr, len(x.Args))
	for i, arg := range x.Args {
		if _, ok := arg.(*ast.Lambda); !ok {
			args[i] = a.expr(ctx, arg)
		}
	}
	wrong := func() {
		var ts []string
		for _, e := range args {
			if e == nil {
				ts = append(ts, "lambda")
			} else {
				ts = append(ts, e.Type().String())
			}
		}
		a.fail(x, sqlerr.FunctionNotFound, "Unexpected parameters (%s) for function %s", strings.Join(ts, ", "), name)
	}
	nargs := map[string]int{"filter": 2, "transform": 2, "reduce": 4, "any_match": 2, "all_match": 2, "none_match": 2,
		"map_filter": 2, "transform_keys": 2, "transform_values": 2, "zip_with": 3, "array_sort": 2}
	if len(args) != nargs[name] || args[0] == nil {
		wrong()
	}
	elem := func(e plan.Expr) *types.Type {
		t := e.Type()
		if t.Kind != types.Array {
			wrong()
		}
		return t.Elem
	}
	boolBody := func(l *plan.Lambda) {
		if k := l.Body.Type().Kind; k != types.Boolean && k != types.Unknown {
			a.fail(x.Args[len(x.Args)-1], sqlerr.TypeMismatch, "Expected a lambda returning boolean, got %s", l.Body.Type())
		}
	}
	switch name {
	case "filter":
		t := elem(args[0])
		l := a.lambda(ctx, x.Args[1], []*types.Type{t})
		boolBody(l)
		args[1] = l
		return &plan.HigherOrder{Name: name, Args: args, T: args[0].Type()}
	case "any_match", "all_match", "none_match":
		t := elem(args[0])
		l := a.lambda(ctx, x.Args[1], []*types.Type{t})
		boolBody(l)
		args[1] = l
		return &plan.HigherOrder{Name: name, Args: args, T: types.BooleanType}
	case "transform":
		t := elem(args[0])
		l := a.lambda(ctx, x.Args[1], []*types.Type{t})
		args[1] = l
		return &plan.HigherOrder{Name: name, Args: args, T: types.NewArray(l.Body.Type())}
	case "array_sort":
		t := elem(args[0])
		l := a.lambda(ctx, x.Args[1], []*types.Type{t, t})
		if !l.Body.Type().IsInteger() {
			a.fail(x.Args[1], sqlerr.TypeMismatch, "Expected a lambda returning integer, got %s", l.Body.Type())
		}
		l.Body = coerce(l.Body, types.BigIntType)
		args[1] = l
		return &plan.HigherOrder{Name: name, Args: args, T: args[0].Type()}
	case "zip_with":
		if args[1] == nil {
			wrong()
		}
		l := a.lambda(ctx, x.Args[2], []*types.Type{elem(args[0]), elem(args[1])})
		args[2] = l
		return &plan.HigherOrder{Name: name, Args: args, T: types.NewArray(l.Body.Type())}
	case "map_filter", "transform_keys", "transform_values":
		mt := args[0].Type()
		if mt.Kind != types.Map {
			wrong()
		}
		l := a.lambda(ctx, x.Args[1], []*types.Type{mt.Key, mt.Value})
		args[1] = l
		switch name {
		case "map_filter":
			boolBody(l)
			return &plan.HigherOrder{Name: name, Args: args, T: mt}
		case "transform_keys":
			return &plan.HigherOrder{Name: name, Args: args, T: types.NewMap(l.Body.Type(), mt.Value)}
		}
		return &plan.HigherOrder{Name: name, Args: args, T: types.NewMap(mt.Key, l.Body.Type())}
	case "reduce":
		if args[1] == nil {
			wrong()
		}
		t := elem(args[0])
		st := args[1].Type()
		step := a.lambda(ctx, x.Args[2], []*types.Type{st, t})
		if !step.Body.Type().Equal(st) {
			// The state takes the common type of the initial value and the
			// step's result, as Trino infers it.
			nt := types.CommonSuperType(st, step.Body.Type())
			if nt == nil {
				a.fail(x.Args[2], sqlerr.TypeMismatch, "Lambda returns %s, but the reduce state is %s", step.Body.Type(), st)
			}
			st = nt
			args[1] = coerce(args[1], st)
			step = a.lambda(ctx, x.Args[2], []*types.Type{st, t})
			step.Body = coerce(step.Body, st)
		}
		out := a.lambda(ctx, x.Args[3], []*types.Type{st})
		args[2], args[3] = step, out
		return &plan.HigherOrder{Name: name, Args: args, T: out.Body.Type()}
	}
	wrong()
	return nil
}
