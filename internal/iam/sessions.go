package iam

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Bounds of a session's duration that the store accepts. The STS layer
// applies the narrower bounds of each operation (AssumeRole: 15 minutes to
// the role's MaxSessionDuration; GetSessionToken: 15 minutes to 36 hours,
// one hour for the root).
const (
	MinSessionDuration = 15 * time.Minute
	MaxSessionDuration = 36 * time.Hour
)

// ExpiredRetention is how long expired temporary credentials are kept:
// until then LookupKey reports them expired (ErrExpired); later they are
// deleted, when new credentials are created, and are unknown (ErrNotFound).
const ExpiredRetention = 7 * 24 * time.Hour

// SessionRequest asks for temporary credentials.
type SessionRequest struct {
	// Source is who asks: the caller of AssumeRole or GetSessionToken, as
	// LookupKey returned it. Required.
	Source *Principal
	// RoleName is the role to assume. "" asks for a session token of
	// Source itself (GetSessionToken), which must then be the root or an
	// IAM user signing with a long-term key.
	RoleName string
	// SessionName is the role session name: 2 to 64 characters of
	// [A-Za-z0-9+=,.@_-]. Required with RoleName, else empty.
	SessionName string
	// Duration is how long the credentials are valid, in whole seconds
	// from MinSessionDuration to MaxSessionDuration.
	Duration time.Duration
	// Start is when the credentials are issued; zero means the store's
	// clock. It is truncated to whole seconds.
	Start time.Time
}

// Session is a set of temporary credentials. Formatting it with fmt never
// shows the secret nor the session token.
type Session struct {
	AccessKeyID     string // "ASIA" + 16 characters of [A-Z2-7]
	SecretAccessKey string // 40 characters of base64
	SessionToken    string // opaque, 360 characters of base64
	Expiration      time.Time
	// Principal is the identity the credentials carry, as LookupKey will
	// return it (with AccessKeyID set to the new key).
	Principal *Principal
}

// String describes the session with its secret and token redacted.
func (c Session) String() string {
	return fmt.Sprintf("{AccessKeyID:%s SecretAccessKey:%s SessionToken:%s Expiration:%s Principal:%s}",
		c.AccessKeyID, shownSecret(c.SecretAccessKey), shownSecret(c.SessionToken), c.Expiration.Format(time.RFC3339), c.principalARN())
}

// GoString is the %#v form, with the secret and token redacted.
func (c Session) GoString() string {
	return fmt.Sprintf("iam.Session{AccessKeyID:%q, SecretAccessKey:%q, SessionToken:%q, Expiration:%#v, Principal:%q}",
		c.AccessKeyID, shownSecret(c.SecretAccessKey), shownSecret(c.SessionToken), c.Expiration, c.principalARN())
}

// Format makes every fmt verb print the session with its secret and token
// redacted.
func (c Session) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, c.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", c.String())
	default:
		fmt.Fprint(f, c.String())
	}
}

func (c Session) principalARN() string {
	if c.Principal == nil {
		return ""
	}
	return c.Principal.ARN
}

