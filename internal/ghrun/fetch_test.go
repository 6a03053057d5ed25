package ghrun

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/internal/ghrun/ghtest"
)

const (
	runPath  = "/repos/o/r/actions/runs/30433642"
	jobsPath = runPath + "/attempts/2/jobs"
	testTok  = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
)

var runLoc = Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642}

// env is a fake GitHub, a client pointed at it and a cache in a temporary directory.
type env struct {
	t     *testing.T
	fake  *ghtest.Fake
	c     *Client
	cache Cache
	slept []time.Duration
	notes []string
	now   time.Time
}

func newEnv(t *testing.T, token string) *env {
	t.Helper()
	e := &env{t: t, fake: ghtest.New(t), cache: Cache{Dir: t.TempDir()}, now: time.Date(2013, 8, 20, 15, 20, 0, 0, time.UTC)}
	e.fake.Token = token
	e.client(token)
	return e
}

// client (re)builds the client, with sleeps recorded instead of waited.
func (e *env) client(token string) {
	var tok Token
	if token != "" {
		tok = Token{Value: token, Source: "GH_TOKEN"}
	}
	c, err := New(Config{
		Host: "github.com", BaseURL: e.fake.BaseURL(), Token: tok,
		Sleep:  func(_ context.Context, d time.Duration) error { e.slept = append(e.slept, d); return nil },
		Now:    func() time.Time { return e.now },
		Notify: func(s string) { e.notes = append(e.notes, s) },
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.c = c
}

func (e *env) fetch(loc Locator, opts FetchOptions) (*Result, error) {
	opts.Notify = func(s string) { e.notes = append(e.notes, s) }
	return Fetch(context.Background(), e.c, e.cache, loc, opts)
}

// runLogsZip is a run log archive as GitHub serves it: top-level job logs, step files and
// system.txt in job folders.
func runLogsZip(t *testing.T) []byte {
	return ghtest.Zip(t,
		"contract-tests/system.txt", "2026-11-20T10:04:10.0000000Z Requested labels: ubuntu-latest\n",
		"contract-tests/3_Run schemathesis run.txt", ghtest.JobLog("schemathesis run", "schemathesis output"),
		"1_contract-tests.txt", ghtest.JobLog("schemathesis run", "schemathesis output"),
		"2_lint.txt", ghtest.JobLog("ruff check .", "Found 3 errors."),
		"lint/system.txt", "2026-11-20T10:04:10.0000000Z Requested labels: ubuntu-latest\n",
		"3_docs  build.txt", ghtest.JobLog("mkdocs build", "INFO - Documentation built"),
	)
}

// serveRun registers what fetching run 30433642 (latest attempt, 2) asks for.
func (e *env) serveRun() {
	f := e.fake
	f.JSON("GET "+runPath, ghtest.Testdata(e.t, "run.json"))
	f.Pages("GET "+jobsPath, ghtest.Testdata(e.t, "jobs-page-1.json"), ghtest.Testdata(e.t, "jobs-page-2.json"))
	f.Redirect("GET "+runPath+"/logs", "run-logs.zip")
	f.Blob("run-logs.zip", runLogsZip(e.t))
	e.serveArtifacts()
}

func (e *env) serveArtifacts() {
	f := e.fake
	f.Pages("GET "+runPath+"/artifacts", ghtest.Testdata(e.t, "artifacts-page-1.json"), ghtest.Testdata(e.t, "artifacts-page-2.json"))
	f.Redirect("GET /repos/o/r/actions/artifacts/11/zip", "artifact-11.zip")
	f.Blob("artifact-11.zip", ghtest.Zip(e.t, "schemathesis-output.txt", "report", "reports/", "", "reports/junit.xml", "<testsuites/>"))
	f.Redirect("GET /repos/o/r/actions/artifacts/13/zip", "artifact-13.zip")
	f.Blob("artifact-13.zip", ghtest.Zip(e.t, "app.bin", "\x00\x01"))
}

func members(t *testing.T, p string) []string {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

// noPartials fails the test when a temporary download file is left in dir.
func noPartials(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".part-") {
			t.Errorf("partial download left behind: %s", p)
		}
		return nil
	})
}

