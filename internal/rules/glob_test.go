package rules

import (
	"strings"
	"testing"
)

func TestOperationGlob(t *testing.T) {
	tests := []struct {
		pattern, op string
		want        bool
	}{
		// literal
		{"GET /api/v1/auth/dev-auth/", "GET /api/v1/auth/dev-auth/", true},
		{"GET /api/v1/auth/dev-auth/", "GET /api/v1/auth/dev-auth", false}, // trailing slash significant
		{"GET /api/v1/auth/dev-auth", "GET /api/v1/auth/dev-auth/", false},
		{"GET /api/v1/auth/dev-auth/", "GET /api/v1/auth/dev-auth/x/", false},
		{"GET /api/v1/auth/dev-auth/", "GET /API/v1/auth/dev-auth/", false}, // paths are case-sensitive
		// method
		{"GET /a/", "get /a/", true},
		{"get /a/", "GET /a/", true},
		{"GET /a/", "POST /a/", false},
		{"GET|HEAD /a/", "HEAD /a/", true},
		{"GET|HEAD /a/", "OPTIONS /a/", false},
		{"* /a/", "DELETE /a/", true},
		{"* /a/", "/a/", true},    // a label without a method: only * matches
		{"GET /a/", "/a/", false}, // ... and a named method does not
		// ** at the start
		{"GET /**/recent/", "GET /api/v1/environmental/readings/recent/", true},
		{"GET /**/recent/", "GET /recent/", true}, // ** matches zero segments
		{"GET /**/recent/", "GET /api/v1/environmental/readings/recent", false},
		{"GET /**/recent/", "GET /api/v1/recent/extra/", false},
		{"GET /**/recent/", "GET /api/v1/not-recent/", false},
		// ** in the middle
		{"GET /api/**/by_batch/", "GET /api/v1/inventory/feeding-events/by_batch/", true},
		{"GET /api/**/by_batch/", "GET /api/by_batch/", true},
		{"GET /api/**/by_batch/", "GET /other/v1/by_batch/", false},
		{"GET /api/**/{id}/**/summary/", "GET /api/v1/batch/{id}/x/y/summary/", true},
		{"GET /api/**/x/**/y/", "GET /api/x/x/x/y/y/", true}, // backtracking
		// ** at the end
		{"GET /api/v1/**", "GET /api/v1/batch/{id}/recent/", true},
		{"GET /api/v1/**", "GET /api/v1/", true},
		{"GET /api/v1/**", "GET /api/v1", true},
		{"GET /api/v1/**", "GET /api/v2/batch/", false},
		{"* /**", "PATCH /", true},
		{"GET /**/**/recent/", "GET /a/recent/", true},
		// * stays within one segment
		{"GET /api/*/recent/", "GET /api/readings/recent/", true},
		{"GET /api/*/recent/", "GET /api/v1/readings/recent/", false},
		{"GET /api/*/recent/", "GET /api/recent/", false},
		{"GET /api/*", "GET /api/", false}, // * needs a non-empty segment
		{"GET /api/*", "GET /api/x", true},
		{"GET /api/*/", "GET /api/x/", true},
		{"GET /api/*/", "GET /api/x", false},
		{"GET /**/by_*/", "GET /api/v1/fish/by_container/", true},
		{"GET /**/by_*/", "GET /api/v1/fish/by/container/", false},
		{"GET /**/*_summaries/**", "GET /api/v1/inventory/batch-feeding_summaries/by_batch/", true},
		{"GET /**/*stat*/", "GET /api/v1/scenario/scenarios/summary_stats/", true},
		// templates in the failure's operation are ordinary segments
		{"GET /api/v1/batch/*/recent/", "GET /api/v1/batch/{id}/recent/", true},
		{"GET /api/v1/batch/**", "GET /api/v1/batch/{id}/recent/", true},
		{"GET /api/v1/batch/{id}/recent/", "GET /api/v1/batch/{id}/recent/", true},
		{"GET /api/v1/batch/{pk}/recent/", "GET /api/v1/batch/{id}/recent/", true}, // {x} is any segment
		{"GET /api/v1/batch/{id}/recent/", "GET /api/v1/batch/42/recent/", true},
		{"GET /api/v1/batch/42/recent/", "GET /api/v1/batch/{id}/recent/", false}, // a literal is literal
		{"GET /api/v1/batch/{id}/", "GET /api/v1/batch/", false},
		// query strings, fragments and hosts on the failure are ignored
		{"GET /api/v1/batch/", "GET /api/v1/batch/?page=-1", true},
		{"GET /api/v1/batch/", "GET /api/v1/batch/#frag", true},
		{"GET /api/v1/batch/", "GET http://127.0.0.1:8000/api/v1/batch/?page=2", true},
		// junk labels match nothing
		{"* /**", "", false},
		{"* /**", "Query.getBooks", false},
	}
	for _, tc := range tests {
		p, err := compileOperation(tc.pattern)
		if err != nil {
			t.Fatalf("compile %q: %v", tc.pattern, err)
		}
		method, segs, ok := splitOperation(tc.op)
		got := ok && p.match(method, segs)
		if got != tc.want {
			t.Errorf("%q vs %q: got %v, want %v", tc.pattern, tc.op, got, tc.want)
		}
	}
}

func TestOperationGlobErrors(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"", "empty operation"},
		{"/api/v1/", `no method: write "* /api/v1/"`},
		{"GET", `want "METHOD /path/glob"`},
		{"GET /a/ extra", `want "METHOD /path/glob"`},
		{"GET api/v1/", "must start with /"},
		{"GET /api//v1/", "empty segment"},
		{"GET /api/v1**/", "** must be a whole segment"},
		{"GET /***/", "** must be a whole segment"},
		{"GET /api/{id/", "template must be a whole segment"},
		{"GET /api/{id}.json", "template must be a whole segment"},
		{"GET /api/{}/", "template must be a whole segment"},
		{"GET /api/?page=1", "query strings"},
		{"GET| /a/", "empty name"},
		{"G*T /a/", "want *, a method name"},
		{"GET|* /a/", "want *, a method name"},
	}
	for _, tc := range tests {
		_, err := compileOperation(tc.pattern)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want error containing %q", tc.pattern, err, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"status_code_conformence", "status_code_conformance", 1},
		{"ignored_auht", "ignored_auth", 2}, {"héllo", "hello", 1},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
