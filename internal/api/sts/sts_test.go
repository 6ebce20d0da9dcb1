package sts_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"trawl/internal/api/sts"
	"trawl/internal/auth"
	"trawl/internal/awsproto"
	"trawl/internal/catalog"
	"trawl/internal/iam"
)

const acct = "123456789012"

func roleARN(name string) string { return "arn:aws:iam::" + acct + ":role/" + name }
func userARN(name string) string { return "arn:aws:iam::" + acct + ":user/" + name }

// record is one request the test server answered.
type record struct {
	action string
	res    *sts.Result
	err    *awsproto.Error
	status int
	body   []byte
}

// env is an account with users and roles behind an STS endpoint wired as
// the HTTP server wires it: auth.Verifier with sts.KeyLookup, then
// sts.API.Handle, WriteXML and WriteError.
type env struct {
	t        *testing.T
	store    *iam.Store
	api      *sts.API
	verifier *auth.Verifier
	srv      *httptest.Server
	offset   atomic.Int64 // added to the store's clock
	nextID   atomic.Int64

	root, alice, bob, carol *iam.AccessKey
	users                   map[string]*iam.User
	roles                   map[string]*iam.Role

	mu         sync.Mutex
	records    []record
	authorized []string // Call.Authorize invocations: "action resource"
	secrets    []string // every secret access key known to the test
}

type principalSlot struct{}

