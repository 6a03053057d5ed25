package doctor

import (
	"fmt"
	"path"
	"strings"
)

// settingNames says each compared setting as the CLI option that sets it.
var settingNames = map[string]string{
	"checks": "--checks", "mode": "--mode (3.x: --data-generation-method)", "phases": "--phases",
	"max-examples": "--max-examples (3.x: --hypothesis-max-examples)", "workers": "--workers",
	"seed": "--generation-seed (3.x: --hypothesis-seed)", "headers": "-H/--header", "base-url": "--url/--base-url",
}

// softSettings differ without changing which checks fail: warnings, not errors.
var softSettings = map[string]bool{"workers": true, "seed": true, "base-url": true}

// partner picks the local invocation a CI one is compared with: the same script line when CI
// runs a local script, else the first local invocation.
func partner(ci *Invocation, locals []*Invocation) *Invocation {
	for _, l := range locals {
		if l.File == ci.File && l.Line == ci.Line {
			return l
		}
	}
	if len(locals) > 0 {
		return locals[0]
	}
	return nil
}

// hooksValue is the module an invocation loads, as a dotted name for comparison.
func hooksValue(inv *Invocation) string {
	if inv == nil || inv.Hooks == nil {
		return ""
	}
	return dottedName(inv.Hooks.Value)
}

// compareHooks says when the two sides do not load the same hooks.
func compareHooks(ci, local *Invocation, ruleModule *Value) []Finding {
	ch, lh := hooksValue(ci), hooksValue(local)
	if strings.Contains(ch, "$") || strings.Contains(lh, "$") {
		return nil // set from a secret, a variable or an expression doctor cannot resolve
	}
	var want *Value // what the local side (or the hook rules) says CI should load
	switch {
	case lh != "":
		want = local.Hooks
	case ruleModule != nil:
		want = ruleModule
	}
	switch {
	case ch == "" && want != nil:
		return []Finding{ciHooksMissing(ci, local, want)}
	case ch != "" && local != nil && lh == "":
		why := ""
		if path.Base(ci.Hooks.File) == "schemathesis.toml" && parseVersion(local.Version.Value).Major == 3 {
			why = " (Schemathesis 3.x does not read schemathesis.toml)"
		}
		return []Finding{{ID: IDHooksNotSet, Severity: SevError, Loc: local.Loc, Other: &ci.Hooks.Loc,
			Message: fmt.Sprintf("%s runs Schemathesis without SCHEMATHESIS_HOOKS%s, but CI (%s) loads %q: local runs never load the hooks", local.Name, why, ci.Hooks.Loc, ci.Hooks.Value),
			Fix:     fmt.Sprintf("set SCHEMATHESIS_HOOKS=%s for the command at %s (or in .env)", ci.Hooks.Value, local.Loc)}}
	case ch != "" && lh != "" && ch != lh:
		return []Finding{{ID: IDHooksDiffer, Severity: SevError, Loc: ci.Hooks.Loc, Other: &local.Hooks.Loc,
			Message: fmt.Sprintf("CI loads the hooks module %q, local (%s, %s) loads %q", ci.Hooks.Value, local.Name, local.Hooks.Loc, local.Hooks.Value),
			Fix:     fmt.Sprintf("use the same module on both sides: SCHEMATHESIS_HOOKS=%s at %s", local.Hooks.Value, ci.Hooks.Loc)}}
	}
	return nil
}

// ciHooksMissing is the finding for a CI invocation that never gets SCHEMATHESIS_HOOKS.
func ciHooksMissing(ci, local *Invocation, want *Value) Finding {
	side := "the hook rules say the hooks are"
	if local != nil && local.Hooks != nil {
		side = fmt.Sprintf("locally (%s) it loads", local.Name)
	}
	if outer, ok := ci.outerEnv[hooksEnv]; ok && ci.Kind == "docker" && !ci.passed[hooksEnv] {
		return Finding{ID: IDHooksNotPassed, Severity: SevError, Loc: ci.Loc, Other: &want.Loc,
			Message: fmt.Sprintf("SCHEMATHESIS_HOOKS is set at %s, but `docker run` at %s does not pass it into the container: Schemathesis in CI never loads the hooks (%s %q, %s)", outer.Loc, ci.Loc, side, want.Value, want.Loc),
			Fix:     fmt.Sprintf("add `-e SCHEMATHESIS_HOOKS` to the docker run at %s (and mount the checkout so the module is importable)", ci.Loc)}
	}
	where := fmt.Sprintf("the `env:` of the step at %s", ci.envAt)
	switch {
	case strings.HasSuffix(ci.File, ".gitlab-ci.yml"):
		where = fmt.Sprintf("the `variables:` of the job at %s", ci.envAt)
	case ci.Kind == "docker":
		where = fmt.Sprintf("the docker run at %s as `-e SCHEMATHESIS_HOOKS=%s`", ci.Loc, want.Value)
	}
	fix := fmt.Sprintf("add `SCHEMATHESIS_HOOKS: %s` to %s", want.Value, where)
	if ci.Kind == "docker" {
		fix = "add " + where
	}
	return Finding{ID: IDHooksNotSet, Severity: SevError, Loc: ci.envAt, Other: &want.Loc,
		Message: fmt.Sprintf("Schemathesis at %s (%s) runs without SCHEMATHESIS_HOOKS, but %s %q (%s): CI never loads the hooks", ci.Loc, ci.Name, side, want.Value, want.Loc),
		Fix:     fix}
}

