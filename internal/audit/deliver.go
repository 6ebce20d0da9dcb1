package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"trawl/internal/storage"
)

// MaxBatch bounds the events one delivery pass takes for a trail.
const MaxBatch = 20000

// Deliverer delivers journaled events to the trails' buckets as
// CloudTrail log files, and writes their digests.
//
// Exactly once: before writing anything, a pass records its batch (the
// range of journal sequence numbers and the batch's time) in the
// journal; the files' names and contents are a function of the batch
// alone. The batch is closed, and the trail's delivered position moved,
// in one transaction once every file is stored. A pass interrupted by a
// crash is redone at the next start with the same batch, so it rewrites
// the same objects under the same keys instead of adding duplicates.
type Deliverer struct {
	J         *Journal
	Store     storage.Store // the object store behind s3:// buckets
	AccountID string
	// Interval is the time between delivery passes (CloudTrail delivers
	// about every 5 minutes).
	Interval time.Duration
	// Digests writes a trail's digest files; nil = no digests.
	Digests DigestWriter
	Now     func() time.Time
	Logf    func(format string, args ...any)
	// RetryDelay is the first wait after a failed pass; it doubles up to
	// Interval. 0 = 1 s.
	RetryDelay time.Duration

	// afterPut, when set (tests), runs after a batch's files are stored
	// and before the batch is closed; an error abandons the pass there.
	afterPut func() error

	mu   sync.Mutex // one pass at a time
	kick chan struct{}
	once sync.Once
}

// DigestWriter writes the digest files a trail is due (final: also those
// whose hour is not over, as at StopLogging and shutdown).
type DigestWriter interface {
	WriteDigests(ctx context.Context, t *Trail, now time.Time, final bool) error
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

func (d *Deliverer) logf(format string, args ...any) {
	if d.Logf != nil {
		d.Logf(format, args...)
	}
}

// Kick asks for a delivery pass soon (after StopLogging, for example).
func (d *Deliverer) Kick() {
	d.once.Do(func() { d.kick = make(chan struct{}, 1) })
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run delivers at once (what a previous process left pending), then every
// Interval and when kicked, until ctx ends. A failed pass is retried with
// a growing delay (RetryDelay doubling, at most Interval).
func (d *Deliverer) Run(ctx context.Context) {
	d.once.Do(func() { d.kick = make(chan struct{}, 1) })
	interval := d.Interval
	if interval <= 0 {
		interval = 5 * time.Minute
	}
	first := d.RetryDelay
	if first <= 0 {
		first = time.Second
	}
	retry := first
	wait := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		case <-d.kick:
		}
		if err := d.DeliverAll(ctx, false); err != nil {
			if ctx.Err() != nil {
				return
			}
			d.logf("trail delivery failed (retrying in %s): %v", retry, err)
			wait = retry
			retry = min(retry*2, interval)
			continue
		}
		retry = first
		wait = interval
		if p := d.J.Prune(ctx, d.now()); p != nil {
			d.logf("cannot prune the event journal: %v", p)
		}
	}
}

// DeliverAll runs one delivery pass over every trail; final also writes
// the digests of the current period (shutdown).
func (d *Deliverer) DeliverAll(ctx context.Context, final bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	trails, err := d.J.Trails(ctx)
	if err != nil {
		return err
	}
	var firstErr error
	for _, t := range trails {
		if err := d.deliverTrail(ctx, t, final); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("trail %s: %w", t.Name, err)
		}
	}
	return firstErr
}

// Flush delivers what is pending for one trail and its final digest
// (StopLogging).
func (d *Deliverer) Flush(ctx context.Context, name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.J.Trail(ctx, name)
	if err != nil {
		return err
	}
	return d.deliverTrail(ctx, t, true)
}

// deliverTrail delivers batches until the trail is caught up, then its
// due digests.
func (d *Deliverer) deliverTrail(ctx context.Context, t *Trail, final bool) error {
	if t.StartTime.IsZero() {
		return nil // never logged
	}
	for {
		more, err := d.deliverBatch(ctx, t)
		d.recordAttempt(ctx, t.Name, err)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if t, err = d.J.Trail(ctx, t.Name); err != nil {
			return err
		}
	}
	if d.Digests != nil && t.LogFileValidation {
		err := d.Digests.WriteDigests(ctx, t, d.now(), final || !t.Logging)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		d.J.db.ExecContext(ctx, `UPDATE trails SET digest_error = ? WHERE name = ?`, msg, t.Name)
		return err
	}
	return nil
}

func (d *Deliverer) recordAttempt(ctx context.Context, name string, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	d.J.db.ExecContext(ctx, `UPDATE trails SET delivery_attempt = ?, delivery_error = ? WHERE name = ?`, d.now().UnixNano(), msg, name)
}

// batch is one delivery pass's range of the journal.
type batch struct {
	from, upto int64
	created    time.Time
}