func shownSecret(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// checkSessionName checks an STS role session name: 2 to 64 characters of
// [\w+=,.@-], the same characters as IAM names.
func checkSessionName(name string) error {
	if len(name) < 2 {
		return errorf(ErrInvalid, "role session name %s is shorter than 2 characters", shown(name))
	}
	return checkName("role session", name, 64)
}

// CreateSession issues temporary credentials: a session of role
// req.RoleName for req.Source (AssumeRole), or, when req.RoleName is "", a
// session token of req.Source itself (GetSessionToken). Who may do so is
// the caller's decision (trust and identity policies, refusing the root
// and temporary credentials where AWS does); the store checks only that
// the request is well formed: ErrInvalid for a malformed role or session
// name or duration, or for a session token asked for by anything but the
// root or a user's long-term key; ErrNotFound for a missing role, user or
// account.
//
// It also deletes the credentials that expired more than ExpiredRetention
// ago.
func (s *Store) CreateSession(ctx context.Context, req SessionRequest) (*Session, error) {
	src := req.Source
	if src == nil {
		return nil, errorf(ErrInvalid, "temporary credentials need a source principal")
	}
	if req.Duration < MinSessionDuration || req.Duration > MaxSessionDuration || req.Duration%time.Second != 0 {
		return nil, errorf(ErrInvalid, "session duration %v is not a whole number of seconds from %v to %v", req.Duration, MinSessionDuration, MaxSessionDuration)
	}
	if req.RoleName != "" {
		if err := checkRoleName(req.RoleName); err != nil {
			return nil, err
		}
		if err := checkSessionName(req.SessionName); err != nil {
			return nil, err
		}
	} else {
		if req.SessionName != "" {
			return nil, errorf(ErrInvalid, "a session token has no role session name")
		}
		if src.Session != nil || (src.Type != PrincipalRoot && src.Type != PrincipalIAMUser) {
			return nil, errorf(ErrInvalid, "%s cannot get a session token: only the root and IAM users with long-term keys can", src.ARN)
		}
		if src.Type == PrincipalIAMUser {
			if err := checkUserName(src.UserName); err != nil {
				return nil, err
			}
		}
	}
	start := req.Start
	if start.IsZero() {
		start = s.now()
	}
	start = start.UTC().Truncate(time.Second)
	expires := start.Add(req.Duration)

	var out *Session
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		acct, err := accountID(ctx, tx)
		if err != nil {
			return err
		}
		var roleName, sessionName, userName any // NULL unless set
		p := &Principal{AccountID: acct, Session: &SessionContext{CreationDate: start}}
		switch {
		case req.RoleName != "":
			r, err := findRole(ctx, tx, req.RoleName)
			if err != nil {
				return err
			}
			roleName, sessionName = r.Name, req.SessionName
			p.Type = PrincipalAssumedRole
			p.ARN = assumedRoleARN(acct, r.Name, req.SessionName)
			p.PrincipalID = r.RoleID + ":" + req.SessionName
			p.Session.Issuer = &SessionIssuer{Type: SessionIssuerRole, PrincipalID: r.RoleID,
				ARN: roleARN(acct, r.Name), AccountID: acct, UserName: r.Name}
		case src.Type == PrincipalRoot:
			p.Type, p.ARN, p.PrincipalID = PrincipalRoot, rootARN(acct), acct
		default:
			u, err := findUser(ctx, tx, src.UserName)
			if err != nil {
				return err
			}
			userName = u.Name
			p.Type, p.ARN, p.PrincipalID, p.UserName = PrincipalIAMUser, userARN(acct, u.Name), u.UserID, u.Name
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM iam_sessions WHERE expires < ?`,
			start.Add(-ExpiredRetention).UnixNano()); err != nil {
			return dbError("cannot delete expired temporary credentials", err)
		}
		// A clash of 80-bit random key IDs is astronomically unlikely;
		// retry anyway rather than fail.
		for range 3 {
			c := &Session{
				AccessKeyID:     newTempKeyID(),
				SecretAccessKey: newSecret(),
				SessionToken:    newSessionToken(),
				Expiration:      expires,
				Principal:       p,
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO iam_sessions(access_key_id, secret, session_token,
role_name, session_name, user_name, source_arn, source_key, created, expires)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				c.AccessKeyID, c.SecretAccessKey, c.SessionToken, roleName, sessionName, userName,
				src.ARN, src.AccessKeyID, start.UnixNano(), expires.UnixNano())
			if err != nil {
				return dbError(fmt.Sprintf("cannot create temporary credentials for %s", p.ARN), err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return dbError(fmt.Sprintf("cannot create temporary credentials for %s", p.ARN), err)
			} else if n == 1 {
				p.AccessKeyID = c.AccessKeyID
				out = c
				return nil
			}
		}
		return fmt.Errorf("iam: cannot create temporary credentials for %s: no unused key ID found", p.ARN)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lookupSessionQuery finds temporary credentials, the role or user they
// belong to and the account in one query, each table searched by its
// primary key.
const lookupSessionQuery = `SELECT s.secret, s.session_token, s.session_name, s.created, s.expires,
	r.name, r.role_id, u.name, u.user_id, a.account_id, s.role_name IS NOT NULL, s.user_name IS NOT NULL
FROM iam_sessions AS s
JOIN iam_account AS a ON a.id = 1
LEFT JOIN iam_roles AS r ON r.name = s.role_name
LEFT JOIN iam_users AS u ON u.name = s.user_name
WHERE s.access_key_id = ?`

// lookupSession is LookupKey for temporary credentials ("ASIA" keys).
func (s *Store) lookupSession(ctx context.Context, accessKeyID string) (secret, token string, p *Principal, err error) {
	var (
		sessionName, roleName, roleID, userName, userID sql.NullString
		acct                                            string
		created, expires                                int64
		isRole, isUser                                  bool
	)
	err = s.db.QueryRowContext(ctx, lookupSessionQuery, accessKeyID).Scan(&secret, &token, &sessionName,
		&created, &expires, &roleName, &roleID, &userName, &userID, &acct, &isRole, &isUser)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil, errorf(ErrNotFound, "%s not found", keyRef(accessKeyID))
	}
	if err != nil {
		return "", "", nil, dbError(fmt.Sprintf("cannot look up %s", keyRef(accessKeyID)), err)
	}
	p = &Principal{AccountID: acct, AccessKeyID: accessKeyID, Session: &SessionContext{CreationDate: fromNanos(created)}}
	switch {
	case isRole:
		if !roleName.Valid { // impossible while foreign keys are enforced
			return "", "", nil, errorf(ErrNotFound, "%s belongs to a role that does not exist", keyRef(accessKeyID))
		}
		p.Type = PrincipalAssumedRole
		p.ARN = assumedRoleARN(acct, roleName.String, sessionName.String)
		p.PrincipalID = roleID.String + ":" + sessionName.String
		p.Session.Issuer = &SessionIssuer{Type: SessionIssuerRole, PrincipalID: roleID.String,
			ARN: roleARN(acct, roleName.String), AccountID: acct, UserName: roleName.String}
	case isUser:
		if !userName.Valid { // impossible while foreign keys are enforced
			return "", "", nil, errorf(ErrNotFound, "%s belongs to a user that does not exist", keyRef(accessKeyID))
		}
		p.Type, p.ARN, p.PrincipalID, p.UserName = PrincipalIAMUser, userARN(acct, userName.String), userID.String, userName.String
	default:
		p.Type, p.ARN, p.PrincipalID = PrincipalRoot, rootARN(acct), acct
	}
	if exp := fromNanos(expires); !s.now().Before(exp) {
		return "", token, p, errorf(ErrExpired, "%s (temporary credentials of %s) expired at %s",
			keyRef(accessKeyID), p.ARN, exp.Format(time.RFC3339))
	}
	return secret, token, p, nil
}

// PrincipalPolicies returns the documents of the identity-based policies
// that govern p, ordered by policy name: an IAM user's inline policies
// (also for its GetSessionToken credentials), an assumed role's role's
// inline policies, and nil for the root, whom the caller allows
// everything. A user or role that no longer exists (or, for an assumed
// role, was deleted and created again) is ErrNotFound.
func (s *Store) PrincipalPolicies(ctx context.Context, p *Principal) ([]string, error) {
	if p == nil {
		return nil, errorf(ErrInvalid, "no principal")
	}
	var list []namedPolicy
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		switch p.Type {
		case PrincipalRoot:
			return nil
		case PrincipalIAMUser:
			if err := checkUserName(p.UserName); err != nil {
				return err
			}
			u, err := findUser(ctx, tx, p.UserName)
			if err != nil {
				return err
			}
			list, err = namedPolicies(ctx, tx, `SELECT policy_name, document FROM iam_user_policies WHERE user_name = ? ORDER BY policy_name`, u.Name)
			if err != nil {
				return dbError(fmt.Sprintf("cannot list the policies of user %q", u.Name), err)
			}
			return nil
		case PrincipalAssumedRole:
			iss := p.Session.issuer()
			if iss == nil {
				return errorf(ErrInvalid, "assumed role %s has no session issuer", p.ARN)
			}
			if err := checkRoleName(iss.UserName); err != nil {
				return err
			}
			r, err := findRole(ctx, tx, iss.UserName)
			if err != nil {
				return err
			}
			if r.RoleID != iss.PrincipalID {
				return errorf(ErrNotFound, "role %q of session %s not found: it was deleted and created again", iss.UserName, p.ARN)
			}
			list, err = namedPolicies(ctx, tx, `SELECT policy_name, document FROM iam_role_policies WHERE role_name = ? ORDER BY policy_name`, r.Name)
			if err != nil {
				return dbError(fmt.Sprintf("cannot list the policies of role %q", r.Name), err)
			}
			return nil
		}
		return errorf(ErrInvalid, "principal type %q is not %s, %s or %s", p.Type, PrincipalRoot, PrincipalIAMUser, PrincipalAssumedRole)
	})
	if err != nil {
		return nil, err
	}
	var docs []string
	for _, np := range list {
		docs = append(docs, np.doc)
	}
	return docs, nil
}

func (c *SessionContext) issuer() *SessionIssuer {
	if c == nil {
		return nil
	}
	return c.Issuer
}

// isTemporaryKeyID reports whether id names temporary credentials.
func isTemporaryKeyID(id string) bool { return strings.HasPrefix(id, "ASIA") }
