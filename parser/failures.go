package parser

import (
	"bytes"
	"strconv"
	"strings"
)

const (
	flakyBanner   = "[FLAKY] Schemathesis was not able to reliably reproduce this failure"
	truncMarker   = " // Output truncated..."
	maxReproduce  = 64
	legacyRunThis = "Run this "
)

// failureLine reads one line of the FAILURES section.
func (p *textParser) failureLine(l *Line) {
	t := l.Text
	if p.quote != 0 && p.cur != nil && p.continueCommand(l) {
		return
	}
	if len(bytes.TrimSpace(t)) == 0 {
		p.failureBlank()
		return
	}
	// Lines indented by four spaces belong to the open block whatever they contain.
	if indented(t) && p.cur != nil {
		p.caseIndented(l)
		return
	}
	if t[0] == '_' {
		if title, ok := ruleTitle(t, '_'); ok {
			p.flushCase()
			p.op, p.opFlaky = title, false
			return
		}
	}
	s := string(t)
	switch {
	case s == flakyBanner || strings.HasPrefix(s, "[FLAKY]"):
		p.flushCase()
		p.opFlaky = true
		return
	case t[0] >= '0' && t[0] <= '9':
		if n, rest, ok := numbered(s); ok {
			if id, ok := strings.CutPrefix(rest, "Test Case ID: "); ok {
				p.flushCase()
				p.openCase(l, n, false)
				p.cur.TestCaseID = strings.TrimSpace(id)
				return
			}
			// A 3.0–3.20 block: numbered check messages, then one response and reproduce command.
			if p.cur == nil || !p.cur.Legacy || n == 1 || p.cs != csLegacy {
				p.flushCase()
				p.openCase(l, n, true)
				p.cs = csLegacy
			}
			p.touch(l)
			p.cur.Checks = append(p.cur.Checks, Check{Title: rest, Name: legacyCheckName(rest), Message: rest})
			return
		}
	}
	if p.cur == nil {
		if p.op == "" {
			p.diag(l, "warning", "unexpected-line", "unrecognized line in FAILURES before any operation title: "+clip(s, 120))
		} else {
			p.diag(l, "warning", "unexpected-line", "unrecognized line in FAILURES under "+p.op+": "+clip(s, 120))
		}
		return
	}
	if p.cur.Legacy {
		p.legacyLine(l, s)
		return
	}
	switch {
	case strings.HasPrefix(s, "- ") && (p.cs == csChecks || p.cs == csStatus):
		p.touch(l)
		title := strings.TrimSpace(s[2:])
		name, _ := CheckName(title)
		p.cur.Checks = append(p.cur.Checks, Check{Title: title, Name: name})
		p.cs = csChecks
	case s[0] == '[' && strings.HasSuffix(s, ":") && p.cs == csChecks:
		if code, reason, ok := statusLine(s); ok {
			p.touch(l)
			p.cur.Status, p.cur.Reason = code, reason
			p.cs = csStatus
			return
		}
		p.unexpected(l, s)
	case strings.TrimRight(s, " ") == "Reproduce with:":
		p.touch(l)
		p.cs = csReproduce
	default:
		p.unexpected(l, s)
	}
}

func (p *textParser) unexpected(l *Line, s string) {
	p.diag(l, "warning", "unexpected-line", "unrecognized line in a failure block of "+p.op+": "+clip(s, 120))
}

func indented(t []byte) bool {
	return len(t) >= 4 && t[0] == ' ' && t[1] == ' ' && t[2] == ' ' && t[3] == ' '
}

// numbered splits `12. rest`.
func numbered(s string) (int, string, bool) {
	dot := strings.Index(s, ". ")
	if dot <= 0 || dot > 6 {
		return 0, "", false
	}
	n, err := strconv.Atoi(s[:dot])
	if err != nil {
		return 0, "", false
	}
	return n, s[dot+2:], true
}

// statusLine parses `[500] Internal Server Error:`.
func statusLine(s string) (int, string, bool) {
	end := strings.IndexByte(s, ']')
	if end != 4 {
		return 0, "", false
	}
	code, err := strconv.Atoi(s[1:4])
	if err != nil {
		return 0, "", false
	}
	return code, strings.TrimSpace(strings.TrimSuffix(s[end+1:], ":")), true
}

