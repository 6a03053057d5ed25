package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fileNames are the config file names Find looks for, in order of preference.
var fileNames = []string{".ctlog.yaml", ".ctlog.yml"}

// Load reads and validates the config at path (errors name the file and line, e.g. "parse .ctlog.yaml:7: unknown field \"oprations\"").
//
// Every problem found is reported (errors.Join, one per line). Structural problems (YAML
// syntax, unknown or repeated fields, wrong types) read "parse FILE:LINE: ..."; rule problems
// read "FILE:LINE: rule \"name\": ...". An empty file is a valid config with no rules.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, data)
}

// Find walks up from dir to the filesystem root looking for .ctlog.yaml or .ctlog.yml; returns "" when none.
//
// In each directory .ctlog.yaml wins over .ctlog.yml. Errors other than "does not exist"
// (e.g. permission denied) stop the walk and are returned.
func Find(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(d); err != nil {
		return "", err
	} else if !fi.IsDir() {
		return "", fmt.Errorf("find config: %s is not a directory", d)
	}
	for {
		for _, name := range fileNames {
			p := filepath.Join(d, name)
			fi, err := os.Stat(p)
			switch {
			case err == nil && !fi.IsDir():
				return p, nil
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", err
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// parse decodes and validates a config; name is used in error messages.
func parse(name string, data []byte) (*Config, error) {
	cfg := &Config{Path: name}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil // empty file: no rules
		}
		return nil, yamlError(name, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("parse %s:%d: more than one YAML document", name, extra.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, data, err)
	}

	w := &walker{file: name}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return cfg, nil
		}
		root = root.Content[0]
	}
	w.config(root, cfg)
	if len(w.errs) > 0 {
		return nil, errors.Join(w.errs...)
	}
	return cfg, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError rewrites a yaml.v3 syntax error as "parse FILE:LINE: msg".
//
// yaml.v3 gives the line where the enclosing block starts, not where the problem is; the
// problem line is found as the shortest prefix of the file that fails the same way.
func yamlError(name string, data []byte, err error) error {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("parse %s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	line, msg := m[1], m[2]
	if at := problemLine(data, msg); at != "" && at != line {
		return fmt.Errorf("parse %s:%s: %s (in the block at line %s)", name, at, msg, line)
	}
	return fmt.Errorf("parse %s:%s: %s", name, line, msg)
}

func problemLine(data []byte, msg string) string {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > 2000 {
		return ""
	}
	n := 0
	for i := range lines {
		n += len(lines[i])
		var v yaml.Node
		dec := yaml.NewDecoder(bytes.NewReader(data[:n]))
		for {
			err := dec.Decode(&v)
			if err == nil {
				continue
			}
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil && m[2] == msg {
				return strconv.Itoa(i + 1)
			}
			break
		}
	}
	return ""
}

// walker decodes the node tree by hand so that every error carries a line number and unknown
// fields are caught (yaml.v3's Node.Decode has no KnownFields switch).
type walker struct {
	file string
	errs []error
}

func (w *walker) parseErr(n *yaml.Node, format string, args ...any) {
	w.errs = append(w.errs, fmt.Errorf("parse %s:%d: %s", w.file, n.Line, fmt.Sprintf(format, args...)))
}

func (w *walker) ruleErr(n *yaml.Node, rule string, format string, args ...any) {
	w.errs = append(w.errs, fmt.Errorf("%s:%d: %s: %s", w.file, n.Line, rule, fmt.Sprintf(format, args...)))
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	}
	return "something else"
}

// fields checks a mapping's keys against allowed and returns key -> (key node, value node).
// It reports unknown keys (with a suggestion when one is close) and repeated keys.
func (w *walker) fields(n *yaml.Node, what string, allowed ...string) map[string][2]*yaml.Node {
	out := map[string][2]*yaml.Node{}
	if isNull(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		w.parseErr(n, "%s: want a mapping, got %s", what, kindName(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key := k.Value
		known := false
		for _, a := range allowed {
			known = known || a == key
		}
		if !known {
			msg := fmt.Sprintf("unknown field %q in %s", key, what)
			best, bestD := "", 3
			for _, a := range allowed {
				if d := editDistance(strings.ToLower(key), a); d < bestD {
					best, bestD = a, d
				}
			}
			if best != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", best)
			} else {
				msg += fmt.Sprintf(" (known: %s)", strings.Join(allowed, ", "))
			}
			w.parseErr(k, "%s", msg)
			continue
		}
		if prev, dup := out[key]; dup {
			w.parseErr(k, "field %q repeated (first at line %d)", key, prev[0].Line)
			continue
		}
		out[key] = [2]*yaml.Node{k, v}
	}
	return out
}

// str decodes a scalar field; null is "".
func (w *walker) str(n *yaml.Node, what string) string {
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		w.parseErr(n, "%s: want a string, got %s", what, kindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// list decodes a list of scalars (a lone scalar counts as a one-item list; null is empty),
// returning the values and their nodes.
func (w *walker) list(n *yaml.Node, what string) ([]string, []*yaml.Node) {
	if n == nil || isNull(n) {
		return nil, nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var vals []string
	var nodes []*yaml.Node
	for _, it := range items {
		it = deref(it)
		if it.Kind != yaml.ScalarNode {
			w.parseErr(it, "%s: want a list of strings, got %s in it", what, kindName(it))
			continue
		}
		if isNull(it) {
			w.parseErr(it, "%s: empty entry", what)
			continue
		}
		vals = append(vals, strings.TrimSpace(it.Value))
		nodes = append(nodes, it)
	}
	return vals, nodes
}

func (w *walker) config(root *yaml.Node, cfg *Config) {
	f := w.fields(root, "config", "hooks")
	if h, ok := f["hooks"]; ok {
		w.hooks(h[1], &cfg.Hooks)
	}
}

func (w *walker) hooks(n *yaml.Node, h *Hooks) {
	f := w.fields(n, "hooks", "module", "banner", "rules")
	if v, ok := f["module"]; ok {
		h.Module = w.str(v[1], "hooks.module")
		if h.Module != "" {
			if err := checkModule(h.Module); err != nil {
				w.parseErr(v[1], "hooks.module: %v", err)
			}
		}
	}
	if v, ok := f["banner"]; ok {
		h.Banner = w.str(v[1], "hooks.banner")
		if strings.ContainsAny(h.Banner, "\r\n") {
			w.parseErr(v[1], "hooks.banner: want a single line")
		}
	}
	v, ok := f["rules"]
	if !ok || isNull(v[1]) {
		return
	}
	rn := v[1]
	if rn.Kind != yaml.SequenceNode {
		w.parseErr(rn, "hooks.rules: want a list, got %s", kindName(rn))
		return
	}
	for i, item := range rn.Content {
		h.Rules = append(h.Rules, w.rule(deref(item), i+1))
	}
}

func (w *walker) rule(n *yaml.Node, index int) Rule {
	var r Rule
	label := fmt.Sprintf("rule %d", index)
	f := w.fields(n, label, "name", "operations", "checks", "statuses", "prints")
	if n.Kind != yaml.MappingNode {
		return r
	}
	if v, ok := f["name"]; ok {
		r.Name = w.str(v[1], label+".name")
	}
	if r.Name != "" {
		label = fmt.Sprintf("rule %q", r.Name)
	} else {
		w.ruleErr(n, label, "missing name (the hook's function name)")
	}

	var opNodes []*yaml.Node
	nerr := len(w.errs)
	if v, ok := f["operations"]; ok {
		r.Operations, opNodes = w.list(v[1], label+".operations")
	}
	if len(r.Operations) == 0 && len(w.errs) == nerr {
		w.ruleErr(n, label, "no operations (want e.g. operations: [\"GET /api/v1/**/recent/\"])")
	}
	for i, op := range r.Operations {
		if _, err := compileOperation(op); err != nil {
			w.ruleErr(opNodes[i], label, "operation %q: %v", op, err)
		}
	}

	if v, ok := f["checks"]; ok {
		var nodes []*yaml.Node
		r.Checks, nodes = w.list(v[1], label+".checks")
		for i, c := range r.Checks {
			if c == "" {
				w.ruleErr(nodes[i], label, "empty check")
			} else if s := suggestCheck(c); s != "" {
				w.ruleErr(nodes[i], label, "unknown check %q: did you mean %q?", c, s)
			}
		}
	}

	if v, ok := f["statuses"]; ok {
		var nodes []*yaml.Node
		r.Statuses, nodes = w.list(v[1], label+".statuses")
		for i, s := range r.Statuses {
			if _, _, err := parseStatus(s); err != nil {
				w.ruleErr(nodes[i], label, "status %q: %v", s, err)
			}
		}
	}

	if v, ok := f["prints"]; ok {
		r.Prints = w.str(v[1], label+".prints")
		if strings.ContainsAny(r.Prints, "\r\n") {
			w.ruleErr(v[1], label, "prints: want a single line")
		}
	}
	return r
}

// checkModule accepts a dotted Python module name, the form SCHEMATHESIS_HOOKS takes
// (Schemathesis imports it with __import__), and rejects file paths with a suggestion.
func checkModule(m string) error {
	if strings.ContainsAny(m, `/\`) || strings.HasSuffix(m, ".py") {
		s := strings.ReplaceAll(m, `\`, "/")
		s = strings.TrimSuffix(strings.TrimPrefix(s, "./"), ".py")
		s = strings.ReplaceAll(strings.Trim(s, "/"), "/", ".")
		return fmt.Errorf("%q is a file path; SCHEMATHESIS_HOOKS takes a dotted module name: did you mean %q?", m, s)
	}
	for _, part := range strings.Split(m, ".") {
		if !isIdent(part) {
			return fmt.Errorf("%q is not a dotted Python module name", m)
		}
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 127 || i > 0 && c >= '0' && c <= '9'
		if !ok {
			return false
		}
	}
	return true
}
