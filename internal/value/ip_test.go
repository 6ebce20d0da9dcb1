package value

import (
	"errors"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

var (
	tIP  = types.IPAddressType
	tPfx = types.IPPrefixType
	tBin = types.VarbinaryType
)

func ip(t *testing.T, s string) string {
	t.Helper()
	v, err := ParseIPAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func pfx(t *testing.T, s string) string {
	t.Helper()
	v, err := ParseIPPrefix(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestIPAddress(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"10.0.0.1", "10.0.0.1"},
		{"::ffff:1.2.3.4", "1.2.3.4"},
		{"2001:db8::1", "2001:db8::1"},
		{"2001:0DB8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"},
		{"::1", "::1"},
		{"::", "::"},
	} {
		v, err := Cast(tc.in, tV, tIP, 0)
		if err != nil {
			t.Errorf("CAST(%q AS ipaddress): %v", tc.in, err)
			continue
		}
		if len(v.(string)) != 16 || Format(tIP, v) != tc.want {
			t.Errorf("CAST(%q AS ipaddress) = %q", tc.in, Format(tIP, v))
		}
		if s, err := Cast(v, tIP, tV, 0); err != nil || s != tc.want {
			t.Errorf("CAST(ipaddress AS varchar) = %v, %v", s, err)
		}
	}
	for _, bad := range []string{"localhost", "64::ff9b::10", "123.456.789.012", "1.2.3", "fe80::1%eth0", ""} {
		if _, err := Cast(bad, tV, tIP, 0); err == nil || err.Error() != "Cannot cast value to IPADDRESS: "+bad {
			t.Errorf("CAST(%q AS ipaddress): %v", bad, err)
		}
	}
	if eq, _ := Equal(tIP, ip(t, "::ffff:1.2.3.4"), ip(t, "1.2.3.4")); !eq {
		t.Error("IPv4-mapped must equal IPv4")
	}
	order := []string{"::", "::1", "0.0.0.0", "1.2.3.4", "10.0.0.1", "255.255.255.255", "2001:db8::1", "ffff::"}
	for i := 0; i+1 < len(order); i++ {
		if Compare(tIP, ip(t, order[i]), ip(t, order[i+1])) != -1 {
			t.Errorf("%s should sort before %s", order[i], order[i+1])
		}
	}
	// varbinary conversions.
	v, err := Cast("\x0a\x00\x00\x01", tBin, tIP, 0)
	if err != nil || Format(tIP, v) != "10.0.0.1" {
		t.Errorf("CAST(4 bytes AS ipaddress) = %v, %v", v, err)
	}
	if _, err := Cast("\x01\x02\x03", tBin, tIP, 0); err == nil || err.Error() != "Invalid IP address binary length: 3" {
		t.Errorf("3 bytes: %v", err)
	}
	b, err := Cast(ip(t, "1.2.3.4"), tIP, tBin, 0)
	if err != nil || Format(tBin, b) != "00 00 00 00 00 00 00 00 00 00 ff ff 01 02 03 04" {
		t.Errorf("CAST(ipaddress AS varbinary) = %q, %v", Format(tBin, b), err)
	}
}

func TestIPPrefix(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"1.2.3.4/32", "1.2.3.4/32"},
		{"1.2.3.4/0", "0.0.0.0/0"},
		{"2001:db8::1/48", "2001:db8::/48"},
		{"64:ff9b::17/127", "64:ff9b::16/127"},
	} {
		v, err := Cast(tc.in, tV, tPfx, 0)
		if err != nil || Format(tPfx, v) != tc.want || FormatIPPrefix(v.(string)) != tc.want {
			t.Errorf("CAST(%q AS ipprefix) = %v, %v; want %s", tc.in, v, err, tc.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "10.0.0.0", "2001:db8::/129", "x/8"} {
		if _, err := Cast(bad, tV, tPfx, 0); err == nil || err.Error() != "Cannot cast value to IPPREFIX: "+bad {
			t.Errorf("CAST(%q AS ipprefix): %v", bad, err)
		}
	}
	// ip_prefix(address, bits), from Presto's TestIpPrefixFunctions.
	for _, tc := range []struct {
		addr string
		bits int64
		want string
	}{
		{"1.2.3.4", 24, "1.2.3.0/24"}, {"1.2.3.4", 32, "1.2.3.4/32"}, {"1.2.3.4", 0, "0.0.0.0/0"},
		{"::ffff:1.2.3.4", 24, "1.2.3.0/24"}, {"64:ff9b::17", 64, "64:ff9b::/64"}, {"64:ff9b::17", 127, "64:ff9b::16/127"},
		{"64:ff9b::17", 128, "64:ff9b::17/128"}, {"64:ff9b::17", 0, "::/0"},
	} {
		v, err := IPPrefixOf(ip(t, tc.addr), tc.bits)
		if err != nil || Format(tPfx, v) != tc.want {
			t.Errorf("ip_prefix(%s, %d) = %v, %v; want %s", tc.addr, tc.bits, v, err, tc.want)
		}
	}
	for _, tc := range []struct {
		addr string
		bits int64
		msg  string
	}{
		{"::ffff:1.2.3.4", -1, "IPv4 subnet size must be in range [0, 32]"},
		{"1.2.3.4", 33, "IPv4 subnet size must be in range [0, 32]"},
		{"64:ff9b::10", 129, "IPv6 subnet size must be in range [0, 128]"},
	} {
		if _, err := IPPrefixOf(ip(t, tc.addr), tc.bits); !errors.Is(err, sqlerr.InvalidFunctionArgument) || err.(*sqlerr.Error).Msg != tc.msg {
			t.Errorf("ip_prefix(%s, %d): %v", tc.addr, tc.bits, err)
		}
	}
	// Containment.
	for _, tc := range []struct {
		prefix, addr string
		want         bool
	}{
		{"10.0.0.0/8", "10.255.255.255", true}, {"10.0.0.0/8", "11.0.0.0", false},
		{"0.0.0.0/0", "8.8.8.8", true}, {"0.0.0.0/0", "2001:db8::1", false},
		{"2001:db8::/32", "2001:db8:ffff::1", true}, {"2001:db8::/32", "2001:db9::", false},
		{"1.2.3.4/32", "::ffff:1.2.3.4", true}, {"::/0", "1.2.3.4", false},
	} {
		if got := IPPrefixContains(pfx(t, tc.prefix), ip(t, tc.addr)); got != tc.want {
			t.Errorf("contains(%s, %s) = %v", tc.prefix, tc.addr, got)
		}
	}
	if !IPPrefixContainsPrefix(pfx(t, "10.0.0.0/8"), pfx(t, "10.1.0.0/16")) || IPPrefixContainsPrefix(pfx(t, "10.1.0.0/16"), pfx(t, "10.0.0.0/8")) ||
		!IPPrefixContainsPrefix(pfx(t, "10.0.0.0/8"), pfx(t, "10.0.0.0/8")) || IPPrefixContainsPrefix(pfx(t, "10.0.0.0/8"), pfx(t, "11.0.0.0/16")) {
		t.Error("is_subnet_of(prefix, prefix)")
	}
	if got := FormatIP(IPSubnetMin(pfx(t, "192.168.1.77/24"))); got != "192.168.1.0" {
		t.Errorf("ip_subnet_min = %s", got)
	}
	if got := FormatIP(IPSubnetMax(pfx(t, "192.168.1.77/24"))); got != "192.168.1.255" {
		t.Errorf("ip_subnet_max = %s", got)
	}
	if got := FormatIP(IPSubnetMax(pfx(t, "2001:db8::/64"))); got != "2001:db8::ffff:ffff:ffff:ffff" {
		t.Errorf("ip_subnet_max v6 = %s", got)
	}
	// ipaddress <-> ipprefix casts.
	p, err := Cast(ip(t, "1.2.3.4"), tIP, tPfx, 0)
	if err != nil || Format(tPfx, p) != "1.2.3.4/32" {
		t.Errorf("CAST(ipaddress AS ipprefix) = %v, %v", p, err)
	}
	p, _ = Cast(ip(t, "2001:db8::1"), tIP, tPfx, 0)
	if Format(tPfx, p) != "2001:db8::1/128" {
		t.Errorf("v6 to prefix = %s", Format(tPfx, p))
	}
	a, err := Cast(pfx(t, "10.1.2.3/8"), tPfx, tIP, 0)
	if err != nil || Format(tIP, a) != "10.0.0.0" {
		t.Errorf("CAST(ipprefix AS ipaddress) = %v, %v", a, err)
	}
	if Compare(tPfx, pfx(t, "10.0.0.0/8"), pfx(t, "10.0.0.0/16")) != -1 || Compare(tPfx, pfx(t, "9.0.0.0/16"), pfx(t, "10.0.0.0/8")) != -1 {
		t.Error("ipprefix order: address, then length")
	}
}

func TestVarbinaryJSON(t *testing.T) {
	if got := Format(tBin, "\x00\xff\x10"); got != "00 ff 10" {
		t.Errorf("varbinary format = %q", got)
	}
	if got := Format(tBin, ""); got != "" {
		t.Errorf("empty varbinary = %q", got)
	}
	if CanCast(tBin, tV) || CanCast(tBin, types.NewVarchar(10)) {
		t.Error("varbinary must not cast to varchar (Trino needs from_utf8)")
	}
	if !CanCast(tV, tBin) || !CanCast(tIP, tBin) || !CanCast(tBin, tIP) || !CanCast(tPfx, tIP) || !CanCast(tIP, tPfx) {
		t.Error("varbinary/ip casts")
	}
	if v, err := Cast("abc", tV, tBin, 0); err != nil || Format(tBin, v) != "61 62 63" {
		t.Errorf("CAST('abc' AS varbinary) = %v, %v", v, err)
	}
	if Compare(tBin, "\x00\xff", "\x01") != -1 || Compare(tBin, "\xff", "\x00\x00") != 1 {
		t.Error("varbinary order is unsigned bytewise")
	}
	j := types.JSONType
	if j.IsOrderable() || !j.IsComparable() {
		t.Error("json: comparable, not orderable")
	}
	if eq, _ := Equal(j, `{"a":1}`, `{"a":1}`); !eq {
		t.Error("json equality")
	}
	if Format(j, `{"a":[1,2]}`) != `{"a":[1,2]}` {
		t.Error("json format")
	}
	if CanCast(j, types.IntervalDayType) || CanCast(j, tIP) {
		t.Error("json casts")
	}
}
