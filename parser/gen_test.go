package parser

import (
	"bytes"
	"os"
	"testing"
)

// generatedLog returns at least size bytes of a realistic 3.x log.
func generatedLog(tb testing.TB, size int) []byte {
	tb.Helper()
	seed, err := os.ReadFile("../../shared/corpus/aquamind/ci_schemathesis-output_0c90837.txt")
	if err != nil {
		tb.Skip("no generator yet")
	}
	var buf bytes.Buffer
	for buf.Len() < size {
		buf.Write(seed)
	}
	return buf.Bytes()
}
