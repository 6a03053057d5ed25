package classify

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// documentedForScan is the definition documentedFor's index must keep: the least label of
// another operation, with another method, on the same inferred template.
func documentedForScan(inferred map[string]string, op, method string) string {
	_, tmpl, _ := strings.Cut(inferred[op], " ")
	best := ""
	for o, l := range inferred {
		m, p, _ := strings.Cut(l, " ")
		if o != op && m != method && p == tmpl && (best == "" || l < best) {
			best = l
		}
	}
	return best
}

// TestProbeIndexEqualsScan compares the indexed lookup with a scan of every label on generated
// cassette operations: several methods on shared templates, concrete ids, lone paths.
func TestProbeIndexEqualsScan(t *testing.T) {
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "TRACE"}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var ops []string
		for range 50 + rng.IntN(400) {
			m := methods[rng.IntN(len(methods))]
			switch rng.IntN(3) {
			case 0:
				ops = append(ops, fmt.Sprintf("%s /api/r%d/%d", m, rng.IntN(8), rng.IntN(1000)))
			case 1:
				ops = append(ops, fmt.Sprintf("%s /api/r%d", m, rng.IntN(12)))
			default:
				ops = append(ops, fmt.Sprintf("%s /api/r%d/items/%d/x", m, rng.IntN(4), rng.IntN(50)))
			}
		}
		inferred := inferTemplates(ops)
		var idx probeIndex
		found := 0
		for _, op := range ops {
			method, _, _ := strings.Cut(op, " ")
			want := documentedForScan(inferred, op, method)
			if got := idx.documentedFor(inferred, op, method, true); got != want {
				t.Fatalf("seed %d, %q: index gives %q, scan %q", seed, op, got, want)
			}
			if want != "" {
				found++
			}
			if got := idx.documentedFor(inferred, op, method, false); got != "" {
				t.Fatalf("not a probe, %q: got %q", op, got)
			}
		}
		if found == 0 {
			t.Fatalf("seed %d: no operation has another method on its template; the test proves nothing", seed)
		}
	}
}
