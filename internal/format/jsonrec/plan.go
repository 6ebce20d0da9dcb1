package jsonrec

import (
	"bytes"
	"encoding/binary"
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
	slots []keySlot
	mask  uint64
	high  bool // some name has non-ASCII bytes
}

type keySlot struct {
	hash uint64
	idx  int32 // index+1 into names; 0 is empty
	// seen is the last spelling that matched: data keeps its spelling
	// ("userIdentity"), so an exact comparison usually replaces the fold.
	seen []byte
}

// keyHash hashes a key with ASCII letters folded to lower case (and a few
// other bytes folded with them, which only costs a comparison).
func keyHash(k []byte) uint64 {
	const fold = 0x2020202020202020
	n := len(k)
	var h uint64
	if n >= 8 {
		h = binary.LittleEndian.Uint64(k) | fold
		h ^= (binary.LittleEndian.Uint64(k[n-8:]) | fold) * 0x9E3779B97F4A7C15
	} else {
		for _, c := range k {
			h = h<<8 | uint64(c|0x20)
		}
	}
	h ^= uint64(n) * 0xff51afd7ed558ccd
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>29
}

// build fills the table from names (already lower case).
func (t *keyTable) build(names []string) {
	t.names = names
	size := 4
	for size < 2*len(names) {
		size *= 2
	}
	t.slots = make([]keySlot, size)
	t.mask = uint64(size - 1)
	for i, nm := range names {
		for _, c := range []byte(nm) {
			if c >= 0x80 {
				t.high = true
			}
		}
		h := keyHash([]byte(nm))
		j := h & t.mask
		for t.slots[j].idx != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = keySlot{hash: h, idx: int32(i + 1)}
	}
}

// find returns the index of the name k matches (k is ASCII-folded while
// comparing), or -1.
func (t *keyTable) find(k []byte) int {
	if len(t.names) == 0 {
		return -1
	}
	h := keyHash(k)
	j := h & t.mask
	for {
		sl := &t.slots[j]
		if sl.idx == 0 {
			return -1
		}
		if sl.hash == h {
			if string(k) == string(sl.seen) {
				return int(sl.idx - 1)
			}
			if equalFold(k, t.names[sl.idx-1]) {
				sl.seen = append(sl.seen[:0], k...)
				return int(sl.idx - 1)
			}
		}
		j = (j + 1) & t.mask
	}
}

// lookup matches a raw key (the bytes between the quotes) given its string
// flags: escaped keys are unescaped first. Keys are folded to lower case by
// ASCII rules; when some name is not ASCII, non-ASCII keys are lower-cased
// with Unicode rules (otherwise they cannot match).
func (t *keyTable) lookup(k []byte, flags uint8, scratch *[]byte) int {
	if flags&strEsc != 0 {
		*scratch = appendUnescaped((*scratch)[:0], k)
		k = *scratch
	}
	if t.high {
		for _, c := range k {
			if c >= 0x80 {
				k = bytes.ToLower(k)
				break
			}
		}
	}
	return t.find(k)
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
