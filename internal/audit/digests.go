package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"trawl/internal/audit/digest"
	"trawl/internal/storage"
)

// DigestPeriod is the time a digest file covers (CloudTrail writes them
// hourly).
const DigestPeriod = time.Hour

// Digests writes the digest files of trails with log file validation:
// one per region per period, chained by the previous digest's signature,
// signed with Keys, listing the log files delivered since the region's
// previous digest.
type Digests struct {
	J         *Journal
	Store     storage.MetadataStore
	Keys      *digest.KeyPair
	AccountID string
}

// WriteDigests writes the digests t is due at now: every region whose
// period is over, or every region when final (StopLogging, shutdown).
func (g *Digests) WriteDigests(ctx context.Context, t *Trail, now time.Time, final bool) error {
	regions, err := g.regions(ctx, t)
	if err != nil {
		return err
	}
	for _, region := range regions {
		if err := g.writeRegion(ctx, t, region, now, final); err != nil {
			return fmt.Errorf("digest of trail %s in %s: %w", t.Name, region, err)
		}
	}
	return nil
}

// regions are the trail's home region and every region it has delivered
// for.
func (g *Digests) regions(ctx context.Context, t *Trail) ([]string, error) {
	rows, err := g.J.db.QueryContext(ctx, `SELECT ?2 UNION SELECT DISTINCT region FROM trail_files WHERE trail = ?1
UNION SELECT region FROM trail_digests WHERE trail = ?1 ORDER BY 1`, t.Name, t.HomeRegion)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (g *Digests) writeRegion(ctx context.Context, t *Trail, region string, now time.Time, final bool) error {
	db := g.J.db
	var endNS int64
	var prev digest.Link
	err := db.QueryRowContext(ctx, `SELECT end_time, bucket, key, hash, signature FROM trail_digests WHERE trail = ? AND region = ?`, t.Name, region).
		Scan(&endNS, &prev.Bucket, &prev.Key, &prev.HashHex, &prev.SignatureHex)
	start := t.StartTime
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return err
	default:
		start = fromNanos(endNS)
	}
	if !t.Logging && !start.Before(t.StopTime) {
		return nil // the final digest after StopLogging is written
	}
	if !final && now.Sub(start) < DigestPeriod {
		return nil
	}
	end := now
	if !end.After(start) {
		return nil
	}
	rows, err := db.QueryContext(ctx, `SELECT bucket, key, sha256, oldest, newest FROM trail_files WHERE trail = ? AND region = ? AND digested = 0 ORDER BY key`, t.Name, region)
	if err != nil {
		return err
	}
	var files []digest.LogFile
	for rows.Next() {
		var f digest.LogFile
		var oldest, newest int64
		if err := rows.Scan(&f.Bucket, &f.Key, &f.SHA256Hex, &oldest, &newest); err != nil {
			rows.Close()
			return err
		}
		f.OldestEventTime, f.NewestEventTime = fromNanos(oldest), fromNanos(newest)
		files = append(files, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	link, err := digest.Write(ctx, g.Store, g.Keys, digest.Input{AccountID: g.AccountID, Region: region, TrailName: t.Name, TrailHomeRegion: t.HomeRegion,
		Bucket: t.Bucket, Prefix: t.Prefix, Start: start, End: end, LogFiles: files, Previous: prev})
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO trail_digests(trail, region, end_time, bucket, key, hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(trail, region) DO UPDATE SET end_time = excluded.end_time, bucket = excluded.bucket, key = excluded.key, hash = excluded.hash, signature = excluded.signature`,
		t.Name, region, end.UnixNano(), link.Bucket, link.Key, link.HashHex, link.SignatureHex); err != nil {
		return err
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `UPDATE trail_files SET digested = 1 WHERE trail = ? AND key = ?`, t.Name, f.Key); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE trails SET digest_time = ? WHERE name = ?`, now.UnixNano(), t.Name); err != nil {
		return err
	}
	return tx.Commit()
}
