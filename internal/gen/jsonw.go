package gen

import (
	"math/rand/v2"
	"strconv"
)

const hexDigits = "0123456789abcdef"

// needsEscape reports whether s holds a byte that JSON requires to escape.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return true
		}
	}
	return false
}

// appendEscaped appends s as the inside of a JSON string (no quotes).
// Non-ASCII UTF-8 is kept as is, as CloudTrail does.
func appendEscaped(b []byte, s string) []byte {
	if !needsEscape(s) {
		return append(b, s...)
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	return append(b, s[start:]...)
}

// appendQuoted appends s as a JSON string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

func append2(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int64) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// appendTime appends unix seconds as "2006-01-02T15:04:05Z".
func appendTime(b []byte, t int64) []byte {
	days := t / 86400
	sec := t % 86400
	if sec < 0 {
		sec += 86400
		days--
	}
	y, m, d := civil(days)
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	return appendClock(b, sec)
}

// appendClock appends seconds-of-day as "15:04:05Z".
func appendClock(b []byte, sec int64) []byte {
	b = append2(b, sec/3600)
	b = append(b, ':')
	b = append2(b, sec/60%60)
	b = append(b, ':')
	b = append2(b, sec%60)
	return append(b, 'Z')
}

// putClock writes "15:04:05" for seconds-of-day into dst[0:8].
func putClock(dst []byte, sec int64) {
	h, m, s := sec/3600, sec/60%60, sec%60
	dst[0], dst[1] = byte('0'+h/10), byte('0'+h%10)
	dst[3], dst[4] = byte('0'+m/10), byte('0'+m%10)
	dst[6], dst[7] = byte('0'+s/10), byte('0'+s%10)
}

// appendStamp appends unix seconds as "20060102T1504" (file name stamp,
// without the trailing Z); withSec adds seconds.
func appendStamp(b []byte, t int64, withSec bool) []byte {
	days := t / 86400
	sec := t % 86400
	y, m, d := civil(days)
	b = append4(b, y)
	b = append2(b, m)
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, sec/3600)
	b = append2(b, sec/60%60)
	if withSec {
		b = append2(b, sec%60)
	}
	return b
}

// appendDatePath appends "2006/01/02".
func appendDatePath(b []byte, day int64) []byte {
	y, m, d := civil(day)
	b = append4(b, y)
	b = append(b, '/')
	b = append2(b, m)
	b = append(b, '/')
	return append2(b, d)
}

var monthAbbr = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// appendSTSExpiration appends the odd "Jul 10, 2023, 12:55:24 PM" format STS
// uses for credentials.expiration.
func appendSTSExpiration(b []byte, t int64) []byte {
	y, m, d := civil(t / 86400)
	sec := t % 86400
	h := sec / 3600
	ampm := "AM"
	if h >= 12 {
		ampm = "PM"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	b = append(b, monthAbbr[m-1]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, d, 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, y, 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, h12, 10)
	b = append(b, ':')
	b = append2(b, sec/60%60)
	b = append(b, ':')
	b = append2(b, sec%60)
	b = append(b, ' ')
	return append(b, ampm...)
}

// appendUUID appends a random version-4 UUID.
func appendUUID(b []byte, r *rand.Rand) []byte {
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^(0xf<<12) | 4<<12   // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	var buf [36]byte
	j := 0
	for i := 0; i < 16; i++ {
		var x byte
		if i < 8 {
			x = byte(hi >> (56 - 8*i))
		} else {
			x = byte(lo >> (56 - 8*(i-8)))
		}
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf[j] = '-'
			j++
		}
		buf[j], buf[j+1] = hexDigits[x>>4], hexDigits[x&15]
		j += 2
	}
	return append(b, buf[:]...)
}

// appendHex appends n random lower-case hex digits.
func appendHex(b []byte, r *rand.Rand, n int) []byte {
	for n > 0 {
		x := r.Uint64()
		for k := 0; k < 16 && n > 0; k++ {
			b = append(b, hexDigits[x&15])
			x >>= 4
			n--
		}
	}
	return b
}

const (
	alnum    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upperNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	base32ch = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b64ch    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b64url   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	lowerNum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// appendRandChars appends n characters drawn uniformly from set.
func appendRandChars(b []byte, r *rand.Rand, set string, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, set[r.IntN(len(set))])
	}
	return b
}

func randChars(r *rand.Rand, set string, n int) string {
	return string(appendRandChars(make([]byte, 0, n), r, set, n))
}

// appendDigits appends n random decimal digits, the first one non-zero.
func appendDigits(b []byte, r *rand.Rand, n int) []byte {
	b = append(b, byte('1'+r.IntN(9)))
	for i := 1; i < n; i++ {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}
