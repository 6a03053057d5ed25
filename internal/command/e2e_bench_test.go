package command

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/tui"
)

// BenchmarkSummarize measures the whole summarize path (parse, group, render text) on a 100 MiB
// generated log, or on the file named by CTLOG_BENCH_LOG, given on standard input: read once, ahead,
// and parsed in stretches on two goroutines (parser.ParseStream).
func BenchmarkSummarize(b *testing.B) {
	data := benchLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		summarizeStdin(b, data)
	}
}

// BenchmarkSummarizeGzip measures summarize on the log of BenchmarkSummarize gzipped on standard
// input: decompressed on one goroutine as the parse goes (zcat's share of the work), parsed in
// stretches on two. Bytes are the decompressed ones.
func BenchmarkSummarizeGzip(b *testing.B) {
	data := benchLog(b)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		summarizeStdin(b, gz.Bytes())
	}
}

// benchLog is CTLOG_BENCH_LOG or a generated log of 100 MiB.
func benchLog(b *testing.B) []byte {
	if p := os.Getenv("CTLOG_BENCH_LOG"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 1, Operations: 400, TargetBytes: 100 << 20}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// summarizeStdin summarizes data given on standard input (a reader, not a file: read once).
func summarizeStdin(b *testing.B, data []byte) {
	opts := SummarizeOptions{
		IO:     IOStreams{In: bytes.NewReader(data), Out: io.Discard, ErrOut: io.Discard, Getenv: func(string) string { return "" }},
		Inputs: []string{"-"}, Color: "never",
	}
	if code, err := RunSummarize(opts); err != nil || code != ExitOK {
		b.Fatal(code, err)
	}
}

// BenchmarkSummarizeFile measures summarize on a log file of 256 MiB (or CTLOG_BENCH_LOG): a file
// big enough to be read in two parts at once (parser.ParseSplit), as ctlog reads a big log on disk.
func BenchmarkSummarizeFile(b *testing.B) {
	path := benchFile(b)
	b.ReportAllocs()
	for b.Loop() {
		opts := SummarizeOptions{
			IO:     IOStreams{Out: io.Discard, ErrOut: io.Discard, Getenv: func(string) string { return "" }},
			Inputs: []string{path}, Color: "never",
		}
		if code, err := RunSummarize(opts); err != nil || code != ExitOK {
			b.Fatal(code, err)
		}
	}
}

// BenchmarkTUILoad measures the interactive screen's loader (snapshots sent to a screen that drops
// them) on the same file as BenchmarkSummarizeFile: the two should take about the same time.
func BenchmarkTUILoad(b *testing.B) {
	benchTUILoad(b, false)
}

// BenchmarkTUILoadStdin measures the same loader on the same log given on standard input (a
// reader, not a file: read once, in stretches on two cores, as `ctlog summarize -` reads it).
func BenchmarkTUILoadStdin(b *testing.B) {
	benchTUILoad(b, true)
}

func benchTUILoad(b *testing.B, stdin bool) {
	path := benchFile(b)
	b.ReportAllocs()
	for b.Loop() {
		ios, inputs := IOStreams{ErrOut: io.Discard}, []string{path}
		if stdin {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			ios.In, inputs = struct{ io.Reader }{f}, []string{"-"}
		}
		po, err := pipelineOptions(ios, inputs, ReadOptions{NoConfig: true})
		if err != nil {
			b.Fatal(err)
		}
		tm := &tuiModel{}
		var loaded tui.LoadedMsg
		tuiLoader(po, tm)(context.Background(), func(m tea.Msg) {
			if l, ok := m.(tui.LoadedMsg); ok {
				loaded = l
			}
		})
		if loaded.Doc == nil || loaded.Err != nil || tm.code() != ExitOK {
			b.Fatal(loaded.Err, tm.code())
		}
	}
}

// benchFile is the log file of the file benchmarks: CTLOG_BENCH_LOG, or a generated 256 MiB log;
// it sets the bytes the benchmark reads.
func benchFile(b *testing.B) string {
	path := os.Getenv("CTLOG_BENCH_LOG")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.log")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := loggen.Generate(f, loggen.Config{Seed: 1, TargetBytes: 256 << 20}); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	return path
}
