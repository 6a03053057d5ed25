package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitPolicy covers every exit code of summarize's policy: 0 for none and for a policy with
// nothing to fail on, 1 for each policy with the one reason line on standard error, 2 for
// --fail-on unexpected without hook rules, 3 for an input that cannot be read.
func TestExitPolicy(t *testing.T) {
	const (
		hooksLog = "../../testdata/logs/ci-hooks-not-loaded.log" // 10 groups, 5 server errors; harbor rules claim 2
		passing  = "../../testdata/logs/passing.log"
		harbor   = "../../tui/testdata/harbor.ctlog.yaml"
	)
	dir := t.TempDir()
	baseline := filepath.Join(dir, "baseline.json")
	if code, _, stderr := run(t, "", nil, "baseline", "save", "-o", baseline, "../../testdata/logs/workers-4.log"); code != ExitOK {
		t.Fatalf("baseline save: %d %s", code, stderr)
	}
	own := filepath.Join(dir, "own.json")
	if code, _, stderr := run(t, "", nil, "baseline", "save", "-o", own, hooksLog); code != ExitOK {
		t.Fatalf("baseline save: %d %s", code, stderr)
	}
	cut := filepath.Join(dir, "junit.xml")
	os.WriteFile(cut, []byte(`<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="schemathesis" tests="2" failures="0" errors="0"><testcase name="GET /a" time="0.1"/><testcase name="GET /b" ti`), 0o644)

	tests := []struct {
		name   string
		args   []string
		code   int
		reason string // the reason line, whole; "" = none
		stderr string // for the other codes, a part of the message
	}{
		{"none fails nothing", []string{"--fail-on", "none", hooksLog}, ExitOK, "", ""},
		{"default is none", []string{hooksLog}, ExitOK, "", ""},
		{"any", []string{"--fail-on", "any", hooksLog}, ExitFailures,
			"ctlog: failing because --fail-on any: 10 failure groups (5 server errors) in " + hooksLog, ""},
		{"any, passing run", []string{"--fail-on", "any", passing}, ExitOK, "", ""},
		{"new", []string{"--fail-on", "new", "--baseline", baseline, hooksLog}, ExitFailures,
			"ctlog: failing because --fail-on new: 10 failure groups not in " + baseline, ""},
		{"new, all known", []string{"--fail-on", "new", "--baseline", own, hooksLog}, ExitOK, "", ""},
		{"unexpected", []string{"--fail-on", "unexpected", "--config", harbor, hooksLog}, ExitFailures,
			"ctlog: failing because --fail-on unexpected: 8 failure groups (5 server errors) that no hook rule in " + harbor + " claims, in " + hooksLog, ""},
		{"unexpected, passing run", []string{"--fail-on", "unexpected", "--config", harbor, passing}, ExitOK, "", ""},
		{"not read whole", []string{"--fail-on", "any", cut}, ExitFailures,
			"ctlog: failing because an input was not read whole (--fail-on any fails closed): " + cut + " (1 part of the input could not be read", ""},
		{"unexpected without rules", []string{"--fail-on", "unexpected", "--no-config", hooksLog}, ExitUsage, "",
			"--fail-on unexpected needs hook rules, and --no-config ignores them"},
		{"unreadable input", []string{"--fail-on", "any", filepath.Join(dir, "nope.log")}, ExitInput, "", "nope.log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", nil, append([]string{"summarize"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			var reasons []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, "ctlog: failing because") {
					reasons = append(reasons, l)
				}
			}
			switch {
			case tt.reason == "" && len(reasons) > 0:
				t.Errorf("a reason line without exit 1: %q", reasons)
			case tt.reason != "" && (len(reasons) != 1 || !strings.HasPrefix(reasons[0], tt.reason)):
				t.Errorf("reason lines %q, want one starting %q", reasons, tt.reason)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
		})
	}
}

// TestFailOnUnexpectedNeedsRules: with no .ctlog.yaml above the working directory and no
// --config, --fail-on unexpected is refused, and the message says no file was found.
func TestFailOnUnexpectedNeedsRules(t *testing.T) {
	log, err := filepath.Abs("../../testdata/logs/ci-hooks-not-loaded.log")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	code, _, stderr := run(t, "", nil, "summarize", "--fail-on", "unexpected", log)
	if code != ExitUsage || !strings.Contains(stderr, "no .ctlog.yaml was found above the working directory and no --config was given") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
