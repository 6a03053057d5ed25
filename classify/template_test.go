package classify

import "testing"

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
