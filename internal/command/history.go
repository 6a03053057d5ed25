package command

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/history"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// HistoryOptions are the inputs of `ctlog history` and its subcommands.
type HistoryOptions struct {
	IO       IOStreams
	History  string // the store file; "" is the repository's store in the cache directory
	Repo     string // [HOST/]OWNER/REPO whose store to read (default: $GITHUB_REPOSITORY or the checkout's)
	Hostname string
	WorkDir  string // where to look for the git checkout ("" = the working directory)
	Branch   string // only runs of this branch
	Workflow string // only runs of this workflow
	Last     int    // the window: "seen in N of the last M runs"
	Output   string // text, json or markdown (ndjson for export)
	Group    string // introduced: the group's key or words of its operation and title
	Dir      string // export: the directory to write the files to
	Export   string // export: the format (ndjson)
}

const historyLong = `ctlog keeps the failure groups of past runs in a history store, one SQLite file per repository
in the cache directory (ctlog/history/HOST_OWNER_REPO.db under the user cache directory, or
$CTLOG_CACHE_DIR/history; --history FILE names another). Runs get there with
'ctlog summarize --record', 'ctlog gh --record' and 'ctlog gh history' (which backfills past runs).

'ctlog history' answers, for every failure group of the stored runs: when it was first seen (run,
commit, date, link) and last seen, in how many of the last --last runs it is, its longest streak,
and a verdict: new (first seen in the latest run), persistent (in every run since it appeared),
intermittent (in the latest run but missing from some since it appeared: it comes and goes) or gone
(not in the latest run). Then the runs with their failure groups, a bar each.

'ctlog history introduced GROUP' says which run first had a group, the last run without it, and the
commit range between them. 'ctlog history export' writes the store as flat rows for a warehouse
(docs/history.md has the table definitions).`

func newHistoryCmd(ios IOStreams) *cobra.Command {
	opts := &HistoryOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "When each failure group started, with which commit, and whether it comes and goes",
		Long:  historyLong,
		Example: `  ctlog gh history --workflow contract.yml --branch main --last 50
  ctlog history --branch main
  ctlog history introduced 'POST /orders 500'
  ctlog history export -o ndjson --dir history/`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return exitWith(RunHistory(c.Context(), opts))
		},
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&opts.History, "history", "", "history store `FILE` (default: the repository's, in the cache directory)")
	pf.StringVarP(&opts.Repo, "repo", "R", "", "`[HOST/]OWNER/REPO` whose store to read (default: the checkout's remote)")
	pf.StringVarP(&opts.Branch, "branch", "b", "", "only runs of this `BRANCH`")
	pf.StringVarP(&opts.Workflow, "workflow", "w", "", "only runs of this `WORKFLOW` (its name, as GitHub shows it)")
	cmd.Flags().IntVar(&opts.Last, "last", 20, "look at the last `N` runs for 'seen in N of M' and the timelines (0 = all)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `FORMAT`: text, json or markdown")

	intro := &cobra.Command{
		Use:   "introduced GROUP",
		Short: "The first run with a failure group, the last run without it, and the commits between",
		Long: `GROUP is a failure group's key (the KEY column of 'ctlog history', a prefix is enough) or words
of its operation, title and status ("POST /orders 500"); more than one match lists them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Group = args[0]
			return exitWith(RunHistoryIntroduced(c.Context(), opts))
		},
	}
	intro.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `FORMAT`: text, json or markdown")

	export := &cobra.Command{
		Use:   "export -o ndjson [--dir DIR]",
		Short: "Write the stored runs and failure groups as flat rows for a warehouse",
		Long: `export writes two files into --dir: runs.ndjson (one row per run) and run_groups.ndjson (one row
per failure group of a run, with its run's identity, commit, branch and time), typed and flat, for
ClickHouse, BigQuery or DuckDB. docs/history.md has the table definitions and example queries.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return exitWith(RunHistoryExport(c.Context(), opts))
		},
	}
	export.Flags().StringVarP(&opts.Export, "output", "o", "ndjson", "output `FORMAT`: ndjson")
	export.Flags().StringVar(&opts.Dir, "dir", ".", "`DIR` to write runs.ndjson and run_groups.ndjson to")
	cmd.AddCommand(intro, export)
	return cmd
}

