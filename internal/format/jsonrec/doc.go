// Package jsonrec holds trawl's JSON record readers: the CloudTrail log
// layout ({"Records":[{...},...]}, what Athena reads with
// CloudTrailInputFormat and CloudTrailSerde) and JSON Lines (Hive text
// files with a JSON SerDe). Both implement format.Reader and decode with
// Hive JsonSerDe semantics as Athena applies them: keys match columns
// case-insensitively, the last of duplicate keys wins, missing keys and JSON
// null are NULL, and nested objects or arrays read as varchar keep their
// JSON text.
//
// Reading is built for throughput. Each record is found with one validating
// structural scan that jumps over string contents eight bytes at a time and
// notes where the record's top-level members are; Options.MustContain is
// checked on the record's raw bytes before anything is decoded; then only
// the wanted members are converted, descending into nested objects only
// along the requested paths (columns sharing a prefix share the walk).
// Top-level string values of a batch are copied into one shared arena
// string, so a batch costs a handful of allocations whatever its row count.
//
// Memory is bounded: the stream is read through a 1 MiB window that grows
// only while one record does not fit, up to 64 MiB. Decompress sniffs gzip
// (multistream), zstd and bzip2 streams.
package jsonrec
