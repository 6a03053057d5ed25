package formats

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]parser.Format{"auto": "", "text": parser.FormatText, "junit": parser.FormatJUnit, "vcr": parser.FormatCassette, "cassette": parser.FormatCassette, "har": parser.FormatHAR, "crash": parser.FormatCrash, "allure": parser.FormatAllure} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "junit") {
		t.Errorf("ParseFormat(pdf) error = %v; want one naming the known formats", err)
	}
}
