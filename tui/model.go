// Package tui is ctlog's interactive triage screen (bubbletea): the failure clusters of a run with
// a fuzzy filter, each cluster's samples and reproduce commands, the raw log lines behind them
// (read by offset, never the whole log), and the diff of two runs. Inputs load on a goroutine: the
// first screen shows at once and fills in as the log is read.
//
// Each component (list, causes, detail, raw log, diff, header, page, prompt) owns its model, Update
// and View; Model, the root, only routes messages between them and lays them out. They are built on
// bubbles where one fits: textinput for the text fields, viewport for the pages, help for the help
// screen and the footer, key.Binding for every key.
package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/internal/redact"
)

// Loader reads the inputs: it sends ProgressMsgs as it goes and ends with one LoadedMsg. It runs on
// its own goroutine and should stop soon after ctx ends. send never blocks: a snapshot the screen
// has not taken yet is replaced by a newer one, except the last of a source (Done).
type Loader func(ctx context.Context, send func(tea.Msg))

// Options configure the TUI.
type Options struct {
	Names  []string         // the inputs, as given
	Load   Loader           // reads them in the background
	Mode   ColorMode        // Plain, Mono (NO_COLOR) or Color
	Output io.Writer        // the terminal: styles are made for it, and OSC 52 goes there (default os.Stdout)
	Redact *redact.Redactor // masks secrets in raw log lines (default patterns when nil)
	Raw    RawOpener        // opens a source's bytes for the raw view; nil: no raw view
	Diff   bool             // two inputs: start on the diff (tab switches to the list)
}

type screen int

const (
	screenList screen = iota
	screenDiff
	screenDetail
	screenRaw
	screenCauses
)

// Model is the root of the TUI: it routes messages to the components and lays them out.
type Model struct {
	opts Options
	t    theme
	d    *dataset

	w, h int

	header header
	list   list
	diff   diffView
	detail detail
	raw    rawView
	causes causesView
	help   page
	info   page
	prompt prompt
	hints  help.Model // the footer's keys

	base     screen   // the list or the diff
	stack    []screen // detail, raw
	showHelp bool
	showInfo bool
	status   string
	rawSrc   io.Closer

	ctx    context.Context
	cancel context.CancelFunc
	in     *inbox
}

// New returns the root model; Init starts loading.
func New(opts Options) *Model {
	if opts.Output == nil {
		opts.Output = os.Stdout
	}
	if opts.Redact == nil {
		opts.Redact, _ = redact.New()
	}
	t := newTheme(opts.Output, opts.Mode)
	m := &Model{opts: opts, t: t, d: newDataset(opts.Names)}
	m.header = header{t: t, d: m.d}
	m.list = newList(t)
	m.diff = newDiffView(t)
	m.detail = newDetail(t)
	m.raw = newRawView(t, opts.Redact)
	m.causes = newCausesView(t)
	m.help = newPage(t).setLines(helpLines(t))
	m.info = newPage(t)
	m.hints = newHelp(t)
	m.prompt = prompt{t: t}
	if opts.Diff && len(opts.Names) == 2 {
		m.base = screenDiff
	}
	m.resize(80, 24)
	return m
}

// Init starts the loader on its own goroutine and the progress animation.
func (m *Model) Init() tea.Cmd {
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.in = newInbox()
	if m.opts.Load == nil {
		m.d.loading = false
		return nil
	}
	go m.opts.Load(m.ctx, m.in.put)
	return tea.Batch(m.listen(), tick())
}

// listen waits for the loader's next message.
func (m *Model) listen() tea.Cmd {
	in, ctx := m.in, m.ctx
	return func() tea.Msg { return in.get(ctx) }
}

// inbox passes the loader's messages to the screen. Snapshots the screen has not taken yet are
// replaced by newer ones (the screen never lags behind the parser); the last snapshot of a source,
// the groups asked for and the LoadedMsg are always delivered, in order.
type inbox struct {
	mu     sync.Mutex
	queue  []tea.Msg
	latest tea.Msg
	notify chan struct{}
}

