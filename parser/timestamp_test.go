package parser

import (
	"math/rand/v2"
	"testing"
)

// TestTimestampLen checks the unrolled prefix reader against its first, table-driven form.
func TestTimestampLen(t *testing.T) {
	slow := func(b []byte) int {
		if len(b) < 21 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
			return 0
		}
		for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
			if b[i] < '0' || b[i] > '9' {
				return 0
			}
		}
		i := 19
		if b[i] == '.' {
			i++
			for i < len(b) && b[i] >= '0' && b[i] <= '9' {
				i++
			}
		}
		if i >= len(b) || b[i] != 'Z' {
			return 0
		}
		i++
		if i < len(b) && b[i] == ' ' {
			i++
		}
		return i
	}
	inputs := []string{"2025-03-14T10:33:46.1234619Z text", "2025-03-14T10:33:46Z", "2025-03-14T10:33:46.Z ", "2025-03-14T10:33:46.123",
		"2025-03-14 10:33:46.1234619Z x", "2025-03-14T10:33:4", "", "x", "2025-13-99T99:99:99.9Z  two spaces", "/025-03-14T10:33:46Z", ":025-03-14T10:33:46Z"}
	r := rand.New(rand.NewPCG(11, 12))
	base := []byte("2025-03-14T10:33:46.1234619Z text")
	alphabet := []byte("0189/:-T.Z \xff")
	for range 100000 {
		b := append([]byte(nil), base[:r.IntN(len(base)+1)]...)
		for range r.IntN(3) {
			if len(b) > 0 {
				b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
			}
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		if got, want := timestampLen([]byte(in)), slow([]byte(in)); got != want {
			t.Fatalf("timestampLen(%q) = %d, want %d", in, got, want)
		}
	}
}
