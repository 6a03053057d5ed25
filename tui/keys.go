package tui

import (
	"strings"

	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// keySection is the keys of one screen, as bubbles kb.Bindings: their keys (what kb.Matches
// checks) and their help (what the help screen shows). A binding without keys is help only (the
// mouse, text entry).
type keySection struct {
	title string
	keys  []kb.Binding
}

func bind(keys []string, show, does string) kb.Binding {
	if len(keys) == 0 {
		return kb.NewBinding(kb.WithHelp(show, does))
	}
	return kb.NewBinding(kb.WithKeys(keys...), kb.WithHelp(show, does))
}

// The newer keys, matched with kb.Matches.
var (
	keyHalfDown  = bind([]string{"ctrl+d"}, "ctrl+d", "half a page down")
	keyHalfUp    = bind([]string{"ctrl+u"}, "ctrl+u", "half a page up (in a text field, ctrl+u erases it)")
	keyClick     = bind(nil, "mouse click", "select the failure group clicked (on the list)")
	keyEdit      = bind([]string{"e"}, "e", "open the log at the sample's line in $EDITOR (else $PAGER, less); plain files")
	keySearch    = bind([]string{"/"}, "/", "search the log (a capital letter makes it case-sensitive; enter searches)")
	keyNextMatch = bind([]string{"n"}, "n", "next match, after a search (without one: next sample)")
	keyPrevMatch = bind([]string{"N"}, "N", "previous match")
	keyEndSearch = bind([]string{"esc"}, "esc", "clear the search (again: go back)")
)

// keymap is every key the TUI knows, by screen. The help screen lists exactly this, and the
// components match keys against it, so the two cannot drift apart.
var keymap = []keySection{
	{"Everywhere", []kb.Binding{
		bind([]string{"?"}, "?", "show or hide this help"),
		bind([]string{"q"}, "q", "quit (in the filter and the file prompt, q is just a letter)"),
		bind([]string{"ctrl+c"}, "ctrl+c", "quit, always"),
		bind([]string{"up", "k"}, "↑ k", "move up / scroll up"),
		bind([]string{"down", "j"}, "↓ j", "move down / scroll down"),
		bind([]string{"pgup", "ctrl+b"}, "pgup ctrl+b", "page up"),
		bind([]string{"pgdown", "ctrl+f", " "}, "pgdn ctrl+f space", "page down"),
		keyHalfDown,
		keyHalfUp,
		bind([]string{"g", "home"}, "g home", "go to the top"),
		bind([]string{"G", "end"}, "G end", "go to the bottom"),
		bind([]string{"enter", "right", "l"}, "enter → l", "open: failure group → detail → raw log lines"),
		bind([]string{"esc", "left", "h", "backspace"}, "esc ← h", "back out (on the list, esc clears the filter)"),
		bind(nil, "mouse wheel", "scroll"),
		keyClick,
	}},
	{"Failure groups", []kb.Binding{
		bind([]string{"/"}, "/", "fuzzy filter on operation, check, status and signature"),
		bind([]string{"s"}, "s", "sort by: severity (default), count, operation, check, status"),
		bind([]string{"S"}, "S", "reverse the sort order"),
		bind([]string{"i"}, "i", "run details: integrity checks and the full hooks diagnosis"),
		bind([]string{"tab"}, "tab", "switch between the failure groups and the diff (two inputs)"),
	}},
	{"Filter (after /)", []kb.Binding{
		bind(nil, "any text", "narrows the list as you type; no key runs a command here"),
		bind([]string{"enter"}, "enter", "keep the filter and go back to the list"),
		bind([]string{"esc"}, "esc", "clear the filter"),
		bind([]string{"ctrl+u"}, "ctrl+u", "erase the query"),
		bind([]string{"up", "down"}, "↑ ↓", "move in the list while typing"),
	}},
	{"Detail", []kb.Binding{
		bind([]string{"n", "tab"}, "n tab", "next sample"),
		bind([]string{"p", "shift+tab"}, "p shift+tab", "previous sample"),
		bind([]string{"r", "enter"}, "r enter", "raw log lines of the sample"),
		bind([]string{"c"}, "c", "copy the sample's curl command to the clipboard (OSC 52)"),
		bind([]string{"w"}, "w", "write the curl command to a file (type the path, enter)"),
		keyEdit,
	}},
	{"Raw log", []kb.Binding{
		bind([]string{"left", "right"}, "← →", "scroll sideways (esc goes back)"),
		bind([]string{"n", "p"}, "n p", "next / previous sample of the failure group (after a search, n is the next match)"),
		bind([]string{"g", "G"}, "g G", "start / end of the log"),
		keySearch,
		keyNextMatch,
		keyPrevMatch,
		keyEndSearch,
		keyEdit,
	}},
	{"Diff (two inputs)", []kb.Binding{
		bind([]string{"a"}, "a", "show or hide the failure groups that did not change"),
		bind([]string{"enter"}, "enter", "open the failure group (the second input's, or the first's when gone)"),
	}},
}

// key names used by the components.
func isKey(k tea.KeyMsg, names ...string) bool {
	s := k.String()
	for _, n := range names {
		if s == n {
			return true
		}
	}
	return false
}

var (
	keyUp     = []string{"up", "k"}
	keyDown   = []string{"down", "j"}
	keyPgUp   = []string{"pgup", "ctrl+b"}
	keyPgDown = []string{"pgdown", "ctrl+f", " "}
	keyTop    = []string{"g", "home"}
	keyBottom = []string{"G", "end"}
	keyOpen   = []string{"enter", "right", "l"}
)

// pager is a scrollable page of text: the help screen and the run details.
type pager struct {
	w, h   int
	offset int
	lines  []string
}

// helpLines is the help screen: every key, by screen.
func helpLines(t theme) []string {
	var lines []string
	for i, s := range keymap {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, t.render(t.head, s.title))
		for _, b := range s.keys {
			h := b.Help()
			lines = append(lines, "  "+t.render(t.key, pad(h.Key, 18))+"  "+h.Desc)
		}
	}
	return lines
}

