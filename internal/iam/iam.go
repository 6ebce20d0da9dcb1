package iam

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"trawl/internal/catalog"
)

// Sentinel errors. Errors returned by the store wrap one of them and name
// the object concerned.
var (
	// ErrNotFound: no such account, user, access key or policy (IAM:
	// NoSuchEntity). LookupKey also returns it for inactive keys.
	ErrNotFound = errors.New("not found")
	// ErrExists: a user of that name exists (IAM: EntityAlreadyExists).
	ErrExists = errors.New("already exists")
	// ErrConflict: the change conflicts with the stored state, such as
	// deleting a user that still has access keys (IAM: DeleteConflict) or
	// asking for an account ID other than the stored one.
	ErrConflict = errors.New("conflict")
	// ErrLimitExceeded: a principal already has two access keys (IAM:
	// LimitExceeded).
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrInvalid: a malformed account ID, user or role name, policy name,
	// access key ID, status, session name or duration (IAM and STS:
	// ValidationError).
	ErrInvalid = errors.New("invalid")
	// ErrExpired: LookupKey found temporary credentials that have expired
	// (STS: ExpiredToken).
	ErrExpired = errors.New("expired")
)

// Error is the error type the store returns for its sentinel conditions:
// Error() is the message naming the object, Unwrap the sentinel.
type Error struct {
	Msg  string
	Kind error // one of the sentinels above
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

func errorf(kind error, format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Kind: kind}
}

// dbError wraps an error from the database. Messages never include
// secrets: the driver's errors do not carry bound values.
func dbError(what string, err error) error {
	return fmt.Errorf("iam: %s: %w", what, err)
}

// MaxAccessKeys is how many access keys a principal may have, as in IAM.
const MaxAccessKeys = 2

// Access key statuses.
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// Principal types, as CloudTrail's userIdentity.type names them.
const (
	PrincipalRoot        = "Root"
	PrincipalIAMUser     = "IAMUser"
	PrincipalAssumedRole = "AssumedRole"
)

// SessionIssuerRole is the SessionIssuer.Type of an assumed role's issuer.
const SessionIssuerRole = "Role"

func init() {
	catalog.RegisterMigration("iam/0001_init", `
CREATE TABLE iam_account (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	account_id TEXT NOT NULL,
	created    INTEGER NOT NULL
);

CREATE TABLE iam_users (
	name    TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
	user_id TEXT NOT NULL UNIQUE,
	created INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE iam_access_keys (
	access_key_id TEXT NOT NULL PRIMARY KEY,
	user_name     TEXT COLLATE NOCASE REFERENCES iam_users(name),
	secret        TEXT NOT NULL,
	status        TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
	created       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX iam_access_keys_user ON iam_access_keys(user_name);

CREATE TABLE iam_user_policies (
	user_name   TEXT NOT NULL COLLATE NOCASE REFERENCES iam_users(name) ON DELETE CASCADE,
	policy_name TEXT NOT NULL,
	document    TEXT NOT NULL,
	created     INTEGER NOT NULL,
	PRIMARY KEY (user_name, policy_name)
) WITHOUT ROWID;
`)
	// Registered here, in the same init as 0001, so that it runs after it.
	catalog.RegisterMigration("iam/0002_roles_sessions", `
CREATE TABLE iam_roles (
	name                 TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
	role_id              TEXT NOT NULL UNIQUE,
	trust_policy         TEXT NOT NULL,
	max_session_duration INTEGER NOT NULL,
	created              INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE iam_role_policies (
	role_name   TEXT NOT NULL COLLATE NOCASE REFERENCES iam_roles(name) ON DELETE CASCADE,
	policy_name TEXT NOT NULL,
	document    TEXT NOT NULL,
	created     INTEGER NOT NULL,
	PRIMARY KEY (role_name, policy_name)
) WITHOUT ROWID;

CREATE TABLE iam_sessions (
	access_key_id TEXT NOT NULL PRIMARY KEY,
	secret        TEXT NOT NULL,
	session_token TEXT NOT NULL,
	role_name     TEXT COLLATE NOCASE REFERENCES iam_roles(name) ON DELETE CASCADE,
	session_name  TEXT,
	user_name     TEXT COLLATE NOCASE REFERENCES iam_users(name) ON DELETE CASCADE,
	source_arn    TEXT NOT NULL,
	source_key    TEXT NOT NULL,
	created       INTEGER NOT NULL,
	expires       INTEGER NOT NULL,
	CHECK (role_name IS NULL OR user_name IS NULL),
	CHECK ((role_name IS NULL) = (session_name IS NULL))
) WITHOUT ROWID;

CREATE INDEX iam_sessions_role ON iam_sessions(role_name);
CREATE INDEX iam_sessions_user ON iam_sessions(user_name);
CREATE INDEX iam_sessions_expires ON iam_sessions(expires);
`)
}

