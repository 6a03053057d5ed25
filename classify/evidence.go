package classify

import (
	"regexp"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Command is the Schemathesis command line a log shows (a GitHub step's script, a shell echo, a
// cassette's `command:`), with the settings that matter for comparing runs.
type Command struct {
	Line  int               `json:"line,omitempty"`       // where it was found (0 for a cassette header)
	Sub   string            `json:"subcommand,omitempty"` // "fuzz" for `st fuzz`; empty for `st run`
	Text  string            `json:"text"`
	Flags map[string]string `json:"flags,omitempty"` // --name → value ("" for a switch), -c as --checks
	Env   map[string]string `json:"env,omitempty"`   // NAME=value prefixes and GitHub `env:` entries
}

// Evidence is a line that tells whether a hooks module was loaded.
type Evidence struct {
	Kind string `json:"kind"` // banner, hooks-env, pre-run, import-error, custom-check, rule-print
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
}

var (
	commandRe = regexp.MustCompile(`(?:^|[\s;&|(]|^\S*/)(?:st|schemathesis)(?:\.exe)?\s+(?:run|fuzz)\b`)
	// bannerRe recognises what hooks modules typically print at import.
	bannerRe = regexp.MustCompile(`(?i)\bhooks?\b.*\b(loaded|initiali[sz]ed|registered|imported|installed|active|enabled)\b|\b(loaded|registered|imported)\b.*\bhooks?\b`)
	envRe    = regexp.MustCompile(`^\s*(SCHEMATHESIS_[A-Z_]+)\s*[:=]\s*(.*)$`)
)

// scanPreamble finds the command line, environment and hooks evidence in the text printed before
// the session header; first is the line number of its first line.
func (r *Run) scanPreamble(text string, first int) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		n := first + i
		trimmed := strings.TrimSpace(l)
		if m := envRe.FindStringSubmatch(l); m != nil && !strings.Contains(l, " run ") {
			r.setEnv(m[1], strings.Trim(strings.TrimSpace(m[2]), `"'`), n)
			continue
		}
		if commandRe.MatchString(l) && r.Command == nil {
			cmd := trimmed
			for strings.HasSuffix(cmd, "\\") && i+1 < len(lines) { // shell continuation lines
				i++
				cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[i])
			}
			r.Command = parseCommand(cmd, n)
			for k, v := range r.Command.Env {
				r.setEnv(k, v, n)
			}
			if r.Command.Sub == "fuzz" && r.Kind == "" {
				r.runKind(&parser.RunKind{Kind: "fuzz"}) // `st fuzz` prints the same banner as `st run`
			}
			continue
		}
		if strings.Contains(l, "--pre-run") && strings.Contains(l, "deprecated") {
			r.Evidence = append(r.Evidence, Evidence{Kind: "pre-run", Line: n, Text: trimmed})
			continue
		}
		if bannerRe.MatchString(l) {
			r.Evidence = append(r.Evidence, Evidence{Kind: "banner", Line: n, Text: trimmed})
		}
	}
}

func (r *Run) setEnv(k, v string, line int) {
	if r.Env == nil {
		r.Env = map[string]string{}
	}
	r.Env[k] = v
	if k == "SCHEMATHESIS_HOOKS" {
		r.Evidence = append(r.Evidence, Evidence{Kind: "hooks-env", Line: line, Text: k + "=" + v})
	}
}

// parseCommand splits a shell command line into its flags and environment prefixes.
func parseCommand(text string, line int) *Command {
	c := &Command{Line: line, Text: text, Flags: map[string]string{}, Env: map[string]string{}}
	words := shellWords(text)
	run := -1
	for i, w := range words {
		if (strings.HasSuffix(w, "st") || strings.HasSuffix(w, "schemathesis") || strings.HasSuffix(w, "schemathesis.exe")) &&
			i+1 < len(words) && (words[i+1] == "run" || words[i+1] == "fuzz") {
			run = i + 1
			if words[i+1] == "fuzz" {
				c.Sub = "fuzz"
			}
			break
		}
		if k, v, ok := strings.Cut(w, "="); ok && strings.HasPrefix(k, "SCHEMATHESIS_") {
			c.Env[k] = v
		}
	}
	short := map[string]string{"-c": "--checks", "-w": "--workers", "-n": "--max-examples", "-H": "--header", "-u": "--url", "-b": "--base-url"}
	for i := run + 1; run >= 0 && i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") {
			if _, ok := c.Flags["schema"]; !ok {
				c.Flags["schema"] = w
			}
			continue
		}
		name, value, hasValue := strings.Cut(w, "=")
		if long, ok := short[name]; ok {
			name = long
		}
		if !hasValue && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") && !isSwitch(name) {
			value = words[i+1]
			i++
		}
		if old, ok := c.Flags[name]; ok && old != "" {
			value = old + "," + value // repeated flags such as -c or -H
		}
		c.Flags[name] = value
	}
	return c
}

// isSwitch reports whether a Schemathesis flag takes no value.
func isSwitch(name string) bool {
	switch name {
	case "--hypothesis-derandomize", "--generation-deterministic", "--show-errors-tracebacks", "--show-trace",
		"--no-color", "--force-color", "--dry-run", "--exitfirst", "-x", "--validate-schema", "--stateful-recursion-limit",
		"--experimental-no-failfast", "--contrib-unique-data", "--contrib-openapi-formats-uuid", "--skip-deprecated-operations",
		"--cassette-preserve-exact-body-bytes", "--no-report", "-v", "--verbosity":
		return true
	}
	return false
}

// shellWords splits a command line on blanks, honouring single and double quotes.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	var q byte
	has := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			q, has = c, true
		case c == ' ' || c == '\t':
			if has || cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteByte(c)
		}
	}
	if has || cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

// builtinChecks are the checks Schemathesis ships; any other check name came from a hooks module.
var builtinChecks = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range parser.BuiltinChecks {
		m[c] = true
	}
	return m
}()

// customCheckEvidence notes checks that only a loaded hooks module can have registered.
func (r *Run) customCheckEvidence() {
	seen := map[string]bool{}
	for _, ct := range r.Summary.CheckTotals {
		if !builtinChecks[ct.Name] && !seen[ct.Name] {
			seen[ct.Name] = true
			r.Evidence = append(r.Evidence, Evidence{Kind: "custom-check", Line: ct.Line, Text: "Performed checks lists " + ct.Name})
		}
	}
	for _, g := range r.Groups {
		if g.Check != "" && !builtinChecks[g.Check] && !seen[g.Check] {
			seen[g.Check] = true
			r.Evidence = append(r.Evidence, Evidence{Kind: "custom-check", Line: g.First.Line, Text: g.Title})
		}
	}
}

// fatalEvidence records a hooks import failure.
func (r *Run) fatalEvidence(e *parser.ErrorBlock) {
	if strings.Contains(e.Title, "Unable to load Schemathesis extension hooks") {
		first, _, _ := strings.Cut(e.Message, "\n")
		r.Evidence = append(r.Evidence, Evidence{Kind: "import-error", Line: e.Line, Text: strings.TrimSpace(first)})
	}
}
