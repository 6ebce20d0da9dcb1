package gen

import (
	"math"
	"math/rand/v2"
	"sort"
)

// mix64 is the splitmix64 finaliser: a bijective scrambler used to derive
// independent seeds from (Seed, account, region, day, file) tuples.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString is FNV-1a 64, enough to turn account ids and region names into
// seed material.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// seedOf folds the parts into one 64-bit value; the order of parts matters.
func seedOf(parts ...uint64) uint64 {
	h := uint64(0x243f6a8885a308d3)
	for _, p := range parts {
		h = mix64(h ^ p)
	}
	return h
}

// newRand returns a PCG generator seeded from the parts.
func newRand(parts ...uint64) *rand.Rand {
	s := seedOf(parts...)
	return rand.New(rand.NewPCG(s, mix64(s^0x5851f42d4c957f2d)))
}

// Domain separators so that different uses of the same tuple never share a
// stream.
const (
	domWorld uint64 = iota + 1
	domPlan
	domFile
	domDigest
	domIPs
	domOdd
)

// chooser picks an index with probability proportional to its weight.
type chooser struct {
	cum   []float64
	total float64
}

func newChooser(w []float64) chooser {
	c := chooser{cum: make([]float64, len(w))}
	for i, x := range w {
		if x < 0 || math.IsNaN(x) {
			x = 0
		}
		c.total += x
		c.cum[i] = c.total
	}
	return c
}

func (c *chooser) pick(r *rand.Rand) int {
	if len(c.cum) <= 1 {
		return 0
	}
	x := r.Float64() * c.total
	i := sort.SearchFloat64s(c.cum, x)
	if i >= len(c.cum) {
		i = len(c.cum) - 1
	}
	// SearchFloat64s finds the first cum >= x; skip zero-weight entries
	// that share the same cumulative value.
	for i+1 < len(c.cum) && c.cum[i] == x {
		i++
	}
	return i
}

func pickStr(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }
