package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFailClosed: an input that was not read whole — a JUnit report cut short, a cassette with an
// interaction that is not YAML, a log cut before its final line — fails every --fail-on policy but
// none, and every output says so on a line of its own.
func TestFailClosed(t *testing.T) {
	dir := t.TempDir()
	junit, err := os.ReadFile("../../testdata/junit/ci-hooks-not-loaded.xml")
	if err != nil {
		t.Fatal(err)
	}
	cutJUnit := filepath.Join(dir, "cut.xml")
	os.WriteFile(cutJUnit, junit[:len(junit)/2], 0o644)
	// A report without failures, cut: nothing else would fail --fail-on any.
	passing := filepath.Join(dir, "passing-cut.xml")
	os.WriteFile(passing, []byte(`<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="schemathesis" tests="2" failures="0" errors="0"><testcase name="GET /a" time="0.1"/><testcase name="GET /b" ti`), 0o644)
	save := func(name, input string) string {
		path := filepath.Join(dir, name)
		if code, _, stderr := run(t, "", nil, "baseline", "save", "-o", path, input); code != ExitOK {
			t.Fatalf("baseline save %s: %d %s", input, code, stderr)
		}
		return path
	}
	const (
		wholeJUnit = "../../testdata/junit/ci-hooks-not-loaded.xml"
		crash      = "../../testdata/logs/crash-internal-error.log"
	)
	baseline, wholeBaseline, crashBaseline := save("cut.json", cutJUnit), save("whole.json", wholeJUnit), save("crash.json", crash)
	tests := []struct {
		name, input string
		args        []string
		code        int
	}{
		{"cut report, any", passing, []string{"--fail-on", "any"}, ExitFailures},
		{"cut report, unexpected", passing, []string{"--fail-on", "unexpected", "--config", "../../testdata/config/aquamind.ctlog.yaml"}, ExitFailures},
		{"cut report, none", passing, []string{"--fail-on", "none"}, ExitOK},
		{"cut report, new, nothing new", cutJUnit, []string{"--fail-on", "new", "--baseline", baseline}, ExitFailures},
		{"bad cassette, any", "../../testdata/cassettes/malformed-indent.yaml", []string{"--fail-on", "any"}, ExitFailures},
		{"cut log, new", "../../testdata/logs/truncated.log", []string{"--fail-on", "new", "--baseline", baseline}, ExitFailures},
		{"whole report, new, all known", wholeJUnit, []string{"--fail-on", "new", "--baseline", wholeBaseline}, ExitOK},
		{"a crash is no cut", crash, []string{"--fail-on", "new", "--baseline", crashBaseline}, ExitOK},
	}
	for _, tt := range tests {
		args := append(append([]string{"summarize"}, tt.args...), tt.input)
		if code, out, stderr := run(t, "", nil, args...); code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tt.name, code, tt.code, out, stderr)
		}
	}
	// Every output has the problem on a line of its own.
	for format, want := range map[string]string{
		"text":     "input-read: 1 part of the input could not be read",
		"markdown": "input-read: 1 part of the input could not be read",
		"github":   "::warning title=ctlog%3A ../../testdata/cassettes/malformed-indent.yaml was not read whole::1 part",
		"json":     `"result": "unread"`,
	} {
		_, out, _ := run(t, "", nil, "summarize", "-o", format, "../../testdata/cassettes/malformed-indent.yaml")
		if !strings.Contains(out, want) {
			t.Errorf("%s output lacks %q:\n%s", format, want, out)
		}
	}
}
