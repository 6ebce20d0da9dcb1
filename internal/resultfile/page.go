package resultfile

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"trawl/internal/storage"
)

// MaxPageSize is the most rows one Page returns, GetQueryResults' largest
// MaxResults.
const MaxPageSize = 1000

// maxRecord bounds one record's raw size, so a corrupt file (an opening
// quote never closed) is reported instead of read whole into memory.
// Athena itself limits rows to 32 MB.
const maxRecord = 64 << 20

// ErrBadToken is wrapped by Page's error for a page token that is garbled
// or belongs to another result.
var ErrBadToken = errors.New("invalid page token")

// ErrCorrupt is wrapped by Page's error for a stored result that is
// truncated or malformed; the message names the object and byte offset.
var ErrCorrupt = errors.New("corrupt result file")

// Page reads up to max rows (1 to MaxPageSize) of the result stored at
// bucket/key in format f, starting at token ("" for the start). For CSV
// the first row of the first page is the header row, as Athena's
// GetQueryResults returns it. It returns the rows (nil entries for NULL)
// and the token of the next page, "" when there are no more rows.
//
// A token is an opaque, URL-safe string recording the byte offset and
// row number to resume from (and, for CSV, the column count), sealed
// with a short hash of the bucket, key and format, so a token from
// another result or a garbled one is an error wrapping ErrBadToken.
func Page(ctx context.Context, st storage.Store, bucket, key string, f Format, token string, max int) (rows [][]*string, next string, err error) {
	if err := checkFormat(f); err != nil {
		return nil, "", err
	}
	if max < 1 || max > MaxPageSize {
		return nil, "", fmt.Errorf("resultfile: page size %d is outside 1 to %d", max, MaxPageSize)
	}
	var pos position
	if token != "" {
		if pos, err = decodeToken(bucket, key, f, token); err != nil {
			return nil, "", err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	rc, err := st.Open(ctx, bucket, key)
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()

	r := readers.Get().(*reader)
	defer r.release()
	r.start(rc, objectName(bucket, key), f, pos)
	if err := r.skip(ctx, rc, pos.off); err != nil {
		return nil, "", err
	}
	if pos.off > 0 {
		// A token is only issued when rows follow its offset.
		if err := r.more(); err == io.EOF {
			return nil, "", r.corrupt(pos.off, "the object ends before this page, which should start here")
		} else if err != nil {
			return nil, "", err
		}
	}

	rows = make([][]*string, 0, max)
	for len(rows) < max {
		if len(rows)%128 == 127 {
			if err := ctx.Err(); err != nil {
				return nil, "", err
			}
		}
		row, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		rows = append(rows, row)
	}
	if f == CSV && pos.rec == 0 && len(rows) == 0 {
		return nil, "", r.corrupt(0, "the object is empty: a CSV result starts with a header row")
	}
	if len(rows) < max {
		return rows, "", nil
	}
	if err := r.more(); err == io.EOF {
		return rows, "", nil
	} else if err != nil {
		return nil, "", err
	}
	return rows, encodeToken(bucket, key, f, position{off: r.off, rec: r.rec, ncols: r.ncols}), nil
}

func objectName(bucket, key string) string {
	if bucket == "" {
		return "file:///" + key
	}
	return "s3://" + bucket + "/" + key
}

// position is what a page token records.
type position struct {
	off   int64 // byte offset of the page's first record
	rec   int64 // records before it (the CSV header included)
	ncols int   // CSV: the header's column count; 0 before the header
}

const tokenVersion = 1

// tokenMAC seals a token's payload to one result object. It is a check
// against mix-ups and damage, not a secret: the stored result is the
// caller's own.
func tokenMAC(bucket, key string, f Format, payload []byte) []byte {
	h := sha256.New()
	h.Write([]byte("trawl/resultfile page token\x00"))
	h.Write([]byte{byte(f)})
	h.Write([]byte(bucket))
	h.Write([]byte{0})
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)[:8]
}

var tokenEncoding = base64.RawURLEncoding.Strict()

func encodeToken(bucket, key string, f Format, p position) string {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64+8)
	b = append(b, tokenVersion)
	b = binary.AppendUvarint(b, uint64(p.off))
	b = binary.AppendUvarint(b, uint64(p.rec))
	b = binary.AppendUvarint(b, uint64(p.ncols))
	b = append(b, tokenMAC(bucket, key, f, b)...)
	return tokenEncoding.EncodeToString(b)
}

