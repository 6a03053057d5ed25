package doctor

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// mapGet returns the value of key in a YAML mapping, or nil; aliases are followed, and a key
// the mapping lacks is looked up in its merge keys (<<: *defaults).
func mapGet(n *yaml.Node, key string) *yaml.Node {
	return mapGetDepth(n, key, 0)
}

func mapGetDepth(n *yaml.Node, key string, depth int) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && depth < 8 {
		n, depth = n.Alias, depth+1
	}
	if n == nil || n.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil && depth < 8 {
				v, depth = v.Alias, depth+1
			}
			return v
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "<<" {
			continue
		}
		merges := []*yaml.Node{n.Content[i+1]}
		if m := n.Content[i+1]; m.Kind == yaml.SequenceNode {
			merges = m.Content
		}
		for _, m := range merges {
			if v := mapGetDepth(m, key, depth+1); v != nil {
				return v
			}
		}
	}
	return nil
}

// mapKey returns the key node of key in a YAML mapping, or nil.
func mapKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

// scalar is a scalar node's value, or "".
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// envOf reads an env: (or GitLab variables:) mapping.
func envOf(n *yaml.Node, file string) map[string]Value {
	env := map[string]Value{}
	if n == nil || n.Kind != yaml.MappingNode {
		return env
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		value := v.Value
		if v.Kind == yaml.MappingNode { // GitLab: NAME: {value: ..., description: ...}
			value = scalar(mapGet(v, "value"))
		}
		env[k.Value] = Value{Value: value, Loc: Loc{file, k.Line}}
	}
	return env
}

func merged(a, b map[string]Value) map[string]Value {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]Value{}
	}
	maps.Copy(out, b)
	return out
}

// scriptStart is the line of a run: script's first line: the line after a block scalar's indicator.
func scriptStart(n *yaml.Node) int {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1
	}
	return n.Line
}

// yamlLineRe finds the line in a YAML syntax error.
var yamlLineRe = regexp.MustCompile(`\bline (\d+):`)

// parseYAML reads a YAML file into its document's root node.
func (r *repo) parseYAML(file string, src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		at := Loc{File: file}
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			at.Line, _ = strconv.Atoi(m[1])
		}
		r.unreadable(at, err)
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return doc.Content[0]
}

// workflow reads the invocations of a GitHub Actions workflow.
func (r *repo) workflow(file string) []*Invocation {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	root := r.parseYAML(file, src)
	if root == nil {
		return nil
	}
	wfEnv := envOf(mapGet(root, "env"), file)
	jobs := mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil
	}
	var out []*Invocation
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		jobName, job := jobs.Content[i].Value, jobs.Content[i+1]
		env := merged(wfEnv, envOf(mapGet(job, "env"), file))
		sc := scope{Side: SideCI, File: file, Version: r.localPin()}
		if c := mapGet(job, "container"); c != nil {
			image := scalar(c)
			if c.Kind == yaml.MappingNode {
				image = scalar(mapGet(c, "image"))
				env = merged(env, envOf(mapGet(c, "env"), file))
			}
			if l, ok := (&launch{}).docker([]string{image}); ok {
				sc.Version = Value{Value: l.Version, Loc: Loc{file, c.Line}}
			}
		}
		dir := scalar(mapGet(mapGet(mapGet(job, "defaults"), "run"), "working-directory"))
		steps := mapGet(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for n, step := range steps.Content {
			stepName := scalar(mapGet(step, "name"))
			label := fmt.Sprintf("job %s, step %d", jobName, n+1)
			if stepName != "" {
				label = fmt.Sprintf("job %s, step %q", jobName, stepName)
			}
			ssc := sc.with(merged(env, envOf(mapGet(step, "env"), file)))
			ssc.Name = label
			ssc.EnvAt = Loc{file, step.Line}
			if k := mapKey(step, "env"); k != nil {
				ssc.EnvAt = Loc{file, k.Line}
			}
			ssc.Dir = path.Clean(path.Join(dir, scalar(mapGet(step, "working-directory"))))
			if uses := scalar(mapGet(step, "uses")); strings.HasPrefix(uses, "schemathesis/action@") {
				out = append(out, r.action(ssc, step, uses))
				continue
			}
			run := mapGet(step, "run")
			if run == nil {
				continue
			}
			invs, after := r.scanScript(ssc, run.Value, scriptStart(run))
			out = append(out, invs...)
			sc.Version = after.Version // an install in one step serves the next
			env = merged(env, after.Later)
		}
	}
	return out
}

