// Package pipeline reads ctlog's inputs into the summary document. Every front end — summarize,
// gh, diff, baseline and the interactive screen — builds its document with Summarize, so that they
// read the same inputs the same way: archives member by member, big plain files in two parts at
// once, text logs read once (standard input, decompressed streams) in stretches on two cores,
// cassettes mapped to the run's operations, hook rules, hooks lint, baseline, redaction.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/internal/rules"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// Options say what Summarize reads and what it adds to the runs it finds.
type Options struct {
	Inputs   []string                            // paths; "-" is standard input
	Stdin    io.Reader                           // standard input
	Open     func(string) (io.ReadCloser, error) // reads a path as one stream without archive handling (tests); nil reads from disk
	Format   parser.Format                       // the format of every source; "" detects each one
	Limits   input.Limits                        // bounds on what an archive may expand to
	Config   string                              // hook rules file; "" looks for .ctlog.yaml above the working directory
	NoConfig bool                                // ignore hook rules files
	Baseline string                              // baseline file to mark new failure groups against
	Hooks    string                              // hooks module to lint; "" lints the file SCHEMATHESIS_HOOKS names, when it is here
	Schema   string                              // OpenAPI document (YAML or JSON) whose paths map cassette and HAR requests to operations exactly
	Redact   *redact.Redactor                    // masks secrets in the document; nil uses the default patterns
	Tool     string                              // the document's tool field, e.g. "ctlog 1.2.0"
	Observer Observer                            // watches the sources as they are read; may be nil
	Warn     func(error)                         // told of problems that leave the document whole but poorer; may be nil
	Prepared *Prepared                           // what Check loaded for these options; nil loads it again
}

// Result is the document and what could not be read of the inputs.
type Result struct {
	Doc *summary.Document
	// From names, for each of Doc.Inputs, the index of the path in Options.Inputs it came from.
	From []int
	// Unread are the inputs that could not be read or hold no Schemathesis output, one error each.
	Unread []error
}

// Source is what an Observer is told of the source being read.
type Source struct {
	Input int    // index of the path in Options.Inputs
	Name  string // the source's name: the path, "(stdin)" or "archive.zip/member"
	Size  int64  // its decompressed size, or -1 when unknown
}

// Observer watches Summarize read: summarize's progress line, the snapshots of the interactive screen.
type Observer interface {
	// Begin is called as a source starts; read tells how many bytes of it were read so far. The
	// function it returns, when not nil, is called after col has handled each event, on the goroutine
	// that owns col; it must keep nothing of a *parser.Failure.
	Begin(src Source, read func() int64, col *classify.Collector) func(parser.Event)
	// End is called once the source is read, with its stats and the error that ended it, if any.
	End(src Source, st parser.Stats, err error)
}

// ErrStdinTwice is returned when standard input is named more than once.
var ErrStdinTwice = errors.New("standard input ('-') can be read only once")

// Prepared is what Check loaded: the hook rules, the baseline and the schema, for a Summarize of
// the same options (Options.Prepared), so that they are read once.
type Prepared struct{ s *setup }

// Check validates the options without reading any input: standard input named once at most, the
// hook rules, the baseline and the schema loadable. Summarize checks the same before it reads.
func Check(opts Options) (*Prepared, error) {
	s, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	return &Prepared{s}, nil
}

// setup is what Summarize loads before it reads the inputs.
type setup struct {
	rules    *rules.Config
	baseline *classify.Baseline
	redact   *redact.Redactor
	schema   classify.Templates // the operations of Options.Schema
}

func prepare(opts Options) (*setup, error) {
	n := 0
	for _, in := range opts.Inputs {
		if in == "-" {
			n++
		}
	}
	if n > 1 {
		return nil, ErrStdinTwice
	}
	s := &setup{redact: opts.Redact}
	if s.redact == nil {
		s.redact, _ = redact.New()
	}
	if opts.Schema != "" {
		data, err := os.ReadFile(opts.Schema)
		if err == nil {
			err = s.schema.AddSchema(data)
		}
		if err != nil {
			return nil, fmt.Errorf("--schema %s: %w", opts.Schema, err)
		}
	}
	var err error
	if s.rules, err = loadRules(opts); err != nil {
		return nil, err
	}
	if s.baseline, err = loadBaseline(opts.Baseline); err != nil {
		return nil, err
	}
	return s, nil
}

