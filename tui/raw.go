package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/parser"
)

// RawSource gives random access to the original bytes of an input, for the raw log view. Only the
// lines on screen are read (io.ReaderAt): a 1 GB log is never loaded. ReadAt is called from two
// goroutines at once while a search runs in the background (as io.ReaderAt allows; an *os.File
// does).
type RawSource interface {
	io.ReaderAt
	Size() int64
}

// RawOpener opens the original bytes of the source with the given name (summary.Input.Name); it
// returns an error when they cannot be read by offset (an archive member, standard input).
type RawOpener func(source string) (RawSource, error)

// maxRawLine is how much of one line the raw view keeps; the rest is marked as cut.
const maxRawLine = 8 << 10

// rawChunk is how much the raw view reads at once.
const rawChunk = 64 << 10

// rawLine is one line of the original input.
type rawLine struct {
	num        int
	start, end int64 // byte range, line break included
	text       string
}

// rawFile reads lines around an offset of a RawSource, in its encoding.
type rawFile struct {
	src       RawSource
	size      int64
	unit      int64 // 1 for UTF-8, 2 for UTF-16
	bigEndian bool
	dataStart int64 // after the byte-order mark
}

func newRawFile(src RawSource) *rawFile {
	f := &rawFile{src: src, size: src.Size(), unit: 1}
	head := make([]byte, 512)
	n, _ := src.ReadAt(head, 0)
	head = head[:n]
	enc, bom := parser.DetectEncoding(head)
	f.dataStart = int64(bom)
	switch enc {
	case parser.EncodingUTF16LE:
		f.unit = 2
	case parser.EncodingUTF16BE:
		f.unit, f.bigEndian = 2, true
	}
	return f
}

// isNL reports whether the code unit at b[i:] is a line feed.
func (f *rawFile) isNL(b []byte, i int) bool {
	if f.unit == 1 {
		return b[i] == '\n'
	}
	if f.bigEndian {
		return b[i] == 0 && b[i+1] == '\n'
	}
	return b[i] == '\n' && b[i+1] == 0
}

// lineAt reads the line that starts at off.
func (f *rawFile) lineAt(off int64) (text string, end int64, err error) {
	var keep []byte
	buf := make([]byte, rawChunk)
	pos := off
	for pos < f.size {
		n, rerr := f.src.ReadAt(buf[:min(int64(len(buf)), f.size-pos)], pos)
		n -= n % int(f.unit)
		if n == 0 {
			if rerr == nil || errors.Is(rerr, io.EOF) {
				break
			}
			return "", pos, rerr
		}
		for i := 0; i < n; i += int(f.unit) {
			if f.isNL(buf, i) {
				keep = appendKeep(keep, buf[:i+int(f.unit)])
				return f.decode(keep), pos + int64(i) + f.unit, nil
			}
		}
		keep = appendKeep(keep, buf[:n])
		pos += int64(n)
	}
	return f.decode(keep), f.size, nil
}

func appendKeep(dst, b []byte) []byte {
	if room := maxRawLine - len(dst); room < len(b) {
		return append(dst, b[:max(0, room)]...)
	}
	return append(dst, b...)
}

// lineStart returns the start of the line that holds the byte before pos.
func (f *rawFile) lineStart(pos int64) (int64, error) {
	buf := make([]byte, rawChunk)
	for pos > f.dataStart {
		from := max(f.dataStart, pos-rawChunk)
		from += (from - f.dataStart) % f.unit // stay on code units
		n, err := f.src.ReadAt(buf[:pos-from], from)
		if n < int(pos-from) {
			return 0, fmt.Errorf("read at %d: %w", from, err)
		}
		for i := int(pos-from) - int(f.unit); i >= 0; i -= int(f.unit) {
			if f.isNL(buf, i) {
				return from + int64(i) + f.unit, nil
			}
		}
		pos = from
	}
	return f.dataStart, nil
}

// prevStart returns the start of the line before the line that starts at off.
func (f *rawFile) prevStart(off int64) (int64, error) {
	return f.lineStart(off - f.unit) // skip the line break that ends the previous line
}

// lastStart returns the start of the input's last line.
func (f *rawFile) lastStart() (int64, error) {
	if f.size <= f.dataStart {
		return f.dataStart, nil
	}
	b := make([]byte, f.unit)
	if _, err := f.src.ReadAt(b, f.size-f.unit); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if f.isNL(b, 0) {
		return f.prevStart(f.size)
	}
	return f.lineStart(f.size)
}

