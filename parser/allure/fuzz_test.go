package allure

import (
	"bytes"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// FuzzParseAllure checks that any input reads to the end without an error from an in-memory
// reader, with every event's span inside it. Seeds stay small: big seeds stall Go's minimization.
func FuzzParseAllure(f *testing.F) {
	f.Add([]byte(`{"name": "GET /a", "status": "failed", "statusDetails": {"message": "x"}, "steps": [{"name": "Test Case: Ab1", "status": "failed", "statusDetails": {"message": "- Server error\n\n[500] Internal Server Error:\n\n    ` + "`boom`" + `\n\nReproduce with:\n\n    curl http://h/a\n"}}], "labels": [{"name": "story", "value": "GET /a"}]}`))
	f.Add([]byte(`{"name": "POST /b", "status": "broken", "statusDetails": {"message": "Schema Error\nbad ref", "trace": "t"}, "historyId": "h"}`))
	f.Add([]byte(`{"name": "Run checks", "status": "failed", "steps": [{"name": "Run check"}], "fullName": "x"}`))
	f.Add([]byte(`{"status": "skipped", "statusDetails": {"message": "why"}, "testCaseId": "1"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []parser.Event
		st, err := Parse(bytes.NewReader(data), parser.Options{Name: "fuzz-result.json", MaxText: 256},
			parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
		if err != nil {
			t.Fatalf("Parse error on an in-memory reader: %v", err)
		}
		parsertest.CheckSourceInvariants(t, data, st, evs)
	})
}
