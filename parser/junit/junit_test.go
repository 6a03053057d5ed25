package junit

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// junitEvents parses data as a JUnit report, checks the invariants every parse keeps, and returns
// the events without the final InputInfo.
func junitEvents(t testing.TB, data []byte, opts parser.Options) []parser.Event {
	t.Helper()
	var evs []parser.Event
	st, err := Parse(bytes.NewReader(data), opts, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkJUnitInvariants(t, data, st, evs)
	return evs[:len(evs)-1]
}

// elementEnd matches the end of a failure or error element: an empty-element tag, or an end tag,
// which may hold white space before its '>' (`</failure >` is valid XML).
var elementEnd = regexp.MustCompile(`(/>|</(failure|error)[ \t\r\n]*>)$`)

// checkJUnitInvariants checks what holds for any input: the counts cover the input, spans lie in
// it with consistent line numbers, InputInfo comes last, runs are balanced and a run's final counts
// match its progress symbols.
func checkJUnitInvariants(t testing.TB, data []byte, st parser.Stats, evs []parser.Event) {
	t.Helper()
	if st.Bytes != int64(len(data)) {
		t.Fatalf("read %d of %d bytes", st.Bytes, len(data))
	}
	wantLines := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		wantLines++
	}
	if st.Lines != wantLines {
		t.Fatalf("Stats.Lines = %d, want %d", st.Lines, wantLines)
	}
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	if info, ok := evs[len(evs)-1].(*parser.InputInfo); !ok {
		t.Fatalf("last event is %T, want *InputInfo", evs[len(evs)-1])
	} else if info.End != st.Bytes || info.EndLine != st.Lines {
		t.Fatalf("InputInfo spans %d bytes and %d lines; read %d and %d", info.End, info.EndLine, st.Bytes, st.Lines)
	}
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:off], []byte{'\n'}) }
	inRun := false
	var symbols []byte
	for _, e := range evs {
		s := e.Pos()
		if s.Offset < 0 || s.End > int64(len(data)) || s.Offset > s.End {
			t.Fatalf("%T span [%d,%d) outside %d bytes", e, s.Offset, s.End, len(data))
		}
		if s.Line > s.EndLine || s.EndLine > st.Lines {
			t.Fatalf("%T lines %d-%d outside %d lines", e, s.Line, s.EndLine, st.Lines)
		}
		switch e := e.(type) {
		case *parser.InputInfo:
			continue
		case *parser.Diagnostic:
			if e.Code == "not-junit" || e.Code == "xml-encoding" && s.End == 0 {
				continue // the whole input, or a UTF-16 file
			}
		}
		if s.Offset < s.End || s.Offset < int64(len(data)) {
			if got := lineAt(s.Offset); s.Line != got {
				t.Fatalf("%T at offset %d says line %d, is on line %d", e, s.Offset, s.Line, got)
			}
		}
		if s.End > s.Offset {
			if got := lineAt(s.End - 1); s.EndLine != got {
				t.Fatalf("%T ending at offset %d says line %d, is on line %d", e, s.End, s.EndLine, got)
			}
		}
		switch e := e.(type) {
		case *parser.RunStart:
			if inRun {
				t.Fatal("RunStart inside a run")
			}
			inRun, symbols = true, symbols[:0]
		case *parser.Progress:
			symbols = append(symbols, e.Symbol)
			if !bytes.HasPrefix(data[s.Offset:s.End], []byte("<testcase")) {
				t.Fatalf("Progress span %q is not a <testcase> start tag", clip(string(data[s.Offset:s.End]), 40))
			}
		case *parser.Failure, *parser.ErrorBlock:
			el := data[s.Offset:s.End]
			if !bytes.HasPrefix(el, []byte("<failure")) && !bytes.HasPrefix(el, []byte("<error")) || !elementEnd.Match(el) {
				t.Fatalf("%T span %q is not an element", e, clip(string(el), 40))
			}
		case *parser.RunEnd:
			if !inRun {
				t.Fatal("RunEnd outside a run")
			}
			inRun = false
			n := map[byte]int{}
			for _, c := range symbols {
				n[c]++
			}
			if n['.'] != e.Passed || n['F'] != e.Failed || n['E'] != e.Errored || n['S'] != e.Skipped || n[0] != 0 {
				t.Fatalf("RunEnd %q does not match progress symbols %q", e.Text, symbols)
			}
		}
	}
}

