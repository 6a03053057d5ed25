// Package formats tells the input formats ctlog reads apart and hands an input to the parser of its
// format: detection and dispatch sit above the format packages.
package formats

import (
	"fmt"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Known are the input formats ctlog reads, as --format names them.
var Known = []parser.Format{parser.FormatText, parser.FormatJUnit, parser.FormatCassette, parser.FormatHAR, parser.FormatNDJSON, parser.FormatCrash, parser.FormatAllure}

// ParseFormat reports the format a --format value names ("auto" and "" mean detect).
func ParseFormat(s string) (parser.Format, error) {
	switch s {
	case "", "auto":
		return "", nil
	case "text", "log", "schemathesis-3", "schemathesis-4", "cli":
		return parser.FormatText, nil
	case "junit", "xml":
		return parser.FormatJUnit, nil
	case "vcr", "cassette", "yaml":
		return parser.FormatCassette, nil
	case "har":
		return parser.FormatHAR, nil
	case "ndjson", "jsonl", "events":
		return parser.FormatNDJSON, nil
	case "crash", "crash-file":
		return parser.FormatCrash, nil
	case "allure", "allure-results":
		return parser.FormatAllure, nil
	}
	return "", fmt.Errorf("unknown format %q: ctlog reads %s (or auto)", s, List())
}

// List names the known formats, comma-separated.
func List() string {
	var names []string
	for _, f := range Known {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}
