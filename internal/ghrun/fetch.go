package ghrun

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/google/go-github/v62/github"

	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/input"
)

// FetchOptions say what to fetch of a run.
type FetchOptions struct {
	AllJobs     bool     // every job's log, not only the failed jobs'
	Artifacts   []string // artifact name globs (path.Match); nil: every artifact
	NoArtifacts bool
	Offline     bool      // read the cache only; never ask GitHub
	Progress    io.Writer // redrawn download progress (nil: none)
	Notify      func(string)
}

// Result is a fetched run: the cache entry and the archive of what to read.
type Result struct {
	Meta      *Meta
	Dir       string         // the cache entry
	Input     string         // the archive of the selected job logs and artifacts
	Jobs      []JobInfo      // the jobs whose logs are in Input
	Artifacts []ArtifactInfo // the artifacts in Input
	Members   int            // files in Input
}

// maxJobFallbacks bounds the single-job log downloads for jobs the run archive lacks.
const maxJobFallbacks = 25

// ValidateGlobs checks --artifact patterns.
func ValidateGlobs(globs []string) error {
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("--artifact %q: %v (globs use *, ? and [a-z])", g, err)
		}
	}
	return nil
}

// Fetch downloads (or, with Offline or when already cached, reuses) a run's logs and artifacts and
// composes the archive ctlog reads. c may be nil when Offline.
func Fetch(ctx context.Context, c *Client, cache Cache, loc Locator, opts FetchOptions) (*Result, error) {
	if err := ValidateGlobs(opts.Artifacts); err != nil {
		return nil, err
	}
	f := &fetcher{c: c, cache: cache, loc: loc, opts: opts}
	defer func() {
		if f.logsZip != nil {
			f.logsZip.Close()
		}
	}()
	if f.opts.Notify == nil {
		f.opts.Notify = func(string) {}
	}
	if !opts.Offline && c == nil {
		return nil, errors.New("ghrun.Fetch: no client")
	}
	return f.fetch(ctx)
}

type fetcher struct {
	c     *Client
	cache Cache
	loc   Locator
	opts  FetchOptions
	meta  *Meta
	dir   string
	// logsZip is the run's log archive, open while its members are copied into the input archive.
	logsZip *zip.ReadCloser
}

func (f *fetcher) offlineErr(what string) error {
	return &Error{Kind: KindOffline, Msg: fmt.Sprintf("%s of %s is not in the cache (%s): run without --offline to download it", what, f.loc, f.cache.Dir)}
}

func (f *fetcher) fetch(ctx context.Context) (*Result, error) {
	if err := f.resolve(ctx); err != nil {
		return nil, err
	}
	jobs, err := f.selectJobs(ctx)
	if err != nil {
		return nil, err
	}
	if err := WriteMeta(f.dir, f.meta); err != nil {
		return nil, fmt.Errorf("cache %s: %w", f.dir, err)
	}
	logs, err := f.fetchLogs(ctx, jobs)
	if err != nil {
		return nil, err
	}
	arts, err := f.fetchArtifacts(ctx)
	if err != nil {
		return nil, err
	}
	if err := WriteMeta(f.dir, f.meta); err != nil {
		return nil, fmt.Errorf("cache %s: %w", f.dir, err)
	}
	res := &Result{Meta: f.meta, Dir: f.dir, Jobs: jobs, Artifacts: arts}
	res.Input = filepath.Join(f.dir, "inputs", f.selectionName()+".zip")
	if res.Members, err = compose(res.Input, logs, arts, f.dir, f.opts.Notify); err != nil {
		return nil, err
	}
	if res.Members == 0 {
		return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("%s: nothing to read: no job log and no artifact was selected (try --all-jobs, or --artifact with a name from the run)", f.loc)}
	}
	return res, nil
}

