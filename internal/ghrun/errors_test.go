package ghrun

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/internal/ghrun/ghtest"
)

// TestErrors serves each error GitHub gives on the run endpoint (go-github's typed errors) and on
// the log endpoint (a plain status error), and checks the kind and that the message says what to do.
func TestErrors(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		token   string
		route   string // "run" or "logs"
		kind    Kind
		says    []string
		slept   []time.Duration
	}{
		{"404 anonymous", "error-404.json", "", "run", KindNotFound, []string{"run 30433642 of o/r: not found (404)", "GitHub says: Not Found", "set GH_TOKEN", "gh auth login"}, nil},
		{"404 with token", "error-404.json", testTok, "run", KindNotFound, []string{"not found (404)", "the token from GH_TOKEN cannot read the repository", "Actions read access"}, nil},
		{"404 logs", "error-404.json", "", "logs", KindNotFound, []string{"logs of run 30433642 of o/r: not found (404)", "GitHub says: Not Found"}, nil},
		{"401", "error-401.json", testTok, "run", KindUnauthorized, []string{"rejected the token from GH_TOKEN (401)", "Bad credentials", "gh auth login", "unset GH_TOKEN"}, nil},
		{"401 logs", "error-401.json", testTok, "logs", KindUnauthorized, []string{"rejected the token from GH_TOKEN (401)", "Bad credentials"}, nil},
		{"403 rate limit", "error-403-rate-limit.json", "", "run", KindRateLimit, []string{"rate limit of 60 requests an hour exceeded (403)", "(in 21m6s)", "set GH_TOKEN", "--offline"}, nil},
		{"403 rate limit logs", "error-403-rate-limit.json", testTok, "logs", KindRateLimit, []string{"rate limit of 60 requests an hour exceeded", "(in 21m6s)"}, nil},
		{"403 forbidden", "error-403-forbidden.json", testTok, "run", KindForbidden, []string{"forbidden (403)", "Resource not accessible by personal access token", "lacks a permission", "SAML"}, nil},
		{"403 secondary", "error-403-secondary-rate-limit.json", "", "run", KindSecondaryRateLimit, []string{"secondary rate limit is still in force after 3 retries", "wait a few minutes"}, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}},
		{"403 secondary Retry-After", "error-403-secondary-retry-after.json", "", "run", KindSecondaryRateLimit, []string{"after 3 retries", "wait 30 seconds"}, []time.Duration{30 * time.Second, 30 * time.Second, 30 * time.Second}},
		{"403 secondary logs", "error-403-secondary-retry-after.json", "", "logs", KindSecondaryRateLimit, []string{"secondary rate limit"}, []time.Duration{30 * time.Second, 30 * time.Second, 30 * time.Second}},
		{"410 logs", "error-410-logs-expired.json", "", "logs", KindExpired, []string{"gone (410)", "expired", "90 days by default", "Re-run the workflow"}, nil},
		{"502", "error-502.json", "", "run", KindServer, []string{"GitHub answered 502 Bad Gateway after 3 retries", "githubstatus.com"}, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{"502 logs", "error-502.json", "", "logs", KindServer, []string{"502 Bad Gateway after 3 retries"}, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.token)
			route := "GET " + runPath
			if tt.route == "logs" {
				e.fake.JSON(route, ghtest.Testdata(t, "run.json"))
				e.fake.Pages("GET "+jobsPath, ghtest.Testdata(t, "jobs-page-1.json"))
				route += "/logs"
			}
			e.fake.Error(route, ghtest.Testdata(t, tt.fixture))
			_, err := e.fetch(runLoc, FetchOptions{NoArtifacts: true})
			t.Log(err)
			if !IsKind(err, tt.kind) {
				t.Fatalf("error %v, want kind %d", err, tt.kind)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("the message shows the token: %q", err)
			}
			if !equalDurations(e.slept, tt.slept) {
				t.Errorf("waited %v, want %v", e.slept, tt.slept)
			}
			path := strings.TrimPrefix(route, "GET ")
			if n, want := e.fake.Count(path), len(tt.slept)+1; n != want {
				t.Errorf("%d requests to %s, want %d", n, path, want)
			}
			if len(tt.slept) > 0 && !hasNote(e.notes, "retrying in", "(1 of 3)") {
				t.Errorf("no retry note: %q", e.notes)
			}
			var ge *Error
			if asError(err, &ge); ge.Status == 0 {
				t.Errorf("no status in %+v", ge)
			}
		})
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryThenSuccess(t *testing.T) {
	e := newEnv(t, "")
	e.serveRun()
	var calls atomic.Int32
	run := ghtest.Testdata(t, "run.json")
	e.fake.Handle("GET "+runPath, func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			ghtest.WriteError(w, 503, nil, `{"message":"Service Unavailable"}`)
		case 2:
			h := http.Header{"Retry-After": {"7"}}
			ghtest.WriteError(w, 403, h, `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
		default:
			ghtest.WriteJSON(w, 200, nil, run)
		}
	})
	if _, err := e.fetch(runLoc, FetchOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{time.Second, 7 * time.Second}; !equalDurations(e.slept, want) {
		t.Errorf("waited %v, want %v", e.slept, want)
	}
	if !hasNote(e.notes, "503 Service Unavailable from", "retrying in 1s (1 of 3)") || !hasNote(e.notes, "secondary rate limit", "retrying in 7s (2 of 3)") {
		t.Errorf("notes %q", e.notes)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	e := newEnv(t, "")
	e.fake.Handle("GET "+runPath, func(w http.ResponseWriter, r *http.Request) {
		ghtest.WriteError(w, 429, http.Header{"Retry-After": {"3600"}}, `{"message":"You have exceeded a secondary rate limit."}`)
	})
	_, err := e.fetch(runLoc, FetchOptions{})
	if !IsKind(err, KindSecondaryRateLimit) || !strings.Contains(err.Error(), "wait 3600 seconds") {
		t.Errorf("error %v", err)
	}
	if len(e.slept) != 0 || e.fake.Count(runPath) != 1 {
		t.Errorf("waited %v with %d requests: a wait of an hour is reported, not slept", e.slept, e.fake.Count(runPath))
	}
}

func TestPrimaryRateLimit429(t *testing.T) {
	e := newEnv(t, testTok)
	e.fake.Handle("GET "+runPath, func(w http.ResponseWriter, r *http.Request) {
		h := http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Limit": {"5000"}, "X-Ratelimit-Reset": {"1377013266"}}
		ghtest.WriteError(w, 429, h, `{"message":"API rate limit exceeded"}`)
	})
	_, err := e.fetch(runLoc, FetchOptions{})
	if !IsKind(err, KindRateLimit) || !strings.Contains(err.Error(), "5000 requests an hour exceeded (429)") || strings.Contains(err.Error(), "set GH_TOKEN") {
		t.Errorf("error %v", err)
	}
	if len(e.slept) != 0 {
		t.Errorf("a primary rate limit was retried: %v", e.slept)
	}
}

func TestNetworkError(t *testing.T) {
	e := newEnv(t, "")
	e.fake.API.Close()
	_, err := e.fetch(runLoc, FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), "check the network connection") {
		t.Errorf("error %v", err)
	}
}

func TestLatestFailedRun(t *testing.T) {
	repo := Locator{Host: "github.com", Owner: "o", Repo: "r"}
	failed := ghtest.Testdata(t, "runs-failed.json")
	check := func(e *env, path, wantQuery string) {
		t.Helper()
		for _, r := range e.fake.Requests() {
			if r.Path == path && r.Query != wantQuery {
				t.Errorf("%s?%s, want query %s", path, r.Query, wantQuery)
			}
		}
		if e.fake.Count(path) != 1 {
			t.Errorf("%s not asked", path)
		}
	}
	t.Run("file", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/o/r/actions/workflows/ci.yml/runs", failed)
		run, err := e.c.LatestFailedRun(t.Context(), repo, ".github/workflows/ci.yml", "main", "")
		if err != nil || run.GetID() != 30433642 {
			t.Fatalf("run %v, %v", run, err)
		}
		check(e, "/repos/o/r/actions/workflows/ci.yml/runs", "branch=main&per_page=1&status=failure")
	})
	t.Run("name through paginated workflows", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.Pages("GET /repos/o/r/actions/workflows", ghtest.Testdata(t, "workflows-page-1.json"), ghtest.Testdata(t, "workflows-page-2.json"))
		e.fake.JSON("GET /repos/o/r/actions/workflows/159038/runs", failed)
		run, err := e.c.LatestFailedRun(t.Context(), repo, "ci", "", "")
		if err != nil || run.GetID() != 30433642 {
			t.Fatalf("run %v, %v", run, err)
		}
		check(e, "/repos/o/r/actions/workflows/159038/runs", "per_page=1&status=failure")
		if e.fake.Count("/repos/o/r/actions/workflows") != 2 {
			t.Error("the second page of workflows was not read")
		}
	})
	t.Run("id", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/o/r/actions/workflows/159038/runs", failed)
		if _, err := e.c.LatestFailedRun(t.Context(), repo, "159038", "main", ""); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("any workflow", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/o/r/actions/runs", failed)
		if _, err := e.c.LatestFailedRun(t.Context(), repo, "", "feature/x", ""); err != nil {
			t.Fatal(err)
		}
		check(e, "/repos/o/r/actions/runs", "branch=feature%2Fx&per_page=1&status=failure")
	})
	t.Run("none", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/o/r/actions/workflows/ci.yml/runs", ghtest.Testdata(t, "runs-none.json"))
		_, err := e.c.LatestFailedRun(t.Context(), repo, "ci.yml", "main", "")
		if !IsKind(err, KindNoRun) || !strings.Contains(err.Error(), "no failed run on branch main") || !strings.Contains(err.Error(), "--branch") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("unknown name", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.Pages("GET /repos/o/r/actions/workflows", ghtest.Testdata(t, "workflows-page-1.json"), ghtest.Testdata(t, "workflows-page-2.json"))
		_, err := e.c.LatestFailedRun(t.Context(), repo, "Deploy", "", "")
		if !IsKind(err, KindNoRun) || !strings.Contains(err.Error(), `"CI" (ci.yml)`) || !strings.Contains(err.Error(), `"Lint" (lint.yaml)`) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("workflow 404", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.Error("GET /repos/o/r/actions/workflows/ci.yml/runs", ghtest.Testdata(t, "error-404.json"))
		_, err := e.c.LatestFailedRun(t.Context(), repo, "ci.yml", "", "")
		if !IsKind(err, KindNotFound) || !strings.Contains(err.Error(), "failed runs of workflow ci.yml in o/r") {
			t.Errorf("error %v", err)
		}
	})
}

// TestEnterprise reads a run from a GitHub Enterprise host, whose API lives under /api/v3.
func TestEnterprise(t *testing.T) {
	fake := ghtest.New(t)
	fake.Prefix = "/api/v3"
	fake.Token = "ghe-token"
	fake.JSON("GET "+runPath, ghtest.Testdata(t, "run.json"))
	fake.Pages("GET "+jobsPath, ghtest.Testdata(t, "jobs-page-1.json"))
	fake.Redirect("GET "+runPath+"/logs", "logs.zip")
	fake.Blob("logs.zip", ghtest.Zip(t, "1_contract-tests.txt", "x", "2_lint.txt", "y"))
	c, err := New(Config{Host: "ghe.example.com", BaseURL: fake.BaseURL(), Token: Token{Value: "ghe-token", Source: "GH_ENTERPRISE_TOKEN"}})
	if err != nil {
		t.Fatal(err)
	}
	cache := Cache{Dir: t.TempDir()}
	loc := Locator{Host: "ghe.example.com", Owner: "o", Repo: "r", RunID: 30433642}
	res, err := Fetch(t.Context(), c, cache, loc, FetchOptions{NoArtifacts: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Dir, "ghe.example.com") || res.Meta.Host != "ghe.example.com" {
		t.Errorf("cached in %s", res.Dir)
	}
}

// TestRedirect301 follows a 301 of the log endpoint (a renamed repository) as go-github does, and
// sends the token to the API host only: not to another host the 301 names, not to the storage.
func TestRedirect301(t *testing.T) {
	e := newEnv(t, testTok)
	var otherAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth = append(otherAuth, r.Header.Get("Authorization"))
		w.Header().Set("Location", e.fake.SignedURL("moved-logs.zip"))
		w.WriteHeader(http.StatusFound)
	}))
	defer other.Close()
	e.fake.Handle("GET "+runPath+"/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", other.URL+"/repos/o/renamed/actions/runs/30433642/logs")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	u, err := e.c.RunLogsURL(t.Context(), runLoc, 0)
	if err != nil || u != e.fake.SignedURL("moved-logs.zip") {
		t.Fatalf("RunLogsURL = %q, %v", u, err)
	}
	if len(otherAuth) != 1 || otherAuth[0] != "" {
		t.Errorf("the other host got Authorization %q", otherAuth)
	}
}
