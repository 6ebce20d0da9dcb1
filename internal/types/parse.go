package types

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseError is a type string that could not be read; Offset is the byte
// offset in the string where reading failed.
type ParseError struct {
	Text   string
	Offset int
	Msg    string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("cannot parse type %q at offset %d: %s", e.Text, e.Offset, e.Msg)
}

// Parse reads a type written either in Hive DDL syntax
// (string, int, struct<a:string,b:array<int>>, map<string,string>) or in
// Trino syntax (varchar, integer, row(a varchar), array(integer),
// map(varchar, varchar), timestamp(3) with time zone). Names are
// case-insensitive; field names keep their spelling lower-cased as Hive and
// Athena store them.
func Parse(s string) (*Type, error) {
	p := &typeParser{s: s}
	t, err := p.parse()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, p.errf("unexpected %q", p.s[p.i:])
	}
	return t, nil
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) errf(format string, args ...any) error {
	return &ParseError{Text: p.s, Offset: p.i, Msg: fmt.Sprintf(format, args...)}
}

func (p *typeParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *typeParser) peek() byte {
	p.space()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *typeParser) expect(c byte) error {
	if p.peek() != c {
		if p.i >= len(p.s) {
			return p.errf("expected %q, found end of type", c)
		}
		return p.errf("expected %q, found %q", c, p.s[p.i])
	}
	p.i++
	return nil
}

// word reads an identifier, a backquoted or double-quoted name.
func (p *typeParser) word() (string, error) {
	p.space()
	if p.i >= len(p.s) {
		return "", p.errf("expected a name, found end of type")
	}
	switch q := p.s[p.i]; q {
	case '`', '"':
		j := p.i + 1
		var b strings.Builder
		for j < len(p.s) {
			if p.s[j] == q {
				if j+1 < len(p.s) && p.s[j+1] == q {
					b.WriteByte(q)
					j += 2
					continue
				}
				p.i = j + 1
				return b.String(), nil
			}
			b.WriteByte(p.s[j])
			j++
		}
		return "", p.errf("unterminated quoted name")
	}
	j := p.i
	for j < len(p.s) {
		c := p.s[j]
		if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			j++
			continue
		}
		break
	}
	if j == p.i {
		return "", p.errf("expected a name, found %q", p.s[p.i])
	}
	w := p.s[p.i:j]
	p.i = j
	return w, nil
}

func (p *typeParser) number() (int, error) {
	p.space()
	j := p.i
	for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
		j++
	}
	if j == p.i {
		return 0, p.errf("expected a number")
	}
	n, err := strconv.Atoi(p.s[p.i:j])
	if err != nil {
		return 0, p.errf("bad number %q", p.s[p.i:j])
	}
	p.i = j
	return n, nil
}

// params reads an optional "(n)" or "(n, m)".
func (p *typeParser) params() ([]int, error) {
	if p.peek() != '(' {
		return nil, nil
	}
	p.i++
	var out []int
	for {
		n, err := p.number()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if p.peek() == ',' {
			p.i++
			continue
		}
		return out, p.expect(')')
	}
}

func (p *typeParser) keyword(w string) bool {
	save := p.i
	got, err := p.word()
	if err == nil && strings.EqualFold(got, w) {
		return true
	}
	p.i = save
	return false
}

