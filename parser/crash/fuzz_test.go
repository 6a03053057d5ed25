package crash

import (
	"bytes"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// FuzzParseCrash checks that any input reads to the end without an error from an in-memory reader,
// with every event's span inside it. Seeds stay small: big seeds stall Go's minimization.
func FuzzParseCrash(f *testing.F) {
	f.Add([]byte(`{"operation": "GET /a", "method": "GET", "path_template": "/a", "fingerprint": "3f9c", "case_id": "Ab1", "code_sample": "curl http://h/a", "failures": [{"check": "not_a_server_error", "title": "Server error", "message": "boom"}], "sequence": [{"response": {"status_code": 500, "body": "x"}}]}`))
	f.Add([]byte(`{"format_version": 1, "schemathesis_version": "4.25.0", "schema_location": "http://x/openapi.json", "base_url": "http://x"}`))
	f.Add([]byte(`{"operation": "GET /a", "case_id": "`))
	f.Add([]byte("\ufeff{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []parser.Event
		st, err := Parse(bytes.NewReader(data), parser.Options{Name: "fuzz.json", MaxText: 256},
			parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
		if err != nil {
			t.Fatalf("Parse error on an in-memory reader: %v", err)
		}
		parsertest.CheckSourceInvariants(t, data, st, evs)
	})
}
