package command

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/internal/report"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// hostileLog is a 3.x log whose body, message and operation try to inject HTML, Markdown and
// workflow commands, and whose reproduce commands carry real-looking secrets.
const hostileLog = `======================= Schemathesis test session starts =======================
Schema location: http://localhost/openapi.json
Base URL: http://localhost/api
Specification version: Open API 3.0.3
Workers: 1
Collected API operations: 1
Collected API links: 0
API probing: SUCCESS
Schema analysis: SKIP

GET /api/a|b F                                                            [100%]

=================================== FAILURES ===================================
_________________________________ GET /api/a|b _________________________________
1. Test Case ID: Kq1Lm2

- Server error

[500] Internal Server Error:

    ` + "`<script>alert(1)</script><img src=x onerror=alert(2)>\n    ```\n    </details><b>bold</b> | table | break\n    ::error::injected\n    Authorization: Token 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n    {\"token\": \"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\"}`" + `

Reproduce with: 

    curl -X GET -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' -H 'X-Api-Key: sk_live_51HxYzAbCdEfGhIjKlMnOp' 'http://localhost/api/a?api_key=AKIAIOSFODNN7EXAMPLE&access_token=ghp_16C7e42F292c6912E7710c838347Ae178B4a'

=================================== SUMMARY ====================================

Performed checks:
    not_a_server_error                    0 / 1 passed          FAILED 

============================== 1 failed in 0.40s ===============================
`

var secrets = []string{
	"9f8e7d6c5b4a39281706f5e4d3c2b1a0", "eyJhbGciOiJIUzI1NiJ9", "dozjgNryP4J3jVmNHl0w5N", "sk_live_51HxYzAbCdEfGhIjKlMnOp",
	"AKIAIOSFODNN7EXAMPLE", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
}

// TestNoSecretSurvives feeds tokens in headers, bodies and query strings through every output.
func TestNoSecretSurvives(t *testing.T) {
	for _, format := range []string{"text", "json", "markdown", "github"} {
		_, out, _ := run(t, hostileLog, nil, "summarize", "-o", format, "--max-groups", "0", "-")
		if !strings.Contains(out, "GET /api/a") {
			t.Fatalf("%s output does not show the failure:\n%s", format, out)
		}
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s output leaks %q", format, s)
			}
		}
	}
}

var allowedTags = map[string]bool{"details": true, "summary": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "p": true, "pre": true, "code": true, "strong": true, "em": true, "h2": true, "h3": true,
	"ul": true, "li": true, "blockquote": true}

// TestMarkdownHasNoRawHTMLFromLogs renders the Markdown with a CommonMark renderer that passes raw
// HTML through, and checks that the only tags are ctlog's own.
func TestMarkdownHasNoRawHTMLFromLogs(t *testing.T) {
	for _, log := range []string{hostileLog, mustRead(t, "../../testdata/logs/ci-hooks-not-loaded.log"), mustRead(t, "../../testdata/logs/bodies.log")} {
		_, md, _ := run(t, log, nil, "summarize", "-o", "markdown", "-")
		var out bytes.Buffer
		gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
		if err := gm.Convert([]byte(md), &out); err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)`).FindAllStringSubmatch(out.String(), -1) {
			if !allowedTags[strings.ToLower(m[2])] {
				t.Errorf("rendered Markdown has a <%s> tag from log text", m[2])
			}
		}
		if strings.Contains(out.String(), "<script") || strings.Contains(out.String(), "onerror=alert") && !strings.Contains(out.String(), "&lt;img") {
			t.Error("a script survived")
		}
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMarkdownFitsStepSummary checks that a 2 MB log gives Markdown under 1 MiB that says what it left out.
func TestMarkdownFitsStepSummary(t *testing.T) {
	var log bytes.Buffer
	if _, err := loggen.Generate(&log, loggen.Config{Seed: 3, Operations: 3000, TargetBytes: 2 << 20}); err != nil {
		t.Fatal(err)
	}
	if log.Len() < 2<<20 {
		t.Fatalf("generated only %d bytes", log.Len())
	}
	_, md, stderr := run(t, log.String(), nil, "summarize", "-o", "markdown", "-")
	if len(md) == 0 || len(md) > 1<<20 {
		t.Fatalf("markdown is %d bytes (%s)", len(md), stderr)
	}
	if len(md) < 1000 {
		t.Fatalf("markdown too small: %d bytes", len(md))
	}
	// Either everything fit, or the report says what it dropped.
	if strings.Count(md, "<details>") == 0 && !strings.Contains(md, "Samples were left out") {
		t.Error("samples were dropped without saying so")
	}
}

// TestMarkdownDegradesInOrder forces small limits and checks the order: samples first, then groups folded.
func TestMarkdownDegradesInOrder(t *testing.T) {
	doc, _, err := summarizeDoc(SummarizeOptions{IO: IOStreams{In: strings.NewReader(""), Getenv: func(string) string { return "" }},
		Inputs: []string{"../../testdata/logs/ci-hooks-not-loaded.log"}, ReadOptions: ReadOptions{NoConfig: true}}, true)
	if err != nil {
		t.Fatal(err)
	}
	var full, fewer, folded bytes.Buffer
	writeMD := func(w *bytes.Buffer, limit int) {
		if err := reportWriteMarkdown(w, doc, limit); err != nil {
			t.Fatal(err)
		}
		if w.Len() > limit {
			t.Errorf("%d bytes over a %d-byte limit", w.Len(), limit)
		}
	}
	writeMD(&full, 1<<20)
	writeMD(&fewer, full.Len()-1)
	if strings.Count(fewer.String(), "<details>") >= strings.Count(full.String(), "<details>") ||
		!strings.Contains(fewer.String(), "Samples were left out") || strings.Contains(fewer.String(), "folded") {
		t.Errorf("first, samples go (and the report says so), groups stay:\n%s", fewer.String())
	}
	writeMD(&folded, 1500)
	if strings.Contains(folded.String(), "<details>") || !strings.Contains(folded.String(), "more failure groups") {
		t.Errorf("then the smallest groups are folded:\n%s", folded.String())
	}
}

// TestGitHubActions runs summarize as GitHub Actions would.
func TestGitHubActions(t *testing.T) {
	dir := t.TempDir()
	summary := filepath.Join(dir, "step_summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
	code, out, stderr := run(t, hostileLog, env, "summarize", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md := mustRead(t, summary)
	if !strings.HasPrefix(md, "earlier step\n") || !strings.Contains(md, "## ctlog") {
		t.Errorf("step summary not appended:\n%s", md)
	}
	command := regexp.MustCompile(`^::(error|warning|notice|group|endgroup|stop-commands)( [a-z]+=[^:,]*(,[a-z]+=[^:,]*)*)?::`)
	var commands int
	for _, c := range runnerCommands(out) {
		l := strings.Split(out, "\n")[c.line-1]
		if c.name != "(resume)" && !command.MatchString(l) {
			t.Errorf("malformed workflow command: %q", l)
		}
		commands++
	}
	if commands < 4 || !strings.Contains(out, "::error title=GET /api/a|b%3A not_a_server_error (500)::") {
		t.Errorf("annotations:\n%s", out)
	}
}

func reportWriteMarkdown(w *bytes.Buffer, doc *summary.Document, limit int) error {
	return report.WriteMarkdown(w, doc, report.MarkdownOptions{Limit: limit})
}

// TestCIOutputsOnCorpus renders every corpus log as Markdown and workflow commands: no golden files
// (the corpus stays out of the repository), but the properties every output must have.
func TestCIOutputsOnCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.txt"))
	files = append(files, more...)
	command := regexp.MustCompile(`^::(error|warning|notice|group|endgroup)( [a-z]+=[^:,]*(,[a-z]+=[^:,]*)*)?::`)
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	tag := regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)`)
	for _, f := range files {
		_, md, _ := run(t, "", nil, "summarize", "-o", "markdown", f)
		if len(md) > 1<<20 {
			t.Errorf("%s: markdown is %d bytes", f, len(md))
		}
		var out bytes.Buffer
		if err := gm.Convert([]byte(md), &out); err != nil {
			t.Fatal(err)
		}
		for _, m := range tag.FindAllStringSubmatch(out.String(), -1) {
			if !allowedTags[strings.ToLower(m[2])] {
				t.Errorf("%s: rendered Markdown has a <%s> tag from log text", filepath.Base(f), m[2])
			}
		}
		_, gh, _ := run(t, "", nil, "summarize", "-o", "github", f)
		lines := strings.Split(gh, "\n")
		for _, c := range runnerCommands(gh) {
			if l := lines[c.line-1]; c.name != "(resume)" && c.name != "stop-commands" && !command.MatchString(l) {
				t.Errorf("%s: bad workflow command line %q", filepath.Base(f), l)
			}
		}
	}
}

