package input

import "bytes"

// Container is the kind of archive a stream's first bytes announce.
type Container int

// The containers Walk opens; Plain is everything else.
const (
	Plain Container = iota
	Gzip
	Zip
)

// Sniff tells from the first bytes of a stream whether it is a gzip stream, a zip archive (a local
// file header, or the end record of an empty archive) or plain content.
func Sniff(head []byte) Container {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return Gzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return Zip
	}
	return Plain
}
