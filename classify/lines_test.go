package classify

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestLineCapBoundsRun lowers the line budget so that a generated run of many groups must cut
// their line numbers: every group keeps the first lineCap(groups) of its members' lines, says when
// it cut them, and a run joined from parts keeps the same lines as one read in one pass.
func TestLineCapBoundsRun(t *testing.T) {
	defer func(b int) { lineBudget = b }(lineBudget)
	cfg := loggen.Config{Seed: 5, Operations: 30, TargetBytes: 2 << 20}
	evs := events(t, cfg)
	var all Collector // every line kept: the reference for "the first members"
	lineBudget = 1 << 40
	for _, e := range evs {
		all.Handle(e)
	}
	full := map[groupKey][]int{}
	for _, g := range all.Finish()[0].Groups {
		full[g.key()] = g.Lines
	}

	lineBudget = 30 * 64 // about 30 lines a group for the groups this log has
	var seq Collector
	for _, e := range evs {
		seq.Handle(e)
	}
	runs := seq.Finish()
	run := runs[0]
	keep := lineCap(len(run.Groups))
	if keep >= maxLines || len(run.Groups) < 20 {
		t.Fatalf("%d groups keep %d lines each: the test does not reach the cap", len(run.Groups), keep)
	}
	cut, kept := 0, 0
	for _, g := range run.Groups {
		kept += len(g.Lines)
		want := full[g.key()]
		if len(want) > keep {
			want = want[:keep]
		}
		if !slices.Equal(g.Lines, want) {
			t.Fatalf("%s: lines %v, want the first %d: %v", g.Operation, g.Lines, keep, want)
		}
		if g.LinesCut != (g.Count > len(g.Lines)) {
			t.Errorf("%s: %d members, %d lines, cut %v", g.Operation, g.Count, len(g.Lines), g.LinesCut)
		}
		if g.LinesCut {
			cut++
		}
	}
	if cut == 0 {
		t.Fatal("no group was cut")
	}
	if kept > lineBudget {
		t.Errorf("the run keeps %d line numbers, over its budget of %d", kept, lineBudget)
	}

	// The same runs when a stretch of the failures is read as a part and joined.
	b, err := json.Marshal(runs)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := string(b)
	var failures []int
	for i, e := range evs {
		if _, ok := e.(*parser.Failure); ok {
			failures = append(failures, i)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 4 {
		a := r.IntN(len(failures) / 2)
		from, to := failures[a], failures[a+1+r.IntN(len(failures)-a-1)]+1
		fresh := events(t, cfg)
		var got Collector
		for _, e := range fresh[:from] {
			got.Handle(e)
		}
		part := NewPart()
		got.Join(part, readAsPart(part, fresh[from:to]))
		for _, e := range fresh[to:] {
			got.Handle(e)
		}
		if gotJSON := runsJSON(t, &got); gotJSON != wantJSON {
			t.Fatalf("part %d–%d: joined runs differ from sequential ones (%d vs %d bytes)", from, to, len(gotJSON), len(wantJSON))
		}
	}
}

// TestLineCap holds the cap's shape: all 2,000 for few groups, never rising with more groups, and
// a floor.
func TestLineCap(t *testing.T) {
	tests := []struct{ groups, want int }{
		{0, maxLines}, {1, maxLines}, {262, maxLines}, {263, lineBudget / 263}, {10000, 52}, {1 << 20, minLines},
	}
	for _, tt := range tests {
		if got := lineCap(tt.groups); got != tt.want {
			t.Errorf("lineCap(%d) = %d, want %d", tt.groups, got, tt.want)
		}
	}
	for n := 1; n < 100000; n += 97 {
		if lineCap(n+1) > lineCap(n) {
			t.Fatalf("lineCap(%d) > lineCap(%d)", n+1, n)
		}
	}
}

// TestLinesHeldWhileReading checks that a run reading many groups never holds room for much more
// than its line budget: groups grow their line numbers only up to the cap, and every group is cut
// each time the count of groups has grown by a quarter.
func TestLinesHeldWhileReading(t *testing.T) {
	defer func(b int) { lineBudget = b }(lineBudget)
	const groups = 100
	evs := events(t, loggen.Config{Seed: 7, Groups: groups, TargetBytes: 6 << 20})
	lineBudget = groups * minLines
	var c Collector
	most := 0
	for _, e := range evs {
		c.Handle(e)
		if c.cur == nil {
			continue
		}
		held := 0
		for _, g := range c.cur.Groups {
			held += cap(g.Lines)
		}
		most = max(most, held)
	}
	runs := c.Finish()
	if n := len(runs[0].Groups); n != groups {
		t.Fatalf("%d groups, want %d", n, groups)
	}
	if limit := lineBudget * 3 / 2; most > limit {
		t.Errorf("held room for %d line numbers while reading, over %d (budget %d)", most, limit, lineBudget)
	}
}
