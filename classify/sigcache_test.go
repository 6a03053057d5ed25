package classify

import (
	"math/rand/v2"
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
