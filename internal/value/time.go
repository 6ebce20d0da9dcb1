package value

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // zone rules travel with the binary
)

// Time zone keys. A timestamp with time zone packs the instant in
// milliseconds and a 12-bit zone key: key 0 is UTC, keys 1..1681 are fixed
// offsets from -14:00 to +14:00 in minutes, keys from 2048 name IANA zones
// from the fixed list below.
const (
	zoneUTC        = 0
	zoneOffsetBase = 1
	zoneNamedBase  = 2048
)

var namedZones = []string{
	"Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
	"America/Anchorage", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Chicago",
	"America/Denver", "America/Halifax", "America/Los_Angeles", "America/Mexico_City",
	"America/New_York", "America/Phoenix", "America/Santiago", "America/Sao_Paulo",
	"America/Toronto", "America/Vancouver", "Asia/Bangkok", "Asia/Dubai", "Asia/Hong_Kong",
	"Asia/Jakarta", "Asia/Jerusalem", "Asia/Kolkata", "Asia/Manila", "Asia/Seoul",
	"Asia/Shanghai", "Asia/Singapore", "Asia/Taipei", "Asia/Tokyo", "Atlantic/Reykjavik",
	"Australia/Adelaide", "Australia/Brisbane", "Australia/Melbourne", "Australia/Perth",
	"Australia/Sydney", "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels",
	"Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul", "Europe/Lisbon", "Europe/London",
	"Europe/Madrid", "Europe/Moscow", "Europe/Oslo", "Europe/Paris", "Europe/Prague",
	"Europe/Rome", "Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw", "Europe/Zurich",
	"Pacific/Auckland", "Pacific/Honolulu", "US/Eastern", "US/Central", "US/Mountain",
	"US/Pacific", "GMT", "Etc/UTC",
}

// zoneTable is the set of named zones known so far: the fixed list above
// (whose keys never change) followed by zones loaded on first use. It is
// replaced, never modified, so readers need no lock.
type zoneTable struct {
	names []string
	locs  []*time.Location
	keys  map[string]int // lower-cased name -> key
}

var (
	zones   atomic.Pointer[zoneTable]
	zonesMu sync.Mutex
)

func init() {
	zt := &zoneTable{keys: map[string]int{}}
	for _, n := range namedZones {
		loc, err := time.LoadLocation(n)
		if err != nil {
			loc = time.UTC
		}
		zt.keys[strings.ToLower(n)] = zoneNamedBase + len(zt.names)
		zt.names = append(zt.names, n)
		zt.locs = append(zt.locs, loc)
	}
	zones.Store(zt)
}

// loadZone registers an IANA zone not in the fixed list, trying the name
// as written and then with each word capitalised ("america/new_york" as
// "America/New_York"). It returns false for unknown names and when the
// 12-bit key space is full.
func loadZone(name string) (int, bool) {
	if name == "" || strings.EqualFold(name, "local") || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return 0, false
	}
	var loc *time.Location
	for _, cand := range []string{name, titleZone(name)} {
		if l, err := time.LoadLocation(cand); err == nil {
			loc, name = l, cand
			break
		}
	}
	if loc == nil {
		return 0, false
	}
	zonesMu.Lock()
	defer zonesMu.Unlock()
	old := zones.Load()
	if k, ok := old.keys[strings.ToLower(name)]; ok {
		return k, true
	}
	if zoneNamedBase+len(old.names) > 0xfff {
		return 0, false
	}
	nt := &zoneTable{names: append(old.names[:len(old.names):len(old.names)], name), locs: append(old.locs[:len(old.locs):len(old.locs)], loc), keys: make(map[string]int, len(old.keys)+1)}
	for k, v := range old.keys {
		nt.keys[k] = v
	}
	k := zoneNamedBase + len(old.names)
	nt.keys[strings.ToLower(name)] = k
	zones.Store(nt)
	return k, true
}

