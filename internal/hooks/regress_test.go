package hooks

import (
	"strings"
	"testing"
)

// TestNonUTF8ParameterNames: parameter names are matched as text, never compiled into a
// regular expression, so a byte that is not UTF-8 in one (which made regexp.MustCompile panic
// in `ctlog hooks rules`) is just another name.
func TestNonUTF8ParameterNames(t *testing.T) {
	// The case of the report: `ctlog hooks rules` panicked. The name ends in a byte that is no
	// word character, so `\xa9.status_code` is not read as a member of it (as before).
	src := []byte("import schemathesis\n\n@schemathesis.hook\ndef after_call(context, case, \xa9):\n    \xa9.status_code = 200\n")
	d := Derive("hooks.py", src)
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "changes neither the response nor the request") {
		t.Errorf("rules of a hook whose response parameter is \\xa9: %q", d.Notes)
	}
	_ = d.YAML()
	if got := effective(Lint("hooks.py", src, 3)); strings.Join(got, ",") != "after_call=after_call" {
		t.Errorf("lint: effective %v", got)
	}

	src = []byte("import schemathesis\n\n@schemathesis.hook\ndef after_call(context, case, r\xa9x):\n" +
		"    if case.operation.path == \"/users/\":\n        r\xa9x.status_code = 200\n        r\xa9x.headers[\"Content-Type\"] = \"application/json\"\n")
	d = Derive("hooks.py", src)
	if len(d.Rules) != 1 || strings.Join(d.Rules[0].Changes, ",") != "status,Content-Type" || strings.Join(d.Rules[0].Operations, ",") != "* /users/" {
		t.Errorf("rules of a hook whose response parameter is r\\xa9x: %+v", d.Rules)
	}

	// The context parameter, named by its annotation.
	src = []byte("import schemathesis\n\n@schemathesis.hook\ndef after_call(c\xff: HookContext, case, response):\n    c\xff.path\n    c\xff.operation\n")
	r := Lint("hooks.py", src, 3)
	if w := warnings(r); strings.Join(w, ",") != "5 context-attribute" {
		t.Errorf("lint of a hook whose context parameter is c\\xff: warnings %v", w)
	}
	src = []byte("import schemathesis\n\n@schemathesis.hook\ndef after_call(\xff: HookContext, case, response):\n    \xff.path\n")
	if w := warnings(Lint("hooks.py", src, 3)); len(w) != 0 {
		t.Errorf("lint of a hook whose context parameter is \\xff: warnings %v", w)
	}
}

// TestMemberMatching pins the hand-written matching of the response and context parameters.
func TestMemberMatching(t *testing.T) {
	names := []string{"response", "resp", "r"}
	for _, tt := range []struct {
		body string
		pat  memberPattern
		want bool
	}{
		{"response.status_code = 200", statusSet, true},
		{"x.resp.status = 1", statusSet, true},
		{"r.status_code == 200", statusSet, false},
		{"r .status_code = 200", statusSet, false},
		{"rr.status_code = 200", statusSet, true}, // no boundary is required before the name
		{"r._content += b''", bodySet, true},
		{"r.text + = ''", bodySet, false},
		{"r.set_json({})", bodyCall, true},
		{"r.set_json ({})", bodyCall, false},
	} {
		if got := memberUse(tt.body, names, tt.pat); got != tt.want {
			t.Errorf("memberUse(%q) = %v", tt.body, got)
		}
	}
	for _, tt := range []struct {
		body string
		want [][2]int
	}{
		{"r.headers['a'] = 1", [][2]int{{0, 17}}},
		{"del x.r.headers['a']\nr.headers.pop('b')", [][2]int{{0, 20}, {21, 39}}},
		{"r.headers = {}\nq.headers = {}", [][2]int{{0, 14}}},
		{"h = r.headers['a']", [][2]int{{4, 18}}},
		{"r.headers.get('a')", nil},
	} {
		if got := headerUses(tt.body, names); len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] || len(got) > 1 && got[1] != tt.want[1] {
			t.Errorf("headerUses(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
	if got := strings.Join(attributesOf("ctx.a + xctx.b + ctx.c.d + ctx.1", "ctx"), ","); got != "a,c" {
		t.Errorf("attributesOf = %s", got)
	}
}

// TestYAMLControlCharacters: a hook registered under a name holding a NUL (FuzzLint's
// b8a61bd17ddc8274) or a line break YAML knows and "\n" is not (CR, NEL, U+2028) is quoted raw
// in a comment; the document must still load, with the comment kept on its line.
func TestYAMLControlCharacters(t *testing.T) {
	for _, name := range []string{"\x00", "a\rb: 1", "a\u0085b: 1", "a\u2028b: 1", "a\ufeffb"} {
		src := "import schemathesis\n@schemathesis.hook(" + `"` + name + `"` + ")\ndef fix(context, case, response):\n" +
			"    if case.operation.path == \"/a/\":\n        response.status_code = 200\n"
		d := Derive("h.py", []byte(src))
		cfg := loadYAML(t, d)
		if len(cfg.Hooks.Rules) != 1 || cfg.Hooks.Rules[0].Name != "fix" {
			t.Errorf("hook named %q: rules %+v\n%s", name, cfg.Hooks.Rules, d.YAML())
		}
	}
}
