package command

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const miniLog = `======================= Schemathesis test session starts =======================
Schema location: http://localhost/openapi.json
Base URL: http://localhost/api
Specification version: Open API 3.0.3
Workers: 1
Collected API operations: 1
Collected API links: 0
API probing: SUCCESS
Schema analysis: SKIP

GET /api/a F                                                              [100%]

=================================== FAILURES ===================================
__________________________________ GET /api/a __________________________________
1. Test Case ID: Kq1Lm2

- Server error

[500] Internal Server Error:

    ` + "`boom`" + `

Reproduce with: 

    curl -X GET -H 'Authorization: Bearer sk_live_0123456789abcdefghij' 'http://localhost/api/a?token=s3cr3tvalue'

=================================== SUMMARY ====================================

Performed checks:
    not_a_server_error                    0 / 1 passed          FAILED 

============================== 1 failed in 0.40s ===============================
`

func run(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ios := IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut,
		Getenv: func(k string) string { return env[k] }}
	code = Main(args, ios)
	return code, out.String(), errOut.String()
}

func TestSummarizeExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "run.log")
	if err := os.WriteFile(good, []byte(miniLog), 0o644); err != nil {
		t.Fatal(err)
	}
	notALog := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notALog, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		errSubstr string
	}{
		{"parsed", []string{"summarize", good}, "", ExitOK, ""},
		{"stdin dash", []string{"summarize", "-"}, miniLog, ExitOK, ""},
		{"stdin implicit", []string{"summarize"}, miniLog, ExitOK, ""},
		{"missing file", []string{"summarize", filepath.Join(dir, "nope.log")}, "", ExitInput, "nope.log"},
		{"no schemathesis output", []string{"summarize", notALog}, "", ExitInput, "no Schemathesis output found"},
		{"unknown flag", []string{"summarize", "--bogus", good}, "", ExitUsage, "unknown flag"},
		{"unknown format", []string{"summarize", "-o", "yaml", good}, "", ExitUsage, "unknown output format"},
		{"two stdout outputs", []string{"summarize", "-o", "text", "-o", "json", good}, "", ExitUsage, "only one output"},
		{"unknown command", []string{"sumarize"}, "", ExitUsage, "unknown command"},
		{"bad redact regex", []string{"summarize", "--redact", "(", good}, "", ExitUsage, "--redact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.stdin, nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d (stderr: %s)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.errSubstr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.errSubstr)
			}
		})
	}
}

func TestSummarizeJSONAndRedaction(t *testing.T) {
	code, out, stderr := run(t, miniLog, nil, "summarize", "-o", "json", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, secret := range []string{"sk_live_0123456789abcdefghij", "s3cr3tvalue"} {
		if strings.Contains(out, secret) {
			t.Errorf("JSON output leaks %q", secret)
		}
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Inputs        []struct {
			Name string `json:"name"`
			Runs []struct {
				Groups []struct {
					Operation string `json:"operation"`
					Check     string `json:"check"`
					Status    int    `json:"status"`
					Count     int    `json:"count"`
					Samples   []struct {
						Reproduce []string `json:"reproduce"`
					} `json:"samples"`
				} `json:"groups"`
				Integrity struct {
					OK bool `json:"ok"`
				} `json:"integrity"`
			} `json:"runs"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != 1 || len(doc.Inputs) != 1 || doc.Inputs[0].Name != "(stdin)" {
		t.Fatalf("document = %+v", doc)
	}
	g := doc.Inputs[0].Runs[0].Groups
	if len(g) != 1 || g[0].Operation != "GET /api/a" || g[0].Check != "not_a_server_error" || g[0].Status != 500 || g[0].Count != 1 {
		t.Errorf("groups = %+v", g)
	}
	if cmd := g[0].Samples[0].Reproduce[0]; !strings.Contains(cmd, "Authorization: [REDACTED]") || !strings.Contains(cmd, "token=[REDACTED]") {
		t.Errorf("reproduce not redacted: %s", cmd)
	}
	if !doc.Inputs[0].Runs[0].Integrity.OK {
		t.Error("integrity not ok")
	}
}

func TestSummarizeColor(t *testing.T) {
	dir := t.TempDir()
	_, plain, _ := run(t, miniLog, nil, "summarize")
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour escapes when stdout is not a terminal")
	}
	_, forced, _ := run(t, miniLog, nil, "summarize", "--color", "always")
	if !strings.Contains(forced, "\x1b[") {
		t.Error("no colour with --color always")
	}
	var out bytes.Buffer
	ios := IOStreams{In: strings.NewReader(miniLog), Out: &out, ErrOut: &bytes.Buffer{}, OutTTY: true,
		Getenv: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return ""
		}}
	Main([]string{"summarize"}, ios)
	if strings.Contains(out.String(), "\x1b[") {
		t.Error("colour escapes despite NO_COLOR")
	}
	// A file output is never coloured.
	path := filepath.Join(dir, "s.txt")
	run(t, miniLog, nil, "summarize", "--color", "always", "-o", "text="+path, "-o", "json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "\x1b[") || !strings.Contains(string(b), "GET /api/a") {
		t.Errorf("text file output = %q", b)
	}
}
