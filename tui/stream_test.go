package tui

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestSnapshotSharesUnchangedRows: a snapshot carries a Row of each group and no group: a snapshot
// taken after the collector changed one group and found another shares the rows of the unchanged
// groups with the last snapshot, and the screen keeps the clusters of the groups whose identity
// is unchanged (the changed group's cluster shows its new count); a group whose signature changed
// gets a cluster of its own. A group is copied only when the screen asks for it, on the
// collector's goroutine, redacted.
func TestSnapshotSharesUnchangedRows(t *testing.T) {
	group := func(op, sig string) *classify.Group {
		return &classify.Group{Operation: op, Check: "not_a_server_error", Title: "Server error", Status: 500, Count: 1,
			Lines: []int{1}, Samples: []classify.Sample{{Message: "boom"}}, Signature: classify.Signature{Kind: "message", Text: sig}}
	}
	a, b, c := group("GET /a", "TypeError"), group("GET /b", "KeyError"), group("GET /c", "ValueError")
	col := &classify.Collector{Runs: []*classify.Run{{Groups: []*classify.Group{a, b, c}}}}
	var msgs []tea.Msg
	s := NewStreamer(StreamOptions{Send: func(m tea.Msg) { msgs = append(msgs, m) }})
	s.Begin(pipeline.Source{Name: "ci.log", Size: -1}, func() int64 { return 0 }, col)
	// b gains a member and a new sample array, c's signature changes, d is found.
	b.Count, b.Lines = 2, append(b.Lines, 9)
	b.Samples = append(b.Samples[:1:1], classify.Sample{Message: "boom again", Reproduce: []string{"curl -H 'Authorization: Bearer abc.def.ghi' http://x"}})
	c.Signature.Text = "ValueError: x"
	d := group("GET /d", "OSError")
	col.Runs[0].Groups = append(col.Runs[0].Groups, d)
	s.send()
	if len(msgs) != 2 {
		t.Fatalf("%d snapshots, want 2", len(msgs))
	}
	p1, p2 := msgs[0].(ProgressMsg), msgs[1].(ProgressMsg)
	first, second := p1.Rows, p2.Rows
	if len(first) != 3 || len(second) != 4 {
		t.Fatalf("snapshots of %d and %d rows, want 3 and 4", len(first), len(second))
	}
	for _, r := range p2.Runs {
		if len(r.Groups) != 0 {
			t.Errorf("a snapshot copies %d groups", len(r.Groups))
		}
	}
	if second[0] != first[0] {
		t.Error("the row of an unchanged group was made again")
	}
	if second[1] == first[1] || second[1].Count != 2 || first[1].Count != 1 {
		t.Errorf("a changed group: not a new row (count %d; the last snapshot's %d)", second[1].Count, first[1].Count)
	}

	ds := newDataset([]string{"ci.log"})
	ds.progress(p1)
	clusters := ds.clusters
	ds.progress(p2)
	if len(ds.clusters) != 4 {
		t.Fatalf("%d clusters, want 4", len(ds.clusters))
	}
	if ds.clusters[0] != clusters[0] || ds.clusters[1] != clusters[1] {
		t.Error("the clusters of groups whose identity is unchanged were built again")
	}
	if ds.clusters[1].count() != 2 {
		t.Error("a kept cluster does not show its group's new count")
	}
	if ds.clusters[2] == clusters[2] || ds.clusters[2].Sig != "ValueError: x" {
		t.Errorf("a group whose signature changed keeps its old cluster (%q)", ds.clusters[2].Sig)
	}
	if ds.clusters[3].Op != "GET /d" || ds.clusters[3].G != nil {
		t.Errorf("the new group's cluster: %q, group %v", ds.clusters[3].Op, ds.clusters[3].G)
	}

	// The screen asks for b's group: it comes at the collector's next event.
	ds.ask(ds.clusters[1])
	ds.ask(ds.clusters[1]) // asked once
	if len(msgs) != 2 {
		t.Fatalf("a group was sent before the collector's goroutine got to it")
	}
	for range 256 {
		s.handle(&parser.Diagnostic{})
	}
	var got []GroupMsg
	for _, m := range msgs[2:] {
		if g, ok := m.(GroupMsg); ok {
			got = append(got, g)
		}
	}
	if len(got) != 1 || got[0].Row != second[1] || got[0].G == b || got[0].G.Count != 2 || len(got[0].G.Samples) != 2 {
		t.Fatalf("groups sent: %+v", got)
	}
	if cmd := got[0].G.Samples[1].Reproduce[0]; strings.Contains(cmd, "abc.def.ghi") {
		t.Errorf("the group sent is not redacted: %s", cmd)
	}
	if ds.fetched(got[0]) != ds.clusters[1] || ds.clusters[1].G != got[0].G {
		t.Error("the group asked for did not reach its cluster")
	}
	// Once the source is read, a row is no longer served: the document follows.
	s.End(pipeline.Source{}, parser.Stats{}, nil)
	n := len(msgs)
	s.want(second[3])
	s.serve()
	if len(msgs) != n {
		t.Error("a group was sent after its source ended")
	}
}

