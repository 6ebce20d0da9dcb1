package s3

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"trawl/internal/storage"
)

// storeError is an error whose text says what went wrong in the user's
// terms, while errors.Is/As still see the SDK's error and the sentinels.
type storeError struct {
	msg  string
	errs []error
}

func (e *storeError) Error() string   { return e.msg }
func (e *storeError) Unwrap() []error { return e.errs }

// errorCode returns the S3 error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// httpStatus returns the HTTP status of an error response, or 0.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// expectingRegion finds the region in AuthorizationHeaderMalformed's
// message: "the region 'us-east-1' is wrong; expecting 'eu-west-1'" (AWS
// quotes with ', some S3-compatible services with ").
var expectingRegion = regexp.MustCompile(`expecting ['"]([a-z0-9-]+)['"]`)

// bucketRegion returns the region an error response says the bucket is in:
// S3's x-amz-bucket-region header (on redirects and on HEAD), or the
// region an AuthorizationHeaderMalformed message expects.
func bucketRegion(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		if r := re.Response.Header.Get("X-Amz-Bucket-Region"); r != "" {
			switch re.HTTPStatusCode() {
			case http.StatusMovedPermanently, http.StatusBadRequest, http.StatusForbidden:
				return r
			}
		}
	}
	if m := expectingRegion.FindStringSubmatch(apiMessage(err)); m != nil {
		return m[1]
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// fail turns an SDK error into one that names the object (or the prefix,
// for a listing) and says what to do about it.
func (s *Store) fail(what, bucket, key string, err error) error {
	loc := fmt.Sprintf("s3://%s/%s", bucket, key)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s %s: %w", what, loc, err)
	}
	code, status := errorCode(err), httpStatus(err)
	detail := code
	if m := apiMessage(err); m != "" {
		detail += ": " + m
	}
	wrap := func(reason string, sentinel ...error) error {
		return &storeError{msg: fmt.Sprintf("%s %s: %s", what, loc, reason), errs: append(sentinel, err)}
	}
	switch code {
	case "NoSuchBucket":
		return wrap(fmt.Sprintf("bucket %q does not exist (%s)", bucket, s.describe), storage.ErrNoSuchBucket)
	case "NoSuchKey", "NotFound":
		return wrap("no such object", storage.ErrNotFound)
	case "AccessDenied", "AllAccessDisabled", "Forbidden", "AccountProblem":
		return wrap(fmt.Sprintf("access denied (%s): the credentials in use are not allowed this on bucket %q; check the identity's policy and the bucket policy", detail, bucket))
	case "InvalidAccessKeyId":
		return wrap(fmt.Sprintf("the object store does not know the access key in use (%s); check the credentials", detail))
	case "SignatureDoesNotMatch":
		return wrap(fmt.Sprintf("the object store rejected the request signature (%s): the secret key does not match the access key, or the region is wrong (using %s)", detail, s.cfg.Region))
	case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "InvalidToken":
		return wrap(fmt.Sprintf("the credentials have expired or are no longer valid (%s); refresh them (a new session token, aws sso login) and retry", detail))
	case "RequestTimeTooSkewed":
		return wrap(fmt.Sprintf("this machine's clock is too far from the object store's (%s)", detail))
	case "AuthorizationHeaderMalformed", "PermanentRedirect", "MovedPermanently", "IllegalLocationConstraintException", "InvalidRegion":
		if r := bucketRegion(err); r != "" && r != s.regionOf(bucket) {
			return wrap(fmt.Sprintf("bucket %q is in region %s, not %s (%s): set AWS_REGION=%s", bucket, r, s.regionOf(bucket), code, r))
		}
		return wrap(fmt.Sprintf("the bucket is not in region %s (%s)", s.regionOf(bucket), detail))
	}
	var netErr *net.OpError
	if status == 0 && errors.As(err, &netErr) {
		return wrap(fmt.Sprintf("cannot reach the object store (%s) after %d attempts: %v", s.describe, s.maxAttempts, netErr))
	}
	if status == http.StatusForbidden {
		return wrap(fmt.Sprintf("access denied (HTTP 403): the credentials in use are not allowed this on bucket %q", bucket))
	}
	return fmt.Errorf("%s %s: %w", what, loc, err)
}

// regionOf returns the region requests for bucket are signed for.
func (s *Store) regionOf(bucket string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.regions[bucket]; r != "" {
		return r
	}
	return s.cfg.Region
}
