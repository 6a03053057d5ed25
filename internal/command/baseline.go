package command

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/classify"
)

func newBaselineCmd(ios IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "baseline",
		Short: "Save the failure groups of a run as a baseline, to fail CI only on new ones",
		Long: `A baseline is the list of failure groups a team knows about. Save one from a run, commit it, and
let CI fail only on groups the baseline does not know:

  ctlog baseline save schemathesis-output.txt -o .ctlog-baseline.json
  ctlog summarize --baseline .ctlog-baseline.json --fail-on new schemathesis-output.txt`,
	}
	opts := &BaselineOptions{IO: ios}
	save := &cobra.Command{
		Use:   "save RUN... -o FILE",
		Short: "Write the failure groups of the runs in RUN to a baseline file",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Inputs = args
			return exitWith(RunBaselineSave(*opts))
		},
	}
	save.Flags().StringVarP(&opts.Output, "output", "o", "", "baseline `FILE` to write")
	save.Flags().StringVar(&opts.Format, "format", "auto", "input `FORMAT`: auto, text, junit, vcr, har or ndjson")
	cmd.AddCommand(save)
	return cmd
}

// BaselineOptions are the inputs of `ctlog baseline save`.
type BaselineOptions struct {
	IO     IOStreams
	Inputs []string // the runs to record
	Output string   // the baseline file to write
	Format string   // input format: auto, text, junit, vcr or har
}

// RunBaselineSave writes the failure groups of the inputs' runs to a baseline file and returns the exit code.
func RunBaselineSave(opts BaselineOptions) (int, error) {
	if opts.Output == "" {
		return ExitUsage, errors.New("baseline save needs -o FILE")
	}
	runs, err := readRuns(opts.IO, opts.Inputs, opts.Format)
	if err != nil {
		return ExitInput, err
	}
	b := classify.NewBaseline("ctlog "+version(), opts.Inputs, runs)
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return ExitInternal, err
	}
	if err := os.WriteFile(opts.Output, append(data, '\n'), 0o644); err != nil {
		return ExitInput, fmt.Errorf("write %s: %w", opts.Output, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "ctlog: saved %d failure groups to %s\n", len(b.Clusters), opts.Output)
	return ExitOK, nil
}
