// Package engine is the one entry point that runs SQL statements in a
// session: it parses, dispatches DDL to the catalog, analyzes and executes
// queries, and hands back a stream of result batches with statistics.
// Besides the catalog's tables it serves the read-only schema "system",
// whose tables Go code registered in Engine.System computes at query time
// (system.go).
package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"trawl/internal/analyzer"
	"trawl/internal/catalog"
	"trawl/internal/exec"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sql/parser"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Engine runs statements against a catalog and object store.
type Engine struct {
	Catalog *catalog.Catalog
	Store   *storage.Router
	// Now is the clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// Workers is the scan parallelism (0 = all cores).
	Workers int
	// System holds the tables of the read-only schema "system"
	// (awsdatacatalog.system.<name>), keyed by lower-case name; with none
	// there is no such schema. Fill it before the first statement and do
	// not change it afterwards. See system.go.
	System map[string]SystemTable
}

// Session is the per-client context.
type Session struct {
	Database string
	Zone     int
}

// StatementType is Athena's classification of a statement.
type StatementType string

// Statement types.
const (
	DDL     StatementType = "DDL"
	DML     StatementType = "DML"
	Utility StatementType = "UTILITY"
)

// Result is one statement's outcome: its columns and a stream of batches.
type Result struct {
	SQL      string
	Type     StatementType
	Names    []string
	Types    []*types.Type
	Warnings []string
	Stats    *exec.Stats
	Start    time.Time
	op       exec.Operator
	rows     *vector.Batch // for results computed up front
}

// Next returns the next batch of rows, or nil at the end.
func (r *Result) Next(ctx context.Context) (*vector.Batch, error) {
	if r.op != nil {
		return r.op.Next(ctx)
	}
	b := r.rows
	r.rows = nil
	return b, nil
}

// Close stops any work still running.
func (r *Result) Close() {
	if r.op != nil {
		r.op.Close()
	}
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Run parses src (one or more statements) and runs them in order, calling
// fn with each result; fn must consume the result before returning.
func (e *Engine) Run(ctx context.Context, src string, sess *Session, fn func(*Result) error) error {
	stmts, err := parser.ParseStatements(src)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		res, err := e.Execute(ctx, src, st.Node, sess)
		if err != nil {
			return err
		}
		res.SQL = st.SQL
		err = fn(res)
		res.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Execute runs one parsed statement. src is the text its offsets refer to.
func (e *Engine) Execute(ctx context.Context, src string, stmt ast.Statement, sess *Session) (*Result, error) {
	start := e.now()
	stats := &exec.Stats{}
	switch s := stmt.(type) {
	case *ast.QueryStmt:
		rv := &resolver{e: e, ctx: ctx, sess: sess, src: src}
		ar, err := analyzer.AnalyzeQuery(src, s.Query, analyzer.Session{Database: sess.Database, Zone: sess.Zone}, rv)
		if err != nil {
			return nil, err
		}
		env := &exec.Env{Store: e.Store, Stats: stats, Now: start, Zone: sess.Zone, Workers: e.Workers}
		op, err := exec.Build(ctx, env, ar.Root)
		if err != nil {
			return nil, err
		}
		return &Result{Type: DML, Names: ar.Names, Types: ar.Types, Warnings: append(ar.Warnings, rv.warnings...), Stats: stats, Start: start, op: op}, nil
	case *ast.Explain:
		return e.explain(ctx, src, s, sess, stats, start)
	case *ast.Use:
		name := s.Name.Parts[len(s.Name.Parts)-1].Name
		if e.isSystem(strings.ToLower(name)) {
			sess.Database = SystemSchema
			return &Result{Type: Utility, Stats: stats, Start: start}, nil
		}
		if _, err := e.Catalog.Database(ctx, strings.ToLower(name)); err != nil {
			return nil, sqlerr.At(sqlerr.SchemaNotFound, src, s.Pos(), "Schema '%s' does not exist", name)
		}
		sess.Database = strings.ToLower(name)
		return &Result{Type: Utility, Stats: stats, Start: start}, nil
	}
	return e.ddl(ctx, src, stmt, sess, stats, start)
}

// resolver looks tables up in the catalog for the analyzer.
type resolver struct {
	e    *Engine
	ctx  context.Context
	sess *Session
	src  string
	// warnings for the statement (a catalog database hidden by the
	// system schema), each once.
	warnings []string
	shadowed bool
}

func (r *resolver) ResolveTable(db, name string) (*plan.Table, error) {
	if db == "" {
		db = r.sess.Database
	}
	db, name = strings.ToLower(db), strings.ToLower(name)
	if r.e.isSystem(db) {
		if !r.shadowed {
			r.shadowed = true
			if w := r.e.shadowWarning(r.ctx); w != "" {
				r.warnings = append(r.warnings, w)
			}
		}
		st, ok := r.e.systemTable(name)
		if !ok {
			return nil, systemTableNotFound(name)
		}
		return planSystemTable(name, st)
	}
	if _, err := r.e.Catalog.Database(r.ctx, db); err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, sqlerr.New(sqlerr.SchemaNotFound, "Schema '%s' does not exist", db)
		}
		return nil, err
	}
	t, err := r.e.Catalog.Table(r.ctx, db, name)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, sqlerr.New(sqlerr.TableNotFound, "Table 'awsdatacatalog.%s.%s' does not exist", db, name)
		}
		return nil, err
	}
	if t.IsView() {
		return &plan.Table{Database: t.Database, Name: t.Name, ViewSQL: t.ViewSQL}, nil
	}
	return r.e.planTable(r.ctx, t)
}

