// Package cassette reads the VCR cassettes Schemathesis 3.x and 4.x record, as parser events.
package cassette

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ctlog-dev/ctlog/parser"
)

// Parse reads a VCR cassette written by Schemathesis 3.x (`--cassette-path`) or 4.x
// (`--report vcr`) and streams its events to h: a RunStart, a Setting for the seed, and for every
// recorded interaction an Interaction event followed, when checks failed, by one Failure event.
// InputInfo comes last; cassettes have no final line, so there is no RunEnd.
//
// The input is read line by line and split into one chunk per interaction at the top-level list
// items of `http_interactions`; each chunk is decoded with a YAML parser on its own, so memory is
// bounded by the largest interaction, not by the file. A chunk that is not valid YAML becomes a
// warning Diagnostic (code "yaml") and the parse goes on with the next one. The error is non-nil
// only when the input cannot be read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
	}
	lr, err := parser.NewLineReader(r, opts.MaxLine)
	if err != nil {
		return parser.Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
	}
	// Decoding YAML is the slow part: a goroutine splits the input into interactions, workers
	// decode them, and this goroutine hands their events to h in input order. The channels bound
	// the interactions in flight, and so the memory.
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	order := make(chan *job, 2*workers)
	work := make(chan *job, workers)
	free := make(chan *chunk, 3*workers+2)
	for range workers {
		go worker(opts, work)
	}
	p := newSplitter(opts, lr.MaxLine(), order, work, free)
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		for {
			var l parser.Line
			err := lr.Next(&l)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				readErr = err
				break
			}
			p.line(&l)
		}
		p.finish()
	}()
	e := emitter{h: h, ops: map[string]int{}}
	for j := range order {
		e.job(j)
		if j.chunk != nil {
			select {
			case free <- j.chunk:
			default:
			}
		}
	}
	// order is closed: the splitting goroutine is done with lr and readErr.
	st := lr.Stats()
	if readErr != nil {
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, st.Lines+1, readErr)
	}
	h.Handle(&parser.InputInfo{Span: parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM})
	return st, nil
}

// job is a piece of the output, in input order: events found while splitting, then at most one
// interaction, decoded by a worker.
type job struct {
	pre   []parser.Event // events before the interaction (RunStart, Setting, diagnostics)
	chunk *chunk         // nil when the job only carries events
	major int
	done  chan struct{}  // closed when the worker is finished; nil without a chunk
	evs   []parser.Event // the interaction's events, made by the worker
	seed  string         // 3.x: the interaction's seed
}

// worker decodes interactions until work is closed.
func worker(opts parser.Options, work <-chan *job) {
	for j := range work {
		decodeJob(opts, j)
		close(j.done)
	}
}

// emitter hands the jobs' events to the handler and numbers failures per operation.
type emitter struct {
	h        parser.Handler
	ops      map[string]int
	seedDone bool
}

