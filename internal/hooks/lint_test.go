package hooks

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// errs renders a report's error findings as "line code", sorted as the report is.
func errs(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == SevError {
			out = append(out, fmt.Sprintf("%d %s", f.Line, f.Code))
		}
	}
	return out
}

func warnings(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == SevWarning {
			out = append(out, fmt.Sprintf("%d %s", f.Line, f.Code))
		}
	}
	return out
}

func effective(r Report) []string {
	var out []string
	for _, h := range r.Hooks {
		if h.Effective {
			out = append(out, h.Function+"="+h.Name)
		}
	}
	return out
}

// TestLintFixtures is the first "done when": hooks files that reproduce each mistake,
// checked against the 3.x and the 4.x hook lists.
func TestLintFixtures(t *testing.T) {
	tests := []struct {
		file      string
		major     int
		errors    []string // "line code"
		warnings  []string
		effective []string // "function=hook"
	}{
		// AquaMind stage 1: decorated, but with names that are not hooks.
		{"aquamind_stage1_decorated.py", 3,
			[]string{"17 unknown-hook-name", "17 import-fails", "27 unknown-hook-name"},
			[]string{"20 context-attribute", "20 context-attribute", "22 context-attribute", "30 context-attribute", "33 context-attribute"}, nil},
		{"aquamind_stage1_decorated.py", 4,
			[]string{"17 register-removed", "17 unknown-hook-name", "17 import-fails", "27 register-removed", "27 unknown-hook-name"},
			[]string{"20 context-attribute", "20 context-attribute", "22 context-attribute", "30 context-attribute", "33 context-attribute"}, nil},
		// AquaMind stage 2: plain functions with hook names, no import, a banner at import.
		{"aquamind_stage2_plain.py", 3, []string{"7 unregistered-hook", "12 unregistered-hook"},
			[]string{"1 no-schemathesis-import", "4 import-print"}, nil},
		{"aquamind_stage2_plain.py", 4, []string{"7 unregistered-hook", "12 unregistered-hook"},
			[]string{"1 no-schemathesis-import", "4 import-print"}, nil},
		// A good 3.x file; in 4.x its two-parameter before_call is refused.
		{"good.py", 3, nil, nil, []string{"after_call=after_call", "add_trace_header=before_call", "filter_query=filter_query"}},
		{"good.py", 4, []string{"12 wrong-arity", "12 import-fails"}, nil, nil},
		// A good 4.x file: **kwargs in before_call, after_call on a schema, after_validate.
		{"good_v4.py", 4, nil, nil, []string{"before_call=before_call", "fix_empty_lists=after_call", "after_validate=after_validate"}},
		{"good_v4.py", 3, []string{"8 wrong-arity", "8 import-fails", "13 wrong-scope", "19 unknown-hook-name"}, nil, nil},
		// Wrong number of parameters (before_call(context, case, **kwargs) is right only in 4.x).
		{"wrong_arity.py", 3, []string{"4 wrong-arity", "4 import-fails", "9 wrong-arity", "14 wrong-arity"}, nil, nil},
		{"wrong_arity.py", 4, []string{"4 wrong-arity", "4 import-fails", "14 wrong-arity"}, nil, nil},
		// A string-named decorator: a right name, a typo, a name ctlog cannot read.
		{"string_named.py", 3, []string{"10 unknown-hook-name", "10 import-fails"}, []string{"24 dynamic-hook-name"}, nil},
		{"string_named.py", 4, []string{"10 unknown-hook-name", "10 import-fails"}, []string{"24 dynamic-hook-name"}, nil},
		// Names that exist in one major only.
		{"version_names.py", 3, []string{"4 wrong-arity", "4 import-fails", "14 unknown-hook-name"}, nil, nil},
		{"version_names.py", 4, []string{"9 unknown-hook-name", "9 import-fails"}, nil, nil},
		// Registration by call, on a schema, with filters, inside a function, through an unknown API.
		{"call_forms.py", 3,
			[]string{"16 unknown-hook-name", "16 import-fails", "24 wrong-scope", "29 filter-not-applicable", "35 registered-in-uncalled-function"},
			[]string{"44 unrecognised-registration"}, nil},
		{"call_forms.py", 4,
			[]string{"16 register-removed", "16 unknown-hook-name", "16 import-fails", "24 wrong-scope", "24 wrong-arity", "29 filter-not-applicable", "35 registered-in-uncalled-function"},
			[]string{"44 unrecognised-registration"}, nil},
		{"rules_paths.py", 3, nil, nil, []string{"fix_dev_auth_response=after_call", "fix_action_response_types=after_call",
			"soften_report_errors=after_call", "before_call=before_call", "filter_query=filter_query"}},
		{"rules_paths.py", 4, []string{"44 wrong-arity", "44 import-fails"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d.x", tt.file, tt.major), func(t *testing.T) {
			r := Lint(tt.file, readFixture(t, tt.file), tt.major)
			if r.Major != tt.major || r.MajorSource != "given" {
				t.Errorf("major %d (%s)", r.Major, r.MajorSource)
			}
			if got := errs(r); !slices.Equal(got, tt.errors) {
				t.Errorf("errors %q, want %q", got, tt.errors)
			}
			if got := warnings(r); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings %q, want %q", got, tt.warnings)
			}
			if got := effective(r); !slices.Equal(got, tt.effective) {
				t.Errorf("effective %q, want %q", got, tt.effective)
			}
			if r.Silent() != (len(tt.errors) > 0) {
				t.Errorf("Silent() = %v with errors %q", r.Silent(), tt.errors)
			}
			if t.Failed() {
				for _, l := range r.Lines() {
					t.Log(l)
				}
			}
		})
	}
}

