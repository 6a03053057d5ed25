package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/ctlog-dev/ctlog/parser/internal/linebuf"
)

// Joiner is the handler of a split read (ParseSplit). It receives the events of the whole log as
// a Handler does, except the failures of the part: those the goroutine reading the second part of
// the log handed to a handler of type P, which ParseSplit then passes to Join.
type Joiner[P Handler] interface {
	Handler
	// Join hands over part, which belongs where Join is called: after every event Handle received
	// before it, before every event after it, in the run open at that point. It is called at most
	// once, on the goroutine that calls Handle, after the part's goroutine has finished with part;
	// when the split cannot be joined, Join is not called and the part's work is dropped.
	Join(part P, j Join)
}

// Join says where the failures a split read's part received belong.
type Join struct {
	Span             // the lines the part covered, in the whole log
	LineDelta int    // add to the line numbers of the part's failures, which count from the part's start
	Operation string // the operation open at the split: that of the part's failures with an empty Operation
}

// partOperation is the operation the grammar of a split read's part reads failures under until
// its first operation title; the part receives them with an empty Operation (Join.Operation).
const partOperation = "\x00(the operation open where the log was split)"

// statefulTitle is the title over stateful tests' failures. A split inside their block is not
// joined: each of those failures is filed under the operation of its own last request, which the
// handler works out from the block's title, and the part's failures do not carry it.
const statefulTitle = "Stateful tests"

// SplitMin is the smallest log ParseSplit reads in two parts; smaller ones are read as Parse does.
const SplitMin = 64 << 20

// splitScan bounds how far past the middle ParseSplit looks for a line to split at.
const splitScan = 64 << 20

// ParseSplit parses a text log that can be read at any offset, as Parse does, using two cores for
// a big one. From the first line after the middle that starts a failure block (or an operation's
// blocks), another goroutine reads the rest of the FAILURES section and hands its failures, and
// nothing else, to the handler part returns. When the grammar of the first part reaches that line
// in the state the second part assumed (inside FAILURES, no shell quote open), h.Join receives
// that handler and parsing resumes where the second part stopped; otherwise the second part's
// work is dropped and parsing goes on from the line. Either way h sees the runs Parse would have
// shown it.
//
// Each part runs its grammar and its handler on one goroutine, so that each core works on data
// in its own cache; a log read in one pass has h run beside the grammar (Async), as a caller of
// Parse would arrange.
func ParseSplit[P Handler](ra io.ReaderAt, size int64, opts Options, part func() P, h Joiner[P]) (Stats, error) {
	if size < SplitMin || part == nil {
		return parseAsync(io.NewSectionReader(ra, 0, size), opts, h)
	}
	norm, ok := headNormalizer(ra)
	if !ok {
		return parseAsync(io.NewSectionReader(ra, 0, size), opts, h)
	}
	at := splitPoint(ra, size, norm)
	if at <= 0 {
		return parseAsync(io.NewSectionReader(ra, 0, size), opts, h)
	}
	return parseSplitAt(ra, size, at, norm, opts, part, h)
}

// parseAsync is Parse with h called on its own goroutine.
func parseAsync(r io.Reader, opts Options, h Handler) (Stats, error) {
	ah, wait := Async(h)
	st, err := Parse(r, opts, ah)
	wait()
	return st, err
}

