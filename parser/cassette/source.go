package cassette

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/linebuf"
)

// source reads a UTF-8 cassette in lines exactly as parser.LineReader does — the same texts, cuts,
// offsets, numbers and errors — and also hands out runs of whole interactions straight from its
// buffer, without making a line of them (block).
//
// parser.LineReader reads through a bufio.Reader of pieceSize bytes: a line longer than that comes
// in pieces of pieceSize bytes from its start, which decide where a carriage return is trimmed.
// source keeps those pieces (readSlice), so that a line gives the same text either way.
type source struct {
	r       io.Reader
	buf     []byte
	rd, wr  int   // the unread bytes are buf[rd:wr]
	err     error // the read error not yet returned, as bufio keeps it
	off     int64 // offset of buf[rd] in the input
	n       int   // lines read
	max     int
	bom     bool
	long    []byte
	peekErr error // an error met while sniffing, returned at the end
	piece   int   // length of the last line when it came in one piece, else -1
}

const (
	pieceSize = 256 << 10 // the buffer of parser.LineReader
	sniffSize = 64 << 10  // what parser.LineReader looks at before the first line
	blockSize = 256 << 10 // the buffer of a source: the largest block
)

// newSource starts reading r, or reports the encoding when it is not UTF-8 together with a reader
// of the whole input for parser.LineReader.
func newSource(r io.Reader, maxLine int, buf []byte) (*source, io.Reader) {
	if maxLine <= 0 {
		maxLine = parser.DefaultMaxLine
	}
	s := &source{r: r, buf: buf[:cap(buf)], max: maxLine, piece: -1}
	// As bufio.Reader.Peek(sniffSize) does for parser.LineReader.
	for s.wr-s.rd < sniffSize && s.err == nil {
		s.fill(pieceSize)
	}
	if s.wr-s.rd < sniffSize {
		if err := s.err; !errors.Is(err, io.EOF) {
			s.peekErr = err
		}
		s.err = nil
	}
	head := s.buf[s.rd:s.wr]
	enc, bom := parser.DetectEncoding(head)
	if enc != parser.EncodingUTF8 {
		return nil, io.MultiReader(bytes.NewReader(bytes.Clone(head)), &errOnce{s.peekErr}, r)
	}
	s.rd += bom
	s.off += int64(bom)
	s.bom = bom > 0
	return s, nil
}

// errOnce returns err once, then ends.
type errOnce struct{ err error }

func (e *errOnce) Read([]byte) (int, error) {
	if err := e.err; err != nil {
		e.err = nil
		return 0, err
	}
	return 0, io.EOF
}

// fill reads once into the buffer, after moving the unread bytes to its start, so that at most
// limit bytes are unread; like bufio, it gives up after many empty reads.
func (s *source) fill(limit int) {
	if s.rd > 0 {
		copy(s.buf, s.buf[s.rd:s.wr])
		s.wr -= s.rd
		s.rd = 0
	}
	end := min(limit, len(s.buf))
	if s.wr >= end {
		return
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.wr:end])
		if n < 0 || n > end-s.wr {
			s.err = errors.New("read returned an invalid count")
			return
		}
		s.wr += n
		if err != nil {
			s.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	s.err = io.ErrNoProgress
}

// readErr returns the pending error and forgets it.
func (s *source) readErr() error {
	err := s.err
	s.err = nil
	return err
}

// readSlice is bufio.Reader.ReadSlice('\n') over a buffer of pieceSize bytes.
func (s *source) readSlice() ([]byte, error) {
	from := 0
	for {
		lim := min(s.wr, s.rd+pieceSize)
		if i := bytes.IndexByte(s.buf[s.rd+from:lim], '\n'); i >= 0 {
			line := s.buf[s.rd : s.rd+from+i+1]
			s.rd += from + i + 1
			return line, nil
		}
		if s.wr-s.rd > pieceSize {
			// More is read than bufio would hold: its buffer would be full, its error not yet seen.
			line := s.buf[s.rd : s.rd+pieceSize]
			s.rd += pieceSize
			return line, bufio.ErrBufferFull
		}
		if s.err != nil {
			line := s.buf[s.rd:s.wr]
			s.rd = s.wr
			return line, s.readErr()
		}
		if s.wr-s.rd == pieceSize {
			line := s.buf[s.rd:s.wr]
			s.rd = s.wr
			return line, bufio.ErrBufferFull
		}
		from = s.wr - s.rd
		s.fill(pieceSize)
	}
}

// next reads the next line into l as parser.LineReader.Next does; its text is valid until the
// next call.
func (s *source) next(l *parser.Line) error {
	err := s.nextLine(l)
	if errors.Is(err, io.EOF) && s.peekErr != nil {
		return s.peekErr
	}
	return err
}