// resolve finds the attempt, the cache entry and the run's description, from the cache when it
// has a completed run, else from GitHub.
func (f *fetcher) resolve(ctx context.Context) error {
	loc := f.loc
	attempt := loc.Attempt
	if attempt == 0 && loc.JobID != 0 {
		attempt = f.cachedAttemptOfJob()
	}
	if attempt == 0 && f.opts.Offline {
		if as := f.cache.Attempts(loc); len(as) > 0 {
			attempt = as[len(as)-1]
		}
	}
	if attempt > 0 {
		dir := f.cache.RunDir(loc, attempt)
		if m, err := ReadMeta(dir); err == nil {
			f.meta, f.dir = m, dir
			reuse := m.Status == "completed"
			if loc.JobID != 0 {
				// A job of a run still in progress can be read once the job completes.
				j, ok := f.job(loc.JobID)
				reuse = ok && j.Status == "completed"
			}
			if reuse || f.opts.Offline {
				return nil
			}
			f.meta = nil
		}
	}
	if f.opts.Offline {
		return f.offlineErr("the run")
	}
	var job *github.WorkflowJob
	if loc.JobID != 0 {
		var err error
		if job, err = f.c.Job(ctx, loc, loc.JobID); err != nil {
			return err
		}
		if job.GetRunID() != 0 && job.GetRunID() != loc.RunID {
			return &Error{Kind: KindNotFound, Msg: fmt.Sprintf("job %d belongs to run %d, not run %d of %s: copy the URL again from the browser", loc.JobID, job.GetRunID(), loc.RunID, loc.RepoName())}
		}
		if job.GetStatus() != "completed" {
			return &Error{Kind: KindNotReady, Msg: fmt.Sprintf("job %q (%d) of %s is still %s: GitHub serves its log once it completes; try again later", job.GetName(), loc.JobID, loc.RepoName(), strings.ReplaceAll(job.GetStatus(), "_", " "))}
		}
		if attempt == 0 {
			attempt = int(job.GetRunAttempt())
		}
	}
	q := loc
	q.Attempt = attempt
	run, err := f.c.Run(ctx, q)
	if err != nil {
		return err
	}
	if attempt == 0 {
		attempt = run.GetRunAttempt()
	}
	if attempt <= 0 {
		attempt = 1
	}
	if run.GetStatus() != "completed" && job == nil {
		st := strings.ReplaceAll(run.GetStatus(), "_", " ")
		return &Error{Kind: KindNotReady, Msg: fmt.Sprintf("%s is still %s: GitHub serves the run's logs once it completes. Try again later (gh run watch %d waits for it), or read a finished job now by its URL (open the job in the browser: …/actions/runs/%d/job/ID)", describe(q, "run"), st, loc.RunID, loc.RunID)}
	}
	f.dir = f.cache.RunDir(loc, attempt)
	old, _ := ReadMeta(f.dir)
	m := &Meta{
		Host: hostOrDefault(loc.Host), Owner: loc.Owner, Repo: loc.Repo, RunID: loc.RunID, Attempt: attempt,
		Workflow: run.GetName(), Title: run.GetDisplayTitle(), Branch: run.GetHeadBranch(), Event: run.GetEvent(),
		Status: run.GetStatus(), Conclusion: run.GetConclusion(), URL: run.GetHTMLURL(), Fetched: f.c.now().UTC(),
		Commit: run.GetHeadSHA(), Created: run.GetCreatedAt().UTC(),
	}
	if old != nil && old.Status == "completed" && m.Status == "completed" {
		m.JobsListed, m.Jobs = old.JobsListed, old.Jobs
		m.ArtifactsListed, m.Artifacts = old.ArtifactsListed, old.Artifacts
	}
	if job != nil {
		ji := JobInfo{ID: job.GetID(), Name: job.GetName(), Status: job.GetStatus(), Conclusion: job.GetConclusion()}
		if i := slices.IndexFunc(m.Jobs, func(j JobInfo) bool { return j.ID == ji.ID }); i >= 0 {
			m.Jobs[i] = ji
		} else {
			m.Jobs = append(m.Jobs, ji)
		}
	}
	f.meta = m
	return nil
}

func hostOrDefault(h string) string {
	if h == "" {
		return DefaultHost
	}
	return h
}

