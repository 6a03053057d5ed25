package command

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// failReader fails the test when read: standard input must stay untouched.
type failReader struct{ t *testing.T }

func (r failReader) Read([]byte) (int, error) {
	r.t.Error("standard input was read")
	return 0, os.ErrClosed
}

// TestSummarizeNoArgsOnTerminal: `ctlog summarize` with no argument and a terminal on standard input
// says how to give it an input and exits 2 instead of waiting in silence; piped, it reads standard input.
func TestSummarizeNoArgsOnTerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	ios := IOStreams{In: failReader{t}, Out: &out, ErrOut: &errOut, InTTY: true}
	if code := Main([]string{"summarize"}, ios); code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if out.Len() != 0 || strings.Count(errOut.String(), "\n") != 1 ||
		!strings.Contains(errOut.String(), "| ctlog summarize -") || !strings.Contains(errOut.String(), "ctlog summarize --help") {
		t.Errorf("stdout %q, stderr %q: want one line on stderr saying how to give an input", out.String(), errOut.String())
	}

	// Piped: read as today.
	out.Reset()
	errOut.Reset()
	ios = IOStreams{In: strings.NewReader(miniLog), Out: &out, ErrOut: &errOut}
	if code := Main([]string{"summarize"}, ios); code != ExitOK || !strings.Contains(out.String(), "(stdin)") {
		t.Errorf("piped: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// TestSystemInTTY: System says whether standard input is a terminal; a pipe is not.
func TestSystemInTTY(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	saved := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = saved }()
	if ios := System(); ios.InTTY || ios.In != r {
		t.Errorf("System() with a pipe on standard input: InTTY %v, In %v", ios.InTTY, ios.In)
	}
	// A terminal: only where the test has one.
	tty, err := os.Open("/dev/tty")
	if err != nil {
		t.Log("no terminal to test InTTY = true with:", err)
		return
	}
	defer tty.Close()
	os.Stdin = tty
	if !System().InTTY {
		t.Error("System() with /dev/tty on standard input: InTTY false")
	}
}

// TestErrorsPrintOnce: an input that cannot be read is said once, where the user looks — in the
// report on standard output, or on standard error when no report goes there — and `ctlog FILE` with
// a missing FILE exits 3 like summarize, while a mistyped command stays a usage error.
func TestErrorsPrintOnce(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.log")
	tests := []struct {
		name     string
		tty      bool // standard output is a terminal
		args     []string
		code     int
		inStdout int // times the error is in standard output
		inStderr int
	}{
		{"summarize text on a terminal", true, []string{"summarize", missing}, ExitInput, 1, 0},
		{"summarize markdown on a terminal", true, []string{"summarize", "-o", "markdown", missing}, ExitInput, 1, 0},
		{"summarize text piped", false, []string{"summarize", missing}, ExitInput, 1, 1},
		{"summarize json", true, []string{"summarize", "-o", "json", missing}, ExitInput, 1, 1},
		{"summarize to a file", true, []string{"summarize", "-o", "json=" + filepath.Join(t.TempDir(), "s.json"), missing}, ExitInput, 0, 1},
		{"ctlog FILE", true, []string{missing}, ExitInput, 0, 1},
		{"ctlog FILE piped", false, []string{missing}, ExitInput, 0, 1},
		{"ctlog FILE FILE", false, []string{harbor, missing}, ExitInput, 0, 1},
		{"diff", true, []string{"diff", missing, harbor}, ExitInput, 0, 1},
		{"baseline save", true, []string{"baseline", "save", missing, "-o", filepath.Join(t.TempDir(), "b.json")}, ExitInput, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ios := IOStreams{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr, OutTTY: tt.tty,
				Getenv: func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }}
			code := Main(tt.args, ios)
			out, errOut := stdout.String(), stderr.String()
			const msg = "missing.log: no such file or directory"
			if code != tt.code || strings.Count(out, msg) != tt.inStdout || strings.Count(errOut, msg) != tt.inStderr {
				t.Errorf("exit %d (want %d); the error %d times on stdout (want %d), %d on stderr (want %d)\nstdout:\n%s\nstderr:\n%s",
					code, tt.code, strings.Count(out, msg), tt.inStdout, strings.Count(errOut, msg), tt.inStderr, out, errOut)
			}
		})
	}
	for _, typo := range []string{"sumarize", "hook", "foo"} {
		code, _, errOut := run(t, "", nil, typo)
		if code != ExitUsage || !strings.Contains(errOut, `unknown command or file "`+typo+`"`) {
			t.Errorf("ctlog %s: exit %d, stderr %q: want a usage error", typo, code, errOut)
		}
	}
	if _, _, errOut := run(t, "", nil, "sumarize"); !strings.Contains(errOut, "did you mean 'ctlog summarize'?") {
		t.Errorf("ctlog sumarize: stderr %q lacks the suggestion", errOut)
	}
}

