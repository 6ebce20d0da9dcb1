// Command trawl runs Athena-style SQL over CloudTrail logs: `trawl query`
// runs statements, `trawl gen` writes a realistic generated trail, `trawl
// demo` does both on an empty data dir and answers the seed questions.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
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
	s3store "trawl/internal/storage/s3"
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
	root.PersistentFlags().String("s3-endpoint", os.Getenv("TRAWL_S3_ENDPOINT"), "URL of an S3-compatible service behind s3:// locations, credentials from the AWS chain (env TRAWL_S3_ENDPOINT)")
	root.PersistentFlags().Bool("s3-path-style", os.Getenv("TRAWL_S3_PATH_STYLE") == "true", "address buckets as endpoint/bucket/key, as most S3-compatible services need (env TRAWL_S3_PATH_STYLE=true)")
	root.PersistentFlags().String("s3", os.Getenv("TRAWL_S3"), `"aws": s3:// locations are AWS S3 under the standard AWS configuration (AWS_REGION, AWS_ENDPOINT_URL_S3, profiles, credentials chain); default: the embedded folder <data-dir>/buckets (env TRAWL_S3)`)
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
	objects, desc, err := openObjectStore(cmd, dir)
	if err != nil {
		cat.Close()
		return nil, nil, err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "object store: %s\n", desc)
	router := &storage.Router{S3: objects, File: file.New("/")}
	// system.query_executions: the API's query history, read at query time.
	eng := &engine.Engine{Catalog: cat, Store: router, System: query.SystemTables(cat.DB())}
	return eng, func() { cat.Close() }, nil
}

// openObjectStore picks the store behind s3:// locations, in the order the
// flags document: an explicit S3-compatible endpoint, else AWS S3 under
// the standard configuration when --s3 aws, else the embedded folder. It
// returns the store and a line saying which it is.
func openObjectStore(cmd *cobra.Command, dir string) (storage.Store, string, error) {
	endpoint, _ := cmd.Flags().GetString("s3-endpoint")
	pathStyle, _ := cmd.Flags().GetBool("s3-path-style")
	mode, _ := cmd.Flags().GetString("s3")
	switch {
	case endpoint != "":
		if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, "", fmt.Errorf("invalid --s3-endpoint %q: want http://host:port or https://host", endpoint)
		}
		st, err := s3store.New(cmd.Context(), s3store.Options{Endpoint: endpoint, PathStyle: pathStyle})
		if err != nil {
			return nil, "", fmt.Errorf("object store %s: %w", endpoint, err)
		}
		return st, st.String(), nil
	case mode == "aws":
		st, err := s3store.New(cmd.Context(), s3store.Options{PathStyle: pathStyle})
		if err != nil {
			return nil, "", fmt.Errorf("object store AWS S3: %w", err)
		}
		return st, st.String(), nil
	case mode == "" || mode == "local":
		root := filepath.Join(dir, "buckets")
		return file.New(root), "local folder " + root, nil
	}
	return nil, "", fmt.Errorf(`invalid --s3 %q: want "aws" (or set --s3-endpoint)`, mode)
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
