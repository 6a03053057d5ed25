package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// binding is one key of the help screen: the keys that do it and what it does.
type binding struct {
	keys []string // as tea.KeyMsg.String() spells them
	show string   // how the help screen spells them
	does string
}

// keySection is the keys of one screen.
type keySection struct {
	title string
	keys  []binding
}

// keymap is every key the TUI knows, by screen. The help screen lists exactly this, and the
// components match keys against it, so the two cannot drift apart.
var keymap = []keySection{
	{"Everywhere", []binding{
		{[]string{"?"}, "?", "show or hide this help"},
		{[]string{"q"}, "q", "quit (in the filter and the file prompt, q is just a letter)"},
		{[]string{"ctrl+c"}, "ctrl+c", "quit, always"},
		{[]string{"up", "k"}, "↑ k", "move up / scroll up"},
		{[]string{"down", "j"}, "↓ j", "move down / scroll down"},
		{[]string{"pgup", "ctrl+b"}, "pgup ctrl+b", "page up"},
		{[]string{"pgdown", "ctrl+f", " "}, "pgdn ctrl+f space", "page down"},
		{[]string{"g", "home"}, "g home", "go to the top"},
		{[]string{"G", "end"}, "G end", "go to the bottom"},
		{[]string{"enter", "right", "l"}, "enter → l", "open: failure group → detail → raw log lines"},
		{[]string{"esc", "left", "h", "backspace"}, "esc ← h", "back out (on the list, esc clears the filter)"},
		{nil, "mouse wheel", "scroll"},
	}},
	{"Failure groups", []binding{
		{[]string{"/"}, "/", "fuzzy filter on operation, check, status and signature"},
		{[]string{"s"}, "s", "sort by: severity (default), count, operation, check, status"},
		{[]string{"S"}, "S", "reverse the sort order"},
		{[]string{"i"}, "i", "run details: integrity checks and the full hooks diagnosis"},
		{[]string{"tab"}, "tab", "switch between the failure groups and the diff (two inputs)"},
	}},
	{"Filter (after /)", []binding{
		{nil, "any text", "narrows the list as you type; no key runs a command here"},
		{[]string{"enter"}, "enter", "keep the filter and go back to the list"},
		{[]string{"esc"}, "esc", "clear the filter"},
		{[]string{"ctrl+u"}, "ctrl+u", "erase the query"},
		{[]string{"up", "down"}, "↑ ↓", "move in the list while typing"},
	}},
	{"Detail", []binding{
		{[]string{"n", "tab"}, "n tab", "next sample"},
		{[]string{"p", "shift+tab"}, "p shift+tab", "previous sample"},
		{[]string{"r", "enter"}, "r enter", "raw log lines of the sample"},
		{[]string{"c"}, "c", "copy the sample's curl command to the clipboard (OSC 52)"},
		{[]string{"w"}, "w", "write the curl command to a file (type the path, enter)"},
	}},
	{"Raw log", []binding{
		{[]string{"left", "right"}, "← →", "scroll sideways (esc goes back)"},
		{[]string{"n", "p"}, "n p", "next / previous sample of the failure group"},
		{[]string{"g", "G"}, "g G", "start / end of the log"},
	}},
	{"Diff (two inputs)", []binding{
		{[]string{"a"}, "a", "show or hide the failure groups that did not change"},
		{[]string{"enter"}, "enter", "open the failure group (the second input's, or the first's when gone)"},
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
			lines = append(lines, "  "+t.render(t.key, pad(b.show, 18))+"  "+b.does)
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
			b.WriteString("  " + k.show + "  " + k.does + "\n")
		}
	}
	return b.String()
}
