package hooks

import (
	"regexp"
	"strings"
	"sync"
)

// env is what the module's imports and top-level assignments bind.
type env struct {
	m        *pyModule
	st       map[string]bool   // names bound to the schemathesis package
	hooksMod map[string]bool   // names bound to schemathesis.hooks
	hookFn   map[string]string // names bound to a hook decorator: "hook" or "register" (3.x only)
	checkFn  map[string]bool
	authFn   map[string]bool
	logger   map[string]bool // logging, or names bound to logging.getLogger(...)
	imported bool            // the module imports schemathesis
	hints3   int             // set by countHints
	hints4   int
	ix       *useIndex // built by uses
}

var (
	assignRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*([^=].*)$`) })
	loggerRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:logging\.)?getLogger\s*\(`) })
	// version hints: loaders and modules that exist in only one major.
	hint3Re = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:schemathesis|st)\.(?:from_uri|from_path|from_dict|from_file|from_wsgi|from_asgi|from_aiohttp|from_pytest_fixture|register_check|runner)\b|schemathesis\.models\b|schemathesis\.cli\.handlers\b|\bGenericResponse\b|\bhooks\.register\b|\bprocess_call_kwargs\b|\badd_case\b`)
	})
	hint4Re = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\bschemathesis\.(?:openapi|graphql)\.from_\w+|\bschemathesis\.pytest\.from_fixture\b|\bschemathesis\.(?:core|generation\.case|config|engine)\b|\bCheckContext\b|\bafter_network_error\b|\bafter_validate\b`)
	})
)

// hint3Words and hint4Words hold a word of each alternative of hint3Re and hint4Re: a statement
// with none of them cannot match (the patterns are slow on the many statements that do not).
var (
	hint3Words = []string{"schemathesis", "st.", "GenericResponse", "hooks.register", "process_call_kwargs", "add_case"}
	hint4Words = []string{"schemathesis.", "CheckContext", "after_network_error", "after_validate"}
)

