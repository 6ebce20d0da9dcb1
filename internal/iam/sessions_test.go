package iam

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is an injectable clock for Store.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// sessionFixture is an account with user alice (a key, a policy), role
// Reader (two policies) and a store on a fake clock.
type sessionFixture struct {
	s      *Store
	clock  *fakeClock
	acct   *Account
	root   *Principal // the root's long-term key
	alice  *Principal // alice's long-term key
	role   *Role
	policy map[string]string
}

func newSessionFixture(t *testing.T) *sessionFixture {
	t.Helper()
	s, a := newStoreWithAccount(t)
	f := &sessionFixture{s: s, acct: a, clock: &fakeClock{t: time.Date(2025, 3, 1, 10, 0, 0, 123456789, time.UTC)}}
	s.Now = f.clock.Now
	var err error
	if _, f.root, err = lookup(s, a.RootKey.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, "Alice"); err != nil {
		t.Fatal(err)
	}
	k, err := s.CreateAccessKey(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, f.alice, err = lookup(s, k.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUserPolicy(ctx, "alice", "AliceRead", `{"alice":1}`); err != nil {
		t.Fatal(err)
	}
	if f.role, err = s.CreateRole(ctx, "Reader", trustAlice); err != nil {
		t.Fatal(err)
	}
	f.policy = map[string]string{"b-second": `{"role":2}`, "a-first": `{"role":1}`}
	for name, doc := range f.policy {
		if err := s.PutRolePolicy(ctx, "reader", name, doc); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// lookup is LookupKey that wants no error besides the given ones.
func lookup(s *Store, id string) (secretAndToken [2]string, p *Principal, err error) {
	sec, tok, p, err := s.LookupKey(ctx, id)
	return [2]string{sec, tok}, p, err
}

func TestAssumedRoleSession(t *testing.T) {
	f := newSessionFixture(t)
	sess, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "alice@batch", Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if !reTempKeyID.MatchString(sess.AccessKeyID) || !reSecret.MatchString(sess.SecretAccessKey) || !reSessionToken.MatchString(sess.SessionToken) {
		t.Errorf("malformed credentials %s (token of %d characters)", sess, len(sess.SessionToken))
	}
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC) // the clock, truncated to seconds
	if !sess.Expiration.Equal(start.Add(time.Hour)) {
		t.Errorf("expiration %v, want %v", sess.Expiration, start.Add(time.Hour))
	}
	acct := f.acct.ID
	want := Principal{
		Type:        PrincipalAssumedRole,
		AccountID:   acct,
		ARN:         "arn:aws:sts::" + acct + ":assumed-role/Reader/alice@batch",
		PrincipalID: f.role.RoleID + ":alice@batch",
		AccessKeyID: sess.AccessKeyID,
	}
	wantIssuer := SessionIssuer{Type: "Role", PrincipalID: f.role.RoleID, ARN: "arn:aws:iam::" + acct + ":role/Reader", AccountID: acct, UserName: "Reader"}
	checkPrincipal := func(what string, p *Principal) {
		t.Helper()
		got := *p
		got.Session = nil
		if got != want {
			t.Errorf("%s: principal %+v, want %+v", what, got, want)
		}
		if p.Session == nil || p.Session.Issuer == nil || *p.Session.Issuer != wantIssuer ||
			!p.Session.CreationDate.Equal(start) || p.Session.MFAAuthenticated {
			t.Errorf("%s: session context %+v (issuer %+v)", what, p.Session, p.Session.issuer())
		}
	}
	checkPrincipal("CreateSession", sess.Principal)

	st, p, err := lookup(f.s, sess.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if st[0] != sess.SecretAccessKey || st[1] != sess.SessionToken {
		t.Error("LookupKey returned another secret or session token")
	}
	checkPrincipal("LookupKey", p)
	if p.Session.CreationDate.Location() != time.UTC {
		t.Errorf("creation date %v is not UTC", p.Session.CreationDate)
	}

	// The role's policies govern the session, not alice's.
	docs, err := f.s.PrincipalPolicies(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{`{"role":1}`, `{"role":2}`}; !slices.Equal(docs, want) {
		t.Errorf("PrincipalPolicies(assumed role) = %q, want %q", docs, want)
	}

	// Role chaining: the session may assume a role in turn.
	chained, err := f.s.CreateSession(ctx, SessionRequest{Source: p, RoleName: "Reader", SessionName: "chained", Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if chained.Principal.ARN != "arn:aws:sts::"+acct+":assumed-role/Reader/chained" || chained.AccessKeyID == sess.AccessKeyID ||
		chained.SessionToken == sess.SessionToken || chained.SecretAccessKey == sess.SecretAccessKey {
		t.Errorf("chained session %s", chained)
	}
	// Several sessions of one role may share a session name.
	if _, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "alice@batch", Duration: time.Hour}); err != nil {
		t.Errorf("second session of the same name: %v", err)
	}

	// Deleting the role revokes its sessions.
	if err := f.s.DeleteRole(ctx, "reader"); err != nil {
		t.Fatal(err)
	}
	_, _, err = lookup(f.s, sess.AccessKeyID)
	wantErr(t, err, ErrNotFound, sess.AccessKeyID)
	// A role created again under the same name does not inherit the old
	// session's permissions.
	if _, err := f.s.CreateRole(ctx, "Reader", trustAlice); err != nil {
		t.Fatal(err)
	}
	if err := f.s.PutRolePolicy(ctx, "Reader", "new", `{"new":1}`); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.PrincipalPolicies(ctx, p)
	wantErr(t, err, ErrNotFound, "deleted and created again")
}

func TestSessionTokens(t *testing.T) {
	f := newSessionFixture(t)
	acct := f.acct.ID

	// An IAM user's session token: alice's identity, alice's policies.
	us, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, Duration: 12 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	st, p, err := lookup(f.s, us.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if st[0] != us.SecretAccessKey || st[1] != us.SessionToken || !reTempKeyID.MatchString(us.AccessKeyID) {
		t.Errorf("LookupKey of %s returned other secrets", us)
	}
	if p.Type != PrincipalIAMUser || p.ARN != "arn:aws:iam::"+acct+":user/Alice" || p.PrincipalID != f.alice.PrincipalID ||
		p.UserName != "Alice" || p.AccessKeyID != us.AccessKeyID || p.AccountID != acct {
		t.Errorf("user session principal %+v", p)
	}
	if p.Session == nil || p.Session.Issuer != nil || p.Session.CreationDate.IsZero() {
		t.Errorf("user session context %+v", p.Session)
	}
	docs, err := f.s.PrincipalPolicies(ctx, p)
	if err != nil || !slices.Equal(docs, []string{`{"alice":1}`}) {
		t.Errorf("PrincipalPolicies(user session) = %q, %v", docs, err)
	}
	if d2, _ := f.s.PrincipalPolicies(ctx, f.alice); !slices.Equal(d2, docs) {
		t.Errorf("PrincipalPolicies(alice) = %q, want %q", d2, docs)
	}

	// The root's.
	rs, err := f.s.CreateSession(ctx, SessionRequest{Source: f.root, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	_, p, err = lookup(f.s, rs.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != PrincipalRoot || p.ARN != "arn:aws:iam::"+acct+":root" || p.PrincipalID != acct || p.UserName != "" ||
		p.Session == nil || p.Session.Issuer != nil {
		t.Errorf("root session principal %+v", p)
	}
	if docs, err := f.s.PrincipalPolicies(ctx, p); err != nil || docs != nil {
		t.Errorf("PrincipalPolicies(root session) = %q, %v; want nil", docs, err)
	}

	// Temporary credentials cannot get a session token.
	for _, src := range []*Principal{p, us.Principal} {
		_, err = f.s.CreateSession(ctx, SessionRequest{Source: src, Duration: time.Hour})
		wantErr(t, err, ErrInvalid, "cannot get a session token")
	}
	as, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, RoleName: "Reader", SessionName: "s1", Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.CreateSession(ctx, SessionRequest{Source: as.Principal, Duration: time.Hour})
	wantErr(t, err, ErrInvalid, "cannot get a session token")

	// Deleting the user (after its keys) revokes its sessions.
	if err := f.s.DeleteAccessKey(ctx, "alice", f.alice.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DeleteUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	_, _, err = lookup(f.s, us.AccessKeyID)
	wantErr(t, err, ErrNotFound)
	_, err = f.s.PrincipalPolicies(ctx, f.alice)
	wantErr(t, err, ErrNotFound, `user "Alice" not found`)
	// The role session alice created outlives her, as in AWS.
	if _, _, err := lookup(f.s, as.AccessKeyID); err != nil {
		t.Errorf("role session after its source user was deleted: %v", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	f := newSessionFixture(t)
	sess, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "short", Duration: 15 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	// The clock started at 10:00:00.123: the session runs 10:00:00 to 10:15:00.
	f.clock.Add(15*time.Minute - time.Second)
	if _, _, err := lookup(f.s, sess.AccessKeyID); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	f.clock.Add(time.Second - 123456789) // 10:15:00 exactly
	st, p, err := lookup(f.s, sess.AccessKeyID)
	wantErr(t, err, ErrExpired, sess.AccessKeyID, "expired at 2025-03-01T10:15:00Z")
	if st[0] != "" {
		t.Error("LookupKey returned the secret of expired credentials")
	}
	if st[1] != sess.SessionToken || p == nil || p.ARN != sess.Principal.ARN {
		t.Errorf("expired credentials: token returned %v, principal %+v", st[1] == sess.SessionToken, p)
	}
	if strings.Contains(err.Error(), sess.SessionToken) || strings.Contains(err.Error(), sess.SecretAccessKey) {
		t.Errorf("error %q shows a secret", err)
	}

	// Expired credentials are kept for ExpiredRetention, then purged when
	// new ones are created.
	f.clock.Add(ExpiredRetention - time.Second)
	if _, err := f.s.CreateSession(ctx, SessionRequest{Source: f.root, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	_, _, err = lookup(f.s, sess.AccessKeyID)
	wantErr(t, err, ErrExpired)
	f.clock.Add(2 * time.Second)
	if _, err := f.s.CreateSession(ctx, SessionRequest{Source: f.root, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	_, _, err = lookup(f.s, sess.AccessKeyID)
	wantErr(t, err, ErrNotFound)

	// An explicit start time overrides the clock.
	at := time.Date(2030, 1, 2, 3, 4, 5, 999, time.UTC)
	later, err := f.s.CreateSession(ctx, SessionRequest{Source: f.root, Duration: time.Hour, Start: at})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2030, 1, 2, 4, 4, 5, 0, time.UTC); !later.Expiration.Equal(want) || !later.Principal.Session.CreationDate.Equal(at.Truncate(time.Second)) {
		t.Errorf("session started at %v: expiration %v, created %v", at, later.Expiration, later.Principal.Session.CreationDate)
	}
}

func TestCreateSessionInvalid(t *testing.T) {
	f := newSessionFixture(t)
	for _, tc := range []struct {
		name string
		req  SessionRequest
		kind error
		msg  string
	}{
		{"no source", SessionRequest{RoleName: "reader", SessionName: "s1", Duration: time.Hour}, ErrInvalid, "source principal"},
		{"too short", SessionRequest{Source: f.alice, Duration: 899 * time.Second}, ErrInvalid, "session duration"},
		{"too long", SessionRequest{Source: f.alice, Duration: 36*time.Hour + time.Second}, ErrInvalid, "session duration"},
		{"fractional", SessionRequest{Source: f.alice, Duration: time.Hour + time.Millisecond}, ErrInvalid, "session duration"},
		{"session name too short", SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "s", Duration: time.Hour}, ErrInvalid, "shorter than 2"},
		{"session name too long", SessionRequest{Source: f.alice, RoleName: "reader", SessionName: strings.Repeat("s", 65), Duration: time.Hour}, ErrInvalid, "longer than 64"},
		{"session name with space", SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "my session", Duration: time.Hour}, ErrInvalid, "role session name"},
		{"session name without role", SessionRequest{Source: f.alice, SessionName: "s1", Duration: time.Hour}, ErrInvalid, "no role session name"},
		{"bad role name", SessionRequest{Source: f.alice, RoleName: "a/b", SessionName: "s1", Duration: time.Hour}, ErrInvalid, "role name"},
		{"missing role", SessionRequest{Source: f.alice, RoleName: "writer", SessionName: "s1", Duration: time.Hour}, ErrNotFound, `role "writer" not found`},
		{"missing user", SessionRequest{Source: &Principal{Type: PrincipalIAMUser, UserName: "bob", ARN: "arn:aws:iam::1:user/bob"}, Duration: time.Hour}, ErrNotFound, `user "bob" not found`},
	} {
		_, err := f.s.CreateSession(ctx, tc.req)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		t.Run(tc.name, func(t *testing.T) { wantErr(t, err, tc.kind, tc.msg) })
	}
	var n int
	if err := f.s.db.QueryRowContext(ctx, `SELECT count(*) FROM iam_sessions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d sessions stored by refused requests (%v)", n, err)
	}
}

func TestLookupUnknownTemporaryKey(t *testing.T) {
	f := newSessionFixture(t)
	_, _, err := lookup(f.s, "ASIAAAAAAAAAAAAAAAAA")
	wantErr(t, err, ErrNotFound, "ASIAAAAAAAAAAAAAAAAA")
	// A session's key is not a long-term key of anyone.
	sess, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.s.DeleteAccessKey(ctx, "alice", sess.AccessKeyID), ErrNotFound)
	if keys, _ := f.s.ListAccessKeys(ctx, "alice"); len(keys) != 1 {
		t.Errorf("alice lists %d keys, want 1", len(keys))
	}
}

func TestPrincipalPoliciesInvalid(t *testing.T) {
	f := newSessionFixture(t)
	_, err := f.s.PrincipalPolicies(ctx, nil)
	wantErr(t, err, ErrInvalid)
	_, err = f.s.PrincipalPolicies(ctx, &Principal{Type: "FederatedUser"})
	wantErr(t, err, ErrInvalid, "FederatedUser")
	_, err = f.s.PrincipalPolicies(ctx, &Principal{Type: PrincipalAssumedRole, ARN: "arn:aws:sts::1:assumed-role/x/y"})
	wantErr(t, err, ErrInvalid, "no session issuer")
	docs, err := f.s.PrincipalPolicies(ctx, f.root)
	if err != nil || docs != nil {
		t.Errorf("PrincipalPolicies(root) = %q, %v", docs, err)
	}
}

func TestSessionRedacted(t *testing.T) {
	f := newSessionFixture(t)
	sess, err := f.s.CreateSession(ctx, SessionRequest{Source: f.alice, RoleName: "reader", SessionName: "s1", Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{*sess, sess, []Session{*sess}, struct{ S Session }{*sess}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, sess.SecretAccessKey) || strings.Contains(out, sess.SessionToken) ||
				strings.Contains(out, sess.SessionToken[:40]) || strings.Contains(strings.ToLower(out), fmt.Sprintf("%x", sess.SessionToken[:20])) {
				t.Errorf("fmt.Sprintf(%q, %T) shows a secret: %s", verb, v, out)
			}
		}
	}
	if out := sess.String(); !strings.Contains(out, sess.AccessKeyID) || !strings.Contains(out, redacted) || !strings.Contains(out, sess.Principal.ARN) {
		t.Errorf("String() = %q lacks the key ID, the redaction mark or the ARN", out)
	}
}
