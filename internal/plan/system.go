package plan

import (
	"context"
	"fmt"
	"strings"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// SystemTable is a table whose rows Go code computes when a query reads
// it, instead of objects in storage: the tables of the built-in schema
// "system" (see package engine). A scan of a system table is an ordinary
// Scan whose Table has System set, so joins, filters, aggregates,
// subqueries, CTEs and views work on it as on any table.
//
// Implementations must be safe for concurrent use: several queries may
// scan one table at once.
type SystemTable interface {
	// Columns are the table's columns, in order; names are lower case and
	// unique. They must not change while the table is registered.
	Columns() []SystemColumn
	// Scan produces the table's rows, calling emit with one batch at a
	// time until the rows are exhausted, then returns nil. Each batch has
	// one vector per column of Columns, in that order and of that type
	// (columns the request does not need may be all NULL), and at most
	// vector.BatchSize rows; it belongs to the scan once emit is called
	// (the source must not touch it again). emit must be called from one
	// goroutine at a time.
	//
	// A non-nil error from emit means the scan wants no more rows (its
	// limit was reached, or the query was cancelled or failed): Scan must
	// stop and return that error. Scan must also stop when ctx is done,
	// returning ctx.Err(). Rows should be a consistent snapshot of the
	// source as of the start of the scan.
	Scan(ctx context.Context, req SystemScan, emit func(*vector.Batch) error) error
}

// SystemColumn is one column of a system table.
type SystemColumn struct {
	Name    string
	Type    *types.Type
	Comment string // shown by DESCRIBE
}

// SystemScan is what a query wants of a system table. Everything in it is
// advisory: the scan evaluates the query's whole filter on the rows the
// source produces, so a source may ignore it (and produce every row), but
// it must not leave out a row that satisfies every hint.
type SystemScan struct {
	// Needed[i] reports whether the query reads column i.
	Needed []bool
	// Hints[i] constrains column i (nil: no constraint). They come from
	// the WHERE conjuncts of the form column op literal and column IN
	// (literals); rows outside them cannot satisfy the query's filter.
	Hints []*ColumnHint
}

// ColumnHint constrains one column of a system table, as physical values
// of the column's type (see value and vector: varchar is a string,
// bigint an int64, timestamp with time zone a packed int64 ...).
// A row can match only if the column is not NULL, equals one of In (when
// In is non-nil) and lies within Lo..Hi (when set).
type ColumnHint struct {
	In                       []any
	Lo, Hi                   any // nil = unbounded
	LoInclusive, HiInclusive bool
}

// Format renders the hint over a column of type t, for EXPLAIN.
func (h *ColumnHint) Format(name string, t *types.Type) string {
	var parts []string
	lit := func(v any) string { return (&Literal{Value: v, T: t}).String() }
	if h.In != nil {
		if len(h.In) == 1 {
			parts = append(parts, name+" = "+lit(h.In[0]))
		} else {
			vs := make([]string, len(h.In))
			for i, v := range h.In {
				vs[i] = lit(v)
			}
			parts = append(parts, name+" IN ("+strings.Join(vs, ", ")+")")
		}
	}
	if h.Lo != nil {
		op := ">"
		if h.LoInclusive {
			op = ">="
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", name, op, lit(h.Lo)))
	}
	if h.Hi != nil {
		op := "<"
		if h.HiInclusive {
			op = "<="
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", name, op, lit(h.Hi)))
	}
	return strings.Join(parts, " AND ")
}

// Allows reports whether a non-NULL value v of type t satisfies the hint
// (sources that filter in Go may use it).
func (h *ColumnHint) Allows(t *types.Type, v any) bool {
	if v == nil {
		return false
	}
	if h.In != nil {
		found := false
		for _, x := range h.In {
			if value.Compare(t, v, x) == 0 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if h.Lo != nil {
		c := value.Compare(t, v, h.Lo)
		if c < 0 || c == 0 && !h.LoInclusive {
			return false
		}
	}
	if h.Hi != nil {
		c := value.Compare(t, v, h.Hi)
		if c > 0 || c == 0 && !h.HiInclusive {
			return false
		}
	}
	return true
}
