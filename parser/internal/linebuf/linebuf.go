// Package linebuf holds the line-buffer helpers that the parser's line readers share.
package linebuf

// AppendCapped appends b to dst without letting dst grow past max bytes; it counts what it dropped.
func AppendCapped(dst, b []byte, max int, cut int64) ([]byte, int64) {
	room := max - len(dst)
	if room >= len(b) {
		return append(dst, b...), cut
	}
	if room > 0 {
		dst = append(dst, b[:room]...)
		b = b[room:]
	}
	return dst, cut + int64(len(b))
}

// TrimEOL removes one trailing "\n" or "\r\n".
func TrimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}
