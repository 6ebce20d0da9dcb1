// Package format holds the record readers: decoders from a byte stream to
// column batches. Readers read bytes, never storage: the scan opens an
// object and hands its stream here.
//
// The readers decode only what a query needs: the caller names the value
// paths it wants (Column) and may name literals that every wanted record
// must contain (Options.MustContain), so records that cannot match are
// skipped after a structural scan, without decoding their fields.
package format

import (
	"trawl/internal/types"
	"trawl/internal/vector"
)

// Column is one value a reader produces for each record.
type Column struct {
	// Path is the chain of JSON object keys leading to the value, lower
	// case; keys in the data match case-insensitively ("sourceIPAddress"
	// fills ["sourceipaddress"]). Path[0] is a top-level key of the record;
	// each further element is a key of the object found so far. When a key
	// is missing or a value on the way is not an object, the value is NULL.
	Path []string
	// Type is the type to deliver; see package types for the physical
	// representation of each.
	Type *types.Type
}

// Options configure a reader.
type Options struct {
	// Columns are the values to produce; the batch passed to Next has one
	// vector per column, in this order, of the column's type.
	Columns []Column
	// MustContain lists groups of literals: a record is decoded only when,
	// for every group, its raw bytes contain at least one literal of the
	// group. Records that fail are skipped (not counted as rows). The
	// caller is responsible for only passing literals whose presence is
	// implied by the query's filter.
	MustContain [][][]byte
	// IgnoreMalformed skips records that are not valid JSON (counting them
	// in Stats.Malformed) instead of failing; the table property
	// 'ignore.malformed.json'='true'.
	IgnoreMalformed bool
	// Name names the stream in error messages (the object's location).
	Name string
}

// Stats are counters a reader keeps while reading.
type Stats struct {
	// BytesRead is the number of (decompressed) bytes consumed.
	BytesRead int64
	// Records is the number of records seen, including skipped ones.
	Records int64
	// Malformed is the number of records skipped as malformed.
	Malformed int64
}

// Reader produces batches of decoded records.
type Reader interface {
	// Next appends up to max records to b, whose vectors match
	// Options.Columns, and sets b.N. It returns the number of rows added;
	// at the end of the stream it returns 0 and io.EOF. Errors name the
	// stream (Options.Name) and the byte offset in the decompressed stream.
	Next(b *vector.Batch, max int) (int, error)
	// Stats returns the counters so far.
	Stats() Stats
}
