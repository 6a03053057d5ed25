package history

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchStore records runs runs of up to groups failure groups each (each group of a pool of
// groups+groups/5 is in a run with a chance that depends on the group) and returns the store.
func benchStore(b *testing.B, runs, groups int) *Store {
	b.Helper()
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]Group, groups+groups/5)
	for i := range pool {
		pool[i] = Group{Key: fmt.Sprintf("%016x", rng.Uint64()), Operation: fmt.Sprintf("POST /api/v2/resource-%d/{id}/items/", i),
			Check: "not_a_server_error", Title: "Server error", Status: 500, Signature: fmt.Sprintf("KeyError: 'field_%d' in handler.py:%d", i, 100+i)}
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range runs {
		r := &Run{Identity: fmt.Sprintf("github.com/o/r/%d/1", i), Repo: "o/r", Commit: fmt.Sprintf("%040x", i), Branch: "main",
			Workflow: "Contract tests", URL: fmt.Sprintf("https://github.com/o/r/actions/runs/%d", i), Conclusion: "failure",
			Time: start.Add(time.Duration(i) * time.Hour), STRuns: 1, Complete: true, Settings: `{"base_url":"http://127.0.0.1:8000","seed":"123"}`}
		for j, g := range pool {
			if len(r.Groups) < groups && (j < groups*4/5 || rng.IntN(2) == 0) {
				g.Count = 1 + rng.IntN(20)
				r.Groups = append(r.Groups, g)
			}
		}
		if _, err := st.Record(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// BenchmarkHistory1000x500 is `ctlog history`'s work over 1,000 runs of 500 failure groups: read
// the store, answer per group and per run. It reports the store's size per run.
func BenchmarkHistory1000x500(b *testing.B) {
	st := benchStore(b, 1000, 500)
	ctx := context.Background()
	st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	fi, err := os.Stat(st.Path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d, err := st.Load(ctx, Filter{Branch: "main"})
		if err != nil {
			b.Fatal(err)
		}
		if rep := Analyze(d, 20); len(rep.Groups) != 600 {
			b.Fatalf("%d groups", len(rep.Groups))
		}
	}
	b.ReportMetric(float64(fi.Size())/1000, "store-bytes/run")
}

// BenchmarkRecord500 records one run of 500 failure groups into a store of 100 runs.
func BenchmarkRecord500(b *testing.B) {
	st := benchStore(b, 100, 500)
	ctx := context.Background()
	d, err := st.Load(ctx, Filter{})
	if err != nil {
		b.Fatal(err)
	}
	var groups []Group
	for _, p := range d.In[len(d.In)-1] {
		g := d.Groups[p.Group]
		groups = append(groups, Group{Key: g.Key, Operation: g.Operation, Check: g.Check, Title: g.Title, Status: g.Status, Signature: g.Signature, Count: p.Count})
	}
	i := 0
	for b.Loop() {
		i++
		r := &Run{Identity: fmt.Sprint("bench-", i), Time: time.Unix(int64(2e9+i), 0), STRuns: 1, Settings: "{}", Groups: groups}
		if _, err := st.Record(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistoryText1000x500 is all of `ctlog history` over 1,000 runs of 500 groups: open the
// store, read it, answer, and write the text report.
func BenchmarkHistoryText1000x500(b *testing.B) {
	st := benchStore(b, 1000, 500)
	st.Close()
	ctx := context.Background()
	for b.Loop() {
		s, err := OpenExisting(ctx, st.Path)
		if err != nil {
			b.Fatal(err)
		}
		d, err := s.Load(ctx, Filter{})
		if err != nil {
			b.Fatal(err)
		}
		rep := Analyze(d, 20)
		rep.Store = s.Path
		if err := WriteText(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
