package parser

import (
	"bytes"
	"strconv"
	"strings"
)

// errorTitles are the titles of ERRORS entries; a known title after a blank line starts a new entry.
var errorTitles = map[string]bool{
	"Runtime Error":              true,
	"Network Error":              true,
	"Schema Error":               true,
	"Failed Health Check":        true,
	"Unsupported Schema":         true,
	"Unknown GraphQL Scalar":     true,
	"Serialization not possible": true,
	"XML serialization error":    true,
	"Flaky failure":              true,
	"Unsatisfiable":              true,
	"Timeout Error":              true,
	"SSL Error":                  true,
	"Invalid request":            true,
	"Test Execution Error":       true,
	"Missing Path Parameter":     true,
	"Malformed media type":       true,
	"Schema Loading Error":       true,
}

// errorLine reads one line of the ERRORS section.
func (p *textParser) errorLine(l *Line) {
	t := l.Text
	s := string(t)
	if len(bytes.TrimSpace(t)) == 0 {
		p.errBlank = true
		if p.errCur != nil && p.errMsg.Len() > 0 && p.errMsg.Len() < p.opts.MaxText {
			p.errMsg.WriteByte('\n')
		}
		return
	}
	blank := p.errBlank
	p.errBlank = false
	if t[0] == '_' || t[0] == ' ' {
		if title, ok := operationTitle(t); ok {
			p.flushError()
			p.errOp, p.errFooter = p.strs.get(operationLabel(title)), false
			return
		}
	}
	switch {
	case strings.HasPrefix(s, "Add this option to your command line parameters to see full tracebacks"),
		s == "Need more help?",
		strings.HasPrefix(s, "    Join our Discord server"):
		p.flushError()
		p.errFooter = true
		return
	}
	if p.errFooter {
		p.diag(l, "warning", "unexpected-line", "unrecognized line after the ERRORS footer: "+clip(s, 120))
		return
	}
	if p.errOp == "" {
		p.diag(l, "warning", "unexpected-line", "unrecognized line in ERRORS before any operation title: "+clip(s, 120))
		return
	}
	if p.errCur == nil || blank && errorTitles[strings.TrimSpace(s)] {
		p.flushError()
		p.errCur = &ErrorBlock{Span: lineSpan(l), Operation: p.errOp, Title: strings.TrimSpace(s)}
		return
	}
	p.errCur.extend(l)
	p.appendErr(t)
}

// summaryLine reads one line of the SUMMARY section.
func (p *textParser) summaryLine(l *Line) {
	t := l.Text
	if len(bytes.TrimSpace(t)) == 0 {
		if p.sumMode == "checks" || p.sumMode == "warnings" {
			p.sumMode = ""
		}
		return
	}
	s := string(t)
	note := func(kind string) { p.h.Handle(&SummaryNote{Span: lineSpan(l), Kind: kind, Text: strings.TrimSpace(s)}) }
	switch {
	case s == "Performed checks:":
		p.sumMode = "checks"
		return
	case s == "No checks were performed.":
		p.sumMode = ""
		note("no-checks")
		return
	case strings.HasPrefix(s, "Links ") && strings.Contains(s, "2xx") && strings.Contains(s, "Total"):
		p.sumMode = "links"
		return
	case s == "WARNINGS:":
		p.sumMode = "warnings"
		return
	case strings.HasPrefix(s, "WARNING: "):
		p.sumMode = ""
		p.h.Handle(&Warning{Span: lineSpan(l), Text: strings.TrimPrefix(s, "WARNING: ")})
		return
	case s == "Experimental Features:":
		p.sumMode = "experimental"
		return
	case strings.HasPrefix(s, "Your feedback is crucial for experimental features"):
		p.sumMode = ""
		return
	case strings.HasPrefix(s, "Note: "):
		p.sumMode = ""
		note("note")
		return
	case strings.HasPrefix(s, "Network log: "):
		note("network-log")
		return
	case strings.HasPrefix(s, "JUnit XML file: "):
		note("junit")
		return
	case strings.HasPrefix(s, "Compressed report size: "), strings.HasPrefix(s, "Report is saved to "),
		strings.HasPrefix(s, "Upload: "), strings.HasPrefix(s, "Schemathesis.io"):
		note("upload")
		return
	case strings.HasPrefix(s, "Tip: "):
		note("tip")
		return
	case strings.HasPrefix(s, "We run additional conformance checks"):
		note("upload")
		return
	case s == "GitHub Actions detected:":
		p.sumMode = "github"
		return
	}
	switch p.sumMode {
	case "checks":
		if ct, ok := parseCheckRow(s); ok {
			ct.Span = lineSpan(l)
			p.h.Handle(ct)
			return
		}
	case "warnings":
		if w, ok := strings.CutPrefix(s, "  - "); ok {
			p.h.Handle(&Warning{Span: lineSpan(l), Text: w})
			return
		}
	case "links", "experimental":
		return
	case "github":
		if strings.HasPrefix(s, "  -> ") {
			return
		}
	}
	// Versions before 3.0 print the check rows without a heading or indentation.
	if ct, ok := parseCheckRow(s); ok {
		ct.Span = lineSpan(l)
		p.h.Handle(ct)
		return
	}
	// Extensions may add their own summary lines (ctx.add_summary_line).
	note("extension")
	p.diag(l, "info", "summary-line", "unrecognized SUMMARY line, kept as an extension line: "+clip(s, 120))
}

// parseCheckRow parses `    not_a_server_error    1203 / 1234 passed    FAILED `.
func parseCheckRow(s string) (*CheckTotal, bool) {
	f := strings.Fields(s)
	if len(f) != 6 || f[2] != "/" || f[4] != "passed" || (f[5] != "PASSED" && f[5] != "FAILED") {
		return nil, false
	}
	count := func(v string) int {
		n, err := strconv.Atoi(v)
		if err != nil {
			return -1
		}
		return n
	}
	return &CheckTotal{Name: f[0], Passed: count(f[1]), Total: count(f[3]), Failed: f[5] == "FAILED"}, true
}
