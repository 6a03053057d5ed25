package doctor

import (
	"maps"
	"path"
	"regexp"
	"strings"
	"sync"
)

// scope is what a script runs with: its side, a name for messages, the environment and the
// Schemathesis version installed so far, and where an env entry would be added.
type scope struct {
	Side    string
	Name    string
	File    string
	Env     map[string]Value
	Vars    map[string]Value // shell variables the script sets without exporting them
	Version Value
	Dir     string
	EnvAt   Loc
	// Later is what a GitHub Actions step appends to $GITHUB_ENV: the environment of the steps after it.
	Later map[string]Value
	depth int // nesting of scripts run from scripts
}

func (s scope) with(env map[string]Value) scope {
	s.Env = maps.Clone(s.Env)
	if s.Env == nil {
		s.Env = map[string]Value{}
	}
	maps.Copy(s.Env, env)
	s.Vars = maps.Clone(s.Vars)
	if s.Vars == nil {
		s.Vars = map[string]Value{}
	}
	return s
}

// lookup is a variable's value as the script sees it: its own variables, then the environment.
func (s scope) lookup(name string) (string, bool) {
	if v, ok := s.Vars[name]; ok {
		return v.Value, true
	}
	v, ok := s.Env[name]
	return v.Value, ok
}

// expandRe finds $NAME, ${NAME}, ${NAME:-default} and ${NAME-default}.
var expandRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\})`)
})

// expand replaces the variables of a word the scope knows, and ${NAME:-default} of those it
// does not know with the default; the others stay as written.
func (s scope) expand(w string) string {
	if strings.IndexByte(w, '$') < 0 {
		return w
	}
	return expandRe().ReplaceAllStringFunc(w, func(m string) string {
		sm := expandRe().FindStringSubmatch(m)
		name := sm[1] + sm[2]
		v, ok := s.lookup(name)
		switch {
		case ok && (v != "" || sm[3] != ":-"):
			return v
		case sm[3] != "":
			return s.expand(sm[4])
		}
		return m
	})
}

// scanScript reads a shell script (text whose first line is line first) in scope sc and returns
// the Schemathesis invocations in it; sc's environment, directory and version follow the
// script's exports, cd and installs, and are returned for the steps that follow.
func (r *repo) scanScript(sc scope, text string, first int) ([]*Invocation, scope) {
	sc = sc.with(nil)
	var out []*Invocation
	for _, c := range shellCommands(text, first) {
		w := make([]string, len(c.Words))
		for i, word := range c.Words {
			w[i] = sc.expand(word)
		}
		at := Loc{sc.File, c.Line}
		switch {
		case w[0] == "export" || w[0] == "declare" && len(w) > 1 && w[1] == "-x":
			for _, a := range w[1:] {
				if name, value, ok := assignment(a); ok {
					sc.Env[name] = Value{Value: value, Loc: at}
					delete(sc.Vars, name)
				} else if v, ok := sc.Vars[a]; ok {
					sc.Env[a] = v
					delete(sc.Vars, a)
				}
			}
			continue
		case w[0] == "unset":
			for _, a := range w[1:] {
				delete(sc.Env, a)
				delete(sc.Vars, a)
			}
			continue
		case w[0] == "cd" && len(w) > 1:
			sc.Dir = path.Clean(path.Join(sc.Dir, w[1]))
			continue
		}
		if name, value, ok := githubEnvWrite(w); ok {
			if sc.Later == nil {
				sc.Later = map[string]Value{}
			}
			sc.Later[name] = Value{Value: value, Loc: at}
			continue
		}
		if allAssignments(w) {
			for _, a := range w {
				name, value, _ := assignment(a)
				if _, exported := sc.Env[name]; exported {
					sc.Env[name] = Value{Value: value, Loc: at}
				} else {
					sc.Vars[name] = Value{Value: value, Loc: at}
				}
			}
			continue
		}
		if v, file, ok := installPin(w); ok {
			if v != "" {
				sc.Version = Value{Value: v, Loc: at}
			} else if p, ok := r.pinFrom(path.Join(sc.Dir, file)); ok {
				sc.Version = Value{Value: p.Version, Loc: p.Loc}
			}
			continue
		}
		if l, ok := parseLaunch(w); ok {
			if inv := r.invocation(sc, l, at); inv != nil {
				out = append(out, inv)
			}
			continue
		}
		if sc.depth < 3 {
			out = append(out, r.nested(sc, w, at)...)
		}
	}
	return out, sc
}

// githubEnvWrite reads `echo "NAME=value" >> "$GITHUB_ENV"`, which sets NAME for the steps after.
func githubEnvWrite(w []string) (name, value string, ok bool) {
	if len(w) < 3 || w[0] != "echo" && w[0] != "printf" {
		return "", "", false
	}
	last := w[len(w)-1]
	redirect := w[len(w)-2]
	if strings.HasPrefix(last, ">>") {
		redirect, last = ">>", last[2:]
	}
	if redirect != ">>" || !strings.Contains(last, "GITHUB_ENV") {
		return "", "", false
	}
	return assignment(strings.TrimSuffix(w[1], `\n`))
}

func allAssignments(w []string) bool {
	for _, a := range w {
		if _, _, ok := assignment(a); !ok {
			return false
		}
	}
	return len(w) > 0
}

// nested follows a command into a script of the repository it runs — make TARGET, npm run NAME,
// ./script.sh, bash script.sh — and returns its invocations, in the caller's scope.
func (r *repo) nested(sc scope, w []string, at Loc) []*Invocation {
	inline := map[string]Value{}
	for len(w) > 0 {
		name, value, ok := assignment(w[0])
		if !ok {
			break
		}
		inline[name] = Value{Value: value, Loc: at}
		w = w[1:]
	}
	if len(w) == 0 {
		return nil
	}
	sc = sc.with(inline)
	sc.depth++
	prog := path.Base(w[0])
	switch {
	case prog == "make" && len(w) > 1:
		targets := []string{}
		for _, a := range w[1:] {
			if name, value, ok := assignment(a); ok {
				sc.Env[name] = Value{Value: value, Loc: at}
			} else if !strings.HasPrefix(a, "-") {
				targets = append(targets, a)
			}
		}
		var out []*Invocation
		for _, t := range targets {
			out = append(out, r.makeTarget(sc, t)...)
		}
		return out
	case (prog == "npm" || prog == "pnpm" || prog == "yarn") && len(w) > 2 && w[1] == "run":
		return r.packageScript(sc, w[2])
	case (prog == "bash" || prog == "sh") && len(w) > 1 && strings.HasSuffix(w[1], ".sh"):
		return r.shellFile(sc, path.Join(sc.Dir, w[1]))
	case strings.HasSuffix(w[0], ".sh"):
		return r.shellFile(sc, path.Join(sc.Dir, w[0]))
	}
	return nil
}

// invocation builds an Invocation from a launch found at a line.
func (r *repo) invocation(sc scope, l *launch, at Loc) *Invocation {
	args := parseArgs(l.Args)
	if !args.Run {
		return nil // `st --version`, `schemathesis --help`
	}
	inv := &Invocation{Side: sc.Side, Name: sc.Name, Kind: "command", Loc: at, Version: sc.Version,
		Env: maps.Clone(sc.Env), Settings: map[string]Value{}, Dir: sc.Dir, envAt: sc.EnvAt, ConfigFile: args.ConfigFile}
	if inv.Env == nil {
		inv.Env = map[string]Value{}
	}
	for name, value := range l.Env {
		inv.Env[name] = Value{Value: value, Loc: at}
	}
	if l.Version != "" {
		inv.Version = Value{Value: l.Version, Loc: at}
	}
	if l.Docker {
		inv.Kind = "docker"
		inv.outerEnv, inv.Env, inv.passed, inv.mounts = inv.Env, map[string]Value{}, map[string]bool{}, l.Mounts
		for name, value := range l.Passed {
			inv.passed[name] = true
			if l.Bare[name] {
				if v, ok := inv.outerEnv[name]; ok {
					inv.Env[name] = v
				}
				continue
			}
			inv.Env[name] = Value{Value: value, Loc: at}
		}
	}
	for k, v := range args.Settings {
		inv.Settings[k] = Value{Value: v, Loc: at}
	}
	if args.PreRun != "" {
		inv.preRun = &Value{Value: args.PreRun, Loc: at}
	}
	return inv
}
