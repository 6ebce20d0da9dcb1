package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxSkew is the clock-skew window a [Verifier] uses when its MaxSkew
// is zero: AWS accepts a request whose timestamp is at most 15 minutes away
// from its own clock, in either direction.
const DefaultMaxSkew = 15 * time.Minute

const (
	// sigAlgorithm is the only signing algorithm accepted.
	sigAlgorithm = "AWS4-HMAC-SHA256"
	// amzDateLayout is the ISO 8601 basic format of X-Amz-Date.
	amzDateLayout = "20060102T150405Z"
	// scopeTerminator ends every SigV4 credential scope.
	scopeTerminator = "aws4_request"
	// unsignedPayload is the X-Amz-Content-Sha256 value of a request whose
	// body is not covered by the signature.
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// Messages of the AWS JSON-protocol services, verbatim.
const (
	msgMissingToken      = "Missing Authentication Token"
	msgInvalidToken      = "The security token included in the request is invalid."
	msgExpiredToken      = "The security token included in the request is expired"
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgContentSHA256     = "The provided 'x-amz-content-sha256' header does not match what was computed."
	msgHostNotSigned     = "'Host' must be a 'SignedHeader' in the AWS Authorization."
	msgBothAuthStyles    = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
	msgInternalFailure   = "The request processing has failed because of an unknown error, exception or failure."
	// msgReplayed has no AWS original: AWS does not detect replays.
	msgReplayed = "Signature has already been used; sign the request again with a new timestamp."
)

// ErrUnknownKey is the error a [KeyLookup] wraps when the access key ID does
// not exist or its key is inactive.
var ErrUnknownKey = errors.New("unknown access key")

// ErrExpiredToken is the error a [KeyLookup] wraps when the access key ID
// names temporary credentials that have expired.
var ErrExpiredToken = errors.New("expired security token")

// KeyLookup returns the secret for an access key ID and, for temporary
// credentials, the session token that must accompany it ("" for long-term keys).
// It returns an error wrapping ErrUnknownKey when the key does not exist or is inactive.
//
// For temporary credentials that have expired it returns an error wrapping
// ErrExpiredToken together with the session token (the secret may be
// blank): the [Verifier] then answers ExpiredTokenException to a request
// that presents that token, and UnrecognizedClientException to any other,
// so that the key ID alone reveals nothing.
type KeyLookup func(ctx context.Context, accessKeyID string) (secret, sessionToken string, err error)

// Verifier verifies AWS Signature Version 4 signatures against the keys its
// Lookup knows, rejecting requests outside the clock-skew window and
// requests whose signature it has accepted before.
//
// A Verifier is safe for concurrent use. It holds the replay cache, so it
// must not be copied after first use, and one Verifier should serve all the
// requests among which replays are to be detected.
type Verifier struct {
	// Lookup finds the secret (and session token) of an access key ID.
	Lookup KeyLookup
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxSkew is how far the request's timestamp may be from Now, in either
	// direction; 0 means DefaultMaxSkew. Accepted signatures are remembered
	// (to refuse replays) until their timestamp is MaxSkew in the past.
	MaxSkew time.Duration
	// ReplayExempt, when set, names requests whose signature may be seen
	// twice: calls that only read, where two identical requests in the
	// same second (a script polling) are legitimate and a replay changes
	// nothing. Other requests are refused when their signature repeats.
	ReplayExempt func(r *http.Request, body []byte) bool

	replay replayCache
}

// Signed describes an authenticated request.
type Signed struct {
	AccessKeyID string
	Region      string // from the credential scope (any region is accepted)
	Service     string
	Time        time.Time // X-Amz-Date
}

// sigParams are the signature parameters of a request, from either the
// Authorization header or the query string.
type sigParams struct {
	presigned     bool // query-string authentication
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
	date          string // X-Amz-Date, or the Date header if dateHeader
	dateHeader    bool
	token         string // X-Amz-Security-Token
}

// credentialScope is a parsed Credential: keyid/date/region/service/term.
type credentialScope struct {
	accessKeyID string
	date        string
	region      string
	service     string
	terminator  string
	scope       string // date/region/service/term, as in the string to sign
}

// Verify checks the request's Authorization header (AWS4-HMAC-SHA256) against
// the stored key. body is the full request body (already read by the caller).
// service is the expected service name in the credential scope ("athena", "sts", "cloudtrail").
//
// Query-string authentication (a pre-signed URL with X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature and
// possibly X-Amz-Security-Token parameters) is verified the same way. As on
// the AWS JSON services, X-Amz-Expires is an ordinary signed parameter: the
// validity window is MaxSkew around X-Amz-Date either way.
//
// The checks run in the order AWS applies them, and the first failure is
// returned as an *Error: signature parameters present and well formed,
// timestamp format, clock skew, Host signed, algorithm, credential shape,
// credential scope (region, service, terminator, date), access key known
// and not expired (ExpiredTokenException, for a request that carries the
// expired credentials' session token), X-Amz-Content-Sha256, signature,
// session token and finally replay. Only a request that passes every other
// check has its signature recorded.
//
// If Lookup fails with an error that wraps neither ErrUnknownKey nor
// ErrExpiredToken, Verify returns an *Error with code InternalFailure and
// status 500 that wraps it.
func (v *Verifier) Verify(ctx context.Context, r *http.Request, body []byte, service string) (*Signed, error) {
	query := parseQuery(r.URL.RawQuery)
	p, err := extractParams(r, query)
	if err != nil {
		return nil, err
	}

	t, amzDate, err := parseRequestTime(p)
	if err != nil {
		return nil, err
	}
	now := v.now()
	skew := v.maxSkew()
	if err := checkSkew(t, now, skew); err != nil {
		return nil, err
	}

	if !signsHost(p.signedHeaders) {
		return nil, newError(CodeInvalidSignature, msgHostNotSigned)
	}
	if p.algorithm != sigAlgorithm {
		return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
			"Unsupported AWS 'algorithm': '%s' (only %s for now). ", p.algorithm, sigAlgorithm))
	}
	scope, err := parseCredential(p.credential)
	if err != nil {
		return nil, err
	}
	if err := scope.check(service, amzDate); err != nil {
		return nil, err
	}

	secret, wantToken, err := v.lookup(ctx, scope.accessKeyID, p.token)
	if err != nil {
		return nil, err
	}

	payload, err := payloadHash(r, body)
	if err != nil {
		return nil, err
	}
	canonical := appendCanonicalRequest(make([]byte, 0, 512), r, query, p, payload)
	mac := computeSignature(secret, scope, amzDate, canonical)
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], mac[:])
	if !hmac.Equal(want[:], []byte(p.signature)) {
		return nil, newError(CodeInvalidSignature, msgSignatureMismatch)
	}

	if !tokenMatches(wantToken, p.token) {
		return nil, newError(CodeUnrecognizedClient, msgInvalidToken)
	}

	// The signature can verify only while t >= now-skew: remember it until
	// then. Recording last means a refused request never poisons the cache.
	if (v.ReplayExempt == nil || !v.ReplayExempt(r, body)) && !v.replay.record(mac, t.Add(skew), now) {
		return nil, newError(CodeInvalidSignature, msgReplayed)
	}

	return &Signed{
		AccessKeyID: scope.accessKeyID,
		Region:      scope.region,
		Service:     scope.service,
		Time:        t,
	}, nil
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) maxSkew() time.Duration {
	if v.MaxSkew > 0 {
		return v.MaxSkew
	}
	return DefaultMaxSkew
}

