package tui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// ColorMode says how the TUI may style its text.
type ColorMode int

// Colour modes.
const (
	// Plain draws no escape sequences at all: the selected row is shown by its `›` marker only.
	// Tests and golden screens use it.
	Plain ColorMode = iota
	// Mono styles with bold, underline and reverse video but never a colour (NO_COLOR).
	Mono
	// Color uses colours as well.
	Color
)

// theme holds the styles every component draws with.
type theme struct {
	mode                                 ColorMode
	title, dim, bad, good, warn, head    lipgloss.Style
	sel, match, badge, newBadge, hl, key lipgloss.Style
	text                                 lipgloss.Style // no attribute: text drawn by a bubbles component
}

func newTheme(w io.Writer, mode ColorMode) theme {
	r := lipgloss.NewRenderer(w)
	t := theme{mode: mode, text: r.NewStyle()}
	switch mode {
	case Plain:
		r.SetColorProfile(termenv.Ascii)
	case Mono:
		r.SetColorProfile(termenv.ANSI)
		t.title = r.NewStyle().Bold(true)
		t.dim = r.NewStyle().Faint(true)
		t.bad = r.NewStyle().Bold(true)
		t.warn = r.NewStyle()
		t.good = r.NewStyle()
		t.head = r.NewStyle().Bold(true).Underline(true)
		t.sel = r.NewStyle().Reverse(true)
		t.match = r.NewStyle().Underline(true).Bold(true)
		t.badge = r.NewStyle().Bold(true)
		t.newBadge = r.NewStyle().Bold(true)
		t.hl = r.NewStyle().Bold(true)
		t.key = r.NewStyle().Bold(true)
		return t
	case Color:
		if r.ColorProfile() == termenv.Ascii {
			r.SetColorProfile(termenv.ANSI)
		}
		t.title = r.NewStyle().Bold(true)
		t.dim = r.NewStyle().Faint(true)
		t.bad = r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
		t.good = r.NewStyle().Foreground(lipgloss.Color("2"))
		t.warn = r.NewStyle().Foreground(lipgloss.Color("3"))
		t.head = r.NewStyle().Bold(true).Underline(true)
		t.sel = r.NewStyle().Reverse(true)
		t.match = r.NewStyle().Foreground(lipgloss.Color("5")).Bold(true).Underline(true)
		t.badge = r.NewStyle().Foreground(lipgloss.Color("3")).Bold(true)
		t.newBadge = r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
		t.hl = r.NewStyle().Foreground(lipgloss.Color("6")).Bold(true)
		t.key = r.NewStyle().Foreground(lipgloss.Color("6")).Bold(true)
		return t
	}
	plain := r.NewStyle()
	t.title, t.dim, t.bad, t.good, t.warn, t.head = plain, plain, plain, plain, plain, plain
	t.sel, t.match, t.badge, t.newBadge, t.hl, t.key = plain, plain, plain, plain, plain, plain
	return t
}

// render styles s unless the theme is plain (Render on an empty style still pads and resets).
func (t theme) render(st lipgloss.Style, s string) string {
	if t.mode == Plain || s == "" {
		return s
	}
	return st.Render(s)
}
