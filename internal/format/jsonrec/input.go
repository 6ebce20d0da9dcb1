package jsonrec

import (
	"io"
	"sync"
)

const (
	defaultBufSize = 1 << 20  // the read window
	minBufSize     = 64 << 10 // the first window of a stream
	maxRecordSize  = 64 << 20 // the largest record (window) accepted
)

// bufPools recycle windows by size class, minBufSize << i.
var bufPools [6]sync.Pool

func poolClass(c int) int {
	for i := range bufPools {
		if minBufSize<<i == c {
			return i
		}
	}
	return -1
}

func getBuf(c int) []byte {
	if i := poolClass(c); i >= 0 {
		if p, ok := bufPools[i].Get().(*[]byte); ok {
			return (*p)[:0]
		}
	}
	return make([]byte, 0, c)
}

func putBuf(b []byte) {
	if i := poolClass(cap(b)); i >= 0 {
		b = b[:0]
		bufPools[i].Put(&b)
	}
}

// input is a sliding window over a stream. buf holds the stream bytes
// [base, base+len(buf)); pos is the parse position. fill keeps buf[pos:]
// and moves it to the front, so positions before pos become invalid.
// The window starts small and doubles while the stream keeps filling it,
// up to size; beyond that it grows only for a record that does not fit.
type input struct {
	r        io.Reader
	buf      []byte
	pos      int
	base     int64
	eof      bool
	err      error // a read error other than io.EOF
	tooLarge bool  // the window would have to exceed maxRec
	size     int   // the normal window size
	maxRec   int   // the largest window
	full     bool  // the last fill filled the window
}

func newInput(r io.Reader, size int) input {
	return input{r: r, size: size, maxRec: max(size, maxRecordSize)}
}

// release returns the window to the pool; the input is finished.
func (in *input) release() {
	in.base += int64(in.pos)
	in.pos = 0
	if in.buf != nil {
		putBuf(in.buf)
		in.buf = nil
	}
	in.eof = true
}

// offset is the stream offset of buffer index i.
func (in *input) offset(i int) int64 { return in.base + int64(i) }

// fill reads more data, keeping buf[pos:] (moved to the front, pos = 0).
// It reads until the window is full or the stream ends, growing the window
// when it is already full of kept data. It returns false when no byte could
// be added: at the end of the stream, on a read error (in.err) or when the
// window cannot grow (in.tooLarge).
func (in *input) fill() bool {
	if in.eof || in.err != nil {
		return false
	}
	keep := len(in.buf) - in.pos
	switch {
	case in.buf == nil:
		in.buf = getBuf(min(minBufSize, in.size))
	case keep == cap(in.buf) || in.full && cap(in.buf) < in.size:
		// Grow: the record does not fit, or the stream is large.
		c := 2 * cap(in.buf)
		if keep == cap(in.buf) && cap(in.buf) >= in.maxRec {
			in.tooLarge = true
			return false
		}
		in.move(getBuf(min(c, in.maxRec)))
	case cap(in.buf) > in.size && keep <= in.size/2:
		// Shrink back after a large record.
		in.move(getBuf(in.size))
	case in.pos > 0:
		copy(in.buf, in.buf[in.pos:])
		in.buf = in.buf[:keep]
		in.base += int64(in.pos)
		in.pos = 0
	}
	start := len(in.buf)
	zero := 0
	for len(in.buf) < cap(in.buf) {
		n, err := in.r.Read(in.buf[len(in.buf):cap(in.buf)])
		in.buf = in.buf[:len(in.buf)+n]
		if err != nil {
			if err == io.EOF {
				in.eof = true
			} else {
				in.err = err
			}
			break
		}
		if n == 0 {
			if zero++; zero >= 100 {
				in.err = io.ErrNoProgress
				break
			}
		}
	}
	in.full = len(in.buf) == cap(in.buf)
	return len(in.buf) > start
}

// move copies the kept bytes buf[pos:] into nb and makes it the window.
func (in *input) move(nb []byte) {
	nb = append(nb[:0], in.buf[in.pos:]...)
	putBuf(in.buf)
	in.buf = nb
	in.base += int64(in.pos)
	in.pos = 0
}
