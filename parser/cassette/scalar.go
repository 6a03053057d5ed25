package cassette

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"
)

// isItem reports whether t (without indentation) starts a block sequence item.
func isItem(t []byte) bool {
	return len(t) > 0 && t[0] == '-' && (len(t) == 1 || t[1] == ' ')
}

// isKey reports whether k looks like a key Schemathesis writes (lower case and underscores).
func isKey(k []byte) bool {
	for _, c := range k {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return len(k) > 0
}

// keyValue splits `key: value` (the text without indentation); ok is false for other lines. The
// key points into t.
func keyValue(t []byte) (key []byte, val []byte, ok bool) {
	i := -1 // the first ": "
	for from := 0; ; {
		j := bytes.IndexByte(t[from:], ':')
		if j < 0 {
			break
		}
		if from += j + 1; from < len(t) && t[from] == ' ' {
			i = from - 1
			break
		}
	}
	if i <= 0 {
		if k, found := bytes.CutSuffix(t, []byte(":")); found && len(k) > 0 {
			return k, nil, true
		}
		return nil, nil, false
	}
	k := t[:i]
	if k[0] == '"' || k[0] == '\'' {
		return nil, nil, false
	}
	for _, c := range k {
		if c == ' ' || c == '{' || c == '[' {
			return nil, nil, false
		}
	}
	return k, t[i+2:], true
}

// sectionName returns the key of a line at an interaction's mapping indentation as a string,
// sharing the names Schemathesis writes.
func sectionName(k []byte) string {
	switch string(k) {
	case "request":
		return "request"
	case "response":
		return "response"
	case "checks":
		return "checks"
	}
	return string(k)
}

// trimRightBlank drops trailing spaces and tabs.
func trimRightBlank(t []byte) []byte {
	n := len(t)
	for n > 0 && (t[n-1] == ' ' || t[n-1] == '\t') {
		n--
	}
	return t[:n]
}

// containsFailure reports whether the upper-case form of t contains "FAILURE".
func containsFailure(t []byte) bool {
	// Eight bytes at a time: a word without an 'f' or 'F' cannot start the word.
	const ones, highs, fs = 0x0101010101010101, 0x8080808080808080, 0x6666666666666666
	var any uint64 // high bits: a byte that is not ASCII
	i := 0
	for ; i+8 <= len(t); i += 8 {
		w := binary.LittleEndian.Uint64(t[i:])
		any |= w
		if x := (w | 0x2020202020202020) ^ fs; (x-ones)&^x&highs != 0 {
			for j := i; j < i+8; j++ {
				if failureAt(t, j) {
					return true
				}
			}
		}
	}
	for ; i < len(t); i++ {
		any |= uint64(t[i])
		if failureAt(t, i) {
			return true
		}
	}
	if any&highs != 0 {
		return bytes.Contains(bytes.ToUpper(t), []byte("FAILURE")) // Unicode case mapping
	}
	return false
}

// failureAt reports whether t holds "failure" in any ASCII case at i.
func failureAt(t []byte, i int) bool {
	return i+7 <= len(t) && t[i]|0x20 == 'f' && t[i+1]|0x20 == 'a' && t[i+2]|0x20 == 'i' && t[i+3]|0x20 == 'l' &&
		t[i+4]|0x20 == 'u' && t[i+5]|0x20 == 'r' && t[i+6]|0x20 == 'e'
}

// quotedBy reports whether v is one scalar between two q quotes.
func quotedBy(v []byte, q byte) bool {
	return len(v) >= 2 && v[0] == q && v[len(v)-1] == q
}

// cutQuoted returns a prefix of the quoted scalar v (quote included, closing quote not) that is
// at most limit bytes long and ends at a whole character and escape, or v unchanged and false when
// v is not a quoted scalar that needs cutting.
func cutQuoted(v []byte, limit int) ([]byte, bool) {
	if len(v) == 0 || v[0] != '"' && v[0] != '\'' {
		return v, false
	}
	q := v[0]
	i := 1
	for i < len(v) && i < limit {
		b := v[i]
		switch {
		case q == '"' && b == '\\':
			n := 2
			if i+1 < len(v) {
				switch v[i+1] {
				case 'x':
					n = 4
				case 'u':
					n = 6
				case 'U':
					n = 10
				}
			}
			if i+n > limit || i+n > len(v) {
				return runeStart(v, i), true
			}
			i += n
			continue
		case b == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			if i+2 > limit {
				return runeStart(v, i), true
			}
			i += 2
			continue
		case b == q:
			return v, false // the scalar ends inside the limit
		}
		i++
	}
	return runeStart(v, i), true
}

// runeStart returns v[:i], moved back so that it does not end inside a UTF-8 sequence.
func runeStart(v []byte, i int) []byte {
	i = min(i, len(v))
	for j := i - 1; j >= 1 && j >= i-utf8.UTFMax; j-- {
		if utf8.RuneStart(v[j]) {
			if !utf8.FullRune(v[j:i]) {
				return v[:j]
			}
			break
		}
	}
	return v[:i]
}

// headerValue unquotes a header value; Schemathesis writes it between single quotes without escaping.
func headerValue(v []byte) string {
	switch {
	case quotedBy(v, '\''):
		return string(v[1 : len(v)-1])
	case quotedBy(v, '"'):
		if s, err := strconv.Unquote(string(v)); err == nil {
			return s
		}
		return string(v[1 : len(v)-1])
	}
	return string(v)
}

func seedValue(s string) string {
	switch strings.TrimSpace(s) {
	case "", "None", "null", "~":
		return ""
	}
	return s
}

// majorVersion returns the major version of "3.39.16", or 0.
func majorVersion(v string) int {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(v[:i])
	if err != nil {
		return 0
	}
	return n
}

// pyUnescape decodes the body of a Python string literal.
func pyUnescape(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			sb.WriteByte(c)
			continue
		}
		i++
		switch e := b[i]; e {
		case 'n':
			sb.WriteByte('\n')
		case 't':
			sb.WriteByte('\t')
		case 'r':
			sb.WriteByte('\r')
		case '\\', '\'', '"':
			sb.WriteByte(e)
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			if i+1+n <= len(b) {
				if r, err := strconv.ParseUint(string(b[i+1:i+1+n]), 16, 32); err == nil && r <= utf8.MaxRune {
					sb.WriteRune(rune(r))
					i += n
					continue
				}
			}
			sb.WriteByte('\\')
			sb.WriteByte(e)
		default:
			sb.WriteByte('\\')
			sb.WriteByte(e)
		}
	}
	return strings.ToValidUTF8(sb.String(), "\uFFFD")
}
