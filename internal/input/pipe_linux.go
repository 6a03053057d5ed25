package input

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the buffer growPipe asks for: Linux's default ceiling for an unprivileged process
// (/proc/sys/fs/pipe-max-size).
const pipeSize = 1 << 20

// growPipe enlarges the kernel's buffer of a pipe on r, so that the writer and ctlog wake each
// other sixteen times less often; any failure leaves the pipe as it was.
func growPipe(r io.Reader) {
	f, ok := r.(*os.File)
	if !ok {
		return
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	rc, err := f.SyscallConn() // not f.Fd, which would take the pipe out of the runtime's poller
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) { _, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize) })
}
