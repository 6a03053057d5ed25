package parsertest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// Generator writes a generated report (loggen.GenerateJUnit, loggen.GenerateCassette).
type Generator func(io.Writer, loggen.ReportConfig) (loggen.ReportTruth, error)

// EquivInputs are the inputs a fast reader's equivalence tests compare it on: the package's test
// files matching testGlob, the corpus's schemathesis/*/corpusGlob files when the corpus is there,
// and a small generated report of each layout ("generated-v3", "generated-v4").
func EquivInputs(t *testing.T, testGlob, corpusGlob string, generate Generator) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	files, _ := filepath.Glob(testGlob)
	if dir, ok := corpus.Lookup(); ok {
		more, _ := filepath.Glob(filepath.Join(dir, "schemathesis", "*", corpusGlob))
		files = append(files, more...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = b
	}
	for _, major := range []int{3, 4} {
		var buf bytes.Buffer
		if _, err := generate(&buf, loggen.ReportConfig{Seed: int64(major), Major: major, TargetBytes: 24 << 10}); err != nil {
			t.Fatal(err)
		}
		in[fmt.Sprintf("generated-v%d", major)] = buf.Bytes()
	}
	return in
}

// BenchReports are generated reports of both layouts for a reader's benchmark, written once per
// process: in a temporary directory that Done removes, or in $CTLOG_BENCH_REPORTS, where they stay
// for the next run and for the baselines (scripts/bench-readers).
type BenchReports struct {
	Name     string // the files are Name3.Ext and Name4.Ext
	Ext      string
	Size     int64
	Generate Generator

	once  sync.Once
	dir   string
	files map[int]string
	err   error
	temp  bool
}

// Files returns the report of each major version (3, 4), writing those not there yet.
func (r *BenchReports) Files(b *testing.B) map[int]string {
	r.once.Do(func() {
		r.files = map[int]string{}
		if r.dir = os.Getenv("CTLOG_BENCH_REPORTS"); r.dir == "" {
			if r.dir, r.err = os.MkdirTemp("", "ctlog-"+r.Name+"-bench"); r.err != nil {
				return
			}
			r.temp = true
		}
		for _, major := range []int{3, 4} {
			path := filepath.Join(r.dir, fmt.Sprintf("%s%d.%s", r.Name, major, r.Ext))
			r.files[major] = path
			if _, err := os.Stat(path); err == nil && !r.temp {
				continue // made by an earlier run: the baselines read the same bytes
			}
			if r.err = r.write(path, major); r.err != nil {
				return
			}
		}
	})
	if r.err != nil {
		b.Fatal(r.err)
	}
	return r.files
}

func (r *BenchReports) write(path string, major int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = r.Generate(f, loggen.ReportConfig{Seed: 1, Major: major, TargetBytes: r.Size})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Done removes the reports when they were written to a temporary directory; the next Files writes
// them again (a benchmark run with -count calls its function more than once).
func (r *BenchReports) Done() {
	if r.temp {
		os.RemoveAll(r.dir)
		r.once, r.temp = sync.Once{}, false
	}
}

// BenchRead benchmarks parse, fast and careful, on the report of each layout, as sub-benchmarks
// v3/fast, v3/careful, v4/fast, v4/careful, and reports the peak heap in use. Every read must
// give some events of type Unit and some failures, and no diagnostic when quiet is set.
func BenchRead[Unit parser.Event](b *testing.B, r *BenchReports, quiet bool, parse func(io.Reader, parser.Options, parser.Handler, bool) (parser.Stats, error)) {
	files := r.Files(b)
	defer r.Done()
	for _, major := range []int{3, 4} {
		for _, careful := range []bool{false, true} {
			name := fmt.Sprintf("v%d/fast", major)
			if careful {
				name = fmt.Sprintf("v%d/careful", major)
			}
			b.Run(name, func(b *testing.B) {
				var peak atomic.Uint64
				for b.Loop() {
					f, err := os.Open(files[major])
					if err != nil {
						b.Fatal(err)
					}
					done := make(chan struct{})
					go SampleHeap(&peak, done)
					var units, fails int
					st, err := parse(f, parser.Options{Name: "bench"}, parser.HandlerFunc(func(e parser.Event) {
						switch e.(type) {
						case Unit:
							units++
						case *parser.Failure:
							fails++
						case *parser.Diagnostic:
							if quiet {
								b.Errorf("diagnostic %+v", e)
							}
						}
					}), careful)
					close(done)
					f.Close()
					if err != nil {
						b.Fatal(err)
					}
					if units == 0 || fails == 0 {
						b.Fatalf("%d %T events, %d failures", units, *new(Unit), fails)
					}
					b.SetBytes(st.Bytes)
				}
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			})
		}
	}
}
