package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"trawl/internal/audit"
	"trawl/internal/audit/digest"
	"trawl/internal/iam"
	"trawl/internal/storage"
)

// trailCmd holds the commands about trawl's own trails.
func trailCmd() *cobra.Command {
	root := &cobra.Command{Use: "trail", Short: "work with the trails of trawl's own CloudTrail"}
	var name, start, end string
	validate := &cobra.Command{
		Use:   "validate",
		Short: "validate a trail's log files and digests (like aws cloudtrail validate-logs); exits 1 when anything is invalid",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("data-dir")
			var startT, endT time.Time
			var err error
			if start != "" {
				if startT, err = parseTime(start); err != nil {
					return fmt.Errorf("invalid --start-time %q: %w", start, err)
				}
			}
			if end != "" {
				if endT, err = parseTime(end); err != nil {
					return fmt.Errorf("invalid --end-time %q: %w", end, err)
				}
			}
			eng, closeEng, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeEng()
			acct, err := iam.New(eng.Catalog.DB()).Account(cmd.Context())
			if err != nil {
				return fmt.Errorf("no account in %s (has trawl serve run there?): %w", dir, err)
			}
			journal, err := audit.OpenJournal(filepath.Join(dir, "cloudtrail", "events.db"))
			if err != nil {
				return err
			}
			defer journal.Close()
			t, err := journal.Trail(cmd.Context(), name)
			if err != nil {
				return err
			}
			keyPath := filepath.Join(dir, "cloudtrail", "digest-key.pem")
			if _, err := os.Stat(keyPath); err != nil {
				return fmt.Errorf("no digest signing key in %s: %w", dir, err)
			}
			keys, err := digest.LoadOrCreateKey(keyPath)
			if err != nil {
				return err
			}
			ms, ok := eng.Store.S3.(storage.MetadataStore)
			if !ok {
				return fmt.Errorf("the object store keeps no object metadata, so digests cannot be validated")
			}
			report, err := digest.Validate(cmd.Context(), ms, digest.Options{Bucket: t.Bucket, Prefix: t.Prefix, AccountID: acct.ID,
				TrailName: t.Name, TrailHomeRegion: t.HomeRegion, Start: startT, End: endT, Keys: []digest.PublicKey{keys.Public()}})
			if err != nil {
				return err
			}
			if err := report.Write(cmd.OutOrStdout()); err != nil {
				return err
			}
			if !report.OK() {
				return fmt.Errorf("trail %s: validation found invalid, modified or missing files", t.Name)
			}
			return nil
		},
	}
	validate.Flags().StringVar(&name, "trail", "", "the trail's name (required)")
	validate.Flags().StringVar(&start, "start-time", "", "validate from this time (RFC 3339 or YYYY-MM-DD; default: the trail's first digest)")
	validate.Flags().StringVar(&end, "end-time", "", "validate up to this time (default: now)")
	validate.MarkFlagRequired("trail")
	root.AddCommand(validate)
	return root
}

// parseTime reads RFC 3339, YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD (UTC).
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("want RFC 3339 (2026-11-21T10:00:00Z) or YYYY-MM-DD")
}
