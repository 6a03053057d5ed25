package loggen

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// recount is what the tests find by scanning the text, independently of the generator.
type recount struct {
	bytes, lines                     int64
	passed, failed, errored, skipped int
	testCases, flaky, curls, repro   int
	byOpTitle                        map[string]int
	failedChecks                     []string
	symbols                          map[byte]int
	body                             []string // plain lines (prefix, CR and markers removed)
}

func generate(t testing.TB, cfg Config) ([]byte, Truth) {
	t.Helper()
	var buf bytes.Buffer
	tr, err := Generate(&buf, cfg)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", cfg, err)
	}
	return buf.Bytes(), tr
}

func isTimestamp(s string) bool {
	// 2025-03-14T09:12:45.1234567Z + space
	if len(s) != 29 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		s[19] != '.' || s[27] != 'Z' || s[28] != ' ' {
		return false
	}
	for i, c := range s[:27] {
		switch i {
		case 4, 7, 10, 13, 16, 19:
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// scan re-reads a generated log. It fails the test on any structural problem.
func scan(t *testing.T, data []byte, cfg Config) recount {
	t.Helper()
	rc := recount{bytes: int64(len(data)), byOpTitle: map[string]int{}, symbols: map[byte]int{}, failedChecks: []string{}}
	rc.lines = int64(bytes.Count(data, []byte("\n")))
	text := string(data)
	if cfg.GitHub {
		if !strings.HasPrefix(text, "\ufeff") {
			t.Fatal("GitHub log does not start with a BOM")
		}
		text = text[3:]
	} else if strings.HasPrefix(text, "\ufeff") {
		t.Fatal("unexpected BOM")
	}
	if !strings.HasSuffix(text, "\n") {
		t.Fatal("log does not end with a newline")
	}
	raw := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	lastTS := ""
	for i, l := range raw {
		if cfg.CRLF {
			if !strings.HasSuffix(l, "\r") {
				t.Fatalf("line %d lacks CR: %q", i+1, l)
			}
			l = l[:len(l)-1]
		} else if strings.HasSuffix(l, "\r") {
			t.Fatalf("line %d has a stray CR", i+1)
		}
		if cfg.GitHub {
			if len(l) < 29 || !isTimestamp(l[:29]) {
				t.Fatalf("line %d has no timestamp: %q", i+1, l)
			}
			if ts := l[:28]; ts <= lastTS {
				t.Fatalf("line %d: timestamp %s not after %s", i+1, ts, lastTS)
			} else {
				lastTS = ts
			}
			l = l[29:]
			if strings.HasPrefix(l, "##[") || strings.HasPrefix(l, "\x1b[36;1m") ||
				strings.HasPrefix(l, "shell: ") || l == "env:" || strings.HasPrefix(l, "  pythonLocation") ||
				strings.HasPrefix(l, "  LD_LIBRARY_PATH") || strings.HasPrefix(l, "  API_TOKEN") {
				continue // runner wrapping, not Schemathesis output
			}
		}
		rc.body = append(rc.body, l)
	}

	var (
		section   string
		op        string
		lastN     int
		inChecks  bool
		inProg    bool
		sawHeader bool
	)
	for i, l := range rc.body {
		if m, ok := ruleTitle(l, '='); ok {
			section = m
			if m == "Schemathesis test session starts" {
				sawHeader = true
			}
			if len(l) != 80 {
				t.Errorf("rule %q is %d wide", l, len(l))
			}
			inProg = false
			continue
		}
		switch {
		case sawHeader && section == "Schemathesis test session starts":
			if strings.HasPrefix(l, "Schema analysis: ") {
				if l != "Schema analysis: ...\rSchema analysis: SKIP" {
					t.Errorf("bad analysis line %q", l)
				}
				inProg = true
				continue
			}
			if !inProg || l == "" {
				continue
			}
			if cfg.Workers > 1 {
				for j := 0; j < len(l); j++ {
					rc.symbols[l[j]]++
				}
				continue
			}
			if len(l) != 80 || !strings.HasSuffix(l, "%]") {
				t.Errorf("progress line %q is not 80 wide", l)
				continue
			}
			body := strings.TrimRight(l[:74], " ")
			rc.symbols[body[len(body)-1]]++
			if label := body[:len(body)-2]; len(label) > 71 || (len(label) > 66 && !strings.HasSuffix(label, "[...]")) {
				t.Errorf("progress label not cut: %q", label)
			}
		case section == "FAILURES":
			if title, ok := ruleTitle(l, '_'); ok {
				op, lastN = title, 0
				continue
			}
			// A title of 78+ characters gets no fill on the left (and at most one on the right).
			if len(l) >= 80 && l[0] == ' ' && l[1] != ' ' {
				if s := strings.TrimRight(l, "_"); len(l)-len(s) <= 1 && strings.HasSuffix(s, " ") {
					op, lastN = s[1:len(s)-1], 0
					continue
				}
			}
			if strings.HasPrefix(l, "[FLAKY] ") {
				rc.flaky++
				if lastN != 0 {
					t.Errorf("line %d: FLAKY banner after a test case", i+1)
				}
				continue
			}
			if n, ok := caseNumber(l); ok {
				if n != lastN+1 {
					t.Errorf("%s: test case %d follows %d", op, n, lastN)
				}
				lastN = n
				rc.testCases++
				continue
			}
			if strings.HasPrefix(l, "- ") {
				rc.byOpTitle[op+" :: "+l[2:]]++
			}
			if strings.HasPrefix(l, "    curl -X ") {
				rc.curls++
			}
			if l == "Reproduce with: " {
				rc.repro++
			}
		case section == "SUMMARY":
			if l == "Performed checks:" {
				inChecks = true
				continue
			}
			if inChecks {
				if l == "" {
					inChecks = false
					continue
				}
				if !strings.HasPrefix(l, "    ") || !(strings.HasSuffix(l, " FAILED ") || strings.HasSuffix(l, " PASSED ")) {
					t.Errorf("bad checks row %q", l)
					continue
				}
				if strings.HasSuffix(l, "FAILED ") {
					rc.failedChecks = append(rc.failedChecks, strings.Fields(l)[0])
				}
			}
		}
	}
	// The final line.
	final := rc.body[len(rc.body)-1]
	parts, ok := ruleTitle(final, '=')
	if !ok || len(final) != 80 {
		t.Fatalf("bad final line %q", final)
	}
	left := len(final) - len(strings.TrimLeft(final, "="))
	right := len(final) - len(strings.TrimRight(final, "="))
	if right != left && right != left+1 {
		t.Errorf("final line not centred Python-style: %d/%d", left, right)
	}
	in := strings.LastIndex(parts, " in ")
	if in < 0 || !strings.HasSuffix(parts, "s") {
		t.Fatalf("final line %q has no duration", final)
	}
	for _, p := range strings.Split(parts[:in], ", ") {
		f := strings.Fields(p)
		n, err := strconv.Atoi(f[0])
		if err != nil || len(f) != 2 {
			t.Fatalf("bad part %q", p)
		}
		switch f[1] {
		case "passed":
			rc.passed = n
		case "failed":
			rc.failed = n
		case "errored":
			rc.errored = n
		case "skipped":
			rc.skipped = n
		default:
			t.Fatalf("bad part %q", p)
		}
	}
	return rc
}

// ruleTitle matches ^F+ (.+?) F+$.
func ruleTitle(l string, fill byte) (string, bool) {
	if len(l) < 4 || l[0] != fill || l[len(l)-1] != fill {
		return "", false
	}
	s := strings.TrimLeft(l, string(fill))
	s = strings.TrimRight(s, string(fill))
	if len(s) < 3 || s[0] != ' ' || s[len(s)-1] != ' ' {
		return "", false
	}
	return s[1 : len(s)-1], true
}

func caseNumber(l string) (int, bool) {
	i := strings.Index(l, ". Test Case ID: ")
	if i <= 0 {
		return 0, false
	}
	n, err := strconv.Atoi(l[:i])
	id := l[i+len(". Test Case ID: "):]
	if err != nil || len(id) != 6 {
		return 0, false
	}
	return n, true
}

var configs = []struct {
	name string
	cfg  Config
}{
	{"default", Config{Seed: 1}},
	{"seed2", Config{Seed: 2}},
	{"small", Config{Seed: 3, Operations: 5}},
	{"one-op", Config{Seed: 4, Operations: 1}},
	{"github", Config{Seed: 5, GitHub: true}},
	{"github-crlf", Config{Seed: 6, GitHub: true, CRLF: true}},
	{"crlf", Config{Seed: 7, CRLF: true}},
	{"workers4", Config{Seed: 8, Workers: 4}},
	{"workers2-github-crlf", Config{Seed: 9, Workers: 2, GitHub: true, CRLF: true, Operations: 400}},
	{"big-ops", Config{Seed: 10, Operations: 3000}},
	{"target-1MB", Config{Seed: 11, TargetBytes: 1 << 20}},
	{"target-3MB-github", Config{Seed: 12, TargetBytes: 3 << 20, GitHub: true, CRLF: true, Workers: 3}},
	{"target-tiny", Config{Seed: 13, TargetBytes: 100, Operations: 3}},
}

func TestTruthMatchesText(t *testing.T) {
	for _, tc := range configs {
		t.Run(tc.name, func(t *testing.T) {
			data, tr := generate(t, tc.cfg)
			rc := scan(t, data, withDefaults(tc.cfg))
			check := func(what string, got, want any) {
				t.Helper()
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: text has %v, Truth says %v", what, got, want)
				}
			}
			check("bytes", rc.bytes, tr.Bytes)
			check("lines", rc.lines, tr.Lines)
			check("passed", rc.passed, tr.Passed)
			check("failed", rc.failed, tr.Failed)
			check("errored", rc.errored, tr.Errored)
			check("skipped", rc.skipped, tr.Skipped)
			check("test cases", rc.testCases, tr.TestCases)
			check("curl commands", rc.curls, tr.TestCases)
			check("Reproduce with", rc.repro, tr.TestCases)
			check("flaky", rc.flaky, tr.Flaky)
			check("by operation/title", rc.byOpTitle, tr.ByOperationTitle)
			check("failed checks", rc.failedChecks, tr.FailedChecks)
			ops := withDefaults(tc.cfg).Operations
			check("symbols", rc.symbols['.']+rc.symbols['F']+rc.symbols['E']+rc.symbols['S'], ops)
			check("symbol .", rc.symbols['.'], tr.Passed)
			check("symbol F", rc.symbols['F'], tr.Failed)
			check("symbol E", rc.symbols['E'], tr.Errored)
			check("symbol S", rc.symbols['S'], tr.Skipped)
			check("operations", tr.Passed+tr.Failed+tr.Errored+tr.Skipped, ops)
			if tc.cfg.TargetBytes > 0 {
				if tr.Bytes < tc.cfg.TargetBytes {
					t.Errorf("Bytes %d < TargetBytes %d", tr.Bytes, tc.cfg.TargetBytes)
				}
				if tc.cfg.TargetBytes > 1<<20-1 && tr.Bytes > tc.cfg.TargetBytes+1<<20 {
					t.Errorf("Bytes %d overshoots TargetBytes %d by more than 1 MiB", tr.Bytes, tc.cfg.TargetBytes)
				}
			}
			if tr.Failed > 0 && len(tr.FailedChecks) == 0 {
				t.Error("failures but no FAILED check")
			}
			if tc.cfg.GitHub {
				tail := string(data[len(data)-60:])
				wantErr := tr.Failed+tr.Errored > 0
				if got := strings.Contains(tail, "##[error]Process completed with exit code 1."); got != wantErr {
					t.Errorf("##[error] tail present=%v, want %v", got, wantErr)
				}
			}
		})
	}
}

func withDefaults(c Config) Config {
	if c.Operations == 0 {
		c.Operations = DefaultOperations
	}
	if c.Workers == 0 {
		c.Workers = 1
	}
	return c
}

func TestManySeeds(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 10
	}
	for seed := int64(100); seed < int64(100+n); seed++ {
		cfg := Config{Seed: seed, Operations: 20 + int(seed%7)*30, Workers: 1 + int(seed%3), GitHub: seed%2 == 0, CRLF: seed%5 == 0}
		data, tr := generate(t, cfg)
		rc := scan(t, data, withDefaults(cfg))
		if rc.testCases != tr.TestCases || rc.flaky != tr.Flaky || rc.failed != tr.Failed ||
			!reflect.DeepEqual(rc.byOpTitle, tr.ByOperationTitle) || !reflect.DeepEqual(rc.failedChecks, tr.FailedChecks) {
			t.Fatalf("seed %d: recount differs from Truth: cases %d/%d flaky %d/%d failed %d/%d titles %v/%v checks %v/%v",
				seed, rc.testCases, tr.TestCases, rc.flaky, tr.Flaky, rc.failed, tr.Failed,
				rc.byOpTitle, tr.ByOperationTitle, rc.failedChecks, tr.FailedChecks)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, cfg := range []Config{{Seed: 42}, {Seed: 42, GitHub: true, CRLF: true, Workers: 3}, {Seed: 42, TargetBytes: 2 << 20}} {
		a, ta := generate(t, cfg)
		b, tb := generate(t, cfg)
		if !bytes.Equal(a, b) || !reflect.DeepEqual(ta, tb) {
			t.Errorf("%+v: two runs differ", cfg)
		}
	}
	a, _ := generate(t, Config{Seed: 1})
	b, _ := generate(t, Config{Seed: 2})
	if bytes.Equal(a, b) {
		t.Error("seeds 1 and 2 produced the same log")
	}
}

// With no TargetBytes the content does not depend on the wrapping: stripping GitHub
// prefixes, markers and CRs gives back the plain log.
func TestWrappingOnlyWraps(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		plain, tp := generate(t, Config{Seed: seed})
		wrapped, tw := generate(t, Config{Seed: seed, GitHub: true, CRLF: true})
		rc := scan(t, wrapped, Config{Seed: seed, GitHub: true, CRLF: true, Workers: 1, Operations: DefaultOperations})
		got := strings.Join(rc.body, "\n") + "\n"
		if got != string(plain) {
			t.Errorf("seed %d: unwrapped GitHub log differs from the plain log", seed)
		}
		tp.Bytes, tp.Lines, tw.Bytes, tw.Lines = 0, 0, 0, 0
		if !reflect.DeepEqual(tp, tw) {
			t.Errorf("seed %d: Truth differs between plain and wrapped", seed)
		}
	}
}

func TestFormatDetails(t *testing.T) {
	data, _ := generate(t, Config{Seed: 21, Operations: 400})
	s := string(data)
	for _, want := range []string{
		"======================= Schemathesis test session starts =======================\n",
		"API probing: ...\rAPI probing: SUCCESS\n",
		"\nReproduce with: \n\n    curl -X ",
		"\n- Undocumented HTTP status code\n\n    Received: ",
		"\n- Response violates schema\n\n    ",
		"\n        {\n",
		"\n    Value:\n\n        ",
		" passed          ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(s, "\t") {
		t.Error("log contains a tab")
	}
}

// Over many seeds every feature the brief asks for shows up somewhere.
func TestVariety(t *testing.T) {
	var all strings.Builder
	maxLine := 0
	for seed := int64(0); seed < 40; seed++ {
		data, _ := generate(t, Config{Seed: seed, Operations: 300})
		for _, l := range strings.Split(string(data), "\n") {
			maxLine = max(maxLine, len(l))
		}
		all.Write(data)
	}
	s := all.String()
	for _, want := range []string{
		"- Server error\n\n- Undocumented HTTP status code\n", "Documented: ", "Schema at /properties/",
		"\n    Schema:\n", "- Undocumented Content-Type", "- Missing required headers", "- JSON deserialization error",
		"- Accepted negative data", "- Response time limit exceeded", "- Custom check failed: `", "[FLAKY] ",
		"    <EMPTY>", "    <BINARY>", " // Output truncated...`", "            // Output truncated...",
		"<!DOCTYPE html>", "-H 'Authorization: [Filtered]'", " -d '", "multipart/form-data; boundary=",
		"'\"'\"'", "\nNetwork Error\n", "\nRuntime Error\n", "    Traceback (most recent call last):",
		"WARNINGS:\n  - ", "Note: To replicate", "[...] ", " skipped in ", " errored", "HEAD /", "OPTIONS /", "TRACE /",
		"--show-trace\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("40 seeds never produced %q", want)
		}
	}
	if maxLine < 20_000 {
		t.Errorf("longest line is %d bytes; want an occasional very long line", maxLine)
	}
}

// memWriter samples the live heap while the log streams through it.
type memWriter struct {
	n, next int64
	peak    uint64
}

func (m *memWriter) Write(p []byte) (int, error) {
	m.n += int64(len(p))
	if m.n >= m.next {
		m.next = m.n + 8<<20
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m.peak = max(m.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 256 MiB")
	}
	var m memWriter
	tr, err := Generate(&m, Config{Seed: 7, TargetBytes: 256 << 20, GitHub: true})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Bytes != m.n || tr.Bytes < 256<<20 {
		t.Fatalf("wrote %d, Truth says %d", m.n, tr.Bytes)
	}
	if m.peak > 32<<20 {
		t.Errorf("live heap reached %d MiB while streaming", m.peak>>20)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n += len(p)
	if f.n > 1<<20 {
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

func TestWriteErrorIsReturned(t *testing.T) {
	if _, err := Generate(&failWriter{}, Config{Seed: 1, TargetBytes: 8 << 20}); err == nil {
		t.Fatal("write error was not returned")
	}
	if _, err := Generate(io.Discard, Config{Operations: -1}); err == nil {
		t.Fatal("negative Operations accepted")
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, gh := range []bool{false, true} {
		b.Run(fmt.Sprintf("github=%v", gh), func(b *testing.B) {
			const size = 64 << 20
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				if _, err := Generate(io.Discard, Config{Seed: int64(i), TargetBytes: size, GitHub: gh}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
