package classify

import (
	"bytes"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// BenchmarkClassify measures classification alone: the events of a 32 MiB generated log, parsed
// beforehand, handed to a Collector.
func BenchmarkClassify(b *testing.B) {
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 1, Operations: 400, TargetBytes: 32 << 20}); err != nil {
		b.Fatal(err)
	}
	size := buf.Len()
	var events []parser.Event
	if _, err := parser.Parse(&buf, parser.Options{Name: "bench"}, parser.HandlerFunc(func(e parser.Event) {
		events = append(events, e) // a HandlerFunc is no Releaser: every failure is its own
	})); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		c := &Collector{}
		for _, e := range events {
			c.Handle(e)
		}
		if len(c.Runs) != 1 || len(c.Runs[0].Groups) == 0 {
			b.Fatalf("got %d runs", len(c.Runs))
		}
	}
}
