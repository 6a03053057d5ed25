package cassette

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// bodyBytes returns a body's content and whether it was stored as base64.
func bodyBytes(b *itemBody) ([]byte, bool) {
	switch {
	case b == nil:
		return nil, false
	case b.Base64 != nil:
		return decodeBase64(*b.Base64), true
	case b.String != nil:
		return []byte(*b.String), false
	}
	return nil, false
}

// decodeBase64 decodes base64, keeping what decodes of a cut or damaged value.
func decodeBase64(s string) []byte {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	s = strings.TrimRight(s, "=")
	s = s[:len(s)-len(s)%4]
	b, _ := base64.RawStdEncoding.DecodeString(s)
	return b
}

// responseBody returns the body excerpt and its kind ("", "empty", "binary") for a Failure.
// Base64 bodies (exact body bytes) that hold text are shown as text.
func responseBody(b *itemBody, maxText int) (body, kind string, elided bool) {
	raw, encoded := bodyBytes(b)
	if len(raw) == 0 {
		return "", "empty", false
	}
	if !isText(raw) {
		enc := strings.ToLower(strings.ReplaceAll(b.Encoding, "_", "-"))
		if !encoded || enc != "iso-8859-1" && enc != "latin-1" && enc != "latin1" || !isLatin1Text(raw) {
			return "", "binary", false
		}
		var sb strings.Builder
		for _, c := range raw[:min(len(raw), maxText)] {
			sb.WriteRune(rune(c))
		}
		s, cut := cutText(sb.String(), maxText)
		return s, "", cut || len(raw) > maxText
	}
	s, cut := cutText(string(raw), maxText)
	return s, "", cut
}

// isText reports whether b looks like text: valid UTF-8 without NUL bytes, and few control
// characters other than white space.
func isText(b []byte) bool {
	controls, runes := 0, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			// A multi-byte character cut at the end of the kept prefix is still text.
			return len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:])
		}
		switch {
		case r == 0:
			return false
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f:
			controls++
		}
		runes++
		i += n
	}
	return controls*10 <= runes
}

// isLatin1Text reports whether b is ISO-8859-1 text without control characters other than white space.
func isLatin1Text(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c >= 0x7f && c < 0xa0 {
			return false
		}
	}
	return true
}

// cutText returns s cut to at most n bytes at a character boundary, and whether it was cut.
func cutText(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}
