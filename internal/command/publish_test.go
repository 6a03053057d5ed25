package command

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestReleaseWorkflow checks that .github/workflows/release.yml runs on version tags only (the
// versions install-ctlog takes for releases), tests before it builds, and builds and publishes
// the pushed tag with the scripts the other tests run.
func TestReleaseWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			Push struct {
				Tags     []string `yaml:"tags"`
				Branches []string `yaml:"branches"`
			} `yaml:"push"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	if len(wf.On.Push.Tags) != 1 || len(wf.On.Push.Branches) != 0 {
		t.Fatalf("release.yml runs on tags %q and branches %q; want one tag pattern and no branch", wf.On.Push.Tags, wf.On.Push.Branches)
	}
	// GitHub's tag filter is a glob where + repeats the previous character class.
	glob := regexp.MustCompile(`^` + strings.NewReplacer(".", `\.`).Replace(wf.On.Push.Tags[0]) + `$`)
	for tag, want := range map[string]bool{"v1.0.0": true, "v12.3.45": true, "v1.0": false, "1.0.0": false, "v1.0.0-rc1": false, "latest": false} {
		if glob.MatchString(tag) != want {
			t.Errorf("tag %s: release.yml runs %v, want %v", tag, !want, want)
		}
	}
	if wf.Permissions["contents"] != "write" {
		t.Errorf("release.yml needs contents: write to create a release, has %q", wf.Permissions)
	}
	var runs []string
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Run != "" {
				runs = append(runs, strings.TrimSpace(s.Run))
			}
			if strings.Contains(s.Run, "publish-release") && s.Env["GH_TOKEN"] == "" {
				t.Error("the publish step gives gh no GH_TOKEN")
			}
		}
	}
	want := []string{`.ci/run`, `scripts/release "$GITHUB_REF_NAME" dist`, `scripts/publish-release "$GITHUB_REF_NAME" dist`}
	if strings.Join(runs, "\n") != strings.Join(want, "\n") {
		t.Errorf("release.yml runs\n%s\nwant\n%s", strings.Join(runs, "\n"), strings.Join(want, "\n"))
	}
	for _, script := range []string{".ci/run", "scripts/release", "scripts/publish-release"} {
		if fi, err := os.Stat(filepath.Join(repoRoot, script)); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%s: %v (mode %v); the workflow runs it directly", script, err, fi)
		}
	}
}

// TestPublishRelease runs scripts/publish-release with a fake gh: it uploads the six archives and
// checksums.txt with the CHANGELOG section as notes, and refuses, before calling gh, a missing or
// tampered archive, a version the changelog does not describe and a version that is not a release.
func TestPublishRelease(t *testing.T) {
	for _, tool := range []string{"bash", "awk", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	const version = "v1.2.3"
	rel := newFakeRelease(t, version)

	// A root of its own: the script and a CHANGELOG that describes 1.2.3.
	setup := func(t *testing.T) (root, dist, ghLog string, env []string) {
		root = t.TempDir()
		if err := os.MkdirAll(filepath.Join(root, "scripts"), 0o755); err != nil {
			t.Fatal(err)
		}
		script, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "publish-release"))
		if err != nil {
			t.Fatal(err)
		}
		writeMode(t, filepath.Join(root, "scripts", "publish-release"), string(script), 0o755)
		writeMode(t, filepath.Join(root, "CHANGELOG.md"), "# Changelog\n\n## [Unreleased]\n\n- next\n\n"+
			"## [1.2.3] - 2026-12-05\n\n### Fixed\n\n- the thing\n\n## [1.2.2] - 2026-11-01\n\n- older\n", 0o644)
		dist = filepath.Join(root, "dist")
		if err := os.MkdirAll(dist, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range rel.files {
			writeMode(t, filepath.Join(dist, name), string(b), 0o644)
		}
		bin := t.TempDir()
		ghLog = filepath.Join(t.TempDir(), "gh.log")
		writeMode(t, filepath.Join(bin, "gh"), `#!/bin/sh
printf '%s\n' "$@" > "`+ghLog+`"
while [ $# -gt 0 ]; do
	if [ "$1" = --notes-file ]; then echo '--- notes' >> "`+ghLog+`"; cat "$2" >> "`+ghLog+`"; fi
	shift
done
`, 0o755)
		env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
		return root, dist, ghLog, env
	}
	publish := func(t *testing.T, root string, env []string, args ...string) (string, error) {
		cmd := exec.Command("bash", append([]string{filepath.Join(root, "scripts", "publish-release")}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	t.Run("publishes", func(t *testing.T) {
		root, dist, ghLog, env := setup(t)
		if out, err := publish(t, root, env, version, dist); err != nil {
			t.Fatalf("publish-release: %v\n%s", err, out)
		}
		b, err := os.ReadFile(ghLog)
		if err != nil {
			t.Fatalf("gh was not called: %v", err)
		}
		args, notes, _ := strings.Cut(string(b), "--- notes\n")
		for _, want := range []string{"release\ncreate\nv1.2.3\n--verify-tag\n", "--title\nctlog v1.2.3\n", dist + "/checksums.txt\n"} {
			if !strings.Contains(args, want) {
				t.Errorf("gh arguments lack %q:\n%s", want, args)
			}
		}
		if n := strings.Count(args, dist+"/ctlog_v1.2.3_"); n != 6 {
			t.Errorf("gh uploads %d archives, want 6:\n%s", n, args)
		}
		if want := "\n### Fixed\n\n- the thing\n\n"; notes != want {
			t.Errorf("release notes %q, want the 1.2.3 section %q", notes, want)
		}
	})

	refusals := []struct {
		name, version, want string
		spoil               func(t *testing.T, dist string)
	}{
		{"a missing archive", version, "ctlog_v1.2.3_darwin_arm64.tar.gz is missing", func(t *testing.T, dist string) {
			if err := os.Remove(filepath.Join(dist, "ctlog_v1.2.3_darwin_arm64.tar.gz")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a tampered archive", version, "ctlog_v1.2.3_windows_amd64.zip: checksums.txt says", func(t *testing.T, dist string) {
			writeMode(t, filepath.Join(dist, "ctlog_v1.2.3_windows_amd64.zip"), "not the archive", 0o644)
		}},
		{"no changelog section", "v1.2.4", "CHANGELOG.md has no section '## [1.2.4]'", func(t *testing.T, dist string) {
			// The archives of 1.2.4, so that only the changelog is wrong.
			sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
			if err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dist)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), "ctlog_v1.2.3_") {
					if err := os.Rename(filepath.Join(dist, e.Name()), filepath.Join(dist, strings.Replace(e.Name(), "1.2.3", "1.2.4", 1))); err != nil {
						t.Fatal(err)
					}
				}
			}
			writeMode(t, filepath.Join(dist, "checksums.txt"), strings.ReplaceAll(string(sums), "1.2.3", "1.2.4"), 0o644)
		}},
		{"not a release version", "main", "is not a release version", func(*testing.T, string) {}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			root, dist, ghLog, env := setup(t)
			tt.spoil(t, dist)
			out, err := publish(t, root, env, tt.version, dist)
			if err == nil || !strings.Contains(out, tt.want) {
				t.Errorf("publish-release %s: %v, %q; want a refusal saying %q", tt.version, err, out, tt.want)
			}
			if _, err := os.Stat(ghLog); err == nil {
				t.Error("gh was called despite the refusal")
			}
		})
	}
}

// writeMode writes content to path with mode.
func writeMode(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
