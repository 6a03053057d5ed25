package classify

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestGroupJSONMethodPath: a group's JSON gives the method and path of a `METHOD /path` operation
// beside it, omits them for other labels, and keeps < and & unescaped under an encoder that does not
// escape HTML, as the outputs' encoders do.
func TestGroupJSONMethodPath(t *testing.T) {
	b, err := encodeNoHTML(&Group{Operation: "GET /api/users/{id}", Check: "c", Signature: Signature{Text: "<value> & co"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.HasPrefix(s, `{"operation":"GET /api/users/{id}","method":"GET","path":"/api/users/{id}","check":"c",`) ||
		!strings.Contains(s, `"text":"<value> & co"`) || strings.Count(s, `"operation"`) != 1 {
		t.Errorf("group JSON: %s", s)
	}
	b, _ = json.Marshal(Group{Operation: "Query.getUser"})
	if s := string(b); strings.Contains(s, `"method"`) || strings.Contains(s, `"path"`) {
		t.Errorf("a GraphQL label has no method or path: %s", s)
	}
	b, _ = encodeNoHTML(ClusterDiff{Operation: "POST /x", Signature: "<value>"})
	if s := string(b); !strings.HasPrefix(s, `{"operation":"POST /x","method":"POST","path":"/x",`) || !strings.Contains(s, `"<value>"`) {
		t.Errorf("diff group JSON: %s", s)
	}
}
