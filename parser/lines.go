package parser

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/parser/internal/linebuf"
)

// DefaultMaxLine is the longest line kept whole; longer lines keep a prefix and raise a diagnostic.
const DefaultMaxLine = 64 << 20

// Line is one physical line of the input after decoding, with its place in the original bytes.
type Line struct {
	Number int   // 1-based
	Offset int64 // byte offset of the line's first byte in the original input
	End    int64 // byte offset just past the line break
	Text   []byte
	Cut    int64 // bytes dropped because the line exceeded the maximum length (0 when whole)
}

// lineReader splits an input into lines and decodes UTF-16 to UTF-8, keeping original offsets.
type lineReader struct {
	r       *bufio.Reader
	src     io.Reader // what r reads from
	enc     Encoding
	bom     bool
	off     int64
	n       int
	max     int
	long    []byte
	u16     []uint16
	started bool
	peekErr error
	crOnly  bool // UTF-8 lines broken by bare carriage returns (classic Mac OS): no LF in the head
	whole   bool // sniff's head holds the whole input: it ended within crSniffSize bytes
}

func newLineReader(r io.Reader, maxLine int) *lineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	return &lineReader{r: br, src: r, max: maxLine, enc: EncodingUTF8}
}

// readerPool keeps the 256 KiB read buffers of line readers between parses (see batchPool).
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 256<<10) }}

// release hands the read buffer back to readerPool; lr must not be read after.
func (lr *lineReader) release() {
	lr.r.Reset(nil)
	readerPool.Put(lr.r)
	lr.r = nil
}

// drained returns a reader of the rest of the input that, once the bytes sniff peeked at are
// read, reads from the source directly, without copying through lr.r.
func (lr *lineReader) drained() io.Reader { return drainedReader{lr.r, lr.src} }

type drainedReader struct {
	br  *bufio.Reader
	src io.Reader
}

func (d drainedReader) Read(p []byte) (int, error) {
	if d.br.Buffered() > 0 {
		return d.br.Read(p)
	}
	return d.src.Read(p)
}

// sniff decides the encoding from the first bytes and consumes a byte-order mark.
func (lr *lineReader) sniff() error {
	lr.started = true
	head, err := lr.r.Peek(crSniffSize)
	lr.whole = errors.Is(err, io.EOF)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		// Peek consumed the error: keep it for the end, after the bytes that did arrive.
		lr.peekErr = err
	}
	enc, bom := DetectEncoding(head)
	lr.enc, lr.bom = enc, bom > 0
	lr.discard(bom)
	// Carriage returns with no line feed in the first 64 KiB (or the whole input) break lines; a
	// CR inside an LF line is a progress redraw, resolved by the normalizer.
	lr.crOnly = lr.enc == EncodingUTF8 && bytes.IndexByte(head, '\n') < 0 &&
		bytes.IndexByte(bytes.TrimRight(head, "\r"), '\r') >= 0
	return nil
}

// crSniffSize is how much of the input sniff looks at.
const crSniffSize = 64 << 10

// encodingSniffSize is how much of the input's head decides its encoding (DetectEncoding).
const encodingSniffSize = 512

// crToLF turns every carriage return into a line feed: the line breaks of a CR-only input. It
// keeps every byte's offset.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			break
		}
		b[i] = '\n'
		b = b[i+1:]
	}
	return n, err
}

func (lr *lineReader) discard(n int) {
	d, _ := lr.r.Discard(n)
	lr.off += int64(d)
}

// DetectEncoding tells the encoding of an input from its first 512 bytes — a byte-order mark, or the
// NUL pattern of UTF-16 without one — and the length of its byte-order mark (0 when there is none).
// Bytes past the first 512 are not read, so that every reader of a log decides alike.
func DetectEncoding(head []byte) (Encoding, int) {
	head = head[:min(len(head), encodingSniffSize)]
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8, 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE, 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE, 2
	}
	return sniffUTF16(head), 0
}

// sniffUTF16 recognises UTF-16 without a byte-order mark by its pattern of NUL bytes.
func sniffUTF16(b []byte) Encoding {
	if len(b) < 8 {
		return EncodingUTF8
	}
	b = b[:len(b)&^1]
	var evenNUL, oddNUL int
	for i := 0; i < len(b); i += 2 {
		if b[i] == 0 {
			evenNUL++
		}
		if b[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := len(b) / 2
	switch {
	case oddNUL*10 >= pairs*7 && evenNUL*10 < pairs:
		return EncodingUTF16LE
	case evenNUL*10 >= pairs*7 && oddNUL*10 < pairs:
		return EncodingUTF16BE
	}
	return EncodingUTF8
}

// next returns the next line; the returned Text is valid until the following call.
func (lr *lineReader) next(l *Line) error {
	if !lr.started {
		if err := lr.sniff(); err != nil {
			return err
		}
	}
	if lr.enc != EncodingUTF8 {
		return lr.next16(l)
	}
	start := lr.off
	lr.long = lr.long[:0]
	var cut int64
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.off += int64(len(chunk))
		if err == nil || (errors.Is(err, io.EOF) && (len(chunk) > 0 || len(lr.long) > 0 || cut > 0)) {
			text := linebuf.TrimEOL(chunk)
			if len(lr.long) > 0 || cut > 0 {
				lr.long, cut = linebuf.AppendCapped(lr.long, text, lr.max, cut)
				text = bytes.TrimSuffix(lr.long, []byte{'\r'}) // a CRLF split across reads
			}
			lr.n++
			*l = Line{Number: lr.n, Offset: start, End: lr.off, Text: text, Cut: cut}
			return nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			lr.long, cut = linebuf.AppendCapped(lr.long, chunk, lr.max, cut)
			continue
		}
		return err
	}
}

// next16 reads one UTF-16 line and decodes it into UTF-8.
func (lr *lineReader) next16(l *Line) error {
	start := lr.off
	lr.u16 = lr.u16[:0]
	lr.long = lr.long[:0]
	var cut int64
	flush := func() {
		if len(lr.u16) == 0 {
			return
		}
		for _, r := range utf16.Decode(lr.u16) {
			if len(lr.long)+utf8.UTFMax > lr.max {
				cut += int64(utf8.RuneLen(r))
				continue
			}
			lr.long = utf8.AppendRune(lr.long, r)
		}
		lr.u16 = lr.u16[:0]
	}
	for {
		var pair [2]byte
		n, err := io.ReadFull(lr.r, pair[:])
		lr.off += int64(n)
		if n < 2 {
			if n == 1 {
				// A dangling byte at the end: keep it visible as U+FFFD rather than dropping it.
				lr.u16 = append(lr.u16, 0xFFFD)
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				if lr.off == start {
					return io.EOF
				}
				flush()
				lr.n++
				*l = Line{Number: lr.n, Offset: start, End: lr.off, Text: linebuf.TrimEOL(lr.long), Cut: cut}
				return nil
			}
			return err
		}
		var u uint16
		if lr.enc == EncodingUTF16LE {
			u = uint16(pair[0]) | uint16(pair[1])<<8
		} else {
			u = uint16(pair[1]) | uint16(pair[0])<<8
		}
		lr.u16 = append(lr.u16, u)
		if u == '\n' {
			flush()
			lr.n++
			*l = Line{Number: lr.n, Offset: start, End: lr.off, Text: linebuf.TrimEOL(lr.long), Cut: cut}
			return nil
		}
		if len(lr.u16) >= 4096 && !utf16.IsSurrogate(rune(u)) {
			flush()
		}
	}
}
