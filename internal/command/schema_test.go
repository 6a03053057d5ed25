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
// additionalProperties, items, maxItems and $ref to #/$defs.
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
			case bool:
				if !ap {
					fail("property %q is not in the schema", k)
				}
			case map[string]any:
				errs = append(errs, validate(root, ap, x, path+"."+k)...)
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
