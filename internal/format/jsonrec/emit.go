package jsonrec

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"trawl/internal/types"
	"trawl/internal/vector"
)

// emitRecord appends one row for the record b[s:e], whose top-level
// members are in r.sc.members.
func (r *reader) emitRecord(b []byte, s, e int) {
	p := r.plan
	for _, nd := range p.nodes {
		nd.vs = -1
	}
	root := p.root
	if len(root.cols) > 0 {
		root.vs, root.ve, root.known = s, e, false
	}
	if len(root.kidsN) > 0 {
		ms := r.sc.members
		for i := range ms {
			m := &ms[i]
			if k := root.kids.lookup(b[m.keyS:m.keyE], m.flags, &r.kscratch); k >= 0 {
				nd := root.kidsN[k]
				nd.vs, nd.ve, nd.vfl, nd.known = int(m.valS), int(m.valE), m.valFlags, true
			}
		}
		for _, nd := range root.kidsN {
			if len(nd.kidsN) > 0 && nd.vs >= 0 && b[nd.vs] == '{' {
				r.walk(b[:nd.ve], nd.vs, nd)
			}
		}
	}
	for ci, nd := range p.colNode {
		v := r.batch.Cols[ci]
		if nd.vs < 0 {
			v.AppendNull()
			continue
		}
		r.emit(v, p.colPlan[ci], b, nd)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// strEnd returns the index of the closing quote of the (validated) string
// body starting at b[i], or len(b), and the string's flags.
func strEnd(b []byte, i int) (int, uint8) {
	n := len(b)
	var fl uint8
	for {
		for k := 0; i+8 <= n; k++ {
			if k == 2 {
				if q := bytes.IndexByte(b[i:], '"'); q >= 0 && bytes.IndexByte(b[i:i+q], '\\') < 0 {
					return i + q, fl
				}
			}
			x := binary.LittleEndian.Uint64(b[i:])
			q := x ^ (lsb * '"')
			e := x ^ (lsb * '\\')
			t := (((q - lsb) &^ q) | ((e - lsb) &^ e)) & msb
			if t != 0 {
				i += bits.TrailingZeros64(t) >> 3
				goto special
			}
			i += 8
		}
		for ; i < n; i++ {
			if c := b[i]; c == '"' || c == '\\' {
				goto special
			}
		}
		return n, fl
	special:
		if b[i] == '"' {
			return i, fl
		}
		fl |= strEsc
		i += 2
	}
}

// resetKids marks every node below nd absent.
func resetKids(nd *pnode) {
	for _, k := range nd.kidsN {
		k.vs = -1
		resetKids(k)
	}
}

// walk finds the wanted keys of the (validated) object at b[i] for nd's
// kids, descending into the wanted objects that have wanted keys in turn,
// and returns the index after the object. Later duplicate keys win.
func (r *reader) walk(b []byte, i int, nd *pnode) int {
	n := len(b)
	i++
	for {
		if i < n && isSpace(b[i]) {
			i = skipSpace(b, i)
		}
		if i < n && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
		if i >= n || b[i] != '"' {
			if i < n && b[i] == '}' {
				return i + 1
			}
			return n
		}
		ks := i + 1
		ke, kfl := strEnd(b, ks)
		i = ke + 1
		if i < n && b[i] != ':' {
			i = skipSpace(b, i)
		}
		i++
		if i < n && isSpace(b[i]) {
			i = skipSpace(b, i)
		}
		if i >= n {
			return n
		}
		vs := i
		k := nd.kids.lookup(b[ks:ke], kfl, &r.kscratch)
		if k < 0 {
			if b[vs] == '"' {
				e, _ := strEnd(b, vs+1)
				i = e + 1
			} else {
				i = skipValue(b, vs)
			}
			continue
		}
		kid := nd.kidsN[k]
		if kid.vs >= 0 {
			resetKids(kid)
		}
		kid.vs, kid.known, kid.vfl = vs, false, 0
		switch {
		case b[vs] == '"':
			e, fl := strEnd(b, vs+1)
			i = e + 1
			kid.vfl, kid.known = fl, true
		case b[vs] == '{' && len(kid.kidsN) > 0:
			i = r.walk(b, vs, kid)
		default:
			i = skipValue(b, vs)
		}
		kid.ve = min(i, n)
	}
}

// text returns the text a scalar value converts from: a string's unescaped
// content (possibly in r.scratch), else the raw bytes.
func (r *reader) text(k valKind, b []byte, vs, ve int, fl uint8, known bool) []byte {
	if k != vkString {
		return b[vs:ve]
	}
	if ve-1 < vs+1 {
		return nil
	}
	raw := b[vs+1 : ve-1]
	esc := fl&strEsc != 0
	if !known {
		esc = bytes.IndexByte(raw, '\\') >= 0
	}
	if esc {
		r.scratch = appendUnescaped(r.scratch[:0], raw)
		return r.scratch
	}
	return raw
}

// emit appends the value b[nd.vs:nd.ve] to v.
func (r *reader) emit(v *vector.Vector, tp *tplan, b []byte, nd *pnode) {
	vs, ve := nd.vs, nd.ve
	k := kindOf(b[vs])
	if k == vkNull || tp.kind == types.Unknown {
		v.AppendNull()
		return
	}
	switch tp.phys {
	case types.PhysString:
		if s, ok := r.stringOf(k, b, vs, ve, nd.vfl, nd.known, tp); ok {
			v.AppendString(s)
		} else {
			v.AppendNull()
		}
	case types.PhysInt:
		if x, ok := convInt(k, r.text(k, b, vs, ve, nd.vfl, nd.known), tp); ok {
			v.AppendInt(x)
		} else {
			v.AppendNull()
		}
	case types.PhysFloat:
		if x, ok := convFloat(k, r.text(k, b, vs, ve, nd.vfl, nd.known), tp); ok {
			v.AppendFloat(x)
		} else {
			v.AppendNull()
		}
	case types.PhysBool:
		if x, ok := convBool(k, r.text(k, b, vs, ve, nd.vfl, nd.known)); ok {
			v.AppendBool(x)
		} else {
			v.AppendNull()
		}
	default:
		x, _ := r.decodeAny(b[:ve], vs, tp)
		v.AppendAny(x)
	}
}

// stringOf converts the value b[vs:ve] of kind k (not null) to a
// string-represented type, building the string in the arena.
func (r *reader) stringOf(k valKind, b []byte, vs, ve int, fl uint8, known bool, tp *tplan) (string, bool) {
	switch tp.kind {
	case types.Varchar, types.Char, types.Varbinary:
		var dst []byte
		switch k {
		case vkString:
			raw := b[vs+1 : ve-1]
			esc := fl&strEsc != 0
			if !known {
				esc = bytes.IndexByte(raw, '\\') >= 0
			}
			dst = r.sa.reserve(len(raw))
			if esc {
				dst = appendUnescaped(dst, raw)
			} else {
				dst = append(dst, raw...)
			}
		case vkObject, vkArray:
			dst = r.sa.reserve(ve - vs)
			if r.ws {
				dst = appendCompact(dst, b[vs:ve])
			} else {
				dst = append(dst, b[vs:ve]...)
			}
		default:
			dst = append(r.sa.reserve(ve-vs), b[vs:ve]...)
		}
		if tp.kind != types.Varbinary && tp.t.Precision >= 0 {
			dst = truncateRunes(dst, tp.t.Precision)
		}
		return r.sa.commit(dst), true
	case types.JSON:
		dst := r.sa.reserve(ve - vs)
		if r.ws && k != vkString {
			dst = appendCompact(dst, b[vs:ve])
		} else {
			dst = append(dst, b[vs:ve]...)
		}
		return r.sa.commit(dst), true
	case types.IPAddress:
		return convIP(k, r.text(k, b, vs, ve, fl, known))
	}
	return "", false
}

// decodeAny decodes the validated value at b[i] (no leading whitespace) to
// the physical form of tp, nil for NULL, and returns the index after it.
func (r *reader) decodeAny(b []byte, i int, tp *tplan) (any, int) {
	if i >= len(b) {
		return nil, len(b)
	}
	k := kindOf(b[i])
	switch tp.kind {
	case types.Array:
		if k != vkArray {
			return nil, skipValue(b, i)
		}
		return r.decodeArray(b, i, tp)
	case types.Map:
		if k != vkObject {
			return nil, skipValue(b, i)
		}
		return r.decodeMap(b, i, tp)
	case types.Row:
		if k != vkObject {
			return nil, skipValue(b, i)
		}
		return r.decodeRow(b, i, tp)
	}
	var end int
	var fl uint8
	known := false
	if k == vkString {
		e, f := strEnd(b, i+1)
		end, fl, known = min(e+1, len(b)), f, true
	} else {
		end = skipValue(b, i)
	}
	if k == vkNull || tp.kind == types.Unknown {
		return nil, end
	}
	switch tp.phys {
	case types.PhysString:
		if s, ok := r.stringOf(k, b, i, end, fl, known, tp); ok {
			return s, end
		}
		return nil, end
	}
	return r.scalarText(k, r.text(k, b, i, end, fl, known), tp), end
}

// scalarText converts a scalar from its text (see text) to tp.
func (r *reader) scalarText(k valKind, text []byte, tp *tplan) any {
	switch tp.phys {
	case types.PhysString:
		switch tp.kind {
		case types.Varchar, types.Char:
			if tp.t.Precision >= 0 {
				text = truncateRunes(text, tp.t.Precision)
			}
			return r.sa.commit(append(r.sa.reserve(len(text)), text...))
		case types.Varbinary, types.JSON:
			return r.sa.commit(append(r.sa.reserve(len(text)), text...))
		case types.IPAddress:
			if s, ok := convIP(k, text); ok {
				return s
			}
		}
	case types.PhysInt:
		if x, ok := convInt(k, text, tp); ok {
			return x
		}
	case types.PhysFloat:
		if x, ok := convFloat(k, text, tp); ok {
			return x
		}
	case types.PhysBool:
		if tp.kind == types.Boolean {
			if x, ok := convBool(k, text); ok {
				return x
			}
		}
	}
	return nil
}

func (r *reader) decodeArray(b []byte, i int, tp *tplan) (any, int) {
	base := len(r.stack)
	n := len(b)
	end := n
	i = skipSpace(b, i+1)
loop:
	for i < n {
		switch b[i] {
		case ']':
			end = i + 1
			break loop
		case ',':
			i = skipSpace(b, i+1)
			continue
		}
		x, j := r.decodeAny(b, i, tp.elem)
		r.stack = append(r.stack, x)
		if j <= i {
			break
		}
		i = skipSpace(b, j)
	}
	out := r.anys(len(r.stack) - base)
	copy(out, r.stack[base:])
	clear(r.stack[base:])
	r.stack = r.stack[:base]
	return out, end
}

// nextMember reads the object member at b[i] (at '"', or at ',' or
// whitespace before it) of validated data: it returns the key's span and
// the start of the value; ok is false at the object's end, with vs the
// index of the closing brace (or len(b)).
func nextMember(b []byte, i int) (ks, ke, vs int, fl uint8, ok bool) {
	n := len(b)
	i = skipSpace(b, i)
	if i < n && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= n || b[i] != '"' {
		return 0, 0, i, 0, false
	}
	ks = i + 1
	ke, fl = strEnd(b, ks)
	i = skipSpace(b, ke+1)
	if i < n && b[i] == ':' {
		i++
	}
	return ks, ke, skipSpace(b, i), fl, true
}

func (r *reader) decodeRow(b []byte, i int, tp *tplan) (any, int) {
	out := r.anys(len(tp.fields))
	n := len(b)
	i++
	for {
		ks, ke, vs, fl, ok := nextMember(b, i)
		if !ok {
			if vs < n && b[vs] == '}' {
				return out, vs + 1
			}
			return out, n
		}
		var j int
		if f := tp.ftab.lookup(b[ks:ke], fl, &r.kscratch); f >= 0 {
			out[f], j = r.decodeAny(b, vs, tp.fields[f])
		} else {
			j = skipValue(b, vs)
		}
		if j <= i {
			return out, n
		}
		i = j
	}
}

func (r *reader) decodeMap(b []byte, i int, tp *tplan) (any, int) {
	base := len(r.stack)
	var index map[any]int
	n := len(b)
	end := n
	i++
	for {
		ks, ke, vs, fl, ok := nextMember(b, i)
		if !ok {
			if vs < n && b[vs] == '}' {
				end = vs + 1
			}
			break
		}
		kt := b[ks:ke]
		if fl&strEsc != 0 {
			r.kscratch = appendUnescaped(r.kscratch[:0], kt)
			kt = r.kscratch
		}
		key := r.scalarText(vkString, kt, tp.key)
		val, j := r.decodeAny(b, vs, tp.val)
		if j <= i {
			break
		}
		i = j
		if key == nil {
			continue
		}
		entries := r.stack[base:]
		if index == nil && len(entries) >= 16 {
			index = make(map[any]int, 16)
			for x := 0; x < len(entries); x += 2 {
				index[entries[x]] = x
			}
		}
		dup := -1
		if index != nil {
			if x, ok := index[key]; ok {
				dup = x
			}
		} else {
			for x := 0; x < len(entries); x += 2 {
				if entries[x] == key {
					dup = x
					break
				}
			}
		}
		if dup >= 0 {
			entries[dup+1] = val
			continue
		}
		if index != nil {
			index[key] = len(entries)
		}
		r.stack = append(r.stack, key, val)
	}
	entries := r.stack[base:]
	mv := &types.MapValue{Keys: r.anys(len(entries) / 2), Values: r.anys(len(entries) / 2)}
	for x := 0; x < len(entries); x += 2 {
		mv.Keys[x/2] = entries[x]
		mv.Values[x/2] = entries[x+1]
	}
	clear(entries)
	r.stack = r.stack[:base]
	return mv, end
}
