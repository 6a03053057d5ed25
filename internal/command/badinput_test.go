package command

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The bad-input suite: every case states what summarize must do with a broken, hostile or odd
// input — a clear error naming the file (and the line where there is one) with exit code 3, or a
// correct partial result with a diagnostic or an integrity status that says what is missing — and
// runs through the real `summarize -o json` and `-o text` paths. No case may panic, take more than
// badTimeout, write outside its temporary directory, put an escape byte in the text report, or drop
// a failure block without saying why.

const badTimeout = 20 * time.Second

// badCase is one bad input and what summarize must do with it.
type badCase struct {
	name   string
	expect string // the stated expectation, printed when the case fails
	// input writes the input under dir and returns the arguments after `summarize -o FORMAT`.
	input func(t *testing.T, dir string) []string
	stdin string
	code  int
	// stderr lists what the error message must name: the file, the line, the flag.
	stderr []string
	// blocks is the number of failure blocks in the input and reported the number of test cases
	// the report must show. When reported < blocks, the report must say why (a warning diagnostic,
	// an integrity check that is not ok, or an input error).
	blocks, reported int
	check            func(t *testing.T, d *badDoc)
}

// badDoc is the part of the JSON document the suite looks at.
type badDoc struct {
	Inputs []struct {
		Name        string    `json:"name"`
		Lines       int       `json:"lines"`
		Encoding    string    `json:"encoding"`
		Format      string    `json:"format"`
		Notes       []string  `json:"notes"`
		Skipped     string    `json:"skipped"`
		Error       string    `json:"error"`
		Diagnostics []badDiag `json:"diagnostics"`
		Runs        []badRun  `json:"runs"`
	} `json:"inputs"`
}

