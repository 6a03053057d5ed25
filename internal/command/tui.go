package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/internal/rules"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/tui"
)

func init() { commands = append(commands, newTUICmd) }

// TUIOptions are the inputs of `ctlog tui`.
type TUIOptions struct {
	IO       IOStreams
	Inputs   []string
	Color    string // auto, always or never
	Redact   []string
	Format   string
	Limits   input.Limits
	Config   string
	NoConfig bool
	Baseline string
	Diff     bool // two inputs: open on the diff
}

func newTUICmd(ios IOStreams) *cobra.Command {
	opts := &TUIOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "tui FILE...",
		Short: "Triage interactively: clusters, samples, curl commands, raw log lines, diff of two runs",
		Long: `Tui opens an interactive screen on the inputs: the failure clusters, biggest first, with a fuzzy
filter (/), the samples and reproduce commands of each cluster (c copies the curl command with
OSC 52, w writes it to a file), the raw log lines behind a sample, and, for two inputs, what
changed between the runs (classify's diff: new, gone and changed clusters, settings that differ;
tab switches to the clusters of both). Large logs stream: the screen shows at once and fills in while
the log is read. ? lists every key.

'ctlog FILE...' does the same when standard output is a terminal, and prints the summary
otherwise. Colour follows NO_COLOR and --color; secrets are masked as in summarize.

` + exitCodesHelp,
		Example: `  ctlog tui schemathesis-output.txt
  ctlog schemathesis-output.txt
  ctlog tui yesterday.log today.log      # the diff; tab shows the clusters
  ctlog diff --tui yesterday.log today.log`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return exitFor(RunTUI(*opts))
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Color, "color", "auto", "colour: auto (not with NO_COLOR), always or never")
	f.StringArrayVar(&opts.Redact, "redact", nil, "also mask text matching `REGEX` (repeatable)")
	f.StringVar(&opts.Format, "format", "auto", "input `FORMAT`: auto, text, junit, vcr or har")
	f.StringVar(&opts.Config, "config", "", "hook rules `FILE` (default: .ctlog.yaml in the working directory or above)")
	f.BoolVar(&opts.NoConfig, "no-config", false, "ignore any .ctlog.yaml")
	f.StringVar(&opts.Baseline, "baseline", "", "baseline `FILE`: badge the clusters it does not know as new")
	f.BoolVar(&opts.Diff, "diff", true, "with two inputs, open on the diff (--diff=false: on the clusters of both)")
	return cmd
}

func exitFor(code int, err error) error {
	if err != nil || code != ExitOK {
		return &exitError{code: code, err: err}
	}
	return nil
}

// addTUI lets the root command take files (`ctlog FILE...`: the TUI on a terminal, the summary
// otherwise) and gives `ctlog diff` its --tui flag. NewRoot calls it once the subcommands are added.
func addTUI(root *cobra.Command, ios IOStreams) {
	root.Args = cobra.ArbitraryArgs
	if root.SuggestionsMinimumDistance <= 0 {
		root.SuggestionsMinimumDistance = 2
	}
	root.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		for _, a := range args {
			if a == "-" {
				continue
			}
			if _, err := os.Stat(a); err != nil {
				msg := fmt.Sprintf("unknown command or file %q (run 'ctlog --help' for usage)", a)
				if s := c.SuggestionsFor(a); len(s) > 0 && a == args[0] {
					msg += "; did you mean 'ctlog " + s[0] + "'?"
				}
				return usageError(errors.New(msg))
			}
		}
		if !ios.OutTTY {
			code, err := RunSummarize(SummarizeOptions{IO: ios, Inputs: args, Color: "auto", MaxGroups: 40, Format: "auto", FailOn: "none"})
			return exitFor(code, err)
		}
		return exitFor(RunTUI(TUIOptions{IO: ios, Inputs: args, Color: "auto", Format: "auto", Diff: len(args) == 2}))
	}
	for _, c := range root.Commands() {
		if c.Name() != "diff" {
			continue
		}
		var on bool
		c.Flags().BoolVar(&on, "tui", false, "show the diff in the interactive screen")
		run := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if !on {
				return run(cmd, args)
			}
			format, _ := cmd.Flags().GetString("format")
			color, _ := cmd.Flags().GetString("color")
			return exitFor(RunTUI(TUIOptions{IO: ios, Inputs: args, Color: color, Format: format, Diff: true}))
		}
	}
}

