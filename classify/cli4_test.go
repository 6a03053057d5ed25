package classify

import (
	"strings"
	"testing"
)

// TestRunChecksAreRunLevel: the after-run checks under `____ Run checks ____` are findings about
// the run, not a failing test case of a pseudo-operation; the final line still counts them.
func TestRunChecksAreRunLevel(t *testing.T) {
	r := parseFile(t, "../testdata/logs/v4-run-checks.log")[0]
	if r.Totals.TestCases != 1 || r.Totals.FailedOperations != 1 || len(r.Groups) != 1 || r.Groups[0].Operation == runChecksLabel {
		t.Errorf("test cases %d, operations %d, groups %+v", r.Totals.TestCases, r.Totals.FailedOperations, r.Groups)
	}
	if len(r.RunChecks) != 1 || r.RunChecks[0].Title != "Custom check failed: `DeleteVesselReachable`" ||
		!strings.HasPrefix(r.RunChecks[0].Message, "DELETE /api/v2/vessels/{vessel_id}/ never answered 2xx") || r.RunChecks[0].Span.Line != 55 {
		t.Errorf("run checks = %+v", r.RunChecks)
	}
	if r.Totals.UniqueFailures != 2 || !r.Integrity.OK {
		t.Errorf("unique failures %d, integrity %+v", r.Totals.UniqueFailures, r.Integrity)
	}
}

// v4Summary is a passing 4.x run whose SUMMARY holds the line of extra below Test Phases.
func v4Summary(version, extra, final string) string {
	return lines(
		"Schemathesis v"+version,
		strings.Repeat("━", len("Schemathesis v"+version)),
		"",
		"",
		" ✅  Loaded specification from http://harbor-api:8000/openapi.json (in 0.21s)",
		"",
		"     Base URL:         http://harbor-api:8000",
		"     Specification:    Open API 3.0.3",
		"     Operations:       2 selected / 2 total",
		"",
		" ✅  Fuzzing (in 2.40s)",
		"",
		"     ✅ 2 passed",
		"",
		center("SUMMARY", '='),
		"",
		"API Operations:",
		"  Selected: 2/2",
		"  Tested: 2",
		"",
		"Test Phases:",
		"  ✅ Fuzzing",
		"",
		extra,
		"",
		"Test cases:",
		"  212 generated, 212 passed",
		"",
		"Seed: 91",
		"",
		center(final, '='),
	)
}

func TestReauthenticated(t *testing.T) {
	r := parseReader(t, strings.NewReader(v4Summary("4.24.1", "  Re-authenticated 3 times", "No issues found in 2.71s")), "reauth.log")[0]
	if r.Reauthenticated == nil || *r.Reauthenticated != 3 {
		t.Errorf("reauthenticated = %v", r.Reauthenticated)
	}
	if r.Totals.Diagnostics != 0 {
		t.Errorf("diagnostics = %+v", r.Diagnostics)
	}
}

// TestWarningsCountByVersion: before 4.11.1 the final line counts only missing-auth warnings, so
// a 4.10 log with two warning kinds and `1 warning` is no mismatch; 4.11.1+ counts every kind.
func TestWarningsCountByVersion(t *testing.T) {
	warnings := "Warnings:\n  ⚠️ Missing authentication: 1 operation returned only 401/403 responses\n  ⚠️ Missing valid test data: 1 operation repeatedly returned 404 responses"
	for _, tt := range []struct {
		version, final string
		want           CheckResult
	}{
		{"4.10.2", "1 warning in 2.71s", CheckOK},
		{"4.10.2", "2 warnings in 2.71s", CheckMismatch},
		{"4.11.1", "2 warnings in 2.71s", CheckOK},
		{"4.11.1", "1 warning in 2.71s", CheckMismatch},
	} {
		r := parseReader(t, strings.NewReader(v4Summary(tt.version, warnings, tt.final)), "w.log")[0]
		var got *Check
		for i := range r.Integrity.Checks {
			if r.Integrity.Checks[i].Name == "warnings" {
				got = &r.Integrity.Checks[i]
			}
		}
		if got == nil || got.Result != tt.want {
			t.Errorf("%s, %q: warnings check = %+v, want %s", tt.version, tt.final, got, tt.want)
		}
	}
	// Unknown version: either count is accepted, and the detail says the version is unknown.
	r := parseReader(t, strings.NewReader(strings.Replace(v4Summary("4.10.2", warnings, "1 warning in 2.71s"), "Schemathesis v4.10.2", "Schemathesis dev", 1)), "w.log")[0]
	for _, c := range r.Integrity.Checks {
		if c.Name == "warnings" && (c.Result != CheckOK || !strings.Contains(c.Detail, "version is unknown")) {
			t.Errorf("dev: %+v", c)
		}
	}
}
