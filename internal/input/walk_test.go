package input

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// entry is one member of a test zip.
type entry struct {
	name string
	body string
	dir  bool
	// raw, when set, writes body deflated with these declared sizes (which may lie).
	raw      bool
	declared uint64
	mode     os.FileMode // 0 = regular 0644
}

// makeZip builds a zip archive in memory.
func makeZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var err error
		switch {
		case e.dir:
			_, err = zw.Create(e.name)
		case e.raw:
			var comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
			fw.Write([]byte(e.body))
			fw.Close()
			var w io.Writer
			w, err = zw.CreateRaw(&zip.FileHeader{
				Name: e.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(e.body)),
				CompressedSize64: uint64(comp.Len()), UncompressedSize64: e.declared,
			})
			if err == nil {
				_, err = w.Write(comp.Bytes())
			}
		default:
			fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
			if e.mode != 0 {
				fh.SetMode(e.mode)
			}
			var w io.Writer
			w, err = zw.CreateHeader(fh)
			if err == nil {
				_, err = io.WriteString(w, e.body)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gz compresses data.
func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// got is what a test saw of one Source.
type got struct {
	Name     string
	Size     int64
	Body     string
	Warnings []string
}

// collect walks the input and reads every Source in full; a read error ends the walk.
func collect(path string, stdin io.Reader, lim Limits) ([]got, error) {
	var out []got
	err := Walk(path, stdin, lim, func(s Source) error {
		rc, err := s.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		body, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(body, s.Head) || len(s.Head) != min(len(body), HeadSize) {
			return errors.New(s.Name + ": Head is not the start of the content")
		}
		out = append(out, got{Name: s.Name, Size: s.Size, Body: string(body), Warnings: s.Warnings})
		return nil
	})
	return out, err
}

// tmpdir points os.TempDir at a fresh directory and returns it, to check that spools are removed.
func tmpdir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	t.Setenv("TMPDIR", d)
	return d
}

