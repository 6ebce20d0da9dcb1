package s3server

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// apiCode returns err's S3 error code, failing the test if err is not an
// API error.
func apiCode(t *testing.T, err error) string {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want an S3 API error, got %v", err)
	}
	return ae.ErrorCode()
}

func put(t *testing.T, c *s3.Client, bucket, key, body string, meta map[string]string) {
	t.Helper()
	_, err := c.PutObject(ctx(t), &s3.PutObjectInput{
		Bucket:   aws.String(bucket),
		Key:      aws.String(key),
		Body:     strings.NewReader(body),
		Metadata: meta,
	})
	if err != nil {
		t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
}

func get(t *testing.T, c *s3.Client, bucket, key string) ([]byte, map[string]string) {
	t.Helper()
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("reading %s/%s: %v", bucket, key, err)
	}
	return b, out.Metadata
}

func TestBinaryIsPinnedVersion(t *testing.T) {
	path := Binary(t)
	if again := Binary(t); again != path {
		t.Fatalf("Binary returned %q, then %q", path, again)
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatalf("reading build info of %s: %v", path, err)
	}
	if info.Main.Path != "github.com/versity/versitygw" || info.Main.Version != versitygwVersion {
		t.Fatalf("%s is %s@%s, want github.com/versity/versitygw@%s", path, info.Main.Path, info.Main.Version, versitygwVersion)
	}
}

func TestStartFields(t *testing.T) {
	t.Parallel()
	s := Start(t)
	if !strings.HasPrefix(s.Endpoint, "http://127.0.0.1:") {
		t.Errorf("Endpoint = %q, want http://127.0.0.1:PORT", s.Endpoint)
	}
	if s.Region != "us-east-1" || s.AccessKey == "" || s.SecretKey == "" {
		t.Errorf("Region %q, AccessKey %q, SecretKey %q", s.Region, s.AccessKey, s.SecretKey)
	}
	s.CreateBucket(t, "fields")
	if fi, err := os.Stat(s.Root + "/fields"); err != nil || !fi.IsDir() {
		t.Errorf("bucket folder under Root: %v", err)
	}
	want := []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
	}
	if got := s.Env(); !slices.Equal(got, want) {
		t.Errorf("Env() = %q, want %q", got, want)
	}
}

func TestMetadataSurvives(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts startOptions
	}{
		{"xattr", startOptions{}},
		{"sidecar", startOptions{sidecar: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := start(t, tc.opts)
			s.CreateBucket(t, "meta")
			c := s.Client()
			put(t, c, "meta", "dir/obj.json", `{"a":1}`, map[string]string{"signature": "abc"})

			head, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: aws.String("meta"), Key: aws.String("dir/obj.json")})
			if err != nil {
				t.Fatalf("HeadObject: %v", err)
			}
			if got := head.Metadata["signature"]; got != "abc" {
				t.Errorf("HeadObject metadata = %v, want signature=abc", head.Metadata)
			}
			if aws.ToInt64(head.ContentLength) != 7 {
				t.Errorf("ContentLength = %d, want 7", aws.ToInt64(head.ContentLength))
			}
			body, meta := get(t, c, "meta", "dir/obj.json")
			if string(body) != `{"a":1}` || meta["signature"] != "abc" {
				t.Errorf("GetObject = %q %v", body, meta)
			}
			if tc.opts.sidecar {
				if entries, err := os.ReadDir(s.sidecar); err != nil || len(entries) == 0 {
					t.Errorf("sidecar folder %s is empty (%v): metadata went elsewhere", s.sidecar, err)
				}
			}
		})
	}
}

func TestListObjectsV2Pagination(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.CreateBucket(t, "pages")
	c := s.Client()
	for _, k := range []string{"k3", "k0", "k4", "k1", "k2"} {
		put(t, c, "pages", k, "v"+k, nil)
	}
	var keys []string
	pages := 0
	in := &s3.ListObjectsV2Input{Bucket: aws.String("pages"), MaxKeys: aws.Int32(2)}
	for {
		out, err := c.ListObjectsV2(ctx(t), in)
		if err != nil {
			t.Fatalf("ListObjectsV2: %v", err)
		}
		pages++
		if len(out.Contents) > 2 {
			t.Fatalf("page %d has %d keys, MaxKeys is 2", pages, len(out.Contents))
		}
		for _, o := range out.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		if pages > 10 {
			t.Fatalf("still truncated after %d pages: %q", pages, keys)
		}
		in.ContinuationToken = out.NextContinuationToken
	}
	if want := []string{"k0", "k1", "k2", "k3", "k4"}; !slices.Equal(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
}

func TestStopRestart(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.CreateBucket(t, "durable")
	c := s.Client() // used across the restart on purpose
	put(t, c, "durable", "obj", "still here", map[string]string{"signature": "abc"})
	endpoint, root := s.Endpoint, s.Root

	s.Stop()
	s.Stop() // idempotent
	noRetry := s.ClientAs(s.AccessKey, s.SecretKey, func(o *s3.Options) { o.Retryer = aws.NopRetryer{} })
	_, err := noRetry.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("durable"), Key: aws.String("obj")})
	if err == nil {
		t.Fatal("GetObject succeeded while the server was stopped")
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		t.Fatalf("GetObject while stopped got an API answer %q, want a connection error", ae.ErrorCode())
	}

	s.Restart(t)
	if s.Endpoint != endpoint || s.Root != root {
		t.Errorf("after Restart: %s %s, want %s %s", s.Endpoint, s.Root, endpoint, root)
	}
	body, meta := get(t, c, "durable", "obj")
	if string(body) != "still here" || meta["signature"] != "abc" {
		t.Errorf("after Restart GetObject = %q %v", body, meta)
	}

	// Restart without Stop kills the running server first.
	s.Restart(t)
	if body, _ := get(t, c, "durable", "obj"); string(body) != "still here" {
		t.Errorf("after second Restart GetObject = %q", body)
	}
}

