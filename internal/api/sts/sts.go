package sts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"trawl/internal/auth"
	"trawl/internal/awsproto"
	"trawl/internal/iam"
)

// Version is the STS API version.
const Version = "2011-06-15"

// Namespace is the XML namespace of STS responses.
const Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// The operations served.
const (
	ActionGetCallerIdentity = "GetCallerIdentity"
	ActionAssumeRole        = "AssumeRole"
	ActionGetSessionToken   = "GetSessionToken"
)

// Durations, as STS bounds them.
const (
	minDuration               = 900 * time.Second
	maxAssumeRoleDuration     = 43200 * time.Second
	defaultAssumeRoleDuration = time.Hour
	maxSessionTokenDuration   = 129600 * time.Second
	defaultSessionToken       = 43200 * time.Second
	rootSessionTokenLimit     = time.Hour
	roleChainingLimit         = time.Hour
)

// otherActions are the STS operations trawl does not serve.
var otherActions = []string{"AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
	"DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetDelegatedAccessToken", "GetFederationToken", "GetWebIdentityToken"}

// API serves STS operations for the account of IAM.
type API struct {
	IAM       *iam.Store
	AccountID string
	// Now stamps the credentials issued; nil means time.Now. (Whether
	// credentials have expired is the iam store's clock's call.)
	Now func() time.Time
}

// Call is an authenticated call.
type Call struct {
	Region    string
	Principal *iam.Principal // the caller, as the key lookup returned it
	// Authorize evaluates the caller's identity policies for action on
	// resource (nil: allowed; the root is allowed everything). AssumeRole
	// uses it when a role's trust policy trusts only the caller's account.
	// Nil means the identity policies in IAM are evaluated here.
	Authorize func(action, resource string) *awsproto.Error
}

// Result is a successful call, or, with Body and ResponseElements nil, the
// audit record of a refused call of a known operation.
type Result struct {
	Action            string
	Body              []byte              // the XML response
	RequestParameters map[string]any      // as CloudTrail records them; nil when none
	ResponseElements  map[string]any      // as CloudTrail records them; never a secret access key
	ReadOnly          bool                // as CloudTrail marks the operation
	Resources         []map[string]string // AssumeRole: the role
}

// ActionOf returns the operation a query-protocol request names.
func ActionOf(form url.Values) string { return form.Get("Action") }

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Handle serves one authenticated request: form is the decoded form body
// (or query string), requestID the ID its response carries.
func (a *API) Handle(ctx context.Context, c *Call, form url.Values, requestID string) (*Result, *awsproto.Error) {
	action := ActionOf(form)
	if action == "" {
		return nil, &awsproto.Error{Code: "MissingAction", Message: "The request is missing an action or a required parameter.", Status: http.StatusBadRequest}
	}
	version := form.Get("Version")
	if version == "" {
		version = Version // lenient: AWS clients always send it
	}
	if version != Version || !slices.Contains([]string{ActionGetCallerIdentity, ActionAssumeRole, ActionGetSessionToken}, action) {
		msg := fmt.Sprintf("Could not find operation %s for version %s", action, version)
		if version == Version && slices.Contains(otherActions, action) {
			msg += " (trawl serves only AssumeRole, GetCallerIdentity and GetSessionToken)"
		}
		return nil, &awsproto.Error{Code: "InvalidAction", Message: msg, Status: http.StatusBadRequest}
	}
	if c == nil || c.Principal == nil {
		return nil, internalError("the request has no authenticated caller")
	}
	switch action {
	case ActionGetCallerIdentity:
		return a.getCallerIdentity(c, requestID)
	case ActionAssumeRole:
		return a.assumeRole(ctx, c, form, requestID)
	default:
		return a.getSessionToken(ctx, c, form, requestID)
	}
}

func (a *API) getCallerIdentity(c *Call, requestID string) (*Result, *awsproto.Error) {
	p := c.Principal
	body, err := marshal(getCallerIdentityResponse{
		Result:   callerIdentity{Arn: p.ARN, UserID: p.PrincipalID, Account: p.AccountID},
		Metadata: responseMetadata{RequestID: requestID},
	})
	if err != nil {
		return nil, err
	}
	return &Result{Action: ActionGetCallerIdentity, Body: body, ReadOnly: true}, nil
}

