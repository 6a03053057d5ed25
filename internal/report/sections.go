package report

import (
	"fmt"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// section is one part of the report of a run. The text report and the github output present a
// run's sections in the one order sectionsOf gives (Markdown, a step summary read in seconds, leads
// with the verdict and puts what ran last: markdownRunSections), each format rendering each section
// in a function of its own; a format may have nothing to say for a section (the annotations say nothing
// of causes: the text report inside their group does).
type section int

const (
	secStopped     section = iota // a run that never started: what stopped it
	secSettings                   // what ran: format, version, specification, operations, workers, seed, schema, base URL
	secResult                     // the final line as printed (or why there is none), and the totals ctlog counted
	secCrash                      // Schemathesis crashed after the run started
	secIntegrity                  // the counts against the log's own
	secHooks                      // the hooks diagnosis
	secCauses                     // causes shared by several operations: the story leads the report
	secGroups                     // the failure groups, the most severe first (classify.CompareGroups)
	secErrors                     // the errors Schemathesis printed
	secDiagnostics                // lines ctlog did not understand
	numSections
)

// runSections are the sections of a run that started, in the order every format presents them.
var runSections = []section{secSettings, secResult, secCrash, secIntegrity, secHooks, secCauses, secGroups, secErrors, secDiagnostics}

// stoppedSections are those of a run that never started (a hooks import failure, a schema loading
// error before the session header): what stopped it, and the lines ctlog did not understand.
var stoppedSections = []section{secStopped, secDiagnostics}

// sectionsOf is the sections of r, in order.
func sectionsOf(r *classify.Run) []section {
	if !r.Started || !r.Integrity.Status.Started() {
		return stoppedSections
	}
	return runSections
}

// The words the formats share, so that each says the same of a section.

// runWhat names what ran, with the settings the log printed: "Schemathesis 3.x run (3.27.1): Open
// API 3.0.3 · 6 operations · 1 worker · seed 42".
func runWhat(r *classify.Run) string {
	s := r.Settings
	var facts []string
	if s.SpecVersion != "" {
		facts = append(facts, s.SpecVersion)
	}
	if s.Operations >= 0 {
		facts = append(facts, plural(s.Operations, "operation"))
	}
	if s.Workers > 0 {
		facts = append(facts, plural(s.Workers, "worker"))
	}
	if s.Seed != "" {
		facts = append(facts, "seed "+s.Seed)
	}
	what := "Schemathesis " + versionName(r.Format) + " run"
	switch r.Kind {
	case "replay":
		what = "Schemathesis st replay"
	case "fuzz":
		what = "Schemathesis " + versionName(r.Format) + " st fuzz run"
	}
	switch r.Format {
	case parser.FormatJUnit:
		what = "JUnit report"
	case parser.FormatCassette:
		what = "VCR cassette"
	case parser.FormatHAR:
		what = "HAR traffic"
	case parser.FormatCrash:
		what = "Crash file"
	case parser.FormatAllure:
		what = "Allure results"
	}
	if r.Version != "" && r.Version != "dev" {
		what += " (" + r.Version + ")"
	}
	if len(facts) > 0 {
		what += ": " + strings.Join(facts, " · ")
	}
	return what
}

func versionName(f parser.Format) string {
	switch f {
	case parser.FormatSchemathesis3:
		return "3.x"
	case parser.FormatSchemathesis4:
		return "4.x"
	}
	return string(f)
}

// resultText is the run's result: the final line as Schemathesis printed it, or why there is none.
func resultText(r *classify.Run) string {
	e := r.Summary.End
	switch {
	case r.Format == parser.FormatCassette || r.Format == parser.FormatHAR:
		return plural(r.Totals.Interactions, "interaction") + " recorded"
	case r.Format == parser.FormatCrash:
		return plural(r.Totals.TestCases, "failing test case") + " saved for st replay"
	case e != nil && e.Empty:
		return "empty test suite"
	case e != nil:
		return e.Text
	}
	return "no final line (" + string(r.Integrity.Status) + ")"
}

// resultFailed reports whether the final line counts failures or errors.
func resultFailed(r *classify.Run) bool {
	e := r.Summary.End
	return e == nil || e.Failed > 0 || e.Errored > 0 || e.Flaky > 0
}

// totalsText is what ctlog counted: "3 failing test cases in 2 operations (1 flaky), 0 errors, 1 warning".
func totalsText(r *classify.Run) string {
	t := r.Totals
	return fmt.Sprintf("%s in %s (%s), %s, %s", plural(t.TestCases, "failing test case"), plural(t.FailedOperations, "operation"),
		plural(t.FlakyOperations, "flaky"), plural(t.Errors, "error"), plural(t.Warnings, "warning"))
}

// interruptedText is the note on an interrupted run.
const interruptedText = "the run was interrupted (KeyboardInterrupt); counts cover the part that ran"

// interruptedNote is the note on an interrupted run: before any test (Ctrl-C while the schema
// loaded or the API was probed), or while testing.
func interruptedNote(r *classify.Run) string {
	switch r.InterruptedStage {
	case "loading":
		return "the run was interrupted (KeyboardInterrupt) while loading the schema: nothing was tested"
	case "probing":
		if r.Summary.End == nil {
			return "the run was interrupted (KeyboardInterrupt) while probing the API: nothing was tested"
		}
	}
	return interruptedText
}

// partialText is the integrity of a run that did not finish, yet shows no problem.
const partialText = "the counts agree with what Schemathesis printed for the part that ran"

// maxCauses and maxDiagnostics bound the causes and the lines ctlog did not understand a report lists.
const (
	maxCauses      = 8
	maxDiagnostics = 5
)

// warnings are the indexes of the diagnostics that are warnings: the lines ctlog did not understand.
func warnings(r *classify.Run) []int {
	var warn []int
	for i, d := range r.Diagnostics {
		if d.Severity == "warning" {
			warn = append(warn, i)
		}
	}
	return warn
}

// stoppedMessage is what to show of the error that stopped a run before it started: its first line,
// and the exception when that is another line.
func stoppedMessage(message string) string {
	msg := strings.TrimRight(firstLine(message), " ")
	if ex := strings.TrimRight(exceptionLine(message), " "); ex != msg {
		msg += "\n" + ex
	}
	return msg
}

// note is one fact of a run that has no section of its own: what a replay found, run-level check
// findings, re-authentication, why a fuzz run stopped.
type note struct{ label, text string }

// runNotes are the notes of r, in the order every format presents them.
func runNotes(r *classify.Run) []note {
	var out []note
	if p := r.Replay; p != nil {
		out = append(out, note{"Replay", p.Text()})
	}
	for _, c := range r.RunChecks {
		text := c.Title
		if m := firstLine(c.Message); m != "" {
			text += " — " + m
		}
		out = append(out, note{"Run check", fmt.Sprintf("%s (line %d; an after-run check: about the whole run, not a test case)", text, c.Span.Line)})
	}
	if f := r.Fuzz; f != nil {
		var parts []string
		if f.Scenarios >= 0 {
			parts = append(parts, plural(f.Scenarios, "scenario"))
		}
		if f.StopReason != "" {
			parts = append(parts, "stopped: "+f.StopReason)
		}
		if len(parts) > 0 {
			out = append(out, note{"Fuzz", "st fuzz, " + strings.Join(parts, ", ")})
		}
	}
	if len(r.Summary.SkipReasons) > 0 {
		text := strings.Join(r.Summary.SkipReasons, "; ")
		for _, c := range r.Summary.Counts {
			if c.Kind == "operations" && c.Title == "Skipped" {
				text = fmt.Sprintf("%s — %s", plural(c.Count, "operation"), text)
			}
		}
		out = append(out, note{"Skipped", text})
	}
	if b := r.STBaseline; b != nil {
		out = append(out, note{"Baseline", baselineText(b)})
	}
	if n := r.Reauthenticated; n != nil {
		text := "dynamic auth re-authenticated"
		if *n >= 0 {
			text = fmt.Sprintf("dynamic auth re-authenticated %s", plural(*n, "time"))
		}
		out = append(out, note{"Auth", text})
	}
	return out
}

// baselineText is what a run says of Schemathesis's own --baseline.
func baselineText(b *classify.STBaseline) string {
	var parts []string
	head := "Schemathesis baseline"
	if b.File != "" {
		head += " " + b.File
	}
	if b.Entries >= 0 {
		entries := fmt.Sprintf("%d entries", b.Entries)
		if b.Entries == 1 {
			entries = "1 entry"
		}
		head += " (" + entries + ")"
	}
	for _, c := range []struct {
		n    int
		what string
	}{{b.Known, "known failures (suppressed)"}, {b.Recorded, "recorded"}, {b.Unobserved, "unobserved"}, {b.Expired, "expired"}, {b.Pruned, "pruned"}} {
		if c.n >= 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(b.ExpiredIDs) > 0 {
		parts = append(parts, "expired: "+strings.Join(b.ExpiredIDs, ", "))
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}
