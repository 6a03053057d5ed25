package report

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct{ in, line, text string }{
		{"plain", "plain", "plain"},
		{"\x1b[2J\x1b[Hcleared", `\x1b[2J\x1b[Hcleared`, `\x1b[2J\x1b[Hcleared`},
		{"title\x1b]0;pwned\x07", `title\x1b]0;pwned\x07`, `title\x1b]0;pwned\x07`},
		{"a\nb", `a\x0ab`, "a\nb"},
		{"tab\tkept", "tab\tkept", "tab\tkept"},
		{"c1 \u009b31m", `c1 \x9b31m`, `c1 \x9b31m`},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"ünïcode ✓", "ünïcode ✓", "ünïcode ✓"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.line {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := SanitizeText(tt.in); got != tt.text {
			t.Errorf("SanitizeText(%q) = %q, want %q", tt.in, got, tt.text)
		}
	}
}

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
	if got := ghProperty("GET /a: b, c%"); got != "GET /a%3A b%2C c%25" {
		t.Errorf("ghProperty = %q", got)
	}
	if got := ghData("one\ntwo 100%"); got != "one%0Atwo 100%25" {
		t.Errorf("ghData = %q", got)
	}
}
