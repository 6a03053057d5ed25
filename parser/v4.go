package parser

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isV4Banner reports whether t is the first line of a 4.x run: `Schemathesis v4.2.1` or
// `Schemathesis dev`.
func isV4Banner(t []byte) (version string, ok bool) {
	rest, found := bytes.CutPrefix(bytes.TrimSpace(t), []byte("Schemathesis "))
	if !found || len(rest) == 0 || bytes.IndexByte(rest, ' ') >= 0 {
		return "", false
	}
	if string(rest) == "dev" {
		return "dev", true
	}
	if rest[0] == 'v' && len(rest) > 1 && rest[1] >= '1' && rest[1] <= '9' {
		return string(rest[1:]), true
	}
	return "", false
}

// isHeavyRule reports whether t is the `━━━━` (or `----` without UTF-8 output) line under the banner.
func isHeavyRule(t []byte) bool {
	t = bytes.TrimSpace(t)
	if len(t) < 4 {
		return false
	}
	for _, r := range string(t) {
		if r != '━' && r != '-' {
			return false
		}
	}
	return true
}

// phaseNames are the 4.x phases.
var phaseNames = map[string]bool{"Examples": true, "Coverage": true, "Fuzzing": true, "Stateful": true}

// splitIcon splits ` ✅  Loaded specification …` into its status icon and the text after it.
func splitIcon(t []byte) (icon string, rest string, ok bool) {
	s := strings.TrimLeft(string(t), " ")
	r, size := utf8.DecodeRuneInString(s)
	if r < 0x2000 || r == utf8.RuneError {
		return "", "", false
	}
	i := size
	for i < len(s) {
		r2, n := utf8.DecodeRuneInString(s[i:])
		if r2 != 0xFE0F && r2 != 0x200D && !unicode.Is(unicode.Mn, r2) {
			break
		}
		i += n
	}
	return s[:i], strings.TrimSpace(s[i:]), true
}

// iconStatus maps a 4.x status icon to a word.
func iconStatus(icon string) string {
	switch strings.TrimRight(icon, "\uFE0F") {
	case "✅":
		return "passed"
	case "❌":
		return "failed"
	case "🚫":
		return "errored"
	case "⏭":
		return "skipped"
	case "⚡":
		return "interrupted"
	}
	return "unknown"
}

// isRedraw reports whether t is a transient rich Live frame (spinner, clock, progress bar) that a
// --force-color run leaves in the log.
func isRedraw(t []byte) bool {
	s := strings.TrimSpace(string(t))
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r >= 0x1F550 && r <= 0x1F567: // clock faces
		return true
	case r >= 0x2800 && r <= 0x28FF: // braille spinners
		return true
	case strings.HasPrefix(s, "0:0") || strings.Contains(s, "━━") && strings.Contains(s, "%"):
		return true
	}
	return false
}

// phasesLine reads a line of the 4.x header and phase blocks, before the first section.
func (p *textParser) phasesLine(l *Line) {
	t := l.Text
	if isBlank(t) || isRedraw(t) {
		return
	}
	if !indented(t) {
		if icon, rest, ok := splitIcon(t); ok {
			p.phaseHeader(l, icon, rest)
			return
		}
	}
	s := strings.TrimSpace(string(t))
	if !indented(t) && p.phase == nil && (strings.HasPrefix(s, "Usage: ") || strings.HasPrefix(s, "Error: ")) {
		// A click usage error printed after the banner (a bad option value the command checks
		// itself): the run stops before any test.
		p.startFatal(l, "Usage Error", stFatal)
		p.appendErr(t)
		return
	}
	if p.phase != nil && indented(t) {
		if p.phase.Name == "Fuzzing" {
			if n, ok := fuzzCounts(p.phase, s); ok {
				p.phase.Scenarios = n
				p.phase.End, p.phase.EndLine = l.End, l.Number
				p.runKind(l, "fuzz")
				return
			}
		}
		if counts, ok := phaseCounts(s); ok {
			p.phase.Passed, p.phase.Failed, p.phase.Errored, p.phase.Skipped = counts[0], counts[1], counts[2], counts[3]
			p.phase.End, p.phase.EndLine = l.End, l.Number
			return
		}
		if s == "No tests were run" {
			return
		}
	}
	if k, v, ok := strings.Cut(s, ":"); ok && indented(t) {
		key := k
		if p.phase != nil {
			key = p.phase.Name + " " + k
		} else if p.capabilities {
			key = "capability: " + k
		}
		p.h.Handle(&Setting{Span: lineSpan(l), Key: key, Value: strings.TrimSpace(v)})
		return
	}
	// Extension initialization lines have no fixed shape.
	p.h.Handle(&Setting{Span: lineSpan(l), Value: s})
}

