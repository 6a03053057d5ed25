package tui

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
)

func TestStreamSnapshots(t *testing.T) {
	path := genLog(t, 3)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	// A clock that moves 50 ms each time it is read: many snapshots.
	var now time.Time
	clock := func() time.Time { now = now.Add(50 * time.Millisecond); return now }
	var mu sync.Mutex
	var snaps []ProgressMsg
	done := make(chan struct{})
	var readers sync.WaitGroup
	send := func(m tea.Msg) {
		p := m.(ProgressMsg)
		mu.Lock()
		snaps = append(snaps, p)
		mu.Unlock()
		// Read the snapshot on another goroutine while parsing goes on (go test -race checks this).
		readers.Add(1)
		go func() {
			defer readers.Done()
			n := 0
			for _, r := range p.Runs {
				n += len(r.Groups) + len(r.Settings.Other)
			}
			for _, r := range p.Rows {
				n += r.Count + r.Flaky + len(r.Operation) + len(r.Signature)
			}
			_ = n
			<-done
		}()
	}
	in, err := stream(context.Background(), path, StreamOptions{Send: send, Now: clock, Interval: 100 * time.Millisecond})
	close(done)
	readers.Wait()
	if err != nil {
		t.Fatal(err)
	}
	runs := in.Runs
	if len(snaps) < 3 {
		t.Fatalf("only %d snapshots", len(snaps))
	}
	first, last := snaps[0], snaps[len(snaps)-1]
	if first.Read > last.Read || last.Read != fi.Size() || last.Size != fi.Size() || last.Lines != in.Lines {
		t.Errorf("progress: first %d, last %d of %d bytes, %d of %d lines", first.Read, last.Read, fi.Size(), last.Lines, in.Lines)
	}
	// Snapshots grow, and the last one has every group with its final count.
	prev := 0
	for _, s := range snaps {
		n := len(s.Rows)
		if n < prev {
			t.Errorf("snapshot lost groups: %d after %d", n, prev)
		}
		prev = n
	}
	count := map[string]int{}
	for _, g := range runs[0].Groups {
		count[g.Operation+g.Title+g.Signature.Text+fmt.Sprint(g.Status)] = g.Count
	}
	for _, r := range last.Rows {
		if c := count[r.Operation+r.Title+r.Signature+fmt.Sprint(r.Status)]; c != r.Count {
			t.Errorf("%s: snapshot count %d, final %d", r.Operation, r.Count, c)
		}
	}
	if len(last.Rows) != len(runs[0].Groups) {
		t.Errorf("last snapshot has %d rows, the run %d groups", len(last.Rows), len(runs[0].Groups))
	}
}

