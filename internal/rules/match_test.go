package rules

import (
	"slices"
	"testing"
)

// aquamind is the hooks section of the AquaMind example in docs/hook-rules.md.
var aquamind = Hooks{
	Module: "aquamind.utils.schemathesis_hooks",
	Banner: "AquaMind Schemathesis hooks loaded",
	Rules: []Rule{
		{
			Name:       "fix_dev_auth_response",
			Operations: []string{"GET /api/v1/auth/dev-auth/"},
			Checks:     []string{"status_code_conformance"},
			Statuses:   []string{"401", "5xx"},
		},
		{
			Name:       "fix_action_response_types",
			Operations: []string{"GET /**/recent/", "GET /**/stats/", "GET /**/by_batch/", "GET /**/summary/"},
			Checks:     []string{"response_schema_conformance"},
		},
	},
}

func TestMatch(t *testing.T) {
	extra := Hooks{Rules: []Rule{
		{Name: "any_check", Operations: []string{"* /api/v1/scenario/**"}},
		{Name: "by_title", Operations: []string{"POST|PUT /api/v1/**"}, Checks: []string{"Accepted negative data", "API accepted schema-violating request"}},
		{Name: "server_errors", Operations: []string{"* /**"}, Checks: []string{"not_a_server_error"}, Statuses: []string{"5XX"}},
		{Name: "custom", Operations: []string{"GET /**"}, Checks: []string{"my_business_rule"}},
		{Name: "fix_dev_auth_response", Operations: []string{"HEAD /api/v1/auth/dev-auth/"}}, // same hook, second rule
		{Name: "broken", Operations: []string{"GET /a**/"}},                                  // never validated: matches nothing
	}}
	tests := []struct {
		name   string
		h      Hooks
		op     string
		check  string
		title  string
		status int
		want   []string
	}{
		{"dev-auth 401", aquamind, "GET /api/v1/auth/dev-auth/", "status_code_conformance", "Undocumented HTTP status code", 401, []string{"fix_dev_auth_response"}},
		{"dev-auth 500 class", aquamind, "GET /api/v1/auth/dev-auth/", "status_code_conformance", "", 503, []string{"fix_dev_auth_response"}},
		{"dev-auth 404 not listed", aquamind, "GET /api/v1/auth/dev-auth/", "status_code_conformance", "", 404, nil},
		{"dev-auth no status", aquamind, "GET /api/v1/auth/dev-auth/", "status_code_conformance", "", 0, nil},
		{"dev-auth other check", aquamind, "GET /api/v1/auth/dev-auth/", "response_schema_conformance", "", 401, nil},
		{"dev-auth other method", aquamind, "POST /api/v1/auth/dev-auth/", "status_code_conformance", "", 401, nil},
		{"dev-auth check by title only", aquamind, "GET /api/v1/auth/dev-auth/", "", "Undocumented HTTP status code", 401, []string{"fix_dev_auth_response"}},
		{"recent schema", aquamind, "GET /api/v1/environmental/readings/recent/", "response_schema_conformance", "Response violates schema", 200, []string{"fix_action_response_types"}},
		{"stats schema 4.x title", aquamind, "GET /api/v1/environmental/readings/stats/", "", "Response violates schema (3 violations)", 200, []string{"fix_action_response_types"}},
		{"by_batch with template", aquamind, "GET /api/v1/batch/{id}/by_batch/", "response_schema_conformance", "", 0, []string{"fix_action_response_types"}},
		{"summary with query", aquamind, "get /api/v1/batch/summary/?x=1", "response_schema_conformance", "", 200, []string{"fix_action_response_types"}},
		{"by_batch 400 status check", aquamind, "GET /api/v1/inventory/feeding-events/by_batch/", "status_code_conformance", "Undocumented HTTP status code", 400, nil},
		{"summary_stats is not summary", aquamind, "GET /api/v1/scenario/scenarios/summary_stats/", "response_schema_conformance", "", 200, nil},
		{"recent without slash", aquamind, "GET /api/v1/readings/recent", "response_schema_conformance", "", 200, nil},
		{"recent POST", aquamind, "POST /api/v1/readings/recent/", "response_schema_conformance", "", 200, nil},
		{"empty hooks", Hooks{}, "GET /a/", "x", "", 0, nil},
		{"bad label", aquamind, "garbage", "response_schema_conformance", "", 0, nil},

		{"any check", extra, "DELETE /api/v1/scenario/x/{id}/", "use_after_free", "", 0, []string{"any_check"}},
		{"title entry 3.x", extra, "POST /api/v1/batch/", "negative_data_rejection", "Accepted negative data", 201, []string{"by_title"}},
		{"title entry 4.x", extra, "PUT /api/v1/batch/{id}/", "negative_data_rejection", "API accepted schema-violating request", 200, []string{"by_title"}},
		{"title entry case-insensitive", extra, "PUT /api/v1/batch/{id}/", "", "accepted NEGATIVE data", 200, []string{"by_title"}},
		{"title entry, failure without title", extra, "POST /api/v1/batch/", "negative_data_rejection", "", 201, []string{"by_title"}},
		{"title entry, other title", extra, "POST /api/v1/batch/", "negative_data_rejection", "Something else", 201, nil},
		{"server errors class", extra, "GET /x/", "not_a_server_error", "Server error", 502, []string{"server_errors"}},
		{"several rules", extra, "POST /api/v1/scenario/fcr-models/", "not_a_server_error", "Server error", 500, []string{"any_check", "server_errors"}},
		{"custom check", extra, "GET /a/", "my_business_rule", "Custom check failed: `my_business_rule`", 200, []string{"custom"}},
		{"same name once", extra, "HEAD /api/v1/auth/dev-auth/", "status_code_conformance", "", 401, []string{"fix_dev_auth_response"}},
		{"broken pattern", extra, "GET /abc/", "x", "", 0, nil},
	}
	for _, tc := range tests {
		got := tc.h.Match(tc.op, tc.check, tc.title, tc.status)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Match(%q, %q, %q, %d) = %q, want %q", tc.name, tc.op, tc.check, tc.title, tc.status, got, tc.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		op   string
		want []string
	}{
		{"GET /api/v1/auth/dev-auth/", []string{"fix_dev_auth_response"}},
		{"GET /api/v1/inventory/feeding-events/by_batch/", []string{"fix_action_response_types"}},
		{"GET /api/v1/batch/{id}/summary/", []string{"fix_action_response_types"}},
		{"GET /api/v1/auth/dev-auth", nil},
		{"POST /api/v1/readings/recent/", nil},
		{"GET /api/v1/scenario/scenarios/summary_stats/", nil},
		{"", nil},
	}
	for _, tc := range tests {
		if got := aquamind.Covers(tc.op); !slices.Equal(got, tc.want) {
			t.Errorf("Covers(%q) = %q, want %q", tc.op, got, tc.want)
		}
	}
	both := Hooks{Rules: []Rule{
		{Name: "a", Operations: []string{"GET /x/**"}},
		{Name: "b", Operations: []string{"* /x/*/"}, Checks: []string{"response_schema_conformance"}},
		{Name: "a", Operations: []string{"GET /x/y/"}},
	}}
	if got := both.Covers("GET /x/y/"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Covers = %q, want [a b]", got)
	}
}

func TestParseStatus(t *testing.T) {
	good := map[string][2]int{"401": {401, 0}, "5xx": {0, 5}, "4XX": {0, 4}, " 200 ": {200, 0}, "100": {100, 0}, "599": {599, 0}, "1xx": {0, 1}}
	for s, want := range good {
		code, class, err := parseStatus(s)
		if err != nil || code != want[0] || class != want[1] {
			t.Errorf("parseStatus(%q) = %d, %d, %v; want %v", s, code, class, err, want)
		}
	}
	for _, s := range []string{"6xx", "0xx", "abc", "600", "99", "1000", "40x", "", "+40", "4x", "-401", "0x1"} {
		if _, _, err := parseStatus(s); err == nil {
			t.Errorf("parseStatus(%q): want an error", s)
		}
	}
}
