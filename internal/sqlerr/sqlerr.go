// Package sqlerr defines the errors a user's SQL can cause, named as Trino
// names them (SYNTAX_ERROR, COLUMN_NOT_FOUND, TYPE_MISMATCH, ...), with the
// position in the statement text. Callers classify errors with errors.Is
// against the sentinel codes; users read "line 1:8: ...".
package sqlerr

import (
	"errors"
	"fmt"
	"strings"
)

// Code is a Trino error name. Codes are sentinels: errors.Is(err, sqlerr.SyntaxError).
type Code string

func (c Code) Error() string { return string(c) }

// Trino error names used by trawl.
const (
	SyntaxError              Code = "SYNTAX_ERROR"
	ColumnNotFound           Code = "COLUMN_NOT_FOUND"
	TableNotFound            Code = "TABLE_NOT_FOUND"
	SchemaNotFound           Code = "SCHEMA_NOT_FOUND"
	TableAlreadyExists       Code = "TABLE_ALREADY_EXISTS"
	SchemaAlreadyExists      Code = "SCHEMA_ALREADY_EXISTS"
	SchemaNotEmpty           Code = "SCHEMA_NOT_EMPTY"
	FunctionNotFound         Code = "FUNCTION_NOT_FOUND"
	TypeMismatch             Code = "TYPE_MISMATCH"
	AmbiguousName            Code = "AMBIGUOUS_NAME"
	MissingColumnName        Code = "MISSING_COLUMN_NAME"
	InvalidFunctionArgument  Code = "INVALID_FUNCTION_ARGUMENT"
	InvalidCastArgument      Code = "INVALID_CAST_ARGUMENT"
	DivisionByZero           Code = "DIVISION_BY_ZERO"
	NumericValueOutOfRange   Code = "NUMERIC_VALUE_OUT_OF_RANGE"
	NotSupported             Code = "NOT_SUPPORTED"
	InvalidLiteral           Code = "INVALID_LITERAL"
	InvalidColumnReference   Code = "INVALID_COLUMN_REFERENCE"
	ExpressionNotAggregate   Code = "EXPRESSION_NOT_AGGREGATE"
	ExpressionNotConstant    Code = "EXPRESSION_NOT_CONSTANT"
	NestedAggregation        Code = "NESTED_AGGREGATION"
	InvalidOrdinal           Code = "INVALID_ORDINAL"
	InvalidTableProperty     Code = "INVALID_TABLE_PROPERTY"
	InvalidPartitionValue    Code = "HIVE_INVALID_PARTITION_VALUE"
	BadData                  Code = "HIVE_BAD_DATA"
	CannotOpenSplit          Code = "HIVE_CANNOT_OPEN_SPLIT"
	InvalidViewDefinition    Code = "INVALID_VIEW"
	NotFound                 Code = "NOT_FOUND"
	AlreadyExists            Code = "ALREADY_EXISTS"
	MissingTable             Code = "MISSING_TABLE"
	InvalidArguments         Code = "INVALID_ARGUMENTS"
	GenericUserError         Code = "GENERIC_USER_ERROR"
	GenericInternalError     Code = "GENERIC_INTERNAL_ERROR"
	ExceededMemoryLimit      Code = "EXCEEDED_LOCAL_MEMORY_LIMIT"
	QueryCancelled           Code = "USER_CANCELED"
	ConstraintViolation      Code = "CONSTRAINT_VIOLATION"
	InvalidWindowFrame       Code = "INVALID_WINDOW_FRAME"
	DuplicateColumnName      Code = "DUPLICATE_COLUMN_NAME"
	MismatchedColumnAliases  Code = "MISMATCHED_COLUMN_ALIASES"
	SubqueryMultipleRows     Code = "SUBQUERY_MULTIPLE_ROWS"
	InvalidWindowReference   Code = "INVALID_WINDOW_REFERENCE"
	InvalidParameterUsage    Code = "INVALID_PARAMETER_USAGE"
	PartitionProjectionError Code = "HIVE_PARTITION_PROJECTION_ERROR"
)

// Error is a SQL error with a position. Line and Column are 1-based; zero
// when the error has no position in the statement.
type Error struct {
	Code   Code
	Line   int
	Column int
	Offset int // byte offset in the statement, -1 when unknown
	Msg    string
	// Source is the statement text, kept to render a caret under the error.
	Source string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d:%d: %s", e.Code, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Msg)
}

// Is makes errors.Is(err, code) true for the error's code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// Caret renders the offending source line with a caret under the column,
// or "" when the error has no position.
func (e *Error) Caret() string {
	if e.Line == 0 || e.Source == "" {
		return ""
	}
	lines := strings.Split(e.Source, "\n")
	if e.Line > len(lines) {
		return ""
	}
	l := lines[e.Line-1]
	col := e.Column - 1
	if col > len(l) {
		col = len(l)
	}
	pad := make([]byte, 0, col)
	for i := 0; i < col; i++ {
		if l[i] == '\t' {
			pad = append(pad, '\t')
		} else {
			pad = append(pad, ' ')
		}
	}
	return l + "\n" + string(pad) + "^"
}

// At builds an error at byte offset off of src. Column counts characters
// (runes), as Trino's does, from 1.
func At(code Code, src string, off int, format string, args ...any) *Error {
	line, col := LineCol(src, off)
	return &Error{Code: code, Line: line, Column: col, Offset: off, Msg: fmt.Sprintf(format, args...), Source: src}
}

// New builds an error without a position.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

// LineCol turns a byte offset in src into a 1-based line and column.
func LineCol(src string, off int) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	if off > len(src) {
		off = len(src)
	}
	line, col = 1, 1
	for _, r := range src[:off] {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// CodeOf returns the Trino error name of err, or GENERIC_INTERNAL_ERROR.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var c Code
	if errors.As(err, &c) {
		return c
	}
	return GenericInternalError
}

// List is several errors from one statement, sorted by position.
type List []*Error

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Unwrap exposes the errors so errors.Is and errors.As see them.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
