package jsonrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"trawl/internal/format"
	"trawl/internal/sqlerr"
	"trawl/internal/vector"
)

// Error is a failure to read a stream: malformed data, a record too large,
// or a read (decompression) error. It matches sqlerr.BadData with
// errors.Is and unwraps to the underlying read error, if any.
type Error struct {
	Name   string // the stream (Options.Name)
	Offset int64  // byte offset in the decompressed stream
	Msg    string
	Err    error // the read error, when the stream failed
}

func (e *Error) Error() string {
	return fmt.Sprintf("cannot read %s: %s at offset %d", e.Name, e.Msg, e.Offset)
}

// Unwrap returns the underlying read error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports HIVE_BAD_DATA.
func (e *Error) Is(target error) bool { return target == error(sqlerr.BadData) }

// States of the CloudTrail layout's outer structure.
const (
	ctTop      = iota // before a top-level object, or at the end
	ctFirstKey        // just inside the top object: a key or '}'
	ctKey             // after a comma in the top object: a key
	ctNext            // after a member of the top object: ',' or '}'
	ctRecFirst        // just inside the Records array: a record or ']'
	ctRecNext         // after a record: ',' or ']'
)

type reader struct {
	in    input
	opts  format.Options
	lines bool
	sc    scanner
	plan  *plan
	must  [][]finder // opts.MustContain, compiled
	stats format.Stats
	state int
	err   error // sticky
	done  bool

	started bool // the first Next call happened

	// JSON lines.
	searched int  // bytes after in.pos already searched for '\n'
	discard  bool // dropping the rest of an oversized line

	// Decoding.
	batch    *vector.Batch
	sa       strArena
	slab     []any
	stack    []any  // array elements being decoded
	scratch  []byte // unescaped string values
	kscratch []byte // unescaped keys
	ws       bool   // the current record holds whitespace outside strings
}

// NewCloudTrail reads a CloudTrail log file: one JSON object
// {"Records":[{...},{...}]} (what com.amazon.emr.cloudtrail.CloudTrailInputFormat
// reads). Other top-level keys are ignored. Each element of Records is one
// record. Several top-level objects in a row are read one after the other.
func NewCloudTrail(r io.Reader, opts format.Options) format.Reader {
	return newReader(r, opts, false, defaultBufSize)
}

// NewJSONLines reads one JSON object per line (Hive text input with a JSON
// SerDe). Blank lines are skipped.
func NewJSONLines(r io.Reader, opts format.Options) format.Reader {
	return newReader(r, opts, true, defaultBufSize)
}

func newReader(r io.Reader, opts format.Options, lines bool, bufSize int) *reader {
	if opts.Name == "" {
		opts.Name = "stream"
	}
	return &reader{
		in:    newInput(r, bufSize),
		opts:  opts,
		lines: lines,
		plan:  newPlan(opts.Columns),
		must:  compileMustContain(opts.MustContain),
	}
}

// Stats returns the counters so far.
func (r *reader) Stats() format.Stats {
	s := r.stats
	s.BytesRead = r.in.offset(r.in.pos)
	return s
}

// Next appends up to max records to b and sets b.N.
func (r *reader) Next(b *vector.Batch, max int) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if max <= 0 {
		return 0, nil
	}
	if r.done {
		return 0, io.EOF
	}
	r.batch = b
	if !r.started {
		r.started = true
		r.skipBOM()
	}
	ncols := len(r.opts.Columns)
	added := 0
	for added < max {
		var s, e int
		var ok bool
		if r.lines {
			s, e, ok = r.nextLine()
		} else {
			s, e, ok = r.nextRecord()
		}
		if !ok {
			break
		}
		r.stats.Records++
		rec := r.in.buf[s:e]
		if len(r.must) > 0 && !r.accept(rec) {
			continue
		}
		if ncols > 0 {
			r.emitRecord(r.in.buf, s, e)
		}
		added++
	}
	r.batch = nil
	b.N += added
	if r.done || r.err != nil {
		r.in.release()
	}
	if added == 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	return added, nil
}

// skipBOM skips a UTF-8 byte order mark at the start of the stream.
func (r *reader) skipBOM() {
	in := &r.in
	for len(in.buf) < 3 && in.fill() {
	}
	if len(in.buf) >= 3 && string(in.buf[:3]) == "\xef\xbb\xbf" {
		in.pos = 3
	}
}

