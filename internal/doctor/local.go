package doctor

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	makeTargetRe = regexp.MustCompile(`^([A-Za-z0-9_.%/-]+(?:\s+[A-Za-z0-9_.%/-]+)*)\s*:([^=]|$)`)
	makeExportRe = regexp.MustCompile(`^(?:export\s+)([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|\?=|=|::=)\s*(.*)$`)
	makeVarRe    = regexp.MustCompile(`\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]`)
)

// localScope is how a developer runs a script: from the repository root, with the variables of
// .env and the repository's pin.
func (r *repo) localScope(name, file string) scope {
	sc := scope{Side: SideLocal, Name: name, File: file, Env: r.dotenv(), Version: r.localPin(), Dir: "."}
	sc.EnvAt = Loc{File: file}
	return sc
}

// dotenv reads .env, which many setups load into the shell that runs the tests.
func (r *repo) dotenv() map[string]Value {
	env := map[string]Value{}
	src, ok := r.read(".env")
	if !ok {
		return env
	}
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
		if name, value, ok := assignment(line); ok {
			env[name] = Value{Value: strings.Trim(value, `"'`), Loc: Loc{".env", i + 1}}
		}
	}
	return env
}

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
		if m := makeExportRe.FindStringSubmatch(trimmed); m != nil {
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
		if m := makeTargetRe.FindStringSubmatch(trimmed); m != nil {
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
	return makeVarRe.ReplaceAllStringFunc(s, func(m string) string {
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

// packageScripts reads the scripts of package.json with their lines.
func (r *repo) packageScripts(file string) (map[string]recipeLine, []string) {
	src, ok := r.read(file)
	if !ok {
		return nil, nil
	}
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	if err := json.Unmarshal(src, &pkg); err != nil {
		r.unreadable(Loc{File: file}, err)
		return nil, nil
	}
	out := map[string]recipeLine{}
	var names []string
	lines := strings.Split(string(src), "\n")
	for name, cmd := range pkg.Scripts {
		key, _ := json.Marshal(name)
		line := 1
		for i, l := range lines {
			if strings.Contains(l, string(key)+":") || strings.Contains(l, string(key)+" :") {
				line = i + 1
				break
			}
		}
		out[name] = recipeLine{cmd, line}
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return out[a].line - out[b].line })
	return out, names
}

// packageScript scans an npm script in scope sc.
func (r *repo) packageScript(sc scope, name string) []*Invocation {
	file := path.Join(sc.Dir, "package.json")
	scripts, _ := r.packageScripts(file)
	s, ok := scripts[name]
	if !ok {
		return nil
	}
	sc.File, sc.Name = file, via(sc, "npm run "+name)
	invs, _ := r.scanScript(sc, stripCrossEnv(s.text), s.line)
	return invs
}

// stripCrossEnv drops cross-env, which sets variables the way a shell's NAME=value does.
func stripCrossEnv(s string) string {
	for _, p := range []string{"cross-env-shell ", "cross-env "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

// shellFile scans a shell script of the repository in scope sc.
func (r *repo) shellFile(sc scope, file string) []*Invocation {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	sc.File, sc.Name = file, via(sc, "./"+file)
	invs, _ := r.scanScript(sc, string(src), 1)
	return invs
}

// toxEnvs scans the commands of each tox environment.
func (r *repo) tox(file string) []*Invocation {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	var out []*Invocation
	section, key := "", ""
	sc := r.localScope("", file)
	type cmdLine struct {
		text string
		line int
	}
	var cmds []cmdLine
	flush := func() {
		for _, c := range cmds {
			invs, _ := r.scanScript(sc, c.text, c.line)
			out = append(out, invs...)
		}
		cmds = nil
	}
	for i, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") {
			flush()
			section, key = strings.Trim(trimmed, "[]"), ""
			sc = r.localScope("tox -e "+strings.TrimPrefix(strings.TrimPrefix(section, "testenv"), ":"), file)
			if section == "testenv" {
				sc.Name = "tox"
			}
			continue
		}
		if !strings.HasPrefix(section, "testenv") || trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		value := trimmed
		if line[0] != ' ' && line[0] != '\t' {
			k, v, ok := strings.Cut(trimmed, "=")
			if !ok {
				continue
			}
			key, value = strings.TrimSpace(k), strings.TrimSpace(v)
			if value == "" {
				continue
			}
		}
		at := Loc{file, i + 1}
		switch key {
		case "setenv", "set_env":
			if k, v, ok := strings.Cut(value, "="); ok {
				sc.Env[strings.TrimSpace(k)] = Value{Value: strings.TrimSpace(v), Loc: at}
			}
			if sc.EnvAt.Line == 0 {
				sc.EnvAt = at
			}
		case "deps":
			if name, v := splitPin(value); name == "schemathesis" {
				sc.Version = Value{Value: v, Loc: at}
				if v == "" {
					sc.Version.Value = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(value), "schemathesis"))
				}
			}
		case "commands":
			cmds = append(cmds, cmdLine{value, i + 1})
		}
	}
	flush()
	return out
}

// localInvocations finds every way a developer starts Schemathesis: Makefile targets, npm
// scripts, tox environments and shell scripts.
func (r *repo) localInvocations() []*Invocation {
	var out []*Invocation
	if mf := r.makefile("Makefile"); mf != nil {
		for _, t := range mf.order {
			out = append(out, r.scanRecipe(r.localScope("", "Makefile"), mf, t)...)
		}
	}
	if scripts, names := r.packageScripts("package.json"); scripts != nil {
		for _, n := range names {
			out = append(out, r.packageScript(r.localScope("", "package.json"), n)...)
		}
	}
	out = append(out, r.tox("tox.ini")...)
	for _, f := range r.shellScripts() {
		out = append(out, r.shellFile(r.localScope("", f), f)...)
	}
	return dedupe(out)
}

// shellScripts lists the *.sh files at the root and one directory down.
func (r *repo) shellScripts() []string {
	var out []string
	for _, dir := range []string{".", "scripts", "bin", "ci", "tests", "tools"} {
		entries, err := os.ReadDir(path.Join(r.root, dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".sh") {
				out = append(out, path.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// dedupe drops invocations found twice at the same line for the same side (a script a Makefile runs).
func dedupe(invs []*Invocation) []*Invocation {
	seen := map[string]bool{}
	var out []*Invocation
	for _, inv := range invs {
		k := fmt.Sprintf("%s|%s|%d", inv.Side, inv.File, inv.Line)
		if !seen[k] {
			seen[k] = true
			out = append(out, inv)
		}
	}
	return out
}
