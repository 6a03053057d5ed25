package report

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// TestGitHubAnnotationPlace: Locate puts a group's error annotation on a file and line, the file
// escaped as a property; a group it does not place, and every annotation without Locate, carry
// neither.
func TestGitHubAnnotationPlace(t *testing.T) {
	r := &classify.Run{Started: true, Groups: []*classify.Group{
		{Operation: "GET /a", Check: "not_a_server_error", Status: 500, Count: 2},
		{Operation: "GET /b", Check: "not_a_server_error", Status: 500, Count: 1},
	}}
	doc := &summary.Document{Inputs: []summary.Input{{Name: "ci.log", Runs: []*classify.Run{r}}}}
	locate := func(got *classify.Run, g *classify.Group) (string, int) {
		if got != r {
			t.Errorf("Locate got another run")
		}
		if g.Operation == "GET /a" {
			return "api/open,api:v1.yaml", 12
		}
		return "", 0
	}
	var b strings.Builder
	if err := WriteGitHub(&b, doc, GitHubOptions{StopToken: "t", Locate: locate}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"::error file=api/open%2Capi%3Av1.yaml,line=12,title=GET /a%3A not_a_server_error (500)::",
		"::error title=GET /b%3A not_a_server_error (500)::",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	b.Reset()
	if err := WriteGitHub(&b, doc, GitHubOptions{StopToken: "t"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "file=") {
		t.Errorf("annotations placed without Locate:\n%s", b.String())
	}
}
