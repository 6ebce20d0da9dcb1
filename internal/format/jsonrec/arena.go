package jsonrec

import "unsafe"

const (
	arenaChunk    = 64 << 10 // the size of one string chunk
	arenaMaxValue = 8 << 10  // larger strings get their own allocation
	slabSize      = 1024     // values per []any slab
)

// strArena hands out strings carved from large byte chunks, so producing a
// string costs no allocation of its own. Each byte of a chunk is written
// once, before the string over it is made, and never again: the strings
// are immutable. A string kept by a consumer keeps its chunk alive (at
// most arenaChunk bytes).
type strArena struct {
	chunk []byte // len is the used part
}

// reserve returns an empty slice with room for n bytes to build a string
// in; commit turns it into the string.
func (a *strArena) reserve(n int) []byte {
	if n > arenaMaxValue {
		return make([]byte, 0, n)
	}
	if cap(a.chunk)-len(a.chunk) < n {
		a.chunk = make([]byte, 0, arenaChunk)
	}
	l := len(a.chunk)
	return a.chunk[l:l:min(l+n, cap(a.chunk))]
}

// commit returns b, built in a slice from reserve, as a string.
func (a *strArena) commit(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	l := len(a.chunk)
	if l < cap(a.chunk) && &b[0] == &a.chunk[:l+1][l] {
		a.chunk = a.chunk[:l+len(b)]
	}
	return unsafe.String(&b[0], len(b))
}

// anys returns a zeroed []any of length n, carved from a shared slab.
func (r *reader) anys(n int) []any {
	if n == 0 {
		return []any{}
	}
	if n > slabSize/8 {
		return make([]any, n)
	}
	if len(r.slab) < n {
		r.slab = make([]any, slabSize)
	}
	out := r.slab[:n:n]
	r.slab = r.slab[n:]
	return out
}