func TestWalk(t *testing.T) {
	bigLine := strings.Repeat("x", 10000) // longer than Head
	zeros := string(make([]byte, 1<<20))
	small := Limits{MaxMemberBytes: 64 << 10}

	tests := []struct {
		name string
		file []byte // written to dir/<fname>; ignored when stdin is set
		// fname is the file name; default "in"
		fname   string
		stdin   []byte
		lim     Limits
		want    []got
		wantErr string // substring; "" = no error
		limit   bool   // the error must match ErrLimit
	}{
		{name: "plain", file: []byte("hello\n"), fname: "job.log",
			want: []got{{Name: "job.log", Size: 6, Body: "hello\n"}}},
		{name: "plain longer than head", file: []byte(bigLine),
			want: []got{{Name: "in", Size: 10000, Body: bigLine}}},
		{name: "plain empty", file: []byte{},
			want: []got{{Name: "in", Size: 0, Body: ""}}},
		{name: "gz", file: gz(t, []byte("line 1\nline 2\n")), fname: "run.log.gz",
			want: []got{{Name: "run.log.gz", Size: -1, Body: "line 1\nline 2\n"}}},
		{name: "gz without extension", file: gz(t, []byte(bigLine)), fname: "run.log",
			want: []got{{Name: "run.log", Size: -1, Body: bigLine}}},
		{name: "gz of gz", file: gz(t, gz(t, []byte("deep"))), fname: "a.gz",
			want: []got{{Name: "a.gz", Size: -1, Body: "deep"}}},
		{name: "zip several members", fname: "artifact.zip", file: makeZip(t,
			entry{name: "reports/", dir: true},
			entry{name: "reports/junit.xml", body: "<testsuites/>"},
			entry{name: "b.txt", body: "b"},
			entry{name: "a.txt", body: bigLine},
			entry{name: "empty.txt"},
			entry{name: "link", body: "a.txt", mode: os.ModeSymlink | 0o777},
		), want: []got{
			{Name: "artifact.zip/reports/junit.xml", Size: 13, Body: "<testsuites/>"},
			{Name: "artifact.zip/b.txt", Size: 1, Body: "b"},
			{Name: "artifact.zip/a.txt", Size: 10000, Body: bigLine},
			{Name: "artifact.zip/empty.txt", Size: 0, Body: ""},
		}},
		{name: "empty zip", fname: "e.zip", file: makeZip(t), want: nil},
		{name: "run-log zip with step folders", fname: "logs.zip", file: makeZip(t,
			entry{name: "build/", dir: true},
			entry{name: "build/1_Set up job.txt", body: "setup"},
			entry{name: "build/2_Run actions_checkout@v3.txt", body: "checkout"},
			entry{name: "build/system.txt", body: "sched"},
			entry{name: "contract tests/", dir: true},
			entry{name: "contract tests/1_Set up job.txt", body: "setup2"},
			entry{name: "1_build.txt", body: "whole build"},
			entry{name: "3_contract tests.txt", body: "whole tests"},
		), want: []got{
			{Name: "logs.zip/1_build.txt", Size: 11, Body: "whole build"},
			{Name: "logs.zip/3_contract tests.txt", Size: 11, Body: "whole tests"},
		}},
		{name: "run-log zip without step folders", fname: "logs.zip", file: makeZip(t,
			entry{name: "0_lint.txt", body: "lint"},
			entry{name: "lint/system.txt", body: "sched"},
			entry{name: "-2147483648_build  test.txt", body: "legacy"},
			entry{name: "build  test/system.txt", body: "sched"},
		), want: []got{
			{Name: "logs.zip/0_lint.txt", Size: 4, Body: "lint"},
			{Name: "logs.zip/-2147483648_build  test.txt", Size: 6, Body: "legacy"},
		}},
		{name: "run-log zip with only step folders", fname: "logs.zip", file: makeZip(t,
			entry{name: "build/1_Set up job.txt", body: "setup"},
			entry{name: "build/system.txt", body: "sched"},
			entry{name: "build/2_Run tests.txt", body: "tests"},
		), want: []got{
			{Name: "logs.zip/build/1_Set up job.txt", Size: 5, Body: "setup"},
			{Name: "logs.zip/build/2_Run tests.txt", Size: 5, Body: "tests"},
		}},
		{name: "artifact that merely looks like a run log", fname: "a.zip", file: makeZip(t,
			entry{name: "1_notes.txt", body: "n"},
			entry{name: "x/system.txt", body: "s"},
			entry{name: "x/2_step.txt", body: "t"},
			entry{name: "report.json", body: "{}"},
		), want: []got{
			{Name: "a.zip/1_notes.txt", Size: 1, Body: "n"},
			{Name: "a.zip/x/system.txt", Size: 1, Body: "s"},
			{Name: "a.zip/x/2_step.txt", Size: 1, Body: "t"},
			{Name: "a.zip/report.json", Size: 2, Body: "{}"},
		}},
		{name: "nested zip in zip", fname: "outer.zip", file: makeZip(t,
			entry{name: "first.txt", body: "1"},
			entry{name: "inner.zip", body: string(makeZip(t, entry{name: "deep/x.log", body: "x"}, entry{name: "y.log", body: "y"}))},
			entry{name: "last.txt", body: "2"},
		), want: []got{
			{Name: "outer.zip/first.txt", Size: 1, Body: "1"},
			{Name: "outer.zip/inner.zip/deep/x.log", Size: 1, Body: "x"},
			{Name: "outer.zip/inner.zip/y.log", Size: 1, Body: "y"},
			{Name: "outer.zip/last.txt", Size: 1, Body: "2"},
		}},
		{name: "gz in zip", fname: "a.zip", file: makeZip(t,
			entry{name: "logs/run.log.gz", body: string(gz(t, []byte(bigLine)))},
		), want: []got{{Name: "a.zip/logs/run.log.gz", Size: -1, Body: bigLine}}},
		{name: "zip in gz", fname: "logs.zip.gz", file: gz(t, makeZip(t, entry{name: "1_j.txt", body: "j"})),
			want: []got{{Name: "logs.zip.gz/1_j.txt", Size: 1, Body: "j"}}},
		{name: "nesting at max depth", fname: "a.zip", lim: Limits{MaxDepth: 1},
			file: makeZip(t, entry{name: "b.zip", body: string(makeZip(t, entry{name: "c.txt", body: "c"}))}),
			want: []got{{Name: "a.zip/b.zip/c.txt", Size: 1, Body: "c"}}},
		{name: "nesting too deep", fname: "a.zip", lim: Limits{MaxDepth: 1},
			file: makeZip(t, entry{name: "b.zip", body: string(makeZip(t,
				entry{name: "c.gz", body: string(gz(t, []byte("c")))}))}),
			wantErr: "a.zip/b.zip/c.gz: archives nested more than 1 deep (--max-depth)", limit: true},
		{name: "zip slip", fname: "evil.zip", file: makeZip(t,
			entry{name: "../../etc/passwd", body: "root"},
			entry{name: "/abs/file", body: "abs"},
			entry{name: `..\..\win.ini`, body: "win"},
			entry{name: "a/../../b", body: "b"},
			entry{name: "ok/./c/../d", body: "d"},
			entry{name: "..", body: "dots"},
		), want: []got{
			{Name: "evil.zip/etc/passwd", Size: 4, Body: "root", Warnings: []string{`member name escaped the archive: "../../etc/passwd"`}},
			{Name: "evil.zip/abs/file", Size: 3, Body: "abs", Warnings: []string{`member name escaped the archive: "/abs/file"`}},
			{Name: "evil.zip/win.ini", Size: 3, Body: "win", Warnings: []string{`member name escaped the archive: "..\\..\\win.ini"`}},
			{Name: "evil.zip/b", Size: 1, Body: "b", Warnings: []string{`member name escaped the archive: "a/../../b"`}},
			{Name: "evil.zip/ok/d", Size: 1, Body: "d"},
			{Name: "evil.zip/_", Size: 4, Body: "dots", Warnings: []string{`member name escaped the archive: ".."`}},
		}},
		{name: "zip slip inside a nested zip keeps the outer warning", fname: "o.zip", file: makeZip(t,
			entry{name: "../in.zip", body: string(makeZip(t, entry{name: "../x", body: "x"}))},
		), want: []got{{Name: "o.zip/in.zip/x", Size: 1, Body: "x", Warnings: []string{
			`member name escaped the archive: "../in.zip"`, `member name escaped the archive: "../x"`}}}},
		{name: "zip bomb", fname: "bomb.zip", lim: Limits{MaxMemberBytes: 1 << 20},
			file:    makeZip(t, entry{name: "ok.txt", body: "fine"}, entry{name: "bomb.txt", body: zeros + zeros}),
			wantErr: "bomb.zip/bomb.txt: larger than the 1 MiB limit for one member (--max-member-size)", limit: true},
		{name: "gz bomb", fname: "b.gz", lim: Limits{MaxMemberBytes: 1 << 20},
			file:    gz(t, []byte(zeros+"x")),
			wantErr: "b.gz: larger than the 1 MiB limit for one stream (--max-member-size)", limit: true},
		{name: "bomb in nested zip", fname: "o.zip", lim: Limits{MaxMemberBytes: 1 << 20},
			file: makeZip(t, entry{name: "i.zip", body: string(makeZip(t, entry{name: "bomb", body: zeros + zeros}))}),
			// the inner zip itself is small; its member is not
			wantErr: "o.zip/i.zip/bomb: larger than the 1 MiB limit for one member", limit: true},
		{name: "total over several members", fname: "t.zip", lim: Limits{MaxTotalBytes: 100},
			file:    makeZip(t, entry{name: "a", body: strings.Repeat("a", 60)}, entry{name: "b", body: strings.Repeat("b", 60)}),
			wantErr: "t.zip/b: the input expands to more than the 100 bytes limit for all members (--max-total-size)", limit: true},
		{name: "lying size: declared smaller", fname: "lie.zip", lim: small,
			file:    makeZip(t, entry{name: "x.txt", body: zeros, raw: true, declared: 100}),
			wantErr: "read lie.zip/x.txt: longer than the 100 bytes its header declares: zip: not a valid zip file"},
		{name: "lying size: declared zero", fname: "lie.zip", lim: small,
			file:    makeZip(t, entry{name: "x.txt", body: zeros, raw: true, declared: 0}),
			wantErr: "read lie.zip/x.txt: longer than the 0 bytes its header declares"},
		{name: "lying size: declared huge", fname: "lie.zip", lim: small,
			file:    makeZip(t, entry{name: "x.txt", body: zeros, raw: true, declared: 1 << 40}),
			wantErr: "lie.zip/x.txt: larger than the 64 KiB limit for one member", limit: true},
		{name: "lying size: declared larger, under the limit", fname: "lie.zip",
			file:    makeZip(t, entry{name: "x.txt", body: "short", raw: true, declared: 1000}),
			wantErr: "read lie.zip/x.txt: unexpected EOF"},
		{name: "too many members", fname: "many.zip", lim: Limits{MaxMembers: 3},
			file:    makeZip(t, entry{name: "a"}, entry{name: "b"}, entry{name: "c"}, entry{name: "d"}),
			wantErr: "many.zip: more than 3 members (--max-members)", limit: true},
		{name: "directories count as members", fname: "many.zip", lim: Limits{MaxMembers: 3},
			file:    makeZip(t, entry{name: "d/", dir: true}, entry{name: "e/", dir: true}, entry{name: "a"}, entry{name: "b"}),
			wantErr: "more than 3 members", limit: true},
		{name: "truncated zip", fname: "cut.zip",
			file:    makeZip(t, entry{name: "a.txt", body: bigLine}, entry{name: "b.txt", body: "b"})[:200],
			wantErr: "open cut.zip: zip: not a valid zip file"},
		{name: "corrupt member data", fname: "bad.zip",
			file:    corruptMember(t),
			wantErr: "read bad.zip/a.txt: "},
		{name: "corrupt gzip header", fname: "bad.gz",
			file:    append([]byte{0x1f, 0x8b, 0x08, 0xff}, make([]byte, 20)...),
			wantErr: "bad.gz"},
		{name: "truncated gzip", fname: "cut.gz",
			file:    func() []byte { b := gz(t, []byte(bigLine+bigLine)); return b[:len(b)-6] }(),
			wantErr: "read cut.gz: unexpected EOF"},
		{name: "gzip with a bad checksum", fname: "sum.gz",
			file:    func() []byte { b := gz(t, []byte("hello")); b[len(b)-8] ^= 0xff; return b }(),
			wantErr: "read sum.gz: gzip: invalid checksum"},
		{name: "stdin plain", stdin: []byte(bigLine),
			want: []got{{Name: "(stdin)", Size: -1, Body: bigLine}}},
		{name: "stdin gz", stdin: gz(t, []byte(bigLine)),
			want: []got{{Name: "(stdin)", Size: -1, Body: bigLine}}},
		{name: "stdin zip", stdin: makeZip(t, entry{name: "1_a.txt", body: "a"}, entry{name: "a/system.txt", body: "s"}),
			want: []got{{Name: "(stdin)/1_a.txt", Size: 1, Body: "a"}}},
		{name: "stdin gz of a zip", stdin: gz(t, makeZip(t, entry{name: "x", body: bigLine})),
			want: []got{{Name: "(stdin)/x", Size: 10000, Body: bigLine}}},
		{name: "stdin zip over the spool limit", lim: Limits{MaxTotalBytes: 1000},
			stdin:   makeZip(t, entry{name: "x", body: noise(2000)}),
			wantErr: "(stdin): larger than the 1000 bytes limit for one archive (--max-total-size)", limit: true},
		{name: "stdin gz bomb", lim: Limits{MaxMemberBytes: 1 << 20}, stdin: gz(t, []byte(zeros+zeros)),
			wantErr: "(stdin): larger than the 1 MiB limit for one stream", limit: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := tmpdir(t)
			dir := t.TempDir()
			t.Chdir(dir)
			var path string
			var stdin io.Reader
			if tt.stdin != nil {
				path, stdin = "-", bytes.NewReader(tt.stdin)
			} else {
				path = tt.fname
				if path == "" {
					path = "in"
				}
				if err := os.WriteFile(path, tt.file, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, err := collect(path, stdin, tt.lim)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Walk: %v", err)
				}
				if !slices.EqualFunc(out, tt.want, func(a, b got) bool {
					return a.Name == b.Name && a.Size == b.Size && a.Body == b.Body && slices.Equal(a.Warnings, b.Warnings)
				}) {
					t.Fatalf("sources:\n got %s\nwant %s", show(out), show(tt.want))
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Walk error = %v, want it to contain %q", err, tt.wantErr)
				}
				t.Logf("error: %v", err)
				if errors.Is(err, ErrLimit) != tt.limit {
					t.Fatalf("errors.Is(%v, ErrLimit) = %v, want %v", err, !tt.limit, tt.limit)
				}
			}
			// Walk creates nothing next to its input, and removes its spools.
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("temporary files left behind: %v", ents)
			}
			if ents, _ := os.ReadDir(dir); len(ents) > 1 {
				t.Errorf("files created in the working directory: %v", ents)
			}
		})
	}
}