// lookup resolves an access key ID to its secret and session token;
// presented is the session token the request carries, if any.
func (v *Verifier) lookup(ctx context.Context, accessKeyID, presented string) (secret, token string, err error) {
	if accessKeyID == "" {
		return "", "", newError(CodeUnrecognizedClient, msgInvalidToken)
	}
	if v.Lookup == nil {
		return "", "", internalFailure(errors.New("auth: Verifier.Lookup is nil"))
	}
	secret, token, err = v.Lookup(ctx, accessKeyID)
	switch {
	case errors.Is(err, ErrUnknownKey):
		e := newError(CodeUnrecognizedClient, msgInvalidToken)
		e.cause = err
		return "", "", e
	case errors.Is(err, ErrExpiredToken):
		// Only a caller that holds the session token learns that it
		// expired; for anyone else the key is simply not valid.
		e := newError(CodeUnrecognizedClient, msgInvalidToken)
		if token != "" && tokenMatches(token, presented) {
			e = newError(CodeExpiredToken, msgExpiredToken)
		}
		e.cause = err
		return "", "", e
	case err != nil:
		return "", "", internalFailure(err)
	}
	return secret, token, nil
}

func internalFailure(cause error) *Error {
	return &Error{Code: CodeInternalFailure, Message: msgInternalFailure, Status: http.StatusInternalServerError, cause: cause}
}

