package parser

import (
	"bytes"
	"errors"
	"io"
	"slices"

	"github.com/ctlog-dev/ctlog/parser/internal/linebuf"
)

// chunker splits UTF-8 input into lines inside large read buffers, without copying each line:
// a batch's lines are slices of the batch's own buffer, normalized in place.
type chunker struct {
	r     io.Reader
	off   int64 // original offset of the next byte to read
	n     int   // lines emitted so far
	max   int
	carry []byte // the start of a line that did not end in the last buffer
	eof   bool
	err   error
	raw   bool // leave plain lines for the grammar to split (batch.plain)
}

// fill reads the next batch of whole lines into b; it reports false when the input is exhausted.
func (c *chunker) fill(b *batch, norm *normalizer) bool {
	if c.eof && len(c.carry) == 0 {
		return false
	}
	if cap(b.buf) < len(c.carry)+batchBytes/2 {
		b.buf = make([]byte, 0, len(c.carry)+batchBytes)
	}
	b.buf = append(b.buf[:0], c.carry...)
	base := c.off - int64(len(c.carry)) // original offset of b.buf[0]
	c.carry = c.carry[:0]
	// Read until the buffer holds at least one line break, or the input ends.
	for !c.eof {
		if len(b.buf) == cap(b.buf) {
			if bytes.IndexByte(b.buf, '\n') >= 0 {
				break
			}
			if len(b.buf) >= c.max {
				return c.longLine(b, norm, base)
			}
			b.buf = slices.Grow(b.buf, min(cap(b.buf), c.max))
		}
		n, err := c.r.Read(b.buf[len(b.buf):cap(b.buf)])
		b.buf = b.buf[:len(b.buf)+n]
		c.off += int64(n)
		if err != nil {
			c.eof = true
			if !errors.Is(err, io.EOF) {
				c.err = err
			}
		}
		if n > 0 && bytes.IndexByte(b.buf[len(b.buf)-n:], '\n') >= 0 && len(b.buf) > cap(b.buf)/2 {
			break
		}
	}
	buf := b.buf
	pos := 0
	if norm.decided && bytes.IndexByte(buf, 0x1b) < 0 && bytes.IndexByte(buf, '\r') < 0 {
		switch {
		case c.raw && (norm.wrap == WrapNone || norm.wrap == WrapGitHub):
			pos = c.plainRegion(b, buf, base, norm.wrap == WrapGitHub)
		case norm.plain():
			pos = c.plainLines(b, buf, base)
		}
	}
	for pos < len(buf) {
		i := bytes.IndexByte(buf[pos:], '\n')
		end := pos + i + 1
		if i < 0 {
			if !c.eof {
				c.carry = append(c.carry, buf[pos:]...)
				break
			}
			end = len(buf) // the last line has no line break
		}
		c.emit(b, norm, buf, pos, end, base, 0)
		pos = end
	}
	return true
}

// plainLines records the lines of buf, a buffer without escape sequences or carriage returns
// from an unwrapped log, which normalize leaves as they are (see normalizer.plain). It stops
// at the first line that needs normalize after all, or at a line that does not end in buf, and
// returns where it stopped.
func (c *chunker) plainLines(b *batch, buf []byte, base int64) int {
	pos := 0
	for pos < len(buf) {
		i := bytes.IndexByte(buf[pos:], '\n')
		if i < 0 || buf[pos] == '#' || buf[pos] == bom[0] {
			return pos // the last, unfinished line; or a possible workflow marker or byte-order mark
		}
		end := pos + i + 1
		c.n++
		b.add(c.n, pos, end-1, base+int64(pos), base+int64(end), 0, "")
		pos = end
	}
	return pos
}

// plainRegion is plainLines for a grammar that splits the lines itself (consumePlain), also in a
// log whose lines carry GitHub's timestamps (stamped): it records in b how many of the leading
// bytes of buf are whole lines, counts them, and returns where they end.
func (c *chunker) plainRegion(b *batch, buf []byte, base int64, stamped bool) int {
	end := bytes.LastIndexByte(buf, '\n') + 1
	b.plain, b.plainFirst, b.plainBase, b.plainStamped = end, c.n+1, base, stamped
	c.n += bytes.Count(buf[:end], []byte{'\n'})
	return end
}

// emit normalizes buf[pos:end] in place and records it in b.
func (c *chunker) emit(b *batch, norm *normalizer, buf []byte, pos, end int, base, cut int64) {
	c.n++
	text := linebuf.TrimEOL(buf[pos:end])
	out, marker, rest := norm.normalize(text)
	if marker != "" {
		out = rest
	}
	start := cap(buf) - cap(out)
	if len(out) == 0 {
		start = pos
	}
	b.add(c.n, start, start+len(out), base+int64(pos), base+int64(end)+cut, cut, marker)
}

// longLine handles a line longer than the maximum: it keeps the first max bytes and skips the rest.
func (c *chunker) longLine(b *batch, norm *normalizer, base int64) bool {
	var cut int64
	if len(b.buf) > c.max {
		cut = int64(len(b.buf) - c.max)
		b.buf = b.buf[:c.max]
	}
	var scratch [64 << 10]byte
	for !c.eof {
		n, err := c.r.Read(scratch[:])
		c.off += int64(n)
		if err != nil {
			c.eof = true
			if !errors.Is(err, io.EOF) {
				c.err = err
			}
		}
		if i := bytes.IndexByte(scratch[:n], '\n'); i >= 0 {
			cut += int64(i) // the line break itself is not part of the line
			c.carry = append(c.carry[:0], scratch[i+1:n]...)
			c.emit(b, norm, b.buf, 0, len(b.buf), base, cut+1) // +1: past the line break
			b.special[len(b.special)-1].cut--
			return true
		}
		cut += int64(n)
	}
	c.emit(b, norm, b.buf, 0, len(b.buf), base, cut)
	return true
}
