package file

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trawl/internal/storage"
)

func listKeys(t *testing.T, s *Store, bucket string) []string {
	t.Helper()
	var keys []string
	if err := s.List(context.Background(), bucket, "", func(o storage.Object) error {
		keys = append(keys, o.Key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return keys
}

func head(t *testing.T, s *Store, bucket, key string) (storage.Object, map[string]string) {
	t.Helper()
	o, m, err := s.Head(context.Background(), bucket, key)
	if err != nil {
		t.Fatalf("Head(%s, %s): %v", bucket, key, err)
	}
	if m == nil {
		t.Fatalf("Head(%s, %s): nil metadata", bucket, key)
	}
	return o, m
}

func readObject(t *testing.T, s *Store, bucket, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), bucket, key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMetadata(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := New(root)
	const b = "bucket"
	if err := s.Put(ctx, b, "plain/x.txt", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	meta := map[string]string{"signature": "abc", "Signature-Algorithm": "SHA256withRSA"}
	if err := s.PutWithMetadata(ctx, b, "d/y.json.gz", strings.NewReader("yy"), meta); err != nil {
		t.Fatal(err)
	}

	// Metadata never shows in listings, of the bucket or of other buckets.
	if got, want := listKeys(t, s, b), []string{"d/y.json.gz", "plain/x.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("List = %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(root, metaDir, b, "d", "y.json.gz")); err != nil {
		t.Errorf("sidecar not where documented: %v", err)
	}
	if err := s.List(ctx, metaDir, "", func(storage.Object) error { return nil }); err == nil {
		t.Errorf("List(%q) succeeded; the sidecar tree must not be a bucket", metaDir)
	}

	o, m := head(t, s, b, "d/y.json.gz")
	if o.Key != "d/y.json.gz" || o.Size != 2 || o.ModTime.IsZero() {
		t.Errorf("Head object = %+v", o)
	}
	if want := map[string]string{"signature": "abc", "signature-algorithm": "SHA256withRSA"}; !reflect.DeepEqual(m, want) {
		t.Errorf("Head metadata = %v, want %v (names lower-cased)", m, want)
	}
	if _, m := head(t, s, b, "plain/x.txt"); len(m) != 0 {
		t.Errorf("object without metadata has %v", m)
	}

	// Replacing with new metadata replaces all of it.
	if err := s.PutWithMetadata(ctx, b, "d/y.json.gz", strings.NewReader("zzz"), map[string]string{"other": "1"}); err != nil {
		t.Fatal(err)
	}
	if _, m := head(t, s, b, "d/y.json.gz"); !reflect.DeepEqual(m, map[string]string{"other": "1"}) {
		t.Errorf("after replace: %v", m)
	}
	if got := readObject(t, s, b, "d/y.json.gz"); got != "zzz" {
		t.Errorf("object = %q", got)
	}

	// Put without metadata drops the old metadata.
	if err := s.Put(ctx, b, "d/y.json.gz", strings.NewReader("p")); err != nil {
		t.Fatal(err)
	}
	if _, m := head(t, s, b, "d/y.json.gz"); len(m) != 0 {
		t.Errorf("Put kept stale metadata %v", m)
	}
	if _, err := os.Stat(filepath.Join(root, metaDir, b, "d", "y.json.gz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Put left the sidecar: %v", err)
	}

	// Delete removes the metadata too; a later object under the key has none.
	if err := s.PutWithMetadata(ctx, b, "d/y.json.gz", strings.NewReader("q"), meta); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, b, "d/y.json.gz"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Head(ctx, b, "d/y.json.gz"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Head after Delete: %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(root, metaDir, b, "d", "y.json.gz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Delete left the sidecar: %v", err)
	}
	if _, _, err := s.Head(ctx, "nobucket", "k"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Head in a missing bucket: %v, want ErrNotFound", err)
	}
	if _, _, err := s.Head(ctx, b, "d"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Head of a folder: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, b, "never/was"); err != nil {
		t.Errorf("Delete of a missing object: %v", err)
	}
}

// A sidecar that does not describe the object beside it (the file was
// replaced behind the store's back) is ignored.
func TestMetadataStale(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := New(root)
	if err := s.PutWithMetadata(ctx, "b", "k", strings.NewReader("original"), map[string]string{"signature": "s"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "b", "k"), []byte("replaced by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, m := head(t, s, "b", "k"); len(m) != 0 {
		t.Errorf("stale sidecar used: %v", m)
	}
}

func TestMetadataRootBucket(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := New(root)
	if err := s.PutWithMetadata(ctx, "", "f.txt", strings.NewReader("x"), map[string]string{"a": "b"}); err == nil {
		t.Error("metadata on the root-as-bucket accepted")
	}
	if err := s.PutWithMetadata(ctx, "", "f.txt", strings.NewReader("x"), nil); err != nil {
		t.Fatal(err)
	}
	if _, m := head(t, s, "", "f.txt"); len(m) != 0 {
		t.Errorf("metadata = %v", m)
	}
	if got := listKeys(t, s, ""); !reflect.DeepEqual(got, []string{"f.txt"}) {
		t.Errorf("List = %v", got)
	}
}
