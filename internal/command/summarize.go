package command

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/redact"
	"github.com/ctlog-dev/ctlog/report"
)

// SummarizeOptions are the inputs of `ctlog summarize`.
type SummarizeOptions struct {
	IO        IOStreams
	Inputs    []string // paths; "-" is standard input
	Outputs   []string // FORMAT or FORMAT=PATH; FORMAT is text or json
	MaxGroups int
	Color     string // auto, always or never
	Redact    []string
	// Open opens an input path (os.Open by default).
	Open func(string) (io.ReadCloser, error)
}

func newSummarizeCmd(ios IOStreams, runF func(*SummarizeOptions) error) *cobra.Command {
	opts := &SummarizeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "summarize [FILE|-]...",
		Short: "Summarize Schemathesis logs: settings, totals, integrity and failure groups",
		Long: `Summarize reads Schemathesis 3.x CLI output and prints the run's settings, its totals, whether
ctlog's counts agree with the ones Schemathesis printed (integrity), and the failures grouped by
operation, check and response status, biggest first, each with the line it first appears on.

Inputs may be plain logs, raw GitHub Actions job logs (timestamps, ##[group] markers, ANSI colour),
output of 'gh run view --log' / '--log-failed', UTF-8 or UTF-16 (Windows PowerShell redirects),
with LF, CRLF or bare-CR progress redraws. '-' (or no argument) reads standard input.

Outputs (-o, repeatable): 'text' (default) is the terminal report, coloured only on a terminal
and never when NO_COLOR is set; 'json' is the versioned document described in
docs/json-schema.json. Write a format to a file with FORMAT=PATH, e.g. -o json=summary.json.

Secrets (Authorization, Cookie and API-key headers, bearer tokens, token query values, URL
passwords) are masked in every output; add your own patterns with --redact REGEX.

` + exitCodesHelp,
		Example: `  ctlog summarize schemathesis-output.txt
  gh run view 123456 --log-failed | ctlog summarize -
  ctlog summarize -o text -o json=summary.json job.log`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			if len(opts.Inputs) == 0 {
				opts.Inputs = []string{"-"}
			}
			if runF != nil {
				return runF(opts)
			}
			code, err := RunSummarize(*opts)
			if err != nil || code != ExitOK {
				return &exitError{code: code, err: err}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Outputs, "output", "o", nil, "output `FORMAT[=PATH]`: text or json (repeatable; default text)")
	f.IntVar(&opts.MaxGroups, "max-groups", 40, "failure groups listed per run in the text report (0 = all)")
	f.StringVar(&opts.Color, "color", "auto", "colour the text report: auto, always or never")
	f.StringArrayVar(&opts.Redact, "redact", nil, "also mask text matching `REGEX` (repeatable)")
	return cmd
}

type output struct {
	format string
	path   string
}

func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		return []output{{format: "text"}}, nil
	}
	var outs []output
	toStdout := 0
	for _, spec := range specs {
		for one := range strings.SplitSeq(spec, ",") {
			format, path, _ := strings.Cut(one, "=")
			switch format {
			case "text", "json":
			default:
				return nil, fmt.Errorf("unknown output format %q (want text or json)", format)
			}
			if path == "" || path == "-" {
				path = ""
				toStdout++
			}
			outs = append(outs, output{format: format, path: path})
		}
	}
	if toStdout > 1 {
		return nil, errors.New("only one output can go to standard output; give the others a path (-o json=FILE)")
	}
	return outs, nil
}

// RunSummarize parses every input, renders the outputs and returns the exit code.
func RunSummarize(opts SummarizeOptions) (int, error) {
	outs, err := parseOutputs(opts.Outputs)
	if err != nil {
		return ExitUsage, err
	}
	red, err := redact.New(opts.Redact...)
	if err != nil {
		return ExitUsage, fmt.Errorf("--redact: %w", err)
	}
	color := opts.IO.ColorEnabled()
	switch opts.Color {
	case "auto":
	case "always":
		color = true
	case "never":
		color = false
	default:
		return ExitUsage, fmt.Errorf("--color must be auto, always or never, not %q", opts.Color)
	}
	open := opts.Open
	if open == nil {
		open = func(p string) (io.ReadCloser, error) { return os.Open(p) }
	}
	stdinUsed := 0
	for _, in := range opts.Inputs {
		if in == "-" {
			stdinUsed++
		}
	}
	if stdinUsed > 1 {
		return ExitUsage, errors.New("standard input ('-') can be read only once")
	}

	doc := &report.Document{SchemaVersion: report.SchemaVersion, Tool: "ctlog " + Version}
	code := ExitOK
	for _, name := range opts.Inputs {
		in := summarizeInput(opts.IO, open, name)
		if in.Error != "" {
			code = ExitInput
			fmt.Fprintf(opts.IO.ErrOut, "ctlog: %s\n", in.Error)
		}
		doc.Inputs = append(doc.Inputs, in)
	}
	report.Redact(doc, red)

	for _, o := range outs {
		w := opts.IO.Out
		var f *os.File
		if o.path != "" {
			if f, err = os.Create(o.path); err != nil {
				return ExitInput, fmt.Errorf("write %s: %w", o.path, err)
			}
			w = f
		}
		switch o.format {
		case "json":
			err = report.WriteJSON(w, doc)
		case "text":
			err = report.WriteText(w, doc, report.TextOptions{Color: color && o.path == "", MaxGroups: opts.MaxGroups})
		}
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return ExitInternal, fmt.Errorf("write %s output: %w", o.format, err)
		}
	}
	return code, nil
}

// summarizeInput parses one input into its report entry.
func summarizeInput(ios IOStreams, open func(string) (io.ReadCloser, error), name string) report.Input {
	in := report.Input{Name: name, Runs: []*classify.Run{}}
	var r io.Reader
	if name == "-" {
		in.Name = "(stdin)"
		r = ios.In
	} else {
		f, err := open(name)
		if err != nil {
			in.Error = fmt.Sprintf("open %s: %v", name, unwrapPath(err))
			return in
		}
		defer f.Close()
		r = f
		if st, ok := f.(interface{ Stat() (os.FileInfo, error) }); ok && ios.ErrTTY {
			if fi, err := st.Stat(); err == nil && fi.Size() >= progressMin {
				cr := &countingReader{r: f}
				r = cr
				stop, done := make(chan struct{}), make(chan struct{})
				go showProgress(ios.ErrOut, name, fi.Size(), cr, stop, done)
				defer func() { close(stop); <-done }()
			}
		}
	}
	var col classify.Collector
	st, err := parser.Parse(r, parser.Options{Name: in.Name}, &col)
	in.Bytes, in.Lines, in.Encoding, in.BOM, in.Wrapping = st.Bytes, st.Lines, st.Encoding, st.BOM, st.Wrapping
	in.Markers = col.Markers
	in.Runs = col.Finish()
	if err != nil {
		in.Error = err.Error()
		return in
	}
	if len(in.Runs) == 0 {
		in.Error = fmt.Sprintf("%s: no Schemathesis output found in %d lines (is this the right log? ctlog reads Schemathesis 3.x CLI output)", in.Name, st.Lines)
	}
	return in
}

// unwrapPath drops the *PathError wrapper, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