// Store manages the account, users, roles, access keys, temporary
// credentials and policies kept in the catalog file. It is safe for
// concurrent use.
type Store struct {
	db *sql.DB
	// Now is the store's clock: it stamps what is created and decides
	// whether temporary credentials have expired. Nil means time.Now. Set
	// it, if at all, before the store is used.
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// New returns a Store over db, which must be the catalog's database
// (catalog.Catalog.DB, opened after this package's migration was
// registered): its connections begin write transactions IMMEDIATE and
// enforce foreign keys.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Account is the AWS account trawl serves.
type Account struct {
	ID      string    // 12 digits
	RootKey AccessKey // the root's oldest access key, secret included; zero when the root has none
	Created time.Time
}

// User is an IAM user.
type User struct {
	Name    string // as created; compared without regard to case
	ARN     string // arn:aws:iam::<account>:user/<name>
	UserID  string // "AIDA" + 17 base32 characters
	Created time.Time
}

// AccessKey is an access key of the account root or of a user. Formatting
// it with fmt never shows the secret.
type AccessKey struct {
	UserName        string // "" for the account root
	AccessKeyID     string // "AKIA" + 16 characters of [A-Z2-7]
	SecretAccessKey string // 40 characters of base64; "" where blanked
	Status          string // StatusActive or StatusInactive
	Created         time.Time
}

// Principal is who owns a key, for authorization and audit: the fields of
// CloudTrail's userIdentity.
//
// For long-term keys it is the account root or an IAM user. Temporary
// credentials (Session not nil) are either an assumed role's session (Type
// PrincipalAssumedRole, ARN arn:aws:sts::<acct>:assumed-role/<role>/<session>,
// PrincipalID "<role ID>:<session>", UserName "", Session.Issuer the role)
// or the session token the root or a user got from GetSessionToken (the
// Type, ARN, PrincipalID and UserName of that root or user, Session.Issuer
// nil). AccessKeyID is always the key the request was signed with.
type Principal struct {
	Type        string // PrincipalRoot, PrincipalIAMUser or PrincipalAssumedRole
	AccountID   string
	ARN         string // arn:aws:iam::<acct>:root, arn:aws:iam::<acct>:user/<name> or the assumed-role ARN
	PrincipalID string // the account ID for the root; the user ID for users; "<role ID>:<session>" for assumed roles
	UserName    string // "" for the root and for assumed roles
	AccessKeyID string
	Session     *SessionContext // non-nil for temporary credentials
}

// SessionContext describes the session of temporary credentials
// (CloudTrail's userIdentity.sessionContext).
type SessionContext struct {
	CreationDate     time.Time      // when the credentials were issued, UTC, whole seconds
	MFAAuthenticated bool           // always false: trawl has no MFA
	Issuer           *SessionIssuer // the role, for AssumedRole; nil for GetSessionToken credentials
}

// SessionIssuer is the role whose session an assumed role is (CloudTrail's
// sessionContext.sessionIssuer).
type SessionIssuer struct {
	Type        string // SessionIssuerRole
	PrincipalID string // the role ID
	ARN         string // arn:aws:iam::<acct>:role/<name>
	AccountID   string
	UserName    string // the role's name
}

const redacted = "<redacted>"

func (k AccessKey) secretShown() string {
	if k.SecretAccessKey == "" {
		return ""
	}
	return redacted
}

// String describes the key with its secret redacted.
func (k AccessKey) String() string {
	return fmt.Sprintf("{UserName:%s AccessKeyID:%s SecretAccessKey:%s Status:%s Created:%s}",
		k.UserName, k.AccessKeyID, k.secretShown(), k.Status, k.Created.Format(time.RFC3339Nano))
}

// GoString is the %#v form, with the secret redacted.
func (k AccessKey) GoString() string {
	return fmt.Sprintf("iam.AccessKey{UserName:%q, AccessKeyID:%q, SecretAccessKey:%q, Status:%q, Created:%#v}",
		k.UserName, k.AccessKeyID, k.secretShown(), k.Status, k.Created)
}

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %d, %x, ...) print
// the key with its secret redacted.
func (k AccessKey) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, k.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", k.String())
	default:
		fmt.Fprint(f, k.String())
	}
}