// Summarize reads every input and classifies it into the document all outputs render. Inputs that
// cannot be read are entries with an error in the document and listed in Result.Unread; the error
// is for options that cannot be used (a bad hook rules file or baseline), or ctx's when it ends.
func Summarize(ctx context.Context, opts Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	var s *setup
	if opts.Prepared != nil {
		s = opts.Prepared.s
	} else {
		var err error
		if s, err = prepare(opts); err != nil {
			return nil, err
		}
	}
	res := &Result{Doc: &summary.Document{SchemaVersion: summary.SchemaVersion, Tool: opts.Tool}}
	rd := &reader{ctx: ctx, opts: opts}
	for i, name := range opts.Inputs {
		ins, err := rd.path(i, name)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			res.Unread = append(res.Unread, err)
			warn(opts, err)
			if len(ins) == 0 {
				ins = append(ins, summary.Input{Name: input.DisplayName(name), Error: err.Error(), Runs: []*classify.Run{}})
			}
		}
		for range ins {
			res.From = append(res.From, i)
		}
		res.Doc.Inputs = append(res.Doc.Inputs, ins...)
	}
	crossInputs(res.Doc, &s.schema)
	companionNotes(opts, res.Doc, res.From)
	if s.rules != nil {
		res.Doc.Config = s.rules.Path
		for _, r := range allRuns(res.Doc) {
			r.ApplyHooks(s.rules.Hooks)
		}
	}
	applyLint(opts, res.Doc)
	// Redaction comes before the baseline: baselines are saved from redacted runs, so groups are
	// compared by their redacted causes (and a baseline saved before a secret was masked still
	// matches once its causes are masked the same way).
	summary.Redact(res.Doc, s.redact)
	if s.baseline != nil {
		for i := range s.baseline.Clusters {
			s.baseline.Clusters[i].Signature = s.redact.String(s.baseline.Clusters[i].Signature)
		}
		res.Doc.Baseline = opts.Baseline
		res.Doc.NewGroups = s.baseline.Mark(allRuns(res.Doc))
	}
	return res, nil
}

func warn(opts Options, err error) {
	if opts.Warn != nil {
		opts.Warn(err)
	}
}

// Runs lists the runs of every input of doc, in order.
func Runs(doc *summary.Document) []*classify.Run { return allRuns(doc) }

func allRuns(doc *summary.Document) []*classify.Run {
	var runs []*classify.Run
	for _, in := range doc.Inputs {
		runs = append(runs, in.Runs...)
	}
	return runs
}

// crossInputs maps cassette paths to the labels other inputs name (or the schema's), joins HAR
// traffic to samples and links samples to the crash files of their test cases.
func crossInputs(doc *summary.Document, schema *classify.Templates) {
	var runs, traffic, crashes []*classify.Run
	cassettes := false
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			if r.Format == parser.FormatHAR {
				traffic = append(traffic, r)
			} else if r.Format == parser.FormatCrash {
				crashes = append(crashes, r)
			} else {
				runs = append(runs, r)
				cassettes = cassettes || r.Format == parser.FormatCassette
			}
		}
	}
	if cassettes { // only a cassette's concrete paths are remapped: other runs need no templates
		t := schema.Clone() // the schema's templates stay as loaded: a Prepared setup may serve another Summarize
		for _, in := range doc.Inputs {
			for _, r := range in.Runs {
				r.Labels(&t)
			}
		}
		for _, r := range runs {
			r.Remap(&t)
		}
	}
	if len(traffic) > 0 {
		classify.JoinTraffic(runs, traffic)
	}
	if len(crashes) > 0 {
		classify.JoinCrashes(runs, crashes)
	}
}

// noRuns is the error for a path without Schemathesis output in any of its sources: each source
// gets it, with the first diagnostic that may say why.
func noRuns(ins []summary.Input, name string) error {
	for i := range ins {
		if ins[i].Error == "" {
			ins[i].Skipped = ""
			ins[i].Error = fmt.Sprintf("%s: no Schemathesis output found in %d lines (ctlog reads Schemathesis 3.x and 4.x CLI output, JUnit XML, VCR cassettes, HAR files, NDJSON event streams, crash files and Allure results)", ins[i].Name, ins[i].Lines)
			if len(ins[i].Diagnostics) > 0 {
				d := ins[i].Diagnostics[0]
				ins[i].Error += fmt.Sprintf("; line %d: %s", d.Line, d.Message)
			}
		}
	}
	if len(ins) == 0 {
		if fi, err := os.Stat(name); err == nil && fi.IsDir() {
			return fmt.Errorf("%s: empty directory: no files to read", name)
		}
		return fmt.Errorf("%s: empty archive: no files to read", input.DisplayName(name))
	}
	return errors.New(ins[0].Error)
}
