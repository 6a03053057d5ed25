package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
)

// TestSnapshotSharesUnchangedGroups: a snapshot taken after the collector changed one group and
// found another shares the copies of the unchanged groups with the last snapshot, and the screen
// keeps the rows of the groups whose identity is unchanged (the changed group's row shows its new
// count); a group whose signature changed gets a row of its own.
func TestSnapshotSharesUnchangedGroups(t *testing.T) {
	group := func(op, sig string) *classify.Group {
		return &classify.Group{Operation: op, Check: "not_a_server_error", Title: "Server error", Status: 500, Count: 1,
			Lines: []int{1}, Samples: []classify.Sample{{Message: "boom"}}, Signature: classify.Signature{Kind: "message", Text: sig}}
	}
	a, b, c := group("GET /a", "TypeError"), group("GET /b", "KeyError"), group("GET /c", "ValueError")
	col := &classify.Collector{Runs: []*classify.Run{{Groups: []*classify.Group{a, b, c}}}}
	var msgs []ProgressMsg
	s := NewStreamer(StreamOptions{Send: func(m tea.Msg) { msgs = append(msgs, m.(ProgressMsg)) }})
	s.Begin(pipeline.Source{Name: "ci.log", Size: -1}, func() int64 { return 0 }, col)
	// b gains a member and a new sample array, c's signature changes, d is found.
	b.Count, b.Lines = 2, append(b.Lines, 9)
	b.Samples = append(b.Samples[:1:1], classify.Sample{Message: "boom again"})
	c.Signature.Text = "ValueError: x"
	d := group("GET /d", "OSError")
	col.Runs[0].Groups = append(col.Runs[0].Groups, d)
	s.send()
	if len(msgs) != 2 {
		t.Fatalf("%d snapshots, want 2", len(msgs))
	}
	first, second := msgs[0].Runs[0].Groups, msgs[1].Runs[0].Groups
	if len(first) != 3 || len(second) != 4 {
		t.Fatalf("snapshots of %d and %d groups, want 3 and 4", len(first), len(second))
	}
	if second[0] != first[0] {
		t.Error("an unchanged group was copied again")
	}
	if second[1] == first[1] || second[1].Count != 2 || len(second[1].Samples) != 2 || first[1].Count != 1 {
		t.Errorf("a changed group: not a new copy (count %d, %d samples; the last snapshot's count %d)",
			second[1].Count, len(second[1].Samples), first[1].Count)
	}
	if second[0] == a || second[3] == d {
		t.Error("a snapshot hands out the collector's own group")
	}

	ds := newDataset([]string{"ci.log"})
	ds.progress(msgs[0])
	rows := ds.clusters
	ds.progress(msgs[1])
	if len(ds.clusters) != 4 {
		t.Fatalf("%d rows, want 4", len(ds.clusters))
	}
	if ds.clusters[0] != rows[0] || ds.clusters[1] != rows[1] {
		t.Error("the rows of groups whose identity is unchanged were built again")
	}
	if ds.clusters[1].G != second[1] || ds.clusters[1].G.Count != 2 {
		t.Error("a kept row does not show its group's new copy")
	}
	if ds.clusters[2] == rows[2] || ds.clusters[2].Sig != "ValueError: x" {
		t.Errorf("a group whose signature changed keeps its old row (%q)", ds.clusters[2].Sig)
	}
	if ds.clusters[3].Op != "GET /d" {
		t.Errorf("the new group's row: %q", ds.clusters[3].Op)
	}
}
