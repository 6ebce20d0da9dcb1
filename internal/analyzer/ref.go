package analyzer

import (
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/vector"
)

type vectorVector = vector.Vector

// flatten turns a.b.c into its identifier parts, or nil when the
// expression is not a plain dotted name.
func flatten(e ast.Expr) []*ast.Ident {
	switch x := e.(type) {
	case *ast.Identifier:
		return []*ast.Ident{x.Ident}
	case *ast.Dereference:
		base := flatten(x.Base)
		if base == nil {
			return nil
		}
		return append(base, x.Field)
	}
	return nil
}

var hiddenColumns = map[string]struct {
	kind plan.ScanColumnKind
	t    *types.Type
}{
	"$path":               {plan.PathColumn, types.VarcharType},
	"$file_size":          {plan.FileSizeColumn, types.BigIntType},
	"$file_modified_time": {plan.FileModifiedColumn, types.TimestampTZType},
}

// reference binds a column reference with optional table qualifier and
// struct field accesses. Struct fields of data columns become deeper
// record paths, so the scan decodes only the leaf the query uses.
func (a *analyzer) reference(ctx *selectCtx, e ast.Expr) plan.Expr {
	parts := flatten(e)
	if parts == nil {
		// Field access on a computed value: (expr).field
		d := e.(*ast.Dereference)
		base := a.expr(ctx, d.Base)
		return a.field(d.Field, base)
	}
	if p := ctx.lambdaParam(parts[0].Name); p != nil {
		var ref plan.Expr = p
		for _, f := range parts[1:] {
			ref = a.field(f, ref)
		}
		return ref
	}
	if ctx.aliases != nil && len(parts) == 1 {
		if ae, ok := ctx.aliases[strings.ToLower(parts[0].Name)]; ok {
			if ae == nil {
				a.fail(e, sqlerr.AmbiguousName, "Column '%s' is ambiguous", parts[0].Name)
			}
			return ae
		}
	}
	sc := ctx.scope
	if ref := a.lookup(sc, parts, e); ref != nil {
		return ref
	}
	if sc.corr != nil && a.resolvable(sc.corr.outer, parts) {
		sc.corr.used = true
		return a.lookup(sc.corr.outer, parts, e)
	}
	for o := sc.outer; o != nil; o = o.outer {
		if a.resolvable(o, parts) {
			a.fail(e, sqlerr.NotSupported, "Correlated subqueries are not supported yet: '%s' refers to the enclosing query", parts[0].Name)
		}
	}
	// Trino prints the name lower-cased (QualifiedName), quoted or not.
	a.fail(parts[0], sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", strings.ToLower(parts[0].Name), suggest(parts[0].Name, sc.columnNames()))
	return nil
}

// qualifies reports how many leading parts name relation r (its alias,
// or db.table for a base table), 0 when they don't.
func qualifies(r *relation, parts []*ast.Ident) int {
	if len(parts) > 1 && r.alias != "" && strings.EqualFold(parts[0].Name, r.alias) {
		return 1
	}
	if len(parts) > 2 && r.table != nil && strings.EqualFold(parts[0].Name, r.db) && strings.EqualFold(parts[1].Name, r.table.Name) {
		return 2
	}
	return 0
}

// lookup resolves name parts in a scope: a column of exactly one
// relation (possibly followed by struct fields), or a column qualified by
// a relation's name. Column names win over relation names, as in Trino.
// It returns nil when nothing matches.
func (a *analyzer) lookup(sc *scope, parts []*ast.Ident, node ast.Node) plan.Expr {
	var found *relation
	for _, r := range sc.rels {
		if r.hasColumn(parts[0].Name) {
			if found != nil {
				a.fail(node, sqlerr.AmbiguousName, "Column '%s' is ambiguous", parts[0].Name)
			}
			found = r
		}
	}
	if found != nil {
		return a.relColumn(found, parts, node)
	}
	for _, r := range sc.rels {
		if n := qualifies(r, parts); n > 0 {
			if !r.hasColumn(parts[n].Name) {
				a.fail(parts[n], sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", strings.ToLower(qualifiedParts(parts[:n+1])), suggest(parts[n].Name, r.columnNames()))
			}
			return a.relColumn(r, parts[n:], node)
		}
	}
	return nil
}

// resolvable reports whether parts name something in sc, without binding.
func (a *analyzer) resolvable(sc *scope, parts []*ast.Ident) bool {
	for _, r := range sc.rels {
		if r.hasColumn(parts[0].Name) {
			return true
		}
		if n := qualifies(r, parts); n > 0 && r.hasColumn(parts[n].Name) {
			return true
		}
	}
	return false
}

func qualifiedParts(parts []*ast.Ident) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.Name
	}
	return strings.Join(s, ".")
}

func fieldNames(t *types.Type) []string {
	var out []string
	for _, f := range t.Fields {
		out = append(out, f.Name)
	}
	return out
}

func (a *analyzer) field(f *ast.Ident, base plan.Expr) plan.Expr {
	t := base.Type()
	if t.Kind != types.Row {
		a.fail(f, sqlerr.TypeMismatch, "Expression %s is not of type ROW", base)
	}
	fi := t.FieldIndex(f.Name)
	if fi < 0 {
		a.fail(f, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", f.Name, suggest(f.Name, fieldNames(t)))
	}
	return &plan.Field{X: base, Index: fi, T: t.Fields[fi].Type}
}
