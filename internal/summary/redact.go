package summary

import (
	"slices"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/parser"
)

// Redact masks secrets in every piece of log text the document carries: it is the one pass every
// output shares (text, JSON, Markdown, GitHub commands, baselines, diffs and the interactive
// screen, whose streaming snapshots call RedactGroup). Slices and maps are replaced, not written
// to, so that a shallow copy of a run can be redacted without touching the original.
func Redact(doc *Document, r *redact.Redactor) {
	for i := range doc.Inputs {
		in := &doc.Inputs[i]
		in.Error, in.Skipped = r.String(in.Error), r.String(in.Skipped)
		in.Notes = strs(in.Notes, r)
		in.Diagnostics = diagnostics(in.Diagnostics, r)
		for _, run := range in.Runs {
			RedactRun(run, r)
		}
	}
}

// RedactRun masks secrets in every string of run that comes from the log.
func RedactRun(run *classify.Run, r *redact.Redactor) {
	run.Preamble = r.String(run.Preamble)
	if run.Command != nil {
		c := *run.Command
		c.Text = r.String(c.Text)
		flags := make(map[string]string, len(c.Flags))
		for k, v := range c.Flags {
			flags[k] = r.String(v)
			if (k == "--auth" || k == "-a") && v != "" {
				flags[k] = redact.Mask // user:password
			}
		}
		c.Flags = flags
		c.Env = env(c.Env, r)
		run.Command = &c
	}
	run.Env = env(run.Env, r)
	run.Evidence = evidence(run.Evidence, r)
	if run.Hooks != nil {
		h := *run.Hooks
		h.Paragraph = r.String(h.Paragraph)
		h.OnHooked = strs(h.OnHooked, r)
		h.Evidence = evidence(h.Evidence, r)
		if h.EnvHooks != nil {
			v := r.String(*h.EnvHooks)
			h.EnvHooks = &v
		}
		if h.Lint != nil {
			l := *h.Lint
			l.Summary, l.Problems = r.String(l.Summary), strs(l.Problems, r)
			h.Lint = &l
		}
		run.Hooks = &h
	}
	s := &run.Settings
	s.SchemaLocation, s.BaseURL = r.String(s.SchemaLocation), r.String(s.BaseURL)
	s.Other = env(s.Other, r)
	s.Extra = strs(s.Extra, r)
	for _, g := range run.Groups {
		RedactGroup(g, r)
	}
	if run.Causes != nil {
		causes := make([]classify.Cause, len(run.Causes))
		for i, c := range run.Causes {
			c.Signature.Text = r.String(c.Signature.Text)
			c.Operations = strs(c.Operations, r)
			causes[i] = c
		}
		run.Causes = causes
	}
	run.Errors = errorBlocks(run.Errors, r)
	if run.Fatal != nil {
		f := *run.Fatal
		f.Title, f.Message = r.String(f.Title), r.String(f.Message)
		run.Fatal = &f
	}
	run.Summary.Warnings = strs(run.Summary.Warnings, r)
	if run.Summary.End != nil {
		e := *run.Summary.End
		e.Text = r.String(e.Text)
		run.Summary.End = &e
	}
	run.Diagnostics = diagnostics(run.Diagnostics, r)
	if run.Integrity.Checks != nil {
		checks := make([]classify.Check, len(run.Integrity.Checks))
		for i, c := range run.Integrity.Checks {
			c.Detail = r.String(c.Detail)
			checks[i] = c
		}
		run.Integrity.Checks = checks
	}
}

// RedactGroup masks secrets in a failure group: its operation, title, reason, cause (signature)
// and samples (RedactSamples). The samples slice is replaced, not written to.
func RedactGroup(g *classify.Group, r *redact.Redactor) {
	g.Operation = r.String(g.Operation)
	g.Title, g.Reason = r.String(g.Title), r.String(g.Reason)
	g.Signature.Text = r.String(g.Signature.Text)
	g.Samples = RedactSamples(g.Samples, r)
}

// RedactSamples returns samples with secrets masked: check messages, bodies, reproduce commands
// and the recorded traffic's URI. A sample with nothing to mask is shared, not copied; the slice is
// a copy as soon as one sample changes.
func RedactSamples(samples []classify.Sample, r *redact.Redactor) []classify.Sample {
	var out []classify.Sample
	for i := range samples {
		sm := samples[i]
		sm.Message, sm.Body = r.String(sm.Message), r.String(sm.Body)
		sm.Reproduce = strs(sm.Reproduce, r)
		if sm.Traffic != nil {
			if uri := r.String(sm.Traffic.URI); uri != sm.Traffic.URI {
				t := *sm.Traffic
				t.URI = uri
				sm.Traffic = &t
			}
		}
		if out == nil && !sameSample(&sm, &samples[i]) {
			out = slices.Clone(samples)
		}
		if out != nil {
			out[i] = sm
		}
	}
	if out == nil {
		return samples
	}
	return out
}

// sameSample reports whether redaction left a sample as it was: the same texts and the same slices.
func sameSample(a, b *classify.Sample) bool {
	return a.Message == b.Message && a.Body == b.Body && a.Traffic == b.Traffic &&
		len(a.Reproduce) == len(b.Reproduce) && (len(a.Reproduce) == 0 || &a.Reproduce[0] == &b.Reproduce[0])
}

// each returns a copy of xs with f applied to every element (nil stays nil): the document's slices
// are replaced, never written into, so that a snapshot's copy of a run can share them.
func each[T any](xs []T, f func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// strs masks every string of ss: ss itself when nothing changes, else a copy.
func strs(ss []string, r *redact.Redactor) []string {
	for i, x := range ss {
		if y := r.String(x); y != x {
			out := slices.Clone(ss)
			out[i] = y
			for j := i + 1; j < len(out); j++ {
				out[j] = r.String(out[j])
			}
			return out
		}
	}
	return ss
}

// env masks the values of a name → value map; a value whose name is sensitive (API_TOKEN) whole.
func env(m map[string]string, r *redact.Redactor) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v != "" && redact.Sensitive(k) {
			out[k] = redact.Mask
			continue
		}
		out[k] = r.String(v)
	}
	return out
}

func evidence(ev []classify.Evidence, r *redact.Redactor) []classify.Evidence {
	return each(ev, func(e classify.Evidence) classify.Evidence { e.Text = r.String(e.Text); return e })
}

func errorBlocks(es []parser.ErrorBlock, r *redact.Redactor) []parser.ErrorBlock {
	return each(es, func(e parser.ErrorBlock) parser.ErrorBlock {
		e.Title, e.Message = r.String(e.Title), r.String(e.Message)
		return e
	})
}

func diagnostics(ds []parser.Diagnostic, r *redact.Redactor) []parser.Diagnostic {
	return each(ds, func(d parser.Diagnostic) parser.Diagnostic { d.Message = r.String(d.Message); return d })
}
