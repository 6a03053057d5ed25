package tui

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// StreamOptions say how a Streamer reports what it reads.
type StreamOptions struct {
	Redact   *redact.Redactor // masks secrets in the snapshots and the groups sent (nil: the default patterns)
	Send     func(tea.Msg)    // receives the ProgressMsgs and GroupMsgs; it may drop snapshots but must not block for long
	Interval time.Duration    // between snapshots (default 200 ms); the first comes as soon as a group is found
	Now      func() time.Time // clock, for tests
}

// DefaultInterval is the time between two snapshots of a stream.
const DefaultInterval = 200 * time.Millisecond

// Streamer is the pipeline observer that sends a ProgressMsg carrying a snapshot of the runs found
// so far every Interval while a source is read: the screen shows what is known while a large input
// is still being read.
type Streamer struct {
	o      StreamOptions
	src    pipeline.Source
	read   func() int64
	col    *classify.Collector
	events int
	groups int // groups at the last snapshot
	done   bool
	lines  int
	next   time.Time
	last   [][]*Row // the last snapshot's rows, by run

	mu      sync.Mutex
	epoch   int         // counts the sources begun: a row of another source is not served
	open    bool        // a source is being read
	wanted  []*Row      // the rows whose groups the screen asked for (want)
	pending atomic.Bool // wanted is not empty
}

// NewStreamer returns a Streamer that reports with o.
func NewStreamer(o StreamOptions) *Streamer {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Redact == nil {
		o.Redact, _ = redact.New()
	}
	return &Streamer{o: o}
}

// Begin starts the snapshots of a source and sends the first, empty one.
func (s *Streamer) Begin(src pipeline.Source, read func() int64, col *classify.Collector) func(parser.Event) {
	s.src, s.read, s.col = src, read, col
	s.events, s.groups, s.lines, s.done, s.last = 0, 0, 0, false, nil
	s.mu.Lock()
	s.epoch++
	s.open = true
	s.mu.Unlock()
	s.send()
	return s.handle
}

// End sends the last snapshot of a source.
func (s *Streamer) End(_ pipeline.Source, st parser.Stats, _ error) {
	s.lines = st.Lines
	s.serve()
	s.done = true
	s.send()
	s.last, s.col = nil, nil // the screen has the last snapshot; the document is built next
	s.mu.Lock()
	s.open, s.wanted = false, nil
	s.pending.Store(false)
	s.mu.Unlock()
}

// maxSnapshotBody bounds the body a group sent to the screen keeps in its samples.
const maxSnapshotBody = 8 << 10

// GroupMsg brings the copy of a failure group the screen asked for (ProgressMsg.Want) while its
// source is read: redacted, its long bodies cut, its traffic left out.
type GroupMsg struct {
	Row *Row
	G   *classify.Group
}

// want asks for the group of r: a GroupMsg follows while r's source is read.
func (s *Streamer) want(r *Row) {
	if r == nil {
		return
	}
	s.mu.Lock()
	if r.epoch == s.epoch && s.open {
		s.wanted = append(s.wanted, r)
		s.pending.Store(true)
	}
	s.mu.Unlock()
}

// serve sends the groups the screen asked for; it runs on the goroutine that owns the collector.
func (s *Streamer) serve() {
	if !s.pending.Load() {
		return
	}
	s.mu.Lock()
	rows := s.wanted
	s.wanted = nil
	s.pending.Store(false)
	epoch := s.epoch
	s.mu.Unlock()
	for _, r := range rows {
		if r.epoch == epoch && s.o.Send != nil {
			s.o.Send(GroupMsg{Row: r, G: s.copyOf(r.group)})
		}
	}
}

// handle sees each event after the collector: it sends a snapshot when one is due, and the groups
// the screen asked for.
func (s *Streamer) handle(e parser.Event) {
	if l := e.Pos().EndLine; l > s.lines {
		s.lines = l
	}
	s.events++
	// The first failure goes out at once: it is what the screen waits for.
	_, failure := e.(*parser.Failure)
	first := failure && s.groups == 0
	// Checking the clock on every event would cost more than the parse: every 256 events is enough.
	if s.events&255 != 0 && !first {
		return
	}
	s.serve()
	if !first && s.o.Now().Before(s.next) {
		return
	}
	s.send()
}

