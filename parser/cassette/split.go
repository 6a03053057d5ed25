package cassette

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// splitter is the line-level state machine of Parse.
type splitter struct {
	opts    parser.Options
	pending []parser.Event // events for the next job
	order   chan<- *job
	work    chan<- *job
	free    <-chan *chunk

	state    int
	head     parser.Span // the header lines, up to `http_interactions:`
	started  bool        // RunStart was emitted
	command  string
	version  string
	major    int // 3 or 4 from recorded_with; 0 when unknown
	seed     string
	seedSpan parser.Span

	indent int         // indentation of the interaction items; -1 until the first item
	chunk  *chunk      // the interaction being collected; nil between interactions
	stray  parser.Span // unexpected lines not yet reported

	precut   int // a quoted scalar longer than this is cut before YAML sees it
	maxChunk int // an interaction larger than this is skipped
}

const (
	inHeader  = iota // before `http_interactions:`
	inList           // inside the interaction list
	afterList        // top-level lines after the list
)

// maxOps bounds the per-operation case counters used for Failure.Index.
const maxOps = 1 << 16

// chunk is the text of one interaction, collected until the next item starts.
type chunk struct {
	buf        []byte
	span       parser.Span // first line to last non-blank line
	size       int64
	over       bool        // the interaction outgrew maxChunk; buf is incomplete
	section    string      // key of the last line at the item's mapping indentation ("request", "response", ...)
	skip       int         // lines indented more than this are left out; -1 when not skipping
	checks     int         // where the checks block starts in buf; -1 outside it
	checksDone bool        // the checks block is over
	failed     bool        // a check failed
	bodyCut    bool        // the response body line was cut before decoding
	seedSpan   parser.Span // 3.x: the interaction's `seed:` line
	diags      []parser.Diagnostic
}

func newSplitter(opts parser.Options, maxLine int, order, work chan<- *job, free <-chan *chunk) *splitter {
	return &splitter{
		opts: opts, order: order, work: work, free: free, indent: -1,
		// An escape sequence of at most 6 bytes gives at least one byte of text, so a prefix this
		// long still decodes to more than MaxText bytes.
		precut:   6*opts.MaxText + 64,
		maxChunk: max(maxLine, 16<<20),
	}
}

func (p *splitter) line(l *parser.Line) {
	t := l.Text
	trim := bytes.TrimLeft(t, " ")
	ind := len(t) - len(trim)
	blank := len(bytes.TrimSpace(trim)) == 0
	if l.Cut > 0 {
		d := longLine(l)
		if p.state == inList && p.chunk != nil {
			p.chunk.diags = append(p.chunk.diags, d)
		} else {
			p.emit(&d)
		}
	}
	switch p.state {
	case inHeader:
		p.headerLine(l, t, trim, ind, blank)
	case inList:
		p.listLine(l, t, trim, ind, blank)
	default:
		p.afterLine(l, t, trim, ind, blank)
	}
}

// headerLine reads the top-level keys before the interaction list.
func (p *splitter) headerLine(l *parser.Line, t, trim []byte, ind int, blank bool) {
	if blank || trim[0] == '#' {
		if p.head.Line > 0 {
			extend(&p.head, l)
		}
		return
	}
	if ind > 0 || t[0] == '\t' {
		if p.head.Line > 0 {
			extend(&p.head, l) // a continuation of the previous key
		} else {
			p.strayLine(l)
		}
		return
	}
	if isItem(t) {
		// Interactions without the list key: parse them anyway.
		p.flushStray()
		extend(&p.head, l)
		p.startRun()
		p.emit(&parser.Diagnostic{Span: lineSpan(l), Severity: "warning", Code: "cassette",
			Message: "an interaction comes before the `http_interactions:` key"})
		p.state = inList
		p.listLine(l, t, trim, ind, blank)
		return
	}
	key, val, ok := bytes.Cut(t, []byte(":"))
	if !ok || len(val) > 0 && val[0] != ' ' || !isKey(key) {
		p.strayLine(l)
		return
	}
	p.flushStray()
	extend(&p.head, l)
	val = bytes.TrimSpace(val)
	switch string(key) {
	case "command":
		p.command = headerValue(val)
	case "recorded_with":
		v := headerValue(val)
		p.version = strings.TrimSpace(strings.TrimPrefix(v, "Schemathesis "))
		p.major = majorVersion(p.version)
	case "seed":
		p.seed, p.seedSpan = headerValue(val), lineSpan(l)
	case "http_interactions":
		p.startRun()
		p.state = inList
		if string(val) == "[]" {
			p.state = afterList
		}
	}
}

