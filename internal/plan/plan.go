// Package plan is the bound, typed form of a query that the analyzer
// produces and the executor runs: a tree of plan nodes whose expressions
// refer to their input's columns by position.
package plan

import (
	"fmt"
	"strings"

	"trawl/internal/format"
	"trawl/internal/functions"
	"trawl/internal/types"
	"trawl/internal/value"
)

// Expr is a bound scalar expression.
type Expr interface {
	Type() *types.Type
	String() string
}

// ColumnRef reads column Index of the input batch.
type ColumnRef struct {
	Index int
	T     *types.Type
	Name  string
}

// Literal is a constant in physical form (nil for NULL).
type Literal struct {
	Value any
	T     *types.Type
}

// Call is a scalar function call.
type Call struct {
	Fn   *functions.Bound
	Args []Expr
}

// Cast converts X to T (TRY_CAST yields NULL on failure).
type Cast struct {
	X   Expr
	T   *types.Type
	Try bool
}

// Logical is AND or OR over two or more boolean arguments.
type Logical struct {
	Op   string // "AND" or "OR"
	Args []Expr
}

// Not negates a boolean.
type Not struct{ X Expr }

// IsNull is X IS [NOT] NULL.
type IsNull struct {
	X      Expr
	Negate bool
}

// Compare is L op R over operands of one type; op is = <> < <= > >=, or
// "DISTINCT"/"NOT DISTINCT" for IS [NOT] DISTINCT FROM.
type Compare struct {
	Op   string
	L, R Expr
}

// Arith is L op R for + - * / % on numbers (and +/- on dates and times
// with intervals).
type Arith struct {
	Op   string
	L, R Expr
	T    *types.Type
}

// Negate is unary minus.
type Negate struct{ X Expr }

// Case is a searched CASE (simple CASE is rewritten to this).
type Case struct {
	Whens []When
	Else  Expr // nil means NULL
	T     *types.Type
}

// When is one arm of a Case.
type When struct{ Cond, Result Expr }

// Coalesce returns its first non-NULL argument.
type Coalesce struct {
	Args []Expr
	T    *types.Type
}

// In is X IN (list) with SQL's NULL rules.
type In struct {
	X    Expr
	List []Expr
}

// Like is X LIKE Pattern [ESCAPE Escape].
type Like struct {
	X, Pattern, Escape Expr
}

// Field reads field Index of a row value.
type Field struct {
	X     Expr
	Index int
	T     *types.Type
}

// Subscript is X[Index] on arrays (1-based, error when out of range) and
// maps (error when the key is missing).
type Subscript struct {
	X, Index Expr
	T        *types.Type
}

// Try evaluates X, turning its errors into NULL.
type Try struct{ X Expr }

// ArrayCtor is ARRAY[...].
type ArrayCtor struct {
	Elems []Expr
	T     *types.Type
}

// RowCtor is ROW(...).
type RowCtor struct {
	Fields []Expr
	T      *types.Type
}

// Type implementations.
func (e *ColumnRef) Type() *types.Type { return e.T }
func (e *Literal) Type() *types.Type   { return e.T }
func (e *Call) Type() *types.Type      { return e.Fn.Ret }
func (e *Cast) Type() *types.Type      { return e.T }
func (e *Logical) Type() *types.Type   { return types.BooleanType }
func (e *Not) Type() *types.Type       { return types.BooleanType }
func (e *IsNull) Type() *types.Type    { return types.BooleanType }
func (e *Compare) Type() *types.Type   { return types.BooleanType }
func (e *Arith) Type() *types.Type     { return e.T }
func (e *Negate) Type() *types.Type    { return e.X.Type() }
func (e *Case) Type() *types.Type      { return e.T }
func (e *Coalesce) Type() *types.Type  { return e.T }
func (e *In) Type() *types.Type        { return types.BooleanType }
func (e *Like) Type() *types.Type      { return types.BooleanType }
func (e *Field) Type() *types.Type     { return e.T }
func (e *Subscript) Type() *types.Type { return e.T }
func (e *Try) Type() *types.Type       { return e.X.Type() }
func (e *ArrayCtor) Type() *types.Type { return e.T }
func (e *RowCtor) Type() *types.Type   { return e.T }

