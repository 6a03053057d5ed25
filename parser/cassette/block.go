package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/ctlog-dev/ctlog/parser"
)

// batch is a run of whole interactions cut from the input at item lines, read by one worker.
type batch struct {
	data  []byte // starts with an item line at column 0
	buf   []byte // the block buffer data lies in; the batch is used again once emitted
	line  int    // number of data's first line
	off   int64  // offset of data's first byte
	major int
	res   []result // one per interaction, made by the worker
}

// result is what the emitter hands on for one interaction.
type result struct {
	evs      []parser.Event
	seed     string      // 3.x: the interaction's seed
	seedSpan parser.Span // and its line
	diags    []parser.Diagnostic
}

// read feeds the splitter line by line until the interactions start at column 0; from there it
// hands whole blocks of them to the workers, and goes back to lines for one interaction when the
// next does not fit a block (see source.block). It returns the read error.
func (p *splitter) read(s *source, blocks chan *batch) error {
	var l parser.Line
	lines := s.max < 64 // a line cut this short might no longer look like an item: read in lines
	for {
		err := s.next(&l)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !lines && p.state == inList && p.indent == 0 && l.Cut == 0 && isItem(l.Text) && s.unread() {
			// As listLine does for an item, but the interaction is read by a worker.
			p.flushStray()
			p.flushChunk()
			p.flushPending()
			for {
				d := s.block()
				if d == nil {
					break
				}
				var b *batch
				select {
				case b = <-blocks:
				default:
					b = &batch{buf: getBlock()}
				}
				b.line, b.off, b.major = s.n+1, s.off, p.major
				b.data, b.buf = s.take(len(d), b.buf)
				j := &job{batch: b, done: make(chan struct{})}
				p.order <- j
				p.work <- j
			}
			lines = true // the next interaction's first line, at least, is read as a line
			continue
		}
		lines = s.max < 64
		p.line(&l)
	}
}

// flushPending sends the events queued for the next job in a job of their own.
func (p *splitter) flushPending() {
	if len(p.pending) > 0 {
		p.order <- &job{pre: p.pending}
		p.pending = nil
	}
}

// blockReader reads the interactions of batches on a worker: with quick straight from the bytes
// (quickReader.scan) or, when it cannot, as the splitter and decodeJob would.
type blockReader struct {
	opts  parser.Options
	max   int
	q     *quickReader
	sp    *splitter // at the indentation of the batches' items, for the lines scan leaves
	sc    scanned
	scans int   // interactions scan read in the batch
	c     chunk // the interaction slow reads
}

func newBlockReader(opts parser.Options, maxLine int, q *quickReader) *blockReader {
	sp := newSplitter(opts, maxLine, nil, nil, nil)
	sp.indent = 0
	return &blockReader{opts: opts, max: maxLine, q: q, sp: sp}
}

// read fills b.res with the events of b's interactions.
func (br *blockReader) read(b *batch) {
	b.res = b.res[:0]
	line := b.line
	for start := 0; start < len(b.data); {
		off := b.off + int64(start)
		b.res = append(b.res, result{})
		r := &b.res[len(b.res)-1]
		n, size, ok := br.fast(b.data[start:], line, off, b.major, r)
		if !ok {
			*r = result{}
			size = nextItem(b.data, start) - start
			n = br.slow(b.data[start:start+size], line, off, b.major, r)
		}
		line += n
		start += size
	}
	if br.scans > 0 && onQuick != nil {
		onQuick(br.scans)
	}
	if br.scans > 0 && onScan != nil {
		onScan(br.scans)
	}
	br.scans = 0
}

// fast reads the interaction that starts d with scan and quick, or reports false; it returns its
// number of lines and bytes.
func (br *blockReader) fast(d []byte, line int, off int64, major int, r *result) (n, size int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // slow reports it
		}
	}()
	sc := &br.sc
	size, ok = br.q.scan(d, line, off, br.sp.precut, sc)
	if !ok {
		return 0, 0, false
	}
	it, ok := br.q.parse()
	if !ok {
		return 0, 0, false
	}
	br.scans++
	r.evs, r.seed = itemEvents(br.opts, major, it, nil, sc.span, false)
	r.seedSpan = sc.seedSpan
	return sc.lines, size, true
}

// slow reads one interaction as the splitter and decodeJob do; it returns the number of lines.
func (br *blockReader) slow(raw []byte, line int, off int64, major int, r *result) int {
	c := &br.c
	buf := c.buf[:0]
	if cap(buf) > 1<<20 {
		buf = nil // do not keep a huge buffer for the rest of the file
	}
	*c = chunk{buf: buf, skip: -1, checks: -1}
	br.sp.chunk = c
	n := 0
	for pos := 0; pos < len(raw); n++ {
		end := len(raw)
		if i := bytes.IndexByte(raw[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		text, cut := lineText(raw[pos:end], br.max)
		l := parser.Line{Number: line + n, Offset: off + int64(pos), End: off + int64(end), Text: text, Cut: cut}
		trim := bytes.TrimLeft(text, " ")
		ind := len(text) - len(trim)
		if l.Cut > 0 {
			d := longLine(&l)
			if pos == 0 {
				// The splitter reports the item line with the interaction before: just before this one.
				r.evs = append(r.evs, &d)
			} else {
				c.diags = append(c.diags, d)
			}
		}
		br.sp.appendLine(&l, text, ind, len(bytes.TrimSpace(trim)) == 0)
		pos = end
	}
	br.sp.chunk = nil
	if c.checks >= 0 {
		c.endChecks()
	}
	j := job{chunk: c, major: major}
	decodeJob(br.opts, &j, br.q)
	r.evs = append(r.evs, j.evs...)
	r.seed, r.seedSpan, r.diags = j.seed, c.seedSpan, c.diags
	return n
}

// longLine is the warning for a line cut at the maximum length.
func longLine(l *parser.Line) parser.Diagnostic {
	return parser.Diagnostic{Span: lineSpan(l), Severity: "warning", Code: "long-line",
		Message: fmt.Sprintf("line is %d bytes long; kept the first %d", int64(len(l.Text))+l.Cut, len(l.Text))}
}
