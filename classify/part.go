package classify

import "github.com/ctlog-dev/ctlog/parser"

// Part collects the failures of the second part of a split parse (parser.ParseSplit) on the
// goroutine that reads it; a Collector adds them to its run where the parser joins the part
// (Collector.Join), with the same result as if it had seen each failure itself.
type Part struct {
	r   *Run
	end parser.Span // the last failure's span
}

// NewPart returns an empty Part; it implements parser.Handler, and a Collector is a
// parser.Joiner of Parts.
func NewPart() *Part { return &Part{r: newRun(parser.FormatSchemathesis3)} }

// NewParts returns a function that makes Parts for one read, as NewPart does, that share the cache
// of the signatures they have worked out: a stream read in many parts (parser.ParseStream) works
// each one out once, not once a part. The Parts it makes must be filled one after another on one
// goroutine, as the parser's part goroutine does.
func NewParts() func() *Part {
	sigs := &sigCache{}
	return func() *Part {
		sigs.forgetGroups() // the last part's groups belong to the run it joined
		p := NewPart()
		p.r.sigs = sigs
		return p
	}
}

// ReleasesFailures implements parser.Releaser, as Collector does.
func (p *Part) ReleasesFailures() {}

// Handle implements parser.Handler: it takes failures and ignores the rest (the parser sends a
// part nothing else).
func (p *Part) Handle(e parser.Event) {
	if f, ok := e.(*parser.Failure); ok {
		p.r.failure(f)
		p.end = f.Span
	}
}

// join adds the failures of part o to r, their line numbers moved by delta and the empty operation
// (that of the failures before the part's first operation title) named op: in the order a
// Collector would have met them after everything r holds.
func (r *Run) join(o *Run, delta int, op string) {
	name := func(s string) string {
		if s == "" {
			return op
		}
		return s
	}
	t := &r.Totals
	t.TestCases += o.Totals.TestCases
	t.FlakyTestCases += o.Totals.FlakyTestCases
	t.UniqueFailures += o.Totals.UniqueFailures
	for o := range o.failedOps {
		if o := name(o); !r.failedOps[o] {
			r.failedOps[o] = true
			t.FailedOperations++
		}
	}
	for o := range o.flakyOps {
		if o := name(o); !r.flakyOps[o] {
			r.flakyOps[o] = true
			t.FlakyOperations++
		}
	}
	for title, n := range o.uniqueByTitle {
		if r.uniqueByTitle == nil {
			r.uniqueByTitle = map[string]*int{}
		}
		if r.uniqueByTitle[title] == nil {
			r.uniqueByTitle[title] = new(int)
		}
		*r.uniqueByTitle[title] += *n
	}
	for _, c := range o.RunChecks {
		c.Span.Line += delta
		c.Span.EndLine += delta
		r.RunChecks = append(r.RunChecks, c)
	}
	for _, g := range o.Groups {
		g.Operation = name(g.Operation)
		g.shiftLines(delta)
		k := g.key()
		if mine := r.groups[k]; mine != nil {
			mine.merge(g) // g's members all come after mine's: merge appends them in order
			continue
		}
		r.groups[k] = g
		r.Groups = append(r.Groups, g)
		r.lines.grew(g, r.Groups)
	}
	r.recent, r.lastOp = recentGroups{}, ""
	r.epoch++
}

// shiftLines moves every line number of g by delta.
func (g *Group) shiftLines(delta int) {
	shift := func(s *parser.Span) { s.Line += delta; s.EndLine += delta }
	shift(&g.First)
	shift(&g.Last)
	for i := range g.Lines {
		g.Lines[i] += delta
	}
	for i := range g.Samples {
		shift(&g.Samples[i].Span)
	}
}