func (p *textParser) openCase(l *Line, n int, legacy bool) {
	op := p.op
	if op == "" {
		op = "(unknown operation)"
		p.diag(l, "warning", "no-operation", "failure block without an operation title")
	}
	p.cur = &Failure{Span: lineSpan(l), Operation: op, Index: n, Flaky: p.opFlaky, Legacy: legacy}
	p.cs = csChecks
}

// touch extends the open case to l.
func (p *textParser) touch(l *Line) {
	p.cur.Span.End, p.cur.Span.EndLine = l.End, l.Number
}

func (p *textParser) failureBlank() {
	if p.cur == nil {
		return
	}
	switch p.cs {
	case csBody:
		p.appendBody("")
	case csLegacyBody:
		p.appendBody("")
	}
}

// caseIndented reads a four-space indented line inside a failure block.
func (p *textParser) caseIndented(l *Line) {
	t := string(l.Text[4:])
	c := p.cur
	switch p.cs {
	case csChecks:
		if len(c.Checks) == 0 {
			p.unexpected(l, string(l.Text))
			return
		}
		p.touch(l)
		ck := &c.Checks[len(c.Checks)-1]
		ck.Message = appendLine(ck.Message, t, p.opts.MaxText)
	case csStatus:
		p.touch(l)
		p.bodyStart(t)
	case csBody, csAfterBody:
		p.touch(l)
		p.cs = csBody
		p.appendBody(t)
		p.bodyEnd(t)
	case csReproduce:
		if strings.HasPrefix(t, "st replay ") {
			p.touch(l)
			return
		}
		p.touch(l)
		p.addCommand(t)
	case csLegacy:
		p.touch(l)
		if len(c.Checks) > 0 {
			ck := &c.Checks[len(c.Checks)-1]
			ck.Message = appendLine(ck.Message, t, p.opts.MaxText)
		}
	case csLegacyRepro:
		p.touch(l)
		p.addCommand(t)
	case csLegacyBody:
		p.touch(l)
		p.appendBody(t)
		p.bodyEnd(t)
	}
}

// bodyStart reads the first line of a body excerpt.
func (p *textParser) bodyStart(t string) {
	c := p.cur
	switch strings.TrimSpace(t) {
	case "<EMPTY>":
		c.BodyKind = "empty"
		p.cs = csAfterBody
		return
	case "<BINARY>":
		c.BodyKind = "binary"
		p.cs = csAfterBody
		return
	}
	t = strings.TrimPrefix(t, "`")
	p.cs = csBody
	c.Body = ""
	p.appendBody(t)
	p.bodyEnd(t)
}

// bodyEnd closes the body when t ends with the closing backtick.
func (p *textParser) bodyEnd(t string) {
	if !strings.HasSuffix(t, "`") {
		return
	}
	c := p.cur
	c.Body = strings.TrimSuffix(c.Body, "`")
	if b, ok := strings.CutSuffix(c.Body, truncMarker); ok {
		c.Body, c.BodyCut = b, true
	}
	if p.cs == csLegacyBody {
		p.cs = csLegacy
		return
	}
	p.cs = csAfterBody
}

func (p *textParser) appendBody(t string) {
	c := p.cur
	if c.BodyElided {
		return
	}
	if len(c.Body)+len(t) > p.opts.MaxText {
		c.Body = appendLine(c.Body, clip(t, max(0, p.opts.MaxText-len(c.Body))), 1<<62)
		c.BodyElided = true
		return
	}
	if p.cs == csBody || p.cs == csLegacyBody {
		if c.Body == "" && t != "" && !strings.Contains(c.Body, "\n") {
			c.Body = t
			return
		}
		c.Body += "\n" + t
		return
	}
	c.Body = t
}

func appendLine(dst, line string, max int) string {
	if len(dst) >= max {
		return dst
	}
	if dst == "" {
		return clip(line, max)
	}
	return dst + "\n" + clip(line, max-len(dst))
}

