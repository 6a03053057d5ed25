package classify

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Signature is a short, stable description of a failure's root cause, used to split and join clusters.
type Signature struct {
	Kind string `json:"kind"` // "exception", "schema", "status", "content-type", "message", "" (none found)
	Text string `json:"text"` // e.g. "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'", "<value> is not of type 'integer' at /properties/count", "received 404: Not found."
	// Generic: the text says only which check failed, or that the server failed (a framework's
	// generic error page): failures of different operations are not joined on it.
	Generic bool `json:"generic,omitempty"`
	// Trigger is, for a generic error page, the one request input every kept sample's failing
	// request sends alike (`body field `x` = -1`): where to look. Set when the run is finished.
	Trigger string `json:"trigger,omitempty"`
}

// Signature kinds.
const (
	SigException   = "exception"
	SigSchema      = "schema"
	SigStatus      = "status"
	SigContentType = "content-type"
	SigMessage     = "message"
)

// maxSignature is the longest Text a signature has, in characters.
const maxSignature = 160

// SignatureOf derives the signature of one failure from its check name, status code, check message and body.
//
// A server error (the not_a_server_error check, or any 5xx response) is described by the exception
// the body names, whatever check failed: the exception is the root cause of a 5xx that also breaks
// the documented status or content type. Otherwise the check's own message decides: the first schema
// violation, the received and documented status codes or media types, or the first message line.
func SignatureOf(check string, status int, message, body string) Signature {
	message = normalizeNewlines(headTail(message, maxSigInput, 0))
	body = cleanBody(body)
	if check == "not_a_server_error" || status >= 500 {
		s := serverErrorSignature(body)
		if s.Kind == SigException || (check == "not_a_server_error" && s.Kind != "") {
			if genericPage(s) {
				return genericPageText(s)
			}
			return s
		}
	}
	var s Signature
	switch check {
	case "response_schema_conformance":
		s = schemaSignature(message)
	case "status_code_conformance":
		s = statusSignature(message, status)
		if s.Kind != "" && status >= 400 && status < 500 {
			if m := clientErrorMessage(body); m != "" {
				s.Text = clipSig(s.Text + ": " + m)
			}
		}
	case "content_type_conformance":
		s = contentTypeSignature(message)
	case "max_response_time":
		s = responseTimeSignature(message)
	case "":
		// Unknown title: the Received/Documented pair still says which kind it is.
		if _, ok := messageField(message, "Received"); ok {
			if s = statusSignature(message, 0); s.Kind == "" {
				s = contentTypeSignature(message)
			}
		}
	default:
		s = specificSignature(check, status, message, body)
	}
	if s.Kind != "" {
		return s
	}
	s = messageSignature(message)
	s.Generic = s.Kind != "" && isGenericSentence(firstNonBlank(message))
	return s
}

// readsBody reports whether the signature of a failure depends on its body: server errors are
// described by what the body says, and so are the 4xx responses of a status or positive-data
// failure (the field the server rejected and why).
func readsBody(check string, status int) bool {
	return check == "not_a_server_error" || status >= 500 ||
		status >= 400 && (check == "status_code_conformance" || check == "positive_data_acceptance")
}

// normalizeNewlines turns CRLF and bare CR line ends into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// maxSigInput bounds the text the extractors read: a huge body keeps its head, where exception pages
// name the exception, and its tail, where a traceback ends.
const (
	maxSigInput = 64 << 10
	maxSigTail  = 16 << 10
	maxSigLine  = 1 << 10 // the longest line masked; a signature keeps far less
)

// headTail cuts s to at most max bytes: its head and, when tail > 0, its last tail bytes, on
// UTF-8 boundaries.
func headTail(s string, max, tail int) string {
	if len(s) <= max {
		return s
	}
	head := runeStart(s, max-tail)
	if tail == 0 {
		return s[:head]
	}
	return s[:head] + "\n" + s[runeStart(s, len(s)-tail):]
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// cleanBody prepares a body excerpt: LF line ends, no truncation marker, nothing for `<EMPTY>`.
func cleanBody(body string) string {
	body = normalizeNewlines(headTail(body, maxSigInput, maxSigTail))
	body = strings.TrimSuffix(strings.TrimRight(body, " \n"), "// Output truncated...")
	if t := strings.TrimSpace(body); t == "<EMPTY>" || t == "" {
		return ""
	}
	return body
}

// messageSignature is the first non-empty message line, masked.
func messageSignature(message string) Signature {
	line := firstNonBlank(message)
	if line == "" {
		return Signature{}
	}
	return Signature{Kind: SigMessage, Text: clipSig(maskVolatile(headOf(line, 400)))}
}

// headOf cuts s to at most n bytes at a rune boundary, before the masking expressions see it. It
// backs up at most the length of one rune: bytes that are not UTF-8 are cut where they stand.
func headOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := n; i > 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}