func (r *resolver) TableNames(db string) []string {
	if r.e.isSystem(strings.ToLower(db)) {
		return r.e.systemNames()
	}
	ts, err := r.e.Catalog.Tables(r.ctx, strings.ToLower(db))
	if err != nil {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// planTable converts a catalog table to what the scan needs.
func (e *Engine) planTable(ctx context.Context, t *catalog.Table) (*plan.Table, error) {
	pt := &plan.Table{Database: t.Database, Name: t.Name, Location: t.Location,
		Properties: t.Properties, SerDeProperties: t.SerDeProperties}
	pt.Format = "jsonlines"
	if strings.Contains(strings.ToLower(t.InputFormat), "cloudtrailinputformat") {
		pt.Format = "cloudtrail"
	}
	pt.IgnoreMalformed = strings.EqualFold(t.SerDeProperties["ignore.malformed.json"], "true") ||
		strings.EqualFold(t.Properties["ignore.malformed.json"], "true")
	for _, c := range t.Columns {
		ct, err := types.Parse(c.Type)
		if err != nil {
			return nil, fmt.Errorf("table %s.%s column %s: %w", t.Database, t.Name, c.Name, err)
		}
		pt.DataColumns = append(pt.DataColumns, plan.Column{Name: c.Name, Type: ct})
	}
	for _, c := range t.PartitionKeys {
		ct, err := types.Parse(c.Type)
		if err != nil {
			return nil, fmt.Errorf("table %s.%s partition key %s: %w", t.Database, t.Name, c.Name, err)
		}
		pt.PartitionKeys = append(pt.PartitionKeys, plan.Column{Name: c.Name, Type: ct})
	}
	if len(pt.PartitionKeys) > 0 && !strings.EqualFold(t.Properties["projection.enabled"], "true") {
		parts, err := e.Catalog.Partitions(ctx, t.Database, t.Name)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			pt.Partitions = append(pt.Partitions, plan.CatalogPartition{Values: p.Values, Location: p.Location})
		}
	}
	return pt, nil
}

// Strings reads the rest of the result's rows, each value as Trino prints
// it and NULL as "NULL" (for tests, benchmarks and quick checks).
func (r *Result) Strings(ctx context.Context) ([][]string, error) {
	var rows [][]string
	for {
		b, err := r.Next(ctx)
		if err != nil || b == nil {
			return rows, err
		}
		for i := 0; i < b.N; i++ {
			row := make([]string, len(b.Cols))
			for j, c := range b.Cols {
				if c.IsNull(i) {
					row[j] = "NULL"
				} else {
					row[j] = value.Format(c.Type, c.Value(i))
				}
			}
			rows = append(rows, row)
		}
	}
}