func TestStreamRedactsSnapshots(t *testing.T) {
	f, err := os.Open(harborLog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	groups := 0
	_, err = stream(context.Background(), harborLog, StreamOptions{Interval: time.Nanosecond, Send: askingAll(func(m tea.Msg) {
		g, ok := m.(GroupMsg)
		if !ok {
			return
		}
		groups++
		for _, s := range g.G.Samples {
			for _, c := range s.Reproduce {
				if strings.Contains(c, "eyJhbGci") {
					t.Errorf("a group sent while loading leaks the bearer token: %s", c)
				}
			}
		}
	})})
	if err != nil {
		t.Fatal(err)
	}
	if groups == 0 {
		t.Error("no group was sent")
	}
}

// askingAll returns a Send that asks for the group of every row of the snapshots it sees, then
// hands each message to send; it runs on the goroutine that reads the source.
func askingAll(send func(tea.Msg)) func(tea.Msg) {
	asked := map[*Row]bool{}
	return func(m tea.Msg) {
		if p, ok := m.(ProgressMsg); ok {
			for _, r := range p.Rows {
				if !asked[r] {
					asked[r] = true
					p.Want(r)
				}
			}
		}
		send(m)
	}
}

func TestStreamStopsWithContext(t *testing.T) {
	path := genLog(t, 4)
	f, _ := os.Open(path)
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := stream(ctx, path, StreamOptions{Send: func(tea.Msg) {
		n++
		if n == 2 {
			cancel()
		}
	}, Interval: time.Nanosecond})
	if err == nil {
		t.Errorf("Stream went on after its context ended")
	}
}

// TestModelStreamsThenLoads feeds the root model a snapshot and then the final document.
func TestModelStreamsThenLoads(t *testing.T) {
	m := New(Options{Names: []string{"big.log"}, Mode: Plain, Output: discard{}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 20})
	if !strings.Contains(m.View(), "Reading") || !strings.Contains(m.View(), "no failure found yet") {
		t.Errorf("first screen:\n%s", m.View())
	}
	runs := loadRuns(t, harborLog)
	snap := *runs[0]
	snap.Groups = snap.Groups[:3]
	m.Update(ProgressMsg{Input: 0, Name: "big.log", Read: 10, Size: 100, Runs: []*classify.Run{&snap}})
	v := m.View()
	if !strings.Contains(v, " 10% ") || !strings.Contains(v, "3 failure groups") || !strings.Contains(v, "Hooks: …") {
		t.Errorf("after a snapshot:\n%s", v)
	}
	m.Update(key("j"))
	m.Update(key("j"))
	sel := m.list.selected().ID()
	m.Update(LoadedMsg{})
	if m.list.selected().ID() != sel {
		t.Errorf("the selection moved when loading ended")
	}
	if strings.Contains(m.View(), "Reading") {
		t.Errorf("still reading after LoadedMsg")
	}
}

func TestModelKeys(t *testing.T) {
	m := loadedModel(t, Plain, 100, 30, "", harborLog)
	// ? shows help; keys do not reach the list meanwhile.
	m.Update(key("?"))
	if !strings.Contains(m.View(), "Failure groups") || !m.showHelp {
		t.Fatalf("? does not show help:\n%s", m.View())
	}
	m.Update(key("j"))
	if m.list.cursor != 0 {
		t.Errorf("j in help moved the list")
	}
	m.Update(key("esc"))
	// i shows the run details with the integrity checks.
	m.Update(key("i"))
	if v := m.View(); !strings.Contains(v, "Integrity: complete") || !strings.Contains(v, "failed-operations") {
		t.Errorf("i:\n%s", v)
	}
	m.Update(key("i"))
	// tab with one input says why not.
	m.Update(key("tab"))
	if !strings.Contains(m.View(), "tab switches to the diff when two inputs are given") {
		t.Errorf("tab with one input:\n%s", m.View())
	}
	// / then q types q; ctrl+c quits even there.
	m.Update(key("/"))
	_, cmd := m.Update(key("q"))
	if cmd != nil || m.list.filter.String() != "q" {
		t.Errorf("q in the filter should be text")
	}
	_, cmd = m.Update(key("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c does not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("ctrl+c sent %T", cmd())
	}
	m2 := loadedModel(t, Plain, 100, 30, "", harborLog)
	_, cmd = m2.Update(key("q"))
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("q does not quit")
	}
}

func TestModelDetailRawBack(t *testing.T) {
	m := loadedModel(t, Plain, 120, 30, "", harborLog)
	do := func(k string) {
		_, cmd := m.Update(key(k))
		for cmd != nil {
			msg := cmd()
			if msg == nil {
				return
			}
			_, cmd = m.Update(msg)
		}
	}
	do("enter")
	if m.top() != screenDetail || !strings.Contains(m.View(), "failure group 1 of 10") {
		t.Fatalf("enter opens the detail:\n%s", m.View())
	}
	do("r")
	if m.top() != screenRaw || !strings.Contains(m.View(), "46 ▌ 1. Test Case ID: Xk3p9Q") {
		t.Fatalf("r opens the raw lines:\n%s", m.View())
	}
	do("left") // sideways, not back
	if m.top() != screenRaw {
		t.Errorf("left left the raw view")
	}
	do("esc")
	do("esc")
	if m.top() != screenList {
		t.Errorf("esc esc should be back on the list")
	}
	// w asks for a path; keys typed there are text.
	do("enter")
	do("w")
	if !m.prompt.active {
		t.Fatal("w does not ask for a path")
	}
	path := t.TempDir() + "/curl.sh"
	m.prompt.edit.set("")
	for _, r := range path {
		do(string(r))
	}
	do("enter")
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "curl -X POST") {
		t.Errorf("written: %q %v", b, err)
	}
	if !strings.Contains(m.View(), "wrote the curl command of sample 1 to") {
		t.Errorf("no status after writing:\n%s", m.View())
	}
}

