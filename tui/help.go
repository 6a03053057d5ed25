package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	kb "github.com/charmbracelet/bubbles/key"
)

// newHelp is a bubbles/help model in the theme's styles: the footer's short help (" · " between
// keys) and the help screen's sections.
func newHelp(t theme) help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.Styles = help.Styles{
		Ellipsis: t.dim, ShortKey: t.dim, ShortDesc: t.dim, ShortSeparator: t.dim,
		FullKey: t.key, FullDesc: t.text, FullSeparator: t.text,
	}
	return h
}

// helpKeys is a help.KeyMap: the footer's keys of a screen (ShortHelp), the help screen's
// sections (FullHelp).
type helpKeys struct {
	short []kb.Binding
	full  [][]kb.Binding
}

func (k helpKeys) ShortHelp() []kb.Binding  { return k.short }
func (k helpKeys) FullHelp() [][]kb.Binding { return k.full }

// shortHelp is bubbles/help's short view of keys in at most w cells: the keys that do not fit are
// left out from the end. (help.Model.Width alone lets the last key overflow when its "…" does not
// fit either.)
func shortHelp(h help.Model, keys []kb.Binding, w int) string {
	h.Width = 0
	for ; len(keys) > 0; keys = keys[:len(keys)-1] {
		if s := h.View(helpKeys{short: keys}); width(ansiStrip(s)) <= w {
			return s
		}
	}
	return ""
}

// helpLines is the help screen: every key of the keymap, by screen, each section drawn by
// bubbles/help as a column of keys beside a column of what they do.
func helpLines(t theme) []string {
	h := newHelp(t)
	h.ShowAll = true
	var lines []string
	for i, s := range keymap {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, t.render(t.head, s.title))
		for _, l := range strings.Split(h.View(helpKeys{full: [][]kb.Binding{s.keys}}), "\n") {
			// The columns are padded to the longest description: the page clips at the width.
			lines = append(lines, "  "+strings.TrimRight(l, " "))
		}
	}
	return lines
}
