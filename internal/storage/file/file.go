// Package file is the local-folder object store: each bucket is a
// sub-folder of a root folder and each object a file, its key the file's
// path relative to the bucket folder with "/" separators. With an empty
// bucket name the root itself is the bucket (how file:/// locations use it,
// with root "/").
//
// Object metadata (storage.MetadataStore, S3's x-amz-meta-*) lives in a
// sidecar tree outside every bucket folder, so listings never see it:
// the metadata of s3://bucket/key is the JSON file
// <root>/.trawl-metadata/<bucket>/<key>, holding the names and values and
// the size and modification time of the object they belong to. A sidecar
// whose size and time do not match the object (the object was replaced
// by other means, or a crash fell between the two renames) is ignored.
// PutWithMetadata writes the object to a temporary file, then renames the
// sidecar into place and then the object; Put removes the sidecar before
// renaming its object into place; Delete removes the object, then the
// sidecar. ".trawl-metadata" is not a valid bucket name (S3 bucket names
// cannot start with a dot either), and the root-as-bucket (bucket "") has
// no metadata.
package file

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"trawl/internal/storage"
)

// Store serves buckets from sub-folders of Root.
type Store struct {
	Root string
}

var _ storage.MetadataStore = (*Store)(nil)

// metaDir is the sidecar tree of object metadata under the root.
const metaDir = ".trawl-metadata"

// New returns a store rooted at root.
func New(root string) *Store { return &Store{Root: root} }

func (s *Store) bucketDir(bucket string) (string, error) {
	if strings.ContainsAny(bucket, `/\`) || bucket == "." || bucket == ".." || bucket == metaDir {
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

// existingBucket returns the folder of a bucket that exists, else
// ErrNoSuchBucket.
func (s *Store) existingBucket(bucket string) (string, error) {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("bucket %q does not exist in the local folder %s (%w)", bucket, s.Root, storage.ErrNoSuchBucket)
		}
		return "", fmt.Errorf("cannot list bucket %q: %w", bucket, err)
	}
	return dir, nil
}

// List walks the bucket folder in key order.
func (s *Store) List(ctx context.Context, bucket, prefix string, fn func(storage.Object) error) error {
	dir, err := s.existingBucket(bucket)
	if err != nil {
		return err
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

// ListDirs lists the sub-folders of the folder prefix names.
func (s *Store) ListDirs(ctx context.Context, bucket, prefix string, fn func(dir string) error) error {
	dir, err := s.existingBucket(bucket)
	if err != nil {
		return err
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		return fmt.Errorf("cannot list the folders of %q: not a folder prefix", prefix)
	}
	p, err := cleanKey(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return err
	}
	d := filepath.Join(dir, p)
	entries, err := os.ReadDir(d)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
		return fmt.Errorf("cannot list %s: %w", d, err)
	}
	for _, e := range entries { // sorted by name; a folder's key is its name plus "/"
		if err := ctx.Err(); err != nil {
			return err
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(filepath.Join(d, e.Name()))
			isDir = err == nil && st.IsDir()
		}
		if !isDir || d == dir && e.Name() == metaDir {
			continue
		}
		if err := fn(prefix + e.Name() + "/"); err != nil {
			return err
		}
	}
	return nil
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
// renames it into place, so readers never see a partial object. Metadata
// the key had is removed first.
func (s *Store) Put(ctx context.Context, bucket, key string, r io.Reader) error {
	return s.put(ctx, bucket, key, r, nil)
}

// PutWithMetadata stores an object with user metadata (see the package
// comment for the layout); empty meta is Put.
func (s *Store) PutWithMetadata(ctx context.Context, bucket, key string, r io.Reader, meta map[string]string) error {
	return s.put(ctx, bucket, key, r, meta)
}

func (s *Store) put(ctx context.Context, bucket, key string, r io.Reader, meta map[string]string) error {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return err
	}
	k, err := cleanKey(key)
	if err != nil {
		return err
	}
	if len(meta) > 0 && bucket == "" {
		return fmt.Errorf("cannot write object %s: file locations have no object metadata", key)
	}
	fail := func(err error) error { return fmt.Errorf("cannot write object s3://%s/%s: %w", bucket, key, err) }
	path := filepath.Join(dir, k)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trawl-tmp-*")
	if err != nil {
		return fail(err)
	}
	_, err = io.Copy(tmp, r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && bucket != "" {
		if len(meta) > 0 {
			err = s.writeMeta(bucket, k, tmp.Name(), meta)
		} else {
			err = s.removeMeta(bucket, k)
		}
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	return nil
}

// sidecar is the JSON form of one object's metadata.
type sidecar struct {
	Size     int64             `json:"size"`
	ModTime  int64             `json:"mtime"` // Unix nanoseconds
	Metadata map[string]string `json:"metadata"`
}

func (s *Store) metaPath(bucket, k string) string {
	return filepath.Join(s.Root, metaDir, bucket, k)
}

// writeMeta atomically stores the sidecar of the object about to be
// renamed from tmpObject.
func (s *Store) writeMeta(bucket, k, tmpObject string, meta map[string]string) error {
	info, err := os.Stat(tmpObject)
	if err != nil {
		return err
	}
	sc := sidecar{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Metadata: make(map[string]string, len(meta))}
	for n, v := range meta {
		if n == "" {
			return errors.New("empty metadata name")
		}
		sc.Metadata[strings.ToLower(n)] = v
	}
	data, err := json.Marshal(sc)
	if err != nil {
		return err
	}
	path := s.metaPath(bucket, k)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trawl-tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
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
	}
	return err
}

func (s *Store) removeMeta(bucket, k string) error {
	err := os.Remove(s.metaPath(bucket, k))
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	return err
}

// Head describes one object with its metadata.
func (s *Store) Head(ctx context.Context, bucket, key string) (storage.Object, map[string]string, error) {
	dir, err := s.bucketDir(bucket)
	if err != nil {
		return storage.Object{}, nil, err
	}
	k, err := cleanKey(key)
	if err != nil {
		return storage.Object{}, nil, err
	}
	info, err := os.Stat(filepath.Join(dir, k))
	if err == nil && !info.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return storage.Object{}, nil, fmt.Errorf("object s3://%s/%s: %w", bucket, key, storage.ErrNotFound)
		}
		return storage.Object{}, nil, fmt.Errorf("cannot read object s3://%s/%s: %w", bucket, key, err)
	}
	obj := storage.Object{Key: key, Size: info.Size(), ModTime: info.ModTime()}
	meta := map[string]string{}
	if bucket == "" {
		return obj, meta, nil
	}
	data, err := os.ReadFile(s.metaPath(bucket, k))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return obj, meta, nil
		}
		return storage.Object{}, nil, fmt.Errorf("cannot read the metadata of object s3://%s/%s: %w", bucket, key, err)
	}
	var sc sidecar
	if err := json.Unmarshal(data, &sc); err != nil {
		return storage.Object{}, nil, fmt.Errorf("cannot read the metadata of object s3://%s/%s: %w", bucket, key, err)
	}
	if sc.Size != info.Size() || !time.Unix(0, sc.ModTime).Equal(info.ModTime()) {
		return obj, meta, nil // stale: another object's metadata
	}
	for n, v := range sc.Metadata {
		meta[n] = v
	}
	return obj, meta, nil
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
	if bucket != "" {
		if err := s.removeMeta(bucket, k); err != nil {
			return fmt.Errorf("cannot delete the metadata of object s3://%s/%s: %w", bucket, key, err)
		}
	}
	return nil
}