func decodeToken(bucket, key string, f Format, tok string) (position, error) {
	bad := func(why string) (position, error) {
		return position{}, fmt.Errorf("resultfile: %w for %s: %s", ErrBadToken, objectName(bucket, key), why)
	}
	if len(tok) > 128 {
		return bad("too long")
	}
	b, err := tokenEncoding.DecodeString(tok)
	if err != nil || len(b) < 1+3+8 {
		return bad("not a page token")
	}
	payload, mac := b[:len(b)-8], b[len(b)-8:]
	if subtle.ConstantTimeCompare(mac, tokenMAC(bucket, key, f, payload)) != 1 {
		return bad("it belongs to another query result, or is damaged")
	}
	if payload[0] != tokenVersion {
		return bad("unknown token version")
	}
	var v [3]uint64
	rest := payload[1:]
	for i := range v {
		x, n := binary.Uvarint(rest)
		if n <= 0 {
			return bad("not a page token")
		}
		v[i], rest = x, rest[n:]
	}
	if len(rest) != 0 || v[0] == 0 || v[0] > math.MaxInt64 || v[1] == 0 || v[1] > math.MaxInt64 || v[2] > math.MaxInt32 {
		return bad("not a page token")
	}
	return position{off: int64(v[0]), rec: int64(v[1]), ncols: int(v[2])}, nil
}

// reader parses records from a stored result, tracking byte offsets.
type reader struct {
	br    *bufio.Reader
	name  string // the object, for errors
	f     Format
	off   int64 // byte offset of the next unread byte
	rec   int64 // records read before off
	ncols int   // CSV: fields per record, once known

	raw   []byte // a record's bytes, when it spans ReadSlice calls
	val   []byte // a record's unquoted values, back to back
	spans []span
	strs  []string  // allocation chunk for values
	ptrs  []*string // allocation chunk for rows
}

// span locates one field in reader.val.
type span struct {
	start, end int
	null       bool
}

var readers = sync.Pool{New: func() any {
	return &reader{br: bufio.NewReaderSize(nil, 64<<10)}
}}

func (r *reader) start(rd io.Reader, name string, f Format, p position) {
	r.br.Reset(rd)
	r.name, r.f = name, f
	r.off, r.rec, r.ncols = p.off, p.rec, p.ncols
}

// release returns r to the pool, dropping what the returned rows share
// and any outsized scratch buffer.
func (r *reader) release() {
	r.br.Reset(nil)
	r.strs, r.ptrs = nil, nil
	if cap(r.raw) > 1<<20 {
		r.raw = nil
	}
	if cap(r.val) > 1<<20 {
		r.val = nil
	}
	readers.Put(r)
}

func (r *reader) corrupt(at int64, format string, args ...any) error {
	return fmt.Errorf("resultfile: %w: %s at byte offset %d: %s", ErrCorrupt, r.name, at, fmt.Sprintf(format, args...))
}

func (r *reader) readErr(err error) error {
	return fmt.Errorf("resultfile: cannot read %s at byte offset %d: %w", r.name, r.off, err)
}

// skip moves rd to byte offset off. storage.Store has no ranged read, so
// resuming a page means opening the object and skipping to the offset:
// a seek when the stream can (the file store's *os.File), otherwise
// reading and discarding the bytes before it, in a streaming copy that
// holds no more than a buffer. Later pages of a large result on a store
// that cannot seek cost a read of everything before them (but no parsing
// and no memory); a ranged Open on storage.Store would remove that.
func (r *reader) skip(ctx context.Context, rd io.Reader, off int64) error {
	if off == 0 {
		return nil
	}
	if s, ok := rd.(io.Seeker); ok {
		if _, err := s.Seek(off, io.SeekStart); err != nil {
			return fmt.Errorf("resultfile: cannot seek %s to byte offset %d: %w", r.name, off, err)
		}
		return nil
	}
	for done := int64(0); done < off; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := io.CopyN(io.Discard, rd, min(off-done, 4<<20))
		done += n
		if err == io.EOF {
			return r.corrupt(done, "the object ends before this page, which should start at byte offset %d", off)
		}
		if err != nil {
			return fmt.Errorf("resultfile: cannot read %s at byte offset %d: %w", r.name, done, err)
		}
	}
	return nil
}

// more reports whether bytes remain: nil if so, io.EOF if not.
func (r *reader) more() error {
	_, err := r.br.Peek(1)
	if err != nil && err != io.EOF {
		return r.readErr(err)
	}
	return err
}

var quote = []byte{'"'}

