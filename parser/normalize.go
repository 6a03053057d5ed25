package parser

import (
	"bytes"
	"unicode/utf8"
)

// normalizer turns a physical line into the text the tool printed: it removes CI wrapping,
// escape sequences and carriage-return overwrites. It decides the wrapping from the first lines.
type normalizer struct {
	wrap    Wrapping
	decided bool
	seen    int
	scratch []rune
}

// markerKinds are the GitHub Actions workflow markers, `##[kind]text`.
var markerKinds = []string{"group", "endgroup", "error", "warning", "notice", "debug", "command", "section"}

// normalize rewrites l.Text in place and reports a workflow marker, if the line is one.
func (n *normalizer) normalize(text []byte) (out []byte, marker string, markerText []byte) {
	if !n.decided {
		n.decide(text)
	}
	if n.wrap == WrapGitHubRunView {
		text = stripRunViewPrefix(text)
	}
	text = bytes.TrimPrefix(text, bom)
	if n.wrap != WrapNone {
		text = stripTimestamp(text)
		text = bytes.TrimPrefix(text, bom)
	}
	if kind, rest, ok := workflowMarker(text); ok {
		return nil, kind, rest
	}
	if bytes.IndexByte(text, 0x1b) >= 0 {
		text = stripEscapes(text)
	}
	if bytes.IndexByte(text, '\r') >= 0 {
		text = n.overlay(text)
	}
	return text, "", nil
}

var bom = []byte("\uFEFF")

// plain reports whether normalize leaves a line without an escape sequence, a carriage return,
// a leading byte-order mark or a leading "##[" as it is: the wrapping is decided and is none.
func (n *normalizer) plain() bool {
	return n.decided && n.wrap == WrapNone
}

// decide picks the wrapping from the first non-empty line, looking at no more than a few lines.
func (n *normalizer) decide(text []byte) {
	t := bytes.TrimPrefix(text, bom)
	n.seen++
	if len(bytes.TrimSpace(t)) == 0 && n.seen < 5 {
		return
	}
	n.decided = true
	if rest := stripRunViewPrefix(t); len(rest) < len(t) && hasTimestamp(bytes.TrimPrefix(rest, bom)) {
		n.wrap = WrapGitHubRunView
		return
	}
	if hasTimestamp(t) {
		n.wrap = WrapGitHub
	}
}

// stripRunViewPrefix removes `job<TAB>step<TAB>` as printed by `gh run view --log`.
func stripRunViewPrefix(b []byte) []byte {
	i := bytes.IndexByte(b, '\t')
	if i < 0 {
		return b
	}
	j := bytes.IndexByte(b[i+1:], '\t')
	if j < 0 {
		return b
	}
	return b[i+1+j+1:]
}

// hasTimestamp reports whether b starts with a GitHub Actions timestamp such as
// `2025-03-14T09:12:45.1234567Z `.
func hasTimestamp(b []byte) bool { return timestampLen(b) > 0 }

// timestampLen returns the length of the `2024-01-02T03:04:05.1234567Z ` prefix of b (fraction
// and space optional), or 0 when b does not start with one.
func timestampLen(b []byte) int {
	if len(b) < 21 {
		return 0
	}
	_ = b[20]
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' ||
		!digit(b[0]) || !digit(b[1]) || !digit(b[2]) || !digit(b[3]) || !digit(b[5]) || !digit(b[6]) ||
		!digit(b[8]) || !digit(b[9]) || !digit(b[11]) || !digit(b[12]) || !digit(b[14]) || !digit(b[15]) ||
		!digit(b[17]) || !digit(b[18]) {
		return 0
	}
	i := 19
	if b[i] == '.' {
		i++
		for i < len(b) && digit(b[i]) {
			i++
		}
	}
	if i >= len(b) || b[i] != 'Z' {
		return 0
	}
	i++
	if i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

func digit(c byte) bool { return c-'0' < 10 }

func stripTimestamp(b []byte) []byte {
	if n := timestampLen(b); n > 0 {
		return b[n:]
	}
	return b
}

// workflowMarker recognizes a `##[kind]text` line and returns its kind and text.
func workflowMarker(b []byte) (kind string, rest []byte, ok bool) {
	if len(b) > 3 && b[0] == '#' && b[1] == '#' && b[2] == '[' {
		return parseMarker(b)
	}
	return "", nil, false
}

func parseMarker(b []byte) (kind string, rest []byte, ok bool) {
	end := bytes.IndexByte(b, ']')
	if end < 0 {
		return "", nil, false
	}
	k := b[3:end]
	for _, m := range markerKinds {
		if string(k) == m {
			return m, b[end+1:], true
		}
	}
	return "", nil, false
}

// stripEscapes removes ANSI/VT escape sequences (CSI, OSC and two-byte escapes) in place.
func stripEscapes(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); {
		c := b[i]
		if c != 0x1b {
			out = append(out, c)
			i++
			continue
		}
		i++
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '[': // CSI: parameters and intermediates, then a final byte in 0x40–0x7E
			i++
			for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
				i++
			}
			i++
		case ']', 'P', '_', '^', 'X': // OSC, DCS, APC, PM, SOS: up to BEL or ESC \
			i++
			for i < len(b) {
				if b[i] == 0x07 {
					i++
					break
				}
				if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\' {
					i += 2
					break
				}
				i++
			}
		case '(', ')', '*', '+': // character set selection: one more byte
			i += 2
		default: // two-byte escape such as ESC 7, ESC M
			i++
		}
	}
	return out
}

// overlay resolves bare carriage returns the way a terminal shows them: each segment is written
// over the previous ones from the first column.
func (n *normalizer) overlay(b []byte) []byte {
	// Trailing carriage returns move the cursor but print nothing.
	b = bytes.TrimRight(b, "\r")
	last := bytes.LastIndexByte(b, '\r')
	if last < 0 {
		return b
	}
	// Fast path: the last segment covers everything before it (the common "... \r DONE" case).
	tail := b[last+1:]
	if utf8.RuneCount(tail) >= longestSegment(b[:last]) {
		return append(b[:0], tail...)
	}
	screen := n.scratch[:0]
	for _, seg := range bytes.Split(b, []byte{'\r'}) {
		col := 0
		for i := 0; i < len(seg); col++ {
			r, size := utf8.DecodeRune(seg[i:])
			if r == utf8.RuneError && size == 1 {
				r = rawByte + rune(seg[i]) // an invalid byte stays itself: U+FFFD would grow the line
			}
			i += size
			if col < len(screen) {
				screen[col] = r
			} else {
				screen = append(screen, r)
			}
		}
	}
	n.scratch = screen
	// Every cell shows one character of b, so the result fits in b.
	out := b[:0]
	for _, r := range screen {
		if r >= rawByte && r <= rawByte+0xff {
			out = append(out, byte(r-rawByte))
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// rawByte marks a screen cell holding an invalid byte: rawByte+b stands for byte b. The range is
// UTF-16 surrogates, which decoding never yields.
const rawByte = 0xDC00

func longestSegment(b []byte) int {
	longest := 0
	for _, seg := range bytes.Split(b, []byte{'\r'}) {
		if c := utf8.RuneCount(seg); c > longest {
			longest = c
		}
	}
	return longest
}
