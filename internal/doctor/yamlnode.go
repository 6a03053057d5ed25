package doctor

import (
	"maps"
	"regexp"
	"strconv"
	"sync"

	"go.yaml.in/yaml/v3"
)

// mapGet returns the value of key in a YAML mapping, or nil; aliases are followed, and a key
// the mapping lacks is looked up in its merge keys (<<: *defaults).
func mapGet(n *yaml.Node, key string) *yaml.Node {
	return mapGetDepth(n, key, 0)
}

func mapGetDepth(n *yaml.Node, key string, depth int) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && depth < 8 {
		n, depth = n.Alias, depth+1
	}
	if n == nil || n.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil && depth < 8 {
				v, depth = v.Alias, depth+1
			}
			return v
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "<<" {
			continue
		}
		merges := []*yaml.Node{n.Content[i+1]}
		if m := n.Content[i+1]; m.Kind == yaml.SequenceNode {
			merges = m.Content
		}
		for _, m := range merges {
			if v := mapGetDepth(m, key, depth+1); v != nil {
				return v
			}
		}
	}
	return nil
}

// mapKey returns the key node of key in a YAML mapping, or nil.
func mapKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

// scalar is a scalar node's value, or "".
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// envOf reads an env: (or GitLab variables:) mapping.
func envOf(n *yaml.Node, file string) map[string]Value {
	env := map[string]Value{}
	if n == nil || n.Kind != yaml.MappingNode {
		return env
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		value := v.Value
		if v.Kind == yaml.MappingNode { // GitLab: NAME: {value: ..., description: ...}
			value = scalar(mapGet(v, "value"))
		}
		env[k.Value] = Value{Value: value, Loc: Loc{file, k.Line}}
	}
	return env
}

func merged(a, b map[string]Value) map[string]Value {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]Value{}
	}
	maps.Copy(out, b)
	return out
}

// scriptStart is the line of a run: script's first line: the line after a block scalar's indicator.
func scriptStart(n *yaml.Node) int {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1
	}
	return n.Line
}

// yamlLineRe finds the line in a YAML syntax error.
var yamlLineRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bline (\d+):`) })

// readYAML reads a YAML file of the checkout into its document's root mapping; nil when it is
// unreadable (reported) or not a mapping.
func (r *repo) readYAML(file string) *yaml.Node {
	src, ok := r.read(file)
	if !ok {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		at := Loc{File: file}
		if m := yamlLineRe().FindStringSubmatch(err.Error()); m != nil {
			at.Line, _ = strconv.Atoi(m[1])
		}
		r.unreadable(at, err)
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return doc.Content[0]
}
