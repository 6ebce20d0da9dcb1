package analyzer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sql/parser"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

type fakeTables map[string]*plan.Table

func (f fakeTables) ResolveTable(db, name string) (*plan.Table, error) {
	if db == "" {
		db = "default"
	}
	if t, ok := f[strings.ToLower(db+"."+name)]; ok {
		return t, nil
	}
	return nil, sqlerr.New(sqlerr.TableNotFound, "Table 'awsdatacatalog.%s.%s' does not exist", db, name)
}

func (f fakeTables) TableNames(db string) []string {
	var out []string
	for k := range f {
		if d, n, _ := strings.Cut(k, "."); d == db {
			out = append(out, n)
		}
	}
	return out
}

func mustType(s string) *types.Type {
	t, err := types.Parse(s)
	if err != nil {
		panic(err)
	}
	return t
}

func testTables() fakeTables {
	return fakeTables{"default.ct": &plan.Table{
		Database: "default", Name: "ct", Format: "cloudtrail", Location: "s3://b/logs/",
		DataColumns: []plan.Column{
			{Name: "eventname", Type: types.VarcharType},
			{Name: "eventsource", Type: types.VarcharType},
			{Name: "useridentity", Type: mustType("struct<type:string,arn:string,sessioncontext:struct<sessionissuer:struct<username:string>>>")},
			{Name: "n", Type: types.IntegerType},
			{Name: "b", Type: types.BigIntType},
			{Name: "d", Type: types.DoubleType},
			{Name: "tags", Type: mustType("array<string>")},
			{Name: "ok", Type: types.BooleanType},
		},
		PartitionKeys: []plan.Column{{Name: "region", Type: types.VarcharType}, {Name: "day", Type: types.VarcharType}},
	}}
}

