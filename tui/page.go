package tui

import (
	"strings"

	kb "github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// page is a scrollable page of text on bubbles/viewport, with ctlog's keys: the help screen, the
// run details and the detail pane.
type page struct {
	t     theme
	vp    viewport.Model
	lines []string // as given; the viewport holds them clipped to its width (it would wrap them)
}

// pageKeys is the viewport's keymap made of the TUI's bindings; ← → and h go back in ctlog, so the
// viewport does not scroll sideways.
var pageKeys = viewport.KeyMap{
	PageDown:     keyPageDown,
	PageUp:       keyPageUp,
	HalfPageUp:   keyHalfUp,
	HalfPageDown: keyHalfDown,
	Down:         keyLineDown,
	Up:           keyLineUp,
	Left:         kb.NewBinding(kb.WithDisabled()),
	Right:        kb.NewBinding(kb.WithDisabled()),
}

func newPage(t theme) page {
	vp := viewport.New(0, 0)
	vp.KeyMap = pageKeys
	return page{t: t, vp: vp}
}

// setLines replaces the text, keeping the place (within the new text's length).
func (p page) setLines(lines []string) page {
	p.lines = lines
	clipped := make([]string, len(lines))
	for i, l := range lines {
		clipped[i] = clipStyled(l, p.vp.Width)
	}
	y := p.vp.YOffset
	p.vp.SetContent(strings.Join(clipped, "\n"))
	p.vp.SetYOffset(y)
	return p
}

func (p page) resize(w, h int) page {
	p.vp.Width, p.vp.Height = w, h
	return p.setLines(p.lines)
}

// offset is the first line shown.
func (p page) offset() int { return p.vp.YOffset }

// scrollTo shows line n at the top, or as near as the text allows.
func (p page) scrollTo(n int) page {
	p.vp.SetYOffset(n)
	return p
}

func (p page) Update(msg tea.Msg) (page, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case kb.Matches(k, keyGoTop):
			p.vp.GotoTop()
			return p, nil
		case kb.Matches(k, keyGoBottom):
			p.vp.GotoBottom()
			return p, nil
		}
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return p, cmd
}

// View is the viewport's view; the Plain theme drops the spaces it pads lines with.
func (p page) View() string {
	v := p.vp.View()
	if p.t.mode != Plain {
		return v
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
