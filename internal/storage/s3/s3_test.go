package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"trawl/internal/storage"
	s3store "trawl/internal/storage/s3"
	"trawl/internal/testutil/s3server"
)

// open returns a store on srv with the given credentials, for tests that
// need a real server behind it.
func open(t *testing.T, srv *s3server.Server, ak, sk string, o s3store.Options) *s3store.Store {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", ak)
	t.Setenv("AWS_SECRET_ACCESS_KEY", sk)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	if o.Endpoint == "" {
		o.Endpoint = srv.Endpoint
	}
	o.PathStyle = true
	st, err := s3store.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func listAll(t *testing.T, st storage.Store, bucket, prefix string) []storage.Object {
	t.Helper()
	var out []storage.Object
	if err := st.List(context.Background(), bucket, prefix, func(o storage.Object) error {
		out = append(out, o)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStoreObjects(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "logs")
	st := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{ListPageSize: 7})
	if !strings.Contains(st.String(), srv.Endpoint) || !strings.Contains(st.String(), "path-style") {
		t.Errorf("description %q does not name the endpoint and addressing", st.String())
	}
	ctx := context.Background()

	// 25 objects across "folders", listed over pages of 7, in key order.
	var want []string
	for i := 0; i < 25; i++ {
		key := fmt.Sprintf("AWSLogs/1/CloudTrail/us-east-1/2025/01/%02d/f%02d.json.gz", i%3+1, i)
		if err := st.Put(ctx, "logs", key, strings.NewReader(key)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(key, "/01/02/") {
			want = append(want, key)
		}
	}
	got := listAll(t, st, "logs", "AWSLogs/1/CloudTrail/us-east-1/2025/01/02/")
	if len(got) != len(want) {
		t.Fatalf("listed %d objects under one day, want %d", len(got), len(want))
	}
	for i, o := range got {
		if o.Key != want[i] || o.Size != int64(len(want[i])) || o.ModTime.IsZero() {
			t.Errorf("object %d = %+v, want key %s size %d", i, o, want[i], len(want[i]))
		}
	}
	if n := len(listAll(t, st, "logs", "")); n != 25 {
		t.Errorf("whole bucket lists %d objects over pages of 7, want 25", n)
	}
	if n := len(listAll(t, st, "logs", "nothing/here/")); n != 0 {
		t.Errorf("missing prefix lists %d objects", n)
	}
	var dirs []string
	if err := st.ListDirs(ctx, "logs", "AWSLogs/1/CloudTrail/us-east-1/2025/01/", func(d string) error {
		dirs = append(dirs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(dirs, " ") != "AWSLogs/1/CloudTrail/us-east-1/2025/01/01/ AWSLogs/1/CloudTrail/us-east-1/2025/01/02/ AWSLogs/1/CloudTrail/us-east-1/2025/01/03/" {
		t.Errorf("folders %v", dirs)
	}
	if err := st.ListDirs(ctx, "nosuch", "", func(string) error { return nil }); !errors.Is(err, storage.ErrNoSuchBucket) {
		t.Errorf("folders of a missing bucket: %v", err)
	}

	// Reads stream the object; a missing one is ErrNotFound naming it.
	rc, err := st.Open(ctx, "logs", want[0])
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(b) != want[0] {
		t.Errorf("read %q, %v", b, err)
	}
	_, err = st.Open(ctx, "logs", "no/such/key")
	if !errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrNoSuchBucket) || !strings.Contains(err.Error(), "s3://logs/no/such/key") {
		t.Errorf("missing object: %v", err)
	}

	// Metadata is x-amz-meta-*; Put replaces it, Delete removes the object.
	if err := st.PutWithMetadata(ctx, "logs", "d/digest.json.gz", strings.NewReader("{}"), map[string]string{"Signature": "abc", "signature-algorithm": "SHA256withRSA"}); err != nil {
		t.Fatal(err)
	}
	obj, meta, err := st.Head(ctx, "logs", "d/digest.json.gz")
	if err != nil || obj.Size != 2 || meta["signature"] != "abc" || meta["signature-algorithm"] != "SHA256withRSA" {
		t.Errorf("head: %+v %v %v", obj, meta, err)
	}
	if err := st.Put(ctx, "logs", "d/digest.json.gz", strings.NewReader("{ }")); err != nil {
		t.Fatal(err)
	}
	if _, meta, err := st.Head(ctx, "logs", "d/digest.json.gz"); err != nil || len(meta) != 0 {
		t.Errorf("metadata after a plain Put: %v %v", meta, err)
	}
	if err := st.Delete(ctx, "logs", "d/digest.json.gz"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Head(ctx, "logs", "d/digest.json.gz"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("head after delete: %v", err)
	}
	if err := st.Delete(ctx, "logs", "d/digest.json.gz"); err != nil {
		t.Errorf("deleting a missing object: %v", err)
	}
}

func TestStoreMultipart(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "results")
	st := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{PartSize: 5 << 20})
	ctx := context.Background()

	// 23 MiB from a stream of unknown length: a multipart upload.
	data := make([]byte, 23<<20)
	rand.Read(data)
	if err := st.Put(ctx, "results", "q/big.csv", io.MultiReader(bytes.NewReader(data))); err != nil {
		t.Fatal(err)
	}
	rc, err := st.Open(ctx, "results", "q/big.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (%v), want the %d written", len(got), err, len(data))
	}
	head, err := srv.Client().HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String("results"), Key: aws.String("q/big.csv")})
	if err != nil {
		t.Fatal(err)
	}
	if etag := aws.ToString(head.ETag); !strings.Contains(etag, "-") {
		t.Errorf("ETag %s is not a multipart ETag", etag)
	}

	// A stream that fails after 12 MiB: no object, no upload left over.
	failing := io.MultiReader(bytes.NewReader(data[:12<<20]), iotestErrReader{})
	err = st.Put(ctx, "results", "q/broken.csv", failing)
	if err == nil || !strings.Contains(err.Error(), "s3://results/q/broken.csv") {
		t.Errorf("failed upload: %v", err)
	}
	if _, _, err := st.Head(ctx, "results", "q/broken.csv"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a failed upload left an object: %v", err)
	}
	ups, err := srv.Client().ListMultipartUploads(ctx, &awss3.ListMultipartUploadsInput{Bucket: aws.String("results")})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups.Uploads) != 0 {
		t.Errorf("%d multipart uploads left behind", len(ups.Uploads))
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("query failed midway") }

func TestStoreErrors(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "logs")
	ctx := context.Background()
	root := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{})
	if err := root.Put(ctx, "logs", "a/b.json", strings.NewReader("{}")); err != nil {
		t.Fatal(err)
	}

	// A missing bucket: ErrNoSuchBucket, naming the bucket, for every call.
	err := root.List(ctx, "nosuch", "AWSLogs/", func(storage.Object) error { return nil })
	if !errors.Is(err, storage.ErrNoSuchBucket) || !strings.Contains(err.Error(), `bucket "nosuch" does not exist`) {
		t.Errorf("list of a missing bucket: %v", err)
	}
	_, err = root.Open(ctx, "nosuch", "a/b.json")
	if !errors.Is(err, storage.ErrNoSuchBucket) || !strings.Contains(err.Error(), "s3://nosuch/a/b.json") {
		t.Errorf("read from a missing bucket: %v", err)
	}
	err = root.Put(ctx, "nosuch", "r/q.csv", strings.NewReader("x"))
	if !errors.Is(err, storage.ErrNoSuchBucket) || !strings.Contains(err.Error(), "s3://nosuch/r/q.csv") {
		t.Errorf("write to a missing bucket: %v", err)
	}

	// Another user with no grant on the bucket: access denied.
	ak, sk := srv.User(t, "analyst")
	other := open(t, srv, ak, sk, s3store.Options{})
	_, err = other.Open(ctx, "logs", "a/b.json")
	if err == nil || !strings.Contains(err.Error(), "access denied") || !strings.Contains(err.Error(), "s3://logs/a/b.json") {
		t.Errorf("read without permission: %v", err)
	}
	err = other.List(ctx, "logs", "a/", func(storage.Object) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "access denied") || !strings.Contains(err.Error(), "s3://logs/a/") {
		t.Errorf("list without permission: %v", err)
	}

	// Credentials the server does not know, or a wrong secret.
	unknown := open(t, srv, "AKIANOBODY", sk, s3store.Options{})
	_, err = unknown.Open(ctx, "logs", "a/b.json")
	if err == nil || !strings.Contains(err.Error(), "does not know the access key") || !strings.Contains(err.Error(), "s3://logs/a/b.json") {
		t.Errorf("unknown access key: %v", err)
	}
	wrong := open(t, srv, srv.AccessKey, "not-the-secret", s3store.Options{})
	_, err = wrong.Open(ctx, "logs", "a/b.json")
	if err == nil || !strings.Contains(err.Error(), "rejected the request signature") {
		t.Errorf("wrong secret: %v", err)
	}

	// Requests signed for another region than the server's.
	eu := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{Region: "eu-west-1"})
	_, err = eu.Open(ctx, "logs", "a/b.json")
	if err == nil || !strings.Contains(err.Error(), "s3://logs/a/b.json") || !strings.Contains(err.Error(), `bucket "logs" is in region us-east-1, not eu-west-1`) || !strings.Contains(err.Error(), "AWS_REGION=us-east-1") {
		t.Errorf("wrong region: %v", err)
	}
}

