package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestWriteJSONStreamsGroups checks that writing groups one at a time gives the bytes the encoder
// gives for the whole document.
func TestWriteJSONStreamsGroups(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "logs", "*.log"))
	doc := &summary.Document{SchemaVersion: 1, Tool: "ctlog test"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c classify.Collector
		if _, err := parser.Parse(bytes.NewReader(data), parser.Options{Name: f}, &c); err != nil {
			t.Fatal(err)
		}
		doc.Inputs = append(doc.Inputs, summary.Input{Name: f, Runs: c.Finish()})
	}
	doc.Inputs = append(doc.Inputs, summary.Input{Name: "none", Runs: []*classify.Run{}})
	groups := 0
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			groups += len(r.Groups)
		}
	}
	if groups < 50 {
		t.Fatalf("only %d groups: the test logs do not exercise streaming", groups)
	}
	var got, want bytes.Buffer
	if streamed, err := writeJSON(&got, doc); err != nil || !streamed {
		t.Fatalf("streamed %v, error %v", streamed, err)
	}
	if err := encodeJSON(&want, doc, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		a, b := got.Bytes(), want.Bytes()
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Fatalf("streamed JSON differs at byte %d:\n got  %.200q\n want %.200q", i, a[max(0, i-80):], b[max(0, i-80):])
	}
}
