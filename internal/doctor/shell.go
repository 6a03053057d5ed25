package doctor

import (
	"strings"
)

// command is one simple command of a shell script: its words (quotes removed) and first line.
type command struct {
	Words []string
	Line  int
}

// shellCommands splits script text (whose first line is line first) into simple commands:
// backslash continuations are joined, comments dropped, and &&, ||, ;, | separate commands.
func shellCommands(text string, first int) []command {
	var out []command
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := first + i
		logical := lines[i]
		for strings.HasSuffix(strings.TrimRight(logical, " \t\r"), `\`) && i+1 < len(lines) {
			logical = strings.TrimSuffix(strings.TrimRight(logical, " \t\r"), `\`) + " " + lines[i+1]
			i++
		}
		for _, words := range splitWords(logical) {
			if len(words) > 0 {
				out = append(out, command{Words: words, Line: start})
			}
		}
	}
	return out
}

// splitWords tokenizes one logical line into commands of words, as a shell does for the simple
// cases CI scripts use: quotes, escapes, comments and the separators && || ; |.
func splitWords(s string) [][]string {
	var cmds [][]string
	var words []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	end := func() {
		flush()
		cmds = append(cmds, words)
		words = nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = len(s) - i - 1
			}
			cur.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '"':
			inWord = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == '#' && !inWord:
			end()
			return cmds
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		case c == ';' || c == '|' || c == '&':
			if c == '&' && !(i+1 < len(s) && s[i+1] == '&') {
				if i > 0 && s[i-1] == '>' || i+1 < len(s) && s[i+1] == '>' {
					cur.WriteByte(c) // 2>&1, &>
					inWord = true
					continue
				}
			}
			end()
			if i+1 < len(s) && (s[i+1] == '&' || s[i+1] == '|') {
				i++
			}
		case c == '(' || c == ')':
			if !inWord {
				continue // subshells: ( cd x && st run ... )
			}
			cur.WriteByte(c)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	end()
	return cmds
}

// assignment splits NAME=value; ok is false for anything else.
func assignment(w string) (name, value string, ok bool) {
	name, value, ok = strings.Cut(w, "=")
	if !ok || name == "" {
		return "", "", false
	}
	for i, c := range name {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return "", "", false
		}
	}
	return name, value, true
}
