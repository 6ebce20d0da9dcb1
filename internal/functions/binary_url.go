package functions

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"trawl/internal/types"
)

// Binary, hashing, URL and IP functions (Trino's VarbinaryFunctions,
// HmacFunctions, UrlFunctions and IpAddressFunctions).

func init() {
	hashes := []struct {
		name string
		fn   func([]byte) []byte
	}{
		{"md5", func(b []byte) []byte { s := md5.Sum(b); return s[:] }},
		{"sha1", func(b []byte) []byte { s := sha1.Sum(b); return s[:] }},
		{"sha256", func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }},
		{"sha512", func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }},
	}
	for _, h := range hashes {
		h := h
		register(h.name, h.name+"(varbinary)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
			return string(h.fn([]byte(a[0].(string)))), nil
		}), varbinary))
	}
	hmacs := []struct {
		name string
		fn   func() hash.Hash
	}{
		{"hmac_md5", md5.New}, {"hmac_sha1", sha1.New}, {"hmac_sha256", sha256.New}, {"hmac_sha512", sha512.New},
	}
	for _, h := range hmacs {
		h := h
		register(h.name, h.name+"(varbinary, varbinary)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
			m := hmac.New(h.fn, []byte(a[1].(string)))
			m.Write([]byte(a[0].(string)))
			return string(m.Sum(nil)), nil
		}), varbinary, varbinary))
	}
	register("crc32", "crc32(varbinary)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		return int64(crc32.ChecksumIEEE([]byte(a[0].(string)))), nil
	}), varbinary))
	register("to_hex", "to_hex(varbinary)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return strings.ToUpper(hex.EncodeToString([]byte(a[0].(string)))), nil
	}), varbinary))
	register("from_hex", "from_hex(varchar)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
		return fromHex(a[0].(string))
	}), varchar))
	register("from_hex", "from_hex(varbinary)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
		return fromHex(a[0].(string))
	}), varbinary))
	register("to_base64", "to_base64(varbinary)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return base64.StdEncoding.EncodeToString([]byte(a[0].(string))), nil
	}), varbinary))
	register("to_base64url", "to_base64url(varbinary)", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return base64.URLEncoding.EncodeToString([]byte(a[0].(string))), nil
	}), varbinary))
	for _, t := range []*types.Type{varchar, varbinary} {
		register("from_base64", "from_base64("+t.String()+")", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
			return fromBase64(a[0].(string), false)
		}), t))
		register("from_base64url", "from_base64url("+t.String()+")", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
			return fromBase64(a[0].(string), true)
		}), t))
	}
	register("to_big_endian_64", "to_big_endian_64(bigint)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
		return string(binary.BigEndian.AppendUint64(nil, uint64(a[0].(int64)))), nil
	}), bigint))
	register("from_big_endian_64", "from_big_endian_64(varbinary)", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		s := a[0].(string)
		if len(s) != 8 {
			return nil, invalidArg("expected 8-byte input, but got instead: %d", len(s))
		}
		return int64(binary.BigEndian.Uint64([]byte(s))), nil
	}), varbinary))
	register("to_big_endian_32", "to_big_endian_32(integer)", fixed(varbinary, rowWise(func(c *Context, a []any) (any, error) {
		return string(binary.BigEndian.AppendUint32(nil, uint32(int32(a[0].(int64))))), nil
	}), integer))
	register("from_big_endian_32", "from_big_endian_32(varbinary)", fixed(integer, rowWise(func(c *Context, a []any) (any, error) {
		s := a[0].(string)
		if len(s) != 4 {
			return nil, invalidArg("expected 4-byte input, but got instead: %d", len(s))
		}
		return int64(int32(binary.BigEndian.Uint32([]byte(s)))), nil
	}), varbinary))

	// --- URL: java.net.URI's view of the URL; a string URI rejects
	// yields NULL, a missing component the empty string.
	urlPart := func(part func(u *javaURI) string) Impl {
		return rowWise(func(c *Context, a []any) (any, error) {
			u, ok := parseJavaURI(a[0].(string))
			if !ok {
				return nil, nil
			}
			return part(u), nil
		})
	}
	register("url_extract_protocol", "url_extract_protocol(varchar(x))", fixed(varchar, urlPart(func(u *javaURI) string { return u.scheme }), varchar))
	register("url_extract_host", "url_extract_host(varchar(x))", fixed(varchar, urlPart(func(u *javaURI) string { return u.host }), varchar))
	register("url_extract_path", "url_extract_path(varchar(x))", fixed(varchar, urlPart(func(u *javaURI) string { return uriDecode(u.path) }), varchar))
	register("url_extract_query", "url_extract_query(varchar(x))", fixed(varchar, urlPart(func(u *javaURI) string { return uriDecode(u.query) }), varchar))
	register("url_extract_fragment", "url_extract_fragment(varchar(x))", fixed(varchar, urlPart(func(u *javaURI) string { return uriDecode(u.fragment) }), varchar))
	register("url_extract_port", "url_extract_port(varchar(x))", fixed(bigint, rowWise(func(c *Context, a []any) (any, error) {
		u, ok := parseJavaURI(a[0].(string))
		if !ok || u.port < 0 {
			return nil, nil
		}
		return int64(u.port), nil
	}), varchar))
	register("url_extract_parameter", "url_extract_parameter(varchar(x), varchar(y))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		u, ok := parseJavaURI(a[0].(string))
		if !ok || !u.hasQuery {
			return nil, nil
		}
		name := a[1].(string)
		for _, arg := range strings.Split(u.query, "&") {
			k, v, hasValue := strings.Cut(arg, "=")
			if k != name {
				continue
			}
			if !hasValue {
				return "", nil
			}
			return urlDecode(v)
		}
		return nil, nil
	}), varchar, varchar))
	register("url_encode", "url_encode(varchar(x))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return urlEncode(a[0].(string)), nil
	}), varchar))
	register("url_decode", "url_decode(varchar(x))", fixed(varchar, rowWise(func(c *Context, a []any) (any, error) {
		return urlDecode(a[0].(string))
	}), varchar))

	// --- IP
	register("contains", "contains(varchar, ipaddress)", fixed(boolean, rowWise(func(c *Context, a []any) (any, error) {
		return cidrContains(a[0].(string), a[1].(string))
	}), varchar, types.IPAddressType))
}

