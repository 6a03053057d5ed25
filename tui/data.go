package tui

import (
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
	// Rows, when not nil, tell of the runs' groups instead of Runs[i].Groups (a Streamer's snapshot:
	// its runs carry no group), run after run in the order the groups were found.
	Rows []*Row
	// Want, when not nil, asks for the group of one of Rows: a GroupMsg brings it while the source
	// is read. It may be called from any goroutine.
	Want func(*Row)
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

// sourceState is one stream of an input: a file, or one member of an archive.
type sourceState struct {
	name string
	runs []*classify.Run
	rows []*Row         // the groups of runs, while a Streamer reads the source (ProgressMsg.Rows)
	want func(*Row)     // asks for a row's group (ProgressMsg.Want)
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
		s := in.source(m.Name)
		s.runs, s.rows, s.want = m.Runs, m.Rows, m.Want
		d.rebuild()
	}
}

// fetched gives the cluster of m's row the group it asked for.
func (d *dataset) fetched(m GroupMsg) *Cluster {
	for _, c := range d.clusters {
		if c.row == m.Row {
			c.G = m.G
			return c
		}
	}
	return nil
}

// ask asks for the group of c when c is a snapshot's row and its group is not the row's yet.
func (d *dataset) ask(c *Cluster) {
	if c == nil || c.row == nil || c.asked == c.row || c.Input >= len(d.inputs) {
		return
	}
	for _, s := range d.inputs[c.Input].sources {
		if s.name == c.Name && s.want != nil {
			c.asked = c.row
			s.want(c.row)
			return
		}
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
			s.runs, s.rows, s.want, s.in = ri.Runs, nil, nil, ri
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
// new groups: a cluster whose identity is unchanged is kept (its row or group pointed at the new
// one) rather than built again, and a log of 10,000 groups does not make 10,000 clusters every
// 200 ms. The components only read clusters on the UI goroutine, which alone calls rebuild.
func (d *dataset) rebuild() {
	prev := d.clusters
	// A new slice: components hold on to the old one.
	d.clusters = make([]*Cluster, 0, len(d.clusters))
	k := 0
	// add keeps the k-th cluster of the last rebuild when it has the identity id, else makes one.
	add := func(s *sourceState, id ClusterID, keep func(*Cluster), build func() *Cluster) {
		var c *Cluster
		if k < len(prev) && prev[k].Name == s.name && prev[k].ID() == id {
			c = prev[k]
			keep(c)
		} else {
			c = build()
		}
		k++ // a group whose identity changed keeps its place: the next ones still line up
		d.clusters = append(d.clusters, c)
	}
	for i, in := range d.inputs {
		ri := 0
		for _, s := range in.sources {
			if s.rows != nil {
				for _, r := range s.rows {
					id := ClusterID{input: i, run: ri + r.Run, operation: r.Operation, title: r.Title, sig: r.Signature, status: r.Status}
					add(s, id, func(c *Cluster) {
						if c.row != r {
							if c.row == nil || c.row.checkLabel() != r.checkLabel() || c.row.Status != r.Status {
								c.display(r.Operation, r.checkLabel(), r.Signature, r.Status)
							}
							c.row = r
						}
					}, func() *Cluster { return rowCluster(i, s.name, ri+r.Run, r) })
				}
				ri += len(s.runs)
				continue
			}
			for _, r := range s.runs {
				for _, g := range r.Groups {
					add(s, idOf(i, ri, g), func(c *Cluster) {
						if c.row != nil || c.Check != clean(g.CheckLabel()) {
							c.display(g.Operation, g.CheckLabel(), g.Signature.Text, g.Status)
						}
						c.G, c.row, c.asked = g, nil, nil
					}, func() *Cluster { return newCluster(i, s.name, ri, g) })
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
