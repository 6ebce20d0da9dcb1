package iam

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"trawl/internal/catalog"
)

var ctx = context.Background()

var (
	reAccessKeyID  = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
	reSecret       = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
	reUserID       = regexp.MustCompile(`^AIDA[A-Z2-7]{17}$`)
	reAccountID    = regexp.MustCompile(`^[0-9]{12}$`)
	reRoleID       = regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)
	reTempKeyID    = regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`)
	reSessionToken = regexp.MustCompile(`^[A-Za-z0-9+/]{360}$`)
)

// openCatalog opens (or reopens) the catalog file at path and returns a
// Store over it; the catalog is closed at the end of the test.
func openCatalog(t *testing.T, path string) (*catalog.Catalog, *Store) {
	t.Helper()
	c, err := catalog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, New(c.DB())
}

func newStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.db")
	_, s := openCatalog(t, path)
	return s, path
}

func newStoreWithAccount(t *testing.T) (*Store, *Account) {
	t.Helper()
	s, _ := newStore(t)
	a, err := s.EnsureAccount(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	return s, a
}

func wantErr(t *testing.T, err, kind error, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error %q does not wrap %v", err, kind)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			t.Errorf("error %q does not contain %q", err, c)
		}
	}
}

func TestMigrationRegistered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	c, _ := openCatalog(t, path)
	names, err := c.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i, j := slices.Index(names, "iam/0001_init"), slices.Index(names, "iam/0002_roles_sessions")
	if i < 0 || j < 0 || j < i {
		t.Fatalf("applied migrations %v lack iam/0001_init or iam/0002_roles_sessions, or have them out of order", names)
	}
}

func TestEnsureAccountIdempotentAndPersistent(t *testing.T) {
	s, path := newStore(t)
	if _, err := s.Account(ctx); err == nil {
		t.Fatal("Account before EnsureAccount: no error")
	} else {
		wantErr(t, err, ErrNotFound, "account")
	}

	a, err := s.EnsureAccount(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reAccountID.MatchString(a.ID) {
		t.Errorf("account ID %q is not 12 digits", a.ID)
	}
	k := a.RootKey
	if !reAccessKeyID.MatchString(k.AccessKeyID) || !reSecret.MatchString(k.SecretAccessKey) {
		t.Errorf("root key %s has a malformed ID or secret", k)
	}
	if k.UserName != "" || k.Status != StatusActive || k.Created.IsZero() || a.Created.IsZero() {
		t.Errorf("root key %s / account created %v", k, a.Created)
	}
	if a.Created.Location().String() != "UTC" {
		t.Errorf("created %v is not UTC", a.Created)
	}

	again, err := s.EnsureAccount(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if *again != *a {
		t.Errorf("second EnsureAccount = %+v, want %+v", again, a)
	}
	got, err := s.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *a {
		t.Errorf("Account = %+v, want %+v", got, a)
	}
	if keys, _ := s.ListAccessKeys(ctx, ""); len(keys) != 1 {
		t.Errorf("root has %d keys after two EnsureAccount, want 1", len(keys))
	}

	// Survives reopening the file.
	_, s2 := openCatalog(t, path)
	got, err = s2.EnsureAccount(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *a {
		t.Errorf("after reopening, EnsureAccount = %+v, want %+v", got, a)
	}
	secret, token, p, err := s2.LookupKey(ctx, a.RootKey.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if secret != a.RootKey.SecretAccessKey {
		t.Error("LookupKey returned another secret for the root key")
	}
	if token != "" {
		t.Errorf("LookupKey returned session token %q for a long-term key", token)
	}
	want := Principal{
		Type:        PrincipalRoot,
		AccountID:   a.ID,
		ARN:         "arn:aws:iam::" + a.ID + ":root",
		PrincipalID: a.ID,
		AccessKeyID: a.RootKey.AccessKeyID,
	}
	if *p != want {
		t.Errorf("root principal = %+v, want %+v", *p, want)
	}
}

func TestEnsureAccountExplicitID(t *testing.T) {
	s, path := newStore(t)
	for _, bad := range []string{"123", "1234567890123", "12345678901a", " 23456789012", "１２３４５６７８９０１２"} {
		_, err := s.EnsureAccount(ctx, bad)
		wantErr(t, err, ErrInvalid, "12 digits")
	}
	if _, err := s.Account(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("invalid IDs created an account: %v", err)
	}

	a, err := s.EnsureAccount(ctx, "012345678901")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "012345678901" {
		t.Fatalf("account ID = %q, want 012345678901", a.ID)
	}
	_, err = s.EnsureAccount(ctx, "210987654321")
	wantErr(t, err, ErrConflict, "210987654321", "012345678901")

	_, s2 := openCatalog(t, path)
	_, err = s2.EnsureAccount(ctx, "210987654321")
	wantErr(t, err, ErrConflict, "210987654321", "012345678901")
	for _, id := range []string{"", "012345678901"} {
		got, err := s2.EnsureAccount(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *a {
			t.Errorf("EnsureAccount(%q) = %+v, want %+v", id, got, a)
		}
	}
}

func TestUsers(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.CreateUser(ctx, "alice")
	wantErr(t, err, ErrNotFound, "account")
	if users, err := s.ListUsers(ctx); err != nil || len(users) != 0 {
		t.Fatalf("ListUsers without account = %v, %v", users, err)
	}
	a, err := s.EnsureAccount(ctx, "")
	if err != nil {
		t.Fatal(err)
	}

	for _, bad := range []string{"", strings.Repeat("a", 65), "bad name", "a/b", "ünï", "a:b", "a\x00"} {
		_, err := s.CreateUser(ctx, bad)
		wantErr(t, err, ErrInvalid, "user name")
		_, err = s.GetUser(ctx, bad)
		wantErr(t, err, ErrInvalid)
		wantErr(t, s.DeleteUser(ctx, bad), ErrInvalid)
	}

	names := []string{"bob", "Alice+=,.@_-", strings.Repeat("z", 64), "carol"}
	created := map[string]*User{}
	for _, n := range names {
		u, err := s.CreateUser(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != n || u.ARN != "arn:aws:iam::"+a.ID+":user/"+n || !reUserID.MatchString(u.UserID) || u.Created.IsZero() {
			t.Errorf("CreateUser(%q) = %+v", n, u)
		}
		created[n] = u
	}
	_, err = s.CreateUser(ctx, "bob")
	wantErr(t, err, ErrExists, `user "bob" already exists`)
	_, err = s.CreateUser(ctx, "BOB")
	wantErr(t, err, ErrExists, `"BOB"`, `"bob"`)

	// Lookups ignore case and return the name as created.
	u, err := s.GetUser(ctx, "ALICE+=,.@_-")
	if err != nil {
		t.Fatal(err)
	}
	if *u != *created["Alice+=,.@_-"] {
		t.Errorf("GetUser = %+v, want %+v", u, created["Alice+=,.@_-"])
	}
	_, err = s.GetUser(ctx, "dave")
	wantErr(t, err, ErrNotFound, `user "dave" not found`)

	users, err := s.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range users {
		got = append(got, u.Name)
		if u != *created[u.Name] {
			t.Errorf("ListUsers has %+v, want %+v", u, created[u.Name])
		}
	}
	want := []string{"Alice+=,.@_-", "bob", "carol", strings.Repeat("z", 64)}
	if !slices.Equal(got, want) {
		t.Errorf("ListUsers names = %q, want %q", got, want)
	}

	if err := s.DeleteUser(ctx, "Bob"); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetUser(ctx, "bob")
	wantErr(t, err, ErrNotFound)
	wantErr(t, s.DeleteUser(ctx, "bob"), ErrNotFound, `user "bob" not found`)
	// The name is free again, and the new user gets a new ID.
	u, err = s.CreateUser(ctx, "BOB")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "BOB" || u.UserID == created["bob"].UserID {
		t.Errorf("recreated user = %+v (old ID %s)", u, created["bob"].UserID)
	}
}

func TestAccessKeys(t *testing.T) {
	s, a := newStoreWithAccount(t)
	_, err := s.CreateAccessKey(ctx, "alice")
	wantErr(t, err, ErrNotFound, `user "alice" not found`)
	_, err = s.ListAccessKeys(ctx, "alice")
	wantErr(t, err, ErrNotFound)
	_, err = s.CreateAccessKey(ctx, "not a name")
	wantErr(t, err, ErrInvalid)

	alice, err := s.CreateUser(ctx, "Alice")
	if err != nil {
		t.Fatal(err)
	}
	k1, err := s.CreateAccessKey(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if k1.UserName != "Alice" || !reAccessKeyID.MatchString(k1.AccessKeyID) || !reSecret.MatchString(k1.SecretAccessKey) || k1.Status != StatusActive {
		t.Errorf("CreateAccessKey = %s", k1)
	}
	k2, err := s.CreateAccessKey(ctx, "Alice")
	if err != nil {
		t.Fatal(err)
	}
	if k1.AccessKeyID == k2.AccessKeyID || k1.SecretAccessKey == k2.SecretAccessKey {
		t.Error("two keys share an ID or a secret")
	}
	_, err = s.CreateAccessKey(ctx, "alice")
	wantErr(t, err, ErrLimitExceeded, `user "Alice"`, "2 access keys")

	keys, err := s.ListAccessKeys(ctx, "ALICE")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("ListAccessKeys = %v", keys)
	}
	for _, k := range keys {
		if k.SecretAccessKey != "" {
			t.Error("ListAccessKeys returned a secret")
		}
		if k.UserName != "Alice" || k.Status != StatusActive || k.Created.IsZero() {
			t.Errorf("listed key %s", k)
		}
	}
	if ids := []string{keys[0].AccessKeyID, keys[1].AccessKeyID}; !slices.Contains(ids, k1.AccessKeyID) || !slices.Contains(ids, k2.AccessKeyID) {
		t.Errorf("listed keys %v, want %s and %s", ids, k1.AccessKeyID, k2.AccessKeyID)
	}

	// LookupKey finds active keys and names their owner.
	secret, token, p, err := s.LookupKey(ctx, k1.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	want := Principal{
		Type:        PrincipalIAMUser,
		AccountID:   a.ID,
		ARN:         "arn:aws:iam::" + a.ID + ":user/Alice",
		PrincipalID: alice.UserID,
		UserName:    "Alice",
		AccessKeyID: k1.AccessKeyID,
	}
	if secret != k1.SecretAccessKey || token != "" || *p != want {
		t.Errorf("LookupKey = %+v, token %q, want %+v (secret equal: %v)", *p, token, want, secret == k1.SecretAccessKey)
	}
	for _, id := range []string{"", "AKIA", "AKIAAAAAAAAAAAAAAAAA", "not/an/id/at/all/really", strings.Repeat("A", 200)} {
		_, _, _, err := s.LookupKey(ctx, id)
		wantErr(t, err, ErrNotFound)
	}

	// Inactive keys are not found; reactivated ones are.
	if err := s.UpdateAccessKey(ctx, "alice", k1.AccessKeyID, StatusInactive); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = s.LookupKey(ctx, k1.AccessKeyID)
	wantErr(t, err, ErrNotFound, k1.AccessKeyID)
	keys, _ = s.ListAccessKeys(ctx, "alice")
	for _, k := range keys {
		if want := map[bool]string{true: StatusInactive, false: StatusActive}[k.AccessKeyID == k1.AccessKeyID]; k.Status != want {
			t.Errorf("key %s status %s, want %s", k.AccessKeyID, k.Status, want)
		}
	}
	// An inactive key still counts towards the limit.
	_, err = s.CreateAccessKey(ctx, "alice")
	wantErr(t, err, ErrLimitExceeded)
	if err := s.UpdateAccessKey(ctx, "alice", k1.AccessKeyID, "active"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.LookupKey(ctx, k1.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.UpdateAccessKey(ctx, "alice", k1.AccessKeyID, "Disabled"), ErrInvalid, "Disabled")
	wantErr(t, s.UpdateAccessKey(ctx, "alice", "AKIAAAAAAAAAAAAAAAAA", StatusInactive), ErrNotFound, "AKIAAAAAAAAAAAAAAAAA", `user "Alice"`)
	wantErr(t, s.UpdateAccessKey(ctx, "", k1.AccessKeyID, StatusInactive), ErrNotFound, "root")
	wantErr(t, s.UpdateAccessKey(ctx, "alice", "", StatusInactive), ErrInvalid)

	// Keys are deleted only through their owner.
	if _, err := s.CreateUser(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.DeleteAccessKey(ctx, "bob", k1.AccessKeyID), ErrNotFound, k1.AccessKeyID, `user "bob"`)
	wantErr(t, s.DeleteAccessKey(ctx, "", k1.AccessKeyID), ErrNotFound)
	wantErr(t, s.DeleteAccessKey(ctx, "carol", k1.AccessKeyID), ErrNotFound, `user "carol" not found`)
	if err := s.DeleteAccessKey(ctx, "alice", k1.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = s.LookupKey(ctx, k1.AccessKeyID)
	wantErr(t, err, ErrNotFound)
	wantErr(t, s.DeleteAccessKey(ctx, "alice", k1.AccessKeyID), ErrNotFound)
	if _, err := s.CreateAccessKey(ctx, "alice"); err != nil {
		t.Fatalf("after deleting a key: %v", err)
	}

	// The root has keys of its own, with the same limit.
	rk, err := s.CreateAccessKey(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateAccessKey(ctx, "")
	wantErr(t, err, ErrLimitExceeded, "root")
	_, _, p, err = s.LookupKey(ctx, rk.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != PrincipalRoot || p.ARN != "arn:aws:iam::"+a.ID+":root" || p.UserName != "" {
		t.Errorf("second root key principal = %+v", *p)
	}
	rootKeys, err := s.ListAccessKeys(ctx, "")
	if err != nil || len(rootKeys) != 2 {
		t.Fatalf("root keys = %v, %v", rootKeys, err)
	}
	// Account keeps returning the oldest root key.
	got, err := s.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.RootKey != a.RootKey {
		t.Errorf("Account root key = %s, want %s", got.RootKey, a.RootKey)
	}
}

func TestKeysWithoutAccount(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.CreateAccessKey(ctx, "")
	wantErr(t, err, ErrNotFound, "account")
	_, _, _, err = s.LookupKey(ctx, "AKIAAAAAAAAAAAAAAAAA")
	wantErr(t, err, ErrNotFound)
}

func TestDeleteUserWithKeys(t *testing.T) {
	s, _ := newStoreWithAccount(t)
	if _, err := s.CreateUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUserPolicy(ctx, "alice", "p", `{"Version":"2012-10-17"}`); err != nil {
		t.Fatal(err)
	}
	k1, _ := s.CreateAccessKey(ctx, "alice")
	k2, _ := s.CreateAccessKey(ctx, "alice")
	wantErr(t, s.DeleteUser(ctx, "alice"), ErrConflict, `user "alice"`, "2 access keys")
	if err := s.DeleteAccessKey(ctx, "alice", k1.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.DeleteUser(ctx, "alice"), ErrConflict, "1 access key;")
	if _, err := s.GetUser(ctx, "alice"); err != nil {
		t.Fatalf("refused delete removed the user: %v", err)
	}
	if err := s.DeleteAccessKey(ctx, "alice", k2.AccessKeyID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	// Its policies went with it.
	if _, err := s.CreateUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if pols, err := s.UserPolicies(ctx, "alice"); err != nil || len(pols) != 0 {
		t.Errorf("recreated user has policies %v, %v", pols, err)
	}
}

func TestPolicies(t *testing.T) {
	s, _ := newStoreWithAccount(t)
	wantErr(t, s.PutUserPolicy(ctx, "alice", "p", "{}"), ErrNotFound, `user "alice" not found`)
	_, err := s.UserPolicies(ctx, "alice")
	wantErr(t, err, ErrNotFound)
	if _, err := s.CreateUser(ctx, "Alice"); err != nil {
		t.Fatal(err)
	}
	pols, err := s.UserPolicies(ctx, "alice")
	if err != nil || pols == nil || len(pols) != 0 {
		t.Fatalf("UserPolicies of a new user = %v, %v", pols, err)
	}
	for _, bad := range []string{"", "a b", strings.Repeat("p", 129), "p/q"} {
		wantErr(t, s.PutUserPolicy(ctx, "alice", bad, "{}"), ErrInvalid, "policy name")
	}

	doc1 := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"athena:*\", \"Resource\": \"*\"}]\n}"
	doc2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"athena:StartQueryExecution","Resource":"*"}]}`
	if err := s.PutUserPolicy(ctx, "alice", "read", doc1); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUserPolicy(ctx, "ALICE", strings.Repeat("p", 128), doc2); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUserPolicy(ctx, "alice", "Read", "not even JSON"); err != nil { // names are case-sensitive; documents verbatim
		t.Fatal(err)
	}
	pols, err = s.UserPolicies(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"read": doc1, strings.Repeat("p", 128): doc2, "Read": "not even JSON"}
	if fmt.Sprint(pols) != fmt.Sprint(want) {
		t.Errorf("UserPolicies = %q, want %q", pols, want)
	}

	// Put replaces.
	if err := s.PutUserPolicy(ctx, "alice", "read", doc2); err != nil {
		t.Fatal(err)
	}
	pols, _ = s.UserPolicies(ctx, "alice")
	if pols["read"] != doc2 || len(pols) != 3 {
		t.Errorf("after replacing: %q", pols)
	}

	if err := s.DeleteUserPolicy(ctx, "alice", "Read"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.DeleteUserPolicy(ctx, "alice", "Read"), ErrNotFound, `policy "Read" of user "Alice" not found`)
	wantErr(t, s.DeleteUserPolicy(ctx, "bob", "read"), ErrNotFound, `user "bob" not found`)
	pols, _ = s.UserPolicies(ctx, "alice")
	if _, ok := pols["Read"]; ok || len(pols) != 2 {
		t.Errorf("after deleting: %q", pols)
	}
}

