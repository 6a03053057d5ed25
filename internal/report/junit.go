package report

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// JUnitOptions configure the JUnit report; there are none yet.
type JUnitOptions struct{}

// JUnitSep separates the operation from the check in a test case name: `POST /items · not_a_server_error`.
// ctlog's JUnit reader takes the classname as the operation when the name starts with it and this.
const JUnitSep = " · "

// WriteJUnit renders the document as a JUnit XML report, for CI systems that show test reports
// (GitLab's test report, Jenkins, Buildkite):
//
//   - one <testsuite> per run, named after the input (with "#2", "#3" for the further runs of one
//     input);
//   - one <testcase> per failure group, named `METHOD /path · check` with the operation as the
//     classname, holding a <failure> whose message is the group's cause and whose type is the
//     check, and whose text is the counts (test cases, the line of the first) followed by the
//     first sample in Schemathesis's own failure-block layout (test case id, check title, the
//     check's message, status, reproduce commands), so that readers of Schemathesis reports read
//     it too;
//   - one <testcase> with an <error> per error Schemathesis printed (`OPERATION · error`) and for a
//     crash or a run that never started (`schemathesis · crash`), and one for an input that could
//     not be read (`ctlog · read`);
//   - integrity problems (ctlog's counts against the log's own) and a hooks problem go into the
//     suite's <system-err>: they are about the log, not about the API, so they fail no test case.
//
// Every text is made safe for XML: escaped, with the characters XML 1.0 forbids dropped.
func WriteJUnit(w io.Writer, doc *summary.Document, _ JUnitOptions) error {
	var suites []junitSuite
	for i := range doc.Inputs {
		in := &doc.Inputs[i]
		if in.Skipped != "" && in.Error == "" {
			continue
		}
		if len(in.Runs) == 0 {
			if in.Error != "" {
				s := junitSuite{name: in.Name}
				s.add(junitCase{class: "ctlog", name: "ctlog" + JUnitSep + "read", kind: "error", typ: "input", message: in.Error})
				suites = append(suites, s)
			}
			continue
		}
		for n, r := range in.Runs {
			name := in.Name
			if n > 0 {
				name += " #" + strconv.Itoa(n+1)
			}
			suites = append(suites, junitSuiteOf(name, r))
		}
	}
	// Written as it is rendered, one test case at a time: a report of many groups never sits whole
	// in memory.
	bw := bufio.NewWriter(w)
	tests, failures, errs := 0, 0, 0
	for _, s := range suites {
		tests, failures, errs = tests+len(s.cases), failures+s.failures, errs+s.errors
	}
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(bw, `<testsuites name="%s" tests="%d" failures="%d" errors="%d">`+"\n", xmlAttr(doc.Tool), tests, failures, errs)
	for _, s := range suites {
		s.write(bw)
	}
	bw.WriteString("</testsuites>\n")
	return bw.Flush()
}

type junitCase struct {
	class, name string
	kind        string // "failure" or "error"
	typ         string
	message     string
	text        string
	group       *classify.Group // a failure group, whose text (groupText) is rendered as it is written
}

type junitSuite struct {
	name             string
	cases            []junitCase
	failures, errors int
	systemErr        []string
}

func (s *junitSuite) add(c junitCase) {
	s.cases = append(s.cases, c)
	if c.kind == "failure" {
		s.failures++
	} else {
		s.errors++
	}
}

func junitSuiteOf(name string, r *classify.Run) junitSuite {
	s := junitSuite{name: name}
	if f := r.Fatal; f != nil {
		what := "crash"
		if !r.Started || !r.Integrity.Status.Started() {
			what = "not started"
		}
		s.add(junitCase{class: "schemathesis", name: "schemathesis" + JUnitSep + what, kind: "error", typ: what,
			message: f.Title, text: errorText(f.Title, f.Message, f.Line)})
	}
	for _, g := range r.Groups {
		s.add(junitCase{class: g.Operation, name: g.Operation + JUnitSep + g.CheckLabel(), kind: "failure",
			typ: g.CheckLabel(), message: groupCause(g), group: g})
	}
	for _, e := range r.Errors {
		op := e.Operation
		if op == "" {
			op = "schemathesis"
		}
		s.add(junitCase{class: op, name: op + JUnitSep + "error", kind: "error", typ: "error",
			message: e.Title, text: errorText(e.Title, e.Message, e.Line)})
	}
	if !r.Integrity.OK && r.Integrity.Status.Started() {
		problems := r.Integrity.Problems()
		line := "Integrity: " + string(r.Integrity.Status)
		if len(problems) == 0 {
			line += " — " + partialText
		}
		s.systemErr = append(s.systemErr, line)
		for _, c := range problems {
			s.systemErr = append(s.systemErr, "- "+c.Name+": "+c.Detail)
		}
	}
	if h := r.Hooks; h != nil && h.Verdict.Problem() {
		s.systemErr = append(s.systemErr, "Hooks: "+string(h.Verdict)+" — "+h.Paragraph)
	}
	return s
}