// TestMarkdownLargestCorpusLog: the step summary of the largest corpus log (issue 18: 295 failure
// groups, most of count 1, whose summary was once larger than the log) stays within 100 KB and
// opens with the verdict, integrity and causes.
func TestMarkdownLargestCorpusLog(t *testing.T) {
	dir := corpus.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.txt"))
	var largest string
	var size int64
	for _, f := range append(files, more...) {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			largest, size = f, fi.Size()
		}
	}
	if largest == "" {
		t.Skip("no corpus logs")
	}
	_, md, stderr := run(t, "", nil, "summarize", "-o", "markdown", largest)
	if len(md) == 0 || len(md) > 100<<10 {
		t.Fatalf("%s (%d bytes): markdown is %d bytes, want at most 100 KB (%s)", filepath.Base(largest), size, len(md), stderr)
	}
	at := 0
	for _, want := range []string{"\n\n:", "**Integrity:**", "**Hooks:**", "**Causes shared by several operations:**"} {
		i := strings.Index(md[at:], want)
		if i < 0 {
			t.Fatalf("%s: %q missing or out of order:\n%.2000s", filepath.Base(largest), want, md)
		}
		at += i + len(want)
	}
}

// bidi are the Unicode controls that reorder or hide what a reader sees.
var bidi = []string{"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200b"}

// TestBidiControlsEscaped puts bidi overrides and isolates in an operation, a body's first line
// (the group's cause) and a reproduce command: the text, Markdown and workflow-command outputs
// show them as escapes, never as the characters themselves.
func TestBidiControlsEscaped(t *testing.T) {
	log := strings.Replace(hostileLog, "GET /api/a|b", "GET /api/a\u202e|b", -1)
	log = strings.Replace(log, "`<script>", "`\u2066\u202a\u202b\u202c\u202d\u2067\u2068\u2069\u200f\u200b<script>", 1)
	log = strings.Replace(log, "curl -X GET", "curl -X GET -H 'X-Note: \u202etxt.exe'", 1)
	for _, format := range []string{"text", "markdown", "github"} {
		_, out, stderr := run(t, log, nil, "summarize", "-o", format, "--max-groups", "0", "-")
		if !strings.Contains(out, `GET /api/a\u202e`) {
			t.Fatalf("%s output does not show the escaped operation:\n%s\n%s", format, out, stderr)
		}
		for _, c := range bidi {
			if strings.Contains(out, c) {
				t.Errorf("%s output holds the control U+%04X", format, []rune(c)[0])
			}
		}
	}
}
