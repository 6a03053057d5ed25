package parser

import (
	"bytes"
	"strconv"
	"strings"
)

const maxReproduce = 64

var (
	flakyPrefix   = []byte("[FLAKY]")
	testCaseID    = []byte("Test Case ID: ")
	reproduceWith = []byte("Reproduce with:")
	truncMarker   = []byte(" // Output truncated...")
	stReplay      = []byte("st replay ")
)

// failureLine reads one line of the FAILURES section.
func (p *textParser) failureLine(l *Line) {
	t := l.Text
	if p.quote != 0 && p.cur != nil && p.continueCommand(l) {
		return
	}
	if isBlank(t) {
		if p.cur != nil && (p.cs == csBody || p.cs == csLegacyBody) {
			p.appendBody(nil)
		}
		return
	}
	// Lines indented by four spaces belong to the open block whatever they contain.
	if p.cur != nil && indented(t) {
		p.caseIndented(l)
		return
	}
	if p.replay && p.replayNote(l) {
		return
	}
	switch t[0] {
	case '_', ' ':
		if title, ok := operationTitle(t); ok {
			p.flushCase()
			p.boundary(l)
			p.op, p.opFlaky = p.strs.get(operationLabel(title)), false
			return
		}
	case '[':
		if len(t) > 1 && t[1] == 'F' && bytes.HasPrefix(t, flakyPrefix) {
			p.flushCase()
			p.opFlaky = true
			return
		}
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if n, rest, ok := numbered(t); ok {
			if id, ok := bytes.CutPrefix(rest, testCaseID); ok {
				p.flushCase()
				p.boundary(l)
				p.openCase(l, n, false)
				p.keep(fieldTestCaseID, 0, bytes.TrimSpace(id))
				return
			}
			// A 3.0–3.20 block: numbered check messages, then one response and reproduce command.
			if p.cur == nil || !p.cur.Legacy || n == 1 || p.cs != csLegacy {
				p.flushCase()
				p.openCase(l, n, true)
				p.cs = csLegacy
			}
			p.finishCheck()
			p.touch(l)
			msg := string(rest)
			p.cur.Checks = append(p.cur.Checks, Check{Title: msg, Name: legacyCheckName(msg)})
			p.msg = append(p.msg[:0], rest...)
			return
		}
	}
	if p.cur == nil && t[0] == '-' && len(t) > 2 && t[1] == ' ' && p.op != "" {
		// 4.x `Run checks` blocks list check titles without a test case.
		p.openCase(l, 0, false)
	}
	if t[0] == 0xE2 && bytes.HasPrefix(t, []byte("⚠")) {
		return // 4.x advisory such as "Request body contains non-printable characters"
	}
	if p.cur == nil {
		where := "before any operation title"
		if p.op != "" {
			where = "under " + p.op
		}
		p.diag(l, "warning", "unexpected-line", "unrecognized line in FAILURES "+where+": "+clip(string(t), 120))
		return
	}
	if p.cur.Legacy {
		p.legacyLine(l)
		return
	}
	switch {
	case t[0] == '-' && len(t) > 2 && t[1] == ' ' && (p.cs == csChecks || p.cs == csStatus):
		p.finishCheck()
		p.touch(l)
		p.cur.Checks = append(p.cur.Checks, p.checkOf(bytes.TrimSpace(t[2:])))
		p.cs = csChecks
	case t[0] == '[' && t[len(t)-1] == ':' && p.cs == csChecks:
		if code, reason, ok := statusLine(t); ok {
			p.finishCheck()
			p.touch(l)
			if p.lastWhy != string(reason) {
				p.lastWhy = p.strs.get(reason) // reasons repeat: hash them only when they change
			}
			p.cur.Status, p.cur.Reason = code, p.lastWhy
			p.cs = csStatus
			return
		}
		p.unexpected(l)
	case t[0] == 'R' && bytes.Equal(bytes.TrimRight(t, " "), reproduceWith):
		p.finishCheck()
		p.finishBody()
		p.touch(l)
		p.cs = csReproduce
	default:
		p.unexpected(l)
	}
}

