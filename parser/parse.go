package parser

import (
	"errors"
	"fmt"
	"io"
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
// becomes a Diagnostic event.
func Parse(r io.Reader, opts Options, h Handler) (Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	lr := newLineReader(r, opts.MaxLine)
	var norm normalizer
	p := newTextParser(opts, h)
	var l Line
	for {
		err := lr.next(&l)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Stats{Bytes: lr.off, Lines: lr.n}, fmt.Errorf("read %s:%d: %w", opts.Name, lr.n+1, err)
		}
		if l.Cut > 0 {
			h.Handle(&Diagnostic{Span: lineSpan(&l), Severity: "warning", Code: "long-line",
				Message: fmt.Sprintf("line is %d bytes long; kept the first %d", int64(len(l.Text))+l.Cut, len(l.Text))})
		}
		text, marker, rest := norm.normalize(l.Text)
		if marker != "" {
			h.Handle(&Marker{Span: lineSpan(&l), Kind: marker, Text: string(rest)})
			continue
		}
		l.Text = text
		p.line(&l)
	}
	p.finish()
	st := Stats{Bytes: lr.off, Lines: lr.n, Encoding: lr.enc, BOM: lr.bom, Wrapping: norm.wrap}
	h.Handle(&InputInfo{Span: Span{End: lr.off, Line: min(1, lr.n), EndLine: lr.n}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM, Wrapping: st.Wrapping})
	return st, nil
}

func lineSpan(l *Line) Span {
	return Span{Offset: l.Offset, End: l.End, Line: l.Number, EndLine: l.Number}
}
