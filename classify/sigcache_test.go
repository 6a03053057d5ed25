package classify

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
)

// TestSigCacheAgreesWithSignatureOf checks that the cache, its recent slots and its special keys
// (bodies only for server errors, only the limit of max_response_time) never change a signature.
func TestSigCacheAgreesWithSignatureOf(t *testing.T) {
	type call struct {
		check, message, body string
		status               int
	}
	var calls []call
	for _, e := range events(t, loggen.Config{Seed: 9, Operations: 40, TargetBytes: 2 << 20}) {
		if f, ok := e.(*parser.Failure); ok {
			for _, c := range f.Checks {
				calls = append(calls, call{c.Name, c.Message, f.Body, f.Status})
			}
		}
	}
	long := strings.Repeat("x is not of type 'integer' ", 40)
	calls = append(calls,
		call{"max_response_time", "Actual: 105.00ms\nLimit: 50.00ms", "", 200},
		call{"max_response_time", "Actual: 999.00ms\nLimit: 50.00ms", "", 200},
		call{"max_response_time", "50.00ms", "", 200}, // the limit's text, not a limit
		call{"max_response_time", "Response took too long", "", 200},
		call{"max_response_time", "Limit:", "", 200},
		call{"response_schema_conformance", long + "1", "", 200},
		call{"response_schema_conformance", long + "2", "", 200},
		call{"not_a_server_error", "Server error", "Traceback (most recent call last):\nValueError: bad", 500},
		call{"not_a_server_error", "Server error", "Traceback (most recent call last):\nKeyError: 'id'", 500},
		call{"not_a_server_error", "Server error", strings.Repeat("<p>padding</p>\n", 2000) + "TypeError: x", 500},
		call{"status_code_conformance", "Received: 500\nDocumented: 200", "<h1>Server Error</h1>", 500},
		call{"status_code_conformance", "Received: 500\nDocumented: 200", "<h1>Other</h1>", 500},
	)
	// Same length and the same bytes where recentSlot looks: one slot, different signatures.
	calls = append(calls, call{"custom", "alpha value wrong", "", 200}, call{"custom", "omega value wrong", "", 200})
	if recentSlot("custom", 200, "alpha value wrong") != recentSlot("custom", 200, "omega value wrong") {
		t.Fatal("the colliding messages do not collide")
	}
	r := rand.New(rand.NewPCG(3, 4))
	var c sigCache
	for i := 0; i < 4*len(calls); i++ {
		x := calls[r.IntN(len(calls))]
		if i < len(calls) {
			x = calls[i] // every call once, in log order, then at random
		}
		got := c.of(x.check, x.status, x.message, x.body)
		want := SignatureOf(x.check, x.status, x.message, x.body)
		if got != want {
			t.Fatalf("of(%q, %d, %q, %.80q) = %v, SignatureOf says %v", x.check, x.status, x.message, x.body, got, want)
		}
	}
}

