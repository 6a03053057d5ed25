// Package ndjson reads the event stream Schemathesis 4.x writes with `--report ndjson`: one JSON
// object per line, {"EventName": {...fields...}}, the first an `Initialize` record (command,
// version, seed) and then every engine event of the run. It emits the parser events the 4.x text log
// of the same run gives, so that classify builds the same runs, groups and integrity from either,
// plus what only the events carry: per-check totals (CheckTotal) and the phases' own counts.
package ndjson

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/parser"
)

// Events are the record names the NDJSON writer uses (the engine's and the CLI's event classes and
// the writer's own Initialize); a first line with one of them is an NDJSON event stream.
var Events = []string{
	"Initialize", "meta", "EngineStarted", "LoadingStarted", "LoadingFinished", "PhaseStarted", "PhaseFinished",
	"SchemaAnalysisWarnings", "SuiteStarted", "SuiteFinished", "ScenarioStarted", "ScenarioFinished",
	"Interrupted", "NonFatalError", "FatalError", "EngineFinished",
}

// maxPayload is the longest response body the 4.x CLI prints (output.truncation.max_payload_size).
const maxPayload = 512

// Parse reads an NDJSON event stream and streams parser events to h, then InputInfo. It decodes one
// line at a time, so memory is bounded by the longest line (opts.MaxLine, default
// parser.DefaultMaxLine); a longer line is skipped with a "too-large" warning. A line that is not
// JSON is a "json" warning, an event it does not know an "unknown-event" warning, a cut last line a
// "json" warning; the parse goes on after each. The error is non-nil only when r cannot be read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	if opts.MaxLine <= 0 {
		opts.MaxLine = parser.DefaultMaxLine
	}
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
	}
	br := bufio.NewReaderSize(r, 256<<10)
	p := &reader{h: h, opts: opts, seen: map[string]bool{}, errSeen: map[string]bool{}, opIndex: map[string]int{},
		checks: map[string]*parser.CheckTotal{}, byTitle: map[string]int{}, errByTitle: map[string]int{}}
	st := parser.Stats{Encoding: parser.EncodingUTF8}
	if head, _ := br.Peek(3); bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
		st.BOM, p.off = true, 3
	}
	var long []byte
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: gather it up to MaxLine, then skip the rest.
			long = append(long[:0], line...)
			cut := false
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				if !cut && len(long)+len(line) <= opts.MaxLine {
					long = append(long, line...)
				} else {
					if !cut {
						p.skipped = int64(len(long))
						long = long[:0]
					}
					cut = true
					p.skipped += int64(len(line))
				}
			}
			if cut {
				p.tooLong()
				continue
			}
			line = long
		}
		if len(line) > 0 {
			p.line(line, err != nil)
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return p.stats(st), fmt.Errorf("read %s:%d: %w", opts.Name, p.n+1, err)
			}
			break
		}
	}
	p.finish()
	st = p.stats(st)
	h.Handle(&parser.InputInfo{Span: parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM})
	return st, nil
}

// reader holds the state of one parse.
type reader struct {
	h    parser.Handler
	opts parser.Options
	off  int64 // offset of the next line
	n    int   // lines read
	sp   parser.Span

	skipped int64 // bytes of the over-long line being skipped

	started    bool
	ended      bool
	phase      *parser.Phase
	seen       map[string]bool // unique failures (operation, class, key), as Schemathesis's Statistic keeps them
	errSeen    map[string]bool // errors (operation, class), as the CLI lists them
	opIndex    map[string]int  // failures so far per operation
	checks     map[string]*parser.CheckTotal
	order      []string // check names in order of appearance
	byTitle    map[string]int
	titles     []string
	errBy      []string
	errCount   int
	errByTitle map[string]int
	unique     int
	warnings   int
}

func (p *reader) stats(st parser.Stats) parser.Stats {
	st.Bytes, st.Lines = p.off, p.n
	return st
}

// tooLong reports a line longer than MaxLine, which was skipped.
func (p *reader) tooLong() {
	p.n++
	p.sp = parser.Span{Offset: p.off, End: p.off + p.skipped, Line: p.n, EndLine: p.n}
	p.off += p.skipped
	p.diag("warning", "too-large", fmt.Sprintf("a line of %d bytes is longer than %d and was skipped: the event it holds is not counted", p.skipped, p.opts.MaxLine))
}

