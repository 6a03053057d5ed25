package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/ghrun"
	"github.com/ctlog-dev/ctlog/internal/history"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// GHHistoryOptions are the inputs of `ctlog gh history`.
type GHHistoryOptions struct {
	GH          *GHOptions // the injected client, cache and clock of ctlog gh
	Repo        string
	Hostname    string
	Workflow    string
	Branch      string
	Last        int
	History     string
	NoArtifacts bool
}

func newGHHistoryCmd(gh *GHOptions) *cobra.Command {
	opts := &GHHistoryOptions{GH: gh}
	cmd := &cobra.Command{
		Use:   "history --workflow FILE|NAME [--branch B] [--last N]",
		Short: "Record a workflow's past runs, failed and successful, in the history store",
		Long: `gh history walks the workflow's completed runs, newest first, page by page, downloads those
the history store does not have yet (through the cache, as ctlog gh does), and records their failure
groups; a successful run is recorded too, with none. Runs whose logs GitHub no longer keeps (410 or
404 after the retention period) are named and skipped. Then 'ctlog history' answers the questions.`,
		Example: `  ctlog gh history --workflow contract.yml --branch main --last 50
  ctlog history --branch main`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return exitWith(RunGHHistory(c.Context(), opts))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Repo, "repo", "R", "", "`[HOST/]OWNER/REPO` (default: the checkout's remote)")
	f.StringVar(&opts.Hostname, "hostname", "", "GitHub Enterprise `HOST` for --repo (default: github.com)")
	f.StringVarP(&opts.Workflow, "workflow", "w", "", "the workflow: `FILE` (contract.yml), ID or NAME (default: every workflow)")
	f.StringVarP(&opts.Branch, "branch", "b", "", "only runs of this `BRANCH` (default: every branch)")
	f.IntVar(&opts.Last, "last", 50, "walk the last `N` completed runs")
	f.StringVar(&opts.History, "history", "", "history store `FILE` (default: the repository's, in the cache directory)")
	f.BoolVar(&opts.NoArtifacts, "no-artifacts", false, "read the job logs only, no artifact")
	return cmd
}

// RunGHHistory backfills the history store with the workflow's past runs and returns the exit code:
// ExitInput when a run could not be read for another reason than expired logs.
func RunGHHistory(ctx context.Context, opts *GHHistoryOptions) (int, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	gh := opts.GH
	ios := gh.IO
	if opts.Last <= 0 {
		return ExitUsage, errors.New("--last takes a positive number of runs")
	}
	loc, _, err := historyRepo(ios, opts.Repo, opts.Hostname, gh.WorkDir)
	if err != nil {
		return ExitUsage, err
	}
	if loc.Owner == "" {
		return ExitUsage, errors.New("which repository? pass --repo OWNER/REPO, or run ctlog in a git checkout of it")
	}
	client, err := ghClient(ctx, gh, loc.Host)
	if err != nil {
		return ExitUsage, err
	}
	cache, err := ghCache(gh)
	if err != nil {
		return ExitInput, err
	}
	path, err := historyPath(ios, opts.History, loc)
	if err != nil {
		return ExitInput, err
	}
	st, err := history.Open(ctx, path)
	if err != nil {
		return ExitInput, err
	}
	defer st.Close()
	runs, err := client.CompletedRuns(ctx, loc, opts.Workflow, opts.Branch, opts.Last)
	if err != nil {
		return ghExitCode(err), err
	}
	slices.Reverse(runs) // oldest first: the progress reads as the history grows
	var added, had, expired, failed int
	for i, run := range runs {
		rl := loc
		rl.RunID, rl.Attempt = run.GetID(), max(run.GetRunAttempt(), 1)
		id := ghIdentity(loc, rl.RunID, rl.Attempt)
		prefix := fmt.Sprintf("ctlog: [%d/%d] run %d (%s, %s, %s)", i+1, len(runs), rl.RunID, sanitize.Line(run.GetConclusion()),
			sanitize.Line(run.GetHeadBranch()), run.GetCreatedAt().UTC().Format("2006-01-02 15:04"))
		if ok, err := st.Has(ctx, id); err != nil {
			return ExitInput, err
		} else if ok {
			had++
			fmt.Fprintf(ios.ErrOut, "%s: already recorded\n", prefix)
			continue
		}
		res, err := ghrun.Fetch(ctx, client, cache, rl, ghrun.FetchOptions{NoArtifacts: opts.NoArtifacts, Notify: func(string) {}})
		if err != nil {
			if ctx.Err() != nil {
				return ExitInput, fmt.Errorf("interrupted after %d runs were recorded in %s: run the same command again to go on", added, path)
			}
			if ghrun.IsKind(err, ghrun.KindExpired) || ghrun.IsKind(err, ghrun.KindNotFound) {
				expired++
				fmt.Fprintf(ios.ErrOut, "%s: logs expired, skipped\n", prefix)
				continue
			}
			failed++
			fmt.Fprintf(ios.ErrOut, "%s: %v\n", prefix, err)
			continue
		}
		m := res.Meta
		r := &history.Run{Identity: id, Repo: loc.RepoName(), Commit: run.GetHeadSHA(), Branch: run.GetHeadBranch(),
			Workflow: run.GetName(), URL: run.GetHTMLURL(), Conclusion: run.GetConclusion(), Time: run.GetCreatedAt().UTC()}
		if r.Commit == "" {
			r.Commit = m.Commit
		}
		s := SummarizeOptions{IO: IOStreams{In: ios.In, Out: io.Discard, ErrOut: io.Discard, Getenv: ios.Getenv}, Inputs: []string{res.Input}}
		s.Limits = input.Limits{MaxMemberBytes: input.DefaultMaxMemberBytes, MaxTotalBytes: input.DefaultMaxTotalBytes,
			MaxMembers: input.DefaultMaxMembers, MaxDepth: input.DefaultMaxDepth}
		s.NoConfig = true
		doc, _, err := summarizeDoc(s, false)
		if err != nil {
			failed++
			fmt.Fprintf(ios.ErrOut, "%s: %v\n", prefix, err)
			continue
		}
		r.FromDocument(doc)
		if _, err := st.Record(ctx, r); err != nil {
			return ExitInput, err
		}
		added++
		what := ghCount(len(r.Groups), "failure group")
		if r.STRuns == 0 {
			what = "no Schemathesis output"
		}
		fmt.Fprintf(ios.ErrOut, "%s: %s\n", prefix, what)
	}
	fmt.Fprintf(ios.ErrOut, "ctlog: recorded %s in %s (%d already there, %d with expired logs, %d unreadable); 'ctlog history' answers what changed\n",
		ghCount(added, "run"), sanitize.Line(path), had, expired, failed)
	if failed > 0 {
		return ExitInput, nil
	}
	return ExitOK, nil
}