func (p pager) Update(msg tea.Msg) (pager, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case isKey(msg, keyUp...):
			p.offset--
		case isKey(msg, keyDown...):
			p.offset++
		case isKey(msg, keyTop...):
			p.offset = 0
		case isKey(msg, keyBottom...):
			p.offset = len(p.lines)
		case isKey(msg, keyPgDown...):
			p.offset += p.h
		case isKey(msg, keyPgUp...):
			p.offset -= p.h
		case kb.Matches(msg, keyHalfDown):
			p.offset += halfPage(p.h)
		case kb.Matches(msg, keyHalfUp):
			p.offset -= halfPage(p.h)
		}
	case tea.MouseMsg:
		p.offset += wheel(msg)
	}
	return p.clamp(), nil
}

func (p pager) clamp() pager {
	p.offset = max(0, min(p.offset, len(p.lines)-p.h))
	return p
}

func (p pager) View() string {
	end := min(len(p.lines), p.offset+p.h)
	out := make([]string, 0, p.h)
	for _, l := range p.lines[min(p.offset, end):end] {
		out = append(out, clipStyled(l, p.w))
	}
	return fitLines(out, p.h)
}

// halfPage is how far ctrl+d and ctrl+u move on a screen of h rows.
func halfPage(h int) int { return max(1, h/2) }

// wheel turns a mouse wheel event into lines to scroll.
func wheel(m tea.MouseMsg) int {
	if m.Action != tea.MouseActionPress {
		return 0
	}
	switch m.Button {
	case tea.MouseButtonWheelUp:
		return -3
	case tea.MouseButtonWheelDown:
		return 3
	}
	return 0
}

// helpText is the help as plain text, for tests.
func helpText() string {
	var b strings.Builder
	for _, s := range keymap {
		b.WriteString(s.title + "\n")
		for _, k := range s.keys {
			b.WriteString("  " + k.Help().Key + "  " + k.Help().Desc + "\n")
		}
	}
	return b.String()
}
