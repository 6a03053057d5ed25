package hooks

import (
	"fmt"
	"slices"
	"strings"
)

// Module-level helpers. Hooks often leave the work to functions of their module: one that tests
// the response (`_is_broken(response)`), one that rewrites it (`_normalize(response)`). A hook's
// rule is read through those calls: the hook's response, case and context (and names bound to
// its path, method or status) are bound to the helper's parameters, and what the helper changes
// and tests counts as the hook's, for helpers of helpers too, down to maxHelperDepth.
//
// Each helper is read once per binding of its parameters (and per way of being called), however
// many hooks call it, so the work stays linear in the module's size.

// maxHelperDepth is how deep calls are followed below a hook: its helpers, theirs and theirs.
const maxHelperDepth = 3

// maxBoundArgs bounds the argument lists read for bindings: a longer one binds nothing, so
// calls nested in calls cost no more than their text.
const maxBoundArgs = 512

// Roles of a hook's parameters, bound to a helper's parameters by a call; a parameter bound to
// a request path, method or status is an alias of that kind instead.
const (
	roleResponse = "response"
	roleCase     = "case"
	roleContext  = "context"
)

// helpers are the module's top-level functions and what has been read of them.
type helpers struct {
	funcs  map[string]*pyFunc // top-level functions by name (the last def of a name wins)
	any    map[string]bool    // every function name of the module, nested ones included
	module *bindings
	memo   map[helperKey]*conds // nil while a helper is being read (a recursive call reads nothing)
}

type helperKey struct {
	f     *pyFunc
	roles string // the parameters' roles, in order
	inv   bool
	pred  bool
	depth int
}

func newHelpers(m *pyModule, module *bindings) *helpers {
	h := &helpers{funcs: map[string]*pyFunc{}, any: map[string]bool{}, module: module, memo: map[helperKey]*conds{}}
	for _, f := range m.Funcs {
		h.any[f.Name] = true
		if f.TopLevel {
			h.funcs[f.Name] = f
		}
	}
	return h
}

// hookRoles binds a hook's parameters to their roles: (context, case, response) by position,
// and the usual names of the response.
func hookRoles(f *pyFunc) map[string]string {
	roles := map[string]string{}
	for i, p := range f.Params {
		if p.Star != 0 || i > 2 {
			break
		}
		roles[p.Name] = []string{roleContext, roleCase, roleResponse}[i]
	}
	for _, n := range []string{"response", "resp"} {
		if _, ok := roles[n]; !ok {
			roles[n] = roleResponse
		}
	}
	return roles
}

// summary reads helper g called with its parameters bound to roles (by position), inv when its
// conditions act when false (called under `not`, or as a guard's test), pred when it is called
// in a condition (its return expressions are tests).
func (h *helpers) summary(g *pyFunc, roles []string, inv, pred bool, depth int) *conds {
	key := helperKey{f: g, roles: strings.Join(roles, ","), inv: inv, pred: pred, depth: depth}
	if s, ok := h.memo[key]; ok {
		return s
	}
	h.memo[key] = nil
	s := &conds{bindings: newBindings(), module: h.module, f: g, h: h, roles: map[string]string{}, inv: inv, pred: pred, depth: depth}
	s.merged = map[*conds]bool{}
	for i, p := range g.Params {
		if i >= len(roles) || p.Star != 0 {
			break
		}
		switch r := roles[i]; r {
		case roleResponse, roleCase, roleContext:
			s.roles[p.Name] = r
		case "path", "method", "status":
			s.alias[p.Name] = r
			s.readsOp = s.readsOp || r != "status"
		}
	}
	for _, ll := range g.Body {
		s.assign(ll.Text)
	}
	raw := bodyText(g)
	body := blankStrings(raw)
	if names := s.named(roleResponse); len(names) > 0 {
		s.changes, s.checks = responseChangesIn(raw, body, names)
	}
	if names := s.named(roleCase); len(names) > 0 {
		s.request = requestChange(body, names)
	}
	s.readsOp = s.readsOp || readsOperation(body)
	s.collect()
	h.memo[key] = s
	return s
}

// named lists the function's parameters bound to role, in order.
func (c *conds) named(role string) []string {
	var out []string
	for _, p := range c.f.Params {
		if c.roles[p.Name] == role {
			out = append(out, p.Name)
		}
	}
	return out
}

