// Package doctor reads a repository — its CI workflows, local scripts, version pins, Schemathesis
// config and hooks module — without running anything, and says why a Schemathesis run in CI and
// one run locally would differ: hooks that never reach the CI process, hooks Schemathesis cannot
// import or that register nothing, and settings and versions that differ between the two sides.
package doctor

import (
	"cmp"
	"fmt"
	"slices"
)

// Finding severities.
const (
	SevError   = "error"   // CI and local runs will differ (exit 1)
	SevWarning = "warning" // likely a difference, or something doctor cannot check
	SevInfo    = "info"    // what doctor found, for the reader
)

// Finding ids, in the order of consequence (the most consequential first); docs/doctor.md explains each.
const (
	IDHooksNotSet        = "hooks-not-set"           // a side never sets SCHEMATHESIS_HOOKS while the other does
	IDHooksNotPassed     = "hooks-not-passed"        // set in the job, but `docker run` does not pass it into the container
	IDHooksPathForm      = "hooks-path-needs-module" // a file path where the Schemathesis version imports a dotted module
	IDHooksPreRun        = "hooks-pre-run-removed"   // --pre-run on 4.x, which removed it
	IDHooksModuleMissing = "hooks-module-missing"    // the module is not in the checkout
	IDHooksNotMounted    = "hooks-not-mounted"       // docker run passes the variable but not the checkout
	IDHooksIneffective   = "hooks-register-nothing"  // the module loads, but no hook in it will run
	IDHooksDiffer        = "hooks-differ"            // the two sides load different modules
	IDVersionDiffers     = "version-differs"         // different Schemathesis versions
	IDSettingDiffers     = "setting-differs"         // a result-changing flag differs
	IDHooksPartial       = "hooks-partly-ineffective"
	IDHooksConfigModule  = "hooks-config-mismatch" // .ctlog.yaml names another module
	IDVersionUnpinned    = "version-unpinned"      // a side installs whatever is newest
	IDNoInvocation       = "no-invocation"         // no CI or no local invocation found
	IDUnreadable         = "unreadable"            // a file could not be read or parsed
)

// rank orders finding ids by consequence.
var rank = map[string]int{
	IDUnreadable: 0, IDHooksNotSet: 1, IDHooksNotPassed: 2, IDHooksPathForm: 3, IDHooksPreRun: 3, IDHooksModuleMissing: 4,
	IDHooksNotMounted: 4, IDHooksIneffective: 5, IDHooksDiffer: 6, IDVersionDiffers: 7, IDSettingDiffers: 8, IDHooksPartial: 9,
	IDHooksConfigModule: 10, IDVersionUnpinned: 11, IDNoInvocation: 12,
}

// settingRank orders the settings of setting-differs findings by consequence.
var settingRank = map[string]int{"checks": 0, "mode": 1, "phases": 2, "headers": 3, "base-url": 4, "max-examples": 5, "seed": 6, "workers": 7}

// Loc is a line of a file in the repository (File relative to its root, slash-separated).
type Loc struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func (l Loc) String() string {
	if l.Line <= 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// Finding is one thing doctor says, at the line to change.
type Finding struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Loc
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
	Other   *Loc   `json:"other,omitempty"`   // the other side's line, for parity findings
	Setting string `json:"setting,omitempty"` // for setting-differs: checks, mode, phases, ...
}

// sortFindings puts the most consequential first, then by file and line.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)),
			cmp.Compare(rank[a.ID], rank[b.ID]),
			cmp.Compare(settingRank[a.Setting], settingRank[b.Setting]),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
		)
	})
}

func sevRank(s string) int {
	switch s {
	case SevError:
		return 0
	case SevWarning:
		return 1
	}
	return 2
}

// Report is what doctor found in one repository.
type Report struct {
	Dir         string        `json:"dir"`
	Invocations []*Invocation `json:"invocations"`
	Findings    []Finding     `json:"findings"`
}

// Differs reports whether a finding says CI and local runs will differ: any error.
func (r *Report) Differs() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == SevError })
}

// Count returns the number of findings of a severity.
func (r *Report) Count(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == severity {
			n++
		}
	}
	return n
}
