package iam

import (
	"context"
	"database/sql"
	"fmt"
)

// PutUserPolicy stores inline policy policyName of user userName, replacing
// a policy of the same name (names are case-sensitive). The document is
// stored verbatim: validating it is the caller's job. A missing user is
// ErrNotFound; a malformed policy name (1 to 128 characters of
// [A-Za-z0-9+=,.@_-]) is ErrInvalid.
func (s *Store) PutUserPolicy(ctx context.Context, userName, policyName, document string) error {
	if err := checkUserName(userName); err != nil {
		return err
	}
	if err := checkPolicyName(policyName); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, userName)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO iam_user_policies(user_name, policy_name, document, created)
VALUES (?, ?, ?, ?)
ON CONFLICT (user_name, policy_name) DO UPDATE SET document = excluded.document, created = excluded.created`,
			u.Name, policyName, document, s.now().UnixNano())
		if err != nil {
			return dbError(fmt.Sprintf("cannot put policy %q of user %q", policyName, u.Name), err)
		}
		return nil
	})
}

// UserPolicies returns the inline policies of user userName, name to
// document; an empty map when it has none. A missing user is ErrNotFound.
func (s *Store) UserPolicies(ctx context.Context, userName string) (map[string]string, error) {
	if err := checkUserName(userName); err != nil {
		return nil, err
	}
	out := map[string]string{}
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, userName)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT policy_name, document FROM iam_user_policies WHERE user_name = ?`, u.Name)
		if err != nil {
			return dbError(fmt.Sprintf("cannot list the policies of user %q", u.Name), err)
		}
		defer rows.Close()
		for rows.Next() {
			var name, doc string
			if err := rows.Scan(&name, &doc); err != nil {
				return dbError(fmt.Sprintf("cannot list the policies of user %q", u.Name), err)
			}
			out[name] = doc
		}
		if err := rows.Err(); err != nil {
			return dbError(fmt.Sprintf("cannot list the policies of user %q", u.Name), err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteUserPolicy deletes inline policy policyName of user userName. A
// missing user or policy is ErrNotFound.
func (s *Store) DeleteUserPolicy(ctx context.Context, userName, policyName string) error {
	if err := checkUserName(userName); err != nil {
		return err
	}
	if err := checkPolicyName(policyName); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, userName)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM iam_user_policies WHERE user_name = ? AND policy_name = ?`, u.Name, policyName)
		if err != nil {
			return dbError(fmt.Sprintf("cannot delete policy %q of user %q", policyName, u.Name), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return dbError(fmt.Sprintf("cannot delete policy %q of user %q", policyName, u.Name), err)
		}
		if n == 0 {
			return errorf(ErrNotFound, "policy %q of user %q not found", policyName, u.Name)
		}
		return nil
	})
}
