package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/tui"
)

// TUIOptions are the inputs of `ctlog tui`.
type TUIOptions struct {
	IO     IOStreams
	Inputs []string
	Color  string // auto, always or never
	ReadOptions
	Diff bool // two inputs: open on the diff
}

func newTUICmd(ios IOStreams) *cobra.Command {
	opts := &TUIOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "tui FILE...",
		Short: "Triage interactively: failure groups, samples, curl commands, raw log lines, diff of two runs",
		Long: `Tui opens an interactive screen on the inputs: the failure groups, the most severe first (s
sorts by count, operation, check or status), with a fuzzy filter (/), the samples and reproduce
commands of each group (c copies the curl command with OSC 52, w writes it to a file), the raw log
lines behind a sample, and, for two inputs, what changed between the runs (new, gone and changed
failure groups, settings that differ; tab switches to the failure groups of both). Large logs
stream: the screen shows at once and fills in while the log is read. ? lists every key.

'ctlog FILE...' does the same when standard output is a terminal, and prints the summary
otherwise. Colour follows NO_COLOR and --color; secrets are masked as in summarize.

` + noPolicyExitCodesHelp("the screen was closed, the inputs read"),
		Example: `  ctlog tui schemathesis-output.txt
  ctlog schemathesis-output.txt
  ctlog tui yesterday.log today.log      # the diff; tab shows the failure groups
  ctlog diff --tui yesterday.log today.log`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return exitWith(RunTUI(*opts))
		},
	}
	f := cmd.Flags()
	addColorFlag(f, &opts.Color)
	addReadFlags(f, &opts.ReadOptions)
	f.BoolVar(&opts.Diff, "diff", true, "with two inputs, open on the diff (--diff=false: on the failure groups of both)")
	return cmd
}

// runFiles is the root command's RunE: `ctlog FILE...` opens the interactive screen on a terminal
// and prints the summary otherwise.
func runFiles(ios IOStreams) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		for _, a := range args {
			if a == "-" {
				continue
			}
			if _, err := os.Stat(a); err != nil {
				// The first argument may be a mistyped command: a word close to one, or a bare word
				// that names no file (no extension, no directory).
				suggest := c.SuggestionsFor(a)
				if a == args[0] && (len(suggest) > 0 || !strings.ContainsAny(a, `./\`)) {
					msg := fmt.Sprintf("unknown command or file %q (run 'ctlog --help' for usage)", a)
					if len(suggest) > 0 {
						msg += "; did you mean 'ctlog " + suggest[0] + "'?"
					}
					return usageError(errors.New(msg))
				}
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				return exitWith(ExitInput, fmt.Errorf("cannot read %s: %w", a, err))
			}
		}
		if !ios.OutTTY {
			return exitWith(RunSummarize(SummarizeOptions{IO: ios, Inputs: args, Color: "auto", MaxGroups: 40, FailOn: "none"}))
		}
		return exitWith(RunTUI(TUIOptions{IO: ios, Inputs: args, Color: "auto", Diff: len(args) == 2}))
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
	model   *tui.Model
	mu      sync.Mutex
	exit    int
	history string // the history store that badges the groups; "" when there is none
}

func (t *tuiModel) code() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exit
}

// newTUIModel checks the options and builds the model; its loader starts with Init.
func newTUIModel(opts TUIOptions) (*tuiModel, int, error) {
	po, err := pipelineOptions(opts.IO, opts.Inputs, opts.ReadOptions)
	if err != nil {
		return nil, ExitUsage, err
	}
	// Bad hook rules or a bad baseline are usage errors: say so before the screen opens.
	prepared, err := pipeline.Check(po)
	if err != nil {
		return nil, ExitUsage, err
	}
	po.Prepared = prepared // the loader reads the rules, baseline and schema Check loaded
	color, err := useColor(opts.IO, opts.Color)
	if err != nil {
		return nil, ExitUsage, err
	}
	mode := tui.Mono
	if color {
		mode = tui.Color
	}
	tm := &tuiModel{history: summarizeStore(SummarizeOptions{IO: opts.IO}, nil)}
	names := make([]string, len(opts.Inputs))
	for i, in := range opts.Inputs {
		names[i] = input.DisplayName(in)
	}
	plain := plainFiles(opts.Inputs)
	tm.model = tui.New(tui.Options{
		Names:  names,
		Load:   tuiLoader(po, tm),
		Mode:   mode,
		Output: opts.IO.Out,
		Redact: po.Redact,
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
		if input.Sniff(head[:n]) != input.Plain {
			continue
		}
		out[input.DisplayName(p)] = p
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

// tuiLoader reads the inputs through the pipeline, as summarize does, with a Streamer that sends
// snapshots to the screen while each source is read; the finished document goes to the screen whole.
func tuiLoader(po pipeline.Options, tm *tuiModel) tui.Loader {
	return func(ctx context.Context, send func(tea.Msg)) {
		po := po
		po.Warn = nil // the screen shows each input's error
		po.Observer = tui.NewStreamer(tui.StreamOptions{Redact: po.Redact, Send: send})
		res, err := pipeline.Summarize(ctx, po)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			tm.mu.Lock()
			tm.exit = ExitUsage
			tm.mu.Unlock()
			send(tui.LoadedMsg{Doc: &summary.Document{SchemaVersion: summary.SchemaVersion, Tool: po.Tool}, Err: err})
			return
		}
		code := ExitOK
		if len(res.Unread) > 0 {
			code = ExitInput
		}
		if tm.history != "" && applyHistory(tm.history, res.Doc, "", false) != nil {
			code = ExitInput
		}
		tm.mu.Lock()
		tm.exit = code
		tm.mu.Unlock()
		send(tui.LoadedMsg{Doc: res.Doc, Of: res.From})
	}
}

// summarizeInTUI opens the interactive screen on what summarize options name: `ctlog gh URL` on a terminal.
func summarizeInTUI(o SummarizeOptions) (int, error) {
	return RunTUI(TUIOptions{IO: o.IO, Inputs: o.Inputs, Color: o.Color, ReadOptions: o.ReadOptions})
}
