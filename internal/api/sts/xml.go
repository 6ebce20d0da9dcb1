package sts

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"trawl/internal/auth"
	"trawl/internal/awsproto"
	"trawl/internal/iam"
)

// ContentType is the media type of STS responses.
const ContentType = "text/xml"

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

type getCallerIdentityResponse struct {
	XMLName  xml.Name         `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetCallerIdentityResponse"`
	Result   callerIdentity   `xml:"GetCallerIdentityResult"`
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

type callerIdentity struct {
	Arn     string `xml:"Arn"`
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
}

type assumeRoleResponse struct {
	XMLName  xml.Name         `xml:"https://sts.amazonaws.com/doc/2011-06-15/ AssumeRoleResponse"`
	Result   assumeRoleResult `xml:"AssumeRoleResult"`
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

type assumeRoleResult struct {
	AssumedRoleUser assumedRoleUser `xml:"AssumedRoleUser"`
	Credentials     credentials     `xml:"Credentials"`
}

type assumedRoleUser struct {
	Arn           string `xml:"Arn"`
	AssumedRoleID string `xml:"AssumedRoleId"`
}

type getSessionTokenResponse struct {
	XMLName  xml.Name              `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetSessionTokenResponse"`
	Result   getSessionTokenResult `xml:"GetSessionTokenResult"`
	Metadata responseMetadata      `xml:"ResponseMetadata"`
}

type getSessionTokenResult struct {
	Credentials credentials `xml:"Credentials"`
}

type credentials struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	SessionToken    string `xml:"SessionToken"`
	Expiration      string `xml:"Expiration"`
}

// credentialsXML renders issued credentials; the expiration in ISO 8601
// UTC with whole seconds, as STS writes it.
func credentialsXML(s *iam.Session) credentials {
	return credentials{
		AccessKeyID:     s.AccessKeyID,
		SecretAccessKey: s.SecretAccessKey,
		SessionToken:    s.SessionToken,
		Expiration:      s.Expiration.UTC().Format(time.RFC3339),
	}
}

type errorResponse struct {
	XMLName   xml.Name    `xml:"https://sts.amazonaws.com/doc/2011-06-15/ ErrorResponse"`
	Error     errorDetail `xml:"Error"`
	RequestID string      `xml:"RequestId"`
}

type errorDetail struct {
	Type    string `xml:"Type"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// marshal renders a response document, indented as STS indents it.
func marshal(v any) ([]byte, *awsproto.Error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, internalError("cannot encode the response")
	}
	return append(b, '\n'), nil
}

// WriteXML writes a successful response: body, as Result.Body holds it.
func WriteXML(w http.ResponseWriter, requestID string, body []byte) {
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// ErrorBody renders an error in STS's XML form: Type Sender for client
// errors, Receiver for server errors.
func ErrorBody(requestID string, e *awsproto.Error) []byte {
	typ := "Sender"
	if status(e) >= 500 {
		typ = "Receiver"
	}
	b, err := marshal(errorResponse{Error: errorDetail{Type: typ, Code: e.Code, Message: e.Message}, RequestID: requestID})
	if err != nil { // cannot happen: strings only
		return nil
	}
	return b
}

// WriteError writes e as STS does, with its HTTP status (400 when unset).
func WriteError(w http.ResponseWriter, requestID string, e *awsproto.Error) {
	body := ErrorBody(requestID, e)
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status(e))
	w.Write(body)
}

func status(e *awsproto.Error) int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// AuthError translates a SigV4 failure (whose codes are the JSON services')
// into the code, message and status STS returns for it.
func AuthError(e *auth.Error) *awsproto.Error {
	if e == nil {
		return nil
	}
	switch e.Code {
	case auth.CodeMissingAuthenticationToken:
		return &awsproto.Error{Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token", Status: http.StatusForbidden}
	case auth.CodeIncompleteSignature:
		return &awsproto.Error{Code: "IncompleteSignature", Message: e.Message, Status: http.StatusBadRequest}
	case auth.CodeInvalidSignature:
		return &awsproto.Error{Code: "SignatureDoesNotMatch", Message: e.Message, Status: http.StatusForbidden}
	case auth.CodeUnrecognizedClient:
		return &awsproto.Error{Code: "InvalidClientTokenId", Message: e.Message, Status: http.StatusForbidden}
	case auth.CodeExpiredToken:
		return &awsproto.Error{Code: "ExpiredToken", Message: e.Message, Status: http.StatusForbidden}
	case auth.CodeInternalFailure:
		return &awsproto.Error{Code: "InternalFailure", Message: e.Message, Status: http.StatusInternalServerError}
	}
	return &awsproto.Error{Code: e.Code, Message: e.Message, Status: e.Status}
}

// KeyLookup adapts store.LookupKey to auth.KeyLookup, for the Verifier of
// any service: unknown or inactive keys wrap auth.ErrUnknownKey; expired
// temporary credentials wrap auth.ErrExpiredToken and come with their
// session token, so that the Verifier tells their holder that they
// expired. found, when not nil, receives the owner of every key found and
// not expired (before the signature is checked: use it only once Verify
// succeeds).
func KeyLookup(store *iam.Store, found func(ctx context.Context, p *iam.Principal)) auth.KeyLookup {
	return func(ctx context.Context, accessKeyID string) (string, string, error) {
		secret, token, p, err := store.LookupKey(ctx, accessKeyID)
		switch {
		case errors.Is(err, iam.ErrNotFound):
			return "", "", fmt.Errorf("%w: %w", auth.ErrUnknownKey, err)
		case errors.Is(err, iam.ErrExpired):
			return "", token, fmt.Errorf("%w: %w", auth.ErrExpiredToken, err)
		case err != nil:
			return "", "", err
		}
		if found != nil {
			found(ctx, p)
		}
		return secret, token, nil
	}
}
