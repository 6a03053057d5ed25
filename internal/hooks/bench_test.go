package hooks

import (
	"fmt"
	"strings"
	"testing"
)

// genHookFunctions writes a hooks module with n functions that have a hook's signature: a third
// registered with @schemathesis.hook("after_call"), a third registered by a call at the end of
// the module, and a third never registered (each of those is looked up in the rest of the module).
func genHookFunctions(n int) []byte {
	var b strings.Builder
	b.WriteString("import logging\nimport schemathesis\n\nlogger = logging.getLogger(__name__)\nprint(\"hooks loaded\")\n\n")
	var byCall []string
	for i := range n {
		switch i % 3 {
		case 0:
			b.WriteString("@schemathesis.hook(\"after_call\")\n")
		case 1:
			byCall = append(byCall, fmt.Sprintf("after_call_%d", i))
		}
		fmt.Fprintf(&b, "def after_call_%d(context, case, response):\n", i)
		fmt.Fprintf(&b, "    if case.operation.path == \"/items/%d\" and response.status_code == 500:\n", i)
		b.WriteString("        response.status_code = 200\n")
		fmt.Fprintf(&b, "        logger.info(\"fixed item %d %%s\", context.operation)\n\n\n", i)
	}
	for _, name := range byCall {
		fmt.Fprintf(&b, "schemathesis.hook(\"after_call\")(%s)\n", name)
	}
	return []byte(b.String())
}

var benchSizes = []int{1000, 2000, 5000, 10000}

// BenchmarkLintHookFunctions is `ctlog hooks lint` on modules of growing size: ns/op should grow
// linearly with the number of functions.
func BenchmarkLintHookFunctions(b *testing.B) {
	for _, n := range benchSizes {
		src := genHookFunctions(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Lint("hooks.py", src, 0)
			}
		})
	}
}

// BenchmarkDeriveHookFunctions is `ctlog hooks rules` on the same modules.
func BenchmarkDeriveHookFunctions(b *testing.B) {
	for _, n := range benchSizes {
		src := genHookFunctions(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Derive("hooks.py", src)
			}
		})
	}
}

// TestLintLinear guards against work that grows with the square of the module: the allocations
// of lint and rules, and the bytes the use index scans, per hook-shaped function must stay about
// the same from 1,000 to 8,000 functions (before the index, each function's lookup scanned the
// whole module, so the allocations per function grew eightfold).
func TestLintLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("lints modules of 8,000 functions")
	}
	perFunc := func(n int, run func(src []byte)) float64 {
		src := genHookFunctions(n)
		return testing.AllocsPerRun(1, func() { run(src) }) / float64(n)
	}
	for _, tc := range []struct {
		name string
		run  func(src []byte)
	}{
		{"lint", func(src []byte) { Lint("hooks.py", src, 0) }},
		{"rules", func(src []byte) { Derive("hooks.py", src) }},
	} {
		small, large := perFunc(1000, tc.run), perFunc(8000, tc.run)
		if large > 1.5*small {
			t.Errorf("%s: %.1f allocations per function at 1,000 functions, %.1f at 8,000: not linear", tc.name, small, large)
		}
	}
	work := func(n int) float64 {
		m := parseModule(string(genHookFunctions(n)))
		return float64(indexUses(m).work) / float64(n)
	}
	if small, large := work(1000), work(8000); large > 1.5*small {
		t.Errorf("use index: %.1f units of work per function at 1,000 functions, %.1f at 8,000", small, large)
	}
}

// genHelperHooks writes a hooks module with n hooks that leave their work to helpers: each calls
// a helper of its own and two that every hook shares (one of them through another helper).
func genHelperHooks(n int) []byte {
	var b strings.Builder
	b.WriteString("import schemathesis\n\nFIXED_PATHS = {\"/api/v1/items/\", \"/api/v1/orders/{id}/\"}\n\n")
	b.WriteString("def _is_broken(response):\n    return response.status_code == 500 or response.status_code in (502, 503)\n\n")
	b.WriteString("def _set_json(resp):\n    resp.headers[\"Content-Type\"] = \"application/json\"\n\n")
	b.WriteString("def _normalize(response):\n    response.status_code = 200\n    _set_json(response)\n\n")
	for i := range n {
		fmt.Fprintf(&b, "def _fix_%d(r):\n    if r.status_code >= 500:\n        r._content = b\"[]\"\n\n", i)
		fmt.Fprintf(&b, "@schemathesis.hook(\"after_call\")\ndef after_call_%d(context, case, response):\n", i)
		b.WriteString("    if context.operation.path not in FIXED_PATHS:\n        return\n")
		fmt.Fprintf(&b, "    if _is_broken(response):\n        _normalize(response)\n        _fix_%d(response)\n\n", i)
	}
	return []byte(b.String())
}

// TestDeriveHelpersLinear: following helpers reads each once, however many hooks call it, so the
// allocations per hook stay about the same from 1,000 to 8,000 hooks.
func TestDeriveHelpersLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("derives rules of modules of 8,000 hooks")
	}
	perHook := func(n int) float64 {
		src := genHelperHooks(n)
		d := Derive("hooks.py", src)
		if len(d.Rules) != n || !d.Rules[n-1].Complete() {
			t.Fatalf("%d rules (want %d), last %+v", len(d.Rules), n, d.Rules[len(d.Rules)-1])
		}
		return testing.AllocsPerRun(1, func() { Derive("hooks.py", src) }) / float64(n)
	}
	if small, large := perHook(1000), perHook(8000); large > 1.5*small {
		t.Errorf("%.1f allocations per hook at 1,000 hooks, %.1f at 8,000: not linear", small, large)
	}
}