// summary turns events into comparable lines.
func summary(evs []parser.Event) (progress string, failures, errs, diags []string, end string) {
	var p strings.Builder
	for _, e := range evs {
		switch e := e.(type) {
		case *parser.Progress:
			if e.Symbol == 0 {
				p.WriteByte('?')
			} else {
				p.WriteByte(e.Symbol)
			}
		case *parser.Failure:
			var titles []string
			for _, c := range e.Checks {
				titles = append(titles, c.Title+"="+c.Name)
			}
			s := fmt.Sprintf("%s #%d %s %s [%d] repro=%d", e.Operation, e.Index, e.TestCaseID, strings.Join(titles, "+"), e.Status, len(e.Reproduce))
			if e.Incomplete {
				s += " incomplete"
			}
			if e.Flaky {
				s += " flaky"
			}
			failures = append(failures, s)
		case *parser.ErrorBlock:
			errs = append(errs, e.Operation+": "+e.Title)
		case *parser.Diagnostic:
			diags = append(diags, e.Severity+" "+e.Code)
		case *parser.RunEnd:
			end = e.Text
		}
	}
	return p.String(), failures, errs, diags, end
}

func readJUnit(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "junit", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseJUnit(t *testing.T) {
	tests := []struct {
		name     string
		file     string // in testdata/junit
		data     string // or inline
		progress string
		failures []string
		errs     []string
		diags    []string
		end      string
	}{
		{
			name:     "3.x junit-xml",
			file:     "v3-junit-xml.xml",
			progress: ".FFESF.",
			failures: []string{
				"POST /api/v2/vessels/ #1 Vq81Lx Server error=not_a_server_error+Undocumented HTTP status code=status_code_conformance [500] repro=1",
				"GET /api/v2/ports/{code}/berths/ #1 aB3dEf Undocumented HTTP status code=status_code_conformance [422] repro=1",
				"GET /api/v2/ports/{code}/berths/ #2 Zz09Kq Response violates schema=response_schema_conformance [200] repro=1",
				"Stateful tests #1 St8tfL Use after free=use_after_free [200] repro=3",
			},
			errs: []string{"POST /api/v2/cargo/manifests/: Network Error"},
			end:  "junit: 2 passed, 3 failed, 1 errored, 1 skipped",
		},
		{
			name:     "4.0-4.21 junit-xml on Python 3.13",
			file:     "v4.0-junit-xml-py313.xml",
			progress: ".FFSE",
			failures: []string{
				"GET /api/v2/ports/{code}/berths/ #1 Pq7RsT Undocumented HTTP status code=status_code_conformance [400] repro=1",
				"GET /api/v2/ports/{code}/berths/ #2 Lm4NoP Response violates schema=response_schema_conformance [200] repro=1",
				"POST /api/v2/vessels/ #1 Ng9TvE API accepted schema-violating request=negative_data_rejection [201] repro=1",
			},
			errs: []string{"GET /api/v2/cargo/manifests/export/: Network Error"},
			end:  "junit: 1 passed, 2 failed, 1 errored, 1 skipped",
		},
		{
			name:     "4.22+ ElementTree",
			file:     "v4.22-elementtree.xml",
			progress: ".FFESF",
			failures: []string{
				"GET /api/v2/inventory/items/{sku}/movements/ #1 Ex4mpl Server error=not_a_server_error [500] repro=1",
				"GET /api/v2/inventory/items/{sku}/movements/ #1 Fuzz01 Server error=not_a_server_error [500] repro=1",
				"POST /api/v2/inventory/items/ #1 Ct0001 Undocumented Content-Type=content_type_conformance [201] repro=1",
				"POST /api/v2/inventory/items/ #2 Ct0002 Response violates schema (2 violations)=response_schema_conformance [201] repro=1",
				"POST /api/v2/inventory/items/ #3 Ct0003 Server error=not_a_server_error [502] repro=1",
				"Stateful tests #1 Sf2Xyz Server error=not_a_server_error [500] repro=2",
			},
			errs: []string{"GET /api/v2/cargo/containers/: Runtime Error"},
			end:  "junit: 1 passed, 3 failed, 1 errored, 1 skipped",
		},
		{
			name:     "same run as ci-hooks-not-loaded.log",
			file:     "ci-hooks-not-loaded.xml",
			progress: "...FF...F..FF.F..F....F..",
			failures: []string{
				"POST /api/v2/vessels/ #1 Xk3p9Q Server error=not_a_server_error [500] repro=1",
				"GET /api/v2/vessels/{vessel_id}/ #1 rX3huH Undocumented HTTP status code=status_code_conformance [404] repro=1",
				"GET /api/v2/voyages/active/ #1 7Jn0Ow Response violates schema=response_schema_conformance [200] repro=1",
				"GET /api/v2/ports/{code}/berths/ #1 NsFdrC Undocumented HTTP status code=status_code_conformance [400] repro=1",
				"GET /api/v2/ports/{code}/berths/ #2 WerdFt Response violates schema=response_schema_conformance [200] repro=1",
				"POST /api/v2/ports/{code}/berths/ #1 J8ibtp Server error=not_a_server_error+Undocumented HTTP status code=status_code_conformance [500] repro=1",
				"POST /api/v2/cargo/manifests/ #1 u4pVKF Server error=not_a_server_error [500] repro=1",
				"GET /api/v2/cargo/manifests/export/ #1 UHLuhJ Undocumented Content-Type=content_type_conformance [200] repro=1",
				"GET /api/v2/inventory/items/{sku}/movements/ #1 rSj1TO Server error=not_a_server_error [500] repro=1",
			},
			end: "junit: 17 passed, 8 failed",
		},
		{
			name: "flaky marker and message fallback",
			data: "<testsuites><testsuite name=\"schemathesis\" tests=\"1\"><testcase name=\"GET /a\">" +
				"<failure type=\"failure\" message=\"[FLAKY] Schemathesis was not able to reliably reproduce this failure&#10;&#10;1. Test Case ID: abc&#10;&#10;- Server error&#10;&#10;[500] Internal Server Error:&#10;&#10;    `x`&#10;&#10;Reproduce with:&#10;&#10;    curl -X GET http://h/a\">   </failure>" +
				"</testcase></testsuite></testsuites>",
			progress: "F",
			failures: []string{"GET /a #1 abc Server error=not_a_server_error [500] repro=1 flaky"},
			end:      "junit: 1 failed",
		},
		{
			name:     "empty suite",
			data:     `<?xml version="1.0" encoding="utf-8"?><testsuites errors="0" failures="0" skipped="0" tests="0" time="0.000000"><testsuite name="schemathesis" tests="0" /></testsuites>`,
			progress: "",
			end:      "junit: empty test suite",
		},
		{
			name: "BOM, CRLF, CDATA, comments and unknown elements",
			data: "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- by hand -->\r\n<testsuites>\r\n<meta/>\r\n<testsuite name=\"s\" tests=\"2\">\r\n<properties><property name=\"a\" value=\"b\"/></properties>\r\n" +
				"<testcase name=\"GET /a\"><system-out>hello</system-out><failure><![CDATA[1. Test Case ID: c1\r\n\r\n- Server error\r\n\r\n[500] Internal Server Error:\r\n\r\n    `<b>`\r\n\r\nReproduce with: \r\n\r\n    curl -X GET http://h/a]]></failure></testcase>\r\n" +
				"<testcase name=\"GET /b\"><foo/></testcase>\r\n<bar/></testsuite>\r\n</testsuites>\r\n",
			progress: "F.",
			failures: []string{"GET /a #1 c1 Server error=not_a_server_error [500] repro=1"},
			diags:    []string{"info unknown-element", "info unknown-element"},
			end:      "junit: 1 passed, 1 failed",
		},
		{
			name:     "bare testsuite root and a declared count that does not match",
			data:     "<testsuite name=\"schemathesis\" tests=\"3\">\n<testcase name=\"GET /a\"/>\n<testcase name=\"Stateful tests\"><error message=\"Runtime Error&#10;&#10;boom\"/></testcase>\n</testsuite>\n",
			progress: ".E",
			errs:     []string{"Stateful tests: Runtime Error"},
			diags:    []string{"warning junit-count"},
			end:      "junit: 1 passed, 1 errored",
		},
		{
			name:     "failure and error in one test case, empty failure, unnamed test case",
			data:     "<testsuites><testsuite><testcase name=\"GET /a\"><error>Network Error</error><failure type=\"failure\"/></testcase><testcase/></testsuite></testsuites>",
			progress: "F.",
			errs:     []string{"GET /a: Network Error"},
			diags:    []string{"warning junit-empty-failure", "warning junit-no-name"},
			end:      "junit: 1 passed, 1 failed",
		},
		{
			name:     "two reports concatenated",
			data:     "<?xml version=\"1.0\" ?>\n<testsuites>\n\t<testsuite><testcase name=\"GET /a\"/></testsuite>\n</testsuites>\n<?xml version=\"1.0\" ?>\n<testsuites>\n\t<testsuite><testcase name=\"GET /a\"><skipped/></testcase></testsuite>\n</testsuites>\n",
			progress: ".S",
			end:      "junit: 1 skipped",
		},
		{
			name:     "truncated in a test case",
			data:     "<testsuites><testsuite><testcase name=\"GET /a\"/><testcase name=\"GET /b\"><failure message=\"1. Test Case ID: x&#10;&#10;- Server error\"/><failure>1. Test",
			progress: ".?",
			failures: []string{"GET /b #1 x Server error=not_a_server_error [0] repro=0"},
			diags:    []string{"warning xml-syntax"},
		},
		{name: "empty input", data: "", diags: []string{"warning not-junit"}},
		{name: "plain text", data: "Hello\nworld\n", diags: []string{"info unknown-element", "warning not-junit"}},
		{name: "HTML", data: "<!DOCTYPE html>\n<html><body><p>502 Bad Gateway</p></body></html>\n", diags: []string{"info unknown-element", "warning not-junit"}},
		{name: "JSON", data: `{"testsuites": []}`, diags: []string{"info unknown-element", "warning not-junit"}},
		{name: "binary", data: "\x00\x01\x02\xff<\xfe", diags: []string{"warning xml-syntax", "warning not-junit"}},
		{name: "bad entity", data: "<testsuites><testsuite><testcase name=\"a&b;\"/></testsuite></testsuites>", diags: []string{"warning xml-syntax"}},
		{name: "unsupported encoding", data: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<testsuites/>", diags: []string{"warning xml-encoding", "warning not-junit"}},
		{name: "ASCII declared", data: "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\n<testsuites/>", end: "junit: empty test suite"},
		{name: "UTF-16", data: "\xff\xfe<\x00t\x00/\x00>\x00", diags: []string{"warning xml-encoding"}},
		{name: "mismatched end tag", data: "<testsuites><testsuite></testcase></testsuites>", diags: []string{"warning xml-syntax"}},
		{name: "stray end tag", data: "</testsuites>", diags: []string{"warning xml-syntax", "warning not-junit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = readJUnit(t, tt.file)
			}
			evs := junitEvents(t, data, parser.Options{Name: "report.xml"})
			progress, failures, errs, diags, end := summary(evs)
			if progress != tt.progress {
				t.Errorf("progress = %q, want %q", progress, tt.progress)
			}
			if !reflect.DeepEqual(failures, tt.failures) {
				t.Errorf("failures:\n  %s\nwant:\n  %s", strings.Join(failures, "\n  "), strings.Join(tt.failures, "\n  "))
			}
			if !reflect.DeepEqual(errs, tt.errs) {
				t.Errorf("errors = %q, want %q", errs, tt.errs)
			}
			if !reflect.DeepEqual(diags, tt.diags) {
				for _, d := range parsertest.Only[*parser.Diagnostic](evs) {
					t.Logf("diagnostic line %d: %s %s: %s", d.Line, d.Severity, d.Code, d.Message)
				}
				t.Errorf("diagnostics = %q, want %q", diags, tt.diags)
			}
			if end != tt.end {
				t.Errorf("end = %q, want %q", end, tt.end)
			}
			if rs := parsertest.Only[*parser.RunStart](evs); len(rs) > 0 && rs[0].Format != parser.FormatJUnit {
				t.Errorf("format = %q", rs[0].Format)
			}
		})
	}
}

func TestParseJUnitSettingsAndDetails(t *testing.T) {
	evs := junitEvents(t, readJUnit(t, "v3-junit-xml.xml"), parser.Options{Name: "r.xml"})
	var got []string
	for _, s := range parsertest.Only[*parser.Setting](evs) {
		got = append(got, s.Key+"="+s.Value)
		if s.Line != 3 {
			t.Errorf("setting %s on line %d, want 3", s.Key, s.Line)
		}
	}
	want := []string{"JUnit suite=schemathesis", "JUnit hostname=build-42", "JUnit tests=7", "JUnit failures=3",
		"JUnit errors=1", "JUnit skipped=1", "JUnit time=21.569539"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settings = %q, want %q", got, want)
	}
	if _, ok := evs[0].(*parser.RunStart); !ok {
		t.Fatalf("first event is %T", evs[0])
	}
	if rs := evs[0].(*parser.RunStart); rs.Line != 2 || rs.EndLine != 2 {
		t.Errorf("RunStart lines %d-%d, want 2-2", rs.Line, rs.EndLine)
	}
	end := parsertest.Only[*parser.RunEnd](evs)[0]
	if end.Seconds != 21.569539 || !reflect.DeepEqual(end.Has, []string{"passed", "failed", "errored", "skipped"}) {
		t.Errorf("RunEnd = %+v", end)
	}
	fs := parsertest.Only[*parser.Failure](evs)
	f := fs[0]
	if f.Line != 6 || f.EndLine != 21 {
		t.Errorf("first failure on lines %d-%d, want 6-21", f.Line, f.EndLine)
	}
	if f.Body != `{"detail":"IntegrityError: duplicate key value violates unique constraint \"vessels_imo_key\""}` {
		t.Errorf("body = %q", f.Body)
	}
	if f.Reproduce[0] != `curl -X POST -H 'Content-Type: application/json' -d '{"imo_number": "9811000", "name": "<script>"}' 'http://127.0.0.1:8000/api/v2/vessels/?dry_run=true&notify=false'` {
		t.Errorf("reproduce = %q", f.Reproduce[0])
	}
	if m := f.Checks[1].Message; m != "Received: 500\nDocumented: 201, 400, 401" {
		t.Errorf("message = %q", m)
	}
	if b := fs[2].Body; b != "[\n  {\"berth_no\": \"A1\"}\n]" {
		t.Errorf("multi-line body = %q", b)
	}
	eb := parsertest.Only[*parser.ErrorBlock](evs)[0]
	if eb.Message != "Read timed out\n\n    HTTPConnectionPool(host='127.0.0.1', port=8000): Read timed out. (read timeout=10.0)" {
		t.Errorf("error message = %q", eb.Message)
	}
	parsertest.NoWarnings(t, evs)

	// 4.0–4.21 on Python 3.13: `&#10;` and `&#9;` in the attribute arrive as real characters.
	evs = junitEvents(t, readJUnit(t, "v4.0-junit-xml-py313.xml"), parser.Options{})
	f = parsertest.Only[*parser.Failure](evs)[2]
	if !strings.Contains(f.Reproduce[0], "-1,\t\"name\"") || f.Checks[0].Message != "Invalid data should have been rejected\nExpected: 400, 401, 403, 404, 422, 428, 5xx\nInvalid component: property `gross_tonnage` below minimum 0" {
		t.Errorf("failure = %+v", f)
	}
	parsertest.NoWarnings(t, evs)

	evs = junitEvents(t, readJUnit(t, "v4.22-elementtree.xml"), parser.Options{})
	fs = parsertest.Only[*parser.Failure](evs)
	if fs[1].Body != "Traceback (most recent call last):\n  File \"app.py\", line 9, in movements\nZeroDivisionError: division by zero" || fs[4].BodyKind != "" || fs[5].BodyKind != "empty" {
		t.Errorf("bodies: %q %q %q", fs[1].Body, fs[4].BodyKind, fs[5].BodyKind)
	}
	if fs[2].Span != fs[3].Span || fs[2].Line != 32 || fs[2].EndLine != 70 {
		t.Errorf("cases of one <failure> at %+v and %+v, want lines 32-70 both", fs[2].Span, fs[3].Span)
	}
	parsertest.NoWarnings(t, evs)
}

// events parses a console log with the text grammar and returns its events without the final
// InputInfo.
func events(t *testing.T, text string) []parser.Event {
	t.Helper()
	var out []parser.Event
	_, err := parser.Parse(strings.NewReader(text), parser.Options{Name: "test.log"}, parser.HandlerFunc(func(e parser.Event) { out = append(out, e) }))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out[len(out)-1].(*parser.InputInfo); !ok {
		t.Fatalf("last event is %T, want *InputInfo", out[len(out)-1])
	}
	return out[:len(out)-1]
}

// TestJUnitMatchesLog checks that the JUnit report of a run and its console log give the same failures.
func TestJUnitMatchesLog(t *testing.T) {
	logData, err := os.ReadFile(filepath.Join("..", "..", "testdata", "logs", "ci-hooks-not-loaded.log"))
	if err != nil {
		t.Fatal(err)
	}
	fromLog := parsertest.Only[*parser.Failure](events(t, string(logData)))
	evs := junitEvents(t, readJUnit(t, "ci-hooks-not-loaded.xml"), parser.Options{})
	parsertest.NoWarnings(t, evs)
	fromXML := parsertest.Only[*parser.Failure](evs)
	if len(fromLog) != len(fromXML) {
		t.Fatalf("%d failures in the log, %d in the report", len(fromLog), len(fromXML))
	}
	for i := range fromLog {
		a, b := *fromLog[i], *fromXML[i]
		a.Span, b.Span = parser.Span{}, parser.Span{}
		a.Flaky = false // the CLI prints [FLAKY]; the JUnit writer does not
		if !reflect.DeepEqual(a, b) {
			t.Errorf("failure %d:\nlog:    %+v\nreport: %+v", i, a, b)
		}
	}
	logEnd := parsertest.Only[*parser.RunEnd](events(t, string(logData)))[0]
	xmlEnd := parsertest.Only[*parser.RunEnd](evs)[0]
	if logEnd.Passed != xmlEnd.Passed || logEnd.Failed != xmlEnd.Failed || !reflect.DeepEqual(logEnd.Has, xmlEnd.Has) {
		t.Errorf("log ends %q, report %q", logEnd.Text, xmlEnd.Text)
	}
	var logLabels, xmlLabels []string
	for _, p := range parsertest.Only[*parser.Progress](events(t, string(logData))) {
		logLabels = append(logLabels, p.Label+" "+string(p.Symbol))
	}
	for _, p := range parsertest.Only[*parser.Progress](evs) {
		xmlLabels = append(xmlLabels, p.Label+" "+string(p.Symbol))
	}
	if !reflect.DeepEqual(logLabels, xmlLabels) {
		t.Errorf("progress differs:\nlog:    %q\nreport: %q", logLabels, xmlLabels)
	}
}

func TestParseJUnitCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	for _, tt := range []struct {
		file, err string
	}{
		{"v3/RECONSTRUCTED-junit-junit_xml-lib.xml", "POST /api/unsatisfiable: Schema Error"},
		{"v4/RECONSTRUCTED-junit-4.22plus.xml", "GET /api/unreachable: Network Error"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "schemathesis", tt.file))
			if err != nil {
				t.Skip(err)
			}
			evs := junitEvents(t, data, parser.Options{})
			parsertest.NoWarnings(t, evs)
			progress, failures, errs, _, end := summary(evs)
			want := []string{"GET /api/multiple_failures #1 <PLACEHOLDER> Server error=not_a_server_error+Undocumented HTTP status code=status_code_conformance [500] repro=1"}
			if progress != "F.E" || !reflect.DeepEqual(failures, want) || !reflect.DeepEqual(errs, []string{tt.err}) || end != "junit: 1 passed, 1 failed, 1 errored" {
				t.Errorf("got %q %q %q %q", progress, failures, errs, end)
			}
			f := parsertest.Only[*parser.Failure](evs)[0]
			if f.Body != "500: Internal Server Error" || f.Reproduce[0] != "curl -X GET 'http://127.0.0.1/api/multiple_failures?id=0'" || f.Incomplete {
				t.Errorf("failure = %+v", f)
			}
		})
	}
}