// merge adds what a helper read to c, once per helper reading.
func (c *conds) merge(s *conds) {
	if s == nil || c.merged[s] {
		return
	}
	c.merged[s] = true
	c.paired = append(c.paired, s.paired...)
	c.paths = append(c.paths, s.paths...)
	c.methods = append(c.methods, s.methods...)
	c.statuses = append(c.statuses, s.statuses...)
	c.notes = append(c.notes, s.notes...)
	c.unsure = append(c.unsure, s.unsure...)
	c.unresolved = append(c.unresolved, s.unresolved...)
	for _, ch := range s.changes {
		if !slices.Contains(c.changes, ch) {
			c.changes = append(c.changes, ch)
		}
	}
	for _, ch := range s.checks {
		if !slices.Contains(c.checks, ch) {
			c.checks = append(c.checks, ch)
		}
	}
	c.request = c.request || s.request
	c.readsOp = c.readsOp || s.readsOp
}

// read is how much c has read: it grows with every test or note.
func (c *conds) read() int {
	return len(c.paired) + len(c.paths) + len(c.methods) + len(c.statuses) + len(c.notes) + len(c.unsure)
}

// notMutating are callees that do not change what they are given.
var notMutating = map[string]bool{"isinstance": true, "len": true, "print": true, "repr": true, "str": true, "type": true,
	"id": true, "hasattr": true, "getattr": true, "bool": true, "vars": true, "dir": true, "int": true, "float": true,
	"list": true, "dict": true, "tuple": true, "set": true, "frozenset": true, "sorted": true, "any": true, "all": true,
	"callable": true, "hash": true, "format": true, "max": true, "min": true, "sum": true, "iter": true, "next": true,
	"enumerate": true, "zip": true, "range": true, "super": true, "issubclass": true}

// pyKeywords are words calleeBefore may return before a parenthesis that are not callees.
var pyKeywords = map[string]bool{"if": true, "elif": true, "not": true, "and": true, "or": true, "in": true, "is": true,
	"return": true, "while": true, "for": true, "assert": true, "lambda": true, "yield": true, "await": true, "del": true,
	"with": true, "else": true, "raise": true, "async": true, "from": true, "import": true}

