package bench

import (
	"context"
	"path/filepath"
	"testing"

	"trawl/internal/catalog"
	"trawl/internal/demo"
	"trawl/internal/engine"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
	s3store "trawl/internal/storage/s3"
	"trawl/internal/testutil/s3server"
)

// BenchmarkStores times the same scans from the local folder and from a
// real S3 server (versitygw) on loopback holding the same objects. MB/s
// is compressed bytes read from the store. "s3" uses the scan's default
// for a remote store (more reads in flight than cores), "s3-cores" one
// read per core, as for the local folder.
//
//	go test -run '^$' -bench Stores -benchtime 5x ./internal/bench/
func BenchmarkStores(b *testing.B) {
	ctx := context.Background()
	o := benchOptions(b).withDefaults()
	if _, err := Trail(ctx, o); err != nil {
		b.Fatal(err)
	}
	local, closeLocal, err := OpenEngine(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer closeLocal()

	srv := s3server.Start(b)
	srv.CreateBucket(b, bucket)
	srv.Upload(b, filepath.Join(o.Dir, "buckets", bucket), bucket)
	b.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	b.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	b.Setenv("AWS_CONFIG_FILE", filepath.Join(b.TempDir(), "none"))
	b.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(b.TempDir(), "none"))
	st, err := s3store.New(ctx, s3store.Options{Endpoint: srv.Endpoint, PathStyle: true})
	if err != nil {
		b.Fatal(err)
	}
	cat, err := catalog.Open(filepath.Join(b.TempDir(), "catalog.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer cat.Close()
	remote := &engine.Engine{Catalog: cat, Store: &storage.Router{S3: st, File: file.New("/")}}
	for _, ddl := range demo.Setup(bucket, demo.Account, demo.Region) {
		if err := remote.Run(ctx, ddl, &engine.Session{Database: "default"}, func(*engine.Result) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	remoteCores := *remote
	remoteCores.Workers = local.Workers

	for _, q := range Queries() {
		if q.EarlyStop {
			continue // a LIMIT's scan stops at a point that depends on timing
		}
		for _, side := range []struct {
			name string
			e    *engine.Engine
		}{{"local", local}, {"s3", remote}, {"s3-cores", &remoteCores}} {
			b.Run(q.Name+"/"+side.name, func(b *testing.B) {
				_, res, err := RunQuery(ctx, side.e, q.SQL) // warm-up
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(res.Stats.BytesScanned.Load())
				b.ResetTimer()
				for b.Loop() {
					if _, _, err := RunQuery(ctx, side.e, q.SQL); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
