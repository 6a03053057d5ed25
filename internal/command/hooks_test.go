package command

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

func hooksFixture(name string) string { return filepath.Join("..", "..", "testdata", "hooks", name) }

func TestHooksLintExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean file", []string{"hooks", "lint", hooksFixture("good.py")}, ExitOK},
		{"clean 4.x file, guessed", []string{"hooks", "lint", hooksFixture("good_v4.py")}, ExitOK},
		{"unregistered hooks", []string{"hooks", "lint", hooksFixture("aquamind_stage2_plain.py")}, ExitFailures},
		{"invented names", []string{"hooks", "lint", hooksFixture("aquamind_stage1_decorated.py")}, ExitFailures},
		{"right in 3.x, wrong in 4.x", []string{"hooks", "lint", "--schemathesis", "4", hooksFixture("good.py")}, ExitFailures},
		{"json keeps the exit code", []string{"hooks", "lint", "-o", "json", hooksFixture("wrong_arity.py")}, ExitFailures},
		{"missing file", []string{"hooks", "lint", filepath.Join(t.TempDir(), "nope.py")}, ExitInput},
		{"a directory", []string{"hooks", "lint", t.TempDir()}, ExitInput},
		{"bad version", []string{"hooks", "lint", "--schemathesis", "5", hooksFixture("good.py")}, ExitUsage},
		{"bad output", []string{"hooks", "lint", "-o", "yaml", hooksFixture("good.py")}, ExitUsage},
		{"no file", []string{"hooks", "lint"}, ExitUsage},
		{"two files", []string{"hooks", "lint", hooksFixture("good.py"), hooksFixture("good.py")}, ExitUsage},
		{"unknown flag", []string{"hooks", "lint", "--nope", hooksFixture("good.py")}, ExitUsage},
		{"rules", []string{"hooks", "rules", hooksFixture("rules_paths.py")}, ExitOK},
		{"rules of a broken file still print", []string{"hooks", "rules", hooksFixture("aquamind_stage2_plain.py")}, ExitOK},
		{"rules, missing file", []string{"hooks", "rules", filepath.Join(t.TempDir(), "nope.py")}, ExitInput},
		{"rules, no file", []string{"hooks", "rules"}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if code == ExitInput && !strings.HasPrefix(stderr, "ctlog: read ") {
				t.Errorf("stderr %q", stderr)
			}
			// Exit 1 comes with one line that says why; no other code does.
			if n := strings.Count(stderr, "ctlog: failing because hooks lint found "); n != map[bool]int{true: 1}[code == ExitFailures] {
				t.Errorf("exit %d with %d reason lines: %q", code, n, stderr)
			}
		})
	}
}

