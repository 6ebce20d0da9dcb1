package iam

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ownerArg is the iam_access_keys.user_name value of a key owner: NULL for
// the root. Queries compare it with IS, which matches NULL and can use the
// index.
func ownerArg(userName string) any {
	if userName == "" {
		return nil
	}
	return userName
}

// resolveOwner checks that the owner of keys exists and returns its stored
// name: "" for the root (the account must exist), else the user's name in
// the case it was created with.
func resolveOwner(ctx context.Context, q querier, userName string) (string, error) {
	if userName == "" {
		_, err := accountID(ctx, q)
		return "", err
	}
	if err := checkUserName(userName); err != nil {
		return "", err
	}
	u, err := findUser(ctx, q, userName)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// CreateAccessKey creates an active access key for user userName, or for
// the account root when userName is "". It returns the key with its secret,
// which is the only time a secret is handed out besides Account. An owner
// that already has MaxAccessKeys keys (active or not) is ErrLimitExceeded; a
// missing user (or account) is ErrNotFound.
func (s *Store) CreateAccessKey(ctx context.Context, userName string) (*AccessKey, error) {
	var key *AccessKey
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		name, err := resolveOwner(ctx, tx, userName)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM iam_access_keys WHERE user_name IS ?`, ownerArg(name)).Scan(&n); err != nil {
			return dbError(fmt.Sprintf("cannot count the access keys of %s", owner(name)), err)
		}
		if n >= MaxAccessKeys {
			return errorf(ErrLimitExceeded, "%s already has %d access keys, the limit; delete one first", owner(name), n)
		}
		key, err = insertKey(ctx, tx, name, s.now().UnixNano())
		return err
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// insertKey stores a new active key for owner name ("" for the root).
func insertKey(ctx context.Context, tx *sql.Tx, name string, now int64) (*AccessKey, error) {
	// A clash of 80-bit random key IDs is astronomically unlikely; retry
	// anyway rather than fail.
	for range 3 {
		k := AccessKey{
			UserName:        name,
			AccessKeyID:     newAccessKeyID(),
			SecretAccessKey: newSecret(),
			Status:          StatusActive,
			Created:         fromNanos(now),
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO iam_access_keys(access_key_id, user_name, secret, status, created)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, k.AccessKeyID, ownerArg(name), k.SecretAccessKey, k.Status, now)
		if err != nil {
			return nil, dbError(fmt.Sprintf("cannot create an access key for %s", owner(name)), err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, dbError(fmt.Sprintf("cannot create an access key for %s", owner(name)), err)
		} else if n == 1 {
			return &k, nil
		}
	}
	return nil, fmt.Errorf("iam: cannot create an access key for %s: no unused key ID found", owner(name))
}

// ListAccessKeys returns the access keys of user userName, or of the root
// when userName is "", oldest first, with their secrets blanked. A missing
// user (or account) is ErrNotFound.
func (s *Store) ListAccessKeys(ctx context.Context, userName string) ([]AccessKey, error) {
	var out []AccessKey
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		name, err := resolveOwner(ctx, tx, userName)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT access_key_id, status, created FROM iam_access_keys
WHERE user_name IS ? ORDER BY created, access_key_id`, ownerArg(name))
		if err != nil {
			return dbError(fmt.Sprintf("cannot list the access keys of %s", owner(name)), err)
		}
		defer rows.Close()
		for rows.Next() {
			k := AccessKey{UserName: name}
			var created int64
			if err := rows.Scan(&k.AccessKeyID, &k.Status, &created); err != nil {
				return dbError(fmt.Sprintf("cannot list the access keys of %s", owner(name)), err)
			}
			k.Created = fromNanos(created)
			out = append(out, k)
		}
		if err := rows.Err(); err != nil {
			return dbError(fmt.Sprintf("cannot list the access keys of %s", owner(name)), err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAccessKey deletes access key accessKeyID of user userName (of the
// root when userName is ""). A missing user, or a key that does not exist
// or belongs to someone else, is ErrNotFound.
func (s *Store) DeleteAccessKey(ctx context.Context, userName, accessKeyID string) error {
	if err := checkAccessKeyID(accessKeyID); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		name, err := resolveOwner(ctx, tx, userName)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM iam_access_keys WHERE access_key_id = ? AND user_name IS ?`,
			accessKeyID, ownerArg(name))
		if err != nil {
			return dbError(fmt.Sprintf("cannot delete %s of %s", keyRef(accessKeyID), owner(name)), err)
		}
		return keyChanged(res, accessKeyID, name, "delete")
	})
}

// UpdateAccessKey sets the status of access key accessKeyID of user
// userName (of the root when userName is "") to StatusActive or
// StatusInactive (matched without regard to case). A missing user or key is
// ErrNotFound; another status is ErrInvalid.
func (s *Store) UpdateAccessKey(ctx context.Context, userName, accessKeyID, status string) error {
	if err := checkAccessKeyID(accessKeyID); err != nil {
		return err
	}
	switch {
	case strings.EqualFold(status, StatusActive):
		status = StatusActive
	case strings.EqualFold(status, StatusInactive):
		status = StatusInactive
	default:
		if len(status) > 16 { // not echoed: it might be a misplaced secret
			return errorf(ErrInvalid, "access key status of %d characters is neither %s nor %s", len(status), StatusActive, StatusInactive)
		}
		return errorf(ErrInvalid, "access key status %q is neither %s nor %s", status, StatusActive, StatusInactive)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		name, err := resolveOwner(ctx, tx, userName)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE iam_access_keys SET status = ? WHERE access_key_id = ? AND user_name IS ?`,
			status, accessKeyID, ownerArg(name))
		if err != nil {
			return dbError(fmt.Sprintf("cannot update %s of %s", keyRef(accessKeyID), owner(name)), err)
		}
		return keyChanged(res, accessKeyID, name, "update")
	})
}

func keyChanged(res sql.Result, accessKeyID, name, verb string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return dbError(fmt.Sprintf("cannot %s %s of %s", verb, keyRef(accessKeyID), owner(name)), err)
	}
	if n == 0 {
		return errorf(ErrNotFound, "%s of %s not found", keyRef(accessKeyID), owner(name))
	}
	return nil
}

