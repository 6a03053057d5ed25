package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// eventLog renders events as lines of JSON; it is a Joiner that renders a part's failures where
// they are joined, their line numbers moved and operation named: what a sequential parse would
// have emitted there.
type eventLog struct {
	lines []string
	joins int
}

func (l *eventLog) Handle(e Event) { l.add(e) }

// Join implements Joiner.
func (l *eventLog) Join(part *failureList, j Join) {
	l.joins++
	for _, f := range part.fs {
		f.Line += j.LineDelta
		f.EndLine += j.LineDelta
		if f.Operation == "" {
			f.Operation = j.Operation
		}
		l.add(f)
	}
}

func (l *eventLog) add(e Event) {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	l.lines = append(l.lines, fmt.Sprintf("%T %s", e, b))
}

// failureList is a part handler that keeps the failures.
type failureList struct{ fs []*Failure }

func newFailureList() *failureList { return &failureList{} }

func (f *failureList) Handle(e Event) {
	if x, ok := e.(*Failure); ok {
		f.fs = append(f.fs, x)
	} else {
		panic(fmt.Sprintf("a part received a %T", e))
	}
}

// splitInputs are logs to split: the hand-written ones and generated ones, always, and the logs of
// the corpus when it is present (and the test is not -short); fromCorpus counts the last.
func splitInputs(t testing.TB) (in map[string][]byte, fromCorpus int) {
	t.Helper()
	in = map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "logs", "*.log"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in[filepath.Base(f)] = b
	}
	for i, cfg := range []loggen.Config{
		{Seed: 1, Operations: 12, TargetBytes: 300 << 10},
		{Seed: 2, Operations: 30, TargetBytes: 300 << 10, GitHub: true},
		{Seed: 3, Operations: 20, TargetBytes: 200 << 10, CRLF: true, Workers: 4},
		{Seed: 4, Operations: 8},
	} {
		var buf bytes.Buffer
		if _, err := loggen.Generate(&buf, cfg); err != nil {
			t.Fatal(err)
		}
		in[fmt.Sprintf("generated-%d", i)] = buf.Bytes()
	}
	// An unwrapped log with workflow markers, byte-order marks and lines that merely start with
	// '#' among its lines: the split parts' grammar meets them in its plain lines.
	var marked bytes.Buffer
	if _, err := loggen.Generate(&marked, loggen.Config{Seed: 6, Operations: 20, TargetBytes: 200 << 10}); err != nil {
		t.Fatal(err)
	}
	mlines := strings.SplitAfter(marked.String(), "\n")
	for i := range mlines {
		switch {
		case i%97 == 5:
			mlines[i] = "##[group]Step " + fmt.Sprint(i) + "\n" + mlines[i]
		case i%89 == 7:
			mlines[i] = "\uFEFF" + mlines[i]
		case i%83 == 3:
			mlines[i] = "# not a marker\n##[unknown]x\n##[endgroup]\n" + mlines[i]
		case i%211 == 11:
			mlines[i] = "\uFEFF##[warning]marked after a byte-order mark\n" + mlines[i]
		}
	}
	in["generated-marked"] = []byte(strings.Join(mlines, ""))
	// The same in a log wrapped by GitHub Actions: byte-order marks before and after timestamps,
	// markers after them, lines without one.
	var stamped bytes.Buffer
	if _, err := loggen.Generate(&stamped, loggen.Config{Seed: 7, Operations: 20, TargetBytes: 200 << 10, GitHub: true}); err != nil {
		t.Fatal(err)
	}
	slines := strings.SplitAfter(stamped.String(), "\n")
	for i := range slines {
		ts, rest, ok := strings.Cut(slines[i], "Z ")
		if !ok || i < 3 {
			continue
		}
		switch {
		case i%97 == 5:
			slines[i] = ts + "Z ##[group]Step " + fmt.Sprint(i) + "\n" + slines[i]
		case i%89 == 7:
			slines[i] = ts + "Z \uFEFF" + rest
		case i%83 == 3:
			slines[i] = "\uFEFF" + slines[i] + ts + "Z # not a marker\n" + ts + "Z ##[endgroup]\n"
		case i%79 == 2:
			slines[i] = rest // a line without its timestamp
		case i%211 == 11:
			slines[i] = "\uFEFF" + ts + "Z \uFEFF##[warning]marked\n" + slines[i]
		}
	}
	in["generated-stamped-marked"] = []byte(strings.Join(slines, ""))
	// A reproduce command whose quote stays open up to an operation title: the title is no place
	// to split (Parse warns there), so a split there must fall back.
	var buf bytes.Buffer
	if _, err := loggen.Generate(&buf, loggen.Config{Seed: 5, Operations: 60, TargetBytes: 300 << 10}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	opened := 0
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "___") && strings.Contains(lines[i], " /") {
			for j := i - 1; j > 0 && j > i-8; j-- {
				if strings.Contains(lines[j], "curl ") {
					lines[j] = strings.TrimSuffix(lines[j], "\n") + ` -d '{"open": "quote` + "\n"
					opened++
					break
				}
			}
		}
	}
	if opened == 0 {
		t.Fatal("no title after a curl command in the generated log")
	}
	in["open-quotes"] = []byte(strings.Join(lines, ""))
	dir, ok := corpus.Lookup()
	if testing.Short() || !ok {
		return in, 0
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".log")) {
			if b, err := os.ReadFile(path); err == nil {
				in["corpus"+strings.TrimPrefix(path, dir)] = b
				fromCorpus++
			}
		}
		return nil
	})
	return in, fromCorpus
}

