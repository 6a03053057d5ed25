package pipeline

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

const allureRun = "../../testdata/allure/failing-run"

// summarizeNames summarizes paths and lists each input as "name format runs error".
func summarizeNames(t *testing.T, paths ...string) ([]string, *Result) {
	t.Helper()
	res, err := Summarize(context.Background(), Options{Inputs: paths, NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, in := range res.Doc.Inputs {
		s := in.Name + " " + string(in.Format)
		for _, r := range in.Runs {
			s += " run:" + string(r.Format)
		}
		if in.Error != "" {
			s += " error: " + in.Error
		}
		out = append(out, s)
	}
	return out, res
}

// TestAllureDirectoryIsOneRun: the result files of one directory are one input with one run,
// named after the directory; the attachment files beside them are no inputs.
func TestAllureDirectoryIsOneRun(t *testing.T) {
	got, res := summarizeNames(t, allureRun)
	if want := allureRun + " allure run:allure"; len(got) != 1 || got[0] != want {
		t.Fatalf("inputs %q, want [%q]", got, want)
	}
	r := res.Doc.Inputs[0].Runs[0]
	if r.Totals.FailedOperations != 1 || r.Totals.Errors != 1 || len(r.Groups) != 2 || !r.Integrity.OK {
		t.Errorf("run: totals %+v, %d groups, integrity %+v", r.Totals, len(r.Groups), r.Integrity)
	}
	if len(res.Unread) != 0 {
		t.Errorf("unread: %v", res.Unread)
	}
}

// TestAllureZipIsOneRun: the results in a folder of a zip are one run as well, beside the other
// members; a result file given as the path is a run of its own, named after the file.
func TestAllureZipIsOneRun(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	ents, _ := os.ReadDir(allureRun)
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(allureRun, e.Name()))
		w, _ := zw.Create("schemathesis-report/allure/" + e.Name())
		w.Write(data)
	}
	log, _ := os.ReadFile(harborLog)
	w, _ := zw.Create("schemathesis-report/run.log")
	w.Write(log)
	zw.Close()
	f.Close()

	got, _ := summarizeNames(t, p)
	want := []string{p + "/schemathesis-report/allure allure run:allure", p + "/schemathesis-report/run.log text run:schemathesis-3"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	one := filepath.Join(allureRun, "3c7e9b1a-5d2f-4e8a-9c61-0f4b2d8e7a15-result.json")
	got, res := summarizeNames(t, one)
	if len(got) != 1 || got[0] != one+" allure run:allure" || res.Doc.Inputs[0].Runs[0].Totals.FailedOperations != 1 {
		t.Errorf("one result: %q", got)
	}
}

// TestDirectoryRefusedSymlink: a symbolic link out of a directory is an input with an error, the
// directory's other files are read.
func TestDirectoryRefusedSymlink(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile(harborLog)
	os.WriteFile(filepath.Join(dir, "run.log"), data, 0o644)
	target, _ := filepath.Abs(harborCassette)
	if err := os.Symlink(target, filepath.Join(dir, "z.yaml")); err != nil {
		t.Skip(err)
	}
	got, res := summarizeNames(t, dir)
	if len(got) != 2 || !strings.HasSuffix(got[0], "run.log text run:schemathesis-3") ||
		!strings.Contains(got[1], "z.yaml: symbolic link to a path outside") || res.Doc.Inputs[1].Format != parser.Format("") {
		t.Errorf("inputs %q", got)
	}
}
