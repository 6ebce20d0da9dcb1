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
	if ctx.aliases != nil && len(parts) == 1 {
		if ae, ok := ctx.aliases[strings.ToLower(parts[0].Name)]; ok {
			if ae == nil {
				a.fail(e, sqlerr.AmbiguousName, "Column '%s' is ambiguous", parts[0].Name)
			}
			return ae
		}
	}
	sc := ctx.scope
	if sc.table == nil {
		a.fail(e, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved", parts[0].Name)
	}
	// Strip a table (or db.table) qualifier when the first name is not a
	// column.
	if len(parts) > 1 && !a.isColumn(sc, parts[0].Name) {
		switch {
		case strings.EqualFold(parts[0].Name, sc.tableName):
			parts = parts[1:]
		case len(parts) > 2 && strings.EqualFold(parts[0].Name, sc.dbName) && strings.EqualFold(parts[1].Name, sc.table.Name):
			parts = parts[2:]
		}
	}
	first := parts[0]
	name := strings.ToLower(first.Name)
	var ref plan.Expr
	if h, ok := hiddenColumns[name]; ok {
		idx := sc.scanColumn(plan.ScanColumn{Name: name, Type: h.t, Kind: h.kind})
		ref = &plan.ColumnRef{Index: idx, T: h.t, Name: name}
	}
	for i, c := range sc.table.PartitionKeys {
		if ref == nil && strings.EqualFold(c.Name, name) {
			idx := sc.scanColumn(plan.ScanColumn{Name: c.Name, Type: c.Type, Kind: plan.PartitionColumn, Partition: i})
			ref = &plan.ColumnRef{Index: idx, T: c.Type, Name: c.Name}
		}
	}
	if ref == nil {
		for _, c := range sc.table.DataColumns {
			if !strings.EqualFold(c.Name, name) {
				continue
			}
			// Follow struct fields into the record path.
			path := []string{c.Name}
			t := c.Type
			display := c.Name
			rest := parts[1:]
			for len(rest) > 0 && t.Kind == types.Row {
				fi := t.FieldIndex(rest[0].Name)
				if fi < 0 {
					a.fail(e, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", display+"."+rest[0].Name, suggest(rest[0].Name, fieldNames(t)))
				}
				path = append(path, t.Fields[fi].Name)
				display += "." + t.Fields[fi].Name
				t = t.Fields[fi].Type
				rest = rest[1:]
			}
			idx := sc.scanColumn(plan.ScanColumn{Name: display, Type: t, Kind: plan.DataColumn, Path: path})
			ref = &plan.ColumnRef{Index: idx, T: t, Name: display}
			for _, f := range rest {
				ref = a.field(f, ref)
			}
			return ref
		}
	}
	if ref == nil {
		a.fail(first, sqlerr.ColumnNotFound, "Column '%s' cannot be resolved%s", first.Name, suggest(first.Name, sc.columnNames()))
	}
	for _, f := range parts[1:] {
		ref = a.field(f, ref)
	}
	return ref
}

func (a *analyzer) isColumn(sc *scope, name string) bool {
	for _, c := range sc.columnNames() {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	_, hidden := hiddenColumns[strings.ToLower(name)]
	return hidden
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