// accept checks Options.MustContain on a record's raw bytes.
func (r *reader) accept(rec []byte) bool {
	for _, g := range r.must {
		found := false
		for i := range g {
			if g[i].in(rec) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (r *reader) errAt(off int64, msg string, err error) *Error {
	return &Error{Name: r.opts.Name, Offset: off, Msg: msg, Err: err}
}

// fail stops the reader with an error.
func (r *reader) fail(off int64, msg string) (int, int, bool) {
	r.err = r.errAt(off, msg, nil)
	return 0, 0, false
}

// readFail stops the reader with the input's read error.
func (r *reader) readFail() (int, int, bool) {
	err := r.in.err
	msg := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of data"
	}
	r.err = r.errAt(r.in.offset(len(r.in.buf)), msg, err)
	return 0, 0, false
}

// malformedStop handles malformed data that cannot be skipped: with
// IgnoreMalformed it is counted and the stream ends; else it is an error.
func (r *reader) malformedStop(off int64, msg string) (int, int, bool) {
	if r.opts.IgnoreMalformed {
		r.stats.Records++
		r.stats.Malformed++
		r.done = true
		return 0, 0, false
	}
	return r.fail(off, msg)
}

// peek skips whitespace and returns the next byte; false at the end of the
// data (see in.err for a read error).
func (r *reader) peek() (byte, bool) {
	in := &r.in
	for {
		for in.pos < len(in.buf) {
			c := in.buf[in.pos]
			if !isSpace(c) {
				return c, true
			}
			in.pos++
		}
		if !in.fill() {
			return 0, false
		}
	}
}

// scanAt validates the value at in.pos, reading more data as needed.
// After it returns, in.pos is still the value's start (possibly moved).
func (r *reader) scanAt() (int, scanStatus) {
	for {
		end, st := r.sc.value(r.in.buf, r.in.pos)
		if st != scanMore {
			return end, st
		}
		if !r.in.fill() {
			return end, scanMore
		}
	}
}

// incomplete reports data that ended inside a value.
func (r *reader) incomplete(start int) (int, int, bool) {
	in := &r.in
	switch {
	case in.err != nil:
		return r.readFail()
	case in.tooLarge:
		return r.malformedStop(in.offset(start), tooLargeMsg(in.maxRec))
	}
	return r.malformedStop(in.offset(len(in.buf)), "unexpected end of data")
}

// nextRecord finds the next record of the CloudTrail layout and returns
// its span in r.in.buf.
func (r *reader) nextRecord() (int, int, bool) {
	in := &r.in
	for {
		c, ok := r.peek()
		if !ok {
			if in.err != nil {
				return r.readFail()
			}
			if r.state == ctTop {
				r.done = true
				return 0, 0, false
			}
			return r.malformedStop(in.offset(len(in.buf)), "unexpected end of data")
		}
		switch r.state {
		case ctTop:
			if c != '{' {
				return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" looking for beginning of object")
			}
			in.pos++
			r.state = ctFirstKey
		case ctFirstKey, ctKey:
			if c == '}' && r.state == ctFirstKey {
				in.pos++
				r.state = ctTop
				continue
			}
			if c != '"' {
				return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" looking for beginning of object key string")
			}
			isRecords, ok := r.topKey()
			if !ok {
				return 0, 0, false
			}
			if c, ok = r.peek(); !ok {
				return r.incomplete(in.pos)
			}
			if c != ':' {
				return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" after object key")
			}
			in.pos++
			if c, ok = r.peek(); !ok {
				return r.incomplete(in.pos)
			}
			if isRecords && c == '[' {
				in.pos++
				r.state = ctRecFirst
				continue
			}
			if isRecords && c != 'n' {
				return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" looking for beginning of Records array")
			}
			end, st := r.scanAt()
			switch st {
			case scanErr:
				return r.malformedStop(in.offset(r.sc.errPos), r.sc.errMsg)
			case scanMore:
				return r.incomplete(in.pos)
			}
			in.pos = end
			r.state = ctNext
		case ctNext:
			switch c {
			case ',':
				in.pos++
				r.state = ctKey
			case '}':
				in.pos++
				r.state = ctTop
			default:
				return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" after object key:value pair")
			}
		case ctRecFirst, ctRecNext:
			if c == ']' {
				in.pos++
				r.state = ctNext
				continue
			}
			if r.state == ctRecNext {
				if c != ',' {
					return r.malformedStop(in.offset(in.pos), "invalid character "+quoteChar(c)+" after array element")
				}
				in.pos++
				if c, ok = r.peek(); !ok {
					return r.incomplete(in.pos)
				}
			}
			r.state = ctRecNext
			end, st := r.scanAt()
			s := in.pos
			switch st {
			case scanOK:
				in.pos = end
				if c == '{' {
					r.ws = r.sc.ws
					return s, end, true
				}
				if !r.opts.IgnoreMalformed {
					return r.fail(in.offset(s), "invalid character "+quoteChar(c)+" looking for beginning of record object")
				}
				r.stats.Records++
				r.stats.Malformed++
			case scanMore:
				return r.incomplete(s)
			case scanErr:
				if !r.opts.IgnoreMalformed {
					return r.fail(in.offset(r.sc.errPos), r.sc.errMsg)
				}
				if !r.resync(c) {
					return 0, 0, false
				}
			}
		}
	}
}

