package ghrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in   string
		want Locator
	}{
		{"https://github.com/o/r/actions/runs/30433642", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642}},
		{"https://github.com/o/r/actions/runs/30433642/", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642}},
		{"github.com/o/r/actions/runs/30433642", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642}},
		{"  https://www.github.com/Octo-Org/octo.repo_2/actions/runs/1?pr=12#summary  ", Locator{Host: "github.com", Owner: "Octo-Org", Repo: "octo.repo_2", RunID: 1}},
		{"https://github.com/o/r/actions/runs/30433642/attempts/2", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642, Attempt: 2}},
		{"https://github.com/o/r/actions/runs/30433642/job/399444496", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642, JobID: 399444496}},
		{"https://github.com/o/r/actions/runs/30433642/job/399444496?pr=7#step:5:12", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642, JobID: 399444496}},
		{"https://github.com/o/r/actions/runs/30433642/jobs/399444496", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642, JobID: 399444496}},
		{"https://github.com/o/r/pull/7", Locator{Host: "github.com", Owner: "o", Repo: "r", PR: 7}},
		{"https://github.com/o/r/pull/7/checks?check_run_id=1", Locator{Host: "github.com", Owner: "o", Repo: "r", PR: 7}},
		{"https://ghe.example.com/o/r/pull/12/files", Locator{Host: "ghe.example.com", Owner: "o", Repo: "r", PR: 12}},
		{"https://github.com/o/r/actions/runs/30433642/attempts/3/job/5", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642, Attempt: 3, JobID: 5}},
		{"https://github.com/o/r/actions/runs/30433642/workflow", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 30433642}},
		{"https://GHE.example.com/team/api/actions/runs/77", Locator{Host: "ghe.example.com", Owner: "team", Repo: "api", RunID: 77}},
		{"https://ghe.example.com:8443/team/api/actions/runs/77/attempts/1", Locator{Host: "ghe.example.com:8443", Owner: "team", Repo: "api", RunID: 77, Attempt: 1}},
		{"https://api.github.com/repos/o/r/actions/runs/9", Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 9}},
		{"https://ghe.example.com/api/v3/repos/o/r/actions/runs/9", Locator{Host: "ghe.example.com", Owner: "o", Repo: "r", RunID: 9}},
	}
	for _, tt := range tests {
		got, err := ParseURL(tt.in)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	bad := []struct{ in, why string }{
		{"", "not a URL"},
		{"ftp://github.com/o/r/actions/runs/1", "only http and https"},
		{"https://github.com/o/r", "/OWNER/REPO/actions/runs/ID"},
		{"https://github.com/o/r/actions", "names no run"},
		{"https://github.com/o/r/actions/workflows/ci.yml", "names no run"},
		{"https://github.com/o/r/actions/runs", "run ID is missing"},
		{"https://github.com/o/r/actions/runs/abc", "not a number"},
		{"https://github.com/o/r/actions/runs/0", "not a number"},
		{"https://github.com/o/r/actions/runs/1/attempts", "attempt number is missing"},
		{"https://github.com/o/r/actions/runs/1/attempts/x", "not a number"},
		{"https://github.com/o/r/actions/runs/1/job/", "job ID is missing"},
		{"https://github.com/o/r/actions/runs/1/bogus", `unexpected "/bogus"`},
		{"https://github.com/o/../actions/runs/1", "characters GitHub does not allow"},
		{"https://github.com/o%2F../r/actions/runs/1", "path does not have the form"},
		{"https://bad_host!/o/r/actions/runs/1", "not a"},
		{"https://github.com/o/r/pull/x", "pull request number"},
		{"https://github.com/o/r/pull/0", "pull request number"},
		{"https://github.com/o/../pull/3", "characters GitHub does not allow"},
	}
	for _, tt := range bad {
		_, err := ParseURL(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("ParseURL(%q) error = %v, want one saying %q", tt.in, err, tt.why)
		}
		if err != nil && !strings.Contains(err.Error(), "https://github.com/OWNER/REPO/actions/runs/ID") && tt.in != "https://bad_host!/o/r/actions/runs/1" {
			t.Errorf("ParseURL(%q) error %q does not show the URL form", tt.in, err)
		}
	}
}