// logMethods are the last names of logging calls.
var logMethods = []string{"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}

// follow reads the calls in raw (a statement's text, or a condition's when cond) to the module's
// helpers. inverted says whether a condition's code acts when it is false. It reports whether a
// helper called in the condition tests the operation.
func (c *conds) follow(raw string, line int, cond, inverted bool) (readsOp bool) {
	if c.h == nil || strings.IndexByte(raw, '(') < 0 {
		return false
	}
	blank := blankStrings(raw)
	closers := closingBrackets(blank)
	for o := 0; o < len(blank); o++ {
		if blank[o] != '(' {
			continue
		}
		callee := calleeBefore(blank, o)
		if callee == "" || pyKeywords[callee] || closers[o] < 0 {
			continue
		}
		args := ""
		if closers[o]-o <= maxBoundArgs {
			args = raw[o+1 : closers[o]]
		}
		start := o
		for start > 0 && isSpaceByte(blank[start-1]) {
			start--
		}
		start -= len(callee)
		negated := precededByNot(blank, start)
		if g := c.h.funcs[callee]; g != nil {
			if g == c.f {
				continue
			}
			if c.depth >= maxHelperDepth {
				c.notes = append(c.notes, fmt.Sprintf("line %d: %s is called %d helpers deep: not followed", line, callee, c.depth+1))
				continue
			}
			s := c.h.summary(g, c.bind(g, args), cond && inverted != negated, cond, c.depth+1)
			c.merge(s)
			readsOp = readsOp || s != nil && s.readsOp
			continue
		}
		if c.h.any[callee] || notMutating[callee] {
			continue
		}
		if i := strings.LastIndexByte(callee, '.'); i >= 0 && slices.Contains(logMethods, callee[i+1:]) || strings.HasPrefix(callee, "re.") {
			continue // logging; a regular expression (condition notes it on a path)
		}
		bound := c.boundRoles(args)
		switch {
		case bound == "":
		case cond:
			c.unsure = append(c.unsure, fmt.Sprintf("line %d: the test calls %s(%s), which ctlog cannot follow (not a function defined at the top of this module): it is not read", line, callee, bound))
		case bound == roleResponse || bound == roleCase:
			c.unresolved = append(c.unresolved, fmt.Sprintf("line %d: calls %s(%s), which ctlog cannot follow (not a function defined at the top of this module): what it changes is not derived", line, callee, bound))
		}
	}
	return readsOp
}

// precededByNot reports whether the word `not` ends right before blank[i] (spaces aside).
func precededByNot(blank string, i int) bool {
	j := i
	for j > 0 && isSpaceByte(blank[j-1]) {
		j--
	}
	return j < i && j >= 3 && blank[j-3:j] == "not" && (j == 3 || !isWordByte(blank[j-4]))
}

// closingBrackets maps each "(", "[" or "{" of blank (strings blanked) to the index of the
// bracket closing it, -1 when none does; other indexes hold -1.
func closingBrackets(blank string) []int {
	out := make([]int, len(blank))
	var stack []int
	for i := 0; i < len(blank); i++ {
		out[i] = -1
		switch blank[i] {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			if n := len(stack); n > 0 {
				out[stack[n-1]] = i
				stack = stack[:n-1]
			}
		}
	}
	return out
}

// argRole is the role of one argument: the role of a name bound to one, the response of a
// context (`context.response`, 3.x before hooks took it), or the kind of a path, method or status.
func (c *conds) argRole(arg string) string {
	arg = strings.TrimSpace(arg)
	if r, ok := c.roles[arg]; ok {
		return r
	}
	if base, ok := strings.CutSuffix(arg, ".response"); ok && c.roles[base] == roleContext {
		return roleResponse
	}
	return c.kind(arg)
}

// bind gives g's parameters, in order, the roles of a call's arguments (positional, then by keyword).
func (c *conds) bind(g *pyFunc, args string) []string {
	roles := make([]string, len(g.Params))
	if strings.TrimSpace(args) == "" {
		return roles
	}
	pos := 0
	for _, a := range splitTop(args, ',') {
		a = strings.TrimSpace(a)
		if a == "" || strings.HasPrefix(a, "*") {
			continue
		}
		if eq := indexTop(a, '='); eq >= 0 && isIdentifier(strings.TrimSpace(a[:eq])) {
			name := strings.TrimSpace(a[:eq])
			if i := slices.IndexFunc(g.Params, func(p pyParam) bool { return p.Name == name && p.Star == 0 }); i >= 0 {
				roles[i] = c.argRole(a[eq+1:])
			}
			continue
		}
		if pos < len(g.Params) && g.Params[pos].Star == 0 {
			roles[pos] = c.argRole(a)
		}
		pos++
	}
	return roles
}

// boundRoles names the first argument of a call that holds the response, case or context, or a
// path, method or status ("" when none does).
func (c *conds) boundRoles(args string) string {
	if strings.TrimSpace(args) == "" {
		return ""
	}
	for _, a := range splitTop(args, ',') {
		if eq := indexTop(a, '='); eq >= 0 && isIdentifier(strings.TrimSpace(a[:eq])) {
			a = a[eq+1:]
		}
		if r := c.argRole(a); r != "" {
			return r
		}
	}
	return ""
}

// readsOperation reports whether code (strings blanked) refers to the operation's path or method.
func readsOperation(code string) bool {
	for _, w := range []string{".path", ".method", "operation", "formatted_path", "full_path"} {
		if strings.Contains(code, w) {
			return true
		}
	}
	return false
}

// requestMethods are the methods that change a member of the case in place.
var requestMethods = []string{"update", "setdefault", "pop", "append"}

// requestChange reports whether body (strings blanked) changes a member of one of names (the
// case): what `\b(?:names)\.\w+(?:\[[^\]]*\])?\s*(?:=[^=]|\.(?:update|setdefault|pop|append)\()`
// finds, with the names as literal text.
func requestChange(body string, names []string) bool {
	var next nextIndex
	for p := 0; p < len(body); p++ {
		if body[p] != '.' {
			continue
		}
		if !slices.ContainsFunc(names, func(n string) bool {
			a := p - len(n)
			return a >= 0 && body[a:p] == n && (a == 0 || !isWordByte(body[a-1]))
		}) {
			continue
		}
		q := p + 1
		for q < len(body) && isWordByte(body[q]) {
			q++
		}
		if q == p+1 {
			continue
		}
		if q < len(body) && body[q] == '[' {
			r := next.find(body, q+1, "]")
			if r == len(body) {
				continue
			}
			q = r + 1
		}
		q = skipSpaces(body, q)
		if q+1 < len(body) && body[q] == '=' && body[q+1] != '=' {
			return true
		}
		if q < len(body) && body[q] == '.' {
			for _, m := range requestMethods {
				if strings.HasPrefix(body[q+1:], m+"(") {
					return true
				}
			}
		}
	}
	return false
}
