package redact

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	r, err := New(`sess-[0-9a-f]{8}`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"curl bearer", `curl -H 'Authorization: Bearer abc.def.ghi' http://x`, `curl -H 'Authorization: [REDACTED]' http://x`},
		{"filtered stays", `curl -H 'Authorization: [Filtered]' http://x`, `curl -H 'Authorization: [Filtered]' http://x`},
		{"cookie header", "Cookie: sessionid=abcdef123456", "Cookie: [REDACTED]"},
		{"set-cookie header", "Set-Cookie: csrftoken=abc; Path=/", "Set-Cookie: [REDACTED]"},
		{"api key header", `-H "X-Api-Key: sk_live_abcdef0123456789"`, `-H "X-Api-Key: [REDACTED]"`},
		{"proxy authorization", "Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: [REDACTED]"},
		{"json header list", `"Authorization": ["Bearer abc"]`, `"Authorization": ["[REDACTED]"]`},
		{"drf token", "Token 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "Token [REDACTED]"},
		{"bearer in body", `{"token": "Bearer abcdefghijklmnopqrstuv"}`, `{"token": "Bearer [REDACTED]"}`},
		{"query values", "http://x/a?api_key=AKIA123&access_token=xyz&page=2", "http://x/a?api_key=[REDACTED]&access_token=[REDACTED]&page=2"},
		{"jwt anywhere", "id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz end", "id [REDACTED] end"},
		{"url password", "postgres://app:hunter2@db:5432/x", "postgres://app:[REDACTED]@db:5432/x"},
		{"extra pattern", "cookie value sess-0a1b2c3d", "cookie value [REDACTED]"},
		{"plain text stays", "The token expired yesterday", "The token expired yesterday"},
		{"ordinary url stays", "http://127.0.0.1:8000/api/v1/users/?page=2", "http://127.0.0.1:8000/api/v1/users/?page=2"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("%s: String(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNewRejectsBadPattern(t *testing.T) {
	if _, err := New("("); err == nil || !strings.Contains(err.Error(), "missing closing") {
		t.Errorf("err = %v", err)
	}
}
