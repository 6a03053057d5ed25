package parser

import "bytes"

// Most lines of a failure block need no decision: blank lines, and the indented lines of a check's
// message. The grammar reads runs of them in loops of their own instead of going through
// failureLine line by line: skim over batch lines, skimPlain over the raw lines of a split part.

// skimMode says which lines the grammar can skim in its present state.
type skimMode uint8

const (
	skimNone    skimMode = iota
	skimBlank            // empty lines outside a body: nothing to do
	skimMessage          // empty lines, and the indented lines of a check's message
)

func (p *textParser) skimMode() skimMode {
	if p.quote != 0 || p.sec != secFailures || p.st != stSection || p.banner != nil {
		return skimNone
	}
	c := p.cur
	switch {
	case c == nil:
		return skimBlank
	case p.cs == csBody || p.cs == csLegacyBody:
		return skimNone // blank lines are part of the body
	case (p.cs == csChecks || p.cs == csLegacy) && len(c.Checks) > 0:
		return skimMessage
	}
	return skimBlank
}

// skimmable reports whether failureLine would only add t, a non-empty line, to the check's message
// in mode m — or drop it, when it is blank — which the skimming loops do themselves.
func skimmable(m skimMode, t []byte) bool {
	return m == skimMessage && indented(t)
}

// skim reads the lines of b from i up to limit for as long as they can be skimmed; it returns
// the index of the first line it did not read.
func (p *textParser) skim(b *batch, i, limit int) int {
	m := p.skimMode()
	if m == skimNone {
		return i
	}
	msg, max := p.msg, p.opts.MaxText
	last := -1
	for ; i < limit; i++ {
		bl := &b.lines[i]
		t := b.buf[bl.start:bl.stop]
		if len(t) == 0 {
			continue
		}
		if !skimmable(m, t) {
			break
		}
		if !isBlank(t) {
			msg = appendCapped0(msg, t[4:], max)
			last = i
		}
	}
	p.msg = msg
	if last >= 0 {
		p.cur.Span.End, p.cur.Span.EndLine = b.base+int64(b.lines[last].end), b.first+last
	}
	return i
}

// skimPlain is skim over the raw lines of buf from pos, numbered from n (consumePlain); it
// returns the start and end of the first line it did not read (pos is len(buf) when it read them
// all) and that line's number.
func (p *textParser) skimPlain(buf []byte, pos, n int, base int64, m skimMode, stamped bool) (int, int, int) {
	msg, max := p.msg, p.opts.MaxText
	last, lastN := -1, 0
	end := pos
	for pos < len(buf) {
		if buf[pos] == '\n' {
			pos, n = pos+1, n+1
			continue
		}
		end = pos + 1 + bytes.IndexByte(buf[pos+1:], '\n') + 1
		t := buf[pos : end-1]
		if stamped || t[0] == bom[0] {
			if t = plainText(t, stamped); len(t) == 0 {
				pos, n = end, n+1
				continue
			}
		}
		if !skimmable(m, t) {
			break
		}
		if !isBlank(t) {
			msg = appendCapped0(msg, t[4:], max)
			last, lastN = end, n
		}
		pos, n = end, n+1
	}
	p.msg = msg
	if last >= 0 {
		p.cur.Span.End, p.cur.Span.EndLine = base+int64(last), lastN
	}
	return pos, end, n
}

// lineEnd returns the end of the line at buf[pos:], past its line break, which buf holds.
func lineEnd(buf []byte, pos int) int {
	if buf[pos] == '\n' {
		return pos + 1 // an empty line, the most common kind in a failure block: no call
	}
	return pos + 1 + bytes.IndexByte(buf[pos+1:], '\n') + 1
}
