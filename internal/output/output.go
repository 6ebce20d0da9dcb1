// Package output renders result rows: Athena's CSV result-file format
// (every non-NULL value double-quoted, inner quotes doubled, NULL an empty
// unquoted field), JSON lines, and aligned tables for terminals. Values
// are printed as Trino prints them.
package output

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Writer receives a result's header once, then batches.
type Writer interface {
	Header(names []string, ts []*types.Type) error
	Batch(b *vector.Batch) error
	Close() error
}

// FormatWriter is a writer of one of the formats, which takes both
// batches and text rows.
type FormatWriter interface {
	Writer
	Row(fields []*string) error
}

// New returns the writer for a format name: table, csv or json.
func New(format string, w io.Writer) (FormatWriter, error) {
	switch format {
	case "csv":
		return NewCSV(w), nil
	case "json":
		return NewJSON(w), nil
	case "table":
		return NewTable(w), nil
	}
	return nil, fmt.Errorf("unknown --format %q: use table, csv or json", format)
}

// TextWriter receives rows already in Trino's text form, as the Athena
// API returns them (nil is NULL); a type in Header may be nil when only
// its base name is known (array, map, row).
type TextWriter interface {
	Header(names []string, ts []*types.Type) error
	Row(fields []*string) error
	Close() error
}

// bufErr reports a write error a bufio.Writer has recorded (a Write of
// nothing returns it), so a writer can stop a query whose output is gone
// (a closed pipe) at the next batch instead of at Close.
func bufErr(w *bufio.Writer) error {
	_, err := w.Write(nil)
	return err
}

// CSV writes Athena's result-file CSV.
type CSV struct {
	w *bufio.Writer
}

// NewCSV returns a CSV writer.
func NewCSV(w io.Writer) *CSV { return &CSV{w: bufio.NewWriterSize(w, 64<<10)} }

func (c *CSV) field(s string) { WriteQuoted(c.w, s) }

// WriteQuoted writes s as a quoted CSV field the way Athena's result files
// quote every value: in double quotes, inner quotes doubled (no allocation).
func WriteQuoted(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		w.WriteString(s[:i+1])
		w.WriteByte('"')
		s = s[i+1:]
	}
	w.WriteString(s)
	w.WriteByte('"')
}

// Header writes the column names.
func (c *CSV) Header(names []string, ts []*types.Type) error {
	for i, n := range names {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.field(n)
	}
	c.w.WriteByte('\n')
	return bufErr(c.w)
}

// Batch writes rows.
func (c *CSV) Batch(b *vector.Batch) error {
	for r := 0; r < b.N; r++ {
		for i, col := range b.Cols {
			if i > 0 {
				c.w.WriteByte(',')
			}
			if col.IsNull(r) {
				continue
			}
			c.field(value.Format(col.Type, col.Value(r)))
		}
		c.w.WriteByte('\n')
	}
	return bufErr(c.w)
}

// Row writes one row of text values.
func (c *CSV) Row(fields []*string) error {
	for i, f := range fields {
		if i > 0 {
			c.w.WriteByte(',')
		}
		if f != nil {
			c.field(*f)
		}
	}
	c.w.WriteByte('\n')
	return bufErr(c.w)
}

// Close flushes.
func (c *CSV) Close() error { return c.w.Flush() }

// JSON writes one object per row, as the Trino CLI's JSON output format
// does: booleans as JSON booleans; tinyint to bigint, real and double as
// JSON numbers (doubles spelled as Java prints them, 1.5E10; NaN and the
// infinities, which JSON numbers cannot hold, as the strings "NaN",
// "Infinity" and "-Infinity", as Jackson writes them); decimals as
// strings, so no precision is lost; varchar, char, json, dates, times,
// timestamps, intervals and IP addresses as strings in Trino's text
// form; varbinary as a hex dump string ("68 65"). The Trino CLI fails on
// composite values (trinodb/trino#4589); trawl writes arrays as JSON
// arrays, maps as objects keyed by the key's text, and rows as objects
// keyed by field name (field0, field1, ... for unnamed fields), in field
// order. NULL, at any depth, is null.
type JSON struct {
	w     *bufio.Writer
	names []string
	types []*types.Type
	buf   []byte
}

