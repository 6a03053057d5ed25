package schemaloc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parseFixture(t *testing.T, name string) *Locator {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLocatorLines checks the line of keys by their path in the YAML fixture and its JSON twin.
func TestLocatorLines(t *testing.T) {
	yml, jsn := parseFixture(t, "harbor.yaml"), parseFixture(t, "harbor.json")
	for _, tc := range []struct {
		keys       string // joined with " > "
		yaml, json int
	}{
		{"openapi", 1, 2},
		{"paths", 5, 7},
		{"paths > /api/v2/vessels/", 6, 8},
		{"paths > /api/v2/vessels/ > post", 7, 9},
		{"paths > /api/v2/vessels/ > post > responses > 201 > content > application/json > schema", 19, 25},
		{"paths > /api/v2/vessels/{vessel_id}/", 21, 34},
		{"paths > /api/v2/vessels/{vessel_id}/ > parameters > 0 > name", 23, 37},
		{"paths > /api/v2/vessels/{vessel_id}/ > get", 28, 45},
		{"paths > /api/v2/vessels/{vessel_id}/ > get > responses", 30, 47},
		{"paths > /api/v2/voyages/active/ > get > responses > 200 > content > application/json > schema", 45, 69},
		{"paths > /api/v2/ports/{code}/berths/ > get > responses > 2XX", 67, 107},
		{"paths > /api/v2/ports/{code}/berths/ > post", 76, 125},
		{"paths > /api/v2/inventory/items/{sku}/movements/ > get > responses > 200 > $ref", 92, 149},
		{"components > responses > Movements > content > application/json > schema", 99, 161},
		{"paths > /api/v2/cargo/manifests/", 0, 0},
		{"paths > /api/v2/vessels/ > get", 0, 0},
	} {
		keys := strings.Split(tc.keys, " > ")
		if got := yml.Line(keys...); got != tc.yaml {
			t.Errorf("YAML %s: line %d, want %d", tc.keys, got, tc.yaml)
		}
		if got := jsn.Line(keys...); got != tc.json {
			t.Errorf("JSON %s: line %d, want %d", tc.keys, got, tc.json)
		}
	}
}

// TestLocatorPlace checks where a failure's annotation goes: a schema violation on the response's
// schema for the status (its range, a $ref'd response), an undocumented status on responses,
// anything else on the method; a base path the label carries is no obstacle.
func TestLocatorPlace(t *testing.T) {
	yml, jsn := parseFixture(t, "harbor.yaml"), parseFixture(t, "harbor.json")
	for _, tc := range []struct {
		op, check  string
		status     int
		yaml, json int
	}{
		{"POST /api/v2/vessels/", "not_a_server_error", 500, 7, 9},
		{"GET /api/v2/vessels/{vessel_id}/", "status_code_conformance", 404, 30, 47},
		{"GET /api/v2/vessels/{vessel_id}/", "response_schema_conformance", 200, 35, 52},
		{"GET /api/v2/voyages/active/", "response_schema_conformance", 200, 45, 69},
		{"GET /api/v2/ports/{code}/berths/", "response_schema_conformance", 200, 73, 114},  // 2XX, the first media type with a schema
		{"POST /api/v2/ports/{code}/berths/", "response_schema_conformance", 201, 79, 128}, // no schema: the status
		{"POST /api/v2/ports/{code}/berths/", "response_schema_conformance", 422, 76, 125}, // no such status: the method
		{"GET /api/v2/inventory/items/{sku}/movements/", "response_schema_conformance", 200, 99, 161},
		{"GET /base/api/v2/voyages/active/", "not_a_server_error", 500, 38, 62},
		{"POST /api/v2/cargo/manifests/", "not_a_server_error", 500, 0, 0},
		{"DELETE /api/v2/vessels/{vessel_id}/", "not_a_server_error", 500, 0, 0},
		{"Stateful tests", "", 0, 0, 0},
	} {
		if got := yml.Place(tc.op, tc.check, tc.status); got != tc.yaml {
			t.Errorf("YAML %s %s %d: line %d, want %d", tc.op, tc.check, tc.status, got, tc.yaml)
		}
		if got := jsn.Place(tc.op, tc.check, tc.status); got != tc.json {
			t.Errorf("JSON %s %s %d: line %d, want %d", tc.op, tc.check, tc.status, got, tc.json)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", "- a\n- b\n", "a: [\n"} {
		if _, err := Parse([]byte(s)); err == nil {
			t.Errorf("Parse(%q): no error", s)
		}
	}
	// A flow mapping that is no JSON is read as YAML.
	l, err := Parse([]byte("{paths: {/a: {get: {}}}}\n"))
	if err != nil || l.Line("paths", "/a", "get") != 1 {
		t.Errorf("YAML flow mapping: %v, line %d", err, l.Line("paths", "/a", "get"))
	}
}

// TestFinderSchemaLocation finds the file a log's schema location names in the checkout by suffix.
func TestFinderSchemaLocation(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "schema", "harbor.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "openapi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "openapi", "harbor.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	f := &Finder{Dir: dir}
	for _, tc := range []struct {
		loc, file string
		line      int
	}{
		{"file:///home/runner/work/harbor/harbor/openapi/harbor.yaml", "openapi/harbor.yaml", 7},
		{filepath.Join(dir, "openapi", "harbor.yaml"), "openapi/harbor.yaml", 7},
		{"./openapi/harbor.yaml", "openapi/harbor.yaml", 7},
		{"openapi/harbor.yaml", "openapi/harbor.yaml", 7},
		{"http://127.0.0.1:8000/openapi/harbor.yaml", "", 0},
		{"file:///elsewhere/other.yaml", "", 0},
		{"", "", 0},
	} {
		file, line := f.Locate(tc.loc, "POST /api/v2/vessels/", "not_a_server_error", 500)
		if file != tc.file || line != tc.line {
			t.Errorf("%q: %s:%d, want %s:%d", tc.loc, file, line, tc.file, tc.line)
		}
	}
	// --schema wins over the log's location; outside the checkout it gives no file.
	f = &Finder{Dir: dir, Schema: filepath.Join(dir, "openapi", "harbor.yaml")}
	if file, line := f.Locate("http://x/y.json", "GET /api/v2/vessels/{vessel_id}/", "", 0); file != "openapi/harbor.yaml" || line != 28 {
		t.Errorf("--schema: %s:%d", file, line)
	}
	f = &Finder{Dir: filepath.Join(dir, "openapi", "sub"), Schema: filepath.Join(dir, "openapi", "harbor.yaml")}
	if file, line := f.Locate("", "GET /api/v2/vessels/{vessel_id}/", "", 0); file != "" || line != 0 {
		t.Errorf("--schema outside the checkout: %s:%d", file, line)
	}
}
