package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"trawl/internal/catalog"
	"trawl/internal/iam"
)

func TestIAMRoleCommands(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	write := func(name, doc string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	trustDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}`
	trustFile := write("trust.json", trustDoc)

	r := ok(t, "", "iam", "create-role", "reader", "--assume-role-policy-document", trustFile, "--data-dir", dir)
	var created struct {
		Role struct {
			Path, RoleName, RoleId, Arn, CreateDate string
			AssumeRolePolicyDocument                map[string]any
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil {
		t.Fatalf("create-role output %q: %v", r.stdout, err)
	}
	c := created.Role
	if c.RoleName != "reader" || c.Path != "/" || !regexp.MustCompile(`^AROA[A-Z2-7]{17}$`).MatchString(c.RoleId) ||
		!regexp.MustCompile(`^arn:aws:iam::\d{12}:role/reader$`).MatchString(c.Arn) ||
		!regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(c.CreateDate) ||
		c.AssumeRolePolicyDocument["Version"] != "2012-10-17" {
		t.Errorf("create-role output %s", r.stdout)
	}

	// file://, inline JSON and a longer maximum session duration.
	ok(t, "", "iam", "create-role", "writer", "--assume-role-policy-document", "file://"+trustFile, "--max-session-duration", "7200", "--data-dir", dir)
	ok(t, "", "iam", "create-role", "inline", "--assume-role-policy-document", trustDoc, "--data-dir", dir)

	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"create-role", "nope"}, "--assume-role-policy-document is required"},
		{[]string{"create-role", "nope", "--assume-role-policy-document", write("identity.json", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)},
			"Statement[0].Resource is not allowed in a trust policy"},
		{[]string{"create-role", "nope", "--assume-role-policy-document", write("s3.json", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`)},
			"must be \"*\" or an sts action"},
		{[]string{"create-role", "nope", "--assume-role-policy-document", trustFile, "--max-session-duration", "60"}, "--max-session-duration 60"},
		{[]string{"create-role", "READER", "--assume-role-policy-document", trustFile}, `role "READER" already exists as "reader"`},
		{[]string{"put-role-policy", "reader", trustFile}, "Statement[0].Principal is not allowed in an identity-based policy"},
		{[]string{"put-role-policy", "ghost", write("ok.json", `{"Statement":[{"Effect":"Allow","Action":"athena:Get*","Resource":"*"}]}`)}, `role "ghost" not found`},
		{[]string{"delete-role", "ghost"}, `role "ghost" not found`},
	} {
		res := trawl(t, "", append(append([]string{"iam"}, tc.args...), "--data-dir", dir)...)
		if res.code == 0 || !strings.Contains(res.stderr, tc.msg) {
			t.Errorf("trawl iam %q: exit %d, stderr %q; want an error with %q", tc.args, res.code, res.stderr, tc.msg)
		}
	}

	read := write("AthenaRead.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"athena:Get*","Resource":"*"}]}`)
	ok(t, "", "iam", "put-role-policy", "reader", read, "--data-dir", dir)
	ok(t, "", "iam", "put-role-policy", "reader", read, "--policy-name", "Named", "--data-dir", dir)

	r = ok(t, "", "iam", "list-roles", "--data-dir", dir)
	var listed struct {
		Roles []struct {
			RoleName, RoleId   string
			MaxSessionDuration int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil {
		t.Fatalf("list-roles output %q: %v", r.stdout, err)
	}
	if len(listed.Roles) != 3 || listed.Roles[0].RoleName != "inline" || listed.Roles[1].RoleName != "reader" || listed.Roles[1].RoleId != c.RoleId ||
		listed.Roles[1].MaxSessionDuration != 3600 || listed.Roles[2].RoleName != "writer" || listed.Roles[2].MaxSessionDuration != 7200 {
		t.Errorf("list-roles output %s", r.stdout)
	}

	ok(t, "", "iam", "delete-role", "inline", "--data-dir", dir)

	// What the commands stored.
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	s := iam.New(cat.DB())
	pols, err := s.RolePolicies(context.Background(), "reader")
	if err != nil || len(pols) != 2 || pols["AthenaRead"] == "" || pols["Named"] == "" {
		t.Errorf("reader's policies %q, %v", pols, err)
	}
	role, err := s.GetRole(context.Background(), "reader")
	if err != nil || role.AssumeRolePolicyDocument != trustDoc {
		t.Errorf("reader = %+v, %v", role, err)
	}
	if _, err := s.GetRole(context.Background(), "inline"); err == nil {
		t.Error("delete-role left the role")
	}
}
