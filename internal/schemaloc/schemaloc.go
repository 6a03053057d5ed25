// Package schemaloc finds where an operation is defined in an OpenAPI document: the line of its
// path item's key, of the method under it and of a response's schema, so that an annotation can
// sit on the line to fix. A Locator reads the document once and records the line of every
// mapping key by the path of keys that leads to it; YAML through yaml.Node's lines, JSON through
// a token scan.
package schemaloc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds the keys recorded: paths → path → method → responses → status → content →
// media type → schema is 8 deep; a few more leave room for components.
const maxDepth = 10

// Locator holds the line of every mapping key of a document, up to maxDepth keys deep.
type Locator struct {
	lines map[string]int      // joined key path → 1-based line of its key
	keys  map[string][]string // joined key path of a mapping → its keys in document order
	refs  map[string]string   // joined key path of a mapping → the value of its $ref
}

// sep joins key paths; no YAML or JSON key that matters here holds a NUL byte.
const sep = "\x00"

func join(keys []string) string { return strings.Join(keys, sep) }

// Parse reads an OpenAPI (or Swagger 2) document, JSON or YAML.
func Parse(data []byte) (*Locator, error) {
	l := &Locator{lines: map[string]int{}, keys: map[string][]string{}, refs: map[string]string{}}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if err := l.scanJSON(data); err == nil {
			return l, nil
		}
		// Not JSON after all (a YAML flow mapping, say): read it as YAML.
		*l = Locator{lines: map[string]int{}, keys: map[string][]string{}, refs: map[string]string{}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("reading the schema: not a mapping")
	}
	l.walkYAML(doc.Content[0], nil)
	return l, nil
}

func (l *Locator) walkYAML(n *yaml.Node, path []string) {
	if len(path) >= maxDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		parent := join(path)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			l.record(parent, path, k.Value, k.Line)
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
				l.refs[parent] = v.Value
			}
			l.walkYAML(v, append(slices.Clip(path), k.Value))
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			l.walkYAML(v, append(slices.Clip(path), strconv.Itoa(i)))
		}
	}
}

func (l *Locator) record(parent string, path []string, key string, line int) {
	full := join(append(slices.Clip(path), key))
	if _, dup := l.lines[full]; dup {
		return
	}
	l.lines[full] = line
	l.keys[parent] = append(l.keys[parent], key)
}

// scanJSON records the keys of a JSON document with the lines they are on.
func (l *Locator) scanJSON(data []byte) error {
	var nl []int64 // offsets of the newlines
	for i, c := range data {
		if c == '\n' {
			nl = append(nl, int64(i))
		}
	}
	lineAt := func(off int64) int {
		i, _ := slices.BinarySearch(nl, off)
		return i + 1
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var value func(path []string) error
	value = func(path []string) error {
		if len(path) >= maxDepth {
			var skip json.RawMessage
			return dec.Decode(&skip)
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			parent := join(path)
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				// The offset is just past the key, on the key's line: a JSON string holds no newline.
				l.record(parent, path, k, lineAt(dec.InputOffset()-1))
				if k == "$ref" && dec.More() {
					var ref any
					if err := dec.Decode(&ref); err != nil {
						return err
					}
					if s, ok := ref.(string); ok {
						l.refs[parent] = s
					}
					continue
				}
				if err := value(append(slices.Clip(path), k)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := value(append(slices.Clip(path), strconv.Itoa(i))); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := value(nil); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}

// Line is the line of the key at the end of keys ("paths", "/users/{id}", "get"), or 0 when the
// document has no such key.
func (l *Locator) Line(keys ...string) int {
	return l.lines[join(keys)]
}

// Operation returns the key path ("paths", path, method) of an operation label such as
// `GET /users/{id}`, or nil when the document does not define it. A label may carry a base path
// the document's paths leave out (Schemathesis 3.x prints it): the longest path the label ends
// with is the one.
func (l *Locator) Operation(label string) []string {
	method, path, ok := strings.Cut(strings.TrimSpace(label), " ")
	if !ok {
		return nil
	}
	method = strings.ToLower(method)
	best := ""
	for _, k := range l.keys[join([]string{"paths"})] {
		if !strings.HasPrefix(k, "/") || l.Line("paths", k, method) == 0 {
			continue
		}
		if k == path {
			best = k
			break
		}
		if strings.HasSuffix(path, k) && len(k) > len(best) && k != "/" {
			best = k
		}
	}
	if best == "" {
		return nil
	}
	return []string{"paths", best, method}
}

// Checks whose failures Place puts somewhere else than on the operation's method.
const (
	checkSchema = "response_schema_conformance" // on the response's schema
	checkStatus = "status_code_conformance"     // on the operation's responses: the status is not among them
)

// Place is the line an annotation of a failure of check with the response status (0 when
// unknown) of an operation belongs on: a schema violation on the schema of the response for the
// status, when the document has one; an undocumented status on the operation's responses;
// anything else on the method's key. It is 0 when the document does not define the operation.
func (l *Locator) Place(operation, check string, status int) int {
	op := l.Operation(operation)
	if op == nil {
		return 0
	}
	switch check {
	case checkSchema:
		if n := l.responseSchema(op, status); n > 0 {
			return n
		}
	case checkStatus:
		if n := l.Line(append(op, "responses")...); n > 0 {
			return n
		}
	}
	return l.Line(op...)
}

// responseSchema is the line of the schema of op's response for status: responses → status (or
// its range, 2XX, or default) → content → the first media type with a schema → schema (Swagger
// 2: responses → status → schema), following a $ref to a response defined elsewhere in the
// document; the status's own line when it has no schema; 0 without a response for status.
func (l *Locator) responseSchema(op []string, status int) int {
	if status == 0 {
		return 0
	}
	responses := append(slices.Clip(op), "responses")
	s := strconv.Itoa(status)
	var resp []string
	for _, code := range []string{s, s[:1] + "XX", s[:1] + "xx", "default"} {
		if l.Line(append(responses, code)...) > 0 {
			resp = append(slices.Clip(responses), code)
			break
		}
	}
	if resp == nil {
		return 0
	}
	target := resp
	if ref, ok := l.refs[join(resp)]; ok {
		if p := pointer(ref); p != nil && l.keys[join(p)] != nil {
			target = p
		}
	}
	if n := l.Line(append(target, "schema")...); n > 0 {
		return n
	}
	content := append(slices.Clip(target), "content")
	for _, mt := range l.keys[join(content)] {
		if n := l.Line(append(content, mt, "schema")...); n > 0 {
			return n
		}
	}
	return l.Line(resp...)
}

// pointer turns a local reference ("#/components/responses/NotFound") into a key path, or nil.
func pointer(ref string) []string {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return parts
}
