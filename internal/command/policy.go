package command

import (
	"fmt"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// failPolicy reports whether --fail-on asks for a failing exit code and, when it does, why: the
// reason line summarize prints on standard error ("--fail-on any: 12 failure groups (3 server
// errors) in run.log"). Every policy but none fails closed: a run whose input was not read whole
// (cut short, a part that could not be parsed) may hide the failures the policy is about, so it
// fails too. baseline names the --baseline file.
func failPolicy(policy string, doc *summary.Document, baseline string) (bool, string) {
	if policy == "" || policy == "none" {
		return false, ""
	}
	if unread := unreadInputs(doc); len(unread) > 0 {
		return true, fmt.Sprintf("an input was not read whole (--fail-on %s fails closed): %s", policy, strings.Join(unread, "; "))
	}
	var t tally
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			t.add(in.Name, r, policy == "unexpected")
		}
	}
	switch policy {
	case "any":
		if what := t.what(""); what != "" {
			return true, "--fail-on any: " + what
		}
	case "new":
		if doc.NewGroups > 0 {
			return true, fmt.Sprintf("--fail-on new: %s not in %s", plural(doc.NewGroups, "failure group"), baseline)
		}
	case "unexpected":
		rules := "the hook rules"
		if doc.Config != "" {
			rules = doc.Config
		}
		if what := t.what(" that no hook rule in " + rules + " claims"); what != "" {
			return true, "--fail-on unexpected: " + what
		}
	}
	return false, ""
}

// unreadInputs names the inputs with a run that was not read whole, each with why.
func unreadInputs(doc *summary.Document) []string {
	var out []string
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			if r.Integrity.ReadWhole() {
				continue
			}
			// A part that could not be parsed says more than the missing final line it leads to.
			why := string(r.Integrity.Status)
			for _, c := range r.Integrity.Checks {
				if c.Result == classify.CheckUnread {
					why = c.Detail
					break
				}
				if c.Name == "final-line" && c.Result == classify.CheckMissing {
					why = c.Detail
				}
			}
			out = append(out, fmt.Sprintf("%s (%s)", in.Name, why))
			break
		}
	}
	return out
}

// tally counts what a failing policy found, and where.
type tally struct {
	groups, server, errors, runChecks, crashes int
	inputs                                     []string
}

// add counts r's failure groups (only those no hook rule claims when unclaimed), errors, after-run
// check failures and crash.
func (t *tally) add(input string, r *classify.Run, unclaimed bool) {
	n := t.groups + t.errors + t.runChecks + t.crashes
	for _, g := range r.Groups {
		if unclaimed && len(g.Hook) > 0 {
			continue
		}
		t.groups++
		if g.Severity() == classify.SeverityServer {
			t.server++
		}
	}
	t.errors += r.Totals.Errors
	if !unclaimed {
		t.runChecks += len(r.RunChecks)
	}
	if r.Fatal != nil {
		t.crashes++
	}
	if t.groups+t.errors+t.runChecks+t.crashes > n && (len(t.inputs) == 0 || t.inputs[len(t.inputs)-1] != input) {
		t.inputs = append(t.inputs, input)
	}
}

// what says what was found ("12 failure groups (3 server errors), 1 error in run.log"); "" for
// nothing. claim qualifies the failure groups.
func (t *tally) what(claim string) string {
	var parts []string
	if t.groups > 0 {
		s := plural(t.groups, "failure group")
		if t.server > 0 {
			s += " (" + plural(t.server, "server error") + ")"
		}
		s += claim
		parts = append(parts, s)
	}
	if t.runChecks > 0 {
		parts = append(parts, plural(t.runChecks, "after-run check failure"))
	}
	if t.errors > 0 {
		parts = append(parts, plural(t.errors, "error"))
	}
	if t.crashes > 0 {
		parts = append(parts, map[bool]string{true: "a Schemathesis crash", false: fmt.Sprintf("%d Schemathesis crashes", t.crashes)}[t.crashes == 1])
	}
	if len(parts) == 0 {
		return ""
	}
	in := strings.Join(t.inputs[:min(len(t.inputs), 3)], ", ")
	if len(t.inputs) > 3 {
		in += fmt.Sprintf(" and %d more", len(t.inputs)-3)
	}
	sep := " in "
	if claim != "" {
		sep = ", in " // "… that no hook rule claims, in run.log"
	}
	return strings.Join(parts, ", ") + sep + in
}
