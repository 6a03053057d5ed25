// Command ctlog turns a failing Schemathesis CI log into a short, correct list of problems.
package main

import (
	"os"

	"github.com/ctlog-dev/ctlog/internal/command"
)

func main() {
	os.Exit(command.Main(os.Args[1:], command.System()))
}
