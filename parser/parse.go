package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// Options control a parse.
type Options struct {
	Name    string // shown in errors and diagnostics; "-" for standard input
	MaxLine int    // longest line kept whole (default DefaultMaxLine)
	MaxText int    // longest message, body or command kept in an event (default DefaultMaxText)
}

// DefaultMaxText is how much of one body, message or command an event keeps.
const DefaultMaxText = 64 << 10

// Handler receives events in input order.
type Handler interface {
	Handle(Event)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(Event)

// Handle implements Handler.
func (f HandlerFunc) Handle(e Event) { f(e) }

// Stats says how much of the input was read.
type Stats struct {
	Bytes    int64
	Lines    int
	Encoding Encoding
	BOM      bool
	Wrapping Wrapping
}

// Parse reads r to the end and streams the events of every run in it to h.
// It returns an error only when the input cannot be read; text it does not understand
// becomes a Diagnostic event. Reading, decoding and normalizing run on a second goroutine,
// ahead of the grammar, in batches of bounded size; h is called from the caller's goroutine.
func Parse(r io.Reader, opts Options, h Handler) (Stats, error) {
	return parse(r, opts, h, false)
}

// parse is Parse. With inline set, a UTF-8 input is split into lines on the caller's goroutine
// (consumeInline, as each part of a split read does) instead of on a reading goroutine: the two
// must give the same events (TestInlineEquivalence). UTF-16 input is read as Parse reads it.
func parse(r io.Reader, opts Options, h Handler, inline bool) (Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	lr := newLineReader(r, opts.MaxLine)
	if err := lr.sniff(); err != nil {
		return Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
	}
	var norm normalizer
	batches := make(chan *batch, 2)
	free := make(chan *batch, 4)
	var ch *chunker
	r8 := lr.drained()
	if lr.crOnly {
		r8 = crToLF{r8}
		h.Handle(&Diagnostic{Span: Span{Line: 1, EndLine: 1}, Severity: "info", Code: "cr-line-endings",
			Message: "lines end with bare carriage returns (classic Mac OS); read as line breaks"})
	}
	p := newTextParser(opts, h)
	var readErr error
	switch {
	case lr.enc == EncodingUTF8 && (inline || lr.whole):
		// An input that ended within the sniffed head is read inline too: a reading goroutine
		// and its hand-overs would cost more than the reading (TestInlineEquivalence).
		ch = &chunker{r: r8, off: lr.off, max: lr.max}
		readErr = p.consumeInline(ch, &norm, nil)
	case lr.enc == EncodingUTF8:
		ch = &chunker{r: r8, off: lr.off, max: lr.max}
		go produceChunks(ch, &norm, batches, free)
		readErr = p.consume(batches, free)
	default:
		go produce(lr, &norm, batches, free)
		readErr = p.consume(batches, free)
	}
	// The producer has finished: its reader and normalizer state are ours now.
	releaseBatches(free)
	defer lr.release()
	st := Stats{Bytes: lr.off, Lines: lr.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: norm.wrap}
	if ch != nil {
		st.Bytes, st.Lines = ch.off, ch.n
		lr.n = ch.n
	}
	if readErr == nil && lr.peekErr != nil {
		readErr = lr.peekErr
	}
	if readErr != nil {
		p.finish()
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, lr.n+1, readErr)
	}
	p.finish()
	h.Handle(&InputInfo{Span: Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM, Wrapping: st.Wrapping})
	return st, nil
}

// consume runs the grammar over the batches until they end; it returns the first read error.
func (p *textParser) consume(batches <-chan *batch, free chan<- *batch) error {
	var readErr error
	for b := range batches {
		p.consumeBatch(b, nil)
		if b.err != nil {
			readErr = b.err
		}
		select {
		case free <- b:
		default:
		}
	}
	return readErr
}

