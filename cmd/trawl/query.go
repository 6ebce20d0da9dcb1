package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"trawl/internal/engine"
	"trawl/internal/output"
)

func queryCmd() *cobra.Command {
	var formatName, database, fromFile, endpoint, region, workgroup, outputLocation string
	cmd := &cobra.Command{
		Use:   "query [SQL]",
		Short: "run one or more ;-separated statements (from the argument, -f FILE or standard input)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stdout := cmd.OutOrStdout()
			if formatName == "" {
				formatName = "csv"
				if isTerminal(stdout) {
					formatName = "table"
				}
			}
			if _, err := output.New(formatName, io.Discard); err != nil {
				return err
			}
			var src string
			switch {
			case len(args) == 1 && fromFile != "":
				return errors.New("give the SQL as an argument or with -f FILE, not both")
			case len(args) == 1:
				src = args[0]
			case fromFile != "" && fromFile != "-":
				b, err := os.ReadFile(fromFile)
				if err != nil {
					return err
				}
				src = string(b)
			default:
				b, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					return err
				}
				src = string(b)
			}
			var n int
			if endpoint != "" {
				dir, _ := cmd.Flags().GetString("data-dir")
				client, err := newRemote(cmd.Context(), endpoint, region, dir)
				if err != nil {
					return err
				}
				r := &remote{client: client, database: strings.ToLower(database), workgroup: workgroup, outputLocation: outputLocation}
				n, err = r.run(cmd.Context(), src, formatName, stdout, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
			} else {
				eng, closeFn, err := openEngine(cmd)
				if err != nil {
					return err
				}
				defer closeFn()
				if n, err = runSQL(cmd.Context(), eng, src, database, formatName, stdout, cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			if n == 0 {
				return errors.New("no SQL statement to run")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&formatName, "format", "", "output format: table, csv or json (default table on a terminal, csv otherwise)")
	cmd.Flags().StringVar(&database, "database", "default", "session database")
	cmd.Flags().StringVarP(&fromFile, "file", "f", "", "read statements from FILE (- for standard input)")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "run the statements on a trawl server (or Athena) through its API at this URL, e.g. http://127.0.0.1:8480")
	cmd.Flags().StringVar(&region, "region", "", "with --endpoint: the region to sign requests for (default from the AWS configuration, else us-east-1)")
	cmd.Flags().StringVar(&workgroup, "workgroup", "", "with --endpoint: the workgroup to run in (default primary)")
	cmd.Flags().StringVar(&outputLocation, "output-location", "", "with --endpoint: where results are written (s3://bucket/prefix/); needed unless the workgroup has one")
	return cmd
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// runSQL runs the statements in src, writing each result to stdout in
// the named format and a summary line per statement to stderr; it
// returns the number of statements run.
func runSQL(ctx context.Context, eng *engine.Engine, src, database, formatName string, stdout, stderr io.Writer) (int, error) {
	sess := &engine.Session{Database: strings.ToLower(database)}
	n := 0
	err := eng.Run(ctx, src, sess, func(r *engine.Result) error {
		n++
		for _, w := range r.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		var rows int64
		if len(r.Names) > 0 {
			w, err := output.New(formatName, stdout)
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
	return n, err
}
