package iam

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

const trustAlice = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}`

func TestRoles(t *testing.T) {
	s, path := newStore(t)
	_, err := s.CreateRole(ctx, "reader", trustAlice)
	wantErr(t, err, ErrNotFound, "account")
	if roles, err := s.ListRoles(ctx); err != nil || len(roles) != 0 {
		t.Fatalf("ListRoles without account = %v, %v", roles, err)
	}
	a, err := s.EnsureAccount(ctx, "")
	if err != nil {
		t.Fatal(err)
	}

	r, err := s.CreateRole(ctx, "Reader", trustAlice)
	if err != nil {
		t.Fatal(err)
	}
	if !reRoleID.MatchString(r.RoleID) {
		t.Errorf("role ID %q does not match %s", r.RoleID, reRoleID)
	}
	if r.Name != "Reader" || r.ARN != "arn:aws:iam::"+a.ID+":role/Reader" || r.Path != "/" ||
		r.AssumeRolePolicyDocument != trustAlice || r.MaxSessionDuration != time.Hour || r.Created.IsZero() {
		t.Errorf("CreateRole = %+v", r)
	}
	// Names are unique without regard to case, and validated.
	_, err = s.CreateRole(ctx, "reader", trustAlice)
	wantErr(t, err, ErrExists, `"reader"`, `"Reader"`)
	_, err = s.CreateRole(ctx, "Reader", trustAlice)
	wantErr(t, err, ErrExists, `role "Reader" already exists`)
	for _, bad := range []string{"", strings.Repeat("r", 65), "has space", "slash/y", "ünï"} {
		_, err := s.CreateRole(ctx, bad, trustAlice)
		wantErr(t, err, ErrInvalid, "role name")
	}
	_, err = s.CreateRole(ctx, "empty-trust", "")
	wantErr(t, err, ErrInvalid, "trust policy")
	// A user may share a role's name.
	if _, err := s.CreateUser(ctx, "reader"); err != nil {
		t.Fatalf("user named like a role: %v", err)
	}
	w, err := s.CreateRole(ctx, "writer@team.x", trustAlice)
	if err != nil {
		t.Fatal(err)
	}
	if w.RoleID == r.RoleID {
		t.Error("two roles got the same ID")
	}

	got, err := s.GetRole(ctx, "READER")
	if err != nil {
		t.Fatal(err)
	}
	if *got != *r {
		t.Errorf("GetRole = %+v, want %+v", got, r)
	}
	_, err = s.GetRole(ctx, "nobody")
	wantErr(t, err, ErrNotFound, `role "nobody" not found`)

	roles, err := s.ListRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(roles) != 2 || roles[0].Name != "Reader" || roles[1].Name != "writer@team.x" || roles[1].ARN != w.ARN {
		t.Errorf("ListRoles = %+v", roles)
	}

	// Trust policy and maximum session duration.
	const trustAll = `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`
	if err := s.UpdateAssumeRolePolicy(ctx, "reader", trustAll); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.UpdateAssumeRolePolicy(ctx, "nobody", trustAll), ErrNotFound, "nobody")
	wantErr(t, s.UpdateAssumeRolePolicy(ctx, "reader", ""), ErrInvalid)
	if err := s.SetRoleMaxSessionDuration(ctx, "Reader", 12*time.Hour); err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{59 * time.Minute, 12*time.Hour + time.Second, 2*time.Hour + time.Millisecond} {
		wantErr(t, s.SetRoleMaxSessionDuration(ctx, "reader", d), ErrInvalid, "maximum session duration")
	}
	wantErr(t, s.SetRoleMaxSessionDuration(ctx, "nobody", time.Hour), ErrNotFound)

	// Reopening the file keeps everything.
	_, s2 := openCatalog(t, path)
	got, err = s2.GetRole(ctx, "reader")
	if err != nil {
		t.Fatal(err)
	}
	if got.AssumeRolePolicyDocument != trustAll || got.MaxSessionDuration != 12*time.Hour || got.RoleID != r.RoleID {
		t.Errorf("after update and reopening: %+v", got)
	}
}

func TestRolePolicies(t *testing.T) {
	s, _ := newStoreWithAccount(t)
	if _, err := s.CreateRole(ctx, "Reader", trustAlice); err != nil {
		t.Fatal(err)
	}
	const read = `{"Statement":[{"Effect":"Allow","Action":"athena:Get*","Resource":"*"}]}`
	const deny = `{"Statement":[{"Effect":"Deny","Action":"athena:Delete*","Resource":"*"}]}`
	if err := s.PutRolePolicy(ctx, "reader", "Read", read); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRolePolicy(ctx, "READER", "read", deny); err != nil {
		t.Fatal(err)
	}
	pols, err := s.RolePolicies(ctx, "reader")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"Read": read, "read": deny}; !maps.Equal(pols, want) {
		t.Errorf("RolePolicies = %q, want %q", pols, want)
	}
	// Put replaces a policy of the same name.
	if err := s.PutRolePolicy(ctx, "reader", "read", read); err != nil {
		t.Fatal(err)
	}
	if pols, _ := s.RolePolicies(ctx, "reader"); pols["read"] != read || len(pols) != 2 {
		t.Errorf("after replacing: %q", pols)
	}
	wantErr(t, s.PutRolePolicy(ctx, "nobody", "p", read), ErrNotFound, `role "nobody" not found`)
	wantErr(t, s.PutRolePolicy(ctx, "reader", "bad name", read), ErrInvalid, "policy name")
	_, err = s.RolePolicies(ctx, "nobody")
	wantErr(t, err, ErrNotFound)
	// Role and user policies are separate.
	if _, err := s.CreateUser(ctx, "reader"); err != nil {
		t.Fatal(err)
	}
	if up, err := s.UserPolicies(ctx, "reader"); err != nil || len(up) != 0 {
		t.Errorf("user reader's policies = %q, %v", up, err)
	}

	if err := s.DeleteRolePolicy(ctx, "reader", "Read"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.DeleteRolePolicy(ctx, "reader", "Read"), ErrNotFound, `policy "Read" of role "Reader" not found`)
	wantErr(t, s.DeleteRolePolicy(ctx, "nobody", "read"), ErrNotFound, `role "nobody" not found`)
	if pols, _ := s.RolePolicies(ctx, "reader"); len(pols) != 1 || pols["read"] != read {
		t.Errorf("after deleting: %q", pols)
	}

	// Deleting the role deletes its policies; a new role of the same name
	// starts without them and with another ID.
	old, _ := s.GetRole(ctx, "reader")
	if err := s.DeleteRole(ctx, "READER"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.DeleteRole(ctx, "reader"), ErrNotFound)
	_, err = s.GetRole(ctx, "reader")
	wantErr(t, err, ErrNotFound)
	r, err := s.CreateRole(ctx, "reader", trustAlice)
	if err != nil {
		t.Fatal(err)
	}
	if r.RoleID == old.RoleID {
		t.Error("a re-created role kept its old ID")
	}
	if pols, err := s.RolePolicies(ctx, "reader"); err != nil || len(pols) != 0 {
		t.Errorf("re-created role's policies = %q, %v", pols, err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM iam_role_policies`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d role policies left behind (%v)", n, err)
	}
	if !errors.Is(s.DeleteRole(ctx, "no such/role"), ErrInvalid) {
		t.Error("DeleteRole accepted a malformed name")
	}
}