// TestSplitEquivalence splits every input at every line that looks like an operation title (and
// at lines that do not, which must fall back), and checks that the events are those of Parse.
func TestSplitEquivalence(t *testing.T) {
	joins, tries, split := 0, 0, 0
	inputs, fromCorpus := splitInputs(t)
	for name, data := range inputs {
		var want eventLog
		wantSt, wantErr := Parse(bytes.NewReader(data), Options{Name: name}, &want)
		norm, ok := headNormalizer(bytes.NewReader(data))
		if !ok {
			continue // UTF-16, CR-only: never split
		}
		split++
		// Every line with a rule of underscores (titles, and titles in other sections), and a spread
		// of other lines: test case headers, bodies, blank lines.
		var points, others []int64
		for off, line := int64(0), []byte(nil); off < int64(len(data)); off += int64(len(line)) {
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				break
			}
			line = data[off : off+int64(i)+1]
			switch {
			case off == 0:
			case bytes.Contains(line, []byte("___")),
				bytes.Contains(line, []byte("Test Case ID")) && (len(data) < 64<<10 || len(points)%3 == 0):
				points = append(points, off)
			default:
				others = append(others, off)
			}
		}
		for i := 0; i < len(others); i += max(1, len(others)/10) {
			points = append(points, others[i])
		}
		for _, at := range points {
			tries++
			var got eventLog
			st, err := parseSplitAt(bytes.NewReader(data), int64(len(data)), at, norm, Options{Name: name},
				newFailureList, &got)
			joins += got.joins
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
				t.Fatalf("%s split at %d: stats %+v, %v; want %+v, %v", name, at, st, err, wantSt, wantErr)
			}
			if d := firstDiff(got.lines, want.lines); d != "" {
				t.Fatalf("%s split at %d (%d joins): %s", name, at, got.joins, d)
			}
		}
	}
	t.Logf("%d inputs (%d from the corpus), %d of them splittable: %d splits tried, %d joined",
		len(inputs), fromCorpus, split, tries, joins)
	if joins < 20 {
		t.Fatalf("only %d of %d splits joined: the test does not exercise joining", joins, tries)
	}
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("event %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d events, want %d", len(got), len(want))
	}
	return ""
}

// TestParseSplitSmall reads a log under SplitMin as Parse does, without asking for a part.
func TestParseSplitSmall(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "ci-hooks-not-loaded.log"))
	if err != nil {
		t.Fatal(err)
	}
	var got, want eventLog
	if _, err := Parse(bytes.NewReader(data), Options{}, &want); err != nil {
		t.Fatal(err)
	}
	part := func() *failureList { t.Fatal("part asked for"); return nil }
	if _, err := ParseSplit(bytes.NewReader(data), int64(len(data)), Options{}, part, &got); err != nil {
		t.Fatal(err)
	}
	if d := firstDiff(got.lines, want.lines); d != "" {
		t.Fatal(d)
	}
}

