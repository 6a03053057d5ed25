package hooks

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

// DerivedRule is a hook rule derived from a hook's code, with what it came from.
type DerivedRule struct {
	rules.Rule
	Function   string   // the hook function
	Line       int      // its def line
	Hook       string   // the hook it is (or would be) registered as; "" when it names none
	Registered bool     // a registration runs at import
	Changes    []string // what the hook changes: "status", "body", "Content-Type", "headers", "request"
	Missing    []string // comments on fields that could not be derived
	Unsure     []string // why the rule is only a commented draft: what ctlog could not read
}

// Complete reports whether the rule has operations, the one field a rule cannot do without, and
// nothing that makes it only a draft.
func (d DerivedRule) Complete() bool { return len(d.Operations) > 0 && len(d.Unsure) == 0 }

// Derivation is what DeriveRules reads from a hooks module.
type Derivation struct {
	Path       string
	Module     string // dotted module name from a relative path ("" when the path gives none)
	Banner     string // the text the module prints at import, without emoji and final punctuation
	BannerLine int
	Rules      []DerivedRule // complete and incomplete
	Notes      []string      // "path:line: ..." on what could not be derived
}

// DeriveRules derives draft hook rules from what the hooks in a module test (case.operation.path,
// case.method, response.status_code) and change (body, status, headers). Only complete rules
// (with operations) are returned; the notes say what could not be derived.
func DeriveRules(path string, src []byte) ([]rules.Rule, []string) {
	d := Derive(path, src)
	var out []rules.Rule
	for _, r := range d.Rules {
		if r.Complete() {
			out = append(out, r.Rule)
		}
	}
	return out, d.Notes
}

// Derive reads a hooks module and derives its rules, banner and module name.
func Derive(path string, src []byte) Derivation {
	m := parseModule(string(src))
	e := newEnv(m)
	d := Derivation{Path: path, Module: moduleName(path)}
	if text, line := importBanner(m, e); text != "" {
		d.Banner, d.BannerLine = cleanBanner(text), line
	}
	byFunc := map[string][]registration{}
	for _, rg := range collectRegistrations(m, e) {
		byFunc[rg.Func] = append(byFunc[rg.Func], rg)
	}
	module := moduleBindings(m)
	h := newHelpers(m, module)
	seen := map[string]bool{}
	for _, f := range m.Funcs {
		if !f.TopLevel || seen[f.Name] {
			continue
		}
		var hookName string
		registered := false
		isHook := false
		regs := byFunc[f.Name]
		if slices.ContainsFunc(regs, func(rg registration) bool {
			return rg.Kind == kindCheck || rg.Kind == kindAuth
		}) {
			continue // a custom check or auth provider
		}
		for _, rg := range regs {
			if rg.Kind == kindHook {
				isHook = true
				registered = registered || rg.Deferred == nil || e.calledAtImport(rg.Deferred.Name)
				if hookName == "" {
					hookName = rg.Name
				}
			}
		}
		if !isHook && IsHookName(f.Name) {
			isHook, hookName = true, f.Name
		}
		if !isHook && hookLike(f) {
			if use, _ := e.useOf(f); use != "call" {
				isHook = true
			}
		}
		if !isHook {
			continue
		}
		seen[f.Name] = true
		dr, note := deriveOne(f, hookName, h)
		dr.Registered = registered
		where := fmt.Sprintf("%s:%d", path, f.Line)
		if note != "" {
			d.Notes = append(d.Notes, fmt.Sprintf("%s: %s: %s", where, f.Name, note))
			continue
		}
		for _, u := range dr.Unsure {
			d.Notes = append(d.Notes, fmt.Sprintf("%s: %s: draft only: %s", where, f.Name, u))
		}
		for _, miss := range dr.Missing {
			d.Notes = append(d.Notes, fmt.Sprintf("%s: %s: %s", where, f.Name, miss))
		}
		d.Rules = append(d.Rules, dr)
	}
	if len(d.Rules) == 0 && len(d.Notes) == 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s: no hook that changes responses or requests was found", path))
	}
	return d
}

// generationHooks change generated data or the schema: what they prevent cannot be read off the code.
func generationHook(name string) bool {
	for _, p := range []string{"filter_", "map_", "flatmap_", "before_generate_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return slices.Contains([]string{"before_process_path", "before_load_schema", "after_load_schema", "before_add_examples",
		"before_init_operation", "add_case", "after_init_cli_run_handlers", "after_network_error", "after_validate"}, name)
}

