package classify

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
)

// This file gives each check a specific cause where its message or response says more than the
// check's default sentence, and marks a cause generic where nothing does: causes are joined across
// operations only when they are specific.

// genericSentences are the first lines Schemathesis prints for a check whatever the cause: a
// signature made of one of them says only which check failed.
var genericSentences = []string{
	"Invalid data should have been rejected",
	"Valid data should have been accepted",
	"The following required headers are missing from the response:",
	"The API returned `404 Not Found` for a resource that was just created.",
	"Return 405 for methods not listed in the OpenAPI spec",
	"Response must be valid JSON",
}

// isGenericSentence reports whether line is a check's default sentence.
func isGenericSentence(line string) bool {
	line = strings.TrimSpace(line)
	return slices.Contains(genericSentences, line)
}

// specificSignature reads the checks whose message names more than a default sentence: the
// mutated component of negative data, the field a schema-compliant request was rejected for, the
// missing headers, the deleting request, the auth variant, the creating and failing requests.
// It returns a zero Signature when the check is none of these or its message has nothing more.
func specificSignature(check string, status int, message, body string) Signature {
	switch check {
	case "negative_data_rejection":
		if c, ok := messageField(message, "Invalid component"); ok && c != "" {
			return Signature{Kind: SigMessage, Text: clipSig("accepted invalid " + maskAllNumbers(maskVolatile(c)))}
		}
	case "positive_data_acceptance":
		if m := clientErrorMessage(body); m != "" {
			return Signature{Kind: SigMessage, Text: clipSig("rejected valid data: " + m)}
		}
	case "missing_required_header":
		if m := missingHeaderName.FindStringSubmatch(message); m != nil {
			return Signature{Kind: SigMessage, Text: clipSig("request without required header " + m[1] + " not rejected")}
		}
	case "response_headers_conformance":
		if hs := missingHeaders(message); len(hs) > 0 {
			return Signature{Kind: SigMessage, Text: clipSig("missing response headers: " + strings.Join(hs, ", "))}
		}
	case "use_after_free":
		if m := deletedWith.FindStringSubmatch(message); m != nil {
			return Signature{Kind: SigMessage, Text: clipSig("resource deleted with " + requestLabel(m[1]) + " still served")}
		}
	case "ensure_resource_availability":
		created, ok1 := paddedField(message, "Created with")
		missing, ok2 := paddedField(message, "Not available with")
		if ok1 && ok2 {
			return Signature{Kind: SigMessage, Text: clipSig("created with " + requestLabel(created) + ", not available with " +
				requestLabel(missing))}
		}
	case "ignored_auth":
		if s := ignoredAuthSignature(message); s.Kind != "" {
			return s
		}
	case "unsupported_method":
		if m := unsupportedMethod.FindStringSubmatch(message); m != nil {
			return Signature{Kind: SigMessage, Text: clipSig("unsupported method " + m[1] + " returned " + m[2])}
		}
	}
	return Signature{}
}

// paddedField is messageField for names padded to align their colons: `Created with      : x`.
func paddedField(message, name string) (string, bool) {
	for line := range strings.SplitSeq(message, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == name && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

var (
	missingHeaderName = regexp.MustCompile(`missing required '([^']+)' header`)
	deletedWith       = regexp.MustCompile("deleted with `([^`]+)`")
	unsupportedMethod = regexp.MustCompile(`Unsupported method (\S+) returned (\d{3})`)
	backquoted        = regexp.MustCompile("`([^`]+)`")
	allNumbers        = regexp.MustCompile(`\b\d+(?:\.\d+)?\b`)
)

// requestLabel turns `DELETE /api/v2/vessels/73/` into `DELETE /api/v2/vessels/{id}/`: the ids vary
// between test cases of one cause.
func requestLabel(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "`")
	method, path, ok := strings.Cut(s, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return maskVolatile(s)
	}
	return method + " " + guessTemplate(path)
}

// missingHeaders reads the list under `The following required headers are missing from the
// response:` (4.x) or `Received a response with missing headers: a,b` (3.x).
func missingHeaders(message string) []string {
	var hs []string
	if v, ok := strings.CutPrefix(firstNonBlank(message), "Received a response with missing headers:"); ok {
		for h := range strings.SplitSeq(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hs = append(hs, h)
			}
		}
		return hs
	}
	for line := range strings.SplitSeq(message, "\n") {
		if item, ok := strings.CutPrefix(strings.TrimSpace(line), "- "); ok {
			hs = append(hs, strings.Trim(item, "`"))
		}
	}
	return hs
}

