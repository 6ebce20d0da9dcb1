// Package server is trawl's HTTP front: one handler that gives every API
// request a request ID, reads its body, authenticates it with AWS
// Signature Version 4 against the stored access keys, authorizes it with
// the caller's IAM policies (the account root may do everything), routes
// it by X-Amz-Target to the service's operation and renders the result or
// the error in the AWS JSON 1.1 protocol.
package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"

	"trawl/internal/api/athena"
	"trawl/internal/auth"
	"trawl/internal/awsproto"
	"trawl/internal/iam"
)

// MaxBody bounds a request body (Athena's query text is at most 256 KB).
const MaxBody = 4 << 20

// Server serves the API.
type Server struct {
	Athena   *athena.API
	IAM      *iam.Store
	Verifier *auth.Verifier
}

// New wires a server; the verifier looks keys up in the IAM store.
func New(api *athena.API, store *iam.Store) *Server {
	s := &Server{Athena: api, IAM: store}
	s.Verifier = &auth.Verifier{Lookup: func(ctx context.Context, id string) (string, string, error) {
		secret, p, err := store.LookupKey(ctx, id)
		if errors.Is(err, iam.ErrNotFound) {
			return "", "", auth.ErrUnknownKey
		}
		if err == nil {
			if slot, ok := ctx.Value(principalKey{}).(**iam.Principal); ok {
				*slot = p // the key's owner, for the request being verified
			}
		}
		return secret, "", err
	}}
	return s
}

// principalKey carries a request's slot for its key's owner, filled by
// the verifier's one key lookup.
type principalKey struct{}

// ServeHTTP handles one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := uuid.NewString()
	if r.Method == http.MethodGet && r.URL.Path == "/" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "trawl: the Athena API (AWS JSON 1.1) is served here; use the AWS CLI or SDKs with --endpoint-url.\n")
		return
	}
	if r.Method != http.MethodPost {
		awsproto.WriteError(w, reqID, &awsproto.Error{Code: "UnknownOperationException", Message: "only POST requests are served", Status: 404})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		awsproto.WriteError(w, reqID, awsproto.Errorf("SerializationException", "cannot read request body: %v", err))
		return
	}
	if len(body) > MaxBody {
		awsproto.WriteError(w, reqID, &awsproto.Error{Code: "RequestEntityTooLargeException", Message: "request body exceeds 4 MB", Status: 413})
		return
	}
	target := r.Header.Get("X-Amz-Target")
	service, op, _ := strings.Cut(target, ".")
	if service != "AmazonAthena" {
		awsproto.WriteError(w, reqID, &awsproto.Error{Code: "UnknownOperationException", Message: "", Status: 400})
		return
	}
	var principal *iam.Principal
	ctx := context.WithValue(r.Context(), principalKey{}, &principal)
	signed, err := s.Verifier.Verify(ctx, r, body, "athena")
	if err != nil {
		awsproto.WriteError(w, reqID, authError(err))
		return
	}
	if principal == nil {
		awsproto.WriteError(w, reqID, &awsproto.Error{Code: "InternalServerException", Message: "the verified key has no owner", Status: 500})
		return
	}
	call := &athena.Call{Region: signed.Region, Principal: principal.ARN, Authorize: s.authorizer(ctx, principal)}
	out, aerr := s.Athena.Handle(ctx, call, op, body)
	if aerr != nil {
		awsproto.WriteError(w, reqID, aerr)
		return
	}
	awsproto.WriteJSON(w, reqID, out)
}

// authError renders a verification failure.
func authError(err error) *awsproto.Error {
	var ae *auth.Error
	if errors.As(err, &ae) {
		return &awsproto.Error{Code: ae.Code, Message: ae.Message, Status: ae.Status}
	}
	return &awsproto.Error{Code: "InternalServerException", Message: "cannot authenticate the request", Status: 500}
}

// authorizer checks a caller's actions: the root may do everything, an
// IAM user what its policies allow (an explicit Deny wins).
func (s *Server) authorizer(ctx context.Context, p *iam.Principal) func(action, resource string) *awsproto.Error {
	var once sync.Once
	var policies []*auth.Policy
	var loadErr error
	return func(action, resource string) *awsproto.Error {
		if p.Type == "Root" {
			return nil
		}
		once.Do(func() {
			docs, err := s.IAM.UserPolicies(ctx, p.UserName)
			if err != nil {
				loadErr = err
				return
			}
			for _, d := range docs {
				pol, err := auth.ParsePolicy([]byte(d))
				if err != nil {
					continue // stored policies were validated when put
				}
				policies = append(policies, pol)
			}
		})
		if loadErr != nil {
			return &awsproto.Error{Code: "InternalServerException", Message: "cannot read the caller's policies", Status: 500}
		}
		switch auth.Evaluate(policies, action, resource) {
		case auth.Allow:
			return nil
		case auth.ExplicitDeny:
			return &awsproto.Error{Code: "AccessDeniedException", Message: auth.DeniedMessage(p.ARN, action, resource, true), Status: 400}
		}
		return &awsproto.Error{Code: "AccessDeniedException", Message: auth.DeniedMessage(p.ARN, action, resource, false), Status: 400}
	}
}
