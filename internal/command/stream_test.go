package command

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// TestSummarizeStreamEqualsFile summarizes a generated log of several stream segments from a file
// (read in one pass: it is smaller than parser.SplitMin), from standard input and as a gzip stream
// on standard input (both read ahead and parsed in stretches on two goroutines): the JSON reports
// are the same but for the input's name.
func TestSummarizeStreamEqualsFile(t *testing.T) {
	var log bytes.Buffer
	if _, err := loggen.Generate(&log, loggen.Config{Seed: 21, Operations: 120, TargetBytes: 7 << 20}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gen.log")
	if err := os.WriteFile(path, log.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(log.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	summarize := func(in []byte, input string) string {
		var out, errOut bytes.Buffer
		opts := SummarizeOptions{
			IO:     IOStreams{In: bytes.NewReader(in), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }},
			Inputs: []string{input}, Color: "never", Outputs: []string{"json"},
		}
		code, err := RunSummarize(opts)
		if err != nil {
			t.Fatalf("summarize %s: exit %d, %v; %s", input, code, err, errOut.String())
		}
		return strings.Replace(out.String(), `"name": "(stdin)"`, `"name": "`+path+`"`, 1)
	}
	want := summarize(nil, path)
	if strings.Count(want, `"check": `) < 50 {
		t.Fatalf("the report has few groups: %.500s", want)
	}
	for name, in := range map[string][]byte{"stdin": log.Bytes(), "gzip on stdin": gz.Bytes()} {
		if got := summarize(in, "-"); got != want {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: report differs at byte %d:\nfile:  %.300s\n%s: %.300s", name, i, want[max(0, i-100):], name, got[max(0, i-100):])
		}
	}
}
