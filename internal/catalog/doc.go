// Package catalog is trawl's persistent metastore: the databases, tables,
// views and partitions that Hive DDL statements create, kept in an embedded
// SQLite database file (pure Go driver modernc.org/sqlite) inside the data
// directory, the way Athena keeps them in the AWS Glue Data Catalog.
//
// # Concurrency
//
// Several trawl processes may open the same file at once (a `trawl serve`
// and a `trawl query` CLI). The database runs in WAL mode, so readers never
// block writers; every connection waits up to 10 s for a lock (busy
// timeout); and every change runs in one BEGIN IMMEDIATE transaction, so
// concurrent writers are serialised by SQLite and never lose updates.
// Read-modify-write changes (ALTER TABLE ... SET TBLPROPERTIES) should use
// UpdateTable, which reads and writes in the same transaction.
//
// # Names
//
// Database, table, view and column names are stored and compared in lower
// case, as Athena and Glue do ("Castle" becomes "castle"); they must be 1 to
// 255 bytes of valid UTF-8. Column types are stored as given (the DDL layer
// passes Hive/Trino type text in lower case). Partition values are strings
// kept exactly as given and compared byte-wise.
//
// # Errors
//
// Errors wrap the sentinels ErrNotFound, ErrExists, ErrNotEmpty and
// ErrInvalid and name the object concerned, for example
// `database "x" not found`, `table "db"."t" already exists`,
// `partition (year='2024') of table "db"."t" already exists`; callers
// classify them with errors.Is and map them to Trino error names.
//
// # Schema and migrations
//
// The file holds a schema_version table listing the migrations applied, by
// name and in order. The catalog's own migrations come first; other packages
// (query history, users and keys) add their tables with RegisterMigration
// from an init function, and Open applies each registered migration once, in
// registration order, inside the same transaction that records it. DB gives
// them the *sql.DB to use afterwards.
//
// Stored layout (migration "catalog/0001_init"):
//
//	databases(name PK, comment, location, properties JSON, created)
//	tables(db, name, kind, columns JSON, partition_keys JSON, comment, serde,
//	       serde_properties JSON, input_format, output_format, location,
//	       properties JSON, view_sql, view_columns JSON, create_sql, created;
//	       PK (db, name), FK db → databases)
//	partitions(db, tbl, vals JSON array text, location, created;
//	           PK (db, tbl, vals), FK (db, tbl) → tables ON DELETE CASCADE)
//
// Times are stored as Unix nanoseconds and returned in UTC.
package catalog
