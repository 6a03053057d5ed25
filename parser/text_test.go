package parser

import (
	"reflect"
	"strings"
	"testing"
)

// events parses text and returns its events, without the final InputInfo.
func events(t *testing.T, text string) []Event {
	t.Helper()
	var out []Event
	_, err := Parse(strings.NewReader(text), Options{Name: "test.log"}, HandlerFunc(func(e Event) { out = append(out, e) }))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out[len(out)-1].(*InputInfo); !ok {
		t.Fatalf("last event is %T, want *InputInfo", out[len(out)-1])
	}
	return out[:len(out)-1]
}

func only[T Event](evs []Event) []T {
	var out []T
	for _, e := range evs {
		if x, ok := e.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

func noWarnings(t *testing.T, evs []Event) {
	t.Helper()
	for _, d := range only[*Diagnostic](evs) {
		if d.Severity == "warning" {
			t.Errorf("unexpected diagnostic at line %d: %s", d.Line, d.Message)
		}
	}
}

const header = `======================= Schemathesis test session starts =======================
Schema location: http://localhost/openapi.json
Base URL: http://localhost/api
Specification version: Open API 3.0.3
Random seed: 1234
Workers: 1
Collected API operations: 2
Collected API links: 0
API probing: SUCCESS
Schema analysis: SKIP

`

func TestFailureBlock(t *testing.T) {
	log := header + `GET /api/items/{id} F                                                     [ 50%]
POST /api/items F                                                         [100%]

=================================== FAILURES ===================================
_____________________________ GET /api/items/{id} ______________________________
[FLAKY] Schemathesis was not able to reliably reproduce this failure

1. Test Case ID: aB3xYz

- Server error

- Undocumented HTTP status code

    Received: 500
    Documented: 200, 404

[500] Internal Server Error:

    ` + "`" + `<html>
    <title>KeyError at /api/items/0</title>
    </html>` + "`" + `

Reproduce with: 

    curl -X GET -H 'Authorization: [Filtered]' http://localhost/api/items/0

2. Test Case ID: Qw9Er7

- Undocumented HTTP status code

    Received: 418
    Documented: 200, 404

[418] I'm a Teapot:

    <EMPTY>

Reproduce with: 

    curl -X GET http://localhost/api/items/1
_______________________________ POST /api/items ________________________________
1. Test Case ID: Zx8Cv6

- Response violates schema

    'name' is a required property

    Schema at /required:

        ["name"]

    Value:

        {}

[201] Created:

    ` + "`{}`" + `

Reproduce with: 

    curl -X POST -H 'Content-Type: multipart/form-data; boundary=xx' -d '--xx
Content-Disposition: form-data; name="a"

1
--xx--
' http://localhost/api/items

=================================== SUMMARY ====================================

Performed checks:
    not_a_server_error                              10 / 12 passed          FAILED 
    status_code_conformance                         10 / 12 passed          FAILED 
    response_schema_conformance                     11 / 12 passed          FAILED 

======================== 2 failed in 3.21s ========================
`
	evs := events(t, log)
	noWarnings(t, evs)
	fs := only[*Failure](evs)
	if len(fs) != 3 {
		t.Fatalf("got %d failures, want 3", len(fs))
	}
	f := fs[0]
	if f.Operation != "GET /api/items/{id}" || f.Index != 1 || f.TestCaseID != "aB3xYz" || !f.Flaky {
		t.Errorf("first failure header = %+v", f)
	}
	wantChecks := []Check{
		{Title: "Server error", Name: "not_a_server_error"},
		{Title: "Undocumented HTTP status code", Name: "status_code_conformance", Message: "Received: 500\nDocumented: 200, 404"},
	}
	if !reflect.DeepEqual(f.Checks, wantChecks) {
		t.Errorf("checks = %+v", f.Checks)
	}
	if f.Status != 500 || f.Reason != "Internal Server Error" {
		t.Errorf("status = %d %q", f.Status, f.Reason)
	}
	if f.Body != "<html>\n<title>KeyError at /api/items/0</title>\n</html>" {
		t.Errorf("body = %q", f.Body)
	}
	if len(f.Reproduce) != 1 || !strings.HasPrefix(f.Reproduce[0], "curl -X GET") {
		t.Errorf("reproduce = %q", f.Reproduce)
	}
	if f.Line != 19 {
		t.Errorf("first failure starts at line %d, want 19", f.Line)
	}
	if g := fs[1]; g.Index != 2 || g.BodyKind != "empty" || g.Status != 418 || !g.Flaky {
		t.Errorf("second failure = %+v", g)
	}
	h := fs[2]
	if h.Flaky {
		t.Error("the flaky banner leaked into the next operation")
	}
	if want := "'name' is a required property\n\nSchema at /required:\n\n    [\"name\"]\n\nValue:\n\n    {}"; h.Checks[0].Message != strings.ReplaceAll(want, "\n\n", "\n") && h.Checks[0].Message != want {
		t.Errorf("schema message = %q", h.Checks[0].Message)
	}
	if len(h.Reproduce) != 1 || !strings.Contains(h.Reproduce[0], "--xx--\n' http://localhost/api/items") {
		t.Errorf("multi-line curl = %q", h.Reproduce)
	}
	cts := only[*CheckTotal](evs)
	if len(cts) != 3 || cts[0].Passed != 10 || cts[0].Total != 12 || !cts[0].Failed {
		t.Errorf("check totals = %+v", cts)
	}
	ends := only[*RunEnd](evs)
	if len(ends) != 1 || ends[0].Failed != 2 || ends[0].Seconds != 3.21 || !reflect.DeepEqual(ends[0].Has, []string{"failed"}) {
		t.Errorf("final line = %+v", ends)
	}
}

func TestLegacyFailureBlock(t *testing.T) {
	log := header + `GET /api/users F                                                          [100%]

=================================== FAILURES ===================================
________________________________ GET /api/users ________________________________
1. Received a response with 5xx status code: 500

2. Received a response with a status code, which is not defined in the schema: 500

Declared status codes: 200

Response status: 500
Response payload: ` + "`Internal Server Error`" + `

Run this cURL command to reproduce this failure:

    curl -X GET http://localhost/api/users

X-Schemathesis-TestCaseId: 404a1274bcc74298b0a2f1efbef69a38

Or add this option to your command line parameters: --hypothesis-seed=103229


1. Received a response with 5xx status code: 502

Response status: 502
Response payload: ` + "`bad gateway`" + `

Run this Python code to reproduce this failure:

    requests.get('http://localhost/api/users', params={'q': 'x'})

X-Schemathesis-TestCaseId: 504a1274bcc74298b0a2f1efbef69a38

=================================== SUMMARY ====================================

Performed checks:
    not_a_server_error                    0 / 2 passed          FAILED 
    status_code_conformance               1 / 2 passed          FAILED 

========================= 1 failed in 0.52s =========================
`
	evs := events(t, log)
	noWarnings(t, evs)
	fs := only[*Failure](evs)
	if len(fs) != 2 {
		t.Fatalf("got %d failures, want 2", len(fs))
	}
	f := fs[0]
	if !f.Legacy || f.Status != 500 || f.Body != "Internal Server Error" || f.TestCaseID != "404a1274bcc74298b0a2f1efbef69a38" {
		t.Errorf("legacy failure = %+v", f)
	}
	if len(f.Checks) != 2 || f.Checks[0].Name != "not_a_server_error" || f.Checks[1].Name != "status_code_conformance" {
		t.Errorf("legacy checks = %+v", f.Checks)
	}
	if len(f.Reproduce) != 1 || f.Reproduce[0] != "curl -X GET http://localhost/api/users" {
		t.Errorf("legacy reproduce = %q", f.Reproduce)
	}
	if g := fs[1]; g.Status != 502 || len(g.Reproduce) != 1 || !strings.HasPrefix(g.Reproduce[0], "requests.get(") {
		t.Errorf("second legacy failure = %+v", g)
	}
}

func TestProgressForms(t *testing.T) {
	log := header + `GET /api/a .                                                              [ 25%]
GET /api/very/long/path/that/does/not/fit/into/the/terminal/width/at/a[...] F [ 50%]
    -> GET /api/a/{id} .                                                     [ 75%]
POST /api/b S                                                             [100%]

Stateful tests

..F

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! KeyboardInterrupt !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

=================================== SUMMARY ====================================

No checks were performed.

======================== 1 passed, 1 failed, 1 skipped in 9.00s ========================
`
	evs := events(t, log)
	noWarnings(t, evs)
	ps := only[*Progress](evs)
	if len(ps) != 4 {
		t.Fatalf("got %d progress events", len(ps))
	}
	if !ps[1].Truncated || ps[1].Symbol != 'F' || !strings.HasSuffix(ps[1].Label, "at/a") {
		t.Errorf("truncated label = %+v", ps[1])
	}
	if !ps[2].Stateful || ps[2].Label != "GET /api/a/{id}" {
		t.Errorf("stateful link = %+v", ps[2])
	}
	pl := only[*ProgressLine](evs)
	if len(pl) != 1 || !pl[0].Stateful || pl[0].Passed != 2 || pl[0].Failed != 1 {
		t.Errorf("stateful symbols = %+v", pl)
	}
	if len(only[*Interrupted](evs)) != 1 {
		t.Error("KeyboardInterrupt not reported")
	}
	end := only[*RunEnd](evs)[0]
	if end.Passed != 1 || end.Failed != 1 || end.Skipped != 1 {
		t.Errorf("final = %+v", end)
	}
}

func TestWorkersSymbolLine(t *testing.T) {
	log := strings.Replace(header, "Workers: 1", "Workers: 4", 1) + "..F.E.S?\n\n"
	pl := only[*ProgressLine](events(t, log))
	if len(pl) != 1 || pl[0].Passed != 4 || pl[0].Failed != 1 || pl[0].Errored != 1 || pl[0].Skipped != 1 || pl[0].Unknown != 1 {
		t.Errorf("symbol line = %+v", pl)
	}
}

func TestNoHeader(t *testing.T) {
	tests := []struct {
		name, log, title string
	}{
		{"hooks", "pip: notice\nUnable to load Schemathesis extension hooks\n\nAn error occurred while importing the module 'ci_hooks'. Traceback:\n\n  File \"ci_hooks.py\", line 3\nSyntaxError: invalid syntax\n", "Unable to load Schemathesis extension hooks"},
		{"schema", "Schema Loading Error\n\nConnection failed\n\n    Failed to establish a new connection\n\nTip: Use `--wait-for-schema=NUM`\n", "Schema Loading Error"},
		{"usage", "Usage: st run [OPTIONS] SCHEMA\nTry 'st run -h' for help.\n\nError: No such option: --bogus\n", "Usage Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := events(t, tt.log)
			noWarnings(t, evs)
			errs := only[*ErrorBlock](evs)
			if len(errs) != 1 || errs[0].Title != tt.title || !errs[0].Fatal || errs[0].Message == "" {
				t.Fatalf("errors = %+v", errs)
			}
			if len(only[*RunStart](evs)) != 0 {
				t.Error("a run started")
			}
		})
	}
}

func TestCrashMidFailures(t *testing.T) {
	log := header + `GET /api/a F                                                              [100%]

=================================== FAILURES ===================================
__________________________________ GET /api/a __________________________________
1. Test Case ID: Kq1Lm2

- Response violates schema
Internal Error

Schemathesis encountered an unexpected issue.

Traceback (most recent call last):
  File "default.py", line 321, in display
UnicodeEncodeError: 'charmap' codec can't encode character
`
	evs := events(t, log)
	noWarnings(t, evs)
	fs := only[*Failure](evs)
	if len(fs) != 1 || fs[0].Checks[0].Name != "response_schema_conformance" {
		t.Fatalf("failures = %+v", fs)
	}
	errs := only[*ErrorBlock](evs)
	if len(errs) != 1 || !errs[0].Fatal || errs[0].Title != "Internal Error" || !strings.Contains(errs[0].Message, "UnicodeEncodeError") {
		t.Errorf("crash = %+v", errs)
	}
	if len(only[*RunEnd](evs)) != 0 {
		t.Error("a crashed run has no final line")
	}
}

func TestUnknownLinesBecomeDiagnostics(t *testing.T) {
	log := header + `GET /api/a F                                                              [100%]

=================================== FAILURES ===================================
__________________________________ GET /api/a __________________________________
1. Test Case ID: Kq1Lm2

- Server error

something odd here
`
	ds := only[*Diagnostic](events(t, log))
	if len(ds) != 1 || ds[0].Line != 20 || !strings.Contains(ds[0].Message, "something odd here") {
		t.Errorf("diagnostics = %+v", ds)
	}
}

func TestMultipleRunsAndTrailer(t *testing.T) {
	log := "pre\n" + header + "GET /api/a .      [100%]\n\n==== 1 passed in 1.00s ====\n##not a marker\nafter\n" + header + "GET /api/a F      [100%]\n"
	evs := events(t, log)
	if n := len(only[*RunStart](evs)); n != 2 {
		t.Errorf("got %d runs, want 2", n)
	}
	if tr := only[*Trailer](evs); len(tr) != 1 || tr[0].Lines != 2 {
		t.Errorf("trailer = %+v", tr)
	}
	if pre := only[*Preamble](evs); len(pre) != 1 || pre[0].Text != "pre" {
		t.Errorf("preamble = %+v", pre)
	}
}

func TestParseFinal(t *testing.T) {
	tests := []struct {
		title string
		ok    bool
		want  RunEnd
	}{
		{"365 passed, 27 failed in 78.72s", true, RunEnd{Passed: 365, Failed: 27, Seconds: 78.72, Has: []string{"passed", "failed"}}},
		{"1 passed, 2 errored in 1.00s", true, RunEnd{Passed: 1, Errored: 2, Seconds: 1, Has: []string{"passed", "errored"}}},
		{"in 1.00s", true, RunEnd{Seconds: 1}},
		{"Empty test suite", true, RunEnd{Empty: true}},
		{"FAILURES", false, RunEnd{}},
		{"3 apples in 2s", false, RunEnd{}},
	}
	for _, tt := range tests {
		got, ok := parseFinal(tt.title)
		if ok != tt.ok {
			t.Errorf("parseFinal(%q) ok = %v", tt.title, ok)
			continue
		}
		if ok && !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseFinal(%q) = %+v, want %+v", tt.title, *got, tt.want)
		}
	}
}

