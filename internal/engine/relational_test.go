package engine

import (
	"reflect"
	"strings"
	"testing"

	"trawl/internal/demo"
)

var demoCreate = demo.CreateTablePP

// TestRelationalQueries runs joins, UNNEST, set operations, subqueries,
// CTEs and window functions end to end, over VALUES and over a real
// CloudTrail delivery, with answers worked out by hand from Trino's
// documented semantics.
func TestRelationalQueries(t *testing.T) {
	e, _ := realDelivery(t)
	cases := []struct {
		sql  string
		want []string // rows, columns joined by |, in order
	}{
		{`WITH a(k, v) AS (VALUES (1, 'x'), (2, 'y'), (NULL, 'n')), b(k, w) AS (VALUES (1, 10), (1, 11), (3, 30), (NULL, 0))
		  SELECT a.k, v, w FROM a JOIN b ON a.k = b.k ORDER BY w`,
			[]string{"1|x|10", "1|x|11"}},
		{`WITH a(k, v) AS (VALUES (1, 'x'), (2, 'y'), (NULL, 'n')), b(k, w) AS (VALUES (1, 10), (3, 30), (NULL, 0))
		  SELECT a.k, v, b.k, w FROM a LEFT JOIN b ON a.k = b.k ORDER BY v`,
			[]string{"NULL|n|NULL|NULL", "1|x|1|10", "2|y|NULL|NULL"}},
		{`WITH a(k, v) AS (VALUES (1, 'x'), (2, 'y')), b(k, w) AS (VALUES (1, 10), (3, 30))
		  SELECT a.k, b.k FROM a FULL JOIN b ON a.k = b.k ORDER BY coalesce(a.k, b.k)`,
			[]string{"1|1", "2|NULL", "NULL|3"}},
		{`WITH a(k) AS (VALUES 1, 2), b(k) AS (VALUES 2, 3) SELECT a.k, b.k FROM a RIGHT JOIN b USING (k) ORDER BY b.k`,
			[]string{"2|2", "NULL|3"}},
		{`SELECT x, y FROM (VALUES 1, 2) t(x) CROSS JOIN (VALUES 'a', 'b') u(y) ORDER BY 1, 2`,
			[]string{"1|a", "1|b", "2|a", "2|b"}},
		{`SELECT x, e, n FROM (VALUES (1, ARRAY['a', 'b']), (2, ARRAY[])) t(x, arr) CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(e, n) ORDER BY 1, 3`,
			[]string{"1|a|1", "1|b|2"}},
		{`SELECT x, e FROM (VALUES (1, ARRAY['a']), (2, ARRAY[])) t(x, arr) LEFT JOIN UNNEST(arr) AS u(e) ON true ORDER BY 1`,
			[]string{"1|a", "2|NULL"}},
		{`SELECT * FROM UNNEST(ARRAY[1, 2], ARRAY['a']) ORDER BY 1`,
			[]string{"1|a", "2|NULL"}},
		{`SELECT x FROM (VALUES 1, 2, 2, NULL) t(x) UNION SELECT x FROM (VALUES 2, 3, NULL) t(x) ORDER BY 1 NULLS FIRST`,
			[]string{"NULL", "1", "2", "3"}},
		{`SELECT x FROM (VALUES 1, 2, 2) t(x) UNION ALL SELECT 2 ORDER BY 1`, []string{"1", "2", "2", "2"}},
		{`VALUES 1, 2, 2, 3 INTERSECT VALUES 2, 3, 4`, nil},
		{`SELECT * FROM (VALUES 1, 2, 2, 3 EXCEPT VALUES 2) ORDER BY 1`, []string{"1", "3"}},
		{`SELECT (SELECT max(x) FROM (VALUES 1, 5, 3) t(x)) + 1`, []string{"6"}},
		{`SELECT x FROM (VALUES 1, 2, 3) t(x) WHERE x IN (SELECT y FROM (VALUES 2, 3, 4) u(y)) ORDER BY 1`, []string{"2", "3"}},
		{`SELECT x FROM (VALUES 1, 2) t(x) WHERE x NOT IN (SELECT y FROM (VALUES 2, NULL) u(y))`, []string{}},
		{`SELECT EXISTS (SELECT 1 FROM (VALUES 1) t(x) WHERE x > 1)`, []string{"false"}},
		{`SELECT x, row_number() OVER (ORDER BY x DESC) FROM (VALUES 10, 20, 30) t(x) ORDER BY x`,
			[]string{"10|3", "20|2", "30|1"}},
		{`SELECT g, x, sum(x) OVER (PARTITION BY g ORDER BY x), rank() OVER (PARTITION BY g ORDER BY x) FROM (VALUES ('a', 1), ('a', 1), ('a', 3), ('b', 5)) t(g, x) ORDER BY g, x`,
			[]string{"a|1|2|1", "a|1|2|1", "a|3|5|3", "b|5|5|1"}},
		{`SELECT x, lag(x) OVER (ORDER BY x), lead(x, 1, 0) OVER (ORDER BY x) FROM (VALUES 1, 2, 3) t(x) ORDER BY x`,
			[]string{"1|NULL|2", "2|1|3", "3|2|0"}},
	}
	for _, c := range cases {
		_, rows := query(t, e, c.sql)
		got := []string{}
		for _, r := range rows {
			got = append(got, strings.Join(r, "|"))
		}
		if c.want == nil { // INTERSECT: order unspecified
			if !reflect.DeepEqual(sorted(got), []string{"2", "3"}) {
				t.Errorf("%s\ngot  %v\nwant [2 3]", c.sql, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\ngot  %v\nwant %v", c.sql, got, c.want)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestViews: CREATE [OR REPLACE] VIEW, querying a view (inlined in its own
// database), SHOW VIEWS, DROP VIEW and their errors.
func TestViews(t *testing.T) {
	e, records := realDelivery(t)
	query(t, e, demoDDL())
	query(t, e, `CREATE VIEW by_source AS SELECT eventsource, count(*) AS n FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/10' GROUP BY 1`)
	_, rows := query(t, e, `SELECT sum(n) FROM by_source`)
	if rows[0][0] != itoa(len(records)) {
		t.Errorf("sum over view = %s, want %d", rows[0][0], len(records))
	}
	if err := drain(e, `CREATE VIEW by_source AS SELECT 1 AS x`); err == nil || !strings.Contains(err.Error(), "View already exists") {
		t.Errorf("duplicate view: %v", err)
	}
	query(t, e, `CREATE OR REPLACE VIEW by_source AS SELECT 1 AS x`)
	names, rows := query(t, e, `SELECT * FROM default.by_source`)
	if len(names) != 1 || names[0] != "x" || rows[0][0] != "1" {
		t.Errorf("replaced view: %v %v", names, rows)
	}
	_, rows = query(t, e, `SHOW VIEWS`)
	if len(rows) != 1 || rows[0][0] != "by_source" {
		t.Errorf("SHOW VIEWS = %v", rows)
	}
	query(t, e, `CREATE DATABASE other; CREATE VIEW other.v AS SELECT count(*) AS c FROM default.by_source`)
	_, rows = query(t, e, `SELECT c FROM other.v`)
	if rows[0][0] != "1" {
		t.Errorf("view over view = %v", rows)
	}
	if err := drain(e, `DROP VIEW cloudtrail_logs_pp`); err == nil || !strings.Contains(err.Error(), "not a view") {
		t.Errorf("DROP VIEW on a table: %v", err)
	}
	query(t, e, `DROP VIEW by_source; DROP VIEW IF EXISTS by_source`)
	if err := drain(e, `SELECT * FROM other.v`); err == nil || !strings.Contains(err.Error(), "by_source") {
		t.Errorf("a view over a dropped view must fail naming it: %v", err)
	}
	if err := drain(e, `DROP VIEW by_source`); err == nil || !strings.Contains(err.Error(), "TABLE_NOT_FOUND") {
		t.Errorf("DROP VIEW of a missing view: %v", err)
	}
	if err := drain(e, `CREATE VIEW bad AS SELECT nosuch FROM cloudtrail_logs_pp`); err == nil || !strings.Contains(err.Error(), "COLUMN_NOT_FOUND") {
		t.Errorf("a broken view must be refused: %v", err)
	}
}

func demoDDL() string {
	return strings.NewReplacer("example-bucket", "rb", "account-id", "218007301253", "aws-region", "us-east-1").Replace(demoCreate)
}

// TestExplain: EXPLAIN shows the plan, the predicates pushed into the scan
// and the partitions that survive pruning; EXPLAIN ANALYZE runs the query.
func TestExplain(t *testing.T) {
	e, _ := realDelivery(t)
	query(t, e, demoDDL())
	_, rows := query(t, e, `EXPLAIN SELECT count(*) FROM cloudtrail_logs_pp a JOIN cloudtrail_logs_pp b ON a.requestid = b.requestid
		WHERE a.timestamp = '2023/07/10' AND b.timestamp BETWEEN '2023/07/09' AND '2023/07/11' AND a.eventname = 'GetCallerIdentity'`)
	plan := rows[0][0]
	for _, want := range []string{
		"HashJoin[INNER, keys: requestid = requestid]",
		"Partitions after pruning: 1 of ",
		"Partitions after pruning: 3 of ",
		"Record filter: (eventname = 'GetCallerIdentity')",
		`Records must contain one of: "GetCallerIdentity"`,
		"Columns: [requestid:varchar, timestamp:varchar, eventname:varchar]",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, plan)
		}
	}
	_, rows = query(t, e, `EXPLAIN ANALYZE SELECT count(*) FROM cloudtrail_logs_pp WHERE timestamp = '2023/07/10'`)
	if !strings.Contains(rows[0][0], "Output rows: 1") || !strings.Contains(rows[0][0], "read 55 files") {
		t.Errorf("EXPLAIN ANALYZE:\n%s", rows[0][0])
	}
	_, rows = query(t, e, `EXPLAIN (TYPE VALIDATE) SELECT 1`)
	if rows[0][0] != "true" {
		t.Errorf("EXPLAIN (TYPE VALIDATE) = %v", rows)
	}
}

// TestGroupingSets: GROUPING SETS, ROLLUP and CUBE, with NULL keys for the
// columns a set leaves out and the grand total even over no rows.
func TestGroupingSets(t *testing.T) {
	e, _ := realDelivery(t)
	data := `(VALUES ('a', 'x', 1), ('a', 'y', 2), ('b', 'x', 3)) t(g, h, v)`
	cases := []struct {
		sql  string
		want []string
	}{
		{`SELECT g, h, sum(v) FROM ` + data + ` GROUP BY ROLLUP (g, h) ORDER BY g NULLS LAST, h NULLS LAST`,
			[]string{"a|x|1", "a|y|2", "a|NULL|3", "b|x|3", "b|NULL|3", "NULL|NULL|6"}},
		{`SELECT g, h, count(*) FROM ` + data + ` GROUP BY CUBE (g, h) ORDER BY g NULLS LAST, h NULLS LAST`,
			[]string{"a|x|1", "a|y|1", "a|NULL|2", "b|x|1", "b|NULL|1", "NULL|x|2", "NULL|y|1", "NULL|NULL|3"}},
		{`SELECT g, h, sum(v) FROM ` + data + ` GROUP BY GROUPING SETS ((g), (h)) ORDER BY g NULLS LAST, h NULLS LAST`,
			[]string{"a|NULL|3", "b|NULL|3", "NULL|x|4", "NULL|y|2"}},
		{`SELECT g, h, sum(v) FROM ` + data + ` GROUP BY g, ROLLUP (h) ORDER BY g, h NULLS LAST`,
			[]string{"a|x|1", "a|y|2", "a|NULL|3", "b|x|3", "b|NULL|3"}},
		{`SELECT g, count(*) FROM ` + data + ` WHERE v > 10 GROUP BY ROLLUP (g)`, []string{"NULL|0"}},
	}
	for _, c := range cases {
		_, rows := query(t, e, c.sql)
		got := []string{}
		for _, r := range rows {
			got = append(got, strings.Join(r, "|"))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\ngot  %v\nwant %v", c.sql, got, c.want)
		}
	}
}
