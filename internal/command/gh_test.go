package command

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/ghrun/ghtest"
)

const (
	ghRunURL  = "https://github.com/o/r/actions/runs/30433642"
	ghRunPath = "/repos/o/r/actions/runs/30433642"
	ghToken   = "ghp_R4nd0mT0k3nV4lu3ThatMustNeverBePrinted"
)

// ghFixture is a fake GitHub serving run 30433642 of o/r: three jobs (contract-tests failed with a
// Schemathesis log, lint failed without one, docs passed), its log archive, and three artifacts (a
// JUnit report, a binary, and an expired one).
type ghFixture struct {
	t     *testing.T
	fake  *ghtest.Fake
	cache string
	work  string
	env   map[string]string
	// openTUI is GHOptions.OpenTUI (nil: the text report on a terminal too).
	openTUI func(SummarizeOptions) (int, error)
}

func newGHFixture(t *testing.T) *ghFixture {
	t.Helper()
	x := &ghFixture{t: t, fake: ghtest.New(t), cache: t.TempDir(), work: t.TempDir(), env: map[string]string{}}
	log, err := os.ReadFile("../../testdata/logs/ci-hooks-not-loaded.log")
	if err != nil {
		t.Fatal(err)
	}
	junit, err := os.ReadFile("../../testdata/junit/ci-hooks-not-loaded.xml")
	if err != nil {
		t.Fatal(err)
	}
	f := x.fake
	f.JSON("GET "+ghRunPath, ghtest.Testdata(t, "run.json"))
	f.Pages("GET "+ghRunPath+"/attempts/2/jobs", ghtest.Testdata(t, "jobs-page-1.json"), ghtest.Testdata(t, "jobs-page-2.json"))
	f.Redirect("GET "+ghRunPath+"/logs", "run-30433642-logs.zip")
	f.Blob("run-30433642-logs.zip", ghtest.Zip(t,
		"1_contract-tests.txt", ghtest.JobLog("schemathesis run --checks all http://127.0.0.1:8000/openapi.json", string(log)),
		"contract-tests/system.txt", "2026-11-20T10:04:10.0000000Z Requested labels: ubuntu-latest\n",
		"2_lint.txt", ghtest.JobLog("ruff check .", "src/app.py:3:1: F401 `os` imported but unused\nFound 1 error."),
		"3_docs  build.txt", ghtest.JobLog("mkdocs build", "INFO    -  Documentation built in 0.41 seconds"),
	))
	f.Pages("GET "+ghRunPath+"/artifacts", ghtest.Testdata(t, "artifacts-page-1.json"), ghtest.Testdata(t, "artifacts-page-2.json"))
	f.Redirect("GET /repos/o/r/actions/artifacts/11/zip", "artifact-11.zip")
	f.Blob("artifact-11.zip", ghtest.Zip(t, "junit.xml", string(junit)))
	f.Redirect("GET /repos/o/r/actions/artifacts/13/zip", "artifact-13.zip")
	f.Blob("artifact-13.zip", ghtest.Zip(t, "app.bin", "\x7fELF\x02\x01\x01\x00\x00\x00"))
	return x
}

func (x *ghFixture) options(ios IOStreams) *GHOptions {
	return &GHOptions{
		IO: ios, BaseURL: x.fake.BaseURL(), CacheDir: x.cache, WorkDir: x.work,
		GHAuthToken: func(context.Context, string) string { return "" },
		Sleep:       func(context.Context, time.Duration) error { return nil },
		Now:         func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) },
		OpenTUI:     x.openTUI,
	}
}

// run runs ctlog with `gh` wired to the fake, as Main would, and returns the exit code and output.
func (x *ghFixture) run(outTTY bool, args ...string) (code int, stdout, stderr string) {
	x.t.Helper()
	var out, errOut bytes.Buffer
	ios := IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutTTY: outTTY, Getenv: func(k string) string { return x.env[k] }}
	code = mainWith(args, ios, newGHCmdWith(x.options(ios)))
	return code, out.String(), errOut.String()
}

