package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/smithy-go"
)

// Keys known to testLookup.
const (
	aliceID     = "AKIDALICE0000000000"
	aliceSecret = "alice/Secret+Key0000000000000000000000000"
	tempID      = "ASIATEMP00000000000"
	tempSecret  = "temp/Secret+Key00000000000000000000000000"
	tempToken   = "FwoGZXIvYXdzEXAMPLE//session+token=="
	inactiveID  = "AKIDINACTIVE0000000"
	expiredID   = "ASIAEXPIRED00000000"
	expiredTok  = "FwoGZXIvYXdzEXPIRED//session+token=="
	brokenID    = "AKIDBROKEN000000000"
)

var errStoreDown = errors.New("key store is down")

func testLookup(_ context.Context, id string) (string, string, error) {
	switch id {
	case aliceID:
		return aliceSecret, "", nil
	case tempID:
		return tempSecret, tempToken, nil
	case inactiveID:
		return "", "", fmt.Errorf("access key %s is inactive: %w", id, ErrUnknownKey)
	case expiredID:
		return "", expiredTok, fmt.Errorf("access key %s has expired: %w", id, ErrExpiredToken)
	case brokenID:
		return "", "", fmt.Errorf("looking up %s: %w", id, errStoreDown)
	}
	return "", "", fmt.Errorf("access key %s: %w", id, ErrUnknownKey)
}

var (
	aliceCreds = aws.Credentials{AccessKeyID: aliceID, SecretAccessKey: aliceSecret}
	tempCreds  = aws.Credentials{AccessKeyID: tempID, SecretAccessKey: tempSecret, SessionToken: tempToken}
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(amzDateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

const startQueryBody = `{"QueryString":"SELECT eventname, count(*) FROM cloudtrail_logs GROUP BY 1","WorkGroup":"primary","ClientRequestToken":"2b4c6f0e-1c1d-4a6f-9a53-0d2d3c1b2a10"}`

// newAthenaRequest returns an unsigned Athena JSON 1.1 request as the SDK
// builds it.
func newAthenaRequest(t testing.TB, rawURL, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	r.Header.Set("X-Amz-Target", "AmazonAthena.StartQueryExecution")
	r.Header.Set("Amz-Sdk-Invocation-Id", "0f5bd1a1-7a6c-4a52-9b0e-3b4c5d6e7f80")
	r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	r.Header.Set("User-Agent", "aws-sdk-go-v2/1.47.7 os/linux lang/go#1.26 api/athena#1.66.10")
	return r
}

// sign signs r with the real SDK signer.
func sign(t testing.TB, r *http.Request, creds aws.Credentials, payloadHash, service, region string, at time.Time) {
	t.Helper()
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, payloadHash, service, region, at); err != nil {
		t.Fatal(err)
	}
}

func newVerifier(now time.Time) *Verifier {
	return &Verifier{Lookup: testLookup, Now: func() time.Time { return now }}
}

// wantAuthError asserts that err is an *Error with the given code, message
// and status.
func wantAuthError(t *testing.T, err error, code, msg string, status int) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error %s", err, err, code)
	}
	if e.Code != code || e.Message != msg || e.Status != status {
		t.Fatalf("error =\n  %s %q %d\nwant\n  %s %q %d", e.Code, e.Message, e.Status, code, msg, status)
	}
	if got, want := e.Error(), code+": "+msg; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

