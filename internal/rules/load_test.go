package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const exampleConfig = `# AquaMind
hooks:
  module: aquamind.utils.schemathesis_hooks
  banner: "AquaMind Schemathesis hooks loaded"
  rules:
    - name: fix_dev_auth_response
      operations: ["GET /api/v1/auth/dev-auth/"]
      checks: [status_code_conformance]
      statuses: [401, "5xx"]
      prints: "fix_dev_auth_response applied"
    - name: fix_action_response_types
      operations: ["GET /**/recent/", "GET /**/stats/", "GET /**/by_batch/", "GET /**/summary/"]
      checks: [response_schema_conformance]
`

func TestLoadExample(t *testing.T) {
	p := writeConfig(t, t.TempDir(), ".ctlog.yaml", exampleConfig)
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	want := aquamind
	want.Rules = slicesClone(aquamind.Rules)
	want.Rules[0].Prints = "fix_dev_auth_response applied"
	if !reflect.DeepEqual(cfg.Hooks, want) {
		t.Errorf("Hooks =\n%#v\nwant\n%#v", cfg.Hooks, want)
	}
	if cfg.Path != p {
		t.Errorf("Path = %q, want %q", cfg.Path, p)
	}
	if got := cfg.Hooks.Match("GET /api/v1/x/{id}/recent/", "response_schema_conformance", "", 200); len(got) != 1 {
		t.Errorf("Match = %q", got)
	}
}

func slicesClone(r []Rule) []Rule { return append([]Rule(nil), r...) }

