package history

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlog-dev/ctlog/classify"
)

// RunRow is one row of runs.ndjson (docs/history.md: table runs).
type RunRow struct {
	Repo              string          `json:"repo"`
	Identity          string          `json:"identity"`
	Commit            string          `json:"commit"`
	Branch            string          `json:"branch"`
	Workflow          string          `json:"workflow"`
	URL               string          `json:"url"`
	Conclusion        string          `json:"conclusion"`
	StartedAt         time.Time       `json:"started_at"`
	RecordedAt        time.Time       `json:"recorded_at"`
	SchemathesisRuns  int             `json:"schemathesis_runs"`
	Complete          bool            `json:"complete"`
	Groups            int             `json:"groups"`
	Failures          int             `json:"failures"`
	ServerErrorGroups int             `json:"server_error_groups"`
	Errors            int             `json:"errors"`
	Settings          json.RawMessage `json:"settings"`
}

// GroupRow is one row of run_groups.ndjson: a failure group of a run, with the run's facts beside it
// (docs/history.md: table run_groups).
type GroupRow struct {
	Repo        string    `json:"repo"`
	RunIdentity string    `json:"run_identity"`
	Commit      string    `json:"commit"`
	Branch      string    `json:"branch"`
	Workflow    string    `json:"workflow"`
	StartedAt   time.Time `json:"started_at"`
	GroupKey    string    `json:"group_key"`
	Operation   string    `json:"operation"`
	Method      string    `json:"method"`
	Path        string    `json:"path"`
	Check       string    `json:"check"`
	Title       string    `json:"title"`
	Status      int       `json:"status"`
	Signature   string    `json:"signature"`
	Count       int       `json:"count"`
	Flaky       int       `json:"flaky"`
}

// ExportNDJSON writes runs.ndjson and run_groups.ndjson into dir and returns the number of group rows.
func ExportNDJSON(dir string, d *Data) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("export to %s: %w", dir, err)
	}
	err := writeRows(filepath.Join(dir, "runs.ndjson"), func(enc *json.Encoder) error {
		for _, r := range d.Runs {
			settings := json.RawMessage(r.Settings)
			if !json.Valid(settings) {
				settings = json.RawMessage("{}")
			}
			if err := enc.Encode(RunRow{Repo: r.Repo, Identity: r.Identity, Commit: r.Commit, Branch: r.Branch, Workflow: r.Workflow,
				URL: r.URL, Conclusion: r.Conclusion, StartedAt: r.Time, RecordedAt: r.Recorded, SchemathesisRuns: r.STRuns,
				Complete: r.Complete, Groups: r.Groups, Failures: r.Failures, ServerErrorGroups: r.ServerErrors, Errors: r.Errors,
				Settings: settings}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	err = writeRows(filepath.Join(dir, "run_groups.ndjson"), func(enc *json.Encoder) error {
		for i, r := range d.Runs {
			for _, p := range d.In[i] {
				g := d.Groups[p.Group]
				method, path := classify.MethodPath(g.Operation)
				if err := enc.Encode(GroupRow{Repo: r.Repo, RunIdentity: r.Identity, Commit: r.Commit, Branch: r.Branch,
					Workflow: r.Workflow, StartedAt: r.Time, GroupKey: g.Key, Operation: g.Operation, Method: method, Path: path,
					Check: g.Check, Title: g.Title, Status: g.Status, Signature: g.Signature, Count: p.Count, Flaky: p.Flaky}); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

func writeRows(path string, write func(*json.Encoder) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err = write(enc)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}
