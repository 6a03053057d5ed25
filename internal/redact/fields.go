package redact

import (
	"slices"
	"strings"
)

// Sensitive names. A field, header or query parameter is sensitive when its name, lower-cased and
// with the separators `_`, `-`, `.` and blanks removed, contains one of nameMarkers, or when one of
// its words (split at separators and lower-to-upper case changes) is an auth word: `auth`, `authz`,
// `authn`, `authorization`, `authorisation`, `authentication`, or a word that ends in `auth`
// (`oauth`, `basicauth`, `xauth`). So `author`, `authority` and `authenticated` are not sensitive,
// while `auth`, `auth_token`, `X-Auth`, `Authorization` and `oauth` are. A query or form parameter
// named exactly `key` is sensitive too (`?key=`), a JSON field named `key` is not.
var nameMarkers = []string{"token", "secret", "password", "passwd", "apikey", "credential", "session", "privatekey", "cookie"}

// scanMarkers are the lower-case substrings a sensitive name always contains: the places the
// scanner starts from.
var scanMarkers = []string{"token", "secret", "passw", "key", "auth", "credential", "session", "cookie"}

// Sensitive reports whether a field, header or parameter named name holds a secret by the rule above.
func Sensitive(name string) bool { return sensitive(name, false) }

func sensitive(name string, param bool) bool {
	var buf [64]byte
	flat := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		flat = append(flat, c)
	}
	f := string(flat)
	if param && f == "key" {
		return true
	}
	for _, m := range nameMarkers {
		if strings.Contains(f, m) {
			return true
		}
	}
	if !strings.Contains(f, "auth") {
		return false
	}
	// Words: split at separators and where a lower-case letter or digit is followed by an upper-case one.
	start := 0
	for i := 0; i <= len(name); i++ {
		end := i == len(name)
		sep := !end && !isAlnum(name[i])
		hump := !end && i > 0 && isUpper(name[i]) && (isLower(name[i-1]) || isDigit(name[i-1]))
		if end || sep || hump {
			if authWord(strings.ToLower(name[start:i])) {
				return true
			}
			start = i
			if sep {
				start = i + 1
			}
		}
	}
	return false
}

func authWord(w string) bool {
	switch w {
	case "auth", "authz", "authn", "authorization", "authorisation", "authentication":
		return true
	}
	return strings.HasSuffix(w, "auth")
}

// span is a piece of s to replace with repl.
type span struct {
	start, end int
	repl       string
}

// maskFields masks the values of sensitive fields in s (lower is s lower-cased, of the same
// length): JSON and Python-dict keys (`"token": "x"`, `'password': 1`), form and query parameters
// (`?session=x`, `a=b&password=x`) and header lines (`X-Api-Token: x`, `-H 'Cookie: x'`). It starts
// only from the places a sensitive name can be: the occurrences of scanMarkers.
func maskFields(s, lower string) string {
	var spans []span
	done := -1 // the end of the last name looked at: a name holding two markers is looked at once
	for _, m := range scanMarkers {
		for off := 0; ; {
			i := strings.Index(lower[off:], m)
			if i < 0 {
				break
			}
			p := off + i
			off = p + len(m)
			a, b := nameBounds(s, p, p+len(m))
			if b == done && a < b {
				continue
			}
			done = b
			spans = fieldSpans(s, a, b, spans)
		}
		done = -1
	}
	if len(spans) == 0 {
		return s
	}
	return apply(s, spans)
}

func sortSpans(spans []span) []span {
	slices.SortStableFunc(spans, func(x, y span) int { return x.start - y.start })
	return spans
}

// nameBounds widens s[a:b] to the name around it: letters, digits, `_`, `-` and `.`.
func nameBounds(s string, a, b int) (int, int) {
	for a > 0 && isNameByte(s[a-1]) {
		a--
	}
	for b < len(s) && isNameByte(s[b]) {
		b++
	}
	return a, b
}

// fieldSpans appends the value spans to mask for the name s[a:b], when the name is sensitive and
// used as a key, a parameter or a header.
func fieldSpans(s string, a, b int, spans []span) []span {
	name := s[a:b]
	if len(name) > 64 || name == "" {
		return spans
	}
	// A quoted key: "name": value, 'name': value.
	if a > 0 && b < len(s) && (s[a-1] == '"' || s[a-1] == '\'') && s[b] == s[a-1] {
		q := s[a-1]
		v := skipBlanks(s, b+1)
		if v < len(s) && s[v] == ':' && sensitive(name, false) {
			return valueSpans(s, skipBlanks(s, v+1), q, spans)
		}
		return spans
	}
	// A parameter: ?name=value, &name=value, name=value.
	if b < len(s) && s[b] == '=' && (b+1 == len(s) || s[b+1] != '=') {
		if a > 0 && !strings.ContainsRune("?&; \t\n\r'\"(,{[", rune(s[a-1])) {
			return spans
		}
		if !sensitive(name, true) {
			return spans
		}
		return paramSpan(s, b+1, spans)
	}
	// A header: Name: value.
	h := b
	for h < len(s) && (s[h] == ' ' || s[h] == '\t') {
		h++
	}
	if h < len(s) && s[h] == ':' && !strings.HasPrefix(s[h:], "://") && headerContext(s, a, b) && sensitive(name, false) {
		return headerSpan(s, h+1, spans)
	}
	return spans
}

