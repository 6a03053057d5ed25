package cassette

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

// edgeInputs are hand-picked awkward inputs, run as tests and used as fuzz seeds. Inputs the
// fuzzer finds crashing go here too, as regression tests (none so far).
var edgeInputs = []string{
	"http_interactions:\n- \"\n",
	"-\n- : '\xff'\n",
	"- message: '\\x'\n- uri: ''''\n",
	"http_interactions:\n- request:\n    uri: 'http://h'\n    method: 'GET'\n    body:\n      base64_string: '=='\n  response:\n    body:\n      base64_string: 'A'\n  checks:\n  - status: FAILURE\n",
}

func TestParseCassetteEdgeInputs(t *testing.T) {
	for _, in := range edgeInputs {
		cassetteEvents(t, []byte(in), parser.Options{MaxText: 256, MaxLine: 4096})
	}
}

// FuzzParseCassette feeds arbitrary bytes to Parse: no panic, no error on an in-memory
// reader, every span inside the input.
func FuzzParseCassette(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "cassettes", "*.yaml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range edgeInputs {
		f.Add([]byte(s))
	}
	small := "recorded_with: 'Schemathesis 3.39.16'\nhttp_interactions:\n- id: '1'\n  status: 'FAILURE'\n  checks:\n    - name: 'not_a_server_error'\n      status: 'FAILURE'\n      message: 'Server error'\n  request:\n    uri: 'http://h/a?b=1'\n    method: 'GET'\n    headers:\n      \"X-Schemathesis-TestCaseId\":\n      - \"Ab1\"\n  response:\n    status:\n      code: '500'\n      message: \"Internal Server Error\"\n    body:\n      encoding: 'utf-8'\n      string: \"boom\\n\\x01\"\n"
	f.Add([]byte(small))
	f.Add([]byte(strings.ReplaceAll(small, "\n", "\r\n")))
	f.Add([]byte(strings.Replace(small, "3.39.16", "4.1.0", 1)))
	f.Add(hugeCassette(3000, false))
	f.Add(hugeCassette(3000, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		cassetteEvents(t, data, parser.Options{Name: "fuzz", MaxText: 256, MaxLine: 4096})
	})
}
