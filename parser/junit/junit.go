// Package junit reads the JUnit XML reports Schemathesis 3.x and 4.x write, as parser events.
package junit

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// failureTextFactor bounds the text kept for one <failure> at this many times Options.MaxText.
// 4.x joins every failing test case of an operation (and 4.22+ every case of a phase) into one
// element, so the element text is a list of blocks; FailureBlocks caps each message, body and
// command at MaxText itself.
const failureTextFactor = 16

// maxUnknownReports bounds the distinct unknown elements reported.
const maxUnknownReports = 64

// progressSlab is how many Progress events are allocated at a time: one per test case.
const progressSlab = 64

// maxAttrText is how much of a short attribute (a test case name, a setting) is kept.
const maxAttrText = 4 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse streams the events of a Schemathesis JUnit XML report.
//
// It emits, in order: a RunStart for each report element (<testsuites>, or a bare <testsuite>),
// a Setting for each useful <testsuite> attribute, then for each <testcase> one Progress (label =
// the test case name, symbol '.', 'F', 'E' or 'S'), the Failure events of its <failure> elements
// (their text is the CLI failure-block grammar; see FailureBlocks) and an ErrorBlock for each
// <error>. A RunEnd with the per-test-case counts closes each report element, and an InputInfo
// closes the parse. The XML is read by a byte scanner (scan.go) that hands the rest of the input to
// encoding/xml at the first token it does not know, so that the events are encoding/xml's either
// way; failure texts are parsed on a goroutine beside the reading (beside.go). Memory is bounded by
// the longest token. Spans are byte ranges of elements with 1-based line numbers.
//
// Input that is not well-formed XML is not an error: the parse stops at the problem with a
// "xml-syntax" Diagnostic, emits no RunEnd for the unfinished report, and still emits InputInfo.
// The error is non-nil only when r fails.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	return parse(r, opts, h, false)
}

// parse is Parse; careful reads the whole input with encoding/xml, as the fast scanner does
// with what it does not know.
func parse(r io.Reader, opts parser.Options, h parser.Handler, careful bool) (parser.Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
	}
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	p := &reportParser{opts: opts, h: h, cr: cr, br: br}
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(3)
		p.base, p.bom = 3, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return p.utf16(head)
	}
	var err error
	if careful {
		p.careful(br, "", 0, pos{off: p.base, line: 1, bol: true}, 0)
		err = p.loop()
	} else {
		p.beside = newBeside(h, opts)
		p.h = p.beside
		defer p.beside.close()
		err = p.scan()
	}
	if cr.err != nil {
		// The reader failed, not the XML.
		p.flushCase()
		return p.stats(), fmt.Errorf("read %s:%d: %w", opts.Name, p.pos().line, cr.err)
	}
	if err != nil {
		p.flushCase()
		at := p.pos()
		if err := p.drain(); err != nil {
			return p.stats(), fmt.Errorf("read %s:%d: %w", opts.Name, at.line, err)
		}
		p.syntaxError(err, at)
	}
	if p.roots == 0 {
		where := "the input"
		if p.cr.n == 0 {
			where = "the empty input"
		}
		p.h.Handle(&parser.Diagnostic{Span: p.whole(), Severity: "warning", Code: "not-junit",
			Message: "no <testsuites> or <testsuite> element in " + where + "; is this a JUnit XML report?"})
	}
	st := p.stats()
	p.h.Handle(&parser.InputInfo{Span: p.whole(), Name: opts.Name, Encoding: parser.EncodingUTF8, BOM: p.bom})
	return st, nil
}

// frameKind is the kind of an open element.
type frameKind int

const (
	frRoot    frameKind = iota // <testsuites>
	frSuite                    // <testsuite>
	frCase                     // <testcase>
	frFailure                  // <failure>
	frError                    // <error>
	frSkipped                  // <skipped>
)

type frame struct {
	kind  frameKind
	start pos
	root  bool // a <testsuite> that is the report element itself

	// <testsuite>: the declared and the counted number of test cases
	declared int
	counted  int

	// <failure>, <error>: the message attribute and the element text, with their full lengths
	msg     string
	msgLen  int
	text    []byte
	textLen int64
}

