package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// clean makes one line of log text safe and flat for a terminal cell grid: escape sequences and
// control characters and bidi controls become visible escapes (sanitize.Line), tabs become spaces.
func clean(s string) string {
	s = sanitize.Line(s)
	if strings.IndexByte(s, '\t') >= 0 {
		s = expandTabs(s)
	}
	return s
}

// cleanLines splits text into lines and cleans each one.
func cleanLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return lines
}

func expandTabs(s string) string {
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += runewidth.RuneWidth(r)
	}
	return b.String()
}

// width is the number of terminal cells s takes (s holds no escape sequences).
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return runewidth.StringWidth(s)
		}
	}
	return len(s) // clean text: ASCII is one cell a byte
}

// clip cuts s to at most w cells, ending with … when it cut.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return runewidth.Truncate(s, w, "…")
}

// pad clips s to w cells and fills it with spaces up to w.
func pad(s string, w int) string {
	s = clip(s, w)
	if n := w - width(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = clip(s, w)
	if n := w - width(s); n > 0 {
		s = strings.Repeat(" ", n) + s
	}
	return s
}

// skip drops the first n cells of s (horizontal scrolling).
func skip(s string, n int) string {
	if n <= 0 {
		return s
	}
	col := 0
	for i, r := range s {
		if col >= n {
			return s[i:]
		}
		col += runewidth.RuneWidth(r)
	}
	return ""
}

// hardWrap breaks s into lines of at most w cells, at spaces when it can, anywhere when it must.
func hardWrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for width(s) > w {
		cut, col, lastSpace := 0, 0, -1
		for i, r := range s {
			rw := runewidth.RuneWidth(r)
			if col+rw > w {
				cut = i
				break
			}
			if r == ' ' {
				lastSpace = i
			}
			col += rw
		}
		if lastSpace > 0 && lastSpace > cut/2 {
			out = append(out, s[:lastSpace])
			s = s[lastSpace+1:]
			continue
		}
		if cut == 0 {
			_, size := firstRune(s)
			cut = size
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

// fitLines pads or cuts lines to exactly h lines of at most w cells.
func fitLines(lines []string, h int) string {
	if h < 0 {
		h = 0
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// thousands writes n with thousands separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// ansiStrip removes escape sequences (the theme's own styling) from s.
func ansiStrip(s string) string { return ansi.Strip(s) }

// clipStyled cuts s, which may hold the theme's styling, to w cells.
func clipStyled(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}