// deriveOne derives the rule of one hook function; note is set when no rule can be derived at all.
func deriveOne(f *pyFunc, hookName string, h *helpers) (DerivedRule, string) {
	dr := DerivedRule{Function: f.Name, Line: f.Line, Hook: hookName}
	dr.Name = f.Name
	switch {
	case generationHook(hookName):
		return dr, fmt.Sprintf("%s changes generated data or the schema, not responses: which failures it prevents cannot be derived, so no rule", hookName)
	case hookName == "filter_operations":
		return dr, "filter_operations skips operations: no rule"
	}
	c := newConds(f, h.module)
	c.h, c.roles, c.merged = h, hookRoles(f), map[*conds]bool{}
	body := blankStrings(bodyText(f))
	changes, checks := responseChanges(f, body)
	c.collect() // follows the helpers the hook calls
	for _, ch := range c.changes {
		if !slices.Contains(changes, ch) {
			changes = append(changes, ch)
		}
	}
	for _, ch := range c.checks {
		if !slices.Contains(checks, ch) {
			checks = append(checks, ch)
		}
	}
	sortChecks(checks)
	request := len(changes) == 0 && (requestChangeRe().MatchString(body) || c.request)
	unresolved := dedupe(c.unresolved)
	switch {
	case len(changes) > 0:
		dr.Changes = changes
		for _, u := range unresolved {
			dr.Missing = append(dr.Missing, u+" (it may change more than the checks listed)")
		}
	case request:
		dr.Changes = []string{"request"}
		dr.Missing = append(dr.Missing, unresolved...)
	case len(unresolved) > 0:
		dr.Unsure = append(dr.Unsure, unresolved...)
	default:
		return dr, "changes neither the response nor the request (as far as ctlog can read): no rule"
	}
	dr.Unsure = dedupe(append(dr.Unsure, c.unsure...))
	dr.Operations = c.operations()
	if len(dr.Operations) == 0 {
		dr.Missing = append(dr.Missing, "operations not derived: the hook does not test the path in a way ctlog reads (==, in, startswith, endswith, substring); add the operations it fixes")
	}
	dr.Missing = append(dr.Missing, dedupe(c.notes)...)
	if request {
		dr.Missing = append(dr.Missing, "checks not derived: the hook changes the request, so any check may be affected; narrow `checks` by hand")
	} else {
		dr.Checks = checks
		dr.Statuses = withoutCovered(c.statuses)
		if slices.Contains(changes, "status") && len(c.statuses) == 0 {
			dr.Missing = append(dr.Missing, "statuses not derived: the hook rewrites the status without testing it; list the statuses it fixes (e.g. 401)")
		}
		if len(c.statuses) > 0 && !slices.ContainsFunc(c.statuses, func(s string) bool { return !strings.HasPrefix(s, "5") }) &&
			slices.Contains(changes, "status") {
			dr.Checks = append(dr.Checks, "not_a_server_error")
		}
	}
	dr.Prints = hookPrint(f)
	return dr, ""
}

// Regular expressions over conditions. STR is a string literal, COLL a literal collection of them.
const (
	strPat  = `(?:[rRbBuU]{0,2}(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))`
	collPat = `(?:\(\s*` + strPat + `(?:\s*,\s*` + strPat + `)*\s*,?\s*\)|\[\s*` + strPat + `(?:\s*,\s*` + strPat + `)*\s*,?\s*\]|\{\s*` + strPat + `(?:\s*,\s*` + strPat + `)*\s*,?\s*\})`
	namePat = `[A-Za-z_]\w*`
	exprPat = `[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\.(?:upper|lower|strip|rstrip|lstrip|casefold)\([^()]*\))*`
	intColl = `[\(\[\{]\s*\d{3}(?:\s*,\s*\d{3})*\s*,?\s*[\)\]\}]`
)

var (
	eqRe     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(` + exprPat + `)\s*(==|!=)\s*(` + strPat + `)`) })
	eqRevRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(` + strPat + `)\s*(==|!=)\s*(` + exprPat + `)`) })
	eqNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(` + exprPat + `)\s*(==|!=)\s*(` + namePat + `)\b`) })
	inRe     = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(` + exprPat + `)\s+(?:not\s+)?in\s+(` + collPat + `|` + namePat + `)`)
	})
	subRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(` + strPat + `)\s+(?:not\s+)?in\s+(` + exprPat + `)`)
	})
	affixRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(` + exprPat + `)\.(startswith|endswith)\(\s*(` + strPat + `|` + collPat + `|` + namePat + `)\s*\)`)
	})
	anySubRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`any\(\s*(` + namePat + `)\s+in\s+(` + exprPat + `)\s+for\s+(` + namePat + `)\s+in\s+(` + collPat + `|` + namePat + `)\s*\)`)
	})
	anyAffixRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`any\(\s*(` + exprPat + `)\.(startswith|endswith)\(\s*(` + namePat + `)\s*\)\s+for\s+(` + namePat + `)\s+in\s+(` + collPat + `|` + namePat + `)\s*\)`)
	})
	cmpRe      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(` + exprPat + `)\s*(==|!=|>=|<=|>|<)\s*(\d{3})\b`) })
	cmpRevRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{3})\s*(==|!=|>=|<=|>|<)\s*(` + exprPat + `)`) })
	chainCmpRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(\d{3})\s*(<=|<)\s*(` + exprPat + `)\s*(<=|<)\s*(\d{3})\b`)
	})
	inIntRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(` + exprPat + `)\s+(?:not\s+)?in\s+(` + intColl + `)`)
	})
	rangeRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(` + exprPat + `)\s+(?:not\s+)?in\s+range\(\s*(\d{3})\s*,\s*(\d{3})\s*\)`)
	})
	classRe2   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(` + exprPat + `)\s*//\s*100\s*==\s*([1-5])\b`) })
	regexUseRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bre\.(?:match|search|fullmatch)\(`) })
	suffixRe   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:\.(?:upper|lower|strip|rstrip|lstrip|casefold)\([^()]*\))+$`)
	})
	ifRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:if|elif)\s+`) })
	// requestChangeRe finds changes to the case or to the call's kwargs.
	requestChangeRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\bcase\.\w+(?:\[[^\]]*\])?\s*(?:=[^=]|\.(?:update|setdefault|pop|append)\()|\bkwargs\s*\[[^\]]*\]\s*=[^=]|\bkwargs\.(?:update|setdefault|pop)\(`)
	})
	returnRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:return(?:\s+None|\s+False|\s+response|\s+case)?|continue|pass)$`)
	})
	threeDigitsRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d{3}`) })
)

// bindings are the names an assignment binds to something a condition may test: a request
// path, method or response status (alias), a literal collection of strings (colls) or one string
// literal (consts). A later assignment replaces an earlier one of the same kind only.
type bindings struct {
	alias  map[string]string   // local name -> "path", "method" or "status"
	colls  map[string][]string // names bound to a literal collection of strings
	consts map[string]string   // names bound to one string literal
}

func newBindings() *bindings {
	return &bindings{alias: map[string]string{}, colls: map[string][]string{}, consts: map[string]string{}}
}

// moduleBindings reads the module-level assignments once for every function of the module.
func moduleBindings(m *pyModule) *bindings {
	c := &conds{bindings: newBindings()}
	for _, s := range m.Stmts {
		if !s.InDef {
			c.assign(s.Text)
		}
	}
	return c.bindings
}