func TestFetchFailedJobs(t *testing.T) {
	e := newEnv(t, testTok)
	e.serveRun()
	res, err := e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"logs/1_contract-tests.txt", "logs/2_lint.txt",
		"artifacts/schemathesis-report/schemathesis-output.txt", "artifacts/schemathesis-report/reports/junit.xml",
	}
	if got := members(t, res.Input); !slices.Equal(got, want) {
		t.Errorf("input members = %q, want %q", got, want)
	}
	// The binary artifact file is left out, and said so.
	if !hasNote(e.notes, `artifact "build-output": 1 file in no format ctlog reads, left out (app.bin)`) {
		t.Errorf("notes %q", e.notes)
	}
	if res.Members != len(want) || len(res.Jobs) != 2 || len(res.Artifacts) != 2 {
		t.Errorf("result: %d members, %d jobs, %d artifacts", res.Members, len(res.Jobs), len(res.Artifacts))
	}
	wantDir := filepath.Join(e.cache.Dir, "github.com", "o", "r", "30433642", "2")
	if res.Dir != wantDir || res.Input != filepath.Join(wantDir, "inputs", "failed.zip") {
		t.Errorf("dir %s, input %s", res.Dir, res.Input)
	}
	for _, p := range []string{"run.json", "logs.zip", "artifacts/11.zip", "artifacts/13.zip"} {
		if _, err := os.Stat(filepath.Join(res.Dir, p)); err != nil {
			t.Errorf("cache: %v", err)
		}
	}
	noPartials(t, e.cache.Dir)
	// Pagination: both pages of jobs and of artifacts, the second asked for by the Link header.
	var pages []string
	for _, r := range e.fake.Requests() {
		if r.Path == jobsPath || r.Path == runPath+"/artifacts" {
			pages = append(pages, r.Path[len(runPath):]+"?"+r.Query)
		}
	}
	wantPages := []string{"/attempts/2/jobs?per_page=100", "/attempts/2/jobs?page=2&per_page=100", "/artifacts?per_page=100", "/artifacts?page=2&per_page=100"}
	if !slices.Equal(pages, wantPages) {
		t.Errorf("list requests %q, want %q", pages, wantPages)
	}
	// The token went to the API and never to the storage host (the fake checks both).
	for _, r := range e.fake.Requests() {
		if r.Host == "storage" && r.Authorization != "" {
			t.Errorf("storage request %s carried Authorization", r.Path)
		}
		if r.Host == "api" && r.Authorization != "Bearer "+testTok {
			t.Errorf("API request %s without the token", r.Path)
		}
	}
	// The expired artifact is named and skipped.
	if !hasNote(e.notes, `artifact "coverage" expired on 2026-11-21`, "90 days") {
		t.Errorf("notes %q lack the expired artifact", e.notes)
	}
	m, err := ReadMeta(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Attempt != 2 || m.Workflow != "CI" || m.Conclusion != "failure" || len(m.Jobs) != 3 || len(m.Artifacts) != 3 || !m.JobsListed || !m.ArtifactsListed {
		t.Errorf("meta = %+v", m)
	}
}

