// Package server is trawl's HTTP front. One handler serves every API: it
// gives each request a request ID, reads its body, routes it to a
// service (Athena and CloudTrail by X-Amz-Target in AWS JSON 1.1, STS by
// its query-protocol Action), authenticates it with AWS Signature
// Version 4 against the stored keys, authorizes it with the caller's IAM
// policies (the account root may do everything), runs the operation and
// records the call, successful or not, as a CloudTrail event in the
// durable journal before the response is written.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"trawl/internal/api/athena"
	"trawl/internal/api/cloudtrail"
	"trawl/internal/api/sts"
	"trawl/internal/audit"
	"trawl/internal/auth"
	"trawl/internal/awsproto"
	"trawl/internal/iam"
)

// MaxBody bounds a request body (Athena's query text is at most 256 KB).
const MaxBody = 4 << 20

// Server serves the API.
type Server struct {
	Athena     *athena.API
	CloudTrail *cloudtrail.API
	STS        *sts.API
	IAM        *iam.Store
	Verifier   *auth.Verifier
	// Journal records every call; nil records nothing.
	Journal   *audit.Journal
	AccountID string
	// Region is the region of calls whose signature names none.
	Region string
	// Now is the clock of event times (tests); nil = time.Now.
	Now func() time.Time
}

// New wires a server; the verifier looks keys up in the IAM store.
func New(store *iam.Store, accountID, region string) *Server {
	s := &Server{IAM: store, AccountID: accountID, Region: region}
	s.Verifier = &auth.Verifier{
		Lookup: sts.KeyLookup(store, func(ctx context.Context, p *iam.Principal) {
			if slot, ok := ctx.Value(principalKey{}).(**iam.Principal); ok {
				*slot = p // the key's owner, for the request being verified
			}
		}),
		ReplayExempt: func(r *http.Request, body []byte) bool {
			ro, _ := r.Context().Value(readOnlyKey{}).(bool) // set by ServeHTTP from the route
			return ro
		},
	}
	return s
}

// readOnlyKey marks, in a request's context, a call that only reads (its
// signature may repeat; see auth.Verifier.ReplayExempt).
type readOnlyKey struct{}

// principalKey carries a request's slot for its key's owner, filled by
// the verifier's one key lookup.
type principalKey struct{}

// service is one of the APIs served.
type service struct {
	signingName string // SigV4 service name
	eventSource string
	readOnly    func(op string) bool
	omit        map[string][]string // operation → request members recorded as ***OMITTED***
}

var (
	athenaService = &service{signingName: "athena", eventSource: "athena.amazonaws.com", readOnly: athena.ReadOnly,
		omit: map[string][]string{"StartQueryExecution": {"QueryString"}, "CreateNamedQuery": {"QueryString"}, "UpdateNamedQuery": {"QueryString"}}}
	cloudTrailService = &service{signingName: "cloudtrail", eventSource: "cloudtrail.amazonaws.com", readOnly: cloudtrail.ReadOnly}
	stsService        = &service{signingName: "sts", eventSource: "sts.amazonaws.com", readOnly: func(string) bool { return true }}
)