// extractParams finds the signature parameters in the Authorization header
// or the query string and checks that all of them, and a timestamp, are
// present.
func extractParams(r *http.Request, query []queryParam) (*sigParams, error) {
	authz, hasHeader := headerValue(r.Header, "Authorization")
	hasHeader = hasHeader && strings.TrimSpace(authz) != "" // blank counts as absent
	_, queryAlg := lookupQuery(query, "X-Amz-Algorithm")
	_, querySig := lookupQuery(query, "X-Amz-Signature")
	switch {
	case hasHeader && queryAlg:
		return nil, newError(CodeInvalidSignature, msgBothAuthStyles)
	case hasHeader:
		return headerParams(r, authz)
	case queryAlg || querySig:
		return queryParams(query)
	default:
		return nil, newError(CodeMissingAuthenticationToken, msgMissingToken)
	}
}

// headerParams parses an Authorization header of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa0...
//
// where, as for AWS, commas and blanks both separate the key=value pairs.
func headerParams(r *http.Request, authz string) (*sigParams, error) {
	p := &sigParams{}
	rest := strings.TrimLeft(authz, " \t")
	if i := strings.IndexAny(rest, " \t,"); i >= 0 {
		p.algorithm, rest = rest[:i], rest[i:]
	} else {
		p.algorithm, rest = rest, ""
	}
	for _, tok := range strings.FieldsFunc(rest, func(c rune) bool { return c == ',' || c == ' ' || c == '\t' }) {
		key, val, ok := strings.Cut(tok, "=")
		if !ok {
			return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
				"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", tok, authz))
		}
		switch key {
		case "Credential":
			p.credential = val
		case "SignedHeaders":
			p.signedHeaders = val
		case "Signature":
			p.signature = val
		}
	}

	if d, ok := headerValue(r.Header, "X-Amz-Date"); ok && d != "" {
		p.date = d
	} else if d, ok := headerValue(r.Header, "Date"); ok && d != "" {
		p.date, p.dateHeader = d, true
	}
	p.token, _ = headerValue(r.Header, "X-Amz-Security-Token")

	var msg strings.Builder
	for _, req := range [...]struct{ name, val string }{
		{"Credential", p.credential},
		{"Signature", p.signature},
		{"SignedHeaders", p.signedHeaders},
	} {
		if req.val == "" {
			msg.WriteString("Authorization header requires '" + req.name + "' parameter. ")
		}
	}
	if p.date == "" {
		msg.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if msg.Len() > 0 {
		msg.WriteString("Authorization=" + authz)
		return nil, newError(CodeIncompleteSignature, msg.String())
	}
	return p, nil
}

// queryParams collects the signature parameters of a pre-signed URL.
func queryParams(query []queryParam) (*sigParams, error) {
	p := &sigParams{presigned: true}
	var msg strings.Builder
	for _, f := range [...]struct {
		name string
		dst  *string
	}{
		{"X-Amz-Algorithm", &p.algorithm},
		{"X-Amz-Credential", &p.credential},
		{"X-Amz-Signature", &p.signature},
		{"X-Amz-SignedHeaders", &p.signedHeaders},
		{"X-Amz-Date", &p.date},
	} {
		*f.dst, _ = lookupQuery(query, f.name)
		if *f.dst == "" {
			msg.WriteString("AWS query-string parameters must include '" + f.name + "'. ")
		}
	}
	if msg.Len() > 0 {
		msg.WriteString("Re-examine the query-string parameters.")
		return nil, newError(CodeIncompleteSignature, msg.String())
	}
	p.token, _ = lookupQuery(query, "X-Amz-Security-Token")
	return p, nil
}

// parseRequestTime parses the request timestamp and returns it together
// with its ISO 8601 basic form, which is what the string to sign contains.
func parseRequestTime(p *sigParams) (time.Time, string, error) {
	var t time.Time
	var err error
	if p.dateHeader {
		t, err = http.ParseTime(p.date)
	} else if len(p.date) != len(amzDateLayout) {
		err = errors.New("wrong length")
	} else {
		t, err = time.Parse(amzDateLayout, p.date)
	}
	if err != nil {
		return time.Time{}, "", newError(CodeIncompleteSignature, fmt.Sprintf(
			"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", p.date))
	}
	t = t.UTC()
	return t, t.Format(amzDateLayout), nil
}

// checkSkew refuses a timestamp more than skew away from now, with AWS's
// wording, e.g. "Signature expired: 20240101T000000Z is now earlier than
// 20240101T001000Z (20240101T002500Z - 15 min.)".
func checkSkew(t, now time.Time, skew time.Duration) error {
	now = now.UTC().Truncate(time.Second)
	if earliest := now.Add(-skew); t.Before(earliest) {
		return newError(CodeInvalidSignature, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s.)",
			t.Format(amzDateLayout), earliest.Format(amzDateLayout), now.Format(amzDateLayout), formatSpan(skew)))
	}
	if latest := now.Add(skew); t.After(latest) {
		return newError(CodeInvalidSignature, fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s.)",
			t.Format(amzDateLayout), latest.Format(amzDateLayout), now.Format(amzDateLayout), formatSpan(skew)))
	}
	return nil
}

