//go:build unix

package input

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWalkPipe reads a named pipe, which can be read only once: a gzip stream is decoded as it
// comes and a zip is spooled.
func TestWalkPipe(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"plain", []byte("plain"), "fifo"},
		{"gz", gz(t, []byte("plain")), "fifo"},
		{"zip", makeZip(t, entry{name: "m.txt", body: "plain"}), "fifo/m.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp := tmpdir(t) // also the root of this test's t.TempDir, created before TMPDIR changes
			p := filepath.Join(t.TempDir(), "fifo")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip("mkfifo:", err)
			}
			go func() {
				f, err := os.OpenFile(p, os.O_WRONLY, 0)
				if err != nil {
					return
				}
				f.Write(tt.data)
				f.Close()
			}()
			out, err := collect(p, nil, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 1 || out[0].Name != filepath.Join(filepath.Dir(p), tt.want) || out[0].Body != "plain" {
				t.Fatalf("got %s", show(out))
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("temporary files left behind: %v", ents)
			}
		})
	}
}
