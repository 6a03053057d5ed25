package classify

import "testing"

func TestCheckResultProblem(t *testing.T) {
	for res, want := range map[CheckResult]bool{CheckOK: false, CheckSkipped: false, CheckMismatch: true, CheckMissing: true} {
		if got := res.Problem(); got != want {
			t.Errorf("%s.Problem() = %v, want %v", res, got, want)
		}
	}
}

// TestIntegrityProblems counts mismatches and missing checks alike, and OK is false whenever one is found.
func TestIntegrityProblems(t *testing.T) {
	for _, tt := range []struct {
		log      string
		status   RunStatus
		problems int
	}{
		{"passing", RunComplete, 0},
		{"interrupted", RunInterrupted, 0},
		{"truncated", RunIncomplete, 1},
		{"crash-internal-error", RunCrashed, 1},
		{"hooks-import-error", RunNotStarted, 1},
	} {
		runs := parseFile(t, "../testdata/logs/"+tt.log+".log")
		if len(runs) != 1 {
			t.Fatalf("%s: %d runs", tt.log, len(runs))
		}
		r := runs[0]
		if r.Integrity.Status != tt.status || r.IntegrityProblems() != tt.problems {
			t.Errorf("%s: status %s, %d problems; want %s, %d: %+v", tt.log, r.Integrity.Status, r.IntegrityProblems(),
				tt.status, tt.problems, r.Integrity.Checks)
		}
		if r.IntegrityProblems() > 0 && r.Integrity.OK {
			t.Errorf("%s: ok with %d problems", tt.log, r.IntegrityProblems())
		}
		if r.Integrity.Status.Started() == (tt.status == RunNotStarted) {
			t.Errorf("%s: Started() = %v", tt.log, r.Integrity.Status.Started())
		}
	}
	r := &Run{Integrity: Integrity{Checks: []Check{{Name: "a", Result: CheckOK}, {Name: "b", Result: CheckMismatch},
		{Name: "c", Result: CheckSkipped}, {Name: "d", Result: CheckMissing}}}}
	if p := r.Integrity.Problems(); len(p) != 2 || p[0].Name != "b" || p[1].Name != "d" || r.IntegrityProblems() != 2 {
		t.Errorf("problems %+v", p)
	}
}
