package iam

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestSecretsRedacted(t *testing.T) {
	s, a := newStoreWithAccount(t)
	if _, err := s.CreateUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	k, err := s.CreateAccessKey(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{a.RootKey.SecretAccessKey, k.SecretAccessKey}
	values := []any{*k, k, *a, a, []AccessKey{*k}, map[string]AccessKey{"k": *k}, struct{ K AccessKey }{*k}}
	// Not %p nor %w: fmt prints a non-pointer operand of %p, and a
	// non-error operand of %w, raw, bypassing every method (go vet reports
	// both misuses).
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%10.3v", "%t", "%T"}
	for _, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			for _, sec := range secrets {
				if strings.Contains(out, sec) || strings.Contains(strings.ToLower(out), fmt.Sprintf("%x", sec)) {
					t.Errorf("fmt.Sprintf(%q, %T) shows a secret: %s", verb, v, out)
				}
			}
		}
	}
	for _, out := range []string{k.String(), k.GoString(), fmt.Sprint(*k), fmt.Sprintf("%#v", *k)} {
		if !strings.Contains(out, k.AccessKeyID) || !strings.Contains(out, redacted) {
			t.Errorf("formatted key %q lacks its ID or the redaction mark", out)
		}
	}
	if out := fmt.Sprint(AccessKey{AccessKeyID: "AKIAEXAMPLE"}); strings.Contains(out, redacted) {
		t.Errorf("a key without secret formats as %q", out)
	}

	// Errors about keys name them, never their secrets.
	var errs []error
	_, err = s.CreateAccessKey(ctx, "alice")
	errs = append(errs, err)
	_, err = s.CreateAccessKey(ctx, "alice")
	errs = append(errs, err, s.DeleteUser(ctx, "alice"))
	errs = append(errs, s.UpdateAccessKey(ctx, "", k.AccessKeyID, "bad"))
	errs = append(errs, s.DeleteAccessKey(ctx, "", k.AccessKeyID))
	for _, id := range []string{k.SecretAccessKey, strings.Repeat("Ab3", 13) + "x"} {
		secrets = append(secrets, id)
		_, _, _, err = s.LookupKey(ctx, id)
		errs = append(errs, err)
		errs = append(errs, s.DeleteAccessKey(ctx, "alice", id), s.UpdateAccessKey(ctx, "alice", id, StatusActive))
		errs = append(errs, s.UpdateAccessKey(ctx, "alice", k.AccessKeyID, id))
	}
	errs = append(errs, WriteCredentialsFile("", *k), WriteCredentialsFile(filepath.Join(t.TempDir(), "x"), AccessKey{SecretAccessKey: k.SecretAccessKey}))
	errs = append(errs, WriteCredentialsFile(filepath.Join(t.TempDir(), "x"), AccessKey{AccessKeyID: "AKIA\n", SecretAccessKey: k.SecretAccessKey}))
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	errs = append(errs, WriteCredentialsFile(filepath.Join(blocker, "sub", "credentials"), *k))
	for i, err := range errs {
		if i == 0 {
			continue // the second key was created
		}
		if err == nil {
			t.Errorf("error %d: nil", i)
			continue
		}
		for _, sec := range secrets {
			if strings.Contains(err.Error(), sec) {
				t.Errorf("error %q shows a secret", err)
			}
		}
	}
}

// parseCredentials reads an AWS shared credentials file: profiles of
// key = value lines.
func parseCredentials(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string]string{}
	var profile string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			profile = strings.TrimSpace(line[1 : len(line)-1])
			out[profile] = map[string]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || profile == "" {
				t.Fatalf("malformed credentials line %q", line)
			}
			out[profile][strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteCredentialsFile(t *testing.T) {
	s, a := newStoreWithAccount(t)
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "credentials")
	if err := WriteCredentialsFile(path, a.RootKey); err != nil {
		t.Fatal(err)
	}
	check := func(k AccessKey) {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
		got := parseCredentials(t, path)
		want := map[string]string{"aws_access_key_id": k.AccessKeyID, "aws_secret_access_key": k.SecretAccessKey}
		if len(got) != 1 || fmt.Sprint(got["default"]) != fmt.Sprint(want) {
			t.Errorf("credentials file holds %v, want profile default with key %s", got, k.AccessKeyID)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			t.Errorf("directory holds %d entries, want only the credentials file", len(entries))
		}
	}
	check(a.RootKey)
	data, _ := os.ReadFile(path)
	want := "[default]\naws_access_key_id = " + a.RootKey.AccessKeyID + "\naws_secret_access_key = " + a.RootKey.SecretAccessKey + "\n"
	if string(data) != want {
		t.Errorf("credentials file content differs from the AWS format")
	}

	// The secret round-trips to a working key.
	secret, _, _, err := s.LookupKey(ctx, parseCredentials(t, path)["default"]["aws_access_key_id"])
	if err != nil || secret != parseCredentials(t, path)["default"]["aws_secret_access_key"] {
		t.Errorf("the key in the file does not authenticate: %v", err)
	}

	// Rewriting replaces the file, even one with a looser mode.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	k2, err := s.CreateAccessKey(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCredentialsFile(path, *k2); err != nil {
		t.Fatal(err)
	}
	check(*k2)

	err = WriteCredentialsFile(filepath.Join(dir, "other"), AccessKey{AccessKeyID: "AKIAEXAMPLE"})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("writing a key without secret: %v, want ErrInvalid", err)
	}
}

// TestConcurrentCreateAccessKey races CreateAccessKey from many goroutines
// over two catalog handles on one file (as two processes would): each user
// ends with exactly MaxAccessKeys keys, and every failure is the limit.
func TestConcurrentCreateAccessKey(t *testing.T) {
	s1, path := newStore(t)
	if _, err := s1.EnsureAccount(ctx, ""); err != nil {
		t.Fatal(err)
	}
	_, s2 := openCatalog(t, path)
	users := []string{"alice", "bob", "carol"}
	for _, u := range users {
		if _, err := s1.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	users = append(users, "") // the root, which has one key already

	var (
		mu      sync.Mutex
		created = map[string]int{}
		wg      sync.WaitGroup
	)
	for g := range 12 {
		store := s1
		if g%2 == 1 {
			store = s2
		}
		wg.Go(func() {
			for i := range 8 {
				u := users[(g+i)%len(users)]
				k, err := store.CreateAccessKey(ctx, u)
				if err != nil {
					if !errors.Is(err, ErrLimitExceeded) {
						t.Errorf("CreateAccessKey(%q): %v", u, err)
					}
					continue
				}
				if k.UserName != u {
					t.Errorf("key for %q has owner %q", u, k.UserName)
				}
				mu.Lock()
				created[u]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, u := range users {
		keys, err := s2.ListAccessKeys(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		wantCreated := MaxAccessKeys
		if u == "" {
			wantCreated = MaxAccessKeys - 1
		}
		if len(keys) != MaxAccessKeys || created[u] != wantCreated {
			t.Errorf("%s: %d keys stored, %d created concurrently; want %d and %d", owner(u), len(keys), created[u], MaxAccessKeys, wantCreated)
		}
	}
}