func findingWith(r Report, code string) string {
	var all []string
	for _, f := range r.Findings {
		if f.Code == code {
			all = append(all, f.Message)
		}
	}
	return strings.Join(all, "\n")
}

// TestLintMessages checks what the messages tell the user, for the cases the issue names.
func TestLintMessages(t *testing.T) {
	tests := []struct {
		file  string
		major int
		code  string
		want  []string
	}{
		{"aquamind_stage1_decorated.py", 3, CodeUnknownName, []string{
			"`fix_dev_auth_response` is registered as \"fix_dev_auth_response\", which is not a Schemathesis 3.x hook name",
			"There is no hook with name 'fix_dev_auth_response'",
			"@schemathesis.hook(\"after_call\") on a function taking (context, case, response)"}},
		{"aquamind_stage1_decorated.py", 3, CodeContextAttr, []string{"`context.path`: HookContext has only operation and endpoint", "use case.path"}},
		{"aquamind_stage1_decorated.py", 4, CodeRegisterRemoved, []string{"schemathesis.hooks has no `register` in Schemathesis 4.x", "use @schemathesis.hook"}},
		{"aquamind_stage2_plain.py", 3, CodeUnregistered, []string{
			"`before_call` has a Schemathesis hook's name but is never registered", "schemathesis.hook(after_call)",
			"the module does not even import schemathesis"}},
		{"aquamind_stage2_plain.py", 3, CodeImportPrint, []string{
			"prints \"🔌 AquaMind Schemathesis hooks loaded!\" when the module is imported", "here 2 of 2 hook functions will not run"}},
		{"string_named.py", 3, CodeUnknownName, []string{"under the name \"aftercall\"", "did you mean \"after_call\"?"}},
		{"version_names.py", 3, CodeUnknownName, []string{"(after_validate is a Schemathesis 4.x hook)"}},
		{"version_names.py", 4, CodeUnknownName, []string{"process_call_kwargs is a Schemathesis 3.x hook", "before_call(context, case, kwargs)"}},
		{"wrong_arity.py", 3, CodeWrongArity, []string{
			"`after_call(context, response)` has 2 parameters, but Schemathesis 3.x's after_call takes 3 (context, case, response)",
			"`before_call(context, case, **kwargs)` has 3 parameters", "Hook 'before_call' takes 2 arguments but 3 is defined"}},
		{"call_forms.py", 3, CodeWrongScope, []string{"Cannot register hook 'before_call' on SCHEMA scope dispatcher"}},
		{"call_forms.py", 3, CodeUncalledRegister, []string{"inside `setup_hooks()`"}},
		{"call_forms.py", 3, CodeUnrecognised, []string{"`fix_later` is passed to `schema.add_case_hook(…)`"}},
		{"good.py", 3, CodeHook, []string{"Schemathesis 3.x will call `add_trace_header` as before_call"}},
		{"good.py", 3, CodeCheck, []string{"`no_stack_traces` is registered as a custom check"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%s", tt.file, tt.major, tt.code), func(t *testing.T) {
			msg := findingWith(Lint(tt.file, readFixture(t, tt.file), tt.major), tt.code)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("no %q in:\n%s", w, msg)
				}
			}
		})
	}
}