func TestVerifyValid(t *testing.T) {
	signedAt := mustTime(t, "20240301T101500Z")
	for _, tc := range []struct {
		name     string
		creds    aws.Credentials
		region   string
		service  string
		url      string
		body     string
		now      time.Time // default signedAt + 30s
		hash     string    // payload hash given to the signer; default the body's
		setup    func(r *http.Request)
		afterSig func(r *http.Request)
	}{
		{name: "us-east-1 StartQueryExecution", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: startQueryBody},
		{name: "eu-west-1", creds: aliceCreds, region: "eu-west-1", service: "athena",
			url: "https://athena.eu-west-1.amazonaws.com/", body: `{}`},
		{name: "ap-southeast-2", creds: aliceCreds, region: "ap-southeast-2", service: "athena",
			url: "https://athena.ap-southeast-2.amazonaws.com/", body: `{"MaxResults":50}`},
		{name: "cn-north-1 with port", creds: aliceCreds, region: "cn-north-1", service: "athena",
			url: "http://localhost:8443/", body: `{"WorkGroup":"primary"}`},
		{name: "us-gov-west-1 session token", creds: tempCreds, region: "us-gov-west-1", service: "athena",
			url: "https://athena.us-gov-west-1.amazonaws.com/", body: startQueryBody},
		{name: "sts service", creds: tempCreds, region: "us-east-1", service: "sts",
			url: "https://sts.amazonaws.com/", body: "Action=GetCallerIdentity&Version=2011-06-15",
			setup: func(r *http.Request) {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				r.Header.Del("X-Amz-Target")
			}},
		{name: "cloudtrail service", creds: aliceCreds, region: "eu-central-1", service: "cloudtrail",
			url: "https://cloudtrail.eu-central-1.amazonaws.com/", body: `{"Name":"trail"}`},
		{name: "empty body", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: ""},
		{name: "query string, sorted and encoded", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/?b=2&a=1&a=0&x=y%20z&plus=1%2B1&slash=a%2Fb&empty&ü=ö", body: `{}`},
		{name: "path segments double-encoded", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/some%20path/a%2Fb/ü~x", body: `{}`},
		{name: "multi-valued header and inner spaces", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: `{}`,
			setup: func(r *http.Request) {
				r.Header.Add("X-Custom", "  first   value ")
				r.Header.Add("X-Custom", "second\tvalue")
			}},
		{name: "unsigned header changed after signing", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: `{}`,
			afterSig: func(r *http.Request) {
				r.Header.Set("User-Agent", "something-else")
				r.Header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
			}},
		{name: "x-amz-content-sha256 of the body", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: startQueryBody,
			setup: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", hashHex([]byte(startQueryBody))) }},
		{name: "UNSIGNED-PAYLOAD", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: startQueryBody, hash: "UNSIGNED-PAYLOAD",
			setup: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD") }},
		{name: "client clock 14m59s behind", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: `{}`, now: signedAt.Add(14*time.Minute + 59*time.Second)},
		{name: "client clock exactly 15m behind", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: `{}`, now: signedAt.Add(15 * time.Minute)},
		{name: "client clock exactly 15m ahead", creds: aliceCreds, region: "us-east-1", service: "athena",
			url: "https://athena.us-east-1.amazonaws.com/", body: `{}`, now: signedAt.Add(-15 * time.Minute)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newAthenaRequest(t, tc.url, tc.body)
			if tc.setup != nil {
				tc.setup(r)
			}
			hash := tc.hash
			if hash == "" {
				hash = hashHex([]byte(tc.body))
			}
			sign(t, r, tc.creds, hash, tc.service, tc.region, signedAt)
			if tc.afterSig != nil {
				tc.afterSig(r)
			}
			now := tc.now
			if now.IsZero() {
				now = signedAt.Add(30 * time.Second)
			}
			got, err := newVerifier(now).Verify(context.Background(), r, []byte(tc.body), tc.service)
			if err != nil {
				t.Fatalf("Verify: %v\nAuthorization: %s", err, r.Header.Get("Authorization"))
			}
			want := Signed{AccessKeyID: tc.creds.AccessKeyID, Region: tc.region, Service: tc.service, Time: signedAt}
			if *got != want {
				t.Fatalf("Signed = %+v, want %+v", *got, want)
			}
		})
	}
}

func TestVerifyErrors(t *testing.T) {
	signedAt := mustTime(t, "20240101T000000Z")
	const (
		incomplete   = CodeIncompleteSignature
		invalid      = CodeInvalidSignature
		unrecognized = CodeUnrecognizedClient
	)
	setAuthz := func(v string) func(*http.Request, *[]byte) {
		return func(r *http.Request, _ *[]byte) { r.Header.Set("Authorization", v) }
	}
	rewriteAuthz := func(old, new string) func(*http.Request, *[]byte) {
		return func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			if !strings.Contains(a, old) {
				panic(fmt.Sprintf("%q not in %q", old, a))
			}
			r.Header.Set("Authorization", strings.Replace(a, old, new, 1))
		}
	}
	for _, tc := range []struct {
		name    string
		creds   aws.Credentials // default aliceCreds
		signFor string          // service signed for; default athena
		expect  string          // service expected by Verify; default athena
		signAt  time.Time       // default signedAt
		now     time.Time       // default signedAt + 1m
		url     string          // default https://athena.us-east-1.amazonaws.com/
		setup   func(r *http.Request)
		tamper  func(r *http.Request, body *[]byte)
		code    string
		msg     string // "{authz}" stands for the Authorization header sent
		status  int    // default 400
	}{
		{name: "no authorization", tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Authorization") },
			code: CodeMissingAuthenticationToken, msg: "Missing Authentication Token"},
		{name: "blank authorization", tamper: setAuthz("  "),
			code: CodeMissingAuthenticationToken, msg: "Missing Authentication Token"},
		{name: "missing Credential and Signature",
			tamper: setAuthz("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date"),
			code:   incomplete, msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date"},
		{name: "missing SignedHeaders",
			tamper: rewriteAuthz("SignedHeaders=", "Signed="),
			code:   incomplete, msg: "Authorization header requires 'SignedHeaders' parameter. Authorization={authz}"},
		{name: "not an AWS4 header at all",
			tamper: setAuthz("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"),
			code:   incomplete, msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"},
		{name: "missing X-Amz-Date and Date",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("X-Amz-Date") },
			code:   incomplete, msg: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={authz}"},
		{name: "everything missing",
			tamper: func(r *http.Request, _ *[]byte) {
				r.Header.Del("X-Amz-Date")
				r.Header.Set("Authorization", "AWS4-HMAC-SHA256")
			},
			code: incomplete, msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"},
		{name: "pair without equal sign",
			tamper: rewriteAuthz("Credential=", "Credential= "),
			code:   incomplete, msg: "'AKIDALICE0000000000/20240101/us-east-1/athena/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '{authz}'."},
		{name: "date not ISO 8601 basic",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Set("X-Amz-Date", "2024-01-01T00:00:00Z") },
			code:   incomplete, msg: "Date must be in ISO-8601 'basic format'. Got '2024-01-01T00:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{name: "signature expired", now: mustTime(t, "20240101T002500Z"),
			code: invalid, msg: "Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T002500Z - 15 min.)"},
		{name: "signature expired by one second", now: mustTime(t, "20240101T001501Z"),
			code: invalid, msg: "Signature expired: 20240101T000000Z is now earlier than 20240101T000001Z (20240101T001501Z - 15 min.)"},
		{name: "signature not yet current", signAt: mustTime(t, "20240101T002000Z"), now: signedAt,
			code: invalid, msg: "Signature not yet current: 20240101T002000Z is still later than 20240101T001500Z (20240101T000000Z + 15 min.)"},
		{name: "host not signed",
			tamper: rewriteAuthz("SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;", "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;"),
			code:   invalid, msg: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "unsupported algorithm",
			tamper: rewriteAuthz("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"),
			code:   incomplete, msg: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "},
		{name: "credential with four elements",
			tamper: rewriteAuthz("/athena/aws4_request", "/athena"),
			code:   incomplete, msg: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDALICE0000000000/20240101/us-east-1/athena'"},
		{name: "wrong service", signFor: "s3",
			code: invalid, msg: "Credential should be scoped to correct service: 'athena'. "},
		{name: "athena signature sent to sts", expect: "sts",
			code: invalid, msg: "Credential should be scoped to correct service: 'sts'. "},
		{name: "empty region",
			tamper: rewriteAuthz("/us-east-1/", "//"),
			code:   invalid, msg: "Credential should be scoped to a valid region, not ''. "},
		{name: "wrong terminator",
			tamper: rewriteAuthz("/aws4_request", "/aws5_request"),
			code:   invalid, msg: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "},
		{name: "scope date differs from X-Amz-Date",
			tamper: rewriteAuthz("/20240101/", "/20231231/"),
			code:   invalid, msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20231231' != '20240101', from '20240101T000000Z'."},
		{name: "every scope element wrong",
			tamper: rewriteAuthz("/20240101/us-east-1/athena/aws4_request", "/b/US_EAST/dynamodb/e"),
			code:   invalid, msg: "Credential should be scoped to a valid region, not 'US_EAST'. Credential should be scoped to correct service: 'athena'. Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20240101', from '20240101T000000Z'."},
		{name: "unknown key", creds: aws.Credentials{AccessKeyID: "AKIDNOBODY000000000", SecretAccessKey: "x"},
			code: unrecognized, msg: "The security token included in the request is invalid."},
		{name: "inactive key", creds: aws.Credentials{AccessKeyID: inactiveID, SecretAccessKey: "x"},
			code: unrecognized, msg: "The security token included in the request is invalid."},
		{name: "empty access key id",
			tamper: rewriteAuthz("Credential="+aliceID, "Credential="),
			code:   unrecognized, msg: "The security token included in the request is invalid."},
		{name: "key store failure", creds: aws.Credentials{AccessKeyID: brokenID, SecretAccessKey: "x"},
			code: CodeInternalFailure, msg: "The request processing has failed because of an unknown error, exception or failure.", status: 500},
		{name: "wrong secret", creds: aws.Credentials{AccessKeyID: aliceID, SecretAccessKey: "not-alice-secret"},
			code: invalid, msg: msgSignatureMismatch},
		{name: "tampered body",
			tamper: func(_ *http.Request, body *[]byte) {
				*body = bytes.Replace(*body, []byte(`"primary"`), []byte(`"admin01"`), 1)
			},
			code: invalid, msg: msgSignatureMismatch},
		{name: "tampered signed header",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Set("X-Amz-Target", "AmazonAthena.DeleteWorkGroup") },
			code:   invalid, msg: msgSignatureMismatch},
		{name: "tampered host",
			tamper: func(r *http.Request, _ *[]byte) { r.Host = "athena.us-west-2.amazonaws.com" },
			code:   invalid, msg: msgSignatureMismatch},
		{name: "tampered method",
			tamper: func(r *http.Request, _ *[]byte) { r.Method = http.MethodPut },
			code:   invalid, msg: msgSignatureMismatch},
		{name: "added query parameter",
			tamper: func(r *http.Request, _ *[]byte) { r.URL.RawQuery = "admin=true" },
			code:   invalid, msg: msgSignatureMismatch},
		{name: "signed header removed",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Amz-Sdk-Invocation-Id") },
			code:   invalid, msg: msgSignatureMismatch},
		{name: "region changed in scope",
			tamper: rewriteAuthz("/us-east-1/", "/us-west-2/"),
			code:   invalid, msg: msgSignatureMismatch},
		{name: "upper-case signature",
			tamper: func(r *http.Request, _ *[]byte) {
				a := r.Header.Get("Authorization")
				i := strings.Index(a, "Signature=") + len("Signature=")
				r.Header.Set("Authorization", a[:i]+strings.ToUpper(a[i:]))
			},
			code: invalid, msg: msgSignatureMismatch},
		{name: "x-amz-content-sha256 not the body's",
			setup: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", hashHex([]byte("something else"))) },
			code:  invalid, msg: "The provided 'x-amz-content-sha256' header does not match what was computed."},
		{name: "temporary key without token",
			creds: aws.Credentials{AccessKeyID: tempID, SecretAccessKey: tempSecret},
			code:  unrecognized, msg: "The security token included in the request is invalid."},
		{name: "temporary key with another token",
			creds: aws.Credentials{AccessKeyID: tempID, SecretAccessKey: tempSecret, SessionToken: tempToken + "x"},
			code:  unrecognized, msg: "The security token included in the request is invalid."},
		{name: "long-term key with a token",
			creds: aws.Credentials{AccessKeyID: aliceID, SecretAccessKey: aliceSecret, SessionToken: tempToken},
			code:  unrecognized, msg: "The security token included in the request is invalid."},
		{name: "expired temporary credentials",
			creds: aws.Credentials{AccessKeyID: expiredID, SecretAccessKey: "whatever", SessionToken: expiredTok},
			code:  CodeExpiredToken, msg: "The security token included in the request is expired"},
		{name: "expired key without its token",
			creds: aws.Credentials{AccessKeyID: expiredID, SecretAccessKey: "whatever"},
			code:  unrecognized, msg: "The security token included in the request is invalid."},
		{name: "expired key with another token",
			creds: aws.Credentials{AccessKeyID: expiredID, SecretAccessKey: "whatever", SessionToken: tempToken},
			code:  unrecognized, msg: "The security token included in the request is invalid."},
		{name: "header and query-string authentication",
			url:  "https://athena.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256",
			code: invalid, msg: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."},
		{name: "incomplete query-string authentication",
			url:    "https://athena.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=",
			tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Authorization") },
			code:   incomplete, msg: "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			creds := tc.creds
			if creds.AccessKeyID == "" {
				creds = aliceCreds
			}
			signFor, expect := tc.signFor, tc.expect
			if signFor == "" {
				signFor = "athena"
			}
			if expect == "" {
				expect = "athena"
			}
			signAt, now := tc.signAt, tc.now
			if signAt.IsZero() {
				signAt = signedAt
			}
			if now.IsZero() {
				now = signedAt.Add(time.Minute)
			}
			u := tc.url
			if u == "" {
				u = "https://athena.us-east-1.amazonaws.com/"
			}
			body := []byte(startQueryBody)
			r := newAthenaRequest(t, u, string(body))
			if tc.setup != nil {
				tc.setup(r)
			}
			sign(t, r, creds, hashHex(body), signFor, "us-east-1", signAt)
			if tc.tamper != nil {
				tc.tamper(r, &body)
			}
			status := tc.status
			if status == 0 {
				status = http.StatusBadRequest
			}
			v := newVerifier(now)
			signed, err := v.Verify(context.Background(), r, body, expect)
			if signed != nil {
				t.Errorf("Signed = %+v, want nil", signed)
			}
			wantAuthError(t, err, tc.code, strings.ReplaceAll(tc.msg, "{authz}", r.Header.Get("Authorization")), status)
			if n := v.replay.len(); n != 0 {
				t.Errorf("replay cache holds %d signatures after a refused request", n)
			}
		})
	}
}

func TestVerifyLookupFailureWrapsCause(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", "{}")
	sign(t, r, aws.Credentials{AccessKeyID: brokenID, SecretAccessKey: "x"}, hashHex([]byte("{}")), "athena", "us-east-1", at)
	_, err := newVerifier(at).Verify(context.Background(), r, []byte("{}"), "athena")
	if !errors.Is(err, errStoreDown) {
		t.Fatalf("error %v does not wrap the lookup's error", err)
	}

	r = newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", "{}")
	sign(t, r, aws.Credentials{AccessKeyID: inactiveID, SecretAccessKey: "x"}, hashHex([]byte("{}")), "athena", "us-east-1", at)
	_, err = newVerifier(at).Verify(context.Background(), r, []byte("{}"), "athena")
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("error %v does not wrap ErrUnknownKey", err)
	}

	r = newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", "{}")
	sign(t, r, aws.Credentials{AccessKeyID: expiredID, SecretAccessKey: "x", SessionToken: expiredTok}, hashHex([]byte("{}")), "athena", "us-east-1", at)
	_, err = newVerifier(at).Verify(context.Background(), r, []byte("{}"), "athena")
	if !errors.Is(err, ErrExpiredToken) {
		t.Fatalf("error %v does not wrap ErrExpiredToken", err)
	}

	nilLookup := Verifier{Now: func() time.Time { return at }}
	_, err = nilLookup.Verify(context.Background(), r, []byte("{}"), "athena")
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInternalFailure || e.Status != http.StatusInternalServerError {
		t.Fatalf("Verify without Lookup = %v, want InternalFailure", err)
	}
}

func TestVerifyCustomMaxSkew(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	body := []byte(`{}`)
	for _, tc := range []struct {
		skew time.Duration
		now  string
		msg  string
	}{
		{5 * time.Minute, "20240101T000501Z", "Signature expired: 20240101T000000Z is now earlier than 20240101T000001Z (20240101T000501Z - 5 min.)"},
		{90 * time.Second, "20231231T235800Z", "Signature not yet current: 20240101T000000Z is still later than 20231231T235930Z (20231231T235800Z + 90 sec.)"},
		{5 * time.Minute, "20240101T000500Z", ""},
	} {
		r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
		sign(t, r, aliceCreds, hashHex(body), "athena", "us-east-1", at)
		v := &Verifier{Lookup: testLookup, Now: func() time.Time { return mustTime(t, tc.now) }, MaxSkew: tc.skew}
		_, err := v.Verify(context.Background(), r, body, "athena")
		if tc.msg == "" {
			if err != nil {
				t.Errorf("skew %v, now %s: %v", tc.skew, tc.now, err)
			}
			continue
		}
		wantAuthError(t, err, CodeInvalidSignature, tc.msg, 400)
	}
}

func TestVerifyDefaultClock(t *testing.T) {
	body := []byte(`{}`)
	r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(t, r, aliceCreds, hashHex(body), "athena", "us-east-1", time.Now())
	if _, err := (&Verifier{Lookup: testLookup}).Verify(context.Background(), r, body, "athena"); err != nil {
		t.Fatalf("request signed now: %v", err)
	}
	r = newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(t, r, aliceCreds, hashHex(body), "athena", "us-east-1", time.Now().Add(-time.Hour))
	_, err := (&Verifier{Lookup: testLookup}).Verify(context.Background(), r, body, "athena")
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, "Signature expired: ") {
		t.Fatalf("request signed an hour ago: %v", err)
	}
}

func TestVerifyReplay(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	now := at.Add(time.Minute)
	v := &Verifier{Lookup: testLookup, Now: func() time.Time { return now }}
	body := []byte(startQueryBody)
	r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(t, r, aliceCreds, hashHex(body), "athena", "us-east-1", at)

	if _, err := v.Verify(context.Background(), r, body, "athena"); err != nil {
		t.Fatalf("first use: %v", err)
	}
	_, err := v.Verify(context.Background(), r, body, "athena")
	wantAuthError(t, err, CodeInvalidSignature, "Signature has already been used; sign the request again with a new timestamp.", 400)

	// Still refused at the very end of the window...
	now = at.Add(15 * time.Minute)
	_, err = v.Verify(context.Background(), r, body, "athena")
	wantAuthError(t, err, CodeInvalidSignature, "Signature has already been used; sign the request again with a new timestamp.", 400)
	// ...and after it the clock check refuses it instead.
	now = at.Add(15*time.Minute + time.Second)
	_, err = v.Verify(context.Background(), r, body, "athena")
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, "Signature expired: ") {
		t.Fatalf("after the window: %v", err)
	}

	// The same request signed again one second later is a new signature.
	r2 := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(t, r2, aliceCreds, hashHex(body), "athena", "us-east-1", at.Add(time.Second))
	now = at.Add(time.Minute)
	v2 := &Verifier{Lookup: testLookup, Now: func() time.Time { return now }}
	if _, err := v2.Verify(context.Background(), r, body, "athena"); err != nil {
		t.Fatalf("first request on a new verifier: %v", err)
	}
	if _, err := v2.Verify(context.Background(), r2, body, "athena"); err != nil {
		t.Fatalf("re-signed request: %v", err)
	}
}

// A refused request must not be remembered: once the cause is fixed the
// same signature is accepted.
func TestVerifyRecordsOnlyAcceptedSignatures(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	var token atomic.Value
	token.Store("old-token")
	v := &Verifier{
		Lookup: func(_ context.Context, id string) (string, string, error) {
			return tempSecret, token.Load().(string), nil
		},
		Now: func() time.Time { return at },
	}
	body := []byte(`{}`)
	r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(t, r, tempCreds, hashHex(body), "athena", "us-east-1", at)

	_, err := v.Verify(context.Background(), r, body, "athena")
	wantAuthError(t, err, CodeUnrecognizedClient, msgInvalidToken, 400)
	if n := v.replay.len(); n != 0 {
		t.Fatalf("cache holds %d signatures after a refusal", n)
	}
	token.Store(tempToken)
	if _, err := v.Verify(context.Background(), r, body, "athena"); err != nil {
		t.Fatalf("after the token was fixed: %v", err)
	}
}

func TestVerifyReplayConcurrent(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	v := newVerifier(at)
	body := []byte(startQueryBody)
	const n = 16
	reqs := make([]*http.Request, n)
	for i := range reqs {
		// Identical requests signed at the same instant: same signature.
		reqs[i] = newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
		sign(t, reqs[i], aliceCreds, hashHex(body), "athena", "us-east-1", at)
	}
	var ok, replayed atomic.Int32
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Go(func() {
			_, err := v.Verify(context.Background(), r, body, "athena")
			var e *Error
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &e) && e.Message == msgReplayed:
				replayed.Add(1)
			default:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 || replayed.Load() != n-1 {
		t.Fatalf("accepted %d, replays %d; want 1 and %d", ok.Load(), replayed.Load(), n-1)
	}
}

func TestReplayCacheIsPruned(t *testing.T) {
	start := mustTime(t, "20240101T000000Z")
	now := start
	v := &Verifier{Lookup: testLookup, Now: func() time.Time { return now }, MaxSkew: time.Minute}
	body := []byte(`{}`)
	verifyAt := func(at time.Time) {
		t.Helper()
		r := newAthenaRequest(t, "https://athena.us-east-1.amazonaws.com/", string(body))
		sign(t, r, aliceCreds, hashHex(body), "athena", "us-east-1", at)
		if _, err := v.Verify(context.Background(), r, body, "athena"); err != nil {
			t.Fatal(err)
		}
	}
	// 200 requests over 200 seconds, each signed up to a minute off.
	for i := range 200 {
		now = start.Add(time.Duration(i) * time.Second)
		verifyAt(now.Add(time.Duration(i%121-60) * time.Second))
		// Everything remembered must still be able to verify: its
		// signing time is at most MaxSkew before now.
		if n := v.replay.len(); n > 121+60 {
			t.Fatalf("after %d requests the cache holds %d signatures", i+1, n)
		}
		for _, e := range v.replay.byExpiry {
			if e.until.Before(now) {
				t.Fatalf("expired entry (until %v) kept at %v", e.until, now)
			}
		}
	}
	// Much later, one more request drops everything else.
	now = start.Add(time.Hour)
	verifyAt(now)
	if n := v.replay.len(); n != 1 {
		t.Fatalf("cache holds %d signatures, want 1", n)
	}
	if len(v.replay.byExpiry) != 1 {
		t.Fatalf("heap holds %d entries, want 1", len(v.replay.byExpiry))
	}
}

func TestReplayHeapOrder(t *testing.T) {
	var c replayCache
	base := mustTime(t, "20240101T000000Z")
	offsets := []int{50, 3, 17, 99, 0, 42, 8, 8, 73, 21, 64, 1}
	for i, off := range offsets {
		var sig [32]byte
		sig[0] = byte(i)
		if !c.record(sig, base.Add(time.Duration(off)*time.Second), base) {
			t.Fatalf("signature %d refused", i)
		}
	}
	// Pruning at base+21s must drop exactly the entries before it.
	c.record([32]byte{0xff}, base.Add(time.Hour), base.Add(21*time.Second))
	want := 1
	for _, off := range offsets {
		if off >= 21 {
			want++
		}
	}
	if c.len() != want {
		t.Fatalf("after pruning %d entries remain, want %d", c.len(), want)
	}
	var sig [32]byte
	sig[0] = 9 // offset 21: still valid at base+21s
	if c.record(sig, base, base.Add(21*time.Second)) {
		t.Fatal("signature expiring exactly now was forgotten")
	}
}

// TestVerifyThroughServer sends requests made by the real Athena client (its
// default headers, its HTTP transport) to an HTTP server that verifies them.
func TestVerifyThroughServer(t *testing.T) {
	var (
		mu   sync.Mutex
		last *Signed
	)
	v := &Verifier{Lookup: testLookup}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		s, err := v.Verify(r.Context(), r, body, "athena")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("Verify returned %T", err)
				return
			}
			w.WriteHeader(e.Status)
			fmt.Fprintf(w, `{"__type":%q,"message":%q}`, e.Code, e.Message)
			return
		}
		mu.Lock()
		last = s
		mu.Unlock()
		io.WriteString(w, `{"WorkGroups":[],"QueryExecutionId":"7c6a3b1e-0000-4000-8000-000000000001"}`)
	}))
	defer srv.Close()

	client := func(creds aws.Credentials, region string) *athena.Client {
		return athena.New(athena.Options{
			Region:           region,
			Credentials:      credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
			BaseEndpoint:     aws.String(srv.URL),
			HTTPClient:       srv.Client(),
			RetryMaxAttempts: 1,
		})
	}
	ctx := context.Background()
	for _, tc := range []struct {
		creds  aws.Credentials
		region string
	}{{aliceCreds, "us-east-1"}, {tempCreds, "eu-north-1"}, {aliceCreds, "ap-northeast-3"}} {
		c := client(tc.creds, tc.region)
		if _, err := c.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{MaxResults: aws.Int32(10)}); err != nil {
			t.Fatalf("%s ListWorkGroups: %v", tc.creds.AccessKeyID, err)
		}
		if _, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
			QueryString: aws.String("SELECT eventname FROM cloudtrail_logs WHERE eventsource = 's3.amazonaws.com'"),
			WorkGroup:   aws.String("primary"),
		}); err != nil {
			t.Fatalf("%s StartQueryExecution: %v", tc.creds.AccessKeyID, err)
		}
		mu.Lock()
		got := *last
		mu.Unlock()
		if got.AccessKeyID != tc.creds.AccessKeyID || got.Region != tc.region || got.Service != "athena" {
			t.Fatalf("Signed = %+v", got)
		}
		if d := time.Since(got.Time); d < -time.Minute || d > time.Minute {
			t.Fatalf("Signed.Time = %v, not now", got.Time)
		}
	}

	// The SDK reads our error back as the AWS error it stands for.
	for _, tc := range []struct {
		creds aws.Credentials
		code  string
		msg   string
	}{
		{aws.Credentials{AccessKeyID: aliceID, SecretAccessKey: "wrong"}, CodeInvalidSignature, msgSignatureMismatch},
		{aws.Credentials{AccessKeyID: "AKIDNOBODY000000000", SecretAccessKey: "x"}, CodeUnrecognizedClient, msgInvalidToken},
		{aws.Credentials{AccessKeyID: tempID, SecretAccessKey: tempSecret}, CodeUnrecognizedClient, msgInvalidToken},
	} {
		_, err := client(tc.creds, "us-east-1").ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tc.code || apiErr.ErrorMessage() != tc.msg {
			t.Fatalf("%s: error %v, want %s %q", tc.creds.AccessKeyID, err, tc.code, tc.msg)
		}
	}
}

