package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// manySmallGroups is a run like the one in issue 18: n failure groups of count 1 over ops
// operations, the first few server errors, each with a sample with a body and a reproduce command;
// hooks not loaded; two shared causes.
func manySmallGroups(n, ops, bodyBytes int) *classify.Run {
	r := &classify.Run{
		Format:    parser.FormatSchemathesis3,
		Started:   true,
		Settings:  classify.Settings{Operations: ops},
		Integrity: classify.Integrity{OK: true, Complete: true, Status: classify.RunComplete},
		Hooks:     &classify.HooksDiagnosis{Verdict: classify.HooksNotLoaded, Paragraph: "Hooks not loaded: nothing shows the module was imported."},
		Totals:    classify.Totals{TestCases: n, FailedOperations: ops},
		Causes: []classify.Cause{
			{Check: "status_code_conformance", Signature: classify.Signature{Text: "received 404: Invalid page."}, Operations: []string{"GET /a", "GET /b"}, TestCases: 12},
			{Check: "not_a_server_error", Signature: classify.Signature{Text: "DoesNotExist"}, Operations: []string{"GET /c", "GET /d"}, TestCases: 3},
		},
	}
	body := strings.Repeat("x", bodyBytes)
	for i := range n {
		check, status := "status_code_conformance", 404
		if i < 12 {
			check, status = "not_a_server_error", 500
		}
		op := fmt.Sprintf("GET /api/v1/things%d/{id}/", i%ops)
		r.Groups = append(r.Groups, &classify.Group{Operation: op, Check: check, Title: check, Status: status, Count: 1,
			Signature: classify.Signature{Text: fmt.Sprintf("received %d: No Thing%d matches the given query.", status, i)},
			Samples: []classify.Sample{{Span: parser.Span{Line: 100 + i}, TestCaseID: fmt.Sprintf("T%05d", i), Body: body,
				Reproduce: []string{"curl -X GET http://127.0.0.1:8000/api/v1/things/0/"}}}})
	}
	return r
}

// TestMarkdownManySmallGroups: a log with ~300 groups of count 1 gives a step summary no larger
// than max(10 % of the log, 100 KB) that opens with the verdict, integrity, hooks and causes, in
// that order, folds the small groups and says so, and shows samples for the top groups only.
func TestMarkdownManySmallGroups(t *testing.T) {
	for _, tc := range []struct {
		name             string
		groups, logBytes int
		body             int
		foldRows         bool // the folded groups keep their rows
	}{
		{"issue 18", 295, 188_000, 1500, true},
		{"big log", 3000, 6 << 20, 2000, true},
		{"small log, huge fold", 6000, 50_000, 2000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &summary.Document{Inputs: []summary.Input{{Name: "ci.log", Bytes: int64(tc.logBytes), Encoding: "utf-8",
				Runs: []*classify.Run{manySmallGroups(tc.groups, 129, tc.body)}}}}
			var b strings.Builder
			if err := WriteMarkdown(&b, doc, MarkdownOptions{}); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			budget := max(tc.logBytes/10, 100<<10)
			if len(md) > budget {
				t.Errorf("%d bytes, over max(10%% of %d, 100 KB) = %d", len(md), tc.logBytes, budget)
			}
			verdict := fmt.Sprintf(":x: **%d failure groups (%d test cases) in 129 operations, 12 server errors; hooks not loaded; counts agree with Schemathesis**", tc.groups, tc.groups)
			at := 0
			for _, want := range []string{"## ctlog: Schemathesis summary\n\n### ci.log\n\n" + verdict, "**Integrity:** ok", "**Hooks:** Hooks not loaded",
				"**Causes shared by several operations:**", "| Count |"} {
				i := strings.Index(md[at:], want)
				if i < 0 {
					t.Fatalf("%q missing or out of order:\n%.3000s", want, md)
				}
				at += i + len(want)
			}
			if before := md[:strings.Index(md, "| Count |")]; strings.Contains(before, "<details>") || strings.Count(before, "\n\n") > 12 {
				t.Errorf("something before the groups besides verdict, integrity, hooks and causes:\n%s", before)
			}
			fold := fmt.Sprintf("…and %d more failure groups of count 1 folded, by check: %d status_code_conformance", tc.groups-mdTableRows, tc.groups-mdTableRows)
			if want := htmlText(fold); tc.foldRows && !strings.Contains(md, "<details><summary>"+want) {
				t.Errorf("no fold %q", want)
			}
			if want := mdText(fold); !tc.foldRows && !strings.Contains(md, "_"+want) {
				t.Errorf("no count of the folded groups %q", want)
			}
			if !strings.Contains(md, "has them all") {
				t.Error("the report does not say the JSON has the folded groups")
			}
			samples := strings.Count(md, "<details><summary>GET ")
			if samples > mdSamples || tc.foldRows && samples != mdSamples {
				t.Errorf("%d samples, want %d", samples, mdSamples)
			}
			if !strings.Contains(md, "_Samples were left out for") {
				t.Error("samples left out without saying so")
			}
		})
	}
}

// TestMarkdownBudget: a tenth of the inputs' size, at least 100 KB, never over an explicit limit or GitHub's.
func TestMarkdownBudget(t *testing.T) {
	doc := func(sizes ...int64) *summary.Document {
		d := &summary.Document{}
		for _, s := range sizes {
			d.Inputs = append(d.Inputs, summary.Input{Bytes: s})
		}
		return d
	}
	for _, tc := range []struct {
		doc   *summary.Document
		limit int
		want  int
	}{
		{doc(188_000), 0, 100 << 10},
		{doc(2<<20, 2<<20), 0, 4 << 20 / 10},
		{doc(100 << 20), 0, StepSummaryLimit - 4<<10},
		{doc(188_000), 1500, 1500},
		{doc(), 0, 100 << 10},
	} {
		if got := MarkdownBudget(tc.doc, tc.limit); got != tc.want {
			t.Errorf("MarkdownBudget(%d inputs, %d) = %d, want %d", len(tc.doc.Inputs), tc.limit, got, tc.want)
		}
	}
}