// formatSpan renders a skew window the way AWS does ("15 min"), falling
// back to seconds for windows that are not whole minutes.
func formatSpan(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + " sec"
}

// signsHost reports whether the signed headers include Host.
func signsHost(signedHeaders string) bool {
	for name := range strings.SplitSeq(signedHeaders, ";") {
		if strings.EqualFold(name, "host") {
			return true
		}
	}
	return false
}

// parseCredential splits keyid/date/region/service/term. Trailing slashes
// are ignored, as by AWS.
func parseCredential(cred string) (*credentialScope, error) {
	trimmed := strings.TrimRight(cred, "/")
	parts := strings.Split(trimmed, "/")
	if len(parts) != 5 {
		return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", cred))
	}
	return &credentialScope{
		accessKeyID: parts[0],
		date:        parts[1],
		region:      parts[2],
		service:     parts[3],
		terminator:  parts[4],
		scope:       trimmed[len(parts[0])+1:],
	}, nil
}

// check validates the scope against the expected service and the request
// timestamp, reporting every problem at once as AWS does.
func (s *credentialScope) check(service, amzDate string) error {
	var msg strings.Builder
	if !validRegion(s.region) {
		msg.WriteString("Credential should be scoped to a valid region, not '" + s.region + "'. ")
	}
	if s.service != service {
		msg.WriteString("Credential should be scoped to correct service: '" + service + "'. ")
	}
	if s.terminator != scopeTerminator {
		msg.WriteString("Credential should be scoped with a valid terminator: '" + scopeTerminator + "', not '" + s.terminator + "'. ")
	}
	if day := amzDate[:8]; s.date != day {
		msg.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			s.date + "' != '" + day + "', from '" + amzDate + "'.")
	}
	if msg.Len() > 0 {
		return newError(CodeInvalidSignature, msg.String())
	}
	return nil
}

