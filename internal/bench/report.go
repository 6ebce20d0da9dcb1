package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Write prints the report as an aligned table, then one line per
// disagreement or DuckDB error.
func (rep *Report) Write(w io.Writer) {
	o := rep.Options
	fmt.Fprintf(w, "trail: %d files, %d records, %.1f MB JSON, %.1f MB gzipped; %d workers; median of %d runs after a warm-up\n",
		rep.Trail.Files, rep.Trail.Records, float64(rep.Trail.UncompressedBytes)/1e6, float64(rep.Trail.CompressedBytes)/1e6, o.Workers, o.Runs)
	if rep.DuckDBVersion != "" {
		fmt.Fprintf(w, "peer: DuckDB %s (@duckdb/node-api), %d threads, same files\n", rep.DuckDBVersion, o.Workers)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "query\trows\tfiles\tMB gz\tMB json\ttrawl s\tMB/s\tMB/s/core\tpeak MB\t")
	if rep.DuckDBVersion != "" {
		fmt.Fprint(tw, "duckdb s\tMB/s/core\tpeak MB\tsame answer\t")
	}
	fmt.Fprintln(tw)
	mb := func(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }
	for i := range rep.Results {
		r := &rep.Results[i]
		perCore := func(s *Side) string {
			if r.EarlyStop {
				return "-" // stops early: not a throughput
			}
			return fmt.Sprintf("%.0f", r.MBps(s)/float64(o.Workers))
		}
		mbps := "-"
		if !r.EarlyStop {
			mbps = fmt.Sprintf("%.0f", r.MBps(&r.Trawl))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%.3f\t%s\t%s\t%s\t", r.Name, r.Trawl.Rows, r.Files, mb(r.CompressedBytes), mb(r.UncompressedBytes),
			r.Trawl.Seconds, mbps, perCore(&r.Trawl), mb(r.Trawl.PeakRSS))
		if rep.DuckDBVersion != "" {
			if d := r.DuckDB; d == nil || d.Err != nil {
				fmt.Fprint(tw, "-\t-\t-\t-\t")
			} else {
				fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t", d.Seconds, perCore(d), mb(d.PeakRSS), r.Agree)
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for _, r := range rep.Results {
		if r.DuckDB != nil && r.DuckDB.Err != nil {
			fmt.Fprintf(w, "%s: %v\n", r.Name, r.DuckDB.Err)
		} else if r.DuckDB != nil && r.Agree != "yes" {
			fmt.Fprintf(w, "%s: answers differ\n  trawl:  %v\n  duckdb: %v\n", r.Name, head(r.Trawl.Answer), head(r.DuckDB.Answer))
		}
	}
}

func head(rows [][]string) [][]string {
	if len(rows) > 5 {
		return rows[:5]
	}
	return rows
}
