package parser

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// state is where the text parser is in a run.
type state int

const (
	stPreamble  state = iota // before any session header
	stFatal                  // a fatal error printed instead of a run
	stHeader                 // the session header's `Key: value` lines
	stProgress               // per-operation progress
	stSection                // inside a `==== TITLE ====` section
	stTrailer                // after a run's final line
	stCrash                  // after an internal error mid-run
	stPhases                 // 4.x: the loader table, capabilities and phase blocks
	stReplaying              // st replay: the rollup lines of the replayed cases
)

// section is the kind of report section being read.
type section int

const (
	secOther section = iota // free text: HYPOTHESIS OUTPUT, APPLICATION LOGS, ...
	secFailures
	secErrors
	secSummary
	secWarnings // 4.x WARNINGS
	secStateful // 4.x Stateful tests (data extraction failures)
)

// caseState is where a failure block is.
type caseState int

const (
	csChecks      caseState = iota // check titles and their messages
	csStatus                       // after `[status] Reason:`, before the body
	csBody                         // inside a multi-line body excerpt
	csAfterBody                    // the body's closing backtick was seen
	csReproduce                    // reproduce commands
	csLegacy                       // a 3.0–3.20 block, before its reproduce command
	csLegacyBody                   // inside a legacy multi-line `Response payload:`
	csLegacyRepro                  // a 3.0–3.20 block's reproduce command and trailer
)

// textParser is the state machine over normalized lines of Schemathesis CLI output.
type textParser struct {
	opts Options
	h    Handler

	st     state
	sec    section
	format Format

	preamble     Span
	preambleText strings.Builder
	trailer      Span
	trailerN     int

	// FAILURES
	op       string
	opFlaky  bool
	cur      *Failure
	cs       caseState
	quote    byte   // shell quote left open by the last reproduce command
	msg      []byte // message lines of the last check
	body     []byte // body excerpt lines
	bodyOpen bool   // body holds an excerpt not yet stored in cur
	cmd      []byte // the reproduce command being collected
	cmdOpen  bool
	text     []byte            // the texts kept for the open block (casetext.go)
	texts    []caseText        // which field each of them is
	slab     strings.Builder   // text slab the next blocks' texts go to
	failures []failureRoom     // failures not handed out yet
	recycle  <-chan []*Failure // failures the handler is done with, to reuse (Releaser); nil if none
	reuse    []*Failure        // failures to reuse, from recycle or from h itself
	releases bool              // h is a Releaser called on this goroutine: failures are reused once handled
	ownText  bool              // failures come back to be reused: each keeps its texts in its own buffer
	// onBoundary, when set, is called at each line that starts a failure block or an operation's
	// blocks, once the blocks before it were handed out (ParseSplit).
	onBoundary func(offset int64, line int, op string, opFlaky bool)

	// ERRORS and fatal errors
	errOp     string
	errCur    *ErrorBlock
	errMsg    strings.Builder
	errBlank  bool
	errFooter bool

	// SUMMARY
	sumMode string // "", "checks", "links", "warnings", "experimental", "github"

	stateful  bool
	strs      interner
	checks    map[string]Check // check titles seen, by title (checkOf)
	lastCheck Check            // the last of them
	lastWhy   string           // the last status reason interned

	// 4.x
	banner        *Line // a `Schemathesis vX` line waiting for its rule
	bannerVersion string
	phase         *Phase
	capabilities  bool
	warn          *Warning
	statefulTitle string
	kind          string // the RunKind reported for the run, if any

	// st replay
	replay bool        // the run is `st replay` output
	rcase  *ReplayCase // the case whose rollup line was read last
}

func newTextParser(opts Options, h Handler) *textParser {
	_, releases := h.(Releaser)
	recycle := recycled(h)
	return &textParser{opts: opts, h: h, format: FormatSchemathesis3, recycle: recycle, releases: releases,
		ownText: releases || recycle != nil}
}

// boundary tells onBoundary that l starts a failure block or an operation's blocks.
func (p *textParser) boundary(l *Line) {
	if p.onBoundary != nil {
		p.onBoundary(l.Offset, l.Number, p.op, p.opFlaky) // not l itself, which would escape
	}
}

func (p *textParser) diag(l *Line, sev, code, msg string) {
	p.h.Handle(&Diagnostic{Span: lineSpan(l), Severity: sev, Code: code, Message: msg})
}

// failureOnly reports whether line would only hand t to failureLine: the bulk of a big log.
func (p *textParser) failureOnly(t []byte) bool {
	return p.sec == secFailures && p.st == stSection && p.banner == nil && (len(t) == 0 || !ruleByte[t[0]] || indented(t))
}

