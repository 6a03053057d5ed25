package junit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// releaser keeps a JSON copy of every failure and nothing of the failure itself.
type releaser struct {
	copies []string
	seen   map[*parser.Failure]bool
}

func (r *releaser) Handle(e parser.Event) {
	if f, ok := e.(*parser.Failure); ok {
		b, _ := json.Marshal(f)
		r.copies = append(r.copies, string(b))
		r.seen[f] = true
	}
}

func (r *releaser) ReleasesFailures() {}

// TestReleaserReusesFailures: behind Async over a handler that keeps no failure (the summarize
// path), the fast reader reuses failures, and they say what they say to a handler that keeps them.
func TestReleaserReusesFailures(t *testing.T) {
	for _, major := range []int{3, 4} {
		var buf bytes.Buffer
		if _, err := loggen.GenerateJUnit(&buf, loggen.ReportConfig{Seed: 2, Major: major, TargetBytes: 2 << 20}); err != nil {
			t.Fatal(err)
		}
		var want []string
		if _, err := Parse(bytes.NewReader(buf.Bytes()), parser.Options{}, parser.HandlerFunc(func(e parser.Event) {
			if f, ok := e.(*parser.Failure); ok {
				b, _ := json.Marshal(f)
				want = append(want, string(b))
			}
		})); err != nil {
			t.Fatal(err)
		}
		rec := &releaser{seen: map[*parser.Failure]bool{}}
		h, wait := parser.Async(rec)
		if _, err := Parse(bytes.NewReader(buf.Bytes()), parser.Options{}, h); err != nil {
			t.Fatal(err)
		}
		wait()
		if len(rec.copies) != len(want) {
			t.Fatalf("v%d: %d failures, want %d", major, len(rec.copies), len(want))
		}
		for i := range want {
			if rec.copies[i] != want[i] {
				t.Fatalf("v%d: failure %d is\n%s\nwant\n%s", major, i, rec.copies[i], want[i])
			}
		}
		if len(rec.seen) > len(want)/2 {
			t.Fatalf("v%d: %d failures in %d structs: few were reused", major, len(want), len(rec.seen))
		}
		t.Logf("v%d: %d failures in %d structs", major, len(want), len(rec.seen))
	}
}
