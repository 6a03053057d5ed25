package classify

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Setting is one named run setting, as compared between runs.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SettingsOf lists the settings that explain why two runs of one API differ, in a fixed order.
// A setting the log does not show has the value "".
func SettingsOf(r *Run) []Setting {
	s := r.Settings
	flag := func(names ...string) string {
		if r.Command == nil {
			return ""
		}
		for _, n := range names {
			if v, ok := r.Command.Flags[n]; ok {
				if v == "" {
					return "yes"
				}
				return v
			}
		}
		return ""
	}
	num := func(n int) string {
		if n < 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	var checks, totals []string
	for _, ct := range r.Summary.CheckTotals {
		checks = append(checks, ct.Name)
		if ct.Total >= 0 {
			totals = append(totals, fmt.Sprintf("%s %d", ct.Name, ct.Total))
		}
	}
	hooks := "no evidence"
	var ev []string
	for _, e := range r.Evidence {
		ev = append(ev, fmt.Sprintf("%s (line %d)", e.Kind, e.Line))
	}
	if len(ev) > 0 {
		hooks = strings.Join(ev, ", ")
	}
	version := r.Version
	if version == "" {
		version = string(r.Format)
	}
	out := []Setting{
		{"tool", version},
		{"schema location", s.SchemaLocation},
		{"base URL", s.BaseURL},
		{"specification", s.SpecVersion},
		{"operations", num(s.Operations)},
		{"links", num(s.Links)},
		{"workers", num(s.Workers)},
		{"seed", s.Seed},
		{"checks run", strings.Join(checks, ", ")},
		{"test cases per check", strings.Join(totals, "; ")},
		{"--checks", flag("--checks")},
		{"max examples", flag("--hypothesis-max-examples", "--max-examples")},
		{"derandomize", flag("--hypothesis-derandomize", "--generation-deterministic")},
		{"phases", flag("--hypothesis-phases", "--phases")},
		{"SCHEMATHESIS_HOOKS", r.Env["SCHEMATHESIS_HOOKS"]},
		{"hooks evidence", hooks},
		{"API probing", s.Probing},
		{"schema analysis", s.Analysis},
	}
	return out
}

// ClusterDiff is one failure group compared between two runs.
type ClusterDiff struct {
	Operation string `json:"operation"`
	Check     string `json:"check"`
	Title     string `json:"title"`
	Status    int    `json:"status,omitempty"`
	A         int    `json:"a"` // test cases in the first run (0 when absent)
	B         int    `json:"b"`
	Signature string `json:"signature,omitempty"`
	Change    string `json:"change"` // new (only in B), gone (only in A), changed (counts or cause differ), same
}

// CheckLabel names the cluster's check in reports: its name, or its title when the name is unknown.
func (c ClusterDiff) CheckLabel() string {
	if c.Check != "" {
		return c.Check
	}
	return c.Title
}

// Diff is what differs between two runs.
type Diff struct {
	Settings []SettingDiff `json:"settings"` // only the settings that differ
	Clusters []ClusterDiff `json:"clusters"` // new, gone and changed first
	New      int           `json:"new"`
	Gone     int           `json:"gone"`
	Changed  int           `json:"changed"`
	Same     int           `json:"same"`
}

// SettingDiff is a setting with different values in two runs.
type SettingDiff struct {
	Name string `json:"name"`
	A    string `json:"a"`
	B    string `json:"b"`
}

// clusterKey identifies a failure group across runs.
func clusterKey(g *Group) string {
	return g.Operation + "\x00" + g.Title + "\x00" + strconv.Itoa(g.Status) + "\x00" + g.Signature.Text
}

// Compare tells what changed from run a to run b.
func Compare(a, b *Run) Diff {
	var d Diff
	sa, sb := SettingsOf(a), SettingsOf(b)
	for i := range sa {
		if sa[i].Value != sb[i].Value {
			d.Settings = append(d.Settings, SettingDiff{Name: sa[i].Name, A: sa[i].Value, B: sb[i].Value})
		}
	}
	inA := map[string]*Group{}
	for _, g := range a.Groups {
		inA[clusterKey(g)] = g
	}
	seen := map[string]bool{}
	for _, g := range b.Groups {
		k := clusterKey(g)
		seen[k] = true
		c := ClusterDiff{Operation: g.Operation, Check: g.Check, Title: g.Title, Status: g.Status, B: g.Count, Signature: g.Signature.Text}
		if old, ok := inA[k]; ok {
			c.A = old.Count
			if old.Count != g.Count || old.Signature.Text != g.Signature.Text {
				c.Change = "changed"
				d.Changed++
			} else {
				c.Change = "same"
				d.Same++
			}
		} else {
			c.Change = "new"
			d.New++
		}
		d.Clusters = append(d.Clusters, c)
	}
	for _, g := range a.Groups {
		if !seen[clusterKey(g)] {
			d.Clusters = append(d.Clusters, ClusterDiff{Operation: g.Operation, Check: g.Check, Title: g.Title, Status: g.Status,
				A: g.Count, Signature: g.Signature.Text, Change: "gone"})
			d.Gone++
		}
	}
	order := map[string]int{"new": 0, "gone": 1, "changed": 2, "same": 3}
	slices.SortStableFunc(d.Clusters, func(x, y ClusterDiff) int {
		if c := cmp.Compare(order[x.Change], order[y.Change]); c != 0 {
			return c
		}
		return cmp.Compare(max(y.A, y.B), max(x.A, x.B))
	})
	return d
}
