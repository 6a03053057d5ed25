package command

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/report"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// DiffOptions are the inputs of `ctlog diff`.
type DiffOptions struct {
	IO     IOStreams
	A, B   string
	Output string // text or json
	Color  string
	Format string
	TUI    bool // show the diff in the interactive screen
}

func newDiffCmd(ios IOStreams) *cobra.Command {
	opts := &DiffOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two runs: settings that differ, failure groups new, gone and changed",
		Long: `Diff compares two Schemathesis runs of one API — a local run and a CI run, or yesterday's and
today's — and prints the run settings that differ (version, schema location, base URL, seed,
workers, checks and test cases per check, max examples, derandomize, SCHEMATHESIS_HOOKS and hooks
evidence, every further header line, command-line flag and SCHEMATHESIS_* variable) and the
failure groups only B has (new), only A has (gone), and those whose count or cause changed. Changes
a hook rule explains come first; groups that appear or vanish after being found once by generated
test cases, in runs with different seeds, are listed apart as "possibly chance", with the reason.
Each side is any input summarize reads; the first run in it is compared. -o json prints the
versioned document described in docs/diff-schema.json.

` + noPolicyExitCodesHelp("both runs were read and compared (whatever changed)"),
		Example: `  ctlog diff schemathesis-local.txt schemathesis-ci.txt
  ctlog diff -o json yesterday.log today.log`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			return exitWith(RunDiff(*opts))
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `FORMAT`: text or json")
	addColorFlag(cmd.Flags(), &opts.Color)
	cmd.Flags().StringVar(&opts.Format, "format", "auto", "input `FORMAT`: auto, text, junit, vcr, har or ndjson")
	cmd.Flags().BoolVar(&opts.TUI, "tui", false, "show the diff in the interactive screen")
	return cmd
}

// noPolicyExitCodesHelp is the exit codes section of the commands without --fail-on (diff, tui):
// exitCodesHelp without code 1, which only the policy gives.
func noPolicyExitCodesHelp(ok string) string {
	return `Exit codes:
  0  ` + ok + `
  2  usage error: unknown flag, bad argument
  3  an input could not be read, or holds no Schemathesis output
  4  internal error in ctlog`
}

// firstRun parses path and returns its first run.
func firstRun(ios IOStreams, path, format string) (*classify.Run, error) {
	runs, err := readRuns(ios, []string{path}, format)
	if err != nil {
		return nil, err
	}
	return runs[0], nil
}

// readRuns parses paths as summarize does and returns every run in them.
func readRuns(ios IOStreams, paths []string, format string) ([]*classify.Run, error) {
	opts := SummarizeOptions{IO: ios, Inputs: paths, ReadOptions: ReadOptions{Format: format}}
	doc, code, err := summarizeDoc(opts, false) // an unread input is this function's error
	if err != nil {
		return nil, err
	}
	if code != ExitOK {
		for _, in := range doc.Inputs {
			if in.Error != "" {
				return nil, fmt.Errorf("%s", in.Error)
			}
		}
	}
	runs := pipeline.Runs(doc)
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s: no Schemathesis run found", strings.Join(paths, ", "))
	}
	return runs, nil
}

// RunDiff compares the runs and writes the diff.
func RunDiff(opts DiffOptions) (int, error) {
	if _, err := useColor(opts.IO, opts.Color); err != nil {
		return ExitUsage, err
	}
	if opts.TUI {
		return RunTUI(TUIOptions{IO: opts.IO, Inputs: []string{opts.A, opts.B}, Color: opts.Color, ReadOptions: ReadOptions{Format: opts.Format}, Diff: true})
	}
	a, err := firstRun(opts.IO, opts.A, opts.Format)
	if err != nil {
		return ExitInput, err
	}
	b, err := firstRun(opts.IO, opts.B, opts.Format)
	if err != nil {
		return ExitInput, err
	}
	d := classify.Compare(a, b)
	switch opts.Output {
	case "json":
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(struct {
			SchemaVersion int           `json:"schema_version"`
			A             string        `json:"a"`
			B             string        `json:"b"`
			Diff          classify.Diff `json:"diff"`
		}{summary.SchemaVersion, opts.A, opts.B, d})
	case "text":
		if opts.IO.Getenv != nil && opts.IO.Getenv("GITHUB_ACTIONS") == "true" {
			// In an Actions log, the causes quoted from the logs must not act as workflow commands.
			var b strings.Builder
			if err = writeDiffText(&b, opts.A, opts.B, d); err == nil {
				err = report.WriteQuoted(opts.IO.Out, b.String())
			}
		} else {
			err = writeDiffText(opts.IO.Out, opts.A, opts.B, d)
		}
	default:
		return ExitUsage, fmt.Errorf("unknown output format %q (want text or json)", opts.Output)
	}
	if err != nil {
		return ExitInternal, err
	}
	return ExitOK, nil
}

func writeDiffText(w io.Writer, nameA, nameB string, d classify.Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "A: %s\nB: %s\n\n", sanitize.Line(nameA), sanitize.Line(nameB))
	if len(d.Settings) == 0 {
		b.WriteString("Settings: the same as far as the logs show\n")
	} else {
		b.WriteString("Settings that differ:\n")
		width := 0
		for _, s := range d.Settings {
			width = max(width, len(s.Name))
		}
		show := func(v string) string {
			if v == "" {
				return "(not shown)"
			}
			return sanitize.Line(clipString(v, 70))
		}
		for _, s := range d.Settings {
			fmt.Fprintf(&b, "  %-*s  A: %s\n  %-*s  B: %s\n", width, s.Name, show(s.A), width, "", show(s.B))
		}
	}
	fmt.Fprintf(&b, "\nFailure groups: %d new, %d gone, %d changed, %d the same\n", d.New, d.Gone, d.Changed, d.Same)
	line := func(c classify.ClusterDiff) {
		status := "-"
		if c.Status != 0 {
			status = strconv.Itoa(c.Status)
		}
		counts := fmt.Sprintf("%d → %d", c.A, c.B)
		fmt.Fprintf(&b, "  %-7s  %9s  %s  %s  %s", strings.ToUpper(c.Change), counts, sanitize.Line(c.Operation), sanitize.Line(c.CheckLabel()), status)
		if len(c.Hook) > 0 {
			fmt.Fprintf(&b, "  [hook: %s]", sanitize.Line(strings.Join(c.Hook, ", ")))
		}
		b.WriteString("\n")
		if c.Signature != "" {
			fmt.Fprintf(&b, "  %7s  %9s  ↳ %s\n", "", "", sanitize.Line(clipString(c.Signature, 100)))
		}
		if c.Chance != "" {
			fmt.Fprintf(&b, "  %7s  %9s  ? %s\n", "", "", sanitize.Line(c.Chance))
		}
	}
	for _, c := range d.Clusters {
		if c.Change != "same" && c.Chance == "" {
			line(c)
		}
	}
	if d.PossiblyChance > 0 {
		fmt.Fprintf(&b, "\nPossibly chance: %d new or gone groups found once by generated test cases in runs with different seeds\n", d.PossiblyChance)
		for _, c := range d.Clusters {
			if c.Chance != "" {
				line(c)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clipString(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
