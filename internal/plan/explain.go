package plan

import (
	"fmt"
	"strings"
)

// ScanNote adds facts known outside the plan to a scan's EXPLAIN lines
// (the partitions left after pruning, statistics of a run).
type ScanNote func(s *Scan) []string

// Explain renders a plan as an indented tree, one operator per line, its
// details indented below it: for scans the table, the record paths
// decoded, the predicates pushed into the scan (partition filter, record
// filter, literals a record must contain) and whatever note adds.
func Explain(n Node, note ScanNote) string {
	var b strings.Builder
	explain(&b, n, 0, note)
	return strings.TrimRight(b.String(), "\n")
}

func explain(b *strings.Builder, n Node, depth int, note ScanNote) {
	ind := strings.Repeat("    ", depth)
	line := func(format string, args ...any) { fmt.Fprintf(b, ind+format+"\n", args...) }
	detail := func(format string, args ...any) { fmt.Fprintf(b, ind+"    "+format+"\n", args...) }
	names := func(cols []Column) string {
		s := make([]string, len(cols))
		for i, c := range cols {
			s[i] = c.Name + ":" + c.Type.String()
		}
		return strings.Join(s, ", ")
	}
	switch x := n.(type) {
	case *Scan:
		line("Scan[%s.%s]", x.Table.Database, x.Table.Name)
		if x.Table.System != nil {
			detail("System table: rows computed when the query runs")
		} else {
			detail("Location: %s", x.Table.Location)
		}
		var cols []string
		for _, c := range x.Cols {
			switch c.Kind {
			case DataColumn:
				cols = append(cols, strings.Join(c.Path, ".")+":"+c.Type.String())
			default:
				cols = append(cols, c.Name+":"+c.Type.String())
			}
		}
		detail("Columns: [%s]", strings.Join(cols, ", "))
		if len(x.PartitionFilter) > 0 {
			// Partition filters refer to partition keys by position.
			var fs []string
			for _, f := range x.PartitionFilter {
				fs = append(fs, f.String())
			}
			detail("Partition filter: %s", strings.Join(fs, " AND "))
		}
		if x.Filter != nil {
			detail("Record filter: %s", x.Filter)
		}
		for _, g := range x.MustContain {
			var lits []string
			for _, l := range g {
				lits = append(lits, fmt.Sprintf("%q", l))
			}
			detail("Records must contain one of: %s", strings.Join(lits, ", "))
		}
		if x.Limit >= 0 {
			detail("Stops after %d rows", x.Limit)
		}
		if note != nil {
			for _, s := range note(x) {
				detail("%s", s)
			}
		}
		return
	case *Filter:
		line("Filter[%s]", x.Pred)
		explain(b, x.Input, depth+1, note)
	case *Project:
		var es []string
		for i, e := range x.Exprs {
			es = append(es, x.Names[i]+" := "+e.String())
		}
		line("Project[%s]", strings.Join(es, ", "))
		explain(b, x.Input, depth+1, note)
	case *Aggregate:
		var ks []string
		for _, k := range x.Keys {
			ks = append(ks, k.String())
		}
		line("Aggregate[keys=[%s], aggregates=[%s]]", strings.Join(ks, ", "), aggList(x.Aggs))
		explain(b, x.Input, depth+1, note)
	case *Sort:
		var ks []string
		for _, k := range x.Keys {
			s := k.Expr.String()
			if k.Desc {
				s += " DESC"
			}
			if k.NullsFirst {
				s += " NULLS FIRST"
			}
			ks = append(ks, s)
		}
		if x.Limit >= 0 {
			line("TopN[%d, %s]", x.Limit, strings.Join(ks, ", "))
		} else {
			line("Sort[%s]", strings.Join(ks, ", "))
		}
		explain(b, x.Input, depth+1, note)
	case *Limit:
		if x.Offset > 0 {
			line("Limit[%d, offset %d]", x.N, x.Offset)
		} else {
			line("Limit[%d]", x.N)
		}
		explain(b, x.Input, depth+1, note)
	case *Values:
		line("Values[%d rows: %s]", len(x.Rows), names(x.Cols))
	case *Join:
		var conds []string
		for i := range x.LeftKeys {
			conds = append(conds, x.LeftKeys[i].String()+" = "+x.RightKeys[i].String())
		}
		kind := "NestedLoopJoin"
		if len(x.LeftKeys) > 0 {
			kind = "HashJoin"
		}
		s := fmt.Sprintf("%s[%s", kind, x.Kind)
		if len(conds) > 0 {
			s += ", keys: " + strings.Join(conds, " AND ")
		}
		if x.Filter != nil {
			s += ", filter: " + x.Filter.String()
		}
		if len(x.Aggs) > 0 {
			s += ", aggregates: [" + aggList(x.Aggs) + "]"
		}
		line("%s]", s)
		explain(b, x.Left, depth+1, note)
		explain(b, x.Right, depth+1, note)
	case *Unnest:
		var es []string
		for _, e := range x.Exprs {
			es = append(es, e.String())
		}
		s := "Unnest[" + strings.Join(es, ", ")
		if x.WithOrdinality {
			s += " WITH ORDINALITY"
		}
		if x.Outer {
			s += ", outer"
		}
		line("%s]", s)
		explain(b, x.Input, depth+1, note)
	case *SetOp:
		all := ""
		if x.All {
			all = " ALL"
		}
		line("%s%s", x.Kind, all)
		explain(b, x.Left, depth+1, note)
		explain(b, x.Right, depth+1, note)
	case *Window:
		var fs []string
		for _, f := range x.Funcs {
			fs = append(fs, f.Name)
		}
		line("Window[%s]", strings.Join(fs, ", "))
		explain(b, x.Input, depth+1, note)
	default:
		line("%T", n)
	}
}

// aggList renders aggregate calls: name(DISTINCT args) FILTER (WHERE ...).
func aggList(aggs []AggCall) string {
	var as []string
	for _, g := range aggs {
		args := make([]string, len(g.Args))
		for i, a := range g.Args {
			args[i] = a.String()
		}
		d := ""
		if g.Distinct {
			d = "DISTINCT "
		}
		s := g.Fn.Name + "(" + d + strings.Join(args, ", ") + ")"
		if g.Filter != nil {
			s += " FILTER (WHERE " + g.Filter.String() + ")"
		}
		as = append(as, s)
	}
	return strings.Join(as, ", ")
}
