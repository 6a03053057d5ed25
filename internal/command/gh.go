package command

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/ghrun"
	"github.com/ctlog-dev/ctlog/internal/history"
)

// GHOptions are the inputs of `ctlog gh`.
type GHOptions struct {
	IO IOStreams
	// HTTPClient sends every request to GitHub and to the storage hosts its downloads redirect to
	// (nil: a client with sensible timeouts).
	HTTPClient *http.Client
	// BaseURL overrides the REST API root that the host implies (https://api.github.com/, or
	// https://HOST/api/v3/ for GitHub Enterprise Server).
	BaseURL string
	// CacheDir overrides the cache directory ($CTLOG_CACHE_DIR, else ctlog in the user cache dir).
	CacheDir string
	// WorkDir is where to look for the git checkout ("" = the working directory).
	WorkDir string
	// GHAuthToken returns `gh auth token --hostname HOST` (nil: run gh when installed).
	GHAuthToken func(ctx context.Context, host string) string
	// Sleep waits between retries (nil: a timer); Now is the clock (nil: time.Now).
	Sleep func(context.Context, time.Duration) error
	Now   func() time.Time
	// OpenTUI opens the interactive view on what was fetched, in place of the text report, when
	// standard output is a terminal and no -o was given (nil: the text report).
	OpenTUI func(SummarizeOptions) (int, error)

	URL         string
	Repo        string
	Hostname    string
	RunID       int64
	Attempt     int
	JobID       int64
	Workflow    string
	Branch      string
	AllJobs     bool
	Artifacts   []string
	NoArtifacts bool
	Offline     bool

	// Summarize holds the report flags, passed on to RunSummarize with the fetched inputs.
	Summarize SummarizeOptions
}

const ghLong = `ctlog gh reads a GitHub Actions run straight from GitHub: paste the run's URL from the browser and
ctlog downloads its job logs and artifacts, keeps them in a cache, and prints what 'ctlog
summarize' prints for them — the failure groups of every Schemathesis run it finds.

Which run:
  URL                      a run as the browser shows it:
                             https://github.com/OWNER/REPO/actions/runs/ID
                             …/runs/ID/attempts/N     one attempt of a re-run run
                             …/runs/ID/job/JOB_ID     one job only (also of a run still in progress)
                           GitHub Enterprise Server: the same URL with your host.
  --repo OWNER/REPO --run ID [--attempt N] [--job ID]
  --workflow FILE|NAME [--branch B]
                           the latest failed run of that workflow (ci.yml, its ID, or its name)
                           on that branch. In a git checkout --repo defaults to the branch's
                           remote (else origin) and --branch to the current branch; ctlog reads
                           .git itself, no git needed. With no URL, --run or --workflow, the
                           latest failed run of any workflow on the branch is read.

What is read:
  The run's log archive is downloaded once; the logs of its failed jobs are read (--all-jobs:
  every job; every job too when none failed). A job log without Schemathesis output is named as
  skipped, not an error. Artifacts are downloaded and read too (--artifact NAME to pick some by
  glob, repeatable; --no-artifacts for none); expired ones are named and skipped. Logs and
  artifacts are kept for 90 days by default, after which GitHub answers 410.

Cache:
  Downloads go to the user cache directory (~/.cache/ctlog on Linux; $CTLOG_CACHE_DIR moves it),
  keyed by host, repository, run and attempt. A file appears there only when fully downloaded and
  checked, so an interrupted download is simply done again. A completed run never changes, so a
  cached one is read without downloading it again; --offline reads only the cache.
  'ctlog gh cache ls' lists what is cached, 'ctlog gh cache clean' removes it. The selected files
  are gathered into one archive (inputs/*.zip in the run's cache directory): 'ctlog summarize'
  on it prints the same report.

Authentication:
  Public repositories need no token. For private ones ctlog sends GH_TOKEN, else GITHUB_TOKEN
  (GH_ENTERPRISE_TOKEN, else GITHUB_ENTERPRISE_TOKEN, for an Enterprise host: a github.com token is
  never sent elsewhere), else what 'gh auth token' prints when the GitHub CLI is installed and
  logged in. The token needs the repo scope (classic) or Actions read access (fine-grained). It is
  sent to the API only, never to the storage hosts downloads are redirected to, and never printed.

Output:
  As 'ctlog summarize': -o text|json|markdown|github[=PATH], --config, --baseline, --fail-on.
  On a terminal without -o, ctlog gh opens the interactive view where it is available, and prints
  the text report otherwise. Progress of large downloads is shown on standard error when it is a
  terminal. What cannot be fetched — a wrong URL or no access (404), a bad token (401), a rate
  limit (with the time it resets), expired logs (410), a run still in progress, a broken download —
  exits 3 with a message that says what to do; 5xx answers and GitHub's secondary rate limit are
  retried a few times first.

` + exitCodesHelp

