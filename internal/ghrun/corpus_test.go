package ghrun

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/internal/ghrun/ghtest"
)

// TestCorpusResponses serves the real REST responses of the shared corpus as they are: the client
// decodes them, pages through them, reads the 302s' signed URLs and sorts their errors.
func TestCorpusResponses(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "github-api")
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("corpus: %v", err)
		}
		return b
	}
	repo := Locator{Host: "github.com", Owner: "octo-org", Repo: "octo-repo"}

	t.Run("lists", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/octo-org/octo-repo/actions/workflows/build.yml/runs", read("list-workflow-runs.json"))
		run, err := e.c.LatestFailedRun(t.Context(), repo, "build.yml", "master", "")
		if err != nil || run.GetID() != 30433642 || run.GetName() != "Build" {
			t.Fatalf("LatestFailedRun = %v, %v", run, err)
		}
		// The pagination doc's Link header on page 1 (its URLs name another host: only the page
		// number is taken), no Link on the last page.
		var links map[string]string
		if err := json.Unmarshal(read("pagination-link-headers.json"), &links); err != nil {
			t.Fatal(err)
		}
		jobs := read("list-jobs-for-workflow-run.json")
		loc := repo
		loc.RunID = 30433642
		e.fake.Handle("GET /repos/octo-org/octo-repo/actions/runs/30433642/attempts/1/jobs", func(w http.ResponseWriter, r *http.Request) {
			h := http.Header{}
			if r.URL.Query().Get("page") == "" {
				h.Set("Link", links["docs_example_per_page"])
			}
			ghtest.WriteJSON(w, 200, h, jobs)
		})
		got, err := e.c.Jobs(t.Context(), loc, 1)
		if err != nil || len(got) != 2 || got[0].GetName() != "build" || got[0].GetConclusion() != "success" {
			t.Fatalf("Jobs = %d jobs, %v", len(got), err)
		}
		e.fake.JSON("GET /repos/octo-org/octo-repo/actions/runs/30433642/artifacts", read("list-workflow-run-artifacts.json"))
		arts, err := e.c.Artifacts(t.Context(), loc)
		if err != nil || len(arts) != 2 || arts[1].GetName() != "Test output" || arts[1].GetExpired() {
			t.Fatalf("Artifacts = %v, %v", arts, err)
		}
	})

	t.Run("redirects", func(t *testing.T) {
		// The Location GitHub gives is returned as it is, never fetched here (it names a real host).
		e := newEnv(t, "")
		loc := repo
		loc.RunID = 19
		for route, file := range map[string]string{
			"GET /repos/octo-org/octo-repo/actions/runs/19/logs":            "download-workflow-run-logs.302.json",
			"GET /repos/octo-org/octo-repo/actions/runs/19/attempts/1/logs": "download-workflow-run-attempt-logs.302.json",
			"GET /repos/octo-org/octo-repo/actions/jobs/19/logs":            "download-job-logs-for-workflow-run.302.json",
			"GET /repos/octo-org/octo-repo/actions/artifacts/19/zip":        "download-artifact.302.json",
		} {
			var d struct {
				Responses map[string]struct {
					Headers map[string]string `json:"headers"`
				} `json:"responses"`
			}
			if err := json.Unmarshal(read(file), &d); err != nil {
				t.Fatal(err)
			}
			location := d.Responses["302"].Headers["Location"]
			e.fake.Handle(route, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", location)
				w.WriteHeader(http.StatusFound)
			})
			var got string
			var err error
			switch file {
			case "download-workflow-run-logs.302.json":
				got, err = e.c.RunLogsURL(t.Context(), loc, 0)
			case "download-workflow-run-attempt-logs.302.json":
				got, err = e.c.RunLogsURL(t.Context(), loc, 1)
			case "download-job-logs-for-workflow-run.302.json":
				got, err = e.c.JobLogsURL(t.Context(), loc, 19)
			default:
				got, err = e.c.ArtifactURL(t.Context(), loc, 19, "a")
			}
			if err != nil || got != location {
				t.Errorf("%s: %q, %v; want %q", file, got, err, location)
			}
		}
		for _, r := range e.fake.Requests() {
			if r.Host != "api" {
				t.Errorf("fetched %s", r.Path)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		for file, kind := range map[string]Kind{
			"error-401-bad-credentials.json":      KindUnauthorized,
			"error-403-rate-limit.json":           KindRateLimit,
			"error-403-secondary-rate-limit.json": KindSecondaryRateLimit,
			"error-404-not-found.json":            KindNotFound,
			"error-410-job-logs-expired.json":     KindExpired,
		} {
			e := newEnv(t, "")
			route := "GET /repos/octo-org/octo-repo/actions/runs/1"
			if kind == KindExpired {
				route = "GET /repos/octo-org/octo-repo/actions/jobs/1/logs"
			}
			e.fake.Error(route, read(file))
			loc := repo
			loc.RunID = 1
			var err error
			if kind == KindExpired {
				_, err = e.c.JobLogsURL(t.Context(), loc, 1)
			} else {
				_, err = e.c.Run(t.Context(), loc)
			}
			if !IsKind(err, kind) {
				t.Errorf("%s: %v, want kind %d", file, err, kind)
			}
		}
	})

	t.Run("queued run", func(t *testing.T) {
		e := newEnv(t, "")
		e.fake.JSON("GET /repos/octo-org/octo-repo/actions/runs/30433642", read("get-workflow-run.json"))
		loc := repo
		loc.RunID = 30433642
		if _, err := e.fetch(loc, FetchOptions{}); !IsKind(err, KindNotReady) {
			t.Errorf("queued run: %v", err)
		}
	})
}
