package ghrun

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
)

// Config configures a Client.
type Config struct {
	Host    string // github.com (default) or a GitHub Enterprise host
	BaseURL string // the REST API root; "" derives it from Host (see APIBaseURL)
	Token   Token  // "" reads anonymously
	// HTTPClient sends every request (nil: a client with sensible timeouts). Its Transport also
	// downloads the signed URLs GitHub redirects to, without the Authorization header.
	HTTPClient *http.Client
	Retries    int                                        // retries of a 5xx or secondary rate limit (0: 3)
	Sleep      func(context.Context, time.Duration) error // waits between retries (nil: a timer)
	Backoff    func(retry int, secondary bool) time.Duration
	Now        func() time.Time // nil: time.Now
	Notify     func(string)     // told about retries (nil: silent)
	UserAgent  string
}

// Client reads workflow runs, jobs and artifacts from one GitHub host.
type Client struct {
	gh      *github.Client
	dl      *http.Client // the plain client for signed URLs: no Authorization header, ever
	token   Token
	retries int
	now     func() time.Time
}

// maxRedirects is how many 301s (a renamed repository) the log and artifact endpoints follow.
const maxRedirects = 4

// New builds a Client. The API requests carry the token; the downloads of the URLs GitHub
// redirects logs and artifacts to go through a separate client that never does.
func New(cfg Config) (*Client, error) {
	base := http.DefaultTransport
	hc := cfg.HTTPClient
	if hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = 2 * time.Minute
		hc = &http.Client{Transport: t}
	}
	if hc.Transport != nil {
		base = hc.Transport
	}
	c := &Client{token: cfg.Token, retries: cfg.Retries, now: cfg.Now}
	if c.retries <= 0 {
		c.retries = 3
	}
	if c.now == nil {
		c.now = time.Now
	}
	rt := &retryTransport{base: base, retries: c.retries, sleep: cfg.Sleep, notify: cfg.Notify, backoff: cfg.Backoff}
	if rt.sleep == nil {
		rt.sleep = sleepCtx
	}
	if rt.backoff == nil {
		rt.backoff = defaultBackoff
	}
	baseURL := cfg.BaseURL
	if baseURL == "" {
		baseURL = APIBaseURL(cfg.Host)
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("API URL %q: %w", baseURL, err)
	}
	api := *hc
	api.Transport = rt
	if cfg.Token.Value != "" {
		// Not go-github's WithAuthToken: that sends the token to whatever host a request goes to,
		// the target of a 301 off the API host included. This sends it to the API host only.
		api.Transport = &authTransport{base: rt, host: u.Host, token: cfg.Token.Value}
	}
	gh := github.NewClient(&api)
	gh.BaseURL = u
	if cfg.UserAgent != "" {
		gh.UserAgent = cfg.UserAgent
	}
	c.gh = gh
	dl := *hc
	dl.Transport = rt // shares the retries, never the token
	dl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return fmt.Errorf("stopped after 10 redirects")
		}
		req.Header.Del("Authorization")
		return nil
	}
	c.dl = &dl
	return c, nil
}

// Run is the workflow run, or the given attempt of it (attempt > 0).
func (c *Client) Run(ctx context.Context, loc Locator) (*github.WorkflowRun, error) {
	var run *github.WorkflowRun
	var resp *github.Response
	var err error
	if loc.Attempt > 0 {
		run, resp, err = c.gh.Actions.GetWorkflowRunAttempt(ctx, loc.Owner, loc.Repo, loc.RunID, loc.Attempt, nil)
	} else {
		run, resp, err = c.gh.Actions.GetWorkflowRunByID(ctx, loc.Owner, loc.Repo, loc.RunID)
	}
	if err != nil {
		return nil, c.apiError(describe(loc, "run"), resp, err)
	}
	return run, nil
}

// Job is one job of a run.
func (c *Client) Job(ctx context.Context, loc Locator, jobID int64) (*github.WorkflowJob, error) {
	job, resp, err := c.gh.Actions.GetWorkflowJobByID(ctx, loc.Owner, loc.Repo, jobID)
	if err != nil {
		return nil, c.apiError(fmt.Sprintf("job %d of %s", jobID, loc.RepoName()), resp, err)
	}
	return job, nil
}