// TestSchemaExtentKeepsSignature checks that the head of a schema message the cache keys by
// decides its signature: the whole message and the head give the same one.
func TestSchemaExtentKeepsSignature(t *testing.T) {
	type msg struct {
		text   string
		status int
	}
	var msgs []msg
	for _, cfg := range []loggen.Config{{Seed: 9, Operations: 40, TargetBytes: 2 << 20}, {Seed: 11, Operations: 80, TargetBytes: 1 << 20}} {
		for _, e := range events(t, cfg) {
			if f, ok := e.(*parser.Failure); ok {
				for _, c := range f.Checks {
					if c.Name == "response_schema_conformance" {
						msgs = append(msgs, msg{c.Message, f.Status})
					}
				}
			}
		}
	}
	schema := "\n\n    Schema at /properties/id:\n\n        {\n            \"type\": \"integer\"\n        }\n\n    Value:\n\n        \"x\"\n"
	for _, m := range []string{
		"'x' is not of type 'integer'" + schema,
		"'y' is not of type 'integer'" + schema,
		"The received response does not conform to the defined schema!\n\nDetails:\n\n'x' is not of type 'integer'" + schema,
		"'x' is not of type 'integer'\n\nSchema:\n\n    {}\n\nValue:\n\n    \"x\"",
		"'x' is not of type 'integer'\n\nValue:\n\n    \"x\"\n\nSchema at /a:\n",
		"'x' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['id']:\n    {'type': 'integer'}\n\nOn instance['id']:\n    'x'",
		"'x' is not of type 'integer'\n\nSchema at  /a:\n\nValue:\n",
		"'x' is not of type 'integer'\n\nSchema at :\n\nSchema at /b:\n",
		"'x' is not of type 'integer'\n\nSchemata:\n\nSchema at /c:\n",
		"'x' is not of type 'integer'\r\n\r\nSchema at /d:\r\n",
		"Response must be valid JSON\n\nExpecting value: line 1 column 1 (char 0)",
		"JSON deserialization error\n\n    Expecting ',' delimiter: line 1 column 9 (char 8)",
		"something else entirely\n\nSchema at /e:\n",
		"'x' is not of type 'integer'" + strings.Repeat("\n    {}", 70) + "\n\nSchema at /f:\n",
		"'x' is not of type 'integer'" + strings.Repeat("\n    {}", 60) + "\n\nSchema at /g/0/items/1:\n",
		"'x' is not of type 'integer'" + strings.Repeat("\n    {}", 61) + "\n\nSchema at /h:\n\nValue:\n", // the 64th line: read with the rest
		"'x' is not of type 'integer'" + strings.Repeat("\n    {}", 59) + "\n\nSchema at /i:\n\nValue:\n",
		"",
		"\n\n",
		"'x' is not of type 'integer'",
	} {
		msgs = append(msgs, msg{m, 200}, msg{m, 500})
	}
	heads := 0
	for _, m := range msgs {
		head := schemaExtent(m.text)
		if !strings.HasPrefix(m.text, head) {
			t.Fatalf("schemaExtent(%q) = %q, not a head of it", m.text, head)
		}
		if len(head) < len(m.text) {
			heads++
		}
		for _, body := range []string{"", "Traceback (most recent call last):\nValueError: bad"} {
			got := SignatureOf("response_schema_conformance", m.status, head, body)
			want := SignatureOf("response_schema_conformance", m.status, m.text, body)
			if got != want {
				t.Fatalf("signature of the head %q is %v; of the whole message %q: %v", head, got, m.text, want)
			}
		}
	}
	if heads < len(msgs)/2 {
		t.Fatalf("only %d of %d messages were cut to a head", heads, len(msgs))
	}
}

// TestIsSchemaAtIsSchemaAtExpression compares the hand-written matcher with the expression.
func TestIsSchemaAtIsSchemaAtExpression(t *testing.T) {
	lines := []string{"Schema:", "Schema at /a:", "Schema at :", "Schema at  /a:", "Schema at\t/a:", "Schema at /a", "Schema at é:",
		"Schema at ::", "Schema at /a: :", "Schemas:", "schema:", "Schema at /properties/items/0:", "Schema at \x00:"}
	lines = append(lines, joinedAtRandom(5, 50000, 5, "Schema", " at ", "Schema at ", ":", " ", "\t", "\f", "\v", "/a", "é", "\xff", "x")...)
	schemaAt := regexp.MustCompile(`^Schema(?: at (\S.*?))?:$`) // what the messages' location lines are
	for _, l := range lines {
		m := schemaAt.FindStringSubmatch(l)
		if got, want := isSchemaAt(l), m != nil; got != want {
			t.Fatalf("isSchemaAt(%q) = %v, the expression says %v", l, got, want)
		}
		if m != nil && l != "Schema:" && l[len("Schema at "):len(l)-1] != m[1] {
			t.Fatalf("path of %q is %q, the expression says %q", l, l[len("Schema at "):len(l)-1], m[1])
		}
	}
}

// TestDropIndicesIsAtoiBased compares dropIndices with its first form, which asked strconv.Atoi
// about every segment.
func TestDropIndicesIsAtoiBased(t *testing.T) {
	slow := func(path string) string {
		if path == "" {
			return ""
		}
		segs := strings.Split(path, "/")
		out := segs[:0]
		for i, s := range segs {
			if _, err := strconv.Atoi(s); err == nil && i > 0 {
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
	paths := []string{"", "/", "/0", "0/1", "/items/0/properties/id", "/allOf/1/properties/a"}
	paths = append(paths, joinedAtRandom(9, 50000, 7,
		"/", "properties", "items", "0", "12", "+3", "-4", "x1", "1x", "allOf", "anyOf", "oneOf", "99999999999999999999", "", "é")...)
	for _, p := range paths {
		if got, want := dropIndices(p), slow(p); got != want {
			t.Fatalf("dropIndices(%q) = %q, want %q", p, got, want)
		}
	}
}

// joinedAtRandom returns n strings, each up to most parts drawn from parts, from a fixed seed.
func joinedAtRandom(seed uint64, n, most int, parts ...string) []string {
	r := rand.New(rand.NewPCG(seed, seed+1))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range r.IntN(most + 1) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		out[i] = b.String()
	}
	return out
}
