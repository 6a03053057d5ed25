package tui

import (
	"context"
	"errors"
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

const harborLog = "../testdata/logs/ci-hooks-not-loaded.log"

// testLoader streams the files through the pipeline as the command does: snapshots while
// reading, then the finished document with the hook rules of config applied and secrets masked.
func testLoader(t testing.TB, config string, paths ...string) Loader {
	return func(ctx context.Context, send func(tea.Msg)) {
		red, _ := redact.New()
		res, err := pipeline.Summarize(ctx, pipeline.Options{
			Inputs: paths, Config: config, NoConfig: config == "", Redact: red, Tool: "ctlog test",
			Observer: NewStreamer(StreamOptions{Redact: red, Send: send}),
		})
		if err != nil {
			send(LoadedMsg{Err: err})
			return
		}
		send(LoadedMsg{Doc: res.Doc, Of: res.From})
	}
}

// stream reads one file through the pipeline with a Streamer, as the command does, and returns
// its document entry.
func stream(ctx context.Context, path string, o StreamOptions) (summary.Input, error) {
	res, err := pipeline.Summarize(ctx, pipeline.Options{Inputs: []string{path}, NoConfig: true, Redact: o.Redact, Observer: NewStreamer(o)})
	if err != nil {
		return summary.Input{}, err
	}
	in := res.Doc.Inputs[0]
	if in.Error != "" {
		return in, errors.New(in.Error)
	}
	return in, nil
}

// fileRaw opens files for the raw view.
func fileRaw(name string) (RawSource, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return sizedFile{f, fi.Size()}, nil
}

type sizedFile struct {
	*os.File
	size int64
}

func (f sizedFile) Size() int64 { return f.size }

// loadRuns parses a log the plain way, for component tests.
func loadRuns(t testing.TB, path string) []*classify.Run {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var col classify.Collector
	if _, _, err := formats.Parse(f, "", parser.Options{Name: path}, &col); err != nil {
		t.Fatal(err)
	}
	runs := col.Finish()
	doc := &summary.Document{Inputs: []summary.Input{{Name: path, Runs: runs}}}
	red, _ := redact.New()
	summary.Redact(doc, red)
	return runs
}

// loadedModel is a Model that has read paths synchronously, at w×h.
func loadedModel(t testing.TB, mode ColorMode, w, h int, config string, paths ...string) *Model {
	t.Helper()
	m := New(Options{Names: paths, Mode: mode, Output: discard{}, Raw: fileRaw})
	m.Init()
	var msgs []tea.Msg
	testLoader(t, config, paths...)(context.Background(), func(msg tea.Msg) { msgs = append(msgs, msg) })
	for _, msg := range msgs {
		m.Update(msg)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+d":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// typeText sends every rune of s as a key.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(key(string(r)))
	}
}

// rawKey sends a key to the raw view and runs what it set off (a search) to its end.
func rawKey(v rawView, k string) rawView {
	v, cmd := v.Update(key(k))
	for cmd != nil {
		msg := cmd()
		if msg == nil {
			break
		}
		v, cmd = v.Update(msg)
	}
	return v
}

// press sends a key to the model and runs the raw view's search it set off to its end.
func press(m *Model, k string) {
	_, cmd := m.Update(key(k))
	for cmd != nil {
		switch msg := cmd().(type) {
		case searchProgressMsg, searchDoneMsg:
			_, cmd = m.Update(msg)
		default:
			return
		}
	}
}