// TestLoadDocExample loads the complete config from docs/hook-rules.md, so the documented
// example stays valid.
func TestLoadDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "hook-rules.md"))
	if err != nil {
		t.Fatal("docs/hook-rules.md:", err)
	}
	const start = "<!-- example:begin -->\n```yaml\n"
	i := strings.Index(string(doc), start)
	j := strings.Index(string(doc), "```\n<!-- example:end -->")
	if i < 0 || j < i {
		t.Fatal("docs/hook-rules.md: example markers not found")
	}
	p := writeConfig(t, t.TempDir(), ".ctlog.yaml", string(doc[i+len(start):j]))
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	h := cfg.Hooks
	if h.Module != "aquamind.utils.schemathesis_hooks" || !strings.Contains(h.Banner, "AquaMind Schemathesis hooks loaded") || len(h.Rules) < 2 {
		t.Fatalf("unexpected hooks: %+v", h)
	}
	cases := []struct {
		op, check, title string
		status           int
		want             string
	}{
		{"GET /api/v1/auth/dev-auth/", "status_code_conformance", "Undocumented HTTP status code", 401, "fix_dev_auth_response"},
		{"GET /api/v1/environmental/readings/recent/", "response_schema_conformance", "Response violates schema", 200, "fix_action_response_types"},
		{"GET /api/v1/environmental/readings/stats/", "response_schema_conformance", "Response violates schema", 200, "fix_action_response_types"},
		{"GET /api/v1/inventory/feeding-events/by_batch/", "status_code_conformance", "Undocumented HTTP status code", 400, ""},
	}
	for _, c := range cases {
		got := h.Match(c.op, c.check, c.title, c.status)
		if (c.want == "" && len(got) != 0) || (c.want != "" && (len(got) != 1 || got[0] != c.want)) {
			t.Errorf("Match(%q, %q) = %q, want %q", c.op, c.check, got, c.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // substrings, each with the FILE:LINE prefix written as "F:"
	}{
		{"typo field", `hooks:
  rules:
    - name: fix_dev_auth_response
      oprations: ["GET /api/v1/auth/dev-auth/"]
`, []string{`parse F:4: unknown field "oprations" in rule 1 (did you mean "operations"?)`, `F:3: rule "fix_dev_auth_response": no operations`}},
		{"typo top field", `hook:
  rules: []
`, []string{`parse F:1: unknown field "hook" in config (did you mean "hooks"?)`}},
		{"unknown field far from any", `hooks:
  colour: red
`, []string{`parse F:2: unknown field "colour" in hooks (known: module, banner, rules)`}},
		{"typo check", `hooks:
  rules:
    - name: fix_dev_auth_response
      operations: ["GET /api/v1/auth/dev-auth/"]
      checks:
        - status_code_conformance
        - status_code_conformence
`, []string{`F:7: rule "fix_dev_auth_response": unknown check "status_code_conformence": did you mean "status_code_conformance"?`}},
		{"typo check with dashes", `hooks:
  rules:
    - name: r
      operations: ["* /**"]
      checks: [ignored-auth]
`, []string{`F:5: rule "r": unknown check "ignored-auth": did you mean "ignored_auth"?`}},
		{"typo title", `hooks:
  rules:
    - name: r
      operations: ["* /**"]
      checks: ["Response violate schema"]
`, []string{`F:5: rule "r": unknown check "Response violate schema": did you mean "Response violates schema"?`}},
		{"bad status", `hooks:
  rules:
    - name: fix_dev_auth_response
      operations: ["GET /api/v1/auth/dev-auth/"]
      statuses:
        - 401
        - 6xx
        - abc
`, []string{`F:7: rule "fix_dev_auth_response": status "6xx": want an HTTP status code`, `F:8: rule "fix_dev_auth_response": status "abc"`}},
		{"missing name", `hooks:
  module: ci_hooks
  rules:
    - name: ok
      operations: ["GET /a/"]
    - operations: ["GET /b/"]
      checks: [not_a_server_error]
`, []string{`F:6: rule 2: missing name`}},
		{"missing operations", `hooks:
  rules:
    - name: lonely
      checks: [not_a_server_error]
`, []string{`F:3: rule "lonely": no operations`}},
		{"bad glob", `hooks:
  rules:
    - name: g
      operations:
        - "GET /ok/"
        - "GET /api/v1**/"
        - "/no/method/"
`, []string{`F:6: rule "g": operation "GET /api/v1**/": path "/api/v1**/": ** must be a whole segment`, `F:7: rule "g": operation "/no/method/": no method`}},
		{"repeated field", `hooks:
  rules:
    - name: a
      operations: ["GET /a/"]
      name: b
`, []string{`parse F:5: field "name" repeated (first at line 3)`}},
		{"wrong type", `hooks:
  rules:
    name: a
`, []string{`parse F:3: hooks.rules: want a list, got a mapping`}},
		{"wrong item type", `hooks:
  rules:
    - name: a
      operations: [{GET: /a/}]
`, []string{`parse F:4: rule "a".operations: want a list of strings, got a mapping in it`}},
		{"yaml syntax", `hooks:
  rules:
    - name: a
     operations: ["GET /a/"]
`, []string{`parse F:4: did not find expected '-' indicator (in the block at line 2)`}},
		{"module path", `hooks:
  module: aquamind/utils/schemathesis_hooks.py
`, []string{`parse F:2: hooks.module: "aquamind/utils/schemathesis_hooks.py" is a file path; SCHEMATHESIS_HOOKS takes a dotted module name: did you mean "aquamind.utils.schemathesis_hooks"?`}},
		{"module junk", `hooks:
  module: "ci hooks"
`, []string{`parse F:2: hooks.module: "ci hooks" is not a dotted Python module name`}},
		{"multi-line prints", `hooks:
  rules:
    - name: a
      operations: ["GET /a/"]
      prints: |
        one
        two
`, []string{`F:5: rule "a": prints: want a single line`}},
		{"name not a string", `hooks:
  rules:
    - name: [a, b]
      operations: ["GET /a/"]
`, []string{`parse F:3: rule 1.name: want a string, got a list`, `F:3: rule 1: missing name`}},
		{"empty entries", `hooks:
  banner: "x"
  rules:
    - name: a
      operations: ["GET /a/", ~]
      checks: [~]
      statuses: [""]
`, []string{`parse F:5: rule "a".operations: empty entry`, `parse F:6: rule "a".checks: empty entry`, `F:7: rule "a": status ""`}},
		{"rule not a mapping", `hooks:
  rules:
    - fix_dev_auth_response
`, []string{`parse F:3: rule 1: want a mapping, got a scalar`}},
		{"two documents", "hooks: {}\n---\nhooks: {}\n", []string{`parse F:2: more than one YAML document`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, t.TempDir(), ".ctlog.yaml", tc.text)
			cfg, err := Load(p)
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			msg := err.Error()
			for _, w := range tc.want {
				w = strings.ReplaceAll(w, "F:", p+":")
				if !strings.Contains(msg, w) {
					t.Errorf("error\n%s\ndoes not contain\n%s", msg, w)
				}
			}
			if n := strings.Count(msg, "\n") + 1; n != len(tc.want) {
				t.Errorf("got %d errors, want %d:\n%s", n, len(tc.want), msg)
			}
		})
	}
}

