package tui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

// harness runs a Model inside a teatest program and answers queries from the test on the
// program's own goroutine, so that screens are taken between two messages, never during one. It
// counts the commands in flight, so that a test can wait until what its keys set off is done.
type harness struct {
	m       *Model
	pending *atomic.Int64
}

type queryMsg struct {
	fn   func(*Model)
	done chan struct{}
}

// doneMsg is what a counted command returned.
type doneMsg struct{ msg tea.Msg }

func (h harness) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	h.pending.Add(1)
	return func() tea.Msg {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, 0, len(b))
			for _, c := range b {
				if c != nil {
					out = append(out, h.wrap(c))
				}
			}
			h.pending.Add(-1)
			return out
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			h.pending.Add(-1)
			return msg
		}
		return doneMsg{msg}
	}
}

func (h harness) Init() tea.Cmd { return h.wrap(h.m.Init()) }

func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case queryMsg:
		msg.fn(h.m)
		close(msg.done)
		return h, nil
	case doneMsg:
		var cmd tea.Cmd
		if msg.msg != nil {
			_, next := h.m.Update(msg.msg)
			cmd = h.wrap(next)
		}
		h.pending.Add(-1)
		return h, cmd
	}
	_, cmd := h.m.Update(msg)
	return h, h.wrap(cmd)
}

func (h harness) View() string { return h.m.View() }

// query runs fn on the model between two messages.
func query(t *testing.T, tm *teatest.TestModel, fn func(*Model)) {
	t.Helper()
	q := queryMsg{fn: fn, done: make(chan struct{})}
	tm.Send(q)
	select {
	case <-q.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not answer")
	}
}

// screenOf waits until the commands the last keys started are done and returns the screen.
func screenOf(t *testing.T, tm *teatest.TestModel, h harness) string {
	t.Helper()
	query(t, tm, func(*Model) {})
	deadline := time.Now().Add(10 * time.Second)
	for h.pending.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d commands still running", h.pending.Load())
		}
		time.Sleep(time.Millisecond)
	}
	var s string
	query(t, tm, func(m *Model) { s = m.View() })
	return s
}

// waitLoaded waits until the loader is done.
func waitLoaded(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		loaded := false
		query(t, tm, func(m *Model) { loaded = !m.d.loading })
		if loaded {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("loading did not finish")
}

type step struct {
	name string
	keys []string
	// check looks at the screen after the keys.
	check func(t *testing.T, screen string)
}

// flow drives a program through steps and compares the screens with one golden file per size.
func flow(t *testing.T, m *Model, w, h int, steps []step) {
	hs := harness{m: m, pending: new(atomic.Int64)}
	tm := teatest.NewTestModel(t, hs, teatest.WithInitialTermSize(w, h))
	waitLoaded(t, tm)
	var all strings.Builder
	for i, s := range steps {
		for _, k := range s.keys {
			tm.Send(key(k))
		}
		got := screenOf(t, tm, hs)
		for n, l := range strings.Split(got, "\n") {
			if width(l) > w {
				t.Errorf("%s: line %d is %d cells wide: %q", s.name, n+1, width(l), l)
			}
		}
		if c := strings.Count(got, "\n") + 1; c != h {
			t.Errorf("%s: %d lines, want %d", s.name, c, h)
		}
		if s.check != nil {
			s.check(t, got)
		}
		fmt.Fprintf(&all, "=== %02d %s (keys: %s) ===\n%s\n", i+1, s.name, strings.Join(s.keys, " "), got)
	}
	tm.Send(key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	teatest.RequireEqualOutput(t, []byte(all.String()))
}

func contains(want ...string) func(*testing.T, string) {
	return func(t *testing.T, s string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("screen lacks %q:\n%s", w, s)
			}
		}
	}
}

// selected checks the selected row (the line with the › marker) holds every piece of want.
func selected(want ...string) func(*testing.T, string) {
	return func(t *testing.T, s string) {
		t.Helper()
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "› ") {
				for _, w := range want {
					if !strings.Contains(l, w) {
						t.Errorf("the selected row lacks %q: %q", w, l)
					}
				}
				return
			}
		}
		t.Errorf("no row is selected:\n%s", s)
	}
}

func lacks(bad ...string) func(*testing.T, string) {
	return func(t *testing.T, s string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(s, b) {
				t.Errorf("screen shows %q:\n%s", b, s)
			}
		}
	}
}

func both(fs ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, s string) {
		for _, f := range fs {
			f(t, s)
		}
	}
}

