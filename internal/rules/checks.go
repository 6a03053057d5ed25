package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/parser"
)

// knownChecks are Schemathesis' built-in check names (3.x and 4.x). A check entry within edit
// distance 2 of one of them, but not equal to it, is taken for a typo.
var knownChecks = parser.BuiltinChecks

// checkTitles maps the failure titles Schemathesis prints (3.x and 4.x) to the check behind them.
var checkTitles = parser.CheckTitles()

// titleCheck and titleCanon key checkTitles by normTitle: check name and title as printed.
var titleCheck, titleCanon = func() (map[string]string, map[string]string) {
	check, canon := map[string]string{}, map[string]string{}
	for t, c := range checkTitles {
		check[normTitle(t)], canon[normTitle(t)] = c, t
	}
	return check, canon
}()

// isTitle tells a failure title ("Response violates schema") from a check name: names have
// no spaces.
func isTitle(s string) bool {
	return strings.ContainsAny(strings.TrimSpace(s), " \t")
}

// normTitle lower-cases a title, collapses its spaces and drops the 4.x " (3 violations)" tail.
func normTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if i := strings.LastIndex(t, " ("); i > 0 && strings.HasSuffix(t, ")") && strings.Contains(t[i:], "violation") {
		t = t[:i]
	}
	return strings.ToLower(t)
}

// suggestCheck returns the known check name or title a check entry looks like a typo of, or
// "" when the entry is known or not close to anything known.
func suggestCheck(entry string) string {
	if isTitle(entry) {
		t := normTitle(entry)
		if _, ok := titleCheck[t]; ok {
			return ""
		}
		best, bestD := "", 3
		for known := range titleCheck {
			if d := editDistance(t, known); d < bestD || d == bestD && known < best {
				best, bestD = known, d
			}
		}
		return titleCanon[best]
	}
	e := strings.ToLower(strings.TrimSpace(entry))
	best, bestD := "", 3
	for _, known := range knownChecks {
		if e == known {
			return ""
		}
		if d := editDistance(e, known); d < bestD {
			best, bestD = known, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	if a == b {
		return 0
	}
	ra := make([]rune, 0, utf8.RuneCountInString(a))
	for _, r := range a {
		ra = append(ra, r)
	}
	prev := make([]int, len(ra)+1)
	cur := make([]int, len(ra)+1)
	for i := range prev {
		prev[i] = i
	}
	j := 0
	for _, rb := range b {
		j++
		cur[0] = j
		for i := 1; i <= len(ra); i++ {
			cost := 1
			if ra[i-1] == rb {
				cost = 0
			}
			cur[i] = min(prev[i]+1, cur[i-1]+1, prev[i-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(ra)]
}