// groupCause is the failure message: the group's cause, as the other reports word it.
func groupCause(g *classify.Group) string {
	cause := g.Signature.Text
	if cause == "" {
		cause = g.Title
	}
	if g.Signature.Trigger != "" {
		cause += "; " + g.Signature.Trigger
	}
	if len(g.Related) > 0 {
		cause += "; also fails " + strings.Join(g.Related, ", ")
	}
	return cause
}

// groupText is the failure text: the counts, then the first sample as a Schemathesis failure block.
func groupText(g *classify.Group) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ctlog: %s, the first at line %d", plural(g.Count, "test case"), g.First.Line)
	if g.Flaky > 0 {
		fmt.Fprintf(&b, ", %d flaky", g.Flaky)
	}
	if g.Stateful {
		b.WriteString(", stateful")
	}
	if len(g.Hook) > 0 {
		b.WriteString("; a hook should have fixed it: " + strings.Join(g.Hook, ", "))
	}
	b.WriteString("\n")
	if len(g.Samples) == 0 {
		return b.String()
	}
	s := &g.Samples[0]
	b.WriteString("\n1. Test Case ID: ")
	if s.TestCaseID != "" {
		b.WriteString(oneLine(s.TestCaseID))
	} else {
		b.WriteString("-")
	}
	b.WriteString("\n\n- " + oneLine(g.Title) + "\n")
	if s.Message != "" {
		b.WriteString("\n" + indent(s.Message) + "\n")
	}
	if status := s.Status; status != 0 {
		reason := g.Reason
		if reason == "" || status != g.Status {
			reason = http.StatusText(status)
		}
		if reason == "" {
			reason = "Status"
		}
		fmt.Fprintf(&b, "\n[%d] %s:\n", status, oneLine(reason))
	}
	if len(s.Reproduce) > 0 {
		b.WriteString("\nReproduce with:\n\n")
		for _, c := range s.Reproduce {
			b.WriteString(indent(c) + "\n")
		}
	}
	if s.Replay != "" {
		b.WriteString("\nReplay with:\n\n" + indent(s.Replay) + "\n")
	}
	return b.String()
}

func errorText(title, message string, line int) string {
	text := oneLine(title)
	if message != "" {
		text += "\n\n" + strings.TrimRight(message, "\n")
	}
	return text + fmt.Sprintf("\n\n(line %d)", line)
}

func oneLine(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ") }

// indent indents every non-blank line by four spaces: a block's lines in Schemathesis's layout.
func indent(s string) string {
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "    " + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

func (s *junitSuite) write(b *bufio.Writer) {
	fmt.Fprintf(b, `  <testsuite name="%s" tests="%d" failures="%d" errors="%d" skipped="0">`+"\n",
		xmlAttr(s.name), len(s.cases), s.failures, s.errors)
	for _, c := range s.cases {
		if c.group != nil {
			c.text = groupText(c.group)
		}
		fmt.Fprintf(b, `    <testcase name="%s" classname="%s">`+"\n", xmlAttr(c.name), xmlAttr(c.class))
		fmt.Fprintf(b, `      <%s message="%s" type="%s">%s</%s>`+"\n", c.kind, xmlAttr(clip(c.message, 1000)), xmlAttr(c.typ),
			xmlText(c.text), c.kind)
		b.WriteString("    </testcase>\n")
	}
	if len(s.systemErr) > 0 {
		fmt.Fprintf(b, "    <system-err>%s</system-err>\n", xmlText(strings.Join(s.systemErr, "\n")))
	}
	b.WriteString("  </testsuite>\n")
}

// xmlAllowed reports whether XML 1.0 allows r in a document: tab, line feed, carriage return,
// U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF.
func xmlAllowed(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlEscape escapes s for XML and drops what XML 1.0 forbids (and bytes that are not UTF-8). In an
// attribute, line breaks and tabs are written as references so that attribute normalization keeps
// them; in text, a carriage return is, so that end-of-line handling keeps it.
func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 || !xmlAllowed(r) {
			continue
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			if attr {
				b.WriteString("&quot;")
			} else {
				b.WriteRune(r)
			}
		case '\r':
			b.WriteString("&#xD;")
		case '\n':
			if attr {
				b.WriteString("&#xA;")
			} else {
				b.WriteRune(r)
			}
		case '\t':
			if attr {
				b.WriteString("&#x9;")
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlAttr(s string) string { return xmlEscape(s, true) }
func xmlText(s string) string { return xmlEscape(s, false) }