// route names the service and operation of a request: Athena and
// CloudTrail by X-Amz-Target, STS by the Action of its form body.
func route(r *http.Request, body []byte) (*service, string) {
	target := r.Header.Get("X-Amz-Target")
	switch {
	case strings.HasPrefix(target, "AmazonAthena."):
		return athenaService, strings.TrimPrefix(target, "AmazonAthena.")
	case strings.HasPrefix(target, cloudtrail.TargetPrefix):
		return cloudTrailService, strings.TrimPrefix(target, cloudtrail.TargetPrefix)
	case strings.HasPrefix(target, cloudtrail.ShortTargetPrefix):
		return cloudTrailService, strings.TrimPrefix(target, cloudtrail.ShortTargetPrefix)
	case target == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		form, err := url.ParseQuery(string(body))
		if err != nil || sts.ActionOf(form) == "" {
			return nil, ""
		}
		return stsService, sts.ActionOf(form)
	}
	return nil, ""
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ServeHTTP handles one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := uuid.NewString()
	if r.Method == http.MethodGet && r.URL.Path == "/" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "trawl: the Athena, CloudTrail and STS APIs are served here; use the AWS CLI or SDKs with --endpoint-url.\n")
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
	svc, op := route(r, body)
	if svc == nil {
		awsproto.WriteError(w, reqID, &awsproto.Error{Code: "UnknownOperationException", Message: "", Status: 400})
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), readOnlyKey{}, svc.readOnly(op)))
	if svc == stsService {
		s.serveSTS(w, r, body, op, reqID)
		return
	}
	ev := s.newEvent(r, svc, op, reqID)
	if params, err := audit.LowerCamel(body, svc.omit[op]...); err == nil {
		ev.RequestParameters = params
	} else {
		ev.RequestParameters = json.RawMessage("null")
	}

	var principal *iam.Principal
	ctx := context.WithValue(r.Context(), principalKey{}, &principal)
	signed, err := s.Verifier.Verify(ctx, r, body, svc.signingName)
	if err == nil && principal == nil {
		err = &auth.Error{Code: "InternalFailure", Message: "the verified key has no owner", Status: 500}
	}
	if err != nil {
		aerr := authError(err)
		ev.UserIdentity = audit.UserIdentity{Type: "Unknown", AccessKeyID: presentedKey(r)}
		s.finish(w, reqID, ev, aerr, func() { awsproto.WriteError(w, reqID, aerr) })
		return
	}
	if signed.Region != "" {
		ev.AWSRegion = signed.Region
	}
	ev.UserIdentity = identity(principal)
	authorize := s.authorizer(ctx, principal)

	var after []func()
	var out any
	var aerr *awsproto.Error
	switch svc {
	case athenaService:
		out, aerr = s.Athena.Handle(ctx, &athena.Call{Region: ev.AWSRegion, Principal: principal.ARN, Authorize: authorize}, op, body)
	case cloudTrailService:
		call := &cloudtrail.Call{Region: ev.AWSRegion, Principal: principal.ARN, Time: ev.EventTime, Authorize: authorize,
			After: func(fn func()) { after = append(after, fn) }}
		out, aerr = s.CloudTrail.Handle(ctx, call, op, body)
	}
	if aerr == nil && !svc.readOnly(op) {
		ev.ResponseElements = responseElements(out)
	}
	s.finish(w, reqID, ev, aerr, func() {
		for _, fn := range after {
			fn()
		}
		if aerr != nil {
			awsproto.WriteError(w, reqID, aerr)
			return
		}
		awsproto.WriteJSON(w, reqID, out)
	})
}

// serveSTS handles an STS call (AWS query protocol, XML responses).
func (s *Server) serveSTS(w http.ResponseWriter, r *http.Request, body []byte, action, reqID string) {
	ev := s.newEvent(r, stsService, action, reqID)
	form, _ := url.ParseQuery(string(body))
	var principal *iam.Principal
	ctx := context.WithValue(r.Context(), principalKey{}, &principal)
	_, err := s.Verifier.Verify(ctx, r, body, "sts")
	if err == nil && principal == nil {
		err = &auth.Error{Code: "InternalFailure", Message: "the verified key has no owner", Status: 500}
	}
	if err != nil {
		var ae *auth.Error
		aerr := &awsproto.Error{Code: "InternalFailure", Message: "cannot authenticate the request", Status: 500}
		if errors.As(err, &ae) {
			aerr = sts.AuthError(ae)
		}
		ev.UserIdentity = audit.UserIdentity{Type: "Unknown", AccessKeyID: presentedKey(r)}
		s.finish(w, reqID, ev, aerr, func() { sts.WriteError(w, reqID, aerr) })
		return
	}
	ev.UserIdentity = identity(principal)
	res, aerr := s.STS.Handle(ctx, &sts.Call{Region: ev.AWSRegion, Principal: principal, Authorize: s.authorizer(ctx, principal)}, form, reqID)
	if res != nil {
		ev.ReadOnly = res.ReadOnly
		if res.RequestParameters != nil {
			ev.RequestParameters = mustJSON(res.RequestParameters)
		}
		if aerr == nil && res.ResponseElements != nil {
			ev.ResponseElements = mustJSON(res.ResponseElements)
		}
		for _, rs := range res.Resources {
			ev.Resources = append(ev.Resources, audit.Resource{ARN: rs["ARN"], AccountID: rs["accountId"], Type: rs["type"]})
		}
	}
	s.finish(w, reqID, ev, aerr, func() {
		if aerr != nil {
			sts.WriteError(w, reqID, aerr)
			return
		}
		sts.WriteXML(w, reqID, res.Body)
	})
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}

