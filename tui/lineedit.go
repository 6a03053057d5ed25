package tui

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
)

// lineEdit is a one-line text field: the filter query and the file prompt. While it has the focus
// every printable key is text: no key typed into it runs a command.
type lineEdit struct {
	value []rune
	pos   int
}

// editResult says what a key did to a lineEdit.
type editResult int

const (
	editNone    editResult = iota // the key is not an editing key
	editChanged                   // the text changed
	editMoved                     // only the cursor moved
	editDone                      // enter
	editCancel                    // esc
)

func (e *lineEdit) String() string { return string(e.value) }

func (e *lineEdit) set(s string) {
	e.value = []rune(s)
	e.pos = len(e.value)
}

// key applies one key.
func (e *lineEdit) key(k tea.KeyMsg) editResult {
	switch k.Type {
	case tea.KeyRunes, tea.KeySpace:
		rs := k.Runes
		if k.Type == tea.KeySpace {
			rs = []rune{' '}
		}
		var ins []rune
		for _, r := range rs {
			// A paste may bring line breaks or control characters: keep the text on one line.
			if unicode.IsControl(r) {
				r = ' '
			}
			ins = append(ins, r)
		}
		e.value = append(e.value[:e.pos], append(ins, e.value[e.pos:]...)...)
		e.pos += len(ins)
		return editChanged
	case tea.KeyBackspace, tea.KeyCtrlH:
		if e.pos > 0 {
			e.value = append(e.value[:e.pos-1], e.value[e.pos:]...)
			e.pos--
			return editChanged
		}
		return editMoved
	case tea.KeyDelete, tea.KeyCtrlD:
		if e.pos < len(e.value) {
			e.value = append(e.value[:e.pos], e.value[e.pos+1:]...)
			return editChanged
		}
		return editMoved
	case tea.KeyCtrlU:
		e.value = e.value[:0]
		e.pos = 0
		return editChanged
	case tea.KeyCtrlW:
		i := e.pos
		for i > 0 && e.value[i-1] == ' ' {
			i--
		}
		for i > 0 && e.value[i-1] != ' ' {
			i--
		}
		e.value = append(e.value[:i], e.value[e.pos:]...)
		e.pos = i
		return editChanged
	case tea.KeyLeft, tea.KeyCtrlB:
		e.pos = max(0, e.pos-1)
		return editMoved
	case tea.KeyRight, tea.KeyCtrlF:
		e.pos = min(len(e.value), e.pos+1)
		return editMoved
	case tea.KeyHome, tea.KeyCtrlA:
		e.pos = 0
		return editMoved
	case tea.KeyEnd, tea.KeyCtrlE:
		e.pos = len(e.value)
		return editMoved
	case tea.KeyEnter:
		return editDone
	case tea.KeyEsc:
		return editCancel
	}
	return editNone
}

// view draws the text with a cursor, in at most w cells (the end stays visible).
func (e *lineEdit) view(t theme, w int) string {
	before := clean(string(e.value[:e.pos]))
	after := clean(string(e.value[e.pos:]))
	cursor := "▏"
	for width(before)+1 > w && before != "" {
		_, n := firstRune(before)
		before = before[n:]
	}
	s := before + t.render(t.sel, cursor) + clip(after, max(0, w-width(before)-1))
	return s
}

// blank reports whether the text is empty or spaces.
func (e *lineEdit) blank() bool { return strings.TrimSpace(string(e.value)) == "" }