// ruleByte marks the first bytes of lines that line checks for rules and crashes in every state.
var ruleByte = [256]bool{'=': true, ' ': true, '!': true, 'I': true, 'T': true}

// line consumes one normalized line.
func (p *textParser) line(l *Line) {
	t := l.Text
	if p.failureOnly(t) {
		p.failureLine(l)
		return
	}
	if len(t) > 0 {
		switch t[0] {
		case '=':
			if p.st != stPreamble && p.st != stFatal && p.st != stTrailer && p.st != stCrash || isSessionRule(t) {
				if p.rule(l) {
					return
				}
			}
		case ' ':
			if t[len(t)-1] == '=' && !indented(t) && p.st >= stHeader && p.st != stTrailer && p.st != stCrash {
				if p.rule(l) {
					return
				}
			}
		case '!':
			if p.st == stProgress || p.st == stSection || p.st == stHeader {
				if title, ok := ruleTitle(t, '!'); ok && title == "KeyboardInterrupt" {
					p.flush()
					p.h.Handle(&Interrupted{Span: lineSpan(l)})
					p.st, p.sec = stSection, secOther
					return
				}
			}
		case 'I', 'T', 'C':
			// 'C' is not a ruleByte: a custom handler's error aborts before the FAILURES section
			// is printed, so failure lines starting with 'C' are not checked for it.
			if p.st >= stHeader && p.st != stCrash && p.st != stTrailer {
				if s := string(bytes.TrimSpace(t)); s == "Internal Error" || s == "Test Execution Error" || s == "CLI Handler Error" {
					p.flush()
					p.startFatal(l, s, stCrash)
					return
				}
			}
		}
	}
	if p.banner != nil {
		banner := p.banner
		p.banner = nil
		if isHeavyRule(t) {
			p.startRun4(banner, l)
			return
		}
		p.line(banner) // not a banner after all
	}
	if (p.st == stPreamble || p.st == stTrailer || p.st == stFatal) && len(t) > 20 && t[0] == 'R' {
		if n, src, ok := replayHeader(t); ok {
			p.startReplay(l, n, src)
			return
		}
	}
	if (p.st == stPreamble || p.st == stTrailer || p.st == stFatal) && len(t) > 13 && t[0] == 'S' {
		if v, ok := isV4Banner(t); ok {
			b := *l
			b.Text = append([]byte(nil), t...)
			p.banner, p.bannerVersion = &b, v
			return
		}
	}
	switch p.st {
	case stPhases:
		p.phasesLine(l)
	case stReplaying:
		p.replayLine(l)
	case stPreamble:
		p.preambleLine(l)
	case stFatal, stCrash:
		p.fatalLine(l)
	case stHeader:
		p.headerLine(l)
	case stProgress:
		p.progressLine(l)
	case stSection:
		switch p.sec {
		case secFailures:
			p.failureLine(l)
		case secErrors:
			p.errorLine(l)
		case secSummary:
			if p.format == FormatSchemathesis4 {
				p.summary4Line(l)
			} else {
				p.summaryLine(l)
			}
		case secWarnings:
			p.warningLine(l)
		case secStateful:
			p.statefulLine(l)
		}
	case stTrailer:
		p.trailer.extend(l)
		p.trailerN++
	}
}

// finish flushes whatever block is open at the end of the input.
func (p *textParser) finish() {
	if p.banner != nil {
		b := p.banner
		p.banner = nil
		p.line(b)
	}
	p.flush()
	p.flushPreamble()
	p.flushTrailer()
}

// flush emits the open failure or error block.
func (p *textParser) flush() {
	p.flushReplayCase()
	p.flushCase()
	p.flushError()
	p.flushPhase()
	p.flushWarning()
}

// startRun4 opens a 4.x run at its banner line.
func (p *textParser) startRun4(banner, rule *Line) {
	p.flush()
	p.flushPreamble()
	p.flushTrailer()
	p.resetRun()
	p.format = FormatSchemathesis4
	span := lineSpan(banner)
	span.End, span.EndLine = rule.End, rule.Number
	p.h.Handle(&RunStart{Span: span, Format: FormatSchemathesis4, Version: p.bannerVersion})
	p.st = stPhases
}

// isSessionRule reports whether t is the 3.x session header rule.
func isSessionRule(t []byte) bool {
	title, ok := ruleTitle(t, '=')
	return ok && title == "Schemathesis test session starts"
}