// conds collects what a function's if-conditions test.
type conds struct {
	*bindings           // the function's own assignments
	module    *bindings // the module's, looked up when the function does not bind a name; nil for none
	f         *pyFunc
	paired    []string // "METHOD|METHOD pattern" from conditions that test both
	paths     []string // patterns from conditions without a method
	methods   []string // methods from conditions without a path
	statuses  []string
	notes     []string

	// Following helpers (helpers.go).
	h          *helpers          // the module's helpers; nil: calls are not followed
	roles      map[string]string // parameter -> roleResponse, roleCase or roleContext
	inv        bool              // the function's conditions act when false (a helper called under not or as a guard's test)
	pred       bool              // the function is called in a condition: its return expressions are tests
	depth      int               // helper calls below the hook
	merged     map[*conds]bool   // helper readings merged into this one
	changes    []string          // what the helpers change in the response
	checks     []string          // the checks those changes affect
	request    bool              // a helper changes the case
	readsOp    bool              // the function tests the operation's path or method
	unsure     []string          // what makes the rule only a draft
	unresolved []string          // calls given the response or case that ctlog cannot follow
}

func newConds(f *pyFunc, module *bindings) *conds {
	c := &conds{bindings: newBindings(), module: module, f: f}
	for _, ll := range f.Body {
		c.assign(ll.Text)
	}
	return c
}

// assign records what an assignment statement binds.
func (c *conds) assign(text string) {
	a := findAssign(text)
	if a == nil {
		return
	}
	rhs := strings.TrimSpace(a[2])
	if v, ok := stringLiteral(rhs); ok {
		c.consts[a[1]] = v
		return
	}
	if vals, ok := stringList(rhs); ok {
		c.colls[a[1]] = vals
		return
	}
	if k := c.kind(rhs); k != "" {
		c.alias[a[1]] = k
	}
}

func (c *conds) aliasOf(name string) (string, bool) {
	if k, ok := c.alias[name]; ok || c.module == nil {
		return k, ok
	}
	k, ok := c.module.alias[name]
	return k, ok
}

func (c *conds) constOf(name string) (string, bool) {
	if v, ok := c.consts[name]; ok || c.module == nil {
		return v, ok
	}
	v, ok := c.module.consts[name]
	return v, ok
}

func (c *conds) collOf(name string) ([]string, bool) {
	if v, ok := c.colls[name]; ok || c.module == nil {
		return v, ok
	}
	v, ok := c.module.colls[name]
	return v, ok
}

// kind classifies an expression: a request path, method, response status, or "".
func (c *conds) kind(expr string) string {
	expr = suffixRe().ReplaceAllString(strings.TrimSpace(expr), "")
	if k, ok := c.aliasOf(expr); ok {
		return k
	}
	last := expr
	if i := strings.LastIndexByte(expr, '.'); i >= 0 {
		last = expr[i+1:]
	} else {
		return ""
	}
	switch last {
	case "path", "formatted_path", "path_name", "full_path", "path_url", "url":
		return "path"
	case "method":
		return "method"
	case "status_code":
		return "status"
	}
	return ""
}

// values resolves a collection literal or a name bound to one.
func (c *conds) values(s string) ([]string, bool) {
	if vals, ok := stringList(s); ok {
		return vals, true
	}
	if v, ok := c.constOf(strings.TrimSpace(s)); ok {
		return []string{v}, true
	}
	return c.collOf(strings.TrimSpace(s))
}

// collect reads every if/elif condition of the function, and follows its calls to the module's
// helpers (a predicate's return expressions are conditions too).
func (c *conds) collect() {
	body := c.f.Body
	for i, ll := range body {
		loc := ifRe().FindStringIndex(ll.Text)
		if loc == nil {
			if expr, ok := strings.CutPrefix(ll.Text, "return "); ok && c.pred {
				negated := strings.HasPrefix(strings.TrimSpace(expr), "not ")
				c.condition(expr, negated != c.inv, ll.Line)
				c.follow(expr, ll.Line, true, c.inv)
				continue
			}
			c.follow(ll.Text, ll.Line, false, false)
			continue
		}
		rest := ll.Text[loc[1]:]
		colon := indexTop(rest, ':')
		if colon < 0 {
			continue
		}
		cond := rest[:colon]
		guard := returnRe().MatchString(strings.TrimSpace(rest[colon+1:]))
		if strings.TrimSpace(rest[colon+1:]) == "" && i+1 < len(body) && body[i+1].Indent > ll.Indent &&
			returnRe().MatchString(body[i+1].Text) && (i+2 >= len(body) || body[i+2].Indent <= ll.Indent) {
			guard = true
		}
		negated := strings.HasPrefix(strings.TrimSpace(cond), "not ")
		before := c.read()
		c.condition(cond, (guard != negated) != c.inv, ll.Line)
		helperOp := c.follow(cond, ll.Line, true, guard != c.inv)
		if guard && c.read() == before && (helperOp || readsOperation(blankStrings(cond))) && !presenceTest(cond) {
			c.unsure = append(c.unsure, fmt.Sprintf("line %d: the guard %q is not read: the hook may skip operations this rule claims", ll.Line, shorten(cond)))
		}
		c.follow(rest[colon+1:], ll.Line, false, false)
	}
	c.statuses = dedupe(c.statuses)
}

