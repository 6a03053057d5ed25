package doctor

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRun reads every fixture repository of testdata/doctor once per iteration.
func BenchmarkRun(b *testing.B) {
	root := filepath.Join("..", "..", "testdata", "doctor")
	entries, err := os.ReadDir(root)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range entries {
			if _, err := Run(filepath.Join(root, e.Name())); err != nil {
				b.Fatal(err)
			}
		}
	}
}
