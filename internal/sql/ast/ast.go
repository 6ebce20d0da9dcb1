// Package ast declares the syntax tree of the SQL trawl reads: Trino's
// query language (SELECT and friends) and the Hive DDL Athena accepts.
//
// Every node records the byte offsets of its first character (Pos) and one
// past its last (End) in the statement text; line and column are computed
// from these only when an error is reported. Node interfaces are sealed by
// unexported marker methods.
package ast

import "trawl/internal/types"

// Node is any syntax tree node.
type Node interface {
	Pos() int
	End() int
}

// Span is embedded in every node: the node's byte range in the source.
type Span struct {
	From, To int
}

// Pos is the offset of the node's first byte.
func (s Span) Pos() int { return s.From }

// End is the offset one past the node's last byte.
func (s Span) End() int { return s.To }

// Statement is a top-level statement.
type Statement interface {
	Node
	stmtNode()
}

// Expr is a scalar expression.
type Expr interface {
	Node
	exprNode()
}

// Relation is something in a FROM clause.
type Relation interface {
	Node
	relationNode()
}

// QueryBody is a SELECT, a set operation, VALUES, TABLE t, or a
// parenthesised query.
type QueryBody interface {
	Node
	bodyNode()
}

// Ident is one identifier. Name is its lower-cased form for unquoted
// identifiers (Trino folds them) and the exact text for quoted ones
// (Athena still matches them case-insensitively against catalog names).
type Ident struct {
	Span
	Name   string
	Quoted bool
}

// QualifiedName is a dotted name such as db.table or "default"."t".
type QualifiedName struct {
	Span
	Parts []*Ident
}

// ---------------------------------------------------------------- queries

// Query is a full query: WITH, a body, ORDER BY, OFFSET and LIMIT.
type Query struct {
	Span
	With    []*CTE
	Body    QueryBody
	OrderBy []*SortItem
	Offset  Expr // nil when absent
	Limit   Expr // nil when absent; a *NumberLit for LIMIT n, nil for LIMIT ALL
}

// CTE is one WITH entry: name [(columns)] AS (query).
type CTE struct {
	Span
	Name    *Ident
	Columns []*Ident
	Query   *Query
}

// Select is SELECT [DISTINCT|ALL] items [FROM] [WHERE] [GROUP BY] [HAVING] [WINDOW].
type Select struct {
	Span
	Distinct bool
	Items    []SelectItem
	From     Relation // nil for SELECT without FROM; several FROM items become CROSS joins
	Where    Expr
	GroupBy  *GroupBy
	Having   Expr
	Windows  []*NamedWindow
}

// SelectItem is an expression with an optional alias, or a star.
type SelectItem interface {
	Node
	selectItemNode()
}

// SelectExpr is expr [[AS] alias].
type SelectExpr struct {
	Span
	Expr  Expr
	Alias *Ident // nil when absent
}

// SelectStar is * or qualifier.* (Qualifier nil for a bare *).
type SelectStar struct {
	Span
	Qualifier *QualifiedName
}

// SortItem is expr [ASC|DESC] [NULLS FIRST|LAST].
type SortItem struct {
	Span
	Expr       Expr
	Desc       bool
	NullsFirst *bool // nil when not written
}

// GroupBy is GROUP BY [ALL|DISTINCT] elements.
type GroupBy struct {
	Span
	Distinct bool
	Elements []GroupingElement
}

// GroupingElement is one element of GROUP BY.
type GroupingElement interface {
	Node
	groupingNode()
}

// GroupExpr is a plain grouping expression (or ordinal).
type GroupExpr struct {
	Span
	Expr Expr
}

// GroupingSets is GROUPING SETS ((a, b), (a), ()).
type GroupingSets struct {
	Span
	Sets [][]Expr
}

// Rollup is ROLLUP (a, b).
type Rollup struct {
	Span
	Exprs []Expr
}

// Cube is CUBE (a, b).
type Cube struct {
	Span
	Exprs []Expr
}

