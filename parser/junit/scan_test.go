package junit

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"
	"unsafe"
)

// slowRun is plainRun a byte at a time.
func slowRun(b []byte) int {
	for i, c := range b {
		if special[c] {
			return i
		}
	}
	return len(b)
}

func TestPlainRun(t *testing.T) {
	// Every byte value at every place of two words and a tail, after plain bytes and after bytes
	// that are close to special ones (a carry from one byte into the next would show here).
	for _, fill := range []byte{'a', ' ', '\n', '\t', '%', '\'', ';', '=', 0x7F, ']'} {
		for c := 0; c < 256; c++ {
			for at := 0; at < 19; at++ {
				b := make([]byte, 19)
				for i := range b {
					b[i] = fill
				}
				b[at] = byte(c)
				if got, want := plainRun(b), slowRun(b); got != want {
					t.Fatalf("fill %q, byte %#x at %d: plainRun %d, want %d", fill, c, at, got, want)
				}
			}
		}
	}
	rnd := rand.New(rand.NewSource(1))
	alphabet := []byte("ab &<\r\n\t]\x00\x1f\x7f\x80\xff;")
	for range 20000 {
		b := make([]byte, rnd.Intn(40))
		for i := range b {
			b[i] = alphabet[rnd.Intn(len(alphabet))]
			if rnd.Intn(3) == 0 {
				b[i] = byte(rnd.Intn(256))
			}
		}
		if got, want := plainRun(b), slowRun(b); got != want {
			t.Fatalf("%q: plainRun %d, want %d", b, got, want)
		}
	}
}

func TestEntity(t *testing.T) {
	for _, tc := range []struct {
		in string
		r  rune
		n  int
	}{
		{"&amp;x", '&', 5}, {"&quot;", '"', 6}, {"&lt;", '<', 4}, {"&gt;;", '>', 4}, {"&apos;", '\'', 6},
		{"&am;", 0, 0}, {"&amp", 0, 0}, {"&quo;", 0, 0}, {"&lt", 0, 0}, {"&g;", 0, 0}, {"&#65;", 'A', 5},
		{"&#x41;", 'A', 6}, {"&#0;", 0, 0}, {"&nbsp;", 0, 0}, {"&;", 0, 0}, {"&ltx;", 0, 0},
	} {
		if r, n := entity([]byte(tc.in)); r != tc.r || n != tc.n {
			t.Errorf("entity(%q) = %q, %d; want %q, %d", tc.in, r, n, tc.r, tc.n)
		}
	}
}

func TestHasCDATAEnd(t *testing.T) {
	for _, s := range []string{"", "]", "]]", "]]>", "a]]>", "]]]>", "] ]>", "]>]", "x]]", "]]x>", "[1]]]>"} {
		if got, want := hasCDATAEnd([]byte(s)), bytes.Contains([]byte(s), cdataEnd); got != want {
			t.Errorf("hasCDATAEnd(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIntern(t *testing.T) {
	s := &scanner{}
	a := s.intern([]byte("GET /a"))
	if b := s.intern([]byte("GET /a")); unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatal("a repeated name is not shared")
	}
	for i := range maxKnown + maxMisses {
		if got, want := s.intern(fmt.Appendf(nil, "GET /n%d", i)), fmt.Sprintf("GET /n%d", i); got != want {
			t.Fatalf("intern = %q, want %q", got, want)
		}
	}
	if s.known != nil {
		t.Fatalf("%d names that never repeat are still looked up", maxKnown+maxMisses)
	}
	if got := s.intern([]byte("GET /a")); got != "GET /a" {
		t.Fatalf("intern = %q after it stopped", got)
	}
}
