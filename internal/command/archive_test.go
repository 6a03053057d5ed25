package command

import (
	"archive/zip"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func writeZip(t *testing.T, path string, members map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, src := range members {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSummarizeArchives reads every format from a zip and a gzip: each member is its own input,
// named by its path in the archive, and members without Schemathesis output are skipped.
func TestSummarizeArchives(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("2025-03-14T09:12:45.1234567Z Set up job\n2025-03-14T09:12:46.1234567Z done\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	z := filepath.Join(dir, "artifacts.zip")
	writeZip(t, z, map[string]string{
		"schemathesis-output.txt": "../../testdata/logs/ci-hooks-not-loaded.log",
		"reports/junit.xml":       "../../testdata/junit/ci-hooks-not-loaded.xml",
		"reports/cassette.yaml":   "../../testdata/cassettes/ci-hooks-not-loaded.yaml",
		"reports/traffic.har":     "../../testdata/har/harbor-4x.har",
		"1_lint.txt":              notes,
	})
	gz := filepath.Join(dir, "run.log.gz")
	data, err := os.ReadFile("../../testdata/logs/v4-ci-failures.log")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write(data)
	zw.Close()
	f.Close()

	code, out, stderr := run(t, "", nil, "summarize", "-o", "json", z, gz)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Name, Format, Skipped, Error string
			Runs                         []struct{ Format string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, in := range doc.Inputs {
		switch {
		case in.Error != "":
			got[in.Name] = "error: " + in.Error
		case in.Skipped != "":
			got[in.Name] = "skipped"
		default:
			got[in.Name] = in.Format
		}
	}
	want := map[string]string{
		z + "/schemathesis-output.txt": "text",
		z + "/reports/junit.xml":       "junit",
		z + "/reports/cassette.yaml":   "vcr",
		z + "/reports/traffic.har":     "har",
		z + "/1_lint.txt":              "skipped",
		gz:                             "text",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("inputs = %v", got)
	}
}

func TestSummarizeForcedFormat(t *testing.T) {
	code, _, stderr := run(t, "", nil, "summarize", "--format", "junit", "../../testdata/logs/passing.log")
	if code != ExitInput {
		t.Errorf("a log read as JUnit: exit %d (%s), want %d", code, stderr, ExitInput)
	}
	code, _, stderr = run(t, "", nil, "summarize", "--format", "pdf", "../../testdata/logs/passing.log")
	if code != ExitUsage {
		t.Errorf("unknown --format: exit %d (%s)", code, stderr)
	}
}
