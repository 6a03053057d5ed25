package report

import (
	"io"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestSectionsRendered: every format has a function for every section, and the section lists hold
// each section once.
func TestSectionsRendered(t *testing.T) {
	for s := range numSections {
		if textSections[s] == nil {
			t.Errorf("text renders no section %d", s)
		}
		if markdownSections[s] == nil {
			t.Errorf("markdown renders no section %d", s)
		}
		if githubSections[s] == nil {
			t.Errorf("github renders no section %d", s)
		}
	}
	for _, list := range [][]section{runSections, stoppedSections} {
		seen := map[section]bool{}
		for _, s := range list {
			if seen[s] {
				t.Errorf("section %d twice in %v", s, list)
			}
			seen[s] = true
		}
	}
}

// sectionRun has something to say in every section of a run that started.
func sectionRun() *classify.Run {
	return &classify.Run{
		Format:    parser.FormatSchemathesis3,
		Started:   true,
		Settings:  classify.Settings{Operations: 2, BaseURL: "http://api.test"},
		Integrity: classify.Integrity{Status: classify.RunCrashed, Checks: []classify.Check{{Name: "final-line", Result: classify.CheckMissing, Detail: "no final line"}}},
		Fatal:     &parser.ErrorBlock{Span: parser.Span{Line: 9}, Title: "Internal Error", Message: "BoomError: boom"},
		Hooks:     &classify.HooksDiagnosis{Verdict: classify.HooksNotLoaded, Paragraph: "Hooks not loaded."},
		Groups: []*classify.Group{{Operation: "GET /a", Check: "not_a_server_error", Title: "Server error", Status: 500, Count: 2,
			Signature: classify.Signature{Kind: classify.SigException, Text: "KeyError"}}},
		Causes:      []classify.Cause{{Check: "not_a_server_error", Signature: classify.Signature{Text: "KeyError"}, Operations: []string{"GET /a", "GET /b"}, TestCases: 3}},
		Errors:      []parser.ErrorBlock{{Span: parser.Span{Line: 5}, Operation: "GET /c", Title: "Network Error", Message: "Connection failed"}},
		Diagnostics: []parser.Diagnostic{{Span: parser.Span{Line: 7}, Severity: "warning", Message: "what is this"}},
	}
}

// TestSectionOrder: text and the github output present the sections in one order; Markdown in
// markdownRunSections order, the verdict first.
func TestSectionOrder(t *testing.T) {
	doc := &summary.Document{Inputs: []summary.Input{{Name: "ci.log", Encoding: "utf-8", Runs: []*classify.Run{sectionRun()}}}}
	render := map[string]func(io.Writer) error{
		"text":     func(w io.Writer) error { return WriteText(w, doc, TextOptions{}) },
		"markdown": func(w io.Writer) error { return WriteMarkdown(w, doc, MarkdownOptions{}) },
		"github":   func(w io.Writer) error { return WriteGitHub(w, doc, GitHubOptions{}) },
	}
	// What each format writes for each section, in runSections order.
	want := map[string][]string{
		"text": {"Base URL:", "Result:   no final line (crashed)", "Schemathesis crashed at line 9", "Integrity: crashed — 1 problem",
			"Hooks:    Hooks not loaded.", "Causes shared by several operations", "COUNT", "Errors", "ctlog did not understand 1 line"},
		// Markdown leads with the verdict and puts what ran after the groups (markdownRunSections).
		"markdown": {":x: **1 failure group (0 test cases) in 0 operations, 2 server errors; hooks not loaded; Schemathesis crashed**",
			"**Schemathesis crashed** at line 9", "**Integrity:** crashed", "**Hooks:** Hooks not loaded.", "**Causes shared by several operations:**",
			"| Count |", "**Errors:**", "base URL `http://api.test`", "**Result:** no final line (crashed)", "**ctlog did not understand 1 line:**"},
		"github": {"::notice title=ctlog%3A ci.log::no final line (crashed)", "::error title=Schemathesis%3A Internal Error::BoomError: boom",
			"::warning title=ctlog%3A ci.log is crashed::no final line", "::warning title=ctlog%3A hooks not-loaded", "::error title=GET /a%3A"},
	}
	for format, f := range render {
		var b strings.Builder
		if err := f(&b); err != nil {
			t.Fatal(err)
		}
		out, at := b.String(), 0
		for _, w := range want[format] {
			i := strings.Index(out[at:], w)
			if i < 0 {
				t.Errorf("%s: %q missing or out of order:\n%s", format, w, out)
				break
			}
			at += i + len(w)
		}
	}
}
