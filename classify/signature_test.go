package classify

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// body reads a hand-written body from testdata/bodies.
func body(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "bodies", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// schemaMessage builds a 3.x violation message as printed: the jsonschema line, then the Schema and
// Value blocks with their JSON indented by eight spaces.
func schemaMessage(first, at, schema, value string) string {
	indent := func(s string) string { return "        " + strings.ReplaceAll(s, "\n", "\n        ") }
	head := "Schema:"
	if at != "" {
		head = "Schema at " + at + ":"
	}
	return "    " + first + "\n\n    " + head + "\n\n" + indent(schema) + "\n\n    Value:\n\n" + indent(value)
}

func TestSignatureOf(t *testing.T) {
	const (
		server = "not_a_server_error"
		schema = "response_schema_conformance"
		status = "status_code_conformance"
		ctype  = "content_type_conformance"
	)
	cases := []struct {
		name    string
		check   string
		status  int
		message string
		body    string
		file    string // read from testdata/bodies when set
		want    Signature
	}{
		// --- server errors ---
		{name: "django debug page: type from title, value from exception_value, entities unescaped",
			check: server, status: 500, file: "django-debug.html",
			want: Signature{Kind: "exception", Text: "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"}},
		{name: "django debug page with CRLF line ends",
			check: server, status: 500, body: crlf(body(t, "django-debug.html")),
			want: Signature{Kind: "exception", Text: "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"}},
		{name: "django debug page cut inside <style>: the type alone",
			check: server, status: 500, file: "django-debug-cut.html",
			want: Signature{Kind: "exception", Text: "IntegrityError"}},
		{name: "django debug page cut inside exception_value: no half value",
			check: server, status: 500, file: "django-debug-value-cut.html",
			want: Signature{Kind: "exception", Text: "DoesNotExist"}},
		{name: "django plain-text technical 500, fuzzed quoted value masked",
			check: server, status: 500, file: "django-technical-500.txt",
			want: Signature{Kind: "exception", Text: "ValueError: Field 'berth_id' expected a number but got '<str>'."}},
		{name: "werkzeug debugger title",
			check: server, status: 500, file: "werkzeug-debugger.html",
			want: Signature{Kind: "exception", Text: "KeyError: 'vessel_id'"}},
		{name: "express development page: first <pre> line, &#39; and &nbsp; handled",
			check: server, status: 500, file: "express-dev.html",
			want: Signature{Kind: "exception", Text: "TypeError: Cannot read properties of undefined (reading 'id')"}},
		{name: "python traceback in a text body: last exception of a chain, address masked",
			check: server, status: 500, file: "python-traceback.txt",
			want: Signature{Kind: "exception", Text: "LookupError: <Vessel object at <addr>> has no berth"}},
		{name: "spring boot JSON with exception and trace",
			check: server, status: 500, file: "spring-boot.json",
			want: Signature{Kind: "exception", Text: `java.lang.NullPointerException: Cannot invoke "com.harbor.berth.Berth.getLength()" because "berth" is null`}},
		{name: "spring boot JSON with only a trace",
			check: server, status: 500,
			body: `{"status":500,"error":"Internal Server Error","trace":"java.lang.IllegalStateException: Berth NLRTM-4 is already assigned\n\tat com.harbor.berth.BerthService.assign(BerthService.java:102)\n","path":"/api/v2/berths/"}`,
			want: Signature{Kind: "exception", Text: "java.lang.IllegalStateException: Berth NLRTM-4 is already assigned"}},
		{name: "spring boot JSON without details: the reason phrase",
			check: server, status: 500,
			body: `{"timestamp":"2024-05-02T09:14:07.311+00:00","status":500,"error":"Internal Server Error","path":"/api/v2/vessels/"}`,
			want: Signature{Kind: "message", Text: "Internal Server Error (generic error page, no exception shown)", Generic: true}},
		{name: "DRF detail",
			check: server, status: 500, body: `{"detail":"A server error occurred."}`,
			want: Signature{Kind: "message", Text: "A server error occurred. (generic error page, no exception shown)", Generic: true}},
		{name: "JSON error with a UUID",
			check: server, status: 503, body: `{"error": "berth allocator for manifest 3f2b1c9e-7d4a-4e2b-9c1d-0a5e6f7b8c9d timed out"}`,
			want: Signature{Kind: "message", Text: "berth allocator for manifest <uuid> timed out"}},
		{name: "JSON message with a timestamp and a long number",
			check: server, status: 500, body: `{"message": "Tide table missing for 2024-05-02T09:14:07Z at port 57812"}`,
			want: Signature{Kind: "message", Text: "Tide table missing for <time> at port <n>"}},
		{name: "JSON exception with a non-string message",
			check: server, status: 500, body: `{"exception": "ValidationError", "message": {"draft": ["must be positive"]}}`,
			want: Signature{Kind: "exception", Text: `ValidationError: {"draft":["must be positive"]}`}},
		{name: "JSON error naming the exception, message beside it",
			check: server, status: 500, body: `{"error": "ZeroDivisionError", "message": "float division by zero"}`,
			want: Signature{Kind: "exception", Text: "ZeroDivisionError: float division by zero"}},
		{name: "truncated JSON: complete string fields only",
			check: server, status: 500, body: `{"detail":"Cargo manifest 48213 could not be priced","hint":"check the tar`,
			want: Signature{Kind: "message", Text: "Cargo manifest <n> could not be priced"}},
		{name: "truncated JSON with an escaped traceback",
			check: server, status: 500,
			body: `{"error":"Internal Server Error","traceback":"Traceback (most recent call last):\n  File \"/srv/harbor/pricing.py\", line 12, in quote\n    return total / tonnes\nZeroDivisionError: division by zero\n","path":"/api/v2/car`,
			want: Signature{Kind: "exception", Text: "ZeroDivisionError: division by zero"}},
		{name: "nginx 502 page",
			check: server, status: 502, file: "nginx-502.html",
			want: Signature{Kind: "message", Text: "502 Bad Gateway (generic error page, no exception shown)", Generic: true}},
		{name: "starlette plain text",
			check: server, status: 500, body: "Internal Server Error",
			want: Signature{Kind: "message", Text: "Internal Server Error (generic error page, no exception shown)", Generic: true}},
		{name: "empty body, empty message",
			check: server, status: 500, body: "<EMPTY>",
			want: Signature{}},
		{name: "JSON body without an error field, 3.0-3.20 message as the fallback",
			check: server, status: 500, message: "Received a response with 5xx status code: 500", body: `{"ok": false}`,
			want: Signature{Kind: "message", Text: "Received a response with 5xx status code: 500"}},
		{name: "undocumented 500 with an exception: the exception is the cause",
			check: status, status: 500, message: "Received: 500\nDocumented: 200, 404", file: "django-debug.html",
			want: Signature{Kind: "exception", Text: "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"}},
		{name: "undocumented 500 without an exception: the status",
			check: status, status: 500, message: "Received: 500\nDocumented: 200, 404", body: "Internal Server Error",
			want: Signature{Kind: "status", Text: "received 500"}},

		// --- schema violations ---
		{name: "type, value masked, path from the Schema line",
			check: schema, status: 200,
			message: schemaMessage("'twelve' is not of type 'integer'", "/properties/count", `{"type": "integer"}`, `"twelve"`),
			want:    Signature{Kind: "schema", Text: "<value> is not of type 'integer' at /properties/count"}},
		{name: "None is not of type",
			check: schema, status: 200,
			message: schemaMessage("None is not of type 'string'", "/properties/flag_state", `{"type": "string"}`, "null"),
			want:    Signature{Kind: "schema", Text: "<value> is not of type 'string' at /properties/flag_state"}},
		{name: "required property kept",
			check: schema, status: 201,
			message: schemaMessage("'imo_number' is a required property", "", `{"required": ["imo_number"]}`, `{"name": "Aurora"}`),
			want:    Signature{Kind: "schema", Text: "'imo_number' is a required property"}},
		{name: "too short",
			check: schema, status: 200,
			message: schemaMessage("[] is too short", "/properties/berths", `{"minItems": 1}`, "[]"),
			want:    Signature{Kind: "schema", Text: "<value> is too short at /properties/berths"}},
		{name: "enum with array index dropped",
			check: schema, status: 200,
			message: schemaMessage("'docked ' is not one of ['docked', 'at_sea']", "/properties/legs/items/0/properties/state", `{"enum": ["docked", "at_sea"]}`, `"docked "`),
			want:    Signature{Kind: "schema", Text: "<value> is not one of ['docked', 'at_sea'] at /properties/legs/items/properties/state"}},
		{name: "additional properties kept",
			check: schema, status: 200,
			message: "Additional properties are not allowed ('internal_notes' was unexpected)\nSchema at /additionalProperties:\n    false",
			want:    Signature{Kind: "schema", Text: "Additional properties are not allowed ('internal_notes' was unexpected) at /additionalProperties"}},
		{name: "4.x: first of several violations, double quotes, Validated line",
			check: schema, status: 200,
			message: "\"\" is shorter than 1 character\n\nValidated against the response schema for status code 200.\n\nSchema at /properties/name:\n\n    {\"minLength\": 1}\n\nValue:\n\n    \"\"\n\n-3 is less than the minimum of 0\n\nValidated against the response schema for status code 200.\n\nSchema at /properties/draft:\n\n    {\"minimum\": 0}",
			want:    Signature{Kind: "schema", Text: "<value> is shorter than 1 character at /properties/name"}},
		{name: "4.x value that contains a keyword phrase",
			check: schema, status: 200,
			message: "\"x is not of type y\" is not of type \"integer\"\nValidated against the `default` response schema (status code 200).\nSchema:\n    {\"type\": \"integer\"}",
			want:    Signature{Kind: "schema", Text: `<value> is not of type "integer"`}},
		{name: "CRLF message with blank lines",
			check: schema, status: 200,
			message: crlf(schemaMessage("-1 is less than the minimum of 0", "/properties/tonnage", `{"minimum": 0}`, "-1")),
			want:    Signature{Kind: "schema", Text: "<value> is less than the minimum of 0 at /properties/tonnage"}},
		{name: "3.0-3.20 wording with Failed validating",
			check: schema, status: 200,
			message: "The received response does not conform to the defined schema!\n\nDetails: \n\n'7' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['legs']['items'][0]['properties']['eta_hours']:\n    {'type': 'integer'}",
			want:    Signature{Kind: "schema", Text: "<value> is not of type 'integer' at /properties/legs/items/properties/eta_hours"}},
		{name: "JSON deserialization error, position removed",
			check: schema, status: 200,
			message: "Response must be valid JSON with 'Content-Type: application/json' header:\n\n  Expecting value: line 1 column 1 (char 0)",
			want:    Signature{Kind: "schema", Text: "JSON deserialization error: Expecting value"}},
		{name: "JSON deserialization error keeps the decoder's quotes",
			check: schema, status: 200,
			message: "Response must be valid JSON with 'Content-Type: application/json' header:\n  Expecting ',' delimiter: line 3 column 5 (char 41)",
			want:    Signature{Kind: "schema", Text: "JSON deserialization error: Expecting ',' delimiter"}},

		// --- status codes and content types ---
		{name: "undocumented status",
			check: status, status: 404, message: "Received: 404\nDocumented: 200, 401",
			want: Signature{Kind: "status", Text: "received 404"}},
		{name: "undocumented status, 3.0-3.20 wording",
			check: status, status: 418, message: "Received a response with a status code, which is not defined in the schema: 418\n\nDeclared status codes: 200, 404",
			want: Signature{Kind: "status", Text: "received 418"}},
		{name: "undocumented content type, parameters normalised",
			check: ctype, status: 200, message: "Received: text/html;charset=UTF-8\r\nDocumented: application/json",
			want: Signature{Kind: "content-type", Text: "received text/html; charset=utf-8, documented application/json"}},
		{name: "missing Content-Type header",
			check: ctype, status: 200, message: "The following media types are documented in the schema:\n- `application/json`\n- `application/problem+json`",
			want: Signature{Kind: "content-type", Text: "missing Content-Type, documented application/json, application/problem+json"}},
		{name: "content type on a 502 page without an exception",
			check: ctype, status: 502, message: "Received: text/html\nDocumented: application/json", file: "nginx-502.html",
			want: Signature{Kind: "content-type", Text: "received text/html, documented application/json"}},

		// --- anything else ---
		{name: "custom check: first line, masked",
			check: "ensure_resource_availability", status: 404,
			message: "\n  Manifest 3f2b1c9e-7d4a-4e2b-9c1d-0a5e6f7b8c9d was not listed by GET /api/v2/cargo/manifests/\nCreated at 2024-05-02 09:14:07",
			want:    Signature{Kind: "message", Text: "Manifest <uuid> was not listed by GET /api/v2/cargo/manifests/"}},
		{name: "response time: the limit, not the measurement",
			check: "max_response_time", status: 200, message: "Actual: 812.40ms\nLimit: 500.00ms",
			want: Signature{Kind: "message", Text: "response time above 500.00ms"}},
		{name: "unknown title with Received/Documented",
			check: "", status: 409, message: "Received: 409\nDocumented: 201",
			want: Signature{Kind: "status", Text: "received 409"}},
		{name: "nothing at all",
			check: "negative_data_rejection", status: 200,
			want: Signature{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.body
			if c.file != "" {
				b = body(t, c.file)
			}
			got := SignatureOf(c.check, c.status, c.message, b)
			if got != c.want {
				t.Errorf("SignatureOf(%q, %d, ...)\n got  %+v\n want %+v", c.check, c.status, got, c.want)
			}
		})
	}
}

// TestSignatureServerExtractors runs each server-error extractor on its own bodies, including ones it
// must leave to another.
func TestSignatureServerExtractors(t *testing.T) {
	type extractor func(string) (string, string, bool)
	cases := []struct {
		name      string
		extract   extractor
		body      string
		typ, val  string
		wantFound bool
	}{
		{"django title across lines", djangoHTMLException, "<title>OperationalError\n    at /api/v2/vessels/</title>", "OperationalError", "", true},
		{"django value multi-line: first line", djangoHTMLException,
			"<title>IntegrityError at /api/v2/vessels/</title><pre class=\"exception_value\">duplicate key value violates unique constraint &quot;vessels_imo_key&quot;\nDETAIL:  Key (imo)=(9321483) already exists.</pre>",
			"IntegrityError", `duplicate key value violates unique constraint "vessels_imo_key"`, true},
		{"django report page is no exception", djangoHTMLException, "<title>Report at /api/v2/vessels/</title>", "", "", false},
		{"404 page is no exception", djangoHTMLException, "<title>Page not found at /api/v2/nowhere/</title>", "", "", false},
		{"werkzeug with dotted type", werkzeugException,
			"<title>werkzeug.exceptions.BadRequestKeyError: 400 Bad Request: The browser (or proxy) sent a request that this server could not understand. // Werkzeug Debugger</title>",
			"werkzeug.exceptions.BadRequestKeyError", "400 Bad Request: The browser (or proxy) sent a request that this server could not understand.", true},
		{"django text needs the path line", djangoTextException, "KeyError: 'x'\nsomething", "", "", false},
		{"traceback without a message", pythonTraceback, "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nStopIteration\n", "StopIteration", "", true},
		{"traceback cut before its exception line", pythonTraceback, "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n    pric", "", "", false},
		{"express production page has no exception", expressException, "<pre>Internal Server Error</pre>", "", "", false},
		{"node stack in plain text", stackTraceException, "RangeError: Invalid time value\n    at Date.toISOString (<anonymous>)\n", "RangeError", "Invalid time value", true},
		{"prose followed by 'at' is no stack", stackTraceException, "Berth closed\nat the moment", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			typ, val, ok := c.extract(c.body)
			if ok != c.wantFound || typ != c.typ || val != c.val {
				t.Errorf("got (%q, %q, %v), want (%q, %q, %v)", typ, val, ok, c.typ, c.val, c.wantFound)
			}
		})
	}
}