func trust(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}]}`
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c, err := catalog.Open(filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	e := &env{t: t, store: iam.New(c.DB()), users: map[string]*iam.User{}, roles: map[string]*iam.Role{}}
	e.store.Now = func() time.Time { return time.Now().Add(time.Duration(e.offset.Load())) }
	e.api = &sts.API{IAM: e.store, AccountID: acct}
	ctx := context.Background()
	a, err := e.store.EnsureAccount(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	e.root = &a.RootKey
	key := func(name string) *iam.AccessKey {
		u, err := e.store.CreateUser(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		e.users[name] = u
		k, err := e.store.CreateAccessKey(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	e.alice, e.bob, e.carol = key("alice"), key("bob"), key("carol")
	e.secrets = []string{e.root.SecretAccessKey, e.alice.SecretAccessKey, e.bob.SecretAccessKey, e.carol.SecretAccessKey}
	policy := func(user, doc string) {
		if _, err := auth.ParsePolicy([]byte(doc)); err != nil {
			t.Fatal(err)
		}
		if err := e.store.PutUserPolicy(ctx, user, "p", doc); err != nil {
			t.Fatal(err)
		}
	}
	policy("alice", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"`+roleARN("account-trusted")+`"}]}`)
	policy("carol", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`)
	role := func(name, trustDoc string, maxDur time.Duration) {
		if _, err := auth.ParseTrustPolicy([]byte(trustDoc)); err != nil && name != "broken-trust" {
			t.Fatal(err)
		}
		r, err := e.store.CreateRole(ctx, name, trustDoc)
		if err != nil {
			t.Fatal(err)
		}
		if maxDur != 0 {
			if err := e.store.SetRoleMaxSessionDuration(ctx, name, maxDur); err != nil {
				t.Fatal(err)
			}
			r.MaxSessionDuration = maxDur
		}
		e.roles[name] = r
	}
	role("alice-only", trust(`{"AWS":"`+userARN("alice")+`"}`), 0)
	role("account-trusted", trust(`{"AWS":"arn:aws:iam::`+acct+`:root"}`), 0)
	role("account-id-trusted", trust(`{"AWS":"`+acct+`"}`), 0)
	role("anyone", trust(`"*"`), 0)
	role("chain-target", trust(`{"AWS":"`+roleARN("alice-only")+`"}`), 12*time.Hour)
	role("long", trust(`{"AWS":["`+userARN("alice")+`","`+userARN("bob")+`"]}`), 2*time.Hour)
	role("broken-trust", `{"Statement":"not a trust policy"}`, 0)

	e.verifier = &auth.Verifier{Lookup: sts.KeyLookup(e.store, func(ctx context.Context, p *iam.Principal) {
		if slot, ok := ctx.Value(principalSlot{}).(**iam.Principal); ok {
			*slot = p
		}
	})}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	t.Cleanup(e.checkNoLeaks)
	return e
}

// serve is the HTTP wiring the server does for STS.
func (e *env) serve(w http.ResponseWriter, r *http.Request) {
	reqID := fmt.Sprintf("req-%04d", e.nextID.Add(1))
	rec := httptest.NewRecorder()
	defer func() {
		e.mu.Lock()
		e.records[len(e.records)-1].status = rec.Code
		e.records[len(e.records)-1].body = rec.Body.Bytes()
		e.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}()
	body, _ := io.ReadAll(r.Body)
	var principal *iam.Principal
	ctx := context.WithValue(r.Context(), principalSlot{}, &principal)
	signed, err := e.verifier.Verify(ctx, r, body, "sts")
	if err != nil {
		var ae *auth.Error
		if !errors.As(err, &ae) {
			e.t.Errorf("Verify error %v is not an *auth.Error", err)
		}
		aerr := sts.AuthError(ae)
		e.add(record{err: aerr})
		sts.WriteError(rec, reqID, aerr)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		e.t.Errorf("form body %q: %v", body, err)
	}
	call := &sts.Call{Region: signed.Region, Principal: principal, Authorize: e.authorizer(ctx, principal)}
	res, aerr := e.api.Handle(ctx, call, form, reqID)
	e.add(record{action: sts.ActionOf(form), res: res, err: aerr})
	if aerr != nil {
		sts.WriteError(rec, reqID, aerr)
		return
	}
	sts.WriteXML(rec, reqID, res.Body)
}

func (e *env) add(r record) {
	e.mu.Lock()
	e.records = append(e.records, r)
	e.mu.Unlock()
}

func (e *env) last() record {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.records[len(e.records)-1]
}

// authorizer is the server's identity-policy check: the root may do
// everything, others what their policies allow, in the JSON services'
// words (the STS layer rewords it).
func (e *env) authorizer(ctx context.Context, p *iam.Principal) func(action, resource string) *awsproto.Error {
	return func(action, resource string) *awsproto.Error {
		e.mu.Lock()
		e.authorized = append(e.authorized, action+" "+resource)
		e.mu.Unlock()
		if p.Type == iam.PrincipalRoot {
			return nil
		}
		docs, err := e.store.PrincipalPolicies(ctx, p)
		if err != nil {
			return &awsproto.Error{Code: "InternalServerException", Message: err.Error(), Status: 500}
		}
		var pols []*auth.Policy
		for _, d := range docs {
			pol, err := auth.ParsePolicy([]byte(d))
			if err != nil {
				e.t.Errorf("stored policy: %v", err)
				continue
			}
			pols = append(pols, pol)
		}
		switch auth.Evaluate(pols, action, resource) {
		case auth.Allow:
			return nil
		case auth.ExplicitDeny:
			return &awsproto.Error{Code: "AccessDeniedException", Message: auth.DeniedMessage(p.ARN, action, resource, true), Status: 400}
		}
		return &awsproto.Error{Code: "AccessDeniedException", Message: auth.DeniedMessage(p.ARN, action, resource, false), Status: 400}
	}
}

func (e *env) authorizeCalls() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.authorized)
}

// client is the real SDK's STS client for the given credentials.
func (e *env) client(id, secret, token string) *awssts.Client {
	return awssts.New(awssts.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(e.srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(id, secret, token),
		RetryMaxAttempts: 1,
	})
}

func (e *env) keyClient(k *iam.AccessKey) *awssts.Client {
	return e.client(k.AccessKeyID, k.SecretAccessKey, "")
}

func (e *env) credsClient(c *ststypes.Credentials) *awssts.Client {
	return e.client(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
}

// learn remembers issued credentials' secret, which must then appear in
// no audit record and no error.
func (e *env) learn(c *ststypes.Credentials) {
	if c == nil || aws.ToString(c.SecretAccessKey) == "" {
		e.t.Fatalf("no credentials issued: %+v", c)
	}
	e.mu.Lock()
	e.secrets = append(e.secrets, aws.ToString(c.SecretAccessKey))
	e.mu.Unlock()
}

func (e *env) assume(c *awssts.Client, role, session string, duration int32) (*awssts.AssumeRoleOutput, error) {
	in := &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN(role)), RoleSessionName: aws.String(session)}
	if duration != 0 {
		in.DurationSeconds = aws.Int32(duration)
	}
	out, err := c.AssumeRole(context.Background(), in)
	if err == nil {
		e.learn(out.Credentials)
	}
	return out, err
}

// checkNoLeaks checks that no secret access key appears in any audit
// record or error response, and that no long-term secret appears in any
// response at all.
func (e *env) checkNoLeaks() {
	e.mu.Lock()
	defer e.mu.Unlock()
	longTerm := e.secrets[:4]
	for i, r := range e.records {
		var audit []byte
		if r.res != nil {
			audit, _ = json.Marshal([]any{r.res.RequestParameters, r.res.ResponseElements, r.res.Resources})
			if r.res.ResponseElements != nil {
				if creds, ok := r.res.ResponseElements["credentials"].(map[string]any); !ok {
					e.t.Errorf("record %d: responseElements without credentials: %v", i, r.res.ResponseElements)
				} else if _, ok := creds["secretAccessKey"]; ok {
					e.t.Errorf("record %d: responseElements.credentials has a secretAccessKey", i)
				}
			}
		}
		for _, s := range e.secrets {
			if bytes.Contains(audit, []byte(s)) {
				e.t.Errorf("record %d (%s): audit fields show a secret access key: %s", i, r.action, audit)
			}
			if r.err != nil && (strings.Contains(r.err.Message, s) || bytes.Contains(r.body, []byte(s))) {
				e.t.Errorf("record %d (%s): error shows a secret access key: %s", i, r.action, r.body)
			}
		}
		for _, s := range longTerm {
			if bytes.Contains(r.body, []byte(s)) {
				e.t.Errorf("record %d (%s): response shows a long-term secret: %s", i, r.action, r.body)
			}
		}
	}
	if len(e.records) == 0 {
		e.t.Error("no requests recorded")
	}
}

// wantAPIError checks the error the SDK reports.
func wantAPIError(t *testing.T, err error, code, msg string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %q", code, msg)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error", err)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != msg {
		t.Errorf("error %s %q\nwant  %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error %v carries no HTTP response", err)
	}
	if re.HTTPStatusCode() != status {
		t.Errorf("%s: HTTP status %d, want %d", code, re.HTTPStatusCode(), status)
	}
	if !strings.HasPrefix(re.ServiceRequestID(), "req-") {
		t.Errorf("%s: request ID %q was not read from the error response", code, re.ServiceRequestID())
	}
}

func near(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d < -5*time.Second || d > 5*time.Second {
		t.Errorf("%s = %v, want about %v", what, got, want)
	}
}

func TestGetCallerIdentity(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	assumed, err := e.assume(e.keyClient(e.alice), "alice-only", "alice-session", 0)
	if err != nil {
		t.Fatal(err)
	}
	aliceToken, err := e.keyClient(e.alice).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(aliceToken.Credentials)
	rootToken, err := e.keyClient(e.root).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(rootToken.Credentials)

	for _, tc := range []struct {
		name         string
		client       *awssts.Client
		arn, userID  string
		wantAccessID string
	}{
		{"root", e.keyClient(e.root), "arn:aws:iam::" + acct + ":root", acct, e.root.AccessKeyID},
		{"user", e.keyClient(e.alice), userARN("alice"), e.users["alice"].UserID, e.alice.AccessKeyID},
		{"assumed role", e.credsClient(assumed.Credentials), "arn:aws:sts::" + acct + ":assumed-role/alice-only/alice-session",
			e.roles["alice-only"].RoleID + ":alice-session", aws.ToString(assumed.Credentials.AccessKeyId)},
		{"user's session token", e.credsClient(aliceToken.Credentials), userARN("alice"), e.users["alice"].UserID, aws.ToString(aliceToken.Credentials.AccessKeyId)},
		{"root's session token", e.credsClient(rootToken.Credentials), "arn:aws:iam::" + acct + ":root", acct, aws.ToString(rootToken.Credentials.AccessKeyId)},
	} {
		out, err := tc.client.GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if aws.ToString(out.Arn) != tc.arn || aws.ToString(out.UserId) != tc.userID || aws.ToString(out.Account) != acct {
			t.Errorf("%s: GetCallerIdentity = %s %s %s, want %s %s %s", tc.name,
				aws.ToString(out.Arn), aws.ToString(out.UserId), aws.ToString(out.Account), tc.arn, tc.userID, acct)
		}
		r := e.last()
		if r.res == nil || r.res.Action != "GetCallerIdentity" || !r.res.ReadOnly || r.res.RequestParameters != nil ||
			r.res.ResponseElements != nil || r.res.Resources != nil {
			t.Errorf("%s: audit record %+v", tc.name, r.res)
		}
		if r.status != 200 || !bytes.HasPrefix(r.body, []byte(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`)) {
			t.Errorf("%s: status %d, body %s", tc.name, r.status, r.body)
		}
	}
}