// consumeInline is consume with the lines split on the grammar's own goroutine, while the data
// is still in its core's cache: for when another goroutine keeps the other core busy.
func (p *textParser) consumeInline(ch *chunker, norm *normalizer, stop func() bool) error {
	b := batchPool.Get().(*batch)
	defer batchPool.Put(b)
	ch.raw = true
	for {
		b.buf, b.lines, b.special, b.plain = b.buf[:0], b.lines[:0], b.special[:0], 0
		if !ch.fill(b, norm) {
			return ch.err
		}
		if p.consumeBatch(b, stop) {
			return nil
		}
		if ch.err != nil && len(ch.carry) == 0 {
			return ch.err
		}
	}
}

// consumeBatch runs the grammar over the lines of b; it reports whether stop, asked after the
// batch, said to stop.
func (p *textParser) consumeBatch(b *batch, stop func() bool) bool {
	if b.plain > 0 {
		p.consumePlain(b)
	}
	h := p.h
	sp := 0
	var l Line // filled field by field: a composite literal copied to l stalls store forwarding
	for i := 0; i < len(b.lines); i++ {
		limit := len(b.lines)
		if sp < len(b.special) {
			limit = b.special[sp].index
		}
		if i = p.skim(b, i, limit); i == len(b.lines) {
			break
		}
		bl := &b.lines[i]
		l.Number, l.Offset, l.End, l.Cut = b.first+i, b.base+int64(bl.off), b.base+int64(bl.end), 0
		l.Text = b.buf[bl.start:bl.stop]
		if sp < len(b.special) && b.special[sp].index == i {
			s := &b.special[sp]
			sp++
			l.End, l.Cut = s.end, s.cut
			if l.Cut > 0 {
				h.Handle(&Diagnostic{Span: lineSpan(&l), Severity: "warning", Code: "long-line",
					Message: fmt.Sprintf("line is %d bytes long; kept the first %d", int64(len(l.Text))+l.Cut, len(l.Text))})
			}
			if s.marker != "" {
				h.Handle(&Marker{Span: lineSpan(&l), Kind: s.marker, Text: string(l.Text)})
				continue
			}
		}
		if p.failureOnly(l.Text) {
			p.failureLine(&l) // what line would do, a call sooner
		} else {
			p.line(&l)
		}
	}
	return stop != nil && stop()
}

// consumePlain runs the grammar over the plain lines of b, splitting them as it goes: each line
// is read while it is still in the core's cache, and a run of lines that can be skimmed costs
// little more than finding their ends. Of what normalize does, such a line needs at most its
// timestamp and byte-order marks taken off (plainText) and a workflow marker recognized.
func (p *textParser) consumePlain(b *batch) {
	buf := b.buf[:b.plain]
	n, base := b.plainFirst, b.plainBase
	stamped := b.plainStamped
	var l Line
	for pos := 0; pos < len(buf); {
		var end int
		if m := p.skimMode(); m != skimNone {
			if pos, end, n = p.skimPlain(buf, pos, n, base, m, stamped); pos == len(buf) {
				break
			}
		} else {
			end = lineEnd(buf, pos)
		}
		t := plainText(buf[pos:end-1], stamped)
		l.Number, l.Offset, l.End, l.Cut, l.Text = n, base+int64(pos), base+int64(end), 0, t
		if kind, rest, ok := workflowMarker(t); ok {
			l.Text = rest
			p.h.Handle(&Marker{Span: lineSpan(&l), Kind: kind, Text: string(rest)})
			pos, n = end, n+1
			continue
		}
		if p.failureOnly(t) {
			p.failureLine(&l)
		} else {
			p.line(&l)
		}
		pos, n = end, n+1
	}
}

// plainText is what normalize makes of a line without escape sequences or carriage returns, in
// an unwrapped log or (stamped) one wrapped by GitHub Actions, short of reading a workflow marker.
func plainText(t []byte, stamped bool) []byte {
	if len(t) > 0 && t[0] == bom[0] {
		t = bytes.TrimPrefix(t, bom)
	}
	if stamped {
		t = bytes.TrimPrefix(stripTimestamp(t), bom)
	}
	return t
}

