package parser

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// benchInput returns the input for parser benchmarks: the file in CTLOG_BENCH_LOG when set,
// otherwise a 100 MiB generated log.
func benchInput(b *testing.B) []byte {
	b.Helper()
	if p := os.Getenv("CTLOG_BENCH_LOG"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return generatedLog(b, 100<<20)
}

// BenchmarkParse measures the parser alone on an in-memory log.
func BenchmarkParse(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if _, err := Parse(bytes.NewReader(data), Options{Name: "bench"}, HandlerFunc(func(Event) { n++ })); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseStream parses logs generated on the fly (never held in memory) and reports the
// peak heap in use, which must stay flat as the size grows.
func BenchmarkParseStream(b *testing.B) {
	for _, size := range []int64{64 << 20, 256 << 20, 1 << 30} {
		b.Run(fmt.Sprintf("size=%dMiB", size>>20), func(b *testing.B) {
			if testing.Short() && size > 64<<20 {
				b.Skip("short")
			}
			var peak atomic.Uint64
			for b.Loop() {
				pr, pw := io.Pipe()
				go func() {
					_, err := loggen.Generate(pw, loggen.Config{Seed: 7, Operations: 400, TargetBytes: size})
					pw.CloseWithError(err)
				}()
				done := make(chan struct{})
				go sampleHeap(&peak, done)
				st, err := Parse(pr, Options{Name: "stream"}, HandlerFunc(func(Event) {}))
				close(done)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(st.Bytes)
			}
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		})
	}
}

func sampleHeap(peak *atomic.Uint64, done <-chan struct{}) {
	var ms runtime.MemStats
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}
}

// BenchmarkParseSplit measures the parser alone reading an in-memory log in two parts at once
// (ParseSplit), as a big log file is read: each part splits its own lines (consumeInline).
func BenchmarkParseSplit(b *testing.B) {
	data := benchInput(b)
	if len(data) < SplitMin {
		b.Skipf("a log of %d bytes is read in one pass", len(data))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		part := func() HandlerFunc { return func(Event) {} }
		if _, err := ParseSplit(bytes.NewReader(data), int64(len(data)), Options{Name: "bench"}, part, &countJoiner{}); err != nil {
			b.Fatal(err)
		}
	}
}

// countJoiner counts the events of a split read and the joins.
type countJoiner struct{ events, joins int }

func (c *countJoiner) Handle(Event)           { c.events++ }
func (c *countJoiner) Join(HandlerFunc, Join) { c.joins++ }
