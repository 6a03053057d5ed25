package crash

import (
	"os"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

func events(t *testing.T, data string) []parser.Event {
	t.Helper()
	var evs []parser.Event
	if _, err := Parse(strings.NewReader(data), parser.Options{Name: "c.json"}, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) })); err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestParseCrashFile(t *testing.T) {
	data, err := os.ReadFile("../../testdata/crashes/GET_api_v2_ports_code_berths_response_schema_conformance_b41e77d2.json")
	if err != nil {
		t.Fatal(err)
	}
	if !Looks(string(data[:330])) { // up to case_id
		t.Error("Looks = false for a crash file")
	}
	evs := events(t, string(data))
	start, ok := evs[0].(*parser.RunStart)
	if !ok || start.Format != parser.FormatCrash || start.Kind != "crash-files" {
		t.Fatalf("first event %#v", evs[0])
	}
	f, ok := evs[1].(*parser.Failure)
	if !ok {
		t.Fatalf("second event %#v", evs[1])
	}
	if f.Operation != "GET /api/v2/ports/{code}/berths/" || f.TestCaseID != "Qm7TzP" || f.Status != 200 || f.Body != `[{"berth":"B7"}]` {
		t.Errorf("failure = %+v", f)
	}
	if len(f.Checks) != 1 || f.Checks[0].Title != "Response violates schema" || f.Checks[0].Name != "response_schema_conformance" ||
		!strings.HasPrefix(f.Checks[0].Message, "'length_m' is a required property") {
		t.Errorf("checks = %+v", f.Checks)
	}
	if len(f.Reproduce) != 1 || !strings.HasPrefix(f.Reproduce[0], "curl -X GET") {
		t.Errorf("reproduce = %q", f.Reproduce)
	}
	if _, ok := evs[len(evs)-1].(*parser.InputInfo); !ok {
		t.Errorf("last event %#v", evs[len(evs)-1])
	}
}

func TestParseManifest(t *testing.T) {
	data, err := os.ReadFile("../../testdata/crashes/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if !Looks(string(data)) {
		t.Error("Looks = false for a manifest")
	}
	settings := map[string]string{}
	for _, e := range events(t, string(data)) {
		switch e := e.(type) {
		case *parser.Setting:
			settings[e.Key] = e.Value
		case *parser.RunStart:
			if e.Version != "4.25.0" {
				t.Errorf("version %q", e.Version)
			}
		case *parser.Failure:
			t.Errorf("a manifest has no failures: %+v", e)
		}
	}
	if settings["Schema location"] != "http://harbor-api:8000/openapi.json" || settings["Base URL"] != "http://harbor-api:8000" {
		t.Errorf("settings = %v", settings)
	}
}

func TestParseBroken(t *testing.T) {
	for _, in := range []string{`{"operation": "GET /x", "fingerprint": "ab", "case_id": "x", "sequence": [`, `{"operation": "GET /x", "fingerprint": "ab", "case_id": "x", "code_sample": "", "sequence": []}`} {
		var diag *parser.Diagnostic
		for _, e := range events(t, in) {
			if d, ok := e.(*parser.Diagnostic); ok {
				diag = d
			}
			if _, ok := e.(*parser.Failure); ok {
				t.Errorf("%s: a failure from a broken crash file", in)
			}
		}
		if diag == nil || diag.Severity != "warning" {
			t.Errorf("%s: diagnostic %+v", in, diag)
		}
	}
	if Looks(`{"log": {"version": "1.2"}}`) || Looks(`{"a": 1}`) {
		t.Error("Looks = true for HAR or other JSON")
	}
}
