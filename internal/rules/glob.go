package rules

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// An operation pattern is "METHOD PATH-GLOB":
//
//	METHOD     *, a method name, or names joined by | (GET|HEAD); case-insensitive
//	PATH-GLOB  starts with /; segments are split on /
//	  **       any number of whole segments, zero included (must be a whole segment)
//	  *        as a whole segment: exactly one non-empty segment
//	  by_*     inside a segment: any run of characters within that segment
//	  {x}      a whole segment: any one non-empty segment (named for readability)
//	  other    literal, case-sensitive
//
// A trailing slash is significant (/a/ and /a differ) except that a final ** also matches
// it. A failure's {id}-style template segments are ordinary segments: * and ** match them,
// a literal only matches the same text.

type segKind uint8

const (
	segLiteral segKind = iota
	segStar            // *  : one non-empty segment
	segAny             // ** : zero or more segments
	segParam           // {x}: one non-empty segment
	segWild            // text with * inside: wildcard within the segment
)

type segPat struct {
	kind segKind
	text string
}

type opPattern struct {
	methods []string // upper case; nil = any method
	segs    []segPat
}

var patternCache sync.Map // string -> *opPattern or error

// compileOperation parses an operation pattern, caching the result.
func compileOperation(s string) (*opPattern, error) {
	if v, ok := patternCache.Load(s); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*opPattern), nil
	}
	p, err := parseOperationPattern(s)
	if err != nil {
		patternCache.Store(s, err)
		return nil, err
	}
	patternCache.Store(s, p)
	return p, nil
}

func parseOperationPattern(s string) (*opPattern, error) {
	f := strings.Fields(s)
	switch {
	case len(f) == 0:
		return nil, errors.New("empty operation")
	case len(f) == 1 && strings.HasPrefix(f[0], "/"):
		return nil, fmt.Errorf("no method: write \"* %s\" for any method", f[0])
	case len(f) != 2:
		return nil, errors.New(`want "METHOD /path/glob"`)
	}
	methods, err := parseMethods(f[0])
	if err != nil {
		return nil, err
	}
	segs, err := parsePathGlob(f[1])
	if err != nil {
		return nil, err
	}
	return &opPattern{methods: methods, segs: segs}, nil
}

func parseMethods(s string) ([]string, error) {
	if s == "*" {
		return nil, nil
	}
	var out []string
	for _, m := range strings.Split(s, "|") {
		if m == "" {
			return nil, fmt.Errorf("method %q: empty name in | list", s)
		}
		for i, c := range m {
			letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
			if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '_')) {
				return nil, fmt.Errorf("method %q: want *, a method name or a|b list", s)
			}
		}
		out = append(out, strings.ToUpper(m))
	}
	return out, nil
}

func parsePathGlob(p string) ([]segPat, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("path %q must start with /", p)
	}
	if strings.ContainsAny(p, "?#") {
		return nil, fmt.Errorf("path %q: query strings and fragments are not part of a pattern", p)
	}
	parts := strings.Split(p[1:], "/")
	segs := make([]segPat, 0, len(parts))
	for i, part := range parts {
		last := i == len(parts)-1
		switch {
		case part == "":
			if !last {
				return nil, fmt.Errorf("path %q: empty segment (//)", p)
			}
			segs = append(segs, segPat{kind: segLiteral})
		case part == "**":
			segs = append(segs, segPat{kind: segAny})
		case strings.Contains(part, "**"):
			return nil, fmt.Errorf("path %q: ** must be a whole segment", p)
		case part == "*":
			segs = append(segs, segPat{kind: segStar})
		case strings.ContainsAny(part, "{}"):
			if len(part) < 3 || part[0] != '{' || part[len(part)-1] != '}' ||
				strings.ContainsAny(part[1:len(part)-1], "{}*") {
				return nil, fmt.Errorf("path %q: a {name} template must be a whole segment", p)
			}
			segs = append(segs, segPat{kind: segParam, text: part})
		case strings.Contains(part, "*"):
			segs = append(segs, segPat{kind: segWild, text: part})
		default:
			segs = append(segs, segPat{kind: segLiteral, text: part})
		}
	}
	// Consecutive ** add nothing; fold them so matching stays linear.
	out := segs[:0]
	for _, s := range segs {
		if s.kind == segAny && len(out) > 0 && out[len(out)-1].kind == segAny {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

// splitOperation splits a failure's operation label into its upper-case method and path
// segments, ignoring any query string or fragment and a scheme://host prefix. A label with
// only a path has method "" (matched only by *).
func splitOperation(op string) (method string, segs []string, ok bool) {
	f := strings.Fields(op)
	var path string
	switch {
	case len(f) == 1:
		path = f[0]
	case len(f) >= 2:
		method, path = strings.ToUpper(f[0]), f[1]
	default:
		return "", nil, false
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if i := strings.Index(path, "://"); i >= 0 {
		rest := path[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return "", nil, false
		}
		path = rest[j:]
	}
	if !strings.HasPrefix(path, "/") {
		return "", nil, false
	}
	return method, strings.Split(path[1:], "/"), true
}

func (p *opPattern) match(method string, segs []string) bool {
	if p.methods != nil {
		found := false
		for _, m := range p.methods {
			if m == method {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return matchSegs(p.segs, segs)
}

// matchSegs is wildcard matching over segments: ** is the star, every other pattern segment
// matches exactly one path segment.
func matchSegs(pat []segPat, segs []string) bool {
	return starMatch(len(pat), len(segs), func(pi int) bool { return pat[pi].kind == segAny },
		func(pi, si int) bool { return matchSeg(pat[pi], segs[si]) })
}

// starMatch matches n subjects against np pattern elements, where star(pi) says an element
// matches any run of subjects and eq(pi, si) whether an element matches one subject. One
// backtrack point suffices (the classic greedy scheme).
func starMatch(np, n int, star func(pi int) bool, eq func(pi, si int) bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < n {
		switch {
		case pi < np && star(pi):
			starP, starS = pi, si
			pi++
		case pi < np && eq(pi, si):
			pi++
			si++
		case starP >= 0:
			starS++
			pi, si = starP+1, starS
		default:
			return false
		}
	}
	for pi < np && star(pi) {
		pi++
	}
	return pi == np
}

func matchSeg(p segPat, s string) bool {
	switch p.kind {
	case segStar, segParam:
		return s != ""
	case segWild:
		return wildMatch(p.text, s)
	case segAny:
		return true
	default:
		return p.text == s
	}
}

// wildMatch matches s against a pattern where * is any run of bytes.
func wildMatch(pat, s string) bool {
	return starMatch(len(pat), len(s), func(pi int) bool { return pat[pi] == '*' },
		func(pi, si int) bool { return pat[pi] == s[si] })
}
