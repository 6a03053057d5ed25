package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummarizeRecord: --record stores a run once (a file, or standard input, by digest; in GitHub
// Actions by run attempt), later summaries badge their groups from the store, and --fail-on new
// without --baseline compares with the store.
func TestSummarizeRecord(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "h.db")
	base, more := filepath.Join(dir, "base.log"), filepath.Join(dir, "more.log")
	if err := os.WriteFile(base, []byte(readLog(t, "ci-hooks-not-loaded.log")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(more, []byte(readLog(t, "ci-hooks-not-loaded.log")+readLog(t, "workers-4.log")), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CTLOG_CACHE_DIR": filepath.Join(dir, "cache")}
	steps := []struct {
		name   string
		stdin  string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"no store: fail-on new needs one", "", env, []string{"summarize", "--fail-on", "new", "--history", store, "-o", "json=" + os.DevNull, base}, ExitUsage, "or a history store"},
		{"record", "", env, []string{"summarize", "--record", "--history", store, "-o", "json=" + os.DevNull, base}, ExitOK, "ctlog: recorded sha256:"},
		{"record again", "", env, []string{"summarize", "--record", "--history", store, "-o", "json=" + os.DevNull, base}, ExitOK, "is already recorded in " + store},
		{"the same bytes on stdin", readLog(t, "ci-hooks-not-loaded.log"), env, []string{"summarize", "--record", "--history", store, "-o", "json=" + os.DevNull, "-"}, ExitOK, "is already recorded in " + store},
		{"fail-on new: nothing new", "", env, []string{"summarize", "--fail-on", "new", "--history", store, "-o", "json=" + os.DevNull, base}, ExitOK, ""},
		{"fail-on new: five new", "", env, []string{"summarize", "--fail-on", "new", "--history", store, "-o", "json=" + os.DevNull, more}, ExitFailures, "--fail-on new: 5 failure groups not in the history store " + store},
		{"in Actions: the run attempt", "", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r", "GITHUB_SERVER_URL": "https://github.com",
			"GITHUB_RUN_ID": "77", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_SHA": sha(3), "GITHUB_REF_NAME": "main", "CTLOG_CACHE_DIR": env["CTLOG_CACHE_DIR"]},
			[]string{"summarize", "--record", "--no-step-summary", "-o", "json=" + os.DevNull, more}, ExitOK, "recorded github.com/o/r/77/2 (15 failure groups) in " + filepath.Join(dir, "cache", "history", "github.com_o_r.db")},
	}
	for _, s := range steps {
		code, _, errOut := run(t, s.stdin, s.env, s.args...)
		if code != s.code || !strings.Contains(errOut, s.stderr) {
			t.Fatalf("%s: exit %d, stderr %q; want %d and %q", s.name, code, errOut, s.code, s.stderr)
		}
	}
	code, out, errOut := run(t, "", env, "summarize", "--history", store, "-o", "json", more)
	var doc ghDoc
	if err := json.Unmarshal([]byte(out), &doc); code != ExitOK || err != nil {
		t.Fatalf("summarize with a store: exit %d, %v\n%s", code, err, errOut)
	}
	var badges struct {
		Inputs []struct {
			Runs []struct{ Groups []struct{ History string } }
		}
	}
	json.Unmarshal([]byte(out), &badges)
	count := map[string]int{}
	for _, r := range badges.Inputs[0].Runs {
		for _, g := range r.Groups {
			count[strings.Fields(g.History + " -")[0]]++
		}
	}
	if count["persistent"] != 10 || count["new"] != 5 {
		t.Errorf("badges: %v; want 10 persistent (1 of 1) and 5 new since the stored run", count)
	}
	code, out, _ = run(t, "", env, "summarize", "--history", store, "--color", "never", more)
	if code != ExitOK || !strings.Contains(out, "persistent (1 of 1)") || !strings.Contains(out, "new since ") {
		t.Errorf("text report with a store: exit %d\n%s", code, out)
	}
}