func (e *emitter) job(j *job) {
	for _, ev := range j.pre {
		if s, ok := ev.(*parser.Setting); ok && s.Key == "Seed" {
			e.seedDone = true
		}
		e.h.Handle(ev)
	}
	if j.chunk == nil {
		return
	}
	<-j.done
	for _, ev := range j.evs {
		if f, ok := ev.(*parser.Failure); ok {
			idx := e.ops[f.Operation] + 1
			if idx > 1 || len(e.ops) < maxOps {
				e.ops[f.Operation] = idx
			} else {
				idx = 0
			}
			f.Index = idx
		}
		e.h.Handle(ev)
	}
	if c := j.chunk; !e.seedDone && j.seed != "" && c.seedSpan.Line > 0 {
		// 3.x records the seed on every interaction rather than in the header.
		e.seedDone = true
		e.h.Handle(&parser.Setting{Span: c.seedSpan, Key: "Seed", Value: j.seed})
	}
	for _, d := range j.chunk.diags {
		e.h.Handle(&d)
	}
}

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
		d := parser.Diagnostic{Span: lineSpan(l), Severity: "warning", Code: "long-line",
			Message: fmt.Sprintf("line is %d bytes long; kept the first %d", int64(len(t))+l.Cut, len(t))}
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
	t = bytes.TrimRight(t, " \t")
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
	key, val, _ := keyValue(rest)
	if c.checks >= 0 && ind <= p.indent+2 {
		c.endChecks()
	}
	skip := false
	switch ind - p.indent {
	case 2:
		c.section = key
		if key == "checks" && !c.over {
			c.checks = len(c.buf)
		}
		switch key {
		case "seed":
			if c.seedSpan.Line == 0 {
				c.seedSpan = lineSpan(l)
			}
		case "thread_id", "correlation_id", "meta", "recorded_at", "generation", "components":
			skip = true
		}
	case 4:
		// Response headers are never used, bodies only for failures (checks come first).
		skip = c.section == "response" && key == "headers" ||
			c.checksDone && !c.failed && key == "body" && (c.section == "request" || c.section == "response")
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
	if c.checks >= 0 && !c.failed && bytes.Contains(bytes.ToUpper(t), []byte("FAILURE")) {
		c.failed = true // keep the checks block (a message that says "failure" keeps it too)
	}
	prefix := t[:len(t)-len(val)]
	switch {
	case key == "message" && quotedBy(val, '\'') && bytes.IndexByte(val, '\\') >= 0:
		// A check message is Python's repr(): in single quotes its backslash escapes are not YAML's.
		c.buf = append(c.buf, prefix...)
		c.buf = strconv.AppendQuote(c.buf, pyUnescape(val[1:len(val)-1]))
	case key == "uri" && quotedBy(val, '\'') && bytes.IndexByte(val[1:len(val)-1], '\'') >= 0:
		// The URI is written between single quotes as it is; a quote inside it would end the scalar.
		c.buf = append(c.buf, prefix...)
		c.buf = strconv.AppendQuote(c.buf, strings.ToValidUTF8(string(val[1:len(val)-1]), "\uFFFD"))
	case key == "status" && bytes.HasSuffix(val, []byte("'null")) && quotedBy(val[:len(val)-4], '\''):
		// 4.x writes `status: 'SUCCESS'null` when a case has no metadata.
		c.buf = append(c.buf, t[:len(t)-4]...)
	case len(val) > p.precut || l.Cut > 0:
		cut, ok := cutQuoted(val, p.precut)
		if ok && c.section == "response" && (key == "string" || key == "base64_string") {
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

// item is one interaction, in the fields of both layouts that ctlog uses.
type item struct {
	ID       string        `yaml:"id"`
	Status   string        `yaml:"status"`
	Seed     string        `yaml:"seed"`    // 3.x
	Elapsed  string        `yaml:"elapsed"` // 3.x
	DataGen  string        `yaml:"data_generation_method"`
	Phase    yaml.Node     `yaml:"phase"` // 3.x: a name; 4.x: {name, data}
	Checks   []itemCheck   `yaml:"checks"`
	Request  itemRequest   `yaml:"request"`
	Response *itemResponse `yaml:"response"`
}

type itemCheck struct {
	Name    string `yaml:"name"`
	Status  string `yaml:"status"`
	Message string `yaml:"message"`
}

type itemRequest struct {
	URI     string    `yaml:"uri"`
	Method  string    `yaml:"method"`
	Headers yaml.Node `yaml:"headers"`
	Body    *itemBody `yaml:"body"`
}

type itemResponse struct {
	Status struct {
		Code    string `yaml:"code"`
		Message string `yaml:"message"`
	} `yaml:"status"`
	Elapsed string    `yaml:"elapsed"` // 4.x
	Headers yaml.Node `yaml:"headers"`
	Body    *itemBody `yaml:"body"`
}

type itemBody struct {
	Encoding string  `yaml:"encoding"`
	String   *string `yaml:"string"`
	Base64   *string `yaml:"base64_string"`
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

// decodeJob decodes a job's interaction into its events.
func decodeJob(opts parser.Options, j *job) {
	c := j.chunk
	defer func() {
		if r := recover(); r != nil {
			j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "internal",
				Message: fmt.Sprintf("interaction skipped: %v", r)}}
		}
	}()
	if c.over {
		j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "too-large",
			Message: fmt.Sprintf("interaction is %d bytes, more than the %d kept; skipped", c.size, len(c.buf))}}
		return
	}
	it, err := decode(c.buf)
	switch {
	case err != nil:
		j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "yaml",
			Message: "interaction skipped: " + yamlError(err, c.span.Line)}}
	case it == nil || it.Request.Method == "" && it.Request.URI == "":
		j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "yaml",
			Message: "interaction skipped: it has no request"}}
	default:
		j.evs = interaction(opts, j.major, it, c)
		j.seed = seedValue(it.Seed)
	}
}

