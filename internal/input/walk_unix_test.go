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

// TestWalkStdinFile reads standard input redirected from a file (`ctlog summarize - < f`) as the
// file from where its offset stands: at any offset (Source.At), with its size known, a zip without
// a spool.
func TestWalkStdinFile(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"plain", []byte("skip:plain"), StdinName},
		{"gz", append([]byte("skip:"), gz(t, []byte("plain"))...), StdinName},
		{"zip", append([]byte("skip:"), makeZip(t, entry{name: "m.txt", body: "plain"})...), StdinName + "/m.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp := tmpdir(t)
			p := filepath.Join(t.TempDir(), "in")
			if err := os.WriteFile(p, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.Seek(int64(len("skip:")), 0); err != nil {
				t.Fatal(err)
			}
			var at bool
			err = Walk("-", f, Limits{}, func(s Source) error {
				at = s.At != nil
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "plain" && !at {
				t.Error("standard input from a file is not readable at any offset")
			}
			if _, err := f.Seek(int64(len("skip:")), 0); err != nil {
				t.Fatal(err)
			}
			out, err := collect("-", f, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 1 || out[0].Name != tt.want || out[0].Body != "plain" {
				t.Fatalf("got %s", show(out))
			}
			if tt.name == "plain" && out[0].Size != int64(len("plain")) {
				t.Errorf("size %d, want %d", out[0].Size, len("plain"))
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("temporary files left behind: %v", ents)
			}
		})
	}
}
