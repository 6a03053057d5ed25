package classify

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

func TestSignatureDump(t *testing.T) {
	dir := corpus.Dir(t)
	seen := map[string]bool{}
	for _, f := range corpusLogs(t, dir) {
		for _, r := range parseFile(t, f) {
			for _, g := range r.Groups {
				for _, s := range g.Samples {
					sig := SignatureOf(g.Check, s.Status, s.Message, s.Body)
					k := fmt.Sprintf("%s %d %s", g.Check, s.Status, sig)
					if !seen[k] {
						seen[k] = true
						fmt.Printf("%-28s %s\n", filepath.Base(f)[:min(28, len(filepath.Base(f)))], k)
					}
				}
			}
		}
	}
}
