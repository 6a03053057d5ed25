package classify

import (
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

// TestHookErrorVerdict reads a hook that raises in both forms Schemathesis prints: 4.x titles the
// error block `Hook Error` ("Error in `after_call` hook: KeyError: 'results'"), 3.x prints a
// Runtime Error whose traceback ends in the hooks module's after_call. Either way the module was
// loaded and the hook is failing: the verdict names the hook, its exception and the operations,
// with hook rules or without.
func TestHookErrorVerdict(t *testing.T) {
	for _, name := range []string{"v3-hook-error.log", "v4-hook-error.log"} {
		t.Run(name, func(t *testing.T) {
			check := func(r *Run) {
				t.Helper()
				d := r.Hooks
				if d == nil {
					t.Fatal("no hooks diagnosis")
				}
				if d.Verdict != HooksFailing || !d.Verdict.Problem() {
					t.Fatalf("verdict %q, want %q (a problem)", d.Verdict, HooksFailing)
				}
				for _, want := range []string{"loaded but failing", "`after_call`", "KeyError: 'results'", "GET /api/v2/ports/", "GET /api/v2/vessels/"} {
					if !strings.Contains(d.Paragraph, want) {
						t.Errorf("paragraph lacks %q: %s", want, d.Paragraph)
					}
				}
				if len(d.HookErrors) != 1 || d.HookErrors[0].Errors != 2 || len(d.HookErrors[0].Operations) != 2 {
					t.Errorf("hook errors %+v, want after_call failing twice on 2 operations", d.HookErrors)
				}
			}
			r := parseFile(t, "../testdata/hookerrors/"+name)[0]
			check(r) // no rules
			r.ApplyHooks(rules.Hooks{Module: "st_hooks", Rules: []rules.Rule{{Name: "results-shape", Operations: []string{"GET /api/v2/vessels/"}}}})
			check(r)
		})
	}
}

// TestHookErrorNotOtherTracebacks keeps a custom check's traceback (workers-4.log: a check named
// adjustment_is_balanced) and errors without a traceback from counting as hook errors.
func TestHookErrorNotOtherTracebacks(t *testing.T) {
	r := parseFile(t, "../testdata/logs/workers-4.log")[0]
	if len(r.HookErrors) != 0 || r.Hooks != nil {
		t.Errorf("hook errors %+v in a log without any", r.HookErrors)
	}
}