// condition reads one condition. inverted is true when the code acts when the condition is false
// (a guard that returns, or a `not`); it matters only for <, <=, >, >= on the status.
func (c *conds) condition(cond string, inverted bool, line int) {
	blank := blankStrings(cond)
	code := func(start int) bool { return start >= 0 && start < len(cond) && blank[start] == cond[start] }
	var paths, methods []string
	addPath := func(kind, val string) {
		if p, ok := pathGlob(kind, val); ok {
			paths = append(paths, p)
		} else {
			c.notes = append(c.notes, fmt.Sprintf("line %d: path test %q is not a /path: not derived", line, val))
		}
	}
	var loops map[string]bool // the comprehension variables, read on first need
	dynamic := func(expr, name string) {
		if loops == nil {
			loops = loopVars(blank)
		}
		c.dynamic(loops, expr, name, line)
	}
	eq := func(expr, lit string) {
		v, ok := stringLiteral(lit)
		if !ok {
			return
		}
		switch c.kind(expr) {
		case "path":
			addPath("eq", v)
		case "method":
			if isMethodName(v) {
				methods = append(methods, strings.ToUpper(v))
			} else {
				c.notes = append(c.notes, fmt.Sprintf("line %d: method test %q is not a method name: not derived", line, v))
			}
		}
	}
	for _, m := range findAllIndex(eqRe(), cond, "=") {
		if code(m[2]) {
			eq(cond[m[2]:m[3]], cond[m[6]:m[7]])
		}
	}
	for _, m := range findAllIndex(eqRevRe(), cond, "=") {
		if code(m[6]) {
			eq(cond[m[6]:m[7]], cond[m[2]:m[3]])
		}
	}
	for _, m := range findAllIndex(eqNameRe(), cond, "=") {
		if v, ok := c.constOf(cond[m[6]:m[7]]); ok && code(m[2]) {
			eq(cond[m[2]:m[3]], strconv.Quote(v))
		}
	}
	for _, m := range findAllIndex(inRe(), cond, "in") {
		if !code(m[2]) {
			continue
		}
		vals, ok := c.values(cond[m[4]:m[5]])
		if !ok {
			dynamic(cond[m[2]:m[3]], cond[m[4]:m[5]])
			continue
		}
		for _, v := range vals {
			eq(cond[m[2]:m[3]], strconv.Quote(v))
		}
	}
	for _, m := range findAllIndex(subRe(), cond, "in") {
		if code(m[4]) && c.kind(cond[m[4]:m[5]]) == "path" {
			if v, ok := stringLiteral(cond[m[2]:m[3]]); ok {
				addPath("sub", v)
			}
		}
	}
	for _, m := range findAllIndex(affixRe(), cond, "swith(") {
		if !code(m[2]) || c.kind(cond[m[2]:m[3]]) != "path" {
			continue
		}
		if vals, ok := c.values(cond[m[6]:m[7]]); ok {
			for _, v := range vals {
				addPath(map[string]string{"startswith": "prefix", "endswith": "suffix"}[cond[m[4]:m[5]]], v)
			}
		} else {
			dynamic(cond[m[2]:m[3]], cond[m[6]:m[7]])
		}
	}
	for _, m := range findAllIndex(anySubRe(), cond, "any(") {
		if cond[m[2]:m[3]] != cond[m[6]:m[7]] || c.kind(cond[m[4]:m[5]]) != "path" {
			continue
		}
		if vals, ok := c.values(cond[m[8]:m[9]]); ok {
			for _, v := range vals {
				addPath("sub", v)
			}
		} else {
			dynamic(cond[m[4]:m[5]], cond[m[8]:m[9]])
		}
	}
	for _, m := range findAllIndex(anyAffixRe(), cond, "any(") {
		if cond[m[6]:m[7]] != cond[m[8]:m[9]] || c.kind(cond[m[2]:m[3]]) != "path" {
			continue
		}
		if vals, ok := c.values(cond[m[10]:m[11]]); ok {
			for _, v := range vals {
				addPath(map[string]string{"startswith": "prefix", "endswith": "suffix"}[cond[m[4]:m[5]]], v)
			}
		} else {
			dynamic(cond[m[2]:m[3]], cond[m[10]:m[11]])
		}
	}
	if regexUseRe().MatchString(blank) && strings.Contains(blank, "path") {
		c.notes = append(c.notes, fmt.Sprintf("line %d: a regular expression on the path is not derived; add its operations by hand", line))
	}
	c.statusTests(cond, blank, inverted)
	paths, methods = dedupe(paths), dedupe(methods)
	switch {
	case len(paths) > 0 && len(methods) > 0:
		for _, p := range paths {
			c.paired = append(c.paired, strings.Join(methods, "|")+" "+p)
		}
	case len(paths) > 0:
		c.paths = append(c.paths, paths...)
	default:
		c.methods = append(c.methods, methods...)
	}
}

// presenceTest reports whether a condition only tests that things are there: `x.y`, `not x.y`,
// `x.y is None`, `x.y is not None`, joined by `and` or `or` (a guard against a missing value,
// not a filter).
func presenceTest(cond string) bool {
	if strings.ContainsAny(cond, "()[]{}'\"") {
		return false
	}
	for _, part := range strings.Split(strings.ReplaceAll(cond, " and ", " or "), " or ") {
		part = strings.TrimSpace(part)
		part = strings.TrimSpace(strings.TrimPrefix(part, "not "))
		part = strings.TrimSuffix(strings.TrimSuffix(part, " is not None"), " is None")
		if _, ok := parseChain(part); !ok {
			return false
		}
	}
	return true
}

// dynamic notes a path or method tested against a name ctlog cannot read the values of (other
// than a comprehension's variable, `for name in`): the rule is only a draft.
func (c *conds) dynamic(loops map[string]bool, expr, name string, line int) {
	k := c.kind(expr)
	if (k != "path" && k != "method") || !isIdentifier(name) || loops[name] {
		return
	}
	c.unsure = append(c.unsure, fmt.Sprintf("line %d: the %s is tested against %s, which is not a literal set, list or tuple of strings in this module: its values are not derived", line, k, name))
}

// loopVars are the names a condition (strings blanked) binds in comprehensions: `for NAME in`.
func loopVars(blank string) map[string]bool {
	vars := map[string]bool{}
	for i := 0; ; {
		j := strings.Index(blank[i:], "for ")
		if j < 0 {
			return vars
		}
		i += j + len("for ")
		if i > len("for ") && isWordByte(blank[i-len("for ")-1]) {
			continue
		}
		k := i
		for k < len(blank) && isWordByte(blank[k]) {
			k++
		}
		if rest := strings.TrimLeft(blank[k:], " "); k > i && strings.HasPrefix(rest, "in") {
			vars[blank[i:k]] = true
		}
	}
}

