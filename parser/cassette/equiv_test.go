package cassette

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// quickReads and scanReads count the interactions quick read, and those it read straight from
// the bytes, for the tests to know they were used.
var quickReads, scanReads atomic.Int64

func init() {
	onQuick = func(n int) { quickReads.Add(int64(n)) }
	onScan = func(n int) { scanReads.Add(int64(n)) }
}

// readBoth parses data with the fast path and with every interaction decoded as YAML, and fails
// the test when their events, stats or errors differ in anything.
func readBoth(t testing.TB, name string, data []byte, opts parser.Options) {
	t.Helper()
	run := func(careful bool) ([]parser.Event, parser.Stats, error) {
		var evs []parser.Event
		st, err := parse(bytes.NewReader(data), opts, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }), careful)
		return evs, st, err
	}
	parsertest.SameRead(t, name, run)
}

// equivInputs are the cassettes of the tests, generated ones of both layouts and, when present, the corpus's.
func equivInputs(t *testing.T) map[string][]byte {
	return parsertest.EquivInputs(t, filepath.Join("..", "..", "testdata", "cassettes", "*.yaml"), "*cassette*.yaml", loggen.GenerateCassette)
}

// twists are changes to a cassette that reach every way out of quick.
var twists = []struct {
	name     string
	old, new string
}{
	{"crlf", "\n", "\r\n"},
	{"comment", "\n  request:", "\n  # a comment\n  request:"},
	{"tab", "\n    uri:", "\n    uri:\t"},
	{"anchor", "method: '", "method: &m '"},
	{"alias", "\n    method: ", "\n    method: *m\n    x: "},
	{"tag", "method: '", "method: !!str '"},
	{"flow", "\n  status: ", "\n  flow: {a: 1}\n  status: "},
	{"flow-seq", "\n  status: ", "\n  flow: [1, 2]\n  status: "},
	{"dup", "\n  status: ", "\n  status: 'X'\n  status: "},
	{"dup-unknown", "\n  request:", "\n  zz: 1\n  zz: 2\n  request:"},
	{"quoted-key", "\n    method:", "\n    \"method\":"},
	{"null-status", "\n  status: '", "\n  status: ~\n  x: '"},
	{"empty-value", "\n    method: '", "\n    method:\n    x: '"},
	{"multiline", "\n    method: ", "\n    method: GET\n      more\n    x: "},
	{"deeper", "\n    method: ", "\n     method: "},
	{"shallower", "\n    method: ", "\n   method: "},
	{"quote-in", "http://", "it''s http://"},
	{"bad-quote", "http://", "it's http://"},
	{"escape", "\"schemathesis/", "\"sch\\u00e9mathesis/"},
	{"unicode", "http://", "é http://"},
	{"plain-colon", "'SUCCESS'", "SUCCESS: yes"},
	{"plain-hash", "'SUCCESS'", "SUCCESS #c"},
	{"plain", "'SUCCESS'", "SUCCESS"},
	{"bool", "'SUCCESS'", "true"},
	{"dash-alone", "\n  request:", "\n  l:\n  -\n    a: 1\n  request:"},
	{"dash-spaces", "\n      - \"", "\n      -   \""},
	{"item-map", "\n  request:", "\n  l:\n  - a: 1\n    b: 2\n  - c\n  request:"},
	{"seq-deeper", "\n  request:", "\n  l:\n    - a\n    - b\n  request:"},
	{"phase-scalar", "\n  phase:\n    name: 'fuzzing'\n    data: {}", "\n  phase: 'fuzzing'"},
	{"phase-null", "\n  phase:\n    name: 'fuzzing'\n    data: {}", "\n  phase: null"},
	{"response-null", "\n  response:", "\n  response: ~\n  zresponse:"},
	{"request-scalar", "\n  request:", "\n  request: x\n  zrequest:"},
	{"doc-marker", "\n- id:", "\n---\n- id:"},
	{"merge", "\n    method: ", "\n    <<: {}\n    method: "},
	{"question", "\n    method: ", "\n    ? method\n    : "},
	{"esc-ok", "string: \"", `string: "\x41\u00e9\U0001F600\0\a\b\t\v\f\r\e\ \"\'\\\N\_\L\P`},
	{"esc-surrogate", "string: \"", `string: "\uD800`},
	{"esc-big", "string: \"", `string: "\U00110000`},
	{"esc-slash", "string: \"", `string: "\/`},
	{"esc-unknown", "string: \"", `string: "\q`},
	{"esc-short", "string: \"", `string: "\x4`},
	{"esc-hex", "string: \"", `string: "\xZZ`},
	{"esc-quote-end", "\"\n    http_version", "\\\"\n    http_version"},
	{"quote-inside", "string: \"", `string: "a" "`},
	{"msg-escape", "message: 'Server error'", `message: 'Server\nerror'`},
	{"check-null-item", "\n  checks:\n", "\n  checks:\n    - ~\n"},
	{"check-scalar-item", "\n  checks:\n", "\n  checks:\n    - x\n"},
	{"checks-null", "\n  checks:\n", "\n  checks: ~\n  xchecks:\n"},
	{"body-null", "\n    body:\n", "\n    body: ~\n    xbody:\n"},
	{"body-string-null", "      string: ", "      string: ~\n      xstring: "},
	{"long-key", "\n    method: ", "\n    " + string(bytes.Repeat([]byte("k"), 1100)) + ": 1\n    method: "},
}

