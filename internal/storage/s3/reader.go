package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// objectReader streams one object. When the body breaks before its end it
// asks for the rest (Range from the next byte, If-Match the ETag first
// seen), after a jittered backoff, as often as a request is attempted
// (Options.MaxAttempts); each of those GetObjects is itself retried by
// the SDK.
type objectReader struct {
	s           *Store
	ctx         context.Context
	bucket, key string

	body    io.ReadCloser
	etag    string
	off     int64 // bytes delivered so far
	size    int64 // the whole object's size; -1 until known
	resumes int
	err     error // sticky
}

// get issues the GetObject for the bytes from r.off on.
func (r *objectReader) get() error {
	in := &awss3.GetObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(r.key)}
	if r.off > 0 {
		in.Range = aws.String(fmt.Sprintf("bytes=%d-", r.off))
	}
	if r.etag != "" {
		in.IfMatch = aws.String(r.etag)
	}
	var out *awss3.GetObjectOutput
	err := r.s.do(r.bucket, func(c *regionClient) error {
		var err error
		out, err = c.api.GetObject(r.ctx, in)
		return err
	})
	if err != nil {
		if r.etag != "" && errorCode(err) == "PreconditionFailed" {
			return fmt.Errorf("cannot read object s3://%s/%s: it was replaced while being read (at byte %d)", r.bucket, r.key, r.off)
		}
		return r.s.fail("cannot read object", r.bucket, r.key, err)
	}
	r.body = out.Body
	if r.etag == "" {
		r.etag = aws.ToString(out.ETag)
	}
	if r.size < 0 && r.off == 0 && out.ContentLength != nil {
		r.size = *out.ContentLength
	}
	return nil
}

func (r *objectReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	for {
		if r.body == nil {
			if err := r.resume(); err != nil {
				r.err = err
				return 0, err
			}
			if r.body == nil { // nothing was left to read
				r.err = io.EOF
				return 0, io.EOF
			}
		}
		n, err := r.body.Read(p)
		r.off += int64(n)
		if err == nil {
			return n, nil
		}
		if err == io.EOF && (r.size < 0 || r.off >= r.size) {
			r.err = io.EOF
			return n, io.EOF
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		// The stream broke: drop it and pick up at r.off next time.
		r.body.Close()
		r.body = nil
		if cerr := r.ctx.Err(); cerr != nil {
			r.err = cerr
			return n, cerr
		}
		if r.resumes >= r.s.maxAttempts {
			r.err = fmt.Errorf("cannot read object s3://%s/%s at byte %d: the stream broke %d times, last: %w", r.bucket, r.key, r.off, r.resumes+1, err)
			return n, r.err
		}
		r.resumes++
		if n > 0 {
			return n, nil
		}
	}
}

// resume waits a jittered backoff, then asks for the rest of the object.
func (r *objectReader) resume() error {
	if r.size >= 0 && r.off >= r.size {
		return nil
	}
	d, _ := r.s.backoff.BackoffDelay(r.resumes, nil)
	t := time.NewTimer(d)
	select {
	case <-r.ctx.Done():
		t.Stop()
		return r.ctx.Err()
	case <-t.C:
	}
	err := r.get()
	if err != nil && errors.Is(err, context.Canceled) {
		return r.ctx.Err()
	}
	return err
}

func (r *objectReader) Close() error {
	if r.body != nil {
		err := r.body.Close()
		r.body = nil
		return err
	}
	return nil
}