func fromHex(s string) (any, error) {
	if len(s)%2 != 0 {
		return nil, invalidArg("invalid input length %d", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return nil, invalidArg("invalid hex character: %c", c)
		}
	}
	b, _ := hex.DecodeString(s)
	return string(b), nil
}

// fromBase64 decodes as Java's Base64 decoder does: padding optional.
func fromBase64(s string, url bool) (any, error) {
	enc := base64.RawStdEncoding
	if url {
		enc = base64.RawURLEncoding
	}
	trimmed := strings.TrimRight(s, "=")
	if len(s)-len(trimmed) > 2 {
		return nil, invalidArg("Input byte array has wrong 4-byte ending unit")
	}
	b, err := enc.DecodeString(trimmed)
	if err != nil {
		if ce, ok := err.(base64.CorruptInputError); ok && int(ce) < len(trimmed) {
			c := trimmed[int(ce)]
			if len(trimmed)%4 != 1 || int(ce) < len(trimmed)-1 || !isBase64Char(c, url) {
				return nil, invalidArg("Illegal base64 character %x", c)
			}
		}
		return nil, invalidArg("Last unit does not have enough valid bits")
	}
	return string(b), nil
}

func isBase64Char(c byte, url bool) bool {
	switch {
	case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		return true
	case url:
		return c == '-' || c == '_'
	}
	return c == '+' || c == '/'
}

// javaURI is the parsed form of a URI reference, as java.net.URI splits
// it (RFC 2396).
type javaURI struct {
	scheme, host, path, query, fragment string
	hasQuery                            bool
	port                                int
}

// parseJavaURI parses s as java.net.URI would, reporting false where it
// throws URISyntaxException.
func parseJavaURI(s string) (*javaURI, bool) {
	u := &javaURI{port: -1}
	// Characters java.net.URI never accepts unescaped.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			return nil, false
		}
		if c == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return nil, false
			}
		}
	}
	if !utf8.ValidString(s) || s == "" {
		return nil, false
	}
	rest := s
	if k := strings.IndexByte(rest, '#'); k >= 0 {
		u.fragment = rest[k+1:]
		if strings.IndexByte(u.fragment, '#') >= 0 {
			return nil, false
		}
		rest = rest[:k]
	}
	if k := strings.IndexByte(rest, ':'); k > 0 && isScheme(rest[:k]) {
		u.scheme = rest[:k]
		rest = rest[k+1:]
		if rest == "" {
			return nil, false // "Expected scheme-specific part"
		}
		if rest[0] != '/' {
			// Opaque URI (mailto:x): no path, query or host.
			return u, true
		}
	} else if k == 0 {
		return nil, false // "Expected scheme name"
	}
	if k := strings.IndexByte(rest, '?'); k >= 0 {
		u.query, u.hasQuery = rest[k+1:], true
		rest = rest[:k]
	}
	if strings.HasPrefix(rest, "//") {
		auth := rest[2:]
		path := ""
		if k := strings.IndexByte(auth, '/'); k >= 0 {
			auth, path = auth[:k], auth[k:]
		}
		rest = path
		hostport := auth
		if k := strings.LastIndexByte(auth, '@'); k >= 0 {
			hostport = auth[k+1:]
		}
		host, port := hostport, ""
		if strings.HasPrefix(hostport, "[") {
			end := strings.IndexByte(hostport, ']')
			if end < 0 {
				return nil, false
			}
			host, port = hostport[:end+1], strings.TrimPrefix(hostport[end+1:], ":")
		} else if k := strings.LastIndexByte(hostport, ':'); k >= 0 {
			host, port = hostport[:k], hostport[k+1:]
		}
		if port != "" {
			p, err := strconv.Atoi(port)
			if err != nil {
				return nil, false
			}
			u.port = p
		}
		if validHostname(host) {
			u.host = host
		} else if host != "" {
			// A registry-based authority: java.net.URI has no host.
			u.port = -1
		}
	}
	u.path = rest
	return u, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && !alpha || i > 0 && !alpha && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// validHostname reports whether h is a server-based host: an IPv6