func newGHCmd(ios IOStreams) *cobra.Command {
	return newGHCmdWith(&GHOptions{IO: ios, OpenTUI: summarizeInTUI})
}

// newGHCmdWith builds `ctlog gh` on opts, whose injected fields (HTTP client, cache directory…) are
// kept; the flags fill the rest.
func newGHCmdWith(opts *GHOptions) *cobra.Command {
	opts.Summarize.IO = opts.IO
	cmd := &cobra.Command{
		Use:   "gh [RUN_URL]",
		Short: "Download a GitHub Actions run's logs and artifacts and summarize them",
		Long:  ghLong,
		Example: `  ctlog gh https://github.com/OWNER/REPO/actions/runs/123456789
  ctlog gh https://github.com/OWNER/REPO/pull/42              # the PR head commit's latest failed run
  ctlog gh https://github.com/OWNER/REPO/actions/runs/123456789/attempts/2 -o json
  ctlog gh https://github.com/OWNER/REPO/actions/runs/123456789/job/987654321
  ctlog gh --workflow contract-tests.yml            # in a checkout: latest failure on this branch
  ctlog gh --repo OWNER/REPO --workflow CI --branch main --artifact 'schemathesis-*'
  ctlog gh --offline https://github.com/OWNER/REPO/actions/runs/123456789 -o markdown
  ctlog gh cache ls`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.URL = args[0]
			}
			return exitWith(RunGH(cmd.Context(), opts))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Repo, "repo", "R", "", "`[HOST/]OWNER/REPO` of the run (default: the checkout's remote)")
	f.StringVar(&opts.Hostname, "hostname", "", "GitHub Enterprise `HOST` for --repo (default: github.com)")
	f.Int64Var(&opts.RunID, "run", 0, "run `ID` (the number in …/actions/runs/ID)")
	f.IntVar(&opts.Attempt, "attempt", 0, "read attempt `N` of a re-run run (default: the latest)")
	f.Int64Var(&opts.JobID, "job", 0, "read only the job with this `ID` (the number in …/job/ID)")
	f.StringVarP(&opts.Workflow, "workflow", "w", "", "latest failed run of this workflow: `FILE` (ci.yml), ID or NAME")
	f.StringVarP(&opts.Branch, "branch", "b", "", "with --workflow: the `BRANCH` (default: the checkout's current branch)")
	f.BoolVar(&opts.AllJobs, "all-jobs", false, "read every job's log, not only the failed jobs'")
	f.StringArrayVar(&opts.Artifacts, "artifact", nil, "read the artifacts whose name matches `GLOB` (repeatable; default: all)")
	f.BoolVar(&opts.NoArtifacts, "no-artifacts", false, "download and read no artifact")
	f.BoolVar(&opts.Offline, "offline", false, "read the cache only; never ask GitHub")
	s := &opts.Summarize
	f.StringArrayVarP(&s.Outputs, "output", "o", nil, "output `FORMAT[=PATH]`: text, json, markdown, github or junit (repeatable; default text)")
	f.IntVar(&s.MaxGroups, "max-groups", 40, "failure groups listed per run in the text report (0 = all)")
	addColorFlag(f, &s.Color)
	addReadFlags(f, &s.ReadOptions)
	f.StringVar(&s.FailOn, "fail-on", "none", "exit 1 when: any (any failure group), new (a group not in --baseline), unexpected (a group no hook rule claims), none")
	addRecordFlags(f, &s.RecordOptions)
	cmd.MarkFlagsMutuallyExclusive("artifact", "no-artifacts")
	cmd.AddCommand(newGHCacheCmd(opts), newGHHistoryCmd(opts))
	return cmd
}