type badRun struct {
	Format   string `json:"format"`
	Preamble string `json:"preamble"`
	Errors   []struct {
		Message string `json:"message"`
	} `json:"errors"`
	Totals struct {
		TestCases    int `json:"test_cases"`
		Interactions int `json:"interactions"`
	} `json:"totals"`
	Groups []struct {
		Operation string `json:"operation"`
		Count     int    `json:"count"`
		Samples   []struct {
			Body      string   `json:"body"`
			Message   string   `json:"message"`
			Reproduce []string `json:"reproduce"`
		} `json:"samples"`
	} `json:"groups"`
	Phases []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"phases"`
	Diagnostics []badDiag `json:"diagnostics"`
	Integrity   struct {
		OK       bool   `json:"ok"`
		Complete bool   `json:"complete"`
		Status   string `json:"status"`
		Checks   []struct {
			Name   string `json:"name"`
			Result string `json:"result"`
			Detail string `json:"detail"`
		} `json:"checks"`
	} `json:"integrity"`
}

type badDiag struct {
	Line     int    `json:"line"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// runs lists every run of every input.
func (d *badDoc) runs() []badRun {
	var rs []badRun
	for _, in := range d.Inputs {
		rs = append(rs, in.Runs...)
	}
	return rs
}

// testCases counts the test cases over all runs.
func (d *badDoc) testCases() int {
	n := 0
	for _, r := range d.runs() {
		n += r.Totals.TestCases
	}
	return n
}

// diags lists every diagnostic, of the inputs and of their runs.
func (d *badDoc) diags() []badDiag {
	var ds []badDiag
	for _, in := range d.Inputs {
		ds = append(ds, in.Diagnostics...)
		for _, r := range in.Runs {
			ds = append(ds, r.Diagnostics...)
		}
	}
	return ds
}

// diag returns the first diagnostic with code, or fails.
func (d *badDoc) diag(t *testing.T, code string) badDiag {
	t.Helper()
	for _, g := range d.diags() {
		if g.Code == code {
			return g
		}
	}
	t.Fatalf("no %q diagnostic in %+v", code, d.diags())
	return badDiag{}
}

// explains reports whether the document says that something is missing.
func (d *badDoc) explains() bool {
	for _, in := range d.Inputs {
		if in.Error != "" {
			return true
		}
	}
	for _, g := range d.diags() {
		if g.Severity == "warning" {
			return true
		}
	}
	for _, r := range d.runs() {
		if !r.Integrity.OK {
			return true
		}
	}
	return false
}

// one returns the only run of the only input, or fails.
func (d *badDoc) one(t *testing.T) badRun {
	t.Helper()
	if len(d.Inputs) != 1 || len(d.Inputs[0].Runs) != 1 {
		t.Fatalf("want one input with one run, got %+v", d.Inputs)
	}
	return d.Inputs[0].Runs[0]
}

// check returns the result of the integrity check name.
func (r badRun) check(name string) string {
	for _, c := range r.Integrity.Checks {
		if c.Name == name {
			return c.Result
		}
	}
	return ""
}

func (r badRun) operations() []string {
	var ops []string
	for _, g := range r.Groups {
		ops = append(ops, g.Operation)
	}
	return ops
}

// --- Schemathesis 3.x logs built from parts -------------------------------------------------

// rule centres title in an 80-column rule of fill.
func rule(fill, title string) string {
	pad := max(80-len(title)-2, 6)
	return strings.Repeat(fill, pad/2) + " " + title + " " + strings.Repeat(fill, pad-pad/2) + "\n"
}

var badOps = []string{"GET /api/a", "GET /api/b", "GET /api/c"}

// head3 is a session header with workers and ops, and one progress line per operation.
func head3(workers int, ops []string) string {
	var b strings.Builder
	b.WriteString(rule("=", "Schemathesis test session starts"))
	fmt.Fprintf(&b, "Schema location: http://localhost/openapi.json\nBase URL: http://localhost\n"+
		"Specification version: Open API 3.0.3\nWorkers: %d\nCollected API operations: %d\n"+
		"Collected API links: 0\nAPI probing: SUCCESS\nSchema analysis: SKIP\n\n", workers, len(ops))
	for i, op := range ops {
		fmt.Fprintf(&b, "%-74s[%3d%%]\n", op+" F", (i+1)*100/len(ops))
	}
	b.WriteString("\n")
	return b.String()
}

// case3 is test case n of a failure block.
func case3(n int, body, curl string) string {
	return fmt.Sprintf("%d. Test Case ID: id%03d\n\n- Server error\n\n[500] Internal Server Error:\n\n    %s\n\n"+
		"Reproduce with: \n\n    %s\n\n", n, n, body, curl)
}

// block3 is the failure block of op with one test case.
func block3(op, body string) string {
	method, path, _ := strings.Cut(op, " ")
	return rule("_", op) + case3(1, body, "curl -X "+method+" 'http://localhost"+path+"'")
}

// failures3 is a FAILURES section with one block per operation, each with body.
func failures3(ops []string, body string) string {
	s := rule("=", "FAILURES")
	for _, op := range ops {
		s += block3(op, body)
	}
	return s
}

func summary3(failed int) string {
	return rule("=", "SUMMARY") + "\nPerformed checks:\n" +
		fmt.Sprintf("    not_a_server_error                    0 / %d passed          FAILED \n\n", failed)
}

// full3 is a complete, consistent 3.x log: three operations, three failure blocks.
func full3() string {
	return head3(1, badOps) + failures3(badOps, "`boom`") + summary3(3) + rule("=", "3 failed in 0.40s")
}

// --- helpers ---------------------------------------------------------------------------------

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// file writes data to dir/name and returns the path as the only argument.
func file(name string, data func(t *testing.T) []byte) func(*testing.T, string) []string {
	return func(t *testing.T, dir string) []string {
		return []string{writeFile(t, filepath.Join(dir, name), data(t))}
	}
}

func text(s string) func(*testing.T) []byte { return func(*testing.T) []byte { return []byte(s) } }

func testdata(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type zipMember struct {
	name string
	data []byte
}

func zipBytes(t *testing.T, members ...zipMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// cutAfter returns s up to and including the first line containing marker, plus extra bytes of
// what follows.
func cutAfter(t *testing.T, s, marker string, extra int) string {
	t.Helper()
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("no %q to cut at", marker)
	}
	i += strings.IndexByte(s[i:], '\n') + 1
	return s[:min(len(s), i+extra)]
}

// --- the cases -------------------------------------------------------------------------------

func badCases() []badCase {
	full := full3()
	// A JSON body of 50 MB on one line (generated, never committed).
	hugeBody := "`{\"items\": [" + strings.Repeat(`{"sku": "A-0001", "qty": 1}, `, (50<<20)/28) + "{}]}`"
	cutBlock := head3(1, badOps) + rule("=", "FAILURES") + block3("GET /api/a", "`boom`") +
		block3("GET /api/b", "`boom`") + rule("_", "GET /api/c") + "1. Test Case ID: id001\n\n- Server error\n"
	nulLog := strings.Replace(full, "Base URL", "Base\x00URL", 1)
	nulLog = strings.Replace(nulLog, "`boom`", "`bo\x00om`", 1)
	nulLog = strings.Replace(nulLog, rule("_", "GET /api/c"), "\n"+strings.Repeat("\x00", 1024)+"\n"+rule("_", "GET /api/c"), 1)
	v4 := func(t *testing.T) string { return string(testdata(t, "logs/v4-ci-failures.log")) }
	return []badCase{
		{
			name:   "empty file",
			expect: "exit 3: the file holds no Schemathesis output (0 lines)",
			input:  file("empty.log", text("")),
			code:   ExitInput, stderr: []string{"empty.log", "no Schemathesis output found in 0 lines"},
		},
		{
			name:   "binary garbage",
			expect: "exit 3: not a format ctlog knows, naming the file and --format",
			input: file("garbage.bin", func(*testing.T) []byte {
				r := rand.New(rand.NewPCG(1, 2))
				b := make([]byte, 64<<10)
				for i := range b {
					b[i] = byte(r.Uint32())
				}
				return b
			}),
			code: ExitInput, stderr: []string{"garbage.bin", "not a format ctlog knows", "--format"},
		},
		{
			name: "NUL bytes inside a log",
			expect: "the 3 blocks are reported; a NUL in a header value and in a body is kept as data, " +
				"a line of NUL padding between blocks (a crash artifact) is a warning on its line",
			input:  file("nul.log", text(nulLog)),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if !strings.Contains(r.Groups[0].Samples[0].Body, "bo\x00om") && !strings.Contains(r.Groups[1].Samples[0].Body, "bo\x00om") &&
					!strings.Contains(r.Groups[2].Samples[0].Body, "bo\x00om") {
					t.Errorf("the body with a NUL is lost: %+v", r.Groups)
				}
				if g, want := d.diag(t, "unexpected-line"), strings.Count(nulLog[:strings.Index(nulLog, "\x00\x00")], "\n")+1; g.Line != want {
					t.Errorf("NUL padding reported on line %d, want %d", g.Line, want)
				}
				if !r.Integrity.OK {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "invalid UTF-8",
			expect: "the 3 blocks are reported; invalid bytes in an operation title and a body become U+FFFD in valid UTF-8 output",
			input: file("bad-utf8.log", func(*testing.T) []byte {
				s := strings.ReplaceAll(full3(), "GET /api/b", "GET /api/b\xff\xfe")
				return []byte(strings.Replace(s, "`boom`", "`b\xc3(\xa0\xa1oom`", 1))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if len(r.Groups) != 3 || !slices.Contains(r.operations(), "GET /api/b\uFFFD\uFFFD") {
					t.Errorf("operations = %q", r.operations())
				}
				if r.check("failed-operations") != "ok" {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name: "invalid UTF-8 in a carriage-return redraw",
			expect: "a redrawn line of invalid bytes right before the FAILURES rule is one warning line; the rule after it " +
				"is intact (resolving the redraw must not spill into the next line), so the 3 blocks are reported",
			input: file("redraw.log", text(strings.Replace(full, rule("=", "FAILURES"),
				"app: \xff\xff\xff\xff\xff\xff\xff\xff\rok\n"+rule("=", "FAILURES"), 1))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); !r.Integrity.OK || len(r.Diagnostics) != 1 {
					t.Errorf("diagnostics %+v, integrity %+v", r.Diagnostics, r.Integrity)
				}
			},
		},
		{
			name:   "UTF-16LE without BOM",
			expect: "decoded as UTF-16LE from its NUL pattern; the 3 blocks are reported and integrity is ok",
			input:  file("windows-le.log", func(*testing.T) []byte { return utf16Bytes(full3(), false) }),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if d.Inputs[0].Encoding != "utf-16le" || !d.one(t).Integrity.OK {
					t.Errorf("encoding %q, integrity %+v", d.Inputs[0].Encoding, d.one(t).Integrity)
				}
			},
		},
		{
			name:   "UTF-16BE without BOM",
			expect: "decoded as UTF-16BE from its NUL pattern; the 3 blocks are reported and integrity is ok",
			input:  file("windows-be.log", func(*testing.T) []byte { return utf16Bytes(full3(), true) }),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if d.Inputs[0].Encoding != "utf-16be" || !d.one(t).Integrity.OK {
					t.Errorf("encoding %q, integrity %+v", d.Inputs[0].Encoding, d.one(t).Integrity)
				}
			},
		},
		{
			name: "50 MB single line",
			expect: "a 50 MB one-line JSON body is under the 64 MiB line limit: the 3 blocks are reported, " +
				"integrity is ok, and the sample keeps only the first 64 KiB of the body",
			input: file("huge-line.log", func(*testing.T) []byte {
				return []byte(head3(1, badOps) + rule("=", "FAILURES") + block3("GET /api/a", hugeBody) +
					block3("GET /api/b", "`boom`") + block3("GET /api/c", "`boom`") + summary3(3) + rule("=", "3 failed in 0.40s"))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				for _, g := range r.Groups {
					for _, s := range g.Samples {
						if len(s.Body) > 64<<10 {
							t.Errorf("%s: a sample keeps %d bytes of body", g.Operation, len(s.Body))
						}
					}
				}
				if !r.Integrity.OK {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name: "50 MB lines before the header and in ERRORS",
			expect: "a 50 MB line of application output before the header and one in an ERRORS entry: the run, its 3 blocks " +
				"and its error are reported, integrity ok, and the preamble and error message keep at most 64 KiB each",
			input: file("huge-lines.log", func(*testing.T) []byte {
				ops := append(slices.Clone(badOps), "GET /api/d")
				h := strings.Replace(head3(1, ops), "GET /api/d F", "GET /api/d E", 1)
				errs := rule("=", "ERRORS") + rule("_", "GET /api/d") + "Runtime Error\n\n" + strings.Repeat("e", 50<<20) + "\n\n"
				return []byte("app: " + strings.Repeat("p", 50<<20) + "\n" + h + errs + failures3(badOps, "`boom`") + summary3(3) +
					rule("=", "3 failed, 1 errored in 0.40s"))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if !r.Integrity.OK || len(r.Errors) != 1 {
					t.Fatalf("errors %d, integrity %+v", len(r.Errors), r.Integrity)
				}
				if len(r.Preamble) > 64<<10 || len(r.Errors[0].Message) > 64<<10 {
					t.Errorf("kept a preamble of %d bytes and an error message of %d", len(r.Preamble), len(r.Errors[0].Message))
				}
			},
		},
		{
			name:   "no newline at all",
			expect: "a file that is one session header rule without a line break is a run that started and stopped: incomplete, final line missing",
			input:  file("one-line.log", text(strings.TrimSuffix(rule("=", "Schemathesis test session starts"), "\n"))),
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if r.Integrity.Status != "incomplete" || r.check("final-line") != "missing" || d.Inputs[0].Lines != 1 {
					t.Errorf("lines %d, integrity %+v", d.Inputs[0].Lines, r.Integrity)
				}
			},
		},
		{
			name:   "no newline at the end",
			expect: "the final line is read without its line break: 3 blocks, integrity ok",
			input:  file("no-eol.log", text(strings.TrimSuffix(full, "\n"))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); !r.Integrity.OK {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "truncated mid failure block",
			expect: "the cut block is still a test case; integrity says incomplete, final line missing at the last line",
			input:  file("cut-block.log", text(cutBlock)),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if r.Integrity.Status != "incomplete" || r.check("final-line") != "missing" ||
					!strings.Contains(r.Integrity.Checks[0].Detail, fmt.Sprintf("stops at line %d ", strings.Count(cutBlock, "\n"))) {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "truncated mid body",
			expect: "the block whose body is cut is reported with the part of the body that arrived; integrity incomplete",
			input: file("cut-body.log", text(head3(1, badOps)+rule("=", "FAILURES")+block3("GET /api/a", "`boom`")+
				block3("GET /api/b", "`boom`")+rule("_", "GET /api/c")+
				"1. Test Case ID: id001\n\n- Server error\n\n[500] Internal Server Error:\n\n    `{\"error\": \"db\",\n    \"trace\": [1, 2")),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if r.Integrity.Status != "incomplete" {
					t.Errorf("integrity = %+v", r.Integrity)
				}
				for _, g := range r.Groups {
					if g.Operation == "GET /api/c" && !strings.Contains(g.Samples[0].Body, `"trace": [1, 2`) {
						t.Errorf("cut body = %q", g.Samples[0].Body)
					}
				}
			},
		},
		{
			name: "interleaved workers",
			expect: "4 workers' symbol lines mixed with application log lines, in the progress and between failure blocks: " +
				"the 3 blocks are reported, each stray line is a warning on its line, integrity ok",
			input: file("workers.log", func(*testing.T) []byte {
				h := strings.Replace(head3(4, badOps), "Workers: 4", "Workers: 4", 1)
				i := strings.Index(h, "GET /api/a F")
				h = h[:i] + "..F\n[2025-01-01 12:00:00] INFO app: GET /api/a 500\n.F\n" +
					"2025-01-01 12:00:01,123 worker-2 ERROR Traceback (most recent call last):\nF..\n\n"
				f := strings.Replace(failures3(badOps, "`boom`"), rule("_", "GET /api/b"),
					"INFO:     127.0.0.1:40312 - \"GET /api/b HTTP/1.1\" 500 Internal Server Error\n"+rule("_", "GET /api/b"), 1)
				return []byte(h + f + summary3(3) + rule("=", "5 passed, 3 failed in 0.40s"))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				noise := 0
				for _, g := range r.Diagnostics {
					if g.Code == "progress-noise" || g.Code == "unexpected-line" {
						noise++
					}
				}
				if noise != 3 || !r.Integrity.OK {
					t.Errorf("%d stray lines reported (want 3), integrity %+v", noise, r.Integrity)
				}
			},
		},
		{
			name: "rules inside a response body",
			expect: "=/_-only lines and fake SUMMARY, final and operation rules inside an indented body stay body text: " +
				"3 blocks, the real final line counts, integrity ok",
			input: file("rules-in-body.log", func(*testing.T) []byte {
				body := "`line1\n    " + strings.Repeat("=", 80) + "\n    " + strings.Repeat("_", 80) + "\n    " +
					strings.TrimSuffix(rule("=", "SUMMARY"), "\n") + "\n    " + strings.TrimSuffix(rule("=", "9 failed in 1.00s"), "\n") +
					"\n    " + strings.TrimSuffix(rule("_", "GET /api/x"), "\n") + "\n    end`"
				return []byte(head3(1, badOps) + rule("=", "FAILURES") + block3("GET /api/a", body) +
					block3("GET /api/b", "`boom`") + block3("GET /api/c", "`boom`") + summary3(3) + rule("=", "3 failed in 0.40s"))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if !r.Integrity.OK || len(r.Groups) != 3 {
					t.Errorf("groups %q, integrity %+v", r.operations(), r.Integrity)
				}
				for _, g := range r.Groups {
					if g.Operation == "GET /api/a" && !strings.Contains(g.Samples[0].Body, "9 failed in 1.00s") {
						t.Errorf("body lost its rule lines: %q", g.Samples[0].Body)
					}
				}
			},
		},
		{
			name:   "header with no operations",
			expect: "a session header and nothing else: a started run with no test cases, integrity incomplete (no final line)",
			input:  file("header-only.log", text(strings.Split(head3(1, nil), "\n\n")[0]+"\n\n")),
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if r.Totals.TestCases != 0 || r.Integrity.Status != "incomplete" || r.check("final-line") != "missing" {
					t.Errorf("run = %+v", r)
				}
			},
		},
		{
			name:   "FAILURES without SUMMARY or final line",
			expect: "the 3 blocks are reported; integrity incomplete with the final line missing",
			input:  file("no-summary.log", text(head3(1, badOps)+failures3(badOps, "`boom`"))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); r.Integrity.Status != "incomplete" || r.check("final-line") != "missing" {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "FAILURES and final line without SUMMARY",
			expect: "the 3 blocks are reported and agree with the final line; with no Performed checks table there is no failed-checks comparison",
			input:  file("final-no-summary.log", text(head3(1, badOps)+failures3(badOps, "`boom`")+rule("=", "3 failed in 0.40s"))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); !r.Integrity.OK || r.check("failed-checks") != "" {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "final line disagrees with the blocks",
			expect: "the final line says 5 failed, the log has 3 blocks: integrity not ok, failed-operations mismatch",
			input:  file("mismatch.log", text(strings.Replace(full, "3 failed in", "5 failed in", 1))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); r.Integrity.OK || r.check("failed-operations") != "mismatch" {
					t.Errorf("integrity = %+v", r.Integrity)
				}
			},
		},
		{
			name:   "two runs concatenated",
			expect: "two runs, each with its 3 blocks and ok integrity",
			input:  file("two-runs.log", text(full+full)),
			blocks: 6, reported: 6,
			check: func(t *testing.T, d *badDoc) {
				rs := d.runs()
				if len(rs) != 2 || rs[0].Totals.TestCases != 3 || !rs[0].Integrity.OK || !rs[1].Integrity.OK {
					t.Errorf("runs = %+v", rs)
				}
			},
		},
		{
			name:   "4.x log cut mid-phase",
			expect: "a 4.x run cut inside the Fuzzing phase: the phases so far are listed, integrity incomplete with the final line missing",
			input: file("v4-cut-phase.log", func(t *testing.T) []byte {
				return []byte(cutAfter(t, v4(t), "Fuzzing (in", 60))
			}),
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if r.Format != "schemathesis-4" || len(r.Phases) < 2 || r.Integrity.Status != "incomplete" || r.check("final-line") != "missing" {
					t.Errorf("run = %+v", r)
				}
			},
		},
		{
			name:   "4.x log cut mid FAILURES",
			expect: "a 4.x run cut inside a failure block: every block before the cut and the cut one are reported, integrity incomplete",
			input: file("v4-cut-failures.log", func(t *testing.T) []byte {
				return []byte(cutAfter(t, v4(t), "Test Case ID: yJ4sWc", 40))
			}),
			blocks: 8, reported: 8,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); r.Format != "schemathesis-4" || r.Integrity.Status != "incomplete" {
					t.Errorf("run = %+v", r)
				}
			},
		},
		{
			name:   "CR-only line endings",
			expect: "classic Mac line breaks are read as lines (an info diagnostic says so): 3 blocks, integrity ok",
			input:  file("mac.log", text(strings.ReplaceAll(full, "\n", "\r"))),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); !r.Integrity.OK || d.Inputs[0].Lines != strings.Count(full, "\n") {
					t.Errorf("%d lines, integrity %+v", d.Inputs[0].Lines, r.Integrity)
				}
				d.diag(t, "cr-line-endings")
			},
		},
		{
			name: "zip-slip member names",
			expect: "members named ../../../x, /abs/x and ..\\..\\x are listed inside the archive with a note and parsed; " +
				"nothing is written anywhere (not where the names point, not in the temporary directory)",
			input: file("slip.zip", func(t *testing.T) []byte {
				return zipBytes(t, zipMember{"../../../evil.log", []byte(full)}, zipMember{"/abs/evil2.log", []byte(full)},
					zipMember{`..\..\evil3.log`, []byte(full)})
			}),
			blocks: 9, reported: 9,
			check: func(t *testing.T, d *badDoc) {
				want := []string{"slip.zip/evil.log", "slip.zip/abs/evil2.log", "slip.zip/evil3.log"}
				for i, in := range d.Inputs {
					if i >= len(want) || !strings.HasSuffix(in.Name, want[i]) || len(in.Notes) != 1 || !strings.Contains(in.Notes[0], "escaped the archive") {
						t.Errorf("input %d = %q, notes %q", i, in.Name, in.Notes)
					}
				}
				for _, p := range []string{"../../../evil.log", "/abs/evil2.log", "../../evil3.log", "/evil.log"} {
					if _, err := os.Lstat(p); !os.IsNotExist(err) {
						t.Errorf("%s exists (or cannot be checked: %v)", p, err)
					}
				}
			},
		},
		{
			name: "zip bomb over --max-member-size",
			expect: "exit 3: the member stops at 1 MiB with an error naming it and the flag; the log read before the limit " +
				"is kept (3 blocks) with the input error naming the line",
			input: func(t *testing.T, dir string) []string {
				bomb := []byte(full + strings.Repeat(strings.Repeat(".", 1023)+"\n", 64<<10)) // 64 MiB
				p := writeFile(t, filepath.Join(dir, "bomb.zip"), zipBytes(t, zipMember{"bomb.log", bomb}))
				return []string{"--max-member-size", "1MiB", p}
			},
			code: ExitInput, stderr: []string{"bomb.zip/bomb.log", "1 MiB", "--max-member-size"},
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if e := d.Inputs[0].Error; !strings.Contains(e, "bomb.zip/bomb.log:") || !strings.Contains(e, "--max-member-size") {
					t.Errorf("input error = %q", e)
				}
			},
		},
		{
			name:   "nested zip too deep",
			expect: "exit 3: a zip in a zip in a zip in a zip goes past --max-depth 2; the error names the nested path and the flag",
			input: file("nested.zip", func(t *testing.T) []byte {
				z := zipBytes(t, zipMember{"run.log", []byte(full)})
				for i := range 4 {
					z = zipBytes(t, zipMember{fmt.Sprintf("level%d.zip", i), z})
				}
				return z
			}),
			code: ExitInput, stderr: []string{"nested.zip/level3.zip/level2.zip/level1.zip", "--max-depth"},
		},
		{
			name:   "corrupt gzip",
			expect: "exit 3: the stream fails mid-way; the error names the file, and the runs read before the damage are kept",
			input: file("corrupt.log.gz", func(t *testing.T) []byte {
				var b strings.Builder
				for i := range 200 {
					b.WriteString(strings.ReplaceAll(full, "localhost", fmt.Sprintf("host-%d.example", i)))
				}
				z := gzipBytes(t, []byte(b.String()))
				for i := len(z) / 2; i < len(z)/2+64; i++ {
					z[i] ^= 0x5a
				}
				return z
			}),
			code: ExitInput, stderr: []string{"corrupt.log.gz"},
			blocks: 600, reported: -1, // checked below
			check: func(t *testing.T, d *badDoc) {
				if e := d.Inputs[0].Error; !strings.Contains(e, "corrupt.log.gz:") {
					t.Errorf("input error %q does not name the line", e)
				}
				if n := len(d.runs()); n == 0 || n >= 200 {
					t.Errorf("%d runs kept", n)
				}
			},
		},
		{
			name:   "truncated gzip",
			expect: "exit 3: unexpected EOF naming the file; the runs before the cut are kept",
			input: file("cut.log.gz", func(t *testing.T) []byte {
				z := gzipBytes(t, []byte(strings.Repeat(full, 50)))
				return z[:len(z)*2/3]
			}),
			code: ExitInput, stderr: []string{"cut.log.gz", "unexpected EOF"},
			blocks: 150, reported: -1, // checked below
			check: func(t *testing.T, d *badDoc) {
				if e := d.Inputs[0].Error; !strings.Contains(e, "cut.log.gz:") {
					t.Errorf("input error %q does not name the line", e)
				}
				if n := len(d.runs()); n == 0 || n >= 50 {
					t.Errorf("%d runs kept", n)
				}
			},
		},
		{
			name: "JUnit huge attribute",
			expect: "an 8 MB attribute on <testsuite> and a 20 MB one-line body in a <failure message>: both failures are reported, " +
				"the body kept to 64 KiB",
			input: file("huge-attr.xml", func(*testing.T) []byte {
				return []byte(`<?xml version="1.0"?>` + "\n" + `<testsuites><testsuite name="schemathesis" tests="2" failures="2" hostname="` +
					strings.Repeat("h", 8<<20) + `">` + "\n" +
					`<testcase name="GET /api/a"><failure type="failure" message="1. Test Case ID: a1&#10;&#10;- Server error&#10;&#10;[500] Internal Server Error:&#10;&#10;    ` +
					"`" + strings.Repeat("x", 20<<20) + "`" + `"/></testcase>` + "\n" +
					`<testcase name="GET /api/b"><failure type="failure" message="1. Test Case ID: b1&#10;&#10;- Server error"/></testcase>` + "\n" +
					`</testsuite></testsuites>` + "\n")
			}),
			blocks: 2, reported: 2,
			check: func(t *testing.T, d *badDoc) {
				for _, g := range d.one(t).Groups {
					if len(g.Samples[0].Body) > 64<<10 {
						t.Errorf("%s keeps a body of %d bytes", g.Operation, len(g.Samples[0].Body))
					}
				}
			},
		},
		{
			name: "JUnit billion laughs",
			expect: "custom entities are not expanded: the failure before the first &lol9; is reported, the parse stops there " +
				"with an xml-syntax warning naming the line, quickly and without growing",
			input: file("lol.xml", func(*testing.T) []byte {
				var b strings.Builder
				b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n")
				for i := 1; i <= 9; i++ {
					prev := "lol"
					if i > 1 {
						prev = fmt.Sprintf("lol%d", i-1)
					}
					fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
				}
				b.WriteString("]>\n<testsuites><testsuite name=\"x\" tests=\"2\" failures=\"2\">\n" +
					"<testcase name=\"GET /api/a\"><failure message=\"1. Test Case ID: a1&#10;&#10;- Server error\"/></testcase>\n" +
					"<testcase name=\"GET /api/b\"><failure message=\"&lol9;\">&lol9;</failure></testcase>\n</testsuite></testsuites>\n")
				return []byte(b.String())
			}),
			blocks: 2, reported: 1,
			check: func(t *testing.T, d *badDoc) {
				if g := d.diag(t, "xml-syntax"); g.Line != 16 || !strings.Contains(g.Message, "lol9") {
					t.Errorf("diagnostic = %+v", g)
				}
			},
		},
		{
			name:   "JUnit nested 100000 deep",
			expect: "100,000 nested <testsuite> elements with a failing test case at the bottom: read quickly, the failure reported",
			input: file("deep.xml", func(*testing.T) []byte {
				const n = 100000
				return []byte("<?xml version=\"1.0\"?>\n<testsuites>" + strings.Repeat("<testsuite name=\"s\">", n) +
					"\n<testcase name=\"GET /api/deep\"><failure message=\"1. Test Case ID: d1&#10;&#10;- Server error\"/></testcase>\n" +
					strings.Repeat("</testsuite>", n) + "</testsuites>\n")
			}),
			blocks: 1, reported: 1,
		},
		{
			name: "cassette with a bad indent",
			expect: "the interaction with the mis-indented key is skipped with a yaml warning naming the bad line (139); " +
				"the other interactions are read (3 of 4 failures)",
			input:  file("bad-indent.yaml", func(t *testing.T) []byte { return testdata(t, "cassettes/malformed-indent.yaml") }),
			blocks: 4, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if g := d.diag(t, "yaml"); !strings.Contains(g.Message, "line 139") || g.Severity != "warning" {
					t.Errorf("diagnostic = %+v", g)
				}
			},
		},
		{
			name: "cassette truncated mid-interaction",
			expect: "the interactions before the cut are read; the cut one (a failure with checks and a request, no response) " +
				"is reported with a cassette warning on its line that the file may be cut short",
			input: file("cut.yaml", func(t *testing.T) []byte {
				return []byte(cutAfter(t, string(testdata(t, "cassettes/harbor-3x.yaml")), "uri: 'http://localhost:5000/v1/orders/ord_9/receipt'", 0))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				if g := d.diag(t, "cassette"); g.Line != 209 || g.Severity != "warning" || !strings.Contains(g.Message, "cut short") {
					t.Errorf("diagnostic = %+v", g)
				}
			},
		},
		{
			name:   "HAR cut short",
			expect: "the entries before the cut are read; a json warning says the file ends early",
			input: file("cut.har", func(t *testing.T) []byte {
				h := testdata(t, "har/harbor-4x.har")
				return h[:len(h)/2]
			}),
			check: func(t *testing.T, d *badDoc) {
				if r := d.one(t); r.Totals.Interactions == 0 {
					t.Errorf("no interactions kept: %+v", r)
				}
				if g := d.diag(t, "json"); !strings.Contains(g.Message, "ends early") {
					t.Errorf("diagnostic = %+v", g)
				}
			},
		},
		{
			name: "reproduce quote never closed",
			expect: "a curl whose quote never closes ends at the next test case or operation title with an open-quote warning; " +
				"the test cases after it are not swallowed",
			input: file("open-quote.log", func(*testing.T) []byte {
				f := rule("=", "FAILURES") + rule("_", "GET /api/a") + case3(1, "`boom`", "curl -X POST -d '{\"open") +
					case3(2, "`boom`", "curl -X GET 'http://localhost/api/a'") + case3(3, "`boom`", "curl -X POST -d 'still open") +
					block3("GET /api/b", "`boom`") + block3("GET /api/c", "`boom`")
				return []byte(head3(1, badOps) + f + summary3(5) + rule("=", "3 failed in 0.40s"))
			}),
			blocks: 5, reported: 5,
			check: func(t *testing.T, d *badDoc) {
				n := 0
				for _, g := range d.diags() {
					if g.Code == "open-quote" {
						n++
					}
				}
				if n != 2 {
					t.Errorf("%d open-quote warnings, want 2: %+v", n, d.diags())
				}
			},
		},
		{
			name: "ANSI escapes in a log",
			expect: "cursor moves, screen clears and title sets in an operation title and a body are stripped: " +
				"plain labels, 3 blocks, and not one ESC or BEL byte in the text report",
			input: file("ansi.log", func(*testing.T) []byte {
				s := strings.Replace(full3(), rule("_", "GET /api/a"), rule("_", "GET /api/a\x1b[2J\x1b]0;pwned\x07\x1b[1A"), 1)
				return []byte(strings.Replace(s, "`boom`", "`\x1b]2;title\x1b\\\x1b[H\x1b[2Jbody\x1b[?25l`", 1))
			}),
			blocks: 3, reported: 3,
			check: func(t *testing.T, d *badDoc) {
				r := d.one(t)
				if ops := r.operations(); !slices.Contains(ops, "GET /api/a") || !r.Integrity.OK {
					t.Errorf("operations %q, integrity %+v", ops, r.Integrity)
				}
			},
		},
		{
			name: "ANSI escapes in a cassette",
			expect: "YAML \\e escapes in a failing interaction's URI, check message and body reach the report as visible \\x1b text, " +
				"never as ESC or BEL bytes",
			input: file("ansi.yaml", func(t *testing.T) []byte {
				c := string(testdata(t, "cassettes/harbor-3x.yaml"))
				c = strings.Replace(c, "uri: 'http://localhost:5000/v1/orders'\n", `uri: "http://localhost:5000/v1/\e]0;pwned\a\e[2Jorders"`+"\n", 1)
				c = strings.Replace(c, `message: 'Order total 12.5 does not match "items" sum 10.0\nSee \'pricing.md\''`,
					`message: "Order total \e[31m12.5\e[0m\e]2;title\a"`, 1)
				return []byte(c)
			}),
			blocks: 5, reported: 5,
		},
		{
			name:   "empty directory",
			expect: "exit 3: a directory is read as a report directory; an empty one is named in the error",
			input:  func(t *testing.T, dir string) []string { return []string{dir} },
			code:   ExitInput, stderr: []string{"empty directory: no files to read"},
		},
		{
			name:   "missing file",
			expect: "exit 3: open fails, naming the path",
			input:  func(t *testing.T, dir string) []string { return []string{filepath.Join(dir, "nope.log")} },
			code:   ExitInput, stderr: []string{"nope.log", "no such file"},
		},
		{
			name:   "stdin given twice",
			expect: "exit 2 (usage): standard input can be read only once",
			input:  func(*testing.T, string) []string { return []string{"-", "-"} },
			stdin:  full,
			code:   ExitUsage, stderr: []string{"standard input ('-') can be read only once"},
		},
	}
}

// runBounded runs ctlog with args, failing the test on a panic or when it takes over badTimeout.
func runBounded(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
		panicked any
		stack    []byte
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.panicked, r.stack = p, debug.Stack()
			}
			done <- r
		}()
		r.code, r.out, r.err = run(t, stdin, nil, args...)
	}()
	select {
	case r := <-done:
		if r.panicked != nil {
			t.Fatalf("panic: %v\n%s", r.panicked, r.stack)
		}
		return r.code, r.out, r.err
	case <-time.After(badTimeout):
		t.Fatalf("ctlog %q did not finish within %v", args, badTimeout)
	}
	return 0, "", ""
}