// newEvent starts the call's event with what the request itself says.
func (s *Server) newEvent(r *http.Request, svc *service, op, reqID string) *audit.Event {
	ev := &audit.Event{
		EventVersion:       audit.EventVersion,
		EventTime:          s.now(),
		EventSource:        svc.eventSource,
		EventName:          op,
		AWSRegion:          scopeRegion(r, s.Region),
		SourceIPAddress:    remoteIP(r),
		UserAgent:          r.UserAgent(),
		RequestParameters:  json.RawMessage("null"),
		ResponseElements:   json.RawMessage("null"),
		RequestID:          reqID,
		EventID:            uuid.NewString(),
		ReadOnly:           svc.readOnly(op),
		EventType:          "AwsApiCall",
		ManagementEvent:    true,
		RecipientAccountID: s.AccountID,
		EventCategory:      "Management",
	}
	if r.TLS != nil {
		ev.TLSDetails = &audit.TLSDetails{TLSVersion: tlsVersionName(r.TLS.Version), CipherSuite: cipherSuiteName(r.TLS.CipherSuite), ClientProvidedHostHeader: r.Host}
	}
	return ev
}

// finish records the call's event and then writes the response: nothing
// is acknowledged that is not in the journal. If the event cannot be
// recorded the caller gets an InternalServerException instead.
func (s *Server) finish(w http.ResponseWriter, reqID string, ev *audit.Event, aerr *awsproto.Error, respond func()) {
	if aerr != nil {
		ev.ErrorCode, ev.ErrorMessage = aerr.Code, aerr.Message
		ev.ResponseElements = json.RawMessage("null")
	}
	if s.Journal != nil {
		if err := s.Journal.Append(context.Background(), ev); err != nil {
			awsproto.WriteError(w, reqID, &awsproto.Error{Code: "InternalServerException", Message: "cannot record the call in the event journal; it may or may not have taken effect: " + err.Error(), Status: 500})
			return
		}
	}
	respond()
}

// responseElements renders an operation's output as CloudTrail records
// it: lowerCamel keys, null when the output is empty.
func responseElements(out any) json.RawMessage {
	b, err := json.Marshal(out)
	if err != nil {
		return json.RawMessage("null")
	}
	re, err := audit.LowerCamel(b)
	if err != nil {
		return json.RawMessage("null")
	}
	return re
}

// identity is the event's userIdentity for a verified principal: an
// assumed role's session names its issuer, temporary credentials carry
// their session's attributes.
func identity(p *iam.Principal) audit.UserIdentity {
	id := audit.UserIdentity{Type: p.Type, PrincipalID: p.PrincipalID, ARN: p.ARN, AccountID: p.AccountID, AccessKeyID: p.AccessKeyID, UserName: p.UserName}
	if sc := p.Session; sc != nil {
		ctx := &audit.SessionContext{Attributes: audit.SessionAttribs{CreationDate: sc.CreationDate.UTC().Format(audit.TimeFormat), MFAAuthenticated: fmt.Sprint(sc.MFAAuthenticated)}}
		if is := sc.Issuer; is != nil {
			ctx.SessionIssuer = &audit.SessionIssuer{Type: is.Type, PrincipalID: is.PrincipalID, ARN: is.ARN, AccountID: is.AccountID, UserName: is.UserName}
			ctx.WebIDFederationData = &struct{}{}
		}
		id.SessionContext = ctx
	}
	return id
}

// credential is the Credential of a request's signature
// ("AKID/date/region/service/aws4_request"), from the Authorization
// header or the presigned query, "" when there is none.
func credential(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		i := strings.Index(h, "Credential=")
		if i < 0 {
			return ""
		}
		c, _, _ := strings.Cut(h[i+len("Credential="):], ",")
		return strings.TrimSpace(c)
	}
	return r.URL.Query().Get("X-Amz-Credential")
}

// presentedKey is the access key ID a request claims (for the event of a
// refused request), "" when it names none.
func presentedKey(r *http.Request) string {
	key, _, _ := strings.Cut(credential(r), "/")
	if len(key) > 128 {
		return ""
	}
	return key
}

// scopeRegion is the region a request's credential scope names, or def.
func scopeRegion(r *http.Request, def string) string {
	parts := strings.Split(credential(r), "/")
	if len(parts) >= 3 && parts[2] != "" && len(parts[2]) <= 32 {
		return parts[2]
	}
	return def
}

// remoteIP is the caller's address without the port.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
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
		if p.Type == iam.PrincipalRoot {
			return nil
		}
		once.Do(func() {
			docs, err := s.IAM.PrincipalPolicies(ctx, p)
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
