package cassette

import (
	"fmt"
	"strings"
)

// defaultHeaders are added by the requests library; Schemathesis leaves them out of its curl
// commands unless they differ from these values.
var defaultHeaders = map[string]string{
	"accept-encoding": "gzip, deflate",
	"accept":          "*/*",
	"connection":      "keep-alive",
}

// curl builds the curl command that repeats a recorded request, as Schemathesis prints it.
func curl(method string, it *item, maxText int) string {
	req := &it.Request
	if method == "" || req.URI == "" {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("curl -X ")
	sb.WriteString(method)
	it.eachHeader(func(k, v string) {
		lk := strings.ToLower(k)
		if lk == "x-schemathesis-testcaseid" || lk == "user-agent" || lk == "content-length" || defaultHeaders[lk] == v {
			return
		}
		hv := k + ": " + v
		if v == "" {
			hv = k + ";" // curl drops a header with an empty value otherwise
		}
		sb.WriteString(" -H ")
		sb.WriteString(shellQuote(hv))
	})
	if raw, _ := bodyBytes(req.Body); len(raw) > 0 {
		body, _ := cutText(strings.ToValidUTF8(string(raw), "\uFFFD"), maxText)
		sb.WriteString(" -d ")
		sb.WriteString(shellQuote(body))
	}
	sb.WriteByte(' ')
	sb.WriteString(shellQuote(req.URI))
	s, _ := cutText(sb.String(), maxText)
	return s
}

// shellQuote quotes s for a POSIX shell like Python's shlex.quote; text with control characters
// gets ANSI-C quoting ($'...') so that the command stays on one line.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe, printable := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			printable, safe = false, false
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("_@%+=:,./-", c) >= 0:
		default:
			safe = false
		}
	}
	if safe {
		return s
	}
	if printable {
		return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
	}
	var sb strings.Builder
	sb.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '\\', '\'':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&sb, `\x%02x`, c)
			} else {
				sb.WriteByte(c)
			}
		}
	}
	sb.WriteByte('\'')
	return sb.String()
}
