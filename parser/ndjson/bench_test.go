package ndjson_test

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"sync/atomic"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
	"github.com/ctlog-dev/ctlog/parser/ndjson"
)

// generate writes an event stream of about size bytes: the pair fixture's header, then its
// scenario results (passing and failing, with their cases and traffic) over and over, then its end.
func generate(w io.Writer, size int64) error {
	data, err := os.ReadFile(fixture("pair-harbor.ndjson"))
	if err != nil {
		return err
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	var head, body, tail [][]byte
	for i, l := range lines {
		switch {
		case bytes.HasPrefix(l, []byte(`{"ScenarioFinished"`)), bytes.HasPrefix(l, []byte(`{"ScenarioStarted"`)):
			body = append(body, l)
		case len(body) == 0:
			head = append(head, l)
		case i >= len(lines)-3:
			tail = append(tail, l)
		}
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var n int64
	for _, l := range head {
		k, _ := bw.Write(l)
		n += int64(k)
	}
	for n < size {
		for _, l := range body {
			k, err := bw.Write(l)
			if err != nil {
				return err
			}
			n += int64(k)
		}
	}
	for _, l := range tail {
		_, _ = bw.Write(l)
	}
	return bw.Flush()
}

// BenchmarkParseNDJSON reads a generated stream of 256 MiB, never held in memory, and reports the
// throughput and the peak heap in use, which must stay flat whatever the size.
func BenchmarkParseNDJSON(b *testing.B) {
	const size = 256 << 20
	var peak atomic.Uint64
	for b.Loop() {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(generate(pw, size)) }()
		done := make(chan struct{})
		go parsertest.SampleHeap(&peak, done)
		failures := 0
		st, err := ndjson.Parse(pr, parser.Options{Name: "stream"}, parser.HandlerFunc(func(e parser.Event) {
			if _, ok := e.(*parser.Failure); ok {
				failures++
			}
		}))
		close(done)
		if err != nil {
			b.Fatal(err)
		}
		if failures != 4 {
			b.Fatalf("%d failures, want the 4 unique ones", failures)
		}
		b.SetBytes(st.Bytes)
	}
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
