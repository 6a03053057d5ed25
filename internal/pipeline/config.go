package pipeline

import (
	"fmt"
	"os"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/hooks"
	"github.com/ctlog-dev/ctlog/internal/rules"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// loadRules loads the hook rules (Options.Config, or .ctlog.yaml found above the working
// directory); nil when there are none.
func loadRules(opts Options) (*rules.Config, error) {
	if opts.NoConfig {
		return nil, nil
	}
	path := opts.Config
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, nil
		}
		if path, err = rules.Find(wd); err != nil || path == "" {
			return nil, nil
		}
	}
	return rules.Load(path)
}

// loadBaseline reads the baseline file at path; nil when path is "".
func loadBaseline(path string) (*classify.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	defer f.Close()
	return classify.ReadBaseline(f, path)
}

// applyLint lints the hooks file (Options.Hooks, or the module SCHEMATHESIS_HOOKS names in the log
// when it is a file here) and attaches the result to each run's hooks diagnosis.
func applyLint(opts Options, doc *summary.Document) {
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
				warn(opts, fmt.Errorf("--hooks: %w", err))
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
