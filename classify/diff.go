package classify

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
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
	workers := num(s.Workers)
	if s.Workers <= 0 {
		workers = flag("--workers")
	}
	seed := s.Seed
	if seed == "" {
		seed = flag("--hypothesis-seed", "--generation-seed", "--seed")
	}
	out := []Setting{
		{"tool", version},
		{"schema location", s.SchemaLocation},
		{"base URL", s.BaseURL},
		{"specification", s.SpecVersion},
		{"operations", num(s.Operations)},
		{"links", num(s.Links)},
		{"workers", workers},
		{"seed", seed},
		{"checks run", strings.Join(checks, ", ")},
		{"test cases per check", strings.Join(totals, "; ")},
		{"--checks", flag("--checks")},
		{"max examples", flag("--hypothesis-max-examples", "--max-examples")},
		{"derandomize", flag("--hypothesis-derandomize", "--generation-deterministic")},
		{"phases", flag("--hypothesis-phases", "--phases")},
		{"phases run", phasesRun(r.Phases)},
		{"SCHEMATHESIS_HOOKS", r.Env["SCHEMATHESIS_HOOKS"]},
		{"hooks evidence", hooks},
		{"API probing", s.Probing},
		{"schema analysis", s.Analysis},
		{"rate limit", s.RateLimit},
		{"extensions", strings.Join(s.Extra, "; ")},
	}
	// Every further header line (4.x: configuration, stateful scenarios and links, API
	// capabilities), every flag of the logged command line and every SCHEMATHESIS_* variable.
	for _, k := range stringKeys(s.Other) {
		out = append(out, Setting{k, s.Other[k]})
	}
	if r.Command != nil {
		for _, k := range stringKeys(r.Command.Flags) {
			if coveredFlags[k] {
				continue
			}
			v := r.Command.Flags[k]
			if v == "" {
				v = "yes"
			}
			out = append(out, Setting{"command " + k, v})
		}
	}
	for _, k := range stringKeys(r.Env) {
		if k != "SCHEMATHESIS_HOOKS" {
			out = append(out, Setting{k, r.Env[k]})
		}
	}
	return out
}

// coveredFlags are the command-line flags SettingsOf shows under a setting of their own.
var coveredFlags = map[string]bool{
	"--checks": true, "--hypothesis-max-examples": true, "--max-examples": true, "--hypothesis-derandomize": true,
	"--generation-deterministic": true, "--hypothesis-phases": true, "--phases": true,
	"--workers": true, "--hypothesis-seed": true, "--generation-seed": true, "--seed": true,
}

// phasesRun lists the 4.x phases that ran (were not skipped), in the order the log prints them.
func phasesRun(phases []parser.Phase) string {
	var names []string
	for _, p := range phases {
		if p.Status != "skipped" {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ", ")
}

func stringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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
	// Hook names the hook rules that claim the group in either run: a change a hook explains.
	Hook []string `json:"hook,omitempty"`
	// Chance says why a new or gone group may be chance rather than a change: found once, by
	// generated test cases, in runs with different seeds. Empty when it is not.
	Chance string `json:"possibly_chance,omitempty"`
}

// MarshalJSON writes the group with the method and path of its operation beside it, as Group does.
func (c ClusterDiff) MarshalJSON() ([]byte, error) {
	type fields ClusterDiff // without this method
	method, path := MethodPath(c.Operation)
	return encodeNoHTML(struct {
		Operation string `json:"operation"`
		Method    string `json:"method,omitempty"`
		Path      string `json:"path,omitempty"`
		fields
	}{c.Operation, method, path, fields(c)})
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
	// PossiblyChance counts the new and gone groups that may be chance (ClusterDiff.Chance).
	PossiblyChance int `json:"possibly_chance"`
}

// SettingDiff is a setting with different values in two runs.
type SettingDiff struct {
	Name string `json:"name"`
	A    string `json:"a"`
	B    string `json:"b"`
}

// GroupKey identifies a failure group across runs: the key diff, baselines and history match groups by.
func GroupKey(g *Group) string { return clusterKey(g) }

// clusterKey identifies a failure group across runs.
func clusterKey(g *Group) string {
	return g.Operation + "\x00" + g.Title + "\x00" + strconv.Itoa(g.Status) + "\x00" + g.Signature.Text
}

// compareSettings pairs settings by name (a run may show settings the other does not) and keeps
// those whose values differ, in a's order and then b's.
func compareSettings(sa, sb []Setting) []SettingDiff {
	var out []SettingDiff
	inB := map[string]string{}
	for _, s := range sb {
		inB[s.Name] = s.Value
	}
	inA := map[string]bool{}
	for _, s := range sa {
		inA[s.Name] = true
		if s.Value != inB[s.Name] {
			out = append(out, SettingDiff{Name: s.Name, A: s.Value, B: inB[s.Name]})
		}
	}
	for _, s := range sb {
		if !inA[s.Name] && s.Value != "" {
			out = append(out, SettingDiff{Name: s.Name, B: s.Value})
		}
	}
	return out
}