// findAssign is assignRe's submatches, or nil: a statement without "=" is no assignment.
func findAssign(text string) []string {
	if strings.IndexByte(text, '=') < 0 {
		return nil
	}
	return assignRe().FindStringSubmatch(text)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func newEnv(m *pyModule) *env {
	e := &env{m: m, st: map[string]bool{}, hooksMod: map[string]bool{}, hookFn: map[string]string{},
		checkFn: map[string]bool{}, authFn: map[string]bool{}, logger: map[string]bool{}}
	for _, s := range m.Stmts {
		text := s.Text
		if s.InDef {
			continue
		}
		switch {
		case strings.HasPrefix(text, "import "):
			for _, part := range splitTop(text[len("import "):], ',') {
				name, alias, _ := strings.Cut(strings.TrimSpace(part), " as ")
				name, alias = strings.TrimSpace(name), strings.TrimSpace(alias)
				top, _, _ := strings.Cut(name, ".")
				switch {
				case top == "schemathesis":
					e.imported = true
					switch {
					case alias == "":
						e.st["schemathesis"] = true
					case name == "schemathesis":
						e.st[alias] = true
					case name == "schemathesis.hooks":
						e.hooksMod[alias] = true
					}
				case name == "logging" && alias == "":
					e.logger["logging"] = true
				}
			}
		case strings.HasPrefix(text, "from "):
			mod, names, ok := strings.Cut(text[len("from "):], " import ")
			if !ok {
				continue
			}
			mod = strings.TrimSpace(mod)
			if mod == "schemathesis" || strings.HasPrefix(mod, "schemathesis.") {
				e.imported = true
			}
			names = strings.Trim(strings.TrimSpace(names), "()")
			for _, part := range splitTop(names, ',') {
				name, alias, _ := strings.Cut(strings.TrimSpace(part), " as ")
				name, alias = strings.TrimSpace(name), strings.TrimSpace(alias)
				if alias == "" {
					alias = name
				}
				switch {
				case mod == "schemathesis" && name == "hook":
					e.hookFn[alias] = "hook"
				case mod == "schemathesis" && name == "hooks":
					e.hooksMod[alias] = true
				case mod == "schemathesis" && name == "check":
					e.checkFn[alias] = true
				case mod == "schemathesis" && name == "auth":
					e.authFn[alias] = true
				case mod == "schemathesis.hooks" && name == "register":
					e.hookFn[alias] = "register"
				case mod == "schemathesis.hooks" && name == "hook":
					e.hookFn[alias] = "hook"
				case mod == "logging" && name == "getLogger":
					// getLogger(...) assignments are recognised below
				}
			}
		default:
			if m := findAssign(text); m != nil && loggerRe().MatchString(strings.TrimSpace(m[2])) {
				e.logger[m[1]] = true
			}
		}
	}
	return e
}

// countHints counts the version hints of every statement (only a guess of the major needs them).
func (e *env) countHints() {
	e.hints3, e.hints4 = 0, 0
	for _, s := range e.m.Stmts {
		if containsAny(s.Text, hint3Words) {
			e.hints3 += len(hint3Re().FindAllString(s.Text, -1))
		}
		if containsAny(s.Text, hint4Words) {
			e.hints4 += len(hint4Re().FindAllString(s.Text, -1))
		}
	}
}

// guessMajor picks the major the file's loaders and imports point to; 3 when they do not tell.
// countHints must have run.
func (e *env) guessMajor() int {
	if e.hints4 > e.hints3 {
		return 4
	}
	return 3
}

// uses indexes the module's uses of its function names on first need.
func (e *env) uses() *useIndex {
	if e.ix == nil {
		e.ix = indexUses(e.m)
	}
	return e.ix
}

// calledAtImport reports whether a top-level statement (not under `if __name__ == "__main__"`)
// calls name, a function of the module.
func (e *env) calledAtImport(name string) bool {
	return e.uses().importCalls[name]
}

// useOf tells how the rest of the module uses function f: "call" when something calls it, the
// callee's text when it is passed to a call, "" when nothing refers to it.
func (e *env) useOf(f *pyFunc) (string, int) {
	for _, u := range e.uses().uses[f.Name] {
		s := &e.m.Stmts[u.stmt]
		switch {
		case s.Func == f:
			continue
		case u.call:
			return "call", s.Line
		case u.argOf != "":
			return u.argOf + "(…)", s.Line
		}
		return "call", s.Line // referenced some other way (a dict of handlers, an alias): assume it is used
	}
	return "", 0
}

type regKind uint8

const (
	kindNone regKind = iota
	kindHook
	kindCheck
	kindAuth
)

// registration is one decorator or call that registers a function with Schemathesis.
type registration struct {
	Kind     regKind
	Func     string // the registered function's name
	Name     string // the hook name (literal, or the function's name)
	Named    bool   // the name was given explicitly
	NameExpr string // a non-literal name expression
	Line     int
	Scope    Scope
	Via      string   // the decorator or call as written (shortened)
	V3Only   bool     // schemathesis.hooks.register: gone in 4.x
	Filters  []string // .apply_to(...) / .skip_for(...) argument lists
	Deferred *pyFunc  // registered by a statement inside this function (runs only when it is called)
}

// collectRegistrations finds every decorator and call that registers a function.
func collectRegistrations(m *pyModule, e *env) []registration {
	var out []registration
	for _, f := range m.Funcs {
		if !f.TopLevel && f.Parent == nil {
			continue // a method
		}
		for _, d := range f.Decorators {
			segs, ok := parseChain(d.Expr)
			if !ok {
				continue
			}
			rg, argsIdx := classifyChain(segs, e)
			if rg.Kind == kindNone {
				continue
			}
			rg.Func, rg.Line, rg.Via = f.Name, d.Line, "@"+shorten(d.Expr)
			rg.Name = f.Name
			if rg.Kind == kindHook && argsIdx >= 0 {
				setName(&rg, segs[len(segs)-1].Calls[argsIdx])
			}
			if !f.TopLevel {
				rg.Deferred = outermost(f.Parent)
			}
			out = append(out, rg)
		}
	}
	for _, c := range m.Classes {
		for _, d := range c.Decorators {
			if segs, ok := parseChain(d.Expr); ok {
				if rg, _ := classifyChain(segs, e); rg.Kind == kindAuth {
					rg.Func, rg.Line, rg.Via = c.Name, d.Line, "@"+shorten(d.Expr)
					out = append(out, rg)
				}
			}
		}
	}
	for _, s := range m.Stmts {
		if s.InMain || (s.InDef && s.Func == nil) {
			continue
		}
		expr := s.Text
		if a := findAssign(expr); a != nil {
			expr = a[2]
		}
		rg, ok := callRegistration(expr, e)
		if !ok {
			continue
		}
		rg.Line, rg.Via = s.Line, shorten(expr)
		if s.Func != nil {
			rg.Deferred = outermost(s.Func)
		}
		out = append(out, rg)
	}
	return out
}

func outermost(f *pyFunc) *pyFunc {
	for f.Parent != nil {
		f = f.Parent
	}
	return f
}

// setName takes the hook name from a decorator's argument list.
func setName(rg *registration, args string) {
	pos := positionalArgs(args)
	arg := ""
	if len(pos) > 0 {
		arg = pos[0]
	} else {
		arg = keywordArg(args, "hook")
	}
	if arg == "" {
		return
	}
	rg.Named = true
	if v, ok := stringLiteral(arg); ok {
		rg.Name = v
	} else {
		rg.Name, rg.NameExpr = "", arg
	}
}

// classifyChain tells what a decorator chain registers. argsIdx is the index of the call on the
// last segment that holds the hook's name (-1 when the decorator is used bare).
func classifyChain(segs []chainSeg, e *env) (registration, int) {
	var rg registration
	for len(segs) > 1 && (segs[len(segs)-1].Name == "apply_to" || segs[len(segs)-1].Name == "skip_for") {
		rg.Filters = append(rg.Filters, segs[len(segs)-1].Calls...)
		segs = segs[:len(segs)-1]
	}
	names := make([]string, len(segs))
	for i, s := range segs {
		names[i] = s.Name
	}
	last := segs[len(segs)-1]
	for _, s := range segs[:len(segs)-1] {
		if len(s.Calls) > 0 {
			return registration{}, -1 // e.g. get_schema().hook: not a form ctlog reads
		}
	}
	argsIdx := -1
	if len(last.Calls) > 0 {
		argsIdx = 0
	}
	head := names[0]
	switch {
	case len(names) == 1 && e.hookFn[head] != "":
		rg.Kind, rg.Scope, rg.V3Only = kindHook, ScopeGlobal, e.hookFn[head] == "register"
	case len(names) == 1 && e.checkFn[head]:
		rg.Kind = kindCheck
	case len(names) == 1 && e.authFn[head]:
		rg.Kind = kindAuth
	case len(names) == 2 && names[1] == "hook":
		rg.Kind, rg.Scope = kindHook, ScopeSchema
		if e.st[head] || e.hooksMod[head] {
			rg.Scope = ScopeGlobal
		}
	case len(names) == 2 && names[1] == "register" && e.hooksMod[head]:
		rg.Kind, rg.Scope, rg.V3Only = kindHook, ScopeGlobal, true
	case len(names) == 2 && names[1] == "check" && e.st[head]:
		rg.Kind = kindCheck
	case len(names) == 2 && names[1] == "auth":
		rg.Kind = kindAuth
	case len(names) == 3 && names[1] == "hooks" && names[2] == "register":
		rg.Kind, rg.Scope, rg.V3Only = kindHook, ScopeSchema, true
		if e.st[head] {
			rg.Scope = ScopeGlobal
		}
	case len(names) == 3 && names[1] == "hooks" && names[2] == "hook" && e.st[head]:
		rg.Kind, rg.Scope = kindHook, ScopeGlobal
	default:
		return registration{}, -1
	}
	if rg.Kind == kindHook && !e.imported && !e.st[head] {
		// `hook` or `schema.hook` with nothing from schemathesis in scope: not ours.
		if e.hookFn[head] == "" {
			return registration{}, -1
		}
	}
	return rg, argsIdx
}

// callRegistration reads a statement that registers a function by a call: schemathesis.hook(f),
// schemathesis.hook("name")(f), schema.hooks.register(f), X.register_hook_with_name(f, "name").
func callRegistration(expr string, e *env) (registration, bool) {
	segs, ok := parseChain(expr)
	if !ok || len(segs) == 0 {
		return registration{}, false
	}
	last := segs[len(segs)-1]
	if last.Name == "register_hook_with_name" && len(last.Calls) == 1 {
		args := positionalArgs(last.Calls[0])
		if len(args) != 2 || !isIdentifier(args[0]) {
			return registration{}, false
		}
		rg := registration{Kind: kindHook, Func: args[0], Scope: ScopeSchema}
		for _, s := range segs {
			if s.Name == "GLOBAL_HOOK_DISPATCHER" || e.hooksMod[s.Name] {
				rg.Scope = ScopeGlobal
			}
		}
		setName(&rg, args[1])
		return rg, true
	}
	if len(last.Calls) == 0 {
		return registration{}, false
	}
	// The registered function is the argument of the final call.
	fnArgs := positionalArgs(last.Calls[len(last.Calls)-1])
	if len(fnArgs) != 1 || !isIdentifier(fnArgs[0]) {
		return registration{}, false
	}
	trimmed := make([]chainSeg, len(segs))
	copy(trimmed, segs)
	trimmed[len(trimmed)-1].Calls = last.Calls[:len(last.Calls)-1]
	rg, argsIdx := classifyChain(trimmed, e)
	if rg.Kind != kindHook {
		return registration{}, false
	}
	rg.Func, rg.Name = fnArgs[0], fnArgs[0]
	if argsIdx >= 0 {
		setName(&rg, trimmed[len(trimmed)-1].Calls[argsIdx])
	}
	return rg, true
}

// shorten cuts a long expression for messages.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
