package doctor

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

var (
	makeTargetRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([A-Za-z0-9_.%/-]+(?:\s+[A-Za-z0-9_.%/-]+)*)\s*:([^=]|$)`)
	})
	makeExportRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:export\s+)([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|\?=|=|::=)\s*(.*)$`)
	})
	makeVarRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]`) })
)

// makefile holds the recipes and exports of a Makefile.
type makefile struct {
	file    string
	exports map[string]Value
	recipes map[string][]recipeLine
	order   []string
}

type recipeLine struct {
	text string
	line int
}

func (r *repo) makefile(file string) *makefile {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	mf := &makefile{file: file, exports: map[string]Value{}, recipes: map[string][]recipeLine{}}
	vars := map[string]string{}
	var current []string
	lines := strings.Split(string(src), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "\t") {
			text := strings.TrimLeft(line[1:], "@-+ ")
			start := i + 1
			for strings.HasSuffix(strings.TrimRight(line, " \r"), `\`) && i+1 < len(lines) {
				i++
				line = lines[i]
				text = strings.TrimSuffix(strings.TrimRight(text, " \r"), `\`) + " " + strings.TrimSpace(line)
			}
			text = expandMake(text, vars)
			for _, t := range current {
				mf.recipes[t] = append(mf.recipes[t], recipeLine{text, start})
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if m := makeExportRe().FindStringSubmatch(trimmed); m != nil {
			v := expandMake(strings.TrimSpace(m[2]), vars)
			vars[m[1]] = v
			mf.exports[m[1]] = Value{Value: v, Loc: Loc{file, i + 1}}
			current = nil
			continue
		}
		if name, value, ok := strings.Cut(trimmed, "="); ok && isMakeAssign(name) {
			n := strings.TrimRight(strings.TrimSpace(name), ":?+ ")
			vars[n] = expandMake(strings.TrimSpace(value), vars)
			current = nil
			continue
		}
		if m := makeTargetRe().FindStringSubmatch(trimmed); m != nil {
			current = strings.Fields(m[1])
			for _, t := range current {
				if !slices.Contains(mf.order, t) && !strings.HasPrefix(t, ".") {
					mf.order = append(mf.order, t)
				}
			}
			if _, rest, ok := strings.Cut(trimmed, ";"); ok {
				for _, t := range current {
					mf.recipes[t] = append(mf.recipes[t], recipeLine{expandMake(rest, vars), i + 1})
				}
			}
		}
	}
	return mf
}

// isMakeAssign reports whether the text before a line's first "=" makes it a variable
// assignment (NAME =, NAME :=, NAME ::=, NAME ?=, NAME +=) rather than a rule.
func isMakeAssign(name string) bool {
	n := strings.TrimRight(strings.TrimSpace(name), ":?+")
	return n != "" && !strings.ContainsAny(n, ": \t")
}

// expandMake replaces $(VAR) and ${VAR} with the Makefile's variables it knows.
func expandMake(s string, vars map[string]string) string {
	return makeVarRe().ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := vars[m[2:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// makeTarget scans a Makefile target's recipe in scope sc.
func (r *repo) makeTarget(sc scope, target string) []*Invocation {
	file := path.Join(sc.Dir, "Makefile")
	mf := r.makefile(file)
	if mf == nil {
		return nil
	}
	return r.scanRecipe(sc, mf, target)
}

func (r *repo) scanRecipe(sc scope, mf *makefile, target string) []*Invocation {
	sc = sc.with(nil)
	for k, v := range mf.exports {
		if _, set := sc.Env[k]; !set || sc.Side == SideLocal {
			sc.Env[k] = v
		}
	}
	sc.File, sc.Name = mf.file, via(sc, "make "+target)
	var out []*Invocation
	for _, l := range mf.recipes[target] {
		// each recipe line runs in its own shell
		invs, _ := r.scanScript(sc, l.text, l.line)
		out = append(out, invs...)
	}
	return out
}

// via names a script run from another: "job contract, step 2 → make contract" in CI.
func via(sc scope, name string) string {
	if sc.Side == SideCI && sc.Name != "" {
		return sc.Name + " → " + name
	}
	return name
}
