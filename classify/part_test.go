package classify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// events parses a generated log into its events.
func events(t *testing.T, cfg loggen.Config) []parser.Event {
	t.Helper()
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	var out []parser.Event
	if _, err := parser.Parse(&buf, parser.Options{Name: "gen"}, parser.HandlerFunc(func(e parser.Event) { out = append(out, e) })); err != nil {
		t.Fatal(err)
	}
	return out
}

func runsJSON(t *testing.T, c *Collector) string {
	t.Helper()
	b, err := json.Marshal(c.Finish())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJoinEqualsSequential hands a stretch of failures to a Part, with line numbers counted from
// its start, and checks that joining it gives the runs a Collector builds from every failure in turn,
// including the member lines and samples that groups cap.
func TestJoinEqualsSequential(t *testing.T) {
	// Few operations and many test cases: groups go past maxLines and maxSamples.
	evs := events(t, loggen.Config{Seed: 3, Operations: 6, TargetBytes: 3 << 20})
	var want Collector
	for _, e := range evs {
		want.Handle(e)
	}
	wantJSON := runsJSON(t, &want)
	var failures []int // indexes of the failures in evs
	for i, e := range evs {
		if _, ok := e.(*parser.Failure); ok {
			failures = append(failures, i)
		}
	}
	if len(failures) < 3*maxLines {
		t.Fatalf("only %d failures", len(failures))
	}
	r := rand.New(rand.NewPCG(7, 8))
	cuts := [][2]int{{0, len(failures)}, {1, len(failures) - 1}, {len(failures) / 2, len(failures)}, {0, 1}}
	for range 12 {
		a := r.IntN(len(failures))
		cuts = append(cuts, [2]int{a, a + 1 + r.IntN(len(failures)-a)})
	}
	for _, cut := range cuts {
		from, to := failures[cut[0]], failures[cut[1]-1]+1
		fresh := events(t, loggen.Config{Seed: 3, Operations: 6, TargetBytes: 3 << 20}) // the part moves its spans
		var got Collector
		for _, e := range fresh[:from] {
			got.Handle(e)
		}
		delta := fresh[from].Pos().Line - 1
		part := NewPart()
		// The part does not know the operation it starts in until its first title.
		first, named := fresh[from].(*parser.Failure).Operation, false
		for _, e := range fresh[from:to] {
			f, ok := e.(*parser.Failure)
			if !ok {
				t.Fatalf("cut %v holds a %T", cut, e)
			}
			f.Line -= delta
			f.EndLine -= delta
			if named = named || f.Operation != first; !named {
				f.Operation = "" // the operation open at the split, which the join names
			}
			part.Handle(f)
		}
		got.Join(part, parser.Join{Span: parser.Span{Line: delta + 1}, LineDelta: delta, Operation: first})
		for _, e := range fresh[to:] {
			got.Handle(e)
		}
		if gotJSON := runsJSON(t, &got); gotJSON != wantJSON {
			t.Fatalf("cut %v: joined runs differ from sequential ones (%d vs %d bytes)", cut, len(gotJSON), len(wantJSON))
		}
	}
}

// TestReusedFailuresGiveSameRuns classifies a generated log twice: through parser.Async, where the
// Collector's failures are reused by the parser once handled, and through a plain handler, where
// none is; the runs must be the same, samples and signatures included.
func TestReusedFailuresGiveSameRuns(t *testing.T) {
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 8, Operations: 40, TargetBytes: 4 << 20}); err != nil {
		t.Fatal(err)
	}
	var reused, fresh Collector
	h, wait := parser.Async(&reused)
	if _, err := parser.Parse(bytes.NewReader(buf.Bytes()), parser.Options{}, h); err != nil {
		t.Fatal(err)
	}
	wait()
	if _, err := parser.Parse(bytes.NewReader(buf.Bytes()), parser.Options{}, parser.HandlerFunc(fresh.Handle)); err != nil {
		t.Fatal(err)
	}
	if got, want := runsJSON(t, &reused), runsJSON(t, &fresh); got != want {
		t.Fatalf("runs differ when failures are reused (%d vs %d bytes)", len(got), len(want))
	}
}

