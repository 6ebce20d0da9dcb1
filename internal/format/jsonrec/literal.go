package jsonrec

import "bytes"

// byteRarity orders the printable ASCII bytes from the rarest to the most
// common in CloudTrail JSON (measured over the real records of the
// project's reference data). Bytes outside it count as rarest.
const byteRarity = "^`|~!$<>?@#&'*=%[]Y;\\+WJ()X_GBLOjUKxZqkQFzVMPHRN{}hEDTCyg6S/ b5fw9v48IpA7l.30mud,c12i-on:srtae\""

var rarity [256]uint8 // 0 = rarest

func init() {
	for i := 0; i < len(byteRarity); i++ {
		rarity[byteRarity[i]] = uint8(i + 1)
	}
}

// finder looks for one literal the way memchr's prefilter does: it jumps
// with IndexByte (vectorised) to the literal's rarest byte and only then
// compares the whole literal. bytes.Index jumps to the literal's first
// byte, which in CloudTrail text is often one of the most common ('s' of
// "support.amazonaws.com" is 17 times as frequent as its 'z').
type finder struct {
	lit  []byte
	rare int // index in lit of its rarest byte
}

func newFinder(lit []byte) finder {
	f := finder{lit: lit}
	for i := range lit {
		if rarity[lit[i]] < rarity[lit[f.rare]] {
			f.rare = i
		}
	}
	return f
}

// in reports whether b contains the literal.
func (f *finder) in(b []byte) bool {
	n := len(f.lit)
	if n == 0 {
		return true
	}
	c := f.lit[f.rare]
	i := f.rare // b[i] is the candidate's rare byte
	for i < len(b) {
		j := bytes.IndexByte(b[i:], c)
		if j < 0 {
			return false
		}
		i += j
		start := i - f.rare
		if start+n > len(b) {
			return false
		}
		if bytes.Equal(b[start:start+n], f.lit) {
			return true
		}
		i++
	}
	return false
}

// compileMustContain turns Options.MustContain into finders; empty groups
// are dropped (they constrain nothing).
func compileMustContain(groups [][][]byte) [][]finder {
	var out [][]finder
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		fs := make([]finder, len(g))
		for i, lit := range g {
			fs[i] = newFinder(lit)
		}
		out = append(out, fs)
	}
	return out
}
