package jsonrec

import (
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Decompress sniffs the first bytes of r and returns a reader of the
// decompressed stream: gzip (multistream), zstd, bzip2, or r itself for
// plain data. name is used in errors. Closing the result releases the
// decompressor, not r.
func Decompress(r io.Reader, name string) (io.ReadCloser, error) {
	var head [4]byte
	n, err := io.ReadFull(r, head[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("cannot read %s at offset 0: %w", name, err)
	}
	h := head[:n]
	src := io.MultiReader(bytes.NewReader(h), r)
	switch {
	case n >= 2 && h[0] == 0x1f && h[1] == 0x8b:
		zr, err := gzip.NewReader(src)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: invalid gzip header (%w) at offset 0", name, err)
		}
		zr.Multistream(true)
		return zr, nil
	case n == 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd:
		zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: invalid zstd stream (%w) at offset 0", name, err)
		}
		return zstdCloser{zr}, nil
	case n == 4 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9':
		return io.NopCloser(bzip2Reader{bzip2.NewReader(src)}), nil
	}
	return io.NopCloser(src), nil
}

type zstdCloser struct{ d *zstd.Decoder }

func (z zstdCloser) Read(p []byte) (int, error) { return z.d.Read(p) }
func (z zstdCloser) Close() error               { z.d.Close(); return nil }

// bzip2Reader reports a bzip2 stream cut short as io.ErrUnexpectedEOF, as
// the other decompressors do.
type bzip2Reader struct{ r io.Reader }

func (b bzip2Reader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}