// readAsPart hands failures to part as the parser's part goroutine would: line numbers counted
// from the part's start, the operation left empty until the part's first title names another, and
// returns the Join that hands the part over.
func readAsPart(part *Part, failures []parser.Event) parser.Join {
	first := failures[0].(*parser.Failure)
	delta, op, named := first.Line-1, first.Operation, false
	for _, e := range failures {
		f := e.(*parser.Failure)
		f.Line -= delta
		f.EndLine -= delta
		if named = named || f.Operation != op; !named {
			f.Operation = ""
		}
		part.Handle(f)
	}
	return parser.Join{Span: parser.Span{Line: delta + 1}, LineDelta: delta, Operation: op}
}

// TestPartsShareSignatures joins many parts made by one NewParts, as a stream read in stretches
// joins them, every second run of failures to a part: the runs are those of a sequential read,
// although the parts share one signature cache, whose group hints belong to one part each.
func TestPartsShareSignatures(t *testing.T) {
	cfg := loggen.Config{Seed: 5, Operations: 30, TargetBytes: 2 << 20}
	evs := events(t, cfg)
	var want Collector
	for _, e := range evs {
		want.Handle(e)
	}
	wantJSON := runsJSON(t, &want)
	fresh := events(t, cfg) // the parts move their spans
	var got Collector
	parts, joined := NewParts(), 0
	for i := 0; i < len(fresh); {
		_, ok := fresh[i].(*parser.Failure)
		if !ok || (i/7)%2 == 0 {
			got.Handle(fresh[i])
			i++
			continue
		}
		// A part: this failure and those that follow it, up to 7 of them.
		start := i
		for n := 0; i < len(fresh) && n < 7; i, n = i+1, n+1 {
			if _, ok := fresh[i].(*parser.Failure); !ok {
				break
			}
		}
		part := parts()
		got.Join(part, readAsPart(part, fresh[start:i]))
		joined++
	}
	if joined < 20 {
		t.Fatalf("only %d parts", joined)
	}
	if gotJSON := runsJSON(t, &got); gotJSON != wantJSON {
		t.Fatalf("%d parts sharing signatures: joined runs differ from sequential ones (%d vs %d bytes)", joined, len(gotJSON), len(wantJSON))
	}
}

// TestPartsForgetGroups checks that a new part's cache keeps no group of the part before it, in
// its map or its recent slots, and that the cache lets go of the groups when it fills and starts
// over, so that it never keeps a joined part's groups alive.
func TestPartsForgetGroups(t *testing.T) {
	evs := events(t, loggen.Config{Seed: 3, Operations: 20, TargetBytes: 1 << 20})
	parts := NewParts()
	first := parts()
	for _, e := range evs {
		first.Handle(e)
	}
	sigs := first.r.sigs
	if len(sigs.held) == 0 {
		t.Fatal("the first part's failures pointed no cache entry at a group")
	}
	holding := func() int {
		n := 0
		for _, e := range sigs.m {
			if e.group != nil || e.run != nil {
				n++
			}
		}
		for _, e := range sigs.recent {
			if e != nil && (e.group != nil || e.run != nil) {
				n++
			}
		}
		return n
	}
	if holding() == 0 {
		t.Fatal("no cache entry holds a group after the first part")
	}
	second := parts()
	if n := holding(); n != 0 {
		t.Errorf("%d cache entries still hold a group of the first part after the second was made", n)
	}
	if second.r.sigs != sigs {
		t.Fatal("the parts do not share their cache")
	}

	// A cache that fills starts over without keeping groups either.
	for _, e := range evs {
		second.Handle(e)
	}
	for i := range sigCacheSize {
		sigs.entry("status_code_conformance", 500+i%100, fmt.Sprintf("message %d", i), "")
	}
	if n := holding(); n != 0 {
		t.Errorf("%d cache entries hold a group after the cache started over", n)
	}
	if len(sigs.held) > len(sigs.m)+len(sigs.recent) {
		t.Errorf("%d held entries for %d in the cache", len(sigs.held), len(sigs.m))
	}
}
