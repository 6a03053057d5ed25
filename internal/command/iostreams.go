package command

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams are the standard streams a command uses, injected so tests can capture them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY and ErrTTY say whether Out and ErrOut are terminals.
	OutTTY bool
	ErrTTY bool
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
}

// System returns the process's real standard streams.
func System() IOStreams {
	return IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		OutTTY: isatty.IsTerminal(os.Stdout.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd()),
		ErrTTY: isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd()),
		Getenv: os.Getenv,
	}
}

// ColorEnabled reports whether output may be styled: a terminal, and NO_COLOR unset.
func (s IOStreams) ColorEnabled() bool {
	if s.Getenv != nil && s.Getenv("NO_COLOR") != "" {
		return false
	}
	return s.OutTTY
}
