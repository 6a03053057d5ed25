package doctor

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

// tomlKeyRe reads a `key = value` line of schemathesis.toml.
var tomlKeyRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*=\s*(.+?)\s*$`) })

// configSettings maps schemathesis.toml keys (with their table) to the settings doctor compares.
var configSettings = map[string]string{
	"base-url": "base-url", "workers": "workers", "seed": "seed",
	"generation.max-examples": "max-examples", "generation.mode": "mode",
}

// stConfig is what doctor reads of a schemathesis.toml (4.x): its hooks entry and settings.
type stConfig struct {
	File     string
	Hooks    *Value
	Settings map[string]Value
}

// schemathesisConfig finds the schemathesis.toml an invocation reads: --config-file, or the
// first one from its working directory up to the repository root (Schemathesis 4.x stops at the
// directory holding .git).
func (r *repo) schemathesisConfig(inv *Invocation) *stConfig {
	var file string
	if inv.ConfigFile != "" {
		file = path.Clean(path.Join(inv.Dir, inv.ConfigFile))
		if !r.exists(file) {
			return nil
		}
	} else {
		for d := path.Clean(inv.Dir); ; d = path.Dir(d) {
			if f := path.Join(d, "schemathesis.toml"); r.exists(f) {
				file = f
				break
			}
			if d == "." || d == "/" || strings.HasPrefix(d, "..") {
				return nil
			}
		}
	}
	src, _ := r.read(file)
	c := &stConfig{File: file, Settings: map[string]Value{}}
	table := ""
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[] ")
			continue
		}
		m := tomlKeyRe().FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key, value := m[1], m[2]
		if table != "" {
			key = table + "." + key
		}
		if v, _, ok := strings.Cut(value, " #"); ok {
			value = v
		}
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		at := Loc{file, i + 1}
		if key == "hooks" {
			c.Hooks = &Value{Value: value, Loc: at}
		}
		if s, ok := configSettings[key]; ok {
			c.Settings[s] = Value{Value: value, Loc: at}
		}
	}
	return c
}
