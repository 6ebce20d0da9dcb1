package jsonrec

import (
	"io"
)

const (
	defaultBufSize = 1 << 20  // the read window
	maxRecordSize  = 64 << 20 // the largest record (window) accepted
)

// input is a sliding window over a stream. buf holds the stream bytes
// [base, base+len(buf)); pos is the parse position. fill keeps buf[pos:]
// and moves it to the front, so positions before pos become invalid.
type input struct {
	r        io.Reader
	buf      []byte
	pos      int
	base     int64
	eof      bool
	err      error // a read error other than io.EOF
	tooLarge bool  // the window would have to exceed maxRecordSize
	size     int   // the normal window size
}

func newInput(r io.Reader, size int) input {
	return input{r: r, size: size}
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
	if in.buf == nil {
		in.buf = make([]byte, 0, in.size)
	} else if keep == cap(in.buf) {
		if cap(in.buf) >= maxRecordSize {
			in.tooLarge = true
			return false
		}
		nb := make([]byte, keep, min(2*cap(in.buf), maxRecordSize))
		copy(nb, in.buf[in.pos:])
		in.buf = nb
		in.base += int64(in.pos)
		in.pos = 0
	} else if cap(in.buf) > in.size && keep <= in.size/2 {
		// Shrink back after a large record.
		nb := make([]byte, keep, in.size)
		copy(nb, in.buf[in.pos:])
		in.buf = nb
		in.base += int64(in.pos)
		in.pos = 0
	} else if in.pos > 0 {
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
	return len(in.buf) > start
}
