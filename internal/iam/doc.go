// Package iam keeps trawl's identities in the catalog file: the one AWS
// account trawl pretends to be, its root access keys, its IAM users, their
// access keys and their inline policies. The auth package looks keys up here
// to verify Signature Version 4 requests (LookupKey) and evaluates the
// policies stored here; the API and CLI layers manage them.
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
// DeleteConflict): delete the keys first. Its inline policies are deleted
// with it.
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
// blanks them. WriteCredentialsFile writes a key in the AWS shared
// credentials file format with mode 0600.
//
// # Errors
//
// Errors wrap the sentinels ErrNotFound, ErrExists, ErrConflict,
// ErrLimitExceeded and ErrInvalid and name the object concerned, for example
// `user "bob" not found`, `user "bob" already exists`, `user "bob" already
// has 2 access keys, the limit`; callers classify them with errors.Is and map
// them to IAM error codes (NoSuchEntity, EntityAlreadyExists, DeleteConflict,
// LimitExceeded, ValidationError).
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
// Times are stored as Unix nanoseconds and returned in UTC.
package iam
