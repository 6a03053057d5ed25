package doctor

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestShellCommands(t *testing.T) {
	src := "set -e\nexport A=1 B='two words'\nst run \\\n  --checks all \"$URL\" # comment\ncd api && make x || true; echo 'a;b' | tee out 2>&1\n"
	var got []string
	for _, c := range shellCommands(src, 10) {
		got = append(got, strings.Join(c.Words, "|")+"@"+string(rune('0'+c.Line-10)))
	}
	want := []string{"set|-e@0", "export|A=1|B=two words@1", "st|run|--checks|all|$URL@2", "cd|api@4", "make|x@4", "true@4", "echo|a;b@4", "tee|out|2>&1@4"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestParseLaunch(t *testing.T) {
	tests := []struct {
		cmd     string
		ok      bool
		version string
		env     string // NAME=value of the command's own env, or of docker -e
		args    string
	}{
		{"st run URL", true, "", "", "run URL"},
		{"SCHEMATHESIS_HOOKS=h st run URL", true, "", "SCHEMATHESIS_HOOKS=h", "run URL"},
		{"env A=1 schemathesis run URL", true, "", "A=1", "run URL"},
		{"uv run --with schemathesis==4.2.0 st run URL", true, "4.2.0", "", "run URL"},
		{"uvx schemathesis==4.1.0 run URL", true, "4.1.0", "", "run URL"},
		{"poetry run schemathesis run URL", true, "", "", "run URL"},
		{"python3 -m schemathesis run URL", true, "", "", "run URL"},
		{"docker run --rm -e SCHEMATHESIS_HOOKS=h -v x:/app schemathesis/schemathesis:v3.39.16 run URL", true, "3.39.16", "SCHEMATHESIS_HOOKS=h", "run URL"},
		{"docker run -eA=1 schemathesis/schemathesis run URL", true, "latest", "A=1", "run URL"},
		{"docker run --network host schemathesis/schemathesis:4.24.3@sha256:dd1e run URL", true, "4.24.3", "", "run URL"},
		{"podman run localhost:5000/schemathesis/schemathesis:v3.21.0-buster run URL", true, "3.21.0-buster", "", "run URL"},
		{"docker run --rm postgres:16", false, "", "", ""},
		{"pip install schemathesis==3.39.16", false, "", "", ""},
		{"stat file", false, "", "", ""},
	}
	for _, tt := range tests {
		l, ok := parseLaunch(strings.Fields(tt.cmd))
		if ok != tt.ok {
			t.Errorf("%q: ok = %v", tt.cmd, ok)
			continue
		}
		if !ok {
			continue
		}
		env := l.Env
		if l.Docker {
			env = l.Passed
		}
		var kv []string
		for k, v := range env {
			kv = append(kv, k+"="+v)
		}
		if l.Version != tt.version || strings.Join(kv, ",") != tt.env || strings.Join(l.Args, " ") != tt.args {
			t.Errorf("%q: version %q env %q args %q, want %q %q %q", tt.cmd, l.Version, kv, l.Args, tt.version, tt.env, tt.args)
		}
	}
}

func TestParseArgs(t *testing.T) {
	p := parseArgs(strings.Fields("--config-file st.toml run URL -c not_a_server_error --checks=response_schema_conformance -H Authorization:x --header X-Key:1 -n 10 --workers=2 --hypothesis-seed 7 -D negative --base-url http://x --report junit"))
	want := map[string]string{"checks": "not_a_server_error,response_schema_conformance", "headers": "Authorization,X-Key",
		"max-examples": "10", "workers": "2", "seed": "7", "mode": "negative", "base-url": "http://x"}
	if !p.Run || p.ConfigFile != "st.toml" || len(p.Settings) != len(want) {
		t.Fatalf("got %+v", p)
	}
	for k, v := range want {
		if p.Settings[k] != v {
			t.Errorf("%s = %q, want %q", k, p.Settings[k], v)
		}
	}
}

func TestPins(t *testing.T) {
	tests := []struct {
		file, src string
		version   string
		exact     bool
		line      int
	}{
		{"requirements.txt", "# x\nrequests==2\nschemathesis==3.39.16  # pinned\n", "3.39.16", true, 3},
		{"requirements.txt", "schemathesis>=3.19\n", ">=3.19", false, 1},
		{"requirements-dev.txt", "Schemathesis[all]==4.1.0\n", "4.1.0", true, 1},
		{"pyproject.toml", "[project]\ndependencies = [\n  \"schemathesis==3.39.1\",\n]\n", "3.39.1", true, 3},
		{"pyproject.toml", "[tool.poetry.group.dev.dependencies]\nschemathesis = \"^3.19\"\n", "^3.19", false, 2},
		{"pyproject.toml", "[tool.poetry.dependencies]\nschemathesis = { version = \"3.39.16\", extras = [] }\n", "3.39.16", true, 2},
		{"poetry.lock", "[[package]]\nname = \"schemathesis\"\nversion = \"3.38.0\"\n", "3.38.0", true, 3},
	}
	for _, tt := range tests {
		p, ok := readPin(tt.file, []byte(tt.src))
		if !ok || p.Version != tt.version || p.Exact != tt.exact || p.Line != tt.line {
			t.Errorf("%s %q: got %+v %v, want %s exact=%v line %d", tt.file, tt.src, p, ok, tt.version, tt.exact, tt.line)
		}
	}
}

func TestVersionAcceptsPath(t *testing.T) {
	tests := []struct {
		v              string
		accepts, known bool
	}{
		{"3.39.16", false, true}, {"^3.19", false, true}, {">=3.19,<4", false, true},
		{"4.3.10", false, true}, {"4.4.0", true, true}, {"^4.5", true, true}, {"^4.1", false, false},
		{"latest", false, false}, {"", false, false}, {"5.0.0", true, true},
	}
	for _, tt := range tests {
		a, k := parseVersion(tt.v).acceptsPath()
		if a != tt.accepts || k != tt.known {
			t.Errorf("%q: accepts %v known %v, want %v %v", tt.v, a, k, tt.accepts, tt.known)
		}
	}
}

// TestScanScript checks what the Schemathesis process sees: exported variables only, expanded
// with the script's own, defaults of unset ones, and the version of an install before it.
func TestScanScript(t *testing.T) {
	tests := []struct {
		name, script string
		env          map[string]string // what the process gets (SCHEMATHESIS_HOOKS, A, B)
		version      string
	}{
		{"not exported", "SCHEMATHESIS_HOOKS=tests.hooks\nst run u\n", map[string]string{}, ""},
		{"exported later", "SCHEMATHESIS_HOOKS=tests.hooks\nexport SCHEMATHESIS_HOOKS\nst run u\n", map[string]string{"SCHEMATHESIS_HOOKS": "tests.hooks"}, ""},
		{"default of an unset variable", "export SCHEMATHESIS_HOOKS=\"${SCHEMATHESIS_HOOKS:-tests.schemathesis_hooks}\"\nst run u\n", map[string]string{"SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks"}, ""},
		{"expanded from a variable", "M=pkg.hooks\nexport SCHEMATHESIS_HOOKS=$M A=${M}x\nst run u\n", map[string]string{"SCHEMATHESIS_HOOKS": "pkg.hooks", "A": "pkg.hooksx"}, ""},
		{"inline and unset", "export A=1 B=2\nunset B\nSCHEMATHESIS_HOOKS=h st run u\n", map[string]string{"SCHEMATHESIS_HOOKS": "h", "A": "1"}, ""},
		{"pip install before", "pip install -q schemathesis==3.38.1 requests\nst run u\n", map[string]string{}, "3.38.1"},
		{"not Schemathesis", "st --version\nstat x\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t.TempDir())
			invs, _ := r.scanScript(scope{Side: SideLocal, File: "x.sh", Dir: "."}, tt.script, 1)
			if tt.env == nil {
				if len(invs) != 0 {
					t.Fatalf("%d invocations, want none", len(invs))
				}
				return
			}
			if len(invs) != 1 {
				t.Fatalf("%d invocations, want 1", len(invs))
			}
			got := map[string]string{}
			for k, v := range invs[0].Env {
				got[k] = v.Value
			}
			if !maps.Equal(got, tt.env) || invs[0].Version.Value != tt.version {
				t.Errorf("env %v version %q, want %v %q", got, invs[0].Version.Value, tt.env, tt.version)
			}
		})
	}
}

// TestGitLabInheritance checks extends: and merge keys: the job gets its template's variables,
// image and script.
func TestGitLabInheritance(t *testing.T) {
	src := `.defaults: &defaults
  image: schemathesis/schemathesis:v3.39.16
.contract:
  variables:
    SCHEMATHESIS_HOOKS: tests.hooks
  script:
    - st run http://api/openapi.json --checks all
contract:
  <<: *defaults
  extends: .contract
  variables:
    EXTRA: "1"
`
	r := newRepo(t.TempDir())
	r.cache[".gitlab-ci.yml"] = []byte(src)
	invs := r.gitlab(".gitlab-ci.yml")
	if len(invs) != 1 {
		t.Fatalf("%d invocations, want 1", len(invs))
	}
	inv := invs[0]
	if inv.Name != "job contract" || inv.Line != 7 || inv.Version.Value != "3.39.16" || inv.Env["SCHEMATHESIS_HOOKS"].Value != "tests.hooks" || inv.Env["EXTRA"].Value != "1" {
		t.Errorf("got %s at %s, version %q, env %v", inv.Name, inv.Loc, inv.Version.Value, inv.Env)
	}
}

// TestGitHubEnv checks that a step's `echo NAME=value >> "$GITHUB_ENV"` reaches the steps after it,
// and an export does not.
func TestGitHubEnv(t *testing.T) {
	src := `jobs:
  c:
    steps:
      - run: |
          export A=1
          echo "SCHEMATHESIS_HOOKS=tests.hooks" >> "$GITHUB_ENV"
      - run: st run http://x/openapi.json
`
	r := newRepo(t.TempDir())
	r.cache["w.yml"] = []byte(src)
	invs := r.workflow("w.yml")
	if len(invs) != 1 {
		t.Fatalf("%d invocations", len(invs))
	}
	h, ok := invs[0].Env["SCHEMATHESIS_HOOKS"]
	if _, leaked := invs[0].Env["A"]; !ok || h.Value != "tests.hooks" || h.Line != 6 || leaked {
		t.Errorf("env %v", invs[0].Env)
	}
}

// TestCompareHooksUnresolved checks that a hooks value from a secret or expression is not compared.
func TestCompareHooksUnresolved(t *testing.T) {
	ci := &Invocation{Name: "ci", Hooks: &Value{Value: "${{ vars.HOOKS }}", Loc: Loc{"w.yml", 3}}}
	local := &Invocation{Name: "local", Hooks: &Value{Value: "tests.hooks", Loc: Loc{"Makefile", 2}}}
	if f := compareHooks(ci, local, nil); len(f) != 0 {
		t.Errorf("findings %v", f)
	}
	ci.Hooks.Value = "other.hooks"
	if f := compareHooks(ci, local, nil); len(f) != 1 || f[0].ID != IDHooksDiffer || f[0].Line != 3 || f[0].Other.Line != 2 {
		t.Errorf("findings %v", f)
	}
}

// TestPreRun checks --pre-run: the hooks module on 3.x, a removed option on 4.x.
func TestPreRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hooks.py"), []byte("import schemathesis\n\n\n@schemathesis.hook\ndef filter_query(context, query):\n    return True\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		version string
		ids     []string
	}{{"3.19.0", nil}, {"4.1.0", []string{IDHooksPreRun}}} {
		r := newRepo(dir)
		invs, _ := r.scanScript(scope{Side: SideLocal, File: "x.sh", Dir: ".", Version: Value{Value: tt.version}}, "st run --pre-run hooks u\n", 1)
		if len(invs) != 1 {
			t.Fatalf("%d invocations", len(invs))
		}
		r.resolveHooks(invs[0])
		var ids []string
		for _, f := range r.checkHooks(invs) {
			ids = append(ids, f.ID)
		}
		if invs[0].Hooks == nil || invs[0].Hooks.Value != "hooks" || !slices.Equal(ids, tt.ids) {
			t.Errorf("%s: hooks %v, findings %v, want %v", tt.version, invs[0].Hooks, ids, tt.ids)
		}
	}
}
