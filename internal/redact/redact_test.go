package redact

import (
	"encoding/json"
	"slices"
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
		// Headers.
		{"curl bearer", `curl -H 'Authorization: Bearer abc.def.ghi' http://x`, `curl -H 'Authorization: [REDACTED]' http://x`},
		{"filtered stays", `curl -H 'Authorization: [Filtered]' http://x`, `curl -H 'Authorization: [Filtered]' http://x`},
		{"cookie header", "Cookie: sessionid=abcdef123456", "Cookie: [REDACTED]"},
		{"set-cookie header", "Set-Cookie: csrftoken=abc; Path=/", "Set-Cookie: [REDACTED]"},
		{"api key header", `-H "X-Api-Key: sk_live_abcdef0123456789"`, `-H "X-Api-Key: [REDACTED]"`},
		{"proxy authorization", "Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: [REDACTED]"},
		{"access token header", `curl -H 'X-Access-Token: at-123' -H 'X-Request-Id: r1' http://x`, `curl -H 'X-Access-Token: [REDACTED]' -H 'X-Request-Id: r1' http://x`},
		{"session id header", "    X-Session-Id: 0f9e8d7c\n    Content-Type: text/plain", "    X-Session-Id: [REDACTED]\n    Content-Type: text/plain"},
		{"x-auth header", "X-Auth: abc", "X-Auth: [REDACTED]"},
		{"bare header at line start", "Token: abc123\nPassword: hunter2", "Token: [REDACTED]\nPassword: [REDACTED]"},
		{"github step inputs", "with:\n  token: ***\n  persist-credentials: true\n  api-token: abc", "with:\n  token: ***\n  persist-credentials: true\n  api-token: [REDACTED]"},
		{"json header list", `"Authorization": ["Bearer abc"]`, `"Authorization": ["[REDACTED]"]`},
		{"json header list filtered", `"X-Api-Token": ["[Filtered]"]`, `"X-Api-Token": ["[Filtered]"]`},
		{"dict header", `{'X-Auth-Token': 'abc', 'Accept': '*/*'}`, `{'X-Auth-Token': '[REDACTED]', 'Accept': '*/*'}`},
		// JSON and dict fields.
		{"bearer in body", `{"token": "Bearer abcdefghijklmnopqrstuv"}`, `{"token": "[REDACTED]"}`},
		{"json fields", `{"access_token":"a1","refresh_token":"r1","client_secret":"c1","user":"bob"}`, `{"access_token":"[REDACTED]","refresh_token":"[REDACTED]","client_secret":"[REDACTED]","user":"bob"}`},
		{"json scalars", `{"password": 1234, "otp_secret": null, "session": true, "n": 1}`, `{"password": "[REDACTED]", "otp_secret": "[REDACTED]", "session": "[REDACTED]", "n": 1}`},
		{"json object value", `{"credentials": {"user": "u", "pw": "p"}, "id": 1}`, `{"credentials": "[REDACTED]", "id": 1}`},
		{"json mixed list", `{"tokens": [1, {"a": "b"}], "id": 1}`, `{"tokens": "[REDACTED]", "id": 1}`},
		{"camel case", `{"apiKey": "k1", "privateKey": "p1", "sessionId": "s1", "oAuthCode": "o1"}`, `{"apiKey": "[REDACTED]", "privateKey": "[REDACTED]", "sessionId": "[REDACTED]", "oAuthCode": "[REDACTED]"}`},
		{"python dict", `{'password': 'hunter2', 'name': 'x'}`, `{'password': '[REDACTED]', 'name': 'x'}`},
		{"escaped quote in value", `{"token": "a\"b", "x": 1}`, `{"token": "[REDACTED]", "x": 1}`},
		{"cut body", `{"id": 1, "secret": "abcdef`, `{"id": 1, "secret": "[REDACTED]`},
		{"author stays", `{"author": "Ann", "authority": "CA", "authenticated": true}`, `{"author": "Ann", "authority": "CA", "authenticated": true}`},
		{"auth words", `{"auth": "a", "x_auth": "b", "oauth": "c", "authorization": "d"}`, `{"auth": "[REDACTED]", "x_auth": "[REDACTED]", "oauth": "[REDACTED]", "authorization": "[REDACTED]"}`},
		// Forms and queries.
		{"query values", "http://x/a?api_key=AKIA123&access_token=xyz&page=2", "http://x/a?api_key=[REDACTED]&access_token=[REDACTED]&page=2"},
		{"query by marker", "http://x/a?session=s1&auth=a1&password=p1&key=k1&q=ok", "http://x/a?session=[REDACTED]&auth=[REDACTED]&password=[REDACTED]&key=[REDACTED]&q=ok"},
		{"form body", `curl -d 'user=bob&password=hunter2&remember=1' http://x`, `curl -d 'user=bob&password=[REDACTED]&remember=1' http://x`},
		{"env assignment", "API_TOKEN=abc123 st run http://x", "API_TOKEN=[REDACTED] st run http://x"},
		// Shapes.
		{"drf token", "Token 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "Token [REDACTED]"},
		{"basic", "auth was Basic dXNlcjpwYXNz here", "auth was Basic [REDACTED] here"},
		{"basic words stay", "Basic authentication failed", "Basic authentication failed"},
		{"jwt anywhere", "id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz end", "id [REDACTED] end"},
		{"url password", "postgres://app:hunter2@db:5432/x", "postgres://app:[REDACTED]@db:5432/x"},
		{"url password without user", "redis://:hunter2@cache:6379/0", "redis://:[REDACTED]@cache:6379/0"},
		{"aws key", "key id AKIAIOSFODNN7EXAMPLE in use", "key id [REDACTED] in use"},
		{"github tokens", "ghp_0123456789abcdefghijABCDEFGHIJ012345 and github_pat_11ABCDEFG0123456789_abcdefghij", "[REDACTED] and [REDACTED]"},
		{"slack token", "xoxb-1234567890-abcdefghij", "[REDACTED]"},
		{"private key", "a -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- b", "a [REDACTED] b"},
		{"private key cut", `"-----BEGIN PRIVATE KEY-----\nMIIEvQ..." tail`, `"[REDACTED]" tail`},
		{"public key stays", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"},
		{"extra pattern", "cookie value sess-0a1b2c3d", "cookie value [REDACTED]"},
		// What stays.
		{"plain text stays", "The token expired yesterday", "The token expired yesterday"},
		{"exception stays", "jwt.exceptions.InvalidTokenError: Signature has expired", "jwt.exceptions.InvalidTokenError: Signature has expired"},
		{"exception at line start stays", "InvalidTokenError: Signature has expired", "InvalidTokenError: Signature has expired"},
		{"prose colon stays", "Invalid token: expected 3 segments", "Invalid token: expected 3 segments"},
		{"paths stay", "POST /api/v1/sessions/{id}/ and GET /api/v2/auth/token/", "POST /api/v1/sessions/{id}/ and GET /api/v2/auth/token/"},
		{"ordinary url stays", "http://127.0.0.1:8000/api/v1/users/?page=2", "http://127.0.0.1:8000/api/v1/users/?page=2"},
		{"comparison stays", "token == expected", "token == expected"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("%s: String(%q)\n  = %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
		if got := r.String(r.String(tt.in)); got != tt.want {
			t.Errorf("%s: not idempotent: %q", tt.name, got)
		}
	}
}

// TestStringKeepsJSONValid masks JSON documents and checks they still parse, with every key kept.
func TestStringKeepsJSONValid(t *testing.T) {
	r, _ := New()
	for _, in := range []string{
		`{"token": "abc", "nested": {"client_secret": 42, "list": [{"password": null}]}, "ok": [1, 2]}`,
		`{"headers": {"X-Api-Token": ["t1", "t2"], "Cookie": ["a=b"]}, "authority": {"type": "basic", "value": "x"}}`,
		`[{"session_id": true}, {"api-key": 1.5e3}, {"private_key": "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----"}]`,
	} {
		out := r.String(in)
		var v, w any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("String(%s) = %s: not JSON: %v", in, out, err)
			continue
		}
		_ = json.Unmarshal([]byte(in), &w)
		if keys(v) != keys(w) {
			t.Errorf("keys changed: %s → %s", keys(w), keys(v))
		}
	}
}

func keys(v any) string {
	var all []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				all = append(all, k)
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	slices.Sort(all)
	return strings.Join(all, ",")
}

func TestSensitive(t *testing.T) {
	for name, want := range map[string]bool{
		"token": true, "access_token": true, "X-Api-Token": true, "api_key": true, "apikey": true, "Api-Key": true,
		"client_secret": true, "password": true, "passwd": true, "auth": true, "X-Auth": true, "authorization": true,
		"oauth": true, "basicAuth": true, "credentials": true, "sessionid": true, "X-Session-Id": true, "private_key": true,
		"Set-Cookie": true, "author": false, "authority": false, "authenticated": false, "authors": false,
		"name": false, "key": false, "monkey": false, "id": false,
	} {
		if got := Sensitive(name); got != want {
			t.Errorf("Sensitive(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNewRejectsBadPattern(t *testing.T) {
	if _, err := New("("); err == nil || !strings.Contains(err.Error(), "missing closing") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkString masks a typical reproduce command with a JSON body, and a response body.
func BenchmarkString(b *testing.B) {
	r, _ := New()
	cmd := `curl -X POST -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz' -H 'Content-Type: application/json' -d '{"vessel_imo": "9321483", "voyage_ref": null, "containers": [], "password": "hunter2"}' 'http://harbor-api:8000/api/v2/cargo/manifests/?page=1&access_token=abc'`
	body := `{"count":2,"next":null,"previous":null,"results":[{"id":"b6a1f0de-3c52-4e8e-9d0a-51f7c2a84e19","manifest_ref":"MNF-2025-000387","vessel_imo":null,"eta":"2025-03-17","status":"draft"},{"id":"0f93d2c4-8a7e-4b11-a6f5-e2d94c1b7a30","manifest_ref":"MNF-2025-000388","vessel_imo":"9321483","eta":"2025-03-18T06:00:00Z","status":"draft"}]}`
	plain := `curl -X GET -H 'Authorization: [Filtered]' 'http://harbor-api:8000/api/v2/vessels/?limit=false'`
	b.Run("curl", func(b *testing.B) {
		b.SetBytes(int64(len(cmd)))
		for b.Loop() {
			r.String(cmd)
		}
	})
	b.Run("body", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			r.String(body)
		}
	})
	b.Run("filtered", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		for b.Loop() {
			r.String(plain)
		}
	})
}