// NewJSON returns a JSON-lines writer.
func NewJSON(w io.Writer) *JSON { return &JSON{w: bufio.NewWriterSize(w, 64<<10)} }

// Header records the names.
func (j *JSON) Header(names []string, ts []*types.Type) error {
	j.names, j.types = names, ts
	return nil
}

// Batch writes rows.
func (j *JSON) Batch(b *vector.Batch) error {
	for r := 0; r < b.N; r++ {
		buf := append(j.buf[:0], '{')
		for i, col := range b.Cols {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = j.key(buf, i)
			buf = AppendJSON(buf, col.Type, col.Value(r))
		}
		buf = append(buf, '}', '\n')
		j.w.Write(buf)
		j.buf = buf
	}
	return bufErr(j.w)
}

// key appends column i's name and a colon.
func (j *JSON) key(buf []byte, i int) []byte {
	name := "_col" + strconv.Itoa(i)
	if i < len(j.names) {
		name = j.names[i]
	}
	buf = appendJSONString(buf, name)
	return append(buf, ':')
}

// Row writes one row of text values: booleans and numbers other than
// decimals as JSON literals (when the text is one), everything else as a
// string, NULL as null.
func (j *JSON) Row(fields []*string) error {
	buf := append(j.buf[:0], '{')
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = j.key(buf, i)
		var t *types.Type
		if i < len(j.types) {
			t = j.types[i]
		}
		switch {
		case f == nil:
			buf = append(buf, "null"...)
		case t != nil && t.Kind == types.Boolean && (*f == "true" || *f == "false"):
			buf = append(buf, *f...)
		case t != nil && t.IsNumeric() && t.Kind != types.Decimal && jsonNumber(*f):
			buf = append(buf, *f...)
		default:
			buf = appendJSONString(buf, *f)
		}
	}
	buf = append(buf, '}', '\n')
	j.w.Write(buf)
	j.buf = buf
	return bufErr(j.w)
}

// jsonNumber reports whether s is a JSON number literal.
func jsonNumber(s string) bool {
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return false // NaN, Infinity
		}
	}
	return s[0] != '+' && s[0] != '.'
}

// Close flushes.
func (j *JSON) Close() error { return j.w.Flush() }

// AppendJSON appends the JSON text of a value of type t (nil is NULL) to
// buf; see JSON for the mapping.
func AppendJSON(buf []byte, t *types.Type, v any) []byte {
	if v == nil {
		return append(buf, "null"...)
	}
	switch t.Kind {
	case types.Unknown:
		return append(buf, "null"...)
	case types.Boolean:
		return strconv.AppendBool(buf, v.(bool))
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		return strconv.AppendInt(buf, v.(int64), 10)
	case types.Real, types.Double:
		s := value.Format(t, v)
		switch s {
		case "NaN", "Infinity", "-Infinity":
			return appendJSONString(buf, s)
		}
		return append(buf, s...)
	case types.Array:
		buf = append(buf, '[')
		for i, e := range v.([]any) {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = AppendJSON(buf, t.Elem, e)
		}
		return append(buf, ']')
	case types.Map:
		m := v.(*types.MapValue)
		buf = append(buf, '{')
		for i := range m.Keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			k := "null"
			if m.Keys[i] != nil {
				k = value.Format(t.Key, m.Keys[i])
			}
			buf = appendJSONString(buf, k)
			buf = append(buf, ':')
			buf = AppendJSON(buf, t.Value, m.Values[i])
		}
		return append(buf, '}')
	case types.Row:
		fs := v.([]any)
		buf = append(buf, '{')
		for i, f := range t.Fields {
			if i > 0 {
				buf = append(buf, ',')
			}
			name := f.Name
			if name == "" {
				name = "field" + strconv.Itoa(i)
			}
			buf = appendJSONString(buf, name)
			buf = append(buf, ':')
			var fv any
			if i < len(fs) {
				fv = fs[i]
			}
			buf = AppendJSON(buf, f.Type, fv)
		}
		return append(buf, '}')
	}
	return appendJSONString(buf, value.Format(t, v))
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaping what JSON
// requires (quote, backslash, control characters) and nothing else, as
// Jackson does; invalid UTF-8 becomes U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			case '\b':
				buf = append(buf, '\\', 'b')
			case '\f':
				buf = append(buf, '\\', 'f')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