// statusTests reads response status tests.
func (c *conds) statusTests(cond, blank string, inverted bool) {
	isStatus := func(e string) bool { return c.kind(e) == "status" }
	for _, m := range findAll(chainCmpRe(), blank, "<") {
		if isStatus(m[3]) {
			lo, _ := strconv.Atoi(m[1])
			hi, _ := strconv.Atoi(m[5])
			if m[2] == "<" {
				lo++
			}
			if m[4] == "<=" {
				hi++
			}
			c.statuses = append(c.statuses, statusRange(lo, hi)...)
		}
	}
	if strings.Contains(blank, "<") && chainCmpRe().MatchString(blank) {
		blank = chainCmpRe().ReplaceAllString(blank, "")
	}
	cmp := func(expr, op, num string) {
		if !isStatus(expr) {
			return
		}
		n, _ := strconv.Atoi(num)
		switch op {
		case "==", "!=":
			if validStatus(num) {
				c.statuses = append(c.statuses, num)
			}
			return
		}
		if inverted {
			op = map[string]string{">=": "<", ">": "<=", "<=": ">", "<": ">="}[op]
		}
		switch op {
		case ">=":
			c.statuses = append(c.statuses, statusRange(n, 600)...)
		case ">":
			c.statuses = append(c.statuses, statusRange(n+1, 600)...)
		case "<":
			c.statuses = append(c.statuses, statusRange(100, n)...)
		case "<=":
			c.statuses = append(c.statuses, statusRange(100, n+1)...)
		}
	}
	flip := map[string]string{">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
	for _, m := range findAllAny(cmpRe(), blank, "=<>") {
		cmp(m[1], m[2], m[3])
	}
	for _, m := range findAllAny(cmpRevRe(), blank, "=<>") {
		cmp(m[3], flip[m[2]], m[1])
	}
	for _, m := range findAll(inIntRe(), blank, "in") {
		if isStatus(m[1]) {
			for _, num := range threeDigitsRe().FindAllString(m[2], -1) {
				if validStatus(num) {
					c.statuses = append(c.statuses, num)
				}
			}
		}
	}
	for _, m := range findAll(rangeRe(), blank, "range(") {
		if isStatus(m[1]) {
			lo, _ := strconv.Atoi(m[2])
			hi, _ := strconv.Atoi(m[3])
			c.statuses = append(c.statuses, statusRange(lo, hi)...)
		}
	}
	for _, m := range findAll(classRe2(), blank, "//") {
		if isStatus(m[1]) {
			c.statuses = append(c.statuses, m[2]+"xx")
		}
	}
}

// findAllIndex, findAll and findAllAny run re over s only when s holds need (findAllAny: one
// of need's bytes), a literal every match of re contains: most conditions test one thing, and
// the patterns are slow on the ones they cannot match.
func findAllIndex(re *regexp.Regexp, s, need string) [][]int {
	if !strings.Contains(s, need) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

func findAll(re *regexp.Regexp, s, need string) [][]string {
	if !strings.Contains(s, need) {
		return nil
	}
	return re.FindAllStringSubmatch(s, -1)
}

func findAllAny(re *regexp.Regexp, s, need string) [][]string {
	if !strings.ContainsAny(s, need) {
		return nil
	}
	return re.FindAllStringSubmatch(s, -1)
}

// withoutCovered drops the codes a class in the same list covers ("500" next to "5xx"): tests
// read from a hook and its helpers add up.
func withoutCovered(statuses []string) []string {
	var out []string
	for _, s := range statuses {
		if len(s) == 3 && s[1] != 'x' && slices.Contains(statuses, s[:1]+"xx") {
			continue
		}
		out = append(out, s)
	}
	return out
}

// validStatus reports whether a three-digit number is an HTTP status code (100-599), the only
// ones a rule's statuses may list.
func validStatus(num string) bool { return num >= "100" && num <= "599" }

// isMethodName reports whether a compared method is one a rule's operations can name: a letter,
// then letters, digits, - or _.
func isMethodName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '_')) {
			return false
		}
	}
	return s != ""
}

// statusRange renders [lo, hi) as whole classes ("5xx") and single codes at the edges.
func statusRange(lo, hi int) []string {
	lo, hi = max(lo, 100), min(hi, 600)
	var out []string
	for n := lo; n < hi; {
		if n%100 == 0 && n+100 <= hi {
			out = append(out, fmt.Sprintf("%dxx", n/100))
			n += 100
			continue
		}
		out = append(out, strconv.Itoa(n))
		n++
		if len(out) > 20 {
			return out[:0] // too ragged to list: leave statuses open
		}
	}
	return out
}

// operations combines the tests into "METHOD PATH-GLOB" patterns.
func (c *conds) operations() []string {
	ops := slices.Clone(c.paired)
	method := "*"
	if ms := dedupe(c.methods); len(ms) > 0 {
		method = strings.Join(ms, "|")
	}
	for _, p := range c.paths {
		ops = append(ops, method+" "+p)
	}
	return dedupe(ops)
}

// pathGlob turns a path test into a rules path glob: eq (==), prefix (startswith), suffix
// (endswith) or sub (substring, `"/x/" in path`).
func pathGlob(kind, v string) (string, bool) {
	glob, ok := pathGlobText(kind, v)
	if !ok || strings.ContainsFunc(glob, unicode.IsSpace) || !wholeTemplates(glob) {
		return "", false
	}
	return glob, true
}