// decode turns a line's bytes into text without its line break.
func (f *rawFile) decode(b []byte) string {
	if f.unit == 2 {
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if f.bigEndian {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			}
		}
		var sb strings.Builder
		for _, r := range utf16.Decode(u) {
			sb.WriteRune(r)
		}
		b = []byte(sb.String())
	}
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(b)
}

// rawView shows the original lines of a sample, with the lines around them, scrollable. It keeps
// its own window of lines read by offset rather than a bubbles/viewport: a viewport holds its whole
// content, and this view's content is a log of any size, read a screen at a time, with a gutter of
// line numbers that depends on where the window is.
type rawView struct {
	t    theme
	red  *redact.Redactor
	f    *rawFile
	name string
	err  error

	c      *Cluster
	sample int
	span   parser.Span
	total  int // lines in the input, when known

	lines  []rawLine // a window of consecutive lines
	top    int       // index in lines of the first line on screen
	xoff   int
	w, h   int
	status string

	searching bool  // the search field has the keyboard
	edit      field // the search field
	search    rawSearch
	job       *searchJob // the search running in the background, if any
}

// editMsg asks the root to open a source at a line in the user's editor.
type editMsg struct {
	source string
	line   int
}

// maxWindow bounds the lines the raw view keeps in memory.
const maxWindow = 4000

func newRawView(t theme, red *redact.Redactor) rawView { return rawView{t: t, red: red} }

// open shows the lines of c's sample i from src.
func (v rawView) open(src RawSource, name string, c *Cluster, i, total int) rawView {
	v.f, v.name, v.c, v.sample, v.total, v.err, v.xoff, v.status = newRawFile(src), name, c, i, total, nil, 0, ""
	v.job.stop()
	v.searching, v.search.line, v.job = false, 0, nil // the query stays: n finds it again in this log
	return v.anchorSample()
}

func (v rawView) anchorSample() rawView {
	v.span = v.c.G.Samples[v.sample].Span
	v = v.anchor(v.span.Offset, v.span.Line).fill()
	// Show a little context above the sample.
	v.top = max(0, v.find(v.span.Line)-max(1, v.bodyH()/4))
	return v.fill()
}

// anchor empties the window and starts it at the line that begins at off.
func (v rawView) anchor(off int64, num int) rawView {
	v.lines = nil
	v.top = 0
	text, end, err := v.f.lineAt(off)
	if err != nil {
		v.err = err
		return v
	}
	v.lines = []rawLine{{num: num, start: off, end: end, text: text}}
	return v
}

func (v rawView) find(num int) int {
	if len(v.lines) == 0 {
		return 0
	}
	return max(0, min(num-v.lines[0].num, len(v.lines)-1))
}

func (v rawView) bodyH() int { return max(1, v.h-1) }

// fill reads lines so that the screen is covered from top, with some to spare on either side.
func (v rawView) fill() rawView {
	if v.err != nil || len(v.lines) == 0 {
		return v
	}
	need := v.bodyH()
	// Before: keep a page above the top, when the input has it.
	for v.top < need && v.lines[0].start > v.f.dataStart {
		var pre []rawLine
		off := v.lines[0].start
		num := v.lines[0].num
		for range need * 2 {
			if off <= v.f.dataStart {
				break
			}
			s, err := v.f.prevStart(off)
			if err != nil {
				v.err = err
				return v
			}
			text, end, err := v.f.lineAt(s)
			if err != nil {
				v.err = err
				return v
			}
			num--
			pre = append(pre, rawLine{num: num, start: s, end: end, text: text})
			off = s
		}
		for i, j := 0, len(pre)-1; i < j; i, j = i+1, j-1 {
			pre[i], pre[j] = pre[j], pre[i]
		}
		v.lines = append(pre, v.lines...)
		v.top += len(pre)
	}
	// After: a page below the screen.
	for len(v.lines)-v.top < need*2 {
		last := v.lines[len(v.lines)-1]
		if last.end >= v.f.size {
			break
		}
		text, end, err := v.f.lineAt(last.end)
		if err != nil {
			v.err = err
			return v
		}
		v.lines = append(v.lines, rawLine{num: last.num + 1, start: last.end, end: end, text: text})
	}
	// Forget what is far away.
	if drop := v.top - maxWindow/2; drop > 0 {
		v.lines = v.lines[drop:]
		v.top -= drop
	}
	if len(v.lines) > maxWindow {
		v.lines = v.lines[:maxWindow]
	}
	return v
}