// TestStoreRetries stops the server, starts a read, and restarts the
// server a second later: the SDK's retries must ride the outage out.
func TestStoreRetries(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "logs")
	st := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{MaxBackoff: 500 * time.Millisecond})
	ctx := context.Background()
	if err := st.Put(ctx, "logs", "k", strings.NewReader("payload")); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	done := make(chan error, 1)
	go func() {
		rc, err := st.Open(ctx, "logs", "k")
		if err == nil {
			var b []byte
			b, err = io.ReadAll(rc)
			if err == nil && string(b) != "payload" {
				err = fmt.Errorf("read %q", b)
			}
		}
		done <- err
	}()
	time.Sleep(time.Second)
	srv.Restart(t)
	if err := <-done; err != nil {
		t.Fatalf("read across a restart: %v", err)
	}

	// With the server down for good the error says what failed.
	srv.Stop()
	few := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{MaxAttempts: 2, MaxBackoff: 100 * time.Millisecond})
	_, err := few.Open(ctx, "logs", "k")
	if err == nil || !strings.Contains(err.Error(), "s3://logs/k") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("server down: %v", err)
	}
}

// TestStoreResume reads through a proxy that cuts every response after
// 64 KiB: the reader must pick each stream up where it broke.
func TestStoreResume(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "logs")
	ctx := context.Background()
	direct := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{})
	data := make([]byte, 300<<10)
	rand.Read(data)
	if err := direct.Put(ctx, "logs", "big.json.gz", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	p := startCutProxy(t, strings.TrimPrefix(srv.Endpoint, "http://"), 64<<10)
	st := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{Endpoint: "http://" + p.addr, MaxBackoff: 50 * time.Millisecond})
	rc, err := st.Open(ctx, "logs", "big.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes through cuts (%v), want %d identical", len(got), err, len(data))
	}
	if p.cuts.Load() < 3 {
		t.Errorf("only %d connections were cut; the test did not test resuming", p.cuts.Load())
	}

	// An object replaced between two pieces is an error, not a splice.
	rc, err = st.Open(ctx, "logs", "big.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 32<<10)
	if _, err := io.ReadFull(rc, buf); err != nil {
		t.Fatal(err)
	}
	if err := direct.Put(ctx, "logs", "big.json.gz", bytes.NewReader(data[:200<<10])); err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(rc)
	rc.Close()
	if err == nil || !strings.Contains(err.Error(), "replaced while being read") {
		t.Errorf("object replaced mid-read: %v", err)
	}
}

// TestStoreCancel checks that cancelling the context stops a read that is
// waiting on the network.
func TestStoreCancel(t *testing.T) {
	srv := s3server.Start(t)
	srv.CreateBucket(t, "logs")
	st := open(t, srv, srv.AccessKey, srv.SecretKey, s3store.Options{})
	if err := st.Put(context.Background(), "logs", "k", bytes.NewReader(make([]byte, 1<<20))); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := st.Open(ctx, "logs", "k")
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled read: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled read kept retrying")
	}
}

// cutProxy forwards TCP to the server and closes each connection after
// it has passed limit bytes of response.
type cutProxy struct {
	addr string
	cuts atomic.Int64
}

func startCutProxy(t *testing.T, target string, limit int64) *cutProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{addr: l.Addr().String()}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns { // kept alive by the client and the server
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, s)
			mu.Unlock()
			wg.Add(2)
			go func() { defer wg.Done(); io.Copy(s, c); s.Close() }()
			go func() {
				defer wg.Done()
				n, _ := io.CopyN(c, s, limit)
				if n == limit {
					p.cuts.Add(1)
				}
				c.Close()
				s.Close()
			}()
		}
	}()
	return p
}