// parseSplitAt is ParseSplit with the second part starting at offset at, the start of a line.
func parseSplitAt[P Handler](ra io.ReaderAt, size, at int64, norm normalizer, opts Options, part func() P, h Joiner[P]) (Stats, error) {
	title, ok := boundaryAt(ra, at, norm)
	if !ok {
		return parseAsync(io.NewSectionReader(ra, 0, size), opts, h) // only these lines reset the failure grammar
	}
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	res := make(chan partResult, 1)
	var quit atomic.Bool
	pt := part()
	go func() { res <- readPart(ra, at, size, norm, opts, pt, &quit) }()

	// The first part, read as Parse reads a log, up to the split.
	lr := newLineReader(io.NewSectionReader(ra, 0, at), opts.MaxLine)
	defer lr.release()
	if err := lr.sniff(); err != nil {
		quit.Store(true)
		<-res
		return Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
	}
	p := newTextParser(opts, h)
	ch := &chunker{r: lr.drained(), off: lr.off, max: lr.max}
	// The first part decides the wrapping line by line as Parse does (a blank line before the
	// deciding one is read unwrapped); the second starts with the decision made.
	var first normalizer
	if err := p.consumeInline(ch, &first, nil); err != nil {
		quit.Store(true)
		<-res
		p.finish()
		return Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap},
			fmt.Errorf("read %s:%d: %w", opts.Name, ch.n+1, err)
	}
	r := <-res
	from, lines := at, ch.n
	if r.ok && r.off > at && p.st == stSection && p.sec == secFailures && p.banner == nil && p.quote == 0 &&
		(title || p.op != "" && !p.opFlaky && p.op != statefulTitle) {
		// Reading the line at the split would first close the open block, as here; then it goes
		// as in the part, which knew all but the operation (unless the line is a title), named
		// and not flaky.
		p.flushCase()
		h.Join(pt, Join{Span: Span{Offset: at, End: r.off, Line: lines + 1, EndLine: lines + r.line - 1},
			LineDelta: lines, Operation: p.op})
		if r.op != partOperation {
			p.op = r.op
		}
		p.opFlaky = r.opFlaky // a [FLAKY] banner the part read under the operation it started in counts too
		from, lines = r.off, lines+r.line-1
	}
	ch = &chunker{r: io.NewSectionReader(ra, from, size-from), off: from, n: lines, max: lr.max}
	err := p.consumeInline(ch, &first, nil)
	p.finish()
	st := Stats{Bytes: ch.off, Lines: ch.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: first.wrap}
	if err != nil {
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, ch.n+1, err)
	}
	h.Handle(&InputInfo{Span: Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM, Wrapping: st.Wrapping})
	return st, nil
}

// partResult is where the second part of a split parse can hand over: the last line that starts
// a failure block or an operation's blocks before anything else than failures, with the grammar's
// state there.
type partResult struct {
	ok      bool
	off     int64 // the line's offset
	line    int   // its number, counted from the start of the part
	op      string
	opFlaky bool
}

// readPart runs the failure grammar from the line at offset at, passing failures to part up to
// the last block boundary before anything else happens (a section, a diagnostic, the input's end).
func readPart(ra io.ReaderAt, at, size int64, norm normalizer, opts Options, part Handler, quit *atomic.Bool) partResult {
	rec := &partRecorder{part: part}
	p := newTextParser(opts, rec)
	if _, ok := part.(Releaser); ok {
		// Failures the part has handled are reused; those the recorder drops are only forgotten.
		rec.release = func(f *Failure) { p.reuse = append(p.reuse, f) }
		p.ownText = true
	}
	p.st, p.sec, p.op = stSection, secFailures, partOperation
	p.onBoundary = rec.boundary
	ch := &chunker{r: stopOnError{io.NewSectionReader(ra, at, size-at), rec}, off: at, max: opts.MaxLine}
	if ch.max <= 0 {
		ch.max = DefaultMaxLine
	}
	// Leaving FAILURES always emits an event (a section, a run's end), which stops the recorder at
	// once; the state is checked after each batch as well, to stop reading.
	p.consumeInline(ch, &norm, func() bool {
		if p.st != stSection || p.sec != secFailures {
			rec.stopped = true
		}
		return rec.stopped || quit.Load()
	})
	return rec.res
}

// stopOnError stops a part's recorder at the first read that fails (a stream's window that gave
// up, a file that could not be read) before the grammar reads the line cut short, so that the part
// ends at the last boundary of what was read whole.
type stopOnError struct {
	r   io.Reader
	rec *partRecorder
}

func (s stopOnError) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.rec.stopped = true
	}
	return n, err
}

// partRecorder passes the failures of whole blocks on to the part's handler and stops at the
// first other event.
type partRecorder struct {
	part    Handler
	res     partResult
	release func(*Failure) // takes back a failure the part has handled, when it is a Releaser
	pending []*Failure     // emitted since the last boundary
	stopped bool
}

func (r *partRecorder) Handle(e Event) {
	if r.stopped {
		return
	}
	if f, ok := e.(*Failure); ok {
		r.pending = append(r.pending, f)
		return
	}
	r.stopped = true
}

