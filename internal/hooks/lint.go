// Package hooks reads a Python Schemathesis hooks module as text (no Python needed) and says
// what Schemathesis will and will not call: which functions are registered as which hooks, hook
// names Schemathesis does not know, the wrong number of parameters, functions that look like
// hooks but are never registered, and import-time prints that suggest a false sense of success.
// It also derives draft hook rules (see DeriveRules) for the .ctlog.yaml config.
package hooks

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Finding severities.
const (
	SevError   = "error"   // a hook will not run (silently, or because importing the module fails)
	SevWarning = "warning" // likely a mistake, or something ctlog cannot check
	SevInfo    = "info"    // what Schemathesis will call
)

// Finding codes.
const (
	CodeHook              = "hook"                  // info: registered and will be called
	CodeCheck             = "check"                 // info: a custom check is registered
	CodeAuth              = "auth"                  // info: an auth provider is registered
	CodeUnknownName       = "unknown-hook-name"     // registered under a name the version does not know
	CodeWrongArity        = "wrong-arity"           // parameter count differs from the spec
	CodeWrongScope        = "wrong-scope"           // registered on a schema, spec allows only the global dispatcher
	CodeRegisterRemoved   = "register-removed"      // schemathesis.hooks.register on 4.x
	CodeFilterNotAllowed  = "filter-not-applicable" // .apply_to/.skip_for on a hook that refuses filters
	CodeUnregistered      = "unregistered-hook"     // looks like a hook, never registered
	CodeUncalledRegister  = "registered-in-uncalled-function"
	CodeUnrecognised      = "unrecognised-registration" // passed to a call ctlog does not know
	CodeDynamicName       = "dynamic-hook-name"         // hook name is not a string literal
	CodeUnknownFunction   = "function-not-in-file"      // registered function defined elsewhere
	CodeContextAttr       = "context-attribute"         // HookContext has no such attribute
	CodeImportPrint       = "import-print"              // prints or logs when imported
	CodeNoHooks           = "no-hooks"                  // registers nothing
	CodeImportFails       = "import-fails"              // summary: the first import-time error stops every hook
	CodeNoSchemathesisImp = "no-schemathesis-import"    // hook-like functions, no import of schemathesis
)

// importErrorCodes are findings that raise when the module is imported.
var importErrorCodes = []string{CodeUnknownName, CodeWrongArity, CodeWrongScope, CodeRegisterRemoved, CodeFilterNotAllowed}

// Finding is one thing lint says about a line of the hooks file.
type Finding struct {
	Line     int    `json:"line"`
	Severity string `json:"severity"` // error, warning or info
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// Hook is a function that is, or looks like, a Schemathesis hook.
type Hook struct {
	Function   string `json:"function"`
	Name       string `json:"name"` // the hook name it registers as ("" when not a literal, or for a hook-like function that names none)
	Line       int    `json:"line"`
	Registered bool   `json:"registered"`        // a registration runs when the module is imported
	Via        string `json:"via,omitempty"`     // how: the decorator or call, e.g. "@schemathesis.hook"
	Effective  bool   `json:"effective"`         // Schemathesis will call it (registered, name, parameters and scope right, and the import succeeds)
	Params     string `json:"params,omitempty"`  // the def's parameters, e.g. "(context, case, response)"
	Problem    string `json:"problem,omitempty"` // the code of the first error about it
}

// Report is the lint result for one hooks file.
type Report struct {
	Path        string    `json:"path"`
	Major       int       `json:"schemathesis_major"`
	MajorSource string    `json:"major_source"` // "given", or "file" (guessed from the file's imports and loaders), or "default"
	Hooks       []Hook    `json:"hooks"`
	Findings    []Finding `json:"findings"`
	Banner      string    `json:"banner,omitempty"` // the first line the module prints at import
}

// Silent reports whether something in the file will not run: any error finding. Most are
// silent (an unregistered function is never called and nothing says so); the rest make the import
// fail, which the CLI reports but which still leaves every hook of the file unrun.
func (r Report) Silent() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == SevError })
}

// Count returns the number of findings of a severity.
func (r Report) Count(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == severity {
			n++
		}
	}
	return n
}

// Lines renders the findings as "path:line: severity: message [code]" lines.
func (r Report) Lines() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, fmt.Sprintf("%s:%d: %s: %s [%s]", r.Path, f.Line, f.Severity, f.Message, f.Code))
	}
	return out
}