// deliverBatch delivers the trail's open batch, opening one when there
// is none; it reports whether more events wait.
func (d *Deliverer) deliverBatch(ctx context.Context, t *Trail) (bool, error) {
	db := d.J.db
	var b batch
	var created int64
	err := db.QueryRowContext(ctx, `SELECT from_seq, upto_seq, created FROM trail_batches WHERE trail = ?`, t.Name).Scan(&b.from, &b.upto, &created)
	more := false
	switch {
	case err == sql.ErrNoRows:
		var upto sql.NullInt64
		var count int
		if err := db.QueryRowContext(ctx, `SELECT max(seq), count(*) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)`,
			t.DeliveredSeq, MaxBatch).Scan(&upto, &count); err != nil {
			return false, err
		}
		if !upto.Valid {
			return false, nil
		}
		more = count == MaxBatch
		b = batch{from: t.DeliveredSeq, upto: upto.Int64, created: d.now().Truncate(time.Second)}
		if _, err := db.ExecContext(ctx, `INSERT INTO trail_batches(trail, from_seq, upto_seq, created) VALUES (?, ?, ?, ?)`,
			t.Name, b.from, b.upto, b.created.UnixNano()); err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	default:
		b.created = fromNanos(created)
		more = true // a redone batch: look again afterwards
	}
	files, err := d.buildFiles(ctx, t, b)
	if err != nil {
		return false, err
	}
	st := d.Store
	for _, f := range files {
		if err := st.Put(ctx, t.Bucket, f.key, bytes.NewReader(f.data)); err != nil {
			return false, fmt.Errorf("cannot deliver s3://%s/%s: %w", t.Bucket, f.key, err)
		}
	}
	if d.afterPut != nil {
		if err := d.afterPut(); err != nil {
			return false, err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	now := d.now().UnixNano()
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trail_files(trail, region, bucket, key, sha256, oldest, newest) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`, t.Name, f.region, t.Bucket, f.key, f.sha256, f.oldest.UnixNano(), f.newest.UnixNano()); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM trail_batches WHERE trail = ?`, t.Name); err != nil {
		return false, err
	}
	q := `UPDATE trails SET delivered_seq = ? WHERE name = ?`
	if len(files) > 0 {
		q = `UPDATE trails SET delivered_seq = ?, delivery_time = ` + fmt.Sprint(now) + ` WHERE name = ?`
	}
	if _, err := tx.ExecContext(ctx, q, b.upto, t.Name); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	if len(files) > 0 {
		d.logf("trail %s: delivered %d log files (events %d..%d)", t.Name, len(files), b.from+1, b.upto)
	}
	return more, nil
}

// logFile is one file of a batch.
type logFile struct {
	region, key    string
	sha256         string // of the uncompressed content
	oldest, newest time.Time
	data           []byte
}

// buildFiles renders a batch's events for the trail: one gzipped
// {"Records":[...]} file per region and UTC day of the events, named as
// CloudTrail names them, the 16-character suffix derived from the batch.
func (d *Deliverer) buildFiles(ctx context.Context, t *Trail, b batch) ([]logFile, error) {
	q := `SELECT event_time, region, record FROM events WHERE seq > ? AND seq <= ? AND event_time >= ?`
	args := []any{b.from, b.upto, t.StartTime.UnixNano()}
	if !t.Logging {
		q += ` AND event_time <= ?`
		args = append(args, t.StopTime.UnixNano())
	}
	if !t.MultiRegion {
		q += ` AND region = ?`
		args = append(args, t.HomeRegion)
	}
	rows, err := d.J.db.QueryContext(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type group struct {
		region, day    string
		records        [][]byte
		oldest, newest time.Time
	}
	groups := map[string]*group{}
	for rows.Next() {
		var ns int64
		var region, rec string
		if err := rows.Scan(&ns, &region, &rec); err != nil {
			return nil, err
		}
		et := time.Unix(0, ns).UTC()
		day := et.Format("2006/01/02")
		g := groups[region+" "+day]
		if g == nil {
			g = &group{region: region, day: day, oldest: et, newest: et}
			groups[region+" "+day] = g
		}
		g.records = append(g.records, []byte(rec))
		if et.Before(g.oldest) {
			g.oldest = et
		}
		if et.After(g.newest) {
			g.newest = et
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []logFile
	for _, k := range keys {
		g := groups[k]
		var raw bytes.Buffer
		raw.WriteString(`{"Records":[`)
		for i, r := range g.records {
			if i > 0 {
				raw.WriteByte(',')
			}
			raw.Write(r)
		}
		raw.WriteString("]}")
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
		zw.Write(raw.Bytes())
		if err := zw.Close(); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(raw.Bytes()) // digests hash the uncompressed content
		name := fmt.Sprintf("%s_CloudTrail_%s_%s_%s.json.gz", d.AccountID, g.region, b.created.Format("20060102T1504Z"),
			fileID(t.Name, g.region, g.day, b.from, b.upto))
		key := LogPrefix(t.Prefix, d.AccountID, g.region) + g.day + "/" + name
		out = append(out, logFile{region: g.region, key: key, sha256: hex.EncodeToString(sum[:]), oldest: g.oldest, newest: g.newest, data: gz.Bytes()})
	}
	return out, nil
}

// LogPrefix is the key prefix of a trail's log files for a region:
// [prefix/]AWSLogs/<account>/CloudTrail/<region>/.
func LogPrefix(prefix, account, region string) string {
	p := "AWSLogs/" + account + "/CloudTrail/" + region + "/"
	if prefix != "" {
		p = prefix + "/" + p
	}
	return p
}

// fileID is the 16-character unique part of a log file's name, derived
// from the batch so a redone batch names its files the same.
func fileID(trail, region, day string, from, upto int64) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d", trail, region, day, from, upto)))
	s := new(big.Int).SetBytes(sum[:]).Text(62)
	return s[:16]
}
