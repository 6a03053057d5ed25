package tui

import (
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// ProgressMsg reports how far the loader has read one input, with a snapshot of what it found so far.
// A loader sends it from its own goroutine; the Model may drop some when it is busy.
type ProgressMsg struct {
	Input int    // index of the input in Options.Names
	Name  string // the source being read (an archive member's name, say)
	Read  int64  // bytes read so far
	Size  int64  // total bytes, or -1 when unknown
	Lines int    // lines read so far, when known
	// Runs are copies of the runs found so far in this source: the Model may keep them.
	// Their groups are unsorted, and integrity and the hooks diagnosis are not known yet.
	Runs []*classify.Run
	// Done marks the last snapshot of a source: it is never dropped.
	Done bool
}

// LoadedMsg ends loading: Doc holds every input, classified, redacted and checked.
type LoadedMsg struct {
	Doc *summary.Document
	// Of[i] is the index in Options.Names of the path Doc.Inputs[i] was read from (an archive gives
	// several); nil means Doc.Inputs follow Options.Names one to one.
	Of  []int
	Err error // the inputs could not be loaded at all
}

// Cluster is one row of the cluster list: a failure group and where it comes from.
type Cluster struct {
	G     *classify.Group
	Run   *classify.Run
	Input int    // index into the inputs
	RunN  int    // index of its run among the input's runs
	Name  string // the input (source) it was found in

	// Display text, sanitized, and the fuzzy-search key built from it.
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
func (c *Cluster) ID() ClusterID { return idOf(c.Input, c.RunN, c.G) }

// idOf is the identity of group g of run runIdx of input in.
func idOf(in, runIdx int, g *classify.Group) ClusterID {
	return ClusterID{input: in, run: runIdx, operation: g.Operation, title: g.Title, sig: g.Signature.Text, status: g.Status}
}

// lower returns the search key in lower case, made the first time a filter asks for it: most
// sessions never filter, and a log of 10,000 groups would keep 10,000 copies of the key.
func (c *Cluster) lower() string {
	if c.lkey == "" && c.key != "" {
		c.lkey = asciiLower(c.key)
	}
	return c.lkey
}

// newCluster builds the row for g.
func newCluster(in int, name string, runIdx int, r *classify.Run, g *classify.Group) *Cluster {
	c := &Cluster{G: g, Run: r, Input: in, RunN: runIdx, Name: name}
	c.Op = clean(g.Operation)
	c.Check = clean(g.CheckLabel())
	c.Status = "-"
	if g.Status != 0 {
		c.Status = strconv.Itoa(g.Status)
	}
	c.Sig = clean(g.Signature.Text)
	var b strings.Builder
	for i, f := range []string{c.Op, c.Check, c.Status, c.Sig} {
		if i > 0 {
			b.WriteByte(' ')
		}
		c.fieldAt[i] = int32(b.Len())
		b.WriteString(f)
	}
	c.key = b.String()
	return c
}

// badges lists the row's badges: new (not in the baseline), hook (a hook should have fixed it), flaky.
func (c *Cluster) badges() []string {
	var b []string
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

// sourceState is one stream of an input: a file, or one member of an archive.
type sourceState struct {
	name string
	runs []*classify.Run
	in   *summary.Input // once loaded
}

// inputState is what the Model knows about one path given.
type inputState struct {
	name       string
	current    string // the source being read
	read, size int64
	lines      int
	done       bool
	sources    []*sourceState
}

func (in *inputState) source(name string) *sourceState {
	for _, s := range in.sources {
		if s.name == name {
			return s
		}
	}
	s := &sourceState{name: name}
	in.sources = append(in.sources, s)
	return s
}

func (in *inputState) runs() []*classify.Run {
	var rs []*classify.Run
	for _, s := range in.sources {
		rs = append(rs, s.runs...)
	}
	return rs
}

// dataset is everything loaded so far; components read it, the root alone changes it.
type dataset struct {
	inputs   []*inputState
	loading  bool
	err      error
	doc      *summary.Document
	clusters []*Cluster
}

func newDataset(names []string) *dataset {
	d := &dataset{loading: true}
	for _, n := range names {
		d.inputs = append(d.inputs, &inputState{name: n, size: -1})
	}
	return d
}

func (d *dataset) input(i int, name string) *inputState {
	for i >= len(d.inputs) {
		d.inputs = append(d.inputs, &inputState{name: name, size: -1})
	}
	return d.inputs[i]
}

// progress records a snapshot.
func (d *dataset) progress(m ProgressMsg) {
	in := d.input(m.Input, m.Name)
	in.current, in.read, in.size, in.lines = m.Name, m.Read, m.Size, m.Lines
	if m.Runs != nil {
		in.source(m.Name).runs = m.Runs
		d.rebuild()
	}
}

// loaded replaces the snapshots with the final document.
func (d *dataset) loaded(m LoadedMsg) {
	d.loading = false
	d.err = m.Err
	d.doc = m.Doc
	for _, in := range d.inputs {
		in.done = true
	}
	if m.Doc != nil {
		for _, in := range d.inputs {
			in.sources = nil
		}
		for i := range m.Doc.Inputs {
			ri := &m.Doc.Inputs[i]
			k := i
			if m.Of != nil && i < len(m.Of) {
				k = m.Of[i]
			}
			in := d.input(k, ri.Name)
			in.done = true
			s := in.source(ri.Name)
			s.runs, s.in = ri.Runs, ri
			in.read = max(in.read, ri.Bytes)
			in.lines = max(in.lines, ri.Lines)
		}
		for _, in := range d.inputs {
			if in.size < in.read {
				in.size = in.read
			}
		}
	}
	d.rebuild()
}

// rebuild makes the cluster rows from the runs. A snapshot's runs keep their groups in the order
// the collector found them, new ones last, so the rows of the previous snapshot line up with the
// new groups: a row whose identity is unchanged is kept (its group and run pointed at the new
// copies) rather than built again, and a log of 10,000 groups does not make 10,000 rows, their
// search keys and identities every 200 ms. The components only read rows on the UI goroutine, which
// alone calls rebuild.
func (d *dataset) rebuild() {
	prev := d.clusters
	// A new slice: components hold on to the old one.
	d.clusters = make([]*Cluster, 0, len(d.clusters))
	k := 0
	for i, in := range d.inputs {
		ri := 0
		for _, s := range in.sources {
			for _, r := range s.runs {
				for _, g := range r.Groups {
					var c *Cluster
					if k < len(prev) && prev[k].Name == s.name && prev[k].ID() == idOf(i, ri, g) {
						c = prev[k]
						c.G, c.Run = g, r
					} else {
						c = newCluster(i, s.name, ri, r, g)
					}
					k++ // a group whose identity changed keeps its place: the next ones still line up
					d.clusters = append(d.clusters, c)
				}
				ri++
			}
		}
	}
}

// find returns the cluster with the given identity.
func (d *dataset) find(id ClusterID) *Cluster {
	for _, c := range d.clusters {
		if c.ID() == id {
			return c
		}
	}
	return nil
}

// runs lists every run of every input.
func (d *dataset) runs() []*classify.Run {
	var rs []*classify.Run
	for _, in := range d.inputs {
		rs = append(rs, in.runs()...)
	}
	return rs
}

// sourceInput returns the report input of a source, once loaded.
func (d *dataset) sourceInput(name string) *summary.Input {
	for _, in := range d.inputs {
		for _, s := range in.sources {
			if s.name == name {
				return s.in
			}
		}
	}
	return nil
}

// asciiLower lower-cases the ASCII letters of s and leaves every other byte, so offsets stay.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
