package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

// HooksVerdict is what the hooks diagnosis concludes.
type HooksVerdict string

// Hook verdicts.
const (
	HooksNotLoaded    HooksVerdict = "not-loaded"    // failures a hook should fix are present, and nothing shows the module was imported
	HooksNotEffective HooksVerdict = "not-effective" // the module was imported, yet failures its rules claim remain
	HooksImportFailed HooksVerdict = "import-failed" // Schemathesis could not import the module
	HooksFailing      HooksVerdict = "failing"       // the module was loaded, and a hook raised (a Hook Error)
	HooksWorking      HooksVerdict = "working"       // no failure is one a hook rule claims
	HooksNoRules      HooksVerdict = "no-rules"      // no hook rules are configured
)

// Problem reports whether the verdict is one to warn about: the hooks did not do their job.
func (v HooksVerdict) Problem() bool { return v != HooksWorking && v != HooksNoRules }

// HooksDiagnosis says whether the run's hooks did their job, with the numbers behind the verdict.
type HooksDiagnosis struct {
	Verdict   HooksVerdict `json:"verdict"`
	Paragraph string       `json:"paragraph"`
	Failing   int          `json:"failing_operations"`
	Claimed   int          `json:"claimed_operations"`           // failing operations with a failure a rule claims
	OnHooked  []string     `json:"on_hooked_paths"`              // failing operations a rule's paths cover, failing for checks it does not fix
	Rules     []RuleHits   `json:"rules"`                        // what each rule claims
	Evidence  []Evidence   `json:"evidence,omitempty"`           // what shows the module was (not) loaded
	Module    string       `json:"module,omitempty"`             // the module the config says SCHEMATHESIS_HOOKS should name
	Lint      *HooksLint   `json:"lint,omitempty"`               // what `ctlog hooks lint` says of the hooks file, when it was found
	EnvHooks  *string      `json:"schemathesis_hooks,omitempty"` // the value the log shows, when it shows the environment
	// HookErrors are the hooks that raised while the run used them (verdict failing).
	HookErrors []HookFailure `json:"hook_errors,omitempty"`
}

// RuleHits is what one hook rule claims in a run.
type RuleHits struct {
	Name       string   `json:"name"`
	TestCases  int      `json:"test_cases"`
	Operations []string `json:"operations"`
}

// ApplyHooks flags the groups a hook rule claims and diagnoses the run's hooks.
func (r *Run) ApplyHooks(h rules.Hooks) {
	d := &HooksDiagnosis{Module: h.Module, Rules: []RuleHits{}, OnHooked: []string{}}
	failing := map[string]bool{}
	claimed := map[string]bool{}
	hits := map[string]*RuleHits{}
	for _, g := range r.Groups {
		failing[g.Operation] = true
		g.Hook = h.Match(g.Operation, g.Check, g.Title, g.Status)
		for _, name := range g.Hook {
			claimed[g.Operation] = true
			rh := hits[name]
			if rh == nil {
				rh = &RuleHits{Name: name}
				hits[name] = rh
			}
			rh.TestCases += g.Count
			if !slices.Contains(rh.Operations, g.Operation) {
				rh.Operations = append(rh.Operations, g.Operation)
			}
		}
	}
	for op := range failing {
		if !claimed[op] && len(h.Covers(op)) > 0 {
			d.OnHooked = append(d.OnHooked, op)
		}
	}
	slices.Sort(d.OnHooked)
	for _, rule := range h.Rules {
		if rh := hits[rule.Name]; rh != nil && !slices.ContainsFunc(d.Rules, func(x RuleHits) bool { return x.Name == rule.Name }) {
			slices.Sort(rh.Operations)
			d.Rules = append(d.Rules, *rh)
		}
	}
	d.Failing, d.Claimed = len(failing), len(claimed)
	d.Evidence = r.hookEvidence(h)
	if v, ok := r.Env["SCHEMATHESIS_HOOKS"]; ok {
		d.EnvHooks = &v
	}
	d.HookErrors = r.HookErrors
	d.Verdict, d.Paragraph = r.verdict(h, d)
	r.Hooks = d
}

// hookEvidence is the run's evidence plus the lines that match the config's banner or a rule's prints.
func (r *Run) hookEvidence(h rules.Hooks) []Evidence {
	ev := slices.Clone(r.Evidence)
	markers := map[string]string{}
	if h.Banner != "" {
		markers[h.Banner] = "banner"
	}
	for _, rule := range h.Rules {
		if rule.Prints != "" {
			markers[rule.Prints] = "rule-print"
		}
	}
	if len(markers) == 0 || r.Preamble == "" {
		return ev
	}
	for i, l := range strings.Split(r.Preamble, "\n") {
		for m, kind := range markers {
			if strings.Contains(l, m) && !slices.ContainsFunc(ev, func(e Evidence) bool { return e.Line == r.preambleLine+i }) {
				ev = append(ev, Evidence{Kind: kind, Line: r.preambleLine + i, Text: strings.TrimSpace(l)})
			}
		}
	}
	slices.SortFunc(ev, func(a, b Evidence) int { return a.Line - b.Line })
	return ev
}

