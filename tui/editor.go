package tui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// fileNamer is a RawSource that is a file on disk (an *os.File, or a type that embeds one): its
// Name is the path the editor opens. Sources that are not plain files (archive members, standard
// input) have no raw view at all.
type fileNamer interface{ Name() string }

// editorArgs is the command that opens file at line: $EDITOR with the line argument its program
// takes (`+LINE FILE` for vi, vim, nvim, nano, emacs, micro, hx; `-g FILE:LINE` for VS Code),
// or, with no $EDITOR, $PAGER (`less +LINE FILE`), or less. An editor ctlog does not know opens
// the file at its start. EDITOR and PAGER may hold arguments ("code --wait", "less -R").
func editorArgs(editor, pager, file string, line int) []string {
	line = max(1, line)
	if f := strings.Fields(editor); len(f) > 0 {
		switch progName(f[0]) {
		case "vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "emacs", "emacsclient", "micro", "hx", "helix", "kak":
			return append(f, "+"+strconv.Itoa(line), file)
		case "code", "code-insiders", "codium", "vscodium", "cursor":
			return append(f, "-g", file+":"+strconv.Itoa(line))
		}
		return append(f, file)
	}
	f := strings.Fields(pager)
	if len(f) == 0 {
		f = []string{"less"}
	}
	switch progName(f[0]) {
	case "less", "more", "most", "vi", "vim", "nvim", "view":
		return append(f, "+"+strconv.Itoa(line), file)
	}
	return append(f, file)
}

// progName is a program's name without its directory and a Windows extension.
func progName(p string) string {
	b := p[strings.LastIndexAny(p, `/\`)+1:] // either separator: EDITOR may be a Windows path
	return strings.TrimSuffix(strings.TrimSuffix(b, ".exe"), ".EXE")
}

// editorDoneMsg says the editor exited and the screen is back.
type editorDoneMsg struct {
	prog string
	err  error
}

// openEditor opens source at line in the user's editor through tea.ExecProcess, which gives the
// editor the terminal and takes it back when it exits.
func (m *Model) openEditor(msg editMsg) tea.Cmd {
	m.status = ""
	if m.opts.Raw == nil {
		m.status = "the log is not a plain file: nothing to open in an editor"
		return nil
	}
	src, err := m.opts.Raw(msg.source)
	if err != nil {
		m.status = "cannot open an editor: " + clean(err.Error())
		return nil
	}
	if c, ok := src.(io.Closer); ok {
		c.Close()
	}
	named, ok := src.(fileNamer)
	if !ok || named.Name() == "" {
		m.status = "the log is not a file on disk: nothing to open in an editor"
		return nil
	}
	args := editorArgs(os.Getenv("EDITOR"), os.Getenv("PAGER"), named.Name(), msg.line)
	if _, err := exec.LookPath(args[0]); err != nil {
		m.status = fmt.Sprintf("cannot run %s: set $EDITOR (or $PAGER)", clean(args[0]))
		return nil
	}
	prog := progName(args[0])
	cmd := exec.Command(args[0], args[1:]...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return editorDoneMsg{prog: prog, err: err} })
}

func (d editorDoneMsg) status() string {
	var ee *exec.ExitError
	switch {
	case d.err == nil:
		return ""
	case errors.As(d.err, &ee):
		return fmt.Sprintf("%s exited with status %d", d.prog, ee.ExitCode())
	}
	return d.prog + ": " + d.err.Error()
}
