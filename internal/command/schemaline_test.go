package command

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// ghErrorRe reads a group's error annotation: its optional file and line, and its title.
var ghErrorRe = regexp.MustCompile(`(?m)^::error (?:file=([^,]*),line=(\d+),)?title=([^:]*)::`)

// schemaLines runs summarize -o github over the harbor log and returns, by annotation title, the
// "file:line" it is placed on ("" when unplaced).
func schemaLines(t *testing.T, env map[string]string, args ...string) map[string]string {
	t.Helper()
	args = append([]string{"summarize", "-o", "github", "--max-annotations", "50"}, args...)
	args = append(args, filepath.Join("..", "..", "testdata", "logs", "ci-hooks-not-loaded.log"))
	code, out, errOut := run(t, "", env, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := map[string]string{}
	for _, m := range ghErrorRe.FindAllStringSubmatch(out, -1) {
		place := ""
		if m[1] != "" {
			place = m[1] + ":" + m[2]
		}
		got[m[3]] = place
	}
	return got
}

// harborPlaces are the annotations of ci-hooks-not-loaded.log and their lines in
// testdata/schema/harbor.yaml and harbor.json: a schema violation on the response's schema, an
// undocumented status on the responses, a server error on the method; no line for an operation
// the schema does not define.
var harborPlaces = []struct {
	title      string
	yaml, json int
}{
	{"POST /api/v2/vessels/%3A not_a_server_error (500)", 7, 9},
	{"GET /api/v2/vessels/{vessel_id}/%3A status_code_conformance (404)", 30, 47},
	{"GET /api/v2/voyages/active/%3A response_schema_conformance (200)", 45, 69},
	{"GET /api/v2/ports/{code}/berths/%3A status_code_conformance (400)", 66, 106},
	{"GET /api/v2/ports/{code}/berths/%3A response_schema_conformance (200)", 73, 114},
	{"POST /api/v2/ports/{code}/berths/%3A not_a_server_error (500)", 76, 125},
	{"POST /api/v2/ports/{code}/berths/%3A status_code_conformance (500)", 78, 127},
	{"POST /api/v2/cargo/manifests/%3A not_a_server_error (500)", 0, 0},
	{"GET /api/v2/cargo/manifests/export/%3A content_type_conformance (200)", 0, 0},
	{"GET /api/v2/inventory/items/{sku}/movements/%3A not_a_server_error (500)", 82, 135},
}

func checkPlaces(t *testing.T, got map[string]string, file string, json bool) {
	t.Helper()
	if len(got) != len(harborPlaces) {
		t.Errorf("%d error annotations, want %d: %v", len(got), len(harborPlaces), got)
	}
	for _, p := range harborPlaces {
		line := p.yaml
		if json {
			line = p.json
		}
		want := ""
		if line > 0 {
			want = file + ":" + strconv.Itoa(line)
		}
		if place, ok := got[p.title]; !ok {
			t.Errorf("no annotation %q", p.title)
		} else if place != want {
			t.Errorf("%s: placed on %q, want %q", p.title, place, want)
		}
	}
}

// TestGitHubAnnotationsOnSchemaLines: with --schema, YAML or JSON, each group's error annotation
// carries file= (relative to the checkout) and line= of the operation's definition.
func TestGitHubAnnotationsOnSchemaLines(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_WORKSPACE": root}
	for _, tc := range []struct {
		name string
		json bool
	}{{"harbor.yaml", false}, {"harbor.json", true}} {
		t.Run(tc.name, func(t *testing.T) {
			got := schemaLines(t, env, "--schema", filepath.Join("..", "..", "testdata", "schema", tc.name))
			checkPlaces(t, got, "testdata/schema/"+tc.name, tc.json)
		})
	}
}

// TestGitHubAnnotationsOnLoggedSchema: without --schema, the schema location the log names
// (file:///home/runner/work/harbor/harbor/openapi/harbor.yaml) is found in the checkout by suffix;
// without such a file the annotations carry no place.
func TestGitHubAnnotationsOnLoggedSchema(t *testing.T) {
	ws := t.TempDir()
	got := schemaLines(t, map[string]string{"GITHUB_WORKSPACE": ws})
	for title, place := range got {
		if place != "" {
			t.Errorf("no schema in the checkout: %s placed on %s", title, place)
		}
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "schema", "harbor.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(ws, "openapi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "openapi", "harbor.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkPlaces(t, schemaLines(t, map[string]string{"GITHUB_WORKSPACE": ws}), "openapi/harbor.yaml", false)
}
