package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"trawl/internal/catalog"
)

func init() {
	catalog.RegisterMigration("query/0001_init", `
CREATE TABLE query_executions (
	seq             INTEGER PRIMARY KEY AUTOINCREMENT,
	id              TEXT NOT NULL UNIQUE,
	workgroup       TEXT NOT NULL,
	query           TEXT NOT NULL,
	database        TEXT NOT NULL DEFAULT '',
	catalog         TEXT NOT NULL DEFAULT '',
	output_location TEXT NOT NULL DEFAULT '',
	statement_type  TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	state_reason    TEXT NOT NULL DEFAULT '',
	error_category  INTEGER NOT NULL DEFAULT 0,
	error_type      INTEGER NOT NULL DEFAULT 0,
	error_message   TEXT NOT NULL DEFAULT '',
	params          TEXT NOT NULL DEFAULT '[]',
	client_token    TEXT NOT NULL DEFAULT '',
	principal       TEXT NOT NULL DEFAULT '',
	submitted       INTEGER NOT NULL,
	started         INTEGER NOT NULL DEFAULT 0,
	completed       INTEGER NOT NULL DEFAULT 0,
	engine_ms       INTEGER NOT NULL DEFAULT 0,
	planning_ms     INTEGER NOT NULL DEFAULT 0,
	scanned_bytes   INTEGER NOT NULL DEFAULT 0,
	result_format   TEXT NOT NULL DEFAULT '',
	columns         TEXT NOT NULL DEFAULT '[]',
	result_rows     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX query_executions_state ON query_executions(state);
CREATE INDEX query_executions_token ON query_executions(client_token) WHERE client_token <> '';
CREATE TABLE workgroups (
	name            TEXT PRIMARY KEY,
	description     TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL DEFAULT 'ENABLED',
	output_location TEXT NOT NULL DEFAULT '',
	enforce         INTEGER NOT NULL DEFAULT 0,
	bytes_cutoff    INTEGER NOT NULL DEFAULT 0,
	created         INTEGER NOT NULL
);
CREATE TABLE named_queries (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	database    TEXT NOT NULL,
	query       TEXT NOT NULL,
	workgroup   TEXT NOT NULL,
	created     INTEGER NOT NULL
);
`)
}

// State is an execution's state, as Athena names it.
type State string

// Execution states.
const (
	Queued    State = "QUEUED"
	Running   State = "RUNNING"
	Succeeded State = "SUCCEEDED"
	Failed    State = "FAILED"
	Cancelled State = "CANCELLED"
)

// Done reports whether the state is final.
func (s State) Done() bool { return s == Succeeded || s == Failed || s == Cancelled }

// Column is a result column: its name and Trino type text.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Execution is one query execution as GetQueryExecution reports it.
type Execution struct {
	ID             string
	Query          string
	Database       string
	Catalog        string
	WorkGroup      string
	OutputLocation string // the result object: s3://bucket/prefix/<id>.csv or .txt
	StatementType  string // DDL, DML or UTILITY
	State          State
	StateReason    string
	// AthenaError, for FAILED executions.
	ErrorCategory int // 1 system, 2 user, 3 other
	ErrorType     int
	ErrorMessage  string
	Params        []string
	ClientToken   string
	Principal     string // ARN of the caller
	Submitted     time.Time
	Started       time.Time // zero while queued
	Completed     time.Time // zero until done
	EngineMillis  int64
	PlanningMilli int64
	ScannedBytes  int64
	ResultFormat  string // "csv", "txt" or "" (no result file)
	Columns       []Column
	ResultRows    int64
}

// QueueMillis is the time spent queued.
func (e *Execution) QueueMillis() int64 {
	if e.Started.IsZero() {
		if e.Completed.IsZero() {
			return 0
		}
		return e.Completed.Sub(e.Submitted).Milliseconds()
	}
	return e.Started.Sub(e.Submitted).Milliseconds()
}

// TotalMillis is the time from submission to completion.
func (e *Execution) TotalMillis() int64 {
	if e.Completed.IsZero() {
		return 0
	}
	return e.Completed.Sub(e.Submitted).Milliseconds()
}

// WorkGroup is an Athena workgroup.
type WorkGroup struct {
	Name           string
	Description    string
	State          string // ENABLED or DISABLED
	OutputLocation string
	Enforce        bool  // EnforceWorkGroupConfiguration
	BytesCutoff    int64 // BytesScannedCutoffPerQuery; 0 = none
	Created        time.Time
}