// startRun emits the RunStart and the header's seed once.
func (p *splitter) startRun() {
	if p.started {
		return
	}
	p.started = true
	p.emit(&parser.RunStart{Span: p.head, Format: parser.FormatCassette, Version: p.version, Command: p.command})
	if seedValue(p.seed) != "" {
		p.emit(&parser.Setting{Span: p.seedSpan, Key: "Seed", Value: p.seed})
	}
}

// listLine splits the interaction list into chunks, one per top-level item.
func (p *splitter) listLine(l *parser.Line, t, trim []byte, ind int, blank bool) {
	if blank {
		if p.chunk != nil {
			p.appendLine(l, t, ind, true)
		}
		return
	}
	if p.indent < 0 {
		switch {
		case isItem(trim):
			p.indent = ind
		case ind == 0:
			p.state = afterList
			p.afterLine(l, t, trim, ind, blank)
			return
		default:
			p.strayLine(l)
			return
		}
	}
	switch {
	case ind == p.indent && isItem(trim):
		p.flushStray()
		p.flushChunk()
		p.startChunk()
		p.appendLine(l, t, ind, false)
	case ind < p.indent:
		p.flushChunk()
		p.state = afterList
		p.afterLine(l, t, trim, ind, blank)
	case p.chunk != nil:
		// Deeper lines belong to the item; a line at the item's own indentation that is not an
		// item is a mistake inside it, which the YAML parser reports for this interaction.
		p.appendLine(l, t, ind, false)
	default:
		p.strayLine(l)
	}
}

// afterLine handles top-level lines after the list; an item at the list's indentation resumes it.
func (p *splitter) afterLine(l *parser.Line, t, trim []byte, ind int, blank bool) {
	if blank || trim[0] == '#' {
		return
	}
	if p.indent >= 0 && ind == p.indent && isItem(trim) {
		p.flushStray()
		p.state = inList
		p.listLine(l, t, trim, ind, blank)
		return
	}
	p.strayLine(l)
}

func (p *splitter) strayLine(l *parser.Line) {
	extend(&p.stray, l)
}

func (p *splitter) flushStray() {
	if p.stray.Line == 0 {
		return
	}
	s := p.stray
	p.stray = parser.Span{}
	what := "line is"
	if n := s.EndLine - s.Line + 1; n > 1 {
		what = strconv.Itoa(n) + " lines are"
	}
	p.emit(&parser.Diagnostic{Span: s, Severity: "warning", Code: "cassette",
		Message: what + " not part of a cassette's header or of an interaction"})
}

// emit queues an event for the next job.
func (p *splitter) emit(e parser.Event) {
	p.pending = append(p.pending, e)
}

func (p *splitter) startChunk() {
	var c *chunk
	select {
	case c = <-p.free:
	default:
		c = &chunk{}
	}
	buf := c.buf[:0]
	if cap(buf) > 1<<20 {
		buf = nil // do not keep a huge buffer for the rest of the file
	}
	*c = chunk{buf: buf, skip: -1, checks: -1}
	p.chunk = c
}

// appendLine adds one line to the current chunk, repairing what Schemathesis writes without escaping.
func (p *splitter) appendLine(l *parser.Line, t []byte, ind int, blank bool) {
	c := p.chunk
	c.size += l.End - l.Offset
	if blank {
		c.blank()
		return
	}
	extend(&c.span, l)
	t = trimRightBlank(t)
	rest := t[ind:]
	if ind == p.indent && isItem(rest) {
		rest = bytes.TrimLeft(rest[1:], " ") // the item's first line: `- id: '1'`
	}
	if c.skip >= 0 {
		if ind > c.skip {
			c.blank() // inside a value ctlog does not use
			return
		}
		c.skip = -1
	}
	kb, val, _ := keyValue(rest)
	if c.checks >= 0 && ind <= p.indent+2 {
		c.endChecks()
	}
	skip := false
	switch ind - p.indent {
	case 2:
		c.section = sectionName(kb)
		if string(kb) == "checks" && !c.over {
			c.checks = len(c.buf)
		}
		switch string(kb) {
		case "seed":
			if c.seedSpan.Line == 0 {
				c.seedSpan = lineSpan(l)
			}
		case "thread_id", "correlation_id", "meta", "recorded_at", "generation", "components":
			skip = true
		}
	case 4:
		// Response headers are never used, bodies only for failures (checks come first).
		skip = c.section == "response" && string(kb) == "headers" ||
			c.checksDone && !c.failed && string(kb) == "body" && (c.section == "request" || c.section == "response")
	}
	if skip {
		// An empty line costs the YAML parser almost nothing and keeps its line numbers right.
		c.skip = ind
		c.blank()
		return
	}
	if c.over {
		return
	}
	if len(c.buf)+len(t)+2 > p.maxChunk {
		c.over = true
		c.buf = c.buf[:0]
		return
	}
	if c.checks >= 0 && !c.failed && containsFailure(t) {
		c.failed = true // keep the checks block (a message that says "failure" keeps it too)
	}
	prefix := t[:len(t)-len(val)]
	if buf, ok := appendRequoted(c.buf, prefix, kb, val); ok {
		c.buf = append(buf, '\n')
		return
	}
	switch {
	case nullStatus(kb, val):
		c.buf = append(c.buf, t[:len(t)-4]...)
	case len(val) > p.precut || l.Cut > 0:
		cut, ok := cutQuoted(val, p.precut)
		if ok && c.section == "response" && (string(kb) == "string" || string(kb) == "base64_string") {
			c.bodyCut = true
		}
		c.buf = append(c.buf, prefix...)
		c.buf = append(c.buf, cut...)
		if ok {
			c.buf = append(c.buf, val[0])
		}
	default:
		c.buf = append(c.buf, t...)
	}
	c.buf = append(c.buf, '\n')
}