// cachedAttemptOfJob finds the cached attempt whose jobs include loc.JobID, or 0.
func (f *fetcher) cachedAttemptOfJob() int {
	as := f.cache.Attempts(f.loc)
	for i := len(as) - 1; i >= 0; i-- {
		if m, err := ReadMeta(f.cache.RunDir(f.loc, as[i])); err == nil {
			for _, j := range m.Jobs {
				if j.ID == f.loc.JobID {
					return as[i]
				}
			}
		}
	}
	return 0
}

func (f *fetcher) job(id int64) (JobInfo, bool) {
	for _, j := range f.meta.Jobs {
		if j.ID == id {
			return j, true
		}
	}
	return JobInfo{}, false
}

// selectJobs lists the run's jobs (when not cached) and picks those whose logs to read: the one
// job of a job URL; else the failed jobs, or all with AllJobs (all too when none failed).
func (f *fetcher) selectJobs(ctx context.Context) ([]JobInfo, error) {
	if f.loc.JobID != 0 {
		j, ok := f.job(f.loc.JobID)
		if !ok {
			return nil, f.offlineErr(fmt.Sprintf("job %d", f.loc.JobID))
		}
		return []JobInfo{j}, nil
	}
	if !f.meta.JobsListed {
		if f.opts.Offline {
			return nil, f.offlineErr("the job list")
		}
		jobs, err := f.c.Jobs(ctx, f.loc, f.meta.Attempt)
		if err != nil {
			return nil, err
		}
		f.meta.Jobs = f.meta.Jobs[:0]
		for _, j := range jobs {
			f.meta.Jobs = append(f.meta.Jobs, JobInfo{ID: j.GetID(), Name: j.GetName(), Status: j.GetStatus(), Conclusion: j.GetConclusion()})
		}
		f.meta.JobsListed = true
	}
	if f.opts.AllJobs {
		return f.meta.Jobs, nil
	}
	var failed []JobInfo
	for _, j := range f.meta.Jobs {
		if j.Failed() {
			failed = append(failed, j)
		}
	}
	if len(failed) == 0 {
		f.opts.Notify(fmt.Sprintf("%s has no failed job (conclusion: %s); reading every job", describe(f.meta.Locator(), "run"), orUnknown(f.meta.Conclusion)))
		return f.meta.Jobs, nil
	}
	return failed, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "none yet"
	}
	return s
}

// logSource is one job log to put in the input archive: a member of logs.zip or a single job log.
type logSource struct {
	job    JobInfo
	member *zip.File // in logs.zip
	file   string    // jobs/ID.txt
}

// fetchLogs makes sure the selected jobs' logs are cached and returns where each is: the run's
// log archive for a run, single job logs for a job URL and for jobs the archive lacks.
func (f *fetcher) fetchLogs(ctx context.Context, jobs []JobInfo) ([]logSource, error) {
	if f.loc.JobID != 0 {
		p, err := f.jobLog(ctx, jobs[0])
		if err != nil {
			return nil, err
		}
		return []logSource{{job: jobs[0], file: p}}, nil
	}
	logsZip := filepath.Join(f.dir, "logs.zip")
	if _, err := os.Stat(logsZip); err != nil {
		if f.opts.Offline {
			return nil, f.offlineErr("the log archive")
		}
		u, err := f.c.RunLogsURL(ctx, f.loc, f.loc.Attempt)
		if err != nil {
			return nil, err
		}
		if _, err := f.c.download(ctx, "logs of "+describe(f.meta.Locator(), "run"), u, logsZip, true, f.opts.Progress, nil); err != nil {
			return nil, err
		}
	}
	zr, err := zip.OpenReader(logsZip)
	if err != nil {
		return nil, &Error{Kind: KindCorrupt, Msg: fmt.Sprintf("%s: %v: the cached log archive is damaged; remove it with 'ctlog gh cache clean %s' and run again", logsZip, err, f.loc.WebURL()), Err: err}
	}
	f.logsZip = zr // compose copies from it; Fetch closes it
	matched, unmatched := matchJobs(zr.File, jobs)
	var out []logSource
	for _, m := range matched {
		out = append(out, logSource{job: m.job, member: m.file})
	}
	if f.opts.AllJobs {
		for _, zf := range unmatched {
			out = append(out, logSource{member: zf})
		}
	}
	fallbacks := 0
	for _, j := range jobs {
		if slices.ContainsFunc(matched, func(m jobFile) bool { return m.job.ID == j.ID }) {
			continue
		}
		if j.Conclusion == "skipped" || j.Status != "completed" && j.Status != "" {
			continue // no log
		}
		if fallbacks == maxJobFallbacks {
			f.opts.Notify(fmt.Sprintf("the log archive lacks more than %d of the jobs; read the others by their job URLs", maxJobFallbacks))
			break
		}
		fallbacks++
		p, err := f.jobLog(ctx, j)
		if err != nil {
			if IsKind(err, KindOffline) {
				f.opts.Notify(err.Error())
				continue
			}
			return nil, err
		}
		out = append(out, logSource{job: j, file: p})
	}
	return out, nil
}

