package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Database is a database (Trino: schema).
type Database struct {
	Name       string // lower-case
	Comment    string
	Location   string
	Properties map[string]string // DBPROPERTIES; never nil when returned
	Created    time.Time         // set to now on create when zero
}

// Column is a table or view column.
type Column struct {
	Name    string `json:"name"`              // lower-case
	Type    string `json:"type"`              // Hive/Trino type text, e.g. "struct<arn:string,type:string>"
	Comment string `json:"comment,omitempty"` // COMMENT clause
}

// Table kinds, as Glue/Hive name them.
const (
	ExternalTable = "EXTERNAL_TABLE"
	ManagedTable  = "MANAGED_TABLE"
	VirtualView   = "VIRTUAL_VIEW"
)

// Table is a table or a view.
type Table struct {
	Database, Name  string // lower-case
	Kind            string // ExternalTable, ManagedTable or VirtualView
	Columns         []Column
	PartitionKeys   []Column
	Comment         string
	SerDe           string
	SerDeProperties map[string]string // never nil when returned
	InputFormat     string
	OutputFormat    string
	Location        string
	Properties      map[string]string // TBLPROPERTIES; never nil when returned
	ViewSQL         string            // the view's query text for VIRTUAL_VIEW
	ViewColumns     []Column          // the view's output columns (names + Trino types)
	CreateSQL       string            // the original statement text, kept for reference
	Created         time.Time         // set to now on create when zero
}

// IsView reports whether t is a view.
func (t *Table) IsView() bool { return t.Kind == VirtualView }

// objectName renders "db"."name" for messages.
func objectName(db, name string) string { return quoteIdent(db) + "." + quoteIdent(name) }

func kindWord(kind string) string {
	if kind == VirtualView {
		return "view"
	}
	return "table"
}

func marshalMap(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m) // map[string]string always marshals; keys sorted
	return string(b)
}

func unmarshalMap(s, field, obj string) (map[string]string, error) {
	m := map[string]string{}
	if s == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("corrupt %s of %s in catalog: %w", field, obj, err)
	}
	return m, nil
}

func marshalColumns(cols []Column) string {
	if len(cols) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(cols)
	return string(b)
}

func unmarshalColumns(s, field, obj string) ([]Column, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var cols []Column
	if err := json.Unmarshal([]byte(s), &cols); err != nil {
		return nil, fmt.Errorf("corrupt %s of %s in catalog: %w", field, obj, err)
	}
	return cols, nil
}

// ---- databases ----

// CreateDatabase creates database d (name lower-cased). When it exists,
// CreateDatabase returns nil with ifNotExists and an ErrExists error
// otherwise.
func (c *Catalog) CreateDatabase(ctx context.Context, d Database, ifNotExists bool) error {
	name, err := normName("database", d.Name)
	if err != nil {
		return err
	}
	res, err := c.db.ExecContext(ctx, `INSERT INTO databases(name, comment, location, properties, created)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		name, d.Comment, d.Location, marshalMap(d.Properties), timeOrNow(d.Created))
	if err != nil {
		return c.wrap(fmt.Sprintf("cannot create database %s", quoteIdent(name)), err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return c.wrap(fmt.Sprintf("cannot create database %s", quoteIdent(name)), err)
	} else if n == 0 && !ifNotExists {
		return errorf(ErrExists, "database %s already exists", quoteIdent(name))
	}
	return nil
}

// DropDatabase drops a database. A missing one is ErrNotFound unless
// ifExists. One holding tables or views is ErrNotEmpty unless cascade, which
// drops them and their partitions too. The database "default" is dropped
// only when it is empty (CASCADE does not apply to it); Open creates it
// again.
func (c *Catalog) DropDatabase(ctx context.Context, name string, ifExists, cascade bool) error {
	name, err := normName("database", name)
	if err != nil {
		return err
	}
	return c.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := c.databaseExists(ctx, tx, name); err != nil {
			return err
		} else if !ok {
			if ifExists {
				return nil
			}
			return errorf(ErrNotFound, "database %s not found", quoteIdent(name))
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tables WHERE db = ?`, name).Scan(&n); err != nil {
			return c.wrap(fmt.Sprintf("cannot count tables of database %s", quoteIdent(name)), err)
		}
		if n > 0 {
			if !cascade {
				return errorf(ErrNotEmpty, "database %s is not empty", quoteIdent(name))
			}
			if name == DefaultDatabase {
				return errorf(ErrNotEmpty, "database %s is not empty (the default database is dropped only when empty, CASCADE does not apply to it)", quoteIdent(name))
			}
		}
		for _, q := range []string{
			`DELETE FROM partitions WHERE db = ?`,
			`DELETE FROM tables WHERE db = ?`,
			`DELETE FROM databases WHERE name = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, name); err != nil {
				return c.wrap(fmt.Sprintf("cannot drop database %s", quoteIdent(name)), err)
			}
		}
		return nil
	})
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (c *Catalog) databaseExists(ctx context.Context, q queryer, name string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM databases WHERE name = ?`, name).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, c.wrap(fmt.Sprintf("cannot look up database %s", quoteIdent(name)), err)
	}
	return true, nil
}

