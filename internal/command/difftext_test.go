package command

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
)

// TestDiffTextSanitizes checks that log text in the diff's rows cannot drive the terminal.
func TestDiffTextSanitizes(t *testing.T) {
	d := classify.Diff{New: 1, Clusters: []classify.ClusterDiff{{Operation: "GET /a\x1b[2J", Title: "Custom\x1b]0;pwned\x07 check",
		Status: 500, B: 3, Signature: "boom\x1b[31m", Change: "new"}}}
	var b strings.Builder
	if err := writeDiffText(&b, "a.log", "b.log", d); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("escape sequences reached the output:\n%q", out)
	}
}

// TestDiffChanceOutput runs `ctlog diff` on two 4.x runs with different seeds: the text lists the
// differing seed and stateful scenario count, and sets the groups found once apart as possibly
// chance with the reason; the JSON carries the same as added fields.
func TestDiffChanceOutput(t *testing.T) {
	run := func(output string) string {
		var out, errOut strings.Builder
		ios := IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
		code, err := RunDiff(DiffOptions{IO: ios, A: "../../testdata/diff/v4-seed-a.log", B: "../../testdata/diff/v4-seed-b.log", Output: output, Color: "never", Format: "auto"})
		if err != nil || code != ExitOK {
			t.Fatalf("diff -o %s: %d %v\n%s", output, code, err, errOut.String())
		}
		return out.String()
	}
	text := run("text")
	chance := strings.Index(text, "Possibly chance: 2 new or gone groups")
	if chance < 0 {
		t.Fatalf("no possibly-chance section:\n%s", text)
	}
	if i := strings.Index(text, "DELETE /api/v2/vessels/{imo}/"); i < 0 || i > chance {
		t.Errorf("the group found 3 times should be listed before the possibly-chance ones:\n%s", text)
	}
	for _, want := range []string{"seed ", "Stateful Scenarios", "? found once, by generated test cases (the fuzzing and stateful phases ran), and the seeds differ"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	js := run("json")
	for _, want := range []string{`"possibly_chance": 2`, `"possibly_chance": "found once`} {
		if !strings.Contains(js, want) {
			t.Errorf("json lacks %q", want)
		}
	}
}
