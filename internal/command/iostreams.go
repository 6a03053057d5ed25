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
	// InTTY, OutTTY and ErrTTY say whether In, Out and ErrOut are terminals.
	InTTY  bool
	OutTTY bool
	ErrTTY bool
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
}

// System returns the process's real standard streams.
func System() IOStreams {
	return IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		ErrTTY: isTerminal(os.Stderr),
		Getenv: os.Getenv,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// ColorEnabled reports whether output may be styled: a terminal, and NO_COLOR unset.
func (s IOStreams) ColorEnabled() bool {
	if s.Getenv != nil && s.Getenv("NO_COLOR") != "" {
		return false
	}
	return s.OutTTY
}
