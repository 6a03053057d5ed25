package command

import (
	"fmt"

	"github.com/spf13/pflag"
)

// addColorFlag adds the --color flag every command that draws output shares.
func addColorFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "color", "auto", "colour: auto (a terminal without NO_COLOR), always or never")
}

// useColor reads a --color value: auto follows the terminal and NO_COLOR.
func useColor(ios IOStreams, value string) (bool, error) {
	switch value {
	case "auto", "":
		return ios.ColorEnabled(), nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", value)
}

// inputsOrStdin is the inputs a reading command takes from its arguments: standard input when none.
func inputsOrStdin(args []string) []string {
	if len(args) == 0 {
		return []string{"-"}
	}
	return args
}
