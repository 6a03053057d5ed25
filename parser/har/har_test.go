package har

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/cassette"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

func readHAR(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "har", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func harEvents(t testing.TB, data []byte) ([]parser.Event, parser.Stats) {
	t.Helper()
	var evs []parser.Event
	st, err := Parse(bytes.NewReader(data), parser.Options{Name: "test.har"}, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	parsertest.CheckSourceInvariants(t, data, st, evs)
	return evs, st
}

// cassetteEvents parses a file of testdata/cassettes with the cassette parser.
func cassetteEvents(t testing.TB, name string) []parser.Event {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cassettes", name))
	if err != nil {
		t.Fatal(err)
	}
	var evs []parser.Event
	st, err := cassette.Parse(bytes.NewReader(data), parser.Options{}, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }))
	if err != nil {
		t.Fatalf("cassette.Parse: %v", err)
	}
	parsertest.CheckSourceInvariants(t, data, st, evs)
	return evs
}

// TestParseHARJoinsCassette: the HAR of a run has the same interactions as its cassette, so that
// failures join to traffic through the test case id.
func TestParseHARJoinsCassette(t *testing.T) {
	data := readHAR(t, "harbor-4x.har")
	evs, st := harEvents(t, data)
	if d := parsertest.Diagnostics(evs); len(d) > 0 {
		t.Fatalf("diagnostics: %+v", d)
	}
	if st.Lines != 64 || st.BOM {
		t.Errorf("stats = %+v", st)
	}
	rs := parsertest.Only[*parser.RunStart](evs)
	if len(rs) != 1 || rs[0].Format != parser.FormatHAR || rs[0].Version != "4.1.4" || rs[0].Line != 1 || rs[0].EndLine != 12 {
		t.Fatalf("RunStart = %+v", rs)
	}
	if len(parsertest.Only[*parser.Failure](evs)) != 0 {
		t.Error("HAR gave failures")
	}
	cas := cassetteEvents(t, "harbor-4x.yaml")
	hs, cs := parsertest.Only[*parser.Interaction](evs), parsertest.Only[*parser.Interaction](cas)
	if len(hs) != len(cs) {
		t.Fatalf("%d HAR entries, %d cassette interactions", len(hs), len(cs))
	}
	for i, h := range hs {
		c := cs[i]
		if h.TestCaseID != c.TestCaseID || h.Method != c.Method || h.URI != c.URI || h.Status != c.Status || h.Elapsed != c.Elapsed {
			t.Errorf("entry %d: HAR %+v, cassette %+v", i, h, c)
		}
		if h.Outcome != "" || h.Phase != "" {
			t.Errorf("entry %d: HAR has outcome/phase %+v", i, h)
		}
		if !bytes.HasPrefix(data[h.Offset:], []byte("{\n                \"startedDateTime\"")) || data[h.End-1] != '}' {
			t.Errorf("entry %d: span %+v covers %.30q", i, h.Span, data[h.Offset:h.End])
		}
		if want := 13 + 7*i; h.Line != want || h.EndLine != want+6 {
			t.Errorf("entry %d: lines %d-%d, want %d-%d", i, h.Line, h.EndLine, want, want+6)
		}
	}
}

