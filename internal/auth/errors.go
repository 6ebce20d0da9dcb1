package auth

import "net/http"

// Error codes of the failures this package reports. They are the values of
// the "__type" member of an AWS JSON-protocol error response (and, for
// MalformedPolicyDocument, the IAM error code).
const (
	// CodeMissingAuthenticationToken: the request carries neither an
	// Authorization header nor query-string authentication.
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	// CodeIncompleteSignature: the signature parameters are malformed or
	// incomplete.
	CodeIncompleteSignature = "IncompleteSignatureException"
	// CodeInvalidSignature: the signature is well formed but wrong, expired,
	// mis-scoped or already used.
	CodeInvalidSignature = "InvalidSignatureException"
	// CodeUnrecognizedClient: the access key or the session token is not
	// valid.
	CodeUnrecognizedClient = "UnrecognizedClientException"
	// CodeExpiredToken: the temporary credentials (access key and session
	// token) have expired.
	CodeExpiredToken = "ExpiredTokenException"
	// CodeInternalFailure: the key lookup failed for a reason other than an
	// unknown key.
	CodeInternalFailure = "InternalFailure"
	// CodeAccessDenied is the code to report a policy denial with; see
	// [DeniedMessage].
	CodeAccessDenied = "AccessDeniedException"
	// CodeMalformedPolicyDocument: a policy document does not parse; see
	// [ParsePolicy].
	CodeMalformedPolicyDocument = "MalformedPolicyDocument"
)

// Error is an authentication or policy failure, carrying what an AWS service
// returns for it: the error code (the "__type" of a JSON-protocol error
// response), the human-readable message and the HTTP status code.
type Error struct {
	Code    string
	Message string
	Status  int

	// cause is the underlying error, if any (for example the key lookup's
	// own error behind an InternalFailure). It is never shown to clients.
	cause error
}

// Error returns "Code: Message".
func (e *Error) Error() string {
	return e.Code + ": " + e.Message
}

// Unwrap returns the underlying error, if any, so that callers can log it
// or match it with errors.Is and errors.As.
func (e *Error) Unwrap() error {
	return e.cause
}

// newError returns an *Error with HTTP status 400, the status the AWS JSON
// services use for every client-side authentication failure.
func newError(code, message string) *Error {
	return &Error{Code: code, Message: message, Status: http.StatusBadRequest}
}
