package pipeline

import (
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

const (
	harborLog      = "../../testdata/logs/ci-hooks-not-loaded.log"
	harborCassette = "../../testdata/cassettes/ci-hooks-not-loaded.yaml"
)

// observed records what an Observer is told.
type observed struct {
	begun, ended []Source
	read         []int64 // bytes read at End
	events       int
	last         func() int64
}

func (o *observed) Begin(src Source, read func() int64, _ *classify.Collector) func(parser.Event) {
	o.begun = append(o.begun, src)
	o.last = read
	return func(parser.Event) { o.events++ }
}

func (o *observed) End(src Source, _ parser.Stats, _ error) {
	o.ended = append(o.ended, src)
	o.read = append(o.read, o.last())
}

func TestSummarizeInputs(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "job.log.gz")
	data, err := os.ReadFile(harborLog)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(gz)
	w := gzip.NewWriter(f)
	w.Write(data)
	w.Close()
	f.Close()

	var warned []error
	obs := &observed{}
	res, err := Summarize(context.Background(), Options{
		Inputs:   []string{harborLog, notes, gz, harborCassette},
		NoConfig: true, Tool: "ctlog test", Observer: obs,
		Warn: func(err error) { warned = append(warned, err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := res.Doc
	if doc.Tool != "ctlog test" || len(doc.Inputs) != 4 {
		t.Fatalf("tool %q, %d inputs", doc.Tool, len(doc.Inputs))
	}
	if want := []int{0, 1, 2, 3}; len(res.From) != 4 || res.From[1] != 1 || res.From[3] != 3 {
		t.Errorf("From = %v, want %v", res.From, want)
	}
	// The file without Schemathesis output is unread, warned about and in the document.
	if len(res.Unread) != 1 || len(warned) != 1 || !strings.Contains(doc.Inputs[1].Error, "no Schemathesis output") {
		t.Errorf("unread %v, warned %v, entry %+v", res.Unread, warned, doc.Inputs[1])
	}
	// The log and its gzip give the same groups; the cassette's concrete paths map to the log's operations.
	if len(doc.Inputs[0].Runs) != 1 || len(doc.Inputs[2].Runs) != 1 || len(doc.Inputs[0].Runs[0].Groups) != len(doc.Inputs[2].Runs[0].Groups) {
		t.Fatalf("log and gzip differ: %+v / %+v", doc.Inputs[0], doc.Inputs[2])
	}
	ops := map[string]bool{}
	for _, g := range doc.Inputs[0].Runs[0].Groups {
		ops[g.Operation] = true
	}
	for _, g := range doc.Inputs[3].Runs[0].Groups {
		if !ops[g.Operation] {
			t.Errorf("cassette group %q is not one of the log's operations", g.Operation)
		}
	}
	// The observer saw every parsed source begin and end, with every byte read.
	if len(obs.begun) != 4 || len(obs.ended) != 4 || obs.events == 0 {
		t.Fatalf("observer: %d begun, %d ended, %d events", len(obs.begun), len(obs.ended), obs.events)
	}
	if obs.begun[0].Name != harborLog || obs.begun[0].Size != int64(len(data)) || obs.read[0] < int64(len(data)) {
		t.Errorf("observer on the log: %+v, read %d of %d", obs.begun[0], obs.read[0], len(data))
	}
	if obs.begun[2].Input != 2 || !strings.HasPrefix(obs.begun[2].Name, gz) {
		t.Errorf("observer on the gzip: %+v", obs.begun[2])
	}
}

func TestSummarizeRedacts(t *testing.T) {
	res, err := Summarize(context.Background(), Options{Inputs: []string{harborLog}, NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Doc.Inputs[0].Runs[0].Groups {
		for _, s := range g.Samples {
			for _, c := range s.Reproduce {
				if strings.Contains(c, "eyJhbGci") {
					t.Errorf("a reproduce command keeps the bearer token: %s", c)
				}
			}
		}
	}
}

func TestCheckOptions(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("hooks: [\n"), 0o644)
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"stdin twice", Options{Inputs: []string{"-", "-"}, NoConfig: true}, ErrStdinTwice.Error()},
		{"bad rules", Options{Inputs: []string{harborLog}, Config: bad}, "bad.yaml"},
		{"missing baseline", Options{Inputs: []string{harborLog}, NoConfig: true, Baseline: filepath.Join(dir, "none.json")}, "--baseline"},
		{"fine", Options{Inputs: []string{harborLog}, NoConfig: true}, ""},
	}
	for _, tt := range tests {
		_, err := Check(tt.opts)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Check = %v, want %q", tt.name, err, tt.want)
		}
		// Summarize refuses the same options before it reads anything.
		if tt.want != "" {
			obs := &observed{}
			tt.opts.Observer = obs
			if _, err := Summarize(context.Background(), tt.opts); err == nil || len(obs.begun) != 0 {
				t.Errorf("%s: Summarize = %v after reading %d sources", tt.name, err, len(obs.begun))
			}
		}
	}
}

// TestPreparedIsReadOnce checks that Summarize with Options.Prepared uses the hook rules Check
// loaded instead of reading them again: the rules file is gone by the time it reads.
func TestPreparedIsReadOnce(t *testing.T) {
	rulesFile := filepath.Join(t.TempDir(), ".ctlog.yaml")
	if err := os.WriteFile(rulesFile, []byte("hooks:\n  module: app.hooks\n  rules:\n    - name: fix_status\n      operations: [\"GET /api/**\"]\n      checks: [status_code_conformance]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Inputs: []string{harborLog}, Config: rulesFile}
	prepared, err := Check(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(rulesFile); err != nil {
		t.Fatal(err)
	}
	if _, err := Summarize(context.Background(), opts); err == nil {
		t.Fatal("Summarize without Prepared read a rules file that is gone")
	}
	opts.Prepared = prepared
	res, err := Summarize(context.Background(), opts)
	if err != nil {
		t.Fatalf("Summarize with Prepared: %v", err)
	}
	if res.Doc.Config != rulesFile {
		t.Errorf("document's config %q, want the rules Check loaded (%s)", res.Doc.Config, rulesFile)
	}
}

func TestSummarizeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Summarize(ctx, Options{Inputs: []string{harborLog}, NoConfig: true})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Summarize on an ended context = %v", err)
	}
}

// TestCrashFilesLinkToLog: a crash file given with the log of the run that wrote it links the
// log's sample of the same test case to it, with its st replay command.
func TestCrashFilesLinkToLog(t *testing.T) {
	crash := "../../testdata/crashes/PATCH_api_v2_vessels_vessel_id_not_a_server_error_3f9c1a07.json"
	res, err := Summarize(context.Background(), Options{Inputs: []string{"../../testdata/logs/v4-run-checks.log", crash}, NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unread) != 0 || len(res.Doc.Inputs) != 2 || res.Doc.Inputs[1].Format != parser.FormatCrash {
		t.Fatalf("unread %v, inputs %+v", res.Unread, res.Doc.Inputs)
	}
	var linked int
	for _, g := range res.Doc.Inputs[0].Runs[0].Groups {
		for _, s := range g.Samples {
			if s.TestCaseID == "Uo3yKj" {
				if s.CrashFile != crash || s.Replay != "st replay Uo3yKj" {
					t.Errorf("sample %s: crash file %q, replay %q", s.TestCaseID, s.CrashFile, s.Replay)
				}
				linked++
			} else if s.CrashFile != "" {
				t.Errorf("sample %q linked to %q", s.TestCaseID, s.CrashFile)
			}
		}
	}
	if linked != 1 {
		t.Errorf("%d samples linked", linked)
	}
	cg := res.Doc.Inputs[1].Runs[0].Groups
	if len(cg) != 1 || cg[0].Samples[0].Replay != "st replay Uo3yKj" || cg[0].Check != "not_a_server_error" {
		t.Errorf("crash file groups = %+v", cg)
	}
}