// literal in brackets or dot-separated labels of letters, digits and
// hyphens.
func validHostname(h string) bool {
	if strings.HasPrefix(h, "[") {
		_, err := netip.ParseAddr(h[1 : len(h)-1])
		return err == nil
	}
	if h == "" {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// uriDecode decodes %XX escapes (as UTF-8) the way java.net.URI's
// getters do; '+' stays.
func uriDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b = append(b, byte(v))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return fixUTF8(string(b), "\uFFFD")
}

// urlEncode is Guava's urlFormParameterEscaper: letters, digits and
// "-_.*" stay, space becomes '+', everything else %XX of its UTF-8 bytes.
func urlEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-_.*", c) >= 0:
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// urlDecode is java.net.URLDecoder.decode(s, UTF-8).
func urlDecode(s string) (any, error) {
	var out strings.Builder
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		switch c {
		case '+':
			out.WriteByte(' ')
			i++
		case '%':
			var buf []byte
			for i+2 < n && s[i] == '%' {
				h := s[i+1 : i+3]
				v, err := strconv.ParseInt(h, 16, 32)
				if err != nil {
					bad := 0
					if h[0] == '-' || h[0] == '+' || isHex(h[0]) {
						bad = 1
					}
					return nil, invalidArg("URLDecoder: Illegal hex characters in escape (%%) pattern - Error at index %d in: \"%s\"", bad, h)
				}
				if v < 0 {
					return nil, invalidArg("URLDecoder: Illegal hex characters in escape (%%) pattern - negative value")
				}
				buf = append(buf, byte(v))
				i += 3
			}
			if i < n && s[i] == '%' {
				return nil, invalidArg("URLDecoder: Incomplete trailing escape (%%) pattern")
			}
			out.WriteString(fixUTF8(string(buf), "\uFFFD"))
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String(), nil
}

// cidrContains is Trino's contains(network varchar, address ipaddress).
func cidrContains(cidr, addr string) (any, error) {
	sep := strings.IndexByte(cidr, '/')
	if sep < 0 {
		return nil, invalidArg("Invalid CIDR")
	}
	base, err := netip.ParseAddr(cidr[:sep])
	if err != nil || base.Zone() != "" {
		return nil, invalidArg("Invalid network IP address")
	}
	base = base.Unmap()
	prefix, err := strconv.ParseInt(cidr[sep+1:], 10, 32)
	if err != nil {
		// Java's Integer.parseInt throws NumberFormatException, which
		// Trino does not translate.
		return nil, fmt.Errorf("For input string: \"%s\"", cidr[sep+1:])
	}
	if prefix < 0 {
		return nil, invalidArg("Invalid prefix length")
	}
	bits := base.BitLen()
	if int(prefix) > bits {
		return nil, invalidArg("Prefix length exceeds address length")
	}
	if base.Is4() {
		p, _ := base.Prefix(int(prefix))
		if p.Addr() != base {
			return nil, invalidArg("Invalid CIDR")
		}
	}
	if len(addr) != 16 {
		return nil, invalidArg("Invalid IP address")
	}
	a := netip.AddrFrom16([16]byte([]byte(addr)))
	if a.Is4In6() {
		a = a.Unmap()
	}
	if a.BitLen() != bits {
		return false, nil
	}
	if prefix == 0 {
		return true, nil
	}
	p, _ := base.Prefix(int(prefix))
	return p.Contains(a), nil
}
