package tui

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/parser"
)

func harborClusters(t *testing.T) []*Cluster {
	t.Helper()
	runs := loadRuns(t, harborLog)
	var cs []*Cluster
	for _, g := range runs[0].Groups {
		cs = append(cs, newCluster(0, harborLog, 0, g))
	}
	return cs
}

func listOf(t *testing.T, mode ColorMode, w, h int) list {
	l := newList(newTheme(discard{}, mode))
	l.w, l.h = w, h
	return l.setData(harborClusters(t))
}

func updateList(l list, keys ...string) (list, []tea.Msg) {
	var msgs []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		l, cmd = l.Update(key(k))
		if cmd != nil {
			msgs = append(msgs, cmd())
		}
	}
	return l, msgs
}

func TestListRowsAndSort(t *testing.T) {
	l := listOf(t, Plain, 120, 20)
	if len(l.rows) != 10 {
		t.Fatalf("rows = %d, want the 10 clusters", len(l.rows))
	}
	v := l.View()
	for _, want := range []string{"COUNT", "OPERATION", "SIGNATURE", "› ", "POST /api/v2/vessels/", "not_a_server_error", "[flaky]", "TypeError"} {
		if !strings.Contains(v, want) {
			t.Errorf("list view lacks %q:\n%s", want, v)
		}
	}
	// The default order is the reports': the most severe first (classify.CompareGroups).
	if l.sortBy != sortSeverity {
		t.Errorf("default sort = %v, want severity", l.sortBy)
	}
	for i := 1; i < len(l.rows); i++ {
		if classify.CompareGroups(l.rows[i-1].G, l.rows[i].G) > 0 {
			t.Fatalf("not in severity order at row %d: %s before %s", i, l.rows[i-1].Check, l.rows[i].Check)
		}
	}
	if l.rows[0].G.Severity() != classify.SeverityServer {
		t.Errorf("first row %s %s is not a server error", l.rows[0].Op, l.rows[0].Check)
	}
	l, _ = updateList(l, "s") // count
	if l.sortBy != sortCount || !strings.Contains(l.View(), "COUNT▼") {
		t.Errorf("sort by count: %v\n%s", l.sortBy, l.View())
	}
	for i := 1; i < len(l.rows); i++ {
		if l.rows[i-1].G.Count < l.rows[i].G.Count {
			t.Fatalf("not sorted by count at row %d", i)
		}
	}
	l, _ = updateList(l, "s") // operation
	if l.sortBy != sortOperation || l.rows[0].Op > l.rows[len(l.rows)-1].Op {
		t.Errorf("sort by operation: first %q last %q", l.rows[0].Op, l.rows[len(l.rows)-1].Op)
	}
	if !strings.Contains(l.View(), "OPERATION▲") {
		t.Errorf("the sorted column is not marked:\n%s", l.View())
	}
	l, _ = updateList(l, "S")
	if l.rows[0].Op < l.rows[len(l.rows)-1].Op {
		t.Errorf("S did not reverse the order")
	}
	l, _ = updateList(l, "S", "s", "s") // status
	for i := 1; i < len(l.rows); i++ {
		if l.rows[i-1].G.Status > l.rows[i].G.Status {
			t.Fatalf("not sorted by status at row %d", i)
		}
	}
	l, _ = updateList(l, "s")
	if l.sortBy != sortSeverity {
		t.Errorf("s cycles back to severity, got %v", l.sortBy)
	}
}

func TestListNavigation(t *testing.T) {
	l := listOf(t, Plain, 100, 5) // 4 rows visible
	l, _ = updateList(l, "j", "down", "j")
	if l.cursor != 3 {
		t.Errorf("cursor = %d after three moves down", l.cursor)
	}
	l, _ = updateList(l, "j")
	if l.offset != 1 {
		t.Errorf("offset = %d, want the list to scroll by one", l.offset)
	}
	l, _ = updateList(l, "G")
	if l.cursor != 9 {
		t.Errorf("G: cursor = %d", l.cursor)
	}
	l, _ = updateList(l, "g")
	if l.cursor != 0 || l.offset != 0 {
		t.Errorf("g: cursor %d offset %d", l.cursor, l.offset)
	}
	l, _ = l.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if l.cursor != 3 {
		t.Errorf("wheel down: cursor = %d, want 3", l.cursor)
	}
	l, _ = updateList(l, "k")
	_, msgs := updateList(l, "enter")
	if len(msgs) != 1 {
		t.Fatalf("enter sent %d messages", len(msgs))
	}
	if o, ok := msgs[0].(openClusterMsg); !ok || o.c != l.rows[2] {
		t.Errorf("enter sent %#v, want the selected cluster", msgs[0])
	}
}

