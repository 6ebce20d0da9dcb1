// Package storage is trawl's view of an object store: buckets of objects
// addressed by key, listed by prefix, read as streams. Locations are URLs:
// s3://bucket/key resolves against the configured object store (the
// embedded folder <data-dir>/buckets/ by default, an S3-compatible service
// when configured), file:///absolute/path against the local file system.
//
// Backends live in sub-packages (storage/file, storage/s3); only the
// wiring layer picks one.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// ErrNotFound is returned (wrapped) for a missing bucket or object.
var ErrNotFound = errors.New("not found")

// ErrNoSuchBucket is returned (wrapped) for a missing bucket; it is also
// ErrNotFound. A scan over a missing prefix reads nothing, but a table in
// a bucket that does not exist is an error, as on Athena.
var ErrNoSuchBucket error = noSuchBucket{}

type noSuchBucket struct{}

func (noSuchBucket) Error() string        { return "no such bucket" }
func (noSuchBucket) Is(target error) bool { return target == ErrNotFound }

// Object describes one listed object.
type Object struct {
	Key     string // full key within the bucket
	Size    int64
	ModTime time.Time
}

// Store is one object store backend.
type Store interface {
	// List calls fn for every object whose key starts with prefix, in key
	// order. Listing stops when fn returns an error, which List returns. A
	// missing prefix lists nothing; a missing bucket is ErrNotFound.
	List(ctx context.Context, bucket, prefix string, fn func(Object) error) error
	// Open streams one object.
	Open(ctx context.Context, bucket, key string) (io.ReadCloser, error)
	// Put stores an object from r, replacing any object with that key; the
	// object becomes visible only once complete.
	Put(ctx context.Context, bucket, key string, r io.Reader) error
	// Delete removes an object; deleting a missing object is not an error.
	Delete(ctx context.Context, bucket, key string) error
}

// DirLister is a Store that lists one level of its key space, as S3's
// ListObjectsV2 with delimiter "/" does: fn gets every distinct "folder"
// directly under prefix (prefix plus one more segment and its "/"), in
// key order. prefix is empty or ends in "/". A missing prefix lists
// nothing; a missing bucket is ErrNoSuchBucket.
type DirLister interface {
	ListDirs(ctx context.Context, bucket, prefix string, fn func(dir string) error) error
}

// MetadataStore is a Store that keeps user metadata with objects, as S3
// keeps x-amz-meta-* headers. Names are lower case and given without the
// x-amz-meta- prefix: "signature" is S3's x-amz-meta-signature.
//
// Put on a MetadataStore stores an object without metadata (dropping what
// the key had) and Delete removes an object's metadata with it.
type MetadataStore interface {
	Store
	// PutWithMetadata stores an object as Put does, with meta (names
	// lower-cased) replacing any metadata the key had.
	PutWithMetadata(ctx context.Context, bucket, key string, r io.Reader, meta map[string]string) error
	// Head describes one object and returns its metadata (empty, never
	// nil, when it has none); a missing object is ErrNotFound (wrapped).
	Head(ctx context.Context, bucket, key string) (Object, map[string]string, error)
}

// Describe returns err as the failure to do what at l: "what l: err",
// unless err's text already names the location (store errors name the
// object or prefix they are about), so that no message says it twice.
func Describe(what string, l Location, err error) error {
	if strings.Contains(err.Error(), l.String()) {
		return err
	}
	return fmt.Errorf("%s %s: %w", what, l, err)
}

// Location is a parsed storage URL.
type Location struct {
	Scheme string // "s3" or "file"
	Bucket string // the bucket for s3; "" for file
	Key    string // key (s3) or absolute path without the leading "/" (file)
}

// ParseLocation reads s3://bucket/key, s3a://, s3n:// or file:///path.
func ParseLocation(s string) (Location, error) {
	u, err := url.Parse(s)
	if err != nil {
		return Location{}, fmt.Errorf("invalid location %q: %w", s, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "s3", "s3a", "s3n":
		if u.Host == "" {
			return Location{}, fmt.Errorf("invalid location %q: no bucket", s)
		}
		// Keep the key exactly as written (url.Parse would unescape it).
		rest := s[strings.Index(s, "://")+3:]
		key := ""
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			key = rest[i+1:]
		}
		return Location{Scheme: "s3", Bucket: u.Host, Key: key}, nil
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return Location{}, fmt.Errorf("invalid location %q: file locations must be file:///absolute/path", s)
		}
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			return Location{}, fmt.Errorf("invalid location %q: file locations must be absolute", s)
		}
		return Location{Scheme: "file", Key: strings.TrimPrefix(p, "/")}, nil
	case "":
		return Location{}, fmt.Errorf("invalid location %q: expected s3://bucket/prefix or file:///path", s)
	}
	return Location{}, fmt.Errorf("invalid location %q: unsupported scheme %q", s, u.Scheme)
}

// String renders the location as a URL.
func (l Location) String() string {
	if l.Scheme == "file" {
		return "file:///" + l.Key
	}
	return "s3://" + l.Bucket + "/" + l.Key
}

// Child returns the location of key relative to l's bucket or root (key
// is a full key, as listed).
func (l Location) Child(key string) Location {
	return Location{Scheme: l.Scheme, Bucket: l.Bucket, Key: key}
}

// DirPrefix returns the key as a listing prefix for the "folder" it names:
// with a trailing slash unless empty.
func (l Location) DirPrefix() string {
	if l.Key == "" || strings.HasSuffix(l.Key, "/") {
		return l.Key
	}
	return l.Key + "/"
}

// Router maps locations to stores by scheme.
type Router struct {
	S3   Store // the object store behind s3:// locations
	File Store // the local file system behind file:// locations (bucket "")
}

// For returns the store for a location.
func (r *Router) For(l Location) (Store, error) {
	switch l.Scheme {
	case "s3":
		if r.S3 == nil {
			return nil, fmt.Errorf("no object store is configured for %s", l)
		}
		return r.S3, nil
	case "file":
		if r.File == nil {
			return nil, fmt.Errorf("file locations are not enabled (%s)", l)
		}
		return r.File, nil
	}
	return nil, fmt.Errorf("unsupported location %s", l)
}

// Remote reports whether the store behind a location has network latency
// (it has a Remote method saying so), so that readers keep more requests
// in flight.
func (r *Router) Remote(l Location) bool {
	s, err := r.For(l)
	if err != nil {
		return false
	}
	rs, ok := s.(interface{ Remote() bool })
	return ok && rs.Remote()
}

// DirLister returns the store behind a location as a DirLister, if it is
// one.
func (r *Router) DirLister(l Location) (DirLister, bool) {
	s, err := r.For(l)
	if err != nil {
		return nil, false
	}
	d, ok := s.(DirLister)
	return d, ok
}

// Open opens the object at a location.
func (r *Router) Open(ctx context.Context, l Location) (io.ReadCloser, error) {
	s, err := r.For(l)
	if err != nil {
		return nil, err
	}
	return s.Open(ctx, l.Bucket, l.Key)
}

// List lists objects under a location's prefix.
func (r *Router) List(ctx context.Context, l Location, prefix string, fn func(Object) error) error {
	s, err := r.For(l)
	if err != nil {
		return err
	}
	return s.List(ctx, l.Bucket, prefix, fn)
}

// Put writes an object at a location.
func (r *Router) Put(ctx context.Context, l Location, rd io.Reader) error {
	s, err := r.For(l)
	if err != nil {
		return err
	}
	return s.Put(ctx, l.Bucket, l.Key, rd)
}