// compareVersions says when the two sides run different Schemathesis versions, or one is unpinned.
// hasLocal says whether a local invocation exists (without one, an unpinned local side is not reported).
func compareVersions(ci *Invocation, local Value, localName string, hasLocal bool) []Finding {
	cv, lv := parseVersion(ci.Version.Value), parseVersion(local.Value)
	ciAt := ci.Version.Loc
	if ciAt.File == "" {
		ciAt = ci.Loc
	}
	var out []Finding
	if cv.Exact && lv.Exact {
		if cv != lv {
			msg := fmt.Sprintf("CI (%s) runs Schemathesis %s (%s), local (%s) runs %s (%s)", ci.Name, ci.Version.Value, ciAt, localName, local.Value, local.Loc)
			if cv.Major != lv.Major {
				msg += fmt.Sprintf(": %d.x and %d.x differ in checks, phases, flags and the hooks they accept", cv.Major, lv.Major)
			}
			out = append(out, Finding{ID: IDVersionDiffers, Severity: SevError, Loc: ciAt, Other: &local.Loc, Message: msg,
				Fix: fmt.Sprintf("pin the same version on both sides: %s at %s", local.Value, ciAt)})
		}
		return out
	}
	if !cv.Exact && !lv.Exact && hasLocal && ci.Version.Loc == local.Loc && local.Loc.File != "" {
		return append(out, Finding{ID: IDVersionUnpinned, Severity: SevWarning, Loc: local.Loc,
			Message: fmt.Sprintf("neither CI (%s) nor local (%s) runs an exact Schemathesis version: both install any version matching %q, which can differ between the two environments", ci.Name, localName, local.Value),
			Fix:     fmt.Sprintf("pin schemathesis==X.Y.Z at %s (or commit a lock file)", local.Loc)})
	}
	if !cv.Exact {
		what := "the newest Schemathesis, whatever version that is"
		switch v := ci.Version.Value; {
		case v == "":
			what = "a Schemathesis version nothing in the repository pins"
		case v != "latest" && v != "stable":
			what = fmt.Sprintf("any Schemathesis version matching %q", v)
		}
		out = append(out, Finding{ID: IDVersionUnpinned, Severity: SevWarning, Loc: ciAt,
			Message: fmt.Sprintf("CI (%s) installs %s, so it can run another version than local", ci.Name, what),
			Fix:     pinFix(local, ciAt)})
	}
	if !lv.Exact && hasLocal {
		at := local.Loc
		if at.File == "" {
			at = Loc{File: "requirements.txt"}
		}
		out = append(out, Finding{ID: IDVersionUnpinned, Severity: SevWarning, Loc: at,
			Message: fmt.Sprintf("local runs get whatever Schemathesis version is installed: nothing in the repository pins one exactly (%s)", versionText(local.Value)),
			Fix:     "pin schemathesis==X.Y.Z in requirements (or the lock file) and use the same pin in CI"})
	}
	return out
}

func pinFix(local Value, at Loc) string {
	if parseVersion(local.Value).Exact {
		return fmt.Sprintf("pin Schemathesis %s (as %s does) at %s", local.Value, local.Loc, at)
	}
	return fmt.Sprintf("pin an exact Schemathesis version at %s", at)
}

// compareSettings says which result-changing settings differ between the two sides.
func compareSettings(ci, local *Invocation) []Finding {
	var out []Finding
	for _, k := range []string{"checks", "mode", "phases", "headers", "base-url", "max-examples", "seed", "workers"} {
		cv, cok := ci.Settings[k]
		lv, lok := local.Settings[k]
		if !cok && !lok || strings.Contains(cv.Value, "$") || strings.Contains(lv.Value, "$") {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(cv.Value), strings.TrimSpace(lv.Value)) {
			continue
		}
		sev := SevError
		if softSettings[k] {
			sev = SevWarning
		}
		ciAt, localAt := ci.Loc, local.Loc
		if cok {
			ciAt = cv.Loc
		}
		if lok {
			localAt = lv.Loc
		}
		out = append(out, Finding{ID: IDSettingDiffers, Severity: sev, Setting: k, Loc: ciAt, Other: &localAt,
			Message: fmt.Sprintf("%s: CI uses %s (%s), local (%s) uses %s (%s)", k, settingText(k, cv.Value, cok), ciAt, local.Name, settingText(k, lv.Value, lok), localAt),
			Fix:     fmt.Sprintf("use the same %s on both sides, or set it once in schemathesis.toml", settingNames[k])})
	}
	return out
}

func settingText(k, v string, set bool) string {
	switch {
	case !set:
		return "the default"
	case k == "headers":
		return "headers " + v
	}
	return fmt.Sprintf("%q", v)
}
