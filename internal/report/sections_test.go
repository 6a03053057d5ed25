package report

import "testing"

// TestSectionsRendered: every format has a function for every section, and the section lists hold
// each section once.
func TestSectionsRendered(t *testing.T) {
	for s := range numSections {
		if textSections[s] == nil {
			t.Errorf("text renders no section %d", s)
		}
	}
	for _, list := range [][]section{runSections, stoppedSections} {
		seen := map[section]bool{}
		for _, s := range list {
			if seen[s] {
				t.Errorf("section %d twice in %v", s, list)
			}
			seen[s] = true
		}
	}
}