// ruleTitle extracts TITLE from `=== TITLE ===` (the fill may be missing on one side when the
// title is wide).
func ruleTitle(t []byte, fill byte) (string, bool) {
	b, ok := ruleTitleBytes(t, fill)
	return string(b), ok
}

// ruleTitleBytes is ruleTitle without the allocation.
func ruleTitleBytes(t []byte, fill byte) ([]byte, bool) {
	i := 0
	for i < len(t) && t[i] == fill {
		i++
	}
	j := len(t)
	for j > i && t[j-1] == fill {
		j--
	}
	if i == 0 && j == len(t) {
		return nil, false
	}
	inner := t[i:j]
	// The title is padded with one space on each side; a side without fill may have lost its space
	// to right-stripping.
	if len(inner) < 3 || inner[0] != ' ' || j < len(t) && inner[len(inner)-1] != ' ' {
		return nil, false
	}
	title := bytes.TrimSpace(inner)
	if len(title) == 0 {
		return nil, false
	}
	// A title too wide for the terminal gets one fill character or none on a side; a short line
	// with so little fill is text, not a rule.
	if i < 3 && len(t)-j < 3 && len(t) < 70 {
		return nil, false
	}
	return title, true
}

// rule handles a `==== X ====` line; it reports false when the line is not a rule.
func (p *textParser) rule(l *Line) bool {
	title, ok := ruleTitle(l.Text, '=')
	if !ok {
		return false
	}
	if title == "Schemathesis test session starts" {
		p.flush()
		p.flushPreamble()
		p.flushTrailer()
		p.resetRun()
		p.format = FormatSchemathesis3
		p.h.Handle(&RunStart{Span: lineSpan(l), Format: FormatSchemathesis3})
		p.st = stHeader
		return true
	}
	if p.st == stPreamble || p.st == stFatal || p.st == stTrailer || p.st == stCrash {
		return false
	}
	final := parseFinal
	if p.format == FormatSchemathesis4 {
		final = parseFinal4
	}
	if p.replay {
		final = parseFinalReplay
	}
	if end, ok := final(title); ok {
		p.flush()
		if p.replay && slices.Contains(end.Has, "interrupted") {
			p.h.Handle(&Interrupted{Span: lineSpan(l)})
		}
		end.Span = lineSpan(l)
		end.Text = title
		p.h.Handle(end)
		p.st = stTrailer
		return true
	}
	if !knownSections[title] && p.st == stSection && p.sec == secOther {
		return false // a rule-like line inside free text such as APPLICATION LOGS
	}
	p.flush()
	p.h.Handle(&Section{Span: lineSpan(l), Title: title})
	p.st = stSection
	p.sumMode = ""
	switch title {
	case "FAILURES":
		p.sec = secFailures
		p.op, p.opFlaky = "", false
	case "ERRORS":
		p.sec = secErrors
		p.errOp, p.errFooter = "", false
	case "SUMMARY":
		p.sec = secSummary
	case "WARNINGS":
		p.sec = secWarnings
	case "Stateful tests":
		p.sec, p.statefulTitle = secStateful, "Stateful tests"
	default:
		p.sec = secOther
	}
	return true
}

func (p *textParser) resetRun() {
	p.sec, p.op, p.opFlaky, p.cur = secOther, "", false, nil
	p.text, p.texts = p.text[:0], p.texts[:0]
	p.errOp, p.errCur, p.errFooter = "", nil, false
	p.sumMode, p.stateful = "", false
	p.phase, p.capabilities, p.warn = nil, false, nil
	p.replay, p.rcase = false, nil
	p.kind = ""
}

// knownSections are the section titles Schemathesis prints.
var knownSections = map[string]bool{
	"HYPOTHESIS OUTPUT": true, "ERRORS": true, "FAILURES": true, "APPLICATION LOGS": true,
	"SCHEMA ANALYSIS": true, "SUMMARY": true, "WARNINGS": true, "Stateful tests": true,
}

// cutDuration splits a final line's title, `COUNTS in 1.23s`, into its counts and a RunEnd holding
// the seconds; the counts are empty when the title is only `in 1.23s`.
func cutDuration(title string) (string, *RunEnd, bool) {
	counts, secs, ok := strings.Cut(title, " in ")
	if rest, found := strings.CutPrefix(title, "in "); found {
		counts, secs, ok = "", rest, true // every count was zero or removed
	}
	if !ok || !strings.HasSuffix(secs, "s") {
		return "", nil, false
	}
	seconds, err := strconv.ParseFloat(strings.TrimSuffix(secs, "s"), 64)
	if err != nil {
		return "", nil, false
	}
	return counts, &RunEnd{Seconds: seconds}, true
}

