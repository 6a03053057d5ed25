package parser

import (
	"bytes"
	"strings"
)

// FailureBlocks parses the failure blocks of one operation — the CLI grammar (`1. Test Case ID: …`,
// `- Title`, `[500] Reason:`, body, `Reproduce with:`), as JUnit reports carry it — and streams a
// Failure event for each test case. Every event and diagnostic is positioned at span, the place of
// the text in its file. Lines are used as they are: the text must already be decoded and free of
// escape sequences.
func FailureBlocks(op, text string, span Span, opts Options, h Handler) {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	p := newTextParser(opts, h)
	p.st, p.sec, p.op = stSection, secFailures, op
	for line := range strings.SplitSeq(text, "\n") {
		if len(line) > 0 && line[0] == '[' && strings.HasPrefix(line, "[FLAKY]") { // most lines: no call
			p.opFlaky = true
			continue
		}
		l := Line{Number: span.Line, Offset: span.Offset, End: span.End, Text: []byte(strings.TrimSuffix(line, "\r"))}
		p.failureLine(&l)
	}
	p.flushCase()
}

// BlockReader parses the failure blocks of one text after another, as FailureBlocks does each,
// sharing one parser's memory (failures, interned strings, check titles) across the texts.
type BlockReader struct {
	p    *textParser
	line []byte
	at   placer // ReadBytesAt's handler
}

// NewBlockReader returns a BlockReader with opts.
func NewBlockReader(opts Options) *BlockReader {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	return &BlockReader{p: newTextParser(opts, nil)}
}

// Read is FailureBlocks(op, text, span, opts, h) with the reader's options.
func (b *BlockReader) Read(op, text string, span Span, h Handler) {
	b.begin(op, h)
	for more := true; more; {
		var line string
		line, text, more = strings.Cut(text, "\n")
		if len(line) > 0 && line[0] == '[' && strings.HasPrefix(line, "[FLAKY]") { // most lines: no call
			b.p.opFlaky = true
			continue
		}
		b.line = append(b.line[:0], strings.TrimSuffix(line, "\r")...)
		b.feed(span)
	}
	b.p.flushCase()
}

// ReadBytes is Read of a text in bytes, which it does not keep.
func (b *BlockReader) ReadBytes(op string, text []byte, span Span, h Handler) {
	b.begin(op, h)
	b.readBytes(text, span)
}

// ReadBytesAt is ReadBytes with each Failure and Diagnostic placed at span itself, its last line
// included (ReadBytes places them on span's first line). Failures come back to be reused when h
// keeps none (a Releaser, or Async over one), as they do on Parse's path.
func (b *BlockReader) ReadBytesAt(op string, text []byte, span Span, h Handler) {
	b.begin(op, h)
	b.at = placer{h: h, span: span}
	b.p.h = &b.at
	b.readBytes(text, span)
}

// placer hands events to h, each Failure and Diagnostic placed at span.
type placer struct {
	h    Handler
	span Span
}

func (p *placer) Handle(e Event) {
	switch e := e.(type) {
	case *Failure:
		e.Span = p.span
	case *Diagnostic:
		e.Span = p.span
	}
	p.h.Handle(e)
}

func (b *BlockReader) readBytes(text []byte, span Span) {
	for more := true; more; {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			more = false
		}
		if len(line) > 0 && line[0] == '[' && bytes.HasPrefix(line, flakyPrefix) { // most lines: no call
			b.p.opFlaky = true
			continue
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		// The grammar neither writes nor keeps a line's bytes (on Parse's path they are a
		// reused read buffer's): the line is handed over in place.
		l := Line{Number: span.Line, Offset: span.Offset, End: span.End, Text: line}
		b.p.failureLine(&l)
	}
	b.p.flushCase()
}

// begin clears what the last text left behind; what the grammar only caches is kept.
func (b *BlockReader) begin(op string, h Handler) {
	p := b.p
	_, p.releases = h.(Releaser)
	p.h, p.recycle = h, recycled(h) // p.reuse stays: no handler holds those failures any more
	p.ownText = p.releases || p.recycle != nil
	p.st, p.sec, p.op, p.opFlaky = stSection, secFailures, op, false
	p.cur, p.cs, p.quote, p.bodyOpen, p.cmdOpen = nil, 0, 0, false, false
	p.msg, p.body, p.cmd, p.text, p.texts = p.msg[:0], p.body[:0], p.cmd[:0], p.text[:0], p.texts[:0]
}

// feed hands b.line to the grammar.
func (b *BlockReader) feed(span Span) {
	l := Line{Number: span.Line, Offset: span.Offset, End: span.End, Text: b.line}
	b.p.failureLine(&l)
}
