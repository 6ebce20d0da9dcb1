package iam

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Role session durations, as in IAM: a role's MaxSessionDuration is one to
// twelve hours, one hour unless set.
const (
	DefaultMaxSessionDuration = time.Hour
	MaxRoleSessionDuration    = 12 * time.Hour
)

// Role is an IAM role.
type Role struct {
	Name   string // as created; compared without regard to case
	ARN    string // arn:aws:iam::<account>:role/<name>
	RoleID string // "AROA" + 17 base32 characters
	Path   string // always "/"
	// AssumeRolePolicyDocument is the trust policy, stored verbatim.
	AssumeRolePolicyDocument string
	// MaxSessionDuration bounds the sessions AssumeRole may ask for.
	MaxSessionDuration time.Duration
	Created            time.Time
}

func checkRoleName(name string) error { return checkName("role", name, 64) }

func checkTrustPolicy(doc string) error {
	if doc == "" {
		return errorf(ErrInvalid, "trust policy (assume role policy document) is empty")
	}
	return nil
}

// CreateRole creates role name with trust policy trustPolicy (the
// AssumeRolePolicyDocument, stored verbatim: validating it, with
// auth.ParseTrustPolicy, is the caller's job) and a MaxSessionDuration of
// one hour. Names are 1 to 64 characters of [A-Za-z0-9+=,.@_-] and unique
// without regard to case (ErrExists); roles and users have separate names.
// The account must exist (ErrNotFound otherwise).
func (s *Store) CreateRole(ctx context.Context, name, trustPolicy string) (*Role, error) {
	if err := checkRoleName(name); err != nil {
		return nil, err
	}
	if err := checkTrustPolicy(trustPolicy); err != nil {
		return nil, err
	}
	var r *Role
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := findRole(ctx, tx, name)
		if err := alreadyExists("role", name, existing, err); err != nil {
			return err
		}
		now := s.now().UnixNano()
		rid, err := insertWithID(ctx, tx, "role", name, newRoleID, `INSERT INTO iam_roles(name, role_id, trust_policy, max_session_duration, created)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, trustPolicy, int64(DefaultMaxSessionDuration/time.Second), now)
		if err != nil {
			return err
		}
		r = &Role{Name: name, ARN: roleARN(acct, name), RoleID: rid, Path: "/",
			AssumeRolePolicyDocument: trustPolicy, MaxSessionDuration: DefaultMaxSessionDuration, Created: fromNanos(now)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// GetRole returns role name (matched without regard to case), or an
// ErrNotFound error.
func (s *Store) GetRole(ctx context.Context, name string) (*Role, error) {
	if err := checkRoleName(name); err != nil {
		return nil, err
	}
	var r *Role
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if err != nil {
			return err
		}
		found, err := findRole(ctx, tx, name)
		if err != nil {
			return err
		}
		found.ARN = roleARN(acct, found.Name)
		r = found
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ListRoles returns the roles sorted by name (without regard to case);
// none before the account exists.
func (s *Store) ListRoles(ctx context.Context) ([]Role, error) {
	var out []Role
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT name, role_id, trust_policy, max_session_duration, created FROM iam_roles ORDER BY name`)
		if err != nil {
			return dbError("cannot list roles", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRole(rows)
			if err != nil {
				return dbError("cannot list roles", err)
			}
			r.ARN = roleARN(acct, r.Name)
			out = append(out, *r)
		}
		if err := rows.Err(); err != nil {
			return dbError("cannot list roles", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateAssumeRolePolicy replaces the trust policy of role name (stored
// verbatim, as by CreateRole). Sessions of the role that exist already are
// not affected. A missing role is ErrNotFound.
func (s *Store) UpdateAssumeRolePolicy(ctx context.Context, name, trustPolicy string) error {
	if err := checkRoleName(name); err != nil {
		return err
	}
	if err := checkTrustPolicy(trustPolicy); err != nil {
		return err
	}
	return s.updateRole(ctx, name, "trust policy", `UPDATE iam_roles SET trust_policy = ? WHERE name = ?`, trustPolicy)
}

// SetRoleMaxSessionDuration sets the MaxSessionDuration of role name: whole
// seconds from one to twelve hours (ErrInvalid otherwise), as IAM's
// UpdateRole. A missing role is ErrNotFound.
func (s *Store) SetRoleMaxSessionDuration(ctx context.Context, name string, d time.Duration) error {
	if err := checkRoleName(name); err != nil {
		return err
	}
	if d < DefaultMaxSessionDuration || d > MaxRoleSessionDuration || d%time.Second != 0 {
		return errorf(ErrInvalid, "maximum session duration %v of role %q is not a whole number of seconds from 1h to 12h", d, name)
	}
	return s.updateRole(ctx, name, "maximum session duration", `UPDATE iam_roles SET max_session_duration = ? WHERE name = ?`, int64(d/time.Second))
}

func (s *Store) updateRole(ctx context.Context, name, what, query string, value any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, value, name)
		if err != nil {
			return dbError(fmt.Sprintf("cannot update the %s of role %q", what, name), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return dbError(fmt.Sprintf("cannot update the %s of role %q", what, name), err)
		}
		if n == 0 {
			return errorf(ErrNotFound, "role %q not found", name)
		}
		return nil
	})
}

// DeleteRole deletes role name with its inline policies and its sessions:
// temporary credentials of the role stop working at once. A missing role
// is ErrNotFound.
func (s *Store) DeleteRole(ctx context.Context, name string) error {
	if err := checkRoleName(name); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := findRole(ctx, tx, name)
		if err != nil {
			return err
		}
		for _, q := range []struct{ what, sql string }{
			{"policies", `DELETE FROM iam_role_policies WHERE role_name = ?`},
			{"sessions", `DELETE FROM iam_sessions WHERE role_name = ?`},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, r.Name); err != nil {
				return dbError(fmt.Sprintf("cannot delete the %s of role %q", q.what, r.Name), err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM iam_roles WHERE name = ?`, r.Name); err != nil {
			return dbError(fmt.Sprintf("cannot delete role %q", r.Name), err)
		}
		return nil
	})
}

// PutRolePolicy stores inline policy policyName of role roleName,
// replacing a policy of the same name (names are case-sensitive). The
// document is stored verbatim: validating it is the caller's job. A missing
// role is ErrNotFound; a malformed policy name is ErrInvalid.
func (s *Store) PutRolePolicy(ctx context.Context, roleName, policyName, document string) error {
	if err := checkRoleName(roleName); err != nil {
		return err
	}
	if err := checkPolicyName(policyName); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := findRole(ctx, tx, roleName)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO iam_role_policies(role_name, policy_name, document, created)
VALUES (?, ?, ?, ?)
ON CONFLICT (role_name, policy_name) DO UPDATE SET document = excluded.document, created = excluded.created`,
			r.Name, policyName, document, s.now().UnixNano())
		if err != nil {
			return dbError(fmt.Sprintf("cannot put policy %q of role %q", policyName, r.Name), err)
		}
		return nil
	})
}

// RolePolicies returns the inline policies of role roleName, name to
// document; an empty map when it has none. A missing role is ErrNotFound.
func (s *Store) RolePolicies(ctx context.Context, roleName string) (map[string]string, error) {
	if err := checkRoleName(roleName); err != nil {
		return nil, err
	}
	out := map[string]string{}
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		r, err := findRole(ctx, tx, roleName)
		if err != nil {
			return err
		}
		docs, err := namedPolicies(ctx, tx, `SELECT policy_name, document FROM iam_role_policies WHERE role_name = ? ORDER BY policy_name`, r.Name)
		if err != nil {
			return dbError(fmt.Sprintf("cannot list the policies of role %q", r.Name), err)
		}
		for _, d := range docs {
			out[d.name] = d.doc
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteRolePolicy deletes inline policy policyName of role roleName. A
// missing role or policy is ErrNotFound.
func (s *Store) DeleteRolePolicy(ctx context.Context, roleName, policyName string) error {
	if err := checkRoleName(roleName); err != nil {
		return err
	}
	if err := checkPolicyName(policyName); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := findRole(ctx, tx, roleName)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM iam_role_policies WHERE role_name = ? AND policy_name = ?`, r.Name, policyName)
		if err != nil {
			return dbError(fmt.Sprintf("cannot delete policy %q of role %q", policyName, r.Name), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return dbError(fmt.Sprintf("cannot delete policy %q of role %q", policyName, r.Name), err)
		}
		if n == 0 {
			return errorf(ErrNotFound, "policy %q of role %q not found", policyName, r.Name)
		}
		return nil
	})
}

// namedPolicy is one inline policy.
type namedPolicy struct{ name, doc string }

// namedPolicies runs query, which selects policy_name and document.
func namedPolicies(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]namedPolicy, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []namedPolicy
	for rows.Next() {
		var p namedPolicy
		if err := rows.Scan(&p.name, &p.doc); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// findRole returns the role named name without regard to case (ARN not
// set), or an ErrNotFound error.
func findRole(ctx context.Context, q querier, name string) (*Role, error) {
	r, err := scanRole(q.QueryRowContext(ctx, `SELECT name, role_id, trust_policy, max_session_duration, created FROM iam_roles WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(ErrNotFound, "role %q not found", name)
	}
	if err != nil {
		return nil, dbError(fmt.Sprintf("cannot read role %q", name), err)
	}
	return r, nil
}

func scanRole(row interface{ Scan(...any) error }) (*Role, error) {
	var (
		r              Role
		maxDur, create int64
	)
	if err := row.Scan(&r.Name, &r.RoleID, &r.AssumeRolePolicyDocument, &maxDur, &create); err != nil {
		return nil, err
	}
	r.Path = "/"
	r.MaxSessionDuration = time.Duration(maxDur) * time.Second
	r.Created = fromNanos(create)
	return &r, nil
}