// titleZone capitalises each word of a zone name: "america/port_of_spain"
// becomes "America/Port_Of_Spain".
func titleZone(n string) string {
	b := []byte(strings.ToLower(n))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// ZoneKey resolves a zone name as Trino accepts it: "UTC", "Z", an offset
// "+09:00"/"-05:30"/"+0900", or an IANA name.
func ZoneKey(name string) (int, error) {
	n := strings.TrimSpace(name)
	switch strings.ToUpper(n) {
	case "UTC", "Z", "UT", "GMT", "ETC/UTC", "ETC/GMT", "ZULU", "UCT":
		return zoneUTC, nil
	}
	if len(n) > 0 && (n[0] == '+' || n[0] == '-') {
		sign := 1
		if n[0] == '-' {
			sign = -1
		}
		body := strings.ReplaceAll(n[1:], ":", "")
		var h, m int
		var err error
		switch len(body) {
		case 1, 2:
			h, err = strconv.Atoi(body)
		case 4:
			h, err = strconv.Atoi(body[:2])
			if err == nil {
				m, err = strconv.Atoi(body[2:])
			}
		default:
			err = fmt.Errorf("bad offset")
		}
		if err != nil || h > 14 || m > 59 {
			return 0, fmt.Errorf("time zone not supported: %s", name)
		}
		return OffsetZoneKey(sign * (h*60 + m)), nil
	}
	if k, ok := zones.Load().keys[strings.ToLower(n)]; ok {
		return k, nil
	}
	if k, ok := loadZone(n); ok {
		return k, nil
	}
	return 0, fmt.Errorf("time zone not supported: %s", name)
}

// OffsetZoneKey returns the key of a fixed offset in minutes east of UTC.
func OffsetZoneKey(minutes int) int {
	if minutes == 0 {
		return zoneUTC
	}
	return zoneOffsetBase + minutes + 14*60
}

// ZoneName returns the name Trino prints for a zone key.
func ZoneName(key int) string {
	switch {
	case key == zoneUTC:
		return "UTC"
	case key >= zoneNamedBase && key-zoneNamedBase < len(zones.Load().names):
		return zones.Load().names[key-zoneNamedBase]
	case key >= zoneOffsetBase && key < zoneNamedBase:
		m := key - zoneOffsetBase - 14*60
		sign := '+'
		if m < 0 {
			sign = '-'
			m = -m
		}
		return fmt.Sprintf("%c%02d:%02d", sign, m/60, m%60)
	}
	return "UTC"
}

// ZoneLocation returns the time.Location of a zone key.
func ZoneLocation(key int) *time.Location {
	switch {
	case key == zoneUTC:
		return time.UTC
	case key >= zoneNamedBase && key-zoneNamedBase < len(zones.Load().locs):
		return zones.Load().locs[key-zoneNamedBase]
	case key >= zoneOffsetBase && key < zoneNamedBase:
		m := key - zoneOffsetBase - 14*60
		return time.FixedZone(ZoneName(key), m*60)
	}
	return time.UTC
}

// PackTZ packs an instant in milliseconds with a zone key.
func PackTZ(millis int64, zone int) int64 { return millis<<12 | int64(zone&0xfff) }

// UnpackMillis returns the instant of a packed timestamp with time zone.
func UnpackMillis(p int64) int64 { return p >> 12 }

// UnpackZone returns the zone key of a packed timestamp with time zone.
func UnpackZone(p int64) int { return int(p & 0xfff) }

// MicrosToTime converts microseconds since the epoch to a UTC time.Time.
func MicrosToTime(us int64) time.Time {
	sec := us / 1e6
	rem := us % 1e6
	if rem < 0 {
		rem += 1e6
		sec--
	}
	return time.Unix(sec, rem*1000).UTC()
}

// TimeToMicros converts a time to microseconds since the epoch.
func TimeToMicros(t time.Time) int64 { return t.Unix()*1e6 + int64(t.Nanosecond()/1000) }

// TZToTime returns the instant of a packed value in its own zone.
func TZToTime(p int64) time.Time {
	ms := UnpackMillis(p)
	sec := ms / 1000
	rem := ms % 1000
	if rem < 0 {
		rem += 1000
		sec--
	}
	return time.Unix(sec, rem*1e6).In(ZoneLocation(UnpackZone(p)))
}

// TimeToTZ packs a time.Time, keeping its zone when it is one trawl can name.
func TimeToTZ(t time.Time, zone int) int64 {
	return PackTZ(t.UnixMilli(), zone)
}

// DaysToTime converts days since the epoch to a UTC midnight.
func DaysToTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// TimeToDays converts a time to days since the epoch (of its calendar date).
func TimeToDays(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func appendFraction(b []byte, nanos int, precision int) []byte {
	if precision <= 0 {
		return b
	}
	b = append(b, '.')
	s := fmt.Sprintf("%09d", nanos)
	for len(s) < precision {
		s += "0"
	}
	return append(b, s[:precision]...)
}

// FormatTimestamp renders a timestamp(p) value as Trino does:
// "2025-01-07 11:00:00.000".
func FormatTimestamp(us int64, precision int) string {
	t := MicrosToTime(us)
	b := t.AppendFormat(nil, "2006-01-02 15:04:05")
	return string(appendFraction(b, t.Nanosecond(), precision))
}

// FormatTimestampTZ renders a timestamp(p) with time zone value:
// "2025-01-07 11:00:00.000 UTC".
func FormatTimestampTZ(p int64, precision int) string {
	t := TZToTime(p)
	b := t.AppendFormat(nil, "2006-01-02 15:04:05")
	b = appendFraction(b, t.Nanosecond(), precision)
	b = append(b, ' ')
	return string(append(b, ZoneName(UnpackZone(p))...))
}

// FormatDate renders a date: "2025-01-07".
func FormatDate(days int64) string { return DaysToTime(days).Format("2006-01-02") }

// ParseDate reads a date literal "yyyy-mm-dd" (Trino also accepts a
// single-digit month or day).
func ParseDate(s string) (int64, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return 0, err
	}
	return TimeToDays(t), nil
}

// ParseTimestamp reads a timestamp literal as Trino's CAST accepts it:
// "yyyy-mm-dd[ hh:mm[:ss[.fraction]]]" (also with 'T'), optionally followed
// by a zone. hasZone reports whether a zone was present; the result is the
// instant in microseconds UTC (when a zone was given) or the wall time as
// microseconds (when not), plus the zone key.
func ParseTimestamp(s string) (us int64, zone int, hasZone bool, err error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("invalid timestamp %q", s)
	// Split date and time.
	datePart, rest := s, ""
	if i := strings.IndexAny(s, " T"); i >= 0 {
		datePart, rest = s[:i], strings.TrimSpace(s[i+1:])
	}
	d, err := time.Parse("2006-1-2", datePart)
	if err != nil {
		return 0, 0, false, bad
	}
	var h, m, sec, nanos int
	if rest != "" {
		// time part up to a zone designator
		j := 0
		for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == ':' || rest[j] == '.') {
			j++
		}
		tp, zp := rest[:j], strings.TrimSpace(rest[j:])
		parts := strings.Split(tp, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return 0, 0, false, bad
		}
		if h, err = strconv.Atoi(parts[0]); err != nil || h > 23 {
			return 0, 0, false, bad
		}
		if m, err = strconv.Atoi(parts[1]); err != nil || m > 59 {
			return 0, 0, false, bad
		}
		if len(parts) == 3 {
			sp := parts[2]
			frac := ""
			if k := strings.IndexByte(sp, '.'); k >= 0 {
				sp, frac = sp[:k], sp[k+1:]
			}
			if sec, err = strconv.Atoi(sp); err != nil || sec > 59 {
				return 0, 0, false, bad
			}
			if frac != "" {
				if len(frac) > 12 {
					return 0, 0, false, bad
				}
				for len(frac) < 9 {
					frac += "0"
				}
				if nanos, err = strconv.Atoi(frac[:9]); err != nil {
					return 0, 0, false, bad
				}
			}
		}
		if zp != "" {
			zk, zerr := ZoneKey(zp)
			if zerr != nil {
				return 0, 0, false, zerr
			}
			hasZone = true
			zone = zk
		}
	}
	wall := time.Date(d.Year(), d.Month(), d.Day(), h, m, sec, nanos, time.UTC)
	if hasZone {
		loc := ZoneLocation(zone)
		inst := time.Date(d.Year(), d.Month(), d.Day(), h, m, sec, nanos, loc)
		return TimeToMicros(inst), zone, true, nil
	}
	return TimeToMicros(wall), 0, false, nil
}

