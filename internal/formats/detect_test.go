package formats

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want parser.Format
	}{
		{"3.x log", "======================= Schemathesis test session starts ====", parser.FormatText},
		{"4.x log", "Schemathesis v4.3.2\n━━━━━━━━━━━━━━━━━━━\n", parser.FormatText},
		{"github log", "\uFEFF2025-03-14T09:12:45.1234567Z Requested labels: ubuntu-latest\n", parser.FormatText},
		{"junit-xml lib", "<?xml version=\"1.0\" ?>\n<testsuites disabled=\"0\">", parser.FormatJUnit},
		{"elementtree", "<?xml version='1.0' encoding='utf-8'?>\n<testsuites>", parser.FormatJUnit},
		{"bare testsuites", "\n<testsuites>", parser.FormatJUnit},
		{"cassette 3.x", "command: 'st run http://x --cassette-path c.yaml'\nrecorded_with: 'Schemathesis 3.39.16'\nhttp_interactions:\n", parser.FormatCassette},
		{"cassette 4.x", "command: 'st run'\nrecorded_with: 'Schemathesis 4.25.0'\nseed: 42\nhttp_interactions:\n", parser.FormatCassette},
		{"har", "{\n  \"log\": {\n    \"version\": \"1.2\"", parser.FormatHAR},
		{"other json", "{\"a\": 1}", ""},
		{"ndjson", "{\"Initialize\":{\"command\":\"st run x --report ndjson\",\"schemathesis_version\":\"4.21.3\",\"seed\":1}}\n", parser.FormatNDJSON},
		{"ndjson without Initialize", "{\"EngineStarted\":{\"id\":\"5e1f\",\"timestamp\":1.5}}\n{\"log\":1}", parser.FormatNDJSON},
		{"ndjson spaced", "{ \"LoadingStarted\" : {}}", parser.FormatNDJSON},
		{"json with an event-like value", "{\"name\": \"Initialize\"}", ""},
		{"har whose first key is log", "{\"log\": {\"entries\": []}}", parser.FormatHAR},
		{"crash file", "{\n  \"operation\": \"GET /users\",\n  \"method\": \"GET\",\n  \"path_template\": \"/users\",\n  \"fingerprint\": \"3f9c1a07\",\n  \"case_id\": \"Uo3yKj\",\n  \"code_sample\": \"curl\",\n  \"sequence\": [{\"response\": {\"body\": \"{\\\"log\\\": 1}\"}}]", parser.FormatCrash},
		{"crash manifest", "{\n  \"format_version\": 1,\n  \"schemathesis_version\": \"4.25.0\",\n  \"schema_location\": \"http://x/openapi.json\"", parser.FormatCrash},
		{"allure result", "{\"name\": \"GET /api/health\", \"status\": \"passed\", \"statusDetails\": {}, \"start\": 1, \"stop\": 2, \"uuid\": \"e5f6\", \"historyId\": \"a1\"", parser.FormatAllure},
		{"allure result quoting a HAR-like body", "{\"name\": \"GET /a\", \"status\": \"failed\", \"statusDetails\": {}, \"steps\": [{\"name\": \"Test Case: x\", \"statusDetails\": {\"message\": \"- Server error\\n\\n    `{\\\"log\\\": 1}`\"", parser.FormatAllure},
		{"binary", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15", ""},
		{"empty", "", parser.FormatText},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %q, want %q", tt.name, got, tt.want)
		}
	}
	// UTF-16 text is text too.
	var b []byte
	b = binary.LittleEndian.AppendUint16(b, 0xFEFF)
	for _, r := range "<?xml version=\"1.0\"?>\n<testsuites>" {
		b = binary.LittleEndian.AppendUint16(b, uint16(r))
	}
	if got := Detect(b); got != parser.FormatJUnit {
		t.Errorf("UTF-16 JUnit: Detect = %q", got)
	}
}

// TestParseNDJSON: an NDJSON event stream is detected from its first line and read by the NDJSON
// reader, and --format ndjson forces it.
func TestParseNDJSON(t *testing.T) {
	data, err := os.ReadFile("../../testdata/ndjson/pair-harbor.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	for _, forced := range []parser.Format{"", parser.FormatNDJSON} {
		failures := 0
		f, st, err := Parse(bytes.NewReader(data), forced, parser.Options{Name: "events.ndjson"}, parser.HandlerFunc(func(e parser.Event) {
			if _, ok := e.(*parser.Failure); ok {
				failures++
			}
		}))
		if err != nil || f != parser.FormatNDJSON || st.Bytes != int64(len(data)) || failures != 4 {
			t.Errorf("forced %q: format %q, stats %+v, %d failures, err %v", forced, f, st, failures, err)
		}
	}
	if f, err := ParseFormat("ndjson"); err != nil || f != parser.FormatNDJSON {
		t.Errorf("ParseFormat(ndjson) = %q, %v", f, err)
	}
}