func (p *textParser) phaseHeader(l *Line, icon, rest string) {
	p.flushPhase()
	p.capabilities = false
	name, _, _ := strings.Cut(rest, " (")
	switch {
	case phaseNames[name]:
		st := iconStatus(icon)
		if strings.Contains(rest, "(interrupted") {
			st = "interrupted"
		}
		p.phase = &Phase{Span: lineSpan(l), Name: name, Status: st}
	case strings.HasPrefix(rest, "Loaded specification from "):
		loc := strings.TrimPrefix(rest, "Loaded specification from ")
		if i := strings.LastIndex(loc, " (in "); i > 0 {
			loc = loc[:i]
		}
		p.h.Handle(&Setting{Span: lineSpan(l), Key: "Schema location", Value: loc})
	case strings.HasPrefix(rest, "Failed to load specification"), strings.HasPrefix(rest, "Failed to load configuration"):
		p.startFatal(l, rest, stFatal)
	case strings.HasPrefix(rest, "Loading interrupted after "):
		// Ctrl-C while the schema loaded: nothing else is printed, the run never began.
		p.h.Handle(&Interrupted{Span: lineSpan(l), Stage: "loading"})
		if _, loc, ok := strings.Cut(rest, " while loading from "); ok {
			p.h.Handle(&Setting{Span: lineSpan(l), Key: "Schema location", Value: loc})
		}
	case strings.HasPrefix(rest, "API capabilities"):
		p.capabilities = true
	case strings.HasPrefix(rest, "API probing interrupted after "):
		p.h.Handle(&Interrupted{Span: lineSpan(l), Stage: "probing"})
		p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: "notice", Text: rest})
	case strings.HasPrefix(rest, "API probing"), strings.HasPrefix(rest, "Rate limited"):
		p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: "notice", Text: rest})
	default:
		p.h.Handle(&Setting{Span: lineSpan(l), Value: strings.TrimSpace(string(l.Text))})
	}
}

// fuzzCounts reads the line under an `st fuzz` Fuzzing block into ph: `✅ 1200 scenarios  ❌ 2
// unique failures  🚫 1 error` (the first releases) or `1200 test cases, 2 unique failures, 1 error`
// / `…, no issues found` (later ones). It returns the scenario or test-case count.
func fuzzCounts(ph *Phase, s string) (int, bool) {
	f := strings.Fields(strings.ReplaceAll(s, ",", ""))
	total, found := 0, false
	for i := 0; i+1 < len(f); i++ {
		n, err := strconv.Atoi(f[i])
		if err != nil {
			continue
		}
		switch f[i+1] {
		case "scenarios", "scenario", "test":
			if f[i+1] != "test" || i+2 < len(f) && strings.HasPrefix(f[i+2], "case") {
				total, found = n, true
			}
		case "unique":
			ph.Failed = n
		case "error", "errors":
			ph.Errored = n
		}
	}
	return total, found
}

// runKind reports once per run which command printed it.
func (p *textParser) runKind(l *Line, kind string) {
	if p.kind != kind {
		p.kind = kind
		p.h.Handle(&RunKind{Span: lineSpan(l), Kind: kind})
	}
}

func (p *textParser) flushPhase() {
	if p.phase != nil {
		p.h.Handle(p.phase)
		p.phase = nil
	}
}