func (v rawView) resize(w, h int) rawView {
	v.w, v.h = w, h
	return v.fill()
}

func (v rawView) scroll(n int) rawView {
	v.top += n
	if v.top < 0 {
		v = v.fill() // reads lines above, which moves top down
		v.top = max(0, v.top)
	}
	v = v.fill()
	v.top = max(0, min(v.top, len(v.lines)-v.bodyH()))
	return v
}

func (v rawView) Update(msg tea.Msg) (rawView, tea.Cmd) {
	if v.f == nil {
		return v, nil
	}
	switch msg := msg.(type) {
	case searchProgressMsg:
		if v.job == nil || msg.id != v.job.id {
			return v, nil // a cancelled search
		}
		v.job.scanned = msg.scanned
		return v, v.job.listen()
	case searchDoneMsg:
		if v.job == nil || msg.id != v.job.id {
			return v, nil
		}
		back := v.job.back
		v.job.stop()
		v.job = nil
		return v.showFound(msg.found, back, msg.err), nil
	}
	v.status = ""
	switch msg := msg.(type) {
	case tea.MouseMsg:
		if d := wheel(msg); d != 0 {
			return v.scroll(d), nil
		}
	case tea.KeyMsg:
		if v.searching {
			return v.searchKey(msg)
		}
		switch {
		case kb.Matches(msg, keySearch):
			v.searching = true
			v.edit.set("")
		case kb.Matches(msg, keyNextMatch) && v.search.query != "":
			return v.findFrom(false, false)
		case kb.Matches(msg, keyPrevMatch):
			if v.search.query == "" {
				v.status = "no search yet: / searches the log"
				break
			}
			return v.findFrom(true, false)
		case kb.Matches(msg, keyEdit):
			line := v.span.Line
			if v.search.line > 0 {
				line = v.search.line
			}
			src := v.name
			return v, func() tea.Msg { return editMsg{source: src, line: line} }
		case kb.Matches(msg, keyHalfDown):
			v = v.scroll(halfPage(v.bodyH()))
		case kb.Matches(msg, keyHalfUp):
			v = v.up(halfPage(v.bodyH()))
		case isKey(msg, keyUp...):
			v = v.up(1)
		case isKey(msg, keyDown...):
			v = v.scroll(1)
		case isKey(msg, keyPgUp...):
			v = v.up(v.bodyH())
		case isKey(msg, keyPgDown...):
			v = v.scroll(v.bodyH())
		case isKey(msg, "left"):
			v.xoff = max(0, v.xoff-8)
		case isKey(msg, "right"):
			v.xoff += 8
		case isKey(msg, keyTop...):
			v = v.anchor(v.f.dataStart, 1).fill()
		case isKey(msg, keyBottom...):
			if v.total <= 0 {
				v.status = "the end of the log is known once it has been read"
				break
			}
			s, err := v.f.lastStart()
			if err != nil {
				v.err = err
				break
			}
			v = v.anchor(s, v.total).fill()
			v.top = max(0, len(v.lines)-v.bodyH())
		case isKey(msg, "n"):
			v.sample = (v.sample + 1) % len(v.c.G.Samples)
			v = v.anchorSample()
		case isKey(msg, "p"):
			v.sample = (v.sample + len(v.c.G.Samples) - 1) % len(v.c.G.Samples)
			v = v.anchorSample()
		}
	}
	return v, nil
}

// textEntry reports whether the search field has the keyboard.
func (v rawView) textEntry() bool { return v.searching }

// clearSearch forgets the search and cancels it when it is still running; it reports whether
// there was one.
func (v rawView) clearSearch() (rawView, bool) {
	had := v.search.query != "" || v.job != nil
	v.job.stop()
	v.search, v.status, v.job = rawSearch{}, "", nil
	return v, had
}

// stop cancels a search still running (the view closes).
func (v rawView) stop() rawView {
	v.job.stop()
	v.job = nil
	return v
}

func (v rawView) searchKey(k tea.KeyMsg) (rawView, tea.Cmd) {
	switch v.edit.key(k) {
	case editCancel:
		v.searching = false
	case editDone:
		v.searching = false
		if v.edit.blank() {
			v = v.stop()
			v.search = rawSearch{}
			break
		}
		v.search = newRawSearch(v.edit.String())
		return v.findFrom(false, true)
	}
	return v, nil
}

