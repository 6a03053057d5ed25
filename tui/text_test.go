package tui

import (
	"strings"
	"testing"
)

// TestCleanEscapesBidi: what the screen draws of log text never holds a control that reorders it.
func TestCleanEscapesBidi(t *testing.T) {
	for _, c := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c} {
		in := "GET /files/" + string(c) + "gnp.exe"
		got := clean(in)
		if strings.ContainsRune(got, c) || !strings.Contains(got, `\u`) {
			t.Errorf("clean(%q) = %q", in, got)
		}
	}
}