const databaseColumns = `name, comment, location, properties, created`

func scanDatabase(sc interface{ Scan(...any) error }) (Database, error) {
	var d Database
	var props string
	var created int64
	if err := sc.Scan(&d.Name, &d.Comment, &d.Location, &props, &created); err != nil {
		return d, err
	}
	d.Created = fromNanos(created)
	m, err := unmarshalMap(props, "properties", "database "+quoteIdent(d.Name))
	d.Properties = m
	return d, err
}

// Database returns the database called name (case-insensitive).
func (c *Catalog) Database(ctx context.Context, name string) (*Database, error) {
	name, err := normName("database", name)
	if err != nil {
		return nil, err
	}
	d, err := scanDatabase(c.db.QueryRowContext(ctx, `SELECT `+databaseColumns+` FROM databases WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(ErrNotFound, "database %s not found", quoteIdent(name))
	}
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot read database %s", quoteIdent(name)), err)
	}
	return &d, nil
}

// Databases returns all databases sorted by name.
func (c *Catalog) Databases(ctx context.Context) ([]Database, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT `+databaseColumns+` FROM databases ORDER BY name`)
	if err != nil {
		return nil, c.wrap("cannot list databases", err)
	}
	defer rows.Close()
	var out []Database
	for rows.Next() {
		d, err := scanDatabase(rows)
		if err != nil {
			return nil, c.wrap("cannot list databases", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, c.wrap("cannot list databases", err)
	}
	return out, nil
}

// ---- tables ----

// normTable validates t and returns a copy with lower-cased names.
func normTable(t Table) (Table, error) {
	var err error
	if t.Database, err = normName("database", t.Database); err != nil {
		return t, err
	}
	if t.Name, err = normName("table", t.Name); err != nil {
		return t, err
	}
	obj := objectName(t.Database, t.Name)
	switch t.Kind {
	case ExternalTable, ManagedTable:
		if t.ViewSQL != "" || len(t.ViewColumns) > 0 {
			return t, errorf(ErrInvalid, "table %s of kind %s has a view definition", obj, t.Kind)
		}
	case VirtualView:
		if t.ViewSQL == "" {
			return t, errorf(ErrInvalid, "view %s has no query text", obj)
		}
		if len(t.PartitionKeys) > 0 {
			return t, errorf(ErrInvalid, "view %s cannot have partition keys", obj)
		}
	default:
		return t, errorf(ErrInvalid, "table %s has unknown kind %q, want %s, %s or %s", obj, t.Kind, ExternalTable, ManagedTable, VirtualView)
	}
	seen := map[string]bool{}
	norm := func(cols []Column, dupCheck bool) ([]Column, error) {
		if len(cols) == 0 {
			return nil, nil
		}
		out := make([]Column, len(cols))
		for i, col := range cols {
			n, err := normName("column", col.Name)
			if err != nil {
				return nil, errorf(ErrInvalid, "column %d of %s %s: %v", i+1, kindWord(t.Kind), obj, err)
			}
			if dupCheck {
				if seen[n] {
					return nil, errorf(ErrInvalid, "column %s is declared more than once in %s %s", quoteIdent(n), kindWord(t.Kind), obj)
				}
				seen[n] = true
			}
			col.Name = n
			out[i] = col
		}
		return out, nil
	}
	if t.Columns, err = norm(t.Columns, true); err != nil {
		return t, err
	}
	if t.PartitionKeys, err = norm(t.PartitionKeys, true); err != nil {
		return t, err
	}
	if t.ViewColumns, err = norm(t.ViewColumns, false); err != nil {
		return t, err
	}
	return t, nil
}

// CreateTable creates table or view t (names lower-cased). Its database must
// exist (ErrNotFound). When a table or view of that name exists, CreateTable
// returns nil with ifNotExists and an ErrExists error otherwise.
func (c *Catalog) CreateTable(ctx context.Context, t Table, ifNotExists bool) error {
	t, err := normTable(t)
	if err != nil {
		return err
	}
	obj := objectName(t.Database, t.Name)
	return c.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := c.databaseExists(ctx, tx, t.Database); err != nil {
			return err
		} else if !ok {
			return errorf(ErrNotFound, "database %s not found", quoteIdent(t.Database))
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tables(`+tableColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, tableArgs(t, timeOrNow(t.Created))...)
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot create %s %s", kindWord(t.Kind), obj), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot create %s %s", kindWord(t.Kind), obj), err)
		}
		if n == 0 && !ifNotExists {
			var kind string
			if err := tx.QueryRowContext(ctx, `SELECT kind FROM tables WHERE db = ? AND name = ?`, t.Database, t.Name).Scan(&kind); err != nil {
				kind = t.Kind
			}
			return errorf(ErrExists, "%s %s already exists", kindWord(kind), obj)
		}
		return nil
	})
}

// ReplaceTable stores t in place of the table or view of the same name, or
// creates it when missing (CREATE OR REPLACE VIEW; ALTER TABLE ... SET
// TBLPROPERTIES). Its database must exist (ErrNotFound). The creation time
// of a replaced object is kept when t.Created is zero. Partitions are kept
// unless the partition key names change, in which case they are dropped.
// For read-modify-write changes use UpdateTable, which cannot lose a
// concurrent update.
func (c *Catalog) ReplaceTable(ctx context.Context, t Table) error {
	t, err := normTable(t)
	if err != nil {
		return err
	}
	return c.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := c.databaseExists(ctx, tx, t.Database); err != nil {
			return err
		} else if !ok {
			return errorf(ErrNotFound, "database %s not found", quoteIdent(t.Database))
		}
		return c.replaceInTx(ctx, tx, t)
	})
}

func (c *Catalog) replaceInTx(ctx context.Context, tx *sql.Tx, t Table) error {
	obj := objectName(t.Database, t.Name)
	old, err := c.tableInTx(ctx, tx, t.Database, t.Name)
	if errors.Is(err, ErrNotFound) {
		_, err := tx.ExecContext(ctx, `INSERT INTO tables(`+tableColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tableArgs(t, timeOrNow(t.Created))...)
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot create %s %s", kindWord(t.Kind), obj), err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	created := old.Created.UnixNano()
	if !t.Created.IsZero() {
		created = t.Created.UnixNano()
	}
	if !sameKeyNames(old.PartitionKeys, t.PartitionKeys) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partitions WHERE db = ? AND tbl = ?`, t.Database, t.Name); err != nil {
			return c.wrap(fmt.Sprintf("cannot drop partitions of %s", obj), err)
		}
	}
	args := tableArgs(t, created)
	args = append(args[2:], t.Database, t.Name)
	_, err = tx.ExecContext(ctx, `UPDATE tables SET kind = ?, columns = ?, partition_keys = ?, comment = ?,
serde = ?, serde_properties = ?, input_format = ?, output_format = ?, location = ?, properties = ?,
view_sql = ?, view_columns = ?, create_sql = ?, created = ? WHERE db = ? AND name = ?`, args...)
	if err != nil {
		return c.wrap(fmt.Sprintf("cannot replace %s %s", kindWord(t.Kind), obj), err)
	}
	return nil
}

func sameKeyNames(a, b []Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}

// UpdateTable reads table or view db.name, lets fn change it and stores the
// result, all in one write transaction, so concurrent updates (from other
// goroutines or processes) are applied one after the other and none is
// lost. fn must not change Database or Name; an error from fn aborts the
// update and is returned as is.
func (c *Catalog) UpdateTable(ctx context.Context, db, name string, fn func(t *Table) error) error {
	db, err := normName("database", db)
	if err != nil {
		return err
	}
	if name, err = normName("table", name); err != nil {
		return err
	}
	return c.inTx(ctx, func(tx *sql.Tx) error {
		t, err := c.tableInTx(ctx, tx, db, name)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		nt, err := normTable(*t)
		if err != nil {
			return err
		}
		if nt.Database != db || nt.Name != name {
			return errorf(ErrInvalid, "cannot rename %s to %s in UpdateTable", objectName(db, name), objectName(nt.Database, nt.Name))
		}
		return c.replaceInTx(ctx, tx, nt)
	})
}

const tableColumns = `db, name, kind, columns, partition_keys, comment, serde, serde_properties,
input_format, output_format, location, properties, view_sql, view_columns, create_sql, created`

func tableArgs(t Table, created int64) []any {
	return []any{t.Database, t.Name, t.Kind, marshalColumns(t.Columns), marshalColumns(t.PartitionKeys),
		t.Comment, t.SerDe, marshalMap(t.SerDeProperties), t.InputFormat, t.OutputFormat, t.Location,
		marshalMap(t.Properties), t.ViewSQL, marshalColumns(t.ViewColumns), t.CreateSQL, created}
}

func scanTable(sc interface{ Scan(...any) error }) (Table, error) {
	var t Table
	var cols, keys, serdeProps, props, viewCols string
	var created int64
	if err := sc.Scan(&t.Database, &t.Name, &t.Kind, &cols, &keys, &t.Comment, &t.SerDe, &serdeProps,
		&t.InputFormat, &t.OutputFormat, &t.Location, &props, &t.ViewSQL, &viewCols, &t.CreateSQL, &created); err != nil {
		return t, err
	}
	t.Created = fromNanos(created)
	obj := kindWord(t.Kind) + " " + objectName(t.Database, t.Name)
	var err error
	if t.Columns, err = unmarshalColumns(cols, "columns", obj); err != nil {
		return t, err
	}
	if t.PartitionKeys, err = unmarshalColumns(keys, "partition keys", obj); err != nil {
		return t, err
	}
	if t.ViewColumns, err = unmarshalColumns(viewCols, "view columns", obj); err != nil {
		return t, err
	}
	if t.SerDeProperties, err = unmarshalMap(serdeProps, "serde properties", obj); err != nil {
		return t, err
	}
	if t.Properties, err = unmarshalMap(props, "table properties", obj); err != nil {
		return t, err
	}
	return t, nil
}

// tableInTx reads a table with names already normalised. A missing table is
// ErrNotFound, naming the database when that is what is missing.
func (c *Catalog) tableInTx(ctx context.Context, q queryer, db, name string) (*Table, error) {
	t, err := scanTable(q.QueryRowContext(ctx, `SELECT `+tableColumns+` FROM tables WHERE db = ? AND name = ?`, db, name))
	if errors.Is(err, sql.ErrNoRows) {
		if ok, err := c.databaseExists(ctx, q, db); err != nil {
			return nil, err
		} else if !ok {
			return nil, errorf(ErrNotFound, "database %s not found", quoteIdent(db))
		}
		return nil, errorf(ErrNotFound, "table %s not found", objectName(db, name))
	}
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot read table %s", objectName(db, name)), err)
	}
	return &t, nil
}

// Table returns the table or view db.name (case-insensitive). A missing one
// is ErrNotFound, naming the database when that is what is missing.
func (c *Catalog) Table(ctx context.Context, db, name string) (*Table, error) {
	db, err := normName("database", db)
	if err != nil {
		return nil, err
	}
	if name, err = normName("table", name); err != nil {
		return nil, err
	}
	return c.tableInTx(ctx, c.db, db, name)
}

// Tables returns the tables and views of database db sorted by name; a
// missing database is ErrNotFound.
func (c *Catalog) Tables(ctx context.Context, db string) ([]Table, error) {
	db, err := normName("database", db)
	if err != nil {
		return nil, err
	}
	// One read transaction, so the existence check and the listing see the
	// same snapshot.
	tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, c.wrap("cannot begin transaction", err)
	}
	defer tx.Rollback()
	if ok, err := c.databaseExists(ctx, tx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, errorf(ErrNotFound, "database %s not found", quoteIdent(db))
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+tableColumns+` FROM tables WHERE db = ? ORDER BY name`, db)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot list tables of database %s", quoteIdent(db)), err)
	}
	defer rows.Close()
	var out []Table
	for rows.Next() {
		t, err := scanTable(rows)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("cannot list tables of database %s", quoteIdent(db)), err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot list tables of database %s", quoteIdent(db)), err)
	}
	return out, nil
}

// DropTable drops table or view db.name and its partitions. A missing one
// (or a missing database) is ErrNotFound unless ifExists.
func (c *Catalog) DropTable(ctx context.Context, db, name string, ifExists bool) error {
	db, err := normName("database", db)
	if err != nil {
		return err
	}
	if name, err = normName("table", name); err != nil {
		return err
	}
	obj := objectName(db, name)
	return c.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partitions WHERE db = ? AND tbl = ?`, db, name); err != nil {
			return c.wrap(fmt.Sprintf("cannot drop partitions of %s", obj), err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM tables WHERE db = ? AND name = ?`, db, name)
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot drop table %s", obj), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot drop table %s", obj), err)
		}
		if n == 0 && !ifExists {
			if ok, err := c.databaseExists(ctx, tx, db); err != nil {
				return err
			} else if !ok {
				return errorf(ErrNotFound, "database %s not found", quoteIdent(db))
			}
			return errorf(ErrNotFound, "table %s not found", obj)
		}
		return nil
	})
}
