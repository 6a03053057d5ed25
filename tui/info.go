package tui

import (
	"fmt"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
)

// infoLines is the run details page: settings, integrity checks, the hooks diagnosis in full, the
// causes shared by several operations and the errors.
func infoLines(t theme, d *dataset, w int) []string {
	var out []string
	add := func(s string) { out = append(out, s) }
	wrapped := func(indent, s string) {
		for _, l := range hardWrap(s, max(10, w-len(indent))) {
			add(indent + l)
		}
	}
	for _, in := range d.inputs {
		for _, src := range in.sources {
			add(t.render(t.title, clip(clean(src.name), w)))
			if src.in != nil {
				desc := fmt.Sprintf("%s lines, %s, %s", thousands(src.in.Lines), byteSize(src.in.Bytes), src.in.Encoding)
				if src.in.Wrapping != "" {
					desc += ", " + string(src.in.Wrapping)
				}
				wrapped("  ", desc)
				if src.in.Error != "" {
					wrapped("  ", "error: "+clean(src.in.Error))
				}
			}
			for i, r := range src.runs {
				if len(src.runs) > 1 {
					add(fmt.Sprintf("  Run %d of %d (line %d)", i+1, len(src.runs), r.Span.Line))
				}
				runInfo(t, r, w, add, wrapped)
			}
			add("")
		}
	}
	if d.loading {
		add(t.render(t.dim, "Still reading: integrity and the hooks diagnosis come when the input is read."))
	}
	if d.doc != nil && d.doc.Config != "" {
		wrapped("", "Hook rules: "+clean(d.doc.Config))
	}
	if d.doc != nil && d.doc.Baseline != "" {
		wrapped("", fmt.Sprintf("Baseline: %s (%d new failure groups)", clean(d.doc.Baseline), d.doc.NewGroups))
	}
	return out
}

func runInfo(t theme, r *classify.Run, w int, add func(string), wrapped func(string, string)) {
	s := r.Settings
	wrapped("  ", runLabel(r))
	for _, kv := range [][2]string{{"Schema", s.SchemaLocation}, {"Base URL", s.BaseURL}, {"Seed", s.Seed}} {
		if kv[1] != "" {
			wrapped("  ", kv[0]+": "+clean(kv[1]))
		}
	}
	if r.Summary.End != nil {
		wrapped("  ", "Result: "+clean(r.Summary.End.Text))
	}
	if r.Fatal != nil {
		wrapped("  ", fmt.Sprintf("Schemathesis stopped at line %d: %s", r.Fatal.Line, clean(r.Fatal.Title)))
	}
	add("")
	add("  " + t.render(t.head, "Integrity: "+string(r.Integrity.Status)))
	for _, c := range r.Integrity.Checks {
		wrapped("    ", fmt.Sprintf("%-8s %s — %s", c.Result, c.Name, clean(c.Detail)))
	}
	add("")
	if r.Hooks != nil {
		add("  " + t.render(t.head, "Hooks: "+string(r.Hooks.Verdict)))
		wrapped("    ", clean(r.Hooks.Paragraph))
		for _, e := range r.Hooks.Evidence {
			wrapped("    ", fmt.Sprintf("line %d (%s): %s", e.Line, e.Kind, clean(e.Text)))
		}
		for _, rh := range r.Hooks.Rules {
			wrapped("    ", fmt.Sprintf("rule %s: %s in %s", clean(rh.Name), plural(rh.TestCases, "test case"),
				clean(strings.Join(rh.Operations, ", "))))
		}
	} else {
		add("  " + t.render(t.head, "Hooks"))
		wrapped("    ", "No hook rules: describe what each hook fixes in .ctlog.yaml (docs/hook-rules.md) to see whether CI loaded them.")
	}
	if len(r.Causes) > 0 {
		add("")
		add("  " + t.render(t.head, "Causes shared by several operations"))
		for _, c := range r.Causes {
			wrapped("    ", fmt.Sprintf("%d  %s in %s: %s", c.TestCases, clean(c.Check), plural(len(c.Operations), "operation"), clean(c.Signature.Text)))
		}
	}
	if len(r.Errors) > 0 {
		add("")
		add("  " + t.render(t.head, fmt.Sprintf("Errors (%d)", r.Totals.Errors)))
		for _, e := range r.Errors {
			wrapped("    ", fmt.Sprintf("line %d  %s: %s", e.Line, clean(e.Operation), clean(e.Title)))
		}
	}
}