func (e *ColumnRef) String() string {
	if e.Name != "" {
		return e.Name
	}
	return fmt.Sprintf("#%d", e.Index)
}
func (e *Literal) String() string {
	if e.Value == nil {
		return "NULL"
	}
	if e.T.IsString() {
		return "'" + strings.ReplaceAll(e.Value.(string), "'", "''") + "'"
	}
	return value.Format(e.T, e.Value)
}
func (e *Call) String() string { return e.Fn.Name + "(" + joinExprs(e.Args) + ")" }
func (e *Cast) String() string {
	if e.Try {
		return fmt.Sprintf("TRY_CAST(%s AS %s)", e.X, e.T)
	}
	return fmt.Sprintf("CAST(%s AS %s)", e.X, e.T)
}
func (e *Not) String() string    { return "(NOT " + e.X.String() + ")" }
func (e *Negate) String() string { return "(-" + e.X.String() + ")" }
func (e *Logical) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return "(" + strings.Join(parts, " "+e.Op+" ") + ")"
}
func (e *IsNull) String() string {
	if e.Negate {
		return "(" + e.X.String() + " IS NOT NULL)"
	}
	return "(" + e.X.String() + " IS NULL)"
}
func (e *Compare) String() string { return "(" + e.L.String() + " " + e.Op + " " + e.R.String() + ")" }
func (e *Arith) String() string   { return "(" + e.L.String() + " " + e.Op + " " + e.R.String() + ")" }
func (e *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, w := range e.Whens {
		fmt.Fprintf(&b, " WHEN %s THEN %s", w.Cond, w.Result)
	}
	if e.Else != nil {
		fmt.Fprintf(&b, " ELSE %s", e.Else)
	}
	b.WriteString(" END")
	return b.String()
}
func (e *Coalesce) String() string { return "coalesce(" + joinExprs(e.Args) + ")" }
func (e *In) String() string       { return "(" + e.X.String() + " IN (" + joinExprs(e.List) + "))" }
func (e *Like) String() string {
	if e.Escape != nil {
		return "(" + e.X.String() + " LIKE " + e.Pattern.String() + " ESCAPE " + e.Escape.String() + ")"
	}
	return "(" + e.X.String() + " LIKE " + e.Pattern.String() + ")"
}
func (e *Field) String() string     { return fmt.Sprintf("%s.%s", e.X, fieldName(e.X.Type(), e.Index)) }
func (e *Subscript) String() string { return e.X.String() + "[" + e.Index.String() + "]" }
func (e *Try) String() string       { return "try(" + e.X.String() + ")" }
func (e *ArrayCtor) String() string { return "ARRAY[" + joinExprs(e.Elems) + "]" }
func (e *RowCtor) String() string   { return "ROW(" + joinExprs(e.Fields) + ")" }

func fieldName(t *types.Type, i int) string {
	if t.Kind == types.Row && i < len(t.Fields) && t.Fields[i].Name != "" {
		return t.Fields[i].Name
	}
	return fmt.Sprintf("field%d", i)
}

func joinExprs(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}

// Walk calls fn for e and every sub-expression, parents first.
func Walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range Children(e) {
		Walk(c, fn)
	}
}

// Children lists an expression's direct sub-expressions.
func Children(e Expr) []Expr {
	switch x := e.(type) {
	case *Call:
		return x.Args
	case *Cast:
		return []Expr{x.X}
	case *Logical:
		return x.Args
	case *Not:
		return []Expr{x.X}
	case *Negate:
		return []Expr{x.X}
	case *IsNull:
		return []Expr{x.X}
	case *Compare:
		return []Expr{x.L, x.R}
	case *Arith:
		return []Expr{x.L, x.R}
	case *Case:
		var out []Expr
		for _, w := range x.Whens {
			out = append(out, w.Cond, w.Result)
		}
		if x.Else != nil {
			out = append(out, x.Else)
		}
		return out
	case *Coalesce:
		return x.Args
	case *In:
		return append([]Expr{x.X}, x.List...)
	case *Like:
		out := []Expr{x.X, x.Pattern}
		if x.Escape != nil {
			out = append(out, x.Escape)
		}
		return out
	case *Field:
		return []Expr{x.X}
	case *Subscript:
		return []Expr{x.X, x.Index}
	case *Try:
		return []Expr{x.X}
	case *InSubquery:
		return []Expr{x.X}
	case *HigherOrder:
		return x.Args
	case *Lambda:
		return []Expr{x.Body}
	case *ArrayCtor:
		return x.Elems
	case *RowCtor:
		return x.Fields
	}
	return nil
}

// ---------------------------------------------------------------- nodes

// Node is a plan operator.
type Node interface {
	// Columns describes the node's output.
	Columns() []Column
}

// Column is one output column of a node.
type Column struct {
	Name string
	Type *types.Type
}

// Scan reads a table: the partitions that survive pruning, the objects
// under them, each decoded into the scan's columns, filtered by Filter.
type Scan struct {
	Table *Table
	// Cols are the columns produced: decoded data paths, partition values
	// or hidden columns.
	Cols []ScanColumn
	// PartitionFilter holds the conjuncts of the WHERE clause that refer
	// only to partition columns; they are evaluated per partition (over a
	// batch whose columns are the table's partition keys, in order) before
	// anything is listed.
	PartitionFilter []Expr
	// Filter holds the remaining conjuncts over Cols, evaluated in the scan
	// workers.
	Filter Expr
	// MustContain are literal groups every matching record must contain
	// (see format.Options.MustContain), derived from Filter.
	MustContain [][][]byte
	// Limit stops the scan after this many rows have passed the filter
	// (-1: no limit).
	Limit int64
}

