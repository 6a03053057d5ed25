package command

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a cache directory of their own, so that a developer's history store or
// download cache never changes what the commands under test print.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ctlog-command-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, v := range []string{"XDG_CACHE_HOME", "CTLOG_CACHE_DIR"} {
		if err := os.Setenv(v, dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
