package linebuf

import "testing"

func TestAppendCapped(t *testing.T) {
	for _, tc := range []struct {
		dst, b  string
		max     int
		want    string
		wantCut int64
	}{
		{"ab", "cd", 10, "abcd", 0},
		{"ab", "cdef", 4, "abcd", 2},
		{"abcd", "ef", 4, "abcd", 2},
		{"abcdef", "g", 4, "abcdef", 1},
	} {
		got, cut := AppendCapped([]byte(tc.dst), []byte(tc.b), tc.max, 0)
		if string(got) != tc.want || cut != tc.wantCut {
			t.Errorf("AppendCapped(%q, %q, %d) = %q, %d; want %q, %d", tc.dst, tc.b, tc.max, got, cut, tc.want, tc.wantCut)
		}
	}
}

func TestTrimEOL(t *testing.T) {
	for in, want := range map[string]string{"a\n": "a", "a\r\n": "a", "a\r": "a\r", "a": "a", "": "", "\n\n": "\n"} {
		if got := string(TrimEOL([]byte(in))); got != want {
			t.Errorf("TrimEOL(%q) = %q, want %q", in, got, want)
		}
	}
}
