package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Retention is how long events stay searchable with LookupEvents.
const Retention = 90 * 24 * time.Hour

const schema = `
CREATE TABLE IF NOT EXISTS events (
	seq           INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id      TEXT NOT NULL UNIQUE,
	event_time    INTEGER NOT NULL,
	event_name    TEXT NOT NULL,
	event_source  TEXT NOT NULL,
	username      TEXT NOT NULL,
	access_key_id TEXT NOT NULL,
	read_only     TEXT NOT NULL,
	region        TEXT NOT NULL,
	record        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_time ON events(event_time, seq);
CREATE INDEX IF NOT EXISTS events_name ON events(event_name, event_time);
CREATE INDEX IF NOT EXISTS events_source ON events(event_source, event_time);
CREATE INDEX IF NOT EXISTS events_username ON events(username, event_time);
CREATE INDEX IF NOT EXISTS events_key ON events(access_key_id, event_time);
CREATE TABLE IF NOT EXISTS event_resources (
	seq  INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
	type TEXT NOT NULL,
	name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_resources_seq ON event_resources(seq);
CREATE INDEX IF NOT EXISTS event_resources_name ON event_resources(name);
CREATE INDEX IF NOT EXISTS event_resources_type ON event_resources(type);
CREATE TABLE IF NOT EXISTS trails (
	name             TEXT PRIMARY KEY,
	bucket           TEXT NOT NULL,
	prefix           TEXT NOT NULL DEFAULT '',
	home_region      TEXT NOT NULL,
	multi_region     INTEGER NOT NULL DEFAULT 0,
	validation       INTEGER NOT NULL DEFAULT 0,
	global_events    INTEGER NOT NULL DEFAULT 1,
	created          INTEGER NOT NULL,
	logging          INTEGER NOT NULL DEFAULT 0,
	start_time       INTEGER NOT NULL DEFAULT 0,
	stop_time        INTEGER NOT NULL DEFAULT 0,
	delivered_seq    INTEGER NOT NULL DEFAULT 0,
	delivery_time    INTEGER NOT NULL DEFAULT 0,
	delivery_attempt INTEGER NOT NULL DEFAULT 0,
	delivery_error   TEXT NOT NULL DEFAULT '',
	digest_time      INTEGER NOT NULL DEFAULT 0,
	digest_error     TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS trail_batches (
	trail    TEXT PRIMARY KEY,
	from_seq INTEGER NOT NULL,
	upto_seq INTEGER NOT NULL,
	created  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS trail_files (
	trail    TEXT NOT NULL,
	region   TEXT NOT NULL,
	bucket   TEXT NOT NULL,
	key      TEXT NOT NULL,
	sha256   TEXT NOT NULL,
	oldest   INTEGER NOT NULL,
	newest   INTEGER NOT NULL,
	digested INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (trail, key)
);
CREATE TABLE IF NOT EXISTS trail_digests (
	trail     TEXT NOT NULL,
	region    TEXT NOT NULL,
	end_time  INTEGER NOT NULL,
	bucket    TEXT NOT NULL DEFAULT '',
	key       TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL DEFAULT '',
	signature TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (trail, region)
);
`

// Journal is the durable event log: every event is committed (fsynced)
// to a SQLite file in WAL mode before Append returns. Concurrent appends
// share one commit (group commit), so the fsync is paid once per batch
// of requests, not per request.
type Journal struct {
	db      *sql.DB
	path    string
	reqs    chan *appendReq
	stop    chan struct{}
	done    chan struct{}
	closeMu sync.RWMutex
	closed  bool
}

type appendReq struct {
	ev     *Event
	record []byte
	err    chan error
}

// OpenJournal opens (creating it when missing, mode 0600) the journal
// file at path.
func OpenJournal(path string) (*Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create directory for the event journal %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the event journal %s: %w", path, err)
	}
	f.Close()
	abs, _ := filepath.Abs(path)
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", u.String()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("cannot open the event journal %s: %w", path, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot initialise the event journal %s: %w", path, err)
	}
	j := &Journal{db: db, path: path, reqs: make(chan *appendReq, 1024), stop: make(chan struct{}), done: make(chan struct{})}
	go j.writer()
	return j, nil
}

// DB is the journal's database (trails and delivery state live there too).
func (j *Journal) DB() *sql.DB { return j.db }

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("the event journal is closed")

// Append records one event durably; it returns once the event is
// committed to disk.
func (j *Journal) Append(ctx context.Context, ev *Event) error {
	rec, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("cannot encode event %s: %w", ev.EventID, err)
	}
	r := &appendReq{ev: ev, record: rec, err: make(chan error, 1)}
	j.closeMu.RLock()
	if j.closed {
		j.closeMu.RUnlock()
		return ErrClosed
	}
	j.reqs <- r
	j.closeMu.RUnlock()
	// Wait for the commit even if ctx ends: the event is in flight and its
	// fate must be known before the response is written.
	return <-r.err
}

// writer commits queued events in batches.
func (j *Journal) writer() {
	defer close(j.done)
	for {
		var first *appendReq
		select {
		case first = <-j.reqs:
		case <-j.stop:
			// Drain what was queued before Close.
			for {
				select {
				case r := <-j.reqs:
					j.commit([]*appendReq{r})
				default:
					return
				}
			}
		}
		batch := []*appendReq{first}
	more:
		for len(batch) < 512 {
			select {
			case r := <-j.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		j.commit(batch)
	}
}

func (j *Journal) commit(batch []*appendReq) {
	err := j.insert(batch)
	for _, r := range batch {
		r.err <- err
	}
}

func (j *Journal) insert(batch []*appendReq) error {
	ctx := context.Background()
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot write the event journal %s: %w", j.path, err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO events(event_id, event_time, event_name, event_source, username, access_key_id, read_only, region, record)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("cannot write the event journal %s: %w", j.path, err)
	}
	defer ins.Close()
	for _, r := range batch {
		ev := r.ev
		res, err := ins.ExecContext(ctx, ev.EventID, ev.EventTime.UnixNano(), ev.EventName, ev.EventSource, ev.Username(),
			ev.UserIdentity.AccessKeyID, fmt.Sprint(ev.ReadOnly), ev.AWSRegion, string(r.record))
		if err != nil {
			return fmt.Errorf("cannot write event %s to the journal %s: %w", ev.EventID, j.path, err)
		}
		if len(ev.Resources) > 0 {
			seq, _ := res.LastInsertId()
			for _, rs := range ev.Resources {
				if _, err := tx.ExecContext(ctx, `INSERT INTO event_resources(seq, type, name) VALUES (?, ?, ?)`, seq, rs.Type, rs.ARN); err != nil {
					return fmt.Errorf("cannot write event %s to the journal %s: %w", ev.EventID, j.path, err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cannot commit the event journal %s: %w", j.path, err)
	}
	return nil
}

// Prune forgets events older than the retention period that every trail
// has delivered (or passed over).
func (j *Journal) Prune(ctx context.Context, now time.Time) error {
	_, err := j.db.ExecContext(ctx, `DELETE FROM events WHERE event_time < ?
AND seq <= coalesce((SELECT min(delivered_seq) FROM trails), (SELECT max(seq) FROM events))`, now.Add(-Retention).UnixNano())
	return err
}

// Close stops accepting events, commits the queued ones and closes the
// file.
func (j *Journal) Close() error {
	j.closeMu.Lock()
	if j.closed {
		j.closeMu.Unlock()
		return nil
	}
	j.closed = true
	j.closeMu.Unlock()
	close(j.stop)
	<-j.done
	return j.db.Close()
}