func newInbox() *inbox { return &inbox{notify: make(chan struct{}, 1)} }

func (b *inbox) put(msg tea.Msg) {
	b.mu.Lock()
	if p, ok := msg.(ProgressMsg); ok && !p.Done {
		b.latest = msg
	} else if _, ok := msg.(GroupMsg); ok {
		b.queue = append(b.queue, msg) // a group asked for does not make the snapshot waiting older
	} else {
		b.latest = nil // older than msg
		b.queue = append(b.queue, msg)
	}
	b.mu.Unlock()
	select {
	case b.notify <- struct{}{}:
	default:
	}
}

func (b *inbox) get(ctx context.Context) tea.Msg {
	for {
		b.mu.Lock()
		var msg tea.Msg
		switch {
		case len(b.queue) > 0:
			msg, b.queue = b.queue[0], b.queue[1:]
		case b.latest != nil:
			msg, b.latest = b.latest, nil
		}
		b.mu.Unlock()
		if msg != nil {
			return msg
		}
		select {
		case <-b.notify:
		case <-ctx.Done():
			return nil
		}
	}
}

func (m *Model) top() screen {
	if len(m.stack) > 0 {
		return m.stack[len(m.stack)-1]
	}
	return m.base
}

// Update routes msg to the components.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case ProgressMsg:
		m.d.progress(msg)
		m.refresh()
		return m, m.listen()
	case LoadedMsg:
		m.d.loaded(msg)
		m.refresh()
		return m, nil
	case tickMsg:
		var cmd tea.Cmd
		m.header, cmd = m.header.Update(msg)
		return m, cmd
	case GroupMsg:
		if c := m.d.fetched(msg); c != nil && m.detail.c == c {
			m.detail = m.detail.show(c, len(m.d.inputs) > 1)
		}
		return m, m.listen()
	case openClusterMsg:
		m.d.ask(msg.c)
		m.detail = m.detail.show(msg.c, len(m.d.inputs) > 1)
		m.push(screenDetail)
		return m, nil
	case openRawMsg:
		return m, m.openRaw(msg)
	case copyMsg:
		return m, copyCmd(m.opts.Output, msg)
	case askPathMsg:
		m.prompt = m.prompt.open(msg.text, msg.what)
		return m, nil
	case statusMsg:
		m.status = string(msg)
		return m, nil
	case editMsg:
		return m, m.openEditor(msg)
	case editorDoneMsg:
		m.status = clean(msg.status())
		return m, nil
	case filterCauseMsg:
		// The causes view chose one: the failure groups of that cause, on the list.
		m.list = m.list.setCause(&msg.f)
		for len(m.stack) > 0 {
			m.pop()
		}
		m.base = screenList
		return m, nil
	case searchProgressMsg, searchDoneMsg:
		// The raw view's search runs on: its messages go to the raw view, whatever is on top.
		var cmd tea.Cmd
		m.raw, cmd = m.raw.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		// Keys typed quickly can arrive together ("/profile" in one message): each is its own key,
		// so that "/" opens the filter and the rest goes into it. A paste stays whole.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			return m, tea.Batch(cmds...)
		}
		return m, m.key(msg)
	case tea.MouseMsg:
		if !m.showHelp && !m.showInfo && m.top() == screenList {
			msg.Y -= headerLines // the list's own lines
		}
		return m, m.route(msg)
	}
	return m, nil
}