// Problems are the error findings as "path:line: message" (for a one-line summary elsewhere).
func (r Report) Problems() []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == SevError {
			out = append(out, fmt.Sprintf("%s:%d: %s", r.Path, f.Line, f.Message))
		}
	}
	return out
}

// problemPhrase says in a few words why a hook will not run, by its Problem code.
func problemPhrase(code string, major int, name string) string {
	switch code {
	case CodeUnregistered:
		return "is never registered"
	case CodeUnknownName:
		return fmt.Sprintf("is registered under a name Schemathesis %d.x does not know (%q)", major, name)
	case CodeWrongArity:
		return "has the wrong number of parameters for " + name
	case CodeWrongScope:
		return "is registered on a schema, but " + name + " needs @schemathesis.hook"
	case CodeRegisterRemoved:
		return fmt.Sprintf("uses schemathesis.hooks.register, which %d.x does not have", major)
	case CodeFilterNotAllowed:
		return "has a filter " + name + " does not allow"
	case CodeUncalledRegister:
		return "is registered inside a function nothing calls"
	}
	return ""
}

// Summary is one line for a report elsewhere (e.g. next to the hooks diagnosis): how many hook
// functions will run and, for each that will not, why and where, e.g.
// "0 of 2 hooks will run: `fix_dev_auth_response` is registered under a name Schemathesis 3.x
// does not know ("fix_dev_auth_response") (hooks.py:17); …".
func (r Report) Summary() string {
	effective := 0
	var why []string
	first := r.problemFindings()
	for _, h := range r.Hooks {
		if h.Effective {
			effective++
			continue
		}
		line := h.Line
		if i := first(h); i >= 0 {
			line = r.Findings[i].Line
		}
		phrase := problemPhrase(h.Problem, r.Major, h.Name)
		switch {
		case phrase != "":
		case h.Problem == "" && h.Registered && h.Name == "":
			phrase = "is registered under a name ctlog cannot read"
		case h.Problem == "" && h.Registered:
			phrase = "does not load: importing the module fails"
		case h.Via != "" && !h.Registered:
			phrase = "is passed to " + h.Via + ", which may never call it"
		default:
			phrase = "will not run"
		}
		why = append(why, fmt.Sprintf("`%s` %s (%s:%d)", h.Function, phrase, filepath.Base(r.Path), line))
	}
	noun := "hooks"
	if len(r.Hooks) == 1 {
		noun = "hook"
	}
	s := fmt.Sprintf("%d of %d %s will run", effective, len(r.Hooks), noun)
	if len(why) > 0 {
		s += ": " + strings.Join(why, "; ")
	}
	return s
}

// problemFindings returns a function giving the index of the first error finding about a hook
// that does not run: one with the hook's Problem code on the hook's line or the line before, or
// whose message names the hook ("`" followed by its function name); -1 when there is none. The
// findings are indexed once, so a report of many hooks is not searched once per hook.
func (r Report) problemFindings() func(Hook) int {
	type key struct{ code, s string }
	type lineKey struct {
		code string
		line int
	}
	byLine := map[lineKey]int{}
	byName := map[key]int{}
	lengths := map[int]bool{} // of the function names looked up
	for _, h := range r.Hooks {
		if !h.Effective {
			byName[key{h.Problem, h.Function}] = -1
			lengths[len(h.Function)] = true
		}
	}
	for i, f := range r.Findings {
		if f.Severity != SevError {
			continue
		}
		if _, ok := byLine[lineKey{f.Code, f.Line}]; !ok {
			byLine[lineKey{f.Code, f.Line}] = i
		}
		for b := strings.IndexByte(f.Message, '`'); b >= 0; {
			rest := f.Message[b+1:]
			for n := range lengths {
				if n <= len(rest) {
					if j, ok := byName[key{f.Code, rest[:n]}]; ok && j < 0 {
						byName[key{f.Code, rest[:n]}] = i
					}
				}
			}
			next := strings.IndexByte(rest, '`')
			if next < 0 {
				break
			}
			b += 1 + next
		}
	}
	return func(h Hook) int {
		best := byName[key{h.Problem, h.Function}]
		for _, line := range []int{h.Line, h.Line - 1} {
			if i, ok := byLine[lineKey{h.Problem, line}]; ok && (best < 0 || i < best) {
				best = i
			}
		}
		return best
	}
}

