package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestLimitMemory sets the soft limit, and leaves one set by GOMEMLIMIT alone.
func TestLimitMemory(t *testing.T) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tests := []struct {
		env  string // "" = unset
		want int64
	}{
		{"", memoryLimit},
		{"1GiB", math.MaxInt64},
	}
	for _, tt := range tests {
		debug.SetMemoryLimit(math.MaxInt64)
		if tt.env != "" {
			t.Setenv("GOMEMLIMIT", tt.env)
		}
		set := limitMemory()
		if got := debug.SetMemoryLimit(-1); got != tt.want || set != (tt.env == "") {
			t.Errorf("GOMEMLIMIT=%q: limit %d (set %v), want %d", tt.env, got, set, tt.want)
		}
	}
}

// TestNextLimit raises the limit only once the live heap leaves the collector less than a quarter.
func TestNextLimit(t *testing.T) {
	const mb = 1 << 20
	tests := []struct{ limit, live, want int64 }{
		{48 * mb, 0, 48 * mb},
		{48 * mb, 31 * mb, 48 * mb},
		{48 * mb, 32 * mb, 48 * mb},
		{48 * mb, 36 * mb, 48 * mb},
		{48 * mb, 39 * mb, 52 * mb}, // a third more below followLoose
		{48 * mb, 40 * mb, 60 * mb}, // half more from there
		{90 * mb, 40 * mb, 90 * mb}, // never lower
	}
	for _, tt := range tests {
		if got := nextLimit(tt.limit, tt.live); got != tt.want {
			t.Errorf("nextLimit(%d MiB, %d MiB) = %d MiB, want %d MiB", tt.limit/mb, tt.live/mb, got/mb, tt.want/mb)
		}
	}
}
