package parser

import (
	"bytes"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// releasingRecorder is a Releaser that checks a failure does not change while it handles it, and
// keeps a copy of each.
type releasingRecorder struct {
	copies  []string
	changed int
	seen    map[*Failure]int
}

func (r *releasingRecorder) ReleasesFailures() {}

func (r *releasingRecorder) Handle(e Event) {
	f, ok := e.(*Failure)
	if !ok {
		return
	}
	r.seen[f]++
	before, _ := json.Marshal(f)
	for range 20 {
		runtime.Gosched() // let the parser run while this failure is in hand
	}
	after, _ := json.Marshal(f)
	if !bytes.Equal(before, after) {
		r.changed++ // not t.Fatal: this runs on Async's goroutine
	}
	r.copies = append(r.copies, string(before))
}

// TestAsyncRecyclesFailures parses a generated log through Async with a Releaser: the parser must
// reuse failures (the same pointers come back) and every failure must read as without reuse. A
// failure given back before its handler returned is caught only when the parser reuses it while
// the handler yields (about half the runs of such a mutation; -race sees it too, as often).
func TestAsyncRecyclesFailures(t *testing.T) {
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 4, Operations: 30, TargetBytes: 6 << 20}); err != nil {
		t.Fatal(err)
	}
	var want []string
	if _, err := Parse(bytes.NewReader(buf.Bytes()), Options{}, HandlerFunc(func(e Event) {
		if f, ok := e.(*Failure); ok {
			b, _ := json.Marshal(f)
			want = append(want, string(b))
		}
	})); err != nil {
		t.Fatal(err)
	}
	rec := &releasingRecorder{seen: map[*Failure]int{}}
	h, wait := Async(rec)
	if _, err := Parse(bytes.NewReader(buf.Bytes()), Options{}, h); err != nil {
		t.Fatal(err)
	}
	wait()
	if rec.changed > 0 {
		t.Fatalf("%d failures changed while their handler had them", rec.changed)
	}
	if d := firstDiff(rec.copies, want); d != "" {
		t.Fatal(d)
	}
	if len(rec.seen) >= len(want) {
		t.Fatalf("%d failures in %d structs: none was reused", len(want), len(rec.seen))
	}
	t.Logf("%d failures in %d structs", len(want), len(rec.seen))
}