// phaseCounts parses `✅ 2 passed  ❌ 1 failed  🚫 1 error  ⏭  1 skipped` into passed, failed,
// errored and skipped.
func phaseCounts(s string) ([4]int, bool) {
	var c [4]int
	f := strings.Fields(s)
	found := false
	for i := 0; i+1 < len(f); i++ {
		n, err := strconv.Atoi(f[i])
		if err != nil {
			if f[i] == "N" { // normalized snapshots
				n = 0
			} else {
				continue
			}
		}
		idx := -1
		switch strings.TrimRight(f[i+1], ",") {
		case "passed":
			idx = 0
		case "failed":
			idx = 1
		case "error", "errors":
			idx = 2
		case "skipped":
			idx = 3
		}
		if idx >= 0 {
			c[idx] = n
			found = true
			i++
		}
	}
	return c, found
}

// parseFinal4 parses a 4.x final line's title: `2 failures, 1 error, 1 warning in 3.21s` or
// `No issues found in 3.21s`.
func parseFinal4(title string) (*RunEnd, bool) {
	if title == "Empty test suite" {
		return &RunEnd{Empty: true}, true
	}
	counts, end, ok := cutDuration(title)
	if !ok {
		return nil, false
	}
	if counts == "No issues found" {
		return end, true
	}
	for part := range strings.SplitSeq(counts, ", ") {
		num, word, ok := strings.Cut(part, " ")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, false
		}
		switch word {
		case "failure", "failures":
			end.Failed = n
			end.Has = append(end.Has, "failures")
		case "error", "errors":
			end.Errored = n
			end.Has = append(end.Has, "errors")
		case "warning", "warnings":
			end.Warnings = n
			end.Has = append(end.Has, "warnings")
		default:
			return nil, false
		}
	}
	return end, true
}

// warningLine reads one line of the 4.x WARNINGS section.
func (p *textParser) warningLine(l *Line) {
	t := l.Text
	if isBlank(t) {
		return
	}
	s := string(t)
	trimmed := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "  - ") && p.warn != nil:
		p.warn.Operations = append(p.warn.Operations, p.strs.get(bytes.TrimSpace(t[4:])))
		p.warn.End, p.warn.EndLine = l.End, l.Number
	case strings.HasPrefix(trimmed, "💡") && p.warn != nil:
		p.warn.Tip = strings.TrimSpace(strings.TrimPrefix(trimmed, "💡"))
		p.warn.End, p.warn.EndLine = l.End, l.Number
	case p.warn != nil && strings.HasSuffix(s, "):") && !strings.HasPrefix(s, " "):
		// A subgroup such as `401 Unauthorized (2 operations):`.
		p.warn.End, p.warn.EndLine = l.End, l.Number
	case p.warn != nil && strings.HasPrefix(s, "  ") && !strings.HasPrefix(trimmed, "- "):
		// A detail line: under an operation (`    No value can be generated for …`, 4.25, or an
		// unresolvable reference) or on its own (`  'ApiKeyHeadr' - Did you mean …`).
		if len(p.warn.Details) < maxWarningDetails {
			p.warn.Details = append(p.warn.Details, clip(trimmed, p.opts.MaxText))
		}
		p.warn.End, p.warn.EndLine = l.End, l.Number
	case !strings.HasPrefix(s, " ") && strings.Contains(s, ": "):
		p.flushWarning()
		p.warn = &Warning{Span: lineSpan(l), Text: s}
	default:
		p.diag(l, "warning", "unexpected-line", "unrecognized line in WARNINGS: "+clip(s, 120))
	}
}

// maxWarningDetails bounds the detail lines kept for one warning.
const maxWarningDetails = 100

func (p *textParser) flushWarning() {
	if p.warn != nil {
		p.h.Handle(p.warn)
		p.warn = nil
	}
}

