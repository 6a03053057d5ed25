package classify

import (
	"fmt"
	"maps"
	"slices"
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
			cmp("warnings", e.Warnings, len(sumBy["warning"]), "final line warnings vs SUMMARY warning kinds")
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
