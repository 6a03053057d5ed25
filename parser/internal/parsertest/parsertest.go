// Package parsertest holds what the tests of the format packages share: picking events by type,
// the invariants every parse keeps, and readers and probes for awkward conditions.
package parsertest

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/parser"
)

// Only returns the events of type T, in order.
func Only[T parser.Event](evs []parser.Event) []T {
	var out []T
	for _, e := range evs {
		if x, ok := e.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// Diagnostics returns the Diagnostic events.
func Diagnostics(evs []parser.Event) []*parser.Diagnostic { return Only[*parser.Diagnostic](evs) }

// NoWarnings fails the test for every warning diagnostic.
func NoWarnings(t *testing.T, evs []parser.Event) {
	t.Helper()
	for _, d := range Only[*parser.Diagnostic](evs) {
		if d.Severity == "warning" {
			t.Errorf("unexpected diagnostic at line %d: %s", d.Line, d.Message)
		}
	}
}

// CheckSourceInvariants checks that all bytes were read, every span lies inside the input and
// InputInfo comes last.
func CheckSourceInvariants(t testing.TB, data []byte, st parser.Stats, evs []parser.Event) {
	t.Helper()
	if st.Bytes != int64(len(data)) {
		t.Fatalf("read %d of %d bytes", st.Bytes, len(data))
	}
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	if _, ok := evs[len(evs)-1].(*parser.InputInfo); !ok {
		t.Fatalf("last event is %T, want *InputInfo", evs[len(evs)-1])
	}
	for _, e := range evs {
		s := e.Pos()
		if s.Offset < 0 || s.End > int64(len(data)) || s.Offset > s.End {
			t.Fatalf("%T span [%d,%d) outside %d bytes", e, s.Offset, s.End, len(data))
		}
		if s.Line > s.EndLine || s.EndLine > st.Lines || s.Line < 0 {
			t.Fatalf("%T lines %d-%d outside %d lines", e, s.Line, s.EndLine, st.Lines)
		}
	}
}

// ErrReader reads Data, then fails with Err.
type ErrReader struct {
	Data []byte
	Err  error
}

// Read implements io.Reader.
func (r *ErrReader) Read(b []byte) (int, error) {
	if len(r.Data) == 0 {
		return 0, r.Err
	}
	n := copy(b, r.Data)
	r.Data = r.Data[n:]
	return n, nil
}

// SampleHeap records the peak heap in use in peak until done is closed.
func SampleHeap(peak *atomic.Uint64, done <-chan struct{}) {
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