// Lint reads a hooks module and says what Schemathesis (major 3 or 4; 0 guesses from the file,
// falling back to 3) will and will not call. path is used in messages only.
func Lint(path string, src []byte, major int) Report {
	m := parseModule(string(src))
	e := newEnv(m)
	r := Report{Path: path, Major: major, MajorSource: "given", Hooks: []Hook{}, Findings: []Finding{}}
	if major != 3 && major != 4 {
		e.countHints()
		r.Major, r.MajorSource = e.guessMajor(), "file"
		if e.hints3 == e.hints4 {
			r.MajorSource = "default"
		}
	}
	l := &linter{m: m, e: e, r: &r, major: r.Major, checked: map[*pyFunc]bool{}}
	l.run()
	return r
}

type linter struct {
	m       *pyModule
	e       *env
	r       *Report
	major   int
	checked map[*pyFunc]bool // functions whose HookContext use was checked
}

func (l *linter) add(line int, sev, code, format string, args ...any) {
	l.r.Findings = append(l.r.Findings, Finding{Line: line, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (l *linter) run() {
	regs := collectRegistrations(l.m, l.e)
	byFunc := map[string][]registration{}
	for _, rg := range regs {
		byFunc[rg.Func] = append(byFunc[rg.Func], rg)
	}
	funcs := map[string]*pyFunc{}
	for _, f := range l.m.Funcs {
		if funcs[f.Name] == nil || f.TopLevel {
			funcs[f.Name] = f
		}
	}
	hookLikes := 0
	for _, rg := range regs {
		switch rg.Kind {
		case kindCheck:
			l.add(rg.Line, SevInfo, CodeCheck, "`%s` is registered as a custom check (%s)", rg.Func, rg.Via)
		case kindAuth:
			l.add(rg.Line, SevInfo, CodeAuth, "`%s` is registered as an auth provider (%s)", rg.Func, rg.Via)
		case kindHook:
			l.hook(rg, funcs[rg.Func])
		}
	}
	for _, f := range l.m.Funcs {
		if !f.TopLevel || slices.ContainsFunc(byFunc[f.Name], func(rg registration) bool { return rg.Kind != kindNone }) {
			continue
		}
		if l.unregistered(f) {
			hookLikes++
		}
	}
	if hookLikes > 0 && !l.e.imported {
		l.add(1, SevWarning, CodeNoSchemathesisImp, "the module does not import schemathesis, so nothing in it can register a hook")
	}
	if len(regs) == 0 && hookLikes == 0 {
		l.add(1, SevWarning, CodeNoHooks, "registers no Schemathesis hook, check or auth provider")
	}
	l.importFailure()
	l.importPrints()
	slices.SortStableFunc(l.r.Findings, func(a, b Finding) int { return a.Line - b.Line })
}

// hook checks one hook registration.
func (l *linter) hook(rg registration, f *pyFunc) {
	h := Hook{Function: rg.Func, Name: rg.Name, Line: rg.Line, Registered: true, Via: rg.Via}
	if f != nil {
		h.Line = f.Line
		h.Params = "(" + strings.Join(f.ParamNames(), ", ") + ")"
	}
	fail := func(code, format string, args ...any) {
		l.add(rg.Line, SevError, code, format, args...)
		if h.Problem == "" {
			h.Problem = code
		}
	}
	if rg.Deferred != nil && !l.e.calledAtImport(rg.Deferred.Name) {
		h.Registered = false
		fail(CodeUncalledRegister, "`%s` is registered inside `%s()`, which nothing calls when the module is imported, so the registration never happens",
			rg.Func, rg.Deferred.Name)
	}
	if rg.V3Only && l.major == 4 {
		fail(CodeRegisterRemoved, "`%s`: schemathesis.hooks has no `register` in Schemathesis 4.x (AttributeError when the module is imported, so none of its hooks load); use @schemathesis.hook", rg.Via)
	}
	spec, known := LookupSpec(l.major, rg.Name)
	switch {
	case rg.NameExpr != "":
		l.add(rg.Line, SevWarning, CodeDynamicName, "`%s` is registered under the name %s, which is not a string literal: ctlog cannot check it", rg.Func, rg.NameExpr)
	case !known:
		fail(CodeUnknownName, "%s", l.unknownNameMessage(rg, f))
	default:
		if rg.Scope&spec.Scopes == 0 {
			fail(CodeWrongScope, "`%s` is registered as %s on a schema (%s), but Schemathesis %d.x allows %s only on %s: ValueError \"Cannot register hook '%s' on SCHEMA scope dispatcher\" at import; use @schemathesis.hook",
				rg.Func, rg.Name, rg.Via, l.major, rg.Name, spec.Scopes, rg.Name)
		}
		if f != nil && len(f.Params) != spec.Arity() {
			fail(CodeWrongArity, "`%s%s` has %d parameters, but Schemathesis %d.x's %s takes %d %s: TypeError \"Hook '%s' takes %d arguments but %d is defined\" at import",
				f.Name, h.Params, len(f.Params), l.major, rg.Name, spec.Arity(), spec.Signature(), rg.Name, spec.Arity(), len(f.Params))
		}
		if len(rg.Filters) > 0 && slices.Contains(unfilterable[l.major], rg.Name) {
			fail(CodeFilterNotAllowed, "`%s`: Schemathesis does not allow .apply_to/.skip_for filters on %s (ValueError at import)", rg.Via, rg.Name)
		}
		if f == nil {
			l.add(rg.Line, SevWarning, CodeUnknownFunction, "`%s` is registered as %s but is not defined in this file: ctlog cannot check its parameters", rg.Func, rg.Name)
		}
	}
	if h.Problem == "" && h.Registered && rg.NameExpr == "" {
		h.Effective = true
		l.add(rg.Line, SevInfo, CodeHook, "Schemathesis %d.x will call `%s` as %s%s", l.major, rg.Func, rg.Name, whenCalled(rg.Name))
	}
	if f != nil {
		l.contextAttrs(f)
	}
	l.r.Hooks = append(l.r.Hooks, h)
}

// whenCalled describes when a hook runs, for the info line.
func whenCalled(name string) string {
	switch {
	case name == "before_call":
		return " (before every request)"
	case name == "after_call":
		return " (after every response, before the checks)"
	case strings.HasPrefix(name, "filter_"), strings.HasPrefix(name, "map_"), strings.HasPrefix(name, "flatmap_"), strings.HasPrefix(name, "before_generate_"):
		return " (on generated data)"
	}
	return ""
}

func (l *linter) unknownNameMessage(rg registration, f *pyFunc) string {
	var b strings.Builder
	how := "is registered as"
	if rg.Named {
		how = "is registered under the name"
	}
	fmt.Fprintf(&b, "`%s` %s %q, which is not a Schemathesis %d.x hook name: TypeError \"There is no hook with name '%s'\" when the module is imported, so none of its hooks load",
		rg.Func, how, rg.Name, l.major, rg.Name)
	other := 7 - l.major
	if _, ok := LookupSpec(other, rg.Name); ok {
		fmt.Fprintf(&b, " (%s is a Schemathesis %d.x hook", rg.Name, other)
		switch rg.Name {
		case "process_call_kwargs":
			b.WriteString("; in 4.x before_call(context, case, kwargs) receives the call's kwargs")
		case "add_case", "filter_operations", "after_init_cli_run_handlers":
			b.WriteString("; 4.x removed it")
		}
		b.WriteString(")")
		return b.String()
	}
	if s := suggestName(l.major, rg.Name); s != "" {
		fmt.Fprintf(&b, "; did you mean %q?", s)
		return b.String()
	}
	if f != nil {
		if s := guessIntent(f, l.major); s != "" {
			b.WriteString("; " + s)
		}
	}
	return b.String()
}

var (
	responseWordRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bresponse\b`) })
	caseAssignRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bcase\.\w+(\[[^\]]*\])?\s*=[^=]`) })
)