func TestLintReportFields(t *testing.T) {
	r := Lint("hooks.py", readFixture(t, "aquamind_stage2_plain.py"), 3)
	if r.Banner != "🔌 AquaMind Schemathesis hooks loaded!" {
		t.Errorf("banner %q", r.Banner)
	}
	want := []Hook{
		{Function: "before_call", Name: "before_call", Line: 7, Params: "(context, case)", Problem: CodeUnregistered},
		{Function: "after_call", Name: "after_call", Line: 12, Params: "(context, case, response)", Problem: CodeUnregistered},
	}
	if !slices.Equal(r.Hooks, want) {
		t.Errorf("hooks %+v", r.Hooks)
	}
	lines := r.Lines()
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "hooks.py:1: warning: ") || !strings.HasSuffix(lines[0], "[no-schemathesis-import]") {
		t.Errorf("lines %q", lines)
	}
	if p := r.Problems(); len(p) != 2 || !strings.HasPrefix(p[0], "hooks.py:7: `before_call`") {
		t.Errorf("problems %q", p)
	}

	r1 := Lint("h.py", readFixture(t, "aquamind_stage1_decorated.py"), 3)
	if len(r1.Hooks) != 2 || !r1.Hooks[0].Registered || r1.Hooks[0].Effective || r1.Hooks[0].Via != "@schemathesis.hooks.register" ||
		r1.Hooks[0].Line != 18 || r1.Hooks[0].Problem != CodeUnknownName {
		t.Errorf("stage 1 hooks %+v", r1.Hooks)
	}
}

func TestLintGuessesMajor(t *testing.T) {
	tests := []struct {
		file   string
		major  int
		source string
	}{
		{"good_v4.py", 4, "file"},
		{"call_forms.py", 3, "file"}, // st.from_uri, st.hooks.register
		{"good.py", 3, "default"},
	}
	for _, tt := range tests {
		r := Lint(tt.file, readFixture(t, tt.file), 0)
		if r.Major != tt.major || r.MajorSource != tt.source {
			t.Errorf("%s: major %d (%s), want %d (%s)", tt.file, r.Major, r.MajorSource, tt.major, tt.source)
		}
	}
}