// TestLookupKeyPlan checks that LookupKey's query reads every table by its
// primary key, never scanning one.
func TestLookupKeyPlan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	c, _ := openCatalog(t, path)
	for _, q := range []struct {
		name, query, key string
		steps            int
	}{
		{"long-term keys", lookupKeyQuery, "AKIAAAAAAAAAAAAAAAAA", 3},
		{"temporary credentials", lookupSessionQuery, "ASIAAAAAAAAAAAAAAAAA", 4},
	} {
		rows, err := c.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.query, q.key)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		t.Logf("%s plan: %q", q.name, plan)
		if len(plan) != q.steps {
			t.Errorf("%s: plan has %d steps, want %d: %q", q.name, len(plan), q.steps, plan)
		}
		for _, step := range plan {
			if !strings.HasPrefix(step, "SEARCH ") {
				t.Errorf("%s: plan step %q is not an indexed search (plan %q)", q.name, step, plan)
			}
		}
	}
}

func TestGeneratedIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		for _, c := range []struct {
			s  string
			re *regexp.Regexp
		}{
			{newAccessKeyID(), reAccessKeyID},
			{newSecret(), reSecret},
			{newUserID(), reUserID},
			{newRoleID(), reRoleID},
			{newTempKeyID(), reTempKeyID},
			{newSessionToken(), reSessionToken},
			{newAccountID(), reAccountID},
		} {
			if !c.re.MatchString(c.s) {
				t.Errorf("%q does not match %s", c.s, c.re)
			}
			if seen[c.s] && len(c.s) > 12 {
				t.Errorf("%q generated twice", c.s)
			}
			seen[c.s] = true
		}
	}
}
