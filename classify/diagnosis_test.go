package classify

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

const diagHeader = `======================= Schemathesis test session starts =======================
Schema location: file:///app/openapi.yaml
Base URL: http://127.0.0.1:8000
Specification version: Open API 3.0.3
Workers: 1
Collected API operations: 3
Collected API links: 0
API probing: SUCCESS
Schema analysis: SKIP

GET /api/v1/auth/dev-auth/ F                                              [ 33%]
GET /api/v1/readings/recent/ F                                            [ 66%]
GET /api/v1/readings/by_batch/ F                                          [100%]

=================================== FAILURES ===================================
__________________________ GET /api/v1/auth/dev-auth/ __________________________
1. Test Case ID: Ab12Cd

- Undocumented HTTP status code

    Received: 401
    Documented: 200

[401] Unauthorized:

    ` + "`{\"detail\":\"no\"}`" + `

Reproduce with: 

    curl -X GET http://127.0.0.1:8000/api/v1/auth/dev-auth/

_________________________ GET /api/v1/readings/recent/ _________________________
1. Test Case ID: Ef34Gh

- Response violates schema

    'value' is a required property

[200] OK:

    ` + "`[]`" + `

Reproduce with: 

    curl -X GET http://127.0.0.1:8000/api/v1/readings/recent/

________________________ GET /api/v1/readings/by_batch/ ________________________
1. Test Case ID: Ij56Kl

- Undocumented HTTP status code

    Received: 400
    Documented: 200

[400] Bad Request:

    ` + "`{\"error\":\"batch_id is required\"}`" + `

Reproduce with: 

    curl -X GET http://127.0.0.1:8000/api/v1/readings/by_batch/

=================================== SUMMARY ====================================

Performed checks:
    status_code_conformance                     10 / 12 passed          FAILED 
    response_schema_conformance                 11 / 12 passed          FAILED 

======================== 3 failed in 4.20s ========================
`

var diagRules = rules.Hooks{
	Module: "app.ci_hooks",
	Banner: "app hooks ready",
	Rules: []rules.Rule{
		{Name: "fix_dev_auth_response", Operations: []string{"GET /api/v1/auth/dev-auth/"}, Checks: []string{"status_code_conformance"}},
		{Name: "fix_action_response_types", Operations: []string{"GET /**/recent/", "GET /**/by_batch/"}, Checks: []string{"response_schema_conformance"}},
	},
}

func diagnose(t *testing.T, log string, h rules.Hooks) *Run {
	t.Helper()
	runs := parseReader(t, strings.NewReader(log), "diag.log")
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	runs[0].ApplyHooks(h)
	return runs[0]
}

func TestHooksDiagnosis(t *testing.T) {
	passing := strings.Replace(diagHeader[:strings.Index(diagHeader, "GET /api/v1/auth")], "", "", 1) +
		"GET /api/v1/auth/dev-auth/ .                                              [100%]\n\n" +
		"=================================== SUMMARY ====================================\n\n======================== 1 passed in 1.00s ========================\n"
	tests := []struct {
		name     string
		log      string
		verdict  HooksVerdict
		claimed  int
		onHooked []string
		phrases  []string
	}{
		{"not loaded", diagHeader, HooksNotLoaded, 2, []string{"GET /api/v1/readings/by_batch/"},
			[]string{"Hooks not loaded", "Set SCHEMATHESIS_HOOKS=app.ci_hooks", "2 of 3 failing operations", "the other 1"}},
		{"not loaded, command without the env", "+ st run --checks all openapi.yaml\n" + diagHeader, HooksNotLoaded, 2, nil,
			[]string{"the logged command sets no SCHEMATHESIS_HOOKS"}},
		{"loaded but not effective", "app hooks ready\n" + diagHeader, HooksNotEffective, 2, nil,
			[]string{"loaded but not effective", `line 1: "app hooks ready"`, "@schemathesis.hook", "ctlog hooks lint"}},
		{"generic banner counts", "INFO:hooks: Schemathesis hooks loaded!\n" + diagHeader, HooksNotEffective, 2, nil, nil},
		{"import failed", "Unable to load Schemathesis extension hooks\n\nAn attempt to import the module 'app.ci_hooks' failed because it could not be found.\n",
			HooksImportFailed, 0, nil, []string{"Hooks import failed", "could not be found"}},
		{"clean run", passing, HooksWorking, 0, nil, []string{"0 of 0 failing operations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := diagnose(t, tt.log, diagRules)
			d := r.Hooks
			if d.Verdict != tt.verdict {
				t.Fatalf("verdict = %s, want %s: %s", d.Verdict, tt.verdict, d.Paragraph)
			}
			if d.Claimed != tt.claimed {
				t.Errorf("claimed = %d, want %d", d.Claimed, tt.claimed)
			}
			if tt.onHooked != nil && strings.Join(d.OnHooked, ",") != strings.Join(tt.onHooked, ",") {
				t.Errorf("on hooked paths = %v, want %v", d.OnHooked, tt.onHooked)
			}
			for _, p := range tt.phrases {
				if !strings.Contains(d.Paragraph, p) {
					t.Errorf("paragraph lacks %q:\n%s", p, d.Paragraph)
				}
			}
		})
	}
}

func TestHookFlags(t *testing.T) {
	r := diagnose(t, diagHeader, diagRules)
	flags := map[string]string{}
	for _, g := range r.Groups {
		flags[g.Operation] = strings.Join(g.Hook, ",")
	}
	want := map[string]string{
		"GET /api/v1/auth/dev-auth/":     "fix_dev_auth_response",
		"GET /api/v1/readings/recent/":   "fix_action_response_types",
		"GET /api/v1/readings/by_batch/": "", // a hooked path, but a check the hook does not fix
	}
	for op, w := range want {
		if flags[op] != w {
			t.Errorf("%s flagged %q, want %q", op, flags[op], w)
		}
	}
	if r.Hooks.Rules[0].Name != "fix_dev_auth_response" || r.Hooks.Rules[0].TestCases != 1 {
		t.Errorf("rule hits = %+v", r.Hooks.Rules)
	}
}

func TestSettingsFromCommand(t *testing.T) {
	log := "##[group]\n  SCHEMATHESIS_HOOKS: app.ci_hooks\nschemathesis run openapi.yaml --checks all --hypothesis-max-examples=50 \\\n  --hypothesis-derandomize -w 2\n" + diagHeader
	r := parseReader(t, strings.NewReader(log), "cmd.log")[0]
	got := map[string]string{}
	for _, s := range SettingsOf(r) {
		got[s.Name] = s.Value
	}
	for name, want := range map[string]string{"--checks": "all", "max examples": "50", "derandomize": "yes", "SCHEMATHESIS_HOOKS": "app.ci_hooks"} {
		if got[name] != want {
			t.Errorf("%s = %q, want %q", name, got[name], want)
		}
	}
}
