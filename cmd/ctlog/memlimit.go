package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryLimit is the soft memory limit ctlog starts under unless GOMEMLIMIT sets one. What ctlog
// keeps of a log is bounded (failure groups keep three samples and a capped list of line
// numbers), but the garbage collector would let the heap grow to twice that before collecting;
// under this limit it collects sooner, so that a 1 GiB log with 10,000 failure groups stays under
// 64 MiB of resident memory (BENCHMARKS.md, issue 20).
const memoryLimit = 48 << 20

// limitMemory sets memoryLimit unless GOMEMLIMIT is set, and reports whether it did. A goroutine
// then raises the limit as the live heap grows past three quarters of it (nextLimit): a document too
// big for the limit gets the memory it needs instead of a collector that never stops.
func limitMemory() bool {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return false
	}
	debug.SetMemoryLimit(memoryLimit)
	go followLiveHeap(memoryLimit)
	return true
}

// followLiveHeap looks at the live heap every 50 ms and raises the limit to follow it.
func followLiveHeap(limit int64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(50 * time.Millisecond) {
		metrics.Read(s)
		if s[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if next := nextLimit(limit, int64(s[0].Value.Uint64())); next != limit {
			limit = next
			debug.SetMemoryLimit(limit)
		}
	}
}

// nextLimit is the limit for a live heap of live bytes under limit: unchanged while the live heap
// leaves the collector a quarter of it, else a third as much again as the live heap below
// followLoose, half as much again above (as GOGC=50 would), never lower. The tighter third keeps
// a 1 GiB log with 10,000 failure groups (a live heap of 32-35 MiB) under the 48 MiB limit, for
// 15-20 % more CPU on such logs; above followLoose the collector would run too often for its gain (17,000
// groups: 1.6x the CPU with a third, BENCHMARKS.md).
func nextLimit(limit, live int64) int64 {
	if live < followLoose {
		return max(limit, live+live/3)
	}
	return max(limit, live+live/2)
}

// followLoose is the live heap above which the limit leaves the collector half the live heap.
const followLoose = 40 << 20
