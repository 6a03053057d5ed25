package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash paths relative to root, content) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// walkAll walks path and records every source: its name relative to base, its body (or, for a
// refused entry, "refused: " and the reason).
func walkAll(t *testing.T, base, path string, lim Limits) ([]string, error) {
	t.Helper()
	var out []string
	err := Walk(path, nil, lim, func(s Source) error {
		rel, _ := filepath.Rel(base, s.Name)
		rel = filepath.ToSlash(rel)
		if s.Refused != "" {
			if _, err := s.Open(); err == nil || !strings.Contains(err.Error(), s.Refused) {
				t.Errorf("%s: refused, but Open gives %v", rel, err)
			}
			out = append(out, rel+" refused: "+s.Refused)
			return nil
		}
		rc, err := s.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		body, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		if s.Size != int64(len(body)) && s.Size != -1 {
			t.Errorf("%s: Size %d, read %d bytes", rel, s.Size, len(body))
		}
		out = append(out, rel+"="+string(body))
		return nil
	})
	return out, err
}

// TestWalkDir: a directory is read as a zip is: every file once, in sorted order at every level,
// subdirectories and archives inside descended into, symbolic links not followed.
func TestWalkDir(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "schemathesis-report")
	writeTree(t, root, map[string]string{
		"junit.xml":                    "<testsuites/>",
		"allure/b2-result.json":        "{b}",
		"allure/a1-result.json":        "{a}",
		"allure/a1-attachment.txt":     "curl",
		"cassette.yaml":                "http_interactions: []",
		"Z-upper.txt":                  "Z",
		"har/network.har":              "{}",
		"har/deeper/../sibling.ndjson": "{}",
	})
	if err := os.WriteFile(filepath.Join(root, "har", "logs.zip"), makeZip(t, entry{name: "b.txt", body: "zb"}, entry{name: "a.txt", body: "za"}), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(base, "secret.txt")
	os.WriteFile(outside, []byte("outside"), 0o644)
	if err := os.Symlink(outside, filepath.Join(root, "leak.txt")); err != nil {
		t.Skip("symlink:", err)
	}
	os.Symlink("junit.xml", filepath.Join(root, "again.xml"))            // inside: read once, as junit.xml
	os.Symlink(base, filepath.Join(root, "up"))                          // a directory outside
	os.Symlink(filepath.Join(root, "allure"), filepath.Join(root, "al")) // a directory inside
	os.Symlink("missing", filepath.Join(root, "dangling"))

	got, err := walkAll(t, base, root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	refused := "symbolic link to a path outside " + root + ": not followed"
	want := []string{
		"schemathesis-report/Z-upper.txt=Z",
		"schemathesis-report/allure/a1-attachment.txt=curl",
		"schemathesis-report/allure/a1-result.json={a}",
		"schemathesis-report/allure/b2-result.json={b}",
		"schemathesis-report/cassette.yaml=http_interactions: []",
		"schemathesis-report/dangling refused: " + refused,
		"schemathesis-report/har/logs.zip/b.txt=zb",
		"schemathesis-report/har/logs.zip/a.txt=za",
		"schemathesis-report/har/network.har={}",
		"schemathesis-report/har/sibling.ndjson={}",
		"schemathesis-report/junit.xml=<testsuites/>",
		"schemathesis-report/leak.txt refused: " + refused,
		"schemathesis-report/up refused: " + refused,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	seen := map[string]bool{}
	for _, g := range got {
		name, _, _ := strings.Cut(g, "=")
		if seen[name] {
			t.Errorf("%s read twice", name)
		}
		seen[name] = true
	}
	// The same walk again gives the same order.
	again, _ := walkAll(t, base, root, Limits{})
	if strings.Join(again, "\n") != strings.Join(got, "\n") {
		t.Errorf("second walk differs:\n%s", strings.Join(again, "\n"))
	}
}

// TestWalkDirLimits: a directory is bounded as a zip is, by member count, total and member bytes
// and depth.
func TestWalkDirLimits(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"a.txt":       strings.Repeat("a", 100),
		"b.txt":       strings.Repeat("b", 100),
		"sub/c.txt":   strings.Repeat("c", 100),
		"sub/d/e.txt": "e",
	})
	for _, tt := range []struct {
		name string
		lim  Limits
		want string
	}{
		{"members", Limits{MaxMembers: 3}, "more than 3 members (--max-members)"},
		{"total bytes", Limits{MaxTotalBytes: 250}, "more than the 250 bytes limit for all members (--max-total-size)"},
		{"member bytes", Limits{MaxMemberBytes: 99}, "a.txt: larger than the 99 bytes limit for one member (--max-member-size)"},
		{"depth", Limits{MaxDepth: 1}, filepath.Join(root, "sub", "d") + ": directories nested more than 1 deep (--max-depth)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := walkAll(t, root, root, tt.lim)
			if err == nil || !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v; want a limit error with %q", err, tt.want)
			}
		})
	}
	// Within the limits, every file is read.
	got, err := walkAll(t, root, root, Limits{MaxMembers: 6, MaxDepth: 2, MaxTotalBytes: 301})
	if err != nil || len(got) != 4 {
		t.Errorf("within limits: %v, %v", got, err)
	}
	// An archive in a directory opens only while its depth allows: a zip two levels down is at
	// depth 2 and opens with --max-depth 2, one level further it does not.
	writeTree(t, root, map[string]string{"sub/d/x.txt": ""})
	os.WriteFile(filepath.Join(root, "sub", "d", "n.zip"), makeZip(t, entry{name: "m.txt", body: "m"}), 0o644)
	if _, err := walkAll(t, root, root, Limits{MaxDepth: 2}); err == nil || !strings.Contains(err.Error(), "n.zip: archives nested more than 2 deep") {
		t.Errorf("zip three levels down: %v", err)
	}
}

// TestWalkEmptyDir: an empty directory has no sources and is no error of the walk.
func TestWalkEmptyDir(t *testing.T) {
	got, err := walkAll(t, t.TempDir(), t.TempDir(), Limits{})
	if err != nil || len(got) != 0 {
		t.Errorf("got %v, %v", got, err)
	}
}