// findFrom starts a search in the background from the current match, or from the top line on
// screen (included when fresh: a new search may match what is already shown). A search still
// running is cancelled first.
func (v rawView) findFrom(back, fresh bool) (rawView, tea.Cmd) {
	v = v.stop()
	if len(v.lines) == 0 || v.err != nil {
		return v, nil
	}
	ref := v.lines[min(v.top, len(v.lines)-1)]
	from := ref.start
	if !fresh && v.search.line > 0 {
		from = v.search.start
		if !back {
			from++
		}
	} else if fresh && back {
		from = ref.end
	}
	var cmd tea.Cmd
	v.job, cmd = startSearch(v.f, v.search, ref, from, back)
	return v, cmd
}

// showFound moves to where a search landed.
func (v rawView) showFound(r found, back bool, err error) rawView {
	if err != nil {
		v.status = "search: cannot read the log: " + clean(err.Error())
		return v
	}
	if !r.ok {
		v.search.line = 0
		v.status = "no match for “" + clean(v.search.query) + "”"
		return v
	}
	num, ls := r.line, r.lineStart
	v.search.line, v.search.start = num, r.at
	if r.wrapped {
		if back {
			v.status = "wrapped: continued at the bottom"
		} else {
			v.status = "wrapped: continued at the top"
		}
	}
	// Show the match a third of the way down, scrolled sideways to it when it is far right.
	v = v.anchor(ls, num).fill()
	v.top = max(0, v.find(num)-v.bodyH()/3)
	v = v.fill()
	if i := v.find(num); i < len(v.lines) && v.lines[i].num == num {
		text := v.shown(v.lines[i])
		if j, n := indexFold(text, v.search.query, v.search.fold); j >= 0 {
			col := width(text[:j])
			room := max(1, v.w-v.gutterW()-3)
			v.xoff = 0
			if col+width(text[j:j+n]) > room {
				v.xoff = max(0, col-room/3)
			}
		}
	}
	return v
}

// shown is a line as the screen shows it: secrets masked, control characters made visible.
func (v rawView) shown(l rawLine) string {
	text := l.text
	if v.red != nil {
		text = v.red.String(text)
	}
	return clean(text)
}

func (v rawView) gutterW() int {
	return len(strconv.Itoa(max(v.span.EndLine, v.total, lastNum(v.lines))))
}

// up scrolls up n lines, reading earlier lines as needed.
func (v rawView) up(n int) rawView {
	for ; n > 0; n-- {
		if v.top == 0 {
			v = v.fill()
			if v.top == 0 {
				break
			}
		}
		v.top--
	}
	return v.fill()
}

func (v rawView) View() string {
	t := v.t
	// What just happened comes first: a long log name must not push it off the line.
	title := clean(v.name)
	if v.status != "" {
		title = v.status + " · " + title
	}
	if v.search.line > 0 {
		title = fmt.Sprintf("“%s” at line %d · ", clean(v.search.query), v.search.line) + title
	}
	if j := v.job; j != nil {
		title = fmt.Sprintf("searching “%s”… %s of %s (esc cancels) · ", clean(v.search.query), byteSize(j.scanned), byteSize(j.size)) + title
	}
	title += fmt.Sprintf(" · sample %d of %d · lines %d–%d", v.sample+1, len(v.c.G.Samples), v.span.Line, v.span.EndLine)
	out := []string{t.render(t.head, clip(title, v.w))}
	if v.err != nil {
		out = append(out, t.render(t.bad, clip("cannot read the log: "+clean(v.err.Error()), v.w)))
		return fitLines(out, v.h)
	}
	gw := v.gutterW()
	end := min(len(v.lines), v.top+v.bodyH())
	for _, l := range v.lines[min(v.top, end):end] {
		in := l.num >= v.span.Line && l.num <= v.span.EndLine
		gutter := padLeft(strconv.Itoa(l.num), gw)
		sep := " │ "
		if in {
			sep = " ▌ "
		}
		text := clip(skip(v.shown(l), v.xoff), max(0, v.w-gw-3))
		if l.num == v.search.line {
			sep = " » "
			if j, n := indexFold(text, v.search.query, v.search.fold); j >= 0 {
				text = text[:j] + t.render(t.match, text[j:j+n]) + text[j+n:]
			}
			out = append(out, t.render(t.match, gutter+sep)+text)
			continue
		}
		if in {
			out = append(out, t.render(t.hl, gutter+sep)+text)
		} else {
			out = append(out, t.render(t.dim, gutter+sep)+text)
		}
	}
	return fitLines(out, v.h)
}

func lastNum(ls []rawLine) int {
	if len(ls) == 0 {
		return 0
	}
	return ls[len(ls)-1].num
}
