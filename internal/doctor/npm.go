package doctor

import (
	"encoding/json"
	"path"
	"slices"
	"strings"
)

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