func (r *partRecorder) boundary(offset int64, line int, op string, opFlaky bool) {
	if r.stopped {
		return
	}
	for _, f := range r.pending {
		if f.Operation == partOperation {
			f.Operation = "" // named by Join
		}
		r.part.Handle(f)
		if r.release != nil {
			r.release(f)
		}
	}
	r.pending = r.pending[:0]
	r.res.ok, r.res.off, r.res.line, r.res.op, r.res.opFlaky = true, offset, line, op, opFlaky
}

// headNormalizer decides the wrapping from the head of a log, as Parse does, and reports whether
// the log can be split: UTF-8 with line feeds, wrapping decided.
func headNormalizer(ra io.ReaderAt) (normalizer, bool) {
	var norm normalizer
	head := make([]byte, crSniffSize)
	n, err := ra.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return norm, false
	}
	head = head[:n]
	if enc, _ := DetectEncoding(head); enc != EncodingUTF8 || bytes.IndexByte(head, '\n') < 0 {
		return norm, false
	}
	for line := range bytes.Lines(head) {
		if norm.decided {
			break
		}
		norm.normalize(append([]byte(nil), linebuf.TrimEOL(line)...))
	}
	return norm, norm.decided
}

// splitPoint returns the offset of the first line after the middle of the log that starts an
// operation's failure blocks or a failure block, or 0 when there is none within splitScan bytes.
func splitPoint(ra io.ReaderAt, size int64, norm normalizer) int64 {
	return boundaryFrom(ra, size/2, min(size, size/2+splitScan), norm, make([]byte, 1<<20))
}

// boundaryFrom returns the offset of the first whole line after offset from, starting before
// limit, that starts an operation's failure blocks or a failure block, or 0 when there is none; it
// reads through buf.
func boundaryFrom(ra io.ReaderAt, from, limit int64, norm normalizer, buf []byte) int64 {
	for off := from; off < limit; {
		n, err := ra.ReadAt(buf, off)
		if n == 0 {
			return 0
		}
		b := buf[:n]
		start := bytes.IndexByte(b, '\n') + 1 // the first whole line
		if start == 0 {
			return 0
		}
		for start < len(b) && off+int64(start) < limit {
			i := bytes.IndexByte(b[start:], '\n')
			if i < 0 {
				break
			}
			if line := b[start : start+i+1]; isTitleLine(line, norm) || isCaseLine(line, norm) {
				return off + int64(start)
			}
			start += i + 1
		}
		if err != nil {
			return 0
		}
		off += int64(start)
	}
	return 0
}

var titleFill = []byte("___ ")

// boundaryAt reports whether the line at offset at, which must follow a line break, starts an
// operation's failure blocks (title is true) or a failure block.
func boundaryAt(ra io.ReaderAt, at int64, norm normalizer) (title, ok bool) {
	if at <= 0 {
		return false, false
	}
	buf := make([]byte, 4<<10+1)
	n, _ := ra.ReadAt(buf, at-1)
	b := buf[:n]
	if len(b) == 0 || b[0] != '\n' {
		return false, false
	}
	i := bytes.IndexByte(b[1:], '\n')
	if i < 0 {
		return false, false
	}
	line := b[1 : i+2]
	if isTitleLine(line, norm) {
		return true, true
	}
	return false, isCaseLine(line, norm)
}

// isCaseLine reports whether raw, a line as read, starts a failure block: `3. Test Case ID: x`.
func isCaseLine(raw []byte, norm normalizer) bool {
	if !bytes.Contains(raw, testCaseID) {
		return false
	}
	t, marker, _ := norm.normalize(append([]byte(nil), linebuf.TrimEOL(raw)...)) // norm is a copy
	if marker != "" {
		return false
	}
	_, rest, ok := numbered(t)
	return ok && bytes.HasPrefix(rest, testCaseID)
}

// isTitleLine reports whether raw, a line as read, is an operation title `___ GET /x ___`.
func isTitleLine(raw []byte, norm normalizer) bool {
	if !bytes.Contains(raw, titleFill) {
		return false
	}
	t, marker, _ := norm.normalize(append([]byte(nil), linebuf.TrimEOL(raw)...)) // norm is a copy
	if marker != "" || len(t) == 0 || t[0] != '_' {
		return false
	}
	title, ok := ruleTitleBytes(t, '_')
	return ok && looksLikeOperation(title)
}