// RunGH finds the run, fetches it into the cache and summarizes it; it returns the exit code.
func RunGH(ctx context.Context, opts *GHOptions) (int, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	// Ctrl-C cancels the downloads, whose temporary files are then removed.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	ios := opts.IO
	if err := ghrun.ValidateGlobs(opts.Artifacts); err != nil {
		return ExitUsage, err
	}
	loc, err := ghLocate(opts)
	if err != nil {
		return ghExitCode(err), err
	}
	cache, err := ghCache(opts)
	if err != nil {
		return ExitInput, err
	}
	notify := func(s string) { fmt.Fprintln(ios.ErrOut, "ctlog:", s) }
	fo := ghrun.FetchOptions{
		AllJobs: opts.AllJobs, Artifacts: opts.Artifacts, NoArtifacts: opts.NoArtifacts,
		Offline: opts.Offline, Notify: notify,
	}
	if ios.ErrTTY {
		fo.Progress = ios.ErrOut
	}
	var client *ghrun.Client
	if !opts.Offline {
		if client, err = ghClient(ctx, opts, loc.Host); err != nil {
			return ExitUsage, err
		}
		if loc.RunID == 0 {
			if loc, err = ghLatestFailed(ctx, client, opts, loc); err != nil {
				return ghExitCode(err), err
			}
		}
	}
	res, err := ghrun.Fetch(ctx, client, cache, loc, fo)
	if err != nil {
		if ctx.Err() != nil {
			return ExitInput, errors.New("interrupted: nothing partial was kept; run the same command again to download anew")
		}
		return ghExitCode(err), err
	}
	notify(ghDescribeFetch(res))
	s := opts.Summarize
	s.IO = ios
	s.Inputs = []string{res.Input}
	if s.Record {
		m := res.Meta
		loc := m.Locator()
		s.As = &history.Run{Identity: ghIdentity(loc, m.RunID, m.Attempt), Repo: loc.RepoName(), Commit: m.Commit,
			Branch: m.Branch, Workflow: m.Workflow, URL: m.URL, Conclusion: m.Conclusion, Time: m.Created}
		if s.As.Time.IsZero() {
			s.As.Time = m.Fetched
		}
	}
	if len(s.Outputs) == 0 && ios.OutTTY && opts.OpenTUI != nil && !s.Record { // --record: the text report, then the store
		return opts.OpenTUI(s)
	}
	return RunSummarize(s)
}

// ghExitCode is the exit code for an error of locating or fetching a run.
func ghExitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitInput
}