var _ io.ReaderAt = (*bytes.Reader)(nil)

// FuzzParseSplit splits arbitrary logs at their failure-block and title lines and requires the
// events of one pass, as TestSplitEquivalence does for the test logs.
func FuzzParseSplit(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "logs", "*.log"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{Name: "fuzz", MaxText: 256, MaxLine: 4096}
		norm, ok := headNormalizer(bytes.NewReader(data))
		if !ok {
			return
		}
		var want eventLog
		wantSt, wantErr := Parse(bytes.NewReader(data), opts, &want)
		tries := 0
		for off := 0; off < len(data) && tries < 8; {
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				break
			}
			line := data[off : off+i+1]
			if off > 0 && (bytes.Contains(line, titleFill) || bytes.Contains(line, testCaseID)) {
				tries++
				var got eventLog
				st, err := parseSplitAt(bytes.NewReader(data), int64(len(data)), int64(off), norm, opts,
					newFailureList, &got)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
					t.Fatalf("split at %d: stats %+v, %v; want %+v, %v", off, st, err, wantSt, wantErr)
				}
				if d := firstDiff(got.lines, want.lines); d != "" {
					t.Fatalf("split at %d (%d joins): %s", off, got.joins, d)
				}
			}
			off += i + 1
		}
	})
}

// TestSplitInStatefulBlockNotJoined: a split inside the failures of stateful tests is not joined,
// since the handler files each of them by its own last request and needs to know the block is
// stateful; the first part reads on, and the events are those of one pass. A split at an
// operation's failure in the same log is joined (the test is not vacuous).
func TestSplitInStatefulBlockNotJoined(t *testing.T) {
	raw, err := os.ReadFile("../testdata/logs/v4-ci-failures.log")
	if err != nil {
		t.Fatal(err)
	}
	// Two more stateful failures after the first; the split goes at the second, and the part reads
	// it and hands over at the third.
	block := "________________________________ Stateful tests ________________________________\n1. Test Case ID: yJ4sWc\n"
	i := bytes.Index(raw, []byte(block))
	end := bytes.Index(raw[i:], []byte("    st replay yJ4sWc\n\n"))
	if i < 0 || end < 0 {
		t.Fatal("the stateful block of v4-ci-failures.log moved")
	}
	first := raw[i+len(block)-len("1. Test Case ID: yJ4sWc\n") : i+end+len("    st replay yJ4sWc\n\n")]
	second := bytes.ReplaceAll(bytes.ReplaceAll(first, []byte("1. Test Case ID: yJ4sWc"), []byte("2. Test Case ID: Qm7tPz")), []byte("yJ4sWc"), []byte("Qm7tPz"))
	third := bytes.ReplaceAll(bytes.ReplaceAll(first, []byte("1. Test Case ID: yJ4sWc"), []byte("3. Test Case ID: Hr2wXn")), []byte("yJ4sWc"), []byte("Hr2wXn"))
	at := i + end + len("    st replay yJ4sWc\n\n")
	data := slices.Concat(raw[:at], second, third, raw[at:])
	norm, ok := headNormalizer(bytes.NewReader(data))
	if !ok {
		t.Fatal("no normalizer")
	}
	var want eventLog
	if _, err := Parse(bytes.NewReader(data), Options{Name: "x"}, &want); err != nil {
		t.Fatal(err)
	}
	operation := int64(bytes.Index(data, []byte("1. Test Case ID: Vn8kRa")))
	for _, tt := range []struct {
		name  string
		at    int64
		joins int
	}{{"in the stateful block", int64(at), 0}, {"at an operation's failure", operation, 1}} {
		if tt.at <= 0 {
			t.Fatalf("%s: no split point", tt.name)
		}
		var got eventLog
		if _, err := parseSplitAt(bytes.NewReader(data), int64(len(data)), tt.at, norm, Options{Name: "x"}, newFailureList, &got); err != nil {
			t.Fatal(err)
		}
		if got.joins != tt.joins {
			t.Errorf("%s: %d joins, want %d", tt.name, got.joins, tt.joins)
		}
		if d := firstDiff(got.lines, want.lines); d != "" {
			t.Errorf("%s: %s", tt.name, d)
		}
	}
}