// TestGetCallerIdentityBody pins the XML document.
func TestGetCallerIdentityBody(t *testing.T) {
	api := &sts.API{AccountID: acct}
	p := &iam.Principal{Type: iam.PrincipalIAMUser, AccountID: acct, ARN: userARN("a&b"), PrincipalID: "AIDAEXAMPLE", UserName: "a&b"}
	res, err := api.Handle(context.Background(), &sts.Call{Principal: p}, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, "rid-1")
	if err != nil {
		t.Fatal(err)
	}
	want := `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/a&amp;b</Arn>
    <UserId>AIDAEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>rid-1</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`
	if string(res.Body) != want {
		t.Errorf("body\n%s\nwant\n%s", res.Body, want)
	}
	w := httptest.NewRecorder()
	sts.WriteXML(w, "rid-1", res.Body)
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/xml" || w.Header().Get("x-amzn-RequestId") != "rid-1" || w.Body.String() != want {
		t.Errorf("WriteXML: %d %v %q", w.Code, w.Header(), w.Body)
	}
}

func TestAssumeRole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		key       *iam.AccessKey
		role      string
		duration  int32
		authorize bool // whether the identity policies had to allow it
	}{
		{"caller named in the trust policy", e.alice, "alice-only", 0, false},
		{"account trusted, identity policy allows", e.alice, "account-trusted", 900, true},
		{"anyone trusted", e.bob, "anyone", 3600, false},
		{"up to the role's MaxSessionDuration", e.bob, "long", 7200, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.authorizeCalls()
			start := time.Now()
			out, err := e.assume(e.keyClient(tc.key), tc.role, "sess-"+tc.key.UserName, tc.duration)
			if err != nil {
				t.Fatal(err)
			}
			role := e.roles[tc.role]
			wantARN := "arn:aws:sts::" + acct + ":assumed-role/" + tc.role + "/sess-" + tc.key.UserName
			u := out.AssumedRoleUser
			if aws.ToString(u.Arn) != wantARN || aws.ToString(u.AssumedRoleId) != role.RoleID+":sess-"+tc.key.UserName {
				t.Errorf("AssumedRoleUser = %s %s", aws.ToString(u.Arn), aws.ToString(u.AssumedRoleId))
			}
			c := out.Credentials
			if id := aws.ToString(c.AccessKeyId); len(id) != 20 || !strings.HasPrefix(id, "ASIA") {
				t.Errorf("access key ID %q", id)
			}
			if len(aws.ToString(c.SecretAccessKey)) != 40 || len(aws.ToString(c.SessionToken)) < 100 {
				t.Errorf("secret of %d characters, session token of %d", len(aws.ToString(c.SecretAccessKey)), len(aws.ToString(c.SessionToken)))
			}
			d := time.Duration(tc.duration) * time.Second
			if d == 0 {
				d = time.Hour
			}
			near(t, "expiration", aws.ToTime(c.Expiration), start.Add(d))
			if out.PackedPolicySize != nil {
				t.Errorf("PackedPolicySize = %d without a session policy", *out.PackedPolicySize)
			}
			if got := e.authorizeCalls() - before; got != map[bool]int{true: 1, false: 0}[tc.authorize] {
				t.Errorf("Call.Authorize called %d times", got)
			}

			// The audit record.
			r := e.last()
			res := r.res
			wantParams := map[string]any{"roleArn": roleARN(tc.role), "roleSessionName": "sess-" + tc.key.UserName}
			if tc.duration != 0 {
				wantParams["durationSeconds"] = int64(tc.duration)
			}
			if res.Action != "AssumeRole" || !res.ReadOnly || fmt.Sprint(res.RequestParameters) != fmt.Sprint(wantParams) {
				t.Errorf("audit: action %s, readOnly %v, requestParameters %v, want %v", res.Action, res.ReadOnly, res.RequestParameters, wantParams)
			}
			wantRes := []map[string]string{{"ARN": roleARN(tc.role), "accountId": acct, "type": "AWS::IAM::Role"}}
			if fmt.Sprint(res.Resources) != fmt.Sprint(wantRes) {
				t.Errorf("resources %v, want %v", res.Resources, wantRes)
			}
			creds, _ := res.ResponseElements["credentials"].(map[string]any)
			user, _ := res.ResponseElements["assumedRoleUser"].(map[string]any)
			if len(res.ResponseElements) != 2 || len(creds) != 3 || creds["accessKeyId"] != aws.ToString(c.AccessKeyId) ||
				creds["sessionToken"] != aws.ToString(c.SessionToken) ||
				user["arn"] != wantARN || user["assumedRoleId"] != aws.ToString(u.AssumedRoleId) || len(user) != 2 {
				t.Errorf("responseElements %v", res.ResponseElements)
			}
			exp, err := time.Parse("Jan 2, 2006, 3:04:05 PM", fmt.Sprint(creds["expiration"]))
			if err != nil || !exp.Equal(aws.ToTime(c.Expiration)) {
				t.Errorf("responseElements expiration %q (%v), want %v", creds["expiration"], err, aws.ToTime(c.Expiration))
			}
			if !bytes.Contains(r.body, []byte("<AssumeRoleResult>")) || !bytes.Contains(r.body, []byte("<RequestId>req-")) {
				t.Errorf("body %s", r.body)
			}

			// The credentials work, as the role's session.
			id, err := e.credsClient(c).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(id.Arn) != wantARN {
				t.Errorf("caller identity %s, want %s", aws.ToString(id.Arn), wantARN)
			}
		})
	}

	// Role chaining: a session of alice-only may assume chain-target, for
	// an hour at most.
	first, err := e.assume(e.keyClient(e.alice), "alice-only", "first", 0)
	if err != nil {
		t.Fatal(err)
	}
	chained, err := e.assume(e.credsClient(first.Credentials), "chain-target", "second", 3600)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(chained.AssumedRoleUser.Arn) != "arn:aws:sts::"+acct+":assumed-role/chain-target/second" {
		t.Errorf("chained session %s", aws.ToString(chained.AssumedRoleUser.Arn))
	}
	_, err = e.assume(e.credsClient(first.Credentials), "chain-target", "second", 3601)
	wantAPIError(t, err, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400)
	// Credentials from GetSessionToken may assume a role.
	tok, err := e.keyClient(e.alice).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(tok.Credentials)
	if _, err := e.assume(e.credsClient(tok.Credentials), "alice-only", "from-token", 0); err != nil {
		t.Errorf("AssumeRole with GetSessionToken credentials: %v", err)
	}
}

