// Package sanitize makes log text safe to draw: control characters and escape sequences become visible escapes.
package sanitize

import (
	"strings"
	"unicode"
)

// Line makes one line of log text safe to draw in a terminal: control characters (line breaks
// included), escape sequences and invisible format characters (bidi controls) become visible
// `\x1b`- or `\u202e`-style escapes instead of acting on it.
func Line(s string) string { return escape(s, false) }

// Text is Line for text of several lines: line breaks stay.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	keep := func(r rune) bool { return r == '\t' || keepNewlines && r == '\n' }
	bad := func(r rune) bool { return !keep(r) && unsafe(r) }
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
		if r < 0x100 {
			b.WriteString(`\x`)
		} else {
			b.WriteString(`\u`)
			b.WriteByte(hex[(r>>12)&0xf])
			b.WriteByte(hex[(r>>8)&0xf])
		}
		b.WriteByte(hex[(r>>4)&0xf])
		b.WriteByte(hex[r&0xf])
	}
	return b.String()
}

// unsafe reports whether r acts on a reader's screen instead of showing as itself: C0 and C1
// control characters, DEL, and the invisible format characters of Unicode (category Cf) — the bidi
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what a reader
// sees, the directional marks, zero-width characters and the byte-order mark. Bytes that are not
// valid UTF-8 decode to U+FFFD, which shows as itself.
func unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r < 0xad:
		return false
	}
	return unicode.Is(unicode.Cf, r)
}