func (s *source) nextLine(l *parser.Line) error {
	start := s.off
	s.long = s.long[:0]
	s.piece = -1
	var cut int64
	for {
		chunk, err := s.readSlice()
		s.off += int64(len(chunk))
		if err == nil || errors.Is(err, io.EOF) && (len(chunk) > 0 || len(s.long) > 0 || cut > 0) {
			text := linebuf.TrimEOL(chunk)
			if len(s.long) > 0 || cut > 0 {
				s.long, cut = linebuf.AppendCapped(s.long, text, s.max, cut)
				text = bytes.TrimSuffix(s.long, []byte{'\r'})
			} else if err == nil {
				s.piece = len(chunk)
			}
			s.n++
			*l = parser.Line{Number: s.n, Offset: start, End: s.off, Text: text, Cut: cut}
			return nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			s.long, cut = linebuf.AppendCapped(s.long, chunk, s.max, cut)
			continue
		}
		return err
	}
}

// unread puts back the line next just read, when it came whole in one piece with its line feed.
func (s *source) unread() bool {
	if s.piece < 0 {
		return false
	}
	s.rd -= s.piece
	s.off -= int64(s.piece)
	s.n--
	s.piece = -1
	return true
}

// block returns the unread interactions up to the last item line at column 0 in the buffer (the
// reading position is at one), or at the end of the input all that is left; nil when the next
// interaction is to be read in lines: it does not fit the buffer, the input failed, or its last
// line is long enough that parser.LineReader would read it in pieces.
func (s *source) block() []byte {
	s.piece = -1
	for {
		if s.wr-s.rd < len(s.buf)/2 && s.err == nil {
			s.fill(len(s.buf))
		}
		d := s.buf[s.rd:s.wr]
		if b := lastItem(d); b > 0 {
			return d[:b]
		}
		if s.err != nil {
			// (While blockSize is pieceSize, a last line that long cannot share a block with its
			// item line: the check only guards a larger block.)
			last := d[bytes.LastIndexByte(d, '\n')+1:]
			if len(d) == 0 || !errors.Is(s.err, io.EOF) || len(last) >= pieceSize {
				return nil
			}
			return d
		}
		if s.wr-s.rd == len(s.buf) {
			return nil
		}
		s.fill(len(s.buf))
	}
}

// take hands the first n unread bytes (a block) to the caller with the buffer they lie in, and
// goes on reading in buf, a buffer of the same size.
func (s *source) take(n int, buf []byte) (data, old []byte) {
	data, old = s.buf[s.rd:s.rd+n], s.buf
	buf = buf[:cap(buf)]
	s.wr = copy(buf, s.buf[s.rd+n:s.wr])
	s.buf, s.rd = buf, 0
	s.off += int64(n)
	s.n += bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		s.n++ // the last line of the input, without a line feed
	}
	return data, old
}

// stats says how much of the input has been read.
func (s *source) stats() parser.Stats {
	return parser.Stats{Bytes: s.off, Lines: s.n, Encoding: parser.EncodingUTF8, BOM: s.bom}
}

// lastItem returns where the last item line at column 0 of d starts, or 0: a line that follows a
// line feed and starts with a dash and a space, or is a dash alone.
func lastItem(d []byte) int {
	for end := len(d); ; {
		i := bytes.LastIndexByte(d[:end], '\n')
		if i < 0 {
			return 0
		}
		if i+2 < len(d) && d[i+1] == '-' && (d[i+2] == ' ' || d[i+2] == '\n' || d[i+2] == '\r' && i+3 < len(d) && d[i+3] == '\n') {
			return i + 1
		}
		end = i
	}
}

// nextItem returns where the first item line at column 0 after the line at from starts in d, or
// len(d): a line that starts with a dash and a space, or is a dash alone (also at the end of d).
func nextItem(d []byte, from int) int {
	for i := from; ; {
		j := bytes.Index(d[i:], []byte("\n-"))
		if j < 0 {
			return len(d)
		}
		p := i + j + 1
		if p+1 == len(d) || d[p+1] == ' ' || d[p+1] == '\n' || d[p+1] == '\r' && p+2 < len(d) && d[p+2] == '\n' {
			return p
		}
		i = p
	}
}

// lineText is the text and cut of one whole line (with its line feed, unless it ends the input)
// as parser.LineReader gives it: pieces of pieceSize bytes from its start, a maximum length.
func lineText(raw []byte, max int) ([]byte, int64) {
	if len(raw) <= pieceSize {
		return linebuf.TrimEOL(raw), 0
	}
	var long []byte
	var cut int64
	for len(raw) > pieceSize {
		long, cut = linebuf.AppendCapped(long, raw[:pieceSize], max, cut)
		raw = raw[pieceSize:]
	}
	long, cut = linebuf.AppendCapped(long, linebuf.TrimEOL(raw), max, cut)
	return bytes.TrimSuffix(long, []byte{'\r'}), cut
}