// TestPresignedRequest verifies query-string authentication produced by the
// SDK's PresignHTTP, e.g. a pre-signed sts:GetCallerIdentity.
func TestPresignedRequest(t *testing.T) {
	at := mustTime(t, "20240101T000000Z")
	for _, creds := range []aws.Credentials{aliceCreds, tempCreds} {
		unsigned, err := http.NewRequest(http.MethodGet,
			"https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60", nil)
		if err != nil {
			t.Fatal(err)
		}
		unsigned.Header.Set("X-K8s-Aws-Id", "my-cluster")
		signedURL, headers, err := v4.NewSigner().PresignHTTP(context.Background(), creds, unsigned,
			hashHex(nil), "sts", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		newReq := func(rawURL string) *http.Request {
			r, err := http.NewRequest(http.MethodGet, rawURL, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range headers {
				if k != "Host" {
					r.Header[k] = vs
				}
			}
			return r
		}
		v := newVerifier(at.Add(2 * time.Minute))
		got, err := v.Verify(context.Background(), newReq(signedURL), nil, "sts")
		if err != nil {
			t.Fatalf("%s: %v (%s)", creds.AccessKeyID, err, signedURL)
		}
		if want := (Signed{AccessKeyID: creds.AccessKeyID, Region: "us-east-1", Service: "sts", Time: at}); *got != want {
			t.Fatalf("Signed = %+v, want %+v", *got, want)
		}
		_, err = v.Verify(context.Background(), newReq(signedURL), nil, "sts")
		wantAuthError(t, err, CodeInvalidSignature, msgReplayed, 400)

		tampered := strings.Replace(signedURL, "GetCallerIdentity", "AssumeRole", 1)
		_, err = newVerifier(at).Verify(context.Background(), newReq(tampered), nil, "sts")
		wantAuthError(t, err, CodeInvalidSignature, msgSignatureMismatch, 400)

		r := newReq(signedURL)
		r.Header.Set("X-K8s-Aws-Id", "other-cluster")
		_, err = newVerifier(at).Verify(context.Background(), r, nil, "sts")
		wantAuthError(t, err, CodeInvalidSignature, msgSignatureMismatch, 400)

		_, err = newVerifier(at.Add(16*time.Minute)).Verify(context.Background(), newReq(signedURL), nil, "sts")
		wantAuthError(t, err, CodeInvalidSignature,
			"Signature expired: 20240101T000000Z is now earlier than 20240101T000100Z (20240101T001600Z - 15 min.)", 400)
	}
}

// suiteCase is a request from the AWS Signature Version 4 test suite
// (key AKIDEXAMPLE, region us-east-1, service "service", time
// 20150830T123600Z unless stated), with the signature AWS publishes for it.
type suiteCase struct {
	name          string
	method        string
	path          string // escaped path
	query         string // raw query
	host          string
	headers       [][2]string // in order
	body          string
	scope         string // default 20150830/us-east-1/service/aws4_request
	signedHeaders string
	canonical     string // expected canonical request; "" = not checked
	signature     string
	now           string // default 20150830T123600Z
}

const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

var sigv4Suite = []suiteCase{
	{
		name: "get-vanilla", method: "GET", path: "/",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		canonical:     "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + emptyHash,
		signature:     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
	},
	{
		name: "post-vanilla", method: "POST", path: "/",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		canonical:     "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + emptyHash,
		signature:     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
	},
	{
		name: "get-vanilla-query-order-key-case", method: "GET", path: "/", query: "Param2=value2&Param1=value1",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		canonical:     "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + emptyHash,
		signature:     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
	},
	{
		name: "get-vanilla-empty-query-key", method: "GET", path: "/", query: "Param1=value1",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		signature:     "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
	},
	{
		name: "get-vanilla-query-unreserved", method: "GET", path: "/",
		query:         "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		signature:     "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
	},
	{
		name: "get-unreserved", method: "GET", path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
		headers:       [][2]string{{"X-Amz-Date", "20150830T123600Z"}},
		signedHeaders: "host;x-amz-date",
		signature:     "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
	},
	{
		name: "get-header-value-trim", method: "GET", path: "/",
		headers: [][2]string{
			{"My-Header1", " value1"},
			{"My-Header2", ` "a   b   c"`},
			{"X-Amz-Date", "20150830T123600Z"},
		},
		signedHeaders: "host;my-header1;my-header2;x-amz-date",
		canonical:     "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + emptyHash,
		signature:     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
	},
	{
		name: "get-vanilla (2011 suite, Date header)", method: "GET", path: "/", host: "host.foo.com",
		headers:       [][2]string{{"Date", "Mon, 09 Sep 2011 23:36:00 GMT"}},
		scope:         "20110909/us-east-1/host/aws4_request",
		signedHeaders: "date;host",
		canonical:     "GET\n/\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n" + emptyHash,
		signature:     "b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470",
		now:           "20110909T233600Z",
	},
}

func (c *suiteCase) request(signature string) *http.Request {
	host := c.host
	if host == "" {
		host = "example.amazonaws.com"
	}
	scope := c.scope
	if scope == "" {
		scope = "20150830/us-east-1/service/aws4_request"
	}
	r := &http.Request{
		Method: c.method,
		URL:    &url.URL{Path: c.path, RawQuery: c.query},
		Host:   host,
		Header: http.Header{},
	}
	for _, h := range c.headers {
		r.Header.Add(h[0], h[1])
	}
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"+scope+
		", SignedHeaders="+c.signedHeaders+", Signature="+signature)
	return r
}

func TestSigV4Suite(t *testing.T) {
	lookup := func(_ context.Context, id string) (string, string, error) {
		if id == "AKIDEXAMPLE" {
			return "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", nil
		}
		return "", "", ErrUnknownKey
	}
	for _, c := range sigv4Suite {
		t.Run(c.name, func(t *testing.T) {
			now := c.now
			if now == "" {
				now = "20150830T123600Z"
			}
			service := strings.Split(c.request("").Header.Get("Authorization"), "/")[3]
			v := &Verifier{Lookup: lookup, Now: func() time.Time { return mustTime(t, now) }}

			r := c.request(c.signature)
			if c.canonical != "" {
				p, err := extractParams(r, parseQuery(r.URL.RawQuery))
				if err != nil {
					t.Fatal(err)
				}
				got := string(appendCanonicalRequest(nil, r, parseQuery(r.URL.RawQuery), p, hashHex([]byte(c.body))))
				if got != c.canonical {
					t.Fatalf("canonical request:\n%s\nwant:\n%s", got, c.canonical)
				}
			}
			if _, err := v.Verify(context.Background(), r, []byte(c.body), service); err != nil {
				t.Fatalf("published signature refused: %v", err)
			}

			// One flipped hex digit must be refused.
			bad := []byte(c.signature)
			bad[len(bad)-1] ^= 1
			_, err := v.Verify(context.Background(), c.request(string(bad)), []byte(c.body), service)
			wantAuthError(t, err, CodeInvalidSignature, msgSignatureMismatch, 400)
		})
	}
}

func TestAppendCanonicalURI(t *testing.T) {
	for _, tc := range []struct {
		url, want string
	}{
		{"https://h/", "/"},
		{"https://h", "/"},
		{"https://h/a/b/c", "/a/b/c"},
		{"https://h/a%20b", "/a%2520b"},
		{"https://h/a%2Fb", "/a%252Fb"},
		{"https://h/ü", "/%25C3%25BC"},
		{"https://h/-._~", "/-._~"},
		{"https://h/a+b=c", "/a%2Bb%3Dc"},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendCanonicalURI(nil, u)); got != tc.want {
			t.Errorf("%s: canonical URI %q, want %q", tc.url, got, tc.want)
		}
	}
	opaque := &url.URL{Scheme: "https", Opaque: "//h/pre%2Fescaped?x=1"}
	if got := string(appendCanonicalURI(nil, opaque)); got != "/pre%252Fescaped" {
		t.Errorf("opaque: %q", got)
	}
}

