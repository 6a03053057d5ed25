package history

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Verdicts on a failure group, from its presence in the runs.
const (
	New          = "new"          // first seen in the latest run
	Persistent   = "persistent"   // in every run since it was first seen
	Intermittent = "intermittent" // in the latest run, but missing from some since it was first seen
	Gone         = "gone"         // not in the latest run
)

// RunRef names a run in an answer.
type RunRef struct {
	Identity string    `json:"identity"`
	Commit   string    `json:"commit,omitempty"`
	URL      string    `json:"url,omitempty"`
	Time     time.Time `json:"time"`
}

func refOf(r RunInfo) RunRef {
	return RunRef{Identity: r.Identity, Commit: r.Commit, URL: r.URL, Time: r.Time}
}

// GroupHistory is what the runs say of one failure group.
type GroupHistory struct {
	GroupInfo
	FirstSeen     RunRef `json:"first_seen"`
	LastSeen      RunRef `json:"last_seen"`
	Seen          int    `json:"seen"`           // runs of the window it is in
	Window        int    `json:"window"`         // the last runs looked at (M in "seen in N of the last M")
	Runs          int    `json:"runs"`           // runs it is in, over all stored runs
	LongestStreak int    `json:"longest_streak"` // most runs in a row it is in
	Verdict       string `json:"verdict"`
	LastCount     int    `json:"last_count"` // its test cases in the last run it is in
	// Timeline says, for each run of the window, oldest first, whether the group is in it.
	Timeline []bool `json:"timeline"`
}

// Report answers the questions of `ctlog history`.
type Report struct {
	Store      string         `json:"store"`
	RunsStored int            `json:"runs_stored"` // runs the filter picked
	Window     int            `json:"window"`
	Runs       []RunInfo      `json:"runs"` // the window's runs, oldest first
	Groups     []GroupHistory `json:"groups"`
}

// observed are the indices of the runs with Schemathesis output: a run without any (a job that
// never ran the tests) says nothing of whether a group is present.
func (d *Data) observed() []int {
	var out []int
	for i, r := range d.Runs {
		if r.STRuns > 0 {
			out = append(out, i)
		}
	}
	return out
}

// Analyze answers, for every group of d, when it was first and last seen, how often it is seen in
// the last window runs and its verdict. window <= 0 means every run.
func Analyze(d *Data, window int) *Report {
	obs := d.observed()
	if window <= 0 || window > len(obs) {
		window = len(obs)
	}
	rep := &Report{RunsStored: len(d.Runs), Window: window, Runs: []RunInfo{}, Groups: []GroupHistory{}}
	winStart := len(obs) - window
	// The window's runs for the totals include runs without output that fall inside it.
	first := len(d.Runs)
	if window > 0 {
		first = obs[winStart]
	}
	rep.Runs = append(rep.Runs, d.Runs[first:]...)
	if len(obs) == 0 {
		return rep
	}
	type track struct {
		first, last, runs, streak, best, lastCount, seen int
		gaps                                             bool
	}
	tr := make([]*track, len(d.Groups))
	for k, ri := range obs {
		for _, p := range d.In[ri] {
			t := tr[p.Group]
			if t == nil {
				t = &track{first: k, last: -2}
				tr[p.Group] = t
			}
			if t.last == k-1 {
				t.streak++
			} else {
				if t.last >= 0 {
					t.gaps = true
				}
				t.streak = 1
			}
			t.best = max(t.best, t.streak)
			t.last, t.lastCount = k, p.Count
			t.runs++
			if k >= winStart {
				t.seen++
			}
		}
	}
	latest := len(obs) - 1
	row := make([]int, len(d.Groups))
	for gi, t := range tr {
		if t == nil {
			continue
		}
		h := GroupHistory{GroupInfo: d.Groups[gi], FirstSeen: refOf(d.Runs[obs[t.first]]), LastSeen: refOf(d.Runs[obs[t.last]]),
			Seen: t.seen, Window: window, Runs: t.runs, LongestStreak: t.best, LastCount: t.lastCount}
		switch {
		case t.last != latest:
			h.Verdict = Gone
		case t.first == latest:
			h.Verdict = New
		case t.gaps:
			h.Verdict = Intermittent
		default:
			h.Verdict = Persistent
		}
		h.Timeline = make([]bool, window)
		row[gi] = len(rep.Groups)
		rep.Groups = append(rep.Groups, h)
	}
	// Timelines: one pass over the window's runs.
	for k := winStart; k < len(obs); k++ {
		for _, p := range d.In[obs[k]] {
			rep.Groups[row[p.Group]].Timeline[k-winStart] = true
		}
	}
	order := map[string]int{New: 0, Intermittent: 1, Persistent: 2, Gone: 3}
	slices.SortStableFunc(rep.Groups, func(a, b GroupHistory) int {
		return cmp.Or(cmp.Compare(order[a.Verdict], order[b.Verdict]), cmp.Compare(b.Seen, a.Seen),
			b.LastSeen.Time.Compare(a.LastSeen.Time), cmp.Compare(a.Operation, b.Operation), cmp.Compare(a.Title, b.Title))
	})
	return rep
}