func TestLocatorNames(t *testing.T) {
	l := Locator{Host: "github.com", Owner: "o", Repo: "r", RunID: 5, Attempt: 2, JobID: 9}
	if got := l.String(); got != "o/r run 5 attempt 2 job 9" {
		t.Errorf("String = %q", got)
	}
	if got := l.WebURL(); got != "https://github.com/o/r/actions/runs/5/attempts/2/job/9" {
		t.Errorf("WebURL = %q", got)
	}
	if back, err := ParseURL(l.WebURL()); err != nil || back != l {
		t.Errorf("ParseURL(WebURL) = %+v, %v", back, err)
	}
	g := Locator{Host: "ghe.example.com", Owner: "o", Repo: "r", RunID: 5}
	if got := g.RepoName(); got != "ghe.example.com/o/r" {
		t.Errorf("RepoName = %q", got)
	}
	if got := APIBaseURL("github.com"); got != "https://api.github.com/" {
		t.Errorf("APIBaseURL(github.com) = %q", got)
	}
	if got := APIBaseURL("ghe.example.com"); got != "https://ghe.example.com/api/v3/" {
		t.Errorf("APIBaseURL(ghe) = %q", got)
	}
}

func TestParseRepo(t *testing.T) {
	tests := []struct {
		in, host string
		want     Locator
	}{
		{"o/r", "", Locator{Host: "github.com", Owner: "o", Repo: "r"}},
		{"o/r", "ghe.example.com", Locator{Host: "ghe.example.com", Owner: "o", Repo: "r"}},
		{"GHE.example.com/o/r", "", Locator{Host: "ghe.example.com", Owner: "o", Repo: "r"}},
		{"https://github.com/o/r.git", "", Locator{Host: "github.com", Owner: "o", Repo: "r"}},
		{"https://github.com/o/r/", "", Locator{Host: "github.com", Owner: "o", Repo: "r"}},
	}
	for _, tt := range tests {
		got, err := ParseRepo(tt.in, tt.host)
		if err != nil || got != tt.want {
			t.Errorf("ParseRepo(%q, %q) = %+v, %v; want %+v", tt.in, tt.host, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "o", "a/b/c/d", "o/..", "o/r r", "bad host!/o/r"} {
		if _, err := ParseRepo(in, ""); err == nil {
			t.Errorf("ParseRepo(%q) accepted", in)
		}
	}
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindCheckout(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	writeFile(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/feature/contract-tests\n")
	writeFile(t, filepath.Join(repo, ".git", "config"), `[core]
	repositoryformatversion = 0
	bare = false
[remote "origin"]
	url = git@github.com:Octo-Org/octo-repo.git ; a comment
	fetch = +refs/heads/*:refs/remotes/origin/*
[remote "upstream"]
	url = https://ghe.example.com/team/api.git
[branch "main"]
	remote = upstream
	merge = refs/heads/main
`)
	sub := filepath.Join(repo, "src", "pkg")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	co, err := FindCheckout(sub)
	if err != nil {
		t.Fatal(err)
	}
	want := Locator{Host: "github.com", Owner: "Octo-Org", Repo: "octo-repo"}
	if co.Branch != "feature/contract-tests" || co.Remote != "origin" || co.Repo != want || co.Dir != repo {
		t.Errorf("FindCheckout = %+v", co)
	}

	// The branch's own remote wins over origin.
	writeFile(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	co, err = FindCheckout(repo)
	if err != nil {
		t.Fatal(err)
	}
	if co.Remote != "upstream" || co.Repo != (Locator{Host: "ghe.example.com", Owner: "team", Repo: "api"}) {
		t.Errorf("branch remote: %+v", co)
	}

	// Detached HEAD: no branch.
	writeFile(t, filepath.Join(repo, ".git", "HEAD"), "acb5820ced9479c074f688cc328bf03f341a511d\n")
	if co, err = FindCheckout(repo); err != nil || co.Branch != "" {
		t.Errorf("detached: %+v, %v", co, err)
	}

	// A worktree: .git is a file, the config is in the common directory.
	wt := filepath.Join(dir, "wt")
	writeFile(t, filepath.Join(repo, ".git", "worktrees", "wt", "HEAD"), "ref: refs/heads/fix\n")
	writeFile(t, filepath.Join(repo, ".git", "worktrees", "wt", "commondir"), "../..\n")
	writeFile(t, filepath.Join(wt, ".git"), "gitdir: "+filepath.Join(repo, ".git", "worktrees", "wt")+"\n")
	if co, err = FindCheckout(wt); err != nil || co.Branch != "fix" || co.Repo.Repo != "octo-repo" {
		t.Errorf("worktree: %+v, %v", co, err)
	}

	// No remote.
	bare := filepath.Join(dir, "bare")
	writeFile(t, filepath.Join(bare, ".git", "HEAD"), "ref: refs/heads/main\n")
	writeFile(t, filepath.Join(bare, ".git", "config"), "[core]\n\tbare = false\n")
	if _, err := FindCheckout(bare); err == nil || !strings.Contains(err.Error(), "--repo") {
		t.Errorf("no remote: %v", err)
	}

	// Not a checkout (the temp dir is outside any repository on a clean machine; skip otherwise).
	if _, err := FindCheckout(filepath.Join(dir, "nowhere")); err != nil && err != ErrNoCheckout {
		t.Errorf("no checkout: %v", err)
	}
}

func TestParseRemoteURL(t *testing.T) {
	tests := map[string]Locator{
		"https://github.com/o/r.git":                {Host: "github.com", Owner: "o", Repo: "r"},
		"https://user@github.com/o/r":               {Host: "github.com", Owner: "o", Repo: "r"},
		"git@github.com:o/r.git":                    {Host: "github.com", Owner: "o", Repo: "r"},
		"ssh://git@github.com/o/r.git":              {Host: "github.com", Owner: "o", Repo: "r"},
		"ssh://git@ssh.github.com:443/o/r.git":      {Host: "github.com", Owner: "o", Repo: "r"},
		"ssh://git@ghe.example.com:2222/team/api":   {Host: "ghe.example.com", Owner: "team", Repo: "api"},
		"https://ghe.example.com:8443/team/api.git": {Host: "ghe.example.com:8443", Owner: "team", Repo: "api"},
	}
	for in, want := range tests {
		got, err := parseRemoteURL(in)
		if err != nil || got != want {
			t.Errorf("parseRemoteURL(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"/srv/git/r.git", "https://github.com/o", "git@github.com:o/r/x.git"} {
		if _, err := parseRemoteURL(in); err == nil {
			t.Errorf("parseRemoteURL(%q) accepted", in)
		}
	}
}

func TestFindToken(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	gh := func(tok string) func(context.Context, string) string {
		return func(context.Context, string) string { return tok }
	}
	ctx := context.Background()
	tests := []struct {
		name   string
		host   string
		env    map[string]string
		gh     string
		value  string
		source string
	}{
		{"GH_TOKEN first", "github.com", map[string]string{"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}, "c", "a", "GH_TOKEN"},
		{"GITHUB_TOKEN", "github.com", map[string]string{"GITHUB_TOKEN": " b\n"}, "c", "b", "GITHUB_TOKEN"},
		{"gh auth token", "github.com", nil, "c\n", "c", "gh auth token"},
		{"anonymous", "github.com", nil, "", "", ""},
		{"enterprise vars", "ghe.example.com", map[string]string{"GH_TOKEN": "a", "GH_ENTERPRISE_TOKEN": "e"}, "", "e", "GH_ENTERPRISE_TOKEN"},
		{"a github.com token is not sent to another host", "ghe.example.com", map[string]string{"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}, "", "", ""},
		{"GITHUB_ENTERPRISE_TOKEN", "ghe.example.com", map[string]string{"GITHUB_ENTERPRISE_TOKEN": "f"}, "g", "f", "GITHUB_ENTERPRISE_TOKEN"},
		{"gh for enterprise", "ghe.example.com", nil, "g", "g", "gh auth token"},
		{"ghe.com is github.com's", "acme.ghe.com", map[string]string{"GH_TOKEN": "a"}, "", "a", "GH_TOKEN"},
	}
	for _, tt := range tests {
		got := FindToken(ctx, tt.host, env(tt.env), gh(tt.gh))
		if got.Value != tt.value || got.Source != tt.source {
			t.Errorf("%s: FindToken = %q from %q, want %q from %q", tt.name, got.Value, got.Source, tt.value, tt.source)
		}
	}
	tok := Token{Value: "ghp_secretsecret", Source: "GH_TOKEN"}
	for _, s := range []string{tok.String(), tok.GoString()} {
		if strings.Contains(s, "secret") {
			t.Errorf("Token shows its value: %q", s)
		}
	}
}

func TestSanitizeJobName(t *testing.T) {
	tests := map[string]string{
		"build":                       "build",
		"docs / build":                "docs  build",
		"test: unit (ubuntu, 3.12)":   "test unit (ubuntu, 3.12)",
		" padded ":                    "padded",
		strings.Repeat("x", 100):      strings.Repeat("x", 90),
		strings.Repeat("x", 89) + "😀": strings.Repeat("x", 89), // the emoji's surrogate pair is split at 90
	}
	for in, want := range tests {
		if got := sanitizeJobName(in); got != want {
			t.Errorf("sanitizeJobName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadCommit(t *testing.T) {
	const a, b = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	tests := []struct {
		name  string
		head  string
		files map[string]string // relative to the git dir
		want  string
	}{
		{"detached", a, nil, a},
		{"loose ref", "ref: refs/heads/main", map[string]string{"refs/heads/main": a + "\n"}, a},
		{"packed ref", "ref: refs/heads/dev", map[string]string{"packed-refs": "# pack-refs with: peeled fully-peeled sorted\n" + a + " refs/heads/main\n" + b + " refs/heads/dev\n"}, b},
		{"unborn branch", "ref: refs/heads/new", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := headCommit(tt.head, dir, dir); got != tt.want {
				t.Errorf("headCommit(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}