// noise returns n incompressible bytes, the same on every run.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return string(b)
}

// show formats sources for a failure message, without long bodies.
func show(gs []got) string {
	var b strings.Builder
	for _, g := range gs {
		body := g.Body
		if len(body) > 20 {
			body = body[:20] + "…"
		}
		b.WriteString("\n  " + g.Name + " " + strings.Join(g.Warnings, ";") + " " + body)
	}
	return b.String()
}

// corruptMember returns a zip whose only member has damaged deflate data.
func corruptMember(t *testing.T) []byte {
	data := makeZip(t, entry{name: "a.txt", body: strings.Repeat("hello world ", 2000)})
	// The local header is 30 bytes plus the name; damage the compressed data after it.
	for i := 30 + len("a.txt") + 10; i < 30+len("a.txt")+40; i++ {
		data[i] ^= 0x55
	}
	return data
}

func TestWalkErrors(t *testing.T) {
	dir := t.TempDir()
	if err := Walk(filepath.Join(dir, "missing.log"), nil, Limits{}, func(Source) error { return nil }); err == nil ||
		!strings.Contains(err.Error(), "missing.log") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if err := Walk("-", nil, Limits{}, func(Source) error { return nil }); err == nil {
		t.Error("no stdin: no error")
	}
	// fn's error is returned unchanged, and ends the walk.
	p := filepath.Join(dir, "a.zip")
	os.WriteFile(p, makeZip(t, entry{name: "a", body: "a"}, entry{name: "b", body: "b"}), 0o644)
	stop := errors.New("stop")
	calls := 0
	if err := Walk(p, nil, Limits{}, func(Source) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("fn error: got %v after %d calls", err, calls)
	}
}

