package parser

import (
	"bytes"
	"os"
	"testing"
)

// benchInput returns the input for parser benchmarks: the file in CTLOG_BENCH_LOG when set,
// otherwise a log generated in memory (see generatedLog).
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
