package value

import (
	"fmt"
	"net/netip"

	"trawl/internal/sqlerr"
)

// IP values: an ipaddress is a string of 16 bytes (IPv4 addresses mapped
// into IPv6 as ::ffff:a.b.c.d); an ipprefix is 17 bytes, the network
// address (host bits zero) followed by the prefix length (0-32 for IPv4,
// 0-128 for IPv6). Byte-wise order of these strings is Trino's order.

// ParseIPAddress reads an IPv4 or IPv6 address as CAST(varchar AS
// ipaddress) does; failure is INVALID_CAST_ARGUMENT "Cannot cast value to
// IPADDRESS: x".
func ParseIPAddress(s string) (string, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", &CastError{Msg: fmt.Sprintf("Cannot cast value to IPADDRESS: %s", s)}
	}
	b := a.As16()
	return string(b[:]), nil
}

// IPAddressFromBinary converts a varbinary of 4 bytes (IPv4) or 16 bytes
// (IPv6) to an ipaddress; other lengths are "Invalid IP address binary
// length: n".
func IPAddressFromBinary(b string) (string, error) {
	switch len(b) {
	case 16:
		return b, nil
	case 4:
		a := netip.AddrFrom4([4]byte([]byte(b)))
		x := a.As16()
		return string(x[:]), nil
	}
	return "", &CastError{Msg: fmt.Sprintf("Invalid IP address binary length: %d", len(b))}
}

// ParseIPPrefix reads "address/length" as CAST(varchar AS ipprefix) does,
// clearing the host bits: '10.1.2.3/8' is 10.0.0.0/8. Failure is
// INVALID_CAST_ARGUMENT "Cannot cast value to IPPREFIX: x".
func ParseIPPrefix(s string) (string, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Zone() != "" {
		return "", &CastError{Msg: fmt.Sprintf("Cannot cast value to IPPREFIX: %s", s)}
	}
	return packPrefix(p.Masked()), nil
}

func packPrefix(p netip.Prefix) string {
	b := p.Addr().As16()
	return string(b[:]) + string([]byte{byte(p.Bits())})
}

func unpackPrefix(s string) netip.Prefix {
	a := netip.AddrFrom16([16]byte([]byte(s[:16])))
	if a.Is4In6() {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, int(s[16]))
}

// IPPrefixOf returns ip_prefix(address, bits): the network of the given
// length containing address. bits must be 0-32 for IPv4 and 0-128 for IPv6
// (INVALID_FUNCTION_ARGUMENT otherwise).
func IPPrefixOf(addr string, bits int64) (string, error) {
	a := netip.AddrFrom16([16]byte([]byte(addr)))
	if a.Is4In6() {
		a = a.Unmap()
		if bits < 0 || bits > 32 {
			return "", sqlerr.New(sqlerr.InvalidFunctionArgument, "IPv4 subnet size must be in range [0, 32]")
		}
	} else if bits < 0 || bits > 128 {
		return "", sqlerr.New(sqlerr.InvalidFunctionArgument, "IPv6 subnet size must be in range [0, 128]")
	}
	p, _ := a.Prefix(int(bits))
	return packPrefix(p), nil
}

// IPAddressToPrefix converts an ipaddress to the ipprefix holding just it
// (/32 for IPv4, /128 for IPv6).
func IPAddressToPrefix(addr string) string {
	bits := 128
	if netip.AddrFrom16([16]byte([]byte(addr))).Is4In6() {
		bits = 32
	}
	return addr + string([]byte{byte(bits)})
}

// IPPrefixAddress returns the network address of an ipprefix, as
// CAST(ipprefix AS ipaddress) does.
func IPPrefixAddress(prefix string) string { return prefix[:16] }

// IPPrefixContains reports whether address lies in prefix
// (is_subnet_of(prefix, address), contains(prefix, address)). An IPv4
// prefix never contains an IPv6 address and the other way round.
func IPPrefixContains(prefix, addr string) bool {
	p := unpackPrefix(prefix)
	a := netip.AddrFrom16([16]byte([]byte(addr)))
	if a.Is4In6() {
		a = a.Unmap()
	}
	return p.Contains(a)
}

// IPPrefixContainsPrefix reports whether prefix inner lies entirely within
// prefix outer (is_subnet_of(outer, inner)).
func IPPrefixContainsPrefix(outer, inner string) bool {
	o, i := unpackPrefix(outer), unpackPrefix(inner)
	return o.Bits() <= i.Bits() && o.Contains(i.Addr())
}

// IPSubnetMin returns the smallest address of a prefix (ip_subnet_min).
func IPSubnetMin(prefix string) string { return prefix[:16] }

// IPSubnetMax returns the largest address of a prefix (ip_subnet_max).
func IPSubnetMax(prefix string) string {
	b := []byte(prefix[:16])
	bits := int(prefix[16])
	if netip.AddrFrom16([16]byte(b)).Is4In6() {
		bits += 96
	}
	for i := bits; i < 128; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	return string(b)
}

// FormatIPPrefix renders an ipprefix: "10.0.0.0/8", "2001:db8::/48".
func FormatIPPrefix(s string) string {
	return FormatIP(s[:16]) + "/" + fmt.Sprint(int(s[16]))
}
