package classify

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/parser"
)

func parseFile(t *testing.T, path string) []*Run {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return parseReader(t, f, path)
}

func parseReader(t *testing.T, r interface{ Read([]byte) (int, error) }, name string) []*Run {
	t.Helper()
	var c Collector
	if _, err := parser.Parse(r, parser.Options{Name: name}, &c); err != nil {
		t.Fatal(err)
	}
	return c.Finish()
}

type expected struct {
	FinalLine      *string        `json:"final_line"`
	FailureBlocks  []string       `json:"failure_blocks"`
	TestCases      int            `json:"test_cases"`
	Flaky          int            `json:"flaky"`
	OperationTitle map[string]int `json:"operation_title_counts"`
}

// corpusLogs are the CLI logs of the corpus, 3.x and 4.x.
func corpusLogs(t *testing.T, dir string) []string {
	var files []string
	for _, pat := range []string{"schemathesis/v3/*.txt", "aquamind/*.txt", "schemathesis/v4/*.txt"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 70 {
		t.Fatalf("only %d corpus files found in %s", len(files), dir)
	}
	return files
}

// TestCorpusLogs parses every corpus log: no unexplained diagnostics, the log's own counts agree, and
// the per-(operation, title) counts match those of the corpus's reference script.
func TestCorpusLogs(t *testing.T) {
	dir := corpus.Dir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "EXPECTED.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp map[string]expected
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	// What each incomplete log is, from corpus/aquamind/SOURCES.md and the files themselves.
	status := map[string]RunStatus{
		"aquamind/local_schemathesis-after-fix_310c5d7.utf16le.txt":  "crashed",
		"aquamind/local_schemathesis-local-test_0c90837.utf16le.txt": "incomplete",
		"schemathesis/v3/hooks-module-not-found.txt":                 "not-started",
		"schemathesis/v3/schema-not-available.txt":                   "not-started",
		"schemathesis/v3/keyboard-interrupt-stateful.txt":            "interrupted",
		"schemathesis/v4/hooks-module-not-found.txt":                 "not-started",
		"schemathesis/v4/schema-not-available.txt":                   "not-started",
		"schemathesis/v4/keyboard-interrupt.txt":                     "interrupted",
		"schemathesis/v4/max-failures-skipped.txt":                   "incomplete", // the snapshot stops before the final line
	}
	for _, path := range corpusLogs(t, dir) {
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			runs := parseFile(t, path)
			if len(runs) != 1 {
				t.Fatalf("got %d runs, want 1", len(runs))
			}
			r := runs[0]
			for _, d := range r.Diagnostics {
				if d.Severity == "warning" {
					t.Errorf("line %d: %s", d.Line, d.Message)
				}
			}
			want := status[rel]
			if want == "" {
				want = RunComplete
			}
			if r.Integrity.Status != want {
				t.Errorf("status = %s, want %s", r.Integrity.Status, want)
			}
			for _, c := range r.Integrity.Checks {
				if c.Result == CheckMismatch {
					t.Errorf("integrity %s: %s", c.Name, c.Detail)
				}
			}
			e, ok := exp[rel]
			if !ok {
				t.Fatalf("%s is not in EXPECTED.json", rel)
			}
			// 4.x after-run check failures are run-level findings, outside the test cases and groups;
			// the reference lists them as the failure block they are printed as.
			if r.Totals.TestCases != e.TestCases {
				t.Errorf("test cases = %d, EXPECTED.json has %d", r.Totals.TestCases, e.TestCases)
			}
			if r.Totals.FlakyOperations != e.Flaky {
				t.Errorf("flaky = %d, EXPECTED.json has %d", r.Totals.FlakyOperations, e.Flaky)
			}
			// The reference files stateful failures under their block's title; ctlog under the
			// operation of the failing request (checked by TestStatefulGroupsPlaced).
			block := func(g *Group) string {
				if g.Stateful {
					return StatefulLabel
				}
				return g.Operation
			}
			got := map[string]int{}
			for _, g := range r.Groups {
				got[block(g)+" :: "+g.Title] += g.Count
			}
			for _, c := range r.RunChecks {
				got[runChecksLabel+" :: "+c.Title]++
			}
			if !reflect.DeepEqual(got, e.OperationTitle) && !(len(got) == 0 && len(e.OperationTitle) == 0) {
				t.Errorf("operation :: title counts differ:\n got %v\nwant %v", got, e.OperationTitle)
			}
			var ops []string
			seen := map[string]bool{}
			for _, g := range r.Groups {
				if !seen[block(g)] {
					seen[block(g)] = true
					ops = append(ops, block(g))
				}
			}
			if len(r.RunChecks) > 0 {
				ops = append(ops, runChecksLabel)
			}
			sort.Strings(ops)
			wantOps := append([]string(nil), e.FailureBlocks...)
			sort.Strings(wantOps)
			if len(ops) != len(wantOps) || len(ops) > 0 && !reflect.DeepEqual(ops, wantOps) {
				t.Errorf("failing operations = %v, want %v", ops, wantOps)
			}
		})
	}
}