// ---- names and identifiers ----

func isNameChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("+=,.@_-", c) >= 0
}

// shown renders a name the store refused for an error message: quoted and
// cut short.
func shown(s string) string {
	const max = 80
	if len(s) > max {
		return fmt.Sprintf("%q...", s[:max])
	}
	return fmt.Sprintf("%q", s)
}

func checkName(what, name string, max int) error {
	if name == "" {
		return errorf(ErrInvalid, "%s name is empty", what)
	}
	if len(name) > max {
		return errorf(ErrInvalid, "%s name %s is longer than %d characters", what, shown(name), max)
	}
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return errorf(ErrInvalid, "%s name %s contains a character other than A-Z, a-z, 0-9 and +=,.@_-", what, shown(name))
		}
	}
	return nil
}

func checkUserName(name string) error   { return checkName("user", name, 64) }
func checkPolicyName(name string) error { return checkName("policy", name, 128) }

// checkAccessKeyID checks the IAM shape of an access key ID: 16 to 128
// word characters.
func checkAccessKeyID(id string) error {
	if id == "" {
		return errorf(ErrInvalid, "access key ID is empty")
	}
	if !validAccessKeyID(id) {
		return errorf(ErrInvalid, "%s is not 16 to 128 characters of A-Z, a-z, 0-9 and _", keyRef(id))
	}
	return nil
}

// keyRef names an access key in messages: "access key AKIA...". An ID that
// does not look like one (over 32 characters, or with other characters)
// is not shown, in case a caller passed a secret (40 characters) for it.
func keyRef(id string) string {
	if len(id) <= 32 && validAccessKeyID(id) {
		return "access key " + id
	}
	return fmt.Sprintf("access key with an ID of %d characters (not shown)", len(id))
}

func validAccessKeyID(id string) bool {
	if len(id) < 16 || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func checkAccountID(id string) error {
	if len(id) != 12 {
		return errorf(ErrInvalid, "account ID %s is not 12 digits", shown(id))
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return errorf(ErrInvalid, "account ID %s is not 12 digits", shown(id))
		}
	}
	return nil
}

// newAccountID returns a random 12-digit account ID without a leading zero
// (AWS allows one, but some tools drop it).
func newAccountID() string {
	n, err := rand.Int(rand.Reader, big.NewInt(9e11))
	if err != nil {
		panic(fmt.Sprintf("iam: crypto/rand failed: %v", err)) // crypto/rand does not fail
	}
	return fmt.Sprintf("%d", n.Int64()+1e11)
}

// newAccessKeyID returns "AKIA" + 16 random characters of [A-Z2-7].
func newAccessKeyID() string { return "AKIA" + rand.Text()[:16] }

// newUserID returns "AIDA" + 17 random characters of [A-Z2-7].
func newUserID() string { return "AIDA" + rand.Text()[:17] }

// newRoleID returns "AROA" + 17 random characters of [A-Z2-7].
func newRoleID() string { return "AROA" + rand.Text()[:17] }

// newTempKeyID returns "ASIA" + 16 random characters of [A-Z2-7], the
// access key ID of temporary credentials.
func newTempKeyID() string { return "ASIA" + rand.Text()[:16] }

