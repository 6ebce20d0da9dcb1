package plan

import (
	"trawl/internal/functions"
	"trawl/internal/types"
)

// This file holds the multi-relation nodes (joins, UNNEST, set
// operations, windows) and the subquery expressions. Every node's output
// layout is stated in its comment; expressions over a node's input refer
// to input columns by index (ColumnRef.Index).

// JoinKind is the kind of a join.
type JoinKind int

// Join kinds.
const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
	// MarkJoin outputs each Left row once, followed by a boolean column:
	// TRUE when some Right row matches (keys and Filter), else FALSE. It
	// plans EXISTS subqueries whose correlation is not only equalities.
	MarkJoin
	// GroupJoin outputs each Left row once, followed by one column per
	// Aggs entry: the aggregate over the Right rows that match it (keys
	// and Filter), its arguments evaluated over the joined row (Left's
	// columns then Right's); over no matching rows count is 0 and most
	// others NULL. It plans correlated scalar and IN subqueries whose
	// correlation is not only equalities (i.eventtime < o.eventtime).
	GroupJoin
)

func (k JoinKind) String() string {
	return [...]string{"INNER", "LEFT", "RIGHT", "FULL", "CROSS", "MARK", "GROUP"}[k]
}

// Join joins two inputs. Output: Left's columns then Right's columns.
//
// Rows match when every LeftKeys[i] (over Left's columns) equals
// RightKeys[i] (over Right's columns; NULL keys never match) and Filter
// (over the joined row, Left's columns then Right's; nil = true) is TRUE.
// LEFT/RIGHT/FULL add the unmatched rows of the preserved side(s) with
// NULLs for the other side. CROSS has no keys and no filter. With no keys
// the join is a nested loop; with keys, a hash join that builds on Right
// (memory bounded by the executor's limit).
type Join struct {
	Kind                JoinKind
	Left, Right         Node
	LeftKeys, RightKeys []Expr
	Filter              Expr
	// GroupJoin only: the aggregates and their output names.
	Aggs     []AggCall
	AggNames []string
}

