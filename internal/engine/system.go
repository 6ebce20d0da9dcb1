package engine

import (
	"context"
	"sort"
	"strings"
	"time"

	"trawl/internal/exec"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
)

// System tables.
//
// The schema "system" of the default catalog (awsdatacatalog.system) holds
// tables computed by Go code at query time rather than read from storage,
// such as system.query_executions (registered by package query). Packages
// above the engine register them in Engine.System; the engine knows none
// by name. A system table resolves to an ordinary plan.Scan whose Table
// has System set, so it can be joined, filtered, aggregated, used in
// subqueries, CTEs and views like any other table; its scan passes the
// WHERE conjuncts it can read as hints (plan.SystemScan) and evaluates the
// whole filter itself.
//
// The schema exists when at least one system table is registered, and it
// is read-only: CREATE/DROP DATABASE system, and CREATE/DROP/ALTER TABLE,
// CREATE/DROP VIEW and MSCK REPAIR TABLE on a name in it fail with
// NOT_SUPPORTED (CREATE DATABASE IF NOT EXISTS system succeeds: it
// exists). It always wins over a catalog database of the same name: such
// a database (made before trawl had system tables) is unreachable through
// SQL, and queries that use the system schema say so in a warning.
// SHOW DATABASES lists it, SHOW TABLES IN system, SHOW COLUMNS, DESCRIBE
// (with Trino type names) and USE system work; SHOW CREATE TABLE does not
// apply to a system table.

// SystemSchema is the name of the schema of system tables.
const SystemSchema = "system"

// SystemTable is a table of the schema "system": see plan.SystemTable.
type SystemTable = plan.SystemTable

// SystemColumn is a column of a system table.
type SystemColumn = plan.SystemColumn

// SystemScan is what a query asks of a system table.
type SystemScan = plan.SystemScan

// ColumnHint constrains one column of a system table scan.
type ColumnHint = plan.ColumnHint

// hasSystem reports whether the engine has the schema "system".
func (e *Engine) hasSystem() bool { return len(e.System) > 0 }

// isSystem reports whether db (lower case) is the schema of system tables.
func (e *Engine) isSystem(db string) bool { return db == SystemSchema && e.hasSystem() }

// systemTable looks a system table up by lower-case name.
func (e *Engine) systemTable(name string) (SystemTable, bool) {
	if t, ok := e.System[name]; ok {
		return t, true
	}
	for k, t := range e.System { // keys registered in another case
		if strings.EqualFold(k, name) {
			return t, true
		}
	}
	return nil, false
}

// systemNames lists the system tables, sorted.
func (e *Engine) systemNames() []string {
	out := make([]string, 0, len(e.System))
	for k := range e.System {
		out = append(out, strings.ToLower(k))
	}
	sort.Strings(out)
	return out
}

func systemTableNotFound(name string) error {
	return sqlerr.New(sqlerr.TableNotFound, "Table 'awsdatacatalog.%s.%s' does not exist", SystemSchema, name)
}

// planSystemTable is what the analyzer sees of a system table.
func planSystemTable(name string, st SystemTable) (*plan.Table, error) {
	pt := &plan.Table{Database: SystemSchema, Name: name, System: st}
	seen := map[string]bool{}
	for _, c := range st.Columns() {
		n := strings.ToLower(c.Name)
		if n == "" || c.Type == nil || seen[n] {
			return nil, sqlerr.New(sqlerr.GenericInternalError, "system table %s.%s: bad column %q", SystemSchema, name, c.Name)
		}
		seen[n] = true
		pt.DataColumns = append(pt.DataColumns, plan.Column{Name: n, Type: c.Type})
	}
	return pt, nil
}

// shadowWarning is the warning of queries over the system schema when the
// catalog also has a database named "system".
func (e *Engine) shadowWarning(ctx context.Context) string {
	if _, err := e.Catalog.Database(ctx, SystemSchema); err != nil {
		return ""
	}
	return "the catalog has a database named 'system'; trawl's built-in schema of system tables hides it, so its tables cannot be queried"
}

// readOnlySystem is the error of DDL aimed at the system schema.
func readOnlySystem(src string, node ast.Node, verb, name string) error {
	if name == "" {
		return sqlerr.At(sqlerr.NotSupported, src, node.Pos(), "Cannot %s schema 'system': it holds trawl's built-in system tables, which are read-only", verb)
	}
	return sqlerr.At(sqlerr.NotSupported, src, node.Pos(), "Cannot %s 'awsdatacatalog.%s.%s': the schema 'system' holds trawl's built-in system tables, which are read-only", verb, SystemSchema, name)
}

