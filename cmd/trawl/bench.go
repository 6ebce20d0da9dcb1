package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"trawl/internal/bench"
)

// benchCmd is `trawl bench`: the end-to-end benchmark of internal/bench.
func benchCmd() *cobra.Command {
	var o bench.Options
	var dir string
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "generate a trail and time the seed queries (optionally against DuckDB)",
		Long: `bench generates a trail with trawl gen (kept in --dir and reused while the
parameters stay the same), creates the seed tables over it and runs every
seed query and two everyday full scans: one warm-up, then --runs timed runs.
It prints per query the rows, files, compressed and uncompressed MB read,
the median seconds, MB/s of uncompressed JSON in all and per core, and the
peak resident memory. With --duckdb it runs the same questions on DuckDB
(@duckdb/node-api, installed with npm into --dir) over the same files with
the same number of threads, and says whether the answers agree.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				dataDir, _ := cmd.Flags().GetString("data-dir")
				dir = filepath.Join(dataDir, "bench")
			}
			o.Dir = dir
			o.Log = func(format string, a ...any) { fmt.Fprintf(cmd.ErrOrStderr(), format+"\n", a...) }
			rep, err := bench.Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			rep.Write(cmd.OutOrStdout())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, "dir", "", "working folder for the trail and the bench catalog (default <data-dir>/bench)")
	f.Float64Var(&o.SizeMB, "size-mb", 1000, "uncompressed JSON to generate, in MB")
	f.IntVar(&o.Days, "days", 14, "days of trail from 2025-01-01 (the seed queries read 2025/01/02 to 2025/01/07)")
	f.Int64Var(&o.Seed, "seed", 1, "generator seed")
	f.IntVar(&o.Runs, "runs", 5, "timed runs per query after one warm-up")
	f.IntVar(&o.Workers, "workers", 0, "scan workers and DuckDB threads (default: all cores)")
	f.BoolVar(&o.DuckDB, "duckdb", false, "also run the queries on DuckDB (needs node and npm)")
	f.StringVar(&o.Only, "only", "", "run only the queries whose name contains this")
	return cmd
}
