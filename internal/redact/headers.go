package redact

import "strings"

// headerNames are the names headerRe matches, in its order (the first that fits wins).
var headerNames = []string{"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token", "api-key"}

// maskHeaders is maskHeadersRe for ASCII text, without a regular expression: it finds what
// headerRe finds, `Name\s*:\s*value` with the value up to a quote or line end, and masks it the
// same way (TestMaskHeadersAgreesWithRegexp checks it against the expression).
func maskHeaders(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue // \b: a name starts a word
		}
		switch s[i] | 0x20 {
		case 'a', 'p', 'c', 's', 'x':
		default:
			continue
		}
		for _, name := range headerNames {
			j := i + len(name)
			if j > len(s) || !strings.EqualFold(s[i:j], name) {
				continue
			}
			p, end, ok := headerValue(s, j)
			if !ok {
				continue
			}
			if strings.TrimSpace(s[p:end]) != "[Filtered]" {
				b.WriteString(s[last:p])
				b.WriteString(Mask)
				last = end
			}
			i = end - 1
			break
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// headerValue matches `\s*:\s*([^'"\r\n]+)` at s[j:] as the expression does, giving back white
// space to the value when nothing else can start it; it returns where the value starts and ends.
func headerValue(s string, j int) (p, end int, ok bool) {
	k := j
	for k < len(s) && isSpace(s[k]) {
		k++
	}
	if k == len(s) || s[k] != ':' {
		return 0, 0, false
	}
	k++
	v := k
	for v < len(s) && isSpace(s[v]) {
		v++
	}
	if v < len(s) && isValueByte(s[v]) {
		end = v
		for end < len(s) && isValueByte(s[end]) {
			end++
		}
		return v, end, true
	}
	for q := v - 1; q >= k; q-- { // the last white space that can be a value: a blank, not a line break
		if isValueByte(s[q]) {
			return q, q + 1, true
		}
	}
	return 0, 0, false
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isSpace is the expression's \s.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// isValueByte is the expression's [^'"\r\n].
func isValueByte(c byte) bool { return c != '\'' && c != '"' && c != '\r' && c != '\n' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
