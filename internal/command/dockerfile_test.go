package command

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDockerfile checks the container definition without a Docker daemon: the build stage uses
// the Go version go.mod names, its build command (run here as written, VERSION stamped) gives a
// static binary that reports the version, and the final stage is a static base image whose
// entrypoint is the binary the build stage copied.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	// Join continued lines, drop comments.
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	var froms, runs, copies []string
	entry := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		instr, rest, _ := strings.Cut(line, " ")
		switch instr {
		case "FROM":
			froms = append(froms, rest)
		case "RUN":
			runs = append(runs, rest)
		case "COPY":
			copies = append(copies, rest)
		case "ENTRYPOINT":
			entry = rest
		}
	}
	if len(froms) != 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a final one: %q", len(froms), froms)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	if goVersion == nil || !strings.HasPrefix(froms[0], "golang:"+goVersion[1]+" ") {
		t.Errorf("build stage %q does not use the Go of go.mod (%v)", froms[0], goVersion)
	}
	if !strings.HasPrefix(froms[1], "gcr.io/distroless/static") {
		t.Errorf("final stage %q is not a static base image", froms[1])
	}
	if entry != `["/usr/local/bin/ctlog"]` || !slices.Contains(copies, "--from=build /out/ctlog /usr/local/bin/ctlog") {
		t.Errorf("ENTRYPOINT %s does not run the binary the build stage copied (%q)", entry, copies)
	}

	var build string
	for _, r := range runs {
		if strings.Contains(r, "go build") {
			build = r
		}
	}
	release, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "release"))
	if err != nil {
		t.Fatal(err)
	}
	stamp := regexp.MustCompile(`-X (\S+)=`)
	if d, r := stamp.FindStringSubmatch(build), stamp.FindStringSubmatch(string(release)); d == nil || r == nil || d[1] != r[1] {
		t.Fatalf("the Dockerfile stamps %v, scripts/release %v: they must stamp the same variable", d, r)
	}
	if !strings.HasPrefix(build, "CGO_ENABLED=0 ") {
		t.Errorf("the build is not static (CGO_ENABLED=0): %s", build)
	}
	if testing.Short() {
		t.Skip("builds ctlog; skipped with -short")
	}
	out := t.TempDir()
	cmd := exec.Command("sh", "-c", strings.ReplaceAll(build, "/out/", out+"/"))
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "VERSION=v0.0.0-docker")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's build command: %v\n%s", err, msg)
	}
	v, err := exec.Command(filepath.Join(out, "ctlog"), "--version").CombinedOutput()
	if err != nil || !strings.Contains(string(v), "v0.0.0-docker") {
		t.Errorf("ctlog built as the Dockerfile does: --version %q, %v; want the stamped version", v, err)
	}
}
