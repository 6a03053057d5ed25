package classify

import (
	"fmt"
	"os"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/cassette"
)

func TestTemplatesMatch(t *testing.T) {
	var tm Templates
	for _, l := range []string{
		"GET /api/v2/vessels/",
		"GET /api/v2/vessels/{vessel_id}/",
		"GET /api/v2/vessels/search/",
		"POST /api/v2/vessels/",
		"GET /api/v2/ports/{code}/berths/{berth}/",
		"GET /users/{id}",
		"Stateful tests",
	} {
		tm.Add(l)
	}
	tests := []struct {
		method, path, want string
	}{
		{"GET", "/api/v2/vessels/17/", "GET /api/v2/vessels/{vessel_id}/"},
		{"GET", "/api/v2/vessels/search/", "GET /api/v2/vessels/search/"}, // literal beats parameter
		{"get", "/api/v2/vessels/?page=2", "GET /api/v2/vessels/"},
		{"POST", "/api/v2/vessels/", "POST /api/v2/vessels/"},
		{"GET", "/api/v2/ports/NOOSL/berths/3/", "GET /api/v2/ports/{code}/berths/{berth}/"},
		{"GET", "/base/path/users/0", "GET /users/{id}"}, // base path not in the label
		{"DELETE", "/api/v2/vessels/17/", ""},
		{"GET", "/api/v2/vessels/17", ""}, // the trailing slash is part of the shape
	}
	for _, tt := range tests {
		got, ok := tm.Match(tt.method, tt.path)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Match(%s %s) = %q, %v; want %q", tt.method, tt.path, got, ok, tt.want)
		}
	}
	if tm.Len() != 6 {
		t.Errorf("Len = %d, want 6 (non-operation labels are ignored)", tm.Len())
	}
}

// TestTemplatesFromCassetteAlone reads a cassette with no log: ids that are negative numbers,
// booleans, null and encoded values (null%2Cnull) are parameters, as is a segment that varies at
// one position (two port codes); the unsupported-method probe (TRACE) is filed under the
// documented operation of its path, not under TRACE.
func TestTemplatesFromCassetteAlone(t *testing.T) {
	r := parseCassette(t, "../testdata/templates/ids.yaml")
	var tm Templates
	r.Remap(&tm)
	got := map[string]int{}
	for _, g := range r.Groups {
		got[g.Operation+" "+g.Check] = g.Count
	}
	want := map[string]int{
		"GET /api/v2/vessels/{id}/ not_a_server_error":      4,
		"GET /api/v2/ports/{id}/berths/ not_a_server_error": 2,
		"GET /api/v2/vessels/{id}/ unsupported_method":      1,
	}
	if len(got) != len(want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d test cases, want %d (groups %v)", k, got[k], n, got)
		}
	}
}

// TestTemplatesFromSchema maps the same cassette with the API's OpenAPI document: the labels are
// the schema's, parameter names included, and the probe goes to the documented GET.
func TestTemplatesFromSchema(t *testing.T) {
	data, err := os.ReadFile("../testdata/templates/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tm Templates
	if err := tm.AddSchema(data); err != nil {
		t.Fatal(err)
	}
	if tm.Len() != 3 {
		t.Errorf("%d operations, want 3 (parameters is not a method)", tm.Len())
	}
	r := parseCassette(t, "../testdata/templates/ids.yaml")
	r.Remap(&tm)
	got := map[string]int{}
	for _, g := range r.Groups {
		got[g.Operation+" "+g.Check] = g.Count
	}
	for k, n := range map[string]int{
		"GET /api/v2/vessels/{imo}/ not_a_server_error":       4,
		"GET /api/v2/ports/{code}/berths/ not_a_server_error": 2,
		"GET /api/v2/vessels/{imo}/ unsupported_method":       1,
	} {
		if got[k] != n {
			t.Errorf("%s: %d test cases, want %d (groups %v)", k, got[k], n, got)
		}
	}
	if err := new(Templates).AddSchema([]byte("openapi: 3.0.3\n")); err == nil {
		t.Error("a schema without paths: no error")
	}
}

func parseCassette(t *testing.T, path string) *Run {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c Collector
	if _, err := cassette.Parse(f, parser.Options{Name: path}, &c); err != nil {
		t.Fatal(err)
	}
	runs := c.Finish()
	if len(runs) != 1 {
		t.Fatalf("%s: %d runs", path, len(runs))
	}
	return runs[0]
}

// TestTemplatesClone checks that labels added to a clone leave the original as it was, and that
// adding a label twice counts it once.
func TestTemplatesClone(t *testing.T) {
	var orig Templates
	orig.Add("GET /users/{id}")
	orig.Add("GET /users/{id}")
	if orig.Len() != 1 {
		t.Fatalf("Len = %d after adding one label twice, want 1", orig.Len())
	}
	c := orig.Clone()
	c.Add("GET /users/{id}/orders")
	c.Add("POST /users")
	if orig.Len() != 1 || c.Len() != 3 {
		t.Errorf("Len: original %d (want 1), clone %d (want 3)", orig.Len(), c.Len())
	}
	if _, ok := orig.Match("POST", "/users"); ok {
		t.Error("a label added to the clone matches in the original")
	}
	if got, ok := c.Match("GET", "/users/7/orders"); !ok || got != "GET /users/{id}/orders" {
		t.Errorf("clone Match = %q, %v", got, ok)
	}
	var empty Templates
	if e := empty.Clone(); e.Len() != 0 {
		t.Errorf("clone of no templates has %d", e.Len())
	}
}

// BenchmarkTemplatesAdd registers the labels of a run with many operations (a JUnit report of a
// big API has hundreds of thousands): constant time a label, not a scan of those before it.
func BenchmarkTemplatesAdd(b *testing.B) {
	labels := make([]string, 100_000)
	for i := range labels {
		labels[i] = fmt.Sprintf("GET /api/v1/resource%d/{id}", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		var t Templates
		for _, l := range labels {
			t.Add(l)
		}
	}
}
