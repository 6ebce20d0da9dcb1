// Package types is trawl's model of Trino's type system: the types a column
// or expression can have, their names as Trino prints them, how Hive DDL type
// strings map onto them, and the physical representation each type uses in
// column vectors.
//
// Physical representation (shared by vectors and by the elements of composite
// values):
//
//	boolean                           bool
//	tinyint smallint integer bigint   int64
//	real double                       float64 (real rounded to float32)
//	decimal(p,s), p <= 18             int64 unscaled value (value * 10^s)
//	decimal(p,s), 19 <= p <= 38       Int128 unscaled value (PhysAny)
//	varchar char json                 string (UTF-8)
//	varbinary                         string holding the raw bytes
//	date                              int64 days since 1970-01-01
//	time(p)                           int64 microseconds since midnight
//	timestamp(p)                      int64 microseconds since the epoch
//	timestamp(p) with time zone       int64 packed by PackTZ (millis<<12 | zone key)
//	interval day to second            int64 milliseconds
//	interval year to month            int64 months
//	ipaddress                         string of 16 bytes (IPv4 mapped to IPv6)
//	ipprefix                          string of 17 bytes (network address, prefix length)
//	array(T)                          []any of element values (nil for NULL)
//	map(K,V)                          *MapValue
//	row(...)                          []any of field values
//
// Precision limits of the representations: time(p) and timestamp(p) keep
// microseconds, so p from 7 to 12 prints zeros past the sixth fractional
// digit; timestamp(p) with time zone keeps milliseconds, so p from 4 to 12
// prints zeros past the third. Decimal helpers (package value) accept an
// int64 for a long decimal too, reading it as its value.
//
// Json values are comparable (= and <>) but not orderable; maps likewise.
//
// A NULL is carried out of band (the vector's null flags), and as nil inside
// composite values.
package types
