package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Integrity says whether what ctlog counted agrees with what Schemathesis printed.
type Integrity struct {
	OK       bool      `json:"ok"`       // complete, not interrupted, not crashed, and no problem
	Complete bool      `json:"complete"` // the run printed its final line
	Status   RunStatus `json:"status"`
	Checks   []Check   `json:"checks"`
}

// RunStatus says how far a run got.
type RunStatus string

// Run statuses.
const (
	RunComplete    RunStatus = "complete"    // the run printed its final line
	RunInterrupted RunStatus = "interrupted" // the final line came after a KeyboardInterrupt
	RunIncomplete  RunStatus = "incomplete"  // the log stops before the final line
	RunCrashed     RunStatus = "crashed"     // Schemathesis failed with an internal error after the run started
	RunNotStarted  RunStatus = "not-started" // Schemathesis failed before the run started
)

// Started reports whether the run got as far as testing anything.
func (s RunStatus) Started() bool { return s != RunNotStarted }

// Check is one comparison between ctlog's count and the log's own.
type Check struct {
	Name   string      `json:"name"`
	Result CheckResult `json:"result"`
	Detail string      `json:"detail"`
}

// CheckResult is the outcome of one integrity check.
type CheckResult string

// Check results.
const (
	CheckOK       CheckResult = "ok"       // the counts agree
	CheckMismatch CheckResult = "mismatch" // the counts disagree
	CheckMissing  CheckResult = "missing"  // what the log should print to compare with is not there
	CheckSkipped  CheckResult = "skipped"  // nothing to compare, by design (the final line prints no counts, ...)
	CheckUnread   CheckResult = "unread"   // part of the input could not be read (a syntax error, a cut file): what it held is not counted
)

// Problem reports whether the result is an integrity problem: the counts disagree with the log, or
// the log lacks what they should be compared with.
func (c CheckResult) Problem() bool {
	return c == CheckMismatch || c == CheckMissing || c == CheckUnread
}

// Problem reports whether the check found an integrity problem.
func (c Check) Problem() bool { return c.Result.Problem() }

// Problems are the checks that found an integrity problem, in order. Every output counts and lists
// integrity problems with it.
func (in *Integrity) Problems() []Check {
	var out []Check
	for _, c := range in.Checks {
		if c.Problem() {
			out = append(out, c)
		}
	}
	return out
}

// IntegrityProblems is how many integrity checks of the run found a problem.
func (r *Run) IntegrityProblems() int { return len(r.Integrity.Problems()) }