// firstNonBlank returns the first non-blank line of s, trimmed.
func firstNonBlank(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// messageField returns the value of the first `Name: value` line of a message.
func messageField(message, name string) (string, bool) {
	for line := range strings.SplitSeq(message, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name); ok && v != "" && v[0] == ':' {
			return strings.TrimSpace(v[1:]), true
		}
	}
	return "", false
}

// --- server errors ---

// serverErrorSignature names the exception a 5xx body reports, or failing that its headline.
func serverErrorSignature(body string) Signature {
	if strings.TrimSpace(body) == "" {
		return Signature{}
	}
	for _, extract := range []func(string) (string, string, bool){
		djangoHTMLException,
		werkzeugException,
		djangoTextException,
	} {
		if typ, val, ok := extract(body); ok {
			return exceptionSignature(typ, val)
		}
	}
	if s, ok := jsonErrorSignature(body); ok {
		return s
	}
	text := body
	if looksHTML(body) {
		text = html.UnescapeString(body)
	}
	for _, extract := range []func(string) (string, string, bool){
		pythonTraceback,
		djangoReportLines,
	} {
		if typ, val, ok := extract(text); ok {
			return exceptionSignature(typ, val)
		}
	}
	for _, extract := range []func(string) (string, string, bool){
		expressException,
		stackTraceException,
	} {
		if typ, val, ok := extract(body); ok {
			return exceptionSignature(typ, val)
		}
	}
	return headlineSignature(body)
}

// exceptionSignature formats an exception type and value: "TypeError: unsupported operand ...".
func exceptionSignature(typ, value string) Signature {
	value = strings.TrimSpace(value)
	if value == "" || value == "No exception message supplied" || value == "No message available" {
		return Signature{Kind: SigException, Text: clipSig(typ)}
	}
	return Signature{Kind: SigException, Text: clipSig(typ + ": " + maskVolatile(value))}
}

var (
	// Django's debug page: `<title>TypeError\n          at /api/path/</title>`.
	djangoTitle = regexp.MustCompile(`(?s)<title>\s*([A-Za-z_][\w.]*)\s+at\s+/[^<]*</title>`)
	// Its exception value, only when the closing tag survived the truncation.
	djangoValue = regexp.MustCompile(`(?s)<pre class="exception_value">(.*?)</pre>`)
	// The Werkzeug debugger: `<title>KeyError: 'x' // Werkzeug Debugger</title>`.
	werkzeugTitle = regexp.MustCompile(`(?s)<title>(.*?)\s*//\s*Werkzeug Debugger\s*</title>`)
	// Django's plain-text technical 500: `TypeError at /api/path/` then the value.
	djangoTextHead = regexp.MustCompile(`^([A-Za-z_][\w.]*) at (/\S*)$`)
	// The summary lines at the end of Django's traceback text.
	djangoReport = regexp.MustCompile(`Exception Type: ([A-Za-z_][\w.]*)(?: at \S+)?[ \t]*\nException Value: ([^\n]*)`)
	// Express's development error page: `<pre>TypeError: msg<br> &nbsp; &nbsp;at ...`.
	expressPre = regexp.MustCompile(`(?s)<pre>(.*?)(?:<br\s*/?>|</pre>)`)
	// An exception line: `TypeError: msg`, `java.lang.IllegalStateException: msg`, `KeyError`.
	exceptionLine = regexp.MustCompile(`^([A-Za-z_$][\w.$]*)(?::\s?(.*))?$`)
)

func djangoHTMLException(body string) (string, string, bool) {
	m := djangoTitle.FindStringSubmatch(body)
	if m == nil || m[1] == "Report" {
		return "", "", false
	}
	var value string
	if v := djangoValue.FindStringSubmatch(body); v != nil {
		value = firstNonBlank(html.UnescapeString(v[1]))
	}
	return m[1], value, true
}

func werkzeugException(body string) (string, string, bool) {
	m := werkzeugTitle.FindStringSubmatch(body)
	if m == nil {
		return "", "", false
	}
	title := strings.Join(strings.Fields(html.UnescapeString(m[1])), " ")
	e := exceptionLine.FindStringSubmatch(title)
	if e == nil {
		return "", "", false
	}
	return e[1], e[2], true
}

func djangoTextException(body string) (string, string, bool) {
	lines := strings.SplitN(strings.TrimLeft(body, " \n"), "\n", 3)
	m := djangoTextHead.FindStringSubmatch(strings.TrimSpace(lines[0]))
	if m == nil || m[1] == "Report" {
		return "", "", false
	}
	var value string
	if len(lines) > 1 && !strings.HasPrefix(lines[1], "Request Method:") {
		value = strings.TrimSpace(lines[1])
	}
	return m[1], value, true
}

