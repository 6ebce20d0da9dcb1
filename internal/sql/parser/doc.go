// Package parser turns SQL text into the syntax tree of package ast: Trino's
// query language as Athena engine v3 accepts it, plus the Hive DDL Athena
// uses for tables of CloudTrail logs (CREATE EXTERNAL TABLE ... ROW FORMAT
// SERDE ... STORED AS ... LOCATION ... TBLPROPERTIES, ALTER TABLE ADD
// PARTITION, MSCK REPAIR TABLE, SHOW and DESCRIBE).
//
// The parser is hand-written recursive descent over the tokens of package
// token, following the rules and precedence of Trino's SqlBase.g4:
// OR < AND < NOT < predicates (comparison, IS, BETWEEN, IN, LIKE) < || < + -
// < * / % < unary + - < AT TIME ZONE < primary with .field and [index].
// Unquoted identifiers are folded to lower case; Trino's reserved words
// cannot be used unquoted, its non-reserved keywords (date, timestamp, type,
// comment, location, year, ...) can.
//
// Syntax errors use Trino's voice: "mismatched input 'x'. Expecting: ...",
// where the expected alternatives are the tokens and rule names (<expression>,
// <identifier>, <query>, <string>, <type>, <integer>, <predicate>) that the
// parser tried at the furthest token it reached, sorted as Trino sorts them.
// Errors are *sqlerr.Error values (a sqlerr.List when there are several),
// positioned by byte offset in the text given to the entry point, so
// positions stay right in multi-statement scripts. Constructs trawl cannot
// run yet are reported with code NOT_SUPPORTED rather than parsed into
// something misleading.
//
// Internally the parser panics with a private bailout value to abandon a
// statement and recovers at the exported entry points; any other panic
// (a runtime.Error is a bug) is re-raised.
package parser
