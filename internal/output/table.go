package output

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// Table buffers rows and prints them aligned on Close, in the layout of
// the Trino CLI's ALIGNED format: names centred, numeric columns
// right-aligned and the others left-aligned, one space of padding each
// side, columns separated by '|', a header rule of '-' joined by '+',
// NULL as "NULL". A value with line breaks takes several lines, each but
// the last ending in '+'. Widths are terminal cells, so East Asian wide
// characters and emoji count two and combining marks none. It keeps at
// most MaxRows rows (the rest are counted and reported).
type Table struct {
	w       io.Writer
	names   []string
	numeric []bool
	rows    [][]string
	MaxRows int
	dropped int
}

// NewTable returns a table writer.
func NewTable(w io.Writer) *Table { return &Table{w: w, MaxRows: 10000} }

// Header records the names and which columns are numeric.
func (t *Table) Header(names []string, ts []*types.Type) error {
	t.names = names
	t.numeric = make([]bool, len(names))
	for i := range names {
		if i < len(ts) && ts[i] != nil && ts[i].IsNumeric() {
			t.numeric[i] = true
		}
	}
	return nil
}

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
				row[i] = cellText(value.Format(col.Type, col.Value(r)))
			}
		}
		t.rows = append(t.rows, row)
	}
	return nil
}

// Row buffers one row of text values.
func (t *Table) Row(fields []*string) error {
	if len(t.rows) >= t.MaxRows {
		t.dropped++
		return nil
	}
	row := make([]string, len(fields))
	for i, f := range fields {
		if f == nil {
			row[i] = "NULL"
		} else {
			row[i] = cellText(*f)
		}
	}
	t.rows = append(t.rows, row)
	return nil
}

// cellText makes a value safe to print in a cell: CR LF and CR become
// line breaks, tabs a space, and other control characters U+FFFD, so
// nothing moves the cursor but the line breaks the table handles.
func cellText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			b.WriteByte('\n')
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Close prints the table.
func (t *Table) Close() error {
	if len(t.names) == 0 {
		return nil
	}
	n := len(t.names)
	width := make([]int, n)
	for i, name := range t.names {
		width[i] = max(1, Width(name))
	}
	for _, r := range t.rows {
		for i, c := range r {
			for _, l := range strings.Split(c, "\n") {
				width[i] = max(width[i], Width(l))
			}
		}
	}
	bw := bufio.NewWriter(t.w)
	for i, name := range t.names {
		if i > 0 {
			bw.WriteByte('|')
		}
		pad := width[i] - Width(name)
		left := pad / 2
		bw.WriteString(strings.Repeat(" ", left+1))
		bw.WriteString(name)
		bw.WriteString(strings.Repeat(" ", pad-left+1))
	}
	bw.WriteByte('\n')
	for i, w := range width {
		if i > 0 {
			bw.WriteByte('+')
		}
		bw.WriteString(strings.Repeat("-", w+2))
	}
	bw.WriteByte('\n')
	lines := make([][]string, n)
	for _, r := range t.rows {
		height := 1
		for i, c := range r {
			lines[i] = strings.Split(c, "\n")
			height = max(height, len(lines[i]))
		}
		for l := 0; l < height; l++ {
			for i := range r {
				if i > 0 {
					bw.WriteByte('|')
				}
				s := ""
				if l < len(lines[i]) {
					s = lines[i][l]
				}
				fill := strings.Repeat(" ", width[i]-Width(s))
				end := " "
				if l+1 < len(lines[i]) {
					end = "+"
				}
				if t.numeric[i] {
					bw.WriteString(" " + fill + s + end)
				} else {
					bw.WriteString(" " + s + fill + end)
				}
			}
			bw.WriteByte('\n')
		}
	}
	if t.dropped > 0 {
		bw.WriteString("... " + strconv.Itoa(t.dropped) + " more rows (use --format csv for all)\n")
	}
	return bw.Flush()
}

// Width is the number of terminal cells s takes: two for East Asian wide
// and fullwidth characters and emoji, none for combining marks and
// other zero-width characters, one for the rest.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return 0
		}
		return 1
	case r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff:
		return 0
	case r >= 0x1160 && r <= 0x11ff: // Hangul jungseong and jongseong
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me) || (unicode.Is(unicode.Cf, r) && r != 0xad):
		return 0
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return 0
	}
	lo, hi := 0, len(wide)-1
	for lo <= hi {
		m := (lo + hi) / 2
		switch {
		case r < wide[m][0]:
			hi = m - 1
		case r > wide[m][1]:
			lo = m + 1
		default:
			return 2
		}
	}
	return 1
}

// wide lists the East Asian Wide (W) and Fullwidth (F) ranges of Unicode
// 15 (EastAsianWidth.txt), merged, in order.
var wide = [][2]rune{
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19},
	{0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4},
	{0x16ff0, 0x16ff1}, {0x17000, 0x18cd5}, {0x18d00, 0x18d08}, {0x1aff0, 0x1b2fb},
	{0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
	{0x1f200, 0x1f202}, {0x1f210, 0x1f23b}, {0x1f240, 0x1f248}, {0x1f250, 0x1f251},
	{0x1f260, 0x1f265}, {0x1f300, 0x1f320}, {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c},
	{0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca}, {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0},
	{0x1f3f4, 0x1f3f4}, {0x1f3f8, 0x1f43e}, {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc},
	{0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e}, {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a},
	{0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5},
	{0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6d7}, {0x1f6dc, 0x1f6df},
	{0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc}, {0x1f7e0, 0x1f7eb}, {0x1f7f0, 0x1f7f0},
	{0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1fa7c},
	{0x1fa80, 0x1fa88}, {0x1fa90, 0x1fabd}, {0x1fabf, 0x1fac5}, {0x1face, 0x1fadb},
	{0x1fae0, 0x1fae8}, {0x1faf0, 0x1faf8}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
}
