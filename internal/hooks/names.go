package hooks

import (
	"slices"
	"strings"
)

// Scope is where a hook may be registered: Schemathesis's HookScope.
type Scope uint8

// Hook scopes, as in Schemathesis's HookScope enum.
const (
	ScopeGlobal Scope = 1 << iota // @schemathesis.hook, schemathesis.hooks.register
	ScopeSchema                   // @schema.hook on a loaded schema
	ScopeTest                     // @schema.hooks.apply on one pytest test
)

const allScopes = ScopeGlobal | ScopeSchema | ScopeTest

func (s Scope) String() string {
	var parts []string
	for _, x := range []struct {
		s    Scope
		name string
	}{{ScopeGlobal, "GLOBAL"}, {ScopeSchema, "SCHEMA"}, {ScopeTest, "TEST"}} {
		if s&x.s != 0 {
			parts = append(parts, x.name)
		}
	}
	return strings.Join(parts, ", ")
}

// Spec is one hook specification: the name Schemathesis dispatches, the parameters the spec
// function declares (Schemathesis compares only their number with the hook's) and the scopes it
// may be registered on.
type Spec struct {
	Name   string
	Params []string
	Scopes Scope
	Note   string // where it comes from when that is not the main hooks module, or a caveat
}

// Arity is the number of parameters Schemathesis requires: len(inspect.signature(spec).parameters).
func (s Spec) Arity() int { return len(s.Params) }

// Signature renders the spec's parameters, e.g. "(context, case, response)".
func (s Spec) Signature() string { return "(" + strings.Join(s.Params, ", ") + ")" }

// The hook specifications below are copied by hand from Schemathesis's own sources, read in the
// schemathesis/schemathesis repository:
//
//   - 3.x: src/schemathesis/hooks.py of the late 3.x line (the version with dataclass
//     HookDispatcher, FilterSet and `filter_operations`; 3.39 is the last 3.x minor), and
//     src/schemathesis/cli/__init__.py, which registers the two CLI-only specs
//     after_init_cli_run_handlers and process_call_kwargs. Every spec is registered with
//     HookDispatcher.register_spec(scopes); `all_scopes` is every HookScope. The
//     filter_/map_/flatmap_ specs are generated there by exec() for the targets path_parameters,
//     query, headers, cookies, body and case, each as (context, <target>).
//   - 4.x: src/schemathesis/hooks.py of 4.x (specs inline, before_call gains `kwargs`, add_case,
//     filter_operations and the CLI specs are gone), and the later 4.x module "Hook
//     specifications — the names, signatures, and docs of every supported hook", which adds
//     after_network_error and after_validate and lets after_call be registered on a schema.
//
// Registration (HookDispatcher._validate_hook, identical in 3.x and 4.x) raises
// TypeError("There is no hook with name '…'") for an unknown name, ValueError("Cannot register
// hook '…' on SCHEMA scope dispatcher…") for a scope the spec does not list, and
// TypeError("Hook '…' takes N arguments but M is defined") when
// len(inspect.signature(hook).parameters) differs from the spec's — *args and **kwargs count as
// one parameter each, defaults do not make a parameter optional.
var specs3 = append(generatedSpecs(), []Spec{
	{Name: "before_generate_path_parameters", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_headers", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_cookies", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_query", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_body", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_case", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_process_path", Params: []string{"context", "path", "methods"}, Scopes: allScopes},
	{Name: "filter_operations", Params: []string{"context"}, Scopes: allScopes},
	{Name: "before_load_schema", Params: []string{"context", "raw_schema"}, Scopes: ScopeGlobal},
	{Name: "after_load_schema", Params: []string{"context", "schema"}, Scopes: ScopeGlobal},
	{Name: "before_add_examples", Params: []string{"context", "examples"}, Scopes: allScopes},
	{Name: "before_init_operation", Params: []string{"context", "operation"}, Scopes: allScopes},
	{Name: "add_case", Params: []string{"context", "case", "response"}, Scopes: ScopeGlobal},
	{Name: "before_call", Params: []string{"context", "case"}, Scopes: ScopeGlobal},
	{Name: "after_call", Params: []string{"context", "case", "response"}, Scopes: ScopeGlobal},
	{Name: "after_init_cli_run_handlers", Params: []string{"context", "handlers", "execution_context"}, Scopes: ScopeGlobal, Note: "CLI only (src/schemathesis/cli/__init__.py)"},
	{Name: "process_call_kwargs", Params: []string{"context", "case", "kwargs"}, Scopes: ScopeGlobal, Note: "CLI only (src/schemathesis/cli/__init__.py)"},
}...)

