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
	"syscall"

	"github.com/spf13/cobra"

	"trawl/internal/catalog"
	"trawl/internal/engine"
	"trawl/internal/query"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line with the given streams and returns the
// exit status: 0 on success, 1 with the error on stderr otherwise.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		printError(stderr, err)
		return 1
	}
	return 0
}

// newRoot builds the command tree.
func newRoot() *cobra.Command {
	root := &cobra.Command{Use: "trawl", Short: "Athena SQL over CloudTrail logs", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().String("data-dir", envOr("TRAWL_DATA_DIR", "./trawl-data"), "folder for the catalog and the embedded object store (env TRAWL_DATA_DIR)")
	root.AddCommand(queryCmd(), genCmd(), demoCmd(), benchCmd(), serveCmd(), iamCmd(), trailCmd())
	return root
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
	// system.query_executions: the API's query history, read at query time.
	eng := &engine.Engine{Catalog: cat, Store: router, System: query.SystemTables(cat.DB())}
	return eng, func() { cat.Close() }, nil
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

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