// lookupKeyQuery finds an active key, its owner and the account in one
// query, each table searched by its primary key.
const lookupKeyQuery = `SELECT k.secret, k.user_name, u.user_id, a.account_id
FROM iam_access_keys AS k
JOIN iam_account AS a ON a.id = 1
LEFT JOIN iam_users AS u ON u.name = k.user_name
WHERE k.access_key_id = ? AND k.status = 'Active'`

// LookupKey finds the secret of access key accessKeyID and its owner: an
// active long-term key of the root or of a user (sessionToken ""), or
// temporary credentials ("ASIA" keys, from CreateSession) with the session
// token that must accompany them. An unknown or inactive key is an error
// wrapping ErrNotFound. Temporary credentials past their expiration are an
// error wrapping ErrExpired, returned together with their session token and
// principal (the secret blank), so that a caller can tell a client that
// presents the token that it expired (see auth.KeyLookup). It runs one
// query, by primary keys: it is on the path of every API request.
func (s *Store) LookupKey(ctx context.Context, accessKeyID string) (secret, sessionToken string, p *Principal, err error) {
	if !validAccessKeyID(accessKeyID) {
		return "", "", nil, errorf(ErrNotFound, "%s not found", keyRef(accessKeyID))
	}
	if isTemporaryKeyID(accessKeyID) {
		return s.lookupSession(ctx, accessKeyID)
	}
	var userName, userID sql.NullString
	var acct string
	err = s.db.QueryRowContext(ctx, lookupKeyQuery, accessKeyID).Scan(&secret, &userName, &userID, &acct)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil, errorf(ErrNotFound, "%s not found or inactive", keyRef(accessKeyID))
	}
	if err != nil {
		return "", "", nil, dbError(fmt.Sprintf("cannot look up %s", keyRef(accessKeyID)), err)
	}
	if !userName.Valid {
		return secret, "", &Principal{
			Type:        PrincipalRoot,
			AccountID:   acct,
			ARN:         rootARN(acct),
			PrincipalID: acct,
			AccessKeyID: accessKeyID,
		}, nil
	}
	if !userID.Valid { // impossible while foreign keys are enforced
		return "", "", nil, errorf(ErrNotFound, "%s belongs to user %q, which does not exist", keyRef(accessKeyID), userName.String)
	}
	return secret, "", &Principal{
		Type:        PrincipalIAMUser,
		AccountID:   acct,
		ARN:         userARN(acct, userName.String),
		PrincipalID: userID.String,
		UserName:    userName.String,
		AccessKeyID: accessKeyID,
	}, nil
}
