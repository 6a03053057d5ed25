// Package input finds the streams to parse in one input: a plain file, a gzip stream, the members
// of a zip archive (a GitHub Actions run-log zip, an artifact) or the files of a directory (a
// report directory), descending into archives nested in archives. It never writes anything but its own temporary spool files, and it bounds what an input
// may expand to (see Limits).
package input

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sync"
)

// Default limits, used for the Limits fields left at zero.
const (
	DefaultMaxMemberBytes int64 = 4 << 30
	DefaultMaxTotalBytes  int64 = 16 << 30
	DefaultMaxMembers           = 10000
	DefaultMaxDepth             = 2
)

// HeadSize is the length of Source.Head, or less when the content is shorter.
const HeadSize = 4096

// StdinName is the Name given to standard input (path "-").
const StdinName = "(stdin)"

// DisplayName is how an input path is named to people: StdinName for "-", else the path.
func DisplayName(path string) string {
	if path == "-" {
		return StdinName
	}
	return path
}

// Limits bound what an input may expand to.
//
// A field that is zero or negative takes its default. Every limit counts decompressed bytes as they
// are read, never the sizes an archive declares. Each decompression layer counts: a zip member
// that is itself a gzip stream counts its compressed bytes (as the member) and its decompressed
// bytes (as the stream). MaxTotalBytes counts over the whole Walk, and also bounds a zip spooled
// from standard input or a pipe. MaxMembers counts every entry of a zip, directories included.
type Limits struct {
	MaxMemberBytes int64 // decompressed size of one member or of a .gz stream (default 4 GiB)
	MaxTotalBytes  int64 // decompressed size of all members of one archive (default 16 GiB)
	MaxMembers     int   // members read from one zip (default 10000)
	MaxDepth       int   // nesting of archives in archives (default 2)
}