// RunTUI runs the interactive screen until the user quits and returns the exit code.
func RunTUI(opts TUIOptions) (int, error) {
	if !opts.IO.OutTTY {
		return ExitUsage, errors.New("the interactive screen needs a terminal on standard output; use 'ctlog summarize' to print the summary")
	}
	m, code, err := newTUIModel(opts)
	if err != nil {
		return code, err
	}
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithOutput(opts.IO.Out)}
	if f, ok := opts.IO.In.(*os.File); ok && isatty.IsTerminal(f.Fd()) && !usesStdin(opts.Inputs) {
		progOpts = append(progOpts, tea.WithInput(f))
	} else {
		progOpts = append(progOpts, tea.WithInputTTY()) // standard input is an input: keys come from the terminal
	}
	if _, err := tea.NewProgram(m.model, progOpts...).Run(); err != nil {
		return ExitInternal, err
	}
	return m.code(), nil
}

func usesStdin(inputs []string) bool {
	for _, in := range inputs {
		if in == "-" {
			return true
		}
	}
	return false
}

// tuiModel is the TUI's root model and what its loader found out.
type tuiModel struct {
	model *tui.Model
	mu    sync.Mutex
	exit  int
}

func (t *tuiModel) code() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exit
}

// newTUIModel checks the options and builds the model; its loader starts with Init.
func newTUIModel(opts TUIOptions) (*tuiModel, int, error) {
	red, err := redact.New(opts.Redact...)
	if err != nil {
		return nil, ExitUsage, fmt.Errorf("--redact: %w", err)
	}
	forced, err := formats.ParseFormat(opts.Format)
	if err != nil {
		return nil, ExitUsage, err
	}
	if usesStdinTwice(opts.Inputs) {
		return nil, ExitUsage, errors.New("standard input ('-') can be read only once")
	}
	sopts := SummarizeOptions{IO: opts.IO, Inputs: opts.Inputs, Config: opts.Config, NoConfig: opts.NoConfig, Baseline: opts.Baseline}
	// Bad hook rules or a bad baseline are usage errors: say so before the screen opens.
	if err := checkConfig(sopts); err != nil {
		return nil, ExitUsage, err
	}
	mode := tui.Mono
	switch opts.Color {
	case "auto", "":
		if opts.IO.ColorEnabled() {
			mode = tui.Color
		}
	case "always":
		mode = tui.Color
	case "never":
	default:
		return nil, ExitUsage, fmt.Errorf("--color must be auto, always or never, not %q", opts.Color)
	}
	tm := &tuiModel{}
	names := make([]string, len(opts.Inputs))
	for i, in := range opts.Inputs {
		names[i] = displayName(in)
	}
	plain := plainFiles(opts.Inputs)
	tm.model = tui.New(tui.Options{
		Names:  names,
		Load:   tuiLoader(opts, sopts, forced, red, tm),
		Mode:   mode,
		Output: opts.IO.Out,
		Redact: red,
		Raw: func(source string) (tui.RawSource, error) {
			path, ok := plain[source]
			if !ok {
				return nil, fmt.Errorf("%s is not a plain file (an archive member or standard input): ctlog cannot read its lines by offset", source)
			}
			return openRaw(path)
		},
		Diff: opts.Diff,
	})
	return tm, ExitOK, nil
}

func usesStdinTwice(inputs []string) bool {
	n := 0
	for _, in := range inputs {
		if in == "-" {
			n++
		}
	}
	return n > 1
}