// child is a <failure> or <error> of the open test case.
type child struct {
	kind     frameKind
	text     string
	inCase   bool // the fast path's failure text: caseText[from:to], instead of text
	from, to int
	span     parser.Span
	cut      int64 // the full length of a text that was cut
}

type testCase struct {
	name     string
	span     parser.Span // the start tag
	children []child
	failed   bool
	errored  bool
	skipped  bool
	ctlog    bool // written by ctlog -o junit
}

type runCounts struct {
	passed, failed, errored, skipped int
	seconds                          float64
	rootTime                         bool            // the report element gave the total time
	ctlogFailed                      map[string]bool // operations of ctlog's own test cases counted as failed
}

type reportParser struct {
	opts parser.Options
	h    parser.Handler
	cr   *countReader
	br   *bufio.Reader
	d    *xml.Decoder
	base int64 // bytes before what the decoder reads (a BOM)
	bom  bool

	stack    []frame
	textBuf  []byte            // the text of the open <failure> or <error>, kept from one to the next
	caseText []byte            // the failure texts of the open test case (fast path), kept from one to the next
	progress []parser.Progress // events not handed out yet (progressSlab at a time): never written again once they are
	sc       *scanner          // the fast reader; nil once it has handed over to d
	beside   *beside           // the fast reader's failure grammar and handler; nil on the careful path
	open     int               // the start tags d reads first without a handler: the elements open where it begins
	skipOpen int               // how many of them, the innermost, are skipped
	resume   pos               // where d begins to read the input, after the open elements it was given (careful)
	lines    int               // what to add to d's line numbers
	run      *runCounts
	tc       *testCase
	tcMem    testCase // what tc points to
	roots    int
	charset  string // an encoding the report declares and ctlog cannot read
	reported map[string]bool
	strayTxt bool
}

// pos is the place the reading has reached.
func (p *reportParser) pos() pos {
	if p.d == nil {
		return p.sc.pos()
	}
	line, col := p.d.InputPos()
	at := pos{off: p.base + p.d.InputOffset(), line: line + p.lines, bol: col == 1}
	if at.off == p.resume.off {
		at.bol = p.resume.bol // d's column counts the open elements it was given
	}
	return at
}

// careful makes the encoding/xml decoder read r from at: first open, the n start tags of the
// elements open there (the innermost skip of them skipped), then the input.
func (p *reportParser) careful(r io.Reader, open string, n int, at pos, skip int) {
	p.d = xml.NewDecoder(r)
	p.d.CharsetReader = p.charsetReader
	p.base = at.off - int64(len(open))
	p.lines = at.line - 1
	p.resume = at
	p.sc = nil
	p.open, p.skipOpen = n, skip
}

// loop reads tokens to the end of the input with the decoder; it returns nil at a clean end.
func (p *reportParser) loop() error {
	for range p.open {
		if _, err := p.d.Token(); err != nil {
			return err // the open elements handed over are read without a handler
		}
	}
	for range p.skipOpen {
		if err := p.d.Skip(); err != nil {
			return err
		}
	}
	for {
		start := p.pos()
		tok, err := p.d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if p.startElement(&t, start, p.pos()) {
				if err := p.d.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			p.endElement(start, p.pos())
		case xml.CharData:
			p.charData(t, start, p.pos())
		}
	}
}

func (p *reportParser) top() *frame {
	if len(p.stack) == 0 {
		return nil
	}
	return &p.stack[len(p.stack)-1]
}

// inCase says whether a <testcase> is the innermost open element.
func (p *reportParser) inCase() bool {
	f := p.top()
	return f != nil && f.kind == frCase
}

func (p *reportParser) push(kind frameKind, start pos) *frame {
	p.stack = append(p.stack, frame{kind: kind, start: start})
	return &p.stack[len(p.stack)-1]
}

// readsAttr says whether startElement reads the attribute attr of an element name; the scanner
// checks the others but does not keep them (their values are empty).
func readsAttr(name, attr string) bool {
	switch name {
	case "testsuites":
		return attr == "time"
	case "testsuite":
		return true
	case "testcase":
		return attr == "name" || attr == "classname"
	case "failure", "error":
		return attr == "message"
	}
	return false
}

