package tui

import (
	"context"
	"io"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/parser"
)

// StreamOptions say how Stream reports what it reads.
type StreamOptions struct {
	Input    int                // the ProgressMsg.Input to report
	Name     string             // the source's name (ProgressMsg.Name, parser.Options.Name)
	Size     int64              // the source's size, or -1
	Format   parser.Format      // forced format; "" detects it
	Redact   *redact.Redactor   // masks secrets in the snapshots' samples (nil: the default patterns)
	Send     func(tea.Msg)      // receives the ProgressMsgs; it may drop them but must not block for long
	Interval time.Duration      // between snapshots (default 200 ms); the first comes as soon as a group is found
	Options  parser.Options     // passed to the parser (Name defaults to the source's)
	Now      func() time.Time   // clock, for tests
	events   func(parser.Event) // test hook
}

// DefaultInterval is the time between two snapshots of a stream.
const DefaultInterval = 200 * time.Millisecond

// Stream parses r with formats.Parse into a classify.Collector on the calling goroutine and sends
// a ProgressMsg carrying a snapshot of the runs found so far every Interval: the UI shows what is
// known while a large input is still being read. It stops early, with ctx's error, when ctx ends.
// The caller finishes the collector (Finish) once Stream returns.
func Stream(ctx context.Context, r io.Reader, o StreamOptions) (parser.Format, parser.Stats, *classify.Collector, error) {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Redact == nil {
		o.Redact, _ = redact.New()
	}
	if o.Options.Name == "" {
		o.Options.Name = o.Name
	}
	cr := &ctxReader{ctx: ctx, r: r}
	s := &streamer{o: o, cr: cr, col: &classify.Collector{}, samples: map[*classify.Group]sampleCopy{}}
	s.send()
	format, st, err := formats.Parse(cr, o.Format, o.Options, s)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	s.lines = st.Lines
	s.done = true
	s.send()
	return format, st, s.col, err
}

// ctxReader counts the bytes read and fails once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
	n   atomic.Int64
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// maxSnapshotBody bounds the body a snapshot's sample keeps.
const maxSnapshotBody = 8 << 10

type sampleCopy struct {
	n       int
	samples []classify.Sample
}

// streamer is the parser.Handler that feeds the collector and takes the snapshots.
type streamer struct {
	o       StreamOptions
	cr      *ctxReader
	col     *classify.Collector
	events  int
	groups  int // groups at the last snapshot
	done    bool
	lines   int
	next    time.Time
	samples map[*classify.Group]sampleCopy // redacted copies, made once per group and sample count
}

func (s *streamer) Handle(e parser.Event) {
	s.col.Handle(e)
	if s.o.events != nil {
		s.o.events(e)
	}
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
func (s *streamer) send() {
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
	s.o.Send(ProgressMsg{Input: s.o.Input, Name: s.o.Name, Read: s.cr.n.Load(), Size: s.o.Size, Lines: s.lines, Runs: runs, Done: s.done})
}

// snapshot copies the collector's runs so that the UI can read them while parsing goes on: every
// field the parser may still change is copied, and the samples are redacted.
func (s *streamer) snapshot() []*classify.Run {
	runs := make([]*classify.Run, 0, len(s.col.Runs))
	for _, r := range s.col.Runs {
		c := &classify.Run{
			Format: r.Format, Version: r.Version, Started: r.Started, Span: r.Span,
			Settings: r.Settings, Totals: r.Totals, Interrupted: r.Interrupted,
			Groups: make([]*classify.Group, 0, len(r.Groups)),
		}
		c.Settings.Other = maps.Clone(r.Settings.Other)
		c.Settings.Extra = slices.Clone(r.Settings.Extra)
		if r.Summary.End != nil {
			end := *r.Summary.End
			c.Summary.End = &end
		}
		if r.Fatal != nil {
			f := *r.Fatal
			f.Message = s.o.Redact.String(f.Message)
			c.Fatal = &f
		}
		for _, g := range r.Groups {
			gc := *g
			// Lines only grows by append: the elements up to its length never change.
			gc.Lines = g.Lines[:len(g.Lines):len(g.Lines)]
			gc.Hook, gc.New = nil, nil
			gc.Samples = s.samplesOf(g)
			c.Groups = append(c.Groups, &gc)
		}
		runs = append(runs, c)
	}
	return runs
}

func (s *streamer) samplesOf(g *classify.Group) []classify.Sample {
	if sc, ok := s.samples[g]; ok && sc.n == len(g.Samples) {
		return sc.samples
	}
	out := make([]classify.Sample, len(g.Samples))
	for i, sm := range g.Samples {
		if len(sm.Body) > maxSnapshotBody {
			// The final document has the whole body; a snapshot needs only what the detail pane shows.
			sm.Body, sm.BodyCut = sm.Body[:maxSnapshotBody], true
		}
		sm.Message, sm.Body = s.o.Redact.String(sm.Message), s.o.Redact.String(sm.Body)
		cmds := make([]string, len(sm.Reproduce))
		for j, c := range sm.Reproduce {
			cmds[j] = s.o.Redact.String(c)
		}
		sm.Reproduce = cmds
		sm.Traffic = nil
		out[i] = sm
	}
	s.samples[g] = sampleCopy{n: len(g.Samples), samples: out}
	return out
}
