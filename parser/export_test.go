package parser

import (
	"io"
	"testing"
)

// ParseInline is Parse with a UTF-8 input's lines split on the grammar's goroutine, as the parts of
// a split read split theirs (consumeInline, chunker.raw, consumePlain), for package parser_test.
func ParseInline(r io.Reader, opts Options, h Handler) (Stats, error) { return parse(r, opts, h, true) }

// SplitInputs is splitInputs, for package parser_test.
func SplitInputs(t testing.TB) (map[string][]byte, int) { return splitInputs(t) }