func TestModelNoRawSource(t *testing.T) {
	m := New(Options{Names: []string{harborLog}, Mode: Plain, Output: discard{},
		Raw: func(string) (RawSource, error) { return nil, fmt.Errorf("x.gz is not a plain file") }})
	m.Init()
	var msgs []tea.Msg
	testLoader(t, "", harborLog)(context.Background(), func(msg tea.Msg) { msgs = append(msgs, msg) })
	for _, msg := range msgs {
		m.Update(msg)
	}
	m.Update(openRawMsg{c: m.d.clusters[0]})
	if m.top() == screenRaw || !strings.Contains(m.View(), "raw lines: x.gz is not a plain file") {
		t.Errorf("no raw source:\n%s", m.View())
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

func TestNoColor(t *testing.T) {
	mono := loadedModel(t, Mono, 120, 30, "testdata/harbor.ctlog.yaml", harborLog)
	color := loadedModel(t, Color, 120, 30, "testdata/harbor.ctlog.yaml", harborLog)
	for _, m := range []*Model{mono, color} {
		m.Update(key("/"))
		typeText(m, "vessel")
	}
	if v := mono.View(); colourSGR.MatchString(v) || !strings.Contains(v, "\x1b[7m") {
		t.Errorf("mono (NO_COLOR) must style without colour, and show the selection in reverse video:\n%q", v)
	}
	if v := color.View(); !colourSGR.MatchString(v) {
		t.Errorf("colour mode has no colour:\n%q", v)
	}
	if v := loadedModel(t, Plain, 120, 30, "", harborLog).View(); strings.Contains(v, "\x1b") {
		t.Errorf("plain mode styled")
	}
}

func TestResize(t *testing.T) {
	m := loadedModel(t, Mono, 120, 40, "testdata/harbor.ctlog.yaml", harborLog)
	for _, size := range [][2]int{{80, 24}, {40, 10}, {200, 60}, {20, 6}, {5, 2}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, screen := range []string{"list", "detail", "raw", "help"} {
			switch screen {
			case "detail":
				m.Update(openClusterMsg{m.d.clusters[0]})
			case "raw":
				m.Update(openRawMsg{c: m.d.clusters[0]})
			case "help":
				m.Update(key("?"))
			}
			lines := strings.Split(m.View(), "\n")
			if len(lines) != max(size[1], 6) {
				t.Errorf("%dx%d %s: %d lines", size[0], size[1], screen, len(lines))
			}
			for _, l := range lines {
				if w := width(ansiStrip(l)); w > max(size[0], 20) {
					t.Errorf("%dx%d %s: a line is %d cells wide: %q", size[0], size[1], screen, w, ansiStrip(l))
				}
			}
		}
		m.Update(key("esc"))
		m.Update(key("esc"))
		m.Update(key("esc"))
	}
}

func TestDiffFlow(t *testing.T) {
	other := t.TempDir() + "/b.log"
	data, _ := os.ReadFile(harborLog)
	// The second run lost the first failure block's cluster: rename its operation.
	b := strings.Replace(string(data), "POST /api/v2/vessels/ _", "POST /api/v2/ships/ __", 1)
	if err := os.WriteFile(other, []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Names: []string{harborLog, other}, Mode: Plain, Output: discard{}, Raw: fileRaw, Diff: true})
	m.Init()
	var msgs []tea.Msg
	testLoader(t, "", harborLog, other)(context.Background(), func(msg tea.Msg) { msgs = append(msgs, msg) })
	for _, msg := range msgs {
		m.Update(msg)
	}
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	v := m.View()
	if m.top() != screenDiff || !strings.Contains(v, "1 new, 1 gone") || !strings.Contains(v, "POST /api/v2/ships/") {
		t.Fatalf("diff:\n%s", v)
	}
	_, cmd := m.Update(key("enter"))
	m.Update(cmd())
	if m.top() != screenDetail || !strings.Contains(m.View(), "POST /api/v2/ships/") || !strings.Contains(m.View(), "From: "+other) {
		t.Errorf("enter on NEW opens B's cluster:\n%s", m.View())
	}
	m.Update(key("esc"))
	m.Update(key("tab"))
	if m.top() != screenList || !strings.Contains(m.View(), "20 failure groups") {
		t.Errorf("tab goes to the list of both inputs:\n%s", m.View())
	}
}

func TestKeysTypedTogether(t *testing.T) {
	m := loadedModel(t, Plain, 120, 30, "", harborLog)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/cargo")})
	if !m.list.filtering || m.list.filter.String() != "cargo" {
		t.Errorf("keys in one message: filtering=%v filter=%q", m.list.filtering, m.list.filter.String())
	}
	m.Update(key("esc"))
	m.Update(key("g"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if m.list.cursor != 3 {
		t.Errorf("jjj moved to %d", m.list.cursor)
	}
	m.Update(key("/"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q?j"), Paste: true})
	if m.list.filter.String() != "q?j" {
		t.Errorf("a paste into the filter: %q", m.list.filter.String())
	}
}

// TestSnapshotSharesSamples: a snapshot shares a group's sample array when it has nothing to cut
// or mask (the collector never writes into one it built), and copies it when a body is too long
// for a snapshot or a secret must be masked, leaving the group's own samples as they were.
func TestSnapshotSharesSamples(t *testing.T) {
	s := NewStreamer(StreamOptions{})
	plain := &classify.Group{Samples: []classify.Sample{{Message: "boom", Body: "{}"}, {Message: "boom", Body: "[]"}}}
	if got := s.samplesOf(plain); &got[0] != &plain.Samples[0] {
		t.Error("a group with nothing to cut or mask: its samples were copied")
	}
	long := &classify.Group{Samples: []classify.Sample{{Message: "boom", Body: strings.Repeat("x", maxSnapshotBody+1)}}}
	if got := s.samplesOf(long); &got[0] == &long.Samples[0] || len(got[0].Body) != maxSnapshotBody || len(long.Samples[0].Body) != maxSnapshotBody+1 {
		t.Error("a body longer than a snapshot keeps: not cut in a copy")
	}
	secret := &classify.Group{Samples: []classify.Sample{{Message: "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}}}
	if got := s.samplesOf(secret); &got[0] == &secret.Samples[0] || got[0].Message == secret.Samples[0].Message {
		t.Error("a secret: not masked in a copy")
	}
}
