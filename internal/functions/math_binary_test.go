package functions

import (
	"errors"
	"math"
	"net/netip"
	"testing"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

func TestMoreMathFunctions(t *testing.T) {
	V, B, D, I := tV, tB, tD, tI
	inf, nan := math.Inf(1), math.NaN()
	runScalarCases(t, []scalarCase{
		{fn: "greatest", types: ts(B, B, B), args: []any{int64(1), int64(3), int64(2)}, want: int64(3)},
		{fn: "least", types: ts(B, B, B), args: []any{int64(1), int64(3), int64(-2)}, want: int64(-2)},
		{name: "greatest null", fn: "greatest", types: ts(B, B), args: []any{int64(1), nil}, want: nil},
		{name: "greatest varchar", fn: "greatest", types: ts(V, V), args: []any{"a", "b"}, want: "b"},
		{name: "least unicode", fn: "least", types: ts(V, V), args: []any{"ä", "z"}, want: "z"},
		{name: "greatest mixed numbers", fn: "greatest", types: ts(B, D), args: []any{2.0, 1.5}, want: 2.0},
		{name: "greatest ignores nan", fn: "greatest", types: ts(D, D), args: []any{1.5, nan}, want: 1.5},
		{name: "least ignores nan", fn: "least", types: ts(D, D), args: []any{nan, 1.5}, want: 1.5},
		{name: "greatest date", fn: "greatest", types: ts(types.DateType, types.DateType), args: []any{date("2020-01-01"), date("2021-01-01")}, want: date("2021-01-01")},

		{fn: "sign", types: ts(B), args: []any{int64(-7)}, want: int64(-1)},
		{name: "sign zero", fn: "sign", types: ts(B), args: []any{int64(0)}, want: int64(0)},
		{name: "sign double", fn: "sign", types: ts(D), args: []any{2.5}, want: 1.0},
		{name: "sign nan", fn: "sign", types: ts(D), args: []any{nan}, want: nan},
		{name: "sign -inf", fn: "sign", types: ts(D), args: []any{math.Inf(-1)}, want: -1.0},
		{fn: "truncate", types: ts(D), args: []any{-1.9}, want: -1.0},
		{name: "truncate places", fn: "truncate", types: ts(D, I), args: []any{3.14159, int64(2)}, want: 3.14},
		{name: "truncate negative places", fn: "truncate", types: ts(D, I), args: []any{1234.5, int64(-2)}, want: 1200.0},
		{name: "truncate negative value", fn: "truncate", types: ts(D, I), args: []any{-3.999, int64(1)}, want: -3.9},
		{name: "truncate nan", fn: "truncate", types: ts(D, I), args: []any{nan, int64(1)}, want: nan},
		{fn: "cbrt", types: ts(D), args: []any{27.0}, want: 3.0},
		{fn: "exp", types: ts(D), args: []any{0.0}, want: 1.0},
		{fn: "log2", types: ts(D), args: []any{8.0}, want: 3.0},
		{fn: "log", types: ts(D, D), args: []any{2.0, 8.0}, want: 3.0},
		{fn: "pi", types: ts(), args: nil, want: math.Pi},
		{fn: "e", types: ts(), args: nil, want: math.E},
		{fn: "infinity", types: ts(), args: nil, want: inf},
		{fn: "nan", types: ts(), args: nil, want: nan},
		{fn: "is_nan", types: ts(D), args: []any{nan}, want: true},
		{name: "is_nan number", fn: "is_nan", types: ts(D), args: []any{1.0}, want: false},
		{fn: "is_finite", types: ts(D), args: []any{inf}, want: false},
		{name: "is_finite number", fn: "is_finite", types: ts(D), args: []any{1.0}, want: true},
		{fn: "is_infinite", types: ts(D), args: []any{math.Inf(-1)}, want: true},
		{name: "is_infinite nan", fn: "is_infinite", types: ts(D), args: []any{nan}, want: false},
		{fn: "degrees", types: ts(D), args: []any{math.Pi}, want: 180.0},
		{fn: "atan2", types: ts(D, D), args: []any{1.0, 1.0}, want: math.Pi / 4},

		// width_bucket: TestMathFunctions.testWidthBucket
		{fn: "width_bucket", types: ts(D, D, D, B), args: []any{3.14, 0.0, 4.0, int64(3)}, want: int64(3)},
		{name: "width_bucket below", fn: "width_bucket", types: ts(D, D, D, B), args: []any{-1.0, 0.0, 3.2, int64(4)}, want: int64(0)},
		{name: "width_bucket above", fn: "width_bucket", types: ts(D, D, D, B), args: []any{3.2, 0.0, 3.2, int64(4)}, want: int64(5)},
		{name: "width_bucket reversed", fn: "width_bucket", types: ts(D, D, D, B), args: []any{3.14, 4.0, 0.0, int64(3)}, want: int64(1)},
		{name: "width_bucket zero buckets", fn: "width_bucket", types: ts(D, D, D, B), args: []any{3.14, 0.0, 4.0, int64(0)}, err: "bucketCount must be greater than 0"},
		{name: "width_bucket nan", fn: "width_bucket", types: ts(D, D, D, B), args: []any{nan, 0.0, 4.0, int64(3)}, err: "operand must not be NaN"},
		{name: "width_bucket inf bound", fn: "width_bucket", types: ts(D, D, D, B), args: []any{1.0, inf, 4.0, int64(3)}, err: "first bound must be finite"},
		{name: "width_bucket equal bounds", fn: "width_bucket", types: ts(D, D, D, B), args: []any{1.0, 4.0, 4.0, int64(3)}, err: "bounds cannot equal each other"},
		{name: "width_bucket bins", fn: "width_bucket", types: ts(D, types.NewArray(D)), args: []any{3.14, []any{0.0, 2.0, 4.0}}, want: int64(2)},
		{name: "width_bucket bins below", fn: "width_bucket", types: ts(D, types.NewArray(D)), args: []any{-1.0, []any{0.0, 2.0, 4.0}}, want: int64(0)},
		{name: "width_bucket bins above", fn: "width_bucket", types: ts(D, types.NewArray(D)), args: []any{5.0, []any{0.0, 2.0, 4.0}}, want: int64(3)},
		{name: "width_bucket bins empty", fn: "width_bucket", types: ts(D, types.NewArray(D)), args: []any{5.0, []any{}}, err: "Bins cannot be an empty array"},
		{name: "width_bucket bins unsorted", fn: "width_bucket", types: ts(D, types.NewArray(D)), args: []any{1.0, []any{4.0, 2.0}}, err: "Bin values are not sorted in ascending order"},

		{fn: "bitwise_and", types: ts(B, B), args: []any{int64(19), int64(25)}, want: int64(17)},
		{fn: "bitwise_or", types: ts(B, B), args: []any{int64(19), int64(25)}, want: int64(27)},
		{fn: "bitwise_xor", types: ts(B, B), args: []any{int64(19), int64(25)}, want: int64(10)},
		{fn: "bitwise_not", types: ts(B), args: []any{int64(0)}, want: int64(-1)},
		{fn: "bit_count", types: ts(B, B), args: []any{int64(9), int64(64)}, want: int64(2)},
		{name: "bit_count negative", fn: "bit_count", types: ts(B, B), args: []any{int64(-7), int64(64)}, want: int64(62)},
		{name: "bit_count 8 bits", fn: "bit_count", types: ts(B, B), args: []any{int64(-7), int64(8)}, want: int64(6)},

		{fn: "from_base", types: ts(V, B), args: []any{"80000000", int64(16)}, want: int64(2147483648)},
		{name: "from_base negative", fn: "from_base", types: ts(V, B), args: []any{"-11", int64(2)}, want: int64(-3)},
		{name: "from_base base 36", fn: "from_base", types: ts(V, B), args: []any{"Zz", int64(36)}, want: int64(1295)},
		{name: "from_base invalid", fn: "from_base", types: ts(V, B), args: []any{"9", int64(8)}, err: "Not a valid base-8 number: 9"},
		{name: "from_base empty", fn: "from_base", types: ts(V, B), args: []any{"", int64(10)}, err: "Not a valid base-10 number: "},
		{name: "from_base radix", fn: "from_base", types: ts(V, B), args: []any{"1", int64(37)}, err: "Radix must be between 2 and 36"},
		{fn: "to_base", types: ts(B, B), args: []any{int64(2147483648), int64(16)}, want: "80000000"},
		{name: "to_base negative", fn: "to_base", types: ts(B, B), args: []any{int64(-255), int64(16)}, want: "-ff"},
		{name: "to_base radix", fn: "to_base", types: ts(B, B), args: []any{int64(1), int64(1)}, err: "Radix must be between 2 and 36"},

		{name: "if true", fn: "if", types: ts(tBo, B, B), args: []any{true, int64(1), int64(2)}, want: int64(1)},
		{name: "if false", fn: "if", types: ts(tBo, B, B), args: []any{false, int64(1), int64(2)}, want: int64(2)},
		{name: "if null condition", fn: "if", types: ts(tBo, B), args: []any{nil, int64(1)}, want: nil},
	})
}

func TestRandom(t *testing.T) {
	c := testContext()
	for _, name := range []string{"random", "rand"} {
		b, err := Lookup(name, ts())
		if err != nil || !b.Nondeterministic {
			t.Fatalf("%s(): %v, nondeterministic=%v", name, err, b != nil && b.Nondeterministic)
		}
		for i := 0; i < 50; i++ {
			v, _ := callScalar(t, c, name, ts())
			if f := v.(float64); f < 0 || f >= 1 {
				t.Fatalf("%s() = %v, want [0, 1)", name, f)
			}
			n, _ := callScalar(t, c, name, ts(tI), int64(3))
			if x := n.(int64); x < 0 || x >= 3 {
				t.Fatalf("%s(3) = %d", name, x)
			}
			r, _ := callScalar(t, c, name, ts(tB, tB), int64(-2), int64(2))
			if x := r.(int64); x < -2 || x >= 2 {
				t.Fatalf("%s(-2, 2) = %d", name, x)
			}
		}
	}
	if b, _ := Lookup("random", ts(tI)); !b.Ret.Equal(tI) || !b.Nondeterministic {
		t.Fatalf("random(integer) returns %s", b.Ret)
	}
	if b, _ := Lookup("sqrt", ts(tD)); b.Nondeterministic {
		t.Fatal("sqrt marked nondeterministic")
	}
	runScalarCases(t, []scalarCase{
		{name: "random bound", fn: "random", types: ts(tB), args: []any{int64(0)}, err: "bound must be positive"},
		{name: "random range", fn: "random", types: ts(tB, tB), args: []any{int64(2), int64(2)}, err: "start value must be less than stop value"},
	})
}

func ipAddr(s string) string {
	a := netip.MustParseAddr(s).As16()
	return string(a[:])
}

func TestBinaryURLAndIPFunctions(t *testing.T) {
	V, B, Bin := tV, tB, types.VarbinaryType
	IP := types.IPAddressType
	runScalarCases(t, []scalarCase{
		{fn: "md5", types: ts(Bin), args: []any{""}, want: "\xd4\x1d\x8c\xd9\x8f\x00\xb2\x04\xe9\x80\x09\x98\xec\xf8\x42\x7e"},
		{name: "to_hex md5", fn: "to_hex", types: ts(Bin), args: []any{"\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28\xe1\x7f\x72"}, want: "900150983CD24FB0D6963F7D28E17F72"},
		{fn: "sha1", types: ts(Bin), args: []any{"abc"}, want: "\xa9\x99\x3e\x36\x47\x06\x81\x6a\xba\x3e\x25\x71\x78\x50\xc2\x6c\x9c\xd0\xd8\x9d"},
		{fn: "crc32", types: ts(Bin), args: []any{"CRC me!"}, want: int64(38028046)},
		{name: "crc32 empty", fn: "crc32", types: ts(Bin), args: []any{""}, want: int64(0)},
		{fn: "from_hex", types: ts(V), args: []any{"616263"}, want: "abc"},
		{name: "from_hex lower", fn: "from_hex", types: ts(V), args: []any{"ff"}, want: "\xff"},
		{name: "from_hex odd", fn: "from_hex", types: ts(V), args: []any{"f"}, err: "invalid input length 1"},
		{name: "from_hex bad char", fn: "from_hex", types: ts(V), args: []any{"fg"}, err: "invalid hex character: g"},
		{fn: "to_base64", types: ts(Bin), args: []any{"abc"}, want: "YWJj"},
		{name: "to_base64 padding", fn: "to_base64", types: ts(Bin), args: []any{"a"}, want: "YQ=="},
		{fn: "from_base64", types: ts(V), args: []any{"YQ=="}, want: "a"},
		{name: "from_base64 unpadded", fn: "from_base64", types: ts(V), args: []any{"YQ"}, want: "a"},
		{name: "from_base64 empty", fn: "from_base64", types: ts(V), args: []any{""}, want: ""},
		{name: "from_base64 bad", fn: "from_base64", types: ts(V), args: []any{"Y!=="}, err: "Illegal base64 character 21"},
		{fn: "to_base64url", types: ts(Bin), args: []any{"\xfb\xff"}, want: "-_8="},
		{fn: "from_base64url", types: ts(V), args: []any{"-_8="}, want: "\xfb\xff"},
		{fn: "to_big_endian_64", types: ts(B), args: []any{int64(1)}, want: "\x00\x00\x00\x00\x00\x00\x00\x01"},
		{fn: "from_big_endian_64", types: ts(Bin), args: []any{"\xff\xff\xff\xff\xff\xff\xff\xff"}, want: int64(-1)},
		{name: "from_big_endian_64 short", fn: "from_big_endian_64", types: ts(Bin), args: []any{"\x01"}, err: "expected 8-byte input, but got instead: 1"},
		{fn: "hmac_sha256", types: ts(Bin, Bin), args: []any{"", ""}, want: "\xb6\x13\x67\x9a\x08\x14\xd9\xec\x77\x2f\x95\xd7\x78\xc3\x5f\xc5\xff\x16\x97\xc4\x93\x71\x56\x53\xc6\xc7\x12\x14\x42\x92\xc5\xad"},

		// TestUrlFunctions.testUrlExtract
		{fn: "url_extract_protocol", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: "http"},
		{fn: "url_extract_host", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: "example.com"},
		{fn: "url_extract_port", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: nil},
		{fn: "url_extract_path", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: "/path1/p.php"},
		{fn: "url_extract_query", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: "k1=v1&k2=v2"},
		{fn: "url_extract_fragment", types: ts(V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2#Ref1"}, want: "Ref1"},
		{name: "url empty query", fn: "url_extract_query", types: ts(V), args: []any{"http://example.com/path1/p.php?"}, want: ""},
		{name: "url port", fn: "url_extract_port", types: ts(V), args: []any{"http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1"}, want: int64(8080)},
		{name: "url userinfo host", fn: "url_extract_host", types: ts(V), args: []any{"https://username:password@example.com"}, want: "example.com"},
		{name: "url userinfo path", fn: "url_extract_path", types: ts(V), args: []any{"https://username@example.com"}, want: ""},
		{name: "url opaque protocol", fn: "url_extract_protocol", types: ts(V), args: []any{"mailto:test@example.com"}, want: "mailto"},
		{name: "url opaque host", fn: "url_extract_host", types: ts(V), args: []any{"mailto:test@example.com"}, want: ""},
		{name: "url relative path", fn: "url_extract_path", types: ts(V), args: []any{"foo"}, want: "foo"},
		{name: "url relative protocol", fn: "url_extract_protocol", types: ts(V), args: []any{"foo"}, want: ""},
		{name: "url invalid", fn: "url_extract_host", types: ts(V), args: []any{"http://example.com/^"}, want: nil},
		{name: "url invalid port", fn: "url_extract_port", types: ts(V), args: []any{"http://example.com/^"}, want: nil},
		{name: "url decoded path", fn: "url_extract_path", types: ts(V), args: []any{"http://a.com/x%20y"}, want: "/x y"},
		{name: "url unicode path", fn: "url_extract_path", types: ts(V), args: []any{"http://a.com/ä"}, want: "/ä"},

		// TestUrlFunctions.testUrlExtractParameter
		{fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1", "k1"}, want: "v1"},
		{name: "param k3", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1", "k3"}, want: ""},
		{name: "param missing", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1", "k5"}, want: nil},
		{name: "param first wins", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1=v1&k1=v2&k1&k1#Ref1", "k1"}, want: "v1"},
		{name: "param first empty", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1&k1=v1&k1&k1#Ref1", "k1"}, want: ""},
		{name: "param equals in value", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k=a=b=c&x=y#Ref1", "k"}, want: "a=b=c"},
		{name: "param encoded", fn: "url_extract_parameter", types: ts(V, V), args: []any{"http://example.com/path1/p.php?k1=a%26k2%3Db&k2=c#Ref1", "k2"}, want: "c"},
		{name: "param no query", fn: "url_extract_parameter", types: ts(V, V), args: []any{"foo", "k1"}, want: nil},

		// TestUrlFunctions.testUrlEncode / testUrlDecode
		{fn: "url_encode", types: ts(V), args: []any{"http://test?a=b&c=d"}, want: "http%3A%2F%2Ftest%3Fa%3Db%26c%3Dd"},
		{name: "url_encode unicode", fn: "url_encode", types: ts(V), args: []any{"http://\u30c6\u30b9\u30c8"}, want: "http%3A%2F%2F%E3%83%86%E3%82%B9%E3%83%88"},
		{name: "url_encode specials", fn: "url_encode", types: ts(V), args: []any{"~@:.-*_+ \u2603"}, want: "%7E%40%3A.-*_%2B+%E2%98%83"},
		{name: "url_encode supplementary", fn: "url_encode", types: ts(V), args: []any{"\U00029E3D"}, want: "%F0%A9%B8%BD"},
		{name: "url_encode empty", fn: "url_encode", types: ts(V), args: []any{""}, want: ""},
		{fn: "url_decode", types: ts(V), args: []any{"%7E%40%3A.-*_%2B+%E2%98%83"}, want: "~@:.-*_+ \u2603"},
		{name: "url_decode plain", fn: "url_decode", types: ts(V), args: []any{"test"}, want: "test"},
		{name: "url_decode incomplete", fn: "url_decode", types: ts(V), args: []any{"abc%2"}, err: "URLDecoder: Incomplete trailing escape (%) pattern"},
		{name: "url_decode bad hex", fn: "url_decode", types: ts(V), args: []any{"%zz"}, err: "URLDecoder: Illegal hex characters in escape (%) pattern"},

		// contains(network, address): TestIpAddressFunctions
		{name: "cidr contains", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.0/8", ipAddr("10.255.0.1")}, want: true},
		{name: "cidr not contains", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.0/8", ipAddr("11.255.0.1")}, want: false},
		{name: "cidr /0", fn: "contains", types: ts(V, IP), args: []any{"0.0.0.0/0", ipAddr("255.255.255.255")}, want: true},
		{name: "cidr v6", fn: "contains", types: ts(V, IP), args: []any{"2001:0db8::/32", ipAddr("2001:db8::1")}, want: true},
		{name: "cidr version mismatch", fn: "contains", types: ts(V, IP), args: []any{"2001:0db8::/32", ipAddr("10.0.0.1")}, want: false},
		{name: "cidr no slash", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.0", ipAddr("10.0.0.1")}, err: "Invalid CIDR"},
		{name: "cidr host bits", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.1/8", ipAddr("10.0.0.1")}, err: "Invalid CIDR"},
		{name: "cidr bad ip", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.256/8", ipAddr("10.0.0.1")}, err: "Invalid network IP address"},
		{name: "cidr prefix too long", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.0/33", ipAddr("10.0.0.1")}, err: "Prefix length exceeds address length"},
		{name: "cidr negative prefix", fn: "contains", types: ts(V, IP), args: []any{"10.0.0.0/-1", ipAddr("10.0.0.1")}, err: "Invalid prefix length"},
	})
}

func TestTimeZoneErrorsAreNotSupported(t *testing.T) {
	_, err := callScalar(t, testContext(), "from_unixtime", ts(tD, tV), 0.0, "Mars/Base")
	if !errors.Is(err, sqlerr.NotSupported) {
		t.Fatalf("unknown zone: %v, want NOT_SUPPORTED", err)
	}
}
