package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// bigLog writes a log of n lines of about 100 bytes (a few MB) whose last line alone holds needle.
func bigLog(t *testing.T, n int, needle string) string {
	t.Helper()
	return writeBigLog(t, n, needle)
}

func bigLogB(b *testing.B, n int) string { return writeBigLog(b, n, "needle") }

func writeBigLog(t testing.TB, n int, needle string) string {
	var b strings.Builder
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "%6d GET /api/v1/items/%d/ status_code_conformance received 404: not found; nothing to see here\n", i, i)
	}
	fmt.Fprintf(&b, "%6d the %s is here\n", n, needle)
	p := filepath.Join(t.TempDir(), "big.log")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// startRawSearch types a search into the raw view and returns the command that waits for the
// search's first message.
func startRawSearch(t *testing.T, v rawView, q string) (rawView, tea.Cmd) {
	t.Helper()
	v, _ = v.Update(key("/"))
	for _, r := range q {
		v, _ = v.Update(key(string(r)))
	}
	v, cmd := v.Update(key("enter"))
	if v.job == nil || cmd == nil {
		t.Fatalf("/%s enter: no search started", q)
	}
	if s := v.View(); !strings.Contains(s, "searching “"+q+"”…") {
		t.Errorf("a running search is not shown:\n%s", s)
	}
	return v, cmd
}

// waitDone waits until a cancelled search's goroutine has returned.
func waitDone(t *testing.T, j *searchJob) {
	t.Helper()
	select {
	case <-j.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled search is still running")
	}
}

func TestRawSearchInBackground(t *testing.T) {
	const lines = 40000 // 4 MB
	path := bigLog(t, lines, "needle")
	v := rawOf(t, path, 120, 21)

	// A match at the end: the view reports progress, then shows the match.
	v, cmd := startRawSearch(t, v, "needle")
	var seen []int64
	for cmd != nil {
		msg := cmd()
		if p, ok := msg.(searchProgressMsg); ok {
			seen = append(seen, p.scanned)
		}
		v, cmd = v.Update(msg)
		if p, ok := msg.(searchProgressMsg); ok && !strings.Contains(v.View(), "searching “needle”… "+byteSize(p.scanned)+" of 4 MiB") {
			t.Fatalf("progress %d is not shown:\n%s", p.scanned, v.View())
		}
	}
	if len(seen) < 3 {
		t.Errorf("progress reports: %v, want one a MiB", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("progress goes back: %v", seen)
		}
	}
	if v.job != nil || v.search.line != lines || !strings.Contains(v.View(), "“needle” at line 40000") {
		t.Fatalf("needle: line %d, job %v:\n%s", v.search.line, v.job != nil, v.View())
	}

	// No match: the whole log is read, then the view says so.
	v = search(v, "haystack")
	if v.job != nil || v.search.line != 0 || !strings.Contains(v.View(), "no match for “haystack”") {
		t.Fatalf("no match is not reported:\n%s", v.View())
	}

	// esc cancels a running search: its goroutine ends, and what it sent late changes nothing.
	v, cmd = startRawSearch(t, v, "haystack")
	msg := cmd()
	if _, ok := msg.(searchProgressMsg); !ok {
		t.Fatalf("first message %T, want progress", msg)
	}
	v, cmd = v.Update(msg)
	j := v.job
	v, had := v.clearSearch()
	if !had || v.job != nil {
		t.Fatalf("esc: had %v, job %v", had, v.job != nil)
	}
	waitDone(t, j)
	if late := cmd(); late != nil {
		t.Errorf("a cancelled search still sends %T", late)
	}
	v, _ = v.Update(searchDoneMsg{id: j.id, found: found{ok: true, line: 7}})
	if v.search.line != 0 || strings.Contains(v.View(), "searching") {
		t.Errorf("a cancelled search's result was shown:\n%s", v.View())
	}

	// A new search cancels the one running; n then reuses the new one.
	v, _ = startRawSearch(t, v, "haystack")
	old := v.job
	v, cmd = startRawSearch(t, v, "needle")
	waitDone(t, old)
	for cmd != nil {
		v, cmd = v.Update(cmd())
	}
	if v.search.line != lines {
		t.Errorf("the second search: line %d, want %d", v.search.line, lines)
	}
	v = rawKey(v, "n")
	if v.search.line != lines || !strings.Contains(v.View(), "continued at the top") {
		t.Errorf("n: line %d:\n%s", v.search.line, v.View())
	}
}
