// Package s3 is the object store on Amazon S3 or any S3-compatible service
// (MinIO, versitygw, Ceph, ...), on aws-sdk-go-v2.
//
// What it adds to the SDK, and why:
//
//   - Listing pages through ListObjectsV2 under one prefix; the scan asks
//     for one prefix per surviving partition, a few at a time, so a
//     projected table never lists the whole bucket. ListDirs (delimiter
//     "/") lets the scan walk folders to find which of thousands of
//     projected partitions exist with a few dozen requests.
//   - Reads are streamed GetObject bodies. A body that breaks mid-stream
//     (connection reset, server restarted) is resumed with a ranged
//     GetObject from the last byte delivered, pinned to the object's ETag
//     so a replaced object is an error rather than a spliced one. Only the
//     bytes delivered are counted by the caller, so bytes scanned stay the
//     compressed bytes read.
//   - Every request is retried by the SDK's standard retryer (exponential
//     backoff with full jitter) on throttling, 5xx and connection errors,
//     with more attempts than the SDK's default so that a restart of the
//     service is ridden out; the client-side retry quota is off, because a
//     whole scan failing together would otherwise exhaust it at once.
//   - Writes go through the transfer manager: one PutObject for small
//     objects, a multipart upload (aborted on failure) for large ones, so
//     objects appear whole or not at all.
//   - Errors name the bucket and key and say what to do: a missing bucket
//     (storage.ErrNoSuchBucket), a missing object (storage.ErrNotFound),
//     access denied, a bucket in another region (on AWS the request is
//     redirected to the bucket's region once and the region remembered),
//     and credentials that are expired or wrong.
//
// Object metadata (storage.MetadataStore) is S3's own x-amz-meta-* headers.
package s3