func (r *Run) verdict(h rules.Hooks, d *HooksDiagnosis) (HooksVerdict, string) {
	var loaded, importErr []Evidence
	for _, e := range d.Evidence {
		switch e.Kind {
		case "banner", "rule-print", "custom-check", "pre-run", "hook-error":
			loaded = append(loaded, e)
		case "import-error":
			importErr = append(importErr, e)
		}
	}
	var b strings.Builder
	numbers := func() {
		fmt.Fprintf(&b, "%d of %d failing operations have failures a hook rule claims; the other %d are not covered by any hook",
			d.Claimed, d.Failing, d.Failing-d.Claimed)
		if len(d.OnHooked) > 0 {
			fmt.Fprintf(&b, " (%d of them are on a hooked path but fail a check the hook does not fix: %s)",
				len(d.OnHooked), strings.Join(clipList(d.OnHooked, 5), ", "))
		}
		b.WriteString(".")
	}
	where := func(es []Evidence) string {
		var parts []string
		for _, e := range clipEvidence(es, 3) {
			parts = append(parts, fmt.Sprintf("line %d: %q", e.Line, clipText(e.Text, 140)))
		}
		return strings.Join(parts, "; ")
	}
	switch {
	case len(importErr) > 0:
		fmt.Fprintf(&b, "Hooks import failed: Schemathesis could not import the hooks module (%s), so no test ran with them. Fix the import error first.", where(importErr))
		return HooksImportFailed, b.String()
	case len(r.HookErrors) > 0:
		b.WriteString(failingParagraph(r.HookErrors))
		if len(h.Rules) > 0 {
			b.WriteString(" ")
			numbers()
		}
		return HooksFailing, b.String()
	case len(h.Rules) == 0:
		if len(loaded) > 0 {
			fmt.Fprintf(&b, "A hooks module was loaded (%s). No hook rules are configured, so ctlog cannot tell which failures the hooks should fix: add rules to .ctlog.yaml (see docs/hook-rules.md).", where(loaded))
		} else {
			b.WriteString("No hook rules are configured and the log shows no sign of a hooks module. Add rules to .ctlog.yaml (see docs/hook-rules.md) to check failures a hook should fix.")
		}
		return HooksNoRules, b.String()
	case d.Claimed == 0:
		if len(loaded) > 0 {
			fmt.Fprintf(&b, "Hooks working or not involved: the hooks module was imported (%s) and no failure is one a hook rule claims. ", where(loaded))
		} else {
			b.WriteString("No failure is one a hook rule claims, so the failures are not the hooks' business. ")
		}
		numbers()
		return HooksWorking, b.String()
	case len(loaded) > 0:
		fmt.Fprintf(&b, "Hooks loaded but not effective: the hooks module was imported (%s), yet %d test cases its rules should fix remain. "+
			"Importing a module is not enough: each function must be registered with @schemathesis.hook and be named after a Schemathesis hook (such as after_call); run `ctlog hooks lint` on the module. ",
			where(loaded), claimedCases(d))
		numbers()
		return HooksNotEffective, b.String()
	default:
		b.WriteString("Hooks not loaded: failures a hook should fix are present, and nothing in the log shows the hooks module was imported")
		switch {
		case d.EnvHooks != nil && *d.EnvHooks == "":
			b.WriteString(" (SCHEMATHESIS_HOOKS is empty)")
		case d.EnvHooks == nil && r.Command != nil:
			b.WriteString(" (the logged command sets no SCHEMATHESIS_HOOKS)")
		case d.EnvHooks != nil:
			fmt.Fprintf(&b, " (SCHEMATHESIS_HOOKS=%s, but no banner or custom check shows it took effect)", *d.EnvHooks)
		}
		b.WriteString(". ")
		if h.Module != "" {
			fmt.Fprintf(&b, "Set SCHEMATHESIS_HOOKS=%s in the CI step that runs Schemathesis. ", h.Module)
		} else {
			b.WriteString("Set SCHEMATHESIS_HOOKS to the hooks module in the CI step that runs Schemathesis. ")
		}
		numbers()
		return HooksNotLoaded, b.String()
	}
}

func claimedCases(d *HooksDiagnosis) int {
	n := 0
	for _, r := range d.Rules {
		n += r.TestCases
	}
	return n
}

func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), fmt.Sprintf("and %d more", len(s)-n))
}

func clipEvidence(e []Evidence, n int) []Evidence {
	if len(e) <= n {
		return e
	}
	return e[:n]
}

func clipText(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// HooksLint is the static check of the hooks file behind a run (`ctlog hooks lint`).
type HooksLint struct {
	Path     string   `json:"path"`
	Summary  string   `json:"summary"`  // e.g. "0 of 2 hooks will run: `before_call` is never registered (hooks.py:7)"
	Problems []string `json:"problems"` // file:line findings that keep a hook from running
	Silent   bool     `json:"silent"`   // something will silently not run
}

// AttachLint adds the hooks file's lint result to the diagnosis (creating one when no rules were
// given) and, when hooks did not take effect, names the reason in the paragraph.
func (r *Run) AttachLint(l *HooksLint) {
	if r.Hooks == nil {
		r.Hooks = &HooksDiagnosis{Verdict: HooksNoRules, Rules: []RuleHits{}, OnHooked: []string{}, Evidence: r.Evidence}
		r.Hooks.Paragraph = "No hook rules are configured."
	}
	r.Hooks.Lint = l
	if l.Silent {
		r.Hooks.Paragraph += " The hooks file explains it: " + l.Summary
	} else {
		r.Hooks.Paragraph += " `ctlog hooks lint " + l.Path + "`: " + l.Summary
	}
}
