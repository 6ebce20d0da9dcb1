package query

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"

	"github.com/google/uuid"
)

var workGroupName = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,128}$`)

const wgColumns = `name, description, state, output_location, enforce, bytes_cutoff, created`

func scanWorkGroup(s scanner) (*WorkGroup, error) {
	var w WorkGroup
	var created int64
	var enforce int
	if err := s.Scan(&w.Name, &w.Description, &w.State, &w.OutputLocation, &enforce, &w.BytesCutoff, &created); err != nil {
		return nil, err
	}
	w.Enforce, w.Created = enforce != 0, fromNanos(created)
	return &w, nil
}

// WorkGroup returns a workgroup.
func (s *Service) WorkGroup(ctx context.Context, name string) (*WorkGroup, error) {
	w, err := scanWorkGroup(s.db.QueryRowContext(ctx, `SELECT `+wgColumns+` FROM workgroups WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: WorkGroup %s is not found.", ErrInvalid, name)
	}
	return w, err
}

// WorkGroups lists the workgroups by name.
func (s *Service) WorkGroups(ctx context.Context) ([]*WorkGroup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+wgColumns+` FROM workgroups ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*WorkGroup
	for rows.Next() {
		w, err := scanWorkGroup(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// CreateWorkGroup adds a workgroup.
func (s *Service) CreateWorkGroup(ctx context.Context, w *WorkGroup) error {
	if !workGroupName.MatchString(w.Name) {
		return fmt.Errorf("%w: 1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}", ErrInvalid, w.Name)
	}
	if w.State == "" {
		w.State = "ENABLED"
	}
	if w.BytesCutoff != 0 && w.BytesCutoff < 10000000 {
		return fmt.Errorf("%w: BytesScannedCutoffPerQuery must be at least 10000000", ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO workgroups (`+wgColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		w.Name, w.Description, w.State, w.OutputLocation, w.Enforce, w.BytesCutoff, nanos(s.now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: WorkGroup is already created", ErrInvalid)
	}
	return nil
}

// UpdateWorkGroup replaces a workgroup's settings.
func (s *Service) UpdateWorkGroup(ctx context.Context, w *WorkGroup) error {
	if w.BytesCutoff != 0 && w.BytesCutoff < 10000000 {
		return fmt.Errorf("%w: BytesScannedCutoffPerQuery must be at least 10000000", ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE workgroups SET description = ?, state = ?, output_location = ?, enforce = ?, bytes_cutoff = ? WHERE name = ?`,
		w.Description, w.State, w.OutputLocation, w.Enforce, w.BytesCutoff, w.Name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: WorkGroup %s is not found.", ErrInvalid, w.Name)
	}
	return nil
}

// DeleteWorkGroup removes a workgroup (not primary).
func (s *Service) DeleteWorkGroup(ctx context.Context, name string, recursive bool) error {
	if name == "primary" {
		return fmt.Errorf("%w: Cannot delete primary workgroup", ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var exists, named, active, executions int
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM workgroups WHERE name = ?1),
		(SELECT count(*) FROM named_queries WHERE workgroup = ?1),
		(SELECT count(*) FROM query_executions WHERE workgroup = ?1 AND state IN ('QUEUED', 'RUNNING')),
		(SELECT count(*) FROM query_executions WHERE workgroup = ?1)`, name).Scan(&exists, &named, &active, &executions); err != nil {
		return err
	}
	switch {
	case exists == 0:
		return fmt.Errorf("%w: WorkGroup %s is not found.", ErrInvalid, name)
	case active > 0:
		return fmt.Errorf("%w: WorkGroup %s has queries that are queued or running; stop them first", ErrInvalid, name)
	case (named > 0 || executions > 0) && !recursive:
		return fmt.Errorf("%w: WorkGroup %s is not empty", ErrInvalid, name)
	}
	// With RecursiveDeleteOption the workgroup's named queries and query
	// history go with it, as in Athena.
	for _, q := range []string{
		`DELETE FROM named_queries WHERE workgroup = ?`,
		`DELETE FROM query_executions WHERE workgroup = ?`,
		`DELETE FROM workgroups WHERE name = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, name); err != nil {
			return err
		}
	}
	return tx.Commit()
}

const nqColumns = `id, name, description, database, query, workgroup, created`

func scanNamedQuery(s scanner) (*NamedQuery, error) {
	var q NamedQuery
	var created int64
	if err := s.Scan(&q.ID, &q.Name, &q.Description, &q.Database, &q.Query, &q.WorkGroup, &created); err != nil {
		return nil, err
	}
	q.Created = fromNanos(created)
	return &q, nil
}

// CreateNamedQuery saves a query and returns its ID.
func (s *Service) CreateNamedQuery(ctx context.Context, q *NamedQuery) (string, error) {
	if q.WorkGroup == "" {
		q.WorkGroup = "primary"
	}
	if _, err := s.WorkGroup(ctx, q.WorkGroup); err != nil {
		return "", err
	}
	if q.Name == "" || q.Database == "" || q.Query == "" {
		return "", fmt.Errorf("%w: Name, Database and QueryString are required", ErrInvalid)
	}
	q.ID = uuid.NewString()
	_, err := s.db.ExecContext(ctx, `INSERT INTO named_queries (`+nqColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		q.ID, q.Name, q.Description, q.Database, q.Query, q.WorkGroup, nanos(s.now()))
	return q.ID, err
}

// NamedQuery returns a saved query.
func (s *Service) NamedQuery(ctx context.Context, id string) (*NamedQuery, error) {
	q, err := scanNamedQuery(s.db.QueryRowContext(ctx, `SELECT `+nqColumns+` FROM named_queries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: NamedQuery %s was not found", ErrNotFound, id)
	}
	return q, err
}

// NamedQueries lists the IDs of a workgroup's saved queries.
func (s *Service) NamedQueries(ctx context.Context, workgroup string) ([]string, error) {
	if workgroup == "" {
		workgroup = "primary"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM named_queries WHERE workgroup = ? ORDER BY created, id`, workgroup)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// UpdateNamedQuery changes a saved query's name, description and text.
func (s *Service) UpdateNamedQuery(ctx context.Context, q *NamedQuery) error {
	res, err := s.db.ExecContext(ctx, `UPDATE named_queries SET name = ?, description = ?, query = ? WHERE id = ?`, q.Name, q.Description, q.Query, q.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: NamedQuery %s was not found", ErrNotFound, q.ID)
	}
	return nil
}

// DeleteNamedQuery removes a saved query.
func (s *Service) DeleteNamedQuery(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM named_queries WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: NamedQuery %s was not found", ErrNotFound, id)
	}
	return nil
}
