package gen

import (
	"context"
	"testing"
	"time"
)

func BenchmarkX(b *testing.B) {
	dir := b.TempDir()
	var st Stats
	for i := 0; i < b.N; i++ {
		var err error
		st, err = Generate(context.Background(), Options{Out: dir, SizeMB: 50, Seed: 1, Workers: 1, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(st.UncompressedBytes)
}
