package classify

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

func TestSignatureDump(t *testing.T) {
	dir := corpus.Dir(t)
	for _, f := range corpusLogs(t, dir) {
		for _, r := range parseFile(t, f) {
			for _, g := range r.Groups {
				for _, s := range g.Samples {
					fmt.Printf("=== %s %s %q %d\nMSG: %q\nBODY: %.300q\n", filepath.Base(f), g.Check, g.Title, s.Status, s.Message, s.Body)
				}
			}
		}
	}
}