// startElement takes in a start tag read from start to end; skip says to read over the element.
func (p *reportParser) startElement(t *xml.StartElement, start, end pos) (skip bool) {
	tag := spanOf(start, end)
	name := t.Name.Local
	top := p.top()
	if top == nil {
		switch name {
		case "testsuites":
			p.beginRun(t, tag)
			p.push(frRoot, start)
			return false
		case "testsuite":
			p.beginRun(t, tag)
			p.beginSuite(t, tag, start).root = true
			return false
		}
		p.unknown(name, "outside a JUnit report", tag)
		return true
	}
	switch top.kind {
	case frRoot, frSuite:
		switch name {
		case "testsuite":
			p.beginSuite(t, tag, start)
			return false
		case "testcase":
			p.beginCase(t, tag)
			p.push(frCase, start)
			return false
		case "properties", "system-out", "system-err":
			return true // standard JUnit elements Schemathesis does not write
		}
		p.unknown(name, "in <"+kindName(top.kind)+">", tag)
		return true
	case frCase:
		switch name {
		case "failure", "error":
			kind := frFailure
			if name == "error" {
				kind = frError
			}
			f := p.push(kind, start)
			f.text = p.textBuf[:0] // no <failure> or <error> is read inside another: one buffer serves all
			// On the fast path a failure's message lies in the scanner's buffer until the next start
			// tag: endChild copies it before then.
			if v := attr(t, "message"); v != "" {
				f.msgLen = len(v)
				if limit := p.textLimit(kind); len(v) > limit {
					v = strings.Clone(cutAtLine(v[:limit])) // not the rest of the attribute
				}
				f.msg = v
			}
			return false
		case "skipped":
			p.push(frSkipped, start)
			return false
		}
		return true // system-out, system-err, properties, ...
	}
	// An element inside <failure>, <error> or <skipped>: not Schemathesis's; its text is dropped.
	return true
}

// endElement takes in an end tag read from start to end.
func (p *reportParser) endElement(start, end pos) {
	f := p.top()
	if f == nil {
		return // the decoder does not allow it
	}
	fr := *f
	p.stack = p.stack[:len(p.stack)-1]
	switch fr.kind {
	case frRoot:
		p.endRun(spanOf(start, end))
	case frSuite:
		if fr.declared >= 0 && fr.declared != fr.counted {
			p.h.Handle(&parser.Diagnostic{Span: spanOf(start, end), Severity: "warning", Code: "junit-count",
				Message: fmt.Sprintf("<testsuite> declares tests=%d but holds %d <testcase> elements", fr.declared, fr.counted)})
		}
		if fr.root {
			p.endRun(spanOf(start, end))
		}
	case frCase:
		p.finishCase()
	case frFailure, frError:
		p.endChild(&fr, spanOf(fr.start, end))
		p.textBuf = fr.text[:0]
	case frSkipped:
		if p.tc != nil {
			p.tc.skipped = true
		}
	}
}

// charData takes in text read from start to end.
func (p *reportParser) charData(t []byte, start, end pos) {
	f := p.top()
	if f == nil {
		if !p.strayTxt && len(bytes.TrimSpace(t)) > 0 {
			p.strayTxt = true
			p.h.Handle(&parser.Diagnostic{Span: spanOf(start, end), Severity: "info", Code: "unknown-element",
				Message: "text outside any element: " + clip(string(t[:min(len(t), 200)]), 80)})
		}
		return
	}
	if f.kind != frFailure && f.kind != frError {
		return
	}
	f.textLen += int64(len(t))
	limit := p.textLimit(f.kind)
	if room := limit - len(f.text); room > 0 {
		f.text = append(f.text, t[:min(len(t), room)]...)
	}
}

// textLimit is how much text one element keeps.
func (p *reportParser) textLimit(kind frameKind) int {
	if kind == frFailure {
		return failureTextFactor * p.opts.MaxText
	}
	return p.opts.MaxText
}

// cutLineBytes is cutAtLine of bytes.
func cutLineBytes(b []byte) []byte {
	if i := bytes.LastIndexByte(b, '\n'); i > 0 {
		return b[:i]
	}
	return bytes.ToValidUTF8(b, nil)
}

// cutAtLine drops a partial last line from text that was cut; a text of one line loses a
// partial last character instead.
func cutAtLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return strings.ToValidUTF8(s, "")
}

