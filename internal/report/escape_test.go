package report

import (
	"testing"

	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"a | b", `a \| b`},
		{"**bold** _it_ `code` [link](x) ![img](y)", `\*\*bold\*\* \_it\_ \` + "`" + `code\` + "`" + ` \[link\](x) \!\[img\](y)`},
		{"line\nbreak", "line break"},
		{"&amp;", "&amp;amp;"},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := mdFence("a ``` b\n````", "sh"); got[:5] != "`````" {
		t.Errorf("fence not longer than the longest backtick run: %q", got)
	}
	if got := sanitize.WorkflowProperty("GET /a: b, c%"); got != "GET /a%3A b%2C c%25" {
		t.Errorf("ghProperty = %q", got)
	}
	if got := sanitize.WorkflowData("one\ntwo 100%"); got != "one%0Atwo 100%25" {
		t.Errorf("ghData = %q", got)
	}
}
