package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestJUnitXMLSafe: text with markup, quotes, control characters XML 1.0 forbids and bytes that are
// not UTF-8 renders as well-formed XML that reads back as the text less the forbidden characters.
func TestJUnitXMLSafe(t *testing.T) {
	const nasty = "a<b>&\"c'\x00\x1b[31m\x7f\uFFFE\xff\r\n\td]]></failure><x>"
	const clean = "a<b>&\"c'[31m\x7f\r\n\td]]></failure><x>"
	g := &classify.Group{Operation: "GET /x" + nasty, Check: "not_a_server_error", Title: "Server error", Count: 2,
		Signature: classify.Signature{Text: "cause " + nasty},
		Samples:   []classify.Sample{{Message: "msg " + nasty, Status: 500, Reproduce: []string{"curl " + nasty}}}}
	r := &classify.Run{Started: true, Groups: []*classify.Group{g},
		Errors:    []parser.ErrorBlock{{Operation: "POST /y", Title: "Network Error" + nasty, Message: nasty}},
		Integrity: classify.Integrity{Status: classify.RunComplete, Checks: []classify.Check{{Name: "n", Result: classify.CheckMismatch, Detail: nasty}}}}
	doc := &summary.Document{Tool: "ctlog test", Inputs: []summary.Input{{Name: "in" + nasty, Runs: []*classify.Run{r}}}}
	var b strings.Builder
	if err := WriteJUnit(&b, doc, JUnitOptions{}); err != nil {
		t.Fatal(err)
	}
	var report struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Class   string `xml:"classname,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
			SystemErr string `xml:"system-err"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(b.String()), &report); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b.String())
	}
	if len(report.Suites) != 1 || len(report.Suites[0].Cases) != 2 {
		t.Fatalf("want 1 suite of 2 test cases:\n%s", b.String())
	}
	s := report.Suites[0]
	f := s.Cases[0].Failure
	for what, got := range map[string]string{
		"suite name": s.Name, "classname": s.Cases[0].Class, "failure message": f.Message, "error message": s.Cases[1].Error.Message,
	} {
		if !strings.HasSuffix(got, clean) {
			t.Errorf("%s = %q, want it to end in %q", what, got, clean)
		}
	}
	// Indented as a failure block: the text's lines are the sample's, each indented by four spaces.
	for _, want := range []string{"    msg a<b>&\"c'[31m\x7f\n    \td]]></failure><x>", "    curl a<b>&\"c'[31m\x7f\n", "ctlog: 2 test cases", "[500] Internal Server Error:"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Text)
		}
	}
	if !strings.Contains(s.SystemErr, "n: "+clean) {
		t.Errorf("system-err = %q, want the integrity problem", s.SystemErr)
	}
}
