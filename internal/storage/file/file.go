// Package file is the local-folder object store: each bucket is a
// sub-folder of a root folder and each object a file, its key the file's
// path relative to the bucket folder with "/" separators. With an empty
// bucket name the root itself is the bucket (how file:/// locations use it,
// with root "/").
package file

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"trawl/internal/storage"
)

// Store serves buckets from sub-folders of Root.
type Store struct {
	Root string
}

var _ storage.Store = (*Store)(nil)

// New returns a store rooted at root.
func New(root string) *Store { return &Store{Root: root} }

func (s *Store) bucketDir(bucket string) (string, error) {
	if strings.ContainsAny(bucket, `/\`) || bucket == "." || bucket == ".." {
		return "", fmt.Errorf("invalid bucket name %q", bucket)
	}
	return filepath.Join(s.Root, bucket), nil
}

func cleanKey(key string) (string, error) {
	for _, part := range strings.Split(key, "/") {
		if part == ".." {
			return "", fmt.Errorf("invalid object key %q", key)
		}
	}
	return filepath.FromSlash(key), nil
}

// List walks the bucket folder in key order.
func (s *Store) List(ctx context.Context, bucket, prefix string, fn func(storage.Object) error) error {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("bucket %q: %w", bucket, storage.ErrNotFound)
		}
		return fmt.Errorf("cannot list bucket %q: %w", bucket, err)
	}
	// Start at the deepest folder the prefix names, so a projected
	// partition prefix never walks the whole bucket.
	start := dir
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		p, err := cleanKey(prefix[:i])
		if err != nil {
			return err
		}
		start = filepath.Join(dir, p)
	}
	return s.walk(ctx, dir, start, prefix, fn)
}

// walk lists folder d in key order: entries sorted by name, with a folder
// sorting as its name plus "/".
func (s *Store) walk(ctx context.Context, root, d, prefix string, fn func(storage.Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(d)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) && d != root {
			return nil
		}
		if errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
		return fmt.Errorf("cannot list %s: %w", d, err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
		if e.IsDir() {
			names[i] += "/"
		}
	}
	sort.Strings(names)
	for _, n := range names {
		full := filepath.Join(d, strings.TrimSuffix(n, "/"))
		rel, _ := filepath.Rel(root, full)
		key := filepath.ToSlash(rel)
		if strings.HasSuffix(n, "/") {
			kd := key + "/"
			// Descend only where the prefix can still match.
			if strings.HasPrefix(kd, prefix) || strings.HasPrefix(prefix, kd) {
				if err := s.walk(ctx, root, full, prefix, fn); err != nil {
					return err
				}
			}
			continue
		}
		if strings.HasPrefix(n, ".trawl-tmp-") || !strings.HasPrefix(key, prefix) {
			continue
		}
		info, err := os.Stat(full)
		if err != nil {
			continue // removed while listing
		}
		if !info.Mode().IsRegular() {
			continue
		}
		if err := fn(storage.Object{Key: key, Size: info.Size(), ModTime: info.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// Open opens one object.
func (s *Store) Open(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return nil, err
	}
	k, err := cleanKey(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, k))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("object s3://%s/%s: %w", bucket, key, storage.ErrNotFound)
		}
		return nil, fmt.Errorf("cannot open object s3://%s/%s: %w", bucket, key, err)
	}
	return f, nil
}

// Put writes to a temporary file in the target folder, syncs it and
// renames it into place, so readers never see a partial object.
func (s *Store) Put(ctx context.Context, bucket, key string, r io.Reader) error {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return err
	}
	k, err := cleanKey(key)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, k)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cannot write object s3://%s/%s: %w", bucket, key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trawl-tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write object s3://%s/%s: %w", bucket, key, err)
	}
	_, err = io.Copy(tmp, r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write object s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

// Delete removes one object.
func (s *Store) Delete(ctx context.Context, bucket, key string) error {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return err
	}
	k, err := cleanKey(key)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, k)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot delete object s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}
