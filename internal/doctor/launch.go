package doctor

import (
	"path"
	"strings"
)

// launch is a command that starts Schemathesis.
type launch struct {
	Env     map[string]string // NAME=value words before the command
	Version string            // from `uvx schemathesis==X`, `uv run --with schemathesis==X`, a docker image tag
	Docker  bool
	Passed  map[string]string // docker: -e NAME=value ("" value with bare -e NAME: from the outer env)
	Bare    map[string]bool   // docker: -e NAME without a value
	Mounts  int               // docker: -v / --volume / --mount options
	Args    []string          // Schemathesis's own arguments
}

// dockerValueOpts are the `docker run` options that take a separate value.
var dockerValueOpts = map[string]bool{
	"-e": true, "--env": true, "--env-file": true, "-v": true, "--volume": true, "-w": true, "--workdir": true,
	"--network": true, "--net": true, "--name": true, "-p": true, "--publish": true, "-u": true, "--user": true,
	"--entrypoint": true, "--platform": true, "--add-host": true, "--mount": true, "-l": true, "--label": true,
	"-h": true, "--hostname": true, "--pull": true, "-m": true, "--memory": true, "--cpus": true,
}

// parseLaunch recognises Schemathesis started by a command's words: st / schemathesis, through
// uv run, poetry run, uvx, pipx run, python -m, env and docker run schemathesis/schemathesis.
func parseLaunch(words []string) (*launch, bool) {
	l := &launch{Env: map[string]string{}}
	w := words
	prefix := true // NAME=value words count only before the command and after env
	for len(w) > 0 {
		if name, value, ok := assignment(w[0]); ok && prefix {
			l.Env[name] = value
			w = w[1:]
			continue
		}
		switch prog := path.Base(w[0]); {
		case prog == "env" || prog == "exec" || prog == "time" || prog == "command" || prog == "sudo" || prog == "nohup":
			w = w[1:]
		case (prog == "uv" || prog == "poetry" || prog == "pipenv" || prog == "pdm" || prog == "hatch" || prog == "rye") && len(w) > 1 && w[1] == "run",
			prog == "pipx" && len(w) > 1 && w[1] == "run":
			w = l.skipRunnerOpts(w[2:])
			prefix = false
		case prog == "uvx":
			w = l.skipRunnerOpts(w[1:])
			prefix = false
		case strings.HasPrefix(prog, "python") && len(w) > 2 && w[1] == "-m":
			if m := w[2]; m == "schemathesis" || strings.HasPrefix(m, "schemathesis.") {
				l.Args = w[3:]
				return l, true
			}
			return nil, false
		case prog == "docker" && len(w) > 1 && w[1] == "run", prog == "podman" && len(w) > 1 && w[1] == "run":
			return l.docker(w[2:])
		default:
			name, version := splitPin(prog)
			if name == "st" || name == "schemathesis" {
				if version != "" {
					l.Version = version
				}
				l.Args = w[1:]
				return l, true
			}
			return nil, false
		}
	}
	return nil, false
}

// skipRunnerOpts skips the options of uv run / uvx / pipx run, keeping a schemathesis pin they install.
func (l *launch) skipRunnerOpts(w []string) []string {
	for len(w) > 0 && strings.HasPrefix(w[0], "-") {
		opt, val, hasVal := strings.Cut(w[0], "=")
		if opt == "--with" || opt == "--from" || opt == "--spec" {
			if !hasVal && len(w) > 1 {
				val = w[1]
				w = w[1:]
			}
			if name, v := splitPin(val); name == "schemathesis" && v != "" {
				l.Version = v
			}
		} else if !hasVal && (opt == "--python" || opt == "-p" || opt == "--directory" || opt == "--project") && len(w) > 1 {
			w = w[1:]
		}
		w = w[1:]
	}
	return w
}

// docker reads `docker run` options, the image and Schemathesis's arguments after it.
func (l *launch) docker(w []string) (*launch, bool) {
	l.Docker = true
	l.Passed, l.Bare = map[string]string{}, map[string]bool{}
	for len(w) > 0 && strings.HasPrefix(w[0], "-") {
		opt, val, hasVal := strings.Cut(w[0], "=")
		if len(w[0]) > 2 && strings.HasPrefix(w[0], "-e") && !strings.HasPrefix(w[0], "--") {
			opt, val, hasVal = "-e", w[0][2:], true // -eNAME=value
		}
		if dockerValueOpts[opt] && !hasVal && len(w) > 1 {
			val = w[1]
			w = w[1:]
		}
		if opt == "-v" || opt == "--volume" || opt == "--mount" {
			l.Mounts++
		}
		if opt == "-e" || opt == "--env" {
			if name, value, ok := strings.Cut(val, "="); ok {
				l.Passed[name] = value
			} else {
				l.Passed[val] = ""
				l.Bare[val] = true
			}
		}
		w = w[1:]
	}
	if len(w) == 0 || !strings.Contains(w[0], "schemathesis") {
		return nil, false
	}
	image, _, _ := strings.Cut(w[0], "@sha256:") // a digest pins the image; the tag names the version
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		l.Version = strings.TrimPrefix(image[i+1:], "v")
	} else {
		l.Version = "latest"
	}
	l.Args = w[1:]
	return l, true
}

// splitPin splits "schemathesis==3.39.16" (also @, ~=, >=) into the name and the exact version
// ("" when it pins none exactly).
func splitPin(s string) (name, version string) {
	s = strings.TrimSpace(s)
	for _, op := range []string{"===", "==", "@"} {
		if n, v, ok := strings.Cut(s, op); ok {
			n = strings.TrimSpace(n)
			if i := strings.IndexByte(n, '['); i >= 0 {
				n = n[:i] // schemathesis[extra]==X
			}
			return strings.ToLower(n), strings.TrimSpace(v)
		}
	}
	n := s
	if i := strings.IndexAny(n, "<>~=![ ;"); i >= 0 {
		n = n[:i]
	}
	return strings.ToLower(n), ""
}
