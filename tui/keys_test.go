package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/internal/redact"
)

func TestHalfPageList(t *testing.T) {
	l := listOf(t, Plain, 100, 9) // 8 rows visible
	l, _ = updateList(l, "ctrl+d")
	if l.cursor != 4 {
		t.Errorf("ctrl+d: cursor = %d, want 4 (half of 8 rows)", l.cursor)
	}
	l, _ = updateList(l, "ctrl+d")
	if l.cursor != 8 || l.offset != 1 {
		t.Errorf("ctrl+d twice: cursor %d offset %d, want 8 and 1", l.cursor, l.offset)
	}
	l, _ = updateList(l, "ctrl+u")
	if l.cursor != 4 {
		t.Errorf("ctrl+u: cursor = %d, want 4", l.cursor)
	}
	l, _ = updateList(l, "ctrl+u", "ctrl+u")
	if l.cursor != 0 {
		t.Errorf("ctrl+u past the top: cursor = %d", l.cursor)
	}
	// In the filter, ctrl+u erases the query and ctrl+d deletes: they are text keys there.
	l, _ = updateList(l, "/", "x", "y", "ctrl+u")
	if l.filter.String() != "" || !l.filtering {
		t.Errorf("ctrl+u in the filter: %q filtering=%v", l.filter.String(), l.filtering)
	}
}

func TestHalfPageDetail(t *testing.T) {
	d := detailOf(t, "POST /api/v2/cargo/manifests/", 100, 10)
	if len(d.lines) < 15 {
		t.Fatalf("detail too short for the test: %d lines", len(d.lines))
	}
	d, _ = d.Update(key("ctrl+d"))
	if d.offset() != 5 {
		t.Errorf("ctrl+d: offset = %d, want 5 (half of 10)", d.offset())
	}
	d, _ = d.Update(key("ctrl+u"))
	if d.offset() != 0 {
		t.Errorf("ctrl+u: offset = %d, want 0", d.offset())
	}
}

// rawOf opens the raw view of the harbor log at its first line, h rows high.
func rawOf(t *testing.T, path string, w, h int) rawView {
	t.Helper()
	runs := loadRuns(t, harborLog)
	c := newCluster(0, path, 0, runs[0].Groups[0])
	src, err := fileRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.(sizedFile).Close() })
	red, _ := redact.New()
	v := newRawView(newTheme(discard{}, Plain), red).resize(w, h).open(src, path, c, 0, 0)
	v, _ = v.Update(key("g"))
	return v
}

func TestHalfPageRaw(t *testing.T) {
	v := rawOf(t, harborLog, 120, 21) // 20 lines of log under the title
	v, _ = v.Update(key("ctrl+d"))
	if got := v.lines[v.top].num; got != 11 {
		t.Errorf("ctrl+d: top line %d, want 11", got)
	}
	v, _ = v.Update(key("ctrl+d"))
	v, _ = v.Update(key("ctrl+u"))
	if got := v.lines[v.top].num; got != 11 {
		t.Errorf("ctrl+d ctrl+u: top line %d, want 11", got)
	}
}

// occurrences lists the line of every occurrence of q in the file, ignoring case when fold.
func occurrences(t *testing.T, path, q string, fold bool) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for i, l := range strings.Split(string(data), "\n") {
		if fold {
			l, q = strings.ToLower(l), strings.ToLower(q)
		}
		for range strings.Count(l, q) {
			out = append(out, i+1)
		}
	}
	return out
}

func search(v rawView, q string) rawView {
	v, _ = v.Update(key("/"))
	for _, r := range q {
		v, _ = v.Update(key(string(r)))
	}
	return rawKey(v, "enter")
}

