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