func analyze(t *testing.T, sql string) *Result {
	t.Helper()
	r, err := analyzeErr(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return r
}

func analyzeErr(sql string) (*Result, error) {
	stmts, err := parser.ParseStatements(sql)
	if err != nil {
		return nil, err
	}
	q := stmts[0].Node.(*ast.QueryStmt).Query
	return AnalyzeQuery(sql, q, Session{Database: "default"}, testTables())
}

func scanPaths(s *plan.Scan) []string {
	var out []string
	for _, c := range s.Cols {
		switch c.Kind {
		case plan.DataColumn:
			out = append(out, strings.Join(c.Path, "."))
		case plan.PartitionColumn:
			out = append(out, "partition:"+c.Name)
		default:
			out = append(out, "hidden:"+c.Name)
		}
	}
	return out
}

func TestScanReadsOnlyUsedPaths(t *testing.T) {
	cases := []struct {
		sql  string
		want string
	}{
		{"SELECT eventname FROM ct", "eventname"},
		{"SELECT useridentity.sessioncontext.sessionissuer.username, count(*) FROM ct GROUP BY 1",
			"useridentity.sessioncontext.sessionissuer.username"},
		{"SELECT useridentity.type, useridentity.arn FROM ct WHERE useridentity.type = 'Root'",
			"useridentity.type useridentity.arn"},
		// The whole struct when the query uses the struct itself.
		{"SELECT useridentity FROM ct", "useridentity"},
		{"SELECT count(*) FROM ct", ""},
		{`SELECT "$path", day FROM ct WHERE region = 'us-east-1'`, "partition:region hidden:$path partition:day"},
		{"SELECT ct.eventname, default.ct.n FROM ct", "eventname n"},
		{"SELECT x.eventname FROM ct AS x", "eventname"},
		{"SELECT * FROM ct", "eventname eventsource useridentity n b d tags ok partition:region partition:day"},
	}
	for _, c := range cases {
		r := analyze(t, c.sql)
		if len(r.Scans) != 1 {
			t.Fatalf("%s: %d scans", c.sql, len(r.Scans))
		}
		if got := strings.Join(scanPaths(r.Scans[0]), " "); got != c.want {
			t.Errorf("%s: scan reads %q, want %q", c.sql, got, c.want)
		}
	}
	// The same path used twice is decoded once.
	r := analyze(t, "SELECT useridentity.type, lower(useridentity.type) FROM ct WHERE useridentity.type <> ''")
	if got := scanPaths(r.Scans[0]); len(got) != 1 {
		t.Errorf("duplicate path decoded %d times: %q", len(got), got)
	}
}

func TestWhereSplit(t *testing.T) {
	r := analyze(t, "SELECT eventname FROM ct WHERE region = 'us-east-1' AND day >= '2024/01/01' AND eventname = 'GetObject' AND (day < '2024/02/01' OR n > 1) AND eventsource LIKE '%s3.amazon%'")
	s := r.Scans[0]
	if len(s.PartitionFilter) != 2 {
		t.Fatalf("partition filter = %v", s.PartitionFilter)
	}
	// Partition conjuncts are re-bound to key positions: region = key 0, day = key 1.
	for i, want := range []string{"(region = 'us-east-1')", "(day >= '2024/01/01')"} {
		if got := s.PartitionFilter[i].String(); got != want {
			t.Errorf("partition filter %d = %s, want %s", i, got, want)
		}
	}
	if c := s.PartitionFilter[0].(*plan.Compare).L.(*plan.ColumnRef); c.Index != 0 {
		t.Errorf("region bound to %d", c.Index)
	}
	if c := s.PartitionFilter[1].(*plan.Compare).L.(*plan.ColumnRef); c.Index != 1 {
		t.Errorf("day bound to %d", c.Index)
	}
	// A disjunction mixing a partition key and a data column stays in the scan filter.
	if f := s.Filter.String(); !strings.Contains(f, "(day < '2024/02/01') OR (n > 1)") || !strings.Contains(f, "eventname = 'GetObject'") || strings.Contains(f, "region") {
		t.Errorf("scan filter = %s", f)
	}
	var groups []string
	for _, g := range s.MustContain {
		var alts []string
		for _, lit := range g {
			alts = append(alts, string(lit))
		}
		groups = append(groups, strings.Join(alts, "|"))
	}
	want := []string{`GetObject|\u`, `s3.amazon|\u`}
	if fmt.Sprint(groups) != fmt.Sprint(want) {
		t.Errorf("MustContain = %q, want %q", groups, want)
	}
}

func TestMustContainOnlyWhenSafe(t *testing.T) {
	for _, c := range []struct {
		where string
		want  int
	}{
		{"eventname = 'GetObject'", 1},
		{"eventname IN ('GetObject', 'PutObject')", 1},
		{"regexp_like(eventname, 'Object')", 1},
		{"eventname IN ('GetObject', NULL)", 0},
		{"eventname = 'ab'", 0},                  // too short to be selective
		{"eventname = 'a/b/c'", 0},               // JSON may write \/
		{"eventname = 'caf\u00e9s'", 0},          // JSON may write \u00e9
		{"eventname <> 'GetObject'", 0},          // not implied by a match
		{"NOT (eventname = 'GetObject')", 0},     // negated
		{"eventname = 'GetObject' OR n = 1", 0},  // only one side
		{"lower(eventname) = 'getobject'", 0},    // computed value
		{"eventname LIKE 'Get!%' ESCAPE '!'", 0}, // escapes: not derived
		{"useridentity.type = 'AssumedRole'", 1}, // nested paths too
		{"region = 'us-east-1'", 0},              // partition keys prune instead
	} {
		r := analyze(t, "SELECT 1 FROM ct WHERE "+c.where)
		if got := len(r.Scans[0].MustContain); got != c.want {
			t.Errorf("%s: %d MustContain groups, want %d", c.where, got, c.want)
		}
	}
}

func TestGroupByOrdinalsAndOrderBy(t *testing.T) {
	r := analyze(t, "SELECT eventsource AS src, count(*) AS n FROM ct GROUP BY 1 ORDER BY n DESC, src")
	sort, ok := r.Root.(*plan.Sort)
	if !ok {
		t.Fatalf("root = %T", r.Root)
	}
	if len(sort.Keys) != 2 || !sort.Keys[0].Desc || sort.Keys[1].Desc {
		t.Fatalf("sort keys = %+v", sort.Keys)
	}
	if c := sort.Keys[0].Expr.(*plan.ColumnRef); c.Index != 1 {
		t.Errorf("ORDER BY n -> column %d, want 1", c.Index)
	}
	if c := sort.Keys[1].Expr.(*plan.ColumnRef); c.Index != 0 {
		t.Errorf("ORDER BY src -> column %d, want 0", c.Index)
	}
	// Trino's default: NULLS LAST for ASC and DESC alike.
	for _, k := range sort.Keys {
		if k.NullsFirst {
			t.Errorf("NULLS FIRST by default: %+v", k)
		}
	}
	proj := sort.Input.(*plan.Project)
	agg := proj.Input.(*plan.Aggregate)
	if len(agg.Keys) != 1 || agg.Keys[0].String() != "eventsource" || len(agg.Aggs) != 1 {
		t.Errorf("aggregate keys %v aggs %d", agg.Keys, len(agg.Aggs))
	}
	if fmt.Sprint(r.Names) != "[src n]" {
		t.Errorf("names = %v", r.Names)
	}

	r = analyze(t, "SELECT eventname FROM ct ORDER BY 1 DESC NULLS FIRST, n ASC NULLS LAST OFFSET 2 LIMIT 5")
	lim := r.Root.(*plan.Project).Input.(*plan.Limit)
	if lim.N != 5 || lim.Offset != 2 {
		t.Errorf("limit %d offset %d", lim.N, lim.Offset)
	}
	sort = lim.Input.(*plan.Sort)
	if sort.Limit != 7 {
		t.Errorf("top-N = %d, want limit+offset 7", sort.Limit)
	}
	if !sort.Keys[0].Desc || !sort.Keys[0].NullsFirst || sort.Keys[1].Desc || sort.Keys[1].NullsFirst {
		t.Errorf("keys = %+v", sort.Keys)
	}
	// n is not selected: it is projected for the sort, then dropped.
	if len(r.Names) != 1 || len(r.Root.Columns()) != 1 {
		t.Errorf("output = %v / %v", r.Names, r.Root.Columns())
	}
	if r.Scans[0].Limit != -1 {
		t.Errorf("scan limit %d under a sort", r.Scans[0].Limit)
	}

	// A plain LIMIT lets the scan stop early; a filter doesn't prevent it.
	r = analyze(t, "SELECT eventname FROM ct WHERE n > 1 OFFSET 5 LIMIT 10")
	if r.Scans[0].Limit != 15 {
		t.Errorf("scan limit = %d, want 15", r.Scans[0].Limit)
	}
	r = analyze(t, "SELECT DISTINCT eventname FROM ct LIMIT 10")
	if r.Scans[0].Limit != -1 {
		t.Errorf("DISTINCT: scan limit = %d", r.Scans[0].Limit)
	}

	// ORDER BY an expression over an output alias (Trino resolves output
	// names first).
	r = analyze(t, "SELECT n * 2 AS eventname FROM ct ORDER BY eventname + 1")
	sort = r.Root.(*plan.Project).Input.(*plan.Sort)
	p := sort.Input.(*plan.Project)
	if got := p.Exprs[len(p.Exprs)-1].String(); got != "((n * 2) + 1)" {
		t.Errorf("sort expression = %s, want ((n * 2) + 1)", got)
	}
	// ORDER BY an aggregate alias in an expression.
	r = analyze(t, "SELECT eventname, count(*) AS c FROM ct GROUP BY eventname ORDER BY -c")
	if _, ok := r.Root.(*plan.Project); !ok {
		t.Errorf("root %T", r.Root)
	}
}

func TestAggregates(t *testing.T) {
	// The same call is computed once, whatever its case; different literals are different calls.
	r := analyze(t, "SELECT count(*), COUNT(*), count_if(eventname = 'A'), count_if(eventname = 'a'), count(DISTINCT n), count(n) FROM ct")
	agg := r.Root.(*plan.Project).Input.(*plan.Aggregate)
	if len(agg.Aggs) != 5 {
		t.Errorf("%d aggregate calls, want 5", len(agg.Aggs))
	}
	proj := r.Root.(*plan.Project)
	if proj.Exprs[0].(*plan.ColumnRef).Index != proj.Exprs[1].(*plan.ColumnRef).Index {
		t.Errorf("count(*) and COUNT(*) not shared")
	}
	if proj.Exprs[2].(*plan.ColumnRef).Index == proj.Exprs[3].(*plan.ColumnRef).Index {
		t.Errorf("count_if('A') and count_if('a') shared")
	}
	if proj.Exprs[4].(*plan.ColumnRef).Index == proj.Exprs[5].(*plan.ColumnRef).Index {
		t.Errorf("count(DISTINCT n) and count(n) shared")
	}
	// HAVING without GROUP BY is a global aggregate, filtered.
	r = analyze(t, "SELECT sum(n) FROM ct HAVING count(*) > 0")
	f := r.Root.(*plan.Project).Input.(*plan.Filter)
	if _, ok := f.Input.(*plan.Aggregate); !ok {
		t.Errorf("HAVING input %T", f.Input)
	}
	// GROUP BY an expression, selected again as the same expression.
	analyze(t, "SELECT lower(eventname), count(*) FROM ct GROUP BY lower(eventname)")
	// DISTINCT is an aggregate over all output columns.
	r = analyze(t, "SELECT DISTINCT eventname, n FROM ct")
	if a, ok := r.Root.(*plan.Aggregate); !ok || len(a.Keys) != 2 || len(a.Aggs) != 0 {
		t.Errorf("DISTINCT root %T %+v", r.Root, r.Root)
	}
	r = analyze(t, "SELECT DISTINCT eventname FROM ct ORDER BY eventname")
	if _, ok := r.Root.(*plan.Sort).Input.(*plan.Aggregate); !ok {
		t.Errorf("DISTINCT + ORDER BY: sort input %T", r.Root.(*plan.Sort).Input)
	}
	if _, err := analyzeErr("SELECT DISTINCT eventname FROM ct ORDER BY n"); !errors.Is(err, sqlerr.ExpressionNotAggregate) {
		t.Errorf("DISTINCT ORDER BY unselected: %v", err)
	}
	if _, err := analyzeErr("SELECT sum(eventname) FROM ct"); !errors.Is(err, sqlerr.FunctionNotFound) {
		t.Errorf("sum(varchar): %v", err)
	}
	if _, err := analyzeErr("SELECT n FROM ct HAVING count(*) > 1"); !errors.Is(err, sqlerr.ExpressionNotAggregate) {
		t.Errorf("HAVING with ungrouped column: %v", err)
	}
}

func TestTypeChecking(t *testing.T) {
	ok := []string{
		"n = b",           // integer vs bigint: coerced to bigint
		"n = 1.5",         // integer vs double
		"b < d",           // bigint vs double
		"eventname = 'x'", // varchar vs varchar(1)
		"n IN (1, 2, b)",  // common type bigint
		"n BETWEEN 1 AND b",
		"ok = true",
		"ok IS NULL",
		"NULL = n",
		"n IS DISTINCT FROM NULL",
		"tags = ARRAY['a']",
		"eventname LIKE NULL",
		"coalesce(n, b, 0) > 1",
	}
	for _, w := range ok {
		if _, err := analyzeErr("SELECT 1 FROM ct WHERE " + w); err != nil {
			t.Errorf("%s: %v", w, err)
		}
	}
	bad := []struct{ where, msg string }{
		{"n = 'a'", "Cannot apply operator: integer = varchar(1)"},
		{"eventname = 1", "Cannot apply operator: varchar = integer"},
		{"ok = 1", "Cannot apply operator: boolean = integer"},
		{"tags < ARRAY[1]", "Cannot apply operator"},
		{"n IN ('a')", "IN value and list items must be the same type"},
		{"useridentity.type < useridentity", "Cannot apply operator"},
		{"n LIKE 'a%'", "Left side of LIKE expression must evaluate to a varchar"},
		{"n AND ok", "AND must evaluate to a boolean"},
		{"eventname + 1 > 0", "Cannot apply operator: varchar + integer"},
	}
	for _, c := range bad {
		_, err := analyzeErr("SELECT 1 FROM ct WHERE " + c.where)
		if !errors.Is(err, sqlerr.TypeMismatch) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v, want TYPE_MISMATCH %q", c.where, err, c.msg)
		}
	}
	// Implicit coercions insert casts to the common super type.
	r := analyze(t, "SELECT n + b, n + d, n = b FROM ct")
	p := r.Root.(*plan.Project)
	for i, want := range []string{"bigint", "double", "boolean"} {
		if got := p.Exprs[i].Type().String(); got != want {
			t.Errorf("expr %d (%s) type %s, want %s", i, p.Exprs[i], got, want)
		}
	}
	if s := p.Exprs[0].String(); s != "(CAST(n AS bigint) + b)" {
		t.Errorf("n + b = %s", s)
	}
	// Literals are coerced at analysis time, not cast per row.
	r = analyze(t, "SELECT 1 FROM ct WHERE b = 1")
	if c := r.Scans[0].Filter.(*plan.Compare); c.R.(*plan.Literal).T.Kind != types.BigInt {
		t.Errorf("literal not coerced: %s", c)
	}
	// CASE results get a common type.
	r = analyze(t, "SELECT CASE WHEN ok THEN n ELSE d END, if(ok, 'a', 'bcd') FROM ct")
	p = r.Root.(*plan.Project)
	if p.Exprs[0].Type().Kind != types.Double || p.Exprs[1].Type().Kind != types.Varchar {
		t.Errorf("CASE types %s, %s", p.Exprs[0].Type(), p.Exprs[1].Type())
	}
	if _, err := analyzeErr("SELECT CASE WHEN ok THEN n ELSE 'x' END FROM ct"); !errors.Is(err, sqlerr.TypeMismatch) {
		t.Errorf("CASE integer/varchar: %v", err)
	}
	// Integer literals are integer, large ones bigint, literals with a
	// point decimal (Trino's DECIMAL literal rule), with an exponent double.
	r = analyze(t, "SELECT 1, 3000000000, 1.5, 1e3")
	for i, want := range []string{"integer", "bigint", "decimal(2,1)", "double"} {
		if got := r.Types[i].String(); got != want {
			t.Errorf("literal %d type %s, want %s", i, got, want)
		}
	}
	if fmt.Sprint(r.Names) != "[_col0 _col1 _col2 _col3]" {
		t.Errorf("names %v", r.Names)
	}
}