// guessIntent suggests the hook a function's body looks like it wants to be.
func guessIntent(f *pyFunc, major int) string {
	body := blankStrings(bodyText(f))
	var name string
	switch {
	case responseWordRe().MatchString(body):
		name = "after_call"
	case caseAssignRe().MatchString(body):
		name = "before_call"
	default:
		return ""
	}
	spec, _ := LookupSpec(major, name)
	return fmt.Sprintf("to change every %s, make it an %s hook: @schemathesis.hook(%q) on a function taking %s",
		map[string]string{"after_call": "response before the checks", "before_call": "request"}[name], name, name, spec.Signature())
}

func bodyText(f *pyFunc) string {
	var b strings.Builder
	for _, ll := range f.Body {
		b.WriteString(ll.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

var hookParamNames = []string{"case", "response", "strategy", "kwargs", "path", "methods", "raw_schema", "schema", "examples",
	"operation", "query", "headers", "cookies", "body", "path_parameters", "request", "results"}

// hookLike reports whether an unregistered function looks like a hook: a HookContext annotation,
// or a context/ctx first parameter followed by a hook's parameter.
func hookLike(f *pyFunc) bool {
	for _, p := range f.Params {
		if strings.Contains(p.Annotation, "HookContext") {
			return true
		}
	}
	if len(f.Params) < 2 || f.Params[0].Star != 0 {
		return false
	}
	first := f.Params[0].Name
	if first != "context" && first != "ctx" && first != "hook_context" {
		return false
	}
	return slices.Contains(hookParamNames, strings.TrimLeft(f.Params[1].Name, "*"))
}

// unregistered reports a top-level function that has no registration; it returns true when the
// function is a hook by name or shape.
func (l *linter) unregistered(f *pyFunc) bool {
	named := IsHookName(f.Name)
	if !named && !hookLike(f) {
		return false
	}
	params := "(" + strings.Join(f.ParamNames(), ", ") + ")"
	if use, line := l.e.useOf(f); use != "" {
		if use == "call" {
			if !named {
				return false // a helper another function calls
			}
		} else {
			l.add(line, SevWarning, CodeUnrecognised, "`%s` is passed to `%s`, which is not a Schemathesis registration ctlog knows: it may never be called", f.Name, use)
			l.r.Hooks = append(l.r.Hooks, Hook{Function: f.Name, Line: f.Line, Params: params, Via: use})
			return true
		}
	}
	var msg string
	if named {
		msg = fmt.Sprintf("`%s` has a Schemathesis hook's name but is never registered: without @schemathesis.hook (or schemathesis.hook(%s)) Schemathesis imports the module and never calls it",
			f.Name, f.Name)
		if _, ok := LookupSpec(l.major, f.Name); !ok {
			msg += fmt.Sprintf(" (and %s is not a %d.x hook)", f.Name, l.major)
		}
	} else {
		msg = fmt.Sprintf("`%s%s` has a hook's signature but is never registered, so Schemathesis never calls it", f.Name, params)
		if s := guessIntent(f, l.major); s != "" {
			msg += "; " + s
		}
	}
	if !l.e.imported {
		msg += " (the module does not even import schemathesis)"
	}
	l.add(f.Line, SevError, CodeUnregistered, "%s", msg)
	name := ""
	if named {
		name = f.Name
	}
	l.r.Hooks = append(l.r.Hooks, Hook{Function: f.Name, Name: name, Line: f.Line, Params: params, Problem: CodeUnregistered})
	l.contextAttrs(f)
	return true
}

// contextAttrs warns about attributes HookContext does not have (AttributeError when the hook runs).
func (l *linter) contextAttrs(f *pyFunc) {
	if len(f.Params) == 0 || l.checked[f] {
		return
	}
	l.checked[f] = true
	p := f.Params[0]
	if p.Name != "context" && p.Name != "ctx" && p.Name != "hook_context" && !strings.Contains(p.Annotation, "HookContext") {
		return
	}
	seen := map[string]bool{}
	for _, ll := range f.Body {
		for _, attr := range attributesOf(blankStrings(ll.Text), p.Name) {
			if slices.Contains(contextAttrs[l.major], attr) || seen[attr] {
				continue
			}
			seen[attr] = true
			hint := ""
			switch attr {
			case "path", "method", "path_parameters", "query", "headers", "body":
				hint = fmt.Sprintf("; use case.%s (a hook gets the case as its second parameter)", attr)
			case "response":
				hint = "; an after_call hook gets the response as its third parameter"
			}
			l.add(ll.Line, SevWarning, CodeContextAttr, "`%s.%s`: HookContext has only %s, so this raises AttributeError when the hook runs%s",
				p.Name, attr, strings.Join(contextAttrs[l.major], " and "), hint)
		}
	}
}

// attributesOf returns the attributes text reads off name, left to right: each `name.attr`
// where name starts at a word boundary and attr is an identifier, as the regular expression
// `\bname\.([A-Za-z_]\w*)` finds them with name as literal text (it is the hook's own parameter
// name, so it is never compiled into a pattern).
func attributesOf(text, name string) []string {
	var out []string
	prefix := name + "."
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], prefix)
		if k < 0 {
			break
		}
		k += i
		j := k + len(prefix)
		if (k > 0 && isWordByte(text[k-1])) != isWordByte(text[k]) && j < len(text) && isIdentStart(text[j]) {
			e := j + 1
			for e < len(text) && isWordByte(text[e]) {
				e++
			}
			out = append(out, text[j:e])
			i = e
			continue
		}
		i = k + 1
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// importFailure adds one summary when an error makes the import raise: no hook of the file loads.
func (l *linter) importFailure() {
	first := -1
	for i, f := range l.r.Findings {
		if slices.Contains(importErrorCodes, f.Code) && (first < 0 || f.Line < l.r.Findings[first].Line) {
			first = i
		}
	}
	if first < 0 {
		return
	}
	line := l.r.Findings[first].Line
	for i := range l.r.Hooks {
		l.r.Hooks[i].Effective = false
	}
	l.r.Findings = slices.DeleteFunc(l.r.Findings, func(f Finding) bool { return f.Code == CodeHook })
	cli := "the CLI stops with \"An exception happened during the hook loading\""
	if l.major == 4 {
		cli = "the CLI reports the import error and stops"
	}
	l.add(line, SevError, CodeImportFails,
		"importing this module raises here, so Schemathesis %d.x loads none of its hooks (%s; when SCHEMATHESIS_HOOKS is not set, nothing imports it and nothing says so)", l.major, cli)
}

var (
	printRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(print|sys\.stdout\.write|sys\.stderr\.write|click\.echo|click\.secho|warnings\.warn)\s*\(`)
	})
	logRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([A-Za-z_]\w*)\.(debug|info|warning|warn|error|critical|exception|log)\s*\(`)
	})
)

