package tui

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// syntheticClusters makes n clusters with realistic operations, checks and signatures.
func syntheticClusters(n int) []*Cluster {
	r := rand.New(rand.NewPCG(1, 2))
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	words := []string{"users", "profile", "batches", "inventory", "feeding-events", "health", "scenario", "broodstock",
		"containers", "samples", "templates", "auth", "reports", "summary", "by_batch", "lineage", "stats", "export"}
	checks := []string{"not_a_server_error", "status_code_conformance", "response_schema_conformance",
		"content_type_conformance", "response_headers_conformance", "negative_data_rejection"}
	statuses := []int{200, 201, 400, 401, 403, 404, 409, 422, 500, 502}
	sigs := []string{"<value> is not of type 'string' at /properties/%s", "received %d, documented 200, 401",
		"TypeError: unsupported operand type(s) for +: 'NoneType' and 'int' in %s", "'%s' is a required property",
		"DoesNotExist: %s matching query does not exist", "received text/csv, documented application/json"}
	cs := make([]*Cluster, 0, n)
	for i := range n {
		op := fmt.Sprintf("%s /api/v1/%s/%s/{id}/%s/", methods[r.IntN(len(methods))], words[r.IntN(len(words))],
			words[r.IntN(len(words))], words[r.IntN(len(words))])
		sig := sigs[r.IntN(len(sigs))]
		switch sig[0] {
		case 'r':
			if sig[9] == '%' {
				sig = fmt.Sprintf(sig, statuses[r.IntN(len(statuses))])
			}
		default:
			sig = fmt.Sprintf(sig, words[r.IntN(len(words))])
		}
		g := &classify.Group{Operation: op, Check: checks[r.IntN(len(checks))], Status: statuses[r.IntN(len(statuses))],
			Count: 1 + r.IntN(5000), Signature: classify.Signature{Kind: "message", Text: sig}, First: spanAt(i)}
		g.Title = g.Check
		cs = append(cs, newCluster(0, "synthetic.log", 0, g))
	}
	return cs
}

// BenchmarkFilter10k types a query into the filter of a 10,000-cluster list, one key at a time,
// drawing the list after each key as the program would. ns/key is the time per keystroke.
func BenchmarkFilter10k(b *testing.B) {
	cs := syntheticClusters(10000)
	l := newList(newTheme(discard{}, Color))
	l.w, l.h = 120, 35
	l = l.setData(cs)
	query := "users prof 500"
	keys := 0
	var worst time.Duration
	b.ResetTimer()
	for b.Loop() {
		l, _ = l.Update(key("/"))
		for _, r := range query {
			start := time.Now()
			l, _ = l.Update(key(string(r)))
			_ = l.View()
			worst = max(worst, time.Since(start))
			keys++
		}
		// Erase it again (each backspace filters from scratch).
		for range query {
			start := time.Now()
			l, _ = l.Update(key("backspace"))
			_ = l.View()
			worst = max(worst, time.Since(start))
			keys++
		}
		l, _ = l.Update(key("esc"))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys), "ns/key")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst-key")
}

// BenchmarkSetData10k is what a snapshot of 10,000 clusters costs the screen: rows, sort, filter.
func BenchmarkSetData10k(b *testing.B) {
	cs := syntheticClusters(10000)
	l := newList(newTheme(discard{}, Color))
	l.w, l.h = 120, 35
	l, _ = updateList(l, "/", "u", "s", "e", "r", "enter")
	for b.Loop() {
		l = l.setData(cs)
		_ = l.View()
	}
}

// TestFilter10k filters 10,000 clusters key by key (BenchmarkFilter10k measures the time; tests
// assert behaviour only).
func TestFilter10k(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	cs := syntheticClusters(10000)
	l := newList(newTheme(discard{}, Color))
	l.w, l.h = 120, 35
	l = l.setData(cs)
	l, _ = l.Update(key("/"))
	for _, r := range "users prof 500" {
		l, _ = l.Update(key(string(r)))
		_ = l.View()
	}
	if len(l.rows) == 0 {
		t.Fatal("the query matched nothing")
	}
}

func spanAt(i int) parser.Span { return parser.Span{Line: i + 1, EndLine: i + 1} }

// BenchmarkRawSearchNoMatch reads a 16 MB log to its end looking for text it does not hold: the
// scan alone (as the raw view did on the UI goroutine), and as a background job that reports its
// progress every MiB.
func BenchmarkRawSearchNoMatch(b *testing.B) {
	path := bigLogB(b, 160000)
	src, err := fileRaw(path)
	if err != nil {
		b.Fatal(err)
	}
	defer src.(sizedFile).Close()
	f := newRawFile(src)
	s := newRawSearch("haystack")
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(f.size)
		for b.Loop() {
			if _, _, ok, err := f.searchForward(s, 0, nil); ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("job", func(b *testing.B) {
		b.SetBytes(f.size)
		for b.Loop() {
			_, cmd := startSearch(f, s, rawLine{num: 1}, 0, false)
			for {
				msg := cmd()
				if d, ok := msg.(searchDoneMsg); ok {
					if d.found.ok || d.err != nil {
						b.Fatal(d)
					}
					break
				}
			}
		}
	})
}
