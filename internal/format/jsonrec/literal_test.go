package jsonrec

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestFinderMatchesBytesContains checks the rare-byte finder against
// bytes.Contains on random haystacks over a small alphabet, so that
// partial matches, overlaps and matches at both ends are frequent.
func TestFinderMatchesBytesContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alpha := []byte(`az."s\`)
	gen := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
		}
		return b
	}
	for iter := 0; iter < 20000; iter++ {
		lit := gen(1 + rng.IntN(5))
		hay := gen(rng.IntN(40))
		f := newFinder(lit)
		if got, want := f.in(hay), bytes.Contains(hay, lit); got != want {
			t.Fatalf("finder(%q).in(%q) = %v, want %v", lit, hay, got, want)
		}
	}
	f := newFinder([]byte("support.amazonaws.com"))
	if f.lit[f.rare] != 'z' {
		t.Errorf("rarest byte of support.amazonaws.com: %q, want 'z'", f.lit[f.rare])
	}
	if !f.in([]byte(`{"sourceIPAddress":"support.amazonaws.com"}`)) || f.in([]byte(`{"eventSource":"s3.amazonaws.com"}`)) {
		t.Error("finder misses or invents a match")
	}
}

func BenchmarkFinder(b *testing.B) {
	rec := bytes.Repeat([]byte(`{"eventSource":"s3.amazonaws.com","userAgent":"[aws-cli/2.13.5 Python/3.11.4 Linux/5.15 source/x86_64.amzn.2]","sourceIPAddress":"10.1.2.3"},`), 8)
	lit := []byte("support.amazonaws.com")
	f := newFinder(lit)
	b.SetBytes(int64(len(rec)))
	b.Run("finder", func(b *testing.B) {
		for b.Loop() {
			f.in(rec)
		}
	})
	b.Run("bytes.Contains", func(b *testing.B) {
		for b.Loop() {
			bytes.Contains(rec, lit)
		}
	})
}
