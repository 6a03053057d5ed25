package classify

import (
	"cmp"
	"slices"
)

// Cause is one root cause shared by failure groups across operations: the same exception behind
// the 500s of several endpoints, or one schema mistake repeated.
type Cause struct {
	Check      string    `json:"check"`
	Signature  Signature `json:"signature"`
	Operations []string  `json:"operations"`
	TestCases  int       `json:"test_cases"`
}

// causes joins the groups that share a check and a specific root-cause signature across operations
// (an exception, a schema path and keyword, a field, a header; never a generic one), listing
// those that span more than one operation, the most widespread first.
func causes(gs []*Group) []Cause {
	idx := map[[2]string]int{}
	seen := map[[3]string]bool{} // (check, signature, operation) already listed
	var out []Cause
	for _, g := range gs {
		k, ok := causeKey(g)
		if !ok {
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Cause{Check: g.Check, Signature: g.Signature})
		}
		c := &out[i]
		if op := [3]string{k[0], k[1], g.Operation}; !seen[op] {
			seen[op] = true
			c.Operations = append(c.Operations, g.Operation)
		}
		c.TestCases += g.Count
	}
	out = slices.DeleteFunc(out, func(c Cause) bool { return len(c.Operations) < 2 })
	slices.SortStableFunc(out, func(a, b Cause) int {
		if c := cmp.Compare(len(b.Operations), len(a.Operations)); c != 0 {
			return c
		}
		return cmp.Compare(b.TestCases, a.TestCases)
	})
	return out
}

// causeKey is what groups of a shared cause have in common: the check and a specific signature. A
// generic sentence or error page says nothing about the cause.
func causeKey(g *Group) ([2]string, bool) {
	if g.Signature.Text == "" || g.Signature.Generic {
		return [2]string{}, false
	}
	return [2]string{g.Check, g.Signature.Text}, true
}