func (p *reader) diag(sev, code, msg string) {
	p.h.Handle(&parser.Diagnostic{Span: p.sp, Severity: sev, Code: code, Message: msg})
}

// line handles one line; last says it is the input's last and has no line break.
func (p *reader) line(b []byte, last bool) {
	p.n++
	p.sp = parser.Span{Offset: p.off, End: p.off + int64(len(b)), Line: p.n, EndLine: p.n}
	p.off += int64(len(b))
	b = bytes.TrimRight(b, "\r\n")
	if len(bytes.TrimSpace(b)) == 0 {
		return
	}
	var name, val []byte
	n := 0
	end, ok := eachKey(b, 0, func(k, v []byte) bool {
		n++
		name, val = k, v
		return false
	})
	if ok && skipWS(b, end) != len(b) {
		ok = false
	}
	if !ok || n != 1 || !p.lazy(name) && !json.Valid(val) {
		switch {
		case last:
			p.diag("warning", "json", "the last line is cut short (was the run interrupted?): "+clip(b))
		case ok && n != 1:
			p.diag("warning", "json", "not an event record ({\"Event\": {...}}): "+clip(b))
		default:
			p.diag("warning", "json", "not JSON: "+clip(b))
		}
		return
	}
	p.event(key(name), val)
}

// lazy reports the events whose values are checked by the structural scan alone, not validated
// as a whole before they are read: scenario results, most of whose bytes are never decoded.
func (p *reader) lazy(name []byte) bool { return string(name) == "ScenarioFinished" }

func clip(b []byte) string {
	const n = 80
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	i := n
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return strconv.Quote(string(b[:i])) + "…"
}

func (p *reader) event(name string, v []byte) {
	switch name {
	case "Initialize", "meta", "Meta":
		p.initialize(v)
	case "EngineStarted", "SuiteStarted", "SuiteFinished", "ScenarioStarted":
		p.start()
	case "LoadingStarted", "LoadingFinished":
		p.loading(v)
	case "PhaseStarted":
		p.phaseStarted(v)
	case "PhaseFinished":
		p.phaseFinished(v)
	case "SchemaAnalysisWarnings":
		p.analysisWarnings(v)
	case "ScenarioFinished":
		p.scenario(v)
	case "NonFatalError":
		p.nonFatal(v)
	case "Interrupted":
		p.start()
		p.h.Handle(&parser.Interrupted{Span: p.sp})
	case "FatalError":
		p.fatal(v)
	case "EngineFinished":
		p.engineFinished(v)
	default:
		p.start()
		p.diag("warning", "unknown-event", fmt.Sprintf("unknown event %q, not read", name))
	}
}

// start emits the RunStart once.
func (p *reader) start(version ...string) {
	if p.started {
		return
	}
	p.started = true
	rs := &parser.RunStart{Span: p.sp, Format: parser.FormatSchemathesis4}
	if len(version) > 0 {
		rs.Version = version[0]
		rs.Command = version[1]
	}
	p.h.Handle(rs)
}

func (p *reader) setting(key, value string) {
	if value != "" {
		p.h.Handle(&parser.Setting{Span: p.sp, Key: key, Value: value})
	}
}

func (p *reader) initialize(v []byte) {
	var in struct {
		Command string          `json:"command"`
		Version string          `json:"schemathesis_version"`
		V2      string          `json:"version"`
		Seed    json.RawMessage `json:"seed"`
	}
	_ = json.Unmarshal(v, &in)
	if in.Version == "" {
		in.Version = in.V2
	}
	if p.started {
		p.diag("warning", "unexpected-event", "a second Initialize record inside a run")
		return
	}
	p.start(in.Version, in.Command)
	p.setting("Seed", num(in.Seed))
}

