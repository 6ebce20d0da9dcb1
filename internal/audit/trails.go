package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Trail is a trail's configuration and delivery status.
type Trail struct {
	Name, Bucket, Prefix, HomeRegion string
	MultiRegion                      bool
	LogFileValidation                bool
	IncludeGlobalServiceEvents       bool
	Created                          time.Time
	Logging                          bool
	StartTime, StopTime              time.Time
	DeliveredSeq                     int64
	DeliveryTime, DeliveryAttempt    time.Time
	DeliveryError                    string
	DigestTime                       time.Time
	DigestError                      string
}

// Errors of the trail operations.
var (
	ErrTrailNotFound = errors.New("trail not found")
	ErrTrailExists   = errors.New("trail already exists")
)

// ValidTrailName reports whether name is a valid trail name: 3 to 128
// letters, digits, periods, underscores and dashes, starting with a letter
// or digit and ending with one, without adjacent periods, underscores or
// dashes.
func ValidTrailName(name string) bool {
	if len(name) < 3 || len(name) > 128 {
		return false
	}
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	if !alnum(name[0]) || !alnum(name[len(name)-1]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if alnum(c) {
			continue
		}
		if c != '.' && c != '_' && c != '-' {
			return false
		}
		if n := name[i+1]; !alnum(n) {
			return false
		}
	}
	return true
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// CreateTrail saves a new trail (not logging until StartLogging, as in
// CloudTrail's API).
func (j *Journal) CreateTrail(ctx context.Context, t *Trail) error {
	t.Prefix = strings.Trim(t.Prefix, "/")
	_, err := j.db.ExecContext(ctx, `INSERT INTO trails(name, bucket, prefix, home_region, multi_region, validation, global_events, created)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.Name, t.Bucket, t.Prefix, t.HomeRegion, t.MultiRegion, t.LogFileValidation, t.IncludeGlobalServiceEvents, nanos(t.Created))
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return fmt.Errorf("%w: %s", ErrTrailExists, t.Name)
	}
	return err
}

const trailColumns = `name, bucket, prefix, home_region, multi_region, validation, global_events, created, logging, start_time, stop_time,
delivered_seq, delivery_time, delivery_attempt, delivery_error, digest_time, digest_error`

func scanTrail(row interface{ Scan(...any) error }) (*Trail, error) {
	var t Trail
	var created, start, stop, dt, da, gt int64
	err := row.Scan(&t.Name, &t.Bucket, &t.Prefix, &t.HomeRegion, &t.MultiRegion, &t.LogFileValidation, &t.IncludeGlobalServiceEvents,
		&created, &t.Logging, &start, &stop, &t.DeliveredSeq, &dt, &da, &t.DeliveryError, &gt, &t.DigestError)
	if err != nil {
		return nil, err
	}
	t.Created, t.StartTime, t.StopTime = fromNanos(created), fromNanos(start), fromNanos(stop)
	t.DeliveryTime, t.DeliveryAttempt, t.DigestTime = fromNanos(dt), fromNanos(da), fromNanos(gt)
	return &t, nil
}

// Trail returns one trail.
func (j *Journal) Trail(ctx context.Context, name string) (*Trail, error) {
	t, err := scanTrail(j.db.QueryRowContext(ctx, `SELECT `+trailColumns+` FROM trails WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrTrailNotFound, name)
	}
	return t, err
}

// Trails returns every trail, by name.
func (j *Journal) Trails(ctx context.Context) ([]*Trail, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT `+trailColumns+` FROM trails ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Trail
	for rows.Next() {
		t, err := scanTrail(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteTrail removes a trail and its delivery state (delivered files
// stay in the bucket).
func (j *Journal) DeleteTrail(ctx context.Context, name string) error {
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM trails WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrTrailNotFound, name)
	}
	for _, q := range []string{`DELETE FROM trail_batches WHERE trail = ?`, `DELETE FROM trail_files WHERE trail = ?`, `DELETE FROM trail_digests WHERE trail = ?`} {
		if _, err := tx.ExecContext(ctx, q, name); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// StartLogging turns logging on from the instant at: events at or after
// it are delivered.
func (j *Journal) StartLogging(ctx context.Context, name string, at time.Time) error {
	return j.setLogging(ctx, name, `UPDATE trails SET logging = 1, start_time = ?1, stop_time = 0,
delivered_seq = max(delivered_seq, coalesce((SELECT max(seq) FROM events WHERE event_time < ?1), 0))
WHERE name = ?2 AND logging = 0`, at)
}

// StopLogging turns logging off at the instant at: events up to it are
// still delivered.
func (j *Journal) StopLogging(ctx context.Context, name string, at time.Time) error {
	return j.setLogging(ctx, name, `UPDATE trails SET logging = 0, stop_time = ?1 WHERE name = ?2 AND logging = 1`, at)
}

func (j *Journal) setLogging(ctx context.Context, name, q string, at time.Time) error {
	if _, err := j.Trail(ctx, name); err != nil {
		return err
	}
	_, err := j.db.ExecContext(ctx, q, at.UnixNano(), name)
	return err
}
