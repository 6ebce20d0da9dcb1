// Command trawl runs Athena-style SQL over CloudTrail logs: `trawl query`
// runs statements, `trawl gen` writes a realistic generated trail, `trawl
// demo` does both on an empty data dir and answers the seed questions.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"trawl/internal/catalog"
	"trawl/internal/demo"
	"trawl/internal/engine"
	"trawl/internal/gen"
	"trawl/internal/output"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := &cobra.Command{Use: "trawl", Short: "Athena SQL over CloudTrail logs", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().String("data-dir", envOr("TRAWL_DATA_DIR", "./trawl-data"), "folder for the catalog and the embedded object store (env TRAWL_DATA_DIR)")
	root.AddCommand(queryCmd(), genCmd(), demoCmd())
	if err := root.ExecuteContext(ctx); err != nil {
		printError(os.Stderr, err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "error:", err)
	var se *sqlerr.Error
	if errors.As(err, &se) {
		if c := se.Caret(); c != "" {
			fmt.Fprintln(w, c)
		}
	}
}

// openEngine opens the data dir's catalog and object store.
func openEngine(cmd *cobra.Command) (*engine.Engine, func(), error) {
	dir, _ := cmd.Flags().GetString("data-dir")
	if err := os.MkdirAll(filepath.Join(dir, "buckets"), 0o755); err != nil {
		return nil, nil, fmt.Errorf("cannot create data dir %s: %w", dir, err)
	}
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		return nil, nil, err
	}
	router := &storage.Router{S3: file.New(filepath.Join(dir, "buckets")), File: file.New("/")}
	return &engine.Engine{Catalog: cat, Store: router}, func() { cat.Close() }, nil
}

func queryCmd() *cobra.Command {
	var formatName, database, fromFile string
	cmd := &cobra.Command{
		Use:   "query [SQL]",
		Short: "run one or more ;-separated statements (from the argument, -f FILE or standard input)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var src string
			switch {
			case len(args) == 1:
				src = args[0]
			case fromFile != "":
				b, err := os.ReadFile(fromFile)
				if err != nil {
					return err
				}
				src = string(b)
			default:
				b, err := io.ReadAll(os.Stdin)
				if err != nil {
					return err
				}
				src = string(b)
			}
			if formatName == "" {
				formatName = "csv"
				if isatty.IsTerminal(os.Stdout.Fd()) {
					formatName = "table"
				}
			}
			eng, closeFn, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeFn()
			return runSQL(cmd.Context(), eng, src, database, formatName, os.Stdout, os.Stderr)
		},
	}
	cmd.Flags().StringVar(&formatName, "format", "", "output format: table, csv or json (default table on a terminal, csv otherwise)")
	cmd.Flags().StringVar(&database, "database", "default", "session database")
	cmd.Flags().StringVarP(&fromFile, "file", "f", "", "read statements from FILE")
	return cmd
}

func newWriter(name string, w io.Writer) (output.Writer, error) {
	switch name {
	case "csv":
		return output.NewCSV(w), nil
	case "json":
		return output.NewJSON(w), nil
	case "table":
		return output.NewTable(w), nil
	}
	return nil, fmt.Errorf("unknown --format %q: use table, csv or json", name)
}

func runSQL(ctx context.Context, eng *engine.Engine, src, database, formatName string, stdout, stderr io.Writer) error {
	sess := &engine.Session{Database: strings.ToLower(database)}
	return eng.Run(ctx, src, sess, func(r *engine.Result) error {
		for _, w := range r.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		var rows int64
		if len(r.Names) > 0 {
			w, err := newWriter(formatName, stdout)
			if err != nil {
				return err
			}
			if err := w.Header(r.Names, r.Types); err != nil {
				return err
			}
			for {
				b, err := r.Next(ctx)
				if err != nil {
					return err
				}
				if b == nil {
					break
				}
				rows += int64(b.N)
				if err := w.Batch(b); err != nil {
					return err
				}
			}
			if err := w.Close(); err != nil {
				return err
			}
		}
		st := r.Stats
		fmt.Fprintf(stderr, "%d rows in %.3fs; scanned %s in %d files, %d partitions\n",
			rows, time.Since(r.Start).Seconds(), humanBytes(st.BytesScanned.Load()), st.Files.Load(), st.Partitions.Load())
		if m := st.MalformedRecords.Load(); m > 0 {
			fmt.Fprintf(stderr, "warning: %d malformed records skipped ('ignore.malformed.json'='true')\n", m)
		}
		return nil
	})
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.2f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func genCmd() *cobra.Command {
	var out, accounts, regions, start string
	var days int
	var sizeMB float64
	var seed int64
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "write a deterministic, realistic CloudTrail trail in the S3 key layout",
		RunE: func(cmd *cobra.Command, args []string) error {
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
			fmt.Fprintf(os.Stderr, "wrote %d log files (%d records, %s of JSON, %s gzipped), %d digest files, %d other objects in %.1fs\n",
				stats.Files, stats.Records, humanBytes(stats.UncompressedBytes), humanBytes(stats.CompressedBytes), stats.DigestFiles, stats.OddFiles, time.Since(t0).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "./trawl-data/buckets/example-bucket", "folder playing the bucket root")
	cmd.Flags().StringVar(&accounts, "accounts", "123456789012", "comma-separated account ids")
	cmd.Flags().StringVar(&regions, "regions", "us-east-1", "comma-separated regions")
	cmd.Flags().StringVar(&start, "start", "2025-01-01", "first day (YYYY-MM-DD, UTC)")
	cmd.Flags().IntVar(&days, "days", 14, "number of days")
	cmd.Flags().Float64Var(&sizeMB, "size-mb", 200, "approximate total uncompressed JSON in MB")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed (same seed and options give identical files)")
	return cmd
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func demoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "fill an empty data dir with a generated trail, create the seed table and answer the seed questions",
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, _ := cmd.Flags().GetString("data-dir")
			bucketDir := filepath.Join(dir, "buckets", demo.Bucket)
			if _, err := os.Stat(filepath.Join(bucketDir, "AWSLogs")); err != nil {
				fmt.Fprintf(os.Stderr, "generating a 14-day trail in %s ...\n", bucketDir)
				st, err := gen.Generate(cmd.Context(), gen.Options{Out: bucketDir, Accounts: []string{demo.Account}, Regions: []string{demo.Region},
					Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Days: 14, SizeMB: 100, Seed: 1})
				if err != nil {
					return err
				}
				fmt.Fprintf(os.Stderr, "wrote %d files, %d records\n", st.Files, st.Records)
			}
			eng, closeFn, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeFn()
			ctx := cmd.Context()
			ddl := demo.Statements(demo.CreateTablePP, demo.Bucket, demo.Account, demo.Region)
			ddl = strings.Replace(ddl, "CREATE EXTERNAL TABLE", "CREATE EXTERNAL TABLE IF NOT EXISTS", 1)
			if err := runSQL(ctx, eng, ddl, "default", "table", os.Stdout, os.Stderr); err != nil {
				return err
			}
			for _, q := range append(append([]string{}, demo.SeedQueries...), demo.BlogQueries...) {
				fmt.Fprintf(os.Stdout, "\n%s\n\n", q)
				if err := runSQL(ctx, eng, q, "default", "table", os.Stdout, os.Stderr); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