func TestAssumeRoleDenied(t *testing.T) {
	e := newEnv(t)
	notAuthorized := func(who, role string) string {
		return "User: " + who + " is not authorized to perform: sts:AssumeRole on resource: " + role
	}
	first, err := e.assume(e.keyClient(e.bob), "anyone", "bob-session", 0)
	if err != nil {
		t.Fatal(err)
	}
	bobSession := "arn:aws:sts::" + acct + ":assumed-role/anyone/bob-session"
	for _, tc := range []struct {
		name      string
		client    *awssts.Client
		roleArn   string
		msg       string
		authorize bool
	}{
		{"root", e.keyClient(e.root), roleARN("anyone"), "Roles may not be assumed by root accounts.", false},
		{"not in the trust policy", e.keyClient(e.bob), roleARN("alice-only"), notAuthorized(userARN("bob"), roleARN("alice-only")), false},
		{"account trusted, no identity policy", e.keyClient(e.bob), roleARN("account-trusted"),
			auth.DeniedMessage(userARN("bob"), "sts:AssumeRole", roleARN("account-trusted"), false), true},
		{"account ID trusted, identity policy for another role", e.keyClient(e.alice), roleARN("account-id-trusted"),
			auth.DeniedMessage(userARN("alice"), "sts:AssumeRole", roleARN("account-id-trusted"), false), true},
		{"trusted, but an explicit deny", e.keyClient(e.carol), roleARN("anyone"),
			auth.DeniedMessage(userARN("carol"), "sts:AssumeRole", roleARN("anyone"), true), false},
		{"another role's session", e.credsClient(first.Credentials), roleARN("chain-target"), notAuthorized(bobSession, roleARN("chain-target")), false},
		{"no such role", e.keyClient(e.alice), roleARN("ghost"), notAuthorized(userARN("alice"), roleARN("ghost")), false},
		{"role of another account", e.keyClient(e.alice), "arn:aws:iam::210987654321:role/alice-only", notAuthorized(userARN("alice"), "arn:aws:iam::210987654321:role/alice-only"), false},
		{"malformed ARN", e.keyClient(e.alice), "arn:aws:iam:" + acct + ":role/alice-only", notAuthorized(userARN("alice"), "arn:aws:iam:"+acct+":role/alice-only"), false},
		{"role with a path", e.keyClient(e.alice), "arn:aws:iam::" + acct + ":role/x/alice-only", notAuthorized(userARN("alice"), "arn:aws:iam::"+acct+":role/x/alice-only"), false},
		{"unparseable trust policy", e.keyClient(e.alice), roleARN("broken-trust"), notAuthorized(userARN("alice"), roleARN("broken-trust")), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.authorizeCalls()
			_, err := tc.client.AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(tc.roleArn), RoleSessionName: aws.String("s1")})
			wantAPIError(t, err, "AccessDenied", tc.msg, 403)
			r := e.last()
			if r.res == nil || r.res.Body != nil || r.res.ResponseElements != nil || r.res.RequestParameters["roleArn"] != tc.roleArn {
				t.Errorf("audit record of a refused call: %+v", r.res)
			}
			var doc struct {
				XMLName xml.Name
				Error   struct{ Type, Code, Message string }
				ID      string `xml:"RequestId"`
			}
			if err := xml.Unmarshal(r.body, &doc); err != nil || doc.XMLName.Local != "ErrorResponse" || doc.XMLName.Space != sts.Namespace ||
				doc.Error.Type != "Sender" || doc.Error.Code != "AccessDenied" || doc.Error.Message != tc.msg || !strings.HasPrefix(doc.ID, "req-") {
				t.Errorf("error body %s (%v)", r.body, err)
			}
			if got := e.authorizeCalls() - before; (got == 1) != tc.authorize || got > 1 {
				t.Errorf("Call.Authorize called %d times", got)
			}
		})
	}
}