// key handles the keys no component owns, then routes the rest.
func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		return m.quit()
	}
	m.status = ""
	// Text entry gets every key.
	if m.prompt.active {
		var cmd tea.Cmd
		m.prompt, cmd = m.prompt.Update(k)
		return cmd
	}
	if !m.showHelp && !m.showInfo && (m.top() == screenList && m.list.textEntry() || m.top() == screenRaw && m.raw.textEntry()) {
		return m.route(k)
	}
	if kb.Matches(k, keyQuit) {
		return m.quit()
	}
	if m.showHelp {
		if kb.Matches(k, keyHelp) || isKey(k, "esc") {
			m.showHelp = false
			return nil
		}
		m.help, _ = m.help.Update(k)
		return nil
	}
	if kb.Matches(k, keyHelp) {
		m.showHelp = true
		m.help = m.help.scrollTo(0)
		return nil
	}
	if m.showInfo {
		if kb.Matches(k, keyInfo) || kb.Matches(k, keyBack) {
			m.showInfo = false
			return nil
		}
		m.info, _ = m.info.Update(k)
		return nil
	}
	switch m.top() {
	case screenList, screenDiff:
		switch {
		case isKey(k, "tab"):
			if len(m.d.inputs) == 2 {
				if m.base == screenList {
					m.base = screenDiff
				} else {
					m.base = screenList
				}
				return nil
			}
			m.status = "tab switches to the diff when two inputs are given"
			return nil
		case kb.Matches(k, keyInfo):
			m.showInfo = true
			m.info = m.info.setLines(infoLines(m.t, m.d, m.w))
			return nil
		case kb.Matches(k, keyCauses):
			m.causes = m.causes.setData(causeRows(m.d), m.d.loading)
			m.push(screenCauses)
			return nil
		}
	case screenCauses:
		if kb.Matches(k, keyBack) {
			m.pop()
			return nil
		}
	case screenDetail:
		if isKey(k, "esc", "left", "h", "backspace") {
			m.pop()
			return nil
		}
	case screenRaw:
		if isKey(k, "esc") {
			var had bool
			if m.raw, had = m.raw.clearSearch(); had {
				return nil
			}
		}
		if isKey(k, "esc", "h", "backspace") {
			m.pop()
			return nil
		}
	}
	return m.route(k)
}

// route hands msg to the component on top.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case m.showHelp:
		m.help, cmd = m.help.Update(msg)
		return cmd
	case m.showInfo:
		m.info, cmd = m.info.Update(msg)
		return cmd
	}
	switch m.top() {
	case screenList:
		m.list, cmd = m.list.Update(msg)
	case screenDiff:
		m.diff, cmd = m.diff.Update(msg)
	case screenDetail:
		m.detail, cmd = m.detail.Update(msg)
	case screenRaw:
		m.raw, cmd = m.raw.Update(msg)
	case screenCauses:
		m.causes, cmd = m.causes.Update(msg)
	}
	return cmd
}

func (m *Model) push(s screen) { m.stack = append(m.stack, s) }

func (m *Model) pop() {
	if len(m.stack) == 0 {
		return
	}
	if m.top() == screenRaw {
		m.closeRaw()
	}
	m.stack = m.stack[:len(m.stack)-1]
}

func (m *Model) openRaw(msg openRawMsg) tea.Cmd {
	switch {
	case m.opts.Raw == nil:
		m.status = "raw log lines are not available here"
		return nil
	case msg.c.G == nil:
		return nil
	case msg.sample >= len(msg.c.G.Samples):
		m.status = "this failure group kept no sample to show"
		return nil
	}
	src, err := m.opts.Raw(msg.c.Name)
	if err != nil {
		m.status = "raw lines: " + clean(err.Error())
		return nil
	}
	m.closeRaw()
	if c, ok := src.(io.Closer); ok {
		m.rawSrc = c
	}
	total := 0
	if in := m.d.sourceInput(msg.c.Name); in != nil {
		total = in.Lines
	}
	m.raw = m.raw.open(src, msg.c.Name, msg.c, msg.sample, total)
	m.push(screenRaw)
	return nil
}

func (m *Model) closeRaw() {
	m.raw = m.raw.stop()
	if m.rawSrc != nil {
		m.rawSrc.Close()
		m.rawSrc = nil
	}
}