// NamedWindow is WINDOW name AS (spec).
type NamedWindow struct {
	Span
	Name *Ident
	Spec *WindowSpec
}

// SetOp is left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right.
type SetOp struct {
	Span
	Op    string // "UNION", "INTERSECT", "EXCEPT"
	All   bool
	Left  QueryBody
	Right QueryBody
}

// Values is VALUES row, row, ... (each row an expression; a ROW(...) or a
// parenthesised list becomes a *RowExpr).
type Values struct {
	Span
	Rows []Expr
}

// TableBody is TABLE name.
type TableBody struct {
	Span
	Name *QualifiedName
}

// ParenQuery is a parenthesised query used as a query body.
type ParenQuery struct {
	Span
	Query *Query
}

// -------------------------------------------------------------- relations

// Table is a table or view reference with an optional alias.
type Table struct {
	Span
	Name    *QualifiedName
	Alias   *Ident
	Columns []*Ident // AS t(a, b)
}

// SubqueryRelation is (query) [AS] alias [(columns)].
type SubqueryRelation struct {
	Span
	Query   *Query
	Alias   *Ident
	Columns []*Ident
}

// Join is left [kind] JOIN right [ON cond | USING (cols)].
type Join struct {
	Span
	Kind  string // "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "IMPLICIT" (comma)
	Left  Relation
	Right Relation
	On    Expr
	Using []*Ident
}

// Unnest is UNNEST(expr, ...) [WITH ORDINALITY] [AS alias (columns)].
type Unnest struct {
	Span
	Exprs          []Expr
	WithOrdinality bool
	Alias          *Ident
	Columns        []*Ident
}

// Lateral is LATERAL (query) [AS alias (columns)].
type Lateral struct {
	Span
	Query   *Query
	Alias   *Ident
	Columns []*Ident
}

// ------------------------------------------------------------ expressions

// Identifier is a bare name in an expression (a column, or the first part
// of a dotted reference; a.b.c parses as Dereference(Dereference(a, b), c)).
type Identifier struct {
	Span
	Ident *Ident
}

// Dereference is base.field.
type Dereference struct {
	Span
	Base  Expr
	Field *Ident
}

// StringLit is 'text' (or U&'...'); Value has escapes resolved.
type StringLit struct {
	Span
	Value string
}

// NumberLit is a numeric literal; Text is its source spelling. Kind is
// "integer" (digits only), "decimal" (digits with a point), or "double"
// (with an exponent).
type NumberLit struct {
	Span
	Text string
	Kind string
}

// BoolLit is TRUE or FALSE.
type BoolLit struct {
	Span
	Value bool
}

// NullLit is NULL.
type NullLit struct {
	Span
}

// TypedLit is a type name followed by a string: DATE '2025-01-01',
// TIMESTAMP '...', DECIMAL '1.5', X'ABCD' (Type "varbinary"), JSON '...',
// IPADDRESS '10.0.0.1'.
type TypedLit struct {
	Span
	Type  string // lower-cased type name as written, e.g. "timestamp", "date"
	Value string
}

// IntervalLit is INTERVAL [+|-] 'value' unit [TO unit].
type IntervalLit struct {
	Span
	Negative bool
	Value    string
	From     string // upper-case: YEAR, MONTH, DAY, HOUR, MINUTE, SECOND
	To       string // "" when absent
}

// Parameter is a ? placeholder; Index counts from 0 in source order.
type Parameter struct {
	Span
	Index int
}

// UnaryExpr is -x, +x or NOT x.
type UnaryExpr struct {
	Span
	Op string // "-", "+", "NOT"
	X  Expr
}

// BinaryExpr is an arithmetic, concatenation, comparison or logical
// operator: one of + - * / % || = <> != < <= > >= AND OR.
// "!=" is normalised to "<>".
type BinaryExpr struct {
	Span
	Op          string
	Left, Right Expr
	OpPos       int // offset of the operator token
}

// QuantifiedComparison is x op ALL|ANY|SOME (subquery).
type QuantifiedComparison struct {
	Span
	Op         string
	Quantifier string // "ALL", "ANY", "SOME"
	Left       Expr
	Subquery   *Query
}

