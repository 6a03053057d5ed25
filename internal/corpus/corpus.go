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
	c, why := beside()
	if why != "" {
		t.Skip("corpus: " + why)
	}
	if _, err := os.Stat(c); err != nil {
		t.Skipf("corpus: %s is absent", c)
	}
	return c
}

// Lookup returns the corpus directory and whether it is there, without skipping anything: for a
// test whose own inputs need no corpus and which adds the corpus's files only when they exist.
// CTLOG_CORPUS names the directory when set, as for Dir.
func Lookup() (string, bool) {
	c := os.Getenv("CTLOG_CORPUS")
	if c == "" {
		var why string
		if c, why = beside(); why != "" {
			return "", false
		}
	}
	fi, err := os.Stat(c)
	return c, err == nil && fi.IsDir()
}

// beside returns ../shared/corpus beside the nearest directory above the working directory that
// holds a go.mod, or why there is none.
func beside() (dir, why string) {
	wd, err := os.Getwd()
	if err != nil {
		return "", "no working directory"
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus"), ""
		}
		if filepath.Dir(dir) == dir {
			return "", "no go.mod above the working directory"
		}
	}
}