func (p *textParser) unexpected(l *Line) {
	p.diag(l, "warning", "unexpected-line", "unrecognized line in a failure block of "+p.op+": "+clip(string(l.Text), 120))
}

func isBlank(t []byte) bool {
	if n := len(t); n > 0 && t[n-1] != ' ' && t[n-1] != '\t' {
		return false // most lines: no need to scan their indentation
	}
	for _, c := range t {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func indented(t []byte) bool {
	return len(t) >= 4 && t[0] == ' ' && t[1] == ' ' && t[2] == ' ' && t[3] == ' '
}

// numbered splits `12. rest`.
func numbered(t []byte) (int, []byte, bool) {
	n, i := 0, 0
	for i < len(t) && i < 6 && t[i] >= '0' && t[i] <= '9' {
		n = n*10 + int(t[i]-'0')
		i++
	}
	if i == 0 || i+1 >= len(t) || t[i] != '.' || t[i+1] != ' ' {
		return 0, nil, false
	}
	return n, t[i+2:], true
}

// statusLine parses `[500] Internal Server Error:`.
func statusLine(t []byte) (int, []byte, bool) {
	if len(t) < 6 || t[0] != '[' || t[4] != ']' {
		return 0, nil, false
	}
	code := 0
	for _, c := range t[1:4] {
		if c < '0' || c > '9' {
			return 0, nil, false
		}
		code = code*10 + int(c-'0')
	}
	return code, bytes.TrimSpace(bytes.TrimSuffix(t[5:], []byte(":"))), true
}

func (p *textParser) openCase(l *Line, n int, legacy bool) {
	op := p.op
	if op == "" {
		op = "(unknown operation)"
		p.diag(l, "warning", "no-operation", "failure block without an operation title")
	}
	c := p.newFailure()
	c.Span, c.Operation, c.Index, c.Flaky, c.Legacy = lineSpan(l), op, n, p.opFlaky, legacy
	p.cur = c
	p.text, p.texts = p.text[:0], p.texts[:0]
	p.cs = csChecks
	p.msg, p.body, p.bodyOpen = p.msg[:0], p.body[:0], false
}

// touch extends the open case to l.
func (p *textParser) touch(l *Line) {
	p.cur.Span.End, p.cur.Span.EndLine = l.End, l.Number
}

// caseIndented reads a four-space indented line inside a failure block.
func (p *textParser) caseIndented(l *Line) {
	t := l.Text[4:]
	c := p.cur
	switch p.cs {
	case csChecks, csLegacy:
		if len(c.Checks) == 0 {
			p.unexpected(l)
			return
		}
		p.touch(l)
		p.msg = appendCapped0(p.msg, t, p.opts.MaxText)
	case csStatus:
		p.touch(l)
		p.bodyStart(t)
	case csBody, csAfterBody, csLegacyBody:
		p.touch(l)
		if p.cs == csAfterBody {
			p.cs, p.bodyOpen = csBody, true // the closing backtick was inside the body after all
		}
		p.appendBody(t)
		p.bodyEnd(t)
	case csReproduce, csLegacyRepro:
		p.touch(l)
		if len(t) > 0 && t[0] == 's' && bytes.HasPrefix(t, stReplay) {
			return
		}
		p.addCommand(t)
	}
}

// finishCheck stores the message collected for the last check.
func (p *textParser) finishCheck() {
	c := p.cur
	if c == nil || len(c.Checks) == 0 || len(p.msg) == 0 {
		p.msg = p.msg[:0]
		return
	}
	p.keep(fieldMessage, len(c.Checks)-1, bytes.TrimRight(p.msg, "\n"))
	p.msg = p.msg[:0]
}

// appendCapped0 appends line to a newline-separated buffer without growing it past max bytes.
func appendCapped0(buf, line []byte, max int) []byte {
	if len(buf) >= max {
		return buf
	}
	if len(buf) > 0 {
		buf = append(buf, '\n')
	}
	if room := max - len(buf); len(line) > room {
		line = line[:room]
	}
	return append(buf, line...)
}

// bodyStart reads the first line of a body excerpt.
func (p *textParser) bodyStart(t []byte) {
	c := p.cur
	switch string(bytes.TrimSpace(t)) {
	case "<EMPTY>":
		c.BodyKind = "empty"
		p.cs = csAfterBody
		return
	case "<BINARY>":
		c.BodyKind = "binary"
		p.cs = csAfterBody
		return
	}
	p.cs = csBody
	p.body, p.bodyOpen = p.body[:0], true
	p.appendFirstBody(bytes.TrimPrefix(t, []byte("`")))
}

func (p *textParser) appendFirstBody(t []byte) {
	p.body = append(p.body[:0], t[:min(len(t), p.opts.MaxText)]...)
	if len(t) > p.opts.MaxText {
		p.cur.BodyElided = true // a body on one huge line keeps MaxText bytes, like a long multi-line one
	}
	p.bodyEnd(t)
}

// appendBody adds one more line to the body excerpt, keeping at most MaxText bytes.
func (p *textParser) appendBody(t []byte) {
	if p.cur.BodyElided {
		return
	}
	if len(p.body)+len(t)+1 > p.opts.MaxText {
		p.body = appendCapped0(p.body, t, p.opts.MaxText)
		p.cur.BodyElided = true
		return
	}
	p.body = append(p.body, '\n')
	p.body = append(p.body, t...)
}

// bodyEnd closes the body when t ends with the closing backtick.
func (p *textParser) bodyEnd(t []byte) {
	if len(t) == 0 || t[len(t)-1] != '`' {
		return
	}
	p.finishBody()
	if p.cs == csLegacyBody {
		p.cs = csLegacy
		return
	}
	p.cs = csAfterBody
}

// finishBody stores the collected body in the open case.
func (p *textParser) finishBody() {
	if !p.bodyOpen {
		return
	}
	b := bytes.TrimSuffix(p.body, []byte("`"))
	if x, ok := bytes.CutSuffix(b, truncMarker); ok {
		b, p.cur.BodyCut = x, true
	}
	p.keep(fieldBody, 0, b)
	p.bodyOpen = false
}

// legacyLine reads the non-indented lines of a 3.0–3.20 failure block.
func (p *textParser) legacyLine(l *Line) {
	c := p.cur
	t := l.Text
	s := string(t)
	p.touch(l)
	switch {
	case strings.HasPrefix(s, "Check") && strings.Contains(s, ": "):
		if k, v, _ := strings.Cut(s, ":"); strings.TrimSpace(k) == "Check" && len(c.Checks) > 0 {
			c.Checks[len(c.Checks)-1].Name = strings.TrimSpace(v)
		}
	case strings.HasPrefix(s, "Response status: "):
		if code, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(s, "Response status: "))); err == nil {
			c.Status = code
		}
	case strings.HasPrefix(s, "Response payload: "):
		p.finishCheck()
		p.cs = csLegacyBody
		p.bodyOpen = true
		p.appendFirstBody(bytes.TrimPrefix(t[len("Response payload: "):], []byte("`")))
	case strings.HasPrefix(s, "Run this ") && strings.HasSuffix(strings.TrimRight(s, " "), "to reproduce this failure:"):
		p.finishCheck()
		p.finishBody()
		p.cs = csLegacyRepro
	case strings.HasPrefix(s, "X-Schemathesis-TestCaseId: "):
		c.TestCaseID = strings.TrimSpace(strings.TrimPrefix(s, "X-Schemathesis-TestCaseId: "))
	case strings.HasPrefix(s, "Or add this option to your command line parameters:"):
	case p.cs == csLegacyBody:
		p.appendBody(t)
		p.bodyEnd(t)
	case len(c.Checks) > 0 && p.cs == csLegacy:
		// Legacy check messages are free text that may span lines.
		p.msg = appendCapped0(p.msg, t, p.opts.MaxText)
	default:
		p.unexpected(l)
	}
}

