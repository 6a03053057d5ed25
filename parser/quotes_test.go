package parser

import (
	"math/rand/v2"
	"testing"
)

func TestScanQuotes(t *testing.T) {
	tests := []struct {
		line string
		in   byte
		want byte
	}{
		{`curl -X GET -H 'X-API-Key: [Filtered]' http://127.0.0.1/api/`, 0, 0},
		{`curl -X POST -d '{"a": 1`, 0, '\''},
		{`curl -X POST -d "it's`, 0, '"'},
		{`curl -d $'a\'b`, 0, '$'},
		{`curl -d $'a\'b'`, 0, 0},
		{`echo don\'t`, 0, 0},
		{`"a\"b"`, 0, 0},
		{`end of body}' http://x/`, '\'', 0},
		{`still inside`, '\'', '\''},
		{`''''`, 0, 0},
		{`'''`, 0, '\''},
		{``, '"', '"'},
	}
	for _, tt := range tests {
		if got := scanQuotes([]byte(tt.line), tt.in); got != tt.want {
			t.Errorf("scanQuotes(%q, %q) = %q, want %q", tt.line, tt.in, got, tt.want)
		}
	}
}

// TestScanQuotesFastPath checks the single-quote shortcut against the state machine.
func TestScanQuotesFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`a '"\$-`)
	for range 200000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		for _, q := range []byte{0, '\'', '"', '$'} {
			if got, want := scanQuotes(b, q), scanQuotesFull(b, q); got != want {
				t.Fatalf("scanQuotes(%q, %q) = %q, state machine says %q", b, q, got, want)
			}
		}
	}
}
