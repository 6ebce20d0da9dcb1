package partition

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateFormat is a compiled java.time DateTimeFormatter pattern, the subset
// that partition paths use: years (y, u), months (M, L, numeric or English
// text), days (d), hours (H), minutes (m), seconds (s), fractions of a
// second (S), quoted literal text and any other punctuation. Times are UTC
// and kept as milliseconds since the epoch (projected dates have millisecond
// resolution, as in Athena).
type dateFormat struct {
	pattern string
	elems   []fmtElem
}

type fmtElem struct {
	letter byte   // 0 for literal text
	count  int    // number of pattern letters
	lit    string // literal text when letter == 0
}

// precision of a format: the smallest calendar field it prints.
type precision int

const (
	precNone precision = iota
	precYear
	precMonth
	precDay
	precHour
	precMinute
	precSecond
	precMilli
)

var monthNames = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// compileDateFormat parses a DateTimeFormatter pattern.
func compileDateFormat(pattern string) (*dateFormat, error) {
	if pattern == "" {
		return nil, fmt.Errorf("empty date format")
	}
	f := &dateFormat{pattern: pattern}
	addLit := func(s string) {
		if n := len(f.elems); n > 0 && f.elems[n-1].letter == 0 {
			f.elems[n-1].lit += s
			return
		}
		f.elems = append(f.elems, fmtElem{lit: s})
	}
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\'':
			// Quoted literal; '' is a single quote, inside or outside quotes.
			if i+1 < len(pattern) && pattern[i+1] == '\'' {
				addLit("'")
				i += 2
				continue
			}
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(pattern) {
				if pattern[j] == '\'' {
					if j+1 < len(pattern) && pattern[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					closed = true
					break
				}
				b.WriteByte(pattern[j])
				j++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated quoted text at position %d of date format %q", i, pattern)
			}
			addLit(b.String())
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(pattern) && pattern[j] == c {
				j++
			}
			n := j - i
			if err := checkLetter(c, n); err != nil {
				return nil, fmt.Errorf("%v in date format %q", err, pattern)
			}
			f.elems = append(f.elems, fmtElem{letter: c, count: n})
			i = j
		case c == '[' || c == ']' || c == '{' || c == '}' || c == '#':
			return nil, fmt.Errorf("unsupported character %q at position %d of date format %q", c, i, pattern)
		default:
			addLit(string(c))
			i++
		}
	}
	seen := map[byte]bool{}
	for _, e := range f.elems {
		if e.letter == 0 {
			continue
		}
		k := fieldOf(e.letter)
		if seen[k] {
			return nil, fmt.Errorf("field %q appears twice in date format %q", e.letter, pattern)
		}
		seen[k] = true
	}
	return f, nil
}

// fieldOf maps synonymous pattern letters to one field.
func fieldOf(c byte) byte {
	switch c {
	case 'u':
		return 'y'
	case 'L':
		return 'M'
	}
	return c
}

func checkLetter(c byte, n int) error {
	switch c {
	case 'y', 'u':
		if n > 10 {
			return fmt.Errorf("too many pattern letters %q", strings.Repeat(string(c), n))
		}
	case 'M', 'L':
		if n > 4 {
			return fmt.Errorf("unsupported pattern letters %q", strings.Repeat(string(c), n))
		}
	case 'd', 'H', 'm', 's':
		if n > 2 {
			return fmt.Errorf("too many pattern letters %q", strings.Repeat(string(c), n))
		}
	case 'S':
		if n > 9 {
			return fmt.Errorf("too many pattern letters %q", strings.Repeat(string(c), n))
		}
	default:
		return fmt.Errorf("unsupported pattern letter %q", c)
	}
	return nil
}

// precision returns the finest field the format prints.
func (f *dateFormat) precision() precision {
	p := precNone
	for _, e := range f.elems {
		var q precision
		switch fieldOf(e.letter) {
		case 'y':
			q = precYear
		case 'M':
			q = precMonth
		case 'd':
			q = precDay
		case 'H':
			q = precHour
		case 'm':
			q = precMinute
		case 's':
			q = precSecond
		case 'S':
			q = precMilli
		}
		if q > p {
			p = q
		}
	}
	return p
}

// orderPreserving reports whether comparing formatted values as strings
// orders them chronologically: fixed-width numeric fields, from the year
// down without gaps, separated by constant text.
func (f *dateFormat) orderPreserving() bool {
	want := []byte{'y', 'M', 'd', 'H', 'm', 's', 'S'}
	i := 0
	for _, e := range f.elems {
		if e.letter == 0 {
			continue
		}
		if i >= len(want) || fieldOf(e.letter) != want[i] {
			return false
		}
		switch fieldOf(e.letter) {
		case 'y':
			if e.count < 4 {
				return false
			}
		case 'S':
		default:
			if e.count != 2 {
				return false
			}
		}
		i++
	}
	return i > 0
}