func testRawSearch(t *testing.T, path string) {
	want := occurrences(t, path, "vessels", true)
	if len(want) < 3 {
		t.Fatalf("the log has %d occurrences of vessels", len(want))
	}
	v := search(rawOf(t, path, 120, 21), "vessels")
	if v.search.line != want[0] {
		t.Fatalf("/vessels: line %d, want %d", v.search.line, want[0])
	}
	view := v.View()
	if !strings.Contains(view, "» ") || !strings.Contains(view, "“vessels” at line") {
		t.Errorf("the match is not shown:\n%s", view)
	}
	for i := 1; i < len(want); i++ {
		v = rawKey(v, "n")
		if v.search.line != want[i] {
			t.Fatalf("n #%d: line %d, want %d", i, v.search.line, want[i])
		}
		if i := v.find(v.search.line); v.lines[i].num != v.search.line || i < v.top || i >= v.top+v.bodyH() {
			t.Fatalf("match line %d not on screen", v.search.line)
		}
	}
	v = rawKey(v, "n")
	if v.search.line != want[0] || !strings.Contains(v.View(), "continued at the top") {
		t.Errorf("n past the last match: line %d, want %d, wrapped\n%s", v.search.line, want[0], v.View())
	}
	v = rawKey(v, "N")
	if v.search.line != want[len(want)-1] || !strings.Contains(v.View(), "continued at the bottom") {
		t.Errorf("N before the first match: line %d, want %d", v.search.line, want[len(want)-1])
	}
	v = rawKey(v, "N")
	if v.search.line != want[len(want)-2] {
		t.Errorf("N: line %d, want %d", v.search.line, want[len(want)-2])
	}
	// Smart case: a capital letter matches case.
	if exact := occurrences(t, path, "Vessels", false); len(exact) > 0 {
		v = search(rawOf(t, path, 120, 21), "Vessels")
		if v.search.line != exact[0] {
			t.Errorf("/Vessels: line %d, want %d", v.search.line, exact[0])
		}
	}
	v = search(v, "no-such-text-here")
	if v.search.line != 0 || !strings.Contains(v.View(), "no match for “no-such-text-here”") {
		t.Errorf("a search that finds nothing does not say so:\n%s", v.View())
	}
}

func TestRawSearch(t *testing.T) { testRawSearch(t, harborLog) }

// The same log in UTF-16LE with a byte-order mark: the search matches code units.
func TestRawSearchUTF16(t *testing.T) {
	data, err := os.ReadFile(harborLog)
	if err != nil {
		t.Fatal(err)
	}
	u := utf16.Encode([]rune(string(data)))
	b := []byte{0xff, 0xfe}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	p := filepath.Join(t.TempDir(), "utf16.log")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	want := occurrences(t, harborLog, "vessels", true)
	v := search(rawOf(t, p, 120, 21), "vessels")
	if v.search.line != want[0] {
		t.Fatalf("/vessels: line %d, want %d", v.search.line, want[0])
	}
	v = rawKey(v, "n")
	if v.search.line != want[1] {
		t.Errorf("n: line %d, want %d", v.search.line, want[1])
	}
}

func TestModelRawSearchKeys(t *testing.T) {
	m := loadedModel(t, Plain, 80, 24, "", harborLog)
	m.Update(openRawMsg{c: m.list.rows[0]})
	if m.top() != screenRaw {
		t.Fatalf("raw view not open:\n%s", m.View())
	}
	m.Update(key("/"))
	typeText(m, "q?vessels") // q and ? are text in the search field
	if m.top() != screenRaw || m.showHelp || !strings.Contains(m.View(), "/q?vessels") {
		t.Fatalf("typing in the search field:\n%s", m.View())
	}
	for range 9 {
		m.Update(key("backspace"))
	}
	typeText(m, "vessels")
	press(m, "enter")
	if m.raw.search.line == 0 || !strings.Contains(m.View(), "n/N match") {
		t.Fatalf("no match:\n%s", m.View())
	}
	m.Update(key("esc")) // clears the search
	if m.top() != screenRaw || m.raw.search.query != "" {
		t.Fatalf("esc with a search: top %v query %q", m.top(), m.raw.search.query)
	}
	m.Update(key("esc")) // goes back
	if m.top() == screenRaw {
		t.Errorf("second esc stays in the raw view")
	}
}