// validRegion accepts any region name of the AWS shape: non-empty, lower-case
// letters, digits and hyphens.
func validRegion(region string) bool {
	if region == "" || len(region) > 64 {
		return false
	}
	for i := 0; i < len(region); i++ {
		c := region[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// payloadHash returns the hex SHA-256 of body, or UNSIGNED-PAYLOAD when the
// client declared the body unsigned. An X-Amz-Content-Sha256 header with any
// other value must be the body's hash.
func payloadHash(r *http.Request, body []byte) (string, error) {
	sum := sha256.Sum256(body)
	computed := hex.EncodeToString(sum[:])
	declared, ok := headerValue(r.Header, "X-Amz-Content-Sha256")
	switch {
	case !ok:
		return computed, nil
	case declared == unsignedPayload:
		return unsignedPayload, nil
	case declared != computed:
		return "", newError(CodeInvalidSignature, msgContentSHA256)
	}
	return computed, nil
}

// tokenMatches reports whether the session token sent (possibly "") is the
// one the key requires ("" for long-term keys, which must not carry one).
func tokenMatches(want, got string) bool {
	if want == "" {
		return got == ""
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// computeSignature derives the signing key and returns the raw signature
// (HMAC-SHA256) of the string to sign for the canonical request.
func computeSignature(secret string, scope *credentialScope, amzDate string, canonical []byte) [sha256.Size]byte {
	canonicalHash := sha256.Sum256(canonical)
	sts := make([]byte, 0, len(sigAlgorithm)+len(amzDate)+len(scope.scope)+3+2*sha256.Size)
	sts = append(sts, sigAlgorithm...)
	sts = append(sts, '\n')
	sts = append(sts, amzDate...)
	sts = append(sts, '\n')
	sts = append(sts, scope.scope...)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, canonicalHash[:])

	key := signingKey(secret, scope.date, scope.region, scope.service)
	var sig [sha256.Size]byte
	copy(sig[:], hmacSHA256(key, sts))
	return sig
}

// signingKey derives the SigV4 signing key: HMAC chain from "AWS4"+secret
// over date, region, service and "aws4_request".
func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), []byte(date))
	k = hmacSHA256(k, []byte(region))
	k = hmacSHA256(k, []byte(service))
	return hmacSHA256(k, []byte(scopeTerminator))
}

func hmacSHA256(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

// appendCanonicalRequest appends the SigV4 canonical request of r to dst:
//
//	method \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
func appendCanonicalRequest(dst []byte, r *http.Request, query []queryParam, p *sigParams, payloadHash string) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	dst = appendCanonicalURI(dst, r.URL)
	dst = append(dst, '\n')
	dst = appendCanonicalQuery(dst, query, p.presigned)
	dst = append(dst, '\n')
	for name := range strings.SplitSeq(p.signedHeaders, ";") {
		name = strings.ToLower(name)
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = appendHeaderValues(dst, r, name)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	dst = append(dst, p.signedHeaders...)
	dst = append(dst, '\n')
	dst = append(dst, payloadHash...)
	return dst
}

// appendCanonicalURI appends the URI-encoded path. As for every AWS service
// but S3, each segment of the (already percent-encoded) path is encoded once
// more: every byte except the RFC 3986 unreserved characters and '/'.
func appendCanonicalURI(dst []byte, u *url.URL) []byte {
	path := u.EscapedPath()
	if u.Opaque != "" {
		// "//host/path?query", as the AWS SDK accepts for pre-escaped paths.
		path = ""
		opaque, _, _ := strings.Cut(u.Opaque, "?")
		opaque = strings.TrimPrefix(opaque, "//")
		if i := strings.IndexByte(opaque, '/'); i >= 0 {
			path = opaque[i:]
		}
	}
	if path == "" {
		path = "/"
	}
	return appendEscaped(dst, path, true)
}

// queryParam is one decoded query-string parameter.
type queryParam struct {
	key, value string
}

// parseQuery decodes a raw query string, keeping every parameter in order.
// A parameter without '=' has an empty value. Undecodable escapes are kept
// verbatim (the signature will then not match).
func parseQuery(raw string) []queryParam {
	if raw == "" {
		return nil
	}
	params := make([]queryParam, 0, strings.Count(raw, "&")+1)
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		params = append(params, queryParam{key: unescapeQuery(k), value: unescapeQuery(v)})
	}
	return params
}

func unescapeQuery(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// lookupQuery returns the first value of key and whether key is present.
func lookupQuery(query []queryParam, key string) (string, bool) {
	for _, p := range query {
		if p.key == key {
			return p.value, true
		}
	}
	return "", false
}

// appendCanonicalQuery appends the canonical query string: every name and
// value URI-encoded, the pairs sorted by encoded name then encoded value. In
// a pre-signed request the X-Amz-Signature parameter is not part of it.
func appendCanonicalQuery(dst []byte, query []queryParam, presigned bool) []byte {
	if len(query) == 0 {
		return dst
	}
	encoded := make([]queryParam, 0, len(query))
	for _, p := range query {
		if presigned && p.key == "X-Amz-Signature" {
			continue
		}
		encoded = append(encoded, queryParam{key: escapeString(p.key), value: escapeString(p.value)})
	}
	slices.SortFunc(encoded, func(a, b queryParam) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	for i, p := range encoded {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.key...)
		dst = append(dst, '=')
		dst = append(dst, p.value...)
	}
	return dst
}

// appendHeaderValues appends the canonical value of the signed header name
// (lower case): its values trimmed, inner runs of spaces collapsed, joined
// with commas. Host comes from r.Host, which net/http takes out of Header.
func appendHeaderValues(dst []byte, r *http.Request, name string) []byte {
	if name == "host" {
		host := r.Host
		if host == "" {
			host = r.URL.Host
		}
		return appendTrimmed(dst, host)
	}
	values := r.Header[textproto.CanonicalMIMEHeaderKey(name)]
	if values == nil {
		for k, vs := range r.Header {
			if strings.EqualFold(k, name) {
				values = append(values, vs...)
			}
		}
	}
	if values == nil && name == "content-length" && r.ContentLength >= 0 {
		// Client-side requests keep the length in ContentLength only.
		return strconv.AppendInt(dst, r.ContentLength, 10)
	}
	for i, v := range values {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendTrimmed(dst, v)
	}
	return dst
}

// appendTrimmed appends v without leading and trailing white space and with
// every run of spaces inside it replaced by one space.
func appendTrimmed(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		dst = append(dst, v[i])
	}
	return dst
}

// headerValue returns the first value of a header and whether it is present.
func headerValue(h http.Header, key string) (string, bool) {
	if vs := h[key]; len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

const upperHex = "0123456789ABCDEF"

// appendEscaped appends s URI-encoded as SigV4 requires: every byte outside
// the unreserved set A-Z a-z 0-9 - . _ ~ (and '/', if keepSlash) becomes %XX
// with upper-case hex digits.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || (keepSlash && c == '/') {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

func escapeString(s string) string {
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s, false))
		}
	}
	return s
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