func attr(t *xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func kindName(k frameKind) string {
	switch k {
	case frRoot:
		return "testsuites"
	case frSuite:
		return "testsuite"
	case frCase:
		return "testcase"
	case frFailure:
		return "failure"
	case frError:
		return "error"
	}
	return "element"
}

// unknown reports an element ctlog does not expect, once per name and place.
func (p *reportParser) unknown(name, where string, tag parser.Span) {
	key := name + " " + where
	if p.reported[key] || len(p.reported) >= maxUnknownReports {
		return
	}
	if p.reported == nil {
		p.reported = map[string]bool{}
	}
	p.reported[key] = true
	p.h.Handle(&parser.Diagnostic{Span: tag, Severity: "info", Code: "unknown-element",
		Message: "skipped <" + clip(name, 80) + "> " + where})
}

func (p *reportParser) beginRun(t *xml.StartElement, tag parser.Span) {
	p.roots++
	p.run = &runCounts{}
	p.h.Handle(&parser.RunStart{Span: tag, Format: parser.FormatJUnit})
	if s, ok := floatAttr(t, "time"); ok {
		p.run.seconds, p.run.rootTime = s, true
	}
}

// suiteSettings are the <testsuite> attributes reported as settings, in order.
var suiteSettings = []struct{ attr, key string }{
	{"name", "JUnit suite"},
	{"hostname", "JUnit hostname"},
	{"timestamp", "JUnit timestamp"},
	{"tests", "JUnit tests"},
	{"failures", "JUnit failures"},
	{"errors", "JUnit errors"},
	{"skipped", "JUnit skipped"},
	{"time", "JUnit time"},
}

func (p *reportParser) beginSuite(t *xml.StartElement, tag parser.Span, start pos) *frame {
	for _, s := range suiteSettings {
		for _, a := range t.Attr {
			if a.Name.Local == s.attr {
				p.h.Handle(&parser.Setting{Span: tag, Key: s.key, Value: clip(a.Value, maxAttrText)})
				break
			}
		}
	}
	if s, ok := floatAttr(t, "time"); ok && p.run != nil && !p.run.rootTime {
		p.run.seconds += s
	}
	f := p.push(frSuite, start)
	f.declared = -1
	if n, err := strconv.Atoi(strings.TrimSpace(attr(t, "tests"))); err == nil {
		f.declared = n
	}
	return f
}

func floatAttr(t *xml.StartElement, name string) (float64, bool) {
	v := strings.TrimSpace(attr(t, name))
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

func (p *reportParser) beginCase(t *xml.StartElement, tag parser.Span) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].kind == frSuite {
			p.stack[i].counted++
			break
		}
	}
	name := strings.TrimSpace(attr(t, "name"))
	if name == "" {
		name = "(unnamed test case)"
		p.h.Handle(&parser.Diagnostic{Span: tag, Severity: "warning", Code: "junit-no-name", Message: "<testcase> without a name"})
	}
	ctlog := false
	// ctlog's own JUnit output (-o junit) names a test case `OPERATION · check` with the operation as
	// its classname, one test case per failure group: the operation is the classname.
	if class := strings.TrimSpace(attr(t, "classname")); class != "" && strings.HasPrefix(name, class+ctlogSep) {
		name, ctlog = class, true
	}
	tc := &p.tcMem // one test case is open at a time, and emitCase is done with the last
	clear(tc.children)
	*tc = testCase{name: clip(name, maxAttrText), span: tag, ctlog: ctlog, children: tc.children[:0]}
	p.tc = tc
	p.caseText = p.caseText[:0]
}

// ctlogSep separates the operation from the check in the test case names of ctlog's JUnit output.
const ctlogSep = " · "

// ctlogCounts is how ctlog's JUnit output begins a failure text: a line of counts, not a block.
const ctlogCounts = "ctlog: "