// Compare tells what changed from run a to run b.
func Compare(a, b *Run) Diff {
	var d Diff
	d.Settings = compareSettings(SettingsOf(a), SettingsOf(b))
	inA := map[string]*Group{}
	for _, g := range a.Groups {
		inA[clusterKey(g)] = g
	}
	seen := map[string]bool{}
	for _, g := range b.Groups {
		k := clusterKey(g)
		seen[k] = true
		c := ClusterDiff{Operation: g.Operation, Check: g.Check, Title: g.Title, Status: g.Status, B: g.Count, Signature: g.Signature.Text,
			Hook: slices.Clone(g.Hook)}
		if old, ok := inA[k]; ok {
			c.A = old.Count
			for _, h := range old.Hook {
				if !slices.Contains(c.Hook, h) {
					c.Hook = append(c.Hook, h)
				}
			}
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
			c.Chance = chance(b, a, g, "B", "A")
		}
		d.Clusters = append(d.Clusters, c)
	}
	for _, g := range a.Groups {
		if !seen[clusterKey(g)] {
			d.Clusters = append(d.Clusters, ClusterDiff{Operation: g.Operation, Check: g.Check, Title: g.Title, Status: g.Status,
				A: g.Count, Signature: g.Signature.Text, Change: "gone", Hook: slices.Clone(g.Hook), Chance: chance(a, b, g, "A", "B")})
			d.Gone++
		}
	}
	// Changes a hook explains first, then the other changes, then those that may be chance.
	rank := func(c ClusterDiff) int {
		switch {
		case c.Change == "same":
			return 3
		case c.Chance != "":
			return 2
		case len(c.Hook) > 0:
			return 0
		}
		return 1
	}
	order := map[string]int{"new": 0, "gone": 1, "changed": 2, "same": 3}
	for _, c := range d.Clusters {
		if c.Chance != "" {
			d.PossiblyChance++
		}
	}
	slices.SortStableFunc(d.Clusters, func(x, y ClusterDiff) int {
		if c := cmp.Compare(rank(x), rank(y)); c != 0 {
			return c
		}
		if c := cmp.Compare(order[x.Change], order[y.Change]); c != 0 {
			return c
		}
		return cmp.Compare(max(y.A, y.B), max(x.A, x.B))
	})
	return d
}

// chance says why group g, found in run in and not in run other, may be chance rather than a
// change between the runs: it was found once, by generated test cases (3.x, which generates every
// test case, or a 4.x run whose fuzzing or stateful phase ran; the Stateful tests of either), and
// the runs used different seeds. It returns "" when any of these does not hold, or a hook rule
// claims the group (a hook explains it).
func chance(in, other *Run, g *Group, inName, otherName string) string {
	if g.Count != 1 || len(g.Hook) > 0 {
		return ""
	}
	phase := generativePhase(in, g)
	if phase == "" {
		return ""
	}
	sa, sb := runSeed(in), runSeed(other)
	if sa == sb || (sa == "" && sb == "") {
		return ""
	}
	show := func(s string) string {
		if s == "" {
			return "not shown"
		}
		return s
	}
	return fmt.Sprintf("found once, by %s, and the seeds differ (%s: %s, %s: %s)", phase, inName, show(sa), otherName, show(sb))
}

// runSeed is the seed a run used, as its log or command line shows it.
func runSeed(r *Run) string {
	for _, s := range SettingsOf(r) {
		if s.Name == "seed" {
			return s.Value
		}
	}
	return ""
}

// generativePhase names what generated the test case behind g, when generation was random.
func generativePhase(r *Run, g *Group) string {
	if g.Operation == "Stateful tests" || strings.HasPrefix(g.Operation, "Stateful") {
		return "the stateful phase"
	}
	if len(r.Phases) == 0 {
		if r.Format == parser.FormatSchemathesis3 {
			return "Hypothesis-generated test cases"
		}
		return ""
	}
	var ran []string
	for _, p := range r.Phases {
		if p.Status == "skipped" {
			continue
		}
		switch p.Name {
		case "Fuzzing", "Stateful":
			ran = append(ran, strings.ToLower(p.Name))
		}
	}
	if len(ran) == 0 {
		return "" // examples and coverage cases are derived from the schema, not drawn at random
	}
	if len(ran) == 1 {
		return "generated test cases (the " + ran[0] + " phase ran)"
	}
	return "generated test cases (the " + strings.Join(ran, " and ") + " phases ran)"
}
