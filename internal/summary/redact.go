package summary

import (
	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/redact"
)

// Redact masks secrets in every piece of log text the document carries.
func Redact(doc *Document, r *redact.Redactor) {
	for i := range doc.Inputs {
		for _, run := range doc.Inputs[i].Runs {
			redactRun(run, r)
		}
	}
}

func redactRun(run *classify.Run, r *redact.Redactor) {
	run.Preamble = r.String(run.Preamble)
	if run.Command != nil {
		c := *run.Command
		c.Text = r.String(c.Text)
		flags := map[string]string{}
		for k, v := range c.Flags {
			flags[k] = r.String(v)
			if (k == "--auth" || k == "-a") && v != "" {
				flags[k] = redact.Mask // user:password
			}
		}
		c.Flags = flags
		run.Command = &c
	}
	s := &run.Settings
	s.SchemaLocation, s.BaseURL = r.String(s.SchemaLocation), r.String(s.BaseURL)
	for k, v := range s.Other {
		s.Other[k] = r.String(v)
	}
	for i := range s.Extra {
		s.Extra[i] = r.String(s.Extra[i])
	}
	for _, g := range run.Groups {
		for i := range g.Samples {
			sm := &g.Samples[i]
			sm.Message, sm.Body = r.String(sm.Message), r.String(sm.Body)
			cmds := make([]string, len(sm.Reproduce))
			for j, c := range sm.Reproduce {
				cmds[j] = r.String(c)
			}
			sm.Reproduce = cmds
		}
	}
	for i := range run.Errors {
		run.Errors[i].Message = r.String(run.Errors[i].Message)
	}
	if run.Fatal != nil {
		f := *run.Fatal
		f.Message = r.String(f.Message)
		run.Fatal = &f
	}
	for i := range run.Summary.Warnings {
		run.Summary.Warnings[i] = r.String(run.Summary.Warnings[i])
	}
	for i := range run.Diagnostics {
		run.Diagnostics[i].Message = r.String(run.Diagnostics[i].Message)
	}
}
