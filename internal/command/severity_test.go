package command

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// severityLog is a Schemathesis 4.x log whose failure groups all have one test case each, in the
// order a real log had them: many undocumented 404s first (one cause in 12 operations), a schema
// violation, then the 500s at the bottom.
func severityLog() string {
	var b strings.Builder
	b.WriteString("Schemathesis v4.25.0\n━━━━━━━━━━━━━━━━━━━━\n\n\n ✅  Loaded specification from http://api.test/openapi.json (in 0.1s)\n\n" +
		"     Base URL:         http://api.test\n     Specification:    Open API 3.0.3\n     Operations:       16 selected / 16 total\n\n\n")
	b.WriteString("=================================== FAILURES ===================================\n")
	block := func(op, id, title, detail, status, body, curl string) {
		fmt.Fprintf(&b, "___ %s ___\n1. Test Case ID: %s\n\n- %s\n\n%s\n\n[%s]:\n\n    `%s`\n\nReproduce with:\n\n    curl -X %s\n\n    st replay %s\n\n",
			op, id, title, detail, status, body, curl, id)
	}
	for i := range 12 {
		op := fmt.Sprintf("GET /api/things%02d/{id}/", i)
		block(op, fmt.Sprintf("nf%02d", i), "Undocumented HTTP status code", "    Received: 404\n    Documented: 200",
			"404] Not Found", `{"detail":"No Thing matches the given query."}`, fmt.Sprintf("GET http://api.test/api/things%02d/0/", i))
	}
	block("GET /api/schema/", "sc01", "Response violates schema", "    'name' is a required property\n\n    Schema at /required:\n\n        [\"name\"]",
		"200] OK", `{"id":1}`, "GET http://api.test/api/schema/")
	for i := range 3 {
		op := fmt.Sprintf("POST /api/boom%d/", i)
		block(op, fmt.Sprintf("se%02d", i), "Server error", "",
			"500] Internal Server Error", "Traceback (most recent call last):\n      File \"app.py\", line 1, in view\n    KeyError: 'owner'", fmt.Sprintf("POST http://api.test/api/boom%d/", i))
	}
	b.WriteString("=================================== SUMMARY ====================================\n\n" +
		"Failures:\n  ❌ Undocumented HTTP status code: 12\n  ❌ Response violates schema: 1\n  ❌ Server error: 3\n\n" +
		"Test cases:\n  400 generated, 16 found 16 unique failures\n\n" +
		"================================ 16 failures in 3.00s =================================\n")
	return b.String()
}

func summarizeSeverity(t *testing.T, format string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	log := severityLog()
	opts := SummarizeOptions{
		IO:          IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }},
		Inputs:      []string{"run.log"},
		Outputs:     []string{format},
		Color:       "never",
		Open:        func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(log)), nil },
		ReadOptions: ReadOptions{NoConfig: true},
	}
	if _, err := RunSummarize(opts); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	return out.String()
}

// TestSeverityOrderTiedCounts: with every group at count 1, log order used to decide, and the
// 404s buried the 500s. The server errors lead the rows and the annotations, the schema violation
// follows, and the shared causes come before the groups.
func TestSeverityOrderTiedCounts(t *testing.T) {
	text := summarizeSeverity(t, "text")
	var rows []string
	for _, l := range strings.Split(text, "\n") {
		if f := strings.Fields(l); len(f) >= 4 && f[0] == "1" && (f[1] == "GET" || f[1] == "POST") {
			rows = append(rows, f[2]+" "+f[3])
		}
	}
	if len(rows) != 16 {
		t.Fatalf("%d group rows, want 16:\n%s", len(rows), text)
	}
	for i := range 3 {
		if !strings.HasSuffix(rows[i], "not_a_server_error") {
			t.Errorf("row %d = %q, want a server error first:\n%s", i, rows[i], text)
		}
	}
	if rows[3] != "/api/schema/ response_schema_conformance" {
		t.Errorf("row 3 = %q, want the schema violation after the server errors", rows[3])
	}
	causes, table := strings.Index(text, "Causes shared by several operations"), strings.Index(text, "COUNT  OPERATION")
	if causes < 0 || table < 0 || causes > table {
		t.Errorf("the shared causes do not lead the groups (causes at %d, table at %d):\n%s", causes, table, text)
	}
	// The cause in 12 operations leads the causes.
	if i := strings.Index(text[causes:], "\n"); !strings.Contains(text[causes+i:], "status_code_conformance in 12 operations") ||
		strings.Index(text[causes:], "in 12 operations") > strings.Index(text[causes:], "in 3 operations") {
		t.Errorf("the widest cause does not lead:\n%s", text[causes:table])
	}

	md := summarizeSeverity(t, "markdown")
	if c, g := strings.Index(md, "Causes shared by several operations"), strings.Index(md, "| Count |"); c < 0 || g < 0 || c > g {
		t.Errorf("markdown: the causes do not lead the groups:\n%s", md)
	}
	if s, n := strings.Index(md, "/api/boom0/"), strings.Index(md, "/api/things00/"); s < 0 || n < 0 || s > n {
		t.Errorf("markdown: the server error is not above the 404s")
	}

	gh := summarizeSeverity(t, "github")
	var titles []string
	for _, l := range strings.Split(gh, "\n") {
		if strings.HasPrefix(l, "::error title=") {
			titles = append(titles, strings.SplitN(strings.TrimPrefix(l, "::error title="), "::", 2)[0])
		}
	}
	if len(titles) != 10 {
		t.Fatalf("%d error annotations, want 10 (the default limit):\n%s", len(titles), gh)
	}
	for i := range 3 {
		if !strings.Contains(titles[i], "not_a_server_error (500)") {
			t.Errorf("annotation %d = %q, want a server error", i, titles[i])
		}
	}
	if !strings.Contains(titles[3], "response_schema_conformance") {
		t.Errorf("annotation 3 = %q, want the schema violation", titles[3])
	}
}
