package command

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden (review the diff before committing)")

const repoRoot = "../.."

// stopTokenRe finds the random token of `::stop-commands::TOKEN` and `::TOKEN::`.
var stopTokenRe = regexp.MustCompile(`(?m)^(::stop-commands::|::)[A-Z2-7]{26}(::)?$`)

// TestSummarizeGolden renders every shipped log as text and JSON and compares with the reviewed
// outputs in testdata/golden/summarize.
func TestSummarizeGolden(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "logs", "*.log"))
	if len(logs) < 15 {
		t.Fatalf("only %d logs in testdata/logs", len(logs))
	}
	open := func(p string) (io.ReadCloser, error) { return os.Open(filepath.Join(repoRoot, p)) }
	for _, path := range logs {
		name := strings.TrimSuffix(filepath.Base(path), ".log")
		rel := "testdata/logs/" + filepath.Base(path)
		for _, format := range []string{"text", "json", "markdown", "github"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				var out, errOut bytes.Buffer
				opts := SummarizeOptions{
					IO:          IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }},
					Inputs:      []string{rel},
					Outputs:     []string{format},
					Color:       "never",
					Open:        open,
					ReadOptions: ReadOptions{NoConfig: true},
				}
				if _, err := RunSummarize(opts); err != nil {
					t.Fatal(err)
				}
				if format == "github" {
					// The stop-commands token is drawn at random on every run.
					got := stopTokenRe.ReplaceAllString(out.String(), "${1}TOKEN${2}")
					out.Reset()
					out.WriteString(got)
				}
				ext := map[string]string{"text": ".txt", "json": ".json", "markdown": ".md", "github": ".github.txt"}[format]
				golden := filepath.Join(repoRoot, "testdata", "golden", "summarize", name+ext)
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/command -run Golden -update, then review)", err)
				}
				if got := out.String(); got != string(want) {
					t.Errorf("output differs from %s:\n%s", golden, firstDiff(string(want), got))
				}
			})
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "(same lines, different bytes)"
}
