// Package redact removes secrets from log text: the values of sensitive headers, JSON and form
// fields and query parameters, credentials in URLs and Authorization schemes, and secrets known by
// their shape (JWTs, private keys, AWS, GitHub and Slack tokens). See Redactor.String.
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
	bearerRe  = regexp.MustCompile(`\b([Bb]earer|BEARER|Token)(\s+)([A-Za-z0-9\-._~+/]{16,}=*)`)
	urlCredRe = regexp.MustCompile(`(://[^/\s:@'"]*:)([^/\s@'"]+)(@)`)
	jwtRe     = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}`)
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

// String returns s with secrets masked; it keeps names, paths and the shape of JSON (a masked
// value is the string "[REDACTED]"). Values Schemathesis already filtered ("[Filtered]") stay.
//
//   - The values of fields, headers and parameters whose name is sensitive (see Sensitive): JSON
//     and Python-dict keys, `Name: value` header lines and curl -H values, form bodies and query
//     strings.
//   - Bearer, Token and Basic credentials; the password in scheme://user:password@host.
//   - JWTs, PEM private-key blocks (also cut off), AWS access key ids, GitHub and Slack tokens.
//   - Every match of the Redactor's extra patterns (--redact).
func (r *Redactor) String(s string) string {
	if s == "" {
		return s
	}
	// Every kept sample passes through here: each pass runs only where a cheap substring test
	// says it can match, and the field scanner starts only at the markers a sensitive name holds.
	if strings.Contains(s, "-----BEGIN ") {
		s = maskPrivateKeys(s)
	}
	lower := asciiLower(s)
	for _, m := range scanMarkers {
		if strings.Contains(lower, m) {
			s = maskFields(s, lower)
			lower = asciiLower(s)
			break
		}
	}
	if strings.Contains(s, "earer") || strings.Contains(s, "BEARER") || strings.Contains(s, "Token") {
		s = bearerRe.ReplaceAllString(s, "${1}${2}"+Mask)
	}
	if strings.Contains(lower, "basic ") {
		s = maskBasic(s)
	}
	if strings.IndexByte(s, '@') >= 0 && strings.Contains(s, "://") {
		s = urlCredRe.ReplaceAllString(s, "${1}"+Mask+"${3}")
	}
	if strings.Contains(s, "eyJ") {
		s = jwtRe.ReplaceAllString(s, Mask)
	}
	if strings.Contains(s, "AKIA") || strings.Contains(s, "ASIA") || strings.Contains(s, "gh") || strings.Contains(s, "xox") {
		s = maskShapes(s)
	}
	for _, re := range r.extra {
		s = re.ReplaceAllString(s, Mask)
	}
	return s
}

// asciiLower lower-cases the ASCII letters of s only, so that indexes in it are indexes in s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