// Unnest expands arrays and maps of each input row (CROSS JOIN UNNEST).
// Output: Input's columns, then for each expression its columns — one
// column per element for arrays of non-row types, one column per field
// for arrays of rows, key and value columns for maps — then an ordinality
// column (bigint, counting from 1) when WithOrdinality. Several
// expressions are zipped: the row count is that of the longest, shorter
// ones are padded with NULLs; a NULL array or map counts as empty. An
// input row whose expansions are all empty yields no row, or with Outer
// (LEFT JOIN UNNEST ... ON true) one row with NULLs in the unnested
// columns (and a NULL ordinality).
type Unnest struct {
	Input          Node
	Exprs          []Expr // over Input's columns
	WithOrdinality bool
	Outer          bool
	Names          []string // names of the unnested columns (and ordinality)
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind string

// Set operations.
const (
	Union     SetOpKind = "UNION"
	Intersect SetOpKind = "INTERSECT"
	Except    SetOpKind = "EXCEPT"
)

// SetOp combines two inputs with the same column count and types (the
// analyzer casts to the common types). Without All, the result is
// distinct rows (NULLs compare equal). UNION ALL concatenates; INTERSECT
// ALL keeps min(m, n) copies and EXCEPT ALL max(m-n, 0). Output: Left's
// columns, named Names.
type SetOp struct {
	Kind        SetOpKind
	All         bool
	Left, Right Node
	Names       []string
}

// Window computes window functions. Output: Input's columns, then one
// column per function, in order.
type Window struct {
	Input Node
	Funcs []WindowFunc
}

// WindowFunc is one window function call: a ranking or value function
// (Name: row_number, rank, dense_rank, percent_rank, cume_dist, ntile,
// lag, lead, first_value, last_value, nth_value) or an aggregate (Agg set)
// over the frame.
type WindowFunc struct {
	Name        string
	Agg         *functions.AggBound // nil for ranking/value functions
	Args        []Expr              // over Input's columns
	IgnoreNulls bool                // IGNORE NULLS (lag, lead, first_value, last_value, nth_value)
	PartitionBy []Expr
	OrderBy     []SortKey
	Frame       Frame
	T           *types.Type
}

// FrameUnit is ROWS, RANGE or GROUPS.
type FrameUnit string

// Frame units.
const (
	Rows   FrameUnit = "ROWS"
	Range  FrameUnit = "RANGE"
	Groups FrameUnit = "GROUPS"
)

// BoundKind is one end of a window frame.
type BoundKind int

// Frame bounds.
const (
	UnboundedPreceding BoundKind = iota
	Preceding
	CurrentRow
	Following
	UnboundedFollowing
)

// FrameBound is a frame end; Offset (a constant, non-negative) for
// Preceding and Following.
type FrameBound struct {
	Kind   BoundKind
	Offset Expr
}

// Frame is a window frame. The analyzer always fills it: Trino's default
// is RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW with an ORDER BY
// (peers included), and the whole partition without one.
type Frame struct {
	Unit       FrameUnit
	Start, End FrameBound
}

// ScalarSubquery is an uncorrelated subquery used as a value: its plan
// runs once; no row gives NULL, more than one row is an error
// ("Scalar sub-query has returned multiple rows").
type ScalarSubquery struct {
	Plan Node // one column
	T    *types.Type
}

// InSubquery is X IN (subquery), uncorrelated: TRUE when X equals a row
// of the subquery's single column; otherwise NULL when X is NULL or the
// subquery has a NULL (and is not empty), else FALSE.
type InSubquery struct {
	X    Expr
	Plan Node
}

// Exists is EXISTS (subquery), uncorrelated: TRUE when it has a row.
type Exists struct {
	Plan Node
}

// Columns implementations.
func (j *Join) Columns() []Column {
	if j.Kind == MarkJoin {
		return append(append([]Column{}, j.Left.Columns()...), Column{Name: "$mark", Type: types.BooleanType})
	}
	if j.Kind == GroupJoin {
		out := append([]Column{}, j.Left.Columns()...)
		for i, a := range j.Aggs {
			out = append(out, Column{Name: j.AggNames[i], Type: a.Fn.Ret})
		}
		return out
	}
	return append(append([]Column{}, j.Left.Columns()...), j.Right.Columns()...)
}

func (u *Unnest) Columns() []Column {
	out := append([]Column{}, u.Input.Columns()...)
	i := 0
	for _, e := range u.Exprs {
		for _, t := range UnnestTypes(e.Type()) {
			out = append(out, Column{Name: u.Names[i], Type: t})
			i++
		}
	}
	if u.WithOrdinality {
		out = append(out, Column{Name: u.Names[i], Type: types.BigIntType})
	}
	return out
}

// UnnestTypes are the columns UNNEST makes of one array or map.
func UnnestTypes(t *types.Type) []*types.Type {
	switch t.Kind {
	case types.Array:
		if t.Elem.Kind == types.Row {
			out := make([]*types.Type, len(t.Elem.Fields))
			for i, f := range t.Elem.Fields {
				out[i] = f.Type
			}
			return out
		}
		return []*types.Type{t.Elem}
	case types.Map:
		return []*types.Type{t.Key, t.Value}
	}
	return nil
}

func (s *SetOp) Columns() []Column {
	in := s.Left.Columns()
	out := make([]Column, len(in))
	for i, c := range in {
		out[i] = Column{Name: s.Names[i], Type: c.Type}
	}
	return out
}

func (w *Window) Columns() []Column {
	out := append([]Column{}, w.Input.Columns()...)
	for _, f := range w.Funcs {
		out = append(out, Column{Name: f.Name, Type: f.T})
	}
	return out
}

func (e *ScalarSubquery) Type() *types.Type { return e.T }
func (e *ScalarSubquery) String() string    { return "(subquery)" }
func (e *InSubquery) Type() *types.Type     { return types.BooleanType }
func (e *InSubquery) String() string        { return "(" + e.X.String() + " IN (subquery))" }
func (e *Exists) Type() *types.Type         { return types.BooleanType }
func (e *Exists) String() string            { return "EXISTS (subquery)" }
