package gen

import (
	"context"
	"testing"
	"time"
)

// BenchmarkGenerate measures end-to-end generation on one worker (records,
// gzip, SHA-256 for digests, files on disk); MB/s is uncompressed JSON.
func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	var st Stats
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err error
		st, err = Generate(context.Background(), Options{Out: dir, SizeMB: 40, Seed: int64(i), Workers: 1, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(st.UncompressedBytes)
}

// BenchmarkRecords measures record writing alone (no gzip, no disk).
func BenchmarkRecords(b *testing.B) {
	o := newRunCtx(mustNormalizeB(b, Options{Out: "unused", Seed: 1}))
	g := newGen(o)
	g.w, g.rk, g.region, g.global = o.worlds[0], o.rkinds[0][1], "us-east-1", true
	g.ws, g.we = 1736035200, 1736035500
	g.datePrefix = appendTime(nil, g.ws)[:11]
	g.r = newRand(1)
	b.ReportAllocs()
	var n int64
	for i := 0; i < b.N; i++ {
		g.fileRecords(1_000_000)
		n = int64(len(g.b))
	}
	b.SetBytes(n)
}

func mustNormalizeB(b *testing.B, o Options) Options {
	o, err := normalize(o)
	if err != nil {
		b.Fatal(err)
	}
	return o
}