// resync skips a malformed record at in.pos by bracket depth; it reports
// whether reading can go on after it.
func (r *reader) resync(first byte) bool {
	in := &r.in
	r.stats.Records++
	r.stats.Malformed++
	if first == '{' || first == '[' {
		for {
			e, ok := laxEnd(in.buf, in.pos)
			if ok {
				in.pos = e
				if c, ok := r.peek(); ok && (c == ',' || c == ']') {
					return true
				}
				break
			}
			if !in.fill() {
				break
			}
		}
	}
	if in.err != nil {
		r.readFail()
		return false
	}
	r.done = true
	return false
}

// topKey reads a key of the top-level object at in.pos and reports whether
// it is "Records".
func (r *reader) topKey() (bool, bool) {
	in := &r.in
	for {
		j, fl, st := r.sc.str(in.buf, in.pos+1)
		switch st {
		case scanMore:
			if in.fill() {
				continue
			}
			_, _, ok := r.incomplete(in.pos)
			return false, ok
		case scanErr:
			_, _, ok := r.malformedStop(in.offset(r.sc.errPos), r.sc.errMsg)
			return false, ok
		}
		k := in.buf[in.pos+1 : j-1]
		if fl&strEsc != 0 {
			r.kscratch = appendUnescaped(r.kscratch[:0], k)
			k = r.kscratch
		}
		in.pos = j
		return equalFold(k, "records"), true
	}
}

// nextLine finds the next record of the JSON lines layout.
func (r *reader) nextLine() (int, int, bool) {
	in := &r.in
	for {
		buf := in.buf
		from := in.pos + r.searched
		var le, next int
		if idx := bytes.IndexByte(buf[from:], '\n'); idx >= 0 {
			le = from + idx
			next = le + 1
			r.searched = 0
		} else if !in.eof && in.err == nil {
			r.searched = len(buf) - in.pos
			if r.discard {
				in.pos = len(buf)
				r.searched = 0
			}
			if in.fill() {
				continue
			}
			if in.tooLarge {
				if !r.opts.IgnoreMalformed {
					return r.fail(in.offset(in.pos), tooLargeMsg(in.maxRec))
				}
				r.stats.Records++
				r.stats.Malformed++
				r.discard = true
				in.tooLarge = false
				in.pos = len(in.buf)
				r.searched = 0
			}
			continue
		} else {
			if in.err != nil {
				return r.readFail()
			}
			le = len(buf)
			next = le
			r.searched = 0
			if in.pos == le {
				r.discard = false
				r.done = true
				return 0, 0, false
			}
		}
		if r.discard {
			r.discard = false
			in.pos = next
			continue
		}
		s := in.pos
		in.pos = next
		for s < le && isSpace(buf[s]) {
			s++
		}
		if s == le {
			continue
		}
		if buf[s] != '{' {
			if r.lineMalformed(s, "invalid character "+quoteChar(buf[s])+" looking for beginning of object") {
				continue
			}
			return 0, 0, false
		}
		e, st := r.sc.value(buf[:le], s)
		switch st {
		case scanErr:
			if r.lineMalformed(r.sc.errPos, r.sc.errMsg) {
				continue
			}
			return 0, 0, false
		case scanMore:
			msg := "unexpected end of line"
			if le == len(buf) {
				msg = "unexpected end of data"
			}
			if r.lineMalformed(le, msg) {
				continue
			}
			return 0, 0, false
		}
		t := e
		for t < le && isSpace(buf[t]) {
			t++
		}
		if t < le {
			if r.lineMalformed(t, "invalid character "+quoteChar(buf[t])+" after top-level value") {
				continue
			}
			return 0, 0, false
		}
		r.ws = r.sc.ws
		return s, e, true
	}
}

func tooLargeMsg(limit int) string {
	if limit%(1<<20) == 0 {
		return fmt.Sprintf("record larger than %d MiB", limit>>20)
	}
	return fmt.Sprintf("record larger than %d bytes", limit)
}

// lineMalformed counts a malformed line and reports whether to go on.
func (r *reader) lineMalformed(i int, msg string) bool {
	if r.opts.IgnoreMalformed {
		r.stats.Records++
		r.stats.Malformed++
		return true
	}
	r.fail(r.in.offset(i), msg)
	return false
}
