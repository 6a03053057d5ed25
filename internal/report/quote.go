package report

import (
	"crypto/rand"
	"io"
	"strings"
)

// WriteQuoted writes text that quotes a log to w, which the GitHub Actions runner reads for
// workflow commands, so that no line of it acts as one: see writeQuoted.
func WriteQuoted(w io.Writer, text string) error {
	var b strings.Builder
	writeQuoted(&b, text, "")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeQuoted writes text between `::stop-commands::TOKEN` and `::TOKEN::`, GitHub's documented
// way to print untrusted text: the runner acts on no command in between. token is drawn at random
// when empty, and drawn again should the text hold it. As a second line of defence, for a runner
// that would not honour stop-commands, every line is defused the way the runner parses them: a
// line whose text after leading white space starts with `::` gets a backslash before it, and
// `##[` (the legacy form, found anywhere in a line) becomes `##\[`.
func writeQuoted(b *strings.Builder, text, token string) {
	for token == "" || strings.Contains(text, token) {
		token = stopToken()
	}
	b.WriteString("::stop-commands::" + token + "\n")
	for l := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(defuse(l))
		b.WriteByte('\n')
	}
	b.WriteString("::" + token + "::\n")
}

// defuse makes one line of quoted text unreadable as a workflow command.
func defuse(l string) string {
	if t := strings.TrimLeft(l, " \t\r\f\v"); strings.HasPrefix(t, "::") {
		l = l[:len(l)-len(t)] + `\` + t
	}
	return strings.ReplaceAll(l, "##[", `##\[`)
}

// stopToken draws a token for stop-commands: 130 random bits (crypto/rand.Text).
func stopToken() string { return rand.Text() }