func TestBadInputs(t *testing.T) {
	cases := badCases()
	if len(cases) < 30 {
		t.Fatalf("%d cases; the suite promises at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp) // spool files go here, and must be gone afterwards
			args := tc.input(t, dir)
			before := listDir(t, dir)
			defer func() {
				if t.Failed() {
					t.Logf("expected: %s", tc.expect)
				}
			}()

			code, out, stderr := runBounded(t, tc.stdin, append([]string{"summarize", "--no-config", "-o", "json"}, args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, clipTest(stderr))
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q does not name %q", clipTest(stderr), s)
				}
			}
			if tc.code == ExitOK && stderr != "" {
				t.Errorf("exit 0 with a message: %s", clipTest(stderr))
			}
			if after := listDir(t, dir); after != before {
				t.Errorf("the input directory changed:\nbefore %s\nafter  %s", before, after)
			}
			if left := listDir(t, tmp); left != "" {
				t.Errorf("left in the temporary directory: %s", left)
			}
			if tc.code == ExitUsage {
				return
			}
			if !utf8.ValidString(out) {
				t.Error("JSON output is not valid UTF-8")
			}
			var d badDoc
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatalf("JSON output: %v\n%s", err, clipTest(out))
			}
			if tc.code == ExitInput {
				named := false
				for _, in := range d.Inputs {
					named = named || in.Error != ""
				}
				if !named {
					t.Errorf("exit 3 but no input carries the error: %+v", d.Inputs)
				}
			}
			if got := d.testCases(); tc.reported >= 0 && got != tc.reported {
				t.Errorf("%d test cases reported, want %d", got, tc.reported)
			}
			if got := d.testCases(); got < tc.blocks && !d.explains() {
				t.Errorf("%d of %d failure blocks reported, and nothing says why", got, tc.blocks)
			}
			if tc.check != nil {
				tc.check(t, &d)
			}

			// The terminal report: same exit code, and nothing in it acts on a terminal.
			tcode, tout, terr := runBounded(t, tc.stdin, append([]string{"summarize", "--no-config", "-o", "text"}, args...)...)
			if tcode != code {
				t.Errorf("-o text exits %d, -o json %d", tcode, code)
			}
			for _, b := range []byte{0x1b, 0x07} {
				if strings.IndexByte(tout, b) >= 0 || strings.IndexByte(terr, b) >= 0 {
					t.Errorf("the text report holds byte %#x", b)
				}
			}
		})
	}
}

// listDir names the files under dir, with their sizes.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s(%d) ", strings.TrimPrefix(p, dir), info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func clipTest(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