func djangoReportLines(text string) (string, string, bool) {
	m := djangoReport.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// pythonTraceback returns the exception line that ends the last traceback in text.
func pythonTraceback(text string) (string, string, bool) {
	const head = "Traceback (most recent call last):"
	i := strings.LastIndex(text, head)
	if i < 0 {
		return "", "", false
	}
	rest := text[i+len(head):]
	if !strings.HasPrefix(strings.TrimLeft(rest, " "), "\n") && strings.HasPrefix(rest, `\n`) {
		// A traceback inside a JSON string that could not be decoded (cut short).
		rest = strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`).Replace(rest)
	}
	for line := range strings.SplitSeq(rest, "\n") {
		if strings.TrimSpace(line) == "" || line[0] == ' ' || line[0] == '\t' {
			continue // frames and source lines are indented
		}
		if m := exceptionLine.FindStringSubmatch(strings.TrimRight(line, " ")); m != nil {
			return m[1], m[2], true
		}
		return "", "", false
	}
	return "", "", false
}

func expressException(body string) (string, string, bool) {
	m := expressPre.FindStringSubmatch(body)
	if m == nil {
		return "", "", false
	}
	return exceptionFromLine(html.UnescapeString(m[1]))
}

// stackTraceException finds a Java or Node.js stack trace: an exception line followed by `at ...` frames.
func stackTraceException(text string) (string, string, bool) {
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "at ") {
			continue
		}
		if typ, val, ok := exceptionFromLine(lines[i]); ok {
			return typ, val, true
		}
	}
	return "", "", false
}

// exceptionFromLine splits `TypeError: msg` when the name before the colon looks like an exception.
func exceptionFromLine(line string) (string, string, bool) {
	m := exceptionLine.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil || !isExceptionName(m[1]) {
		return "", "", false
	}
	return m[1], m[2], true
}

// isExceptionName reports whether s reads as an exception class: `TypeError`, `Error`,
// `java.lang.NullPointerException`, `ObjectDoesNotExist`.
func isExceptionName(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	last := s[strings.LastIndex(s, ".")+1:]
	if last == "" || !unicode.IsUpper(rune(last[0])) {
		return false
	}
	for _, suffix := range []string{"Error", "Exception", "Exit", "Interrupt", "Fault", "DoesNotExist", "MultipleObjectsReturned"} {
		if strings.HasSuffix(last, suffix) {
			return true
		}
	}
	return false
}

// JSON error bodies: the keys frameworks use, in order of preference.
var (
	jsonTypeKeys    = []string{"exception", "exception_type", "exc_type", "exceptionType", "exception_class", "type"}
	jsonMessageKeys = []string{"detail", "message", "error", "msg", "title", "error_message", "errorMessage", "description", "reason"}
	jsonTraceKeys   = []string{"trace", "traceback", "stack", "stackTrace", "stacktrace", "stack_trace", "exc_info"}
)

// jsonErrorSignature reads a JSON error body; a body cut short falls back to its complete string fields.
func jsonErrorSignature(body string) (Signature, bool) {
	t := strings.TrimSpace(body)
	if !strings.HasPrefix(t, "{") {
		return Signature{}, false
	}
	var obj map[string]any
	d := json.NewDecoder(strings.NewReader(t))
	d.UseNumber()
	if err := d.Decode(&obj); err != nil {
		obj = jsonStringFields(t)
	}
	return jsonObjectSignature(obj, 0)
}

// jsonStringFields returns the `"key": "value"` pairs of JSON text cut short, the first of each key,
// at any depth; a string the cut left open is not used. It reads the text once.
func jsonStringFields(t string) map[string]any {
	fields := map[string]any{}
	// next returns the end of the string token starting at i (just after its closing quote), or -1.
	next := func(i int) int {
		for j := i + 1; j < len(t); j++ {
			switch t[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return -1
	}
	skipSpace := func(i int) int {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r') {
			i++
		}
		return i
	}
	for i := 0; i < len(t); {
		if t[i] != '"' {
			i++
			continue
		}
		end := next(i)
		if end < 0 {
			break
		}
		j := skipSpace(end)
		if j >= len(t) || t[j] != ':' {
			i = end // a value, or a string in a list
			continue
		}
		var key string
		if json.Unmarshal([]byte(t[i:end]), &key) != nil {
			i = end
			continue
		}
		k := skipSpace(j + 1)
		if k >= len(t) || t[k] != '"' {
			i = k
			continue
		}
		vend := next(k)
		if vend < 0 {
			break
		}
		var value string
		if _, seen := fields[key]; !seen && json.Unmarshal([]byte(t[k:vend]), &value) == nil {
			fields[key] = value
		}
		i = vend
	}
	return fields
}

func jsonObjectSignature(obj map[string]any, depth int) (Signature, bool) {
	var typ string
	for _, k := range jsonTypeKeys {
		if s, ok := obj[k].(string); ok && s != "" && (k != "type" || isExceptionName(s)) {
			typ = s
			break
		}
	}
	// A message is a string, or a structure (an object, a number) rendered as compact JSON; the
	// strings inside a structure are the server's words, so their quotes are not masked.
	type message struct {
		text       string
		structured bool
	}
	var msgs []message
	structure := func(v any) {
		if b, err := json.Marshal(v); err == nil {
			msgs = append(msgs, message{string(b), true})
		}
	}
	for _, k := range jsonMessageKeys {
		switch v := obj[k].(type) {
		case string:
			if v = strings.TrimSpace(v); v != "" {
				msgs = append(msgs, message{text: v})
			}
		case map[string]any:
			if depth == 0 && typ == "" {
				if s, ok := jsonObjectSignature(v, depth+1); ok {
					return s, true // {"error": {"type": "...", "message": "..."}}
				}
			}
			structure(v)
		case []any:
			if s := jsonListMessage(v); s != "" {
				msgs = append(msgs, message{text: s})
			} else if len(v) > 0 {
				structure(v)
			}
		case nil:
		default:
			structure(v)
		}
	}
	if s := jsonListMessage(jsonList(obj["errors"])); s != "" {
		msgs = append(msgs, message{text: s})
	}
	// The most specific message: not a bare reason phrase when there is anything better.
	var msg message
	for _, m := range msgs {
		if typ == "" && !m.structured && isExceptionName(m.text) && len(msgs) > 1 {
			typ = m.text // {"error": "ValidationError", "message": "..."}
			continue
		}
		if msg.text == "" || isReasonPhrase(msg.text) && !isReasonPhrase(m.text) {
			msg = m
		}
	}
	if typ == "" {
		for _, k := range jsonTraceKeys {
			if s, ok := obj[k].(string); ok {
				if t, v, ok := traceException(s); ok {
					return exceptionSignature(t, v), true
				}
			}
		}
	}
	switch {
	case typ != "":
		switch {
		case msg.text == typ || isReasonPhrase(msg.text):
			return exceptionSignature(typ, ""), true
		case msg.structured:
			return Signature{Kind: SigException, Text: clipSig(typ + ": " + maskTokens(msg.text))}, true
		}
		return exceptionSignature(typ, msg.text), true
	case msg.structured:
		return Signature{Kind: SigMessage, Text: clipSig(maskTokens(msg.text))}, true
	case msg.text != "":
		line := firstNonBlank(msg.text)
		if t, v, ok := exceptionFromLine(line); ok {
			return exceptionSignature(t, v), true
		}
		return Signature{Kind: SigMessage, Text: clipSig(maskVolatile(line))}, true
	}
	return Signature{}, false
}

func jsonList(v any) []any {
	l, _ := v.([]any)
	return l
}

// jsonListMessage returns the message of a list's first element: a string or an object's message.
func jsonListMessage(l []any) string {
	if len(l) == 0 {
		return ""
	}
	switch v := l[0].(type) {
	case string:
		return v
	case map[string]any:
		for _, k := range jsonMessageKeys {
			if s, ok := v[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// traceException reads the exception from a trace field: a Python traceback or a Java/Node stack.
func traceException(s string) (string, string, bool) {
	s = normalizeNewlines(s)
	if t, v, ok := pythonTraceback(s); ok {
		return t, v, true
	}
	return exceptionFromLine(firstNonBlank(s))
}

// isReasonPhrase reports whether s only restates that the server failed.
func isReasonPhrase(s string) bool {
	switch strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ".!")) {
	case "internal server error", "server error", "a server error occurred", "internal error",
		"bad gateway", "service unavailable", "gateway timeout", "error", "unknown error":
		return true
	}
	return false
}

var (
	htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlH1    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	htmlPre   = regexp.MustCompile(`(?is)<pre[^>]*>(.*?)</pre>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

func looksHTML(body string) bool {
	t := strings.ToLower(strings.TrimSpace(body))
	return strings.HasPrefix(t, "<!doctype") || strings.HasPrefix(t, "<html") || strings.HasPrefix(t, "<head") ||
		strings.HasPrefix(t, "<body") || strings.Contains(t, "<title>")
}

// headlineSignature is what a body without an exception says: the HTML title or heading, or the
// first text line (`502 Bad Gateway`, `Internal Server Error`).
func headlineSignature(body string) Signature {
	var line string
	if looksHTML(body) {
		// The title, unless it only says "Error" (Express) and a heading or <pre> says more.
		for _, re := range []*regexp.Regexp{htmlTitle, htmlH1, htmlPre} {
			if m := re.FindStringSubmatch(body); m != nil {
				if t := collapseSpace(html.UnescapeString(htmlTag.ReplaceAllString(m[1], " "))); t != "" {
					if line = t; !strings.EqualFold(t, "error") {
						break
					}
				}
			}
		}
		if line == "" {
			line = firstNonBlank(html.UnescapeString(htmlTag.ReplaceAllString(body, "\n")))
		}
	} else if t := strings.TrimSpace(body); !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") && utf8.ValidString(t) {
		line = firstNonBlank(t)
		if typ, val, ok := exceptionFromLine(line); ok {
			return exceptionSignature(typ, val)
		}
	}
	if line == "" {
		return Signature{}
	}
	return Signature{Kind: SigMessage, Text: clipSig(maskVolatile(headOf(line, 400)))}
}

// --- schema violations ---

var (
	// Violations whose leading value is the cause (a property name, the constant expected): kept whole.
	// Violations that start with the instance: the value is masked, the keyword part kept.
	failedIn     = regexp.MustCompile(`^Failed validating '[^']*' in (?:schema|metaschema)((?:\[[^\]]*\])*):?$`)
	pySubscript  = regexp.MustCompile(`\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]`)
	jsonErrorPos = regexp.MustCompile(`^(.*?):? line \d+ column \d+ \(char \d+\)$`)
)

// schemaSignature describes the first schema violation of a response_schema_conformance message.
func schemaSignature(message string) Signature {
	if s, ok := jsonDeserializationSignature(message); ok {
		return s
	}
	lines := splitLines(message, 64) // the violation is near the top; the rest is its Value
	for raw, ok := lines.next(); ok; raw, ok = lines.next() {
		line := strings.TrimSpace(raw)
		if line == "" || isSchemaPreamble(line) {
			continue
		}
		text, ok := violationText(line)
		if !ok {
			return Signature{Kind: SigSchema, Text: clipSig(maskVolatile(headOf(line, 400)))}
		}
		at := ""
		if p := schemaPath(lines); p != "" {
			at = " at " + p
		}
		return Signature{Kind: SigSchema, Text: clipKeep(text, at)}
	}
	return Signature{}
}

// schemaExtent returns the head of a response_schema_conformance message that schemaSignature
// reads — through the line naming the schema location, or `Value:` — or the whole message when
// it cannot tell. Failures that differ only in the schema and value printed below it share a
// signature, and the signature cache keys them by this head.
func schemaExtent(message string) string {
	if len(message) > maxSigInput || strings.IndexByte(message, '\r') >= 0 {
		return message // SignatureOf cuts or rewrites it first
	}
	if h := firstNonBlank(message); strings.HasPrefix(h, "Response must be valid JSON") || strings.HasPrefix(h, "JSON deserialization error") {
		return message // jsonDeserializationSignature reads every line
	}
	violation := false // the first line schemaSignature reads as the violation
	start := 0
	for range 63 { // schemaSignature reads at most 64 elements, the last being the rest
		end := len(message)
		if i := strings.IndexByte(message[start:], '\n'); i >= 0 {
			end = start + i
		}
		line := strings.TrimSpace(message[start:end])
		switch {
		case !violation:
			violation = line != "" && !isSchemaPreamble(line)
		case line == "Value:" || isSchemaAt(line):
			return message[:end] // where schemaPath stops
		case strings.HasPrefix(line, "Schema") || strings.HasPrefix(line, "Failed validating '"):
			return message // a line schemaPath reads further than this (an odd location, 3.x's "Failed validating")
		}
		if end == len(message) {
			break
		}
		start = end + 1
	}
	return message
}

// isSchemaAt reports whether line is `Schema:` or `Schema at <path>:` with a path that starts
// with no white space: the expression ^Schema(?: at (\S.*?))?:$ (the oracle of its test).
func isSchemaAt(line string) bool {
	if line == "Schema:" {
		return true
	}
	path, ok := strings.CutPrefix(line, "Schema at ")
	return ok && len(path) >= 2 && path[len(path)-1] == ':' && !strings.ContainsRune(" \t\n\f\r", rune(path[0]))
}

// lineCursor yields what strings.SplitN(s, "\n", n) returns, one element at a time, without
// building the slice.
type lineCursor struct {
	rest string
	left int
	done bool
}

func splitLines(s string, n int) lineCursor { return lineCursor{rest: s, left: n} }

func (c *lineCursor) next() (string, bool) {
	if c.done || c.left == 0 {
		return "", false
	}
	c.left--
	if c.left == 0 {
		c.done = true
		return c.rest, true // the last element is the rest, line breaks and all
	}
	line, rest, found := strings.Cut(c.rest, "\n")
	c.rest, c.done = rest, !found
	return line, true
}

// isSchemaPreamble reports the lines 3.0–3.20 prints before the violation.
func isSchemaPreamble(line string) bool {
	return strings.HasPrefix(line, "The received response does not conform to the defined schema") ||
		line == "Details:"
}

// violationText masks the instance in a jsonschema message, or reports false when it is not one.
func violationText(line string) (string, bool) {
	// A long line is a long instance value before the keyword phrase, which is near the end: the
	// value is masked anyway, and the regular expressions stay fast.
	if len(line) > 400 {
		cut := -1
		for _, k := range []string{" is ", " has ", " does ", " should ", " was "} {
			if i := strings.Index(line, k); i > 0 && (cut < 0 || i < cut) {
				cut = i
			}
		}
		if cut > 64 {
			line = "… " + line[cut+1:]
		}
		line = headOf(line, 600)
	}
	// Every jsonschema message has one of these words; most lines of a Value block have none.
	if !strings.Contains(line, " is ") && !strings.Contains(line, " has ") && !strings.Contains(line, " does ") &&
		!strings.Contains(line, " should ") && !strings.Contains(line, "allowed") && !strings.Contains(line, "expected") &&
		!strings.Contains(line, " was ") {
		return "", false
	}
	switch {
	case keepViolation(line):
		return line, true
	case strings.HasPrefix(line, "False schema does not allow ") && len(line) > len("False schema does not allow "):
		return "False schema does not allow <value>", true
	}
	if rest, ok := predicate(line); ok {
		return "<value> " + rest, true
	}
	return "", false
}

// schemaPath returns the schema location printed after a violation, array indices dropped.
func schemaPath(lines lineCursor) string {
	for raw, ok := lines.next(); ok; raw, ok = lines.next() {
		line := strings.TrimSpace(raw)
		if !strings.HasPrefix(line, "Schema") && !strings.HasPrefix(line, "Failed validating '") {
			if line == "Value:" {
				break
			}
			continue // no location: most lines are the schema itself
		}
		if isSchemaAt(line) {
			if line == "Schema:" {
				return ""
			}
			return dropIndices(line[len("Schema at ") : len(line)-1])
		}
		if m := failedIn.FindStringSubmatch(line); m != nil {
			var b strings.Builder
			for _, s := range pySubscript.FindAllStringSubmatch(m[1], -1) {
				b.WriteString("/" + s[1] + s[2])
			}
			return dropIndices(b.String())
		}
	}
	return ""
}

// isIndex reports whether strconv.Atoi accepts s, without the error it would build for a name.
func isIndex(s string) bool {
	if s == "" || s[0] != '+' && s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// dropIndices removes array indices from a schema path (/items/0 → /items); the branch of an
// allOf, anyOf or oneOf is kept, as it names a different subschema.
func dropIndices(path string) string {
	if !strings.ContainsAny(path, "0123456789") {
		return path // no segment is a number
	}
	segs := strings.Split(path, "/")
	out := segs[:0]
	for i, s := range segs {
		if isIndex(s) && i > 0 {
			switch segs[i-1] {
			case "allOf", "anyOf", "oneOf":
			default:
				continue
			}
		}
		out = append(out, s)
	}
	return strings.Join(out, "/")
}

// jsonDeserializationSignature reads `Response must be valid JSON ...` with the decoder's error,
// its position removed.
func jsonDeserializationSignature(message string) (Signature, bool) {
	head := firstNonBlank(message)
	if !strings.HasPrefix(head, "Response must be valid JSON") && !strings.HasPrefix(head, "JSON deserialization error") {
		return Signature{}, false
	}
	for line := range strings.SplitSeq(message, "\n") {
		if m := jsonErrorPos.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			// The decoder's own words: "Expecting ',' delimiter" keeps its quotes.
			return Signature{Kind: SigSchema, Text: clipSig("JSON deserialization error: " + m[1])}, true
		}
	}
	return Signature{Kind: SigSchema, Text: "JSON deserialization error"}, true
}

// --- status codes and content types ---

var (
	legacyStatus   = regexp.MustCompile(`which is not defined in the schema: (\d{3})`)
	legacyMedia    = regexp.MustCompile(`Received a response with '([^']*)' Content-Type`)
	documentedItem = regexp.MustCompile("^- `([^`]+)`$")
)

// statusSignature reads `Received: 404` / `Documented: 200, 401` (3.21+ and 4.x) or the 3.0–3.20 wording.
func statusSignature(message string, status int) Signature {
	received, ok := messageField(message, "Received")
	if !ok {
		if m := legacyStatus.FindStringSubmatch(message); m != nil {
			received = m[1]
		} else if status > 0 {
			received = strconv.Itoa(status)
		}
	}
	if _, err := strconv.Atoi(received); err != nil {
		return Signature{}
	}
	// The documented list is the operation's, not the cause's: two operations that answer 400 for
	// one reason share the cause whatever they document.
	return Signature{Kind: SigStatus, Text: clipSig("received " + received)}
}

// contentTypeSignature reads `Received: text/html` / `Documented: application/json`, the missing
// header's documented list, or the first message line.
func contentTypeSignature(message string) Signature {
	received, ok := messageField(message, "Received")
	if !ok {
		if m := legacyMedia.FindStringSubmatch(message); m != nil {
			received, ok = m[1], true
		}
	}
	documented, dok := messageField(message, "Documented")
	if !dok {
		documented, dok = messageField(message, "Defined content types")
	}
	switch {
	case ok:
		text := "received " + normalizeMediaType(received)
		if dok && documented != "" {
			text += ", documented " + joinList(documented, normalizeMediaType)
		}
		return Signature{Kind: SigContentType, Text: clipSig(text)}
	case strings.Contains(message, "media types are documented"):
		var types []string
		for line := range strings.SplitSeq(message, "\n") {
			if m := documentedItem.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				types = append(types, normalizeMediaType(m[1]))
			}
		}
		text := "missing Content-Type"
		if len(types) > 0 {
			text += ", documented " + strings.Join(types, ", ")
		}
		return Signature{Kind: SigContentType, Text: clipSig(text)}
	}
	if line := firstNonBlank(message); line != "" {
		return Signature{Kind: SigContentType, Text: clipSig(maskVolatile(line))}
	}
	return Signature{}
}

// normalizeMediaType lower-cases a media type and spaces its parameters one way:
// `text/plain;charset=UTF-8` → `text/plain; charset=utf-8`.
func normalizeMediaType(s string) string {
	parts := strings.Split(s, ";")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(p))
	}
	return strings.Join(parts, "; ")
}

