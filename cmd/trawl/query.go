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
	var formatName, database, fromFile string
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
			if _, err := newWriter(formatName, io.Discard); err != nil {
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
			eng, closeFn, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeFn()
			n, err := runSQL(cmd.Context(), eng, src, database, formatName, stdout, cmd.ErrOrStderr())
			if err == nil && n == 0 {
				err = errors.New("no SQL statement to run")
			}
			return err
		},
	}
	cmd.Flags().StringVar(&formatName, "format", "", "output format: table, csv or json (default table on a terminal, csv otherwise)")
	cmd.Flags().StringVar(&database, "database", "default", "session database")
	cmd.Flags().StringVarP(&fromFile, "file", "f", "", "read statements from FILE (- for standard input)")
	return cmd
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
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
	return n, err
}
