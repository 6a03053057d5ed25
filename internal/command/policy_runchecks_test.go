package command

import (
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// TestFailOnAnyRunChecks: a run whose only failure is an after-run check fails --fail-on any.
func TestFailOnAnyRunChecks(t *testing.T) {
	r := &classify.Run{RunChecks: []classify.RunCheck{{Title: "Custom check failed: `EnsureReachability`"}},
		Integrity: classify.Integrity{OK: true, Complete: true, Status: classify.RunComplete}}
	doc := &summary.Document{Inputs: []summary.Input{{Name: "x.log", Runs: []*classify.Run{r}}}}
	fail, why := failPolicy("any", doc, "")
	if !fail {
		t.Error("--fail-on any passes a run whose after-run check failed")
	}
	if want := "--fail-on any: 1 after-run check failure in x.log"; why != want {
		t.Errorf("reason = %q, want %q", why, want)
	}
}