// joinList normalises a comma-separated list.
func joinList(s string, norm func(string) string) string {
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, norm(p))
		}
	}
	return strings.Join(out, ", ")
}

// responseTimeSignature keeps the limit of `Actual: 105.00ms` / `Limit: 50.00ms`; the actual time varies.
func responseTimeSignature(message string) Signature {
	if limit, ok := responseTimeLimit(message); ok {
		return Signature{Kind: SigMessage, Text: clipSig("response time above " + limit)}
	}
	return Signature{}
}

// responseTimeLimit is all of a max_response_time message its signature reads, when present.
func responseTimeLimit(message string) (string, bool) {
	limit, ok := messageField(message, "Limit")
	return limit, ok && limit != ""
}

// --- masking ---

var (
	maskUUID    = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	maskTime    = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}\b)?)?`)
	maskClock   = regexp.MustCompile(`\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b`)
	maskAddr    = regexp.MustCompile(`\b0x[0-9a-fA-F]{4,}\b`)
	maskEmail   = regexp.MustCompile(`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`)
	maskHex     = regexp.MustCompile(`\b[0-9a-fA-F]{16,}\b`)
	maskNumber  = regexp.MustCompile(`\b\d+(?:\.\d+)*(?:[eE][+-]?\d+)?\b`)
	quotedIdent = regexp.MustCompile(`^[A-Za-z_][\w.:\-()\[\]$#/]{0,63}$`)
)

