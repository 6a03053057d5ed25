package hooks

import (
	"regexp"
	"strings"
	"sync"
)

// A small line-based reader of Python source: enough structure to tell which functions a
// Schemathesis hooks module defines, how they are decorated and registered, and what their bodies
// test. It does not evaluate anything; code it does not understand is skipped.

// logicalLine is one Python logical line: physical lines joined inside brackets, after a
// backslash, or inside a triple-quoted string. Comments are removed; string literals are kept.
type logicalLine struct {
	Line   int // first physical line, 1-based
	Indent int // columns of the first physical line's leading whitespace (a tab advances to a multiple of 8)
	Text   string
}

// logicalLines splits src into logical lines, dropping blank and comment-only ones.
func logicalLines(src string) []logicalLine {
	var out []logicalLine
	var b strings.Builder
	line, start := 1, 1
	depth := 0
	atStart := true // nothing but whitespace seen on this logical line yet
	indent := 0
	var quote byte // open string's quote, 0 when outside a string
	triple := false
	flush := func() {
		text := strings.TrimSpace(b.String())
		if text != "" {
			out = append(out, logicalLine{Line: start, Indent: indent, Text: text})
		}
		b.Reset()
		depth, atStart, indent = 0, true, 0
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if quote != 0 {
			b.WriteByte(c)
			switch {
			case c == '\\' && i+1 < len(src):
				i++
				if src[i] == '\n' {
					line++
				}
				b.WriteByte(src[i])
			case c == '\n':
				line++
				if !triple { // unterminated string: end it with the line
					quote = 0
					flush()
					start = line
				}
			case c == quote && !triple:
				quote = 0
			case c == quote && triple && strings.HasPrefix(src[i:], strings.Repeat(string(quote), 3)):
				b.WriteString(src[i+1 : i+3])
				i += 2
				quote, triple = 0, false
			}
			continue
		}
		if atStart {
			switch c {
			case ' ':
				indent++
				continue
			case '\t':
				indent = (indent/8 + 1) * 8
				continue
			case '\f':
				continue
			case '\r':
				continue
			case '\n':
				line++
				start, indent = line, 0
				continue
			}
			atStart = false
			start = line
		}
		switch c {
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '\\':
			if i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r' && i+2 < len(src) && src[i+2] == '\n') {
				if src[i+1] == '\r' {
					i++
				}
				i++
				line++
				b.WriteByte(' ')
			} else {
				b.WriteByte(c)
			}
		case '\r':
		case '\n':
			line++
			if depth > 0 {
				b.WriteByte(' ')
			} else {
				flush()
				start = line
			}
		case '"', '\'':
			quote = c
			if strings.HasPrefix(src[i:], strings.Repeat(string(c), 3)) {
				triple = true
				b.WriteString(src[i : i+3])
				i += 2
			} else {
				b.WriteByte(c)
			}
		case '(', '[', '{':
			depth++
			b.WriteByte(c)
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

// pyParam is one parameter of a def.
type pyParam struct {
	Name       string
	Annotation string
	Default    string
	Star       int // 1 for *args, 2 for **kwargs
}

// pyDecorator is one decorator line, without the @.
type pyDecorator struct {
	Line int
	Expr string
}

// pyFunc is a def (or async def).
type pyFunc struct {
	Name       string
	Line       int
	Indent     int
	Decorators []pyDecorator
	Params     []pyParam
	Body       []logicalLine // every logical line inside the def, nested defs included; an inline body first
	TopLevel   bool          // not inside a def or class (it may be inside if/try/with)
	Parent     *pyFunc       // enclosing def, if any
}

// ParamNames are the parameter names, stars included (*args, **kwargs).
func (f *pyFunc) ParamNames() []string {
	var out []string
	for _, p := range f.Params {
		out = append(out, strings.Repeat("*", p.Star)+p.Name)
	}
	return out
}

// pyClass is a class statement.
type pyClass struct {
	Name       string
	Line       int
	Decorators []pyDecorator
	TopLevel   bool
}

// pyStmt is a logical line with where it sits.
type pyStmt struct {
	logicalLine
	Func   *pyFunc // innermost enclosing def; nil outside any def
	InDef  bool    // inside a def or class body
	InMain bool    // inside `if __name__ == "__main__":` (does not run at import)
}

// pyModule is what the reader found in a module.
type pyModule struct {
	Funcs   []*pyFunc
	Classes []*pyClass
	Stmts   []pyStmt // every logical line except decorators and def/class headers
}

var (
	defRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(`) })
	classRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^class\s+([A-Za-z_]\w*)`) })
	mainRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^if\s+__name__\s*==\s*['"]__main__['"]\s*:\s*$`) })
)

type block struct {
	indent int
	fn     *pyFunc
	class  bool
	main   bool
}

// parseModule reads the structure of a Python module.
func parseModule(src string) *pyModule {
	src = strings.TrimPrefix(src, "\ufeff") // a UTF-8 byte order mark
	m := &pyModule{}
	var stack []block
	var pending []pyDecorator
	for _, ll := range logicalLines(src) {
		for len(stack) > 0 && stack[len(stack)-1].indent >= ll.Indent {
			stack = stack[:len(stack)-1]
		}
		var fn *pyFunc
		inDef, inMain := false, false
		for _, b := range stack {
			if b.fn != nil {
				fn = b.fn
			}
			inDef = inDef || b.fn != nil || b.class
			inMain = inMain || b.main
		}
		if fn != nil {
			fn.Body = append(fn.Body, ll)
		}
		text := ll.Text
		switch {
		case strings.HasPrefix(text, "@"):
			pending = append(pending, pyDecorator{Line: ll.Line, Expr: strings.TrimSpace(text[1:])})
			continue
		case (strings.HasPrefix(text, "def") || strings.HasPrefix(text, "async")) && defRe().MatchString(text):
			f := parseDef(ll)
			f.Decorators, pending = pending, nil
			f.TopLevel, f.Parent = !inDef, fn
			m.Funcs = append(m.Funcs, f)
			if len(f.Body) == 0 { // a block follows
				stack = append(stack, block{indent: ll.Indent, fn: f})
			}
			continue
		case strings.HasPrefix(text, "class") && classRe().MatchString(text):
			c := &pyClass{Name: classRe().FindStringSubmatch(text)[1], Line: ll.Line, Decorators: pending, TopLevel: !inDef}
			pending = nil
			m.Classes = append(m.Classes, c)
			if strings.HasSuffix(text, ":") {
				stack = append(stack, block{indent: ll.Indent, class: true})
			}
			continue
		}
		pending = nil
		m.Stmts = append(m.Stmts, pyStmt{logicalLine: ll, Func: fn, InDef: inDef, InMain: inMain})
		if strings.HasPrefix(text, "if") && mainRe().MatchString(text) {
			stack = append(stack, block{indent: ll.Indent, main: true})
		}
	}
	return m
}

// parseDef reads a def line: name, parameters and any body on the same line.
func parseDef(ll logicalLine) *pyFunc {
	text := ll.Text
	sub := defRe().FindStringSubmatchIndex(text)
	f := &pyFunc{Name: text[sub[2]:sub[3]], Line: ll.Line, Indent: ll.Indent}
	open := sub[1] - 1
	closing := matchBracket(text, open)
	if closing < 0 {
		return f
	}
	for _, part := range splitTop(text[open+1:closing], ',') {
		part = strings.TrimSpace(part)
		if part == "" || part == "/" || part == "*" {
			continue
		}
		var p pyParam
		switch {
		case strings.HasPrefix(part, "**"):
			p.Star, part = 2, part[2:]
		case strings.HasPrefix(part, "*"):
			p.Star, part = 1, part[1:]
		}
		eq, colon := indexTop(part, '='), indexTop(part, ':')
		if eq >= 0 {
			p.Default = strings.TrimSpace(part[eq+1:])
			part = part[:eq]
		}
		if colon >= 0 && (eq < 0 || colon < eq) {
			p.Annotation = strings.TrimSpace(part[colon+1:])
			part = part[:colon]
		}
		p.Name = strings.TrimSpace(part)
		f.Params = append(f.Params, p)
	}
	rest := text[closing+1:]
	if c := indexTop(rest, ':'); c >= 0 {
		if inline := strings.TrimSpace(rest[c+1:]); inline != "" {
			f.Body = append(f.Body, logicalLine{Line: ll.Line, Indent: ll.Indent + 4, Text: inline})
		}
	}
	return f
}

// matchBracket returns the index of the bracket closing the one at s[open], or -1. Strings are skipped.
func matchBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			i = skipString(s, i) - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// skipString returns the index just past the string literal starting at s[i] (a quote).
func skipString(s string, i int) int {
	q := s[i]
	if strings.HasPrefix(s[i:], strings.Repeat(string(q), 3)) {
		end := strings.Index(s[i+3:], strings.Repeat(string(q), 3))
		if end < 0 {
			return len(s)
		}
		return i + 3 + end + 3
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(s)
}

// splitTop splits s on sep outside brackets and strings.
func splitTop(s string, sep byte) []string {
	var out []string
	for {
		i := indexTop(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out, s = append(out, s[:i]), s[i+1:]
	}
}

// indexTop is the index of the first sep outside brackets and strings, or -1. For '=' it skips
// ==, !=, <=, >= and := ; for ':' it skips the colons of a lambda's parameter list only by
// virtue of them being later than the first top-level one.
func indexTop(s string, sep byte) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			i = skipString(s, i) - 1
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == sep && depth == 0:
			if sep == '=' && (i+1 < len(s) && s[i+1] == '=' || i > 0 && strings.IndexByte("=!<>:", s[i-1]) >= 0) {
				if i+1 < len(s) && s[i+1] == '=' {
					i++
				}
				continue
			}
			return i
		}
	}
	return -1
}

var strLitRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:[rbuf]{0,2})("""|'''|"|')`) })

// stringLiteral returns the value of a Python string literal (with an optional r/b/u/f prefix),
// or ok=false when s is not exactly one literal. Common escapes are decoded (not in raw strings).
func stringLiteral(s string) (string, bool) {
	s = strings.TrimSpace(s)
	m := strLitRe().FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	prefix := strings.ToLower(s[:len(m[0])-len(m[1])])
	q := m[1]
	body := s[len(m[0]):]
	if !strings.HasSuffix(body, q) || len(body) < len(q) {
		return "", false
	}
	body = body[:len(body)-len(q)]
	if skipString(s, len(prefix)) != len(s) {
		return "", false // more than one literal (implicit concatenation) or a stray quote
	}
	if strings.Contains(prefix, "r") {
		return body, true
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 == len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(body[i])
		}
	}
	return b.String(), true
}

// stringList returns the strings of a list, tuple or set literal of string literals ("[...]",
// "(...)", "{...}", "frozenset({...})"), or of a single string literal.
func stringList(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	for _, wrap := range []string{"frozenset(", "set(", "tuple(", "list("} {
		if strings.HasPrefix(s, wrap) && strings.HasSuffix(s, ")") {
			s = strings.TrimSpace(s[len(wrap) : len(s)-1])
		}
	}
	if v, ok := stringLiteral(s); ok {
		return []string{v}, true
	}
	if len(s) < 2 || matchBracket(s, 0) != len(s)-1 || strings.IndexByte("([{", s[0]) < 0 {
		return nil, false
	}
	var out []string
	for _, part := range splitTop(s[1:len(s)-1], ',') {
		if strings.TrimSpace(part) == "" {
			continue
		}
		v, ok := stringLiteral(part)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, len(out) > 0
}

// chainSeg is one step of a dotted expression: a name, and the argument lists of the calls on it.
type chainSeg struct {
	Name  string
	Calls []string // argument text of each call, in order: f(a)(b) -> ["a", "b"]
}

// parseChain reads a dotted call chain such as `schemathesis.hook("x").apply_to(path="/a")`.
// ok is false when s has anything else (operators, subscripts, a trailing remainder).
func parseChain(s string) ([]chainSeg, bool) {
	s = strings.TrimSpace(s)
	var segs []chainSeg
	i := 0
	for {
		j := i
		for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > i && s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if j == i {
			return nil, false
		}
		seg := chainSeg{Name: s[i:j]}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		for j < len(s) && s[j] == '(' {
			k := matchBracket(s, j)
			if k < 0 {
				return nil, false
			}
			seg.Calls = append(seg.Calls, strings.TrimSpace(s[j+1:k]))
			j = k + 1
			for j < len(s) && s[j] == ' ' {
				j++
			}
		}
		segs = append(segs, seg)
		if j == len(s) {
			return segs, true
		}
		if s[j] != '.' {
			return nil, false
		}
		i = j + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
}

// keywordArg returns the value text of keyword argument name in an argument list, or "".
func keywordArg(args, name string) string {
	for _, a := range splitTop(args, ',') {
		if eq := indexTop(a, '='); eq >= 0 && strings.TrimSpace(a[:eq]) == name {
			return strings.TrimSpace(a[eq+1:])
		}
	}
	return ""
}

// positionalArgs returns the positional arguments of an argument list.
func positionalArgs(args string) []string {
	var out []string
	for _, a := range splitTop(args, ',') {
		a = strings.TrimSpace(a)
		if a == "" || strings.HasPrefix(a, "*") {
			continue
		}
		if eq := indexTop(a, '='); eq >= 0 && isIdentifier(strings.TrimSpace(a[:eq])) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// blankStrings replaces the contents of string literals with spaces (quotes kept), so patterns
// over code do not match inside strings. Offsets are preserved.
func blankStrings(s string) string {
	b := []byte(s)
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\'' {
			end := skipString(s, i)
			q := 1
			if strings.HasPrefix(s[i:], strings.Repeat(string(s[i]), 3)) {
				q = 3
			}
			for k := i + q; k < end-q && k < len(b); k++ {
				b[k] = ' '
			}
			i = end - 1
		}
	}
	return string(b)
}