func TestCheckName(t *testing.T) {
	tests := map[string]string{
		"Server error": "not_a_server_error",
		"Response violates schema (3 violations)":                     "response_schema_conformance",
		"Custom check failed: `missing_required_header`":              "missing_required_header",
		"Authentication declared but not enforced for this operation": "ignored_auth",
		"Something new": "",
	}
	for title, want := range tests {
		if got, _ := CheckName(title); got != want {
			t.Errorf("CheckName(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestRuleTitle(t *testing.T) {
	long := "GET /api/v1/some/extremely/long/nested/resource/path/{resource_id}/children/{child}"
	tests := []struct {
		line string
		want string
		ok   bool
	}{
		{"=================================== FAILURES ===================================", "FAILURES", true},
		{"________________________________ GET /api/flaky ________________________________", "GET /api/flaky", true},
		{" " + long + " _", long, true}, // Python's center puts a single fill on the right
		{"_ " + long + " ", long, true},
		{"_ " + long, long, true}, // right-stripped
		{"= x =", "", false},
		{"__init__", "", false},
		{"==========", "", false},
		{"no fill at all", "", false},
	}
	for _, tt := range tests {
		fill := byte('=')
		if strings.Contains(tt.line, "_") {
			fill = '_'
		}
		got, ok := ruleTitle([]byte(tt.line), fill)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ruleTitle(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFailureBlocks(t *testing.T) {
	text := "1. Test Case ID: Ab12Cd\n\n- Server error\n\n- Undocumented HTTP status code\n\n    Received: 500\n    Documented: 200\n\n[500] Internal Server Error:\n\n    `boom`\n\nReproduce with: \n\n    curl -X GET http://localhost/api/a\n\n2. Test Case ID: Ef34Gh\n\n- Server error\n\n[502] Bad Gateway:\n\n    <EMPTY>\n\nReproduce with: \n\n    curl -X GET http://localhost/api/a?x=1"
	var fs []*Failure
	FailureBlocks("GET /api/a", text, Span{Offset: 100, End: 900, Line: 7, EndLine: 30}, Options{}, HandlerFunc(func(e Event) {
		switch e := e.(type) {
		case *Failure:
			fs = append(fs, e)
		case *Diagnostic:
			t.Errorf("diagnostic: %s", e.Message)
		}
	}))
	if len(fs) != 2 {
		t.Fatalf("got %d failures", len(fs))
	}
	if fs[0].Operation != "GET /api/a" || len(fs[0].Checks) != 2 || fs[0].Status != 500 || fs[0].Body != "boom" || fs[0].Line != 7 {
		t.Errorf("first = %+v", fs[0])
	}
	if fs[1].TestCaseID != "Ef34Gh" || fs[1].Status != 502 || fs[1].BodyKind != "empty" || len(fs[1].Reproduce) != 1 {
		t.Errorf("second = %+v", fs[1])
	}
}

func TestAsyncKeepsOrder(t *testing.T) {
	var got []int
	h, wait := Async(HandlerFunc(func(e Event) { got = append(got, e.Pos().Line) }))
	for i := 1; i <= 1000; i++ {
		h.Handle(&Preamble{Span: Span{Line: i}})
	}
	wait()
	if len(got) != 1000 {
		t.Fatalf("got %d events", len(got))
	}
	for i, l := range got {
		if l != i+1 {
			t.Fatalf("event %d has line %d", i, l)
		}
	}
}
