package command

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/internal/ghrun/ghtest"
)

func readLog(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata/logs", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sha(i int) string { return fmt.Sprintf("%040x", 0xabc000+i) }

// historyFixture serves 30 completed runs of contract.yml in o/r, 10 to a page, oldest (run 5000)
// first in time: run 5000 passed; every other run has the groups of ci-hooks-not-loaded.log
// (persistent from run 5001); workers-4.log's groups join at run 5012 (introduced by sha(12));
// bodies.log's groups are in odd runs from 5015 and in the latest (intermittent); run 5020's logs
// have expired.
func historyFixture(t *testing.T) *ghFixture {
	x := &ghFixture{t: t, fake: ghtest.New(t), cache: t.TempDir(), work: t.TempDir(), env: map[string]string{}}
	base, later, flaky := readLog(t, "ci-hooks-not-loaded.log"), readLog(t, "workers-4.log"), readLog(t, "bodies.log")
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var runs []ghtest.Run
	for i := range 30 {
		r := ghtest.Run{ID: int64(5000 + i), Conclusion: "failure", Branch: "main", SHA: sha(i), Created: start.Add(time.Duration(i) * 6 * time.Hour), Log: base}
		switch {
		case i == 0:
			r.Conclusion, r.Log = "success", readLog(t, "passing.log")
		case i == 20:
			r.Expired = true
		}
		if i >= 12 {
			r.Log += later
		}
		if i >= 15 && i%2 == 1 || i == 29 {
			r.Log += flaky
		}
		runs = append([]ghtest.Run{r}, runs...) // GitHub lists the newest first
	}
	x.fake.ServeRuns("o", "r", "contract.yml", 10, runs)
	return x
}

type historyDoc struct {
	RunsStored int `json:"runs_stored"`
	Runs       []struct {
		Identity, Commit, Conclusion string
		Groups                       int
		STRuns                       int `json:"schemathesis_runs"`
	}
	Groups []struct {
		Key, Operation, Title, Verdict string
		Seen, Window, LongestStreak    int
		FirstSeen                      struct{ Commit, URL string } `json:"first_seen"`
	}
}

// TestGHHistoryBackfill: `ctlog gh history` walks 30 runs over three pages, records 29 (one passed,
// with no group), names the one with expired logs, and `ctlog history` then says when each group
// started and whether it stays; `history introduced` gives the commit range; a second backfill and
// `ctlog gh --record` of a stored run change nothing.
func TestGHHistoryBackfill(t *testing.T) {
	x := historyFixture(t)
	store := filepath.Join(t.TempDir(), "o_r.db")
	code, _, errOut := x.run(false, "gh", "history", "--repo", "o/r", "--workflow", "contract.yml", "--last", "30", "--history", store)
	if code != ExitOK {
		t.Fatalf("gh history: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"[1/30] run 5000 (success, main, 2026-11-01 08:00): 0 failure groups", "[30/30] run 5029", "run 5020 (failure, main, 2026-11-06 08:00): logs expired, skipped",
		"recorded 29 runs in " + store + " (0 already there, 1 with expired logs, 0 unreadable)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("gh history stderr lacks %q:\n%s", want, errOut)
		}
	}
	if n := x.fake.Count("/repos/o/r/actions/workflows/contract.yml/runs"); n != 3 {
		t.Errorf("%d requests for the run list, want 3 pages", n)
	}

	code, out, errOut := x.run(false, "history", "--history", store, "--last", "10", "-o", "json")
	if code != ExitOK {
		t.Fatalf("history: exit %d\n%s", code, errOut)
	}
	var doc historyDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("history -o json: %v\n%s", err, out)
	}
	if doc.RunsStored != 29 || len(doc.Runs) != 10 || doc.Runs[9].Commit != sha(29) {
		t.Fatalf("history: %d runs stored, %d in the window; want 29 and 10 ending with %s", doc.RunsStored, len(doc.Runs), sha(29))
	}
	verdicts := map[string]int{}
	firsts := map[string]bool{}
	for _, g := range doc.Groups {
		verdicts[g.Verdict]++
		firsts[g.Verdict+" "+g.FirstSeen.Commit] = true
	}
	// 10 persistent groups from sha(1), 5 from sha(12); bodies.log's 12 come and go from sha(15).
	if verdicts[Persistent] != 15 || verdicts[Intermittent] != 12 || !firsts[Persistent+" "+sha(1)] || !firsts[Persistent+" "+sha(12)] || !firsts[Intermittent+" "+sha(15)] {
		t.Errorf("verdicts %v, first seen %v", verdicts, firsts)
	}

	var later string
	for _, g := range doc.Groups {
		if g.FirstSeen.Commit == sha(12) {
			later = g.Key
			break
		}
	}
	code, out, errOut = x.run(false, "history", "introduced", later[:8], "--history", store)
	wantRange := sha(11) + ".." + sha(12)
	if code != ExitOK || !strings.Contains(out, wantRange) || !strings.Contains(out, "https://github.com/o/r/compare/"+sha(11)+"..."+sha(12)) ||
		!strings.Contains(out, "https://github.com/o/r/actions/runs/5012") {
		t.Errorf("history introduced: exit %d, want the range %s and links\n%s%s", code, wantRange, out, errOut)
	}

	code, out, _ = x.run(false, "history", "--history", store, "--last", "10")
	if code != ExitOK || !strings.Contains(out, "persistent") || !strings.Contains(out, "10/10") || !strings.Contains(out, "█") {
		t.Errorf("history text: exit %d\n%s", code, out)
	}

	code, out, _ = x.run(false, "history", "--history", store, "--last", "10", "-o", "markdown")
	if code != ExitOK || !strings.Contains(out, "| Verdict | Seen |") || !strings.Contains(out, "| persistent | 10 of 10 |") ||
		!strings.Contains(out, "[2026-11-08 14:00](https://github.com/o/r/actions/runs/5029)") {
		t.Errorf("history -o markdown: exit %d\n%s", code, out)
	}
	exp := t.TempDir()
	code, _, errOut = x.run(false, "history", "export", "--history", store, "--dir", exp)
	runsOut, _ := os.ReadFile(filepath.Join(exp, "runs.ndjson"))
	if code != ExitOK || strings.Count(string(runsOut), "\n") != 29 || !strings.Contains(errOut, "exported 29 runs") {
		t.Errorf("history export: exit %d, %d run rows\n%s", code, strings.Count(string(runsOut), "\n"), errOut)
	}
	if code, _, errOut = x.run(false, "history", "export", "-o", "parquet", "--history", store, "--dir", exp); code != ExitUsage || !strings.Contains(errOut, "DuckDB") {
		t.Errorf("history export -o parquet: exit %d\n%s", code, errOut)
	}
	code, _, errOut = x.run(false, "history", "--history", filepath.Join(t.TempDir(), "none.db"))
	if code != ExitInput || !strings.Contains(errOut, "no history store at ") || !strings.Contains(errOut, "gh history") {
		t.Errorf("history without a store: exit %d\n%s", code, errOut)
	}

	code, _, errOut = x.run(false, "gh", "history", "--repo", "o/r", "--workflow", "contract.yml", "--last", "30", "--history", store)
	if code != ExitOK || !strings.Contains(errOut, "recorded 0 runs in "+store+" (29 already there, 1 with expired logs") {
		t.Errorf("second gh history: exit %d\n%s", code, errOut)
	}
	code, _, errOut = x.run(false, "gh", "--repo", "o/r", "--run", "5013", "--record", "--history", store, "-o", "json=/dev/null")
	if code != ExitOK || !strings.Contains(errOut, "github.com/o/r/5013/1 is already recorded in "+store) {
		t.Errorf("gh --record of a backfilled run: exit %d\n%s", code, errOut)
	}
}

// Verdict names as the JSON says them.
const (
	Persistent   = "persistent"
	Intermittent = "intermittent"
)
