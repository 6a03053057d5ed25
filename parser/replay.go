package parser

import (
	"bytes"
	"strconv"
	"strings"
)

// `st replay` (Schemathesis 4.22+) re-runs the failures saved as crash files and prints, without
// the `Schemathesis vX` banner of `st run`:
//
//	Replaying 3 cases from .schemathesis/default/cache/crashes
//
//	  x FAILED GET /users
//	  + FIXED  GET /ports
//	  ! ERROR  GET /gone
//
//	    operation not found in schema at step 1
//
//	==== FAILURES ====
//	____ GET /users ____
//	1. Test Case ID: …           (an ordinary 4.x failure block, ending in `st replay <id>`)
//
//	Removed 1 crash file (pass --keep to retain).
//
//	==== 1 fixed, 1 failed, 1 errored in 1.20s ====
//
// Mixed cases list their checks (`    + not_a_server_error`, `    ? name  passed 1 of 2 replays`).
// The first releases printed the rollup line as ` GET /a ..... ✗ FAILED  100ms`, with the check
// count in the header (`Replaying 1 case (2 failed checks) from …`) and the failures under their
// operation titles without a FAILURES rule; both layouts are read.

var replayingPrefix = []byte("Replaying ")

// replayHeader parses `Replaying N case(s) [(M failed checks)] from SOURCE`.
func replayHeader(t []byte) (cases int, source string, ok bool) {
	rest, found := bytes.CutPrefix(bytes.TrimSpace(t), replayingPrefix)
	if !found {
		return 0, "", false
	}
	s := string(rest)
	num, s, _ := strings.Cut(s, " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", false
	}
	switch {
	case strings.HasPrefix(s, "cases"):
		s = s[len("cases"):]
	case strings.HasPrefix(s, "case"):
		s = s[len("case"):]
	default:
		return 0, "", false
	}
	if strings.HasPrefix(s, " (") {
		i := strings.Index(s, ")")
		if i < 0 {
			return 0, "", false
		}
		s = s[i+1:]
	}
	src, found := strings.CutPrefix(s, " from ")
	if !found || src == "" {
		return 0, "", false
	}
	return n, src, true
}

// replayStatuses maps the badge labels of `st replay` to statuses.
var replayStatuses = map[string]string{"FIXED": "fixed", "FAILED": "failed", "FLAKY": "flaky", "ERROR": "errored", "CHANGED": "changed"}

// replayGlyphs are the badge glyphs: ASCII, and the UTF-8 ones of the first releases.
var replayGlyphs = map[string]bool{"+": true, "x": true, "!": true, "?": true, "~": true, "✓": true, "✗": true}

// replayRollup parses a case's rollup line: `  x FAILED GET /users` or, in the first releases,
// ` GET /users ........ ✗ FAILED      100ms`.
func replayRollup(t []byte) (status, op string, ok bool) {
	f := strings.Fields(string(t))
	if len(f) == 4 && replayGlyphs[f[0]] && replayStatuses[f[1]] != "" && looksLikeOperation([]byte(f[2]+" "+f[3])) {
		return replayStatuses[f[1]], f[2] + " " + f[3], true
	}
	if len(f) >= 5 && looksLikeOperation([]byte(f[0]+" "+f[1])) {
		i := 2
		if strings.Trim(f[i], ".") == "" {
			i++
		}
		if i+1 < len(f) && replayGlyphs[f[i]] && replayStatuses[f[i+1]] != "" {
			return replayStatuses[f[i+1]], f[0] + " " + f[1], true
		}
	}
	return "", "", false
}

// replayCheckRow parses `    x response_schema_conformance` or `    ! name  note`.
func replayCheckRow(t []byte) (ReplayCheck, bool) {
	s := strings.TrimSpace(string(t))
	glyph, rest, ok := strings.Cut(s, " ")
	if !ok || !replayGlyphs[glyph] {
		return ReplayCheck{}, false
	}
	name, note, _ := strings.Cut(rest, "  ")
	if name == "" || strings.ContainsAny(name, " \t") {
		return ReplayCheck{}, false
	}
	st := map[string]string{"+": "fixed", "✓": "fixed", "x": "failed", "✗": "failed", "?": "flaky", "!": "errored", "~": "changed"}[glyph]
	return ReplayCheck{Name: name, Status: st, Note: strings.TrimSpace(note)}, true
}

