package tui

import (
	"slices"
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
	Redact   *redact.Redactor // masks secrets in the snapshots' samples (nil: the default patterns)
	Send     func(tea.Msg)    // receives the ProgressMsgs; it may drop them but must not block for long
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
	copies map[*classify.Group]groupCopy // the last snapshot's copy of each group
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
	s.events, s.groups, s.lines, s.done = 0, 0, 0, false
	s.copies = map[*classify.Group]groupCopy{}
	s.send()
	return s.handle
}

// End sends the last snapshot of a source.
func (s *Streamer) End(_ pipeline.Source, st parser.Stats, _ error) {
	s.lines = st.Lines
	s.done = true
	s.send()
	s.copies = nil // the screen has the last snapshot; the document is built next
}

// maxSnapshotBody bounds the body a snapshot's sample keeps.
const maxSnapshotBody = 8 << 10

// groupCopy is a group's copy in the snapshots, kept while the group is unchanged.
type groupCopy struct {
	mark groupMark
	copy *classify.Group // its samples are redacted, and shared with the group's where nothing was masked or cut
}

// groupMark is what the collector changes in a group it has made as it adds members (counts,
// lines, samples) or joins groups; the strings it may relabel are compared with the copy's (see
// copyOf). A group whose mark is unchanged since the last snapshot is shared by the next one.
type groupMark struct {
	count, flaky, status, lines, related, samples int
	sample0                                       *classify.Sample
	cut, stateful                                 bool
}

func markOf(g *classify.Group) groupMark {
	m := groupMark{count: g.Count, flaky: g.Flaky, status: g.Status, lines: len(g.Lines), related: len(g.Related),
		samples: len(g.Samples), cut: g.LinesCut, stateful: g.Stateful}
	if len(g.Samples) > 0 {
		m.sample0 = &g.Samples[0]
	}
	return m
}

// sameText reports whether copy c has g's strings and spans: a string redaction changed differs, and such
// a group is copied again at each snapshot (a secret in an operation or a title is rare).
func sameText(c, g *classify.Group) bool {
	return c.Operation == g.Operation && c.Title == g.Title && c.Reason == g.Reason && c.Check == g.Check &&
		c.Signature == g.Signature && c.History == g.History && c.First == g.First && c.Last == g.Last
}

// handle sees each event after the collector: it sends a snapshot when one is due.
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
	runs := s.snapshot()
	n := 0
	for _, r := range runs {
		n += len(r.Groups)
	}
	s.groups = n
	s.o.Send(ProgressMsg{Input: s.src.Input, Name: s.src.Name, Read: s.read(), Size: s.src.Size, Lines: s.lines, Runs: runs, Done: s.done})
}

// snapshot copies the collector's runs so that the UI can read them while parsing goes on: every
// field the parser may still change is copied, and everything is redacted by the functions that
// redact the final document (summary.RedactRun and RedactGroup, which replace slices and maps
// rather than writing to them). A group unchanged since the last snapshot (its groupMark) is not
// copied again: the snapshots share its copy, and the screen keeps its row (dataset.rebuild). A
// log read operation by operation changes a few groups between two snapshots, so with 10,000
// groups a snapshot no longer makes 10,000 copies that live beside the screen's.
func (s *Streamer) snapshot() []*classify.Run {
	runs := make([]*classify.Run, 0, len(s.col.Runs))
	for _, r := range s.col.Runs {
		c := &classify.Run{
			Format: r.Format, Version: r.Version, Started: r.Started, Span: r.Span,
			Settings: r.Settings, Totals: r.Totals, Interrupted: r.Interrupted, Fatal: r.Fatal,
		}
		c.Summary.End = r.Summary.End
		summary.RedactRun(c, s.o.Redact)
		c.Groups = make([]*classify.Group, 0, len(r.Groups))
		for _, g := range r.Groups {
			c.Groups = append(c.Groups, s.copyOf(g))
		}
		runs = append(runs, c)
	}
	return runs
}

// copyOf returns the snapshot's copy of g: the last one while g is unchanged, else a new one.
func (s *Streamer) copyOf(g *classify.Group) *classify.Group {
	m := markOf(g)
	gc, ok := s.copies[g]
	if ok && gc.mark == m && sameText(gc.copy, g) {
		return gc.copy
	}
	var samples []classify.Sample
	if ok && gc.mark.samples == m.samples && gc.mark.sample0 == m.sample0 {
		samples = gc.copy.Samples
	} else {
		samples = s.samplesOf(g)
	}
	c := *g
	// Lines only grows by append: the elements up to its length never change.
	c.Lines = g.Lines[:len(g.Lines):len(g.Lines)]
	c.Hook, c.New, c.Samples = nil, nil, nil
	summary.RedactGroup(&c, s.o.Redact)
	c.Samples = samples
	s.copies[g] = groupCopy{mark: m, copy: &c}
	return &c
}

// samplesOf returns g's samples, cut and redacted for a snapshot.
func (s *Streamer) samplesOf(g *classify.Group) []classify.Sample {
	// The collector never writes into a sample array it has built (it makes a new one to add a
	// sample), so a snapshot shares it unless a body must be cut or traffic dropped, and redaction
	// copies only the samples it masks: with thousands of groups, copies of every array would
	// double what the samples hold while the log is read.
	cut := g.Samples
	if slices.ContainsFunc(g.Samples, func(sm classify.Sample) bool { return len(sm.Body) > maxSnapshotBody || sm.Traffic != nil }) {
		cut = make([]classify.Sample, len(g.Samples))
		for i, sm := range g.Samples {
			if len(sm.Body) > maxSnapshotBody {
				// The final document has the whole body; a snapshot needs only what the detail pane shows.
				sm.Body, sm.BodyCut = sm.Body[:maxSnapshotBody], true
			}
			sm.Traffic = nil
			cut[i] = sm
		}
	}
	return summary.RedactSamples(cut, s.o.Redact)
}
