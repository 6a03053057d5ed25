package classify

import (
	"strings"
	"testing"
)

// center builds a Schemathesis rule line: the title centred in 80 columns of fill.
func center(title string, fill byte) string {
	t := " " + title + " "
	left := (80 - len(t)) / 2
	right := 80 - len(t) - left
	return strings.Repeat(string(fill), left) + t + strings.Repeat(string(fill), right)
}

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// flakyReplay is an st replay run (4.22+ layout): a flaky case, a fixed one whose check is
// unavailable, an errored one, and a crash directory with a file it could not read.
var flakyReplay = lines(
	"Replaying 3 cases from .schemathesis/harbor/cache/crashes",
	"",
	"  ? FLAKY  GET /api/v2/vessels/",
	"",
	"    ? not_a_server_error  passed 1 of 3 replays",
	"",
	"  + FIXED  POST /api/v2/cargo/manifests/",
	"  ! ERROR  GET /api/v2/ports/{code}/",
	"",
	"    ! port_code_is_upper  check not available to re-run",
	"",
	center("FAILURES", '='),
	center("GET /api/v2/vessels/", '_'),
	"1. Test Case ID: kV2pQx",
	"",
	"- Server error",
	"",
	"[503] Service Unavailable:",
	"",
	"    `upstream connect error`",
	"",
	"Reproduce with:",
	"",
	"    curl -X GET http://harbor-api:8000/api/v2/vessels/?limit=0",
	"",
	"    st replay kV2pQx",
	"",
	"Skipped 1 incompatible crash file (could not be read; kept on disk).",
	"",
	"Removed 1 crash file (pass --keep to retain).",
	"",
	center("1 fixed, 1 flaky, 1 errored in 3.02s", '='),
)

func TestReplayRun(t *testing.T) {
	runs := parseReader(t, strings.NewReader(flakyReplay), "replay.log")
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	r := runs[0]
	p := r.Replay
	if r.Kind != "replay" || p == nil {
		t.Fatalf("kind %q, replay %v: not read as st replay output", r.Kind, p)
	}
	if p.Cases != 3 || p.Flaky != 1 || p.Fixed != 1 || p.Errored != 1 || p.Failing != 0 || p.Removed != 1 || p.Incompatible != 1 {
		t.Errorf("replay = %+v", p)
	}
	if got := p.Outcomes[2].Checks; len(got) != 1 || got[0].Name != "port_code_is_upper" || got[0].Status != "errored" || got[0].Note != "check not available to re-run" {
		t.Errorf("errored case checks = %+v", got)
	}
	if len(r.Groups) != 1 || r.Groups[0].Samples[0].TestCaseID != "kV2pQx" || r.Groups[0].Status != 503 {
		t.Fatalf("groups = %+v", r.Groups)
	}
	if s := r.Groups[0].Samples[0]; len(s.Reproduce) != 1 || s.Replay != "st replay kV2pQx" {
		t.Errorf("reproduce = %q, replay = %q", s.Reproduce, s.Replay)
	}
	if !r.Integrity.OK || r.Totals.Diagnostics != 0 {
		t.Errorf("integrity %+v, diagnostics %+v", r.Integrity, r.Diagnostics)
	}
	if !strings.Contains(p.Text(), "1 flaky, 1 fixed, 1 errored; 1 crash file removed, 1 incompatible crash file skipped") {
		t.Errorf("text = %q", p.Text())
	}
}

// TestReplayFirstLayout reads the first releases' layout: dotted rollup lines with UTF-8 badges and
// timings, the failed-check count in the header, failures under their titles without a FAILURES
// rule, and an interrupted final line.
func TestReplayFirstLayout(t *testing.T) {
	log := lines(
		"Replaying 2 cases (2 failed checks) from .schemathesis/harbor/cache/crashes",
		"",
		"    POST /api/v2/cargo/manifests/ ........................  ✓ FIXED        41ms",
		"",
		center("GET /api/v2/berths/", '_'),
		"1. Test Case ID: Z8wq1e",
		"",
		"- Server error",
		"",
		"[500] Internal Server Error:",
		"",
		"    `boom`",
		"",
		"Reproduce with:",
		"",
		"    curl -X GET http://harbor-api:8000/api/v2/berths/",
		"    st replay Z8wq1e",
		"",
		center("1 fixed, 1 failed, interrupted after 0.84s", '='),
	)
	r := parseReader(t, strings.NewReader(log), "replay-old.log")[0]
	if r.Replay == nil || r.Replay.Fixed != 1 || r.Replay.Cases != 2 {
		t.Fatalf("replay = %+v", r.Replay)
	}
	if !r.Interrupted || r.Integrity.Status != RunInterrupted {
		t.Errorf("interrupted %v, status %s", r.Interrupted, r.Integrity.Status)
	}
	if len(r.Groups) != 1 || r.Groups[0].Operation != "GET /api/v2/berths/" {
		t.Errorf("groups = %+v", r.Groups)
	}
	if r.Summary.End == nil || r.Summary.End.Fixed != 1 || r.Summary.End.Failed != 1 {
		t.Errorf("final = %+v", r.Summary.End)
	}
	if len(r.Integrity.Problems()) != 0 {
		t.Errorf("problems = %+v", r.Integrity.Problems())
	}
}

// TestReplayMismatch: a final line that counts fewer failures than the rollup lines show is a
// mismatch, as is a header counting more cases than were replayed.
func TestReplayMismatch(t *testing.T) {
	log := strings.Replace(flakyReplay, "1 fixed, 1 flaky, 1 errored in 3.02s", "1 fixed, 1 errored in 3.02s", 1)
	log = strings.Replace(log, "Replaying 3 cases", "Replaying 4 cases", 1)
	r := parseReader(t, strings.NewReader(log), "replay.log")[0]
	var names []string
	for _, c := range r.Integrity.Problems() {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "replay-cases,replay-final" {
		t.Errorf("problems = %+v", r.Integrity.Problems())
	}
}
