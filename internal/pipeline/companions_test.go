package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompanionReportsNoted: a log whose run names report files (`Reports:`) that exist beside it
// gets a note saying so, unless they were given as inputs; a missing one is not mentioned.
func TestCompanionReportsNoted(t *testing.T) {
	data, err := os.ReadFile("../../testdata/logs/v4-fuzz.log")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "st.log")
	junit := filepath.Join(dir, "schemathesis-report", "junit.xml")
	if err := os.WriteFile(log, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(junit), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(junit, []byte(`<?xml version="1.0"?><testsuites/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	notes := func(inputs ...string) []string {
		res, err := Summarize(context.Background(), Options{Inputs: inputs, NoConfig: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Doc.Inputs[0].Notes
	}
	got := notes(log)
	if len(got) != 1 || !strings.Contains(got[0], "the run wrote junit.xml beside this log") || !strings.Contains(got[0], "add it to read") {
		t.Errorf("notes %q: want one about junit.xml (events.ndjson does not exist)", got)
	}
	if got := notes(log, junit); len(got) != 0 {
		t.Errorf("junit.xml given as an input, yet noted: %q", got)
	}
}
