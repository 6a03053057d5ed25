package classify

import (
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Collector builds runs from parser events; it implements parser.Handler.
type Collector struct {
	Runs        []*Run
	Input       parser.InputInfo
	Markers     int
	Diagnostics []parser.Diagnostic // about the input outside any run

	cur      *Run
	preamble *parser.Preamble
}

// ReleasesFailures implements parser.Releaser: a Collector copies what it keeps of a failure
// (samples, cache keys, signatures); everything else it holds comes from the parser's interned
// labels and titles.
func (c *Collector) ReleasesFailures() {}

// Handle implements parser.Handler.
func (c *Collector) Handle(e parser.Event) {
	switch e := e.(type) {
	case *parser.InputInfo:
		c.Input = *e
	case *parser.Preamble:
		c.preamble = e
	case *parser.RunStart:
		c.cur = newRun(e.Format)
		c.cur.Version = e.Version
		c.cur.Kind = e.Kind
		if e.Kind == "replay" {
			c.cur.Replay = &Replay{Outcomes: []parser.ReplayCase{}}
		}
		if e.Command != "" {
			c.cur.Command = parseCommand(e.Command, 0)
			for k, v := range c.cur.Command.Env {
				c.cur.setEnv(k, v, 0)
			}
		}
		c.cur.Started = true
		c.cur.Span = e.Span
		c.takePreamble()
		c.Runs = append(c.Runs, c.cur)
	case *parser.Marker:
		c.Markers++
	case *parser.Diagnostic:
		if c.cur == nil {
			// Outside any run: the input's own problem (not the format asked for, say).
			if len(c.Diagnostics) < maxKeptDiagnostics {
				c.Diagnostics = append(c.Diagnostics, *e)
			}
			return
		}
		c.cur.diagnostic(e)
	default:
		r := c.run(e)
		r.Span.End, r.Span.EndLine = max(r.Span.End, e.Pos().End), max(r.Span.EndLine, e.Pos().EndLine)
		switch e := e.(type) {
		case *parser.Setting:
			r.setting(e)
		case *parser.Progress:
			r.progress(e)
		case *parser.ProgressLine:
			r.progressLine(e)
		case *parser.Failure:
			r.failure(e)
		case *parser.ErrorBlock:
			r.errorBlock(e)
		case *parser.Warning:
			r.warning(e)
		case *parser.CheckTotal:
			r.Summary.CheckTotals = append(r.Summary.CheckTotals, *e)
		case *parser.Interrupted:
			r.Interrupted = true
			if e.Stage != "" && r.InterruptedStage == "" {
				r.InterruptedStage = e.Stage
			}
		case *parser.RunKind:
			r.runKind(e)
		case *parser.Phase:
			r.Phases = append(r.Phases, *e)
			if r.Fuzz != nil && e.Scenarios > 0 {
				r.Fuzz.Scenarios = e.Scenarios
			}
			r.Interrupted = r.Interrupted || e.Status == "interrupted"
		case *parser.Interaction:
			r.interaction(e)
		case *parser.Section:
			if r.Replay != nil && e.Title == "FAILURES" {
				r.Replay.sections = true
			}
		case *parser.ReplayCase:
			r.replayCase(e)
		case *parser.SummaryNote:
			switch {
			case strings.HasPrefix(e.Kind, "replay-"):
				r.replayNote(e)
			default:
				r.summaryNote(e)
			}
		case *parser.SummaryCount:
			r.Summary.Counts = append(r.Summary.Counts, *e)
		case *parser.RunEnd:
			r.Summary.End = e
		case *parser.Diagnostic:
			r.diagnostic(e)
		}
	}
}

// Join implements parser.Joiner: it adds the failures part collected from the second part of a
// split read (parser.ParseSplit) to the open run, as if it had handled each of them here.
func (c *Collector) Join(part *Part, j parser.Join) {
	if part.r.Totals.TestCases == 0 {
		return
	}
	r := c.run(j.Span)
	r.join(part.r, j.LineDelta, j.Operation)
	end := part.end
	r.Span.End, r.Span.EndLine = max(r.Span.End, end.End), max(r.Span.EndLine, end.EndLine+j.LineDelta)
}

// run returns the run an event belongs to, creating a headerless one when needed
// (a fatal error printed before any header, or stray diagnostics).
func (c *Collector) run(e parser.Event) *Run {
	if c.cur == nil {
		c.cur = newRun(parser.FormatSchemathesis3)
		c.cur.Span = e.Pos()
		c.takePreamble()
		c.Runs = append(c.Runs, c.cur)
	}
	return c.cur
}

func (c *Collector) takePreamble() {
	if c.preamble != nil {
		c.cur.Preamble = c.preamble.Text
		c.cur.preambleLine = c.preamble.Line
		c.cur.scanPreamble(c.preamble.Text, c.preamble.Line)
		c.preamble = nil
	}
}

// Finish sorts groups and checks every run's counts against what Schemathesis printed.
func (c *Collector) Finish() []*Run {
	if c.Runs == nil {
		c.Runs = []*Run{}
	}
	for _, r := range c.Runs {
		r.placeStateful()
		r.genericTriggers()
		sortGroups(r.Groups)
		r.customCheckEvidence()
		r.Causes = causes(r.Groups)
		if r.Replay != nil {
			replayCommands(r)
		}
		if r.Format == parser.FormatCrash {
			r.crashFile = c.Input.Name
			replayCommands(r)
			for _, g := range r.Groups {
				for i := range g.Samples {
					g.Samples[i].CrashFile = c.Input.Name
				}
			}
		}
		r.Integrity = check(r)
		r.diagnoseHookErrors()
		r.finishLines()
	}
	return c.Runs
}
