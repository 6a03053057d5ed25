package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeFirstCommand returns the arguments of README.md's first command, `go run ./cmd/ctlog ARGS`:
// the first line of its first sh block, without a trailing comment.
func readmeFirstCommand(t *testing.T, readme string) []string {
	t.Helper()
	_, block, ok := strings.Cut(readme, "```sh\n")
	if !ok {
		t.Fatal("README.md has no ```sh block")
	}
	first, _, _ := strings.Cut(block, "\n")
	first, _, _ = strings.Cut(first, " #")
	const prefix = "go run ./cmd/ctlog "
	if !strings.HasPrefix(first, prefix) {
		t.Fatalf("README.md's first command is %q, want %q...", first, prefix)
	}
	return strings.Fields(strings.TrimPrefix(first, prefix))
}

// TestREADMEFirstCommand runs exactly README.md's first command from the repository root, as on a
// clean clone, and checks that it shows everything ctlog does: failure groups, the hooks diagnosis,
// the failures a hook should have fixed and the hooks lint result.
func TestREADMEFirstCommand(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	args := readmeFirstCommand(t, string(readme))
	t.Chdir(root)
	code, out, errOut := run(t, "", nil, args...)
	if code != ExitOK || errOut != "" {
		t.Fatalf("ctlog %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
	for _, want := range []string{
		"Hooks:    Hooks not loaded",
		"Set SCHEMATHESIS_HOOKS=harbor.schemathesis_hooks",
		"hook should have fixed: fix_missing_object_status",
		"hook should have fixed: fix_voyage_eta",
		"2 of 2 hooks",
		"POST /api/v2/vessels/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ctlog %s: the output lacks %q:\n%s", strings.Join(args, " "), want, out)
		}
	}
}

// TestCIRunsREADMETestCommand checks that .ci/run runs README.md's second command, the one that
// runs every test.
func TestCIRunsREADMETestCommand(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(readme), "```sh\n")
	lines := strings.SplitN(block, "\n", 3)
	if len(lines) < 3 {
		t.Fatal("README.md's first sh block has no second command")
	}
	test, _, _ := strings.Cut(lines[1], " #")
	test = strings.TrimSpace(test)
	ci, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(string(ci), "\n") {
		if strings.TrimSpace(line) == test {
			found = true
		}
	}
	if !found {
		t.Errorf(".ci/run does not run README.md's test command %q:\n%s", test, ci)
	}
}
