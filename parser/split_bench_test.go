package parser

import (
	"bytes"
	"testing"
)

// BenchmarkSplit measures the reading goroutine alone: splitting and normalizing lines.
func BenchmarkSplit(b *testing.B) {
	data := benchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	bt := &batch{}
	for b.Loop() {
		c := &chunker{r: bytes.NewReader(data), max: DefaultMaxLine}
		var norm normalizer
		for c.fill(bt, &norm) {
			bt.buf, bt.lines = bt.buf[:0], bt.lines[:0]
		}
	}
}
