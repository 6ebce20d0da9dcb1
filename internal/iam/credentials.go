package iam

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// WriteCredentialsFile writes key to path in the AWS shared credentials
// file format, as profile "default":
//
//	[default]
//	aws_access_key_id = AKIA...
//	aws_secret_access_key = ...
//
// It replaces the whole file (other profiles in it are lost), atomically: it
// writes a temporary file with mode 0600 in the same directory, syncs it and
// renames it over path. It creates the parent directory (mode 0700) when
// missing. Errors never include the secret.
func WriteCredentialsFile(path string, key AccessKey) error {
	if path == "" {
		return errorf(ErrInvalid, "cannot write credentials file: empty path")
	}
	if key.AccessKeyID == "" || key.SecretAccessKey == "" {
		return errorf(ErrInvalid, "cannot write credentials file %s: the access key ID or the secret is empty", path)
	}
	if strings.ContainsAny(key.AccessKeyID, "\r\n") || strings.ContainsAny(key.SecretAccessKey, "\r\n") {
		return errorf(ErrInvalid, "cannot write credentials file %s: the access key ID or the secret contains a line break", path)
	}
	content := fmt.Sprintf("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		key.AccessKeyID, key.SecretAccessKey)

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create directory for credentials file %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil { // CreateTemp uses 0600 already; be explicit
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	if _, err := f.WriteString(content); err != nil {
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write credentials file %s: %w", path, err)
	}
	ok = true
	// Make the rename durable; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