func (p *reader) loading(v []byte) {
	p.start()
	var in struct {
		Location      string `json:"location"`
		BaseURL       string `json:"base_url"`
		Specification struct {
			Kind    string `json:"kind"`
			Version string `json:"version"`
		} `json:"specification"`
		Statistic struct {
			Operations struct {
				Total    int `json:"total"`
				Selected int `json:"selected"`
			} `json:"operations"`
		} `json:"statistic"`
	}
	if err := json.Unmarshal(v, &in); err != nil {
		return
	}
	p.setting("Schema location", in.Location)
	p.setting("Base URL", in.BaseURL)
	if s := in.Specification; s.Version != "" {
		kind := s.Kind
		switch strings.ToLower(kind) {
		case "openapi", "":
			kind = "Open API"
		case "graphql":
			kind = "GraphQL"
		}
		p.setting("Specification", kind+" "+s.Version)
	}
	if o := in.Statistic.Operations; o.Total > 0 {
		p.setting("Operations", fmt.Sprintf("%d selected / %d total", o.Selected, o.Total))
	}
}

type phaseRef struct {
	Name string `json:"name"`
}

// phaseName reads the phase of a phase event: {"name": "Examples", ...} or the bare name.
func phaseName(raw json.RawMessage) string {
	if len(raw) > 0 && raw[0] == '"' {
		return str(raw)
	}
	var ph phaseRef
	_ = json.Unmarshal(raw, &ph)
	return ph.Name
}

var shownPhases = map[string]bool{"Examples": true, "Coverage": true, "Fuzzing": true, "Stateful": true}

func (p *reader) phaseStarted(v []byte) {
	p.start()
	var in struct {
		Phase json.RawMessage `json:"phase"`
	}
	_ = json.Unmarshal(v, &in)
	if name := phaseName(in.Phase); shownPhases[name] {
		p.flushPhase()
		p.phase = &parser.Phase{Span: p.sp, Name: name, Status: "unknown"}
	}
}

func (p *reader) phaseFinished(v []byte) {
	p.start()
	var in struct {
		Phase  json.RawMessage `json:"phase"`
		Status string          `json:"status"`
	}
	_ = json.Unmarshal(v, &in)
	name := phaseName(in.Phase)
	if !shownPhases[name] {
		return
	}
	if p.phase == nil || p.phase.Name != name {
		p.flushPhase()
		p.phase = &parser.Phase{Span: p.sp, Name: name}
	}
	p.phase.Status = phaseStatus(in.Status)
	p.phase.End, p.phase.EndLine = p.sp.End, p.sp.EndLine
	p.flushPhase()
}

func phaseStatus(s string) string {
	switch s {
	case "success":
		return "passed"
	case "failure":
		return "failed"
	case "error":
		return "errored"
	case "skip":
		return "skipped"
	case "interrupted":
		return "interrupted"
	}
	return "unknown"
}

func (p *reader) flushPhase() {
	if p.phase != nil {
		p.h.Handle(p.phase)
		p.phase = nil
	}
}

func (p *reader) analysisWarnings(v []byte) {
	p.start()
	var in struct {
		Warnings []json.RawMessage `json:"warnings"`
	}
	_ = json.Unmarshal(v, &in)
	for _, w := range in.Warnings {
		var ww struct {
			Kind      string   `json:"kind"`
			Message   string   `json:"message"`
			Operation string   `json:"operation_label"`
			Ops       []string `json:"operations"`
		}
		text := ""
		if json.Unmarshal(w, &ww) == nil {
			text = ww.Message
			if text == "" {
				text = ww.Kind
			}
		}
		if text == "" {
			text = string(w)
		}
		ops := ww.Ops
		if ww.Operation != "" {
			ops = append(ops, ww.Operation)
		}
		p.warnings++
		p.h.Handle(&parser.Warning{Span: p.sp, Text: text, Operations: ops})
	}
}

func (p *reader) nonFatal(v []byte) {
	p.start()
	var in struct {
		Value struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"value"`
		Label string `json:"label"`
	}
	if err := json.Unmarshal(v, &in); err != nil {
		p.diag("warning", "json", "NonFatalError not read: "+err.Error())
		return
	}
	key := in.Label + "\x00" + in.Value.Type
	if p.errSeen[key] {
		return // the CLI lists an error once per operation and class
	}
	p.errSeen[key] = true
	title := errorTitle(in.Value.Type)
	msg := in.Value.Message
	if title == "Network Error" {
		msg = networkMessage(in.Value.Type, msg)
	}
	p.errCount++
	if p.errByTitle[title] == 0 {
		p.errBy = append(p.errBy, title)
	}
	p.errByTitle[title]++
	p.h.Handle(&parser.ErrorBlock{Span: p.sp, Operation: in.Label, Title: title, Message: capText(msg, p.opts.MaxText)})
}

func (p *reader) fatal(v []byte) {
	p.start()
	p.flushPhase()
	var in struct {
		Exception struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"exception"`
	}
	_ = json.Unmarshal(v, &in)
	msg := in.Exception.Type
	if in.Exception.Message != "" {
		msg += ": " + in.Exception.Message
	}
	p.h.Handle(&parser.ErrorBlock{Span: p.sp, Title: "Internal Error", Message: capText(msg, p.opts.MaxText), Fatal: true})
}

