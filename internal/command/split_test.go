package command

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestSummarizeBigFileSplit summarizes a log big enough to be read in two parts at once and
// checks the JSON report against the one for the same bytes read from standard input, which are
// read in one pass.
func TestSummarizeBigFileSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a log of more than 64 MiB")
	}
	path := filepath.Join(t.TempDir(), "big.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loggen.Generate(f, loggen.Config{Seed: 11, Operations: 300, TargetBytes: parser.SplitMin + 8<<20}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
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
		return fmt.Sprintf("exit %d\n%s", code, out.String())
	}
	fromFile := summarize(nil, path)
	fromStdin := summarize(data, "-")
	// The inputs differ only in name.
	fromStdin = strings.Replace(fromStdin, `"name": "(stdin)"`, `"name": "`+path+`"`, 1)
	if fromFile != fromStdin {
		a, b := fromFile, fromStdin
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Fatalf("reports differ at byte %d:\nfile:  %.300s\nstdin: %.300s", i, a[max(0, i-100):], b[max(0, i-100):])
	}
}