// decode parses one chunk; a panic inside the YAML library becomes an error.
func decode(b []byte) (it *item, err error) {
	defer func() {
		if r := recover(); r != nil {
			it, err = nil, fmt.Errorf("yaml: parser failure: %v", r)
		}
	}()
	var items []*item
	if err := yaml.Unmarshal(b, &items); err != nil {
		return nil, err
	}
	if len(items) != 1 {
		return nil, fmt.Errorf("yaml: expected one interaction, found %d", len(items))
	}
	return items[0], nil
}

var lineRef = regexp.MustCompile(`\bline (\d+)`)

// yamlError renders a YAML error on one line, with line numbers of the whole file.
func yamlError(err error, first int) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(strings.TrimSpace(msg), "\n", "; ")
	msg = strings.Join(strings.Fields(msg), " ")
	return lineRef.ReplaceAllStringFunc(msg, func(s string) string {
		n, err := strconv.Atoi(s[len("line "):])
		if err != nil {
			return s
		}
		return "line " + strconv.Itoa(first+n-1)
	})
}

// interaction returns the events of one decoded interaction: an Interaction, then a Failure
// when checks failed (its Index is set in order, later).
func interaction(opts parser.Options, major int, it *item, c *chunk) []parser.Event {
	if major == 0 {
		major = 4
		if it.DataGen != "" || it.Elapsed != "" || it.Phase.Kind == yaml.ScalarNode {
			major = 3
		}
	}
	req := &it.Request
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	id := header(&req.Headers, "X-Schemathesis-TestCaseId")
	if major >= 4 && it.ID != "" {
		id = it.ID
	}
	elapsed := it.Elapsed
	var status int
	var reason string
	if rs := it.Response; rs != nil {
		status, _ = strconv.Atoi(strings.TrimSpace(rs.Status.Code))
		reason = rs.Status.Message
		if rs.Elapsed != "" {
			elapsed = rs.Elapsed
		}
	}
	secs, _ := strconv.ParseFloat(strings.TrimSpace(elapsed), 64)
	phase := phaseName(&it.Phase)
	evs := []parser.Event{&parser.Interaction{Span: c.span, TestCaseID: id, Method: method, URI: req.URI, Status: status,
		Outcome: strings.ToUpper(it.Status), Elapsed: secs, Phase: phase}}

	var checks []parser.Check
	for _, ch := range it.Checks {
		if !strings.EqualFold(ch.Status, "FAILURE") {
			continue
		}
		ck := parser.Check{Name: ch.Name}
		if major >= 4 {
			ck.Title = ch.Message
			if ck.Title == "" {
				ck.Title = parser.CheckTitle(ch.Name, 4)
			}
		} else {
			ck.Title = parser.CheckTitle(ch.Name, 3)
			if ch.Message != "" && ch.Message != ck.Title {
				ck.Message, _ = cutText(ch.Message, opts.MaxText)
			}
		}
		checks = append(checks, ck)
	}
	if len(checks) > 0 {
		f := &parser.Failure{Span: c.span, Operation: method + " " + uriPath(req.URI), TestCaseID: id, Checks: checks,
			Status: status, Reason: reason}
		if rs := it.Response; rs != nil {
			f.Body, f.BodyKind, f.BodyElided = responseBody(rs.Body, opts.MaxText)
			f.BodyElided = f.BodyElided || c.bodyCut
		}
		if cmd := curl(method, req, opts.MaxText); cmd != "" {
			f.Reproduce = []string{cmd}
		}
		evs = append(evs, f)
	}
	if len(checks) > 0 && it.Response == nil {
		// Checks failed on a response that is not there: the interaction was cut, most likely by the end of the file.
		evs = append(evs, &parser.Diagnostic{Span: c.span, Severity: "warning", Code: "cassette",
			Message: "interaction has failed checks but no response: the cassette may be cut short here"})
	}
	return evs
}

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

// isItem reports whether t (without indentation) starts a block sequence item.
func isItem(t []byte) bool {
	return len(t) > 0 && t[0] == '-' && (len(t) == 1 || t[1] == ' ')
}

