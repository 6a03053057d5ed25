// Package corpus locates the shared corpus of real logs (../shared/corpus beside the repository) for tests.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus directory, or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("CTLOG_CORPUS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Skip("corpus: no working directory")
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "corpus")
			if _, err := os.Stat(c); err != nil {
				t.Skipf("corpus: %s is absent", c)
			}
			return c
		}
		if filepath.Dir(dir) == dir {
			t.Skip("corpus: no go.mod above the working directory")
		}
	}
}