func (a *API) assumeRole(ctx context.Context, c *Call, form url.Values, requestID string) (*Result, *awsproto.Error) {
	roleArn, hasArn := param(form, "RoleArn")
	sessionName, hasName := param(form, "RoleSessionName")
	externalID, hasExternal := param(form, "ExternalId")
	res := &Result{Action: ActionAssumeRole, ReadOnly: true, RequestParameters: map[string]any{}}
	if hasArn {
		res.RequestParameters["roleArn"] = roleArn
		res.Resources = []map[string]string{{"ARN": roleArn, "accountId": a.AccountID, "type": "AWS::IAM::Role"}}
	}
	if hasName {
		res.RequestParameters["roleSessionName"] = sessionName
	}
	if hasExternal {
		res.RequestParameters["externalId"] = externalID
	}

	var v validation
	v.required("roleArn", roleArn, hasArn)
	if hasArn {
		v.length("roleArn", roleArn, 20, 2048)
		v.pattern("roleArn", roleArn, arnChars, arnPattern)
	}
	v.required("roleSessionName", sessionName, hasName)
	if hasName {
		v.length("roleSessionName", sessionName, 2, 64)
		v.pattern("roleSessionName", sessionName, sessionNameChars, `[\w+=,.@-]*`)
	}
	duration, hasDuration := v.duration(form, maxAssumeRoleDuration)
	if hasDuration {
		res.RequestParameters["durationSeconds"] = int64(duration / time.Second)
	}
	if hasExternal {
		v.length("externalId", externalID, 2, 1224)
		v.pattern("externalId", externalID, externalIDChars, `[\w+=,.@:\/-]*`)
	}
	if err := v.err(); err != nil {
		return res, err
	}
	if err := unsupported(form, "Policy", "PolicyArns", "Tags", "TransitiveTagKeys", "SourceIdentity", "ProvidedContexts", "SerialNumber", "TokenCode"); err != nil {
		return res, err
	}

	p := c.Principal
	if p.Type == iam.PrincipalRoot {
		return res, accessDenied("Roles may not be assumed by root accounts.")
	}
	denied := accessDenied(notAuthorized(p.ARN, roleArn))
	role, err := a.role(ctx, roleArn)
	if err != nil {
		if errors.Is(err, iam.ErrNotFound) || errors.Is(err, iam.ErrInvalid) {
			return res, denied // as AWS: a missing role is not told apart from a forbidden one
		}
		return res, internalError("cannot read role " + roleArn)
	}
	res.Resources = []map[string]string{{"ARN": role.ARN, "accountId": a.AccountID, "type": "AWS::IAM::Role"}}
	trust, perr := auth.ParseTrustPolicy([]byte(role.AssumeRolePolicyDocument))
	if perr != nil {
		return res, denied // stored trust policies are validated; a broken one trusts nobody
	}
	const action = "sts:AssumeRole"
	self := []string{p.ARN}
	if iss := issuer(p); iss != nil {
		self = append(self, iss.ARN)
	}
	account := []string{"arn:aws:iam::" + p.AccountID + ":root", p.AccountID}
	if auth.EvaluateTrust(trust, action, append(slices.Clone(self), account...)...) != auth.Allow {
		return res, denied
	}
	if auth.EvaluateTrust(trust, action, self...) == auth.Allow {
		// The caller itself is trusted: only an explicit Deny in its
		// identity policies stops it.
		if e := a.identityDeny(ctx, p, action, role.ARN); e != nil {
			return res, e
		}
	} else if e := a.authorize(ctx, c, action, role.ARN); e != nil {
		return res, e
	}

	switch {
	case p.Type == iam.PrincipalAssumedRole && hasDuration && duration > roleChainingLimit:
		return res, validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case duration > role.MaxSessionDuration:
		return res, validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	if !hasDuration {
		duration = defaultAssumeRoleDuration
	}
	sess, err := a.IAM.CreateSession(ctx, iam.SessionRequest{Source: p, RoleName: role.Name, SessionName: sessionName, Duration: duration, Start: a.now()})
	if err != nil {
		if errors.Is(err, iam.ErrNotFound) {
			return res, denied // the role was deleted meanwhile
		}
		return res, internalError("cannot create the role session")
	}
	body, merr := marshal(assumeRoleResponse{
		Result: assumeRoleResult{
			AssumedRoleUser: assumedRoleUser{Arn: sess.Principal.ARN, AssumedRoleID: sess.Principal.PrincipalID},
			Credentials:     credentialsXML(sess),
		},
		Metadata: responseMetadata{RequestID: requestID},
	})
	if merr != nil {
		return res, merr
	}
	res.Body = body
	res.ResponseElements = map[string]any{
		"credentials": credentialsElement(sess),
		"assumedRoleUser": map[string]any{
			"assumedRoleId": sess.Principal.PrincipalID,
			"arn":           sess.Principal.ARN,
		},
	}
	return res, nil
}

func (a *API) getSessionToken(ctx context.Context, c *Call, form url.Values, requestID string) (*Result, *awsproto.Error) {
	res := &Result{Action: ActionGetSessionToken, ReadOnly: true}
	var v validation
	duration, hasDuration := v.duration(form, maxSessionTokenDuration)
	if hasDuration {
		res.RequestParameters = map[string]any{"durationSeconds": int64(duration / time.Second)}
	}
	if err := v.err(); err != nil {
		return res, err
	}
	if err := unsupported(form, "SerialNumber", "TokenCode"); err != nil {
		return res, err
	}
	p := c.Principal
	if p.Session != nil || (p.Type != iam.PrincipalRoot && p.Type != iam.PrincipalIAMUser) {
		return res, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	if !hasDuration {
		duration = defaultSessionToken
	}
	if p.Type == iam.PrincipalRoot && duration > rootSessionTokenLimit {
		duration = rootSessionTokenLimit // as AWS: the root's sessions last an hour at most
	}
	sess, err := a.IAM.CreateSession(ctx, iam.SessionRequest{Source: p, Duration: duration, Start: a.now()})
	if err != nil {
		return res, internalError("cannot create the session token")
	}
	body, merr := marshal(getSessionTokenResponse{
		Result:   getSessionTokenResult{Credentials: credentialsXML(sess)},
		Metadata: responseMetadata{RequestID: requestID},
	})
	if merr != nil {
		return res, merr
	}
	res.Body = body
	res.ResponseElements = map[string]any{"credentials": credentialsElement(sess)}
	return res, nil
}

// role resolves a role ARN of the account: arn:aws:iam::<account>:role/<name>
// (roles have the path "/").
func (a *API) role(ctx context.Context, roleArn string) (*iam.Role, error) {
	name, ok := strings.CutPrefix(roleArn, "arn:aws:iam::"+a.AccountID+":role/")
	if !ok || name == "" || strings.Contains(name, "/") {
		return nil, fmt.Errorf("%s is not a role of account %s: %w", roleArn, a.AccountID, iam.ErrNotFound)
	}
	return a.IAM.GetRole(ctx, name)
}

// authorize asks the caller's identity policies for action on resource,
// rendering a refusal as STS does.
func (a *API) authorize(ctx context.Context, c *Call, action, resource string) *awsproto.Error {
	if c.Authorize == nil {
		return a.evaluate(ctx, c.Principal, action, resource, false)
	}
	e := c.Authorize(action, resource)
	switch {
	case e == nil:
		return nil
	case e.Status >= 500:
		return internalError("cannot evaluate the caller's policies")
	}
	return accessDenied(e.Message)
}

// identityDeny refuses action on resource only when the caller's identity
// policies explicitly deny it.
func (a *API) identityDeny(ctx context.Context, p *iam.Principal, action, resource string) *awsproto.Error {
	return a.evaluate(ctx, p, action, resource, true)
}

// evaluate applies p's identity policies; with onlyExplicit, an implicit
// deny passes.
func (a *API) evaluate(ctx context.Context, p *iam.Principal, action, resource string, onlyExplicit bool) *awsproto.Error {
	if p.Type == iam.PrincipalRoot {
		return nil
	}
	docs, err := a.IAM.PrincipalPolicies(ctx, p)
	if err != nil {
		if errors.Is(err, iam.ErrNotFound) {
			return accessDenied(auth.DeniedMessage(p.ARN, action, resource, false))
		}
		return internalError("cannot read the caller's policies")
	}
	var policies []*auth.Policy
	for _, d := range docs {
		if pol, err := auth.ParsePolicy([]byte(d)); err == nil { // stored policies were validated when put
			policies = append(policies, pol)
		}
	}
	switch auth.Evaluate(policies, action, resource) {
	case auth.Allow:
		return nil
	case auth.ExplicitDeny:
		return accessDenied(auth.DeniedMessage(p.ARN, action, resource, true))
	}
	if onlyExplicit {
		return nil
	}
	return accessDenied(auth.DeniedMessage(p.ARN, action, resource, false))
}

func issuer(p *iam.Principal) *iam.SessionIssuer {
	if p.Session == nil {
		return nil
	}
	return p.Session.Issuer
}

// notAuthorized is STS's AccessDenied message for AssumeRole.
func notAuthorized(principalARN, roleArn string) string {
	return "User: " + principalARN + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn
}

// cloudTrailTime is how CloudTrail records an STS expiration.
const cloudTrailTime = "Jan 2, 2006, 3:04:05 PM"

// credentialsElement is the credentials as CloudTrail records them:
// without the secret access key.
func credentialsElement(s *iam.Session) map[string]any {
	return map[string]any{
		"accessKeyId":  s.AccessKeyID,
		"sessionToken": s.SessionToken,
		"expiration":   s.Expiration.UTC().Format(cloudTrailTime),
	}
}

// param returns a form parameter and whether it is present.
func param(form url.Values, name string) (string, bool) {
	vs, ok := form[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// unsupported refuses the parameters trawl does not implement, named
// alone or as list members (PolicyArns.member.1.arn, Tags.member.1.Key).
func unsupported(form url.Values, names ...string) *awsproto.Error {
	var found []string
	for _, n := range names {
		for k, vs := range form {
			if (k == n || strings.HasPrefix(k, n+".")) && slices.ContainsFunc(vs, func(v string) bool { return v != "" }) {
				found = append(found, n)
				break
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	return validationError("trawl does not support the parameter(s) " + strings.Join(found, ", ") +
		" (session policies, session tags, source identity, provided contexts and MFA); send the request without them")
}

// ---- validation, worded as AWS does ----

// validation collects the constraint violations of a request's parameters.
type validation struct{ problems []string }

func (v *validation) add(value string, quoted bool, member, constraint string) {
	shown := "null"
	if quoted {
		shown = "'" + value + "'"
	}
	v.problems = append(v.problems, "Value "+shown+" at '"+member+"' failed to satisfy constraint: "+constraint)
}

func (v *validation) required(member, value string, present bool) {
	if !present {
		v.add("", false, member, "Member must not be null")
	}
}

func (v *validation) length(member, value string, min, max int) {
	n := len([]rune(value))
	switch {
	case n < min:
		v.add(value, true, member, "Member must have length greater than or equal to "+strconv.Itoa(min))
	case n > max:
		v.add(value, true, member, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
}

func (v *validation) pattern(member, value string, ok func(rune) bool, pattern string) {
	for _, r := range value {
		if !ok(r) {
			v.add(value, true, member, "Member must satisfy regular expression pattern: "+pattern)
			return
		}
	}
}

// duration reads DurationSeconds, checking it against 900 and max.
func (v *validation) duration(form url.Values, max time.Duration) (time.Duration, bool) {
	s, ok := param(form, "DurationSeconds")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	switch {
	case err != nil:
		v.add(s, true, "durationSeconds", "Member must be an integer")
		return 0, false
	case time.Duration(n)*time.Second < minDuration:
		v.add(s, true, "durationSeconds", "Member must have value greater than or equal to "+strconv.Itoa(int(minDuration/time.Second)))
	case time.Duration(n)*time.Second > max:
		v.add(s, true, "durationSeconds", "Member must have value less than or equal to "+strconv.Itoa(int(max/time.Second)))
	}
	return time.Duration(n) * time.Second, true
}

func (v *validation) err() *awsproto.Error {
	switch n := len(v.problems); n {
	case 0:
		return nil
	case 1:
		return validationError("1 validation error detected: " + v.problems[0])
	default:
		return validationError(strconv.Itoa(n) + " validation errors detected: " + strings.Join(v.problems, "; "))
	}
}

// arnPattern is the service model's pattern of RoleArn.
const arnPattern = `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`

func arnChars(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7e || r == 0x85 ||
		r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

func wordChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
}

func sessionNameChars(r rune) bool { return wordChar(r) || strings.ContainsRune("+=,.@-", r) }
func externalIDChars(r rune) bool  { return wordChar(r) || strings.ContainsRune("+=,.@:/-", r) }

// ---- errors ----

func validationError(msg string) *awsproto.Error {
	return &awsproto.Error{Code: "ValidationError", Message: msg, Status: http.StatusBadRequest}
}

func accessDenied(msg string) *awsproto.Error {
	return &awsproto.Error{Code: "AccessDenied", Message: msg, Status: http.StatusForbidden}
}

func internalError(msg string) *awsproto.Error {
	return &awsproto.Error{Code: "InternalFailure", Message: msg, Status: http.StatusInternalServerError}
}