// NamedQuery is a saved query.
type NamedQuery struct {
	ID          string
	Name        string
	Description string
	Database    string
	Query       string
	WorkGroup   string
	Created     time.Time
}

// Errors the API maps to its exceptions.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid request")
)

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

const execColumns = `id, workgroup, query, database, catalog, output_location, statement_type, state, state_reason,
	error_category, error_type, error_message, params, client_token, principal, submitted, started, completed,
	engine_ms, planning_ms, scanned_bytes, result_format, columns, result_rows, seq`

type scanner interface{ Scan(dest ...any) error }

func scanExecution(s scanner) (*Execution, int64, error) {
	var e Execution
	var params, cols string
	var sub, st, comp, seq int64
	err := s.Scan(&e.ID, &e.WorkGroup, &e.Query, &e.Database, &e.Catalog, &e.OutputLocation, &e.StatementType, &e.State, &e.StateReason,
		&e.ErrorCategory, &e.ErrorType, &e.ErrorMessage, &params, &e.ClientToken, &e.Principal, &sub, &st, &comp,
		&e.EngineMillis, &e.PlanningMilli, &e.ScannedBytes, &e.ResultFormat, &cols, &e.ResultRows, &seq)
	if err != nil {
		return nil, 0, err
	}
	e.Submitted, e.Started, e.Completed = fromNanos(sub), fromNanos(st), fromNanos(comp)
	if err := json.Unmarshal([]byte(params), &e.Params); err != nil {
		return nil, 0, fmt.Errorf("query execution %s: bad params column: %w", e.ID, err)
	}
	if err := json.Unmarshal([]byte(cols), &e.Columns); err != nil {
		return nil, 0, fmt.Errorf("query execution %s: bad columns column: %w", e.ID, err)
	}
	return &e, seq, nil
}

func (s *Service) insertExecution(ctx context.Context, e *Execution) error {
	params, _ := json.Marshal(nonNil(e.Params))
	cols, _ := json.Marshal(e.Columns)
	_, err := s.db.ExecContext(ctx, `INSERT INTO query_executions (id, workgroup, query, database, catalog, output_location,
		statement_type, state, state_reason, params, client_token, principal, submitted, columns)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.WorkGroup, e.Query, e.Database, e.Catalog, e.OutputLocation, e.StatementType, e.State, e.StateReason,
		string(params), e.ClientToken, e.Principal, nanos(e.Submitted), string(cols))
	if err != nil {
		return fmt.Errorf("cannot record query execution %s: %w", e.ID, err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// saveExecution writes an execution's mutable fields.
func (s *Service) saveExecution(ctx context.Context, e *Execution) error {
	cols, _ := json.Marshal(e.Columns)
	_, err := s.db.ExecContext(ctx, `UPDATE query_executions SET statement_type = ?, state = ?, state_reason = ?,
		error_category = ?, error_type = ?, error_message = ?, started = ?, completed = ?, engine_ms = ?, planning_ms = ?,
		scanned_bytes = ?, result_format = ?, columns = ?, result_rows = ?, output_location = ? WHERE id = ?`,
		e.StatementType, e.State, e.StateReason, e.ErrorCategory, e.ErrorType, e.ErrorMessage, nanos(e.Started), nanos(e.Completed),
		e.EngineMillis, e.PlanningMilli, e.ScannedBytes, e.ResultFormat, string(cols), e.ResultRows, e.OutputLocation, e.ID)
	if err != nil {
		return fmt.Errorf("cannot record query execution %s: %w", e.ID, err)
	}
	return nil
}

func (s *Service) loadExecution(ctx context.Context, id string) (*Execution, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+execColumns+` FROM query_executions WHERE id = ?`, id)
	e, _, err := scanExecution(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("QueryExecution %s was not found: %w", id, ErrNotFound)
	}
	return e, err
}

// GetMany returns the executions with the given IDs, read in one
// statement so that their states are one consistent snapshot; unknown
// IDs are absent from the map.
func (s *Service) GetMany(ctx context.Context, ids []string) (map[string]*Execution, error) {
	out := map[string]*Execution{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+execColumns+` FROM query_executions WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, _, err := scanExecution(rows)
		if err != nil {
			return nil, err
		}
		out[e.ID] = e
	}
	return out, rows.Err()
}
