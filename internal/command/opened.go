package command

import (
	"bufio"
	"io"

	"github.com/ctlog-dev/ctlog/internal/input"
)

// isOSOpen reports whether open is the default opener (nil): inputs come from disk.
func isOSOpen(open func(string) (io.ReadCloser, error)) bool { return open == nil }

// walkOpened hands the stream an injected opener gives to fn as one source.
func walkOpened(open func(string) (io.ReadCloser, error), name string, fn func(input.Source) error) error {
	rc, err := open(name)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(rc, 4<<10)
	head, _ := br.Peek(4 << 10)
	head = append([]byte(nil), head...)
	used := false
	return fn(input.Source{Name: name, Size: -1, Head: head, Open: func() (io.ReadCloser, error) {
		if used {
			return nil, io.ErrClosedPipe
		}
		used = true
		return struct {
			io.Reader
			io.Closer
		}{br, rc}, nil
	}})
}
