package classify

import (
	"path/filepath"
	"strings"
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

// TestFuzzRunLaterLayout: the `st fuzz` layout of later releases — `N test cases, M unique
// failures` under the Fuzzing block and a `Fuzzing:` SUMMARY block with `Stopped:` — names the run
// and keeps its stop reason and count, with no line left unread.
func TestFuzzRunLaterLayout(t *testing.T) {
	log := "Schemathesis v4.26.0\n━━━━━━━━━━━━━━━━━━━━\n\n\n" +
		" ✅  Loaded specification from http://harbor-api:8000/openapi.json (in 0.31s)\n\n" +
		" ✅  Fuzzing (in 30.01s)\n\n    1532 test cases, no issues found\n\n" +
		"==================================== SUMMARY ====================================\n\n" +
		"API Operations:\n  Selected: 18/18\n  Tested: 18\n\n" +
		"Fuzzing:\n  Stopped: Time limit reached\n  Duration: 30.01s\n  Test cases: 1532\n  Avg throughput: 51.0 cases/s\n\n" +
		"Test cases:\n  1532 generated, 1532 passed\n\n" +
		"Seed: 42\n\n" +
		"=============================== No issues found in 30.01s ===============================\n"
	runs := parseReader(t, strings.NewReader(log), "fuzz.log")
	r := runs[0]
	if r.Kind != "fuzz" || r.Fuzz == nil || r.Fuzz.Scenarios != 1532 || r.Fuzz.StopReason != "Time limit reached" {
		t.Fatalf("kind %q, fuzz %+v", r.Kind, r.Fuzz)
	}
	for _, d := range r.Diagnostics {
		t.Errorf("diagnostic at line %d: %s", d.Line, d.Message)
	}
}

// TestGRPCOperations: gRPC operations (`package.Service/Method`) and `grpcurl` reproducers go
// through the same fields as HTTP ones, so grouping, redaction and sanitising apply. (The block has
// no status line: how a gRPC status is printed there is not checked against Schemathesis yet.)
func TestGRPCOperations(t *testing.T) {
	log := "Schemathesis v4.25.0\n━━━━━━━━━━━━━━━━━━━━\n\n\n" +
		" ✅  Loaded specification from harbor.proto (in 0.05s)\n\n" +
		" ❌  Fuzzing (in 4.20s)\n\n     ✅  2 passed  ❌  1 failed\n\n" +
		"=================================== FAILURES ===================================\n" +
		"_______________________ harbor.v2.Vessels/UpdateVessel ________________________\n" +
		"1. Test Case ID: Gr4pcX\n\n- Server error\n\n" +
		"Reproduce with: \n\n" +
		"    grpcurl -plaintext -H 'authorization: Bearer [Filtered]' -d '{\"id\": \"\"}' harbor-api:50051 harbor.v2.Vessels/UpdateVessel\n\n" +
		"    st replay Gr4pcX\n\n" +
		"=================================== SUMMARY ====================================\n\n" +
		"API Operations:\n  Selected: 3/3\n  Tested: 3\n\n" +
		"Failures:\n  ❌ Server error: 1\n\n" +
		"Test cases:\n  120 generated, 1 found 1 unique failures\n\n" +
		"Seed: 42\n\n" +
		"============================= 1 failure in 4.31s ==============================\n"
	r := parseReader(t, strings.NewReader(log), "grpc.log")[0]
	if len(r.Groups) != 1 {
		t.Fatalf("%d groups, want 1", len(r.Groups))
	}
	g := r.Groups[0]
	if g.Operation != "harbor.v2.Vessels/UpdateVessel" {
		t.Errorf("operation %q", g.Operation)
	}
	if len(g.Samples) == 0 || len(g.Samples[0].Reproduce) != 1 || !strings.HasPrefix(g.Samples[0].Reproduce[0], "grpcurl ") {
		t.Errorf("samples %+v: want the grpcurl command", g.Samples)
	}
	for _, d := range r.Diagnostics {
		t.Errorf("diagnostic at line %d: %s", d.Line, d.Message)
	}
	if !r.Integrity.OK {
		t.Errorf("integrity %+v", r.Integrity)
	}
}