var specs4 = append(generatedSpecs(), []Spec{
	{Name: "before_generate_path_parameters", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_headers", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_cookies", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_query", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_body", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_generate_case", Params: []string{"context", "strategy"}, Scopes: allScopes},
	{Name: "before_process_path", Params: []string{"context", "path", "methods"}, Scopes: allScopes},
	{Name: "before_load_schema", Params: []string{"context", "raw_schema"}, Scopes: ScopeGlobal},
	{Name: "after_load_schema", Params: []string{"context", "schema"}, Scopes: ScopeGlobal},
	{Name: "before_add_examples", Params: []string{"context", "examples"}, Scopes: allScopes},
	{Name: "before_init_operation", Params: []string{"context", "operation"}, Scopes: allScopes},
	{Name: "before_call", Params: []string{"context", "case", "kwargs"}, Scopes: ScopeGlobal, Note: "a **kwargs parameter counts as the third"},
	{Name: "after_call", Params: []string{"context", "case", "response"}, Scopes: ScopeGlobal | ScopeSchema, Note: "SCHEMA scope from later 4.x releases"},
	{Name: "after_network_error", Params: []string{"context", "case", "request"}, Scopes: ScopeGlobal | ScopeSchema, Note: "later 4.x releases"},
	{Name: "after_validate", Params: []string{"context", "case", "response", "results"}, Scopes: allScopes, Note: "later 4.x releases"},
}...)

// dataTargets are the containers of the generated filter_/map_/flatmap_ specs.
var dataTargets = []string{"path_parameters", "query", "headers", "cookies", "body", "case"}

// generatedSpecs are the filter_/map_/flatmap_ specs both majors generate in a loop.
func generatedSpecs() []Spec {
	var out []Spec
	for _, action := range []string{"filter", "map", "flatmap"} {
		for _, target := range dataTargets {
			out = append(out, Spec{Name: action + "_" + target, Params: []string{"context", target}, Scopes: allScopes})
		}
	}
	return out
}

// unfilterable are the hooks validate_filterable_hook refuses .apply_to/.skip_for on.
var unfilterable = map[int][]string{
	3: {"before_process_path", "before_load_schema", "after_load_schema", "after_init_cli_run_handlers"},
	4: {"before_process_path", "before_load_schema", "after_load_schema"},
}

// contextAttrs are HookContext's attributes (3.x keeps the deprecated `endpoint`).
var contextAttrs = map[int][]string{3: {"operation", "endpoint"}, 4: {"operation"}}

// Specs returns the hook specifications of a Schemathesis major version (3 or 4), or nil.
func Specs(major int) []Spec {
	switch major {
	case 3:
		return specs3
	case 4:
		return specs4
	}
	return nil
}

// LookupSpec finds a hook name in a major version's specifications.
func LookupSpec(major int, name string) (Spec, bool) {
	i := slices.IndexFunc(Specs(major), func(s Spec) bool { return s.Name == name })
	if i < 0 {
		return Spec{}, false
	}
	return Specs(major)[i], true
}

// IsHookName reports whether name is a hook name in either major version.
func IsHookName(name string) bool {
	_, in3 := LookupSpec(3, name)
	_, in4 := LookupSpec(4, name)
	return in3 || in4
}

// suggestName returns the known hook name of the major that name looks like a typo of, or "".
func suggestName(major int, name string) string {
	best, bestD := "", 0
	limit := max(2, len(name)/4)
	for _, s := range Specs(major) {
		d := editDistance(name, s.Name)
		if d <= limit && (best == "" || d < bestD) {
			best, bestD = s.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes (hook names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
