package s3

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"trawl/internal/storage"
)

// sdkError builds the error chain the SDK returns for an S3 error response
// (operation error > response error > API error), for the responses no
// test server here can give: AWS's expired tokens and region redirects.
func sdkError(status int, header http.Header, code, msg string) error {
	resp := &http.Response{StatusCode: status, Header: header}
	return &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: &smithy.GenericAPIError{Code: code, Message: msg}},
	}}
}

func TestFailMessages(t *testing.T) {
	s := &Store{cfg: aws.Config{Region: "us-east-1"}, describe: "AWS S3 (region us-east-1)", regions: map[string]string{}}
	cases := []struct {
		err  error
		want []string
		is   error
	}{
		{sdkError(400, nil, "ExpiredToken", "The provided token has expired."),
			[]string{"cannot read object s3://b/k: the credentials have expired", "ExpiredToken", "refresh them"}, nil},
		{sdkError(301, http.Header{"X-Amz-Bucket-Region": {"eu-west-1"}}, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint."),
			[]string{`bucket "b" is in region eu-west-1, not us-east-1`, "AWS_REGION=eu-west-1"}, nil},
		{sdkError(400, nil, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'"),
			[]string{`bucket "b" is in region ap-south-1, not us-east-1`}, nil},
		{sdkError(404, nil, "NoSuchBucket", "The specified bucket does not exist"),
			[]string{`bucket "b" does not exist (AWS S3 (region us-east-1))`}, storage.ErrNoSuchBucket},
		{sdkError(404, nil, "NotFound", ""), []string{"s3://b/k: no such object"}, storage.ErrNotFound},
		{sdkError(403, nil, "Forbidden", ""), []string{"access denied"}, nil},
		{sdkError(503, nil, "SlowDown", "Please reduce your request rate."), []string{"cannot read object s3://b/k: operation error S3: GetObject", "SlowDown"}, nil},
	}
	for _, c := range cases {
		err := s.fail("cannot read object", "b", "k", c.err)
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v\n  became %q, want it to contain %q", c.err, err, w)
			}
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%q is not %v", err, c.is)
		}
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			t.Errorf("%q lost the SDK's error", err)
		}
	}
}
