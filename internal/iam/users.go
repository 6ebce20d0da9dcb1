package iam

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// CreateUser creates user name. Names are 1 to 64 characters of
// [A-Za-z0-9+=,.@_-] and unique without regard to case: when a user of that
// name exists in any case, the error wraps ErrExists. The account must exist
// (ErrNotFound otherwise), since the user's ARN names it.
func (s *Store) CreateUser(ctx context.Context, name string) (*User, error) {
	if err := checkUserName(name); err != nil {
		return nil, err
	}
	var u *User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := findUser(ctx, tx, name)
		if err := alreadyExists("user", name, existing, err); err != nil {
			return err
		}
		now := s.now().UnixNano()
		uid, err := insertWithID(ctx, tx, "user", name, newUserID, `INSERT INTO iam_users(name, user_id, created) VALUES (?, ?, ?)
ON CONFLICT DO NOTHING`, now)
		if err != nil {
			return err
		}
		u = &User{Name: name, ARN: userARN(acct, name), UserID: uid, Created: fromNanos(now)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser returns user name (matched without regard to case), or an
// ErrNotFound error.
func (s *Store) GetUser(ctx context.Context, name string) (*User, error) {
	if err := checkUserName(name); err != nil {
		return nil, err
	}
	var u *User
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if err != nil {
			return err
		}
		found, err := findUser(ctx, tx, name)
		if err != nil {
			return err
		}
		found.ARN = userARN(acct, found.Name)
		u = found
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ListUsers returns the users sorted by name (without regard to case); none
// before the account exists.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	var out []User
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT name, user_id, created FROM iam_users ORDER BY name`)
		if err != nil {
			return dbError("cannot list users", err)
		}
		defer rows.Close()
		for rows.Next() {
			var (
				u       User
				created int64
			)
			if err := rows.Scan(&u.Name, &u.UserID, &created); err != nil {
				return dbError("cannot list users", err)
			}
			u.ARN = userARN(acct, u.Name)
			u.Created = fromNanos(created)
			out = append(out, u)
		}
		if err := rows.Err(); err != nil {
			return dbError("cannot list users", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteUser deletes user name and its inline policies. A missing user is
// ErrNotFound; a user that still has access keys is ErrConflict (IAM's
// DeleteConflict): delete its keys first.
func (s *Store) DeleteUser(ctx context.Context, name string) error {
	if err := checkUserName(name); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, name)
		if err != nil {
			return err
		}
		var keys int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM iam_access_keys WHERE user_name = ?`, u.Name).Scan(&keys); err != nil {
			return dbError(fmt.Sprintf("cannot count the access keys of user %q", u.Name), err)
		}
		if keys > 0 {
			word := "keys"
			if keys == 1 {
				word = "key"
			}
			return errorf(ErrConflict, "cannot delete user %q: it still has %d access %s; delete them first", u.Name, keys, word)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM iam_user_policies WHERE user_name = ?`, u.Name); err != nil {
			return dbError(fmt.Sprintf("cannot delete the policies of user %q", u.Name), err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM iam_users WHERE name = ?`, u.Name); err != nil {
			return dbError(fmt.Sprintf("cannot delete user %q", u.Name), err)
		}
		return nil
	})
}

// findUser returns the user named name without regard to case (ARN not
// set), or an ErrNotFound error.
func findUser(ctx context.Context, q querier, name string) (*User, error) {
	var (
		u       User
		created int64
	)
	err := q.QueryRowContext(ctx, `SELECT name, user_id, created FROM iam_users WHERE name = ?`, name).Scan(&u.Name, &u.UserID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(ErrNotFound, "user %q not found", name)
	}
	if err != nil {
		return nil, dbError(fmt.Sprintf("cannot read user %q", name), err)
	}
	u.Created = fromNanos(created)
	return &u, nil
}
