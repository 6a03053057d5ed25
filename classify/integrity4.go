package classify

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// check4 compares a 4.x run's failure blocks, ERRORS and WARNINGS with its SUMMARY and final line,
// whose counts are unique failures, errors and warning kinds.
func check4(r *Run) []Check {
	var out []Check
	add := func(name string, result CheckResult, format string, args ...any) {
		out = append(out, Check{Name: name, Result: result, Detail: fmt.Sprintf(format, args...)})
	}
	cmp := func(name string, printed, counted int, what string) {
		res := CheckOK
		if printed != counted {
			res = CheckMismatch
		}
		add(name, res, "%s: printed %d, counted %d", what, printed, counted)
	}
	sumBy := map[string]map[string]int{"failure": {}, "error": {}, "warning": {}}
	total := map[string]int{}
	for _, c := range r.Summary.Counts {
		if m, ok := sumBy[c.Kind]; ok {
			m[c.Title] += c.Count
			total[c.Kind] += c.Count
		}
	}
	byTitle := map[string]int{}
	for t, n := range r.uniqueByTitle {
		byTitle[t] = *n
	}
	if e := r.Summary.End; e != nil {
		cmp("unique-failures", e.Failed, r.Totals.UniqueFailures, "final line failures vs failure blocks")
		cmp("errors", e.Errored, r.Totals.Errors, "final line errors vs ERRORS entries")
		if len(sumBy["warning"]) > 0 || e.Warnings > 0 {
			switch countsOnlyMissingAuth(r.Version) {
			case versionOld:
				// Before 4.11.1 the final line counted only the missing-auth warnings.
				cmp("warnings", e.Warnings, sumBy["warning"]["Missing authentication"],
					"final line warnings vs SUMMARY Missing authentication warnings (Schemathesis "+r.Version+" counts only those)")
			case versionNew:
				cmp("warnings", e.Warnings, len(sumBy["warning"]), "final line warnings vs SUMMARY warning kinds")
			default:
				// Unknown version (`Schemathesis dev`, no banner): either rule may apply.
				res := CheckOK
				if e.Warnings != len(sumBy["warning"]) && e.Warnings != sumBy["warning"]["Missing authentication"] {
					res = CheckMismatch
				}
				add("warnings", res, "final line warnings: printed %d, counted %d warning kinds (%d of them Missing authentication); the Schemathesis version is unknown, so either way of counting (4.11.1+: every kind; before: missing auth only) is accepted",
					e.Warnings, len(sumBy["warning"]), sumBy["warning"]["Missing authentication"])
			}
		}
	}
	if len(sumBy["failure"]) > 0 || r.Totals.UniqueFailures > 0 && r.Summary.End != nil {
		res := CheckOK
		var diffs []string
		for _, title := range sortedKeys(byTitle, sumBy["failure"]) {
			if byTitle[title] != sumBy["failure"][title] {
				res = CheckMismatch
				diffs = append(diffs, fmt.Sprintf("%s: SUMMARY %d, blocks %d", title, sumBy["failure"][title], byTitle[title]))
			}
		}
		detail := "SUMMARY Failures agree with the failure blocks, title by title"
		if res != CheckOK {
			detail = strings.Join(diffs, "; ")
		}
		add("failure-titles", res, "%s", detail)
	}
	return out
}

func sortedKeys(ms ...map[string]int) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range maps.Keys(m) {
			set[k] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

type versionRule int

const (
	versionUnknown versionRule = iota
	versionOld                 // before 4.11.1: the final line counts missing-auth warnings only
	versionNew
)

// countsOnlyMissingAuth says which rule the final line of a 4.x version follows for warnings.
func countsOnlyMissingAuth(v string) versionRule {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 4)
	if len(parts) < 3 {
		return versionUnknown
	}
	var n [3]int
	for i := range 3 {
		d := parts[i]
		j := 0
		for j < len(d) && d[j] >= '0' && d[j] <= '9' {
			j++
		}
		if j == 0 {
			return versionUnknown
		}
		n[i], _ = strconv.Atoi(d[:j])
	}
	if n[0] != 4 {
		return versionUnknown
	}
	if n[1] < 11 || n[1] == 11 && n[2] < 1 {
		return versionOld
	}
	return versionNew
}
