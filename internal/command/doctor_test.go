package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDoctorExitCodes(t *testing.T) {
	fixture := func(name string) string { return filepath.Join(repoRoot, "testdata", "doctor", name) }
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean", []string{"doctor", fixture("clean")}, ExitOK},
		{"warnings only", []string{"doctor", fixture("gitlab-path-latest")}, ExitOK},
		{"hooks missing in CI", []string{"doctor", fixture("ci-hooks-missing")}, ExitFailures},
		{"json keeps the exit code", []string{"doctor", "-o", "json", fixture("version-differs")}, ExitFailures},
		{"github keeps the exit code", []string{"doctor", "-o", "github", fixture("docker-env-not-passed")}, ExitFailures},
		{"missing directory", []string{"doctor", filepath.Join(t.TempDir(), "nope")}, ExitInput},
		{"bad output", []string{"doctor", "-o", "yaml", fixture("clean")}, ExitUsage},
		{"two directories", []string{"doctor", fixture("clean"), fixture("clean")}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if n := strings.Count(stderr, "ctlog: failing because doctor found "); n != map[bool]int{true: 1}[code == ExitFailures] {
				t.Errorf("exit %d with %d reason lines: %q", code, n, stderr)
			}
		})
	}
}

// TestDoctorGolden compares the text output with the reviewed files in testdata/golden/doctor.
func TestDoctorGolden(t *testing.T) {
	t.Chdir(repoRoot)
	for _, name := range []string{"ci-hooks-missing", "settings-differ"} {
		t.Run(name, func(t *testing.T) {
			_, stdout, _ := run(t, "", nil, "doctor", "testdata/doctor/"+name)
			golden := filepath.Join("testdata", "golden", "doctor", name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if stdout != string(want) {
				t.Errorf("ctlog doctor %s differs from %s:\n%s", name, golden, stdout)
			}
		})
	}
}

func TestDoctorJSON(t *testing.T) {
	code, stdout, _ := run(t, "", nil, "doctor", "-o", "json", filepath.Join(repoRoot, "testdata", "doctor", "docker-env-not-passed"))
	var doc struct {
		Differs     bool `json:"differs"`
		Invocations []struct {
			Side string `json:"side"`
			Kind string `json:"kind"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"invocations"`
		Findings []struct {
			ID   string `json:"id"`
			File string `json:"file"`
			Line int    `json:"line"`
			Fix  string `json:"fix"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if code != ExitFailures || !doc.Differs || len(doc.Invocations) != 2 || doc.Invocations[0].Kind != "docker" {
		t.Fatalf("exit %d, %+v", code, doc)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].ID != "hooks-not-passed" || doc.Findings[0].Line != 12 || !strings.Contains(doc.Findings[0].Fix, "-e SCHEMATHESIS_HOOKS") {
		t.Errorf("findings %+v", doc.Findings)
	}
}

// TestDoctorGitHub checks the annotations: on the line, with the path from the workspace, escaped.
func TestDoctorGitHub(t *testing.T) {
	env := map[string]string{"GITHUB_WORKSPACE": mustAbs(t, repoRoot)}
	_, stdout, _ := run(t, "", env, "doctor", "-o", "github", filepath.Join(repoRoot, "testdata", "doctor", "ci-hooks-missing"))
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := "::error file=testdata/doctor/ci-hooks-missing/.github/workflows/contract.yml,line=9,title=ctlog doctor%3A hooks-not-set::Schemathesis at"
	if len(lines) != 1 || !strings.HasPrefix(lines[0], want) || !strings.Contains(lines[0], "%0AFix: add `SCHEMATHESIS_HOOKS: tests.hooks`") {
		t.Errorf("got %q\nwant a line starting %q", stdout, want)
	}
}

// TestDoctorRedacts checks that secrets in the repository's env and scripts never reach the output.
func TestDoctorRedacts(t *testing.T) {
	dir := t.TempDir()
	const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	files := map[string]string{
		".github/workflows/ci.yml": "jobs:\n  c:\n    env:\n      GH_TOKEN: " + token + "\n    steps:\n      - run: |\n          st run http://x/openapi.json -H \"Authorization: Bearer " + jwt + "\"\n",
		"Makefile":                 "c:\n\tAPI_KEY=" + jwt + " st run http://x/openapi.json\n",
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"text", "json", "github"} {
		_, stdout, stderr := run(t, "", nil, "doctor", "-o", format, dir)
		if strings.Contains(stdout+stderr, token) || strings.Contains(stdout+stderr, jwt) {
			t.Errorf("-o %s leaks a secret:\n%s", format, stdout)
		}
		if format == "json" && !strings.Contains(stdout, "GH_TOKEN") {
			t.Errorf("-o json lost the variable's name:\n%s", stdout)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