// ignoredAuthSignature names the auth variant the API accepted (none, or invalid credentials)
// and what it answered: `Expected 401, got `200 OK` for `GET /x“.
func ignoredAuthSignature(message string) Signature {
	line := firstNonBlank(message)
	lower := strings.ToLower(message)
	variant := "without authentication"
	switch {
	case strings.Contains(lower, "invalid"):
		variant = "with invalid authentication"
	case strings.Contains(lower, "without") || strings.HasPrefix(line, "Expected 401"):
	default:
		return Signature{}
	}
	got := ""
	if m := backquoted.FindStringSubmatch(line); m != nil && len(m[1]) >= 3 && m[1][0] >= '1' && m[1][0] <= '5' {
		got = ": got " + m[1]
	}
	return Signature{Kind: SigMessage, Text: clipSig("accepts requests " + variant + got)}
}

// maskAllNumbers replaces every number: the bounds and sizes a validation message quotes vary with
// the schema, not the cause.
func maskAllNumbers(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	return allNumbers.ReplaceAllString(s, "<n>")
}

// clientErrorMessage is what a 4xx body says went wrong, numbers masked: the rejected field and
// its reason (`page: Ensure this value is between <n> and <n>.`, Django REST framework's shape),
// or the body's message (`detail`, `message`, `error`). Empty when the body says nothing usable.
func clientErrorMessage(body string) string {
	t := strings.TrimSpace(body)
	if !strings.HasPrefix(t, "{") {
		if t != "" && !looksHTML(t) && !strings.HasPrefix(t, "[") && len(t) < 200 && !strings.Contains(t, "\n") {
			if s := fieldReason("", t); !isReasonLike(s) {
				return s
			}
		}
		return ""
	}
	var obj map[string]any
	if json.Unmarshal([]byte(t), &obj) != nil {
		return ""
	}
	for _, k := range jsonMessageKeys {
		switch v := obj[k].(type) {
		case string:
			if s := fieldReason("", v); !isReasonLike(s) {
				return s
			}
		case []any:
			if s := jsonListMessage(v); s != "" {
				return fieldReason("", s)
			}
		}
	}
	if s := jsonListMessage(jsonList(obj["errors"])); s != "" {
		return fieldReason("", s)
	}
	// {"field": ["reason"]} or {"field": "reason"}: the first field in the body's order.
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return strings.Index(t, `"`+a+`"`) - strings.Index(t, `"`+b+`"`) })
	for _, k := range keys {
		switch v := obj[k].(type) {
		case string:
			return fieldReason(k, v)
		case []any:
			if s := jsonListMessage(v); s != "" {
				return fieldReason(k, s)
			}
		}
	}
	return ""
}

func fieldReason(field, reason string) string {
	reason = maskAllNumbers(maskVolatile(firstNonBlank(reason)))
	if field == "" {
		return reason
	}
	return field + ": " + reason
}

// isReasonLike reports whether a body's message only restates the status: `Not Found`, `Bad Request`.
func isReasonLike(s string) bool {
	switch strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ".!")) {
	case "", "not found", "bad request", "forbidden", "unauthorized", "method not allowed", "not acceptable",
		"unprocessable entity", "conflict", "<n>: not found", "<n>: bad request", "<n>: method not allowed":
		return true
	}
	return isReasonPhrase(s)
}

// genericPage reports whether a server-error signature from a body's headline is a framework's
// generic error page, which names no exception: Django's `Server Error (500)`, `Internal Server
// Error`, Starlette's `500: Internal Server Error`.
func genericPage(s Signature) bool {
	if s.Kind != SigMessage {
		return false
	}
	t := strings.ToLower(strings.TrimRight(strings.TrimSpace(s.Text), ".!"))
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "500:"), "<n>:"))
	switch t {
	case "server error (500)", "server error", "internal server error", "a server error occurred", "internal error",
		"error", "unknown error", "500 internal server error", "bad gateway", "502 bad gateway",
		"service unavailable", "503 service unavailable", "gateway timeout", "504 gateway timeout":
		return true
	}
	return false
}

// genericPageText is the signature of a generic error page: said as such, marked generic.
func genericPageText(s Signature) Signature {
	return Signature{Kind: SigMessage, Text: clipKeep(s.Text, genericPageSuffix), Generic: true}
}

