// Package resultfile writes and pages through stored query results, the
// files Athena leaves at a query's output location:
//
//   - <QueryExecutionId>.csv for SELECT-like statements: RFC 4180 CSV in
//     which every non-NULL field is double-quoted (a quote inside a value
//     is doubled: "a""b"), NULL is an empty unquoted field, and every line
//     ends with "\n". The first line is the header of column names, quoted
//     the same way. Values are stored in their Trino text form, exactly as
//     the caller gives them; this package does no formatting. These are
//     the quoting rules of internal/output's CSV writer, which renders the
//     same format for the command line.
//
//   - <QueryExecutionId>.csv.metadata beside it. Real Athena writes a
//     binary protobuf there; trawl writes its own JSON document instead:
//
//     {"columns":[{"name":"id","type":"bigint"},{"name":"tags","type":"array(varchar)"}],"rows":2500,"format":"csv"}
//
//     "type" is the Trino type text ("varchar", "bigint", "timestamp(3)",
//     "array(varchar)", ...), "rows" the number of data rows (the header
//     not counted) and "format" "csv" or "txt". No metadata is written for
//     .txt results.
//
//   - <QueryExecutionId>.txt for DDL and utility statements (SHOW TABLES,
//     DESCRIBE, SHOW CREATE TABLE, EXPLAIN, CREATE ...): each row's fields
//     joined with "\t", one row per line ended by "\n", no header and no
//     quoting; NULL is written as an empty field. Values are written
//     verbatim, so a value holding a newline or a tab reads back as
//     further rows or fields, as Athena's text results do (EXPLAIN's
//     multi-line plan reads back one row per line), and an empty field
//     reads back as the empty string, never NULL.
//
// Writer streams rows into either format. Page serves GetQueryResults: it
// reads one page of at most MaxPageSize rows from a stored result and
// returns an opaque, URL-safe token for the next page that records the
// byte offset to resume from, so a result of millions of rows is never
// held in memory, and a later page does not re-parse the rows before it.
// For CSV, the header row is the first row of the first page, as Athena's
// GetQueryResults returns it.
package resultfile
