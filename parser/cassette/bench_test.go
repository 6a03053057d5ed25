package cassette

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// benchSize is the size of the generated cassettes the benchmarks read.
const benchSize = 200 << 20

var (
	benchOnce  sync.Once
	benchDir   string
	benchFiles = map[int]string{}
	benchErr   error
	benchTemp  bool // benchDir is removed at the end
)

// benchCassettes writes a 3.x and a 4.x cassette of benchSize once per process, in a temporary
// directory that BenchmarkParseCassette removes when it ends, or in $CTLOG_BENCH_REPORTS, where they
// stay for the next run and for the baselines (scripts/bench-readers).
func benchCassettes(b *testing.B) map[int]string {
	benchOnce.Do(func() {
		if benchDir = os.Getenv("CTLOG_BENCH_REPORTS"); benchDir == "" {
			benchDir, benchErr = os.MkdirTemp("", "ctlog-cassette-bench")
			if benchErr != nil {
				return
			}
			benchTemp = true
		}
		for _, major := range []int{3, 4} {
			path := filepath.Join(benchDir, "cassette"+strconv.Itoa(major)+".yaml")
			benchFiles[major] = path
			if _, err := os.Stat(path); err == nil && !benchTemp {
				continue // made by an earlier run: the baselines read the same bytes
			}
			f, err := os.Create(path)
			if err != nil {
				benchErr = err
				return
			}
			_, err = loggen.GenerateCassette(f, loggen.ReportConfig{Seed: 1, Major: major, TargetBytes: benchSize})
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				benchErr = err
				return
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFiles
}

// BenchmarkParseCassette reads a generated ~200 MB cassette of each layout from a file, with the
// fast path and with every interaction decoded as YAML (careful), and reports the peak heap in use.
func BenchmarkParseCassette(b *testing.B) {
	files := benchCassettes(b)
	if benchTemp {
		defer os.RemoveAll(benchDir)
	}
	for _, major := range []int{3, 4} {
		for _, careful := range []bool{false, true} {
			name := "v" + strconv.Itoa(major) + "/fast"
			if careful {
				name = "v" + strconv.Itoa(major) + "/careful"
			}
			b.Run(name, func(b *testing.B) {
				var peak atomic.Uint64
				for b.Loop() {
					f, err := os.Open(files[major])
					if err != nil {
						b.Fatal(err)
					}
					done := make(chan struct{})
					go parsertest.SampleHeap(&peak, done)
					var its, fails int
					st, err := parse(f, parser.Options{Name: "bench"}, parser.HandlerFunc(func(e parser.Event) {
						switch e.(type) {
						case *parser.Interaction:
							its++
						case *parser.Failure:
							fails++
						case *parser.Diagnostic:
							b.Errorf("diagnostic %+v", e)
						}
					}), careful)
					close(done)
					f.Close()
					if err != nil {
						b.Fatal(err)
					}
					if its == 0 || fails == 0 {
						b.Fatalf("%d interactions, %d failures", its, fails)
					}
					b.SetBytes(st.Bytes)
				}
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			})
		}
	}
}
