package tui

import (
	"bufio"
	"os"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// writeGenLog writes a generated log of at least size bytes to path.
func writeGenLog(path string, seed, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := loggen.Generate(w, loggen.Config{Seed: seed, Operations: 200, TargetBytes: size}); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
