package command

import (
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// failPolicy reports whether --fail-on asks for a failing exit code. Every policy but none fails
// closed: a run whose input was not read whole (cut short, a part that could not be parsed) may
// hide the failures the policy is about, so it fails too.
func failPolicy(policy string, doc *summary.Document, newGroups int) bool {
	if policy == "" || policy == "none" {
		return false
	}
	for _, r := range pipeline.Runs(doc) {
		if !r.Integrity.ReadWhole() {
			return true
		}
	}
	switch policy {
	case "any":
		for _, r := range pipeline.Runs(doc) {
			if len(r.Groups) > 0 || len(r.RunChecks) > 0 || r.Totals.Errors > 0 || r.Fatal != nil {
				return true
			}
		}
	case "new":
		return newGroups > 0
	case "unexpected":
		for _, r := range pipeline.Runs(doc) {
			if r.Fatal != nil || r.Totals.Errors > 0 {
				return true
			}
			for _, g := range r.Groups {
				if len(g.Hook) == 0 {
					return true
				}
			}
		}
	}
	return false
}