// TestFlow opens the shipped showcase log, filters, opens a cluster, copies its curl, reads its raw
// lines, goes back and quits, at two terminal sizes.
func TestFlow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			var clip bytes.Buffer
			m := New(Options{Names: []string{harborLog}, Load: testLoader(t, "testdata/harbor.ctlog.yaml", harborLog),
				Mode: Plain, Output: &clip, Raw: fileRaw})
			flow(t, m, size[0], size[1], []step{
				{"open", nil, contains("ci-hooks-not-loaded.log", "10 failure groups", "Integrity: ok", "Hooks: Hooks not loaded", "› ", "[hook]")},
				{"filter", []string{"/", "c", "a", "r", "g", "o", " ", "5", "0", "0"}, both(contains("/cargo 500", "1 of 10", "not_a_server_error"), selected("POST ", "cargo/manifests/"))},
				{"detail", []string{"enter", "enter"}, both(contains("deadlock detected", "Authorization: [REDACTED]", "line 189"), lacks("eyJhbGci"))},
				{"copy curl", []string{"c"}, contains("copied the curl command of sample 1 to the clipboard")},
				{"raw lines", []string{"r"}, both(contains("189 ▌ 1. Test Case ID: u4pVKF", "199 ▌", "[REDACTED]"), lacks("eyJhbGci"))},
				{"scroll raw", []string{"j", "j", "j"}, nil},
				{"search raw", []string{"/", "d", "e", "a", "d", "l", "o", "c", "k", "enter"}, contains("“deadlock” at line", "» ", "n/N match")},
				{"next match", []string{"n"}, contains("“deadlock” at line")},
				{"search nothing", []string{"/", "n", "o", "p", "e", "!", "enter"}, contains("no match for “nope!”")},
				{"clear search", []string{"esc"}, both(contains("/ search · n/p sample"), lacks("“nope!”"))},
				{"half page raw", []string{"ctrl+d", "ctrl+u"}, nil},
				{"back to detail", []string{"esc"}, contains("Sample 1 of 1")},
				{"back to list", []string{"esc"}, contains("/cargo 500")},
				{"clear filter", []string{"esc"}, both(contains("ssels/{vessel_id}/"), selected("POST ", "cargo/manifests/"))},
				{"half page down", []string{"ctrl+d"}, nil},
				{"half page up", []string{"ctrl+u"}, contains("› ")},
				{"help", []string{"?"}, contains("Failure groups", "fuzzy filter", "mouse wheel", "ctrl+d", "mouse click")},
				{"close help", []string{"esc"}, contains("s sort (severity)")},
			})
			want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(
				`curl -X POST -H 'Authorization: [REDACTED]' -H 'Content-Type: application/json' -d '{"containers": [], "port_of_discharge": "SGSIN", "port_of_loading": "NLRTM", "vessel": 3}' http://127.0.0.1:8000/api/v2/cargo/manifests/`)) + "\x07"
			if clip.String() != want {
				t.Errorf("clipboard got %q", clip.String())
			}
		})
	}
}

// TestFlowAquaMind runs the same flow on the real AquaMind CI log, when the corpus is present.
func TestFlowAquaMind(t *testing.T) {
	dir := corpus.Dir(t)
	if os.Getenv("CTLOG_CORPUS") != "" {
		// The screens show the log's path: the golden file has the default one, ../shared/corpus.
		t.Skip("CTLOG_CORPUS moves the corpus; the golden screens name it at ../shared/corpus")
	}
	wd, _ := os.Getwd()
	log, err := filepath.Rel(wd, filepath.Join(dir, "aquamind", "ci_schemathesis-output_a66429d.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Names: []string{log}, Load: testLoader(t, "../testdata/config/aquamind.ctlog.yaml", log),
		Mode: Plain, Output: io.Discard, Raw: fileRaw})
	flow(t, m, 120, 40, []step{
		{"open", nil, contains("27 failure groups", "Integrity: ok", "Hooks: Hooks working or not involved")},
		{"filter", []string{"/", "p", "r", "o", "f", "i", "l", "e"}, contains("›      1  PUT /api/v1/users/auth/profile/")},
		{"detail", []string{"enter", "enter"}, contains("DoesNotExist")},
		{"raw lines", []string{"r"}, contains("▌")},
		{"back", []string{"esc", "esc"}, contains("/profile")},
		{"sort by check", []string{"esc", "s", "s", "s"}, contains("CHECK▲")},
	})
}

const causesLog = "testdata/causes.log"

// TestFlowCauses lists the shared causes of a log with two (C), narrows the failure groups to each
// (enter), clears the cause (esc), at two terminal sizes.
func TestFlowCauses(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := New(Options{Names: []string{causesLog}, Load: testLoader(t, "", causesLog), Mode: Plain, Output: io.Discard, Raw: fileRaw})
			flow(t, m, size[0], size[1], []step{
				{"open", nil, contains("6 failure groups", "C causes")},
				{"causes", []string{"C"}, both(contains("Causes shared by several operations (2)", "status_code_conformance", "not_a_server_error"),
					selected("3", "received 404"))},
				{"filter to the 404s", []string{"enter"}, both(contains("Cause · 3 failure groups · esc clears · status_code_conformance: received 404",
					"berths/{berth_id}/", "pilots/{pilot_id}/", "tugs/{tug_id}/", "esc all groups"), lacks("cargo/holds/", "tides/today/"))},
				{"text filter inside the cause", []string{"/", "p", "i", "l", "o", "t", "enter"}, both(contains("1 of 3"), selected("pilots/{pilot_id}/"))},
				{"esc clears the text first", []string{"esc"}, both(contains("Cause · 3 failure groups"), lacks("1 of 3"))},
				{"esc clears the cause", []string{"esc"}, both(contains("cargo/holds/", "tides/today/"), lacks("Cause ·"))},
				{"the second cause", []string{"C", "j", "enter"}, both(contains("Cause · 2 failure groups · esc clears · not_a_server_error: TypeError"),
					lacks("berths/{berth_id}/", "tides/today/"))},
				{"open a group of the cause", []string{"enter"}, contains("TypeError: unsupported operand")},
				{"back to the narrowed list", []string{"esc"}, contains("Cause · 2 failure groups")},
				{"causes, then back", []string{"C", "esc"}, contains("Cause · 2 failure groups")},
				{"help lists C", []string{"?"}, contains("C", "shared causes: the root causes behind several operations")},
				{"help's causes section", []string{"pgdown"}, contains("Shared causes (after C)", "show the failure groups of the cause")},
			})
		})
	}
}