// ParseISO8601 reads an ISO 8601 timestamp as from_iso8601_timestamp does:
// "2025-01-07T11:00:00Z", with optional fraction and offset; a missing
// zone means the session zone (given).
func ParseISO8601(s string, sessionZone int) (int64, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("Invalid format: \"%s\"", s)
	// Date-only forms.
	if len(s) <= 10 {
		t, err := time.ParseInLocation("2006-01-02", s, ZoneLocation(sessionZone))
		if err != nil {
			if t2, err2 := time.ParseInLocation("2006-01", s, ZoneLocation(sessionZone)); err2 == nil {
				return TimeToTZ(t2, sessionZone), nil
			}
			if t2, err2 := time.ParseInLocation("2006", s, ZoneLocation(sessionZone)); err2 == nil {
				return TimeToTZ(t2, sessionZone), nil
			}
			return 0, bad
		}
		return TimeToTZ(t, sessionZone), nil
	}
	i := strings.IndexByte(s, 'T')
	if i < 0 {
		return 0, bad
	}
	rest := s[i+1:]
	// find zone designator
	zi := strings.IndexAny(rest, "Z+-")
	zone := sessionZone
	tp := rest
	if zi >= 0 {
		tp = rest[:zi]
		zs := rest[zi:]
		if zs == "Z" {
			zone = zoneUTC
		} else {
			k, err := ZoneKey(zs)
			if err != nil {
				return 0, bad
			}
			zone = k
		}
	}
	layout := "2006-01-02T15"
	switch {
	case strings.Count(tp, ":") == 2:
		layout = "2006-01-02T15:04:05"
	case strings.Count(tp, ":") == 1:
		layout = "2006-01-02T15:04"
	}
	t, err := time.ParseInLocation(layout, s[:i]+"T"+tp, ZoneLocation(zone))
	if err != nil {
		return 0, bad
	}
	return TimeToTZ(t, zone), nil
}
