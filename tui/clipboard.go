package tui

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// clipMu keeps two copies from interleaving their escape sequences.
var clipMu sync.Mutex

// copyCmd puts text on the terminal's clipboard with an OSC 52 escape sequence written to out. It
// works over SSH and in most terminals; tmux passes it on with `set -g set-clipboard on`, and
// screen needs its own wrapping.
func copyCmd(out io.Writer, m copyMsg) tea.Cmd {
	return func() tea.Msg {
		seq := osc52.New(m.text)
		if strings.HasPrefix(os.Getenv("TERM"), "screen") && os.Getenv("TMUX") == "" {
			seq = seq.Screen()
		}
		clipMu.Lock()
		_, err := seq.WriteTo(out)
		clipMu.Unlock()
		if err != nil {
			return statusMsg("copy failed: " + err.Error())
		}
		return statusMsg(fmt.Sprintf("copied %s to the clipboard (OSC 52, %d bytes)", m.what, len(m.text)))
	}
}