// format prints the UTC time ms (milliseconds since the epoch).
func (f *dateFormat) format(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	var b strings.Builder
	for _, e := range f.elems {
		switch fieldOf(e.letter) {
		case 0:
			b.WriteString(e.lit)
		case 'y':
			y := t.Year()
			if e.count == 2 {
				pad(&b, int64(((y%100)+100)%100), 2)
			} else {
				if y < 0 {
					b.WriteByte('-')
					y = -y
				} else if e.count >= 4 && y >= pow10(e.count) {
					b.WriteByte('+')
				}
				pad(&b, int64(y), e.count)
			}
		case 'M':
			switch e.count {
			case 3:
				b.WriteString(monthNames[t.Month()-1][:3])
			case 4:
				b.WriteString(monthNames[t.Month()-1])
			default:
				pad(&b, int64(t.Month()), e.count)
			}
		case 'd':
			pad(&b, int64(t.Day()), e.count)
		case 'H':
			pad(&b, int64(t.Hour()), e.count)
		case 'm':
			pad(&b, int64(t.Minute()), e.count)
		case 's':
			pad(&b, int64(t.Second()), e.count)
		case 'S':
			milli := int64(t.Nanosecond() / 1e6)
			if e.count <= 3 {
				pad(&b, milli/int64(pow10(3-e.count)), e.count)
			} else {
				pad(&b, milli*int64(pow10(e.count-3)), e.count)
			}
		}
	}
	return b.String()
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func pad(b *strings.Builder, v int64, width int) {
	s := strconv.FormatInt(v, 10)
	for i := len(s); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(s)
}

// numeric reports whether the element parses as digits, and its fixed
// width (0 when variable).
func (e fmtElem) numeric() (ok bool, fixed int) {
	switch fieldOf(e.letter) {
	case 'y':
		if e.count == 2 {
			return true, 2
		}
		return true, 0
	case 'M':
		if e.count >= 3 {
			return false, 0
		}
		fallthrough
	case 'd', 'H', 'm', 's':
		if e.count == 2 {
			return true, 2
		}
		return true, 0
	case 'S':
		return true, e.count
	}
	return false, 0
}

// parse reads s strictly (the whole string must match) as a UTC time and
// returns milliseconds since the epoch. Fields the format lacks default to
// 1970-01-01T00:00:00.000.
func (f *dateFormat) parse(s string) (int64, error) {
	year, month, day, hour, minute, sec, milli := 1970, 1, 1, 0, 0, 0, 0
	pos := 0
	for i, e := range f.elems {
		if e.letter == 0 {
			if !strings.HasPrefix(s[pos:], e.lit) {
				return 0, fmt.Errorf("expected %q at position %d", e.lit, pos)
			}
			pos += len(e.lit)
			continue
		}
		if fieldOf(e.letter) == 'M' && e.count >= 3 {
			found := false
			for m, name := range monthNames {
				if e.count == 3 {
					name = name[:3]
				}
				if strings.HasPrefix(s[pos:], name) {
					month = m + 1
					pos += len(name)
					found = true
					break
				}
			}
			if !found {
				return 0, fmt.Errorf("expected a month name at position %d", pos)
			}
			continue
		}
		_, fixed := e.numeric()
		// Sign of a year printed beyond its padding width.
		neg := false
		if fieldOf(e.letter) == 'y' && e.count != 2 && pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
			neg = s[pos] == '-'
			pos++
		}
		avail := 0
		for pos+avail < len(s) && s[pos+avail] >= '0' && s[pos+avail] <= '9' {
			avail++
		}
		var n int
		if fixed > 0 {
			n = fixed
			if avail < n {
				return 0, fmt.Errorf("expected %d digits at position %d", fixed, pos)
			}
		} else {
			// Variable width: leave the digits that adjacent fixed-width
			// fields need (adjacent value parsing).
			reserved := 0
			for _, next := range f.elems[i+1:] {
				ok, w := next.numeric()
				if !ok || w == 0 {
					break
				}
				reserved += w
			}
			min, max := e.count, 2
			if fieldOf(e.letter) == 'y' {
				max = 10
			}
			n = avail - reserved
			if n > max {
				n = max
			}
			if n < min {
				return 0, fmt.Errorf("expected at least %d digits at position %d", min, pos)
			}
		}
		v, _ := strconv.Atoi(s[pos : pos+n])
		pos += n
		switch fieldOf(e.letter) {
		case 'y':
			if e.count == 2 {
				v += 2000
			}
			if neg {
				v = -v
			}
			year = v
		case 'M':
			month = v
		case 'd':
			day = v
		case 'H':
			hour = v
		case 'm':
			minute = v
		case 's':
			sec = v
		case 'S':
			if n <= 3 {
				milli = v * pow10(3-n)
			} else {
				milli = v / pow10(n-3)
			}
		}
	}
	if pos != len(s) {
		return 0, fmt.Errorf("unexpected text %q at position %d", s[pos:], pos)
	}
	switch {
	case year < -maxYear || year > maxYear:
		return 0, fmt.Errorf("year %d is out of range", year)
	case month < 1 || month > 12:
		return 0, fmt.Errorf("month %d is out of range", month)
	case day < 1 || day > daysIn(year, month):
		return 0, fmt.Errorf("day %d is out of range for %04d-%02d", day, year, month)
	case hour > 23:
		return 0, fmt.Errorf("hour %d is out of range", hour)
	case minute > 59:
		return 0, fmt.Errorf("minute %d is out of range", minute)
	case sec > 59:
		return 0, fmt.Errorf("second %d is out of range", sec)
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, milli*1e6, time.UTC)
	return t.UnixMilli(), nil
}

// maxYear bounds the years dates may have, so that milliseconds since the
// epoch never overflow.
const maxYear = 1_000_000

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths adds n months to the UTC time ms as java.time does: the day of
// month is clamped to the length of the resulting month (Jan 31 + 1 month
// is Feb 28 or 29).
func addMonths(ms int64, n int64) int64 {
	t := time.UnixMilli(ms).UTC()
	total := int64(t.Year())*12 + int64(t.Month()-1) + n
	y := int(floorDiv(total, 12))
	m := int(total-int64(y)*12) + 1
	d := t.Day()
	if dm := daysIn(y, m); d > dm {
		d = dm
	}
	return time.Date(y, time.Month(m), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).UnixMilli()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
