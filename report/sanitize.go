package report

import (
	"strings"
)

// Sanitize makes log text safe to draw in a terminal: control characters and escape sequences
// become visible `\x1b`-style escapes instead of acting on the terminal.
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteByte('\t')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString(`\x`)
			const hex = "0123456789abcdef"
			b.WriteByte(hex[(r>>4)&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
