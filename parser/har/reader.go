package har

import (
	"bytes"
	"errors"
	"io"

	"github.com/ctlog-dev/ctlog/parser"
)

// offsetReader passes bytes to the JSON decoder and keeps those not yet released, to find where
// values start and to count lines.
type offsetReader struct {
	r     io.Reader
	err   error // the first read error other than EOF
	n     int64 // bytes read, byte-order mark included
	win   []byte
	base  int64 // offset of win[0]
	lines int   // line breaks before base
	last  byte  // the last byte read
	bom   bool
}

func (t *offsetReader) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	if n > 0 {
		t.win = append(t.win, b[:n]...)
		t.n += int64(n)
		t.last = b[n-1]
	}
	if err != nil && !errors.Is(err, io.EOF) && t.err == nil {
		t.err = err
	}
	return n, err
}

// release forgets the bytes before off, counting their line breaks.
func (t *offsetReader) release(off int64) {
	k := int(min(max(off-t.base, 0), int64(len(t.win))))
	t.lines += bytes.Count(t.win[:k], []byte{'\n'})
	t.win = t.win[k:]
	t.base += int64(k)
	if len(t.win) == 0 {
		t.win = t.win[:0:0] // let the old array go
	}
}

// lineOf returns the 1-based line of the byte at off (off >= base).
func (t *offsetReader) lineOf(off int64) int {
	k := int(min(max(off-t.base, 0), int64(len(t.win))))
	return t.lines + bytes.Count(t.win[:k], []byte{'\n'}) + 1
}

// span covers the bytes [from, to) and the lines they are on.
func (t *offsetReader) span(from, to int64) parser.Span {
	from, to = max(from, t.base), max(to, from)
	last := max(to-1, from)
	if last >= t.n && t.n > 0 {
		last = t.n - 1
	}
	s := parser.Span{Offset: from, End: min(to, t.n), Line: t.lineOf(from), EndLine: t.lineOf(last)}
	if t.n <= t.base { // nothing but a byte-order mark
		s.Line, s.EndLine = 0, 0
	}
	if s.Offset > s.End {
		s.Offset = s.End
	}
	return s
}

// skipSpace returns the offset of the first byte at or after off that is not white space or a comma.
func (t *offsetReader) skipSpace(off int64) int64 {
	for off-t.base < int64(len(t.win)) {
		switch t.win[off-t.base] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}
