package loggen

import (
	"errors"
	"io"
	"strconv"
	"strings"
)

// reportHost is the base URL of the API the reports test.
const reportHost = "http://127.0.0.1:8000"

// GenerateJUnit writes a JUnit XML report as Schemathesis writes it with `--junit-xml` (3.x, the
// junit_xml library's layout: failure texts in message attributes) or `--report junit` (4.22+,
// ElementTree: failure texts as element text), and returns its Truth. Most operations pass; some
// fail with one or more test cases, a few error or are skipped. Memory does not grow with the size.
func GenerateJUnit(w io.Writer, cfg ReportConfig) (ReportTruth, error) {
	if cfg.TargetBytes < 0 {
		return ReportTruth{}, errors.New("loggen: negative TargetBytes")
	}
	if cfg.Major == 0 {
		cfg.Major = 4
	}
	if cfg.Major != 3 && cfg.Major != 4 {
		return ReportTruth{}, errors.New("loggen: Major must be 3 or 4")
	}
	// The counts come first in the report: a first pass finds how many operations fill the
	// target and what they count, the second writes them.
	var t ReportTruth
	var seconds float64
	var sb strings.Builder
	var size int64
	n := 0
	for ; cfg.TargetBytes > 0 && size < cfg.TargetBytes || cfg.TargetBytes == 0 && n < reportDefaultItems; n++ {
		sb.Reset()
		o := junitCase(&sb, cfg, n)
		size += int64(sb.Len())
		t.add(o)
		seconds += o.seconds
	}
	cw := newCountingWriter(w)
	secs := strconv.FormatFloat(seconds, 'f', 6, 64)
	tests, errs, fails, skips := strconv.Itoa(t.Items), strconv.Itoa(t.Errored), strconv.Itoa(t.Failed), strconv.Itoa(t.Skipped)
	if cfg.Major == 3 {
		cw.WriteString("<?xml version=\"1.0\" ?>\n<testsuites disabled=\"0\" errors=\"" + errs + "\" failures=\"" + fails + "\" tests=\"" + tests + "\" time=\"" + secs + "\">\n")
		cw.WriteString("\t<testsuite disabled=\"0\" errors=\"" + errs + "\" failures=\"" + fails + "\" name=\"schemathesis\" skipped=\"" + skips + "\" tests=\"" + tests + "\" time=\"" + secs + "\" hostname=\"build-42\">\n")
	} else {
		cw.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites errors=\"" + errs + "\" failures=\"" + fails + "\" skipped=\"" + skips + "\" tests=\"" + tests + "\" time=\"" + secs + "\">\n")
		cw.WriteString("  <testsuite name=\"schemathesis\" hostname=\"ci-7f3c\" errors=\"" + errs + "\" failures=\"" + fails + "\" skipped=\"" + skips + "\" tests=\"" + tests + "\" time=\"" + secs + "\">\n")
	}
	for i := range n {
		sb.Reset()
		junitCase(&sb, cfg, i)
		cw.WriteString(sb.String())
	}
	if cfg.Major == 3 {
		cw.WriteString("\t</testsuite>\n</testsuites>\n")
	} else {
		cw.WriteString("  </testsuite>\n</testsuites>\n")
	}
	err := cw.flush()
	t.Bytes = cw.n
	return t, err
}

// outcome is what one generated operation or interaction counts.
type outcome struct {
	sym     byte // '.', 'F', 'E', 'S'
	cases   int  // failing test cases
	seconds float64
}

func (t *ReportTruth) add(o outcome) {
	t.Items++
	t.TestCases += o.cases
	switch o.sym {
	case '.':
		t.Passed++
	case 'F':
		t.Failed++
	case 'E':
		t.Errored++
	case 'S':
		t.Skipped++
	}
}

// junitCase writes the <testcase> of operation i.
func junitCase(b *strings.Builder, cfg ReportConfig, i int) outcome {
	r := itemRand(cfg.Seed, i)
	method, tmpl, concrete := reportOp(r, i)
	ms := 5 + r.IntN(3000)
	o := outcome{sym: '.', seconds: float64(ms) / 1000}
	in, in2 := "\t\t", "\t\t\t"
	if cfg.Major == 4 {
		in, in2 = "    ", "      "
	}
	b.WriteString(in + `<testcase name="` + xmlEscape(method+" "+tmpl, true) + `" time="` + strconv.FormatFloat(o.seconds, 'f', 6, 64) + `"`)
	x := r.IntN(100)
	if x < 80 {
		if cfg.Major == 4 {
			b.WriteString(" />\n")
		} else {
			b.WriteString("/>\n")
		}
		return o
	}
	b.WriteString(">\n")
	switch {
	case x < 83:
		o.sym = 'S'
		b.WriteString(in2 + `<skipped type="skipped">No examples in schema</skipped>` + "\n")
	case x < 85:
		o.sym = 'E'
		b.WriteString(in2 + `<error type="error">` + xmlEscape("Network Error\n\nRead timed out after 30.00 seconds\n\n    "+method+" "+reportHost+concrete, false) + "</error>\n")
	default:
		o.sym = 'F'
		o.cases = 1 + r.IntN(4)
		if r.IntN(40) == 0 {
			o.cases += 20 + r.IntN(100) // an operation that fails in many ways
		}
		var blocks []string
		for n := range o.cases {
			c := newFailingCase(r, reportHost, method, concrete)
			if cfg.Major == 3 {
				b.WriteString(in2 + `<failure type="failure" message="` + xmlEscape(c.block(n+1, " "), true) + "\"/>\n")
				continue
			}
			blocks = append(blocks, c.block(n+1, ""))
		}
		if cfg.Major == 4 {
			// 4.22+ writes one <failure> per phase; most operations fail in one.
			cut := len(blocks)
			if len(blocks) > 1 && r.IntN(4) == 0 {
				cut = 1
			}
			for _, part := range [][]string{blocks[:cut], blocks[cut:]} {
				if len(part) > 0 {
					b.WriteString(in2 + `<failure type="failure">` + xmlEscape(strings.Join(part, "\n\n"), false) + "</failure>\n")
				}
			}
		}
	}
	b.WriteString(in + "</testcase>\n")
	return o
}

// xmlEscape escapes s as XML text, or as an attribute value in double quotes (attr); newlines
// stay as they are, as the junit_xml library writes them.
func xmlEscape(s string, attr bool) string {
	if !strings.ContainsAny(s, "&<>\"") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			b.WriteString("&amp;")
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '"' && attr:
			b.WriteString("&quot;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
