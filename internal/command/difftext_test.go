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
