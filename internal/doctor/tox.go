package doctor

import "strings"

// tox scans the commands of each tox environment (its deps pin and setenv).
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
