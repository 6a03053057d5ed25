package input

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestGrowPipe(t *testing.T) {
	if b, err := os.ReadFile("/proc/sys/fs/pipe-max-size"); err != nil {
		t.Skip("no /proc/sys/fs/pipe-max-size")
	} else if max, _ := strconv.Atoi(strings.TrimSpace(string(b))); max < pipeSize {
		t.Skipf("pipe-max-size %d is below %d", max, pipeSize)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	before, err := unix.FcntlInt(r.Fd(), unix.F_GETPIPE_SZ, 0)
	if err != nil {
		t.Fatal(err)
	}
	growPipe(r)
	after, err := unix.FcntlInt(r.Fd(), unix.F_GETPIPE_SZ, 0)
	if err != nil {
		t.Fatal(err)
	}
	if after < pipeSize {
		t.Errorf("pipe buffer %d bytes after growPipe (was %d), want at least %d", after, before, pipeSize)
	}

	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	growPipe(f) // a regular file: nothing to do, no panic
	growPipe(strings.NewReader("x"))
}
