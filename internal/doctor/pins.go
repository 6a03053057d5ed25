package doctor

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

// pin is a Schemathesis version a file installs.
type pin struct {
	Version string // exact version, or the constraint as written when not exact
	Exact   bool
	Loc
}

var (
	tomlDepRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`["']\s*(schemathesis(?:\[[^\]]*\])?\s*[=<>~!][^"']*)["']`)
	})
	poetryDepRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*schemathesis\s*=\s*(?:"([^"]*)"|\{[^}]*version\s*=\s*"([^"]*)")`)
	})
	lockNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*name\s*=\s*"schemathesis"\s*$`) })
	lockVerRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*version\s*=\s*"([^"]+)"`) })
)

// requirementsPin reads a requirements file's schemathesis line.
func requirementsPin(file string, src []byte) (pin, bool) {
	for i, line := range strings.Split(string(src), "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		name, version := splitPin(line)
		if name != "schemathesis" {
			continue
		}
		if version != "" {
			return pin{Version: version, Exact: true, Loc: Loc{file, i + 1}}, true
		}
		return pin{Version: strings.TrimSpace(strings.TrimPrefix(strings.ToLower(line), "schemathesis")), Loc: Loc{file, i + 1}}, true
	}
	return pin{}, false
}

// pyprojectPin reads schemathesis from a pyproject.toml (PEP 621 dependencies or Poetry).
func pyprojectPin(file string, src []byte) (pin, bool) {
	for i, line := range strings.Split(string(src), "\n") {
		if m := tomlDepRe().FindStringSubmatch(line); m != nil {
			_, version := splitPin(m[1])
			if version != "" {
				return pin{Version: version, Exact: true, Loc: Loc{file, i + 1}}, true
			}
			return pin{Version: strings.TrimSpace(m[1][len("schemathesis"):]), Loc: Loc{file, i + 1}}, true
		}
		if m := poetryDepRe().FindStringSubmatch(line); m != nil {
			v := m[1] + m[2]
			exact := v != "" && strings.IndexAny(v[:1], "0123456789") == 0 && !strings.ContainsAny(v, "*,<>")
			return pin{Version: strings.TrimPrefix(v, "=="), Exact: exact || strings.HasPrefix(v, "=="), Loc: Loc{file, i + 1}}, true
		}
	}
	return pin{}, false
}

// lockPin reads the schemathesis package of a poetry.lock or uv.lock.
func lockPin(file string, src []byte) (pin, bool) {
	lines := strings.Split(string(src), "\n")
	for i, line := range lines {
		if !lockNameRe().MatchString(line) {
			continue
		}
		for j := i + 1; j < len(lines) && j < i+5; j++ {
			if m := lockVerRe().FindStringSubmatch(lines[j]); m != nil {
				return pin{Version: m[1], Exact: true, Loc: Loc{file, j + 1}}, true
			}
		}
	}
	return pin{}, false
}

// readPin reads a pin from any file that can hold one, by its name.
func readPin(file string, src []byte) (pin, bool) {
	base := path.Base(file)
	switch {
	case base == "uv.lock" || base == "poetry.lock" || base == "pdm.lock":
		return lockPin(file, src)
	case base == "pyproject.toml":
		return pyprojectPin(file, src)
	case strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".in"):
		return requirementsPin(file, src)
	}
	return pin{}, false
}

// installPin reads a command that installs Schemathesis: `pip install schemathesis==X`,
// `pip install -r FILE` (the pin comes from FILE), `uv sync` / `poetry install` (from the lock).
// It returns the pin, or the file to read it from.
func installPin(words []string) (version, file string, ok bool) {
	w := words
	for len(w) > 0 && (path.Base(w[0]) == "python" || path.Base(w[0]) == "python3" || w[0] == "-m" || w[0] == "uv" || w[0] == "sudo") {
		w = w[1:]
	}
	if len(w) == 0 {
		return "", "", false
	}
	switch p := path.Base(w[0]); {
	case (p == "pip" || p == "pip3") && len(w) > 1 && w[1] == "install":
		for i := 2; i < len(w); i++ {
			switch a := w[i]; {
			case a == "-r" || a == "--requirement":
				if i+1 < len(w) {
					file = w[i+1]
					i++
				}
			case strings.HasPrefix(a, "-r") && len(a) > 2:
				file = a[2:]
			case strings.HasPrefix(a, "-"):
			default:
				if name, v := splitPin(a); name == "schemathesis" {
					if v == "" {
						v = "latest"
					}
					return v, "", true
				}
			}
		}
		return "", file, file != ""
	case p == "sync" || p == "poetry" && len(w) > 1 && w[1] == "install":
		if p == "sync" {
			return "", "uv.lock", true
		}
		return "", "poetry.lock", true
	}
	return "", "", false
}