// Introduction answers "which commit introduced this group".
type Introduction struct {
	Group GroupInfo `json:"group"`
	// First is the first run with the group; LastWithout the run just before it, which did not
	// have it (absent when the group is in the oldest stored run).
	First       RunRef  `json:"first"`
	LastWithout *RunRef `json:"last_without,omitempty"`
	Range       string  `json:"range,omitempty"`       // LAST_WITHOUT..FIRST commits, for git log
	CompareURL  string  `json:"compare_url,omitempty"` // the same range on GitHub
	// Returns counts the times the group came back after being gone.
	Returns int `json:"returns"`
}

// FindGroup finds the one group a query names: its key or a key prefix, or words found in its
// operation, title and check ("POST /orders 500", "schema /users").
func FindGroup(d *Data, query string) (int, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return -1, fmt.Errorf("name a failure group: its key (from 'ctlog history -o json') or words of its operation and title")
	}
	var hits []int
	for i, g := range d.Groups {
		if g.Key == q {
			return i, nil
		}
		if strings.HasPrefix(g.Key, q) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		words := strings.Fields(q)
		for i, g := range d.Groups {
			text := strings.ToLower(fmt.Sprintf("%s %s %s %d", g.Operation, g.Title, g.Check, g.Status))
			if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
				hits = append(hits, i)
			}
		}
	}
	switch len(hits) {
	case 0:
		return -1, fmt.Errorf("no failure group in the store matches %q", query)
	case 1:
		return hits[0], nil
	}
	var names []string
	for _, i := range hits[:min(len(hits), 5)] {
		g := d.Groups[i]
		names = append(names, fmt.Sprintf("%s (%s · %s)", g.Key, g.Operation, g.Title))
	}
	more := ""
	if len(hits) > 5 {
		more = fmt.Sprintf(" and %d more", len(hits)-5)
	}
	return -1, fmt.Errorf("%d failure groups match %q: %s%s; give one's key", len(hits), query, strings.Join(names, "; "), more)
}

// Introduced finds the first run with group gi and the run before it.
func Introduced(d *Data, gi int) (*Introduction, error) {
	obs := d.observed()
	in := &Introduction{Group: d.Groups[gi]}
	prev, found := -1, false
	was := false
	for k, ri := range obs {
		has := slices.ContainsFunc(d.In[ri], func(p Presence) bool { return p.Group == gi })
		if has && !found {
			found = true
			in.First = refOf(d.Runs[ri])
			if k > 0 {
				ref := refOf(d.Runs[obs[k-1]])
				in.LastWithout = &ref
				prev = obs[k-1]
			}
		} else if has && !was {
			in.Returns++
		}
		was = has
	}
	if !found {
		return nil, fmt.Errorf("failure group %s is in no stored run with Schemathesis output", d.Groups[gi].Key)
	}
	if in.LastWithout != nil && in.LastWithout.Commit != "" && in.First.Commit != "" {
		in.Range = in.LastWithout.Commit + ".." + in.First.Commit
		if base := repoWebURL(d.Runs[prev].URL); base != "" && in.LastWithout.Commit != in.First.Commit {
			in.CompareURL = base + "/compare/" + in.LastWithout.Commit + "..." + in.First.Commit
		}
	}
	return in, nil
}

// repoWebURL is https://HOST/OWNER/REPO for a run URL https://HOST/OWNER/REPO/actions/runs/ID.
func repoWebURL(run string) string {
	base, _, ok := strings.Cut(run, "/actions/runs/")
	if !ok || !strings.HasPrefix(base, "https://") {
		return ""
	}
	return base
}