// mainWith is Main with the registered gh command replaced by gh.
func mainWith(args []string, ios IOStreams, gh *cobra.Command) int {
	root := NewRoot(ios)
	for _, c := range root.Commands() {
		if c.Name() == "gh" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(gh)
	return execute(root, args, ios)
}

type ghDoc struct {
	Inputs []struct {
		Name    string
		Format  string
		Skipped string
		Error   string
		Runs    []struct {
			Groups []struct {
				Operation, Check, Title string
				Status, Count           int
			}
		}
	}
}

func (d *ghDoc) input(t *testing.T, suffix string) int {
	t.Helper()
	for i, in := range d.Inputs {
		if strings.HasSuffix(in.Name, suffix) {
			return i
		}
	}
	var names []string
	for _, in := range d.Inputs {
		names = append(names, in.Name)
	}
	t.Fatalf("no input ending in %q among %q", suffix, names)
	return -1
}

// TestGHEndToEnd: `ctlog gh RUN_URL -o json` against the fake prints the failure groups of the
// Schemathesis log in the run's log archive, names the failed job without Schemathesis output as
// skipped, and prints exactly what `ctlog summarize -o json` prints for the cached input.
func TestGHEndToEnd(t *testing.T) {
	x := newGHFixture(t)
	x.env["GH_TOKEN"] = ghToken
	x.fake.Token = ghToken
	code, out, stderr := x.run(false, "gh", ghRunURL, "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc ghDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// The groups are those of the plain log.
	_, plain, _ := run(t, "", nil, "summarize", "-o", "json", "../../testdata/logs/ci-hooks-not-loaded.log")
	var want ghDoc
	if err := json.Unmarshal([]byte(plain), &want); err != nil {
		t.Fatal(err)
	}
	ct := doc.Inputs[doc.input(t, "/inputs/failed.zip/logs/1_contract-tests.txt")]
	if len(ct.Runs) != 1 || len(ct.Runs[0].Groups) == 0 {
		t.Fatalf("contract-tests: %+v", ct)
	}
	if fmt.Sprint(ct.Runs[0].Groups) != fmt.Sprint(want.Inputs[0].Runs[0].Groups) {
		t.Errorf("groups\n%v\nwant\n%v", ct.Runs[0].Groups, want.Inputs[0].Runs[0].Groups)
	}
	lint := doc.Inputs[doc.input(t, "/logs/2_lint.txt")]
	if lint.Skipped != "no Schemathesis output" || len(lint.Runs) != 0 {
		t.Errorf("lint: %+v", lint)
	}
	junit := doc.Inputs[doc.input(t, "/artifacts/schemathesis-report/junit.xml")]
	if junit.Format != "junit" || len(junit.Runs) != 1 {
		t.Errorf("junit artifact: %+v", junit)
	}
	for _, in := range doc.Inputs {
		if strings.Contains(in.Name, "docs") || strings.Contains(in.Name, "system.txt") || strings.Contains(in.Name, "coverage") {
			t.Errorf("input %s should not be read", in.Name)
		}
	}
	for _, s := range []string{
		"CI run 30433642 attempt 2 of o/r (failure, branch main): reading 2 job logs (2 of 3 jobs failed) and 2 artifacts from " + x.cache,
		`artifact "coverage" expired on 2026-11-21`,
	} {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
	if strings.Contains(out+stderr, ghToken) {
		t.Error("the token was printed")
	}
	for _, r := range x.fake.Requests() {
		if r.Host == "storage" && r.Authorization != "" {
			t.Errorf("the token went to the storage host: %s", r.Path)
		}
	}

	// The same report as summarize on the cached input.
	input := filepath.Join(x.cache, "github.com", "o", "r", "30433642", "2", "inputs", "failed.zip")
	code2, out2, _ := run(t, "", nil, "summarize", "-o", "json", input)
	if code2 != code || out2 != out {
		t.Errorf("ctlog summarize %s (exit %d) differs from ctlog gh (exit %d)", input, code2, code)
	}

	// Offline: the same output, and GitHub is not asked.
	x.fake.Reset()
	code3, out3, stderr3 := x.run(false, "gh", ghRunURL, "-o", "json", "--offline")
	if code3 != ExitOK || out3 != out {
		t.Errorf("offline: exit %d, output differs: %s", code3, stderr3)
	}
	if r := x.fake.Requests(); len(r) != 0 {
		t.Errorf("offline asked GitHub: %+v", r)
	}
	// Online again: only the run is asked for (its latest attempt); nothing is downloaded again.
	code4, out4, _ := x.run(false, "gh", ghRunURL, "-o", "json")
	if r := x.fake.Requests(); code4 != ExitOK || out4 != out || len(r) != 1 || r[0].Path != ghRunPath {
		t.Errorf("cached run: exit %d, requests %+v", code4, r)
	}
}

func TestGHAllJobsAndFailOn(t *testing.T) {
	x := newGHFixture(t)
	code, out, stderr := x.run(false, "gh", ghRunURL, "--all-jobs", "--no-artifacts", "-o", "json", "--fail-on", "any")
	if code != ExitFailures {
		t.Fatalf("exit %d (want 1 for --fail-on any): %s", code, stderr)
	}
	var doc ghDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	docs := doc.Inputs[doc.input(t, "/inputs/all+no-artifacts.zip/logs/3_docs  build.txt")]
	if docs.Skipped != "no Schemathesis output" {
		t.Errorf("docs: %+v", docs)
	}
	if len(doc.Inputs) != 3 {
		t.Errorf("%d inputs", len(doc.Inputs))
	}
	if x.fake.Count(ghRunPath+"/artifacts") != 0 {
		t.Error("--no-artifacts listed the artifacts")
	}
}

// TestGHTerminal: on a terminal without -o, the TUI opens when the hook is set, else the text report.
func TestGHTerminal(t *testing.T) {
	x := newGHFixture(t)
	code, out, stderr := x.run(true, "gh", ghRunURL, "--artifact", "schemathesis-*")
	if code != ExitOK || !strings.Contains(out, "POST /api/v2/vessels/") {
		t.Fatalf("text report: exit %d\n%s\n%s", code, out, stderr)
	}
	var got SummarizeOptions
	x.openTUI = func(o SummarizeOptions) (int, error) { got = o; return ExitOK, nil }
	code, out, _ = x.run(true, "gh", ghRunURL, "--artifact", "schemathesis-*", "--fail-on", "any")
	if code != ExitOK || out != "" || len(got.Inputs) != 1 || !strings.Contains(got.Inputs[0], "inputs") || got.FailOn != "any" {
		t.Errorf("TUI: exit %d, out %q, options %+v", code, out, got)
	}
	// -o wins over the TUI.
	got = SummarizeOptions{}
	if code, out, _ = x.run(true, "gh", ghRunURL, "--artifact", "schemathesis-*", "-o", "text"); code != ExitOK || out == "" || got.Inputs != nil {
		t.Errorf("-o text on a terminal: exit %d, TUI opened: %v", code, got.Inputs != nil)
	}
}

func TestGHLatestFailedInCheckout(t *testing.T) {
	x := newGHFixture(t)
	git := filepath.Join(x.work, ".git")
	writeTestFile(t, filepath.Join(git, "HEAD"), "ref: refs/heads/main\n")
	writeTestFile(t, filepath.Join(git, "config"), "[remote \"origin\"]\n\turl = git@github.com:o/r.git\n")
	x.fake.JSON("GET /repos/o/r/actions/workflows/ci.yml/runs", ghtest.Testdata(t, "runs-failed.json"))
	code, out, stderr := x.run(false, "gh", "--workflow", "ci.yml", "--no-artifacts", "-o", "json")
	if code != ExitOK || !strings.Contains(out, "1_contract-tests.txt") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "latest failed run on main: "+ghRunURL+" (CI, 2026-11-20 10:00)") {
		t.Errorf("stderr: %s", stderr)
	}
	for _, r := range x.fake.Requests() {
		if r.Path == "/repos/o/r/actions/workflows/ci.yml/runs" && r.Query != "branch=main&per_page=1&status=failure" {
			t.Errorf("query %s", r.Query)
		}
	}
	// --repo and --run instead of a URL.
	code, _, stderr = x.run(false, "gh", "--repo", "o/r", "--run", "30433642", "--no-artifacts", "-o", "json")
	if code != ExitOK {
		t.Errorf("--repo --run: exit %d: %s", code, stderr)
	}
	// A detached HEAD needs --branch.
	writeTestFile(t, filepath.Join(git, "HEAD"), "acb5820ced9479c074f688cc328bf03f341a511d\n")
	if code, _, stderr = x.run(false, "gh", "--workflow", "ci.yml"); code != ExitUsage || !strings.Contains(stderr, "detached HEAD: pass --branch") {
		t.Errorf("detached: exit %d: %s", code, stderr)
	}
}

func writeTestFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGHErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(x *ghFixture)
		args  []string
		code  int
		says  []string
	}{
		{"no run outside a checkout", nil, []string{"gh"}, ExitUsage, []string{"which run?", "https://github.com/OWNER/REPO/actions/runs/ID"}},
		{"bad URL", nil, []string{"gh", "https://github.com/o/r/issues/12"}, ExitUsage, []string{"not a workflow run URL"}},
		{"URL and --repo", nil, []string{"gh", ghRunURL, "--repo", "o/r"}, ExitUsage, []string{"not both"}},
		{"--offline latest", nil, []string{"gh", "--repo", "o/r", "--offline"}, ExitUsage, []string{"--offline needs a run URL"}},
		{"bad glob", nil, []string{"gh", ghRunURL, "--artifact", "[x"}, ExitUsage, []string{`--artifact "[x"`}},
		{"attempt mismatch", nil, []string{"gh", ghRunURL + "/attempts/1", "--attempt", "2"}, ExitUsage, []string{"does not match"}},
		{"two args", nil, []string{"gh", ghRunURL, ghRunURL}, ExitUsage, []string{"accepts at most 1 arg"}},
		{"404", func(x *ghFixture) { x.fake.Error("GET "+ghRunPath, ghtest.Testdata(x.t, "error-404.json")) }, []string{"gh", ghRunURL}, ExitInput, []string{"not found (404)", "GH_TOKEN"}},
		{"401", func(x *ghFixture) {
			x.env["GITHUB_TOKEN"] = ghToken
			x.fake.Token = ghToken
			x.fake.Error("GET "+ghRunPath, ghtest.Testdata(x.t, "error-401.json"))
		}, []string{"gh", ghRunURL}, ExitInput, []string{"rejected the token from GITHUB_TOKEN (401)"}},
		{"410", func(x *ghFixture) {
			x.fake.Error("GET "+ghRunPath+"/logs", ghtest.Testdata(x.t, "error-410-logs-expired.json"))
		}, []string{"gh", ghRunURL}, ExitInput, []string{"gone (410)", "90 days by default"}},
		{"in progress", func(x *ghFixture) { x.fake.JSON("GET "+ghRunPath, ghtest.Testdata(x.t, "run-in-progress.json")) }, []string{"gh", ghRunURL}, ExitInput, []string{"still in progress"}},
		{"corrupt zip", func(x *ghFixture) { x.fake.Blob("run-30433642-logs.zip", []byte("PK\x03\x04 cut short")) }, []string{"gh", ghRunURL}, ExitInput, []string{"truncated or not a zip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newGHFixture(t)
			if tt.setup != nil {
				tt.setup(x)
			}
			code, out, stderr := x.run(false, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			for _, s := range tt.says {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q: %s", s, stderr)
				}
			}
			if strings.Contains(out+stderr, ghToken) {
				t.Error("the token was printed")
			}
		})
	}
}

