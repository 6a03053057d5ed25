package redact

import (
	"encoding/base64"
	"strings"
)

// Secrets recognised by their shape wherever they appear, matched by hand: each starts with a
// fixed prefix that strings.Index finds fast.

// maskPrivateKeys masks PEM private-key blocks, from `-----BEGIN ... PRIVATE KEY-----` to the
// matching END line; a block cut off (a truncated body) is masked up to the next quote, backquote
// or the end of the text.
func maskPrivateKeys(s string) string {
	var sb strings.Builder
	last := 0
	for off := 0; ; {
		i := strings.Index(s[off:], "-----BEGIN ")
		if i < 0 {
			break
		}
		p := off + i
		hdrEnd := strings.Index(s[p+11:], "-----")
		if hdrEnd < 0 || hdrEnd > 40 || !strings.HasSuffix(s[p+11:p+11+hdrEnd], "PRIVATE KEY") {
			off = p + 11
			continue
		}
		end := len(s)
		if e := strings.Index(s[p:], "-----END "); e >= 0 {
			if f := strings.Index(s[p+e+9:], "-----"); f >= 0 && f <= 40 {
				end = p + e + 9 + f + 5
			}
		} else if q := strings.IndexAny(s[p:], "\"'`"); q >= 0 {
			end = p + q
		}
		sb.WriteString(s[last:p])
		sb.WriteString(Mask)
		last, off = end, end
	}
	if last == 0 {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// maskShapes masks AWS access key ids (AKIA/ASIA + 16), GitHub tokens (ghp_, gho_, ghu_, ghs_,
// ghr_ + 36; github_pat_ + 22 or more) and Slack tokens (xoxa-, xoxb-, xoxp-, xoxr-, xoxs-).
func maskShapes(s string) string {
	var spans []span
	for _, p := range []string{"AKIA", "ASIA"} {
		spans = prefixed(s, p, spans, func(t string) int {
			if n := run(t, isUpperAlnum); n >= 16 {
				return 16
			}
			return 0
		})
	}
	for _, p := range []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"} {
		spans = prefixed(s, p, spans, func(t string) int {
			if n := run(t, isAlnum); n >= 36 {
				return n
			}
			return 0
		})
	}
	spans = prefixed(s, "github_pat_", spans, func(t string) int {
		if n := run(t, isWordByte); n >= 22 {
			return n
		}
		return 0
	})
	for _, p := range []string{"xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"} {
		spans = prefixed(s, p, spans, func(t string) int {
			if n := run(t, func(c byte) bool { return isAlnum(c) || c == '-' }); n >= 10 {
				return n
			}
			return 0
		})
	}
	if len(spans) == 0 {
		return s
	}
	return apply(s, spans)
}

// prefixed finds p at word starts in s; tail says how many bytes after p belong to the secret (0: none).
func prefixed(s, p string, spans []span, tail func(string) int) []span {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return spans
		}
		a := off + i
		off = a + len(p)
		if a > 0 && isAlnum(s[a-1]) {
			continue
		}
		n := tail(s[off:])
		if n == 0 || off+n < len(s) && isAlnum(s[off+n]) {
			continue
		}
		spans = append(spans, span{a, off + n, Mask})
		off += n
	}
}

func run(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isUpperAlnum(c byte) bool { return isUpper(c) || isDigit(c) }

// maskBasic masks `Basic <base64>` credentials: base64 that decodes to `user:password`.
func maskBasic(s string) string {
	var spans []span
	for off := 0; ; {
		i := strings.Index(s[off:], "asic ")
		if i < 0 {
			break
		}
		p := off + i - 1
		off += i + 5
		if p < 0 || s[p] != 'B' && s[p] != 'b' || p > 0 && isWordByte(s[p-1]) {
			continue
		}
		v := off
		for v < len(s) && s[v] == ' ' {
			v++
		}
		n := run(s[v:], func(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' })
		if n < 4 {
			continue
		}
		dec, err := base64.StdEncoding.DecodeString(s[v : v+n])
		if err != nil {
			dec, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s[v:v+n], "="))
		}
		if err != nil || !strings.Contains(string(dec), ":") {
			continue
		}
		spans = append(spans, span{v, v + n, Mask})
		off = v + n
	}
	if len(spans) == 0 {
		return s
	}
	return apply(s, spans)
}

// apply replaces the spans, in order and not overlapping, in s.
func apply(s string, spans []span) string {
	var sb strings.Builder
	sb.Grow(len(s))
	last := 0
	for _, sp := range sortSpans(spans) {
		if sp.start < last {
			continue
		}
		sb.WriteString(s[last:sp.start])
		sb.WriteString(sp.repl)
		last = sp.end
	}
	sb.WriteString(s[last:])
	return sb.String()
}