// send takes a snapshot and sends it.
func (s *Streamer) send() {
	s.next = s.o.Now().Add(s.o.Interval)
	if s.o.Send == nil {
		return
	}
	runs, rows := s.snapshot()
	s.groups = len(rows)
	s.o.Send(ProgressMsg{Input: s.src.Input, Name: s.src.Name, Read: s.read(), Size: s.src.Size, Lines: s.lines,
		Runs: runs, Rows: rows, Want: s.want, Done: s.done})
}

// snapshot copies the collector's runs without their groups, and makes a Row of each group, so
// that the UI can read them while parsing goes on: every field the parser may still change is
// copied, and everything is redacted by the functions that redact the final document
// (summary.RedactRun, which replaces slices and maps rather than writing to them). A group whose
// row still tells what it holds (Row.current) keeps its row: a log read operation by operation
// changes a few groups between two snapshots, so with 10,000 groups a snapshot makes a few rows,
// and the screen keeps its clusters (dataset.rebuild).
func (s *Streamer) snapshot() ([]*classify.Run, []*Row) {
	runs := make([]*classify.Run, 0, len(s.col.Runs))
	n := 0
	for _, r := range s.col.Runs {
		n += len(r.Groups)
	}
	rows := make([]*Row, 0, n)
	last := make([][]*Row, len(s.col.Runs))
	for ri, r := range s.col.Runs {
		c := &classify.Run{
			Format: r.Format, Version: r.Version, Started: r.Started, Span: r.Span,
			Settings: r.Settings, Totals: r.Totals, Interrupted: r.Interrupted, Fatal: r.Fatal,
		}
		c.Summary.End = r.Summary.End
		summary.RedactRun(c, s.o.Redact)
		runs = append(runs, c)
		var prev []*Row
		if ri < len(s.last) {
			prev = s.last[ri]
		}
		from := len(rows)
		for gi, g := range r.Groups {
			if gi < len(prev) && prev[gi].current(g) {
				rows = append(rows, prev[gi])
			} else {
				rows = append(rows, rowOf(ri, g, s.o.Redact, s.epoch))
			}
		}
		last[ri] = rows[from:len(rows):len(rows)]
	}
	s.last = last
	return runs, rows
}

// copyOf returns a copy of g for the screen: redacted, as the final document's groups are.
func (s *Streamer) copyOf(g *classify.Group) *classify.Group {
	c := *g
	// Lines only grows by append: the elements up to its length never change.
	c.Lines = g.Lines[:len(g.Lines):len(g.Lines)]
	c.Hook, c.New, c.Samples = nil, nil, nil
	summary.RedactGroup(&c, s.o.Redact)
	c.Samples = s.samplesOf(g)
	return &c
}

// samplesOf returns g's samples, cut and redacted for the screen.
func (s *Streamer) samplesOf(g *classify.Group) []classify.Sample {
	// The collector never writes into a sample array it has built (it makes a new one to add a
	// sample), so the copy shares it unless a body must be cut or traffic dropped, and redaction
	// copies only the samples it masks.
	cut := g.Samples
	if slices.ContainsFunc(g.Samples, func(sm classify.Sample) bool { return len(sm.Body) > maxSnapshotBody || sm.Traffic != nil }) {
		cut = make([]classify.Sample, len(g.Samples))
		for i, sm := range g.Samples {
			if len(sm.Body) > maxSnapshotBody {
				// The final document has the whole body; the detail pane needs only what it shows.
				sm.Body, sm.BodyCut = sm.Body[:maxSnapshotBody], true
			}
			sm.Traffic = nil
			cut[i] = sm
		}
	}
	return summary.RedactSamples(cut, s.o.Redact)
}