// Jobs lists the jobs of one attempt of a run, every page of them.
func (c *Client) Jobs(ctx context.Context, loc Locator, attempt int) ([]*github.WorkflowJob, error) {
	var all []*github.WorkflowJob
	opts := &github.ListOptions{PerPage: 100}
	for {
		jobs, resp, err := c.gh.Actions.ListWorkflowJobsAttempt(ctx, loc.Owner, loc.Repo, loc.RunID, int64(attempt), opts)
		if err != nil {
			return nil, c.apiError(fmt.Sprintf("jobs of %s run %d attempt %d", loc.RepoName(), loc.RunID, attempt), resp, err)
		}
		all = append(all, jobs.Jobs...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

// Artifacts lists the artifacts of a run, every page of them.
func (c *Client) Artifacts(ctx context.Context, loc Locator) ([]*github.Artifact, error) {
	var all []*github.Artifact
	opts := &github.ListOptions{PerPage: 100}
	for {
		list, resp, err := c.gh.Actions.ListWorkflowRunArtifacts(ctx, loc.Owner, loc.Repo, loc.RunID, opts)
		if err != nil {
			return nil, c.apiError(fmt.Sprintf("artifacts of %s run %d", loc.RepoName(), loc.RunID), resp, err)
		}
		all = append(all, list.Artifacts...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

// LatestFailedRun finds the newest run whose conclusion is failure, of one workflow (a file name
// such as ci.yml, a workflow ID, or the workflow's name; "" means any workflow) on one branch ("" means
// any branch) and, when headSHA is not "", of that commit.
func (c *Client) LatestFailedRun(ctx context.Context, repo Locator, workflow, branch, headSHA string) (*github.WorkflowRun, error) {
	opts := &github.ListWorkflowRunsOptions{Branch: branch, HeadSHA: headSHA, Status: "failure", ListOptions: github.ListOptions{PerPage: 1}}
	var runs *github.WorkflowRuns
	var resp *github.Response
	var err error
	what := "failed runs of " + repo.RepoName()
	switch wf := strings.TrimSpace(workflow); {
	case wf == "":
		runs, resp, err = c.gh.Actions.ListRepositoryWorkflowRuns(ctx, repo.Owner, repo.Repo, opts)
	case isWorkflowFile(wf):
		what = fmt.Sprintf("failed runs of workflow %s in %s", path.Base(wf), repo.RepoName())
		runs, resp, err = c.gh.Actions.ListWorkflowRunsByFileName(ctx, repo.Owner, repo.Repo, path.Base(wf), opts)
	default:
		id, perr := strconv.ParseInt(wf, 10, 64)
		if perr != nil {
			if id, err = c.workflowID(ctx, repo, wf); err != nil {
				return nil, err
			}
		}
		what = fmt.Sprintf("failed runs of workflow %q in %s", wf, repo.RepoName())
		runs, resp, err = c.gh.Actions.ListWorkflowRunsByID(ctx, repo.Owner, repo.Repo, id, opts)
	}
	if err != nil {
		return nil, c.apiError(what, resp, err)
	}
	if len(runs.WorkflowRuns) == 0 {
		on := ""
		if branch != "" {
			on = " on branch " + branch
		}
		return nil, &Error{Kind: KindNoRun, Msg: fmt.Sprintf("no failed run%s: GitHub lists no %s%s; check --workflow and --branch, or give the run's URL", on, what, on)}
	}
	return runs.WorkflowRuns[0], nil
}

// CompletedRuns lists up to n completed runs (failed and successful) of one workflow (as in
// LatestFailedRun) on one branch ("" = any), newest first, page by page.
func (c *Client) CompletedRuns(ctx context.Context, repo Locator, workflow, branch string, n int) ([]*github.WorkflowRun, error) {
	opts := &github.ListWorkflowRunsOptions{Branch: branch, Status: "completed", ListOptions: github.ListOptions{PerPage: min(max(n, 1), 100)}}
	var id int64
	wf := strings.TrimSpace(workflow)
	if wf != "" && !isWorkflowFile(wf) {
		var err error
		if id, err = strconv.ParseInt(wf, 10, 64); err != nil {
			if id, err = c.workflowID(ctx, repo, wf); err != nil {
				return nil, err
			}
		}
	}
	what := "completed runs of " + repo.RepoName()
	if wf != "" {
		what = fmt.Sprintf("completed runs of workflow %s in %s", wf, repo.RepoName())
	}
	var all []*github.WorkflowRun
	for len(all) < n {
		var runs *github.WorkflowRuns
		var resp *github.Response
		var err error
		switch {
		case wf == "":
			runs, resp, err = c.gh.Actions.ListRepositoryWorkflowRuns(ctx, repo.Owner, repo.Repo, opts)
		case id == 0:
			runs, resp, err = c.gh.Actions.ListWorkflowRunsByFileName(ctx, repo.Owner, repo.Repo, path.Base(wf), opts)
		default:
			runs, resp, err = c.gh.Actions.ListWorkflowRunsByID(ctx, repo.Owner, repo.Repo, id, opts)
		}
		if err != nil {
			return nil, c.apiError(what, resp, err)
		}
		all = append(all, runs.WorkflowRuns...)
		if resp.NextPage == 0 || len(runs.WorkflowRuns) == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	return all[:min(len(all), n)], nil
}

func isWorkflowFile(s string) bool {
	return strings.HasSuffix(s, ".yml") || strings.HasSuffix(s, ".yaml")
}

// workflowID finds a workflow by its name (as the Actions tab shows it), going through every page
// of the repository's workflows.
func (c *Client) workflowID(ctx context.Context, repo Locator, name string) (int64, error) {
	opts := &github.ListOptions{PerPage: 100}
	var names []string
	for {
		wfs, resp, err := c.gh.Actions.ListWorkflows(ctx, repo.Owner, repo.Repo, opts)
		if err != nil {
			return 0, c.apiError("workflows of "+repo.RepoName(), resp, err)
		}
		for _, wf := range wfs.Workflows {
			if strings.EqualFold(wf.GetName(), name) || strings.EqualFold(path.Base(wf.GetPath()), name) {
				return wf.GetID(), nil
			}
			names = append(names, fmt.Sprintf("%q (%s)", wf.GetName(), path.Base(wf.GetPath())))
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	have := "it has none"
	if len(names) > 0 {
		have = "it has " + strings.Join(names, ", ")
	}
	return 0, &Error{Kind: KindNoRun, Msg: fmt.Sprintf("%s has no workflow named %q (%s); give --workflow a name or file name from that list", repo.RepoName(), name, have)}
}

// RunLogsURL is the signed URL of the run's log archive (of the given attempt when attempt > 0).
func (c *Client) RunLogsURL(ctx context.Context, loc Locator, attempt int) (string, error) {
	var u *url.URL
	var resp *github.Response
	var err error
	if attempt > 0 {
		u, resp, err = c.gh.Actions.GetWorkflowRunAttemptLogs(ctx, loc.Owner, loc.Repo, loc.RunID, attempt, maxRedirects)
	} else {
		u, resp, err = c.gh.Actions.GetWorkflowRunLogs(ctx, loc.Owner, loc.Repo, loc.RunID, maxRedirects)
	}
	if err != nil {
		return "", c.apiError(describe(Locator{Host: loc.Host, Owner: loc.Owner, Repo: loc.Repo, RunID: loc.RunID, Attempt: attempt}, "logs of"), resp, err)
	}
	return u.String(), nil
}

// JobLogsURL is the signed URL of one job's log.
func (c *Client) JobLogsURL(ctx context.Context, loc Locator, jobID int64) (string, error) {
	u, resp, err := c.gh.Actions.GetWorkflowJobLogs(ctx, loc.Owner, loc.Repo, jobID, maxRedirects)
	if err != nil {
		return "", c.apiError(fmt.Sprintf("log of job %d of %s", jobID, loc.RepoName()), resp, err)
	}
	return u.String(), nil
}

// ArtifactURL is the signed URL of an artifact's zip.
func (c *Client) ArtifactURL(ctx context.Context, loc Locator, artifactID int64, name string) (string, error) {
	u, resp, err := c.gh.Actions.DownloadArtifact(ctx, loc.Owner, loc.Repo, artifactID, maxRedirects)
	if err != nil {
		return "", c.apiError(fmt.Sprintf("artifact %q (%d) of %s", name, artifactID, loc.RepoName()), resp, err)
	}
	return u.String(), nil
}

// open GETs a signed URL with the plain client (no Authorization header) and returns the body of a
// 200 answer.
func (c *Client) open(ctx context.Context, what, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: bad download URL: %w", what, err)
	}
	resp, err := c.dl.Do(req)
	if err != nil {
		return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("%s: download failed: %v; run ctlog again (nothing partial is kept)", what, redactURLError(err)), Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxKeptBody))
		if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound {
			// A signed URL lives a minute; a 403/404 from the storage host is an expired signature.
			return nil, &Error{Kind: KindOther, Status: resp.StatusCode, Msg: fmt.Sprintf("%s: the storage host answered %s for the download link GitHub gave (links expire after a minute); run ctlog again", what, statusText(resp))}
		}
		return nil, c.statusError(what, resp, nil)
	}
	return resp, nil
}

// redactURLError drops the query (the signature) from a *url.Error's URL.
func redactURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
	}
	return err
}

// describe names a run for messages: "run 123 of o/r", "logs of run 123 attempt 2 of o/r".
func describe(loc Locator, what string) string {
	s := fmt.Sprintf("run %d", loc.RunID)
	if loc.Attempt > 0 {
		s += fmt.Sprintf(" attempt %d", loc.Attempt)
	}
	s += " of " + loc.RepoName()
	if what == "run" {
		return s
	}
	return what + " " + s
}

// authTransport adds the token to the requests for the API host, and to no other.
type authTransport struct {
	base  http.RoundTripper
	host  string
	token string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
		return t.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(req)
}

// PullHead returns the head commit and branch of pull request n of repo.
func (c *Client) PullHead(ctx context.Context, repo Locator, n int) (sha, branch string, err error) {
	pr, resp, err := c.gh.PullRequests.Get(ctx, repo.Owner, repo.Repo, n)
	if err != nil {
		return "", "", c.apiError(fmt.Sprintf("pull request %d of %s", n, repo.RepoName()), resp, err)
	}
	return pr.GetHead().GetSHA(), pr.GetHead().GetRef(), nil
}
