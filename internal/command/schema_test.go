package command

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

// validate checks v against a JSON Schema subset: type, const, enum, required, properties,
// additionalProperties, items, maxItems and $ref to #/$defs. It is stricter than the schema on one
// point: the schemas allow additional properties (readers must ignore fields added within a schema
// version), but ctlog's own output must document each of its fields, so a property that is neither
// in properties nor described by an additionalProperties schema is an error.
func validate(root, schema map[string]any, v any, path string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := filepath.Base(ref)
		return validate(root, root["$defs"].(map[string]any)[name].(map[string]any), v, path)
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if c, ok := schema["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		fail("want const %v, got %v", c, v)
	}
	if e, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
		fail("%v is not one of %v", v, e)
	}
	if t, ok := schema["type"]; ok {
		types := []string{}
		switch t := t.(type) {
		case string:
			types = append(types, t)
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			fail("want type %v, got %T", types, v)
			return errs
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := v[r]; !ok {
				fail("missing required %q", r)
			}
		}
		for k, x := range v {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(root, ps, x, path+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case map[string]any:
				errs = append(errs, validate(root, ap, x, path+"."+k)...)
			default:
				fail("property %q is not in the schema", k)
			}
		}
	case []any:
		if m, ok := schema["maxItems"].(float64); ok && len(v) > int(m) {
			fail("%d items, at most %v", len(v), m)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, validate(root, items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "null":
		return v == nil
	}
	return false
}

func asStrings(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			out = append(out, x.(string))
		}
	}
	return out
}

// TestJSONMatchesSchema checks the JSON output for every shipped log (and the corpus, when present)
// against docs/json-schema.json, so the documented shape stays true.
func TestJSONMatchesSchema(t *testing.T) {
	raw, err := os.ReadFile("../../docs/json-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/logs/*.log")
	if len(files) == 0 {
		t.Fatal("no logs in testdata/logs")
	}
	hookErrors, _ := filepath.Glob("../../testdata/hookerrors/*.log") // hook_errors and the failing verdict
	files = append(files, hookErrors...)
	t.Run("corpus", func(t *testing.T) {
		dir := corpus.Dir(t)
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
		more2, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.txt"))
		checkSchema(t, schema, append(more, more2...))
	})
	checkSchema(t, schema, files)
}

func checkSchema(t *testing.T, schema map[string]any, files []string) {
	for _, f := range files {
		_, out, _ := run(t, "", nil, "summarize", "-o", "json", f)
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range validate(schema, schema, doc, "$") {
			t.Errorf("%s: %s", filepath.Base(f), e)
		}
	}
}

// TestSchemasAllowAdditionalProperties: fields are added within a schema version, so no object in
// docs/json-schema.json or docs/diff-schema.json may forbid properties it does not list: a reader
// validating ctlog's output with them must not break when a field is added.
func TestSchemasAllowAdditionalProperties(t *testing.T) {
	for _, file := range []string{"../../docs/json-schema.json", "../../docs/diff-schema.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var schema any
		if err := json.Unmarshal(raw, &schema); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var walk func(v any, path string)
		walk = func(v any, path string) {
			switch v := v.(type) {
			case map[string]any:
				if ap, ok := v["additionalProperties"].(bool); ok && !ap {
					t.Errorf("%s: %s forbids additional properties", filepath.Base(file), path)
				}
				for k, x := range v {
					walk(x, path+"/"+k)
				}
			case []any:
				for i, x := range v {
					walk(x, fmt.Sprintf("%s/%d", path, i))
				}
			}
		}
		walk(schema, "#")
	}
}

// TestDiffJSONMatchesSchema checks `ctlog diff -o json` against docs/diff-schema.json, as
// TestJSONMatchesSchema checks summarize: for the seed pair of testdata/diff, a run against itself,
// and each shipped log against the next (settings, new, gone and changed groups of every kind).
func TestDiffJSONMatchesSchema(t *testing.T) {
	raw, err := os.ReadFile("../../docs/diff-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	logs, _ := filepath.Glob("../../testdata/logs/*.log")
	if len(logs) < 2 {
		t.Fatal("too few logs in testdata/logs")
	}
	pairs := [][2]string{
		{"../../testdata/diff/v4-seed-a.log", "../../testdata/diff/v4-seed-b.log"},
		{harbor, harbor},
	}
	for i := range logs[1:] {
		pairs = append(pairs, [2]string{logs[i], logs[i+1]})
	}
	seen := map[string]bool{}
	for _, p := range pairs {
		code, out, errOut := run(t, "", nil, "diff", "-o", "json", p[0], p[1])
		if code != ExitOK {
			continue // a log with no run (empty-suite, a hooks import error) has nothing to compare
		}
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("diff %s %s: %v (stderr %q)", p[0], p[1], err, errOut)
		}
		for _, e := range validate(schema, schema, doc, "$") {
			t.Errorf("diff %s %s: %s", filepath.Base(p[0]), filepath.Base(p[1]), e)
		}
		clusters, _ := doc.(map[string]any)["diff"].(map[string]any)["clusters"].([]any) // null when neither run failed
		for _, c := range clusters {
			for k := range c.(map[string]any) {
				seen[k] = true
			}
			seen["change="+c.(map[string]any)["change"].(string)] = true
		}
	}
	// The inputs exercise every field of a group and every kind of change.
	for _, k := range []string{"method", "path", "status", "signature", "possibly_chance", "change=new", "change=gone", "change=same"} {
		if !seen[k] {
			t.Errorf("no diff output had %s", k)
		}
	}
}
