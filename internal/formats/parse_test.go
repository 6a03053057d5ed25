package formats

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

func TestParseUnknown(t *testing.T) {
	_, _, err := Parse(strings.NewReader("{\"not\": \"har\"}"), "", parser.Options{Name: "x.json"}, parser.HandlerFunc(func(parser.Event) {}))
	if err == nil || !strings.Contains(err.Error(), "x.json") || !strings.Contains(err.Error(), "--format") {
		t.Errorf("error = %v", err)
	}
}
