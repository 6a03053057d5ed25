package command

import (
	"fmt"
	"os"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/hooks"
	"github.com/ctlog-dev/ctlog/internal/rules"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// applyConfig loads the hook rules (--config, or .ctlog.yaml found above the working directory)
// and applies them to every run.
func applyConfig(opts SummarizeOptions, doc *summary.Document) error {
	if opts.NoConfig {
		return nil
	}
	path := opts.Config
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil
		}
		if path, err = rules.Find(wd); err != nil || path == "" {
			return nil
		}
	}
	cfg, err := rules.Load(path)
	if err != nil {
		return err
	}
	doc.Config = cfg.Path
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			r.ApplyHooks(cfg.Hooks)
		}
	}
	return nil
}

// applyLint lints the hooks file (--hooks, or the module SCHEMATHESIS_HOOKS names in the log when
// it is a file here) and attaches the result to each run's hooks diagnosis.
func applyLint(opts SummarizeOptions, doc *summary.Document) {
	for _, r := range allRuns(doc) {
		path := opts.Hooks
		if path == "" {
			path = hooksFile(r.Env["SCHEMATHESIS_HOOKS"])
		}
		if path == "" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			if opts.Hooks != "" {
				fmt.Fprintf(opts.IO.ErrOut, "ctlog: --hooks: %v\n", err)
			}
			continue
		}
		rep := hooks.Lint(path, src, 0)
		r.AttachLint(&classify.HooksLint{Path: path, Summary: rep.Summary(), Problems: rep.Problems(), Silent: rep.Silent()})
	}
}

// hooksFile turns a SCHEMATHESIS_HOOKS value (a dotted module or, in 4.x, a path) into a file
// that exists here, or "".
func hooksFile(v string) string {
	if v == "" {
		return ""
	}
	for _, p := range []string{v, strings.ReplaceAll(v, ".", "/") + ".py", strings.ReplaceAll(v, ".", "/") + "/__init__.py"} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// applyBaseline marks the failure groups the baseline does not know; it returns how many.
func applyBaseline(opts SummarizeOptions, doc *summary.Document) (int, error) {
	if opts.Baseline == "" {
		return 0, nil
	}
	f, err := os.Open(opts.Baseline)
	if err != nil {
		return 0, fmt.Errorf("--baseline: %w", err)
	}
	defer f.Close()
	b, err := classify.ReadBaseline(f, opts.Baseline)
	if err != nil {
		return 0, err
	}
	doc.Baseline = opts.Baseline
	return b.Mark(allRuns(doc)), nil
}

func allRuns(doc *summary.Document) []*classify.Run {
	var runs []*classify.Run
	for _, in := range doc.Inputs {
		runs = append(runs, in.Runs...)
	}
	return runs
}

// failPolicy reports whether --fail-on asks for a failing exit code.
func failPolicy(policy string, doc *summary.Document, newGroups int) bool {
	switch policy {
	case "any":
		for _, r := range allRuns(doc) {
			if len(r.Groups) > 0 || r.Totals.Errors > 0 || r.Fatal != nil {
				return true
			}
		}
	case "new":
		return newGroups > 0
	case "unexpected":
		for _, r := range allRuns(doc) {
			if r.Fatal != nil || r.Totals.Errors > 0 {
				return true
			}
			for _, g := range r.Groups {
				if len(g.Hook) == 0 {
					return true
				}
			}
		}
	}
	return false
}