// IsDistinctFrom is x IS [NOT] DISTINCT FROM y.
type IsDistinctFrom struct {
	Span
	Not         bool
	Left, Right Expr
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	Span
	Not       bool
	X, Lo, Hi Expr
}

// InList is x [NOT] IN (a, b, ...).
type InList struct {
	Span
	Not  bool
	X    Expr
	List []Expr
}

// InSubquery is x [NOT] IN (query).
type InSubquery struct {
	Span
	Not      bool
	X        Expr
	Subquery *Query
}

// Like is x [NOT] LIKE pattern [ESCAPE esc].
type Like struct {
	Span
	Not     bool
	X       Expr
	Pattern Expr
	Escape  Expr // nil when absent
}

// IsNull is x IS [NOT] NULL.
type IsNull struct {
	Span
	Not bool
	X   Expr
}

// Exists is EXISTS (query).
type Exists struct {
	Span
	Subquery *Query
}

// SubqueryExpr is a scalar subquery (query).
type SubqueryExpr struct {
	Span
	Query *Query
}

// Case is CASE [operand] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	Span
	Operand Expr // nil for a searched CASE
	Whens   []*When
	Else    Expr // nil when absent
}

// When is one WHEN cond THEN result arm.
type When struct {
	Span
	Cond, Result Expr
}

// Cast is CAST(x AS type) or TRY_CAST(x AS type).
type Cast struct {
	Span
	X    Expr
	Type *TypeName
	Try  bool
}

// TypeName is a type as written in SQL, already resolved.
type TypeName struct {
	Span
	Text string // the source text of the type
	Type *types.Type
}

// FuncCall is name([DISTINCT] args [ORDER BY ...]) [WITHIN GROUP (ORDER BY ...)]
// [FILTER (WHERE ...)] [IGNORE|RESPECT NULLS] [OVER window].
// count(*) has Star set and no Args.
type FuncCall struct {
	Span
	Name        *QualifiedName
	Distinct    bool
	Star        bool
	Args        []Expr
	OrderBy     []*SortItem // array_agg(x ORDER BY y), listagg ... WITHIN GROUP (ORDER BY y)
	Filter      Expr
	IgnoreNulls bool
	Over        *WindowSpec // nil when not a window call
}

// WindowSpec is the OVER clause: a reference to a named window and/or
// PARTITION BY, ORDER BY and a frame.
type WindowSpec struct {
	Span
	Ref         *Ident
	PartitionBy []Expr
	OrderBy     []*SortItem
	Frame       *WindowFrame
}

// WindowFrame is ROWS|RANGE|GROUPS BETWEEN start AND end (or only start).
type WindowFrame struct {
	Span
	Unit  string // "ROWS", "RANGE", "GROUPS"
	Start *FrameBound
	End   *FrameBound // nil when only a start was given
}

// FrameBound is UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING
// or UNBOUNDED FOLLOWING.
type FrameBound struct {
	Span
	Kind   string // "UNBOUNDED PRECEDING", "PRECEDING", "CURRENT ROW", "FOLLOWING", "UNBOUNDED FOLLOWING"
	Offset Expr
}

// Subscript is base[index].
type Subscript struct {
	Span
	Base, Index Expr
}

// Lambda is x -> body or (x, y) -> body.
type Lambda struct {
	Span
	Params []*Ident
	Body   Expr
}

// ArrayExpr is ARRAY[a, b, ...].
type ArrayExpr struct {
	Span
	Elems []Expr
}

// RowExpr is ROW(a, b) or (a, b).
type RowExpr struct {
	Span
	Fields []Expr
}

// AtTimeZone is x AT TIME ZONE zone (zone a string expression, or the
// INTERVAL literal form).
type AtTimeZone struct {
	Span
	X    Expr
	Zone Expr
}

