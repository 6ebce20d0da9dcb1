package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Sentinel errors. Errors returned by the catalog wrap one of them and name
// the object concerned.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
	ErrNotEmpty = errors.New("not empty")
	// ErrInvalid marks a request the catalog refuses to store: an empty or
	// over-long name, an unknown table kind, a wrong number of partition
	// values, partitions on a view.
	ErrInvalid = errors.New("invalid")
)

// DefaultDatabase is the database Open creates when it is missing.
const DefaultDatabase = "default"

// BusyTimeout is how long a connection waits for a lock held by another
// connection or process before failing with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// Error is the error type the catalog returns for its sentinel conditions:
// Error() is the message naming the object, Unwrap the sentinel.
type Error struct {
	Msg  string
	Kind error // ErrNotFound, ErrExists, ErrNotEmpty or ErrInvalid
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

func errorf(kind error, format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Kind: kind}
}

// Catalog is an open catalog file. It is safe for concurrent use by several
// goroutines, and several Catalogs (in one or several processes) may use the
// same file at once.
type Catalog struct {
	db   *sql.DB
	path string

	closeOnce sync.Once
	closeErr  error
}

type migration struct {
	name string
	sql  string
}

// builtinMigrations are the catalog's own schema, applied before any
// registered migration. Never edit an applied migration: append a new one.
var builtinMigrations = []migration{
	{name: "catalog/0001_init", sql: `
CREATE TABLE databases (
	name       TEXT NOT NULL PRIMARY KEY,
	comment    TEXT NOT NULL DEFAULT '',
	location   TEXT NOT NULL DEFAULT '',
	properties TEXT NOT NULL DEFAULT '{}',
	created    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tables (
	db               TEXT NOT NULL REFERENCES databases(name),
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL,
	columns          TEXT NOT NULL DEFAULT '[]',
	partition_keys   TEXT NOT NULL DEFAULT '[]',
	comment          TEXT NOT NULL DEFAULT '',
	serde            TEXT NOT NULL DEFAULT '',
	serde_properties TEXT NOT NULL DEFAULT '{}',
	input_format     TEXT NOT NULL DEFAULT '',
	output_format    TEXT NOT NULL DEFAULT '',
	location         TEXT NOT NULL DEFAULT '',
	properties       TEXT NOT NULL DEFAULT '{}',
	view_sql         TEXT NOT NULL DEFAULT '',
	view_columns     TEXT NOT NULL DEFAULT '[]',
	create_sql       TEXT NOT NULL DEFAULT '',
	created          INTEGER NOT NULL,
	PRIMARY KEY (db, name)
) WITHOUT ROWID;

CREATE TABLE partitions (
	db       TEXT NOT NULL,
	tbl      TEXT NOT NULL,
	vals     TEXT NOT NULL,
	location TEXT NOT NULL DEFAULT '',
	created  INTEGER NOT NULL,
	PRIMARY KEY (db, tbl, vals),
	FOREIGN KEY (db, tbl) REFERENCES tables(db, name) ON DELETE CASCADE
) WITHOUT ROWID;
`},
}

var (
	migrationsMu sync.Mutex
	registered   []migration
)

// RegisterMigration adds a schema migration for another package's tables in
// the catalog file (query history, users and keys, ...). Call it before Open,
// typically from an init function. Open applies the registered migrations
// after the catalog's own, in registration order, each exactly once across
// all opens of the file, tracked by name in the schema_version table; a
// migration runs in the transaction that records it, so its SQL (one or
// several statements) must not contain BEGIN or COMMIT. Never change an
// applied migration: register a new one with a new name.
//
// RegisterMigration panics when name is empty or already registered, or
// when sql is empty: these are programming errors.
func RegisterMigration(name string, sql string) {
	if name == "" {
		panic("catalog: RegisterMigration with an empty name")
	}
	if strings.TrimSpace(sql) == "" {
		panic(fmt.Sprintf("catalog: RegisterMigration %q with empty sql", name))
	}
	migrationsMu.Lock()
	defer migrationsMu.Unlock()
	for _, m := range builtinMigrations {
		if m.name == name {
			panic(fmt.Sprintf("catalog: migration %q is already registered", name))
		}
	}
	for _, m := range registered {
		if m.name == name {
			panic(fmt.Sprintf("catalog: migration %q is already registered", name))
		}
	}
	registered = append(registered, migration{name: name, sql: sql})
}

func allMigrations() []migration {
	migrationsMu.Lock()
	defer migrationsMu.Unlock()
	out := make([]migration, 0, len(builtinMigrations)+len(registered))
	out = append(out, builtinMigrations...)
	return append(out, registered...)
}

