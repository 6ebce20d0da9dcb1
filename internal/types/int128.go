package types

import (
	"math/big"
	"math/bits"
)

// Int128 is a signed 128-bit two's-complement integer: the unscaled value
// of a long decimal (precision 19 to 38). Hi holds the upper 64 bits
// (with the sign), Lo the lower 64. The zero value is 0. Int128 is a plain
// value type: compare with == for equality, Cmp for order.
type Int128 struct {
	Hi int64
	Lo uint64
}

// Int128From returns x as an Int128.
func Int128From(x int64) Int128 { return Int128{Hi: x >> 63, Lo: uint64(x)} }

// Int128FromBig returns b as an Int128; ok is false when b needs more than
// 128 bits.
func Int128FromBig(b *big.Int) (v Int128, ok bool) {
	if b.BitLen() > 127 {
		// -2^127 is the one 128-bit value with BitLen 128.
		if b.Sign() < 0 && b.BitLen() == 128 && b.TrailingZeroBits() == 127 {
			return Int128{Hi: -1 << 63}, true
		}
		return Int128{}, false
	}
	neg := b.Sign() < 0
	a := b
	if neg {
		a = new(big.Int).Neg(b)
	}
	var words [2]uint64
	for i, w := range a.Bits() {
		if bits.UintSize == 64 {
			words[i] = uint64(w)
		} else {
			words[i/2] |= uint64(w) << (32 * (i % 2))
		}
	}
	v = Int128{Hi: int64(words[1]), Lo: words[0]}
	if neg {
		v = v.Neg()
	}
	return v, true
}

// Big returns v as a big.Int.
func (v Int128) Big() *big.Int {
	neg := v.Hi < 0
	a := v
	if neg {
		a = v.Neg()
	}
	b := new(big.Int).SetUint64(uint64(a.Hi))
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(a.Lo))
	if neg {
		b.Neg(b)
	}
	return b
}

// Neg returns -v (wrapping for the minimum value).
func (v Int128) Neg() Int128 {
	lo := ^v.Lo + 1
	hi := ^v.Hi
	if lo == 0 {
		hi++
	}
	return Int128{Hi: hi, Lo: lo}
}

// Sign returns -1, 0 or 1.
func (v Int128) Sign() int {
	switch {
	case v.Hi < 0:
		return -1
	case v.Hi == 0 && v.Lo == 0:
		return 0
	}
	return 1
}

// Cmp orders v and o: -1, 0 or 1.
func (v Int128) Cmp(o Int128) int {
	switch {
	case v.Hi < o.Hi:
		return -1
	case v.Hi > o.Hi:
		return 1
	case v.Lo < o.Lo:
		return -1
	case v.Lo > o.Lo:
		return 1
	}
	return 0
}

// IsInt64 reports whether v fits in an int64.
func (v Int128) IsInt64() bool { return v.Hi == int64(v.Lo)>>63 }

// Int64 returns the low 64 bits of v as an int64 (exact when IsInt64).
func (v Int128) Int64() int64 { return int64(v.Lo) }

// String renders v in decimal.
func (v Int128) String() string { return v.Big().String() }
