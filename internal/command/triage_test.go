package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

// TestAquaMindDiagnosis is the motivating case: the CI log with the AquaMind hook rules.
func TestAquaMindDiagnosis(t *testing.T) {
	dir := corpus.Dir(t)
	code, out, stderr := run(t, "", nil, "summarize", "-o", "json", "--config", "../../testdata/config/aquamind.ctlog.yaml",
		filepath.Join(dir, "aquamind", "ci_schemathesis-output_a66429d.txt"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Runs []struct {
				Hooks struct {
					Verdict   string
					Paragraph string
					Failing   int      `json:"failing_operations"`
					Claimed   int      `json:"claimed_operations"`
					OnHooked  []string `json:"on_hooked_paths"`
					Evidence  []struct {
						Kind string
						Line int
					}
				}
				Groups []struct {
					Operation string
					Status    int
					Signature struct{ Kind, Text string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Inputs[0].Runs[0]
	h := r.Hooks
	if h.Failing != 27 || h.Claimed != 0 || len(h.OnHooked) != 2 {
		t.Errorf("failing %d, claimed %d, on hooked paths %v", h.Failing, h.Claimed, h.OnHooked)
	}
	if len(h.Evidence) == 0 || h.Evidence[0].Kind != "banner" || h.Evidence[0].Line != 1 {
		t.Errorf("evidence = %+v; want the banner at line 1", h.Evidence)
	}
	for _, p := range []string{"imported (line 1", "0 of 27 failing operations", "2 of them are on a hooked path but fail a check the hook does not fix"} {
		if !strings.Contains(h.Paragraph, p) {
			t.Errorf("paragraph lacks %q: %s", p, h.Paragraph)
		}
	}
	found := false
	for _, g := range r.Groups {
		if g.Operation == "POST /api/v1/batch/growth-samples/" && g.Status == 500 {
			found = true
			if g.Signature.Kind != "exception" || !strings.HasPrefix(g.Signature.Text, "TypeError") {
				t.Errorf("growth-samples 500 signature = %+v", g.Signature)
			}
		}
	}
	if !found {
		t.Error("no 500 group for POST /api/v1/batch/growth-samples/")
	}
}

// TestDiffLocalVsCI compares the local 3695-check run with the CI log.
func TestDiffLocalVsCI(t *testing.T) {
	dir := corpus.Dir(t)
	code, out, stderr := run(t, "", nil, "diff", "-o", "json",
		filepath.Join(dir, "aquamind", "local_schemathesis-final-test_36bcaf4.utf16le.txt"),
		filepath.Join(dir, "aquamind", "ci_schemathesis-output_a66429d.txt"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Diff struct {
			Settings []struct{ Name, A, B string }
			New      int
			Gone     int
			Clusters []struct{ Operation, Change string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range doc.Diff.Settings {
		names[s.Name] = true
	}
	for _, want := range []string{"schema location", "seed", "test cases per check", "hooks evidence"} {
		if !names[want] {
			t.Errorf("settings that differ lack %q: %+v", want, doc.Diff.Settings)
		}
	}
	if doc.Diff.New != 27 || doc.Diff.Gone != 0 {
		t.Errorf("new %d, gone %d; want 27 clusters only CI has", doc.Diff.New, doc.Diff.Gone)
	}
	_, text, _ := run(t, "", nil, "diff", filepath.Join(dir, "aquamind", "local_schemathesis-final-test_36bcaf4.utf16le.txt"),
		filepath.Join(dir, "aquamind", "ci_schemathesis-output_a66429d.txt"))
	if !strings.Contains(text, "27 new, 0 gone") || !strings.Contains(text, "POST /api/v1/batch/growth-samples/") {
		t.Errorf("text diff:\n%s", text)
	}
}

// TestBaselineGate saves a baseline from one run and gates another on new failure groups.
func TestBaselineGate(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	logs := "../../testdata/logs/"
	code, _, stderr := run(t, "", nil, "baseline", "save", logs+"gha-wrapped.log", "-o", base)
	if code != ExitOK {
		t.Fatalf("baseline save: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(base); err != nil {
		t.Fatal(err)
	}
	// The same run has nothing new.
	if code, _, stderr := run(t, "", nil, "summarize", "--baseline", base, "--fail-on", "new", logs+"gha-wrapped.log"); code != ExitOK {
		t.Errorf("same run: exit %d (%s), want 0", code, stderr)
	}
	// Another run's failures are new.
	code, out, _ := run(t, "", nil, "summarize", "--baseline", base, "--fail-on", "new", logs+"ci-hooks-not-loaded.log")
	if code != ExitFailures || !strings.Contains(out, "new") {
		t.Errorf("other run: exit %d, want %d; output:\n%s", code, ExitFailures, out)
	}
	// --fail-on any fails on any failure; none never does.
	if code, _, _ := run(t, "", nil, "summarize", "--fail-on", "any", logs+"gha-wrapped.log"); code != ExitFailures {
		t.Errorf("--fail-on any: exit %d", code)
	}
	if code, _, _ := run(t, "", nil, "summarize", "--fail-on", "any", logs+"passing.log"); code != ExitOK {
		t.Errorf("--fail-on any on a passing run: exit %d", code)
	}
	if code, _, _ := run(t, "", nil, "summarize", "--fail-on", "new", logs+"passing.log"); code != ExitUsage {
		t.Errorf("--fail-on new without --baseline: exit %d", code)
	}
}

// TestSummarizeLintsHooksFile shows the hooks file's lint result next to the hooks diagnosis.
func TestSummarizeLintsHooksFile(t *testing.T) {
	code, out, stderr := run(t, "", nil, "summarize", "-o", "json", "--hooks", "../../testdata/hooks/aquamind_stage2_plain.py",
		"../../testdata/logs/ci-hooks-not-loaded.log")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Runs []struct {
				Hooks struct {
					Paragraph string
					Lint      struct {
						Summary  string
						Problems []string
						Silent   bool
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	h := doc.Inputs[0].Runs[0].Hooks
	if !h.Lint.Silent || !strings.Contains(h.Lint.Summary, "never registered") || len(h.Lint.Problems) == 0 {
		t.Errorf("lint = %+v", h.Lint)
	}
	if !strings.Contains(h.Paragraph, "aquamind_stage2_plain.py:") {
		t.Errorf("paragraph does not point at the hooks file: %s", h.Paragraph)
	}
}