// dsn builds the driver data source name for the file at path: a file: URI
// (so any character may appear in the path) with the connection settings
// every connection of the pool gets.
func dsn(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate") // writers take the write lock at BEGIN
	return u.String() + "?" + q.Encode()
}

// Open opens the catalog file at path, creating its parent directory and
// the file when missing (mode 0600: later migrations keep credentials in
// it), applies the pending migrations and creates the database "default"
// when it is missing.
func Open(path string) (*Catalog, error) {
	if path == "" {
		return nil, errors.New("cannot open catalog: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open catalog %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create directory for catalog %s: %w", abs, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open catalog %s: %w", abs, err)
	}
	f.Close()

	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("cannot open catalog %s: %w", abs, err)
	}
	db.SetMaxIdleConns(4)
	c := &Catalog{db: db, path: abs}
	ctx := context.Background()
	if err := c.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open catalog: %w", err) // err names the file
	}
	return c, nil
}

// migrate applies the pending migrations and creates the default database,
// all in one IMMEDIATE transaction so that concurrent Opens serialise.
func (c *Catalog) migrate(ctx context.Context) error {
	return c.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
	version    INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL UNIQUE,
	applied_at INTEGER NOT NULL
)`); err != nil {
			return c.wrap("cannot create schema_version", err)
		}
		applied := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_version`)
		if err != nil {
			return c.wrap("cannot read schema_version", err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return c.wrap("cannot read schema_version", err)
			}
			applied[n] = true
		}
		if err := rows.Close(); err != nil {
			return c.wrap("cannot read schema_version", err)
		}
		if err := rows.Err(); err != nil {
			return c.wrap("cannot read schema_version", err)
		}
		for _, m := range allMigrations() {
			if applied[m.name] {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return c.wrap(fmt.Sprintf("migration %q failed", m.name), err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(name, applied_at) VALUES (?, ?)`,
				m.name, time.Now().UnixNano()); err != nil {
				return c.wrap(fmt.Sprintf("cannot record migration %q", m.name), err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO databases(name, comment, location, properties, created)
VALUES (?, '', '', '{}', ?) ON CONFLICT DO NOTHING`, DefaultDatabase, time.Now().UnixNano())
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot create database %s", quoteIdent(DefaultDatabase)), err)
		}
		return nil
	})
}

// AppliedMigrations returns the names of the migrations recorded in the
// file, in the order they were applied.
func (c *Catalog) AppliedMigrations(ctx context.Context) ([]string, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT name FROM schema_version ORDER BY version`)
	if err != nil {
		return nil, c.wrap("cannot read schema_version", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, c.wrap("cannot read schema_version", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, c.wrap("cannot read schema_version", err)
	}
	return out, nil
}

// Close closes the catalog. It is safe to call more than once.
func (c *Catalog) Close() error {
	c.closeOnce.Do(func() {
		if err := c.db.Close(); err != nil {
			c.closeErr = fmt.Errorf("cannot close catalog %s: %w", c.path, err)
		}
	})
	return c.closeErr
}

// DB returns the underlying database, for packages that keep their own
// tables in the catalog file (see RegisterMigration). Writers should use
// transactions (BeginTx without ReadOnly starts a BEGIN IMMEDIATE one).
func (c *Catalog) DB() *sql.DB { return c.db }

// Path returns the absolute path of the catalog file.
func (c *Catalog) Path() string { return c.path }

// inTx runs fn in a write (BEGIN IMMEDIATE) transaction and commits it when
// fn returns nil; otherwise it rolls back and returns fn's error.
func (c *Catalog) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return c.wrap("cannot begin transaction", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return c.wrap("cannot commit transaction", err)
	}
	return nil
}

// wrap names the catalog file in an error from the database.
func (c *Catalog) wrap(what string, err error) error {
	return fmt.Errorf("catalog %s: %s: %w", c.path, what, err)
}

// quoteIdent renders a name as a SQL delimited identifier: "name".
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteLiteral renders a value as a SQL string literal: 'value'.
func quoteLiteral(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// normName lower-cases a database, table or column name and checks it is
// 1 to 255 bytes of valid UTF-8 (the Glue limits).
func normName(what, name string) (string, error) {
	if name == "" {
		return "", errorf(ErrInvalid, "%s name is empty", what)
	}
	if !utf8.ValidString(name) {
		return "", errorf(ErrInvalid, "%s name %q is not valid UTF-8", what, name)
	}
	n := strings.ToLower(name)
	if len(n) > 255 {
		return "", errorf(ErrInvalid, "%s name %s is longer than 255 bytes", what, quoteIdent(n))
	}
	return n, nil
}

func timeOrNow(t time.Time) int64 {
	if t.IsZero() {
		return time.Now().UnixNano()
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }
