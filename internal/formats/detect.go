package formats

import (
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/allure"
	"github.com/ctlog-dev/ctlog/parser/crash"
	"github.com/ctlog-dev/ctlog/parser/ndjson"
)

// Detect names the format of an input from its first bytes (a KiB or more), or "" when it is none
// ctlog knows.
func Detect(head []byte) parser.Format {
	text := headText(head)
	t := strings.TrimLeft(text, " \t\r\n")
	switch {
	case strings.HasPrefix(t, "<?xml") || strings.HasPrefix(t, "<testsuites") || strings.HasPrefix(t, "<testsuite"):
		return parser.FormatJUnit
	case strings.HasPrefix(t, "{"):
		if isEventRecord(t) {
			return parser.FormatNDJSON
		}
		// Before the crash file and HAR tests: a result's failure text may quote any JSON body.
		if allure.Looks(t) {
			return parser.FormatAllure
		}
		if crash.Looks(t) {
			return parser.FormatCrash
		}
		if strings.Contains(t, `"log"`) {
			return parser.FormatHAR
		}
		return ""
	case hasYAMLKey(t, "http_interactions:") || hasYAMLKey(t, "recorded_with:") ||
		strings.HasPrefix(t, "command:") && strings.Contains(t, "\nhttp_interactions:"):
		return parser.FormatCassette
	}
	// A session header is text whatever else the head holds (a block of NUL padding, binary bodies).
	if looksLikeText(text) || strings.Contains(text, "Schemathesis test session starts") {
		return parser.FormatText
	}
	return ""
}

// isEventRecord reports whether t starts with a record of the NDJSON event stream: a JSON object
// whose first key is one of the writer's record names (`{"Initialize":{...}}`).
func isEventRecord(t string) bool {
	rest, ok := strings.CutPrefix(t, "{")
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	rest, ok = strings.CutPrefix(rest, `"`)
	if !ok {
		return false
	}
	key, after, ok := strings.Cut(rest, `"`)
	if !ok || !slices.Contains(ndjson.Events, key) {
		return false
	}
	after = strings.TrimLeft(after, " \t")
	return strings.HasPrefix(after, ":")
}

// hasYAMLKey reports whether a line of t starts with key.
func hasYAMLKey(t, key string) bool {
	return strings.HasPrefix(t, key) || strings.Contains(t, "\n"+key)
}

// headText decodes the first bytes for detection: UTF-16 becomes UTF-8 and a byte-order mark goes.
func headText(head []byte) string {
	enc, bom := parser.DetectEncoding(head)
	head = head[bom:]
	if enc == parser.EncodingUTF8 {
		return string(head)
	}
	u := make([]uint16, 0, len(head)/2)
	for i := 0; i+1 < len(head); i += 2 {
		if enc == parser.EncodingUTF16LE {
			u = append(u, uint16(head[i])|uint16(head[i+1])<<8)
		} else {
			u = append(u, uint16(head[i+1])|uint16(head[i])<<8)
		}
	}
	return string(utf16.Decode(u))
}

// looksLikeText reports whether s is text rather than binary data: few control characters.
func looksLikeText(s string) bool {
	if s == "" {
		return true
	}
	bad := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1b {
			bad++
		}
	}
	return bad*20 < len(s)
}