// withDefaults returns l with its unset fields at their defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxMemberBytes <= 0 {
		l.MaxMemberBytes = DefaultMaxMemberBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if l.MaxMembers <= 0 {
		l.MaxMembers = DefaultMaxMembers
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Source is one stream to parse: a plain file, a decompressed .gz, or one zip member.
//
// A Source and the readers its Open returns are valid only until the fn given to Walk returns:
// members of nested archives live in temporary files that Walk removes afterwards. Sources read
// from standard input or a pipe can be opened only once.
type Source struct {
	Name     string                        // "job.log", "logs.zip/3_contract-tests.txt", "artifact.zip/reports/junit.xml"
	Size     int64                         // decompressed size when known, else -1
	Head     []byte                        // the first 4 KiB of the decompressed content (for format detection)
	Open     func() (io.ReadCloser, error) // the full decompressed content from the start; reads past a limit fail with an error naming the source
	Warnings []string                      // notes about the source, such as a zip member name that escaped its archive
	At       io.ReaderAt                   // the content, readable at any offset (a plain file on disk); nil otherwise
	// Refused says why the walk will not read this entry of a directory (a symbolic link leading
	// out of it); Open then fails with that reason and Head is empty.
	Refused string
}

// Walk calls fn for every Source in the input at path ("-" = standard input), descending into
// gzip and zip containers, recognised by their magic bytes (not the extension), and into a
// directory (a report directory such as schemathesis-report/), whose files are read as the members
// of a zip are, in sorted order and with the same limits (see walkDir).
//
// Zip members come in archive order, directories and other non-regular members skipped. Member
// names are cleaned (backslashes become slashes; leading "/" and "../" elements are removed, with a
// warning on the Source). A zip whose members all look like a GitHub run-log zip (top-level
// `N_<job>.txt`, `<job>/N_<step>.txt`, `<job>/system.txt`) loses its system.txt files and, when it
// has a top-level job log, its step files, which repeat the job logs. A zip read from standard
// input or a pipe is spooled to a temporary file first, at most MaxTotalBytes of it; a gzip stream
// is read as it comes. Walk stops at the first error, from fn (returned unchanged) or from the
// input (naming the file and, where known, the member). A read error of a Source's content ends
// the walk too, even when fn did not return it: Walk returns it once fn returns.
func Walk(path string, stdin io.Reader, lim Limits, fn func(Source) error) error {
	w := &walker{lim: lim.withDefaults(), fn: fn}
	if path == "-" {
		if stdin == nil {
			return fmt.Errorf("%s: no standard input", StdinName)
		}
		if ra, size, ok := regularFile(stdin); ok {
			return w.walk(w.fileStream(StdinName, ra, size)) // `ctlog summarize - < job.log`: read as the file
		}
		growPipe(stdin)
		return w.walk(w.onceStream(StdinName, stdin))
	}
	f, err := os.Open(path)
	if err != nil {
		return err // *fs.PathError: "open PATH: reason"
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	switch {
	case fi.IsDir():
		return w.walkDir(path)
	case !fi.Mode().IsRegular(): // a pipe (<(cmd)), a device: readable once, from the start
		growPipe(f)
		return w.walk(w.onceStream(path, f))
	}
	return w.walk(w.fileStream(path, f, fi.Size()))
}

// regularFile returns the rest of r from its current offset as a ReaderAt, when r is a regular
// file (standard input redirected from one), so that it can be read as a file is: in parts.
func regularFile(r io.Reader) (io.ReaderAt, int64, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return nil, 0, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, 0, false
	}
	pos, err := f.Seek(0, io.SeekCurrent)
	if err != nil || pos > fi.Size() {
		return nil, 0, false
	}
	return io.NewSectionReader(f, pos, fi.Size()-pos), fi.Size() - pos, true
}

// stream is one byte stream of the input, before it is known to be a container or a Source.
type stream struct {
	name     string
	depth    int   // containers above this stream
	size     int64 // the decompressed size when known, else -1
	warnings []string
	// open returns the content from the start. Its reader names the stream in its errors and, for
	// decompressed streams, enforces the limits.
	open func() (io.ReadCloser, error)
	// ra holds the raw content when it can be read at any offset (a file on disk), else nil.
	ra io.ReaderAt
	// once is set when open works only once (standard input, pipes, streams decoded from them).
	once bool
	// kind names the stream in limit errors: "member", "stream" (a gzip stream), "" (raw, unlimited).
	kind string
	hwm  int64 // the furthest offset read so far, counted once in walker.total
}

// walker holds the state of one Walk.
type walker struct {
	lim   Limits
	fn    func(Source) error
	mu    sync.Mutex // guards total, readErr and every stream's hwm: fn may read sources concurrently
	total int64      // decompressed bytes read, over all streams of the Walk
	// readErr is the first read error of any stream (a limit, a corrupt archive, a failing disk).
	readErr error
}

// fileStream is a stream over a file of known size that can be read at any offset.
func (w *walker) fileStream(name string, ra io.ReaderAt, size int64) *stream {
	s := &stream{name: name, size: size, ra: ra}
	s.open = func() (io.ReadCloser, error) {
		return w.reader(s, io.NewSectionReader(ra, 0, size), nil), nil
	}
	return s
}

// onceStream is a stream over a reader that can be read only once.
func (w *walker) onceStream(name string, r io.Reader) *stream {
	s := &stream{name: name, size: -1, once: true}
	used := false
	s.open = func() (io.ReadCloser, error) {
		if used {
			return nil, fmt.Errorf("%s: can be read only once", name)
		}
		used = true
		return w.reader(s, r, nil), nil
	}
	return s
}

// walk classifies s by its first bytes and descends into it or hands it to fn.
func (w *walker) walk(s *stream) error {
	head, err := w.head(s)
	if err != nil {
		return err
	}
	kind := Sniff(head)
	gz, zip := kind == Gzip, kind == Zip
	if (gz || zip) && s.depth > w.lim.MaxDepth {
		return limitf("%s: archives nested more than %d deep (--max-depth)", s.name, w.lim.MaxDepth)
	}
	switch {
	case gz:
		return w.walk(w.gunzip(s))
	case zip:
		return w.walkZipStream(s)
	}
	src := Source{Name: s.name, Size: s.size, Head: head, Open: s.open, Warnings: s.warnings}
	if s.kind == "" {
		src.At = s.ra // raw content: no limit to count reads against
	}
	if err := w.fn(src); err != nil {
		return err
	}
	// fn may have kept what it read before a read error (a partial result) and returned nil.
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.readErr
}

// head reads the first HeadSize bytes of s. For a stream that can be read only once it keeps the
// reader, and the next open replays the head before the rest.
func (w *walker) head(s *stream) ([]byte, error) {
	rc, err := s.open()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, HeadSize)
	n, err := io.ReadFull(rc, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err != nil {
		rc.Close()
		return nil, err
	}
	head := buf[:n:n]
	if !s.once {
		rc.Close()
		return head, nil
	}
	used := false
	s.open = func() (io.ReadCloser, error) {
		if used {
			return nil, fmt.Errorf("%s: can be read only once", s.name)
		}
		used = true
		return readCloser{io.MultiReader(bytes.NewReader(head), rc), rc}, nil
	}
	return head, nil
}

// gunzip is the decompressed stream of the gzip stream s, under the same name.
func (w *walker) gunzip(s *stream) *stream {
	c := &stream{name: s.name, depth: s.depth + 1, size: -1, warnings: s.warnings, once: s.once, kind: "stream"}
	c.open = func() (io.ReadCloser, error) {
		rc, err := s.open()
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(rc)
		if err != nil {
			rc.Close()
			if isOurs(err) {
				return nil, err
			}
			return nil, fmt.Errorf("open %s: %w", s.name, err)
		}
		return w.reader(c, zr, closers{zr, rc}), nil
	}
	return c
}

// spool copies the content of s to a temporary file so that it can be read at any offset, and
// returns the file and its size; the caller closes and removes it. It copies at most MaxTotalBytes;
// a decompressed stream stops earlier, at its own limit.
func (w *walker) spool(s *stream) (f *os.File, n int64, err error) {
	f, err = os.CreateTemp("", "ctlog-input-*")
	if err != nil {
		return nil, 0, fmt.Errorf("spool %s: %w", s.name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			f = nil
		}
	}()
	rc, err := s.open()
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	n, err = io.Copy(f, io.LimitReader(rc, w.lim.MaxTotalBytes+1))
	if err == nil && n > w.lim.MaxTotalBytes {
		err = limitf("%s: larger than the %s limit for one archive (--max-total-size)", s.name, human(w.lim.MaxTotalBytes))
	}
	if err != nil && !isOurs(err) {
		err = fmt.Errorf("spool %s to %s: %w", s.name, f.Name(), err)
	}
	return f, n, err
}

// readCloser joins a Reader and a Closer.
type readCloser struct {
	io.Reader
	io.Closer
}

// closers closes each of its elements in order and returns the first error.
type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
