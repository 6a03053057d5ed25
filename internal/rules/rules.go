// Package rules reads the hook-rules configuration (.ctlog.yaml) and tells which Schemathesis
// hooks should have fixed a failure.
//
// Teams register Schemathesis hooks that paper over known API quirks. When CI does not load
// those hooks the failures they fix come back; a rule names such a hook and the failures it
// claims (operations, checks, statuses) so ctlog can flag them. See docs/hook-rules.md.
package rules

import (
	"strconv"
	"strings"
)

// Config is a loaded .ctlog.yaml.
type Config struct {
	Hooks Hooks  // the hooks: section
	Path  string // where it was loaded from
}

// Hooks describes the team's Schemathesis hooks module and the failures each hook fixes.
type Hooks struct {
	Module string // dotted module SCHEMATHESIS_HOOKS should name ("" = not stated)
	Banner string // a line the module prints at import, as evidence it was imported ("" = none)
	Rules  []Rule // one entry per hook (a hook may have several rules)
}

// Rule claims the failures one hook fixes.
type Rule struct {
	Name       string   // the hook's name, e.g. "fix_dev_auth_response"
	Operations []string // "METHOD PATH-GLOB" patterns; METHOD is *, a name, or a|b list
	Checks     []string // check names or failure titles; empty = any check
	Statuses   []string // exact codes ("401") or classes ("5xx"); empty = any status
	Prints     string   // a line the hook prints when it runs ("" = none)
}

// Match reports the rules that claim a failure: operation label (e.g. "GET /api/v1/batch/{id}/recent/"), check name, check title, status (0 = none).
//
// A rule claims the failure when one of its operations matches, one of its checks matches
// (or it lists none) and one of its statuses matches (or it lists none; a failure without a
// status never matches a rule that lists statuses). Names come back in rule order, once each.
func (h Hooks) Match(operation, check, title string, status int) []string {
	method, segs, ok := splitOperation(operation)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range h.Rules {
		if !r.coversSplit(method, segs) || !r.matchesCheck(check, title) || !r.matchesStatus(status) {
			continue
		}
		out = appendOnce(out, r.Name)
	}
	return out
}

// Covers reports the rules whose operations cover the operation, whatever the check (to tell "on a hooked path, but a check the hook does not fix").
func (h Hooks) Covers(operation string) []string {
	method, segs, ok := splitOperation(operation)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range h.Rules {
		if r.coversSplit(method, segs) {
			out = appendOnce(out, r.Name)
		}
	}
	return out
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// coversSplit reports whether one of the rule's operation patterns matches. Patterns that do
// not compile (a hand-built Hooks that was never validated) match nothing.
func (r Rule) coversSplit(method string, segs []string) bool {
	for _, op := range r.Operations {
		p, err := compileOperation(op)
		if err == nil && p.match(method, segs) {
			return true
		}
	}
	return false
}

// matchesCheck reports whether the failure's check (by name or title) is one the rule fixes.
func (r Rule) matchesCheck(check, title string) bool {
	if len(r.Checks) == 0 {
		return true
	}
	check = strings.TrimSpace(check)
	title = normTitle(title)
	if check == "" && title != "" {
		check = titleCheck[title] // a title-only failure still matches rules written with names
	}
	for _, c := range r.Checks {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if isTitle(c) {
			ct := normTitle(c)
			if title != "" {
				if ct == title {
					return true
				}
				continue
			}
			// No title on the failure: a known title stands for its check.
			if check != "" && titleCheck[ct] == strings.ToLower(check) {
				return true
			}
			continue
		}
		if check != "" && strings.EqualFold(c, check) {
			return true
		}
	}
	return false
}

// matchesStatus reports whether status is one of the rule's statuses. Entries that do not
// parse match nothing.
func (r Rule) matchesStatus(status int) bool {
	if len(r.Statuses) == 0 {
		return true
	}
	if status == 0 {
		return false
	}
	for _, s := range r.Statuses {
		code, class, err := parseStatus(s)
		if err != nil {
			continue
		}
		if (code != 0 && code == status) || (class != 0 && status/100 == class && status >= 100 && status < 600) {
			return true
		}
	}
	return false
}

// parseStatus reads "401" (code) or "5xx"/"5XX" (class); exactly one of code and class is set.
func parseStatus(s string) (code, class int, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if len(t) == 3 && t[1:] == "xx" {
		if t[0] >= '1' && t[0] <= '5' {
			return 0, int(t[0] - '0'), nil
		}
		return 0, 0, errStatus
	}
	n, perr := strconv.Atoi(t)
	if perr != nil || len(t) != 3 || n < 100 || n > 599 {
		return 0, 0, errStatus
	}
	return n, 0, nil
}

type statusError struct{}

func (statusError) Error() string {
	return "want an HTTP status code 100-599 (401) or a class 1xx-5xx (\"5xx\")"
}

var errStatus error = statusError{}
