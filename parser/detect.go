package parser

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
)

// FormatText is what --format calls Schemathesis CLI text; the parser tells 3.x from 4.x itself.
const FormatText Format = "text"

// Formats are the input formats ctlog reads, as --format names them.
var Formats = []Format{FormatText, FormatJUnit, FormatCassette, FormatHAR}

// ParseFormat reports the format a --format value names ("auto" and "" mean detect).
func ParseFormat(s string) (Format, error) {
	switch s {
	case "", "auto":
		return "", nil
	case "text", "log", "schemathesis-3", "schemathesis-4", "cli":
		return FormatText, nil
	case "junit", "xml":
		return FormatJUnit, nil
	case "vcr", "cassette", "yaml":
		return FormatCassette, nil
	case "har":
		return FormatHAR, nil
	}
	return "", fmt.Errorf("unknown format %q: ctlog reads %s (or auto)", s, formatList())
}

func formatList() string {
	var names []string
	for _, f := range Formats {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// Detect names the format of an input from its first bytes (a KiB or more), or "" when it is none
// ctlog knows.
func Detect(head []byte) Format {
	text := headText(head)
	t := strings.TrimLeft(text, " \t\r\n")
	switch {
	case strings.HasPrefix(t, "<?xml") || strings.HasPrefix(t, "<testsuites") || strings.HasPrefix(t, "<testsuite"):
		return FormatJUnit
	case strings.HasPrefix(t, "{"):
		if strings.Contains(t, `"log"`) {
			return FormatHAR
		}
		return ""
	case hasYAMLKey(t, "http_interactions:") || hasYAMLKey(t, "recorded_with:") ||
		strings.HasPrefix(t, "command:") && strings.Contains(t, "\nhttp_interactions:"):
		return FormatCassette
	}
	// A session header is text whatever else the head holds (a block of NUL padding, binary bodies).
	if looksLikeText(text) || strings.Contains(text, "Schemathesis test session starts") {
		return FormatText
	}
	return ""
}

// hasYAMLKey reports whether a line of t starts with key.
func hasYAMLKey(t, key string) bool {
	return strings.HasPrefix(t, key) || strings.Contains(t, "\n"+key)
}

// headText decodes the first bytes for detection: UTF-16 becomes UTF-8 and a byte-order mark goes.
func headText(head []byte) string {
	enc, bom := DetectEncoding(head)
	head = head[bom:]
	if enc == EncodingUTF8 {
		return string(head)
	}
	u := make([]uint16, 0, len(head)/2)
	for i := 0; i+1 < len(head); i += 2 {
		if enc == EncodingUTF16LE {
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

// ParseAny detects the format of r (unless forced is set) and parses it with the matching parser.
// It returns the format it used; an input in no known format is an error naming the formats.
func ParseAny(r io.Reader, forced Format, opts Options, h Handler) (Format, Stats, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	f := forced
	if f == "" {
		head, _ := br.Peek(4 << 10)
		f = Detect(head)
		if f == "" {
			return "", Stats{}, fmt.Errorf("%s: not a format ctlog knows (it reads %s); use --format to force one", opts.Name, formatList())
		}
	}
	if !slices.Contains(Formats, f) {
		return "", Stats{}, fmt.Errorf("%s: unknown format %q", opts.Name, f)
	}
	var st Stats
	var err error
	switch f {
	case FormatJUnit:
		st, err = ParseJUnit(br, opts, h)
	case FormatCassette:
		st, err = ParseCassette(br, opts, h)
	case FormatHAR:
		st, err = ParseHAR(br, opts, h)
	default:
		st, err = Parse(br, opts, h)
	}
	return f, st, err
}
