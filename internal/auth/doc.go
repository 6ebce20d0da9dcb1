// Package auth authenticates and authorizes API requests.
//
// Authentication is AWS Signature Version 4 (AWS4-HMAC-SHA256): a [Verifier]
// recomputes the signature of an incoming request from the secret that its
// [KeyLookup] returns for the request's access key ID and compares it with
// the one the client sent, either in the Authorization header or, for
// pre-signed URLs, in the X-Amz-* query parameters. Besides the signature it
// checks the credential scope (service, date, terminator; any well-formed
// region is accepted), the request time against a clock-skew window, the
// session token of temporary credentials and their expiry, the
// X-Amz-Content-Sha256 header and, with a bounded in-memory cache, that no
// signature is accepted twice. Failures are [*Error] values whose Code,
// Message and HTTP Status are the ones the AWS JSON-protocol services (AWS
// JSON 1.0/1.1) return, so that they can be written to the client as
// {"__type": Code, "message": Message}; services of other protocols (STS's
// query protocol) translate the codes.
//
// Authorization is IAM identity-based policy evaluation: [ParsePolicy] parses
// a policy document (Version, Statement, Sid, Effect, Action/NotAction,
// Resource/NotResource, with * and ? wildcards; Condition is rejected rather
// than ignored) and [Evaluate] applies the IAM rule that an explicit Deny in
// any statement wins over any Allow, and that a request no statement allows
// is implicitly denied. [DeniedMessage] formats the AccessDeniedException
// message AWS uses for either kind of denial. A role's trust policy, the
// resource-based policy naming who may assume it, is parsed by
// [ParseTrustPolicy] (Principal instead of Resource) and applied by
// [EvaluateTrust] with the same rule.
package auth