func TestAppendCanonicalQuery(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		presigned bool
	}{
		{"", "", false},
		{"b=2&a=1", "a=1&b=2", false},
		{"a=2&a=10&a=1", "a=1&a=10&a=2", false},
		{"flag&x=", "flag=&x=", false},
		{"sp=a+b&pct=a%20b&plus=a%2Bb", "pct=a%20b&plus=a%2Bb&sp=a%20b", false},
		// Sorted after encoding: "a%2Fb" < "a-b" although "a-b" < "a/b".
		{"k=a/b&k=a-b", "k=a%2Fb&k=a-b", false},
		{"&&a=1&", "a=1", false},
		{"X-Amz-Signature=abc&X-Amz-Date=x", "X-Amz-Date=x", true},
		{"X-Amz-Signature=abc&X-Amz-Date=x", "X-Amz-Date=x&X-Amz-Signature=abc", false},
		{"bad=%zz", "bad=%25zz", false},
	} {
		got := string(appendCanonicalQuery(nil, parseQuery(tc.raw), tc.presigned))
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestAppendTrimmed(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"   ":              "",
		"a":                "a",
		"  a  b   c  ":     "a b c",
		"\t a  b\t":        "a b",
		"a \t b":           "a \t b",
		`"quoted   value"`: `"quoted value"`,
	} {
		if got := string(appendTrimmed(nil, in)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	at := mustTime(b, "20240101T000000Z")
	body := []byte(startQueryBody)
	r := newAthenaRequest(b, "https://athena.us-east-1.amazonaws.com/", string(body))
	sign(b, r, aliceCreds, hashHex(body), "athena", "us-east-1", at)
	v := newVerifier(at)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		// A fresh verifier would re-allocate the cache; clear it instead so
		// that every iteration is a first use of the signature.
		v.replay.seen = nil
		v.replay.byExpiry = v.replay.byExpiry[:0]
		if _, err := v.Verify(ctx, r, body, "athena"); err != nil {
			b.Fatal(err)
		}
	}
}