// jobLog makes sure one job's log is cached as jobs/ID.txt.
func (f *fetcher) jobLog(ctx context.Context, j JobInfo) (string, error) {
	p := filepath.Join(f.dir, "jobs", strconv.FormatInt(j.ID, 10)+".txt")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	what := fmt.Sprintf("log of job %q (%d)", j.Name, j.ID)
	if f.opts.Offline {
		return "", f.offlineErr("the " + what)
	}
	u, err := f.c.JobLogsURL(ctx, f.loc, j.ID)
	if err != nil {
		return "", err
	}
	_, err = f.c.download(ctx, what, u, p, false, f.opts.Progress, func(tmp *os.File, n int64) error {
		if notReadyLog(tmp, n) {
			return &Error{Kind: KindNotReady, Msg: fmt.Sprintf("%s of %s is not ready: GitHub's log storage has no log for it yet (BlobNotFound), as happens while a job runs or just after; try again in a minute", what, f.loc.RepoName())}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return p, nil
}

// fetchArtifacts lists the run's artifacts (when not cached), picks those matching the globs and
// makes sure each is cached. Expired artifacts are named and skipped; so are artifacts that could
// not be listed or downloaded (the job logs are read all the same), each with its reason.
func (f *fetcher) fetchArtifacts(ctx context.Context) ([]ArtifactInfo, error) {
	if f.opts.NoArtifacts {
		return nil, nil
	}
	if !f.meta.ArtifactsListed {
		if f.opts.Offline {
			f.opts.Notify("the run's artifacts were never listed, so none are in the cache; run without --offline to download them")
			return nil, nil
		}
		arts, err := f.c.Artifacts(ctx, f.loc)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The logs are still worth reading: say why there are no artifacts, and go on.
			f.opts.Notify(fmt.Sprintf("no artifacts read: %v", err))
			return nil, nil
		}
		f.meta.Artifacts = f.meta.Artifacts[:0]
		for _, a := range arts {
			f.meta.Artifacts = append(f.meta.Artifacts, ArtifactInfo{
				ID: a.GetID(), Name: a.GetName(), Size: a.GetSizeInBytes(), Expired: a.GetExpired(), ExpiresAt: a.GetExpiresAt().Time,
			})
		}
		f.meta.ArtifactsListed = true
	}
	var picked []ArtifactInfo
	used := make([]bool, len(f.opts.Artifacts))
	for _, a := range f.meta.Artifacts {
		ok := len(f.opts.Artifacts) == 0
		for i, g := range f.opts.Artifacts {
			if m, _ := path.Match(g, a.Name); m {
				ok, used[i] = true, true
			}
		}
		if ok {
			picked = append(picked, a)
		}
	}
	for i, g := range f.opts.Artifacts {
		if !used[i] {
			f.opts.Notify(fmt.Sprintf("--artifact %q matches no artifact of the run (it has %s)", g, artifactNames(f.meta.Artifacts)))
		}
	}
	var out []ArtifactInfo
	for _, a := range picked {
		p := filepath.Join(f.dir, "artifacts", strconv.FormatInt(a.ID, 10)+".zip")
		if _, err := os.Stat(p); err == nil {
			out = append(out, a)
			continue
		}
		if a.Expired {
			when := ""
			if !a.ExpiresAt.IsZero() {
				when = " on " + a.ExpiresAt.UTC().Format("2006-01-02")
			}
			f.opts.Notify(fmt.Sprintf("artifact %q expired%s and is skipped: %s", a.Name, when, RetentionNote))
			continue
		}
		if f.opts.Offline {
			f.opts.Notify(fmt.Sprintf("artifact %q is not in the cache; run without --offline to download it", a.Name))
			continue
		}
		what := fmt.Sprintf("artifact %q", a.Name)
		u, err := f.c.ArtifactURL(ctx, f.loc, a.ID, a.Name)
		if err == nil {
			_, err = f.c.download(ctx, what, u, p, true, f.opts.Progress, nil)
		}
		if IsKind(err, KindExpired) {
			f.opts.Notify(fmt.Sprintf("artifact %q is gone (410) and is skipped: %s", a.Name, RetentionNote))
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			f.opts.Notify(fmt.Sprintf("artifact %q skipped: %v", a.Name, err))
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

func artifactNames(as []ArtifactInfo) string {
	if len(as) == 0 {
		return "none"
	}
	var names []string
	for _, a := range as {
		names = append(names, strconv.Quote(a.Name))
	}
	return strings.Join(names, ", ")
}

// selectionName names the input archive after what it holds: "failed", "all" or "job-ID", then
// the artifacts: nothing for all, "+no-artifacts", or "+artifacts-HASH" for a glob selection.
func (f *fetcher) selectionName() string {
	name := "failed"
	switch {
	case f.loc.JobID != 0:
		name = "job-" + strconv.FormatInt(f.loc.JobID, 10)
	case f.opts.AllJobs:
		name = "all"
	}
	switch {
	case f.opts.NoArtifacts:
		name += "+no-artifacts"
	case len(f.opts.Artifacts) > 0:
		g := slices.Clone(f.opts.Artifacts)
		slices.Sort(g)
		sum := sha256.Sum256([]byte(strings.Join(g, "\x00")))
		name += "+artifacts-" + hex.EncodeToString(sum[:4])
	}
	return name
}

// compose writes the input archive: the job logs under logs/ and each artifact's files under
// artifacts/NAME/, copied without recompressing. Member names are kept as GitHub wrote them;
// ctlog's archive reader cleans them (no path leaves the archive) and bounds their sizes. Artifact
// files in no format ctlog reads (binaries, images) are left out, and notify says so.
func compose(dest string, logs []logSource, arts []ArtifactInfo, dir string, notify func(string)) (int, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return 0, err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw := zip.NewWriter(tmp)
	members := 0
	for _, l := range logs {
		switch {
		case l.member != nil:
			if err := copyRaw(zw, l.member, "logs/"+l.member.Name); err != nil {
				return 0, err
			}
		default:
			name := fmt.Sprintf("logs/job-%d_%s.txt", l.job.ID, sanitizeJobName(l.job.Name))
			if err := addFile(zw, name, l.file); err != nil {
				return 0, err
			}
		}
		members++
	}
	for _, a := range arts {
		p := filepath.Join(dir, "artifacts", strconv.FormatInt(a.ID, 10)+".zip")
		n, left, err := copyArchive(zw, p, "artifacts/"+sanitizeJobName(a.Name)+"/")
		if err != nil {
			return 0, err
		}
		members += n
		if len(left) > 0 {
			notify(fmt.Sprintf("artifact %q: %s no format ctlog reads, left out (%s)", a.Name, filesOf(len(left)), shortList(left, 3)))
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return 0, err
	}
	ok = true
	return members, nil
}

// copyRaw copies a zip member's compressed bytes under a new name.
func copyRaw(zw *zip.Writer, zf *zip.File, name string) error {
	h := zf.FileHeader
	h.Name = name
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// addFile compresses a file into the archive.
func addFile(zw *zip.Writer, name, p string) error {
	src, err := os.Open(p)
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fi.ModTime()})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}

// copyArchive copies the files of the zip at p that ctlog may read under prefix, and returns how
// many it copied and the names of those it left out.
func copyArchive(zw *zip.Writer, p, prefix string) (n int, left []string, err error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return 0, nil, &Error{Kind: KindCorrupt, Msg: fmt.Sprintf("%s: %v: the cached artifact is damaged; remove it with 'ctlog gh cache clean' and run again", p, err), Err: err}
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") || strings.HasSuffix(zf.Name, `\`) || zf.Mode()&fs.ModeType != 0 {
			continue
		}
		if !readable(zf) {
			left = append(left, zf.Name)
			continue
		}
		if err := copyRaw(zw, zf, prefix+zf.Name); err != nil {
			return n, left, err
		}
		n++
	}
	return n, left, nil
}

// readable reports whether ctlog may read a zip member: its first bytes are in a format ctlog
// detects, or an archive (which may hold one). A member that cannot be read is kept, so that the
// report names the problem.
func readable(zf *zip.File) bool {
	rc, err := zf.Open()
	if err != nil {
		return true
	}
	defer rc.Close()
	head := make([]byte, input.HeadSize)
	n, _ := io.ReadFull(rc, head)
	head = head[:n]
	if n == 0 {
		return false
	}
	if input.Sniff(head) != input.Plain {
		return true
	}
	return formats.Detect(head) != ""
}

func filesOf(n int) string {
	if n == 1 {
		return "1 file in"
	}
	return strconv.Itoa(n) + " files in"
}

func shortList(names []string, most int) string {
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(", … %d more", len(names)-most)
}

// Job names become file names in the log archive as GitHub's server writes them: '/' and ':'
// removed, cut to 90 UTF-16 code units.
const jobNameMax = 90

// sanitizeJobName is a job name as the log archive spells it.
func sanitizeJobName(name string) string {
	s := strings.NewReplacer("/", "", ":", "", `\`, "").Replace(name)
	u := utf16.Encode([]rune(s))
	if len(u) > jobNameMax {
		u = u[:jobNameMax]
		if utf16.IsSurrogate(rune(u[len(u)-1])) {
			u = u[:len(u)-1]
		}
		s = string(utf16.Decode(u))
	}
	return strings.TrimSpace(s)
}

var topJobFile = regexp.MustCompile(`^-?[0-9]+_(.+)\.txt$`)

// jobKey compares job names loosely: runs of white space as one space, no space at the ends.
func jobKey(s string) string { return strings.Join(strings.Fields(s), " ") }

type jobFile struct {
	job  JobInfo
	file *zip.File
}

// matchJobs pairs jobs with the top-level job logs of a run log archive ("N_<job name>.txt"), by
// the name GitHub gives the file; jobs with the same name take the files in order. It returns the
// pairs and the top-level job logs no job took. Step files and system.txt are left out: the
// top-level file holds the whole job log.
func matchJobs(files []*zip.File, jobs []JobInfo) (matched []jobFile, unmatched []*zip.File) {
	byName := map[string][]*zip.File{}
	var order []*zip.File
	for _, zf := range files {
		name := strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/")
		if strings.Contains(name, "/") {
			continue
		}
		m := topJobFile.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		k := jobKey(m[1])
		byName[k] = append(byName[k], zf)
		order = append(order, zf)
	}
	taken := map[*zip.File]bool{}
	for _, j := range jobs {
		k := jobKey(sanitizeJobName(j.Name))
		if fs := byName[k]; len(fs) > 0 {
			matched = append(matched, jobFile{j, fs[0]})
			taken[fs[0]] = true
			byName[k] = fs[1:]
		}
	}
	for _, zf := range order {
		if !taken[zf] {
			unmatched = append(unmatched, zf)
		}
	}
	return matched, unmatched
}
