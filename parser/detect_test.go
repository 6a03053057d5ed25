package parser

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"3.x log", "======================= Schemathesis test session starts ====", FormatText},
		{"4.x log", "Schemathesis v4.3.2\n━━━━━━━━━━━━━━━━━━━\n", FormatText},
		{"github log", "\uFEFF2025-03-14T09:12:45.1234567Z Requested labels: ubuntu-latest\n", FormatText},
		{"junit-xml lib", "<?xml version=\"1.0\" ?>\n<testsuites disabled=\"0\">", FormatJUnit},
		{"elementtree", "<?xml version='1.0' encoding='utf-8'?>\n<testsuites>", FormatJUnit},
		{"bare testsuites", "\n<testsuites>", FormatJUnit},
		{"cassette 3.x", "command: 'st run http://x --cassette-path c.yaml'\nrecorded_with: 'Schemathesis 3.39.16'\nhttp_interactions:\n", FormatCassette},
		{"cassette 4.x", "command: 'st run'\nrecorded_with: 'Schemathesis 4.25.0'\nseed: 42\nhttp_interactions:\n", FormatCassette},
		{"har", "{\n  \"log\": {\n    \"version\": \"1.2\"", FormatHAR},
		{"other json", "{\"a\": 1}", ""},
		{"binary", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15", ""},
		{"empty", "", FormatText},
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
	if got := Detect(b); got != FormatJUnit {
		t.Errorf("UTF-16 JUnit: Detect = %q", got)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"auto": "", "text": FormatText, "junit": FormatJUnit, "vcr": FormatCassette, "cassette": FormatCassette, "har": FormatHAR} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "junit") {
		t.Errorf("ParseFormat(pdf) error = %v; want one naming the known formats", err)
	}
}

func TestParseAnyUnknown(t *testing.T) {
	_, _, err := ParseAny(strings.NewReader("{\"not\": \"har\"}"), "", Options{Name: "x.json"}, HandlerFunc(func(Event) {}))
	if err == nil || !strings.Contains(err.Error(), "x.json") || !strings.Contains(err.Error(), "--format") {
		t.Errorf("error = %v", err)
	}
}