// record reads one record's bytes, without its "\n", and returns them
// with their byte offset; io.EOF at the end of the object. A CSV record
// continues past a "\n" inside a quoted field: while the count of quotes
// so far is odd. The bytes are valid until the next call.
func (r *reader) record() ([]byte, int64, error) {
	at := r.off
	r.raw = r.raw[:0]
	quotes := 0
	for {
		line, err := r.br.ReadSlice('\n')
		if r.f == CSV {
			quotes += bytes.Count(line, quote)
		}
		if err == nil && quotes%2 == 0 {
			if len(r.raw) > 0 {
				r.raw = append(r.raw, line...)
				line = r.raw
			}
			r.off += int64(len(line))
			r.rec++
			return line[:len(line)-1], at, nil
		}
		r.raw = append(r.raw, line...)
		if len(r.raw) > maxRecord {
			return nil, at, r.corrupt(at, "record is longer than %d bytes", maxRecord)
		}
		switch err {
		case nil, bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(r.raw) == 0 {
				return nil, at, io.EOF
			}
			end := at + int64(len(r.raw))
			if quotes%2 == 1 {
				return nil, at, r.corrupt(at, "quoted field not closed before the object ends at byte offset %d (truncated?)", end)
			}
			return nil, at, r.corrupt(at, "last record has no line end; the object ends at byte offset %d (truncated?)", end)
		}
		return nil, at, r.readErr(err)
	}
}

// next reads and parses one record into a row.
func (r *reader) next() ([]*string, error) {
	raw, at, err := r.record()
	if err != nil {
		return nil, err
	}
	r.val, r.spans = r.val[:0], r.spans[:0]
	if r.f == TXT {
		r.val = append(r.val, raw...)
		for s := 0; ; {
			i := bytes.IndexByte(raw[s:], '\t')
			if i < 0 {
				r.spans = append(r.spans, span{start: s, end: len(raw)})
				break
			}
			r.spans = append(r.spans, span{start: s, end: s + i})
			s += i + 1
		}
	} else {
		if err := r.parseCSV(raw, at); err != nil {
			return nil, err
		}
		if r.ncols == 0 {
			r.ncols = len(r.spans)
		} else if len(r.spans) != r.ncols {
			return nil, r.corrupt(at, "record has %d fields, but the header has %d", len(r.spans), r.ncols)
		}
	}
	return r.row(), nil
}

// parseCSV splits a CSV record (without its "\n") into r.val and r.spans:
// a quoted field is a value ("" inside standing for a quote), an empty
// unquoted field NULL. trawl quotes every value; an unquoted non-empty
// field, which RFC 4180 allows, is read as a value too. A "\r" ending the
// record (a CRLF line end) is dropped.
func (r *reader) parseCSV(raw []byte, at int64) error {
	if n := len(raw); n > 0 && raw[n-1] == '\r' {
		raw = raw[:n-1]
	}
	for i := 0; ; {
		if i < len(raw) && raw[i] == '"' {
			open := i
			start := len(r.val)
			i++
			for {
				j := bytes.IndexByte(raw[i:], '"')
				if j < 0 {
					return r.corrupt(at+int64(open), "quoted field not closed")
				}
				r.val = append(r.val, raw[i:i+j]...)
				i += j + 1
				if i < len(raw) && raw[i] == '"' {
					r.val = append(r.val, '"')
					i++
					continue
				}
				break
			}
			r.spans = append(r.spans, span{start: start, end: len(r.val)})
			if i == len(raw) {
				return nil
			}
			if raw[i] != ',' {
				return r.corrupt(at+int64(i), "unexpected %q after a quoted field", raw[i])
			}
			i++
			continue
		}
		end := len(raw)
		if j := bytes.IndexByte(raw[i:], ','); j >= 0 {
			end = i + j
		}
		field := raw[i:end]
		if k := bytes.IndexByte(field, '"'); k >= 0 {
			return r.corrupt(at+int64(i+k), "quote inside an unquoted field")
		}
		if len(field) == 0 {
			r.spans = append(r.spans, span{null: true})
		} else {
			start := len(r.val)
			r.val = append(r.val, field...)
			r.spans = append(r.spans, span{start: start, end: len(r.val)})
		}
		if end == len(raw) {
			return nil
		}
		i = end + 1
	}
}

// row builds the row of the parsed record: one string holds all its
// values, and the value headers and pointer slices come from chunks
// shared by the page's rows, to keep allocations per row low.
func (r *reader) row() []*string {
	s := string(r.val)
	n := len(r.spans)
	if len(r.ptrs) < n {
		r.ptrs = make([]*string, max(n, 1024))
	}
	row := r.ptrs[:n:n]
	r.ptrs = r.ptrs[n:]
	for i, sp := range r.spans {
		if sp.null {
			row[i] = nil
			continue
		}
		if len(r.strs) == 0 {
			r.strs = make([]string, max(n, 1024))
		}
		r.strs[0] = s[sp.start:sp.end]
		row[i] = &r.strs[0]
		r.strs = r.strs[1:]
	}
	return row
}