func TestSignatureMask(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<Berth object at 0x7f3a1c2b9d90>", "<Berth object at <addr>>"},
		{"manifest 3F2B1C9E-7D4A-4E2B-9C1D-0A5E6F7B8C9D not found", "manifest <uuid> not found"},
		{"at 2024-05-02T09:14:07.311+00:00 and 2024-05-03", "at <time> and <time>"},
		{"lock held since 09:14:07", "lock held since <time>"},
		{"vessel 7781 of 12 berths", "vessel <n> of 12 berths"},
		{"rate 1.7323759300797163e-81", "rate <n>"},
		{"token 1d0d2a627d11337578fd43d2c0451993 expired", "token <hex> expired"},
		{"owner ops@harbor.example bounced", "owner <email> bounced"},
		{"unsupported operand type(s) for +: 'NoneType' and 'int'", "unsupported operand type(s) for +: 'NoneType' and 'int'"},
		{"got 'Ωx\\x00 7' for 'draft'", "got '<str>' for 'draft'"},
		{`column "imo" of relation "vessels" violates not-null constraint`, `column "imo" of relation "vessels" violates not-null constraint`},
		{"can't berth the ship's tender", "can't berth the ship's tender"},
		{"invalid literal for int() with base 10: ''", "invalid literal for int() with base 10: ''"},
		{"  spread\tover \n lines ", "spread over lines"},
	}
	for _, c := range cases {
		if got := maskVolatile(c.in); got != c.want {
			t.Errorf("maskVolatile(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSignatureViolationText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"'abc' is not of type 'integer'", "<value> is not of type 'integer'"},
		{"{'a': 1, 'b': [1, 2]} is not of type 'array'", "<value> is not of type 'array'"},
		{`"pending" is not one of "active" or "inactive"`, `<value> is not one of "active" or "inactive"`},
		{`"abc" is not a "email"`, `<value> is not a "email"`},
		{"'7x' does not match '^[0-9]+$'", "<value> does not match '^[0-9]+$'"},
		{"7 is not a multiple of 5", "<value> is not a multiple of 5"},
		{"[1, 1] has non-unique elements", "<value> has non-unique elements"},
		{"[] has less than 1 item", "<value> has less than 1 item"},
		{"{} does not have enough properties", "<value> does not have enough properties"},
		{"'x' is not valid under any of the given schemas", "<value> is not valid under any of the given schemas"},
		{"'eta' is a dependency of 'etd'", "'eta' is a dependency of 'etd'"},
		{"'v2' was expected", "'v2' was expected"},
		{"False schema does not allow 'secret'", "False schema does not allow <value>"},
	}
	for _, c := range cases {
		if got, ok := violationText(c.in); !ok || got != c.want {
			t.Errorf("violationText(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if got, ok := violationText("Something else entirely"); ok {
		t.Errorf("violationText of a non-violation = %q, true", got)
	}
}

func TestSignatureDropIndices(t *testing.T) {
	cases := map[string]string{
		"/properties/legs/items/0":                  "/properties/legs/items",
		"/properties/a/items/12/properties/b":       "/properties/a/items/properties/b",
		"/properties/external_batch/allOf/0":        "/properties/external_batch/allOf/0",
		"/properties/owner/oneOf/1/properties/name": "/properties/owner/oneOf/1/properties/name",
		"": "",
	}
	for in, want := range cases {
		if got := dropIndices(in); got != want {
			t.Errorf("dropIndices(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSignatureLength(t *testing.T) {
	long := strings.Repeat("berth ", 60)
	s := SignatureOf("not_a_server_error", 500, "", `{"detail": "`+long+`"}`)
	if n := utf8.RuneCountInString(s.Text); n > maxSignature || !strings.HasSuffix(s.Text, "...") {
		t.Errorf("long message: %d characters: %q", n, s.Text)
	}
	enum := "'x' is not one of [" + strings.Repeat("'option', ", 40) + "'last']"
	s = SignatureOf("response_schema_conformance", 200, enum+"\nSchema at /properties/mode:\n    {}", "")
	if n := utf8.RuneCountInString(s.Text); n > maxSignature || !strings.HasSuffix(s.Text, "... at /properties/mode") {
		t.Errorf("long enum: %d characters: %q", n, s.Text)
	}
	u := SignatureOf("custom", 200, strings.Repeat("é", 300), "")
	if !utf8.ValidString(u.Text) || utf8.RuneCountInString(u.Text) > maxSignature {
		t.Errorf("multi-byte cut: %q", u.Text)
	}
}

// FuzzSignatureOf checks that any input gives a signature that is short, valid UTF-8 when the input
// is, and has a kind exactly when it has text.
func FuzzSignatureOf(f *testing.F) {
	f.Add("not_a_server_error", 500, "", "<title>TypeError\n at /x</title><pre class=\"exception_value\">a &#x27;b")
	f.Add("response_schema_conformance", 200, "'a' is not of type 'integer'\nSchema at /items/0:", "")
	f.Add("status_code_conformance", 404, "Received: 404\nDocumented:", "{\"detail\":")
	f.Add("content_type_conformance", 200, "Received: ;;\r\nDocumented: ,", "Traceback (most recent call last):\\n")
	f.Add("", 0, "\"'\"'", "'\"")
	f.Fuzz(func(t *testing.T, check string, status int, message, body string) {
		s := SignatureOf(check, status, message, body)
		if (s.Kind == "") != (s.Text == "") {
			t.Errorf("kind %q with text %q", s.Kind, s.Text)
		}
		if utf8.RuneCountInString(s.Text) > maxSignature {
			t.Errorf("%d characters: %q", utf8.RuneCountInString(s.Text), s.Text)
		}
		if utf8.ValidString(message) && utf8.ValidString(body) && !utf8.ValidString(s.Text) {
			t.Errorf("invalid UTF-8: %q", s.Text)
		}
	})
}

func TestSignatureJSONFields(t *testing.T) {
	got := jsonStringFields(`{"error": {"message": "no berth \"Q-4\""}, "tags": ["a", "b"], "detail" : "first", "detail": "second", "hint": "cut her`)
	want := map[string]any{"message": `no berth "Q-4"`, "detail": "first"}
	if len(got) != len(want) || got["message"] != want["message"] || got["detail"] != want["detail"] {
		t.Errorf("jsonStringFields = %v, want %v", got, want)
	}
	if got := jsonStringFields(`{"detail": "unterminated \" quote`); len(got) != 0 {
		t.Errorf("open string used: %v", got)
	}
}

// The expressions keepViolation and predicate replace, kept as oracles.
var (
	schemaKeep      = regexp.MustCompile(`^(?:.+ is a required property|.+ is a dependency of .+|.+ was expected|.+ does not match any of the regexes: .*|(?:Additional|Unevaluated) (?:properties|items) (?:are|is) not allowed.*)$`)
	schemaPredicate = regexp.MustCompile(`^(.*\S) ((?:is not of type|is not one of|is shorter than|is longer than|has less than|has more than|has fewer than|is less than|is greater than|is not a multiple of|is not a|is not an|does not match|is not valid under|is valid under|should not be valid under|is not allowed for|does not contain|does not have enough properties|has too many properties|has non-unique elements|should be non-empty|is expected to be empty|is too short|is too long)\b.*)$`)
	schemaFalse     = regexp.MustCompile(`^False schema does not allow .+$`)
)

func TestViolationMatchersAgreeWithExpressions(t *testing.T) {
	lines := []string{
		"'name' is a required property", "'a' is a dependency of 'b'", "1 was expected", "'x' does not match any of the regexes: '^a'",
		"Additional properties are not allowed ('foo' was unexpected)", "Unevaluated items are not allowed", "False schema does not allow 1",
		"'abc' is not of type 'integer'", "None is not of type 'string', 'null'", "[] is too short", "'x' is not one of ['a', 'b']",
		`"" is shorter than 1 character`, "-1 is less than the minimum of 0", "'a is not of type b' is not of type 'integer'",
		"{} does not have enough properties", "3 is not a multiple of 2", "'x' is not a 'email'", "value is fine", "is not of type",
		"x  is not of type 'y'", "'isnot' is notable", "5 is greater than the maximum of 4", "[1, 1] has non-unique elements",
	}
	for _, l := range lines {
		if got, want := keepViolation(l), schemaKeep.MatchString(l); got != want {
			t.Errorf("keepViolation(%q) = %v, expression says %v", l, got, want)
		}
		rest, ok := predicate(l)
		m := schemaPredicate.FindStringSubmatch(l)
		if ok != (m != nil) || ok && rest != m[2] {
			t.Errorf("predicate(%q) = %q, %v; expression gives %v", l, rest, ok, m)
		}
		if got, want := strings.HasPrefix(l, "False schema does not allow ") && len(l) > len("False schema does not allow "), schemaFalse.MatchString(l); got != want {
			t.Errorf("false schema %q: %v vs %v", l, got, want)
		}
	}
}

// TestLineCursorIsSplitN checks the cursor schemaSignature reads messages with against the
// strings.SplitN it replaced.
func TestLineCursorIsSplitN(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "ab \n"[r.IntN(4)]
		}
		s, n := string(b), r.IntN(6)
		want := strings.SplitN(s, "\n", n)
		var got []string
		c := splitLines(s, n)
		for l, ok := c.next(); ok; l, ok = c.next() {
			got = append(got, l)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("splitLines(%q, %d) gives %q, SplitN %q", s, n, got, want)
		}
	}
}

// TestCollapseSpaceIsFieldsJoin checks the shortcut for single-spaced text against what it stands for.
func TestCollapseSpaceIsFieldsJoin(t *testing.T) {
	cases := []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\nb", "a\u00a0b", "a\u0085b", "é b",
		"'x' is not of type 'integer'", "x\x00y", "a\vb", "  "}
	cases = append(cases, joinedAtRandom(7, 20000, 11, "a", "b", " ", " ", "\t", "\n", "\r", "\x00", "é", "\u00a0", "\u2003", "'")...)
	for _, s := range cases {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