func TestParseHARShapes(t *testing.T) {
	full := readHAR(t, "harbor-4x.har")
	crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(full, []byte("\n"), []byte("\r\n"))...)
	cut := full[:bytes.Index(full, []byte(`"Bm9fYe"`))] // stopped inside the fourth entry
	entry := func(id string, status any) string {
		return fmt.Sprintf(`{"time": 12.5, "request": {"method": "get", "url": "http://h/%s", "headers": [{"name": "x-schemathesis-testcaseid", "value": %q}]}, "response": {"status": %v}}`, id, id, status)
	}
	tests := []struct {
		name    string
		in      []byte
		ids     string
		diags   []string // message prefixes
		version string
		start   bool
	}{
		{"crlf+bom", crlf, "qH3vZr D5kT0n p2RxW8 Bm9fYe Wc0sLu Ri7eQa zN4hGd", nil, "4.1.4", true},
		{"truncated", cut, "qH3vZr D5kT0n p2RxW8", []string{"malformed HAR entry: the file ends early"}, "4.1.4", true},
		{"compact", []byte(`{"log":{"version":"1.2","creator":{"name":"Schemathesis","version":"4.3.0"},"entries":[` + entry("a", 200) + "," + entry("b", 0) + `]}}`),
			"a b", nil, "4.3.0", true},
		{"creator after entries", []byte(`{"log":{"entries":[` + entry("a", 200) + `],"creator":{"name":"x","version":"1"}}}`), "a", nil, "", true},
		{"wrong type", []byte(`{"log":{"entries":[` + entry("a", `"200"`) + "," + entry("b", 201) + `]}}`), "b",
			[]string{"HAR entry skipped: json: cannot unmarshal string"}, "", true},
		{"syntax error", []byte(`{"log":{"entries":[` + entry("a", 200) + ",\n{\"time\": x}]}}"), "a", []string{"malformed HAR entry: invalid character 'x'"}, "", true},
		{"empty", nil, "", nil, "", false},
		{"only bom", []byte("\uFEFF"), "", nil, "", false},
		{"white space", []byte("\n\n"), "", []string{"not a HAR file: the file ends early"}, "", false},
		{"array", []byte(`[1, 2]`), "", []string{"not a HAR file: expected"}, "", false},
		{"no log", []byte(`{"a": {"b": [1, {"c": null}]}, "d": "e"}`), "", []string{"not a HAR file: the JSON object has no"}, "", false},
		{"no entries", []byte(`{"log": {"version": "1.2", "pages": [{"id": "p"}]}}`), "", nil, "", true},
		{"entries not a list", []byte(`{"log": {"entries": {"a": 1}}}`), "", []string{"malformed HAR entries: expected"}, "", false},
		{"text log", []byte("===== Schemathesis test session starts =====\n"), "", []string{"not a HAR file: invalid character"}, "", false},
		{"trailing garbage", append(append([]byte{}, full...), "\n}\n"...), "qH3vZr D5kT0n p2RxW8 Bm9fYe Wc0sLu Ri7eQa zN4hGd",
			[]string{"text after the end of the HAR file was ignored"}, "4.1.4", true},
		{"trailing white space", append(append([]byte{}, full...), "\n\n"...), "qH3vZr D5kT0n p2RxW8 Bm9fYe Wc0sLu Ri7eQa zN4hGd", nil, "4.1.4", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, st := harEvents(t, tc.in)
			var ids []string
			for _, it := range parsertest.Only[*parser.Interaction](evs) {
				ids = append(ids, it.TestCaseID)
			}
			var msgs []string
			for _, d := range parsertest.Diagnostics(evs) {
				msgs = append(msgs, d.Message)
				if d.Code != "json" || d.Severity != "warning" {
					t.Errorf("diagnostic %+v", d)
				}
			}
			ok := len(msgs) == len(tc.diags)
			for i := 0; ok && i < len(msgs); i++ {
				ok = strings.HasPrefix(msgs[i], tc.diags[i])
			}
			if !ok {
				t.Errorf("diagnostics %q, want prefixes %q", msgs, tc.diags)
			}
			if got := strings.Join(ids, " "); got != tc.ids {
				t.Errorf("ids %q, want %q", got, tc.ids)
			}
			rs := parsertest.Only[*parser.RunStart](evs)
			if tc.start != (len(rs) == 1) || len(rs) == 1 && rs[0].Version != tc.version {
				t.Errorf("RunStart %+v", rs)
			}
			if bytes.HasPrefix(tc.in, []byte("\uFEFF")) != st.BOM {
				t.Errorf("BOM = %v", st.BOM)
			}
		})
	}
}

func TestParseHARFields(t *testing.T) {
	evs, _ := harEvents(t, []byte(`{"log":{"entries":[{"time": 1250, "request": {"method": "post", "url": "http://h/x?y=1",
		"headers": [{"name": "User-Agent", "value": "schemathesis/4.0.0"}, {"name": "X-Schemathesis-TestCaseId", "value": "Q1"}]},
		"response": {"status": 503}}]}}`))
	its := parsertest.Only[*parser.Interaction](evs)
	want := parser.Interaction{TestCaseID: "Q1", Method: "POST", URI: "http://h/x?y=1", Status: 503, Elapsed: 1.25}
	if len(its) != 1 {
		t.Fatalf("interactions %+v", its)
	}
	got := *its[0]
	got.Span = parser.Span{}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if rs := parsertest.Only[*parser.RunStart](evs); rs[0].Version != "4.0.0" || rs[0].Line != 1 || rs[0].EndLine != 1 {
		t.Errorf("RunStart %+v", rs[0])
	}
}

func TestParseHARReadError(t *testing.T) {
	boom := errors.New("boom")
	data := readHAR(t, "harbor-4x.har")
	var its int
	_, err := Parse(&parsertest.ErrReader{Data: data[:4000], Err: boom}, parser.Options{Name: "x.har"}, parser.HandlerFunc(func(e parser.Event) {
		switch e.(type) {
		case *parser.Interaction:
			its++
		case *parser.Diagnostic:
			t.Errorf("diagnostic %+v", e)
		}
	}))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "x.har:") || its != 2 {
		t.Errorf("err = %v, %d interactions", err, its)
	}
}

// edgeInputs are hand-picked awkward inputs, run as tests and used as fuzz seeds. Inputs the
// fuzzer finds crashing go here too, as regression tests (none so far).
var edgeInputs = []string{
	"\uFEFF{",
	`{"log":{"entries":[{}`,
}

func TestParseHAREdgeInputs(t *testing.T) {
	for _, in := range edgeInputs {
		harEvents(t, []byte(in))
	}
}

// FuzzParseHAR feeds arbitrary bytes to Parse: no panic, no error on an in-memory reader,
// every span inside the input.
func FuzzParseHAR(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "har", "*.har"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
			f.Add(b[:len(b)/2])
		}
	}
	for _, s := range slices.Concat(edgeInputs, []string{`{"log":{"creator":{"name":"Schemathesis","version":"4"},"entries":[{"time":1,"request":{"method":"GET","url":"u","headers":[]},"response":{"status":200}}]}}`}) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		harEvents(t, data)
	})
}
