// Command ctlog turns a failing Schemathesis CI log into a short, correct list of problems.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/ctlog-dev/ctlog/internal/command"
)

func main() {
	os.Exit(run())
}

// run runs the command; CTLOG_CPUPROFILE=FILE writes a CPU profile of it, CTLOG_MEMPROFILE=FILE a
// heap profile at its end (see BENCHMARKS.md).
func run() int {
	limitMemory()
	if path := os.Getenv("CTLOG_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ctlog: CTLOG_CPUPROFILE: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "ctlog: CTLOG_CPUPROFILE: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if path := os.Getenv("CTLOG_MEMPROFILE"); path != "" {
		defer writeHeapProfile(path)
	}
	return command.Main(os.Args[1:], command.System())
}

// writeHeapProfile writes the heap profile to path (CTLOG_MEMPROFILE; see BENCHMARKS.md).
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ctlog: CTLOG_MEMPROFILE: %v\n", err)
		return
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "ctlog: CTLOG_MEMPROFILE: %v\n", err)
	}
}