// newSessionToken returns an opaque session token: 360 characters of
// base64 from 2160 random bits (AWS's are of the same order).
func newSessionToken() string {
	b := make([]byte, 270)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// newSecret returns 40 characters of base64 from 240 random bits.
func newSecret() string {
	b := make([]byte, 30)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func rootARN(account string) string { return "arn:aws:iam::" + account + ":root" }
func userARN(account, name string) string {
	return "arn:aws:iam::" + account + ":user/" + name
}
func roleARN(account, name string) string {
	return "arn:aws:iam::" + account + ":role/" + name
}
func assumedRoleARN(account, role, session string) string {
	return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session
}

// owner names the owner of keys in messages.
func owner(userName string) string {
	if userName == "" {
		return "the account root"
	}
	return fmt.Sprintf("user %q", userName)
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// ---- transactions ----

// inTx runs fn in a write transaction (BEGIN IMMEDIATE on the catalog's
// connections) and commits it when fn returns nil; otherwise it rolls back
// and returns fn's error.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError("cannot begin transaction", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError("cannot commit transaction", err)
	}
	return nil
}

// inReadTx runs fn in a read transaction, so that its queries see one
// snapshot.
func (s *Store) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return dbError("cannot begin transaction", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// ---- account ----

// EnsureAccount creates the account on first use: with ID accountID when it
// is not empty (it must be 12 digits), else with a random 12-digit ID, and
// with one access key for the account root. Later calls return the existing
// account; they fail with ErrConflict when accountID is not empty and
// differs from the stored account's ID, which never changes.
func (s *Store) EnsureAccount(ctx context.Context, accountID string) (*Account, error) {
	if accountID != "" {
		if err := checkAccountID(accountID); err != nil {
			return nil, err
		}
	}
	var acct *Account
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := readAccount(ctx, tx)
		if err == nil {
			if accountID != "" && accountID != a.ID {
				return errorf(ErrConflict, "cannot use account ID %s: the catalog already holds account %s, and an account's ID cannot change", accountID, a.ID)
			}
			acct = a
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		id := accountID
		if id == "" {
			id = newAccountID()
		}
		now := s.now().UnixNano()
		if _, err := tx.ExecContext(ctx, `INSERT INTO iam_account(id, account_id, created) VALUES (1, ?, ?)`, id, now); err != nil {
			return dbError(fmt.Sprintf("cannot create account %s", id), err)
		}
		key, err := insertKey(ctx, tx, "", now)
		if err != nil {
			return err
		}
		acct = &Account{ID: id, RootKey: *key, Created: fromNanos(now)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return acct, nil
}

// Account returns the account, with the root's oldest access key (secret
// included), or an ErrNotFound error when EnsureAccount has not created it
// yet.
func (s *Store) Account(ctx context.Context) (*Account, error) {
	var acct *Account
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		acct, err = readAccount(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return acct, nil
}

func readAccount(ctx context.Context, tx *sql.Tx) (*Account, error) {
	var (
		a       Account
		created int64
	)
	err := tx.QueryRowContext(ctx, `SELECT account_id, created FROM iam_account WHERE id = 1`).Scan(&a.ID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(ErrNotFound, "account not found: it has not been created yet")
	}
	if err != nil {
		return nil, dbError("cannot read the account", err)
	}
	a.Created = fromNanos(created)
	var kc int64
	err = tx.QueryRowContext(ctx, `SELECT access_key_id, secret, status, created FROM iam_access_keys
WHERE user_name IS NULL ORDER BY created, access_key_id LIMIT 1`).Scan(
		&a.RootKey.AccessKeyID, &a.RootKey.SecretAccessKey, &a.RootKey.Status, &kc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, dbError("cannot read the root access key", err)
	default:
		a.RootKey.Created = fromNanos(kc)
	}
	return &a, nil
}

// accountID returns the stored account's ID, or an ErrNotFound error.
func accountID(ctx context.Context, q querier) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT account_id FROM iam_account WHERE id = 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errorf(ErrNotFound, "account not found: it has not been created yet")
	}
	if err != nil {
		return "", dbError("cannot read the account", err)
	}
	return id, nil
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// named is a user or role found by a case-insensitive lookup.
type named interface{ name() string }

func (u *User) name() string { return u.Name }
func (r *Role) name() string { return r.Name }

// alreadyExists turns the lookup of a new user's or role's name into the
// ErrExists error when one of that name exists in any case, nil when none
// does, or the lookup's own error.
func alreadyExists[T named](kind, name string, existing T, err error) error {
	switch {
	case err == nil && existing.name() == name:
		return errorf(ErrExists, "%s %q already exists", kind, name)
	case err == nil:
		return errorf(ErrExists, "%s %q already exists as %q (%s names are unique without regard to case)", kind, name, existing.name(), kind)
	case errors.Is(err, ErrNotFound):
		return nil
	}
	return err
}

// insertWithID runs insert (ON CONFLICT DO NOTHING) with a new random ID
// from newID as its second parameter, after name and before rest, and
// returns the ID. A clash of random IDs is astronomically unlikely; it
// retries anyway rather than fail.
func insertWithID(ctx context.Context, tx *sql.Tx, kind, name string, newID func() string, insert string, rest ...any) (string, error) {
	for range 3 {
		id := newID()
		res, err := tx.ExecContext(ctx, insert, append([]any{name, id}, rest...)...)
		if err != nil {
			return "", dbError(fmt.Sprintf("cannot create %s %q", kind, name), err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return "", dbError(fmt.Sprintf("cannot create %s %q", kind, name), err)
		} else if n == 1 {
			return id, nil
		}
	}
	return "", fmt.Errorf("iam: cannot create %s %q: no unused %s ID found", kind, name, kind)
}
