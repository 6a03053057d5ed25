package classify

import (
	"regexp"
	"slices"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Labels returns the operation labels a run names (progress lines and failure titles), for
// mapping other inputs' concrete paths back to templates.
func (r *Run) Labels(t *Templates) {
	if recordsConcretePaths(r.Format) {
		return
	}
	for l := range r.progressLabels {
		t.Add(l)
	}
	for _, g := range r.Groups {
		t.Add(g.Operation)
	}
	for _, e := range r.Errors {
		t.Add(e.Operation)
	}
}

// recordsConcretePaths reports whether a run's operations are request paths rather than labels.
func recordsConcretePaths(f parser.Format) bool {
	return f == parser.FormatCassette || f == parser.FormatHAR
}

// Remap rewrites the concrete operations of a cassette run (`GET /api/users/17/`) as the labels
// of t (`GET /api/users/{id}/`), or, when t has none that fit, as a guess that replaces ids with
// `{id}`; groups that become the same are merged.
func (r *Run) Remap(t *Templates) {
	if !recordsConcretePaths(r.Format) {
		return
	}
	merged := map[groupKey]*Group{}
	var out []*Group
	for _, g := range r.Groups {
		op := g.Operation
		if method, path, ok := strings.Cut(op, " "); ok {
			if label, ok := t.Match(method, path); ok {
				op = label
			} else {
				op = method + " " + guessTemplate(path)
			}
		}
		k := g.key()
		k.Operation = op
		if m := merged[k]; m != nil {
			m.merge(g)
			continue
		}
		g.Operation = op
		merged[k] = g
		out = append(out, g)
	}
	r.Groups = out
	r.groups = merged
	r.failedOps, r.recent, r.lastOp = map[string]bool{}, recentGroups{}, ""
	r.epoch++
	for _, g := range out {
		r.failedOps[g.Operation] = true
	}
	r.Totals.FailedOperations = len(r.failedOps)
	sortGroups(r.Groups)
	r.Causes = causes(r.Groups)
}

// merge adds the members of o to g.
func (g *Group) merge(o *Group) {
	g.Count += o.Count
	g.Flaky += o.Flaky
	if o.Status != g.Status {
		g.Status, g.Reason = 0, ""
	}
	for _, c := range o.Related {
		if !slices.Contains(g.Related, c) {
			g.Related = append(g.Related, c)
		}
	}
	if o.First.Line < g.First.Line {
		g.First = o.First
	}
	if o.Last.Line > g.Last.Line {
		g.Last = o.Last
	}
	g.Lines = append(g.Lines, o.Lines...)
	slices.Sort(g.Lines)
	if len(g.Lines) > maxLines {
		g.Lines, g.LinesCut = g.Lines[:maxLines], true
	}
	g.LinesCut = g.LinesCut || o.LinesCut
	for _, s := range o.Samples {
		if len(g.Samples) < maxSamples {
			g.Samples = append(g.Samples, s)
		}
	}
}

var idSegment = regexp.MustCompile(`^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})$`)

// guessTemplate replaces the path segments that look like ids with `{id}`.
func guessTemplate(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if idSegment.MatchString(s) {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}
