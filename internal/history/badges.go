package history

import "fmt"

// Badger says what the stored runs say of a group of a new run: the badge summarize shows beside it.
type Badger struct {
	window int
	inWin  map[string]int  // group key -> runs of the window it is in
	known  map[string]bool // group key -> in any stored run
	last   map[string]RunInfo
	latest *RunInfo
	tl     map[string][]bool // group key -> presence in the window's runs
}

// NewBadger reads d's runs with Schemathesis output, leaving out the run whose identity is skip
// (the run being looked at, when it is already stored); the last window of them give the counts.
func NewBadger(d *Data, skip string, window int) *Badger {
	b := &Badger{inWin: map[string]int{}, known: map[string]bool{}, last: map[string]RunInfo{}, tl: map[string][]bool{}}
	var obs []int
	for _, i := range d.observed() {
		if d.Runs[i].Identity != skip {
			obs = append(obs, i)
		}
	}
	b.window = min(window, len(obs))
	for k, i := range obs {
		for _, p := range d.In[i] {
			key := d.Groups[p.Group].Key
			b.known[key] = true
			b.last[key] = d.Runs[i]
			if w := k - (len(obs) - b.window); w >= 0 {
				b.inWin[key]++
				if b.tl[key] == nil {
					b.tl[key] = make([]bool, b.window)
				}
				b.tl[key][w] = true
			}
		}
	}
	if len(obs) > 0 {
		b.latest = &d.Runs[obs[len(obs)-1]]
	}
	return b
}

// Runs is the number of stored runs the badges count over.
func (b *Badger) Runs() int { return b.window }

// Timeline is the group's presence in the window's runs, oldest first; nil when it is in none.
func (b *Badger) Timeline(key string) []bool { return b.tl[key] }

// Badge is the group's badge ("new since abc1234", "intermittent (6 of 15)") and whether any stored
// run has the group; "" when no run is stored.
func (b *Badger) Badge(key string) (string, bool) {
	if b.latest == nil {
		return "", false
	}
	if !b.known[key] {
		return "new since " + runLabel(*b.latest), false
	}
	switch n := b.inWin[key]; {
	case n == b.window:
		return fmt.Sprintf("persistent (%d of %d)", n, b.window), true
	case n > 0:
		return fmt.Sprintf("intermittent (%d of %d)", n, b.window), true
	default:
		return "back: last seen " + runLabel(b.last[key]), true
	}
}

// runLabel names a run briefly: its short commit, else its date.
func runLabel(r RunInfo) string {
	if r.Commit != "" {
		return shortCommit(r.Commit)
	}
	return r.Time.Format("2006-01-02 15:04")
}
