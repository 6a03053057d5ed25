//go:build !linux

package input

import "io"

// growPipe does nothing where the pipe's buffer cannot be set.
func growPipe(io.Reader) {}
