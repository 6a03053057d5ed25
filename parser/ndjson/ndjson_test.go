package ndjson_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/ndjson"
)

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "ndjson", name) }

// collect reads path with read (the NDJSON reader or the text parser) into runs and events.
func collect(t testing.TB, path string, read func(*os.File, parser.Handler) error) ([]*classify.Run, []parser.Event) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c classify.Collector
	var evs []parser.Event
	if err := read(f, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e); c.Handle(e) })); err != nil {
		t.Fatal(err)
	}
	return c.Finish(), evs
}

func readNDJSON(f *os.File, h parser.Handler) error {
	_, err := ndjson.Parse(f, parser.Options{Name: f.Name()}, h)
	return err
}

func readText(f *os.File, h parser.Handler) error {
	_, err := parser.Parse(f, parser.Options{Name: f.Name()}, h)
	return err
}

type groupRow struct {
	Operation, Check, Title string
	Status, Count           int
	Cause                   string
}

func groups(r *classify.Run) []groupRow {
	var out []groupRow
	for _, g := range r.Groups {
		out = append(out, groupRow{g.Operation, g.Check, g.Title, g.Status, g.Count, g.Signature.Text})
	}
	slices.SortFunc(out, func(a, b groupRow) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out
}

func integrity(r *classify.Run) string {
	var b strings.Builder
	fmt.Fprintf(&b, "status=%v ok=%v complete=%v\n", r.Integrity.Status, r.Integrity.OK, r.Integrity.Complete)
	for _, c := range r.Integrity.Checks {
		fmt.Fprintf(&b, "%s %v %s\n", c.Name, c.Result, c.Detail)
	}
	return b.String()
}

// TestPairGivesTextGroupsAndIntegrity: the same run as a 4.x text log and as an NDJSON event
// stream gives the same failure groups (operation, check, title, status, count, cause), the same
// totals, errors, settings and integrity.
func TestPairGivesTextGroupsAndIntegrity(t *testing.T) {
	text, _ := collect(t, fixture("pair-harbor.log"), readText)
	events, _ := collect(t, fixture("pair-harbor.ndjson"), readNDJSON)
	if len(text) != 1 || len(events) != 1 {
		t.Fatalf("runs: text %d, ndjson %d; want 1 each", len(text), len(events))
	}
	tr, er := text[0], events[0]
	if tr.Format != er.Format || tr.Version != er.Version {
		t.Errorf("run: text %s %s, ndjson %s %s", tr.Format, tr.Version, er.Format, er.Version)
	}
	tg, eg := groups(tr), groups(er)
	if len(tg) != 5 {
		t.Errorf("text log: %d groups, want 5: %+v", len(tg), tg)
	}
	if !slices.Equal(tg, eg) {
		t.Errorf("groups differ\ntext:   %+v\nndjson: %+v", tg, eg)
	}
	if ti, ei := integrity(tr), integrity(er); ti != ei {
		t.Errorf("integrity differs\ntext:\n%s\nndjson:\n%s", ti, ei)
	}
	if !er.Integrity.OK {
		t.Errorf("integrity not ok:\n%s", integrity(er))
	}
	if tr.Totals.UniqueFailures != 6 || er.Totals.UniqueFailures != 6 || tr.Totals.Errors != er.Totals.Errors {
		t.Errorf("totals: text %+v, ndjson %+v", tr.Totals, er.Totals)
	}
	var te, ee []string
	for _, e := range tr.Errors {
		te = append(te, e.Operation+"|"+e.Title+"|"+strings.SplitN(e.Message, "\n", 2)[0])
	}
	for _, e := range er.Errors {
		ee = append(ee, e.Operation+"|"+e.Title+"|"+strings.SplitN(e.Message, "\n", 2)[0])
	}
	if !slices.Equal(te, ee) {
		t.Errorf("errors: text %q, ndjson %q", te, ee)
	}
	ts, es := tr.Settings, er.Settings
	if ts.SchemaLocation != es.SchemaLocation || ts.BaseURL != es.BaseURL || ts.SpecVersion != es.SpecVersion ||
		ts.Seed != es.Seed || ts.Operations != es.Operations {
		t.Errorf("settings: text %+v, ndjson %+v", ts, es)
	}
	if len(tr.Diagnostics) != 0 || len(er.Diagnostics) != 0 {
		t.Errorf("diagnostics: text %+v, ndjson %+v", tr.Diagnostics, er.Diagnostics)
	}
}

// TestEventsOnlyFacts: what only the event stream carries — per-check totals, the phases with
// their counts, the command line — reaches the run.
func TestEventsOnlyFacts(t *testing.T) {
	runs, _ := collect(t, fixture("pair-harbor.ndjson"), readNDJSON)
	r := runs[0]
	totals := map[string]parser.CheckTotal{}
	for _, c := range r.Summary.CheckTotals {
		totals[c.Name] = c
	}
	if c := totals["not_a_server_error"]; c.Total != 12 || c.Passed != 9 || !c.Failed {
		t.Errorf("not_a_server_error totals = %+v, want 9/12 failed", c)
	}
	if c := totals["content_type_conformance"]; c.Passed != c.Total || c.Failed {
		t.Errorf("content_type_conformance totals = %+v, want all passed", c)
	}
	var phases []string
	for _, p := range r.Phases {
		phases = append(phases, fmt.Sprintf("%s %s %d/%d/%d/%d", p.Name, p.Status, p.Passed, p.Failed, p.Errored, p.Skipped))
	}
	want := []string{"Examples failed 3/1/0/1", "Coverage skipped 0/0/0/0", "Fuzzing errored 1/2/1/0", "Stateful failed 2/1/0/0"}
	if !slices.Equal(phases, want) {
		t.Errorf("phases = %q, want %q", phases, want)
	}
	if r.Command == nil || r.Command.Flags["--report"] != "ndjson" {
		t.Errorf("command = %+v", r.Command)
	}
}

func diagnostics(evs []parser.Event) []parser.Diagnostic {
	var out []parser.Diagnostic
	for _, e := range evs {
		if d, ok := e.(*parser.Diagnostic); ok {
			out = append(out, *d)
		}
	}
	return out
}

// TestBadLineAndUnknownEvent: a line that is not JSON and an event this reader does not know each
// give a Diagnostic naming the line; the events after them are read.
func TestBadLineAndUnknownEvent(t *testing.T) {
	runs, evs := collect(t, fixture("errors-warnings.ndjson"), readNDJSON)
	ds := diagnostics(evs)
	if len(ds) != 2 {
		t.Fatalf("diagnostics = %+v, want 2", ds)
	}
	if d := ds[0]; d.Line != 6 || d.Code != "json" || d.Severity != "warning" || !strings.Contains(d.Message, "Traceback") {
		t.Errorf("bad line: %+v", d)
	}
	if d := ds[1]; d.Line != 10 || d.Code != "unknown-event" || !strings.Contains(d.Message, "RunSummaryUploaded") {
		t.Errorf("unknown event: %+v", d)
	}
	r := runs[0]
	if r.Fatal == nil || r.Fatal.Line != 11 || !strings.Contains(r.Fatal.Message, "dictionary changed size") {
		t.Errorf("the fatal error after them was not read: %+v", r.Fatal)
	}
	// The duplicate TypeError of one operation is listed once, as the CLI lists it.
	if r.Totals.Errors != 2 || r.Errors[0].Title != "Runtime Error" || r.Errors[1].Title != "Schema Error" {
		t.Errorf("errors = %+v", r.Errors)
	}
	if r.Totals.Warnings != 1 {
		t.Errorf("warnings = %d, want 1", r.Totals.Warnings)
	}
	if r.Integrity.ReadWhole() {
		t.Error("a line that is not JSON must make the read fail closed")
	}
}

// TestCutFile: a stream cut inside its last line gives a "json" warning on that line, the failures
// before it, and no final line: the run is incomplete and not read whole.
func TestCutFile(t *testing.T) {
	runs, evs := collect(t, fixture("cut.ndjson"), readNDJSON)
	ds := diagnostics(evs)
	if len(ds) != 1 || ds[0].Code != "json" || ds[0].Severity != "warning" || ds[0].Line != 29 || !strings.Contains(ds[0].Message, "cut short") {
		t.Fatalf("diagnostics = %+v", ds)
	}
	r := runs[0]
	if r.Summary.End != nil || r.Integrity.Status != classify.RunIncomplete || r.Integrity.ReadWhole() {
		t.Errorf("end %+v, integrity %s", r.Summary.End, integrity(r))
	}
	if r.Totals.TestCases != 2 {
		t.Errorf("test cases = %d, want 2 (the ones before the cut)", r.Totals.TestCases)
	}
	info := evs[len(evs)-1].(*parser.InputInfo)
	st, _ := os.Stat(fixture("cut.ndjson"))
	if info.End != st.Size() || info.EndLine != 29 {
		t.Errorf("InputInfo = %+v, want all %d bytes, 29 lines", info, st.Size())
	}
}

// TestInterrupted: Ctrl-C gives an Interrupted event, the phase it stopped says so, and the final
// line counts the part that ran.
func TestInterrupted(t *testing.T) {
	runs, _ := collect(t, fixture("interrupted.ndjson"), readNDJSON)
	r := runs[0]
	if !r.Interrupted || r.Integrity.Status != classify.RunInterrupted || r.Summary.End == nil || r.Summary.End.Failed != 1 {
		t.Errorf("interrupted %v, end %+v, integrity %s", r.Interrupted, r.Summary.End, integrity(r))
	}
	if len(r.Groups) != 1 || r.Groups[0].Status != 500 || r.Groups[0].Samples[0].BodyKind != "empty" {
		t.Errorf("groups = %+v", r.Groups)
	}
}

// TestLongLine: a line longer than MaxLine is skipped with a "too-large" warning and the lines
// after it are read.
func TestLongLine(t *testing.T) {
	big := `{"ScenarioFinished":{"phase":"Fuzzing","status":"success","recorder":{"label":"GET /x","cases":{"a":{"value":{"body":"` +
		strings.Repeat("x", 300<<10) + `"}}}}}}` + "\n"
	in := `{"Initialize":{"command":"st run x","schemathesis_version":"4.21.3","seed":1}}` + "\n" + big +
		`{"EngineFinished":{"running_time":1.5,"stop_reason":"completed"}}` + "\n"
	var evs []parser.Event
	var c classify.Collector
	st, err := ndjson.Parse(strings.NewReader(in), parser.Options{Name: "long", MaxLine: 100 << 10},
		parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e); c.Handle(e) }))
	if err != nil {
		t.Fatal(err)
	}
	ds := diagnostics(evs)
	if len(ds) != 1 || ds[0].Code != "too-large" || ds[0].Line != 2 || ds[0].End-ds[0].Offset != int64(len(big)) {
		t.Fatalf("diagnostics = %+v", ds)
	}
	if st.Bytes != int64(len(in)) || st.Lines != 3 {
		t.Errorf("stats = %+v", st)
	}
	if r := c.Finish()[0]; r.Summary.End == nil || r.Summary.End.Seconds != 1.5 {
		t.Errorf("the line after the long one was not read: %+v", r.Summary.End)
	}
}
