package doctor

import (
	"fmt"
	"os"
	"path"
	"strings"
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
