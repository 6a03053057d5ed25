package input

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzWalkZip walks arbitrary bytes as a zip archive named "f.zip" and reads every member: it must
// not panic, member names must stay inside the archive, reads must stay within the limits, and
// every error must name the archive.
func FuzzWalkZip(f *testing.F) {
	f.Add(makeZip(f))
	f.Add(makeZip(f, entry{name: "a.txt", body: "hello"}, entry{name: "d/", dir: true}, entry{name: "d/b", body: "b"}))
	f.Add(makeZip(f, entry{name: "1_build.txt", body: "job"}, entry{name: "build/1_Set up job.txt", body: "s"},
		entry{name: "build/system.txt", body: "x"}))
	f.Add(makeZip(f, entry{name: "../../etc/passwd", body: "root"}, entry{name: `..\x`, body: "x"}))
	f.Add(makeZip(f, entry{name: "in.zip", body: string(makeZip(f, entry{name: "y.gz", body: string(gz(f, []byte("y")))}))}))
	f.Add(makeZip(f, entry{name: "lie", body: strings.Repeat("z", 5000), raw: true, declared: 10}))
	f.Add(makeZip(f, entry{name: "zeros", body: string(make([]byte, 2<<20))}))

	lim := Limits{MaxMemberBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxMembers: 64, MaxDepth: 2}
	f.Fuzz(func(t *testing.T, data []byte) {
		var delivered int64
		w := &walker{lim: lim, fn: func(s Source) error {
			rest, ok := strings.CutPrefix(s.Name, "f.zip/")
			if !ok {
				t.Fatalf("source %q outside f.zip", s.Name)
			}
			for el := range strings.SplitSeq(rest, "/") {
				if el == "" || el == "." || el == ".." {
					t.Fatalf("source %q: bad element %q", s.Name, el)
				}
			}
			if len(s.Head) > HeadSize {
				t.Fatalf("%s: head of %d bytes", s.Name, len(s.Head))
			}
			rc, err := s.Open()
			if err != nil {
				if !strings.Contains(err.Error(), s.Name) {
					t.Fatalf("Open error %q does not name %s", err, s.Name)
				}
				return err
			}
			defer rc.Close()
			pw := &prefixWriter{max: HeadSize}
			n, err := io.Copy(pw, rc)
			delivered += n
			if n > lim.MaxMemberBytes {
				t.Fatalf("%s: read %d bytes, over the member limit", s.Name, n)
			}
			if delivered > lim.MaxTotalBytes {
				t.Fatalf("read %d bytes in all, over the total limit", delivered)
			}
			if err != nil {
				if !strings.Contains(err.Error(), s.Name) {
					t.Fatalf("read error %q does not name %s", err, s.Name)
				}
				return err
			}
			if !bytes.Equal(pw.buf, s.Head) {
				t.Fatalf("%s: Head is not the start of the content", s.Name)
			}
			return nil
		}}
		s := w.fileStream("f.zip", bytes.NewReader(data), int64(len(data)))
		if err := w.walkZip(s, s.ra, s.size); err != nil {
			if !strings.Contains(err.Error(), "f.zip") {
				t.Fatalf("error %q does not name the archive", err)
			}
			if errors.Is(err, ErrLimit) && !strings.Contains(err.Error(), "(--max-") {
				t.Fatalf("limit error %q does not name its flag", err)
			}
		}
	})
}

// prefixWriter keeps the first max bytes written to it.
type prefixWriter struct {
	buf []byte
	max int
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if room := p.max - len(p.buf); room > 0 {
		p.buf = append(p.buf, b[:min(room, len(b))]...)
	}
	return len(b), nil
}
