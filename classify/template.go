package classify

import (
	"strings"
)

// Templates maps concrete request paths (`GET /api/users/17/`) back to the operation labels of a
// run (`GET /api/users/{user_id}/`).
type Templates struct {
	byMethod map[string][]template
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
	}
	for _, x := range t.byMethod[method] {
		if x.label == label {
			return
		}
	}
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
	n := 0
	for _, v := range t.byMethod {
		n += len(v)
	}
	return n
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