// action reads a `uses: schemathesis/action@vX` step: its inputs, with the action's defaults
// (checks all, max-examples 100, the newest Schemathesis).
func (r *repo) action(sc scope, step *yaml.Node, uses string) *Invocation {
	with := mapGet(step, "with")
	at := Loc{sc.File, step.Line}
	inv := &Invocation{Side: SideCI, Name: sc.Name, Kind: "action", Loc: at, Env: sc.Env, Dir: sc.Dir, envAt: sc.EnvAt,
		Version:  Value{Value: "latest", Loc: at},
		Settings: map[string]Value{"checks": {Value: "all", Loc: at}, "max-examples": {Value: "100", Loc: at}}}
	input := func(name string) (string, Loc, bool) {
		v := mapGet(with, name)
		if v == nil {
			return "", Loc{}, false
		}
		return v.Value, Loc{sc.File, v.Line}, true
	}
	if v, l, ok := input("version"); ok {
		inv.Version = Value{Value: strings.TrimPrefix(v, "v"), Loc: l}
	}
	if v, l, ok := input("checks"); ok {
		inv.Settings["checks"] = Value{Value: normalList(strings.Split(v, ",")), Loc: l}
	}
	if v, l, ok := input("max-examples"); ok {
		inv.Settings["max-examples"] = Value{Value: v, Loc: l}
	}
	if v, l, ok := input("base-url"); ok {
		inv.Settings["base-url"] = Value{Value: v, Loc: l}
	}
	if v, l, ok := input("args"); ok {
		p := parseArgs(append([]string{"run"}, strings.Fields(v)...))
		for k, s := range p.Settings {
			inv.Settings[k] = Value{Value: s, Loc: l}
		}
		if p.ConfigFile != "" {
			inv.ConfigFile = p.ConfigFile
		}
	}
	return inv
}

// gitlab reads the invocations of a .gitlab-ci.yml: global and job variables, image, script.
func (r *repo) gitlab(file string) []*Invocation {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	root := r.parseYAML(file, src)
	if root == nil {
		return nil
	}
	global := envOf(mapGet(root, "variables"), file)
	var out []*Invocation
	for i := 0; i+1 < len(root.Content); i += 2 {
		name, job := root.Content[i].Value, root.Content[i+1]
		if job.Kind != yaml.MappingNode || strings.HasPrefix(name, ".") {
			continue
		}
		get := func(key string) *yaml.Node { return gitlabField(root, job, key, 0) }
		if get("script") == nil {
			continue
		}
		sc := scope{Side: SideCI, File: file, Name: "job " + name, Version: r.localPin(), Dir: "."}
		sc = sc.with(merged(global, gitlabVariables(root, job, file, 0)))
		sc.EnvAt = Loc{file, job.Line}
		if k := mapKey(job, "variables"); k != nil {
			sc.EnvAt = Loc{file, k.Line}
		}
		image := get("image")
		if image != nil && image.Kind == yaml.MappingNode {
			image = mapGet(image, "name")
		}
		if img := scalar(image); img != "" {
			if l, ok := (&launch{}).docker([]string{img}); ok {
				sc.Version = Value{Value: l.Version, Loc: Loc{file, image.Line}}
			}
		}
		for _, part := range []string{"before_script", "script"} {
			n := get(part)
			if n == nil {
				continue
			}
			items := []*yaml.Node{n}
			if n.Kind == yaml.SequenceNode {
				items = n.Content
			}
			for _, it := range items {
				if it.Kind != yaml.ScalarNode {
					continue
				}
				invs, after := r.scanScript(sc, it.Value, scriptStart(it))
				out = append(out, invs...)
				sc = after
			}
		}
	}
	return out
}

// extendsOf lists the templates a GitLab job extends.
func extendsOf(root, job *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	e := mapGet(job, "extends")
	names := []*yaml.Node{e}
	if e != nil && e.Kind == yaml.SequenceNode {
		names = e.Content
	}
	for _, n := range names {
		if t := mapGet(root, scalar(n)); scalar(n) != "" && t != nil {
			out = append(out, t)
		}
	}
	return out
}

// gitlabField is a job's key, or the one it inherits through extends: (the last template wins).
func gitlabField(root, job *yaml.Node, key string, depth int) *yaml.Node {
	if v := mapGet(job, key); v != nil || depth > 4 {
		return v
	}
	ext := extendsOf(root, job)
	for i := len(ext) - 1; i >= 0; i-- {
		if v := gitlabField(root, ext[i], key, depth+1); v != nil {
			return v
		}
	}
	return nil
}

// gitlabVariables are a job's variables merged over those of the templates it extends.
func gitlabVariables(root, job *yaml.Node, file string, depth int) map[string]Value {
	env := map[string]Value{}
	if depth <= 4 {
		for _, t := range extendsOf(root, job) {
			maps.Copy(env, gitlabVariables(root, t, file, depth+1))
		}
	}
	maps.Copy(env, envOf(mapGet(job, "variables"), file))
	return env
}
