// Package iam keeps trawl's identities in the catalog file: the one AWS
// account trawl pretends to be, its root access keys, its IAM users, their
// access keys and inline policies, its IAM roles with their trust and
// inline policies, and the temporary credentials STS issues. The auth
// package looks keys up here to verify Signature Version 4 requests
// (LookupKey) and evaluates the policies stored here (PrincipalPolicies);
// the API and CLI layers manage them.
//
// # Model
//
// A catalog file holds at most one account. EnsureAccount creates it on
// first use, with a 12-digit account ID (given, or random) and one access key
// for the account root; the root is allowed everything and is named
// arn:aws:iam::<account>:root. Users are named like IAM users: 1 to 64
// characters of [A-Za-z0-9+=,.@_-], unique without regard to case ("Bob" and
// "bob" are the same user; the name keeps the case it was created with), and
// get an ARN arn:aws:iam::<account>:user/<name> and a unique user ID
// ("AIDA" + 17 base32 characters). Each principal (the root or a user) has at
// most two access keys, as in IAM; a key ID is "AKIA" + 16 characters of
// [A-Z2-7] and its secret 40 characters of base64, both from crypto/rand. A
// key is Active or Inactive; LookupKey only finds active keys. A user has any
// number of inline policies, named 1 to 128 characters of [A-Za-z0-9+=,.@_-]
// (case-sensitive) and stored verbatim: validating a document is the
// caller's job.
//
// Deleting a user that still has access keys fails with ErrConflict (IAM's
// DeleteConflict): delete the keys first. Its inline policies and session
// tokens are deleted with it.
//
// Roles are named like users (in a namespace of their own), get an ARN
// arn:aws:iam::<account>:role/<name> (the path is always "/") and a role ID
// ("AROA" + 17 base32 characters), and hold a trust policy (the
// AssumeRolePolicyDocument), a MaxSessionDuration (one hour unless set, at
// most twelve) and inline policies. Documents are stored verbatim: parsing
// them (auth.ParseTrustPolicy, auth.ParsePolicy) is the caller's job.
// Deleting a role deletes its policies and its sessions.
//
// # Temporary credentials
//
// CreateSession issues temporary credentials, as STS does: a session of a
// role (AssumeRole: the role, a session name, the source principal that
// asked) or a session token of the root or of a user signing with a
// long-term key (GetSessionToken). Their access key ID is "ASIA" + 16
// base32 characters, the secret 40 characters of base64 and the session
// token 360 characters of base64, all from crypto/rand; they expire after
// the requested duration (15 minutes to 36 hours; STS narrows that per
// operation). Who may get credentials is decided by the caller (the STS
// layer evaluates trust and identity policies); the store only checks the
// request's shape. LookupKey returns, with the secret, the session token a
// request must carry and a Principal whose Session is set: for an assumed
// role Type "AssumedRole", ARN arn:aws:sts::<account>:assumed-role/<role>/<session>,
// PrincipalID "<role ID>:<session>" and the role as Session.Issuer; for a
// session token the identity of the root or user that asked for it.
// Expired credentials are an ErrExpired error (with their session token and
// principal, so that the caller can say "expired" only to a holder of the
// token) for ExpiredRetention (a week), then they are purged. The store's
// clock (Store.Now, time.Now unless set) stamps creation and decides
// expiry.
//
// # Secrets
//
// Secret access keys are stored as given in the catalog file, which Open
// creates with mode 0600. They never appear in error messages, and AccessKey
// formats itself with the secret redacted for every fmt verb (String,
// GoString, Format), so logging a key or an Account is safe. (fmt bypasses
// all methods for the misuses go vet reports: a struct operand of %p, or a
// non-error operand of %w.)
// CreateAccessKey, EnsureAccount and Account return secrets; ListAccessKeys
// blanks them. Session redacts its secret and session token the same way,
// and LookupKey does not return the secret of expired credentials.
// WriteCredentialsFile writes a key in the AWS shared credentials file
// format with mode 0600.
//
// # Errors
//
// Errors wrap the sentinels ErrNotFound, ErrExists, ErrConflict,
// ErrLimitExceeded, ErrInvalid and ErrExpired and name the object concerned, for example
// `user "bob" not found`, `user "bob" already exists`, `user "bob" already
// has 2 access keys, the limit`; callers classify them with errors.Is and map
// them to IAM error codes (NoSuchEntity, EntityAlreadyExists, DeleteConflict,
// LimitExceeded, ValidationError) or, for ErrExpired, to STS's ExpiredToken.
//
// # Concurrency
//
// Store is safe for concurrent use, and several processes may share the
// catalog file. Every change runs in one transaction, which the catalog's
// connections begin IMMEDIATE, so checks such as the two-keys limit and the
// existence of a user hold when the change commits.
//
// # Stored layout
//
// Migration "iam/0001_init", registered with catalog.RegisterMigration:
//
//	iam_account(id INTEGER PK, always 1; account_id; created)
//	iam_users(name PK COLLATE NOCASE; user_id UNIQUE; created)
//	iam_access_keys(access_key_id PK; user_name COLLATE NOCASE, NULL for the
//	                root, FK → iam_users; secret; status 'Active' or
//	                'Inactive'; created; index on user_name)
//	iam_user_policies(user_name COLLATE NOCASE FK → iam_users ON DELETE
//	                  CASCADE; policy_name; document; created;
//	                  PK (user_name, policy_name))
//
// Migration "iam/0002_roles_sessions":
//
//	iam_roles(name PK COLLATE NOCASE; role_id UNIQUE; trust_policy;
//	          max_session_duration in seconds; created)
//	iam_role_policies(role_name COLLATE NOCASE FK → iam_roles ON DELETE
//	                  CASCADE; policy_name; document; created;
//	                  PK (role_name, policy_name))
//	iam_sessions(access_key_id PK; secret; session_token; role_name and
//	             session_name for an assumed role (FK → iam_roles ON DELETE
//	             CASCADE), or user_name for a user's session token (FK →
//	             iam_users ON DELETE CASCADE), both NULL for the root's;
//	             source_arn and source_key, who asked with which key;
//	             created; expires; indexes on role_name, user_name and
//	             expires)
//
// Times are stored as Unix nanoseconds and returned in UTC.
package iam