func hasNote(notes []string, subs ...string) bool {
	for _, n := range notes {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(n, s)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestFetchAllJobsAndArtifactGlobs(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	res, err := e.fetch(runLoc, FetchOptions{AllJobs: true, Artifacts: []string{"schemathesis-*", "nothing-*"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"logs/1_contract-tests.txt", "logs/2_lint.txt", "logs/3_docs  build.txt",
		"artifacts/schemathesis-report/schemathesis-output.txt", "artifacts/schemathesis-report/reports/junit.xml",
	}
	if got := members(t, res.Input); !slices.Equal(got, want) {
		t.Errorf("members = %q, want %q", got, want)
	}
	if !strings.HasPrefix(filepath.Base(res.Input), "all+artifacts-") {
		t.Errorf("input %s", res.Input)
	}
	if !hasNote(e.notes, `--artifact "nothing-*" matches no artifact`, `"schemathesis-report"`) {
		t.Errorf("notes %q", e.notes)
	}
	if e.fake.Count("/blob/artifact-13.zip") != 0 {
		t.Error("an artifact the globs do not match was downloaded")
	}
	if err := ValidateGlobs([]string{"[a-"}); err == nil {
		t.Error("a bad glob passed")
	}
	res, err = e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := members(t, res.Input); !slices.Equal(got, []string{"logs/1_contract-tests.txt", "logs/2_lint.txt"}) || filepath.Base(res.Input) != "failed+no-artifacts.zip" {
		t.Errorf("no artifacts: %s %q", res.Input, got)
	}
}

func TestFetchCacheReuseAndOffline(t *testing.T) {
	e := newEnv(t, "")
	// Offline with nothing cached.
	if _, err := e.fetch(runLoc, FetchOptions{Offline: true}); !IsKind(err, KindOffline) || !strings.Contains(err.Error(), "run without --offline") {
		t.Fatalf("offline, empty cache: %v", err)
	}
	if n := len(e.fake.Requests()); n != 0 {
		t.Fatalf("offline made %d requests", n)
	}
	e.serveRun()
	first, err := e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Again, online: one request to learn the latest attempt, nothing downloaded.
	e.fake.Reset()
	again, err := e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.fake.Requests(); len(r) != 1 || r[0].Path != runPath {
		t.Errorf("cached run: requests %+v, want only GET %s", r, runPath)
	}
	if again.Input != first.Input || !slices.Equal(members(t, again.Input), members(t, first.Input)) {
		t.Errorf("cached input differs")
	}
	// With the attempt in the URL, nothing at all is asked.
	e.fake.Reset()
	loc := runLoc
	loc.Attempt = 2
	if _, err := e.fetch(loc, FetchOptions{}); err != nil {
		t.Fatal(err)
	}
	if r := e.fake.Requests(); len(r) != 0 {
		t.Errorf("cached attempt: requests %+v", r)
	}
	// Offline: the latest cached attempt, a different selection composed from the cache.
	res, err := e.fetch(runLoc, FetchOptions{Offline: true, AllJobs: true, NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.fake.Requests(); len(r) != 0 {
		t.Errorf("offline: requests %+v", r)
	}
	if got := members(t, res.Input); len(got) != 3 {
		t.Errorf("offline all jobs: %q", got)
	}
	// Offline, an attempt never fetched.
	loc.Attempt = 1
	if _, err := e.fetch(loc, FetchOptions{Offline: true}); !IsKind(err, KindOffline) {
		t.Errorf("offline attempt 1: %v", err)
	}
	// A job URL of a cached run is served from the cache too (its log was in the archive, but a
	// job URL reads the single job log: offline it is not there).
	loc = runLoc
	loc.JobID = 399444497
	if _, err := e.fetch(loc, FetchOptions{Offline: true}); !IsKind(err, KindOffline) || !strings.Contains(err.Error(), "lint") {
		t.Errorf("offline job log: %v", err)
	}
}

func TestFetchAttempt(t *testing.T) {
	e := newEnv(t, "")
	run := strings.Replace(string(ghtest.Testdata(t, "run.json")), `"run_attempt": 2`, `"run_attempt": 1`, 1)
	e.fake.JSON("GET "+runPath+"/attempts/1", []byte(run))
	e.fake.Pages("GET "+runPath+"/attempts/1/jobs", ghtest.Testdata(t, "jobs-page-1.json"))
	e.fake.Redirect("GET "+runPath+"/attempts/1/logs", "attempt-1-logs.zip")
	e.fake.Blob("attempt-1-logs.zip", ghtest.Zip(t, "1_contract-tests.txt", "log", "2_lint.txt", "log"))
	loc := runLoc
	loc.Attempt = 1
	res, err := e.fetch(loc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(res.Dir) != "1" || res.Meta.Attempt != 1 {
		t.Errorf("attempt 1 cached in %s", res.Dir)
	}
	if e.fake.Count(runPath+"/logs") != 0 || e.fake.Count(runPath+"/attempts/1/logs") != 1 {
		t.Error("the attempt's logs were not asked for")
	}
}

func TestFetchJob(t *testing.T) {
	e := newEnv(t, testTok)
	// The run is still in progress (attempt 2); the job finished.
	e.fake.JSON("GET /repos/o/r/actions/jobs/399444496", ghtest.Testdata(t, "job.json"))
	e.fake.JSON("GET "+runPath+"/attempts/2", ghtest.Testdata(t, "run-in-progress.json"))
	e.fake.Redirect("GET /repos/o/r/actions/jobs/399444496/logs", "job-399444496.txt")
	e.fake.Blob("job-399444496.txt", []byte(ghtest.JobLog("schemathesis run", "output")))
	loc := runLoc
	loc.JobID = 399444496
	res, err := e.fetch(loc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := members(t, res.Input); !slices.Equal(got, []string{"logs/job-399444496_contract-tests.txt"}) {
		t.Errorf("members %q", got)
	}
	if filepath.Base(res.Input) != "job-399444496+no-artifacts.zip" {
		t.Errorf("input %s", res.Input)
	}
	b, _ := os.ReadFile(filepath.Join(res.Dir, "jobs", "399444496.txt"))
	if !strings.HasPrefix(string(b), "\ufeff") {
		t.Error("the job log was not kept as served")
	}
	// The job is cached: no download again, but the run is in progress, so the job is asked.
	e.fake.Reset()
	if _, err := e.fetch(loc, FetchOptions{NoArtifacts: true}); err != nil {
		t.Fatal(err)
	}
	if e.fake.Count("/blob/job-399444496.txt") != 0 {
		t.Error("cached job log downloaded again")
	}

	// A job of another run.
	other := loc
	other.RunID = 1
	if _, err := e.fetch(other, FetchOptions{NoArtifacts: true}); !IsKind(err, KindNotFound) || !strings.Contains(err.Error(), "belongs to run 30433642") {
		t.Errorf("job of another run: %v", err)
	}
}

func TestFetchJobInProgress(t *testing.T) {
	e := newEnv(t, "")
	e.fake.JSON("GET /repos/o/r/actions/jobs/399444496", ghtest.Testdata(t, "job-in-progress.json"))
	loc := runLoc
	loc.JobID = 399444496
	_, err := e.fetch(loc, FetchOptions{})
	if !IsKind(err, KindNotReady) || !strings.Contains(err.Error(), "still in progress") {
		t.Errorf("in-progress job: %v", err)
	}
}

func TestFetchRunInProgress(t *testing.T) {
	e := newEnv(t, "")
	e.fake.JSON("GET "+runPath, ghtest.Testdata(t, "run-in-progress.json"))
	_, err := e.fetch(runLoc, FetchOptions{})
	if !IsKind(err, KindNotReady) {
		t.Fatalf("in-progress run: %v", err)
	}
	for _, s := range []string{"still in progress", "once it completes", "gh run watch 30433642", "/job/ID"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q lacks %q", err, s)
		}
	}
	if ents, _ := e.cache.List(); len(ents) != 0 {
		t.Errorf("an in-progress run was cached: %+v", ents)
	}
}

func TestFetchJobLogNotReady(t *testing.T) {
	e := newEnv(t, "")
	e.fake.JSON("GET /repos/o/r/actions/jobs/399444496", ghtest.Testdata(t, "job.json"))
	e.fake.JSON("GET "+runPath+"/attempts/2", ghtest.Testdata(t, "run.json"))
	e.fake.Redirect("GET /repos/o/r/actions/jobs/399444496/logs", "job.txt")
	e.fake.Blob("job.txt", []byte("\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>"))
	loc := runLoc
	loc.JobID = 399444496
	_, err := e.fetch(loc, FetchOptions{NoArtifacts: true})
	if !IsKind(err, KindNotReady) || !strings.Contains(err.Error(), "BlobNotFound") {
		t.Errorf("BlobNotFound: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.cache.RunDir(runLoc, 2), "jobs", "399444496.txt")); err == nil {
		t.Error("the BlobNotFound body was cached as the log")
	}
	noPartials(t, e.cache.Dir)
}

func TestFetchJobMissingFromArchive(t *testing.T) {
	e := newEnv(t, "")
	e.fake.JSON("GET "+runPath, ghtest.Testdata(t, "run.json"))
	e.fake.Pages("GET "+jobsPath, ghtest.Testdata(t, "jobs-page-1.json"), ghtest.Testdata(t, "jobs-page-2.json"))
	e.fake.Redirect("GET "+runPath+"/logs", "run-logs.zip")
	// lint has only step files (no top-level log): its log is fetched by itself.
	e.fake.Blob("run-logs.zip", ghtest.Zip(t,
		"1_contract-tests.txt", "log",
		"lint/1_Set up job.txt", "setup",
		"lint/2_Run ruff check .txt", "ruff",
		"3_docs  build.txt", "docs"))
	e.fake.Redirect("GET /repos/o/r/actions/jobs/399444497/logs", "job-lint.txt")
	e.fake.Blob("job-lint.txt", []byte(ghtest.JobLog("ruff check .", "Found 3 errors.")))
	res, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"logs/1_contract-tests.txt", "logs/job-399444497_lint.txt"}
	if got := members(t, res.Input); !slices.Equal(got, want) {
		t.Errorf("members %q, want %q", got, want)
	}
}

func TestFetchTruncatedDownload(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	full := runLogsZip(t)
	cut := true
	e.fake.BlobFunc("run-logs.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(full)))
		if cut {
			w.Write(full[:len(full)/2]) // the connection ends early
			return
		}
		w.Write(full)
	})
	_, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if !IsKind(err, KindCorrupt) || !strings.Contains(err.Error(), "broke off") || !strings.Contains(err.Error(), "run ctlog again") {
		t.Fatalf("truncated download: %v", err)
	}
	if strings.Contains(err.Error(), "sig=") {
		t.Errorf("the error shows the signed URL: %v", err)
	}
	dir := e.cache.RunDir(runLoc, 2)
	if _, err := os.Stat(filepath.Join(dir, "logs.zip")); err == nil {
		t.Error("a partial logs.zip looks complete")
	}
	noPartials(t, e.cache.Dir)
	// The next run downloads it whole.
	cut = false
	res, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Count("/blob/run-logs.zip"); n != 2 {
		t.Errorf("downloads: %d", n)
	}
	if got := members(t, res.Input); len(got) != 2 {
		t.Errorf("members %q", got)
	}
}

func TestFetchCorruptZip(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	whole := runLogsZip(t)
	for name, body := range map[string][]byte{
		"not a zip":      []byte("<html>Service Unavailable</html>"),
		"cut at the end": whole[:len(whole)-30],
		"empty":          {},
	} {
		e.fake.Blob("run-logs.zip", body)
		_, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
		if !IsKind(err, KindCorrupt) || !strings.Contains(err.Error(), "truncated or not a zip") {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(e.cache.RunDir(runLoc, 2), "logs.zip")); err == nil {
			t.Errorf("%s: cached", name)
		}
	}
	noPartials(t, e.cache.Dir)
}

func TestFetchSignedURLExpired(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	e.fake.BlobFunc("run-logs.zip", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<Error><Code>AuthenticationFailed</Code></Error>", http.StatusForbidden)
	})
	_, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if err == nil || !strings.Contains(err.Error(), "links expire after a minute") {
		t.Errorf("expired signature: %v", err)
	}
}

func TestFetchArtifactGone(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	e.fake.Error("GET /repos/o/r/actions/artifacts/13/zip", ghtest.Testdata(t, "error-410-logs-expired.json"))
	res, err := e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Artifacts) != 1 || !hasNote(e.notes, `artifact "build-output" is gone (410)`, "90 days") {
		t.Errorf("artifacts %+v, notes %q", res.Artifacts, e.notes)
	}
}

func TestFetchNothingToRead(t *testing.T) {
	e := newEnv(t, "")
	e.fake.JSON("GET "+runPath, ghtest.Testdata(t, "run.json"))
	e.fake.Pages("GET "+jobsPath, []byte(`{"total_count":0,"jobs":[]}`))
	e.fake.Redirect("GET "+runPath+"/logs", "empty.zip")
	e.fake.Blob("empty.zip", ghtest.Zip(t))
	_, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
	if err == nil || !strings.Contains(err.Error(), "nothing to read") {
		t.Errorf("empty run: %v", err)
	}
	if !hasNote(e.notes, "has no failed job", "reading every job") {
		t.Errorf("notes %q", e.notes)
	}
}

func TestMatchJobs(t *testing.T) {
	data := ghtest.Zip(t,
		"0_build (1).txt", "a", "1_build.txt", "b", "2_build.txt", "c",
		"build/1_Set up job.txt", "s", "build/system.txt", "x",
		"5_"+strings.Repeat("y", 90)+".txt", "long", "-2147483648_legacy job.txt", "old", "notes.md", "n")
	zr, err := zip.NewReader(strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	jobs := []JobInfo{{ID: 1, Name: "build"}, {ID: 2, Name: "build"}, {ID: 3, Name: strings.Repeat("y", 120)}, {ID: 4, Name: "legacy job"}, {ID: 5, Name: "missing"}}
	matched, unmatched := matchJobs(zr.File, jobs)
	var got []string
	for _, m := range matched {
		got = append(got, fmt.Sprintf("%d=%s", m.job.ID, m.file.Name))
	}
	want := []string{"1=1_build.txt", "2=2_build.txt", "3=5_" + strings.Repeat("y", 90) + ".txt", "4=-2147483648_legacy job.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("matched %q, want %q", got, want)
	}
	if len(unmatched) != 1 || unmatched[0].Name != "0_build (1).txt" {
		t.Errorf("unmatched %v", unmatched)
	}
}

func TestCacheListClean(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	if _, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true}); err != nil {
		t.Fatal(err)
	}
	// A second repository's entry, written by hand.
	other := Locator{Host: "ghe.example.com:8443", Owner: "Team", Repo: "API", RunID: 7}
	od := e.cache.RunDir(other, 1)
	if err := WriteMeta(od, &Meta{Host: other.Host, Owner: "team", Repo: "api", RunID: 7, Attempt: 1, Status: "completed"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(od, filepath.Join("ghe.example.com_8443", "team", "api", "7", "1")) {
		t.Errorf("enterprise entry in %s", od)
	}
	// Something that is no entry stays.
	stray := filepath.Join(e.cache.Dir, "README.txt")
	writeFile(t, stray, "keep me")
	ents, err := e.cache.List()
	if err != nil || len(ents) != 2 {
		t.Fatalf("List = %+v, %v", ents, err)
	}
	for _, en := range ents {
		if en.Meta == nil || en.Size == 0 || en.Files == 0 {
			t.Errorf("entry %+v", en)
		}
	}
	gone, err := e.cache.Clean(func(en Entry) bool { return en.Meta.Host == "github.com" })
	if err != nil || len(gone) != 1 {
		t.Fatalf("Clean = %+v, %v", gone, err)
	}
	if _, err := os.Stat(filepath.Join(e.cache.Dir, "github.com")); err == nil {
		t.Error("empty directories were not pruned")
	}
	if gone, err = e.cache.Clean(nil); err != nil || len(gone) != 1 {
		t.Errorf("Clean(nil) = %+v, %v", gone, err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Error("Clean removed a file that is no entry")
	}
	if ents, _ := e.cache.List(); len(ents) != 0 {
		t.Errorf("left: %+v", ents)
	}
}

func TestMetaJSON(t *testing.T) {
	m := Meta{Host: "github.com", Owner: "o", Repo: "r", RunID: 1, Attempt: 1, Artifacts: []ArtifactInfo{{ID: 1, Name: "a"}}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "expires_at") {
		t.Errorf("zero expiry written: %s", b)
	}
}

func TestProgress(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	data := runLogsZip(t)
	e.fake.BlobFunc("run-logs.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		time.Sleep(3 * progressEvery / 2)
		w.Write(data[len(data)/2:])
	})
	var progress strings.Builder
	if _, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true, Progress: &progress}); err != nil {
		t.Fatal(err)
	}
	out := progress.String()
	if !strings.Contains(out, "\r\x1b[Kctlog: downloading logs of run 30433642 attempt 2 of o/r   50%") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress %q", out)
	}
}

func TestReadableArtifactFiles(t *testing.T) {
	var gz strings.Builder
	gz.WriteString("\x1f\x8b\x08\x00")
	data := ghtest.Zip(t,
		"schemathesis.log", "Schemathesis test session starts",
		"nested.zip", string(ghtest.Zip(t, "a.txt", "x")),
		"run.log.gz", gz.String(),
		"logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
		"empty.txt", "",
		"report.html", "<!DOCTYPE html><html></html>",
	)
	zr, err := zip.NewReader(strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, f := range zr.File {
		if readable(f) {
			kept = append(kept, f.Name)
		}
	}
	if want := []string{"schemathesis.log", "nested.zip", "run.log.gz", "report.html"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
}

// TestFetchCancelled: an interrupted download (Ctrl-C cancels the context) leaves nothing behind.
func TestFetchCancelled(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	data := runLogsZip(t)
	ctx, cancel := context.WithCancel(context.Background())
	e.fake.BlobFunc("run-logs.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		cancel()
		<-r.Context().Done()
	})
	_, err := Fetch(ctx, e.c, e.cache, runLoc, FetchOptions{NoArtifacts: true})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.cache.RunDir(runLoc, 2), "logs.zip")); err == nil {
		t.Error("an interrupted download looks complete")
	}
	noPartials(t, e.cache.Dir)
}

// TestFetchArtifactFailures: artifacts that cannot be listed or downloaded are named with the
// reason, and the logs are read all the same.
func TestFetchArtifactFailures(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	e.fake.Blob("artifact-13.zip", []byte("not a zip"))
	res, err := e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Artifacts) != 1 || !hasNote(e.notes, `artifact "build-output" skipped:`, "truncated or not a zip") {
		t.Errorf("artifacts %+v, notes %q", res.Artifacts, e.notes)
	}

	e = newEnv(t, "")
	e.serveRun()
	e.fake.Error("GET "+runPath+"/artifacts", ghtest.Testdata(t, "error-403-forbidden.json"))
	res, err = e.fetch(runLoc, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Artifacts) != 0 || len(res.Jobs) != 2 || !hasNote(e.notes, "no artifacts read: artifacts of o/r run 30433642: forbidden (403)") {
		t.Errorf("artifacts %+v, notes %q", res.Artifacts, e.notes)
	}
	if res.Meta.ArtifactsListed {
		t.Error("a failed listing was cached as an empty list")
	}
}
