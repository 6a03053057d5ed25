package command

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The release tests run scripts/release, scripts/install-ctlog and scripts/action-summarize with
// bash and the host's tar, gzip, zip and sha256sum. They build ctlog for every platform, so
// -short skips them.

const releaseTestVersion = "v0.0.0-test"

func releaseRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds release archives; skipped with -short")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
}

// runScript runs a script of scripts/ with bash or sh, in dir, with env added to the test's.
func runScript(t *testing.T, dir string, env []string, shell, script string, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(shell, append([]string{filepath.Join(releaseRoot(t), "scripts", script)}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}

// release runs scripts/release for targets ("" for all) into a temporary directory.
func release(t *testing.T, targets string) string {
	t.Helper()
	dist := t.TempDir()
	var env []string
	if targets != "" {
		env = append(env, "TARGETS="+targets)
	}
	start := time.Now()
	if _, errOut, err := runScript(t, releaseRoot(t), env, "bash", "release", releaseTestVersion, dist); err != nil {
		t.Fatalf("scripts/release: %v\n%s", err, errOut)
	}
	t.Logf("scripts/release %s (%s): %s", releaseTestVersion, targets, time.Since(start).Round(time.Millisecond))
	return dist
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// extractCtlog writes the ctlog binary of a .tar.gz release archive into dir.
func extractCtlog(t *testing.T, archive, dir string) string {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			t.Fatalf("%s holds no ctlog", archive)
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name != "ctlog" {
			continue
		}
		bin := filepath.Join(dir, "ctlog")
		out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, tr); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		return bin
	}
}

// TestReleaseScript builds release archives and checks checksums.txt and the stamped version of
// the binary for this platform. Every run builds linux/amd64, the platform the install test uses
// too; the six platforms of a release (.zip for windows), which take minutes to cross-compile on
// a cold build cache, with CTLOG_RELEASE_ALL=1.
func TestReleaseScript(t *testing.T) {
	needTools(t, "bash", "tar", "gzip", "zip", "sha256sum")
	oses, arches, targets := []string{"linux"}, []string{"amd64", "arm64"}, "linux/amd64"
	if os.Getenv("CTLOG_RELEASE_ALL") != "" {
		oses, targets = []string{"linux", "darwin", "windows"}, ""
	}
	dist := release(t, targets)
	var want []string
	for _, os := range oses {
		for _, arch := range arches {
			if targets != "" && !strings.Contains(targets, os+"/"+arch) {
				continue
			}
			ext := ".tar.gz"
			if os == "windows" {
				ext = ".zip"
			}
			want = append(want, "ctlog_"+releaseTestVersion+"_"+os+"_"+arch+ext)
		}
	}
	sums := map[string]string{}
	f, err := os.Open(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Errorf("checksums.txt: line %q is not in sha256sum format", sc.Text())
			continue
		}
		sums[name] = sum
	}
	if len(sums) != len(want) {
		t.Errorf("checksums.txt has %d lines, want %d", len(sums), len(want))
	}
	for _, name := range want {
		path := filepath.Join(dist, name)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("missing archive: %v", err)
			continue
		}
		if got := sha256File(t, path); sums[name] != got {
			t.Errorf("checksums.txt says %s for %s, the file's sha256 is %s", sums[name], name, got)
		}
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("the linux/amd64 binary does not run on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := extractCtlog(t, filepath.Join(dist, "ctlog_"+releaseTestVersion+"_linux_amd64.tar.gz"), t.TempDir())
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), releaseTestVersion) {
		t.Errorf("ctlog --version: %v, %q; want the stamped %s", err, out, releaseTestVersion)
	}
}

