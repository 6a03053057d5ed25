package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	kb "github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"

	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// field is a one-line text field on bubbles/textinput: the filter query, the raw view's search and
// the file prompt. While it has the focus every printable key is text: no key typed into it runs a
// command. Its zero value is an empty field, ready to use.
type field struct {
	in    textinput.Model
	ready bool
}

// editResult says what a key did to a field.
type editResult int

const (
	editNone    editResult = iota // the key is not an editing key (↑ ↓ pgup pgdn: the list takes them)
	editChanged                   // the text changed
	editMoved                     // only the cursor moved
	editDone                      // enter
	editCancel                    // esc
)

// fieldKeys is textinput's keymap without the keys the field leaves to its owner: ↑ ↓ move in the
// list while typing (textinput's suggestions), tab, and ctrl+v (textinput reads the system
// clipboard with a helper program; the terminal's own paste arrives as keys).
var fieldKeys = func() textinput.KeyMap {
	k := textinput.DefaultKeyMap
	off := kb.NewBinding(kb.WithDisabled())
	k.NextSuggestion, k.PrevSuggestion, k.AcceptSuggestion, k.Paste = off, off, off, off
	return k
}()

func (f *field) init() {
	if f.ready {
		return
	}
	f.in = textinput.New()
	f.in.Prompt = ""
	f.in.KeyMap = fieldKeys
	f.in.Cursor.SetMode(cursor.CursorStatic) // no blink: no timer runs while the field is open
	f.in.Focus()
	f.ready = true
}

func (f *field) String() string { return f.in.Value() }

func (f *field) set(s string) {
	f.init()
	f.in.SetValue(cleanInput(s))
	f.in.CursorEnd()
}

// key applies one key.
func (f *field) key(k tea.KeyMsg) editResult {
	f.init()
	switch k.Type {
	case tea.KeyEnter:
		return editDone
	case tea.KeyEsc:
		return editCancel
	case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown, tea.KeyTab, tea.KeyShiftTab:
		return editNone
	}
	before, pos := f.in.Value(), f.in.Position()
	f.in, _ = f.in.Update(k) // a static cursor starts no command
	if v := f.in.Value(); v != before {
		if c := cleanInput(v); c != v {
			p := f.in.Position()
			f.in.SetValue(c)
			f.in.SetCursor(p)
		}
		return editChanged
	}
	if f.in.Position() != pos {
		return editMoved
	}
	return editNone
}

// view draws the text with a cursor in at most w cells, scrolled so that the cursor shows. The
// cursor is reverse video: the Plain theme, which draws no escape sequence, does not show it.
func (f *field) view(t theme, w int) string {
	c := *f
	c.init()
	c.in.TextStyle, c.in.Cursor.TextStyle, c.in.Cursor.Style = t.text, t.text, t.sel
	vw := runewidth.StringWidth(c.in.Value())
	c.in.Width = max(1, w-1) // the cursor takes a cell after the text
	if vw < w {
		c.in.Width = vw
	}
	c.in.CursorEnd() // a window that ends at the end, then moved back to the cursor
	c.in.SetCursor(f.in.Position())
	return c.in.View()
}

// blank reports whether the text is empty or spaces.
func (f *field) blank() bool { return strings.TrimSpace(f.in.Value()) == "" }

// cleanInput keeps typed or pasted text on one clean line: what the sanitiser would escape (control
// and bidi characters) becomes a space, so that the field never draws it.
func cleanInput(s string) string {
	if sanitize.Line(s) == s {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if sanitize.Line(string(r)) != string(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}
