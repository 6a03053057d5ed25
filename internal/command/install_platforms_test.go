package command

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeRelease serves a GitHub-shaped release of version for every platform the action runs on:
// /releases/latest redirects to /releases/tag/VERSION, and /releases/download/VERSION/ holds one
// archive per platform (a stub binary that prints its platform) and checksums.txt. It records the
// paths asked for.
type fakeRelease struct {
	version string
	files   map[string][]byte
	mu      sync.Mutex
	asked   []string
}

func newFakeRelease(t *testing.T, version string) *fakeRelease {
	t.Helper()
	r := &fakeRelease{version: version, files: map[string][]byte{}}
	var sums strings.Builder
	for _, os := range []string{"linux", "darwin", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			stub := fmt.Sprintf("#!/bin/sh\necho 'ctlog %s %s/%s'\n", version, os, arch)
			name := "ctlog_" + version + "_" + os + "_" + arch
			var b []byte
			if os == "windows" {
				name += ".zip"
				b = zipOf(t, "ctlog.exe", stub)
			} else {
				name += ".tar.gz"
				b = tarGzOf(t, "ctlog", stub)
			}
			r.files[name] = b
			sum := sha256.Sum256(b)
			fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
		}
	}
	r.files["checksums.txt"] = []byte(sums.String())
	return r
}

func (r *fakeRelease) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.asked = append(r.asked, req.URL.Path)
	r.mu.Unlock()
	switch p := req.URL.Path; {
	case p == "/releases/latest":
		http.Redirect(w, req, "/releases/tag/"+r.version, http.StatusFound)
	case p == "/releases/tag/"+r.version:
		w.WriteHeader(http.StatusOK)
	case strings.HasPrefix(p, "/releases/download/"+r.version+"/"):
		b, ok := r.files[strings.TrimPrefix(p, "/releases/download/"+r.version+"/")]
		if !ok {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write(b)
	default:
		http.NotFound(w, req)
	}
}

func (r *fakeRelease) downloads() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var got []string
	for _, p := range r.asked {
		if name, ok := strings.CutPrefix(p, "/releases/download/"+r.version+"/"); ok && name != "checksums.txt" {
			got = append(got, name)
		}
	}
	r.asked = nil
	return got
}

func tarGzOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct{ name, body string }{{"LICENSE", "MIT\n"}, {name, content}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct{ name, body string }{{"LICENSE", "MIT\n"}, {name, content}} {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestInstallScriptPlatforms runs scripts/install-ctlog as the action does on each kind of GitHub
// runner (RUNNER_OS and RUNNER_ARCH as the runner sets them), against a local HTTP server shaped
// like GitHub's releases: the version 'latest' resolves through the releases/latest redirect, the
// archive for the runner's platform (a .zip with ctlog.exe on Windows) is downloaded over HTTP,
// checked and installed in the tool cache. The archives hold stubs, so no cross-compiling.
func TestInstallScriptPlatforms(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("install-ctlog is a POSIX shell script; %s is not tested", runtime.GOOS)
	}
	for _, tool := range []string{"sh", "curl", "tar", "gzip", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	const version = "v1.2.3"
	rel := newFakeRelease(t, version)
	srv := httptest.NewServer(rel)
	defer srv.Close()

	tests := []struct {
		runnerOS, runnerArch string
		archive, exe, dir    string
	}{
		{"Linux", "X64", "ctlog_v1.2.3_linux_amd64.tar.gz", "ctlog", "linux-amd64"},
		{"Linux", "ARM64", "ctlog_v1.2.3_linux_arm64.tar.gz", "ctlog", "linux-arm64"},
		{"macOS", "ARM64", "ctlog_v1.2.3_darwin_arm64.tar.gz", "ctlog", "darwin-arm64"},
		{"macOS", "X64", "ctlog_v1.2.3_darwin_amd64.tar.gz", "ctlog", "darwin-amd64"},
		{"Windows", "X64", "ctlog_v1.2.3_windows_amd64.zip", "ctlog.exe", "windows-amd64"},
		{"Windows", "ARM64", "ctlog_v1.2.3_windows_arm64.zip", "ctlog.exe", "windows-arm64"},
	}
	for _, tt := range tests {
		for _, asked := range []string{"latest", version} {
			t.Run(tt.runnerOS+"-"+tt.runnerArch+"-"+asked, func(t *testing.T) {
				cache := t.TempDir()
				ghPath := filepath.Join(t.TempDir(), "github_path")
				env := []string{
					"CTLOG_REPO_URL=" + srv.URL, "CTLOG_RELEASE_BASE_URL=",
					"RUNNER_OS=" + tt.runnerOS, "RUNNER_ARCH=" + tt.runnerArch,
					"RUNNER_TOOL_CACHE=" + cache, "GITHUB_PATH=" + ghPath,
					"CTLOG_INSTALL_DIR=", "CTLOG_VERSION=" + asked,
				}
				out, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog")
				if err != nil {
					t.Fatalf("install-ctlog: %v\n%s", err, errOut)
				}
				dir := filepath.Join(cache, "ctlog", version, tt.dir)
				if strings.TrimSpace(out) != dir {
					t.Errorf("install-ctlog printed %q, want %q", out, dir)
				}
				if got := rel.downloads(); len(got) != 1 || got[0] != tt.archive {
					t.Errorf("downloaded %q, want just %s", got, tt.archive)
				}
				b, err := os.ReadFile(filepath.Join(dir, tt.exe))
				if err != nil {
					t.Fatalf("not installed: %v", err)
				}
				if want := "ctlog " + version + " " + strings.ReplaceAll(tt.dir, "-", "/"); !strings.Contains(string(b), want) {
					t.Errorf("installed the wrong binary: %q, want the one that says %q", b, want)
				}
				if gp, _ := os.ReadFile(ghPath); strings.TrimSpace(string(gp)) != dir {
					t.Errorf("GITHUB_PATH holds %q, want %q", gp, dir)
				}
				if asked == "latest" && !strings.Contains(errOut, "latest is "+version) {
					t.Errorf("stderr does not say what 'latest' resolved to:\n%s", errOut)
				}
			})
		}
	}

	t.Run("an unsupported runner", func(t *testing.T) {
		env := []string{"CTLOG_REPO_URL=" + srv.URL, "RUNNER_OS=Linux", "RUNNER_ARCH=ARM", "CTLOG_VERSION=" + version}
		_, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog")
		if err == nil || !strings.Contains(errOut, "unsupported architecture: ARM") {
			t.Errorf("32-bit ARM runner: %v, %q; want a refusal naming the architecture", err, errOut)
		}
	})

	t.Run("a version with no release", func(t *testing.T) {
		env := []string{
			"CTLOG_REPO_URL=" + srv.URL, "CTLOG_RELEASE_BASE_URL=", "RUNNER_OS=Linux", "RUNNER_ARCH=X64",
			"RUNNER_TOOL_CACHE=" + t.TempDir(), "CTLOG_INSTALL_DIR=", "CTLOG_VERSION=v9.9.9",
		}
		_, errOut, err := runScript(t, t.TempDir(), env, "sh", "install-ctlog")
		if err == nil || !strings.Contains(errOut, "cannot download") {
			t.Errorf("v9.9.9: %v, %q; want 'cannot download'", err, errOut)
		}
	})
}
