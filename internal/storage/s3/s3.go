package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"trawl/internal/storage"
)

// Options configure a Store.
type Options struct {
	// Endpoint is the URL of an S3-compatible service; empty means AWS,
	// configured the standard way (AWS_ENDPOINT_URL_S3, AWS_REGION,
	// profiles, the credentials chain).
	Endpoint string
	// PathStyle addresses buckets as endpoint/bucket/key rather than
	// bucket.endpoint/key, as most S3-compatible services need.
	PathStyle bool
	// Region overrides the configured region. With an Endpoint and no
	// region configured anywhere, us-east-1 is used.
	Region string
	// MaxAttempts is the attempts per request, first included; 0 means
	// AWS_MAX_ATTEMPTS or the profile's max_attempts if set, else 10.
	MaxAttempts int
	// MaxBackoff caps the delay between attempts; 0 means 5 s.
	MaxBackoff time.Duration
	// PartSize is the multipart upload part size; objects up to twice
	// this size are one PutObject. 0 means 8 MiB (the minimum is 5 MiB).
	PartSize int64
	// ListPageSize is ListObjectsV2's MaxKeys; 0 leaves S3's 1000.
	ListPageSize int32
}

// Store is an S3 bucket namespace reached through one client per region.
type Store struct {
	cfg         aws.Config
	opts        Options
	describe    string
	maxAttempts int
	backoff     *retry.ExponentialJitterBackoff

	mu      sync.Mutex
	clients map[string]*regionClient // by region
	regions map[string]string        // bucket -> region learnt from a redirect (AWS only)
}

type regionClient struct {
	api *awss3.Client
	tm  *transfermanager.Client
}

var (
	_ storage.MetadataStore = (*Store)(nil)
	_ storage.DirLister     = (*Store)(nil)
)

// New loads the AWS configuration and returns a store. It fails when no
// region (AWS) or no credentials can be found, so a misconfiguration shows
// at start rather than at the first query.
func New(ctx context.Context, o Options) (*Store, error) {
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	if o.PartSize <= 0 {
		o.PartSize = 8 << 20
	}
	if o.PartSize < 5<<20 {
		o.PartSize = 5 << 20
	}
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		// A scan keeps many objects open at once; don't redial each time.
		tr.MaxIdleConns = 256
		tr.MaxIdleConnsPerHost = 64
	})
	load := []func(*config.LoadOptions) error{config.WithHTTPClient(httpClient)}
	if o.Region != "" {
		load = append(load, config.WithRegion(o.Region))
	}
	if o.Endpoint != "" {
		// S3-compatible services vary in their support of the newer
		// flexible checksums; gzip's own CRC guards the data either way.
		load = append(load,
			config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
			config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("cannot load the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		if o.Endpoint == "" {
			return nil, errors.New("no AWS region is configured for S3: set AWS_REGION or a profile's region")
		}
		cfg.Region = "us-east-1"
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("no credentials for the object store (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or another source of the AWS credentials chain): %w", err)
	}
	s := &Store{cfg: cfg, opts: o, clients: map[string]*regionClient{}, regions: map[string]string{}}
	s.maxAttempts = o.MaxAttempts
	if s.maxAttempts <= 0 {
		s.maxAttempts = cfg.RetryMaxAttempts
	}
	if s.maxAttempts <= 0 {
		s.maxAttempts = 10
	}
	s.backoff = retry.NewExponentialJitterBackoff(o.MaxBackoff)
	s.cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = s.maxAttempts
			so.MaxBackoff = o.MaxBackoff
			so.RateLimiter = ratelimit.None
		})
	}
	if o.Endpoint != "" {
		style := "virtual-hosted-style"
		if o.PathStyle {
			style = "path-style"
		}
		s.describe = fmt.Sprintf("S3-compatible endpoint %s (%s, region %s)", o.Endpoint, style, cfg.Region)
	} else {
		s.describe = fmt.Sprintf("AWS S3 (region %s)", cfg.Region)
		// AWS_ENDPOINT_URL(_S3) or a profile's endpoint_url, as the
		// S3 client resolves it.
		if ep := awss3.NewFromConfig(cfg).Options().BaseEndpoint; ep != nil && *ep != "" {
			s.describe = fmt.Sprintf("AWS S3 configuration, endpoint %s (region %s)", *ep, cfg.Region)
		}
	}
	return s, nil
}

// String says which object store this is, for the start-up line.
func (s *Store) String() string { return s.describe }

// Remote reports that reads have network latency, so a scan should keep
// more of them in flight than it has cores.
func (s *Store) Remote() bool { return true }

// client returns the client for a bucket's region.
func (s *Store) client(bucket string) (*regionClient, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	region := s.regions[bucket]
	if region == "" {
		region = s.cfg.Region
	}
	if c := s.clients[region]; c != nil {
		return c, region
	}
	api := awss3.NewFromConfig(s.cfg, func(o *awss3.Options) {
		o.Region = region
		if s.opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(s.opts.Endpoint)
		}
		o.UsePathStyle = s.opts.PathStyle
	})
	tm := transfermanager.New(api, func(o *transfermanager.Options) {
		o.PartSizeBytes = s.opts.PartSize
		o.MultipartUploadThreshold = 2 * s.opts.PartSize
		o.Concurrency = 4
		o.FailTimeout = 30 * time.Second
		if s.opts.Endpoint != "" {
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		}
	})
	c := &regionClient{api: api, tm: tm}
	s.clients[region] = c
	return c, region
}