// batch is a run of normalized lines handed from the reading goroutine to the grammar.
// It is kept compact: the grammar reads it from another core.
type batch struct {
	buf     []byte
	lines   []batchLine
	base    int64 // original offset that the lines' off and end count from
	first   int   // number of the first line
	special []specialLine
	err     error
	// buf[:plain] holds whole lines without escape sequences or carriage returns, not split yet:
	// the grammar splits them as it reads them (chunker.raw), and takes off GitHub's timestamps
	// when plainStamped. They come before lines, numbered from plainFirst, buf[0] being at
	// original offset plainBase.
	plain        int
	plainFirst   int
	plainBase    int64
	plainStamped bool
}

type batchLine struct {
	start, stop uint32 // the normalized text is buf[start:stop]
	off, end    uint32 // the line's original bytes, from base
}

// specialLine carries what few lines need: a workflow marker, or the length cut from a huge line.
type specialLine struct {
	index  int
	end    int64 // original end offset
	cut    int64
	marker string // workflow marker kind; the line's text is the marker's argument
}

// add records a line; offset and end are original offsets.
func (b *batch) add(number int, start, stop int, offset, end, cut int64, marker string) {
	if len(b.lines) == 0 {
		b.base, b.first = offset, number
	}
	if cut > 0 || marker != "" || end-b.base > math.MaxUint32 {
		b.special = append(b.special, specialLine{index: len(b.lines), end: end, cut: cut, marker: marker})
	}
	b.lines = append(b.lines, batchLine{start: uint32(start), stop: uint32(stop), off: uint32(offset - b.base), end: uint32(end - b.base)})
}

const (
	batchBytes = 64 << 10
	batchLines = 2048
)

// newBatch takes a batch from the free list, else from batchPool.
func newBatch(free <-chan *batch) *batch {
	var b *batch
	select {
	case b = <-free:
	default:
		b = batchPool.Get().(*batch)
	}
	b.buf, b.lines, b.special, b.err, b.plain = b.buf[:0], b.lines[:0], b.special[:0], nil, 0
	return b
}

// batchPool keeps batches between parses: a small input (a fuzzed one, an archive's many members)
// would otherwise spend more time making its 112 KiB of batch than reading. Events never keep a
// batch's memory (a batch is refilled within one parse already), so a finished parse's batches
// can serve the next.
var batchPool = sync.Pool{New: func() any {
	return &batch{buf: make([]byte, 0, batchBytes+batchBytes/4), lines: make([]batchLine, 0, batchLines)}
}}

// releaseBatches hands the batches left on a finished parse's free list back to batchPool.
func releaseBatches(free chan *batch) {
	for {
		select {
		case b := <-free:
			batchPool.Put(b)
		default:
			return
		}
	}
}

// produceChunks splits UTF-8 input into batches of lines until the input ends.
func produceChunks(c *chunker, norm *normalizer, out chan<- *batch, free <-chan *batch) {
	defer close(out)
	for {
		b := newBatch(free)
		if !c.fill(b, norm) {
			if c.err != nil {
				b.err = c.err
				out <- b
			}
			return
		}
		if c.err != nil && len(c.carry) == 0 {
			b.err, c.err = c.err, nil
		}
		out <- b
	}
}

// produce reads, decodes and normalizes lines into batches until the input ends.
func produce(lr *lineReader, norm *normalizer, out chan<- *batch, free <-chan *batch) {
	defer close(out)
	for {
		b := newBatch(free)
		for len(b.buf) < batchBytes && len(b.lines) < batchLines {
			var l Line
			err := lr.next(&l)
			if errors.Is(err, io.EOF) {
				out <- b
				return
			}
			if err != nil {
				b.err = err
				out <- b
				return
			}
			text, marker, rest := norm.normalize(l.Text)
			if marker != "" {
				text = rest
			}
			start := len(b.buf)
			b.buf = append(b.buf, text...)
			b.add(l.Number, start, len(b.buf), l.Offset, l.End, l.Cut, marker)
		}
		out <- b
	}
}

func lineSpan(l *Line) Span {
	return Span{Offset: l.Offset, End: l.End, Line: l.Number, EndLine: l.Number}
}
