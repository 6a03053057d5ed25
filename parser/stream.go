package parser

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync/atomic"
)

// streamSegment is the stretch of a stream ParseStream reads in turn on each core; a variable for
// the tests, never under 64 KiB (the buffer a look for a boundary reads through: minStreamWindow
// counts on it).
var streamSegment int64 = 1 << 20

// streamWindow is how many segments of a stream ParseStream holds at most; a variable for the
// tests. Below minStreamWindow the stream is read in one pass. Each two segments above it let the
// goroutine reading parts run one part ahead of the caller's (partsAhead): five measured 12-17 %
// faster than three on a 1 GiB pipe, for 5 MB more peak RSS (BENCHMARKS.md, issue 20).
var streamWindow = 5

// minStreamWindow is the smallest window ParseStream reads a stream through on two cores: the
// segment the caller's goroutine reads, and the one and a half it looks ahead for a line to end
// its stretch at.
const minStreamWindow = 3

// ParseStream parses a text log that can be read only once (standard input, a decompressed
// archive member) as ParseSplit parses a file, using two cores. A goroutine reads the stream
// ahead into a window of segments; the log is cut at the first failure block or operation title
// after every multiple of streamSegment, and another goroutine reads every second stretch as
// ParseSplit reads its second part (readPart), up to the first line of the next segment, while
// the caller's goroutine reads the stretches between them and joins each part where it reaches it,
// under the same conditions (see "The split read" in doc.go). A stream shorter than two segments,
// not UTF-8 with line feeds or without a decided wrapping is read as Parse reads it. Either way h
// sees the events Parse would have shown it, and memory stays within the window (streamWindow
// segments) however long the stream: a part that would need more ends early while the caller's
// goroutine waits for it, and that goroutine reads on from the part's last boundary.
func ParseStream[P Handler](r io.Reader, opts Options, part func() P, h Joiner[P]) (Stats, error) {
	w := newWindow(r, streamSegment, streamWindow)
	defer w.close()
	if part == nil || w.max < minStreamWindow {
		return parseAsync(w.reader(0, -1), opts, h)
	}
	if reach, _ := w.reaches(2 * w.seg); !reach {
		return parseAsync(w.reader(0, -1), opts, h)
	}
	norm, ok := headNormalizer(w)
	if !ok {
		return parseAsync(w.reader(0, -1), opts, h)
	}
	return parseChain(w, norm, opts, part, h)
}

// partsAhead is how many parts the goroutine reading them may finish before the caller's goroutine
// takes them, in a window of max segments: each part ahead needs two more segments (its own, and
// the start of the next for its end), past the minStreamWindow that reading in turn needs.
func partsAhead(max int) int {
	return (max - minStreamWindow) / 2
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
		if errors.Is(err, errWindowFull) {
			return -1
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
	parts := make(chan chainPart[P], partsAhead(w.max))
	var quit atomic.Bool
	go func() {
		defer close(parts)
		buf := make([]byte, 64<<10)
		for k := int64(1); !quit.Load(); k += 2 {
			reach, full := w.reaches(k * seg)
			if !reach && !full {
				return // the stream ends before
			}
			var c chainPart[P]
			if reach {
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
		lines int
	)
	rd := &stretch[P]{w: w, parts: parts, norm: norm, k: 1, end: endUnknown, buf: make([]byte, 64<<10)}
	for {
		if ch == nil {
			lr = newLineReader(rd, opts.MaxLine)
			defer lr.release()
			if err := lr.sniff(); err != nil {
				stop()
				return Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
			}
			ch = &chunker{r: lr.drained(), off: lr.off, max: lr.max}
		} else {
			ch = &chunker{r: rd, off: rd.off, n: lines, max: lr.max}
		}
		if err := p.consumeInline(ch, &first, nil); err != nil {
			stop()
			p.finish()
			return Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap},
				fmt.Errorf("read %s:%d: %w", opts.Name, ch.n+1, err)
		}
		lines = ch.n
		end := rd.end
		if end == toEnd || end == endUnknown { // endUnknown: the stream ended before k segments
			break
		}
		c := rd.receive()
		r := c.res
		from := end
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
		rd.next(from)
	}
	stop()
	p.finish()
	st := Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap}
	h.Handle(&InputInfo{Span: Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM, Wrapping: st.Wrapping})
	return st, nil
}

// Where a stretch ends, besides at a line (stretch.end).
const (
	endUnknown int64 = -1            // not looked for yet
	toEnd      int64 = math.MaxInt64 // the stream's end: no part follows
)

// stretch reads the stream on the caller's goroutine of parseChain, one stretch between two parts
// at a time, as the window's follower. It looks for the line its stretch ends at only when it
// gets near it (one byte before the odd multiple k of the segment), so that it never needs more
// of the stream ahead of it than minStreamWindow segments; where there is no such line, it takes
// the part of k off the channel and goes on to k+2.
type stretch[P Handler] struct {
	w     *window
	parts <-chan chainPart[P]
	norm  normalizer
	buf   []byte
	k     int64 // the next part's multiple of the segment
	off   int64
	end   int64 // the first line of part k, endUnknown or toEnd
}

// next starts the stretch after part k at offset from.
func (s *stretch[P]) next(from int64) {
	s.k += 2
	s.off, s.end = from, endUnknown
}

// receive takes the next part off the channel, letting reads ahead give up meanwhile.
func (s *stretch[P]) receive() chainPart[P] {
	s.w.setWaiting(true)
	c := <-s.parts
	s.w.setWaiting(false)
	return c
}

// findEnd looks for the line the stretch ends at past k segments, or moves on to k+2.
func (s *stretch[P]) findEnd() {
	seg := s.w.seg
	if reach, _ := s.w.reaches(s.k * seg); !reach {
		s.end = toEnd
		return
	}
	if at := boundaryFrom(s.w, s.k*seg-1, s.k*seg+seg/2, s.norm, s.buf); at > s.off {
		if _, ok := boundaryAt(s.w, at, s.norm); ok {
			s.end = at
			return
		}
	}
	s.receive() // nothing to join there
	s.k += 2
}

func (s *stretch[P]) Read(p []byte) (int, error) {
	for s.end == endUnknown && s.off >= s.k*s.w.seg-1 {
		s.findEnd()
	}
	limit := s.end
	if limit == endUnknown {
		limit = s.k*s.w.seg - 1
	}
	if limit != toEnd {
		if s.off >= limit {
			return 0, io.EOF
		}
		p = p[:min(int64(len(p)), limit-s.off)]
	}
	return s.w.follow(p, &s.off)
}
