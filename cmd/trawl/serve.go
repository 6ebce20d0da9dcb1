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
	"trawl/internal/api/cloudtrail"
	"trawl/internal/api/sts"
	"trawl/internal/audit"
	"trawl/internal/audit/digest"
	"trawl/internal/iam"
	"trawl/internal/query"
	"trawl/internal/server"
	"trawl/internal/storage"
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
			deliveryInterval, _ := cmd.Flags().GetDuration("trail-delivery-interval")
			tlsCert, _ := cmd.Flags().GetString("tls-cert")
			tlsKey, _ := cmd.Flags().GetString("tls-key")
			if (tlsCert == "") != (tlsKey == "") {
				return errors.New("give both --tls-cert and --tls-key, or neither")
			}
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

			journal, err := audit.OpenJournal(filepath.Join(dir, "cloudtrail", "events.db"))
			if err != nil {
				return err
			}
			defer journal.Close()
			logf := func(format string, args ...any) { fmt.Fprintf(cmd.ErrOrStderr(), "trawl serve: "+format+"\n", args...) }
			deliverer := &audit.Deliverer{J: journal, Store: eng.Store.S3, AccountID: acct.ID, Interval: deliveryInterval, Logf: logf}
			keys, err := digest.LoadOrCreateKey(filepath.Join(dir, "cloudtrail", "digest-key.pem"))
			if err != nil {
				return err
			}
			if ms, ok := eng.Store.S3.(storage.MetadataStore); ok {
				deliverer.Digests = &audit.Digests{J: journal, Store: ms, Keys: keys, AccountID: acct.ID}
			} else {
				logf("the object store keeps no object metadata: trails write no digest files")
			}
			publicKeys := func() []cloudtrail.PublicKey {
				k := keys.Public()
				return []cloudtrail.PublicKey{{DER: k.DER, Fingerprint: k.Fingerprint, ValidFrom: k.ValidFrom, ValidTo: k.ValidTo}}
			}

			srv := server.New(store, acct.ID, region)
			srv.Journal = journal
			srv.Athena = &athena.API{Queries: svc, Engine: eng, AccountID: acct.ID}
			srv.STS = &sts.API{IAM: store, AccountID: acct.ID}
			srv.CloudTrail = &cloudtrail.API{Journal: journal, Deliverer: deliverer, AccountID: acct.ID, Keys: publicKeys}

			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", addr, err)
			}
			scheme := "http"
			if tlsCert != "" {
				scheme = "https"
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "trawl serve: account %s, default region %s\n", acct.ID, region)
			fmt.Fprintf(out, "  API:         %s://%s  (aws ... --endpoint-url %s://%s)\n", scheme, ln.Addr(), scheme, ln.Addr())
			fmt.Fprintf(out, "  console:     %s://%s/\n", scheme, ln.Addr())
			fmt.Fprintf(out, "  credentials: %s  (export AWS_SHARED_CREDENTIALS_FILE=%s)\n", credPath, credPath)
			fmt.Fprintf(out, "  events:      %s  (trails deliver every %s)\n", filepath.Join(dir, "cloudtrail", "events.db"), deliveryInterval)

			dctx, stopDelivery := context.WithCancel(context.Background())
			delivering := make(chan struct{})
			go func() { deliverer.Run(dctx); close(delivering) }()

			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 30 * time.Second}
			done := make(chan error, 1)
			go func() {
				if tlsCert != "" {
					done <- hs.ServeTLS(ln, tlsCert, tlsKey)
				} else {
					done <- hs.Serve(ln)
				}
			}()
			var serveErr error
			select {
			case err := <-done:
				if !errors.Is(err, http.ErrServerClosed) {
					serveErr = err
				}
			case <-cmd.Context().Done():
				sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				hs.Shutdown(sctx)
			}
			// A clean stop delivers what is pending, with the final digests.
			stopDelivery()
			<-delivering
			fctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := deliverer.DeliverAll(fctx, true); err != nil {
				logf("final trail delivery failed (it is retried at the next start): %v", err)
			}
			return serveErr
		},
	}
	cmd.Flags().String("addr", "127.0.0.1:8480", "address to listen on (HOST:PORT)")
	cmd.Flags().String("account-id", "", "12-digit account ID to create on first start (default: random)")
	cmd.Flags().String("region", "us-east-1", "region reported in ARNs when a request names none")
	cmd.Flags().Int("max-concurrent-queries", 4, "queries run at once; the rest wait in submission order")
	cmd.Flags().Duration("query-timeout", 30*time.Minute, "a query running longer fails")
	cmd.Flags().Duration("trail-delivery-interval", 5*time.Minute, "how often trails deliver their log files")
	cmd.Flags().String("tls-cert", "", "serve HTTPS with this certificate (PEM); needs --tls-key")
	cmd.Flags().String("tls-key", "", "the private key (PEM) of --tls-cert")
	return cmd
}
