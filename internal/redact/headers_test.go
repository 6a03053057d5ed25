package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMaskHeadersAgreesWithRegexp checks the hand-written header matcher against headerRe on
// ASCII text built from the pieces that matter: names in any case, white space of every kind,
// colons, quotes, line breaks, filtered values and word characters that break a name's boundary.
func TestMaskHeadersAgreesWithRegexp(t *testing.T) {
	pieces := []string{
		"Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization", "proxy-authorization",
		"Cookie", "cookie", "Set-Cookie", "X-API-Key", "x-api-key", "X-Auth-Token", "Api-Key", "api-key",
		"xauthorization", "_cookie", "9api-key", "author", "cook",
		":", ":", " :", ": ", " ", "  ", "\t", "\r", "\n", "\r\n", "\f", "\v",
		"'", "\"", "[Filtered]", " [Filtered] ", "Bearer abc.def", "secret", "-H ", "curl ", "x", "=", "&",
	}
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := r.IntN(10); k >= 0; k-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := maskHeaders(s), maskHeadersRe(s); got != want {
			t.Fatalf("maskHeaders(%q) = %q, headerRe gives %q", s, got, want)
		}
	}
}

// TestStringPrefilters checks that the cheap tests in front of the expressions never skip a
// secret the expressions would mask.
func TestStringPrefilters(t *testing.T) {
	r, _ := New()
	for _, s := range []string{
		"curl -H 'Authorization: Bearer abcdefghijklmnopqrstu' http://x/?access_token=zzz&x=1",
		"Token abcdefghijklmnopqrstuvwxyz",
		"BEARER abcdefghijklmnopqrstuvwxyz",
		"http://x/?API_KEY=abc&Password=hunter2",
		"http://x/?client_SECRET=abc",
		"GET /x?ſecret=abc", // non-ASCII: the expressions decide
		"Cookie: session=abc; Authorization: x",
	} {
		got := r.String(s)
		want := s
		want = maskHeadersRe(want)
		want = jsonHeaderRe.ReplaceAllString(want, "${1}"+Mask+"${3}")
		want = bearerRe.ReplaceAllString(want, "${1}${2}"+Mask)
		want = queryRe.ReplaceAllString(want, "${1}"+Mask)
		want = urlCredRe.ReplaceAllString(want, "${1}"+Mask+"${3}")
		want = jwtRe.ReplaceAllString(want, Mask)
		if got != want {
			t.Errorf("String(%q) = %q, the expressions give %q", s, got, want)
		}
	}
}