// TestFastEqualsCareful holds the fast path to the YAML parser on every cassette, on each with
// every twist, cut short at a spread of places and mutated at random, and checks that quick reads
// the interactions of the unchanged ones.
func TestFastEqualsCareful(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	for name, data := range equivInputs(t) {
		opts := parser.Options{Name: name}
		before, scanned := quickReads.Load(), scanReads.Load()
		readBoth(t, name, data, opts)
		if bytes.Contains(data, []byte("\n  status: 'SUCCESS'")) && quickReads.Load() == before {
			t.Errorf("%s: quick read no interaction", name)
		}
		if strings.HasPrefix(name, "generated") && scanReads.Load() == scanned {
			t.Errorf("%s: no interaction read from the bytes", name)
		}
		for _, tw := range twists {
			v := bytes.Replace(data, []byte(tw.old), []byte(tw.new), 1+rng.Intn(3))
			readBoth(t, name+" "+tw.name, v, opts)
		}
		step := max(1, len(data)/31)
		for cut := 0; cut < len(data); cut += step + rng.Intn(7) {
			readBoth(t, fmt.Sprintf("%s cut at %d", name, cut), data[:cut], opts)
		}
		for i := range 25 {
			v := bytes.Clone(data)
			for range 1 + rng.Intn(6) {
				const special = "'\"-:# \n\t{}[]&*!|>~?,%@`\\"
				v[rng.Intn(len(v))] = special[rng.Intn(len(special))]
			}
			readBoth(t, fmt.Sprintf("%s mutation %d", name, i), v, opts)
		}
	}
}

// FuzzFastEqualsCareful holds the fast path to the YAML parser on arbitrary cassettes.
func FuzzFastEqualsCareful(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "cassettes", "*.yaml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	var buf bytes.Buffer
	if _, err := loggen.GenerateCassette(&buf, loggen.ReportConfig{Seed: 1, Major: 4, TargetBytes: 4 << 10}); err == nil {
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readBoth(t, "fuzz", data, parser.Options{Name: "fuzz", MaxText: 256, MaxLine: 4096})
	})
}

// TestContainsFailure holds containsFailure to the upper-case search it replaces, on chosen texts
// and on random ones that put the word and non-ASCII letters at every place of a word of eight.
func TestContainsFailure(t *testing.T) {
	texts := []string{"", "FAILURE", "failure", "FaIlUrE!", "failur", "xfailurex", "fa\u0131lure",
		"\u017fuccess failure", "'SUCCESS'", "FAILUR\u00c9", "fail ure", "\xff failure", "\xff",
		"      status: 'SUCCESS'", "      status: 'FAILURE'", "        message: 'Response status 500 fffffff failur'",
		"ffffffffFAILURE", "fffffffailure", "\u0131\u0131\u0131\u0131 fa\u0131lure and more text", "FAILURE\xff"}
	rng := rand.New(rand.NewSource(7))
	parts := []string{"failure", "FAIL", "ure", "f", "F", "\u0131", "\u00e9", "x", "  ", "fa\u0131l", "\xff"}
	for range 2000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		want := bytes.Contains(bytes.ToUpper([]byte(s)), []byte("FAILURE"))
		if got := containsFailure([]byte(s)); got != want {
			t.Errorf("containsFailure(%q) = %v, want %v", s, got, want)
		}
	}
}
