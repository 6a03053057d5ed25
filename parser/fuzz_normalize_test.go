package parser

import (
	"bytes"
	"testing"
)

// FuzzNormalize feeds a deciding first line and then a line to the normalizer (CI wrapping,
// escape sequences, carriage-return overwrites). It must not panic; it must never grow a line nor
// write past it (lines are normalized in place inside a shared read buffer, so a longer result
// would overwrite the next line); and once the wrapping is decided as GitHub, a timestamp-prefixed
// copy of a line must normalize to what the plain line gives without wrapping.
func FuzzNormalize(f *testing.F) {
	const ts = "2025-03-14T09:12:45.1234567Z "
	for _, s := range [][2]string{
		{ts + "start", "Workers: 1"},
		{ts + "start", "##[group]Run st run"},
		{ts + "start", "\x1b[1m\x1b[31m- Server error\x1b[0m"},
		{ts + "start", "API probing: ...\rAPI probing: SUCCESS"},
		{ts + "start", "abcdef\rXY"},
		{ts + "start", "\uFEFF" + ts + "x"},
		{"\uFEFF" + ts + "start", "\x1b]0;title\x07text\r\r"},
		{"tests\tSet up job\t" + ts + "x", "tests\tRun st\t" + ts + "##[endgroup]"},
		{"plain first line", ts + "app log"},
		{"", "\xff\xfe\rA"},
		{"\r", "é\rxyz\x1b[2K\x1b[1A"},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, first, line []byte) {
		if bytes.IndexByte(first, '\n') >= 0 || bytes.IndexByte(line, '\n') >= 0 {
			return // normalize sees one line at a time
		}
		var n normalizer
		inPlace(t, &n, first)
		inPlace(t, &n, line)

		var gh, plain normalizer
		inPlace(t, &gh, []byte(ts+"Run st run"))
		if gh.wrap != WrapGitHub {
			t.Fatalf("a timestamped first line decided %q", gh.wrap)
		}
		inPlace(t, &plain, []byte("Run st run"))
		got, gotMarker, gotText := inPlace(t, &gh, append([]byte(ts), line...))
		want, wantMarker, wantText := inPlace(t, &plain, line)
		if gotMarker != wantMarker || !bytes.Equal(got, want) || !bytes.Equal(gotText, wantText) {
			t.Fatalf("GitHub-wrapped %q normalized to (%q, %q, %q); the plain line to (%q, %q, %q)",
				line, got, gotMarker, gotText, want, wantMarker, wantText)
		}
	})
}

// inPlace normalizes a copy of line that sits in a larger buffer, as in a batch, and checks that
// the result is no longer than the line and that the bytes after the line are untouched.
func inPlace(t *testing.T, n *normalizer, line []byte) (out []byte, marker string, markerText []byte) {
	t.Helper()
	const guard = 64
	buf := make([]byte, len(line)+guard)
	copy(buf, line)
	for i := len(line); i < len(buf); i++ {
		buf[i] = 0xAA
	}
	out, marker, markerText = n.normalize(buf[:len(line)])
	if len(out) > len(line) || len(markerText) > len(line) {
		t.Fatalf("normalize(%q) grew the line to %q (marker %q %q)", line, out, marker, markerText)
	}
	for i := len(line); i < len(buf); i++ {
		if buf[i] != 0xAA {
			t.Fatalf("normalize(%q) wrote past the line, at byte %d", line, i)
		}
	}
	return bytes.Clone(out), marker, bytes.Clone(markerText)
}
