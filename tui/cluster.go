package tui

import (
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
)

// Cluster is one row of the cluster list: a failure group and where it comes from.
type Cluster struct {
	// G is the group, once known: nil while a source is read until its detail is asked for
	// (row tells what the list needs, and G is then the copy of that moment).
	G     *classify.Group
	row   *Row   // what a snapshot told of the group; nil once loaded
	asked *Row   // the row whose group was last asked for
	Input int    // index into the inputs
	RunN  int    // index of its run among the input's runs
	Name  string // the input (source) it was found in

	// Display text, sanitized, and the fuzzy-search key built from it when a filter first needs it.
	Op, Check, Status, Sig string
	key                    string
	lkey                   string   // key in lower case (ASCII letters only: byte offsets stay); see lower
	fieldAt                [4]int32 // where Op, Check, Status and Sig start in key
}

// ClusterID is a cluster's identity across snapshots: input, run, operation, title, status and
// signature. Its strings are the group's own (no copy per row); the zero value is no cluster.
type ClusterID struct {
	input, run            int
	operation, title, sig string
	status                int
}

// ID is the cluster's identity (computed: a row of 10,000 does not keep one).
func (c *Cluster) ID() ClusterID {
	if r := c.row; r != nil {
		return ClusterID{input: c.Input, run: c.RunN, operation: r.Operation, title: r.Title, sig: r.Signature, status: r.Status}
	}
	return idOf(c.Input, c.RunN, c.G)
}

// idOf is the identity of group g of run runIdx of input in.
func idOf(in, runIdx int, g *classify.Group) ClusterID {
	return ClusterID{input: in, run: runIdx, operation: g.Operation, title: g.Title, sig: g.Signature.Text, status: g.Status}
}

// searchKey is the fuzzy-search key, made the first time a filter asks for it: most sessions never
// filter, and a log of 10,000 groups would keep 10,000 keys.
func (c *Cluster) searchKey() string {
	if c.key == "" {
		var b strings.Builder
		for i, f := range []string{c.Op, c.Check, c.Status, c.Sig} {
			if i > 0 {
				b.WriteByte(' ')
			}
			c.fieldAt[i] = int32(b.Len())
			b.WriteString(f)
		}
		c.key = b.String()
	}
	return c.key
}

// lower returns the search key in lower case, made the first time a filter asks for it.
func (c *Cluster) lower() string {
	if k := c.searchKey(); c.lkey == "" && k != "" {
		c.lkey = asciiLower(k)
	}
	return c.lkey
}

// newCluster builds the row for g.
func newCluster(in int, name string, runIdx int, g *classify.Group) *Cluster {
	c := &Cluster{G: g, Input: in, RunN: runIdx, Name: name}
	c.display(g.Operation, g.CheckLabel(), g.Signature.Text, g.Status)
	return c
}

// rowCluster builds the cluster of a snapshot's row.
func rowCluster(in int, name string, runIdx int, r *Row) *Cluster {
	c := &Cluster{row: r, Input: in, RunN: runIdx, Name: name}
	c.display(r.Operation, r.checkLabel(), r.Signature, r.Status)
	return c
}

// display sets the text the list shows.
func (c *Cluster) display(op, check, sig string, status int) {
	c.Op, c.Check, c.Sig = clean(op), clean(check), clean(sig)
	c.Status = "-"
	if status != 0 {
		c.Status = strconv.Itoa(status)
	}
	c.key, c.lkey = "", ""
}

// What the list sorts and draws by: the snapshot's row while loading, else the group.

func (c *Cluster) count() int {
	if c.row != nil {
		return c.row.Count
	}
	return c.G.Count
}

func (c *Cluster) status() int {
	if c.row != nil {
		return c.row.Status
	}
	return c.G.Status
}

func (c *Cluster) firstLine() int {
	if c.row != nil {
		return c.row.Line
	}
	return c.G.First.Line
}

// check is the check's name and the cause's signature, as a causeFilter matches them.
func (c *Cluster) check() (name, sig string, generic bool) {
	if c.row != nil {
		return c.row.Check, c.row.Signature, c.row.Generic
	}
	return c.G.Check, c.G.Signature.Text, c.G.Signature.Generic
}

// compareClusters is classify.CompareGroups for clusters: a row's group has not been sorted with
// the others yet, so its cause spans one operation (Group.Spread).
func compareClusters(a, b *Cluster) int {
	return classify.CompareRanks(a.rank(), b.rank())
}

// rank is what compareClusters orders c by.
func (c *Cluster) rank() classify.Rank {
	if r := c.row; r != nil {
		return classify.Rank{Severity: r.Severity, Spread: 1, Count: r.Count, Line: r.Line}
	}
	return c.G.Rank()
}

// badges lists the row's badges: new (not in the baseline), hook (a hook should have fixed it), flaky.
func (c *Cluster) badges() []string {
	var b []string
	if r := c.row; r != nil {
		if r.Flaky > 0 {
			b = append(b, "flaky")
		}
		if r.Stateful {
			b = append(b, "stateful")
		}
		return b
	}
	if c.G.New != nil && *c.G.New {
		b = append(b, "new")
	}
	if len(c.G.Hook) > 0 {
		b = append(b, "hook")
	}
	if c.G.Flaky > 0 {
		b = append(b, "flaky")
	}
	if c.G.Stateful {
		b = append(b, "stateful")
	}
	return b
}
