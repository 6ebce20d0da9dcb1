package jsonrec

import (
	"bytes"

	"trawl/internal/types"
	"trawl/internal/vector"
)

// fixup is a top-level string value waiting in the arena: row row of
// column col is arena[off:off+n].
type fixup struct {
	col, row int32
	off, n   int32
}

// arenaFlush is the arena size at which its strings are handed out, so a
// value kept by a consumer pins at most about this much memory.
const arenaFlush = 64 << 10

// flush turns the arena into one string and points the pending rows at it.
func (r *reader) flush() {
	if len(r.fixes) > 0 {
		s := string(r.arena)
		for _, f := range r.fixes {
			r.batch.Cols[f.col].Str[f.row] = s[f.off : f.off+f.n]
		}
		r.fixes = r.fixes[:0]
	}
	r.arena = r.arena[:0]
	if cap(r.arena) > 4*arenaFlush {
		r.arena = nil
	}
}

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
				nd.vs, nd.ve, nd.vfl, nd.known = m.valS, m.valE, m.valFlags, true
			}
		}
	}
	for _, nd := range p.nodes[1:] {
		if len(nd.kidsN) > 0 && nd.vs >= 0 && b[nd.vs] == '{' {
			r.walk(b, nd)
		}
	}
	for ci, nd := range p.colNode {
		v := r.batch.Cols[ci]
		if nd.vs < 0 {
			v.AppendNull()
			continue
		}
		r.emit(ci, v, p.colPlan[ci], b, nd)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// nextMember reads the object member starting at b[i] (at '"', or at ',' or
// whitespace before it) of validated data: it returns the key's span and
// the start of the value; ok is false at the object's end, with vs the
// index of the closing brace (or len(b)).
func nextMember(b []byte, i int) (ks, ke, vs int, ok bool) {
	n := len(b)
	i = skipSpace(b, i)
	if i < n && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= n || b[i] != '"' {
		return 0, 0, i, false
	}
	ks = i + 1
	j := skipString(b, ks)
	ke = j - 1
	if ke < ks {
		ke = ks
	}
	i = skipSpace(b, j)
	if i < n && b[i] == ':' {
		i++
	}
	return ks, ke, skipSpace(b, i), true
}

// walk finds the wanted keys of the object value of nd.
func (r *reader) walk(b []byte, nd *pnode) {
	b = b[:nd.ve]
	i := nd.vs + 1
	for {
		ks, ke, vs, ok := nextMember(b, i)
		if !ok {
			return
		}
		ve := skipValue(b, vs)
		if k := nd.kids.lookupRaw(b[ks:ke], &r.kscratch); k >= 0 {
			kid := nd.kidsN[k]
			kid.vs, kid.ve, kid.known = vs, ve, false
		}
		if ve <= i {
			return
		}
		i = ve
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

// emit appends the value b[nd.vs:nd.ve] to column ci.
func (r *reader) emit(ci int, v *vector.Vector, tp *tplan, b []byte, nd *pnode) {
	vs, ve := nd.vs, nd.ve
	k := kindOf(b[vs])
	if k == vkNull || tp.kind == types.Unknown {
		v.AppendNull()
		return
	}
	switch tp.phys {
	case types.PhysString:
		r.emitString(ci, v, tp, k, b, nd)
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

// emitString appends a string-represented value through the arena.
func (r *reader) emitString(ci int, v *vector.Vector, tp *tplan, k valKind, b []byte, nd *pnode) {
	vs, ve := nd.vs, nd.ve
	off := len(r.arena)
	switch tp.kind {
	case types.Varchar, types.Char, types.Varbinary:
		switch k {
		case vkString:
			raw := b[vs+1 : ve-1]
			esc := nd.vfl&strEsc != 0
			if !nd.known {
				esc = bytes.IndexByte(raw, '\\') >= 0
			}
			if esc {
				r.arena = appendUnescaped(r.arena, raw)
			} else {
				r.arena = append(r.arena, raw...)
			}
		case vkObject, vkArray:
			if r.ws {
				r.arena = appendCompact(r.arena, b[vs:ve])
			} else {
				r.arena = append(r.arena, b[vs:ve]...)
			}
		default:
			r.arena = append(r.arena, b[vs:ve]...)
		}
		if tp.kind != types.Varbinary && tp.t.Precision >= 0 && len(r.arena)-off > tp.t.Precision {
			r.arena = r.arena[:off+len(truncateRunes(r.arena[off:], tp.t.Precision))]
		}
	case types.JSON:
		if r.ws && k != vkString {
			r.arena = appendCompact(r.arena, b[vs:ve])
		} else {
			r.arena = append(r.arena, b[vs:ve]...)
		}
	case types.IPAddress:
		if s, ok := convIP(k, r.text(k, b, vs, ve, nd.vfl, nd.known)); ok {
			v.AppendString(s)
		} else {
			v.AppendNull()
		}
		return
	default:
		v.AppendNull()
		return
	}
	r.fixes = append(r.fixes, fixup{col: int32(ci), row: int32(v.Len()), off: int32(off), n: int32(len(r.arena) - off)})
	v.AppendString("")
	if len(r.arena) >= arenaFlush {
		r.flush()
	}
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
	end := skipValue(b, i)
	if k == vkNull {
		return nil, end
	}
	var text []byte
	switch {
	case tp.kind == types.JSON || k == vkObject || k == vkArray:
		text = b[i:end]
		if r.ws && k != vkString {
			r.scratch = appendCompact(r.scratch[:0], text)
			text = r.scratch
		}
		if tp.kind == types.JSON {
			return string(text), end
		}
	default:
		text = r.text(k, b, i, end, 0, false)
	}
	return r.scalarText(k, text, tp), end
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
			return string(text)
		case types.Varbinary, types.JSON:
			return string(text)
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
	out := make([]any, 0, 4)
	n := len(b)
	i = skipSpace(b, i+1)
	for i < n {
		switch b[i] {
		case ']':
			return out, i + 1
		case ',':
			i = skipSpace(b, i+1)
			continue
		}
		x, j := r.decodeAny(b, i, tp.elem)
		out = append(out, x)
		if j <= i {
			return out, n
		}
		i = skipSpace(b, j)
	}
	return out, n
}

func (r *reader) decodeRow(b []byte, i int, tp *tplan) (any, int) {
	out := make([]any, len(tp.fields))
	n := len(b)
	i++
	for {
		ks, ke, vs, ok := nextMember(b, i)
		if !ok {
			if vs < n && b[vs] == '}' {
				return out, vs + 1
			}
			return out, n
		}
		var j int
		if f := tp.ftab.lookupRaw(b[ks:ke], &r.kscratch); f >= 0 {
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
	mv := &types.MapValue{}
	var index map[any]int
	n := len(b)
	i++
	for {
		ks, ke, vs, ok := nextMember(b, i)
		if !ok {
			if vs < n && b[vs] == '}' {
				return mv, vs + 1
			}
			return mv, n
		}
		kt := b[ks:ke]
		if bytes.IndexByte(kt, '\\') >= 0 {
			r.kscratch = appendUnescaped(r.kscratch[:0], kt)
			kt = r.kscratch
		}
		key := r.scalarText(vkString, kt, tp.key)
		val, j := r.decodeAny(b, vs, tp.val)
		if j <= i {
			return mv, n
		}
		i = j
		if key == nil {
			continue
		}
		if index == nil && len(mv.Keys) >= 8 {
			index = make(map[any]int, 16)
			for x, k := range mv.Keys {
				index[k] = x
			}
		}
		dup := -1
		if index != nil {
			if x, ok := index[key]; ok {
				dup = x
			}
		} else {
			for x, k := range mv.Keys {
				if k == key {
					dup = x
					break
				}
			}
		}
		if dup >= 0 {
			mv.Values[dup] = val
			continue
		}
		if index != nil {
			index[key] = len(mv.Keys)
		}
		mv.Keys = append(mv.Keys, key)
		mv.Values = append(mv.Values, val)
	}
}