// systemDDL refuses DDL on the system schema; handled is false for
// statements that do not concern it.
func (e *Engine) systemDDL(ctx context.Context, src string, stmt ast.Statement, sess *Session, stats *exec.Stats, start time.Time) (res *Result, handled bool, err error) {
	if !e.hasSystem() {
		return nil, false, nil
	}
	refuse := func(node ast.Node, verb string, q *ast.QualifiedName) (*Result, bool, error) {
		db, name := e.tableName(q, sess)
		if db != SystemSchema {
			return nil, false, nil
		}
		return nil, true, readOnlySystem(src, node, verb, name)
	}
	switch s := stmt.(type) {
	case *ast.CreateDatabase:
		if strings.ToLower(s.Name.Name) != SystemSchema {
			return nil, false, nil
		}
		if s.IfNotExists {
			return &Result{Type: DDL, Stats: stats, Start: start}, true, nil
		}
		return nil, true, sqlerr.At(sqlerr.SchemaAlreadyExists, src, s.Name.Pos(), "Schema 'system' already exists (it is trawl's built-in schema of system tables)")
	case *ast.DropDatabase:
		if strings.ToLower(s.Name.Name) != SystemSchema {
			return nil, false, nil
		}
		return nil, true, readOnlySystem(src, s.Name, "drop", "")
	case *ast.CreateTable:
		return refuse(s.Name, "create table", s.Name)
	case *ast.DropTable:
		return refuse(s.Name, "drop table", s.Name)
	case *ast.CreateView:
		return refuse(s.Name, "create view", s.Name)
	case *ast.DropView:
		return refuse(s.Name, "drop view", s.Name)
	case *ast.AlterTablePartitions:
		return refuse(s.Name, "alter table", s.Name)
	case *ast.AlterTableSetProperties:
		return refuse(s.Name, "alter table", s.Name)
	case *ast.MsckRepair:
		return refuse(s.Name, "repair table", s.Name)
	case *ast.Describe:
		db, name := e.tableName(s.Name, sess)
		if db != SystemSchema {
			return nil, false, nil
		}
		st, ok := e.systemTable(name)
		if !ok {
			return nil, true, sqlerr.At(sqlerr.TableNotFound, src, s.Name.Pos(), "Table 'awsdatacatalog.%s.%s' does not exist", db, name)
		}
		var rows [][]string
		for _, c := range st.Columns() {
			rows = append(rows, []string{strings.ToLower(c.Name), c.Type.String(), c.Comment})
		}
		return stringResult(start, stats, Utility, []string{"col_name", "data_type", "comment"}, rows), true, nil
	case *ast.Show:
		return e.systemShow(src, s, sess, stats, start)
	}
	return nil, false, nil
}

func (e *Engine) systemShow(src string, s *ast.Show, sess *Session, stats *exec.Stats, start time.Time) (*Result, bool, error) {
	switch s.Kind {
	case "TABLES", "VIEWS":
		db := sess.Database
		if s.Target != nil {
			db = strings.ToLower(s.Target.Parts[len(s.Target.Parts)-1].Name)
		}
		if db != SystemSchema {
			return nil, false, nil
		}
		var rows [][]string
		if s.Kind == "TABLES" {
			match := hivePattern(s.Like)
			for _, n := range e.systemNames() {
				if !s.HasLike || match(n) {
					rows = append(rows, []string{n})
				}
			}
			return stringResult(start, stats, Utility, []string{"tab_name"}, rows), true, nil
		}
		return stringResult(start, stats, Utility, []string{"views"}, rows), true, nil
	case "COLUMNS", "PARTITIONS", "CREATE TABLE", "TBLPROPERTIES":
		db, name := e.tableName(s.Target, sess)
		if db != SystemSchema {
			return nil, false, nil
		}
		st, ok := e.systemTable(name)
		if !ok {
			return nil, true, sqlerr.At(sqlerr.TableNotFound, src, s.Target.Pos(), "Table 'awsdatacatalog.%s.%s' does not exist", db, name)
		}
		switch s.Kind {
		case "COLUMNS":
			var rows [][]string
			for _, c := range st.Columns() {
				rows = append(rows, []string{strings.ToLower(c.Name)})
			}
			return stringResult(start, stats, Utility, []string{"field"}, rows), true, nil
		case "PARTITIONS":
			return nil, true, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "Table %s.%s is not partitioned", db, name)
		case "CREATE TABLE":
			return nil, true, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "'awsdatacatalog.%s.%s' is a system table: it has no CREATE TABLE statement (DESCRIBE shows its columns)", db, name)
		}
		return stringResult(start, stats, Utility, []string{"prpt_name", "prpt_value"}, nil), true, nil
	}
	return nil, false, nil
}

// systemNote is EXPLAIN's line for a scan of a system table: the hints
// its filter passes to the table.
func systemNote(sc *plan.Scan, zone int) []string {
	req, err := exec.SystemRequest(sc, zone)
	if err != nil {
		return []string{"System table: " + err.Error()}
	}
	var hs []string
	for i, h := range req.Hints {
		if h != nil {
			c := sc.Table.DataColumns[i]
			hs = append(hs, h.Format(c.Name, c.Type))
		}
	}
	if len(hs) == 0 {
		return []string{"Hints passed to the system table: none"}
	}
	return []string{"Hints passed to the system table: " + strings.Join(hs, " AND ")}
}
