package sanitize

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
		// Bidi overrides and isolates reorder what a reader sees: "admin\u202e\u2066txt.exe".
		{"GET /files/\u202egnp.exe", `GET /files/\u202egnp.exe`, `GET /files/\u202egnp.exe`},
		{"a\u202a\u202b\u202c\u202d b", `a\u202a\u202b\u202c\u202d b`, `a\u202a\u202b\u202c\u202d b`},
		{"\u2066x\u2067y\u2068z\u2069", `\u2066x\u2067y\u2068z\u2069`, `\u2066x\u2067y\u2068z\u2069`},
		{"lrm\u200e rlm\u200f alm\u061c", `lrm\u200e rlm\u200f alm\u061c`, `lrm\u200e rlm\u200f alm\u061c`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`, `zero\u200bwidth\ufeff`},
		{"soft\u00adhyphen", `soft\xadhyphen`, `soft\xadhyphen`},
		{"not utf-8 \xff", "not utf-8 \xff", "not utf-8 \xff"},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
	}
}
