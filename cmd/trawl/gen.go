package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"trawl/internal/demo"
	"trawl/internal/gen"
)

func genCmd() *cobra.Command {
	var out, accounts, regions, start string
	var days int
	var sizeMB float64
	var seed int64
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "write a deterministic, realistic CloudTrail trail in the S3 key layout",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("out") {
				dir, _ := cmd.Flags().GetString("data-dir")
				out = filepath.Join(dir, "buckets", demo.Bucket)
			}
			st, err := time.Parse("2006-01-02", start)
			if err != nil {
				return fmt.Errorf("invalid --start %q: want YYYY-MM-DD", start)
			}
			opts := gen.Options{Out: out, Accounts: splitList(accounts), Regions: splitList(regions), Start: st, Days: days, SizeMB: sizeMB, Seed: seed}
			t0 := time.Now()
			stats, err := gen.Generate(cmd.Context(), opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d log files (%d records, %s of JSON, %s gzipped), %d digest files, %d other objects in %.1fs\n",
				stats.Files, stats.Records, humanBytes(stats.UncompressedBytes), humanBytes(stats.CompressedBytes), stats.DigestFiles, stats.OddFiles, time.Since(t0).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder playing the bucket root (default <data-dir>/buckets/"+demo.Bucket+")")
	cmd.Flags().StringVar(&accounts, "accounts", "123456789012", "comma-separated account ids")
	cmd.Flags().StringVar(&regions, "regions", "us-east-1", "comma-separated regions")
	cmd.Flags().StringVar(&start, "start", "2025-01-01", "first day (YYYY-MM-DD, UTC)")
	cmd.Flags().IntVar(&days, "days", 14, "number of days")
	cmd.Flags().Float64Var(&sizeMB, "size-mb", 200, "approximate total uncompressed JSON in MB")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed (same seed and options give identical files)")
	return cmd
}
