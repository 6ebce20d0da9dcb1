// Package analyzer turns a parsed query into a bound, typed plan: it
// resolves table and column names (case-insensitively, with suggestions of
// the closest names when one is unknown), types every expression with
// Trino's rules and coercions, resolves functions, and decides what the
// scan must decode (only the record paths the query uses), which
// predicates prune partitions and which literals a record must contain.
//
// Queries may have WITH clauses (inlined at each reference), joins,
// subqueries and VALUES in FROM, UNNEST, set operations, uncorrelated
// subquery expressions and window functions. from.go explains how the
// FROM clause is bound: expressions are bound to per-leaf placeholders and
// resolved to column indexes once every table's decoded columns are
// known; WHERE conjuncts over one table move into its scan (partition
// pruning, record filtering), conjuncts joining two sides become join
// keys. Correlated subqueries report NOT_SUPPORTED. System tables
// (plan.Table.System) bind as base tables without hidden columns, whose
// struct fields are read from the whole column rather than decoded paths.
package analyzer

import (
	"sort"
	"strings"

	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// TableResolver finds tables for the analyzer.
type TableResolver interface {
	// ResolveTable returns the table db.name (db "" = the session
	// database), or an error (sqlerr TABLE_NOT_FOUND / SCHEMA_NOT_FOUND).
	ResolveTable(db, name string) (*plan.Table, error)
	// TableNames lists the tables of a database, for suggestions.
	TableNames(db string) []string
}

// Session is the context a statement is analyzed in.
type Session struct {
	Database string
	Zone     int
}

// Result is an analyzed query.
type Result struct {
	Root     plan.Node
	Names    []string      // output column names
	Types    []*types.Type // output column types
	Warnings []string
	// Scans are the plan's scans, for EXPLAIN and statistics.
	Scans []*plan.Scan
}

type analyzer struct {
	src      string
	sess     Session
	tables   TableResolver
	warnings []string
	scans    []*plan.Scan
	relSeq   int
	// outer is the scope of the query enclosing the subquery being bound.
	outer *scope
	// corr, while a subquery expression is planned, lets its SELECT refer
	// to the enclosing row (see correlated.go).
	corr *correlation
	// ctes are the WITH clauses in scope, innermost last.
	ctes []*cteFrame
	// views being inlined, to refuse recursive ones.
	views []string
	// The grouping sets and "$groupid" column of the aggregation being
	// planned, for grouping(...).
	groupingSets  [][]int
	groupIDColumn int
}

// panicErr carries an error out of deep analysis; recovered at the
// exported entry points only.
type panicErr struct{ err error }

func (a *analyzer) fail(node ast.Node, code sqlerr.Code, format string, args ...any) {
	off := -1
	if node != nil {
		off = node.Pos()
	}
	if off < 0 {
		panic(panicErr{sqlerr.New(code, format, args...)})
	}
	panic(panicErr{sqlerr.At(code, a.src, off, format, args...)})
}

// AnalyzeQuery binds a query. src is the full text the AST offsets refer to.
func AnalyzeQuery(src string, q *ast.Query, sess Session, tables TableResolver) (res *Result, err error) {
	a := &analyzer{src: src, sess: sess, tables: tables}
	defer func() {
		if r := recover(); r != nil {
			if pe, ok := r.(panicErr); ok {
				err = pe.err
				return
			}
			panic(r)
		}
	}()
	root, names := a.query(q)
	cols := root.Columns()
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	return &Result{Root: root, Names: names, Types: ts, Warnings: a.warnings, Scans: a.scans}, nil
}

// closest returns up to three candidates nearest to name.
func closest(name string, candidates []string) []string {
	type scored struct {
		s string
		d int
	}
	var out []scored
	for _, c := range candidates {
		d := levenshtein(strings.ToLower(name), strings.ToLower(c))
		if d <= max(2, len(name)/3) || strings.Contains(strings.ToLower(c), strings.ToLower(name)) {
			out = append(out, scored{c, d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].d < out[j].d })
	var res []string
	for i := 0; i < len(out) && i < 3; i++ {
		res = append(res, out[i].s)
	}
	return res
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func suggest(name string, candidates []string) string {
	c := closest(name, candidates)
	if len(c) == 0 {
		return ""
	}
	q := make([]string, len(c))
	for i, s := range c {
		q[i] = "'" + s + "'"
	}
	return "; did you mean " + strings.Join(q, " or ") + "?"
}
