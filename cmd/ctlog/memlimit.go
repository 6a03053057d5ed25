package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the soft memory limit ctlog runs under unless GOMEMLIMIT sets one. What ctlog
// keeps of a log is bounded (failure groups keep three samples and a capped list of line
// numbers), but the garbage collector would let the heap grow to twice that before collecting;
// under this limit it collects sooner, so that a 1 GiB log with 10,000 failure groups stays under
// 64 MiB of resident memory (BENCHMARKS.md, issue 20). It is a soft limit: a bigger document still
// gets the memory it needs, at the price of more collections.
const memoryLimit = 48 << 20

// limitMemory sets memoryLimit unless GOMEMLIMIT is set, and reports whether it did.
func limitMemory() bool {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return false
	}
	debug.SetMemoryLimit(memoryLimit)
	return true
}
