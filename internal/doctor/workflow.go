package doctor

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// workflow reads the invocations of a GitHub Actions workflow.
func (r *repo) workflow(file string) []*Invocation {
	root := r.readYAML(file)
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
