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
	o       StreamOptions
	src     pipeline.Source
	read    func() int64
	col     *classify.Collector
	events  int
	groups  int // groups at the last snapshot
	done    bool
	lines   int
	next    time.Time
	samples map[*classify.Group]sampleCopy // redacted copies, made once per group and sample count
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
	s.samples = map[*classify.Group]sampleCopy{}
	s.send()
	return s.handle
}

// End sends the last snapshot of a source.
func (s *Streamer) End(_ pipeline.Source, st parser.Stats, _ error) {
	s.lines = st.Lines
	s.done = true
	s.send()
}

// maxSnapshotBody bounds the body a snapshot's sample keeps.
const maxSnapshotBody = 8 << 10

type sampleCopy struct {
	n       int
	samples []classify.Sample
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
// field the parser may still change is copied, and everything is redacted by the function that
// redacts the final document (summary.RedactRun, which replaces slices and maps rather than
// writing to them); the samples, the costly part, once per group and sample count.
func (s *Streamer) snapshot() []*classify.Run {
	runs := make([]*classify.Run, 0, len(s.col.Runs))
	for _, r := range s.col.Runs {
		c := &classify.Run{
			Format: r.Format, Version: r.Version, Started: r.Started, Span: r.Span,
			Settings: r.Settings, Totals: r.Totals, Interrupted: r.Interrupted, Fatal: r.Fatal,
			Groups: make([]*classify.Group, 0, len(r.Groups)),
		}
		c.Summary.End = r.Summary.End
		for _, g := range r.Groups {
			gc := *g
			// Lines only grows by append: the elements up to its length never change.
			gc.Lines = g.Lines[:len(g.Lines):len(g.Lines)]
			gc.Hook, gc.New, gc.Samples = nil, nil, nil
			c.Groups = append(c.Groups, &gc)
		}
		summary.RedactRun(c, s.o.Redact)
		for i, g := range r.Groups {
			c.Groups[i].Samples = s.samplesOf(g)
		}
		runs = append(runs, c)
	}
	return runs
}

func (s *Streamer) samplesOf(g *classify.Group) []classify.Sample {
	if sc, ok := s.samples[g]; ok && sc.n == len(g.Samples) {
		return sc.samples
	}
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
	out := summary.RedactSamples(cut, s.o.Redact)
	s.samples[g] = sampleCopy{n: len(g.Samples), samples: out}
	return out
}