// TestInstallScript installs ctlog with scripts/install-ctlog from a fake release directory made by
// scripts/release for this platform, checks the cache, the refusal of a tampered archive and of a
// commit without Go, then runs the action's Summarize step with it on the README's demo log.
func TestInstallScript(t *testing.T) {
	needTools(t, "bash", "sh", "tar", "gzip", "zip", "sha256sum")
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("install-ctlog is a POSIX shell script; %s is not tested", runtime.GOOS)
	}
	dist := release(t, runtime.GOOS+"/"+runtime.GOARCH)
	archive := "ctlog_" + releaseTestVersion + "_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
	cache := t.TempDir()
	ghPath := filepath.Join(t.TempDir(), "github_path")
	env := []string{
		"CTLOG_RELEASE_BASE_URL=file://" + dist,
		"RUNNER_TOOL_CACHE=" + cache,
		"GITHUB_PATH=" + ghPath,
		"RUNNER_OS=", "RUNNER_ARCH=", "CTLOG_INSTALL_DIR=", "CTLOG_VERSION=",
	}
	dir := filepath.Join(cache, "ctlog", releaseTestVersion, runtime.GOOS+"-"+runtime.GOARCH)

	t.Run("installs", func(t *testing.T) {
		out, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog", releaseTestVersion)
		if err != nil {
			t.Fatalf("install-ctlog: %v\n%s", err, errOut)
		}
		if strings.TrimSpace(out) != dir {
			t.Errorf("install-ctlog printed %q, want %q", out, dir)
		}
		if b, _ := os.ReadFile(ghPath); strings.TrimSpace(string(b)) != dir {
			t.Errorf("GITHUB_PATH holds %q, want %q", b, dir)
		}
		v, err := exec.Command(filepath.Join(dir, "ctlog"), "--version").CombinedOutput()
		if err != nil || !strings.Contains(string(v), releaseTestVersion) {
			t.Errorf("installed ctlog --version: %v, %q", err, v)
		}
	})

	t.Run("cached", func(t *testing.T) {
		// A second install reads nothing: the release directory may be gone.
		env := append(env[:0:0], env...)
		env = append(env, "CTLOG_RELEASE_BASE_URL=/nonexistent")
		_, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog", releaseTestVersion)
		if err != nil || !strings.Contains(errOut, "cached") {
			t.Errorf("second install: %v, %q; want it cached", err, errOut)
		}
	})

	t.Run("refuses a tampered archive", func(t *testing.T) {
		bad := t.TempDir()
		b, err := os.ReadFile(filepath.Join(dist, archive))
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 1
		if err := os.WriteFile(filepath.Join(bad, archive), b, 0o644); err != nil {
			t.Fatal(err)
		}
		sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, "checksums.txt"), sums, 0o644); err != nil {
			t.Fatal(err)
		}
		into := filepath.Join(t.TempDir(), "bin")
		env := append(env[:0:0], env...)
		env = append(env, "CTLOG_RELEASE_BASE_URL="+bad, "CTLOG_INSTALL_DIR="+into)
		_, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog", releaseTestVersion)
		if err == nil || !strings.Contains(errOut, "checksum mismatch") || !strings.Contains(errOut, "refusing") {
			t.Errorf("tampered archive: %v, %q; want a refusal", err, errOut)
		}
		if _, err := os.Stat(filepath.Join(into, "ctlog")); err == nil {
			t.Error("a tampered archive was installed")
		}
		// A checksums.txt without the archive's line is refused too.
		if err := os.WriteFile(filepath.Join(bad, "checksums.txt"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, err = runScript(t, t.TempDir(), env, "sh", "install-ctlog", releaseTestVersion)
		if err == nil || !strings.Contains(errOut, "no line for") {
			t.Errorf("no checksum: %v, %q; want a refusal", err, errOut)
		}
	})

	t.Run("a commit without Go", func(t *testing.T) {
		// PATH holds uname and nothing else: no go to build the commit with.
		bin := t.TempDir()
		uname, err := exec.LookPath("uname")
		if err != nil {
			t.Skip("uname not found")
		}
		if err := os.Symlink(uname, filepath.Join(bin, "uname")); err != nil {
			t.Fatal(err)
		}
		sh, _ := exec.LookPath("sh")
		env := append(env[:0:0], env...)
		env = append(env, "PATH="+bin)
		_, errOut, err := runScript(t, t.TempDir(), env, sh, "install-ctlog", "main")
		if err == nil || !strings.Contains(errOut, "not a release") {
			t.Errorf("install-ctlog main without Go: %v, %q", err, errOut)
		}
	})

	t.Run("summarize", func(t *testing.T) {
		root := releaseRoot(t)
		ghOut := filepath.Join(t.TempDir(), "github_output")
		env := append(env[:0:0], env...)
		env = append(env,
			"CTLOG="+filepath.Join(dir, "ctlog"),
			"GITHUB_OUTPUT="+ghOut, "GITHUB_ACTIONS=", "GITHUB_STEP_SUMMARY=", "RUNNER_TEMP="+t.TempDir(),
			"CTLOG_LOG=testdata/logs/ci-hooks-not-loaded.log", "CTLOG_FAIL_ON=any", "CTLOG_OUTPUT=github",
			"CTLOG_CONFIG=testdata/demo/.ctlog.yaml", "CTLOG_HOOKS=testdata/demo/harbor/schemathesis_hooks.py",
			"CTLOG_MAX_ANNOTATIONS=3", "CTLOG_BASELINE=", "CTLOG_SCHEMA=", "CTLOG_ARGS=")
		out, errOut, err := runScript(t, root, env, "bash", "action-summarize")
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitFailures {
			t.Fatalf("action-summarize: %v, want exit %d (--fail-on any)\n%s", err, ExitFailures, errOut)
		}
		if n := strings.Count(out, "::error "); n != 3 {
			t.Errorf("%d error annotations, want 3 (max-annotations)\n%s", n, out)
		}
		b, err := os.ReadFile(ghOut)
		if err != nil {
			t.Fatal(err)
		}
		got := string(b)
		for _, want := range []string{"groups=10\n", "new-groups=0\n", "json=/"} {
			if !strings.Contains(got, want) {
				t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, got)
			}
		}
	})
}
