// Package jsonrec holds trawl's JSON record readers: the CloudTrail log
// layout ({"Records":[{...},...]}, what Athena reads with
// CloudTrailInputFormat and CloudTrailSerde) and JSON Lines (Hive text
// files with a JSON SerDe). Both implement format.Reader and decode with
// Hive JsonSerDe semantics as Athena applies them: keys match columns
// case-insensitively, the last of duplicate keys wins, missing keys and JSON
// null are NULL, and nested objects or arrays read as varchar keep their
// JSON text (without insignificant whitespace).
//
// Reading is built for throughput. Each record is found with one
// validating structural scan (strict JSON: bad escapes, raw control
// characters in strings, bad literals or numbers are malformed records)
// that jumps over string contents eight bytes at a time and notes where the
// record's top-level members are. Options.MustContain is checked on the
// record's raw bytes before anything is decoded; then only the wanted
// members are converted, descending into nested objects only along the
// requested paths (columns sharing a prefix share the walk). Strings are
// carved from shared 64 KiB chunks and composite values from shared
// slabs, so a batch costs few allocations beyond boxing nested values.
//
// Memory is bounded: the stream is read through a window that starts at
// 64 KiB, doubles up to 1 MiB while the stream keeps filling it, and grows
// further only while one record does not fit, up to 64 MiB. Windows are
// pooled between readers. Decompress sniffs gzip (multistream), zstd and
// bzip2 streams.
package jsonrec