// openHistory opens the store the options name; it must exist.
func openHistory(ctx context.Context, opts *HistoryOptions) (*history.Store, int, error) {
	loc, _, err := historyRepo(opts.IO, opts.Repo, opts.Hostname, opts.WorkDir)
	if err != nil {
		return nil, ExitUsage, err
	}
	path, err := historyPath(opts.IO, opts.History, loc)
	if err != nil {
		return nil, ExitInput, err
	}
	st, err := history.OpenExisting(ctx, path)
	if err != nil {
		return nil, ExitInput, err
	}
	return st, ExitOK, nil
}

// loadHistory reads the runs of the store opts names, filtered by branch and workflow, and closes
// it; it returns them with the store's path, or the exit code and error.
func loadHistory(ctx context.Context, opts *HistoryOptions) (*history.Data, string, int, error) {
	st, code, err := openHistory(ctx, opts)
	if err != nil {
		return nil, "", code, err
	}
	defer st.Close()
	d, err := st.Load(ctx, history.Filter{Branch: opts.Branch, Workflow: opts.Workflow})
	if err != nil {
		return nil, "", ExitInput, err
	}
	return d, st.Path, ExitOK, nil
}

// checkHistoryOutput refuses an -o the history reports do not write.
func checkHistoryOutput(output string) error {
	switch output {
	case "text", "json", "markdown", "md":
		return nil
	}
	return fmt.Errorf("unknown output format %q (want text, json or markdown)", output)
}

func historyContext(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// RunHistory prints what the stored runs say of each failure group, and the runs; it returns the exit code.
func RunHistory(ctx context.Context, opts *HistoryOptions) (int, error) {
	ctx = historyContext(ctx)
	if err := checkHistoryOutput(opts.Output); err != nil {
		return ExitUsage, err
	}
	if opts.Last < 0 {
		return ExitUsage, errors.New("--last takes a positive number (0 = all runs)")
	}
	d, store, code, err := loadHistory(ctx, opts)
	if err != nil {
		return code, err
	}
	rep := history.Analyze(d, opts.Last)
	rep.Store = store
	switch opts.Output {
	case "json":
		err = history.WriteJSON(opts.IO.Out, rep)
	case "markdown", "md":
		err = history.WriteMarkdown(opts.IO.Out, rep)
	default:
		err = history.WriteText(opts.IO.Out, rep)
	}
	if err != nil {
		return ExitInternal, fmt.Errorf("write the history: %w", err)
	}
	return ExitOK, nil
}

// RunHistoryIntroduced prints the run and commit range that introduced a failure group.
func RunHistoryIntroduced(ctx context.Context, opts *HistoryOptions) (int, error) {
	ctx = historyContext(ctx)
	if err := checkHistoryOutput(opts.Output); err != nil {
		return ExitUsage, err
	}
	d, _, code, err := loadHistory(ctx, opts)
	if err != nil {
		return code, err
	}
	gi, err := history.FindGroup(d, opts.Group)
	if err != nil {
		return ExitUsage, errors.New(sanitize.Line(err.Error()))
	}
	in, err := history.Introduced(d, gi)
	if err != nil {
		return ExitInput, err
	}
	if opts.Output == "json" {
		err = history.WriteJSON(opts.IO.Out, in)
	} else {
		err = history.WriteIntroductionText(opts.IO.Out, in, opts.Output != "text")
	}
	if err != nil {
		return ExitInternal, fmt.Errorf("write the answer: %w", err)
	}
	return ExitOK, nil
}

// RunHistoryExport writes the store's runs and groups as NDJSON rows.
func RunHistoryExport(ctx context.Context, opts *HistoryOptions) (int, error) {
	ctx = historyContext(ctx)
	switch opts.Export {
	case "ndjson":
	case "parquet":
		// parquet-go would add 6.5 MB to the binary and a fifth to every command's start-up work.
		return ExitUsage, errors.New("ctlog exports NDJSON only; for Parquet, convert it with DuckDB: " +
			"COPY (SELECT * FROM read_json('runs.ndjson')) TO 'runs.parquet' (docs/history.md)")
	default:
		return ExitUsage, fmt.Errorf("unknown export format %q (want ndjson)", opts.Export)
	}
	d, _, code, err := loadHistory(ctx, opts)
	if err != nil {
		return code, err
	}
	n, err := history.ExportNDJSON(opts.Dir, d)
	if err != nil {
		return ExitInput, err
	}
	fmt.Fprintf(opts.IO.ErrOut, "ctlog: exported %s and %s to %s\n", ghCount(len(d.Runs), "run"), ghCount(n, "group row"), sanitize.Line(opts.Dir))
	return ExitOK, nil
}
