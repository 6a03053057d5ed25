package doctor

import (
	"slices"
	"strings"
)

// flagSettings maps Schemathesis 3.x and 4.x CLI options to the setting they change.
var flagSettings = map[string]string{
	"--checks": "checks", "-c": "checks",
	"--phases": "phases", "--hypothesis-phases": "phases",
	"--mode": "mode", "-m": "mode", "--generation-mode": "mode", "--data-generation-method": "mode", "-D": "mode",
	"--max-examples": "max-examples", "-n": "max-examples", "--hypothesis-max-examples": "max-examples", "--generation-max-examples": "max-examples",
	"--workers": "workers", "-w": "workers",
	"--hypothesis-seed": "seed", "--generation-seed": "seed", "--seed": "seed",
	"--header": "headers", "-H": "headers",
	"--base-url": "base-url", "-b": "base-url", "--url": "base-url", "-u": "base-url",
}

// valueFlags are other options that take a separate value (so it is not read as the schema).
var valueFlags = map[string]bool{
	"--exclude-checks": true, "--report": true, "--report-dir": true, "--junit-xml": true, "--cassette-path": true,
	"--request-timeout": true, "--max-response-time": true, "--wait-for-schema": true, "--include-path": true,
	"--exclude-path": true, "--include-method": true, "--exclude-method": true, "--include-tag": true,
	"--exclude-tag": true, "--include-operation-id": true, "--exclude-operation-id": true, "-E": true, "-M": true,
	"-T": true, "-O": true, "--auth": true, "-a": true, "--rate-limit": true, "--max-failures": true,
	"--output-truncate": true, "--app": true, "--proxy": true, "--request-cert": true, "--request-cert-key": true,
	"--tls-verify": true, "--suppress-health-check": true, "--generation-database": true, "--hypothesis-database": true,
	"--hypothesis-verbosity": true, "--hypothesis-deadline": true, "--stateful": true, "--experimental": true,
	"--sanitize-output": true, "--code-sample-style": true, "--cassette-format": true, "-v": true, "--verbosity": true,
	"--config-file": true, "--pre-run": true,
}

// parsedArgs are the settings read from Schemathesis's arguments.
type parsedArgs struct {
	Settings   map[string]string
	ConfigFile string
	PreRun     string // 3.x --pre-run MODULE: the hooks module, before SCHEMATHESIS_HOOKS existed
	Run        bool   // the `run` subcommand is there
}

// parseArgs reads Schemathesis's arguments: `[--config-file F] run [OPTIONS] SCHEMA`.
func parseArgs(args []string) parsedArgs {
	p := parsedArgs{Settings: map[string]string{}}
	multi := map[string][]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "run" && !p.Run {
			p.Run = true
			continue
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		opt, val, hasVal := strings.Cut(a, "=")
		setting, known := flagSettings[opt]
		if !known && !valueFlags[opt] {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				break
			}
			i++
			val = args[i]
		}
		switch {
		case opt == "--config-file":
			p.ConfigFile = val
		case opt == "--pre-run":
			p.PreRun = val
		case setting == "headers":
			name, _, _ := strings.Cut(val, ":")
			multi[setting] = append(multi[setting], strings.TrimSpace(name))
		case setting == "checks" || setting == "phases" || setting == "mode":
			multi[setting] = append(multi[setting], strings.Split(val, ",")...)
		case setting != "":
			p.Settings[setting] = val
		}
	}
	for k, vs := range multi {
		p.Settings[k] = normalList(vs)
	}
	return p
}

// normalList sorts a list of names and joins it, so "b,a" and "a, b" compare equal.
func normalList(vs []string) string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ",")
}
