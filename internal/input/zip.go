package input

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
)

// walkZipStream walks the zip archive in s, spooling it to a temporary file first unless it is
// already a file on disk.
func (w *walker) walkZipStream(s *stream) error {
	if s.ra != nil {
		return w.walkZip(s, s.ra, s.size)
	}
	f, size, err := w.spool(s)
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	return w.walkZip(s, f, size)
}

// member is one regular file of a zip, with its cleaned name.
type member struct {
	f        *zip.File
	name     string
	warnings []string
}

// walkZip walks the members of the zip archive s, whose raw bytes are ra.
func (w *walker) walkZip(s *stream, ra io.ReaderAt, size int64) error {
	if n, ok := declaredEntries(ra, size); ok && n > uint64(w.lim.MaxMembers) {
		return w.tooMany(s)
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("open %s: %w", s.name, err)
	}
	if len(zr.File) > w.lim.MaxMembers {
		return w.tooMany(s)
	}
	var members []member
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") || strings.HasSuffix(f.Name, `\`) || !f.Mode().IsRegular() {
			continue // directories, symbolic links, devices
		}
		name, escaped := cleanMember(f.Name)
		m := member{f: f, name: name, warnings: s.warnings}
		if escaped {
			m.warnings = append(m.warnings[:len(m.warnings):len(m.warnings)],
				fmt.Sprintf("member name escaped the archive: %q", f.Name))
		}
		members = append(members, m)
	}
	for _, m := range runLogFilter(members) {
		c := &stream{
			name:     s.name + "/" + m.name,
			depth:    s.depth + 1,
			size:     -1,
			warnings: m.warnings,
			kind:     "member",
		}
		if m.f.UncompressedSize64 <= uint64(w.lim.MaxMemberBytes) {
			c.size = int64(m.f.UncompressedSize64)
		}
		f := m.f
		c.open = func() (io.ReadCloser, error) {
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("open %s: %w", c.name, err)
			}
			return w.reader(c, sizeReader{rc, f.UncompressedSize64}, rc), nil
		}
		if err := w.walk(c); err != nil {
			return err
		}
	}
	return nil
}

// sizeReader explains the error archive/zip gives when a member is longer than it declares.
type sizeReader struct {
	r        io.Reader
	declared uint64
}

func (r sizeReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err == zip.ErrFormat { // a member read fails with ErrFormat only past the declared size
		err = fmt.Errorf("longer than the %d bytes its header declares: %w", r.declared, err)
	}
	return n, err
}

func (w *walker) tooMany(s *stream) error {
	return limitf("%s: more than %d members (--max-members)", s.name, w.lim.MaxMembers)
}

// cleanMember returns a zip member name as a relative slash path inside the archive: backslashes
// become slashes, the path is cleaned, and leading "/" and "../" elements are dropped. escaped
// reports whether the name pointed outside the archive (absolute, or climbing above its root).
func cleanMember(name string) (clean string, escaped bool) {
	n := strings.ReplaceAll(name, `\`, "/")
	rel := path.Clean(n)
	escaped = strings.HasPrefix(n, "/") || rel == ".." || strings.HasPrefix(rel, "../")
	clean = strings.TrimPrefix(path.Clean("/"+n), "/") // rooted: Clean drops the ".." above the root
	if clean == "" {
		clean = "_"
	}
	return clean, escaped
}

var (
	// runLogJob is a top-level job log of a GitHub run-log zip: "3_build.txt", "-2147483648_build.txt".
	runLogJob = regexp.MustCompile(`^-?[0-9]+_[^/]+\.txt$`)
	// runLogStep is a step log in a job folder: "build/2_Run actions_checkout@v3.txt".
	runLogStep = regexp.MustCompile(`^[^/]+/[0-9]+_[^/]+\.txt$`)
	// runLogSystem is the runner scheduling log in a job folder.
	runLogSystem = regexp.MustCompile(`^[^/]+/system\.txt$`)
)

// runLogFilter drops the duplicate and the runner-only files of a GitHub run-log zip.
//
// A zip has the run-log layout when every regular member is a top-level job log `N_<job>.txt` (N
// may be negative in legacy archives), a step log `<job>/N_<step>.txt` or a `<job>/system.txt`, and
// at least one is a job or step log. In such a zip the system.txt files (runner scheduling) are
// dropped, and when there is at least one top-level job log the step logs are dropped too: the
// server writes one top-level file per job holding the whole job log, so step files only repeat
// it. Any other zip (an artifact) is returned unchanged.
func runLogFilter(ms []member) []member {
	jobs, steps := 0, 0
	for _, m := range ms {
		switch {
		case runLogJob.MatchString(m.name):
			jobs++
		case runLogStep.MatchString(m.name):
			steps++
		case runLogSystem.MatchString(m.name):
		default:
			return ms
		}
	}
	if jobs+steps == 0 {
		return ms
	}
	kept := ms[:0:0]
	for _, m := range ms {
		if runLogSystem.MatchString(m.name) || (jobs > 0 && runLogStep.MatchString(m.name)) {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// declaredEntries returns the number of entries the end of central directory record of a zip
// declares, so that an archive with far too many members fails before its directory is loaded.
// ok is false when the record cannot be found; zip.NewReader then reports the error.
func declaredEntries(ra io.ReaderAt, size int64) (n uint64, ok bool) {
	const eocdLen, maxComment = 22, 1<<16 - 1
	if size < eocdLen {
		return 0, false
	}
	blen := min(size, eocdLen+maxComment)
	buf := make([]byte, blen)
	if _, err := ra.ReadAt(buf, size-blen); err != nil && err != io.EOF {
		return 0, false
	}
	// The last signature whose comment ends within the file.
	i := -1
	for j := len(buf) - eocdLen; j >= 0; j-- {
		if buf[j] == 'P' && bytes.HasPrefix(buf[j:], []byte("PK\x05\x06")) &&
			j+eocdLen+int(binary.LittleEndian.Uint16(buf[j+20:])) <= len(buf) {
			i = j
			break
		}
	}
	if i < 0 {
		return 0, false
	}
	n = uint64(binary.LittleEndian.Uint16(buf[i+10:]))
	if n != 0xffff {
		return n, true
	}
	// Zip64: the locator sits just before the record and points at the zip64 end record.
	loc := size - blen + int64(i) - 20
	var lb [20]byte
	if loc < 0 {
		return 0, false
	}
	if _, err := ra.ReadAt(lb[:], loc); err != nil || !bytes.HasPrefix(lb[:], []byte("PK\x06\x07")) {
		return 0, false
	}
	off := binary.LittleEndian.Uint64(lb[8:])
	var rec [56]byte
	if off > uint64(size) || uint64(size)-off < uint64(len(rec)) {
		return 0, false
	}
	if _, err := ra.ReadAt(rec[:], int64(off)); err != nil || !bytes.HasPrefix(rec[:], []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}