func (m *Model) quit() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	m.closeRaw()
	return tea.Quit
}

// refresh hands the dataset to the components after it changed.
func (m *Model) refresh() {
	m.list.empty = "Reading… no failure found yet."
	if !m.d.loading {
		m.list.empty = emptyMessage(m.d)
	}
	m.list = m.list.setData(m.d.clusters)
	if !m.d.loading {
		m.diff = m.diff.setData(newDiffData(m.d), m.d.clusters)
	}
	if m.detail.c != nil {
		if c := m.d.find(m.detail.c.ID()); c != nil {
			m.d.ask(c)
			m.detail = m.detail.show(c, len(m.d.inputs) > 1)
		}
	}
	if m.showInfo {
		m.info = m.info.setLines(infoLines(m.t, m.d, m.w))
	}
	if m.top() == screenCauses {
		m.causes = m.causes.setData(causeRows(m.d), m.d.loading)
	}
}

func emptyMessage(d *dataset) string {
	if d.err != nil {
		return "Nothing to show: " + clean(d.err.Error())
	}
	runs := d.runs()
	if len(runs) == 0 {
		return "No Schemathesis run found in the input."
	}
	for _, r := range runs {
		if r.Fatal != nil {
			return fmt.Sprintf("No failure group: Schemathesis stopped at line %d: %s (i shows details)", r.Fatal.Line, clean(r.Fatal.Title))
		}
	}
	return "No failure group: nothing failed in this run."
}

// resize lays the components out for a w×h terminal.
func (m *Model) resize(w, h int) {
	m.w, m.h = max(w, 20), max(h, 6)
	bodyH := m.h - headerLines - 1
	m.header.w = m.w
	m.list.w, m.list.h = m.w, bodyH
	m.list = m.list.clamp()
	m.diff.w, m.diff.h = m.w, bodyH
	m.diff = m.diff.clamp()
	m.detail = m.detail.resize(m.w, m.h-2)
	m.raw = m.raw.resize(m.w, m.h-1)
	m.causes.w, m.causes.h = m.w, m.h-1
	m.causes = m.causes.clamp()
	m.help = m.help.resize(m.w, m.h-1)
	m.info = m.info.resize(m.w, m.h-1)
	if m.showInfo {
		m.info = m.info.setLines(infoLines(m.t, m.d, m.w))
	}
	m.prompt.w = m.w
}

// View lays out the screen: header and list (or diff), or the detail, the raw lines, the help.
func (m *Model) View() string {
	var body string
	switch {
	case m.showHelp:
		body = m.help.View()
	case m.showInfo:
		body = m.info.View()
	default:
		switch m.top() {
		case screenList:
			body = m.header.View() + "\n" + m.list.View()
		case screenDiff:
			body = m.header.View() + "\n" + m.diff.View()
		case screenDetail:
			body = m.crumb() + "\n" + m.detail.View()
		case screenRaw:
			body = m.raw.View()
		case screenCauses:
			body = m.causes.View()
		}
	}
	lines := strings.Split(body+"\n"+m.footer(), "\n")
	for i, l := range lines {
		lines[i] = clipStyled(l, m.w)
	}
	return strings.Join(lines, "\n")
}

// crumb is the line above the detail pane: where it is.
func (m *Model) crumb() string {
	c := m.detail.c
	if c == nil {
		return ""
	}
	pos := ""
	for i, r := range m.list.rows {
		if r.ID() == c.ID() {
			pos = fmt.Sprintf("failure group %d of %d", i+1, len(m.list.rows))
			break
		}
	}
	s := "‹ esc  " + clean(c.Name)
	if pos != "" {
		s += " · " + pos
	}
	return m.t.render(m.t.dim, clip(s, m.w))
}