// statefulLine reads the 4.x `Stateful tests` section: data extraction failures, which are
// warnings about links rather than failures.
func (p *textParser) statefulLine(l *Line) {
	t := l.Text
	if isBlank(t) {
		return
	}
	s := strings.TrimSpace(string(t))
	if n, _, ok := numbered([]byte(s)); ok && n > 0 && strings.Contains(s, "Test Case ID:") {
		p.flushWarning()
		p.warn = &Warning{Span: lineSpan(l), Text: p.statefulTitle + " (" + s[strings.Index(s, "Test Case ID:"):] + ")"}
		return
	}
	if !indented(t) && strings.HasSuffix(s, ":") {
		p.flushWarning()
		p.statefulTitle = strings.TrimSuffix(s, ":")
		return
	}
	if p.warn != nil {
		if len(p.warn.Operations) == 0 && strings.Contains(s, " -> ") {
			p.warn.Operations = append(p.warn.Operations, s)
		}
		p.warn.End, p.warn.EndLine = l.End, l.Number
		return
	}
	p.diag(l, "warning", "unexpected-line", "unrecognized line in Stateful tests: "+clip(s, 120))
}

// summary4Line reads one line of a 4.x SUMMARY.
func (p *textParser) summary4Line(l *Line) {
	t := l.Text
	if isBlank(t) {
		p.sumMode = ""
		return
	}
	s := string(t)
	note := func(kind string) {
		p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: kind, Text: strings.TrimSpace(s)})
	}
	if !strings.HasPrefix(s, " ") {
		switch {
		case strings.HasSuffix(s, ":"):
			p.sumMode = strings.TrimSuffix(s, ":")
			if p.sumMode == "Fuzzing" { // `st fuzz`: Stopped, Duration, Test cases, Avg throughput
				p.runKind(l, "fuzz")
			}
			return
		case strings.HasPrefix(s, "Seed: "):
			p.h.Handle(&Setting{Span: lineSpan(l), Key: "Seed", Value: strings.TrimPrefix(s, "Seed: ")})
			return
		case strings.HasPrefix(s, "Stop reason: "):
			// Only `st fuzz` prints it, unindented, in its SUMMARY.
			p.runKind(l, "fuzz")
			note("stop-reason")
			return
		}
		note("extension")
		p.diag(l, "info", "summary-line", "unrecognized SUMMARY line, kept as an extension line: "+clip(s, 120))
		return
	}
	trimmed := strings.TrimSpace(s)
	switch p.sumMode {
	case "Failures", "Errors":
		if _, rest, ok := splitIcon([]byte(trimmed)); ok {
			if i := strings.LastIndex(rest, ": "); i > 0 {
				if n, err := strconv.Atoi(rest[i+2:]); err == nil || rest[i+2:] == "N" {
					kind := "failure"
					if p.sumMode == "Errors" {
						kind = "error"
					}
					p.h.Handle(&SummaryCount{Span: lineSpan(l), Kind: kind, Title: rest[:i], Count: n})
					return
				}
			}
		}
	case "Warnings":
		if _, rest, ok := splitIcon([]byte(trimmed)); ok {
			title, _, _ := strings.Cut(rest, ":")
			p.h.Handle(&SummaryCount{Span: lineSpan(l), Kind: "warning", Title: title, Count: 1})
			return
		}
	case "API Operations":
		if k, v, ok := strings.Cut(trimmed, ": "); ok {
			num, _, _ := strings.Cut(v, "/")
			if n, err := strconv.Atoi(num); err == nil {
				p.h.Handle(&SummaryCount{Span: lineSpan(l), Kind: "operations", Title: k, Count: n})
				return
			}
		}
		if strings.HasPrefix(trimmed, "- ") {
			note("skip-reason")
			return
		}
	case "Test Phases":
		note("phase")
		return
	case "Test cases":
		note("test-cases")
		return
	case "Reports":
		note("report")
		return
	case "Fuzzing":
		if rest, ok := strings.CutPrefix(trimmed, "Stopped: "); ok {
			p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: "stop-reason", Text: "Stop reason: " + rest})
			return
		}
		note("fuzz")
		return
	case "Baseline":
		note("baseline")
		return
	}
	if strings.HasPrefix(trimmed, "Re-authenticated ") {
		note("reauth") // dynamic auth (4.x): `Re-authenticated 3 times`
		return
	}
	// Extensions add their own lines.
	note("extension")
	p.diag(l, "info", "summary-line", "unrecognized SUMMARY line, kept as an extension line: "+clip(trimmed, 120))
}