// TestParseJUnitTruncated cuts a report at every byte: the parse never fails, reports the cut and
// gives no final counts.
func TestParseJUnitTruncated(t *testing.T) {
	for _, name := range []string{"v3-junit-xml.xml", "v4.22-elementtree.xml"} {
		data := readJUnit(t, name)
		for n := 1; n < len(data)-len("</testsuites>"); n++ {
			evs := junitEvents(t, data[:n], parser.Options{MaxText: 128})
			if len(parsertest.Only[*parser.RunEnd](evs)) != 0 {
				t.Fatalf("%s cut at %d: RunEnd", name, n)
			}
			ds := parsertest.Only[*parser.Diagnostic](evs)
			if len(ds) == 0 || ds[len(ds)-1].Code != "xml-syntax" && ds[len(ds)-1].Code != "not-junit" {
				t.Fatalf("%s cut at %d: diagnostics %v", name, n, ds)
			}
		}
	}
}

func TestParseJUnitHuge(t *testing.T) {
	const maxText = 1 << 10
	big := strings.Repeat("A", 8<<20)
	block := "1. Test Case ID: x\n\n- Server error\n\n[500] Internal Server Error:\n\n    `" + big + "`\n\nReproduce with:\n\n    curl -X GET http://h/a"
	attrDoc := `<testsuites><testsuite><testcase name="GET /` + big + `"><failure message="` + strings.ReplaceAll(block, "\n", "&#10;") + `"/></testcase></testsuite></testsuites>`
	textDoc := `<testsuites><testsuite><testcase name="GET /a"><failure>` + strings.Repeat(block+"\n\n", 3) + `</failure><error>` + big + `</error></testcase></testsuite></testsuites>`
	for name, doc := range map[string]string{"attribute": attrDoc, "text": textDoc} {
		t.Run(name, func(t *testing.T) {
			evs := junitEvents(t, []byte(doc), parser.Options{MaxText: maxText})
			size := 0
			for _, e := range evs {
				size += len(fmt.Sprintf("%+v", e))
			}
			if size > 64*maxText {
				t.Errorf("events hold %d bytes", size)
			}
			long := 0
			for _, d := range parsertest.Only[*parser.Diagnostic](evs) {
				if d.Code == "long-text" {
					long++
				}
			}
			if long == 0 {
				t.Error("no long-text diagnostic")
			}
			fs := parsertest.Only[*parser.Failure](evs)
			if len(fs) == 0 || fs[0].Checks[0].Name != "not_a_server_error" {
				t.Errorf("failures = %+v", fs)
			}
			if p := parsertest.Only[*parser.Progress](evs); len(p) != 1 || p[0].Symbol != 'F' || len(p[0].Label) > maxAttrText+len("…") {
				t.Errorf("progress = %d events, label %d bytes", len(p), len(p[0].Label))
			}
		})
	}
}