// endChecks closes the checks block: when no check failed, ctlog needs none of it, and its lines
// become empty lines that the YAML parser skips at little cost.
func (c *chunk) endChecks() {
	start := c.checks
	c.checks, c.checksDone = -1, true
	if c.failed || c.over || start > len(c.buf) {
		return
	}
	n := bytes.Count(c.buf[start:], []byte{'\n'})
	c.buf = c.buf[:start]
	for range n {
		c.buf = append(c.buf, '\n')
	}
}

// blank adds an empty line.
func (c *chunk) blank() {
	if !c.over {
		c.buf = append(c.buf, '\n')
	}
}

// flushChunk sends the current chunk to be decoded, with the events found before it.
func (p *splitter) flushChunk() {
	if p.chunk == nil {
		return
	}
	if p.chunk.checks >= 0 {
		p.chunk.endChecks()
	}
	j := &job{pre: p.pending, chunk: p.chunk, major: p.major, done: make(chan struct{})}
	p.pending, p.chunk = nil, nil
	p.order <- j
	p.work <- j
}

// finish sends the last interaction, reports stray lines and queues the events left.
func (p *splitter) finish() {
	p.flushChunk()
	p.flushStray()
	if !p.started && p.head.Line > 0 {
		p.startRun()
		p.emit(&parser.Diagnostic{Span: p.head, Severity: "warning", Code: "cassette",
			Message: "the cassette has no `http_interactions:` key: the run may have stopped before its first test"})
	}
	if len(p.pending) > 0 {
		p.order <- &job{pre: p.pending}
		p.pending = nil
	}
}

// lineSpan is the place of one line.
func lineSpan(l *parser.Line) parser.Span {
	return parser.Span{Offset: l.Offset, End: l.End, Line: l.Number, EndLine: l.Number}
}

// extend grows s to cover l.
func extend(s *parser.Span, l *parser.Line) {
	if s.Line == 0 {
		s.Offset, s.Line = l.Offset, l.Number
	}
	s.End, s.EndLine = l.End, l.Number
}

// appendRequoted appends a line's prefix and its value requoted for YAML when Schemathesis's
// quoting needs it, and reports whether it did: a check message is Python's repr(), whose
// backslash escapes in single quotes are not YAML's; a URI is written between single quotes as it
// is, so a quote inside it would end the scalar.
func appendRequoted(dst, prefix, kb, val []byte) ([]byte, bool) {
	switch {
	case string(kb) == "message" && quotedBy(val, '\'') && bytes.IndexByte(val, '\\') >= 0:
		dst = append(dst, prefix...)
		return strconv.AppendQuote(dst, pyUnescape(val[1:len(val)-1])), true
	case string(kb) == "uri" && quotedBy(val, '\'') && bytes.IndexByte(val[1:len(val)-1], '\'') >= 0:
		dst = append(dst, prefix...)
		return strconv.AppendQuote(dst, strings.ToValidUTF8(string(val[1:len(val)-1]), "\uFFFD")), true
	}
	return dst, false
}

// nullStatus reports a 4.x check status written `'SUCCESS'null` (a case without metadata): the
// line is read without its last four bytes.
func nullStatus(kb, val []byte) bool {
	return string(kb) == "status" && bytes.HasSuffix(val, []byte("'null")) && quotedBy(val[:len(val)-4], '\'')
}
