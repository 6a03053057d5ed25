package parser

import (
	"errors"
	"io"
)

// LineReader reads an input line by line, decoding UTF-16 to UTF-8 and keeping original offsets.
type LineReader struct {
	lr *lineReader
}

// NewLineReader starts reading r in lines of at most maxLine bytes (default DefaultMaxLine).
func NewLineReader(r io.Reader, maxLine int) (*LineReader, error) {
	lr := newLineReader(r, maxLine)
	if err := lr.sniff(); err != nil {
		return nil, err
	}
	return &LineReader{lr: lr}, nil
}

// Next reads the next line into l, whose Text is valid until the following call; io.EOF ends the input.
func (r *LineReader) Next(l *Line) error {
	err := r.lr.next(l)
	if errors.Is(err, io.EOF) && r.lr.peekErr != nil {
		return r.lr.peekErr
	}
	return err
}

// Close hands the reader's buffer back for the next reader; r must not be used after.
func (r *LineReader) Close() { r.lr.release() }

// MaxLine is the longest line kept whole.
func (r *LineReader) MaxLine() int { return r.lr.max }

// Stats says how much of the input has been read.
func (r *LineReader) Stats() Stats {
	return Stats{Bytes: r.lr.off, Lines: r.lr.n, Encoding: r.lr.enc, BOM: r.lr.bom}
}