// TestParseJUnitGarbage feeds random bytes and random mutations of the fixtures.
func TestParseJUnitGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	seed := readJUnit(t, "v3-junit-xml.xml")
	for i := 0; i < 300; i++ {
		var data []byte
		if i%2 == 0 {
			data = make([]byte, rng.Intn(512))
			rng.Read(data)
		} else {
			data = bytes.Clone(seed)
			for j := 0; j < 1+rng.Intn(8); j++ {
				const special = "<>&\"'/=\n \x00"
				data[rng.Intn(len(data))] = special[rng.Intn(len(special))]
			}
		}
		junitEvents(t, data, parser.Options{MaxText: 64})
	}
}

type failingReader struct{ n int }

func (r *failingReader) Read(b []byte) (int, error) {
	if r.n <= 0 {
		return 0, fmt.Errorf("disk on fire")
	}
	n := copy(b[:min(len(b), r.n)], strings.Repeat("<testsuites>", 1000))
	r.n -= n
	return n, nil
}

func TestParseJUnitReadError(t *testing.T) {
	_, err := Parse(&failingReader{n: 100}, parser.Options{Name: "r.xml"}, parser.HandlerFunc(func(parser.Event) {}))
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.HasPrefix(err.Error(), "read r.xml:") {
		t.Errorf("err = %v", err)
	}
}

// FuzzParseJUnit feeds arbitrary bytes to Parse: it must not panic or fail on an in-memory
// reader, and the events keep the invariants of checkJUnitInvariants.
func FuzzParseJUnit(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "junit", "*.xml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<testsuite><testcase name=\"a\"><failure message=\"1. Test Case ID: x&#10;- Server error\">\n</failure></testcase></testsuite>"))
	f.Add([]byte("\ufeff<testsuites><x/></testsuites>junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []parser.Event
		st, err := Parse(bytes.NewReader(data), parser.Options{Name: "fuzz", MaxText: 256},
			parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
		if err != nil {
			t.Fatalf("Parse error on an in-memory reader: %v", err)
		}
		checkJUnitInvariants(t, data, st, evs)
	})
}
