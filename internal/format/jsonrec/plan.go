package jsonrec

import (
	"bytes"
	"strings"

	"trawl/internal/format"
	"trawl/internal/types"
)

// lower maps ASCII upper-case letters to lower case and every other byte
// to itself.
var lower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return
}()

// keyTable finds which of a fixed set of lower-case names a JSON key
// matches, ignoring ASCII case, without allocating.
type keyTable struct {
	names []string
	slots []int32 // index+1 into names; 0 is empty
	mask  uint32
}

func keyHash(k []byte) uint32 {
	n := len(k)
	if n == 0 {
		return 0
	}
	h := uint32(n) * 0x9E3779B1
	h ^= uint32(lower[k[0]]) * 0x85EBCA6B
	h ^= uint32(lower[k[n-1]]) * 0xC2B2AE35
	h ^= uint32(lower[k[n>>1]]) * 0x27D4EB2F
	h ^= uint32(lower[k[n>>2]]) * 0x165667B1
	return h ^ h>>15
}

func keyHashString(k string) uint32 { return keyHash([]byte(k)) }

// build fills the table from names (already lower case).
func (t *keyTable) build(names []string) {
	t.names = names
	size := 4
	for size < 2*len(names) {
		size *= 2
	}
	t.slots = make([]int32, size)
	t.mask = uint32(size - 1)
	for i, nm := range names {
		h := keyHashString(nm) & t.mask
		for t.slots[h] != 0 {
			h = (h + 1) & t.mask
		}
		t.slots[h] = int32(i + 1)
	}
}

// find returns the index of the name k matches (k is ASCII-folded while
// comparing), or -1.
func (t *keyTable) find(k []byte) int {
	if len(t.names) == 0 {
		return -1
	}
	h := keyHash(k) & t.mask
	for {
		s := t.slots[h]
		if s == 0 {
			return -1
		}
		if equalFold(k, t.names[s-1]) {
			return int(s - 1)
		}
		h = (h + 1) & t.mask
	}
}

// lookup matches a raw key (the bytes between the quotes) given its string
// flags: escaped keys are unescaped and non-ASCII keys lower-cased with
// Unicode rules first, using scratch.
func (t *keyTable) lookup(k []byte, flags uint8, scratch *[]byte) int {
	if flags&(strEsc|strHigh) != 0 {
		k = normKey(k, flags, scratch)
	}
	return t.find(k)
}

// lookupRaw is lookup for a key whose flags are unknown.
func (t *keyTable) lookupRaw(k []byte, scratch *[]byte) int {
	var fl uint8
	for _, c := range k {
		if c == '\\' {
			fl |= strEsc
		} else if c >= 0x80 {
			fl |= strHigh
		}
	}
	return t.lookup(k, fl, scratch)
}

func normKey(k []byte, flags uint8, scratch *[]byte) []byte {
	if flags&strEsc != 0 {
		*scratch = appendUnescaped((*scratch)[:0], k)
		k = *scratch
	}
	for _, c := range k {
		if c >= 0x80 {
			return bytes.ToLower(k)
		}
	}
	return k
}

func equalFold(k []byte, name string) bool {
	if len(k) != len(name) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if lower[k[i]] != name[i] {
			return false
		}
	}
	return true
}

// tplan is a column type prepared for decoding.
type tplan struct {
	t      *types.Type
	kind   types.Kind
	phys   types.Physical
	elem   *tplan // array element
	key    *tplan // map key
	val    *tplan // map value
	fields []*tplan
	ftab   keyTable // row field names
}

func newTplan(t *types.Type) *tplan {
	p := &tplan{t: t, kind: t.Kind, phys: t.Physical()}
	switch t.Kind {
	case types.Array:
		p.elem = newTplan(t.Elem)
	case types.Map:
		p.key = newTplan(t.Key)
		p.val = newTplan(t.Value)
	case types.Row:
		names := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			names[i] = strings.ToLower(f.Name)
			p.fields = append(p.fields, newTplan(f.Type))
		}
		p.ftab.build(names)
	}
	return p
}

// pnode is one step of the requested paths: a key of the record or of a
// nested object. Columns ending here take the value whole; kids are the
// wanted keys of the value when it is an object.
type pnode struct {
	name   string
	cols   []int
	kids   keyTable
	kidsN  []*pnode
	vs, ve int   // the value's span in the current record; vs < 0 when absent
	vfl    uint8 // the value's string flags, valid when known
	known  bool
}

// plan is the decoding plan of a reader's columns.
type plan struct {
	root    *pnode
	nodes   []*pnode // every node, parents before children
	colNode []*pnode
	colPlan []*tplan
}

func newPlan(cols []format.Column) *plan {
	p := &plan{root: &pnode{}}
	p.nodes = append(p.nodes, p.root)
	kidNames := map[*pnode][]string{}
	for ci, c := range cols {
		nd := p.root
		for _, seg := range c.Path {
			seg = strings.ToLower(seg)
			var next *pnode
			for _, k := range nd.kidsN {
				if k.name == seg {
					next = k
					break
				}
			}
			if next == nil {
				next = &pnode{name: seg}
				nd.kidsN = append(nd.kidsN, next)
				kidNames[nd] = append(kidNames[nd], seg)
				p.nodes = append(p.nodes, next)
			}
			nd = next
		}
		nd.cols = append(nd.cols, ci)
		p.colNode = append(p.colNode, nd)
		p.colPlan = append(p.colPlan, newTplan(c.Type))
	}
	for _, nd := range p.nodes {
		nd.kids.build(kidNames[nd])
	}
	return p
}