// parseFinal parses a final line's title such as `365 passed, 27 failed in 78.72s`.
func parseFinal(title string) (*RunEnd, bool) {
	if title == "Empty test suite" {
		return &RunEnd{Empty: true}, true
	}
	counts, end, ok := cutDuration(title)
	if !ok {
		return nil, false
	}
	ok = eachCount(counts, func(word string, n int) bool {
		switch word {
		case "passed":
			end.Passed = n
		case "failed":
			end.Failed = n
		case "errored":
			end.Errored = n
		case "skipped":
			end.Skipped = n
		default:
			return false
		}
		end.Has = append(end.Has, word)
		return true
	})
	if !ok {
		return nil, false
	}
	return end, true
}

// eachCount calls set with each `N word` part of a final line's comma-separated counts; it
// reports false as soon as a part is not one, or set refuses its word.
func eachCount(counts string, set func(word string, n int) bool) bool {
	for part := range strings.SplitSeq(counts, ", ") {
		if part == "" {
			continue
		}
		num, word, ok := strings.Cut(part, " ")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || !set(word, n) {
			return false
		}
	}
	return true
}

// fatalTitles are first lines of errors Schemathesis prints instead of (or in the middle of) a run.
var fatalTitles = map[string]bool{
	"Unable to load Schemathesis extension hooks": true,
	"Schema Loading Error":                        true,
	"Failed to load schema":                       true,
	"Test Execution Error":                        true,
	"Internal Error":                              true,
	"CLI Handler Error":                           true, // a custom CLI handler (extension) raised
}

func (p *textParser) preambleLine(l *Line) {
	t := bytes.TrimSpace(l.Text)
	if fatalTitles[string(t)] {
		p.flushPreamble()
		p.startFatal(l, string(t), stFatal)
		return
	}
	if bytes.HasPrefix(t, []byte("Error: ")) && p.preambleText.Len() > 0 && strings.Contains(p.preambleText.String(), "Usage: ") {
		p.flushPreamble()
		p.startFatal(l, "Usage Error", stFatal)
		p.appendErr(t)
		return
	}
	p.preamble.extend(l)
	if room := p.opts.MaxText - p.preambleText.Len(); room > 0 {
		p.preambleText.Write(l.Text[:min(len(l.Text), room)])
		p.preambleText.WriteByte('\n')
	}
}

func (p *textParser) flushPreamble() {
	if p.preamble.Line == 0 {
		return
	}
	text := strings.TrimRight(p.preambleText.String(), "\n")
	if strings.TrimSpace(text) != "" {
		p.h.Handle(&Preamble{Span: p.preamble, Text: text})
	}
	p.preamble = Span{}
	p.preambleText.Reset()
}

func (p *textParser) flushTrailer() {
	if p.trailer.Line == 0 {
		return
	}
	p.h.Handle(&Trailer{Span: p.trailer, Lines: p.trailerN})
	p.trailer, p.trailerN = Span{}, 0
}

func (p *textParser) startFatal(l *Line, title string, st state) {
	p.flushError()
	p.errCur = &ErrorBlock{Span: lineSpan(l), Title: title, Fatal: true}
	p.errMsg.Reset()
	p.st = st
}

func (p *textParser) fatalLine(l *Line) {
	if p.errCur == nil {
		p.preambleLine(l)
		return
	}
	if len(bytes.TrimSpace(l.Text)) == 0 {
		if p.errMsg.Len() > 0 && p.errMsg.Len() < p.opts.MaxText {
			p.errMsg.WriteByte('\n')
		}
		return
	}
	p.errCur.extend(l)
	if p.errCur.Title == "Usage Error" && bytes.HasPrefix(l.Text, []byte("Error: ")) {
		p.errMsg.Reset() // click's message; the usage lines before it are not
	}
	p.appendErr(l.Text)
}

func (p *textParser) appendErr(t []byte) {
	if p.errMsg.Len() >= p.opts.MaxText {
		return
	}
	if p.errMsg.Len() > 0 && !strings.HasSuffix(p.errMsg.String(), "\n") {
		p.errMsg.WriteByte('\n')
	}
	p.errMsg.Write(t[:min(len(t), p.opts.MaxText-p.errMsg.Len())])
}

func (p *textParser) flushError() {
	if p.errCur == nil {
		return
	}
	p.errCur.Message = strings.TrimSpace(p.errMsg.String())
	p.h.Handle(p.errCur)
	p.errCur = nil
	p.errMsg.Reset()
}