// placeStateful files the groups of stateful tests under the run's own operation labels: the
// failing request's path matched with the operations the run names (progress lines, failure and
// error titles, warnings). Groups that become the same are merged. The counts Schemathesis's
// totals are compared with (failed operations, unique failures) are left as they were.
func (r *Run) placeStateful() {
	var t Templates
	any := false
	for _, g := range r.Groups {
		if g.Stateful {
			any = true
		} else {
			t.Add(g.Operation)
		}
	}
	if !any {
		return
	}
	for l := range r.progressLabels {
		t.Add(l)
	}
	for _, e := range r.Errors {
		t.Add(e.Operation)
	}
	for _, l := range r.warnedOps {
		t.Add(l)
	}
	out := r.Groups[:0]
	for _, g := range r.Groups {
		if g.Stateful && g.reqPath != "" {
			method, _, _ := strings.Cut(g.Operation, " ")
			label, ok := t.Match(method, g.reqPath)
			if !ok {
				// No operation of this method on the path: the template another method names for
				// it, with the request's own method (DELETE /vessels/{vessel_id}/ beside a PATCH).
				if l, found := t.MatchAnyMethod(g.reqPath); found {
					_, tmpl, _ := strings.Cut(l, " ")
					label, ok = method+" "+tmpl, true
				}
			}
			if ok && label != g.Operation {
				delete(r.groups, g.key())
				g.Operation = label
				if m := r.groups[g.key()]; m != nil {
					m.merge(g)
					continue
				}
				r.groups[g.key()] = g
			}
		}
		out = append(out, g)
	}
	clear(r.Groups[len(out):])
	r.Groups = out
	r.recent = recentGroups{}
	r.epoch++
}

// genericTriggers looks, for each group whose cause is a generic error page, for what its failing
// requests have in common: the one query parameter or body field whose value every sample's
// failing request sends alike. It names it when exactly one stands out; the cause stays marked
// generic, as the page itself names nothing, and its text (the group's key) unchanged.
func (r *Run) genericTriggers() {
	for _, g := range r.Groups {
		if !g.Signature.Generic || len(g.Samples) < 2 || !strings.HasSuffix(g.Signature.Text, genericPageSuffix) {
			continue
		}
		if what, ok := sharedInput(g.Samples); ok {
			g.Signature.Trigger = "every failing case sends " + what
		}
	}
}

const genericPageSuffix = " (generic error page, no exception shown)"

// sharedInput returns the one input (query parameter or top-level JSON body field) with the same
// value in the failing request of every sample, when exactly one is.
func sharedInput(samples []Sample) (string, bool) {
	var common map[string]string
	for _, s := range samples {
		in, ok := requestInputs(s.Reproduce)
		if !ok {
			return "", false
		}
		if common == nil {
			common = in
			continue
		}
		for k, v := range common {
			if in[k] != v {
				delete(common, k)
			}
		}
	}
	if len(common) != 1 {
		return "", false
	}
	for k, v := range common {
		return k + " = " + clip(v, 40), true
	}
	return "", false
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return headOf(s, n) + "…"
}

// requestInputs lists the query parameters and top-level JSON body fields of the last curl
// command of a reproduce chain, with their values as text.
func requestInputs(cmds []string) (map[string]string, bool) {
	for i := len(cmds) - 1; i >= 0; i-- {
		cmd := strings.TrimSpace(cmds[i])
		if !strings.HasPrefix(cmd, "curl ") {
			continue
		}
		out := map[string]string{}
		words := shellWords(cmd)
		for j := 1; j < len(words); j++ {
			w := words[j]
			switch {
			case (w == "-d" || w == "--data" || w == "--data-raw") && j+1 < len(words):
				var obj map[string]json.RawMessage
				if json.Unmarshal([]byte(words[j+1]), &obj) == nil {
					for k, v := range obj {
						out["body field `"+k+"`"] = string(v)
					}
				}
				j++
			case w == "-H" || w == "--header" || w == "-X" || w == "--request":
				j++
			case strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://"):
				if _, q, ok := strings.Cut(w, "?"); ok {
					for kv := range strings.SplitSeq(q, "&") {
						k, v, _ := strings.Cut(kv, "=")
						out["query parameter `"+k+"`"] = v
					}
				}
			}
		}
		return out, true
	}
	return nil, false
}
