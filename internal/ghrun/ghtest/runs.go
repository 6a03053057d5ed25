package ghtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Run is one completed run of a workflow, for ServeRuns.
type Run struct {
	ID         int64
	Attempt    int    // 1 when 0
	Conclusion string // success or failure
	Branch     string
	SHA        string
	Created    time.Time
	Log        string // the output of its one job, contract-tests, wrapped by JobLog
	Expired    bool   // its logs are gone: the log archive answers 410
}

// ServeRuns serves the runs of workflow file wf (contract.yml) of OWNER/REPO as GitHub does: the
// workflow's completed runs, newest first as given, perPage to a page with Link headers; each run
// attempt, its one job and its log archive; and no artifacts.
func (f *Fake) ServeRuns(owner, repo, wf string, perPage int, runs []Run) {
	f.t.Helper()
	base := fmt.Sprintf("/repos/%s/%s/actions", owner, repo)
	var pages [][]byte
	for i := 0; i < len(runs); i += perPage {
		var page []map[string]any
		for _, r := range runs[i:min(i+perPage, len(runs))] {
			page = append(page, f.runJSON(owner, repo, r))
		}
		b, err := json.Marshal(map[string]any{"total_count": len(runs), "workflow_runs": page})
		if err != nil {
			f.t.Fatal(err)
		}
		pages = append(pages, b)
	}
	if len(pages) == 0 {
		pages = append(pages, []byte(`{"total_count":0,"workflow_runs":[]}`))
	}
	f.Pages("GET "+base+"/workflows/"+wf+"/runs", pages...)
	for _, r := range runs {
		attempt := max(r.Attempt, 1)
		run := fmt.Sprintf("%s/runs/%d", base, r.ID)
		body, _ := json.Marshal(f.runJSON(owner, repo, r))
		f.JSON("GET "+run, body)
		f.JSON(fmt.Sprintf("GET %s/attempts/%d", run, attempt), body)
		jobs, _ := json.Marshal(map[string]any{"total_count": 1, "jobs": []map[string]any{{
			"id": r.ID*10 + 1, "run_id": r.ID, "run_attempt": attempt, "name": "contract-tests", "head_sha": r.SHA,
			"status": "completed", "conclusion": r.Conclusion,
		}}})
		f.JSON(fmt.Sprintf("GET %s/attempts/%d/jobs", run, attempt), jobs)
		logs := fmt.Sprintf("GET %s/attempts/%d/logs", run, attempt)
		if r.Expired {
			f.Handle(logs, func(w http.ResponseWriter, _ *http.Request) {
				WriteError(w, http.StatusGone, nil, `{"message":"Server Error","status":"410"}`)
			})
		} else {
			name := fmt.Sprintf("run-%d-logs.zip", r.ID)
			f.Redirect(logs, name)
			f.Blob(name, Zip(f.t, "1_contract-tests.txt", JobLog("schemathesis run --checks all http://127.0.0.1:8000/openapi.json", r.Log)))
		}
		f.JSON("GET "+run+"/artifacts", []byte(`{"total_count":0,"artifacts":[]}`))
	}
}

func (f *Fake) runJSON(owner, repo string, r Run) map[string]any {
	return map[string]any{
		"id": r.ID, "name": "Contract tests", "head_branch": r.Branch, "head_sha": r.SHA, "path": ".github/workflows/contract.yml",
		"run_attempt": max(r.Attempt, 1), "event": "push", "status": "completed", "conclusion": r.Conclusion,
		"html_url":   fmt.Sprintf("https://github.com/%s/%s/actions/runs/%d", owner, repo, r.ID),
		"created_at": r.Created.UTC().Format(time.RFC3339), "updated_at": r.Created.Add(9 * time.Minute).UTC().Format(time.RFC3339),
	}
}