func check(r *Run) Integrity {
	if recordsConcretePaths(r.Format) || r.Format == parser.FormatCrash {
		// Cassettes and HAR files record traffic, crash files one failure each, with no summary of
		// their own to compare with.
		detail := string(r.Format) + " files record traffic and print no summary to compare with"
		if r.Format == parser.FormatCrash {
			detail = "a crash file records one failure and prints no summary to compare with"
		}
		in := Integrity{Complete: true, Status: RunComplete, Checks: []Check{{Name: "final-line", Result: CheckSkipped, Detail: detail}}}
		if c, ok := readCheck(r); ok {
			in.Checks = append(in.Checks, c)
		}
		in.OK = len(in.Problems()) == 0
		return in
	}
	in := Integrity{Complete: r.Summary.End != nil}
	ran := r.Totals.TestCases > 0 || r.Totals.Errors > 0 || len(r.Phases) > 0 ||
		r.Totals.ProgressPassed+r.Totals.ProgressFailed+r.Totals.ProgressErrored+r.Totals.ProgressSkipped > 0
	switch {
	case r.Fatal != nil && (!r.Started || !ran && !r.handlerCrash()):
		in.Status = RunNotStarted
	case r.Fatal != nil:
		in.Status = RunCrashed
	case r.Summary.End == nil && r.InterruptedStage != "":
		// Ctrl-C while the schema loaded (or the API was probed): Schemathesis prints nothing more.
		in.Status = RunInterrupted
	case r.Summary.End == nil:
		in.Status = RunIncomplete
	case r.Interrupted:
		in.Status = RunInterrupted
	default:
		in.Status = RunComplete
	}
	add := func(name string, result CheckResult, format string, args ...any) {
		in.Checks = append(in.Checks, Check{Name: name, Result: result, Detail: fmt.Sprintf(format, args...)})
	}
	t := r.Totals
	if r.Replay != nil {
		in.Checks = checkReplay(r)
	} else if r.Format == parser.FormatSchemathesis4 {
		in.Checks = check4(r)
	} else if e := r.Summary.End; e != nil {
		if len(e.Has) == 0 && !e.Empty {
			// The final line prints only a duration: nothing to compare with.
			add("final-line", CheckSkipped, "the final line prints no counts")
		} else {
			compare := func(name string, printed, counted int, where string) {
				res := CheckOK
				if printed != counted {
					res = CheckMismatch
				}
				add(name, res, "final line: %d; %s: %d operations", printed, where, counted)
			}
			compare("failed-operations", e.Failed, t.FailedOperations, "FAILURES")
			compare("errored-operations", e.Errored, t.ErroredOperations, "ERRORS")
		}
	}
	if r.Summary.End == nil && in.Status == RunInterrupted {
		add("final-line", CheckSkipped, "interrupted while %s (line %d): Schemathesis prints no summary or final line then", stageWhat(r.InterruptedStage), r.Span.EndLine)
	} else if r.Summary.End == nil {
		add("final-line", CheckMissing, "no final line: the log stops at line %d before the run's summary (%s)", r.Span.EndLine, in.Status)
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
		res := CheckOK
		if !slices.Equal(failedRows, seen) {
			res = CheckMismatch
			if unknown > 0 && subset(seen, failedRows) {
				res = CheckSkipped
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
			res := CheckOK
			if t.ProgressFailed != wantFailed || t.ProgressErrored != wantErrored ||
				has(r.Summary.End.Has, "passed") && t.ProgressPassed != r.Summary.End.Passed ||
				has(r.Summary.End.Has, "skipped") && t.ProgressSkipped != r.Summary.End.Skipped {
				res = CheckMismatch
			}
			add("progress", res, "progress symbols: %d passed, %d failed, %d errored, %d skipped; final line: %s",
				t.ProgressPassed, t.ProgressFailed, t.ProgressErrored, t.ProgressSkipped, r.Summary.End.Text)
		}
	}
	if c, ok := readCheck(r); ok {
		in.Checks = append(in.Checks, c)
	}
	// A missing check goes with an incomplete run, so OK is false for every problem.
	in.OK = in.Complete && !r.Interrupted && r.Fatal == nil && len(in.Problems()) == 0
	return in
}

func has(words []string, w string) bool { return slices.Contains(words, w) }

// handlerCrash reports whether the run's fatal error is a custom CLI handler's, raised once the
// schema was loaded: handlers see events only while the run goes on, and an `st fuzz` run shows
// nothing of its tests before its report, so the run had started even with nothing to show.
func (r *Run) handlerCrash() bool {
	return r.Fatal != nil && r.Fatal.Title == "CLI Handler Error" && r.Format == parser.FormatSchemathesis4 &&
		r.Settings.SchemaLocation != ""
}

func stageWhat(stage string) string {
	switch stage {
	case "loading":
		return "loading the schema"
	case "probing":
		return "probing the API"
	}
	return stage
}

// readCheck is the check that every part of the run's input was read, when one was not.
func readCheck(r *Run) (Check, bool) {
	parts := r.unreadParts()
	if len(parts) == 0 {
		return Check{}, false
	}
	var at []string
	for _, d := range parts[:min(len(parts), 3)] {
		at = append(at, fmt.Sprintf("line %d: %s", d.Line, d.Message))
	}
	more := ""
	if len(parts) > 3 {
		more = fmt.Sprintf("; and %d more", len(parts)-3)
	}
	return Check{Name: "input-read", Result: CheckUnread, Detail: fmt.Sprintf("%d %s of the input could not be read, so what %s held is not counted: %s%s",
		len(parts), plural(len(parts), "part", "parts"), plural(len(parts), "it", "they"), strings.Join(at, "; "), more)}, true
}

// unreadCodes are the diagnostics of a part of an input that could not be read: a syntax error in
// a JUnit report, HAR file or cassette, an interaction skipped, an encoding ctlog cannot read.
var unreadCodes = []string{"xml-syntax", "xml-encoding", "json", "yaml", "cassette", "too-large", "internal"}

// unreadParts are the diagnostics of the parts of the run's input that could not be read.
func (r *Run) unreadParts() []parser.Diagnostic {
	var out []parser.Diagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == "warning" && slices.Contains(unreadCodes, d.Code) {
			out = append(out, d)
		}
	}
	return out
}

// ReadWhole reports whether the run's input was read whole: not cut before the run's final line
// (a crash that prints none is the run's end, not a cut), and no part that could not be parsed.
// The exit policy fails closed on a run that was not.
func (in *Integrity) ReadWhole() bool {
	if in.Status == RunIncomplete {
		return false
	}
	for _, c := range in.Checks {
		if c.Result == CheckUnread {
			return false
		}
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