// TestHooksLintText checks the GitHub-friendly "file:line: severity: message [code]" lines.
func TestHooksLintText(t *testing.T) {
	path := hooksFixture("aquamind_stage2_plain.py")
	code, stdout, _ := run(t, "", nil, "hooks", "lint", "--schemathesis", "3", path)
	if code != ExitFailures {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	finding := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:\d+: (error|warning|info): .+ \[[a-z-]+\]$`)
	for _, l := range lines[:len(lines)-1] {
		if !finding.MatchString(l) {
			t.Errorf("not a file:line finding: %q", l)
		}
	}
	wantIn := []string{
		path + ":7: error: `before_call` has a Schemathesis hook's name but is never registered",
		path + ":4: warning: prints \"🔌 AquaMind Schemathesis hooks loaded!\" when the module is imported",
	}
	for _, w := range wantIn {
		if !strings.Contains(stdout, w) {
			t.Errorf("no %q in\n%s", w, stdout)
		}
	}
	last := lines[len(lines)-1]
	if last != path+": Schemathesis 3.x: 0 of 2 hook functions will be called; 2 errors, 2 warnings — some hooks will not run" {
		t.Errorf("summary %q", last)
	}

	_, stdout, _ = run(t, "", nil, "hooks", "lint", hooksFixture("good.py"))
	if !strings.Contains(stdout, "the default: nothing in the file tells 3.x from 4.x; use --schemathesis: 3 of 3 hook functions will be called; 0 errors, 0 warnings\n") {
		t.Errorf("good.py summary:\n%s", stdout)
	}
}

func TestHooksLintJSON(t *testing.T) {
	code, stdout, _ := run(t, "", nil, "hooks", "lint", "-o", "json", hooksFixture("aquamind_stage1_decorated.py"))
	if code != ExitFailures {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Path   string `json:"path"`
		Major  int    `json:"schemathesis_major"`
		Source string `json:"major_source"`
		Silent bool   `json:"silent"`
		Hooks  []struct {
			Function   string `json:"function"`
			Name       string `json:"name"`
			Line       int    `json:"line"`
			Registered bool   `json:"registered"`
			Effective  bool   `json:"effective"`
			Problem    string `json:"problem"`
		} `json:"hooks"`
		Findings []struct {
			Line     int    `json:"line"`
			Severity string `json:"severity"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if doc.Major != 3 || doc.Source != "default" || !doc.Silent || len(doc.Hooks) != 2 {
		t.Errorf("doc %+v", doc)
	}
	h := doc.Hooks[0]
	if h.Function != "fix_dev_auth_response" || h.Name != "fix_dev_auth_response" || h.Line != 18 || !h.Registered || h.Effective || h.Problem != "unknown-hook-name" {
		t.Errorf("hook %+v", h)
	}
	if len(doc.Findings) == 0 || doc.Findings[0].Line != 17 || doc.Findings[0].Code != "unknown-hook-name" || doc.Findings[0].Severity != "error" {
		t.Errorf("findings %+v", doc.Findings)
	}
}

// TestHooksRulesLoads saves `ctlog hooks rules` output and loads it as the triage config.
func TestHooksRulesLoads(t *testing.T) {
	for _, name := range []string{"rules_paths.py", "aquamind_stage1_decorated.py", "aquamind_stage2_plain.py", "call_forms.py", "good.py"} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", nil, "hooks", "rules", hooksFixture(name))
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, "\nhooks:\n") || !strings.HasPrefix(stderr, "ctlog: ") {
				t.Errorf("stdout:\n%s\nstderr: %s", stdout, stderr)
			}
			p := filepath.Join(t.TempDir(), ".ctlog.yaml")
			if err := os.WriteFile(p, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := rules.Load(p)
			if err != nil {
				t.Fatalf("output does not load: %v\n%s", err, stdout)
			}
			if name == "rules_paths.py" {
				// ../../testdata/... gives no module name: SCHEMATHESIS_HOOKS cannot reach above the working directory.
				if len(cfg.Hooks.Rules) != 4 || cfg.Hooks.Rules[0].Name != "fix_dev_auth_response" || cfg.Hooks.Module != "" {
					t.Errorf("config %+v", cfg.Hooks)
				}
				if !strings.Contains(stderr, "4 rules derived") {
					t.Errorf("stderr %q", stderr)
				}
			}
		})
	}
}

func TestHooksRulesModuleFromRelativePath(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "aquamind", "utils"), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(hooksFixture("aquamind_stage2_plain.py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "aquamind", "utils", "schemathesis_hooks.py"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, stdout, _ := run(t, "", nil, "hooks", "rules", "aquamind/utils/schemathesis_hooks.py")
	if code != ExitOK || !strings.Contains(stdout, "\n  module: aquamind.utils.schemathesis_hooks\n") ||
		!strings.Contains(stdout, "\n  banner: \"AquaMind Schemathesis hooks loaded\"\n") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

func TestHooksHelp(t *testing.T) {
	_, stdout, _ := run(t, "", nil, "--help")
	if !strings.Contains(stdout, "hooks") {
		t.Errorf("root help does not list hooks:\n%s", stdout)
	}
	_, stdout, _ = run(t, "", nil, "hooks", "lint", "--help")
	if !strings.Contains(stdout, "--schemathesis") || !strings.Contains(stdout, "Exit codes:") {
		t.Errorf("lint help:\n%s", stdout)
	}
}
