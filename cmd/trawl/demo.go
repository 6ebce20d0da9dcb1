package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"trawl/internal/demo"
	"trawl/internal/gen"
)

func demoCmd() *cobra.Command {
	var sizeMB float64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "fill an empty data dir with a generated trail, create the seed table and answer the seed questions",
		RunE: func(cmd *cobra.Command, args []string) error {
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			dir, _ := cmd.Flags().GetString("data-dir")
			bucketDir := filepath.Join(dir, "buckets", demo.Bucket)
			if _, err := os.Stat(filepath.Join(bucketDir, "AWSLogs")); err != nil {
				fmt.Fprintf(stderr, "generating a 14-day trail in %s ...\n", bucketDir)
				st, err := gen.Generate(cmd.Context(), gen.Options{Out: bucketDir, Accounts: []string{demo.Account}, Regions: []string{demo.Region},
					Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Days: 14, SizeMB: sizeMB, Seed: 1})
				if err != nil {
					return err
				}
				fmt.Fprintf(stderr, "wrote %d files, %d records\n", st.Files, st.Records)
			}
			eng, closeFn, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeFn()
			ctx := cmd.Context()
			for _, ddl := range demo.Setup(demo.Bucket, demo.Account, demo.Region) {
				if _, err := runSQL(ctx, eng, ddl, "default", "table", stdout, stderr); err != nil {
					return err
				}
			}
			for _, q := range demo.Queries() {
				fmt.Fprintf(stdout, "\n%s\n\n", q)
				if _, err := runSQL(ctx, eng, q, "default", "table", stdout, stderr); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().Float64Var(&sizeMB, "size-mb", 100, "approximate uncompressed JSON of the generated trail in MB")
	cmd.Flags().MarkHidden("size-mb")
	return cmd
}