// maskVolatile replaces the values that vary between test cases of one cause: addresses, UUIDs,
// timestamps, e-mail addresses, hex tokens, numbers of four digits or more, and quoted strings that
// are data rather than names ('NoneType' and 'id' stay, 'Ωx 7' becomes '<str>').
func maskVolatile(s string) string {
	return collapseSpace(maskQuoted(maskTokens(s)))
}

// maskTokens masks the volatile tokens of maskVolatile, leaving quoted strings alone.
func maskTokens(s string) string {
	s = headTail(s, maxSigLine, 0)
	// Each expression runs only when s has what it matches: this is on the path of every failure.
	digits, dashes, hexRun, longestHex := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			hexRun++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hexRun++
		case c == '-':
			dashes++
			hexRun = 0
		default:
			hexRun = 0
		}
		longestHex = max(longestHex, hexRun)
	}
	if strings.IndexByte(s, '@') >= 0 {
		s = maskEmail.ReplaceAllString(s, "<email>")
	}
	if digits == 0 {
		return s
	}
	if dashes >= 4 && len(s) >= 36 {
		s = maskUUID.ReplaceAllString(s, "<uuid>")
	}
	if dashes >= 2 {
		s = maskTime.ReplaceAllString(s, "<time>")
	}
	if strings.IndexByte(s, ':') >= 0 {
		s = maskClock.ReplaceAllString(s, "<time>")
	}
	if strings.Contains(s, "0x") {
		s = maskAddr.ReplaceAllString(s, "<addr>")
	}
	if digits >= 4 {
		s = maskNumber.ReplaceAllStringFunc(s, func(n string) string {
			digits := 0
			for _, c := range n {
				if c >= '0' && c <= '9' {
					digits++
				}
			}
			if digits >= 4 {
				return "<n>"
			}
			return n
		})
	}
	if longestHex >= 16 {
		s = maskHex.ReplaceAllStringFunc(s, func(h string) string {
			if strings.ContainsAny(h, "0123456789") {
				return "<hex>"
			}
			return h
		})
	}
	return s
}

