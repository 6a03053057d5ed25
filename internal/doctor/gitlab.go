package doctor

import (
	"maps"
	"strings"

	"go.yaml.in/yaml/v3"
)

// gitlab reads the invocations of a .gitlab-ci.yml: global and job variables, image, script.
func (r *repo) gitlab(file string) []*Invocation {
	root := r.readYAML(file)
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
