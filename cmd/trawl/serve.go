package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"trawl/internal/api/athena"
	"trawl/internal/iam"
	"trawl/internal/query"
	"trawl/internal/server"
)

func serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "serve the Athena API (AWS JSON 1.1, SigV4) for the AWS CLI and SDKs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			addr, _ := cmd.Flags().GetString("addr")
			account, _ := cmd.Flags().GetString("account-id")
			region, _ := cmd.Flags().GetString("region")
			maxq, _ := cmd.Flags().GetInt("max-concurrent-queries")
			timeout, _ := cmd.Flags().GetDuration("query-timeout")
			dir, _ := cmd.Flags().GetString("data-dir")
			eng, closeEng, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeEng()
			store := iam.New(eng.Catalog.DB())
			acct, err := store.EnsureAccount(cmd.Context(), account)
			if err != nil {
				return err
			}
			credPath := filepath.Join(dir, "credentials")
			if err := iam.WriteCredentialsFile(credPath, acct.RootKey); err != nil {
				return err
			}
			svc, err := query.Open(cmd.Context(), query.Config{Engine: eng, DB: eng.Catalog.DB(), MaxConcurrent: maxq, Timeout: timeout})
			if err != nil {
				return err
			}
			defer svc.Close()
			srv := server.New(&athena.API{Queries: svc, Engine: eng, AccountID: acct.ID}, store)
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", addr, err)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "trawl serve: account %s, default region %s\n", acct.ID, region)
			fmt.Fprintf(out, "  API:         http://%s  (aws ... --endpoint-url http://%s)\n", ln.Addr(), ln.Addr())
			fmt.Fprintf(out, "  console:     http://%s/\n", ln.Addr())
			fmt.Fprintf(out, "  credentials: %s  (export AWS_SHARED_CREDENTIALS_FILE=%s)\n", credPath, credPath)
			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 30 * time.Second}
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				if !errors.Is(err, http.ErrServerClosed) {
					return err
				}
			case <-cmd.Context().Done():
				sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				hs.Shutdown(sctx)
			}
			return nil
		},
	}
	cmd.Flags().String("addr", "127.0.0.1:8480", "address to listen on (HOST:PORT)")
	cmd.Flags().String("account-id", "", "12-digit account ID to create on first start (default: random)")
	cmd.Flags().String("region", "us-east-1", "region reported in ARNs when a request names none")
	cmd.Flags().Int("max-concurrent-queries", 4, "queries run at once; the rest wait in submission order")
	cmd.Flags().Duration("query-timeout", 30*time.Minute, "a query running longer fails")
	return cmd
}