func TestListFilter(t *testing.T) {
	l := listOf(t, Plain, 120, 20)
	// Keys that are commands elsewhere are text in the filter.
	l, msgs := updateList(l, "/", "q", "?", "j", "g", "s", "/")
	if !l.filtering || l.filter.String() != "q?jgs/" || len(msgs) != 0 || l.sortBy != sortSeverity {
		t.Fatalf("filter = %q filtering=%v msgs=%v sort=%v", l.filter.String(), l.filtering, msgs, l.sortBy)
	}
	l, _ = updateList(l, "ctrl+u")
	l, _ = updateList(l, "c", "a", "r", "g", "o")
	cargo := 0
	for _, r := range l.rows {
		if strings.Contains(r.Op, "cargo") {
			cargo++
		}
	}
	if cargo != 2 || len(l.rows) > 3 {
		t.Fatalf("cargo matches %d clusters, %d of them cargo ones", len(l.rows), cargo)
	}
	l, _ = updateList(l, "backspace", "backspace", "backspace", "backspace")
	if len(l.rows) <= 2 {
		t.Errorf("a shorter query should match more: %d", len(l.rows))
	}
	l, _ = updateList(l, "a", "r", "g", "o", " ", "5", "0", "0")
	if len(l.rows) != 1 || l.rows[0].G.Status != 500 {
		t.Fatalf("'cargo 500' matches %d", len(l.rows))
	}
	l, _ = updateList(l, "enter")
	if l.filtering || l.query != "cargo 500" {
		t.Errorf("enter keeps the filter: filtering=%v query=%q", l.filtering, l.query)
	}
	_, msgs = updateList(l, "enter")
	if len(msgs) != 1 {
		t.Fatalf("enter on the filtered list should open the cluster")
	}
	l, _ = updateList(l, "esc")
	if l.query != "" || len(l.rows) != 10 {
		t.Errorf("esc clears: query %q rows %d", l.query, len(l.rows))
	}
	l, _ = updateList(l, "/", "z", "z", "z", "z")
	if !strings.Contains(l.View(), "No failure group matches “zzzz”") {
		t.Errorf("no match message missing:\n%s", l.View())
	}
	l, _ = updateList(l, "esc")
	if l.filtering || len(l.rows) != 10 {
		t.Errorf("esc while typing clears the filter")
	}
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestListHighlightsMatches(t *testing.T) {
	l := listOf(t, Mono, 120, 20)
	l, _ = updateList(l, "/", "v", "e", "s", "s")
	v := l.View()
	// Mono underlines matched characters and reverses the selected row, with no colour.
	if !strings.Contains(v, "\x1b[") {
		t.Fatalf("no styling in mono mode:\n%q", v)
	}
	for _, s := range sgr.FindAllString(v, -1) {
		if regexp.MustCompile(`\b(3[0-9]|4[0-9]|9[0-7]|10[0-7])\b`).MatchString(s) {
			t.Errorf("mono mode used a colour: %q", s)
		}
	}
	if !strings.Contains(v, "4m") {
		t.Errorf("matched characters are not underlined:\n%q", v)
	}
	// The highlighted bytes are the matched ones.
	key := l.rows[0].searchKey()
	for _, i := range l.hitsOf(0) {
		if strings.ToLower(string(key[i])) != "v" && strings.ToLower(string(key[i])) != "e" && key[i] != 's' {
			t.Errorf("hit at %d is %q", i, key[i])
		}
	}
	shown, pos := clipMap("vessels", 10, false)
	segs := highlight(shown, pos, []int{4, 5, 6, 7}, 4)
	if len(segs) != 2 || segs[0].text != "vess" || !segs[0].match || segs[1].text != "els" || segs[1].match {
		t.Errorf("highlight: %+v", segs)
	}
}

func TestField(t *testing.T) {
	var e field
	for _, k := range []string{"a", "b", "c", "left", "left"} {
		e.key(key(k))
	}
	e.key(key("X"))
	if e.String() != "aXbc" {
		t.Errorf("insert at cursor: %q", e.String())
	}
	e.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p\nq\x1b\u202e"), Paste: true})
	if e.String() != "aXp q bc" {
		t.Errorf("pasted control characters: %q", e.String())
	}
	e.key(tea.KeyMsg{Type: tea.KeyCtrlW})
	if e.String() != "aXp bc" {
		t.Errorf("ctrl+w: %q", e.String())
	}
	if v := e.view(newTheme(discard{}, Plain), 4); width(v) > 4 {
		t.Errorf("view in 4 cells: %q", v)
	}
	if v := e.view(newTheme(discard{}, Mono), 40); !strings.Contains(v, "\x1b[7m") || ansiStrip(v) != "aXp bc " {
		t.Errorf("the cursor is not shown in reverse video: %q", v)
	}
	if e.key(key("enter")) != editDone || e.key(key("esc")) != editCancel || e.key(key("up")) != editNone {
		t.Errorf("enter, esc and up results")
	}
}

func detailOf(t *testing.T, op string, w, h int) detail {
	t.Helper()
	for _, c := range harborClusters(t) {
		if c.Op == op {
			return newDetail(newTheme(discard{}, Plain)).resize(w, h).show(c, false)
		}
	}
	t.Fatalf("no cluster %s", op)
	return detail{}
}

func TestDetail(t *testing.T) {
	d := detailOf(t, "POST /api/v2/cargo/manifests/", 100, 200)
	v := d.View()
	for _, want := range []string{
		"POST /api/v2/cargo/manifests/", "not_a_server_error", "Signature (message): deadlock detected",
		"Sample 1 of 1 · test case", "[flaky]", "Reproduce (1 command", "curl -X POST",
		"Authorization: [REDACTED]", "Members: 1 test case", "line 189",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "eyJhbGci") {
		t.Errorf("the bearer token leaked into the detail pane")
	}
	for _, tc := range []struct {
		key  string
		want any
	}{
		{"c", copyMsg{}}, {"w", askPathMsg{}}, {"r", openRawMsg{}}, {"enter", openRawMsg{}},
	} {
		_, cmd := d.Update(key(tc.key))
		if cmd == nil {
			t.Fatalf("%s sent nothing", tc.key)
		}
		msg := cmd()
		switch want := tc.want.(type) {
		case copyMsg:
			c, ok := msg.(copyMsg)
			if !ok || !strings.HasPrefix(c.text, "curl -X POST -H 'Authorization: [REDACTED]'") {
				t.Errorf("c: %#v", msg)
			}
		case askPathMsg:
			if _, ok := msg.(askPathMsg); !ok {
				t.Errorf("w: %#v", msg)
			}
		default:
			_ = want
			if o, ok := msg.(openRawMsg); !ok || o.sample != 0 || o.c != d.c {
				t.Errorf("%s: %#v", tc.key, msg)
			}
		}
	}
}

func TestDetailSamplesAndScroll(t *testing.T) {
	// A group with several samples: one operation, many test cases.
	data := genLog(t, 1)
	runs := loadRuns(t, data)
	var g *classify.Group
	for _, x := range runs[0].Groups {
		if len(x.Samples) == 3 {
			g = x
			break
		}
	}
	if g == nil {
		t.Skip("no group with three samples")
	}
	d := newDetail(newTheme(discard{}, Plain)).resize(90, 10).show(newCluster(0, data, 0, g), false)
	d, _ = d.Update(key("n"))
	if d.sample != 1 || !strings.Contains(d.View(), "› ── Sample 2 of 3") {
		t.Errorf("n: sample %d\n%s", d.sample, d.View())
	}
	d, _ = d.Update(key("p"))
	d, _ = d.Update(key("p"))
	if d.sample != 2 {
		t.Errorf("p wraps around: %d", d.sample)
	}
	d, _ = d.Update(key("G"))
	if d.offset() != len(d.lines)-d.h {
		t.Errorf("G: offset %d of %d lines", d.offset(), len(d.lines))
	}
	d, _ = d.Update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	if d.offset() != len(d.lines)-d.h-3 {
		t.Errorf("wheel up: offset %d", d.offset())
	}
	for _, l := range strings.Split(d.View(), "\n") {
		if width(l) > 90 {
			t.Errorf("line wider than the pane: %q", l)
		}
	}
}

// genLog writes a small generated log and returns its path.
func genLog(t testing.TB, seed int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gen.log")
	if err := writeGenLog(p, seed, 2<<20); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRawViewLines(t *testing.T) {
	runs := loadRuns(t, harborLog)
	data, err := os.ReadFile(harborLog)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	th := newTheme(discard{}, Plain)
	red, _ := redact.New()
	for _, g := range runs[0].Groups {
		c := newCluster(0, harborLog, 0, g)
		src, _ := fileRaw(harborLog)
		v := newRawView(th, red).resize(200, 30).open(src, harborLog, c, 0, len(lines))
		s := g.Samples[0].Span
		first := v.lines[v.find(s.Line)]
		if first.num != s.Line || first.start != s.Offset || first.text != strings.TrimRight(lines[s.Line-1], "\r") {
			t.Errorf("%s: line %d at %d = %q, want %q", g.Operation, first.num, first.start, first.text, lines[s.Line-1])
		}
		view := v.View()
		if !strings.Contains(view, "▌") {
			t.Errorf("the sample's lines are not marked")
		}
		// Context above the sample.
		if v.top >= v.find(s.Line) {
			t.Errorf("no context above line %d", s.Line)
		}
		src.(sizedFile).Close()
	}
	// Scroll to the start, read every line, check the numbers against the file.
	c := newCluster(0, harborLog, 0, runs[0].Groups[len(runs[0].Groups)-1])
	src, _ := fileRaw(harborLog)
	defer src.(sizedFile).Close()
	v := newRawView(th, red).resize(200, 30).open(src, harborLog, c, 0, 259)
	v, _ = v.Update(key("g"))
	if v.lines[0].num != 1 || v.lines[0].text != lines[0] {
		t.Fatalf("g: first line %d %q", v.lines[0].num, v.lines[0].text)
	}
	for range 300 {
		v, _ = v.Update(key("j"))
	}
	for _, l := range v.lines {
		if l.text != strings.TrimRight(lines[l.num-1], "\r") {
			t.Errorf("line %d = %q, want %q", l.num, l.text, lines[l.num-1])
		}
	}
	v, _ = v.Update(key("G"))
	last := v.lines[len(v.lines)-1]
	if last.num != 259 || !strings.Contains(v.View(), "259 │") {
		t.Errorf("G: last line %d\n%s", last.num, v.View())
	}
	top := v.lines[v.top].num
	v, _ = v.Update(tea.KeyMsg{Type: tea.KeyPgUp})
	v, _ = v.Update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	if got := v.lines[v.top].num; got != top-v.bodyH()-3 {
		t.Errorf("pgup and a wheel step from line %d: top line %d, want %d", top, got, top-v.bodyH()-3)
	}
}

func TestRawViewSanitizesAndRedacts(t *testing.T) {
	log := "line one\n\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m \u009b1;1H\n" +
		"Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345\n\tindented\r\nlast"
	src := bytes.NewReader([]byte(log))
	g := &classify.Group{Operation: "GET /x", Samples: []classify.Sample{{Span: parser.Span{Offset: 9, End: 10, Line: 2, EndLine: 2}}}}
	red, _ := redact.New()
	v := newRawView(newTheme(discard{}, Plain), red).resize(120, 10).open(src, "evil.log", &Cluster{G: g, Op: "GET /x"}, 0, 5)
	out := v.View()
	if strings.ContainsAny(out, "\x1b\x07\u009b\r\t") {
		t.Errorf("escape or control characters reached the screen:\n%q", out)
	}
	for _, want := range []string{`\x1b[2J\x1b]0;pwned\x07`, "Authorization: [REDACTED]", "        indented", "5 │ last", `\x9b1;1H`} {
		if !strings.Contains(out, want) {
			t.Errorf("raw view lacks %q:\n%s", want, out)
		}
	}
	// Sideways.
	v, _ = v.Update(key("right"))
	if v.xoff != 8 || strings.Contains(v.View(), "line one") {
		t.Errorf("right scrolls sideways: xoff %d", v.xoff)
	}
}

func TestRawViewUTF16(t *testing.T) {
	lines := []string{"first", "second ünïcode", "third", "fourth"}
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	var offs []int64
	for _, l := range lines {
		offs = append(offs, int64(b.Len()))
		for _, r := range l + "\r\n" {
			b.WriteByte(byte(r))
			b.WriteByte(byte(r >> 8))
		}
	}
	g := &classify.Group{Samples: []classify.Sample{{Span: parser.Span{Offset: offs[2], Line: 3, EndLine: 3}}}}
	v := newRawView(newTheme(discard{}, Plain), nil).resize(80, 10).open(bytes.NewReader(b.Bytes()), "w.log", &Cluster{G: g}, 0, 4)
	if len(v.lines) != 4 {
		t.Fatalf("lines: %+v", v.lines)
	}
	for i, l := range v.lines {
		if l.text != lines[i] || l.num != i+1 || l.start != offs[i] {
			t.Errorf("line %d: %+v", i+1, l)
		}
	}
	v, _ = v.Update(key("G"))
	if v.lines[len(v.lines)-1].num != 4 {
		t.Errorf("G in UTF-16: %+v", v.lines)
	}
}

func TestDiffView(t *testing.T) {
	a := loadRuns(t, harborLog)
	b := loadRuns(t, harborLog)
	// B lost one cluster, gained one and one changed count.
	gone := b[0].Groups[0]
	b[0].Groups = b[0].Groups[1:]
	b[0].Groups[0].Count = 7
	extra := *b[0].Groups[1]
	extra.Operation = "DELETE /api/v2/new/"
	b[0].Groups = append(b[0].Groups, &extra)
	b[0].Settings.Seed = "42"
	d := &dataset{inputs: []*inputState{
		{name: "a.log", sources: []*sourceState{{name: "a.log", runs: a}}},
		{name: "b.log", sources: []*sourceState{{name: "b.log", runs: b}}},
	}}
	d.rebuild()
	dd := newDiffData(d)
	if dd == nil || dd.d.New != 1 || dd.d.Gone != 1 || dd.d.Changed != 1 {
		t.Fatalf("diff: %+v", dd)
	}
	v := newDiffView(newTheme(discard{}, Plain))
	v.w, v.h = 140, 30
	v = v.setData(dd, d.clusters)
	if v2, _ := v.Update(key("a")); len(v2.rows) > 2 {
		v3, _ := v2.Update(key("ctrl+d"))
		if want := min(len(v2.rows)-1, halfPage(v2.bodyH())); v3.cursor != want {
			t.Errorf("diff ctrl+d: cursor %d, want %d", v3.cursor, want)
		}
		if v3, _ = v3.Update(key("ctrl+u")); v3.cursor != 0 {
			t.Errorf("diff ctrl+u: cursor %d", v3.cursor)
		}
	} else {
		t.Errorf("diff with the same groups: %d rows", len(v2.rows))
	}
	out := v.View()
	for _, want := range []string{"A: a.log", "B: b.log", "Settings that differ", "seed", "→ 42", "1 new, 1 gone, 1 changed, 8 the same",
		"NEW", "DELETE /api/v2/new/", "GONE", gone.Operation, "CHANGED", "1 → 7"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff view lacks %q:\n%s", want, out)
		}
	}
	if len(v.rows) != 3 {
		t.Errorf("rows = %d, want new, gone, changed", len(v.rows))
	}
	v, _ = v.Update(key("a"))
	if len(v.rows) != 11 {
		t.Errorf("a shows the same ones too: %d", len(v.rows))
	}
	v, _ = v.Update(key("a"))
	// The new and the gone cluster were found once, by Hypothesis, with another seed: both are
	// listed after the changed one, marked possibly chance; the gone one is last.
	if !strings.Contains(out, "NEW?") || !strings.Contains(out, "GONE?") || !strings.Contains(out, "2 possibly chance") ||
		v.rows[0].cd.Change != "changed" {
		t.Errorf("the clusters found once should follow the changed one, marked possibly chance:\n%s", out)
	}
	v, _ = v.Update(key("j"))
	v, _ = v.Update(key("j"))
	_, cmd := v.Update(key("enter"))
	o, ok := cmd().(openClusterMsg)
	if !ok || o.c.Input != 0 || o.c.G.Operation != gone.Operation {
		t.Errorf("enter on the gone row opens A's cluster: %#v", o)
	}
}

func TestHeader(t *testing.T) {
	d := newDataset([]string{"big.log"})
	h := header{t: newTheme(discard{}, Plain), d: d, w: 100}
	d.progress(ProgressMsg{Input: 0, Name: "big.log", Read: 512 << 20, Size: 1 << 30, Lines: 1234567})
	v := h.View()
	if !strings.Contains(v, "Reading  50% ██████████░░░░░░░░░░ 512 MiB of 1.0 GiB · 1,234,567 lines") {
		t.Errorf("progress line:\n%s", v)
	}
	h2, cmd := h.Update(tickMsg{})
	if h2.frame != 1 || cmd == nil {
		t.Errorf("tick animates while loading")
	}
	m := loadedModel(t, Plain, 120, 40, "testdata/harbor.ctlog.yaml", harborLog)
	v = m.header.View()
	for _, want := range []string{"Schemathesis 3.x · 25 operations", "17 passed, 8 failed in 63.48s",
		"9 failing test cases in 8 operations · 10 failure groups · 2 flaky · 0 errors · 8 warnings",
		"Integrity: ok", "Hooks: Hooks not loaded: failures a hook should fix are present"} {
		if !strings.Contains(v, want) {
			t.Errorf("header lacks %q:\n%s", want, v)
		}
	}
	if _, cmd := m.header.Update(tickMsg{}); cmd != nil {
		t.Errorf("no ticking once loaded")
	}
}

// TestHeaderIntegrityProblems: a log cut before its final line has one integrity problem, counted and
// listed as the reports count and list it.
func TestHeaderIntegrityProblems(t *testing.T) {
	m := loadedModel(t, Plain, 200, 40, "", "../testdata/logs/truncated.log")
	want := "Integrity: incomplete — 1 problem: final-line: no final line: the log stops at line 60"
	if v := m.header.View(); !strings.Contains(v, want) {
		t.Errorf("header lacks %q:\n%s", want, v)
	}
}

func TestPromptWritesFile(t *testing.T) {
	dir := t.TempDir()
	p := prompt{t: newTheme(discard{}, Plain), w: 80}.open("curl http://x/", "the curl command")
	p.edit.set("")
	path := filepath.Join(dir, "r.sh")
	for _, r := range path {
		p, _ = p.Update(key(string(r)))
	}
	p, cmd := p.Update(key("enter"))
	if p.active || !strings.Contains(string(cmd().(statusMsg)), "wrote the curl command to") {
		t.Fatalf("write: active=%v %v", p.active, cmd())
	}
	if b, _ := os.ReadFile(path); string(b) != "curl http://x/\n" {
		t.Errorf("file holds %q", b)
	}
	p = p.open("curl http://y/", "it")
	p, cmd = p.Update(key("enter"))
	if !p.active || !strings.Contains(string(cmd().(statusMsg)), "exists: enter again") {
		t.Fatalf("overwrite needs a second enter")
	}
	p, _ = p.Update(key("enter"))
	if b, _ := os.ReadFile(path); string(b) != "curl http://y/\n" || p.active {
		t.Errorf("after confirming: %q", b)
	}
	p = p.open("x", "it")
	p, cmd = p.Update(key("esc"))
	if p.active || string(cmd().(statusMsg)) != "not written" {
		t.Errorf("esc cancels")
	}
}

func TestCopyOSC52(t *testing.T) {
	var out bytes.Buffer
	msg := copyCmd(&out, copyMsg{text: "curl -X GET http://x/", what: "it"})()
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("curl -X GET http://x/")) + "\x07"
	if out.String() != want {
		t.Errorf("OSC 52 = %q, want %q", out.String(), want)
	}
	if !strings.HasPrefix(string(msg.(statusMsg)), "copied it to the clipboard") {
		t.Errorf("status %q", msg)
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	text := helpText()
	for _, s := range keymap {
		for _, b := range s.keys {
			if h := b.Help(); !strings.Contains(text, h.Key+"  "+h.Desc) {
				t.Errorf("help lacks %q", h.Key)
			}
		}
	}
	for _, k := range []string{"?", "q", "ctrl+c", "↑ k", "↓ j", "g home", "G end", "enter", "esc", "mouse wheel", "/", "s", "S", "c", "w", "tab"} {
		if !strings.Contains(text, "  "+k) {
			t.Errorf("help does not list %q", k)
		}
	}
	p := newPage(newTheme(discard{}, Plain)).resize(80, 5).setLines(helpLines(newTheme(discard{}, Plain)))
	p, _ = p.Update(key("G"))
	if p.offset() != len(p.lines)-5 {
		t.Errorf("G in help: %d", p.offset())
	}
}

func TestClipMap(t *testing.T) {
	s, pos := clipMap("GET /api/v1/inventory/batch-feeding-summaries/by_batch/", 30, true)
	if s != "GET …eding-summaries/by_batch/" || width(s) != 30 {
		t.Errorf("middle clip: %q (%d cells)", s, width(s))
	}
	if pos[0] != 0 || pos[len(pos)-1] != len("GET /api/v1/inventory/batch-feeding-summaries/by_batch/")-1 {
		t.Errorf("positions %v", pos)
	}
	s, _ = clipMap("abcdef", 4, false)
	if s != "abc…" {
		t.Errorf("end clip: %q", s)
	}
}
