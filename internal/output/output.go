// Package output renders result rows: Athena's CSV result-file format
// (every non-NULL value double-quoted, inner quotes doubled, NULL an empty
// unquoted field), JSON lines, and aligned tables for terminals. Values
// are printed as Trino prints them.
package output

import (
	"bufio"
	"encoding/json"
	"io"
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

// CSV writes Athena's result-file CSV.
type CSV struct {
	w *bufio.Writer
}

// NewCSV returns a CSV writer.
func NewCSV(w io.Writer) *CSV { return &CSV{w: bufio.NewWriterSize(w, 64<<10)} }

func (c *CSV) field(s string) {
	c.w.WriteByte('"')
	if strings.IndexByte(s, '"') >= 0 {
		s = strings.ReplaceAll(s, `"`, `""`)
	}
	c.w.WriteString(s)
	c.w.WriteByte('"')
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
	return nil
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
	return nil
}

// Close flushes.
func (c *CSV) Close() error { return c.w.Flush() }

// JSON writes one object per row, values as JSON numbers, booleans,
// strings, arrays and objects.
type JSON struct {
	w     *bufio.Writer
	names []string
}

// NewJSON returns a JSON-lines writer.
func NewJSON(w io.Writer) *JSON { return &JSON{w: bufio.NewWriter(w)} }

// Header records the names.
func (j *JSON) Header(names []string, ts []*types.Type) error { j.names = names; return nil }

// Batch writes rows.
func (j *JSON) Batch(b *vector.Batch) error {
	for r := 0; r < b.N; r++ {
		j.w.WriteByte('{')
		for i, col := range b.Cols {
			if i > 0 {
				j.w.WriteByte(',')
			}
			k, _ := json.Marshal(j.names[i])
			j.w.Write(k)
			j.w.WriteByte(':')
			v, _ := json.Marshal(ToJSON(col.Type, col.Value(r)))
			j.w.Write(v)
		}
		j.w.WriteString("}\n")
	}
	return nil
}

// Close flushes.
func (j *JSON) Close() error { return j.w.Flush() }

// ToJSON converts a value to the Go value encoding/json renders as JSON.
func ToJSON(t *types.Type, v any) any {
	if v == nil {
		return nil
	}
	switch t.Kind {
	case types.Boolean:
		return v
	case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
		return v
	case types.Real, types.Double:
		return json.Number(value.Format(t, v))
	case types.JSON:
		return json.RawMessage(v.(string))
	case types.Array:
		arr := v.([]any)
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = ToJSON(t.Elem, e)
		}
		return out
	case types.Row:
		m := map[string]any{}
		for i, f := range t.Fields {
			m[f.Name] = ToJSON(f.Type, v.([]any)[i])
		}
		return m
	case types.Map:
		mv := v.(*types.MapValue)
		m := map[string]any{}
		for i := range mv.Keys {
			m[value.Format(t.Key, mv.Keys[i])] = ToJSON(t.Value, mv.Values[i])
		}
		return m
	}
	return value.Format(t, v)
}

// Table buffers rows and prints an aligned table on Close; it keeps at
// most MaxRows rows (the rest are counted).
type Table struct {
	w       io.Writer
	names   []string
	rows    [][]string
	MaxRows int
	dropped int
}

// NewTable returns a table writer.
func NewTable(w io.Writer) *Table { return &Table{w: w, MaxRows: 10000} }

// Header records the names.
func (t *Table) Header(names []string, ts []*types.Type) error { t.names = names; return nil }

// Batch buffers rows.
func (t *Table) Batch(b *vector.Batch) error {
	for r := 0; r < b.N; r++ {
		if len(t.rows) >= t.MaxRows {
			t.dropped++
			continue
		}
		row := make([]string, len(b.Cols))
		for i, col := range b.Cols {
			if col.IsNull(r) {
				row[i] = "NULL"
			} else {
				row[i] = strings.ReplaceAll(value.Format(col.Type, col.Value(r)), "\n", " ")
			}
		}
		t.rows = append(t.rows, row)
	}
	return nil
}

// Close prints the table.
func (t *Table) Close() error {
	if len(t.names) == 0 {
		return nil
	}
	width := make([]int, len(t.names))
	for i, n := range t.names {
		width[i] = utf8.RuneCountInString(n)
	}
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriter(t.w)
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				bw.WriteString(" | ")
			}
			bw.WriteString(c)
			if i < len(cells)-1 {
				bw.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
			}
		}
		bw.WriteByte('\n')
	}
	line(t.names)
	sep := make([]string, len(width))
	for i, w := range width {
		sep[i] = strings.Repeat("-", w)
	}
	bw.WriteString(strings.Join(sep, "-+-") + "\n")
	for _, r := range t.rows {
		line(r)
	}
	if t.dropped > 0 {
		bw.WriteString("... " + itoa(t.dropped) + " more rows (use --format csv for all)\n")
	}
	return bw.Flush()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