func TestGHCache(t *testing.T) {
	x := newGHFixture(t)
	if code, _, stderr := x.run(false, "gh", ghRunURL, "--no-artifacts", "-o", "json=/dev/null"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, out, _ := x.run(false, "gh", "cache", "ls")
	if code != ExitOK || !strings.Contains(out, "1 cached run attempt in "+x.cache) || !strings.Contains(out, "o/r#30433642") {
		t.Errorf("cache ls: exit %d\n%s", code, out)
	}
	for _, col := range []string{"RUN", "ATTEMPT", "CI", "failure", "main"} {
		if !strings.Contains(out, col) {
			t.Errorf("cache ls lacks %q:\n%s", col, out)
		}
	}
	code, out, _ = x.run(false, "gh", "cache", "ls", "--json")
	var ls struct {
		Dir     string
		Entries []struct {
			Dir  string
			Size int64
			Run  struct {
				RunID int64 `json:"run_id"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &ls); err != nil || code != ExitOK || len(ls.Entries) != 1 || ls.Entries[0].Run.RunID != 30433642 || ls.Entries[0].Size == 0 {
		t.Errorf("cache ls --json: %v\n%s", err, out)
	}
	// Cleaning another run or repository keeps the entry.
	for _, arg := range []string{ghRunURL[:len(ghRunURL)-1] + "3", "o/other", "ghe.example.com/o/r", ghRunURL + "/attempts/1"} {
		if code, _, stderr := x.run(false, "gh", "cache", "clean", arg); code != ExitOK || !strings.Contains(stderr, "removed 0 cached run attempts") {
			t.Errorf("clean %s: exit %d: %s", arg, code, stderr)
		}
	}
	if code, _, stderr := x.run(false, "gh", "cache", "clean", "--older-than", "1h"); code != ExitOK || !strings.Contains(stderr, "removed 0") {
		t.Errorf("clean --older-than: %d %s", code, stderr)
	}
	if code, _, stderr := x.run(false, "gh", "cache", "clean", "not a repo"); code != ExitUsage {
		t.Errorf("clean bad arg: exit %d: %s", code, stderr)
	}
	code, _, stderr := x.run(false, "gh", "cache", "clean", "O/R")
	if code != ExitOK || !strings.Contains(stderr, "removed 1 cached run attempt (") {
		t.Errorf("clean O/R: exit %d: %s", code, stderr)
	}
	if _, out, _ = x.run(false, "gh", "cache", "ls"); !strings.HasPrefix(out, "0 cached run attempts") {
		t.Errorf("after clean: %s", out)
	}
	if _, err := os.Stat(filepath.Join(x.cache, "github.com")); err == nil {
		t.Error("empty cache directories left")
	}
}

func TestGHHelpAndRegistration(t *testing.T) {
	var out bytes.Buffer
	ios := IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &out, Getenv: func(string) string { return "" }}
	if code := Main([]string{"gh", "--help"}, ios); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, s := range []string{
		"https://github.com/OWNER/REPO/actions/runs/ID", "/attempts/N", "/job/JOB_ID", "GitHub Enterprise",
		"--workflow", "--branch", "--all-jobs", "--artifact", "--offline", "GH_TOKEN", "GITHUB_TOKEN", "gh auth token",
		"90 days", "ctlog gh cache ls", "ctlog summarize", "-o json", "--fail-on",
	} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("help lacks %q", s)
		}
	}
	root := NewRoot(ios)
	names := []string{}
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	if !slices.Contains(names, "gh") {
		t.Errorf("gh is not registered: %q", names)
	}
}

// TestGHPullRequestURL: a pull request's URL reads the latest failed run of its head commit.
func TestGHPullRequestURL(t *testing.T) {
	x := newGHFixture(t)
	x.fake.JSON("GET /repos/o/r/pulls/7", []byte(`{"number": 7, "head": {"ref": "fix-cargo", "sha": "acb5820ced9479c074f688cc328bf03f341a511d"}}`))
	x.fake.JSON("GET /repos/o/r/actions/runs", ghtest.Testdata(t, "runs-failed.json"))
	code, out, stderr := x.run(false, "gh", "https://github.com/o/r/pull/7/checks", "--no-artifacts", "-o", "json")
	if code != ExitOK || !strings.Contains(out, "1_contract-tests.txt") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "latest failed run of pull request #7 (fix-cargo at acb5820ced94): "+ghRunURL) {
		t.Errorf("stderr: %s", stderr)
	}
	asked := false
	for _, r := range x.fake.Requests() {
		if r.Path == "/repos/o/r/actions/runs" {
			asked = true
			if r.Query != "head_sha=acb5820ced9479c074f688cc328bf03f341a511d&per_page=1&status=failure" {
				t.Errorf("runs query %s", r.Query)
			}
		}
	}
	if !asked {
		t.Error("the runs of the head commit were not asked for")
	}
	for _, args := range [][]string{{"--offline"}, {"--attempt", "2"}} {
		if code, _, stderr := x.run(false, append([]string{"gh", "https://github.com/o/r/pull/7"}, args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}