// TestHelpDocumentsOwnFlags: a command's help names only flags it has. The exceptions are flags of
// other tools (gh run view --log, st run --report) and, in help that shows how to use another ctlog
// command, that command's flags.
func TestHelpDocumentsOwnFlags(t *testing.T) {
	others := map[string][]string{
		"ctlog":           {"fail-on", "baseline", "log"}, // the exit codes of every command; gh run view --log
		"ctlog summarize": {"log", "log-failed", "report"},
		"ctlog baseline":  {"baseline", "fail-on"}, // ctlog summarize --baseline FILE --fail-on new
		"ctlog history":   {"record", "history"},   // summarize --record; its own persistent --history
	}
	re := regexp.MustCompile(`(?:^|[^-\w])--([a-z][a-z0-9-]*)`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, m := range re.FindAllStringSubmatch(c.Long, -1) {
			name := m[1]
			if name == "help" || c.Flags().Lookup(name) != nil || c.InheritedFlags().Lookup(name) != nil || slices.Contains(others[c.CommandPath()], name) {
				continue
			}
			t.Errorf("'%s --help' documents --%s, a flag it does not have", c.CommandPath(), name)
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(NewRoot(IOStreams{}))
}

// TestOutputFlagListsEveryFormat: the -o help of summarize and gh names every format summarize
// accepts (the list its error gives), and each of them is accepted.
func TestOutputFlagListsEveryFormat(t *testing.T) {
	_, err := parseOutputs([]string{"bogus"})
	if err == nil {
		t.Fatal("parseOutputs accepted bogus")
	}
	_, list, ok := strings.Cut(err.Error(), "(want ")
	if !ok {
		t.Fatalf("the error %q does not list the formats", err)
	}
	formats := strings.FieldsFunc(strings.TrimSuffix(list, ")"), func(r rune) bool { return r == ',' || r == ' ' })
	formats = slices.DeleteFunc(formats, func(s string) bool { return s == "or" })
	if len(formats) < 4 {
		t.Fatalf("formats %q: want at least text, json, markdown and github", formats)
	}
	root := NewRoot(IOStreams{})
	for _, path := range [][]string{{"summarize"}, {"gh"}} {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		usage := c.Flags().Lookup("output").Usage
		for _, f := range formats {
			if !strings.Contains(usage, f) {
				t.Errorf("ctlog %s -o help %q does not list %s", path[0], usage, f)
			}
			if _, err := parseOutputs([]string{f}); err != nil {
				t.Errorf("-o %s: %v", f, err)
			}
		}
	}
}

// TestMoreGroupsHint: the text report's "N more groups" line names the flag that lists them all.
func TestMoreGroupsHint(t *testing.T) {
	code, out, _ := run(t, "", nil, "summarize", "--no-config", "--max-groups", "3", harbor)
	if code != ExitOK || !strings.Contains(out, "… 7 more groups (7 test cases); --max-groups 0 lists them all") {
		t.Errorf("exit %d; the report lacks the --max-groups 0 hint:\n%s", code, out)
	}
	if _, out, _ = run(t, "", nil, "summarize", "--no-config", "--max-groups", "0", harbor); strings.Contains(out, "more groups") {
		t.Errorf("--max-groups 0 still folds groups:\n%s", out)
	}
}