// pathGlobText builds the glob of pathGlob, unchecked.
func pathGlobText(kind, v string) (string, bool) {
	if i := strings.Index(v, "://"); i >= 0 && kind != "sub" && kind != "suffix" {
		rest := v[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return "", false
		}
		v = rest[j:]
	}
	if v == "" || strings.ContainsAny(v, "?#*") || strings.Contains(v, "//") {
		return "", false
	}
	parts := strings.Split(v, "/")
	// A partial first or last part stands for any characters within its segment.
	wild := func(p string, before, after bool) string {
		if p == "" {
			return p
		}
		if before {
			p = "*" + p
		}
		if after {
			p = p + "*"
		}
		return p
	}
	switch kind {
	case "eq":
		if !strings.HasPrefix(v, "/") {
			return "", false
		}
		return v, true
	case "prefix":
		if !strings.HasPrefix(v, "/") {
			return "", false
		}
		parts[len(parts)-1] = wild(parts[len(parts)-1], false, true)
		out := strings.Join(parts, "/")
		return strings.TrimSuffix(out, "/") + "/**", true
	case "suffix":
		parts[0] = wild(parts[0], true, false)
		out := strings.Join(parts, "/")
		if !strings.HasPrefix(out, "/") {
			out = "/" + out
		}
		return "/**" + out, true
	case "sub":
		if len(parts) == 1 {
			return "/**/*" + v + "*/**", true
		}
		parts[0] = wild(parts[0], true, false)
		parts[len(parts)-1] = wild(parts[len(parts)-1], false, true)
		out := strings.Join(parts, "/")
		if !strings.HasPrefix(out, "/") {
			out = "/" + out
		}
		return "/**" + strings.TrimSuffix(out, "/") + "/**", true
	}
	return "", false
}

// wholeTemplates reports whether every "{" or "}" of a glob is part of a whole-segment {name}
// template, as rules.Load requires.
func wholeTemplates(glob string) bool {
	for _, seg := range strings.Split(glob, "/") {
		if strings.ContainsAny(seg, "{}") &&
			(len(seg) < 3 || seg[0] != '{' || seg[len(seg)-1] != '}' || strings.ContainsAny(seg[1:len(seg)-1], "{}*")) {
			return false
		}
	}
	return true
}

// responseChanges reads what a hook does to the response: the changes, and the checks they affect.
func responseChanges(f *pyFunc, body string) (changes, checks []string) {
	names := []string{"response", "resp"}
	if len(f.Params) >= 3 && f.Params[2].Star == 0 {
		names = append(names, f.Params[2].Name)
	}
	return responseChangesIn(bodyText(f), body, names)
}

// responseChangesIn reads what code does to the response names hold: raw is the code, body the
// same with string contents blanked.
func responseChangesIn(raw, body string, names []string) (changes, checks []string) {
	// Header keys are string literals; look for them in the raw text at the same offsets.
	add := func(change, check string) {
		if !slices.Contains(changes, change) {
			changes = append(changes, change)
		}
		if !slices.Contains(checks, check) {
			checks = append(checks, check)
		}
	}
	if memberUse(body, names, statusSet) {
		add("status", "status_code_conformance")
	}
	for _, loc := range headerUses(body, names) {
		text := raw[loc[0]:loc[1]]
		if strings.HasPrefix(strings.TrimSpace(body[loc[0]:loc[1]]), "del") || strings.Contains(text, "=") || strings.Contains(text, "(") {
			if strings.Contains(strings.ToLower(text), "content-type") {
				add("Content-Type", "content_type_conformance")
			} else {
				add("headers", "response_headers_conformance")
			}
		}
	}
	if memberUse(body, names, bodySet) || memberUse(body, names, bodyCall) {
		add("body", "response_schema_conformance")
	}
	sortChecks(checks)
	return changes, checks
}