// TestLintInline covers reader and registration forms in small modules.
func TestLintInline(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		errors    []string
		warnings  []string
		effective []string
	}{
		{"multi-line decorator and signature with defaults and annotations", `
import schemathesis

@schemathesis.hook(
    "after_call",
)
def fix(
    context: "schemathesis.hooks.HookContext",
    case,
    response: dict[str, "int, str"] = {"a": (1, 2)},
) -> None:
    pass
`, nil, nil, []string{"fix=after_call"}},
		{"aliases", `
import schemathesis as st
from schemathesis import hook as h

@h
def before_call(context, case): ...

@st.hook("after_call")
def a(context, case, response): ...
`, nil, nil, []string{"before_call=before_call", "a=after_call"}},
		{"registration inside a function that runs at import", `
import schemathesis

def install():
    schemathesis.hook("after_call")(fix)

def fix(context, case, response):
    pass

install()
`, nil, nil, []string{"fix=after_call"}},
		{"keyword-only and positional-only markers are not parameters", `
import schemathesis

@schemathesis.hook
def after_call(context, /, case, *, response):
    pass
`, nil, nil, []string{"after_call=after_call"}},
		{"methods and helpers are not hooks; comments and strings do not confuse the reader", `
import schemathesis  # "quoted" ' in a comment

DOC = """
def after_call(context, case, response):
    pass
"""

class Fixer:
    def after_call(self, context, case, response):
        pass

def helper(context, case):
    return case.path

@schemathesis.hook
def before_call(context, case):
    helper(context, case)
`, nil, nil, []string{"before_call=before_call"}},
		{"print under __main__ does not run at import; print in a function is not an import print", `
import schemathesis

def report():
    print("hooks ran")

@schemathesis.hook
def before_call(context, case):
    pass

if __name__ == "__main__":
    print("hooks loaded")
`, nil, nil, []string{"before_call=before_call"}},
		{"logging at import", `
import logging
import schemathesis

log = logging.getLogger(__name__)
log.info("Schemathesis hooks initialized")
logging.basicConfig(level=logging.INFO)

@schemathesis.hook
def before_call(context, case):
    pass
`, nil, []string{"6 import-print"}, []string{"before_call=before_call"}},
		{"hook-like signature, never registered", `
import schemathesis

def fix_response(context, case, response):
    response.status_code = 200
`, []string{"4 unregistered-hook"}, nil, nil},
		{"nothing to do with schemathesis", `
def add(a, b):
    return a + b
`, nil, []string{"1 no-hooks"}, nil},
		{"hook names in a module that is not a hooks module still count", `
def after_call(context, case, response):
    pass
`, []string{"2 unregistered-hook"}, []string{"1 no-schemathesis-import"}, nil},
		{"schema.hooks.register on a loaded schema (3.x)", `
import schemathesis

schema = schemathesis.from_uri("http://x/openapi.json")

@schema.hooks.register("before_generate_query")
def q(context, strategy):
    return strategy
`, nil, nil, []string{"q=before_generate_query"}},
		{"register_hook_with_name on the global dispatcher", `
import schemathesis
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

def fix(context, case, response):
    pass

GLOBAL_HOOK_DISPATCHER.register_hook_with_name(fix, "after_call")
`, nil, nil, []string{"fix=after_call"}},
		{"tabs, backslash continuation, CRLF", "import schemathesis\r\n\r\n@schemathesis.hook\r\ndef after_call(context, \\\r\n\tcase, response):\r\n\tif case.path == \"/a\":\r\n\t\tpass\r\n",
			nil, nil, []string{"after_call=after_call"}},
		{"unterminated string does not swallow the file", `
import schemathesis
X = "oops

@schemathesis.hook
def before_call(context, case):
    pass
`, nil, nil, []string{"before_call=before_call"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Lint("h.py", []byte(tt.src), 3)
			if got := errs(r); !slices.Equal(got, tt.errors) {
				t.Errorf("errors %q, want %q", got, tt.errors)
			}
			if got := warnings(r); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings %q, want %q", got, tt.warnings)
			}
			if got := effective(r); !slices.Equal(got, tt.effective) {
				t.Errorf("effective %q, want %q", got, tt.effective)
			}
			if t.Failed() {
				for _, l := range r.Lines() {
					t.Log(l)
				}
			}
		})
	}
}

func TestSpecs(t *testing.T) {
	if n := len(Specs(3)); n != 35 {
		t.Errorf("3.x: %d specs, want 35 (18 filter/map/flatmap, 15 in hooks.py, 2 in cli/__init__.py)", n)
	}
	if n := len(Specs(4)); n != 33 {
		t.Errorf("4.x: %d specs, want 33", n)
	}
	for major, want := range map[int]int{3: 2, 4: 3} {
		s, ok := LookupSpec(major, "before_call")
		if !ok || s.Arity() != want {
			t.Errorf("%d.x before_call arity %d, want %d", major, s.Arity(), want)
		}
	}
	only := func(a, b int) []string {
		var out []string
		for _, s := range Specs(a) {
			if _, ok := LookupSpec(b, s.Name); !ok {
				out = append(out, s.Name)
			}
		}
		slices.Sort(out)
		return out
	}
	if got := only(3, 4); !slices.Equal(got, []string{"add_case", "after_init_cli_run_handlers", "filter_operations", "process_call_kwargs"}) {
		t.Errorf("3.x only: %q", got)
	}
	if got := only(4, 3); !slices.Equal(got, []string{"after_network_error", "after_validate"}) {
		t.Errorf("4.x only: %q", got)
	}
	for _, major := range []int{3, 4} {
		seen := map[string]bool{}
		for _, s := range Specs(major) {
			if seen[s.Name] || s.Scopes == 0 || len(s.Params) == 0 || s.Params[0] != "context" {
				t.Errorf("%d.x spec %+v: duplicate or malformed", major, s)
			}
			seen[s.Name] = true
		}
	}
	if s := suggestName(3, "after_cal"); s != "after_call" {
		t.Errorf("suggest after_cal: %q", s)
	}
	if s := suggestName(3, "fix_dev_auth_response"); s != "" {
		t.Errorf("suggest fix_dev_auth_response: %q", s)
	}
}

