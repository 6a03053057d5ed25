package tui

import (
	"bytes"
	"context"
	"strings"
	"unicode"
	"unicode/utf16"
)

// rawSearch is a search in the raw log view: the query, how it matches, and the line of the
// current match.
type rawSearch struct {
	query string
	fold  bool // no capital letter in the query: case-insensitive (smart case)
	line  int  // the line of the current match, 0 when none
	start int64
}

func newRawSearch(q string) rawSearch {
	fold := true
	for _, r := range q {
		if unicode.IsUpper(r) {
			fold = false
			break
		}
	}
	return rawSearch{query: q, fold: fold}
}

// lowerASCII lower-cases the ASCII letters of b in place.
func lowerASCII(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// pattern is the query as the file's bytes.
func (f *rawFile) pattern(s rawSearch) []byte {
	q := s.query
	if s.fold {
		q = strings.ToLower(q)
	}
	if f.unit == 1 {
		return []byte(q)
	}
	u := utf16.Encode([]rune(q))
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		if f.bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return b
}

// read reads [from, to) of the input, lower-cased when fold is set.
func (f *rawFile) read(from, to int64, fold bool) ([]byte, error) {
	b := make([]byte, to-from)
	n, err := f.src.ReadAt(b, from)
	if n < len(b) {
		return nil, err
	}
	if fold {
		lowerASCII(b)
	}
	return b, nil
}

// aligned reports whether off is on a code unit of the input.
func (f *rawFile) aligned(off int64) bool { return (off-f.dataStart)%f.unit == 0 }

// scanMeter follows a background search: it stops the scan when ctx ends and reports the bytes
// read every progressStep.
type scanMeter struct {
	ctx     context.Context
	report  func(scanned int64) // may block; it returns when ctx ends
	scanned int64
	next    int64
}

// progressStep is how often a search reports how far it has read.
const progressStep = 1 << 20

// err is the context's error: the search was cancelled.
func (m *scanMeter) err() error {
	if m == nil {
		return nil
	}
	return m.ctx.Err()
}

// read counts n bytes read; it returns ctx's error once the search is cancelled.
func (m *scanMeter) read(n int64) error {
	if m == nil {
		return nil
	}
	if err := m.ctx.Err(); err != nil {
		return err
	}
	m.scanned += n
	if m.report != nil && m.scanned >= m.next {
		m.next = m.scanned + progressStep
		m.report(m.scanned)
	}
	return m.ctx.Err()
}

// searchForward finds the first match of s at or after from; it wraps to the start of the input
// (wrapped reports it). The read is one pass of rawChunk pieces: a big log is never held whole.
func (f *rawFile) searchForward(s rawSearch, from int64, m *scanMeter) (at int64, wrapped, ok bool, err error) {
	pat := f.pattern(s)
	if len(pat) == 0 {
		return 0, false, false, nil
	}
	scan := func(from, to int64) (int64, bool, error) {
		for pos := from; pos < to; pos += rawChunk {
			end := min(f.size, pos+rawChunk+int64(len(pat))-1)
			b, err := f.read(pos, end, s.fold)
			if err != nil {
				return 0, false, err
			}
			for i := 0; ; {
				j := bytes.Index(b[i:], pat)
				if j < 0 || pos+int64(i+j) >= to {
					break
				}
				if f.aligned(pos + int64(i+j)) {
					return pos + int64(i+j), true, nil
				}
				i += j + 1
			}
			if err := m.read(min(rawChunk, to-pos)); err != nil {
				return 0, false, err
			}
		}
		return 0, false, nil
	}
	from = max(from, f.dataStart)
	if at, ok, err := scan(from, f.size); ok || err != nil {
		return at, false, ok, err
	}
	at, ok, err = scan(f.dataStart, from)
	return at, ok, ok, err
}

// searchBackward finds the last match of s that starts before from; it wraps to the end.
func (f *rawFile) searchBackward(s rawSearch, from int64, m *scanMeter) (at int64, wrapped, ok bool, err error) {
	pat := f.pattern(s)
	if len(pat) == 0 {
		return 0, false, false, nil
	}
	scan := func(lo, hi int64) (int64, bool, error) { // a match that starts in [lo, hi)
		for end := hi; end > lo; end -= rawChunk {
			start := max(lo, end-rawChunk)
			b, err := f.read(start, min(f.size, end+int64(len(pat))-1), s.fold)
			if err != nil {
				return 0, false, err
			}
			for b := b; ; {
				j := bytes.LastIndex(b, pat)
				if j < 0 {
					break
				}
				if start+int64(j) < end && f.aligned(start+int64(j)) {
					return start + int64(j), true, nil
				}
				b = b[:j+len(pat)-1]
			}
			if err := m.read(end - start); err != nil {
				return 0, false, err
			}
		}
		return 0, false, nil
	}
	from = min(from, f.size)
	if at, ok, err := scan(f.dataStart, from); ok || err != nil {
		return at, false, ok, err
	}
	at, ok, err = scan(from, f.size)
	return at, ok, ok, err
}

// countLines counts the line breaks in [from, to).
func (f *rawFile) countLines(from, to int64, m *scanMeter) (int, error) {
	n := 0
	for pos := from; pos < to; pos += rawChunk {
		b, err := f.read(pos, min(to, pos+rawChunk), false)
		if err != nil {
			return 0, err
		}
		if f.unit == 1 {
			n += bytes.Count(b, []byte{'\n'})
		} else {
			for i := 0; i+1 < len(b); i += 2 {
				if f.isNL(b, i) {
					n++
				}
			}
		}
		if err := m.err(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// found is where a search landed: the match at, the start and number of its line.
type found struct {
	at, lineStart int64
	line          int
	wrapped, ok   bool
}

// find searches from the byte from, forward or back, and numbers the match's line from ref, a line
// whose number is known.
func (f *rawFile) find(s rawSearch, ref rawLine, from int64, back bool, m *scanMeter) (found, error) {
	var r found
	var err error
	if back {
		r.at, r.wrapped, r.ok, err = f.searchBackward(s, from, m)
	} else {
		r.at, r.wrapped, r.ok, err = f.searchForward(s, from, m)
	}
	if err != nil || !r.ok {
		return r, err
	}
	if r.lineStart, err = f.lineStart(r.at + f.unit); err != nil {
		return r, err
	}
	r.line = ref.num
	if r.lineStart >= ref.start {
		n, err := f.countLines(ref.start, r.lineStart, m)
		r.line += n
		return r, err
	}
	n, err := f.countLines(r.lineStart, ref.start, m)
	r.line -= n
	return r, err
}

// indexFold finds q in s, ignoring the case of letters when fold is set; it returns a byte index
// in s and the length of the match in s.
func indexFold(s, q string, fold bool) (int, int) {
	if q == "" {
		return -1, 0
	}
	if !fold {
		return strings.Index(s, q), len(q)
	}
	ls, lq := strings.ToLower(s), strings.ToLower(q)
	if len(ls) != len(s) { // lower-casing changed the byte lengths: fall back to ASCII folding
		ls, lq = string(lowerASCII([]byte(s))), string(lowerASCII([]byte(q)))
	}
	return strings.Index(ls, lq), len(lq)
}