// sortChecks puts the checks response changes affect in a fixed order.
func sortChecks(checks []string) {
	order := []string{"status_code_conformance", "content_type_conformance", "response_headers_conformance", "response_schema_conformance"}
	slices.SortFunc(checks, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
}

// The response's members a hook changes, each with what must follow it.
var (
	statusSet = memberPattern{[]string{"status_code", "status"}, assignment}                                                   // .status_code = …
	bodySet   = memberPattern{[]string{"_content", "content", "_body", "body", "text", "_text", "raw", "data"}, augAssignment} // ._content = … or += …
	bodyCall  = memberPattern{[]string{"set_data", "set_json"}, openParen}                                                     // .set_json(…)
)

// memberPattern is `\.(?:member|…)` followed by what rest accepts.
type memberPattern struct {
	members []string
	rest    func(s string) bool
}

// match reports whether s (starting with the dot) is the pattern.
func (p memberPattern) match(s string) bool {
	for _, m := range p.members {
		if len(s) > len(m) && s[0] == '.' && strings.HasPrefix(s[1:], m) && p.rest(s[1+len(m):]) {
			return true
		}
	}
	return false
}

func skipSpaces(s string, i int) int {
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	return i
}

// assignment is `\s*=[^=]`.
func assignment(s string) bool {
	i := skipSpaces(s, 0)
	return i+1 < len(s) && s[i] == '=' && s[i+1] != '='
}

// augAssignment is `\s*\+?=[^=]`.
func augAssignment(s string) bool {
	i := skipSpaces(s, 0)
	if i < len(s) && s[i] == '+' {
		i++
	}
	return i+1 < len(s) && s[i] == '=' && s[i+1] != '='
}

// openParen is `\(`.
func openParen(s string) bool { return s != "" && s[0] == '(' }

// endsWithName is the longest of names body[:p] ends with (the names are taken literally), -1
// when none does. The name must end with a word character, as `\b` before the dot requires.
func endsWithName(body string, p int, names []string) int {
	if p == 0 || !isWordByte(body[p-1]) {
		return -1
	}
	best := -1
	for _, n := range names {
		if len(n) > best && strings.HasSuffix(body[:p], n) {
			best = len(n)
		}
	}
	return best
}

// memberUse reports whether body has one of names, a dot and the pattern: what the regular
// expression `(?:names)\b\.(?:members)…` finds, with the names as literal text (the third one is
// the hook's own parameter name, so it is never compiled into a pattern).
func memberUse(body string, names []string, pat memberPattern) bool {
	for p := 0; p < len(body); p++ {
		if body[p] == '.' && endsWithName(body, p, names) >= 0 && pat.match(body[p:]) {
			return true
		}
	}
	return false
}

// headerMethods are the dict methods after `.headers` that change the headers.
var headerMethods = []string{"update", "pop", "setdefault", "__setitem__", "__delitem__"}

// headerUses finds the uses of the response's headers: the [start, end) of each, left to right
// and not overlapping, as the regular expression
//
//	(?:del\s+)?(?:\b\w+\.)?(?:names)\b\.headers\s*(?:\[[^\]]*\]\s*=[^=]|\[[^\]]*\]|\.(?:update|pop|setdefault|__setitem__|__delitem__)\([^()]*\)|=[^=].*)
//
// finds them with the names as literal text. (With a parameter name that itself holds
// ".headers" a use can start where the expression would start an earlier one; such a name is no
// Python identifier.)
func headerUses(body string, names []string) [][2]int {
	var out [][2]int
	pos := 0
	var next nextIndex
	for from := 0; ; {
		i := strings.Index(body[from:], ".headers")
		if i < 0 {
			return out
		}
		h := from + i
		from = h + 1
		if h < pos {
			continue
		}
		end := headerTail(body, h+len(".headers"), &next)
		if end < 0 {
			continue
		}
		if h == 0 || !isWordByte(body[h-1]) {
			continue // `\b` before the dot
		}
		start := -1
		for _, n := range names {
			if !strings.HasSuffix(body[:h], n) {
				continue
			}
			if s := useStart(body, h-len(n), pos); s >= 0 && (start < 0 || s < start) {
				start = s
			}
		}
		if start < 0 {
			continue
		}
		out = append(out, [2]int{start, end})
		pos = end
	}
}

// useStart is where a header use whose name starts at a begins, given that it cannot begin
// before pos: at an optional `\b\w+\.` qualifier before the name, and at an optional `del\s+`
// before that; -1 when even a cannot be the start.
func useStart(body string, a, pos int) int {
	if a < pos {
		return -1
	}
	x := a // the start without del
	if a >= 2 && body[a-1] == '.' && isWordByte(body[a-2]) {
		p := a - 2
		for p > 0 && isWordByte(body[p-1]) {
			p--
		}
		if p < pos {
			return a
		}
		x = p
	}
	w := x
	for w > 0 && isSpaceByte(body[w-1]) {
		w--
	}
	if w < x && w >= 3 && body[w-3:w] == "del" && w-3 >= pos {
		return w - 3
	}
	return x
}

// nextIndex caches forward searches for a byte set, for searches whose start only grows.
type nextIndex struct {
	at   map[string]int
	from map[string]int
}

// find is the index of the first byte of chars in s at or after from, or len(s).
func (n *nextIndex) find(s string, from int, chars string) int {
	if n.at == nil {
		n.at, n.from = map[string]int{}, map[string]int{}
	}
	if at, ok := n.at[chars]; ok && n.from[chars] <= from && at >= from {
		return at
	}
	at := len(s)
	if i := strings.IndexAny(s[from:], chars); i >= 0 {
		at = from + i
	}
	n.at[chars], n.from[chars] = at, from
	return at
}

// headerTail matches what follows `.headers` at body[t:]: the end of the use, or -1.
func headerTail(body string, t int, next *nextIndex) int {
	u := skipSpaces(body, t)
	if u >= len(body) {
		return -1
	}
	switch body[u] {
	case '[':
		r := next.find(body, u+1, "]")
		if r == len(body) {
			return -1
		}
		v := skipSpaces(body, r+1)
		if v+1 < len(body) && body[v] == '=' && body[v+1] != '=' {
			_, size := utf8.DecodeRuneInString(body[v+1:])
			return v + 1 + size
		}
		return r + 1
	case '.':
		for _, m := range headerMethods {
			if strings.HasPrefix(body[u+1:], m+"(") {
				c := next.find(body, u+1+len(m)+1, "()")
				if c < len(body) && body[c] == ')' {
					return c + 1
				}
				return -1
			}
		}
	case '=':
		if u+1 < len(body) && body[u+1] != '=' {
			_, size := utf8.DecodeRuneInString(body[u+1:])
			return next.find(body, u+1+size, "\n")
		}
	}
	return -1
}

var placeholderRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%[-#0 +]*\d*(?:\.\d+)?[sdrfixXoeEgGc%]|\{`) })

// hookPrint is a line the hook prints or logs each time it runs: its first print or log call's
// literal text up to any placeholder, when that leaves enough to recognise.
func hookPrint(f *pyFunc) string {
	e := &env{logger: map[string]bool{"logging": true, "logger": true, "log": true, "LOGGER": true, "LOG": true, "_logger": true, "_log": true}}
	for _, ll := range f.Body {
		args, _ := printCall(ll.Text, e)
		if args == "" {
			continue
		}
		pos := positionalArgs(args)
		if len(pos) == 0 {
			continue
		}
		v, ok := stringLiteral(pos[0])
		if !ok {
			continue
		}
		if loc := placeholderRe().FindStringIndex(v); loc != nil {
			v = v[:loc[0]]
		}
		v = strings.TrimSpace(v)
		if len(v) >= 8 && !strings.ContainsAny(v, "\r\n") {
			return v
		}
	}
	return ""
}

// importBanner is the first literal line the module prints or logs at import.
func importBanner(m *pyModule, e *env) (string, int) {
	for _, st := range m.Stmts {
		if st.InDef || st.InMain {
			continue
		}
		args, what := printCall(st.Text, e)
		if what == "" {
			continue
		}
		if text := firstLiteral(args); text != "" && !strings.ContainsAny(text, "\r\n") {
			return text, st.Line
		}
	}
	return "", 0
}

// cleanBanner drops leading emoji and punctuation and trailing punctuation, which logs may
// escape or re-encode, keeping the words that identify the module.
func cleanBanner(s string) string {
	alnum := func(r rune) bool {
		return r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	start := strings.IndexFunc(s, alnum)
	end := strings.LastIndexFunc(s, alnum)
	if start < 0 {
		return ""
	}
	return s[start : end+1]
}

// moduleName is the dotted module name of a relative .py path ("a/b/c.py" -> "a.b.c"), or "".
func moduleName(path string) string {
	p := filepath.ToSlash(filepath.Clean(path))
	if filepath.IsAbs(path) || strings.HasPrefix(p, "../") || !strings.HasSuffix(p, ".py") {
		return ""
	}
	parts := strings.Split(strings.TrimSuffix(p, ".py"), "/")
	if parts[len(parts)-1] == "__init__" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 {
		return ""
	}
	for _, part := range parts {
		if !isIdentifier(part) {
			return ""
		}
	}
	return strings.Join(parts, ".")
}

// dedupe keeps the first of each string, in order.
func dedupe(list []string) []string {
	var out []string
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// YAML renders the derivation as a .ctlog.yaml document with a `hooks:` block: complete rules as
// entries, incomplete ones commented out, and comments on what could not be derived; it is valid
// UTF-8 whatever the file's bytes.
func (d Derivation) YAML() string {
	var b strings.Builder
	base := filepath.Base(d.Path)
	fmt.Fprintf(&b, "# Draft hook rules derived by `ctlog hooks rules` from %s.\n", d.Path)
	b.WriteString("# ctlog read the hooks as text: check each rule against what the hook really fixes\n")
	b.WriteString("# before saving this as .ctlog.yaml (docs/hook-rules.md describes the format).\n")
	b.WriteString("hooks:\n")
	if d.Module != "" {
		b.WriteString("  # The dotted name SCHEMATHESIS_HOOKS must hold, if Schemathesis runs where this path is relative to.\n")
		fmt.Fprintf(&b, "  module: %s\n", d.Module)
	} else {
		b.WriteString("  # module: the dotted name SCHEMATHESIS_HOOKS must hold (not derived from an absolute path)\n")
	}
	if d.Banner != "" {
		fmt.Fprintf(&b, "  # Printed when the module is imported (%s:%d): evidence of import, not of hooks running.\n", base, d.BannerLine)
		fmt.Fprintf(&b, "  banner: %s\n", strconv.Quote(d.Banner))
	}
	complete := slices.ContainsFunc(d.Rules, DerivedRule.Complete)
	if !complete {
		b.WriteString("  rules: []\n")
	} else {
		b.WriteString("  rules:\n")
	}
	for _, r := range d.Rules {
		desc := fmt.Sprintf("%s (%s:%d", r.Function, base, r.Line)
		switch {
		case r.Hook != "" && !IsHookName(r.Hook):
			desc += ", registered as " + r.Hook + ", not a hook name: see `ctlog hooks lint`"
		case r.Hook != "" && r.Hook != r.Function:
			desc += ", " + r.Hook
		}
		if !r.Registered {
			desc += ", never registered: see `ctlog hooks lint`"
		}
		desc += ")"
		if len(r.Changes) > 0 {
			desc += ": changes " + joinAnd(r.Changes)
		}
		fmt.Fprintf(&b, "    # %s\n", desc)
		prefix := "    "
		if !r.Complete() {
			prefix = "    # "
		}
		fmt.Fprintf(&b, "%s- name: %s\n", prefix, yamlScalar(r.Name))
		if len(r.Operations) > 0 {
			fmt.Fprintf(&b, "%s  operations: %s\n", prefix, flowList(r.Operations))
		} else {
			fmt.Fprintf(&b, "%s  operations: [] # add them\n", prefix)
		}
		if len(r.Checks) > 0 {
			fmt.Fprintf(&b, "%s  checks: %s\n", prefix, flowList(r.Checks))
		}
		if len(r.Statuses) > 0 {
			fmt.Fprintf(&b, "%s  statuses: %s\n", prefix, flowList(r.Statuses))
		}
		if r.Prints != "" {
			fmt.Fprintf(&b, "%s  prints: %s\n", prefix, strconv.Quote(r.Prints))
		}
		for _, u := range r.Unsure {
			fmt.Fprintf(&b, "      # draft only, check and uncomment: %s\n", u)
		}
		for _, miss := range r.Missing {
			fmt.Fprintf(&b, "      # %s\n", miss)
		}
	}
	for _, n := range d.Notes {
		if !slices.ContainsFunc(d.Rules, func(r DerivedRule) bool {
			return slices.ContainsFunc(r.Missing, func(m string) bool { return strings.HasSuffix(n, m) }) ||
				slices.ContainsFunc(r.Unsure, func(m string) bool { return strings.HasSuffix(n, m) })
		}) {
			fmt.Fprintf(&b, "    # %s\n", strings.Replace(n, d.Path, base, 1))
		}
	}
	// Names quoted from a file that is not UTF-8, or holding characters YAML does not allow (a
	// NUL in a hook name in a comment), would make a document YAML cannot read.
	return strings.Map(yamlPrintable, strings.ToValidUTF8(b.String(), "\uFFFD"))
}

// yamlPrintable keeps the characters YAML allows in a document and the line feeds that end its
// lines; any other character (a control character, or a line break other than "\n" that would
// end a comment early: CR, NEL, U+2028, U+2029) becomes U+FFFD.
func yamlPrintable(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r >= 0x20 && r < 0x7F:
		return r
	case r == 0x2028 || r == 0x2029 || r == 0xFEFF:
	case r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF:
		return r
	}
	return '\uFFFD'
}

func flowList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = yamlScalar(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

var plainRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_]*|[1-5][0-9][0-9])$`) })

// yamlScalar writes s plain when it is a name or a status code and not a YAML keyword, else quoted.
func yamlScalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return strconv.Quote(s)
	}
	if plainRe().MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
