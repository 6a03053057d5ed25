package classify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Templates maps concrete request paths (`GET /api/users/17/`) back to the operation labels of a
// run (`GET /api/users/{user_id}/`).
type Templates struct {
	byMethod map[string][]template
	labels   map[string]struct{} // every label added, so that Add is constant time
}

type template struct {
	label    string
	segments []string // param for a {parameter} segment
}

// Add registers an operation label such as `GET /api/users/{id}`; other labels are ignored.
func (t *Templates) Add(label string) {
	method, path, ok := strings.Cut(label, " ")
	if !ok || !strings.HasPrefix(path, "/") || !isOperationLabel(label) {
		return
	}
	if t.byMethod == nil {
		t.byMethod = map[string][]template{}
		t.labels = map[string]struct{}{}
	}
	if _, ok := t.labels[label]; ok {
		return
	}
	t.labels[label] = struct{}{}
	segs := splitPath(path)
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = param
		}
	}
	t.byMethod[method] = append(t.byMethod[method], template{label: label, segments: segs})
}

// Len is the number of labels registered.
func (t *Templates) Len() int {
	return len(t.labels)
}

// Clone is a copy of t that labels can be added to without changing t.
func (t *Templates) Clone() Templates {
	c := Templates{}
	if t.byMethod == nil {
		return c
	}
	c.byMethod = make(map[string][]template, len(t.byMethod))
	for m, xs := range t.byMethod {
		c.byMethod[m] = slices.Clone(xs)
	}
	c.labels = make(map[string]struct{}, len(t.labels))
	for l := range t.labels {
		c.labels[l] = struct{}{}
	}
	return c
}

// Match returns the label whose template fits method and path best: the most literal segments,
// and the path's tail when the path carries a base path the labels lack.
func (t *Templates) Match(method, path string) (string, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := splitPath(path)
	best, bestScore := "", -1
	for _, x := range t.byMethod[strings.ToUpper(method)] {
		// The path may carry a base path (4.x labels leave it out): align the template with its tail.
		for skip := 0; skip <= len(segs)-len(x.segments); skip++ {
			if score, ok := x.match(segs[skip:]); ok && score-skip > bestScore {
				best, bestScore = x.label, score-skip
			}
		}
	}
	return best, bestScore >= 0
}

func (x template) match(segs []string) (int, bool) {
	if len(segs) != len(x.segments) {
		return 0, false
	}
	score := 0
	for i, s := range x.segments {
		switch {
		case s == param:
			if segs[i] == "" {
				return 0, false
			}
		case s == segs[i]:
			score += 2
		default:
			return 0, false
		}
	}
	return score, true
}

// param stands for a {parameter} segment; no path segment can hold a NUL byte.
const param = "\x00"

// splitPath splits `/a/b/` into ["a", "b", ""]: a trailing slash is part of the shape.
func splitPath(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// AddSchema registers the operations of an OpenAPI (or Swagger 2) document, YAML or JSON: every
// method under every path becomes a label such as `GET /users/{id}`.
func (t *Templates) AddSchema(data []byte) error {
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	if len(doc.Paths) == 0 {
		return fmt.Errorf("the schema lists no paths")
	}
	for path, item := range doc.Paths {
		for method := range item {
			if m := strings.ToUpper(method); httpMethods[m] {
				t.Add(m + " " + path)
			}
		}
	}
	return nil
}

var httpMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "OPTIONS": true, "HEAD": true,
	"PATCH": true, "TRACE": true, "QUERY": true}

// MatchAnyMethod is Match for a request whose method the operation does not document (the
// unsupported_method check's probe): the label of the path under any method, GET's when the path
// has one, else the first in alphabetical order of method.
func (t *Templates) MatchAnyMethod(path string) (string, bool) {
	methods := make([]string, 0, len(t.byMethod))
	for m := range t.byMethod {
		methods = append(methods, m)
	}
	slices.SortFunc(methods, func(a, b string) int {
		if (a == "GET") != (b == "GET") {
			if a == "GET" {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, m := range methods {
		if l, ok := t.Match(m, path); ok {
			return l, true
		}
	}
	return "", false
}

// inferTemplates guesses the templates of concrete request paths without a log or a schema: a
// segment is a parameter when it looks like a value (a number, negative too; true, false, null;
// a UUID or a long hex id; a percent-encoded value such as null%2Cnull) or when it varies at one
// position across the paths of one method whose other segments agree. It returns the template of
// each "METHOD /path" given.
func inferTemplates(ops []string) map[string]string {
	type parsed struct {
		method string
		segs   []string
	}
	ps := make([]parsed, 0, len(ops))
	values := map[string]map[string]bool{} // method, length, position and the other segments → values seen
	key := func(p parsed, i int) string {
		var b strings.Builder
		b.WriteString(p.method)
		b.WriteByte(0)
		b.WriteString(strconv.Itoa(i))
		for j, s := range p.segs {
			b.WriteByte(0)
			if j != i {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	for _, op := range ops {
		method, path, _ := strings.Cut(op, " ")
		if i := strings.IndexAny(path, "?#"); i >= 0 {
			path = path[:i]
		}
		p := parsed{method, splitPath(path)}
		ps = append(ps, p)
		for i, s := range p.segs {
			if s == "" {
				continue
			}
			k := key(p, i)
			if values[k] == nil {
				values[k] = map[string]bool{}
			}
			values[k][s] = true
		}
	}
	out := make(map[string]string, len(ops))
	for n, p := range ps {
		segs := slices.Clone(p.segs)
		params := 0
		for i, s := range segs {
			if s == "" || !(valueLike(s) || len(values[key(p, i)]) > 1) {
				continue
			}
			params++
			if params == 1 {
				segs[i] = "{id}"
			} else {
				segs[i] = "{id" + strconv.Itoa(params) + "}"
			}
		}
		out[ops[n]] = p.method + " /" + strings.Join(segs, "/")
	}
	return out
}

// valueLike reports whether a path segment is a value rather than a name.
func valueLike(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "null", "none":
		return true
	}
	if strings.Contains(s, "%") || idSegment.MatchString(s) {
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return false
}

// guessTemplate replaces the segments of one request path that look like values with `{id}`: the
// template of a path with no others to compare it with.
func guessTemplate(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s != "" && valueLike(s) {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}
