package tui

import (
	"strings"

	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// keySection is the keys of one screen, as bubbles kb.Bindings: their keys (what kb.Matches
// checks) and their help (what the help screen shows). Some are help only (the mouse, text entry).
type keySection struct {
	title string
	keys  []kb.Binding
}

// bind makes a binding. One for help only (keys nil) gets its label as its key, a name no key
// press has: bubbles/help leaves out a binding without keys.
func bind(keys []string, show, does string) kb.Binding {
	if len(keys) == 0 {
		keys = []string{show}
	}
	return kb.NewBinding(kb.WithKeys(keys...), kb.WithHelp(show, does))
}

// short is b with a terse label and description, for the footer: the same keys as the binding
// the screen matches. An empty label keeps b's.
func short(b kb.Binding, label, desc string) kb.Binding {
	if label == "" {
		label = b.Help().Key
	}
	return kb.NewBinding(kb.WithKeys(b.Keys()...), kb.WithHelp(label, desc))
}

// The keys the components match, with kb.Matches or by their Keys.
var (
	keyHelp        = bind([]string{"?"}, "?", "show or hide this help")
	keyQuit        = bind([]string{"q"}, "q", "quit (in the filter and the file prompt, q is just a letter)")
	keyLineUp      = bind([]string{"up", "k"}, "↑ k", "move up / scroll up")
	keyLineDown    = bind([]string{"down", "j"}, "↓ j", "move down / scroll down")
	keyPageUp      = bind([]string{"pgup", "ctrl+b"}, "pgup ctrl+b", "page up")
	keyPageDown    = bind([]string{"pgdown", "ctrl+f", " "}, "pgdn ctrl+f space", "page down")
	keyHalfDown    = bind([]string{"ctrl+d"}, "ctrl+d", "half a page down")
	keyHalfUp      = bind([]string{"ctrl+u"}, "ctrl+u", "half a page up (in a text field, ctrl+u erases it)")
	keyGoTop       = bind([]string{"g", "home"}, "g home", "go to the top")
	keyGoBottom    = bind([]string{"G", "end"}, "G end", "go to the bottom")
	keyEnter       = bind([]string{"enter", "right", "l"}, "enter → l", "open: failure group → detail → raw log lines")
	keyBack        = bind([]string{"esc", "left", "h", "backspace"}, "esc ← h", "back out (on the list, esc clears the filter, then the cause)")
	keyClick       = bind(nil, "mouse click", "select the failure group clicked (on the list)")
	keyFilter      = bind([]string{"/"}, "/", "fuzzy filter on operation, check, status and signature")
	keySort        = bind([]string{"s"}, "s", "sort by: severity (default), count, operation, check, status")
	keyInfo        = bind([]string{"i"}, "i", "run details: integrity checks and the full hooks diagnosis")
	keyCauses      = bind([]string{"C"}, "C", "shared causes: the root causes behind several operations, the most widespread first")
	keyCauseFilter = bind([]string{"enter"}, "enter", "show the failure groups of the cause (esc on the list clears it)")
	keyEdit        = bind([]string{"e"}, "e", "open the log at the sample's line in $EDITOR (else $PAGER, less); plain files")
	keySearch      = bind([]string{"/"}, "/", "search the log (a capital letter makes it case-sensitive; enter searches)")
	keyNextMatch   = bind([]string{"n"}, "n", "next match, after a search (without one: next sample)")
	keyPrevMatch   = bind([]string{"N"}, "N", "previous match")
	keyEndSearch   = bind([]string{"esc"}, "esc", "cancel or clear the search (again: go back)")
)

// keymap is every key the TUI knows, by screen. The help screen lists exactly this, and the
// components match keys against it, so the two cannot drift apart.
var keymap = []keySection{
	{"Everywhere", []kb.Binding{
		keyHelp,
		keyQuit,
		bind([]string{"ctrl+c"}, "ctrl+c", "quit, always"),
		keyLineUp,
		keyLineDown,
		keyPageUp,
		keyPageDown,
		keyHalfDown,
		keyHalfUp,
		keyGoTop,
		keyGoBottom,
		keyEnter,
		keyBack,
		bind(nil, "mouse wheel", "scroll"),
		keyClick,
	}},
	{"Failure groups", []kb.Binding{
		keyFilter,
		keySort,
		bind([]string{"S"}, "S", "reverse the sort order"),
		keyInfo,
		keyCauses,
		bind([]string{"tab"}, "tab", "switch between the failure groups and the diff (two inputs)"),
	}},
	{"Filter (after /)", []kb.Binding{
		bind(nil, "any text", "narrows the list as you type; no key runs a command here"),
		bind([]string{"enter"}, "enter", "keep the filter and go back to the list"),
		bind([]string{"esc"}, "esc", "clear the filter"),
		bind([]string{"ctrl+u"}, "ctrl+u", "erase the query"),
		bind([]string{"up", "down"}, "↑ ↓", "move in the list while typing"),
	}},
	{"Shared causes (after C)", []kb.Binding{
		keyCauseFilter,
		bind([]string{"esc"}, "esc", "back to the failure groups"),
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
	keyUp     = keyLineUp.Keys()
	keyDown   = keyLineDown.Keys()
	keyPgUp   = keyPageUp.Keys()
	keyPgDown = keyPageDown.Keys()
	keyTop    = keyGoTop.Keys()
	keyBottom = keyGoBottom.Keys()
	keyOpen   = keyEnter.Keys()
)

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
