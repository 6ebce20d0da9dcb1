package value

import (
	"errors"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestTimeParseFormat(t *testing.T) {
	cases := []struct {
		in   string
		prec int
		p0   string
		p3   string
		p6   string
	}{
		{"11:00", 0, "11:00:00", "11:00:00.000", "11:00:00.000000"},
		{"01:02:03", 0, "01:02:03", "01:02:03.000", "01:02:03.000000"},
		{"1:2:3.5", 1, "01:02:03", "01:02:03.500", "01:02:03.500000"},
		{"23:59:59.123456", 6, "23:59:59", "23:59:59.123", "23:59:59.123456"},
		{"00:00:00.1234567", 7, "00:00:00", "00:00:00.123", "00:00:00.123457"},
	}
	for _, tc := range cases {
		us, p, err := ParseTime(tc.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tc.in, err)
			continue
		}
		if p != tc.prec {
			t.Errorf("ParseTime(%q) precision %d, want %d", tc.in, p, tc.prec)
		}
		for _, f := range []struct {
			p    int
			want string
		}{{0, tc.p0}, {3, tc.p3}, {6, tc.p6}} {
			if got := Format(types.NewTime(f.p), us); got != f.want {
				t.Errorf("Format(time(%d), %q) = %q, want %q", f.p, tc.in, got, f.want)
			}
		}
	}
	if got := Format(types.NewTime(9), int64(1)); got != "00:00:00.000001000" {
		t.Errorf("time(9) = %q", got)
	}
	for _, bad := range []string{"24:00", "12:60", "12:00:60", "12", "12:00:00.", "12:00:00.1234567890123", "a:b", "-1:00", "12:00:00:00"} {
		if _, _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) succeeded", bad)
		}
	}
	// Rounding wraps at midnight, as CAST(time(6) AS time(0)) does.
	us, _, _ := ParseTime("23:59:59.5")
	if got := FormatTime(RoundTime(us, 0), 0); got != "00:00:00" {
		t.Errorf("round 23:59:59.5 to time(0) = %s", got)
	}
	if got := FormatTime(RoundTime(us, 3), 3); got != "23:59:59.500" {
		t.Errorf("round to time(3) = %s", got)
	}
	v, err := Cast("10:15:30.1239", tV, types.NewTime(3), 0)
	if err != nil || Format(types.NewTime(3), v) != "10:15:30.124" {
		t.Errorf("CAST('10:15:30.1239' AS time(3)) = %v, %v", v, err)
	}
	if _, err := Cast("25:00", tV, types.TimeType, 0); err == nil || err.Error() != "Value cannot be cast to time: 25:00" {
		t.Errorf("bad time cast: %v", err)
	}
	v, err = Cast(ts(t, "2025-01-07 11:22:33.4567"), types.NewTimestamp(6, false), types.NewTime(3), 0)
	if err != nil || Format(types.NewTime(3), v) != "11:22:33.457" {
		t.Errorf("CAST(timestamp AS time(3)) = %v, %v", v, err)
	}
	if Compare(types.TimeType, int64(1), int64(2)) != -1 {
		t.Error("time order")
	}
	if !CanCast(types.TimeType, tV) || !CanCast(tV, types.TimeType) || !CanCast(tTS, types.TimeType) || CanCast(tDt, types.TimeType) || CanCast(types.TimeType, tDt) {
		t.Error("time casts")
	}
}

func TestTimestampPrecisions(t *testing.T) {
	us := ts(t, "2025-01-07 11:00:00.123456")
	for _, tc := range []struct {
		p    int
		want string
	}{
		{0, "2025-01-07 11:00:00"}, {1, "2025-01-07 11:00:00.1"}, {3, "2025-01-07 11:00:00.123"},
		{6, "2025-01-07 11:00:00.123456"}, {9, "2025-01-07 11:00:00.123456000"}, {12, "2025-01-07 11:00:00.123456000000"},
	} {
		if got := Format(types.NewTimestamp(tc.p, false), us); got != tc.want {
			t.Errorf("timestamp(%d) = %q, want %q", tc.p, got, tc.want)
		}
	}
	// Casts between precisions round half up.
	for _, tc := range []struct {
		in   string
		p    int
		want string
	}{
		{"2025-01-07 11:00:00.5", 0, "2025-01-07 11:00:01"},
		{"2025-01-07 11:00:00.4999", 0, "2025-01-07 11:00:00"},
		{"2025-12-31 23:59:59.9996", 3, "2026-01-01 00:00:00.000"},
		{"1969-12-31 23:59:59.5", 0, "1970-01-01 00:00:00"},
	} {
		v, err := Cast(ts(t, tc.in), types.NewTimestamp(6, false), types.NewTimestamp(tc.p, false), 0)
		if err != nil || Format(types.NewTimestamp(tc.p, false), v) != tc.want {
			t.Errorf("CAST(%s AS timestamp(%d)) = %v, %v; want %s", tc.in, tc.p, Format(types.NewTimestamp(tc.p, false), v), err, tc.want)
		}
	}
	tz := PackTZ(1736247600123, mustZone(t, "Asia/Tokyo"))
	for _, tc := range []struct {
		p    int
		want string
	}{
		{0, "2025-01-07 20:00:00 Asia/Tokyo"}, {3, "2025-01-07 20:00:00.123 Asia/Tokyo"}, {6, "2025-01-07 20:00:00.123000 Asia/Tokyo"},
	} {
		if got := Format(types.NewTimestamp(tc.p, true), tz); got != tc.want {
			t.Errorf("timestamp(%d) with time zone = %q, want %q", tc.p, got, tc.want)
		}
	}
	v, _ := Cast(PackTZ(1500, 0), types.TimestampTZType, types.NewTimestamp(0, true), 0)
	if got := Format(types.NewTimestamp(0, true), v); got != "1970-01-01 00:00:02 UTC" {
		t.Errorf("CAST(tz(3) AS tz(0)) = %s", got)
	}
	if FractionDigits("2020-01-01 00:00:00.120") != 3 || FractionDigits("2020-01-01 00:00:00") != 0 ||
		FractionDigits("2020-01-01 00:00:00.123456 America/New_York") != 6 || FractionDigits("10:00:00.1") != 1 || FractionDigits("2020-01-01") != 0 {
		t.Error("FractionDigits")
	}
}

