package hooks

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLint feeds arbitrary text to the reader, Lint and Derive: they must not panic, and the
// derived YAML must stay loadable.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "hooks", "*.py"))
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("@schemathesis.hook(\n"))
	f.Add([]byte("def f(\"\"\"\n"))
	f.Add([]byte("\ufeffimport schemathesis\n@schemathesis.hook('x')(y)\ndef a(): pass"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, major := range []int{0, 3, 4} {
			r := Lint("f.py", src, major)
			_ = r.Lines()
		}
		d := Derive("f.py", src)
		_ = d.YAML()
	})
}