// startReplay opens a replay run at its `Replaying …` line.
func (p *textParser) startReplay(l *Line, cases int, source string) {
	p.flush()
	p.flushPreamble()
	p.flushTrailer()
	p.resetRun()
	p.format = FormatSchemathesis4
	p.replay = true
	p.h.Handle(&RunStart{Span: lineSpan(l), Format: FormatSchemathesis4, Kind: "replay"})
	p.h.Handle(&Setting{Span: lineSpan(l), Key: "Replay source", Value: source})
	p.h.Handle(&Setting{Span: lineSpan(l), Key: "Replayed cases", Value: strconv.Itoa(cases)})
	p.st = stReplaying
}

// replayLine reads a line of a replay run before its first section.
func (p *textParser) replayLine(l *Line) {
	t := l.Text
	if isBlank(t) {
		return
	}
	if p.replayNote(l) {
		return
	}
	if status, op, ok := replayRollup(t); ok {
		p.flushReplayCase()
		p.rcase = &ReplayCase{Span: lineSpan(l), Status: status, Operation: p.strs.get([]byte(op))}
		return
	}
	if title, ok := operationTitle(t); ok && t[0] == '_' {
		// The first releases print the failures under their operation titles without a FAILURES rule.
		p.flushReplayCase()
		p.st, p.sec = stSection, secFailures
		p.op, p.opFlaky = p.strs.get(operationLabel(title)), false
		p.boundary(l)
		return
	}
	s := strings.TrimSpace(string(t))
	if k, v, ok := strings.Cut(s, ": "); ok && k == "Base URL" && p.rcase == nil {
		p.h.Handle(&Setting{Span: lineSpan(l), Key: "Base URL", Value: strings.TrimSpace(v)})
		return
	}
	if c := p.rcase; c != nil {
		if indented(t) {
			if row, ok := replayCheckRow(t); ok {
				c.Checks = append(c.Checks, row)
			} else if c.Status == "errored" && c.Message == "" {
				c.Message = clip(s, p.opts.MaxText)
			} else {
				c.Message = clip(c.Message+"\n"+s, p.opts.MaxText)
			}
			c.extend(l)
			return
		}
		if name, ok := strings.CutPrefix(s, "- "); ok && !strings.Contains(name, " ") {
			// The first releases list a case's failed checks as `- name` under its rollup line.
			c.Checks = append(c.Checks, ReplayCheck{Name: name, Status: c.Status})
			c.extend(l)
			return
		}
		// The rest of such a block repeats the response and the reproduce commands.
		c.extend(l)
		return
	}
	p.diag(l, "warning", "unexpected-line", "unrecognized line in st replay output: "+clip(s, 120))
}

// replayNote reads the notices a replay prints before its final line: crash files removed, and
// crash files it could not read.
func (p *textParser) replayNote(l *Line) bool {
	t := l.Text
	if len(t) == 0 || t[0] != 'R' && t[0] != 'S' {
		return false
	}
	s := strings.TrimSpace(string(t))
	kind := ""
	switch {
	case strings.HasPrefix(s, "Removed ") && strings.Contains(s, " incompatible crash file"),
		strings.HasPrefix(s, "Skipped ") && strings.Contains(s, " incompatible crash file"):
		kind = "replay-incompatible"
	case strings.HasPrefix(s, "Removed ") && strings.Contains(s, " crash file"):
		kind = "replay-removed"
	default:
		return false
	}
	p.flushCase()
	p.flushReplayCase()
	p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: kind, Text: s})
	return true
}

func (p *textParser) flushReplayCase() {
	if p.rcase != nil {
		p.h.Handle(p.rcase)
		p.rcase = nil
	}
}

// parseFinalReplay parses a replay's final line: `1 fixed, 2 failed in 1.00s`,
// `1 failed, interrupted after 0.50s`, `in 0.01s`.
func parseFinalReplay(title string) (*RunEnd, bool) {
	interrupted := false
	counts := title
	if i := strings.Index(title, "interrupted after "); i >= 0 {
		interrupted = true
		counts = strings.TrimSuffix(strings.TrimSpace(title[:i]), ",")
		title = strings.TrimSpace(counts + " in " + title[i+len("interrupted after "):])
	}
	counts, end, ok := cutDuration(title)
	if !ok {
		return nil, false
	}
	if !eachCount(counts, func(word string, n int) bool {
		switch word {
		case "fixed":
			end.Fixed = n
		case "failed":
			end.Failed = n
		case "flaky":
			end.Flaky = n
		case "errored":
			end.Errored = n
		case "changed":
			end.Skipped = n // CHANGED, of the first releases: neither fixed nor failing
		default:
			return false
		}
		end.Has = append(end.Has, word)
		return true
	}) {
		return nil, false
	}
	if interrupted {
		end.Has = append(end.Has, "interrupted")
	}
	return end, true
}