// headerContext tells whether the name s[a:b] followed by a colon is a header name. A name with a
// hyphen (`X-Api-Token`, `Set-Cookie`), `Authorization` and `Cookie` are headers wherever they start a
// word; other names only at the start of a line or of a curl -H value, and never when they look like
// a Python exception (`InvalidTokenError: ...`) or a dotted path.
func headerContext(s string, a, b int) bool {
	name := s[a:b]
	if strings.IndexByte(name, '.') >= 0 {
		return false
	}
	if strings.IndexByte(name, '-') > 0 || strings.EqualFold(name, "authorization") || strings.EqualFold(name, "cookie") {
		return a == 0 || !isWordByte(s[a-1])
	}
	ln := strings.ToLower(name)
	if strings.HasSuffix(ln, "error") || strings.HasSuffix(ln, "exception") || strings.HasSuffix(ln, "warning") {
		return false
	}
	for i := 1; i < len(name); i++ {
		if isUpper(name[i]) && isLower(name[i-1]) {
			return false // CamelCase: a class name, not a header
		}
	}
	j := a
	if j > 0 && (s[j-1] == '\'' || s[j-1] == '"') {
		pre := strings.TrimRight(s[:j-1], " ")
		return strings.HasSuffix(pre, "-H") || strings.HasSuffix(pre, "--header")
	}
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return j == 0 || s[j-1] == '\n' || s[j-1] == '\r'
}

// headerSpan masks a header value from v: up to a quote or the line end, unless Schemathesis
// filtered it already.
func headerSpan(s string, v int, spans []span) []span {
	for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
		v++
	}
	end := v
	for end < len(s) && isValueByte(s[end]) {
		end++
	}
	switch strings.TrimSpace(s[v:end]) {
	case "", "true", "false", "***", "[Filtered]", Mask:
		// A switch (`persist-credentials: true` in a GitHub step's inputs) is no secret, and
		// GitHub's own mask stays as GitHub printed it.
		return spans
	}
	return append(spans, span{v, end, Mask})
}

// paramSpan masks a parameter value from v: a quoted value, or up to `&`, a blank, a quote, `#` or `;`.
func paramSpan(s string, v int, spans []span) []span {
	if v < len(s) && (s[v] == '"' || s[v] == '\'') {
		q := s[v]
		if e := strings.IndexByte(s[v+1:], q); e >= 0 && !strings.ContainsAny(s[v+1:v+1+e], "\n") {
			if e == 0 || kept(s[v+1:v+1+e]) {
				return spans
			}
			return append(spans, span{v + 1, v + 1 + e, Mask})
		}
	}
	end := v
	for end < len(s) && !strings.ContainsRune("&; \t\r\n'\"#", rune(s[end])) {
		end++
	}
	if end == v || kept(s[v:end]) {
		return spans
	}
	return append(spans, span{v, end, Mask})
}

// valueSpans masks the JSON or Python value that starts at v, for a key quoted with q: a string
// becomes "[REDACTED]", a list of strings a list of "[REDACTED]", any other value (number, true,
// null, object, list) the string "[REDACTED]". A value cut off (a truncated body) is masked to the
// end of the text.
func valueSpans(s string, v int, q byte, spans []span) []span {
	if v >= len(s) {
		return spans
	}
	masked := string(q) + Mask + string(q)
	switch c := s[v]; c {
	case '"', '\'':
		e := closingQuote(s, v)
		if e < 0 {
			return append(spans, span{v, len(s), string(c) + Mask})
		}
		if kept(s[v+1 : e]) {
			return spans
		}
		return append(spans, span{v, e + 1, string(c) + Mask + string(c)})
	case '{', '[':
		end, strs := closingBracket(s, v)
		if end < 0 {
			return append(spans, span{v, len(s), masked})
		}
		if c == '[' && strs != nil {
			for _, e := range strs {
				if !kept(s[e[0]+1 : e[1]]) {
					spans = append(spans, span{e[0], e[1] + 1, string(s[e[0]]) + Mask + string(s[e[0]])})
				}
			}
			return spans
		}
		return append(spans, span{v, end, masked})
	}
	end := v
	for end < len(s) && !strings.ContainsRune(",}] \t\r\n", rune(s[end])) {
		end++
	}
	if end == v || kept(s[v:end]) {
		return spans
	}
	return append(spans, span{v, end, masked})
}

// closingQuote returns the index of the quote that closes the string opened at s[v], or -1.
func closingQuote(s string, v int) int {
	q := s[v]
	for i := v + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return -1
}

// closingBracket returns the index after the bracket that closes the one at s[v] (-1 when cut off)
// and, for a list holding only strings, the [open, close] quote indexes of each.
func closingBracket(s string, v int) (int, [][2]int) {
	depth := 0
	var strs [][2]int
	onlyStrings := true
	for i := v; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			e := closingQuote(s, i)
			if e < 0 {
				return -1, nil
			}
			if depth == 1 {
				strs = append(strs, [2]int{i, e})
			}
			i = e
		case '{', '[':
			depth++
			if depth > 1 {
				onlyStrings = false
			}
		case '}', ']':
			depth--
			if depth == 0 {
				if !onlyStrings || len(strs) == 0 {
					strs = nil
				}
				return i + 1, strs
			}
		case ',', ' ', '\t', '\r', '\n':
		default:
			if depth == 1 {
				onlyStrings = false
			}
		}
	}
	return -1, nil
}

// kept tells whether a value is one to leave: already filtered by Schemathesis, GitHub (***) or masked.
func kept(v string) bool { return v == "[Filtered]" || v == Mask || v == "***" }

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isNameByte(c byte) bool { return isWordByte(c) || c == '-' || c == '.' }
func isAlnum(c byte) bool    { return isDigit(c) || isLower(c) || isUpper(c) }
func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isLower(c byte) bool    { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool    { return c >= 'A' && c <= 'Z' }

func isWordByte(c byte) bool { return c == '_' || isAlnum(c) }

// isValueByte is what a header value is made of: anything up to a quote or the line end.
func isValueByte(c byte) bool { return c != '\'' && c != '"' && c != '\r' && c != '\n' }
