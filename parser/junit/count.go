package junit

import (
	"bytes"
	"errors"
	"io"

	"github.com/ctlog-dev/ctlog/parser"
)

// countReader counts the bytes and line breaks read through it.
type countReader struct {
	r     io.Reader
	n     int64
	lines int // '\n' seen
	last  byte
	err   error // the first error other than io.EOF
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.n += int64(n)
		c.lines += bytes.Count(b[:n], []byte{'\n'})
		c.last = b[n-1]
	}
	if err != nil && !errors.Is(err, io.EOF) && c.err == nil {
		c.err = err
	}
	return n, err
}

// totalLines is the number of lines in what was read, a last line without a break included.
func (c *countReader) totalLines() int {
	if c.n == 0 {
		return 0
	}
	if c.last == '\n' {
		return c.lines
	}
	return c.lines + 1
}

// pos is a place in the input.
type pos struct {
	off  int64
	line int
	bol  bool // off starts a line
}

// spanOf spans the bytes from a to b.
func spanOf(a, b pos) parser.Span {
	end := b.line
	if b.bol && b.off > a.off {
		end-- // the last byte is a line break
	}
	return parser.Span{Offset: a.off, End: b.off, Line: a.line, EndLine: max(a.line, end)}
}
