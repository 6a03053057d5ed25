package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// prompt asks for the path of a file to write a reproduce command to.
type prompt struct {
	t       theme
	edit    field
	active  bool
	text    string // what to write
	what    string // how to name it in messages
	confirm string // a path that exists: enter again overwrites it
	w       int
}

func (p prompt) open(text, what string) prompt {
	p.active, p.text, p.what, p.confirm = true, text, what, ""
	if p.edit.String() == "" {
		p.edit.set("repro.sh")
	} else {
		p.edit.set(p.edit.String())
	}
	return p
}

func (p prompt) Update(msg tea.Msg) (prompt, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	switch p.edit.key(k) {
	case editChanged:
		p.confirm = ""
	case editCancel:
		p.active = false
		return p, status("not written")
	case editDone:
		if p.edit.blank() {
			return p, status("type a file path, or esc")
		}
		path := expandHome(strings.TrimSpace(p.edit.String()))
		if _, err := os.Stat(path); err == nil && p.confirm != path {
			p.confirm = path
			return p, status(clean(path) + " exists: enter again to overwrite it, esc to keep it")
		}
		if err := writeFile(path, p.text); err != nil {
			return p, status("cannot write: " + clean(err.Error()))
		}
		p.active = false
		return p, status(fmt.Sprintf("wrote %s to %s", p.what, clean(path)))
	}
	return p, nil
}

func (p prompt) View() string {
	label := "Write to file: "
	s := p.t.render(p.t.key, label) + p.edit.view(p.t, max(1, p.w-len(label)-22)) + p.t.render(p.t.dim, "  enter writes · esc")
	return s
}

func status(s string) tea.Cmd { return func() tea.Msg { return statusMsg(s) } }

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

// writeFile writes a reproduce command as a shell script line.
func writeFile(path, text string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a directory")}
	}
	return os.WriteFile(path, []byte(text+"\n"), 0o644)
}
