package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Integrity says whether what ctlog counted agrees with what Schemathesis printed.
type Integrity struct {
	OK       bool    `json:"ok"`       // complete and no mismatch
	Complete bool    `json:"complete"` // the run printed its final line
	Status   string  `json:"status"`   // "complete", "interrupted", "incomplete", "crashed", "not-started"
	Checks   []Check `json:"checks"`
}

// Check is one comparison between ctlog's count and the log's own.
type Check struct {
	Name   string `json:"name"`
	Result string `json:"result"` // "ok", "mismatch", "missing" (nothing to compare with) or "skipped"
	Detail string `json:"detail"`
}

func check(r *Run) Integrity {
	if recordsConcretePaths(r.Format) {
		// Cassettes and HAR files record traffic, with no summary of their own to compare with.
		return Integrity{OK: true, Complete: true, Status: "complete", Checks: []Check{{Name: "final-line", Result: "skipped",
			Detail: string(r.Format) + " files record traffic and print no summary to compare with"}}}
	}
	in := Integrity{Complete: r.Summary.End != nil}
	ran := r.Totals.TestCases > 0 || r.Totals.Errors > 0 || len(r.Phases) > 0 ||
		r.Totals.ProgressPassed+r.Totals.ProgressFailed+r.Totals.ProgressErrored+r.Totals.ProgressSkipped > 0
	switch {
	case r.Fatal != nil && (!r.Started || !ran):
		in.Status = "not-started"
	case r.Fatal != nil:
		in.Status = "crashed"
	case r.Summary.End == nil:
		in.Status = "incomplete"
	case r.Interrupted:
		in.Status = "interrupted"
	default:
		in.Status = "complete"
	}
	add := func(name, result, format string, args ...any) {
		in.Checks = append(in.Checks, Check{Name: name, Result: result, Detail: fmt.Sprintf(format, args...)})
	}
	t := r.Totals
	if r.Format == parser.FormatSchemathesis4 {
		in.Checks = check4(r)
	} else if e := r.Summary.End; e != nil {
		if len(e.Has) == 0 && !e.Empty {
			// The final line prints only a duration: nothing to compare with.
			add("final-line", "skipped", "the final line prints no counts")
		} else {
			compare := func(name string, printed, counted int, where string) {
				res := "ok"
				if printed != counted {
					res = "mismatch"
				}
				add(name, res, "final line: %d; %s: %d operations", printed, where, counted)
			}
			compare("failed-operations", e.Failed, t.FailedOperations, "FAILURES")
			compare("errored-operations", e.Errored, t.ErroredOperations, "ERRORS")
		}
	}
	if r.Summary.End == nil {
		add("final-line", "missing", "no final line: the log stops at line %d before the run's summary (%s)", r.Span.EndLine, in.Status)
	}
	if len(r.Summary.CheckTotals) > 0 && r.Format != parser.FormatSchemathesis4 {
		var failedRows []string
		for _, ct := range r.Summary.CheckTotals {
			if ct.Failed {
				failedRows = append(failedRows, ct.Name)
			}
		}
		var seen []string
		unknown := 0
		for _, g := range r.Groups {
			if g.Check == "" {
				unknown++
				continue
			}
			if !slices.Contains(seen, g.Check) {
				seen = append(seen, g.Check)
			}
		}
		slices.Sort(failedRows)
		slices.Sort(seen)
		res := "ok"
		if !slices.Equal(failedRows, seen) {
			res = "mismatch"
			if unknown > 0 && subset(seen, failedRows) {
				res = "skipped"
			}
		}
		add("failed-checks", res, "Performed checks FAILED: [%s]; failure blocks: [%s]", strings.Join(failedRows, ", "), strings.Join(seen, ", "))
	}
	if r.Summary.End != nil && !r.Interrupted && len(r.Summary.End.Has) > 0 && r.Format != parser.FormatSchemathesis4 {
		p := t.ProgressPassed + t.ProgressFailed + t.ProgressErrored + t.ProgressSkipped + t.ProgressUnknown
		if p > 0 {
			// Stateful tests and path-level schema errors count in the final line without a progress symbol.
			wantFailed := r.Summary.End.Failed - r.unlisted(r.failedOps)
			wantErrored := r.Summary.End.Errored - r.unlisted(r.erroredOps)
			res := "ok"
			if t.ProgressFailed != wantFailed || t.ProgressErrored != wantErrored ||
				has(r.Summary.End.Has, "passed") && t.ProgressPassed != r.Summary.End.Passed ||
				has(r.Summary.End.Has, "skipped") && t.ProgressSkipped != r.Summary.End.Skipped {
				res = "mismatch"
			}
			add("progress", res, "progress symbols: %d passed, %d failed, %d errored, %d skipped; final line: %s",
				t.ProgressPassed, t.ProgressFailed, t.ProgressErrored, t.ProgressSkipped, r.Summary.End.Text)
		}
	}
	in.OK = in.Complete && !r.Interrupted && r.Fatal == nil
	for _, c := range in.Checks {
		if c.Result == "mismatch" {
			in.OK = false
		}
	}
	return in
}

func has(words []string, w string) bool { return slices.Contains(words, w) }

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
