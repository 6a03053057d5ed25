package classify

import (
	"fmt"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

func TestSigDumpTmp(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range corpusLogs(t, corpus.Dir(t)) {
		for _, r := range parseFile(t, f) {
			for _, g := range r.Groups {
				for _, s := range g.Samples {
					k := fmt.Sprintf("%s %d %s", g.Check, s.Status, SignatureOf(g.Check, s.Status, s.Message, s.Body))
					if !seen[k] {
						seen[k] = true
						fmt.Println(k)
					}
				}
			}
		}
	}
}