// isKey reports whether k looks like a key Schemathesis writes (lower case and underscores).
func isKey(k []byte) bool {
	for _, c := range k {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return len(k) > 0
}

// keyValue splits `key: value` (the text without indentation); ok is false for other lines.
func keyValue(t []byte) (key string, val []byte, ok bool) {
	i := bytes.Index(t, []byte(": "))
	if i <= 0 {
		if k, found := bytes.CutSuffix(t, []byte(":")); found && len(k) > 0 {
			return string(k), nil, true
		}
		return "", nil, false
	}
	k := t[:i]
	if k[0] == '"' || k[0] == '\'' || bytes.ContainsAny(k, " {[") {
		return "", nil, false
	}
	return string(k), t[i+2:], true
}

// quotedBy reports whether v is one scalar between two q quotes.
func quotedBy(v []byte, q byte) bool {
	return len(v) >= 2 && v[0] == q && v[len(v)-1] == q
}

// cutQuoted returns a prefix of the quoted scalar v (quote included, closing quote not) that is
// at most limit bytes long and ends at a whole character and escape, or v unchanged and false when
// v is not a quoted scalar that needs cutting.
func cutQuoted(v []byte, limit int) ([]byte, bool) {
	if len(v) == 0 || v[0] != '"' && v[0] != '\'' {
		return v, false
	}
	q := v[0]
	i := 1
	for i < len(v) && i < limit {
		b := v[i]
		switch {
		case q == '"' && b == '\\':
			n := 2
			if i+1 < len(v) {
				switch v[i+1] {
				case 'x':
					n = 4
				case 'u':
					n = 6
				case 'U':
					n = 10
				}
			}
			if i+n > limit || i+n > len(v) {
				return runeStart(v, i), true
			}
			i += n
			continue
		case b == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			if i+2 > limit {
				return runeStart(v, i), true
			}
			i += 2
			continue
		case b == q:
			return v, false // the scalar ends inside the limit
		}
		i++
	}
	return runeStart(v, i), true
}

// runeStart returns v[:i], moved back so that it does not end inside a UTF-8 sequence.
func runeStart(v []byte, i int) []byte {
	i = min(i, len(v))
	for j := i - 1; j >= 1 && j >= i-utf8.UTFMax; j-- {
		if utf8.RuneStart(v[j]) {
			if !utf8.FullRune(v[j:i]) {
				return v[:j]
			}
			break
		}
	}
	return v[:i]
}

// headerValue unquotes a header value; Schemathesis writes it between single quotes without escaping.
func headerValue(v []byte) string {
	switch {
	case quotedBy(v, '\''):
		return string(v[1 : len(v)-1])
	case quotedBy(v, '"'):
		if s, err := strconv.Unquote(string(v)); err == nil {
			return s
		}
		return string(v[1 : len(v)-1])
	}
	return string(v)
}

func seedValue(s string) string {
	switch strings.TrimSpace(s) {
	case "", "None", "null", "~":
		return ""
	}
	return s
}

// majorVersion returns the major version of "3.39.16", or 0.
func majorVersion(v string) int {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(v[:i])
	if err != nil {
		return 0
	}
	return n
}

// pyUnescape decodes the body of a Python string literal.
func pyUnescape(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			sb.WriteByte(c)
			continue
		}
		i++
		switch e := b[i]; e {
		case 'n':
			sb.WriteByte('\n')
		case 't':
			sb.WriteByte('\t')
		case 'r':
			sb.WriteByte('\r')
		case '\\', '\'', '"':
			sb.WriteByte(e)
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			if i+1+n <= len(b) {
				if r, err := strconv.ParseUint(string(b[i+1:i+1+n]), 16, 32); err == nil && r <= utf8.MaxRune {
					sb.WriteRune(rune(r))
					i += n
					continue
				}
			}
			sb.WriteByte('\\')
			sb.WriteByte(e)
		default:
			sb.WriteByte('\\')
			sb.WriteByte(e)
		}
	}
	return strings.ToValidUTF8(sb.String(), "\uFFFD")
}

// phaseName returns the phase name: 3.x writes a scalar, 4.x a mapping with a name.
func phaseName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode && n.Content[i+1].Tag != "!!null" {
				return n.Content[i+1].Value
			}
		}
	}
	return ""
}

// eachHeader calls fn for every header value in file order; a value may be a list or a scalar.
func eachHeader(n *yaml.Node, fn func(name, value string)) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag != "!!null" {
				fn(k.Value, v.Value)
			}
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind == yaml.ScalarNode {
					fn(k.Value, e.Value)
				}
			}
		}
	}
}

func header(n *yaml.Node, name string) string {
	var val string
	found := false
	eachHeader(n, func(k, v string) {
		if !found && strings.EqualFold(k, name) {
			val, found = v, true
		}
	})
	return val
}

