package parser

import (
	"bytes"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// generatedLog returns at least size bytes of a realistic generated 3.x log.
func generatedLog(tb testing.TB, size int64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	buf.Grow(int(size) + 1<<20)
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 1, Operations: 400, TargetBytes: size}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
