package history

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
)

// generatedGroups parses a loggen log of the given seed and returns its failure groups: the real
// groups, keys and signatures that ctlog records.
func generatedGroups(t *testing.T, seed int64) []Group {
	t.Helper()
	p := filepath.Join(t.TempDir(), "run.log")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loggen.Generate(f, loggen.Config{Seed: seed, Operations: 150}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := pipeline.Summarize(context.Background(), pipeline.Options{Inputs: []string{p}, NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	var r Run
	r.FromDocument(res.Doc)
	if len(r.Groups) < 6 {
		t.Fatalf("seed %d: %d groups, want at least 6 to inject changes with", seed, len(r.Groups))
	}
	return r.Groups
}

// scenario is 30 runs over the groups of two generated logs, with injected changes: the groups of
// seed A are in every run except that groups[0] is fixed at run 20 (gone), groups[1] comes and goes
// at random (intermittent), and groups[2..] stay (persistent); the groups of seed B start one at a
// time: B[0] at run 12, B[1] at run 29 (new).
type scenario struct {
	a, b []Group
	runs []*Run
}

func newScenario(t *testing.T, seed uint64) *scenario {
	t.Helper()
	s := &scenario{a: generatedGroups(t, int64(seed)), b: generatedGroups(t, int64(seed)+1000)}
	rng := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i := range 30 {
		r := &Run{Identity: fmt.Sprintf("github.com/o/r/%d/1", 1000+i), Repo: "o/r", Commit: fmt.Sprintf("c%02d", i),
			Branch: "main", Workflow: "contract.yml", URL: fmt.Sprintf("https://github.com/o/r/actions/runs/%d", 1000+i),
			Time: start.Add(time.Duration(i) * time.Hour), STRuns: 1, Complete: true, Settings: "{}"}
		for j, g := range s.a {
			switch {
			case j == 0 && i >= 20:
				continue
			case j == 1 && i != 0 && i != 29 && rng.IntN(2) == 0:
				continue
			}
			g.Count = 1 + rng.IntN(5)
			r.Groups = append(r.Groups, g)
		}
		if i >= 12 {
			r.Groups = append(r.Groups, s.b[0])
		}
		if i == 29 {
			r.Groups = append(r.Groups, s.b[1])
		}
		s.runs = append(s.runs, r)
	}
	return s
}

func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "h", "o_r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestQuestionsOnGeneratedRuns(t *testing.T) {
	for _, seed := range []uint64{3, 11} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := context.Background()
			s := newScenario(t, seed)
			st := openTemp(t)
			// Recorded out of order: the store orders runs by time.
			for _, i := range rand.New(rand.NewPCG(seed, 2)).Perm(len(s.runs)) {
				if ok, err := st.Record(ctx, s.runs[i]); err != nil || !ok {
					t.Fatalf("record run %d: %v, %v", i, ok, err)
				}
			}
			d, err := st.Load(ctx, Filter{Branch: "main"})
			if err != nil {
				t.Fatal(err)
			}
			rep := Analyze(d, 15)
			byKey := map[string]GroupHistory{}
			for _, g := range rep.Groups {
				byKey[g.Key] = g
			}
			want := []struct {
				name    string
				g       Group
				verdict string
				first   string
				seen    int
			}{
				{"fixed at run 20", s.a[0], Gone, "c00", 5},
				{"comes and goes", s.a[1], Intermittent, "c00", -1},
				{"always there", s.a[2], Persistent, "c00", 15},
				{"injected at run 12", s.b[0], Persistent, "c12", 15},
				{"injected at run 29", s.b[1], New, "c29", 1},
			}
			for _, w := range want {
				h, ok := byKey[w.g.Key]
				if !ok {
					t.Fatalf("%s: group %s missing from the report", w.name, w.g.Key)
				}
				if h.Verdict != w.verdict || h.FirstSeen.Commit != w.first || (w.seen >= 0 && h.Seen != w.seen) {
					t.Errorf("%s: verdict %s, first seen %s, seen %d of %d; want %s, %s, %d", w.name, h.Verdict, h.FirstSeen.Commit, h.Seen, h.Window, w.verdict, w.first, w.seen)
				}
			}
			if g := byKey[s.b[0].Key]; g.LongestStreak != 18 || g.Runs != 18 {
				t.Errorf("injected at run 12: streak %d, runs %d; want 18, 18", g.LongestStreak, g.Runs)
			}
			if g := byKey[s.a[0].Key]; g.LastSeen.Commit != "c19" {
				t.Errorf("fixed at run 20: last seen %s, want c19", g.LastSeen.Commit)
			}
			for _, c := range []struct {
				g     Group
				first string
				rng   string
			}{{s.b[0], "c12", "c11..c12"}, {s.b[1], "c29", "c28..c29"}} {
				gi, err := FindGroup(d, c.g.Key[:10])
				if err != nil {
					t.Fatal(err)
				}
				in, err := Introduced(d, gi)
				if err != nil {
					t.Fatal(err)
				}
				if in.First.Commit != c.first || in.Range != c.rng || !strings.HasSuffix(in.CompareURL, "/compare/"+strings.ReplaceAll(c.rng, "..", "...")) {
					t.Errorf("introduced %s: first %s, range %s, compare %s; want %s, %s", c.g.Key, in.First.Commit, in.Range, in.CompareURL, c.first, c.rng)
				}
			}
			if len(rep.Runs) != 15 || rep.Runs[14].Commit != "c29" || rep.RunsStored != 30 {
				t.Errorf("runs in the report: %d, last %s, stored %d; want 15, c29, 30", len(rep.Runs), rep.Runs[len(rep.Runs)-1].Commit, rep.RunsStored)
			}
		})
	}
}

func TestRecordTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := newScenario(t, 5)
	st := openTemp(t)
	for range 2 {
		for i, r := range s.runs[:4] {
			if _, err := st.Record(ctx, r); err != nil {
				t.Fatalf("run %d: %v", i, err)
			}
		}
	}
	again, err := st.Record(ctx, s.runs[0])
	if err != nil || again {
		t.Fatalf("recording a stored run again: %v, %v; want false, nil", again, err)
	}
	d, err := st.Load(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 4 {
		t.Fatalf("%d runs stored, want 4", len(d.Runs))
	}
	for i, r := range d.Runs {
		if len(d.In[i]) != len(s.runs[i].Groups) || r.Groups != len(s.runs[i].Groups) {
			t.Errorf("run %d: %d groups stored (%d counted), want %d", i, len(d.In[i]), r.Groups, len(s.runs[i].Groups))
		}
	}
}

func TestOpenRejectsNewerSchema(t *testing.T) {
	st := openTemp(t)
	if _, err := st.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err := Open(context.Background(), st.Path)
	if err == nil || !strings.Contains(err.Error(), "schema version 99") || !strings.Contains(err.Error(), st.Path) {
		t.Fatalf("open a store of schema version 99: %v", err)
	}
}

func TestOpenRejectsNotAStore(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(p, []byte("these are not the runs you are looking for\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), p); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("open a text file as a store: %v", err)
	}
}

const crashEnv = "CTLOG_HISTORY_CRASH_STORE"

// TestKilledWriter kills a process in the middle of recording a run (SIGKILL, inside the
// transaction, half the groups written) and reopens the store: it opens and holds the two whole runs
// written before, and nothing of the third.
func TestKilledWriter(t *testing.T) {
	if p := os.Getenv(crashEnv); p != "" {
		crashWriter(p)
		return
	}
	p := filepath.Join(t.TempDir(), "o_r.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), crashEnv+"="+p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	mid := false
	for sc.Scan() {
		if sc.Text() == "mid-write" {
			mid = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !mid {
		t.Fatal("the writer ended before it was in the middle of a write")
	}
	st, err := Open(context.Background(), p)
	if err != nil {
		t.Fatalf("reopen after a killed writer: %v", err)
	}
	defer st.Close()
	d, err := st.Load(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 2 {
		t.Fatalf("%d runs after a killed writer, want the 2 whole ones", len(d.Runs))
	}
	for i, r := range d.Runs {
		if len(d.In[i]) != r.Groups || r.Groups != 200 {
			t.Errorf("run %s holds %d groups, says %d, want 200", r.Identity, len(d.In[i]), r.Groups)
		}
	}
	var orphans int
	if err := st.db.QueryRow(`SELECT count(*) FROM failure_groups WHERE id NOT IN (SELECT group_id FROM run_groups)`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("failure groups of no run: %d (%v)", orphans, err)
	}
}

// crashWriter records two runs of 200 groups, then a third that stops half-way for the parent to kill.
func crashWriter(p string) {
	ctx := context.Background()
	st, err := Open(ctx, p)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := range 3 {
		r := &Run{Identity: fmt.Sprint("run-", i), Time: time.Unix(int64(1e9+i), 0), STRuns: 1, Settings: "{}"}
		for j := range 200 {
			r.Groups = append(r.Groups, Group{Key: fmt.Sprintf("%016x", j+i*150), Operation: fmt.Sprintf("GET /items/%d", j), Title: "Server error", Status: 500, Count: 1})
		}
		if i == 2 {
			midWrite = func() {
				fmt.Println("mid-write")
				time.Sleep(time.Minute)
			}
		}
		if _, err := st.Record(ctx, r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	os.Exit(3) // not reached: killed in the middle of the third run
}

// TestMigrateFromV1: a store of schema version 1 (groups in run_groups only) opens as version 2 with
// every run's groups packed, and reads the same.
func TestMigrateFromV1(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	s := newScenario(t, 3)
	for _, r := range s.runs[:5] {
		if _, err := st.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// Back to version 1: no packed column.
	for _, q := range []string{"ALTER TABLE runs DROP COLUMN packed", "PRAGMA user_version = 1"} {
		if _, err := st.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	st, err := Open(ctx, st.Path)
	if err != nil {
		t.Fatalf("open a version 1 store: %v", err)
	}
	defer st.Close()
	var v, unpacked int
	st.db.QueryRow("PRAGMA user_version").Scan(&v)
	st.db.QueryRow("SELECT count(*) FROM runs WHERE packed IS NULL").Scan(&unpacked)
	if v != SchemaVersion || unpacked != 0 {
		t.Fatalf("after migration: schema version %d, %d runs unpacked", v, unpacked)
	}
	d, err := st.Load(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range s.runs[:5] {
		if len(d.In[i]) != len(r.Groups) {
			t.Errorf("run %d: %d groups after migration, want %d", i, len(d.In[i]), len(r.Groups))
		}
	}
}

// TestConcurrentWriters: two stores open on one file (two CI jobs) record at the same time; every
// run of both is stored whole.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s := newScenario(t, 3)
	a := openTemp(t)
	b, err := Open(ctx, a.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	errs := make(chan error, 2)
	for k, st := range []*Store{a, b} {
		go func() {
			for i := k; i < len(s.runs); i += 2 {
				if _, err := st.Record(ctx, s.runs[i]); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent record: %v", err)
		}
	}
	d, err := a.Load(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != len(s.runs) {
		t.Fatalf("%d runs stored by two writers, want %d", len(d.Runs), len(s.runs))
	}
	for i, r := range s.runs {
		if len(d.In[i]) != len(r.Groups) {
			t.Errorf("run %d: %d groups, want %d", i, len(d.In[i]), len(r.Groups))
		}
	}
}
