package input

import (
	"errors"
	"fmt"
	"io"
)

// ErrLimit is matched (errors.Is) by every error that reports an input going past one of its Limits.
var ErrLimit = errors.New("input limit exceeded")

// limitError reports an input going past a limit; its message names the source and the flag.
type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

// limitf returns a limitError with the formatted message.
func limitf(format string, args ...any) error {
	return &limitError{msg: fmt.Sprintf(format, args...)}
}

// readError is a read error of a source, with the source's name.
type readError struct {
	name string
	err  error
}

func (e *readError) Error() string { return "read " + e.name + ": " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// isOurs reports whether err already names its source: a limit or read error of this package.
func isOurs(err error) bool {
	var le *limitError
	var re *readError
	return errors.As(err, &le) || errors.As(err, &re)
}

// reader wraps r, the content of s from its start. Its errors name s; when s is decompressed
// content it counts the bytes read against the limits. c, when not nil, is closed by Close.
func (w *walker) reader(s *stream, r io.Reader, c io.Closer) io.ReadCloser {
	return &countingReader{w: w, s: s, r: r, c: c}
}

// countingReader is the reader of one stream: it counts decompressed bytes as they are read and
// fails once one stream or the whole Walk goes past its limit. It never reads more than one byte
// past the limit of the stream.
type countingReader struct {
	w   *walker
	s   *stream
	r   io.Reader
	c   io.Closer
	pos int64
	err error // sticky
}

func (cr *countingReader) Read(p []byte) (int, error) {
	if cr.err != nil {
		return 0, cr.err
	}
	lim := cr.w.lim
	limited := cr.s.kind != ""
	if limited {
		if room := lim.MaxMemberBytes - cr.pos + 1; int64(len(p)) > room {
			p = p[:room]
		}
	}
	n, err := cr.r.Read(p)
	if n < 0 || n > len(p) { // a broken reader; never trust it with slicing
		n, err = 0, io.ErrNoProgress
	}
	if err != nil && err != io.EOF && !isOurs(err) {
		err = &readError{name: cr.s.name, err: err}
	}
	if limited && n > 0 {
		cr.pos += int64(n)
		w := cr.w
		w.mu.Lock()
		if cr.pos > cr.s.hwm {
			w.total += cr.pos - cr.s.hwm
			cr.s.hwm = cr.pos
		}
		total := w.total
		w.mu.Unlock()
		if over := cr.pos - lim.MaxMemberBytes; over > 0 {
			n -= int(min(over, int64(n)))
			err = limitf("%s: larger than the %s limit for one %s (--max-member-size)", cr.s.name, human(lim.MaxMemberBytes), cr.s.kind)
		} else if over := total - lim.MaxTotalBytes; over > 0 {
			n -= int(min(over, int64(n)))
			err = limitf("%s: the input expands to more than the %s limit for all members (--max-total-size)", cr.s.name, human(lim.MaxTotalBytes))
		}
	}
	if err != nil && err != io.EOF {
		cr.err = err
		cr.w.mu.Lock()
		if cr.w.readErr == nil {
			cr.w.readErr = err
		}
		cr.w.mu.Unlock()
	}
	return n, err
}

func (cr *countingReader) Close() error {
	if cr.c == nil {
		return nil
	}
	return cr.c.Close()
}

// human formats a byte count for a message: "4 GiB", "512 KiB", "1000 bytes".
func human(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 40, "TiB"}, {1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
