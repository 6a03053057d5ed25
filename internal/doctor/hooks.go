package doctor

import (
	"fmt"
	"path"
	"strings"

	"github.com/ctlog-dev/ctlog/internal/hooks"
)

// resolveHooks fills in an invocation's hooks and schemathesis.toml settings: SCHEMATHESIS_HOOKS
// from its environment, else (4.x) the config file's hooks entry.
func (r *repo) resolveHooks(inv *Invocation) {
	v := parseVersion(inv.Version.Value)
	if c := r.schemathesisConfig(inv); c != nil && v.Major != 3 {
		inv.ConfigFile = c.File
		for k, s := range c.Settings {
			if _, set := inv.Settings[k]; !set {
				inv.Settings[k] = s
			}
		}
		if c.Hooks != nil {
			inv.Hooks = c.Hooks
		}
	}
	if inv.preRun != nil {
		inv.Hooks = inv.preRun
	}
	if h, ok := inv.Env[hooksEnv]; ok && h.Value != "" {
		inv.Hooks = &h
	}
}

// isPathForm reports whether a SCHEMATHESIS_HOOKS value is a file path rather than a dotted module.
func isPathForm(v string) bool {
	return strings.ContainsAny(v, `/\`) || strings.HasSuffix(v, ".py")
}

// dottedName turns a file path into the dotted module name that imports it.
func dottedName(v string) string {
	s := strings.TrimSuffix(strings.TrimPrefix(strings.ReplaceAll(v, `\`, "/"), "./"), ".py")
	s = strings.TrimSuffix(s, "/__init__")
	return strings.ReplaceAll(strings.Trim(s, "/"), "/", ".")
}

// moduleFile finds the file of a hooks module in the checkout, from the invocation's working
// directory (Schemathesis adds it to sys.path); "" when it is not there.
func (r *repo) moduleFile(inv *Invocation, value string) string {
	if isPathForm(value) {
		f := path.Clean(path.Join(inv.Dir, value))
		if r.exists(f) {
			return f
		}
		return ""
	}
	base := path.Join(inv.Dir, strings.ReplaceAll(value, ".", "/"))
	for _, f := range []string{base + ".py", base + "/__init__.py"} {
		if r.exists(f) {
			return f
		}
	}
	return ""
}

// hookKey identifies one check of a hooks value, so two invocations that load the same module
// the same way are reported once.
type hookKey struct {
	value, dir string
	major      int
	loc        Loc
}

// checkHooks says whether each invocation's hooks load: the form its version accepts, the
// module in the checkout, and whether the module registers hooks that run.
func (r *repo) checkHooks(invs []*Invocation) []Finding {
	var out []Finding
	seen := map[hookKey]bool{}
	for _, inv := range invs {
		if inv.Hooks == nil || strings.Contains(inv.Hooks.Value, "$") {
			continue
		}
		h := *inv.Hooks
		v := parseVersion(inv.Version.Value)
		k := hookKey{h.Value, inv.Dir, v.Major, h.Loc}
		if seen[k] {
			continue
		}
		seen[k] = true
		if isPathForm(h.Value) {
			accepts, known := v.acceptsPath()
			dotted := dottedName(h.Value)
			switch {
			case known && !accepts:
				out = append(out, Finding{ID: IDHooksPathForm, Severity: SevError, Loc: h.Loc,
					Message: fmt.Sprintf("SCHEMATHESIS_HOOKS is the file path %q, but Schemathesis %s (%s) imports a dotted module name: the import fails and no hook loads",
						h.Value, versionText(inv.Version.Value), inv.Version.Loc),
					Fix: fmt.Sprintf("set SCHEMATHESIS_HOOKS to %q at %s (run from the directory that holds %s)", dotted, h.Loc, strings.Split(dotted, ".")[0])})
				continue
			case !known:
				out = append(out, Finding{ID: IDHooksPathForm, Severity: SevWarning, Loc: h.Loc,
					Message: fmt.Sprintf("SCHEMATHESIS_HOOKS is the file path %q: Schemathesis 3.x and 4.x up to 4.3 import only a dotted module name, and %s does not pin which version runs", h.Value, inv.Name),
					Fix:     fmt.Sprintf("set SCHEMATHESIS_HOOKS to %q at %s, which every version imports", dotted, h.Loc)})
			}
		}
		if inv.preRun != nil && inv.Hooks == inv.preRun && v.Major >= 4 {
			out = append(out, Finding{ID: IDHooksPreRun, Severity: SevError, Loc: h.Loc,
				Message: fmt.Sprintf("--pre-run %s: Schemathesis %s (%s) has no --pre-run option (removed in 4.0): the run stops with a usage error and loads no hooks", h.Value, inv.Version.Value, inv.Version.Loc),
				Fix:     fmt.Sprintf("replace --pre-run with SCHEMATHESIS_HOOKS=%s at %s", h.Value, h.Loc)})
			continue
		}
		if inv.Kind == "docker" && inv.mounts == 0 {
			out = append(out, Finding{ID: IDHooksNotMounted, Severity: SevError, Loc: inv.Loc, Other: &h.Loc,
				Message: fmt.Sprintf("`docker run` at %s passes SCHEMATHESIS_HOOKS=%s but mounts no volume: the module is not in the container, so the import fails", inv.Loc, h.Value),
				Fix:     fmt.Sprintf("add `-v \"$PWD:/app\" -w /app` to the docker run at %s", inv.Loc)})
			continue
		}
		file := r.moduleFile(inv, h.Value)
		if file == "" {
			where := "the repository root"
			if inv.Dir != "." && inv.Dir != "" {
				where = inv.Dir
			}
			out = append(out, Finding{ID: IDHooksModuleMissing, Severity: SevError, Loc: h.Loc,
				Message: fmt.Sprintf("SCHEMATHESIS_HOOKS names %q, which is not in the checkout from %s (the working directory of %s): the import fails", h.Value, where, inv.Name),
				Fix:     fmt.Sprintf("name a module that exists relative to %s, or fix the path at %s", where, h.Loc)})
			continue
		}
		if lk := (hookKey{value: file, major: v.Major}); !seen[lk] {
			seen[lk] = true
			out = append(out, r.lintHooks(file, h, v.Major)...)
		}
	}
	return out
}

// lintHooks runs hooks lint on the module and says when no hook, or only some, will run.
func (r *repo) lintHooks(file string, h Value, major int) []Finding {
	src, _ := r.read(file)
	rep := hooks.Lint(file, src, major)
	effective := 0
	for _, hk := range rep.Hooks {
		if hk.Effective {
			effective++
		}
	}
	line := 1
	for _, f := range rep.Findings {
		if f.Severity == hooks.SevError {
			line = f.Line
			break
		}
	}
	fix := fmt.Sprintf("run `ctlog hooks lint %s` and register the hooks with @schemathesis.hook", file)
	switch {
	case effective == 0:
		return []Finding{{ID: IDHooksIneffective, Severity: SevError, Loc: Loc{file, line}, Other: &h.Loc,
			Message: fmt.Sprintf("%s (set at %s) loads, but no hook in it will run: %s", file, h.Loc, rep.Summary()), Fix: fix}}
	case rep.Silent():
		return []Finding{{ID: IDHooksPartial, Severity: SevWarning, Loc: Loc{file, line}, Other: &h.Loc,
			Message: fmt.Sprintf("%s (set at %s): %s", file, h.Loc, rep.Summary()), Fix: fix}}
	}
	return nil
}

func versionText(v string) string {
	if v == "" {
		return "(version unknown)"
	}
	return v
}
