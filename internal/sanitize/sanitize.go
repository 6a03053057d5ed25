// Package sanitize makes log text safe to draw: control characters and escape sequences become visible escapes.
package sanitize

import (
	"strings"
)

// Line makes one line of log text safe to draw in a terminal: control characters (line breaks
// included) and escape sequences become visible `\x1b`-style escapes instead of acting on it.
func Line(s string) string { return escape(s, false) }

// Text is Line for text of several lines: line breaks stay.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	keep := func(r rune) bool { return r == '\t' || keepNewlines && r == '\n' }
	bad := func(r rune) bool { return !keep(r) && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) }
	if strings.IndexFunc(s, bad) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !bad(r) {
			b.WriteRune(r)
			continue
		}
		const hex = "0123456789abcdef"
		b.WriteString(`\x`)
		b.WriteByte(hex[(r>>4)&0xf])
		b.WriteByte(hex[r&0xf])
	}
	return b.String()
}
