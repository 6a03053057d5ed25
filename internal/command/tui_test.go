package command

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/tui"
)

const harbor = "../../testdata/logs/ci-hooks-not-loaded.log"

func TestRootWithFiles(t *testing.T) {
	// Not a terminal: `ctlog FILE` prints what `ctlog summarize FILE` prints.
	code, out, errOut := run(t, "", nil, harbor)
	_, want, _ := run(t, "", nil, "summarize", harbor)
	if code != ExitOK || out != want || errOut != "" {
		t.Errorf("ctlog FILE: code %d, stderr %q, stdout differs from summarize: %v", code, errOut, out != want)
	}
	code, out, _ = run(t, "", nil, harbor, harbor)
	if code != ExitOK || strings.Count(out, "ci-hooks-not-loaded.log (259 lines") != 2 {
		t.Errorf("ctlog A B without a terminal summarizes both: %d\n%s", code, out)
	}
	code, _, errOut = run(t, "", nil, "sumarize", harbor)
	if code != ExitUsage || !strings.Contains(errOut, `unknown command or file "sumarize"`) || !strings.Contains(errOut, "did you mean 'ctlog summarize'?") {
		t.Errorf("typo: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "", nil, "no-such.log")
	if code != ExitInput || errOut != "ctlog: cannot read no-such.log: no such file or directory\n" {
		t.Errorf("missing file: %d %q", code, errOut)
	}
	code, out, _ = run(t, "", nil)
	if code != ExitOK || !strings.Contains(out, "Available Commands") || !strings.Contains(out, "tui") {
		t.Errorf("ctlog alone shows the help: %d\n%s", code, out)
	}
	code, _, errOut = run(t, "", nil, "tui", harbor)
	if code != ExitUsage || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("tui without a terminal: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "", nil, "diff", "--tui", harbor, harbor)
	if code != ExitUsage || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("diff --tui without a terminal: %d %q", code, errOut)
	}
	code, out, _ = run(t, "", nil, "diff", harbor, harbor)
	if code != ExitOK || !strings.Contains(out, "Failure groups: 0 new, 0 gone, 0 changed, 10 the same") {
		t.Errorf("diff without --tui still prints: %d\n%s", code, out)
	}
	_, out, _ = run(t, "", nil, "diff", "--help")
	if !strings.Contains(out, "--tui") {
		t.Errorf("diff --help does not list --tui")
	}
}

func TestTUIOptionErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("hooks:\n  rules:\n    - operations: [x]\n"), 0o644)
	ios := IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, OutTTY: true}
	for _, o := range []TUIOptions{
		{ReadOptions: ReadOptions{Config: bad}},
		{ReadOptions: ReadOptions{Baseline: filepath.Join(dir, "none.json")}},
		{ReadOptions: ReadOptions{Redact: []string{"("}}},
		{Color: "sometimes"},
		{ReadOptions: ReadOptions{Format: "pdf"}},
	} {
		o.IO, o.Inputs = ios, []string{harbor}
		if _, code, err := newTUIModel(o); code != ExitUsage || err == nil {
			t.Errorf("%+v: code %d err %v", o, code, err)
		}
	}
}