// ghLocate turns the URL or flags into a run locator. A locator without RunID asks for the latest
// failed run of opts.Workflow on opts.Branch (filled in from the checkout).
func ghLocate(opts *GHOptions) (ghrun.Locator, error) {
	if opts.Attempt < 0 || opts.RunID < 0 || opts.JobID < 0 {
		return ghrun.Locator{}, usageError(errors.New("--run, --attempt and --job take positive numbers"))
	}
	if opts.URL != "" {
		if opts.Repo != "" || opts.RunID != 0 || opts.Workflow != "" {
			return ghrun.Locator{}, usageError(errors.New("give a run URL or --repo/--run/--workflow, not both"))
		}
		loc, err := ghrun.ParseURL(opts.URL)
		if err != nil {
			return loc, usageError(err)
		}
		if opts.Hostname != "" && !strings.EqualFold(opts.Hostname, loc.Host) {
			return loc, usageError(fmt.Errorf("--hostname %s does not match the URL's host %s", opts.Hostname, loc.Host))
		}
		if loc.PR > 0 {
			switch {
			case opts.Offline:
				return loc, usageError(errors.New("--offline needs a run URL or --run ID: finding a pull request's latest failed run asks GitHub"))
			case opts.Attempt > 0 || opts.JobID > 0:
				return loc, usageError(errors.New("--attempt and --job need a run URL, not a pull request's"))
			}
			return loc, nil
		}
		if opts.Attempt > 0 {
			if loc.Attempt > 0 && loc.Attempt != opts.Attempt {
				return loc, usageError(fmt.Errorf("--attempt %d does not match the URL's attempt %d", opts.Attempt, loc.Attempt))
			}
			loc.Attempt = opts.Attempt
		}
		if opts.JobID > 0 {
			loc.JobID = opts.JobID
		}
		return loc, nil
	}
	if opts.RunID == 0 && (opts.Attempt > 0 || opts.JobID > 0) {
		return ghrun.Locator{}, usageError(errors.New("--attempt and --job need --run ID (or a run URL)"))
	}
	var loc ghrun.Locator
	var co *ghrun.Checkout
	if opts.Repo == "" || opts.Branch == "" && opts.RunID == 0 {
		wd := opts.WorkDir
		if wd == "" {
			wd, _ = os.Getwd()
		}
		var err error
		co, err = ghrun.FindCheckout(wd)
		if err != nil {
			if opts.Repo == "" {
				if errors.Is(err, ghrun.ErrNoCheckout) {
					return loc, usageError(errors.New("which run? give a run URL (https://github.com/OWNER/REPO/actions/runs/ID), --repo OWNER/REPO with --run ID or --workflow, or run ctlog in a git checkout (see 'ctlog gh --help')"))
				}
				return loc, usageError(err)
			}
			co = nil
		}
	}
	if opts.Repo != "" {
		var err error
		if loc, err = ghrun.ParseRepo(opts.Repo, opts.Hostname); err != nil {
			return loc, usageError(err)
		}
	} else {
		loc = co.Repo
		if opts.Hostname != "" && !strings.EqualFold(opts.Hostname, loc.Host) {
			return loc, usageError(fmt.Errorf("--hostname %s does not match the host of remote %q (%s); pass --repo too", opts.Hostname, co.Remote, loc.Host))
		}
	}
	loc.RunID, loc.Attempt, loc.JobID = opts.RunID, opts.Attempt, opts.JobID
	if loc.RunID == 0 {
		if opts.Offline {
			return loc, usageError(errors.New("--offline needs a run URL or --run ID: finding the latest failed run asks GitHub"))
		}
		if opts.Branch == "" && co != nil && strings.EqualFold(co.Repo.RepoName(), loc.RepoName()) {
			if co.Branch == "" {
				return loc, usageError(fmt.Errorf("the checkout in %s has a detached HEAD: pass --branch", co.Dir))
			}
			opts.Branch = co.Branch
		}
	}
	return loc, nil
}

// ghLatestFailed finds the latest failed run for --workflow and --branch.
func ghLatestFailed(ctx context.Context, c *ghrun.Client, opts *GHOptions, repo ghrun.Locator) (ghrun.Locator, error) {
	branch, sha, on := opts.Branch, "", ""
	if repo.PR > 0 {
		// A pull request: the latest failed run of its head commit.
		var err error
		if sha, branch, err = c.PullHead(ctx, repo, repo.PR); err != nil {
			return repo, err
		}
		if len(sha) > 12 {
			on = fmt.Sprintf(" of pull request #%d (%s at %s)", repo.PR, branch, sha[:12])
		}
		branch = "" // the commit decides; a fork's branch name need not exist here
	} else if branch != "" {
		on = " on " + branch
	}
	run, err := c.LatestFailedRun(ctx, repo, opts.Workflow, branch, sha)
	if err != nil {
		return repo, err
	}
	loc := repo
	loc.RunID, loc.PR = run.GetID(), 0
	fmt.Fprintf(opts.IO.ErrOut, "ctlog: latest failed run%s: %s (%s, %s)\n", on, loc.WebURL(), run.GetName(), run.GetCreatedAt().Format("2006-01-02 15:04"))
	return loc, nil
}

