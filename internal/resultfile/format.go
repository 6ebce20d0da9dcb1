package resultfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Format is a result file format.
type Format int

// The result file formats. The zero Format is invalid, so a forgotten
// field is an error rather than a silent CSV.
const (
	CSV Format = iota + 1 // <id>.csv: quoted CSV with a header row
	TXT                   // <id>.txt: tab-separated text, no header
)

// MetadataSuffix is appended to a CSV result's key to name its metadata
// object (<id>.csv.metadata).
const MetadataSuffix = ".metadata"

// String returns "csv" or "txt", the name used in the metadata document.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case TXT:
		return "txt"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Ext returns the file name extension: ".csv" or ".txt".
func (f Format) Ext() string { return "." + f.String() }

func (f Format) valid() bool { return f == CSV || f == TXT }

func checkFormat(f Format) error {
	if !f.valid() {
		return fmt.Errorf("resultfile: unknown format %v", f)
	}
	return nil
}

// Column names and types one result column.
type Column struct {
	Name string // the column name, as in the CSV header
	Type string // the Trino type text: "varchar", "bigint", "timestamp(3)", "array(varchar)"
}

// metadata is the JSON document stored at <id>.csv.metadata.
type metadata struct {
	Columns []metaColumn `json:"columns"`
	Rows    *int64       `json:"rows"`
	Format  string       `json:"format"`
}

type metaColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// MetadataJSON renders the metadata document of a result with the given
// columns, number of data rows (the CSV header not counted) and format.
func MetadataJSON(cols []Column, rows int64, f Format) []byte {
	m := metadata{Columns: make([]metaColumn, len(cols)), Rows: &rows, Format: f.String()}
	for i, c := range cols {
		m.Columns[i] = metaColumn(c)
	}
	b, err := json.Marshal(m)
	if err != nil {
		// Only strings and an integer: Marshal cannot fail.
		panic("resultfile: " + err.Error())
	}
	return b
}

// ParseMetadata reads a document written by MetadataJSON. Unknown fields
// are ignored, so later versions may add some; columns, rows and format
// are required.
func ParseMetadata(b []byte) (cols []Column, rows int64, f Format, err error) {
	var m struct {
		Columns *[]metaColumn `json:"columns"`
		Rows    *int64        `json:"rows"`
		Format  *string       `json:"format"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return nil, 0, 0, fmt.Errorf("resultfile: invalid result metadata: %w", err)
	}
	if dec.More() {
		return nil, 0, 0, errors.New("resultfile: invalid result metadata: data after the JSON document")
	}
	switch {
	case m.Columns == nil:
		return nil, 0, 0, errors.New(`resultfile: invalid result metadata: no "columns"`)
	case m.Rows == nil:
		return nil, 0, 0, errors.New(`resultfile: invalid result metadata: no "rows"`)
	case *m.Rows < 0:
		return nil, 0, 0, fmt.Errorf(`resultfile: invalid result metadata: "rows" is %d`, *m.Rows)
	case m.Format == nil:
		return nil, 0, 0, errors.New(`resultfile: invalid result metadata: no "format"`)
	}
	switch *m.Format {
	case "csv":
		f = CSV
	case "txt":
		f = TXT
	default:
		return nil, 0, 0, fmt.Errorf(`resultfile: invalid result metadata: unknown "format" %q`, *m.Format)
	}
	cols = make([]Column, len(*m.Columns))
	for i, c := range *m.Columns {
		cols[i] = Column(c)
	}
	return cols, *m.Rows, f, nil
}
