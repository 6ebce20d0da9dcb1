// Package sts serves AWS Security Token Service operations over the
// account in the iam store: GetCallerIdentity, AssumeRole and
// GetSessionToken.
//
// # Protocol
//
// STS speaks the AWS query protocol: a POST whose form body names the
// operation and its parameters (Action=AssumeRole&Version=2011-06-15&
// RoleArn=...), signed with Signature Version 4 for service "sts".
// Responses are XML in the namespace https://sts.amazonaws.com/doc/2011-06-15/
// (<AssumeRoleResponse><AssumeRoleResult>...</AssumeRoleResult>
// <ResponseMetadata><RequestId>...), errors
// <ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...
// </Message></Error><RequestId>...</RequestId></ErrorResponse> with STS's
// codes, messages and HTTP statuses: ValidationError (400) for parameters
// that break the service model's constraints, worded as AWS words them
// ("1 validation error detected: Value 'x' at 'roleSessionName' failed to
// satisfy constraint: ..."), AccessDenied (403), InvalidAction and
// MissingAction (400), and, through AuthError, STS's codes for SigV4
// failures (InvalidClientTokenId, SignatureDoesNotMatch, IncompleteSignature,
// MissingAuthenticationToken, ExpiredToken). A Version other than
// 2011-06-15 is InvalidAction; a missing one is accepted.
//
// The HTTP server authenticates the request, then calls API.Handle with
// the caller's principal and the decoded form, and writes Result.Body with
// WriteXML or the error with WriteError. KeyLookup adapts the iam store to
// the auth.Verifier's key lookup, temporary credentials included.
//
// # Authorization
//
// As in AWS: GetCallerIdentity and GetSessionToken need no permission, but
// GetSessionToken refuses temporary credentials ("Cannot call
// GetSessionToken with session credentials"); the root's session tokens
// last at most an hour (a longer DurationSeconds is cut to one hour).
// AssumeRole refuses the root ("Roles may not be assumed by root
// accounts."), then applies the role's trust policy (auth.EvaluateTrust)
// to the caller, known by its ARN (and, for an assumed role, its role's
// ARN) and by its account (arn:aws:iam::<account>:root, <account>). An
// explicit Deny, or no Allow, is AccessDenied, worded the same whether the
// role exists or not. When only the account is trusted, the caller's
// identity policies must also allow sts:AssumeRole on the role's ARN:
// Call.Authorize decides that. When the caller itself is trusted, only an
// explicit Deny in its identity policies refuses it. A chained role
// session (AssumeRole with assumed-role credentials) lasts at most an hour,
// and no session outlasts the role's MaxSessionDuration.
//
// Session policies (Policy, PolicyArns), session tags, source identity,
// provided contexts and MFA (SerialNumber, TokenCode) are not supported:
// a request that uses them is refused with ValidationError rather than
// served with them ignored. ExternalId is accepted (trust policy
// conditions are not supported, so it constrains nothing) and recorded.
//
// # Audit
//
// Result carries what CloudTrail records of a call: the request
// parameters (lowerCamel names), the response elements (credentials
// without their secret access key, the expiration in CloudTrail's
// "Jan 2, 2006, 3:04:05 PM" form), readOnly (true for all three
// operations, as CloudTrail marks them) and the role as the resource of
// AssumeRole. Handle returns a Result for refused calls of known
// operations too (Body and ResponseElements nil), so that they can be
// audited with their parameters.
package sts