func TestAnalyzerErrorsPositions(t *testing.T) {
	for _, c := range []struct {
		sql       string
		code      sqlerr.Code
		line, col int
	}{
		{"SELECT useridentity.sessioncontext.nope FROM ct", sqlerr.ColumnNotFound, 1, 8},
		{"SELECT eventname.x FROM ct", sqlerr.TypeMismatch, 1, 18},
		{"SELECT * FROM other.ct", sqlerr.TableNotFound, 1, 15},
		{"SELECT 1 FROM ct\nWHERE count(*) > 0", expressionNotScalar, 2, 16}, // at the operator, as Trino locates a comparison
		{"SELECT x.n FROM ct AS y", sqlerr.ColumnNotFound, 1, 8},
		{"SELECT * FROM foo.bar.baz", sqlerr.NotFound, 1, 15},
		{"SELECT 1 LIMIT 1.5", sqlerr.SyntaxError, 1, 16},
	} {
		_, err := analyzeErr(c.sql)
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != c.code || se.Line != c.line || se.Column != c.col {
			t.Errorf("%q: %v, want %s at %d:%d", c.sql, err, c.code, c.line, c.col)
		}
	}
}

func TestClosest(t *testing.T) {
	got := closest("eventnme", []string{"eventname", "eventsource", "n", "errorcode"})
	if len(got) == 0 || got[0] != "eventname" {
		t.Errorf("closest = %q", got)
	}
	if got := closest("zzzzzz", []string{"eventname", "n"}); len(got) != 0 {
		t.Errorf("closest far = %q", got)
	}
	if s := suggest("typ", []string{"type", "arn"}); s != "; did you mean 'type'?" {
		t.Errorf("suggest = %q", s)
	}
}