// legacyLine reads the non-indented lines of a 3.0–3.20 failure block.
func (p *textParser) legacyLine(l *Line, s string) {
	c := p.cur
	switch {
	case strings.HasPrefix(s, "Check") && strings.Contains(s, ": "):
		if k, v, _ := strings.Cut(s, ":"); strings.TrimSpace(k) == "Check" && len(c.Checks) > 0 {
			c.Checks[len(c.Checks)-1].Name = strings.TrimSpace(v)
		}
	case strings.HasPrefix(s, "Response status: "):
		code, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(s, "Response status: ")))
		if err == nil {
			c.Status = code
		}
	case strings.HasPrefix(s, "Response payload: "):
		body := strings.TrimPrefix(s, "Response payload: ")
		p.cs = csLegacyBody
		c.Body = ""
		body = strings.TrimPrefix(body, "`")
		p.appendBody(body)
		p.bodyEnd(body)
	case strings.HasPrefix(s, legacyRunThis) && strings.HasSuffix(s, "to reproduce this failure:"):
		p.cs = csLegacyRepro
	case strings.HasPrefix(s, "X-Schemathesis-TestCaseId: "):
		c.TestCaseID = strings.TrimSpace(strings.TrimPrefix(s, "X-Schemathesis-TestCaseId: "))
	case strings.HasPrefix(s, "Or add this option to your command line parameters:"):
	case p.cs == csLegacyBody:
		p.appendBody(s)
		p.bodyEnd(s)
	default:
		// Legacy check messages are free text that may span lines.
		if len(c.Checks) == 0 {
			p.unexpected(l, s)
			return
		}
		ck := &c.Checks[len(c.Checks)-1]
		ck.Message = appendLine(ck.Message, s, p.opts.MaxText)
	}
	p.touch(l)
}

// flushCase emits the open failure block.
func (p *textParser) flushCase() {
	c := p.cur
	if c == nil {
		return
	}
	p.cur = nil
	if p.cs == csBody || p.cs == csLegacyBody {
		c.Incomplete = true
	}
	if len(c.Checks) == 0 {
		c.Incomplete = true
	}
	p.h.Handle(c)
}

// addCommand starts a reproduce command; a quote left open continues it on the next lines.
func (p *textParser) addCommand(t string) {
	c := p.cur
	p.quote = scanQuotes(t, 0)
	if len(c.Reproduce) < maxReproduce {
		c.Reproduce = append(c.Reproduce, clip(t, p.opts.MaxText))
		p.cmdLines = 1
	}
}

// continueCommand appends l to a reproduce command whose shell quote is still open
// (a multipart `-d '...'` body spans lines). It gives up at an operation title.
func (p *textParser) continueCommand(l *Line) bool {
	t := l.Text
	if len(t) > 0 && t[0] == '_' {
		if _, ok := ruleTitle(t, '_'); ok {
			p.diag(l, "warning", "open-quote", "a reproduce command's quote is never closed; it ends at this operation title")
			p.quote = 0
			return false
		}
	}
	p.touch(l)
	p.quote = scanQuotes(string(t), p.quote)
	c := p.cur
	if n := len(c.Reproduce); n > 0 && len(c.Reproduce[n-1]) < p.opts.MaxText {
		c.Reproduce[n-1] = appendLine(c.Reproduce[n-1], string(t), p.opts.MaxText)
	}
	p.cmdLines++
	return true
}

// scanQuotes returns the POSIX shell quote open after s, starting with quote q open.
// States: 0 none, '\” single, '"' double, '$' ANSI-C ($'...').
func scanQuotes(s string, q byte) byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch q {
		case 0:
			switch c {
			case '\\':
				i++
			case '\'':
				q = '\''
			case '"':
				q = '"'
			case '$':
				if i+1 < len(s) && s[i+1] == '\'' {
					q = '$'
					i++
				}
			}
		case '\'':
			if c == '\'' {
				q = 0
			}
		case '"', '$':
			if c == '\\' {
				i++
			} else if c == '"' && q == '"' || c == '\'' && q == '$' {
				q = 0
			}
		}
	}
	return q
}