// ghClient builds the GitHub client for host with the token found for it.
func ghClient(ctx context.Context, opts *GHOptions, host string) (*ghrun.Client, error) {
	getenv := opts.IO.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	auth := opts.GHAuthToken
	if auth == nil {
		auth = ghrun.GHAuthToken
	}
	tok := ghrun.FindToken(ctx, host, getenv, auth)
	return ghrun.New(ghrun.Config{
		Host: host, BaseURL: opts.BaseURL, Token: tok, HTTPClient: opts.HTTPClient,
		Sleep: opts.Sleep, Now: opts.Now, UserAgent: "ctlog/" + version(),
		Notify: func(s string) { fmt.Fprintln(opts.IO.ErrOut, "ctlog:", s) },
	})
}

// ghCache is the cache: GHOptions.CacheDir, $CTLOG_CACHE_DIR, else ctlog in the user cache dir.
func ghCache(opts *GHOptions) (ghrun.Cache, error) {
	if opts.CacheDir != "" {
		return ghrun.Cache{Dir: opts.CacheDir}, nil
	}
	if opts.IO.Getenv != nil {
		if d := opts.IO.Getenv("CTLOG_CACHE_DIR"); d != "" {
			return ghrun.Cache{Dir: d}, nil
		}
	}
	d, err := ghrun.DefaultCacheDir()
	return ghrun.Cache{Dir: d}, err
}

// ghDescribeFetch says on standard error what is read: the run, the jobs, the artifacts, and where.
func ghDescribeFetch(r *ghrun.Result) string {
	m := r.Meta
	var b strings.Builder
	if m.Workflow != "" {
		fmt.Fprintf(&b, "%s ", m.Workflow)
	}
	fmt.Fprintf(&b, "run %d attempt %d of %s/%s", m.RunID, m.Attempt, m.Owner, m.Repo)
	var facts []string
	if m.Conclusion != "" {
		facts = append(facts, m.Conclusion)
	}
	if m.Branch != "" {
		facts = append(facts, "branch "+m.Branch)
	}
	if len(facts) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(facts, ", "))
	}
	failed := 0
	for _, j := range m.Jobs {
		if j.Failed() {
			failed++
		}
	}
	fmt.Fprintf(&b, ": reading %s", ghCount(len(r.Jobs), "job log"))
	if m.JobsListed {
		fmt.Fprintf(&b, " (%d of %d jobs failed)", failed, len(m.Jobs))
	}
	fmt.Fprintf(&b, " and %s from %s", ghCount(len(r.Artifacts), "artifact"), r.Input)
	return b.String()
}

func ghCount(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// newGHCacheCmd is `ctlog gh cache ls|clean`.
func newGHCacheCmd(opts *GHOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "List or remove the runs ctlog gh downloaded",
		Long: `The cache holds each downloaded run attempt in its own directory,
HOST/OWNER/REPO/RUN/ATTEMPT under the cache directory (ctlog in the user cache directory, or
$CTLOG_CACHE_DIR): run.json, logs.zip, jobs/, artifacts/ and inputs/.`,
	}
	var asJSON bool
	ls := &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "List the cached runs, newest first",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cache, err := ghCache(opts)
			if err != nil {
				return exitWith(ExitInput, err)
			}
			ents, err := cache.List()
			if err != nil {
				return exitWith(ExitInput, err)
			}
			if asJSON {
				return ghCacheJSON(opts.IO, cache, ents)
			}
			ghCacheTable(opts.IO, cache, ents, opts.now())
			return nil
		},
	}
	ls.Flags().BoolVar(&asJSON, "json", false, "print the entries as JSON")
	var olderThan time.Duration
	clean := &cobra.Command{
		Use:   "clean [RUN_URL|[HOST/]OWNER/REPO]...",
		Short: "Remove cached runs: all of them, those of a repository or run, or those older than --older-than",
		Example: `  ctlog gh cache clean
  ctlog gh cache clean OWNER/REPO
  ctlog gh cache clean https://github.com/OWNER/REPO/actions/runs/123456789
  ctlog gh cache clean --older-than 720h`,
		RunE: func(c *cobra.Command, args []string) error {
			cache, err := ghCache(opts)
			if err != nil {
				return exitWith(ExitInput, err)
			}
			var which []ghrun.Locator
			for _, a := range args {
				loc, err := ghrun.ParseURL(a)
				if err != nil {
					if loc, err = ghrun.ParseRepo(a, opts.Hostname); err != nil {
						return usageError(fmt.Errorf("%q is neither a run URL nor [HOST/]OWNER/REPO", a))
					}
				}
				which = append(which, loc)
			}
			now := opts.now()
			gone, err := cache.Clean(func(e ghrun.Entry) bool {
				if olderThan > 0 && now.Sub(e.Mod) < olderThan {
					return false
				}
				if len(which) == 0 {
					return true
				}
				for _, w := range which {
					if ghCacheEntryMatches(cache, e, w) {
						return true
					}
				}
				return false
			})
			var freed int64
			for _, e := range gone {
				freed += e.Size
			}
			fmt.Fprintf(opts.IO.ErrOut, "ctlog: removed %s (%s) from %s\n", ghCount(len(gone), "cached run attempt"), size(freed), cache.Dir)
			if err != nil {
				return exitWith(ExitInput, err)
			}
			return nil
		},
	}
	clean.Flags().DurationVar(&olderThan, "older-than", 0, "remove only entries not written to for this `DURATION` (720h = 30 days)")
	cmd.AddCommand(ls, clean)
	return cmd
}

