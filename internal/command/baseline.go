package command

import (
	"encoding/json"
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
	var out, format string
	save := &cobra.Command{
		Use:   "save RUN... -o FILE",
		Short: "Write the failure groups of the runs in RUN to a baseline file",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return usageError(fmt.Errorf("baseline save needs -o FILE"))
			}
			runs, err := readRuns(ios, args, format)
			if err != nil {
				return &exitError{code: ExitInput, err: err}
			}
			b := classify.NewBaseline("ctlog "+Version, args, runs)
			data, err := json.MarshalIndent(b, "", "  ")
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
				return &exitError{code: ExitInput, err: fmt.Errorf("write %s: %w", out, err)}
			}
			fmt.Fprintf(ios.ErrOut, "ctlog: saved %d failure groups to %s\n", len(b.Clusters), out)
			return nil
		},
	}
	save.Flags().StringVarP(&out, "output", "o", "", "baseline `FILE` to write")
	save.Flags().StringVar(&format, "format", "auto", "input `FORMAT`: auto, text, junit, vcr or har")
	cmd.AddCommand(save)
	return cmd
}