// do runs op against the bucket's client. On AWS, a response saying the
// bucket lives in another region moves the bucket there and runs op once
// more; with an explicit endpoint the region is configuration, reported
// as an error instead.
func (s *Store) do(bucket string, op func(c *regionClient) error) error {
	c, region := s.client(bucket)
	err := op(c)
	if err == nil || s.opts.Endpoint != "" {
		return err
	}
	if r := bucketRegion(err); r != "" && r != region {
		s.mu.Lock()
		s.regions[bucket] = r
		s.mu.Unlock()
		c, _ = s.client(bucket)
		err = op(c)
	}
	return err
}

// List pages through ListObjectsV2 under prefix.
func (s *Store) List(ctx context.Context, bucket, prefix string, fn func(storage.Object) error) error {
	return s.listPages(ctx, bucket, prefix, "", func(out *awss3.ListObjectsV2Output) error {
		for _, o := range out.Contents {
			obj := storage.Object{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified)}
			if err := fn(obj); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListDirs pages through ListObjectsV2 with delimiter "/" under prefix.
func (s *Store) ListDirs(ctx context.Context, bucket, prefix string, fn func(dir string) error) error {
	return s.listPages(ctx, bucket, prefix, "/", func(out *awss3.ListObjectsV2Output) error {
		for _, p := range out.CommonPrefixes {
			if err := fn(aws.ToString(p.Prefix)); err != nil {
				return err
			}
		}
		return nil
	})
}

// listPages calls page for each page of a ListObjectsV2 listing.
func (s *Store) listPages(ctx context.Context, bucket, prefix, delimiter string, page func(*awss3.ListObjectsV2Output) error) error {
	in := &awss3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	if s.opts.ListPageSize > 0 {
		in.MaxKeys = aws.Int32(s.opts.ListPageSize)
	}
	for {
		var out *awss3.ListObjectsV2Output
		err := s.do(bucket, func(c *regionClient) error {
			var err error
			out, err = c.api.ListObjectsV2(ctx, in)
			return err
		})
		if err != nil {
			return s.fail("cannot list", bucket, prefix, err)
		}
		if err := page(out); err != nil {
			return err
		}
		if !aws.ToBool(out.IsTruncated) || out.NextContinuationToken == nil {
			return nil
		}
		in.ContinuationToken = out.NextContinuationToken
	}
}

// Open starts a GetObject and returns its body, resumed on a break.
func (s *Store) Open(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	r := &objectReader{s: s, ctx: ctx, bucket: bucket, key: key, size: -1}
	if err := r.get(); err != nil {
		return nil, err
	}
	return r, nil
}

// Put stores an object (multipart when large).
func (s *Store) Put(ctx context.Context, bucket, key string, r io.Reader) error {
	return s.PutWithMetadata(ctx, bucket, key, r, nil)
}

// PutWithMetadata stores an object with x-amz-meta-* metadata.
func (s *Store) PutWithMetadata(ctx context.Context, bucket, key string, r io.Reader, meta map[string]string) error {
	var m map[string]string
	if len(meta) > 0 {
		m = make(map[string]string, len(meta))
		for k, v := range meta {
			m[strings.ToLower(k)] = v
		}
	}
	// The body is a stream that can be read once, so the upload is not
	// redone after a region redirect; the bucket's region is found with a
	// HeadBucket first when it is not known yet.
	if s.opts.Endpoint == "" {
		s.learnRegion(ctx, bucket)
	}
	c, _ := s.client(bucket)
	_, err := c.tm.UploadObject(ctx, &transfermanager.UploadObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: r, Metadata: m,
	})
	if err != nil {
		return s.fail("cannot write object", bucket, key, err)
	}
	return nil
}

// learnRegion asks once where a bucket is, so a write goes to its region.
func (s *Store) learnRegion(ctx context.Context, bucket string) {
	s.mu.Lock()
	_, known := s.regions[bucket]
	s.mu.Unlock()
	if known {
		return
	}
	c, region := s.client(bucket)
	_, err := c.api.HeadBucket(ctx, &awss3.HeadBucketInput{Bucket: aws.String(bucket)})
	r := region
	if err != nil {
		if br := bucketRegion(err); br != "" {
			r = br
		}
	}
	s.mu.Lock()
	s.regions[bucket] = r
	s.mu.Unlock()
}

// Delete removes an object; S3 does not mind a missing one.
func (s *Store) Delete(ctx context.Context, bucket, key string) error {
	err := s.do(bucket, func(c *regionClient) error {
		_, err := c.api.DeleteObject(ctx, &awss3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		return err
	})
	if err != nil {
		return s.fail("cannot delete object", bucket, key, err)
	}
	return nil
}

// Head describes an object and returns its user metadata.
func (s *Store) Head(ctx context.Context, bucket, key string) (storage.Object, map[string]string, error) {
	var out *awss3.HeadObjectOutput
	err := s.do(bucket, func(c *regionClient) error {
		var err error
		out, err = c.api.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		return err
	})
	if err != nil {
		return storage.Object{}, nil, s.fail("cannot read object", bucket, key, err)
	}
	meta := map[string]string{}
	for k, v := range out.Metadata {
		meta[strings.ToLower(k)] = v
	}
	return storage.Object{Key: key, Size: aws.ToInt64(out.ContentLength), ModTime: aws.ToTime(out.LastModified)}, meta, nil
}
