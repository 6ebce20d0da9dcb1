// Package token is the lexer of trawl's SQL: it turns SQL text into tokens
// following Trino's lexical rules (SqlBase.g4), with the additions Athena's
// Hive DDL needs (backquoted identifiers, ':' inside STRUCT<...>).
//
// Tokens carry byte offsets into the text that was lexed; line and column
// are computed only when an error is reported (sqlerr.LineCol). The lexer
// never fails: characters it cannot recognise become Illegal tokens, exactly
// as Trino's catch-all UNRECOGNIZED token, and the parser reports them as
// "mismatched input". An unterminated string or quoted identifier lexes as a
// one-character Illegal token followed by whatever the rest of the text
// lexes as, again as in Trino. The lexer never produces a '>>' token, so
// nested Hive types such as ARRAY<STRUCT<a:STRING>> close level by level.
//
// Keywords are not separate kinds: an unquoted word is an Ident whose Value
// is the upper-cased word, and IsKeyword / IsReserved classify it with
// Trino's keyword and reserved-word lists.
package token