// importPrints reports module-level prints and log calls: evidence of import, not of hooks running.
func (l *linter) importPrints() {
	broken := 0
	for _, h := range l.r.Hooks {
		if !h.Effective {
			broken++
		}
	}
	for _, st := range l.m.Stmts {
		if st.InDef || st.InMain {
			continue
		}
		args, what := printCall(st.Text, l.e)
		if what == "" {
			continue
		}
		text := firstLiteral(args)
		if l.r.Banner == "" && text != "" && !strings.ContainsAny(text, "\r\n") {
			l.r.Banner = text
		}
		quoted := "a line"
		if text != "" {
			quoted = fmt.Sprintf("%q", text)
		}
		msg := fmt.Sprintf("%s %s when the module is imported: it shows the module was imported, not that any hook is registered or runs", what, quoted)
		if broken > 0 {
			msg += fmt.Sprintf(" (here %d of %d hook functions will not run)", broken, len(l.r.Hooks))
		}
		l.add(st.Line, SevWarning, CodeImportPrint, "%s", msg)
	}
}

// printCall returns the argument text of a print or log call and a verb for it, or what="".
func printCall(text string, e *env) (args, what string) {
	if strings.IndexByte(text, '(') < 0 {
		return "", "" // both patterns need a call
	}
	loc := printRe().FindStringSubmatchIndex(text)
	what = "prints"
	if loc == nil {
		loc = logRe().FindStringSubmatchIndex(text)
		if loc == nil || !e.logger[text[loc[2]:loc[3]]] {
			return "", ""
		}
		what = "logs"
	}
	open := loc[1] - 1
	closing := matchBracket(text, open)
	if closing < 0 {
		return "", ""
	}
	return text[open+1 : closing], what
}

// firstLiteral is the first positional argument when it is a string literal (an f-string's text
// up to its first placeholder), or "".
func firstLiteral(args string) string {
	pos := positionalArgs(args)
	if len(pos) == 0 {
		return ""
	}
	a := strings.TrimSpace(pos[0])
	v, ok := stringLiteral(a)
	if !ok {
		return ""
	}
	if m := strLitRe().FindString(a); strings.ContainsAny(strings.ToLower(m), "f") {
		if i := strings.IndexByte(v, '{'); i >= 0 {
			v = v[:i]
		}
	}
	return strings.TrimSpace(v)
}