func TestLogicalLines(t *testing.T) {
	src := "a = (1,\n     2)  # c\n\nb = '''x\ny'''\nc = 'it''s' \\\n  + \"q#\"\n    d = {'k': [1,\n 2]}\n"
	got := logicalLines(src)
	want := []logicalLine{
		{Line: 1, Indent: 0, Text: "a = (1,      2)"},
		{Line: 4, Indent: 0, Text: "b = '''x\ny'''"},
		{Line: 6, Indent: 0, Text: "c = 'it''s'    + \"q#\""},
		{Line: 8, Indent: 4, Text: "d = {'k': [1,  2]}"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseDefParams(t *testing.T) {
	f := parseDef(logicalLine{Line: 1, Text: `async def h(ctx: "HookContext", case=None, *args, k: dict[str, int] = {"a": 1, "b": 2}, **kw) -> "x": return 1`})
	var got []string
	for _, p := range f.Params {
		got = append(got, fmt.Sprintf("%s|%s|%s|%d", p.Name, p.Annotation, p.Default, p.Star))
	}
	want := []string{`ctx|"HookContext"||0`, `case||None|0`, `args|||1`, `k|dict[str, int]|{"a": 1, "b": 2}|0`, `kw|||2`}
	if !slices.Equal(got, want) {
		t.Errorf("params %q\nwant %q", got, want)
	}
	if f.Name != "h" || len(f.Body) != 1 || f.Body[0].Text != "return 1" {
		t.Errorf("def %+v", f)
	}
}

func TestStringLiteral(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`"after_call"`, "after_call", true},
		{`'a\'b'`, "a'b", true},
		{`r"\d+"`, `\d+`, true},
		{`f"x{y}"`, "x{y}", true},
		{`"""doc"""`, "doc", true},
		{`"a" "b"`, "", false},
		{`name`, "", false},
	}
	for _, tt := range tests {
		got, ok := stringLiteral(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("stringLiteral(%s) = %q, %v", tt.in, got, ok)
		}
	}
}

func TestReportSummary(t *testing.T) {
	tests := []struct {
		file  string
		major int
		want  string
	}{
		{"aquamind_stage1_decorated.py", 3, "0 of 2 hooks will run: `fix_dev_auth_response` is registered under a name Schemathesis 3.x does not know (\"fix_dev_auth_response\") (aquamind_stage1_decorated.py:17); " +
			"`fix_action_response_types` is registered under a name Schemathesis 3.x does not know (\"fix_action_response_types\") (aquamind_stage1_decorated.py:27)"},
		{"aquamind_stage2_plain.py", 3, "0 of 2 hooks will run: `before_call` is never registered (aquamind_stage2_plain.py:7); `after_call` is never registered (aquamind_stage2_plain.py:12)"},
		{"string_named.py", 3, "0 of 3 hooks will run: `fix_dev_auth` does not load: importing the module fails (string_named.py:5); " +
			"`fix_typo` is registered under a name Schemathesis 3.x does not know (\"aftercall\") (string_named.py:10); `dynamic` is registered under a name ctlog cannot read (string_named.py:25)"},
		{"good.py", 3, "3 of 3 hooks will run"},
		{"good.py", 4, "0 of 3 hooks will run: `after_call` does not load: importing the module fails (good.py:7); " +
			"`add_trace_header` has the wrong number of parameters for before_call (good.py:12); `filter_query` does not load: importing the module fails (good.py:18)"},
	}
	for _, tt := range tests {
		if got := Lint("x/"+tt.file, readFixture(t, tt.file), tt.major).Summary(); got != tt.want {
			t.Errorf("%s %d.x:\n got %s\nwant %s", tt.file, tt.major, got, tt.want)
		}
	}
}