func TestAssumeRoleValidation(t *testing.T) {
	e := newEnv(t)
	alice := e.keyClient(e.alice)
	for _, tc := range []struct {
		name string
		in   awssts.AssumeRoleInput
		msg  string
	}{
		{"session name too short", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("a")},
			"1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"session name with a space", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("my session")},
			`1 validation error detected: Value 'my session' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{"duration too short", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(899)},
			"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"duration too long", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(43201)},
			"1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"several errors", awssts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::1:r"), RoleSessionName: aws.String(strings.Repeat("s", 65)), DurationSeconds: aws.Int32(1)},
			"3 validation errors detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
				"Value '" + strings.Repeat("s", 65) + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64; " +
				"Value '1' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"beyond the role's MaxSessionDuration", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(3601)},
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"beyond a longer MaxSessionDuration", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("long")), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(7201)},
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"session policy", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("s1"),
			Policy: aws.String(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)},
			"trawl does not support the parameter(s) Policy (session policies, session tags, source identity, provided contexts and MFA); send the request without them"},
		{"session tags and policy ARNs", awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")), RoleSessionName: aws.String("s1"),
			PolicyArns: []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
			Tags:       []ststypes.Tag{{Key: aws.String("team"), Value: aws.String("a")}}},
			"trawl does not support the parameter(s) PolicyArns, Tags (session policies, session tags, source identity, provided contexts and MFA); send the request without them"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := alice.AssumeRole(context.Background(), &tc.in)
			wantAPIError(t, err, "ValidationError", tc.msg, 400)
		})
	}
	// An ExternalId is accepted and recorded.
	out, err := alice.AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("alice-only")),
		RoleSessionName: aws.String("s1"), ExternalId: aws.String("ext-123")})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(out.Credentials)
	if got := e.last().res.RequestParameters["externalId"]; got != "ext-123" {
		t.Errorf("requestParameters.externalId = %v", got)
	}
}

func TestGetSessionToken(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	start := time.Now()
	out, err := e.keyClient(e.alice).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(out.Credentials)
	near(t, "default expiration", aws.ToTime(out.Credentials.Expiration), start.Add(12*time.Hour))
	r := e.last()
	creds, _ := r.res.ResponseElements["credentials"].(map[string]any)
	if r.res.Action != "GetSessionToken" || !r.res.ReadOnly || r.res.RequestParameters != nil || r.res.Resources != nil ||
		len(r.res.ResponseElements) != 1 || creds["accessKeyId"] != aws.ToString(out.Credentials.AccessKeyId) || creds["sessionToken"] != aws.ToString(out.Credentials.SessionToken) {
		t.Errorf("audit record %+v", r.res)
	}
	if !bytes.Contains(r.body, []byte("<GetSessionTokenResult>")) {
		t.Errorf("body %s", r.body)
	}
	id, err := e.credsClient(out.Credentials).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Arn) != userARN("alice") || aws.ToString(id.UserId) != e.users["alice"].UserID {
		t.Errorf("session token's identity %s %s", aws.ToString(id.Arn), aws.ToString(id.UserId))
	}

	// Explicit durations; the root's sessions last an hour at most.
	start = time.Now()
	out, err = e.keyClient(e.bob).GetSessionToken(ctx, &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(129600)})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(out.Credentials)
	near(t, "bob's expiration", aws.ToTime(out.Credentials.Expiration), start.Add(36*time.Hour))
	if got := e.last().res.RequestParameters["durationSeconds"]; got != int64(129600) {
		t.Errorf("requestParameters.durationSeconds = %v", got)
	}
	rootOut, err := e.keyClient(e.root).GetSessionToken(ctx, &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(7200)})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(rootOut.Credentials)
	near(t, "root's expiration", aws.ToTime(rootOut.Credentials.Expiration), start.Add(time.Hour))
	_, err = e.keyClient(e.bob).GetSessionToken(ctx, &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(129601)})
	wantAPIError(t, err, "ValidationError", "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600", 400)
	_, err = e.keyClient(e.bob).GetSessionToken(ctx, &awssts.GetSessionTokenInput{SerialNumber: aws.String("arn:aws:iam::" + acct + ":mfa/bob"), TokenCode: aws.String("123456")})
	wantAPIError(t, err, "ValidationError", "trawl does not support the parameter(s) SerialNumber, TokenCode (session policies, session tags, source identity, provided contexts and MFA); send the request without them", 400)

	// Temporary credentials cannot get a session token.
	assumed, err := e.assume(e.keyClient(e.alice), "alice-only", "s1", 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*ststypes.Credentials{"session token": out.Credentials, "root's session token": rootOut.Credentials, "assumed role": assumed.Credentials} {
		_, err := e.credsClient(c).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
		t.Run(name, func(t *testing.T) {
			wantAPIError(t, err, "AccessDenied", "Cannot call GetSessionToken with session credentials", 403)
		})
	}
}

func TestTemporaryCredentialsRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	out, err := e.assume(e.keyClient(e.alice), "alice-only", "short", 900)
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	id, secret, token := aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)
	const invalid = "The security token included in the request is invalid."
	for _, tc := range []struct {
		name              string
		id, secret, token string
		code, msg         string
	}{
		{"missing session token", id, secret, "", "InvalidClientTokenId", invalid},
		{"wrong session token", id, secret, token[:len(token)-4] + "AAAA", "InvalidClientTokenId", invalid},
		{"another session's token", id, secret, aws.ToString(e.mustToken(t).SessionToken), "InvalidClientTokenId", invalid},
		{"wrong secret", id, secret[:39] + "x", token, "SignatureDoesNotMatch",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."},
		{"unknown temporary key", "ASIAAAAAAAAAAAAAAAAA", secret, token, "InvalidClientTokenId", invalid},
		{"long-term key with a session token", e.alice.AccessKeyID, e.alice.SecretAccessKey, token, "InvalidClientTokenId", invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.client(tc.id, tc.secret, tc.token).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
			wantAPIError(t, err, tc.code, tc.msg, 403)
		})
	}
	if _, err := e.client(id, secret, token).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("the credentials themselves: %v", err)
	}

	// Once expired, their holder is told so; anyone else is not.
	e.offset.Store(int64(15*time.Minute + 5*time.Second))
	_, err = e.client(id, secret, token).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
	wantAPIError(t, err, "ExpiredToken", "The security token included in the request is expired", 403)
	_, err = e.client(id, secret, token).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN("chain-target")), RoleSessionName: aws.String("s2")})
	wantAPIError(t, err, "ExpiredToken", "The security token included in the request is expired", 403)
	_, err = e.client(id, "x", token[:len(token)-1]).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", invalid, 403)
	_, err = e.client(id, secret, "").GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", invalid, 403)
	// Long-term keys do not expire.
	if _, err := e.keyClient(e.alice).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("long-term key after the clock moved: %v", err)
	}
}

func (e *env) mustToken(t *testing.T) *ststypes.Credentials {
	t.Helper()
	out, err := e.keyClient(e.bob).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	e.learn(out.Credentials)
	return out.Credentials
}

// TestProtocolErrors sends requests the SDK would not.
func TestProtocolErrors(t *testing.T) {
	e := newEnv(t)
	post := func(body string, sign bool) (int, http.Header, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if sign {
			creds := aws.Credentials{AccessKeyID: e.alice.AccessKeyID, SecretAccessKey: e.alice.SecretAccessKey}
			sum := sha256Hex(body)
			req.Header.Set("X-Amz-Content-Sha256", sum)
			if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, sum, "sts", "us-east-1", time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, b
	}
	type errDoc struct {
		XMLName xml.Name
		Error   struct{ Type, Code, Message string }
		ID      string `xml:"RequestId"`
	}
	for _, tc := range []struct {
		name, body string
		sign       bool
		status     int
		code, msg  string
	}{
		{"unsigned", "Action=GetCallerIdentity&Version=2011-06-15", false, 403, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"unknown action", "Action=DescribeEverything&Version=2011-06-15", true, 400, "InvalidAction", "Could not find operation DescribeEverything for version 2011-06-15"},
		{"unserved STS action", "Action=GetFederationToken&Version=2011-06-15&Name=x", true, 400, "InvalidAction",
			"Could not find operation GetFederationToken for version 2011-06-15 (trawl serves only AssumeRole, GetCallerIdentity and GetSessionToken)"},
		{"other version", "Action=GetCallerIdentity&Version=2012-01-01", true, 400, "InvalidAction", "Could not find operation GetCallerIdentity for version 2012-01-01"},
		{"no action", "Version=2011-06-15", true, 400, "MissingAction", "The request is missing an action or a required parameter."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := post(tc.body, tc.sign)
			var doc errDoc
			if err := xml.Unmarshal(body, &doc); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if status != tc.status || doc.XMLName.Local != "ErrorResponse" || doc.XMLName.Space != sts.Namespace ||
				doc.Error.Type != "Sender" || doc.Error.Code != tc.code || doc.Error.Message != tc.msg {
				t.Errorf("%d %s\nwant %d %s %q", status, body, tc.status, tc.code, tc.msg)
			}
			if doc.ID == "" || h.Get("x-amzn-RequestId") != doc.ID || h.Get("Content-Type") != "text/xml" {
				t.Errorf("request ID %q, headers %v", doc.ID, h)
			}
		})
	}
	// Without a Version the request is served.
	if status, _, body := post("Action=GetCallerIdentity", true); status != 200 || !bytes.Contains(body, []byte(userARN("alice"))) {
		t.Errorf("no Version: %d %s", status, body)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestHandle drives Handle directly, for what the SDK does not send.
func TestHandle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	alice, _, _, err := e.lookup(e.alice.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	bob, _, _, err := e.lookup(e.bob.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	handle := func(p *iam.Principal, params ...string) (*sts.Result, *awsproto.Error) {
		form := url.Values{"Version": {"2011-06-15"}}
		for i := 0; i < len(params); i += 2 {
			form.Set(params[i], params[i+1])
		}
		return e.api.Handle(ctx, &sts.Call{Principal: p}, form, "rid")
	}
	res, aerr := handle(alice, "Action", "AssumeRole")
	if aerr == nil || aerr.Code != "ValidationError" || aerr.Status != 400 || aerr.Message != "2 validation errors detected: "+
		"Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "+
		"Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null" {
		t.Errorf("missing parameters: %+v", aerr)
	}
	if res == nil || res.Action != "AssumeRole" || len(res.RequestParameters) != 0 || res.Body != nil {
		t.Errorf("audit record of a refused call %+v", res)
	}
	_, aerr = handle(alice, "Action", "GetSessionToken", "DurationSeconds", "soon")
	if aerr == nil || aerr.Code != "ValidationError" || !strings.Contains(aerr.Message, "Value 'soon' at 'durationSeconds'") {
		t.Errorf("non-numeric duration: %+v", aerr)
	}
	_, aerr = handle(alice, "Action", "AssumeRole", "RoleArn", roleARN("alice-only"), "RoleSessionName", "s1", "ExternalId", "x")
	if aerr == nil || aerr.Message != "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2" {
		t.Errorf("short external ID: %+v", aerr)
	}
	_, aerr = handle(nil, "Action", "GetCallerIdentity")
	if aerr == nil || aerr.Code != "InternalFailure" || aerr.Status != 500 {
		t.Errorf("no principal: %+v", aerr)
	}
	if body := sts.ErrorBody("rid", aerr); !bytes.Contains(body, []byte("<Type>Receiver</Type>")) {
		t.Errorf("server error body %s", body)
	}

	// Without Call.Authorize, Handle evaluates the identity policies itself.
	res, aerr = handle(alice, "Action", "AssumeRole", "RoleArn", roleARN("account-trusted"), "RoleSessionName", "s1")
	if aerr != nil {
		t.Fatalf("alice, account-trusted: %v", aerr)
	}
	var parsed struct {
		Result struct {
			Credentials struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
		} `xml:"AssumeRoleResult"`
	}
	if err := xml.Unmarshal(res.Body, &parsed); err != nil || parsed.Result.Credentials.SecretAccessKey == "" {
		t.Fatalf("body %s: %v", res.Body, err)
	}
	e.secrets = append(e.secrets, parsed.Result.Credentials.SecretAccessKey)
	e.add(record{action: "AssumeRole", res: res})
	_, aerr = handle(bob, "Action", "AssumeRole", "RoleArn", roleARN("account-trusted"), "RoleSessionName", "s1")
	if want := auth.DeniedMessage(userARN("bob"), "sts:AssumeRole", roleARN("account-trusted"), false); aerr == nil || aerr.Code != "AccessDenied" || aerr.Status != 403 || aerr.Message != want {
		t.Errorf("bob, account-trusted: %+v", aerr)
	}
	// A failing authorizer is an internal failure, not a denial.
	_, aerr = e.api.Handle(ctx, &sts.Call{Principal: alice, Authorize: func(string, string) *awsproto.Error {
		return &awsproto.Error{Code: "InternalServerException", Message: "db down", Status: 500}
	}}, url.Values{"Action": {"AssumeRole"}, "RoleArn": {roleARN("account-trusted")}, "RoleSessionName": {"s1"}}, "rid")
	if aerr == nil || aerr.Code != "InternalFailure" || aerr.Status != 500 || strings.Contains(aerr.Message, "db down") {
		t.Errorf("failing authorizer: %+v", aerr)
	}
}

func (e *env) lookup(id string) (*iam.Principal, string, string, error) {
	secret, token, p, err := e.store.LookupKey(context.Background(), id)
	return p, secret, token, err
}

func TestAuthError(t *testing.T) {
	for _, tc := range []struct {
		in     string
		code   string
		status int
	}{
		{auth.CodeMissingAuthenticationToken, "MissingAuthenticationToken", 403},
		{auth.CodeIncompleteSignature, "IncompleteSignature", 400},
		{auth.CodeInvalidSignature, "SignatureDoesNotMatch", 403},
		{auth.CodeUnrecognizedClient, "InvalidClientTokenId", 403},
		{auth.CodeExpiredToken, "ExpiredToken", 403},
		{auth.CodeInternalFailure, "InternalFailure", 500},
	} {
		got := sts.AuthError(&auth.Error{Code: tc.in, Message: "m", Status: 400})
		if got.Code != tc.code || got.Status != tc.status {
			t.Errorf("AuthError(%s) = %s %d, want %s %d", tc.in, got.Code, got.Status, tc.code, tc.status)
		}
		if tc.in != auth.CodeMissingAuthenticationToken && got.Message != "m" {
			t.Errorf("AuthError(%s) message %q", tc.in, got.Message)
		}
	}
	if sts.AuthError(nil) != nil {
		t.Error("AuthError(nil) is not nil")
	}
}

func TestKeyLookup(t *testing.T) {
	e := newEnv(t)
	var found []*iam.Principal
	lookup := sts.KeyLookup(e.store, func(_ context.Context, p *iam.Principal) { found = append(found, p) })
	ctx := context.Background()
	secret, token, err := lookup(ctx, e.alice.AccessKeyID)
	if err != nil || secret != e.alice.SecretAccessKey || token != "" || len(found) != 1 || found[0].UserName != "alice" {
		t.Fatalf("alice's key: %v, token %q, found %v", err, token, found)
	}
	if _, _, err := lookup(ctx, "AKIAAAAAAAAAAAAAAAAA"); !errors.Is(err, auth.ErrUnknownKey) || !errors.Is(err, iam.ErrNotFound) {
		t.Errorf("unknown key: %v", err)
	}
	out, err := e.assume(e.keyClient(e.alice), "alice-only", "s1", 900)
	if err != nil {
		t.Fatal(err)
	}
	found = nil
	e.offset.Store(int64(time.Hour))
	secret, token, err = lookup(ctx, aws.ToString(out.Credentials.AccessKeyId))
	if !errors.Is(err, auth.ErrExpiredToken) || !errors.Is(err, iam.ErrExpired) || secret != "" ||
		token != aws.ToString(out.Credentials.SessionToken) || len(found) != 0 {
		t.Errorf("expired credentials: %v, secret returned %v, token returned %v, found %v", err, secret != "", token != "", found)
	}
}
