package allure

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

const failingRun = "../../testdata/allure/failing-run"

// readRun reads the result files of dir, sorted, and finds attachments beside them.
func readRun(t *testing.T, dir string) ([]File, Attachments) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*-result.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no results in %s: %v", dir, err)
	}
	slices.Sort(names)
	var files []File
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: n, Data: data})
	}
	return files, func(source string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join(dir, source))
		return data, err == nil
	}
}

func events(files []File, attach Attachments) []parser.Event {
	var out []parser.Event
	ParseRun(files, attach, parser.Options{Name: "allure"}, parser.HandlerFunc(func(e parser.Event) { out = append(out, e) }))
	return out
}

func TestLooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(failingRun, "3c7e9b1a-5d2f-4e8a-9c61-0f4b2d8e7a15-result.json"))
	if err != nil {
		t.Fatal(err)
	}
	longBody := `{"name": "GET /a", "status": "failed", "statusDetails": {}, "steps": [{"name": "Test Case: x", "status": "failed", "statusDetails": {"message": "- Server error\n\n[500] Internal Server Error:\n\n    ` +
		strings.Repeat(`{\"log\": 1, \"path_template\": \"/x\", \"fingerprint\": 1, \"case_id\": 1}`, 100)
	for _, tt := range []struct {
		name string
		head string
		want bool
	}{
		{"schemathesis result", string(data), true},
		{"failure text past the head", longBody[:4096], true},
		{"indented (ALLURE_INDENT_OUTPUT)", "{\n    \"name\": \"GET /a\",\n    \"status\": \"passed\",\n    \"statusDetails\": {},\n", true},
		{"uuid first", `{"uuid": "1", "historyId": "2", "status": "skipped"}`, true},
		{"har", `{"log": {"version": "1.2", "entries": [{"response": {"status": 500}}]}}`, false},
		{"crash file", `{"operation": "GET /a", "path_template": "/a", "fingerprint": "f", "case_id": "c", "status": "failed"}`, false},
		{"other json", `{"status": "passed"}`, false},
		{"not json", `status: passed statusDetails`, false},
	} {
		if got := Looks(tt.head); got != tt.want {
			t.Errorf("%s: Looks = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIsAttachment(t *testing.T) {
	for name, want := range map[string]bool{
		"allure/8d0c4f2e-71b3-4a9e-b5d6-2e9f1c3a7b40-attachment":      true, // Schemathesis: no extension
		"allure/8d0c4f2e-71b3-4a9e-b5d6-2e9f1c3a7b40-attachment.json": true,
		`r.zip\x-attachment.txt`:                                      true,
		"allure/8d0c4f2e-result.json":                                 false,
		"allure/attachment.txt":                                       false,
		"allure/x-attachment.tar.gz":                                  false,
	} {
		if got := IsAttachment(name); got != want {
			t.Errorf("IsAttachment(%q) = %v", name, got)
		}
	}
}

// TestFailingRun: the three results of a failing run are one run: a passed, a failed and a broken
// operation; the failed one's step is one test case with the two checks the text log names, its
// status, body and curl; the broken one's error is an ErrorBlock.
func TestFailingRun(t *testing.T) {
	files, attach := readRun(t, failingRun)
	evs := events(files, attach)
	var starts, ends int
	var progress []string
	var failures []*parser.Failure
	var errs []*parser.ErrorBlock
	var end *parser.RunEnd
	for _, e := range evs {
		switch e := e.(type) {
		case *parser.RunStart:
			starts++
			if e.Format != parser.FormatAllure {
				t.Errorf("RunStart format %q", e.Format)
			}
		case *parser.Progress:
			progress = append(progress, e.Label+" "+string(e.Symbol))
		case *parser.Failure:
			failures = append(failures, e)
		case *parser.ErrorBlock:
			errs = append(errs, e)
		case *parser.RunEnd:
			end = e
			ends++
		case *parser.Diagnostic:
			t.Errorf("diagnostic: %+v", e)
		}
	}
	if starts != 1 || ends != 1 {
		t.Fatalf("%d RunStart, %d RunEnd; want one run", starts, ends)
	}
	wantProgress := []string{"GET /api/users/{user_id} F", "POST /api/orders E", "GET /api/health ."}
	if !slices.Equal(progress, wantProgress) {
		t.Errorf("progress %q, want %q", progress, wantProgress)
	}
	if end.Text != "allure: 1 passed, 1 failed, 1 errored" || end.Passed != 1 || end.Failed != 1 || end.Errored != 1 {
		t.Errorf("RunEnd %+v", end)
	}
	if len(failures) != 1 {
		t.Fatalf("%d failures, want 1", len(failures))
	}
	f := failures[0]
	var checks []string
	for _, c := range f.Checks {
		checks = append(checks, c.Name+"="+c.Title)
	}
	if f.Operation != "GET /api/users/{user_id}" || f.TestCaseID != "k3Xv9Q" || f.Index != 1 || f.Status != 500 ||
		!slices.Equal(checks, []string{"not_a_server_error=Server error", "status_code_conformance=Undocumented HTTP status code"}) ||
		!strings.Contains(f.Body, "KeyError: 'email'") ||
		len(f.Reproduce) != 1 || !strings.HasPrefix(f.Reproduce[0], "curl -X GET") {
		t.Errorf("failure %+v", f)
	}
	if len(errs) != 1 || errs[0].Operation != "POST /api/orders" || errs[0].Title != "Schema Error" ||
		!strings.Contains(errs[0].Message, "unsupported regular expression") {
		t.Errorf("errors %+v", errs)
	}
	// Events lie inside the files laid end to end: the failure at the first file.
	if f.Span.Offset != 0 || f.Span.End != int64(len(files[0].Data)) || f.Span.Line != 1 {
		t.Errorf("failure span %+v", f.Span)
	}
}

// TestAttachmentsFillWhatTheTextLacks: a step whose text has no curl command or body takes them
// from the result's curl and response attachments; a missing attachment changes nothing.
func TestAttachmentsFillWhatTheTextLacks(t *testing.T) {
	res := `{"name": "POST /api/orders", "status": "failed", "statusDetails": {}, "steps": [{"name": "Test Case: Zq81", "status": "failed",
 "statusDetails": {"message": "- Server error\n\n[500] Internal Server Error:\n\n    <EMPTY>"}}],
 "attachments": [{"name": "curl", "source": "c-attachment", "type": "text/plain"}, {"name": "Response body", "source": "r-attachment.json", "type": "application/json"}],
 "uuid": "u", "fullName": "POST /api/orders", "labels": [{"name": "story", "value": "POST /api/orders"}]}`
	files := []File{{Name: "u-result.json", Data: []byte(res)}}
	att := map[string]string{"c-attachment": "curl -X POST http://127.0.0.1:8080/api/orders -d '{}'\n"}
	var f *parser.Failure
	for _, e := range events(files, func(s string) ([]byte, bool) { d, ok := att[s]; return []byte(d), ok }) {
		if e, ok := e.(*parser.Failure); ok {
			f = e
		}
	}
	if f == nil || len(f.Reproduce) != 1 || f.Reproduce[0] != "curl -X POST http://127.0.0.1:8080/api/orders -d '{}'" {
		t.Fatalf("failure %+v; want the curl attachment as its reproduce command", f)
	}
	if f.Body != "" || f.BodyKind != "empty" {
		t.Errorf("body %q (%s): an empty response stays empty, and the missing response attachment adds nothing", f.Body, f.BodyKind)
	}
	// Without attachments, the same failure has no reproduce command.
	for _, e := range events(files, nil) {
		if e, ok := e.(*parser.Failure); ok && len(e.Reproduce) != 0 {
			t.Errorf("without attachments: reproduce %q", e.Reproduce)
		}
	}
}

// TestRunChecksAndSkipped: the after-run checks' result gives failures without a test case under
// "Run checks", counted in no status; a skipped operation counts as skipped; a result that is
// not JSON is a warning.
func TestRunChecksAndSkipped(t *testing.T) {
	files := []File{
		{Name: "a-result.json", Data: []byte(`{"name": "Run checks", "status": "failed", "statusDetails": {}, "steps": [{"name": "Run check", "status": "failed", "statusDetails": {"message": "- Missing authentication\n\n    The API accepted requests without credentials\n\n    <NO RESPONSE>\n\nReproduce with: \n\n    None"}}], "fullName": "Run checks"}`)},
		{Name: "b-result.json", Data: []byte(`{"name": "DELETE /api/users/{user_id}", "status": "skipped", "statusDetails": {"message": "Operation excluded by filter"}, "fullName": "DELETE /api/users/{user_id}"}`)},
		{Name: "c-result.json", Data: []byte(`{"name": "GET /x", "status": "passed", `)},
	}
	var fs []*parser.Failure
	var progress []string
	var diags []string
	var end *parser.RunEnd
	for _, e := range events(files, nil) {
		switch e := e.(type) {
		case *parser.Failure:
			fs = append(fs, e)
		case *parser.Progress:
			progress = append(progress, e.Label+" "+string(e.Symbol))
		case *parser.Diagnostic:
			diags = append(diags, e.Code)
		case *parser.RunEnd:
			end = e
		}
	}
	if len(fs) != 1 || fs[0].Operation != "Run checks" || fs[0].Index != 0 || fs[0].TestCaseID != "" ||
		len(fs[0].Checks) != 1 || fs[0].Checks[0].Title != "Missing authentication" {
		t.Errorf("run checks: %+v", fs)
	}
	if !slices.Equal(progress, []string{"DELETE /api/users/{user_id} S"}) || end.Text != "allure: 1 skipped" {
		t.Errorf("progress %q, end %+v", progress, end)
	}
	if !slices.Equal(diags, []string{"json"}) {
		t.Errorf("diagnostics %q; want one json warning", diags)
	}
}