// TestAquaMindCI checks the figures the foundation issue names for the two real CI artifacts.
func TestAquaMindCI(t *testing.T) {
	dir := corpus.Dir(t)
	tests := []struct {
		file                    string
		failedOps, cases, flaky int
		byCheck                 map[string]int
	}{
		{"aquamind/ci_schemathesis-output_a66429d.txt", 27, 27, 5, map[string]int{
			"response_schema_conformance": 13, "status_code_conformance": 9, "not_a_server_error": 4, "content_type_conformance": 1}},
		{"aquamind/ci_schemathesis-output_0c90837.txt", 288, 289, 5, map[string]int{
			"status_code_conformance": 266, "response_schema_conformance": 22, "not_a_server_error": 6, "content_type_conformance": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := parseFile(t, filepath.Join(dir, tt.file))[0]
			if r.Totals.FailedOperations != tt.failedOps || r.Totals.TestCases != tt.cases || r.Totals.FlakyOperations != tt.flaky {
				t.Errorf("totals = %+v", r.Totals)
			}
			if r.Summary.End == nil || r.Summary.End.Failed != tt.failedOps {
				t.Errorf("final line = %+v", r.Summary.End)
			}
			byCheck := map[string]int{}
			for _, g := range r.Groups {
				byCheck[g.Check] += g.Count
			}
			if !reflect.DeepEqual(byCheck, tt.byCheck) {
				t.Errorf("test cases by check = %v, want %v", byCheck, tt.byCheck)
			}
		})
	}
}

// TestUTF16MatchesUTF8 decodes each UTF-16 corpus log to UTF-8 and checks both parse to the same result.
func TestUTF16MatchesUTF8(t *testing.T) {
	dir := corpus.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "aquamind", "*.utf16le.txt"))
	if len(files) == 0 {
		t.Skip("no UTF-16 files in the corpus")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			u := make([]uint16, 0, len(raw)/2)
			for i := 2; i+1 < len(raw); i += 2 { // skip the byte-order mark
				u = append(u, uint16(raw[i])|uint16(raw[i+1])<<8)
			}
			utf8Text := string(utf16.Decode(u))
			a := parseFile(t, path)
			b := parseReader(t, bytes.NewReader([]byte(utf8Text)), "utf8")
			if len(a) != len(b) {
				t.Fatalf("%d runs vs %d", len(a), len(b))
			}
			for i := range a {
				if !reflect.DeepEqual(a[i].Totals, b[i].Totals) || !reflect.DeepEqual(a[i].Settings, b[i].Settings) ||
					a[i].Integrity.Status != b[i].Integrity.Status || len(a[i].Groups) != len(b[i].Groups) {
					t.Errorf("UTF-16 and UTF-8 parses differ:\n%+v\n%+v", a[i].Totals, b[i].Totals)
				}
				for j := range a[i].Groups {
					ga, gb := a[i].Groups[j], b[i].Groups[j]
					if ga.Operation != gb.Operation || ga.Count != gb.Count || ga.First.Line != gb.First.Line ||
						!strings.EqualFold(ga.Samples[0].Body, gb.Samples[0].Body) {
						t.Errorf("group %d differs: %+v vs %+v", j, ga, gb)
					}
				}
			}
		})
	}
}