func (p *typeParser) parse() (*Type, error) {
	start := p.i
	name, err := p.word()
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(name) {
	case "boolean":
		return BooleanType, nil
	case "tinyint":
		return TinyIntType, nil
	case "smallint":
		return SmallIntType, nil
	case "int", "integer":
		return IntegerType, nil
	case "bigint":
		return BigIntType, nil
	case "float", "real":
		return RealType, nil
	case "double":
		p.keyword("precision")
		return DoubleType, nil
	case "string":
		return VarcharType, nil
	case "varchar":
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return VarcharType, nil
		}
		return NewVarchar(ps[0]), nil
	case "char":
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		n := 1
		if len(ps) > 0 {
			n = ps[0]
		}
		return &Type{Kind: Char, Precision: n}, nil
	case "binary", "varbinary":
		return VarbinaryType, nil
	case "json":
		return JSONType, nil
	case "date":
		return DateType, nil
	case "ipaddress":
		return IPAddressType, nil
	case "ipprefix":
		return IPPrefixType, nil
	case "decimal", "numeric":
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		prec, scale := 38, 0
		if len(ps) > 0 {
			prec = ps[0]
		}
		if len(ps) > 1 {
			scale = ps[1]
		}
		if prec < 1 || prec > 38 || scale > prec {
			return nil, &ParseError{Text: p.s, Offset: start, Msg: fmt.Sprintf("invalid decimal precision %d and scale %d", prec, scale)}
		}
		return NewDecimal(prec, scale), nil
	case "time", "timestamp":
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		prec := 3
		if strings.EqualFold(name, "time") {
			prec = 3
		}
		if len(ps) > 0 {
			prec = ps[0]
			if prec > 12 {
				return nil, &ParseError{Text: p.s, Offset: start, Msg: fmt.Sprintf("precision %d is out of range 0..12", prec)}
			}
		}
		tz := false
		save := p.i
		if p.keyword("with") {
			if p.keyword("time") && p.keyword("zone") {
				tz = true
			} else {
				p.i = save
			}
		} else if p.keyword("without") {
			if !(p.keyword("time") && p.keyword("zone")) {
				p.i = save
			}
		}
		if strings.EqualFold(name, "time") {
			return &Type{Kind: Time, Precision: prec}, nil
		}
		return NewTimestamp(prec, tz), nil
	case "interval_day_time":
		return IntervalDayType, nil
	case "interval_year_month":
		return IntervalMonthType, nil
	case "interval":
		from, err := p.word()
		if err != nil {
			return nil, err
		}
		if !p.keyword("to") {
			return nil, p.errf("expected TO in interval type")
		}
		to, err := p.word()
		if err != nil {
			return nil, err
		}
		f, t := strings.ToLower(from), strings.ToLower(to)
		if f == "year" && t == "month" {
			return IntervalMonthType, nil
		}
		if f == "day" && t == "second" {
			return IntervalDayType, nil
		}
		return nil, &ParseError{Text: p.s, Offset: start, Msg: "unsupported interval type " + from + " to " + to}
	case "array":
		open := p.peek()
		if open != '<' && open != '(' {
			return nil, p.errf("expected '<' or '(' after array")
		}
		p.i++
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect(closer(open)); err != nil {
			return nil, err
		}
		return NewArray(elem), nil
	case "map":
		open := p.peek()
		if open != '<' && open != '(' {
			return nil, p.errf("expected '<' or '(' after map")
		}
		p.i++
		k, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		v, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect(closer(open)); err != nil {
			return nil, err
		}
		return NewMap(k, v), nil
	case "struct", "row":
		open := p.peek()
		if open != '<' && open != '(' {
			return nil, p.errf("expected '<' or '(' after %s", name)
		}
		p.i++
		var fields []Field
		if p.peek() == closer(open) {
			p.i++
			return NewRow(fields...), nil
		}
		for {
			fname, err := p.word()
			if err != nil {
				return nil, err
			}
			if open == '<' {
				if err := p.expect(':'); err != nil {
					return nil, err
				}
			} else if p.peek() == ':' {
				p.i++
			}
			ft, err := p.parse()
			if err != nil {
				return nil, err
			}
			p.space()
			// Hive allows COMMENT 'text' after a struct field.
			if p.keyword("comment") {
				if err := p.skipString(); err != nil {
					return nil, err
				}
			}
			fields = append(fields, Field{Name: strings.ToLower(fname), Type: ft})
			if p.peek() == ',' {
				p.i++
				continue
			}
			if err := p.expect(closer(open)); err != nil {
				return nil, err
			}
			return NewRow(fields...), nil
		}
	}
	return nil, &ParseError{Text: p.s, Offset: start, Msg: fmt.Sprintf("unknown type %q", name)}
}

func (p *typeParser) skipString() error {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != '\'' && p.s[p.i] != '"' {
		return p.errf("expected a quoted comment")
	}
	q := p.s[p.i]
	for j := p.i + 1; j < len(p.s); j++ {
		if p.s[j] == '\\' {
			j++
			continue
		}
		if p.s[j] == q {
			p.i = j + 1
			return nil
		}
	}
	return p.errf("unterminated comment")
}

func closer(open byte) byte {
	if open == '<' {
		return '>'
	}
	return ')'
}
