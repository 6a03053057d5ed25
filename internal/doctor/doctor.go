package doctor

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ctlog-dev/ctlog/internal/rules"
)

// Run reads the repository at dir and says why Schemathesis runs in CI and locally would differ.
func Run(dir string) (*Report, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("doctor %s: %w", dir, err)
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("doctor %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("doctor %s: not a directory", dir)
	}
	r := newRepo(root)
	var ci []*Invocation
	for _, f := range r.workflowFiles() {
		ci = append(ci, r.workflow(f)...)
	}
	ci = append(ci, r.gitlab(".gitlab-ci.yml")...)
	ci = dedupe(ci)
	local := r.localInvocations()
	all := append(slices.Clone(ci), local...)
	for _, inv := range all {
		r.resolveHooks(inv)
	}
	rep := &Report{Dir: dir, Invocations: all, Findings: []Finding{}}
	if rep.Invocations == nil {
		rep.Invocations = []*Invocation{}
	}
	findings := slices.Clone(r.findings)
	findings = append(findings, r.checkHooks(all)...)
	ruleModule := r.ruleModule()
	switch {
	case len(ci) == 0:
		findings = append(findings, Finding{ID: IDNoInvocation, Severity: SevInfo, Loc: Loc{File: ".github/workflows"},
			Message: "no CI workflow starts Schemathesis (GitHub Actions workflows, .gitlab-ci.yml): nothing to compare",
			Fix:     "run ctlog doctor in the repository whose CI runs Schemathesis"})
	case len(local) == 0:
		findings = append(findings, Finding{ID: IDNoInvocation, Severity: SevInfo, Loc: Loc{File: "."},
			Message: "no local script starts Schemathesis (Makefile, package.json, tox.ini, *.sh): CI is compared with the repository's version pins and .ctlog.yaml only",
			Fix:     "add the command you run locally to a Makefile target or script, so doctor can compare it"})
	}
	localVersion, localName := r.localPin(), "the repository's pin"
	for _, c := range ci {
		p := partner(c, local)
		if p != nil {
			localVersion, localName = p.Version, p.Name
		}
		findings = append(findings, compareHooks(c, p, ruleModule)...)
		findings = append(findings, compareVersions(c, localVersion, localName, p != nil)...)
		if p != nil {
			findings = append(findings, compareSettings(c, p)...)
		}
	}
	if ruleModule != nil {
		for _, inv := range all {
			if h := hooksValue(inv); h != "" && h != ruleModule.Value {
				findings = append(findings, Finding{ID: IDHooksConfigModule, Severity: SevWarning, Loc: inv.Hooks.Loc, Other: &ruleModule.Loc,
					Message: fmt.Sprintf("%s loads the hooks module %q, but the hook rules (%s) describe %q", inv.Name, inv.Hooks.Value, ruleModule.Loc, ruleModule.Value),
					Fix:     fmt.Sprintf("make hooks.module at %s and SCHEMATHESIS_HOOKS at %s name the same module", ruleModule.Loc, inv.Hooks.Loc)})
			}
		}
	}
	rep.Findings = uniqueFindings(findings)
	sortFindings(rep.Findings)
	return rep, nil
}

// workflowFiles lists .github/workflows/*.yml and *.yaml, sorted.
func (r *repo) workflowFiles() []string {
	entries, err := os.ReadDir(filepath.Join(r.root, ".github", "workflows"))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			out = append(out, path.Join(".github/workflows", n))
		}
	}
	return out
}

// ruleModule is the hooks module .ctlog.yaml names, with its line; nil when none.
func (r *repo) ruleModule() *Value {
	for _, name := range []string{".ctlog.yaml", ".ctlog.yml"} {
		src, ok := r.read(name)
		if !ok {
			continue
		}
		cfg, err := rules.Load(filepath.Join(r.root, name))
		if err != nil {
			r.findings = append(r.findings, Finding{ID: IDUnreadable, Severity: SevError, Loc: Loc{File: name},
				Message: fmt.Sprintf("the hook rules do not load: %v", err), Fix: "fix the hook rules (docs/hook-rules.md)"})
			return nil
		}
		if cfg.Hooks.Module == "" {
			return nil
		}
		line := 1
		for i, l := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "module:") {
				line = i + 1
				break
			}
		}
		return &Value{Value: cfg.Hooks.Module, Loc: Loc{name, line}}
	}
	return nil
}

// uniqueFindings drops findings said twice (two CI steps compared with the same local line).
func uniqueFindings(fs []Finding) []Finding {
	seen := map[string]bool{}
	out := []Finding{}
	for _, f := range fs {
		k := f.ID + "|" + f.Loc.String() + "|" + f.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// Redact applies f (the redaction and sanitiser) to every string of the report that came from the repository.
func (r *Report) Redact(f func(string) string) {
	for i := range r.Findings {
		r.Findings[i].Message = f(r.Findings[i].Message)
		r.Findings[i].Fix = f(r.Findings[i].Fix)
		r.Findings[i].File = f(r.Findings[i].File)
	}
	for _, inv := range r.Invocations {
		inv.Name, inv.File = f(inv.Name), f(inv.File)
		inv.Version.Value = f(inv.Version.Value)
		for k, v := range inv.Env {
			if s := f(k + "=" + v.Value); strings.HasPrefix(s, k+"=") {
				v.Value = s[len(k)+1:]
			} else {
				v.Value = f(v.Value)
			}
			inv.Env[k] = v
		}
		for k, v := range inv.Settings {
			v.Value = f(v.Value)
			inv.Settings[k] = v
		}
		if inv.Hooks != nil {
			inv.Hooks.Value = f(inv.Hooks.Value)
		}
	}
}
