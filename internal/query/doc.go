// Package query is the query lifecycle behind the Athena API: it accepts
// statements (StartQueryExecution), queues them in submission order, runs
// a bounded number at once on the engine, enforces the per-query timeout
// and the workgroup's bytes-scanned cutoff, stops them on request, writes
// their results to the output location as Athena does
// (<id>.csv + <id>.csv.metadata for queries, <id>.txt for DDL and utility
// statements) and keeps every execution's state and statistics in the
// catalog database, so that the history survives a restart. It also keeps
// the workgroups (primary always exists) and the named queries.
//
// # Restart
//
// Every accepted execution is in the database before its ID is returned.
// On Open, executions that were RUNNING when the process died become
// FAILED with a reason saying so; QUEUED ones are queued again in their
// original order.
//
// # Stored layout (migration "query/0001_init")
//
//	query_executions(seq PK autoincrement, id unique, workgroup, query,
//	    database, catalog, output_location, statement_type, state,
//	    state_reason, error_category, error_type, error_message, params
//	    JSON, client_token, principal, submitted, started, completed,
//	    engine_ms, planning_ms, scanned_bytes, result_format, columns JSON,
//	    result_rows)
//	workgroups(name PK, description, state, output_location, enforce,
//	    bytes_cutoff, created)
//	named_queries(id PK, name, description, database, query, workgroup,
//	    created)
//
// Times are Unix nanoseconds.
//
// # System table
//
// SystemTables exposes this history to SQL as system.query_executions
// (one row per execution, Athena's QueryExecution fields in snake_case,
// times as timestamp(3) with time zone), read from the catalog at each
// scan, so a CloudTrail table's responseElements.queryExecutionId can be
// joined to the query text.
package query
