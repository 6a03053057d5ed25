package command

import (
	"bytes"
	"os"
	"strings"
	"testing"
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