func TestLoadErrorNamesRelativeFile(t *testing.T) {
	dir := t.TempDir()
	writeConfig(t, dir, ".ctlog.yaml", "hooks:\n  rules:\n    - name: x\n      operations: [\"GET /a/\"]\n      oprations: []\n")
	t.Chdir(dir)
	_, err := Load(".ctlog.yaml")
	want := `parse .ctlog.yaml:5: unknown field "oprations"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want prefix %q", err, want)
	}
}

func TestLoadAccepts(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Hooks
	}{
		{"empty file", "", Hooks{}},
		{"comments only", "# nothing yet\n", Hooks{}},
		{"empty hooks", "hooks:\n", Hooks{}},
		{"custom check, title, scalar lists, alias", `hooks:
  module: ci_hooks
  rules:
    - name: a
      operations: &ops ["GET|HEAD /api/**/summary/"]
      checks: my_business_rule
      statuses: 5xx
    - name: a
      operations: *ops
      checks: ["Response violates schema", "Custom check failed: ` + "`x`" + `"]
      statuses: ["4XX", 404]
`, Hooks{Module: "ci_hooks", Rules: []Rule{
			{Name: "a", Operations: []string{"GET|HEAD /api/**/summary/"}, Checks: []string{"my_business_rule"}, Statuses: []string{"5xx"}},
			{Name: "a", Operations: []string{"GET|HEAD /api/**/summary/"}, Checks: []string{"Response violates schema", "Custom check failed: `x`"}, Statuses: []string{"4XX", "404"}},
		}}},
		{"known checks in any case", `hooks:
  rules:
    - name: b
      operations: ["* /**"]
      checks: [Request_Timeout, allow_header_conformance, API accepts requests without authentication]
`, Hooks{Rules: []Rule{{Name: "b", Operations: []string{"* /**"}, Checks: []string{"Request_Timeout", "allow_header_conformance", "API accepts requests without authentication"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, t.TempDir(), ".ctlog.yml", tc.text)
			cfg, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.Hooks, tc.want) {
				t.Errorf("Hooks =\n%#v\nwant\n%#v", cfg.Hooks, tc.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".ctlog.yaml")
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), p) || !os.IsNotExist(err) {
		t.Errorf("err = %v, want a not-exist error naming %s", err, p)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}

	// Nothing anywhere below root. (Above root, a stray config could exist on the machine
	// running the test; only assert that nothing under root is returned.)
	if got, err := Find(deep); err != nil || strings.HasPrefix(got, root) {
		t.Errorf("Find with no config = %q, %v", got, err)
	}

	yml := writeConfig(t, filepath.Join(root, "a"), ".ctlog.yml", "")
	if got, err := Find(deep); err != nil || got != yml {
		t.Errorf("Find = %q, %v; want %q", got, err, yml)
	}

	// A nearer directory wins; .yaml wins over .yml in the same directory.
	yml2 := writeConfig(t, filepath.Join(root, "a", "b"), ".ctlog.yml", "")
	if got, _ := Find(deep); got != yml2 {
		t.Errorf("Find = %q; want nearer %q", got, yml2)
	}
	yaml2 := writeConfig(t, filepath.Join(root, "a", "b"), ".ctlog.yaml", "")
	if got, _ := Find(deep); got != yaml2 {
		t.Errorf("Find = %q; want .yaml %q", got, yaml2)
	}

	// The start directory itself counts.
	here := writeConfig(t, deep, ".ctlog.yaml", "")
	if got, _ := Find(deep); got != here {
		t.Errorf("Find = %q; want %q", got, here)
	}

	// A directory named .ctlog.yaml is not a config.
	odd := filepath.Join(root, "odd", "x")
	if err := os.MkdirAll(filepath.Join(root, "odd", ".ctlog.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(odd, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(odd); err != nil || strings.HasPrefix(got, root) {
		t.Errorf("Find past a directory named .ctlog.yaml = %q, %v", got, err)
	}

	// Relative start directories are resolved.
	t.Chdir(deep)
	if got, _ := Find("."); got != here {
		t.Errorf("Find(.) = %q; want %q", got, here)
	}
	if got, _ := Find(".."); got != yaml2 {
		t.Errorf("Find(..) = %q; want %q", got, yaml2)
	}

	// Not a directory, or missing.
	if _, err := Find(here); err == nil {
		t.Error("Find(file): want an error")
	}
	if _, err := Find(filepath.Join(root, "missing")); err == nil {
		t.Error("Find(missing): want an error")
	}
}
