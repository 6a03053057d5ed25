package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// readBothFrom is readBoth with the input read through wrap.
func readBothFrom(t testing.TB, name string, data []byte, opts parser.Options, wrap func(io.Reader) io.Reader) {
	t.Helper()
	run := func(careful bool) ([]parser.Event, parser.Stats, error) {
		var evs []parser.Event
		st, err := parse(wrap(bytes.NewReader(data)), opts, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }), careful)
		return evs, st, err
	}
	parsertest.SameRead(t, name, run)
}

// blockCassette is a generated cassette of about n bytes of the given layout with, after its
// first quarter, an interaction larger than a block (its body one line of big bytes), and after
// its middle a few interactions with Windows line endings and items without a key after the dash.
func blockCassette(t testing.TB, major, n, big int) []byte {
	var buf bytes.Buffer
	if _, err := loggen.GenerateCassette(&buf, loggen.ReportConfig{Seed: int64(major), Major: major, TargetBytes: int64(n)}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	at := bytes.Index(data[len(data)/4:], []byte("\n      string: \"")) + len(data)/4 + len("\n      string: \"")
	data = append(data[:at:at], append([]byte(strings.Repeat("x", big)), data[at:]...)...)
	mid := bytes.Index(data[len(data)/2:], []byte("\n- id:")) + len(data)/2 + 1
	end := mid + bytes.Index(data[mid+20000:], []byte("\n- id:")) + 20000 + 1
	crlf := bytes.ReplaceAll(data[mid:end], []byte("\n"), []byte("\r\n"))
	crlf = append(crlf, "-\n-\r\n- \n- x\n"...)
	return append(data[:mid:mid], append(crlf, data[end:]...)...)
}

// TestBlocksEqualCareful holds the block reader to the careful line reader where blocks are cut:
// inputs of several blocks with an interaction larger than a block, read in small and odd
// pieces, with errors and with data and the end of input together, short maximum line lengths,
// a byte-order mark and UTF-16.
func TestBlocksEqualCareful(t *testing.T) {
	boom := errors.New("boom")
	readers := map[string]func(io.Reader) io.Reader{
		"whole": func(r io.Reader) io.Reader { return r },
		"half":  iotest.HalfReader,
		"eof":   iotest.DataErrReader,
		"odd":   func(r io.Reader) io.Reader { return &oddReader{r: r} },
	}
	for _, major := range []int{3, 4} {
		data := blockCassette(t, major, 600<<10, 280<<10)
		for _, opts := range []parser.Options{{Name: "x"}, {Name: "x", MaxLine: 4096, MaxText: 256}, {Name: "x", MaxLine: 100 << 10}} {
			for rn, wrap := range readers {
				name := fmt.Sprintf("v%d %s MaxLine %d", major, rn, opts.MaxLine)
				readBothFrom(t, name, data, opts, wrap)
			}
			if opts.MaxLine != 0 {
				continue
			}
			for _, cut := range []int{len(data) / 3, len(data)/2 + 7, len(data) - 100} {
				readBothFrom(t, fmt.Sprintf("v%d error at %d", major, cut), data[:cut], opts, func(r io.Reader) io.Reader {
					return io.MultiReader(iotest.HalfReader(r), iotest.ErrReader(boom))
				})
			}
		}
		readBothFrom(t, fmt.Sprintf("v%d bom", major), append([]byte("\uFEFF"), data...), parser.Options{}, readers["whole"])
		readBothFrom(t, fmt.Sprintf("v%d no final newline", major), bytes.TrimRight(data, "\n"), parser.Options{}, readers["odd"])
		last := "  x: " + strings.Repeat("a", pieceSize-6) + "\r" // read in two pieces by parser.LineReader
		readBothFrom(t, fmt.Sprintf("v%d long final line", major), append(bytes.Clone(data), last...), parser.Options{MaxLine: 4096}, readers["whole"])
		small := data[:40<<10]
		u := utf16.Encode([]rune(string(small)))
		le := []byte{0xFF, 0xFE}
		for _, c := range u {
			le = append(le, byte(c), byte(c>>8))
		}
		readBothFrom(t, fmt.Sprintf("v%d utf-16", major), le, parser.Options{}, readers["whole"])
	}
}

// TestSourceLinesEqualLineReader holds source.next and lineText to parser.LineReader line by line,
// with lines around the reader's piece size, carriage returns where pieces end, and short maximum
// lengths.
func TestSourceLinesEqualLineReader(t *testing.T) {
	long := func(n int, end string) string { return strings.Repeat("a", n-len(end)) + end }
	inputs := map[string]string{
		"pieces":     long(pieceSize, "\n") + long(pieceSize+1, "\n") + long(pieceSize+1, "\r\n") + long(pieceSize+2, "\r\n") + "x\n",
		"cr-at-edge": long(pieceSize, "\r") + "\n" + long(2*pieceSize, "\r\r\n") + "- id: 1\n",
		"final":      "a\n" + long(pieceSize, ""),
		"final-cr":   "a\n" + long(pieceSize+3, "\r"),
		"short":      "a\r\nb\n\n\r\n-\n- \n",
		"empty":      "",
	}
	for name, in := range inputs {
		for _, maxLine := range []int{0, 100, pieceSize + 1} {
			for rn, wrap := range map[string]func(io.Reader) io.Reader{"whole": func(r io.Reader) io.Reader { return r }, "half": iotest.HalfReader, "eof": iotest.DataErrReader} {
				lr, err := parser.NewLineReader(wrap(strings.NewReader(in)), maxLine)
				if err != nil {
					t.Fatal(err)
				}
				s, _ := newSource(wrap(strings.NewReader(in)), maxLine, make([]byte, blockSize))
				for i := 0; ; i++ {
					var a, b parser.Line
					ea, eb := lr.Next(&a), s.next(&b)
					if fmt.Sprint(ea) != fmt.Sprint(eb) || a.Number != b.Number || a.Offset != b.Offset || a.End != b.End || a.Cut != b.Cut || !bytes.Equal(a.Text, b.Text) {
						t.Fatalf("%s, MaxLine %d, %s, line %d: LineReader %d %d-%d cut %d %q %v; source %d %d-%d cut %d %q %v", name, maxLine, rn, i,
							a.Number, a.Offset, a.End, a.Cut, short(a.Text), ea, b.Number, b.Offset, b.End, b.Cut, short(b.Text), eb)
					}
					if ea != nil {
						break
					}
					raw := []byte(in[a.Offset:a.End])
					if raw[len(raw)-1] != '\n' && len(raw) >= pieceSize {
						continue // read in lines: source.block does not hand it out
					}
					if text, cut := lineText(raw, lr.MaxLine()); !bytes.Equal(text, a.Text) || cut != a.Cut {
						t.Fatalf("%s, MaxLine %d, line %d: lineText gives %q cut %d, LineReader %q cut %d", name, maxLine, i, short(text), cut, short(a.Text), a.Cut)
					}
				}
				if lr.Stats() != s.stats() {
					t.Errorf("%s: stats %+v and %+v", name, lr.Stats(), s.stats())
				}
				lr.Close()
			}
		}
	}
}

func short(b []byte) string {
	if len(b) > 20 {
		return fmt.Sprintf("%s…%s (%d bytes)", b[:8], b[len(b)-8:], len(b))
	}
	return string(b)
}

// oddReader reads in pieces of 1, 7, 4096+3 and 70,000 bytes in turn.
type oddReader struct {
	r io.Reader
	i int
}

func (o *oddReader) Read(p []byte) (int, error) {
	sizes := []int{1, 7, 4099, 70000}
	n := min(len(p), sizes[o.i%len(sizes)])
	o.i++
	return o.r.Read(p[:n])
}

// TestPrintable holds printable to a byte loop at every place of a word of eight.
func TestPrintable(t *testing.T) {
	for n := range 20 {
		for i := range n {
			for _, c := range []byte{0, 0x1F, 0x20, 'a', 0x7E, 0x7F, 0x80, 0xFF} {
				b := bytes.Repeat([]byte{'x'}, n)
				b[i] = c
				want := c >= 0x20 && c <= 0x7E
				if got := printable(b); got != want {
					t.Errorf("printable(%q) = %v", b, got)
				}
			}
		}
	}
}
