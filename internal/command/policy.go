package command

import (
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// failPolicy reports whether --fail-on asks for a failing exit code.
func failPolicy(policy string, doc *summary.Document, newGroups int) bool {
	switch policy {
	case "any":
		for _, r := range pipeline.Runs(doc) {
			if len(r.Groups) > 0 || r.Totals.Errors > 0 || r.Fatal != nil {
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