// Extract is EXTRACT(field FROM x).
type Extract struct {
	Span
	Field string // upper-case: YEAR, QUARTER, MONTH, WEEK, DAY, DAY_OF_MONTH, DAY_OF_WEEK, DOW, DAY_OF_YEAR, DOY, YEAR_OF_WEEK, YOW, HOUR, MINUTE, SECOND, TIMEZONE_HOUR, TIMEZONE_MINUTE
	X     Expr
}

// CurrentTime is CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME or
// LOCALTIMESTAMP, with an optional precision.
type CurrentTime struct {
	Span
	Name      string // upper-case keyword
	Precision int    // -1 when not given
}

// ---------------------------------------------------------------- statements

// QueryStmt wraps a query used as a statement.
type QueryStmt struct {
	Span
	Query *Query
}

// CreateDatabase is CREATE DATABASE|SCHEMA [IF NOT EXISTS] name [COMMENT 'c']
// [LOCATION 'l'] [WITH DBPROPERTIES (...)].
type CreateDatabase struct {
	Span
	IfNotExists bool
	Name        *Ident
	Comment     string
	Location    string
	Properties  []*Property
}

// DropDatabase is DROP DATABASE|SCHEMA [IF EXISTS] name [RESTRICT|CASCADE].
type DropDatabase struct {
	Span
	IfExists bool
	Name     *Ident
	Cascade  bool
}

// ColumnDef is one column of a CREATE TABLE: name type [COMMENT 'c'].
type ColumnDef struct {
	Span
	Name    *Ident
	Type    *TypeName
	Comment string
}

// Property is one 'key'='value' pair of TBLPROPERTIES, SERDEPROPERTIES or
// DBPROPERTIES.
type Property struct {
	Span
	Key, Value string
}

// CreateTable is CREATE [EXTERNAL] TABLE [IF NOT EXISTS] name (columns)
// [COMMENT] [PARTITIONED BY (columns)] [ROW FORMAT ...] [STORED AS ...]
// [LOCATION] [TBLPROPERTIES].
type CreateTable struct {
	Span
	External        bool
	IfNotExists     bool
	Name            *QualifiedName
	Columns         []*ColumnDef
	Comment         string
	PartitionedBy   []*ColumnDef
	SerDe           string      // ROW FORMAT SERDE 'class'; "" when absent
	SerDeProperties []*Property // WITH SERDEPROPERTIES (...)
	// RowFormatDelimited holds ROW FORMAT DELIMITED options by name
	// ("FIELDS TERMINATED BY" and so on) when that form was used.
	RowFormatDelimited []*Property
	InputFormat        string // STORED AS INPUTFORMAT 'class'
	OutputFormat       string
	StoredAs           string // STORED AS PARQUET|TEXTFILE|... (upper-case); "" when absent
	Location           string
	TblProperties      []*Property
}

// DropTable is DROP TABLE [IF EXISTS] name.
type DropTable struct {
	Span
	IfExists bool
	Name     *QualifiedName
}

// CreateView is CREATE [OR REPLACE] VIEW name AS query. SQL is the query's
// source text.
type CreateView struct {
	Span
	OrReplace bool
	Name      *QualifiedName
	Query     *Query
	SQL       string
}

// DropView is DROP VIEW [IF EXISTS] name.
type DropView struct {
	Span
	IfExists bool
	Name     *QualifiedName
}

// Show is one of the SHOW statements: Kind is "DATABASES" (also for
// SCHEMAS), "TABLES", "VIEWS", "COLUMNS", "PARTITIONS", "CREATE TABLE",
// "CREATE VIEW", "TBLPROPERTIES", "FUNCTIONS".
type Show struct {
	Span
	Kind    string
	Target  *QualifiedName // the table for COLUMNS/PARTITIONS/CREATE ...; the database for TABLES/VIEWS IN db
	Like    string         // LIKE 'pattern'; "" when absent
	HasLike bool
}

// Describe is DESCRIBE [FORMATTED|EXTENDED] name.
type Describe struct {
	Span
	Name      *QualifiedName
	Formatted bool
}

// PartitionSpec is PARTITION (k='v', ...) [LOCATION 'l'].
type PartitionSpec struct {
	Span
	Keys     []*Ident
	Values   []Expr // literals
	Location string
}