func (p *reader) engineFinished(v []byte) {
	p.start()
	p.flushPhase()
	var in struct {
		RunningTime float64 `json:"running_time"`
		StopReason  string  `json:"stop_reason"`
	}
	_ = json.Unmarshal(v, &in)
	p.checkTotals()
	for _, t := range p.titles {
		p.h.Handle(&parser.SummaryCount{Span: p.sp, Kind: "failure", Title: t, Count: p.byTitle[t]})
	}
	for _, t := range p.errBy {
		p.h.Handle(&parser.SummaryCount{Span: p.sp, Kind: "error", Title: t, Count: p.errByTitle[t]})
	}
	if in.StopReason != "" && in.StopReason != "completed" {
		p.h.Handle(&parser.SummaryNote{Span: p.sp, Kind: "stop-reason", Text: "Stop reason: " + in.StopReason})
	}
	end := &parser.RunEnd{Span: p.sp, Failed: p.unique, Errored: p.errCount, Warnings: p.warnings, Seconds: in.RunningTime}
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, one, many)))
			end.Has = append(end.Has, many)
		}
	}
	add(p.unique, "failure", "failures")
	add(p.errCount, "error", "errors")
	add(p.warnings, "warning", "warnings")
	if len(parts) == 0 {
		end.Text = fmt.Sprintf("No issues found in %.2fs", in.RunningTime)
	} else {
		end.Text = fmt.Sprintf("%s in %.2fs", strings.Join(parts, ", "), in.RunningTime)
	}
	p.h.Handle(end)
	p.ended = true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checkTotals emits the per-check totals once: at the run's end, or at the input's end without one.
func (p *reader) checkTotals() {
	for _, name := range p.order {
		c := p.checks[name]
		c.Span = p.sp
		c.Failed = c.Passed < c.Total
		p.h.Handle(c)
	}
	p.order = nil
}

// finish closes a run that has no EngineFinished (cut or killed): what it saw is reported, with
// no final line, as the text log of such a run has none.
func (p *reader) finish() {
	if !p.started || p.ended {
		return
	}
	p.flushPhase()
	p.checkTotals()
}

func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// reason is the status line's reason phrase as the CLI prints it (http.client.responses).
func reason(code int) string {
	if code == 422 {
		return "Unprocessable Entity"
	}
	if r := http.StatusText(code); r != "" {
		return r
	}
	return "Unknown"
}

// decodeBody turns a serialized response body ({"$base64": ...}) into what the CLI prints.
func decodeBody(raw json.RawMessage, f *parser.Failure, maxText int) {
	var b struct {
		B64 string `json:"$base64"`
	}
	var data []byte
	if len(raw) > 0 && raw[0] == '"' {
		data = []byte(str(raw))
	} else if json.Unmarshal(raw, &b) == nil {
		data, _ = base64.StdEncoding.DecodeString(b.B64)
	}
	if len(data) == 0 {
		f.BodyKind = "empty"
		return
	}
	if !utf8.Valid(data) {
		f.BodyKind = "binary"
		return
	}
	s := string(data)
	s = strings.TrimSuffix(s, "\r\n")
	if len(s) == len(data) {
		s = strings.TrimSuffix(s, "\n")
	}
	if utf8.RuneCountInString(s) > maxPayload {
		i, n := 0, 0
		for i = range s {
			if n == maxPayload {
				break
			}
			n++
		}
		s, f.BodyCut = s[:i], true
	}
	if len(s) > maxText {
		s, f.BodyElided = capText(s, maxText), true
	}
	f.Body = s
}
