package resultfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"trawl/internal/output"
)

// Writer streams rows to an io.Writer in one format. It buffers; Close
// flushes. A Writer is not safe for concurrent use.
type Writer struct {
	w      *bufio.Writer
	f      Format
	ncols  int
	rows   int64
	closed bool
	err    error // Close's result
}

// NewWriter returns a writer of a result with the given columns. For CSV
// it writes the header row at once (into its buffer), and needs at least
// one column; a TXT result may have none (a DDL statement's empty result).
func NewWriter(w io.Writer, f Format, cols []Column) (*Writer, error) {
	if err := checkFormat(f); err != nil {
		return nil, err
	}
	if f == CSV && len(cols) == 0 {
		return nil, errors.New("resultfile: a CSV result needs at least one column")
	}
	rw := &Writer{w: bufio.NewWriterSize(w, 64<<10), f: f, ncols: len(cols)}
	if f == CSV {
		for i, c := range cols {
			if i > 0 {
				rw.w.WriteByte(',')
			}
			rw.quoted(c.Name)
		}
		rw.w.WriteByte('\n')
		if err := rw.bufErr(); err != nil {
			return nil, err
		}
	}
	return rw, nil
}

// quoted writes s as a quoted CSV field (Athena's quoting, shared with
// the CLI's CSV output).
func (w *Writer) quoted(s string) { output.WriteQuoted(w.w, s) }

// bufErr reports a write error the buffer has recorded (a Write of nothing
// returns it), so a writer whose destination has gone (a closed pipe)
// fails at the next row rather than at Close.
func (w *Writer) bufErr() error {
	if _, err := w.w.Write(nil); err != nil {
		return fmt.Errorf("resultfile: cannot write result: %w", err)
	}
	return nil
}

// WriteRow writes one row of values in column order; nil is NULL. The
// writer keeps no reference to vals.
func (w *Writer) WriteRow(vals []*string) error {
	if w.closed {
		return errors.New("resultfile: WriteRow after Close")
	}
	if len(vals) != w.ncols {
		return fmt.Errorf("resultfile: row has %d values, but the result has %d columns", len(vals), w.ncols)
	}
	switch w.f {
	case CSV:
		for i, v := range vals {
			if i > 0 {
				w.w.WriteByte(',')
			}
			if v != nil {
				w.quoted(*v)
			}
		}
	case TXT:
		for i, v := range vals {
			if i > 0 {
				w.w.WriteByte('\t')
			}
			if v != nil {
				w.w.WriteString(*v)
			}
		}
	}
	w.w.WriteByte('\n')
	if err := w.bufErr(); err != nil {
		return err
	}
	w.rows++
	return nil
}

// Rows returns the number of data rows written (the CSV header not
// counted), the "rows" of the metadata document.
func (w *Writer) Rows() int64 { return w.rows }

// Close flushes the buffer. It does not close the underlying writer.
// Closing again returns the first Close's result.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("resultfile: cannot write result: %w", err)
	}
	return w.err
}
