package classify

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Replay is what an `st replay` run (Schemathesis 4.22+) says of the crash files it re-ran: the
// failures that still happen are the run's failure groups, each with its `st replay <id>` command;
// the rest is here.
type Replay struct {
	Source       string              `json:"source"`                   // the crash file, directory or case id replayed
	Cases        int                 `json:"cases"`                    // the count in `Replaying N cases`
	Failing      int                 `json:"still_failing"`            // cases whose rollup line says FAILED
	Flaky        int                 `json:"flaky"`                    // FLAKY: failed on some replays only
	Fixed        int                 `json:"fixed"`                    // FIXED: every recorded check passes now
	Errored      int                 `json:"errored"`                  // ERROR: the case could not be replayed
	Changed      int                 `json:"changed,omitempty"`        // CHANGED (first releases)
	Removed      int                 `json:"removed_crash_files"`      // fixed crash files Schemathesis deleted
	Incompatible int                 `json:"incompatible_crash_files"` // crash files it could not read
	Outcomes     []parser.ReplayCase `json:"outcomes"`                 // the first 1,000 cases, in order
	rollups      int
	sections     bool // a FAILURES rule was printed (every release but the first)
}

// Still reports how many replayed cases still fail (failing or flaky).
func (p *Replay) Still() int { return p.Failing + p.Flaky }

func (r *Run) replayCase(c *parser.ReplayCase) {
	p := r.Replay
	if p == nil {
		return
	}
	p.rollups++
	switch c.Status {
	case "failed":
		p.Failing++
	case "flaky":
		p.Flaky++
	case "fixed":
		p.Fixed++
	case "errored":
		p.Errored++
	case "changed":
		p.Changed++
	}
	if len(p.Outcomes) < maxKeptWarnings {
		p.Outcomes = append(p.Outcomes, *c)
	}
}

// replayNote reads `Removed 2 crash files (pass --keep to retain).` and the incompatible notice.
func (r *Run) replayNote(n *parser.SummaryNote) {
	if r.Replay == nil {
		return
	}
	f := strings.Fields(n.Text)
	if len(f) < 2 {
		return
	}
	k, err := strconv.Atoi(f[1])
	if err != nil {
		return
	}
	if n.Kind == "replay-incompatible" {
		r.Replay.Incompatible += k
	} else {
		r.Replay.Removed += k
	}
}

// Text is a one-line account of the replay: "3 cases from DIR: 1 still failing, 1 fixed, 1
// errored; 1 crash file removed".
func (p *Replay) Text() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(p.Failing, "still failing")
	add(p.Flaky, "flaky")
	add(p.Fixed, "fixed")
	add(p.Errored, "errored")
	add(p.Changed, "changed")
	s := fmt.Sprintf("%s from %s", plural(p.Cases, "1 case", strconv.Itoa(p.Cases)+" cases"), p.Source)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	var files []string
	if p.Removed > 0 {
		files = append(files, fmt.Sprintf("%d %s removed", p.Removed, plural(p.Removed, "crash file", "crash files")))
	}
	if p.Incompatible > 0 {
		files = append(files, fmt.Sprintf("%d incompatible %s skipped", p.Incompatible, plural(p.Incompatible, "crash file", "crash files")))
	}
	if len(files) > 0 {
		s += "; " + strings.Join(files, ", ")
	}
	return s
}

// checkReplay compares a replay's rollup lines with its header, failure blocks and final line.
func checkReplay(r *Run) []Check {
	var out []Check
	p := r.Replay
	add := func(name string, result CheckResult, format string, args ...any) {
		out = append(out, Check{Name: name, Result: result, Detail: fmt.Sprintf(format, args...)})
	}
	// The first releases printed a case with failures only as its failure block.
	layoutOld := !p.sections && r.Totals.TestCases > 0
	switch {
	case r.Interrupted && p.rollups <= p.Cases:
		add("replay-cases", CheckSkipped, "interrupted: %d of %d cases replayed", p.rollups, p.Cases)
	case p.rollups == p.Cases || layoutOld:
		add("replay-cases", CheckOK, "header: %d cases; replayed: %d", p.Cases, p.Cases)
	default:
		add("replay-cases", CheckMismatch, "header: %d cases; rollup lines: %d", p.Cases, p.rollups)
	}
	if !layoutOld {
		res := CheckOK
		if p.Still() != r.Totals.TestCases {
			res = CheckMismatch
		}
		add("replay-failures", res, "failing or flaky cases: %d; failure blocks: %d", p.Still(), r.Totals.TestCases)
	}
	e := r.Summary.End
	if e == nil {
		return out
	}
	// The final line counts checks, the rollup lines cases: a case counts at least one check of its
	// status, or its listed checks.
	least := map[string]int{}
	for _, c := range p.Outcomes {
		if len(c.Checks) == 0 {
			least[c.Status]++
			continue
		}
		for _, ch := range c.Checks {
			least[ch.Status]++
		}
	}
	printed := map[string]int{"fixed": e.Fixed, "failed": e.Failed, "flaky": e.Flaky, "errored": e.Errored, "changed": e.Skipped}
	var bad []string
	for _, st := range []string{"fixed", "failed", "flaky", "errored", "changed"} {
		if printed[st] < least[st] || printed[st] > 0 && least[st] == 0 && len(p.Outcomes) == p.rollups && !layoutOld {
			bad = append(bad, fmt.Sprintf("%s: printed %d, cases show %d", st, printed[st], least[st]))
		}
	}
	if len(bad) > 0 {
		add("replay-final", CheckMismatch, "final line vs rollup lines: %s", strings.Join(bad, "; "))
	} else {
		add("replay-final", CheckOK, "final line agrees with the rollup lines (it counts checks, they count cases)")
	}
	return out
}

// replayCommands gives every sample with a test case id the `st replay <id>` command that re-runs
// its crash file.
func replayCommands(r *Run) {
	for _, g := range r.Groups {
		for i := range g.Samples {
			if s := &g.Samples[i]; s.TestCaseID != "" && s.Replay == "" {
				s.Replay = "st replay " + s.TestCaseID
			}
		}
	}
}

// JoinCrashes links the samples of runs to the crash files among crashes with the same test case
// id: each gets the crash file's name and its `st replay <id>` command. It returns how many samples
// it linked.
func JoinCrashes(runs, crashes []*Run) int {
	byID := map[string]string{}
	for _, c := range crashes {
		for _, g := range c.Groups {
			for _, s := range g.Samples {
				if s.TestCaseID != "" {
					byID[s.TestCaseID] = c.crashFile
				}
			}
		}
	}
	n := 0
	for _, r := range runs {
		for _, g := range r.Groups {
			for i := range g.Samples {
				s := &g.Samples[i]
				if name, ok := byID[s.TestCaseID]; ok && s.TestCaseID != "" {
					s.CrashFile, s.Replay = name, "st replay "+s.TestCaseID
					n++
				}
			}
		}
	}
	return n
}