// maskQuoted replaces the content of quoted strings that are not identifiers with <str>. A quote
// opens only after a non-word character and closes only before one, so apostrophes stay.
func maskQuoted(s string) string {
	if !strings.ContainsAny(s, `'"`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if (c == '\'' || c == '"') && (i == 0 || !isWordByte(s[i-1])) {
			if j := closingQuote(s, i+1, c); j > 0 {
				inner := s[i+1 : j]
				b.WriteByte(c)
				if inner == "" || quotedIdent.MatchString(inner) || isPlaceholder(inner) {
					b.WriteString(inner)
				} else {
					b.WriteString("<str>")
				}
				b.WriteByte(c)
				i = j + 1
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// closingQuote returns the index of the quote that closes one opened before from, or -1.
func closingQuote(s string, from int, q byte) int {
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\n':
			return -1
		case '\\':
			j++
		case q:
			if j+1 == len(s) || !isWordByte(s[j+1]) {
				return j
			}
		}
	}
	return -1
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isPlaceholder(s string) bool {
	switch s {
	case "<uuid>", "<time>", "<addr>", "<email>", "<hex>", "<n>", "<str>":
		return true
	}
	return false
}

// collapseSpace joins runs of white space into one space.
func collapseSpace(s string) string {
	if singleSpaced(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// singleSpaced reports whether s is ASCII with no leading, trailing or repeated spaces and no
// other white space: what collapseSpace leaves as it is, the usual case.
func singleSpaced(s string) bool {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' && c != 0 || c == ' ' && prev == ' ' {
			return false
		}
		prev = c
	}
	return prev != ' ' || s == ""
}

// clipSig cuts s to maxSignature characters, marking the cut with "...".
func clipSig(s string) string {
	s = collapseSpace(s)
	if utf8.RuneCountInString(s) <= maxSignature {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:maxSignature-3]), " ") + "..."
}

// clipKeep cuts head so that head+tail fits in maxSignature characters, keeping tail whole.
func clipKeep(head, tail string) string {
	head = collapseSpace(head)
	room := maxSignature - utf8.RuneCountInString(tail)
	if room < 20 {
		return clipSig(head + tail)
	}
	if utf8.RuneCountInString(head) > room {
		r := []rune(head)
		head = strings.TrimRight(string(r[:room-3]), " ") + "..."
	}
	return head + tail
}

// String renders a signature as "kind: text".
func (s Signature) String() string {
	if s.Kind == "" {
		return ""
	}
	return fmt.Sprintf("%s: %s", s.Kind, s.Text)
}

// schemaPhrases are the jsonschema message predicates that follow the instance value.
var schemaPhrases = []string{
	"is not of type",
	"is not one of",
	"is shorter than",
	"is longer than",
	"has less than",
	"has more than",
	"has fewer than",
	"is less than",
	"is greater than",
	"is not a multiple of",
	"is not a",
	"is not an",
	"does not match",
	"is not valid under",
	"is valid under",
	"should not be valid under",
	"is not allowed for",
	"does not contain",
	"does not have enough properties",
	"has too many properties",
	"has non-unique elements",
	"should be non-empty",
	"is expected to be empty",
	"is too short",
	"is too long",
}

// predicate finds the last schema phrase in line that follows a value, as schemaPredicate matches
// it, and returns the line from the phrase on; strings.LastIndex keeps this fast on long lines.
func predicate(line string) (string, bool) {
	// The expression's greedy `.*` picks the last phrase that follows a non-blank: walk the spaces
	// from the end and stop at the first one a phrase follows.
	for end := len(line); end > 0; {
		i := strings.LastIndexByte(line[:end], ' ')
		if i <= 0 {
			break
		}
		end = i
		if c := line[i-1]; c == ' ' || c == '\t' {
			continue
		}
		rest := line[i+1:]
		if rest == "" {
			continue
		}
		switch rest[0] {
		case 'i', 'h', 'd', 's':
		default:
			continue
		}
		for _, ph := range schemaPhrases {
			if strings.HasPrefix(rest, ph) && (len(rest) == len(ph) || !isWordByte(rest[len(ph)]) || !isWordByte(ph[len(ph)-1])) {
				return rest, true
			}
		}
	}
	return "", false
}

// keepViolation reports the violations whose leading value is the cause (a property name, the
// constant expected), kept whole; it matches what schemaKeep does, without a regular expression.
func keepViolation(line string) bool {
	if i := strings.Index(line, " is a dependency of "); i > 0 && i+len(" is a dependency of ") < len(line) {
		return true
	}
	if i := strings.Index(line, " does not match any of the regexes: "); i > 0 {
		return true
	}
	for _, suffix := range []string{" is a required property", " was expected"} {
		if strings.HasSuffix(line, suffix) && len(line) > len(suffix) {
			return true
		}
	}
	for _, p := range notAllowed {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// notAllowed are the openings of jsonschema's additional and unevaluated properties and items messages.
var notAllowed = func() []string {
	var out []string
	for _, what := range []string{"Additional", "Unevaluated"} {
		for _, kind := range []string{" properties", " items"} {
			for _, verb := range []string{" are", " is"} {
				out = append(out, what+kind+verb+" not allowed")
			}
		}
	}
	return out
}()
