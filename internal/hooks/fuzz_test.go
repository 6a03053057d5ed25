package hooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

// maxFuzzInput bounds FuzzLint's inputs. Go's minimizer tries on the order of n² candidates for
// each new interesting input of n bytes: with the fixture files as seeds (up to 1.7 kB) it spent
// each minute of fuzzing minimizing one input and reported nothing.
const maxFuzzInput = 512

// fuzzSeeds cuts a fixture into seeds of at most maxFuzzInput bytes: its imports followed by one
// top-level block (a decorated def, a statement group) each, or the whole file when it is small.
func fuzzSeeds(src string) []string {
	if len(src) <= maxFuzzInput {
		return []string{src}
	}
	var header strings.Builder
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			blocks = append(blocks, cur.String())
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(src, "\n") {
		switch {
		case strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "from "):
			header.WriteString(line)
			continue
		case line != "" && !strings.ContainsRune(" \t\n)]}", rune(line[0])) && !strings.HasPrefix(line, "def ") && !strings.HasPrefix(line, "async def ") && !strings.HasPrefix(line, "class "):
			// a decorator or a statement starts a block unless one just started with a decorator
			if !strings.HasPrefix(strings.TrimSpace(lastLine(cur.String())), "@") {
				flush()
			}
		case strings.HasPrefix(line, "def ") || strings.HasPrefix(line, "async def ") || strings.HasPrefix(line, "class "):
			if !strings.HasPrefix(strings.TrimSpace(lastLine(cur.String())), "@") {
				flush()
			}
		}
		cur.WriteString(line)
	}
	flush()
	var out []string
	for _, b := range blocks {
		if seed := header.String() + b; len(seed) <= maxFuzzInput {
			out = append(out, seed)
		}
	}
	return out
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// fuzzDir is a directory for the YAML FuzzLint loads back for each input: in /dev/shm when
// there is one, since writing the file to a disk took more than half of each run (137 µs on
// ext4, 16 µs on tmpfs).
func fuzzDir(f *testing.F) string {
	if dir, err := os.MkdirTemp("/dev/shm", "ctlog-fuzz-"); err == nil {
		f.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return f.TempDir()
}

// FuzzLint feeds arbitrary text to the reader, Lint and Derive: they must not panic, and the
// derived YAML must stay loadable.
//
// Each input is linted twice, not once per major: with the major guessed from the file (which
// lints exactly as with that major given) and with the other one. The minimizer runs the target
// tens of thousands of times for each new interesting input of a kilobyte, so what one run
// costs is what keeps `go test -fuzz` fuzzing.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "hooks", "*.py"))
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			for _, seed := range fuzzSeeds(string(src)) {
				f.Add([]byte(seed))
			}
		}
	}
	f.Add([]byte("import schemathesis\nP = {\"/a/\"}\ndef _b(r):\n    return r.status_code >= 500\n" +
		"def _n(r, c):\n    r.status_code = 200\n    c.headers = {}\n@schemathesis.hook\ndef after_call(context, case, response):\n" +
		"    if context.operation.path not in P or not _b(response):\n        return\n    _n(response, c=case)\n    fix(case)\n"))
	f.Add([]byte("@schemathesis.hook(\n"))
	f.Add([]byte("def f(\"\"\"\n"))
	f.Add([]byte("\ufeffimport schemathesis\n@schemathesis.hook('x')(y)\ndef a(): pass"))
	config := filepath.Join(fuzzDir(f), ".ctlog.yaml") // one input at a time per process
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			return // large files are the benchmarks' and TestLintLinear's
		}
		r := Lint("f.py", src, 0)
		_ = r.Lines()
		_ = r.Summary()
		r = Lint("f.py", src, 7-r.Major)
		_ = r.Lines()
		_ = r.Summary()
		d := Derive("f.py", src)
		if err := os.WriteFile(config, []byte(d.YAML()), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := rules.Load(config); err != nil {
			t.Fatalf("derived YAML does not load: %v\n%s", err, d.YAML())
		}
	})
}