func (o *GHOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// ghCacheEntryMatches reports whether a cache entry belongs to the repository or run w names.
func ghCacheEntryMatches(cache ghrun.Cache, e ghrun.Entry, w ghrun.Locator) bool {
	repoDir := cache.RepoDir(w)
	rel, err := filepath.Rel(repoDir, e.Dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	if w.RunID == 0 {
		return true
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if parts[0] != strconv.FormatInt(w.RunID, 10) {
		return false
	}
	return w.Attempt == 0 || len(parts) > 1 && parts[1] == strconv.Itoa(w.Attempt)
}

func ghCacheTable(ios IOStreams, cache ghrun.Cache, ents []ghrun.Entry, now time.Time) {
	var total int64
	for _, e := range ents {
		total += e.Size
	}
	fmt.Fprintf(ios.Out, "%s in %s (%s)\n", ghCount(len(ents), "cached run attempt"), cache.Dir, size(total))
	if len(ents) == 0 {
		return
	}
	tw := tabwriter.NewWriter(ios.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tATTEMPT\tWORKFLOW\tCONCLUSION\tBRANCH\tSIZE\tAGE")
	for _, e := range ents {
		rel, _ := filepath.Rel(cache.Dir, e.Dir)
		name, attempt := filepath.ToSlash(filepath.Dir(rel)), filepath.Base(rel)
		wf, concl, branch := "?", "?", ""
		if m := e.Meta; m != nil {
			name = m.Locator().RepoName() + "#" + strconv.FormatInt(m.RunID, 10)
			wf, concl, branch = m.Workflow, m.Conclusion, m.Branch
			if concl == "" {
				concl = m.Status
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, attempt, wf, concl, branch, size(e.Size), ghAge(now.Sub(e.Mod)))
	}
	tw.Flush()
}

func ghAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}

func ghCacheJSON(ios IOStreams, cache ghrun.Cache, ents []ghrun.Entry) error {
	type entry struct {
		Dir      string      `json:"dir"`
		Size     int64       `json:"size"`
		Files    int         `json:"files"`
		Modified time.Time   `json:"modified"`
		Run      *ghrun.Meta `json:"run,omitempty"`
	}
	out := struct {
		Dir     string  `json:"dir"`
		Entries []entry `json:"entries"`
	}{Dir: cache.Dir, Entries: []entry{}}
	for _, e := range ents {
		out.Entries = append(out.Entries, entry{Dir: e.Dir, Size: e.Size, Files: e.Files, Modified: e.Mod.UTC(), Run: e.Meta})
	}
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitWith(ExitInternal, err)
	}
	return nil
}