// footer is the bottom line: the filter or the prompt while typing, else the screen's keys
// (bubbles/help, from the bindings the screen matches) and a status.
func (m *Model) footer() string {
	t := m.t
	if m.prompt.active {
		return m.prompt.View()
	}
	if m.top() == screenRaw && !m.showHelp && !m.showInfo && m.raw.searching {
		return t.render(t.key, "/") + m.raw.edit.view(t, max(1, m.w-1-26)) + t.render(t.dim, "  enter searches · esc")
	}
	if m.top() == screenList && !m.showHelp && !m.showInfo && (m.list.filtering || m.list.query != "") {
		count := fmt.Sprintf("  %d of %d", len(m.list.rows), m.list.inScope)
		if m.list.filtering {
			return t.render(t.key, "/") + m.list.filter.view(t, max(1, m.w-1-width(count)-24)) + t.render(t.dim, count+" · enter keeps · esc clears")
		}
		return t.render(t.key, "/") + clean(m.list.filter.String()) + t.render(t.dim, count+" · / edits · esc clears")
	}
	room, st := m.w, ""
	if m.status != "" {
		st = clean(m.status)
		room = m.w - width(st) - 2
		if room < 10 {
			return t.render(t.warn, clip(st, m.w))
		}
	}
	hints := shortHelp(m.hints, m.shortKeys(), room)
	if st != "" {
		return hints + "  " + t.render(t.warn, st)
	}
	return hints
}

// shortKeys are the keys the footer names for the screen on top.
func (m *Model) shortKeys() []kb.Binding {
	move := short(keyLineDown, "↑↓", "move")
	scroll := short(keyLineDown, "↑↓", "scroll")
	helpKey, quitKey := short(keyHelp, "", "help"), short(keyQuit, "", "quit")
	switch {
	case m.showHelp:
		return []kb.Binding{bind([]string{"?", "esc"}, "? esc", "close help"), scroll, quitKey}
	case m.showInfo:
		return []kb.Binding{bind([]string{"i", "esc"}, "i esc", "close"), scroll, quitKey}
	}
	switch m.top() {
	case screenList:
		keys := []kb.Binding{move, short(keyEnter, "enter", "open"), short(keyFilter, "", "filter"),
			short(keySort, "", "sort ("+sortNames[m.list.sortBy]+")"), short(keyCauses, "", "causes"), helpKey, short(keyInfo, "", "info"), quitKey}
		if m.list.cause != nil {
			keys = append([]kb.Binding{bind([]string{"esc"}, "esc", "all groups")}, keys...)
		}
		if len(m.d.inputs) == 2 {
			keys = append([]kb.Binding{bind([]string{"tab"}, "tab", "diff")}, keys...)
		}
		return keys
	case screenDiff:
		return []kb.Binding{move, short(keyEnter, "enter", "open"), bind([]string{"a"}, "a", "same"), bind([]string{"tab"}, "tab", "list"), helpKey, quitKey}
	case screenCauses:
		return []kb.Binding{move, short(keyCauseFilter, "", "show its groups"), short(keyBack, "esc", "back"), helpKey, quitKey}
	case screenDetail:
		return []kb.Binding{bind([]string{"n", "p"}, "n/p", "sample"), bind([]string{"r"}, "r", "raw"), bind([]string{"c"}, "c", "copy curl"),
			bind([]string{"w"}, "w", "write curl"), short(keyEdit, "", "edit"), short(keyBack, "esc", "back"), helpKey}
	case screenRaw:
		if m.raw.search.query != "" {
			return []kb.Binding{scroll, bind([]string{"left", "right"}, "←→", "sideways"), short(keySearch, "", "search"),
				bind([]string{"n", "N"}, "n/N", "match"), short(keyEdit, "", "edit"), bind([]string{"esc"}, "esc", "clears"), helpKey}
		}
		return []kb.Binding{scroll, bind([]string{"left", "right"}, "←→", "sideways"), short(keySearch, "", "search"),
			bind([]string{"n", "p"}, "n/p", "sample"), short(keyEdit, "", "edit"), short(keyBack, "esc", "back"), helpKey}
	}
	return nil
}