// TestOpen checks that a zip member can be opened again, and that standard input can be read only once.
func TestOpen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.zip")
	os.WriteFile(p, makeZip(t, entry{name: "a", body: "abc"}), 0o644)
	err := Walk(p, nil, Limits{}, func(s Source) error {
		for range 2 {
			rc, err := s.Open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || string(b) != "abc" {
				t.Errorf("read %q, %v", b, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][]byte{[]byte("plain"), gz(t, []byte("plain"))} {
		err = Walk("-", bytes.NewReader(in), Limits{}, func(s Source) error {
			rc, err := s.Open()
			if err != nil {
				return err
			}
			if b, _ := io.ReadAll(rc); string(b) != "plain" {
				t.Errorf("stdin read %q", b)
			}
			if _, err := s.Open(); err == nil || !strings.Contains(err.Error(), "only once") {
				t.Errorf("second Open of stdin: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestZipBombMemory decompresses 1 GiB of zeros (1 MiB compressed) under an 8 MiB limit: the walk must fail after about
// the limit, with flat memory.
func TestZipBombMemory(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, _ := zw.Create("bomb.txt")
	zeros := make([]byte, 1<<20)
	n := 1024
	if testing.Short() {
		n = 64
	}
	for range n {
		w.Write(zeros)
	}
	zw.Close()
	t.Logf("bomb: %d bytes compressed, %d MiB decompressed", buf.Len(), n)
	p := filepath.Join(t.TempDir(), "bomb.zip")
	os.WriteFile(p, buf.Bytes(), 0o644)
	buf = bytes.Buffer{}

	const limit = 8 << 20
	var read int64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := Walk(p, nil, Limits{MaxMemberBytes: limit}, func(s Source) error {
		rc, err := s.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		read, err = io.Copy(io.Discard, rc)
		return err
	})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "bomb.zip/bomb.txt: larger than the 8 MiB limit") {
		t.Fatalf("err = %v", err)
	}
	if read != limit {
		t.Errorf("read %d bytes before the error, want exactly the limit %d", read, limit)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("allocated %d bytes to walk an 8 MiB-limited bomb", alloc)
	}
}

func TestCleanMember(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		escaped  bool
	}{
		{"a/b.txt", "a/b.txt", false},
		{"../../etc/passwd", "etc/passwd", true},
		{"/etc/passwd", "etc/passwd", true},
		{"a/../../x", "x", true},
		{"a/../x", "x", false},
		{`..\x`, "x", true},
		{"./a//b", "a/b", false},
		{"..", "_", true},
		{"", "_", false},
		{"...", "...", false},
		{"..a/b", "..a/b", false},
	} {
		got, esc := cleanMember(tt.in)
		if got != tt.want || esc != tt.escaped {
			t.Errorf("cleanMember(%q) = %q, %v; want %q, %v", tt.in, got, esc, tt.want, tt.escaped)
		}
	}
}

func TestDeclaredEntries(t *testing.T) {
	data := makeZip(t, entry{name: "a"}, entry{name: "b"}, entry{name: "c"})
	if n, ok := declaredEntries(bytes.NewReader(data), int64(len(data))); !ok || n != 3 {
		t.Errorf("declaredEntries = %d, %v; want 3", n, ok)
	}
	// A zip with a comment.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment("PK\x05\x06 not a record")
	zw.Create("x")
	zw.Close()
	if n, ok := declaredEntries(bytes.NewReader(buf.Bytes()), int64(buf.Len())); !ok || n != 1 {
		t.Errorf("with comment: declaredEntries = %d, %v; want 1", n, ok)
	}
	if _, ok := declaredEntries(bytes.NewReader([]byte("short")), 5); ok {
		t.Error("short input: ok")
	}
}

func TestHuman(t *testing.T) {
	for n, want := range map[int64]string{4 << 30: "4 GiB", 16 << 30: "16 GiB", 1 << 20: "1 MiB", 64 << 10: "64 KiB", 1000: "1000 bytes", 1: "1 byte", 3 << 29: "1536 MiB"} {
		if got := human(n); got != want {
			t.Errorf("human(%d) = %q, want %q", n, got, want)
		}
	}
}
