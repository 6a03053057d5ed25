// Package command implements ctlog's command line.
package command

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

const exitCodesHelp = `Exit codes:
  0  the inputs were parsed (whatever the run's result, unless --fail-on says otherwise)
  1  --fail-on any: the run has failures; new: failure groups not in --baseline;
     unexpected: failure groups no hook rule claims; and, with any of the three, an input
     that was not read whole (cut before its final line, a part that could not be parsed);
     one line on stderr says why ("ctlog: failing because --fail-on any: …")
  2  usage error: unknown flag, bad argument, --fail-on unexpected without hook rules
  3  an input could not be read, or holds no Schemathesis output
  4  internal error in ctlog`

// NewRoot builds the ctlog command tree.
func NewRoot(ios IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "ctlog [FILE...] | ctlog <command>",
		Short: "Turn a failing Schemathesis CI log into a short, correct list of problems",
		Long: `ctlog reads Schemathesis output — 3.x and 4.x CLI logs (raw, wrapped in a GitHub Actions log,
or printed by 'gh run view --log'), JUnit reports, VCR cassettes, HAR files, and zips of them — and
says how many distinct problems there are, where, what caused them, which a hook should have fixed,
which are new, and whether the log's own counts agree with what it found.

'ctlog FILE...' opens the interactive screen on a terminal and prints the summary otherwise;
on a terminal two files open on their diff.

` + exitCodesHelp,
		Example: `  ctlog schemathesis-output.txt
  ctlog summarize testdata/logs/ci-hooks-not-loaded.log
  gh run view 123456 --log-failed | ctlog summarize -
  ctlog summarize -o json schemathesis-output.txt > summary.json
  ctlog gh https://github.com/OWNER/REPO/actions/runs/123456789
  ctlog diff local.txt ci.txt
  ctlog hooks lint ci_hooks.py
  ctlog doctor`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(fmt.Errorf("%w (run '%s --help' for usage)", err, c.CommandPath()))
	})
	// Every command, in the order `ctlog --help` lists them.
	root.AddCommand(
		newSummarizeCmd(ios, nil),
		newTUICmd(ios),
		newDiffCmd(ios),
		newBaselineCmd(ios),
		newGHCmd(ios),
		newHistoryCmd(ios),
		newHooksCmd(ios),
		newDoctorCmd(ios),
	)
	root.RunE = runFiles(ios) // `ctlog FILE...` (tui.go)
	root.Args = cobra.ArbitraryArgs
	root.SuggestionsMinimumDistance = 2
	return root
}

// Main runs ctlog with args and returns the process exit code.
func Main(args []string, ios IOStreams) int {
	return execute(NewRoot(ios), args, ios)
}

// execute runs a command tree with args and turns its error into an exit code and a message.
func execute(root *cobra.Command, args []string, ios IOStreams) int {
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err.Error() != "" {
			fmt.Fprintln(ios.ErrOut, "ctlog:", ee.err)
		}
		return ee.code
	}
	// Cobra's own argument errors (unknown command, wrong arg count) are usage errors.
	fmt.Fprintln(ios.ErrOut, "ctlog:", err)
	return ExitUsage
}