// ScanColumn is one column a scan produces.
type ScanColumn struct {
	Name string
	Type *types.Type
	// Kind says where the value comes from.
	Kind ScanColumnKind
	// Path is the record path for data columns.
	Path []string
	// Partition is the partition key index for partition columns.
	Partition int
}

// ScanColumnKind says where a scan column's value comes from.
type ScanColumnKind int

// Scan column kinds.
const (
	DataColumn ScanColumnKind = iota
	PartitionColumn
	PathColumn         // "$path"
	FileSizeColumn     // "$file_size"
	FileModifiedColumn // "$file_modified_time"
)

// Table is what a scan needs to know of a table.
type Table struct {
	Database, Name string
	Location       string
	// Format is "cloudtrail" ({"Records":[...]} files) or "jsonlines".
	Format string
	// DataColumns and PartitionKeys are the declared columns.
	DataColumns, PartitionKeys []Column
	// Properties are TBLPROPERTIES; SerDeProperties the SERDEPROPERTIES.
	Properties, SerDeProperties map[string]string
	// ViewSQL is the query of a view (then nothing else but the names is
	// set: the analyzer inlines the query).
	ViewSQL string
	// IgnoreMalformed is 'ignore.malformed.json'='true'.
	IgnoreMalformed bool
	// Partitions are the catalog's partitions, for tables without
	// projection (nil when projection is enabled or the table is not
	// partitioned).
	Partitions []CatalogPartition
	// System, when set, produces the rows of a system table: DataColumns
	// are its columns, and nothing else but the names is set (no location,
	// format, partitions or hidden columns). See SystemTable.
	System SystemTable
}

// CatalogPartition is a partition registered in the catalog.
type CatalogPartition struct {
	Values   []string
	Location string
}

// FormatColumns returns the format columns for a scan's data columns.
func (s *Scan) FormatColumns() []format.Column {
	var out []format.Column
	for _, c := range s.Cols {
		if c.Kind == DataColumn {
			out = append(out, format.Column{Path: c.Path, Type: c.Type})
		}
	}
	return out
}

// Filter keeps rows where Pred is true.
type Filter struct {
	Input Node
	Pred  Expr
}

// Project computes expressions over its input.
type Project struct {
	Input Node
	Exprs []Expr
	Names []string
}

// Aggregate groups by keys and computes aggregates; output is the keys
// followed by the aggregates.
type Aggregate struct {
	Input Node
	Keys  []Expr
	Aggs  []AggCall
	Names []string // output names: keys then aggregates
	// Sets are the grouping sets (GROUPING SETS, ROLLUP, CUBE) as lists of
	// key indexes; nil means one set of all keys. With sets, a key not in
	// a row's set is NULL, groups of different sets never merge, an empty
	// set yields its row even over no input, and a last bigint column
	// "$groupid" holds the index of the row's set.
	Sets [][]int
}

// AggCall is one aggregate over input expressions.
type AggCall struct {
	Fn       *functions.AggBound
	Args     []Expr
	Distinct bool
	Filter   Expr // FILTER (WHERE ...), nil when absent
	// OrderBy orders the rows an order-sensitive aggregate sees
	// (array_agg(x ORDER BY y), listagg ... WITHIN GROUP (ORDER BY y)).
	OrderBy []SortKey
}

// Sort orders rows; with Limit >= 0 it keeps only the first Limit rows
// (top-N).
type Sort struct {
	Input Node
	Keys  []SortKey
	Limit int64
}

// SortKey is one ORDER BY key over an input column.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Limit passes at most N rows after skipping Offset.
type Limit struct {
	Input  Node
	N      int64 // -1: no limit
	Offset int64
}

// Values produces constant rows.
type Values struct {
	Cols []Column
	Rows [][]Expr
}

// Columns implementations.
func (s *Scan) Columns() []Column {
	out := make([]Column, len(s.Cols))
	for i, c := range s.Cols {
		out[i] = Column{Name: c.Name, Type: c.Type}
	}
	return out
}
func (f *Filter) Columns() []Column { return f.Input.Columns() }
func (p *Project) Columns() []Column {
	out := make([]Column, len(p.Exprs))
	for i, e := range p.Exprs {
		out[i] = Column{Name: p.Names[i], Type: e.Type()}
	}
	return out
}
func (a *Aggregate) Columns() []Column {
	out := make([]Column, 0, len(a.Keys)+len(a.Aggs))
	for i, k := range a.Keys {
		out = append(out, Column{Name: a.Names[i], Type: k.Type()})
	}
	for i, g := range a.Aggs {
		out = append(out, Column{Name: a.Names[len(a.Keys)+i], Type: g.Fn.Ret})
	}
	if a.Sets != nil {
		out = append(out, Column{Name: "$groupid", Type: types.BigIntType})
	}
	return out
}
func (s *Sort) Columns() []Column   { return s.Input.Columns() }
func (l *Limit) Columns() []Column  { return l.Input.Columns() }
func (v *Values) Columns() []Column { return v.Cols }
