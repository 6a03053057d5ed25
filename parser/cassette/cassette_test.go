package cassette

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// readCassette reads a file of testdata/cassettes.
func readCassette(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cassettes", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cassetteEvents parses data and checks the invariants every parse must keep.
func cassetteEvents(t testing.TB, data []byte, opts parser.Options) ([]parser.Event, parser.Stats) {
	t.Helper()
	var evs []parser.Event
	st, err := Parse(bytes.NewReader(data), opts, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	parsertest.CheckSourceInvariants(t, data, st, evs)
	return evs, st
}

// failureKey summarises a Failure for comparisons.
func failureKey(f *parser.Failure) string {
	var names []string
	for _, c := range f.Checks {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("%s|%s|%d|%s", f.Operation, strings.Join(names, ","), f.Status, f.BodyKind)
}

func TestParseCassetteLayouts(t *testing.T) {
	tests := []struct {
		file         string
		version      string
		command      string // prefix
		seed         string
		interactions int
		outcomes     string // first letters of the outcomes, in order
		failures     map[string]string
	}{
		{
			file: "harbor-3x.yaml", version: "3.38.6", command: "st run --checks all", seed: "204815593377102938475610293847561029384",
			interactions: 8, outcomes: "SFFFFEFS",
			failures: map[string]string{
				"Yt6Rw2": "GET /v1/orders/O'HARE-7|not_a_server_error,status_code_conformance|500|",
				"Hq0Pz5": "POST /v1/orders|order_total_matches|201|",
				"Kd3Lm7": "GET /v1/orders/ord_9/receipt|content_type_conformance|200|binary",
				"Nw8Vb1": "DELETE /v1/orders/ord_9|status_code_conformance|204|empty",
				"Ue4Ki9": "PATCH /v1/orders/ord_9|status_code_conformance|400|empty",
			},
		},
		{
			file: "harbor-3x-exact-bytes.yaml", version: "3.38.6", command: "st run --checks all", seed: "204815593377102938475610293847561029384",
			interactions: 8, outcomes: "SFFFFEFS",
			failures: map[string]string{
				"Yt6Rw2": "GET /v1/orders/O'HARE-7|not_a_server_error,status_code_conformance|500|",
				"Hq0Pz5": "POST /v1/orders|order_total_matches|201|",
				"Kd3Lm7": "GET /v1/orders/ord_9/receipt|content_type_conformance|200|binary",
				"Nw8Vb1": "DELETE /v1/orders/ord_9|status_code_conformance|204|empty",
				"Ue4Ki9": "PATCH /v1/orders/ord_9|status_code_conformance|400|empty",
			},
		},
		{
			file: "harbor-4x.yaml", version: "4.1.4", command: "st run http://127.0.0.1:8000/openapi.json --report vcr,har", seed: "83519904412847",
			interactions: 7, outcomes: "SFFFESF",
			failures: map[string]string{
				"D5kT0n": "POST /api/v2/vessels/|not_a_server_error,status_code_conformance|500|",
				"p2RxW8": "POST /api/v2/vessels/|negative_data_rejection|201|",
				"Bm9fYe": "GET /api/v2/ports/NLRTM/berths/|response_schema_conformance|200|",
				"zN4hGd": "DELETE /api/v2/vessels/12/|use_after_free|204|empty",
			},
		},
		{
			file: "ci-hooks-not-loaded.yaml", version: "3.39.16", command: "st run openapi/harbor.yaml", seed: "110739998175114074558379744590318427746",
			interactions: 20, outcomes: "SSSSFFSFSSFFFFFSSFSS",
			failures: map[string]string{
				"Xk3p9Q": "POST /api/v2/vessels/|not_a_server_error|500|",
				"rX3huH": "GET /api/v2/vessels/0/|status_code_conformance|404|",
				"7Jn0Ow": "GET /api/v2/voyages/active/|response_schema_conformance|200|",
				"NsFdrC": "GET /api/v2/ports/AAAAAA/berths/|status_code_conformance|400|",
				"WerdFt": "GET /api/v2/ports/NLRTM/berths/|response_schema_conformance|200|",
				"J8ibtp": "POST /api/v2/ports/NLRTM/berths/|not_a_server_error,status_code_conformance|500|",
				"u4pVKF": "POST /api/v2/cargo/manifests/|not_a_server_error|500|",
				"UHLuhJ": "GET /api/v2/cargo/manifests/export/|content_type_conformance|200|",
				"rSj1TO": "GET /api/v2/inventory/items/0/movements/|not_a_server_error|500|",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			evs, _ := cassetteEvents(t, readCassette(t, tc.file), parser.Options{Name: tc.file})
			if d := parsertest.Diagnostics(evs); len(d) > 0 {
				t.Fatalf("diagnostics: %+v", d[0])
			}
			rs := parsertest.Only[*parser.RunStart](evs)
			if len(rs) != 1 || rs[0].Format != parser.FormatCassette || rs[0].Version != tc.version || !strings.HasPrefix(rs[0].Command, tc.command) {
				t.Fatalf("RunStart = %+v", rs)
			}
			if _, ok := evs[0].(*parser.RunStart); !ok {
				t.Errorf("first event is %T", evs[0])
			}
			seeds := parsertest.Only[*parser.Setting](evs)
			if len(seeds) != 1 || seeds[0].Key != "Seed" || seeds[0].Value != tc.seed {
				t.Errorf("seed settings = %+v", seeds)
			}
			its := parsertest.Only[*parser.Interaction](evs)
			var outcomes string
			for _, it := range its {
				outcomes += it.Outcome[:1]
				if it.TestCaseID == "" || it.Method == "" || !strings.HasPrefix(it.URI, "http") {
					t.Errorf("interaction %+v", it)
				}
				if (it.Outcome == "ERROR") != (it.Status == 0) {
					t.Errorf("interaction %s: outcome %s with status %d", it.TestCaseID, it.Outcome, it.Status)
				}
			}
			if len(its) != tc.interactions || outcomes != tc.outcomes {
				t.Errorf("%d interactions %s, want %d %s", len(its), outcomes, tc.interactions, tc.outcomes)
			}
			got := map[string]string{}
			for _, f := range parsertest.Only[*parser.Failure](evs) {
				got[f.TestCaseID] = failureKey(f)
				if len(f.Reproduce) != 1 || !strings.HasPrefix(f.Reproduce[0], "curl -X "+strings.Fields(f.Operation)[0]+" ") {
					t.Errorf("%s: reproduce %q", f.TestCaseID, f.Reproduce)
				}
				for _, c := range f.Checks {
					if name, ok := parser.CheckName(c.Title); ok && name != c.Name {
						t.Errorf("%s: title %q is check %s, name is %s", f.TestCaseID, c.Title, name, c.Name)
					}
				}
			}
			if !mapsEqual(got, tc.failures) {
				t.Errorf("failures:\n got %v\nwant %v", got, tc.failures)
			}
			// Every Interaction span starts at its item line, and Failure shares it.
			data := readCassette(t, tc.file)
			for _, it := range its {
				if !bytes.HasPrefix(data[it.Offset:it.End], []byte("- id: ")) {
					t.Errorf("interaction span %d-%d starts with %.20q", it.Line, it.EndLine, data[it.Offset:])
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestParseCassetteDetails(t *testing.T) {
	evs, _ := cassetteEvents(t, readCassette(t, "harbor-3x.yaml"), parser.Options{})
	byID := map[string]*parser.Failure{}
	for _, f := range parsertest.Only[*parser.Failure](evs) {
		byID[f.TestCaseID] = f
	}
	// 3.x: the title comes from the check name; a custom check's message is its assertion text,
	// written by Python's repr() with escapes YAML's single quotes do not know.
	f := byID["Hq0Pz5"]
	want := parser.Check{Title: "Custom check failed: `order_total_matches`", Name: "order_total_matches",
		Message: "Order total 12.5 does not match \"items\" sum 10.0\nSee 'pricing.md'"}
	if len(f.Checks) != 1 || f.Checks[0] != want {
		t.Errorf("custom check = %+v", f.Checks)
	}
	if f.Reproduce[0] != `curl -X POST -H 'X-API-Key: [Filtered]' -H 'Content-Type: application/json' -d '{"items": [{"price": 10.0, "qty": 1, "sku": "A"}], "note": "\u0000\ttab"}' http://localhost:5000/v1/orders` {
		t.Errorf("reproduce = %s", f.Reproduce[0])
	}
	// A built-in 3.x check whose message is its title has no separate message.
	if c := byID["Yt6Rw2"].Checks[0]; c != (parser.Check{Title: "Server error", Name: "not_a_server_error"}) {
		t.Errorf("server error check = %+v", c)
	}
	// A quote in the URI (written without escaping) and a shell-quoted URL.
	if r := byID["Yt6Rw2"].Reproduce[0]; r != `curl -X GET -H 'X-API-Key: [Filtered]' 'http://localhost:5000/v1/orders/O'"'"'HARE-7'` {
		t.Errorf("reproduce = %s", r)
	}
	if f := byID["Yt6Rw2"]; f.Reason != "INTERNAL SERVER ERROR" || !strings.HasPrefix(f.Body, "<!doctype html>\n<html lang=en>\n<title>500") {
		t.Errorf("reason %q body %q", f.Reason, f.Body)
	}
	// Control characters in a body give ANSI-C quoting.
	if r := byID["Ue4Ki9"].Reproduce[0]; r != `curl -X PATCH -H 'X-API-Key: [Filtered]' -H 'Content-Type: text/plain' -d $'café \x01\nline two' http://localhost:5000/v1/orders/ord_9` {
		t.Errorf("reproduce = %s", r)
	}
	its := parsertest.Only[*parser.Interaction](evs)
	if it := its[1]; it.Phase != "coverage" || it.Elapsed != 0.0031 || it.Status != 500 {
		t.Errorf("interaction = %+v", it)
	}

	// Exact body bytes: base64 bodies holding text read as text, the PNG stays binary.
	evs, _ = cassetteEvents(t, readCassette(t, "harbor-3x-exact-bytes.yaml"), parser.Options{})
	for _, f := range parsertest.Only[*parser.Failure](evs) {
		g := byID[f.TestCaseID]
		if f.Body != g.Body && f.BodyKind != "binary" || f.BodyKind != g.BodyKind || !slices.Equal(f.Reproduce, g.Reproduce) {
			t.Errorf("%s: base64 layout gives %+v, string layout %+v", f.TestCaseID, f, g)
		}
	}

	// 4.x: the message is the failure title; ids come from `id`; the phase from phase.name.
	evs, _ = cassetteEvents(t, readCassette(t, "harbor-4x.yaml"), parser.Options{})
	for _, f := range parsertest.Only[*parser.Failure](evs) {
		if f.TestCaseID != "p2RxW8" {
			continue
		}
		if f.Checks[0] != (parser.Check{Title: "API accepted schema-violating request", Name: "negative_data_rejection"}) || f.Index != 2 {
			t.Errorf("negative data failure = %+v", f)
		}
	}
	var phases []string
	for _, it := range parsertest.Only[*parser.Interaction](evs) {
		phases = append(phases, it.Phase)
	}
	if got := strings.Join(phases, ","); got != "examples,fuzzing,coverage,fuzzing,fuzzing,,stateful" {
		t.Errorf("phases = %s", got)
	}
}

func TestParseCassetteCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	for _, tc := range []struct {
		file, version, seed string
		titles              []string
	}{
		{"v3/RECONSTRUCTED-cassette.yaml", "3.39.16", "42", []string{"Server error", "Undocumented HTTP status code"}},
		{"v4/RECONSTRUCTED-cassette.yaml", "4.25.0", "42", []string{"Server error", "Undocumented HTTP status code"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "schemathesis", tc.file))
			if err != nil {
				t.Skip(err)
			}
			evs, _ := cassetteEvents(t, data, parser.Options{Name: tc.file})
			if d := parsertest.Diagnostics(evs); len(d) > 0 {
				t.Fatalf("diagnostics: %+v", d)
			}
			if rs := parsertest.Only[*parser.RunStart](evs); len(rs) != 1 || rs[0].Version != tc.version {
				t.Errorf("RunStart = %+v", rs)
			}
			if s := parsertest.Only[*parser.Setting](evs); len(s) != 1 || s[0].Value != tc.seed {
				t.Errorf("settings = %+v", s)
			}
			its := parsertest.Only[*parser.Interaction](evs)
			if len(its) != 1 || its[0].TestCaseID != "VuDe1Q" || its[0].Status != 500 || its[0].Outcome != "FAILURE" || its[0].Elapsed != 0.003412 {
				t.Errorf("interactions = %+v", its)
			}
			fs := parsertest.Only[*parser.Failure](evs)
			if len(fs) != 1 {
				t.Fatalf("failures = %+v", fs)
			}
			f := fs[0]
			var titles []string
			for _, c := range f.Checks {
				titles = append(titles, c.Title)
			}
			if f.Operation != "GET /api/multiple_failures" || f.TestCaseID != "VuDe1Q" || f.Status != 500 || f.Reason != "Internal Server Error" ||
				f.Body != "500: Internal Server Error" || !slices.Equal(titles, tc.titles) ||
				f.Reproduce[0] != "curl -X GET 'http://127.0.0.1/api/multiple_failures?id=0'" {
				t.Errorf("failure = %+v", f)
			}
		})
	}
}

func TestParseCassetteMalformed(t *testing.T) {
	evs, _ := cassetteEvents(t, readCassette(t, "malformed-indent.yaml"), parser.Options{})
	ds := parsertest.Diagnostics(evs)
	if len(ds) != 1 || ds[0].Code != "yaml" || ds[0].Severity != "warning" || ds[0].Line != 125 || ds[0].EndLine != 191 ||
		!strings.Contains(ds[0].Message, "line 1") {
		t.Fatalf("diagnostics = %+v", ds)
	}
	var ids []string
	for _, it := range parsertest.Only[*parser.Interaction](evs) {
		ids = append(ids, it.TestCaseID)
	}
	if got := strings.Join(ids, " "); got != "qH3vZr D5kT0n Bm9fYe Wc0sLu Ri7eQa zN4hGd" {
		t.Errorf("interactions = %s", got)
	}
	if fs := parsertest.Only[*parser.Failure](evs); len(fs) != 3 {
		t.Errorf("%d failures", len(fs))
	}
	// The diagnostic comes where the interaction would have been.
	var order []string
	for _, e := range evs {
		switch e := e.(type) {
		case *parser.Interaction:
			order = append(order, e.TestCaseID)
		case *parser.Diagnostic:
			order = append(order, "diag")
		}
	}
	if got := strings.Join(order[:4], " "); got != "qH3vZr D5kT0n diag Bm9fYe" {
		t.Errorf("order = %s", got)
	}
}

// TestParseCassetteCRLFAndBOM: Windows line endings and a byte-order mark change offsets, not events.
func TestParseCassetteCRLFAndBOM(t *testing.T) {
	for _, file := range []string{"harbor-3x.yaml", "harbor-4x.yaml", "ci-hooks-not-loaded.yaml"} {
		plain := readCassette(t, file)
		crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))...)
		a, sa := cassetteEvents(t, plain, parser.Options{})
		b, sb := cassetteEvents(t, crlf, parser.Options{})
		if !sb.BOM || sa.BOM || sa.Lines != sb.Lines {
			t.Errorf("%s: stats %+v and %+v", file, sa, sb)
		}
		if len(a) != len(b) {
			t.Fatalf("%s: %d events with LF, %d with CRLF", file, len(a), len(b))
		}
		for i := range a {
			ea, eb := fmt.Sprintf("%+v", stripSpan(a[i])), fmt.Sprintf("%+v", stripSpan(b[i]))
			if ea != eb {
				t.Errorf("%s event %d:\n LF   %s\n CRLF %s", file, i, ea, eb)
			}
			if a[i].Pos().Line != b[i].Pos().Line || a[i].Pos().EndLine != b[i].Pos().EndLine {
				t.Errorf("%s event %d: lines %v and %v", file, i, a[i].Pos(), b[i].Pos())
			}
		}
		for _, it := range parsertest.Only[*parser.Interaction](b) {
			if !bytes.HasPrefix(crlf[it.Offset:], []byte("- id: ")) || !bytes.HasSuffix(crlf[:it.End], []byte("\n")) && it.End != int64(len(crlf)) {
				t.Errorf("%s: CRLF span %+v", file, it.Span)
			}
		}
	}
}

// stripSpan returns a copy of an event without its position.
func stripSpan(e parser.Event) parser.Event {
	switch e := e.(type) {
	case *parser.Interaction:
		c := *e
		c.Span = parser.Span{}
		return &c
	case *parser.Failure:
		c := *e
		c.Span = parser.Span{}
		return &c
	case *parser.RunStart:
		c := *e
		c.Span = parser.Span{}
		return &c
	case *parser.Setting:
		c := *e
		c.Span = parser.Span{}
		return &c
	case *parser.InputInfo:
		return &parser.InputInfo{Name: e.Name, Encoding: e.Encoding}
	}
	return e
}

// hugeCassette returns a 3.x cassette whose failing interaction has a response body of n bytes
// (written with escapes, or as base64), between two small interactions.
func hugeCassette(n int, b64 bool) []byte {
	var body strings.Builder
	for body.Len() < n {
		body.WriteString("Traceback line \"é\"\\ \x01 ")
	}
	var val string
	if b64 {
		val = "base64_string: '" + base64.StdEncoding.EncodeToString([]byte(body.String())) + "'"
	} else {
		var sb strings.Builder
		sb.WriteString(`string: "`)
		for _, r := range body.String() {
			switch r {
			case '"', '\\':
				sb.WriteByte('\\')
				sb.WriteRune(r)
			case '\x01':
				sb.WriteString(`\x01`)
			default:
				sb.WriteRune(r)
			}
		}
		sb.WriteString(`"`)
		val = sb.String()
	}
	item := func(id, status string, body string) string {
		return fmt.Sprintf(`
- id: '%s'
  status: '%s'
  seed: '1'
  phase: 'generate'
  elapsed: '0.5'
  checks:
    - name: 'not_a_server_error'
      status: '%s'
      message: 'Server error'
  request:
    uri: 'http://x/a'
    method: 'GET'
    headers:
      "X-Schemathesis-TestCaseId":
      - "T%s"
  response:
    status:
      code: '500'
      message: "Internal Server Error"
    headers:
      "Content-Type":
      - "text/plain"
    body:
      encoding: 'utf-8'
      %s
    http_version: '1.1'`, id, status, status, id, body)
	}
	return []byte("command: 'st run x'\nrecorded_with: 'Schemathesis 3.39.16'\nhttp_interactions:" +
		item("1", "SUCCESS", `string: "ok"`) + item("2", "FAILURE", val) + item("3", "FAILURE", `string: "small"`) + "\n")
}

func TestParseCassetteHugeBody(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		b64     bool
		opts    parser.Options
		longLin bool
	}{
		{"escaped-precut", 4 << 20, false, parser.Options{MaxText: 1000}, false},
		{"base64-precut", 4 << 20, true, parser.Options{MaxText: 1000}, false},
		{"escaped-over-maxline", 1 << 20, false, parser.Options{MaxText: 100 << 10, MaxLine: 256 << 10}, true},
		{"base64-over-maxline", 1 << 20, true, parser.Options{MaxText: 100 << 10, MaxLine: 256 << 10}, true},
		{"default-options", 2 << 20, false, parser.Options{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := hugeCassette(tc.n, tc.b64)
			evs, _ := cassetteEvents(t, data, tc.opts)
			ds := parsertest.Diagnostics(evs)
			if tc.longLin != (len(ds) == 1 && ds[0].Code == "long-line") || !tc.longLin && len(ds) > 0 {
				t.Errorf("diagnostics = %+v", ds)
			}
			fs := parsertest.Only[*parser.Failure](evs)
			if len(fs) != 2 || fs[0].TestCaseID != "T2" || fs[1].TestCaseID != "T3" {
				t.Fatalf("failures = %+v", fs)
			}
			maxText := tc.opts.MaxText
			if maxText == 0 {
				maxText = parser.DefaultMaxText
			}
			f := fs[0]
			if !f.BodyElided || len(f.Body) > maxText || len(f.Body) < maxText-4 || !strings.HasPrefix(f.Body, "Traceback line \"é\"\\ \x01 Traceback") {
				t.Errorf("body: elided %v, %d bytes, %.40q", f.BodyElided, len(f.Body), f.Body)
			}
			if fs[1].Body != "small" || fs[1].BodyElided {
				t.Errorf("next failure = %+v", fs[1])
			}
		})
	}
}

// TestParseCassetteShapes covers inputs that are not ordinary cassettes.
func TestParseCassetteShapes(t *testing.T) {
	item := "- id: '1'\n  status: 'SUCCESS'\n  request:\n    uri: 'http://h/p'\n    method: 'GET'\n  response: null\n"
	tests := []struct {
		name, in     string
		interactions int
		diags        []string // codes
		runStart     bool
	}{
		{"empty", "", 0, nil, false},
		{"blank", "\n\n", 0, nil, false},
		{"header only", "command: 'st run x'\nrecorded_with: 'Schemathesis 4.0.0'\nseed: None\n", 0, []string{"cassette"}, true},
		{"empty list", "command: 'x'\nrecorded_with: 'Schemathesis 4.0.0'\nhttp_interactions: []\n", 0, nil, true},
		{"no final newline", "recorded_with: 'Schemathesis 4.0.0'\nhttp_interactions:\n" + strings.TrimSuffix(item, "\n"), 1, nil, true},
		{"indented items", "http_interactions:\n" + indent(item, "  ") + indent(item, "  ") + "other: 1\n", 2, []string{"cassette"}, true},
		{"no list key", item + item, 2, []string{"cassette"}, true},
		{"console log", "===== Schemathesis test session starts =====\nSchema location: x\nGET /a .   [100%]\n", 0, []string{"cassette"}, false},
		{"stray before items", "http_interactions:\n  junk\n" + item, 1, []string{"cassette"}, true},
		{"not a mapping", "http_interactions:\n- just text\n" + item, 1, []string{"yaml"}, true},
		{"no request", "http_interactions:\n- id: '1'\n  status: 'SUCCESS'\n" + item, 1, []string{"yaml"}, true},
		{"bad types", "http_interactions:\n- id: '1'\n  request: {uri: 'http://h/', method: 'GET'}\n  response: {status: [1]}\n" + item, 1, []string{"yaml"}, true},
		{"tab indent", "http_interactions:\n- id: '1'\n\tstatus: 'SUCCESS'\n" + item, 1, []string{"yaml"}, true},
		{"bare dash", "http_interactions:\n-\n" + item, 1, []string{"yaml"}, true},
		{"truncated", "http_interactions:\n" + item + item[:40], 1, []string{"yaml"}, true},
		{"alias bomb", "http_interactions:\n- a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n  request: {uri: 'http://h/', method: 'GET', headers: *g}\n" + item, 2, nil, true},
		{"4.x status null", "recorded_with: 'Schemathesis 4.2.0'\nhttp_interactions:\n- id: 'Ab'\n  status: 'SUCCESS'null\n  recorded_at: 'x'\n  checks: []\n  request:\n    uri: 'http://h/p'\n    method: 'GET'\n  response: null", 1, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, _ := cassetteEvents(t, []byte(tc.in), parser.Options{MaxText: 256, MaxLine: 4096})
			var codes []string
			for _, d := range parsertest.Diagnostics(evs) {
				codes = append(codes, d.Code)
			}
			if n := len(parsertest.Only[*parser.Interaction](evs)); n != tc.interactions || !slices.Equal(codes, tc.diags) ||
				tc.runStart != (len(parsertest.Only[*parser.RunStart](evs)) == 1) {
				t.Errorf("%d interactions, diagnostics %v, run starts %d; want %d %v %v\n%+v", n, codes, len(parsertest.Only[*parser.RunStart](evs)),
					tc.interactions, tc.diags, tc.runStart, parsertest.Diagnostics(evs))
			}
		})
	}
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

func TestParseCassetteReadError(t *testing.T) {
	boom := errors.New("boom")
	data := readCassette(t, "harbor-4x.yaml")
	var its int
	_, err := Parse(&parsertest.ErrReader{Data: data[:3000], Err: boom}, parser.Options{Name: "x.yaml"},
		parser.HandlerFunc(func(e parser.Event) {
			if _, ok := e.(*parser.Interaction); ok {
				its++
			}
		}))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "x.yaml:") {
		t.Errorf("err = %v", err)
	}
	if its != 2 {
		t.Errorf("%d interactions before the error", its)
	}
}

// TestParseCassetteSkipsOnlyUnusedParts: ctlog leaves out the checks and bodies of interactions
// without a failed check, trusting the checks over the status.
func TestParseCassetteSkipsOnlyUnusedParts(t *testing.T) {
	in := `recorded_with: 'Schemathesis 3.39.16'
http_interactions:
- id: '1'
  status: 'SUCCESS'
  checks:
    - name: 'not_a_server_error'
      status: 'SUCCESS'
      message: ~
    - name: 'my_check'
      status: 'FAILURE'
      message: 'It''s "wrong"'
  request:
    uri: 'http://h/a'
    method: 'POST'
    headers:
      "X-Schemathesis-TestCaseId":
      - "Ab12"
    body:
      encoding: 'utf-8'
      string: "{}"
  response:
    status:
      code: '200'
      message: "OK"
    headers:
      "Content-Type":
      - "application/json"
    body:
      encoding: 'utf-8'
      string: "[]"
    http_version: '1.1'
`
	evs, _ := cassetteEvents(t, []byte(in), parser.Options{})
	fs := parsertest.Only[*parser.Failure](evs)
	if len(fs) != 1 {
		t.Fatalf("failures = %+v, diagnostics %+v", fs, parsertest.Diagnostics(evs))
	}
	f := fs[0]
	if f.TestCaseID != "Ab12" || len(f.Checks) != 1 || f.Checks[0].Message != `It's "wrong"` || f.Status != 200 {
		t.Errorf("failure = %+v", f)
	}
	if f.Body != "[]" || f.Reproduce[0] != "curl -X POST -d '{}' http://h/a" {
		t.Errorf("body %q, reproduce %q", f.Body, f.Reproduce)
	}
}

// TestCassetteMatchesConsoleLog: the cassette of a run and its console log give the same
// (operation, check, status) failures once the cassette's concrete paths are mapped to the
// log's templates, and the same test case ids.
func TestCassetteMatchesConsoleLog(t *testing.T) {
	logData, err := os.ReadFile(filepath.Join("..", "..", "testdata", "logs", "ci-hooks-not-loaded.log"))
	if err != nil {
		t.Fatal(err)
	}
	var logEvs []parser.Event
	if _, err := parser.Parse(bytes.NewReader(logData), parser.Options{}, parser.HandlerFunc(func(e parser.Event) { logEvs = append(logEvs, e) })); err != nil {
		t.Fatal(err)
	}
	key := func(op string, f *parser.Failure) []string {
		var ks []string
		for _, c := range f.Checks {
			ks = append(ks, fmt.Sprintf("%s %s %s %d", f.TestCaseID, op, c.Name, f.Status))
		}
		return ks
	}
	var want, templates []string
	for _, f := range parsertest.Only[*parser.Failure](logEvs) {
		want = append(want, key(f.Operation, f)...)
		templates = append(templates, f.Operation)
	}
	cas, _ := cassetteEvents(t, readCassette(t, "ci-hooks-not-loaded.yaml"), parser.Options{})
	var got []string
	for _, f := range parsertest.Only[*parser.Failure](cas) {
		got = append(got, key(matchTemplate(f.Operation, templates), f)...)
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) != 10 || !slices.Equal(got, want) {
		t.Errorf("cassette failures:\n%s\nlog failures:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// matchTemplate maps "GET /a/1/" to the first template that matches it segment by segment.
func matchTemplate(op string, templates []string) string {
	for _, tpl := range templates {
		a, b := strings.Split(op, "/"), strings.Split(tpl, "/")
		if len(a) != len(b) || strings.Fields(op)[0] != strings.Fields(tpl)[0] {
			continue
		}
		ok := true
		for i := range a {
			if a[i] != b[i] && !(strings.HasPrefix(b[i], "{") && strings.HasSuffix(b[i], "}")) {
				ok = false
				break
			}
		}
		if ok {
			return tpl
		}
	}
	return op
}