func TestAtTimeZone(t *testing.T) {
	base := PackTZ(1736247600000, 0) // 2025-01-07 11:00:00 UTC
	cases := []struct{ zone, want string }{
		{"America/New_York", "2025-01-07 06:00:00.000 America/New_York"},
		{"america/new_york", "2025-01-07 06:00:00.000 America/New_York"},
		{"+05:30", "2025-01-07 16:30:00.000 +05:30"},
		{"-08:00", "2025-01-07 03:00:00.000 -08:00"},
		{"UTC", "2025-01-07 11:00:00.000 UTC"},
		{"Asia/Kathmandu", "2025-01-07 16:45:00.000 Asia/Kathmandu"}, // not in the fixed list: loaded on demand
		{"america/argentina/buenos_aires", "2025-01-07 08:00:00.000 America/Argentina/Buenos_Aires"},
	}
	for _, tc := range cases {
		v, err := AtTimeZone(base, tc.zone)
		if err != nil {
			t.Errorf("AT TIME ZONE %q: %v", tc.zone, err)
			continue
		}
		if got := FormatTimestampTZ(v, 3); got != tc.want {
			t.Errorf("AT TIME ZONE %q = %s, want %s", tc.zone, got, tc.want)
		}
		if Compare(tTZ, v, base) != 0 {
			t.Errorf("AT TIME ZONE %q changed the instant", tc.zone)
		}
	}
	// Summer time in the target zone.
	v, _ := AtTimeZone(PackTZ(1751371200000, 0), "America/New_York") // 2025-07-01 12:00 UTC
	if got := FormatTimestampTZ(v, 3); got != "2025-07-01 08:00:00.000 America/New_York" {
		t.Errorf("summer = %s", got)
	}
	if _, err := AtTimeZone(base, "Mars/Olympus"); !errors.Is(err, sqlerr.InvalidFunctionArgument) || err.(*sqlerr.Error).Msg != "Time zone not supported: Mars/Olympus" {
		t.Errorf("bad zone: %v", err)
	}
	k1, _ := ZoneKey("Asia/Kathmandu")
	k2, _ := ZoneKey("ASIA/KATHMANDU")
	if k1 != k2 || ZoneName(k1) != "Asia/Kathmandu" {
		t.Errorf("dynamic zone keys %d %d %q", k1, k2, ZoneName(k1))
	}
	// A timestamp without zone is read in the session zone first.
	la := mustZone(t, "America/Los_Angeles")
	v, err := TimestampAtTimeZone(ts(t, "2025-01-07 03:00:00"), la, "UTC")
	if err != nil || FormatTimestampTZ(v, 3) != "2025-01-07 11:00:00.000 UTC" {
		t.Errorf("timestamp AT TIME ZONE = %s, %v", FormatTimestampTZ(v, 3), err)
	}
	// Spring-forward gap: 02:30 moves to 03:30 EDT, as Java does.
	ny := mustZone(t, "America/New_York")
	if got := FormatTimestampTZ(TimestampToTZ(ts(t, "2025-03-09 02:30:00"), ny), 3); got != "2025-03-09 03:30:00.000 America/New_York" {
		t.Errorf("gap = %s", got)
	}
	// Fall-back overlap: 01:30 is the earlier instant (EDT).
	if got := TZToTime(TimestampToTZ(ts(t, "2025-11-02 01:30:00"), ny)).Format("15:04 -07:00"); got != "01:30 -04:00" {
		t.Errorf("overlap = %s", got)
	}
	if got := FormatTimestamp(TZToTimestamp(TimestampToTZ(ts(t, "2024-02-29 23:59:59.999"), ny)), 3); got != "2024-02-29 23:59:59.999" {
		t.Errorf("TZToTimestamp round trip = %s", got)
	}
}
