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
	ops := make([]string, 0, len(r.Groups))
	for _, g := range r.Groups {
		ops = append(ops, g.Operation)
	}
	inferred := inferTemplates(ops)
	var probes probeIndex // built at the first probe
	for _, g := range r.Groups {
		op := g.Operation
		if method, path, ok := strings.Cut(op, " "); ok {
			probe := g.Check == "unsupported_method" // a request with a method the operation does not document
			if label, ok := t.Match(method, path); ok {
				op = label
			} else if label, ok := t.MatchAnyMethod(path); ok && probe {
				op = label
			} else if label := probes.documentedFor(inferred, op, method, probe); label != "" {
				op = label
			} else {
				op = inferred[op]
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
	r.finishLines()
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

// probeIndex holds the inferred labels of a run by path template, each list sorted.
type probeIndex map[string][]string

// documentedFor files an unsupported-method probe under an operation the run shows on the same
// path template with another method (the least label); "" when there is none.
// It is asked only for probes, and indexes inferred at the first.
func (x *probeIndex) documentedFor(inferred map[string]string, op, method string, probe bool) string {
	if !probe {
		return ""
	}
	if *x == nil {
		idx := make(probeIndex, len(inferred))
		for _, l := range inferred {
			_, p, _ := strings.Cut(l, " ")
			idx[p] = append(idx[p], l)
		}
		for p, ls := range idx {
			slices.Sort(ls)
			idx[p] = slices.Compact(ls)
		}
		*x = idx
	}
	_, tmpl, _ := strings.Cut(inferred[op], " ")
	for _, l := range (*x)[tmpl] {
		if m, _, _ := strings.Cut(l, " "); m != method { // another method: another operation than op
			return l
		}
	}
	return ""
}
