package history

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func readRows[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row T
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("%s: %v in %s", path, err, sc.Text())
		}
		rows = append(rows, row)
	}
	return rows
}

// TestExportReadsBack: the NDJSON export of 30 generated runs reads back, field by field, as the
// rows the store holds.
func TestExportReadsBack(t *testing.T) {
	ctx := context.Background()
	s := newScenario(t, 7)
	st := openTemp(t)
	want := 0
	for _, r := range s.runs {
		if _, err := st.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
		want += len(r.Groups)
	}
	d, err := st.Load(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	n, err := ExportNDJSON(dir, d)
	if err != nil || n != want {
		t.Fatalf("export: %d rows, %v; want %d", n, err, want)
	}
	runs := readRows[RunRow](t, filepath.Join(dir, "runs.ndjson"))
	groups := readRows[GroupRow](t, filepath.Join(dir, "run_groups.ndjson"))
	if len(runs) != 30 || len(groups) != want {
		t.Fatalf("read back %d runs and %d group rows, want 30 and %d", len(runs), len(groups), want)
	}
	r := runs[12]
	if r.Identity != s.runs[12].Identity || r.Commit != "c12" || !r.StartedAt.Equal(s.runs[12].Time) || r.Groups != len(s.runs[12].Groups) ||
		r.Failures != s.runs[12].Failures() || r.Repo != "o/r" || string(r.Settings) != "{}" {
		t.Errorf("run row 12: %+v", r)
	}
	byRun := map[string]int{}
	for _, g := range groups {
		byRun[g.RunIdentity]++
		if g.GroupKey == s.b[0].Key && g.Commit < "c12" {
			t.Errorf("group injected at run 12 exported for %s", g.Commit)
		}
	}
	for _, r := range s.runs {
		if byRun[r.Identity] != len(r.Groups) {
			t.Errorf("%s: %d group rows, want %d", r.Identity, byRun[r.Identity], len(r.Groups))
		}
	}
	g := groups[0]
	if g.Operation == "" || g.Method == "" || g.Path == "" || g.Count == 0 || g.GroupKey == "" {
		t.Errorf("group row lacks fields: %+v", g)
	}
}
