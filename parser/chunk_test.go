package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// chunkLines runs the chunker over r and returns its lines.
func chunkLines(t *testing.T, r io.Reader, max int) []Line {
	t.Helper()
	c := &chunker{r: r, max: max}
	var norm normalizer
	norm.decided, norm.wrap = true, WrapNone
	var out []Line
	for {
		b := &batch{}
		if !c.fill(b, &norm) {
			break
		}
		sp := 0
		for i, bl := range b.lines {
			l := Line{Number: b.first + i, Offset: b.base + int64(bl.off), End: b.base + int64(bl.end),
				Text: bytes.Clone(b.buf[bl.start:bl.stop])}
			if sp < len(b.special) && b.special[sp].index == i {
				l.End, l.Cut = b.special[sp].end, b.special[sp].cut
				sp++
			}
			out = append(out, l)
		}
	}
	if c.err != nil {
		t.Fatal(c.err)
	}
	return out
}

// TestChunkerMatchesLineReader checks the zero-copy splitter against the simple line reader on
// inputs that cross buffer boundaries in every way, read in every kind of piece.
func TestChunkerMatchesLineReader(t *testing.T) {
	big := strings.Repeat("y", batchBytes+123)
	inputs := map[string]string{
		"plain":        "a\nbb\nccc\n",
		"no newline":   "a\nlast",
		"crlf":         "a\r\nb\r\n\r\nc",
		"empty lines":  "\n\n\n",
		"long line":    "start\n" + big + "\nend\n",
		"long last":    "start\n" + big,
		"many lines":   strings.Repeat("GET /api/x .   [ 50%]\n", 30000),
		"crlf at edge": strings.Repeat("x", batchBytes-1) + "\r\nnext\r\n",
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for name, in := range inputs {
		want, _ := readAll(t, []byte(in), 0)
		for rname, wrap := range readers {
			if rname == "one byte" && len(in) > 1<<16 {
				continue
			}
			t.Run(name+"/"+rname, func(t *testing.T) {
				got := chunkLines(t, wrap(strings.NewReader(in)), DefaultMaxLine)
				if len(got) != len(want) {
					t.Fatalf("%d lines, want %d", len(got), len(want))
				}
				for i := range got {
					g, w := got[i], want[i]
					if string(g.Text) != string(w.Text) || g.Number != w.Number || g.Offset != w.Offset || g.End != w.End {
						t.Fatalf("line %d = {%d %d %d %q}, want {%d %d %d %q}", i+1,
							g.Number, g.Offset, g.End, clip(string(g.Text), 20), w.Number, w.Offset, w.End, clip(string(w.Text), 20))
					}
				}
			})
		}
	}
}

func TestChunkerCapsLongLines(t *testing.T) {
	long := strings.Repeat("z", 3*batchBytes)
	in := "a\n" + long + "\nb\n" + long
	for _, max := range []int{1000, batchBytes + 5} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			got := chunkLines(t, iotest.HalfReader(strings.NewReader(in)), max)
			if len(got) != 4 {
				t.Fatalf("%d lines", len(got))
			}
			if len(got[1].Text) != max || got[1].Cut != int64(len(long)-max) {
				t.Errorf("long line kept %d, cut %d", len(got[1].Text), got[1].Cut)
			}
			if got[1].End != got[2].Offset || string(got[2].Text) != "b" || got[2].Number != 3 {
				t.Errorf("line after the long one: %+v (previous ends at %d)", got[2], got[1].End)
			}
			if got[3].End != int64(len(in)) || got[3].Cut != int64(len(long)-max) {
				t.Errorf("last long line: end %d cut %d", got[3].End, got[3].Cut)
			}
		})
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(header+"GET /a .  [100%]\n"), iotest.ErrReader(boom))
	var n int
	_, err := Parse(r, Options{Name: "job.log"}, HandlerFunc(func(Event) { n++ }))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "job.log:") {
		t.Fatalf("error = %v", err)
	}
	if n == 0 {
		t.Error("lines read before the error produced no events")
	}
}
