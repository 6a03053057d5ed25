package parser

import (
	"fmt"
	"io"
	"sync/atomic"
)

// streamSegment is the stretch of a stream ParseStream reads in turn on each core; a variable for
// the tests.
var streamSegment int64 = 1 << 20

// streamWindow is how many segments of a stream ParseStream holds at most.
const streamWindow = 6

// ParseStream parses a text log that can be read only once (standard input, a decompressed
// archive member) as ParseSplit parses a file, using two cores. A goroutine reads the stream
// ahead into a window of segments; the log is cut at the first failure block or operation title
// after every multiple of streamSegment, and another goroutine reads every second stretch as
// ParseSplit reads its second part (readPart), up to the first line of the next segment, while
// the caller's goroutine reads the stretches between them and joins each part where it reaches it,
// under the same conditions (see "The split read" in doc.go). A stream shorter than two segments,
// not UTF-8 with line feeds or without a decided wrapping is read as Parse reads it. Either way h
// sees the events Parse would have shown it, and memory stays within the window (6 MiB) however
// long the stream.
func ParseStream[P Handler](r io.Reader, opts Options, part func() P, h Joiner[P]) (Stats, error) {
	w := newWindow(r, streamSegment, streamWindow)
	defer w.close()
	if part == nil || !w.reaches(2*w.seg) {
		return parseAsync(w.reader(0, -1), opts, h)
	}
	norm, ok := headNormalizer(w)
	if !ok {
		return parseAsync(w.reader(0, -1), opts, h)
	}
	return parseChain(w, norm, opts, part, h)
}

// chainPart is the work of the goroutine that reads the parts of a stream: the part that starts
// at the boundary past an odd multiple of the segment, when it read one.
type chainPart[P Handler] struct {
	at    int64 // the part's first line; 0 when there was no boundary to start at
	title bool  // that line is an operation title
	read  bool  // the part was read (it had room before its end)
	pt    P
	res   partResult
}

// partEnd is the first line start at or after off, or -1 when none follows within a segment;
// a stream that ends first ends the part.
func (w *window) partEnd(off int64, buf []byte) int64 {
	for from := off - 1; from < off+w.seg; {
		n, err := w.ReadAt(buf, from)
		for i := range buf[:n] {
			if buf[i] == '\n' {
				return from + int64(i) + 1
			}
		}
		if err != nil {
			return w.size(off)
		}
		from += int64(n)
	}
	return -1
}

// parseChain is ParseStream on a stream that can be split.
func parseChain[P Handler](w *window, norm normalizer, opts Options, part func() P, h Joiner[P]) (Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	seg := w.seg
	parts := make(chan chainPart[P])
	var quit atomic.Bool
	go func() {
		defer close(parts)
		buf := make([]byte, 64<<10)
		for k := int64(1); !quit.Load() && w.reaches(k*seg); k += 2 {
			var c chainPart[P]
			if at := boundaryFrom(w, k*seg-1, k*seg+seg/2, norm, buf); at > 0 {
				title, ok := boundaryAt(w, at, norm)
				end := w.partEnd((k+1)*seg, buf)
				if ok && end > at {
					c.at, c.title, c.read, c.pt = at, title, true, part()
					c.res = readPart(w, at, end, norm, opts, c.pt, &quit)
				} else if ok {
					c.at = at
				}
			}
			parts <- c
		}
	}()
	stop := func() {
		quit.Store(true)
		w.close()
		for range parts {
		}
	}

	p := newTextParser(opts, h)
	var (
		ch    *chunker
		lr    *lineReader
		first normalizer
		from  int64
		lines int
	)
	buf := make([]byte, 64<<10)
	for k := int64(1); ; k += 2 {
		// This stretch ends where the next part starts: the first boundary past an odd multiple of
		// the segment that lies ahead, or the stream's end.
		end := int64(-1)
		for ; w.reaches(k * seg); k += 2 {
			if at := boundaryFrom(w, k*seg-1, k*seg+seg/2, norm, buf); at > from {
				if _, ok := boundaryAt(w, at, norm); ok {
					end = at
					break
				}
			}
			<-parts // nothing to join there
		}
		rd := w.reader(from, end)
		if ch == nil {
			lr = newLineReader(rd, opts.MaxLine)
			defer lr.release()
			if err := lr.sniff(); err != nil {
				stop()
				return Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
			}
			ch = &chunker{r: lr.drained(), off: lr.off, max: lr.max}
		} else {
			ch = &chunker{r: rd, off: from, n: lines, max: lr.max}
		}
		if err := p.consumeInline(ch, &first, nil); err != nil {
			stop()
			p.finish()
			return Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap},
				fmt.Errorf("read %s:%d: %w", opts.Name, ch.n+1, err)
		}
		lines = ch.n
		if end < 0 {
			break
		}
		c := <-parts
		r := c.res
		from = end
		if c.read && c.at == end && r.ok && r.off > end && p.st == stSection && p.sec == secFailures && p.banner == nil && p.quote == 0 &&
			(c.title || p.op != "" && !p.opFlaky && p.op != statefulTitle) {
			p.flushCase()
			h.Join(c.pt, Join{Span: Span{Offset: end, End: r.off, Line: lines + 1, EndLine: lines + r.line - 1},
				LineDelta: lines, Operation: p.op})
			if r.op != partOperation {
				p.op = r.op
			}
			p.opFlaky = r.opFlaky
			from, lines = r.off, lines+r.line-1
		}
	}
	stop()
	p.finish()
	st := Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap}
	h.Handle(&InputInfo{Span: Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM, Wrapping: st.Wrapping})
	return st, nil
}
