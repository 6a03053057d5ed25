// Package redact removes secrets (auth headers, bearer tokens, token query values) from log text.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every secret value.
const Mask = "[REDACTED]"

// Redactor removes secrets from text.
type Redactor struct {
	extra []*regexp.Regexp
}

var (
	// A header line or curl -H value: `Authorization: Bearer abc`, up to the closing quote or line end.
	headerRe = regexp.MustCompile(`(?i)\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token|api-key)(\s*:\s*)([^'"\r\n]+)`)
	// JSON or dict style: "Authorization": ["Bearer x"] / "authorization": "x".
	jsonHeaderRe = regexp.MustCompile(`(?i)("(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)"\s*:\s*\[?\s*")([^"]*)(")`)
	bearerRe     = regexp.MustCompile(`\b([Bb]earer|BEARER|Token)(\s+)([A-Za-z0-9\-._~+/]{16,}=*)`)
	urlCredRe    = regexp.MustCompile(`(://[^/\s:@'"]+:)([^/\s@'"]+)(@)`)
	queryRe      = regexp.MustCompile(`(?i)([?&;](?:token|access_token|refresh_token|id_token|api_key|apikey|key|secret|password|client_secret)=)([^&\s'"#]+)`)
	jwtRe        = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}`)
)

// New returns a Redactor that also masks every match of the given extra patterns.
func New(extra ...string) (*Redactor, error) {
	r := &Redactor{}
	for _, p := range extra {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		r.extra = append(r.extra, re)
	}
	return r, nil
}

// String returns s with secrets masked. Values Schemathesis already filtered stay as they are.
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	// Every failure sample passes through here: the regular expressions run only where they can
	// match, and the header one, the slowest, is matched by hand in ASCII text (headers.go).
	lower := strings.ToLower(s)
	ascii := isASCII(s)
	if strings.Contains(lower, "author") || strings.Contains(lower, "cookie") || strings.Contains(lower, "api-key") || strings.Contains(lower, "auth-token") {
		if ascii {
			s = maskHeaders(s)
		} else {
			s = maskHeadersRe(s)
		}
		s = jsonHeaderRe.ReplaceAllString(s, "${1}"+Mask+"${3}")
	}
	if strings.Contains(s, "earer") || strings.Contains(s, "BEARER") || strings.Contains(s, "Token") {
		s = bearerRe.ReplaceAllString(s, "${1}${2}"+Mask)
	}
	if strings.IndexByte(s, '=') >= 0 && (!ascii || strings.Contains(lower, "token=") || strings.Contains(lower, "key=") ||
		strings.Contains(lower, "secret=") || strings.Contains(lower, "password=")) {
		s = queryRe.ReplaceAllString(s, "${1}"+Mask)
	}
	if strings.Contains(s, "://") {
		s = urlCredRe.ReplaceAllString(s, "${1}"+Mask+"${3}")
	}
	if strings.Contains(s, "eyJ") {
		s = jwtRe.ReplaceAllString(s, Mask)
	}
	for _, re := range r.extra {
		s = re.ReplaceAllString(s, Mask)
	}
	return s
}

// maskHeadersRe masks header values with headerRe; values Schemathesis filtered stay.
func maskHeadersRe(s string) string {
	return headerRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := headerRe.FindStringSubmatch(m)
		if strings.TrimSpace(sub[3]) == "[Filtered]" {
			return m
		}
		return sub[1] + sub[2] + Mask
	})
}