// endChild stores a closed <failure> or <error> in the open test case.
func (p *reportParser) endChild(f *frame, span parser.Span) {
	tc := p.tc
	if tc == nil {
		return
	}
	c := child{kind: f.kind, span: span}
	limit := p.textLimit(f.kind)
	inCase := p.beside != nil && f.kind == frFailure // the fast path keeps failure texts in bytes
	switch {
	case inCase && len(bytes.TrimSpace(f.text)) > 0:
		t := f.text
		if f.textLen > int64(limit) {
			t, c.cut = cutLineBytes(t), f.textLen
		}
		c.inCase, c.from = true, len(p.caseText)
		p.caseText = append(p.caseText, t...)
		c.to = len(p.caseText)
	case len(bytes.TrimSpace(f.text)) > 0:
		// 4.22+, and errors of 4.x: the text is the element's; prefer it to the message attribute.
		c.text = string(f.text)
		if f.textLen > int64(limit) {
			c.text, c.cut = cutAtLine(c.text), f.textLen
		}
	default:
		c.text = f.msg // 3.x and 4.0–4.21
		if f.msgLen > limit {
			c.cut = int64(f.msgLen)
		}
		if inCase {
			c.inCase, c.from = true, len(p.caseText)
			p.caseText = append(p.caseText, c.text...)
			c.text, c.to = "", len(p.caseText)
		}
	}
	if f.kind == frFailure {
		tc.failed = true
	} else {
		tc.errored = true
	}
	tc.children = append(tc.children, c)
}

// finishCase emits the closed test case.
func (p *reportParser) finishCase() {
	tc := p.tc
	if tc == nil {
		return
	}
	sym := byte('.')
	switch {
	case tc.failed:
		sym = 'F'
	case tc.errored:
		sym = 'E'
	case tc.skipped:
		sym = 'S'
	}
	repeat := false // ctlog's own report has a test case per failure group: an operation counts once
	if r := p.run; r != nil && tc.ctlog && sym == 'F' {
		repeat = r.ctlogFailed[tc.name]
		if r.ctlogFailed == nil {
			r.ctlogFailed = map[string]bool{}
		}
		r.ctlogFailed[tc.name] = true
	}
	if r := p.run; r != nil && !repeat {
		switch sym {
		case '.':
			r.passed++
		case 'F':
			r.failed++
		case 'E':
			r.errored++
		case 'S':
			r.skipped++
		}
	}
	p.emitCase(sym, repeat)
}

// flushCase emits a test case the input ended in: its result is unknown.
func (p *reportParser) flushCase() {
	if p.tc != nil {
		p.emitCase(0, false)
	}
}

// emitCase hands over the closed test case: its progress symbol (once per operation in ctlog's own
// report: repeat) and its failures and errors.
func (p *reportParser) emitCase(sym byte, repeat bool) {
	tc := p.tc
	p.tc = nil
	if !repeat {
		if len(p.progress) == 0 {
			p.progress = make([]parser.Progress, progressSlab)
		}
		e := &p.progress[0]
		p.progress = p.progress[1:]
		*e = parser.Progress{Span: tc.span, Label: tc.name, Symbol: sym}
		p.h.Handle(e)
	}
	for i := range tc.children {
		c := &tc.children[i]
		if c.cut > 0 {
			kept := len(c.text)
			if c.inCase {
				kept = c.to - c.from
			}
			p.h.Handle(&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "long-text",
				Message: fmt.Sprintf("the text of a <%s> of %s is %d bytes long; kept %d", kindName(c.kind), tc.name, c.cut, kept)})
		}
		switch c.kind {
		case frFailure:
			if c.inCase {
				text := p.caseText[c.from:c.to]
				if len(bytes.TrimSpace(text)) == 0 {
					p.h.Handle(&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "junit-empty-failure",
						Message: "<failure> of " + tc.name + " has no text"})
					continue
				}
				if tc.ctlog && bytes.HasPrefix(text, []byte(ctlogCounts)) {
					_, text, _ = bytes.Cut(text, []byte{'\n'}) // the counts line of ctlog's own output
				}
				p.beside.failureBlocks(tc.name, text, c.span)
				continue
			}
			if strings.TrimSpace(c.text) == "" {
				p.h.Handle(&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "junit-empty-failure",
					Message: "<failure> of " + tc.name + " has no text"})
				continue
			}
			text := c.text
			if tc.ctlog && strings.HasPrefix(text, ctlogCounts) {
				_, text, _ = strings.Cut(text, "\n") // the counts line of ctlog's own output
			}
			parser.FailureBlocks(tc.name, text, c.span, p.opts, &spanHandler{h: p.h, span: c.span})
		case frError:
			title, msg, _ := strings.Cut(strings.TrimSpace(c.text), "\n")
			p.h.Handle(&parser.ErrorBlock{Span: c.span, Operation: tc.name, Title: clip(strings.TrimSpace(title), maxAttrText),
				Message: strings.TrimSpace(msg)})
		}
	}
}