// checkConfig loads the hook rules and the baseline the options name, to report errors early.
func checkConfig(opts SummarizeOptions) error {
	if !opts.NoConfig {
		path := opts.Config
		if path == "" {
			if wd, err := os.Getwd(); err == nil {
				path, _ = rules.Find(wd)
			}
		}
		if path != "" {
			if _, err := rules.Load(path); err != nil {
				return err
			}
		}
	}
	if opts.Baseline != "" {
		f, err := os.Open(opts.Baseline)
		if err != nil {
			return fmt.Errorf("--baseline: %w", err)
		}
		defer f.Close()
		if _, err := classify.ReadBaseline(f, opts.Baseline); err != nil {
			return err
		}
	}
	return nil
}

// plainFiles maps the source name of every input that is a plain, uncompressed file to its path:
// those are the ones the raw view can read by offset.
func plainFiles(inputs []string) map[string]string {
	out := map[string]string{}
	for _, p := range inputs {
		if p == "-" {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		head := make([]byte, 4)
		n, _ := io.ReadFull(f, head)
		f.Close()
		head = head[:n]
		if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) || bytes.HasPrefix(head, []byte("PK\x03\x04")) ||
			bytes.HasPrefix(head, []byte("PK\x05\x06")) || bytes.HasPrefix(head, []byte("PK\x07\x08")) {
			continue
		}
		out[displayName(p)] = p
	}
	return out
}

// rawFile is a plain file opened for the raw view.
type rawFile struct {
	*os.File
	size int64
}

func (f rawFile) Size() int64 { return f.size }

func openRaw(path string) (tui.RawSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return rawFile{File: f, size: fi.Size()}, nil
}

// tuiLoader reads the inputs as summarize does, but streaming: every source is parsed with
// tui.Stream, which sends snapshots while it reads; at the end the document gets the cross-input
// joins, the hook rules, the baseline and redaction, and goes to the screen whole.
func tuiLoader(opts TUIOptions, sopts SummarizeOptions, forced parser.Format, red *redact.Redactor, tm *tuiModel) tui.Loader {
	return func(ctx context.Context, send func(tea.Msg)) {
		doc := &summary.Document{SchemaVersion: summary.SchemaVersion, Tool: "ctlog " + Version}
		var of []int
		code := ExitOK
		for i, name := range opts.Inputs {
			var ins []summary.Input
			runs := 0
			err := input.Walk(name, opts.IO.In, opts.Limits, func(src input.Source) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				in := streamSource(ctx, i, src, forced, red, send)
				runs += len(in.Runs)
				ins = append(ins, in)
				return nil
			})
			if ctx.Err() != nil {
				return
			}
			if err == nil && runs == 0 {
				err = noRuns(ins, name)
			}
			if err != nil {
				code = ExitInput
				if len(ins) == 0 {
					ins = append(ins, summary.Input{Name: displayName(name), Error: err.Error(), Runs: []*classify.Run{}})
				}
			}
			for range ins {
				of = append(of, i)
			}
			doc.Inputs = append(doc.Inputs, ins...)
		}
		crossInputs(doc)
		var err error
		if err = applyConfig(sopts, doc); err == nil {
			doc.NewGroups, err = applyBaseline(sopts, doc)
		}
		summary.Redact(doc, red)
		tm.mu.Lock()
		tm.exit = code
		tm.mu.Unlock()
		send(tui.LoadedMsg{Doc: doc, Of: of, Err: err})
	}
}

// streamSource is parseSource, streaming snapshots to the screen.
func streamSource(ctx context.Context, idx int, src input.Source, forced parser.Format, red *redact.Redactor, send func(tea.Msg)) summary.Input {
	return readSource(src, forced, func(r io.Reader, f parser.Format, name string) (parser.Format, parser.Stats, *classify.Collector, error) {
		return tui.Stream(ctx, r, tui.StreamOptions{Input: idx, Name: name, Size: src.Size, Format: f, Redact: red, Send: send})
	})
}

func init() {
	// `ctlog gh URL` on a terminal opens the interactive view on what it fetched.
	openTUI = func(o SummarizeOptions) (int, error) {
		return RunTUI(TUIOptions{IO: o.IO, Inputs: o.Inputs, Color: o.Color, Redact: o.Redact, Format: o.Format,
			Limits: o.Limits, Config: o.Config, NoConfig: o.NoConfig, Baseline: o.Baseline})
	}
}