// uriPath returns the path of a URI: no scheme, host, query or fragment.
func uriPath(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		j := strings.IndexAny(rest, "/?#")
		if j < 0 || rest[j] != '/' {
			return "/"
		}
		u = rest[j:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if u == "" {
		return "/"
	}
	return u
}

// bodyBytes returns a body's content and whether it was stored as base64.
func bodyBytes(b *itemBody) ([]byte, bool) {
	switch {
	case b == nil:
		return nil, false
	case b.Base64 != nil:
		return decodeBase64(*b.Base64), true
	case b.String != nil:
		return []byte(*b.String), false
	}
	return nil, false
}

// decodeBase64 decodes base64, keeping what decodes of a cut or damaged value.
func decodeBase64(s string) []byte {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	s = strings.TrimRight(s, "=")
	s = s[:len(s)-len(s)%4]
	b, _ := base64.RawStdEncoding.DecodeString(s)
	return b
}

// responseBody returns the body excerpt and its kind ("", "empty", "binary") for a Failure.
// Base64 bodies (exact body bytes) that hold text are shown as text.
func responseBody(b *itemBody, maxText int) (body, kind string, elided bool) {
	raw, encoded := bodyBytes(b)
	if len(raw) == 0 {
		return "", "empty", false
	}
	if !isText(raw) {
		enc := strings.ToLower(strings.ReplaceAll(b.Encoding, "_", "-"))
		if !encoded || enc != "iso-8859-1" && enc != "latin-1" && enc != "latin1" || !isLatin1Text(raw) {
			return "", "binary", false
		}
		var sb strings.Builder
		for _, c := range raw[:min(len(raw), maxText)] {
			sb.WriteRune(rune(c))
		}
		s, cut := cutText(sb.String(), maxText)
		return s, "", cut || len(raw) > maxText
	}
	s, cut := cutText(string(raw), maxText)
	return s, "", cut
}

// isText reports whether b looks like text: valid UTF-8 without NUL bytes, and few control
// characters other than white space.
func isText(b []byte) bool {
	controls, runes := 0, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			// A multi-byte character cut at the end of the kept prefix is still text.
			return len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:])
		}
		switch {
		case r == 0:
			return false
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f:
			controls++
		}
		runes++
		i += n
	}
	return controls*10 <= runes
}

// isLatin1Text reports whether b is ISO-8859-1 text without control characters other than white space.
func isLatin1Text(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c >= 0x7f && c < 0xa0 {
			return false
		}
	}
	return true
}

// cutText returns s cut to at most n bytes at a character boundary, and whether it was cut.
func cutText(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}

// defaultHeaders are added by the requests library; Schemathesis leaves them out of its curl
// commands unless they differ from these values.
var defaultHeaders = map[string]string{
	"accept-encoding": "gzip, deflate",
	"accept":          "*/*",
	"connection":      "keep-alive",
}

// curl builds the curl command that repeats a recorded request, as Schemathesis prints it.
func curl(method string, req *itemRequest, maxText int) string {
	if method == "" || req.URI == "" {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("curl -X ")
	sb.WriteString(method)
	eachHeader(&req.Headers, func(k, v string) {
		lk := strings.ToLower(k)
		if lk == "x-schemathesis-testcaseid" || lk == "user-agent" || lk == "content-length" || defaultHeaders[lk] == v {
			return
		}
		hv := k + ": " + v
		if v == "" {
			hv = k + ";" // curl drops a header with an empty value otherwise
		}
		sb.WriteString(" -H ")
		sb.WriteString(shellQuote(hv))
	})
	if raw, _ := bodyBytes(req.Body); len(raw) > 0 {
		body, _ := cutText(strings.ToValidUTF8(string(raw), "\uFFFD"), maxText)
		sb.WriteString(" -d ")
		sb.WriteString(shellQuote(body))
	}
	sb.WriteByte(' ')
	sb.WriteString(shellQuote(req.URI))
	s, _ := cutText(sb.String(), maxText)
	return s
}

// shellQuote quotes s for a POSIX shell like Python's shlex.quote; text with control characters
// gets ANSI-C quoting ($'...') so that the command stays on one line.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe, printable := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			printable, safe = false, false
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("_@%+=:,./-", c) >= 0:
		default:
			safe = false
		}
	}
	if safe {
		return s
	}
	if printable {
		return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
	}
	var sb strings.Builder
	sb.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '\\', '\'':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&sb, `\x%02x`, c)
			} else {
				sb.WriteByte(c)
			}
		}
	}
	sb.WriteByte('\'')
	return sb.String()
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