// spanHandler places the events of one element's text at the element.
type spanHandler struct {
	h    parser.Handler
	span parser.Span
}

func (s *spanHandler) Handle(e parser.Event) {
	switch e := e.(type) {
	case *parser.Failure:
		e.Span = s.span
	case *parser.Diagnostic:
		e.Span = s.span
	}
	s.h.Handle(e)
}

func (p *reportParser) endRun(end parser.Span) {
	r := p.run
	p.run = nil
	if r == nil {
		return
	}
	e := &parser.RunEnd{Span: end, Passed: r.passed, Failed: r.failed, Errored: r.errored, Skipped: r.skipped, Seconds: r.seconds}
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{r.passed, "passed"}, {r.failed, "failed"}, {r.errored, "errored"}, {r.skipped, "skipped"}} {
		if c.n > 0 {
			e.Has = append(e.Has, c.word)
			parts = append(parts, strconv.Itoa(c.n)+" "+c.word)
		}
	}
	if len(parts) == 0 {
		e.Empty = true
		e.Text = "junit: empty test suite"
	} else {
		e.Text = "junit: " + strings.Join(parts, ", ")
	}
	p.h.Handle(e)
}

// charsetReader accepts the ASCII labels (a subset of UTF-8) and refuses every other encoding.
func (p *reportParser) charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "ascii", "us-ascii", "iso646-us", "ansi_x3.4-1968":
		return input, nil
	}
	p.charset = label
	return nil, errors.New("not supported")
}

// drain reads the rest of the input so that the counts cover all of it.
func (p *reportParser) drain() error {
	_, _ = io.Copy(io.Discard, p.br)
	return p.cr.err
}

func (p *reportParser) syntaxError(err error, at pos) {
	lines := p.cr.totalLines()
	at.line = min(at.line, lines)
	at.off = min(at.off, p.cr.n)
	code, msg := "xml-syntax", err.Error()
	var se *xml.SyntaxError
	switch {
	case p.charset != "":
		code, msg = "xml-encoding", fmt.Sprintf("the report declares encoding %q; ctlog reads UTF-8 JUnit reports only", clip(p.charset, 80))
	case errors.As(err, &se):
		msg = "XML syntax error: " + se.Msg
	}
	if p.run != nil {
		msg += "; the report is cut short here, so it has no final counts"
	}
	p.h.Handle(&parser.Diagnostic{Span: parser.Span{Offset: at.off, End: at.off, Line: at.line, EndLine: at.line},
		Severity: "warning", Code: code, Message: msg})
}

// utf16 reports a UTF-16 file, which the XML decoder cannot read.
func (p *reportParser) utf16(head []byte) (parser.Stats, error) {
	enc := parser.EncodingUTF16LE
	if head[0] == 0xFE {
		enc = parser.EncodingUTF16BE
	}
	_, _ = io.Copy(io.Discard, p.br)
	if p.cr.err != nil {
		return p.stats(), fmt.Errorf("read %s: %w", p.opts.Name, p.cr.err)
	}
	p.h.Handle(&parser.Diagnostic{Span: parser.Span{Line: min(1, p.cr.totalLines()), EndLine: min(1, p.cr.totalLines())},
		Severity: "warning", Code: "xml-encoding", Message: "the report is UTF-16 (" + string(enc) + "); ctlog reads UTF-8 JUnit reports only"})
	st := p.stats()
	st.Encoding, st.BOM = enc, true
	p.h.Handle(&parser.InputInfo{Span: p.whole(), Name: p.opts.Name, Encoding: enc, BOM: true})
	return st, nil
}

func (p *reportParser) stats() parser.Stats {
	return parser.Stats{Bytes: p.cr.n, Lines: p.cr.totalLines(), Encoding: parser.EncodingUTF8, BOM: p.bom}
}

func (p *reportParser) whole() parser.Span {
	lines := p.cr.totalLines()
	return parser.Span{End: p.cr.n, Line: min(1, lines), EndLine: lines}
}

// clip cuts s to n bytes and marks the cut with an ellipsis, as the text grammar does.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
