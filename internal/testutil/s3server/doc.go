// Package s3server runs a real S3-compatible server on loopback for tests.
//
// The server is versitygw (github.com/versity/versitygw, pinned to
// v1.8.0) with its posix backend: buckets are sub-folders of a fresh
// t.TempDir() and objects are files in them, with user metadata
// (x-amz-meta-*) kept in extended attributes (or in a sidecar folder when
// the file system has no user xattrs). Its internal IAM is enabled, so a
// test can create a non-root user and see real AccessDenied errors.
//
// Why versitygw rather than a hand-written fake: it is a real S3
// implementation (SigV4 checking, ListObjectsV2 pagination, multipart
// uploads, error codes), so tests exercise the same protocol a real store
// speaks instead of the behaviour we imagined. It is a plain Go module, so
// the test command itself installs it: Binary runs
// `go install github.com/versity/versitygw/cmd/versitygw@v1.8.0` through
// the Go module proxy into a cache folder under os.UserCacheDir() the first
// time it is needed (about a minute), and reuses that binary afterwards.
// There is nothing to set up by hand.
//
// Typical use:
//
//	srv := s3server.Start(t)
//	srv.CreateBucket(t, "data")
//	client := srv.Client()
//
// Stop and Restart simulate an outage of the store (SIGKILL, then a new
// process on the same port and folder).
package s3server