// addCommand starts a reproduce command; a quote left open continues it on the next lines.
func (p *textParser) addCommand(t []byte) {
	p.finishCommand()
	p.quote = scanQuotes(t, 0)
	p.cmd = append(p.cmd[:0], t[:min(len(t), p.opts.MaxText)]...)
	p.cmdOpen = true
}

// finishCommand stores the command being collected in the open case.
func (p *textParser) finishCommand() {
	if !p.cmdOpen {
		return
	}
	p.cmdOpen = false
	if c := p.cur; c != nil && len(c.Reproduce) < maxReproduce {
		c.Reproduce = append(c.Reproduce, "")
		p.keep(fieldReproduce, len(c.Reproduce)-1, p.cmd)
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
	if _, rest, ok := numbered(t); ok && bytes.HasPrefix(rest, testCaseID) {
		p.diag(l, "warning", "open-quote", "a reproduce command's quote is never closed; it ends at this test case")
		p.quote = 0
		return false
	}
	p.touch(l)
	p.quote = scanQuotes(t, p.quote)
	if p.cmdOpen {
		p.cmd = appendCapped0(p.cmd, t, p.opts.MaxText)
	}
	return true
}

// shellSpecial marks the bytes that open a quote or escape the next byte outside quotes.
var singleQuote = []byte("'")

var shellSpecial = [256]bool{'\'': true, '"': true, '\\': true, '$': true}

// scanQuotes returns the POSIX shell quote open after t, starting with quote q open.
// States: 0 none, '\” single, '"' double, '$' ANSI-C ($'...').
func scanQuotes(t []byte, q byte) byte {
	if q == 0 && bytes.IndexByte(t, '"') < 0 && bytes.IndexByte(t, '\\') < 0 && bytes.IndexByte(t, '$') < 0 {
		// Only single quotes, which nothing escapes: the usual curl command, counted fast.
		if bytes.Count(t, singleQuote)%2 == 1 {
			return '\''
		}
		return 0
	}
	return scanQuotesFull(t, q)
}

// scanQuotesFull is scanQuotes for any line: a shell quoting state machine.
func scanQuotesFull(t []byte, q byte) byte {
	for i := 0; i < len(t); i++ {
		switch q {
		case 0:
			for i < len(t) && !shellSpecial[t[i]] {
				i++
			}
			if i == len(t) {
				return 0
			}
			switch t[i] {
			case '\\':
				i++
			case '\'':
				q = '\''
			case '"':
				q = '"'
			case '$':
				if i+1 < len(t) && t[i+1] == '\'' {
					q = '$'
					i++
				}
			}
		case '\'':
			j := bytes.IndexByte(t[i:], '\'')
			if j < 0 {
				return q
			}
			i += j
			q = 0
		case '"', '$':
			c := t[i]
			if c == '\\' {
				i++
			} else if c == '"' && q == '"' || c == '\'' && q == '$' {
				q = 0
			}
		}
	}
	return q
}

// flushCase emits the open failure block.
func (p *textParser) flushCase() {
	c := p.cur
	if c == nil {
		return
	}
	p.finishCheck()
	p.finishCommand()
	if p.bodyOpen {
		p.finishBody()
		c.Incomplete = true
	}
	if len(c.Checks) == 0 {
		c.Incomplete = true
	}
	p.storeTexts()
	p.cur = nil
	p.quote = 0
	p.h.Handle(c)
	if p.releases {
		p.reuse = append(p.reuse, c) // the handler is done with it (Releaser)
	}
}

// operationLabel turns the `GET: /path` titles of early versions into `GET /path`.
func operationLabel(t []byte) []byte {
	if i := bytes.Index(t, []byte(": /")); i >= 3 && i <= 7 && looksLikeOperation(append(t[:i:i], t[i+1:]...)) {
		return append(t[:i:i], t[i+1:]...)
	}
	return t
}

// operationTitle recognises `____ LABEL ____`, including a label too wide for any fill, which
// Schemathesis prints as ` LABEL `.
func operationTitle(t []byte) ([]byte, bool) {
	if title, ok := ruleTitleBytes(t, '_'); ok {
		return title, true
	}
	if len(t) > 2 && t[0] == ' ' && t[1] != ' ' {
		if label := bytes.TrimSpace(t); looksLikeOperation(label) {
			return label, true
		}
	}
	return nil, false
}

// violations reads the N of a 4.x `Title (N violations)`.
func violations(title string) int {
	if !strings.HasSuffix(title, " violations)") {
		return 0
	}
	i := strings.LastIndex(title, " (")
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(title[i+2 : len(title)-len(" violations)")])
	return n
}
