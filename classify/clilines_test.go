package classify

import (
	"path/filepath"
	"testing"
)

// TestRunStatusFromCLILines holds the statuses of runs that stopped before their final line for a
// reason the log names: Ctrl-C while the schema loaded, a usage error after the banner, a custom
// CLI handler that raised during an `st fuzz` run.
func TestRunStatusFromCLILines(t *testing.T) {
	for _, tc := range []struct {
		file   string
		status RunStatus
		kind   string
		fatal  string
	}{
		{"v4-loading-interrupted.log", RunInterrupted, "", ""},
		{"v4-usage-error.log", RunNotStarted, "", "Usage Error"},
		{"v4-fuzz-handler-error.log", RunCrashed, "fuzz", "CLI Handler Error"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			runs := parseFile(t, filepath.Join("..", "testdata", "logs", tc.file))
			if len(runs) != 1 {
				t.Fatalf("%d runs, want 1", len(runs))
			}
			r := runs[0]
			if r.Integrity.Status != tc.status {
				t.Errorf("status %q, want %q (checks %+v)", r.Integrity.Status, tc.status, r.Integrity.Checks)
			}
			if r.Kind != tc.kind {
				t.Errorf("kind %q, want %q", r.Kind, tc.kind)
			}
			fatal := ""
			if r.Fatal != nil {
				fatal = r.Fatal.Title
			}
			if fatal != tc.fatal {
				t.Errorf("fatal %q, want %q", fatal, tc.fatal)
			}
			if !r.Integrity.ReadWhole() {
				t.Error("the log was read whole, but ReadWhole says not")
			}
			for _, d := range r.Diagnostics {
				if d.Severity == "warning" {
					t.Errorf("diagnostic at line %d: %s", d.Line, d.Message)
				}
			}
		})
	}
}