// TestSnapshotsKeepLittlePerGroup guards what a screen loading a log of thousands of groups holds
// for each: the snapshot's row and the cluster, no copy of the group (a copy, the Streamer's mark
// of it and a cluster with its search key held ~800 bytes a group, 8 MB with 10,000 groups). A
// second snapshot of unchanged groups makes no row.
func TestSnapshotsKeepLittlePerGroup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "groups.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loggen.Generate(f, loggen.Config{Seed: 1, Groups: 2000, TargetBytes: 2 << 20}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	groups := loadRuns(t, path)[0].Groups
	if len(groups) < 1000 {
		t.Fatalf("the generated log has %d groups", len(groups))
	}
	col := &classify.Collector{Runs: []*classify.Run{{Groups: groups}}}
	var msgs []ProgressMsg
	s := NewStreamer(StreamOptions{Send: func(m tea.Msg) { msgs = append(msgs, m.(ProgressMsg)) }})
	ds := newDataset([]string{path})
	before := liveHeap()
	s.Begin(pipeline.Source{Name: path, Size: -1}, func() int64 { return 0 }, col)
	ds.progress(msgs[0])
	per := int(liveHeap()-before) / len(groups)
	t.Logf("%d bytes a group", per)
	if per > 512 {
		t.Errorf("a snapshot and the screen hold %d bytes a group, want at most 512", per)
	}
	if len(ds.clusters) != len(groups) || ds.clusters[0].G != nil || len(msgs[0].Runs[0].Groups) != 0 {
		t.Errorf("%d clusters of %d groups; the first has a group: %v; the snapshot copies %d groups",
			len(ds.clusters), len(groups), ds.clusters[0].G != nil, len(msgs[0].Runs[0].Groups))
	}
	s.send()
	for i, r := range msgs[1].Rows {
		if r != msgs[0].Rows[i] {
			t.Fatalf("row %d of an unchanged group was made again", i)
		}
	}
	runtime.KeepAlive(ds)
}

// liveHeap is the heap's live bytes after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestDetailWhileLoading opens a failure group from a Streamer's snapshot: the detail pane says
// what the row tells and that the rest is coming, asks the Streamer for the group, and shows its
// samples when the group comes (GroupMsg); a later snapshot that changes the group asks again.
func TestDetailWhileLoading(t *testing.T) {
	groups := loadRuns(t, harborLog)[0].Groups
	col := &classify.Collector{Runs: []*classify.Run{{Groups: groups[:len(groups):len(groups)]}}}
	var msgs []tea.Msg
	s := NewStreamer(StreamOptions{Send: func(m tea.Msg) { msgs = append(msgs, m) }})
	s.Begin(pipeline.Source{Name: "ci.log", Size: -1}, func() int64 { return 0 }, col)
	m := New(Options{Names: []string{"ci.log"}, Mode: Plain, Output: discard{}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	m.Update(msgs[0])
	c := m.list.selected()
	m.Update(openClusterMsg{c})
	if v := m.View(); !strings.Contains(v, "Reading… its samples") || !strings.Contains(v, c.Op) {
		t.Fatalf("the detail of a row while loading:\n%s", v)
	}
	s.serve()
	if len(msgs) != 2 {
		t.Fatalf("%d messages after the screen asked for a group, want a snapshot and the group", len(msgs))
	}
	m.Update(msgs[1])
	if v := m.View(); strings.Contains(v, "Reading… its samples") || !strings.Contains(v, "Sample 1 of") {
		t.Fatalf("the detail once its group came:\n%s", v)
	}
	// The group gains a member: the next snapshot has a new row, and the pane asks again.
	g := msgs[1].(GroupMsg).G
	for _, cg := range col.Runs[0].Groups {
		if cg.Operation == g.Operation && cg.Title == g.Title && cg.Signature.Text == g.Signature.Text {
			cg.Count++
		}
	}
	s.send()
	m.Update(msgs[2])
	s.serve()
	if len(msgs) != 4 {
		t.Fatalf("%d messages, want the group asked for again", len(msgs))
	}
	m.Update(msgs[3])
	if m.detail.c.G.Count != g.Count+1 {
		t.Errorf("the detail shows count %d, want %d", m.detail.c.G.Count, g.Count+1)
	}
}

// TestInboxKeepsSnapshotBesideGroup: a group asked for is delivered without dropping the snapshot
// waiting to be taken; a newer snapshot still replaces an older one.
func TestInboxKeepsSnapshotBesideGroup(t *testing.T) {
	b := newInbox()
	b.put(ProgressMsg{Read: 1})
	b.put(ProgressMsg{Read: 2})
	b.put(GroupMsg{})
	ctx := context.Background()
	if _, ok := b.get(ctx).(GroupMsg); !ok {
		t.Fatal("the group asked for did not come first")
	}
	if p, ok := b.get(ctx).(ProgressMsg); !ok || p.Read != 2 {
		t.Fatalf("the snapshot waiting was lost or is not the newest: %#v", p)
	}
}