// headerLine reads one `Key: value` line of the session header.
func (p *textParser) headerLine(l *Line) {
	t := l.Text
	if len(bytes.TrimSpace(t)) == 0 {
		p.st = stProgress
		return
	}
	if p.isProgress(t) {
		p.st = stProgress
		p.progressLine(l)
		return
	}
	s := string(t)
	if k, v, ok := strings.Cut(s, ": "); ok && !strings.HasPrefix(k, " ") {
		p.h.Handle(&Setting{Span: lineSpan(l), Key: k, Value: strings.TrimSpace(v)})
		return
	}
	if k, ok := strings.CutSuffix(s, ":"); ok {
		p.h.Handle(&Setting{Span: lineSpan(l), Key: k})
		return
	}
	if rest, ok := strings.CutPrefix(s, "platform "); ok {
		p.h.Handle(&Setting{Span: lineSpan(l), Key: "platform", Value: rest})
		return
	}
	if strings.HasPrefix(s, "hypothesis profile ") {
		p.h.Handle(&Setting{Span: lineSpan(l), Key: "hypothesis profile", Value: strings.TrimPrefix(s, "hypothesis profile ")})
		return
	}
	// Extension initialization lines (ctx.add_initialization_line) have no fixed shape.
	p.h.Handle(&Setting{Span: lineSpan(l), Value: s})
}

// isProgress reports whether t looks like a progress line.
func (p *textParser) isProgress(t []byte) bool {
	return bytes.HasSuffix(t, []byte("%]")) || isSymbolLine(t)
}

func isSymbolLine(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	for _, c := range t {
		switch c {
		case '.', 'F', 'E', 'S', '?':
		default:
			return false
		}
	}
	return true
}

// progressLine reads per-operation progress.
func (p *textParser) progressLine(l *Line) {
	t := l.Text
	if len(t) == 0 {
		return
	}
	if isSymbolLine(t) {
		pl := &ProgressLine{Span: lineSpan(l), Stateful: p.stateful}
		for _, c := range t {
			switch c {
			case '.':
				pl.Passed++
			case 'F':
				pl.Failed++
			case 'E':
				pl.Errored++
			case 'S':
				pl.Skipped++
			default:
				pl.Unknown++
			}
		}
		p.h.Handle(pl)
		return
	}
	if string(t) == "Stateful tests" {
		p.stateful = true
		return
	}
	if bytes.HasSuffix(t, []byte("%]")) {
		if pr, ok := p.parseProgress(t); ok {
			pr.Span = lineSpan(l)
			p.h.Handle(pr)
			return
		}
	}
	if label := bytes.TrimRight(t, " "); len(label) < len(t) && looksLikeOperation(label) {
		// The label is printed when an operation starts; an interrupted run leaves it without a result.
		p.h.Handle(&Progress{Span: lineSpan(l), Label: p.strs.get(label)})
		return
	}
	p.diag(l, "warning", "progress-noise", "unrecognized line among the progress lines: "+clip(string(t), 120))
}

// looksLikeOperation reports whether t is `METHOD /path`.
func looksLikeOperation(t []byte) bool {
	sp := bytes.IndexByte(t, ' ')
	if sp < 3 || sp > 7 || sp+1 >= len(t) || t[sp+1] != '/' {
		return false
	}
	for _, c := range t[:sp] {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// parseProgress parses `{label} {symbol}{spaces}[ NN%]`.
func (p *textParser) parseProgress(t []byte) (*Progress, bool) {
	open := bytes.LastIndexByte(t, '[')
	if open < 3 {
		return nil, false
	}
	pct := bytes.TrimSpace(t[open+1 : len(t)-2])
	if len(pct) == 0 || len(pct) > 3 {
		return nil, false
	}
	for _, c := range pct {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	head := bytes.TrimRight(t[:open], " ")
	if len(head) < 2 || head[len(head)-2] != ' ' {
		return nil, false
	}
	sym := head[len(head)-1]
	switch sym {
	case '.', 'F', 'E', 'S':
	default:
		return nil, false
	}
	label := head[:len(head)-2]
	pr := &Progress{Symbol: sym}
	if rest, ok := bytes.CutPrefix(label, []byte("    -> ")); ok {
		label, pr.Stateful = rest, true
	}
	if l, ok := bytes.CutSuffix(label, []byte("[...]")); ok {
		label, pr.Truncated = l, true
	}
	pr.Label = p.strs.get(label)
	return pr, true
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