func TestUserAccessDenied(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.CreateBucket(t, "private")
	put(t, s.Client(), "private", "secret.txt", "root only", nil)

	ak, sk := s.User(t, "alice")
	if ak == s.AccessKey || sk == "" {
		t.Fatalf("User returned %q %q", ak, sk)
	}
	u := s.ClientAs(ak, sk)

	// The user is known (a wrong key would be InvalidAccessKeyId) but has
	// no rights on root's bucket.
	out, err := u.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("user ListBuckets: %v", err)
	}
	if len(out.Buckets) != 0 {
		t.Errorf("user sees buckets %v, want none", out.Buckets)
	}
	_, err = u.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("private"), Key: aws.String("secret.txt")})
	if code := apiCode(t, err); code != "AccessDenied" {
		t.Errorf("user GetObject: code %q, want AccessDenied (%v)", code, err)
	}
	_, err = u.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("private"), Key: aws.String("x"), Body: strings.NewReader("x")})
	if code := apiCode(t, err); code != "AccessDenied" {
		t.Errorf("user PutObject: code %q, want AccessDenied (%v)", code, err)
	}

	// The user survives a restart (the IAM store is on disk).
	s.Restart(t)
	_, err = u.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("private"), Key: aws.String("secret.txt")})
	if code := apiCode(t, err); code != "AccessDenied" {
		t.Errorf("user GetObject after restart: code %q, want AccessDenied (%v)", code, err)
	}
}

// TestErrorCodes pins the error codes versitygw answers with, which tests
// elsewhere rely on.
func TestErrorCodes(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.CreateBucket(t, "codes")
	put(t, s.Client(), "codes", "obj", "x", nil)
	getObj := func(c *s3.Client, bucket, key string) error {
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		return err
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"no such bucket", getObj(s.Client(), "missing", "obj"), "NoSuchBucket"},
		{"no such key", getObj(s.Client(), "codes", "missing"), "NoSuchKey"},
		{"wrong region", getObj(s.ClientAs(s.AccessKey, s.SecretKey, func(o *s3.Options) { o.Region = "eu-west-1" }), "codes", "obj"), "AuthorizationHeaderMalformed"},
		{"wrong secret", getObj(s.ClientAs(s.AccessKey, "wrong"), "codes", "obj"), "SignatureDoesNotMatch"},
		{"unknown access key", getObj(s.ClientAs("nobody", "wrong"), "codes", "obj"), "InvalidAccessKeyId"},
	} {
		if code := apiCode(t, tc.err); code != tc.want {
			t.Errorf("%s: code %q, want %q (%v)", tc.name, code, tc.want, tc.err)
		}
	}
}

func TestMultipartUpload(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.CreateBucket(t, "multi")
	c := s.Client()
	bucket, key := aws.String("multi"), aws.String("big.bin")

	part1 := bytes.Repeat([]byte("0123456789abcdef"), 5<<20/16) // 5 MiB, the minimum for all but the last part
	part2 := []byte("the small last part")
	mp, err := c.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{
		Bucket: bucket, Key: key, Metadata: map[string]string{"signature": "abc"},
	})
	if err != nil {
		t.Fatalf("CreateMultipartUpload: %v", err)
	}
	var parts []types.CompletedPart
	for i, data := range [][]byte{part1, part2} {
		n := aws.Int32(int32(i + 1))
		out, err := c.UploadPart(ctx(t), &s3.UploadPartInput{
			Bucket: bucket, Key: key, UploadId: mp.UploadId, PartNumber: n, Body: bytes.NewReader(data),
		})
		if err != nil {
			t.Fatalf("UploadPart %d: %v", i+1, err)
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: n})
	}
	done, err := c.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{
		Bucket: bucket, Key: key, UploadId: mp.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		t.Fatalf("CompleteMultipartUpload: %v", err)
	}
	if etag := aws.ToString(done.ETag); !strings.HasSuffix(strings.Trim(etag, `"`), "-2") {
		t.Errorf("multipart ETag %s, want a -2 suffix", etag)
	}

	body, meta := get(t, c, "multi", "big.bin")
	if want := append(slices.Clone(part1), part2...); !bytes.Equal(body, want) {
		t.Errorf("object is %d bytes, want the %d bytes uploaded", len(body), len(want))
	}
	if meta["signature"] != "abc" {
		t.Errorf("metadata = %v, want signature=abc", meta)
	}
	if fi, err := os.Stat(fmt.Sprintf("%s/multi/big.bin", s.Root)); err != nil || fi.Size() != int64(len(part1)+len(part2)) {
		t.Errorf("object file under Root: %v", err)
	}
}