// AlterTablePartitions is ALTER TABLE name ADD [IF NOT EXISTS] PARTITION ...
// or ALTER TABLE name DROP [IF EXISTS] PARTITION ..., ....
type AlterTablePartitions struct {
	Span
	Name       *QualifiedName
	Add        bool // false: DROP
	IfExists   bool // IF EXISTS for DROP, IF NOT EXISTS for ADD
	Partitions []*PartitionSpec
}

// AlterTableSetProperties is ALTER TABLE name SET TBLPROPERTIES (...).
type AlterTableSetProperties struct {
	Span
	Name       *QualifiedName
	Properties []*Property
}

// MsckRepair is MSCK REPAIR TABLE name.
type MsckRepair struct {
	Span
	Name *QualifiedName
}

// Explain is EXPLAIN [ANALYZE] [(TYPE LOGICAL|DISTRIBUTED|IO|VALIDATE, FORMAT TEXT|JSON)] statement.
type Explain struct {
	Span
	Analyze bool
	Type    string // upper-case; "" when not given
	Format  string
	Stmt    Statement
}

// Use is USE [catalog.]database.
type Use struct {
	Span
	Name *QualifiedName
}

func (*QueryStmt) stmtNode()               {}
func (*CreateDatabase) stmtNode()          {}
func (*DropDatabase) stmtNode()            {}
func (*CreateTable) stmtNode()             {}
func (*DropTable) stmtNode()               {}
func (*CreateView) stmtNode()              {}
func (*DropView) stmtNode()                {}
func (*Show) stmtNode()                    {}
func (*Describe) stmtNode()                {}
func (*AlterTablePartitions) stmtNode()    {}
func (*AlterTableSetProperties) stmtNode() {}
func (*MsckRepair) stmtNode()              {}
func (*Explain) stmtNode()                 {}
func (*Use) stmtNode()                     {}

func (*Select) bodyNode()     {}
func (*SetOp) bodyNode()      {}
func (*Values) bodyNode()     {}
func (*TableBody) bodyNode()  {}
func (*ParenQuery) bodyNode() {}

func (*SelectExpr) selectItemNode() {}
func (*SelectStar) selectItemNode() {}

func (*GroupExpr) groupingNode()    {}
func (*GroupingSets) groupingNode() {}
func (*Rollup) groupingNode()       {}
func (*Cube) groupingNode()         {}

func (*Table) relationNode()            {}
func (*SubqueryRelation) relationNode() {}
func (*Join) relationNode()             {}
func (*Unnest) relationNode()           {}
func (*Lateral) relationNode()          {}

func (*Identifier) exprNode()           {}
func (*Dereference) exprNode()          {}
func (*StringLit) exprNode()            {}
func (*NumberLit) exprNode()            {}
func (*BoolLit) exprNode()              {}
func (*NullLit) exprNode()              {}
func (*TypedLit) exprNode()             {}
func (*IntervalLit) exprNode()          {}
func (*Parameter) exprNode()            {}
func (*UnaryExpr) exprNode()            {}
func (*BinaryExpr) exprNode()           {}
func (*QuantifiedComparison) exprNode() {}
func (*IsDistinctFrom) exprNode()       {}
func (*Between) exprNode()              {}
func (*InList) exprNode()               {}
func (*InSubquery) exprNode()           {}
func (*Like) exprNode()                 {}
func (*IsNull) exprNode()               {}
func (*Exists) exprNode()               {}
func (*SubqueryExpr) exprNode()         {}
func (*Case) exprNode()                 {}
func (*Cast) exprNode()                 {}
func (*FuncCall) exprNode()             {}
func (*Subscript) exprNode()            {}
func (*Lambda) exprNode()               {}
func (*ArrayExpr) exprNode()            {}
func (*RowExpr) exprNode()              {}
func (*AtTimeZone) exprNode()           {}
func (*Extract) exprNode()              {}
func (*CurrentTime) exprNode()          {}