// TestTUILoader runs the command's loader on a plain file and on a gzip of it.
func TestTUILoader(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(harbor)
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "job.log.gz")
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	os.WriteFile(gz, b.Bytes(), 0o644)

	opts := TUIOptions{IO: IOStreams{In: strings.NewReader("")}, Inputs: []string{harbor, gz}, ReadOptions: ReadOptions{NoConfig: true}}
	po, err := pipelineOptions(opts.IO, opts.Inputs, ReadOptions{NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	tm := &tuiModel{}
	var msgs []tea.Msg
	tuiLoader(po, tm)(context.Background(), func(m tea.Msg) { msgs = append(msgs, m) })
	last, ok := msgs[len(msgs)-1].(tui.LoadedMsg)
	if !ok || last.Err != nil || len(last.Doc.Inputs) != 2 || len(last.Of) != 2 || last.Of[1] != 1 {
		t.Fatalf("last message %#v", msgs[len(msgs)-1])
	}
	progress := 0
	for _, m := range msgs[:len(msgs)-1] {
		p := m.(tui.ProgressMsg)
		progress++
		if b, _ := json.Marshal([]any{p.Runs, p.Rows}); strings.Contains(string(b), "eyJhbGci") {
			t.Errorf("a snapshot leaks a token")
		}
	}
	if progress < 2 {
		t.Errorf("%d progress messages", progress)
	}
	for _, in := range last.Doc.Inputs {
		if len(in.Runs) != 1 || len(in.Runs[0].Groups) != 10 || !in.Runs[0].Integrity.OK {
			t.Errorf("%s: runs %d", in.Name, len(in.Runs))
		}
	}
	if tm.code() != ExitOK {
		t.Errorf("exit code %d", tm.code())
	}
	plain := plainFiles(opts.Inputs)
	if _, ok := plain[harbor]; !ok || len(plain) != 1 {
		t.Errorf("plain files: %v (a .gz cannot be read by offset)", plain)
	}
	// An input without a run is an input error, shown on the screen.
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("hello\n"), 0o644)
	po.Inputs = []string{notes}
	msgs = nil
	tuiLoader(po, tm)(context.Background(), func(m tea.Msg) { msgs = append(msgs, m) })
	last = msgs[len(msgs)-1].(tui.LoadedMsg)
	if tm.code() != ExitInput || last.Doc.Inputs[0].Error == "" {
		t.Errorf("no run: code %d, %+v", tm.code(), last.Doc.Inputs[0])
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// TestTUIProgram runs the command's screen in a program: NO_COLOR, a filter, the detail, the raw
// lines of a sample, back and quit.
func TestTUIProgram(t *testing.T) {
	var out bytes.Buffer
	ios := IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &bytes.Buffer{}, OutTTY: true,
		Getenv: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return ""
		}}
	m, code, err := newTUIModel(TUIOptions{IO: ios, Inputs: []string{harbor}, Color: "auto", ReadOptions: ReadOptions{NoConfig: true}})
	if err != nil || code != ExitOK {
		t.Fatal(code, err)
	}
	// The command test package has its own -update flag, which teatest's would clash with: run
	// the program by hand, as teatest does.
	screen := &syncBuffer{}
	p := tea.NewProgram(m.model, tea.WithInput(strings.NewReader("")), tea.WithOutput(screen), tea.WithoutSignals())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	wait := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !bytes.Contains(screen.Bytes(), []byte(what)) {
			if time.Now().After(deadline) {
				t.Fatalf("the screen never showed %q:\n%s", what, screen.Bytes())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	typeKeys := func(s string) {
		for _, r := range s {
			p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	wait("Integrity: ok")
	typeKeys("/cargo 500")
	wait("1 of 10")
	p.Send(tea.KeyMsg{Type: tea.KeyEnter})
	p.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("test case u4pVKF")
	typeKeys("r")
	wait("Test Case ID: u4pVKF")
	p.Send(tea.KeyMsg{Type: tea.KeyEsc})
	p.Send(tea.KeyMsg{Type: tea.KeyEsc})
	typeKeys("q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not quit")
	}
	final := screen.Bytes()
	if colourSGR.Match(final) {
		t.Errorf("NO_COLOR: the screen used colour")
	}
	if !bytes.Contains(final, []byte("\x1b[7m")) {
		t.Errorf("NO_COLOR: the selection should still show, in reverse video")
	}
	if bytes.Contains(final, []byte("eyJhbGci")) {
		t.Errorf("the bearer token reached the screen")
	}
	if m.code() != ExitOK {
		t.Errorf("exit code %d", m.code())
	}
}

// BenchmarkTUIFirstScreen1GB opens a 1 GiB generated log the way `ctlog tui` does and measures:
// ms-first-screen, from building the model to its first drawn frame (the loader has started);
// ms-first-clusters, until a frame shows failure clusters; ms-worst-key, the slowest keystroke
// (update + draw) while the log is still being read; and ms-loaded, until the whole log is read.
// CTLOG_BENCH_LOG names another log to open.
func BenchmarkTUIFirstScreen1GB(b *testing.B) {
	path := os.Getenv("CTLOG_BENCH_LOG")
	if path == "" {
		path = filepath.Join(b.TempDir(), "big.log")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := loggen.Generate(f, loggen.Config{Seed: 1, Operations: 400, TargetBytes: 1 << 30}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	ios := IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, OutTTY: true}
	var first, clusters, loaded, worst time.Duration
	n := 0
	for b.Loop() {
		n++
		start := time.Now()
		tm, _, err := newTUIModel(TUIOptions{IO: ios, Inputs: []string{path}, ReadOptions: ReadOptions{NoConfig: true}, Color: "always"})
		if err != nil {
			b.Fatal(err)
		}
		m := tm.model
		cmds := make(chan tea.Msg, 64)
		exec := func(c tea.Cmd) {
			if c != nil {
				go func() { cmds <- c() }()
			}
		}
		exec(m.Init())
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if v := m.View(); !strings.Contains(v, "Reading") {
			b.Fatalf("first screen:\n%s", v)
		}
		first += time.Since(start)
		gotClusters := false
		keys := []string{"j", "j", "k", "s", "s", "s", "s", "/", "u", "s", "e", "r", "esc"}
		ki := 0
		tick := time.NewTicker(20 * time.Millisecond)
	loop:
		for {
			select {
			case msg := <-cmds:
				switch msg := msg.(type) {
				case nil:
				case tea.BatchMsg:
					for _, c := range msg {
						exec(c)
					}
				default:
					_, c := m.Update(msg)
					exec(c)
					v := m.View()
					if !gotClusters && strings.Contains(v, "›") {
						gotClusters = true
						clusters += time.Since(start)
					}
					if _, ok := msg.(tui.LoadedMsg); ok {
						loaded += time.Since(start)
						break loop
					}
				}
			case <-tick.C:
				// A keystroke while the log is read: update and draw.
				k := keys[ki%len(keys)]
				ki++
				kt := time.Now()
				km := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
				if k == "esc" {
					km = tea.KeyMsg{Type: tea.KeyEsc}
				}
				m.Update(km)
				_ = m.View()
				worst = max(worst, time.Since(kt))
			}
		}
		tick.Stop()
		m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
	b.ReportMetric(ms(first), "ms-first-screen")
	b.ReportMetric(ms(clusters), "ms-first-clusters")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst-key")
	b.ReportMetric(ms(loaded), "ms-loaded")
}

// TestTUIFirstScreen checks that the first screen does not wait for a large log: it is drawn while
// the log is still being read (BenchmarkTUIFirstScreen1GB measures the latency).
func TestTUIFirstScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	path := filepath.Join(t.TempDir(), "big.log")
	f, _ := os.Create(path)
	if _, err := loggen.Generate(f, loggen.Config{Seed: 2, Operations: 200, TargetBytes: 64 << 20}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ios := IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, OutTTY: true}
	tm, _, err := newTUIModel(TUIOptions{IO: ios, Inputs: []string{path}, ReadOptions: ReadOptions{NoConfig: true}})
	if err != nil {
		t.Fatal(err)
	}
	cmd := tm.model.Init()
	v := tm.model.View()
	if !strings.Contains(v, "Reading") {
		t.Errorf("the first screen is not drawn while the log is read:\n%s", v)
	}
	_ = cmd
	tm.model.Update(tea.KeyMsg{Type: tea.KeyCtrlC}) // stops the loader
}

// syncBuffer is a bytes.Buffer for a program's output, read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}