func TestListClick(t *testing.T) {
	m := loadedModel(t, Plain, 80, 24, "", harborLog)
	if len(m.list.rows) < 3 {
		t.Fatalf("%d rows", len(m.list.rows))
	}
	// Screen lines: the header, the column titles, then the rows.
	click := func(y int) {
		m.Update(tea.MouseMsg{X: 10, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	}
	click(headerLines + 1 + 2)
	if m.list.cursor != 2 {
		t.Errorf("click on the third row: cursor = %d", m.list.cursor)
	}
	click(headerLines) // the column titles
	if m.list.cursor != 2 {
		t.Errorf("click on the column titles moved the cursor to %d", m.list.cursor)
	}
	click(headerLines + 1)
	if m.list.cursor != 0 {
		t.Errorf("click on the first row: cursor = %d", m.list.cursor)
	}
	m.Update(tea.MouseMsg{X: 10, Y: headerLines + 3, Button: tea.MouseButtonLeft, Action: tea.MouseActionMotion})
	if m.list.cursor != 0 {
		t.Errorf("mouse motion selected row %d", m.list.cursor)
	}
	// The list component alone: y counts from its column titles.
	l := listOf(t, Plain, 100, 5)
	l, _ = updateList(l, "G")
	l, _ = l.Update(tea.MouseMsg{Y: 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if l.cursor != l.offset {
		t.Errorf("click on the first row shown: cursor %d, offset %d", l.cursor, l.offset)
	}
}

func TestEditorArgs(t *testing.T) {
	for _, tc := range []struct {
		editor, pager string
		want          []string
	}{
		{"vim", "", []string{"vim", "+42", "ci.log"}},
		{"/usr/bin/nvim", "", []string{"/usr/bin/nvim", "+42", "ci.log"}},
		{"vi", "less", []string{"vi", "+42", "ci.log"}},
		{"nano", "", []string{"nano", "+42", "ci.log"}},
		{"emacs -nw", "", []string{"emacs", "-nw", "+42", "ci.log"}},
		{"micro", "", []string{"micro", "+42", "ci.log"}},
		{"hx", "", []string{"hx", "+42", "ci.log"}},
		{"code", "", []string{"code", "-g", "ci.log:42"}},
		{"code --wait", "", []string{"code", "--wait", "-g", "ci.log:42"}},
		{`C:\Tools\code.exe`, "", []string{`C:\Tools\code.exe`, "-g", "ci.log:42"}},
		{"subl", "", []string{"subl", "ci.log"}}, // unknown: the file, at its start
		{"", "less -R", []string{"less", "-R", "+42", "ci.log"}},
		{"", "", []string{"less", "+42", "ci.log"}},
		{"  ", "", []string{"less", "+42", "ci.log"}},
		{"", "bat", []string{"bat", "ci.log"}},
	} {
		if got := editorArgs(tc.editor, tc.pager, "ci.log", 42); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EDITOR=%q PAGER=%q: %q, want %q", tc.editor, tc.pager, got, tc.want)
		}
	}
	if got := editorArgs("vim", "", "x", 0); got[1] != "+1" {
		t.Errorf("line 0 opens at %q", got[1])
	}
}

func TestModelEdit(t *testing.T) {
	m := loadedModel(t, Plain, 80, 24, "", harborLog)
	m.Update(openClusterMsg{c: m.list.rows[0]})
	_, cmd := m.Update(key("e"))
	if cmd == nil {
		t.Fatal("e in the detail: no command")
	}
	msg := cmd()
	em, ok := msg.(editMsg)
	if !ok || em.source != harborLog || em.line != m.list.rows[0].G.Samples[0].Span.Line {
		t.Fatalf("e in the detail: %#v", msg)
	}
	t.Setenv("EDITOR", "ctlog-no-such-editor")
	m.Update(em)
	if !strings.Contains(m.View(), "cannot run ctlog-no-such-editor: set $EDITOR") {
		t.Errorf("a missing editor is not reported:\n%s", m.View())
	}
	t.Setenv("EDITOR", "true")
	if _, cmd := m.Update(em); cmd == nil || m.status != "" {
		t.Errorf("EDITOR=true: cmd %v, status %q", cmd != nil, m.status)
	}
	m.Update(editorDoneMsg{prog: "vim", err: nil})
	if m.status != "" {
		t.Errorf("status after the editor: %q", m.status)
	}
	// In the raw view, e opens at the sample's line, or at the match after a search.
	_, cmd = m.Update(key("r"))
	m.Update(cmd())
	if m.top() != screenRaw {
		t.Fatalf("r: raw view not open")
	}
	_, cmd = m.Update(key("e"))
	if em := cmd().(editMsg); em.line != m.raw.span.Line {
		t.Errorf("e in the raw view: line %d, want %d", em.line, m.raw.span.Line)
	}
	m.Update(key("/"))
	typeText(m, "vessels")
	press(m, "enter")
	_, cmd = m.Update(key("e"))
	if em := cmd().(editMsg); m.raw.search.line == 0 || em.line != m.raw.search.line {
		t.Errorf("e after a search: line %d, want the match's %d", em.line, m.raw.search.line)
	}
	// Not a plain file: says so.
	m2 := New(Options{Names: []string{harborLog}, Mode: Plain, Output: discard{},
		Raw: func(string) (RawSource, error) { return nil, os.ErrNotExist }})
	m2.Update(editMsg{source: harborLog, line: 3})
	if !strings.Contains(m2.status, "cannot open an editor") {
		t.Errorf("not a plain file: status %q", m2.status)
	}
}

func TestHelpListsNewKeys(t *testing.T) {
	text := helpText()
	for _, want := range []string{"ctrl+d  half a page down", "ctrl+u  half a page up", "mouse click", "e  open the log at the sample's line in $EDITOR",
		"/  search the log", "n  next match", "N  previous match"} {
		if !strings.Contains(text, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}
